/*
** Targets and instruments (targets.h): storing them on scenario layers, and a
** run that solves each period by the swapped model when it is square and by
** Gauss-Newton over the period's solve otherwise or when a bound binds.
**
** Everything a run needs is set up before its first period: the chain's
** targets and instruments are gathered into per-period lists, every square
** period's swapped program is looked up in the scenario's cache (compiled on
** first use), and the Gauss-Newton workspace is sized for the largest
** period.  The period loop then allocates nothing and looks up no name.
*/
#include "scenario/scenario_int.h"
#include "util/alloc.h"
#include "analyse/swap.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Gauss-Newton: iterations per active set, the step that ends it, and the
** central-difference step relative to max(1, |x|). */
#define GN_MAX_ITER 50
#define GN_STEP_TOL 1e-9
#define GN_FD_REL 1e-4
/* The period solves inside Gauss-Newton converge this tightly (or to the
** project's tolerance if that is tighter): a finite difference divides the
** solve's error by the step, and the split of a change between instruments
** is only as good as those differences (1e-10: about 5e-6 relative on the
** nonlinear example; 1e-12: about 1e-8). */
#define GN_SOLVE_TOL 1e-12
#define GN_MAX_HALVINGS 30
/* Swapped programs a scenario keeps between runs (beyond: compiled afresh). */
#define CACHE_MAX 32
/* Singular values below this fraction of the largest are dropped
** (minimum-norm answer along directions the instruments cannot move). */
#define GN_SV_CUTOFF 1e-12

typedef struct tgt_op {
    int sym;
    long p0, p1;
    double x;                   /* the one value, or values[] per period */
    double *values;
    int growth;
    double weight;
} tgt_op;

typedef struct ins_op {
    int sym;
    long p0, p1;
    double min, max, weight;
} ins_op;

/* A swapped program for one set of targets and instruments. */
typedef struct swprog {
    int k;
    int *key;                   /* 2k: sorted targets, then sorted instruments */
    ps_model *m;
    ps_program *p;
    ps_solver *s;
} swprog;

struct ps_tspec {
    tgt_op *t;
    int nt, capt;
    ins_op *x;
    int nx, capx;
    swprog *sw;                 /* cache (only on scenarios that were run) */
    int nsw, capsw;
    ps_solve_opts sw_opts;      /* the project's options when they were made */
    ps_solver *gn;              /* the project's program with GN_SOLVE_TOL, for
                                   Gauss-Newton's period solves; NULL until one */
};

static void swprog_free(swprog *w) {
    ps_solver_free(w->s);
    ps_program_free(w->p);
    ps_model_swap_free(w->m);
    ps_free(w->key);
}

static void cache_clear(ps_tspec *ts) {
    for (int i = 0; i < ts->nsw; i++) swprog_free(&ts->sw[i]);
    ts->nsw = 0;
    ps_solver_free(ts->gn);
    ts->gn = NULL;
}

void ps_tspec_free_(ps_tspec *ts) {
    if (!ts) return;
    for (int i = 0; i < ts->nt; i++) ps_free(ts->t[i].values);
    cache_clear(ts);
    ps_free(ts->sw);
    ps_free(ts->t);
    ps_free(ts->x);
    ps_free(ts);
}

void ps_target_report_free(ps_target_report *r) {
    if (!r) return;
    ps_free(r->t);
    ps_free(r->b);
    ps_free(r);
}

int ps_scenario_has_targets(const ps_scenario *s) {
    for (; s; s = ps_scenario_parent(s)) {
        const ps_tspec *ts = *ps_scenario_tspec_((ps_scenario *)s);
        if (ts && (ts->nt || ts->nx)) return 1;
    }
    return 0;
}

static ps_tspec *tspec_of(ps_scenario *s) {
    ps_tspec **slot = ps_scenario_tspec_(s);
    if (!*slot) *slot = ps_calloc(1, sizeof **slot);
    return *slot;
}

static int grow(void **v, int *cap, int n, size_t size) {
    if (n < *cap) return PS_OK;
    int c = *cap ? 2 * *cap : 4;
    void *p = ps_realloc(*v, size * (size_t)c);
    if (!p) return PS_ERR_NOMEM;
    *v = p;
    *cap = c;
    return PS_OK;
}

/* Periods of a target or instrument inside the scenario's horizon. */
static int check_periods(const ps_scenario *s, const char *what, const char *name, long p0,
                         long p1, ps_error *err) {
    long from, to;
    ps_scenario_horizon(s, &from, &to);
    ps_freq f = ps_scenario_project((ps_scenario *)s)->model->freq;
    if (p1 < p0)
        return ps_error_set(err, PS_ERR_USAGE, "%s '%s': the period range ends before it starts",
                            what, name);
    if (p0 >= from && p1 <= to) return PS_OK;
    char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX], c[PS_PERIOD_LABEL_MAX];
    ps_error_context(err, NULL, name, ps_period_format(p0 < from ? p0 : p1, f, a, sizeof a));
    return ps_error_set(err, PS_ERR_USAGE,
                        "scenario '%s': %s '%s' at %s is outside the solved periods %s..%s; "
                        "targets and instruments act on the scenario's horizon",
                        ps_scenario_name(s), what, name, a, ps_period_format(from, f, b, sizeof b),
                        ps_period_format(to, f, c, sizeof c));
}

static int check_weight(const char *name, double w, ps_error *err) {
    if (w > 0 && isfinite(w)) return PS_OK;
    return ps_error_set(err, PS_ERR_USAGE, "'%s': the weight must be a positive number, got %g",
                        name, w);
}

int ps_scenario_target(ps_scenario *s, int sym, long p0, long p1, const double *values,
                       int n, int growth, double weight, ps_error *err) {
    const ps_model *m = ps_scenario_project(s)->model;
    if (sym < 0 || sym >= m->nsym)
        return ps_error_set(err, PS_ERR_USAGE, "target: no such variable (index %d)", sym);
    const ps_symbol *y = &m->syms[sym];
    if (y->kind == PS_SYM_PARAM)
        return ps_error_set(err, PS_ERR_USAGE, "'%s' is a parameter: a target must be an "
                            "endogenous variable (one an equation determines)", y->name);
    if (y->kind != PS_SYM_ENDO)
        return ps_error_set(err, PS_ERR_USAGE,
                            "'%s' is %s: a target must be an endogenous variable (one an "
                            "equation determines); to fix '%s' set it, to solve for it "
                            "make it an instrument", y->name,
                            y->kind == PS_SYM_EXO ? "exogenous" : "an add-factor", y->name);
    int rc = check_periods(s, "target", y->name, p0, p1, err);
    if (!rc) rc = check_weight(y->name, weight, err);
    if (rc) return rc;
    long count = p1 - p0 + 1;
    if (n != 1 && n != count)
        return ps_error_set(err, PS_ERR_USAGE, "target '%s': %d values given for %ld periods "
                            "(give 1 or %ld)", y->name, n, count, count);
    for (int i = 0; i < n; i++)
        if (!isfinite(values[i]))
            return ps_error_set(err, PS_ERR_USAGE, "target '%s': value %d is not a finite "
                                "number", y->name, i + 1);
    ps_tspec *ts = tspec_of(s);
    if (!ts || grow((void **)&ts->t, &ts->capt, ts->nt, sizeof *ts->t))
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    tgt_op o = {sym, p0, p1, values[0], NULL, growth ? 1 : 0, weight};
    if (n > 1) {
        o.values = ps_malloc(sizeof(double) * (size_t)n);
        if (!o.values) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        memcpy(o.values, values, sizeof(double) * (size_t)n);
    }
    ts->t[ts->nt++] = o;
    return PS_OK;
}

int ps_scenario_instrument(ps_scenario *s, int sym, long p0, long p1, double min,
                           double max, double weight, ps_error *err) {
    const ps_model *m = ps_scenario_project(s)->model;
    if (sym < 0 || sym >= m->nsym)
        return ps_error_set(err, PS_ERR_USAGE, "instrument: no such variable (index %d)", sym);
    const ps_symbol *y = &m->syms[sym];
    if (y->kind == PS_SYM_ENDO)
        return ps_error_set(err, PS_ERR_USAGE,
                            "'%s' is endogenous (determined by equation [%s]): an instrument "
                            "must be exogenous or an add-factor; to reach a value of '%s' make "
                            "it a target", y->name, m->eqs[y->equation].label, y->name);
    if (y->kind == PS_SYM_PARAM)
        return ps_error_set(err, PS_ERR_USAGE,
                            "'%s' is a parameter: an instrument must be a series with periods "
                            "(an exogenous variable or an add-factor)", y->name);
    if (isnan(min) || isnan(max) || min > max || min == INFINITY || max == -INFINITY)
        return ps_error_set(err, PS_ERR_USAGE, "instrument '%s': the bounds [%g, %g] are "
                            "empty; give min <= max", y->name, min, max);
    int rc = check_periods(s, "instrument", y->name, p0, p1, err);
    if (!rc) rc = check_weight(y->name, weight, err);
    if (rc) return rc;
    ps_tspec *ts = tspec_of(s);
    if (!ts || grow((void **)&ts->x, &ts->capx, ts->nx, sizeof *ts->x))
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    ts->x[ts->nx++] = (ins_op){sym, p0, p1, min, max, weight};
    return PS_OK;
}

/* ---- gathering the chain's targets and instruments per period ---- */

typedef struct tpt {
    int sym;
    long per;
    double value, weight;
    int growth, order;
} tpt;

typedef struct ipt {
    int sym;
    long per;
    double min, max, weight;
    int order;
} ipt;

typedef struct gathered {
    tpt *t;
    int nt, capt;
    ipt *x;
    int nx, capx;
    int seq;
} gathered;

/* Root first, so a child's target for the same variable and period wins. */
static int gather(const ps_scenario *s, gathered *g) {
    if (ps_scenario_parent(s)) {
        int rc = gather(ps_scenario_parent(s), g);
        if (rc) return rc;
    }
    const ps_tspec *ts = *ps_scenario_tspec_((ps_scenario *)s);
    if (!ts) return PS_OK;
    for (int i = 0; i < ts->nt; i++) {
        const tgt_op *o = &ts->t[i];
        for (long p = o->p0; p <= o->p1; p++) {
            tpt v = {o->sym, p, o->values ? o->values[p - o->p0] : o->x, o->weight, o->growth,
                     g->seq++};
            int k = 0;
            while (k < g->nt && !(g->t[k].sym == v.sym && g->t[k].per == p)) k++;
            if (k == g->nt && grow((void **)&g->t, &g->capt, g->nt++, sizeof *g->t))
                return PS_ERR_NOMEM;
            g->t[k] = v;
        }
    }
    for (int i = 0; i < ts->nx; i++) {
        const ins_op *o = &ts->x[i];
        for (long p = o->p0; p <= o->p1; p++) {
            ipt v = {o->sym, p, o->min, o->max, o->weight, g->seq++};
            int k = 0;
            while (k < g->nx && !(g->x[k].sym == v.sym && g->x[k].per == p)) k++;
            if (k == g->nx && grow((void **)&g->x, &g->capx, g->nx++, sizeof *g->x))
                return PS_ERR_NOMEM;
            g->x[k] = v;
        }
    }
    return PS_OK;
}

static int cmp_tpt(const void *a, const void *b) {
    const tpt *x = a, *y = b;
    if (x->per != y->per) return x->per < y->per ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static int cmp_ipt(const void *a, const void *b) {
    const ipt *x = a, *y = b;
    if (x->per != y->per) return x->per < y->per ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* ---- the run ---- */

/* One period of the horizon: its targets and instruments (ranges of the
** sorted lists) and, when square, its swapped program. */
typedef struct tperiod {
    int t0, nt, x0, nx;
    int sw;                     /* index into the scenario's cache, -1: none
                                   (an index: the cache may grow while the
                                   plan is made) */
} tperiod;

typedef struct trun {
    ps_scenario *s;
    ps_project *p;
    const ps_model *m;
    ps_frame *f;
    const double *params;
    ps_solve_diag *diag;
    ps_error *err;
    gathered g;
    tperiod *per;               /* per period index t0..t1 */
    int t0, t1;
    ps_target_report *rep;
    double *stack;              /* p->program->max_stack */
    /* Gauss-Newton workspace, sized for the largest period. */
    int maxm, maxn;
    double *xs, *x0, *xp, *gv, *gp, *gm, *jac, *a, *b, *z, *sv, *vm, *work;
    int *freej;
    ps_solver *gn;              /* the scenario's tight solver (tspec->gn) */
} trun;

static char *label(const trun *r, int t, char *buf) {
    return ps_period_format(r->f->start + t, r->f->freq, buf, PS_PERIOD_LABEL_MAX);
}

static swprog *cache_find(ps_tspec *ts, const int *key, int k) {
    for (int i = 0; i < ts->nsw; i++)
        if (ts->sw[i].k == k && memcmp(ts->sw[i].key, key, sizeof(int) * 2 * (size_t)k) == 0)
            return &ts->sw[i];
    return NULL;
}

/* Compile the swapped program of key (k targets, k instruments). */
static int swprog_build(trun *r, const int *key, int k, const char *when, swprog *w) {
    memset(w, 0, sizeof *w);
    w->k = k;
    w->key = ps_malloc(sizeof(int) * 2 * (size_t)k);
    if (!w->key) return ps_error_set(r->err, PS_ERR_NOMEM, "out of memory");
    memcpy(w->key, key, sizeof(int) * 2 * (size_t)k);
    ps_analysis *a = NULL;
    int rc = ps_model_swap(r->m, r->p->analysis, key, key + k, k, when, &w->m, r->err);
    if (!rc) rc = ps_analyse(w->m, &a, r->err);
    if (!rc) rc = ps_program_compile(w->m, a, &w->p, r->err);
    if (!rc) rc = ps_solver_new(w->p, &r->p->opts, &w->s, r->err);
    ps_analysis_free(a);
    if (rc) swprog_free(w);
    return rc;
}

static int swprog_get(trun *r, const tperiod *pp, int t, int *out) {
    ps_tspec *ts = tspec_of(r->s);
    if (!ts) return ps_error_set(r->err, PS_ERR_NOMEM, "out of memory");
    int k = pp->nt, key[2 * 64];
    if (k > 64)
        return ps_error_set(r->err, PS_ERR_LIMIT, "more than 64 targets in one period");
    for (int i = 0; i < k; i++) {
        key[i] = r->g.t[pp->t0 + i].sym;
        key[k + i] = r->g.x[pp->x0 + i].sym;
    }
    qsort(key, (size_t)k, sizeof(int), cmp_int);
    qsort(key + k, (size_t)k, sizeof(int), cmp_int);
    swprog *w = cache_find(ts, key, k);
    if (!w) {
        char per[PS_PERIOD_LABEL_MAX], when[PS_PERIOD_LABEL_MAX + 4];
        snprintf(when, sizeof when, "in %s", label(r, t, per));
        if (grow((void **)&ts->sw, &ts->capsw, ts->nsw, sizeof *ts->sw))
            return ps_error_set(r->err, PS_ERR_NOMEM, "out of memory");
        int rc = swprog_build(r, key, k, when, &ts->sw[ts->nsw]);
        if (rc) return rc;
        w = &ts->sw[ts->nsw++];
    }
    *out = (int)(w - ts->sw);
    return PS_OK;
}

/* The solver Gauss-Newton's period solves use, made once per scenario (a
** square period may need it too, when a bound binds). */
static int tight_solver(trun *r, ps_tspec *ts) {
    if (r->g.nt == 0) return PS_OK;
    if (!ts->gn) {
        ps_solve_opts o = r->p->opts;
        if (o.tol > GN_SOLVE_TOL) o.tol = GN_SOLVE_TOL;
        int rc = ps_solver_new(r->p->program, &o, &ts->gn, r->err);
        if (rc) return rc;
    }
    r->gn = ts->gn;
    return PS_OK;
}

/* Per-period lists, checks, swapped programs and workspace sizes. */
static int plan(trun *r) {
    ps_error *err = r->err;
    if (gather(r->s, &r->g)) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (r->g.nt) qsort(r->g.t, (size_t)r->g.nt, sizeof *r->g.t, cmp_tpt);
    if (r->g.nx) qsort(r->g.x, (size_t)r->g.nx, sizeof *r->g.x, cmp_ipt);
    int np = r->t1 - r->t0 + 1;
    r->per = ps_calloc((size_t)np, sizeof *r->per);
    if (!r->per) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int k = 0; k < np; k++) r->per[k].sw = -1;
    /* The cache is dropped when the solver options changed, and bounded: a
    ** script that keeps changing its targets does not keep every program
    ** it ever compiled (only between runs: the plan holds indices). */
    ps_tspec *ts = tspec_of(r->s);
    if (!ts) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (memcmp(&ts->sw_opts, &r->p->opts, sizeof ts->sw_opts) != 0 || ts->nsw > CACHE_MAX) {
        cache_clear(ts);
        ts->sw_opts = r->p->opts;
    }
    for (int i = 0; i < r->g.nt; i++) {
        const tpt *v = &r->g.t[i];
        int rc = check_periods(r->s, "target", r->m->syms[v->sym].name, v->per, v->per, err);
        if (rc) return rc;
        tperiod *pp = &r->per[ps_frame_index(r->f, v->per) - r->t0];
        if (pp->nt++ == 0) pp->t0 = i;
        if (v->growth && ps_frame_index(r->f, v->per) == 0) {
            char per[PS_PERIOD_LABEL_MAX];
            ps_error_context(err, NULL, r->m->syms[v->sym].name, label(r, 0, per));
            return ps_error_set(err, PS_ERR_USAGE, "growth target for '%s' in %s: the period "
                                "before has no data to grow from (give a level target, or "
                                "history for the period before)", r->m->syms[v->sym].name, per);
        }
    }
    for (int i = 0; i < r->g.nx; i++) {
        const ipt *v = &r->g.x[i];
        int rc = check_periods(r->s, "instrument", r->m->syms[v->sym].name, v->per, v->per, err);
        if (rc) return rc;
        tperiod *pp = &r->per[ps_frame_index(r->f, v->per) - r->t0];
        if (pp->nx++ == 0) pp->x0 = i;
    }
    for (int k = 0; k < np; k++) {
        tperiod *pp = &r->per[k];
        char per[PS_PERIOD_LABEL_MAX];
        if (pp->nt > 0 && pp->nx == 0) {
            const char *name = r->m->syms[r->g.t[pp->t0].sym].name;
            ps_error_context(err, NULL, name, label(r, r->t0 + k, per));
            return ps_error_set(err, PS_ERR_USAGE,
                                "target '%s' in %s has no instrument in %s: the solve is period "
                                "by period, so each target period needs an instrument of its "
                                "own (add instrument(LEVER, %s))", name, per, per, per);
        }
        if (pp->nt > r->maxm) r->maxm = pp->nt;
        if (pp->nx > r->maxn) r->maxn = pp->nx;
        if (pp->nt > 0 && pp->nt == pp->nx) {
            int rc = swprog_get(r, pp, r->t0 + k, &pp->sw);
            if (rc) return rc;
        }
    }
    return tight_solver(r, ts);
}

static int alloc_work(trun *r) {
    size_t m = (size_t)r->maxm + 1, n = (size_t)r->maxn + 1, q = m > n ? m : n;
    size_t total = 5 * n + 3 * m + m * n + q * q + 2 * q + q * q + q;
    r->xs = ps_malloc(sizeof(double) * total);
    r->freej = ps_malloc(sizeof(int) * n);
    r->stack = ps_malloc(sizeof(double) * (size_t)(r->p->program->max_stack + 1));
    r->rep = ps_calloc(1, sizeof *r->rep);
    if (r->rep) r->rep->t = ps_calloc((size_t)r->g.nt + 1, sizeof *r->rep->t);
    if (r->rep) r->rep->b = ps_calloc((size_t)r->g.nx + 1, sizeof *r->rep->b);
    if (!r->xs || !r->freej || !r->stack || !r->rep || !r->rep->t || !r->rep->b)
        return ps_error_set(r->err, PS_ERR_NOMEM, "out of memory");
    double *w = r->xs;
    w += n;
    r->x0 = w; w += n;
    r->xp = w; w += n;
    r->z = w; w += n;
    r->sv = w; w += n;
    r->gv = w; w += m;
    r->gp = w; w += m;
    r->gm = w; w += m;
    r->jac = w; w += m * n;
    r->a = w; w += q * q;
    r->b = w; w += 2 * q;
    r->vm = w; w += q * q;
    r->work = w;
    return PS_OK;
}

/* The level a target asks for at t, and what a value of its variable gives
** in the target's units (percent growth for growth targets). */
static double target_level(const trun *r, const tpt *v, int t) {
    if (!v->growth) return v->value;
    double prev = ps_frame_get(r->f, r->m->syms[v->sym].slot, t - 1);
    return prev * (1.0 + v->value / 100.0);
}

static double in_units(const trun *r, const tpt *v, int t, double y) {
    if (!v->growth) return y;
    double prev = ps_frame_get(r->f, r->m->syms[v->sym].slot, t - 1);
    return 100.0 * (y / prev - 1.0);
}

static int plain_solve(trun *r, int ta, int tb) {
    ps_solve_diag d;
    int rc = ps_project_solve(r->p, r->f, r->params, ta, tb, &d, r->err);
    if (!rc) ps_scenario_add_diag_(r->diag, &d);
    return rc;
}

/* gaps of the period's targets at instrument values xs (free ones) */
static int eval_gaps(trun *r, const tperiod *pp, int t, int nfree, const double *xs,
                     double *gv) {
    for (int j = 0; j < nfree; j++)
        ps_frame_set(r->f, r->m->syms[r->g.x[pp->x0 + r->freej[j]].sym].slot, t, xs[j]);
    ps_solve_diag d;
    int rc = ps_solver_run(r->gn, r->f, r->params, t, t, &d, r->err);
    if (rc == PS_ERR_SOLVE) rc = plain_solve(r, t, t);   /* 1e-12 out of reach */
    else if (!rc) ps_scenario_add_diag_(r->diag, &d);
    if (rc) return rc;
    for (int i = 0; i < pp->nt; i++) {
        const tpt *v = &r->g.t[pp->t0 + i];
        gv[i] = in_units(r, v, t, ps_frame_get(r->f, r->m->syms[v->sym].slot, t)) - v->value;
    }
    return PS_OK;
}

/* sum_i v_i g_i^2 */
static double wsq(const trun *r, const tperiod *pp, const double *g) {
    double s = 0.0;
    for (int i = 0; i < pp->nt; i++) s += r->g.t[pp->t0 + i].weight * g[i] * g[i];
    return s;
}

/* z = A^+ b, minimum norm, for A m x n (row-major, overwritten). */
static int min_norm_lsq(trun *r, int m, int n, double *A, const double *b, double *z) {
    int tall = m >= n, rows = tall ? m : n, cols = tall ? n : m;
    /* U S V^T of A (tall) or of A^T (wide), in r->a (rows x cols). */
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) r->a[i * cols + j] = tall ? A[i * n + j] : A[j * n + i];
    gsl_matrix_view U = gsl_matrix_view_array(r->a, (size_t)rows, (size_t)cols);
    gsl_matrix_view V = gsl_matrix_view_array(r->vm, (size_t)cols, (size_t)cols);
    gsl_vector_view S = gsl_vector_view_array(r->sv, (size_t)cols);
    gsl_vector_view W = gsl_vector_view_array(r->work, (size_t)cols);
    if (gsl_linalg_SV_decomp(&U.matrix, &V.matrix, &S.vector, &W.vector) != GSL_SUCCESS)
        return ps_error_set(r->err, PS_ERR_SOLVE, "the singular value decomposition of the "
                            "targets' sensitivities failed");
    /* tall: A = U S V^T, z = V S^+ U^T b.  wide: A = V S U^T, z = U S^+ V^T b. */
    double smax = r->sv[0], *c = r->b + rows;
    for (int k = 0; k < cols; k++) {
        double acc = 0.0;
        for (int i = 0; i < (tall ? m : m); i++)
            acc += (tall ? r->a[i * cols + k] : r->vm[i * cols + k]) * b[i];
        c[k] = r->sv[k] > GN_SV_CUTOFF * smax ? acc / r->sv[k] : 0.0;
    }
    for (int j = 0; j < n; j++) {
        double acc = 0.0;
        for (int k = 0; k < cols; k++) acc += (tall ? r->vm[j * cols + k] : r->a[j * cols + k]) * c[k];
        z[j] = acc;
    }
    return PS_OK;
}

/* Gauss-Newton over the free instruments of period t: minimum weighted
** change from x0 among the least-squares solutions of the weighted gaps. */
static int gauss_newton(trun *r, const tperiod *pp, int t, int nfree) {
    int m = pp->nt, n = nfree;
    double *x = r->xs;
    for (int j = 0; j < n; j++)
        x[j] = ps_frame_get(r->f, r->m->syms[r->g.x[pp->x0 + r->freej[j]].sym].slot, t);
    int rc = eval_gaps(r, pp, t, n, x, r->gv);
    if (rc || n == 0) return rc;
    for (int it = 0;; it++) {
        if (it == GN_MAX_ITER) {
            char per[PS_PERIOD_LABEL_MAX];
            ps_error_context(r->err, NULL, r->m->syms[r->g.t[pp->t0].sym].name, label(r, t, per));
            return ps_error_set(r->err, PS_ERR_SOLVE,
                                "the instruments of %s did not settle after %d Gauss-Newton "
                                "steps; try starting the instruments nearer the answer",
                                per, GN_MAX_ITER);
        }
        for (int j = 0; j < n; j++) {      /* central differences, column j */
            const ipt *xi = &r->g.x[pp->x0 + r->freej[j]];
            double xj = x[j], h = GN_FD_REL * (fabs(xj) > 1.0 ? fabs(xj) : 1.0);
            x[j] = xj + h;
            rc = eval_gaps(r, pp, t, n, x, r->gp);
            x[j] = xj - h;
            if (!rc) rc = eval_gaps(r, pp, t, n, x, r->gm);
            x[j] = xj;
            if (rc) return rc;
            for (int i = 0; i < m; i++) {
                double sw = sqrt(r->g.t[pp->t0 + i].weight);
                r->jac[i * n + j] = sw * (r->gp[i] - r->gm[i]) / (2.0 * h) / sqrt(xi->weight);
            }
        }
        /* More instruments than targets: z = D^-1 (x_new - x0), the minimum
        ** norm solution of S (g + J (x_new - x)) = 0, so the answer is the
        ** smallest weighted change from x0.  Otherwise z = D^-1 (x_new - x),
        ** the least-squares step: where the instruments lose their grip (J
        ** rank-deficient, a nonlinear target out of reach) it stays put
        ** instead of jumping back to x0. */
        int wide = m < n;
        double *rhs = r->gp;
        for (int i = 0; i < m; i++) {
            double acc = 0.0;
            for (int j = 0; wide && j < n; j++) {
                double wj = sqrt(r->g.x[pp->x0 + r->freej[j]].weight);
                acc += r->jac[i * n + j] * wj * (x[j] - r->x0[r->freej[j]]);
            }
            rhs[i] = acc - sqrt(r->g.t[pp->t0 + i].weight) * r->gv[i];
        }
        rc = min_norm_lsq(r, m, n, r->jac, rhs, r->z);
        if (rc) return rc;
        int small = 1;
        for (int j = 0; j < n; j++) {
            double wj = sqrt(r->g.x[pp->x0 + r->freej[j]].weight);
            double xn = (wide ? r->x0[r->freej[j]] : x[j]) + r->z[j] / wj;
            if (fabs(xn - x[j]) > GN_STEP_TOL * (1.0 + fabs(xn))) small = 0;
            r->xp[j] = x[j];
            x[j] = xn;
        }
        if (!wide && !small) {
            /* least squares: halve the step until the weighted sum of squared
            ** gaps falls (plain Gauss-Newton may circle a minimum that is not
            ** a root) */
            double f0 = wsq(r, pp, r->gv);
            for (int h = 0;; h++) {
                rc = eval_gaps(r, pp, t, n, x, r->gm);
                if (rc) return rc;
                if (wsq(r, pp, r->gm) < f0) break;
                if (h == GN_MAX_HALVINGS) {
                    small = 1;      /* no descent left: a stationary point */
                    for (int j = 0; j < n; j++) x[j] = r->xp[j];
                    break;
                }
                for (int j = 0; j < n; j++) x[j] = 0.5 * (x[j] + r->xp[j]);
            }
        }
        rc = eval_gaps(r, pp, t, n, x, r->gv);
        if (rc || small) return rc;
    }
}

/* Bounds by active set: solve with the free instruments, fix the worst
** violator at its bound, again until none is violated. */
static int solve_bounded(trun *r, const tperiod *pp, int t, unsigned char *fixed) {
    for (;;) {
        int n = 0;
        for (int j = 0; j < pp->nx; j++)
            if (!fixed[j]) r->freej[n++] = j;
        int rc = gauss_newton(r, pp, t, n);
        if (rc) return rc;
        int worst = -1;
        double wv = 0.0;
        for (int j = 0; j < pp->nx; j++) {
            const ipt *xi = &r->g.x[pp->x0 + j];
            double x = ps_frame_get(r->f, r->m->syms[xi->sym].slot, t);
            double v = x > xi->max ? x - xi->max : x < xi->min ? xi->min - x : 0.0;
            v /= 1.0 + fabs(x > xi->max ? xi->max : xi->min);
            if (v > wv) wv = v, worst = j;
        }
        if (worst < 0) return PS_OK;
        const ipt *xi = &r->g.x[pp->x0 + worst];
        double x = ps_frame_get(r->f, r->m->syms[xi->sym].slot, t);
        ps_frame_set(r->f, r->m->syms[xi->sym].slot, t, x > xi->max ? xi->max : xi->min);
        fixed[worst] = x > xi->max ? 2 : 1;
    }
}

static void gap_phrase(const trun *r, const ps_target_outcome *o, char *buf, size_t n) {
    const char *name = r->m->syms[o->sym].name;
    const char *unit = o->growth ? " pp" : "";
    double a = fabs(o->gap);
    if (o->gap < 0)
        snprintf(buf, n, "%s%s falls %.3g%s short of %g", name, o->growth ? " growth" : "", a,
                 unit, o->value);
    else
        snprintf(buf, n, "%s%s exceeds %g by %.3g%s", name, o->growth ? " growth" : "",
                 o->value, a, unit);
}

/* Outcomes of period t's targets; reached from the solved frame, or (exact
** swapped solve, where the frame holds the target itself) from the target's
** own equation evaluated at the solution. */
static void record(trun *r, const tperiod *pp, int t, const char *method, int exact,
                   const unsigned char *fixed) {
    ps_target_report *rep = r->rep;
    const ps_program *prog = r->p->program;
    char bounds[256] = "", per[PS_PERIOD_LABEL_MAX];
    size_t off = 0;
    label(r, t, per);
    for (int j = 0; fixed && j < pp->nx; j++) {
        if (!fixed[j]) continue;
        const ipt *xi = &r->g.x[pp->x0 + j];
        ps_bound_hit *h = &rep->b[rep->nbound++];
        h->sym = xi->sym;
        h->period = xi->per;
        h->is_max = fixed[j] == 2;
        h->bound = h->is_max ? xi->max : xi->min;
        int k = snprintf(bounds + off, sizeof bounds - off, "%s%s reaches its %s %g in %s",
                         off ? ", " : "", r->m->syms[xi->sym].name, h->is_max ? "max" : "min",
                         h->bound, per);
        if (k > 0 && (size_t)k < sizeof bounds - off) off += (size_t)k;
    }
    for (int i = 0; i < pp->nt; i++) {
        const tpt *v = &r->g.t[pp->t0 + i];
        const ps_symbol *y = &r->m->syms[v->sym];
        double level = ps_frame_get(r->f, y->slot, t);
        if (exact)
            level = ps_vm_eval(prog, prog->eq_g[y->equation], ps_frame_row(r->f, t), r->params,
                               r->stack);
        ps_target_outcome *o = &rep->t[rep->n++];
        o->sym = v->sym;
        o->period = v->per;
        o->growth = v->growth;
        o->value = v->value;
        o->reached = in_units(r, v, t, level);
        o->gap = o->reached - o->value;
        o->met = fabs(o->gap) <= PS_TARGET_MET_TOL * (fabs(o->value) > 1.0 ? fabs(o->value) : 1.0);
        o->method = method;
        o->note[0] = '\0';
        if (o->met) continue;
        if (strcmp(method, "exact") == 0) o->method = "closest";
        char gap[160];
        gap_phrase(r, o, gap, sizeof gap);
        if (off)
            snprintf(o->note, sizeof o->note, "%s; %s", bounds, gap);
        else if (pp->nx < pp->nt)
            snprintf(o->note, sizeof o->note, "%s: %d instrument%s for %d targets in %s, least "
                     "squares", gap, pp->nx, pp->nx == 1 ? "" : "s", pp->nt, per);
        else    /* a nonlinear target out of the instruments' reach */
            snprintf(o->note, sizeof o->note, "%s: the closest the instruments of %s come (no "
                     "values of theirs meet it)", gap, per);
    }
}

/* After the swapped solve (the targets in their columns): does each target's
** own equation hold to PS_TARGET_MET_TOL at the solution?  The solver's test
** scales residuals by the unknowns, here the instruments, so a target much
** smaller than its instrument may need the Gauss-Newton polish. */
static int exact_ok(trun *r, const tperiod *pp, int t) {
    const ps_program *prog = r->p->program;
    for (int i = 0; i < pp->nt; i++) {
        const tpt *v = &r->g.t[pp->t0 + i];
        const ps_symbol *y = &r->m->syms[v->sym];
        double g = ps_vm_eval(prog, prog->eq_g[y->equation], ps_frame_row(r->f, t), r->params,
                              r->stack);
        double gap = in_units(r, v, t, g) - v->value;
        if (!(fabs(gap) <= PS_TARGET_MET_TOL * (fabs(v->value) > 1.0 ? fabs(v->value) : 1.0)))
            return 0;
    }
    return 1;
}

static int any_violation(const trun *r, const tperiod *pp, int t) {
    for (int j = 0; j < pp->nx; j++) {
        const ipt *xi = &r->g.x[pp->x0 + j];
        double x = ps_frame_get(r->f, r->m->syms[xi->sym].slot, t);
        if (x > xi->max || x < xi->min) return 1;
    }
    return 0;
}

/* Prefix a failure inside a target period with what was being solved. */
static int in_targets(trun *r, int t, int rc) {
    if (!r->err || rc == PS_ERR_NOMEM) return rc;
    char msg[PS_ERR_MSG_MAX], per[PS_PERIOD_LABEL_MAX];
    snprintf(msg, sizeof msg, "%s", r->err->message);
    ps_error_set(r->err, rc, "solving for the instruments of %s: %s", label(r, t, per), msg);
    return rc;
}

static int solve_target_period(trun *r, const tperiod *pp, int t) {
    unsigned char fixed[64 + 1];
    ps_error first;
    ps_error_clear(&first);
    if (pp->nx > 64)
        return ps_error_set(r->err, PS_ERR_LIMIT, "more than 64 instruments in one period");
    memset(fixed, 0, sizeof fixed);
    for (int i = 0; i < pp->nt; i++) {  /* growth from a value that is there */
        const tpt *v = &r->g.t[pp->t0 + i];
        double prev = v->growth ? ps_frame_get(r->f, r->m->syms[v->sym].slot, t - 1) : 1.0;
        if (!isfinite(prev) || prev == 0.0) {
            char per[PS_PERIOD_LABEL_MAX], before[PS_PERIOD_LABEL_MAX];
            ps_error_context(r->err, NULL, r->m->syms[v->sym].name, label(r, t, per));
            return ps_error_set(r->err, PS_ERR_DATA, "growth target for '%s' in %s: its value "
                                "in %s is %g, so a growth rate from it is undefined; give a "
                                "level target", r->m->syms[v->sym].name, per,
                                label(r, t - 1, before), prev);
        }
    }
    for (int j = 0; j < pp->nx; j++)     /* the scenario's own values */
        r->x0[j] = ps_frame_get(r->f, r->m->syms[r->g.x[pp->x0 + j].sym].slot, t);
    if (pp->sw >= 0) {
        const swprog *sw = &(*ps_scenario_tspec_(r->s))->sw[pp->sw];
        for (int i = 0; i < pp->nt; i++) {
            const tpt *v = &r->g.t[pp->t0 + i];
            ps_frame_set(r->f, r->m->syms[v->sym].slot, t, target_level(r, v, t));
        }
        ps_solve_diag d;
        int rc = ps_solver_run(sw->s, r->f, r->params, t, t, &d, r->err);
        if (rc && rc != PS_ERR_SOLVE) return in_targets(r, t, rc);
        if (!rc) ps_scenario_add_diag_(r->diag, &d);
        if (!rc && !any_violation(r, pp, t) && exact_ok(r, pp, t)) {
            record(r, pp, t, "exact", 1, NULL);
            return PS_OK;
        }
        /* A bound crossed, a target met too loosely, or no convergence (a
        ** nonlinear target out of reach has no root): Gauss-Newton from the
        ** scenario's values finds the closest point and reports the gap; if
        ** it fails too, the swapped solve's own message is the better one. */
        if (rc) {
            first.code = rc;
            if (r->err) first = *r->err;
        }
        for (int j = 0; j < pp->nx; j++)
            ps_frame_set(r->f, r->m->syms[r->g.x[pp->x0 + j].sym].slot, t, r->x0[j]);
    }
    int rc = solve_bounded(r, pp, t, fixed);
    if (rc && first.code) {
        rc = first.code;
        if (r->err) *r->err = first;
    }
    if (rc) return in_targets(r, t, rc);
    int any = 0;
    for (int j = 0; j < pp->nx; j++) any |= fixed[j];
    record(r, pp, t, any ? "bounded" : pp->nx > pp->nt ? "smallest change" :
                     pp->nx == pp->nt ? "exact" : "least squares", 0, any ? fixed : NULL);
    return PS_OK;
}

static int run_periods(trun *r) {
    int rules = ps_scenario_has_rules(r->s);
    for (int t = r->t0; t <= r->t1;) {
        const tperiod *pp = &r->per[t - r->t0];
        int rc;
        if (!rules && pp->nt == 0) {    /* a stretch without targets: one solve */
            int u = t;
            while (u < r->t1 && r->per[u + 1 - r->t0].nt == 0) u++;
            rc = plain_solve(r, t, u);
            if (rc) return rc;
            t = u + 1;
            continue;
        }
        rc = ps_scenario_rules_(r->s, r->f, t, r->err);
        if (!rc) rc = pp->nt == 0 ? plain_solve(r, t, t) : solve_target_period(r, pp, t);
        if (rc) return rc;
        t++;
    }
    return PS_OK;
}

int ps_target_report_meta(const ps_target_report *rep, const ps_model *m, ps_result *r,
                          ps_error *err) {
    for (int i = 0; rep && i < rep->n; i++) {
        const ps_target_outcome *o = &rep->t[i];
        char key[200], val[PS_ERR_MSG_MAX], lab[PS_PERIOD_LABEL_MAX];
        snprintf(key, sizeof key, "target.%s@%s", m->syms[o->sym].name,
                 ps_period_format(o->period, m->freq, lab, sizeof lab));
        snprintf(val, sizeof val, "value=%.17g%s reached=%.17g gap=%.17g method=%s%s%s",
                 o->value, o->growth ? "%" : "", o->reached, o->gap, o->method,
                 o->met ? "" : " missed: ", o->note);
        if (ps_result_set_meta(r, key, val, err)) return err->code;
    }
    return PS_OK;
}

int ps_targets_solve_(ps_scenario *s, ps_frame *f, const double *params, int t0, int t1,
                      ps_solve_diag *diag, ps_target_report **rep, ps_error *err) {
    trun r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.p = ps_scenario_project(s);
    r.m = r.p->model;
    r.f = f;
    r.params = params;
    r.diag = diag;
    r.err = err;
    r.t0 = t0;
    r.t1 = t1;
    memset(diag, 0, sizeof *diag);
    int rc = plan(&r);
    if (!rc) rc = alloc_work(&r);
    if (!rc) rc = run_periods(&r);
    if (!rc && rep) {
        *rep = r.rep;
        r.rep = NULL;
    }
    ps_target_report_free(r.rep);
    ps_free(r.g.t);
    ps_free(r.g.x);
    ps_free(r.per);
    ps_free(r.xs);
    ps_free(r.freej);
    ps_free(r.stack);
    return rc;
}
