/*
** Allocation-failure sweep (SQLite's malloc tests are the model): for each
** library entry point the command line uses, fail the N-th allocation (and
** every later one, as a real out-of-memory does) for N = 1, 2, ... until a
** run needs fewer than N allocations.  Every failed run must
**   - return PS_ERR_NOMEM with a message (no other error, no success with
**     part of the work silently skipped),
**   - leave in its output folder only files that are complete (byte-equal to
**     the files of an undisturbed run) and no temporary file,
**   - leave the library usable: the same call, hook off, succeeds at once.
** Leaks and crashes on the failure paths are caught by the ASan+UBSan build
** (LeakSanitizer at each test's exit).  The fixtures are small (the
** Keynesian cross, a few draws) so the sweep stays quick under ASan.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "polsim/analyse.h"
#include "polsim/batch.h"
#include "polsim/compare.h"
#include "polsim/compile.h"
#include "polsim/frame.h"
#include "polsim/io.h"
#include "polsim/lua.h"
#include "polsim/model.h"
#include "polsim/montecarlo.h"
#include "polsim/output.h"
#include "polsim/project.h"
#include "polsim/report.h"
#include "polsim/scenario.h"
#include "polsim/targets.h"
#include "testkit.h"
#include "util/alloc.h"

#define KEYNES POLSIM_SOURCE_DIR "/models/examples/keynes"
#define NONLIN POLSIM_SOURCE_DIR "/models/examples/nonlin"

/* ---- output folders: snapshot, compare, empty ---- */

#define MAX_FILES 64

typedef struct snapshot {
    int n;
    char *name[MAX_FILES]; /* relative to the folder */
    char *text[MAX_FILES];
    size_t len[MAX_FILES];
} snapshot;

/* Regular files below dir (recursively), relative names into s. */
static void snap_dir(const char *dir, const char *rel, snapshot *s) {
    char path[1024];
    snprintf(path, sizeof path, "%s%s%s", dir, rel[0] ? "/" : "", rel);
    DIR *d = opendir(path);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char r[1024], full[2048];
        snprintf(r, sizeof r, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", dir, r);
        struct stat st;
        cr_assert_eq(lstat(full, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            snap_dir(dir, r, s);
            continue;
        }
        cr_assert_lt(s->n, MAX_FILES);
        s->name[s->n] = strdup(r);
        ps_error err;
        cr_assert_eq(ps_file_read_all(full, 0, &s->text[s->n], &s->len[s->n], &err), PS_OK,
                     "%s", err.message);
        s->n++;
    }
    closedir(d);
}

static void snap_free(snapshot *s) {
    for (int i = 0; i < s->n; i++) {
        free(s->name[i]);
        free(s->text[i]);
    }
    s->n = 0;
}

/* Remove everything below dir (dir itself stays). */
static void empty_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char full[2048];
        snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            empty_dir(full);
            rmdir(full);
        } else {
            unlink(full);
        }
    }
    closedir(d);
}

/* What a failed run left in dir: each file must be one of the complete run's
** files with the same bytes; no temporary file. */
static void check_leftovers(const char *what, long n, const char *dir, const snapshot *ref) {
    snapshot now = {0};
    snap_dir(dir, "", &now);
    for (int i = 0; i < now.n; i++) {
        cr_assert_null(strstr(now.name[i], ".tmp"), "%s, allocation %ld failed: temporary file %s left",
                       what, n, now.name[i]);
        int k = 0;
        while (k < ref->n && strcmp(ref->name[k], now.name[i])) k++;
        cr_assert_lt(k, ref->n, "%s, allocation %ld failed: %s written, which a complete run "
                                "does not write", what, n, now.name[i]);
        cr_assert(now.len[i] == ref->len[k] && !memcmp(now.text[i], ref->text[k], now.len[i]),
                  "%s, allocation %ld failed: %s is half-written (%zu bytes, complete %zu)", what,
                  n, now.name[i], now.len[i], ref->len[k]);
    }
    snap_free(&now);
}

/* ---- the sweep ---- */

typedef int (*sweep_fn)(void *ctx, const char *dir, ps_error *err);

/* Run call(ctx, dir) with the n-th allocation and all later ones failing. */
static int run_failing(sweep_fn call, void *ctx, const char *dir, long n, ps_error *err,
                       long *refused, long *count) {
    ps_error_clear(err);
    ps_alloc_fail_at(n);
    int rc = call(ctx, dir, err);
    *refused = ps_alloc_refused();
    *count = ps_alloc_count();
    ps_alloc_fail_at(0);
    return rc;
}

/* A fresh folder on /dev/shm when there is one: each failed run is tried
** again whole, and an atomic write's fsync on a disk would dominate. */
static char *sweep_dir(void) {
    static char dir[512];
    struct stat st;
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0) {
        snprintf(dir, sizeof dir, "/dev/shm/polsim-alloc-sweep-XXXXXX");
        if (mkdtemp(dir)) return dir;
    }
    return tk_tmp_dir("alloc-sweep");
}

static void sweep(const char *what, sweep_fn call, void *ctx) {
    char *dir = sweep_dir();
    ps_error err;
    long refused, total, count;
    /* The undisturbed run: its files are what "complete" means, and its
    ** allocation count bounds the sweep. */
    int rc = run_failing(call, ctx, dir, __LONG_MAX__, &err, &refused, &total);
    cr_assert_eq(rc, PS_OK, "%s: %s", what, err.message);
    cr_assert_gt(total, 0, "%s allocates nothing: not routed through ps_malloc?", what);
    snapshot ref = {0};
    snap_dir(dir, "", &ref);
    long n;
    for (n = 1;; n++) {
        empty_dir(dir);
        rc = run_failing(call, ctx, dir, n, &err, &refused, &count);
        if (!refused) break;
        cr_assert_eq(rc, PS_ERR_NOMEM,
                     "%s, allocation %ld of %ld failed: status %d (%s), expected "
                     "PS_ERR_NOMEM: %s", what, n, total, rc, ps_status_name(rc), err.message);
        cr_assert_eq(err.code, PS_ERR_NOMEM, "%s, allocation %ld: error record not filled", what, n);
        cr_assert_neq(err.message[0], '\0', "%s, allocation %ld: no message", what, n);
        check_leftovers(what, n, dir, &ref);
        empty_dir(dir);
        rc = run_failing(call, ctx, dir, 0, &err, &refused, &count);
        cr_assert_eq(rc, PS_OK, "%s after allocation %ld had failed: %s", what, n, err.message);
    }
    cr_assert_eq(rc, PS_OK, "%s with %ld allocations allowed: %s", what, n - 1, err.message);
    cr_assert_eq(n - 1, total, "%s: %ld allocations undisturbed, %ld in the sweep's last run",
                 what, total, n - 1);
    cr_log_info("%s: %ld allocations, each failed once", what, total);
    snap_free(&ref);
    empty_dir(dir);
    rmdir(dir);
}

/* ---- shared fixtures (made with the hook off) ---- */

static ps_project *load(const char *path) {
    ps_project *p = NULL;
    ps_error err;
    cr_assert_eq(ps_project_load(path, &p, &err), PS_OK, "%s", err.message);
    return p;
}

static ps_result *run_keynes(ps_project *p, double g_shock) {
    ps_scenario *s = NULL;
    ps_result *r = NULL;
    ps_error err;
    cr_assert_eq(ps_scenario_new(p, g_shock ? "stimulus" : "baseline", 2025, 2030, &s, &err),
                 PS_OK, "%s", err.message);
    if (g_shock)
        cr_assert_eq(ps_scenario_shock_level(s, ps_model_find(p->model, "g"), 2025, 2026,
                                             g_shock, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_scenario_run(s, &r, &err), PS_OK, "%s", err.message);
    ps_scenario_release(s);
    return r;
}

static char *path_in(const char *dir, const char *name) {
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

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
    ps_scenario_release(s);
    ps_scenario_release(base);
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
    ps_scenario_release(s);
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
    ps_scenario_release(s);
    return rc;
}

Test(alloc_sweep, montecarlo) {
    ps_project *p = load(KEYNES);
    sweep("ps_mc_run (2 threads) + ps_mc_write_json", montecarlo, p);
    ps_project_free(p);
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

/* ---- a whole script run (polsim run): sandbox, model, scenarios, outputs ---- */

static const char SCRIPT[] =
    "local m = polsim.model('" KEYNES "')\n"
    "local base = m:scenario('baseline', { from = 2025, to = 2027 })\n"
    "local stim = base:copy('stimulus'):shock('g', 2025, 2026, 10)\n"
    "local rb, rs = base:run(), stim:run()\n"
    "local c = polsim.compare(rb, rs)\n"
    "print(polsim.table(rs, { 'y', 'c' }))\n"
    "rs:write('stimulus.json')\n"
    "rs:write('stimulus.csv')\n"
    "c:write('compare.csv')\n";

typedef struct script_ctx {
    char path[1100];
} script_ctx;

static void discard(void *ud, const char *s, size_t n) {
    (void)ud, (void)s, (void)n;
}

static int run_script(void *ctx, const char *dir, ps_error *err) {
    script_ctx *c = ctx;
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.out_dir = dir;
    o.print = discard;
    ps_lua *s = NULL;
    int rc = ps_lua_new(&o, &s, err);
    if (!rc) rc = ps_lua_run_file(s, c->path, err);
    ps_lua_free(s);
    return rc;
}

Test(alloc_sweep, lua_run) {
    char *tmp = tk_tmp_dir("alloc-script");
    script_ctx c;
    snprintf(c.path, sizeof c.path, "%s/sweep.lua", tmp);
    ps_error err;
    cr_assert_eq(ps_file_write_atomic(c.path, SCRIPT, sizeof SCRIPT - 1, &err), PS_OK, "%s",
                 err.message);
    sweep("ps_lua_new + ps_lua_run_file (polsim run)", run_script, &c);
    unlink(c.path);
    rmdir(tmp);
}
