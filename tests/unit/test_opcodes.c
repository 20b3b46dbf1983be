/*
** The instruction-set table (compile/opcodes.h) is the one source of truth for
** operand kinds, slot counts and classes.  These tests check the rules the
** code generator, the run builder and the diagnosis rely on, stated here
** independently of the table: a returning op and its store form, the order of
** the load forms, and that the VM's dispatch covers every op.
*/
#include "compile/opcodes.h"

#include <criterion/criterion.h>
#include <string.h>

static int op_named(const char *name) {
    for (int op = 0; op < PS_OP_COUNT_; op++)
        if (strcmp(ps_opinfo_table[op].name, name) == 0) return op;
    return -1;
}

Test(opcodes, every_returning_op_has_a_store_form_one_slot_longer) {
    int returning = 0;
    for (int op = 0; op < PS_OP_COUNT_; op++) {
        if (!ps_op_returns(op)) continue;
        returning++;
        int st = ps_op_store_form(op);
        cr_assert(st >= 0, "%s returns but has no store form", ps_opinfo_table[op].name);
        cr_assert(ps_op_stores(st) && !ps_op_returns(st), "%s", ps_opinfo_table[st].name);
        cr_assert_eq(ps_opinfo_table[st].kind, ps_opinfo_table[op].kind);
        cr_assert_eq(ps_op_inline_k(st), ps_op_inline_k(op));
        cr_assert_eq(ps_op_lin_first(st), ps_op_lin_first(op));
        cr_assert_eq(ps_op_tail(st), ps_op_tail(op));
        /* The store form holds its destination in one more slot (ST, whose
        ** own arg is the destination, excepted); compare the sizes of an
        ** instance with 3 chain terms. */
        ps_instr a = {.op = (int32_t)op, .arg = 3}, b = {.op = (int32_t)st, .arg = 3};
        uint32_t extra = op == PS_OP_RET ? 0u : 1u;
        cr_assert_eq(ps_instr_slots(&b), ps_instr_slots(&a) + extra, "%s -> %s",
                     ps_opinfo_table[op].name, ps_opinfo_table[st].name);
    }
    /* RET RETV RETP RETC ADDVR MULVR ADDVEXPR ADDCVR ADDCVEXPR LINKCVR MADDKCVR
    ** LINLOGCVEXPR ADDVVR SUMVR: counted from the instruction set's comment. */
    cr_assert_eq(returning, 14);
}

Test(opcodes, store_forms_are_exactly_the_images_of_returning_ops) {
    for (int op = 0; op < PS_OP_COUNT_; op++) {
        if (!ps_op_stores(op)) {
            cr_assert_eq(ps_op_store_form(op) >= 0, ps_op_returns(op));
            continue;
        }
        int sources = 0;
        for (int r = 0; r < PS_OP_COUNT_; r++) sources += ps_op_store_form(r) == op;
        cr_assert_eq(sources, 1, "%s is the store form of %d ops", ps_opinfo_table[op].name, sources);
    }
}

Test(opcodes, load_forms_are_in_the_order_the_code_generator_assumes) {
    /* The V, P, C forms of the loads consecutive (gen_leaf adds the kind to
    ** LDV or PUSHV); every CV form right after its PV form (emit_term adds 1). */
    const char *triples[][3] = {{"LDV", "LDP", "LDC"}, {"PUSHV", "PUSHP", "PUSHC"}};
    for (size_t i = 0; i < sizeof triples / sizeof *triples; i++) {
        int v = op_named(triples[i][0]);
        cr_assert(v >= 0);
        cr_assert_eq(op_named(triples[i][1]), v + 1, "%s", triples[i][1]);
        cr_assert_eq(op_named(triples[i][2]), v + 2, "%s", triples[i][2]);
    }
    for (int op = 0; op < PS_OP_COUNT_; op++)
        if (ps_opinfo_table[op].kind == PS_OPK_PV) {
            cr_assert(op + 1 < PS_OP_COUNT_);
            cr_assert_eq(ps_opinfo_table[op + 1].kind, PS_OPK_CV, "%s", ps_opinfo_table[op].name);
            cr_assert_eq(ps_op_term(op + 1), ps_op_term(op));
        }
}

Test(opcodes, classes_match_the_documented_shapes) {
    /* Terms: k * log(x) in the LOG forms, pow(x, k) in the POW forms. */
    cr_assert_eq(ps_op_term(op_named("LDCLOGV")), PS_TERM_KLOG);
    cr_assert_eq(ps_op_term(op_named("MULPOWVP")), PS_TERM_POW);
    cr_assert_eq(ps_op_term(op_named("LDCV")), PS_TERM_PROD);
    /* Chains: inline constants only in the K forms; tails by kind. */
    cr_assert(ps_op_inline_k(op_named("LINK")) && !ps_op_inline_k(op_named("LIN")));
    cr_assert(ps_op_lin_first(op_named("LINKC")) && !ps_op_lin_first(op_named("MADDKC")));
    cr_assert_eq(ps_op_tail(op_named("LINKCVR")), 1);
    cr_assert_eq(ps_op_tail(op_named("LINLOGCVEXPR")), 2);
    cr_assert_eq(ps_op_tail(op_named("MADDKC")), 3);
    cr_assert_eq(ps_op_tail(op_named("LINK")), 0);
    /* Stack effects: a binary op pops one, a first load pushes one. */
    cr_assert_eq(ps_opinfo_table[op_named("ADD")].effect, -1);
    cr_assert_eq(ps_opinfo_table[op_named("LDV")].effect, 1);
    cr_assert_eq(ps_opinfo_table[op_named("NEG")].effect, 0);
    /* Names are unique. */
    for (int a = 0; a < PS_OP_COUNT_; a++)
        cr_assert_eq(op_named(ps_opinfo_table[a].name), a, "%s", ps_opinfo_table[a].name);
}

Test(opcodes, normcdf_is_a_plain_unary_call) {
    /* Phi(acc) replaces acc: no operand, no stack effect, one slot, neither
    ** returns nor stores, no chain: only the generic unary path emits it. */
    int op = op_named("NORMCDF");
    cr_assert(op >= 0);
    const ps_opinfo *in = &ps_opinfo_table[op];
    cr_assert_eq(in->kind, PS_OPK_N);
    cr_assert_eq(in->effect, 0);
    cr_assert_eq(in->slots, 1);
    cr_assert_eq(in->cls, 0);
    cr_assert_eq(in->tail, 0);
    cr_assert_eq(ps_op_term(op), PS_TERM_PROD);
    cr_assert_eq(ps_op_store_form(op), PS_OP_NONE);
}
