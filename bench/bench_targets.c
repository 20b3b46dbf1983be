/*
** bench_targets: a target solve with one instrument on the Yangzhou model
** against one plain run of the same scenario, in the same process.
**
** The scenario is the 2024-2030 projection with 5 billion yuan of new fee
** relief a year; the target is real GDP growth in 2024 0.3 pp above what that
** scenario gives, reached with fee_cut in 2024 (and, as a second case, with
** loan_g; and with both, which is no longer square and goes through
** Gauss-Newton on the period's solve, for comparison).  The swapped program is compiled at the scenario's first target
** run (timed once, "first run") and kept for later runs, which are what
** repeated analyses pay.  Median and minimum wall time per run, and the
** ratio target / plain against the goal (5x; issue 11).  Nothing is asserted.
**
** Usage: bench_targets [--reps N]      (default 3000)
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "scenario/targets.h"

#define YZ_DIR POLSIM_SOURCE_DIR "/models/yangzhou"
#define FROM 2024
#define TO 2030
#define GOAL_RATIO 5.0

typedef struct tb {
    ps_project *p;
    int reps;
    double *v;
} tb;

static int sym(const ps_project *p, const char *name, ps_error *err) {
    int s = ps_model_find(p->model, name);
    if (s < 0) ps_error_set(err, PS_ERR_USAGE, "the Yangzhou model has no series %s", name);
    return s;
}

/* Median run time in microseconds (and the minimum), of n runs of s. */
static int time_runs(tb *b, ps_scenario *s, double *med, double *min, ps_target_report **rep,
                     ps_solve_diag *diag, ps_error *err) {
    for (int k = 0; k < b->reps; k++) {
        ps_result *r = NULL;
        ps_target_report *tr = NULL;
        double t = hz_now();
        int rc = ps_scenario_run_report(s, &r, &tr, err);
        b->v[k] = hz_now() - t;
        if (!rc && k == b->reps - 1) {
            *diag = r->diag;
            *rep = tr;
            tr = NULL;
        }
        ps_target_report_free(tr);
        ps_result_free(r);
        if (rc) return rc;
    }
    *med = 1e6 * hz_median(b->v, b->reps);
    *min = 1e6 * b->v[0];
    return PS_OK;
}

static double growth_of(const ps_project *p, ps_scenario *s, ps_error *err) {
    ps_result *r = NULL;
    if (ps_scenario_run(s, &r, err)) return NAN;
    int c = ps_result_col(r, "gdpr");
    size_t t = (size_t)(FROM - r->start), n = (size_t)r->nvar;
    double g = 100.0 * (r->data[t * n + (size_t)c] / r->data[(t - 1) * n + (size_t)c] - 1.0);
    (void)p;
    ps_result_free(r);
    return g;
}

/* lever2 (may be NULL): a second instrument, so the period has more
** instruments than targets and is solved by Gauss-Newton (smallest change). */
static int one_case(tb *b, ps_scenario *base, const char *lever, const char *lever2,
                    double plain_med, ps_error *err) {
    int gdpr = sym(b->p, "gdpr", err), x = sym(b->p, lever, err);
    int x2 = lever2 ? sym(b->p, lever2, err) : 0;
    if (gdpr < 0 || x < 0 || x2 < 0) return PS_ERR_USAGE;
    double g0 = growth_of(b->p, base, err);
    if (isnan(g0)) return err->code;
    ps_scenario *s = NULL;
    int rc = ps_scenario_copy(base, "target", &s, err);
    double want = g0 + 0.3;
    if (!rc) rc = ps_scenario_target(s, gdpr, FROM, FROM, &want, 1, 1, 1.0, err);
    if (!rc) rc = ps_scenario_instrument(s, x, FROM, FROM, -INFINITY, INFINITY, 1.0, err);
    if (!rc && lever2)
        rc = ps_scenario_instrument(s, x2, FROM, FROM, -INFINITY, INFINITY, 1.0, err);
    ps_result *r = NULL;
    double t = hz_now();
    if (!rc) rc = ps_scenario_run(s, &r, err);
    double first = 1e6 * (hz_now() - t);
    double x0 = NAN, x1 = NAN;
    if (!rc) {
        size_t row = (size_t)(FROM - r->start) * (size_t)r->nvar;
        x1 = r->data[row + (size_t)ps_result_col(r, lever)];
    }
    ps_result_free(r);
    double med = 0, min = 0;
    ps_target_report *rep = NULL;
    ps_solve_diag d;
    if (!rc) rc = time_runs(b, s, &med, &min, &rep, &d, err);
    if (!rc) {
        ps_frame *f = NULL;
        int t0, t1;
        if (ps_scenario_inputs(base, &f, &t0, &t1, err) == PS_OK)
            x0 = ps_frame_get(f, b->p->model->syms[x].slot, ps_frame_index(f, FROM));
        ps_frame_free(f);
        printf("gdpr growth %d: %.4f %% -> %.4f %% via %s%s%s %.6g -> %.6g (gap %.2e pp, %s)\n",
               FROM, g0, want, lever, lever2 ? " and " : "", lever2 ? lever2 : "", x0, x1,
               rep->t[0].gap, rep->t[0].method);
        printf("  %-34s %10.1f us (min %.1f)\n", "first target run (setup, compiles)", first,
               first);
        printf("  %-34s %10.1f us (min %.1f)  %ld Newton iterations\n", "target run", med, min,
               d.newton_iterations);
        printf("  %-34s %10.2f x   (goal <= %.0f x)\n", "target run / plain run",
               med / plain_med, GOAL_RATIO);
    }
    ps_target_report_free(rep);
    ps_scenario_free(s);
    return rc;
}

static int bench(tb *b, ps_error *err) {
    int rc = ps_project_load(YZ_DIR, &b->p, err);
    ps_scenario *base = NULL;
    if (!rc) rc = ps_scenario_new(b->p, "fee_relief", FROM, TO, &base, err);
    int fee = rc ? -1 : sym(b->p, "fee_cut", err);
    double relief = 50;
    if (!rc && fee < 0) rc = PS_ERR_USAGE;
    if (!rc) rc = ps_scenario_set(base, fee, FROM, TO, &relief, 1, err);
    double med = 0, min = 0;
    ps_target_report *rep = NULL;
    ps_solve_diag d;
    if (!rc) rc = time_runs(b, base, &med, &min, &rep, &d, err);
    if (!rc) printf("  %-34s %10.1f us (min %.1f)  %ld Newton iterations\n",
                    "plain run (ps_scenario_run)", med, min, d.newton_iterations);
    if (!rc) rc = one_case(b, base, "fee_cut", NULL, med, err);
    if (!rc) rc = one_case(b, base, "loan_g", NULL, med, err);
    if (!rc) rc = one_case(b, base, "fee_cut", "loan_g", med, err);
    ps_scenario_free(base);
    ps_project_free(b->p);
    return rc;
}

int main(int argc, char **argv) {
    tb b = {NULL, 3000, NULL};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) b.reps = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_targets [--reps N]\n");
            return 2;
        }
    }
    if (b.reps < 1) b.reps = 1;
    b.v = malloc(sizeof(double) * (size_t)b.reps);
    ps_error err;
    ps_error_clear(&err);
    int rc = b.v ? bench(&b, &err) : ps_error_set(&err, PS_ERR_NOMEM, "out of memory");
    if (rc) hz_print_error("bench_targets", &err);
    free(b.v);
    return rc ? 1 : 0;
}
