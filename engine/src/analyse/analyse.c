/*
** ps_analyse: normal forms -> contemporaneous incidence -> Tarjan blocks ->
** Jacobian entries of the simultaneous blocks.
**
** Everything the analysis keeps lives in one arena (freed as a whole); the
** incidence lists and marks are temporaries.  Each stage touches each
** expression node a bounded number of times, so the whole is linear in the
** size of the model: the block structure of a 100,000-equation model costs a
** few tree walks, not a dense matrix.
*/
#include "analyse/analyse_int.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ps_intvec_push(ps_intvec *x, int val) {
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 256;
        int *v = ps_realloc(x->v, cap * sizeof *v);
        if (!v) return PS_ERR_NOMEM;
        x->v = v;
        x->cap = cap;
    }
    x->v[x->n++] = val;
    return PS_OK;
}

typedef struct actx {
    const ps_model *m;
    ps_analysis *an;
    ps_arena *ar;
    int *mark;                  /* per equation: last row (+ pass offset) that saw it */
    int *pos;                   /* per equation: position within its block */
    ps_intvec list;                /* scratch: the current row's variables */
} actx;

/* Append to c->list each equation whose variable e uses at lag 0, once per
** marker; with block >= 0 only those of that block, as block positions. */
static int collect(actx *c, const ps_expr *e, int marker, int block) {
    if (e->op == PS_E_VAR) {
        const ps_symbol *s = &c->m->syms[e->sym];
        if (e->lag != 0 || s->kind != PS_SYM_ENDO || c->mark[s->equation] == marker)
            return PS_OK;
        int j = s->equation;
        if (block >= 0 && c->an->block_of[j] != block) return PS_OK;
        c->mark[j] = marker;
        return ps_intvec_push(&c->list, block >= 0 ? c->pos[j] : j);
    }
    int arity = ps_op_arity(e->op), rc = PS_OK;
    if (arity >= 1) rc = collect(c, e->a, marker, block);
    if (rc == PS_OK && arity == 2) rc = collect(c, e->b, marker, block);
    return rc;
}

static int check_symbols(const ps_model *m, ps_error *err) {
    for (int s = 0; s < m->nsym; s++) {
        const ps_symbol *y = &m->syms[s];
        if (y->kind != PS_SYM_ENDO) continue;
        if (y->equation < 0 || y->equation >= m->neq || m->eqs[y->equation].var != s)
            return ps_error_set(err, PS_ERR_USAGE, "endogenous variable %s is not determined by "
                                "any equation of the model (its equation index is %d)",
                                y->name ? y->name : "?", y->equation);
    }
    return PS_OK;
}

/* Successor lists in CSR form: row i lists the equations G_i uses at lag 0. */
static int incidence(actx *c, int *start) {
    c->list.n = 0;
    for (int i = 0; i < c->m->neq; i++) {
        start[i] = (int)c->list.n;
        if (collect(c, c->an->normal[i], i, -1) != PS_OK) return PS_ERR_NOMEM;
    }
    start[c->m->neq] = (int)c->list.n;
    return PS_OK;
}

static int self_loop(const int *start, const int *adj, int i) {
    for (int k = start[i]; k < start[i + 1]; k++)
        if (adj[k] == i) return 1;
    return 0;
}

/* Group equations by component (already in dependency order), keeping model
** order inside a block, and classify each block. */
static int group(actx *c, int nblocks, const int *start, const int *adj) {
    ps_analysis *an = c->an;
    int neq = c->m->neq;
    an->nblocks = nblocks;
    an->blocks = ps_arena_alloc(c->ar, (size_t)nblocks * sizeof *an->blocks);
    int *pool = ps_arena_alloc(c->ar, (size_t)neq * sizeof *pool);
    if (!an->blocks || !pool) return PS_ERR_NOMEM;
    for (int i = 0; i < neq; i++) an->blocks[an->block_of[i]].n++;
    for (int b = 0, off = 0; b < nblocks; b++) {
        an->blocks[b].eqs = pool + off;
        off += an->blocks[b].n;
        an->blocks[b].n = 0;
    }
    for (int i = 0; i < neq; i++) {
        ps_block *bl = &an->blocks[an->block_of[i]];
        c->pos[i] = bl->n;
        bl->eqs[bl->n++] = i;
    }
    for (int b = 0; b < nblocks; b++) {
        ps_block *bl = &an->blocks[b];
        int simult = bl->n > 1 || self_loop(start, adj, bl->eqs[0]);
        bl->kind = simult ? PS_BLOCK_SIMULTANEOUS : PS_BLOCK_EXPLICIT;
        if (simult) {
            an->nsimultaneous++;
            an->simultaneous_eqs += bl->n;
        }
        if (bl->n > an->largest_block) an->largest_block = bl->n;
    }
    return PS_OK;
}

static int blocks(actx *c, ps_error *err) {
    int neq = c->m->neq;
    int *start = ps_malloc(((size_t)neq + 1) * sizeof *start);
    c->an->block_of = ps_arena_alloc(c->ar, (size_t)neq * sizeof(int));
    int rc = (start && c->an->block_of) ? incidence(c, start) : PS_ERR_NOMEM;
    if (rc == PS_OK) {
        int ncomp = ps_tarjan(neq, start, c->list.v, c->an->block_of);
        rc = ncomp < 0 ? PS_ERR_NOMEM : group(c, ncomp, start, c->list.v);
    }
    ps_free(start);
    if (rc != PS_OK) ps_error_set(err, rc, "out of memory while ordering the equations into blocks");
    return rc;
}

static int cmp_int(const void *x, const void *y) {
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* The non-zero dG_row/dy_col of one simultaneous block, row-major. */
static int jacobian(actx *c, int b) {
    ps_block *bl = &c->an->blocks[b];
    size_t first = c->list.n, bound = 0;
    for (int k = 0; k < bl->n; k++) {       /* candidate columns of every row */
        size_t row_start = c->list.n;
        if (collect(c, c->an->normal[bl->eqs[k]], c->m->neq + bl->eqs[k], b) != PS_OK)
            return PS_ERR_NOMEM;
        qsort(c->list.v + row_start, c->list.n - row_start, sizeof(int), cmp_int);
        if (ps_intvec_push(&c->list, -1) != PS_OK) return PS_ERR_NOMEM;     /* row end */
        bound += c->list.n - row_start - 1;
    }
    bl->jac = ps_arena_alloc(c->ar, bound * sizeof *bl->jac);
    if (!bl->jac) return PS_ERR_NOMEM;
    size_t at = first;
    for (int k = 0; k < bl->n; k++) {
        const ps_expr *g = c->an->normal[bl->eqs[k]];
        for (; c->list.v[at] >= 0; at++) {
            int col = c->list.v[at];
            int sym = c->m->eqs[bl->eqs[col]].var;
            ps_expr *d = ps_expr_derive_simplified(c->ar, g, sym, 0);
            if (!d) return PS_ERR_NOMEM;
            if (ps_x_is(d, 0)) continue;    /* cancelled: not a structural non-zero */
            bl->jac[bl->njac++] = (ps_jac_entry){k, col, d};
        }
        at++;
    }
    return PS_OK;
}

static int jacobians(actx *c, ps_error *err) {
    for (int i = 0; i < c->m->neq; i++) c->mark[i] = -1;
    for (int b = 0; b < c->an->nblocks; b++) {
        if (c->an->blocks[b].kind != PS_BLOCK_SIMULTANEOUS) continue;
        c->list.n = 0;
        if (jacobian(c, b) != PS_OK)
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory while differentiating "
                                "block %d (%d equations)", b, c->an->blocks[b].n);
    }
    return PS_OK;
}

static int run(actx *c, ps_error *err) {
    int neq = c->m->neq;
    c->an->normal = ps_arena_alloc(c->ar, (size_t)neq * sizeof *c->an->normal);
    c->mark = ps_malloc((size_t)neq * sizeof *c->mark);
    c->pos = ps_malloc((size_t)neq * sizeof *c->pos);
    if ((neq > 0 && (!c->mark || !c->pos)) || !c->an->normal)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory while analysing the model");
    int rc = ps_analyse_normalise(c->m, c->ar, c->an->normal, err);
    if (rc == PS_OK) rc = check_symbols(c->m, err);
    if (rc != PS_OK) return rc;
    for (int i = 0; i < neq; i++) c->mark[i] = -1;
    rc = blocks(c, err);
    return rc == PS_OK ? jacobians(c, err) : rc;
}

int ps_analyse(const ps_model *m, ps_analysis **out, ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_analyse: `out` must not be NULL");
    *out = NULL;
    if (!m || m->neq < 0 || (m->neq > 0 && !m->eqs) || (m->nsym > 0 && !m->syms))
        return ps_error_set(err, PS_ERR_USAGE, "ps_analyse: no model given (parse one first)");
    ps_arena *ar = ps_arena_new();
    ps_analysis *an = ar ? ps_arena_alloc(ar, sizeof *an) : NULL;
    if (!an) {
        ps_arena_free(ar);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory while analysing the model");
    }
    an->internal_ = ar;
    an->neq = m->neq;
    actx c = {.m = m, .an = an, .ar = ar};
    int rc = run(&c, err);
    ps_free(c.mark);
    ps_free(c.pos);
    ps_free(c.list.v);
    if (rc != PS_OK) {
        ps_analysis_free(an);
        return rc;
    }
    *out = an;
    return PS_OK;
}

void ps_analysis_free(ps_analysis *a) {
    if (a) ps_arena_free(a->internal_);
}
