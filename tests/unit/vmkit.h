/*
** The small frame the VM tests evaluate on (test_vm.c, test_vm_run.c):
** series gdp, c, yd, inv (columns 0..3), parameters mpc, alpha; three
** periods of data 1, 1.25, 1.5, ... (row-major), evaluated at t = 2; the
** reference is the tree evaluator on the same frame.
*/
#ifndef POLSIM_TEST_VMKIT_H
#define POLSIM_TEST_VMKIT_H

#include "exprkit.h"

enum { GDP, C, YD, INV, MPC, ALPHA, NSYM };
#define NVAR 4
#define NPER 3                  /* rows t = 0, 1, 2; we evaluate at t = 2 */

static ps_model M;
static double data[NPER * NVAR], params[2];

static void setup(void) {
    memset(&M, 0, sizeof M);
    kit_sym(&M, "gdp", PS_SYM_EXO);
    kit_sym(&M, "c", PS_SYM_EXO);
    kit_sym(&M, "yd", PS_SYM_EXO);
    kit_sym(&M, "inv", PS_SYM_EXO);
    kit_sym(&M, "mpc", PS_SYM_PARAM);
    kit_sym(&M, "alpha", PS_SYM_PARAM);
    M.maxlag = 2;
    for (int i = 0; i < NPER * NVAR; i++) data[i] = 1.0 + 0.25 * i;
    params[0] = 0.55;
    params[1] = 0.3;
}

static void teardown(void) {
    kit_model_free(&M);
    kit_reset();
}

static double *row2(void) { return data + 2 * NVAR; }

static double ref(const ps_expr *e) {
    kit_frame f = {&M, data, 2, params};
    return ps_expr_eval(e, kit_value, &f);
}

/* Parameters have no lags in the language. */
static void unlag_params(ps_expr *e) {
    if (e->op == PS_E_VAR && M.syms[e->sym].kind == PS_SYM_PARAM) e->lag = 0;
    if (e->a) unlag_params(e->a);
    if (e->b) unlag_params(e->b);
}

#endif
