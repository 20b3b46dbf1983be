/*
** Shapley attribution over groups of input changes (attribute.h).
**
** The changes of a group are found once, as the frame cells and parameters
** where alt's prepared inputs differ from base's; a run switches groups on by
** writing those cells into the base inputs.  Each run's outputs are folded
** into the contributions at once (Shapley is linear in the game: phi_i is a
** weighted sum of the runs' outputs), so no run is kept.
**
** Sums are of differences from the base run, not of levels: 4096 runs of
** levels in the thousands would lose more than the 1e-9 by which the
** contributions must add up to the total; differences keep the rounding
** relative to the effects themselves.
*/
#include "analysis/attribute.h"
#include "util/alloc.h"
#include "analysis/attr_int.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_HARD_MAX 20 /* 2^20 runs: minutes; beyond it sampling is the only sane way */

typedef struct change {
    int ncell;
    size_t *off;            /* offsets into the frame's data */
    double *val;            /* alt's values there */
    int nparam;
    int *pslot;
    double *pval;
} change;

typedef struct job {
    ps_attribution *a;
    ps_runner rb;
    int K, nval;            /* groups; nper * nvar values per output */
    change *ch;
    double *y, *g;          /* this run: levels (nper+1 rows), growth (nper rows) */
    double *y0, *g0;        /* the base run */
    double *yprev, *gprev;  /* sampled: the run before in the ordering */
} job;

static int same_bits(double x, double y) {
    return (isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0;
}

/* ---- groups and their changes ---- */

static int check_groups(const ps_model *m, const ps_attr_group *groups, int ngroup,
                        int *owner, ps_error *err) {
    for (int i = 0; i < m->nsym; i++) owner[i] = -1;
    for (int g = 0; g < ngroup; g++) {
        const char *gn = groups[g].name;
        if (!gn || !*gn)
            return ps_error_set(err, PS_ERR_USAGE, "attribution: group %d has no name", g + 1);
        for (int h = 0; h < g; h++)
            if (!strcmp(groups[h].name, gn))
                return ps_error_set(err, PS_ERR_USAGE, "attribution: group '%s' is given twice",
                                    gn);
        if (groups[g].ninputs < 1)
            return ps_error_set(err, PS_ERR_USAGE,
                                "attribution: group '%s' names no input; list at least one "
                                "lever, exogenous series, add-factor or parameter",
                                gn);
        char what[256];
        snprintf(what, sizeof what, "attribution: group '%s'", gn);
        for (int j = 0; j < groups[g].ninputs; j++) {
            int sym;
            int rc = ps_runner_input(m, groups[g].inputs[j], what, &sym, err);
            if (rc) return rc;
            if (owner[sym] >= 0)
                return ps_error_set(err, PS_ERR_USAGE,
                                    "attribution: '%s' is in group '%s' and in group '%s'; "
                                    "each input may belong to one group",
                                    m->syms[sym].name, groups[owner[sym]].name, gn);
            owner[sym] = g;
        }
    }
    return PS_OK;
}

/* Which group owns each difference (-1: the implicit "other", index K-1
** once it exists).  count: cells and parameters per group; on the second
** pass (fill) also record them. */
static void scan(const ps_runner *rb, const ps_runner *ra, const int *owner, int other,
                 change *ch, int fill, int *unlisted) {
    const ps_model *m = rb->m;
    const ps_frame *fb = rb->inputs, *fa = ra->inputs;
    for (int col = 0; col < fb->nvar; col++) {
        int sym = ps_model_series_sym(m, col);
        if (sym < 0 || m->syms[sym].kind == PS_SYM_ENDO) continue;
        for (int t = 0; t < fb->nper; t++) {
            double xb = ps_frame_get(fb, col, t), xa = ps_frame_get(fa, col, t);
            if (same_bits(xb, xa)) continue;
            int g = owner[sym] >= 0 ? owner[sym] : other;
            if (owner[sym] < 0) unlisted[sym] = 1;
            if (g < 0) continue;
            change *c = &ch[g];
            if (fill) {
                c->off[c->ncell] = (size_t)t * (size_t)fb->nvar + (size_t)col;
                c->val[c->ncell] = xa;
            }
            c->ncell++;
        }
    }
    for (int i = 0; i < m->nsym; i++) {
        if (m->syms[i].kind != PS_SYM_PARAM) continue;
        int slot = m->syms[i].slot;
        if (same_bits(rb->params0[slot], ra->params0[slot])) continue;
        int g = owner[i] >= 0 ? owner[i] : other;
        if (owner[i] < 0) unlisted[i] = 1;
        if (g < 0) continue;
        change *c = &ch[g];
        if (fill) {
            c->pslot[c->nparam] = slot;
            c->pval[c->nparam] = ra->params0[slot];
        }
        c->nparam++;
    }
}

static void free_changes(change *ch, int K) {
    for (int g = 0; ch && g < K; g++) {
        ps_free(ch[g].off);
        ps_free(ch[g].val);
        ps_free(ch[g].pslot);
        ps_free(ch[g].pval);
    }
    ps_free(ch);
}

static int alloc_changes(change *ch, int K) {
    for (int g = 0; g < K; g++) {
        size_t nc = (size_t)ch[g].ncell + 1, np = (size_t)ch[g].nparam + 1;
        ch[g].off = ps_malloc(sizeof(size_t) * nc);
        ch[g].val = ps_malloc(sizeof(double) * nc);
        ch[g].pslot = ps_malloc(sizeof(int) * np);
        ch[g].pval = ps_malloc(sizeof(double) * np);
        if (!ch[g].off || !ch[g].val || !ch[g].pslot || !ch[g].pval) return -1;
        ch[g].ncell = ch[g].nparam = 0;
    }
    return 0;
}

static void apply_change(ps_runner *r, const change *c) {
    for (int i = 0; i < c->ncell; i++) r->work->data[c->off[i]] = c->val[i];
    for (int i = 0; i < c->nparam; i++) r->params[c->pslot[i]] = c->pval[i];
}

/* ---- runs ---- */

/* Solve with the groups whose bits are set in `on` (exact) or the first n of
** `order` (sampled), then capture levels and growth. */
static int run_with(job *j, const int *groups, int n, ps_error *err) {
    ps_runner *r = &j->rb;
    ps_runner_reset(r);
    for (int i = 0; i < n; i++) apply_change(r, &j->ch[groups[i]]);
    int rc = ps_runner_solve(r, err);
    j->a->runs++;
    if (rc) {
        char msg[PS_ERR_MSG_MAX], list[512] = "";
        size_t len = 0;
        for (int i = 0; i < n && len + 80 < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                                    j->a->groups[groups[i]]);
        snprintf(msg, sizeof msg, "%s", err->message);
        return ps_error_set(err, rc,
                            "attribution: the run with %s%s failed: %s",
                            n ? "groups switched on: " : "no group switched on (the base)",
                            list, msg);
    }
    int nvar = j->a->nvar, nper = j->a->nper;
    memcpy(j->y, ps_frame_row(r->work, r->t0 - 1),
           sizeof(double) * (size_t)(nper + 1) * (size_t)nvar);
    for (int t = 0; t < nper; t++)
        for (int v = 0; v < nvar; v++)
            j->g[t * nvar + v] = ps_growth_pct(j->y[(t + 1) * nvar + v], j->y[t * nvar + v]);
    return PS_OK;
}

/* Binomial weights |S|! (K-|S|-1)! / K! = 1 / (K * C(K-1, |S|)). */
static void shapley_weights(int K, double *w) {
    double c = 1.0; /* C(K-1, s) */
    for (int s = 0; s < K; s++) {
        w[s] = 1.0 / ((double)K * c);
        c = c * (double)(K - 1 - s) / (double)(s + 1);
    }
}

/* phi_i = sum over S holding i of w[|S|-1] d(S) - sum over S without i of
** w[|S|] d(S) = A_i - C, with A_i = sum over S holding i of (w[|S|-1] +
** w[|S|]) d(S) and C = sum over all S of w[|S|] d(S) (w[K] = 0): a run adds
** into |S| + 1 sums instead of K, in loops the compiler vectorises.  d(S) is
** the difference from the base run, so the sums are of small numbers. */
static void fold(double *restrict acc, const double *restrict y, const double *restrict y0,
                 double c, int n) {
    for (int x = 0; x < n; x++) acc[x] += c * (y[x] - y0[x]);
}

static int run_exact(job *j, ps_error *err) {
    ps_attribution *a = j->a;
    int K = j->K, nval = j->nval, nvar = a->nvar;
    double w[EXACT_HARD_MAX + 2];
    shapley_weights(K, w);
    w[K] = 0;
    double *common = ps_calloc(2 * (size_t)nval + 1, sizeof(double)), *gcommon = common + nval;
    if (!common) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int on[EXACT_HARD_MAX], rc = PS_OK;
    unsigned long full = (1ul << K) - 1;
    for (unsigned long mask = 0; mask <= full; mask++) {
        int k = 0;
        for (int i = 0; i < K; i++)
            if (mask >> i & 1) on[k++] = i;
        rc = run_with(j, on, k, err);
        if (rc) break;
        if (mask == 0) {
            memcpy(j->y0, j->y, sizeof(double) * (size_t)(nval + nvar));
            memcpy(j->g0, j->g, sizeof(double) * (size_t)nval);
            continue;
        }
        if (mask == full) memcpy(a->alt, j->y, sizeof(double) * (size_t)(nval + nvar));
        fold(common, j->y + nvar, j->y0 + nvar, w[k], nval);
        fold(gcommon, j->g, j->g0, w[k], nval);
        double c = w[k - 1] + w[k];
        for (int q = 0; q < k; q++) {
            size_t at = (size_t)on[q] * (size_t)nval;
            fold(a->contrib + at, j->y + nvar, j->y0 + nvar, c, nval);
            fold(a->growth_contrib + at, j->g, j->g0, c, nval);
        }
    }
    for (int i = 0; i < K && !rc; i++)
        for (int x = 0; x < nval; x++) {
            a->contrib[(size_t)i * nval + x] -= common[x];
            a->growth_contrib[(size_t)i * nval + x] -= gcommon[x];
        }
    ps_free(common);
    if (!rc) memcpy(a->base, j->y0, sizeof(double) * (size_t)(nval + nvar));
    return rc;
}

/* Welford update of (mean, m2) with the n-th observation x. */
static inline void welford(double *mean, double *m2, long n, double x) {
    double d = x - *mean;
    *mean += d / (double)n;
    *m2 += d * (x - *mean);
}

static int run_sampled(job *j, ps_error *err) {
    ps_attribution *a = j->a;
    int K = j->K, nval = j->nval, nvar = a->nvar;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int *order = ps_malloc(sizeof(int) * (size_t)K);
    if (!rng || !order) {
        gsl_rng_free(rng);
        ps_free(order);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    gsl_rng_set(rng, a->seed);
    for (int i = 0; i < K; i++) order[i] = i;
    int rc = run_with(j, order, 0, err);
    if (!rc) {
        memcpy(j->y0, j->y, sizeof(double) * (size_t)(nval + nvar));
        memcpy(j->g0, j->g, sizeof(double) * (size_t)nval);
        memcpy(a->base, j->y0, sizeof(double) * (size_t)(nval + nvar));
    }
    for (long s = 1; s <= a->samples && !rc; s++) {
        gsl_ran_shuffle(rng, order, (size_t)K, sizeof(int));
        memcpy(j->yprev, j->y0, sizeof(double) * (size_t)(nval + nvar));
        memcpy(j->gprev, j->g0, sizeof(double) * (size_t)nval);
        for (int k = 1; k <= K && !rc; k++) {
            rc = run_with(j, order, k, err);
            if (rc) break;
            int g = order[k - 1];
            double *cm = a->contrib + (size_t)g * nval, *cv = a->se + (size_t)g * nval;
            double *gm = a->growth_contrib + (size_t)g * nval;
            double *gv = a->growth_se + (size_t)g * nval;
            for (int x = 0; x < nval; x++) {
                welford(&cm[x], &cv[x], s, j->y[nvar + x] - j->yprev[nvar + x]);
                welford(&gm[x], &gv[x], s, j->g[x] - j->gprev[x]);
            }
            double *t = j->yprev;
            j->yprev = j->y, j->y = t;
            t = j->gprev;
            j->gprev = j->g, j->g = t;
        }
        if (!rc && s == 1) memcpy(a->alt, j->yprev, sizeof(double) * (size_t)(nval + nvar));
    }
    /* m2 -> standard error of the mean */
    double M = (double)a->samples;
    for (size_t x = 0; x < (size_t)K * (size_t)nval && !rc; x++) {
        a->se[x] = M > 1 ? sqrt(a->se[x] / (M - 1) / M) : NAN;
        a->growth_se[x] = M > 1 ? sqrt(a->growth_se[x] / (M - 1) / M) : NAN;
    }
    gsl_rng_free(rng);
    ps_free(order);
    return rc;
}

/* ---- the result ---- */

static int fill_names(ps_attribution *a, const ps_model *m, const ps_frame *f,
                      const ps_attr_group *groups, int ngroup, int other, const int *owner,
                      const int *unlisted, ps_error *err) {
    ps_arena *pool = a->pool_;
    int K = a->ngroup;
    a->vars = ps_arena_alloc(pool, sizeof(char *) * (size_t)(a->nvar + 1));
    a->units = ps_arena_alloc(pool, sizeof(char *) * (size_t)(a->nvar + 1));
    a->labels_zh = ps_arena_alloc(pool, sizeof(char *) * (size_t)(a->nvar + 1));
    a->units_zh = ps_arena_alloc(pool, sizeof(char *) * (size_t)(a->nvar + 1));
    a->groups = ps_arena_alloc(pool, sizeof(char *) * (size_t)K);
    a->ninputs = ps_arena_alloc(pool, sizeof(int) * (size_t)K);
    a->inputs = ps_arena_alloc(pool, sizeof(char **) * (size_t)K);
    if (!a->vars || !a->units || !a->labels_zh || !a->units_zh || !a->groups || !a->ninputs || !a->inputs) goto nomem;
    for (int v = 0; v < a->nvar; v++) {
        int sym = ps_model_series_sym(m, v);
        a->vars[v] = ps_pool_str(pool, f->names[v]);
        const ps_symbol *y = sym >= 0 ? &m->syms[sym] : NULL;
        a->units[v] = ps_pool_str(pool, y ? y->unit : "");
        a->labels_zh[v] = ps_pool_str(pool, y && y->label_zh ? y->label_zh : "");
        a->units_zh[v] = ps_pool_str(pool, y && y->unit_zh ? y->unit_zh : "");
        if (!a->vars[v] || !a->units[v] || !a->labels_zh[v] || !a->units_zh[v]) goto nomem;
    }
    for (int g = 0; g < K; g++) {
        int n = g < ngroup ? groups[g].ninputs : 0;
        if (g == other)
            for (int i = 0; i < m->nsym; i++) n += unlisted[i];
        a->groups[g] = ps_pool_str(pool, g < ngroup ? groups[g].name : PS_ATTR_OTHER);
        a->inputs[g] = ps_arena_alloc(pool, sizeof(char *) * (size_t)(n + 1));
        if (!a->groups[g] || !a->inputs[g]) goto nomem;
        for (int i = 0, k = 0; i < m->nsym; i++)
            if ((g < ngroup && owner[i] == g) || (g == other && unlisted[i])) {
                if (!(a->inputs[g][k++] = ps_pool_str(pool, m->syms[i].name))) goto nomem;
                a->ninputs[g] = k;
            }
    }
    return PS_OK;
nomem:
    return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
}

static int unlisted_error(const ps_model *m, const int *unlisted, ps_error *err) {
    char list[512] = "";
    size_t len = 0;
    int n = 0;
    for (int i = 0; i < m->nsym; i++)
        if (unlisted[i] && len + 80 < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'", n++ ? ", " : "",
                                    m->syms[i].name);
    return ps_error_set(err, PS_ERR_USAGE,
                        "attribution: the scenarios also differ in %s, which no group "
                        "names; add them to a group, or drop strict to collect them in "
                        "the group '" PS_ATTR_OTHER "'",
                        list);
}

static int check_pair(ps_scenario *base, ps_scenario *alt, ps_error *err) {
    long b0, b1, a0, a1;
    if (ps_scenario_project(base) != ps_scenario_project(alt))
        return ps_error_set(err, PS_ERR_USAGE,
                            "attribution: scenarios '%s' and '%s' belong to different "
                            "models; attribute two scenarios of one model",
                            ps_scenario_name(base), ps_scenario_name(alt));
    ps_scenario_horizon(base, &b0, &b1);
    ps_scenario_horizon(alt, &a0, &a1);
    if (b0 != a0 || b1 != a1) {
        ps_freq f = ps_scenario_project(base)->model->freq;
        char x[4][PS_PERIOD_LABEL_MAX];
        return ps_error_set(err, PS_ERR_USAGE,
                            "attribution: scenario '%s' runs %s..%s but '%s' runs %s..%s; "
                            "give them one horizon",
                            ps_scenario_name(base), ps_period_format(b0, f, x[0], sizeof x[0]),
                            ps_period_format(b1, f, x[1], sizeof x[1]), ps_scenario_name(alt),
                            ps_period_format(a0, f, x[2], sizeof x[2]), ps_period_format(a1, f, x[3], sizeof x[3]));
    }
    return PS_OK;
}

static int setup(job *j, ps_scenario *base, ps_scenario *alt, const ps_attr_group *groups,
                 int ngroup, const ps_attr_opts *o, ps_error *err) {
    ps_runner ra;
    memset(&ra, 0, sizeof ra);
    const ps_model *m = ps_scenario_project(base)->model;
    int *owner = ps_malloc(sizeof(int) * (size_t)(m->nsym + 1));
    int *unlisted = ps_calloc((size_t)m->nsym + 1, sizeof(int));
    int rc = !owner || !unlisted ? ps_error_set(err, PS_ERR_NOMEM, "out of memory") : PS_OK;
    if (!rc) rc = check_groups(m, groups, ngroup, owner, err);
    if (!rc) rc = ps_runner_init(&j->rb, base, "attribution", err);
    if (!rc) rc = ps_runner_init(&ra, alt, "attribution", err);
    change *ch = NULL;
    if (!rc) {
        ch = ps_calloc((size_t)ngroup + 1, sizeof *ch);
        if (!ch) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    int K = ngroup, other = -1;
    if (!rc) {
        scan(&j->rb, &ra, owner, ngroup, ch, 0, unlisted);
        int any = 0;
        for (int i = 0; i < m->nsym; i++) any |= unlisted[i];
        if (any && o->strict) rc = unlisted_error(m, unlisted, err);
        else if (any) {
            for (int g = 0; g < ngroup && !rc; g++)
                if (!strcmp(groups[g].name, PS_ATTR_OTHER))
                    rc = ps_error_set(err, PS_ERR_USAGE,
                                      "attribution: a group is named '" PS_ATTR_OTHER
                                      "', the name of the group that collects the inputs "
                                      "no group names; rename it");
            other = ngroup, K = ngroup + 1;
        }
    }
    if (!rc && alloc_changes(ch, K)) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (!rc) {
        memset(unlisted, 0, sizeof(int) * (size_t)m->nsym);
        scan(&j->rb, &ra, owner, other, ch, 1, unlisted);
    }
    ps_attribution *a = j->a;
    if (!rc) {
        a->ngroup = j->K = K;
        a->nvar = m->nseries;
        j->ch = ch;
        ch = NULL;
        rc = fill_names(a, m, j->rb.inputs, groups, ngroup, other, owner, unlisted, err);
    }
    free_changes(ch, ngroup + 1);
    ps_runner_free(&ra);
    ps_free(owner);
    ps_free(unlisted);
    return rc;
}

static int check_opts(const ps_attr_opts *o, int ngroup, ps_error *err) {
    if (ngroup < 1)
        return ps_error_set(err, PS_ERR_USAGE,
                            "attribution: give at least one group, e.g. "
                            "groups = {fees = {\"fee_cut\"}}");
    if (ngroup > PS_ATTR_GROUPS_MAX)
        return ps_error_set(err, PS_ERR_USAGE, "attribution: %d groups; at most %d", ngroup,
                            PS_ATTR_GROUPS_MAX);
    if (o->samples < 0 || o->samples > 100000000L)
        return ps_error_set(err, PS_ERR_USAGE,
                            "attribution: samples must be between 1 and 100000000, got %ld",
                            o->samples);
    return PS_OK;
}

static int alloc_out(job *j, ps_scenario *base, ps_scenario *alt, const ps_attr_opts *o,
                     ps_error *err) {
    ps_attribution *a = j->a;
    const ps_project *p = ps_scenario_project(base);
    ps_arena *pool = a->pool_;
    long from, to;
    ps_scenario_horizon(base, &from, &to);
    a->freq = p->model->freq;
    a->start = from;
    a->nper = (int)(to - from + 1);
    a->nvar = p->model->nseries;
    a->seed = o->seed ? o->seed : 1;
    a->samples = o->samples ? o->samples : 1000;
    a->base_name = ps_pool_str(pool, ps_scenario_name(base));
    a->alt_name = ps_pool_str(pool, ps_scenario_name(alt));
    a->model_name = ps_pool_str(pool, p->model->name);
    a->model_hash = ps_pool_str(pool, p->model->hash);
    int K = a->ngroup;
    a->sampled = o->method == PS_ATTR_SAMPLED || (o->method == PS_ATTR_AUTO && K > PS_ATTR_EXACT_MAX);
    if (!a->sampled) a->samples = 0;
    /* A C loop cannot be interrupted by the script's budget: cap its size. */
    if (a->sampled && (double)a->samples * K > (double)PS_ATTR_RUNS_MAX)
        return ps_error_set(err, PS_ERR_LIMIT,
                            "attribution: %ld orderings of %d groups are %.0f runs; at most "
                            "%ld (fewer samples, or fewer groups)",
                            a->samples, K, (double)a->samples * K, PS_ATTR_RUNS_MAX);
    if (!a->sampled && K > EXACT_HARD_MAX)
        return ps_error_set(err, PS_ERR_USAGE,
                            "attribution: exact Shapley values over %d groups need 2^%d runs; "
                            "use method = \"sampled\" or fewer groups (exact is practical up "
                            "to %d)",
                            K, K, EXACT_HARD_MAX);
    j->nval = a->nper * a->nvar;
    size_t nk = (size_t)K * (size_t)j->nval, nr = (size_t)(a->nper + 1) * (size_t)a->nvar;
    a->contrib = ps_calloc(nk + 1, sizeof(double));
    a->growth_contrib = ps_calloc(nk + 1, sizeof(double));
    if (a->sampled) {
        a->se = ps_calloc(nk + 1, sizeof(double));
        a->growth_se = ps_calloc(nk + 1, sizeof(double));
    }
    a->base = ps_malloc(sizeof(double) * nr);
    a->alt = ps_malloc(sizeof(double) * nr);
    double *buf = ps_malloc(sizeof(double) * (3 * nr + 3 * (size_t)j->nval));
    if (!a->base_name || !a->alt_name || !a->model_name || !a->model_hash || !a->contrib ||
        !a->growth_contrib || (a->sampled && (!a->se || !a->growth_se)) || !a->base ||
        !a->alt || !buf) {
        ps_free(buf);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    j->y = buf, j->y0 = buf + nr, j->yprev = buf + 2 * nr;
    j->g = buf + 3 * nr, j->g0 = j->g + j->nval, j->gprev = j->g0 + j->nval;
    return PS_OK;
}

int ps_attribute(ps_scenario *base, ps_scenario *alt, const ps_attr_group *groups,
                 int ngroup, const ps_attr_opts *opts, ps_attribution **out,
                 ps_error *err) {
    *out = NULL;
    ps_attr_opts o = {0};
    if (opts) o = *opts;
    int rc = check_opts(&o, ngroup, err);
    if (!rc) rc = check_pair(base, alt, err);
    if (rc) return rc;
    job j;
    memset(&j, 0, sizeof j);
    j.a = ps_calloc(1, sizeof *j.a);
    if (j.a) j.a->pool_ = ps_arena_new();
    if (!j.a || !j.a->pool_) {
        ps_attribution_free(j.a);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    rc = setup(&j, base, alt, groups, ngroup, &o, err);
    double *buf = NULL;
    if (!rc) rc = alloc_out(&j, base, alt, &o, err);
    if (!rc) buf = j.y;
    if (!rc && j.rb.t0 < 1)
        rc = ps_error_set(err, PS_ERR_USAGE, "attribution: the horizon needs one period "
                                             "before it in the frame");
    if (!rc) rc = j.a->sampled ? run_sampled(&j, err) : run_exact(&j, err);
    ps_free(buf);
    free_changes(j.ch, j.K);
    ps_runner_free(&j.rb);
    if (rc) {
        ps_attribution_free(j.a);
        return rc;
    }
    *out = j.a;
    return PS_OK;
}

void ps_attribution_free(ps_attribution *a) {
    if (!a) return;
    ps_free(a->contrib);
    ps_free(a->growth_contrib);
    ps_free(a->se);
    ps_free(a->growth_se);
    ps_free(a->base);
    ps_free(a->alt);
    ps_arena_free(a->pool_);
    ps_free(a);
}

int ps_attribution_group(const ps_attribution *a, const char *name) {
    for (int g = 0; g < a->ngroup; g++)
        if (!strcmp(a->groups[g], name)) return g;
    return -1;
}

int ps_attribution_var(const ps_attribution *a, const char *name) {
    for (int v = 0; v < a->nvar; v++)
        if (!strcmp(a->vars[v], name)) return v;
    return -1;
}

double ps_attribution_total(const ps_attribution *a, int v, int t, int growth) {
    size_t n = (size_t)a->nvar;
    const double *b = a->base, *x = a->alt;
    if (!growth) return x[(t + 1) * n + v] - b[(t + 1) * n + v];
    return ps_growth_pct(x[(t + 1) * n + v], x[t * n + v]) -
           ps_growth_pct(b[(t + 1) * n + v], b[t * n + v]);
}
