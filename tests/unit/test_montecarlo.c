/*
** Monte Carlo (polsim/montecarlo.h) against numbers that do not come from
** it: the Keynesian cross's closed form (models/examples/keynes: y = (c0 -
** mpc t + i + g) / (1 - mpc), mpc = 0.6), each distribution's closed-form
** moments, Random123's known-answer vectors for Philox4x32-10, and the
** historical add-factors of models/examples/nonlin computed here by hand
** from its history.csv.
**
** Sampling tolerances: a mean within 5 standard errors (sd / sqrt(n)), a
** quantile within 5 of its asymptotic standard errors sqrt(q (1-q) / n) /
** f(x_q), a probability within 5 binomial standard errors, an sd within 2 %
** (its relative standard error at 100,000 draws is below 0.5 % for every
** distribution here).  With a fixed seed the draws are fixed, so these
** tests pass or fail the same way every time; the tolerances say how far
** an honest estimate may stray.
*/
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"
#include "analysis/philox.h"
#include "frame/frame.h"
#include "analysis/montecarlo.h"

#define N 100000L

static ps_project *load(const char *path) {
    ps_project *p = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_project_load(path, &p, &err), PS_OK, "%s", err.message);
    return p;
}

static int sym(const ps_project *p, const char *name) {
    int s = ps_model_find(p->model, name);
    cr_assert_geq(s, 0, "no symbol %s", name);
    return s;
}

static ps_scenario *scen(ps_project *p, long from, long to) {
    ps_scenario *s = NULL;
    ps_error err;
    cr_assert_eq(ps_scenario_new(p, "base", from, to, &s, &err), PS_OK, "%s", err.message);
    return s;
}

static ps_mc *run(ps_scenario *s, const ps_mc_opts *o) {
    ps_mc *mc = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_mc_run(s, o, &mc, &err), PS_OK, "%s", err.message);
    return mc;
}

static double mstat(int (*fn)(const ps_mc *, int, long, int, double *, ps_error *),
                   const ps_mc *mc, int k, long p, int growth) {
    double x;
    ps_error err;
    cr_assert_eq(fn(mc, k, p, growth, &x, &err), PS_OK, "%s", err.message);
    return x;
}

static double quant(const ps_mc *mc, int k, long p, int growth, double q) {
    double x;
    ps_error err;
    cr_assert_eq(ps_mc_quantile(mc, k, p, growth, q, &x, &err), PS_OK, "%s", err.message);
    return x;
}

static double prob(const ps_mc *mc, int k, long p, ps_mc_op op, double v) {
    double x;
    ps_error err;
    cr_assert_eq(ps_mc_prob(mc, k, p, 0, op, v, &x, &err), PS_OK, "%s", err.message);
    return x;
}

static double npdf(double z) { return exp(-0.5 * z * z) / sqrt(2 * 3.14159265358979323846); }

/* ---- the generator ---- */

Test(philox, random123_known_answers) {
    /* Random123 1.09, examples/kat_vectors: counter[4] key[2] -> out[4] */
    static const uint32_t v[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d,
         0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09,
         0x94fdcceb, 0x5001e420, 0x24126ea1}};
    for (int i = 0; i < 3; i++) {
        uint32_t out[4];
        ps_philox4x32_10(v[i], v[i] + 4, out);
        for (int j = 0; j < 4; j++) cr_expect_eq(out[j], v[i][6 + j], "vector %d word %d", i, j);
    }
}

Test(philox, streams_of_draws_differ_and_repeat) {
    gsl_rng *a = gsl_rng_alloc(ps_rng_philox4x32), *b = gsl_rng_alloc(ps_rng_philox4x32);
    ps_philox_stream(a, 42, 7);
    ps_philox_stream(b, 42, 8);
    unsigned long x7 = gsl_rng_get(a);
    cr_expect_neq(x7, gsl_rng_get(b));
    ps_philox_stream(a, 42, 7);
    cr_expect_eq(gsl_rng_get(a), x7);
    /* stream 7 of key 42 is Philox of counter (0, 0, 7, 0) under key (42, 0) */
    uint32_t ctr[4] = {0, 0, 7, 0}, key[2] = {42, 0}, out[4];
    ps_philox4x32_10(ctr, key, out);
    cr_expect_eq(x7, out[0]);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* ---- the linear model's closed form ---- */

/* keynes over 2025..2027 with t = 150 set, c0 ~ N(40, 5), i ~ N(200, 4),
** g ~ N(50, 3) drawn per period: y = (c0 - 90 + i + g) / 0.4 ~
** N(500, sqrt(50) / 0.4). */
static ps_mc *keynes_normal(ps_project *p, ps_scenario *s, int threads) {
    ps_error err;
    double t = 150;
    cr_assert_eq(ps_scenario_set(s, sym(p, "t"), 2025, 2027, &t, 1, &err), PS_OK);
    ps_mc_param par = {sym(p, "c0"), {PS_DIST_NORMAL, 40, 5, 0, 0, NULL, 0}};
    ps_mc_exo exo[2] = {
        {sym(p, "i"), {PS_DIST_NORMAL, 200, 4, 0, 0, NULL, 0}, PS_MC_LEVEL, 0, 2025, 2027},
        {sym(p, "g"), {PS_DIST_NORMAL, 50, 3, 0, 0, NULL, 0}, PS_MC_LEVEL, 0, 2025, 2027}};
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = N;
    o.seed = 2024;
    o.threads = threads;
    o.params = &par;
    o.nparams = 1;
    o.exo = exo;
    o.nexo = 2;
    return run(s, &o);
}

Test(montecarlo, linear_model_matches_closed_form) {
    ps_project *p = load("models/examples/keynes");
    ps_scenario *s = scen(p, 2025, 2027);
    ps_mc *mc = keynes_normal(p, s, 2);
    int k = ps_mc_record_index(mc, sym(p, "y"));
    cr_assert_geq(k, 0);
    double mu = 500, sd = sqrt(50.0) / 0.4, se = sd / sqrt((double)N);
    cr_expect_eq(ps_mc_failed(mc), 0);
    for (long yr = 2025; yr <= 2027; yr++) {
        cr_expect(fabs(mstat(ps_mc_mean, mc, k, yr, 0) - mu) < 5 * se, "mean %ld", yr);
        cr_expect(fabs(mstat(ps_mc_sd, mc, k, yr, 0) / sd - 1) < 0.02, "sd %ld", yr);
        static const double qs[] = {0.05, 0.10, 0.25, 0.5, 0.75, 0.90, 0.95};
        for (int j = 0; j < 7; j++) {
            double z = gsl_cdf_ugaussian_Pinv(qs[j]);
            double want = mu + sd * z;
            double qse = sqrt(qs[j] * (1 - qs[j]) / (double)N) / (npdf(z) / sd);
            double got = quant(mc, k, yr, 0, qs[j]);
            cr_expect(fabs(got - want) < 5 * qse, "q%.2f %ld: %g vs %g (se %g)", qs[j], yr, got,
                      want, qse);
        }
        /* P(y >= 520) = Q(20 / sd) */
        double pw = gsl_cdf_ugaussian_Q(20 / sd), pse = sqrt(pw * (1 - pw) / (double)N);
        cr_expect(fabs(prob(mc, k, yr, PS_MC_GE, 520) - pw) < 5 * pse, "prob %ld", yr);
        cr_expect(fabs(prob(mc, k, yr, PS_MC_LT, 520) - (1 - pw)) < 5 * pse);
    }
    /* growth of 2025 over the history's 2024 (y = 828 in history.csv) is a
    ** monotone map of the level: its median is 100 (500 / 828 - 1) */
    double gmed = quant(mc, k, 2025, 1, 0.5);
    double want = 100 * (mu / 828 - 1), gse = 100 / 828.0 * 1.2533 * se;
    cr_expect(fabs(gmed - want) < 5 * gse, "growth median %g vs %g", gmed, want);
    ps_mc_free(mc);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ---- each distribution's moments ---- */

static void check_dist(ps_dist d, double mean, double var, double lo, double hi) {
    ps_project *p = load("models/examples/keynes");
    ps_scenario *s = scen(p, 2025, 2025);
    int i = sym(p, "i");
    ps_mc_exo exo = {i, d, PS_MC_LEVEL, 0, 2025, 2025};
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = N;
    o.seed = 99;
    o.threads = 2;
    o.exo = &exo;
    o.nexo = 1;
    o.record = &i;
    o.nrecord = 1;
    ps_mc *mc = run(s, &o);
    double m = mstat(ps_mc_mean, mc, 0, 2025, 0), sd = mstat(ps_mc_sd, mc, 0, 2025, 0);
    cr_expect(fabs(m - mean) < 5 * sqrt(var / (double)N), "%s mean %g vs %g",
              ps_dist_name(d.kind), m, mean);
    cr_expect(fabs(sd / sqrt(var) - 1) < 0.02, "%s sd %g vs %g", ps_dist_name(d.kind), sd,
              sqrt(var));
    cr_expect_geq(quant(mc, 0, 2025, 0, 0), lo, "%s below its support", ps_dist_name(d.kind));
    cr_expect_leq(quant(mc, 0, 2025, 0, 1), hi, "%s above its support", ps_dist_name(d.kind));
    ps_mc_free(mc);
    ps_scenario_free(s);
    ps_project_free(p);
}

Test(dist, normal) { check_dist((ps_dist){PS_DIST_NORMAL, 3, 2, 0, 0, NULL, 0}, 3, 4, -INFINITY, INFINITY); }

Test(dist, lognormal) {
    double mu = 1, s2 = 0.25; /* mean e^(mu + s2/2), var (e^s2 - 1) e^(2 mu + s2) */
    check_dist((ps_dist){PS_DIST_LOGNORMAL, mu, 0.5, 0, 0, NULL, 0}, exp(mu + s2 / 2),
               (exp(s2) - 1) * exp(2 * mu + s2), 0, INFINITY);
}

Test(dist, uniform) {
    check_dist((ps_dist){PS_DIST_UNIFORM, -1, 5, 0, 0, NULL, 0}, 2, 36.0 / 12, -1, 5);
}

Test(dist, triangular) {
    double a = 1, b = 10, c = 3; /* mean (a+b+c)/3, var (a2+b2+c2-ab-ac-bc)/18 */
    check_dist((ps_dist){PS_DIST_TRIANGULAR, a, b, c, 0, NULL, 0}, (a + b + c) / 3,
               (a * a + b * b + c * c - a * b - a * c - b * c) / 18, a, b);
}

Test(dist, truncnormal) {
    /* N(1, 2^2) on [0, 6]: alpha = -0.5, beta = 2.5, Z = Phi(beta) - Phi(alpha),
    ** mean mu + sd (phi(a) - phi(b)) / Z,
    ** var sd^2 (1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2) */
    double mu = 1, sd = 2, a = -0.5, b = 2.5;
    double Z = 0.5 * erfc(-b / sqrt(2)) - 0.5 * erfc(-a / sqrt(2));
    double r = (npdf(a) - npdf(b)) / Z;
    check_dist((ps_dist){PS_DIST_TRUNCNORMAL, mu, sd, 0, 6, NULL, 0}, mu + sd * r,
               sd * sd * (1 + (a * npdf(a) - b * npdf(b)) / Z - r * r), 0, 6);
}

Test(dist, truncnormal_far_tail) {
    /* N(0, 1) on [4, 5]: the inverse must work in the upper tail, where
    ** Phi(4) rounds to 1 - 3.2e-5 and loses its digits. */
    double a = 4, b = 5;
    double Z = 0.5 * erfc(a / sqrt(2)) - 0.5 * erfc(b / sqrt(2));
    double r = (npdf(a) - npdf(b)) / Z;
    check_dist((ps_dist){PS_DIST_TRUNCNORMAL, 0, 1, a, b, NULL, 0}, r,
               1 + (a * npdf(a) - b * npdf(b)) / Z - r * r, a, b);
}

Test(dist, choice) {
    static const double v[] = {1, 2, 2, 7}; /* mean 3, population var (4+1+1+16)/4 */
    check_dist((ps_dist){PS_DIST_CHOICE, 0, 0, 0, 0, v, 4}, 3, 5.5, 1, 7);
}

/* ---- shifts ---- */

Test(montecarlo, ar1_shift_has_closed_form_variance) {
    /* e(t) = 0.5 e(t-1) + u(t), u ~ N(0, 2^2), e(2024) = 0: var e(2025) = 4,
    ** e(2026) = 4 (1 + 0.25), e(2027) = 4 (1 + 0.25 + 0.0625); added to the
    ** scenario's g, held at 180 from 2024 (history.csv). */
    ps_project *p = load("models/examples/keynes");
    ps_scenario *s = scen(p, 2025, 2027);
    int g = sym(p, "g");
    double g0 = 180;
    ps_error err;
    cr_assert_eq(ps_scenario_set(s, g, 2025, 2027, &g0, 1, &err), PS_OK);
    ps_mc_exo exo = {g, {PS_DIST_NORMAL, 0, 2, 0, 0, NULL, 0}, PS_MC_SHIFT, 0.5, 2025, 2027};
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = N;
    o.exo = &exo;
    o.nexo = 1;
    o.record = &g;
    o.nrecord = 1;
    ps_mc *mc = run(s, &o);
    double v[3] = {4, 5, 5.25};
    for (int t = 0; t < 3; t++) {
        cr_expect(fabs(mstat(ps_mc_mean, mc, 0, 2025 + t, 0) - 180) < 5 * sqrt(v[t] / N));
        cr_expect(fabs(mstat(ps_mc_sd, mc, 0, 2025 + t, 0) / sqrt(v[t]) - 1) < 0.02, "t %d", t);
    }
    ps_mc_free(mc);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ---- same seed, same bytes, whatever the threads ---- */

static char *write_and_read(const ps_mc *mc, const char *dir, const char *name) {
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ps_error err;
    cr_assert_eq(ps_mc_write_json(mc, path, &err), PS_OK, "%s", err.message);
    return tk_slurp(path);
}

Test(montecarlo, same_bytes_for_1_2_4_threads) {
    ps_project *p = load("models/examples/nonlin");
    ps_scenario *s = scen(p, 2025, 2028);
    const char *dir = tk_tmp_dir("mc-threads");
    /* choice {0.21, 3} for the tax rate: 3 makes y - tax negative under the
    ** log, so about half the draws fail; failures must be identical too */
    static const double rates[] = {0.21, 0.22, 3};
    int keep[2] = {sym(p, "y"), sym(p, "c")};
    ps_mc_param par = {sym(p, "a1"), {PS_DIST_TRUNCNORMAL, 0.7, 0.05, 0.5, 0.9, NULL, 0}};
    ps_mc_exo exo = {sym(p, "trate"), {PS_DIST_CHOICE, 0, 0, 0, 0, rates, 3}, PS_MC_LEVEL, 0,
                     2026, 2026};
    char *text[3];
    for (int i = 0; i < 3; i++) {
        ps_mc_opts o;
        ps_mc_opts_init(&o);
        o.draws = 3000;
        o.seed = 5;
        o.threads = 1 << i;
        o.params = &par;
        o.nparams = 1;
        o.exo = &exo;
        o.nexo = 1;
        o.residuals = PS_MC_RESID_BOOTSTRAP;
        o.keep = keep;
        o.nkeep = 2;
        ps_mc *mc = run(s, &o);
        cr_expect_gt(ps_mc_failed(mc), 0);
        char name[32];
        snprintf(name, sizeof name, "t%d.json", 1 << i);
        text[i] = write_and_read(mc, dir, name);
        ps_mc_free(mc);
    }
    cr_expect_str_eq(text[0], text[1], "threads 1 vs 2");
    cr_expect_str_eq(text[0], text[2], "threads 1 vs 4");
    for (int i = 0; i < 3; i++) free(text[i]);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ---- failed draws ---- */

Test(montecarlo, failed_draws_are_counted_not_fatal) {
    /* trate = 3 in 2025 leaves no y with y - tax > 0 (tax >= 3 y (y / ystar)
    ** ^ 0.5 needs y < ystar / 9, below g alone): those draws fail; with
    ** trate = 0.21 (the history's rate) the draw is the plain projection. */
    ps_project *p = load("models/examples/nonlin");
    ps_scenario *s = scen(p, 2025, 2026);
    static const double rates[] = {0.21, 3};
    ps_mc_exo exo = {sym(p, "trate"), {PS_DIST_CHOICE, 0, 0, 0, 0, rates, 2}, PS_MC_LEVEL, 0,
                     2025, 2025};
    double r21 = 0.21;
    ps_error err;
    cr_assert_eq(ps_scenario_set(s, sym(p, "trate"), 2025, 2026, &r21, 1, &err), PS_OK);
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = 4000;
    o.exo = &exo;
    o.nexo = 1;
    ps_mc *mc = run(s, &o);
    long f = ps_mc_failed(mc);
    cr_expect(fabs((double)f - 2000) < 5 * sqrt(4000 * 0.25), "failed %ld of 4000", f);
    long d;
    const ps_error *fe = ps_mc_first_failure(mc, &d);
    cr_assert_not_null(fe);
    cr_expect(fe->code == PS_ERR_DOMAIN || fe->code == PS_ERR_SOLVE, "code %d", fe->code);
    cr_expect_str_eq(fe->period, "2025");
    /* the draws that succeeded are the plain run: sd 0, mean = its value */
    ps_result *r = NULL;
    cr_assert_eq(ps_scenario_run(s, &r, &err), PS_OK, "%s", err.message);
    int k = ps_mc_record_index(mc, sym(p, "y"));
    double want = r->data[(size_t)(2025 - r->start) * (size_t)r->nvar + (size_t)ps_result_col(r, "y")];
    cr_expect_float_eq(mstat(ps_mc_mean, mc, k, 2025, 0), want, 1e-9 * want);
    cr_expect_float_eq(mstat(ps_mc_sd, mc, k, 2025, 0), 0, 1e-9 * want);
    cr_expect(isnan(ps_mc_value(mc, k, 2025, d, 0)), "a failed draw has no value");
    ps_result_free(r);
    ps_mc_free(mc);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ---- residual shocks ---- */

/* nonlin's historical add-factors, by hand from history.csv and the
** parameters in nonlin.model: af[year][eq] for consumption, tax,
** investment, interest, prices (the order of the equations). */
static int nonlin_addfactors(double af[][5], long *years) {
    ps_frame *h = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_read_csv("models/examples/nonlin/history.csv", 0, &h, &err), PS_OK);
    int cy = ps_frame_col(h, "y"), cc = ps_frame_col(h, "c"), ci = ps_frame_col(h, "inv"),
        ct = ps_frame_col(h, "tax"), cr = ps_frame_col(h, "r"), cp = ps_frame_col(h, "p"),
        cinf = ps_frame_col(h, "infl"), cm = ps_frame_col(h, "m"), ctr = ps_frame_col(h, "trate"),
        cys = ps_frame_col(h, "ystar");
    int n = 0;
    for (int t = 1; t < h->nper; t++, n++) {
#define X(c, tt) ps_frame_get(h, c, tt)
        double y = X(cy, t), c = X(cc, t), tax = X(ct, t), inv = X(ci, t), r = X(cr, t),
               p = X(cp, t), ys = X(cys, t);
        af[n][0] = log(c) - (-0.2 + 0.7 * log(y - tax) + 0.3 * log(X(cc, t - 1)));
        af[n][1] = tax - X(ctr, t) * y * pow(y / ys, 0.5);
        af[n][2] = log(inv) - (-1.1 + 0.8 * log(y) - 0.05 * r + 0.2 * log(X(ci, t - 1)));
        af[n][3] = r - (-0.3 + log(y) - log(X(cm, t) / p)) / 0.1;
        af[n][4] = 100 * (p / X(cp, t - 1) - 1) - (0.3 * 100 * log(y / ys) + 0.5 * X(cinf, t - 1));
#undef X
        years[n] = h->start + t;
    }
    ps_frame_free(h);
    /* centred over the years */
    for (int e = 0; e < 5; e++) {
        double m = 0;
        for (int i = 0; i < n; i++) m += af[i][e];
        for (int i = 0; i < n; i++) af[i][e] -= m / n;
    }
    return n;
}

static const char *const AF[5] = {"c_a", "tax_a", "inv_a", "r_a", "p_a"};

static ps_mc *nonlin_resid(ps_project *p, ps_scenario *s, ps_mc_resid mode) {
    static int rec[5];
    for (int e = 0; e < 5; e++) rec[e] = sym(p, AF[e]);
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = 20000;
    o.seed = 3;
    o.threads = 2;
    o.residuals = mode;
    o.record = rec;
    o.nrecord = 5;
    return run(s, &o);
}

Test(residuals, bootstrap_draws_whole_historical_years) {
    double af[64][5];
    long years[64];
    int n = nonlin_addfactors(af, years);
    ps_project *p = load("models/examples/nonlin");
    ps_scenario *s = scen(p, 2025, 2027);
    ps_mc *mc = nonlin_resid(p, s, PS_MC_RESID_BOOTSTRAP);
    int ny;
    const long *used = ps_mc_residual_years(mc, &ny);
    cr_assert_eq(ny, n);
    for (int i = 0; i < n; i++) cr_expect_eq(used[i], years[i]);
    cr_expect_eq(ps_mc_residual_equations(mc), 5);
    int seen[64] = {0};
    for (long d = 0; d < 20000; d++)
        for (long yr = 2025; yr <= 2027; yr++) {
            int match = -1;
            /* one historical year gives every equation's shock in a period */
            for (int i = 0; i < n && match < 0; i++) {
                int all = 1;
                for (int e = 0; e < 5 && all; e++)
                    all = fabs(ps_mc_value(mc, e, yr, d, 0) - af[i][e]) <= 1e-9 * (1 + fabs(af[i][e]));
                if (all) match = i;
            }
            cr_assert_geq(match, 0, "draw %ld, %ld: no historical year gives this vector", d, yr);
            seen[match]++;
        }
    for (int i = 0; i < n; i++)
        cr_expect(fabs(seen[i] - 60000.0 / n) < 5 * sqrt(60000.0 / n), "year %ld drawn %d times",
                  years[i], seen[i]);
    ps_mc_free(mc);
    ps_scenario_free(s);
    ps_project_free(p);
}

Test(residuals, normal_has_the_historical_covariance) {
    double af[64][5];
    long years[64];
    int n = nonlin_addfactors(af, years);
    ps_project *p = load("models/examples/nonlin");
    ps_scenario *s = scen(p, 2025, 2025);
    ps_mc *mc = nonlin_resid(p, s, PS_MC_RESID_NORMAL);
    double cov_hist[5][5] = {{0}}, cov[5][5] = {{0}};
    for (int a = 0; a < 5; a++)
        for (int b = 0; b < 5; b++) {
            for (int i = 0; i < n; i++) cov_hist[a][b] += af[i][a] * af[i][b] / (n - 1);
            for (long d = 0; d < 20000; d++)
                cov[a][b] += ps_mc_value(mc, a, 2025, d, 0) * ps_mc_value(mc, b, 2025, d, 0) / 20000;
        }
    for (int a = 0; a < 5; a++) {
        cr_expect(fabs(mstat(ps_mc_mean, mc, a, 2025, 0)) < 5 * sqrt(cov_hist[a][a] / 20000), "%s mean", AF[a]);
        for (int b = 0; b < 5; b++) {
            /* se of a sample covariance of normals: sqrt((s_ab^2 + s_aa s_bb) / n) */
            double se = sqrt((cov_hist[a][b] * cov_hist[a][b] + cov_hist[a][a] * cov_hist[b][b]) / 20000);
            cr_expect(fabs(cov[a][b] - cov_hist[a][b]) < 5 * se, "cov %s %s: %g vs %g", AF[a], AF[b],
                      cov[a][b], cov_hist[a][b]);
        }
    }
    ps_mc_free(mc);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ---- errors ---- */

static void expect_error(ps_scenario *s, const ps_mc_opts *o, int code, const char *text) {
    ps_mc *mc = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_expect_eq(ps_mc_run(s, o, &mc, &err), code, "expected code %d for '%s': %s", code, text,
                 err.message);
    cr_expect_null(mc);
    ps_mc_free(mc);
    cr_expect(strstr(err.message, text) != NULL, "'%s' not in: %s", text, err.message);
}

static int no_rule(void *ctx, ps_frame *f, int t, const ps_project *p, ps_error *err) {
    return PS_OK;
}

Test(errors, bad_options_are_refused_clearly) {
    ps_project *p = load("models/examples/keynes");
    ps_scenario *s = scen(p, 2025, 2027);
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = 0;
    expect_error(s, &o, PS_ERR_USAGE, "draws must be between 1 and");
    o.draws = 10;
    o.threads = 65;
    expect_error(s, &o, PS_ERR_USAGE, "threads must be between 1 and 64");
    o.threads = 1;
    ps_mc_param par = {sym(p, "c0"), {PS_DIST_NORMAL, 40, -1, 0, 0, NULL, 0}};
    o.params = &par;
    o.nparams = 1;
    expect_error(s, &o, PS_ERR_USAGE, "parameter 'c0': normal distribution: sd must be");
    par.dist = (ps_dist){PS_DIST_TRIANGULAR, 0, 1, 2, 0, NULL, 0};
    expect_error(s, &o, PS_ERR_USAGE, "mode 2 must lie in [min, max] = [0, 1]");
    par.dist = (ps_dist){PS_DIST_UNIFORM, 1, 1, 0, 0, NULL, 0};
    expect_error(s, &o, PS_ERR_USAGE, "needs finite min < max");
    par.dist = (ps_dist){PS_DIST_TRUNCNORMAL, 0, 1, 50, 60, NULL, 0};
    expect_error(s, &o, PS_ERR_USAGE, "bring the bounds nearer the mean");
    par.dist = (ps_dist){PS_DIST_CHOICE, 0, 0, 0, 0, NULL, 0};
    expect_error(s, &o, PS_ERR_USAGE, "needs at least one value");
    par.sym = sym(p, "g");
    par.dist = (ps_dist){PS_DIST_NORMAL, 0, 1, 0, 0, NULL, 0};
    expect_error(s, &o, PS_ERR_USAGE, "'g' is not a parameter of model 'keynes'");
    o.nparams = 0;
    ps_mc_exo exo = {sym(p, "y"), {PS_DIST_NORMAL, 0, 1, 0, 0, NULL, 0}, PS_MC_LEVEL, 0, 2025, 2027};
    o.exo = &exo;
    o.nexo = 1;
    expect_error(s, &o, PS_ERR_USAGE, "'y' is endogenous (determined by equation [gdp])");
    exo.sym = sym(p, "g");
    exo.to = 2030;
    expect_error(s, &o, PS_ERR_USAGE, "periods 2025..2030 must lie within the scenario's horizon 2025..2027");
    exo.to = 2027;
    exo.mode = PS_MC_SHIFT;
    exo.rho = 1.5;
    expect_error(s, &o, PS_ERR_USAGE, "rho must lie in [-1, 1]");
    o.nexo = 0;
    o.draws = PS_MC_MAX_DRAWS;
    /* 5 series x 3 periods x 1e7 draws x 8 bytes = 1.2 GB > 1 GiB */
    int rec[5] = {sym(p, "y"), sym(p, "c"), sym(p, "i"), sym(p, "g"), sym(p, "t")};
    o.record = rec;
    o.nrecord = 5;
    expect_error(s, &o, PS_ERR_LIMIT, "record fewer series");
    o.nrecord = 1;
    o.keep = rec;
    o.nkeep = 1; /* 1e7 draws x 3 periods x 1 kept series > 2e7 values */
    expect_error(s, &o, PS_ERR_LIMIT, "keep fewer series or run fewer draws");
    o.nkeep = 0;
    o.keep = NULL;
    o.draws = 10;
    o.nrecord = 0;
    o.record = NULL;
    ps_scenario *child = NULL;
    ps_error err;
    cr_assert_eq(ps_scenario_copy(s, "ruled", &child, &err), PS_OK);
    cr_assert_eq(ps_scenario_rule(s, no_rule, NULL, NULL, &err), PS_OK);
    expect_error(child, &o, PS_ERR_USAGE, "has per-period rules");
    ps_scenario_free(child);
    ps_scenario_free(s);
    ps_project_free(p);
}

Test(errors, residuals_need_a_history) {
    static const char src[] = "model m annual;\nendogenous y;\nexogenous x;\n"
                              "parameter a = 0.5;\nequation y = a * x;\n";
    ps_model *m = NULL;
    ps_error err;
    cr_assert_eq(ps_model_parse_string(src, sizeof src - 1, "m.model", &m, &err), PS_OK);
    ps_project *p = NULL;
    cr_assert_eq(ps_project_from_model(m, NULL, &p, &err), PS_OK, "%s", err.message);
    ps_scenario *s = scen(p, 2025, 2026);
    double one = 1;
    cr_assert_eq(ps_scenario_set(s, sym(p, "x"), 2025, 2026, &one, 1, &err), PS_OK);
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = 10;
    o.residuals = PS_MC_RESID_BOOTSTRAP;
    expect_error(s, &o, PS_ERR_DATA, "has no history");
    ps_scenario_free(s);
    ps_project_free(p);
}

Test(errors, statistics_of_bad_arguments) {
    ps_project *p = load("models/examples/keynes");
    ps_scenario *s = scen(p, 2025, 2026);
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = 10;
    ps_mc *mc = run(s, &o);
    double x;
    ps_error err;
    cr_expect_eq(ps_mc_quantile(mc, 0, 2025, 0, 1.5, &x, &err), PS_ERR_USAGE);
    cr_expect(strstr(err.message, "must lie in [0, 1]") != NULL, "%s", err.message);
    cr_expect_eq(ps_mc_mean(mc, 0, 2030, 0, &x, &err), PS_ERR_USAGE);
    cr_expect(strstr(err.message, "outside the Monte Carlo horizon 2025..2026") != NULL, "%s",
              err.message);
    cr_expect_eq(ps_mc_prob(mc, 0, 2025, 0, PS_MC_GE, NAN, &x, &err), PS_ERR_USAGE);
    ps_mc_free(mc);
    ps_scenario_free(s);
    ps_project_free(p);
}
