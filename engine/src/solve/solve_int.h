/*
** Internal to the solve module: the workspace and the steps of a block solve.
**
** Everything a run touches is allocated in ps_solver_new and sized for the
** largest block, so the period loop and the Newton loop allocate nothing.
** The one exception is KLU's numeric factorisation (klu_factor), which KLU
** allocates itself: it happens once per sparse block at the first Newton
** iteration of each run (and again only when a refactorisation degrades); every
** later refactorisation reuses it through klu_refactor.
**
** Jacobian reuse (opts.reuse_jacobian): each simultaneous block keeps its
** factorised J (dense: its own LU buffer; sparse: its KLU numeric object)
** across Newton iterations and periods.  An iteration first tries the full
** simplified-Newton step with those factors and keeps it when the weighted
** residual norm falls by at least PS_SOLVE_REUSE_RATE (or the block
** converges); otherwise the trial is undone and the iteration evaluates and
** factorises J afresh and takes the ordinary damped step.  All factors are
** forgotten at the start of each run, so a run's result depends only on its
** inputs.
*/
#ifndef PS_SOLVE_INT_H
#define PS_SOLVE_INT_H

#include <stddef.h>
#include <klu.h>

#include "solve/solve.h"

/* Dense LU: a pivot smaller than this fraction of the largest pivot means the
** Jacobian is singular to working precision (steps would be noise). */
#define PS_SOLVE_PIVOT_RATIO_MIN 1e-14

/* Small blocks (static_lu.c): a diagonal pivot chosen from the structure is
** used only while it is at least this fraction of the largest entry below it
** in its column (threshold partial pivoting: each step grows the entries by
** at most 1 + 1/0.1 = 11); else the dense LU with partial pivoting runs. */
#define PS_SOLVE_STATIC_PIVOT_TOL 0.1

/* KLU: refactorisation with the old pivot order is kept while its crude
** reciprocal condition number stays within this factor of the one the fresh
** factorisation had; below it the pivots are chosen again (klu_factor). */
#define PS_SOLVE_REFACTOR_DROP 1e-3

/* A step with kept factors is accepted when it multiplies the weighted
** residual norm sqrt(merit) by at most this.  Simplified Newton converges
** linearly; slower than this it needs more residual rounds than fresh
** Jacobians cost (measured: Yangzhou's block, 0.01..0.25, best 0.03..0.05;
** the synthetic models' blocks contract by ~1e-3 and do not care). */
#define PS_SOLVE_REUSE_RATE 0.05

/* How many equation labels a message lists before "and N more". */
#define PS_SOLVE_LIST_MAX 4

/* KLU data of one sparse block: J = I - dG/dy in compressed-column form. */
typedef struct ps_sparse {
    int n, nnz;
    int *ap, *ai;               /* column pointers (n+1), row indices (nnz) */
    double *ax;                 /* values (nnz) */
    int *jpos;                  /* per Jacobian entry: its index in ax */
    int *dpos;                  /* per row i: index of J(i,i) in ax */
    klu_symbolic *sym;          /* from klu_analyze in ps_solver_new */
    klu_numeric *num;           /* from klu_factor; NULL until the first one */
    double rcond_fresh;         /* klu_rcond right after the last klu_factor */
    int fresh;                  /* 1 once factorised in the current run */
} ps_sparse;

/* LU plan of a small block along a pivot order fixed by its structure. */
typedef struct ps_slu ps_slu;

/* The linear-algebra state of one simultaneous block, together so that a
** block solve, which happens once a period for each block among thousands
** of other equations, finds it in one cache line instead of six. */
typedef struct ps_bstate {
    ps_sparse *sparse;          /* NULL unless the block is sparse (KLU) */
    ps_slu *slu;                /* NULL unless dense */
    double *lu;                 /* dense: its n x n slice of lu */
    size_t *perm;               /* dense: its slice of perm */
    unsigned char piv;          /* dense: 1 = factors by partial pivoting
                                   (dense_lu), 0 = along the structural plan */
    unsigned char jok;          /* factors valid in the current run */
} ps_bstate;

struct ps_solver {
    const ps_program *p;
    ps_solve_opts opts;
    double *stack;              /* p->max_stack doubles for ps_vm_eval */
    int maxn;                   /* largest simultaneous block */
    double *y, *y0, *r, *rt, *d, *w;   /* block vectors, maxn each */
    double *g;                  /* G_i values of a block's run, maxn */
    double *pext;               /* the parameters, then the hoisted invariants
                                   (p->nparam + p->ninv): what block runs read */
    int jinv_ok;                /* the current block's J invariants are computed */
    int d_is_step;              /* d = J^-1 r for the current r and kept factors
                                   (correction_small computed it) */
    double *jv;                 /* Jacobian entry values, largest njac */
    int maxdense;               /* largest block factorised densely */
    double *lu;                 /* sum of n^2 over dense blocks: their factors */
    size_t *perm;               /* sum of n over dense blocks: row permutations */
    ps_bstate *bs;              /* per program block (used for simultaneous
                                   ones): all a block solve touches of the
                                   workspace, in one place */
    klu_common klu;
};

/* State of one period's solve, passed down to block solves. */
typedef struct ps_run {
    ps_solver *s;
    ps_frame *f;
    const double *params;
    double *pext;               /* s->pext, the parameters copied in */
    int t;
    double *row;                /* &f->data[t * nvar] */
    ps_solve_diag *diag;        /* never NULL inside the run */
    ps_error *err;
} ps_run;

/* newton.c: solve simultaneous block b for the run's period. */
int ps_solve_newton(ps_run *run, int b);

/* linear.c: fill J = I - dG/dy from the Jacobian values `jv` (one per
** entry of block b) and factorise it into block b's own storage, setting
** s->jok[b] on success.  Returns PS_OK, or PS_ERR_SOLVE (singular; *bad_col
** is the block column of the failing pivot, -1 when unknown), PS_ERR_NOMEM,
** or PS_ERR_INTERNAL (an unexpected KLU status, left in *lib_status). */
int ps_solve_factor(ps_solver *s, int b, const double *jv, int *bad_col, int *lib_status);

/* linear.c: solve J d = r with block b's stored factors.  PS_OK, PS_ERR_SOLVE
** (the step is not finite), or PS_ERR_INTERNAL (KLU status in *lib_status). */
int ps_solve_apply(ps_solver *s, int b, const double *r, double *d, int *lib_status);

/* linear.c: KLU workspace of a sparse block (pattern of J and its symbolic
** analysis), built at alloc.  ps_sparse_free is NULL-safe. */
int ps_sparse_build(ps_solver *s, const ps_pblock *pb, ps_sparse **out, ps_error *err);
void ps_sparse_free(ps_solver *s, ps_sparse *sp);

/* static_lu.c: plan built at alloc (PS_OK or PS_ERR_NOMEM; ps_slu_free is
** NULL-safe).  ps_slu_factor fills `a` (the block's buffer, row-major n x n)
** with J and factorises it in place along the plan, then packs the factors
** into the plan in the order ps_slu_solve reads them; returns 0 when a pivot
** fails the threshold or ratio test (use the dense LU with partial pivoting
** instead), 1 when ps_slu_solve may solve J d = r with those factors. */
int ps_slu_build(const ps_pblock *pb, ps_slu **out);
void ps_slu_free(ps_slu *f);
int ps_slu_factor(ps_slu *f, const ps_pblock *pb, const double *jv, double *a);
void ps_slu_solve(const ps_slu *f, const double *r, double *d);

/* report.c: error messages (cold path).  Each clears err, then fills the
** message and the context (equation, variable, period, residual).
** report_domain: G (wrt_sym < 0) or dG/d(wrt_sym) of equation eq is not
** finite at the current row; `when` (may be NULL) is appended to the period. */
void ps_solve_period_label(const ps_run *run, char *buf, size_t n);
int ps_solve_report_domain(ps_run *run, int eq, int wrt_sym, ps_codeid code,
                           const char *when);
int ps_solve_report_noconv(ps_run *run, int b, const double *r, int iters);
int ps_solve_report_singular(ps_run *run, int b, int bad_col);
int ps_solve_report_nomem(ps_run *run);
/* A run's finiteness flag and the values it stored disagree (cannot happen;
** an internal error rather than an out-of-range index if it ever does). */
int ps_solve_report_lost_culprit(ps_run *run);

#endif
