/*
** Synthetic model generator for the benchmarks.
**
** A generated model has the shape of a large regional model, not of a random
** sparse matrix: regions of 50-200 equations, each cut into sectors of 10-25
** equations that feed mostly on each other, a region total (an identity over
** the sector outputs), a little cross-region traffic (mostly lagged), and a
** small national tier (sums of the region totals, an interest rate, a price)
** that the regions read back with a lag.  A share of the equations (default
** 10%) sits in simultaneous blocks of 5-20 equations (Keynesian-cross style
** loops); alternatively one big simultaneous block links a core of every
** region into a ring/lattice.
**
** Stability by construction.  Every variable has a positive steady state s.
** Every behavioural equation is built so that it holds exactly at the steady
** state and, to first order, its relative deviation y/s - 1 is a weighted sum
** of its inputs' relative deviations with sum |w| <= 0.9; identities are sums
** of positive terms (weights summing to exactly 1) or a capital-accumulation
** law with a depreciation rate.  So deviations never grow in the max norm and
** every simultaneous block is a contraction: I - dG/dy is diagonally dominant
** in scaled form.  synth_simulate checks this numerically.
**
** One expression tree per equation is the single source of the model text,
** the hand-written-style C code and the reference evaluator, so the three
** agree by construction.  Every number is rounded once to the decimal string
** that is printed, so the text and the trees hold the same doubles.
**
** Ownership: synth_build returns a model owned by the caller (synth_free,
** NULL-safe); the emit functions return malloc'ed text the caller frees.
** Functions return 0 on success and -1 when out of memory.
*/
#ifndef POLSIM_BENCH_SYNTH_H
#define POLSIM_BENCH_SYNTH_H

#include <stddef.h>
#include <stdint.h>

typedef struct synth_opts {
    int neq;                /* equations wanted (at least 100) */
    double block_share;     /* share in small simultaneous blocks: 0.10 */
    int block_min, block_max; /* sizes of the small blocks: 5, 20 */
    int big_block;          /* > 0: one ring block of this many equations and
                               no small blocks */
    int region_min, region_max; /* region sizes: 50, 200 */
    int maxlag;             /* deepest lag: 4 (1..9) */
    int first_year;         /* first history year: 2000 */
    int proj_periods;       /* periods after the history: 50 */
    uint64_t seed;          /* everything is a function of the seed: 1 */
    char name[32];          /* model name: "synth" */
} synth_opts;

void synth_opts_init(synth_opts *o);

/* Expression nodes. */
typedef enum sx_op {
    SX_NUM, SX_VAR, SX_PAR, SX_NEG, SX_ADD, SX_SUB, SX_MUL, SX_DIV, SX_POW,
    SX_LOG, SX_EXP, SX_SQRT, SX_ABS, SX_MIN, SX_MAX
} sx_op;

typedef struct sx {
    int op;                 /* sx_op */
    int id;                 /* SX_VAR: variable; SX_PAR: parameter */
    int lag;                /* SX_VAR: 0 or -k */
    double num;             /* SX_NUM */
    struct sx *a, *b;
} sx;

enum { SYNTH_LEVEL, SYNTH_LOG, SYNTH_DIFF, SYNTH_PCT };

typedef struct synth_eq {
    int identity;
    int lhs;                /* SYNTH_LEVEL, SYNTH_LOG, SYNTH_DIFF, SYNTH_PCT */
    int kind;               /* generator family, for statistics */
    int block;              /* simultaneous block id, -1 when recursive */
    int total;              /* region total: region index + 1, else 0 */
    sx *rhs;
} synth_eq;

typedef struct synth_var {
    char name[24];
    double ss;              /* steady state */
    double amp, omega, phase; /* exogenous path: ss * (1 + amp sin(omega t + phase)) */
} synth_var;

typedef struct synth_model {
    synth_opts opts;
    int nendo, nexo, nparam;
    synth_var *var;         /* nendo endogenous then nexo exogenous */
    char (*pname)[24];
    double *pval;
    synth_eq *eq;           /* equation i determines variable i */
    int nblocks;            /* simultaneous blocks */
    int block_eqs;          /* equations inside them */
    int largest_block;
    int nregions;
    int nidentity;
    int maxlag;             /* deepest lag actually used */
    int *af_col;            /* per equation: frame column of its add-factor
                               (layout of synth_emit_c), -1 for identities */
    /* Reference solution order: groups of equations; a group of one that is
    ** not in a block is explicit, any other group is solved by Gauss-Seidel. */
    int *order;             /* nendo equation indexes */
    int ngroups;
    int *group_start;       /* ngroups + 1 offsets into order */
    void *arena_;
} synth_model;

int synth_build(const synth_opts *o, synth_model **out);
void synth_free(synth_model *m);

/* Periods: history is periods 0..maxlag (the first maxlag at the exact
** steady state, period `maxlag` simulated), then proj_periods projection
** periods.  synth_nper = opts.maxlag + 1 + proj_periods. */
int synth_nper(const synth_model *m);
int synth_t0(const synth_model *m);     /* first projection period index */

/* Value of exogenous variable v (nendo <= v < nendo+nexo) at period t. */
double synth_exo_value(const synth_model *m, int v, int t);

/* Model-language text (NUL-terminated, *len without the NUL). */
int synth_emit_model(const synth_model *m, char **text, size_t *len);

/* History CSV: endogenous for the history periods, exogenous for all periods
** (the scenario's assumptions), empty cells elsewhere.  `sim` is the output of
** synth_simulate. */
int synth_emit_csv(const synth_model *m, const double *sim, char **text, size_t *len);

/* Hand-written-style C: one function `fname(const double *row,
** const double *p, double *out)` computing G_i (add-factor included) for every
** equation at one period, for polsim's frame layout (endogenous columns, then
** exogenous, then the add-factors of the behavioural equations in equation
** order).  Also defines `<fname>_hash`, the synth_hash of the model text (given
** as `hash`, may be NULL), `<fname>_neq` and `<fname>_nvar`. */
int synth_emit_c(const synth_model *m, const char *fname, const char *hash,
                 char **text, size_t *len);

/* 64-bit FNV-1a of a text as 16 hex digits plus NUL: ties a generated C
** file to the model text it was generated with. */
void synth_hash(const char *text, size_t len, char hex[17]);

/* Frame column of the add-factor of equation i, -1 for identities, under the
** layout above. */
int synth_af_col(const synth_model *m, int i);

/* Reference simulation with all add-factors zero: x[t * (nendo+nexo) + v]
** for every period (malloc'ed, caller frees).  Blocks are solved by
** Gauss-Seidel to 1e-14.  Returns -1 on no memory, -2 when a value goes
** non-finite or a block does not converge. */
int synth_simulate(const synth_model *m, double **x);

/* Largest |y/s - 1| over the endogenous variables of a simulation. */
double synth_max_deviation(const synth_model *m, const double *x);

/* Evaluate an expression at period t of a simulation array (width nendo+nexo). */
double synth_eval(const synth_model *m, const sx *e, const double *x, int t);

#endif
