/*
** The stacked-time (perfect-foresight) solver, for models with leads.
**
** A model with leads (model->maxlead > 0) cannot be solved period by period:
** period t needs values of period t+k that are not known yet.  The stacked
** solver splits the model along its dynamic dependencies (an equation
** depends on the equation determining every endogenous variable it reads, at
** any lag or lead; strongly connected components in dependency order):
**   - a component none of whose equations reads a lead of its own variables
**     is solved period by period (a Newton solve per period, as in solve.h);
**   - a component that does (the forward-looking core) is solved for all
**     periods at once: Newton on the stacked residual
**         r_{i,t}(Y) = y_{i,t} - G_i(..., y_{t-1}, y_t, y_{t+1}, ...)
**     over t = t0..T, with the sparse stacked Jacobian factorised by KLU.
**     The symbolic analysis (klu_analyze) depends only on the component and
**     the number of periods: it is done once per shape and reused by every
**     iteration and every later run of the same shape; klu_refactor reuses
**     the pivots of the run's first factorisation.
** Components run in order, so each reads the full paths of earlier ones.
**
** Horizon.  Periods t0..t1 are reported; the solver solves t0..T with
** T = t1 + opts.extend (periods past t1 push the terminal condition away
** from the reported ones and are dropped afterwards) and needs maxlead
** periods after T: the terminal condition says what they hold.  All of this
** happens in an internal copy of the frame; only rows t0..t1 of the frame
** are written back.  Exogenous values after the frame's last period are
** held at their last value.
**
** Terminal conditions (opts.terminal):
**   PS_TERMINAL_STEADY  (default) the endogenous variables after T are the
**                       steady state (steady.h) at the exogenous values of
**                       period T+1, as Dynare's endval + steady;
**   PS_TERMINAL_PATH    the frame's own values for periods T+1..T+maxlead
**                       (the frame must hold them: PS_ERR_DATA otherwise);
**   PS_TERMINAL_GROWTH  every variable keeps growing at its rate of T after
**                       T: y_{T+k} = y_{T+k-1}^2 / y_{T+k-2} (constant growth
**                       rate) for a variable positive at t0-1, y_{T+k} =
**                       2 y_{T+k-1} - y_{T+k-2} (constant change) otherwise;
**                       these equations are stacked with the model's.
**
** Starting values: the frame's value where finite, else the period before.
**
** Failure.  When Newton fails on the problem as given, the solver retries
** by homotopy on the size of the shock (as Dynare does): the exogenous
** inputs of periods t0.. are moved from their values at t0-1 (lambda = 0)
** to the scenario's (lambda = 1) in steps that double after a success and
** halve after a failure (at most opts.homotopy_steps solves).  If that fails
** too, PS_ERR_SOLVE (no convergence, singular stacked Jacobian) or
** PS_ERR_DOMAIN names the worst equation, its variable and period.  On
** failure the frame is not modified.
**
** Ownership: ps_stacked_new borrows the model and the analysis (they must
** outlive the workspace) and returns a workspace owned by the caller
** (ps_stacked_free, NULL-safe).  Not thread-safe: one per thread.
*/
#ifndef POLSIM_STACKED_H
#define POLSIM_STACKED_H

#include "analyse/analyse.h"
#include "frame/frame.h"
#include "solve/solve.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_terminal {
    PS_TERMINAL_STEADY = 0,
    PS_TERMINAL_PATH,
    PS_TERMINAL_GROWTH
} ps_terminal;

typedef struct ps_stacked_opts {
    double tol;                 /* |r| <= tol (1 + |y|) and the same for the next
                                   Newton correction, every row; 1e-10 */
    int max_iter;               /* Newton iterations per solve; 50 */
    int max_halvings;           /* line-search halvings per iteration; 10 */
    ps_terminal terminal;       /* PS_TERMINAL_STEADY */
    int extend;                 /* periods solved past t1; 0 */
    int homotopy_steps;         /* solves the homotopy may spend; 0 = none; 64 */
} ps_stacked_opts;

void ps_stacked_opts_init(ps_stacked_opts *o);

/* Parse "steady", "path" or "growth"; -1 for anything else. */
int ps_terminal_parse(const char *s);
const char *ps_terminal_name(ps_terminal t);

typedef struct ps_stacked ps_stacked;

int ps_stacked_new(const ps_model *m, const ps_analysis *a, const ps_stacked_opts *o,
                     ps_stacked **out, ps_error *err);
void ps_stacked_free(ps_stacked *s);

/* Replace the options of a workspace (nothing is recompiled: the split and
** the codes do not depend on them).  PS_ERR_USAGE for invalid options. */
int ps_stacked_set_opts(ps_stacked *s, const ps_stacked_opts *o, ps_error *err);

/* Solve period indexes [t0, t1] of f in place (f->nvar == m->nseries,
** t0 >= m->maxlag).  diag may be NULL; it is reset and filled:
** periods = t1 - t0 + 1, blocks_solved counts the components' solves,
** sparse_blocks the stacked ones, newton_iterations all iterations,
** max_residual the largest final scaled residual. */
int ps_stacked_run(ps_stacked *s, ps_frame *f, const double *params, int t0, int t1,
                   ps_solve_diag *diag, ps_error *err);

/* The homotopy steps the last run took (0 when the full problem solved at
** once), and the components: how many, how many stacked, the largest. */
int ps_stacked_homotopy_steps(const ps_stacked *s);
void ps_stacked_shape(const ps_stacked *s, int *ncomponents, int *nstacked,
                      int *largest_stacked);

#ifdef __cplusplus
}
#endif
#endif
