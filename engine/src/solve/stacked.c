/*
** The stacked-time solver (stacked.h): the model split into components along
** its dynamic dependencies, forward-looking ones stacked over the horizon,
** the others solved period by period; terminal conditions; homotopy.
*/
#include "solve/stacked.h"
#include "util/alloc.h"
#include "analyse/leads.h"
#include "solve/steady.h"
#include "solve/stk_int.h"
#include "analyse/expr.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ps_stacked {
    const ps_model *m;
    const ps_analysis *a;
    ps_stacked_opts o;
    stk_ctx c;
    int nsys;
    stk_sys *sys;               /* components in dependency order */
    ps_steady *steady;          /* terminal steady states */
    int *lead;                  /* per symbol: furthest lead (leads.h) */
    int *lag;
    unsigned char *endo;        /* per frame column: 1 = endogenous */
    double *guess;              /* one row: the terminal steady state */
    double *W, *W0, *best;      /* internal frame, its start, last homotopy solution */
    double *base;               /* the frame's period before t0 (homotopy's lambda = 0;
                                   NaN when the frame starts at t0) */
    size_t wcap;
    int hsteps;
};

void ps_stacked_opts_init(ps_stacked_opts *o) {
    o->tol = 1e-10;
    o->max_iter = 50;
    o->max_halvings = 10;
    o->terminal = PS_TERMINAL_STEADY;
    o->extend = 0;
    o->homotopy_steps = 64;
}

static const char *const terminal_names[] = {"steady", "path", "growth"};

int ps_terminal_parse(const char *s) {
    for (int k = 0; k < 3; k++)
        if (s && strcmp(s, terminal_names[k]) == 0) return k;
    return -1;
}

const char *ps_terminal_name(ps_terminal t) {
    return (unsigned)t < 3 ? terminal_names[t] : "?";
}

/* ---- splitting the model ---- */

/* Per equation, the pairs it reads: start[e]..start[e+1] (in pairs). */
typedef struct incidence {
    int *start;
    int *sym, *lag;
} incidence;

static int incidence_build(const ps_model *m, const ps_analysis *a, incidence *I) {
    I->start = ps_calloc((size_t)m->neq + 1, sizeof(int));
    stk_pairs all = {NULL, 0, 0};
    int rc = I->start ? PS_OK : PS_ERR_NOMEM;
    for (int e = 0; rc == PS_OK && e < m->neq; e++) {
        stk_pairs one = {NULL, 0, 0};
        rc = stk_collect(m, a->normal[e], &one);
        for (size_t k = 0; rc == PS_OK && k < one.n; k++) {
            if (all.n + 1 > all.cap) {
                size_t cap = all.cap ? 2 * all.cap : 64;
                int *v = ps_realloc(all.v, cap * sizeof *v);
                if (!v) rc = PS_ERR_NOMEM;
                else all.v = v, all.cap = cap;
            }
            if (rc == PS_OK) all.v[all.n++] = one.v[k];
        }
        ps_free(one.v);
        I->start[e + 1] = (int)(all.n / 2);
    }
    size_t np = all.n / 2;
    I->sym = ps_malloc((np + 1) * sizeof(int));
    I->lag = ps_malloc((np + 1) * sizeof(int));
    if (!I->sym || !I->lag) rc = PS_ERR_NOMEM;
    for (size_t k = 0; rc == PS_OK && k < np; k++) {
        I->sym[k] = all.v[2 * k];
        I->lag[k] = all.v[2 * k + 1];
    }
    ps_free(all.v);
    return rc;
}

static void incidence_free(incidence *I) {
    ps_free(I->start);
    ps_free(I->sym);
    ps_free(I->lag);
}

/* Compile component s (its equations s->eq, local index local[e]): stacked
** when it reads a lead of its own variables; its entries are then every
** lag and lead of its own variables, else only lag 0 (lags are data in a
** period-by-period solve). */
static int compile_component(ps_stacked *S, stk_sys *s, const incidence *I, const int *comp,
                             const int *local, ps_arena *ar, ps_error *err) {
    const ps_model *m = S->m;
    int n = s->n, rc = PS_OK;
    stk_entries E = {NULL, NULL, NULL, NULL, 0, 0};
    const ps_expr **g = ps_malloc(sizeof *g * (size_t)(n + 1));
    if (!g) rc = PS_ERR_NOMEM;
    int me = n ? comp[s->eq[0]] : 0;
    for (int i = 0; rc == PS_OK && i < n; i++) {
        int e = s->eq[i];
        g[i] = S->a->normal[e];
        for (int k = I->start[e]; k < I->start[e + 1]; k++) {
            int q = m->syms[I->sym[k]].equation, lag = I->lag[k];
            if (comp[q] == me && lag > 0) {
                s->stacked = 1;
                if (lag > s->lead) s->lead = lag;
            }
        }
    }
    for (int i = 0; rc == PS_OK && i < n; i++) {
        int e = s->eq[i];
        for (int k = I->start[e]; rc == PS_OK && k < I->start[e + 1]; k++) {
            int q = m->syms[I->sym[k]].equation, lag = I->lag[k];
            if (comp[q] != me || (!s->stacked && lag != 0)) continue;
            ps_expr *de = ps_expr_derive(ar, g[i], I->sym[k], lag);
            if (!de) rc = PS_ERR_NOMEM;
            else if (!ps_x_is(de, 0.0)) rc = stk_entries_push(&E, i, local[q], lag, de);
        }
    }
    if (rc == PS_OK)
        rc = stk_sys_compile(&S->c, s, g, E.n, E.row, E.col, E.lag, E.d, err);
    else
        ps_error_set(err, rc, "out of memory analysing the forward-looking equations");
    stk_entries_free(&E);
    ps_free(g);
    return rc;
}

/* Dynamic dependency graph (any lag or lead), its components in order. */
static int split(ps_stacked *S, ps_error *err) {
    const ps_model *m = S->m;
    incidence I = {NULL, NULL, NULL};
    int rc = incidence_build(m, S->a, &I);
    int neq = m->neq, *adj = NULL, *comp = NULL, *local = NULL, *order = NULL;
    ps_arena *ar = ps_arena_new();
    if (rc == PS_OK) {
        int np = I.start[neq];
        adj = ps_malloc(sizeof(int) * (size_t)(np + 1));
        comp = ps_malloc(sizeof(int) * (size_t)(neq + 1));
        local = ps_malloc(sizeof(int) * (size_t)(neq + 1));
        order = ps_malloc(sizeof(int) * (size_t)(neq + 1));
        if (!adj || !comp || !local || !order || !ar) rc = PS_ERR_NOMEM;
        for (int k = 0; rc == PS_OK && k < np; k++) adj[k] = m->syms[I.sym[k]].equation;
    }
    int ncomp = rc == PS_OK ? ps_tarjan(neq, I.start, adj, comp) : -1;
    if (rc == PS_OK && ncomp < 0) rc = PS_ERR_NOMEM;
    if (rc == PS_OK) {
        S->sys = ps_calloc((size_t)ncomp + 1, sizeof *S->sys);
        if (!S->sys) rc = PS_ERR_NOMEM;
    }
    if (rc != PS_OK) ps_error_set(err, rc, "out of memory splitting the model");
    if (rc == PS_OK) {
        /* components numbered dependencies first (ps_tarjan) */
        int *cnt = ps_calloc((size_t)ncomp + 1, sizeof(int));
        if (!cnt) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory splitting the model");
        for (int e = 0; rc == PS_OK && e < neq; e++) cnt[comp[e] + 1]++;
        for (int k = 0; rc == PS_OK && k < ncomp; k++) cnt[k + 1] += cnt[k];
        for (int e = 0; rc == PS_OK && e < neq; e++) {
            int at = cnt[comp[e]] + S->sys[comp[e]].n++;
            order[at] = e;
            local[e] = S->sys[comp[e]].n - 1;
        }
        S->nsys = rc == PS_OK ? ncomp : 0;
        for (int k = 0; rc == PS_OK && k < ncomp; k++) {
            S->sys[k].eq = order + cnt[k];      /* borrowed until compiled (copied) */
            rc = compile_component(S, &S->sys[k], &I, comp, local, ar, err);
        }
        for (int k = rc == PS_OK ? ncomp : 0; k < ncomp; k++)
            if (S->sys[k].eq >= order && S->sys[k].eq < order + neq) S->sys[k].eq = NULL;
        ps_free(cnt);
    }
    incidence_free(&I);
    ps_free(adj);
    ps_free(comp);
    ps_free(local);
    ps_free(order);
    ps_arena_free(ar);
    return rc;
}

static int check_opts(const ps_stacked_opts *o, ps_error *err) {
    if (!(o->tol > 0) || o->max_iter < 1 || o->max_halvings < 0 || o->extend < 0 ||
        o->homotopy_steps < 0 || (unsigned)o->terminal > PS_TERMINAL_GROWTH)
        return ps_error_set(err, PS_ERR_USAGE, "stacked solver options: tol must be positive, "
                            "max_iter at least 1, max_halvings, extend and homotopy_steps at "
                            "least 0, terminal steady, path or growth");
    return PS_OK;
}

int ps_stacked_set_opts(ps_stacked *S, const ps_stacked_opts *o, ps_error *err) {
    if (!S || !o) return ps_error_set(err, PS_ERR_USAGE, "ps_stacked_set_opts: NULL argument");
    int rc = check_opts(o, err);
    if (rc == PS_OK) S->o = *o;
    return rc;
}

int ps_stacked_new(const ps_model *m, const ps_analysis *a, const ps_stacked_opts *o,
                     ps_stacked **out, ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_stacked_new: out must not be NULL");
    *out = NULL;
    if (!m || !a || a->neq != m->neq)
        return ps_error_set(err, PS_ERR_USAGE, "ps_stacked_new: a model and its analysis "
                            "are required");
    gsl_set_error_handler_off();
    ps_stacked *S = ps_calloc(1, sizeof *S);
    if (!S) return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating the solver");
    S->m = m;
    S->a = a;
    ps_stacked_opts_init(&S->o);
    if (o) S->o = *o;
    int rc = check_opts(&S->o, err);
    if (rc == PS_OK) {
        S->lead = ps_malloc(sizeof(int) * (size_t)(m->nsym + 1));
        S->lag = ps_malloc(sizeof(int) * (size_t)(m->nsym + 1));
        S->endo = ps_calloc((size_t)m->nseries + 1, 1);
        S->guess = ps_malloc(sizeof(double) * ((size_t)m->nseries + 1));
        if (!S->lead || !S->lag || !S->endo || !S->guess)
            rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating the solver");
    }
    if (rc == PS_OK) {
        ps_model_lead_lag(m, S->lag, S->lead);
        for (int k = 0; k < m->nsym; k++)
            if (m->syms[k].kind == PS_SYM_ENDO) S->endo[m->syms[k].slot] = 1;
        rc = stk_ctx_init(&S->c, m, err);
    }
    if (rc == PS_OK) rc = split(S, err);
    if (rc == PS_OK) rc = stk_ctx_finish(&S->c, err);
    if (rc == PS_OK) rc = ps_steady_new(m, a, &S->steady, err);
    if (rc != PS_OK) {
        ps_stacked_free(S);
        return rc;
    }
    *out = S;
    return PS_OK;
}

void ps_stacked_free(ps_stacked *S) {
    if (!S) return;
    for (int k = 0; k < S->nsys; k++) stk_sys_free(&S->c, &S->sys[k]);
    ps_free(S->sys);
    stk_ctx_free(&S->c);
    ps_steady_free(S->steady);
    ps_free(S->lead);
    ps_free(S->lag);
    ps_free(S->endo);
    ps_free(S->guess);
    ps_free(S->W);
    ps_free(S);
}

int ps_stacked_homotopy_steps(const ps_stacked *S) {
    return S ? S->hsteps : 0;
}

void ps_stacked_shape(const ps_stacked *S, int *ncomp, int *nstacked, int *largest) {
    *ncomp = *nstacked = *largest = 0;
    if (!S) return;
    *ncomp = S->nsys;
    for (int k = 0; k < S->nsys; k++)
        if (S->sys[k].stacked) {
            (*nstacked)++;
            if (S->sys[k].n > *largest) *largest = S->sys[k].n;
        }
}

/* ---- one attempt: terminal condition, then every component ---- */

typedef struct run_ctx {
    const double *params;
    int ws, H, rows;            /* window start row in W, periods, rows of W */
    long ord0;                  /* ordinal of W's row 0 */
    ps_freq freq;
    ps_solve_diag *diag;
} run_ctx;

static double *wrow(ps_stacked *S, int r) {
    return S->W + (size_t)r * (size_t)S->m->nseries;
}

static int terminal_steady(ps_stacked *S, const run_ctx *R, ps_error *err) {
    const ps_model *m = S->m;
    int nv = m->nseries, te = R->ws + R->H;
    if (te >= R->rows) return PS_OK;
    double *row = wrow(S, te), *guess = S->guess;
    /* the guess: the terminal row's values, else the window's last starting
    ** values (given in the data, as an imported Dynare file's), else the
    ** row before the window */
    memcpy(guess, row, sizeof(double) * (size_t)nv);
    for (int v = 0; v < nv; v++) {
        if (!S->endo[v] || isfinite(guess[v])) continue;
        guess[v] = wrow(S, te - 1)[v];
        if (!isfinite(guess[v])) guess[v] = wrow(S, R->ws - (R->ws > 0))[v];
    }
    ps_steady_report rep;
    ps_error local;
    ps_error_clear(&local);
    int rc = ps_steady_solve(S->steady, guess, R->params, S->o.tol, S->o.max_iter, &rep, &local);
    if (rc != PS_OK) {
        char per[PS_PERIOD_LABEL_MAX];
        ps_period_format(R->ord0 + te, R->freq, per, sizeof per);
        if (err) *err = local;
        ps_error_set(err, rc, "the terminal steady state (at the exogenous values of %s) "
                     "cannot be found: %s; give the terminal values instead (terminal = "
                     "path) or use constant growth (terminal = growth)", per, local.message);
        return rc;
    }
    for (int r = te; r < R->rows; r++)
        for (int v = 0; v < nv; v++)
            if (S->endo[v]) wrow(S, r)[v] = guess[v];
    return PS_OK;
}

static int terminal_path(ps_stacked *S, const run_ctx *R, ps_error *err) {
    const ps_model *m = S->m;
    for (int k = 0; k < m->nsym; k++) {
        if (m->syms[k].kind != PS_SYM_ENDO || S->lead[k] == 0) continue;
        for (int r = R->ws + R->H; r < R->ws + R->H + S->lead[k] && r < R->rows; r++)
            if (!isfinite(wrow(S, r)[m->syms[k].slot])) {
                char per[PS_PERIOD_LABEL_MAX];
                ps_period_format(R->ord0 + r, R->freq, per, sizeof per);
                ps_error_context(err, NULL, m->syms[k].name, per);
                return ps_error_set(err, PS_ERR_DATA, "the terminal path has no value of %s "
                                    "in %s: with terminal = path the data must hold every "
                                    "variable read with a lead for %d period(s) after the "
                                    "last one solved; give them, or use terminal = steady "
                                    "or growth", m->syms[k].name, per, S->lead[k]);
            }
    }
    return PS_OK;
}

/* Constant growth (or change) of the variables of s from row `from` on. */
static void extrapolate(ps_stacked *S, const stk_sys *s, const run_ctx *R, int from) {
    int nv = S->m->nseries;
    for (int i = 0; i < s->n; i++) {
        int c = s->col[i];
        int ratio = wrow(S, R->ws > 0 ? R->ws - 1 : R->ws)[c] > 0;      /* as stk_sys.c */
        for (int r = from; r < R->rows; r++) {
            if (r < 2) continue;
            double y1 = S->W[(size_t)(r - 1) * nv + c], y2 = S->W[(size_t)(r - 2) * nv + c];
            S->W[(size_t)r * nv + c] = ratio ? y1 * y1 / y2 : 2 * y1 - y2;
        }
    }
}

/* Does any endogenous variable appear with a lead?  (A lead of an exogenous
** variable only reads data: no terminal condition is needed then.) */
static int needs_terminal(const ps_stacked *S) {
    for (int k = 0; k < S->m->nsym; k++)
        if (S->m->syms[k].kind == PS_SYM_ENDO && S->lead[k] > 0) return 1;
    return 0;
}

static int attempt(ps_stacked *S, const run_ctx *R, ps_error *err) {
    int rc = PS_OK, need = needs_terminal(S);
    if (need && S->o.terminal == PS_TERMINAL_STEADY) rc = terminal_steady(S, R, err);
    if (need && S->o.terminal == PS_TERMINAL_PATH) rc = terminal_path(S, R, err);
    if (rc != PS_OK) return rc;
    int growth = S->o.terminal == PS_TERMINAL_GROWTH;
    for (int k = 0; k < S->nsys; k++) stk_sys_new_run(&S->sys[k]);
    stk_solve_opts so = {S->o.tol, S->o.max_iter, S->o.max_halvings};
    for (int k = 0; k < S->nsys; k++) {
        stk_sys *s = &S->sys[k];
        stk_stats st = {0, 0, 0};
        if (s->stacked) {
            stk_where wh = {R->ord0 + R->ws, R->freq, 0};
            rc = stk_sys_solve(&S->c, s, S->W, R->ws, R->H, growth, R->params, &so, &wh, &st,
                               err);
            R->diag->blocks_solved++;
            R->diag->sparse_blocks++;
        } else {
            for (int p = 0; rc == PS_OK && p < R->H; p++) {
                stk_where wh = {R->ord0 + R->ws + p, R->freq, 0};
                rc = stk_sys_solve(&S->c, s, S->W, R->ws + p, 1, 0, R->params, &so, &wh, &st,
                                   err);
                R->diag->blocks_solved++;
            }
        }
        R->diag->newton_iterations += st.iterations;
        R->diag->pivot_searches += st.pivot_searches;
        if (st.max_residual > R->diag->max_residual) R->diag->max_residual = st.max_residual;
        if (rc != PS_OK) return rc;
        if (growth) extrapolate(S, s, R, R->ws + R->H + (s->stacked ? s->lead : 0));
    }
    return PS_OK;
}

/* ---- homotopy on the shock size ---- */

/* W = W0 with the exogenous inputs of rows ws.. moved to base + lam (full -
** base), base being the frame's period before t0 (inputs without a value
** there are not scaled); the endogenous values from `guess`. */
static void blend(ps_stacked *S, const run_ctx *R, double lam, const double *guess) {
    int nv = S->m->nseries;
    size_t bytes = sizeof(double) * (size_t)nv * (size_t)R->rows;
    memcpy(S->W, guess, bytes);
    const double *base = S->base;
    for (int r = R->ws; r < R->rows; r++)
        for (int v = 0; v < nv; v++) {
            if (S->endo[v]) continue;
            double full = S->W0[(size_t)r * nv + v], b = base[v];
            S->W[(size_t)r * nv + v] = isfinite(b) && isfinite(full) ? b + lam * (full - b) : full;
        }
}

static int homotopy(ps_stacked *S, const run_ctx *R, ps_error *err) {
    size_t bytes = sizeof(double) * (size_t)S->m->nseries * (size_t)R->rows;
    blend(S, R, 0.0, S->W0);
    ps_error scratch;
    int used = 1;
    if (attempt(S, R, &scratch) != PS_OK) return -1;
    memcpy(S->best, S->W, bytes);
    double lam = 0, step = 0.5;
    while (lam < 1 && used < S->o.homotopy_steps) {
        double next = lam + step > 1 ? 1 : lam + step;
        blend(S, R, next, S->best);
        used++;
        int rc = attempt(S, R, next == 1 ? err : &scratch);
        if (rc == PS_OK) {
            memcpy(S->best, S->W, bytes);
            lam = next;
            step *= 2;
        } else if (rc == PS_ERR_NOMEM) {
            return rc;
        } else {
            step /= 2;
            if (step < 1e-6) break;
        }
    }
    S->hsteps = used;
    return lam >= 1 ? PS_OK : -1;
}

/* ---- the run ---- */

static int prepare(ps_stacked *S, const ps_frame *f, int t0, int t1, run_ctx *R,
                   ps_error *err) {
    const ps_model *m = S->m;
    int nv = m->nseries, L = m->maxlag, F = m->maxlead;
    int T = t1 + S->o.extend;
    R->ws = L;
    R->H = T - t0 + 1;
    R->rows = L + R->H + F;
    R->ord0 = f->start + t0 - L;
    R->freq = f->freq;
    if (S->o.terminal == PS_TERMINAL_GROWTH && R->ws + R->H < 2)
        return ps_error_set(err, PS_ERR_USAGE, "terminal = growth needs at least two periods "
                            "before the terminal ones (the horizon and its lags)");
    size_t need = (size_t)nv * (size_t)R->rows;
    if (need > S->wcap) {
        ps_free(S->W);
        S->W = ps_malloc(sizeof(double) * (3 * need + (size_t)nv + 1));
        if (!S->W) {
            S->wcap = 0;
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory for the stacked horizon "
                                "(%d periods)", R->H);
        }
        S->wcap = need;
    }
    S->W0 = S->W + need;
    S->best = S->W0 + need;
    S->base = S->best + need;
    for (int v = 0; v < nv; v++)
        S->base[v] = t0 > 0 ? f->data[(size_t)(t0 - 1) * nv + v] : NAN;
    for (int r = 0; r < R->rows; r++) {
        int t = t0 - L + r;
        double *row = wrow(S, r);
        if (t < f->nper) {
            memcpy(row, f->data + (size_t)t * nv, sizeof(double) * (size_t)nv);
        } else {                /* past the frame: exogenous held, endogenous unknown */
            memcpy(row, row - nv, sizeof(double) * (size_t)nv);
            for (int v = 0; v < nv; v++)
                if (S->endo[v]) row[v] = NAN;
        }
    }
    memcpy(S->W0, S->W, sizeof(double) * need);
    return PS_OK;
}

int ps_stacked_run(ps_stacked *S, ps_frame *f, const double *params, int t0, int t1,
                   ps_solve_diag *diag, ps_error *err) {
    if (!S || !f || !params)
        return ps_error_set(err, PS_ERR_USAGE, "ps_stacked_run: solver, frame and parameters "
                            "are required");
    const ps_model *m = S->m;
    if (f->nvar != m->nseries || t0 < m->maxlag || t1 >= f->nper || t0 > t1)
        return ps_error_set(err, PS_ERR_USAGE, "periods %d..%d cannot be solved in a frame "
                            "of %d periods and %d columns (model '%s': %d series, maximum "
                            "lag %d)", t0, t1, f->nper, f->nvar, m->name, m->nseries,
                            m->maxlag);
    ps_solve_diag dd;
    if (!diag) diag = &dd;
    memset(diag, 0, sizeof *diag);
    run_ctx R;
    memset(&R, 0, sizeof R);
    R.params = params;
    R.diag = diag;
    int rc = prepare(S, f, t0, t1, &R, err);
    if (rc != PS_OK) return rc;
    S->hsteps = 0;
    rc = attempt(S, &R, err);
    if ((rc == PS_ERR_SOLVE || rc == PS_ERR_DOMAIN) && S->o.homotopy_steps > 0) {
        ps_error first;
        if (err) first = *err;
        int hr = homotopy(S, &R, err);
        if (hr == PS_OK) rc = PS_OK;
        else if (hr == PS_ERR_NOMEM) rc = ps_error_set(err, hr, "out of memory");
        else if (err) {
            /* keep the first failure: it names the culprit of the real problem */
            static const char tail[] = " (homotopy on the shock size did not help either)";
            *err = first;
            size_t len = strlen(err->message);
            if (len + sizeof tail <= sizeof err->message)
                memcpy(err->message + len, tail, sizeof tail);
        }
    }
    if (rc != PS_OK) return rc;
    for (int t = t0; t <= t1; t++)
        memcpy(f->data + (size_t)t * m->nseries, wrow(S, R.ws + t - t0),
               sizeof(double) * (size_t)m->nseries);
    diag->periods = t1 - t0 + 1;
    return PS_OK;
}
