/*
** bench_yangzhou: one 2024-2030 projection of the Yangzhou model, once loaded.
**
** The model is loaded once (ps_project_load: parse, analyse, compile, history,
** timed once for reference); then, repeated many times:
**   ps_project_frame            frame preparation: history copied, add-factors
**                               computed over the history, exogenous held
**   ps_project_solve            the solve alone, on a prepared frame reset
**                               before each repetition (reset not timed)
**   frame + solve               the two together: one projection from C
**   ps_scenario_run             the scenario path: frame, the scenario's
**                               changes applied, solve, result copied out
**                               (default projection, and the 2024 plan with
**                               every lever set, as scripts/lib/yangzhou.lua)
** Median and minimum wall time per repetition; the goal (50 us for one
** projection) is printed next to the figures.  Nothing here is asserted.
**
** Usage: bench_yangzhou [--reps N]      (default 5000)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "project/project.h"
#include "scenario/scenario.h"

#define YZ_DIR POLSIM_SOURCE_DIR "/models/yangzhou"
#define FROM 2024
#define TO 2030
#define GOAL_US 50.0

typedef struct yz_bench {
    ps_project *p;
    int reps;
    double *v;                  /* reps timings, seconds */
} yz_bench;

typedef struct figure {
    double med, min;            /* microseconds */
} figure;

static figure summarise(double *v, int n)
{
    figure f = { 0, 0 };
    f.med = 1e6 * hz_median(v, n); /* sorts v: v[0] is then the minimum */
    f.min = 1e6 * v[0];
    return f;
}

static int time_frame(yz_bench *b, figure *out, ps_error *err)
{
    for (int k = 0; k < b->reps; k++) {
        ps_frame *f = NULL;
        int t0, t1;
        double t = hz_now();
        int rc = ps_project_frame(b->p, FROM, TO, &f, &t0, &t1, err);
        b->v[k] = hz_now() - t;
        ps_frame_free(f);
        if (rc)
            return rc;
    }
    *out = summarise(b->v, b->reps);
    return PS_OK;
}

/* with_frame: time ps_project_frame + ps_project_solve together; else the
** solve alone, on one prepared frame reset from a copy of its start. */
static int time_solve(yz_bench *b, int with_frame, figure *out, ps_solve_diag *diag,
                      ps_error *err)
{
    ps_frame *f = NULL;
    int t0, t1, rc = ps_project_frame(b->p, FROM, TO, &f, &t0, &t1, err);
    if (rc)
        return rc;
    size_t bytes = (size_t)f->nvar * (size_t)f->nper * sizeof(double);
    double *start = malloc(bytes);
    if (!start) {
        ps_frame_free(f);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    memcpy(start, f->data, bytes);
    for (int k = 0; k < b->reps && !rc; k++) {
        ps_frame *g = NULL;
        memcpy(f->data, start, bytes);
        double t = hz_now();
        if (with_frame)
            rc = ps_project_frame(b->p, FROM, TO, &g, &t0, &t1, err);
        if (!rc)
            rc = ps_project_solve(b->p, with_frame ? g : f, NULL, t0, t1, diag, err);
        b->v[k] = hz_now() - t;
        ps_frame_free(g);
    }
    free(start);
    ps_frame_free(f);
    if (!rc)
        *out = summarise(b->v, b->reps);
    return rc;
}

static int time_scenario(yz_bench *b, ps_scenario *s, figure *out, ps_error *err)
{
    for (int k = 0; k < b->reps; k++) {
        ps_result *r = NULL;
        double t = hz_now();
        int rc = ps_scenario_run(s, &r, err);
        b->v[k] = hz_now() - t;
        ps_result_free(r);
        if (rc)
            return rc;
    }
    *out = summarise(b->v, b->reps);
    return PS_OK;
}

static int set(ps_scenario *s, const char *name, long y0, long y1, double x, ps_error *err)
{
    int sym = ps_model_find(ps_scenario_project(s)->model, name);
    if (sym < 0)
        return ps_error_set(err, PS_ERR_USAGE, "the Yangzhou model has no series %s", name);
    return ps_scenario_set(s, sym, y0, y1, &x, 1, err);
}

/* The 2024 plan of docs/models/yangzhou.md, every lever for every year. */
static int plan_levers(ps_scenario *s, ps_error *err)
{
    int pub = ps_model_find(ps_scenario_project(s)->model, "pubinv");
    int rc = set(s, "fee_cut", FROM, TO, 50, err);
    if (!rc) rc = set(s, "loan_g", FROM, TO, 0, err);
    if (!rc) rc = set(s, "tloan_g", FROM, TO, 0, err);
    if (!rc) rc = set(s, "proj_inv", FROM, TO, 0, err);
    if (!rc) rc = ps_scenario_grow(s, pub, FROM, TO, 0.05, err);
    if (!rc) rc = set(s, "voucher", FROM, TO, 0.45, err);
    if (!rc) rc = set(s, "promo", FROM, TO, 0.5, err);
    if (!rc) rc = set(s, "talent", FROM, TO, 2.8, err);
    if (!rc) rc = set(s, "rd", FROM, TO, 2.85, err);
    if (!rc) rc = set(s, "extd_g", FROM, TO, 5.0, err);
    return rc;
}

static int plan_scenario(ps_project *p, ps_scenario **out, ps_error *err)
{
    int rc = ps_scenario_new(p, "plan_2024", FROM, TO, out, err);
    if (!rc)
        rc = plan_levers(*out, err);
    return rc;
}

static void row(const char *what, figure f, int goal)
{
    printf("%-34s %10.2f %10.2f", what, f.med, f.min);
    if (goal)
        printf("   <= %3.0f us   %s", GOAL_US, f.med <= GOAL_US ? "met" : "MISSED");
    printf("\n");
}

static int bench(yz_bench *b, ps_error *err)
{
    figure fr, so, fs, sd, sp;
    ps_solve_diag diag;
    ps_scenario *def = NULL, *pl = NULL;
    int rc = time_frame(b, &fr, err);
    if (!rc) rc = time_solve(b, 0, &so, &diag, err);
    if (!rc) rc = time_solve(b, 1, &fs, NULL, err);
    if (!rc) rc = ps_scenario_new(b->p, "default", FROM, TO, &def, err);
    if (!rc) rc = time_scenario(b, def, &sd, err);
    if (!rc) rc = plan_scenario(b->p, &pl, err);
    if (!rc) rc = time_scenario(b, pl, &sp, err);
    if (!rc) {
        printf("%-34s %10s %10s   %s\n", "per projection (wall, us)", "median", "min", "goal");
        row("ps_project_frame", fr, 0);
        row("ps_project_solve", so, 0);
        row("frame + solve", fs, 1);
        row("ps_scenario_run, default", sd, 1);
        row("ps_scenario_run, 2024 plan", sp, 1);
        printf("\nsolve: %d periods, %ld simultaneous-block solves, %ld Newton iterations, "
               "%ld explicit evaluations\n", diag.periods, diag.blocks_solved,
               diag.newton_iterations, diag.explicit_evals);
    }
    ps_scenario_free(pl);
    ps_scenario_free(def);
    return rc;
}

int main(int argc, char **argv)
{
    yz_bench b = { NULL, 5000, NULL };
    if (argc == 3 && !strcmp(argv[1], "--reps"))
        b.reps = atoi(argv[2]);
    if ((argc != 1 && argc != 3) || b.reps < 1 || b.reps > 10000000) {
        fprintf(stderr, "usage: bench_yangzhou [--reps N]\n");
        return 2;
    }
    ps_error err;
    ps_error_clear(&err);
    double t = hz_now();
    if (ps_project_load(YZ_DIR, &b.p, &err)) {
        hz_print_error("loading " YZ_DIR, &err);
        return 1;
    }
    t = hz_now() - t;
    int nbehav = 0;
    for (int i = 0; i < b.p->model->neq; i++) nbehav += !b.p->model->eqs[i].identity;
    printf("bench_yangzhou: the Yangzhou model (%d equations, %d behavioural), projected "
           "%d-%d; %d repetitions\nps_project_load (once): %.2f ms\n\n",
           b.p->model->neq, nbehav, FROM, TO, b.reps, 1e3 * t);
    b.v = malloc((size_t)b.reps * sizeof *b.v);
    int rc = b.v ? bench(&b, &err) : ps_error_set(&err, PS_ERR_NOMEM, "out of memory");
    if (rc)
        hz_print_error("bench_yangzhou", &err);
    free(b.v);
    ps_project_free(b.p);
    return rc ? 1 : 0;
}
