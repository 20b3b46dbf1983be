/*
** Model IR: the parsed and checked model file; the layout behind the opaque
** ps_model of the public half (polsim/model.h), for the library's own modules.
**
** ps_model_parse_file/_string read the model language (docs/model-language.md),
** check it (undeclared names, duplicates, a variable determined twice or never,
** lags or leads on parameters) and return a ps_model owned by the caller
** (ps_model_free, NULL-safe).  Every expression, string and array below is owned
** by the model and lives until ps_model_free.  The model is read-only after
** parsing: later stages (analyse, compile) never modify it.
**
** Symbols.  Every name the model declares is a symbol.  Series symbols
** (endogenous, exogenous and the add-factors the parser creates) occupy a
** column of the frame: symbol.slot is that column, 0..nseries-1, in declaration
** order with add-factors last.  Parameters occupy slot 0..nparam-1 of the
** parameter vector instead.
**
** Add-factors.  Each behavioural (non-identity) equation gets an exogenous
** series named "<var>_a" (EViews' convention) added to its transformed left
** side:  T(y) = rhs + y_a.  Identities get none.
*/
#ifndef POLSIM_MODEL_MODEL_H
#define POLSIM_MODEL_MODEL_H

#include <stddef.h>
#include "polsim/model.h" /* the public half */

#ifdef __cplusplus
extern "C" {
#endif

/* Limits the parser enforces (PS_ERR_LIMIT beyond them), so that later stages
** may recurse over an expression tree without exhausting the stack. */
#define PS_MODEL_MAX_DEPTH 1000     /* levels of an expression tree */
#define PS_MODEL_MAX_LAG 10000      /* periods of any one lag, x(-10000) */

typedef struct ps_srcpos {
    int line, col;              /* 1-based position in the model file */
} ps_srcpos;

typedef struct ps_symbol {
    char *name;
    char *description;          /* "" when none was given */
    char *unit;                 /* "" when none was given */
    char *label_zh;             /* Chinese label (`label zh "..."`, UTF-8); "" when none */
    char *unit_zh;              /* Chinese unit (`unit zh "亿元"`, UTF-8); "" when none */
    ps_symkind kind;
    int lever;                  /* exogenous marked `lever` */
    double value;               /* parameter value; 0 for series */
    int slot;                   /* frame column (series) or parameter index */
    int equation;               /* endo: index of the equation determining it;
                                   add-factor: its equation; else -1 */
    ps_srcpos pos;              /* declaration (or equation, for add-factors) */
} ps_symbol;

/* Expression operators.  The parser emits only the "language" ops; diff(e)
** and pct(e) on a right side are expanded at parse time (e - e(-1),
** 100 * (e / e(-1) - 1)).  SIGN, LE and GT are internal: they appear only in
** derivatives (d|x| = sign(x) dx; d min(a,b) = le(a,b) da + gt(a,b) db). */
typedef enum ps_op {
    PS_E_NUM,                   /* num */
    PS_E_VAR,                   /* symbol sym at lag `lag` (< 0 a lag, > 0 a lead) */
    PS_E_NEG,                   /* -a */
    PS_E_ADD, PS_E_SUB, PS_E_MUL, PS_E_DIV, PS_E_POW,  /* a op b */
    PS_E_LOG, PS_E_EXP, PS_E_SQRT, PS_E_ABS,            /* f(a) */
    PS_E_MIN, PS_E_MAX,                                 /* f(a, b) */
    PS_E_SIGN,                  /* internal: -1, 0, 1 */
    PS_E_LE,                    /* internal: a <= b ? 1 : 0 */
    PS_E_GT,                    /* internal: a > b ? 1 : 0 */
    PS_E_NORMCDF                /* Phi(a): the standard normal distribution
                                   function (Dynare's normcdf) */
} ps_op;

typedef struct ps_expr {
    ps_op op;
    double num;                 /* PS_E_NUM */
    int sym;                    /* PS_E_VAR: symbol index */
    int lag;                    /* PS_E_VAR: 0 = current, -k = k periods back,
                                   +k = k periods ahead (a lead) */
    struct ps_expr *a, *b;      /* operands (NULL when unused) */
    ps_srcpos pos;
} ps_expr;

typedef enum ps_lhs {
    PS_LHS_LEVEL,               /* y         = rhs */
    PS_LHS_LOG,                 /* log(y)    = rhs */
    PS_LHS_DIFF,                /* diff(y)   = rhs   (y - y(-1)) */
    PS_LHS_PCT                  /* pct(y)    = rhs   (100 * (y / y(-1) - 1)) */
} ps_lhs;

typedef struct ps_equation {
    char *label;                /* [label], or the determined variable's name */
    int identity;               /* 1 for `identity`, 0 for `equation` */
    ps_lhs lhs;                 /* transform on the left side */
    int var;                    /* symbol index of the determined variable */
    int addfactor;              /* symbol index of "<var>_a", -1 for identities */
    ps_expr *rhs;               /* right side, without the add-factor */
    char *text;                 /* source text of the statement, for reports */
    ps_srcpos pos;              /* position of the statement keyword */
} ps_equation;

struct ps_model {
    char *name;                 /* `model NAME` */
    char *title;                /* its description, "" when none */
    char *path;                 /* file it came from ("<string>" otherwise) */
    ps_freq freq;
    char hash[65];              /* SHA-256 of the source text, lowercase hex */

    ps_symbol *syms;  int nsym;
    ps_equation *eqs; int neq;
    int nseries;                /* frame columns: endo + exo + add-factors */
    int nparam;
    int maxlag;                 /* deepest lag anywhere (>= 0) */
    int maxlead;                /* furthest lead anywhere (>= 0): x(+k) is a
                                   PS_E_VAR with lag = +k; a model with
                                   maxlead > 0 is solved in stacked time
                                   (stacked.h) */

    void *internal_;            /* arena and lookup table; do not touch */
};

/* Symbol index of the series in frame column `slot`, -1 if out of range. */
int ps_model_series_sym(const ps_model *m, int slot);

/* Print an expression in model-language syntax into buf (truncating). */
char *ps_expr_format(const ps_model *m, const ps_expr *e, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
