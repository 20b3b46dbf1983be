#include "util/arena.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Chunks grow geometrically so a model of 100k equations needs few mallocs. */
typedef struct chunk {
    struct chunk *next;
    size_t cap, used;
    _Alignas(16) unsigned char mem[];
} chunk;

struct ps_arena {
    chunk *head;
    size_t total;
};

ps_arena *ps_arena_new(void) {
    return ps_calloc(1, sizeof(ps_arena));
}

void ps_arena_free(ps_arena *a) {
    if (!a) return;
    chunk *c = a->head;
    while (c) {
        chunk *n = c->next;
        ps_free(c);
        c = n;
    }
    ps_free(a);
}

void *ps_arena_alloc(ps_arena *a, size_t n) {
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0) n = 16;
    chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = c ? c->cap * 2 : 4096;
        if (cap > (size_t)1 << 24) cap = (size_t)1 << 24;
        if (cap < n) cap = n;
        chunk *nc = ps_malloc(sizeof(chunk) + cap);
        if (!nc) return NULL;
        nc->next = c;
        nc->cap = cap;
        nc->used = 0;
        a->head = nc;
        c = nc;
    }
    void *p = c->mem + c->used;
    c->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *ps_arena_strndup(ps_arena *a, const char *s, size_t n) {
    char *d = ps_arena_alloc(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ps_arena_strdup(ps_arena *a, const char *s) {
    return ps_arena_strndup(a, s, strlen(s));
}

size_t ps_arena_used(const ps_arena *a) {
    return a ? a->total : 0;
}
