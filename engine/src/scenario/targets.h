/*
** Targets and instruments on scenarios (exogenize/endogenize).
**
** A target fixes an endogenous variable (its level, or its percent growth
** over the period before) in one or more periods; an instrument frees an
** exogenous series or add-factor in one or more periods so that the run
** solves for it.  Both are layered like every other change (scenario.h): a
** child inherits its parent's targets and instruments, and a later target or
** instrument for the same variable and period replaces the earlier one.
**
** How a run solves a period t (docs/solver.md, docs/decisions.md):
**   - no target at t: the ordinary solve; instruments keep the scenario's
**     values (the smallest change from them is none);
**   - as many instruments as targets at t: the swapped model (swap.h), in
**     which the targets are known and the instruments unknown, re-blocked
**     and solved by the block Newton: exact to the solver's tolerance.  One
**     swapped program per distinct set of targets and instruments, compiled
**     when a run first needs it and kept by the scenario for later runs;
**   - more instruments than targets: the targets exactly, with the smallest
**     weighted change  sum_j w_j (x_j - x0_j)^2  from the scenario's own
**     instrument values x0 (Gauss-Newton on the period's solve, minimum-norm
**     steps);
**   - fewer instruments than targets: least squares  sum_i v_i gap_i^2,
**     gaps reported;
**   - a square period whose swapped solve fails to converge or meets a
**     target only loosely goes on by Gauss-Newton too: a nonlinear target out
**     of reach is reported with the closest point found and its gap;
**   - bounds: an instrument outside [min, max] is fixed at the bound it
**     crossed (the worst first) and the period solved again with the others;
**     the binding bound is reported by name with the gaps it leaves.
** Growth targets are in percent (6 = 6 %), the gap in percentage points.
** A target at t needs at least one instrument at t (instruments act within
** the period: the solve is period by period).
**
** Ownership: reports are owned by the caller (ps_target_report_free,
** NULL-safe).  A scenario's cached swapped programs are freed with it; a
** scenario is not thread-safe (neither is a run of it).
*/
#ifndef POLSIM_TARGETS_H
#define POLSIM_TARGETS_H

#include "scenario/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Relative gap (|gap| / max(1, |value|)) under which a target counts as met. */
#define PS_TARGET_MET_TOL 1e-8

/* sym: an endogenous symbol.  values as in ps_scenario_set (n == 1: one value
** for every period of [p0, p1]).  growth: 1 = values are percent growth over
** the period before.  weight > 0: the target's weight in least squares
** (used only when a period has fewer instruments than targets; 1 usually). */
int ps_scenario_target(ps_scenario *s, int sym, long p0, long p1, const double *values,
                       int n, int growth, double weight, ps_error *err);

/* sym: an exogenous series or add-factor.  min <= max (-INFINITY/INFINITY
** for none); weight > 0 in the smallest-change objective (1 usually). */
int ps_scenario_instrument(ps_scenario *s, int sym, long p0, long p1, double min,
                           double max, double weight, ps_error *err);

/* 1 when the scenario or a parent has a target or instrument. */
int ps_scenario_has_targets(const ps_scenario *s);

typedef struct ps_target_outcome {
    int sym;                    /* target variable */
    long period;
    int growth;                 /* 1: value, reached and gap in percent / pp */
    double value;               /* what was asked */
    double reached;             /* what the solution gives */
    double gap;                 /* reached - value */
    int met;                    /* |gap| <= PS_TARGET_MET_TOL * max(1, |value|) */
    const char *method;         /* "exact", "closest" (as many instruments as
                                   targets, but no values of theirs meet it:
                                   the least-squares point), "smallest change",
                                   "least squares", "bounded" (static strings) */
    char note[448];             /* "" when met; else why not, naming the
                                   binding bounds ("loan_g reaches its max 14
                                   in 2024; gdp growth falls 0.3 pp short of 6") */
} ps_target_outcome;

typedef struct ps_bound_hit {
    int sym;                    /* instrument */
    long period;
    int is_max;                 /* 1: at its max, 0: at its min */
    double bound;
} ps_bound_hit;

typedef struct ps_target_report {
    int n;
    ps_target_outcome *t;       /* by period, then in the order given */
    int nbound;
    ps_bound_hit *b;
} ps_target_report;

void ps_target_report_free(ps_target_report *r);

/* Record each target in the result's metadata: key "target.VAR@PERIOD",
** value "value=V[%] reached=R gap=G method=M[ missed: NOTE]" (numbers exact,
** %.17g).  ps_scenario_run_report does this for every run with targets. */
int ps_target_report_meta(const ps_target_report *rep, const ps_model *m, ps_result *r,
                          ps_error *err);

/* ps_scenario_run, and a report of the targets (NULL when the scenario has
** none; rep may be NULL when not wanted).  The result's metadata records the
** targets either way (ps_target_report_meta). */
int ps_scenario_run_report(ps_scenario *s, ps_result **out, ps_target_report **rep,
                           ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
