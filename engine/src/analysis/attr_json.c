/*
** JSON files of attributions, sweeps and tornado charts
** (docs/output-format.md).  Numbers go in as the shortest text that reads
** back as the same double (ps_num_format), missing values as null; the
** document is written atomically.
*/
#include "analysis/attribute.h"
#include "util/alloc.h"
#include "io/io.h"
#include "analysis/sweep.h"
#include "polsim/version.h"
#include "analysis/attr_int.h"
#include "util/jsonw.h"
#include "util/num.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Under key in an object, or appended to an array (key NULL). */
static cJSON *put(ps_jw *w, cJSON *parent, const char *key, cJSON *item) {
    if (key) return ps_jw_add(w, parent, key, item);
    int before = w->oom;
    ps_jw_push(w, parent, item);
    return w->oom && !before ? NULL : item;
}

static void put_head(ps_jw *w, cJSON *root, const char *schema, const char *model,
                     const char *hash) {
    put(w, root, "schema", ps_jw_str(schema));
    put(w, root, "schema_version", ps_jw_int(1));
    put(w, root, "engine_version", ps_jw_str(PS_VERSION_STRING));
    cJSON *m = put(w, root, "model", cJSON_CreateObject());
    if (!m) return;
    put(w, m, "name", ps_jw_str(model));
    put(w, m, "hash", ps_jw_str(hash));
}

static void put_periods(ps_jw *w, cJSON *root, ps_freq f, long start, int n) {
    put(w, root, "frequency", ps_jw_str(ps_freq_name(f)));
    cJSON *a = put(w, root, "periods", cJSON_CreateArray());
    for (int t = 0; a && t < n; t++) {
        char lab[PS_PERIOD_LABEL_MAX];
        put(w, a, NULL, ps_jw_str(ps_period_format(start + t, f, lab, sizeof lab)));
    }
}

/* n values x[i * stride] as an array under key. */
static void put_row(ps_jw *w, cJSON *parent, const char *key, const double *x, int n,
                    size_t stride) {
    cJSON *a = put(w, parent, key, cJSON_CreateArray());
    for (int i = 0; a && i < n; i++) put(w, a, NULL, ps_jw_num(x[(size_t)i * stride]));
}

static int finish(ps_jw *w, cJSON *root, const char *path, ps_error *err) {
    char *text = w->oom ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int rc = ps_file_write_atomic(path, text, strlen(text), err);
    cJSON_free(text);
    return rc;
}

/* ---- attribution ---- */

static void put_part(ps_jw *w, cJSON *var, const ps_attribution *a, int v, int growth) {
    int n = a->nper;
    size_t nv = (size_t)a->nvar;
    double *buf = ps_malloc(sizeof(double) * 3 * (size_t)(n ? n : 1));
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
    ps_free(buf);
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
    ps_jw w = {0};
    cJSON *root = cJSON_CreateObject();
    if (!root) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    put_head(&w, root, "polsim.attribution", a->model_name, a->model_hash);
    put(&w, root, "base", ps_jw_str(a->base_name));
    put(&w, root, "alt", ps_jw_str(a->alt_name));
    put(&w, root, "method", ps_jw_str(a->sampled ? "sampled" : "exact"));
    put(&w, root, "runs", ps_jw_int(a->runs));
    put(&w, root, "samples", a->sampled ? ps_jw_int(a->samples) : cJSON_CreateNull());
    put(&w, root, "seed", a->sampled ? ps_jw_int((long)a->seed) : cJSON_CreateNull());
    put_periods(&w, root, a->freq, a->start, a->nper);
    cJSON *gs = put(&w, root, "groups", cJSON_CreateArray());
    for (int g = 0; gs && g < a->ngroup; g++) {
        cJSON *o = put(&w, gs, NULL, cJSON_CreateObject());
        if (!o) break;
        put(&w, o, "name", ps_jw_str(a->groups[g]));
        cJSON *in = put(&w, o, "inputs", cJSON_CreateArray());
        for (int i = 0; in && i < a->ninputs[g]; i++) put(&w, in, NULL, ps_jw_str(a->inputs[g][i]));
    }
    cJSON *vars = put(&w, root, "variables", cJSON_CreateObject());
    for (int v = 0; vars && v < a->nvar && !w.oom; v++) {
        cJSON *o = put(&w, vars, a->vars[v], cJSON_CreateObject());
        if (!o) break;
        put(&w, o, "unit", ps_jw_str(a->units[v]));
        /* Added within version 1, only when the model gives them (as in
        ** result files): files of models without Chinese texts keep their
        ** bytes. */
        if (a->labels_zh[v][0]) put(&w, o, "label_zh", ps_jw_str(a->labels_zh[v]));
        if (a->units_zh[v][0]) put(&w, o, "unit_zh", ps_jw_str(a->units_zh[v]));
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
    ps_jw w = {0};
    cJSON *root = cJSON_CreateObject();
    if (!root) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    put_head(&w, root, "polsim.sweep", sw->model_name, sw->model_hash);
    put(&w, root, "scenario", ps_jw_str(sw->scenario));
    put(&w, root, "design", ps_jw_str(design_name(sw->design)));
    put(&w, root, "seed", sw->design == PS_SWEEP_LHS ? ps_jw_int((long)sw->seed) : cJSON_CreateNull());
    put(&w, root, "points", ps_jw_int(sw->npoints));
    put(&w, root, "failed", ps_jw_int(sw->nfailed));
    put(&w, root, "first_error", sw->first_error ? ps_jw_str(sw->first_error) : cJSON_CreateNull());
    put_periods(&w, root, sw->freq, sw->start, sw->nper);
    cJSON *dims = put(&w, root, "dimensions", cJSON_CreateArray());
    for (int d = 0; dims && d < sw->ndim; d++) {
        cJSON *o = put(&w, dims, NULL, cJSON_CreateObject());
        if (!o) break;
        put(&w, o, "name", ps_jw_str(sw->dims[d]));
        put(&w, o, "kind", ps_jw_str(sw->dim_kinds[d]));
        put(&w, o, "from", ps_jw_num(sw->from[d]));
        put(&w, o, "to", ps_jw_num(sw->to[d]));
        put(&w, o, "n", sw->design == PS_SWEEP_GRID ? ps_jw_int(sw->n[d]) : cJSON_CreateNull());
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
    ps_jw w = {0};
    cJSON *root = cJSON_CreateObject();
    if (!root) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    char lab[PS_PERIOD_LABEL_MAX];
    put_head(&w, root, "polsim.tornado", t->model_name, t->model_hash);
    put(&w, root, "scenario", ps_jw_str(t->scenario));
    put(&w, root, "variable", ps_jw_str(t->var));
    put(&w, root, "unit", ps_jw_str(t->growth ? "%" : t->unit));
    /* as in attribution files; a growth tornado's unit is "%" in any language */
    if (t->label_zh[0]) put(&w, root, "label_zh", ps_jw_str(t->label_zh));
    if (!t->growth && t->unit_zh[0]) put(&w, root, "unit_zh", ps_jw_str(t->unit_zh));
    put(&w, root, "frequency", ps_jw_str(ps_freq_name(t->freq)));
    put(&w, root, "period", ps_jw_str(ps_period_format(t->period, t->freq, lab, sizeof lab)));
    put(&w, root, "growth", cJSON_CreateBool(t->growth));
    put(&w, root, "base", ps_jw_num(t->base));
    cJSON *bars = put(&w, root, "bars", cJSON_CreateArray());
    for (int i = 0; bars && i < t->nbar; i++) {
        cJSON *o = put(&w, bars, NULL, cJSON_CreateObject());
        if (!o) break;
        const ps_tornado_bar *b = &t->bars[i];
        put(&w, o, "name", ps_jw_str(b->name));
        put(&w, o, "low", ps_jw_num(b->low));
        put(&w, o, "high", ps_jw_num(b->high));
        put(&w, o, "value_low", ps_jw_num(b->value_low));
        put(&w, o, "value_high", ps_jw_num(b->value_high));
    }
    return finish(&w, root, path, err);
}
