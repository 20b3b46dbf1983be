/*
** Steady states and the saddle-path count (steady.h).  The static model is
** one system of all equations over a one-row frame (stk_int.h with H = 1);
** the dynamic derivatives for the eigenvalue count are a second system whose
** Jacobian run is evaluated on a frame of identical rows.
*/
#include "solve/steady.h"
#include "util/alloc.h"
#include "solve/stk_int.h"
#include "analyse/expr.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* |lambda| within this of 1 is a unit root (Dynare's qz_criterium, 1 + 1e-6). */
#define BK_UNIT_TOL 1e-6

struct ps_steady {
    const ps_model *m;
    stk_ctx c;
    const ps_analysis *a;
    stk_sys stat;               /* static model: all equations, lag 0 */
    stk_ctx dc;                 /* dynamic derivatives (built by ps_steady_bk) */
    stk_sys dyn;                /* every lag and lead of every endogenous variable */
    int dyn_built;
    double *row;                /* one-row frame of the static solve */
    int L, F;
};

/* e with every series read at lag 0. */
static ps_expr *flatten(ps_arena *ar, const ps_expr *e) {
    if (!e) return NULL;
    if (e->op == PS_E_VAR) return ps_x_var(ar, e->sym, 0);
    if (e->op == PS_E_NUM) return ps_x_num(ar, e->num);
    ps_expr *a = flatten(ar, e->a);
    if (ps_op_arity(e->op) == 1) return ps_x_unary(ar, e->op, a, NULL);
    return ps_x_binary(ar, e->op, a, flatten(ar, e->b), NULL);
}

/* Entries dG_i/dy_j(l) of every equation i for every endogenous j (local
** index = its equation) and l in [lo, hi] that g[i] reads. */
static int derive_all(const ps_model *m, const ps_expr *const *g, int lo, int hi, ps_arena *ar,
                      stk_entries *E) {
    int rc = PS_OK;
    for (int i = 0; rc == PS_OK && i < m->neq; i++) {
        stk_pairs P = {NULL, 0, 0};
        rc = stk_collect(m, g[i], &P);
        for (size_t k = 0; rc == PS_OK && k < P.n; k += 2) {
            int sym = P.v[k], l = P.v[k + 1];
            if (l < lo || l > hi) continue;
            ps_expr *d = ps_expr_derive(ar, g[i], sym, l);
            if (!d) rc = PS_ERR_NOMEM;
            else if (!ps_x_is(d, 0.0)) rc = stk_entries_push(E, i, m->syms[sym].equation, l, d);
        }
        ps_free(P.v);
    }
    return rc;
}

/* Compile one system of all equations with right sides g[] and their
** entries for lags lo..hi into a context of its own. */
static int build_system(const ps_model *m, const ps_expr *const *g, int lo, int hi,
                        ps_arena *ar, stk_ctx *c, stk_sys *sys, ps_error *err) {
    int neq = m->neq;
    int *eqs = ps_malloc(sizeof(int) * (size_t)(neq + 1));
    stk_entries E = {0};
    int rc = eqs ? stk_ctx_init(c, m, err) : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; rc == PS_OK && i < neq; i++) eqs[i] = i;
    if (rc == PS_OK && derive_all(m, g, lo, hi, ar, &E) != PS_OK)
        rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (rc == PS_OK) {
        sys->n = neq;
        sys->eq = eqs;          /* copied by the compiler */
        rc = stk_sys_compile(c, sys, g, E.n, E.row, E.col, E.lag, E.d, err);
        if (sys->eq == eqs) sys->eq = NULL;
    }
    if (rc == PS_OK) rc = stk_ctx_finish(c, err);
    ps_free(eqs);
    stk_entries_free(&E);
    return rc;
}

int ps_steady_new(const ps_model *m, const ps_analysis *a, ps_steady **out, ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_steady_new: out must not be NULL");
    *out = NULL;
    if (!m || !a || a->neq != m->neq)
        return ps_error_set(err, PS_ERR_USAGE, "ps_steady_new: a model and its analysis "
                            "are required");
    gsl_set_error_handler_off();
    ps_steady *s = ps_calloc(1, sizeof *s);
    if (!s) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    s->m = m;
    s->a = a;
    s->L = m->maxlag;
    s->F = m->maxlead;
    ps_arena *ar = ps_arena_new();
    const ps_expr **g = ps_calloc((size_t)m->neq + 1, sizeof *g);
    s->row = ps_malloc(sizeof(double) * (size_t)(m->nseries + 1));
    int rc = ar && g && s->row ? PS_OK : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; rc == PS_OK && i < m->neq; i++)
        if (!(g[i] = flatten(ar, a->normal[i])))
            rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (rc == PS_OK) rc = build_system(m, g, 0, 0, ar, &s->c, &s->stat, err);
    ps_free(g);
    ps_arena_free(ar);
    if (rc != PS_OK) {
        ps_steady_free(s);
        return rc;
    }
    *out = s;
    return PS_OK;
}

/* The dynamic derivatives, compiled at the first saddle-path check: the
** terminal steady states of the stacked solver never need them. */
static int build_dynamic(ps_steady *s, ps_error *err) {
    if (s->dyn_built) return PS_OK;
    ps_arena *ar = ps_arena_new();
    int rc = ar ? build_system(s->m, (const ps_expr *const *)s->a->normal, -s->L, s->F, ar,
                               &s->dc, &s->dyn, err)
                : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    ps_arena_free(ar);
    s->dyn_built = rc == PS_OK;
    if (rc != PS_OK) {          /* clean, so that a later call may try again */
        stk_sys_free(&s->dc, &s->dyn);
        stk_ctx_free(&s->dc);
    }
    return rc;
}

void ps_steady_free(ps_steady *s) {
    if (!s) return;
    stk_sys_free(&s->c, &s->stat);
    stk_sys_free(&s->dc, &s->dyn);
    stk_ctx_free(&s->c);
    stk_ctx_free(&s->dc);
    ps_free(s->row);
    ps_free(s);
}

/* The one-row frame: add-factors missing count as 0, endogenous as 1. */
static void load_row(ps_steady *s, const double *row) {
    const ps_model *m = s->m;
    memcpy(s->row, row, sizeof(double) * (size_t)m->nseries);
    for (int k = 0; k < m->nsym; k++) {
        const ps_symbol *y = &m->syms[k];
        if (y->kind == PS_SYM_PARAM || isfinite(s->row[y->slot])) continue;
        if (y->kind == PS_SYM_ADDFACTOR) s->row[y->slot] = 0.0;
        if (y->kind == PS_SYM_ENDO) s->row[y->slot] = 1.0;
    }
}

int ps_steady_solve(ps_steady *s, double *row, const double *params, double tol, int max_iter,
                    ps_steady_report *rep, ps_error *err) {
    if (!s || !row || !params)
        return ps_error_set(err, PS_ERR_USAGE, "ps_steady_solve: workspace, row and "
                            "parameters are required");
    ps_steady_report dummy;
    if (!rep) rep = &dummy;
    memset(rep, 0, sizeof *rep);
    rep->worst_eq = -1;
    load_row(s, row);
    stk_solve_opts o = {tol > 0 ? tol : 1e-10, max_iter > 0 ? max_iter : 50, 10};
    stk_where wh = {0, PS_FREQ_ANNUAL, 1};
    stk_stats st = {0, 0, 0};
    stk_sys_new_run(&s->stat);
    int rc = s->m->neq ? stk_sys_solve(&s->c, &s->stat, s->row, 0, 1, 0, params, &o, &wh, &st,
                                       err)
                       : PS_OK;
    rep->iterations = (int)st.iterations;
    if (rc != PS_OK) return rc;
    /* the residuals at the solution itself (the solve's last ones are from
    ** before its final, tiny correction), into the system's buffer */
    double *res = s->stat.r;
    if (s->m->neq) ps_steady_residuals(s, s->row, params, res);
    for (int i = 0; i < s->m->neq; i++) {
        double v = fabs(res[i]) / (1 + fabs(s->row[s->stat.col[i]]));
        if (v >= rep->max_residual) rep->max_residual = v, rep->worst_eq = i;
    }
    for (int k = 0; k < s->m->nsym; k++)
        if (s->m->syms[k].kind == PS_SYM_ENDO) row[s->m->syms[k].slot] = s->row[s->m->syms[k].slot];
    return PS_OK;
}

void ps_steady_residuals(ps_steady *s, const double *row, const double *params, double *res) {
    if (s->row != row) load_row(s, row);
    for (int i = 0; i < s->m->neq; i++) {
        double g = ps_vm_eval(s->c.prog, s->stat.gcode[i], s->row, params, s->c.stack);
        double v = s->row[s->stat.col[i]] - g;
        res[i] = isfinite(v) ? v : NAN;
    }
}

/* ---- the saddle-path count ---- */

int ps_steady_bk(ps_steady *s, const double *row, const double *params, ps_bk *bk,
                 ps_error *err) {
    memset(bk, 0, sizeof *bk);
    const ps_model *m = s->m;
    int n = m->neq, L = s->L, F = s->F, nb = L + F;
    bk->dim = n * nb;
    bk->required = n * F;
    if (F == 0) {
        snprintf(bk->note, sizeof bk->note, "no leads: nothing to check");
        return PS_OK;
    }
    if (bk->dim > PS_BK_MAX_DIM) {
        snprintf(bk->note, sizeof bk->note, "not checked: the companion form has %d rows "
                 "(limit %d)", bk->dim, PS_BK_MAX_DIM);
        return PS_OK;
    }
    if (build_dynamic(s, err) != PS_OK) return err ? err->code : PS_ERR_NOMEM;
    /* a frame of L + F + 1 identical rows; the derivatives at its middle row */
    int nv = m->nseries, rows = L + F + 1;
    double *fr = ps_malloc(sizeof(double) * (size_t)nv * (size_t)rows);
    double *Al = ps_calloc((size_t)(nb + 1) * (size_t)n * (size_t)n, sizeof(double));
    gsl_matrix *A = gsl_matrix_calloc((size_t)bk->dim, (size_t)bk->dim);
    gsl_matrix *B = gsl_matrix_calloc((size_t)bk->dim, (size_t)bk->dim);
    gsl_vector_complex *alpha = gsl_vector_complex_alloc((size_t)bk->dim);
    gsl_vector *beta = gsl_vector_alloc((size_t)bk->dim);
    gsl_eigen_gen_workspace *w = gsl_eigen_gen_alloc((size_t)bk->dim);
    int rc = PS_OK;
    if (!fr || !Al || !A || !B || !alpha || !beta || !w) {
        rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory for the saddle-path check");
        goto done;
    }
    load_row(s, row);
    for (int r = 0; r < rows; r++) memcpy(fr + (size_t)r * nv, s->row, sizeof(double) * (size_t)nv);
    const double *mid = fr + (size_t)L * nv;
    if (s->dyn.njac) ps_vm_run(s->dc.prog, s->dyn.jrun, mid, params, s->dc.stack, s->dc.jbuf);
    /* A_l (l = -L..F, block l + L): I at l = 0 minus dG/dy(l) */
    for (int i = 0; i < n; i++) Al[((size_t)L * n + i) * n + i] = 1.0;
    for (int k = 0; k < s->dyn.njac; k++) {
        double v = s->dc.jbuf[k];
        if (!isfinite(v)) {
            snprintf(bk->note, sizeof bk->note, "not checked: a derivative of equation [%s] "
                     "is not finite at the steady state", m->eqs[s->dyn.jrow[k]].label);
            goto done;
        }
        Al[((size_t)(s->dyn.jlag[k] + L) * n + s->dyn.jrow[k]) * n + s->dyn.jcol[k]] -= v;
    }
    /* B x_{t+1} = A x_t, x_t = (y_{t-L}, ..., y_{t+F-1}) */
    for (int b = 0; b + 1 < nb; b++)
        for (int i = 0; i < n; i++) {
            gsl_matrix_set(B, (size_t)(b * n + i), (size_t)(b * n + i), 1.0);
            gsl_matrix_set(A, (size_t)(b * n + i), (size_t)((b + 1) * n + i), 1.0);
        }
    size_t last = (size_t)(nb - 1) * n;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            gsl_matrix_set(B, last + i, last + j, Al[((size_t)(F + L) * n + i) * n + j]);
            for (int l = -L; l < F; l++)
                gsl_matrix_set(A, last + i, (size_t)(l + L) * n + j,
                               -Al[((size_t)(l + L) * n + i) * n + j]);
        }
    if (gsl_eigen_gen(A, B, alpha, beta, w) != GSL_SUCCESS) {
        snprintf(bk->note, sizeof bk->note, "not checked: the QZ iteration did not converge");
        goto done;
    }
    for (int k = 0; k < bk->dim; k++) {
        gsl_complex al = gsl_vector_complex_get(alpha, (size_t)k);
        double a = hypot(GSL_REAL(al), GSL_IMAG(al)), b = fabs(gsl_vector_get(beta, (size_t)k));
        if (a < 1e-13 && b < 1e-13) {
            snprintf(bk->note, sizeof bk->note, "not checked: the linearised model is "
                     "singular (some combination of variables is determined by no equation)");
            goto done;
        }
        if (a > (1 + BK_UNIT_TOL) * b) bk->explosive++;
        else if (a >= (1 - BK_UNIT_TOL) * b) bk->unit++;
    }
    bk->checked = 1;
    bk->ok = bk->explosive == bk->required && bk->unit == 0;
    if (bk->ok)
        snprintf(bk->note, sizeof bk->note, "saddle path: %d explosive eigenvalues for %d "
                 "forward components", bk->explosive, bk->required);
    else if (bk->unit)
        snprintf(bk->note, sizeof bk->note, "%d eigenvalue(s) on the unit circle: the "
                 "steady state is not unique or not stable", bk->unit);
    else if (bk->explosive > bk->required)
        snprintf(bk->note, sizeof bk->note, "%d explosive eigenvalues for %d forward "
                 "components: no stable solution (explosive)", bk->explosive, bk->required);
    else
        snprintf(bk->note, sizeof bk->note, "%d explosive eigenvalues for %d forward "
                 "components: many stable solutions (indeterminate)", bk->explosive,
                 bk->required);
done:
    ps_free(fr);
    ps_free(Al);
    gsl_matrix_free(A);
    gsl_matrix_free(B);
    gsl_vector_complex_free(alpha);
    gsl_vector_free(beta);
    gsl_eigen_gen_free(w);
    return rc;
}
