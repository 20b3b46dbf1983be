/*
** Lowering: raw trees -> ps_expr.  Names are resolved to symbols, and the
** lag helpers are expanded by copying their argument one period back:
**
**   diff(e) = e - e(-1)          pct(e) = 100 * (e / e(-1) - 1)
**
** where e(-1) is e with every series' lag shifted by -1 (parameters and
** numbers unchanged).  The copy is made by lowering the same raw tree again
** with a shift, so nested helpers (diff(pct(x))) need no special case.
*/
#include "model/model_internal.h"

#include <stdio.h>

#define Q 96

typedef struct lower_ctx {
    mparse *P;
    ps_model *m;
} lower_ctx;

static ps_expr *node(lower_ctx *L, ps_op op, ps_srcpos pos) {
    ps_expr *e = mp_alloc(L->P, L->P->arena, sizeof *e);
    if (!e) {
        mp_nomem(L->P);
        return NULL;
    }
    e->op = op;
    e->sym = -1;
    e->pos = pos;
    return e;
}

static ps_expr *number(lower_ctx *L, double v, ps_srcpos pos) {
    ps_expr *e = node(L, PS_E_NUM, pos);
    if (e) e->num = v;
    return e;
}

static ps_expr *binary(lower_ctx *L, ps_op op, ps_srcpos pos, ps_expr *a, ps_expr *b) {
    if (!a || !b) return NULL;
    ps_expr *e = node(L, op, pos);
    if (!e) return NULL;
    e->a = a;
    e->b = b;
    return e;
}

static ps_expr *lower_name(lower_ctx *L, const rnode *r, int shift) {
    mparse *P = L->P;
    const model_internal *mi = L->m->internal_;
    char q[Q];
    int sym = mp_ntab_find(&mi->names, P->src + r->off, r->nlen);
    if (sym < 0) {
        mp_undeclared(P, L->m, r, "");
        return NULL;
    }
    const ps_symbol *s = &L->m->syms[sym];
    if (s->kind == PS_SYM_PARAM && r->lag != 0) {
        mp_fail(P, PS_ERR_SEMANTIC, r->pos, "parameter %s cannot take a lag: a parameter is "
                "a constant, so write '%s', or declare '%s' exogenous if it changes over time",
                mp_quote(P, r->off, r->end, q, sizeof q), s->name, s->name);
        return NULL;
    }
    int lag = s->kind == PS_SYM_PARAM ? 0 : r->lag + shift;
    if (-lag > PS_MODEL_MAX_LAG) {
        mp_fail(P, PS_ERR_LIMIT, r->pos, "'%s' reaches back %d periods once diff and pct are "
                "expanded; the limit is %d", s->name, -lag, PS_MODEL_MAX_LAG);
        return NULL;
    }
    if (lag > PS_MODEL_MAX_LAG) {
        mp_fail(P, PS_ERR_LIMIT, r->pos, "'%s' reaches ahead %d periods; the limit is %d",
                s->name, lag, PS_MODEL_MAX_LAG);
        return NULL;
    }
    ps_expr *e = node(L, PS_E_VAR, r->pos);
    if (!e) return NULL;
    e->sym = sym;
    e->lag = lag;
    if (-lag > L->m->maxlag) L->m->maxlag = -lag;
    if (lag > L->m->maxlead) L->m->maxlead = lag;
    return e;
}

static ps_expr *lower(lower_ctx *L, const rnode *r, int shift);

static ps_expr *lower_lagfn(lower_ctx *L, const rnode *r, int shift) {
    ps_expr *now = lower(L, r->a, shift);
    ps_expr *before = now ? lower(L, r->a, shift - 1) : NULL;
    if (r->kind == R_DIFF) return binary(L, PS_E_SUB, r->pos, now, before);
    ps_expr *ratio = binary(L, PS_E_DIV, r->pos, now, before);
    ps_expr *growth = ratio ? binary(L, PS_E_SUB, r->pos, ratio, number(L, 1, r->pos)) : NULL;
    return growth ? binary(L, PS_E_MUL, r->pos, number(L, 100, r->pos), growth) : NULL;
}

static ps_expr *lower(lower_ctx *L, const rnode *r, int shift) {
    switch (r->kind) {
    case R_NUM: return number(L, r->num, r->pos);
    case R_NAME: return lower_name(L, r, shift);
    case R_DIFF:
    case R_PCT: return lower_lagfn(L, r, shift);
    case R_OP: break;
    }
    ps_expr *a = lower(L, r->a, shift);
    if (!a) return NULL;
    if (!r->b) {
        ps_expr *e = node(L, r->op, r->pos);
        if (e) e->a = a;
        return e;
    }
    return binary(L, r->op, r->pos, a, lower(L, r->b, shift));
}

static int depth(const ps_expr *e) {
    if (!e) return 0;
    int a = depth(e->a), b = depth(e->b);
    return 1 + (a > b ? a : b);
}

int mp_lower_equation(mparse *P, ps_model *m, const req *q, int eq) {
    lower_ctx L = { P, m };
    ps_expr *rhs = lower(&L, q->rhs, 0);
    if (!rhs) return P->status;
    /* pct adds three levels per nesting: the written tree passed the limit,
    ** the expanded one must too, so that later stages may recurse */
    if (depth(rhs) > PS_MODEL_MAX_DEPTH)
        return mp_fail(P, PS_ERR_LIMIT, q->rpos, "the right side of equation [%s] is nested "
                       "more than %d levels deep once diff and pct are expanded; split it "
                       "with auxiliary identities", m->eqs[eq].label, PS_MODEL_MAX_DEPTH);
    m->eqs[eq].rhs = rhs;
    return PS_OK;
}
