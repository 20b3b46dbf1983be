/*
** Runs (ps_vm_run): many codes evaluated by one call, each value stored
** into its destination slot.  Checked against the tree evaluator (the same
** reference as test_vm.c) and against ps_vm_eval of the single codes, which
** a run must reproduce bit for bit: it is the same instructions with the
** final RET replaced by a store.
*/
#include <criterion/criterion.h>

#include "vmkit.h"
#include "compile/compile_int.h"

#include <stdio.h>

TestSuite(vm_run, .init = setup, .fini = teardown);

/* Run `run` both ways (threaded and switch) into dst (n slots); the two
** must agree exactly, values and finiteness flag alike. */
static double run_both(const ps_program *p, ps_codeid run, double *dst, int n, double *stack) {
    double *sw = malloc((size_t)n * sizeof *sw);
    double f1 = ps_vm_run(p, run, row2(), params, stack, dst);
    double f2 = ps_vm_run_switch(p, run, row2(), params, stack, sw);
    cr_assert(kit_close(f2, f1, 0), "flags differ: threaded %g, switch %g", f1, f2);
    for (int k = 0; k < n; k++)
        cr_assert(kit_close(sw[k], dst[k], 0), "slot %d: threaded %.17g, switch %.17g", k,
                  dst[k], sw[k]);
    free(sw);
    return f1;
}

/* Thousands of random trees, in runs of varied lengths, stored in reverse
** order of slots (a slot is not the code's position): each stored value is
** the single code's value and the tree's; the flag is 0 exactly when all
** are finite. */
Test(vm_run, random_trees_in_runs_match_single_codes) {
    enum { NTREE = 3000 };
    ps_arena *ar = ps_arena_new();
    ps_program *p;
    ps_error err;
    ps_program_begin(&M, &p, &err);
    ps_expr **trees = malloc(NTREE * sizeof *trees);
    ps_codeid *ids = malloc(NTREE * sizeof *ids), runs[NTREE];
    int *slot = malloc(NTREE * sizeof *slot), first[NTREE], len[NTREE], nrun = 0;
    for (int k = 0; k < NTREE; k++) {
        ps_expr *e = kit_random_expr(6, NSYM, 2, 0);
        unlag_params(e);
        trees[k] = k % 2 ? ps_expr_simplify(ar, e) : e;
        cr_assert_eq(ps_program_add_expr(p, trees[k], &ids[k], &err), PS_OK, "%s", err.message);
    }
    for (int k = 0; k < NTREE; k += len[nrun++]) {
        first[nrun] = k;
        len[nrun] = 1 + kit_int(40);
        if (k + len[nrun] > NTREE) len[nrun] = NTREE - k;
        for (int j = 0; j < len[nrun]; j++) slot[j] = len[nrun] - 1 - j;
        cr_assert_eq(ps_program_add_run(p, ids + k, slot, len[nrun], &runs[nrun], &err), PS_OK);
    }
    ps_program_end(p);
    double *stack = malloc((size_t)p->max_stack * sizeof *stack), dst[64];
    int finite_runs = 0, nan_runs = 0;
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < NPER * NVAR; i++) data[i] = kit_unif(-1.5, 3.0);
        params[0] = kit_unif(-1, 2);
        params[1] = kit_unif(0, 3);
        for (int r = 0; r < nrun; r++) {
            double flag = run_both(p, runs[r], dst, len[r], stack);
            int all_finite = 1;
            for (int j = 0; j < len[r]; j++) {
                int k = first[r] + j;
                double one = ps_vm_eval(p, ids[k], row2(), params, stack);
                double got = dst[len[r] - 1 - j];
                char b[2000];
                cr_assert(kit_close(got, one, 0), "tree %d: run %.17g, single code %.17g\n%s", k,
                          got, one, kit_format(trees[k], b, sizeof b));
                cr_assert(kit_close(got, ref(trees[k]), 1e-12), "tree %d: run %.17g, tree %.17g",
                          k, got, ref(trees[k]));
                /* the flag also covers intermediate values a store would hide
                ** (1/(1/0) is 0): the checked interpreter finds those */
                all_finite &= isfinite(got) != 0 &&
                              !ps_vm_diagnose(p, ids[k], row2(), params, NULL, 0);
            }
            cr_assert_eq(flag == 0.0, all_finite, "run %d: flag %g but all_finite %d", r, flag,
                         all_finite);
            finite_runs += all_finite;
            nan_runs += !all_finite;
        }
    }
    cr_assert_gt(finite_runs, 20, "too few finite runs (%d) to mean anything", finite_runs);
    cr_assert_gt(nan_runs, 20, "too few runs with a non-finite value (%d)", nan_runs);
    free(stack);
    free(trees);
    free(ids);
    free(slot);
    ps_program_free(p);
    ps_arena_free(ar);
}

/* With dst = the row, a later code reads what an earlier one stored:
** gdp = c + inv;  yd = 0.8 * gdp;  c(2) = exp(log(yd) + 0.5).  By hand at
** t = 2: c = 3.25, inv = 3.75, so gdp = 7, yd = 5.6, c = 5.6 * e^0.5. */
Test(vm_run, later_codes_read_earlier_stores) {
    ps_program *p;
    ps_error err;
    ps_codeid id[3], run;
    ps_program_begin(&M, &p, &err);
    cr_assert_eq(ps_program_add_expr(p, ADD(V(C, 0), V(INV, 0)), &id[0], &err), PS_OK);
    cr_assert_eq(ps_program_add_expr(p, MUL(N(0.8), V(GDP, 0)), &id[1], &err), PS_OK);
    cr_assert_eq(ps_program_add_expr(p, U(PS_E_EXP, ADD(U(PS_E_LOG, V(YD, 0)), N(0.5))), &id[2],
                                     &err), PS_OK);
    int cols[3] = {GDP, YD, C};
    cr_assert_eq(ps_program_add_run(p, id, cols, 3, &run, &err), PS_OK);
    ps_program_end(p);
    double stack[8];
    cr_assert_eq(row2()[C], 3.25);
    cr_assert_eq(row2()[INV], 3.75);
    cr_assert_eq(ps_vm_run(p, run, row2(), params, stack, row2()), 0.0);
    cr_assert_eq(row2()[GDP], 7.0);
    cr_assert(kit_close(row2()[YD], 5.6, 1e-15));
    cr_assert(kit_close(row2()[C], 5.6 * exp(0.5), 1e-14), "%.17g", row2()[C]);
    ps_program_free(p);
}

/* Every returning instruction has a store form, and each stores the value
** its single code returns.  Expected forms from the code generator's
** fusions (test_vm.c checks those on single codes). */
Test(vm_run, every_return_has_a_store_form) {
    ps_expr *cases[] = {
        U(PS_E_SQRT, V(GDP, 0)),                                     /* ret */
        V(C, -1),                                                    /* retv */
        V(MPC, 0),                                                   /* retp */
        N(2.5),                                                      /* retc */
        ADD(MUL(V(MPC, 0), V(GDP, 0)), V(INV, 0)),                   /* addvr */
        MUL(U(PS_E_SQRT, V(GDP, 0)), V(INV, 0)),                     /* mulvr */
        U(PS_E_EXP, ADD(MUL(N(0.5), U(PS_E_LOG, V(GDP, 0))), V(INV, 0))), /* addvexpr */
        ADD(ADD(U(PS_E_SQRT, V(GDP, 0)), N(1.5)), V(INV, 0)),        /* addcvr */
        U(PS_E_EXP, ADD(ADD(MUL(N(0.5), U(PS_E_LOG, V(GDP, 0))), N(2)), V(INV, 0))),
        ADD(ADD(ADD(MUL(N(0.3), V(C, -1)), MUL(N(2), V(GDP, 0))), N(1.5)), V(INV, 0)),
        ADD(ADD(ADD(ADD(U(PS_E_SQRT, V(GDP, 0)), MUL(N(0.3), V(C, -1))), MUL(N(2), V(YD, 0))),
                N(1.5)), V(INV, 0)),
        U(PS_E_EXP, ADD(ADD(ADD(MUL(N(0.5), U(PS_E_LOG, V(GDP, 0))),
                                MUL(V(ALPHA, 0), U(PS_E_LOG, V(C, -1)))), N(2)), V(INV, 0))),
        ADD(V(C, -1), ADD(MUL(V(MPC, 0), SUB(U(PS_E_SQRT, V(GDP, 0)), V(C, -1))), V(INV, 0))),
        ADD(ADD(V(GDP, 0), V(C, -1)), V(YD, 0)),
    };
    const char *want[] = {"st     -> [13]", "stv    c(-1) -> [12]", "stp    mpc -> [11]",
                          "stc    2.5 -> [10]", "addvst inv -> [9]", "mulvst inv -> [8]",
                          "addvexpst inv -> [7]", "addcvst 1.5 + inv -> [6]",
                          "addcvexpst 2 + inv -> [5]",
                          "linkcvst 0.29999999999999999 * c(-1) + 2 * gdp + 1.5 + inv -> [4]",
                          "maddkcvst + 0.29999999999999999 * c(-1) + 2 * yd + 1.5 + inv -> [3]",
                          "linlogcvexpst 0.5 * log(gdp) + alpha * log(c(-1)) + 2 + inv, exp -> [2]",
                          "addvvst inv + c(-1) -> [1]", "sumvst gdp + c(-1) + yd -> [0]"};
    enum { NC = sizeof cases / sizeof *cases };
    ps_program *p;
    ps_error err;
    ps_codeid id[NC], run;
    int slot[NC];
    ps_program_begin(&M, &p, &err);
    for (int k = 0; k < NC; k++) {
        cr_assert_eq(ps_program_add_expr(p, cases[k], &id[k], &err), PS_OK);
        slot[k] = NC - 1 - k;
    }
    cr_assert_eq(ps_program_add_run(p, id, slot, NC, &run, &err), PS_OK);
    ps_program_end(p);
    char dis[4000];
    ps_vm_disasm(p, run, dis, sizeof dis);
    for (int k = 0; k < NC; k++) cr_assert(strstr(dis, want[k]), "%s missing in\n%s", want[k], dis);
    cr_assert(strstr(dis, "end\n"), "%s", dis);
    double stack[8], dst[NC];
    cr_assert_eq(run_both(p, run, dst, NC, stack), 0.0);
    for (int k = 0; k < NC; k++)
        cr_assert(kit_close(dst[NC - 1 - k], ref(cases[k]), 1e-15), "case %d: %.17g vs %.17g", k,
                  dst[NC - 1 - k], ref(cases[k]));
    ps_program_free(p);
}

/* A run with a non-finite value flags it and still stores every slot: the
** caller looks for the culprit among them. */
Test(vm_run, a_non_finite_value_is_flagged) {
    ps_program *p;
    ps_error err;
    ps_codeid id[3], run;
    ps_program_begin(&M, &p, &err);
    cr_assert_eq(ps_program_add_expr(p, ADD(V(C, 0), N(1)), &id[0], &err), PS_OK);
    cr_assert_eq(ps_program_add_expr(p, U(PS_E_LOG, SUB(N(0), V(C, 0))), &id[1], &err), PS_OK);
    cr_assert_eq(ps_program_add_expr(p, DIV(N(1), N(0)), &id[2], &err), PS_OK);
    int slot[3] = {0, 1, 2};
    cr_assert_eq(ps_program_add_run(p, id, slot, 2, &run, &err), PS_OK);
    ps_codeid inf_run;
    cr_assert_eq(ps_program_add_run(p, id + 2, slot, 1, &inf_run, &err), PS_OK);
    ps_program_end(p);
    double stack[8], dst[2] = {0, 0};
    cr_assert(isnan(run_both(p, run, dst, 2, stack)));
    cr_assert_eq(dst[0], 4.25);                 /* c = 3.25 at t = 2 */
    cr_assert(isnan(dst[1]), "log of -3.25 stored as %g", dst[1]);
    cr_assert(isnan(run_both(p, inf_run, dst, 1, stack)), "an infinity is flagged too");
    cr_assert(isinf(dst[0]));
    ps_program_free(p);
}

Test(vm_run, bad_code_ids_are_refused) {
    ps_program *p;
    ps_error err;
    ps_codeid id, run, bad = 7;
    int slot = 0;
    ps_program_begin(&M, &p, &err);
    cr_assert_eq(ps_program_add_expr(p, V(GDP, 0), &id, &err), PS_OK);
    size_t before = p->ninstr;
    cr_assert_eq(ps_program_add_run(p, &bad, &slot, 1, &run, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "code that does not exist"), "%s", err.message);
    cr_assert_eq(p->ninstr, before, "a failed run leaves nothing behind");
    cr_assert_eq(p->ncodes, 1);
    ps_program_end(p);
    ps_program_free(p);
}
