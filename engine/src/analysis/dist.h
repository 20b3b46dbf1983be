/*
** Internal: drawing from a checked ps_dist (montecarlo.h).
*/
#ifndef PS_ANALYSIS_DIST_H
#define PS_ANALYSIS_DIST_H

#include <gsl/gsl_rng.h>
#include "polsim/montecarlo.h"

/* One draw.  d must have passed ps_dist_check. */
double ps_dist_draw(const ps_dist *d, gsl_rng *r);

#endif
