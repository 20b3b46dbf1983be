/*
** A Monte Carlo run as JSON (docs/output-format.md, "Monte Carlo files").
** Numbers are written by ps_num_format (shortest exact text), nothing
** depends on time, addresses or the thread count: the same seed gives the
** same bytes.
*/
#include "analysis/mc_int.h"
#include "util/alloc.h"
#include "io/io.h"
#include "polsim/version.h"
#include "util/jsonw.h"

#include <cjson/cJSON.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const int levels_pct[] = {5, 10, 25, 50, 75, 90, 95};
#define NLEVELS ((int)(sizeof levels_pct / sizeof levels_pct[0]))

typedef struct jw {
    ps_jw j;                    /* first: a jw * is a ps_jw * */
    const ps_mc *mc;
    double *buf;                /* [draws] scratch for one column */
} jw;

static cJSON *add(jw *w, cJSON *obj, const char *key, cJSON *item) {
    return ps_jw_add(&w->j, obj, key, item);
}
static void push(jw *w, cJSON *arr, cJSON *item) { ps_jw_push(&w->j, arr, item); }

static cJSON *period(const ps_mc *mc, long p) {
    char lab[PS_PERIOD_LABEL_MAX];
    return ps_jw_str(ps_period_format(p, mc->freq, lab, sizeof lab));
}

static cJSON *dist_json(jw *w, const ps_dist *d) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(w, o, "dist", ps_jw_str(ps_dist_name(d->kind)));
    switch (d->kind) {
    case PS_DIST_NORMAL:
        add(w, o, "mean", ps_jw_num(d->a));
        add(w, o, "sd", ps_jw_num(d->b));
        break;
    case PS_DIST_LOGNORMAL:
        add(w, o, "mu", ps_jw_num(d->a));
        add(w, o, "sigma", ps_jw_num(d->b));
        break;
    case PS_DIST_UNIFORM:
        add(w, o, "min", ps_jw_num(d->a));
        add(w, o, "max", ps_jw_num(d->b));
        break;
    case PS_DIST_TRIANGULAR:
        add(w, o, "min", ps_jw_num(d->a));
        add(w, o, "mode", ps_jw_num(d->c));
        add(w, o, "max", ps_jw_num(d->b));
        break;
    case PS_DIST_TRUNCNORMAL:
        add(w, o, "mean", ps_jw_num(d->a));
        add(w, o, "sd", ps_jw_num(d->b));
        add(w, o, "min", ps_jw_num(d->c)); /* null: unbounded */
        add(w, o, "max", ps_jw_num(d->d));
        break;
    case PS_DIST_CHOICE: {
        cJSON *a = add(w, o, "values", cJSON_CreateArray());
        for (int i = 0; a && i < d->nvalues; i++) push(w, a, ps_jw_num(d->values[i]));
        break;
    }
    }
    return o;
}

static void put_head(jw *w, cJSON *root) {
    const ps_mc *mc = w->mc;
    add(w, root, "schema", ps_jw_str(PS_MC_SCHEMA));
    add(w, root, "schema_version", ps_jw_int(PS_MC_SCHEMA_VERSION));
    cJSON *e = add(w, root, "engine", cJSON_CreateObject());
    if (e) add(w, e, "name", ps_jw_str("polsim")), add(w, e, "version", ps_jw_str(PS_VERSION_STRING));
    cJSON *m = add(w, root, "model", cJSON_CreateObject());
    if (m) add(w, m, "name", ps_jw_str(mc->model_name)), add(w, m, "hash", ps_jw_str(mc->model_hash));
    add(w, root, "scenario", ps_jw_str(mc->scenario_name));
    add(w, root, "frequency", ps_jw_str(ps_freq_name(mc->freq)));
    cJSON *p = add(w, root, "periods", cJSON_CreateArray());
    for (long t = mc->from; p && t <= mc->to; t++) push(w, p, period(mc, t));
    add(w, root, "draws", ps_jw_int(mc->draws));
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)mc->seed);
    add(w, root, "seed", cJSON_CreateRaw(seed));
    add(w, root, "rng", ps_jw_str("philox4x32-10"));
    add(w, root, "failed", ps_jw_int(mc->nfailed));
    if (mc->first_failed < 0) {
        add(w, root, "first_failure", cJSON_CreateNull());
    } else {
        cJSON *f = add(w, root, "first_failure", cJSON_CreateObject());
        char msg[PS_ERR_MSG_MAX + 1024];
        if (f) add(w, f, "draw", ps_jw_int(mc->first_failed)),
                   add(w, f, "message", ps_jw_str(ps_error_format(&mc->first_error, msg, sizeof msg)));
    }
}

static void put_inputs(jw *w, cJSON *root) {
    const ps_mc *mc = w->mc;
    static const char *const modes[] = {"none", "bootstrap", "normal"};
    cJSON *r = add(w, root, "residuals", cJSON_CreateObject());
    if (r) {
        add(w, r, "mode", ps_jw_str(modes[mc->residuals]));
        add(w, r, "equations", ps_jw_int(mc->nres_eq));
        cJSON *y = add(w, r, "years", cJSON_CreateArray());
        for (int i = 0; y && i < mc->nres_years; i++) push(w, y, period(mc, mc->res_years[i]));
    }
    cJSON *a = add(w, root, "inputs", cJSON_CreateArray());
    for (int i = 0; a && i < mc->ninputs && !w->j.oom; i++) {
        const mc_input *in = &mc->inputs[i];
        cJSON *o = cJSON_CreateObject();
        push(w, a, o);
        if (w->j.oom) return;
        add(w, o, "name", ps_jw_str(in->name));
        add(w, o, "kind", ps_jw_str(in->is_param ? "parameter" : "exogenous"));
        if (!in->is_param) {
            add(w, o, "mode", ps_jw_str(in->mode == PS_MC_LEVEL ? "level" : "shift"));
            if (in->mode == PS_MC_SHIFT) add(w, o, "rho", ps_jw_num(in->rho));
            add(w, o, "from", period(mc, in->from));
            add(w, o, "to", period(mc, in->to));
        }
        add(w, o, "distribution", dist_json(w, &in->dist));
    }
}

/* mean, sd and quantiles of one recorded series, levels or growth: one
** array per statistic with one value per period (null where no draw has a
** value). */
static void put_stats(jw *w, cJSON *obj, int k, int growth) {
    const ps_mc *mc = w->mc;
    cJSON *mean = add(w, obj, "mean", cJSON_CreateArray());
    cJSON *sd = add(w, obj, "sd", cJSON_CreateArray());
    cJSON *qs = add(w, obj, "quantiles", cJSON_CreateObject());
    cJSON *qa[NLEVELS];
    for (int j = 0; j < NLEVELS && qs; j++) {
        char key[8];
        snprintf(key, sizeof key, "%d", levels_pct[j]);
        qa[j] = add(w, qs, key, cJSON_CreateArray());
    }
    for (int t = 0; t < mc->nper && !w->j.oom; t++) {
        long n = ps_mc_gather(mc, k, t, growth, w->buf);
        gsl_sort(w->buf, 1, (size_t)n);
        push(w, mean, ps_jw_num(n ? gsl_stats_mean(w->buf, 1, (size_t)n) : NAN));
        push(w, sd, ps_jw_num(n > 1 ? gsl_stats_sd(w->buf, 1, (size_t)n) : NAN));
        for (int j = 0; j < NLEVELS && !w->j.oom; j++)
            push(w, qa[j], ps_jw_num(n ? gsl_stats_quantile_from_sorted_data(w->buf, 1, (size_t)n,
                                                                         levels_pct[j] / 100.0)
                                 : NAN));
    }
}

static void put_series(jw *w, cJSON *root) {
    const ps_mc *mc = w->mc;
    cJSON *lv = add(w, root, "quantile_levels", cJSON_CreateArray());
    for (int j = 0; lv && j < NLEVELS; j++) push(w, lv, ps_jw_num(levels_pct[j] / 100.0));
    cJSON *s = add(w, root, "series", cJSON_CreateObject());
    for (int k = 0; s && k < mc->nrec && !w->j.oom; k++) {
        cJSON *o = add(w, s, mc->rec[k].name, cJSON_CreateObject());
        if (!o) return;
        add(w, o, "description", ps_jw_str(mc->rec[k].description));
        add(w, o, "unit", ps_jw_str(mc->rec[k].unit));
        /* Added within version 1 and written only when the model gives
        ** them, as in result files: runs of models without Chinese texts
        ** keep their bytes, and older readers skip the keys. */
        if (mc->rec[k].label_zh[0]) add(w, o, "label_zh", ps_jw_str(mc->rec[k].label_zh));
        if (mc->rec[k].unit_zh[0]) add(w, o, "unit_zh", ps_jw_str(mc->rec[k].unit_zh));
        add(w, o, "before", ps_jw_num(mc->rec[k].prev));
        cJSON *l = add(w, o, "level", cJSON_CreateObject());
        if (l) put_stats(w, l, k, 0);
        cJSON *g = add(w, o, "growth", cJSON_CreateObject());
        if (g) put_stats(w, g, k, 1);
    }
}

static void put_kept(jw *w, cJSON *root) {
    const ps_mc *mc = w->mc;
    cJSON *o = add(w, root, "kept", cJSON_CreateObject());
    for (int i = 0; o && i < mc->nkeep && !w->j.oom; i++) {
        int k = mc->keep[i];
        cJSON *rows = add(w, o, mc->rec[k].name, cJSON_CreateArray());
        for (long d = 0; rows && d < mc->draws && !w->j.oom; d++) {
            cJSON *row = cJSON_CreateArray();
            push(w, rows, row);
            for (int t = 0; row && t < mc->nper && !w->j.oom; t++)
                push(w, row, ps_jw_num(ps_mc_column(mc, k, t)[d]));
        }
    }
}

int ps_mc_write_json(const ps_mc *mc, const char *path, ps_error *err) {
    jw w = {{0}, mc, ps_malloc(sizeof(double) * (size_t)mc->draws)};
    cJSON *root = cJSON_CreateObject();
    char *text = NULL;
    if (w.buf && root) {
        put_head(&w, root);
        if (!w.j.oom) put_inputs(&w, root);
        if (!w.j.oom) put_series(&w, root);
        if (!w.j.oom) put_kept(&w, root);
        if (!w.j.oom) text = ps_jw_print(root);
    }
    cJSON_Delete(root);
    ps_free(w.buf);
    if (!text) return ps_error_set(err, PS_ERR_NOMEM, "out of memory writing '%s'", path);
    int rc = ps_file_write_atomic(path, text, strlen(text), err);
    ps_free(text);
    return rc;
}
