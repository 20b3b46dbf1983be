/*
** Symbolic differentiation.
**
** Built through the simplifying constructors of expr.h, so a derivative of a
** simplified tree comes out simplified: a structural zero (a subtree that
** does not use the variable) is the constant 0 and vanishes from sums and
** products on the way up, which is what makes a Jacobian entry disappear
** when the variable only enters through, say, 0 * y.
**
** Rules (a' = da, b' = db):
**   (a/b)'     = a'/b                         when b' = 0
**              = (a' b - a b') / b^2          otherwise
**   (a^b)'     = b a^(b-1) a'                 when b' = 0 (any sign of a)
**              = a^b (b' log a + b a'/a)      otherwise
**   log a      = a'/a        exp a = exp(a) a'      sqrt a = a' / (2 sqrt a)
**   |a|'       = sign(a) a'
**   normcdf(a)' = phi(a) a' = exp(-a^2/2) / sqrt(2 pi) a'   (the normal density)
**   min(a,b)'  = le(a,b) a' + gt(a,b) b'     max(a,b)' = gt(a,b) a' + le(a,b) b'
**   sign, le, gt: 0 (piecewise constant)
*/
#include "analyse/expr.h"

typedef struct dctx {
    ps_arena *a;
    int sym, lag;
    ps_expr *zero, *one;        /* shared leaves: most leaves differentiate to 0 */
} dctx;

static ps_expr *un(dctx *c, ps_op op, ps_expr *x) {
    return ps_x_unary(c->a, op, x, NULL);
}
static ps_expr *bin(dctx *c, ps_op op, ps_expr *x, ps_expr *y) {
    return ps_x_binary(c->a, op, x, y, NULL);
}
static ps_expr *num(dctx *c, double v) {
    return ps_x_num(c->a, v);
}

static ps_expr *d_rec(dctx *c, const ps_expr *e);

static ps_expr *d_div(dctx *c, ps_expr *x, ps_expr *y, ps_expr *dx, ps_expr *dy) {
    if (ps_x_is(dy, 0)) return bin(c, PS_E_DIV, dx, y);
    ps_expr *top = bin(c, PS_E_SUB, bin(c, PS_E_MUL, dx, y), bin(c, PS_E_MUL, x, dy));
    return bin(c, PS_E_DIV, top, bin(c, PS_E_POW, y, num(c, 2.0)));
}

static ps_expr *d_pow(dctx *c, ps_expr *e, ps_expr *x, ps_expr *y, ps_expr *dx, ps_expr *dy) {
    if (ps_x_is(dy, 0)) {
        ps_expr *p = bin(c, PS_E_POW, x, bin(c, PS_E_SUB, y, num(c, 1.0)));
        return bin(c, PS_E_MUL, bin(c, PS_E_MUL, y, p), dx);
    }
    ps_expr *t1 = bin(c, PS_E_MUL, dy, un(c, PS_E_LOG, x));
    ps_expr *t2 = ps_x_is(dx, 0) ? dx : bin(c, PS_E_DIV, bin(c, PS_E_MUL, y, dx), x);
    return bin(c, PS_E_MUL, e, bin(c, PS_E_ADD, t1, t2));
}

static ps_expr *d_minmax(dctx *c, int is_min, ps_expr *x, ps_expr *y, ps_expr *dx,
                         ps_expr *dy) {
    ps_expr *le = bin(c, PS_E_LE, x, y), *gt = bin(c, PS_E_GT, x, y);
    ps_expr *wx = is_min ? le : gt, *wy = is_min ? gt : le;
    return bin(c, PS_E_ADD, bin(c, PS_E_MUL, wx, dx), bin(c, PS_E_MUL, wy, dy));
}

static ps_expr *d_unary(dctx *c, const ps_expr *e, ps_expr *x, ps_expr *dx) {
    ps_expr *self = (ps_expr *)e;
    switch (e->op) {
    case PS_E_NEG: return un(c, PS_E_NEG, dx);
    case PS_E_LOG: return bin(c, PS_E_DIV, dx, x);
    case PS_E_EXP: return bin(c, PS_E_MUL, self, dx);
    case PS_E_SQRT: return bin(c, PS_E_DIV, dx, bin(c, PS_E_MUL, num(c, 2.0), self));
    case PS_E_ABS: return bin(c, PS_E_MUL, un(c, PS_E_SIGN, x), dx);
    case PS_E_NORMCDF: {
        /* 1 / sqrt(2 pi) to the last digit of a double */
        ps_expr *sq = bin(c, PS_E_POW, x, num(c, 2.0));
        ps_expr *pdf = un(c, PS_E_EXP, bin(c, PS_E_MUL, num(c, -0.5), sq));
        return bin(c, PS_E_MUL, bin(c, PS_E_MUL, num(c, 0.39894228040143267794), pdf), dx);
    }
    default: return num(c, 0.0);    /* sign: piecewise constant */
    }
}

static ps_expr *d_binary(dctx *c, const ps_expr *e, ps_expr *x, ps_expr *y, ps_expr *dx,
                         ps_expr *dy) {
    switch (e->op) {
    case PS_E_ADD: return bin(c, PS_E_ADD, dx, dy);
    case PS_E_SUB: return bin(c, PS_E_SUB, dx, dy);
    case PS_E_MUL:
        return bin(c, PS_E_ADD, bin(c, PS_E_MUL, dx, y), bin(c, PS_E_MUL, x, dy));
    case PS_E_DIV: return d_div(c, x, y, dx, dy);
    case PS_E_POW: return d_pow(c, (ps_expr *)e, x, y, dx, dy);
    case PS_E_MIN: return d_minmax(c, 1, x, y, dx, dy);
    case PS_E_MAX: return d_minmax(c, 0, x, y, dx, dy);
    default: return num(c, 0.0);    /* le, gt: piecewise constant */
    }
}

static ps_expr *d_rec(dctx *c, const ps_expr *e) {
    switch (ps_op_arity(e->op)) {
    case 0:
        return (e->op == PS_E_VAR && e->sym == c->sym && e->lag == c->lag) ? c->one
                                                                          : c->zero;
    case 1: {
        ps_expr *dx = d_rec(c, e->a);
        return dx ? d_unary(c, e, e->a, dx) : NULL;
    }
    default: {
        ps_expr *dx = d_rec(c, e->a);
        ps_expr *dy = dx ? d_rec(c, e->b) : NULL;
        return dy ? d_binary(c, e, e->a, e->b, dx, dy) : NULL;
    }
    }
}

ps_expr *ps_expr_derive_simplified(ps_arena *a, const ps_expr *e, int sym, int lag) {
    if (!a || !e) return NULL;
    dctx c = {a, sym, lag, ps_x_num(a, 0.0), ps_x_num(a, 1.0)};
    if (!c.zero || !c.one) return NULL;
    return d_rec(&c, e);
}

ps_expr *ps_expr_derive(ps_arena *a, const ps_expr *e, int sym, int lag) {
    if (!a || !e) return NULL;
    ps_expr *s = ps_expr_simplify(a, e);
    return s ? ps_expr_derive_simplified(a, s, sym, lag) : NULL;
}
