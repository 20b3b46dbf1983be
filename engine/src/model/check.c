/*
** Semantic checks: turns the raw declarations and equations into the
** ps_model's symbols and equations.  Checks run in phases, each in file
** order, and stop at the first error:
**   1. declarations: duplicate names;
**   2. left sides: undeclared, not endogenous, determined twice, labels;
**   3. add-factors: "<var>_a" must not be a declared name;
**   4. right sides: undeclared names, lags on parameters (lower.c), and a
**      right side that repeats the left side (`y = y`);
**   5. the whole model: no equations, an endogenous variable left undetermined.
*/
#include "model/model_internal.h"
#include "util/editdist.h"

#include <stdio.h>
#include <string.h>

#define Q 96

static const char *kind_phrase(ps_symkind k) {
    switch (k) {
    case PS_SYM_ENDO: return "endogenous";
    case PS_SYM_EXO: return "exogenous";
    case PS_SYM_PARAM: return "a parameter";
    default: return "an add-factor";
    }
}

static int declare(mparse *P, ps_model *m, const rdecl *d) {
    model_internal *mi = m->internal_;
    ps_symbol *s = &m->syms[m->nsym];
    s->name = mp_strndup(P, P->arena, P->src + d->off, d->len);
    if (!s->name) return mp_nomem(P);
    s->description = d->desc ? d->desc : P->empty;
    s->unit = d->unit ? d->unit : P->empty;
    s->label_zh = d->label_zh ? d->label_zh : P->empty;
    s->unit_zh = d->unit_zh ? d->unit_zh : P->empty;
    s->kind = d->kind;
    s->lever = d->lever;
    s->value = d->value;
    s->slot = -1;
    s->equation = -1;
    s->pos = d->pos;
    int prev = mp_ntab_put(&mi->names, s->name, m->nsym);
    if (prev >= 0) {
        const ps_symbol *o = &m->syms[prev];
        return mp_fail(P, PS_ERR_SEMANTIC, d->pos,
                       "'%s' is declared twice: at %d:%d (%s) and here (%s); remove one of "
                       "the declarations", s->name, o->pos.line, o->pos.col,
                       kind_phrase(o->kind), kind_phrase(d->kind));
    }
    m->nsym++;
    return PS_OK;
}

int mp_undeclared(mparse *P, const ps_model *m, const rnode *n, const char *where) {
    const char *near = mp_nearest_n(m, P->src + n->off, n->nlen);
    return mp_fail(P, PS_ERR_SEMANTIC, n->pos,
                   "undeclared name '%.*s'" PS_DYM_FMT "%s; declare it with endogenous, "
                   "exogenous or parameter", (int)n->nlen, P->src + n->off, PS_DYM_ARGS(near),
                   where);
}

/* The variable on the left side: declared, endogenous, not yet determined. */
static int left_variable(mparse *P, ps_model *m, const req *q, int e) {
    const model_internal *mi = m->internal_;
    const rnode *v = q->lvar;
    int sym = mp_ntab_find(&mi->names, P->src + v->off, v->nlen);
    if (sym < 0 && v->nlen > 2 && memcmp(P->src + v->off + v->nlen - 2, "_a", 2) == 0 &&
        mp_ntab_find(&mi->names, P->src + v->off, v->nlen - 2) >= 0)
        return mp_fail(P, PS_ERR_SEMANTIC, v->pos,
                       "'%.*s' cannot be on the left side: it is not declared, and a "
                       "behavioural equation for '%.*s' generates it as its add-factor, an "
                       "exogenous series", (int)v->nlen,
                       P->src + v->off, (int)v->nlen - 2, P->src + v->off);
    if (sym < 0) return mp_undeclared(P, m, v, " on the left side");
    ps_symbol *s = &m->syms[sym];
    if (s->kind != PS_SYM_ENDO)
        return mp_fail(P, PS_ERR_SEMANTIC, v->pos,
                       "'%s' is %s (declared at %d:%d) and cannot be on the left side: an "
                       "equation determines an endogenous variable; declare '%s' endogenous "
                       "or write the equation for another variable", s->name,
                       kind_phrase(s->kind), s->pos.line, s->pos.col, s->name);
    if (s->equation >= 0) {
        const ps_equation *o = &m->eqs[s->equation];
        return mp_fail(P, PS_ERR_SEMANTIC, q->pos,
                       "'%s' is determined by two equations: [%s] at %d:%d and this one; each "
                       "endogenous variable needs exactly one equation", s->name, o->label,
                       o->pos.line, o->pos.col);
    }
    s->equation = e;
    m->eqs[e].var = sym;
    return PS_OK;
}

static int label_equation(mparse *P, ps_model *m, ntab *labels, const req *q, int e) {
    ps_equation *eq = &m->eqs[e];
    if (q->has_label) {
        eq->label = mp_strndup(P, P->arena, P->src + q->loff, q->llen);
        if (!eq->label) return mp_nomem(P);
    } else {
        eq->label = m->syms[eq->var].name;
    }
    int prev = mp_ntab_put(labels, eq->label, e);
    if (prev >= 0)
        return mp_fail(P, PS_ERR_SEMANTIC, q->has_label ? q->lpos : q->pos,
                       "duplicate equation label [%s]%s: the equation at %d:%d has it too; "
                       "labels must be unique", eq->label,
                       q->has_label ? "" : " (an unlabelled equation takes its variable's name)",
                       m->eqs[prev].pos.line, m->eqs[prev].pos.col);
    return PS_OK;
}

static int left_sides(mparse *P, ps_model *m) {
    ntab labels = { 0 };
    if (mp_ntab_init(P, &labels, (size_t)P->neq)) return P->status;
    int e = 0;
    for (const req *q = P->eqs; q; q = q->next, e++) {
        ps_equation *eq = &m->eqs[e];
        eq->identity = q->identity;
        eq->lhs = q->lhs;
        eq->addfactor = -1;
        eq->pos = q->pos;
        eq->text = mp_strndup(P, P->arena, P->src + q->off, q->end - q->off);
        if (!eq->text) return mp_nomem(P);
        if (left_variable(P, m, q, e) || label_equation(P, m, &labels, q, e)) return P->status;
        m->neq++;
        if (q->lhs == PS_LHS_DIFF || q->lhs == PS_LHS_PCT) m->maxlag = 1;
    }
    return PS_OK;
}

/* The add-factor is in the units of the transformed left side. */
static const char *addfactor_unit(const mparse *P, const ps_model *m, const ps_equation *eq) {
    switch (eq->lhs) {
    case PS_LHS_LOG: return "log points";
    case PS_LHS_PCT: return "percentage points";
    default: return m->syms[eq->var].unit ? m->syms[eq->var].unit : P->empty;
    }
}

static int add_addfactor(mparse *P, ps_model *m, int e) {
    model_internal *mi = m->internal_;
    ps_equation *eq = &m->eqs[e];
    const char *var = m->syms[eq->var].name;
    char desc[200];
    ps_symbol *s = &m->syms[m->nsym];
    size_t n = strlen(var);
    s->name = mp_alloc(P, P->arena, n + 3);
    if (!s->name) return mp_nomem(P);
    memcpy(s->name, var, n);
    memcpy(s->name + n, "_a", 3);
    int prev = mp_ntab_find(&mi->names, s->name, n + 2);
    if (prev >= 0) {
        const ps_symbol *o = &m->syms[prev];
        return mp_fail(P, PS_ERR_SEMANTIC, o->pos,
                       "'%s' is declared here, but equation [%s] at %d:%d needs that name for "
                       "its add-factor (a behavioural equation for %s gets a series %s); "
                       "rename '%s', or make [%s] an identity", o->name, eq->label,
                       eq->pos.line, eq->pos.col, var, o->name, o->name, eq->label);
    }
    snprintf(desc, sizeof desc, "add-factor of equation [%s]", eq->label);
    s->description = mp_strndup(P, P->arena, desc, strlen(desc));
    s->unit = mp_strndup(P, P->arena, addfactor_unit(P, m, eq),
                         strlen(addfactor_unit(P, m, eq)));
    if (!s->description || !s->unit) return mp_nomem(P);
    s->label_zh = P->empty;
    s->unit_zh = P->empty;
    s->kind = PS_SYM_ADDFACTOR;
    s->slot = -1;
    s->equation = e;
    s->pos = eq->pos;
    mp_ntab_put(&mi->names, s->name, m->nsym);
    eq->addfactor = m->nsym++;
    return PS_OK;
}

/* Series take frame columns in declaration order, add-factors (last in syms)
** after them; parameters take their own vector. */
static int assign_slots(mparse *P, ps_model *m) {
    model_internal *mi = m->internal_;
    for (int i = 0; i < m->nsym; i++) {
        if (m->syms[i].kind == PS_SYM_PARAM) m->syms[i].slot = m->nparam++;
        else m->syms[i].slot = m->nseries++;
    }
    mi->series_sym = mp_alloc(P, P->arena, (size_t)m->nseries * sizeof(int) + 1);
    if (!mi->series_sym) return mp_nomem(P);
    for (int i = 0; i < m->nsym; i++)
        if (m->syms[i].kind != PS_SYM_PARAM) mi->series_sym[m->syms[i].slot] = i;
    return PS_OK;
}

static int is_var(const ps_expr *e, int var) {
    return e && e->op == PS_E_VAR && e->sym == var && e->lag == 0;
}

/* `identity y = y;` (or `log(y) = log(y)`) holds for every y, so it determines
** nothing.  A right side that uses y together with anything else — even only
** numbers, as in the fixed point `x = exp(-x)` — is a genuine equation in y and
** becomes a simultaneous block of one. */
static int check_not_only_self(mparse *P, const ps_model *m, const req *q, int e) {
    const ps_equation *eq = &m->eqs[e];
    const ps_expr *r = eq->rhs;
    int same = is_var(r, eq->var) ||
               (eq->lhs == PS_LHS_LOG && r && r->op == PS_E_LOG && is_var(r->a, eq->var));
    if (!same) return PS_OK;
    char text[Q];
    const char *y = m->syms[eq->var].name;
    return mp_fail(P, PS_ERR_SEMANTIC, q->rpos,
                   "the right side %s of equation [%s] repeats its left side, so it holds for "
                   "any value and cannot determine '%s': use other variables, or lags such as "
                   "%s(-1)",
                   mp_quote(P, q->roff, q->rend, text, sizeof text), eq->label, y, y);
}

static int right_sides(mparse *P, ps_model *m) {
    int e = 0;
    for (const req *q = P->eqs; q; q = q->next, e++)
        if (mp_lower_equation(P, m, q, e) || check_not_only_self(P, m, q, e)) return P->status;
    return PS_OK;
}

static int whole_model(mparse *P, const ps_model *m) {
    if (m->neq == 0)
        return mp_fail(P, PS_ERR_SEMANTIC, P->model_pos,
                       "model '%s' has no equations: add at least one equation or identity "
                       "statement", m->name);
    for (int i = 0; i < m->nsym; i++) {
        const ps_symbol *s = &m->syms[i];
        if (s->kind == PS_SYM_ENDO && s->equation < 0)
            return mp_fail(P, PS_ERR_SEMANTIC, s->pos,
                           "endogenous variable '%s' is not determined by any equation: add "
                           "an equation with '%s' on its left side, or declare it exogenous",
                           s->name, s->name);
    }
    return PS_OK;
}

int mp_build_model(mparse *P, ps_model *m) {
    model_internal *mi = m->internal_;
    int nbehav = 0;
    for (const req *q = P->eqs; q; q = q->next) nbehav += !q->identity;
    size_t nsym = (size_t)P->ndecl + (size_t)nbehav;
    m->syms = mp_alloc(P, P->arena, nsym * sizeof *m->syms);
    m->eqs = mp_alloc(P, P->arena, (size_t)P->neq * sizeof *m->eqs);
    if (!m->syms || !m->eqs) return mp_nomem(P);
    if (mp_ntab_init(P, &mi->names, nsym)) return P->status;
    for (const rdecl *d = P->decls; d; d = d->next)
        if (declare(P, m, d)) return P->status;
    if (left_sides(P, m)) return P->status;
    for (int e = 0; e < m->neq; e++)
        if (!m->eqs[e].identity && add_addfactor(P, m, e)) return P->status;
    if (assign_slots(P, m) || right_sides(P, m)) return P->status;
    return whole_model(P, m);
}
