/*
** Analysis: normalised equations, contemporaneous incidence, blocks and
** symbolic derivatives.
**
** Normalisation inverts each left-side transform so that every equation reads
**     y = G(...)          with the add-factor inside G:
**   level  y = rhs + y_a
**   log    y = exp(rhs + y_a)
**   diff   y = y(-1) + rhs + y_a
**   pct    y = y(-1) * (1 + (rhs + y_a) / 100)
** (identities: the same without y_a).
**
** Blocks.  The contemporaneous incidence graph has an edge from equation i to
** equation j when G_i uses, at lag 0, the variable equation j determines.  Its
** strongly connected components (Tarjan) in dependency order form the blocks:
** a block of one equation that does not use its own variable at lag 0 is
** EXPLICIT (evaluated directly); every other block is SIMULTANEOUS and solved
** by Newton on  r_i(y) = y_i - G_i(y) = 0.
**
** Derivatives.  For each simultaneous block, every structurally non-zero
** dG_i/dy_j (j in the block, lag 0) is derived symbolically and simplified.
**
** Ownership: ps_analyse returns a ps_analysis owned by the caller
** (ps_analysis_free, NULL-safe).  Its expressions live in its own arena and may
** point into the model's expressions, so the model must outlive the analysis.
*/
#ifndef POLSIM_ANALYSE_H
#define POLSIM_ANALYSE_H

#include "model/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_block_kind {
    PS_BLOCK_EXPLICIT,
    PS_BLOCK_SIMULTANEOUS
} ps_block_kind;

typedef struct ps_jac_entry {
    int row, col;               /* positions within the block (0..n-1) */
    ps_expr *d;                 /* dG_row / dy_col, simplified */
} ps_jac_entry;

typedef struct ps_block {
    ps_block_kind kind;
    int n;                      /* equations in the block */
    int *eqs;                   /* equation indices, n of them */
    int njac;                   /* structural non-zeros of dG/dy (simultaneous) */
    ps_jac_entry *jac;          /* row-major order; NULL for explicit blocks */
} ps_block;

typedef struct ps_analysis {
    int neq;
    ps_expr **normal;           /* per equation: G such that y = G */
    int nblocks;
    ps_block *blocks;           /* in solution order (dependencies first) */
    int nsimultaneous;          /* blocks of kind SIMULTANEOUS */
    int simultaneous_eqs;       /* equations inside simultaneous blocks */
    int largest_block;          /* size of the largest block */
    int *block_of;              /* per equation: index of its block */
    void *internal_;            /* arena; do not touch */
} ps_analysis;

/* Deepest expression (in nodes from root to leaf) ps_analyse accepts; a deeper
** right side is rejected with PS_ERR_LIMIT.  Simplification, derivatives and
** code generation recurse on the tree, and this bound keeps that recursion
** well inside a thread's stack (a sum of a few thousand terms is fine). */
#define PS_ANALYSE_MAX_DEPTH 10000

/* Normalise, block and differentiate a model.  Errors: PS_ERR_USAGE for a
** malformed model (a hand-built IR with a bad symbol index, an equation whose
** variable is not endogenous, ...),
** PS_ERR_LIMIT for an expression deeper than PS_ANALYSE_MAX_DEPTH,
** PS_ERR_NOMEM.  Runs in time linear in the size of the model (plus the
** derivatives of simultaneous blocks). */
int ps_analyse(const ps_model *m, ps_analysis **out, ps_error *err);
void ps_analysis_free(ps_analysis *a);

/* ---- building blocks, exposed for tests and tools ---- */

/* Tarjan's strongly connected components of a directed graph with n nodes
** given in CSR form (successors of node v are adj[start[v] .. start[v+1]-1]).
** Fills comp[v] with a component number such that every edge u -> w has
** comp[u] >= comp[w]: numbering in increasing order lists a component after
** every component it reaches ("dependencies first").  Returns the number of
** components, or -1 when out of memory.  Iterative: no recursion depth limit. */
int ps_tarjan(int n, const int *start, const int *adj, int *comp);

/* Arena for derived expressions (engine/src/util/arena.h); freed as a whole. */
typedef struct ps_arena ps_arena;
ps_arena *ps_arena_new(void);
void ps_arena_free(ps_arena *a);

/* d e / d sym(lag), simplified; allocated in `a`.  NULL when out of memory. */
ps_expr *ps_expr_derive(ps_arena *a, const ps_expr *e, int sym, int lag);

/* Constant folding and algebraic identities (x*1, x+0, 0*x, x^1, ...);
** allocates in `a`, never modifies e. NULL when out of memory. */
ps_expr *ps_expr_simplify(ps_arena *a, const ps_expr *e);

/* Evaluate an expression tree directly (slow reference evaluator for tests):
** value(sym, lag) is called for every PS_E_VAR. */
double ps_expr_eval(const ps_expr *e, double (*value)(void *ctx, int sym, int lag),
                    void *ctx);

#ifdef __cplusplus
}
#endif
#endif
