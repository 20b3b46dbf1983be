/*
** The stacked-time solver against closed forms: x_t = a x_{t+k} + e_t has the
** forward solution x_t = sum_j a^j e_{t+jk} plus the discounted terminal value;
** with a growing e its solution grows at the same rate, which the
** constant-growth terminal condition reproduces exactly.  Plus the split into
** components, the steady state, the saddle-path count and the errors.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analyse/leads.h"
#include "project/project.h"
#include "solve/stacked.h"
#include "solve/steady.h"

typedef struct fx {
    ps_model *m;
    ps_analysis *a;
    ps_stacked *s;
    ps_frame *f;
    double params[8];
} fx;

static void fx_load(fx *x, const char *src, const ps_stacked_opts *o, int nper) {
    ps_error err;
    memset(x, 0, sizeof *x);
    cr_assert_eq(ps_model_parse_string(src, strlen(src), "t.model", &x->m, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(ps_analyse(x->m, &x->a, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_stacked_new(x->m, x->a, o, &x->s, &err), PS_OK, "%s", err.message);
    for (int k = 0; k < x->m->nsym; k++)
        if (x->m->syms[k].kind == PS_SYM_PARAM) x->params[x->m->syms[k].slot] = x->m->syms[k].value;
    cr_assert_eq(ps_frame_new(x->m->nseries, nper, PS_FREQ_ANNUAL, 2000, NULL, &x->f, &err),
                 PS_OK);
    /* add-factors 0 everywhere */
    for (int k = 0; k < x->m->nsym; k++)
        if (x->m->syms[k].kind == PS_SYM_ADDFACTOR)
            for (int t = 0; t < nper; t++) ps_frame_set(x->f, x->m->syms[k].slot, t, 0.0);
}

static void fx_free(fx *x) {
    ps_frame_free(x->f);
    ps_stacked_free(x->s);
    ps_analysis_free(x->a);
    ps_model_free(x->m);
}

static int col(fx *x, const char *name) {
    return x->m->syms[ps_model_find(x->m, name)].slot;
}

static const char *FWD1 =
    "model f annual;\nendogenous x;\nexogenous e;\nparameter a = 0.9;\n"
    "identity x = a * x(+1) + e;\n";

/* An anticipated unit impulse in period k: x_t = a^(k-t) for t <= k, 0 after
** (the terminal steady state is x = e / (1 - a) = 0). */
Test(stacked, anticipated_impulse_closed_form) {
    fx x;
    fx_load(&x, FWD1, NULL, 30);
    int e = col(&x, "e"), xc = col(&x, "x");
    for (int t = 0; t < 30; t++) ps_frame_set(x.f, e, t, t == 12 ? 1.0 : 0.0);
    ps_error err;
    ps_solve_diag d;
    cr_assert_eq(ps_stacked_run(x.s, x.f, x.params, 0, 29, &d, &err), PS_OK, "%s", err.message);
    for (int t = 0; t < 30; t++) {
        double want = t <= 12 ? pow(0.9, 12 - t) : 0.0;
        cr_assert(fabs(ps_frame_get(x.f, xc, t) - want) <= 1e-12, "t=%d: %.15g vs %.15g", t,
                  ps_frame_get(x.f, xc, t), want);
    }
    cr_assert_eq(d.periods, 30);
    cr_assert_eq(d.sparse_blocks, 1);
    fx_free(&x);
}

/* A given terminal path: constant e = c and x_{T+1} = X give
** x_t = c (1 - a^(T+1-t)) / (1 - a) + a^(T+1-t) X. */
Test(stacked, terminal_path_closed_form) {
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.terminal = PS_TERMINAL_PATH;
    fx x;
    fx_load(&x, FWD1, &o, 21);
    int e = col(&x, "e"), xc = col(&x, "x");
    for (int t = 0; t < 21; t++) ps_frame_set(x.f, e, t, 2.0);
    ps_frame_set(x.f, xc, 20, 50.0);
    ps_error err;
    cr_assert_eq(ps_stacked_run(x.s, x.f, x.params, 0, 19, NULL, &err), PS_OK, "%s", err.message);
    for (int t = 0; t < 20; t++) {
        double k = 20 - t, want = 2.0 * (1 - pow(0.9, k)) / 0.1 + pow(0.9, k) * 50.0;
        cr_assert(fabs(ps_frame_get(x.f, xc, t) - want) <= 1e-12 * want, "t=%d", t);
    }
    /* the frame's terminal value is data, untouched */
    cr_assert_eq(ps_frame_get(x.f, xc, 20), 50.0);
    fx_free(&x);
}

/* Lead 2, x_t = a x_{t+2} + e_t, e_t = g^t: x_t = g^t / (1 - a g^2) for any
** horizon under constant growth (the path grows at g exactly). */
Test(stacked, growth_terminal_lead_two) {
    static const char *src =
        "model f annual;\nendogenous x;\nexogenous e;\nparameter a = 0.5;\n"
        "identity x = a * x(+2) + e;\n";
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.terminal = PS_TERMINAL_GROWTH;
    fx x;
    fx_load(&x, src, &o, 15);
    cr_assert_eq(x.m->maxlead, 2);
    int e = col(&x, "e"), xc = col(&x, "x");
    double g = 1.05;
    for (int t = 0; t < 15; t++) ps_frame_set(x.f, e, t, pow(g, t));

    ps_error err;
    cr_assert_eq(ps_stacked_run(x.s, x.f, x.params, 1, 14, NULL, &err), PS_OK, "%s", err.message);
    for (int t = 1; t < 15; t++) {
        double want = pow(g, t) / (1 - 0.5 * g * g);
        cr_assert(fabs(ps_frame_get(x.f, xc, t) - want) <= 1e-10 * want, "t=%d: %.15g vs %.15g",
                  t, ps_frame_get(x.f, xc, t), want);
    }
    fx_free(&x);
}

/* A backward equation before and after the forward core: b feeds x (and is
** solved period by period first), z reads x and x(+1) (period by period after).
** b_t = 0.5 b_{t-1} + e_t; x_t = a x_{t+1} + b_t; z_t = x_t + x_{t+1}. */
Test(stacked, components_and_extension) {
    static const char *src =
        "model f annual;\nendogenous b, x, z;\nexogenous e;\nparameter a = 0.8;\n"
        "identity b = 0.5 * b(-1) + e;\nidentity x = a * x(+1) + b;\n"
        "identity z = x + x(+1);\n";
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.extend = 60;              /* push the terminal condition far away */
    fx x;
    fx_load(&x, src, &o, 11);
    int nc, ns, big;
    ps_stacked_shape(x.s, &nc, &ns, &big);
    cr_assert_eq(nc, 3);
    cr_assert_eq(ns, 1);
    cr_assert_eq(big, 1);
    int e = col(&x, "e"), b = col(&x, "b"), xc = col(&x, "x"), z = col(&x, "z");
    for (int t = 0; t < 11; t++) ps_frame_set(x.f, e, t, 0.0);
    ps_frame_set(x.f, b, 0, 1.0);
    ps_frame_set(x.f, xc, 0, 0.0);
    ps_frame_set(x.f, z, 0, 0.0);
    ps_error err;
    cr_assert_eq(ps_stacked_run(x.s, x.f, x.params, 1, 10, NULL, &err), PS_OK, "%s", err.message);
    /* b_t = 0.5^t, x_t = sum_j 0.8^j 0.5^(t+j) = 0.5^t / (1 - 0.4) (infinite
    ** horizon; the 60 extra periods leave an error of 0.4^60 relative) */
    for (int t = 1; t <= 10; t++) {
        double bt = pow(0.5, t), xt = bt / 0.6, zt = xt + 0.5 * xt;
        cr_assert(fabs(ps_frame_get(x.f, b, t) - bt) <= 1e-14, "b t=%d", t);
        cr_assert(fabs(ps_frame_get(x.f, xc, t) - xt) <= 1e-12 * xt, "x t=%d", t);
        cr_assert(fabs(ps_frame_get(x.f, z, t) - zt) <= 1e-12 * zt, "z t=%d", t);
    }
    fx_free(&x);
}

/* Nonlinear: the Ramsey consumption Euler equation with log utility and full
** depreciation has the closed form c = (1 - alpha beta) k(-1)^alpha,
** k = alpha beta k(-1)^alpha (Brock and Mirman 1972). */
static const char *BROCK =
    "model bm annual;\nendogenous c, k;\nparameter alpha = 0.36, beta = 0.95;\n"
    "equation c = c(+1) / (alpha * beta * k ^ (alpha - 1));\n"
    "identity k = k(-1) ^ alpha - c;\n";

Test(stacked, brock_mirman_closed_form) {
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.tol = 1e-13;
    fx x;
    fx_load(&x, BROCK, &o, 121);
    int c = col(&x, "c"), k = col(&x, "k");
    double al = 0.36, be = 0.95, kss = pow(al * be, 1 / (1 - al));
    ps_frame_set(x.f, k, 0, 0.5 * kss);
    ps_frame_set(x.f, c, 0, 0.3);   /* not read (no c(-1)); the steady state's start */
    ps_error err;
    cr_assert_eq(ps_stacked_run(x.s, x.f, x.params, 1, 120, NULL, &err), PS_OK, "%s",
                 err.message);
    /* the truncation at 120 periods is far below 1e-10 (k converges at rate alpha) */
    double kk = 0.5 * kss;
    for (int t = 1; t <= 60; t++) {
        double ct = (1 - al * be) * pow(kk, al);
        kk = al * be * pow(kk, al);
        cr_assert(fabs(ps_frame_get(x.f, c, t) - ct) <= 1e-10 * ct, "c t=%d: %.15g vs %.15g", t,
                  ps_frame_get(x.f, c, t), ct);
        cr_assert(fabs(ps_frame_get(x.f, k, t) - kk) <= 1e-10 * kk, "k t=%d", t);
    }
    fx_free(&x);
}

/* Later runs refactorise with the structural pivots instead of searching
** for pivots again, but only when the search would have chosen the same
** ones: a run's path is bit for bit the same whether it runs first in a
** workspace or after another run from a different start. */
Test(stacked, result_does_not_depend_on_earlier_runs) {
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    double al = 0.36, be = 0.95, kss = pow(al * be, 1 / (1 - al));
    enum { NPER = 81 };
    double first[2][NPER], again[2][NPER];
    fx x, y;
    fx_load(&x, BROCK, &o, NPER);
    fx_load(&y, BROCK, &o, NPER);
    int c = col(&x, "c"), k = col(&x, "k");
    ps_error err;
    ps_solve_diag d;
    /* workspace x: the run from 0.5 kss first */
    ps_frame_set(x.f, k, 0, 0.5 * kss);
    ps_frame_set(x.f, c, 0, 0.3);
    cr_assert_eq(ps_stacked_run(x.s, x.f, x.params, 1, NPER - 1, &d, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(d.pivot_searches, 1, "the first run searches for pivots once");
    for (int t = 0; t < NPER; t++)
        first[0][t] = ps_frame_get(x.f, c, t), first[1][t] = ps_frame_get(x.f, k, t);
    /* workspace y: a run from 1.4 kss, then the same run from 0.5 kss */
    ps_frame_set(y.f, k, 0, 1.4 * kss);
    ps_frame_set(y.f, c, 0, 0.3);
    cr_assert_eq(ps_stacked_run(y.s, y.f, y.params, 1, NPER - 1, &d, &err), PS_OK, "%s",
                 err.message);
    cr_assert_gt(fabs(ps_frame_get(y.f, k, 1) - first[1][1]), 1e-3, "a different path");
    ps_frame_set(y.f, k, 0, 0.5 * kss);
    for (int t = 1; t < NPER; t++)      /* the same start as x's: no values yet */
        ps_frame_set(y.f, c, t, NAN), ps_frame_set(y.f, k, t, NAN);
    cr_assert_eq(ps_stacked_run(y.s, y.f, y.params, 1, NPER - 1, &d, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(d.pivot_searches, 0, "the later run reuses the structural pivots");
    for (int t = 0; t < NPER; t++)
        again[0][t] = ps_frame_get(y.f, c, t), again[1][t] = ps_frame_get(y.f, k, t);
    cr_assert_eq(memcmp(first, again, sizeof first), 0, "the same bits");
    /* and the path is the closed form's (Brock and Mirman, above) */
    double kk = 0.5 * kss;
    for (int t = 1; t <= 30; t++) {
        kk = al * be * pow(kk, al);
        cr_assert(fabs(again[1][t] - kk) <= 1e-9 * kk, "k t=%d", t);
    }
    fx_free(&x);
    fx_free(&y);
}

Test(stacked, steady_state_and_saddle_path) {
    fx x;
    fx_load(&x, BROCK, NULL, 3);
    ps_steady *st;
    ps_error err;
    cr_assert_eq(ps_steady_new(x.m, x.a, &st, &err), PS_OK, "%s", err.message);
    double row[8];
    for (int v = 0; v < x.m->nseries; v++) row[v] = NAN;
    row[col(&x, "c")] = 0.3;
    row[col(&x, "k")] = 0.2;
    ps_steady_report rep;
    cr_assert_eq(ps_steady_solve(st, row, x.params, 1e-13, 50, &rep, &err), PS_OK, "%s",
                 err.message);
    double al = 0.36, be = 0.95, kss = pow(al * be, 1 / (1 - al));
    cr_assert(fabs(row[col(&x, "k")] - kss) <= 1e-12);
    cr_assert(fabs(row[col(&x, "c")] - (1 - al * be) * pow(kss, al)) <= 1e-12);
    cr_assert(rep.max_residual <= 1e-13);
    ps_bk bk;
    cr_assert_eq(ps_steady_bk(st, row, x.params, &bk, &err), PS_OK);
    /* roots of the linearised Brock-Mirman model: 1/(alpha beta)... one
    ** explosive root for the one forward component (c), plus the infinite one
    ** of k(+1), which no equation reads: n F = 2 */
    cr_assert(bk.checked, "%s", bk.note);
    cr_assert_eq(bk.required, 2);
    cr_assert(bk.ok, "%s", bk.note);
    ps_steady_free(st);
    fx_free(&x);
}

/* x_t = 1.1 x_{t+1} + e: the root 1/1.1 is inside the unit circle, so the
** forward solution is not unique (indeterminate): the count says so. */
Test(stacked, saddle_path_count_warns) {
    static const char *src = "model f annual;\nendogenous x;\nexogenous e;\n"
                             "identity x = 1.1 * x(+1) + e;\n";
    fx x;
    fx_load(&x, src, NULL, 3);
    ps_steady *st;
    ps_error err;
    cr_assert_eq(ps_steady_new(x.m, x.a, &st, &err), PS_OK, "%s", err.message);
    double row[4] = {0};
    row[col(&x, "e")] = 1.0;
    cr_assert_eq(ps_steady_solve(st, row, x.params, 0, 0, NULL, &err), PS_OK, "%s", err.message);
    cr_assert(fabs(row[col(&x, "x")] - 1 / (1 - 1.1)) < 1e-12);
    ps_bk bk;
    ps_steady_bk(st, row, x.params, &bk, &err);
    cr_assert(bk.checked && !bk.ok);
    cr_assert_eq(bk.explosive, 0);
    cr_assert(strstr(bk.note, "indeterminate"), "%s", bk.note);
    ps_steady_free(st);
    fx_free(&x);
}

Test(stacked, lead_lag_per_variable) {
    static const char *src = "model f annual;\nendogenous x, y;\nexogenous e;\n"
                             "identity x = 0.5 * x(+3) + y(-2) + e(+1);\n"
                             "equation diff(y) = 0.1 * x(+1);\n";
    ps_model *m;
    ps_error err;
    cr_assert_eq(ps_model_parse_string(src, strlen(src), "t", &m, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(m->maxlead, 3);
    cr_assert_eq(m->maxlag, 2);
    int lag[8], lead[8];
    ps_model_lead_lag(m, lag, lead);
    int xs = ps_model_find(m, "x"), ys = ps_model_find(m, "y"), es = ps_model_find(m, "e");
    cr_assert_eq(lead[xs], 3);
    cr_assert_eq(lag[xs], 0);
    cr_assert_eq(lag[ys], 2);
    cr_assert_eq(lead[ys], 0);
    cr_assert_eq(lead[es], 1);
    ps_model_free(m);
}

/* ---- errors ---- */

/* A pure forward unit root has no steady state: the default terminal
** condition cannot be built, and the message says what to do instead. */
Test(stacked, no_terminal_condition) {
    static const char *src = "model f annual;\nendogenous x;\nexogenous e;\n"
                             "identity x = x(+1) + e;\n";
    fx x;
    fx_load(&x, src, NULL, 10);
    for (int t = 0; t < 10; t++) ps_frame_set(x.f, col(&x, "e"), t, 1.0);
    ps_error err;
    int rc = ps_stacked_run(x.s, x.f, x.params, 0, 9, NULL, &err);
    cr_assert_eq(rc, PS_ERR_SOLVE, "%d %s", rc, err.message);
    cr_assert(strstr(err.message, "terminal steady state"), "%s", err.message);
    cr_assert(strstr(err.message, "terminal = path"), "%s", err.message);
    /* and terminal = path without the values is a data error naming them */
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.terminal = PS_TERMINAL_PATH;
    ps_stacked *s2;
    cr_assert_eq(ps_stacked_new(x.m, x.a, &o, &s2, &err), PS_OK);
    rc = ps_stacked_run(s2, x.f, x.params, 0, 9, NULL, &err);
    cr_assert_eq(rc, PS_ERR_DATA);
    cr_assert(strstr(err.message, "no value of x in 2010"), "%s", err.message);
    ps_stacked_free(s2);
    fx_free(&x);
}

/* x_t = y_{t+1}, y_t = x_{t-1}: x_t = x_t, nothing determines x before T. */
Test(stacked, singular_stacked_jacobian) {
    static const char *src = "model f annual;\nendogenous x, y;\n"
                             "identity x = y(+1);\nidentity y = x(-1);\n";
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.terminal = PS_TERMINAL_PATH;
    o.homotopy_steps = 0;
    fx x;
    fx_load(&x, src, &o, 8);
    for (int v = 0; v < 2; v++)
        for (int t = 0; t < 8; t++) ps_frame_set(x.f, v, t, 1.0);
    double before = ps_frame_get(x.f, 0, 3);
    ps_error err;
    int rc = ps_stacked_run(x.s, x.f, x.params, 1, 6, NULL, &err);
    cr_assert_eq(rc, PS_ERR_SOLVE, "%s", err.message);
    cr_assert(strstr(err.message, "singular"), "%s", err.message);
    cr_assert_eq(ps_frame_get(x.f, 0, 3), before);      /* frame untouched */
    fx_free(&x);
}

/* A log of a negative number names equation, variable and period. */
Test(stacked, domain_error_names_period) {
    static const char *src = "model f annual;\nendogenous x;\nexogenous e;\n"
                             "identity [fx] x = 0.5 * x(+1) + log(e);\n";
    fx x;
    fx_load(&x, src, NULL, 10);
    for (int t = 0; t < 10; t++) ps_frame_set(x.f, col(&x, "e"), t, t == 4 ? -1.0 : 1.0);
    ps_error err;
    int rc = ps_stacked_run(x.s, x.f, x.params, 0, 8, NULL, &err);
    cr_assert_eq(rc, PS_ERR_DOMAIN, "%d %s", rc, err.message);
    cr_assert(strstr(err.message, "equation [fx] in 2004"), "%s", err.message);
    cr_assert(strstr(err.message, "log of -1"), "%s", err.message);
    cr_assert_str_eq(err.period, "2004");
    fx_free(&x);
}

/* Too few iterations: non-convergence names the worst equation and period. */
Test(stacked, nonconvergence_and_homotopy) {
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.max_iter = 2;
    o.homotopy_steps = 0;
    fx x;
    fx_load(&x, BROCK, &o, 41);
    int c = col(&x, "c"), k = col(&x, "k");
    double al = 0.36, be = 0.95, kss = pow(al * be, 1 / (1 - al));
    ps_frame_set(x.f, k, 0, 0.05 * kss);
    ps_frame_set(x.f, c, 0, 0.0);
    ps_error err;
    int rc = ps_stacked_run(x.s, x.f, x.params, 1, 40, NULL, &err);
    cr_assert_eq(rc, PS_ERR_SOLVE, "%s", err.message);
    cr_assert(strstr(err.message, "did not converge in 2 iterations"), "%s", err.message);
    cr_assert(strstr(err.message, "equation ["), "%s", err.message);
    cr_assert(err.period[0] != '\0');
    fx_free(&x);
}

/* The project layer sends a model with leads to the stacked solver. */
Test(stacked, project_dispatch) {
    ps_model *m;
    ps_error err;
    cr_assert_eq(ps_model_parse_string(FWD1, strlen(FWD1), "f.model", &m, &err), PS_OK);
    ps_project *p;
    cr_assert_eq(ps_project_from_model(m, NULL, &p, &err), PS_OK, "%s", err.message);
    cr_assert_not_null(p->stacked);
    ps_frame *f;
    int t0, t1;
    cr_assert_eq(ps_project_frame(p, 2001, 2010, &f, &t0, &t1, &err), PS_OK, "%s", err.message);
    int e = ps_frame_col(f, "e"), xc = ps_frame_col(f, "x");
    for (int t = 0; t < f->nper; t++) ps_frame_set(f, e, t, 1.0);
    cr_assert_eq(ps_project_solve(p, f, NULL, t0, t1, NULL, &err), PS_OK, "%s", err.message);
    /* constant e = 1, terminal steady state 10: x = 10 throughout */
    for (int t = t0; t <= t1; t++) cr_assert(fabs(ps_frame_get(f, xc, t) - 10.0) < 1e-12);
    ps_frame_free(f);
    ps_project_free(p);
}

/* Brock-Mirman with TFP, c = (1 - alpha beta) exp(z) k(-1)^alpha for any
** path of z: a large temporary shock that Newton cannot solve in the few
** iterations allowed from the steady state is solved by homotopy on the
** shock size, and the path is the closed form. */
Test(stacked, homotopy_on_the_shock) {
    static const char *src =
        "model bm annual;\nendogenous c, k;\nexogenous z;\nparameter alpha = 0.36, beta = 0.95;\n"
        "identity c = c(+1) / (alpha * beta * exp(z(+1)) * k ^ (alpha - 1));\n"
        "identity k = exp(z) * k(-1) ^ alpha - c;\n";
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.max_iter = 6;
    o.homotopy_steps = 0;
    fx x;
    fx_load(&x, src, &o, 61);
    int c = col(&x, "c"), k = col(&x, "k"), z = col(&x, "z");
    double al = 0.36, be = 0.95, kss = pow(al * be, 1 / (1 - al));
    ps_frame_set(x.f, k, 0, kss);
    ps_frame_set(x.f, c, 0, (1 - al * be) * pow(kss, al));
    for (int t = 0; t < 61; t++) ps_frame_set(x.f, z, t, t >= 1 && t <= 3 ? 2.5 : 0.0);
    ps_error err;
    cr_assert_neq(ps_stacked_run(x.s, x.f, x.params, 1, 60, NULL, &err), PS_OK,
                  "the shock should need more than 6 iterations without homotopy");
    o.homotopy_steps = 64;
    ps_stacked *h;
    cr_assert_eq(ps_stacked_new(x.m, x.a, &o, &h, &err), PS_OK);
    cr_assert_eq(ps_stacked_run(h, x.f, x.params, 1, 60, NULL, &err), PS_OK, "%s", err.message);
    cr_assert_gt(ps_stacked_homotopy_steps(h), 1);
    double kk = kss;
    for (int t = 1; t <= 40; t++) {
        double y = exp(ps_frame_get(x.f, z, t)) * pow(kk, al), ct = (1 - al * be) * y;
        kk = al * be * y;
        cr_assert(fabs(ps_frame_get(x.f, c, t) - ct) <= 1e-9 * ct, "c t=%d: %.15g vs %.15g", t,
                  ps_frame_get(x.f, c, t), ct);
        cr_assert(fabs(ps_frame_get(x.f, k, t) - kk) <= 1e-9 * kk, "k t=%d", t);
    }
    ps_stacked_free(h);
    fx_free(&x);
}

/* A lead of an exogenous variable only reads data: a backward unit root
** (no steady state) with e(+1) still solves, period by period, with no
** terminal condition: y_t = y_{t-1} + e_{t+1}. */
Test(stacked, exogenous_lead_needs_no_terminal) {
    static const char *src = "model f annual;\nendogenous y;\nexogenous e;\n"
                             "identity y = y(-1) + e(+1);\n";
    fx x;
    fx_load(&x, src, NULL, 8);
    int y = col(&x, "y"), e = col(&x, "e");
    for (int t = 0; t < 8; t++) ps_frame_set(x.f, e, t, t);
    ps_frame_set(x.f, y, 0, 0.0);
    ps_error err;
    cr_assert_eq(ps_stacked_run(x.s, x.f, x.params, 1, 6, NULL, &err), PS_OK, "%s", err.message);
    /* y_t = sum_{s=1..t} (s + 1) = t (t + 3) / 2 */
    for (int t = 1; t <= 6; t++) cr_assert_eq(ps_frame_get(x.f, y, t), t * (t + 3) / 2.0, "t=%d", t);
    fx_free(&x);
}
