/*
** Internal: a bump allocator.  Parsers and the symbolic differentiator make
** many small nodes that all die together; an arena frees them in one call and
** makes the out-of-memory path a single NULL check.
*/
#ifndef PS_UTIL_ARENA_H
#define PS_UTIL_ARENA_H

#include <stddef.h>

typedef struct ps_arena ps_arena;

ps_arena *ps_arena_new(void);
void ps_arena_free(ps_arena *a);               /* NULL-safe */
void *ps_arena_alloc(ps_arena *a, size_t n);   /* zeroed, 16-aligned; NULL on OOM */
char *ps_arena_strdup(ps_arena *a, const char *s);
char *ps_arena_strndup(ps_arena *a, const char *s, size_t n);
size_t ps_arena_used(const ps_arena *a);       /* bytes handed out, for benches */

#endif
