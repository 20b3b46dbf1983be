/*
** Numbers and expression trees of the generated equations.  Each family is
** calibrated so that the equation holds at the steady state (up to the
** rounding of its printed constants) and its first-order weights are the
** ones synth_struct.c chose.
*/
#include <math.h>
#include "synth_build.h"

static sx *mk(sy_build *b, int op, sx *l, sx *r)
{
    if (!l || (op >= SX_ADD && op <= SX_POW && !r) || ((op == SX_MIN || op == SX_MAX) && !r))
        return NULL;
    sx *e = sy_arena_alloc(b->m->arena_, sizeof *e);
    if (!e)
        return NULL;
    e->op = op;
    e->a = l;
    e->b = r;
    return e;
}

static sx *num(sy_build *b, double v)
{
    sx *e = sy_arena_alloc(b->m->arena_, sizeof *e);
    if (e) {
        e->op = SX_NUM;
        e->num = sy_round(v);
    }
    return e;
}

static sx *var(sy_build *b, int id, int lag)
{
    sx *e = sy_arena_alloc(b->m->arena_, sizeof *e);
    if (e) {
        e->op = SX_VAR;
        e->id = id;
        e->lag = lag;
    }
    return e;
}

static sx *par(sy_build *b, int id)
{
    sx *e = sy_arena_alloc(b->m->arena_, sizeof *e);
    if (e) {
        e->op = SX_PAR;
        e->id = id;
    }
    return e;
}

static sx *term_var(sy_build *b, const sy_term *t)
{
    return var(b, t->var, t->lag);
}

static double ss(const sy_build *b, int v)
{
    return b->m->var[v].ss;
}

/* acc + a * z, written as a reader would: "x - 0.2 * z", "0.5 * z". */
static sx *add_scaled(sy_build *b, sx *acc, double a, sx *z)
{
    a = sy_round(a);
    if (!acc)
        return a == 1 ? z : mk(b, SX_MUL, num(b, a), z);
    sx *t = fabs(a) == 1 ? z : mk(b, SX_MUL, num(b, fabs(a)), z);
    return mk(b, a < 0 ? SX_SUB : SX_ADD, acc, t);
}

static sx *add_const(sy_build *b, sx *acc, double c)
{
    c = sy_round(c);
    if (!acc)
        return num(b, c);
    if (c == 0)
        return acc;
    return mk(b, c < 0 ? SX_SUB : SX_ADD, acc, num(b, fabs(c)));
}

/* sum over terms from..nt-1 of a_k z_k with a_k = w_k s_y / S_k; subtracts
** their steady-state values from *c0. */
static sx *lin_part(sy_build *b, const sy_spec *s, int from, double sy, sx *acc, double *c0)
{
    for (int k = from; k < s->nt; k++) {
        double S = ss(b, s->t[k].var), a = sy_round(s->t[k].w * sy / S);
        acc = add_scaled(b, acc, a, term_var(b, &s->t[k]));
        *c0 -= a * S;
    }
    return acc;
}

static sx *linear(sy_build *b, const sy_spec *s, double sy)
{
    double c0 = sy;
    sx *acc = lin_part(b, s, 0, sy, NULL, &c0);
    return add_const(b, acc, c0);
}

/* One nonlinear first term (sqrt, abs or a ratio), the rest linear. */
static sx *mixed(sy_build *b, const sy_spec *s, double sy)
{
    const sy_term *t = &s->t[0];
    double S = ss(b, t->var), c0 = sy, a;
    sx *first;
    int from = 1;
    if (s->kind == K_SQRT) {
        a = sy_round(2 * t->w * sy / sqrt(S));
        first = mk(b, SX_SQRT, term_var(b, t), NULL);
        c0 -= a * sqrt(S);
    } else if (s->kind == K_ABS) {
        a = sy_round(t->w * sy / S);
        first = mk(b, SX_ABS, term_var(b, t), NULL);
        c0 -= a * S;
    } else {
        double S1 = ss(b, s->t[1].var);
        a = sy_round(t->w * sy * S1 / S);
        first = mk(b, SX_DIV, term_var(b, t), term_var(b, &s->t[1]));
        c0 -= a * S / S1;
        from = 2;
    }
    sx *acc = lin_part(b, s, from, sy, add_scaled(b, NULL, a, first), &c0);
    return add_const(b, acc, c0);
}

static sx *loglinear(sy_build *b, const sy_spec *s, double sy)
{
    double c0 = log(sy);
    sx *acc = NULL;
    for (int k = 0; k < s->nt; k++) {
        acc = add_scaled(b, acc, s->t[k].w, mk(b, SX_LOG, term_var(b, &s->t[k]), NULL));
        c0 -= s->t[k].w * log(ss(b, s->t[k].var));
    }
    return add_const(b, acc, c0);
}

static sx *cobb_douglas(sy_build *b, const sy_spec *s, double sy)
{
    double K = sy;
    for (int k = 0; k < s->nt; k++)
        K /= pow(ss(b, s->t[k].var), s->t[k].w);
    sx *acc = num(b, K);
    for (int k = 0; k < s->nt; k++)
        acc = mk(b, SX_MUL, acc,
                 mk(b, SX_POW, term_var(b, &s->t[k]), num(b, s->t[k].w)));
    return acc;
}

static sx *exp_deviation(sy_build *b, const sy_spec *s, double sy)
{
    double c = 0;
    sx *acc = NULL;
    for (int k = 0; k < s->nt; k++) {
        double S = ss(b, s->t[k].var), a = sy_round(s->t[k].w / S);
        acc = add_scaled(b, acc, a, term_var(b, &s->t[k]));
        c -= a * S;
    }
    return mk(b, SX_MUL, num(b, sy), mk(b, SX_EXP, add_const(b, acc, c), NULL));
}

/* diff(y) = lam * (T - y(-1))  and  pct(y) = 100 * lam * log(T / y(-1)). */
static sx *adjustment(sy_build *b, const sy_spec *s, int i, double sy)
{
    sx *target = linear(b, s, sy), *lag = var(b, i, -1);
    if (s->kind == K_ECM)
        return mk(b, SX_MUL, par(b, s->par), mk(b, SX_SUB, target, lag));
    return mk(b, SX_MUL, mk(b, SX_MUL, num(b, 100), par(b, s->par)),
              mk(b, SX_LOG, mk(b, SX_DIV, target, lag), NULL));
}

static sx *identity(sy_build *b, const sy_spec *s, int i)
{
    if (s->kind == K_ACCUM)
        return mk(b, SX_ADD,
                  mk(b, SX_MUL, mk(b, SX_SUB, num(b, 1), par(b, s->par)), var(b, i, -1)),
                  term_var(b, &s->t[0]));
    sx *acc = term_var(b, &s->t[0]);
    for (int k = 1; k < s->nt; k++)
        acc = mk(b, SX_ADD, acc, term_var(b, &s->t[k]));
    return acc;
}

static sx *tree(sy_build *b, int i, int *lhs)
{
    const sy_spec *s = &b->spec[i];
    double sy = ss(b, i);
    *lhs = SYNTH_LEVEL;
    switch (s->kind) {
    case K_LIN: return linear(b, s, sy);
    case K_SQRT: case K_ABS: case K_RATIO: return mixed(b, s, sy);
    case K_MINMAX: {
        sx *lin = linear(b, s, sy);
        return s->flag ? mk(b, SX_MIN, lin, num(b, 2 * sy))
                       : mk(b, SX_MAX, lin, num(b, 0.5 * sy));
    }
    case K_LOGLIN: *lhs = SYNTH_LOG; return loglinear(b, s, sy);
    case K_COBB: return cobb_douglas(b, s, sy);
    case K_EXPDEV: return exp_deviation(b, s, sy);
    case K_ECM: *lhs = SYNTH_DIFF; return adjustment(b, s, i, sy);
    case K_PCT: *lhs = SYNTH_PCT; return adjustment(b, s, i, sy);
    default: return identity(b, s, i);
    }
}

/* Identities take the steady state their inputs imply, summed in the order
** the model text adds them so that they hold exactly in the history. */
static void identity_steady_states(sy_build *b)
{
    synth_model *m = b->m;
    for (int i = 0; i < m->nendo; i++) {
        const sy_spec *s = &b->spec[i];
        if (s->kind == K_ACCUM) {
            m->var[i].ss = ss(b, s->t[0].var) / m->pval[s->par];
        } else if (s->kind == K_SUM) {
            double sum = ss(b, s->t[0].var);
            for (int k = 1; k < s->nt; k++)
                sum += ss(b, s->t[k].var);
            m->var[i].ss = sum;
        }
    }
}

int sy_gen_trees(sy_build *b)
{
    synth_model *m = b->m;
    identity_steady_states(b);
    for (int i = 0; i < m->nendo; i++) {
        const sy_spec *s = &b->spec[i];
        m->eq[i].kind = s->kind;
        m->eq[i].rhs = tree(b, i, &m->eq[i].lhs);
        if (!m->eq[i].rhs)
            return -1;
        for (int k = 0; k < s->nt; k++)
            if (-s->t[k].lag > m->maxlag)
                m->maxlag = -s->t[k].lag;
    }
    if (m->maxlag < 1)
        m->maxlag = 1;
    return 0;
}
