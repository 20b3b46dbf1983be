/*
** Targets and instruments from C: the swapped model's matching and blocks
** (swap.h), and scenario runs with targets (targets.h) against hand-worked
** answers of the Keynesian cross (models/examples/keynes):
**
**     y = (c0 + c_a - mpc t + i + g) / (1 - mpc),   c = c0 + c_a + mpc (y - t)
**
** c0 = 40, mpc = 0.6, with 2024's levers held (i = 200, g = 180, t = 150) and
** c_a = 0 from 2025: y = 825, c = 445 with nothing changed.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "compile/compile.h"
#include "analyse/swap.h"
#include "scenario/targets.h"

#define KEYNES POLSIM_SOURCE_DIR "/models/examples/keynes"

static ps_model *parse(const char *src) {
    ps_model *m = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_model_parse_string(src, strlen(src), "<test>", &m, &err), PS_OK, "%s",
                 err.message);
    return m;
}

static int find(const ps_model *m, const char *name) {
    int s = ps_model_find(m, name);
    cr_assert_geq(s, 0, "no symbol %s", name);
    return s;
}

/* A chain x -> a -> b: targeting b with x re-matches two equations (b's
** equation now determines a, a's determines x) and keeps them two explicit-
** sized blocks of one equation each, not one block of two. */
Test(swap, augmenting_path_rematches_a_chain) {
    ps_model *m = parse("model chain annual;\n"
                        "endogenous a, b, c;\n exogenous x, z;\n"
                        "identity [ea] a = 2 * x;\n identity [eb] b = a + 1;\n"
                        "identity [ec] c = b + z;\n");
    ps_analysis *a = NULL, *sa = NULL;
    ps_model *sw = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_analyse(m, &a, &err), PS_OK, "%s", err.message);
    int t = find(m, "b"), x = find(m, "x");
    cr_assert_eq(ps_model_swap(m, a, &t, &x, 1, "in 2025", &sw, &err), PS_OK, "%s", err.message);
    cr_assert_eq(sw->syms[t].kind, PS_SYM_EXO, "the target is known");
    cr_assert_eq(sw->syms[x].kind, PS_SYM_ENDO, "the instrument is unknown");
    cr_assert_eq(sw->eqs[1].var, find(m, "a"), "[eb] now determines a");
    cr_assert_eq(sw->eqs[0].var, x, "[ea] now determines x");
    cr_assert_eq(sw->eqs[2].var, find(m, "c"), "[ec] keeps c");
    cr_assert_eq(ps_analyse(sw, &sa, &err), PS_OK, "%s", err.message);
    cr_assert_eq(sa->nblocks, 3, "three blocks");
    cr_assert_eq(sa->largest_block, 1, "no block of two: the matching follows the chain");
    /* dependencies first: [eb] (a from b) before [ea] (x from a) before nothing */
    cr_assert_lt(sa->block_of[1], sa->block_of[0], "[eb] is solved before [ea]");
    cr_assert_eq(m->eqs[1].var, t, "the original model is untouched");
    ps_analysis_free(sa);
    ps_model_swap_free(sw);
    ps_analysis_free(a);
    ps_model_free(m);
}

Test(swap, lagged_instrument_is_structurally_singular) {
    ps_model *m = parse("model lag annual;\n endogenous a;\n exogenous w, x;\n"
                        "identity [ea] a = 0.5 * a(-1) + x + w(-1);\n");
    ps_analysis *a = NULL;
    ps_model *sw = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_analyse(m, &a, &err), PS_OK, "%s", err.message);
    int t = find(m, "a"), w = find(m, "w");
    cr_assert_eq(ps_model_swap(m, a, &t, &w, 1, "in 2025", &sw, &err), PS_ERR_SOLVE);
    cr_assert_null(sw);
    cr_assert(strstr(err.message, "instrument 'w' cannot move target 'a' in 2025"), "%s",
              err.message);
    cr_assert_str_eq(err.variable, "a");
    ps_error_clear(&err);
    int tt[2] = {t, t}, xx[2] = {w, find(m, "x")};
    cr_assert_eq(ps_model_swap(m, a, tt, xx, 2, NULL, &sw, &err), PS_ERR_USAGE, "a repeated target");
    ps_analysis_free(a);
    ps_model_free(m);
}

/* Keynes with y known and g unknown: [consumption] stays explicit, [gdp]
** becomes the rewritten g = g + (c + i + g) - y, a simultaneous block of one
** whose Jacobian entry is exactly -1. */
Test(swap, keynes_gdp_becomes_a_block_for_g) {
    ps_project *p = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_project_load(KEYNES, &p, &err), PS_OK, "%s", err.message);
    int t = find(p->model, "y"), x = find(p->model, "g");
    ps_model *sw = NULL;
    ps_analysis *sa = NULL;
    cr_assert_eq(ps_model_swap(p->model, p->analysis, &t, &x, 1, NULL, &sw, &err), PS_OK);
    cr_assert_eq(ps_analyse(sw, &sa, &err), PS_OK, "%s", err.message);
    cr_assert_eq(sa->nblocks, 2);
    cr_assert_eq(sa->nsimultaneous, 1);
    const ps_block *b = &sa->blocks[sa->block_of[1]];
    cr_assert_eq(b->kind, PS_BLOCK_SIMULTANEOUS);
    cr_assert_eq(b->njac, 1);
    cr_assert_eq(b->jac[0].d->op, PS_E_NUM);
    cr_assert_float_eq(b->jac[0].d->num, 2.0, 0, "dG/dg = 1 + 1: J = 1 - 2 = -1");
    ps_analysis_free(sa);
    ps_model_swap_free(sw);
    ps_project_free(p);
}

/* ---- scenario runs ---- */

typedef struct fixture {
    ps_project *p;
    ps_scenario *s;
    ps_result *r;
    ps_target_report *rep;
    ps_error err;
} fixture;

static void setup(fixture *f, long from, long to) {
    memset(f, 0, sizeof *f);
    ps_error_clear(&f->err);
    cr_assert_eq(ps_project_load(KEYNES, &f->p, &f->err), PS_OK, "%s", f->err.message);
    cr_assert_eq(ps_scenario_new(f->p, "t", from, to, &f->s, &f->err), PS_OK);
}

static void teardown(fixture *f) {
    ps_target_report_free(f->rep);
    ps_result_free(f->r);
    ps_scenario_free(f->s);
    ps_project_free(f->p);
}

static void run(fixture *f) {
    ps_target_report_free(f->rep);
    ps_result_free(f->r);
    f->rep = NULL;
    f->r = NULL;
    cr_assert_eq(ps_scenario_run_report(f->s, &f->r, &f->rep, &f->err), PS_OK, "%s",
                 f->err.message);
    cr_assert_not_null(f->rep);
}

static double at(const fixture *f, const char *var, long period) {
    int c = ps_result_col(f->r, var);
    cr_assert_geq(c, 0);
    return f->r->data[(size_t)(period - f->r->start) * (size_t)f->r->nvar + (size_t)c];
}

static void target(fixture *f, const char *var, long p, double v, int growth, double w) {
    cr_assert_eq(ps_scenario_target(f->s, find(f->p->model, var), p, p, &v, 1, growth, w,
                                    &f->err), PS_OK, "%s", f->err.message);
}

static void instrument(fixture *f, const char *var, long p, double lo, double hi, double w) {
    cr_assert_eq(ps_scenario_instrument(f->s, find(f->p->model, var), p, p, lo, hi, w, &f->err),
                 PS_OK, "%s", f->err.message);
}

Test(targets, square_is_exact_in_one_newton_iteration) {
    fixture f;
    setup(&f, 2025, 2026);
    target(&f, "y", 2025, 900, 0, 1);
    instrument(&f, "g", 2025, -INFINITY, INFINITY, 1);
    run(&f);
    cr_assert_float_eq(at(&f, "g", 2025), 900 * 0.4 - 40 + 90 - 200, 1e-10);
    cr_assert_eq(f.rep->n, 1);
    cr_assert(f.rep->t[0].met);
    cr_assert_str_eq(f.rep->t[0].method, "exact");
    cr_assert_leq(fabs(f.rep->t[0].gap), 1e-8 * 900);
    /* the linear block of g converges in one step; 2026 is the plain model's
    ** (no simultaneous block there: explicit equations only) */
    cr_assert_leq(f.r->diag.newton_iterations, 2, "%ld", f.r->diag.newton_iterations);
    cr_assert_eq(f.rep->nbound, 0);
    teardown(&f);
}

Test(targets, growth_target_from_the_history) {
    fixture f;
    setup(&f, 2025, 2025);
    target(&f, "y", 2025, 3, 1, 1);
    instrument(&f, "g", 2025, -INFINITY, INFINITY, 1);
    run(&f);
    cr_assert_float_eq(at(&f, "y", 2025), 828 * 1.03, 1e-10);
    cr_assert_float_eq(f.rep->t[0].reached, 3.0, 1e-10);
    cr_assert(f.rep->t[0].growth);
    teardown(&f);
}

Test(targets, over_and_under_determined_against_hand_answers) {
    fixture f;
    setup(&f, 2025, 2025);
    /* min dg^2 + 9 di^2 with dg + di = 30: dg = 27, di = 3 */
    target(&f, "y", 2025, 900, 0, 1);
    instrument(&f, "g", 2025, -INFINITY, INFINITY, 1);
    instrument(&f, "i", 2025, -INFINITY, INFINITY, 9);
    run(&f);
    cr_assert_float_eq(at(&f, "g", 2025), 207, 1e-8);
    cr_assert_float_eq(at(&f, "i", 2025), 203, 1e-8);
    cr_assert_str_eq(f.rep->t[0].method, "smallest change");
    teardown(&f);

    /* least squares with a second target on c (see tests/lua/api/targets.lua) */
    setup(&f, 2025, 2025);
    target(&f, "y", 2025, 900, 0, 1);
    target(&f, "c", 2025, 500, 0, 1);
    instrument(&f, "t", 2025, -INFINITY, INFINITY, 1);
    run(&f);
    /* t = 150 + d: dy/dt = -mpc / (1 - mpc) = -1.5 and, from
    ** c = c0 + mpc (y - t), dc/dt = 0.6 (-1.5 - 1) = -1.5; so y = 825 - 1.5 d,
    ** c = 445 - 1.5 d.  Minimise (-1.5 d - 75)^2 + (-1.5 d - 55)^2:
    ** d = -(75 + 55) / 3. */
    double d = -(75.0 + 55.0) / 3.0;
    cr_assert_float_eq(at(&f, "t", 2025), 150 + d, 1e-8);
    cr_assert_float_eq(f.rep->t[0].gap, -1.5 * d - 75, 1e-7);
    cr_assert_float_eq(f.rep->t[1].gap, -1.5 * d - 55, 1e-7);
    cr_assert(!f.rep->t[0].met && !f.rep->t[1].met);
    teardown(&f);
}

Test(targets, binding_bound_is_named) {
    fixture f;
    setup(&f, 2025, 2025);
    target(&f, "y", 2025, 6, 1, 1);     /* 6 % growth from 828: needs g = 205.28 */
    instrument(&f, "g", 2025, -INFINITY, 200, 1);
    run(&f);
    cr_assert_float_eq(at(&f, "g", 2025), 200, 0);
    cr_assert_eq(f.rep->nbound, 1);
    cr_assert_eq(f.rep->b[0].is_max, 1);
    /* y = 875: growth 100 (875 / 828 - 1) = 5.676 %, 0.324 pp short */
    double reached = 100.0 * (875.0 / 828.0 - 1.0);
    cr_assert_float_eq(f.rep->t[0].reached, reached, 1e-9);
    cr_assert_str_eq(f.rep->t[0].note, "g reaches its max 200 in 2025; y growth falls 0.324 pp "
                     "short of 6");
    teardown(&f);
}

Test(targets, bad_targets_and_instruments) {
    fixture f;
    setup(&f, 2025, 2026);
    double v = 1;
    cr_assert_eq(ps_scenario_target(f.s, find(f.p->model, "g"), 2025, 2025, &v, 1, 0, 1, &f.err),
                 PS_ERR_USAGE);
    cr_assert(strstr(f.err.message, "'g' is exogenous"), "%s", f.err.message);
    cr_assert_eq(ps_scenario_target(f.s, find(f.p->model, "mpc"), 2025, 2025, &v, 1, 0, 1, &f.err),
                 PS_ERR_USAGE);
    cr_assert_eq(ps_scenario_instrument(f.s, find(f.p->model, "c"), 2025, 2025, 0, 1, 1, &f.err),
                 PS_ERR_USAGE);
    cr_assert(strstr(f.err.message, "determined by equation [consumption]"), "%s", f.err.message);
    cr_assert_eq(ps_scenario_target(f.s, find(f.p->model, "y"), 2027, 2027, &v, 1, 0, 1, &f.err),
                 PS_ERR_USAGE);
    cr_assert(strstr(f.err.message, "outside the solved periods 2025..2026"), "%s", f.err.message);
    v = NAN;
    cr_assert_eq(ps_scenario_target(f.s, find(f.p->model, "y"), 2025, 2025, &v, 1, 0, 1, &f.err),
                 PS_ERR_USAGE);
    cr_assert_eq(ps_scenario_has_targets(f.s), 0, "nothing was added");
    /* the horizon shrinks after the target was given: refused at run time */
    v = 900;
    target(&f, "y", 2026, v, 0, 1);
    instrument(&f, "g", 2026, -INFINITY, INFINITY, 1);
    cr_assert_eq(ps_scenario_set_horizon(f.s, 2025, 2025, &f.err), PS_OK);
    ps_result *r = NULL;
    ps_target_report *rep = NULL;
    cr_assert_eq(ps_scenario_run_report(f.s, &r, &rep, &f.err), PS_ERR_USAGE);
    cr_assert_null(r);
    cr_assert_null(rep);
    cr_assert(strstr(f.err.message, "outside the solved periods 2025..2025"), "%s", f.err.message);
    teardown(&f);
}

/* A nonlinear target out of reach: z = x^2 + x + 1 >= 3/4 (at x = -1/2), so
** z = 0 has no root.  The swapped Newton fails (its Jacobian 2x + 1 ...), and
** the run reports the closest point with its gap instead of an error. */
Test(targets, out_of_reach_reports_the_closest_point) {
    ps_model *m = parse("model sq annual;\n endogenous y, z;\n exogenous x;\n"
                        "identity [ey] y = x * x + 1;\n identity [ez] z = y + x;\n");
    ps_project *p = NULL;
    ps_scenario *s = NULL;
    ps_result *r = NULL;
    ps_target_report *rep = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_project_from_model(m, NULL, &p, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_scenario_new(p, "sq", 2022, 2022, &s, &err), PS_OK);
    double one = 1, zero = 0;
    cr_assert_eq(ps_scenario_set(s, find(p->model, "x"), 2022, 2022, &one, 1, &err), PS_OK);
    cr_assert_eq(ps_scenario_target(s, find(p->model, "z"), 2022, 2022, &zero, 1, 0, 1, &err), PS_OK);
    cr_assert_eq(ps_scenario_instrument(s, find(p->model, "x"), 2022, 2022, -INFINITY, INFINITY, 1,
                                        &err), PS_OK);
    cr_assert_eq(ps_scenario_run_report(s, &r, &rep, &err), PS_OK, "%s", err.message);
    cr_assert_float_eq(r->data[ps_result_col(r, "x")], -0.5, 1e-6);
    cr_assert_float_eq(rep->t[0].reached, 0.75, 1e-10);
    cr_assert(!rep->t[0].met);
    cr_assert_str_eq(rep->t[0].method, "closest");
    cr_assert(strstr(rep->t[0].note, "z exceeds 0 by 0.75"), "%s", rep->t[0].note);
    ps_target_report_free(rep);
    ps_result_free(r);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* A growth target in the frame's first period has nothing to grow from. */
Test(targets, growth_target_needs_the_period_before) {
    ps_model *m = parse("model nolag annual;\n endogenous y;\n exogenous x;\n"
                        "identity [ey] y = 2 * x;\n");
    ps_project *p = NULL;
    ps_scenario *s = NULL;
    ps_result *r = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_project_from_model(m, NULL, &p, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_scenario_new(p, "g", 2022, 2023, &s, &err), PS_OK);
    double one = 1, five = 5;
    cr_assert_eq(ps_scenario_set(s, find(p->model, "x"), 2022, 2023, &one, 1, &err), PS_OK);
    cr_assert_eq(ps_scenario_target(s, find(p->model, "y"), 2022, 2023, &five, 1, 1, 1, &err), PS_OK);
    cr_assert_eq(ps_scenario_instrument(s, find(p->model, "x"), 2022, 2023, -INFINITY, INFINITY, 1,
                                        &err), PS_OK);
    cr_assert_eq(ps_scenario_run(s, &r, &err), PS_ERR_USAGE);
    cr_assert_null(r);
    cr_assert(strstr(err.message, "growth target for 'y' in 2022: the period before has no data"),
              "%s", err.message);
    ps_scenario_free(s);
    ps_project_free(p);
}
