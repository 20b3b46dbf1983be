/*
** Blocks of parsed models: the shapes a modeller writes (a recursive chain,
** a Keynesian loop, an equation using its own value, two separate loops,
** the add-factors and the left-side transforms), from model text through
** ps_model_parse_string to ps_analyse.  Expected blocks are worked out by
** hand from the equations.
*/
#include <criterion/criterion.h>

#include "analyse/analyse.h"
#include "model/model.h"
#include "analyse/expr.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static ps_model *M;
static ps_analysis *AN;

static void load(const char *src) {
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_model_parse_string(src, strlen(src), "test.model", &M, &err);
    cr_assert_eq(rc, PS_OK, "parse failed: %s (line %d col %d)", err.message, err.line, err.col);
    rc = ps_analyse(M, &AN, &err);
    cr_assert_eq(rc, PS_OK, "analyse failed: %s", err.message);
}

static void teardown(void) {
    ps_analysis_free(AN);
    ps_model_free(M);
    AN = NULL;
    M = NULL;
}
TestSuite(blocks, .fini = teardown);

/* The block holding the equation that determines `name`. */
static const ps_block *block_of(const char *name, int *index) {
    int s = ps_model_find(M, name);
    cr_assert_geq(s, 0, "no symbol %s", name);
    int b = AN->block_of[M->syms[s].equation];
    if (index) *index = b;
    return &AN->blocks[b];
}

Test(blocks, recursive_chain_is_all_explicit) {
    load("model chain;\n"
         "endogenous gdp, c, inv, tax;\n"
         "exogenous g, r;\n"
         "parameter mpc = 0.6, t = 0.2;\n"
         "identity gdp = c + inv + g;\n"          /* uses c and inv: after them */
         "equation c = mpc * (gdp(-1) - tax);\n"  /* uses tax */
         "equation inv = 100 - 5 * r;\n"
         "equation tax = t * gdp(-1);\n");
    cr_assert_eq(AN->nblocks, 4);
    cr_assert_eq(AN->nsimultaneous, 0);
    int bg, bc, bi, bt;
    cr_assert_eq(block_of("gdp", &bg)->kind, PS_BLOCK_EXPLICIT);
    cr_assert_eq(block_of("c", &bc)->kind, PS_BLOCK_EXPLICIT);
    cr_assert_eq(block_of("inv", &bi)->kind, PS_BLOCK_EXPLICIT);
    cr_assert_eq(block_of("tax", &bt)->kind, PS_BLOCK_EXPLICIT);
    cr_assert_lt(bt, bc, "tax before consumption");
    cr_assert_lt(bc, bg);
    cr_assert_lt(bi, bg);
    cr_assert_eq(bg, 3, "gdp last");
}

Test(blocks, keynesian_loop_is_simultaneous) {
    load("model keynes;\n"
         "endogenous c, y;\n"
         "exogenous g;\n"
         "parameter mpc = 0.6;\n"
         "equation [cons] c = mpc * y;\n"
         "identity y = c + g;\n");
    cr_assert_eq(AN->nblocks, 1);
    const ps_block *b = &AN->blocks[0];
    cr_assert_eq(b->kind, PS_BLOCK_SIMULTANEOUS);
    cr_assert_eq(b->n, 2);
    cr_assert_eq(b->njac, 2);
    /* dG_cons/dy = mpc (a parameter symbol), dG_y/dc = 1 */
    cr_assert_eq(b->jac[0].d->op, PS_E_VAR);
    cr_assert_str_eq(M->syms[b->jac[0].d->sym].name, "mpc");
    cr_assert(ps_x_is(b->jac[1].d, 1));
    cr_assert_eq(AN->largest_block, 2);
}

Test(blocks, self_reference_is_simultaneous_of_size_one) {
    load("model selfref;\n"
         "endogenous y, z;\n"
         "exogenous x;\n"
         "equation y = 0.5 * y + x;\n"
         "equation z = 0.5 * z(-1) + y;\n");
    cr_assert_eq(AN->nblocks, 2);
    const ps_block *by = block_of("y", NULL), *bz = block_of("z", NULL);
    cr_assert_eq(by->kind, PS_BLOCK_SIMULTANEOUS);
    cr_assert_eq(by->n, 1);
    cr_assert_eq(by->njac, 1);
    cr_assert(ps_x_is(by->jac[0].d, 0.5));
    cr_assert_eq(bz->kind, PS_BLOCK_EXPLICIT);
    cr_assert_eq(AN->simultaneous_eqs, 1);
}

Test(blocks, two_independent_loops) {
    load("model loops;\n"
         "endogenous a, b, c, d, total;\n"
         "exogenous x;\n"
         "identity total = a + c;\n"
         "equation a = 0.5 * b + x;\n"
         "equation b = 0.25 * a;\n"
         "equation c = sqrt(d);\n"
         "equation d = c + 1;\n");
    cr_assert_eq(AN->nblocks, 3);
    cr_assert_eq(AN->nsimultaneous, 2);
    int ba, bb, bc, bd, bt;
    block_of("a", &ba);
    block_of("b", &bb);
    block_of("c", &bc);
    block_of("d", &bd);
    block_of("total", &bt);
    cr_assert_eq(ba, bb);
    cr_assert_eq(bc, bd);
    cr_assert_neq(ba, bc);
    cr_assert_eq(bt, 2);
    cr_assert_eq(AN->blocks[ba].n, 2);
    cr_assert_eq(AN->blocks[bc].n, 2);
}

/* Normal forms of parsed transforms, evaluated against the equations solved
** for y by hand, add-factor included.  Tolerance 1e-14 relative. */
static double vals[16], lagged[16];
static double value(void *ctx, int sym, int lag) {
    (void)ctx;
    const ps_symbol *s = &M->syms[sym];
    if (s->kind == PS_SYM_PARAM) return s->value;
    return lag == 0 ? vals[s->slot] : lagged[s->slot];
}

Test(blocks, parsed_transforms_normalise) {
    load("model tr;\n"
         "endogenous a, b, c, d;\n"
         "exogenous x;\n"
         "parameter k = 0.5;\n"
         "equation log(a) = k * log(x);\n"
         "equation diff(b) = x;\n"
         "equation pct(c) = x;\n"
         "identity d = a + b + c;\n");
    for (int s = 0; s < M->nseries; s++) {
        vals[s] = 1.0 + 0.1 * s;
        lagged[s] = 2.0 + 0.3 * s;
    }
    double X = vals[M->syms[ps_model_find(M, "x")].slot];
#define COL(n) M->syms[ps_model_find(M, n)].slot
    double aa = vals[COL("a_a")], ba = vals[COL("b_a")], ca = vals[COL("c_a")];
    double ga = ps_expr_eval(AN->normal[0], value, NULL);
    double gb = ps_expr_eval(AN->normal[1], value, NULL);
    double gc = ps_expr_eval(AN->normal[2], value, NULL);
    cr_assert(fabs(ga - exp(0.5 * log(X) + aa)) <= 1e-14 * ga);
    cr_assert(fabs(gb - (lagged[COL("b")] + X + ba)) <= 1e-14 * gb);
    cr_assert(fabs(gc - lagged[COL("c")] * (1 + (X + ca) / 100)) <= 1e-14 * gc);
#undef COL
    cr_assert_eq(AN->nblocks, 4);
    cr_assert_eq(AN->nsimultaneous, 0);
}
