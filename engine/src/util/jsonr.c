#include "util/jsonr.h"
#include "util/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ps_jr_bad(ps_jr *j, const char *fmt, ...) {
    char msg[PS_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ps_error_at(j->err, j->file, 0, 0);
    return ps_error_set(j->err, PS_ERR_DATA, "%s", msg);
}

int ps_jr_nomem(ps_jr *j) {
    return ps_error_set(j->err, PS_ERR_NOMEM, "out of memory reading '%s'", j->file);
}

const char *ps_jr_path(char *buf, size_t n, const char *where, const char *key) {
    snprintf(buf, n, "%s%s%s", where, where[0] ? "." : "", key);
    return buf;
}

int ps_jr_str(ps_jr *j, const cJSON *o, const char *where, const char *key, char **out) {
    char p[256];
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
    ps_jr_path(p, sizeof p, where, key);
    if (!s) return ps_jr_bad(j, "%s: missing (expected a string)", p);
    if (!cJSON_IsString(s)) return ps_jr_bad(j, "%s: expected a string", p);
    size_t n = strlen(s->valuestring) + 1;
    ps_free(*out);
    if (!(*out = ps_malloc(n))) return ps_jr_nomem(j);
    memcpy(*out, s->valuestring, n);
    return PS_OK;
}
