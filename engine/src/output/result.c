#include "output/output.h"
#include "util/alloc.h"

#include "output/result_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

ps_result *ps_result_shell_(int nvar, int nper) {
    if (nvar < 0 || nper < 0) return NULL;
    size_t cells = (size_t)nvar * (size_t)nper;
    if (cells > SIZE_MAX / sizeof(double) - 1) return NULL;
    ps_result *r = ps_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->nvar = nvar;
    r->nper = nper;
    /* +1 everywhere: calloc(0) may return NULL, which would read as failure. */
    r->names = ps_calloc((size_t)nvar + 1, sizeof *r->names);
    r->descriptions = ps_calloc((size_t)nvar + 1, sizeof *r->descriptions);
    r->units = ps_calloc((size_t)nvar + 1, sizeof *r->units);
    r->kinds = ps_calloc((size_t)nvar + 1, sizeof *r->kinds);
    r->labels_zh = ps_calloc((size_t)nvar + 1, sizeof *r->labels_zh);
    r->units_zh = ps_calloc((size_t)nvar + 1, sizeof *r->units_zh);
    r->levers = ps_calloc((size_t)nvar + 1, sizeof *r->levers);
    r->data = ps_malloc((cells + 1) * sizeof *r->data);
    if (!r->names || !r->descriptions || !r->units || !r->kinds || !r->labels_zh ||
        !r->units_zh || !r->levers || !r->data) {
        ps_result_free(r);
        return NULL;
    }
    for (size_t i = 0; i < cells; i++) r->data[i] = NAN;
    return r;
}

void ps_result_free(ps_result *r) {
    if (!r) return;
    ps_free(r->scenario);
    ps_free(r->model_name);
    ps_free(r->model_title);
    ps_free(r->model_hash);
    ps_free(r->model_path);
    ps_free(r->engine_version);
    /* Strings of a pooled result live in one block; only the arrays are ours. */
    int nv = r->strpool_ ? 0 : r->nvar;
    ps_free_strings(r->names, nv);
    ps_free_strings(r->descriptions, nv);
    ps_free_strings(r->units, nv);
    ps_free_strings(r->kinds, nv);
    ps_free_strings(r->labels_zh, nv);
    ps_free_strings(r->units_zh, nv);
    ps_free(r->strpool_);
    ps_free(r->levers);
    ps_free(r->data);
    ps_free_strings(r->meta_keys, r->nmeta);
    ps_free_strings(r->meta_values, r->nmeta);
    ps_free(r);
}

int ps_result_col(const ps_result *r, const char *name) {
    if (!r || !name) return -1;
    for (int v = 0; v < r->nvar; v++)
        if (strcmp(r->names[v], name) == 0) return v;
    return -1;
}

int ps_lang_parse(const char *s, ps_lang *out) {
    if (!s || !out) return PS_ERR_USAGE;
    if (strcmp(s, "en") == 0) *out = PS_LANG_EN;
    else if (strcmp(s, "zh") == 0) *out = PS_LANG_ZH;
    else return PS_ERR_USAGE;
    return PS_OK;
}

/* A result read from an older file has no Chinese texts (NULL entries). */
static const char *zh_or(char *const *zh, int v, const char *en, ps_lang lang) {
    return lang == PS_LANG_ZH && zh && zh[v] && zh[v][0] ? zh[v] : en;
}

const char *ps_result_label(const ps_result *r, int v, ps_lang lang) {
    return zh_or(r->labels_zh, v, r->descriptions[v] ? r->descriptions[v] : "", lang);
}

const char *ps_result_unit(const ps_result *r, int v, ps_lang lang) {
    return zh_or(r->units_zh, v, r->units[v] ? r->units[v] : "", lang);
}

static int grow_meta(ps_result *r) {
    size_t n = (size_t)r->nmeta + 1;
    char **k = ps_realloc(r->meta_keys, n * sizeof *k);
    if (!k) return PS_ERR_NOMEM;
    r->meta_keys = k;
    char **v = ps_realloc(r->meta_values, n * sizeof *v);
    if (!v) return PS_ERR_NOMEM;
    r->meta_values = v;
    return PS_OK;
}

int ps_result_set_meta(ps_result *r, const char *key, const char *value, ps_error *err) {
    if (!r || !key || !value)
        return ps_error_set(err, PS_ERR_USAGE, "ps_result_set_meta: NULL argument");
    if (!key[0])
        return ps_error_set(err, PS_ERR_USAGE, "ps_result_set_meta: empty metadata key");
    char *v = ps_strdup(value);
    if (!v) return ps_error_set(err, PS_ERR_NOMEM, "out of memory setting metadata");
    for (int i = 0; i < r->nmeta; i++)
        if (strcmp(r->meta_keys[i], key) == 0) {
            ps_free(r->meta_values[i]);
            r->meta_values[i] = v;
            return PS_OK;
        }
    char *k = ps_strdup(key);
    if (!k || grow_meta(r) != PS_OK) {
        ps_free(k);
        ps_free(v);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory setting metadata");
    }
    r->meta_keys[r->nmeta] = k;
    r->meta_values[r->nmeta] = v;
    r->nmeta++;
    return PS_OK;
}

/* The result's columns after `period,phase`: phase marks the periods before
** solved_from as history (docs/output-format.md). */
static int write_csv(const ps_result *r, const char *path, unsigned flags, ps_error *err) {
    if (!r || !path)
        return ps_error_set(err, PS_ERR_USAGE, "ps_result_write_csv: NULL argument");
    /* A borrowed view: the frame writer never modifies or frees it. */
    ps_frame view = {.nvar = r->nvar, .nper = r->nper, .names = r->names,
                     .freq = r->freq, .start = r->start, .data = r->data};
    long from = r->solved_from - r->start;
    ps_csv_opts o = {.bom = (flags & PS_CSV_BOM) != 0, .phase = 1,
                     .phase_from = from < 0 ? 0 : from > r->nper ? r->nper : (int)from};
    return ps_frame_write_csv_opts(&view, NULL, 0, 0, r->nper - 1, &o, path, err);
}

int ps_result_write_csv(const ps_result *r, const char *path, ps_error *err) {
    return write_csv(r, path, 0, err);
}

static int has_ext(const char *path, const char *ext) {
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

int ps_result_write_opts(const ps_result *r, const char *path, unsigned flags, ps_error *err) {
    if (!r || !path) return ps_error_set(err, PS_ERR_USAGE, "ps_result_write: NULL argument");
    if (has_ext(path, ".json")) return ps_result_write_json(r, path, err);
    if (has_ext(path, ".csv")) return write_csv(r, path, flags, err);
    return ps_error_set(err, PS_ERR_USAGE, "cannot tell the format of '%s' from its "
                        "name: use a file name ending in .json or .csv", path);
}

int ps_result_write(const ps_result *r, const char *path, ps_error *err) {
    return ps_result_write_opts(r, path, 0, err);
}
