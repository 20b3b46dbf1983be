/*
** Internal: the instruction set of the VM.
**
** A stack machine whose top of stack lives in a register (`acc` in vm.c):
** a binary operation combines the value below the top with acc, and the
** superinstructions combine acc with an operand named by the instruction, so
** the common shapes of model equations (a + b*x, y(-1) * (1 + g/100),
** ... + y_a) need no push and no pop.
**
** Operands (ps_instr.arg), by kind:
**   V   frame offset: row[arg], arg = column + lag * nvar (lag <= 0)
**   P   params[arg]
**   C   consts[arg]
**   KV  two slots: arg is a P or C index (by opcode) and the following EXT
**       slot's arg is a V offset.  Every C form of a wide instruction directly
**       follows its P form, and V, P, C forms of the loads are consecutive:
**       the code generator relies on it.
**
** The ...R forms and RETx end a code: the last operation fused with RET,
** because the final "+ y_a" of every behavioural equation, the "* y(-1)" of
** pct equations and single-value Jacobian entries are that common, and one
** dispatch is a large share of a short code.
** X(name, operand kind, stack effect in values, instruction slots)
*/
#ifndef PS_COMPILE_OPCODES_H
#define PS_COMPILE_OPCODES_H

#define PS_OPCODES(X)                                                        \
    X(RET, N, 0, 1)    /* return acc */                                     \
    X(EXT, N, 0, 1)    /* second slot of a wide instruction; never run */   \
    X(LDV, V, 1, 1)    /* acc = row[arg] (first value: nothing to push) */  \
    X(LDP, P, 1, 1)                                                         \
    X(LDC, C, 1, 1)                                                         \
    X(LDPV, KV, 1, 2)  /* acc = p * row[v] */                               \
    X(LDCV, KV, 1, 2)  /* acc = c * row[v] */                               \
    X(PUSHV, V, 1, 1)  /* push acc; acc = row[arg] */                       \
    X(PUSHP, P, 1, 1)                                                       \
    X(PUSHC, C, 1, 1)                                                       \
    X(PUSHPV, KV, 1, 2) /* push acc; acc = p * row[v] */                    \
    X(PUSHCV, KV, 1, 2)                                                     \
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
    X(MADDPV, KV, 0, 2) /* acc = acc + p * row[v] */                        \
    X(MADDCV, KV, 0, 2)                                                     \
    X(MSUBPV, KV, 0, 2) /* acc = acc - p * row[v] */                        \
    X(MSUBCV, KV, 0, 2)                                                     \
    X(RETV, V, 1, 1)   /* return row[arg]: a code that is a single load */  \
    X(RETP, P, 1, 1)                                                        \
    X(RETC, C, 1, 1)                                                        \
    X(ADDVR, V, 0, 1)  /* return acc + row[arg] (ADDV then RET) */          \
    X(MULVR, V, 0, 1)  /* return acc * row[arg] (MULV then RET) */

enum {
#define PS_OPCODE_ENUM(name, kind, effect, slots) PS_OP_##name,
    PS_OPCODES(PS_OPCODE_ENUM)
#undef PS_OPCODE_ENUM
    PS_OP_COUNT_
};

typedef enum ps_opkind { PS_OPK_N, PS_OPK_V, PS_OPK_P, PS_OPK_C, PS_OPK_KV } ps_opkind;

typedef struct ps_opinfo {
    const char *name;           /* lower case, for the disassembly */
    ps_opkind kind;
    int slots;
} ps_opinfo;

extern const ps_opinfo ps_opinfo_table[PS_OP_COUNT_];

/* 1 when the instruction ends its code. */
static inline int ps_op_returns(int op) {
    return op == PS_OP_RET || op == PS_OP_RETV || op == PS_OP_RETP || op == PS_OP_RETC
           || op == PS_OP_ADDVR || op == PS_OP_MULVR;
}

#endif
