/*
** bench_engine: how polsim's cost grows with the size of a model.
**
** For each size N (default 1,000 / 10,000 / 100,000 equations) a synthetic
** regional model (bench/synth.h: 10% of the equations in simultaneous blocks
** of 5-20, lags up to 4) is generated, then parsed, analysed, compiled and
** solved over 50 periods, in a child process of its own so that its peak
** memory is its own.  Reported: the time of each stage, the median solve
** time over several runs from the same starting frame, ns per
** equation-period, Newton statistics, peak memory, the agreement with an
** independent reference simulation (Gauss-Seidel on the generator's own
** expression trees), and the log-log slope of solve time against N.
**
** Usage: bench_engine [--sizes 1000,10000,100000] [--periods 50] [--share 0.1]
**                     [--seed 1] [--reps R]
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define MAX_SIZES 16
#define GOAL_N 10000
#define GOAL_SOLVE_MS 25.0
#define GOAL_SETUP_S 0.5

typedef struct run_arg {
    synth_opts opts;
    int reps;                   /* 0: chosen from the size */
} run_arg;

typedef struct run_res {
    int neq, regions, gen_blocks, gen_block_eqs;
    int nblocks, sim_blocks, sim_eqs, largest;
    size_t text_bytes, ninstr;
    double t_gen, t_parse, t_analyse, t_compile, t_alloc;
    double solve_med, solve_min, cpu_med;
    int reps;
    ps_solve_diag diag;
    double ref_diff, max_dev;
    char ref_where[64];
    long rss_base_kb, peak_kb, peak_rel_kb, rss_end_kb;
    char error[512];
} run_res;

static int fail(run_res *r, const char *what, const ps_error *err)
{
    char buf[1024];
    snprintf(r->error, sizeof r->error, "%s: %s", what,
             err ? ps_error_format(err, buf, sizeof buf) : "out of memory");
    return 1;
}

static int solve_reps(hz_engine *e, run_res *r, ps_error *err)
{
    double t[64], c[64];
    int n = r->reps > 64 ? 64 : r->reps;
    for (int k = 0; k < n; k++)
        if (hz_engine_solve(e, &r->diag, &t[k], &c[k], err))
            return -1;
    r->solve_med = hz_median(t, n);
    r->solve_min = t[0];
    r->cpu_med = hz_median(c, n);
    return 0;
}

static void record_setup(run_res *r, const hz_engine *e)
{
    r->t_parse = e->t_parse;
    r->t_analyse = e->t_analyse;
    r->t_compile = e->t_compile;
    r->t_alloc = e->t_alloc;
    r->nblocks = e->an->nblocks;
    r->sim_blocks = e->an->nsimultaneous;
    r->sim_eqs = e->an->simultaneous_eqs;
    r->largest = e->an->largest_block;
    r->ninstr = e->prog->ninstr;
}

static int measure(void *argp, void *resp)
{
    const run_arg *a = argp;
    run_res *r = resp;
    synth_model *sm = NULL;
    char *text = NULL;
    double *sim = NULL;
    size_t len;
    hz_engine e = { 0 };
    ps_error err;
    int rc = 1;
    ps_error_clear(&err);
    memset(r, 0, sizeof *r);
    r->reps = a->reps ? a->reps : a->opts.neq >= 100000 ? 7 : 15;
    r->rss_base_kb = hz_rss_kb();
    double t = hz_now();
    if (synth_build(&a->opts, &sm) || synth_emit_model(sm, &text, &len)) {
        rc = fail(r, "generator", NULL);
        goto out;
    }
    r->t_gen = hz_now() - t;
    if (synth_simulate(sm, &sim)) {
        rc = fail(r, "reference simulation diverged or ran out of memory", NULL);
        goto out;
    }
    r->neq = sm->nendo;
    r->regions = sm->nregions;
    r->gen_blocks = sm->nblocks;
    r->gen_block_eqs = sm->block_eqs;
    r->text_bytes = len;
    r->max_dev = synth_max_deviation(sm, sim);
    long before = hz_rss_kb();
    hz_reset_peak();
    if (hz_engine_build(&e, sm, text, len, sim, NULL, &err)) {
        rc = fail(r, "polsim setup", &err);
        goto out;
    }
    free(text);
    text = NULL;
    record_setup(r, &e);
    if (solve_reps(&e, r, &err)) {
        rc = fail(r, "polsim solve", &err);
        goto out;
    }
    r->ref_diff = hz_engine_check(&e, sm, sim, r->ref_where, sizeof r->ref_where);
    r->peak_kb = hz_peak_kb();
    r->peak_rel_kb = r->peak_kb - before;
    r->rss_end_kb = hz_rss_kb();
    rc = 0;
out:
    hz_engine_free(&e);
    free(text);
    free(sim);
    synth_free(sm);
    return rc;
}

static double slope(const double *x, const double *y, int n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0;
    for (int i = 0; i < n; i++) {
        mx += log(x[i]) / n;
        my += log(y[i]) / n;
    }
    for (int i = 0; i < n; i++) {
        sxy += (log(x[i]) - mx) * (log(y[i]) - my);
        sxx += (log(x[i]) - mx) * (log(x[i]) - mx);
    }
    return sxx > 0 ? sxy / sxx : NAN;
}

static void print_header(const run_arg *a)
{
    printf("bench_engine: synthetic regional models, %d periods, %.0f%% of equations in "
           "simultaneous blocks of %d-%d, lags up to %d, seed %llu\n\n",
           a->opts.proj_periods, 100 * a->opts.block_share, a->opts.block_min,
           a->opts.block_max, a->opts.maxlag, (unsigned long long)a->opts.seed);
    printf("%9s %7s %8s %8s %8s %8s %9s | %10s %10s %10s %8s | %6s %8s %6s | %8s %8s\n",
           "equations", "regions", "sim.blk", "parse", "analyse", "compile", "setup",
           "solve(med)", "solve(min)", "cpu(med)", "ns/eq.p", "Newton", "it/solve", "max it",
           "peak MB", "|x-ref|");
}

static void print_row(const run_res *r, long maxrss_kb)
{
    double setup = r->t_parse + r->t_analyse + r->t_compile + r->t_alloc;
    double per = 1e9 * r->cpu_med / ((double)r->neq * r->diag.periods);
    printf("%9d %7d %8d %7.1fms %7.1fms %7.1fms %8.1fms | %8.2fms %8.2fms %8.2fms %8.1f | %6ld "
           "%8.2f %6d | %8.1f %8.1e\n",
           r->neq, r->regions, r->sim_blocks, 1e3 * r->t_parse, 1e3 * r->t_analyse,
           1e3 * r->t_compile, 1e3 * setup, 1e3 * r->solve_med, 1e3 * r->solve_min,
           1e3 * r->cpu_med, per,
           r->diag.newton_iterations,
           r->diag.blocks_solved ? (double)r->diag.newton_iterations / r->diag.blocks_solved : 0,
           r->diag.max_iterations, maxrss_kb / 1024.0, r->ref_diff);
}

static void print_details(const run_res *r, long maxrss_kb)
{
    printf("  N=%d: blocks %d (simultaneous %d with %d equations, largest %d; generator "
           "planned %d with %d); text %.1f MB, %zu instructions; generator %.2f s; "
           "solver alloc %.1f ms; reps %d; max residual %.1e; largest |x-ref| at %s; "
           "largest |y/ss-1| %.3f; memory: process peak %.1f MB, engine peak above generator %.1f MB\n",
           r->neq, r->nblocks, r->sim_blocks, r->sim_eqs, r->largest, r->gen_blocks,
           r->gen_block_eqs, r->text_bytes / 1048576.0, r->ninstr, r->t_gen,
           1e3 * r->t_alloc, r->reps, r->diag.max_residual, r->ref_where, r->max_dev, maxrss_kb / 1024.0,
           r->peak_rel_kb / 1024.0);
}

static void print_goals(const run_res *res, const int *sizes, int n)
{
    double x[MAX_SIZES], ys[MAX_SIZES], yc[MAX_SIZES];
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (res[i].neq == 0)
            continue;
        x[m] = sizes[i];
        ys[m] = res[i].cpu_med;
        yc[m] = res[i].t_parse + res[i].t_analyse + res[i].t_compile + res[i].t_alloc;
        m++;
        if (sizes[i] != GOAL_N)
            continue;
        double setup = yc[m - 1];
        printf("\nGoal at N=%d: solve %.2f ms wall, %.2f ms CPU (goal <= %.0f ms: %s), "
               "parse+analyse+compile+alloc %.3f s (goal <= %.1f s: %s)\n", GOAL_N,
               1e3 * res[i].solve_med, 1e3 * res[i].cpu_med, GOAL_SOLVE_MS,
               1e3 * res[i].solve_med <= GOAL_SOLVE_MS ? "met" : "MISSED", setup, GOAL_SETUP_S,
               setup <= GOAL_SETUP_S ? "met" : "MISSED");
    }
    if (m >= 2)
        printf("Scaling exponent (log-log slope vs N): solve (CPU) %.2f, setup %.2f "
               "(goal: 1.00, linear in equations x periods)\n", slope(x, ys, m), slope(x, yc, m));
}

int main(int argc, char **argv)
{
    int sizes[MAX_SIZES] = { 1000, 10000, 100000 }, nsizes = 3;
    run_arg a = { .reps = 0 };
    synth_opts_init(&a.opts);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--sizes")) nsizes = hz_parse_list(argv[i + 1], sizes, MAX_SIZES, 100);
        else if (!strcmp(argv[i], "--periods")) a.opts.proj_periods = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--share")) a.opts.block_share = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--seed")) a.opts.seed = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--reps")) a.reps = atoi(argv[i + 1]);
        else nsizes = -1;
    }
    if (nsizes <= 0 || argc % 2 == 0) {
        fprintf(stderr, "usage: bench_engine [--sizes 1000,10000,100000] [--periods 50] "
                        "[--share 0.1] [--seed 1] [--reps R]\n");
        return 2;
    }
    run_res res[MAX_SIZES];
    memset(res, 0, sizeof res);
    long rss[MAX_SIZES];
    int failed = 0;
    print_header(&a);
    for (int i = 0; i < nsizes; i++) {
        a.opts.neq = sizes[i];
        if (hz_run_child(measure, &a, &res[i], sizeof res[i], &rss[i]) != 0) {
            printf("%9d  failed: %s\n", sizes[i], res[i].error[0] ? res[i].error : "child died");
            res[i].neq = 0;
            failed = 1;
            continue;
        }
        print_row(&res[i], rss[i]);
        if (!(res[i].ref_diff <= HZ_REF_TOL)) {
            printf("  ^ polsim's solution differs from the reference simulation by %.1e at "
                   "%s\n", res[i].ref_diff, res[i].ref_where);
            failed = 1;
        }
    }
    printf("\n");
    for (int i = 0; i < nsizes; i++)
        if (res[i].neq)
            print_details(&res[i], rss[i]);
    print_goals(res, sizes, nsizes);
    return failed;
}
