/*
** Monte Carlo over a scenario: the analysis layer (docs/internals.md).
**
** ps_mc_run takes a scenario and an uncertainty description (parameter and
** exogenous-input distributions, historical residual shocks), runs `draws`
** projections of the scenario in C over `threads` worker threads, and keeps
** the solved values of the recorded series for every draw.  Statistics are
** then read from the kept values (ps_mc_mean, ps_mc_quantile, ps_mc_prob ...).
**
** The draw loop: each worker thread owns a workspace made once up front (a
** copy of the scenario's prepared frame, its own solver workspace, parameter
** vector and random stream); a draw copies the scenario's horizon rows and
** parameters into it, applies the draw's changes, solves and writes the
** recorded values at the draw's index.  Names are resolved to frame slots
** before the loop; a draw allocates nothing, calls no Lua and looks up no
** string.
**
** Reproducibility: draw d's random numbers come from its own stream, the
** Philox4x32-10 counter-based generator keyed by the seed with d in the
** counter (docs/decisions.md), and every statistic is computed from the
** values in draw order after the loop.  The same seed therefore gives the
** same bytes whatever the number of threads.
**
** A draw that fails (no convergence, log of a non-positive number ...) is
** counted, its values are NaN and it is left out of every statistic; the
** error of the first failing draw (lowest index) is kept.
**
** Units: values are in the series' own units; growth is
** 100 * (x(t) / x(t-1) - 1) percent, as compare.h defines it (the period
** before the horizon is the scenario's own, identical in every draw).
**
** Ownership: ps_mc_run returns a ps_mc owned by the caller (ps_mc_free,
** NULL-safe).  It copies what it needs from the options; the scenario and
** its project must outlive the run call only.  Accessors returning strings
** borrow from the ps_mc.
*/
#ifndef POLSIM_MONTECARLO_H
#define POLSIM_MONTECARLO_H

#include <stdint.h>
#include "scenario/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The JSON document ps_mc_write_json writes (docs/output-format.md). */
/* PS_MC_SCHEMA and PS_MC_SCHEMA_VERSION (the JSON mc:write writes) are in
** polsim/output.h with the other file schemas: the report reads the files. */

#define PS_MC_MAX_DRAWS 10000000L        /* draws per run */
#define PS_MC_MAX_THREADS 64
#define PS_MC_MAX_BYTES ((size_t)1 << 30) /* kept values (8 bytes each) per run */
#define PS_MC_MAX_CHOICE 100000          /* values of a `choice` distribution */
#define PS_MC_MAX_KEPT 20000000L         /* draws x periods x kept series written out */

typedef enum ps_dist_kind {
    PS_DIST_NORMAL,         /* a = mean, b = sd (> 0) */
    PS_DIST_LOGNORMAL,      /* a = mu, b = sigma (> 0) of log x */
    PS_DIST_UNIFORM,        /* a = min < b = max */
    PS_DIST_TRIANGULAR,     /* a = min <= c = mode <= b = max, a < b */
    PS_DIST_TRUNCNORMAL,    /* a = mean, b = sd (> 0) of the parent normal, truncated
                               to [c = min, d = max] (c < d; +-INFINITY allowed) */
    PS_DIST_CHOICE          /* one of values[0..nvalues-1], equally likely */
} ps_dist_kind;

typedef struct ps_dist {
    ps_dist_kind kind;
    double a, b, c, d;
    const double *values;   /* CHOICE only; copied by ps_mc_run */
    int nvalues;
} ps_dist;

/* Check a distribution's parameters; on error err says which one is wrong
** and what would be right ("sd must be > 0, got -1").  `what` names the
** input in the message ("parameter 'c0'"). */
int ps_dist_check(const ps_dist *d, const char *what, ps_error *err);

/* Name of a kind as scripts write it ("normal", "truncnormal", ...). */
const char *ps_dist_name(ps_dist_kind k);

typedef struct ps_mc_param {
    int sym;                /* a parameter of the scenario's model */
    ps_dist dist;           /* the parameter's value in each draw */
} ps_mc_param;

typedef enum ps_mc_exo_mode {
    PS_MC_LEVEL,            /* x(t) = a draw, independently in each period */
    PS_MC_SHIFT             /* x(t) = scenario's x(t) + e(t), e(t) = rho e(t-1) + u(t),
                               e(before from) = 0, u(t) drawn in each period */
} ps_mc_exo_mode;

typedef struct ps_mc_exo {
    int sym;                /* an exogenous series or add-factor */
    ps_dist dist;
    ps_mc_exo_mode mode;
    double rho;             /* SHIFT: persistence, |rho| <= 1 */
    long from, to;          /* ordinals inside the scenario's horizon */
} ps_mc_exo;

typedef enum ps_mc_resid {
    PS_MC_RESID_NONE,
    PS_MC_RESID_BOOTSTRAP,  /* each horizon period adds the centred add-factors of
                               one history year drawn with replacement (all
                               equations from the same year) */
    PS_MC_RESID_NORMAL      /* each period adds a N(0, S) vector, S the covariance of
                               the historical add-factors */
} ps_mc_resid;

typedef struct ps_mc_opts {
    long draws;             /* 1 .. PS_MC_MAX_DRAWS */
    uint64_t seed;
    int threads;            /* 1 .. PS_MC_MAX_THREADS */
    const ps_mc_param *params;
    int nparams;
    const ps_mc_exo *exo;
    int nexo;
    ps_mc_resid residuals;
    const int *record;      /* series symbols whose values are kept; NULL: every
                               endogenous variable (and the drawn exogenous ones) */
    int nrecord;
    const int *keep;        /* series whose every draw ps_mc_write_json writes out
                               (recorded too, whatever `record` says) */
    int nkeep;
} ps_mc_opts;

void ps_mc_opts_init(ps_mc_opts *o);    /* 1000 draws, seed 1, 1 thread, nothing drawn */

typedef struct ps_mc ps_mc;

/* Run the draws.  Errors: bad options (PS_ERR_USAGE: a symbol of the wrong
** kind, a bad distribution, periods outside the horizon, draws or threads out
** of range), a scenario with per-period rules (they are Lua callbacks, and
** the draw loop runs none), residuals without a usable history (PS_ERR_DATA),
** storage beyond PS_MC_MAX_BYTES (PS_ERR_LIMIT), a scenario whose inputs
** cannot be prepared.  Failing draws are not an error. */
int ps_mc_run(ps_scenario *s, const ps_mc_opts *o, ps_mc **out, ps_error *err);
void ps_mc_free(ps_mc *mc);

long ps_mc_draws(const ps_mc *mc);
long ps_mc_failed(const ps_mc *mc);
/* The error of the first failing draw, and its index; NULL / -1 when none. */
const ps_error *ps_mc_first_failure(const ps_mc *mc, long *draw);
/* History years whose add-factors the residual shocks use (ordinals), and
** how many; equations used; NULL / 0 without residual shocks. */
const long *ps_mc_residual_years(const ps_mc *mc, int *n);
int ps_mc_residual_equations(const ps_mc *mc);

/* Horizon [from, to] (ordinals) and the recorded series. */
void ps_mc_horizon(const ps_mc *mc, long *from, long *to);
int ps_mc_nrecord(const ps_mc *mc);
int ps_mc_record_sym(const ps_mc *mc, int k);
/* Index k of symbol sym among the recorded series, -1 when not recorded. */
int ps_mc_record_index(const ps_mc *mc, int sym);

/* Value of recorded series k in period ordinal p of draw d (growth: percent);
** NaN for a failed draw. */
double ps_mc_value(const ps_mc *mc, int k, long p, long d, int growth);

/* Statistics over the successful draws.  Errors: k or p out of range
** (PS_ERR_USAGE), q outside [0, 1], no successful draw (PS_ERR_DATA). */
int ps_mc_mean(const ps_mc *mc, int k, long p, int growth, double *out, ps_error *err);
int ps_mc_sd(const ps_mc *mc, int k, long p, int growth, double *out, ps_error *err);
/* Quantile by linear interpolation between order statistics
** (Hyndman & Fan type 7, R's and numpy's default). */
int ps_mc_quantile(const ps_mc *mc, int k, long p, int growth, double q, double *out,
                   ps_error *err);

typedef enum ps_mc_op { PS_MC_GE, PS_MC_LE, PS_MC_GT, PS_MC_LT } ps_mc_op;
/* Share of the successful draws with value OP x. */
int ps_mc_prob(const ps_mc *mc, int k, long p, int growth, ps_mc_op op, double x,
               double *out, ps_error *err);

/* Write the JSON document of docs/output-format.md ("polsim.montecarlo"):
** metadata, the uncertainty description, mean, sd and quantiles
** 5/10/25/50/75/90/95 of every recorded series (levels and growth) and
** period, and every draw of the `keep` series of the options.  Atomic.
** Deterministic: no time, no thread count. */
int ps_mc_write_json(const ps_mc *mc, const char *path, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
