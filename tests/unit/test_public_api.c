/*
** The public API as an embedder uses it: only headers from engine/include/polsim,
** only PS_API functions (the layouts behind the opaque types are never read here).
** Numbers are the Keynesian cross's closed form (models/examples/keynes):
**   c = c0 + mpc (y - t) + c_a,  y = c + i + g
**   => y = (c0 + c_a - mpc t + i + g) / (1 - mpc),
** with c0 = 40, mpc = 0.6 and the history's last values i = 200, g = 180,
** t = 150 (2024, held after it), and c_a = 0 in a projection.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polsim/scenario.h" /* public API only */
#include "polsim/version.h" /* public API only */

#define KEYNES "models/examples/keynes"

static ps_project *load(void) {
    ps_error err;
    ps_project *p = NULL;
    cr_assert_eq(ps_project_load(KEYNES, &p, &err), PS_OK, "%s", err.message);
    return p;
}

/* y in `period` of scenario s, which is run and freed. */
static double run_y(ps_scenario *s, long period) {
    ps_error err;
    ps_result *r = NULL;
    cr_assert_eq(ps_scenario_run(s, &r, &err), PS_OK, "%s", err.message);
    double y = ps_result_value(r, ps_result_col(r, "y"), period);
    ps_result_free(r);
    ps_scenario_free(s);
    return y;
}

/* Runs s (and frees it): its y in `period` must be `want`.  The run happens
** here, once: Criterion's float assertions may evaluate an argument twice. */
static void expect_y(ps_scenario *s, long period, double want) {
    double y = run_y(s, period);
    cr_assert_float_eq(y, want, 1e-9, "y %ld = %.17g, want %.17g", period, y, want);
}

static int sym(const ps_project *p, const char *name) {
    int k = ps_model_find(ps_project_model(p), name);
    cr_assert_geq(k, 0, "no symbol %s", name);
    return k;
}

static ps_scenario *baseline(ps_project *p) {
    ps_error err;
    ps_scenario *s = NULL;
    cr_assert_eq(ps_scenario_new(p, "baseline", 2025, 2027, &s, &err), PS_OK, "%s", err.message);
    return s;
}

Test(public_api, version_of_loaded_library_matches_headers) {
    cr_assert_str_eq(ps_version(), PS_VERSION_STRING);
}

Test(public_api, model_accessors) {
    ps_project *p = load();
    const ps_model *m = ps_project_model(p);
    cr_assert_str_eq(ps_model_name(m), "keynes");
    cr_assert_str_eq(ps_model_title(m), "Keynesian cross");
    cr_assert_eq(ps_model_freq(m), PS_FREQ_ANNUAL);
    /* y c (endogenous), i g t (exogenous), c0 mpc, and the add-factor c_a */
    cr_assert_eq(ps_model_nsym(m), 8);
    int g = sym(p, "g"), y = sym(p, "y");
    cr_assert_str_eq(ps_model_sym_name(m, g), "g");
    cr_assert_str_eq(ps_model_sym_description(m, g), "Government spending");
    cr_assert_str_eq(ps_model_sym_unit(m, g), "bn");
    cr_assert_eq(ps_model_sym_kind(m, g), PS_SYM_EXO);
    cr_assert_eq(ps_model_sym_lever(m, g), 1);
    cr_assert_eq(ps_model_sym_kind(m, y), PS_SYM_ENDO);
    cr_assert_eq(ps_model_sym_lever(m, y), 0);
    cr_assert_eq(ps_model_sym_kind(m, sym(p, "c_a")), PS_SYM_ADDFACTOR);
    cr_assert_eq(ps_model_sym_kind(m, sym(p, "mpc")), PS_SYM_PARAM);
    cr_assert_str_eq(ps_model_nearest(m, "G"), "g");
    cr_assert_eq(ps_model_find(m, "G"), -1);
    /* out of range: NULL, -1, 0 (never a read outside the table) */
    cr_assert_null(ps_model_sym_name(m, -1));
    cr_assert_null(ps_model_sym_unit(m, 8));
    cr_assert_null(ps_model_sym_description(m, 8));
    cr_assert_eq(ps_model_sym_kind(m, 8), -1);
    cr_assert_eq(ps_model_sym_lever(m, -1), 0);
    long first, last;
    ps_project_history_span(p, &first, &last);
    cr_assert_eq(first, 2015);
    cr_assert_eq(last, 2024);
    ps_project_free(p);
}

Test(public_api, levers_move_output_by_the_closed_form) {
    ps_project *p = load();
    ps_error err;
    expect_y(baseline(p), 2025, 330.0 / 0.4);   /* 825 */
    expect_y(baseline(p), 2027, 330.0 / 0.4);

    ps_scenario *s = baseline(p);       /* g grows 10 %: 198 in 2025, 217.8 in 2026 */
    cr_assert_eq(ps_scenario_grow(s, sym(p, "g"), 2025, 2027, 0.10, &err), PS_OK);
    ps_scenario_retain(s);
    expect_y(s, 2025, (40 - 90 + 200 + 198.0) / 0.4);
    expect_y(s, 2026, (40 - 90 + 200 + 217.8) / 0.4);

    s = baseline(p);                    /* taxes +10 % in 2025: t = 165 */
    cr_assert_eq(ps_scenario_shock_pct(s, sym(p, "t"), 2025, 2025, 10, &err), PS_OK);
    expect_y(s, 2025, (40 - 0.6 * 165 + 200 + 180) / 0.4);

    s = baseline(p);                    /* mpc 0.5 */
    cr_assert_eq(ps_scenario_param(s, sym(p, "mpc"), 0.5, &err), PS_OK);
    cr_assert_float_eq(ps_scenario_param_value(s, sym(p, "mpc")), 0.5, 0);
    expect_y(s, 2025, (40 - 75 + 200 + 180) / 0.5);

    /* a child layers on its parent: i + 10 (level shock) on top of g = 200 */
    ps_scenario *parent = baseline(p), *child = NULL;
    double v = 200;
    cr_assert_eq(ps_scenario_set(parent, sym(p, "g"), 2025, 2025, &v, 1, &err), PS_OK);
    cr_assert_eq(ps_scenario_copy(parent, "child", &child, &err), PS_OK);
    cr_assert_eq(ps_scenario_shock_level(child, sym(p, "i"), 2025, 2025, 10, &err), PS_OK);
    cr_assert_str_eq(ps_scenario_name(child), "child");
    cr_assert_eq(ps_scenario_parent(child), parent);
    ps_scenario_free(parent);           /* the child keeps it alive */
    expect_y(child, 2025, (40 - 90 + 210 + 200) / 0.4);
    ps_project_free(p);
}

Test(public_api, result_accessors_and_files) {
    ps_project *p = load();
    ps_error err;
    ps_result *r = NULL, *back = NULL;
    ps_scenario *s = baseline(p);
    cr_assert_eq(ps_scenario_run(s, &r, &err), PS_OK, "%s", err.message);
    ps_scenario_free(s);
    ps_project_free(p);                 /* a result outlives its project */
    cr_assert_eq(ps_result_start(r), 2015);
    cr_assert_eq(ps_result_nper(r), 13);   /* 2015..2027 */
    cr_assert_eq(ps_result_solved_from(r), 2025);
    cr_assert_eq(ps_result_freq(r), PS_FREQ_ANNUAL);
    cr_assert_eq(ps_result_nvar(r), 6);    /* the series: y c i g t c_a */
    cr_assert_str_eq(ps_result_scenario(r), "baseline");
    cr_assert_str_eq(ps_result_model_name(r), "keynes");
    int y = ps_result_col(r, "y");
    cr_assert_str_eq(ps_result_var_name(r, y), "y");
    cr_assert_str_eq(ps_result_var_unit(r, y), "bn");
    cr_assert_str_eq(ps_result_var_description(r, y), "Output (GDP)");
    /* history rows are the data of models/examples/keynes/history.csv */
    cr_assert_float_eq(ps_result_value(r, y, 2024), 828.0, 1e-12);
    cr_assert_float_eq(ps_result_value(r, y, 2015), 575.4, 1e-12);
    cr_assert(isnan(ps_result_value(r, y, 2014)));
    cr_assert(isnan(ps_result_value(r, y, 2028)));
    cr_assert(isnan(ps_result_value(r, -1, 2025)));
    cr_assert(isnan(ps_result_value(r, 6, 2025)));
    cr_assert_null(ps_result_var_name(r, 6));
    cr_assert_eq(ps_result_col(r, "Y"), -1);

    char dir[] = "/tmp/polsim-public-api-XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/r.json", dir);
    cr_assert_eq(ps_result_set_meta(r, "source", "test", &err), PS_OK);
    cr_assert_eq(ps_result_write(r, path, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_result_read_json(path, &back, &err), PS_OK, "%s", err.message);
    cr_assert_float_eq(ps_result_value(back, ps_result_col(back, "y"), 2025), 825.0, 1e-9);
    char *a = NULL, *b = NULL;
    cr_assert_eq(ps_result_to_json(r, &a, &err), PS_OK);
    cr_assert_eq(ps_result_to_json(back, &b, &err), PS_OK);
    cr_assert_str_eq(a, b, "a result read back writes the same bytes");
    free(a);
    free(b);
    snprintf(path, sizeof path, "%s/r.txt", dir);
    cr_assert_eq(ps_result_write(r, path, &err), PS_ERR_USAGE);
    remove(path);
    snprintf(path, sizeof path, "%s/r.json", dir);
    remove(path);
    remove(dir);
    ps_result_free(back);
    ps_result_free(r);
}

Test(public_api, errors_name_the_place) {
    ps_error err;
    ps_project *p = NULL;
    cr_assert_neq(ps_project_load("models/examples/no-such-model", &p, &err), PS_OK);
    cr_assert_null(p);
    char buf[2048];
    cr_assert(strstr(ps_error_format(&err, buf, sizeof buf), "no-such-model"), "%s", buf);

    ps_model *m = NULL;
    const char src[] = "model m annual;\nendogenous y;\nequation y = 1 +;\n";
    cr_assert_eq(ps_model_parse_string(src, sizeof src - 1, "m.model", &m, &err), PS_ERR_SYNTAX);
    cr_assert_null(m);
    ps_error_format(&err, buf, sizeof buf);
    cr_assert(strncmp(buf, "m.model:3:", 10) == 0, "%s", buf);
    cr_assert_str_eq(ps_status_name(PS_ERR_SYNTAX), ps_status_name(err.code));

    p = load();                         /* setting an endogenous variable is refused */
    ps_scenario *s = baseline(p);
    double v = 1;
    cr_assert_eq(ps_scenario_set(s, sym(p, "y"), 2025, 2025, &v, 1, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "y"), "%s", err.message);
    ps_scenario_free(s);
    ps_project_free(p);
    ps_scenario_free(NULL);             /* destructors are NULL-safe */
    ps_result_free(NULL);
    ps_project_free(NULL);
    ps_model_free(NULL);
}
