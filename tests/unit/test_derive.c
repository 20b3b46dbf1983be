/*
** Symbolic derivatives and the simplifier.
**
** Every derivative is checked twice: against a closed form worked out by hand
** and against central finite differences (h = 1e-5 * max(1, |x|); error
** O(h^2) + O(eps / h), so a relative tolerance of 1e-6 is comfortable).  The
** simplifier must never change a value where the original is defined (every
** intermediate finite): random trees at random points agree to 1e-13
** relative (the rules are exact; the slack is only a safety margin).
*/
#include <criterion/criterion.h>

#include "exprkit.h"
#include "analyse/expr.h"

#include <stdio.h>

enum { X, Y, Z, W };            /* symbol indexes used below */

typedef struct point {
    double v[4];                /* values at lag 0 */
    double lag1[4];             /* values at lag -1 */
} point;

static double pval(void *ctx, int sym, int lag) {
    point *p = ctx;
    return lag == 0 ? p->v[sym] : p->lag1[sym];
}

static double at(const ps_expr *e, double x, double y) {
    point p = {{x, y, 0.7, 1.3}, {0.9, 1.1, 0.8, 1.2}};
    return ps_expr_eval(e, pval, &p);
}

static double fd(const ps_expr *e, double x, double y, int wrt_y) {
    double h = 1e-5 * fmax(1.0, fabs(wrt_y ? y : x));
    if (wrt_y) return (at(e, x, y + h) - at(e, x, y - h)) / (2 * h);
    return (at(e, x + h, y) - at(e, x - h, y)) / (2 * h);
}

static ps_arena *A;
static void setup(void) { A = ps_arena_new(); }
static void teardown(void) {
    ps_arena_free(A);
    kit_reset();
}

/* d e/dx at (x, y) against `want` (hand closed form) and finite differences. */
static void check_dx(const ps_expr *e, int wrt, double x, double y, double want) {
    ps_expr *d = ps_expr_derive(A, e, wrt, 0);
    cr_assert_not_null(d);
    double got = at(d, x, y), num = fd(e, x, y, wrt == Y);
    cr_assert(kit_close(got, want, 1e-12), "at (%g, %g): derivative %.17g, closed form %.17g",
              x, y, got, want);
    cr_assert(kit_close(got, num, 1e-6), "at (%g, %g): derivative %.17g, finite difference %.17g",
              x, y, got, num);
}

static const double XS[] = {0.3, 1.7, 2.5, 4.0};
static const double YS[] = {0.6, 1.4, 2.2, 3.1};

TestSuite(derive, .init = setup, .fini = teardown);

Test(derive, neg_add_sub) {
    ps_expr *e = SUB(ADD(U(PS_E_NEG, V(X, 0)), MUL(N(3), V(X, 0))), V(Y, 0)); /* -x + 3x - y */
    for (int i = 0; i < 4; i++) {
        check_dx(e, X, XS[i], YS[i], 2.0);
        check_dx(e, Y, XS[i], YS[i], -1.0);
    }
}

Test(derive, mul_div) {
    ps_expr *p = MUL(V(X, 0), V(Y, 0)), *q = DIV(V(X, 0), V(Y, 0));
    for (int i = 0; i < 4; i++) {
        double x = XS[i], y = YS[i];
        check_dx(p, X, x, y, y);
        check_dx(p, Y, x, y, x);
        check_dx(q, X, x, y, 1.0 / y);
        check_dx(q, Y, x, y, -x / (y * y));
    }
}

Test(derive, pow_constant_exponent) {
    ps_expr *e = POW(V(X, 0), N(3));                      /* 3 x^2, for any sign of x */
    ps_expr *r = POW(V(X, 0), N(0.5));                    /* 0.5 x^-0.5 */
    ps_expr *p = POW(V(X, 0), V(Y, -1));                  /* y(-1) is a constant for d/dx */
    for (int i = 0; i < 4; i++) {
        double x = XS[i];
        check_dx(e, X, x, 1, 3 * x * x);
        check_dx(e, X, -x, 1, 3 * x * x);
        check_dx(r, X, x, 1, 0.5 / sqrt(x));
        check_dx(p, X, x, 1, 1.1 * pow(x, 0.1));          /* lag1[Y] = 1.1 */
    }
}

Test(derive, pow_variable_exponent) {
    ps_expr *e = POW(V(X, 0), V(Y, 0)), *self = POW(V(X, 0), V(X, 0)), *base = POW(N(2), V(X, 0));
    for (int i = 0; i < 4; i++) {
        double x = XS[i], y = YS[i];
        check_dx(e, Y, x, y, pow(x, y) * log(x));
        check_dx(e, X, x, y, y * pow(x, y - 1));
        check_dx(self, X, x, y, pow(x, x) * (log(x) + 1));
        check_dx(base, X, x, y, pow(2, x) * log(2));
    }
}

Test(derive, log_exp_sqrt) {
    ps_expr *l = U(PS_E_LOG, MUL(N(2), V(X, 0))), *e = U(PS_E_EXP, MUL(V(X, 0), V(Y, 0)));
    ps_expr *s = U(PS_E_SQRT, V(X, 0));
    for (int i = 0; i < 4; i++) {
        double x = XS[i], y = YS[i];
        check_dx(l, X, x, y, 1.0 / x);
        check_dx(e, X, x, y, y * exp(x * y));
        check_dx(s, X, x, y, 0.5 / sqrt(x));
    }
}

Test(derive, normcdf_is_the_normal_density) {
    /* d Phi(x y) / dx = y phi(x y), phi(z) = exp(-z^2 / 2) / sqrt(2 pi), with
    ** sqrt(2 pi) from libm, not from the derivative's own constant. */
    ps_expr *e = U(PS_E_NORMCDF, MUL(V(X, 0), V(Y, 0)));
    ps_expr *m = U(PS_E_NORMCDF, SUB(N(0), V(X, 0)));
    for (int i = 0; i < 4; i++) {
        double x = XS[i], y = YS[i], z = x * y;
        double phi = exp(-0.5 * z * z) / sqrt(2 * acos(-1.0));
        check_dx(e, X, x, y, y * phi);
        check_dx(e, Y, x, y, x * phi);
        check_dx(m, X, x, y, -exp(-0.5 * x * x) / sqrt(2 * acos(-1.0)));
    }
    /* phi(0) = 1 / sqrt(2 pi) = 0.3989422804014327 (Abramowitz and Stegun,
    ** table 26.1); phi(1) = 0.2419707245191434 (the same table). */
    ps_expr *d = ps_expr_derive(A, U(PS_E_NORMCDF, V(X, 0)), X, 0);
    cr_assert(kit_close(at(d, 0, 0), 0.3989422804014327, 1e-15));
    cr_assert(kit_close(at(d, 1, 0), 0.2419707245191434, 1e-15));
    cr_assert(kit_close(at(d, -1, 0), 0.2419707245191434, 1e-15));
}

Test(derive, abs_min_max) {
    ps_expr *a = U(PS_E_ABS, SUB(V(X, 0), N(2)));
    ps_expr *mn = B(PS_E_MIN, V(X, 0), MUL(N(2), V(Y, 0)));
    ps_expr *mx = B(PS_E_MAX, V(X, 0), MUL(N(2), V(Y, 0)));
    for (int i = 0; i < 4; i++) {
        double x = XS[i], y = YS[i];
        check_dx(a, X, x, y, x > 2 ? 1.0 : -1.0);
        check_dx(mn, X, x, y, x <= 2 * y ? 1.0 : 0.0);
        check_dx(mn, Y, x, y, x <= 2 * y ? 0.0 : 2.0);
        check_dx(mx, X, x, y, x > 2 * y ? 1.0 : 0.0);
        check_dx(mx, Y, x, y, x > 2 * y ? 0.0 : 2.0);
    }
    /* At a tie, min takes its first operand and so does its derivative. */
    ps_expr *d = ps_expr_derive(A, mn, X, 0);
    cr_assert_eq(at(d, 2.0, 1.0), 1.0);
    cr_assert_eq(at(ps_expr_derive(A, mx, Y, 0), 2.0, 1.0), 2.0);
}

Test(derive, piecewise_constants_have_zero_derivative) {
    ps_op ops[] = {PS_E_SIGN, PS_E_LE, PS_E_GT};
    for (int k = 0; k < 3; k++) {
        ps_expr *e = k == 0 ? U(ops[k], V(X, 0)) : B(ops[k], V(X, 0), V(Y, 0));
        ps_expr *d = ps_expr_derive(A, e, X, 0);
        cr_assert(ps_x_is(d, 0), "op %d", (int)ops[k]);
    }
}

Test(derive, structural_zero_and_lags) {
    ps_expr *e = ADD(MUL(N(0.3), V(X, -1)), U(PS_E_LOG, V(Y, 0)));
    cr_assert(ps_x_is(ps_expr_derive(A, e, X, 0), 0), "x(-1) is not x");
    cr_assert(ps_x_is(ps_expr_derive(A, e, Z, 0), 0));
    cr_assert(ps_x_is(ps_expr_derive(A, e, X, -1), 0.3));
    /* 0 * y vanishes: no structural dependence survives simplification. */
    cr_assert(ps_x_is(ps_expr_derive(A, ADD(V(X, 0), MUL(N(0), V(Y, 0))), Y, 0), 0));
}

Test(derive, results_are_simplified) {
    ps_expr *d = ps_expr_derive(A, ADD(MUL(N(2), V(X, 0)), V(Y, 0)), X, 0);
    cr_assert(ps_x_is(d, 2), "d(2x + y)/dx should be the constant 2, got op %d", (int)d->op);
    d = ps_expr_derive(A, POW(V(X, 0), N(2)), X, 0);          /* 2 * x */
    cr_assert_eq(d->op, PS_E_MUL);
    cr_assert(ps_x_is(d->a, 2) && d->b->op == PS_E_VAR && d->b->sym == X);
}

/* Random smooth trees: the symbolic derivative matches finite differences
** wherever the function is finite and the difference quotient is stable. */
Test(derive, random_trees_match_finite_differences) {
    int checked = 0;
    for (int trial = 0; trial < 3000; trial++) {
        ps_expr *e = kit_random_expr(5, 3, 1, 1);
        ps_expr *d = ps_expr_derive(A, e, X, 0);
        cr_assert_not_null(d);
        double x = kit_unif(0.5, 2.5), y = kit_unif(0.5, 2.5);
        point p = {{x, y, 0.7, 1.3}, {0.9, 1.1, 0.8, 1.2}};
        double f = kit_eval_strict(e, pval, &p), g = at(d, x, y);
        double h = 1e-5 * fmax(1, fabs(x));
        double d1 = fd(e, x, y, 0), d2 = (at(e, x + 2 * h, y) - at(e, x - 2 * h, y)) / (4 * h);
        if (!isfinite(f) || !isfinite(d1) || !kit_close(d1, d2, 1e-5) || fabs(g) > 1e6)
            continue;                           /* near a pole or a domain edge */
        char b1[2000], b2[2000];
        cr_assert(kit_close(g, d1, 1e-5), "trial %d at (%g, %g): symbolic %.17g, fd %.17g\n%s\n%s",
                  trial, x, y, g, d1, kit_format(e, b1, sizeof b1), kit_format(d, b2, sizeof b2));
        checked++;
    }
    cr_assert_gt(checked, 1500, "only %d usable trials", checked);
}

/* ---- simplify ---- */

TestSuite(simplify, .init = setup, .fini = teardown);

Test(simplify, identities) {
    ps_expr *x = V(X, 0);
    cr_assert_eq(ps_expr_simplify(A, ADD(x, N(0))), x);
    cr_assert_eq(ps_expr_simplify(A, ADD(N(0), x)), x);
    cr_assert_eq(ps_expr_simplify(A, SUB(x, N(0))), x);
    cr_assert_eq(ps_expr_simplify(A, MUL(x, N(1))), x);
    cr_assert_eq(ps_expr_simplify(A, MUL(N(1), x)), x);
    cr_assert_eq(ps_expr_simplify(A, DIV(x, N(1))), x);
    cr_assert_eq(ps_expr_simplify(A, POW(x, N(1))), x);
    cr_assert_eq(ps_expr_simplify(A, U(PS_E_NEG, U(PS_E_NEG, x))), x);
    cr_assert(ps_x_is(ps_expr_simplify(A, MUL(N(0), x)), 0));
    cr_assert(ps_x_is(ps_expr_simplify(A, MUL(x, N(0))), 0));
    cr_assert(ps_x_is(ps_expr_simplify(A, DIV(N(0), x)), 0));
    cr_assert(ps_x_is(ps_expr_simplify(A, POW(x, N(0))), 1));
    cr_assert(ps_x_is(ps_expr_simplify(A, POW(N(1), x)), 1));
    ps_expr *n = ps_expr_simplify(A, SUB(N(0), x));
    cr_assert(n->op == PS_E_NEG && n->a == x);
    n = ps_expr_simplify(A, MUL(N(-1), x));
    cr_assert(n->op == PS_E_NEG && n->a == x);
    n = ps_expr_simplify(A, ADD(x, U(PS_E_NEG, V(Y, 0))));      /* x + -y = x - y */
    cr_assert(n->op == PS_E_SUB && n->a == x && n->b->sym == Y);
    n = ps_expr_simplify(A, U(PS_E_NEG, SUB(x, V(Y, 0))));      /* -(x - y) = y - x */
    cr_assert(n->op == PS_E_SUB && n->a->sym == Y && n->b == x);
    n = ps_expr_simplify(A, U(PS_E_ABS, U(PS_E_NEG, x)));       /* |-x| = |x| */
    cr_assert(n->op == PS_E_ABS && n->a == x);
}

Test(simplify, constant_folding) {
    cr_assert(ps_x_is(ps_expr_simplify(A, ADD(N(2), MUL(N(3), N(4)))), 14));
    cr_assert(ps_x_is(ps_expr_simplify(A, U(PS_E_EXP, N(0))), 1));
    cr_assert(ps_x_is(ps_expr_simplify(A, B(PS_E_MAX, N(2), N(5))), 5));
    cr_assert(ps_x_is(ps_expr_simplify(A, B(PS_E_LE, N(2), N(5))), 1));
    cr_assert(ps_x_is(ps_expr_simplify(A, U(PS_E_SIGN, N(-7))), -1));
    cr_assert(ps_x_is(ps_expr_simplify(A, DIV(N(1), N(4))), 0.25));
}

Test(simplify, domain_errors_are_not_folded) {
    /* log(-1), 1/0 and sqrt(-4) stay in the tree so that the VM's diagnosis
    ** can name them instead of meeting an anonymous NaN. */
    ps_expr *e = ps_expr_simplify(A, U(PS_E_LOG, N(-1)));
    cr_assert_eq(e->op, PS_E_LOG);
    e = ps_expr_simplify(A, DIV(N(1), N(0)));
    cr_assert_eq(e->op, PS_E_DIV);
    e = ps_expr_simplify(A, U(PS_E_SQRT, SUB(N(0), N(4))));
    cr_assert(e->op == PS_E_SQRT && ps_x_is(e->a, -4));
    e = ps_expr_simplify(A, DIV(N(0), N(0)));
    cr_assert_eq(e->op, PS_E_DIV);
}

Test(simplify, unchanged_tree_is_shared) {
    ps_expr *e = ADD(MUL(V(X, 0), V(Y, -1)), U(PS_E_LOG, V(Z, 0)));
    cr_assert_eq(ps_expr_simplify(A, e), e);
}

Test(simplify, never_changes_a_defined_value) {
    int compared = 0;
    for (int trial = 0; trial < 20000; trial++) {
        ps_expr *e = kit_random_expr(6, 4, 1, 0);
        ps_expr *s = ps_expr_simplify(A, e);
        cr_assert_not_null(s);
        for (int k = 0; k < 3; k++) {
            point p = {{kit_unif(-3, 3), kit_unif(-3, 3), kit_unif(0.1, 3), kit_unif(-1, 1)},
                       {kit_unif(-3, 3), kit_unif(0.1, 3), kit_unif(-3, 3), kit_unif(-3, 3)}};
            double want = kit_eval_strict(e, pval, &p), got = ps_expr_eval(s, pval, &p);
            if (!isfinite(want)) continue;
            compared++;
            char b1[2000], b2[2000];
            cr_assert(kit_close(got, want, 1e-13), "trial %d: simplified %.17g, original %.17g\n%s\n%s",
                      trial, got, want, kit_format(e, b1, sizeof b1), kit_format(s, b2, sizeof b2));
        }
    }
    cr_assert_gt(compared, 20000);
}

Test(simplify, null_arguments) {
    cr_assert_null(ps_expr_simplify(A, NULL));
    cr_assert_null(ps_expr_simplify(NULL, V(X, 0)));
    cr_assert_null(ps_expr_derive(A, NULL, X, 0));
}

Test(eval, operators_by_hand) {
    cr_assert_eq(at(B(PS_E_MIN, V(X, 0), V(Y, 0)), 2, 3), 2);
    cr_assert_eq(at(B(PS_E_MAX, V(X, 0), V(Y, 0)), 2, 3), 3);
    cr_assert(isnan(at(B(PS_E_MIN, V(X, 0), V(Y, 0)), 2, NAN)), "min must not drop a NaN");
    cr_assert(isnan(at(B(PS_E_MAX, V(X, 0), V(Y, 0)), NAN, 3)), "max must not drop a NaN");
    cr_assert_eq(at(U(PS_E_SIGN, V(X, 0)), -0.5, 0), -1);
    cr_assert_eq(at(U(PS_E_SIGN, V(X, 0)), 0, 0), 0);
    cr_assert_eq(at(B(PS_E_LE, V(X, 0), V(Y, 0)), 3, 3), 1);
    cr_assert_eq(at(B(PS_E_GT, V(X, 0), V(Y, 0)), 3, 3), 0);
    cr_assert_eq(at(POW(V(X, 0), N(3)), -2, 0), -8);
    cr_assert_eq(at(V(X, -1), 5, 5), 0.9);
    kit_reset();
}

Test(eval, normcdf_against_published_values) {
    /* Phi at points whose values are known independently: Phi(0) = 1/2 by
    ** symmetry; 1.959963984540054 is the 97.5 % quantile and 1.644853626951472
    ** the 95 % one (Abramowitz and Stegun 26.2.23 tables; R's qnorm);
    ** Phi(1) = 0.8413447460685429 and Phi(-3) = 0.0013498980316300946,
    ** Phi(-10) = 7.619853024160526e-24, Phi(-20) = 2.7536241186062337e-89,
    ** Phi(-30) = 4.906713927148187e-198 (1/2 erfc(|x|/sqrt 2) at 50 digits,
    ** mpmath; the far tail is where a naive 1 - Phi(|x|) or an erfc of a
    ** rounded argument loses digits). */
    static const struct { double x, p, tol; } T[] = {
        {0.0, 0.5, 0}, {1.959963984540054, 0.975, 1e-15}, {-1.959963984540054, 0.025, 1e-14},
        {1.644853626951472, 0.95, 1e-15}, {1.0, 0.8413447460685429, 1e-15},
        {-3.0, 0.0013498980316300946, 1e-14}, {-10.0, 7.619853024160526e-24, 1e-14},
        {-20.0, 2.7536241186062337e-89, 1e-14}, {-30.0, 4.906713927148187e-198, 1e-14},
        {40.0, 1.0, 0},
    };
    ps_expr *e = U(PS_E_NORMCDF, V(X, 0));
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        double got = at(e, T[i].x, 0);
        /* relative, also in the tail (kit_close is absolute below 1) */
        cr_assert(T[i].tol == 0 ? got == T[i].p : fabs(got - T[i].p) <= T[i].tol * T[i].p,
                  "Phi(%.17g) = %.17g, published %.17g", T[i].x, got, T[i].p);
    }
    /* Symmetry, Phi(x) + Phi(-x) = 1, and the limits. */
    for (double x = -6; x <= 6; x += 0.37)
        cr_assert(fabs(at(e, x, 0) + at(e, -x, 0) - 1.0) < 2e-16, "x = %g", x);
    cr_assert_eq(at(e, -INFINITY, 0), 0);
    cr_assert_eq(at(e, INFINITY, 0), 1);
    cr_assert(isnan(at(e, NAN, 0)), "normcdf must not drop a NaN");
    kit_reset();
}
