/*
** Name lookup: an open-addressing hash table from names to indices (symbols,
** equation labels), and edit distances for "did you mean ...?" hints.
*/
#include "model/model_internal.h"
#include "util/editdist.h"

#include <string.h>

/* FNV-1a: short keys, no adversarial concern that a seed would fix. */
static size_t hash(const char *s, size_t n) {
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

int mp_ntab_init(mparse *P, ntab *t, size_t n) {
    size_t cap = 16;
    while (cap < 2 * n + 1) cap <<= 1;     /* at most half full: short probes */
    t->keys = mp_alloc(P, P->arena, cap * sizeof *t->keys);
    t->vals = mp_alloc(P, P->arena, cap * sizeof *t->vals);
    if (!t->keys || !t->vals) return mp_nomem(P);
    t->mask = cap - 1;
    return PS_OK;
}

static int key_eq(const char *key, const char *s, size_t len) {
    return strncmp(key, s, len) == 0 && key[len] == '\0';
}

int mp_ntab_find(const ntab *t, const char *key, size_t len) {
    if (!t->keys) return -1;
    for (size_t i = hash(key, len) & t->mask; t->keys[i]; i = (i + 1) & t->mask)
        if (key_eq(t->keys[i], key, len)) return t->vals[i];
    return -1;
}

int mp_ntab_put(ntab *t, const char *key, int val) {
    size_t len = strlen(key);
    size_t i = hash(key, len) & t->mask;
    for (; t->keys[i]; i = (i + 1) & t->mask)
        if (key_eq(t->keys[i], key, len)) return t->vals[i];
    t->keys[i] = key;
    t->vals[i] = val;
    return -1;
}

const char *mp_nearest_n(const ps_model *m, const char *name, size_t len) {
    ps_nearest near;
    ps_nearest_init(&near, name, len);
    for (int i = 0; i < m->nsym; i++) ps_nearest_offer(&near, m->syms[i].name);
    return ps_nearest_best(&near);
}

int ps_model_find(const ps_model *m, const char *name) {
    if (!m || !name) return -1;
    const model_internal *mi = m->internal_;
    return mp_ntab_find(&mi->names, name, strlen(name));
}

const char *ps_model_nearest(const ps_model *m, const char *name) {
    if (!m || !name) return NULL;
    return mp_nearest_n(m, name, strlen(name));
}

int ps_model_series_sym(const ps_model *m, int slot) {
    if (!m || slot < 0 || slot >= m->nseries) return -1;
    const model_internal *mi = m->internal_;
    return mi->series_sym[slot];
}
