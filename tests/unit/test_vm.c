/*
** The bytecode VM against the reference tree evaluator, instruction
** selection, frame offsets, the constant pool, max_stack, ps_vm_diagnose's
** messages and the disassembly.
**
** Tolerance: compiled code computes the same operations in the same order as
** the tree (commutations only), so results agree exactly except x^2, which
** the VM computes as x*x and libm as pow(x, 2) (within an ulp): 1e-12
** relative.
*/
#include <criterion/criterion.h>

#include "vmkit.h"
#include "compile/compile_int.h"

#include <stdio.h>

TestSuite(vm, .init = setup, .fini = teardown);

static ps_program *compile1(ps_expr *e, ps_codeid *id) {
    ps_program *p;
    ps_error err;
    cr_assert_eq(ps_program_begin(&M, &p, &err), PS_OK);
    cr_assert_eq(ps_program_add_expr(p, e, id, &err), PS_OK, "%s", err.message);
    ps_program_end(p);
    return p;
}

static double run1(ps_program *p, ps_codeid id) {
    double *stack = malloc((size_t)p->max_stack * sizeof *stack);
    double v = ps_vm_eval(p, id, row2(), params, stack);
    double s = ps_vm_eval_switch(p, id, row2(), params, stack);
    cr_assert(kit_close(s, v, 0), "threaded %.17g and switch %.17g differ", v, s);
    free(stack);
    return v;
}

Test(vm, linear_equation_uses_superinstructions) {
    /* mpc * yd + 0.3 * c(-1) + inv */
    ps_expr *e = ADD(ADD(MUL(V(MPC, 0), V(YD, 0)), MUL(N(0.3), V(C, -1))), V(INV, 0));
    ps_codeid id;
    ps_program *p = compile1(e, &id);
    char buf[1000];
    ps_vm_disasm(p, id, buf, sizeof buf);
    cr_assert_str_eq(buf, "   0  lin    mpc * yd + 0.29999999999999999 * c(-1)\n"
                          "   5  addvr  inv\n");
    double want = 0.55 * data[2 * NVAR + YD] + 0.3 * data[NVAR + C] + data[2 * NVAR + INV];
    cr_assert_eq(run1(p, id), want);
    cr_assert_eq(p->max_stack, 1);
    ps_program_free(p);
}

Test(vm, frame_offsets_encode_lags) {
    ps_codeid id;
    ps_program *p = compile1(ADD(V(YD, -2), V(GDP, 0)), &id);
    /* ldv yd(-2): column 2 minus 2 rows of 4 = -6; addv gdp: 0 */
    cr_assert_eq(p->instr[p->codes[id].start].op, PS_OP_LDV);
    cr_assert_eq(p->instr[p->codes[id].start].arg, YD - 2 * NVAR);
    cr_assert_eq(p->instr[p->codes[id].start + 1].op, PS_OP_ADDVR);
    cr_assert_eq(p->instr[p->codes[id].start + 1].arg, 0);
    cr_assert_eq(run1(p, id), data[YD] + data[2 * NVAR]);
    cr_assert_eq(p->maxlag, 2);
    ps_program_free(p);
}

/* A lead reads forward: yd(+1) is column 2 plus one row of 4 (the stacked
** solver keeps the rows after the solved period). */
Test(vm, frame_offsets_encode_leads) {
    ps_codeid id;
    ps_program *p = compile1(ADD(V(YD, 1), V(GDP, -1)), &id);
    cr_assert_eq(p->instr[p->codes[id].start].arg, YD + NVAR);
    double stack[8];
    cr_assert_eq(ps_vm_eval(p, id, data + NVAR, params, stack), data[2 * NVAR + YD] + data[GDP]);
    ps_program_free(p);
}

Test(vm, constants_are_deduplicated) {
    ps_codeid a, b;
    ps_program *p;
    ps_error err;
    ps_program_begin(&M, &p, &err);
    ps_program_add_expr(p, ADD(MUL(N(0.3), V(C, 0)), MUL(N(0.3), V(YD, 0))), &a, &err);
    ps_program_add_expr(p, ADD(N(0.3), U(PS_E_LOG, N(2))), &b, &err);
    ps_program_end(p);
    cr_assert_eq(p->nconst, 2, "0.3 three times and 2 once: %zu constants", p->nconst);
    cr_assert_eq(p->ncodes, 2);
    cr_assert(kit_close(run1(p, b), 0.3 + log(2), 0));
    ps_program_free(p);
}

Test(vm, max_stack_is_what_the_code_needs) {
    ps_expr *l = ADD(U(PS_E_LOG, V(GDP, 0)), U(PS_E_LOG, V(C, 0)));
    ps_expr *r = ADD(U(PS_E_LOG, V(YD, 0)), U(PS_E_LOG, V(INV, 0)));
    ps_codeid id;
    ps_program *p = compile1(MUL(l, r), &id);
    cr_assert_eq(p->max_stack, 2);      /* (log a + [log b]) * ([log c] + [log d]) */
    double want = (log(data[8]) + log(data[9])) * (log(data[10]) + log(data[11]));
    cr_assert(kit_close(run1(p, id), want, 0));
    ps_program_free(p);
}

Test(vm, reversed_and_power_forms) {
    ps_expr *cases[] = {
        SUB(N(10), U(PS_E_LOG, V(GDP, 0))),           /* rsubc */
        DIV(V(YD, -1), U(PS_E_EXP, V(C, 0))),         /* rdivv */
        DIV(V(MPC, 0), U(PS_E_SQRT, V(C, 0))),        /* rdivp */
        POW(U(PS_E_LOG, V(GDP, 0)), N(2)),            /* sqr */
        POW(U(PS_E_LOG, V(INV, 0)), V(ALPHA, 0)),     /* powp */
        POW(V(INV, 0), V(GDP, 0)),                    /* generic pow */
        SUB(V(GDP, 0), MUL(V(C, -1), V(ALPHA, 0))),   /* msubpv */
        ADD(MUL(N(2), V(C, 0)), U(PS_E_ABS, V(YD, 0))), /* maddcv after abs */
        B(PS_E_MIN, V(GDP, 0), V(C, 0)), B(PS_E_MAX, V(GDP, 0), V(C, 0)),
        B(PS_E_LE, V(GDP, 0), V(C, 0)), B(PS_E_GT, V(GDP, 0), V(C, 0)),
        U(PS_E_SIGN, SUB(V(GDP, 0), V(C, 0))), U(PS_E_NEG, V(INV, -2)),
        V(YD, -1), V(MPC, 0), N(0.125), MUL(U(PS_E_ABS, V(C, 0)), V(GDP, -1)),
        ADD(MUL(V(GDP, 0), V(MPC, 0)), V(INV, 0)),
        /* terms: k * log(x) and pow(x, k), loaded, added, subtracted, multiplied */
        ADD(MUL(N(0.3), U(PS_E_LOG, V(GDP, 0))), V(INV, 0)),
        ADD(U(PS_E_SQRT, V(GDP, 0)), MUL(V(ALPHA, 0), U(PS_E_LOG, V(C, -1)))),
        SUB(V(GDP, 0), MUL(U(PS_E_LOG, V(C, 0)), V(MPC, 0))),
        SUB(V(GDP, 0), MUL(U(PS_E_LOG, V(C, 0)), N(0.7))),
        ADD(MUL(U(PS_E_LOG, V(C, 0)), V(MPC, 0)), U(PS_E_SQRT, V(GDP, 0))),
        MUL(MUL(POW(V(C, 0), N(0.3)), N(2)), POW(V(YD, -1), V(ALPHA, 0))),
        MUL(MUL(POW(V(C, 0), N(0.3)), N(2)), POW(V(YD, -1), V(ALPHA, 0))),
        MUL(POW(V(C, 0), N(0.25)), U(PS_E_LOG, V(GDP, 0))),
        POW(V(C, 0), N(2)),
        U(PS_E_EXP, ADD(MUL(N(0.5), U(PS_E_LOG, V(GDP, 0))), V(INV, 0))),
        U(PS_E_EXP, ADD(V(INV, 0), V(GDP, 0))),
        /* chains of terms: one instruction with a loop inside */
        ADD(MUL(N(0.3), U(PS_E_LOG, V(GDP, 0))), MUL(V(ALPHA, 0), U(PS_E_LOG, V(C, -1)))),
        SUB(ADD(MUL(V(MPC, 0), V(C, -1)), MUL(V(GDP, 0), N(2))), MUL(N(0.5), V(YD, 0))),
        SUB(ADD(U(PS_E_SQRT, V(GDP, 0)), MUL(V(MPC, 0), V(C, -1))), MUL(N(0.5), V(YD, 0))),
        /* every k a number: the constants ride inline */
        SUB(ADD(MUL(N(0.3), V(C, -1)), MUL(V(GDP, 0), N(2))), MUL(N(0.5), V(YD, 0))),
        SUB(ADD(U(PS_E_SQRT, V(GDP, 0)), MUL(N(0.3), V(C, -1))), MUL(N(-0.5), V(YD, 0))),
        /* chains that take the "+ c + y_a" tail of a behavioural equation */
        ADD(ADD(ADD(MUL(N(0.3), V(C, -1)), MUL(N(2), V(GDP, 0))), N(1.5)), V(INV, 0)),
        ADD(ADD(ADD(ADD(U(PS_E_SQRT, V(GDP, 0)), MUL(N(0.3), V(C, -1))), MUL(N(2), V(YD, 0))),
                N(1.5)), V(INV, 0)),
        U(PS_E_EXP, ADD(ADD(ADD(MUL(N(0.5), U(PS_E_LOG, V(GDP, 0))),
                                MUL(V(ALPHA, 0), U(PS_E_LOG, V(C, -1)))), N(2)), V(INV, 0))),
        /* a chain with a constant inside min; "- c" is "+ (-c)" */
        B(PS_E_MIN, ADD(ADD(MUL(N(0.3), V(C, -1)), MUL(N(2), V(GDP, 0))), N(1.5)), N(4)),
        B(PS_E_MIN, SUB(ADD(MUL(N(0.3), V(C, -1)), MUL(N(2), V(GDP, 0))), N(1.5)), N(4)),
        B(PS_E_MAX, ADD(ADD(ADD(U(PS_E_SQRT, V(GDP, 0)), MUL(N(0.3), V(C, -1))), MUL(N(2), V(YD, 0))),
                        N(1.5)), N(4)),
        /* an error-correction equation: c = c(-1) + (mpc * (target - c(-1)) + inv) */
        ADD(V(C, -1), ADD(MUL(V(MPC, 0), SUB(ADD(ADD(MUL(N(0.3), V(GDP, 0)), MUL(N(2), V(YD, 0))),
                                                 N(1.5)), V(C, -1))), V(INV, 0))),
        MUL(SUB(U(PS_E_SQRT, V(GDP, 0)), V(C, -1)), N(0.5)),
        /* sums of plain series; the last addition stays for the fused return */
        ADD(ADD(ADD(V(GDP, 0), V(C, -1)), V(YD, 0)), V(INV, 0)),
        ADD(ADD(ADD(U(PS_E_SQRT, V(GDP, 0)), V(C, -1)), V(YD, 0)), V(INV, 0)),
        MUL(ADD(ADD(V(GDP, 0), V(C, 0)), V(YD, 0)), N(2)),
        U(PS_E_EXP, ADD(ADD(ADD(V(GDP, 0), V(C, -1)), V(YD, 0)), V(INV, 0))),
        ADD(ADD(U(PS_E_SQRT, V(GDP, 0)), MUL(V(MPC, 0), U(PS_E_LOG, V(C, 0)))), MUL(N(0.5), V(YD, 0))),
        MUL(MUL(MUL(N(2), POW(V(C, 0), N(0.3))), POW(V(YD, -1), V(ALPHA, 0))), POW(V(GDP, 0), N(-0.5))),
        MUL(N(2), POW(V(INV, 0), SUB(N(1), V(ALPHA, 0)))),   /* x^(1 - alpha) */
        /* "... + c0 + y_a" at the end of a code */
        ADD(ADD(U(PS_E_SQRT, V(GDP, 0)), N(1.5)), V(INV, 0)),
        U(PS_E_EXP, ADD(ADD(MUL(N(0.5), U(PS_E_LOG, V(GDP, 0))), N(2)), V(INV, 0))),
    };
    const char *expect[] = {"rsubc", "rdivv", "rdivp", "sqr", "powp", "pow", "msubpv", "maddcv",
                            "min", "max", "le", "gt", "sign", "neg", "retv", "retp", "retc",
                            "mulvr", "ldpv   mpc * gdp\n   2  addvr  inv",
                            "ldclogv 0.29999999999999999 * log(gdp)\n   2  addvr  inv",
                            "maddplogv alpha * log(c(-1))",
                            "msubplogv mpc * log(c)", "msubclogv 0.69999999999999996 * log(c)",
                            "maddplogv mpc * log(c)\n", "ldpowvc pow(c, 0.29999999999999999)",
                            "mulpowvp pow(yd(-1), alpha)", "mulpowvc pow(c, 0.25)", "sqr",
                            "ldclogv 0.5 * log(gdp)\n   2  addvexpr inv\n", "addvexpr gdp",
                            "linlog 0.29999999999999999 * log(gdp) + alpha * log(c(-1))\n",
                            "   0  lin    mpc * c(-1) + 2 * gdp - 0.5 * yd\n   7  ret\n",
                            "maddn  + mpc * c(-1) - 0.5 * yd\n",
                            "   0  link   0.29999999999999999 * c(-1) + 2 * gdp - 0.5 * yd\n   7  ret\n",
                            "maddk  + 0.29999999999999999 * c(-1) + 0.5 * yd\n",
                            "   0  linkcvr 0.29999999999999999 * c(-1) + 2 * gdp + 1.5 + inv\n",
                            "   2  maddkcvr + 0.29999999999999999 * c(-1) + 2 * yd + 1.5 + inv\n",
                            "   0  linlogcvexpr 0.5 * log(gdp) + alpha * log(c(-1)) + 2 + inv, exp\n",
                            "   0  linkc  0.29999999999999999 * c(-1) + 2 * gdp + 1.5\n   6  pushc  4\n   7  min\n",
                            "   0  linkc  0.29999999999999999 * c(-1) + 2 * gdp + -1.5\n   6  pushc  4\n",
                            "   2  maddkc + 0.29999999999999999 * c(-1) + 2 * yd + 1.5\n   8  pushc  4\n   9  max\n",
                            "   0  linkc  0.29999999999999999 * gdp + 2 * yd + 1.5\n   6  submulp - c(-1), * mpc\n   8  addvvr inv + c(-1)\n",
                            "   2  submulc - c(-1), * 0.5\n   4  ret\n",
                            "   0  sumvr  gdp + c(-1) + yd + inv\n",
                            "   2  maddv  + c(-1) + yd\n   5  addvr  inv\n",
                            "   0  sumv   gdp + c + yd\n   4  mulc   2\n   5  ret\n",
                            "   0  sumv   gdp + c(-1) + yd\n   4  addvexpr inv\n",
                            "maddnlog + mpc * log(c) + 0.5 * yd\n",
                            "   0  ldc    2\n   1  mulpown * pow(c, 0.29999999999999999) * pow(yd(-1), alpha)"
                            " * pow(gdp, -0.5)\n",
                            "   0  ldc    1\n   1  subp   alpha\n   2  rpowv  inv\n   3  mulc   2\n",
                            "   2  addcvr 1.5 + inv\n",
                            "   0  ldclogv 0.5 * log(gdp)\n   2  addcvexpr 2 + inv\n"};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ps_codeid id;
        ps_program *p = compile1(cases[k], &id);
        char buf[1000];
        ps_vm_disasm(p, id, buf, sizeof buf);
        cr_assert(strstr(buf, expect[k]), "case %zu: expected %s in\n%s", k, expect[k], buf);
        cr_assert(kit_close(run1(p, id), ref(cases[k]), 1e-12), "case %zu", k);
        ps_program_free(p);
    }
}

/* Thousands of random trees over every operator, with lags and parameters,
** compiled raw and simplified, against the tree evaluator. */
Test(vm, random_trees_match_the_tree_evaluator) {
    ps_arena *ar = ps_arena_new();
    ps_program *p;
    ps_error err;
    ps_program_begin(&M, &p, &err);
    enum { NTREE = 4000 };
    ps_expr **trees = malloc(2 * NTREE * sizeof *trees);
    ps_codeid *ids = malloc(2 * NTREE * sizeof *ids);
    for (int k = 0; k < NTREE; k++) {
        trees[2 * k] = kit_random_expr(7, NSYM, 2, 0);
        unlag_params(trees[2 * k]);
        trees[2 * k + 1] = ps_expr_simplify(ar, trees[2 * k]);
        for (int j = 0; j < 2; j++)
            cr_assert_eq(ps_program_add_expr(p, trees[2 * k + j], &ids[2 * k + j], &err), PS_OK);
    }
    ps_program_end(p);
    double *stack = malloc((size_t)p->max_stack * sizeof *stack);
    int finite = 0;
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < NPER * NVAR; i++) data[i] = kit_unif(-1.5, 3.0);
        params[0] = kit_unif(-1, 2);
        params[1] = kit_unif(0, 3);
        for (int k = 0; k < 2 * NTREE; k++) {
            double want = ref(trees[k]);
            double got = ps_vm_eval(p, ids[k], row2(), params, stack);
            double sw = ps_vm_eval_switch(p, ids[k], row2(), params, stack);
            char b[4000];
            cr_assert(kit_close(got, want, 1e-12), "tree %d: vm %.17g, eval %.17g\n%s", k, got,
                      want, kit_format(trees[k], b, sizeof b));
            cr_assert(kit_close(sw, got, 0), "tree %d: switch %.17g, threaded %.17g", k, sw, got);
            finite += isfinite(want);
        }
    }
    cr_assert_gt(finite, 10000, "too few finite cases (%d) to mean anything", finite);
    free(stack);
    free(trees);
    free(ids);
    ps_program_free(p);
    ps_arena_free(ar);
}

/* Random equations built from the idioms the superinstructions target:
** sums of k * x, k * log(x) and products of pow(x, k), with k a parameter or
** a constant on either side, inside exp(... + y_a) or y(-1) * (1 + .../100). */
static ps_expr *random_k(void) {
    return kit_int(2) ? V(MPC + kit_int(2), 0) : N(kit_unif(-2, 2));
}
static ps_expr *random_x(void) {
    return V(kit_int(4), -kit_int(3));
}
static ps_expr *random_term(void) {
    ps_expr *k = random_k(), *x = random_x();
    switch (kit_int(5)) {
    case 0: return kit_int(2) ? MUL(k, x) : MUL(x, k);
    case 1: return kit_int(2) ? MUL(k, U(PS_E_LOG, x)) : MUL(U(PS_E_LOG, x), k);
    case 2: return POW(x, kit_int(4) ? k : N(2));
    case 3: return MUL(POW(x, k), POW(random_x(), random_k()));
    default: return x;
    }
}
static ps_expr *random_idiom(void) {
    ps_expr *e = random_term();
    for (int n = kit_int(6); n > 0; n--) {
        ps_expr *t = random_term();
        int op = kit_int(3);
        e = op == 0 ? ADD(e, t) : op == 1 ? SUB(e, t) : kit_int(2) ? ADD(t, e) : MUL(e, t);
    }
    switch (kit_int(6)) {
    case 0: return U(PS_E_EXP, ADD(MUL(N(0.1), e), V(INV, 0)));
    case 1: return MUL(V(GDP, -1), ADD(N(1), DIV(e, N(100))));
    case 2: return ADD(e, V(INV, 0));
    case 3: return U(PS_E_EXP, ADD(ADD(MUL(N(0.1), e), N(kit_unif(-1, 1))), V(INV, 0)));
    case 4: return ADD(ADD(e, N(kit_unif(-5, 5))), V(INV, 0));
    default: return e;
    }
}

Test(vm, random_idioms_match_the_tree_evaluator) {
    ps_program *p;
    ps_error err;
    ps_program_begin(&M, &p, &err);
    enum { NTREE = 3000 };
    ps_expr **trees = malloc(NTREE * sizeof *trees);
    ps_codeid *ids = malloc(NTREE * sizeof *ids);
    for (int k = 0; k < NTREE; k++) {
        trees[k] = random_idiom();
        cr_assert_eq(ps_program_add_expr(p, trees[k], &ids[k], &err), PS_OK);
    }
    ps_program_end(p);
    int seen[PS_OP_COUNT_] = {0};
    for (size_t i = 0; i < p->ninstr; i += ps_instr_slots(&p->instr[i])) seen[p->instr[i].op]++;
    int wanted[] = {PS_OP_LDPLOGV, PS_OP_LDCLOGV, PS_OP_LDPOWVP, PS_OP_LDPOWVC, PS_OP_MADDPLOGV,
                    PS_OP_MADDCLOGV, PS_OP_MSUBPLOGV, PS_OP_MSUBCLOGV, PS_OP_MULPOWVP,
                    PS_OP_MULPOWVC, PS_OP_ADDVEXPR, PS_OP_MADDPV, PS_OP_MSUBCV, PS_OP_ADDVR,
                    PS_OP_MULVR, PS_OP_SQR, PS_OP_LDPV, PS_OP_PUSHCV, PS_OP_LIN, PS_OP_MADDN,
                    PS_OP_LINLOG, PS_OP_MADDNLOG, PS_OP_MULPOWN, PS_OP_ADDCVR, PS_OP_ADDCVEXPR};
    for (size_t w = 0; w < sizeof wanted / sizeof *wanted; w++)
        cr_assert_gt(seen[wanted[w]], 0, "opcode %s never generated",
                     ps_opinfo_table[wanted[w]].name);
    double *stack = malloc((size_t)p->max_stack * sizeof *stack);
    int finite = 0;
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < NPER * NVAR; i++) data[i] = kit_unif(round == 0 ? -0.5 : 0.2, 2.5);
        params[0] = kit_unif(-1, 1);
        params[1] = kit_unif(0, 2);
        for (int k = 0; k < NTREE; k++) {
            double want = ref(trees[k]);
            double got = ps_vm_eval(p, ids[k], row2(), params, stack);
            double sw = ps_vm_eval_switch(p, ids[k], row2(), params, stack);
            char b[4000];
            cr_assert(kit_close(got, want, 1e-12), "tree %d: vm %.17g, eval %.17g\n%s", k, got,
                      want, kit_format(trees[k], b, sizeof b));
            cr_assert(kit_close(sw, got, 0), "tree %d: switch %.17g, threaded %.17g", k, sw, got);
            finite += isfinite(want);
            /* The diagnosis agrees: a culprit exactly when the value is not finite. */
            char msg[200];
            int found = ps_vm_diagnose(p, ids[k], row2(), params, msg, sizeof msg);
            cr_assert_eq(found, !isfinite(got), "tree %d (%g): diagnose says \"%s\"", k, got, msg);
            cr_assert(!found || msg[0], "tree %d: empty diagnosis", k);
        }
    }
    cr_assert_gt(finite, 6000, "too few finite cases (%d)", finite);
    free(stack);
    free(trees);
    free(ids);
    ps_program_free(p);
}

/* ---- diagnose ---- */

static void diagnose(ps_expr *e, const char *want) {
    ps_codeid id;
    ps_program *p = compile1(e, &id);
    double *stack = malloc((size_t)p->max_stack * sizeof *stack);
    double v = ps_vm_eval(p, id, row2(), params, stack);
    free(stack);
    char buf[300];
    int found = ps_vm_diagnose(p, id, row2(), params, buf, sizeof buf);
    cr_assert(!isfinite(v), "the case should not evaluate finite (%g)", v);
    cr_assert_eq(found, 1);
    cr_assert(strstr(buf, want), "expected \"%s\" in \"%s\"", want, buf);
    ps_program_free(p);
}

Test(vm, diagnose_names_each_domain_error) {
    data[2 * NVAR + GDP] = -3.2;
    data[2 * NVAR + C] = 0.0;
    data[2 * NVAR + YD] = -1.0;
    data[NVAR + GDP] = NAN;
    diagnose(ADD(N(1), U(PS_E_LOG, V(GDP, 0))), "log of -3.2 (must be positive)");
    diagnose(ADD(V(INV, 0), MUL(N(0.4), U(PS_E_LOG, V(GDP, 0)))), "log of -3.2 (must be positive)");
    diagnose(MUL(V(INV, 0), POW(V(GDP, 0), N(0.5))), "pow(-3.2, 0.5) is not a real number");
    diagnose(ADD(MUL(N(0.1), U(PS_E_LOG, V(INV, 0))), MUL(N(0.2), U(PS_E_LOG, V(GDP, 0)))),
             "log of -3.2 (must be positive)");                                   /* linlog */
    diagnose(POW(V(GDP, 0), SUB(N(1), V(ALPHA, 0))), "pow(-3.2, 0.7) is not a real number");
    diagnose(MUL(MUL(V(INV, 0), POW(V(INV, 0), N(0.3))), POW(V(GDP, 0), N(0.3))),
             "pow(-3.2, 0.3) is not a real number");                              /* mulpown */
    diagnose(ADD(MUL(N(0.1), V(INV, 0)), MUL(N(0.2), V(GDP, -1))), "missing value of gdp(-1)");
    diagnose(ADD(ADD(MUL(N(0.1), V(INV, 0)), N(3)), V(GDP, -1)), "missing value of gdp(-1)");
    diagnose(U(PS_E_EXP, ADD(ADD(MUL(N(300), V(INV, 0)), N(3)), V(INV, 0))), "exp(1131.75) overflows");
    diagnose(U(PS_E_EXP, ADD(MUL(N(300), V(INV, 0)), V(INV, 0))), "exp(1128.75) overflows");
    diagnose(U(PS_E_LOG, V(C, 0)), "log of 0 (must be positive)");
    diagnose(DIV(V(INV, 0), V(C, 0)), "division by zero (3.75 / 0)");
    diagnose(U(PS_E_SQRT, V(YD, 0)), "sqrt of -1 (must be >= 0)");
    diagnose(POW(SUB(N(0), N(2)), N(0.5)), "pow(-2, 0.5) is not a real number");
    diagnose(POW(V(C, 0), N(-1)), "pow(0, -1) divides by zero");
    diagnose(ADD(V(YD, 0), MUL(V(MPC, 0), V(GDP, -1))), "missing value of gdp(-1)");
    diagnose(V(GDP, -1), "missing value of gdp(-1)");
    diagnose(MUL(U(PS_E_ABS, V(YD, 0)), V(GDP, -1)), "missing value of gdp(-1)");
    diagnose(U(PS_E_EXP, MUL(N(1000), V(INV, 0))), "exp(3750) overflows");
    /* 1e300 * (1e300 * inv): the compiled code multiplies by the constant
    ** last, so the operands read in that order. */
    diagnose(MUL(N(1e300), MUL(N(1e300), V(INV, 0))), "3.75e+300 * 1e+300 overflows");
    diagnose(POW(N(10), MUL(N(100), V(INV, 0))), "pow(10, 375) overflows");
    params[1] = NAN;
    diagnose(MUL(V(ALPHA, 0), V(INV, 0)), "missing value of parameter alpha");
    data[2 * NVAR + INV] = INFINITY;
    diagnose(ADD(V(C, 0), V(INV, 0)), "inv is inf (not a finite number)");
}

Test(vm, diagnose_reports_nothing_for_a_finite_result) {
    ps_codeid id;
    ps_program *p = compile1(ADD(U(PS_E_LOG, V(GDP, 0)), MUL(V(MPC, 0), V(C, -1))), &id);
    char buf[100] = "untouched";
    cr_assert_eq(ps_vm_diagnose(p, id, row2(), params, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "");
    cr_assert_eq(ps_vm_diagnose(p, 99, row2(), params, buf, sizeof buf), 1);
    cr_assert(strstr(buf, "no such code"));
    ps_program_free(p);
}

Test(vm, diagnose_deep_stack) {
    /* A right-leaning tree of inner nodes needs more than 64 stack slots,
    ** beyond ps_vm_diagnose's on-stack buffer. */
    ps_expr *e = U(PS_E_LOG, V(C, 0));
    for (int k = 0; k < 100; k++) e = ADD(U(PS_E_EXP, V(C, 0)), e);
    e = ADD(e, U(PS_E_LOG, SUB(N(0), V(INV, 0))));
    ps_codeid id;
    ps_program *p = compile1(e, &id);
    cr_assert_gt(p->max_stack, 64);
    char buf[200];
    cr_assert_eq(ps_vm_diagnose(p, id, row2(), params, buf, sizeof buf), 1);
    cr_assert(strstr(buf, "log of -3.75 (must be positive)"), "%s", buf);
    ps_program_free(p);
}

/* The deepest tree the analysis lets through, leaning either way: the code
** generator recurses on it and the VM's stack must hold every pending operand. */
Test(vm, deepest_trees) {
    ps_expr *left = V(C, 0), *right = V(C, 0);
    for (int k = 1; k < PS_ANALYSE_MAX_DEPTH; k++) {
        left = SUB(U(PS_E_ABS, left), V(YD, -(k % 3)));
        right = SUB(U(PS_E_ABS, V(YD, -(k % 3))), right);
    }
    ps_codeid a, b;
    ps_program *p;
    ps_error err;
    ps_program_begin(&M, &p, &err);
    cr_assert_eq(ps_program_add_expr(p, left, &a, &err), PS_OK);
    cr_assert_eq(ps_program_add_expr(p, right, &b, &err), PS_OK);
    ps_program_end(p);
    cr_assert_geq(p->max_stack, PS_ANALYSE_MAX_DEPTH / 2 - 1);
    cr_assert(kit_close(run1(p, a), ref(left), 1e-12));
    cr_assert(kit_close(run1(p, b), ref(right), 1e-12));
    ps_program_free(p);
}

Test(vm, disasm_truncates_safely) {
    ps_codeid id;
    ps_program *p = compile1(ADD(MUL(V(MPC, 0), V(YD, 0)), V(INV, -1)), &id);
    char buf[12];
    ps_vm_disasm(p, id, buf, sizeof buf);
    cr_assert_eq(strlen(buf), 11);
    cr_assert_eq(ps_vm_disasm(p, id, NULL, 0), NULL);
    ps_program_free(p);
}

Test(vm, compile_errors_name_the_problem) {
    ps_program *p;
    ps_error err;
    ps_codeid id;
    ps_program_begin(&M, &p, &err);
    cr_assert_eq(ps_program_add_expr(p, V(17, 0), &id, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "symbol the model does not have"), "%s", err.message);
    cr_assert_eq(ps_program_add_expr(p, ADD(V(GDP, 0), NULL), &id, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "missing an operand"), "%s", err.message);
    M.syms[C].slot = 9;
    cr_assert_eq(ps_program_add_expr(p, V(C, 0), &id, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "slot is outside the frame"), "%s", err.message);
    M.syms[C].slot = 1;
    cr_assert_eq(ps_program_add_expr(p, V(C, -600000000), &id, &err), PS_ERR_LIMIT);
    cr_assert(strstr(err.message, "32-bit frame offset"), "%s", err.message);
    /* Failed expressions leave nothing behind: the next one compiles as usual. */
    cr_assert_eq(p->ninstr, 0);
    cr_assert_eq(ps_program_add_expr(p, ADD(V(GDP, 0), V(C, -1)), &id, &err), PS_OK);
    cr_assert_eq(id, 0);
    cr_assert_eq(p->ninstr, 2);
    ps_program_end(p);
    cr_assert_eq(run1(p, id), data[2 * NVAR + GDP] + data[NVAR + C]);
    ps_program_free(p);
    ps_program_free(NULL);
}

Test(vm, dispatch_kind_is_reported) {
#if defined(__GNUC__) && !defined(PS_VM_NO_THREADING)
    cr_assert_eq(ps_vm_threaded(), 1);
#else
    cr_assert_eq(ps_vm_threaded(), 0);
#endif
}
