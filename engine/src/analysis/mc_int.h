/*
** Internal: the ps_mc record shared by the run (montecarlo.c), the
** statistics (mc_stats.c) and the JSON writer (mc_json.c).
*/
#ifndef PS_ANALYSIS_MC_INT_H
#define PS_ANALYSIS_MC_INT_H

#include "analysis/montecarlo.h"

/* What was uncertain, copied for the JSON document. */
typedef struct mc_input {
    char *name;
    int is_param;
    ps_dist dist;               /* values (choice) owned here */
    ps_mc_exo_mode mode;
    double rho;
    long from, to;
} mc_input;

typedef struct mc_rec {
    int sym;
    char *name, *unit, *description;
    char *label_zh, *unit_zh;   /* the model's Chinese texts; "" when none */
    double prev;                /* value in the period before the horizon (same in
                                   every draw); NaN when the frame has none */
} mc_rec;

struct ps_mc {
    char *model_name, *scenario_name;
    char model_hash[65];
    ps_freq freq;
    long draws, nfailed;
    uint64_t seed;
    ps_mc_resid residuals;
    long from, to;
    int nper;
    int nrec;
    mc_rec *rec;
    double *vals;               /* [(k * nper + t) * draws + d] */
    unsigned char *failed;      /* [draws] */
    ps_error first_error;
    long first_failed;          /* -1: none */
    long *res_years;            /* ordinals of the history years the shocks use */
    int nres_years, nres_eq;
    mc_input *inputs;
    int ninputs;
    int *keep;                  /* recorded indexes of the kept series */
    int nkeep;
};

/* Pointer to the draws of recorded series k in period index t. */
static inline const double *ps_mc_column(const ps_mc *mc, int k, int t) {
    return mc->vals + ((size_t)k * (size_t)mc->nper + (size_t)t) * (size_t)mc->draws;
}

/* The successful draws of (k, t), as levels or growth in percent, into buf
** (mc->draws doubles); returns how many.  NaN values are left out. */
long ps_mc_gather(const ps_mc *mc, int k, int t, int growth, double *buf);

#endif
