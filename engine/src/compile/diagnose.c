/*
** The slow path: ps_vm_diagnose re-runs a code instruction by instruction,
** checking every value as it is produced, and names the first one that is
** missing, out of its domain or not finite.  ps_vm_disasm prints the code.
** Both use the model's symbol names; neither is ever on a hot path.
*/
#include "compile/compile_int.h"
#include "util/alloc.h"
#include "analyse/expr.h"
#include "model/model_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names of operands ---- */

static const char *series_name(const ps_program *p, int col) {
    const ps_model *m = p->model;
    for (int s = 0; m && s < m->nsym; s++)
        if (m->syms[s].kind != PS_SYM_PARAM && m->syms[s].slot == col) return m->syms[s].name;
    return NULL;
}

static const char *param_name(const ps_program *p, int slot) {
    const ps_model *m = p->model;
    for (int s = 0; m && s < m->nsym; s++)
        if (m->syms[s].kind == PS_SYM_PARAM && m->syms[s].slot == slot) return m->syms[s].name;
    return NULL;
}

/* "gdp(-1)" for frame offset `off` ("column 3 (lag -1)" without a model). */
static void var_text(const ps_program *p, int32_t off, char *out, size_t n) {
    int nv = p->nvar > 0 ? p->nvar : 1;
    int col = ((off % nv) + nv) % nv, lag = (off - col) / nv;
    const char *name = series_name(p, col);
    if (!name)
        snprintf(out, n, "column %d (lag %d)", col, lag);
    else if (lag == 0)
        snprintf(out, n, "%s", name);
    else
        snprintf(out, n, "%s(%+d)", name, lag);
}

static void par_text(const ps_program *p, int32_t slot, char *out, size_t n) {
    const char *name = param_name(p, slot);
    if (name)
        snprintf(out, n, "%s", name);
    else
        snprintf(out, n, "parameter #%d", (int)slot);
}

/* ---- checked evaluation ---- */

typedef struct diag {
    const ps_program *p;
    const double *row, *params;
    char *buf;
    size_t n;
    int found;
} diag;

static void culprit(diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void culprit(diag *d, const char *fmt, ...) {
    if (d->found) return;
    d->found = 1;
    if (!d->buf || d->n == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->buf, d->n, fmt, ap);
    va_end(ap);
}

static double load(diag *d, ps_opkind kind, int32_t arg) {
    char name[170];
    double v = kind == PS_OPK_V ? d->row[arg] : kind == PS_OPK_P ? d->params[arg]
                                                                 : d->p->consts[arg];
    if (isfinite(v)) return v;
    if (kind == PS_OPK_C) {
        culprit(d, "the constant %g is not a finite number", v);
        return v;
    }
    if (kind == PS_OPK_V) {
        var_text(d->p, arg, name, sizeof name);
    } else {
        memcpy(name, "parameter ", 10);
        par_text(d->p, arg, name + 10, sizeof name - 10);
    }
    if (isnan(v))
        culprit(d, "missing value of %s", name);
    else
        culprit(d, "%s is %g (not a finite number)", name, v);
    return v;
}

static const char *infix(ps_op op) {
    switch (op) {
    case PS_E_ADD: return "+";
    case PS_E_SUB: return "-";
    case PS_E_MUL: return "*";
    default: return "/";
    }
}

/* The operation as the model file writes it. */
static const char *fname(ps_op op) { return op == PS_E_NEG ? "negation" : mp_func_name(op); }

/* Domain errors that show before the operation is carried out. */
static void check_domain(diag *d, ps_op op, double x, double y) {
    if (op == PS_E_DIV && y == 0)
        culprit(d, "division by zero (%.10g / 0)", x);
    else if (op == PS_E_LOG && x <= 0)
        culprit(d, "log of %.10g (must be positive)", x);
    else if (op == PS_E_SQRT && x < 0)
        culprit(d, "sqrt of %.10g (must be >= 0)", x);
    else if (op == PS_E_POW && x < 0 && y != floor(y))
        culprit(d, "pow(%.10g, %.10g) is not a real number", x, y);
    else if (op == PS_E_POW && x == 0 && y < 0)
        culprit(d, "pow(0, %.10g) divides by zero (zero to a negative power)", y);
}

static double apply(diag *d, ps_op op, double x, double y) {
    if (d->found) return NAN;
    check_domain(d, op, x, y);
    double r = ps_op_apply(op, x, y);
    if (d->found || isfinite(r)) return r;
    if (op == PS_E_POW)
        culprit(d, "pow(%.10g, %.10g) overflows", x, y);
    else if (op == PS_E_EXP)
        culprit(d, "exp(%.10g) overflows", x);
    else if (op >= PS_E_ADD && op <= PS_E_DIV)
        culprit(d, "%.10g %s %.10g overflows", x, infix(op), y);
    else if (ps_op_arity(op) == 1)
        culprit(d, "%s(%.10g) is not finite", fname(op), x);
    else
        culprit(d, "%s(%.10g, %.10g) is not finite", fname(op), x, y);
    return r;
}

/* What an opcode does, for the checked interpreter. */
typedef enum dclass {
    D_RET, D_LOAD, D_PUSH, D_BINARY, D_UNARY, D_WITH, D_RWITH, D_ADDEXP, D_LIN, D_ADDCV, D_LINTAIL, D_SUM, D_SUBMUL, D_ADDVV
} dclass;

typedef struct dinfo {
    dclass cls;
    ps_op op;
} dinfo;

static dinfo classify(int opc) {
    switch (opc) {
    case PS_OP_LDV: case PS_OP_LDP: case PS_OP_LDC: case PS_OP_LDPV: case PS_OP_LDCV:
    case PS_OP_LDPLOGV: case PS_OP_LDCLOGV: case PS_OP_LDPOWVP: case PS_OP_LDPOWVC:
    case PS_OP_RETV: case PS_OP_RETP: case PS_OP_RETC:
        return (dinfo){D_LOAD, PS_E_NUM};
    case PS_OP_PUSHV: case PS_OP_PUSHP: case PS_OP_PUSHC: case PS_OP_PUSHPV: case PS_OP_PUSHCV:
        return (dinfo){D_PUSH, PS_E_NUM};
    case PS_OP_ADD: return (dinfo){D_BINARY, PS_E_ADD};
    case PS_OP_SUB: return (dinfo){D_BINARY, PS_E_SUB};
    case PS_OP_MUL: return (dinfo){D_BINARY, PS_E_MUL};
    case PS_OP_DIV: return (dinfo){D_BINARY, PS_E_DIV};
    case PS_OP_POW: return (dinfo){D_BINARY, PS_E_POW};
    case PS_OP_MIN: return (dinfo){D_BINARY, PS_E_MIN};
    case PS_OP_MAX: return (dinfo){D_BINARY, PS_E_MAX};
    case PS_OP_LE: return (dinfo){D_BINARY, PS_E_LE};
    case PS_OP_GT: return (dinfo){D_BINARY, PS_E_GT};
    case PS_OP_NEG: return (dinfo){D_UNARY, PS_E_NEG};
    case PS_OP_LOG: return (dinfo){D_UNARY, PS_E_LOG};
    case PS_OP_EXP: return (dinfo){D_UNARY, PS_E_EXP};
    case PS_OP_SQRT: return (dinfo){D_UNARY, PS_E_SQRT};
    case PS_OP_ABS: return (dinfo){D_UNARY, PS_E_ABS};
    case PS_OP_SIGN: return (dinfo){D_UNARY, PS_E_SIGN};
    case PS_OP_NORMCDF: return (dinfo){D_UNARY, PS_E_NORMCDF};
    case PS_OP_SQR: return (dinfo){D_UNARY, PS_E_POW};
    case PS_OP_ADDV: case PS_OP_ADDP: case PS_OP_ADDC: case PS_OP_ADDVR:
        return (dinfo){D_WITH, PS_E_ADD};
    case PS_OP_SUBV: case PS_OP_SUBP: case PS_OP_SUBC: return (dinfo){D_WITH, PS_E_SUB};
    case PS_OP_RSUBV: case PS_OP_RSUBP: case PS_OP_RSUBC: return (dinfo){D_RWITH, PS_E_SUB};
    case PS_OP_MULV: case PS_OP_MULP: case PS_OP_MULC: case PS_OP_MULVR:
        return (dinfo){D_WITH, PS_E_MUL};
    case PS_OP_DIVV: case PS_OP_DIVP: case PS_OP_DIVC: return (dinfo){D_WITH, PS_E_DIV};
    case PS_OP_RDIVV: case PS_OP_RDIVP: case PS_OP_RDIVC: return (dinfo){D_RWITH, PS_E_DIV};
    case PS_OP_POWP: case PS_OP_POWC: return (dinfo){D_WITH, PS_E_POW};
    case PS_OP_RPOWV: return (dinfo){D_RWITH, PS_E_POW};
    case PS_OP_MADDPV: case PS_OP_MADDCV: case PS_OP_MADDPLOGV: case PS_OP_MADDCLOGV:
        return (dinfo){D_WITH, PS_E_ADD};
    case PS_OP_MSUBPV: case PS_OP_MSUBCV: case PS_OP_MSUBPLOGV: case PS_OP_MSUBCLOGV:
        return (dinfo){D_WITH, PS_E_SUB};
    case PS_OP_MULPOWVP: case PS_OP_MULPOWVC: return (dinfo){D_WITH, PS_E_MUL};
    case PS_OP_ADDVEXPR: return (dinfo){D_ADDEXP, PS_E_ADD};
    case PS_OP_LINKCVR: case PS_OP_MADDKCVR: case PS_OP_LINKC: case PS_OP_MADDKC:
        return (dinfo){D_LINTAIL, PS_E_ADD};
    case PS_OP_SUBMULP: case PS_OP_SUBMULC: return (dinfo){D_SUBMUL, PS_E_MUL};
    case PS_OP_ADDVVR: return (dinfo){D_ADDVV, PS_E_ADD};
    case PS_OP_LINLOGCVEXPR: return (dinfo){D_LINTAIL, PS_E_EXP};
    case PS_OP_SUMV: case PS_OP_MADDV: case PS_OP_SUMVR: return (dinfo){D_SUM, PS_E_ADD};
    case PS_OP_LIN: case PS_OP_MADDN: case PS_OP_LINLOG: case PS_OP_MADDNLOG:
    case PS_OP_LINK: case PS_OP_MADDK:
        return (dinfo){D_LIN, PS_E_ADD};
    case PS_OP_MULPOWN: return (dinfo){D_LIN, PS_E_MUL};
    case PS_OP_ADDCVR: return (dinfo){D_ADDCV, PS_E_ADD};
    case PS_OP_ADDCVEXPR: return (dinfo){D_ADDCV, PS_E_EXP};
    default: return (dinfo){D_RET, PS_E_NUM};
    }
}

/* The value of an instruction's operand (the term for the wide forms). */
static double operand(diag *d, const ps_instr *ip) {
    const ps_opinfo *in = &ps_opinfo_table[ip->op];
    if (in->kind != PS_OPK_PV && in->kind != PS_OPK_CV) return load(d, in->kind, ip->arg);
    double k = load(d, in->kind == PS_OPK_CV ? PS_OPK_C : PS_OPK_P, ip->arg);
    double x = d->found ? NAN : load(d, PS_OPK_V, ip[1].arg);
    switch (ps_op_term(ip->op)) {
    case PS_TERM_KLOG: return apply(d, PS_E_MUL, k, apply(d, PS_E_LOG, x, 0));
    case PS_TERM_POW: return apply(d, PS_E_POW, x, k);
    default: return apply(d, PS_E_MUL, k, x);
    }
}

/* A LIN-kind instruction: LIN and LINLOG start the sum with their first
** term, MADDN and MADDNLOG add onto acc, MULPOWN multiplies acc. */
static double lin(diag *d, const ps_instr *ip, double acc) {
    int first = ps_op_lin_first(ip->op);
    int inl = ps_op_inline_k(ip->op);
    for (int i = 0; i < ip->arg && !d->found; i++) {
        const ps_instr *q = ip + 1 + 2 * i;
        double k = inl ? ps_lin_k(q) : load(d, q->op & PS_LIN_CONST ? PS_OPK_C : PS_OPK_P, q->arg);
        double x = d->found ? NAN : load(d, PS_OPK_V, q[1].arg);
        if (ip->op == PS_OP_MULPOWN) {
            acc = apply(d, PS_E_MUL, acc, apply(d, PS_E_POW, x, k));
            continue;
        }
        int flags = inl ? 0 : q->op;
        double t = apply(d, PS_E_MUL, k, flags & PS_LIN_LOG ? apply(d, PS_E_LOG, x, 0) : x);
        acc = first && i == 0 ? t : apply(d, flags & PS_LIN_MINUS ? PS_E_SUB : PS_E_ADD, acc, t);
    }
    return acc;
}

static double run(diag *d, const ps_instr *ip, double *stack) {
    double acc = 0.0, *sp = stack;
    for (; !d->found; ip += ps_instr_slots(ip)) {
        dinfo di = classify(ip->op);
        switch (di.cls) {
        case D_RET: return acc;
        case D_PUSH: *sp++ = acc; /* fall through */
        case D_LOAD: acc = operand(d, ip); break;
        case D_BINARY: sp--; acc = apply(d, di.op, *sp, acc); break;
        case D_UNARY: acc = apply(d, di.op, acc, 2.0); break;   /* 2.0: SQR is pow(x, 2) */
        case D_WITH: acc = apply(d, di.op, acc, operand(d, ip)); break;
        case D_RWITH: acc = apply(d, di.op, operand(d, ip), acc); break;
        case D_LIN: acc = lin(d, ip, acc); break;
        case D_LINTAIL: {                           /* chain, then + c + x (in exp) */
            const ps_instr *t = ip + 1 + 2 * ip->arg;
            acc = lin(d, ip, acc);
            acc = apply(d, PS_E_ADD, acc, ps_lin_k(t));
            if (ps_op_tail(ip->op) == 3) break;         /* LINKC, MADDKC: + c only */
            acc = apply(d, PS_E_ADD, acc, d->found ? NAN : load(d, PS_OPK_V, t[1].arg));
            if (di.op == PS_E_EXP) acc = apply(d, PS_E_EXP, acc, 0);
            break;
        }
        case D_SUBMUL: {                            /* (acc - x) * k */
            double x = load(d, PS_OPK_V, ip[1].arg);
            double k = d->found ? NAN : load(d, ip->op == PS_OP_SUBMULP ? PS_OPK_P : PS_OPK_C, ip->arg);
            acc = apply(d, PS_E_MUL, apply(d, PS_E_SUB, acc, x), k);
            break;
        }
        case D_ADDVV:                               /* acc + a + x */
            acc = apply(d, PS_E_ADD, acc, load(d, PS_OPK_V, ip->arg));
            acc = apply(d, PS_E_ADD, acc, d->found ? NAN : load(d, PS_OPK_V, ip[1].arg));
            break;
        case D_SUM:
            for (int i = 0; i < ip->arg && !d->found; i++) {
                double x = load(d, PS_OPK_V, ip[1 + i].arg);
                acc = i == 0 && ip->op != PS_OP_MADDV ? x : apply(d, PS_E_ADD, acc, x);
            }
            break;
        case D_ADDCV:                               /* acc + c + x, maybe inside exp */
            acc = apply(d, PS_E_ADD, acc, load(d, PS_OPK_C, ip->arg));
            acc = apply(d, PS_E_ADD, acc, d->found ? NAN : load(d, PS_OPK_V, ip[1].arg));
            if (di.op == PS_E_EXP) acc = apply(d, PS_E_EXP, acc, 0);
            break;
        case D_ADDEXP: acc = apply(d, PS_E_EXP, apply(d, PS_E_ADD, acc, operand(d, ip)), 0); break;
        }
        if (ps_op_returns(ip->op)) return acc;
    }
    return NAN;
}

int ps_vm_diagnose(const ps_program *p, ps_codeid c, const double *row,
                   const double *params, char *buf, size_t n) {
    diag d = {p, row, params, buf, n, 0};
    if (buf && n) buf[0] = '\0';
    if (!p || c >= p->ncodes) {
        culprit(&d, "no such code (%u)", (unsigned)c);
        return 1;
    }
    double small[64], *stack = small;
    if (p->max_stack > 64 && !(stack = ps_malloc((size_t)p->max_stack * sizeof *stack))) {
        culprit(&d, "cannot diagnose: out of memory");
        return 1;
    }
    double r = run(&d, p->instr + p->codes[c].start, stack);
    if (stack != small) ps_free(stack);
    if (!d.found && !isfinite(r)) culprit(&d, "the result is %g", r);
    return d.found;
}

/* ---- disassembly ---- */

/* "0.3 * x + mpc * log(y(-1)) - ..." or "* pow(x, 0.3) * ..." for the
** LIN-kind instructions. */
static void lin_text(const ps_program *p, const ps_instr *ip, char *out, size_t n) {
    size_t off = 0;
    int start = ps_op_lin_first(ip->op);
    int inl = ps_op_inline_k(ip->op);
    out[0] = '\0';
    for (int i = 0; i < ip->arg && off < n; i++) {
        const ps_instr *q = ip + 1 + 2 * i;
        char k[160], x[160];
        int flags = inl ? PS_LIN_CONST : q->op;
        int minus = (flags & PS_LIN_MINUS) != 0, lead = i || !start;
        if (flags & PS_LIN_CONST) {
            double c = inl ? ps_lin_k(q) : p->consts[q->arg];
            if (lead && ip->op != PS_OP_MULPOWN && signbit(c)) {    /* "- 0.5 * x" */
                c = -c;
                minus = !minus;
            }
            snprintf(k, sizeof k, "%.17g", c);
        } else {
            par_text(p, q->arg, k, sizeof k);
        }
        var_text(p, q[1].arg, x, sizeof x);
        const char *gap = i ? " " : "";
        int w;
        if (ip->op == PS_OP_MULPOWN) {
            w = snprintf(out + off, n - off, "%s* pow(%s, %s)", gap, x, k);
        } else {
            const char *sign = minus ? "- " : lead ? "+ " : "";
            const char *fmt = flags & PS_LIN_LOG ? "%s%s%s * log(%s)" : "%s%s%s * %s";
            w = snprintf(out + off, n - off, fmt, gap, sign, k, x);
        }
        if (w < 0) break;
        off += (size_t)w;
    }
}

/* The slot holding a run store's destination (its last), -1 when ip is no
** store. */
static int store_slot(const ps_instr *ip) {
    return ps_op_stores(ip->op) ? (int)ps_instr_slots(ip) - 1 : -1;
}

static void plain_operand_text(const ps_program *p, const ps_instr *ip, char *out, size_t n);

/* " + 1.5 + y_a" after a chain with a tail (exp(...) for the log one). */
static void tail_text(const ps_program *p, const ps_instr *ip, char *out, size_t n) {
    int tail = ps_op_tail(ip->op);
    if (!tail) return;
    const ps_instr *t = ip + 1 + 2 * ip->arg;
    char x[160];
    size_t len = strlen(out);
    if (tail == 3) {
        snprintf(out + len, n - len, " + %.17g", ps_lin_k(t));
        return;
    }
    var_text(p, t[1].arg, x, sizeof x);
    snprintf(out + len, n - len, " + %.17g + %s%s", ps_lin_k(t), x, tail == 2 ? ", exp" : "");
}

/* "a + b + c(-1)" for SUMV and MADDV ("+ a + ..." for MADDV). */
static void sum_text(const ps_program *p, const ps_instr *ip, char *out, size_t n) {
    size_t off = 0;
    out[0] = '\0';
    for (int i = 0; i < ip->arg && off < n; i++) {
        char x[160];
        var_text(p, ip[1 + i].arg, x, sizeof x);
        int w = snprintf(out + off, n - off, "%s%s", i == 0 && ip->op != PS_OP_MADDV ? "" : i ? " + " : "+ ", x);
        if (w < 0) break;
        off += (size_t)w;
    }
}

/* Operands as text; a run's store adds "-> [d]", its destination slot. */
static void operand_text(const ps_program *p, const ps_instr *ip, char *out, size_t n) {
    int d = store_slot(ip);
    if (d < 0) {
        plain_operand_text(p, ip, out, n);
        return;
    }
    char a[340] = "";
    if (d > 0) plain_operand_text(p, ip, a, sizeof a);
    snprintf(out, n, "%s%s-> [%d]", a, d > 0 ? " " : "", (int)ip[d].arg);
}

static void plain_operand_text(const ps_program *p, const ps_instr *ip, char *out, size_t n) {
    const ps_opinfo *in = &ps_opinfo_table[ip->op];
    char k[160], x[160];
    if (ip->op == PS_OP_ST || ip->op == PS_OP_END) {
        out[0] = '\0';
        return;
    }
    if (ip->op == PS_OP_ADDVVR || ip->op == PS_OP_ADDVVST) {
        char a[160], b[160];
        var_text(p, ip->arg, a, sizeof a);
        var_text(p, ip[1].arg, b, sizeof b);
        snprintf(out, n, "%s + %s", a, b);
        return;
    }
    switch (in->kind) {
    case PS_OPK_V: var_text(p, ip->arg, out, n); return;
    case PS_OPK_P: par_text(p, ip->arg, out, n); return;
    case PS_OPK_C: snprintf(out, n, "%.17g", p->consts[ip->arg]); return;
    case PS_OPK_N: out[0] = '\0'; return;
    case PS_OPK_LIN: lin_text(p, ip, out, n); tail_text(p, ip, out, n); return;
    case PS_OPK_VL: sum_text(p, ip, out, n); return;
    default: break;
    }
    if (ip->op == PS_OP_ADDCVR || ip->op == PS_OP_ADDCVEXPR || ip->op == PS_OP_ADDCVST
        || ip->op == PS_OP_ADDCVEXPST) {
        var_text(p, ip[1].arg, x, sizeof x);
        snprintf(out, n, "%.17g + %s", p->consts[ip->arg], x);
        return;
    }
    if (in->kind == PS_OPK_CV)
        snprintf(k, sizeof k, "%.17g", p->consts[ip->arg]);
    else
        par_text(p, ip->arg, k, sizeof k);
    var_text(p, ip[1].arg, x, sizeof x);
    if (ip->op == PS_OP_SUBMULP || ip->op == PS_OP_SUBMULC) {
        snprintf(out, n, "- %s, * %s", x, k);
        return;
    }
    switch (ps_op_term(ip->op)) {
    case PS_TERM_KLOG: snprintf(out, n, "%s * log(%s)", k, x); break;
    case PS_TERM_POW: snprintf(out, n, "pow(%s, %s)", x, k); break;
    default: snprintf(out, n, "%s * %s", k, x); break;
    }
}

char *ps_vm_disasm(const ps_program *p, ps_codeid c, char *buf, size_t n) {
    if (!buf || n == 0) return buf;
    buf[0] = '\0';
    if (!p || c >= p->ncodes) return buf;
    size_t off = 0;
    const ps_code *code = &p->codes[c];
    for (uint32_t i = 0; i < code->len && off < n; i += ps_instr_slots(&p->instr[code->start + i])) {
        const ps_instr *ip = &p->instr[code->start + i];
        char name[16], arg[340];
        size_t j = 0;
        for (const char *s = ps_opinfo_table[ip->op].name; *s && j < sizeof name - 1; s++)
            name[j++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
        name[j] = '\0';
        operand_text(p, ip, arg, sizeof arg);
        int k = arg[0] ? snprintf(buf + off, n - off, "%4u  %-6s %s\n", (unsigned)i, name, arg)
                       : snprintf(buf + off, n - off, "%4u  %s\n", (unsigned)i, name);
        if (k < 0) break;
        off += (size_t)k;
    }
    return buf;
}
