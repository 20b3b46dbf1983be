/*
** Internal to the model module: tokens, the raw syntax tree, the parser
** state shared by the lexer, parser and checker, and the name table.
**
** Pipeline (model.c drives it):
**   lexer.c + number.c   bytes -> tokens (on demand, one token of lookahead)
**   parse_stmt.c         statements -> raw declarations and equations
**   parse_expr.c         expressions -> raw trees (names not yet resolved)
**   check.c              raw declarations/equations -> ps_model symbols/equations
**   lower.c              raw trees -> ps_expr (names resolved, diff/pct expanded)
**   names.c              name table, ps_model_find/_nearest/_series_sym
**   format.c             ps_expr_format, ps_symkind_name
**
** Names may be used before they are declared, so parsing builds a raw tree
** whose names are spans of the source; they are resolved only once every
** declaration has been read.  The raw tree lives in a scratch arena freed at
** the end of parsing; the ps_model lives in its own arena.
*/
#ifndef PS_MODEL_INTERNAL_H
#define PS_MODEL_INTERNAL_H

#include <stddef.h>
#include "model/model.h"
#include "util/arena.h"

/* diff/pct copy their argument, so nesting them multiplies the size of an
** equation; four levels (a fourth difference) is more than any model needs. */
#define MP_MAX_LAGFN_NEST 4

/* ---- tokens ---------------------------------------------------------- */

typedef enum tok_type {
    T_EOF, T_IDENT, T_NUMBER, T_STRING,
    T_SEMI, T_COMMA, T_EQ, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK,
    T_PLUS, T_MINUS, T_STAR, T_SLASH, T_CARET
} tok_type;

typedef struct token {
    tok_type type;
    size_t off, len;            /* source span */
    ps_srcpos pos;
    double num;                 /* T_NUMBER: value */
    int is_int;                 /* T_NUMBER: written as a whole number */
    char *str;                  /* T_STRING: decoded text (model arena) */
} token;

/* ---- raw syntax tree ----------------------------------------------------- */

typedef enum rkind {
    R_NUM,                      /* number */
    R_NAME,                     /* name, optionally with a lag */
    R_OP,                       /* a ps_op of the language (NEG, ADD, ..., MAX) */
    R_DIFF, R_PCT               /* diff(e), pct(e): expanded by lower.c */
} rkind;

typedef struct rnode {
    rkind kind;
    ps_op op;                   /* R_OP */
    double num;                 /* R_NUM */
    size_t off, end;            /* source span; R_NAME: the name is [off, off+nlen) */
    size_t nlen;
    int lag, has_lag;           /* R_NAME: x(-k) gives lag -k, has_lag 1 */
    int depth;                  /* 1 for a leaf */
    struct rnode *a, *b;
    ps_srcpos pos;
} rnode;

typedef struct rdecl {
    size_t off, len;            /* the name */
    ps_symkind kind;
    char *desc, *unit;          /* model arena */
    char *label_zh, *unit_zh;   /* model arena; NULL when not given */
    int lever;
    double value;
    ps_srcpos pos;
    struct rdecl *next;
} rdecl;

typedef struct req {
    int identity;
    int has_label;
    size_t loff, llen;          /* label span */
    ps_srcpos lpos;
    ps_lhs lhs;
    rnode *lvar;                /* the R_NAME on the left */
    rnode *rhs;
    size_t off, end;            /* whole statement, keyword to ';' */
    size_t roff, rend;          /* right side */
    ps_srcpos rpos;
    ps_srcpos pos;
    struct req *next;
} req;

/* ---- name table (open addressing, keys borrowed) ----------------------- */

typedef struct ntab {
    const char **keys;
    int *vals;
    size_t mask;                /* capacity - 1; capacity is a power of two */
} ntab;

typedef struct model_internal {
    ps_arena *arena;            /* owns the model, this struct and all IR */
    ntab names;                 /* symbol name -> index */
    int *series_sym;            /* frame column -> symbol index */
} model_internal;

/* ---- parser state ---------------------------------------------------------- */

typedef struct mparse {
    const char *src;
    size_t len;
    const char *file;           /* for messages */
    ps_error *err;
    int status;                 /* first failure; PS_OK while all is well */

    size_t off;                 /* lexer position */
    int line, col;
    token cur;                  /* current token */
    size_t prev_end;            /* end of the token before cur */

    ps_arena *scratch;          /* raw tree, freed after parsing */
    ps_arena *arena;            /* the model's arena */
    long fail_after;            /* test hook: fail the n-th allocation; -1 never */
    long nalloc;

    int nest;                   /* recursion depth of the expression parser */
    int lagfn_nest;             /* diff/pct nesting */

    /* parse results */
    size_t name_off, name_len;  /* model NAME */
    char *title;
    ps_freq freq;
    ps_srcpos model_pos;
    rdecl *decls, **decl_tail;  int ndecl;
    req *eqs, **eq_tail;        int neq;
    char *empty;                /* "" in the model arena */
} mparse;

/* model.c: the parser proper with an allocation-failure hook for the tests
** (fail_after < 0: never fail; n: the n-th allocation, from 0, fails). */
int mp_parse_string_ex(const char *src, size_t len, const char *filename,
                       long fail_after, ps_model **out, ps_error *err);

/* model.c: allocation (with the test hook) and errors */
void *mp_alloc(mparse *P, ps_arena *a, size_t n);
char *mp_strndup(mparse *P, ps_arena *a, const char *s, size_t n);
int mp_nomem(mparse *P);
int mp_fail(mparse *P, int code, ps_srcpos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A syntax error at the current token: the formatted text, then ", found X". */
int mp_fail_found(mparse *P, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Quote source text [off, end) for a message: whitespace runs become one
** space, long text is cut with "...".  Writes 'text' with the quotes. */
char *mp_quote(const mparse *P, size_t off, size_t end, char *buf, size_t n);
/* The current token for a message: 'text' or "end of file". */
char *mp_quote_tok(const mparse *P, const token *t, char *buf, size_t n);

/* lexer.c */
int mp_next(mparse *P);
int mp_is_keyword(const char *s, size_t len);
int mp_tok_is(const mparse *P, const token *t, const char *word);

/* number.c: scan a number starting at P->off into t */
int mp_lex_number(mparse *P, token *t);

/* parse_stmt.c, parse_expr.c */
int mp_parse_program(mparse *P);
rnode *mp_parse_expr(mparse *P);
/* function table: returns 1 and fills op/arity/kind when name is a function */
int mp_function(const char *s, size_t len, rkind *kind, ps_op *op, int *arity);
const char *mp_nearest_function(const char *s, size_t len);

/* names.c */
int mp_ntab_init(mparse *P, ntab *t, size_t n);
int mp_ntab_find(const ntab *t, const char *key, size_t len);
int mp_ntab_put(ntab *t, const char *key, int val);
/* The declared name nearest to the len bytes at name (util/editdist.h), or NULL. */
const char *mp_nearest_n(const ps_model *m, const char *name, size_t len);

/* format.c: the model language's name of a function op ("log", "max"); "?"
** for an op that is not a function.  Also names them in solver messages. */
const char *mp_func_name(ps_op op);

/* check.c, lower.c */
int mp_build_model(mparse *P, ps_model *m);
/* Fail on the undeclared name at n, with a "did you mean"; where: "" or
** " on the left side". */
int mp_undeclared(mparse *P, const ps_model *m, const rnode *n, const char *where);
int mp_lower_equation(mparse *P, ps_model *m, const req *q, int eq);

#endif
