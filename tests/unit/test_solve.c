/*
** Solver tests: Newton on blocks with known roots, dense versus sparse (KLU),
** recursive chains, lags over several periods, add-factors for every
** left-side transform, and every failure report.
**
** Expected numbers come from closed forms or hand recurrences written out
** here, never from the solver.  Tolerances are stated per test; the solver's
** own tolerance is the default 1e-10 (scaled) unless a test sets it.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/analyse.h"
#include "compile/compile.h"
#include "frame/frame.h"
#include "model/model.h"
#include "solve/solve.h"

#define START 2020L /* annual ordinal of period index 0 */

typedef struct fixture {
    ps_model *m;
    ps_analysis *a;
    ps_program *p;
    ps_solver *s;
    ps_frame *f;
    double *params;
    ps_error err;
} fixture;

/* Parse, analyse, compile and allocate a solver; a frame of nper annual
** periods from 2020, all missing except add-factors (0). */
static void fx_build(fixture *x, const char *src, const ps_solve_opts *o, int nper) {
    memset(x, 0, sizeof *x);
    ps_error_clear(&x->err);
    int rc = ps_model_parse_string(src, strlen(src), "test.model", &x->m, &x->err);
    cr_assert_eq(rc, PS_OK, "parse: %s", x->err.message);
    rc = ps_analyse(x->m, &x->a, &x->err);
    cr_assert_eq(rc, PS_OK, "analyse: %s", x->err.message);
    rc = ps_program_compile(x->m, x->a, &x->p, &x->err);
    cr_assert_eq(rc, PS_OK, "compile: %s", x->err.message);
    rc = ps_solver_new(x->p, o, &x->s, &x->err);
    cr_assert_eq(rc, PS_OK, "solver: %s", x->err.message);
    const ps_model *m = x->m;
    const char **names = calloc((size_t)m->nseries + 1, sizeof *names);
    cr_assert_not_null(names);
    for (int c = 0; c < m->nseries; c++) names[c] = m->syms[ps_model_series_sym(m, c)].name;
    rc = ps_frame_new(m->nseries, nper, PS_FREQ_ANNUAL, START, names, &x->f, &x->err);
    free(names);
    cr_assert_eq(rc, PS_OK, "frame: %s", x->err.message);
    x->params = calloc((size_t)m->nparam + 1, sizeof(double));
    cr_assert_not_null(x->params);
    for (int i = 0; i < m->nsym; i++) {
        const ps_symbol *sy = &m->syms[i];
        if (sy->kind == PS_SYM_PARAM) x->params[sy->slot] = sy->value;
        if (sy->kind == PS_SYM_ADDFACTOR)
            for (int t = 0; t < nper; t++) ps_frame_set(x->f, sy->slot, t, 0.0);
    }
}

static void fx_free(fixture *x) {
    ps_solver_free(x->s);
    ps_program_free(x->p);
    ps_analysis_free(x->a);
    ps_model_free(x->m);
    ps_frame_free(x->f);
    free(x->params);
}

static int col(const fixture *x, const char *name) {
    int i = ps_model_find(x->m, name);
    cr_assert_geq(i, 0, "no symbol %s", name);
    return x->m->syms[i].slot;
}

static void set(fixture *x, const char *name, int t, double v) {
    ps_frame_set(x->f, col(x, name), t, v);
}

static double get(const fixture *x, const char *name, int t) {
    return ps_frame_get(x->f, col(x, name), t);
}

static int run(fixture *x, int t0, int t1, ps_solve_diag *d) {
    ps_error_clear(&x->err);
    return ps_solver_run(x->s, x->f, x->params, t0, t1, d, &x->err);
}

/* |got - want| <= rel * max(1, |want|) */
static void near(double got, double want, double rel, const char *what) {
    double tol = rel * fmax(1.0, fabs(want));
    cr_assert(fabs(got - want) <= tol, "%s: got %.17g, want %.17g (tol %.3g)", what, got,
              want, tol);
}

static void has(const char *msg, const char *part) {
    cr_assert_not_null(strstr(msg, part), "message lacks \"%s\": %s", part, msg);
}

/* ------------------------------------------------------------------ Newton */

Test(solve_newton, linear_2x2_closed_form) {
    /* x = 0.5 y + a, y = 0.2 x + b  =>  x = (a + 0.5 b) / 0.9, y = 0.2 x + b. */
    fixture x;
    fx_build(&x,
             "model lin annual;\n"
             "endogenous x;\nendogenous y;\nexogenous a;\nexogenous b;\n"
             "identity [ex] x = 0.5 * y + a;\n"
             "identity [ey] y = 0.2 * x + b;\n",
             NULL, 1);
    set(&x, "a", 0, 1.0);
    set(&x, "b", 0, 2.0);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 0, 0, &d), PS_OK, "%s", x.err.message);
    double xs = (1.0 + 0.5 * 2.0) / 0.9;
    near(get(&x, "x", 0), xs, 1e-12, "x");
    near(get(&x, "y", 0), 0.2 * xs + 2.0, 1e-12, "y");
    /* A linear block converges in one exact Newton step. */
    cr_assert_eq(d.blocks_solved, 1);
    cr_assert_eq(d.newton_iterations, 1);
    cr_assert_eq(d.max_iterations, 1);
    cr_assert_eq(d.explicit_evals, 0);
    cr_assert_eq(d.periods, 1);
    cr_assert_eq(d.sparse_blocks, 0);
    cr_assert_leq(d.max_residual, 1e-10);
    fx_free(&x);
}

Test(solve_newton, small_block_pivot_too_small_for_the_structural_order) {
    /* x = 0.999 x + y - 3, y = x - 1: J = [[0.001, -1], [-1, 1]].  The pivot
    ** order fixed from the structure takes x first, whose pivot 0.001 is far
    ** below the 1 under it, so the solve must pivot by rows instead.
    ** By hand: 0.001 x = x - 4, so x = 4 / 0.999 and y = x - 1. */
    fixture x;
    fx_build(&x,
             "model piv annual;\nendogenous x;\nendogenous y;\n"
             "identity [ex] x = 0.999 * x + y - 3;\nidentity [ey] y = x - 1;\n",
             NULL, 1);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 0, 0, &d), PS_OK, "%s", x.err.message);
    near(get(&x, "x", 0), 4.0 / 0.999, 1e-11, "x");
    near(get(&x, "y", 0), 4.0 / 0.999 - 1.0, 1e-11, "y");
    cr_assert_eq(d.newton_iterations, 1);
    fx_free(&x);
}

Test(solve_newton, arrow_block_closed_form) {
    /* x0 = 0.1 (x1 + ... + x5) + 1, xi = 0.2 x0 + i: every equation is
    ** linked to x0 (an arrow-shaped Jacobian, which eliminating x0 first
    ** would fill in completely).  By hand: x0 = 0.1 (x0 + 15) + 1, so
    ** x0 = 2.5 / 0.9 and xi = 0.2 x0 + i. */
    fixture x;
    fx_build(&x,
             "model arrow annual;\nendogenous x0, x1, x2, x3, x4, x5;\n"
             "identity [e0] x0 = 0.1 * (x1 + x2 + x3 + x4 + x5) + 1;\n"
             "identity [e1] x1 = 0.2 * x0 + 1;\nidentity [e2] x2 = 0.2 * x0 + 2;\n"
             "identity [e3] x3 = 0.2 * x0 + 3;\nidentity [e4] x4 = 0.2 * x0 + 4;\n"
             "identity [e5] x5 = 0.2 * x0 + 5;\n",
             NULL, 1);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 0, 0, &d), PS_OK, "%s", x.err.message);
    double x0 = 2.5 / 0.9;
    near(get(&x, "x0", 0), x0, 1e-12, "x0");
    char name[8];
    for (int i = 1; i <= 5; i++) {
        snprintf(name, sizeof name, "x%d", i);
        near(get(&x, name, 0), 0.2 * x0 + i, 1e-12, name);
    }
    cr_assert_eq(d.newton_iterations, 1);
    fx_free(&x);
}

static const char *SQRT_MODEL =
    "model nl annual;\n"
    "endogenous x;\nendogenous y;\n"
    "identity [ex] x = sqrt(y) + 1;\n"
    "identity [ey] y = 10 - x^2;\n";

/* With s = sqrt(y): x = s + 1 and s^2 = 10 - (s+1)^2, i.e. 2s^2 + 2s - 9 = 0,
** s = (sqrt(19) - 1) / 2, so x = (1 + sqrt(19)) / 2 and y = (10 - sqrt(19)) / 2. */
Test(solve_newton, nonlinear_sqrt_block) {
    fixture x;
    fx_build(&x, SQRT_MODEL, NULL, 2);
    set(&x, "x", 0, 2.0);
    set(&x, "y", 0, 3.0);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 0, 1, &d), PS_OK, "%s", x.err.message);
    double xs = (1.0 + sqrt(19.0)) / 2.0, ys = (10.0 - sqrt(19.0)) / 2.0;
    for (int t = 0; t < 2; t++) {
        /* t = 0 starts from (2, 3); t = 1 has no values and starts from t = 0.
        ** The solver promises |r_i| <= 1e-10 (1 + |y_i|); J^-1 has entries
        ** below 1 here, so the root is within 1e-9 (relative to max(1, .)). */
        near(get(&x, "x", t), xs, 1e-9, "x");
        near(get(&x, "y", t), ys, 1e-9, "y");
    }
    cr_assert_eq(d.blocks_solved, 2);
    cr_assert_geq(d.max_iterations, 2, "a nonlinear block needs more than one step");
    /* Starting from the previous period's root: converged before any step. */
    cr_assert_eq(d.newton_iterations, (long)d.max_iterations);
    fx_free(&x);
}

Test(solve_newton, self_reference_omega_constant) {
    /* x = exp(-x): the omega constant W(1) = 0.5671432904097838... */
    fixture x;
    fx_build(&x,
             "model om annual;\nendogenous x;\nidentity [w] x = exp(-x);\n",
             NULL, 1);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 0, 0, &d), PS_OK, "%s", x.err.message); /* starts at 1 */
    /* |r| <= 1e-10 (1 + x) and r' = 1 + exp(-x) = 1 + x, so |x - W| <= 1e-10. */
    near(get(&x, "x", 0), 0.5671432904097838, 1e-10, "omega");
    cr_assert_eq(d.blocks_solved, 1, "a self-referencing equation is simultaneous");
    fx_free(&x);
}

static const char *LOGX_MODEL =
    "model dm annual;\nendogenous x;\nexogenous z;\nidentity [q] x = log(x) + z;\n";

Test(solve_newton, damping_recovers_from_a_step_out_of_the_domain) {
    /* r(x) = x - log(x) - 3.  From x = 0.9 the full Newton step lands at
    ** x = 0.9 - (-1.9946)/(-0.1111) = -17.05, where log is undefined: the
    ** step must be halved.  Check the root by substitution.  (z = 3 is data:
    ** the model checker wants an equation to use more than its own variable.) */
    fixture x;
    fx_build(&x, LOGX_MODEL, NULL, 1);
    set(&x, "z", 0, 3.0);
    set(&x, "x", 0, 0.9);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 0, 0, &d), PS_OK, "%s", x.err.message);
    double v = get(&x, "x", 0);
    cr_assert(fabs(v - log(v) - 3.0) <= 1e-10 * (1 + fabs(v)), "x = %.17g", v);
    cr_assert_gt(d.halvings, 0);
    fx_free(&x);
}

/* ------------------------------------------------------ dense versus sparse */

/* Ring of n equations: e_i: x_i = k * f(x_{i-1}) + [lag] + c_i (cyclic). */
static char *ring_model(int n, int nonlinear) {
    size_t cap = (size_t)n * 160 + 200, off = 0;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    off += (size_t)snprintf(s + off, cap - off, "model ring annual;\n");
    for (int i = 1; i <= n; i++)
        off += (size_t)snprintf(s + off, cap - off, "endogenous x%d;\n", i);
    for (int i = 1; i <= n; i++) {
        int j = i == 1 ? n : i - 1;
        if (nonlinear)
            off += (size_t)snprintf(s + off, cap - off,
                                    "identity [e%d] x%d = 0.5 * sqrt(x%d) + 0.1 * x%d(-1) + 1;\n",
                                    i, i, j, i);
        else
            off += (size_t)snprintf(s + off, cap - off, "identity [e%d] x%d = 0.5 * x%d + %d;\n",
                                    i, i, j, i);
    }
    return s;
}

static void ring_solve(int nonlinear, int sparse_min, int nper, double *out, ps_solve_diag *d) {
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.sparse_min = sparse_min;
    char *src = ring_model(60, nonlinear);
    fixture x;
    fx_build(&x, src, &o, nper);
    free(src);
    char name[16];
    for (int i = 1; i <= 60; i++) {
        snprintf(name, sizeof name, "x%d", i);
        set(&x, name, 0, 2.0 + 0.01 * i);
    }
    cr_assert_eq(run(&x, nper > 1 ? 1 : 0, nper - 1, d), PS_OK, "%s", x.err.message);
    for (int t = 0; t < nper; t++)
        for (int i = 1; i <= 60; i++) {
            snprintf(name, sizeof name, "x%d", i);
            out[t * 60 + i - 1] = get(&x, name, t);
        }
    fx_free(&x);
}

/* The linear ring's closed form: x_i = sum_k 0.5^k c_{i-k} / (1 - 0.5^60). */
static double ring_closed_form(int i) {
    double sum = 0.0, pw = 1.0;
    for (int k = 0; k < 60; k++) {
        sum += pw * (((i - 1 - k) % 60 + 60) % 60 + 1);
        pw *= 0.5;
    }
    return sum / (1.0 - ldexp(1.0, -60));
}

Test(solve_sparse, linear_ring_klu_dense_and_closed_form) {
    /* x_i = 0.5 x_{i-1} + i around a ring of 60:
    ** x_i = sum_{k=0}^{59} 0.5^k c_{i-k} / (1 - 0.5^60), c_j = j (indices mod 60). */
    double ks[60], dn[60];
    ps_solve_diag dk, dd;
    ring_solve(0, 50, 1, ks, &dk);
    ring_solve(0, 1000000, 1, dn, &dd);
    cr_assert_eq(dk.sparse_blocks, 1, "sparse_min 50: the 60-ring goes to KLU");
    cr_assert_eq(dd.sparse_blocks, 0, "sparse_min 1e6: dense LU");
    for (int i = 1; i <= 60; i++) {
        double want = ring_closed_form(i);
        near(ks[i - 1], want, 1e-10, "klu vs closed form");
        near(dn[i - 1], want, 1e-10, "dense vs closed form");
        near(ks[i - 1], dn[i - 1], 1e-10, "klu vs dense");
    }
}

Test(solve_sparse, nonlinear_ring_over_periods_klu_equals_dense) {
    /* Several Newton iterations per period and several periods: KLU's
    ** refactorisation path is used.  Checked by substitution and against
    ** the dense solve. */
    enum { NPER = 4 };
    double ks[NPER * 60], dn[NPER * 60];
    ps_solve_diag dk, dd;
    ring_solve(1, 50, NPER, ks, &dk);
    ring_solve(1, 1000000, NPER, dn, &dd);
    cr_assert_eq(dk.sparse_blocks, NPER - 1);
    cr_assert_eq(dd.sparse_blocks, 0);
    cr_assert_geq(dk.max_iterations, 2);
    for (int t = 1; t < NPER; t++)
        for (int i = 0; i < 60; i++) {
            int j = i == 0 ? 59 : i - 1;
            double xi = ks[t * 60 + i];
            double g = 0.5 * sqrt(ks[t * 60 + j]) + 0.1 * ks[(t - 1) * 60 + i] + 1.0;
            cr_assert(fabs(xi - g) <= 1e-10 * (1 + fabs(xi)), "ring eq %d t %d", i + 1, t);
            near(xi, dn[t * 60 + i], 1e-10, "klu vs dense");
        }
}

/* Also run densely (sparse_min huge): J = -0.5 P then needs row pivoting. */
static void repivot_ring(int sparse_min, int expect_sparse) {
    /* x_i = c x_i + 0.5 x_{i-1} + i around a ring of 60, so J = (1-c) I - 0.5 P.
    ** 2021, c = 0: diagonal pivots; the linear ring's closed form.
    ** 2022, c = 1 - 1e-13: the diagonal pivots of 2021 are now 1e-13, so
    **   their reciprocal condition estimate collapses and KLU must pivot
    **   afresh; the root satisfies 1e-13 x_i - 0.5 x_{i-1} = i, so
    **   x_{i-1} = -2 i + O(1e-11).
    ** 2023, c = 1: J = -0.5 P; r_i = -0.5 x_{i-1} - i, so x_{i-1} = -2 i.
    ** 2024, c = 0 again: back to the closed form. */
    size_t cap = 60 * 90 + 100, off = 0;
    char *src = malloc(cap);
    cr_assert_not_null(src);
    off += (size_t)snprintf(src + off, cap - off, "model rp annual;\nexogenous c;\n");
    for (int i = 1; i <= 60; i++)
        off += (size_t)snprintf(src + off, cap - off, "endogenous x%d;\n", i);
    for (int i = 1; i <= 60; i++)
        off += (size_t)snprintf(src + off, cap - off,
                                "identity [e%d] x%d = c * x%d + 0.5 * x%d + %d;\n", i, i, i,
                                i == 1 ? 60 : i - 1, i);
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.sparse_min = sparse_min;
    fixture x;
    fx_build(&x, src, &o, 5);
    free(src);
    set(&x, "c", 1, 0.0);
    set(&x, "c", 2, 1.0 - 1e-13);
    set(&x, "c", 3, 1.0);
    set(&x, "c", 4, 0.0);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 1, 4, &d), PS_OK, "%s", x.err.message);
    cr_assert_eq(d.sparse_blocks, expect_sparse);
    char name[16];
    for (int i = 1; i <= 60; i++) {
        snprintf(name, sizeof name, "x%d", i == 1 ? 60 : i - 1);
        near(get(&x, name, 2), -2.0 * i, 1e-10, "c = 1 - 1e-13");
        near(get(&x, name, 3), -2.0 * i, 1e-12, "c = 1");
        snprintf(name, sizeof name, "x%d", i);
        near(get(&x, name, 1), ring_closed_form(i), 1e-10, "c = 0");
        near(get(&x, name, 4), ring_closed_form(i), 1e-10, "c = 0 again");
    }
    fx_free(&x);
}

Test(solve_sparse, klu_chooses_new_pivots_when_the_jacobian_changes) {
    repivot_ring(50, 4);
}

Test(solve_newton, dense_lu_pivots_rows_when_the_diagonal_vanishes) {
    repivot_ring(1000000, 0);
}

/* ----------------------------------------------------- Jacobian reuse */

/* Ring of n: x_i = 0.5 sqrt(x_{i-1}) + 0.1 x_i(-1) + z (z exogenous), so the
** block moves every period with z. */
static char *zring_model(int n) {
    size_t cap = (size_t)n * 120 + 200, off = 0;
    char *src = malloc(cap);
    cr_assert_not_null(src);
    off += (size_t)snprintf(src + off, cap - off, "model zr annual;\nexogenous z;\n");
    for (int i = 1; i <= n; i++)
        off += (size_t)snprintf(src + off, cap - off, "endogenous x%d;\n", i);
    for (int i = 1; i <= n; i++)
        off += (size_t)snprintf(src + off, cap - off,
                                "identity [e%d] x%d = 0.5 * sqrt(x%d) + 0.1 * x%d(-1) + z;\n",
                                i, i, i == 1 ? n : i - 1, i);
    return src;
}

enum { ZR_NPER = 9, ZR_MAXN = 60 };

/* Solve the z-ring over periods 1..8 (z oscillating, starting values only
** at t = 0); out[t * n + i - 1] = x_i in period t. */
static void zring_solve(int n, int sparse_min, int reuse, double *out, ps_solve_diag *d) {
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.sparse_min = sparse_min;
    o.reuse_jacobian = reuse;
    char *src = zring_model(n);
    fixture x;
    fx_build(&x, src, &o, ZR_NPER);
    free(src);
    char name[16];
    for (int i = 1; i <= n; i++) {
        snprintf(name, sizeof name, "x%d", i);
        set(&x, name, 0, 2.0 + 0.01 * i);
    }
    for (int t = 0; t < ZR_NPER; t++) set(&x, "z", t, 1.0 + 0.05 * sin(1.3 * t));
    cr_assert_eq(run(&x, 1, ZR_NPER - 1, d), PS_OK, "%s", x.err.message);
    for (int t = 0; t < ZR_NPER; t++)
        for (int i = 1; i <= n; i++) {
            snprintf(name, sizeof name, "x%d", i);
            out[t * n + i - 1] = get(&x, name, t);
        }
    fx_free(&x);
}

static void reuse_equals_fresh(int n, int sparse_min) {
    static double kept[ZR_NPER * ZR_MAXN], fresh[ZR_NPER * ZR_MAXN];
    ps_solve_diag dk, df;
    zring_solve(n, sparse_min, 1, kept, &dk);
    zring_solve(n, sparse_min, 0, fresh, &df);
    cr_assert_eq(dk.blocks_solved, ZR_NPER - 1);
    cr_assert_eq(dk.sparse_blocks, n >= sparse_min ? ZR_NPER - 1 : 0);
    cr_assert_leq(dk.max_residual, 1e-10);
    for (int t = 1; t < ZR_NPER; t++) {
        double z = 1.0 + 0.05 * sin(1.3 * t);
        for (int i = 0; i < n; i++) {
            /* By substitution, at the solver's tolerance. */
            double xi = kept[t * n + i];
            double g = 0.5 * sqrt(kept[t * n + (i == 0 ? n - 1 : i - 1)]) +
                       0.1 * kept[(t - 1) * n + i] + z;
            cr_assert(fabs(xi - g) <= 1e-10 * (1 + fabs(xi)), "eq %d t %d: %.17g vs %.17g",
                      i + 1, t, xi, g);
            /* Both residuals are within 1e-10 (1 + |x|) and |J^-1| <= 1 / (1 -
            ** 0.5 * 0.5 / sqrt(1)) < 2 here, so the roots agree to 1e-9. */
            near(xi, fresh[t * n + i], 1e-9, "kept factors vs fresh Newton");
        }
    }
}

Test(solve_reuse, kept_dense_factors_give_the_fresh_newton_solution) {
    reuse_equals_fresh(12, 50);
}

Test(solve_reuse, kept_klu_factors_give_the_fresh_newton_solution) {
    reuse_equals_fresh(60, 50);
}

/* x = k x + 0.5 y + z, y = exp(-0.1 x): J = [[1 - k, -0.5], [0.1 exp(-0.1 x), 1]].
** k alternates 0 and 2, so J's first pivot flips between 1 and -1 from one
** period to the next.  The factors of the previous period then give the
** iteration  e <- (I - J_old^-1 J_new) e,  whose matrix has an eigenvalue
** near 2: simplified Newton alone would run away, so every such period must
** evaluate and factorise J again. */
static void flip_solve(int reuse, int sparse_min, double *xs, double *ys, ps_solve_diag *d) {
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.reuse_jacobian = reuse;
    o.sparse_min = sparse_min;
    fixture x;
    fx_build(&x,
             "model flip annual;\nendogenous x;\nendogenous y;\nexogenous k;\nexogenous z;\n"
             "identity [ex] x = k * x + 0.5 * y + z;\nidentity [ey] y = exp(-0.1 * x);\n",
             &o, 8);
    for (int t = 0; t < 8; t++) {
        set(&x, "k", t, t % 2 ? 2.0 : 0.0);
        set(&x, "z", t, 1.0 + 0.1 * t);
    }
    cr_assert_eq(run(&x, 0, 7, d), PS_OK, "%s", x.err.message);
    for (int t = 0; t < 8; t++) {
        xs[t] = get(&x, "x", t);
        ys[t] = get(&x, "y", t);
    }
    fx_free(&x);
}

static void flip_check(int sparse_min) {
    double xk[8], yk[8], xf[8], yf[8];
    ps_solve_diag dk, df;
    flip_solve(1, sparse_min, xk, yk, &dk);
    flip_solve(0, sparse_min, xf, yf, &df);
    cr_assert_eq(dk.blocks_solved, 8);
    for (int t = 0; t < 8; t++) {
        double k = t % 2 ? 2.0 : 0.0, z = 1.0 + 0.1 * t;
        /* By substitution: both equations at the solver's tolerance. */
        cr_assert(fabs(xk[t] - (k * xk[t] + 0.5 * yk[t] + z)) <= 1e-10 * (1 + fabs(xk[t])),
                  "ex t %d", t);
        cr_assert(fabs(yk[t] - exp(-0.1 * xk[t])) <= 1e-10 * (1 + fabs(yk[t])), "ey t %d", t);
        /* The root is unique here (k = 0: x - 0.5 exp(-0.1 x) increases; k = 2:
        ** x + 0.5 exp(-0.1 x) increases for x > -30): both runs find it.  The
        ** scalar equations have slopes of magnitude >= 0.9, so the residual
        ** bound gives |x - x*| <= 2.3e-10 (1 + |x|). */
        near(xk[t], xf[t], 1e-9, "x, kept factors vs fresh");
        near(yk[t], yf[t], 1e-9, "y, kept factors vs fresh");
    }
    /* k = 2 periods: x = -(0.5 exp(-0.1 x) + z) < 0; k = 0: x > 0. */
    cr_assert_lt(xk[1], 0.0);
    cr_assert_gt(xk[2], 0.0);
}

Test(solve_reuse, jacobian_that_flips_between_periods_is_factorised_again) {
    flip_check(50);
}

Test(solve_reuse, klu_jacobian_that_flips_between_periods_is_factorised_again) {
    flip_check(1);
}

/* Start values of the z-ring at t = 0 (scale 1: near its root, about 2.2)
** and nothing in periods 1..8. */
static void zring_start(fixture *x, double scale) {
    char name[16];
    for (int i = 1; i <= 12; i++) {
        snprintf(name, sizeof name, "x%d", i);
        set(x, name, 0, scale * (2.0 + 0.01 * i));
        for (int t = 1; t < ZR_NPER; t++) set(x, name, t, NAN);
    }
    for (int t = 0; t < ZR_NPER; t++) set(x, "z", t, 1.0 + 0.05 * sin(1.3 * t));
}

/* Workspace a first solves the ring from other values (its factors are then
** those of another point), workspace b is new; both then solve the same
** frame.  The kept factors are forgotten at the start of each run, so the
** results agree bit for bit. */
static void history_independent(int sparse_min) {
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.sparse_min = sparse_min;
    char *src = zring_model(12);
    fixture a, b;
    fx_build(&a, src, &o, ZR_NPER);
    fx_build(&b, src, &o, ZR_NPER);
    free(src);
    zring_start(&a, 20.0);
    cr_assert_eq(run(&a, 1, 8, NULL), PS_OK, "%s", a.err.message);
    zring_start(&a, 1.0);
    zring_start(&b, 1.0);
    cr_assert_eq(run(&a, 1, 8, NULL), PS_OK, "%s", a.err.message);
    cr_assert_eq(run(&b, 1, 8, NULL), PS_OK, "%s", b.err.message);
    char name[16];
    for (int t = 1; t <= 8; t++)
        for (int i = 1; i <= 12; i++) {
            snprintf(name, sizeof name, "x%d", i);
            double va = get(&a, name, t), vb = get(&b, name, t);
            cr_assert(memcmp(&va, &vb, sizeof va) == 0, "%s t %d: %.17g vs %.17g", name, t,
                      va, vb);
        }
    fx_free(&a);
    fx_free(&b);
}

Test(solve_reuse, a_run_does_not_depend_on_earlier_runs) {
    history_independent(50);
    history_independent(1);
}

/* ---------------------------------------------------- recursion, lags */

Test(solve_periods, recursive_chain_in_dependency_order) {
    /* Declared out of order: the blocks must run a, b, c. */
    fixture x;
    fx_build(&x,
             "model chain annual;\n"
             "endogenous c;\nendogenous b;\nendogenous a;\nexogenous e;\n"
             "identity [ec] c = b + a;\n"
             "identity [eb] b = 2 * a;\n"
             "identity [ea] a = e + 1;\n",
             NULL, 3);
    for (int t = 0; t < 3; t++) set(&x, "e", t, 3.0 + t);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 0, 2, &d), PS_OK, "%s", x.err.message);
    for (int t = 0; t < 3; t++) {
        double a = 4.0 + t;
        near(get(&x, "a", t), a, 1e-15, "a");
        near(get(&x, "b", t), 2 * a, 1e-15, "b");
        near(get(&x, "c", t), 3 * a, 1e-15, "c");
    }
    cr_assert_eq(d.explicit_evals, 9);
    cr_assert_eq(d.blocks_solved, 0);
    cr_assert_eq(d.newton_iterations, 0);
    cr_assert_eq(d.periods, 3);
    fx_free(&x);
}

/* x = 0.5 y + z, y = 0.5 x + z: x = y = 2 z.  With z growing 10% a year
** and x, y on that path in 2020 and 2021, the start for 2022 moved on by
** the last growth factor is 2.2 * 1.1 = 2.42, the solution itself: no
** Newton iteration is needed (from 2021's 2.2 one would be). */
Test(solve_periods, newton_starts_from_the_last_growth_rate) {
    fixture x;
    fx_build(&x,
             "model gr annual;\nendogenous x;\nendogenous y;\nexogenous z;\n"
             "identity [ex] x = 0.5 * y + z;\nidentity [ey] y = 0.5 * x + z;\n",
             NULL, 3);
    double z[3] = {1.0, 1.1, 1.21};
    for (int t = 0; t < 3; t++) set(&x, "z", t, z[t]);
    for (int t = 0; t < 2; t++) {
        set(&x, "x", t, 2 * z[t]);
        set(&x, "y", t, 2 * z[t]);
    }
    ps_solve_diag d;
    cr_assert_eq(run(&x, 2, 2, &d), PS_OK, "%s", x.err.message);
    cr_assert_eq(d.newton_iterations, 0, "started at the solution, yet %d iterations",
                 d.newton_iterations);
    near(get(&x, "x", 2), 2.42, 1e-10, "x(2022)");
    fx_free(&x);
}

/* When the extrapolated start leaves an equation's domain, Newton starts
** from the previous period instead.  x = 1 + 0.5 y, y = sqrt(2.5 - x):
** with u = y, 2.5 - u^2 = 1 + 0.5 u, so u = 1, x = 1.5.  x went 1 -> 1.9,
** so the extrapolated start 3.61 would put sqrt(2.5 - 3.61) out of its
** domain; from 1.9 it converges. */
Test(solve_periods, extrapolated_start_outside_the_domain_falls_back) {
    fixture x;
    fx_build(&x,
             "model fb annual;\nendogenous x;\nendogenous y;\n"
             "identity [ex] x = 1 + 0.5 * y;\nidentity [ey] y = sqrt(2.5 - x);\n",
             NULL, 3);
    set(&x, "x", 0, 1.0);
    set(&x, "x", 1, 1.9);
    set(&x, "y", 0, 1.0);
    set(&x, "y", 1, 0.6);
    cr_assert_eq(run(&x, 2, 2, NULL), PS_OK, "%s", x.err.message);
    near(get(&x, "x", 2), 1.5, 1e-10, "x(2022)");
    near(get(&x, "y", 2), 1.0, 1e-10, "y(2022)");
    fx_free(&x);
}

/* Hoisting (compile/hoist.c): what Newton's iterations do not change is
** computed once per period.  x = 0.5 y + log(z(-1)), y = 0.5 x + log(w):
** log(z(-1)) and log(w) (w exogenous) are invariants of the block; the
** solution is x = (L1 + 0.5 L2) / 0.75, y = 0.5 x + L2 with L1 = log(z(-1)),
** L2 = log(w).  y = x / v(-1) adds a Jacobian invariant: d(x / v(-1))/dx
** = 1 / v(-1). */
Test(solve_hoist, invariants_of_g_and_of_the_jacobian) {
    fixture x;
    fx_build(&x,
             "model ho annual;\nendogenous x;\nendogenous y;\nexogenous z;\nexogenous w;\n"
             "identity [ex] x = 0.5 * y + log(z(-1));\n"
             "identity [ey] y = 0.5 * x + log(w);\n",
             NULL, 3);
    const ps_pblock *pb = NULL;
    for (int b = 0; b < x.p->nblocks; b++)
        if (x.p->blocks[b].kind == PS_BLOCK_SIMULTANEOUS) pb = &x.p->blocks[b];
    cr_assert_not_null(pb);
    cr_assert_eq(pb->nginv, 2, "log(z(-1)) and log(w), got %d", pb->nginv);
    cr_assert_eq(x.p->ninv, 2);
    char dis[2000];
    ps_vm_disasm(x.p, pb->grun, dis, sizeof dis);
    cr_assert(!strstr(dis, "log"), "the block's run still takes logs:\n%s", dis);
    for (int t = 0; t < 3; t++) {
        set(&x, "z", t, 2.0 + t);
        set(&x, "w", t, 1.5 + 0.5 * t);
    }
    cr_assert_eq(run(&x, 1, 2, NULL), PS_OK, "%s", x.err.message);
    for (int t = 1; t < 3; t++) {
        double l1 = log(2.0 + (t - 1)), l2 = log(1.5 + 0.5 * t);
        double xs = (l1 + 0.5 * l2) / 0.75;
        near(get(&x, "x", t), xs, 1e-10, "x");
        near(get(&x, "y", t), 0.5 * xs + l2, 1e-10, "y");
    }
    fx_free(&x);
}

/* x = y / v(-1), y = sqrt(x) + 1 with v(-1) = 2: y = sqrt(y / 2) + 1, so
** with s = sqrt(y): s^2 - s / sqrt(2) - 1 = 0, s = (1/sqrt(2) + sqrt(1/2 + 4)) / 2. */
Test(solve_hoist, a_jacobian_entry_that_is_all_invariant) {
    fixture x;
    fx_build(&x,
             "model hj annual;\nendogenous x;\nendogenous y;\nexogenous v;\n"
             "identity [ex] x = y / v(-1);\nidentity [ey] y = sqrt(x) + 1;\n",
             NULL, 2);
    const ps_pblock *pb = &x.p->blocks[x.p->nblocks - 1];
    cr_assert_eq(pb->kind, PS_BLOCK_SIMULTANEOUS);
    cr_assert_eq(pb->nginv, 0);
    cr_assert_eq(pb->njinv, 1, "1 / v(-1), got %d", pb->njinv);
    set(&x, "v", 0, 2.0);
    cr_assert_eq(run(&x, 1, 1, NULL), PS_OK, "%s", x.err.message);
    double s = (1 / sqrt(2.0) + sqrt(0.5 + 4)) / 2;
    near(get(&x, "y", 1), s * s, 1e-10, "y");
    near(get(&x, "x", 1), s * s / 2, 1e-10, "x");
    fx_free(&x);
}

/* Hoisting must not change a single bit: after the invariant runs, the
** block's rewritten runs give exactly what the plain codes of G_i and of
** every Jacobian entry give, at many random points.  The block mixes every
** kind of invariant: logs, exp, pow, sqrt and divisions of lags, of an
** exogenous series and of an earlier explicit variable, shared ones, and
** entries that are invariant as a whole. */
Test(solve_hoist, rewritten_runs_equal_the_plain_codes_bit_for_bit) {
    fixture x;
    fx_build(&x,
             "model hb annual;\nendogenous e, a, b, c;\nexogenous z, w;\nparameter k = 0.3;\n"
             "identity [ee] e = 2 + z;\n"
             "equation [ea] a = k * b + log(z(-1)) + exp(0.1 * w) * c / w(-1);\n"
             "equation [eb] log(b) = 0.2 * log(a) + 0.5 * log(b(-1)) + log(e / z(-1)) - 0.1 * sqrt(w);\n"
             "equation [ec] c = 0.4 * a * e ^ 0.5 + b / (1 + e) + c(-1) ^ k;\n",
             NULL, 2);
    const ps_pblock *pb = &x.p->blocks[x.p->nblocks - 1];
    cr_assert_eq(pb->kind, PS_BLOCK_SIMULTANEOUS);
    cr_assert_eq(pb->n, 3);
    cr_assert_gt(pb->nginv, 3, "G invariants: %d", pb->nginv);
    cr_assert_gt(pb->njinv, 0, "Jacobian invariants: %d", pb->njinv);
    const ps_program *p = x.p;
    double *pext = calloc((size_t)(p->nparam + p->ninv + 1), sizeof *pext);
    double *stack = calloc((size_t)p->max_stack + 1, sizeof *stack), g[3], jv[64];
    cr_assert_leq(pb->njac, 64);
    for (int i = 0; i < p->nparam; i++) pext[i] = x.params[i];
    srand(7);
    for (int draw = 0; draw < 500; draw++) {
        for (int t = 0; t < 2; t++)
            for (int c = 0; c < p->nvar; c++) ps_frame_set(x.f, c, t, 0.2 + 3.0 * rand() / RAND_MAX);
        double *row = ps_frame_row(x.f, 1);
        cr_assert_eq(ps_vm_run(p, pb->ginv, row, pext, stack, pext + p->nparam), 0.0);
        cr_assert_eq(ps_vm_run(p, pb->jinv, row, pext, stack, pext + p->nparam), 0.0);
        cr_assert_eq(ps_vm_run(p, pb->grun, row, pext, stack, g), 0.0);
        cr_assert_eq(ps_vm_run(p, pb->jrun, row, pext, stack, jv), 0.0);
        for (int i = 0; i < pb->n; i++) {
            double plain = ps_vm_eval(p, pb->g[i], row, x.params, stack);
            cr_assert(memcmp(&plain, &g[i], sizeof plain) == 0, "G_%d: hoisted %.17g, plain %.17g",
                      i, g[i], plain);
        }
        for (int k = 0; k < pb->njac; k++) {
            double plain = ps_vm_eval(p, pb->jcode[k], row, x.params, stack);
            cr_assert(memcmp(&plain, &jv[k], sizeof plain) == 0,
                      "entry %d: hoisted %.17g, plain %.17g", k, jv[k], plain);
        }
    }
    free(pext);
    free(stack);
    fx_free(&x);
}

/* An invariant outside its domain is reported for its equation, as before
** hoisting: log(z(-1)) with z(2020) = -1. */
Test(solve_hoist, an_invariant_outside_its_domain_names_its_equation) {
    fixture x;
    fx_build(&x,
             "model hd annual;\nendogenous x;\nendogenous y;\nexogenous z;\n"
             "identity [ex] x = 0.5 * y + 1;\n"
             "identity [ey] y = 0.5 * x + log(z(-1));\n",
             NULL, 2);
    set(&x, "z", 0, -1.0);
    int rc = run(&x, 1, 1, NULL);
    cr_assert_eq(rc, PS_ERR_DOMAIN, "%s", x.err.message);
    has(x.err.message, "log of -1 (must be positive)");
    cr_assert_str_eq(x.err.equation, "ey");
    cr_assert_str_eq(x.err.period, "2021");
    cr_assert(isnan(get(&x, "x", 1)), "the block's values are put back");
    fx_free(&x);
}

Test(solve_periods, keynes_cross_with_lags_matches_hand_recurrence) {
    /* c = mpc y + 0.3 c(-1) + c_a, y = c + g; with c_a = 0:
    ** c_t = (mpc g_t + 0.3 c_{t-1}) / (1 - mpc), y_t = c_t + g_t.
    ** k = 0.9 k(-1) + y (explicit, lagged): k_t = 0.9 k_{t-1} + y_t. */
    fixture x;
    fx_build(&x,
             "model keynes annual;\n"
             "endogenous c;\nendogenous y;\nendogenous k;\nexogenous g;\n"
             "parameter mpc = 0.6;\n"
             "equation [cons] c = mpc * y + 0.3 * c(-1);\n"
             "identity [inc] y = c + g;\n"
             "identity [cap] k = 0.9 * k(-1) + y;\n",
             NULL, 6);
    set(&x, "c", 0, 50.0);
    set(&x, "k", 0, 100.0);
    for (int t = 1; t < 6; t++) set(&x, "g", t, 8.0 + 2.0 * t);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 1, 5, &d), PS_OK, "%s", x.err.message);
    double c = 50.0, k = 100.0;
    for (int t = 1; t < 6; t++) {
        double g = 8.0 + 2.0 * t;
        c = (0.6 * g + 0.3 * c) / 0.4;
        k = 0.9 * k + c + g;
        near(get(&x, "c", t), c, 1e-10, "c");
        near(get(&x, "y", t), c + g, 1e-10, "y");
        near(get(&x, "k", t), k, 1e-10, "k");
    }
    cr_assert_eq(d.periods, 5);
    cr_assert_eq(d.blocks_solved, 5);
    cr_assert_eq(d.explicit_evals, 5);
    fx_free(&x);
}

/* ------------------------------------------------------------ add-factors */

static const char *AF_MODEL =
    "model af annual;\n"
    "endogenous yl;\nendogenous yg;\nendogenous yd;\nendogenous yp;\n"
    "endogenous u;\nendogenous v;\nexogenous x;\n"
    "equation [lev] yl = 2 * x;\n"
    "equation [lg] log(yg) = 0.5 * log(x);\n"
    "equation [df] diff(yd) = 0.1 * x;\n"
    "equation [pc] pct(yp) = x;\n"
    "equation [s1] log(u) = 0.3 * log(v) + 1;\n"
    "equation [s2] v = 0.5 * u + x;\n";

static const double AF_X[4] = {2.0, 3.0, 5.0, 4.0};
static const double AF_YL[4] = {5.0, 7.5, 9.0, 8.0};
static const double AF_YG[4] = {1.5, 2.0, 2.5, 1.8};
static const double AF_YD[4] = {10.0, 12.0, 12.5, 14.0};
static const double AF_YP[4] = {100.0, 105.0, 103.0, 110.0};
static const double AF_U[4] = {4.0, 5.0, 6.0, 5.5};
static const double AF_V[4] = {3.0, 4.0, 9.0, 7.0};

static void af_data(fixture *x) {
    for (int t = 0; t < 4; t++) {
        set(x, "x", t, AF_X[t]);
        set(x, "yl", t, AF_YL[t]);
        set(x, "yg", t, AF_YG[t]);
        set(x, "yd", t, AF_YD[t]);
        set(x, "yp", t, AF_YP[t]);
        set(x, "u", t, AF_U[t]);
        set(x, "v", t, AF_V[t]);
    }
}

Test(solve_addfactors, every_transform_matches_its_definition) {
    /* EViews' definition: y_a = T(y) - rhs, written out per transform. */
    fixture x;
    fx_build(&x, AF_MODEL, NULL, 4);
    af_data(&x);
    cr_assert_eq(ps_addfactors_compute(x.p, x.f, x.params, 1, 3, &x.err), PS_OK, "%s",
                 x.err.message);
    for (int t = 1; t < 4; t++) {
        near(get(&x, "yl_a", t), AF_YL[t] - 2 * AF_X[t], 1e-13, "level");
        near(get(&x, "yg_a", t), log(AF_YG[t]) - 0.5 * log(AF_X[t]), 1e-13, "log");
        near(get(&x, "yd_a", t), (AF_YD[t] - AF_YD[t - 1]) - 0.1 * AF_X[t], 1e-13, "diff");
        near(get(&x, "yp_a", t), 100 * (AF_YP[t] / AF_YP[t - 1] - 1) - AF_X[t], 1e-12, "pct");
        near(get(&x, "u_a", t), log(AF_U[t]) - 0.3 * log(AF_V[t]) - 1, 1e-13, "log (simult.)");
        near(get(&x, "v_a", t), AF_V[t] - 0.5 * AF_U[t] - AF_X[t], 1e-13, "level (simult.)");
    }
    /* Period 0 was not asked for: untouched (0 from the fixture). */
    cr_assert_eq(get(&x, "yl_a", 0), 0.0);
    fx_free(&x);
}

Test(solve_addfactors, solving_with_them_reproduces_the_data) {
    /* Explicit equations reproduce the data to rounding; the simultaneous
    ** block [s1] [s2] to the solver tolerance, so it is set to 1e-14 here
    ** (the default 1e-10 leaves errors up to about 1e-10 * (1 + |y|)). */
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.tol = 1e-14;
    fixture x;
    fx_build(&x, AF_MODEL, &o, 4);
    af_data(&x);
    cr_assert_eq(ps_addfactors_compute(x.p, x.f, x.params, 1, 3, &x.err), PS_OK, "%s",
                 x.err.message);
    /* Forget the endogenous data of periods 1..3 (Newton then starts from
    ** the previous period's solution) and solve again. */
    const char *endo[] = {"yl", "yg", "yd", "yp", "u", "v"};
    for (int t = 1; t < 4; t++)
        for (int i = 0; i < 6; i++) set(&x, endo[i], t, NAN);
    ps_solve_diag d;
    cr_assert_eq(run(&x, 1, 3, &d), PS_OK, "%s", x.err.message);
    for (int t = 1; t < 4; t++) {
        near(get(&x, "yl", t), AF_YL[t], 1e-12, "yl");
        near(get(&x, "yg", t), AF_YG[t], 1e-12, "yg");
        near(get(&x, "yd", t), AF_YD[t], 1e-12, "yd");
        near(get(&x, "yp", t), AF_YP[t], 1e-12, "yp");
        near(get(&x, "u", t), AF_U[t], 1e-12, "u");
        near(get(&x, "v", t), AF_V[t], 1e-12, "v");
    }
    cr_assert_eq(d.blocks_solved, 3, "u and v form one simultaneous block");
    fx_free(&x);
}

Test(solve_addfactors, missing_data_leaves_them_missing) {
    fixture x;
    fx_build(&x, AF_MODEL, NULL, 4);
    af_data(&x);
    set(&x, "x", 2, NAN);   /* input missing in 2022 */
    set(&x, "yg", 3, NAN);  /* y missing in 2023 */
    set(&x, "yd", 1, NAN);  /* y(-1) of diff missing in 2023, y missing in 2021 */
    cr_assert_eq(ps_addfactors_compute(x.p, x.f, x.params, 1, 3, &x.err), PS_OK, "%s",
                 x.err.message);
    cr_assert(isnan(get(&x, "yl_a", 2)));
    cr_assert(isnan(get(&x, "yg_a", 2)));
    cr_assert(isnan(get(&x, "yg_a", 3)));
    cr_assert(isnan(get(&x, "yd_a", 1)));
    cr_assert(isnan(get(&x, "yd_a", 2)));
    near(get(&x, "yl_a", 3), AF_YL[3] - 2 * AF_X[3], 1e-13, "complete period");
    near(get(&x, "yd_a", 3), AF_YD[3] - AF_YD[2] - 0.1 * AF_X[3], 1e-13, "complete period");
    /* An empty range is a no-op, not an error. */
    cr_assert_eq(ps_addfactors_compute(x.p, x.f, x.params, 3, 2, &x.err), PS_OK);
    fx_free(&x);
}

Test(solve_addfactors, data_outside_the_transform_domain) {
    fixture x;
    fx_build(&x, AF_MODEL, NULL, 4);
    af_data(&x);
    set(&x, "yg", 2, -3.0);
    int rc = ps_addfactors_compute(x.p, x.f, x.params, 1, 3, &x.err);
    cr_assert_eq(rc, PS_ERR_DOMAIN);
    has(x.err.message, "log(yg)");
    has(x.err.message, "-3");
    has(x.err.message, "2022");
    cr_assert_str_eq(x.err.equation, "lg");
    cr_assert_str_eq(x.err.variable, "yg");
    cr_assert_str_eq(x.err.period, "2022");

    af_data(&x);
    set(&x, "yp", 1, 0.0);
    rc = ps_addfactors_compute(x.p, x.f, x.params, 1, 3, &x.err);
    cr_assert_eq(rc, PS_ERR_DOMAIN);
    has(x.err.message, "pct(yp)");
    has(x.err.message, "yp(-1) != 0");
    has(x.err.message, "2021");
    cr_assert_str_eq(x.err.period, "2022");
    fx_free(&x);
}

/* --------------------------------------------------------------- failures */

Test(solve_errors, no_convergence_names_equation_variable_period) {
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.max_iter = 1;
    fixture x;
    fx_build(&x, SQRT_MODEL, &o, 1);
    set(&x, "x", 0, 2.0);
    set(&x, "y", 0, 3.0);
    int rc = run(&x, 0, 0, NULL);
    cr_assert_eq(rc, PS_ERR_SOLVE);
    has(x.err.message, "no convergence");
    has(x.err.message, "2020");
    has(x.err.message, "1 Newton iteration");
    cr_assert(strcmp(x.err.equation, "ex") == 0 || strcmp(x.err.equation, "ey") == 0,
              "equation %s", x.err.equation);
    /* [ex] determines x and [ey] y: the label minus its leading 'e'. */
    cr_assert(strcmp(x.err.variable, x.err.equation + 1) == 0, "variable %s of [%s]",
              x.err.variable, x.err.equation);
    cr_assert_str_eq(x.err.period, "2020");
    cr_assert(isfinite(x.err.residual) && x.err.residual != 0.0);
    char lab[160];
    snprintf(lab, sizeof lab, "[%s]", x.err.equation);
    has(x.err.message, lab);
    /* The failed block's values are put back. */
    cr_assert_eq(get(&x, "x", 0), 2.0);
    cr_assert_eq(get(&x, "y", 0), 3.0);
    fx_free(&x);
}

Test(solve_errors, singular_jacobian_dense) {
    /* x = y + a, y = x - b: J = [[1, -1], [-1, 1]] is singular everywhere. */
    fixture x;
    fx_build(&x,
             "model sing annual;\n"
             "endogenous x;\nendogenous y;\nexogenous a;\nexogenous b;\n"
             "identity [ex] x = y + a;\n"
             "identity [ey] y = x - b;\n",
             NULL, 1);
    set(&x, "a", 0, 1.0);
    set(&x, "b", 0, 2.0);
    int rc = run(&x, 0, 0, NULL);
    cr_assert_eq(rc, PS_ERR_SOLVE);
    has(x.err.message, "singular");
    has(x.err.message, "[ex]");
    has(x.err.message, "[ey]");
    has(x.err.message, "2020");
    has(x.err.message, "say the same thing");
    cr_assert_str_eq(x.err.period, "2020");
    cr_assert(x.err.equation[0] != '\0' && x.err.variable[0] != '\0');
    fx_free(&x);
}

Test(solve_errors, singular_jacobian_sparse) {
    /* x_i = x_{i-1} around a ring of 60: J = I - P with P a cyclic
    ** permutation, singular (the all-ones vector is in its null space). */
    size_t cap = 60 * 80 + 100, off = 0;
    char *src = malloc(cap);
    cr_assert_not_null(src);
    off += (size_t)snprintf(src + off, cap - off, "model sring annual;\n");
    for (int i = 1; i <= 60; i++)
        off += (size_t)snprintf(src + off, cap - off, "endogenous x%d;\n", i);
    for (int i = 1; i <= 60; i++)
        off += (size_t)snprintf(src + off, cap - off, "identity [e%d] x%d = x%d;\n", i, i,
                                i == 1 ? 60 : i - 1);
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.sparse_min = 50;
    fixture x;
    fx_build(&x, src, &o, 1);
    free(src);
    /* Unequal starting values, so the residual is not already zero. */
    char name[16];
    for (int i = 1; i <= 60; i++) {
        snprintf(name, sizeof name, "x%d", i);
        set(&x, name, 0, (double)i);
    }
    ps_solve_diag d;
    int rc = run(&x, 0, 0, &d);
    cr_assert_eq(rc, PS_ERR_SOLVE, "%s", x.err.message);
    cr_assert_eq(d.sparse_blocks, 1);
    has(x.err.message, "singular");
    has(x.err.message, "60 equations");
    has(x.err.message, "and 56 more");
    cr_assert_str_eq(x.err.period, "2020");
    fx_free(&x);
}

Test(solve_errors, log_of_negative_in_explicit_equation) {
    fixture x;
    fx_build(&x,
             "model lg annual;\nendogenous x;\nexogenous z;\n"
             "identity [lx] x = log(z);\n",
             NULL, 2);
    set(&x, "z", 0, 2.0);
    set(&x, "z", 1, -3.2);
    ps_solve_diag d;
    int rc = run(&x, 0, 1, &d);
    cr_assert_eq(rc, PS_ERR_DOMAIN);
    has(x.err.message, "log of -3.2");
    has(x.err.message, "[lx]");
    has(x.err.message, "2021");
    cr_assert_str_eq(x.err.equation, "lx");
    cr_assert_str_eq(x.err.variable, "x");
    cr_assert_str_eq(x.err.period, "2021");
    /* The period before the failure keeps its solution. */
    cr_assert_eq(d.periods, 1);
    near(get(&x, "x", 0), log(2.0), 1e-15, "x(2020)");
    fx_free(&x);
}

/* Explicit equations are evaluated a stretch at a time (one VM run); when a
** value in the middle fails, the report names that equation, not a later
** one that merely reads its NaN, and the equations before it keep their
** values.  z = 2: a = 3, then b = log(a - 5) = log(-2) fails, c = 2 b. */
Test(solve_errors, failure_inside_a_stretch_of_explicit_equations) {
    fixture x;
    fx_build(&x,
             "model st annual;\nendogenous a;\nendogenous b;\nendogenous c;\nexogenous z;\n"
             "identity [ea] a = z + 1;\nidentity [eb] b = log(a - 5);\n"
             "identity [ec] c = 2 * b;\n",
             NULL, 1);
    set(&x, "z", 0, 2.0);
    int rc = run(&x, 0, 0, NULL);
    cr_assert_eq(rc, PS_ERR_DOMAIN, "%s", x.err.message);
    has(x.err.message, "log of -2 (must be positive)");
    cr_assert_str_eq(x.err.equation, "eb");
    cr_assert_str_eq(x.err.variable, "b");
    cr_assert_str_eq(x.err.period, "2020");
    cr_assert_eq(get(&x, "a", 0), 3.0);
    fx_free(&x);
}

/* libm's log(0) = -inf and exp(-inf) = 0, so without the VM's domain check
** x would silently be 1 in 2021; likewise 1 / pow(0, -1) = 1 / inf = 0. */
static void finite_after_domain_error(const char *rhs, const char *why) {
    char src[256];
    snprintf(src, sizeof src,
             "model lz annual;\nendogenous x;\nexogenous z;\nidentity [lz] x = %s;\n", rhs);
    fixture x;
    fx_build(&x, src, NULL, 2);
    set(&x, "z", 0, 2.0);
    set(&x, "z", 1, 0.0);
    ps_solve_diag d;
    int rc = run(&x, 0, 1, &d);
    cr_assert_eq(rc, PS_ERR_DOMAIN, "%s: rc %d, x(2021) = %g", rhs, rc, get(&x, "x", 1));
    has(x.err.message, why);
    has(x.err.message, "[lz]");
    cr_assert_str_eq(x.err.equation, "lz");
    cr_assert_str_eq(x.err.variable, "x");
    cr_assert_str_eq(x.err.period, "2021");
    cr_assert_eq(d.periods, 1);
    fx_free(&x);
}

Test(solve_errors, log_of_zero_is_reported_even_when_the_result_would_be_finite) {
    finite_after_domain_error("1 + exp(3 * log(z))", "log of 0 (must be positive)");
}

Test(solve_errors, pow_of_zero_to_a_negative_power_is_reported_when_finite_later) {
    finite_after_domain_error("1 + 1 / z ^ (-1)", "pow(0, -1) divides by zero");
}

/* normcdf(inf) = 1 and normcdf(NaN) would be finite or lost the same way. */
Test(solve_errors, normcdf_of_a_non_finite_value_is_reported) {
    finite_after_domain_error("normcdf(1 / z)", "division by zero");
    finite_after_domain_error("normcdf(log(z)) + 1", "log of 0 (must be positive)");
}

/* The same inside a simultaneous block: x = 0.5 y + exp(log(z)), y = 0.5 x. */
Test(solve_errors, log_of_zero_in_a_simultaneous_block) {
    fixture x;
    fx_build(&x,
             "model lb annual;\nendogenous x;\nendogenous y;\nexogenous z;\n"
             "identity [ex] x = 0.5 * y + exp(log(z));\nidentity [ey] y = 0.5 * x;\n",
             NULL, 1);
    set(&x, "z", 0, 0.0);
    int rc = run(&x, 0, 0, NULL);
    cr_assert_eq(rc, PS_ERR_DOMAIN, "rc %d, x = %g", rc, get(&x, "x", 0));
    has(x.err.message, "log of 0 (must be positive)");
    cr_assert_str_eq(x.err.equation, "ex");
    cr_assert_str_eq(x.err.variable, "x");
    cr_assert_str_eq(x.err.period, "2020");
    fx_free(&x);
}

Test(solve_errors, missing_lagged_value) {
    fixture x;
    fx_build(&x,
             "model ml annual;\nendogenous c;\nexogenous g;\n"
             "identity [cons] c = 0.5 * c(-1) + g;\n",
             NULL, 3);
    for (int t = 0; t < 3; t++) set(&x, "g", t, 1.0);
    /* c(2020) missing: solving 2021 cannot read c(-1). */
    int rc = run(&x, 1, 2, NULL);
    cr_assert_eq(rc, PS_ERR_DOMAIN);
    has(x.err.message, "missing value of c(-1)");
    has(x.err.message, "supply that value");
    has(x.err.message, "[cons]");
    has(x.err.message, "2021");
    cr_assert_str_eq(x.err.variable, "c");
    cr_assert_str_eq(x.err.period, "2021");
    fx_free(&x);
}

Test(solve_errors, domain_at_starting_values_of_a_block) {
    fixture x;
    fx_build(&x, SQRT_MODEL, NULL, 1);
    set(&x, "x", 0, 2.0);
    set(&x, "y", 0, -4.0);
    int rc = run(&x, 0, 0, NULL);
    cr_assert_eq(rc, PS_ERR_DOMAIN);
    has(x.err.message, "sqrt of -4");
    has(x.err.message, "starting values");
    has(x.err.message, "start Newton inside the domain");
    cr_assert_str_eq(x.err.equation, "ex");
    cr_assert_str_eq(x.err.period, "2020");
    cr_assert_eq(get(&x, "y", 0), -4.0, "starting values are put back");
    fx_free(&x);
}

Test(solve_errors, derivative_not_finite) {
    /* At y = 0, sqrt(y) = 0 is fine but d sqrt(y)/dy = 1 / (2 sqrt(y)) is not. */
    fixture x;
    fx_build(&x, SQRT_MODEL, NULL, 1);
    set(&x, "x", 0, 2.0);
    set(&x, "y", 0, 0.0);
    int rc = run(&x, 0, 0, NULL);
    cr_assert_eq(rc, PS_ERR_DOMAIN);
    has(x.err.message, "derivative of equation [ex]");
    has(x.err.message, "with respect to y");
    has(x.err.message, "2020");
    cr_assert_str_eq(x.err.equation, "ex");
    fx_free(&x);
}

Test(solve_errors, step_out_of_domain_without_halving) {
    /* The same start as damping_recovers..., but no halving allowed. */
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.max_halvings = 0;
    fixture x;
    fx_build(&x, LOGX_MODEL, &o, 1);
    set(&x, "z", 0, 3.0);
    set(&x, "x", 0, 0.9);
    int rc = run(&x, 0, 0, NULL);
    cr_assert_eq(rc, PS_ERR_DOMAIN);
    has(x.err.message, "max_halvings is 0");
    has(x.err.message, "log of -");
    cr_assert_str_eq(x.err.equation, "q");
    cr_assert_eq(get(&x, "x", 0), 0.9);
    fx_free(&x);
}

Test(solve_errors, usage) {
    fixture x;
    fx_build(&x,
             "model us annual;\nendogenous c;\nexogenous g;\nparameter k = 0.5;\n"
             "identity [cons] c = k * c(-1) + g;\n",
             NULL, 3);
    cr_assert_eq(run(&x, 0, 2, NULL), PS_ERR_USAGE, "t0 < maxlag");
    has(x.err.message, "earlier period");
    cr_assert_eq(run(&x, 1, 3, NULL), PS_ERR_USAGE, "t1 outside the frame");
    cr_assert_eq(run(&x, 2, 1, NULL), PS_ERR_USAGE, "t0 > t1");
    cr_assert_eq(ps_solver_run(x.s, x.f, NULL, 1, 2, NULL, &x.err), PS_ERR_USAGE);
    has(x.err.message, "parameter");
    ps_frame *narrow = NULL;
    cr_assert_eq(ps_frame_new(1, 3, PS_FREQ_ANNUAL, START, NULL, &narrow, &x.err), PS_OK);
    cr_assert_eq(ps_solver_run(x.s, narrow, x.params, 1, 2, NULL, &x.err), PS_ERR_USAGE);
    has(x.err.message, "columns");
    cr_assert_eq(ps_addfactors_compute(x.p, narrow, x.params, 1, 2, &x.err), PS_ERR_USAGE);
    ps_frame_free(narrow);
    cr_assert_eq(ps_addfactors_compute(x.p, x.f, x.params, 0, 2, &x.err), PS_ERR_USAGE);

    ps_solve_opts o;
    ps_solver *s = NULL;
    ps_solve_opts_init(&o);
    o.tol = 0.0;
    cr_assert_eq(ps_solver_new(x.p, &o, &s, &x.err), PS_ERR_USAGE);
    has(x.err.message, "tolerance");
    cr_assert_null(s);
    ps_solve_opts_init(&o);
    o.max_iter = 0;
    cr_assert_eq(ps_solver_new(x.p, &o, &s, &x.err), PS_ERR_USAGE);
    has(x.err.message, "max_iter");
    ps_solve_opts_init(&o);
    o.max_halvings = -1;
    cr_assert_eq(ps_solver_new(x.p, &o, &s, &x.err), PS_ERR_USAGE);
    ps_solve_opts_init(&o);
    o.sparse_min = 0;
    cr_assert_eq(ps_solver_new(x.p, &o, &s, &x.err), PS_ERR_USAGE);
    has(x.err.message, "sparse_min");
    ps_solve_opts_init(&o);
    o.reuse_jacobian = 2;
    cr_assert_eq(ps_solver_new(x.p, &o, &s, &x.err), PS_ERR_USAGE);
    has(x.err.message, "reuse_jacobian must be 0 or 1, got 2");
    cr_assert_null(s);
    ps_solver_free(NULL);
    fx_free(&x);
}

Test(solve_opts, defaults) {
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    cr_assert_eq(o.tol, 1e-10);
    cr_assert_eq(o.max_iter, 50);
    cr_assert_eq(o.max_halvings, 10);
    cr_assert_eq(o.sparse_min, 50);
    cr_assert_eq(o.reuse_jacobian, 1);
}
