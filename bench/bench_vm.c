/*
** bench_vm: the bytecode VM against the same equations written as C.
**
** The synthetic model of SYNTH_VM_NEQ equations (seed SYNTH_VM_SEED) is
** generated here in memory and, at build time, by polsim_synth as
** straight-line C (synth_c.c, one statement per equation, what a programmer
** would write by hand; compiled with the project's optimisation flags).  Both
** evaluate G_i of every equation, add-factor included, for every projection
** period of a solved frame: no Newton, no Gauss-Seidel, just the right sides.
** The ratio VM time / C time is the price of interpretation; goal <= 3.
** Two VM figures: one ps_vm_eval call per G_i, and one run (ps_vm_run) of
** all G_i per period, which is how the solver evaluates explicit equations
** and a block's residuals.
**
** Usage: bench_vm [reps]      (default 300)
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "synth_c.h"
#include "compile/compile_int.h"

#define GOAL_RATIO 3.0

/* The C assumes polsim's frame layout (endogenous, exogenous, add-factors in
** equation order) and parameter order; a parser that laid them out otherwise
** would make the comparison meaningless, so check rather than assume. */
static int check_layout(const hz_engine *e, const synth_model *sm)
{
    const ps_model *pm = e->model;
    char name[64];
    if (pm->nseries != synth_c_nvar || pm->neq != synth_c_neq)
        return -1;
    for (int v = 0; v < sm->nendo + sm->nexo; v++)
        if (hz_col(pm, sm, v) != v)
            return -1;
    for (int i = 0; i < sm->nendo; i++) {
        if (sm->af_col[i] < 0)
            continue;
        snprintf(name, sizeof name, "%s_a", sm->var[i].name);
        int s = ps_model_find(pm, name);
        if (s < 0 || pm->syms[s].slot != sm->af_col[i])
            return -1;
    }
    for (int k = 0; k < sm->nparam; k++) {
        int s = ps_model_find(pm, sm->pname[k]);
        if (s < 0 || pm->syms[s].slot != k)
            return -1;
    }
    return 0;
}

static double time_vm(const hz_engine *e, double *out, double *stack)
{
    const ps_program *p = e->prog;
    int neq = e->model->neq;
    double t = hz_cpu_now();
    for (int per = e->t0; per <= e->t1; per++) {
        const double *row = ps_frame_row(e->frame, per);
        for (int i = 0; i < neq; i++)
            out[i] = ps_vm_eval(p, p->eq_g[i], row, e->params, stack);
    }
    return hz_cpu_now() - t;
}

/* All G_i of a period in one run, stored into out (not into the frame: the
** same inputs every period, as for the C). */
static double time_run(const hz_engine *e, ps_codeid all, double *out, double *stack)
{
    double t = hz_cpu_now();
    for (int per = e->t0; per <= e->t1; per++)
        if (ps_vm_run(e->prog, all, ps_frame_row(e->frame, per), e->params, stack, out) != 0.0)
            return -1;
    return hz_cpu_now() - t;
}

static double time_c(const hz_engine *e, double *out)
{
    double t = hz_cpu_now();
    for (int per = e->t0; per <= e->t1; per++)
        synth_c(ps_frame_row(e->frame, per), e->params, out);
    return hz_cpu_now() - t;
}

/* Largest relative difference between the two evaluators over all periods. */
static double compare(const hz_engine *e, double *a, double *b, double *stack)
{
    double worst = 0;
    for (int per = e->t0; per <= e->t1; per++) {
        const double *row = ps_frame_row(e->frame, per);
        synth_c(row, e->params, b);
        for (int i = 0; i < e->model->neq; i++) {
            a[i] = ps_vm_eval(e->prog, e->prog->eq_g[i], row, e->params, stack);
            double d = fabs(a[i] - b[i]) / (1 + fabs(b[i]));
            if (!(d <= worst))
                worst = d;
        }
    }
    return worst;
}

/* The model in memory, the same model's C (checked by hash), polsim's
** program for it and a solved frame to evaluate on. */
static int prepare(synth_model **sm, double **sim, hz_engine *e)
{
    synth_opts o;
    char *text = NULL, hash[17];
    size_t len;
    double secs;
    ps_error err;
    ps_solve_diag diag;
    int rc = 1;
    ps_error_clear(&err);
    synth_opts_init(&o);
    o.neq = SYNTH_VM_NEQ;
    o.seed = SYNTH_VM_SEED;
    if (synth_build(&o, sm) || synth_emit_model(*sm, &text, &len) || synth_simulate(*sm, sim)) {
        fprintf(stderr, "bench_vm: the generator failed\n");
        goto out;
    }
    synth_hash(text, len, hash);
    if (strcmp(hash, synth_c_hash) != 0) {
        fprintf(stderr, "bench_vm: synth_c.c was generated from another model (hash %s, "
                        "expected %s): rebuild bench_vm\n", synth_c_hash, hash);
        goto out;
    }
    if (hz_engine_build(e, *sm, text, len, *sim, NULL, &err) ||
        hz_engine_solve(e, &diag, &secs, NULL, &err)) {
        hz_print_error("bench_vm", &err);
        goto out;
    }
    if (check_layout(e, *sm)) {
        fprintf(stderr, "bench_vm: polsim's frame layout is not the one synth_c.c assumes "
                        "(endogenous, exogenous, add-factors in equation order)\n");
        goto out;
    }
    rc = 0;
out:
    free(text);
    return rc;
}

static void report(const hz_engine *e, double *tv, double *tr, double *tc, int reps,
                   double diff)
{
    int neq = e->model->neq, nper = e->t1 - e->t0 + 1;
    double mv = hz_median(tv, reps), mr = hz_median(tr, reps), mc = hz_median(tc, reps);
    double evals = (double)neq * nper;
    printf("bench_vm: %d equations x %d periods = %.0f evaluations of G_i (add-factor "
           "included), %d reps, median CPU time\n", neq, nper, evals, reps);
    printf("  %zu instruction slots in the program (codes and runs); "
           "max |VM - C| / (1 + |C|) = %.1e\n", e->prog->ninstr, diff);
    printf("  %-28s %10.3f ms  %7.1f ns/equation (min %.3f ms)\n", "bytecode VM (ps_vm_eval)",
           1e3 * mv, 1e9 * mv / evals, 1e3 * tv[0]);
    printf("  %-28s %10.3f ms  %7.1f ns/equation (min %.3f ms)\n", "bytecode VM, runs (ps_vm_run)",
           1e3 * mr, 1e9 * mr / evals, 1e3 * tr[0]);
    printf("  %-28s %10.3f ms  %7.1f ns/equation (min %.3f ms)\n", "hand-written-style C",
           1e3 * mc, 1e9 * mc / evals, 1e3 * tc[0]);
    printf("  ratio VM / C, one call per equation = %.2f; fastest runs %.2f\n", mv / mc,
           tv[0] / tc[0]);
    printf("  ratio VM / C, runs (the solver's path) = %.2f (goal <= %.0f: %s); fastest runs "
           "%.2f\n", mr / mc, GOAL_RATIO, mr / mc <= GOAL_RATIO ? "met" : "MISSED",
           tr[0] / tc[0]);
}

static int run(int reps)
{
    synth_model *sm = NULL;
    double *sim = NULL, *tv = NULL, *tr = NULL, *tc = NULL, *a = NULL, *b = NULL, *stack = NULL;
    int *slot = NULL;
    ps_codeid all;
    ps_error err;
    hz_engine e = { 0 };
    int rc = 1;
    if (prepare(&sm, &sim, &e))
        goto out;
    tv = malloc(sizeof *tv * (size_t)reps);
    tr = malloc(sizeof *tr * (size_t)reps);
    tc = malloc(sizeof *tc * (size_t)reps);
    slot = malloc(sizeof *slot * (size_t)e.model->neq);
    a = malloc(sizeof *a * (size_t)e.model->neq);
    b = malloc(sizeof *b * (size_t)e.model->neq);
    stack = malloc(sizeof *stack * (size_t)(e.prog->max_stack + 1));
    if (!tv || !tr || !tc || !a || !b || !stack || !slot)
        goto out;
    for (int i = 0; i < e.model->neq; i++)
        slot[i] = i;
    if (ps_program_add_run(e.prog, e.prog->eq_g, slot, e.model->neq, &all, &err)) {
        hz_print_error("bench_vm", &err);
        goto out;
    }
    double diff = compare(&e, a, b, stack);
    for (int k = 0; k < reps; k++) {        /* interleaved: all see the same noise */
        tv[k] = time_vm(&e, a, stack);
        tr[k] = time_run(&e, all, a, stack);
        tc[k] = time_c(&e, b);
        if (tr[k] < 0) {
            fprintf(stderr, "bench_vm: a run produced a value that is not finite\n");
            goto out;
        }
    }
    for (int i = 0; i < e.model->neq; i++) {    /* the last run's values are the C's */
        double d = fabs(a[i] - b[i]) / (1 + fabs(b[i]));
        if (d > diff)
            diff = d;
    }
    report(&e, tv, tr, tc, reps, diff);
    rc = diff <= 1e-12 ? 0 : 1;
    if (rc)
        fprintf(stderr, "bench_vm: the VM and the C disagree by %.1e\n", diff);
out:
    hz_engine_free(&e);
    free(tv);
    free(tr);
    free(tc);
    free(slot);
    free(a);
    free(b);
    free(stack);
    free(sim);
    synth_free(sm);
    return rc;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 300;
    if (reps < 1) {
        fprintf(stderr, "usage: bench_vm [reps]\n");
        return 2;
    }
    return run(reps);
}
