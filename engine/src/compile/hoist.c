/*
** Hoisting what a simultaneous block's Newton iterations do not change.
**
** Within one period, everything in G_i that does not read one of the block's
** own unknowns at lag 0 -- lags, exogenous series, variables of earlier
** blocks, parameters -- has the same value at every Newton iteration: in the
** Yangzhou block `log(revg(-1)) + rev0` or `log(pgdp / pgdp(-1))`, in a
** derivative `1 / x(-1)`.  Newton evaluates G three to six times a period, so
** such a part costs three to six logs where one would do.
**
** For each block, the largest such subtrees that contain a call into libm
** (log, exp, sqrt, pow) or a division become *invariants*: each is compiled
** as a code of its own, and in G_i (or the Jacobian entry) it is replaced by a
** load of an extra parameter slot, params[nparam + k].  The solver evaluates
** the block's G invariants once before Newton starts (one run, ginv) and its
** Jacobian invariants once before the first Jacobian of the period (jinv);
** grun and jrun, compiled from the rewritten trees, read them like
** parameters, so the VM needs nothing new.  Equal subtrees share a slot.
**
** The arithmetic is unchanged: the same operations on the same values, only
** done once, so the results are bit for bit those of the unhoisted codes,
** which stay in pb->g and pb->jcode for diagnosis.
*/
#include "compile/compile_int.h"
#include "util/alloc.h"
#include "analyse/expr.h"

#include <stdlib.h>
#include <string.h>

typedef struct inv_list {
    const ps_expr **e;          /* hoisted subtrees */
    uint64_t *hash;
    int *owner;                 /* block row (G) or Jacobian entry (J) */
    int n, cap;
} inv_list;

typedef struct hoister {
    ps_program *p;
    ps_arena *ar;
    const unsigned char *unknown;  /* per frame column: 1 for the block's unknowns */
    inv_list g, j;
    inv_list *cur;              /* list new invariants go to */
    int first;                  /* global invariant index of g.e[0] (j follows g) */
    int owner;
    int nomem;
} hoister;

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

static uint64_t hash_expr(const ps_expr *e) {
    if (!e) return 1;
    uint64_t h = mix(0, (uint64_t)e->op), bits;
    if (e->op == PS_E_NUM) {
        memcpy(&bits, &e->num, sizeof bits);
        return mix(h, bits);
    }
    if (e->op == PS_E_VAR) return mix(mix(h, (uint64_t)(uint32_t)e->sym), (uint64_t)(uint32_t)e->lag);
    return mix(mix(h, hash_expr(e->a)), hash_expr(e->b));
}

static int same_expr(const ps_expr *x, const ps_expr *y) {
    if (!x || !y) return x == y;
    if (x->op != y->op) return 0;
    if (x->op == PS_E_NUM) return memcmp(&x->num, &y->num, sizeof x->num) == 0;
    if (x->op == PS_E_VAR) return x->sym == y->sym && x->lag == y->lag;
    return same_expr(x->a, y->a) && same_expr(x->b, y->b);
}

/* Index of e in l, or -1. */
static int find(const inv_list *l, const ps_expr *e, uint64_t h) {
    for (int k = 0; k < l->n; k++)
        if (l->hash[k] == h && same_expr(l->e[k], e)) return k;
    return -1;
}

static int push(inv_list *l, const ps_expr *e, uint64_t h, int owner) {
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        const ps_expr **ne = ps_realloc(l->e, (size_t)cap * sizeof *ne);
        if (ne) l->e = ne;
        uint64_t *nh = ps_realloc(l->hash, (size_t)cap * sizeof *nh);
        if (nh) l->hash = nh;
        int *no = ps_realloc(l->owner, (size_t)cap * sizeof *no);
        if (no) l->owner = no;
        if (!ne || !nh || !no) return -1;
        l->cap = cap;
    }
    l->e[l->n] = e;
    l->hash[l->n] = h;
    l->owner[l->n] = owner;
    return l->n++;
}

/* The leaf that loads invariant k (global index): a variable whose symbol
** lies past the model's, which codegen reads as params[nparam + k]. */
static ps_expr *slot_leaf(hoister *h, int k) {
    ps_expr *v = ps_x_var(h->ar, h->p->model->nsym + k, 0);
    if (!v) h->nomem = 1;
    return v;
}

/* Replace e (invariant, worth it) by its slot, reusing an equal one. */
static ps_expr *hoist(hoister *h, const ps_expr *e) {
    uint64_t hs = hash_expr(e);
    int k = find(&h->g, e, hs);
    if (k >= 0) return slot_leaf(h, h->first + k);
    if (h->cur == &h->j && (k = find(&h->j, e, hs)) >= 0)
        return slot_leaf(h, h->first + h->g.n + k);
    k = push(h->cur, e, hs, h->owner);
    if (k < 0) {
        h->nomem = 1;
        return NULL;
    }
    /* J invariants are numbered after all of the block's G invariants: every
    ** G is rewritten before the first entry, so g.n is final by then. */
    return slot_leaf(h, h->first + (h->cur == &h->j ? h->g.n + k : k));
}

static int is_call(const ps_expr *e) {
    switch (e->op) {
    case PS_E_LOG: case PS_E_EXP: case PS_E_SQRT: case PS_E_DIV: case PS_E_NORMCDF: return 1;
    case PS_E_POW: return !ps_x_is(e->b, 2.0);  /* x^2 is x*x, no libm */
    default: return 0;
    }
}

/* Rewrite e: *dep = e reads an unknown at lag 0; *calls = e holds a call.
** Children that do not depend but hold a call are hoisted when e depends. */
static const ps_expr *lift(hoister *h, const ps_expr *e, int *dep, int *calls) {
    *dep = *calls = 0;
    if (!e || h->nomem) return e;
    if (e->op == PS_E_NUM) return e;
    if (e->op == PS_E_VAR) {
        const ps_symbol *s = &h->p->model->syms[e->sym];
        *dep = e->lag == 0 && s->kind != PS_SYM_PARAM && h->unknown[s->slot];
        return e;
    }
    int da = 0, ca = 0, db = 0, cb = 0;
    const ps_expr *a = lift(h, e->a, &da, &ca), *b = e->b ? lift(h, e->b, &db, &cb) : NULL;
    *dep = da || db;
    *calls = ca || cb || is_call(e);
    if (!*dep) return e;
    if (!da && ca && e->a->op != PS_E_VAR) a = hoist(h, e->a);
    if (e->b && !db && cb && e->b->op != PS_E_VAR) b = hoist(h, e->b);
    if (h->nomem) return NULL;
    if (a == e->a && b == e->b) return e;
    ps_expr *c = ps_arena_alloc(h->ar, sizeof *c);
    if (!c) {
        h->nomem = 1;
        return NULL;
    }
    *c = *e;
    c->a = (ps_expr *)a;
    c->b = (ps_expr *)b;
    return c;
}

/* The rewritten tree of a G or an entry; a whole entry that does not
** depend on the unknowns (d(0.5 y x(-1))/dy = 0.5 x(-1)) is one slot. */
static const ps_expr *rewrite(hoister *h, const ps_expr *e, int owner) {
    int dep, calls;
    h->owner = owner;
    const ps_expr *r = lift(h, e, &dep, &calls);
    if (!dep && calls && e->op != PS_E_VAR && e->op != PS_E_NUM) r = hoist(h, e);
    return r;
}

static void list_free(inv_list *l) {
    ps_free(l->e);
    ps_free(l->hash);
    ps_free(l->owner);
}

/* Compile trees e[0..n) and the run that stores tree k into slot first + k. */
static int compile_run(ps_program *p, const ps_expr *const *e, int n, int first,
                       ps_codeid *run, ps_error *err) {
    ps_codeid *codes = ps_malloc(((size_t)n + 1) * sizeof *codes);
    int *slot = ps_malloc(((size_t)n + 1) * sizeof *slot);
    int rc = codes && slot ? PS_OK
             : ps_error_set(err, PS_ERR_NOMEM, "out of memory while compiling the model");
    for (int k = 0; rc == PS_OK && k < n; k++) {
        rc = ps_program_add_expr(p, e[k], &codes[k], err);
        slot[k] = first + k;
    }
    if (rc == PS_OK) rc = ps_program_add_run(p, codes, slot, n, run, err);
    ps_free(codes);
    ps_free(slot);
    return rc;
}

/* The run of a list of invariants into slots first.. of params + nparam;
** *owners receives a copy of the list's owners (kept by the block). */
static int inv_run(ps_program *p, const inv_list *l, int first, ps_codeid *run, int **owners,
                   ps_error *err) {
    *owners = ps_malloc(((size_t)l->n + 1) * sizeof **owners);
    if (!*owners) return ps_error_set(err, PS_ERR_NOMEM, "out of memory while compiling the model");
    if (l->n > 0) memcpy(*owners, l->owner, (size_t)l->n * sizeof **owners);
    return compile_run(p, l->e, l->n, first, run, err);
}

/* The block's G and J trees rewritten (arrays of pb->n and pb->njac). */
static int rewrite_block(hoister *h, const ps_analysis *a, int b, const ps_expr **g,
                         const ps_expr **j) {
    const ps_pblock *pb = &h->p->blocks[b];
    h->cur = &h->g;
    for (int i = 0; i < pb->n && !h->nomem; i++) g[i] = rewrite(h, a->normal[pb->eq[i]], i);
    h->cur = &h->j;
    for (int k = 0; k < pb->njac && !h->nomem; k++) j[k] = rewrite(h, a->blocks[b].jac[k].d, k);
    return h->nomem ? PS_ERR_NOMEM : PS_OK;
}

int ps_hoist_block(ps_program *p, const ps_analysis *a, int b, struct ps_arena *ar,
                   unsigned char *unknown, ps_error *err) {
    ps_pblock *pb = &p->blocks[b];
    hoister h = {p, ar, unknown, {0}, {0}, NULL, p->ninv, 0, 0};
    const ps_expr **g = ps_malloc(((size_t)pb->n + 1) * sizeof *g);
    const ps_expr **j = ps_malloc(((size_t)pb->njac + 1) * sizeof *j);
    for (int i = 0; i < pb->n; i++) unknown[pb->col[i]] = 1;
    int rc = g && j ? rewrite_block(&h, a, b, g, j) : PS_ERR_NOMEM;
    for (int i = 0; i < pb->n; i++) unknown[pb->col[i]] = 0;
    if (rc != PS_OK) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory while compiling the model");
    if (rc == PS_OK && h.g.n + h.j.n > 0) {
        pb->nginv = h.g.n;
        pb->njinv = h.j.n;
        pb->inv_first = h.first;
        p->ninv += h.g.n + h.j.n;               /* codegen accepts these slots now */
        rc = inv_run(p, &h.g, h.first, &pb->ginv, &pb->ginv_row, err);
        if (rc == PS_OK) rc = inv_run(p, &h.j, h.first + h.g.n, &pb->jinv, &pb->jinv_entry, err);
        if (rc == PS_OK) rc = compile_run(p, g, pb->n, 0, &pb->grun, err);
        if (rc == PS_OK) rc = compile_run(p, j, pb->njac, 0, &pb->jrun, err);
    }
    list_free(&h.g);
    list_free(&h.j);
    ps_free(g);
    ps_free(j);
    return rc;
}
