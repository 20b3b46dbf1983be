/*
** ps_analyse on hand-built models: normal forms of each left-side transform
** (against the equation solved by hand), blocks and their order, explicit vs
** simultaneous, Jacobian entries (against derivatives by hand), the size
** statistics and every error.  Exact comparisons use 1e-14 relative.
*/
#include <criterion/criterion.h>

#include "exprkit.h"
#include "analyse/expr.h"

#include <stdio.h>

static ps_model M;
static ps_analysis *AN;

static void setup(void) {
    memset(&M, 0, sizeof M);
    M.path = (char *)"test.model";
    AN = NULL;
}
static void teardown(void) {
    ps_analysis_free(AN);
    kit_model_free(&M);
    kit_reset();
}
TestSuite(analyse, .init = setup, .fini = teardown);

static void analyse_ok(void) {
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_analyse(&M, &AN, &err);
    cr_assert_eq(rc, PS_OK, "ps_analyse failed: %s", err.message);
}

/* Values of every series at lag 0 and lag -1 (by column), and parameters. */
static double cur[32], prev[32], par[8];
static double value(void *ctx, int sym, int lag) {
    (void)ctx;
    const ps_symbol *s = &M.syms[sym];
    if (s->kind == PS_SYM_PARAM) return par[s->slot];
    return lag == 0 ? cur[s->slot] : prev[s->slot];
}
static double G(int eq) { return ps_expr_eval(AN->normal[eq], value, NULL); }

/* Every lag-0 dependency of an equation is in its own block or an earlier one. */
static int max_dep_block(const ps_expr *e) {
    int m = -1;
    if (e->op == PS_E_VAR && e->lag == 0 && M.syms[e->sym].kind == PS_SYM_ENDO)
        m = AN->block_of[M.syms[e->sym].equation];
    if (e->a) { int k = max_dep_block(e->a); if (k > m) m = k; }
    if (e->b) { int k = max_dep_block(e->b); if (k > m) m = k; }
    return m;
}
static void assert_dependency_order(void) {
    for (int b = 0; b < AN->nblocks; b++)
        for (int k = 0; k < AN->blocks[b].n; k++) {
            int i = AN->blocks[b].eqs[k];
            cr_assert_eq(AN->block_of[i], b);
            cr_assert_leq(max_dep_block(AN->normal[i]), b, "equation %d uses a later block", i);
        }
}

Test(analyse, normal_forms_invert_each_transform) {
    int x = kit_sym(&M, "x", PS_SYM_EXO);
    int y1 = kit_sym(&M, "y1", PS_SYM_ENDO), y2 = kit_sym(&M, "y2", PS_SYM_ENDO);
    int y3 = kit_sym(&M, "y3", PS_SYM_ENDO), y4 = kit_sym(&M, "y4", PS_SYM_ENDO);
    int y5 = kit_sym(&M, "y5", PS_SYM_ENDO);
    kit_eq(&M, "lev", y1, PS_LHS_LEVEL, 0, MUL(N(2), V(x, 0)));
    kit_eq(&M, "lg", y2, PS_LHS_LOG, 0, MUL(N(0.5), U(PS_E_LOG, V(x, 0))));
    kit_eq(&M, "df", y3, PS_LHS_DIFF, 0, V(x, 0));
    kit_eq(&M, "pc", y4, PS_LHS_PCT, 0, V(x, 0));
    kit_eq(&M, "id", y5, PS_LHS_DIFF, 1, V(x, 0));
    M.maxlag = 1;
    analyse_ok();
    cr_assert_eq(M.eqs[4].addfactor, -1);
    for (int k = 0; k < 4; k++) {
        cur[x] = 1.5 + k;
        for (int s = 0; s < M.nseries; s++) prev[s] = 10.0 + s;
        int a1 = M.syms[M.eqs[0].addfactor].slot, a2 = M.syms[M.eqs[1].addfactor].slot;
        int a3 = M.syms[M.eqs[2].addfactor].slot, a4 = M.syms[M.eqs[3].addfactor].slot;
        cur[a1] = 0.1; cur[a2] = 0.02; cur[a3] = -0.3; cur[a4] = 0.25;
        double X = cur[x];
        /* y = 2x + a;  log y = 0.5 log x + a;  y - y(-1) = x + a;
        ** 100 (y / y(-1) - 1) = x + a, solved for y by hand. */
        cr_assert(kit_close(G(0), 2 * X + 0.1, 1e-14));
        cr_assert(kit_close(G(1), sqrt(X) * exp(0.02), 1e-14));
        cr_assert(kit_close(G(2), prev[M.syms[y3].slot] + X - 0.3, 1e-14));
        cr_assert(kit_close(G(3), prev[M.syms[y4].slot] * (1 + (X + 0.25) / 100), 1e-14));
        cr_assert(kit_close(G(4), prev[M.syms[y5].slot] + X, 1e-14));
    }
    cr_assert_eq(AN->nblocks, 5);
    cr_assert_eq(AN->nsimultaneous, 0);
    cr_assert_eq(AN->largest_block, 1);
}

Test(analyse, recursive_chain_is_all_explicit_in_dependency_order) {
    int x = kit_sym(&M, "x", PS_SYM_EXO);
    int y3 = kit_sym(&M, "y3", PS_SYM_ENDO), y2 = kit_sym(&M, "y2", PS_SYM_ENDO);
    int y1 = kit_sym(&M, "y1", PS_SYM_ENDO);
    /* Declared backwards: y3 = y2 + y1; y2 = 2 y1; y1 = x + 0.5 y1(-1). */
    kit_eq(&M, "e3", y3, PS_LHS_LEVEL, 1, ADD(V(y2, 0), V(y1, 0)));
    kit_eq(&M, "e2", y2, PS_LHS_LEVEL, 0, MUL(N(2), V(y1, 0)));
    kit_eq(&M, "e1", y1, PS_LHS_LEVEL, 0, ADD(V(x, 0), MUL(N(0.5), V(y1, -1))));
    analyse_ok();
    cr_assert_eq(AN->nblocks, 3);
    for (int b = 0; b < 3; b++) {
        cr_assert_eq(AN->blocks[b].kind, PS_BLOCK_EXPLICIT);
        cr_assert_eq(AN->blocks[b].n, 1);
        cr_assert_eq(AN->blocks[b].njac, 0);
        cr_assert_null(AN->blocks[b].jac);
    }
    cr_assert_eq(AN->blocks[0].eqs[0], 2, "y1 first");
    cr_assert_eq(AN->blocks[1].eqs[0], 1, "then y2");
    cr_assert_eq(AN->blocks[2].eqs[0], 0, "then y3");
    cr_assert_eq(AN->nsimultaneous, 0);
    cr_assert_eq(AN->simultaneous_eqs, 0);
    assert_dependency_order();
}

Test(analyse, two_equation_loop_is_one_simultaneous_block) {
    int g = kit_sym(&M, "g", PS_SYM_EXO), mpc = kit_sym(&M, "mpc", PS_SYM_PARAM);
    int c = kit_sym(&M, "c", PS_SYM_ENDO), y = kit_sym(&M, "y", PS_SYM_ENDO);
    kit_eq(&M, "cons", c, PS_LHS_LEVEL, 0, MUL(V(mpc, 0), V(y, 0)));
    kit_eq(&M, "gdp", y, PS_LHS_LEVEL, 1, ADD(V(c, 0), V(g, 0)));
    analyse_ok();
    cr_assert_eq(AN->nblocks, 1);
    ps_block *b = &AN->blocks[0];
    cr_assert_eq(b->kind, PS_BLOCK_SIMULTANEOUS);
    cr_assert_eq(b->n, 2);
    cr_assert(b->eqs[0] == 0 && b->eqs[1] == 1);
    cr_assert_eq(b->njac, 2);
    /* Row-major: dG_cons/dy = mpc, then dG_gdp/dc = 1. */
    cr_assert(b->jac[0].row == 0 && b->jac[0].col == 1);
    cr_assert(b->jac[1].row == 1 && b->jac[1].col == 0);
    par[0] = 0.55;
    cr_assert_eq(ps_expr_eval(b->jac[0].d, value, NULL), 0.55);
    cr_assert(ps_x_is(b->jac[1].d, 1));
    cr_assert_eq(AN->nsimultaneous, 1);
    cr_assert_eq(AN->simultaneous_eqs, 2);
    cr_assert_eq(AN->largest_block, 2);
}

Test(analyse, self_reference_is_simultaneous_of_size_one) {
    int x = kit_sym(&M, "x", PS_SYM_EXO);
    int y = kit_sym(&M, "y", PS_SYM_ENDO), z = kit_sym(&M, "z", PS_SYM_ENDO);
    kit_eq(&M, "self", y, PS_LHS_LEVEL, 0, ADD(MUL(N(0.5), V(y, 0)), V(x, 0)));
    kit_eq(&M, "lagonly", z, PS_LHS_LEVEL, 0, ADD(MUL(N(0.5), V(z, -1)), V(y, 0)));
    M.maxlag = 1;
    analyse_ok();
    cr_assert_eq(AN->nblocks, 2);
    cr_assert_eq(AN->blocks[0].kind, PS_BLOCK_SIMULTANEOUS);
    cr_assert_eq(AN->blocks[0].n, 1);
    cr_assert_eq(AN->blocks[0].njac, 1);
    cr_assert(ps_x_is(AN->blocks[0].jac[0].d, 0.5));
    cr_assert_eq(AN->blocks[1].kind, PS_BLOCK_EXPLICIT, "a lag of itself is not simultaneity");
    cr_assert_eq(AN->blocks[1].eqs[0], 1);
}

Test(analyse, two_independent_loops_and_a_sum) {
    int x = kit_sym(&M, "x", PS_SYM_EXO);
    int a = kit_sym(&M, "a", PS_SYM_ENDO), b = kit_sym(&M, "b", PS_SYM_ENDO);
    int c = kit_sym(&M, "c", PS_SYM_ENDO), d = kit_sym(&M, "d", PS_SYM_ENDO);
    int s = kit_sym(&M, "s", PS_SYM_ENDO);
    kit_eq(&M, "s", s, PS_LHS_LEVEL, 1, ADD(V(a, 0), V(c, 0)));
    kit_eq(&M, "a", a, PS_LHS_LEVEL, 0, ADD(MUL(N(0.5), V(b, 0)), V(x, 0)));
    kit_eq(&M, "c", c, PS_LHS_LEVEL, 0, U(PS_E_SQRT, V(d, 0)));
    kit_eq(&M, "b", b, PS_LHS_LEVEL, 0, MUL(N(0.25), V(a, 0)));
    kit_eq(&M, "d", d, PS_LHS_LEVEL, 0, ADD(V(c, 0), N(1)));
    analyse_ok();
    cr_assert_eq(AN->nblocks, 3);
    cr_assert_eq(AN->nsimultaneous, 2);
    cr_assert_eq(AN->simultaneous_eqs, 4);
    cr_assert_eq(AN->largest_block, 2);
    cr_assert_eq(AN->blocks[2].eqs[0], 0, "the sum comes last");
    cr_assert_eq(AN->blocks[2].kind, PS_BLOCK_EXPLICIT);
    cr_assert_eq(AN->block_of[1], AN->block_of[3]);
    cr_assert_eq(AN->block_of[2], AN->block_of[4]);
    cr_assert_neq(AN->block_of[1], AN->block_of[2]);
    assert_dependency_order();
    /* The {c, d} block: dG_c/dd = 1 / (2 sqrt d), dG_d/dc = 1. */
    ps_block *cd = &AN->blocks[AN->block_of[2]];
    cr_assert_eq(cd->njac, 2);
    cur[M.syms[d].slot] = 2.25;
    cr_assert(kit_close(ps_expr_eval(cd->jac[0].d, value, NULL), 1 / 3.0, 1e-14));
    cr_assert(ps_x_is(cd->jac[1].d, 1));
}

Test(analyse, nonlinear_jacobian_entries) {
    int x = kit_sym(&M, "x", PS_SYM_EXO);
    int u = kit_sym(&M, "u", PS_SYM_ENDO), v = kit_sym(&M, "v", PS_SYM_ENDO);
    /* u = log(v) * x + u_a;  v = u^2 + u * v / 10 (identity) */
    kit_eq(&M, "u", u, PS_LHS_LEVEL, 0, MUL(U(PS_E_LOG, V(v, 0)), V(x, 0)));
    kit_eq(&M, "v", v, PS_LHS_LEVEL, 1,
           ADD(POW(V(u, 0), N(2)), DIV(MUL(V(u, 0), V(v, 0)), N(10))));
    analyse_ok();
    ps_block *b = &AN->blocks[0];
    cr_assert_eq(b->n, 2);
    cr_assert_eq(b->njac, 3);
    cur[M.syms[x].slot] = 1.7;
    cur[M.syms[u].slot] = 0.8;
    cur[M.syms[v].slot] = 2.5;
    double want[3][3] = {{0, 1, 1.7 / 2.5}, {1, 0, 2 * 0.8 + 2.5 / 10}, {1, 1, 0.8 / 10}};
    for (int k = 0; k < 3; k++) {
        cr_assert(b->jac[k].row == (int)want[k][0] && b->jac[k].col == (int)want[k][1], "entry %d", k);
        cr_assert(kit_close(ps_expr_eval(b->jac[k].d, value, NULL), want[k][2], 1e-14), "entry %d", k);
    }
}

Test(analyse, cancelled_dependency_is_not_an_edge) {
    int x = kit_sym(&M, "x", PS_SYM_EXO);
    int y = kit_sym(&M, "y", PS_SYM_ENDO), z = kit_sym(&M, "z", PS_SYM_ENDO);
    kit_eq(&M, "y", y, PS_LHS_LEVEL, 0, ADD(V(x, 0), MUL(N(0), V(z, 0))));
    kit_eq(&M, "z", z, PS_LHS_LEVEL, 0, V(y, 0));
    analyse_ok();
    cr_assert_eq(AN->nblocks, 2);
    cr_assert_eq(AN->nsimultaneous, 0);
}

Test(analyse, empty_model) {
    analyse_ok();
    cr_assert_eq(AN->neq, 0);
    cr_assert_eq(AN->nblocks, 0);
}

/* ---- errors ---- */

static void analyse_fails(int code, const char *text) {
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_analyse(&M, &AN, &err);
    cr_assert_eq(rc, code, "got %d: %s", rc, err.message);
    cr_assert_null(AN);
    cr_assert(strstr(err.message, text), "expected \"%s\" in \"%s\"", text, err.message);
}

/* A lead is read from the frame like a lag: no contemporaneous edge, so
** y = x(+1) is an explicit block (the stacked solver supplies x(+1)). */
Test(analyse, lead_is_not_contemporaneous) {
    int x = kit_sym(&M, "x", PS_SYM_EXO), y = kit_sym(&M, "y", PS_SYM_ENDO);
    kit_eq(&M, "fwd", y, PS_LHS_LEVEL, 0, ADD(V(x, 1), V(y, 2)));
    ps_error err;
    cr_assert_eq(ps_analyse(&M, &AN, &err), PS_OK, "%s", err.message);
    cr_assert_eq(AN->nblocks, 1);
    cr_assert_eq(AN->blocks[0].kind, PS_BLOCK_EXPLICIT);
}

Test(analyse, too_deep_expression) {
    int x = kit_sym(&M, "x", PS_SYM_EXO), y = kit_sym(&M, "y", PS_SYM_ENDO);
    ps_expr *e = V(x, 0);
    for (int k = 0; k < PS_ANALYSE_MAX_DEPTH; k++) e = ADD(e, N(1));
    kit_eq(&M, "deep", y, PS_LHS_LEVEL, 0, e);
    ps_error err;
    ps_analyse(&M, &AN, &err);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(err.file, "test.model");
    cr_assert_str_eq(err.equation, "deep");
    analyse_fails(PS_ERR_LIMIT, "nested more than 10000 levels deep; split it");
}

Test(analyse, deepest_accepted_expression) {
    int x = kit_sym(&M, "x", PS_SYM_EXO), y = kit_sym(&M, "y", PS_SYM_ENDO);
    int z = kit_sym(&M, "z", PS_SYM_ENDO);
    ps_expr *e = V(z, 0);
    for (int k = 0; k < PS_ANALYSE_MAX_DEPTH - 1; k++) e = MUL(e, V(x, 0));  /* depth 10000 */
    kit_eq(&M, "deep", y, PS_LHS_LEVEL, 1, e);
    kit_eq(&M, "back", z, PS_LHS_LEVEL, 1, MUL(N(0.5), V(y, 0)));
    analyse_ok();
    cr_assert_eq(AN->blocks[0].njac, 2);
    /* dG_deep/dz = x^9999 */
    cur[M.syms[x].slot] = 1.0001;
    cr_assert(kit_close(ps_expr_eval(AN->blocks[0].jac[0].d, value, NULL), pow(1.0001, 9999), 1e-11));
}

Test(analyse, malformed_models) {
    int x = kit_sym(&M, "x", PS_SYM_EXO), y = kit_sym(&M, "y", PS_SYM_ENDO);
    kit_eq(&M, "e", y, PS_LHS_LEVEL, 1, V(x, 0));
    M.eqs[0].var = x;
    analyse_fails(PS_ERR_USAGE, "is not an endogenous symbol determined by it");
    M.eqs[0].var = y;
    M.eqs[0].rhs = V(42, 0);
    analyse_fails(PS_ERR_USAGE, "symbol index 42 is out of range");
    M.eqs[0].rhs = ADD(V(x, 0), NULL);
    analyse_fails(PS_ERR_USAGE, "missing an operand");
    M.eqs[0].rhs = NULL;
    analyse_fails(PS_ERR_USAGE, "it has no right side");
    M.eqs[0].rhs = V(x, 0);
    M.eqs[0].addfactor = x;
    analyse_fails(PS_ERR_USAGE, "add-factor is not an add-factor symbol");
    M.eqs[0].addfactor = -1;
    M.eqs[0].lhs = (ps_lhs)9;
    analyse_fails(PS_ERR_USAGE, "left-side transform is unknown");
    M.eqs[0].lhs = PS_LHS_LEVEL;
    int z = kit_sym(&M, "z", PS_SYM_ENDO);
    (void)z;
    analyse_fails(PS_ERR_USAGE, "endogenous variable z is not determined by any equation");
}

Test(analyse, bad_arguments) {
    ps_error err;
    cr_assert_eq(ps_analyse(&M, NULL, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "`out` must not be NULL"));
    cr_assert_eq(ps_analyse(NULL, &AN, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "no model given"));
    cr_assert_null(AN);
    ps_analysis_free(NULL);
}

/* ---- scale ---- */

/* 100,000 equations: a recursive chain with a two-equation loop every 10th
** link.  (Speed is measured in bench/, never asserted here.) */
Test(analyse, hundred_thousand_equations) {
    enum { NEQ = 100000 };
    int x = kit_sym(&M, "x", PS_SYM_EXO);
    int first = M.nsym;
    for (int i = 0; i < NEQ; i++) kit_sym(&M, "y", PS_SYM_ENDO);
    for (int i = 0; i < NEQ; i++) {
        int yi = first + i;
        ps_expr *rhs = i == 0 ? V(x, 0) : ADD(MUL(N(0.9), V(yi - 1, 0)), V(x, 0));
        if (i % 10 == 1) rhs = ADD(rhs, MUL(N(0.1), V(yi + 1, 0)));   /* loop with i+1 */
        kit_eq(&M, "y", yi, PS_LHS_LEVEL, 1, rhs);
    }
    analyse_ok();
    cr_assert_eq(AN->nsimultaneous, NEQ / 10);
    cr_assert_eq(AN->simultaneous_eqs, 2 * (NEQ / 10));
    cr_assert_eq(AN->nblocks, NEQ - NEQ / 10);
    cr_assert_eq(AN->largest_block, 2);
    assert_dependency_order();
}
