/*
** Code generation: one expression tree -> a run of instructions ending in RET.
**
** Instruction selection is a handful of local patterns (opcodes.h): a binary
** operation whose right operand is a leaf becomes one "op with operand"
** instruction; when the left operand is the leaf, a commutative operation is
** turned around (a + b and b + a are the same double) and SUB/DIV use their
** reversed forms; a term (k * x, k * log(x), pow(x, k), with k a parameter
** or constant and x a series) is one wide instruction, alone or fused into
** the enclosing +, - or *; a chain of terms is one LIN-kind instruction; the last
** instruction absorbs the RET where a fused form exists (end_code).  Nothing
** is reassociated, so compiled code computes exactly what the tree says.
*/
#include "compile/compile_int.h"
#include "util/alloc.h"
#include "analyse/expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct operand {
    ps_opkind kind;             /* PS_OPK_V, _P or _C; PS_OPK_N: not a leaf */
    int32_t arg;
} operand;

typedef struct cg {
    ps_program_impl *pi;
    ps_error *err;
    int rc;                     /* first error; PS_OK while all is well */
    int nvals, maxvals;         /* values live (acc included), and their peak */
    const ps_expr *root;        /* the expression being compiled */
} cg;

static void fail(cg *g, int code, const char *msg) {
    if (g->rc == PS_OK) g->rc = ps_error_set(g->err, code, "%s", msg);
}

static int grow(void **v, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return 1;
    size_t n = *cap ? *cap : 64;
    while (n < need) n *= 2;
    void *nv = ps_realloc(*v, n * size);
    if (!nv) return 0;
    *v = nv;
    *cap = n;
    return 1;
}

static void emit(cg *g, int op, int32_t arg) {
    ps_program *p = &g->pi->pub;
    if (g->rc != PS_OK) return;
    if (!grow((void **)&p->instr, &g->pi->instr_cap, p->ninstr + 1, sizeof *p->instr)) {
        fail(g, PS_ERR_NOMEM, "out of memory while compiling the model");
        return;
    }
    p->instr[p->ninstr++] = (ps_instr){op, arg};
}

static uint32_t hash_bits(double v) {
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    b ^= b >> 33;
    b *= 0xff51afd7ed558ccdULL;
    b ^= b >> 33;
    return (uint32_t)b;
}

static int same_bits(double x, double y) {
    return memcmp(&x, &y, sizeof x) == 0;
}

static int rehash(ps_program_impl *pi, size_t cap) {
    uint32_t *t = ps_calloc(cap, sizeof *t);
    if (!t) return 0;
    for (size_t i = 0; i < pi->pub.nconst; i++) {
        size_t h = hash_bits(pi->pub.consts[i]) & (cap - 1);
        while (t[h]) h = (h + 1) & (cap - 1);
        t[h] = (uint32_t)i + 1;
    }
    ps_free(pi->const_hash);
    pi->const_hash = t;
    pi->hash_cap = cap;
    return 1;
}

/* Index of v in the constant pool, added when new; -1 when out of memory.
** Equal bits share one slot (so 0.0 and -0.0 stay distinct). */
static int32_t intern(cg *g, double v) {
    ps_program_impl *pi = g->pi;
    ps_program *p = &pi->pub;
    if (2 * (p->nconst + 1) > pi->hash_cap && !rehash(pi, pi->hash_cap ? 2 * pi->hash_cap : 64))
        return -1;
    size_t h = hash_bits(v) & (pi->hash_cap - 1);
    for (; pi->const_hash[h]; h = (h + 1) & (pi->hash_cap - 1))
        if (same_bits(p->consts[pi->const_hash[h] - 1], v)) return (int32_t)pi->const_hash[h] - 1;
    if (p->nconst >= INT32_MAX - 1
        || !grow((void **)&p->consts, &pi->const_cap, p->nconst + 1, sizeof *p->consts))
        return -1;
    p->consts[p->nconst] = v;
    pi->const_hash[h] = (uint32_t)++p->nconst;
    return (int32_t)p->nconst - 1;
}

/* The operand a leaf loads, or kind N for an inner node. */
static operand leaf(cg *g, const ps_expr *e) {
    ps_program *p = &g->pi->pub;
    operand o = {PS_OPK_N, 0};
    if (e->op == PS_E_NUM) {
        o.arg = intern(g, e->num);
        if (o.arg < 0) fail(g, PS_ERR_NOMEM, "out of memory while compiling the model");
        o.kind = PS_OPK_C;
    } else if (e->op == PS_E_VAR && e->sym >= p->model->nsym && p->ninv > 0
               && e->sym - p->model->nsym < p->ninv) {
        o.kind = PS_OPK_P;                      /* a hoisted invariant (hoist.c) */
        o.arg = p->nparam + (e->sym - p->model->nsym);
    } else if (e->op == PS_E_VAR) {
        const ps_symbol *s = e->sym >= 0 && e->sym < p->model->nsym ? &p->model->syms[e->sym] : NULL;
        if (!s) {
            fail(g, PS_ERR_USAGE, "an expression refers to a symbol the model does not have");
        } else if (s->slot < 0 || s->slot >= (s->kind == PS_SYM_PARAM ? p->nparam : p->nvar)) {
            fail(g, PS_ERR_USAGE, "a symbol's slot is outside the frame or parameter vector");
        } else if (s->kind == PS_SYM_PARAM) {
            o.kind = PS_OPK_P;
            o.arg = s->slot;
        } else if (e->lag > 0 && (int64_t)p->nvar * (int64_t)e->lag > INT32_MAX - p->nvar) {
            fail(g, PS_ERR_LIMIT, "a lead reaches too far ahead for a 32-bit frame offset "
                 "(lead times number of series must stay below 2^31)");
        } else if ((int64_t)p->nvar * -(int64_t)e->lag > INT32_MAX - p->nvar) {
            fail(g, PS_ERR_LIMIT, "a lag reaches too far back for a 32-bit frame offset "
                 "(lag times number of series must stay below 2^31)");
        } else {
            o.kind = PS_OPK_V;
            o.arg = s->slot + e->lag * p->nvar;
            /* a lead reads row[c + k * nvar]: the caller keeps k periods of
            ** data after the solved one (the stacked solver's workspace) */
            if (-e->lag > p->maxlag) p->maxlag = -e->lag;
        }
    }
    return o;
}

static int is_leaf(const ps_expr *e) {
    return e->op == PS_E_NUM || e->op == PS_E_VAR;
}

static int is_param(const cg *g, const ps_expr *e) {
    const ps_model *m = g->pi->pub.model;
    if (e->op != PS_E_VAR || e->sym < 0) return 0;
    if (e->sym >= m->nsym) return e->sym - m->nsym < g->pi->pub.ninv;  /* invariant */
    return m->syms[e->sym].kind == PS_SYM_PARAM;
}

static int is_series(const cg *g, const ps_expr *e) {
    return e->op == PS_E_VAR && !is_param(g, e);
}

/* A term: k * x, k * log(x) or pow(x, k), with k a parameter or constant
** and x a series, loaded by one wide instruction. */
typedef struct term {
    ps_termkind kind;
    const ps_expr *k, *x;
} term;

typedef enum role { ROLE_LOAD, ROLE_PUSH, ROLE_ADD, ROLE_SUB, ROLE_MUL } role;

static int is_k(const cg *g, const ps_expr *e) {
    return e->op == PS_E_NUM || is_param(g, e);
}

static int match_term(const cg *g, const ps_expr *e, term *t) {
    if (e->op == PS_E_POW) {                    /* pow(x, k); x^2 is SQR, no libm */
        *t = (term){PS_TERM_POW, e->b, e->a};
        return is_series(g, e->a) && is_k(g, e->b) && !ps_x_is(e->b, 2.0);
    }
    if (e->op != PS_E_MUL) return 0;
    const ps_expr *a = e->a, *b = e->b;
    if (!is_k(g, a)) {                          /* k may stand on either side */
        a = e->b;
        b = e->a;
    }
    if (!is_k(g, a)) return 0;
    if (is_series(g, b)) {
        *t = (term){PS_TERM_PROD, a, b};
        return 1;
    }
    *t = (term){PS_TERM_KLOG, a, b->a};
    return b->op == PS_E_LOG && is_series(g, b->a);
}

/* The P form of the instruction for term kind and role, -1 when none. */
static int term_opcode(ps_termkind kind, role r) {
    static const int ops[3][5] = {
        /* LOAD          PUSH       ADD             SUB             MUL */
        {PS_OP_LDPV, PS_OP_PUSHPV, PS_OP_MADDPV, PS_OP_MSUBPV, -1},
        {PS_OP_LDPLOGV, -1, PS_OP_MADDPLOGV, PS_OP_MSUBPLOGV, -1},
        {PS_OP_LDPOWVP, -1, -1, -1, PS_OP_MULPOWVP},
    };
    return ops[kind][r];
}

/* Emit term t in role r if there is an instruction for it; 0 if not. */
static int emit_term(cg *g, const term *t, role r) {
    int op = term_opcode(t->kind, r);
    if (op < 0) return 0;
    operand ok = leaf(g, t->k), ox = leaf(g, t->x);
    emit(g, ok.kind == PS_OPK_P ? op : op + 1, ok.arg);
    emit(g, PS_OP_EXT, ox.arg);
    return 1;
}

static void note_value(cg *g) {
    if (++g->nvals > g->maxvals) g->maxvals = g->nvals;
}

static void gen(cg *g, const ps_expr *e);

/* Longest chain of terms one LIN-kind instruction carries; a longer chain
** continues in the next instruction. */
#define LIN_MAX 64

typedef struct chain {
    int n, has_log;
    term t[LIN_MAX];
    int minus[LIN_MAX];
} chain;

/* Collect the left spine ((base op t1) op t2) ... whose right operands are
** terms of the kinds `op` chains (+/-: k*x and k*log(x); *: pow(x, k)), from
** the top down; returns the base. */
static const ps_expr *collect_chain(const cg *g, const ps_expr *e, int mul, chain *c) {
    term t;
    c->n = c->has_log = 0;
    while (c->n < LIN_MAX - 1 && (mul ? e->op == PS_E_MUL : e->op == PS_E_ADD || e->op == PS_E_SUB)
           && match_term(g, e->b, &t)
           && (mul ? t.kind == PS_TERM_POW : t.kind != PS_TERM_POW)) {
        c->has_log |= t.kind == PS_TERM_KLOG;
        c->minus[c->n] = e->op == PS_E_SUB;
        c->t[c->n++] = t;
        e = e->a;
    }
    return e;
}

/* 1 when every k of the chain is a number (a subtracted one folds its sign
** into the constant), so LINK/MADDK can carry them inline. */
static int all_numbers(const chain *c) {
    for (int i = 0; i < c->n; i++)
        if (c->t[i].k->op != PS_E_NUM || c->t[i].kind != PS_TERM_PROD) return 0;
    return 1;
}

static void emit_chain(cg *g, int op, const chain *c) {
    int inl = ps_op_inline_k(op);
    emit(g, op, c->n);
    for (int i = c->n - 1; i >= 0; i--) {            /* collected from the top down */
        const ps_expr *k = c->t[i].k;
        int minus = c->minus[i];
        ps_expr negated;
        if (minus && k->op == PS_E_NUM) {       /* acc - c x == acc + (-c) x, exactly */
            negated = *k;
            negated.num = -k->num;
            k = &negated;
            minus = 0;
        }
        if (inl) {
            ps_instr q = ps_lin_k_slot(k->num);
            emit(g, q.op, q.arg);
            emit(g, PS_OP_EXT, leaf(g, c->t[i].x).arg);
            continue;
        }
        operand ok = leaf(g, k), ox = leaf(g, c->t[i].x);
        int bits = PS_LIN_TAG | (ok.kind == PS_OPK_C ? PS_LIN_CONST : 0)
                   | (minus ? PS_LIN_MINUS : 0) | (c->t[i].kind == PS_TERM_KLOG ? PS_LIN_LOG : 0);
        emit(g, bits, ok.arg);
        emit(g, PS_OP_EXT, ox.arg);
    }
}

/* A chain of at least two terms becomes one instruction after its base, or
** with its base when the base is itself a term and nothing is live yet.
** Terms keep the tree's order of operations. */
static int gen_chain(cg *g, const ps_expr *e) {
    chain c;
    term t;
    int mul = e->op == PS_E_MUL;
    const ps_expr *base = collect_chain(g, e, mul, &c);
    int first = !mul && g->nvals == 0 && match_term(g, base, &t) && t.kind != PS_TERM_POW;
    if (c.n + first < 2) return 0;
    if (first) {
        c.has_log |= t.kind == PS_TERM_KLOG;
        c.minus[c.n] = 0;
        c.t[c.n++] = t;
        note_value(g);
    } else {
        gen(g, base);
    }
    int op = mul ? PS_OP_MULPOWN : first ? (c.has_log ? PS_OP_LINLOG : PS_OP_LIN)
                                        : (c.has_log ? PS_OP_MADDNLOG : PS_OP_MADDN);
    if (!mul && all_numbers(&c)) op = first ? PS_OP_LINK : PS_OP_MADDK;
    emit_chain(g, op, &c);
    return 1;
}

/* A sum whose right operands are plain series, ((b + x1) + x2) + ...: one
** SUMV (when b is a series too and nothing is live) or MADDV after b.  At
** least two additions, or it is no shorter than ADDV. */
#define SUM_MAX 64

static int gen_sum(cg *g, const ps_expr *e) {
    const ps_expr *x[SUM_MAX], *top = e;
    int n = 0;
    /* The last addition of the code stays an ADDV, which end_code fuses with
    ** the return ("+ y_a"), or with exp for a log equation. */
    int last = e == g->root || (g->root->op == PS_E_EXP && e == g->root->a);
    if (last) {
        if (e->op != PS_E_ADD || !is_series(g, e->b)) return 0;
        e = e->a;
    }
    while (n < SUM_MAX - 1 && e->op == PS_E_ADD && is_series(g, e->b)) {
        x[n++] = e->b;
        e = e->a;
    }
    int first = g->nvals == 0 && is_series(g, e);
    if (first) x[n++] = e;
    if (n < 2) return 0;
    if (!first) gen(g, e);
    else note_value(g);
    emit(g, first ? PS_OP_SUMV : PS_OP_MADDV, n);
    for (int i = n - 1; i >= 0; i--) emit(g, PS_OP_EXT, leaf(g, x[i]).arg);
    if (last) emit(g, PS_OP_ADDV, leaf(g, top->b).arg);
    return 1;
}

static void gen_leaf(cg *g, const ps_expr *e) {
    operand o = leaf(g, e);
    int base = g->nvals == 0 ? PS_OP_LDV : PS_OP_PUSHV;
    emit(g, base + (o.kind == PS_OPK_P) + 2 * (o.kind == PS_OPK_C), o.arg);
    note_value(g);
}

/* A whole subexpression that is a term, loaded in one instruction. */
static int gen_term(cg *g, const ps_expr *e) {
    term t;
    if (!match_term(g, e, &t) || !emit_term(g, &t, g->nvals == 0 ? ROLE_LOAD : ROLE_PUSH))
        return 0;
    note_value(g);
    return 1;
}

/* The "acc = acc op operand" instruction, or -1 when there is none. */
static int with_operand(ps_op op, int reversed, ps_opkind kind) {
    static const int v[] = {PS_OP_ADDV, PS_OP_SUBV, PS_OP_RSUBV, PS_OP_MULV, PS_OP_DIVV, PS_OP_RDIVV};
    static const int pc[] = {PS_OP_ADDP, PS_OP_SUBP, PS_OP_RSUBP, PS_OP_MULP, PS_OP_DIVP, PS_OP_RDIVP};
    static const int cc[] = {PS_OP_ADDC, PS_OP_SUBC, PS_OP_RSUBC, PS_OP_MULC, PS_OP_DIVC, PS_OP_RDIVC};
    int i;
    switch (op) {
    case PS_E_ADD: i = 0; break;
    case PS_E_SUB: i = reversed ? 2 : 1; break;
    case PS_E_MUL: i = 3; break;
    case PS_E_DIV: i = reversed ? 5 : 4; break;
    case PS_E_POW:
        if (reversed) return kind == PS_OPK_V ? PS_OP_RPOWV : -1;
        return kind == PS_OPK_P ? PS_OP_POWP : kind == PS_OPK_C ? PS_OP_POWC : -1;
    default: return -1;
    }
    return kind == PS_OPK_V ? v[i] : kind == PS_OPK_P ? pc[i] : cc[i];
}

static void gen_operand_op(cg *g, int op, const ps_expr *leaf_e) {
    if (op == PS_OP_POWC && ps_x_is(leaf_e, 2.0)) {
        emit(g, PS_OP_SQR, 0);
        return;
    }
    operand o = leaf(g, leaf_e);
    emit(g, op, o.arg);
}

static int binary_opcode(ps_op op) {
    switch (op) {
    case PS_E_ADD: return PS_OP_ADD;
    case PS_E_SUB: return PS_OP_SUB;
    case PS_E_MUL: return PS_OP_MUL;
    case PS_E_DIV: return PS_OP_DIV;
    case PS_E_POW: return PS_OP_POW;
    case PS_E_MIN: return PS_OP_MIN;
    case PS_E_MAX: return PS_OP_MAX;
    case PS_E_LE: return PS_OP_LE;
    default: return PS_OP_GT;
    }
}

static ps_opkind leaf_kind(const cg *g, const ps_expr *e) {
    if (!is_leaf(e)) return PS_OPK_N;
    return is_param(g, e) ? PS_OPK_P : e->op == PS_E_NUM ? PS_OPK_C : PS_OPK_V;
}

/* Role of a term as the right operand of op (+, -, *), or -1. */
static int term_role(ps_op op) {
    return op == PS_E_ADD ? ROLE_ADD : op == PS_E_SUB ? ROLE_SUB : op == PS_E_MUL ? ROLE_MUL : -1;
}

static void gen_binary(cg *g, const ps_expr *e) {
    term t;
    int op, r = term_role(e->op);
    ps_opkind ka = leaf_kind(g, e->a), kb = leaf_kind(g, e->b);
    int commutes = e->op == PS_E_ADD || e->op == PS_E_MUL;
    if (kb != PS_OPK_N && (op = with_operand(e->op, 0, kb)) >= 0) {
        gen(g, e->a);
        gen_operand_op(g, op, e->b);
    } else if (r >= 0 && match_term(g, e->b, &t) && term_opcode(t.kind, (role)r) >= 0) {
        gen(g, e->a);
        emit_term(g, &t, (role)r);
    } else if (ka != PS_OPK_N && (op = with_operand(e->op, 1, ka)) >= 0) {
        gen(g, e->b);
        gen_operand_op(g, op, e->a);
    } else if (commutes && match_term(g, e->a, &t) && term_opcode(t.kind, (role)r) >= 0) {
        gen(g, e->b);                           /* a op b computed as b op a: exact */
        emit_term(g, &t, (role)r);
    } else {
        gen(g, e->a);
        gen(g, e->b);
        emit(g, binary_opcode(e->op), 0);
        g->nvals--;
    }
}

static int unary_opcode(ps_op op) {
    switch (op) {
    case PS_E_NEG: return PS_OP_NEG;
    case PS_E_LOG: return PS_OP_LOG;
    case PS_E_EXP: return PS_OP_EXP;
    case PS_E_SQRT: return PS_OP_SQRT;
    case PS_E_ABS: return PS_OP_ABS;
    case PS_E_NORMCDF: return PS_OP_NORMCDF;
    default: return PS_OP_SIGN;
    }
}

static void gen(cg *g, const ps_expr *e) {
    if (g->rc != PS_OK) return;
    int arity = e ? ps_op_arity(e->op) : -1;
    if (!e || (arity >= 1 && !e->a) || (arity == 2 && !e->b)) {
        fail(g, PS_ERR_USAGE, "an expression is missing an operand");
    } else if ((unsigned)e->op > PS_E_NORMCDF) {
        fail(g, PS_ERR_USAGE, "an expression has an unknown operator");
    } else if (is_leaf(e)) {
        gen_leaf(g, e);
    } else if (gen_chain(g, e) || gen_term(g, e) || gen_sum(g, e)) {
        return;
    } else if (arity == 1) {
        gen(g, e->a);
        emit(g, unary_opcode(e->op), 0);
    } else {
        gen_binary(g, e);
    }
}

/* The fused form of `op` followed by RET, or -1. */
static int fused_return(int op, int single) {
    switch (op) {
    case PS_OP_LDV: return single ? PS_OP_RETV : -1;
    case PS_OP_LDP: return single ? PS_OP_RETP : -1;
    case PS_OP_LDC: return single ? PS_OP_RETC : -1;
    case PS_OP_ADDV: return PS_OP_ADDVR;
    case PS_OP_MULV: return PS_OP_MULVR;
    default: return -1;
    }
}

/* "chain; ADDCVR c, v" (or ADDCVEXPR after LINLOG) at the end of the code
** starting at start: the chain takes the tail (c inline, v) and returns. */
static void fuse_tail(ps_program *p, uint32_t start) {
    uint32_t prev = UINT32_MAX, at = start, end = (uint32_t)p->ninstr;
    while (at + ps_instr_slots(&p->instr[at]) < end) {
        prev = at;
        at += ps_instr_slots(&p->instr[at]);
    }
    if (prev == UINT32_MAX) return;
    ps_instr *head = &p->instr[prev], *tail = &p->instr[at];
    int op = -1;
    if (tail->op == PS_OP_ADDCVR && head->op == PS_OP_LINK) op = PS_OP_LINKCVR;
    if (tail->op == PS_OP_ADDCVR && head->op == PS_OP_MADDK) op = PS_OP_MADDKCVR;
    if (tail->op == PS_OP_ADDCVEXPR && head->op == PS_OP_LINLOG) op = PS_OP_LINLOGCVEXPR;
    if (op < 0) return;
    head->op = op;                              /* [c inline][EXT v] follow its terms */
    *tail = ps_lin_k_slot(p->consts[tail->arg]);
}

/* The code at start is "SUMV n; ADDVR x": make it "SUMVR n+1" (the same
** slots, x joining the list) and say so. */
static int sum_return(ps_program *p, uint32_t start) {
    ps_instr *h = &p->instr[start];
    if (h->op != PS_OP_SUMV || start + ps_instr_slots(h) + 1 != (uint32_t)p->ninstr) return 0;
    h->op = PS_OP_SUMVR;
    h->arg++;
    p->instr[p->ninstr - 1].op = PS_OP_EXT;
    return 1;
}

/* End the code: fuse the last instruction with RET where a fused form exists. */
static void end_code(cg *g, uint32_t start) {
    ps_program *p = &g->pi->pub;
    if (g->rc != PS_OK) return;
    ps_instr *last = &p->instr[p->ninstr - 1];
    int op = fused_return(last->op, p->ninstr - start == 1);
    if (op >= 0) {
        last->op = op;
    } else if (last->op == PS_OP_EXP && p->ninstr - start >= 2 && last[-1].op == PS_OP_ADDV) {
        last[-1].op = PS_OP_ADDVEXPR;           /* exp(... + y_a): log(y) = ... */
        p->ninstr--;
        last--;
    } else {
        emit(g, PS_OP_RET, 0);
        return;
    }
    /* "... + c0 + y_a": the constant joins the fused return. */
    if (p->ninstr - start >= 3 && last[-1].op == PS_OP_ADDC
        && (last->op == PS_OP_ADDVR || last->op == PS_OP_ADDVEXPR)) {
        int32_t v = last->arg;
        last[-1].op = last->op == PS_OP_ADDVR ? PS_OP_ADDCVR : PS_OP_ADDCVEXPR;
        *last = (ps_instr){PS_OP_EXT, v};
        fuse_tail(p, start);
    } else if (last->op == PS_OP_ADDVR && sum_return(p, start)) {
        /* "x0 + ... + x(n-1) + x(n)": an accounting identity, one SUMVR */
    } else if (p->ninstr - start >= 3 && last[-1].op == PS_OP_ADDV && last->op == PS_OP_ADDVR) {
        int32_t v = last->arg;                  /* "... + y_a + y(-1)": diff equations */
        last[-1].op = PS_OP_ADDVVR;
        *last = (ps_instr){PS_OP_EXT, v};
    }
}

int ps_program_begin(const ps_model *m, ps_program **out, ps_error *err) {
    *out = NULL;
    ps_program_impl *pi = ps_calloc(1, sizeof *pi);
    if (!pi) return ps_error_set(err, PS_ERR_NOMEM, "out of memory while compiling the model");
    pi->pub.model = m;
    pi->pub.nvar = m->nseries;
    pi->pub.nparam = m->nparam;
    pi->pub.maxlag = m->maxlag;
    pi->pub.max_stack = 1;
    *out = &pi->pub;
    return PS_OK;
}

/* Local fusions over the finished code at start, compacting it in place
** (a fused form is never longer): "chain; + c" (or "- c", which is
** "+ (-c)" exactly) becomes LINKC/MADDKC, and "- x; * k" becomes
** SUBMULP/SUBMULC, the gap of a partial adjustment.  Runs after end_code,
** so the fused returns it made come first. */
static void fuse_code(ps_program *p, uint32_t start) {
    ps_instr *in = p->instr;
    uint32_t end = (uint32_t)p->ninstr, r = start, w = start;
    while (r < end) {
        ps_instr h = in[r];
        uint32_t k = ps_instr_slots(&h), next = r + k;
        int op = in[next < end ? next : r].op;
        if ((h.op == PS_OP_LINK || h.op == PS_OP_MADDK) && next < end
            && (op == PS_OP_ADDC || op == PS_OP_SUBC)) {
            double c = p->consts[in[next].arg];
            memmove(&in[w], &in[r], k * sizeof *in);
            in[w].op = h.op == PS_OP_LINK ? PS_OP_LINKC : PS_OP_MADDKC;
            in[w + k] = ps_lin_k_slot(op == PS_OP_SUBC ? -c : c);
            w += k + 1;
            r = next + 1;
            continue;
        }
        if (h.op == PS_OP_SUBV && next < end && (op == PS_OP_MULP || op == PS_OP_MULC)) {
            in[w] = (ps_instr){op == PS_OP_MULP ? PS_OP_SUBMULP : PS_OP_SUBMULC, in[next].arg};
            in[w + 1] = (ps_instr){PS_OP_EXT, h.arg};
            w += 2;
            r = next + 1;
            continue;
        }
        memmove(&in[w], &in[r], k * sizeof *in);
        w += k;
        r = next;
    }
    p->ninstr = w;
}

/* Register the instructions emitted since start as a new code (*id), or,
** after a failure, drop them so the program is as it was. */
static int finish_code(cg *g, uint32_t start, ps_codeid *id) {
    ps_program *p = &g->pi->pub;
    if (g->rc == PS_OK && p->ninstr > UINT32_MAX / 2)
        fail(g, PS_ERR_LIMIT, "the model compiles to more than 2^31 instructions");
    if (g->rc == PS_OK
        && !grow((void **)&p->codes, &g->pi->code_cap, p->ncodes + 1, sizeof *p->codes))
        fail(g, PS_ERR_NOMEM, "out of memory while compiling the model");
    if (g->rc != PS_OK) {
        p->ninstr = start;
        return g->rc;
    }
    p->codes[p->ncodes] = (ps_code){start, (uint32_t)p->ninstr - start};
    *id = (ps_codeid)p->ncodes++;
    return PS_OK;
}

int ps_program_add_expr(ps_program *p, const ps_expr *e, ps_codeid *id, ps_error *err) {
    cg g = {(ps_program_impl *)p, err, PS_OK, 0, 0, e};
    uint32_t start = (uint32_t)p->ninstr;
    gen(&g, e);
    end_code(&g, start);
    if (g.rc == PS_OK) fuse_code(p, start);
    int rc = finish_code(&g, start, id);
    if (rc == PS_OK && g.maxvals - 1 > p->max_stack) p->max_stack = g.maxvals - 1;
    return rc;
}

void ps_program_end(ps_program *p) {
    ps_program_impl *pi = (ps_program_impl *)p;
    ps_free(pi->const_hash);
    pi->const_hash = NULL;
    pi->hash_cap = 0;
}

/* Copy code c into the run being built, its returning instruction replaced
** by the store form with destination d. */
static void copy_into_run(cg *g, ps_codeid c, int32_t d) {
    ps_program *p = &g->pi->pub;
    uint32_t i = 0, len = p->codes[c].len, start = p->codes[c].start;
    while (g->rc == PS_OK && i < len) {
        size_t at = p->ninstr;                  /* an index: emit may move instr */
        uint32_t k = ps_instr_slots(&p->instr[start + i]);
        for (uint32_t j = 0; j < k; j++) {
            ps_instr w = p->instr[start + i + j];
            emit(g, w.op, w.arg);
        }
        int st = g->rc == PS_OK ? ps_op_store_form(p->instr[at].op) : -1;
        if (st == PS_OP_ST) {
            p->instr[at] = (ps_instr){PS_OP_ST, d};     /* RET has no operand to keep */
        } else if (st >= 0) {
            p->instr[at].op = st;                       /* the same slots, then d */
            emit(g, PS_OP_EXT, d);
        }
        i += k;
    }
}

int ps_program_add_run(ps_program *p, const ps_codeid *codes, const int *slot, int n,
                       ps_codeid *id, ps_error *err) {
    cg g = {(ps_program_impl *)p, err, PS_OK, 0, 0, NULL};
    uint32_t start = (uint32_t)p->ninstr;
    for (int k = 0; k < n && g.rc == PS_OK; k++) {
        if (codes[k] >= p->ncodes) fail(&g, PS_ERR_USAGE, "a run names a code that does not exist");
        else copy_into_run(&g, codes[k], slot[k]);
    }
    emit(&g, PS_OP_END, 0);
    return finish_code(&g, start, id);
}
