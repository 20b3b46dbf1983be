/*
** bench_peer_nonlin: polsim's side of the Dynare comparison (bench/peers/).
**
** Loads models/examples/nonlin, feeds it the exogenous paths of a Dynare run
** of bench/peers/nonlin.mod (a CSV written by that .mod file), solves the
** projection 2025-2064 `reps` times from the same starting frame, and prints
**   POLSIM_SOLVE_SECONDS reps=N mean=S min=S   (per ps_project_solve call)
**   POLSIM_MAX_REL_DIFF d variable year       (|polsim - Dynare| / max(|Dynare|, 1))
**
** Usage: bench_peer_nonlin [dynare.csv [reps]]
**   default CSV: tests/fixtures/dynare/nonlin.csv; default reps: 20000.
** Only the solve is timed: resetting the frame between runs is not.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "project/project.h"

#define FROM 2025L
#define TO 2064L

static const char *const endo[] = {"y", "c", "inv", "tax", "r", "p", "infl"};
static const char *const exo[] = {"g", "m", "trate", "ystar"};
#define NENDO (int)(sizeof endo / sizeof endo[0])
#define NEXO (int)(sizeof exo / sizeof exo[0])

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fail(const char *what, const ps_error *err) {
    char buf[2048];
    fprintf(stderr, "bench_peer_nonlin: %s: %s\n", what, ps_error_format(err, buf, sizeof buf));
    return 1;
}

/* Copy the exogenous paths of d into f for FROM..TO; 0 on success. */
static int copy_exogenous(ps_frame *f, const ps_frame *d) {
    for (int v = 0; v < NEXO; v++) {
        int cf = ps_frame_col(f, exo[v]), cd = ps_frame_col(d, exo[v]);
        if (cf < 0 || cd < 0) {
            fprintf(stderr, "bench_peer_nonlin: column %s missing\n", exo[v]);
            return 1;
        }
        for (long yr = FROM; yr <= TO; yr++) {
            int tf = ps_frame_index(f, yr), td = ps_frame_index(d, yr);
            if (tf < 0 || td < 0) {
                fprintf(stderr, "bench_peer_nonlin: year %ld missing from the CSV\n", yr);
                return 1;
            }
            ps_frame_set(f, cf, tf, ps_frame_get(d, cd, td));
        }
    }
    return 0;
}

/* Largest |polsim - Dynare| / max(|Dynare|, 1) over the endogenous paths. */
static double max_rel_diff(const ps_frame *f, const ps_frame *d, const char **var, long *year) {
    double worst = 0;
    *var = "";
    *year = 0;
    for (int v = 0; v < NENDO; v++) {
        int cf = ps_frame_col(f, endo[v]), cd = ps_frame_col(d, endo[v]);
        if (cf < 0 || cd < 0) return NAN;
        for (long yr = FROM; yr <= TO; yr++) {
            double a = ps_frame_get(f, cf, ps_frame_index(f, yr));
            double b = ps_frame_get(d, cd, ps_frame_index(d, yr));
            double e = fabs(a - b) / (fabs(b) > 1 ? fabs(b) : 1);
            if (!(e <= worst)) {
                worst = e;
                *var = endo[v];
                *year = yr;
            }
        }
    }
    return worst;
}

int main(int argc, char **argv) {
    const char *csv = argc > 1 ? argv[1] : POLSIM_SOURCE_DIR "/tests/fixtures/dynare/nonlin.csv";
    long reps = argc > 2 ? strtol(argv[2], NULL, 10) : 20000;
    if (reps < 1) reps = 1;
    ps_error err;
    ps_frame *dyn = NULL, *start = NULL, *f = NULL;
    ps_project *p = NULL;
    int t0, t1, rc = 1;

    if (ps_frame_read_csv(csv, PS_FREQ_ANNUAL, &dyn, &err)) return fail(csv, &err);
    if (ps_project_load(POLSIM_SOURCE_DIR "/models/examples/nonlin", &p, &err)) {
        fail("loading the model", &err);
        goto out;
    }
    if (ps_project_frame(p, FROM, TO, &start, &t0, &t1, &err)) {
        fail("preparing the frame", &err);
        goto out;
    }
    if (copy_exogenous(start, dyn) || ps_frame_copy(start, &f, &err)) goto out;

    size_t bytes = sizeof(double) * (size_t)f->nvar * (size_t)f->nper;
    double total = 0, best = INFINITY;
    ps_solve_diag diag;
    for (long k = 0; k < reps; k++) {
        memcpy(f->data, start->data, bytes); /* same starting values every run */
        double t = now();
        if (ps_project_solve(p, f, NULL, t0, t1, &diag, &err)) {
            fail("solving", &err);
            goto out;
        }
        t = now() - t;
        total += t;
        if (t < best) best = t;
    }
    const char *var;
    long year;
    double diff = max_rel_diff(f, dyn, &var, &year);
    printf("POLSIM_SOLVE_SECONDS reps=%ld mean=%.6g min=%.6g\n", reps, total / (double)reps,
           best);
    printf("POLSIM_MAX_REL_DIFF %.3g %s %ld\n", diff, var, year);
    printf("POLSIM_NEWTON_ITERATIONS %ld in %ld block solves (max %d per solve)\n",
           diag.newton_iterations, diag.blocks_solved, diag.max_iterations);
    rc = 0;
out:
    ps_frame_free(f);
    ps_frame_free(start);
    ps_project_free(p);
    ps_frame_free(dyn);
    return rc;
}
