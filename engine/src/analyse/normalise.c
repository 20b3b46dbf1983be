/*
** Normalisation: every equation becomes y = G(...), the add-factor inside G.
**
**   level  y = rhs + y_a             log   y = exp(rhs + y_a)
**   diff   y = y(-1) + rhs + y_a     pct   y = y(-1) * (1 + (rhs + y_a) / 100)
**
** One form for every equation lets the solver treat all of them alike: an
** explicit equation is one evaluation of G, a simultaneous one has the
** residual y - G.  The checks here guard the recursion of later stages and
** catch a malformed hand-built IR (the parser's output always passes).
*/
#include "analyse/analyse_int.h"

#include <stdio.h>

static int fail_eq(const ps_model *m, int i, ps_error *err, int code, const char *what) {
    const ps_equation *q = &m->eqs[i];
    ps_error_set(err, code, "equation [%s]: %s", q->label ? q->label : "?", what);
    ps_error_at(err, m->path, q->pos.line, q->pos.col);
    ps_error_context(err, q->label, NULL, NULL);
    return code;
}

static int check_vars(const ps_model *m, int i, const ps_expr *e, ps_error *err) {
    char msg[300];
    if (e->op == PS_E_VAR) {
        if (e->sym < 0 || e->sym >= m->nsym) {
            snprintf(msg, sizeof msg, "symbol index %d is out of range (the model has %d symbols)",
                     e->sym, m->nsym);
            return fail_eq(m, i, err, PS_ERR_USAGE, msg);
        }
        return PS_OK;
    }
    int arity = ps_op_arity(e->op);
    if (arity == 0) return PS_OK;
    if (!e->a || (arity == 2 && !e->b))
        return fail_eq(m, i, err, PS_ERR_USAGE, "an operator is missing an operand");
    int rc = check_vars(m, i, e->a, err);
    if (rc == PS_OK && arity == 2) rc = check_vars(m, i, e->b, err);
    return rc;
}

static int check_equation(const ps_model *m, int i, ps_error *err) {
    const ps_equation *q = &m->eqs[i];
    if (q->var < 0 || q->var >= m->nsym || m->syms[q->var].kind != PS_SYM_ENDO
        || m->syms[q->var].equation != i)
        return fail_eq(m, i, err, PS_ERR_USAGE,
                       "its variable is not an endogenous symbol determined by it");
    if (q->addfactor >= m->nsym
        || (q->addfactor >= 0 && m->syms[q->addfactor].kind != PS_SYM_ADDFACTOR))
        return fail_eq(m, i, err, PS_ERR_USAGE, "its add-factor is not an add-factor symbol");
    if (!q->rhs) return fail_eq(m, i, err, PS_ERR_USAGE, "it has no right side");
    if ((int)q->lhs < PS_LHS_LEVEL || q->lhs > PS_LHS_PCT)
        return fail_eq(m, i, err, PS_ERR_USAGE, "its left-side transform is unknown");
    int depth = ps_expr_depth(q->rhs, PS_ANALYSE_MAX_DEPTH);
    if (depth > PS_ANALYSE_MAX_DEPTH) {
        char msg[200];
        snprintf(msg, sizeof msg, "the right side is nested more than %d levels deep; "
                 "split it into several identities", PS_ANALYSE_MAX_DEPTH);
        return fail_eq(m, i, err, PS_ERR_LIMIT, msg);
    }
    return check_vars(m, i, q->rhs, err);
}

/* G for equation i, simplified; NULL when out of memory. */
static ps_expr *normal_form(ps_arena *ar, const ps_equation *q) {
    ps_expr *g = ps_expr_simplify(ar, q->rhs);
    if (q->addfactor >= 0) g = ps_x_binary(ar, PS_E_ADD, g, ps_x_var(ar, q->addfactor, 0), NULL);
    switch (q->lhs) {
    case PS_LHS_LOG:
        return ps_x_unary(ar, PS_E_EXP, g, NULL);
    case PS_LHS_DIFF:
        return ps_x_binary(ar, PS_E_ADD, ps_x_var(ar, q->var, -1), g, NULL);
    case PS_LHS_PCT: {
        ps_expr *rate = ps_x_binary(ar, PS_E_DIV, g, ps_x_num(ar, 100.0), NULL);
        ps_expr *factor = ps_x_binary(ar, PS_E_ADD, ps_x_num(ar, 1.0), rate, NULL);
        return ps_x_binary(ar, PS_E_MUL, ps_x_var(ar, q->var, -1), factor, NULL);
    }
    default:
        return g;
    }
}

int ps_analyse_normalise(const ps_model *m, ps_arena *ar, ps_expr **normal, ps_error *err) {
    for (int i = 0; i < m->neq; i++) {
        int rc = check_equation(m, i, err);
        if (rc != PS_OK) return rc;
        normal[i] = normal_form(ar, &m->eqs[i]);
        if (!normal[i]) return fail_eq(m, i, err, PS_ERR_NOMEM, "out of memory while normalising");
    }
    return PS_OK;
}
