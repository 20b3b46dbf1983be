/*
** Solver failure messages.  Cold path: runs once, when a solve has already
** failed, so it may format freely (but still allocates nothing).  Each
** message says what failed, where (equation, variable, period) and what to do.
*/
#include "solve/solve_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void ps_solve_period_label(const ps_run *run, char *buf, size_t n) {
    ps_period_format(run->f->start + run->t, run->f->freq, buf, n);
}

static const char *eq_label(const ps_run *run, int eq) {
    return run->s->p->model->eqs[eq].label;
}

static const char *eq_var(const ps_run *run, int eq) {
    const ps_model *m = run->s->p->model;
    return m->syms[m->eqs[eq].var].name;
}

/* "[a], [b], [c], [d] and 56 more" for the equations of block b. */
static void list_block(const ps_run *run, const ps_pblock *pb, char *buf, size_t n) {
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < pb->n && i < PS_SOLVE_LIST_MAX && off < n; i++) {
        int k = snprintf(buf + off, n - off, "%s[%s]", i ? ", " : "", eq_label(run, pb->eq[i]));
        if (k > 0) off += (size_t)k;
    }
    if (pb->n > PS_SOLVE_LIST_MAX && off < n)
        snprintf(buf + off, n - off, " and %d more", pb->n - PS_SOLVE_LIST_MAX);
}

/* Clear err and fill the context of equation eq. */
static void context(ps_run *run, int eq, const char *period, double residual) {
    ps_error_clear(run->err);
    ps_error_context(run->err, eq_label(run, eq), eq_var(run, eq), period);
    if (run->err) run->err->residual = residual;
}

/* What to do, by the kind of culprit ps_vm_diagnose named. */
static const char *domain_hint(const char *why, int derivative) {
    if (strstr(why, "missing value"))
        return "supply that value (each solved period needs data for its exogenous "
               "inputs and for every lag back to maxlag)";
    if (derivative)
        return "start Newton away from that point by putting other values into the frame";
    return "check the data and parameters feeding this equation, or start Newton inside "
           "the domain (log and sqrt need positive arguments, divisors must be non-zero)";
}

int ps_solve_report_domain(ps_run *run, int eq, int wrt_sym, ps_codeid code,
                           const char *when) {
    char period[PS_PERIOD_LABEL_MAX], why[256];
    ps_solve_period_label(run, period, sizeof period);
    if (!ps_vm_diagnose(run->s->p, code, run->row, run->params, why, sizeof why))
        snprintf(why, sizeof why, "the result is not a finite number");
    context(run, eq, period, NAN);
    if (wrt_sym >= 0)
        return ps_error_set(run->err, PS_ERR_DOMAIN,
                            "the derivative of equation [%s] (for %s) with respect to %s "
                            "cannot be evaluated in %s: %s; %s",
                            eq_label(run, eq), eq_var(run, eq),
                            run->s->p->model->syms[wrt_sym].name, period, why,
                            domain_hint(why, 1));
    return ps_error_set(run->err, PS_ERR_DOMAIN,
                        "equation [%s] (for %s) cannot be evaluated in %s%s: %s; %s",
                        eq_label(run, eq), eq_var(run, eq), period, when ? when : "", why,
                        domain_hint(why, 0));
}

int ps_solve_report_noconv(ps_run *run, int b, const double *r, int iters) {
    const ps_pblock *pb = &run->s->p->blocks[b];
    int worst = 0;
    double wv = -1.0;
    for (int i = 0; i < pb->n; i++) {
        double v = fabs(r[i]) / (1.0 + fabs(run->row[pb->col[i]]));
        if (v > wv) {
            wv = v;
            worst = i;
        }
    }
    char period[PS_PERIOD_LABEL_MAX], eqs[256];
    ps_solve_period_label(run, period, sizeof period);
    list_block(run, pb, eqs, sizeof eqs);
    int eq = pb->eq[worst];
    context(run, eq, period, r[worst]);
    return ps_error_set(run->err, PS_ERR_SOLVE,
                        "no convergence in %s after %d Newton iteration%s: equation [%s] "
                        "still misses by %.6g (%s = %.10g, scaled residual %.3g > tolerance "
                        "%.3g); its block has %d equation%s: %s. Raise max_iter, start from "
                        "values closer to the solution, or check that these equations have "
                        "a solution near the data",
                        period, iters, iters == 1 ? "" : "s", eq_label(run, eq), r[worst],
                        eq_var(run, eq), run->row[pb->col[worst]], wv, run->s->opts.tol,
                        pb->n, pb->n == 1 ? "" : "s", eqs);
}

int ps_solve_report_singular(ps_run *run, int b, int bad_col) {
    const ps_pblock *pb = &run->s->p->blocks[b];
    int eq = pb->eq[bad_col >= 0 && bad_col < pb->n ? bad_col : 0];
    char period[PS_PERIOD_LABEL_MAX], eqs[256], pivot[160] = "";
    ps_solve_period_label(run, period, sizeof period);
    list_block(run, pb, eqs, sizeof eqs);
    if (bad_col >= 0 && bad_col < pb->n)
        snprintf(pivot, sizeof pivot, " (the pivot of %s vanished)", eq_var(run, eq));
    context(run, eq, period, NAN);
    return ps_error_set(run->err, PS_ERR_SOLVE,
                        "singular Jacobian in %s: the %d equation%s %s do not determine "
                        "their variables at these values%s. Usually two equations say the "
                        "same thing, a variable drops out (a zero coefficient, or "
                        "min/max/abs at a kink), or a feedback loop has a gain of exactly "
                        "1; rewrite or drop one of these equations, or start elsewhere",
                        period, pb->n, pb->n == 1 ? "" : "s", eqs, pivot);
}

int ps_solve_report_nomem(ps_run *run) {
    char period[PS_PERIOD_LABEL_MAX];
    ps_solve_period_label(run, period, sizeof period);
    ps_error_clear(run->err);
    ps_error_context(run->err, NULL, NULL, period);
    return ps_error_set(run->err, PS_ERR_NOMEM,
                        "out of memory in %s while factorising a sparse block", period);
}

int ps_solve_report_lost_culprit(ps_run *run) {
    return ps_error_set(run->err, PS_ERR_INTERNAL, "a run reported a value that is not "
                        "finite, but none of the values it stored is; please report this "
                        "with the model");
}
