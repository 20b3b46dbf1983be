/*
** Exact attribution: which group of input changes contributed how much of the
** difference between two scenarios, by Shapley values over the groups.
**
** Two scenarios `base` and `alt` of one project and one horizon differ in their
** inputs: exogenous paths (levers included), add-factors and parameters.  Each
** group names some of these inputs; "switching a group on" gives those inputs
** their values in `alt` (every period where alt and base differ), the others
** keep base's.  For K groups the game v(S) is the run with the groups of S
** switched on, and the Shapley value of group i is
**
**     phi_i = sum over S not holding i of |S|! (K-|S|-1)! / K! (v(S+i) - v(S))
**
** for every variable and period, on levels and (separately, since growth is
** not linear in levels) on growth rates in percentage points.  The phi_i sum
** to v(all) - v(none) = alt - base.
**
** Inputs that differ but are named by no group form one more group, named
** "other" (PS_ATTR_OTHER), unless `strict` is set, when they are an error
** naming them.  Scenarios with per-period rules are refused: a rule may set
** inputs from solved values, so its changes belong to no group.
**
** Exact (2^K runs) for K <= PS_ATTR_EXACT_MAX, or when asked; otherwise a
** sampled estimate: `samples` random orderings of the groups (permutations
** drawn from a GSL Mersenne Twister seeded with `seed`), each giving every
** group its marginal contribution when it joins the groups before it; phi_i
** is their mean and se_i the standard error of the mean.  The marginals of one
** ordering telescope to alt - base, so sampled contributions sum to the total
** too.
**
** The runs solve one working frame in place with the project's solver (no
** allocation, no Lua per run).  They use the project's solver workspace: do
** not run two analyses of one project at the same time.
**
** Ownership: ps_attribute returns an attribution owned by the caller
** (ps_attribution_free, NULL-safe); it holds copies of every name.
*/
#ifndef POLSIM_ATTRIBUTE_H
#define POLSIM_ATTRIBUTE_H

#include "scenario/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_ATTR_EXACT_MAX 12
#define PS_ATTR_GROUPS_MAX 64
#define PS_ATTR_OTHER "other"
#define PS_ATTR_RUNS_MAX 10000000L  /* runs of a sampled estimate (samples x groups) */

typedef struct ps_attr_group {
    const char *name;
    const char *const *inputs;      /* names of exogenous series, add-factors or
                                       parameters */
    int ninputs;
} ps_attr_group;

typedef enum ps_attr_method {
    PS_ATTR_AUTO = 0,               /* exact when K <= PS_ATTR_EXACT_MAX */
    PS_ATTR_EXACT,
    PS_ATTR_SAMPLED
} ps_attr_method;

typedef struct ps_attr_opts {
    ps_attr_method method;
    long samples;                   /* orderings when sampled; 0 = 1000 */
    unsigned long seed;             /* sampled only; 0 = 1 */
    int strict;                     /* unlisted differences are an error */
} ps_attr_opts;

typedef struct ps_attribution {
    char *base_name, *alt_name;
    char *model_name, *model_hash;
    ps_freq freq;
    long start;                     /* ordinal of the first horizon period */
    int nper;                       /* horizon periods */
    int nvar;                       /* every series of the model, slot order */
    char **vars, **units;
    char **labels_zh, **units_zh;   /* the model's Chinese texts; "" when none */
    int ngroup;                     /* user groups, then "other" when formed */
    char **groups;
    int *ninputs;                   /* per group: inputs named (or found) */
    char ***inputs;
    int sampled;                    /* 0 exact, 1 sampled */
    long samples;                   /* orderings (sampled) */
    unsigned long seed;
    long runs;                      /* model solves done */
    /* Levels of base and alt over the horizon with the period before it:
    ** base[(t + 1) * nvar + v] for horizon period t = -1 .. nper-1. */
    double *base, *alt;
    /* Contributions: contrib[(g * nper + t) * nvar + v]; growth_contrib the
    ** same in percentage points of growth.  se/growth_se: standard errors of
    ** the sampled estimate, NULL when exact. */
    double *contrib, *growth_contrib, *se, *growth_se;
    void *pool_;                    /* internal */
} ps_attribution;

/* Decompose alt - base.  opts may be NULL (defaults).  Errors: different
** projects or horizons, a scenario with rules, a group name repeated or
** empty, an input unknown, endogenous or in two groups, K = 0 or more than
** PS_ATTR_GROUPS_MAX groups, exact asked beyond 20 groups (2^20 runs), a
** run that fails (the message names the groups switched on). */
int ps_attribute(ps_scenario *base, ps_scenario *alt, const ps_attr_group *groups,
                 int ngroup, const ps_attr_opts *opts, ps_attribution **out,
                 ps_error *err);
void ps_attribution_free(ps_attribution *a);

/* Group index by name, variable column by name: -1 when absent. */
int ps_attribution_group(const ps_attribution *a, const char *name);
int ps_attribution_var(const ps_attribution *a, const char *name);

/* Total alt - base of variable v at horizon period index t (0..nper-1);
** growth: in percentage points of growth. */
double ps_attribution_total(const ps_attribution *a, int v, int t, int growth);

/* JSON (docs/output-format.md, "Attribution files"), written atomically. */
int ps_attribution_write_json(const ps_attribution *a, const char *path, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
