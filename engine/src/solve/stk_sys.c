/*
** One system solved by damped Newton over a window of periods with a KLU
** Jacobian (stk_int.h).  The algorithm and the convergence test are those of
** the period-by-period solver (docs/solver.md): a step is accepted when the
** weighted merit sum (r_k / (1 + |y_k|))^2 falls, halving it otherwise, and
** the solve has converged when every residual and every component of the
** next Newton correction is within tol (1 + |y|).  The factorised Jacobian
** is kept across iterations (simplified Newton) while a step with it shrinks
** the weighted residual norm to 5% or less: a factorisation of a stacked
** Jacobian costs many residual evaluations and triangular solves, so a solve
** that converges in three Newton iterations with four factorisations takes
** one or two with reuse.  The convergence test's correction is computed
** with the kept factors.
*/
#include "solve/stk_int.h"
#include "util/alloc.h"
#include "compile/compile_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pivot ratio below this (klu_rcond) is a singular Jacobian to working
** precision; the same bound as the period-by-period solver's. */
#define STK_RCOND_MIN 1e-14
/* klu_refactor keeps the old pivots while its rcond stays within this factor
** of the fresh one (solve_int.h, PS_SOLVE_REFACTOR_DROP). */
#define STK_REFACTOR_DROP 1e-3

int stk_ctx_init(stk_ctx *c, const ps_model *m, ps_error *err) {
    memset(c, 0, sizeof *c);
    c->m = m;
    c->nvar = m->nseries;
    if (!klu_defaults(&c->klu))
        return ps_error_set(err, PS_ERR_INTERNAL, "KLU refused its default settings");
    return ps_program_begin(m, &c->prog, err);
}

int stk_ctx_finish(stk_ctx *c, ps_error *err) {
    ps_program_end(c->prog);
    c->stack = ps_malloc(sizeof(double) * (size_t)(c->prog->max_stack + 1));
    c->gbuf = ps_malloc(sizeof(double) * (size_t)(c->maxn + 1));
    c->jbuf = ps_malloc(sizeof(double) * (size_t)(c->maxnjac + 1));
    if (!c->stack || !c->gbuf || !c->jbuf)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating the solver workspace");
    return PS_OK;
}

void stk_ctx_free(stk_ctx *c) {
    ps_program_free(c->prog);
    ps_free(c->stack);
    ps_free(c->gbuf);
    ps_free(c->jbuf);
    memset(c, 0, sizeof *c);
}

void stk_sys_new_run(stk_sys *s) {
    s->pivoted = 0;
}

static void shape_free(stk_ctx *c, stk_sys *s) {
    s->pivoted = 0;
    if (s->num) klu_free_numeric(&s->num, &c->klu);
    if (s->snum) klu_free_numeric(&s->snum, &c->klu);
    s->fac = NULL;
    if (s->sym) klu_free_symbolic(&s->sym, &c->klu);
    ps_free(s->lp);
    ps_free(s->li);
    ps_free(s->lx);
    s->lp = s->li = NULL;
    s->lx = NULL;
    ps_free(s->ap);
    ps_free(s->ai);
    ps_free(s->ax);
    ps_free(s->pos);
    ps_free(s->r);
    s->ap = s->ai = s->pos = NULL;
    s->ax = s->r = s->d = s->y0 = s->w = NULL;
    s->H = s->Hu = s->N = 0;
}

void stk_sys_free(stk_ctx *c, stk_sys *s) {
    if (!s) return;
    shape_free(c, s);
    ps_free(s->eq);
    ps_free(s->ratio);
    memset(s, 0, sizeof *s);
}

int stk_sys_compile(stk_ctx *c, stk_sys *s, const ps_expr *const *g, int njac,
                    const int *jrow, const int *jcol, const int *jlag,
                    const ps_expr *const *d, ps_error *err) {
    int n = s->n;
    int *keep = s->eq;          /* the caller's list, copied into our block */
    size_t ints = (size_t)2 * n + 3 * (size_t)njac + (size_t)(n > njac ? n : njac) + 1;
    size_t codes = (size_t)n + (size_t)njac + 1;
    int *mine = ps_malloc(ints * sizeof(int) + codes * sizeof(ps_codeid));
    s->ratio = ps_calloc((size_t)n + 1, 1);
    if (!mine || !s->ratio) {
        ps_free(mine); /* s->eq still points at the caller's list */
        s->eq = NULL;
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory compiling the stacked system");
    }
    s->eq = mine;
    s->col = s->eq + n;
    s->jrow = s->col + n;
    s->jcol = s->jrow + njac;
    s->jlag = s->jcol + njac;
    int *slot = s->jlag + njac;
    s->gcode = (ps_codeid *)(s->eq + ints);
    ps_codeid *jc = s->gcode + n;
    memcpy(s->eq, keep, sizeof(int) * (size_t)n);
    s->njac = njac;
    const ps_model *m = c->m;
    int rc = PS_OK;
    for (int i = 0; rc == PS_OK && i < n; i++) {
        s->col[i] = m->syms[m->eqs[s->eq[i]].var].slot;
        slot[i] = i;
        rc = ps_program_add_expr(c->prog, g[i], &s->gcode[i], err);
    }
    for (int k = 0; rc == PS_OK && k < njac; k++) {
        s->jrow[k] = jrow[k];
        s->jcol[k] = jcol[k];
        s->jlag[k] = jlag[k];
        slot[k] = k;
        rc = ps_program_add_expr(c->prog, d[k], &jc[k], err);
    }
    for (int i = 0; rc == PS_OK && i < n; i++) slot[i] = i;
    if (rc == PS_OK) rc = ps_program_add_run(c->prog, s->gcode, slot, n, &s->grun, err);
    for (int k = 0; rc == PS_OK && k < njac; k++) slot[k] = k;
    if (rc == PS_OK) rc = ps_program_add_run(c->prog, jc, slot, njac, &s->jrun, err);
    if (n > c->maxn) c->maxn = n;
    if (njac > c->maxnjac) c->maxnjac = njac;
    return rc;
}

/* ---- incidence and entries ---- */

/* Endogenous (symbol, lag) pairs a right side reads, appended to a growing
** list (pairs of ints).  Recursion depth is bounded by the analysis'
** PS_ANALYSE_MAX_DEPTH. */
int stk_collect(const ps_model *m, const ps_expr *e, stk_pairs *P) {
    for (; e; e = e->a) {
        if (e->op == PS_E_VAR && e->sym >= 0 && e->sym < m->nsym &&
            m->syms[e->sym].kind == PS_SYM_ENDO) {
            for (size_t k = 0; k < P->n; k += 2)
                if (P->v[k] == e->sym && P->v[k + 1] == e->lag) goto seen;
            if (P->n + 2 > P->cap) {
                size_t cap = P->cap ? 2 * P->cap : 32;
                int *v = ps_realloc(P->v, cap * sizeof *v);
                if (!v) return PS_ERR_NOMEM;
                P->v = v;
                P->cap = cap;
            }
            P->v[P->n++] = e->sym;
            P->v[P->n++] = e->lag;
        }
    seen:
        if (e->b && stk_collect(m, e->b, P)) return PS_ERR_NOMEM;
    }
    return PS_OK;
}

/* Growing arrays of the entries of one component. */
int stk_entries_push(stk_entries *E, int row, int col, int lag, const ps_expr *d) {
    if (E->n == E->cap) {
        int cap = E->cap ? 2 * E->cap : 16;
        int *r = ps_realloc(E->row, sizeof(int) * (size_t)cap);
        if (r) E->row = r;
        int *c = r ? ps_realloc(E->col, sizeof(int) * (size_t)cap) : NULL;
        if (c) E->col = c;
        int *l = c ? ps_realloc(E->lag, sizeof(int) * (size_t)cap) : NULL;
        if (l) E->lag = l;
        const ps_expr **dd = l ? ps_realloc(E->d, sizeof *dd * (size_t)cap) : NULL;
        if (!dd) return PS_ERR_NOMEM;
        E->d = dd;
        E->cap = cap;
    }
    E->row[E->n] = row;
    E->col[E->n] = col;
    E->lag[E->n] = lag;
    E->d[E->n++] = d;
    return PS_OK;
}

void stk_entries_free(stk_entries *E) {
    ps_free(E->row);
    ps_free(E->col);
    ps_free(E->lag);
    ps_free(E->d);
    memset(E, 0, sizeof *E);
}

/* ---- the shape: compressed columns of the stacked Jacobian ---- */

/* Contributions: per model period p < H, n diagonal ones then njac entries;
** per growth row (p >= H, variable i), three (columns p, p-1, p-2 of i). */
static size_t ncontrib(const stk_sys *s, int H, int Hu) {
    return (size_t)H * (size_t)(s->n + s->njac) + (size_t)(Hu - H) * (size_t)s->n * 3;
}

/* Row and column of contribution k, or -1 when its column is data. */
static void contrib_at(const stk_sys *s, int H, int Hu, size_t k, int *row, int *col) {
    int n = s->n;
    size_t per = (size_t)(n + s->njac);
    if (k < (size_t)H * per) {
        int p = (int)(k / per), e = (int)(k % per);
        if (e < n) {
            *row = *col = p * n + e;
            return;
        }
        e -= n;
        int pc = p + s->jlag[e];
        *row = p * n + s->jrow[e];
        *col = pc >= 0 && pc < Hu ? pc * n + s->jcol[e] : -1;
        return;
    }
    k -= (size_t)H * per;
    int q = (int)(k / 3), which = (int)(k % 3), p = H + q / n, i = q % n;
    *row = p * n + i;
    *col = p - which >= 0 ? (p - which) * n + i : -1;
}

static int build_shape(stk_ctx *c, stk_sys *s, int H, int Hu, ps_error *err) {
    shape_free(c, s);
    size_t nc = ncontrib(s, H, Hu);
    /* KLU indexes with int: the stacked system must fit */
    if ((size_t)Hu * (size_t)s->n > (size_t)INT_MAX / 4 || nc > (size_t)INT_MAX / 4)
        return ps_error_set(err, PS_ERR_LIMIT, "the stacked system of %d equations over %d "
                            "periods is too large for one sparse factorisation; shorten the "
                            "horizon", s->n, Hu);
    int n = s->n, N = Hu * n;
    s->ap = ps_calloc((size_t)N + 1, sizeof(int));
    s->pos = ps_malloc((nc + 1) * sizeof(int));
    s->r = ps_malloc(sizeof(double) * 4 * (size_t)N);
    int *rowof = ps_malloc((nc + 1) * sizeof(int)), *slot = ps_malloc((nc + 1) * sizeof(int));
    int *fill = ps_calloc((size_t)N + 1, sizeof(int));
    int rc = s->ap && s->pos && s->r && rowof && slot && fill ? PS_OK : PS_ERR_NOMEM;
    if (rc == PS_OK) {
        s->d = s->r + N;
        s->y0 = s->d + N;
        s->w = s->y0 + N;
        /* bucket the contributions by column, then sort each column by row and
        ** merge duplicates (an entry of the diagonal and dG_i/dy_i(0)) */
        for (size_t k = 0; k < nc; k++) {
            int row, col;
            contrib_at(s, H, Hu, k, &row, &col);
            s->pos[k] = col;
            if (col >= 0) s->ap[col + 1]++;
        }
        for (int j = 0; j < N; j++) s->ap[j + 1] += s->ap[j];
        for (size_t k = 0; k < nc; k++) {
            int row, col = s->pos[k];
            if (col < 0) continue;
            contrib_at(s, H, Hu, k, &row, &col);
            int at = s->ap[col] + fill[col]++;
            rowof[at] = row;
            slot[at] = (int)k;
        }
        int nnz = 0;
        for (int j = 0; j < N; j++) {
            int a = s->ap[j], b = s->ap[j + 1];
            for (int x = a + 1; x < b; x++)          /* insertion sort: columns are short */
                for (int y = x; y > a && rowof[y - 1] > rowof[y]; y--) {
                    int t = rowof[y]; rowof[y] = rowof[y - 1]; rowof[y - 1] = t;
                    t = slot[y]; slot[y] = slot[y - 1]; slot[y - 1] = t;
                }
            int start = nnz;
            for (int x = a; x < b; x++) {
                if (x == a || rowof[x] != rowof[x - 1]) rowof[nnz++] = rowof[x];
                s->pos[slot[x]] = nnz - 1;
            }
            s->ap[j] = start;
        }
        s->ap[N] = nnz;
        s->ai = ps_malloc(sizeof(int) * (size_t)(nnz + 1));
        s->ax = ps_malloc(sizeof(double) * (size_t)(nnz + 1));
        if (!s->ai || !s->ax) rc = PS_ERR_NOMEM;
        else memcpy(s->ai, rowof, sizeof(int) * (size_t)nnz);
    }
    ps_free(rowof);
    ps_free(slot);
    ps_free(fill);
    if (rc == PS_OK) {
        s->sym = klu_analyze(N, s->ap, s->ai, &c->klu);
        if (!s->sym) rc = c->klu.status == KLU_OUT_OF_MEMORY ? PS_ERR_NOMEM : PS_ERR_INTERNAL;
    }
    if (rc != PS_OK) {
        shape_free(c, s);
        return ps_error_set(err, rc, rc == PS_ERR_NOMEM
                            ? "out of memory building the stacked Jacobian (%d unknowns)"
                            : "KLU could not analyse the stacked Jacobian (%d unknowns)", N);
    }
    s->H = H;
    s->Hu = Hu;
    s->N = N;
    return PS_OK;
}

/* ---- evaluation ---- */

static inline double *ycell(const stk_ctx *c, const stk_sys *s, double *W, int ws, int u) {
    return &W[(size_t)(ws + u / s->n) * (size_t)c->nvar + (size_t)s->col[u % s->n]];
}

/* Residuals of every row into r; returns -1 when all are finite, else the
** first row that is not. */
static int residuals(stk_ctx *c, stk_sys *s, double *W, int ws, const double *params,
                     double *r) {
    int n = s->n, nv = c->nvar;
    for (int p = 0; p < s->H; p++) {
        const double *row = W + (size_t)(ws + p) * (size_t)nv;
        ps_vm_run(c->prog, s->grun, row, params, c->stack, c->gbuf);
        double *rp = r + (size_t)p * (size_t)n;
        for (int i = 0; i < n; i++) rp[i] = row[s->col[i]] - c->gbuf[i];
    }
    for (int p = s->H; p < s->Hu; p++)
        for (int i = 0; i < n; i++) {
            const double *y = W + (size_t)(ws + p) * (size_t)nv + s->col[i];
            double y1 = y[-nv], y2 = y[-2 * nv];
            r[p * n + i] = s->ratio[i] ? y[0] - y1 * y1 / y2 : y[0] - 2 * y1 + y2;
        }
    for (int u = 0; u < s->N; u++)
        if (!isfinite(r[u])) return u;
    return -1;
}

/* J = I - dG/dy into ax; -1 when finite, else the row of a bad entry. */
static int jacobian(stk_ctx *c, stk_sys *s, double *W, int ws, const double *params) {
    int n = s->n, nv = c->nvar, per = n + s->njac;
    memset(s->ax, 0, sizeof(double) * (size_t)s->ap[s->N]);
    for (int p = 0; p < s->H; p++) {
        const double *row = W + (size_t)(ws + p) * (size_t)nv;
        if (s->njac) ps_vm_run(c->prog, s->jrun, row, params, c->stack, c->jbuf);
        const int *pos = s->pos + (size_t)p * (size_t)per;
        for (int i = 0; i < n; i++) s->ax[pos[i]] += 1.0;
        for (int k = 0; k < s->njac; k++) {
            if (!isfinite(c->jbuf[k])) return p * n + s->jrow[k];
            if (pos[n + k] >= 0) s->ax[pos[n + k]] -= c->jbuf[k];
        }
    }
    const int *gpos = s->pos + (size_t)s->H * (size_t)per;
    for (int p = s->H; p < s->Hu; p++)
        for (int i = 0; i < n; i++, gpos += 3) {
            const double *y = W + (size_t)(ws + p) * (size_t)nv + s->col[i];
            double y1 = y[-nv], y2 = y[-2 * nv];
            double c1 = s->ratio[i] ? -2 * y1 / y2 : -2, c2 = s->ratio[i] ? y1 * y1 / (y2 * y2) : 1;
            if (!isfinite(c1) || !isfinite(c2)) return p * n + i;
            s->ax[gpos[0]] += 1.0;
            if (gpos[1] >= 0) s->ax[gpos[1]] += c1;
            if (gpos[2] >= 0) s->ax[gpos[2]] += c2;
        }
    return -1;
}

/* ---- failures: name the equation, variable and period ---- */

/* Sets the error's context and writes "equation [E] in P" (or the growth
** row's description) into what, the variable into var and period into per. */
static void name_row(stk_ctx *c, stk_sys *s, int u, const stk_where *wh, ps_error *err,
                     char *what, size_t nwhat, const char **varp, char *per) {
    const ps_model *m = c->m;
    int i = u % s->n, p = u / s->n;
    const ps_equation *q = &m->eqs[s->eq[i]];
    const char *var = m->syms[q->var].name;
    *varp = var;
    strcpy(per, "steady state");
    if (!wh->steady) ps_period_format(wh->ord_ws + p, wh->freq, per, PS_PERIOD_LABEL_MAX);
    ps_error_context(err, q->label, var, per);
    snprintf(what, nwhat, p >= s->H ? "the terminal growth condition of %s in %s"
                                    : "equation [%s] in %s",
             p >= s->H ? var : q->label, per);
}

static int fail_domain(stk_ctx *c, stk_sys *s, double *W, int ws, const double *params,
                       int u, const stk_where *wh, ps_error *err) {
    char what[300], why[300] = "the value is not finite";
    int i = u % s->n, p = u / s->n;
    if (p < s->H) {
        const double *row = W + (size_t)(ws + p) * (size_t)c->nvar;
        ps_vm_diagnose(c->prog, s->gcode[i], row, params, why, sizeof why);
    }
    const char *var;
    char per[PS_PERIOD_LABEL_MAX];
    name_row(c, s, u, wh, err, what, sizeof what, &var, per);
    return ps_error_set(err, PS_ERR_DOMAIN, "%s cannot be evaluated: %s; check its data and "
                        "starting values, or the size of the shock", what, why);
}

static int fail_singular(stk_ctx *c, stk_sys *s, int u, const stk_where *wh, ps_error *err) {
    char what[300], per[PS_PERIOD_LABEL_MAX];
    const char *var;
    if (u >= 0) {
        name_row(c, s, u, wh, err, what, sizeof what, &var, per);
        return ps_error_set(err, PS_ERR_SOLVE, "the stacked Jacobian is singular: nothing "
                            "determines %s in %s (%s); check that the model pins down every "
                            "variable (a unit root, or a variable no equation really uses)",
                            var, per, what);
    }
    return ps_error_set(err, PS_ERR_SOLVE, "the stacked Jacobian of %d equations over %d "
                        "periods is singular to working precision (pivot ratio below %g); "
                        "check the model for a unit root or an indeterminate variable",
                        s->n, s->H, STK_RCOND_MIN);
}

static int worst_row(stk_sys *s, double *W, stk_ctx *c, int ws, double *scaled) {
    int worst = 0;
    double big = -1;
    for (int u = 0; u < s->N; u++) {
        double v = fabs(s->r[u]) / (1 + fabs(*ycell(c, s, W, ws, u)));
        if (v > big) big = v, worst = u;
    }
    *scaled = big;
    return worst;
}

/* ---- Newton ---- */

/* The first factorisation of a run chooses pivots by partial pivoting
** (klu_factor), which for a stacked Jacobian costs about 2.5 times what
** refactorising with known pivots does.  For most Jacobians klu_factor takes
** every diagonal entry of the BTF-matched, fill-ordered matrix: pivots that
** depend on the pattern alone.  The first such factorisation is kept (snum)
** and later runs refactorise it, keeping the result only when klu_factor
** would have chosen the same pivots: it takes a column's diagonal entry
** unless that is below tol times the column's largest candidate, so the
** same pivots mean every entry of L within 1 / tol (half of that here, clear
** of rounding at the border).  With the same pivots the two compute the
** same operations in the same order, so the factors are klu_factor's bit
** for bit and a run's result never depends on the runs before it.  Returns
** 1 when snum now holds this run's factors, 0 when klu_factor must choose,
** -1 when out of memory. */
static int static_pivots(stk_ctx *c, stk_sys *s) {
    if (!klu_refactor(s->ap, s->ai, s->ax, s->sym, s->snum, &c->klu) ||
        !klu_extract(s->snum, s->sym, s->lp, s->li, s->lx, NULL, NULL, NULL, NULL, NULL, NULL,
                     NULL, NULL, NULL, NULL, &c->klu))
        return c->klu.status == KLU_OUT_OF_MEMORY ? -1 : 0;
    double most = 0.5 / c->klu.tol;
    for (int k = 0; k < s->snum->lnz; k++)
        if (!(fabs(s->lx[k]) <= most)) return 0;
    return 1;
}

/* Keep num, a klu_factor that took every diagonal pivot, as snum. */
static void keep_static(stk_sys *s) {
    s->lp = ps_malloc(sizeof(int) * (size_t)(s->N + 1));
    s->li = ps_malloc(sizeof(int) * (size_t)s->num->lnz);
    s->lx = ps_malloc(sizeof(double) * (size_t)s->num->lnz);
    if (!s->lp || !s->li || !s->lx) {   /* only slower without it */
        ps_free(s->lp);
        ps_free(s->li);
        ps_free(s->lx);
        s->lp = s->li = NULL;
        s->lx = NULL;
        return;
    }
    s->snum = s->fac = s->num;
    s->num = NULL;
}

/* Factorise ax: with the run's pivots (klu_refactor) while their pivot ratio
** stays within STK_REFACTOR_DROP of the fresh one's, else, first in a run,
** with the structural pivots when klu_factor would choose them too
** (static_pivots), else choosing pivots again (klu_factor).  *bad: the
** column KLU found singular, or -1. */
static int factorise(stk_ctx *c, stk_sys *s, int *bad, stk_stats *st) {
    *bad = -1;
    if (s->pivoted) {
        if (klu_refactor(s->ap, s->ai, s->ax, s->sym, s->fac, &c->klu) &&
            klu_rcond(s->sym, s->fac, &c->klu) && c->klu.rcond > STK_RCOND_MIN &&
            c->klu.rcond >= STK_REFACTOR_DROP * s->rcond_fresh)
            return PS_OK;
        if (c->klu.status == KLU_OUT_OF_MEMORY) return PS_ERR_NOMEM;
    } else if (s->snum) {
        int same = static_pivots(c, s);
        if (same < 0) return PS_ERR_NOMEM;
        if (same) {
            if (s->num) klu_free_numeric(&s->num, &c->klu); /* an earlier run's, unused now */
            s->fac = s->snum;
            s->pivoted = 1;
            if (!klu_rcond(s->sym, s->fac, &c->klu) || c->klu.rcond <= STK_RCOND_MIN)
                return PS_ERR_SOLVE;
            s->rcond_fresh = c->klu.rcond;
            return PS_OK;
        }
    }
    if (s->num) klu_free_numeric(&s->num, &c->klu);
    st->pivot_searches++;
    s->num = s->fac = klu_factor(s->ap, s->ai, s->ax, s->sym, &c->klu);
    s->pivoted = s->num != NULL;
    if (!s->num) {
        if (c->klu.status == KLU_OUT_OF_MEMORY) return PS_ERR_NOMEM;
        if (c->klu.status == KLU_SINGULAR) *bad = c->klu.singular_col;
        return PS_ERR_SOLVE;
    }
    if (!s->snum && c->klu.noffdiag == 0) keep_static(s);
    if (!klu_rcond(s->sym, s->fac, &c->klu) || c->klu.rcond <= STK_RCOND_MIN)
        return PS_ERR_SOLVE;
    s->rcond_fresh = c->klu.rcond;
    return PS_OK;
}

static void start_values(stk_ctx *c, stk_sys *s, double *W, int ws, int growth) {
    int nv = c->nvar;
    for (int u = 0; u < s->N; u++) {
        double *y = ycell(c, s, W, ws, u);
        if (!isfinite(*y)) *y = ws + u / s->n > 0 && isfinite(y[-nv]) ? y[-nv] : 1.0;
    }
    /* constant rate for a variable positive before the window (or, with no
    ** row before it, at its start), constant change otherwise */
    if (growth)
        for (int i = 0; i < s->n; i++)
            s->ratio[i] = W[(size_t)(ws > 0 ? ws - 1 : ws) * (size_t)nv + s->col[i]] > 0;
}

/* The weights 1 / (1 + |y|) and the merit at the current point into s->w
** and *m0, the point into s->y0; returns 1 when every residual and every
** component of the correction d are within tol (1 + |y|). */
static int weigh(stk_ctx *c, stk_sys *s, double *W, int ws, double tol, double *m0) {
    int conv = 1;
    double m = 0;
    for (int u = 0; u < s->N; u++) {
        double *y = ycell(c, s, W, ws, u), sc = 1 + fabs(*y);
        if (fabs(s->r[u]) > tol * sc || fabs(s->d[u]) > tol * sc) conv = 0;
        s->y0[u] = *y;
        s->w[u] = 1 / sc;
        m += (s->r[u] * s->w[u]) * (s->r[u] * s->w[u]);
    }
    *m0 = m;
    return conv;
}

static double merit(const stk_sys *s) {
    double m = 0;
    for (int u = 0; u < s->N; u++) m += (s->r[u] * s->w[u]) * (s->r[u] * s->w[u]);
    return m;
}

static void step(stk_ctx *c, stk_sys *s, double *W, int ws, double lam) {
    for (int u = 0; u < s->N; u++) *ycell(c, s, W, ws, u) = s->y0[u] - lam * s->d[u];
}

static int converged(stk_ctx *c, stk_sys *s, double *W, int ws, stk_stats *st) {
    step(c, s, W, ws, 1.0);
    double big = 0;
    for (int u = 0; u < s->N; u++) {
        double v = fabs(s->r[u]) * s->w[u];
        if (v > big) big = v;
    }
    if (big > st->max_residual) st->max_residual = big;
    return PS_OK;
}

/* A simplified-Newton step with the kept factors is taken when it shrinks
** the weighted residual norm to at most this fraction (the period-by-period
** solver's PS_SOLVE_REUSE_RATE); otherwise the iteration factorises afresh. */
#define STK_REUSE_RATE 0.05

int stk_sys_solve(stk_ctx *c, stk_sys *s, double *W, int ws, int H, int growth,
                  const double *params, const stk_solve_opts *o, const stk_where *wh,
                  stk_stats *st, ps_error *err) {
    int Hu = H + (growth ? s->lead : 0);
    if ((s->H != H || s->Hu != Hu || !s->sym) && build_shape(c, s, H, Hu, err))
        return err ? err->code : PS_ERR_NOMEM;
    start_values(c, s, W, ws, growth);
    int N = s->N, kept = 0;
    double m0;
    for (int it = 0; it <= o->max_iter; it++) {
        int bad = residuals(c, s, W, ws, params, s->r);
        if (bad >= 0) return fail_domain(c, s, W, ws, params, bad, wh, err);
        if (kept) {             /* the correction with the kept factors */
            memcpy(s->d, s->r, sizeof(double) * (size_t)N);
            if (klu_solve(s->sym, s->fac, N, 1, s->d, &c->klu)) {
                if (weigh(c, s, W, ws, o->tol, &m0)) return converged(c, s, W, ws, st);
                if (it == o->max_iter) break;
                step(c, s, W, ws, 1.0);
                if (residuals(c, s, W, ws, params, s->r) < 0 &&
                    merit(s) <= STK_REUSE_RATE * STK_REUSE_RATE * m0) {
                    st->iterations++;
                    continue;
                }
                step(c, s, W, ws, 0.0);         /* back, and a fresh Jacobian */
                residuals(c, s, W, ws, params, s->r);
            }
        }
        if (it == o->max_iter) break;
        bad = jacobian(c, s, W, ws, params);
        if (bad >= 0) return fail_domain(c, s, W, ws, params, bad, wh, err);
        int rc = factorise(c, s, &bad, st);
        kept = rc == PS_OK;
        if (rc == PS_ERR_NOMEM)
            return ps_error_set(err, rc, "out of memory factorising the stacked Jacobian");
        if (rc != PS_OK) return fail_singular(c, s, bad, wh, err);
        memcpy(s->d, s->r, sizeof(double) * (size_t)N);
        if (!klu_solve(s->sym, s->fac, N, 1, s->d, &c->klu))
            return fail_singular(c, s, -1, wh, err);
        st->iterations++;
        if (weigh(c, s, W, ws, o->tol, &m0)) return converged(c, s, W, ws, st);
        if (!isfinite(m0)) return fail_domain(c, s, W, ws, params, 0, wh, err);
        double lam = 1;
        for (int h = 0; h <= o->max_halvings; h++, lam /= 2) {
            step(c, s, W, ws, lam);
            if (residuals(c, s, W, ws, params, s->r) >= 0) continue;
            if (merit(s) < m0) break;
        }
    }
    double scaled;
    int u = worst_row(s, W, c, ws, &scaled);
    char what[300], per[PS_PERIOD_LABEL_MAX];
    const char *var;
    name_row(c, s, u, wh, err, what, sizeof what, &var, per);
    ps_error_set(err, PS_ERR_SOLVE, "Newton did not converge in %d iterations: the largest "
                 "remaining residual is that of %s (scaled %.3g, tolerance %g); try better "
                 "starting values, a smaller shock, more iterations, or a longer horizon",
                 o->max_iter, what, scaled, o->tol);
    if (err) err->residual = s->r[u];
    return PS_ERR_SOLVE;
}
