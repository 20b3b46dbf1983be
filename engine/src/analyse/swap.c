/*
** ps_model_swap (swap.h): re-match equations to unknowns after targets and
** instruments trade places, and rewrite the equations that change unknown.
**
** The matching starts from the model's own (each equation determines its
** variable), frees the targets' equations and looks for one augmenting path
** from each: equation E uses unknown u at lag 0; if u is a free instrument
** the path ends, else it continues from the equation u is matched to.
** Flipping the path gives E an unknown and moves every equation on it by
** one step, so each target costs one graph search, linear in the size of the
** model, and equations off the paths keep their variable (and their cheap
** explicit form).  The search is iterative: a path may be as long as the
** model.
*/
#include "analyse/analyse_int.h"
#include "util/alloc.h"
#include "analyse/swap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct swapmodel {
    ps_model m;                 /* first: the public pointer is &sm->m */
    ps_arena *ar;               /* syms, eqs and rewritten right sides */
} swapmodel;

void ps_model_swap_free(ps_model *m) {
    if (!m) return;
    swapmodel *sm = (swapmodel *)m;
    ps_arena_free(sm->ar);
    ps_free(sm);
}

/* Lag-0 series of each normal form, as CSR (one entry per symbol and row). */
typedef struct uses {
    int *start;
    ps_intvec sym;
} uses;

static int collect(const ps_model *m, const ps_expr *e, uses *u, int *mark, int row) {
    if (e->op == PS_E_VAR) {
        if (e->lag != 0 || m->syms[e->sym].kind == PS_SYM_PARAM || mark[e->sym] == row)
            return PS_OK;
        mark[e->sym] = row;
        return ps_intvec_push(&u->sym, e->sym);
    }
    int arity = ps_op_arity(e->op), rc = PS_OK;
    if (arity >= 1) rc = collect(m, e->a, u, mark, row);
    if (rc == PS_OK && arity == 2) rc = collect(m, e->b, u, mark, row);
    return rc;
}

/* Working state of the matching.  eq_of[sym]: equation matched to an
** unknown (-1: free); var_of[eq]: unknown matched to an equation (-1). */
typedef struct matcher {
    const ps_model *m;
    uses u;
    unsigned char *unknown;     /* per symbol */
    int *eq_of, *var_of;
    int *seen;                  /* per symbol: last search that reached it */
    int *stk_eq, *stk_pos, *stk_sym;    /* the current path, neq deep at most */
} matcher;

/* One augmenting path from free equation e0 (search number `stamp`). */
static int augment(matcher *c, int e0, int stamp) {
    int depth = 0;
    c->stk_eq[0] = e0;
    c->stk_pos[0] = c->u.start[e0];
    while (depth >= 0) {
        int e = c->stk_eq[depth];
        if (c->stk_pos[depth] == c->u.start[e + 1]) {
            depth--;
            continue;
        }
        int s = c->u.sym.v[c->stk_pos[depth]++];
        if (!c->unknown[s] || c->seen[s] == stamp) continue;
        c->seen[s] = stamp;
        c->stk_sym[depth] = s;
        if (c->eq_of[s] < 0) {          /* free: flip the path */
            for (int i = depth; i >= 0; i--) {
                c->eq_of[c->stk_sym[i]] = c->stk_eq[i];
                c->var_of[c->stk_eq[i]] = c->stk_sym[i];
            }
            return 1;
        }
        depth++;
        c->stk_eq[depth] = c->eq_of[s];
        c->stk_pos[depth] = c->u.start[c->eq_of[s]];
    }
    return 0;
}

static int singular(const ps_model *m, const int *targets, const int *instruments, int k,
                    int bad, const char *when, ps_error *err) {
    char list[512];
    size_t off = 0;
    list[0] = '\0';
    for (int i = 0; i < k && off < sizeof list; i++) {
        int n = snprintf(list + off, sizeof list - off, "%s'%s'",
                         i == 0 ? "" : i == k - 1 ? " and " : ", ", m->syms[instruments[i]].name);
        if (n > 0) off += (size_t)n;
    }
    const ps_symbol *t = &m->syms[targets[bad]];
    ps_error_context(err, m->eqs[t->equation].label, t->name, NULL);
    if (k == 1)
        return ps_error_set(err, PS_ERR_SOLVE,
                            "instrument %s cannot move target '%s'%s%s: no equation of the "
                            "same period links them ('%s' [%s] does not depend on it, directly "
                            "or through other variables of that period); choose an instrument "
                            "that enters the target's equations without a lag",
                            list, t->name, when ? " " : "", when ? when : "", t->name,
                            m->eqs[t->equation].label);
    return ps_error_set(err, PS_ERR_SOLVE,
                        "instruments %s cannot move target '%s'%s%s independently of the "
                        "other targets: the swapped system is structurally singular (the "
                        "instruments reach fewer targets than there are); choose instruments "
                        "that enter each target's equations within the period",
                        list, t->name, when ? " " : "", when ? when : "");
}

static int check_args(const ps_model *m, const int *targets, const int *instruments, int k,
                      ps_error *err) {
    for (int i = 0; i < k; i++) {
        int t = targets[i], x = instruments[i];
        if (t < 0 || t >= m->nsym || m->syms[t].kind != PS_SYM_ENDO)
            return ps_error_set(err, PS_ERR_USAGE, "ps_model_swap: target %d is not an "
                                "endogenous symbol", t);
        if (x < 0 || x >= m->nsym ||
            (m->syms[x].kind != PS_SYM_EXO && m->syms[x].kind != PS_SYM_ADDFACTOR))
            return ps_error_set(err, PS_ERR_USAGE, "ps_model_swap: instrument %d is not an "
                                "exogenous series or add-factor", x);
        for (int j = 0; j < i; j++)
            if (targets[j] == t || instruments[j] == x)
                return ps_error_set(err, PS_ERR_USAGE, "ps_model_swap: '%s' is given twice",
                                    m->syms[targets[j] == t ? t : x].name);
    }
    return PS_OK;
}

static int match(matcher *c, const ps_analysis *a, const int *targets, const int *instruments,
                 int k, const char *when, ps_error *err) {
    const ps_model *m = c->m;
    int *mark = c->seen;        /* borrowed for the incidence pass */
    for (int s = 0; s < m->nsym; s++) mark[s] = -1;
    for (int e = 0; e < m->neq; e++) {
        c->u.start[e] = (int)c->u.sym.n;
        if (collect(m, a->normal[e], &c->u, mark, e)) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    c->u.start[m->neq] = (int)c->u.sym.n;
    for (int s = 0; s < m->nsym; s++) {
        c->seen[s] = -1;
        c->eq_of[s] = -1;
        c->unknown[s] = m->syms[s].kind == PS_SYM_ENDO;
    }
    for (int e = 0; e < m->neq; e++) {
        c->var_of[e] = m->eqs[e].var;
        c->eq_of[m->eqs[e].var] = e;
    }
    for (int i = 0; i < k; i++) {
        c->unknown[targets[i]] = 0;
        c->eq_of[targets[i]] = -1;
        c->var_of[m->syms[targets[i]].equation] = -1;
        c->unknown[instruments[i]] = 1;
    }
    for (int i = 0; i < k; i++)
        if (!augment(c, m->syms[targets[i]].equation, i))
            return singular(m, targets, instruments, k, i, when, err);
    return PS_OK;
}

/* The swapped model's tables: symbols with their new kinds and equations,
** equations with their new unknowns (rewritten where it changed, or where
** the equation's add-factor became an unknown). */
static int build(const matcher *c, const ps_analysis *a, const int *targets, int k,
                 swapmodel *sm) {
    const ps_model *m = c->m;
    ps_model *w = &sm->m;
    *w = *m;
    w->syms = ps_arena_alloc(sm->ar, sizeof *w->syms * (size_t)(m->nsym ? m->nsym : 1));
    w->eqs = ps_arena_alloc(sm->ar, sizeof *w->eqs * (size_t)(m->neq ? m->neq : 1));
    if (!w->syms || !w->eqs) return PS_ERR_NOMEM;
    memcpy(w->syms, m->syms, sizeof *w->syms * (size_t)m->nsym);
    memcpy(w->eqs, m->eqs, sizeof *w->eqs * (size_t)m->neq);
    for (int i = 0; i < k; i++) {
        w->syms[targets[i]].kind = PS_SYM_EXO;
        w->syms[targets[i]].equation = -1;
    }
    for (int s = 0; s < m->nsym; s++)
        if (c->unknown[s]) {
            w->syms[s].kind = PS_SYM_ENDO;
            w->syms[s].equation = c->eq_of[s];
        }
    for (int e = 0; e < m->neq; e++) {
        ps_equation *q = &w->eqs[e];
        int u = c->var_of[e], own = m->eqs[e].var;
        int af_unknown = q->addfactor >= 0 && c->unknown[q->addfactor];
        if (u == own && !af_unknown) continue;
        ps_expr *rhs = a->normal[e];
        if (u != own)
            rhs = ps_x_binary(sm->ar, PS_E_ADD, ps_x_var(sm->ar, u, 0),
                              ps_x_binary(sm->ar, PS_E_SUB, rhs, ps_x_var(sm->ar, own, 0), NULL),
                              NULL);
        if (!rhs) return PS_ERR_NOMEM;
        q->rhs = rhs;
        q->var = u;
        q->identity = 1;
        q->lhs = PS_LHS_LEVEL;
        q->addfactor = -1;
    }
    return PS_OK;
}

int ps_model_swap(const ps_model *m, const ps_analysis *a, const int *targets,
                  const int *instruments, int k, const char *when, ps_model **out,
                  ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_model_swap: out must not be NULL");
    *out = NULL;
    if (!m || !a || a->neq != m->neq || k < 0 || (k > 0 && (!targets || !instruments)))
        return ps_error_set(err, PS_ERR_USAGE, "ps_model_swap: a model, its analysis and k "
                            "targets and instruments are required");
    int rc = check_args(m, targets, instruments, k, err);
    if (rc) return rc;
    size_t ns = (size_t)m->nsym + 1, ne = (size_t)m->neq + 1;
    matcher c = {.m = m};
    c.u.start = ps_malloc(ne * sizeof(int));
    c.unknown = ps_malloc(ns);
    c.eq_of = ps_malloc(ns * sizeof(int));
    c.seen = ps_malloc(ns * sizeof(int));
    c.var_of = ps_malloc(ne * sizeof(int));
    c.stk_eq = ps_malloc(ne * sizeof(int));
    c.stk_pos = ps_malloc(ne * sizeof(int));
    c.stk_sym = ps_malloc(ne * sizeof(int));
    swapmodel *sm = ps_calloc(1, sizeof *sm);
    if (sm) sm->ar = ps_arena_new();
    if (!c.u.start || !c.unknown || !c.eq_of || !c.seen || !c.var_of || !c.stk_eq ||
        !c.stk_pos || !c.stk_sym || !sm || !sm->ar)
        rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory swapping targets and instruments");
    if (!rc) rc = match(&c, a, targets, instruments, k, when, err);
    if (!rc && build(&c, a, targets, k, sm))
        rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory swapping targets and instruments");
    ps_free(c.u.start);
    ps_free(c.u.sym.v);
    ps_free(c.unknown);
    ps_free(c.eq_of);
    ps_free(c.seen);
    ps_free(c.var_of);
    ps_free(c.stk_eq);
    ps_free(c.stk_pos);
    ps_free(c.stk_sym);
    if (rc) {
        if (sm) ps_model_swap_free(&sm->m);
        return rc;
    }
    *out = &sm->m;
    return PS_OK;
}
