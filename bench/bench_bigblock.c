/*
** bench_bigblock: a model whose simultaneous core is ONE block.
**
** The generator links a core of every region into a ring (each region's core
** reads the previous region's core, with lattice links to both neighbours),
** so the core is a single strongly connected block, sparse and locally
** coupled, as in a multi-region model whose regions trade within the year.
** The rest of the model is recursive around it.
**
** 1. The goal case: a 2,000-equation block in a 5,000-equation model, 50
**    periods, solved with KLU (the solver's default for blocks of at least
**    sparse_min = 50 equations).  Goal: <= 0.5 s.
** 2. Why sparse: smaller blocks solved both ways, KLU and dense LU (forced
**    by sparse_min = INT_MAX); dense LU grows as n^3 per factorisation, KLU
**    about linearly for this pattern.
**
** Usage: bench_bigblock [--block 2000] [--neq 5000] [--dense 250,500,1000,2000]
*/
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define GOAL_S 0.5
#define MAX_CASES 8

typedef struct case_arg {
    int neq, block, sparse_min, reps;
} case_arg;

typedef struct case_res {
    int neq, largest, nsim;
    double t_parse, t_analyse, t_compile, t_alloc, solve_med, solve_min, cpu_med, ref_diff;
    ps_solve_diag diag;
    long peak_rel_kb;
    char error[512];
} case_res;

static int measure(void *argp, void *resp)
{
    const case_arg *a = argp;
    case_res *r = resp;
    synth_opts o;
    synth_model *sm = NULL;
    char *text = NULL;
    double *sim = NULL, t[32], c[32];
    size_t len;
    hz_engine e = { 0 };
    ps_solve_opts so;
    ps_error err;
    int rc = 1, reps = a->reps > 32 ? 32 : a->reps;
    memset(r, 0, sizeof *r);
    ps_error_clear(&err);
    synth_opts_init(&o);
    o.neq = a->neq;
    o.big_block = a->block;
    ps_solve_opts_init(&so);
    so.sparse_min = a->sparse_min;
    if (synth_build(&o, &sm) || synth_emit_model(sm, &text, &len) || synth_simulate(sm, &sim)) {
        snprintf(r->error, sizeof r->error, "generator failed (block too large for neq?)");
        goto out;
    }
    long before = hz_rss_kb();
    hz_reset_peak();
    if (hz_engine_build(&e, sm, text, len, sim, &so, &err))
        goto fail;
    for (int k = 0; k < reps; k++)
        if (hz_engine_solve(&e, &r->diag, &t[k], &c[k], &err))
            goto fail;
    r->neq = sm->nendo;
    r->largest = e.an->largest_block;
    r->nsim = e.an->nsimultaneous;
    r->t_parse = e.t_parse;
    r->t_analyse = e.t_analyse;
    r->t_compile = e.t_compile;
    r->t_alloc = e.t_alloc;
    r->solve_med = hz_median(t, reps);
    r->solve_min = t[0];
    r->cpu_med = hz_median(c, reps);
    r->ref_diff = hz_engine_check(&e, sm, sim, NULL, 0);
    r->peak_rel_kb = hz_peak_kb() - before;
    rc = 0;
    goto out;
fail:
    ps_error_format(&err, r->error, sizeof r->error);
out:
    hz_engine_free(&e);
    free(text);
    free(sim);
    synth_free(sm);
    return rc;
}

static int failed;

static int run_case(const case_arg *a, case_res *r, long *maxrss)
{
    memset(r, 0, sizeof *r);
    int rc = hz_run_child(measure, (void *)a, r, sizeof *r, maxrss);
    if (!rc && !(r->ref_diff <= HZ_REF_TOL)) {
        snprintf(r->error, sizeof r->error, "the solution differs from the reference "
                 "simulation by %.1e", r->ref_diff);
        rc = 1;
    }
    if (rc) {
        printf("  block %d (%s): failed: %s\n", a->block,
               a->sparse_min == INT_MAX ? "dense" : "KLU", r->error[0] ? r->error : "child died");
        failed = 1;
    }
    return rc;
}

static void goal_case(int block, int neq)
{
    case_arg a = { neq, block, 50, 7 };
    case_res r;
    long maxrss;
    printf("bench_bigblock: one simultaneous block of %d equations in a %d-equation model, "
           "50 periods\n", block, neq);
    if (run_case(&a, &r, &maxrss))
        return;
    printf("  analysis: %d simultaneous block(s), largest %d\n", r.nsim, r.largest);
    printf("  setup: parse %.1f ms, analyse %.1f ms, compile %.1f ms, solver alloc (KLU "
           "analysis) %.1f ms\n", 1e3 * r.t_parse, 1e3 * r.t_analyse, 1e3 * r.t_compile,
           1e3 * r.t_alloc);
    printf("  solve: median %.1f ms (CPU %.1f ms), min %.1f ms over %d runs; %ld Newton "
           "iterations in %ld block solves (max %d), %d solved with KLU; max residual %.1e\n",
           1e3 * r.solve_med, 1e3 * r.cpu_med, 1e3 * r.solve_min, a.reps, r.diag.newton_iterations,
           r.diag.blocks_solved, r.diag.max_iterations, r.diag.sparse_blocks,
           r.diag.max_residual);
    printf("  max |polsim - reference| / (1 + |reference|) = %.1e; peak memory %.1f MB "
           "(engine %.1f MB)\n", r.ref_diff, maxrss / 1024.0, r.peak_rel_kb / 1024.0);
    printf("  goal: solve <= %.1f s: %s\n\n", GOAL_S, r.solve_med <= GOAL_S ? "met" : "MISSED");
}

static void dense_vs_sparse(const int *blocks, int n)
{
    printf("Dense LU vs KLU on the same ring block (model = 2.5 x block equations, "
           "50 periods, median solve):\n");
    printf("  %6s %7s | %12s %12s | %9s   (CPU time)\n", "block", "model", "KLU", "dense LU",
           "dense/KLU");
    for (int i = 0; i < n; i++) {
        case_arg sp = { blocks[i] * 5 / 2, blocks[i], 50, 5 };
        case_arg de = { blocks[i] * 5 / 2, blocks[i], INT_MAX, 3 };
        case_res rs, rd;
        long m1, m2;
        if (run_case(&sp, &rs, &m1) || run_case(&de, &rd, &m2))
            continue;
        printf("  %6d %7d | %10.1fms %10.1fms | %9.1f\n", blocks[i], rs.neq,
               1e3 * rs.cpu_med, 1e3 * rd.cpu_med, rd.cpu_med / rs.cpu_med);
    }
}

int main(int argc, char **argv)
{
    int block = 2000, neq = 5000, dense[MAX_CASES] = { 250, 500, 1000, 2000 }, ndense = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--block")) block = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--neq")) neq = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--dense")) ndense = hz_parse_list(argv[i + 1], dense, MAX_CASES, 10);
        else ndense = -1;
    }
    if (ndense < 0 || argc % 2 == 0 || block < 10 || neq < 100) {
        fprintf(stderr, "usage: bench_bigblock [--block 2000] [--neq 5000] "
                        "[--dense 250,500,1000,2000]\n");
        return 2;
    }
    goal_case(block, neq);
    dense_vs_sparse(dense, ndense);
    return failed;
}
