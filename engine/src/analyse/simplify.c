/*
** Simplification: constant folding and exact algebraic identities.
**
** Every rule keeps the value of the expression wherever the original is
** defined and finite, and the exact ones keep it to the last bit (x + 0,
** x * 1, -(a - b) = b - a, (-a) * b = -(a * b): IEEE rounding is symmetric).
** The only rules that change a value do so where the original is undefined:
** 0 * x = 0 and 0 / x = 0 drop a NaN or Inf in x.  That is the point for
** derivatives (a structural zero must vanish, whatever x is).  We do not
** reassociate (c1 * (c2 * x) is not (c1 * c2) * x in floating point) and we
** fold a constant only when the result is finite, so that log(-1) stays in
** the code for ps_vm_diagnose to report instead of becoming a silent NaN.
*/
#include "analyse/expr.h"

#include <math.h>

ps_expr *ps_x_num(ps_arena *a, double v) {
    ps_expr *e = ps_arena_alloc(a, sizeof *e);
    if (!e) return NULL;
    e->op = PS_E_NUM;
    e->num = v;
    return e;
}

ps_expr *ps_x_var(ps_arena *a, int sym, int lag) {
    ps_expr *e = ps_arena_alloc(a, sizeof *e);
    if (!e) return NULL;
    e->op = PS_E_VAR;
    e->sym = sym;
    e->lag = lag;
    return e;
}

static ps_expr *node(ps_arena *a, ps_op op, ps_expr *x, ps_expr *y, const ps_expr *orig) {
    if (orig && orig->op == op && orig->a == x && orig->b == y) return (ps_expr *)orig;
    ps_expr *e = ps_arena_alloc(a, sizeof *e);
    if (!e) return NULL;
    e->op = op;
    e->a = x;
    e->b = y;
    if (orig) e->pos = orig->pos;
    return e;
}

/* A folded constant, or NULL when folding would hide a domain error. */
static ps_expr *fold(ps_arena *a, ps_op op, const ps_expr *x, const ps_expr *y,
                     int *folded) {
    double v = ps_op_apply(op, x->num, y ? y->num : 0.0);
    *folded = isfinite(v);
    return *folded ? ps_x_num(a, v) : NULL;
}

ps_expr *ps_x_unary(ps_arena *a, ps_op op, ps_expr *x, const ps_expr *orig) {
    if (!x) return NULL;
    if (x->op == PS_E_NUM) {
        int folded;
        ps_expr *c = fold(a, op, x, NULL, &folded);
        if (folded) return c;
    }
    switch (op) {
    case PS_E_NEG:
        if (x->op == PS_E_NEG) return x->a;                               /* --a */
        if (x->op == PS_E_SUB) return node(a, PS_E_SUB, x->b, x->a, NULL); /* -(a-b) */
        break;
    case PS_E_ABS:
        if (x->op == PS_E_ABS) return x;                                   /* ||a|| */
        if (x->op == PS_E_NEG) return ps_x_unary(a, PS_E_ABS, x->a, NULL); /* |-a| */
        break;
    default:
        break;
    }
    return node(a, op, x, NULL, orig);
}

/* Returned by a rule set when no rule applies (NULL means out of memory). */
static const ps_expr no_rule;
#define NO_RULE ((ps_expr *)&no_rule)

static ps_expr *neg(ps_arena *a, ps_expr *x) {
    return ps_x_unary(a, PS_E_NEG, x, NULL);
}

static ps_expr *add_rules(ps_arena *a, ps_expr *x, ps_expr *y) {
    if (ps_x_is(x, 0)) return y;
    if (ps_x_is(y, 0)) return x;
    if (y->op == PS_E_NEG) return ps_x_binary(a, PS_E_SUB, x, y->a, NULL);  /* x+(-b) */
    if (x->op == PS_E_NEG) return ps_x_binary(a, PS_E_SUB, y, x->a, NULL);  /* (-a)+y */
    return NO_RULE;
}

static ps_expr *sub_rules(ps_arena *a, ps_expr *x, ps_expr *y) {
    if (ps_x_is(y, 0)) return x;
    if (ps_x_is(x, 0)) return neg(a, y);
    if (y->op == PS_E_NEG) return ps_x_binary(a, PS_E_ADD, x, y->a, NULL);  /* x-(-b) */
    return NO_RULE;
}

/* A sign comes out of a product or a quotient alike (op is MUL or DIV):
** (-a) op (-b) = a op b, (-a) op b = a op (-b) = -(a op b); exact in
** floating point, since negation only flips the sign bit. */
static ps_expr *sign_rules(ps_arena *a, ps_op op, ps_expr *x, ps_expr *y) {
    if (x->op == PS_E_NEG && y->op == PS_E_NEG) return ps_x_binary(a, op, x->a, y->a, NULL);
    if (x->op == PS_E_NEG) return neg(a, ps_x_binary(a, op, x->a, y, NULL));
    if (y->op == PS_E_NEG) return neg(a, ps_x_binary(a, op, x, y->a, NULL));
    return NO_RULE;
}

static ps_expr *mul_rules(ps_arena *a, ps_expr *x, ps_expr *y) {
    if (ps_x_is(x, 0)) return x;
    if (ps_x_is(y, 0)) return y;
    if (ps_x_is(x, 1)) return y;
    if (ps_x_is(y, 1)) return x;
    if (ps_x_is(x, -1)) return neg(a, y);
    if (ps_x_is(y, -1)) return neg(a, x);
    return sign_rules(a, PS_E_MUL, x, y);
}

static ps_expr *div_rules(ps_arena *a, ps_expr *x, ps_expr *y) {
    if (ps_x_is(x, 0) && !ps_x_is(y, 0)) return x;
    if (ps_x_is(y, 1)) return x;
    if (ps_x_is(y, -1)) return neg(a, x);
    return sign_rules(a, PS_E_DIV, x, y);
}

static ps_expr *pow_rules(ps_arena *a, ps_expr *x, ps_expr *y) {
    if (ps_x_is(y, 1)) return x;
    if (ps_x_is(y, 0) || ps_x_is(x, 1)) return ps_x_num(a, 1.0);  /* pow(x,0)=pow(1,y)=1 */
    return NO_RULE;
}

ps_expr *ps_x_binary(ps_arena *a, ps_op op, ps_expr *x, ps_expr *y, const ps_expr *orig) {
    if (!x || !y) return NULL;
    if (x->op == PS_E_NUM && y->op == PS_E_NUM) {
        int folded;
        ps_expr *c = fold(a, op, x, y, &folded);
        if (folded) return c;
    }
    ps_expr *r = NO_RULE;
    switch (op) {
    case PS_E_ADD: r = add_rules(a, x, y); break;
    case PS_E_SUB: r = sub_rules(a, x, y); break;
    case PS_E_MUL: r = mul_rules(a, x, y); break;
    case PS_E_DIV: r = div_rules(a, x, y); break;
    case PS_E_POW: r = pow_rules(a, x, y); break;
    default: break;
    }
    return r != NO_RULE ? r : node(a, op, x, y, orig);
}

ps_expr *ps_expr_simplify(ps_arena *a, const ps_expr *e) {
    if (!a || !e) return NULL;
    switch (ps_op_arity(e->op)) {
    case 0:
        return (ps_expr *)e;
    case 1:
        return ps_x_unary(a, e->op, ps_expr_simplify(a, e->a), e);
    default: {
        ps_expr *x = ps_expr_simplify(a, e->a);
        ps_expr *y = x ? ps_expr_simplify(a, e->b) : NULL;
        return ps_x_binary(a, e->op, x, y, e);
    }
    }
}
