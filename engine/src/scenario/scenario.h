/*
** Scenarios, the library's side: per-period rules and the inputs a run would
** use, which work on frames (internal).  The public half, polsim/scenario.h,
** has the rest and the ownership rule.
*/
#ifndef POLSIM_SCENARIO_SCENARIO_H
#define POLSIM_SCENARIO_SCENARIO_H

#include "polsim/scenario.h" /* the public half */
#include "output/output.h"
#include "project/project.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A per-period rule.  f is the scenario's frame, t the period index about to
** be solved (f->start + t is its ordinal).  Returns PS_OK or an error.
** Rules run once per period t, before period t is solved and after every
** earlier period has been; they may read anything already solved and set
** exogenous values of period t.  They never run inside the Newton loop. */
typedef int (*ps_rule_fn)(void *ctx, ps_frame *f, int t, const ps_project *p, ps_error *err);

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

#ifdef __cplusplus
}
#endif
#endif
