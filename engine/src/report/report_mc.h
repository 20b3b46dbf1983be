/*
** Monte Carlo runs in scenario reports (docs/report.md, "Uncertainty"): a
** Monte Carlo JSON file (docs/output-format.md, schema "polsim.montecarlo",
** written by mc:write) read for `polsim report`, which draws its fan charts
** (5-95 % and 25-75 % bands, median, the targets) and a table of the
** probability that each target is met.
**
** Ownership: ps_report_mc_read / _parse return an object owned by the caller
** (ps_report_mc_free, NULL-safe); pass it to ps_report_render through
** ps_report_opts.mcs, which only reads it.
*/
#ifndef POLSIM_REPORT_MC_H
#define POLSIM_REPORT_MC_H

#include <stddef.h>
#include "polsim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_report_mc ps_report_mc;

/* Read a Monte Carlo file.  Errors (PS_ERR_DATA) name the file and the
** field that is missing or malformed; a schema_version newer than this
** program reads is refused. */
int ps_report_mc_read(const char *path, ps_report_mc **out, ps_error *err);
int ps_report_mc_parse(const char *text, size_t len, const char *path, ps_report_mc **out,
                       ps_error *err);
void ps_report_mc_free(ps_report_mc *mc);

/* The scenario it ran and its draws (for messages). */
const char *ps_report_mc_scenario(const ps_report_mc *mc);
long ps_report_mc_draws(const ps_report_mc *mc);

#ifdef __cplusplus
}
#endif
#endif
