/*
** Scenarios: a horizon, layered assumptions, per-period rules, and a run.
**
** A scenario belongs to a project and describes a projection over [from, to]:
** changes to exogenous series and add-factors (set, grow, level or percent
** shocks), parameter changes, and per-period rules.  copy() makes a child that
** starts from everything its parent says and overrides on top: the parent's
** changes are applied first, then the child's, each in the order they were made,
** and a shock is relative to the path as it stands when the shock is applied
** (so relative to the parent's path).  Because the layering is applied at run
** time, a later change to a parent flows into all of its children.
**
** Rules are callbacks run once per period t, before period t is solved and after
** every earlier period has been; they may read anything already solved and set
** exogenous values of period t.  They never run inside the Newton loop.
**
** Periods are ordinals (period.h).  Ops outside the frame are refused.
**
** Ownership: scenarios are reference-counted.  ps_scenario_new/_copy return a
** scenario with one reference owned by the caller; ps_scenario_release drops it
** (NULL-safe).  A child holds a reference to its parent.  The project is
** borrowed and must outlive every scenario made from it.  Results are owned by
** the caller (ps_result_free).
*/
#ifndef POLSIM_SCENARIO_H
#define POLSIM_SCENARIO_H

#include "polsim/output.h"
#include "polsim/project.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_scenario ps_scenario;

/* A per-period rule.  f is the scenario's frame, t the period index about to
** be solved (f->start + t is its ordinal).  Returns PS_OK or an error. */
typedef int (*ps_rule_fn)(void *ctx, ps_frame *f, int t, const ps_project *p, ps_error *err);

int ps_scenario_new(ps_project *p, const char *name, long from, long to,
                    ps_scenario **out, ps_error *err);
int ps_scenario_copy(ps_scenario *parent, const char *name, ps_scenario **out,
                     ps_error *err);
void ps_scenario_retain(ps_scenario *s);
void ps_scenario_release(ps_scenario *s);

const char *ps_scenario_name(const ps_scenario *s);
ps_scenario *ps_scenario_parent(const ps_scenario *s);     /* borrowed, NULL for roots */
ps_project *ps_scenario_project(const ps_scenario *s);     /* borrowed */
void ps_scenario_horizon(const ps_scenario *s, long *from, long *to);
/* Change the horizon (children created later inherit it). */
int ps_scenario_set_horizon(ps_scenario *s, long from, long to, ps_error *err);

/* sym: a symbol index of the project's model; must be exogenous or an
** add-factor (endogenous variables are determined by their equations). */

/* x[p] = values[p - p0] for p in [p0, p1]; n == 1 sets every period to values[0],
** otherwise n must equal p1 - p0 + 1. */
int ps_scenario_set(ps_scenario *s, int sym, long p0, long p1, const double *values, int n,
                    ps_error *err);
/* x[p] = x[p-1] * (1 + rate) for p in [p0, p1] (rate 0.05 = 5 %). */
int ps_scenario_grow(ps_scenario *s, int sym, long p0, long p1, double rate, ps_error *err);
/* x[p] += amount for p in [p0, p1]. */
int ps_scenario_shock_level(ps_scenario *s, int sym, long p0, long p1, double amount,
                            ps_error *err);
/* x[p] *= 1 + pct / 100 for p in [p0, p1]. */
int ps_scenario_shock_pct(ps_scenario *s, int sym, long p0, long p1, double pct,
                          ps_error *err);
/* The unit guard: is `value`, set on series `sym` in `period`, about 100
** times off from what the model leads one to expect?  Compared with the
** typical size of the series' history (the median |x| of its last 10
** non-zero values; no history: no opinion):
**   - a series whose unit is percent ("%", "percent", "pct") given a value
**     about 1/100 of its history (0.10 where the history is near 10): a
**     fraction where a percent was meant;
**   - any series given a value 50-200 times larger or smaller than its
**     history (a level typed in the wrong unit).
** Returns 1 and writes the warning ("loan_g 2024 = 0.1: did you mean 10
** (percent)? ...") into msg (n bytes) when suspect, else 0.  Never fails. */
int ps_scenario_unit_suspect(const ps_project *p, int sym, long period, double value, char *msg,
                             size_t n);
/* Parameter `sym` takes `value` in this scenario and its children. */
int ps_scenario_param(ps_scenario *s, int sym, double value, ps_error *err);
/* Current value of a parameter in this scenario (its own or inherited). */
double ps_scenario_param_value(const ps_scenario *s, int sym);

/* Add a rule; free_ctx (may be NULL) is called on ctx when the scenario dies. */
int ps_scenario_rule(ps_scenario *s, ps_rule_fn fn, void *ctx, void (*free_ctx)(void *),
                     ps_error *err);

/* 1 when this scenario or an ancestor has a rule (analyses that run
** without Lua refuse such scenarios), else 0. */
int ps_scenario_has_rules(const ps_scenario *s);

/* The exogenous inputs the run would use (frame prepared, all layers applied,
** rules not run) for inspection; *out is the caller's. */
int ps_scenario_inputs(const ps_scenario *s, ps_frame **out, int *t0, int *t1,
                       ps_error *err);


/* Solve the scenario.  On failure nothing is returned and err says which
** equation, variable and period failed. */
int ps_scenario_run(ps_scenario *s, ps_result **out, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
