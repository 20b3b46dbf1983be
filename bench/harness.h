/*
** Shared benchmark plumbing: clocks, memory figures, child processes, and
** the path from a generated model to a solved polsim frame.
*/
#ifndef POLSIM_BENCH_HARNESS_H
#define POLSIM_BENCH_HARNESS_H

#include <stddef.h>
#include "analyse/analyse.h"
#include "compile/compile.h"
#include "frame/frame.h"
#include "model/model.h"
#include "solve/solve.h"
#include "synth.h"

/* polsim's solution must match the reference simulation this closely (the
** solver's tolerance is 1e-10; a bigger gap is a wrong answer, not noise). */
#define HZ_REF_TOL 1e-6

double hz_now(void);                            /* monotonic seconds */
double hz_cpu_now(void);                        /* this thread's CPU seconds */
double hz_median(double *v, int n);             /* sorts v */

/* Resident set size and its peak, in KiB, from /proc/self/status; -1 when
** unavailable.  hz_reset_peak makes VmHWM restart from the current size
** (Linux >= 4.0); returns 0 on success. */
long hz_rss_kb(void);
long hz_peak_kb(void);
int hz_reset_peak(void);

/* Run fn(arg, res) in a forked child so that each measurement starts from a
** clean heap and its peak memory is its own.  The child's result (ressize
** bytes) comes back through a pipe; *maxrss_kb gets the child's ru_maxrss.
** Returns fn's return value, or -1 when the child died. */
int hz_run_child(int (*fn)(void *arg, void *res), void *arg, void *res, size_t ressize,
                 long *maxrss_kb);

void hz_print_error(const char *what, const ps_error *err);
/* Parse "a,b,c" into up to max integers, each >= min; -1 on a bad list. */
int hz_parse_list(const char *s, int *v, int max, long min);

/* A generated model taken through polsim's stages, each timed. */
typedef struct hz_engine {
    ps_model *model;
    ps_analysis *an;
    ps_program *prog;
    ps_solver *solver;
    ps_frame *frame;            /* solved in place */
    double *start;              /* its data before solving, to reset from (a plain
                                   copy: ps_frame_copy checks names pairwise) */
    double *params;
    int t0, t1;
    double t_parse, t_analyse, t_compile, t_alloc;  /* seconds */
} hz_engine;

/* Parse `text`, analyse, compile, allocate the solver (opts NULL: defaults)
** and build the starting frame from the generator's exogenous paths and
** history (`sim`, from synth_simulate): add-factors 0, endogenous missing in
** the projection (the solver starts from the previous period). */
int hz_engine_build(hz_engine *e, const synth_model *sm, const char *text, size_t len,
                    const double *sim, const ps_solve_opts *opts, ps_error *err);

/* Reset the frame and solve the projection; *secs is the wall time of the
** solve alone and *cpu (may be NULL) its CPU time, which a busy machine
** inflates less. */
int hz_engine_solve(hz_engine *e, ps_solve_diag *diag, double *secs, double *cpu,
                    ps_error *err);

/* Largest |polsim - reference| / (1 + |reference|) over the endogenous
** variables of the projection; *where (may be NULL) names the variable and
** period where it occurs. */
double hz_engine_check(const hz_engine *e, const synth_model *sm, const double *sim,
                       char *where, size_t n);

/* Frame column of generator variable v, -1 when the model lacks it. */
int hz_col(const ps_model *pm, const synth_model *sm, int v);

void hz_engine_free(hz_engine *e);

#endif
