/*
** Internal to the output module: building ps_result objects.
*/
#ifndef PS_OUTPUT_RESULT_INTERNAL_H
#define PS_OUTPUT_RESULT_INTERNAL_H

#include "output/output.h"

/* A result with nvar x nper NaN values, zeroed diagnostics, and every string
** pointer NULL (ps_result_free copes with that).  NULL when out of memory or
** when the sizes overflow. */
ps_result *ps_result_shell_(int nvar, int nper);

#include "util/alloc.h"

/* The kind names written to files, by ps_symkind. */
#define PS_KIND_ENDO "endogenous"
#define PS_KIND_EXO "exogenous"
#define PS_KIND_ADDFACTOR "add-factor"

#endif
