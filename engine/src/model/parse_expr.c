/*
** Expressions, by recursive descent.  From loosest to tightest:
**
**   sum      = product { ("+" | "-") product }
**   product  = unary { ("*" | "/") unary }
**   unary    = ("-" | "+") unary | power
**   power    = primary [ "^" unary ]          right-associative
**   primary  = number | name [ "(" lag ")" ] | function "(" args ")" | "(" sum ")"
**
** so -x^2 is -(x^2), 2^3^2 is 2^(3^2) and 2^-1 is 2^(-1), as in Fortran,
** Dynare and EViews.  Names are not resolved here (see lower.c).
*/
#include "model/model_internal.h"
#include "util/editdist.h"

#include <stdio.h>
#include <string.h>

#define Q 96

typedef struct fn_info {
    const char *name;
    rkind kind;
    ps_op op;
    int arity;
    const char *usage;
} fn_info;

static const fn_info fns[] = {
    { "log", R_OP, PS_E_LOG, 1, "log(x)" },     { "exp", R_OP, PS_E_EXP, 1, "exp(x)" },
    { "sqrt", R_OP, PS_E_SQRT, 1, "sqrt(x)" },  { "abs", R_OP, PS_E_ABS, 1, "abs(x)" },
    { "min", R_OP, PS_E_MIN, 2, "min(a, b)" },  { "max", R_OP, PS_E_MAX, 2, "max(a, b)" },
    { "pow", R_OP, PS_E_POW, 2, "pow(a, b)" },  { "diff", R_DIFF, PS_E_SUB, 1, "diff(x)" },
    { "pct", R_PCT, PS_E_DIV, 1, "pct(x)" },     { "sign", R_OP, PS_E_SIGN, 1, "sign(x)" },
    { "normcdf", R_OP, PS_E_NORMCDF, 1, "normcdf(x)" },
};
#define NFNS (sizeof fns / sizeof fns[0])
#define FN_LIST "log, exp, sqrt, abs, sign, normcdf, min, max, pow, diff and pct"

static const fn_info *find_fn(const char *s, size_t len) {
    for (size_t i = 0; i < NFNS; i++)
        if (strlen(fns[i].name) == len && memcmp(fns[i].name, s, len) == 0) return &fns[i];
    return NULL;
}

int mp_function(const char *s, size_t len, rkind *kind, ps_op *op, int *arity) {
    const fn_info *f = find_fn(s, len);
    if (!f) return 0;
    *kind = f->kind;
    *op = f->op;
    *arity = f->arity;
    return 1;
}

const char *mp_nearest_function(const char *s, size_t len) {
    ps_nearest near;
    ps_nearest_init(&near, s, len);
    for (size_t i = 0; i < NFNS; i++) ps_nearest_offer(&near, fns[i].name);
    return ps_nearest_best(&near);
}

static int is(const mparse *P, tok_type t) { return P->cur.type == t; }

static rnode *fail_found(mparse *P, const char *what) {
    mp_fail_found(P, "%s", what);
    return NULL;
}

static rnode *leaf(mparse *P, rkind kind) {
    rnode *n = mp_alloc(P, P->scratch, sizeof *n);
    if (!n) {
        mp_nomem(P);
        return NULL;
    }
    n->kind = kind;
    n->pos = P->cur.pos;
    n->off = P->cur.off;
    n->depth = 1;
    return n;
}

/* Attach operands; refuses trees deeper than later stages may recurse. */
static rnode *attach(mparse *P, rnode *n, rnode *a, rnode *b) {
    n->a = a;
    n->b = b;
    n->depth = 1 + (b && b->depth > a->depth ? b->depth : a->depth);
    n->end = P->prev_end;
    if (n->depth > PS_MODEL_MAX_DEPTH) {
        mp_fail(P, PS_ERR_LIMIT, n->pos,
                "expression nested too deeply (more than %d levels): split it with "
                "auxiliary identities", PS_MODEL_MAX_DEPTH);
        return NULL;
    }
    return n;
}

static rnode *op_node(mparse *P, ps_op op, ps_srcpos pos, rnode *a, rnode *b) {
    rnode *n = leaf(P, R_OP);
    if (!n) return NULL;
    n->op = op;
    n->pos = pos;
    n->off = a->off;
    return attach(P, n, a, b);
}

/* Guards the recursion itself: "((((x))))" builds no nodes but nests calls. */
static int enter(mparse *P) {
    if (++P->nest <= PS_MODEL_MAX_DEPTH) return PS_OK;
    return mp_fail(P, PS_ERR_LIMIT, P->cur.pos,
                   "expression nested too deeply (more than %d levels): split it with "
                   "auxiliary identities", PS_MODEL_MAX_DEPTH);
}

static rnode *parse_unary(mparse *P);

/* Step over the current token and parse the operand that follows with
** parse, one nesting level deeper: the depth bound of every recursion of
** the grammar (parentheses, powers, unary signs) is kept here. */
static rnode *nested(mparse *P, rnode *(*parse)(mparse *)) {
    if (enter(P) || mp_next(P)) return NULL;
    rnode *e = parse(P);
    if (e) P->nest--;
    return e;
}

/* Only a name takes a lag: (a+b)(-1), 3(-1) and log(x)(-1) are errors. */
static rnode *no_lag_after(mparse *P, rnode *n, size_t off) {
    char q[Q];
    if (!is(P, T_LPAREN)) return n;
    mp_fail(P, PS_ERR_SYNTAX, P->cur.pos,
            "unexpected '(' after %s: only a variable name takes a lag, like x(-1); to lag an "
            "expression, lag each variable in it (diff and pct do that for you), and write '*' "
            "to multiply", mp_quote(P, off, P->prev_end, q, sizeof q));
    return NULL;
}

static rnode *unknown_function(mparse *P, const rnode *n) {
    const char *near = mp_nearest_function(P->src + n->off, n->nlen);
    if (near)
        mp_fail(P, PS_ERR_SYNTAX, n->pos,
                "unknown function '%.*s'; did you mean '%s'? (the functions are " FN_LIST ")",
                (int)n->nlen, P->src + n->off, near);
    else
        mp_fail(P, PS_ERR_SYNTAX, n->pos,
                "unknown function '%.*s' (the functions are " FN_LIST "); if '%.*s' is a "
                "variable, its lag is written %.*s(-1)", (int)n->nlen, P->src + n->off,
                (int)n->nlen, P->src + n->off, (int)n->nlen, P->src + n->off);
    return NULL;
}

static rnode *lag_number(mparse *P, rnode *n, int sign) {
    char q[Q];
    if (!is(P, T_NUMBER)) {
        if (sign == 0) return unknown_function(P, n);
        mp_fail_found(P, "expected a whole number of periods after '%.*s(%c', like %.*s(-1)",
                      (int)n->nlen, P->src + n->off, sign < 0 ? '-' : '+', (int)n->nlen,
                      P->src + n->off);
        return NULL;
    }
    if (!P->cur.is_int) {
        mp_fail(P, PS_ERR_SYNTAX, P->cur.pos, "a lag must be a whole number of periods, like "
                "x(-1), found %s", mp_quote_tok(P, &P->cur, q, sizeof q));
        return NULL;
    }
    if (P->cur.num > PS_MODEL_MAX_LAG) {
        mp_fail(P, PS_ERR_LIMIT, P->cur.pos, "a lag of %.*s periods is longer than the "
                "limit of %d", (int)P->cur.len, P->src + P->cur.off, PS_MODEL_MAX_LAG);
        return NULL;
    }
    n->lag = (int)P->cur.num;
    return n;
}

/* name "(" ["-"|"+"] integer ")"; the "(" is the current token. */
static rnode *parse_lag(mparse *P, rnode *n) {
    int sign = 0;
    if (mp_next(P)) return NULL;
    if (is(P, T_MINUS) || is(P, T_PLUS)) {
        sign = is(P, T_MINUS) ? -1 : 1;
        if (mp_next(P)) return NULL;
    }
    if (!lag_number(P, n, sign) || mp_next(P)) return NULL;
    if (!is(P, T_RPAREN)) {
        mp_fail_found(P, "expected ')' to close the lag of '%.*s'", (int)n->nlen, P->src + n->off);
        return NULL;
    }
    if (mp_next(P)) return NULL;
    n->end = P->prev_end;
    n->has_lag = 1;
    if (sign < 0) n->lag = -n->lag;
    return no_lag_after(P, n, n->off);
}

static int parse_args(mparse *P, const fn_info *f, rnode **args, int *nargs) {
    *nargs = 0;
    if (!is(P, T_RPAREN)) {
        for (;;) {
            rnode *e = mp_parse_expr(P);
            if (!e) return P->status;
            if (*nargs < 2) args[*nargs] = e;
            (*nargs)++;
            if (!is(P, T_COMMA)) break;
            if (mp_next(P)) return P->status;
        }
    }
    if (!is(P, T_RPAREN))
        return mp_fail_found(P, "expected ',' or ')' in the arguments of %s(...)", f->name);
    return mp_next(P);
}

static int enter_lagfn(mparse *P, const fn_info *f, ps_srcpos pos) {
    if (f->kind == R_OP || ++P->lagfn_nest <= MP_MAX_LAGFN_NEST) return PS_OK;
    return mp_fail(P, PS_ERR_LIMIT, pos, "diff and pct are nested more than %d deep; each "
                   "level copies its argument, so write the deep difference out with lags",
                   MP_MAX_LAGFN_NEST);
}

static rnode *parse_call(mparse *P, const fn_info *f) {
    rnode *n = leaf(P, f->kind);
    rnode *args[2] = { NULL, NULL };
    int nargs;
    if (!n || mp_next(P)) return NULL;
    n->op = f->op;
    if (!is(P, T_LPAREN)) {
        mp_fail(P, PS_ERR_SYNTAX, n->pos, "function '%s' needs its arguments in parentheses, "
                "like %s", f->name, f->usage);
        return NULL;
    }
    if (enter(P) || enter_lagfn(P, f, n->pos) || mp_next(P)) return NULL;
    if (parse_args(P, f, args, &nargs)) return NULL;
    P->nest--;
    if (f->kind != R_OP) P->lagfn_nest--;
    if (nargs != f->arity) {
        mp_fail(P, PS_ERR_SYNTAX, n->pos, "%s takes %d argument%s, found %d: write %s",
                f->name, f->arity, f->arity == 1 ? "" : "s", nargs, f->usage);
        return NULL;
    }
    if (!attach(P, n, args[0], args[1])) return NULL;
    return no_lag_after(P, n, n->off);
}

static rnode *parse_name(mparse *P) {
    char q[Q];
    const fn_info *f = find_fn(P->src + P->cur.off, P->cur.len);
    if (f) return parse_call(P, f);
    if (mp_is_keyword(P->src + P->cur.off, P->cur.len)) {
        mp_fail(P, PS_ERR_SYNTAX, P->cur.pos, "%s is a reserved word, not a variable name",
                mp_quote_tok(P, &P->cur, q, sizeof q));
        return NULL;
    }
    rnode *n = leaf(P, R_NAME);
    if (!n) return NULL;
    n->nlen = P->cur.len;
    if (mp_next(P)) return NULL;
    n->end = P->prev_end;
    return is(P, T_LPAREN) ? parse_lag(P, n) : n;
}

static rnode *parse_paren(mparse *P) {
    size_t off = P->cur.off;
    ps_srcpos open = P->cur.pos;
    rnode *e = nested(P, mp_parse_expr);
    if (!e) return NULL;
    if (!is(P, T_RPAREN)) {
        mp_fail_found(P, "expected ')' to close the '(' at %d:%d", open.line, open.col);
        return NULL;
    }
    if (mp_next(P)) return NULL;
    return no_lag_after(P, e, off);
}

static rnode *parse_primary(mparse *P) {
    if (is(P, T_NUMBER)) {
        rnode *n = leaf(P, R_NUM);
        if (!n) return NULL;
        n->num = P->cur.num;
        if (mp_next(P)) return NULL;
        n->end = P->prev_end;
        return no_lag_after(P, n, n->off);
    }
    if (is(P, T_LPAREN)) return parse_paren(P);
    if (is(P, T_IDENT)) return parse_name(P);
    return fail_found(P, "expected a value (a number, a name, a function call or '(')");
}

static rnode *parse_power(mparse *P) {
    rnode *b = parse_primary(P);
    if (!b || !is(P, T_CARET)) return b;
    ps_srcpos pos = P->cur.pos;
    rnode *e = nested(P, parse_unary);
    if (!e) return NULL;
    return op_node(P, PS_E_POW, pos, b, e);
}

static rnode *parse_unary(mparse *P) {
    if (!is(P, T_MINUS) && !is(P, T_PLUS)) return parse_power(P);
    int neg = is(P, T_MINUS);
    ps_srcpos pos = P->cur.pos;
    size_t off = P->cur.off;
    rnode *a = nested(P, parse_unary);
    if (!a || !neg) return a;
    rnode *n = op_node(P, PS_E_NEG, pos, a, NULL);
    if (n) n->off = off;
    return n;
}

/* The left-associative binary operators, loosest first: a sum of products
** of unary terms.  One loop serves both levels. */
static const struct {
    tok_type tok[2];
    ps_op op[2];
} levels[] = {{{T_PLUS, T_MINUS}, {PS_E_ADD, PS_E_SUB}},
              {{T_STAR, T_SLASH}, {PS_E_MUL, PS_E_DIV}}};

static rnode *parse_level(mparse *P, size_t level) {
    if (level == sizeof levels / sizeof levels[0]) return parse_unary(P);
    rnode *l = parse_level(P, level + 1);
    while (l && (is(P, levels[level].tok[0]) || is(P, levels[level].tok[1]))) {
        ps_op op = levels[level].op[is(P, levels[level].tok[1])];
        ps_srcpos pos = P->cur.pos;
        if (mp_next(P)) return NULL;
        rnode *r = parse_level(P, level + 1);
        l = r ? op_node(P, op, pos, l, r) : NULL;
    }
    return l;
}

rnode *mp_parse_expr(mparse *P) {
    return parse_level(P, 0);
}
