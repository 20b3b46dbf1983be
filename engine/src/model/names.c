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

static int same_ignoring_case(const char *a, const char *b, size_t nb) {
    size_t i = 0;
    for (; i < nb && a[i]; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return i == nb && a[i] == '\0';
}

const char *mp_nearest_n(const ps_model *m, const char *name, size_t len) {
    const model_internal *mi = m->internal_;
    int exact = mp_ntab_find(&mi->names, name, len);
    if (exact >= 0) return m->syms[exact].name;
    const char *best = NULL;
    int bestd = 3;
    /* GDP for gdp is three edits but obviously meant: check case first */
    for (int i = 0; i < m->nsym; i++)
        if (same_ignoring_case(m->syms[i].name, name, len)) return m->syms[i].name;
    for (int i = 0; i < m->nsym && bestd > 0; i++) {
        const char *s = m->syms[i].name;
        int d = ps_edit_distance(name, len, s, strlen(s), 2);
        if (d < bestd) {
            bestd = d;
            best = s;
        }
    }
    return best;
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
