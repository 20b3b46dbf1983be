#include "output/output.h"
#include "util/alloc.h"
#include "io/io.h"

#include "output/result_internal.h"
#include "util/jsonr.h"
#include "util/names.h"
#include "util/utf8.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A result of 10^4 series over 10^3 periods is some 300 MB of JSON. */
#define RESULT_MAX_BYTES ((size_t)512 << 20)

/*
** JSON -> result, checking every field of schema version 1 and naming the
** one that is wrong ("series.gdp[3]: expected a number or null").  Fields
** this version does not know are ignored: later minor additions to the
** schema keep version 1 (docs/output-format.md, "Versioning").
*/

/* Largest whole number a double (and so a JSON number here) holds exactly. */
#define JSON_INT_MAX 9007199254740992L

/* Two equal keys in one object would make "which one counts" a guess. */
static int no_dup_keys(ps_jr *j, const cJSON *obj, const char *where) {
    int n = 0, a, b;
    for (const cJSON *e = obj->child; e; e = e->next) n++;
    const char **keys = ps_malloc(((size_t)n + 1) * sizeof *keys);
    if (!keys) return ps_jr_nomem(j);
    n = 0;
    for (const cJSON *e = obj->child; e; e = e->next) keys[n++] = e->string;
    ps_name_ix *ix = ps_names_index(keys, n);
    int dup = ix ? ps_names_first_dup(ix, n, &a, &b) : 0;
    const char *key = dup ? keys[b] : NULL;
    int oom = !ix;
    ps_free(ix);
    ps_free(keys);
    if (oom) return ps_jr_nomem(j);
    if (dup) return ps_jr_bad(j, "%s%s%s: appears twice", where, where[0] ? "." : "", key);
    return PS_OK;
}

static int get_obj(ps_jr *j, const cJSON *parent, const char *where, const char *key,
                   const cJSON **out) {
    char p[256];
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(parent, key);
    ps_jr_path(p, sizeof p, where, key);
    if (!o) return ps_jr_bad(j, "%s: missing (expected an object)", p);
    if (!cJSON_IsObject(o)) return ps_jr_bad(j, "%s: expected an object", p);
    *out = o;
    return no_dup_keys(j, o, p);
}

/* A non-negative integer no larger than max. */
static int get_count(ps_jr *j, const cJSON *parent, const char *where, const char *key,
                     long max, long *out) {
    char p[256];
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(parent, key);
    ps_jr_path(p, sizeof p, where, key);
    if (!n) return ps_jr_bad(j, "%s: missing (expected a whole number)", p);
    double x = cJSON_IsNumber(n) ? n->valuedouble : -1;
    if (!(x >= 0 && x <= (double)max && x == floor(x)))
        return ps_jr_bad(j, "%s: expected a whole number from 0 to %ld", p, max);
    *out = (long)x;
    return PS_OK;
}

static int check_schema(ps_jr *j, const cJSON *root) {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "schema");
    if (!s)
        return ps_jr_bad(j, "schema: missing: this is not a polsim result (expected \"schema\": "
                   "\"%s\")", PS_RESULT_SCHEMA);
    if (!cJSON_IsString(s) || strcmp(s->valuestring, PS_RESULT_SCHEMA) != 0)
        return ps_jr_bad(j, "schema: expected \"%s\"%s%s%s", PS_RESULT_SCHEMA,
                   cJSON_IsString(s) ? ", found \"" : "",
                   cJSON_IsString(s) ? s->valuestring : "", cJSON_IsString(s) ? "\"" : "");
    long v = 0;
    int rc = get_count(j, root, "", "schema_version", JSON_INT_MAX, &v);
    if (rc != PS_OK) return rc;
    if (v > PS_RESULT_SCHEMA_VERSION)
        return ps_jr_bad(j, "schema_version: this file has version %ld of %s, newer than the "
                   "version %d this polsim reads: upgrade polsim to read it",
                   v, PS_RESULT_SCHEMA, PS_RESULT_SCHEMA_VERSION);
    if (v < 1) return ps_jr_bad(j, "schema_version: expected a version from 1 to %d",
                          PS_RESULT_SCHEMA_VERSION);
    return PS_OK;
}

static int read_head(ps_jr *j, const cJSON *root, ps_result *r) {
    const cJSON *e = NULL, *m = NULL;
    char *ename = NULL;
    int rc = get_obj(j, root, "", "engine", &e);
    if (rc == PS_OK) rc = ps_jr_str(j, e, "engine", "name", &ename);
    ps_free(ename);
    if (rc == PS_OK) rc = ps_jr_str(j, e, "engine", "version", &r->engine_version);
    if (rc == PS_OK) rc = get_obj(j, root, "", "model", &m);
    if (rc == PS_OK) rc = ps_jr_str(j, m, "model", "name", &r->model_name);
    if (rc == PS_OK) rc = ps_jr_str(j, m, "model", "title", &r->model_title);
    if (rc == PS_OK) rc = ps_jr_str(j, m, "model", "hash", &r->model_hash);
    if (rc == PS_OK) rc = ps_jr_str(j, m, "model", "path", &r->model_path);
    if (rc == PS_OK) rc = ps_jr_str(j, root, "", "scenario", &r->scenario);
    return rc;
}

/* Keys are known to differ (get_obj checked), so entries are appended
** without ps_result_set_meta's search, which would be quadratic. */
static int read_meta(ps_jr *j, const cJSON *root, ps_result *r) {
    const cJSON *meta = NULL;
    int rc = get_obj(j, root, "", "meta", &meta);
    if (rc != PS_OK) return rc;
    int n = cJSON_GetArraySize(meta);
    r->meta_keys = ps_calloc((size_t)n + 1, sizeof *r->meta_keys);
    r->meta_values = ps_calloc((size_t)n + 1, sizeof *r->meta_values);
    if (!r->meta_keys || !r->meta_values) return ps_jr_nomem(j);
    for (const cJSON *e = meta->child; e; e = e->next) {
        if (!cJSON_IsString(e)) return ps_jr_bad(j, "meta.%s: expected a string", e->string);
        if (!e->string[0]) return ps_jr_bad(j, "meta: a key is empty");
        r->meta_keys[r->nmeta] = ps_strdup(e->string);
        r->meta_values[r->nmeta] = ps_strdup(e->valuestring);
        r->nmeta++;   /* counted at once so that ps_result_free frees both */
        if (!r->meta_keys[r->nmeta - 1] || !r->meta_values[r->nmeta - 1]) return ps_jr_nomem(j);
    }
    return PS_OK;
}

/* Parse the frequency and check "periods" (count, labels, consecutive). */
static int read_periods(ps_jr *j, const cJSON *root, ps_freq *freq, long *start, int *nper) {
    char *fs = NULL;
    int rc = ps_jr_str(j, root, "", "frequency", &fs);
    if (rc != PS_OK) return rc;
    rc = ps_freq_parse(fs, freq);
    ps_free(fs);
    if (rc != PS_OK) return ps_jr_bad(j, "frequency: expected \"annual\", \"quarterly\" or \"monthly\"");
    const cJSON *ps = cJSON_GetObjectItemCaseSensitive(root, "periods");
    if (!ps) return ps_jr_bad(j, "periods: missing (expected an array of period labels)");
    if (!cJSON_IsArray(ps) || !ps->child)
        return ps_jr_bad(j, "periods: expected a non-empty array of period labels");
    int i = 0;
    for (const cJSON *e = ps->child; e; e = e->next, i++) {
        long p;
        if (!cJSON_IsString(e)) return ps_jr_bad(j, "periods[%d]: expected a period label", i);
        if (ps_period_parse(e->valuestring, *freq, &p, j->err) != PS_OK)
            return ps_jr_bad(j, "periods[%d]: %s", i, j->err ? j->err->message : "bad label");
        if (i == 0) *start = p;
        else if (p != *start + i)
            return ps_jr_bad(j, "periods[%d]: '%s' does not follow periods[%d]: periods must be "
                       "consecutive", i, e->valuestring, i - 1);
        if (i == INT_MAX - 1) return ps_jr_bad(j, "periods: too many periods");
    }
    *nper = i;
    return PS_OK;
}

/* "solved_from" (added within version 1): optional; absent means every
** period was solved.  When present it must be one of the periods. */
static int read_solved_from(ps_jr *j, const cJSON *root, ps_result *r) {
    r->solved_from = r->start;
    const cJSON *sf = cJSON_GetObjectItemCaseSensitive(root, "solved_from");
    if (!sf) return PS_OK;
    long p;
    if (!cJSON_IsString(sf) || ps_period_parse(sf->valuestring, r->freq, &p, j->err) != PS_OK)
        return ps_jr_bad(j, "solved_from: expected a period label");
    if (p < r->start || p >= r->start + r->nper)
        return ps_jr_bad(j, "solved_from: '%s' is not one of the periods", sf->valuestring);
    r->solved_from = p;
    return PS_OK;
}

/* A string field added within version 1: absent reads as "". */
static int get_opt_str(ps_jr *j, const cJSON *parent, const char *where, const char *key,
                       char **out) {
    if (!cJSON_GetObjectItemCaseSensitive(parent, key)) {
        *out = ps_strdup("");
        return *out ? PS_OK : ps_jr_nomem(j);
    }
    return ps_jr_str(j, parent, where, key, out);
}

static int kind_ok(const char *k) {
    return strcmp(k, PS_KIND_ENDO) == 0 || strcmp(k, PS_KIND_EXO) == 0 ||
           strcmp(k, PS_KIND_ADDFACTOR) == 0;
}

static int read_var(ps_jr *j, const cJSON *o, int v, ps_result *r) {
    char w[64];
    snprintf(w, sizeof w, "variables[%d]", v);
    if (!cJSON_IsObject(o)) return ps_jr_bad(j, "%s: expected an object", w);
    int rc = no_dup_keys(j, o, w);
    if (rc == PS_OK) rc = ps_jr_str(j, o, w, "name", &r->names[v]);
    if (rc == PS_OK) rc = ps_jr_str(j, o, w, "description", &r->descriptions[v]);
    if (rc == PS_OK) rc = ps_jr_str(j, o, w, "unit", &r->units[v]);
    if (rc == PS_OK) rc = ps_jr_str(j, o, w, "kind", &r->kinds[v]);
    if (rc == PS_OK) rc = get_opt_str(j, o, w, "label_zh", &r->labels_zh[v]);
    if (rc == PS_OK) rc = get_opt_str(j, o, w, "unit_zh", &r->units_zh[v]);
    if (rc != PS_OK) return rc;
    if (!r->names[v][0]) return ps_jr_bad(j, "%s.name: expected a non-empty name", w);
    if (!kind_ok(r->kinds[v]))
        return ps_jr_bad(j, "%s.kind: expected \"%s\", \"%s\" or \"%s\", found \"%s\"", w,
                   PS_KIND_ENDO, PS_KIND_EXO, PS_KIND_ADDFACTOR, r->kinds[v]);
    const cJSON *lever = cJSON_GetObjectItemCaseSensitive(o, "lever");
    if (!lever) return ps_jr_bad(j, "%s.lever: missing (expected true or false)", w);
    if (!cJSON_IsBool(lever)) return ps_jr_bad(j, "%s.lever: expected true or false", w);
    r->levers[v] = cJSON_IsTrue(lever);
    return PS_OK;
}

static int read_vars(ps_jr *j, const cJSON *vars, ps_result *r, ps_name_ix **ix) {
    int v = 0, a, b;
    for (const cJSON *o = vars->child; o; o = o->next, v++) {
        int rc = read_var(j, o, v, r);
        if (rc != PS_OK) return rc;
    }
    if (!(*ix = ps_names_index((const char *const *)r->names, r->nvar))) return ps_jr_nomem(j);
    if (ps_names_first_dup(*ix, r->nvar, &a, &b))
        return ps_jr_bad(j, "variables[%d].name: '%s' is also the name of variables[%d]", b,
                   r->names[b], a);
    return PS_OK;
}

static int read_values(ps_jr *j, const cJSON *a, int v, ps_result *r) {
    const char *name = r->names[v];
    if (!cJSON_IsArray(a)) return ps_jr_bad(j, "series.%s: expected an array", name);
    int t = 0;
    for (const cJSON *e = a->child; e; e = e->next, t++) {
        if (t >= r->nper)
            return ps_jr_bad(j, "series.%s: has more than the %d values of \"periods\"", name,
                       r->nper);
        double x = NAN;
        if (cJSON_IsNumber(e)) x = e->valuedouble;
        else if (!cJSON_IsNull(e))
            return ps_jr_bad(j, "series.%s[%d]: expected a number or null", name, t);
        if (isinf(x))
            return ps_jr_bad(j, "series.%s[%d]: number out of range for a double", name, t);
        r->data[(size_t)t * (size_t)r->nvar + (size_t)v] = x;
    }
    if (t != r->nper)
        return ps_jr_bad(j, "series.%s: has %d values, expected one per period (%d)", name, t,
                   r->nper);
    return PS_OK;
}

/* Variable index of a series key: usually the same position. */
static int var_of(const ps_result *r, const ps_name_ix *ix, const char *key, int guess) {
    if (guess < r->nvar && strcmp(r->names[guess], key) == 0) return guess;
    return ps_names_find(ix, r->nvar, key);
}

static int read_series(ps_jr *j, const cJSON *root, ps_result *r, const ps_name_ix *ix) {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "series");
    if (!s) return ps_jr_bad(j, "series: missing (expected an object)");
    if (!cJSON_IsObject(s)) return ps_jr_bad(j, "series: expected an object");
    char *seen = ps_calloc((size_t)r->nvar + 1, 1);
    if (!seen) return ps_jr_nomem(j);
    int rc = PS_OK, i = 0;
    for (const cJSON *a = s->child; rc == PS_OK && a; a = a->next, i++) {
        int v = var_of(r, ix, a->string, i);
        if (v < 0) rc = ps_jr_bad(j, "series.%s: not one of the \"variables\"", a->string);
        else if (seen[v]) rc = ps_jr_bad(j, "series.%s: appears twice", a->string);
        else {
            seen[v] = 1;
            rc = read_values(j, a, v, r);
        }
    }
    for (int v = 0; rc == PS_OK && v < r->nvar; v++)
        if (!seen[v]) rc = ps_jr_bad(j, "series.%s: missing (every variable needs a series)",
                               r->names[v]);
    ps_free(seen);
    return rc;
}

static int read_diag(ps_jr *j, const cJSON *root, ps_solve_diag *d) {
    const cJSON *o = NULL;
    long x[7] = {0};
    static const char *const keys[7] = {"periods", "explicit_evals", "blocks_solved",
        "newton_iterations", "max_iterations", "halvings", "sparse_blocks"};
    static const int small[7] = {1, 0, 0, 0, 1, 0, 1};   /* int fields, not long */
    int rc = get_obj(j, root, "", "diagnostics", &o);
    for (int i = 0; rc == PS_OK && i < 7; i++)
        rc = get_count(j, o, "diagnostics", keys[i], small[i] ? INT_MAX : JSON_INT_MAX, &x[i]);
    if (rc != PS_OK) return rc;
    const cJSON *mr = cJSON_GetObjectItemCaseSensitive(o, "max_residual");
    if (!mr) return ps_jr_bad(j, "diagnostics.max_residual: missing (expected a number or null)");
    if (!cJSON_IsNumber(mr) && !cJSON_IsNull(mr))
        return ps_jr_bad(j, "diagnostics.max_residual: expected a number or null");
    d->periods = (int)x[0];
    d->explicit_evals = x[1];
    d->blocks_solved = x[2];
    d->newton_iterations = x[3];
    d->max_iterations = (int)x[4];
    d->halvings = x[5];
    d->sparse_blocks = (int)x[6];
    d->max_residual = cJSON_IsNumber(mr) ? mr->valuedouble : NAN;
    return PS_OK;
}

static int read_doc(ps_jr *j, const cJSON *root, ps_result **out) {
    if (!cJSON_IsObject(root)) return ps_jr_bad(j, "expected a JSON object at the top level");
    ps_freq freq;
    long start = 0;
    int nper = 0;
    int rc = no_dup_keys(j, root, "");
    if (rc == PS_OK) rc = check_schema(j, root);
    if (rc == PS_OK) rc = read_periods(j, root, &freq, &start, &nper);
    if (rc != PS_OK) return rc;
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(root, "variables");
    if (!vars) return ps_jr_bad(j, "variables: missing (expected an array)");
    if (!cJSON_IsArray(vars)) return ps_jr_bad(j, "variables: expected an array");
    int nvar = cJSON_GetArraySize(vars);
    ps_result *r = ps_result_shell_(nvar, nper);
    if (!r) return ps_jr_nomem(j);
    r->freq = freq;
    r->start = start;
    rc = read_head(j, root, r);
    if (rc == PS_OK) rc = read_solved_from(j, root, r);
    if (rc == PS_OK) rc = read_meta(j, root, r);
    if (rc == PS_OK) rc = read_diag(j, root, &r->diag);
    ps_name_ix *ix = NULL;
    if (rc == PS_OK) rc = read_vars(j, vars, r, &ix);
    if (rc == PS_OK) rc = read_series(j, root, r, ix);
    ps_free(ix);
    if (rc != PS_OK) {
        ps_result_free(r);
        return rc;
    }
    *out = r;
    return PS_OK;
}

static int syntax_error(ps_jr *j, const char *text, size_t len, const char *at, const char *what) {
    int line, col;
    if (!at || at < text || at > text + len) at = text + len;
    ps_text_locate(text, (size_t)(at - text), &line, &col);
    ps_error_at(j->err, j->file, line, col);
    return ps_error_set(j->err, PS_ERR_DATA, "%s", what);
}

static int only_space(const char *text, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n", text[i]) || !text[i]) return 0;
    return 1;
}

/* What cJSON would accept but a result may not hold: bytes that are not
** UTF-8 text (a NUL, binary junk, Latin-1), and the escape \u0000, which
** cJSON turns into a NUL that silently ends the C string. */
static int check_text(ps_jr *j, const char *text, size_t len) {
    size_t bad = ps_utf8_invalid(text, len);
    const char *nul = memchr(text, '\0', len);
    if (nul && (size_t)(nul - text) < bad) bad = (size_t)(nul - text);
    if (bad < len) {
        char what[160];
        snprintf(what, sizeof what,
                 "byte 0x%02X: not UTF-8 text, so not a polsim result (a JSON object); "
                 "is this the right file?", (unsigned char)text[bad]);
        return syntax_error(j, text, len, text + bad, what);
    }
    for (const char *p = text; (p = memchr(p, '\\', (size_t)(text + len - p))) != NULL;) {
        size_t run = 0;
        while (p + run < text + len && p[run] == '\\') run++;
        const char *esc = p + run - 1; /* an escaping backslash ends an odd run */
        p += run;
        if (run % 2 == 1 && text + len - esc >= 6 && (esc[1] == 'u' || esc[1] == 'U') &&
            strncmp(esc + 2, "0000", 4) == 0)
            return syntax_error(j, text, len, esc,
                                "\\u0000 (a NUL character) cannot be part of a name or text "
                                "in a result");
    }
    return PS_OK;
}

int ps_result_parse_json(const char *text, size_t len, const char *filename,
                         ps_result **out, ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_result_parse_json: NULL out");
    *out = NULL;
    if (!text) return ps_error_set(err, PS_ERR_USAGE, "ps_result_parse_json: NULL text");
    ps_jr j = {filename ? filename : "<string>", err};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {   /* a BOM from an editor */
        text += 3;
        len -= 3;
    }
    int rc = check_text(&j, text, len);
    if (rc) return rc;
    const char *end = NULL;
    unsigned long nomem = ps_alloc_failures();
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root && ps_alloc_failures() != nomem)
        return ps_error_set(j.err, PS_ERR_NOMEM, "out of memory reading %s", j.file);
    if (!root)
        return syntax_error(&j, text, len, end, only_space(text, len) ?
                            "empty file: expected a polsim result (a JSON object)" :
                            "not valid JSON here: expected a polsim result document");
    while (end < text + len && strchr(" \t\r\n", *end) && *end) end++;
    rc = end < text + len
        ? syntax_error(&j, text, len, end, "unexpected text after the end of the JSON document")
        : read_doc(&j, root, out);
    cJSON_Delete(root);
    return rc;
}

int ps_result_read_json(const char *path, ps_result **out, ps_error *err) {
    if (!path || !out) return ps_error_set(err, PS_ERR_USAGE, "ps_result_read_json: NULL argument");
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = ps_file_read_all(path, RESULT_MAX_BYTES, &text, &len, err);
    if (rc != PS_OK) return rc;
    rc = ps_result_parse_json(text, len, path, out, err);
    ps_free(text);
    return rc;
}
