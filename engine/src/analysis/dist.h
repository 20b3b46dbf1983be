/*
** Internal: drawing from a checked ps_dist (montecarlo.h).
*/
#ifndef PS_ANALYSIS_DIST_H
#define PS_ANALYSIS_DIST_H

#include <gsl/gsl_rng.h>
#include "analysis/montecarlo.h"

/* A checked distribution with what its draws need computed once: the
** truncated normal's probabilities at its bounds (an inverse needs them),
** or whether plain rejection is cheaper (the interval holds at least a
** quarter of the mass: fewer than 4 normals a draw on average). */
typedef struct ps_dist_prep {
    ps_dist d;
    double p0, p1;              /* truncnormal: P or Q at the bounds */
    int upper;                  /* 1: p0, p1 are upper-tail (Q) values */
    int reject;                 /* 1: draw normals until one falls inside */
} ps_dist_prep;

/* d must have passed ps_dist_check; the prep borrows d->values. */
void ps_dist_prepare(const ps_dist *d, ps_dist_prep *out);

/* One draw. */
double ps_dist_draw(const ps_dist_prep *d, gsl_rng *r);

#endif
