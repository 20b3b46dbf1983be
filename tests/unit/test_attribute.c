/*
** Attribution, sweeps and tornado through the C API (attribute.h, sweep.h).
** The hand-computed Shapley values and single-run comparisons are in
** tests/lua/api/attribute*.lua and sweep.lua; here: the sum property on the
** Yangzhou model over every variable and period with 8 lever groups, Sobol
** points against gsl_qrng itself, LHS strata, the JSON files and the errors.
*/
#include <criterion/criterion.h>
#include <gsl/gsl_qrng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/attribute.h"
#include "project/project.h"
#include "scenario/scenario.h"
#include "analysis/sweep.h"
#include "testkit.h"

#define KEYNES POLSIM_SOURCE_DIR "/models/examples/keynes"
#define YZ POLSIM_SOURCE_DIR "/models/yangzhou"

static ps_project *load(const char *path) {
    ps_project *p = NULL;
    ps_error err;
    cr_assert_eq(ps_project_load(path, &p, &err), PS_OK, "%s", err.message);
    return p;
}

static void set(ps_scenario *s, const char *name, long p0, long p1, double x) {
    ps_error err;
    int sym = ps_model_find(ps_scenario_project(s)->model, name);
    cr_assert_geq(sym, 0, "no %s", name);
    cr_assert_eq(ps_scenario_set(s, sym, p0, p1, &x, 1, &err), PS_OK, "%s", err.message);
}

static const char *const LEVERS[8] = {"fee_cut", "loan_g", "tloan_g", "proj_inv",
                                      "pubinv", "voucher", "promo", "extd_g"};
static const double PLAN[8] = {50, 12, 15, 105, 900, 0.45, 0.5, 5};

Test(attribute, yangzhou_sums_to_total_everywhere) {
    ps_project *p = load(YZ);
    ps_scenario *base, *alt;
    ps_error err;
    cr_assert_eq(ps_scenario_new(p, "base", 2024, 2030, &base, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_scenario_copy(base, "plan", &alt, &err), PS_OK);
    ps_attr_group g[8];
    for (int i = 0; i < 8; i++) {
        set(alt, LEVERS[i], 2024, 2030, PLAN[i]);
        g[i] = (ps_attr_group){LEVERS[i], &LEVERS[i], 1};
    }
    ps_attribution *a;
    cr_assert_eq(ps_attribute(base, alt, g, 8, NULL, &a, &err), PS_OK, "%s", err.message);
    cr_assert_eq(a->runs, 256);
    cr_assert_eq(a->ngroup, 8, "no 'other' group: every change is listed");
    /* the total is the difference of two plain runs */
    ps_result *rb, *ra;
    cr_assert_eq(ps_scenario_run(base, &rb, &err), PS_OK);
    cr_assert_eq(ps_scenario_run(alt, &ra, &err), PS_OK);
    int checked = 0;
    for (int v = 0; v < a->nvar; v++)
        for (int t = 0; t < a->nper; t++)
            for (int growth = 0; growth < 2; growth++) {
                double tot = ps_attribution_total(a, v, t, growth), sum = 0;
                if (isnan(tot)) continue;
                const double *c = growth ? a->growth_contrib : a->contrib;
                for (int k = 0; k < 8; k++)
                    sum += c[((size_t)k * (size_t)a->nper + (size_t)t) * (size_t)a->nvar + (size_t)v];
                cr_assert(fabs(sum - tot) <= 1e-9 * fmax(1, fabs(tot)),
                          "%s %d growth %d: sum %.17g total %.17g", a->vars[v], t, growth, sum, tot);
                checked++;
            }
    cr_assert_gt(checked, 100);
    int c = ps_result_col(rb, "gdp"), v = ps_attribution_var(a, "gdp");
    int tr = (int)(2026 - rb->start);
    cr_assert_eq(ps_attribution_total(a, v, 2, 0),
                 ra->data[(size_t)tr * ra->nvar + c] - rb->data[(size_t)tr * rb->nvar + c],
                 "the runs reproduce plain runs bit for bit");
    ps_result_free(rb);
    ps_result_free(ra);
    ps_attribution_free(a);
    ps_scenario_free(alt);
    ps_scenario_free(base);
    ps_project_free(p);
}

static ps_scenario *keynes_base(ps_project *p) {
    ps_scenario *s;
    ps_error err;
    cr_assert_eq(ps_scenario_new(p, "base", 2025, 2027, &s, &err), PS_OK, "%s", err.message);
    return s;
}

Test(sweep, sobol_points_are_gsl_qrng) {
    ps_project *p = load(KEYNES);
    ps_scenario *s = keynes_base(p);
    ps_sweep_dim d[3] = {{"g", 100, 300, 0}, {"i", 0, 1, 0}, {"mpc", 0.4, 0.8, 0}};
    ps_sweep_opts o = {PS_SWEEP_SOBOL, 50, 0, NULL, 0};
    ps_sweep *sw;
    ps_error err;
    cr_assert_eq(ps_sweep_run(s, d, 3, &o, &sw, &err), PS_OK, "%s", err.message);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 3);
    double u[3];
    for (long i = 0; i < 50; i++) {
        gsl_qrng_get(q, u);
        for (int k = 0; k < 3; k++)
            cr_assert_eq(sw->x[i * 3 + k], d[k].from + (d[k].to - d[k].from) * u[k]);
        /* y = (c0 - mpc t + i + g) / (1 - mpc), t = 150, c0 = 40 */
        double y = (40 - sw->x[i * 3 + 2] * 150 + sw->x[i * 3 + 1] + sw->x[i * 3]) /
                   (1 - sw->x[i * 3 + 2]);
        cr_assert(fabs(ps_sweep_value(sw, i, ps_sweep_var(sw, "y"), 0, 0) - y) <= 1e-9 * y,
                  "point %ld", i);
    }
    gsl_qrng_free(q);
    ps_sweep_free(sw);
    ps_scenario_free(s);
    ps_project_free(p);
}

Test(sweep, lhs_one_point_per_stratum) {
    ps_project *p = load(KEYNES);
    ps_scenario *s = keynes_base(p);
    ps_sweep_dim d[2] = {{"g", 100, 300, 0}, {"t", -5, 5, 0}};
    const char *out[1] = {"y"};
    ps_sweep_opts o = {PS_SWEEP_LHS, 200, 9, out, 1};
    ps_sweep *sw;
    ps_error err;
    cr_assert_eq(ps_sweep_run(s, d, 2, &o, &sw, &err), PS_OK, "%s", err.message);
    cr_assert_eq(sw->nvar, 1);
    for (int k = 0; k < 2; k++) {
        int seen[200] = {0};
        for (long i = 0; i < 200; i++) {
            double uu = (sw->x[i * 2 + k] - d[k].from) / (d[k].to - d[k].from);
            int st = (int)floor(uu * 200);
            cr_assert(st >= 0 && st < 200);
            cr_assert_eq(seen[st], 0, "dimension %d stratum %d twice", k, st);
            seen[st] = 1;
        }
    }
    char *dir = tk_tmp_dir("sweep");
    char path[600];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    cr_assert_eq(ps_sweep_write_json(sw, path, &err), PS_OK, "%s", err.message);
    char *text = tk_slurp(path);
    cr_assert_not_null(strstr(text, "\"schema\":\t\"polsim.sweep\""));
    cr_assert_not_null(strstr(text, "\"design\":\t\"lhs\""));
    free(text);
    ps_sweep_free(sw);
    ps_scenario_free(s);
    ps_project_free(p);
}

Test(attribute, errors_name_what_is_wrong) {
    ps_project *p = load(KEYNES);
    ps_scenario *base = keynes_base(p), *alt, *other;
    ps_error err;
    cr_assert_eq(ps_scenario_copy(base, "alt", &alt, &err), PS_OK);
    set(alt, "g", 2025, 2027, 200);
    cr_assert_eq(ps_scenario_new(p, "short", 2025, 2026, &other, &err), PS_OK);
    const char *gin[1] = {"g"}, *bad[1] = {"gg"};
    ps_attr_group g = {"spend", gin, 1}, two[2] = {{"a", gin, 1}, {"b", gin, 1}};
    ps_attr_group typo = {"spend", bad, 1};
    ps_attribution *a = NULL;
    cr_assert_eq(ps_attribute(base, other, &g, 1, NULL, &a, &err), PS_ERR_USAGE);
    cr_assert_not_null(strstr(err.message, "give them one horizon"), "%s", err.message);
    cr_assert_eq(ps_attribute(base, alt, two, 2, NULL, &a, &err), PS_ERR_USAGE);
    cr_assert_not_null(strstr(err.message, "'g' is in group 'a' and in group 'b'"), "%s", err.message);
    cr_assert_eq(ps_attribute(base, alt, &typo, 1, NULL, &a, &err), PS_ERR_USAGE);
    cr_assert_not_null(strstr(err.message, "did you mean 'g'"), "%s", err.message);
    cr_assert_eq(ps_attribute(base, alt, &g, 0, NULL, &a, &err), PS_ERR_USAGE);
    ps_attr_opts o = {PS_ATTR_EXACT, 0, 0, 0};
    ps_attr_group many[21];
    static const char *names[21] = {"c0", "mpc", "i", "g", "t", "y_a", "c_a"};
    for (int k = 0; k < 21; k++) many[k] = (ps_attr_group){names[k % 7], &names[k % 7], 1};
    cr_assert_neq(ps_attribute(base, alt, many, 21, &o, &a, &err), PS_OK);
    cr_assert_null(a);
    ps_scenario_free(other);
    ps_scenario_free(alt);
    ps_scenario_free(base);
    ps_project_free(p);
}

Test(attribute, writes_json) {
    ps_project *p = load(KEYNES);
    ps_scenario *base = keynes_base(p), *alt;
    ps_error err;
    cr_assert_eq(ps_scenario_copy(base, "alt", &alt, &err), PS_OK);
    set(alt, "g", 2025, 2027, 200);
    const char *gin[1] = {"g"};
    ps_attr_group g = {"spend", gin, 1};
    ps_attribution *a;
    cr_assert_eq(ps_attribute(base, alt, &g, 1, NULL, &a, &err), PS_OK, "%s", err.message);
    char *dir = tk_tmp_dir("attr");
    char path[600];
    snprintf(path, sizeof path, "%s/a.json", dir);
    cr_assert_eq(ps_attribution_write_json(a, path, &err), PS_OK, "%s", err.message);
    char *text = tk_slurp(path);
    cr_assert_not_null(strstr(text, "\"schema\":\t\"polsim.attribution\""));
    cr_assert_not_null(strstr(text, "\"method\":\t\"exact\""), "%s", text);
    cr_assert_not_null(strstr(text, "\"runs\":\t2"), "%s", text);
    /* g 180 -> 200: dy = 20 / (1 - 0.6) = 50, to the solver's tolerance */
    int v = ps_attribution_var(a, "y");
    for (int t = 0; t < 3; t++)
        cr_assert(fabs(a->contrib[(size_t)t * (size_t)a->nvar + (size_t)v] - 50) <= 1e-9);
    free(text);
    ps_attribution_free(a);
    ps_scenario_free(alt);
    ps_scenario_free(base);
    ps_project_free(p);
}

/* Beyond 12 groups "auto" samples; the estimate lies within 4 of its standard
** errors (plus the solver's tolerance: runs converge to ~1e-10 of the levels)
** of the exact values, forced here over the same 13 groups (8192 runs). */
Test(attribute, sampled_beyond_12_groups_within_its_se) {
    static const char *const IN[13] = {"fee_cut", "loan_g", "tloan_g", "proj_inv", "pubinv",
                                       "voucher", "promo",  "extd_g",  "rd",       "talent",
                                       "pinf_a",  "tfpb_a", "revg_a"};
    ps_project *p = load(YZ);
    ps_scenario *base, *alt;
    ps_error err;
    cr_assert_eq(ps_scenario_new(p, "base", 2024, 2030, &base, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_scenario_copy(base, "alt", &alt, &err), PS_OK);
    ps_attr_group g[13];
    for (int i = 0; i < 13; i++) {
        int sym = ps_model_find(p->model, IN[i]);
        cr_assert_geq(sym, 0, "no %s", IN[i]);
        /* levers +10 (most are 0 in a plain projection, so a percent change
        ** would change nothing); the three add-factors (0 in projections) +0.05 */
        int rc = ps_scenario_shock_level(alt, sym, 2024, 2030, i < 10 ? 10 : 0.05, &err);
        cr_assert_eq(rc, PS_OK, "%s", err.message);
        g[i] = (ps_attr_group){IN[i], &IN[i], 1};
    }
    ps_attribution *s, *e;
    ps_attr_opts so = {PS_ATTR_AUTO, 300, 11, 0}, eo = {PS_ATTR_EXACT, 0, 0, 0};
    cr_assert_eq(ps_attribute(base, alt, g, 13, &so, &s, &err), PS_OK, "%s", err.message);
    cr_assert_eq(s->sampled, 1, "auto samples beyond 12 groups");
    cr_assert_eq(s->runs, 1 + 300 * 13);
    cr_assert_eq(ps_attribute(base, alt, g, 13, &eo, &e, &err), PS_OK, "%s", err.message);
    cr_assert_eq(e->runs, 8192);
    int v = ps_attribution_var(s, "gdp"), positive_se = 0;
    for (int t = 0; t < s->nper; t++) {
        double level = s->alt[(size_t)(t + 1) * s->nvar + v], sum = 0;
        for (int k = 0; k < 13; k++) {
            size_t at = ((size_t)k * (size_t)s->nper + (size_t)t) * (size_t)s->nvar + (size_t)v;
            double d = fabs(s->contrib[at] - e->contrib[at]);
            cr_assert(d <= 4 * s->se[at] + 1e-8 * level, "%s %d: sampled %.10g exact %.10g se %.3g",
                      IN[k], t, s->contrib[at], e->contrib[at], s->se[at]);
            positive_se += s->se[at] > 1e-6 * level;
            sum += s->contrib[at];
        }
        double tot = ps_attribution_total(s, v, t, 0);
        cr_assert(fabs(sum - tot) <= 1e-9 * fmax(1, fabs(tot)), "sampled sum %.17g total %.17g", sum, tot);
    }
    cr_assert_gt(positive_se, 0, "the model's interactions give some sampling error");
    ps_attribution_free(s);
    ps_attribution_free(e);
    ps_scenario_free(alt);
    ps_scenario_free(base);
    ps_project_free(p);
}
