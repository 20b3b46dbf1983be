#include "polsim/error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy_str(char *dst, size_t n, const char *src) {
    if (!src) src = "";
    size_t len = strlen(src);
    if (len >= n) len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

void ps_error_clear(ps_error *err) {
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->residual = NAN;
}

int ps_error_set(ps_error *err, int code, const char *fmt, ...) {
    if (!err) return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void ps_error_at(ps_error *err, const char *file, int line, int col) {
    if (!err) return;
    copy_str(err->file, sizeof err->file, file);
    err->line = line;
    err->col = col;
}

void ps_error_context(ps_error *err, const char *equation, const char *variable,
                      const char *period) {
    if (!err) return;
    if (equation) copy_str(err->equation, sizeof err->equation, equation);
    if (variable) copy_str(err->variable, sizeof err->variable, variable);
    if (period) copy_str(err->period, sizeof err->period, period);
}

char *ps_error_format(const ps_error *err, char *buf, size_t n) {
    if (!buf || n == 0) return buf;
    buf[0] = '\0';
    if (!err) return buf;
    size_t off = 0;
#define PUT(...)                                                          \
    do {                                                                  \
        if (off < n) {                                                    \
            int k_ = snprintf(buf + off, n - off, __VA_ARGS__);           \
            if (k_ > 0) off += (size_t)k_;                                \
        }                                                                 \
    } while (0)
    /* A message that already starts with its place (Lua's "file:line: ...")
    ** is not prefixed a second time. */
    size_t fl = strlen(err->file);
    int placed = fl > 0 && strncmp(err->message, err->file, fl) == 0 && err->message[fl] == ':';
    if (err->file[0] && !placed) {
        PUT("%s", err->file);
        if (err->line > 0) PUT(":%d", err->line);
        if (err->col > 0) PUT(":%d", err->col);
        PUT(": ");
    }
    if (placed) PUT("%s", err->message);
    else PUT("error: %s", err->message[0] ? err->message : ps_status_name(err->code));
    int ctx = err->equation[0] || err->variable[0] || err->period[0];
    if (ctx) {
        const char *sep = " (";
        if (err->equation[0]) { PUT("%sequation [%s]", sep, err->equation); sep = ", "; }
        if (err->variable[0]) { PUT("%svariable %s", sep, err->variable); sep = ", "; }
        if (err->period[0]) { PUT("%speriod %s", sep, err->period); sep = ", "; }
        if (!isnan(err->residual)) PUT("%sresidual %.6g", sep, err->residual);
        PUT(")");
    }
#undef PUT
    return buf;
}

const char *ps_status_name(int code) {
    switch (code) {
    case PS_OK: return "ok";
    case PS_ERR_USAGE: return "usage error";
    case PS_ERR_IO: return "input/output error";
    case PS_ERR_NOMEM: return "out of memory";
    case PS_ERR_SYNTAX: return "syntax error";
    case PS_ERR_SEMANTIC: return "model error";
    case PS_ERR_UNSUPPORTED: return "not supported";
    case PS_ERR_DATA: return "data error";
    case PS_ERR_SOLVE: return "solver failure";
    case PS_ERR_DOMAIN: return "numerical domain error";
    case PS_ERR_SCRIPT: return "script error";
    case PS_ERR_LIMIT: return "limit exceeded";
    case PS_ERR_INTERNAL: return "internal error";
    default: return "unknown error";
    }
}
