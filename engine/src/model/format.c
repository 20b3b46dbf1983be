/*
** Printing expressions back in model-language syntax, with only the
** parentheses the grammar needs: reading the text back gives the same tree
** (parse_expr.c has the precedence table this mirrors).
*/
#include "model/model.h"
#include "model/model_internal.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct out {
    char *buf;
    size_t n, k;                /* capacity, length written */
} out;

static void put(out *o, const char *s) {
    while (*s && o->k + 1 < o->n) o->buf[o->k++] = *s++;
    o->buf[o->k] = '\0';
}

enum { P_SUM = 1, P_PRODUCT, P_UNARY, P_POWER, P_ATOM };

static int prec(const ps_expr *e) {
    switch (e->op) {
    case PS_E_ADD: case PS_E_SUB: return P_SUM;
    case PS_E_MUL: case PS_E_DIV: return P_PRODUCT;
    case PS_E_NEG: return P_UNARY;
    case PS_E_POW: return P_POWER;
    case PS_E_NUM: return signbit(e->num) ? P_UNARY : P_ATOM;   /* "-2" reads as -(2) */
    default: return P_ATOM;
    }
}

/* Shortest of %.15g/%.17g that reads back exactly, with '.' as the point
** whatever the locale. */
static void put_number(out *o, double v) {
    char tmp[64], fixed[64];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    if (isfinite(v) && strtod(tmp, NULL) != v) snprintf(tmp, sizeof tmp, "%.17g", v);
    const char *dp = localeconv()->decimal_point;
    size_t dpl = dp ? strlen(dp) : 0, k = 0;
    for (size_t i = 0; tmp[i] && k + 1 < sizeof fixed;) {
        if (dpl && strncmp(tmp + i, dp, dpl) == 0) {
            fixed[k++] = '.';
            i += dpl;
        } else {
            fixed[k++] = tmp[i++];
        }
    }
    fixed[k] = '\0';
    put(o, fixed);
}

static void put_var(out *o, const ps_model *m, const ps_expr *e) {
    char tmp[32];
    if (m && e->sym >= 0 && e->sym < m->nsym) {
        put(o, m->syms[e->sym].name);
    } else {
        snprintf(tmp, sizeof tmp, "#%d", e->sym);
        put(o, tmp);
    }
    if (e->lag != 0) {
        snprintf(tmp, sizeof tmp, "(%+d)", e->lag);
        put(o, tmp);
    }
}

static void format(out *o, const ps_model *m, const ps_expr *e);

static void operand(out *o, const ps_model *m, const ps_expr *e, int parens) {
    if (parens) put(o, "(");
    format(o, m, e);
    if (parens) put(o, ")");
}

const char *mp_func_name(ps_op op) {
    switch (op) {
    case PS_E_LOG: return "log";
    case PS_E_EXP: return "exp";
    case PS_E_SQRT: return "sqrt";
    case PS_E_ABS: return "abs";
    case PS_E_MIN: return "min";
    case PS_E_MAX: return "max";
    case PS_E_SIGN: return "sign";
    case PS_E_NORMCDF: return "normcdf";
    case PS_E_LE: return "le";
    case PS_E_GT: return "gt";
    default: return "?";
    }
}

static const char *infix(ps_op op) {
    switch (op) {
    case PS_E_ADD: return " + ";
    case PS_E_SUB: return " - ";
    case PS_E_MUL: return " * ";
    default: return " / ";
    }
}

static void format(out *o, const ps_model *m, const ps_expr *e) {
    if (!e) {
        put(o, "?");
        return;
    }
    int p = prec(e);
    switch (e->op) {
    case PS_E_NUM: put_number(o, e->num); return;
    case PS_E_VAR: put_var(o, m, e); return;
    case PS_E_NEG:
        put(o, "-");
        operand(o, m, e->a, prec(e->a) <= P_UNARY);       /* -(-x), not --x */
        return;
    case PS_E_ADD: case PS_E_SUB: case PS_E_MUL: case PS_E_DIV:
        /* left-associative: a - (b - c) needs them on the right only */
        operand(o, m, e->a, prec(e->a) < p);
        put(o, infix(e->op));
        operand(o, m, e->b, prec(e->b) <= p);
        return;
    case PS_E_POW:
        /* right-associative, and -x^2 = -(x^2): (-x)^2 and (a^b)^c keep theirs */
        operand(o, m, e->a, prec(e->a) <= P_POWER);
        put(o, "^");
        operand(o, m, e->b, prec(e->b) < P_POWER);
        return;
    default:
        put(o, mp_func_name(e->op));
        put(o, "(");
        format(o, m, e->a);
        if (e->b) {
            put(o, ", ");
            format(o, m, e->b);
        }
        put(o, ")");
        return;
    }
}

char *ps_expr_format(const ps_model *m, const ps_expr *e, char *buf, size_t n) {
    if (!buf || n == 0) return buf;
    out o = { buf, n, 0 };
    buf[0] = '\0';
    format(&o, m, e);
    return buf;
}

const char *ps_symkind_name(ps_symkind k) {
    switch (k) {
    case PS_SYM_ENDO: return "endogenous";
    case PS_SYM_EXO: return "exogenous";
    case PS_SYM_PARAM: return "parameter";
    case PS_SYM_ADDFACTOR: return "add-factor";
    default: return "unknown";
    }
}
