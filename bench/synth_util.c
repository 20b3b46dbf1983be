/*
** Generator helpers: arena, text buffer, number format.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "synth_int.h"

#define SY_CHUNK (1u << 20)

typedef struct sy_chunk {
    struct sy_chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} sy_chunk;

struct sy_arena {
    sy_chunk *head;
};

sy_arena *sy_arena_new(void)
{
    return calloc(1, sizeof(sy_arena));
}

void sy_arena_free(sy_arena *a)
{
    if (!a)
        return;
    for (sy_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *sy_arena_alloc(sy_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    sy_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > SY_CHUNK ? n : SY_CHUNK;
        c = malloc(sizeof(sy_chunk) + cap);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

static int sy_buf_reserve(sy_buf *b, size_t extra)
{
    if (b->failed)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->failed = 1;
        return 0;
    }
    b->s = s;
    b->cap = cap;
    return 1;
}

void sy_buf_puts(sy_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (!sy_buf_reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

void sy_buf_printf(sy_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        sy_buf_puts(b, small);
        return;
    }
    if (!sy_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Exponent notation is avoided because it is the part of a number grammar a
** young parser is most likely to get wrong; fixed notation is unambiguous. */
void sy_fmt_num(double x, char *buf, size_t n)
{
    snprintf(buf, n, "%.10g", x);
    if (!strchr(buf, 'e'))
        return;
    int e = (int)floor(log10(fabs(x)));
    int dec = 9 - e;
    if (dec < 0)
        dec = 0;
    if (dec > 40)
        dec = 40;
    snprintf(buf, n, "%.*f", dec, x);
    if (strchr(buf, '.')) {
        size_t len = strlen(buf);
        while (len > 0 && buf[len - 1] == '0')
            buf[--len] = '\0';
        if (len > 0 && buf[len - 1] == '.')
            buf[--len] = '\0';
    }
}

double sy_round(double x)
{
    char buf[64];
    sy_fmt_num(x, buf, sizeof buf);
    return strtod(buf, NULL);
}

void synth_hash(const char *text, size_t len, char hex[17])
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 0x100000001b3ull;
    }
    snprintf(hex, 17, "%016llx", (unsigned long long)h);
}
