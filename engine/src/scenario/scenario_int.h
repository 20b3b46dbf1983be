/*
** Internal to the scenario module: what targets.c needs of a scenario.
*/
#ifndef PS_SCENARIO_INT_H
#define PS_SCENARIO_INT_H

#include "scenario/targets.h"

/* Targets, instruments and cached swapped programs of one layer (targets.c). */
typedef struct ps_tspec ps_tspec;

/* The layer's own slot (NULL until it gets a target or instrument). */
ps_tspec **ps_scenario_tspec_(ps_scenario *s);
/* Run every rule of the chain for period index t (PS_OK when there is none). */
int ps_scenario_rules_(const ps_scenario *s, ps_frame *f, int t, ps_error *err);

void ps_tspec_free_(ps_tspec *t);

/* Solve [t0, t1] of the prepared frame with the chain's targets and
** instruments (and rules); *rep (may be NULL) receives the report. */
int ps_targets_solve_(ps_scenario *s, ps_frame *f, const double *params, int t0, int t1,
                      ps_solve_diag *diag, ps_target_report **rep, ps_error *err);

/* Accumulate a period's diagnostics into a run's. */
void ps_scenario_add_diag_(ps_solve_diag *acc, const ps_solve_diag *d);

#endif
