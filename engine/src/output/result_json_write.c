#include "output/output.h"
#include "util/alloc.h"
#include "io/io.h"

#include "frame/frame_int.h"
#include "output/result_internal.h"
#include "util/jsonw.h"
#include "util/num.h"
#include "util/utf8.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** result -> JSON (docs/output-format.md).  cJSON builds and prints the
** tree, but numbers are inserted as raw text from ps_num_format: cJSON's own
** printer accepts a 15-digit form that is only within one ulp of the value
** (0.30000000000000004 prints as 0.3, DBL_MAX as a number that reads back as
** infinity).  Nothing in the document depends on time or addresses, so the
** same result always gives the same bytes.
*/

/* An infinity is neither a number JSON can hold nor a missing value:
** refuse it rather than change it. */
static int check_finite(const ps_result *r, ps_error *err) {
    for (int t = 0; t < r->nper; t++)
        for (int v = 0; v < r->nvar; v++) {
            double x = r->data[(size_t)t * (size_t)r->nvar + (size_t)v];
            if (isinf(x))
                return ps_frame_inf_error(err, r->names[v], r->start + t, r->freq, x,
                                          "JSON holds finite numbers (or null for missing "
                                          "values)");
        }
    return PS_OK;
}

static cJSON *obj_of(ps_jw *w, cJSON *parent, const char *key) {
    cJSON *o = cJSON_CreateObject();
    ps_jw_add(w, parent, key, o);
    return w->oom ? NULL : o;
}

static cJSON *arr_of(ps_jw *w, cJSON *parent, const char *key) {
    cJSON *a = cJSON_CreateArray();
    ps_jw_add(w, parent, key, a);
    return w->oom ? NULL : a;
}

static void put_head(ps_jw *w, cJSON *root, const ps_result *r) {
    ps_jw_add(w, root, "schema", ps_jw_str(PS_RESULT_SCHEMA));
    ps_jw_add(w, root, "schema_version", ps_jw_int(PS_RESULT_SCHEMA_VERSION));
    cJSON *e = obj_of(w, root, "engine");
    if (!e) return;
    ps_jw_add(w, e, "name", ps_jw_str("polsim"));
    ps_jw_add(w, e, "version", ps_jw_str(r->engine_version));
    cJSON *m = obj_of(w, root, "model");
    if (!m) return;
    ps_jw_add(w, m, "name", ps_jw_str(r->model_name));
    ps_jw_add(w, m, "title", ps_jw_str(r->model_title));
    ps_jw_add(w, m, "hash", ps_jw_str(r->model_hash));
    ps_jw_add(w, m, "path", ps_jw_str(r->model_path));
    ps_jw_add(w, root, "scenario", ps_jw_str(r->scenario));
    cJSON *meta = obj_of(w, root, "meta");
    for (int i = 0; meta && i < r->nmeta; i++)
        ps_jw_add(w, meta, r->meta_keys[i], ps_jw_str(r->meta_values[i]));
}

static void put_periods(ps_jw *w, cJSON *root, const ps_result *r) {
    ps_jw_add(w, root, "frequency", ps_jw_str(ps_freq_name(r->freq)));
    cJSON *p = arr_of(w, root, "periods");
    for (int t = 0; p && t < r->nper; t++) {
        char label[PS_PERIOD_LABEL_MAX];
        ps_jw_push(w, p, ps_jw_str(ps_period_format(r->start + t, r->freq, label, sizeof label)));
    }
    char first[PS_PERIOD_LABEL_MAX];
    ps_jw_add(w, root, "solved_from", ps_jw_str(ps_period_format(r->solved_from, r->freq, first, sizeof first)));
}

static void put_diag(ps_jw *w, cJSON *root, const ps_solve_diag *d) {
    cJSON *o = obj_of(w, root, "diagnostics");
    if (!o) return;
    ps_jw_add(w, o, "periods", ps_jw_int(d->periods));
    ps_jw_add(w, o, "explicit_evals", ps_jw_int(d->explicit_evals));
    ps_jw_add(w, o, "blocks_solved", ps_jw_int(d->blocks_solved));
    ps_jw_add(w, o, "newton_iterations", ps_jw_int(d->newton_iterations));
    ps_jw_add(w, o, "max_iterations", ps_jw_int(d->max_iterations));
    ps_jw_add(w, o, "halvings", ps_jw_int(d->halvings));
    ps_jw_add(w, o, "max_residual", ps_jw_num(d->max_residual));
    ps_jw_add(w, o, "sparse_blocks", ps_jw_int(d->sparse_blocks));
}

static void put_vars(ps_jw *w, cJSON *root, const ps_result *r) {
    cJSON *vars = arr_of(w, root, "variables");
    for (int v = 0; vars && v < r->nvar && !w->oom; v++) {
        cJSON *o = cJSON_CreateObject();
        ps_jw_push(w, vars, o);
        if (w->oom) return;
        ps_jw_add(w, o, "name", ps_jw_str(r->names[v]));
        ps_jw_add(w, o, "description", ps_jw_str(r->descriptions[v]));
        ps_jw_add(w, o, "unit", ps_jw_str(r->units[v]));
        ps_jw_add(w, o, "kind", ps_jw_str(r->kinds[v]));
        ps_jw_add(w, o, "lever", cJSON_CreateBool(r->levers && r->levers[v]));
        /* Added within version 1, only when the model gives them: results of
        ** models without Chinese texts keep their bytes. */
        if (r->labels_zh && r->labels_zh[v] && r->labels_zh[v][0])
            ps_jw_add(w, o, "label_zh", ps_jw_str(r->labels_zh[v]));
        if (r->units_zh && r->units_zh[v] && r->units_zh[v][0])
            ps_jw_add(w, o, "unit_zh", ps_jw_str(r->units_zh[v]));
    }
}

static void put_series(ps_jw *w, cJSON *root, const ps_result *r) {
    cJSON *s = obj_of(w, root, "series");
    for (int v = 0; s && v < r->nvar && !w->oom; v++) {
        cJSON *a = arr_of(w, s, r->names[v]);
        for (int t = 0; a && t < r->nper; t++)
            ps_jw_push(w, a, ps_jw_num(r->data[(size_t)t * (size_t)r->nvar + (size_t)v]));
    }
}

/* cJSON copies bytes above 0x7F as they are, so a name or text that is not
** UTF-8 (a Latin-1 title, a scenario name from a script) would make the file
** unreadable for JSON tools: refuse it, quoting the text around it. */
static int check_utf8(char **out, ps_error *err) {
    size_t n = strlen(*out), bad = ps_utf8_invalid(*out, n);
    if (bad == n) return PS_OK;
    size_t from = bad;
    while (from > 0 && (*out)[from - 1] != '"' && bad - from < 40) from--;
    char near[64];
    size_t k = 0;
    for (size_t i = from; i < n && k + 1 < sizeof near && (*out)[i] != '"'; i++)
        near[k++] = (unsigned char)(*out)[i] < 0x80 ? (*out)[i] : '?';
    near[k] = '\0';
    int rc = ps_error_set(err, PS_ERR_DATA,
                          "the result holds text that is not valid UTF-8 (byte 0x%02X in "
                          "\"%s\"); names, titles and metadata must be UTF-8",
                          (unsigned char)(*out)[bad], near);
    ps_free(*out);
    *out = NULL;
    return rc;
}

int ps_result_to_json(const ps_result *r, char **out, ps_error *err) {
    if (!r || !out) return ps_error_set(err, PS_ERR_USAGE, "ps_result_to_json: NULL argument");
    *out = NULL;
    int rc = check_finite(r, err);
    if (rc != PS_OK) return rc;
    ps_jw w = {0};
    cJSON *root = cJSON_CreateObject();
    if (!root) return ps_error_set(err, PS_ERR_NOMEM, "out of memory writing JSON");
    put_head(&w, root, r);
    if (!w.oom) put_periods(&w, root, r);
    if (!w.oom) put_diag(&w, root, &r->diag);
    if (!w.oom) put_vars(&w, root, r);
    if (!w.oom) put_series(&w, root, r);
    if (!w.oom) *out = ps_jw_print(root);
    cJSON_Delete(root);
    if (!*out) return ps_error_set(err, PS_ERR_NOMEM, "out of memory writing JSON");
    return check_utf8(out, err);
}

int ps_result_write_json(const ps_result *r, const char *path, ps_error *err) {
    if (!r || !path)
        return ps_error_set(err, PS_ERR_USAGE, "ps_result_write_json: NULL argument");
    char *text = NULL;
    int rc = ps_result_to_json(r, &text, err);
    if (rc == PS_OK) rc = ps_file_write_atomic(path, text, strlen(text), err);
    ps_free(text);
    return rc;
}
