/*
** The reference evaluator and the numeric meaning of each operator.  Slow on
** purpose (a tree walk with a callback per variable): it is the yardstick the
** VM and the simplifier are tested against, and the constant folder.
*/
#include "analyse/expr.h"
#include "analyse/ops.h"

#include <math.h>

int ps_op_arity(ps_op op) {
    switch (op) {
    case PS_E_NUM: case PS_E_VAR: return 0;
    case PS_E_NEG: case PS_E_LOG: case PS_E_EXP: case PS_E_SQRT: case PS_E_ABS:
    case PS_E_SIGN: case PS_E_NORMCDF: return 1;
    default: return 2;
    }
}

double ps_op_apply(ps_op op, double x, double y) {
    switch (op) {
    case PS_E_NEG: return -x;
    case PS_E_ADD: return x + y;
    case PS_E_SUB: return x - y;
    case PS_E_MUL: return x * y;
    case PS_E_DIV: return x / y;
    case PS_E_POW: return ps_op_pow(x, y);
    case PS_E_LOG: return ps_op_log(x);
    case PS_E_EXP: return exp(x);
    case PS_E_SQRT: return sqrt(x);
    case PS_E_ABS: return fabs(x);
    case PS_E_MIN: return ps_op_min(x, y);
    case PS_E_MAX: return ps_op_max(x, y);
    case PS_E_SIGN: return ps_op_sign(x);
    case PS_E_NORMCDF: return ps_op_normcdf(x);
    case PS_E_LE: return ps_op_le(x, y);
    case PS_E_GT: return ps_op_gt(x, y);
    default: return NAN;            /* leaves are not operators */
    }
}

double ps_expr_eval(const ps_expr *e, double (*value)(void *ctx, int sym, int lag),
                    void *ctx) {
    switch (e->op) {
    case PS_E_NUM: return e->num;
    case PS_E_VAR: return value(ctx, e->sym, e->lag);
    default: break;
    }
    double x = ps_expr_eval(e->a, value, ctx);
    double y = ps_op_arity(e->op) == 2 ? ps_expr_eval(e->b, value, ctx) : 0.0;
    return ps_op_apply(e->op, x, y);
}

int ps_expr_depth(const ps_expr *e, int limit) {
    if (!e) return 0;                   /* a missing operand is reported elsewhere */
    if (limit <= 0) return 1;           /* caller sees limit + 1 */
    int arity = ps_op_arity(e->op);
    if (arity == 0) return 1;
    int d = ps_expr_depth(e->a, limit - 1);
    if (arity == 2) {
        int db = ps_expr_depth(e->b, limit - 1);
        if (db > d) d = db;
    }
    return d + 1;
}
