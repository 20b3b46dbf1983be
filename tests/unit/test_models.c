/*
** Whole-model tests: the example models of models/examples, loaded, framed and
** solved through the project API, against numbers that do not come from
** polsim:
**   keynes  the closed-form multipliers of the Keynesian cross;
**   solow   a period computed by hand and the closed-form steady state;
**   nonlin  Dynare 5.3's perfect-foresight paths of the same model
**           (tests/fixtures/dynare/nonlin.csv, made by make_fixtures.sh).
** The expected values below are written out from the model's parameters and
** the history files by hand (see each model's SOURCES.md), not read from the
** model, so a change to a model file shows up here.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "project/project.h"

#define EXAMPLES POLSIM_SOURCE_DIR "/models/examples/"

/* ---- helpers ---- */

static ps_project *load(const char *name) {
    ps_project *p = NULL;
    ps_error err;
    char path[512];
    snprintf(path, sizeof path, EXAMPLES "%s", name);
    int rc = ps_project_load(path, &p, &err);
    cr_assert_eq(rc, PS_OK, "loading %s: %s", path, err.message);
    return p;
}

static ps_frame *frame(const ps_project *p, long from, long to, int *t0, int *t1) {
    ps_frame *f = NULL;
    ps_error err;
    int rc = ps_project_frame(p, from, to, &f, t0, t1, &err);
    cr_assert_eq(rc, PS_OK, "frame %ld..%ld: %s", from, to, err.message);
    return f;
}

static void solve(ps_project *p, ps_frame *f, int t0, int t1, ps_solve_diag *diag) {
    ps_error err;
    int rc = ps_project_solve(p, f, NULL, t0, t1, diag, &err);
    cr_assert_eq(rc, PS_OK, "solve: %s (equation %s, variable %s, period %s)", err.message,
                 err.equation, err.variable, err.period);
}

static int col(const ps_frame *f, const char *name) {
    int c = ps_frame_col(f, name);
    cr_assert_geq(c, 0, "the frame has no column %s", name);
    return c;
}

/* Value of `name` in year `year` (annual ordinals are years). */
static double at(const ps_frame *f, const char *name, long year) {
    int t = ps_frame_index(f, year);
    cr_assert_geq(t, 0, "year %ld is outside the frame", year);
    return ps_frame_get(f, col(f, name), t);
}

static void set_at(ps_frame *f, const char *name, long year, double x) {
    int t = ps_frame_index(f, year);
    cr_assert_geq(t, 0, "year %ld is outside the frame", year);
    ps_frame_set(f, col(f, name), t, x);
}

/* |a - b| / max(|b|, 1): relative for values above 1, absolute below (the
** inflation rate crosses zero). */
static double reldiff(double a, double b) {
    double s = fabs(b) > 1.0 ? fabs(b) : 1.0;
    return fabs(a - b) / s;
}

#define assert_rel(got, want, tol, ...)                                                   \
    cr_assert_leq(reldiff((got), (want)), (tol), __VA_ARGS__)

/* ======================================================================
** keynes: c = c0 + mpc (y - t) + c_a;  y = c + i + g;  c0 = 40, mpc = 0.6.
** Solved by hand: y = (c0 - mpc t + i + g + c_a) / (1 - mpc).
** ====================================================================== */

#define K_C0 40.0
#define K_MPC 0.6
#define K_FROM 2025
#define K_TO 2030

/* 2024 row of models/examples/keynes/history.csv; levers are held there. */
#define K_I24 200.0
#define K_G24 180.0
#define K_T24 150.0

Test(keynes, baseline_is_the_closed_form_with_levers_held_and_no_add_factor) {
    ps_project *p = load("keynes");
    int t0, t1;
    ps_frame *f = frame(p, K_FROM, K_TO, &t0, &t1);
    solve(p, f, t0, t1, NULL);
    /* y = (40 - 0.6*150 + 200 + 180) / 0.4 = 825, c = 825 - 380 = 445. */
    double y = (K_C0 - K_MPC * K_T24 + K_I24 + K_G24) / (1.0 - K_MPC);
    cr_assert_float_eq(y, 825.0, 1e-12);
    for (long yr = K_FROM; yr <= K_TO; yr++) {
        assert_rel(at(f, "y", yr), y, 1e-12, "y in %ld: %.15g, want %.15g", yr, at(f, "y", yr), y);
        assert_rel(at(f, "c", yr), y - K_I24 - K_G24, 1e-12, "c in %ld", yr);
        cr_assert_eq(at(f, "c_a", yr), 0.0, "projection add-factor should default to 0");
    }
    ps_frame_free(f);
    ps_project_free(p);
}

/* Solve the baseline and a copy with `lever` raised by `dx` in [from, to];
** return the frame difference of y and c in every projection year. */
static void keynes_response(const char *lever, double dx, long from, long to,
                            double dy[], double dc[]) {
    ps_project *p = load("keynes");
    int t0, t1;
    ps_frame *base = frame(p, K_FROM, K_TO, &t0, &t1);
    ps_frame *alt = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_copy(base, &alt, &err), PS_OK, "%s", err.message);
    for (long yr = from; yr <= to; yr++) set_at(alt, lever, yr, at(alt, lever, yr) + dx);
    solve(p, base, t0, t1, NULL);
    solve(p, alt, t0, t1, NULL);
    for (long yr = K_FROM; yr <= K_TO; yr++) {
        dy[yr - K_FROM] = at(alt, "y", yr) - at(base, "y", yr);
        dc[yr - K_FROM] = at(alt, "c", yr) - at(base, "c", yr);
    }
    ps_frame_free(alt);
    ps_frame_free(base);
    ps_project_free(p);
}

Test(keynes, spending_multiplier_is_one_over_one_minus_mpc) {
    double dy[K_TO - K_FROM + 1], dc[K_TO - K_FROM + 1];
    keynes_response("g", 1.0, K_FROM, K_TO, dy, dc);
    double mult = 1.0 / (1.0 - K_MPC); /* 2.5 */
    for (int k = 0; k <= K_TO - K_FROM; k++) {
        cr_assert_float_eq(dy[k], mult, 1e-9, "dy/dg in %d: %.15g, want %.15g", K_FROM + k,
                           dy[k], mult);
        cr_assert_float_eq(dc[k], mult - 1.0, 1e-9, "dc/dg in %d: %.15g", K_FROM + k, dc[k]);
    }
}

Test(keynes, a_one_year_shock_moves_only_that_year) {
    /* The model is static: a shock to investment in 2027 only moves 2027. */
    double dy[K_TO - K_FROM + 1], dc[K_TO - K_FROM + 1];
    keynes_response("i", 10.0, 2027, 2027, dy, dc);
    for (int k = 0; k <= K_TO - K_FROM; k++) {
        double want = (K_FROM + k == 2027) ? 10.0 / (1.0 - K_MPC) : 0.0;
        cr_assert_float_eq(dy[k], want, 1e-9, "dy in %d: %.15g, want %.15g", K_FROM + k, dy[k],
                           want);
    }
}

Test(keynes, tax_multiplier_is_minus_mpc_over_one_minus_mpc) {
    double dy[K_TO - K_FROM + 1], dc[K_TO - K_FROM + 1];
    keynes_response("t", 1.0, K_FROM, K_TO, dy, dc);
    double mult = -K_MPC / (1.0 - K_MPC); /* -1.5 */
    for (int k = 0; k <= K_TO - K_FROM; k++)
        cr_assert_float_eq(dy[k], mult, 1e-9, "dy/dt in %d: %.15g, want %.15g", K_FROM + k,
                           dy[k], mult);
}

Test(keynes, balanced_budget_multiplier_is_one) {
    ps_project *p = load("keynes");
    int t0, t1;
    ps_frame *f = frame(p, K_FROM, K_TO, &t0, &t1);
    for (long yr = K_FROM; yr <= K_TO; yr++) {
        set_at(f, "g", yr, K_G24 + 5.0);
        set_at(f, "t", yr, K_T24 + 5.0);
    }
    solve(p, f, t0, t1, NULL);
    for (long yr = K_FROM; yr <= K_TO; yr++)
        cr_assert_float_eq(at(f, "y", yr), 825.0 + 5.0, 1e-9, "y in %ld: %.15g", yr,
                           at(f, "y", yr));
    ps_frame_free(f);
    ps_project_free(p);
}

Test(keynes, add_factors_make_the_model_reproduce_its_history) {
    ps_project *p = load("keynes");
    int t0, t1;
    ps_frame *f = frame(p, 2015, 2024, &t0, &t1);
    /* Hand-computed residuals c - 40 - 0.6 (y - t) of the history file. */
    cr_assert_float_eq(at(f, "c_a", 2015), 322.6 - 40 - 0.6 * (575.4 - 100.9), 1e-9);
    cr_assert_float_eq(at(f, "c_a", 2015), -2.1, 1e-9);
    cr_assert_float_eq(at(f, "c_a", 2024), 1.2, 1e-9);
    /* Start Newton far from the data: it must find the data again. */
    for (long yr = 2015; yr <= 2024; yr++) {
        set_at(f, "y", yr, 1.0);
        set_at(f, "c", yr, 1.0);
    }
    solve(p, f, t0, t1, NULL);
    static const double y_hist[] = {575.4, 619.2, 626.5, 661.4, 678.9,
                                    711.3, 728.4, 771.4, 788.8, 828.0};
    static const double c_hist[] = {322.6, 349.6, 350.4, 366.9, 377.4,
                                    389.6, 399.1, 420.0, 429.0, 448.0};
    for (long yr = 2015; yr <= 2024; yr++) {
        assert_rel(at(f, "y", yr), y_hist[yr - 2015], 1e-10, "y in %ld: %.15g", yr,
                   at(f, "y", yr));
        assert_rel(at(f, "c", yr), c_hist[yr - 2015], 1e-10, "c in %ld: %.15g", yr,
                   at(f, "c", yr));
    }
    ps_frame_free(f);
    ps_project_free(p);
}

/* ======================================================================
** solow: k = (1-delta) k(-1) + inv(-1); l = (1+n) l(-1);
**        log y = log a + alpha log k + (1-alpha) log l; inv = s y.
** alpha = 0.35, delta = 0.06, n = 0.01.
** ====================================================================== */

#define S_ALPHA 0.35
#define S_DELTA 0.06
#define S_N 0.01

/* k* = (s a / (n + delta))^(1 / (1 - alpha)) per worker. */
static double solow_kstar(double s, double a) {
    return pow(s * a / (S_N + S_DELTA), 1.0 / (1.0 - S_ALPHA));
}

Test(solow, first_projection_year_by_hand) {
    ps_project *p = load("solow");
    int t0, t1;
    ps_frame *f = frame(p, 2025, 2025, &t0, &t1);
    solve(p, f, t0, t1, NULL);
    /* 2024 row of history.csv: k 23.2789, l 5.07894, inv 2.16336, a 1, s 0.25. */
    double k = (1 - S_DELTA) * 23.2789 + 2.16336; /* 24.045526 */
    double l = 5.07894 * (1 + S_N);               /* 5.1297294 */
    double y = 1.0 * pow(k, S_ALPHA) * pow(l, 1 - S_ALPHA);
    cr_assert_float_eq(k, 24.045526, 1e-12);
    assert_rel(at(f, "k", 2025), k, 1e-12, "k 2025: %.15g, want %.15g", at(f, "k", 2025), k);
    assert_rel(at(f, "l", 2025), l, 1e-12, "l 2025: %.15g", at(f, "l", 2025));
    assert_rel(at(f, "y", 2025), y, 1e-12, "y 2025: %.15g, want %.15g", at(f, "y", 2025), y);
    assert_rel(at(f, "inv", 2025), 0.25 * y, 1e-12, "inv 2025");
    assert_rel(at(f, "kpw", 2025), k / l, 1e-12, "kpw 2025");
    assert_rel(at(f, "ypw", 2025), y / l, 1e-12, "ypw 2025");
    ps_frame_free(f);
    ps_project_free(p);
}

/* Project 600 years with `s` (NAN: the held 2024 value 0.25) and check the
** last year against the steady state.  Convergence rate per year:
** (1 - delta + alpha (n + delta)) / (1 + n) = 0.9550, so after 600 years the
** gap is 0.955^600 ~ 1e-12 of the initial one (4.58 vs 7.09): the tolerance,
** 1e-9 relative, is dominated by neither convergence nor rounding. */
static void solow_steady_state(double s) {
    const long from = 2025, to = 2624;
    ps_project *p = load("solow");
    int t0, t1;
    ps_frame *f = frame(p, from, to, &t0, &t1);
    if (!isnan(s))
        for (long yr = from; yr <= to; yr++) set_at(f, "s", yr, s);
    else
        s = 0.25;
    solve(p, f, t0, t1, NULL);
    double kstar = solow_kstar(s, 1.0), ystar = pow(kstar, S_ALPHA);
    assert_rel(at(f, "kpw", to), kstar, 1e-9, "k per worker %.15g, want k* = %.15g",
               at(f, "kpw", to), kstar);
    assert_rel(at(f, "ypw", to), ystar, 1e-9, "y per worker %.15g, want y* = %.15g",
               at(f, "ypw", to), ystar);
    /* Capital grows with the labour force on the balanced path. */
    assert_rel(at(f, "k", to) / at(f, "k", to - 1), 1 + S_N, 1e-9, "growth of k");
    /* Halfway there it is still visibly away from k*: the test is not trivial. */
    cr_assert_gt(fabs(at(f, "kpw", 2035) / kstar - 1), 1e-3);
    ps_frame_free(f);
    ps_project_free(p);
}

Test(solow, converges_to_the_closed_form_steady_state) {
    cr_assert_float_eq(solow_kstar(0.25, 1.0), 7.08803911677, 1e-10);
    solow_steady_state(NAN);
}

Test(solow, a_higher_saving_rate_raises_the_steady_state) {
    /* k* = (0.30 / 0.07)^(1 / 0.65) = 9.3957... */
    solow_steady_state(0.30);
}

/* ======================================================================
** nonlin versus Dynare.
** ====================================================================== */

#define DYNARE_CSV POLSIM_SOURCE_DIR "/tests/fixtures/dynare/nonlin.csv"
#define NL_FROM 2025
#define NL_TO 2064

static const char *const nl_endo[] = {"y", "c", "inv", "tax", "r", "p", "infl"};
static const char *const nl_exo[] = {"g", "m", "trate", "ystar"};
#define NL_NENDO (int)(sizeof nl_endo / sizeof nl_endo[0])
#define NL_NEXO (int)(sizeof nl_exo / sizeof nl_exo[0])

static ps_frame *read_dynare(void) {
    ps_frame *d = NULL;
    ps_error err;
    int rc = ps_frame_read_csv(DYNARE_CSV, PS_FREQ_ANNUAL, &d, &err);
    cr_assert_eq(rc, PS_OK, "%s", err.message);
    cr_assert_eq(d->start, 2024);
    cr_assert_eq(d->nper, NL_TO - 2024 + 1);
    return d;
}

/* The exogenous paths Dynare simulated (its initval plus shocks). */
static void apply_dynare_exogenous(ps_frame *f, const ps_frame *d) {
    for (int v = 0; v < NL_NEXO; v++)
        for (long yr = NL_FROM; yr <= NL_TO; yr++)
            set_at(f, nl_exo[v], yr, at(d, nl_exo[v], yr));
}

/* Solve the Dynare scenario with solver tolerance `tol` (0: the default) and
** return the largest relative difference to Dynare's paths. */
static double nonlin_vs_dynare(double tol) {
    ps_frame *d = read_dynare();
    ps_project *p = load("nonlin");
    ps_error err;
    if (tol > 0) {
        ps_solve_opts o;
        ps_solve_opts_init(&o);
        o.tol = tol;
        cr_assert_eq(ps_project_set_opts(p, &o, &err), PS_OK, "%s", err.message);
    }
    cr_assert_eq(p->analysis->largest_block, 6, "y, c, tax, inv, r, p are one block");
    int t0, t1;
    ps_frame *f = frame(p, NL_FROM, NL_TO, &t0, &t1);
    /* Dynare's histval is the 2024 row of history.csv. */
    for (int v = 0; v < NL_NENDO; v++)
        cr_assert_eq(at(f, nl_endo[v], 2024), at(d, nl_endo[v], 2024),
                     "initial value of %s differs from Dynare's histval", nl_endo[v]);
    apply_dynare_exogenous(f, d);
    ps_solve_diag diag;
    solve(p, f, t0, t1, &diag);
    cr_assert_eq(diag.periods, NL_TO - NL_FROM + 1);
    cr_assert_eq(diag.blocks_solved, NL_TO - NL_FROM + 1, "one Newton block a year");

    double worst = 0;
    const char *wv = "";
    long wy = 0;
    for (int v = 0; v < NL_NENDO; v++)
        for (long yr = NL_FROM; yr <= NL_TO; yr++) {
            double e = reldiff(at(f, nl_endo[v], yr), at(d, nl_endo[v], yr));
            if (!(e <= worst)) { /* also catches NaN */
                worst = e;
                wv = nl_endo[v];
                wy = yr;
            }
        }
    cr_log_info("nonlin vs Dynare, tol %g: largest relative difference %.3g (%s, %ld): "
                "polsim %.17g, Dynare %.17g", tol, worst, wv, wy, at(f, wv, wy), at(d, wv, wy));
    /* The shocks matter: the simulation is far from the no-shock baseline. */
    cr_assert_gt(fabs(at(d, "y", 2025) - at(d, "y", 2024)), 10.0);
    ps_frame_free(f);
    ps_project_free(p);
    ps_frame_free(d);
    return worst;
}

Test(nonlin, matches_dynare_perfect_foresight_to_1e_8) {
    /* Default solver options (tol 1e-10 on scaled residuals); measured: 2.7e-10. */
    double worst = nonlin_vs_dynare(0);
    cr_assert_leq(worst, 1e-8, "largest relative difference %.3g (> 1e-8)", worst);
}

Test(nonlin, with_a_tight_tolerance_matches_dynare_to_1e_11) {
    /* Dynare's reference was solved to absolute residuals below 1e-12
    ** (measured 8e-13); with polsim's tolerance at 1e-13 the two agree to
    ** what Dynare's residual allows (measured: 3e-13), so the 1e-8 above is
    ** polsim's default tolerance, not a difference of models. */
    double worst = nonlin_vs_dynare(1e-13);
    cr_assert_leq(worst, 1e-11, "largest relative difference %.3g (> 1e-11)", worst);
}

Test(nonlin, history_fits_the_model_up_to_data_rounding) {
    /* history.csv is Dynare's simulation written with 6 significant digits
    ** (relative rounding <= 5e-6), so every add-factor, measured on the scale
    ** of its left side, is of that order; 1e-4 allows the amplification of
    ** the interest equation (log errors divided by k2 = 0.1).  Scales: the
    ** log equations are already relative; tax and r are levels; pct(p) is in
    ** percent. */
    ps_project *p = load("nonlin");
    int t0, t1;
    ps_frame *f = frame(p, 2013, 2024, &t0, &t1);
    static const struct { const char *af, *level; double scale; } eq[] = {
        {"c_a", NULL, 1.0}, {"inv_a", NULL, 1.0}, {"tax_a", "tax", 0.0},
        {"r_a", "r", 0.0},  {"p_a", NULL, 100.0},
    };
    for (size_t k = 0; k < sizeof eq / sizeof eq[0]; k++)
        for (long yr = 2013; yr <= 2024; yr++) {
            double x = at(f, eq[k].af, yr);
            double scale = eq[k].level ? fabs(at(f, eq[k].level, yr)) : eq[k].scale;
            cr_assert(isfinite(x) && fabs(x) / scale < 1e-4, "%s in %ld is %g (scale %g)",
                      eq[k].af, yr, x, scale);
        }
    /* ... and they are not all zero: the history is data, not model output. */
    cr_assert_neq(at(f, "tax_a", 2013), 0.0);
    ps_frame_free(f);
    ps_project_free(p);
}

Test(nonlin, impossible_tax_rate_is_reported_with_equation_and_period) {
    /* With a tax rate of 3, tax = 3 y sqrt(y / 1000) exceeds output once y
    ** passes 111, but output is at least government spending (200): y - tax
    ** in log(y - tax) cannot be positive, so there is no solution.  The
    ** solver must say so, naming the period, and not crash. */
    ps_project *p = load("nonlin");
    int t0, t1;
    ps_frame *f = frame(p, NL_FROM, NL_TO, &t0, &t1);
    for (long yr = NL_FROM; yr <= NL_TO; yr++) set_at(f, "trate", yr, 3.0);
    ps_error err;
    int rc = ps_project_solve(p, f, NULL, t0, t1, NULL, &err);
    cr_assert(rc == PS_ERR_SOLVE || rc == PS_ERR_DOMAIN, "status %d (%s)", rc, err.message);
    cr_assert_str_eq(err.period, "2025", "message: %s", err.message);
    cr_assert_neq(err.equation[0], '\0', "the equation should be named: %s", err.message);
    ps_frame_free(f);
    ps_project_free(p);
}
