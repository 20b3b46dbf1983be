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

#include <gsl/gsl_cdf.h>
#include <math.h>

/* log and pow return NaN where libm gives an infinity for an argument
** outside their domain: log(0) = -inf and pow(0, -1) = inf would turn finite
** further on (exp(-inf) = 0, 1 / inf = 0) and the solver would never see the
** error.  NaN propagates through every later operation, so the final value
** is not finite and ps_vm_diagnose names the culprit ("log of 0 (must be
** positive)").  libm already returns NaN for log(-1), sqrt(-1) and
** pow(-2, 0.5).  Both are branchless.
** log: r + (r - r) is r when r is finite and NaN when it is infinite
** (inf - inf); two additions, and unlike a compare-and-select the argument
** need not survive the libm call.  It also makes log(inf) NaN instead of inf
** (not finite either way).  This relies on IEEE arithmetic: no -ffast-math.
** pow: only zero to a negative power, selected; an overflow stays inf, as
** x * x (the VM's x^2) gives. */
static inline double ps_op_log(double x) {
    double r = log(x);
    return r + (r - r);
}

static inline double ps_op_pow(double x, double y) {
    double r = pow(x, y);
    return (x == 0.0 && y < 0.0) ? NAN : r;
}

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

/* Phi(a), the standard normal distribution function.  GSL's, not
** 0.5 * erfc(-a / sqrt(2)): the division rounds the argument, and erfc's
** steep tail multiplies that rounding by a * a, so the lower tail would lose
** four digits at a = -30 (1e-13 relative against 1e-16).  NaN stays NaN
** (GSL's comparisons would give a number), infinities give 0 and 1 as
** the limits; the VM checks its operand for finiteness before the call. */
static inline double ps_op_normcdf(double a) {
    return a != a ? a : gsl_cdf_ugaussian_P(a);
}

static inline double ps_op_le(double a, double b) {
    return (a != a || b != b) ? NAN : (a <= b ? 1.0 : 0.0);
}

static inline double ps_op_gt(double a, double b) {
    return (a != a || b != b) ? NAN : (a > b ? 1.0 : 0.0);
}

#endif
