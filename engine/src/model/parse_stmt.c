/*
** Statements: the model statement, declarations and equations.  The parser
** only records what it reads (names stay spans of the source); check.c
** resolves and checks it once the whole file has been read, because names
** may be used before they are declared.
*/
#include "model/model_internal.h"

#include <stdio.h>
#include <string.h>

#define Q 96    /* size of a quoted-text buffer */

static int is(const mparse *P, tok_type t) { return P->cur.type == t; }

static int fail_found(mparse *P, const char *what) {
    return mp_fail_found(P, "%s", what);
}

/* A name being declared: an identifier that is not a reserved word. */
static int expect_new_name(mparse *P, const char *after) {
    char q[Q];
    if (!is(P, T_IDENT)) return mp_fail_found(P, "expected a name after %s", after);
    if (mp_is_keyword(P->src + P->cur.off, P->cur.len))
        return mp_fail(P, PS_ERR_SYNTAX, P->cur.pos,
                       "%s is a reserved word and cannot be used as a name; choose another "
                       "name (reserved words are listed in docs/model-language.md)",
                       mp_quote_tok(P, &P->cur, q, sizeof q));
    return PS_OK;
}

static int parse_frequency(mparse *P) {
    static const struct { const char *word; ps_freq f; } freqs[] = {
        { "annual", PS_FREQ_ANNUAL }, { "quarterly", PS_FREQ_QUARTERLY },
        { "monthly", PS_FREQ_MONTHLY }
    };
    for (size_t i = 0; i < sizeof freqs / sizeof freqs[0]; i++)
        if (mp_tok_is(P, &P->cur, freqs[i].word)) {
            P->freq = freqs[i].f;
            return mp_next(P);
        }
    return fail_found(P, "expected a frequency (annual, quarterly or monthly) or ';' after the "
                         "model name");
}

static int parse_model_stmt(mparse *P) {
    if (!mp_tok_is(P, &P->cur, "model"))
        return fail_found(P, "expected the model statement at the start of the file (like: "
                             "model keynes \"A Keynesian cross\" annual;)");
    P->model_pos = P->cur.pos;
    if (mp_next(P) || expect_new_name(P, "'model'")) return P->status;
    P->name_off = P->cur.off;
    P->name_len = P->cur.len;
    if (mp_next(P)) return P->status;
    if (is(P, T_STRING)) {
        P->title = P->cur.str;
        if (mp_next(P)) return P->status;
    }
    if (is(P, T_IDENT) && parse_frequency(P)) return P->status;
    if (!is(P, T_SEMI)) return fail_found(P, "expected ';' to end the model statement");
    return mp_next(P);
}

static int parse_value(mparse *P, rdecl *d) {
    const char *name = P->src + d->off;
    int neg = 0, len = (int)d->len;
    if (!is(P, T_EQ))
        return mp_fail_found(P, "expected '=' and a value after parameter '%.*s', like %.*s = 0.5",
                             len, name, len, name);
    if (mp_next(P)) return P->status;
    if (is(P, T_MINUS) || is(P, T_PLUS)) {
        neg = is(P, T_MINUS);
        if (mp_next(P)) return P->status;
    }
    if (!is(P, T_NUMBER))
        return mp_fail_found(P, "expected a number as the value of parameter '%.*s' (values "
                             "are plain numbers like 0.55 or -1e-3, not expressions)", len, name);
    d->value = neg ? -P->cur.num : P->cur.num;
    if (mp_next(P)) return P->status;
    if (is(P, T_STAR) || is(P, T_SLASH) || is(P, T_PLUS) || is(P, T_MINUS) || is(P, T_CARET))
        return fail_found(P, "a parameter value must be a single number, not an expression "
                             "(write 0.3333 rather than 1/3)");
    return PS_OK;
}

/* The language of a translated attribute: `label zh "..."`, `unit zh "..."`.
** English is the description and the plain unit; zh is the only other
** language the outputs speak (--lang zh), so only it is accepted. */
static int parse_lang(mparse *P, const char *attr) {
    char q[Q];
    if (!is(P, T_IDENT))
        return mp_fail_found(P, "expected a language after '%s', like %s zh \"...\"", attr,
                             attr);
    if (!mp_tok_is(P, &P->cur, "zh"))
        return mp_fail(P, PS_ERR_SYNTAX, P->cur.pos,
                       "unknown language %s after '%s': the languages are zh (Chinese) and "
                       "English, which is the description and the plain unit", 
                       mp_quote_tok(P, &P->cur, q, sizeof q), attr);
    return mp_next(P);
}

/* One quoted text after an attribute word, stored once in *dst. */
static int attr_text(mparse *P, ps_srcpos at, char **dst, const char *attr, const char *like) {
    if (*dst)
        return mp_fail(P, PS_ERR_SYNTAX, at,
                       "'%s' is given twice in the declaration of this name; keep one", attr);
    if (!is(P, T_STRING))
        return mp_fail_found(P, "expected the text in double quotes after '%s', like %s", attr,
                             like);
    *dst = P->cur.str;
    return mp_next(P);
}

/* [ "description" ] then, in any order, each at most once:
**   unit "u" | unit zh "u" | label zh "text" | lever */
static int parse_attributes(mparse *P, rdecl *d) {
    if (is(P, T_STRING)) {
        d->desc = P->cur.str;
        if (mp_next(P)) return P->status;
    }
    for (;;) {
        ps_srcpos at = P->cur.pos;
        if (mp_tok_is(P, &P->cur, "unit")) {
            if (mp_next(P)) return P->status;
            if (is(P, T_IDENT)) {
                if (parse_lang(P, "unit") ||
                    attr_text(P, at, &d->unit_zh, "unit zh", "unit zh \"亿元\"")) return P->status;
            } else if (!is(P, T_STRING)) {
                return fail_found(P, "expected the unit in double quotes after 'unit', like "
                                     "unit \"%\"");
            } else if (attr_text(P, at, &d->unit, "unit", "unit \"%\"")) {
                return P->status;
            }
        } else if (mp_tok_is(P, &P->cur, "label")) {
            if (mp_next(P) || parse_lang(P, "label") ||
                attr_text(P, at, &d->label_zh, "label zh", "label zh \"地区生产总值\""))
                return P->status;
        } else if (mp_tok_is(P, &P->cur, "lever")) {
            if (d->kind != PS_SYM_EXO)
                return mp_fail(P, PS_ERR_SYNTAX, at,
                               "'lever' marks exogenous variables only, and '%.*s' is declared %s",
                               (int)d->len, P->src + d->off,
                               d->kind == PS_SYM_ENDO ? "endogenous" : "a parameter");
            if (d->lever)
                return mp_fail(P, PS_ERR_SYNTAX, at,
                               "'lever' is given twice in the declaration of '%.*s'; keep one",
                               (int)d->len, P->src + d->off);
            d->lever = 1;
            if (mp_next(P)) return P->status;
        } else {
            return PS_OK;
        }
    }
}

static const char *decl_form(ps_symkind k) {
    switch (k) {
    case PS_SYM_ENDO: return "NAME [\"description\"] [unit \"u\"] [label zh \"..\"] "
                             "[unit zh \"..\"]";
    case PS_SYM_EXO: return "NAME [\"description\"] [unit \"u\"] [label zh \"..\"] "
                            "[unit zh \"..\"] [lever]";
    default: return "NAME = NUMBER [\"description\"] [unit \"u\"] [label zh \"..\"] "
                    "[unit zh \"..\"]";
    }
}

static int parse_decl_item(mparse *P, ps_symkind kind, const char *kw) {
    char after[64];
    snprintf(after, sizeof after, "'%s'", kw);
    if (expect_new_name(P, after)) return P->status;
    rdecl *d = mp_alloc(P, P->scratch, sizeof *d);
    if (!d) return mp_nomem(P);
    d->off = P->cur.off;
    d->len = P->cur.len;
    d->pos = P->cur.pos;
    d->kind = kind;
    if (mp_next(P)) return P->status;
    if (kind == PS_SYM_PARAM && parse_value(P, d)) return P->status;
    if (parse_attributes(P, d)) return P->status;
    *P->decl_tail = d;
    P->decl_tail = &d->next;
    P->ndecl++;
    return PS_OK;
}

static int parse_decl(mparse *P, ps_symkind kind, const char *kw) {
    if (mp_next(P)) return P->status;
    for (;;) {
        size_t name_off = P->cur.off, name_len = P->cur.len;
        if (parse_decl_item(P, kind, kw)) return P->status;
        if (is(P, T_SEMI)) return mp_next(P);
        if (!is(P, T_COMMA))
            return mp_fail_found(P, "expected ',' or ';' after the declaration of '%.*s' (a "
                                 "declaration reads %s %s)", (int)name_len, P->src + name_off,
                                 kw, decl_form(kind));
        if (mp_next(P)) return P->status;
    }
}

/* The left side must be y, log(y), diff(y) or pct(y) with y at lag 0. */
static int classify_lhs(mparse *P, req *q, rnode *e, size_t off, ps_srcpos pos) {
    char text[Q];
    rnode *v = NULL;
    if (e->kind == R_NAME) {
        v = e;
        q->lhs = PS_LHS_LEVEL;
    } else if (e->a && e->a->kind == R_NAME && (e->kind == R_DIFF || e->kind == R_PCT ||
                                               (e->kind == R_OP && e->op == PS_E_LOG))) {
        v = e->a;
        q->lhs = e->kind == R_DIFF ? PS_LHS_DIFF : e->kind == R_PCT ? PS_LHS_PCT : PS_LHS_LOG;
    }
    if (!v)
        return mp_fail(P, PS_ERR_SYNTAX, pos,
                       "the left side %s is not one of the allowed forms y, log(y), diff(y) "
                       "or pct(y), where y is the endogenous variable the equation determines",
                       mp_quote(P, off, P->prev_end, text, sizeof text));
    if (v->lag != 0)
        return mp_fail(P, PS_ERR_SYNTAX, v->pos,
                       "the variable on the left side must be at lag 0, found %s: write '%.*s' "
                       "there and put lags on the right side",
                       mp_quote(P, v->off, v->end, text, sizeof text), (int)v->nlen,
                       P->src + v->off);
    q->lvar = v;
    return PS_OK;
}

static int parse_label(mparse *P, req *q) {
    if (mp_next(P)) return P->status;
    if (!is(P, T_IDENT)) return fail_found(P, "expected a label name after '[', like [consumption]");
    q->has_label = 1;
    q->loff = P->cur.off;
    q->llen = P->cur.len;
    q->lpos = P->cur.pos;
    if (mp_next(P)) return P->status;
    if (!is(P, T_RBRACK)) return fail_found(P, "expected ']' to close the equation label");
    return mp_next(P);
}

static int expect_end_of_equation(mparse *P) {
    if (is(P, T_SEMI)) return PS_OK;
    if (is(P, T_IDENT) || is(P, T_NUMBER) || is(P, T_LPAREN))
        return fail_found(P, "expected ';' at the end of the equation (is an operator such as "
                             "'*' missing?)");
    if (is(P, T_EQ)) return fail_found(P, "expected ';' at the end of the equation (an equation "
                                          "has exactly one '=')");
    return fail_found(P, "expected ';' at the end of the equation");
}

static int parse_equation(mparse *P, int identity) {
    char q1[Q];
    req *q = mp_alloc(P, P->scratch, sizeof *q);
    if (!q) return mp_nomem(P);
    q->identity = identity;
    q->off = P->cur.off;
    q->pos = P->cur.pos;
    if (mp_next(P)) return P->status;
    if (is(P, T_LBRACK) && parse_label(P, q)) return P->status;
    size_t loff = P->cur.off;
    ps_srcpos lpos = P->cur.pos;
    rnode *lhs = mp_parse_expr(P);
    if (!lhs || classify_lhs(P, q, lhs, loff, lpos)) return P->status;
    if (!is(P, T_EQ))
        return mp_fail_found(P, "expected '=' after the left side %s",
                             mp_quote(P, loff, P->prev_end, q1, sizeof q1));
    if (mp_next(P)) return P->status;
    q->roff = P->cur.off;
    q->rpos = P->cur.pos;
    q->rhs = mp_parse_expr(P);
    if (!q->rhs) return P->status;
    q->rend = P->prev_end;
    if (expect_end_of_equation(P)) return P->status;
    q->end = P->cur.off + P->cur.len;
    *P->eq_tail = q;
    P->eq_tail = &q->next;
    P->neq++;
    return mp_next(P);
}

static int parse_statement(mparse *P) {
    if (mp_tok_is(P, &P->cur, "endogenous")) return parse_decl(P, PS_SYM_ENDO, "endogenous");
    if (mp_tok_is(P, &P->cur, "exogenous")) return parse_decl(P, PS_SYM_EXO, "exogenous");
    if (mp_tok_is(P, &P->cur, "parameter")) return parse_decl(P, PS_SYM_PARAM, "parameter");
    if (mp_tok_is(P, &P->cur, "equation")) return parse_equation(P, 0);
    if (mp_tok_is(P, &P->cur, "identity")) return parse_equation(P, 1);
    if (mp_tok_is(P, &P->cur, "model"))
        return mp_fail(P, PS_ERR_SYNTAX, P->cur.pos,
                       "a file holds one model: the model statement is at %d:%d",
                       P->model_pos.line, P->model_pos.col);
    char q[Q];
    int name = is(P, T_IDENT) && !mp_is_keyword(P->src + P->cur.off, P->cur.len);
    return mp_fail(P, PS_ERR_SYNTAX, P->cur.pos,
                   "expected a statement, found %s: a statement starts with endogenous, "
                   "exogenous, parameter, equation or identity%s",
                   mp_quote_tok(P, &P->cur, q, sizeof q),
                   name ? " (write an equation as: equation y = ...;)" : "");
}

int mp_parse_program(mparse *P) {
    if (mp_next(P) || parse_model_stmt(P)) return P->status;
    while (!is(P, T_EOF))
        if (parse_statement(P)) return P->status;
    P->empty = mp_strndup(P, P->arena, "", 0);
    if (!P->empty) return mp_nomem(P);
    if (!P->title) P->title = P->empty;
    return PS_OK;
}
