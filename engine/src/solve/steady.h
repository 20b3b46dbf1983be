/*
** Steady states: the static model, y = G(y, y, ..., y) with every lag and
** lead of every series replaced by its current value, solved by Newton with
** KLU for all endogenous variables at once (exogenous variables and
** add-factors fixed at the values given).
**
** Saddle-path check (ps_steady_bk): the model linearised at a steady state,
**     sum_{l=-L..F} A_l dy_{t+l} = 0,   A_l = d r / d y(l),  r = y - G,
** in companion form B x_{t+1} = A x_t with x_t = (y_{t-L}, ..., y_{t+F-1}),
** and the generalised eigenvalues of the pencil (A, B) by GSL's QZ
** (gsl_eigen_gen; infinite ones where B is singular).  A unique stable
** solution needs as many eigenvalues of modulus above 1 (infinite included)
** as there are forward components, n F (Blanchard and Kahn 1980; Klein
** 2000, with every variable at every lag and lead in the state, static and
** absent ones giving zero and infinite roots that keep the count).
**
** Ownership: ps_steady_new borrows the model and analysis (they outlive
** it) and returns a workspace owned by the caller (ps_steady_free,
** NULL-safe).  Not thread-safe.
*/
#ifndef POLSIM_STEADY_H
#define POLSIM_STEADY_H

#include "analyse/analyse.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_steady ps_steady;

typedef struct ps_steady_report {
    int iterations;             /* Newton iterations */
    double max_residual;        /* largest |r_i| / (1 + |y_i|) at the solution */
    int worst_eq;               /* its equation, -1 when there are none */
} ps_steady_report;

/* The eigenvalue count of the saddle-path check. */
typedef struct ps_bk {
    int checked;                /* 0: not done (see note) */
    int dim;                    /* size of the companion pencil, n (L + F) */
    int explosive;              /* eigenvalues with |lambda| > 1 + 1e-6 (incl. infinite) */
    int unit;                   /* |lambda| within 1e-6 of 1 */
    int required;               /* forward components n F */
    int ok;                     /* explosive == required and unit == 0 */
    char note[256];             /* a sentence on the outcome */
} ps_bk;

/* Largest companion pencil ps_steady_bk factorises (QZ is O(dim^3)). */
#define PS_BK_MAX_DIM 800

int ps_steady_new(const ps_model *m, const ps_analysis *a, ps_steady **out, ps_error *err);
void ps_steady_free(ps_steady *s);

/* Solve the static model.  `row` holds m->nseries values: exogenous series and
** add-factors are read (NaN add-factors count as 0), endogenous ones are the
** starting values (NaN: 1) and receive the solution.  tol and max_iter as in
** the stacked solver (<= 0: 1e-10 and 50).  On failure row is unchanged and
** err names the worst equation (PS_ERR_SOLVE / PS_ERR_DOMAIN). */
int ps_steady_solve(ps_steady *s, double *row, const double *params, double tol,
                    int max_iter, ps_steady_report *rep, ps_error *err);

/* Static residual r_i = y_i - G_i of every equation at `row` into res[neq]
** (NaN where not finite). */
void ps_steady_residuals(ps_steady *s, const double *row, const double *params, double *res);

/* Saddle-path count at the steady state `row` (see above).  bk->checked is 0
** with a note when the pencil is larger than PS_BK_MAX_DIM, the model has
** no lead, or the pencil is singular (no finite count).  Errors only for
** out-of-memory. */
int ps_steady_bk(ps_steady *s, const double *row, const double *params, ps_bk *bk,
                 ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
