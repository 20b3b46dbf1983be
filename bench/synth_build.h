/*
** Generator build state, shared by synth.c (plan), synth_struct.c (inputs
** and weights of each equation) and synth_tree.c (numbers and trees).
*/
#ifndef POLSIM_BENCH_SYNTH_BUILD_H
#define POLSIM_BENCH_SYNTH_BUILD_H

#include "synth_int.h"

/* Equation families. */
enum {
    K_LIN, K_LOGLIN, K_ECM, K_PCT, K_COBB, K_EXPDEV, K_SQRT, K_MINMAX,
    K_RATIO, K_ABS, K_SUM, K_ACCUM, K_NKINDS
};

typedef struct sy_term {
    int var, lag;
    double w;                   /* first-order weight of its relative deviation */
} sy_term;

typedef struct sy_spec {
    int kind;
    int nt, cap;
    sy_term *t;
    int par;                    /* parameter used (adjustment speed, depreciation) */
    int flag;                   /* K_MINMAX: 0 max with a floor, 1 min with a cap */
} sy_spec;

typedef struct sy_region {
    int start, len;             /* equation range */
    int exo_start, nexo;        /* exogenous range (offset from nendo) */
    int par_start;              /* lam0, lam1, delta */
    int core_start, core_len;   /* big block: the region's part of the core */
} sy_region;

typedef struct sy_build {
    synth_model *m;
    uint64_t rng;
    sy_region *reg;
    int nreg, ngroups;
    int nat_start, nat_gdp, nat_rate, nat_price;
    int nat_exo, nat_par;       /* first national exogenous / parameter */
    int *blk_start, *blk_len;   /* small blocks (contiguous equation ranges) */
    sy_spec *spec;
} sy_build;

double sy_unif(sy_build *b);                    /* [0, 1) */
int sy_int(sy_build *b, int lo, int hi);        /* lo..hi inclusive */
double sy_range(sy_build *b, double lo, double hi);
int sy_lag(sy_build *b);                        /* -1 .. -maxlag */

int sy_gen_structure(sy_build *b);              /* fills b->spec, identities */
int sy_gen_trees(sy_build *b);                  /* steady states, trees */
int sy_gen_order(sy_build *b);                  /* reference solution order */

#endif
