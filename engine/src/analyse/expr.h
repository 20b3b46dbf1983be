/*
** Internal: building expression trees in an arena.
**
** The ps_x_* constructors apply the simplifier's local rules as they build
** (constant folding, x+0, x*1, 0*x, ...), so the differentiator, which builds
** through them, returns simplified trees without a second pass.  Every
** constructor returns NULL when given a NULL operand, so a chain of calls
** needs one NULL check at the end for the out-of-memory path.
*/
#ifndef PS_ANALYSE_EXPR_H
#define PS_ANALYSE_EXPR_H

#include "analyse/analyse.h"
#include "util/arena.h"

ps_expr *ps_x_num(ps_arena *a, double v);
ps_expr *ps_x_var(ps_arena *a, int sym, int lag);

/* Simplifying constructors.  `orig` (may be NULL) is a node of the same op
** whose operands the caller just simplified; when no rule fires and the
** operands are unchanged, orig itself is returned instead of a copy. */
ps_expr *ps_x_unary(ps_arena *a, ps_op op, ps_expr *x, const ps_expr *orig);
ps_expr *ps_x_binary(ps_arena *a, ps_op op, ps_expr *x, ps_expr *y, const ps_expr *orig);

/* 1 when e is the constant v. */
static inline int ps_x_is(const ps_expr *e, double v) {
    return e->op == PS_E_NUM && e->num == v;
}

/* Number of operands of op (0, 1 or 2). */
int ps_op_arity(ps_op op);

/* Apply op to numbers, with the semantics of analyse/ops.h. */
double ps_op_apply(ps_op op, double x, double y);

/* Depth of e (a leaf has depth 1), or limit + 1 when deeper than limit; the
** recursion never goes deeper than limit. */
int ps_expr_depth(const ps_expr *e, int limit);

/* d e / d sym(lag) for an already simplified e (skips the simplify pass). */
ps_expr *ps_expr_derive_simplified(ps_arena *a, const ps_expr *e, int sym, int lag);

#endif
