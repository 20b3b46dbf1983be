/*
** Scenarios: a horizon, layered assumptions, per-period rules, and a run.
**
** A scenario belongs to a project and describes a projection over [from, to]:
** changes to exogenous series and add-factors (set, grow, level or percent
** shocks) and parameter changes.  ps_scenario_copy makes a child that
** starts from everything its parent says and overrides on top: the parent's
** changes are applied first, then the child's, each in the order they were made,
** and a shock is relative to the path as it stands when the shock is applied
** (so relative to the parent's path).  Because the layering is applied at run
** time, a later change to a parent flows into all of its children.
**
** Per-period rules (Lua callbacks run between the periods' solves) are set by
** scenario scripts; the C API has no rules, so a scenario built here runs
** entirely in C.
**
** Periods are ordinals (polsim/period.h; for an annual model the ordinal is the
** year).  Ops outside the frame are refused.  Values are in the series' own
** units (ps_model_sym_unit); rates are fractions (0.05 = 5 %) except where a
** function says percent.
**
** Ownership: scenarios are reference-counted.  ps_scenario_new/_copy return a
** scenario with one reference owned by the caller; ps_scenario_free drops it
** (NULL-safe; the scenario is freed with its last reference, and
** ps_scenario_retain adds one).  A child holds a reference to its parent.
** The project is borrowed and must outlive every scenario made from it.
** Results are owned by the caller (ps_result_free).  Scenarios and their
** project are not thread-safe: use them from one thread at a time.
*/
#ifndef POLSIM_SCENARIO_H
#define POLSIM_SCENARIO_H

#include "polsim/error.h"
#include "polsim/project.h"
#include "polsim/result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_scenario ps_scenario;

/* A root scenario of project p over period ordinals [from, to]; `name` is
** copied and names the scenario in results and reports. */
PS_API int ps_scenario_new(ps_project *p, const char *name, long from, long to,
                           ps_scenario **out, ps_error *err);
/* A child of `parent` (holding a reference to it) with its horizon. */
PS_API int ps_scenario_copy(ps_scenario *parent, const char *name, ps_scenario **out,
                            ps_error *err);
PS_API void ps_scenario_retain(ps_scenario *s);
PS_API void ps_scenario_free(ps_scenario *s);

PS_API const char *ps_scenario_name(const ps_scenario *s);
PS_API ps_scenario *ps_scenario_parent(const ps_scenario *s); /* borrowed, NULL for roots */
PS_API ps_project *ps_scenario_project(const ps_scenario *s); /* borrowed */
PS_API void ps_scenario_horizon(const ps_scenario *s, long *from, long *to);
/* Change the horizon (children created later inherit it). */
PS_API int ps_scenario_set_horizon(ps_scenario *s, long from, long to, ps_error *err);

/* sym: a symbol index of the project's model; must be exogenous or an
** add-factor (endogenous variables are determined by their equations). */

/* x[p] = values[p - p0] for p in [p0, p1]; n == 1 sets every period to values[0],
** otherwise n must equal p1 - p0 + 1. */
PS_API int ps_scenario_set(ps_scenario *s, int sym, long p0, long p1, const double *values,
                           int n, ps_error *err);
/* x[p] = x[p-1] * (1 + rate) for p in [p0, p1] (rate 0.05 = 5 %). */
PS_API int ps_scenario_grow(ps_scenario *s, int sym, long p0, long p1, double rate,
                            ps_error *err);
/* x[p] += amount for p in [p0, p1]. */
PS_API int ps_scenario_shock_level(ps_scenario *s, int sym, long p0, long p1, double amount,
                                   ps_error *err);
/* x[p] *= 1 + pct / 100 for p in [p0, p1]. */
PS_API int ps_scenario_shock_pct(ps_scenario *s, int sym, long p0, long p1, double pct,
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
PS_API int ps_scenario_unit_suspect(const ps_project *p, int sym, long period, double value,
                                    char *msg, size_t n);
/* Parameter `sym` takes `value` in this scenario and its children. */
PS_API int ps_scenario_param(ps_scenario *s, int sym, double value, ps_error *err);
/* Current value of a parameter in this scenario (its own or inherited). */
PS_API double ps_scenario_param_value(const ps_scenario *s, int sym);

/* Solve the scenario over its horizon.  *out is a new result owned by the
** caller (ps_result_free); it holds the history periods before the horizon
** too.  On failure *out is NULL and err says which equation, variable and
** period failed. */
PS_API int ps_scenario_run(ps_scenario *s, ps_result **out, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
