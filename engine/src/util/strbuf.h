/*
** Internal: a growable string for rendering tables, JSON and reports.
** Out of memory is sticky: later appends do nothing and ps_sb_done reports it,
** so renderers check once at the end instead of after every append.
*/
#ifndef PS_UTIL_STRBUF_H
#define PS_UTIL_STRBUF_H

#include <stddef.h>

typedef struct ps_sb {
    char *buf;
    size_t len, cap;
    int oom;
} ps_sb;

void ps_sb_init(ps_sb *sb);
void ps_sb_free(ps_sb *sb);
void ps_sb_append(ps_sb *sb, const char *s, size_t n);
void ps_sb_puts(ps_sb *sb, const char *s);
void ps_sb_printf(ps_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string over (*out, caller frees); returns 0, or -1 when out of
** memory (nothing is handed over and the buffer is freed). */
int ps_sb_done(ps_sb *sb, char **out, size_t *len);

#endif
