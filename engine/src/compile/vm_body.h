/*
** Internal: the body of the VM, one entry per opcode, included three times
** by vm.c (the fast and slow threaded halves and the switch loop).  The
** includer defines OPCASE(name) (a label or a case), NEXT(k) (advance k
** slots and dispatch) and CALLOP(name, k, statement...) for the operations
** that call into libm (k: their slots; 0 when the statement moves ip), and has in scope: ip, acc, sp, row, P (parameters),
** K (constants), dst and chk (a run's destination and finiteness sum), and
** LIN_K(q), LIN_TERM(q), LIN_LOGTERM(q): the k and the value of the LIN term
** at slot q, and STORE(v, k): dst[ip[k].arg] = v, noting whether v is finite.
** FCHK(v) / FCHK2(v, w) note whether intermediate values are finite, where an
** operation could hide a non-finite one from the stores: x / inf, exp(-inf),
** min/max/comparisons, sign and normcdf of NaN or inf (so 1/(1/0) is no
** silent 0).  Each is
** one subtraction and one addition on the finiteness sum, no branch.
** The chain walkers below leave ip on the slot after the chain's last term
** (its tail, if it has one).
** No include guard on purpose.
*/
OPCASE(RET)    return acc;
OPCASE(EXT)    return NAN;                      /* never dispatched */

OPCASE(LDV)    acc = row[ip->arg];                          NEXT(1);
OPCASE(LDP)    acc = P[ip->arg];                            NEXT(1);
OPCASE(LDC)    acc = K[ip->arg];                            NEXT(1);
OPCASE(LDPV)   acc = P[ip->arg] * row[ip[1].arg];           NEXT(2);
OPCASE(LDCV)   acc = K[ip->arg] * row[ip[1].arg];           NEXT(2);
OPCASE(PUSHV)  *sp++ = acc; acc = row[ip->arg];             NEXT(1);
OPCASE(PUSHP)  *sp++ = acc; acc = P[ip->arg];               NEXT(1);
OPCASE(PUSHC)  *sp++ = acc; acc = K[ip->arg];               NEXT(1);
OPCASE(PUSHPV) *sp++ = acc; acc = P[ip->arg] * row[ip[1].arg]; NEXT(2);
OPCASE(PUSHCV) *sp++ = acc; acc = K[ip->arg] * row[ip[1].arg]; NEXT(2);

OPCASE(ADD)    acc = *--sp + acc;                           NEXT(1);
OPCASE(SUB)    acc = *--sp - acc;                           NEXT(1);
OPCASE(MUL)    acc = *--sp * acc;                           NEXT(1);
OPCASE(DIV)    acc = *--sp / acc; FCHK(acc);                NEXT(1);
CALLOP(POW, 1, sp--; acc = ps_op_pow(*sp, acc); FCHK(acc))
OPCASE(MIN)    sp--; FCHK2(*sp, acc); acc = ps_op_min(*sp, acc); NEXT(1);
OPCASE(MAX)    sp--; FCHK2(*sp, acc); acc = ps_op_max(*sp, acc); NEXT(1);
OPCASE(LE)     sp--; FCHK2(*sp, acc); acc = ps_op_le(*sp, acc); NEXT(1);
OPCASE(GT)     sp--; FCHK2(*sp, acc); acc = ps_op_gt(*sp, acc); NEXT(1);

OPCASE(NEG)    acc = -acc;                                  NEXT(1);
CALLOP(LOG, 1, acc = ps_op_log(acc); FCHK(acc))
CALLOP(EXP, 1, FCHK(acc); acc = exp(acc))
CALLOP(SQRT, 1, acc = sqrt(acc); FCHK(acc))
OPCASE(ABS)    acc = fabs(acc);                             NEXT(1);
OPCASE(SIGN)   FCHK(acc); acc = ps_op_sign(acc);            NEXT(1);
CALLOP(NORMCDF, 1, FCHK(acc); acc = ps_op_normcdf(acc))
OPCASE(SQR)    acc = acc * acc;                             NEXT(1);

/* acc with an operand from one source, A[ip->arg] (A: row, P or K): the
** same six operations for the V, P and C forms, in the table's order. */
#define ARITH_CASES(S, A)                                                        \
    OPCASE(ADD##S)  acc = acc + A[ip->arg];                 NEXT(1);             \
    OPCASE(SUB##S)  acc = acc - A[ip->arg];                 NEXT(1);             \
    OPCASE(RSUB##S) acc = A[ip->arg] - acc;                 NEXT(1);             \
    OPCASE(MUL##S)  acc = acc * A[ip->arg];                 NEXT(1);             \
    OPCASE(DIV##S)  acc = acc / A[ip->arg]; FCHK(acc);      NEXT(1);             \
    OPCASE(RDIV##S) acc = A[ip->arg] / acc; FCHK(acc);      NEXT(1);
ARITH_CASES(V, row)
ARITH_CASES(P, P)
CALLOP(POWP, 1, acc = ps_op_pow(acc, P[ip->arg]); FCHK(acc))
ARITH_CASES(C, K)
CALLOP(POWC, 1, acc = ps_op_pow(acc, K[ip->arg]); FCHK(acc))
CALLOP(RPOWV, 1, acc = ps_op_pow(row[ip->arg], acc); FCHK(acc))

/* Walk a chain of n = ip->arg terms of 2 slots each, term value TERM(q):
** FIRST starts the sum with the first term, MORE adds every term to acc.
** The sum is taken left to right, exactly as the tree says. */
#define CHAIN_FIRST(TERM)                                                        \
    do {                                                                         \
        const ps_instr *end_ = ip + 1 + 2 * ip->arg;                             \
        acc = TERM(ip + 1);                                                      \
        for (ip += 3; ip < end_; ip += 2) acc = acc + TERM(ip);                  \
    } while (0)
#define CHAIN_MORE(TERM)                                                         \
    do {                                                                         \
        const ps_instr *end_ = ip + 1 + 2 * ip->arg;                             \
        for (ip += 1; ip < end_; ip += 2) acc = acc + TERM(ip);                  \
    } while (0)
/* A term with its constant inline (LINK and kin), and a list of n series. */
#define K_TERM(q) (ps_lin_k(q) * row[(q)[1].arg])
#define SUM_FIRST()                                                              \
    do {                                                                         \
        const ps_instr *end_ = ip + 1 + ip->arg;                                 \
        acc = row[ip[1].arg];                                                    \
        for (ip += 2; ip < end_; ip++) acc = acc + row[ip->arg];                 \
    } while (0)

OPCASE(LIN)    CHAIN_FIRST(LIN_TERM);                       NEXT(0);
OPCASE(LINK)   CHAIN_FIRST(K_TERM);                         NEXT(0);
OPCASE(MADDK)  CHAIN_MORE(K_TERM);                          NEXT(0);
OPCASE(MADDN)  CHAIN_MORE(LIN_TERM);                        NEXT(0);
CALLOP(LINLOG, 0, CHAIN_FIRST(LIN_LOGTERM); FCHK(acc))
CALLOP(MADDNLOG, 0, CHAIN_MORE(LIN_LOGTERM); FCHK(acc))
CALLOP(MULPOWN, 0, {
    const ps_instr *end = ip + 1 + 2 * ip->arg;
    for (ip += 1; ip < end; ip += 2) acc = acc * ps_op_pow(row[ip[1].arg], LIN_K(ip));
})
OPCASE(MADDPV) acc = acc + P[ip->arg] * row[ip[1].arg];     NEXT(2);
OPCASE(MADDCV) acc = acc + K[ip->arg] * row[ip[1].arg];     NEXT(2);
OPCASE(MSUBPV) acc = acc - P[ip->arg] * row[ip[1].arg];     NEXT(2);
OPCASE(MSUBCV) acc = acc - K[ip->arg] * row[ip[1].arg];     NEXT(2);

CALLOP(LDPLOGV,   2, acc = P[ip->arg] * ps_op_log(row[ip[1].arg]); FCHK(acc))
CALLOP(LDCLOGV,   2, acc = K[ip->arg] * ps_op_log(row[ip[1].arg]); FCHK(acc))
CALLOP(LDPOWVP,   2, acc = ps_op_pow(row[ip[1].arg], P[ip->arg]); FCHK(acc))
CALLOP(LDPOWVC,   2, acc = ps_op_pow(row[ip[1].arg], K[ip->arg]); FCHK(acc))
CALLOP(MADDPLOGV, 2, acc = acc + P[ip->arg] * ps_op_log(row[ip[1].arg]); FCHK(acc))
CALLOP(MADDCLOGV, 2, acc = acc + K[ip->arg] * ps_op_log(row[ip[1].arg]); FCHK(acc))
CALLOP(MSUBPLOGV, 2, acc = acc - P[ip->arg] * ps_op_log(row[ip[1].arg]); FCHK(acc))
CALLOP(MSUBCLOGV, 2, acc = acc - K[ip->arg] * ps_op_log(row[ip[1].arg]); FCHK(acc))
CALLOP(MULPOWVP,  2, acc = acc * ps_op_pow(row[ip[1].arg], P[ip->arg]); FCHK(acc))
CALLOP(MULPOWVC,  2, acc = acc * ps_op_pow(row[ip[1].arg], K[ip->arg]); FCHK(acc))

OPCASE(RETV)   return row[ip->arg];
OPCASE(RETP)   return P[ip->arg];
OPCASE(RETC)   return K[ip->arg];
OPCASE(ADDVR)  return acc + row[ip->arg];
OPCASE(MULVR)  return acc * row[ip->arg];
CALLOP(ADDVEXPR, 1, return exp(acc + row[ip->arg]))
OPCASE(ADDCVR) return acc + K[ip->arg] + row[ip[1].arg];
CALLOP(ADDCVEXPR, 2, return exp(acc + K[ip->arg] + row[ip[1].arg]))

OPCASE(ST)     STORE(acc, 0);                                NEXT(1);
OPCASE(STV)    STORE(row[ip->arg], 1);                       NEXT(2);
OPCASE(STP)    STORE(P[ip->arg], 1);                         NEXT(2);
OPCASE(STC)    STORE(K[ip->arg], 1);                         NEXT(2);
OPCASE(ADDVST) STORE(acc + row[ip->arg], 1);                 NEXT(2);
OPCASE(MULVST) STORE(acc * row[ip->arg], 1);                 NEXT(2);
CALLOP(ADDVEXPST, 2, FCHK(acc); STORE(exp(acc + row[ip->arg]), 1))
OPCASE(ADDCVST) STORE(acc + K[ip->arg] + row[ip[1].arg], 2); NEXT(3);
CALLOP(ADDCVEXPST, 3, FCHK(acc); STORE(exp(acc + K[ip->arg] + row[ip[1].arg]), 2))
OPCASE(END)    return chk;

/* Chains with a tail: ip is on the tail [c][EXT v](, [EXT d]) afterwards. */
#define CV_TAIL (acc + ps_lin_k(ip) + row[ip[1].arg])
OPCASE(LINKCVR)  CHAIN_FIRST(K_TERM); return CV_TAIL;
OPCASE(MADDKCVR) CHAIN_MORE(K_TERM);  return CV_TAIL;
CALLOP(LINLOGCVEXPR, 0, CHAIN_FIRST(LIN_LOGTERM); return exp(CV_TAIL))
OPCASE(LINKCVST)  CHAIN_FIRST(K_TERM); STORE(CV_TAIL, 2);   NEXT(3);
OPCASE(MADDKCVST) CHAIN_MORE(K_TERM);  STORE(CV_TAIL, 2);   NEXT(3);
CALLOP(LINLOGCVEXPST, 0, CHAIN_FIRST(LIN_LOGTERM); FCHK(acc); STORE(exp(CV_TAIL), 2); ip += 3)
#undef CV_TAIL
OPCASE(SUMV)   SUM_FIRST();                                 NEXT(0);
OPCASE(MADDV) {
    const ps_instr *end = ip + 1 + ip->arg;
    for (ip += 1; ip < end; ip++) acc = acc + row[ip->arg];
    NEXT(0);
}
OPCASE(LINKC)  CHAIN_FIRST(K_TERM); acc = acc + ps_lin_k(ip); NEXT(1);
OPCASE(MADDKC) CHAIN_MORE(K_TERM);  acc = acc + ps_lin_k(ip); NEXT(1);
OPCASE(SUBMULP) acc = (acc - row[ip[1].arg]) * P[ip->arg];    NEXT(2);
OPCASE(SUBMULC) acc = (acc - row[ip[1].arg]) * K[ip->arg];    NEXT(2);
OPCASE(ADDVVR) return acc + row[ip->arg] + row[ip[1].arg];
OPCASE(ADDVVST) STORE(acc + row[ip->arg] + row[ip[1].arg], 2); NEXT(3);
OPCASE(SUMVR)  SUM_FIRST(); return acc;
OPCASE(SUMVST) SUM_FIRST(); STORE(acc, 0);                  NEXT(1);

#undef CHAIN_FIRST
#undef CHAIN_MORE
#undef K_TERM
#undef SUM_FIRST
#undef ARITH_CASES
