/*
** Damped Newton for one simultaneous block:  r(y) = y - G(y) = 0.
**
** The unknowns live in the frame row itself (the VM reads them there), and
** s->y mirrors them.  Each iteration: Jacobian values, J d = r, then a line
** search on the weighted 2-norm  sum_i (r_i / (1 + |y_i|))^2  with weights
** fixed at the start of the iteration, halving the step until that norm
** falls.  Convergence: every |r_i| <= tol * (1 + |y_i|), and, once an
** iteration has been taken, the correction the kept factors would still
** make, J^-1 r, is as small (correction_small).
**
** With opts.reuse_jacobian, an iteration first tries the full step with the
** factors the block kept from an earlier iteration or period (simplified
** Newton: no Jacobian evaluation, no factorisation) and falls back to the
** fresh damped step above only when that trial does not cut the norm by
** PS_SOLVE_REUSE_RATE.  Most periods of a slowly moving model then need no
** new Jacobian at all.
*/
#include "solve/solve_int.h"

#include <math.h>
#include <stdio.h>

/* r_i = y_i - G_i(y) at the current row.  Returns -1, or the first row
** whose G is not finite. */
/* Index of the first value of v[0..n) that is not finite, or -1: where a
** run that reported a non-finite value (ps_vm_run) went wrong. */
static int first_nonfinite(const double *v, int n) {
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i])) return i;
    return -1;
}

/* A run over the block's G flagged a value that is not finite: the row of
** the first stored one, else of the first G the checked interpreter finds
** fault with (an intermediate value: 1/(1/0) stores a finite 0), else 0.
** Only on the failure path. */
static int flagged_row(ps_run *run, const ps_pblock *pb, const double *g) {
    int k = g ? first_nonfinite(g, pb->n) : -1;
    if (k >= 0) return k;
    for (int i = 0; i < pb->n; i++)
        if (ps_vm_diagnose(run->s->p, pb->g[i], run->row, run->params, NULL, 0)) return i;
    return 0;
}

static int eval_residual(ps_run *run, const ps_pblock *pb, double *r) {
    ps_solver *s = run->s;
    double *g = s->g;
    if (ps_vm_run(s->p, pb->grun, run->row, run->pext, s->stack, g) != 0.0)
        return flagged_row(run, pb, g);
    for (int i = 0; i < pb->n; i++) r[i] = run->row[pb->col[i]] - g[i];
    return -1;
}

/* max_i |r_i| / (1 + |y_i|): at most tol means converged. */
static double scaled_max(const double *r, const double *y, int n) {
    double m = 0.0;
    for (int i = 0; i < n; i++) {
        double v = fabs(r[i]) / (1.0 + fabs(y[i]));
        if (v > m) m = v;
    }
    return m;
}

/* Every |r_i| <= tol * (1 + |y_i|): the convergence test, as a product so
** that it needs no division and stops at the first row that misses (most
** tests fail, and fail at once). */
static int converged(const double *r, const double *y, int n, double tol) {
    for (int i = 0; i < n; i++)
        if (!(fabs(r[i]) <= tol * (1.0 + fabs(y[i])))) return 0;
    return 1;
}

static double merit(const double *r, const double *w, int n) {
    double m = 0.0;
    for (int i = 0; i < n; i++) m += (r[i] * w[i]) * (r[i] * w[i]);
    return m;
}

/* Where an unknown has no value at t, Newton starts from its value at t-1
** moved on by its last growth factor y(t-1) / y(t-2): economic series move
** by rates, so this is close to the answer and the first residual is
** several times smaller than from y(t-1) (the Yangzhou block: 0.01 instead
** of 0.17, and a quarter fewer iterations over 2024-2030).  The factor is
** held within [1/2, 2] and used only when both values have the same sign,
** so the start keeps the sign of y(t-1): series that logs or divisions need
** positive stay positive. */
static double extrapolate(const double *prev, const double *prev2, int c) {
    double a = prev ? prev[c] : NAN, b = prev2 ? prev2[c] : NAN;
    if (!isfinite(a)) return 1.0;   /* not 0: logs, ratios and divisions of
                                       economic series are defined at 1 */
    if (!isfinite(b) || !((a > 0 && b > 0) || (a < 0 && b < 0))) return a;
    double g = a / b;
    return a * (g > 2.0 ? 2.0 : g < 0.5 ? 0.5 : g);
}

/* Newton's starting values: the frame's value at t when finite (history, or
** a start the caller supplied), else extrapolate() (grow = 1) or the value
** at t-1 (grow = 0), else 1.  The frame's values are kept in y0. */
static void set_start(ps_run *run, const ps_pblock *pb, int grow) {
    ps_solver *s = run->s;
    const double *prev = run->t > 0 ? run->row - s->p->nvar : NULL;
    const double *prev2 = grow && run->t > 1 ? prev - s->p->nvar : NULL;
    for (int i = 0; i < pb->n; i++) {
        int c = pb->col[i];
        double v = run->row[c];
        s->y0[i] = v;
        if (!isfinite(v)) v = extrapolate(prev, prev2, c);
        run->row[c] = v;
        s->y[i] = v;
    }
}

/* Put back the block's values from before the solve (failure path). */
static void restore(ps_run *run, const ps_pblock *pb) {
    for (int i = 0; i < pb->n; i++) run->row[pb->col[i]] = run->s->y0[i];
}

/* Entry k of the block's Jacobian is not finite at the current row. */
static int entry_failure(ps_run *run, const ps_pblock *pb, int k);

/* A Jacobian run flagged a value but stored only finite ones (an
** intermediate division by zero): the first entry the checked interpreter
** finds fault with. */
static int flagged_entry(ps_run *run, const ps_pblock *pb) {
    for (int k = 0; k < pb->njac; k++)
        if (ps_vm_diagnose(run->s->p, pb->jcode[k], run->row, run->params, NULL, 0))
            return entry_failure(run, pb, k);
    return ps_solve_report_lost_culprit(run);
}

static int entry_failure(ps_run *run, const ps_pblock *pb, int k) {
    return ps_solve_report_domain(run, pb->eq[pb->jrow[k]],
                                  run->s->p->model->eqs[pb->eq[pb->jcol[k]]].var, pb->jcode[k],
                                  NULL);
}

/* The Jacobian invariants, once per block solve, before its first Jacobian. */
static int jacobian_invariants(ps_run *run, const ps_pblock *pb) {
    ps_solver *s = run->s;
    s->jinv_ok = 1;
    double *slots = run->pext + s->p->nparam;
    if (ps_vm_run(s->p, pb->jinv, run->row, run->pext, s->stack, slots) == 0.0) return PS_OK;
    int k = first_nonfinite(slots + pb->inv_first + pb->nginv, pb->njinv);
    return k < 0 ? flagged_entry(run, pb) : entry_failure(run, pb, pb->jinv_entry[k]);
}

static int eval_jacobian(ps_run *run, const ps_pblock *pb) {
    ps_solver *s = run->s;
    if (pb->njinv > 0 && !s->jinv_ok) {
        int rc = jacobian_invariants(run, pb);
        if (rc) return rc;
    }
    if (ps_vm_run(s->p, pb->jrun, run->row, run->pext, s->stack, s->jv) == 0.0) return PS_OK;
    int k = first_nonfinite(s->jv, pb->njac);
    return k < 0 ? flagged_entry(run, pb) : entry_failure(run, pb, k);
}

static int linear_fail(ps_run *run, int b, int rc, int bad_col, int lib_status) {
    if (rc == PS_ERR_SOLVE) return ps_solve_report_singular(run, b, bad_col);
    if (rc == PS_ERR_NOMEM) return ps_solve_report_nomem(run);
    char period[PS_PERIOD_LABEL_MAX];
    ps_solve_period_label(run, period, sizeof period);
    ps_error_clear(run->err);
    ps_error_context(run->err, NULL, NULL, period);
    return ps_error_set(run->err, PS_ERR_INTERNAL,
                        "the linear solver failed with status %d in %s; please report this "
                        "with the model", lib_status, period);
}

/* Fresh Jacobian at the current y, factorised and kept; d = J^-1 r. */
static int linear_step(ps_run *run, int b) {
    ps_solver *s = run->s;
    int bad_col, lib_status;
    int rc = ps_solve_factor(s, b, s->jv, &bad_col, &lib_status);
    if (!rc) rc = ps_solve_apply(s, b, s->r, s->d, &lib_status);
    return rc ? linear_fail(run, b, rc, bad_col, lib_status) : PS_OK;
}

static void set_weights(ps_solver *s, int n) {
    for (int i = 0; i < n; i++) s->w[i] = 1.0 / (1.0 + fabs(s->y[i]));
}

/* Simplified Newton: the full step with the block's kept factors.  Kept
** (*took = 1) when the block converges there or the weighted norm falls by
** PS_SOLVE_REUSE_RATE; otherwise the row is put back and the factors
** dropped, and the caller takes a fresh damped step.  A trial outside some
** G's domain is only a rejection: the fresh step decides about domains. */
static int reuse_step(ps_run *run, int b, int *took) {
    ps_solver *s = run->s;
    const ps_pblock *pb = &s->p->blocks[b];
    int n = pb->n, lib_status;
    *took = 0;
    int rc = s->d_is_step ? PS_OK : ps_solve_apply(s, b, s->r, s->d, &lib_status);
    if (rc == PS_ERR_INTERNAL) return linear_fail(run, b, rc, -1, lib_status);
    if (rc == PS_OK) {
        set_weights(s, n);
        for (int i = 0; i < n; i++) run->row[pb->col[i]] = s->y[i] - s->d[i];
        if (eval_residual(run, pb, s->rt) < 0) {
            double m0 = merit(s->r, s->w, n), m1 = merit(s->rt, s->w, n);
            *took = m1 <= PS_SOLVE_REUSE_RATE * PS_SOLVE_REUSE_RATE * m0;
            if (!*took) {               /* converged there?  (d holds the trial y) */
                for (int i = 0; i < n; i++) s->d[i] = run->row[pb->col[i]];
                *took = converged(s->rt, s->d, n, s->opts.tol);
            }
        }
    }
    if (!*took) {
        for (int i = 0; i < n; i++) run->row[pb->col[i]] = s->y[i];
        s->bs[b].jok = 0;
        return PS_OK;
    }
    for (int i = 0; i < n; i++) s->y[i] = run->row[pb->col[i]];
    double *tmp = s->r;
    s->r = s->rt;
    s->rt = tmp;
    return PS_OK;
}

/* Try y - lambda d for lambda = 1, 1/2, 1/4, ... until the weighted norm
** falls; after max_halvings halvings the smallest step is taken anyway (the
** iteration limit then decides).  A trial point where some G is not finite
** counts as "not falling"; if even the smallest step is one, that is a
** domain error. */
static int line_search(ps_run *run, const ps_pblock *pb) {
    ps_solver *s = run->s;
    int n = pb->n, bad = -1, h;
    set_weights(s, n);
    double m0 = merit(s->r, s->w, n), lambda = 1.0;
    for (h = 0;; h++) {
        for (int i = 0; i < n; i++) run->row[pb->col[i]] = s->y[i] - lambda * s->d[i];
        bad = eval_residual(run, pb, s->rt);
        if (bad < 0 && merit(s->rt, s->w, n) < m0) break;
        if (h == s->opts.max_halvings) break;
        lambda *= 0.5;
        run->diag->halvings++;
    }
    if (bad >= 0) {
        char when[96];
        if (h == 0)
            snprintf(when, sizeof when, " after a full Newton step (max_halvings is 0)");
        else
            snprintf(when, sizeof when, " after a Newton step halved %d time%s", h,
                     h == 1 ? "" : "s");
        return ps_solve_report_domain(run, pb->eq[bad], -1, pb->g[bad], when);
    }
    for (int i = 0; i < n; i++) s->y[i] = run->row[pb->col[i]];
    double *tmp = s->r;
    s->r = s->rt;
    s->rt = tmp;
    return PS_OK;
}

/* Would the next Newton correction, d = J^-1 r with the block's kept
** factors, move y by at most tol * (1 + |y_i|)?  The residual test alone
** lets the error in y be as large as the residual times |J^-1|, which for a
** nearly unit-root block is 100 times the tolerance; one solve with the kept
** factors (no evaluation of G) tells.  Without factors (a block that met the
** tolerance at its starting point) there is nothing to ask. */
static int correction_small(ps_run *run, int b) {
    ps_solver *s = run->s;
    int lib_status;
    if (!s->bs[b].jok || ps_solve_apply(s, b, s->r, s->d, &lib_status) != PS_OK) return 1;
    s->d_is_step = 1;                   /* the next reuse_step takes this d */
    return converged(s->d, s->y, s->p->blocks[b].n, s->opts.tol);
}

/* A block that holds at its starting values was never factorised: its
** Jacobian must still be regular there, or the values are one of many
** solutions (y = z; z = y holds for any y = z) and the block is reported as
** singular.  Kept factors (the block was regular before, at a nearby point)
** are taken as the answer, as simplified Newton takes them; so this costs a
** Jacobian only when a block converges without any Newton step. */
static int check_regular(ps_run *run, int b) {
    ps_solver *s = run->s;
    if (s->bs[b].jok) return PS_OK;
    int rc = eval_jacobian(run, &s->p->blocks[b]), bad_col = -1, lib_status = 0;
    if (rc) return rc; /* reported */
    rc = ps_solve_factor(s, b, s->jv, &bad_col, &lib_status);
    return rc ? linear_fail(run, b, rc, bad_col, lib_status) : PS_OK;
}

static int iterate(ps_run *run, int b, int *iters) {
    ps_solver *s = run->s;
    const ps_pblock *pb = &s->p->blocks[b];
    for (*iters = 0;; (*iters)++) {
        s->d_is_step = 0;
        if (converged(s->r, s->y, pb->n, s->opts.tol) && (*iters == 0 || correction_small(run, b)))
            return *iters == 0 ? check_regular(run, b) : PS_OK;
        if (*iters == s->opts.max_iter) return ps_solve_report_noconv(run, b, s->r, *iters);
        run->diag->newton_iterations++;
        int rc, took = 0;
        if (s->opts.reuse_jacobian && s->bs[b].jok) {
            rc = reuse_step(run, b, &took);
            if (rc) return rc;
            if (took) continue;
        }
        rc = eval_jacobian(run, pb);
        if (!rc) rc = linear_step(run, b);
        if (!rc) rc = line_search(run, pb);
        if (rc) return rc;
    }
}

/* The block's G invariants for this period: -1, or the block row of the
** first one that is not finite. */
static int g_invariants(ps_run *run, const ps_pblock *pb) {
    ps_solver *s = run->s;
    if (pb->nginv == 0) return -1;
    double *slots = run->pext + s->p->nparam;
    if (ps_vm_run(s->p, pb->ginv, run->row, run->pext, s->stack, slots) == 0.0) return -1;
    int k = first_nonfinite(slots + pb->inv_first, pb->nginv);
    return k < 0 ? flagged_row(run, pb, NULL) : pb->ginv_row[k];
}

int ps_solve_newton(ps_run *run, int b) {
    ps_solver *s = run->s;
    const ps_pblock *pb = &s->p->blocks[b];
    run->diag->blocks_solved++;
    if (s->bs[b].sparse) run->diag->sparse_blocks++;
    s->jinv_ok = 0;
    set_start(run, pb, 1);
    int rc, iters = 0, bad = g_invariants(run, pb);
    if (bad >= 0) {                     /* fixed this period: no start would help */
        rc = ps_solve_report_domain(run, pb->eq[bad], -1, pb->g[bad],
                                    " at Newton's starting values");
        restore(run, pb);
        return rc;
    }
    bad = eval_residual(run, pb, s->r);
    if (bad >= 0) {                     /* outside some G's domain: from y(t-1) */
        restore(run, pb);
        set_start(run, pb, 0);
        bad = eval_residual(run, pb, s->r);
    }
    if (bad >= 0)
        rc = ps_solve_report_domain(run, pb->eq[bad], -1, pb->g[bad],
                                    " at Newton's starting values");
    else
        rc = iterate(run, b, &iters);
    if (rc) {
        restore(run, pb);
        return rc;
    }
    if (iters > run->diag->max_iterations) run->diag->max_iterations = iters;
    double res = scaled_max(s->r, s->y, pb->n);
    if (res > run->diag->max_residual) run->diag->max_residual = res;
    return PS_OK;
}
