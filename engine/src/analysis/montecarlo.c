/*
** Monte Carlo runs (montecarlo.h): the plan made once from the scenario and
** the options, the per-thread workspaces, and the draw loop.
**
** Everything a draw touches is resolved and allocated here before the loop:
** frame slots of the drawn and recorded series, period indexes, the centred
** matrix of historical add-factors.  A draw then only copies numbers, draws
** from its own Philox stream and calls the solver on its thread's workspace.
*/
#include "analysis/montecarlo.h"
#include "util/alloc.h"
#include "analysis/dist.h"
#include "analysis/mc_int.h"
#include "scenario/targets.h"
#include "analysis/philox.h"

#include <math.h>
#include <gsl/gsl_randist.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Draws a worker claims at a time: large enough that the shared counter is
** rarely touched, small enough that threads finish together. */
#define CHUNK 64

typedef struct plan {
    const ps_project *p;
    const ps_frame *base;       /* the scenario's prepared inputs */
    int t0, t1;
    const double *base_params;
    int nparam;
    const ps_mc_opts *o;
    int *param_slot;            /* [o->nparams] */
    ps_dist_prep *param_dist;
    int *exo_slot, *exo_t0, *exo_t1;    /* [o->nexo] */
    ps_dist_prep *exo_dist;
    int neq;                    /* residual shocks: equations, their add-factor slots, */
    int *af_slot;
    int nyears;                 /* history years, and the centred add-factors */
    double *resid;              /* [year * neq + e] */
    double resid_scale;         /* 1 / sqrt(nyears - 1) for normal shocks */
    int *rec_slot;              /* [mc->nrec] */
    ps_mc *mc;
    atomic_long next;           /* first draw not yet claimed */
} plan;

typedef struct workspace {
    plan *pl;
    ps_frame *f;
    ps_solver *solver;
    double *params;
    double *z;                  /* [nyears] normal residual draws */
    gsl_rng *rng;
    ps_error err;               /* the current draw's failure */
    ps_error first_error;       /* this thread's lowest failing draw */
    long first_failed, nfailed;
} workspace;

void ps_mc_opts_init(ps_mc_opts *o) {
    memset(o, 0, sizeof *o);
    o->draws = 1000;
    o->seed = 1;
    o->threads = 1;
}

void ps_mc_free(ps_mc *mc) {
    if (!mc) return;
    for (int k = 0; k < mc->nrec; k++) {
        ps_free(mc->rec[k].name);
        ps_free(mc->rec[k].unit);
        ps_free(mc->rec[k].description);
        ps_free(mc->rec[k].label_zh);
        ps_free(mc->rec[k].unit_zh);
    }
    for (int i = 0; i < mc->ninputs; i++) {
        ps_free(mc->inputs[i].name);
        ps_free((double *)mc->inputs[i].dist.values);
    }
    ps_free(mc->inputs);
    ps_free(mc->keep);
    ps_free(mc->rec);
    ps_free(mc->vals);
    ps_free(mc->failed);
    ps_free(mc->res_years);
    ps_free(mc->model_name);
    ps_free(mc->scenario_name);
    ps_free(mc);
}

static void plan_free(plan *pl) {
    ps_free(pl->param_slot);
    ps_free(pl->param_dist);
    ps_free(pl->exo_dist);
    ps_free(pl->exo_slot);
    ps_free(pl->exo_t0);
    ps_free(pl->exo_t1);
    ps_free(pl->af_slot);
    ps_free(pl->resid);
    ps_free(pl->rec_slot);
    ps_free((double *)pl->base_params);
    ps_frame_free((ps_frame *)pl->base);
}

/* ---- checking the options ---- */

static int check_counts(const ps_mc_opts *o, ps_error *err) {
    if (o->draws < 1 || o->draws > PS_MC_MAX_DRAWS)
        return ps_error_set(err, PS_ERR_USAGE, "draws must be between 1 and %ld, got %ld",
                            PS_MC_MAX_DRAWS, o->draws);
    if (o->threads < 1 || o->threads > PS_MC_MAX_THREADS)
        return ps_error_set(err, PS_ERR_USAGE, "threads must be between 1 and %d, got %d",
                            PS_MC_MAX_THREADS, o->threads);
    if (o->nparams < 0 || o->nexo < 0 || o->nrecord < 0 || o->nkeep < 0 ||
        (o->nparams && !o->params) || (o->nexo && !o->exo) || (o->nrecord && !o->record) ||
        (o->nkeep && !o->keep))
        return ps_error_set(err, PS_ERR_USAGE, "Monte Carlo options: a list is NULL or has a "
                            "negative length");
    if (o->residuals < PS_MC_RESID_NONE || o->residuals > PS_MC_RESID_NORMAL)
        return ps_error_set(err, PS_ERR_USAGE, "unknown residual mode %d", (int)o->residuals);
    return PS_OK;
}

static const ps_symbol *sym_of(const ps_model *m, int sym) {
    return sym >= 0 && sym < m->nsym ? &m->syms[sym] : NULL;
}

static int check_params(plan *pl, ps_error *err) {
    const ps_model *m = pl->p->model;
    const ps_mc_opts *o = pl->o;
    pl->param_slot = ps_malloc(sizeof(int) * (size_t)(o->nparams + 1));
    pl->param_dist = ps_malloc(sizeof(ps_dist_prep) * (size_t)(o->nparams + 1));
    if (!pl->param_slot || !pl->param_dist)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < o->nparams; i++) {
        const ps_symbol *y = sym_of(m, o->params[i].sym);
        if (!y || y->kind != PS_SYM_PARAM)
            return ps_error_set(err, PS_ERR_USAGE, "'%s' is not a parameter of model '%s'%s",
                                y ? y->name : "?", m->name,
                                y && y->kind != PS_SYM_PARAM
                                    ? ": draw series under exogenous, not params" : "");
        for (int j = 0; j < i; j++)
            if (o->params[j].sym == o->params[i].sym)
                return ps_error_set(err, PS_ERR_USAGE, "parameter '%s' is drawn twice", y->name);
        char what[160];
        snprintf(what, sizeof what, "parameter '%s'", y->name);
        int rc = ps_dist_check(&o->params[i].dist, what, err);
        if (rc) return rc;
        pl->param_slot[i] = y->slot;
        ps_dist_prepare(&o->params[i].dist, &pl->param_dist[i]);
    }
    return PS_OK;
}

static int check_exo_one(plan *pl, int i, ps_error *err) {
    const ps_model *m = pl->p->model;
    const ps_mc_exo *x = &pl->o->exo[i];
    const ps_symbol *y = sym_of(m, x->sym);
    if (!y) return ps_error_set(err, PS_ERR_USAGE, "no such variable (index %d)", x->sym);
    if (y->kind == PS_SYM_ENDO)
        return ps_error_set(err, PS_ERR_USAGE,
                            "'%s' is endogenous (determined by equation [%s]): draw an "
                            "exogenous input, or its add-factor %s_a", y->name,
                            m->eqs[y->equation].label, y->name);
    if (y->kind == PS_SYM_PARAM)
        return ps_error_set(err, PS_ERR_USAGE, "'%s' is a parameter: draw it under params",
                            y->name);
    char what[160];
    snprintf(what, sizeof what, "exogenous '%s'", y->name);
    int rc = ps_dist_check(&x->dist, what, err);
    if (rc) return rc;
    if (x->mode == PS_MC_SHIFT && !(fabs(x->rho) <= 1))
        return ps_error_set(err, PS_ERR_USAGE, "%s: rho must lie in [-1, 1], got %g", what,
                            x->rho);
    const ps_frame *f = pl->base;
    long h0 = f->start + pl->t0, h1 = f->start + pl->t1;
    if (x->from > x->to || x->from < h0 || x->to > h1) {
        char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX], c[PS_PERIOD_LABEL_MAX],
            d[PS_PERIOD_LABEL_MAX];
        return ps_error_set(err, PS_ERR_USAGE, "%s: periods %s..%s must lie within the "
                            "scenario's horizon %s..%s", what,
                            ps_period_format(x->from, f->freq, a, sizeof a),
                            ps_period_format(x->to, f->freq, b, sizeof b),
                            ps_period_format(h0, f->freq, c, sizeof c),
                            ps_period_format(h1, f->freq, d, sizeof d));
    }
    for (int j = 0; j < i; j++)
        if (pl->o->exo[j].sym == x->sym)
            return ps_error_set(err, PS_ERR_USAGE, "exogenous '%s' is drawn twice", y->name);
    pl->exo_slot[i] = y->slot;
    ps_dist_prepare(&x->dist, &pl->exo_dist[i]);
    pl->exo_t0[i] = (int)(x->from - f->start);
    pl->exo_t1[i] = (int)(x->to - f->start);
    return PS_OK;
}

static int check_exo(plan *pl, ps_error *err) {
    size_t n = (size_t)pl->o->nexo + 1;
    pl->exo_slot = ps_malloc(sizeof(int) * n);
    pl->exo_t0 = ps_malloc(sizeof(int) * n);
    pl->exo_t1 = ps_malloc(sizeof(int) * n);
    pl->exo_dist = ps_malloc(sizeof(ps_dist_prep) * n);
    if (!pl->exo_slot || !pl->exo_t0 || !pl->exo_t1 || !pl->exo_dist)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < pl->o->nexo; i++) {
        int rc = check_exo_one(pl, i, err);
        if (rc) return rc;
    }
    return PS_OK;
}

/* ---- residual shocks: the historical add-factors ---- */

/* Equations whose add-factor has any value over the history take part;
** a year is used when every one of them has a value in it. */
static int residual_years(plan *pl, const ps_frame *h, ps_error *err) {
    const ps_model *m = pl->p->model;
    pl->af_slot = ps_malloc(sizeof(int) * (size_t)(m->neq + 1));
    if (!pl->af_slot) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int e = 0; e < m->neq; e++) {
        if (m->eqs[e].addfactor < 0) continue;
        int slot = m->syms[m->eqs[e].addfactor].slot;
        for (int t = 0; t < h->nper; t++)
            if (isfinite(ps_frame_get(h, slot, t))) {
                pl->af_slot[pl->neq++] = slot;
                break;
            }
    }
    ps_mc *mc = pl->mc;
    mc->res_years = ps_malloc(sizeof(long) * (size_t)(h->nper + 1));
    if (!mc->res_years) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int t = 0; t < h->nper && pl->neq; t++) {
        int all = 1;
        for (int e = 0; e < pl->neq && all; e++) all = isfinite(ps_frame_get(h, pl->af_slot[e], t));
        if (all) mc->res_years[mc->nres_years++] = h->start + t;
    }
    pl->nyears = mc->nres_years;
    mc->nres_eq = pl->neq;
    if (pl->neq == 0)
        return ps_error_set(err, PS_ERR_DATA, "residual shocks: model '%s' has no behavioural "
                            "equation with add-factors over its history", m->name);
    if (pl->nyears < 2)
        return ps_error_set(err, PS_ERR_DATA, "residual shocks need at least 2 history years "
                            "in which every behavioural equation's add-factor is known; model "
                            "'%s' has %d", m->name, pl->nyears);
    return PS_OK;
}

static int prepare_residuals(plan *pl, ps_error *err) {
    if (pl->o->residuals == PS_MC_RESID_NONE) return PS_OK;
    const ps_frame *h = pl->p->history_af;
    if (!h)
        return ps_error_set(err, PS_ERR_DATA, "residual shocks: model '%s' has no history "
                            "(history.csv) to take its add-factors from",
                            pl->p->model->name);
    int rc = residual_years(pl, h, err);
    if (rc) return rc;
    int n = pl->nyears, q = pl->neq;
    pl->resid = ps_malloc(sizeof(double) * (size_t)n * (size_t)q);
    if (!pl->resid) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    /* Centred: the projection's own add-factors stay the central path, and
    ** the shocks add only the spread the history shows. */
    for (int e = 0; e < q; e++) {
        double mean = 0;
        for (int y = 0; y < n; y++) {
            int t = (int)(pl->mc->res_years[y] - h->start);
            pl->resid[y * q + e] = ps_frame_get(h, pl->af_slot[e], t);
            mean += pl->resid[y * q + e];
        }
        mean /= n;
        for (int y = 0; y < n; y++) pl->resid[y * q + e] -= mean;
    }
    pl->resid_scale = 1.0 / sqrt((double)(n - 1));
    return PS_OK;
}

/* ---- the recorded series ---- */

static int add_rec(plan *pl, int sym, ps_error *err) {
    ps_mc *mc = pl->mc;
    for (int k = 0; k < mc->nrec; k++)
        if (mc->rec[k].sym == sym) return PS_OK;
    const ps_symbol *y = &pl->p->model->syms[sym];
    mc_rec *r = &mc->rec[mc->nrec];
    r->sym = sym;
    r->name = ps_strdup(y->name);
    r->unit = ps_strdup(y->unit);
    r->description = ps_strdup(y->description);
    r->label_zh = ps_strdup(y->label_zh ? y->label_zh : "");
    r->unit_zh = ps_strdup(y->unit_zh ? y->unit_zh : "");
    r->prev = pl->t0 > 0 ? ps_frame_get(pl->base, y->slot, pl->t0 - 1) : NAN;
    pl->rec_slot[mc->nrec++] = y->slot;
    if (!r->name || !r->unit || !r->description || !r->label_zh || !r->unit_zh)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    return PS_OK;
}

static int prepare_record(plan *pl, ps_error *err) {
    const ps_model *m = pl->p->model;
    const ps_mc_opts *o = pl->o;
    ps_mc *mc = pl->mc;
    int cap = (o->record ? o->nrecord : m->nseries) + o->nkeep + 1;
    mc->rec = ps_calloc((size_t)cap, sizeof *mc->rec);
    pl->rec_slot = ps_malloc(sizeof(int) * (size_t)cap);
    if (!mc->rec || !pl->rec_slot) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    mc->keep = ps_malloc(sizeof(int) * (size_t)(o->nkeep + 1));
    if (!mc->keep) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int rc = PS_OK;
    for (int i = 0; i < o->nrecord + o->nkeep && !rc; i++) {
        int sym = i < o->nrecord ? o->record[i] : o->keep[i - o->nrecord];
        const ps_symbol *y = sym_of(m, sym);
        if (!y || y->kind == PS_SYM_PARAM)
            return ps_error_set(err, PS_ERR_USAGE, "'%s' is not a series: only series "
                                "have values per period to record", y ? y->name : "?");
    }
    if (o->record) {
        for (int i = 0; i < o->nrecord && !rc; i++) rc = add_rec(pl, o->record[i], err);
    } else {
        for (int s = 0; s < m->nsym && !rc; s++)
            if (m->syms[s].kind == PS_SYM_ENDO) rc = add_rec(pl, s, err);
        for (int i = 0; i < o->nexo && !rc; i++) rc = add_rec(pl, o->exo[i].sym, err);
    }
    for (int i = 0; i < o->nkeep && !rc; i++) {
        rc = add_rec(pl, o->keep[i], err);
        int k = ps_mc_record_index(mc, o->keep[i]), dup = 0;
        for (int j = 0; j < mc->nkeep && !dup; j++) dup = mc->keep[j] == k;
        if (!dup) mc->keep[mc->nkeep++] = k;
    }
    return rc;
}

static int alloc_values(plan *pl, ps_error *err) {
    ps_mc *mc = pl->mc;
    /* every kept value becomes a JSON number in mc:write: bound the file */
    if (mc->nkeep && (double)mc->draws * mc->nper * mc->nkeep > (double)PS_MC_MAX_KEPT)
        return ps_error_set(err, PS_ERR_LIMIT, "keep: %ld draws of %d series over %d periods "
                            "are %.0f values to write, more than the %ld allowed: keep fewer "
                            "series or run fewer draws (quantiles of every series are written "
                            "anyway)", mc->draws, mc->nkeep, mc->nper,
                            (double)mc->draws * mc->nper * mc->nkeep, PS_MC_MAX_KEPT);
    size_t cells = (size_t)mc->nrec * (size_t)mc->nper;
    if (cells && (size_t)mc->draws > PS_MC_MAX_BYTES / sizeof(double) / cells)
        return ps_error_set(err, PS_ERR_LIMIT, "%ld draws of %d series over %d periods need "
                            "%.0f MiB, more than the %zu MiB allowed: record fewer series "
                            "(vars = {...}) or run fewer draws", mc->draws, mc->nrec,
                            mc->nper, (double)cells * (double)mc->draws * 8.0 / 1048576.0,
                            PS_MC_MAX_BYTES >> 20);
    mc->vals = ps_malloc(sizeof(double) * (cells ? cells : 1) * (size_t)mc->draws);
    mc->failed = ps_calloc((size_t)mc->draws, 1);
    if (!mc->vals || !mc->failed)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory for %ld draws", mc->draws);
    return PS_OK;
}

/* A copy of the inputs' description for the JSON document. */
static int copy_inputs(plan *pl, ps_error *err) {
    const ps_mc_opts *o = pl->o;
    ps_mc *mc = pl->mc;
    mc->inputs = ps_calloc((size_t)(o->nparams + o->nexo + 1), sizeof *mc->inputs);
    if (!mc->inputs) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < o->nparams + o->nexo; i++) {
        mc_input *in = &mc->inputs[mc->ninputs++];
        int is_param = i < o->nparams;
        const ps_mc_exo *x = is_param ? NULL : &o->exo[i - o->nparams];
        in->is_param = is_param;
        in->dist = is_param ? o->params[i].dist : x->dist;
        in->name = ps_strdup(pl->p->model->syms[is_param ? o->params[i].sym : x->sym].name);
        if (x) {
            in->mode = x->mode;
            in->rho = x->rho;
            in->from = x->from;
            in->to = x->to;
        }
        double *v = NULL;
        if (in->dist.kind == PS_DIST_CHOICE) {
            v = ps_malloc(sizeof(double) * (size_t)in->dist.nvalues);
            if (v) memcpy(v, in->dist.values, sizeof(double) * (size_t)in->dist.nvalues);
        }
        in->dist.values = v;
        if (!in->name || (in->dist.kind == PS_DIST_CHOICE && !v))
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    return PS_OK;
}

static int make_plan(ps_scenario *s, const ps_mc_opts *o, plan *pl, ps_error *err) {
    ps_project *p = ps_scenario_project(s);
    pl->p = p;
    pl->o = o;
    if (ps_scenario_has_rules(s))
        return ps_error_set(err, PS_ERR_USAGE, "scenario '%s' has per-period rules "
                            "(s:rule): Monte Carlo draws run in C without Lua; express "
                            "the rule's effect as set/grow/shock changes",
                            ps_scenario_name(s));
    /* The draws solve the frame as it stands: a target would be silently
    ** dropped, so a scenario with targets is refused. */
    if (ps_scenario_has_targets(s))
        return ps_error_set(err, PS_ERR_UNSUPPORTED, "scenario '%s' has targets or "
                            "instruments (s:target, s:instrument), which Monte Carlo draws "
                            "do not solve for yet: draw a scenario without them, with the "
                            "instrument values set from a target run (r.LEVER[p])",
                            ps_scenario_name(s));
    ps_frame *f = NULL;
    int rc = ps_scenario_inputs(s, &f, &pl->t0, &pl->t1, err);
    if (rc) return rc;
    pl->base = f;
    pl->nparam = p->model->nparam;
    double *bp = ps_malloc(sizeof(double) * (size_t)(pl->nparam + 1));
    if (!bp) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < p->model->nsym; i++)
        if (p->model->syms[i].kind == PS_SYM_PARAM)
            bp[p->model->syms[i].slot] = ps_scenario_param_value(s, i);
    pl->base_params = bp;
    ps_mc *mc = pl->mc;
    mc->draws = o->draws;
    mc->seed = o->seed;
    mc->residuals = o->residuals;
    mc->freq = f->freq;
    mc->from = f->start + pl->t0;
    mc->to = f->start + pl->t1;
    mc->nper = pl->t1 - pl->t0 + 1;
    mc->first_failed = -1;
    mc->model_name = ps_strdup(p->model->name);
    mc->scenario_name = ps_strdup(ps_scenario_name(s));
    memcpy(mc->model_hash, p->model->hash, sizeof mc->model_hash);
    if (!mc->model_name || !mc->scenario_name)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if ((rc = check_params(pl, err)) || (rc = check_exo(pl, err)) ||
        (rc = prepare_residuals(pl, err)) || (rc = prepare_record(pl, err)) ||
        (rc = copy_inputs(pl, err)) || (rc = alloc_values(pl, err)))
        return rc;
    return PS_OK;
}

/* ---- workspaces and the draw loop ---- */

static void ws_free(workspace *w) {
    ps_frame_free(w->f);
    ps_solver_free(w->solver);
    ps_free(w->params);
    ps_free(w->z);
    gsl_rng_free(w->rng);
}

static int ws_init(workspace *w, plan *pl, ps_error *err) {
    memset(w, 0, sizeof *w);
    w->pl = pl;
    w->first_failed = -1;
    int rc = ps_frame_copy(pl->base, &w->f, err);
    if (!rc) rc = ps_solver_new(pl->p->program, &pl->p->opts, &w->solver, err);
    if (rc) return rc;
    w->params = ps_malloc(sizeof(double) * (size_t)(pl->nparam + 1));
    w->z = ps_malloc(sizeof(double) * (size_t)(pl->nyears + 1));
    w->rng = gsl_rng_alloc(ps_rng_philox4x32);
    if (!w->params || !w->z || !w->rng) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    return PS_OK;
}

static void draw_exo(const plan *pl, workspace *w) {
    for (int i = 0; i < pl->o->nexo; i++) {
        const ps_mc_exo *x = &pl->o->exo[i];
        int slot = pl->exo_slot[i];
        double e = 0;
        for (int t = pl->exo_t0[i]; t <= pl->exo_t1[i]; t++) {
            double u = ps_dist_draw(&pl->exo_dist[i], w->rng);
            if (x->mode == PS_MC_LEVEL) {
                ps_frame_set(w->f, slot, t, u);
            } else {
                e = x->rho * e + u;
                ps_frame_set(w->f, slot, t, ps_frame_get(w->f, slot, t) + e);
            }
        }
    }
}

static void draw_residuals(const plan *pl, workspace *w) {
    int q = pl->neq, n = pl->nyears;
    for (int t = pl->t0; t <= pl->t1; t++) {
        double *row = ps_frame_row(w->f, t);
        if (pl->o->residuals == PS_MC_RESID_BOOTSTRAP) {
            const double *r = pl->resid + (size_t)gsl_rng_uniform_int(w->rng, (unsigned long)n) * (size_t)q;
            for (int e = 0; e < q; e++) row[pl->af_slot[e]] += r[e];
            continue;
        }
        /* N(0, S) with S = R'R / (n - 1), R the centred years x equations
        ** matrix: R' z / sqrt(n - 1), z ~ N(0, I_n), has exactly that
        ** covariance, also when S is singular (fewer years than equations,
        ** the usual case for a city's short history). */
        for (int y = 0; y < n; y++) w->z[y] = gsl_ran_gaussian_ziggurat(w->rng, 1.0) * pl->resid_scale;
        for (int e = 0; e < q; e++) {
            double acc = 0;
            for (int y = 0; y < n; y++) acc += pl->resid[y * q + e] * w->z[y];
            row[pl->af_slot[e]] += acc;
        }
    }
}

static void one_draw(plan *pl, workspace *w, long d) {
    const ps_frame *b = pl->base;
    size_t nv = (size_t)b->nvar, row0 = (size_t)pl->t0 * nv;
    memcpy(w->f->data + row0, b->data + row0, sizeof(double) * nv * (size_t)(pl->t1 - pl->t0 + 1));
    memcpy(w->params, pl->base_params, sizeof(double) * (size_t)pl->nparam);
    ps_philox_stream(w->rng, pl->o->seed, (uint64_t)d);
    for (int i = 0; i < pl->o->nparams; i++)
        w->params[pl->param_slot[i]] = ps_dist_draw(&pl->param_dist[i], w->rng);
    draw_exo(pl, w);
    if (pl->o->residuals != PS_MC_RESID_NONE) draw_residuals(pl, w);
    ps_mc *mc = pl->mc;
    int rc = ps_solver_run(w->solver, w->f, w->params, pl->t0, pl->t1, NULL, &w->err);
    if (rc) {
        mc->failed[d] = 1;
        w->nfailed++;
        if (w->first_failed < 0 || d < w->first_failed) {
            w->first_failed = d;
            w->first_error = w->err;
        }
    }
    for (int k = 0; k < mc->nrec; k++)
        for (int t = 0; t < mc->nper; t++)
            mc->vals[((size_t)k * (size_t)mc->nper + (size_t)t) * (size_t)mc->draws + (size_t)d] =
                rc ? NAN : ps_frame_get(w->f, pl->rec_slot[k], pl->t0 + t);
}

static void *worker(void *arg) {
    workspace *w = arg;
    plan *pl = w->pl;
    for (;;) {
        long d0 = atomic_fetch_add(&pl->next, CHUNK);
        if (d0 >= pl->o->draws) break;
        long d1 = d0 + CHUNK < pl->o->draws ? d0 + CHUNK : pl->o->draws;
        for (long d = d0; d < d1; d++) one_draw(pl, w, d);
    }
    return NULL;
}

static int run_draws(plan *pl, ps_error *err) {
    int nt = pl->o->threads;
    if (nt > pl->o->draws) nt = (int)pl->o->draws;
    workspace *ws = ps_calloc((size_t)nt, sizeof *ws);
    pthread_t *th = ps_calloc((size_t)nt, sizeof *th);
    int rc = ws && th ? PS_OK : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int made = 0, started = 0;
    for (; !rc && made < nt; made++) rc = ws_init(&ws[made], pl, err);
    atomic_store(&pl->next, 0);
    /* worker 0 runs on the calling thread */
    for (int i = 1; !rc && i < nt; i++) {
        if (pthread_create(&th[i], NULL, worker, &ws[i]))
            rc = ps_error_set(err, PS_ERR_LIMIT, "could not start worker thread %d of %d", i + 1,
                              nt);
        else started = i;
    }
    if (!rc) worker(&ws[0]);
    else atomic_store(&pl->next, pl->o->draws); /* started workers stop at once */
    for (int i = 1; i <= started; i++) pthread_join(th[i], NULL);
    ps_mc *mc = pl->mc;
    for (int i = 0; !rc && i < made; i++) {
        mc->nfailed += ws[i].nfailed;
        if (ws[i].first_failed >= 0 &&
            (mc->first_failed < 0 || ws[i].first_failed < mc->first_failed)) {
            mc->first_failed = ws[i].first_failed;
            mc->first_error = ws[i].first_error;
        }
    }
    for (int i = 0; ws && i < made; i++) ws_free(&ws[i]);
    ps_free(ws);
    ps_free(th);
    return rc;
}

int ps_mc_run(ps_scenario *s, const ps_mc_opts *o, ps_mc **out, ps_error *err) {
    *out = NULL;
    int rc = check_counts(o, err);
    if (rc) return rc;
    plan pl;
    memset(&pl, 0, sizeof pl);
    pl.mc = ps_calloc(1, sizeof *pl.mc);
    if (!pl.mc) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    rc = make_plan(s, o, &pl, err);
    if (!rc) rc = run_draws(&pl, err);
    plan_free(&pl);
    if (rc) {
        ps_mc_free(pl.mc);
        return rc;
    }
    *out = pl.mc;
    return PS_OK;
}

/* ---- accessors ---- */

long ps_mc_draws(const ps_mc *mc) { return mc->draws; }
long ps_mc_failed(const ps_mc *mc) { return mc->nfailed; }

const ps_error *ps_mc_first_failure(const ps_mc *mc, long *draw) {
    if (draw) *draw = mc->first_failed;
    return mc->first_failed >= 0 ? &mc->first_error : NULL;
}

const long *ps_mc_residual_years(const ps_mc *mc, int *n) {
    *n = mc->nres_years;
    return mc->nres_years ? mc->res_years : NULL;
}

int ps_mc_residual_equations(const ps_mc *mc) { return mc->nres_eq; }

void ps_mc_horizon(const ps_mc *mc, long *from, long *to) {
    *from = mc->from;
    *to = mc->to;
}

int ps_mc_nrecord(const ps_mc *mc) { return mc->nrec; }
int ps_mc_record_sym(const ps_mc *mc, int k) { return mc->rec[k].sym; }

int ps_mc_record_index(const ps_mc *mc, int sym) {
    for (int k = 0; k < mc->nrec; k++)
        if (mc->rec[k].sym == sym) return k;
    return -1;
}
