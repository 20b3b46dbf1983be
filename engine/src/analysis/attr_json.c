/*
** JSON files of attributions, sweeps and tornado charts
** (docs/output-format.md).  Numbers go in as the shortest text that reads
** back as the same double (ps_num_format), missing values as null; the
** document is written atomically.
*/
#include "polsim/attribute.h"
#include "polsim/io.h"
#include "polsim/sweep.h"
#include "polsim/version.h"
#include "analysis/attr_int.h"
#include "util/num.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jw {
    int oom;
} jw;

static cJSON *put(jw *w, cJSON *parent, const char *key, cJSON *item) {
    int ok = item && (key ? cJSON_AddItemToObject(parent, key, item)
                          : cJSON_AddItemToArray(parent, item));
    if (!ok) {
        cJSON_Delete(item);
        w->oom = 1;
        return NULL;
    }
    return item;
}

static cJSON *jnum(double x) {
    if (!isfinite(x)) return cJSON_CreateNull();
    char buf[PS_NUM_BUF];
    ps_num_format(x, buf);
    return cJSON_CreateRaw(buf);
}

static cJSON *jint(long x) {
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", x);
    return cJSON_CreateRaw(buf);
}

static cJSON *jstr(const char *s) { return cJSON_CreateString(s ? s : ""); }

static void put_head(jw *w, cJSON *root, const char *schema, const char *model,
                     const char *hash) {
    put(w, root, "schema", jstr(schema));
    put(w, root, "schema_version", jint(1));
    put(w, root, "engine_version", jstr(PS_VERSION_STRING));
    cJSON *m = put(w, root, "model", cJSON_CreateObject());
    if (!m) return;
    put(w, m, "name", jstr(model));
    put(w, m, "hash", jstr(hash));
}

static void put_periods(jw *w, cJSON *root, ps_freq f, long start, int n) {
    put(w, root, "frequency", jstr(ps_freq_name(f)));
    cJSON *a = put(w, root, "periods", cJSON_CreateArray());
    for (int t = 0; a && t < n; t++) {
        char lab[PS_PERIOD_LABEL_MAX];
        put(w, a, NULL, jstr(ps_period_format(start + t, f, lab, sizeof lab)));
    }
}

/* n values x[i * stride] as an array under key. */
static void put_row(jw *w, cJSON *parent, const char *key, const double *x, int n,
                    size_t stride) {
    cJSON *a = put(w, parent, key, cJSON_CreateArray());
    for (int i = 0; a && i < n; i++) put(w, a, NULL, jnum(x[(size_t)i * stride]));
}

static int finish(jw *w, cJSON *root, const char *path, ps_error *err) {
    char *text = w->oom ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int rc = ps_file_write_atomic(path, text, strlen(text), err);
    cJSON_free(text);
    return rc;
}

/* ---- attribution ---- */

static void put_part(jw *w, cJSON *var, const ps_attribution *a, int v, int growth) {
    int n = a->nper;
    size_t nv = (size_t)a->nvar;
    double *buf = malloc(sizeof(double) * 3 * (size_t)(n ? n : 1));
    if (!buf) {
        w->oom = 1;
        return;
    }
    for (int t = 0; t < n; t++) {
        const double *b = a->base, *x = a->alt;
        buf[t] = growth ? ps_growth_pct(b[(t + 1) * nv + v], b[t * nv + v]) : b[(t + 1) * nv + v];
        buf[n + t] = growth ? ps_growth_pct(x[(t + 1) * nv + v], x[t * nv + v]) : x[(t + 1) * nv + v];
        buf[2 * n + t] = ps_attribution_total(a, v, t, growth);
    }
    put_row(w, var, "base", buf, n, 1);
    put_row(w, var, "alt", buf + n, n, 1);
    put_row(w, var, "total", buf + 2 * n, n, 1);
    free(buf);
    const double *c = growth ? a->growth_contrib : a->contrib;
    const double *se = growth ? a->growth_se : a->se;
    cJSON *co = put(w, var, "contributions", cJSON_CreateObject());
    for (int g = 0; co && g < a->ngroup; g++)
        put_row(w, co, a->groups[g], c + (size_t)g * (size_t)n * nv + (size_t)v, n, nv);
    if (!se) return;
    cJSON *so = put(w, var, "se", cJSON_CreateObject());
    for (int g = 0; so && g < a->ngroup; g++)
        put_row(w, so, a->groups[g], se + (size_t)g * (size_t)n * nv + (size_t)v, n, nv);
}

int ps_attribution_write_json(const ps_attribution *a, const char *path, ps_error *err) {
    jw w = {0};
    cJSON *root = cJSON_CreateObject();
    if (!root) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    put_head(&w, root, "polsim.attribution", a->model_name, a->model_hash);
    put(&w, root, "base", jstr(a->base_name));
    put(&w, root, "alt", jstr(a->alt_name));
    put(&w, root, "method", jstr(a->sampled ? "sampled" : "exact"));
    put(&w, root, "runs", jint(a->runs));
    put(&w, root, "samples", a->sampled ? jint(a->samples) : cJSON_CreateNull());
    put(&w, root, "seed", a->sampled ? jint((long)a->seed) : cJSON_CreateNull());
    put_periods(&w, root, a->freq, a->start, a->nper);
    cJSON *gs = put(&w, root, "groups", cJSON_CreateArray());
    for (int g = 0; gs && g < a->ngroup; g++) {
        cJSON *o = put(&w, gs, NULL, cJSON_CreateObject());
        if (!o) break;
        put(&w, o, "name", jstr(a->groups[g]));
        cJSON *in = put(&w, o, "inputs", cJSON_CreateArray());
        for (int i = 0; in && i < a->ninputs[g]; i++) put(&w, in, NULL, jstr(a->inputs[g][i]));
    }
    cJSON *vars = put(&w, root, "variables", cJSON_CreateObject());
    for (int v = 0; vars && v < a->nvar && !w.oom; v++) {
        cJSON *o = put(&w, vars, a->vars[v], cJSON_CreateObject());
        if (!o) break;
        put(&w, o, "unit", jstr(a->units[v]));
        put_part(&w, o, a, v, 0);
        cJSON *g = put(&w, o, "growth", cJSON_CreateObject());
        if (g) put_part(&w, g, a, v, 1);
    }
    return finish(&w, root, path, err);
}

/* ---- sweeps ---- */

static const char *design_name(ps_sweep_design d) {
    return d == PS_SWEEP_GRID ? "grid" : d == PS_SWEEP_LHS ? "lhs" : "sobol";
}

int ps_sweep_write_json(const ps_sweep *sw, const char *path, ps_error *err) {
    jw w = {0};
    cJSON *root = cJSON_CreateObject();
    if (!root) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    put_head(&w, root, "polsim.sweep", sw->model_name, sw->model_hash);
    put(&w, root, "scenario", jstr(sw->scenario));
    put(&w, root, "design", jstr(design_name(sw->design)));
    put(&w, root, "seed", sw->design == PS_SWEEP_LHS ? jint((long)sw->seed) : cJSON_CreateNull());
    put(&w, root, "points", jint(sw->npoints));
    put(&w, root, "failed", jint(sw->nfailed));
    put(&w, root, "first_error", sw->first_error ? jstr(sw->first_error) : cJSON_CreateNull());
    put_periods(&w, root, sw->freq, sw->start, sw->nper);
    cJSON *dims = put(&w, root, "dimensions", cJSON_CreateArray());
    for (int d = 0; dims && d < sw->ndim; d++) {
        cJSON *o = put(&w, dims, NULL, cJSON_CreateObject());
        if (!o) break;
        put(&w, o, "name", jstr(sw->dims[d]));
        put(&w, o, "kind", jstr(sw->dim_kinds[d]));
        put(&w, o, "from", jnum(sw->from[d]));
        put(&w, o, "to", jnum(sw->to[d]));
        put(&w, o, "n", sw->design == PS_SWEEP_GRID ? jint(sw->n[d]) : cJSON_CreateNull());
    }
    cJSON *in = put(&w, root, "inputs", cJSON_CreateObject());
    for (int d = 0; in && d < sw->ndim; d++)
        put_row(&w, in, sw->dims[d], sw->x + d, (int)sw->npoints, (size_t)sw->ndim);
    cJSON *fl = put(&w, root, "point_failed", cJSON_CreateArray());
    for (long i = 0; fl && i < sw->npoints; i++) put(&w, fl, NULL, cJSON_CreateBool(sw->failed[i]));
    cJSON *se = put(&w, root, "series", cJSON_CreateObject());
    size_t nv = (size_t)sw->nvar, rows = (size_t)sw->nper + 1;
    for (int v = 0; se && v < sw->nvar && !w.oom; v++) {
        cJSON *pts = put(&w, se, sw->vars[v], cJSON_CreateArray());
        for (long i = 0; pts && i < sw->npoints && !w.oom; i++)
            put_row(&w, pts, NULL, sw->y + ((size_t)i * rows + 1) * nv + (size_t)v, sw->nper, nv);
    }
    return finish(&w, root, path, err);
}

/* ---- tornado ---- */

int ps_tornado_write_json(const ps_tornado *t, const char *path, ps_error *err) {
    jw w = {0};
    cJSON *root = cJSON_CreateObject();
    if (!root) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    char lab[PS_PERIOD_LABEL_MAX];
    put_head(&w, root, "polsim.tornado", t->model_name, t->model_hash);
    put(&w, root, "scenario", jstr(t->scenario));
    put(&w, root, "variable", jstr(t->var));
    put(&w, root, "unit", jstr(t->growth ? "%" : t->unit));
    put(&w, root, "frequency", jstr(ps_freq_name(t->freq)));
    put(&w, root, "period", jstr(ps_period_format(t->period, t->freq, lab, sizeof lab)));
    put(&w, root, "growth", cJSON_CreateBool(t->growth));
    put(&w, root, "base", jnum(t->base));
    cJSON *bars = put(&w, root, "bars", cJSON_CreateArray());
    for (int i = 0; bars && i < t->nbar; i++) {
        cJSON *o = put(&w, bars, NULL, cJSON_CreateObject());
        if (!o) break;
        const ps_tornado_bar *b = &t->bars[i];
        put(&w, o, "name", jstr(b->name));
        put(&w, o, "low", jnum(b->low));
        put(&w, o, "high", jnum(b->high));
        put(&w, o, "value_low", jnum(b->value_low));
        put(&w, o, "value_high", jnum(b->value_high));
    }
    return finish(&w, root, path, err);
}
