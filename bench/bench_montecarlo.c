/*
** bench_montecarlo: Monte Carlo of the Yangzhou model, 2024-2030, against
** one plain run of the same scenario, both measured here in one process.
**
**   s:run()        the default 2024-2030 scenario run from Lua in one sandbox:
**                  a chunk that loads the model and calls s:run() N times,
**                  per run (T(N) - T(0)) / N as bench_lua measures it, median
**                  of 5; the goal is stated against this
**   plain run      ps_scenario_run of the same scenario from C (what s:run()
**                  calls, without the Lua wrapper and the Result object: the
**                  stricter baseline, printed too); median of --reps runs
**   Monte Carlo    ps_mc_run of the same scenario, --draws draws, with
**                  parameter uncertainty (every non-zero parameter p drawn
**                  from a normal N(p, (0.05 p)^2) truncated to p +- 20 %; the
**                  model's own parameters, whatever its version holds) and
**                  bootstrap residual shocks (the history's add-factors);
**                  the 2024 target variables (targets_2024.csv) recorded
**                  (all endogenous ones when the file is missing); wall time
**                  of the whole call (set-up, draws, threads) / draws, the
**                  fastest of 3 calls
**
** Prints draws/s, the time per draw and its ratio to the plain run for 1 and
** --threads threads, and the goal (per draw <= 0.6 x one run at 2 threads).
** Nothing is asserted.
**
** Usage: bench_montecarlo [--draws N] [--threads T] [--reps R]
**        (defaults 100000, 2, 3000)
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include <unistd.h>
#include "lua/sandbox.h"
#include "analysis/montecarlo.h"
#include "report/report.h"

#define YZ_DIR POLSIM_SOURCE_DIR "/models/yangzhou"
#define FROM 2024
#define TO 2030
#define GOAL 0.6

/* Median wall time of one ps_scenario_run, and (*cpu_us) the CPU time of
** all of them / reps. */
static double plain_run_us(ps_scenario *s, int reps, double *cpu_us, ps_error *err) {
    double *v = malloc(sizeof(double) * (size_t)reps);
    if (!v) return -1;
    double c0 = hz_cpu_now();
    for (int k = 0; k < reps; k++) {
        ps_result *r = NULL;
        double t = hz_now();
        int rc = ps_scenario_run(s, &r, err);
        v[k] = hz_now() - t;
        ps_result_free(r);
        if (rc) {
            free(v);
            return -1;
        }
    }
    *cpu_us = 1e6 * (hz_cpu_now() - c0) / reps;
    double med = 1e6 * hz_median(v, reps);
    free(v);
    return med;
}

/* One s:run() from Lua: (T(N) - T(0)) / N over a chunk that loads the model
** and runs the scenario N times, median of 5. */
static double lua_run_us(int n, ps_error *err) {
    char dir[] = "/tmp/polsim-bench-mc-XXXXXX";
    if (!mkdtemp(dir)) return -1;
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.model_root = POLSIM_SOURCE_DIR;
    o.out_dir = dir;
    o.instr_limit = 0;
    ps_lua *L = NULL;
    double v[5], t[2];
    int rc = ps_lua_new(&o, &L, err);
    for (int k = 0; k < 6 && !rc; k++)
        for (int j = 0; j < 2 && !rc; j++) {
            char chunk[512];
            int len = snprintf(chunk, sizeof chunk,
                               "local m = polsim.model(\"models/yangzhou\")\n"
                               "local s = m:scenario(\"default\", { from = %d, to = %d })\n"
                               "for i = 1, %d do local r = s:run() end\n", FROM, TO, j ? n : 0);
            double t0 = hz_now();
            rc = ps_lua_run_string(L, chunk, (size_t)len, "=bench", err);
            t[j] = hz_now() - t0;
            if (k && j) v[k - 1] = 1e6 * (t[1] - t[0]) / n; /* k = 0 warms up */
        }
    ps_lua_free(L);
    rmdir(dir);
    return rc ? -1 : hz_median(v, 5);
}

/* Every non-zero parameter, N(p, (0.05 p)^2) within p +- 20 %. */
static ps_mc_param *param_draws(const ps_model *m, int *n) {
    ps_mc_param *v = calloc((size_t)m->nsym + 1, sizeof *v);
    *n = 0;
    for (int i = 0; v && i < m->nsym; i++) {
        const ps_symbol *y = &m->syms[i];
        if (y->kind != PS_SYM_PARAM || y->value == 0) continue;
        double a = fabs(y->value);
        v[(*n)++] = (ps_mc_param){i, {PS_DIST_TRUNCNORMAL, y->value, 0.05 * a, y->value - 0.2 * a,
                                      y->value + 0.2 * a, NULL, 0}};
    }
    return v;
}

/* The target variables of targets_2024.csv the model has; NULL = all. */
static int *target_vars(const ps_model *m, int *n) {
    ps_targets *t = NULL;
    ps_error err;
    *n = 0;
    if (ps_targets_read(YZ_DIR "/targets_2024.csv", m->freq, &t, &err)) return NULL;
    int *v = malloc(sizeof(int) * (size_t)(t->n + 1));
    for (int i = 0; v && i < t->n; i++) {
        int s = ps_model_find(m, t->items[i].variable);
        if (s >= 0 && m->syms[s].kind != PS_SYM_PARAM) v[(*n)++] = s;
    }
    ps_targets_free(t);
    return v;
}

/* The fastest of MC_REPS runs (a shared machine only ever slows a run down);
** *out is the last run. */
#define MC_REPS 3
/* *cpu: CPU time of the calling thread per draw (with one thread: all the
** work), the fastest run's. */
static int run_mc(ps_scenario *s, ps_mc_opts *o, int threads, double *us, double *cpu,
                  ps_mc **out, ps_error *err) {
    o->threads = threads;
    *us = 1e300;
    *out = NULL;
    for (int k = 0; k < MC_REPS; k++) {
        ps_mc_free(*out);
        double t = hz_now(), c = hz_cpu_now();
        int rc = ps_mc_run(s, o, out, err);
        double v = 1e6 * (hz_now() - t) / (double)o->draws;
        if (rc) return rc;
        if (v < *us) {
            *us = v;
            *cpu = 1e6 * (hz_cpu_now() - c) / (double)o->draws;
        }
    }
    return PS_OK;
}

int main(int argc, char **argv) {
    long draws = 100000;
    int threads = 2, reps = 3000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--draws")) draws = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--threads")) threads = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_montecarlo [--draws N] [--threads T] [--reps R]\n");
            return 2;
        }
    }
    if (draws < 1 || threads < 1 || reps < 1) {
        fprintf(stderr, "bench_montecarlo: draws, threads and reps must be >= 1\n");
        return 2;
    }
    ps_error err;
    ps_error_clear(&err);
    ps_project *p = NULL;
    ps_scenario *s = NULL;
    if (ps_project_load(YZ_DIR, &p, &err) || ps_scenario_new(p, "default", FROM, TO, &s, &err)) {
        hz_print_error("load", &err);
        ps_project_free(p);
        return 1;
    }
    int np = 0, nv = 0;
    ps_mc_param *par = param_draws(p->model, &np);
    int *vars = target_vars(p->model, &nv);
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = draws;
    o.seed = 2024;
    o.params = par;
    o.nparams = np;
    o.residuals = PS_MC_RESID_BOOTSTRAP;
    o.record = nv ? vars : NULL;
    o.nrecord = nv;
    int status = 0;
    double c_cpu = 0, c_us = plain_run_us(s, reps, &c_cpu, &err);
    double run_us = c_us < 0 ? -1 : lua_run_us(reps, &err);
    if (run_us < 0) {
        hz_print_error("plain run", &err);
        status = 1;
    }
    printf("model %s, %d-%d, %d parameters drawn, bootstrap residuals, %d series recorded\n",
           p->model->name, FROM, TO, np, nv ? nv : -1);
    if (!status)
        printf("one s:run() from Lua: %.2f us; one ps_scenario_run from C: %.2f us (median of %d)\n",
               run_us, c_us, reps);
    printf("%-8s %10s %12s %12s %12s %12s %8s\n", "threads", "draws", "us/draw", "draws/s",
           "vs s:run()", "vs C run", "failed");
    int tl[2] = {1, threads};
    for (int i = 0; i < (threads == 1 ? 1 : 2) && !status; i++) {
        ps_mc *mc = NULL;
        double us, cpu = 0;
        if (run_mc(s, &o, tl[i], &us, &cpu, &mc, &err)) {
            hz_print_error("montecarlo", &err);
            status = 1;
            break;
        }
        printf("%-8d %10ld %12.2f %12.0f %11.2fx %11.2fx %8ld\n", tl[i], draws, us, 1e6 / us,
               us / run_us, us / c_us, ps_mc_failed(mc));
        if (tl[i] == 1)
            printf("         CPU time per draw %.2f us vs %.2f us per C run: %.2fx (load-proof)\n",
                   cpu, c_cpu, cpu / c_cpu);
        if (i == (threads == 1 ? 0 : 1)) {
            printf("goal: per draw <= %.1f x one s:run() at %d threads: %.2fx (%s; %.2fx of a "
                   "C run)\n", GOAL, tl[i], us / run_us, us / run_us <= GOAL ? "met" : "missed",
                   us / c_us);
            int g = ps_model_find(p->model, "gdpr"), k = g >= 0 ? ps_mc_record_index(mc, g) : -1;
            double pr, q5, q95;
            if (k >= 0 && !ps_mc_prob(mc, k, FROM, 1, PS_MC_GE, 6.0, &pr, &err) &&
                !ps_mc_quantile(mc, k, FROM, 1, 0.05, &q5, &err) &&
                !ps_mc_quantile(mc, k, FROM, 1, 0.95, &q95, &err))
                printf("(for reference: P(gdpr growth %d >= 6 %%) = %.3f, 5-95 %% band %.2f .. "
                       "%.2f %%)\n", FROM, pr, q5, q95);
        }
        ps_mc_free(mc);
    }
    free(par);
    free(vars);
    ps_scenario_free(s);
    ps_project_free(p);
    return status;
}
