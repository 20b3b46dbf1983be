/*
** Dynare .mod files, the deterministic subset (docs/dynare.md): a second front
** end that translates a .mod file into the polsim model language, so that the
** model it describes goes through the one parser, analysis, compiler and
** solvers (ps_model_parse_file reads NAME.mod through it).
**
** Equations: Dynare's `lhs = rhs` names no determined variable.  Each
** equation is matched to an endogenous variable that appears in it at lag 0
** (a maximum bipartite matching by augmenting paths, the equation's bare
** left-side variable `y` or `log(y)` tried first).  An equation whose left side
** is that variable keeps its form (`y = rhs`, `log(y) = rhs`); any other is
** written `y = y + ((lhs) - (rhs))`, whose residual y - RHS is Dynare's own
** residual -(lhs - rhs), so Newton (period by period or stacked) solves the
** same system.  Every equation is an identity (no add-factor), as in Dynare.
**
** Ownership: ps_dynare_read_* return a ps_dynare owned by the caller
** (ps_dynare_free, NULL-safe); its strings and arrays are its own.
** Periods: Dynare's period 0 is the initial state, 1..periods the simulation,
** periods+1 the terminal state.
*/
#ifndef POLSIM_DYNARE_H
#define POLSIM_DYNARE_H

#include <stddef.h>

#include "polsim/error.h"
#include "frame/frame.h"
#include "model/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_dynare_shock {
    int exo;                    /* index into exo[] */
    int first, last;            /* Dynare periods, 1-based, inclusive */
    double value;
} ps_dynare_shock;

typedef struct ps_dynare {
    char *native;               /* the model in the polsim language (NUL-ended) */
    size_t native_len;
    char *name;                 /* the file's base name without .mod */
    int nendo, nexo;
    char **endo, **exo;         /* declaration order (Dynare's M_.endo_names) */
    /* initval / endval / histval values; NaN where not given */
    double *init_endo, *init_exo, *end_endo, *end_exo, *hist_endo;
    int has_initval, has_endval, has_histval;
    int init_steady, end_steady; /* `steady;` after initval / after endval */
    int periods;                /* perfect_foresight_setup(periods=N); 0 if absent */
    int solver;                 /* perfect_foresight_solver seen */
    double tolf;                /* its tolf option, 0 if absent */
    int maxit;                  /* its maxit option, 0 if absent */
    int nshocks;
    ps_dynare_shock *shocks;
    int maxlead;                /* largest lead of any endogenous or exogenous variable */
    /* where the equations come from: equation e is line first_eq_line + e of
    ** native, and starts at eq_line[e]:eq_col[e] of the .mod file */
    int neq, first_eq_line;
    int *eq_line, *eq_col;
    /* histval before period 0 (models with lags longer than one): the value
    ** of endogenous i at period -k, k = 1..hist_depth, is
    ** hist_lag[(k - 1) * nendo + i]; NaN where not given.  hist_endo above
    ** is period 0.  hist_depth is below the model's deepest lag (checked). */
    int hist_depth;
    double *hist_lag;
} ps_dynare;

/* Read a .mod file / text.  Statements outside the subset are refused with
** PS_ERR_UNSUPPORTED, syntax errors are PS_ERR_SYNTAX, undeclared names and
** unmatched equations PS_ERR_SEMANTIC; err carries file:line:col. */
int ps_dynare_read_file(const char *path, ps_dynare **out, ps_error *err);
int ps_dynare_read_string(const char *src, size_t len, const char *filename,
                          ps_dynare **out, ps_error *err);
void ps_dynare_free(ps_dynare *d);

/* True when path ends in ".mod". */
int ps_dynare_is_mod(const char *path);

#ifdef __cplusplus
}
#endif

#endif
