/*
** The Dynare .mod reader (engine/src/dynare/dynare.h, docs/dynare.md):
** tokens, statements, expressions as small trees, then the polsim-language
** text of the model.  Everything outside the deterministic subset is refused
** at its token with a sentence; nothing is skipped silently.
*/
#include "dynare/dynare.h"
#include "util/alloc.h"

#include <ctype.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"
#include "model/model_internal.h"
#include "util/num.h"
#include "util/strbuf.h"

/* ---- tokens ---------------------------------------------------------- */

typedef enum { T_END, T_ID, T_NUM, T_STR, T_PUNCT } tkind;

typedef struct tok {
    tkind kind;
    const char *s;
    size_t len;
    double num;
    int line, col;
} tok;

typedef struct node node;

typedef enum { N_NUM, N_SER, N_PAR, N_BIN, N_NEG, N_FN } nkind;

struct node {
    nkind kind;
    char op;                    /* N_BIN: + - * / ^ */
    const char *fn;             /* N_FN: the polsim function name */
    int idx;                    /* N_SER: symbol index; N_PAR: parameter index */
    int lag;                    /* N_SER: lag (negative) or lead (positive) */
    double num;
    node *a, *b;
    node *next;                 /* allocation list */
};

enum { S_ENDO, S_EXO, S_PAR, S_LOCAL };

typedef struct sym {
    char *name;
    int kind, idx;
    node *local;                /* S_LOCAL: its definition */
} sym;

typedef struct eqn {
    node *lhs, *rhs;
    char *label;
    int line, col;
    int match;
} eqn;

typedef struct rd {
    const char *src, *end, *p, *file;
    int line, col;
    tok t;
    ps_error *err;
    node *nodes;
    sym *syms;
    int nsym, capsym;
    double *pval;
    int npar;
    eqn *eqs;
    int neq, capeq;
    ps_dynare *d;
    int in_model;
    int last_block;             /* 1 initval, 2 endval: what `steady;` applies to */
    int maxlag;                 /* deepest lag of any variable in the model */
    tok hist_deepest;           /* the histval entry x(-k) with the largest k */
    tok endval_at, histval_at;  /* the first endval and histval keywords */
} rd;

static int fail(rd *P, const tok *t, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(rd *P, const tok *t, int code, const char *fmt, ...) {
    char msg[PS_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ps_error_at(P->err, P->file, t->line, t->col);
    return ps_error_set(P->err, code, "%s", msg);
}

static void skip_space(rd *P) {
    for (;;) {
        const char *p = P->p;
        if (p >= P->end) return;
        if (*p == '\n') {
            P->line++;
            P->col = 1;
            P->p++;
        } else if (isspace((unsigned char)*p)) {
            P->col++;
            P->p++;
        } else if (*p == '%' || (*p == '/' && p + 1 < P->end && p[1] == '/')) {
            while (P->p < P->end && *P->p != '\n') P->p++;
        } else if (*p == '/' && p + 1 < P->end && p[1] == '*') {
            P->p += 2;
            P->col += 2;
            while (P->p < P->end && !(*P->p == '*' && P->p + 1 < P->end && P->p[1] == '/')) {
                if (*P->p == '\n') {
                    P->line++;
                    P->col = 1;
                } else {
                    P->col++;
                }
                P->p++;
            }
            if (P->p < P->end) {
                P->p += 2;
                P->col += 2;
            }
        } else {
            return;
        }
    }
}

static int next(rd *P) {
    skip_space(P);
    tok *t = &P->t;
    t->line = P->line;
    t->col = P->col;
    t->s = P->p;
    if (P->p >= P->end) {
        t->kind = T_END;
        t->len = 0;
        return PS_OK;
    }
    const char *p = P->p;
    if (isalpha((unsigned char)*p) || *p == '_') {
        while (p < P->end && (isalnum((unsigned char)*p) || *p == '_')) p++;
        t->kind = T_ID;
    } else if (isdigit((unsigned char)*p) || (*p == '.' && p + 1 < P->end && isdigit((unsigned char)p[1]))) {
        while (p < P->end && (isdigit((unsigned char)*p) || *p == '.')) p++;
        if (p < P->end && (*p == 'e' || *p == 'E')) {
            const char *q = p + 1;
            if (q < P->end && (*q == '+' || *q == '-')) q++;
            if (q < P->end && isdigit((unsigned char)*q)) {
                p = q;
                while (p < P->end && isdigit((unsigned char)*p)) p++;
            }
        }
        char buf[64];
        size_t n = (size_t)(p - P->p);
        if (n >= sizeof buf) return fail(P, t, PS_ERR_SYNTAX, "number too long");
        memcpy(buf, P->p, n);
        buf[n] = '\0';
        char *e;
        t->num = strtod(buf, &e);
        if (*e) return fail(P, t, PS_ERR_SYNTAX, "malformed number '%s'", buf);
        t->kind = T_NUM;
    } else if (*p == '\'' || *p == '"') {
        char q = *p++;
        while (p < P->end && *p != q && *p != '\n') p++;
        if (p >= P->end || *p != q) return fail(P, t, PS_ERR_SYNTAX, "unterminated string");
        p++;
        t->kind = T_STR;
    } else if (*p == '@' && p + 1 < P->end && (p[1] == '#' || p[1] == '{')) {
        return fail(P, t, PS_ERR_UNSUPPORTED,
                    "Dynare's macro processor (@#, @{...}) is not supported: expand the "
                    "macros first (dynare FILE.mod savemacro onlymacro writes FILE-macroexp.mod)");
    } else {
        p++;
        t->kind = T_PUNCT;
    }
    t->len = (size_t)(p - P->p);
    P->col += (int)t->len;
    P->p = p;
    return PS_OK;
}

static int is_p(const rd *P, char c) { return P->t.kind == T_PUNCT && *P->t.s == c; }
static int is_id(const rd *P, const char *w) {
    return P->t.kind == T_ID && strlen(w) == P->t.len && memcmp(P->t.s, w, P->t.len) == 0;
}

static int expect(rd *P, char c, const char *what) {
    if (!is_p(P, c))
        return fail(P, &P->t, PS_ERR_SYNTAX, "expected '%c' %s, found '%.*s'", c, what,
                    P->t.kind == T_END ? 11 : (int)P->t.len, P->t.kind == T_END ? "end of file" : P->t.s);
    return next(P);
}

/* ---- symbols --------------------------------------------------------- */

static sym *find(rd *P, const char *s, size_t n) {
    for (int i = P->nsym - 1; i >= 0; i--)
        if (strlen(P->syms[i].name) == n && memcmp(P->syms[i].name, s, n) == 0) return &P->syms[i];
    return NULL;
}

static int add_sym(rd *P, const tok *t, int kind, sym **out) {
    if (find(P, t->s, t->len) && kind != S_LOCAL)
        return fail(P, t, PS_ERR_SEMANTIC, "'%.*s' is declared twice", (int)t->len, t->s);
    if (P->nsym == P->capsym) {
        int c = P->capsym ? 2 * P->capsym : 32;
        sym *s = ps_realloc(P->syms, (size_t)c * sizeof *s);
        if (!s) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        P->syms = s;
        P->capsym = c;
    }
    sym *s = &P->syms[P->nsym];
    memset(s, 0, sizeof *s);
    s->name = ps_strndup(t->s, t->len);
    if (!s->name) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
    s->kind = kind;
    P->nsym++;
    *out = s;
    return PS_OK;
}

static node *mk(rd *P, nkind k) {
    node *n = ps_calloc(1, sizeof *n);
    if (!n) return NULL;
    n->kind = k;
    n->next = P->nodes;
    P->nodes = n;
    return n;
}

/* ---- expressions ----------------------------------------------------- */

static int expr(rd *P, node **out, int depth);

static const struct {
    const char *dyn, *native;
    int arity;
} FNS[] = {
    { "exp", "exp", 1 }, { "log", "log", 1 }, { "ln", "log", 1 }, { "sqrt", "sqrt", 1 },
    { "abs", "abs", 1 }, { "sign", "sign", 1 }, { "min", "min", 2 }, { "max", "max", 2 },
    { "normcdf", "normcdf", 1 }, { "normpdf", "normpdf", 1 },
};

static node *mk_bin(rd *P, char op, node *a, node *b) {
    node *n = mk(P, N_BIN);
    if (n) {
        n->op = op;
        n->a = a;
        n->b = b;
    }
    return n;
}

static node *mk_num(rd *P, double v) {
    node *n = mk(P, N_NUM);
    if (n) n->num = v;
    return n;
}

/* Dynare's normcdf(x, mu, sigma) and normpdf(x, mu, sigma), at the first
** ',': the argument becomes (x - mu) / sigma, so the native model needs only
** the standard forms; *sigma_out is sigma (normpdf divides by it too). */
static int dist_args(rd *P, node *fn, int depth, node **sigma_out) {
    node *mu, *sigma;
    int rc;
    if ((rc = next(P)) || (rc = expr(P, &mu, depth + 1)) ||
        (rc = expect(P, ',', "between mu and sigma: normcdf(x) or normcdf(x, mu, sigma), "
                             "normpdf(x) or normpdf(x, mu, sigma)")) ||
        (rc = expr(P, &sigma, depth + 1)))
        return rc;
    node *gap = mk_bin(P, '-', fn->a, mu);
    node *z = gap ? mk_bin(P, '/', gap, sigma) : NULL;
    if (!z) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
    fn->a = z;
    *sigma_out = sigma;
    return PS_OK;
}

/* normpdf(z) written with the native model's functions: the standard normal
** density exp(-z^2 / 2) / sqrt(2 pi), divided by sigma when given (the
** density of x ~ N(mu, sigma^2) at x is phi((x - mu) / sigma) / sigma).
** The model language has no normpdf of its own; this form has the same
** value and the derivatives polsim takes of exp and ^. */
static node *normpdf_node(rd *P, node *z, node *sigma) {
    node *sq = mk_bin(P, '^', z, mk_num(P, 2));
    node *e = mk(P, N_FN);
    if (!e) return NULL;
    e->fn = "exp";
    e->a = mk_bin(P, '*', mk_num(P, -0.5), sq);
    node *r = mk_bin(P, '*', e, mk_num(P, 0.398942280401432677939946));
    if (r && sigma) r = mk_bin(P, '/', r, sigma);
    return e->a && r ? r : NULL;
}

static int primary(rd *P, node **out, int depth) {
    if (depth > 900) return fail(P, &P->t, PS_ERR_LIMIT, "expression nested too deeply");
    tok t = P->t;
    int rc;
    if (t.kind == T_NUM) {
        node *n = mk(P, N_NUM);
        if (!n) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        n->num = t.num;
        *out = n;
        return next(P);
    }
    if (is_p(P, '(')) {
        if ((rc = next(P)) || (rc = expr(P, out, depth + 1))) return rc;
        return expect(P, ')', "to close the parenthesis");
    }
    if (t.kind != T_ID)
        return fail(P, &t, PS_ERR_SYNTAX, "expected a number, a name or '(', found '%.*s'",
                    t.kind == T_END ? 11 : (int)t.len, t.kind == T_END ? "end of file" : t.s);
    if ((rc = next(P))) return rc;
    if (is_p(P, '(') && !find(P, t.s, t.len)) {
        for (size_t i = 0; i < sizeof FNS / sizeof FNS[0]; i++) {
            if (strlen(FNS[i].dyn) != t.len || memcmp(FNS[i].dyn, t.s, t.len)) continue;
            node *n = mk(P, N_FN);
            if (!n) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
            n->fn = FNS[i].native;
            if ((rc = next(P)) || (rc = expr(P, &n->a, depth + 1))) return rc;
            if (FNS[i].arity == 2) {
                if ((rc = expect(P, ',', "between the two arguments")) ||
                    (rc = expr(P, &n->b, depth + 1)))
                    return rc;
            }
            node *sigma = NULL;
            int dist = !strcmp(FNS[i].dyn, "normcdf") || !strcmp(FNS[i].dyn, "normpdf");
            if (dist && is_p(P, ',') && (rc = dist_args(P, n, depth, &sigma))) return rc;
            if (!strcmp(FNS[i].dyn, "normpdf") && !(n = normpdf_node(P, n->a, sigma)))
                return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
            *out = n;
            return expect(P, ')', "to close the function's arguments");
        }
        return fail(P, &t, PS_ERR_UNSUPPORTED,
                    "function '%.*s' is not supported: the functions are exp, log (ln), sqrt, "
                    "abs, sign, min, max, normcdf and normpdf (erf, steady_state and "
                    "expectation are not available yet)", (int)t.len, t.s);
    }
    sym *s = find(P, t.s, t.len);
    if (!s)
        return fail(P, &t, PS_ERR_SEMANTIC,
                    "'%.*s' is not declared: declare it with var, varexo or parameters",
                    (int)t.len, t.s);
    if (s->kind == S_LOCAL) {
        *out = s->local;
        return PS_OK;
    }
    if (s->kind == S_PAR) {
        node *n = mk(P, N_PAR);
        if (!n) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        n->idx = s->idx;
        *out = n;
        return PS_OK;
    }
    if (!P->in_model)
        return fail(P, &t, PS_ERR_SEMANTIC,
                    "'%.*s' is a variable: only numbers and parameters can be used here",
                    (int)t.len, t.s);
    node *n = mk(P, N_SER);
    if (!n) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
    n->idx = (int)(s - P->syms);
    if (is_p(P, '(')) {
        if ((rc = next(P))) return rc;
        int sign = 1;
        if (is_p(P, '+') || is_p(P, '-')) {
            sign = is_p(P, '-') ? -1 : 1;
            if ((rc = next(P))) return rc;
        }
        if (P->t.kind != T_NUM || P->t.num != floor(P->t.num) || P->t.num > 10000)
            return fail(P, &P->t, PS_ERR_SYNTAX,
                        "expected a whole number of periods in %.*s(...), as in x(-1) or x(+1)",
                        (int)t.len, t.s);
        n->lag = sign * (int)P->t.num;
        if ((rc = next(P))) return rc;
        if ((rc = expect(P, ')', "after the lead or lag"))) return rc;
    }
    if (n->lag > P->d->maxlead) P->d->maxlead = n->lag;
    if (-n->lag > P->maxlag) P->maxlag = -n->lag;
    *out = n;
    return PS_OK;
}

static int power(rd *P, node **out, int depth) {
    int rc = primary(P, out, depth);
    if (rc) return rc;
    if (is_p(P, '^')) {
        node *n = mk(P, N_BIN);
        if (!n) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        n->op = '^';
        n->a = *out;
        if ((rc = next(P))) return rc;
        /* the exponent may carry a sign: x^-1 */
        if (is_p(P, '-')) {
            node *m = mk(P, N_NEG);
            if (!m) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
            if ((rc = next(P)) || (rc = power(P, &m->a, depth + 1))) return rc;
            n->b = m;
        } else if ((rc = power(P, &n->b, depth + 1))) {
            return rc;
        }
        *out = n;
    }
    return PS_OK;
}

static int unary(rd *P, node **out, int depth) {
    if (is_p(P, '-') || is_p(P, '+')) {
        int neg = is_p(P, '-');
        int rc = next(P);
        if (rc || (rc = unary(P, out, depth + 1))) return rc;
        if (neg) {
            node *n = mk(P, N_NEG);
            if (!n) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
            n->a = *out;
            *out = n;
        }
        return PS_OK;
    }
    return power(P, out, depth);
}

static int binary(rd *P, node **out, int depth, int level) {
    int rc = level ? unary(P, out, depth) : binary(P, out, depth, 1);
    if (rc) return rc;
    for (;;) {
        char c = P->t.kind == T_PUNCT ? *P->t.s : 0;
        if (level ? (c != '*' && c != '/') : (c != '+' && c != '-')) break;
        node *n = mk(P, N_BIN);
        if (!n) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        n->op = c;
        n->a = *out;
        if ((rc = next(P))) return rc;
        if ((rc = level ? unary(P, &n->b, depth + 1) : binary(P, &n->b, depth + 1, 1))) return rc;
        *out = n;
    }
    if (level == 0 && (is_p(P, '<') || is_p(P, '>') || is_p(P, '!') ||
                       (is_p(P, '=') && P->p < P->end && *P->p == '=')))
        return fail(P, &P->t, PS_ERR_UNSUPPORTED,
                    "comparison operators are not supported in expressions");
    return PS_OK;
}

static int expr(rd *P, node **out, int depth) {
    if (depth > 900) return fail(P, &P->t, PS_ERR_LIMIT, "expression nested too deeply");
    return binary(P, out, depth, 0);
}

static double eval(const rd *P, const node *n) {
    switch (n->kind) {
    case N_NUM: return n->num;
    case N_PAR: return P->pval[n->idx];
    case N_NEG: return -eval(P, n->a);
    case N_BIN: {
        double a = eval(P, n->a), b = eval(P, n->b);
        switch (n->op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        default: return pow(a, b);
        }
    }
    case N_FN: {
        double a = eval(P, n->a);
        if (!strcmp(n->fn, "exp")) return exp(a);
        if (!strcmp(n->fn, "log")) return log(a);
        if (!strcmp(n->fn, "sqrt")) return sqrt(a);
        if (!strcmp(n->fn, "abs")) return fabs(a);
        if (!strcmp(n->fn, "sign")) return a > 0 ? 1.0 : a < 0 ? -1.0 : a; /* 0 and NaN kept */
        if (!strcmp(n->fn, "normcdf")) return a != a ? a : gsl_cdf_ugaussian_P(a);
        double b = eval(P, n->b);
        return !strcmp(n->fn, "min") ? fmin(a, b) : fmax(a, b);
    }
    default: return NAN;
    }
}

/* A constant expression (numbers and parameters with values). */
static int value(rd *P, double *v) {
    tok at = P->t;
    node *n;
    int rc = expr(P, &n, 0);
    if (rc) return rc;
    *v = eval(P, n);
    if (!isfinite(*v))
        return fail(P, &at, PS_ERR_SEMANTIC,
                    "this value is not a finite number (a parameter without a value, or a "
                    "division by zero)");
    return PS_OK;
}

/* One item of a values list: items are separated by spaces or commas, so
** `0.02 -0.01` is two values; an item is a signed number, a parameter or a
** parenthesised expression, as in Dynare. */
static int list_value(rd *P, double *v) {
    double sign = 1;
    tok at = P->t;
    int rc;
    while (is_p(P, '-') || is_p(P, '+')) {
        if (is_p(P, '-')) sign = -sign;
        if ((rc = next(P))) return rc;
    }
    node *n;
    if ((rc = power(P, &n, 0))) return rc;
    *v = sign * eval(P, n);
    if (!isfinite(*v))
        return fail(P, &at, PS_ERR_SEMANTIC,
                    "this value is not a finite number (a parameter without a value, or a "
                    "division by zero)");
    return PS_OK;
}

/* ---- text output ----------------------------------------------------- */

static void put_num(ps_sb *b, double v) {
    char s[PS_NUM_BUF];
    ps_sb_append(b, s, (size_t)ps_num_format(v, s));
}

static void emit(rd *P, ps_sb *b, const node *n) {
    switch (n->kind) {
    case N_NUM: put_num(b, n->num); break;
    case N_PAR: {
        for (int i = 0; i < P->nsym; i++)
            if (P->syms[i].kind == S_PAR && P->syms[i].idx == n->idx) {
                ps_sb_printf(b, "%s", P->syms[i].name);
                break;
            }
        break;
    }
    case N_SER:
        ps_sb_printf(b, "%s", P->syms[n->idx].name);
        if (n->lag) ps_sb_printf(b, "(%+d)", n->lag);
        break;
    case N_NEG: ps_sb_printf(b, "(-"); emit(P, b, n->a); ps_sb_printf(b, ")"); break;
    case N_BIN:
        ps_sb_printf(b, "(");
        emit(P, b, n->a);
        ps_sb_printf(b, " %c ", n->op);
        emit(P, b, n->b);
        ps_sb_printf(b, ")");
        break;
    case N_FN:
        ps_sb_printf(b, "%s(", n->fn);
        emit(P, b, n->a);
        if (n->b) {
            ps_sb_printf(b, ", ");
            emit(P, b, n->b);
        }
        ps_sb_printf(b, ")");
        break;
    }
}

/* ---- equations: which variable each determines ------------------------ */

static void current_endo(const rd *P, const node *n, unsigned char *seen) {
    if (!n) return;
    if (n->kind == N_SER && n->lag == 0 && P->syms[n->idx].kind == S_ENDO)
        seen[P->syms[n->idx].idx] = 1;
    current_endo(P, n->a, seen);
    current_endo(P, n->b, seen);
}

/* The endogenous variable a left side names as `y` or `log(y)`, or -1. */
static int bare(const rd *P, const node *n) {
    if (n->kind == N_FN && !strcmp(n->fn, "log")) n = n->a;
    if (n->kind == N_SER && n->lag == 0 && P->syms[n->idx].kind == S_ENDO)
        return P->syms[n->idx].idx;
    return -1;
}

static int augment(int e, const unsigned char *inc, int nv, int *var_eq, unsigned char *vis) {
    /* a free variable first, so that equations keep their natural variable
    ** wherever the matching allows it */
    for (int v = 0; v < nv; v++)
        if (inc[(size_t)e * (size_t)nv + (size_t)v] && var_eq[v] < 0) {
            var_eq[v] = e;
            return 1;
        }
    for (int v = 0; v < nv; v++) {
        if (!inc[(size_t)e * (size_t)nv + (size_t)v] || vis[v]) continue;
        vis[v] = 1;
        if (var_eq[v] < 0 || augment(var_eq[v], inc, nv, var_eq, vis)) {
            var_eq[v] = e;
            return 1;
        }
    }
    return 0;
}

static int match(rd *P) {
    int ne = P->neq, nv = P->d->nendo;
    if (ne != nv) {
        tok at = { .line = ne ? P->eqs[ne - 1].line : 1, .col = ne ? P->eqs[ne - 1].col : 1 };
        return fail(P, &at, PS_ERR_SEMANTIC,
                    "the model has %d equations for %d endogenous variables: Dynare and polsim "
                    "need as many equations as variables declared with var", ne, nv);
    }
    unsigned char *inc = ps_calloc((size_t)ne * (size_t)nv + 1, 1);
    unsigned char *vis = ps_calloc((size_t)nv + 1, 1);
    int *var_eq = ps_malloc(((size_t)nv + 1) * sizeof *var_eq);
    if (!inc || !vis || !var_eq) {
        ps_free(inc);
        ps_free(vis);
        ps_free(var_eq);
        return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
    }
    for (int e = 0; e < ne; e++) {
        current_endo(P, P->eqs[e].lhs, inc + (size_t)e * (size_t)nv);
        current_endo(P, P->eqs[e].rhs, inc + (size_t)e * (size_t)nv);
    }
    for (int v = 0; v < nv; v++) var_eq[v] = -1;
    /* the natural normalisation first: an equation written y = ... or log(y) = ... */
    for (int e = 0; e < ne; e++) {
        int v = bare(P, P->eqs[e].lhs);
        if (v >= 0 && var_eq[v] < 0) var_eq[v] = e;
    }
    int rc = PS_OK;
    for (int e = 0; e < ne && !rc; e++) {
        int done = 0;
        for (int v = 0; v < nv; v++) done |= var_eq[v] == e;
        if (done) continue;
        memset(vis, 0, (size_t)nv);
        if (!augment(e, inc, nv, var_eq, vis)) {
            tok at = { .line = P->eqs[e].line, .col = P->eqs[e].col };
            rc = fail(P, &at, PS_ERR_SEMANTIC,
                      "equation %d cannot be given a variable of its own: the equations "
                      "containing the same current endogenous variables outnumber them "
                      "(the model is structurally singular)", e + 1);
        }
    }
    for (int v = 0; v < nv && !rc; v++) P->eqs[var_eq[v]].match = v;
    ps_free(inc);
    ps_free(vis);
    ps_free(var_eq);
    return rc;
}

static const char *endo_name(const rd *P, int v) { return P->d->endo[v]; }

static int translate(rd *P) {
    ps_dynare *d = P->d;
    ps_sb b;
    ps_sb_init(&b);
    ps_sb_printf(&b, "// Read from the Dynare file %s (docs/dynare.md).\n", P->file);
    ps_sb_printf(&b, "model %s \"Imported from %s.mod\" annual;\n", d->name, d->name);
    ps_sb_printf(&b, "endogenous ");
    for (int i = 0; i < d->nendo; i++) ps_sb_printf(&b, "%s%s", i ? ", " : "", d->endo[i]);
    ps_sb_printf(&b, ";\n");
    if (d->nexo) {
        ps_sb_printf(&b, "exogenous ");
        for (int i = 0; i < d->nexo; i++) ps_sb_printf(&b, "%s%s", i ? ", " : "", d->exo[i]);
        ps_sb_printf(&b, ";\n");
    }
    for (int i = 0; i < P->nsym; i++) {
        if (P->syms[i].kind != S_PAR) continue;
        double v = P->pval[P->syms[i].idx];
        if (isnan(v)) {
            tok at = { .line = 1, .col = 1 };
            ps_sb_free(&b);
            return fail(P, &at, PS_ERR_SEMANTIC,
                        "parameter '%s' is never given a value: add '%s = VALUE;' after the "
                        "parameters statement", P->syms[i].name, P->syms[i].name);
        }
        ps_sb_printf(&b, "parameter %s = ", P->syms[i].name);
        put_num(&b, v);
        ps_sb_printf(&b, ";\n");
    }
    d->eq_line = ps_malloc(((size_t)P->neq + 1) * sizeof *d->eq_line);
    d->eq_col = ps_malloc(((size_t)P->neq + 1) * sizeof *d->eq_col);
    if (!d->eq_line || !d->eq_col) {
        ps_sb_free(&b);
        return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
    }
    d->neq = P->neq;
    d->first_eq_line = 1;
    for (size_t i = 0; b.buf && i < b.len; i++) d->first_eq_line += b.buf[i] == '\n';
    for (int e = 0; e < P->neq; e++) {
        eqn *q = &P->eqs[e];
        int v = q->match;
        d->eq_line[e] = q->line;
        d->eq_col[e] = q->col;
        ps_sb_printf(&b, "identity [%s] ", q->label);
        if (bare(P, q->lhs) == v) {
            emit(P, &b, q->lhs);
            ps_sb_printf(&b, " = ");
            emit(P, &b, q->rhs);
        } else {
            ps_sb_printf(&b, "%s = %s + (", endo_name(P, v), endo_name(P, v));
            emit(P, &b, q->lhs);
            ps_sb_printf(&b, " - ");
            emit(P, &b, q->rhs);
            ps_sb_printf(&b, ")");
        }
        ps_sb_printf(&b, ";\n");
    }
    if (ps_sb_done(&b, &d->native, &d->native_len))
        return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
    return PS_OK;
}

/* ---- statements ------------------------------------------------------ */

static int decl_list(rd *P, int kind) {
    int rc;
    while (!is_p(P, ';')) {
        if (P->t.kind == T_END) return fail(P, &P->t, PS_ERR_SYNTAX, "expected ';' to end the declaration");
        if (is_p(P, ',')) {
            if ((rc = next(P))) return rc;
            continue;
        }
        if (P->t.kind != T_ID)
            return fail(P, &P->t, PS_ERR_UNSUPPORTED,
                        "expected a name: TeX names ($...$) and long_name options are not "
                        "supported in declarations");
        if (mp_is_keyword(P->t.s, P->t.len))
            return fail(P, &P->t, PS_ERR_SEMANTIC,
                        "'%.*s' is a reserved word of the polsim model language "
                        "(docs/model-language.md) and cannot name a variable or parameter: "
                        "rename it in the .mod file", (int)P->t.len, P->t.s);
        sym *s = NULL;
        if ((rc = add_sym(P, &P->t, kind, &s))) return rc;
        ps_dynare *d = P->d;
        if (kind == S_PAR) {
            double *pv = ps_realloc(P->pval, (size_t)(P->npar + 1) * sizeof *pv);
            if (!pv) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
            P->pval = pv;
            pv[P->npar] = NAN;
            s->idx = P->npar++;
        } else {
            int *n = kind == S_ENDO ? &d->nendo : &d->nexo;
            char ***names = kind == S_ENDO ? &d->endo : &d->exo;
            char **nn = ps_realloc(*names, (size_t)(*n + 1) * sizeof *nn);
            if (!nn) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
            *names = nn;
            nn[*n] = ps_strndup(s->name, strlen(s->name));
            if (!nn[*n]) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
            s->idx = (*n)++;
        }
        if ((rc = next(P))) return rc;
    }
    return next(P);
}

static int grow_eqs(rd *P) {
    if (P->neq < P->capeq) return PS_OK;
    int c = P->capeq ? 2 * P->capeq : 16;
    eqn *e = ps_realloc(P->eqs, (size_t)c * sizeof *e);
    if (!e) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
    P->eqs = e;
    P->capeq = c;
    return PS_OK;
}

static int valid_label(const char *s, size_t n) {
    if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_') return 0;
    return 1;
}

static int model_block(rd *P) {
    int rc;
    if (is_p(P, '(')) {
        if ((rc = next(P))) return rc;
        if (!is_id(P, "linear"))
            return fail(P, &P->t, PS_ERR_UNSUPPORTED,
                        "model option '%.*s' is not supported: only model(linear)",
                        (int)P->t.len, P->t.s);
        if ((rc = next(P)) || (rc = expect(P, ')', "after linear"))) return rc;
    }
    if ((rc = expect(P, ';', "after model"))) return rc;
    P->in_model = 1;
    while (!is_id(P, "end")) {
        if (P->t.kind == T_END) return fail(P, &P->t, PS_ERR_SYNTAX, "model block without 'end;'");
        char label[128] = "";
        if (is_p(P, '[')) {
            /* equation tags: name='...' becomes the label, others are kept out */
            if ((rc = next(P))) return rc;
            while (!is_p(P, ']')) {
                if (P->t.kind != T_ID) return fail(P, &P->t, PS_ERR_SYNTAX, "expected a tag name in [...]");
                int is_name = is_id(P, "name");
                if ((rc = next(P)) || (rc = expect(P, '=', "after the tag name"))) return rc;
                if (P->t.kind != T_STR) return fail(P, &P->t, PS_ERR_SYNTAX, "expected a quoted tag value");
                if (is_name && valid_label(P->t.s + 1, P->t.len - 2) && P->t.len - 2 < sizeof label)
                    snprintf(label, sizeof label, "%.*s", (int)P->t.len - 2, P->t.s + 1);
                if ((rc = next(P))) return rc;
                if (is_p(P, ',') && (rc = next(P))) return rc;
            }
            if ((rc = next(P))) return rc;
        }
        if (is_p(P, '#')) {
            if ((rc = next(P))) return rc;
            if (P->t.kind != T_ID) return fail(P, &P->t, PS_ERR_SYNTAX, "expected a name after '#'");
            tok name = P->t;
            sym *s0 = find(P, name.s, name.len);
            if (s0 && s0->kind != S_LOCAL)
                return fail(P, &name, PS_ERR_SEMANTIC,
                            "model-local variable '%.*s' has the name of a declared variable or "
                            "parameter", (int)name.len, name.s);
            if ((rc = next(P)) || (rc = expect(P, '=', "after the local variable's name"))) return rc;
            node *def;
            if ((rc = expr(P, &def, 0))) return rc;
            sym *s = NULL;
            if ((rc = add_sym(P, &name, S_LOCAL, &s))) return rc;
            s->local = def;
            if ((rc = expect(P, ';', "after the local definition"))) return rc;
            continue;
        }
        if ((rc = grow_eqs(P))) return rc;
        eqn *q = &P->eqs[P->neq];
        memset(q, 0, sizeof *q);
        q->line = P->t.line;
        q->col = P->t.col;
        if ((rc = expr(P, &q->lhs, 0))) return rc;
        if (is_p(P, '=')) {
            if ((rc = next(P)) || (rc = expr(P, &q->rhs, 0))) return rc;
        } else {
            q->rhs = mk(P, N_NUM); /* `expr;` means expr = 0 */
            if (!q->rhs) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        }
        if (!label[0]) snprintf(label, sizeof label, "eq%d", P->neq + 1);
        for (int e = 0; e < P->neq; e++)
            if (!strcmp(P->eqs[e].label, label)) {
                tok at = { .line = q->line, .col = q->col };
                return fail(P, &at, PS_ERR_SEMANTIC,
                            "equation name '%s' is used twice (also by the equation at %d:%d; "
                            "unnamed equations are called eq1, eq2, ...): names must be unique",
                            label, P->eqs[e].line, P->eqs[e].col);
            }
        q->label = ps_strndup(label, strlen(label));
        if (!q->label) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        P->neq++;
        if ((rc = expect(P, ';', "after the equation"))) return rc;
    }
    P->in_model = 0;
    if ((rc = next(P))) return rc;
    return expect(P, ';', "after end");
}

static int var_of(rd *P, int want_exo_ok, sym **out) {
    sym *s = P->t.kind == T_ID ? find(P, P->t.s, P->t.len) : NULL;
    if (!s || (s->kind != S_ENDO && s->kind != S_EXO) || (!want_exo_ok && s->kind != S_ENDO))
        return fail(P, &P->t, PS_ERR_SEMANTIC, "'%.*s' is not %s variable", (int)P->t.len, P->t.s,
                    want_exo_ok ? "a declared endogenous or exogenous" : "a declared endogenous");
    *out = s;
    return next(P);
}

/* histval's "(0)" or "(-k)" after the variable: the period 0 or -k, k >= 1
** (before period 0, for lags longer than one; checked against the model's
** deepest lag once the whole file is read).  Grows hist_lag to k periods. */
static int hist_period(rd *P, int *back) {
    ps_dynare *d = P->d;
    int rc;
    if ((rc = expect(P, '(', "after the variable: histval gives x(0) = ... or x(-1) = ...")))
        return rc;
    tok period = P->t;          /* "-1" starts at its sign */
    int minus = is_p(P, '-');
    if (minus && (rc = next(P))) return rc;
    tok at = P->t;
    if (at.kind != T_NUM || at.num != floor(at.num) || at.num > 10000 || (!minus && at.num != 0))
        return fail(P, &at, PS_ERR_SYNTAX,
                    "histval gives a period 0 or before it: x(0), x(-1), x(-2), ...");
    int k = (int)at.num;
    if (k > d->hist_depth) {
        double *h = ps_realloc(d->hist_lag, (size_t)k * (size_t)(d->nendo + 1) * sizeof *h);
        if (!h) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        for (size_t i = (size_t)d->hist_depth * (size_t)d->nendo; i < (size_t)k * (size_t)d->nendo; i++)
            h[i] = NAN;
        d->hist_lag = h;
        d->hist_depth = k;
        P->hist_deepest = period;
    }
    *back = k;
    if ((rc = next(P))) return rc;
    return expect(P, ')', "after the period");
}

static int val_block(rd *P, int which) {
    ps_dynare *d = P->d;
    int rc;
    if (is_p(P, '('))
        return fail(P, &P->t, PS_ERR_UNSUPPORTED, "options of initval/endval/histval are not supported");
    if ((rc = expect(P, ';', "after the block keyword"))) return rc;
    while (!is_id(P, "end")) {
        if (P->t.kind == T_END) return fail(P, &P->t, PS_ERR_SYNTAX, "block without 'end;'");
        sym *s = NULL;
        if ((rc = var_of(P, which != 3, &s))) return rc;
        int back = 0;           /* histval: x(-back) */
        if (which == 3 && (rc = hist_period(P, &back))) return rc;
        if ((rc = expect(P, '=', "after the variable"))) return rc;
        double v;
        if ((rc = value(P, &v))) return rc;
        if ((rc = expect(P, ';', "after the value"))) return rc;
        double *arr = which == 3 ? (back ? d->hist_lag + (size_t)(back - 1) * (size_t)d->nendo
                                         : d->hist_endo)
                      : s->kind == S_ENDO ? (which == 1 ? d->init_endo : d->end_endo)
                                          : (which == 1 ? d->init_exo : d->end_exo);
        arr[s->idx] = v;
    }
    if (which == 1) d->has_initval = 1, d->init_steady = 0;
    if (which == 2) d->has_endval = 1, d->end_steady = 0;
    if (which == 3) d->has_histval = 1;
    if (which != 3) P->last_block = which;
    if ((rc = next(P))) return rc;
    return expect(P, ';', "after end");
}

static int shocks_block(rd *P) {
    ps_dynare *d = P->d;
    int rc;
    if (is_p(P, '('))
        return fail(P, &P->t, PS_ERR_UNSUPPORTED, "shocks options (overwrite, learnt_in, ...) are not supported");
    if ((rc = expect(P, ';', "after shocks"))) return rc;
    while (!is_id(P, "end")) {
        if (!is_id(P, "var"))
            return fail(P, &P->t, PS_ERR_UNSUPPORTED,
                        "in shocks only 'var X; periods ...; values ...;' is supported (deterministic shocks)");
        if ((rc = next(P))) return rc;
        tok vt = P->t;
        sym *s = P->t.kind == T_ID ? find(P, P->t.s, P->t.len) : NULL;
        if (!s || s->kind != S_EXO)
            return fail(P, &vt, PS_ERR_SEMANTIC, "'%.*s' is not a declared exogenous variable (varexo)",
                        (int)vt.len, vt.s);
        if ((rc = next(P))) return rc;
        if (is_p(P, '=') || is_p(P, ','))
            return fail(P, &P->t, PS_ERR_UNSUPPORTED,
                        "stochastic shocks (var x = ...; var x, y = ...; stderr) are not supported: "
                        "give periods and values");
        if ((rc = expect(P, ';', "after the variable"))) return rc;
        if (!is_id(P, "periods"))
            return fail(P, &P->t, PS_ERR_UNSUPPORTED,
                        "expected 'periods' after 'var %.*s;' (stderr and corr are stochastic and not supported)",
                        (int)vt.len, vt.s);
        if ((rc = next(P))) return rc;
        int lo[1024], hi[1024], np = 0;
        while (!is_p(P, ';')) {
            if (is_p(P, ',')) {
                if ((rc = next(P))) return rc;
                continue;
            }
            if (P->t.kind != T_NUM || P->t.num < 1 || P->t.num != floor(P->t.num) || P->t.num > 1e6)
                return fail(P, &P->t, PS_ERR_SYNTAX, "expected a period number >= 1 or a range a:b");
            if (np == 1024) return fail(P, &P->t, PS_ERR_LIMIT, "more than 1024 period items in one shock");
            lo[np] = hi[np] = (int)P->t.num;
            if ((rc = next(P))) return rc;
            if (is_p(P, ':')) {
                if ((rc = next(P))) return rc;
                if (P->t.kind != T_NUM || P->t.num < lo[np] || P->t.num != floor(P->t.num) || P->t.num > 1e6)
                    return fail(P, &P->t, PS_ERR_SYNTAX, "expected the last period of the range, >= %d", lo[np]);
                hi[np] = (int)P->t.num;
                if ((rc = next(P))) return rc;
            }
            np++;
        }
        if ((rc = next(P))) return rc;
        if (!is_id(P, "values"))
            return fail(P, &P->t, PS_ERR_SYNTAX, "expected 'values' after the periods");
        tok vat = P->t;
        if ((rc = next(P))) return rc;
        double vals[1024];
        int nv = 0, bracket = 0;
        if (is_p(P, '[')) {
            bracket = 1;
            if ((rc = next(P))) return rc;
        }
        while (!is_p(P, ';') && !(bracket && is_p(P, ']'))) {
            if (is_p(P, ',')) {
                if ((rc = next(P))) return rc;
                continue;
            }
            if (nv == 1024) return fail(P, &P->t, PS_ERR_LIMIT, "more than 1024 values in one shock");
            if ((rc = list_value(P, &vals[nv++]))) return rc;
        }
        if (bracket && (rc = next(P))) return rc;
        if ((rc = expect(P, ';', "after the values"))) return rc;
        if (nv != 1 && nv != np)
            return fail(P, &vat, PS_ERR_SEMANTIC,
                        "%d values for %d period items: give one value, or one per period or range",
                        nv, np);
        ps_dynare_shock *sh = ps_realloc(d->shocks, (size_t)(d->nshocks + np) * sizeof *sh);
        if (!sh) return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory");
        d->shocks = sh;
        for (int i = 0; i < np; i++)
            sh[d->nshocks++] = (ps_dynare_shock){ s->idx, lo[i], hi[i], vals[nv == 1 ? 0 : i] };
    }
    if ((rc = next(P))) return rc;
    return expect(P, ';', "after end");
}

/* name=value options of perfect_foresight_setup / _solver */
static int pf_options(rd *P, int setup) {
    int rc;
    if (!is_p(P, '(')) return PS_OK;
    if ((rc = next(P))) return rc;
    while (!is_p(P, ')')) {
        if (is_p(P, ',')) {
            if ((rc = next(P))) return rc;
            continue;
        }
        tok o = P->t;
        if (o.kind != T_ID) return fail(P, &o, PS_ERR_SYNTAX, "expected an option name");
        if ((rc = next(P))) return rc;
        if (!setup && (o.len == 7 && !memcmp(o.s, "noprint", 7))) continue;
        int known = setup ? (o.len == 7 && !memcmp(o.s, "periods", 7))
                          : ((o.len == 4 && (!memcmp(o.s, "tolf", 4) || !memcmp(o.s, "tolx", 4))) ||
                             (o.len == 5 && !memcmp(o.s, "maxit", 5)));
        if (!known)
            return fail(P, &o, PS_ERR_UNSUPPORTED,
                        "option '%.*s' of %s is not supported (supported: %s)", (int)o.len, o.s,
                        setup ? "perfect_foresight_setup" : "perfect_foresight_solver",
                        setup ? "periods" : "tolf, tolx, maxit, noprint");
        if ((rc = expect(P, '=', "after the option"))) return rc;
        if (P->t.kind != T_NUM) return fail(P, &P->t, PS_ERR_SYNTAX, "expected a number");
        double v = P->t.num;
        if (setup) {
            if (v < 1 || v > 100000 || v != floor(v))
                return fail(P, &P->t, PS_ERR_SEMANTIC, "periods must be a whole number from 1 to 100000");
            P->d->periods = (int)v;
        } else if (o.s[0] == 't') {
            if (!(v > 0) || !isfinite(v))
                return fail(P, &P->t, PS_ERR_SEMANTIC, "%.*s must be a positive number",
                            (int)o.len, o.s);
            if (o.s[3] == 'f') P->d->tolf = v;
        } else if (o.s[0] == 'm') {
            if (v < 1 || v > 100000 || v != floor(v))
                return fail(P, &P->t, PS_ERR_SEMANTIC, "maxit must be a whole number from 1 to 100000");
            P->d->maxit = (int)v;
        }
        if ((rc = next(P))) return rc;
    }
    return next(P);
}

/* Once the whole file is read: histval's periods against the model's lags,
** and histval with endval, which Dynare's perfect_foresight_setup refuses
** ("histval and endval cannot be used simultaneously"). */
static int check_histval(rd *P) {
    ps_dynare *d = P->d;
    if (!d->has_histval) return PS_OK;
    if (d->has_endval) {
        const tok *later = P->histval_at.line > P->endval_at.line ||
                                   (P->histval_at.line == P->endval_at.line &&
                                    P->histval_at.col > P->endval_at.col)
                               ? &P->histval_at : &P->endval_at;
        return fail(P, later, PS_ERR_UNSUPPORTED,
                    "histval and endval cannot be used together (Dynare refuses them too): "
                    "histval sets the periods before the simulation, endval its terminal values "
                    "and the initial ones at once; keep one of them");
    }
    /* Dynare ignores such a value silently; a typo should not pass */
    if (d->hist_depth > 0 && d->hist_depth >= P->maxlag && P->maxlag > 1)
        return fail(P, &P->hist_deepest, PS_ERR_SEMANTIC,
                    "histval gives period -%d, but the deepest lag in the model is %d: the "
                    "simulation starts from periods %d to 0, so histval gives x(0) down to x(%d)",
                    d->hist_depth, P->maxlag, 1 - P->maxlag, 1 - P->maxlag);
    if (d->hist_depth > 0 && d->hist_depth >= P->maxlag)
        return fail(P, &P->hist_deepest, PS_ERR_SEMANTIC,
                    "histval gives period -%d, but the deepest lag in the model is %d: the "
                    "simulation starts from period 0 alone, so histval gives x(0) only",
                    d->hist_depth, P->maxlag);
    return PS_OK;
}

static int statement(rd *P) {
    tok t = P->t;
    int rc;
    if (t.kind != T_ID)
        return fail(P, &t, PS_ERR_SYNTAX, "expected a statement, found '%.*s'", (int)t.len, t.s);
    if ((rc = next(P))) return rc;
#define KW(w) (t.len == sizeof w - 1 && !memcmp(t.s, w, sizeof w - 1))
    if (KW("var")) return decl_list(P, S_ENDO);
    if (KW("varexo")) return decl_list(P, S_EXO);
    if (KW("parameters")) return decl_list(P, S_PAR);
    if (KW("model")) return model_block(P);
    if (KW("initval")) return val_block(P, 1);
    if (KW("endval")) {
        if (!P->d->has_endval) P->endval_at = t;
        return val_block(P, 2);
    }
    if (KW("histval")) {
        if (!P->d->has_histval) P->histval_at = t;
        return val_block(P, 3);
    }
    if (KW("shocks")) return shocks_block(P);
    if (KW("steady")) {
        if (is_p(P, '('))
            return fail(P, &P->t, PS_ERR_UNSUPPORTED, "options of steady are not supported");
        if (P->last_block == 2) P->d->end_steady = 1;
        else P->d->init_steady = 1;
        return expect(P, ';', "after steady");
    }
    if (KW("perfect_foresight_setup") || KW("perfect_foresight_solver")) {
        int setup = KW("perfect_foresight_setup");
        if ((rc = pf_options(P, setup))) return rc;
        if (!setup) P->d->solver = 1;
        return expect(P, ';', "after the command");
    }
    if (KW("check") || KW("resid")) {
        return expect(P, ';', "after the command");
    }
    sym *s = find(P, t.s, t.len);
    if (s && s->kind == S_PAR && is_p(P, '=')) {
        double v;
        if ((rc = next(P)) || (rc = value(P, &v))) return rc;
        P->pval[s->idx] = v;
        return expect(P, ';', "after the parameter's value");
    }
    static const char *const known[] = { "stoch_simul", "estimation", "estimated_params",
                                         "varobs", "simul", "observation_trends", "calib_smoother",
                                         "steady_state_model", "planner_objective", "ramsey_model",
                                         "osr", "identification", "shock_decomposition" };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strlen(known[i]) == t.len && !memcmp(known[i], t.s, t.len))
            return fail(P, &t, PS_ERR_UNSUPPORTED,
                        "'%s' is outside the deterministic subset polsim reads (docs/dynare.md): "
                        "remove it; perfect-foresight simulations need perfect_foresight_setup "
                        "and perfect_foresight_solver", known[i]);
    return fail(P, &t, PS_ERR_UNSUPPORTED,
                "'%.*s' is not a statement polsim reads: the supported ones are var, varexo, "
                "parameters and their values, model, initval, endval, histval, steady, shocks, "
                "perfect_foresight_setup and perfect_foresight_solver (docs/dynare.md); MATLAB "
                "code is not run", (int)t.len, t.s);
#undef KW
}

static int alloc_vals(ps_dynare *d) {
    size_t ne = (size_t)d->nendo + 1, nx = (size_t)d->nexo + 1;
    d->init_endo = ps_malloc(ne * sizeof(double));
    d->end_endo = ps_malloc(ne * sizeof(double));
    d->hist_endo = ps_malloc(ne * sizeof(double));
    d->init_exo = ps_malloc(nx * sizeof(double));
    d->end_exo = ps_malloc(nx * sizeof(double));
    if (!d->init_endo || !d->end_endo || !d->hist_endo || !d->init_exo || !d->end_exo) return -1;
    for (size_t i = 0; i < ne; i++) d->init_endo[i] = d->end_endo[i] = d->hist_endo[i] = NAN;
    for (size_t i = 0; i < nx; i++) d->init_exo[i] = d->end_exo[i] = NAN;
    return 0;
}

int ps_dynare_is_mod(const char *path) {
    size_t n = path ? strlen(path) : 0;
    return n > 4 && !strcmp(path + n - 4, ".mod");
}

static char *base_name(const char *file) {
    const char *s = strrchr(file, '/');
    s = s ? s + 1 : file;
    size_t n = strlen(s);
    if (n > 4 && !strcmp(s + n - 4, ".mod")) n -= 4;
    char *r = ps_strndup(s, n);
    if (!r) return NULL;
    /* the model statement needs an identifier */
    for (char *c = r; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_') *c = '_';
    if (!*r || isdigit((unsigned char)*r)) {
        char *m = ps_malloc(n + 3);
        if (m) snprintf(m, n + 3, "m_%s", r);
        ps_free(r);
        r = m;
    }
    return r;
}

int ps_dynare_read_string(const char *src, size_t len, const char *filename, ps_dynare **out,
                          ps_error *err) {
    if (!out || !src) return ps_error_set(err, PS_ERR_USAGE, "ps_dynare_read_string: NULL argument");
    *out = NULL;
    ps_dynare *d = ps_calloc(1, sizeof *d);
    if (!d) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    rd p = { .src = src, .end = src + len, .p = src, .file = filename ? filename : "<mod>",
            .line = 1, .col = 1, .err = err, .d = d };
    int rc = PS_OK;
    d->name = base_name(p.file);
    if (!d->name) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (!rc && memchr(src, '\0', len)) {
        tok at = { .line = 1, .col = 1 };
        rc = fail(&p, &at, PS_ERR_SYNTAX, "the file holds a NUL byte: not a text file");
    }
    if (!rc) rc = next(&p);
    int vals = 0;
    while (!rc && p.t.kind != T_END) {
        int is_block = is_id(&p, "model") || is_id(&p, "initval") || is_id(&p, "endval") ||
                       is_id(&p, "histval") || is_id(&p, "shocks");
        if (is_block && !vals) {
            if (alloc_vals(d)) {
                rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
                break;
            }
            vals = 1;
        }
        tok t = p.t;
        if (vals && (is_id(&p, "var") || is_id(&p, "varexo"))) {
            rc = fail(&p, &t, PS_ERR_UNSUPPORTED,
                      "declarations after the model or a value block are not supported: declare "
                      "every variable first");
            break;
        }
        rc = statement(&p);
    }
    if (!rc && !p.neq) {
        tok at = { .line = p.t.line, .col = p.t.col };
        rc = fail(&p, &at, PS_ERR_SEMANTIC, "the file has no model block (model; ... end;)");
    }
    if (!rc) rc = check_histval(&p);
    if (!rc) rc = match(&p);
    if (!rc) rc = translate(&p);
    for (node *n = p.nodes; n;) {
        node *nx = n->next;
        ps_free(n);
        n = nx;
    }
    for (int i = 0; i < p.nsym; i++) ps_free(p.syms[i].name);
    ps_free(p.syms);
    for (int i = 0; i < p.neq; i++) ps_free(p.eqs[i].label);
    ps_free(p.eqs);
    ps_free(p.pval);
    if (rc) {
        ps_dynare_free(d);
        return rc;
    }
    *out = d;
    return PS_OK;
}

int ps_dynare_read_file(const char *path, ps_dynare **out, ps_error *err) {
    if (out) *out = NULL;
    if (!path) return ps_error_set(err, PS_ERR_USAGE, "ps_dynare_read_file: path is NULL");
    char *b = NULL;
    size_t len = 0;
    int rc = ps_file_read_all(path, 0, &b, &len, err);
    if (rc) return rc;
    rc = ps_dynare_read_string(b, len, path, out, err);
    ps_free(b);
    return rc;
}

void ps_dynare_free(ps_dynare *d) {
    if (!d) return;
    ps_free(d->native);
    ps_free(d->name);
    ps_free_strings(d->endo, d->nendo);
    ps_free_strings(d->exo, d->nexo);
    ps_free(d->init_endo);
    ps_free(d->init_exo);
    ps_free(d->end_endo);
    ps_free(d->end_exo);
    ps_free(d->hist_endo);
    ps_free(d->hist_lag);
    ps_free(d->shocks);
    ps_free(d->eq_line);
    ps_free(d->eq_col);
    ps_free(d);
}
