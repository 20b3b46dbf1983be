/*
** Internal: the scalar meaning of every ps_op.
**
** ps_expr_eval, the simplifier's constant folding and the VM all call these,
** so that the reference evaluator, folded constants and compiled code agree
** bit for bit.  min and max are written so that a NaN operand (a missing
** value) propagates instead of being dropped as fmin/fmax would, and so that
** ties pick the operand their derivative pieces (le, gt) pick:
**     min(a, b) = a <= b ? a : b     d min = le(a,b) da + gt(a,b) db
**     max(a, b) = a >  b ? a : b     d max = gt(a,b) da + le(a,b) db
*/
#ifndef PS_ANALYSE_OPS_H
#define PS_ANALYSE_OPS_H

#include <math.h>

static inline double ps_op_min(double a, double b) {
    return (a <= b || a != a) ? a : b;
}

static inline double ps_op_max(double a, double b) {
    return (a > b || a != a) ? a : b;
}

/* -1, 0 or 1; keeps the sign of zero and propagates NaN. */
static inline double ps_op_sign(double a) {
    return a > 0 ? 1.0 : a < 0 ? -1.0 : a;
}

static inline double ps_op_le(double a, double b) {
    return (a != a || b != b) ? NAN : (a <= b ? 1.0 : 0.0);
}

static inline double ps_op_gt(double a, double b) {
    return (a != a || b != b) ? NAN : (a > b ? 1.0 : 0.0);
}

#endif
