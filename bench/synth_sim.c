/*
** Reference simulation of a generated model, independent of polsim: a tree
** walker, explicit equations in order, blocks by Gauss-Seidel.  The blocks
** are contractions by construction, so Gauss-Seidel converges; it is slow
** but it shares no code with the engine it checks.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "synth_int.h"

#define SY_GS_TOL 1e-14
#define SY_GS_MAX 20000

double synth_eval(const synth_model *m, const sx *e, const double *x, int t)
{
    int nv = m->nendo + m->nexo;
    switch (e->op) {
    case SX_NUM: return e->num;
    case SX_VAR: return x[(size_t)(t + e->lag) * (size_t)nv + (size_t)e->id];
    case SX_PAR: return m->pval[e->id];
    case SX_NEG: return -synth_eval(m, e->a, x, t);
    case SX_ADD: return synth_eval(m, e->a, x, t) + synth_eval(m, e->b, x, t);
    case SX_SUB: return synth_eval(m, e->a, x, t) - synth_eval(m, e->b, x, t);
    case SX_MUL: return synth_eval(m, e->a, x, t) * synth_eval(m, e->b, x, t);
    case SX_DIV: return synth_eval(m, e->a, x, t) / synth_eval(m, e->b, x, t);
    case SX_POW: return pow(synth_eval(m, e->a, x, t), synth_eval(m, e->b, x, t));
    case SX_LOG: return log(synth_eval(m, e->a, x, t));
    case SX_EXP: return exp(synth_eval(m, e->a, x, t));
    case SX_SQRT: return sqrt(synth_eval(m, e->a, x, t));
    case SX_ABS: return fabs(synth_eval(m, e->a, x, t));
    case SX_MIN: {
        double a = synth_eval(m, e->a, x, t), b = synth_eval(m, e->b, x, t);
        return a <= b ? a : b;
    }
    case SX_MAX: {
        double a = synth_eval(m, e->a, x, t), b = synth_eval(m, e->b, x, t);
        return a >= b ? a : b;
    }
    }
    return NAN;
}

/* y = G(...) with the left-side transform inverted and add-factor 0. */
static double eval_eq(const synth_model *m, int i, const double *x, int t)
{
    double r = synth_eval(m, m->eq[i].rhs, x, t);
    double ylag = t > 0 ? x[(size_t)(t - 1) * (size_t)(m->nendo + m->nexo) + (size_t)i] : NAN;
    switch (m->eq[i].lhs) {
    case SYNTH_LOG: return exp(r);
    case SYNTH_DIFF: return ylag + r;
    case SYNTH_PCT: return ylag * (1 + r / 100);
    default: return r;
    }
}

static int solve_group(const synth_model *m, const int *eqs, int n, double *row,
                       const double *x, int t)
{
    for (int sweep = 0; sweep < SY_GS_MAX; sweep++) {
        double worst = 0;
        for (int k = 0; k < n; k++) {
            int i = eqs[k];
            double y = eval_eq(m, i, x, t);
            if (!isfinite(y))
                return -2;
            double d = fabs(y - row[i]) / (1 + fabs(y));
            if (d > worst)
                worst = d;
            row[i] = y;
        }
        if (worst <= SY_GS_TOL || (n == 1 && m->eq[eqs[0]].block < 0))
            return 0;
    }
    return -2;
}

int synth_simulate(const synth_model *m, double **out)
{
    int nv = m->nendo + m->nexo, nper = synth_nper(m);
    double *x = malloc((size_t)nv * (size_t)nper * sizeof *x);
    *out = NULL;
    if (!x)
        return -1;
    for (int t = 0; t < nper; t++) {
        double *row = x + (size_t)t * (size_t)nv;
        for (int v = m->nendo; v < nv; v++)
            row[v] = synth_exo_value(m, v, t);
        for (int v = 0; v < m->nendo; v++)
            row[v] = t < m->opts.maxlag ? m->var[v].ss : row[v - nv];
        if (t < m->opts.maxlag)
            continue;
        for (int g = 0; g < m->ngroups; g++) {
            int a = m->group_start[g], n = m->group_start[g + 1] - a;
            if (solve_group(m, m->order + a, n, row, x, t)) {
                free(x);
                return -2;
            }
        }
    }
    *out = x;
    return 0;
}

double synth_max_deviation(const synth_model *m, const double *x)
{
    int nv = m->nendo + m->nexo, nper = synth_nper(m);
    double worst = 0;
    for (int t = 0; t < nper; t++)
        for (int v = 0; v < m->nendo; v++) {
            double d = fabs(x[(size_t)t * (size_t)nv + (size_t)v] / m->var[v].ss - 1);
            if (!(d <= worst))
                worst = d;
        }
    return worst;
}
