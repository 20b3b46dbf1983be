/*
** ps_program_compile on parsed models: the program mirrors the analysis
** (blocks, frame columns, add-factor columns), compiled G_i give the values
** of the equations solved by hand, compiled Jacobian entries agree with
** derivatives by hand and with finite differences of the compiled G_i, and
** ps_vm_diagnose speaks in the model's names.
*/
#include <criterion/criterion.h>

#include "compile/compile.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ps_model *M;
static ps_analysis *AN;
static ps_program *P;
static double *frame, *params, *stack;     /* frame: 3 periods, evaluate at t = 2 */

static void load(const char *src) {
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_model_parse_string(src, strlen(src), "test.model", &M, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(ps_analyse(M, &AN, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_program_compile(M, AN, &P, &err), PS_OK, "%s", err.message);
    frame = calloc(3 * (size_t)P->nvar, sizeof *frame);
    params = calloc((size_t)P->nparam + 1, sizeof *params);
    stack = malloc((size_t)P->max_stack * sizeof *stack);
    for (int s = 0; s < M->nsym; s++)
        if (M->syms[s].kind == PS_SYM_PARAM) params[M->syms[s].slot] = M->syms[s].value;
}

static void teardown(void) {
    ps_program_free(P);
    ps_analysis_free(AN);
    ps_model_free(M);
    free(frame);
    free(params);
    free(stack);
    P = NULL;
    AN = NULL;
    M = NULL;
}
TestSuite(compile, .fini = teardown);

static int col(const char *name) {
    int s = ps_model_find(M, name);
    cr_assert_geq(s, 0, "no symbol %s", name);
    return M->syms[s].slot;
}
static double *at(const char *name, int lag) { return &frame[(2 + lag) * P->nvar + col(name)]; }
static double eval(ps_codeid c) { return ps_vm_eval(P, c, frame + 2 * P->nvar, params, stack); }
static int eqn(const char *var) { return M->syms[ps_model_find(M, var)].equation; }

static const char *keynes =
    "model keynes;\n"
    "endogenous c, y, tax;\n"
    "exogenous g;\n"
    "parameter mpc = 0.6, t = 0.25;\n"
    "equation [cons] c = mpc * (y - tax) + 0.1 * c(-1);\n"
    "equation tax = t * y;\n"
    "identity y = c + g;\n";

Test(compile, program_mirrors_the_analysis) {
    load(keynes);
    cr_assert_eq(P->model, M);
    cr_assert_eq(P->nvar, M->nseries);
    cr_assert_eq(P->nparam, M->nparam);
    cr_assert_eq(P->maxlag, 1);
    cr_assert_eq(P->nblocks, AN->nblocks);
    for (int b = 0; b < P->nblocks; b++) {
        const ps_pblock *pb = &P->blocks[b];
        const ps_block *ab = &AN->blocks[b];
        cr_assert_eq(pb->kind, ab->kind);
        cr_assert_eq(pb->n, ab->n);
        cr_assert_eq(pb->njac, ab->njac);
        for (int k = 0; k < pb->n; k++) {
            int i = ab->eqs[k];
            cr_assert_eq(pb->eq[k], i);
            cr_assert_eq(pb->col[k], M->syms[M->eqs[i].var].slot);
            cr_assert_eq(pb->g[k], P->eq_g[i]);
        }
        for (int k = 0; k < pb->njac; k++) {
            cr_assert_eq(pb->jrow[k], ab->jac[k].row);
            cr_assert_eq(pb->jcol[k], ab->jac[k].col);
            cr_assert_lt(pb->jcode[k], P->ncodes);
        }
    }
    cr_assert_eq(P->eq_col[eqn("c")], col("c"));
    cr_assert_eq(P->eq_af_col[eqn("c")], col("c_a"));
    cr_assert_eq(P->eq_af_col[eqn("tax")], col("tax_a"));
    cr_assert_eq(P->eq_af_col[eqn("y")], -1, "identities have no add-factor");
}

Test(compile, equations_and_jacobian_by_hand) {
    load(keynes);
    /* One block of three: c <- y, tax; tax <- y; y <- c. */
    cr_assert_eq(P->nblocks, 1);
    *at("y", 0) = 100;  *at("tax", 0) = 20;  *at("c", -1) = 50;  *at("g", 0) = 30;
    *at("c", 0) = 60;   *at("c_a", 0) = 1.5; *at("tax_a", 0) = -0.5;
    cr_assert_float_eq(eval(P->eq_g[eqn("c")]), 0.6 * 80 + 5 + 1.5, 1e-12);
    cr_assert_float_eq(eval(P->eq_g[eqn("tax")]), 0.25 * 100 - 0.5, 1e-12);
    cr_assert_float_eq(eval(P->eq_g[eqn("y")]), 90, 1e-12);
    /* dG_c/dy = 0.6, dG_c/dtax = -0.6, dG_tax/dy = 0.25, dG_y/dc = 1 */
    const ps_pblock *b = &P->blocks[0];
    cr_assert_eq(b->njac, 4);
    for (int k = 0; k < b->njac; k++) {
        int row_var = M->eqs[b->eq[b->jrow[k]]].var, col_var = M->eqs[b->eq[b->jcol[k]]].var;
        const char *r = M->syms[row_var].name, *c = M->syms[col_var].name;
        double want = !strcmp(r, "c") ? (!strcmp(c, "y") ? 0.6 : -0.6)
                                      : !strcmp(r, "tax") ? 0.25 : 1.0;
        cr_assert_float_eq(eval(b->jcode[k]), want, 1e-15, "d%s/d%s", r, c);
    }
}

/* Nonlinear block: every compiled Jacobian entry against central finite
** differences of the compiled G (h = 1e-6 * |y|; tolerance 1e-6 relative). */
Test(compile, jacobian_codes_match_finite_differences) {
    load("model nl;\n"
         "endogenous u, v, w;\n"
         "exogenous x;\n"
         "parameter a = 0.3, b = 1.5;\n"
         "equation log(u) = a * log(v) + 0.2 * log(x);\n"
         "equation v = b * sqrt(u * w) + x ^ 0.5;\n"
         "equation pct(w) = 10 * (u / v - 1) + max(x, 0.5 * u) - min(v, 3) + abs(x - u) ^ 1.5;\n");
    const ps_pblock *b = &P->blocks[0];
    cr_assert_eq(b->n, 3);
    const char *names[] = {"u", "v", "w", "x", "u_a", "v_a", "w_a"};
    double v0[] = {1.3, 2.1, 0.9, 1.7, 0.01, -0.02, 0.03};
    for (int k = 0; k < 7; k++) {
        *at(names[k], 0) = v0[k];
        *at(names[k], -1) = v0[k] * 0.95;
    }
    for (int k = 0; k < b->njac; k++) {
        double *y = &frame[2 * P->nvar + b->col[b->jcol[k]]];
        double y0 = *y, h = 1e-6 * fabs(y0);
        ps_codeid g = b->g[b->jrow[k]];
        *y = y0 + h;
        double up = eval(g);
        *y = y0 - h;
        double dn = eval(g);
        *y = y0;
        double fd = (up - dn) / (2 * h), got = eval(b->jcode[k]);
        cr_assert(fabs(got - fd) <= 1e-6 * fmax(1, fabs(fd)), "entry (%d,%d): %.12g vs fd %.12g",
                  b->jrow[k], b->jcol[k], got, fd);
    }
    cr_assert_eq(b->njac, 5);   /* u: v; v: u, w; w: u, v */
}

Test(compile, diagnose_uses_model_names) {
    load(keynes);
    *at("y", 0) = 100;  *at("tax", 0) = 20;  *at("g", 0) = 30;
    *at("c", -1) = NAN;
    ps_codeid c = P->eq_g[eqn("c")];
    cr_assert(isnan(eval(c)));
    char buf[200];
    cr_assert_eq(ps_vm_diagnose(P, c, frame + 2 * P->nvar, params, buf, sizeof buf), 1);
    cr_assert_str_eq(buf, "missing value of c(-1)");
    char dis[1000];
    ps_vm_disasm(P, c, dis, sizeof dis);
    cr_assert(strstr(dis, "mpc"), "%s", dis);
    cr_assert(strstr(dis, "c(-1)"), "%s", dis);
    cr_assert(strstr(dis, "c_a"), "%s", dis);
}

Test(compile, domain_error_in_a_parsed_equation) {
    load("model d; endogenous y; exogenous x; equation log(y) = log(x - 5);");
    *at("x", 0) = 1.8;
    char buf[200];
    ps_codeid g = P->eq_g[0];
    cr_assert(isnan(eval(g)));
    cr_assert_eq(ps_vm_diagnose(P, g, frame + 2 * P->nvar, params, buf, sizeof buf), 1);
    cr_assert_str_eq(buf, "log of -3.2 (must be positive)");
}

Test(compile, bad_arguments) {
    load(keynes);
    ps_program *p = (ps_program *)1;
    ps_error err;
    cr_assert_eq(ps_program_compile(M, NULL, &p, &err), PS_ERR_USAGE);
    cr_assert_null(p);
    cr_assert(strstr(err.message, "call ps_analyse first"), "%s", err.message);
    cr_assert_eq(ps_program_compile(M, AN, NULL, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "`out` must not be NULL"), "%s", err.message);
    ps_model *other;
    const char *src = "model o; endogenous y; identity y = 1;";
    cr_assert_eq(ps_model_parse_string(src, strlen(src), "o.model", &other, &err), PS_OK);
    cr_assert_eq(ps_program_compile(other, AN, &p, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "the analysis has 3 equations but the model has 1"), "%s",
              err.message);
    ps_model_free(other);
}
