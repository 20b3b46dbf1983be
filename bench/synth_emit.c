/*
** Printers of a generated model: model-language text, history CSV and
** straight-line C.  Both expression printers walk the same trees.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "synth_int.h"

typedef struct pctx {
    const synth_model *m;
    int c;                      /* 1: C syntax, 0: model language */
} pctx;

/* Binding strength.  A negation binds loosest so that it is always
** parenthesised as an operand: "a * (-b)" reads the same in every grammar. */
static int prec(const sx *e)
{
    switch (e->op) {
    case SX_NEG: return 0;
    case SX_ADD: case SX_SUB: return 1;
    case SX_MUL: case SX_DIV: return 2;
    case SX_POW: return 4;
    default: return 5;
    }
}

static void put(sy_buf *o, const pctx *c, const sx *e);

static void put_paren(sy_buf *o, const pctx *c, const sx *e, int paren)
{
    if (paren)
        sy_buf_puts(o, "(");
    put(o, c, e);
    if (paren)
        sy_buf_puts(o, ")");
}

static void put_num(sy_buf *o, const pctx *c, double v)
{
    char buf[64];
    sy_fmt_num(fabs(v), buf, sizeof buf);
    if (c->c && !strchr(buf, '.'))
        strcat(buf, ".0");          /* a double literal: no integer division */
    sy_buf_printf(o, v < 0 ? "(-%s)" : "%s", buf);
}

static void put_var(sy_buf *o, const pctx *c, const sx *e)
{
    if (c->c)
        sy_buf_printf(o, e->lag ? "row[%d - %d * NV]" : "row[%d]", e->id, -e->lag);
    else
        sy_buf_printf(o, e->lag ? "%s(%d)" : "%s", c->m->var[e->id].name, e->lag);
}

static void put_call(sy_buf *o, const pctx *c, const sx *e)
{
    static const char *text[] = { [SX_LOG] = "log", [SX_EXP] = "exp", [SX_SQRT] = "sqrt",
                                  [SX_ABS] = "abs", [SX_MIN] = "min", [SX_MAX] = "max",
                                  [SX_POW] = "pow" };
    static const char *cfun[] = { [SX_LOG] = "log", [SX_EXP] = "exp", [SX_SQRT] = "sqrt",
                                  [SX_ABS] = "fabs", [SX_MIN] = "fmin", [SX_MAX] = "fmax",
                                  [SX_POW] = "pow" };
    sy_buf_printf(o, "%s(", c->c ? cfun[e->op] : text[e->op]);
    put(o, c, e->a);
    if (e->b) {
        sy_buf_puts(o, ", ");
        put(o, c, e->b);
    }
    sy_buf_puts(o, ")");
}

static void put_binary(sy_buf *o, const pctx *c, const sx *e)
{
    static const char *sym[] = { [SX_ADD] = " + ", [SX_SUB] = " - ", [SX_MUL] = " * ",
                                 [SX_DIV] = " / ", [SX_POW] = "^" };
    int p = prec(e);
    int assoc = e->op == SX_ADD || e->op == SX_MUL;
    put_paren(o, c, e->a, e->op == SX_POW ? prec(e->a) < 5 : prec(e->a) < p);
    sy_buf_puts(o, sym[e->op]);
    put_paren(o, c, e->b, e->op == SX_POW ? prec(e->b) < 5 : assoc ? prec(e->b) < p
                                                                   : prec(e->b) <= p);
}

static void put(sy_buf *o, const pctx *c, const sx *e)
{
    switch (e->op) {
    case SX_NUM: put_num(o, c, e->num); return;
    case SX_VAR: put_var(o, c, e); return;
    case SX_PAR:
        if (c->c)
            sy_buf_printf(o, "p[%d]", e->id);
        else
            sy_buf_puts(o, c->m->pname[e->id]);
        return;
    case SX_NEG:
        sy_buf_puts(o, "-");
        put_paren(o, c, e->a, prec(e->a) < 5);
        return;
    case SX_POW:
        if (c->c)
            put_call(o, c, e);
        else
            put_binary(o, c, e);
        return;
    case SX_ADD: case SX_SUB: case SX_MUL: case SX_DIV:
        put_binary(o, c, e);
        return;
    default:
        put_call(o, c, e);
    }
}

static int finish(sy_buf *o, char **text, size_t *len)
{
    if (o->failed || !o->s) {
        free(o->s);
        *text = NULL;
        return -1;
    }
    *text = o->s;
    if (len)
        *len = o->len;
    return 0;
}

/* "endogenous a, b, c;" wrapped at about 100 columns. */
static void put_decl(sy_buf *o, const char *kw, const synth_model *m, int from, int to)
{
    size_t col = strlen(kw);
    sy_buf_puts(o, kw);
    for (int v = from; v < to; v++) {
        const char *name = m->var[v].name;
        if (col + strlen(name) > 96) {
            sy_buf_puts(o, "\n   ");
            col = 3;
        }
        sy_buf_printf(o, " %s%s", name, v + 1 < to ? "," : ";\n");
        col += strlen(name) + 2;
    }
}

static int same_prefix(const char *a, const char *b)
{
    size_t n = strcspn(a, "_");
    return strncmp(a, b, n + 1) == 0;
}

/* Declarations one statement per region, as a modeller would write them. */
static void put_decls(sy_buf *o, const synth_model *m)
{
    int from = 0, nv = m->nendo + m->nexo;
    for (int v = 1; v <= nv; v++) {
        if (v < nv && v != m->nendo && same_prefix(m->var[from].name, m->var[v].name))
            continue;
        put_decl(o, from < m->nendo ? "endogenous" : "exogenous", m, from, v);
        from = v;
    }
    for (int k = 0; k < m->nparam; k++) {
        char buf[64];
        sy_fmt_num(m->pval[k], buf, sizeof buf);
        sy_buf_printf(o, "parameter %s = %s;\n", m->pname[k], buf);
    }
}

static void put_equation(sy_buf *o, const synth_model *m, int i)
{
    static const char *lhs[] = { "%s", "log(%s)", "diff(%s)", "pct(%s)" };
    const synth_eq *q = &m->eq[i];
    pctx c = { m, 0 };
    sy_buf_puts(o, q->identity ? "identity " : "equation ");
    if (q->total)
        sy_buf_printf(o, "[r%d_total] ", q->total - 1);
    sy_buf_printf(o, lhs[q->lhs], m->var[i].name);
    sy_buf_puts(o, " = ");
    put(o, &c, q->rhs);
    sy_buf_puts(o, ";\n");
}

int synth_emit_model(const synth_model *m, char **text, size_t *len)
{
    sy_buf o = { 0 };
    sy_buf_printf(&o, "model %s \"Synthetic regional model: %d equations, %d regions, "
                      "%d in %d simultaneous blocks, seed %llu\" annual;\n\n",
                  m->opts.name, m->nendo, m->nregions, m->block_eqs, m->nblocks,
                  (unsigned long long)m->opts.seed);
    put_decls(&o, m);
    sy_buf_puts(&o, "\n");
    for (int i = 0; i < m->nendo; i++)
        put_equation(&o, m, i);
    return finish(&o, text, len);
}

int synth_emit_csv(const synth_model *m, const double *sim, char **text, size_t *len)
{
    sy_buf o = { 0 };
    int nv = m->nendo + m->nexo;
    sy_buf_puts(&o, "period");
    for (int v = 0; v < nv; v++)
        sy_buf_printf(&o, ",%s", m->var[v].name);
    sy_buf_puts(&o, "\n");
    for (int t = 0; t < synth_nper(m); t++) {
        sy_buf_printf(&o, "%d", m->opts.first_year + t);
        for (int v = 0; v < nv; v++) {
            if (v < m->nendo && t > m->opts.maxlag)
                sy_buf_puts(&o, ",");
            else
                sy_buf_printf(&o, ",%.17g", sim[(size_t)t * (size_t)nv + (size_t)v]);
        }
        sy_buf_puts(&o, "\n");
    }
    return finish(&o, text, len);
}

int synth_emit_c(const synth_model *m, const char *fname, const char *hash,
                 char **text, size_t *len)
{
    sy_buf o = { 0 };
    int nvar = m->nendo + m->nexo + (m->nendo - m->nidentity);
    pctx c = { m, 1 };
    sy_buf_printf(&o, "/* Generated by polsim_synth (seed %llu, %d equations): the model's\n"
                      "** equations G_i as straight-line C, as one would write them by hand.\n"
                      "** Frame row layout: endogenous, exogenous, add-factors.  Do not edit. */\n"
                      "#include <math.h>\n#include \"synth_c.h\"\n\n#define NV %d\n\n"
                      "const char %s_hash[] = \"%s\";\nconst int %s_neq = %d;\n"
                      "const int %s_nvar = NV;\n\n"
                      "void %s(const double *row, const double *p, double *out)\n{\n",
                  (unsigned long long)m->opts.seed, m->nendo, nvar, fname, hash ? hash : "",
                  fname, m->nendo, fname, fname);
    for (int i = 0; i < m->nendo; i++) {
        const synth_eq *q = &m->eq[i];
        sy_buf_printf(&o, "    out[%d] = ", i);
        if (q->lhs == SYNTH_LOG)
            sy_buf_puts(&o, "exp(");
        else if (q->lhs == SYNTH_DIFF)
            sy_buf_printf(&o, "row[%d - NV] + ", i);
        else if (q->lhs == SYNTH_PCT)
            sy_buf_printf(&o, "row[%d - NV] * (1.0 + (", i);
        put(&o, &c, q->rhs);
        if (!q->identity)
            sy_buf_printf(&o, " + row[%d]", m->af_col[i]);
        sy_buf_puts(&o, q->lhs == SYNTH_LOG ? ");\n" : q->lhs == SYNTH_PCT ? ") / 100.0);\n" : ";\n");
    }
    sy_buf_puts(&o, "}\n");
    return finish(&o, text, len);
}
