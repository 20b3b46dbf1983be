/*
** Internal: the instruction set of the VM.
**
** A stack machine whose top of stack lives in a register (`acc` in vm.c):
** a binary operation combines the value below the top with acc, and the
** superinstructions combine acc with an operand named by the instruction, so
** the common shapes of model equations need no push and no pop.
**
** Operands (ps_instr.arg), by kind:
**   V   frame offset: row[arg], arg = column + lag * nvar (lag <= 0)
**   P   params[arg]
**   C   consts[arg]
**   PV, CV  "wide": two slots; arg is a parameter (PV) or constant (CV)
**       index k and the following EXT slot's arg is a V offset x.  They load
**       a *term* of k and x: k * x, k * log(x) or pow(x, k), by opcode.
**   LIN a chain of n = arg terms in 1 + 2n slots: per term, a slot whose
**       op field is data, not an opcode (PS_LIN_CONST: k is a constant, else
**       a parameter; PS_LIN_MINUS: the term is subtracted; PS_LIN_LOG: the
**       term is k * log(x), else k * x) and whose arg is k's index, then an
**       EXT slot whose arg is x's frame offset.  MULPOWN's terms are
**       pow(x, k) factors.  (Slot count 0 in the table: variable, see
**       ps_instr_slots.)
**   LINK, MADDK: the same chains of k * x terms when every k is a
**       constant (the usual linear equation): a term's first slot holds the
**       constant itself, its 8 bytes (ps_lin_k), instead of flags and an
**       index, so a term costs a load less and no test.  Such a slot is
**       data and may look like any opcode: code is only ever walked
**       instruction by instruction (ps_instr_slots), never slot by slot.
** Every CV form directly follows its PV form, and the V, P, C forms of the
** loads are consecutive: the code generator relies on it.
**
** Terms are the idioms of economic models: k * x in linear equations,
** k * log(x) in log-linear ones (log(y) = a + b log(x) ...), pow(x, k) in
** Cobb-Douglas products.  Each is one dispatch instead of three or four.
** A whole chain of such terms (the k * x of a linear equation, the
** k * log(x) of a log-linear one, the pow(x, k) factors of a Cobb-Douglas
** product) is one instruction with a loop inside, because every dispatch
** between two terms is an indirect jump that the predictor often gets wrong
** when the equations differ from one another.
**
** Runs (ps_vm_run): the codes of several expressions copied one after the
** other, each ending in a store form of its last instruction (ST for RET,
** ADDVST for ADDVR, ...: the same operation, then dst[d] = value, where d
** is the arg of one extra EXT slot; ST keeps d in its own arg), and the run
** ending in END.  One call then evaluates a whole stretch of explicit
** equations, or all G_i or all Jacobian entries of a block, instead of one
** call per expression.
**
** Chains with a tail: a linear or log-linear behavioural equation ends
** "... + c + y_a" (inside exp for a log equation), so LINK, MADDK and LINLOG
** absorb the ADDCVR or ADDCVEXPR that follows them: the chain's terms, then
** the constant c (inline) and an EXT slot for the add-factor's offset (and,
** in a run, one more EXT for the destination).  A whole typical equation is
** then one dispatch.  SUMV and MADDV add plain series, one EXT-free slot per
** series (arg is the offset): the sums of accounting identities.
**   VL  a list of n = arg series: n slots after the instruction, each one's
**       arg a frame offset (its op field is unused).
**
** Chains with a constant (LINKC, MADDKC): a chain followed by "+ c" or
** "- c" that is not the end of a code (inside min or max, or the target of
** a partial adjustment) keeps c inline after its terms.  SUBMULP/SUBMULC
** are "- y(-1)" then "* lambda", the gap of an error-correction equation
** y = y(-1) + (lambda * (target - y(-1)) + y_a), and ADDVVR its end,
** "+ y_a" then "+ y(-1)" and return: such an equation is three dispatches.
**
** The ...R forms and RETx end a code: the last operation fused with RET,
** because the final "+ y_a" of every behavioural equation, the
** "exp(... + y_a)" of log equations, the "* y(-1)" of pct equations and
** single-value Jacobian entries are that common, and one dispatch is a large
** share of a short code.
**
** X(name, operand kind, stack effect in values, instruction slots)
*/
#ifndef PS_COMPILE_OPCODES_H
#define PS_COMPILE_OPCODES_H

#include "polsim/compile.h"

#include <string.h>

#define PS_OPCODES(X)                                                        \
    X(RET, N, 0, 1)    /* return acc */                                     \
    X(EXT, N, 0, 1)    /* second slot of a wide instruction; never run */   \
    X(LDV, V, 1, 1)    /* acc = row[arg] (first value: nothing to push) */  \
    X(LDP, P, 1, 1)                                                         \
    X(LDC, C, 1, 1)                                                         \
    X(LDPV, PV, 1, 2)  /* acc = p * row[v] */                               \
    X(LDCV, CV, 1, 2)  /* acc = c * row[v] */                               \
    X(LDPLOGV, PV, 1, 2) /* acc = p * log(row[v]) */                        \
    X(LDCLOGV, CV, 1, 2)                                                    \
    X(LDPOWVP, PV, 1, 2) /* acc = pow(row[v], p) */                         \
    X(LDPOWVC, CV, 1, 2)                                                    \
    X(PUSHV, V, 1, 1)  /* push acc; acc = row[arg] */                       \
    X(PUSHP, P, 1, 1)                                                       \
    X(PUSHC, C, 1, 1)                                                       \
    X(PUSHPV, PV, 1, 2) /* push acc; acc = p * row[v] */                    \
    X(PUSHCV, CV, 1, 2)                                                     \
    X(ADD, N, -1, 1)   /* acc = pop() + acc */                              \
    X(SUB, N, -1, 1)                                                        \
    X(MUL, N, -1, 1)                                                        \
    X(DIV, N, -1, 1)                                                        \
    X(POW, N, -1, 1)                                                        \
    X(MIN, N, -1, 1)                                                        \
    X(MAX, N, -1, 1)                                                        \
    X(LE, N, -1, 1)                                                         \
    X(GT, N, -1, 1)                                                         \
    X(NEG, N, 0, 1)    /* acc = -acc */                                     \
    X(LOG, N, 0, 1)                                                         \
    X(EXP, N, 0, 1)                                                         \
    X(SQRT, N, 0, 1)                                                        \
    X(ABS, N, 0, 1)                                                         \
    X(SIGN, N, 0, 1)                                                        \
    X(SQR, N, 0, 1)    /* acc = acc * acc  (x^2) */                         \
    X(ADDV, V, 0, 1)   /* acc = acc + row[arg] */                           \
    X(SUBV, V, 0, 1)   /* acc = acc - row[arg] */                           \
    X(RSUBV, V, 0, 1)  /* acc = row[arg] - acc */                           \
    X(MULV, V, 0, 1)                                                        \
    X(DIVV, V, 0, 1)   /* acc = acc / row[arg] */                           \
    X(RDIVV, V, 0, 1)  /* acc = row[arg] / acc */                           \
    X(ADDP, P, 0, 1)                                                        \
    X(SUBP, P, 0, 1)                                                        \
    X(RSUBP, P, 0, 1)                                                       \
    X(MULP, P, 0, 1)                                                        \
    X(DIVP, P, 0, 1)                                                        \
    X(RDIVP, P, 0, 1)                                                       \
    X(POWP, P, 0, 1)   /* acc = pow(acc, params[arg]) */                    \
    X(ADDC, C, 0, 1)                                                        \
    X(SUBC, C, 0, 1)                                                        \
    X(RSUBC, C, 0, 1)                                                       \
    X(MULC, C, 0, 1)                                                        \
    X(DIVC, C, 0, 1)                                                        \
    X(RDIVC, C, 0, 1)                                                       \
    X(POWC, C, 0, 1)                                                        \
    X(RPOWV, V, 0, 1)  /* acc = pow(row[arg], acc): x^(1 - alpha) */         \
    X(LIN, LIN, 1, 0)  /* acc = t0 + t1 + ... + t(n-1), n = arg >= 2 */     \
    X(MADDN, LIN, 0, 0) /* acc = acc + t0 + ... + t(n-1), n = arg >= 2 */   \
    X(LINLOG, LIN, 1, 0) /* the same with k * log(x) terms among them */    \
    X(MADDNLOG, LIN, 0, 0)                                                  \
    X(MULPOWN, LIN, 0, 0) /* acc = acc * pow(x0, k0) * ... (n = arg >= 2) */\
    X(LINK, LIN, 1, 0) /* LIN with every k a constant, inline (see below) */ \
    X(MADDK, LIN, 0, 0) /* MADDN with every k a constant, inline */          \
    X(MADDPV, PV, 0, 2) /* acc = acc + p * row[v] */                        \
    X(MADDCV, CV, 0, 2)                                                     \
    X(MSUBPV, PV, 0, 2) /* acc = acc - p * row[v] */                        \
    X(MSUBCV, CV, 0, 2)                                                     \
    X(MADDPLOGV, PV, 0, 2) /* acc = acc + p * log(row[v]) */                \
    X(MADDCLOGV, CV, 0, 2)                                                  \
    X(MSUBPLOGV, PV, 0, 2) /* acc = acc - p * log(row[v]) */                \
    X(MSUBCLOGV, CV, 0, 2)                                                  \
    X(MULPOWVP, PV, 0, 2) /* acc = acc * pow(row[v], p) */                  \
    X(MULPOWVC, CV, 0, 2)                                                   \
    X(RETV, V, 1, 1)   /* return row[arg]: a code that is a single load */  \
    X(RETP, P, 1, 1)                                                        \
    X(RETC, C, 1, 1)                                                        \
    X(ADDVR, V, 0, 1)  /* return acc + row[arg] (ADDV then RET) */          \
    X(MULVR, V, 0, 1)  /* return acc * row[arg] (MULV then RET) */          \
    X(ADDVEXPR, V, 0, 1) /* return exp(acc + row[arg]): log(y) = ... + y_a */ \
    X(ADDCVR, CV, 0, 2) /* return acc + c + row[v]: "... + c0 + y_a" */     \
    X(ADDCVEXPR, CV, 0, 2) /* return exp(acc + c + row[v]) */              \
    X(ST, N, 0, 1)     /* run: dst[arg] = acc (RET of a code in a run) */   \
    X(STV, V, 1, 2)    /* run: dst[d] = row[arg] (RETV); d: the EXT slot */ \
    X(STP, P, 1, 2)                                                         \
    X(STC, C, 1, 2)                                                         \
    X(ADDVST, V, 0, 2) /* run: dst[d] = acc + row[arg] (ADDVR) */           \
    X(MULVST, V, 0, 2)                                                      \
    X(ADDVEXPST, V, 0, 2) /* run: dst[d] = exp(acc + row[arg]) */           \
    X(ADDCVST, CV, 0, 3) /* run: dst[d] = acc + c + row[v] (ADDCVR) */      \
    X(ADDCVEXPST, CV, 0, 3)                                                 \
    X(END, N, 0, 1)    /* run: return 0 if every stored value was finite */ \
    X(LINKCVR, LIN, 1, -2) /* return LINK + c + row[v]: tail [c][EXT v] */   \
    X(MADDKCVR, LIN, 0, -2) /* return acc + MADDK terms + c + row[v] */      \
    X(LINLOGCVEXPR, LIN, 1, -2) /* return exp(LINLOG + c + row[v]) */        \
    X(LINKCVST, LIN, 1, -3) /* run: LINKCVR's value stored: + [EXT d] */     \
    X(MADDKCVST, LIN, 0, -3)                                                \
    X(LINLOGCVEXPST, LIN, 1, -3)                                            \
    X(SUMV, VL, 1, -1) /* acc = row[x0] + row[x1] + ... (n = arg >= 2) */   \
    X(MADDV, VL, 0, -1) /* acc = acc + row[x0] + ... (n = arg >= 2) */     \
    X(LINKC, LIN, 1, -4) /* LINK, then + c: tail [c inline] */              \
    X(MADDKC, LIN, 0, -4) /* MADDK, then + c */                             \
    X(SUBMULP, PV, 0, 2) /* acc = (acc - row[v]) * p */                     \
    X(SUBMULC, CV, 0, 2) /* acc = (acc - row[v]) * c */                     \
    X(ADDVVR, N, 0, 2) /* return acc + row[arg] + row[x]: [op a][EXT x] */  \
    X(ADDVVST, N, 0, 3) /* run: the same, stored: + [EXT d] */              \
    X(SUMVR, VL, 1, -1) /* return row[x0] + ... + row[x(n-1)] (n >= 2) */   \
    X(SUMVST, VL, 1, -5) /* run: the same, stored: + [EXT d] */

enum {
#define PS_OPCODE_ENUM(name, kind, effect, slots) PS_OP_##name,
    PS_OPCODES(PS_OPCODE_ENUM)
#undef PS_OPCODE_ENUM
    PS_OP_COUNT_
};

typedef enum ps_opkind {
    PS_OPK_N, PS_OPK_V, PS_OPK_P, PS_OPK_C, PS_OPK_PV, PS_OPK_CV, PS_OPK_LIN, PS_OPK_VL
} ps_opkind;

/* Bits of a LIN term's first slot (see above).  PS_LIN_TAG keeps the value
** clear of every opcode, so that no peephole mistakes it for one. */
enum { PS_LIN_CONST = 1, PS_LIN_MINUS = 2, PS_LIN_LOG = 4, PS_LIN_TAG = 0x1000 };

/* The constant k stored inline in a LINK/MADDK term slot, and the slot for k. */
static inline double ps_lin_k(const ps_instr *q) {
    double k;
    memcpy(&k, q, sizeof k);
    return k;
}

static inline ps_instr ps_lin_k_slot(double k) {
    ps_instr q;
    memcpy(&q, &k, sizeof q);
    return q;
}

/* 1 for the chains whose constants are inline. */
static inline int ps_op_inline_k(int op) {
    return op == PS_OP_LINK || op == PS_OP_MADDK || op == PS_OP_LINKCVR || op == PS_OP_MADDKCVR
           || op == PS_OP_LINKCVST || op == PS_OP_MADDKCVST || op == PS_OP_LINKC
           || op == PS_OP_MADDKC;
}

/* 1 for the chains that start the sum (no acc before them). */
static inline int ps_op_lin_first(int op) {
    return op == PS_OP_LIN || op == PS_OP_LINLOG || op == PS_OP_LINK || op == PS_OP_LINKCVR
           || op == PS_OP_LINLOGCVEXPR || op == PS_OP_LINKCVST || op == PS_OP_LINLOGCVEXPST
           || op == PS_OP_LINKC;
}

/* For chains with a tail: 1 + exp variant (2), 3 for a constant only
** (LINKC, MADDKC), else 0. */
static inline int ps_op_tail(int op) {
    switch (op) {
    case PS_OP_LINKC: case PS_OP_MADDKC: return 3;
    case PS_OP_LINKCVR: case PS_OP_MADDKCVR: case PS_OP_LINKCVST: case PS_OP_MADDKCVST:
        return 1;
    case PS_OP_LINLOGCVEXPR: case PS_OP_LINLOGCVEXPST: return 2;
    default: return 0;
    }
}

/* What a wide instruction loads from its k and x. */
typedef enum ps_termkind { PS_TERM_PROD, PS_TERM_KLOG, PS_TERM_POW } ps_termkind;

typedef struct ps_opinfo {
    const char *name;           /* lower case, for the disassembly */
    ps_opkind kind;
    int slots;                  /* > 0: fixed; else by arg: 0 LIN (1 + 2n),
                                   -1 VL (1 + n), -2 LIN and tail (3 + 2n),
                                   -3 LIN, tail and destination (4 + 2n),
                                   -4 LIN and a constant (2 + 2n),
                                   -5 VL and a destination (2 + n) */
} ps_opinfo;

extern const ps_opinfo ps_opinfo_table[PS_OP_COUNT_];

/* Slots taken by the instruction at ip. */
static inline uint32_t ps_instr_slots(const ps_instr *ip) {
    int s = ps_opinfo_table[ip->op].slots;
    uint32_t n = (uint32_t)ip->arg;
    switch (s) {
    case 0: return 1u + 2u * n;
    case -1: return 1u + n;
    case -2: return 3u + 2u * n;
    case -3: return 4u + 2u * n;
    case -4: return 2u + 2u * n;
    case -5: return 2u + n;
    default: return (uint32_t)s;
    }
}

/* The store form of a returning op (ps_op_returns), -1 for others. */
static inline int ps_op_store_form(int op) {
    switch (op) {
    case PS_OP_RET: return PS_OP_ST;
    case PS_OP_RETV: return PS_OP_STV;
    case PS_OP_RETP: return PS_OP_STP;
    case PS_OP_RETC: return PS_OP_STC;
    case PS_OP_ADDVR: return PS_OP_ADDVST;
    case PS_OP_MULVR: return PS_OP_MULVST;
    case PS_OP_ADDVEXPR: return PS_OP_ADDVEXPST;
    case PS_OP_ADDCVR: return PS_OP_ADDCVST;
    case PS_OP_ADDCVEXPR: return PS_OP_ADDCVEXPST;
    case PS_OP_LINKCVR: return PS_OP_LINKCVST;
    case PS_OP_MADDKCVR: return PS_OP_MADDKCVST;
    case PS_OP_LINLOGCVEXPR: return PS_OP_LINLOGCVEXPST;
    case PS_OP_ADDVVR: return PS_OP_ADDVVST;
    case PS_OP_SUMVR: return PS_OP_SUMVST;
    default: return -1;
    }
}

/* 1 for a store form (a run's instructions ending a code): its last slot,
** or for ST its only one, holds the destination. */
static inline int ps_op_stores(int op) {
    switch (op) {
    case PS_OP_ST: case PS_OP_STV: case PS_OP_STP: case PS_OP_STC: case PS_OP_ADDVST:
    case PS_OP_MULVST: case PS_OP_ADDVEXPST: case PS_OP_ADDCVST: case PS_OP_ADDCVEXPST:
    case PS_OP_LINKCVST: case PS_OP_MADDKCVST: case PS_OP_LINLOGCVEXPST: case PS_OP_ADDVVST:
    case PS_OP_SUMVST:
        return 1;
    default:
        return 0;
    }
}

/* 1 when the instruction ends its code. */
static inline int ps_op_returns(int op) {
    return op == PS_OP_RET || op == PS_OP_RETV || op == PS_OP_RETP || op == PS_OP_RETC
           || op == PS_OP_ADDVR || op == PS_OP_MULVR || op == PS_OP_ADDVEXPR
           || op == PS_OP_ADDCVR || op == PS_OP_ADDCVEXPR || op == PS_OP_LINKCVR
           || op == PS_OP_MADDKCVR || op == PS_OP_LINLOGCVEXPR || op == PS_OP_ADDVVR
           || op == PS_OP_SUMVR;
}

static inline ps_termkind ps_op_term(int op) {
    switch (op) {
    case PS_OP_LDPLOGV: case PS_OP_LDCLOGV: case PS_OP_MADDPLOGV: case PS_OP_MADDCLOGV:
    case PS_OP_MSUBPLOGV: case PS_OP_MSUBCLOGV:
        return PS_TERM_KLOG;
    case PS_OP_LDPOWVP: case PS_OP_LDPOWVC: case PS_OP_MULPOWVP: case PS_OP_MULPOWVC:
        return PS_TERM_POW;
    default:
        return PS_TERM_PROD;
    }
}

#endif
