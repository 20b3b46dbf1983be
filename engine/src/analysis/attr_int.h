/*
** Internal: what attribution, sweeps and tornado charts share: a run
** workspace that solves one scenario's inputs again and again, each time with
** a few inputs changed, in one frame and with the project's solver.
*/
#ifndef PS_ANALYSIS_ATTR_INT_H
#define PS_ANALYSIS_ATTR_INT_H

#include "scenario/scenario.h"
#include "util/arena.h"

typedef struct ps_runner {
    ps_project *p;
    const ps_model *m;
    ps_frame *inputs;       /* the scenario's inputs, never changed */
    ps_frame *work;         /* solved in place */
    double *params0;        /* the scenario's parameter values */
    double *params;         /* this run's */
    int t0, t1;             /* horizon period indexes in the frames */
} ps_runner;

/* Prepare a workspace for scenario s (refused when s has rules; `what`
** names the analysis in that message). */
int ps_runner_init(ps_runner *r, ps_scenario *s, const char *what, ps_error *err);
/* Back to the scenario's own inputs. */
void ps_runner_reset(ps_runner *r);
int ps_runner_solve(ps_runner *r, ps_error *err);
void ps_runner_free(ps_runner *r);

/* Symbol index of an input name: an exogenous series, add-factor or
** parameter of m; anything else is an error that says what `what` (e.g.
** "group 'fees'") needs. */
int ps_runner_input(const ps_model *m, const char *name, const char *what, int *sym,
                    ps_error *err);

/* Level of column v at frame period t of the work frame. */
static inline double ps_runner_get(const ps_runner *r, int v, int t) {
    return ps_frame_get(r->work, v, t);
}

/* Growth in percent from y0 to y1, as results compute it. */
static inline double ps_growth_pct(double y1, double y0) { return 100.0 * (y1 / y0 - 1.0); }

/* Copy a string into the arena; NULL on out of memory. */
char *ps_pool_str(ps_arena *a, const char *s);

#endif
