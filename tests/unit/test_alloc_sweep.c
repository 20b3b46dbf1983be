/*
** Allocation-failure sweep (allockit.h) over the library's C entry points the
** command line uses: model parse, analyse + compile, project load, scenario
** build and run, targets, result JSON/CSV, history CSV, compare, report,
** Monte Carlo on two threads, Dynare import and simulation, and the batch's
** plan, records and manifest.
*/
#include "allockit.h"

#include <pthread.h>

#include "report/report_mc.h"

/* ---- model parse, analysis, compile, project load ---- */

static int parse_model(void *ctx, const char *dir, ps_error *err) {
    ps_model *m = NULL;
    int rc = ps_model_parse_file(ctx, &m, err);
    ps_model_free(m);
    return rc;
}

Test(alloc_sweep, model_parse) {
    sweep("ps_model_parse_file(keynes)", parse_model, KEYNES "/keynes.model");
    sweep("ps_model_parse_file(nonlin)", parse_model, NONLIN "/nonlin.model");
    sweep("ps_model_parse_file(yangzhou)", parse_model,
          POLSIM_SOURCE_DIR "/models/yangzhou/yangzhou.model");
}

static int compile_model(void *ctx, const char *dir, ps_error *err) {
    const ps_model *m = ctx;
    ps_analysis *a = NULL;
    ps_program *prog = NULL;
    int rc = ps_analyse(m, &a, err);
    if (!rc) rc = ps_program_compile(m, a, &prog, err);
    ps_program_free(prog);
    ps_analysis_free(a);
    return rc;
}

Test(alloc_sweep, analyse_and_compile) {
    ps_model *m = NULL;
    ps_error err;
    cr_assert_eq(ps_model_parse_file(NONLIN "/nonlin.model", &m, &err), PS_OK, "%s", err.message);
    sweep("ps_analyse + ps_program_compile(nonlin)", compile_model, m);
    ps_model_free(m);
}

static int load_project(void *ctx, const char *dir, ps_error *err) {
    ps_project *p = NULL;
    int rc = ps_project_load(ctx, &p, err);
    ps_project_free(p);
    return rc;
}

Test(alloc_sweep, project_load) {
    sweep("ps_project_load(keynes)", load_project, KEYNES);
    sweep("ps_project_load(nonlin)", load_project, NONLIN);
}

/* ---- scenario build and run ---- */

static int build_and_run(void *ctx, const char *dir, ps_error *err) {
    ps_project *p = ctx;
    ps_scenario *base = NULL, *s = NULL;
    ps_result *r = NULL;
    int g = ps_model_find(p->model, "g"), mpc = ps_model_find(p->model, "mpc");
    double path[] = {185, 190, 195};
    int rc = ps_scenario_new(p, "baseline", 2025, 2030, &base, err);
    if (!rc) rc = ps_scenario_copy(base, "stimulus", &s, err);
    if (!rc) rc = ps_scenario_set(s, g, 2025, 2027, path, 3, err);
    if (!rc) rc = ps_scenario_shock_pct(s, ps_model_find(p->model, "i"), 2026, 2028, 5, err);
    if (!rc) rc = ps_scenario_param(s, mpc, 0.62, err);
    if (!rc) rc = ps_scenario_run(s, &r, err);
    if (!rc) rc = ps_result_set_meta(r, "note", "swept", err);
    ps_result_free(r);
    ps_scenario_free(s);
    ps_scenario_free(base);
    return rc;
}

Test(alloc_sweep, scenario_build_and_run) {
    ps_project *p = load(KEYNES);
    sweep("scenario build + ps_scenario_run(keynes)", build_and_run, p);
    ps_project_free(p);
}

/* Targets: the instrument g is solved so that y reaches a level. */
static int run_targets(void *ctx, const char *dir, ps_error *err) {
    ps_project *p = ctx;
    ps_scenario *s = NULL;
    ps_result *r = NULL;
    ps_target_report *rep = NULL;
    double y[] = {850};
    int rc = ps_scenario_new(p, "target", 2025, 2026, &s, err);
    if (!rc) rc = ps_scenario_target(s, ps_model_find(p->model, "y"), 2025, 2025, y, 1, 0, 1, err);
    if (!rc)
        rc = ps_scenario_instrument(s, ps_model_find(p->model, "g"), 2025, 2025, 0, 1000, 1, err);
    if (!rc) rc = ps_scenario_run_report(s, &r, &rep, err);
    ps_target_report_free(rep);
    ps_result_free(r);
    ps_scenario_free(s);
    return rc;
}

Test(alloc_sweep, scenario_targets) {
    ps_project *p = load(KEYNES);
    sweep("ps_scenario_run_report with a target (keynes)", run_targets, p);
    ps_project_free(p);
}

/* ---- results: JSON and CSV written and read back ---- */

static int write_result(void *ctx, const char *dir, ps_error *err) {
    const ps_result *r = ctx;
    int rc = ps_result_write_json(r, path_in(dir, "r.json"), err);
    if (!rc) rc = ps_result_write_csv(r, path_in(dir, "r.csv"), err);
    ps_result *back = NULL;
    if (!rc) rc = ps_result_read_json(path_in(dir, "r.json"), &back, err);
    ps_result_free(back);
    return rc;
}

Test(alloc_sweep, result_json_csv) {
    ps_project *p = load(KEYNES);
    ps_result *r = run_keynes(p, 10);
    sweep("ps_result_write_json/_csv + ps_result_read_json", write_result, r);
    ps_result_free(r);
    ps_project_free(p);
}

static int frame_csv(void *ctx, const char *dir, ps_error *err) {
    ps_frame *f = NULL;
    int rc = ps_frame_read_csv(KEYNES "/history.csv", PS_FREQ_ANNUAL, &f, err);
    if (!rc) rc = ps_frame_write_csv(f, NULL, 0, 0, f->nper - 1, path_in(dir, "h.csv"), err);
    ps_frame_free(f);
    return rc;
}

Test(alloc_sweep, frame_csv) {
    sweep("ps_frame_read_csv + ps_frame_write_csv", frame_csv, NULL);
}

/* ---- compare ---- */

typedef struct two_results {
    const ps_result *r[2];
} two_results;

static int compare(void *ctx, const char *dir, ps_error *err) {
    two_results *t = ctx;
    ps_compare *c = NULL;
    const char *vars[] = {"y", "c"};
    int rc = ps_compare_new(t->r, 2, 0, vars, 2, 2025, 2030, &c, err);
    ps_compare_format fmts[] = {PS_CMP_TABLE, PS_CMP_CSV, PS_CMP_MARKDOWN, PS_CMP_JSON,
                                PS_CMP_GROWTH_TABLE};
    for (size_t k = 0; !rc && k < sizeof fmts / sizeof fmts[0]; k++) {
        char *text = NULL;
        rc = ps_compare_render(c, fmts[k], &text, err);
        free(text);
    }
    if (!rc) rc = ps_compare_write(c, path_in(dir, "compare.csv"), err);
    if (!rc) rc = ps_compare_write(c, path_in(dir, "compare.json"), err);
    ps_compare_free(c);
    return rc;
}

/* ---- report ---- */

static const char TARGETS[] = "variable,period,target,label,kind\n"
                              "y,2025,840,Output,level\n"
                              "c,2026,3,Consumption,growth\n";

static int report(void *ctx, const char *dir, ps_error *err) {
    two_results *t = ctx;
    ps_targets *tg = NULL;
    char *html = NULL;
    size_t len = 0;
    int rc = ps_targets_parse(TARGETS, sizeof TARGETS - 1, "targets.csv", PS_FREQ_ANNUAL, &tg,
                              err);
    ps_report_opts o;
    memset(&o, 0, sizeof o);
    o.targets = tg;
    o.echarts_js = "/* charting library */";
    o.echarts_len = strlen(o.echarts_js);
    if (!rc) rc = ps_report_render(t->r, 2, &o, &html, &len, err);
    if (!rc) rc = ps_file_write_atomic(path_in(dir, "report.html"), html, len, err);
    free(html);
    ps_targets_free(tg);
    return rc;
}

Test(alloc_sweep, compare_and_report) {
    ps_project *p = load(KEYNES);
    two_results t = {{run_keynes(p, 0), run_keynes(p, 10)}};
    sweep("ps_compare_new/_render/_write", compare, &t);
    sweep("ps_targets_parse + ps_report_render + ps_file_write_atomic", report, &t);
    ps_result_free((ps_result *)t.r[0]);
    ps_result_free((ps_result *)t.r[1]);
    ps_project_free(p);
}

/* ---- Monte Carlo (two worker threads allocate their workspaces) ---- */

static int montecarlo(void *ctx, const char *dir, ps_error *err) {
    ps_project *p = ctx;
    ps_scenario *s = NULL;
    ps_mc *mc = NULL;
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    ps_mc_param prm = {ps_model_find(p->model, "mpc"), {PS_DIST_NORMAL, 0.6, 0.01, 0, 0, NULL, 0}};
    int y = ps_model_find(p->model, "y");
    o.draws = 16;
    o.threads = 2;
    o.params = &prm;
    o.nparams = 1;
    o.keep = &y;
    o.nkeep = 1;
    int rc = ps_scenario_new(p, "baseline", 2025, 2028, &s, err);
    if (!rc) rc = ps_mc_run(s, &o, &mc, err);
    if (!rc) rc = ps_mc_write_json(mc, path_in(dir, "mc.json"), err);
    ps_mc_free(mc);
    ps_scenario_free(s);
    return rc;
}

Test(alloc_sweep, montecarlo) {
    ps_project *p = load(KEYNES);
    sweep("ps_mc_run (2 threads) + ps_mc_write_json", montecarlo, p);
    ps_project_free(p);
}

/* ---- report with Monte Carlo fan charts (polsim report --mc) ---- */

typedef struct fan_ctx {
    two_results t;
    char *mc_json;
    size_t mc_len;
} fan_ctx;

static int report_fan(void *ctx, const char *dir, ps_error *err) {
    fan_ctx *c = ctx;
    ps_targets *tg = NULL;
    ps_report_mc *mc = NULL;
    char *html = NULL;
    size_t len = 0;
    int rc = ps_targets_parse(TARGETS, sizeof TARGETS - 1, "targets.csv", PS_FREQ_ANNUAL, &tg,
                              err);
    if (!rc) rc = ps_report_mc_parse(c->mc_json, c->mc_len, "mc.json", &mc, err);
    const ps_report_mc *mcs[] = {mc};
    ps_report_opts o;
    memset(&o, 0, sizeof o);
    o.targets = tg;
    o.echarts_js = "/* charting library */";
    o.echarts_len = strlen(o.echarts_js);
    o.mcs = mcs;
    o.nmc = 1;
    if (!rc) rc = ps_report_render(c->t.r, 2, &o, &html, &len, err);
    if (!rc) rc = ps_file_write_atomic(path_in(dir, "report.html"), html, len, err);
    free(html);
    ps_report_mc_free(mc);
    ps_targets_free(tg);
    return rc;
}

Test(alloc_sweep, report_with_fans) {
    ps_project *p = load(KEYNES);
    fan_ctx c = {{{run_keynes(p, 0), run_keynes(p, 10)}}, NULL, 0};
    char *tmp = tk_tmp_dir("alloc-fan");
    ps_error err;
    cr_assert_eq(montecarlo(p, tmp, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_file_read_all(path_in(tmp, "mc.json"), 0, &c.mc_json, &c.mc_len, &err), PS_OK,
                 "%s", err.message);
    unlink(path_in(tmp, "mc.json"));
    rmdir(tmp);
    sweep("ps_report_mc_parse + ps_report_render with a fan chart", report_fan, &c);
    free(c.mc_json);
    ps_result_free((ps_result *)c.t.r[0]);
    ps_result_free((ps_result *)c.t.r[1]);
    ps_project_free(p);
}

/* ---- Dynare: read a .mod, import it, simulate it (stacked time) ---- */

static int dynare(void *ctx, const char *dir, ps_error *err) {
    const char *mod = ctx;
    ps_dynare *d = NULL;
    ps_model *m = NULL;
    ps_frame *f = NULL;
    ps_solve_diag diag;
    int rc = ps_dynare_read_file(mod, &d, err);
    if (!rc) rc = ps_dynare_import(d, mod, path_in(dir, "model"), err);
    if (!rc) rc = ps_model_parse_string(d->native, d->native_len, mod, &m, err);
    if (!rc) rc = ps_dynare_simulate(d, m, 0, 0, &f, &diag, err);
    if (!rc) rc = ps_dynare_write_simul(d, m, f, path_in(dir, "simul.csv"), err);
    ps_frame_free(f);
    ps_model_free(m);
    ps_dynare_free(d);
    return rc;
}

Test(alloc_sweep, dynare_import_and_simulate) {
    sweep("ps_dynare_read_file + _import + _simulate + _write_simul (rbc_temporary.mod)", dynare,
          POLSIM_SOURCE_DIR "/tests/fixtures/dynare/plain/rbc_temporary.mod");
}

/* ---- batch: plan, prepare, records, collect, manifest ---- */

static int batch(void *ctx, const char *dir, ps_error *err) {
    const ps_result *r = ctx;
    const char *scripts[] = {"scripts/b.lua", "scripts/a.lua", "scripts/b.lua"};
    const char *keys[] = {"rate", "rate"}, *values[] = {"1", "2"};
    ps_batch_plan *plan = NULL;
    ps_batch_manifest *m = NULL, *back = NULL, *merged = NULL;
    ps_batch_record *rec = NULL, *again = NULL;
    char hex[65];
    int rc = ps_batch_plan_new(scripts, 3, 1, 1, &plan, err);
    if (!rc) rc = ps_batch_manifest_new(&m, err);
    for (int i = 0; !rc && i < plan->n; i++) {
        char sub[1200];
        snprintf(sub, sizeof sub, "%s/%s/result.json", dir, plan->folders[i]);
        rc = ps_batch_prepare(dir, plan->folders[i], err);
        if (!rc) rc = ps_result_write_json(r, sub, err);
        if (!rc) rc = ps_batch_record_new(plan->scripts[i], plan->folders[i], &rec, err);
        if (!rc) rc = ps_batch_record_set_args(rec, 2, keys, values, err);
        if (!rc) rc = ps_batch_record_set_error(rec, "", err);
        if (!rc) rc = ps_batch_hash_file(sub, hex, err);
        if (!rc) rc = ps_batch_record_add_input(rec, "data", "", "history.csv", hex, err);
        if (!rc) rc = ps_batch_collect(rec, dir, err);
        if (!rc) {
            rec->status = PS_BATCH_OK;
            snprintf(sub, sizeof sub, "%s/%s/run.json", dir, plan->folders[i]);
            rc = ps_batch_record_write(rec, sub, err);
        }
        if (!rc) rc = ps_batch_record_read(sub, &again, err);
        if (!rc) {
            char why[256];
            ps_batch_reusable(again, rec, dir, why, sizeof why);
            rc = ps_batch_manifest_add(m, rec, err); /* takes rec, also on failure */
            rec = NULL;
        }
        ps_batch_record_free(rec);
        ps_batch_record_free(again);
        rec = again = NULL;
    }
    if (!rc) rc = ps_batch_manifest_write(m, path_in(dir, "manifest.json"), err);
    if (!rc) rc = ps_batch_manifest_read(path_in(dir, "manifest.json"), &back, err);
    if (!rc) {
        const ps_batch_manifest *ms[] = {back};
        const char *names[] = {"manifest.json"};
        rc = ps_batch_manifest_merge(ms, names, 1, &merged, err);
    }
    ps_batch_manifest_free(merged);
    ps_batch_manifest_free(back);
    ps_batch_manifest_free(m);
    ps_batch_plan_free(plan);
    return rc;
}

Test(alloc_sweep, batch) {
    ps_project *p = load(KEYNES);
    ps_result *r = run_keynes(p, 10);
    sweep("batch plan, prepare, collect, records and manifest", batch, r);
    ps_result_free(r);
    ps_project_free(p);
}

/* ---- the allocator itself ---- */

Test(alloc, string_duplicates) {
    char *a = ps_strdup("abc"), *b = ps_strdup(NULL), *c = ps_strndup("abcdef", 3),
         *d = ps_strndup("ab", 10);
    cr_assert_str_eq(a, "abc");
    cr_assert_str_eq(b, "");
    cr_assert_str_eq(c, "abc");
    cr_assert_str_eq(d, "ab");
    ps_free(a), ps_free(b), ps_free(c), ps_free(d);
}

/* Four threads make 1000 allocations each with the 1500th failing: whatever
** the interleaving, 4000 are counted and 4000 - 1500 + 1 = 2501 refused. */
static void *alloc_1000(void *arg) {
    long *nulls = arg;
    for (int i = 0; i < 1000; i++) {
        void *p = (i & 1) ? ps_malloc(16) : ps_calloc(2, 8);
        if (!p) (*nulls)++;
        ps_free(p);
    }
    return NULL;
}

Test(alloc, hook_counts_across_threads) {
    pthread_t th[4];
    long nulls[4] = {0};
    unsigned long before = ps_alloc_failures();
    ps_alloc_fail_at(1500);
    for (int i = 0; i < 4; i++) cr_assert_eq(pthread_create(&th[i], NULL, alloc_1000, &nulls[i]), 0);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    long count = ps_alloc_count(), refused = ps_alloc_refused();
    ps_alloc_fail_at(0);
    cr_assert_eq(count, 4000);
    cr_assert_eq(refused, 2501);
    cr_assert_eq(nulls[0] + nulls[1] + nulls[2] + nulls[3], 2501);
    /* the per-thread failure count: this thread allocated nothing */
    cr_assert_eq(ps_alloc_failures(), before);
    void *p = ps_malloc(1);
    cr_assert_not_null(p, "the hook is off again");
    ps_free(p);
    ps_alloc_fail_at(1);
    cr_assert_null(ps_realloc(NULL, 8));
    cr_assert_eq(ps_alloc_failures(), before + 1);
    ps_alloc_fail_at(0);
}
