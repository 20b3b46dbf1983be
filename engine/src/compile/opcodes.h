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
** X(name, operand kind, stack effect in values, instruction slots, class,
**   tail, term, store form) -- the one table of the instruction set: the
**   code generator, the VM, the disassembler and the diagnosis all read it.
**   class: letters of the PS_OPF_ bits below (_ for none): R ends a code
**     (returns), S is a run's store form, K a chain with inline constants,
**     F a chain that starts the sum (no acc before it);
**   tail: for chains with a tail, 1 "+ c + row[v]", 2 the same inside exp,
**     3 "+ c" only, else 0;
**   term: what a wide instruction loads from its k and x (PROD k * x, KLOG
**     k * log(x), POW pow(x, k));
**   store form: the store form of a returning op (NONE for others).
*/
#ifndef PS_COMPILE_OPCODES_H
#define PS_COMPILE_OPCODES_H

#include "compile/compile.h"

#include <string.h>

/* The six operations of acc with an operand of kind S (V, P or C), O its
** value (row[arg], params[arg], consts[arg]): one family per kind, so the
** three stay alike by construction; vm_body.h's ARITH_CASES is their code. */
#define PS_OPCODES_ARITH(X, S)                                                                       \
    X(ADD##S, S, 0, 1, _, 0, PROD, NONE) /* acc = acc + O */                                         \
    X(SUB##S, S, 0, 1, _, 0, PROD, NONE) /* acc = acc - O */                                         \
    X(RSUB##S, S, 0, 1, _, 0, PROD, NONE) /* acc = O - acc */                                        \
    X(MUL##S, S, 0, 1, _, 0, PROD, NONE) /* acc = acc * O */                                         \
    X(DIV##S, S, 0, 1, _, 0, PROD, NONE) /* acc = acc / O */                                         \
    X(RDIV##S, S, 0, 1, _, 0, PROD, NONE) /* acc = O / acc */

#define PS_OPCODES(X)                                                                                \
    X(RET, N, 0, 1, R, 0, PROD, ST) /* return acc */                                                 \
    X(EXT, N, 0, 1, _, 0, PROD, NONE) /* second slot of a wide instruction; never run */             \
    X(LDV, V, 1, 1, _, 0, PROD, NONE) /* acc = row[arg] (first value: nothing to push) */            \
    X(LDP, P, 1, 1, _, 0, PROD, NONE)                                                                \
    X(LDC, C, 1, 1, _, 0, PROD, NONE)                                                                \
    X(LDPV, PV, 1, 2, _, 0, PROD, NONE) /* acc = p * row[v] */                                       \
    X(LDCV, CV, 1, 2, _, 0, PROD, NONE) /* acc = c * row[v] */                                       \
    X(LDPLOGV, PV, 1, 2, _, 0, KLOG, NONE) /* acc = p * log(row[v]) */                               \
    X(LDCLOGV, CV, 1, 2, _, 0, KLOG, NONE)                                                           \
    X(LDPOWVP, PV, 1, 2, _, 0, POW, NONE) /* acc = pow(row[v], p) */                                 \
    X(LDPOWVC, CV, 1, 2, _, 0, POW, NONE)                                                            \
    X(PUSHV, V, 1, 1, _, 0, PROD, NONE) /* push acc; acc = row[arg] */                               \
    X(PUSHP, P, 1, 1, _, 0, PROD, NONE)                                                              \
    X(PUSHC, C, 1, 1, _, 0, PROD, NONE)                                                              \
    X(PUSHPV, PV, 1, 2, _, 0, PROD, NONE) /* push acc; acc = p * row[v] */                           \
    X(PUSHCV, CV, 1, 2, _, 0, PROD, NONE)                                                            \
    X(ADD, N, -1, 1, _, 0, PROD, NONE) /* acc = pop() + acc */                                       \
    X(SUB, N, -1, 1, _, 0, PROD, NONE)                                                               \
    X(MUL, N, -1, 1, _, 0, PROD, NONE)                                                               \
    X(DIV, N, -1, 1, _, 0, PROD, NONE)                                                               \
    X(POW, N, -1, 1, _, 0, PROD, NONE)                                                               \
    X(MIN, N, -1, 1, _, 0, PROD, NONE)                                                               \
    X(MAX, N, -1, 1, _, 0, PROD, NONE)                                                               \
    X(LE, N, -1, 1, _, 0, PROD, NONE)                                                                \
    X(GT, N, -1, 1, _, 0, PROD, NONE)                                                                \
    X(NEG, N, 0, 1, _, 0, PROD, NONE) /* acc = -acc */                                               \
    X(LOG, N, 0, 1, _, 0, PROD, NONE)                                                                \
    X(EXP, N, 0, 1, _, 0, PROD, NONE)                                                                \
    X(SQRT, N, 0, 1, _, 0, PROD, NONE)                                                               \
    X(ABS, N, 0, 1, _, 0, PROD, NONE)                                                                \
    X(SIGN, N, 0, 1, _, 0, PROD, NONE)                                                               \
    X(NORMCDF, N, 0, 1, _, 0, PROD, NONE) /* acc = Phi(acc), the standard normal cdf */              \
    X(SQR, N, 0, 1, _, 0, PROD, NONE) /* acc = acc * acc  (x^2) */                                   \
    PS_OPCODES_ARITH(X, V)                                                                           \
    PS_OPCODES_ARITH(X, P)                                                                           \
    X(POWP, P, 0, 1, _, 0, PROD, NONE) /* acc = pow(acc, params[arg]) */                             \
    PS_OPCODES_ARITH(X, C)                                                                           \
    X(POWC, C, 0, 1, _, 0, PROD, NONE)                                                               \
    X(RPOWV, V, 0, 1, _, 0, PROD, NONE) /* acc = pow(row[arg], acc): x^(1 - alpha) */                \
    X(LIN, LIN, 1, 0, F, 0, PROD, NONE) /* acc = t0 + t1 + ... + t(n-1), n = arg >= 2 */             \
    X(MADDN, LIN, 0, 0, _, 0, PROD, NONE) /* acc = acc + t0 + ... + t(n-1), n = arg >= 2 */          \
    X(LINLOG, LIN, 1, 0, F, 0, PROD, NONE) /* the same with k * log(x) terms among them */           \
    X(MADDNLOG, LIN, 0, 0, _, 0, PROD, NONE)                                                         \
    X(MULPOWN, LIN, 0, 0, _, 0, PROD, NONE) /* acc = acc * pow(x0, k0) * ... (n = arg >= 2) */       \
    X(LINK, LIN, 1, 0, KF, 0, PROD, NONE) /* LIN with every k a constant, inline (see below) */      \
    X(MADDK, LIN, 0, 0, K, 0, PROD, NONE) /* MADDN with every k a constant, inline */                \
    X(MADDPV, PV, 0, 2, _, 0, PROD, NONE) /* acc = acc + p * row[v] */                               \
    X(MADDCV, CV, 0, 2, _, 0, PROD, NONE)                                                            \
    X(MSUBPV, PV, 0, 2, _, 0, PROD, NONE) /* acc = acc - p * row[v] */                               \
    X(MSUBCV, CV, 0, 2, _, 0, PROD, NONE)                                                            \
    X(MADDPLOGV, PV, 0, 2, _, 0, KLOG, NONE) /* acc = acc + p * log(row[v]) */                       \
    X(MADDCLOGV, CV, 0, 2, _, 0, KLOG, NONE)                                                         \
    X(MSUBPLOGV, PV, 0, 2, _, 0, KLOG, NONE) /* acc = acc - p * log(row[v]) */                       \
    X(MSUBCLOGV, CV, 0, 2, _, 0, KLOG, NONE)                                                         \
    X(MULPOWVP, PV, 0, 2, _, 0, POW, NONE) /* acc = acc * pow(row[v], p) */                          \
    X(MULPOWVC, CV, 0, 2, _, 0, POW, NONE)                                                           \
    X(RETV, V, 1, 1, R, 0, PROD, STV) /* return row[arg]: a code that is a single load */            \
    X(RETP, P, 1, 1, R, 0, PROD, STP)                                                                \
    X(RETC, C, 1, 1, R, 0, PROD, STC)                                                                \
    X(ADDVR, V, 0, 1, R, 0, PROD, ADDVST) /* return acc + row[arg] (ADDV then RET) */                \
    X(MULVR, V, 0, 1, R, 0, PROD, MULVST) /* return acc * row[arg] (MULV then RET) */                \
    X(ADDVEXPR, V, 0, 1, R, 0, PROD, ADDVEXPST) /* return exp(acc + row[arg]): log(y) = ... + y_a */ \
    X(ADDCVR, CV, 0, 2, R, 0, PROD, ADDCVST) /* return acc + c + row[v]: "... + c0 + y_a" */         \
    X(ADDCVEXPR, CV, 0, 2, R, 0, PROD, ADDCVEXPST) /* return exp(acc + c + row[v]) */                \
    X(ST, N, 0, 1, S, 0, PROD, NONE) /* run: dst[arg] = acc (RET of a code in a run) */              \
    X(STV, V, 1, 2, S, 0, PROD, NONE) /* run: dst[d] = row[arg] (RETV); d: the EXT slot */           \
    X(STP, P, 1, 2, S, 0, PROD, NONE)                                                                \
    X(STC, C, 1, 2, S, 0, PROD, NONE)                                                                \
    X(ADDVST, V, 0, 2, S, 0, PROD, NONE) /* run: dst[d] = acc + row[arg] (ADDVR) */                  \
    X(MULVST, V, 0, 2, S, 0, PROD, NONE)                                                             \
    X(ADDVEXPST, V, 0, 2, S, 0, PROD, NONE) /* run: dst[d] = exp(acc + row[arg]) */                  \
    X(ADDCVST, CV, 0, 3, S, 0, PROD, NONE) /* run: dst[d] = acc + c + row[v] (ADDCVR) */             \
    X(ADDCVEXPST, CV, 0, 3, S, 0, PROD, NONE)                                                        \
    X(END, N, 0, 1, _, 0, PROD, NONE) /* run: return 0 if every stored value was finite */           \
    X(LINKCVR, LIN, 1, -2, RKF, 1, PROD, LINKCVST) /* return LINK + c + row[v]: tail [c][EXT v] */   \
    X(MADDKCVR, LIN, 0, -2, RK, 1, PROD, MADDKCVST) /* return acc + MADDK terms + c + row[v] */      \
    X(LINLOGCVEXPR, LIN, 1, -2, RF, 2, PROD, LINLOGCVEXPST) /* return exp(LINLOG + c + row[v]) */    \
    X(LINKCVST, LIN, 1, -3, SKF, 1, PROD, NONE) /* run: LINKCVR's value stored: + [EXT d] */         \
    X(MADDKCVST, LIN, 0, -3, SK, 1, PROD, NONE)                                                      \
    X(LINLOGCVEXPST, LIN, 1, -3, SF, 2, PROD, NONE)                                                  \
    X(SUMV, VL, 1, -1, _, 0, PROD, NONE) /* acc = row[x0] + row[x1] + ... (n = arg >= 2) */          \
    X(MADDV, VL, 0, -1, _, 0, PROD, NONE) /* acc = acc + row[x0] + ... (n = arg >= 2) */             \
    X(LINKC, LIN, 1, -4, KF, 3, PROD, NONE) /* LINK, then + c: tail [c inline] */                    \
    X(MADDKC, LIN, 0, -4, K, 3, PROD, NONE) /* MADDK, then + c */                                    \
    X(SUBMULP, PV, 0, 2, _, 0, PROD, NONE) /* acc = (acc - row[v]) * p */                            \
    X(SUBMULC, CV, 0, 2, _, 0, PROD, NONE) /* acc = (acc - row[v]) * c */                            \
    X(ADDVVR, N, 0, 2, R, 0, PROD, ADDVVST) /* return acc + row[arg] + row[x]: [op a][EXT x] */      \
    X(ADDVVST, N, 0, 3, S, 0, PROD, NONE) /* run: the same, stored: + [EXT d] */                     \
    X(SUMVR, VL, 1, -1, R, 0, PROD, SUMVST) /* return row[x0] + ... + row[x(n-1)] (n >= 2) */        \
    X(SUMVST, VL, 1, -5, S, 0, PROD, NONE) /* run: the same, stored: + [EXT d] */

enum {
#define PS_OPCODE_ENUM(name, kind, effect, slots, cls, tail, term, store) PS_OP_##name,
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

/* What a wide instruction loads from its k and x. */
typedef enum ps_termkind { PS_TERM_PROD, PS_TERM_KLOG, PS_TERM_POW } ps_termkind;

/* The class bits of the table's fifth column, and the letter combinations
** that occur there. */
enum { PS_OPF_R = 1, PS_OPF_S = 2, PS_OPF_K = 4, PS_OPF_F = 8 };
enum {
    PS_OPF__ = 0, PS_OPF_KF = PS_OPF_K | PS_OPF_F, PS_OPF_RF = PS_OPF_R | PS_OPF_F,
    PS_OPF_RK = PS_OPF_R | PS_OPF_K, PS_OPF_RKF = PS_OPF_R | PS_OPF_K | PS_OPF_F,
    PS_OPF_SF = PS_OPF_S | PS_OPF_F, PS_OPF_SK = PS_OPF_S | PS_OPF_K,
    PS_OPF_SKF = PS_OPF_S | PS_OPF_K | PS_OPF_F
};
enum { PS_OP_NONE = -1 };        /* "no store form" in the table */

typedef struct ps_opinfo {
    const char *name;           /* upper case, as in the table; the
                                   disassembly prints it in lower case */
    ps_opkind kind;
    signed char effect;         /* values pushed (+) or popped (-) */
    unsigned char cls;          /* PS_OPF_ bits */
    unsigned char tail;         /* see the table's comment */
    unsigned char term;         /* ps_termkind */
    short store;                /* opcode of the store form, or PS_OP_NONE */
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

/* The classification, read from the table.  Not used by the VM's dispatch
** (the threaded code jumps straight to each handler), only by the code
** generator, the peepholes and the diagnosis. */
static inline int ps_op_returns(int op) { return (ps_opinfo_table[op].cls & PS_OPF_R) != 0; }
static inline int ps_op_stores(int op) { return (ps_opinfo_table[op].cls & PS_OPF_S) != 0; }
static inline int ps_op_inline_k(int op) { return (ps_opinfo_table[op].cls & PS_OPF_K) != 0; }
static inline int ps_op_lin_first(int op) { return (ps_opinfo_table[op].cls & PS_OPF_F) != 0; }
static inline int ps_op_tail(int op) { return ps_opinfo_table[op].tail; }
static inline ps_termkind ps_op_term(int op) { return (ps_termkind)ps_opinfo_table[op].term; }
/* The store form of a returning op (ps_op_returns), -1 for others. */
static inline int ps_op_store_form(int op) { return ps_opinfo_table[op].store; }

#endif
