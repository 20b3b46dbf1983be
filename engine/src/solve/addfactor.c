/*
** Add-factors that make behavioural equations hold on data (solve.h).
**
** With g0 = G evaluated with y_a = 0, the normal forms of analyse.h give
** (docs/solver.md has the derivation):
**   level  y_a = y - g0
**   log    y_a = log(y) - log(g0)
**   diff   y_a = y - g0
**   pct    y_a = 100 * (y - g0) / y(-1)
** Not the hot path: it runs once over the history.
*/
#include "solve/solve_int.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>

static int check_args(const ps_program *p, const ps_frame *f, const double *params, int t0,
                      int t1, ps_error *err) {
    if (!p || !f)
        return ps_error_set(err, PS_ERR_USAGE, "ps_addfactors_compute: program and frame "
                                               "are required");
    if (f->nvar != p->nvar)
        return ps_error_set(err, PS_ERR_USAGE,
                            "the frame has %d columns but the model has %d series; build "
                            "the frame from the model's series", f->nvar, p->nvar);
    if (t1 >= t0 && (t0 < p->maxlag || t0 < 0 || t1 >= f->nper))
        return ps_error_set(err, PS_ERR_USAGE,
                            "add-factors cannot be computed for periods %d..%d of a frame of "
                            "%d periods: the first needs %d earlier period(s) for the lags",
                            t0, t1, f->nper, p->maxlag);
    if (!params && p->nparam > 0)
        return ps_error_set(err, PS_ERR_USAGE,
                            "the model has %d parameters but no parameter values were given",
                            p->nparam);
    return PS_OK;
}

/* The data contradict the left-side transform (log of y <= 0, pct after a
** zero): no add-factor can make the equation hold, so say so. */
static int bad_data(const ps_program *p, const ps_frame *f, int eq, int t, double v,
                    ps_error *err) {
    const ps_model *m = p->model;
    const ps_equation *e = &m->eqs[eq];
    const char *var = m->syms[e->var].name;
    int is_log = e->lhs == PS_LHS_LOG;
    char period[PS_PERIOD_LABEL_MAX], at[PS_PERIOD_LABEL_MAX];
    ps_period_format(f->start + t, f->freq, period, sizeof period);
    ps_period_format(f->start + t - (is_log ? 0 : 1), f->freq, at, sizeof at);
    ps_error_clear(err);
    ps_error_context(err, e->label, var, period);
    return ps_error_set(err, PS_ERR_DOMAIN,
                        "equation [%s] has %s(%s) on its left side, which needs %s%s, but "
                        "%s is %.10g in %s; correct the data or write the equation in levels",
                        e->label, is_log ? "log" : "pct", var, var,
                        is_log ? " > 0" : "(-1) != 0", var, v, at);
}

/* y_a for equation eq at period t (row = &data[t * nvar]); NaN when y, g0 or
** y(-1) is missing.  Data outside the transform's domain is an error. */
static int addfactor_one(const ps_program *p, const ps_frame *f, int eq, int t,
                         const double *params, double *stack, ps_error *err) {
    double *row = f->data + (size_t)t * (size_t)f->nvar;
    int af = p->eq_af_col[eq], col = p->eq_col[eq];
    row[af] = 0.0;
    double g0 = ps_vm_eval(p, p->eq_g[eq], row, params, stack);
    double y = row[col], ya = NAN;
    if (isfinite(y) && isfinite(g0)) {
        switch (p->model->eqs[eq].lhs) {
        case PS_LHS_LEVEL:
        case PS_LHS_DIFF:
            ya = y - g0;
            break;
        case PS_LHS_LOG:
            if (y <= 0.0) {
                row[af] = NAN;
                return bad_data(p, f, eq, t, y, err);
            }
            ya = log(y) - log(g0);
            break;
        case PS_LHS_PCT: {
            double ylag = t > 0 ? row[col - p->nvar] : NAN;
            if (ylag == 0.0) {
                row[af] = NAN;
                return bad_data(p, f, eq, t, ylag, err);
            }
            ya = 100.0 * (y - g0) / ylag;
            break;
        }
        }
    }
    row[af] = isfinite(ya) ? ya : NAN;
    return PS_OK;
}

int ps_addfactors_compute(const ps_program *p, ps_frame *f, const double *params, int t0,
                          int t1, ps_error *err) {
    int rc = check_args(p, f, params, t0, t1, err);
    if (rc || t1 < t0) return rc;
    double *stack = ps_malloc(sizeof(double) * (size_t)(p->max_stack > 0 ? p->max_stack : 1));
    if (!stack) return ps_error_set(err, PS_ERR_NOMEM, "out of memory computing add-factors");
    for (int eq = 0; eq < p->model->neq && !rc; eq++) {
        if (p->eq_af_col[eq] < 0) continue;
        for (int t = t0; t <= t1 && !rc; t++)
            rc = addfactor_one(p, f, eq, t, params, stack, err);
    }
    ps_free(stack);
    return rc;
}
