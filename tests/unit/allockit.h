/*
** The allocation-failure sweep shared by tests/unit/test_alloc_sweep*.c
** (SQLite's malloc tests are the model): for an entry point, fail the N-th
** allocation (and every later one, as a real out-of-memory does) for
** N = 1, 2, ... until a run needs fewer than N.  Every failed run must
**   - return PS_ERR_NOMEM with a message (no other error, no success with
**     part of the work silently skipped),
**   - leave in its output folder only files that are complete (byte-equal to
**     the files of an undisturbed run) and no temporary file,
**   - leave the library usable: the same call, hook off, succeeds at once.
** Leaks and crashes on the failure paths are caught by the ASan+UBSan build
** (LeakSanitizer at each test's exit).  Fixtures are small (the Keynesian
** cross, a few draws) so the sweeps stay quick under ASan.
*/
#ifndef PS_ALLOCKIT_H
#define PS_ALLOCKIT_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyse/analyse.h"
#include "batch/batch.h"
#include "compare/compare.h"
#include "compile/compile.h"
#include "dynare/dynare.h"
#include "project/dynare_sim.h"
#include "frame/frame.h"
#include "io/io.h"
#include "lua/sandbox.h"
#include "model/model.h"
#include "analysis/montecarlo.h"
#include "output/output.h"
#include "project/project.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "scenario/targets.h"
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
static __attribute__((unused)) void snap_dir(const char *dir, const char *rel, snapshot *s) {
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

static __attribute__((unused)) void snap_free(snapshot *s) {
    for (int i = 0; i < s->n; i++) {
        free(s->name[i]);
        free(s->text[i]);
    }
    s->n = 0;
}

/* Remove everything below dir (dir itself stays). */
static __attribute__((unused)) void empty_dir(const char *dir) {
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
static __attribute__((unused)) void check_leftovers(const char *what, long n, const char *dir, const snapshot *ref) {
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
static __attribute__((unused)) int run_failing(sweep_fn call, void *ctx, const char *dir, long n, ps_error *err,
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
static __attribute__((unused)) char *sweep_dir(void) {
    static char dir[512];
    struct stat st;
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0) {
        snprintf(dir, sizeof dir, "/dev/shm/polsim-alloc-sweep-XXXXXX");
        if (mkdtemp(dir)) return dir;
    }
    return tk_tmp_dir("alloc-sweep");
}

static __attribute__((unused)) void sweep(const char *what, sweep_fn call, void *ctx) {
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

static __attribute__((unused)) ps_project *load(const char *path) {
    ps_project *p = NULL;
    ps_error err;
    cr_assert_eq(ps_project_load(path, &p, &err), PS_OK, "%s", err.message);
    return p;
}

static __attribute__((unused)) ps_result *run_keynes(ps_project *p, double g_shock) {
    ps_scenario *s = NULL;
    ps_result *r = NULL;
    ps_error err;
    cr_assert_eq(ps_scenario_new(p, g_shock ? "stimulus" : "baseline", 2025, 2030, &s, &err),
                 PS_OK, "%s", err.message);
    if (g_shock)
        cr_assert_eq(ps_scenario_shock_level(s, ps_model_find(p->model, "g"), 2025, 2026,
                                             g_shock, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_scenario_run(s, &r, &err), PS_OK, "%s", err.message);
    ps_scenario_free(s);
    return r;
}

static __attribute__((unused)) char *path_in(const char *dir, const char *name) {
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

#endif
