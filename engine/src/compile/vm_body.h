/*
** Internal: the body of the VM, one entry per opcode, included twice by vm.c
** (computed-goto dispatch and switch dispatch).  The includer defines
** OPCASE(name) (a label or a case), NEXT(k) (advance k slots and dispatch)
** and CALLOP(name, statement) for the operations that call into libm, and has
** in scope: ip, acc, sp, row, P (parameters), K (constants).
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
OPCASE(DIV)    acc = *--sp / acc;                           NEXT(1);
CALLOP(POW,    sp--; acc = pow(*sp, acc))
OPCASE(MIN)    sp--; acc = ps_op_min(*sp, acc);             NEXT(1);
OPCASE(MAX)    sp--; acc = ps_op_max(*sp, acc);             NEXT(1);
OPCASE(LE)     sp--; acc = ps_op_le(*sp, acc);              NEXT(1);
OPCASE(GT)     sp--; acc = ps_op_gt(*sp, acc);              NEXT(1);

OPCASE(NEG)    acc = -acc;                                  NEXT(1);
CALLOP(LOG,    acc = log(acc))
CALLOP(EXP,    acc = exp(acc))
CALLOP(SQRT,   acc = sqrt(acc))
OPCASE(ABS)    acc = fabs(acc);                             NEXT(1);
OPCASE(SIGN)   acc = ps_op_sign(acc);                       NEXT(1);
OPCASE(SQR)    acc = acc * acc;                             NEXT(1);

OPCASE(ADDV)   acc = acc + row[ip->arg];                    NEXT(1);
OPCASE(SUBV)   acc = acc - row[ip->arg];                    NEXT(1);
OPCASE(RSUBV)  acc = row[ip->arg] - acc;                    NEXT(1);
OPCASE(MULV)   acc = acc * row[ip->arg];                    NEXT(1);
OPCASE(DIVV)   acc = acc / row[ip->arg];                    NEXT(1);
OPCASE(RDIVV)  acc = row[ip->arg] / acc;                    NEXT(1);
OPCASE(ADDP)   acc = acc + P[ip->arg];                      NEXT(1);
OPCASE(SUBP)   acc = acc - P[ip->arg];                      NEXT(1);
OPCASE(RSUBP)  acc = P[ip->arg] - acc;                      NEXT(1);
OPCASE(MULP)   acc = acc * P[ip->arg];                      NEXT(1);
OPCASE(DIVP)   acc = acc / P[ip->arg];                      NEXT(1);
OPCASE(RDIVP)  acc = P[ip->arg] / acc;                      NEXT(1);
CALLOP(POWP,   acc = pow(acc, P[ip->arg]))
OPCASE(ADDC)   acc = acc + K[ip->arg];                      NEXT(1);
OPCASE(SUBC)   acc = acc - K[ip->arg];                      NEXT(1);
OPCASE(RSUBC)  acc = K[ip->arg] - acc;                      NEXT(1);
OPCASE(MULC)   acc = acc * K[ip->arg];                      NEXT(1);
OPCASE(DIVC)   acc = acc / K[ip->arg];                      NEXT(1);
OPCASE(RDIVC)  acc = K[ip->arg] / acc;                      NEXT(1);
CALLOP(POWC,   acc = pow(acc, K[ip->arg]))

OPCASE(MADDPV) acc = acc + P[ip->arg] * row[ip[1].arg];     NEXT(2);
OPCASE(MADDCV) acc = acc + K[ip->arg] * row[ip[1].arg];     NEXT(2);
OPCASE(MSUBPV) acc = acc - P[ip->arg] * row[ip[1].arg];     NEXT(2);
OPCASE(MSUBCV) acc = acc - K[ip->arg] * row[ip[1].arg];     NEXT(2);

OPCASE(RETV)   return row[ip->arg];
OPCASE(RETP)   return P[ip->arg];
OPCASE(RETC)   return K[ip->arg];
OPCASE(ADDVR)  return acc + row[ip->arg];
OPCASE(MULVR)  return acc * row[ip->arg];
