/*
** Sweeps and tornado charts (sweep.h): points of a design, each solved from
** the scenario's inputs with the swept values written over them.
*/
#include "analysis/sweep.h"
#include "util/alloc.h"
#include "analysis/attr_int.h"
#include "util/editdist.h"

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Kept outputs are points x (periods + 1) x variables doubles: past this a
** sweep should name its outputs. */
#define KEPT_MAX 25000000.0

static int resolve_dims(const ps_model *m, const ps_sweep_dim *dims, int ndim, int *syms,
                        ps_error *err) {
    for (int d = 0; d < ndim; d++) {
        char what[256];
        snprintf(what, sizeof what, "sweep: dimension '%s'", dims[d].name ? dims[d].name : "");
        if (!dims[d].name || !*dims[d].name)
            return ps_error_set(err, PS_ERR_USAGE, "sweep: dimension %d has no name", d + 1);
        int rc = ps_runner_input(m, dims[d].name, what, &syms[d], err);
        if (rc) return rc;
        for (int e = 0; e < d; e++)
            if (syms[e] == syms[d])
                return ps_error_set(err, PS_ERR_USAGE, "sweep: '%s' is given twice",
                                    dims[d].name);
    }
    return PS_OK;
}

static int resolve_outputs(const ps_model *m, const char *const *outputs, int noutput,
                           int *cols, ps_error *err) {
    for (int i = 0; i < noutput; i++) {
        int sym = ps_model_find(m, outputs[i]);
        if (sym < 0 || m->syms[sym].kind == PS_SYM_PARAM) {
            const char *near = sym < 0 ? ps_model_nearest(m, outputs[i]) : NULL;
            return ps_error_set(err, PS_ERR_USAGE,
                                "sweep: output '%s' is not a series of model '%s'" PS_DYM_FMT,
                                outputs[i], m->name, PS_DYM_ARGS(near));
        }
        cols[i] = m->syms[sym].slot;
    }
    return PS_OK;
}

static int alloc_result(ps_sweep *sw, ps_scenario *s, const ps_model *m, const int *syms,
                        const ps_sweep_dim *dims, const int *cols, ps_error *err) {
    ps_arena *pool = sw->pool_;
    long from, to;
    ps_scenario_horizon(s, &from, &to);
    sw->freq = m->freq;
    sw->start = from;
    sw->nper = (int)(to - from + 1);
    size_t nd = (size_t)sw->ndim + 1, nv = (size_t)sw->nvar + 1;
    double kept = (double)sw->npoints * (double)(sw->nper + 1) * (double)sw->nvar;
    if (kept > KEPT_MAX)
        return ps_error_set(err, PS_ERR_LIMIT,
                            "sweep: %ld points x %d periods x %d outputs is more than %.0f "
                            "values to keep; name the series you need with outputs = {...}",
                            sw->npoints, sw->nper, sw->nvar, KEPT_MAX);
    sw->scenario = ps_pool_str(pool, ps_scenario_name(s));
    sw->model_name = ps_pool_str(pool, m->name);
    sw->model_hash = ps_pool_str(pool, m->hash);
    sw->dims = ps_arena_alloc(pool, sizeof(char *) * nd);
    sw->dim_kinds = ps_arena_alloc(pool, sizeof(char *) * nd);
    sw->from = ps_arena_alloc(pool, sizeof(double) * nd);
    sw->to = ps_arena_alloc(pool, sizeof(double) * nd);
    sw->n = ps_arena_alloc(pool, sizeof(int) * nd);
    sw->vars = ps_arena_alloc(pool, sizeof(char *) * nv);
    sw->units = ps_arena_alloc(pool, sizeof(char *) * nv);
    sw->labels_zh = ps_arena_alloc(pool, sizeof(char *) * nv);
    sw->units_zh = ps_arena_alloc(pool, sizeof(char *) * nv);
    sw->y = ps_malloc(sizeof(double) * ((size_t)kept + 1));
    sw->failed = ps_calloc((size_t)sw->npoints + 1, 1);
    if (!sw->scenario || !sw->model_name || !sw->model_hash || !sw->dims || !sw->dim_kinds ||
        !sw->from || !sw->to || !sw->n || !sw->vars || !sw->units || !sw->labels_zh ||
        !sw->units_zh || !sw->y || !sw->failed)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int d = 0; d < sw->ndim; d++) {
        const ps_symbol *y = &m->syms[syms[d]];
        sw->dims[d] = ps_pool_str(pool, y->name);
        sw->dim_kinds[d] = ps_pool_str(pool, ps_symkind_name(y->kind));
        sw->from[d] = dims[d].from;
        sw->to[d] = dims[d].to;
        sw->n[d] = dims[d].n;
        if (!sw->dims[d] || !sw->dim_kinds[d]) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    for (int v = 0; v < sw->nvar; v++) {
        const ps_symbol *y = &m->syms[ps_model_series_sym(m, cols[v])];
        sw->vars[v] = ps_pool_str(pool, y->name);
        sw->units[v] = ps_pool_str(pool, y->unit);
        sw->labels_zh[v] = ps_pool_str(pool, y->label_zh ? y->label_zh : "");
        sw->units_zh[v] = ps_pool_str(pool, y->unit_zh ? y->unit_zh : "");
        if (!sw->vars[v] || !sw->units[v] || !sw->labels_zh[v] || !sw->units_zh[v]) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    return PS_OK;
}

/* Set the swept values of point i over the scenario's inputs. */
static void apply_point(ps_runner *r, const int *syms, int ndim, const double *x) {
    for (int d = 0; d < ndim; d++) {
        if (isnan(x[d])) continue;
        const ps_symbol *y = &r->m->syms[syms[d]];
        if (y->kind == PS_SYM_PARAM) r->params[y->slot] = x[d];
        else
            for (int t = r->t0; t <= r->t1; t++) ps_frame_set(r->work, y->slot, t, x[d]);
    }
}

static int run_points(ps_sweep *sw, ps_runner *r, const int *syms, const int *cols,
                      ps_error *err) {
    size_t nv = (size_t)sw->nvar, rows = (size_t)sw->nper + 1;
    for (long i = 0; i < sw->npoints; i++) {
        ps_runner_reset(r);
        apply_point(r, syms, sw->ndim, sw->x + (size_t)i * (size_t)sw->ndim);
        ps_error e;
        ps_error_clear(&e);
        double *y = sw->y + (size_t)i * rows * nv;
        if (ps_runner_solve(r, &e)) {
            sw->failed[i] = 1;
            sw->nfailed++;
            if (!sw->first_error) {
                char msg[PS_ERR_MSG_MAX + 64];
                snprintf(msg, sizeof msg, "point %ld: %s", i + 1, e.message);
                sw->first_error = ps_pool_str(sw->pool_, msg);
                if (!sw->first_error) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
            }
            for (size_t k = 0; k < rows * nv; k++) y[k] = NAN;
            continue;
        }
        for (size_t t = 0; t < rows; t++)
            for (size_t v = 0; v < nv; v++)
                y[t * nv + v] = ps_runner_get(r, cols[v], r->t0 - 1 + (int)t);
    }
    return PS_OK;
}

int ps_sweep_points(ps_scenario *s, const ps_sweep_dim *dims, int ndim, const double *x,
                    long npoints, const char *const *outputs, int noutput, ps_sweep **out,
                    ps_error *err) {
    *out = NULL;
    const ps_model *m = ps_scenario_project(s)->model;
    if (ndim < 1)
        return ps_error_set(err, PS_ERR_USAGE, "sweep: give at least one lever or parameter");
    if (npoints < 1 || npoints > PS_SWEEP_POINTS_MAX)
        return ps_error_set(err, PS_ERR_USAGE, "sweep: %ld points; give 1 to %ld", npoints,
                            PS_SWEEP_POINTS_MAX);
    int nout = outputs ? noutput : m->nseries;
    int *syms = ps_malloc(sizeof(int) * (size_t)ndim), *cols = ps_malloc(sizeof(int) * (size_t)(nout + 1));
    ps_sweep *sw = ps_calloc(1, sizeof *sw);
    if (sw) sw->pool_ = ps_arena_new();
    int rc = !syms || !cols || !sw || !sw->pool_ ? ps_error_set(err, PS_ERR_NOMEM, "out of memory")
                                                  : PS_OK;
    if (!rc) rc = resolve_dims(m, dims, ndim, syms, err);
    if (!rc && outputs) rc = resolve_outputs(m, outputs, noutput, cols, err);
    if (!rc && !outputs)
        for (int v = 0; v < nout; v++) cols[v] = v;
    if (!rc) {
        sw->ndim = ndim, sw->npoints = npoints, sw->nvar = nout;
        sw->x = ps_malloc(sizeof(double) * (size_t)npoints * (size_t)ndim);
        if (!sw->x) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        else memcpy(sw->x, x, sizeof(double) * (size_t)npoints * (size_t)ndim);
    }
    if (!rc) rc = alloc_result(sw, s, m, syms, dims, cols, err);
    ps_runner r;
    memset(&r, 0, sizeof r);
    if (!rc) rc = ps_runner_init(&r, s, "sweep", err);
    if (!rc && r.t0 < 1)
        rc = ps_error_set(err, PS_ERR_USAGE, "sweep: the horizon needs one period before it");
    if (!rc) rc = run_points(sw, &r, syms, cols, err);
    ps_runner_free(&r);
    ps_free(syms);
    ps_free(cols);
    if (rc) {
        ps_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return PS_OK;
}

/* ---- designs ---- */

static int check_dims(const ps_sweep_dim *dims, int ndim, ps_sweep_design design,
                      long *npoints, ps_error *err) {
    double grid = 1;
    for (int d = 0; d < ndim; d++) {
        const char *nm = dims[d].name ? dims[d].name : "?";
        if (!isfinite(dims[d].from) || !isfinite(dims[d].to))
            return ps_error_set(err, PS_ERR_USAGE,
                                "sweep: '%s' needs finite from and to values, e.g. {0, 100, 5}",
                                nm);
        if (design == PS_SWEEP_GRID && dims[d].n < 1)
            return ps_error_set(err, PS_ERR_USAGE,
                                "sweep: '%s' needs n >= 1 grid values ({from, to, n}), got %d",
                                nm, dims[d].n);
        grid *= design == PS_SWEEP_GRID ? dims[d].n : 1;
    }
    if (design == PS_SWEEP_SOBOL && ndim > PS_SWEEP_SOBOL_DIMS_MAX)
        return ps_error_set(err, PS_ERR_USAGE,
                            "sweep: sobol designs have at most %d dimensions, got %d",
                            PS_SWEEP_SOBOL_DIMS_MAX, ndim);
    if (design == PS_SWEEP_GRID) {
        if (grid > (double)PS_SWEEP_POINTS_MAX)
            return ps_error_set(err, PS_ERR_USAGE,
                                "sweep: the grid has %.0f points; at most %ld (use design = "
                                "\"lhs\" or \"sobol\" with points = N)",
                                grid, PS_SWEEP_POINTS_MAX);
        *npoints = (long)grid;
    } else if (*npoints < 1 || *npoints > PS_SWEEP_POINTS_MAX)
        return ps_error_set(err, PS_ERR_USAGE,
                            "sweep: %s designs need points between 1 and %ld, got %ld",
                            design == PS_SWEEP_LHS ? "lhs" : "sobol", PS_SWEEP_POINTS_MAX,
                            *npoints);
    return PS_OK;
}

static double scale(const ps_sweep_dim *d, double u) { return d->from + (d->to - d->from) * u; }

static void design_grid(const ps_sweep_dim *dims, int ndim, long np, double *x) {
    for (long i = 0; i < np; i++) {
        long k = i;
        for (int d = ndim - 1; d >= 0; d--) {
            int n = dims[d].n;
            long j = k % n;
            k /= n;
            x[i * ndim + d] = n == 1 ? dims[d].from : scale(&dims[d], (double)j / (n - 1));
        }
    }
}

static int design_lhs(const ps_sweep_dim *dims, int ndim, long np, unsigned long seed,
                      double *x, ps_error *err) {
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    long *perm = ps_malloc(sizeof(long) * (size_t)np);
    if (!rng || !perm) {
        gsl_rng_free(rng);
        ps_free(perm);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    gsl_rng_set(rng, seed);
    for (int d = 0; d < ndim; d++) {
        for (long i = 0; i < np; i++) perm[i] = i;
        gsl_ran_shuffle(rng, perm, (size_t)np, sizeof(long));
        for (long i = 0; i < np; i++)
            x[i * ndim + d] = scale(&dims[d], ((double)perm[i] + gsl_rng_uniform(rng)) / (double)np);
    }
    gsl_rng_free(rng);
    ps_free(perm);
    return PS_OK;
}

static int design_sobol(const ps_sweep_dim *dims, int ndim, long np, double *x, ps_error *err) {
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)ndim);
    if (!q) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    double u[PS_SWEEP_SOBOL_DIMS_MAX];
    for (long i = 0; i < np; i++) {
        if (gsl_qrng_get(q, u)) {
            gsl_qrng_free(q);
            return ps_error_set(err, PS_ERR_LIMIT, "sweep: the Sobol sequence ran out at point %ld",
                                i + 1);
        }
        for (int d = 0; d < ndim; d++) x[i * ndim + d] = scale(&dims[d], u[d]);
    }
    gsl_qrng_free(q);
    return PS_OK;
}

int ps_sweep_run(ps_scenario *s, const ps_sweep_dim *dims, int ndim, const ps_sweep_opts *opts,
                 ps_sweep **out, ps_error *err) {
    *out = NULL;
    ps_sweep_opts o = {0};
    if (opts) o = *opts;
    unsigned long seed = o.seed ? o.seed : 1;
    long np = o.points;
    if (ndim < 1)
        return ps_error_set(err, PS_ERR_USAGE, "sweep: give at least one lever or parameter");
    int rc = check_dims(dims, ndim, o.design, &np, err);
    if (rc) return rc;
    double *x = ps_malloc(sizeof(double) * (size_t)np * (size_t)ndim);
    if (!x) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (o.design == PS_SWEEP_GRID) design_grid(dims, ndim, np, x);
    else if (o.design == PS_SWEEP_LHS) rc = design_lhs(dims, ndim, np, seed, x, err);
    else rc = design_sobol(dims, ndim, np, x, err);
    if (!rc) rc = ps_sweep_points(s, dims, ndim, x, np, o.outputs, o.noutput, out, err);
    ps_free(x);
    if (!rc) {
        (*out)->design = o.design;
        (*out)->seed = seed;
    }
    return rc;
}

void ps_sweep_free(ps_sweep *sw) {
    if (!sw) return;
    ps_free(sw->x);
    ps_free(sw->y);
    ps_free(sw->failed);
    ps_arena_free(sw->pool_);
    ps_free(sw);
}

int ps_sweep_var(const ps_sweep *sw, const char *name) {
    for (int v = 0; v < sw->nvar; v++)
        if (!strcmp(sw->vars[v], name)) return v;
    return -1;
}

double ps_sweep_value(const ps_sweep *sw, long i, int v, int t, int growth) {
    size_t nv = (size_t)sw->nvar;
    const double *y = sw->y + (size_t)i * ((size_t)sw->nper + 1) * nv;
    double x = y[(size_t)(t + 1) * nv + (size_t)v];
    return growth ? ps_growth_pct(x, y[(size_t)t * nv + (size_t)v]) : x;
}

/* ---- tornado ---- */

static int cmp_bar(const void *pa, const void *pb) {
    const ps_tornado_bar *a = pa, *b = pb;
    double sa = fabs(a->value_high - a->value_low), sb = fabs(b->value_high - b->value_low);
    if (isnan(sa) != isnan(sb)) return isnan(sa) ? 1 : -1;
    if (sa != sb && !isnan(sa)) return sa > sb ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int tornado_check(const ps_model *m, int n, const char *var, long period, long from,
                         long to, const double *low, const double *high, const char *const *names,
                         ps_error *err) {
    if (n < 1) return ps_error_set(err, PS_ERR_USAGE, "tornado: give at least one input");
    int sym = ps_model_find(m, var);
    if (sym < 0 || m->syms[sym].kind == PS_SYM_PARAM) {
        const char *near = sym < 0 ? ps_model_nearest(m, var) : NULL;
        return ps_error_set(err, PS_ERR_USAGE, "tornado: '%s' is not a series of model '%s'"
                            PS_DYM_FMT, var, m->name, PS_DYM_ARGS(near));
    }
    if (period < from || period > to) {
        char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX], c[PS_PERIOD_LABEL_MAX];
        return ps_error_set(err, PS_ERR_USAGE, "tornado: period %s is outside the scenario's "
                            "horizon %s..%s", ps_period_format(period, m->freq, a, sizeof a),
                            ps_period_format(from, m->freq, b, sizeof b),
                            ps_period_format(to, m->freq, c, sizeof c));
    }
    for (int k = 0; k < n; k++)
        if (!isfinite(low[k]) || !isfinite(high[k]))
            return ps_error_set(err, PS_ERR_USAGE,
                                "tornado: '%s' needs finite low and high values, e.g. {0, 100}",
                                names[k] ? names[k] : "?");
    return PS_OK;
}

int ps_tornado_run(ps_scenario *s, const char *const *names, const double *low,
                   const double *high, int n, const char *var, long period, int growth,
                   ps_tornado **out, ps_error *err) {
    *out = NULL;
    const ps_model *m = ps_scenario_project(s)->model;
    long from, to;
    ps_scenario_horizon(s, &from, &to);
    int rc = tornado_check(m, n, var, period, from, to, low, high, names, err);
    if (rc) return rc;
    long np = 1 + 2L * n;
    ps_sweep_dim *dims = ps_calloc((size_t)n, sizeof *dims);
    double *x = ps_malloc(sizeof(double) * (size_t)np * (size_t)n);
    ps_tornado *t = ps_calloc(1, sizeof *t);
    ps_sweep *sw = NULL;
    if (t) t->bars = ps_calloc((size_t)n, sizeof *t->bars);
    if (!dims || !x || !t || !t->bars) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int k = 0; !rc && k < n; k++) {
        dims[k] = (ps_sweep_dim){names[k], low[k], high[k], 2};
        for (long i = 0; i < np; i++) x[i * n + k] = NAN;
        x[(1 + 2 * k) * n + k] = low[k];
        x[(2 + 2 * k) * n + k] = high[k];
    }
    if (!rc) rc = ps_sweep_points(s, dims, n, x, np, &var, 1, &sw, err);
    if (!rc && sw->nfailed)
        rc = ps_error_set(err, PS_ERR_SOLVE, "tornado: a run failed (%s)", sw->first_error);
    if (!rc) {
        int ti = (int)(period - from);
        t->nbar = n;
        t->freq = m->freq, t->period = period, t->growth = growth;
        t->base = ps_sweep_value(sw, 0, 0, ti, growth);
        t->scenario = ps_strdup(sw->scenario);
        t->model_name = ps_strdup(sw->model_name);
        t->model_hash = ps_strdup(sw->model_hash);
        t->var = ps_strdup(sw->vars[0]);
        t->unit = ps_strdup(sw->units[0]);
        t->label_zh = ps_strdup(sw->labels_zh[0]);
        t->unit_zh = ps_strdup(sw->units_zh[0]);
        for (int k = 0; k < n; k++) {
            t->bars[k] = (ps_tornado_bar){ps_strdup(sw->dims[k]), low[k], high[k],
                                          ps_sweep_value(sw, 1 + 2 * k, 0, ti, growth),
                                          ps_sweep_value(sw, 2 + 2 * k, 0, ti, growth)};
            if (!t->bars[k].name) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        }
        if (!t->scenario || !t->model_name || !t->model_hash || !t->var || !t->unit ||
            !t->label_zh || !t->unit_zh)
            rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        if (!rc) qsort(t->bars, (size_t)n, sizeof *t->bars, cmp_bar);
    }
    ps_sweep_free(sw);
    ps_free(dims);
    ps_free(x);
    if (rc) {
        ps_tornado_free(t);
        return rc;
    }
    *out = t;
    return PS_OK;
}

void ps_tornado_free(ps_tornado *t) {
    if (!t) return;
    for (int k = 0; t->bars && k < t->nbar; k++) ps_free(t->bars[k].name);
    ps_free(t->bars);
    ps_free(t->scenario);
    ps_free(t->model_name);
    ps_free(t->model_hash);
    ps_free(t->var);
    ps_free(t->unit);
    ps_free(t->label_zh);
    ps_free(t->unit_zh);
    ps_free(t);
}
