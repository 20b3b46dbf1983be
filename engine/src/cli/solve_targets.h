/*
** Internal to `polsim solve`: --target and --instrument (solve_targets.c).
*/
#ifndef PS_CLI_SOLVE_TARGETS_H
#define PS_CLI_SOLVE_TARGETS_H

#include "project/project.h"
#include "scenario/targets.h"

/* --set NAME[@P]=VALUE: symbol, period (has_period 0: the whole horizon) and
** value; PS_EXIT_OK or a usage error already printed. */
int ps_cli_parse_set(const ps_model *m, const char *spec, int *sym, int *has_period,
                     long *period, double *value);

/* The solve as a scenario over [from, to] with the --set values, targets and
** instruments; *r and *rep are the caller's.  Returns an exit status (the
** message printed). */
int ps_cli_solve_targets(ps_project *p, long from, long to, const char *name,
                         const char **sets, int nsets, const char **targets, int ntargets,
                         const char **instruments, int ninstruments, ps_result **r,
                         ps_target_report **rep);

/* The target table on stdout, and each missed target on stderr. */
void ps_cli_print_targets(const ps_model *m, const ps_target_report *rep);

#endif
