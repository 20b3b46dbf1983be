/*
** The Dynare .mod reader (engine/src/dynare/dynare.h, docs/dynare.md).
**
** End to end: the macro-expanded fixtures under tests/fixtures/dynare/plain/
** are read and simulated, and every endogenous variable in every period must
** match the CSV Dynare's perfect_foresight_solver wrote for the same model
** (tests/fixtures/dynare/NAME.csv, made by make_fixtures.sh):
**     |polsim - dynare| <= 1e-8 max(|dynare|, 1).
** The folder `polsim import` writes must solve to the same numbers.  Then
** each statement of the subset, and each refusal with its exact place.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse/analyse.h"
#include "project/dynare_sim.h"
#include "solve/stacked.h"

#define DIR POLSIM_SOURCE_DIR "/tests/fixtures/dynare/"
#define TOL 1e-8

static void simulate(const char *mod, ps_dynare **d, ps_model **m, ps_frame **f) {
    ps_error err;
    ps_solve_diag diag;
    cr_assert_eq(ps_dynare_read_file(mod, d, &err), PS_OK, "%s:%d:%d: %s", err.file, err.line,
                 err.col, err.message);
    cr_assert_eq(ps_model_parse_string((*d)->native, (*d)->native_len, mod, m, &err), PS_OK,
                 "%s", err.message);
    cr_assert_eq(ps_dynare_simulate(*d, *m, 1e-12, 0, f, &diag, &err), PS_OK, "%s", err.message);
}

/* Compare rows 0..R-1 of Dynare's CSV with the simulated frame, every column. */
static void against_dynare(const char *mod, const char *csv) {
    ps_dynare *d;
    ps_model *m;
    ps_frame *f, *ref;
    ps_error err;
    simulate(mod, &d, &m, &f);
    cr_assert_eq(ps_frame_read_csv(csv, PS_FREQ_ANNUAL, &ref, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ref->nper, d->periods + 1 + (d->maxlead > 0), "%s: %d rows in Dynare's file", csv,
                 ref->nper);
    double worst = 0;
    /* the frame starts at period 1 - (deepest lag), Dynare's file at period 0 */
    int pre = m->maxlag > 1 ? m->maxlag - 1 : 0;
    for (int i = 0; i < d->nendo + d->nexo; i++) {
        const char *name = i < d->nendo ? d->endo[i] : d->exo[i - d->nendo];
        int c = ps_frame_col(ref, name), s = ps_frame_col(f, name);
        cr_assert(c >= 0 && s >= 0, "%s: no column %s", csv, name);
        for (int t = 0; t < ref->nper; t++) {
            double want = ps_frame_get(ref, c, t), got = ps_frame_get(f, s, pre + t);
            double diff = fabs(got - want) / fmax(fabs(want), 1.0);
            if (diff > worst) worst = diff;
            cr_assert(diff <= TOL, "%s: %s period %d: polsim %.17g, Dynare %.17g", mod, name, t,
                      got, want);
        }
    }
    cr_log_info("%s: largest scaled difference %.2g", mod, worst);
    ps_frame_free(ref);
    ps_frame_free(f);
    ps_model_free(m);
    ps_dynare_free(d);
}

Test(dynare_mod, rbc_temporary_shock) { against_dynare(DIR "plain/rbc_temporary.mod", DIR "rbc_temporary.csv"); }
Test(dynare_mod, rbc_permanent_shock_endval) { against_dynare(DIR "plain/rbc_permanent.mod", DIR "rbc_permanent.csv"); }
Test(dynare_mod, nk_lead_two_anticipated_shock) { against_dynare(DIR "plain/nk.mod", DIR "nk.csv"); }
Test(dynare_mod, logs_locals_vector_shock) { against_dynare(DIR "plain/logs.mod", DIR "logs.csv"); }
Test(dynare_mod, nonlin_backward_histval) { against_dynare(DIR "plain/nonlin.mod", DIR "nonlin.csv"); }
Test(dynare_mod, normcdf_one_and_three_arguments) { against_dynare(DIR "plain/wedge.mod", DIR "wedge.csv"); }
Test(dynare_mod, lag_two_histval_before_period_0) { against_dynare(DIR "plain/lagtwo.mod", DIR "lagtwo.csv"); }
/* histval k(0) only, in a nonlinear model: c(0) = y(0) = 0, so the paths
** must start from the steady state (as Dynare's do), not from period 0 */
Test(dynare_mod, rbc_histval_capital_only) { against_dynare(DIR "plain/rbc_histval.mod", DIR "rbc_histval.csv"); }
/* histval gives y(-1) only: Dynare starts every other value at 0, not at
** initval's values or the steady state (rnat + pistar = 1.5 for i) */
Test(dynare_mod, lag_two_partial_histval_zeros) { against_dynare(DIR "plain/lagtwo_partial.mod", DIR "lagtwo_partial.csv"); }

/* The imported folder, read back as a native model with its history, solves to
** the numbers of the .mod read directly. */
static void import_equivalent(const char *mod) {
    ps_dynare *d;
    ps_model *m, *m2;
    ps_frame *f, *h;
    ps_analysis *a;
    ps_stacked *s;
    ps_error err;
    simulate(mod, &d, &m, &f);
    char dir[] = "/tmp/polsim_import_XXXXXX";
    cr_assert(mkdtemp(dir));
    cr_assert_eq(ps_dynare_import(d, mod, dir, &err), PS_OK, "%s", err.message);
    char path[512];
    snprintf(path, sizeof path, "%s/%s.model", dir, d->name);
    cr_assert_eq(ps_model_parse_file(path, &m2, &err), PS_OK, "%s", err.message);
    snprintf(path, sizeof path, "%s/history.csv", dir);
    cr_assert_eq(ps_frame_read_csv(path, PS_FREQ_ANNUAL, &h, &err), PS_OK, "%s", err.message);
    ps_frame *g;
    cr_assert_eq(ps_frame_new(m2->nseries, h->nper, PS_FREQ_ANNUAL, h->start, NULL, &g, &err), PS_OK);
    double params[64];
    for (int k = 0; k < m2->nsym; k++) {
        const ps_symbol *sy = &m2->syms[k];
        if (sy->kind == PS_SYM_PARAM) params[sy->slot] = sy->value;
        else if (sy->kind == PS_SYM_ADDFACTOR) cr_assert_fail("an imported equation has an add-factor");
        else
            for (int t = 0; t < h->nper; t++)
                ps_frame_set(g, sy->slot, t, ps_frame_get(h, ps_frame_col(h, sy->name), t));
    }
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.tol = 1e-12;
    cr_assert_eq(ps_analyse(m2, &a, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_stacked_new(m2, a, &o, &s, &err), PS_OK, "%s", err.message);
    int pre = m2->maxlag > 1 ? m2->maxlag - 1 : 0;     /* history starts before period 0 */
    cr_assert_eq(ps_stacked_run(s, g, params, pre + 1, pre + d->periods, NULL, &err), PS_OK, "%s",
                 err.message);
    for (int i = 0; i < d->nendo; i++)
        for (int t = 0; t <= pre + d->periods; t++) {
            int slot = -1;
            for (int k = 0; k < m2->nsym; k++)
                if (!strcmp(m2->syms[k].name, d->endo[i])) slot = m2->syms[k].slot;
            double want = ps_frame_get(f, ps_frame_col(f, d->endo[i]), t);
            double got = ps_frame_get(g, slot, t);
            cr_assert(fabs(got - want) <= 1e-10 * fmax(fabs(want), 1), "%s period %d: %.17g vs %.17g",
                      d->endo[i], t, got, want);
        }
    snprintf(path, sizeof path, "%s/SOURCES.md", dir);
    cr_assert_eq(access(path, R_OK), 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -r '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    ps_stacked_free(s);
    ps_analysis_free(a);
    ps_frame_free(g);
    ps_frame_free(h);
    ps_model_free(m2);
    ps_frame_free(f);
    ps_model_free(m);
    ps_dynare_free(d);
}

Test(dynare_mod, import_logs_same_numbers) { import_equivalent(DIR "plain/logs.mod"); }
Test(dynare_mod, import_rbc_permanent_same_numbers) { import_equivalent(DIR "plain/rbc_permanent.mod"); }
Test(dynare_mod, import_wedge_same_numbers) { import_equivalent(DIR "plain/wedge.mod"); }
Test(dynare_mod, import_lagtwo_same_numbers) { import_equivalent(DIR "plain/lagtwo.mod"); }

/* ---- statements ---------------------------------------------------- */

static ps_dynare *rd(const char *src) {
    ps_dynare *d = NULL;
    ps_error err;
    cr_assert_eq(ps_dynare_read_string(src, strlen(src), "t.mod", &d, &err), PS_OK,
                 "%d:%d: %s", err.line, err.col, err.message);
    return d;
}

static ps_model *native(const ps_dynare *d) {
    ps_model *m = NULL;
    ps_error err;
    cr_assert_eq(ps_model_parse_string(d->native, d->native_len, "t.mod", &m, &err), PS_OK,
                 "%s\n%s", err.message, d->native);
    return m;
}

#define HEAD "var y c; varexo g; parameters a b;\n"

Test(dynare_mod, declarations_values_comments_and_matching) {
    ps_dynare *d = rd("// line comment\n% matlab comment\n/* block\n comment */\n"
                      "var y, c; varexo g; parameters a b;\na = 0.5; b = 2*a + 1;\n"
                      "model;\n c = a*y;\n y - c - g = 0;\nend;\n");
    cr_assert_eq(d->nendo, 2);
    cr_assert_str_eq(d->endo[1], "c");
    cr_assert_eq(d->nexo, 1);
    /* c = a*y keeps its form; y is matched to the second equation */
    cr_assert(strstr(d->native, "identity [eq1] c = (a * y);"), "%s", d->native);
    cr_assert(strstr(d->native, "identity [eq2] y = y + ("), "%s", d->native);
    cr_assert(strstr(d->native, "parameter b = 2;"), "%s", d->native);
    ps_model *m = native(d);
    cr_assert_eq(m->nparam, 2);
    ps_model_free(m);
    ps_dynare_free(d);
}

Test(dynare_mod, matching_needs_augmenting_path) {
    /* both equations name y on the left; c must go to one of them */
    ps_dynare *d = rd(HEAD "a=1; b=1;\nmodel;\ny = c + g;\ny = 2*c;\nend;\n");
    cr_assert(strstr(d->native, "identity [eq1] y = (c + g);"), "%s", d->native);
    cr_assert(strstr(d->native, "identity [eq2] c = c + (y - (2 * c));"), "%s", d->native);
    ps_dynare_free(d);
}

Test(dynare_mod, locals_linear_functions_tags) {
    ps_dynare *d = rd(HEAD "a=1; b=1;\nmodel(linear);\n# w = a*exp(g) + sqrt(abs(b));\n"
                      "[name='output', mcp='x'] y = w + min(c, max(g, 1)) + ln(2)^-1;\n"
                      "c = y(-1) + c(+1) * b;\nend;\n");
    cr_assert(strstr(d->native, "identity [output] y = "), "%s", d->native);
    cr_assert(strstr(d->native, "(a * exp(g))"), "the local is substituted: %s", d->native);
    cr_assert(strstr(d->native, "log(2) ^ (-1)"), "%s", d->native);
    cr_assert_eq(d->maxlead, 1);
    ps_model *m = native(d);
    cr_assert_eq(m->maxlead, 1);
    ps_model_free(m);
    ps_dynare_free(d);
}

/* The frame the file sets up, period 0 labelled 2000. */
static ps_frame *frame_of(const ps_dynare *d, const ps_model *m, int *path) {
    ps_frame *f;
    ps_error err;
    cr_assert_eq(ps_dynare_frame(d, m, 2000, &f, path, &err), PS_OK, "%s", err.message);
    return f;
}

Test(dynare_mod, initval_endval_shocks_frame) {
    ps_dynare *d = rd(HEAD "a=0.5; b=1;\nmodel;\ny = c + g;\nc = a*y(-1);\nend;\n"
                      "initval; g = 1; y = 7; c = 1; end;\n"
                      "endval; g = 3; y = 2; end;\n"
                      "shocks; var g; periods 1:2 4; values [10 -20]; var g; periods 5; values (2*a); end;\n"
                      "perfect_foresight_setup(periods=6); perfect_foresight_solver(maxit=20);\n");
    cr_assert(d->has_initval && d->has_endval && !d->has_histval && d->solver);
    cr_assert_eq(d->periods, 6);
    cr_assert_eq(d->maxit, 20);
    cr_assert_eq(d->nshocks, 3);
    ps_model *m = native(d);
    int path;
    ps_frame *f = frame_of(d, m, &path);
    int g = ps_frame_col(f, "g"), y = ps_frame_col(f, "y"), c = ps_frame_col(f, "c");
    /* period 0: initval; then endval's 3 with the shocks */
    double want_g[] = { 1, 10, 10, 3, -20, 1, 3, 3 };
    for (int t = 0; t < 8; t++) cr_assert_eq(ps_frame_get(f, g, t), want_g[t], "g at %d", t);
    cr_assert_eq(ps_frame_get(f, y, 0), 7);
    cr_assert_eq(ps_frame_get(f, c, 0), 1);
    /* no steady after endval: the terminal values are endval's (unset: initval's) */
    cr_assert_eq(path, 1);
    cr_assert_eq(ps_frame_get(f, y, 7), 2);
    cr_assert_eq(ps_frame_get(f, c, 7), 1);
    ps_frame_free(f);
    ps_model_free(m);
    ps_dynare_free(d);
}

/* histval, as Dynare's: the periods it gives, 0 for every endogenous value
** it does not give (initval's and the steady state's are not used), and one
** row per period before 0 that the deepest lag (here 3) reads; exogenous
** values are initval's at period 0, 0 before it. */
Test(dynare_mod, histval_frame_before_period_0) {
    ps_dynare *d = rd(HEAD "a=0.5; b=0.25;\nmodel;\ny = c + g;\nc = a*y(-1) + b*y(-3);\nend;\n"
                      "initval; g = 1; y = 2; c = 1; end;\nsteady;\n"
                      "histval; y(0) = 7; y(-2) = 5; end;\n"
                      "perfect_foresight_setup(periods=4); perfect_foresight_solver;\n");
    cr_assert_eq(d->hist_depth, 2);
    ps_model *m = native(d);
    int path;
    ps_frame *f = frame_of(d, m, &path);
    cr_assert_eq(f->nper, 2 + 1 + 4 + 1, "periods -2..0, 1..4 and the terminal one");
    cr_assert_eq(path, 0);
    int g = ps_frame_col(f, "g"), y = ps_frame_col(f, "y"), c = ps_frame_col(f, "c");
    double want_y[] = { 5, 0, 7 }, want_g[] = { 0, 0, 1 };
    for (int t = 0; t < 3; t++) {
        cr_assert_eq(ps_frame_get(f, y, t), want_y[t], "y at period %d", t - 2);
        cr_assert_eq(ps_frame_get(f, c, t), 0, "c at period %d", t - 2);
        cr_assert_eq(ps_frame_get(f, g, t), want_g[t], "g at period %d", t - 2);
    }
    /* and the solve starts from them: c(1) = 0.5 * 7 + 0.25 * 5, y(1) = c(1) + 1 */
    ps_frame *s;
    ps_solve_diag diag;
    ps_error err;
    cr_assert_eq(ps_dynare_simulate(d, m, 0, 0, &s, &diag, &err), PS_OK, "%s", err.message);
    cr_assert_float_eq(ps_frame_get(s, c, 3), 4.75, 1e-12);
    cr_assert_float_eq(ps_frame_get(s, y, 3), 5.75, 1e-12);
    /* c(2) = 0.5 * 5.75 + 0.25 * y(-1) = 0.5 * 5.75 + 0 */
    cr_assert_float_eq(ps_frame_get(s, c, 4), 2.875, 1e-12);
    ps_frame_free(s);
    ps_frame_free(f);
    ps_model_free(m);
    ps_dynare_free(d);
}

Test(dynare_mod, initval_steady_is_solved) {
    /* y = c + g, c = 0.5 y(-1): the steady state is y = 2 g, c = g */
    ps_dynare *d = rd(HEAD "a=0.5; b=1;\nmodel;\ny = c + g;\nc = a*y(-1);\nend;\n"
                      "initval; g = 3; y = 1; c = 1; end; steady;\n"
                      "perfect_foresight_setup(periods=3); perfect_foresight_solver;\n");
    ps_model *m = native(d);
    int path;
    ps_frame *f = frame_of(d, m, &path);
    cr_assert_eq(path, 0);
    cr_assert_float_eq(ps_frame_get(f, ps_frame_col(f, "y"), 0), 6.0, 1e-12);
    cr_assert_float_eq(ps_frame_get(f, ps_frame_col(f, "c"), 0), 3.0, 1e-12);
    ps_frame_free(f);
    ps_model_free(m);
    ps_dynare_free(d);
}

Test(dynare_mod, model_through_parse_file) {
    ps_model *m;
    ps_error err;
    cr_assert_eq(ps_model_parse_file(DIR "plain/nk.mod", &m, &err), PS_OK, "%s", err.message);
    cr_assert_eq(m->maxlead, 2);
    cr_assert_eq(m->neq, 3);
    ps_model_free(m);
}

/* ---- refusals: status, line, column and the sentence ---------------- */

static void refused(const char *src, int code, int line, int col, const char *words) {
    ps_dynare *d = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_dynare_read_string(src, strlen(src), "t.mod", &d, &err), code,
                 "status %d: %s", err.code, err.message);
    cr_assert_null(d);
    cr_assert_str_eq(err.file, "t.mod");
    cr_assert_eq(err.line, line, "line %d: %s", err.line, err.message);
    cr_assert_eq(err.col, col, "col %d: %s", err.col, err.message);
    cr_assert(strstr(err.message, words), "message: %s", err.message);
}

#define MODEL "model;\ny = c + g;\nc = a*y(-1);\nend;\n"

Test(dynare_mod, refuses_outside_the_subset) {
    refused(HEAD "a=1;b=1;\n" MODEL "stoch_simul(order=1);\n", PS_ERR_UNSUPPORTED, 7, 1,
            "'stoch_simul' is outside the deterministic subset");
    refused(HEAD "a=1;b=1;\n" MODEL "  estimation(datafile=x);\n", PS_ERR_UNSUPPORTED, 7, 3,
            "'estimation' is outside");
    refused(HEAD "a=1;b=1;\n" MODEL "estimated_params; end;\n", PS_ERR_UNSUPPORTED, 7, 1,
            "'estimated_params' is outside");
    refused(HEAD "a=1;b=1;\n" MODEL "varobs y;\n", PS_ERR_UNSUPPORTED, 7, 1, "'varobs' is outside");
    refused("@#define N = 3\n" HEAD, PS_ERR_UNSUPPORTED, 1, 1, "macro processor");
    refused(HEAD "a=1;b=1;\n" MODEL "options_.solve_tolf = 1e-14;\n", PS_ERR_UNSUPPORTED, 7, 1,
            "'options_' is not a statement polsim reads");
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + erf(g);\nc = a*y(-1);\nend;\n",
            PS_ERR_UNSUPPORTED, 4, 9, "function 'erf' is not supported");
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + normcdf(g, 0);\nc = a*y(-1);\nend;\n",
            PS_ERR_SYNTAX, 4, 21, "normcdf(x) or normcdf(x, mu, sigma)");
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + erf(g);\nc = a*y(-1);\nend;\n",
            PS_ERR_UNSUPPORTED, 4, 9, "function 'erf' is not supported");
    refused(HEAD "a=1;b=1;\n" MODEL "shocks; var g = 0.01; end;\n", PS_ERR_UNSUPPORTED, 7, 15,
            "stochastic shocks");
    refused(HEAD "a=1;b=1;\n" MODEL "shocks; var g; stderr 0.1; end;\n", PS_ERR_UNSUPPORTED, 7,
            16, "expected 'periods'");
    refused(HEAD "a=1;b=1;\n" MODEL "histval; y(-1) = 1; end;\n", PS_ERR_SEMANTIC, 7, 12,
            "histval gives period -1, but the deepest lag in the model is 1");
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + g;\nc = a*y(-2);\nend;\nhistval; y(-2) = 1; end;\n",
            PS_ERR_SEMANTIC, 7, 12, "so histval gives x(0) down to x(-1)");
    refused(HEAD "a=1;b=1;\n" MODEL "histval; y(1) = 1; end;\n", PS_ERR_SYNTAX, 7, 12,
            "histval gives a period 0 or before it");
    refused(HEAD "a=1;b=1;\n" MODEL "endval; g = 1; end;\nhistval; y(0) = 1; end;\n",
            PS_ERR_UNSUPPORTED, 8, 1, "histval and endval cannot be used together");
    refused(HEAD "a=1;b=1;\n" MODEL "histval; y(0) = 1; end;\nendval; g = 1; end;\n",
            PS_ERR_UNSUPPORTED, 8, 1, "histval and endval cannot be used together");
    refused(HEAD "a=1;b=1;\n" MODEL "perfect_foresight_solver(stack_solve_algo=7);\n",
            PS_ERR_UNSUPPORTED, 7, 26, "option 'stack_solve_algo'");
    refused(HEAD "a=1;b=1;\n" MODEL "steady(solve_algo=4);\n", PS_ERR_UNSUPPORTED, 7, 7,
            "options of steady");
    refused(HEAD "a=1;b=1;\nmodel(block);\nend;\n", PS_ERR_UNSUPPORTED, 3, 7, "only model(linear)");
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + g;\nc = (a > 1);\nend;\n", PS_ERR_UNSUPPORTED, 5, 8,
            "comparison operators");
}

Test(dynare_mod, refuses_bad_models) {
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + h;\nc = a*y(-1);\nend;\n", PS_ERR_SEMANTIC, 4, 9,
            "'h' is not declared");
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + g;\nend;\n", PS_ERR_SEMANTIC, 4, 1,
            "1 equations for 2 endogenous variables");
    refused(HEAD "a=1;b=1;\nmodel;\ny = g;\ny = 2*g + y(-1);\nend;\n", PS_ERR_SEMANTIC, 5, 1,
            "equation 2 cannot be given a variable of its own");
    refused(HEAD "a=1;\n" MODEL, PS_ERR_SEMANTIC, 1, 1, "parameter 'b' is never given a value");
    refused(HEAD "a=1;b=1;\n" MODEL "initval; y = c; end;\n", PS_ERR_SEMANTIC, 7, 14,
            "'c' is a variable");
    refused(HEAD "a=1;b=1;\n" MODEL "shocks; var g; periods 1:3; values 1 2; end;\n",
            PS_ERR_SEMANTIC, 7, 29, "2 values for 1 period items");
    refused(HEAD "a=1;b=1;\n" MODEL "shocks; var y; periods 1; values 1; end;\n",
            PS_ERR_SEMANTIC, 7, 13, "'y' is not a declared exogenous variable");
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + g\nc = a*y(-1);\nend;\n", PS_ERR_SYNTAX, 5, 1,
            "expected ';' after the equation");
    refused("var y; var y;\n", PS_ERR_SEMANTIC, 1, 12, "'y' is declared twice");
    refused(HEAD "a=1;b=1;\nmodel;\n[name='x'] y = c + g;\n[name='x'] c = a*y(-1);\nend;\n",
            PS_ERR_SEMANTIC, 5, 12, "equation name 'x' is used twice (also by the equation at 4:12");
    refused("var y pct;\n", PS_ERR_SEMANTIC, 1, 7, "'pct' is a reserved word of the polsim model language");
    refused(HEAD "a=1;b=1;\n", PS_ERR_SEMANTIC, 3, 1, "no model block");
    refused(HEAD "a=1;b=1;\nmodel;\ny = c + g;\n", PS_ERR_SYNTAX, 5, 1, "model block without 'end;'");
}

/* sign, added to the shared function table for Dynare files: y = sign(g) * 2
** is -2, 0 and 2 for g = -3, 0 and 5 (Dynare's and MATLAB's sign(0) is 0). */
Test(dynare_mod, sign_function) {
    ps_dynare *d = rd("var y; varexo g;\nmodel;\ny = sign(g) * 2;\nend;\n"
                      "shocks; var g; periods 1 2 3; values -3 0 5; end;\n"
                      "perfect_foresight_setup(periods=3); perfect_foresight_solver;\n");
    cr_assert(strstr(d->native, "sign(g)"), "%s", d->native);
    ps_model *m = native(d);
    ps_frame *f;
    ps_solve_diag diag;
    ps_error err;
    cr_assert_eq(ps_dynare_simulate(d, m, 0, 0, &f, &diag, &err), PS_OK, "%s", err.message);
    int y = ps_frame_col(f, "y");
    cr_assert_eq(ps_frame_get(f, y, 1), -2.0);
    cr_assert_eq(ps_frame_get(f, y, 2), 0.0);
    cr_assert_eq(ps_frame_get(f, y, 3), 2.0);
    ps_frame_free(f);
    ps_model_free(m);
    ps_dynare_free(d);
}
