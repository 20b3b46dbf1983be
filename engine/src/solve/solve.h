/*
** The period-by-period solver.
**
** For each period t in [t0, t1] and each block of the program in order:
** an explicit block is one evaluation y = G(...); a simultaneous block is
** solved by Newton on r(y) = y - G(y) = 0 with the analytic Jacobian
** J = I - dG/dy, factorised for small blocks along a pivot order fixed from
** the block's structure in ps_solver_new (falling back to a dense LU with
** partial pivoting when a pivot is too small for the values at hand), and by
** KLU (SuiteSparse) for blocks of at least opts.sparse_min equations, whose
** symbolic analysis is done once in ps_solver_new and reused for every
** iteration and period.  With opts.reuse_jacobian (the default) each block
** keeps its factorised Jacobian across iterations and periods and
** re-evaluates it only when a step with it does not shrink the residual
** fast enough; factors are forgotten at the start of every run.  A step that
** does not reduce the weighted norm sqrt(sum (r_i / (1 + |y_i|))^2) is halved
** (up to opts.max_halvings times).  docs/solver.md has the details.
**
** Starting values: the frame's value at t if finite, else its value at t-1,
** else 1.
**
** Failures (no convergence, a singular Jacobian, NaN/Inf, log of a
** non-positive number ...) return PS_ERR_SOLVE or PS_ERR_DOMAIN with the
** equation, variable, period and residual in err; periods before the failing
** one keep their solved values, and the failing block's variables get back
** the values they had before its solve.  The solver calls no GSL routine:
** small blocks are factorised by its own LU (solve/linear.c), large ones by
** KLU, whose every status is checked.
**
** Ownership: the solver workspace is owned by the caller (ps_solver_free,
** NULL-safe); it borrows the program, which must outlive it.  All memory the
** solve needs is allocated in ps_solver_new: ps_solver_run allocates nothing
** itself.  (KLU allocates its numeric factors in klu_factor, called once per
** sparse block at the first iteration of each run so that a run's pivots
** depend on its own data only, and again only if the refactorisation degrades.)
** A workspace is not thread-safe; use one per thread.
*/
#ifndef POLSIM_SOLVE_H
#define POLSIM_SOLVE_H

#include "compile/compile.h"
#include "frame/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_solve_opts {
    double tol;                 /* max |r_i| accepted, scaled: |r_i| <= tol*(1+|y_i|); 1e-10 */
    int max_iter;               /* Newton iterations per block and period; 50 */
    int max_halvings;           /* step halvings when ||r|| does not fall; 10 */
    int sparse_min;             /* blocks this large use KLU; 50 */
    int reuse_jacobian;         /* 1: keep each block's factorised Jacobian across
                                   iterations and periods while the residual falls
                                   fast (simplified Newton); 0: evaluate and
                                   factorise it at every iteration; 1 */
} ps_solve_opts;

void ps_solve_opts_init(ps_solve_opts *o);

typedef struct ps_solve_diag {
    int periods;                /* periods solved */
    long explicit_evals;        /* explicit-block evaluations */
    long blocks_solved;         /* simultaneous block solves */
    long newton_iterations;     /* total Newton iterations */
    int max_iterations;         /* most iterations of any block solve */
    long halvings;              /* damped (halved) steps */
    double max_residual;        /* largest final scaled residual */
    int sparse_blocks;          /* block solves done with KLU (counted like
                                   blocks_solved) */
    long pivot_searches;        /* stacked solver: factorisations that chose
                                   pivots (klu_factor) rather than reused
                                   known ones (solver.md, "KLU") */
} ps_solve_diag;

typedef struct ps_solver ps_solver;

int ps_solver_new(const ps_program *p, const ps_solve_opts *opts, ps_solver **out,
                    ps_error *err);
void ps_solver_free(ps_solver *s);

/* Solve period indexes [t0, t1] of frame f in place (f->nvar must equal
** p->nvar and t0 >= p->maxlag).  `params` holds p->nparam values.  diag may
** be NULL; it is reset then accumulated. */
int ps_solver_run(ps_solver *s, ps_frame *f, const double *params, int t0, int t1,
                  ps_solve_diag *diag, ps_error *err);

/* Add-factors that make each behavioural equation hold exactly on the data in
** f for period indexes [t0, t1]:  y_a = T(y) - T(G with y_a = 0).  Periods
** where the equation's inputs or y are missing leave y_a missing (NaN).
** Data outside the left-side transform's domain (log(y) with y <= 0, pct(y)
** after y = 0) is PS_ERR_DOMAIN naming equation, variable and period.  An
** empty range (t1 < t0) does nothing; otherwise t0 >= p->maxlag. */
int ps_addfactors_compute(const ps_program *p, ps_frame *f, const double *params,
                          int t0, int t1, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
