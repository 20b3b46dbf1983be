#include "util/strbuf.h"
#include "util/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ps_sb_init(ps_sb *sb) {
    memset(sb, 0, sizeof *sb);
}

void ps_sb_free(ps_sb *sb) {
    ps_free(sb->buf);
    ps_sb_init(sb);
}

static int reserve(ps_sb *sb, size_t extra) {
    if (sb->oom) return -1;
    if (sb->len + extra + 1 <= sb->cap) return 0;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1) cap *= 2;
    char *n = ps_realloc(sb->buf, cap);
    if (!n) {
        sb->oom = 1;
        return -1;
    }
    sb->buf = n;
    sb->cap = cap;
    return 0;
}

void ps_sb_append(ps_sb *sb, const char *s, size_t n) {
    if (reserve(sb, n)) return;
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void ps_sb_puts(ps_sb *sb, const char *s) {
    ps_sb_append(sb, s, strlen(s));
}

void ps_sb_printf(ps_sb *sb, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        ps_sb_append(sb, small, (size_t)n);
        return;
    }
    if (reserve(sb, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

int ps_sb_done(ps_sb *sb, char **out, size_t *len) {
    if (sb->oom || reserve(sb, 0)) {
        ps_sb_free(sb);
        *out = NULL;
        return -1;
    }
    sb->buf[sb->len] = '\0'; /* an empty buffer was never terminated */
    *out = sb->buf;
    if (len) *len = sb->len;
    ps_sb_init(sb);
    return 0;
}
