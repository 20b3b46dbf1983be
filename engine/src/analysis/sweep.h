/*
** Sweeps and tornado charts: one scenario run at many settings of some
** levers and parameters.
**
** A dimension is a name of the scenario's model: an exogenous series (lever
** or not) or an add-factor, which then takes the value x in every period of
** the scenario's horizon, or a parameter, which takes the value x.  Values
** apply on top of everything the scenario sets.  Scenarios with per-period
** rules are refused (a rule could overwrite the swept value).
**
** Designs (points in the unit cube mapped to [from, to] per dimension):
**   grid   every combination of n[d] evenly spaced values from..to (n[d] = 1:
**          from); points = prod n[d]; the last dimension varies fastest.
**   lhs    Latin hypercube of `points` points: each dimension's range cut in
**          `points` equal strata, one uniform draw in each, strata shuffled
**          per dimension independently (GSL Mersenne Twister seeded `seed`).
**   sobol  the first `points` points of GSL's Sobol sequence (gsl_qrng_sobol,
**          at most 40 dimensions), point i = the (i+1)-th gsl_qrng_get.
**
** A point that fails to solve is kept with NaN outputs and counted; the
** first failure's message is kept.  The runs solve one working frame in
** place with the project's solver: no allocation and no Lua per point.
**
** Ownership: results are the caller's (ps_sweep_free, ps_tornado_free,
** NULL-safe) and hold copies of every name.
*/
#ifndef POLSIM_SWEEP_H
#define POLSIM_SWEEP_H

#include "scenario/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_SWEEP_POINTS_MAX 1000000L  /* a C loop the script budget cannot stop */
#define PS_SWEEP_SOBOL_DIMS_MAX 40

typedef enum ps_sweep_design { PS_SWEEP_GRID, PS_SWEEP_LHS, PS_SWEEP_SOBOL } ps_sweep_design;

typedef struct ps_sweep_dim {
    const char *name;
    double from, to;
    int n;                          /* grid values (>= 1); ignored otherwise */
} ps_sweep_dim;

typedef struct ps_sweep_opts {
    ps_sweep_design design;
    long points;                    /* lhs, sobol: number of points (>= 1) */
    unsigned long seed;             /* lhs: 0 = 1 */
    const char *const *outputs;     /* series kept per point; NULL = all */
    int noutput;
} ps_sweep_opts;

typedef struct ps_sweep {
    char *scenario, *model_name, *model_hash;
    ps_sweep_design design;
    unsigned long seed;
    int ndim;
    char **dims;
    char **dim_kinds;               /* "exogenous", "add-factor", "parameter" */
    double *from, *to;
    int *n;
    long npoints;
    double *x;                      /* x[i * ndim + d]: NaN = the scenario's own
                                       value (tornado's base point) */
    ps_freq freq;
    long start;                     /* ordinal of the first horizon period */
    int nper;                       /* horizon periods */
    int nvar;                       /* outputs kept */
    char **vars, **units;
    char **labels_zh, **units_zh;   /* the model's Chinese texts; "" when none */
    /* y[(i * (nper + 1) + t + 1) * nvar + v]: level of output v at horizon
    ** period t (-1 = the period before the horizon) of point i. */
    double *y;
    unsigned char *failed;          /* per point */
    long nfailed;
    char *first_error;              /* NULL when none failed */
    void *pool_;                    /* internal */
} ps_sweep;

/* Run a designed sweep.  Errors name the dimension or option that is wrong
** (unknown or endogenous name, from/to not finite, n < 1, points < 1, more
** than PS_SWEEP_POINTS_MAX points, a repeated name, sobol beyond 40
** dimensions). */
int ps_sweep_run(ps_scenario *s, const ps_sweep_dim *dims, int ndim,
                 const ps_sweep_opts *opts, ps_sweep **out, ps_error *err);

/* Run explicit points: x[i * ndim + d] (NaN leaves dimension d at the
** scenario's own value).  dims[d].from/to/n are only recorded. */
int ps_sweep_points(ps_scenario *s, const ps_sweep_dim *dims, int ndim, const double *x,
                    long npoints, const char *const *outputs, int noutput, ps_sweep **out,
                    ps_error *err);
void ps_sweep_free(ps_sweep *sw);

/* Output column by name, -1 when absent. */
int ps_sweep_var(const ps_sweep *sw, const char *name);
/* Output v at horizon period index t (0..nper-1) of point i; growth: percent
** over the period before. */
double ps_sweep_value(const ps_sweep *sw, long i, int v, int t, int growth);

int ps_sweep_write_json(const ps_sweep *sw, const char *path, ps_error *err);

/* Tornado: each name at its low and at its high value, the others at the
** scenario's, and the effect on one output at one period.  Bars are sorted
** by swing |value_high - value_low|, largest first (ties by name). */
typedef struct ps_tornado_bar {
    char *name;
    double low, high;               /* input values */
    double value_low, value_high;   /* the output at them */
} ps_tornado_bar;

typedef struct ps_tornado {
    char *scenario, *model_name, *model_hash;
    char *var, *unit;
    char *label_zh, *unit_zh;       /* the model's Chinese texts; "" when none */
    ps_freq freq;
    long period;
    int growth;                     /* values in percent growth */
    double base;                    /* the output in the scenario itself */
    int nbar;
    ps_tornado_bar *bars;
} ps_tornado;

int ps_tornado_run(ps_scenario *s, const char *const *names, const double *low,
                   const double *high, int n, const char *var, long period, int growth,
                   ps_tornado **out, ps_error *err);
void ps_tornado_free(ps_tornado *t);
int ps_tornado_write_json(const ps_tornado *t, const char *path, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
