/*
** bench_attribute: exact Shapley attribution over 8 lever groups of the
** Yangzhou model (2^8 = 256 runs) against plain runs of the same scenario in
** the same process, plus a 1,000-point Sobol sweep and a tornado over the
** same 8 levers.
**
** A plain run is ps_scenario_run of the plan (frame prepared, the plan's
** changes applied, solve, result copied out): what a Lua loop over s:run()
** costs per run.  Goal (issue 11): the whole attribution within 300 plain
** runs' time.  Median of the repetitions; nothing is asserted.
**
** Usage: bench_attribute [--reps N]      (default 20)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "analysis/attribute.h"
#include "project/project.h"
#include "scenario/scenario.h"
#include "analysis/sweep.h"

#define YZ_DIR POLSIM_SOURCE_DIR "/models/yangzhou"
#define FROM 2024
#define TO 2030
#define GOAL_RUNS 300.0

/* Levers that exist in the model today and a plan setting for each. */
static const char *const LEVERS[8] = {"fee_cut", "loan_g", "tloan_g", "proj_inv",
                                      "pubinv", "voucher", "promo", "extd_g"};
static const double PLAN[8] = {50, 12, 15, 105, 900, 0.45, 0.5, 5};

static int set(ps_scenario *s, const char *name, double x, ps_error *err) {
    int sym = ps_model_find(ps_scenario_project(s)->model, name);
    if (sym < 0) return ps_error_set(err, PS_ERR_USAGE, "the Yangzhou model has no lever %s", name);
    return ps_scenario_set(s, sym, FROM, TO, &x, 1, err);
}

static int run(int reps, ps_error *err) {
    ps_project *p = NULL;
    ps_scenario *base = NULL, *alt = NULL;
    double *v = malloc(sizeof(double) * (size_t)reps);
    int rc = v ? ps_project_load(YZ_DIR, &p, err) : ps_error_set(err, PS_ERR_NOMEM, "oom");
    if (!rc) rc = ps_scenario_new(p, "base", FROM, TO, &base, err);
    if (!rc) rc = ps_scenario_copy(base, "plan", &alt, err);
    ps_attr_group g[8];
    for (int i = 0; i < 8 && !rc; i++) {
        rc = set(alt, LEVERS[i], PLAN[i], err);
        g[i] = (ps_attr_group){LEVERS[i], &LEVERS[i], 1};
    }
    /* Plain runs and attributions interleaved, one batch of 256 plain runs
    ** before each attribution, so that both see the same load on a shared
    ** machine; the ratio is taken per repetition, then its median. */
    int nplain = 256;
    double *ratio = malloc(sizeof(double) * (size_t)reps), *tp = malloc(sizeof(double) * (size_t)reps);
    if (!ratio || !tp) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    long runs = 0;
    for (int k = 0; k < reps && !rc; k++) {
        double t = hz_now();
        for (int q = 0; q < nplain && !rc; q++) {
            ps_result *r = NULL;
            rc = ps_scenario_run(alt, &r, err);
            ps_result_free(r);
        }
        tp[k] = (hz_now() - t) / nplain;
        ps_attribution *a = NULL;
        t = hz_now();
        if (!rc) rc = ps_attribute(base, alt, g, 8, NULL, &a, err);
        v[k] = hz_now() - t;
        ratio[k] = v[k] / tp[k];
        if (a) runs = a->runs;
        ps_attribution_free(a);
    }
    double plain = rc ? 0 : hz_median(tp, reps), attr = rc ? 0 : hz_median(v, reps);
    double attr_ratio = rc ? 0 : hz_median(ratio, reps);
    free(ratio);
    free(tp);
    /* sweep and tornado over the same levers */
    ps_sweep_dim d[8];
    double lo[8], hi[8];
    for (int i = 0; i < 8; i++) {
        d[i] = (ps_sweep_dim){LEVERS[i], 0.5 * PLAN[i], 1.5 * PLAN[i], 0};
        lo[i] = d[i].from, hi[i] = d[i].to;
    }
    const char *out[1] = {"gdp"};
    ps_sweep_opts o = {PS_SWEEP_SOBOL, 1000, 0, out, 1};
    double tsweep = 0, ttorn = 0;
    long nfailed = 0;
    for (int k = 0; k < reps && !rc; k++) {
        ps_sweep *sw = NULL;
        ps_tornado *tn = NULL;
        double t = hz_now();
        rc = ps_sweep_run(alt, d, 8, &o, &sw, err);
        v[k] = hz_now() - t;
        if (sw) nfailed = sw->nfailed;
        ps_sweep_free(sw);
        if (!rc) {
            t = hz_now();
            rc = ps_tornado_run(alt, LEVERS, lo, hi, 8, "gdp", 2026, 1, &tn, err);
            ttorn += hz_now() - t;
            ps_tornado_free(tn);
        }
    }
    if (!rc) {
        tsweep = hz_median(v, reps);
        ttorn /= reps;
        printf("plain run (ps_scenario_run of the plan)   %10.1f us  (median over %d batches "
               "of %d)\n", 1e6 * plain, reps, nplain);
        printf("attribution, 8 groups, %ld runs            %10.1f us  = %6.1f plain runs "
               "(median ratio; goal <= %.0f) %s\n",
               runs, 1e6 * attr, attr_ratio, GOAL_RUNS, attr_ratio <= GOAL_RUNS ? "met" : "MISSED");
        printf("  per attribution run                               = %6.2f plain runs\n",
               attr_ratio / (double)runs);
        printf("sobol sweep, 8 levers, 1000 points         %10.1f us  = %6.1f plain runs "
               "(%ld failed)\n",
               1e6 * tsweep, tsweep / plain, nfailed);
        printf("tornado, 8 levers (17 runs)                %10.1f us  = %6.1f plain runs\n",
               1e6 * ttorn, ttorn / plain);
    }
    ps_scenario_free(alt);
    ps_scenario_free(base);
    ps_project_free(p);
    free(v);
    return rc;
}

int main(int argc, char **argv) {
    int reps = 20;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_attribute [--reps N]\n");
            return 2;
        }
    }
    if (reps < 1) reps = 1;
    ps_error err;
    ps_error_clear(&err);
    if (run(reps, &err)) {
        hz_print_error("bench_attribute", &err);
        return 1;
    }
    return 0;
}
