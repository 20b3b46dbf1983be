/*
** Internal to the stacked and steady-state solvers: one system of equations
** solved by Newton over a window of consecutive periods, with a sparse
** Jacobian factorised by KLU.
**
** A system holds n equations (each determining one endogenous variable, its
** "local" variable i) and the structural non-zeros of dG_i/dy_j(lag) for j
** among its own variables.  Over a window of H periods starting at frame row
** ws the unknowns are y_{j, ws+p} for p = 0..Hu-1, ordered period-major
** (p n + j): Hu = H, or H + lead with the constant-growth terminal rows of
** stacked.h appended for p >= H.  A column outside the window (p + lag < 0
** or >= Hu) is data, read from the frame.  The unknowns live in the frame
** itself while Newton runs, because the VM reads them there.
**
** The steady state is the same thing with H = Hu = 1 on a one-row frame and
** the static forms of the equations (every lag 0).
*/
#ifndef PS_STK_INT_H
#define PS_STK_INT_H

#include <klu.h>

#include "compile/compile.h"
#include "polsim/period.h"

/* Shared by all systems of a workspace: their codes live in one program. */
typedef struct stk_ctx {
    const ps_model *m;
    ps_program *prog;           /* G codes, runs and Jacobian entries */
    int nvar;
    double *stack;              /* prog->max_stack */
    double *gbuf, *jbuf;        /* largest n, largest njac */
    int maxn, maxnjac;
    klu_common klu;
} stk_ctx;

typedef struct stk_sys {
    int n;
    int *eq;                    /* model equation of each row */
    int *col;                   /* frame column of each local variable */
    ps_codeid *gcode;           /* single code of each G_i (diagnosis) */
    int njac;
    int *jrow, *jcol, *jlag;    /* entry k: dG_jrow / dy_jcol(jlag) */
    ps_codeid grun, jrun;       /* all G_i into dst[i]; all entries into dst[k] */
    int stacked;                /* reads a lead of its own variables */
    int lead;                   /* furthest such lead */
    /* the shape of the last window (rebuilt when H or Hu change) */
    int H, Hu, N;
    int *ap, *ai;
    double *ax;
    int *pos;                   /* per contribution: its index in ax, -1 = data */
    klu_symbolic *sym;
    klu_numeric *fac;           /* the factors in use: num or snum */
    klu_numeric *num;           /* a klu_factor of this run */
    klu_numeric *snum;          /* factors with the structural (diagonal)
                                   pivots, kept across runs; see factorise */
    int *lp, *li;               /* klu_extract of snum's L (lp n + 1, li and */
    double *lx;                 /* lx snum's lnz) */
    int pivoted;                /* fac holds pivots chosen in this run: later
                                   factorisations (iterations, periods) reuse
                                   them through klu_refactor */
    double rcond_fresh;         /* klu_rcond of the run's klu_factor */
    double *r, *d, *y0, *w;     /* N each */
    unsigned char *ratio;       /* growth rows: 1 = constant rate, 0 = change */
} stk_sys;

/* How a failure names its period. */
typedef struct stk_where {
    long ord_ws;                /* ordinal of the window's first row */
    ps_freq freq;
    int steady;                 /* 1: "steady state" instead of a period */
} stk_where;

typedef struct stk_solve_opts {
    double tol;
    int max_iter, max_halvings;
} stk_solve_opts;

typedef struct stk_stats {
    long iterations;
    double max_residual;
    long pivot_searches;        /* factorisations by klu_factor */
} stk_stats;

int stk_ctx_init(stk_ctx *c, const ps_model *m, ps_error *err);
void stk_ctx_free(stk_ctx *c);
/* After every system is compiled: the VM stack and the buffers. */
int stk_ctx_finish(stk_ctx *c, ps_error *err);

/* Compile system s: n equations eq[] (already set in s->eq, s->n) with right
** sides g[i] (normal forms), and entries (jrow, jcol, jlag, d[k]).  Takes
** ownership of nothing: copies what it keeps. */
int stk_sys_compile(stk_ctx *c, stk_sys *s, const ps_expr *const *g, int njac,
                    const int *jrow, const int *jcol, const int *jlag,
                    const ps_expr *const *d, ps_error *err);
void stk_sys_free(stk_ctx *c, stk_sys *s);

/* Forget the pivots of earlier runs: the next factorisation chooses them
** afresh (klu_factor), so a run's result depends on its own data only. */
void stk_sys_new_run(stk_sys *s);

/* Solve s over the window of H periods at frame row ws of W (width c->nvar),
** growth rows appended when growth is set (Hu = H + s->lead). */
int stk_sys_solve(stk_ctx *c, stk_sys *s, double *W, int ws, int H, int growth,
                  const double *params, const stk_solve_opts *o, const stk_where *where,
                  stk_stats *st, ps_error *err);

/* Endogenous (symbol, lag) pairs a right side reads, appended (without
** repeats) to a growing list of int pairs v[2k], v[2k+1]. */
typedef struct stk_pairs {
    int *v;
    size_t n, cap;              /* ints used and allocated */
} stk_pairs;
int stk_collect(const ps_model *m, const ps_expr *e, stk_pairs *P);

/* Growing arrays of Jacobian entries (row, col, lag, derivative). */
typedef struct stk_entries {
    int *row, *col, *lag;
    const ps_expr **d;
    int n, cap;
} stk_entries;
int stk_entries_push(stk_entries *E, int row, int col, int lag, const ps_expr *d);
void stk_entries_free(stk_entries *E);

#endif
