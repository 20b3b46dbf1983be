/*
** polsim error record and status codes.
**
** Every library function that can fail returns an int status (PS_OK == 0) and,
** when it fails, fills a caller-owned ps_error.  Library code never prints,
** exits or aborts: the caller decides what to show.  A ps_error holds no heap
** memory, so it needs no cleanup and may live on the stack.  It is the one
** public type that is not opaque: embedders declare it, so its layout is part
** of the ABI (a change to it changes the SONAME's major version).
**
** Ownership rule of the whole library (kept in every header):
**   - An object returned through an `out` pointer by ps_X_new/_parse/_read/
**     _load/_compile is owned by the caller and released with the matching
**     ps_X_free, which accepts NULL.  (ps_X_new makes an object; ps_X_alloc
**     names only byte allocators, such as an arena's.)
**   - Pointers returned by accessors borrow from the object they came from and
**     stay valid until that object is freed or modified.
**   - Strings passed in are copied when they must outlive the call.
*/
#ifndef POLSIM_ERROR_H
#define POLSIM_ERROR_H

#include <stddef.h>

/* PS_API marks the functions of the public API (the headers installed under
** include/polsim/).  libpolsim.so is built with -fvisibility=hidden, so these
** and nothing else are exported; the library's internal functions keep their
** ps_ names but are not part of the ABI. */
#if defined(__GNUC__) || defined(__clang__)
#define PS_API __attribute__((visibility("default")))
#else
#define PS_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_status {
    PS_OK = 0,
    PS_ERR_USAGE,     /* bad argument from the caller (API misuse, bad CLI flag) */
    PS_ERR_IO,        /* file could not be read or written */
    PS_ERR_NOMEM,     /* allocation failed */
    PS_ERR_SYNTAX,    /* model file: lexical or grammatical error */
    PS_ERR_SEMANTIC,  /* model file: undeclared name, duplicate, ... */
    PS_ERR_UNSUPPORTED, /* valid input that this version cannot handle (leads) */
    PS_ERR_DATA,      /* CSV/JSON data: malformed row, unknown column, bad number */
    PS_ERR_SOLVE,     /* solver: no convergence, singular Jacobian */
    PS_ERR_DOMAIN,    /* solver: NaN/Inf, log of a non-positive number, ... */
    PS_ERR_SCRIPT,    /* Lua script error (syntax, runtime, budget) */
    PS_ERR_LIMIT,     /* a resource cap was hit (memory, instructions, size) */
    PS_ERR_INTERNAL   /* a bug in polsim: please report it */
} ps_status;

#define PS_ERR_MSG_MAX 1024

typedef struct ps_error {
    int code;                       /* a ps_status; PS_OK when clear */
    char message[PS_ERR_MSG_MAX];   /* what was wrong and what would be right */
    char file[512];                 /* source file, "" when not applicable */
    int line, col;                  /* 1-based; 0 when not applicable */
    char equation[128];             /* equation label, "" when not applicable */
    char variable[128];             /* variable name, "" when not applicable */
    char period[32];                /* period label, "" when not applicable */
    double residual;                /* solver residual, NaN when not applicable */
} ps_error;

/* Reset to "no error".  NULL-safe. */
PS_API void ps_error_clear(ps_error *err);

/* Set code and printf-style message; keeps location fields already set.
** Returns `code` so callers can write `return ps_error_set(err, ...)`.
** NULL-safe (returns code). */
PS_API int ps_error_set(ps_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Set the source location (file may be NULL). NULL-safe. */
PS_API void ps_error_at(ps_error *err, const char *file, int line, int col);

/* Set the solver context. Any string may be NULL. NULL-safe. */
PS_API void ps_error_context(ps_error *err, const char *equation, const char *variable,
                      const char *period);

/* Human-readable one-line-or-more rendering:
**   "file:line:col: error: message"  or
**   "error: message (equation E, variable V, period P, residual R)".
** Writes at most n bytes including the NUL; returns buf. */
PS_API char *ps_error_format(const ps_error *err, char *buf, size_t n);

/* Short name of a status ("syntax error", "solver failure", ...). */
PS_API const char *ps_status_name(int code);

#ifdef __cplusplus
}
#endif
#endif
