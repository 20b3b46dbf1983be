/*
** bench_lua: what running a scenario from Lua costs over running it from C.
**
** For each example model (models/examples), a 10-year projection (2025-2034)
** of its default scenario is run
**   from C    ps_scenario_run on a scenario made once (the same call the Lua
**             binding makes), and ps_project_frame + ps_project_solve;
**   from Lua  in one sandbox (ps_lua_new once), ps_lua_run_string of a chunk
**             that loads the model, makes the scenario and calls s:run() N
**             times.  The per-run cost is (T(N) - T(0)) / N: the chunk with
**             N = 0 pays the same setup (compiling the chunk, loading the
**             model), so the difference is the runs alone, including the
**             Result objects and the garbage collector that frees them;
**   per state a fresh sandbox for every run (ps_lua_new, one chunk that
**             loads the model and runs once, ps_lua_free): what a batch of
**             one-run scripts costs, model loading included.
** Goal: Lua per run <= 2 x the C ps_scenario_run + 20 us.  Median and minimum
** over repetitions; nothing here is asserted.
**
** Usage: bench_lua [--runs N] [--reps K]       (defaults 2000, 15)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "lua/sandbox.h"
#include "project/project.h"
#include "scenario/scenario.h"

#define FROM 2025
#define TO 2034
#define MAX_REPS 1000

typedef struct lua_bench {
    const char *model;          /* folder below the source tree */
    int runs, reps;
    char out_dir[64];
    double c_run_med, c_run_min, c_fs_med, c_fs_min;
    double lua_med, lua_min, state_med, state_min;  /* seconds per run */
} lua_bench;

static int time_c(lua_bench *b, ps_error *err)
{
    char path[512];
    double v[MAX_REPS * 10], w[MAX_REPS * 10];
    int n = b->reps * 10;       /* C runs are short: more samples */
    ps_project *p = NULL;
    ps_scenario *s = NULL;
    snprintf(path, sizeof path, "%s/%s", POLSIM_SOURCE_DIR, b->model);
    int rc = ps_project_load(path, &p, err);
    if (!rc) rc = ps_scenario_new(p, "bench", FROM, TO, &s, err);
    for (int k = 0; k < n && !rc; k++) {
        ps_result *r = NULL;
        ps_frame *f = NULL;
        int t0, t1;
        double t = hz_now();
        rc = ps_scenario_run(s, &r, err);
        v[k] = hz_now() - t;
        ps_result_free(r);
        t = hz_now();
        if (!rc) rc = ps_project_frame(p, FROM, TO, &f, &t0, &t1, err);
        if (!rc) rc = ps_project_solve(p, f, NULL, t0, t1, NULL, err);
        w[k] = hz_now() - t;
        ps_frame_free(f);
    }
    if (!rc) {
        b->c_run_med = hz_median(v, n);
        b->c_run_min = v[0];
        b->c_fs_med = hz_median(w, n);
        b->c_fs_min = w[0];
    }
    ps_scenario_free(s);
    ps_project_free(p);
    return rc;
}

static int new_state(lua_bench *b, ps_lua **L, ps_error *err)
{
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.model_root = POLSIM_SOURCE_DIR;
    o.out_dir = b->out_dir;
    o.instr_limit = 0;          /* the loop is long on purpose */
    return ps_lua_new(&o, L, err);
}

/* Run the chunk with `runs` runs of the scenario; *secs its wall time. */
static int run_chunk(lua_bench *b, ps_lua *L, int runs, double *secs, ps_error *err)
{
    char chunk[512];
    int len = snprintf(chunk, sizeof chunk,
                       "local m = polsim.model(\"%s\")\n"
                       "local s = m:scenario(\"bench\", { from = %d, to = %d })\n"
                       "for i = 1, %d do local r = s:run() end\n",
                       b->model, FROM, TO, runs);
    double t = hz_now();
    int rc = ps_lua_run_string(L, chunk, (size_t)len, "=bench", err);
    *secs = hz_now() - t;
    return rc;
}

static int time_lua_loop(lua_bench *b, ps_error *err)
{
    double v[MAX_REPS], t0, tn;
    ps_lua *L = NULL;
    int rc = new_state(b, &L, err);
    if (!rc) rc = run_chunk(b, L, b->runs, &tn, err); /* warm-up */
    for (int k = 0; k < b->reps && !rc; k++) {
        rc = run_chunk(b, L, 0, &t0, err);
        if (!rc) rc = run_chunk(b, L, b->runs, &tn, err);
        v[k] = (tn - t0) / b->runs;
    }
    ps_lua_free(L);
    if (!rc) {
        b->lua_med = hz_median(v, b->reps);
        b->lua_min = v[0];
    }
    return rc;
}

static int time_lua_per_state(lua_bench *b, ps_error *err)
{
    double v[MAX_REPS * 10], t;
    int n = b->reps * 10, rc = PS_OK;
    for (int k = 0; k < n && !rc; k++) {
        ps_lua *L = NULL;
        double t0 = hz_now();
        rc = new_state(b, &L, err);
        if (!rc) rc = run_chunk(b, L, 1, &t, err);
        ps_lua_free(L);
        v[k] = hz_now() - t0;
    }
    if (!rc) {
        b->state_med = hz_median(v, n);
        b->state_min = v[0];
    }
    return rc;
}

static void report(const lua_bench *b)
{
    double goal = 2 * b->c_run_med + 20e-6;
    printf("%-22s | %9.2f %9.2f | %9.2f %9.2f | %9.2f %9.2f | %9.2f  %-6s | %9.1f %9.1f\n",
           b->model + strlen("models/examples/"), 1e6 * b->c_fs_med, 1e6 * b->c_fs_min,
           1e6 * b->c_run_med, 1e6 * b->c_run_min, 1e6 * b->lua_med, 1e6 * b->lua_min,
           1e6 * goal, b->lua_med <= goal ? "met" : "MISSED", 1e6 * b->state_med,
           1e6 * b->state_min);
}

static int bench_model(lua_bench *b, ps_error *err)
{
    int rc = time_c(b, err);
    if (!rc) rc = time_lua_loop(b, err);
    if (!rc) rc = time_lua_per_state(b, err);
    if (!rc) report(b);
    return rc;
}

int main(int argc, char **argv)
{
    static const char *models[] = { "models/examples/keynes", "models/examples/solow",
                                     "models/examples/nonlin" };
    lua_bench b = { .runs = 2000, .reps = 15 };
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--runs")) b.runs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--reps")) b.reps = atoi(argv[i + 1]);
        else b.runs = 0;
    }
    if (argc % 2 == 0 || b.runs < 1 || b.reps < 1 || b.reps > MAX_REPS) {
        fprintf(stderr, "usage: bench_lua [--runs N (>= 1)] [--reps K (1-%d)]\n", MAX_REPS);
        return 2;
    }
    snprintf(b.out_dir, sizeof b.out_dir, "/tmp/polsim-bench-lua-XXXXXX");
    if (!mkdtemp(b.out_dir)) {
        perror("bench_lua: mkdtemp");
        return 1;
    }
    printf("bench_lua: a %d-%d projection of each example model, from C and from Lua "
           "(%d runs per chunk, %d repetitions); wall time per run, us\n\n",
           FROM, TO, b.runs, b.reps);
    printf("%-22s | %19s | %19s | %19s | %16s | %19s\n", "model", "C frame+solve",
           "C ps_scenario_run", "Lua s:run() in loop", "goal 2xC + 20us", "Lua, state per run");
    printf("%-22s | %9s %9s | %9s %9s | %9s %9s | %9s %6s | %9s %9s\n", "", "median", "min",
           "median", "min", "median", "min", "", "", "median", "min");
    int failed = 0;
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        ps_error err;
        ps_error_clear(&err);
        b.model = models[i];
        if (bench_model(&b, &err)) {
            hz_print_error(b.model, &err);
            failed = 1;
        }
    }
    rmdir(b.out_dir);
    return failed;
}
