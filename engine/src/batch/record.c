/*
** Batch run records (batch.h): one per script and run, in memory and as
** JSON (DIR/<folder>/run.json, and each element of a manifest's "scripts").
*/
#include "batch/batch_int.h"
#include "util/alloc.h"
#include "polsim/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {"not-run", "ok",     "failed",
                                           "timeout", "killed", "interrupted"};
#define NSTATUS (int)(sizeof status_names / sizeof status_names[0])

const char *ps_batch_status_name(ps_batch_status s) {
    return (int)s >= 0 && (int)s < NSTATUS ? status_names[s] : "?";
}

static int nomem(ps_error *err) {
    return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
}

int ps_batch_record_new(const char *script, const char *folder, ps_batch_record **out,
                        ps_error *err) {
    *out = NULL;
    ps_batch_record *r = ps_calloc(1, sizeof *r);
    if (!r) return nomem(err);
    r->script = ps_strdup(script);
    r->folder = ps_strdup(folder);
    r->engine_version = ps_strdup(PS_VERSION_STRING);
    r->error = ps_strdup("");
    r->exit_code = -1;
    r->seed = 1;
    if (!r->script || !r->folder || !r->engine_version || !r->error) {
        ps_batch_record_free(r);
        return nomem(err);
    }
    *out = r;
    return PS_OK;
}

static void free_io(ps_batch_record *r) {
    for (int i = 0; i < r->ninputs; i++) {
        ps_free(r->inputs[i].kind);
        ps_free(r->inputs[i].name);
        ps_free(r->inputs[i].path);
    }
    ps_free(r->inputs);
    for (int i = 0; i < r->noutputs; i++) ps_free(r->outputs[i].path);
    ps_free(r->outputs);
    r->inputs = NULL;
    r->outputs = NULL;
    r->ninputs = r->noutputs = 0;
}

void ps_batch_record_free(ps_batch_record *r) {
    if (!r) return;
    ps_free(r->script);
    ps_free(r->folder);
    ps_free(r->engine_version);
    ps_free(r->error);
    ps_free_strings(r->set_keys, r->nsets);
    ps_free_strings(r->set_values, r->nsets);
    free_io(r);
    ps_free(r);
}

int ps_batch_record_set_args(ps_batch_record *r, int n, const char *const *keys,
                             const char *const *values, ps_error *err) {
    ps_free_strings(r->set_keys, r->nsets);
    ps_free_strings(r->set_values, r->nsets);
    r->nsets = 0;
    r->set_keys = ps_calloc((size_t)(n ? n : 1), sizeof(char *));
    r->set_values = ps_calloc((size_t)(n ? n : 1), sizeof(char *));
    if (!r->set_keys || !r->set_values) return nomem(err);
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < r->nsets && strcmp(r->set_keys[k], keys[i]) != 0) k++;
        char *v = ps_strdup(values[i]);
        if (!v) return nomem(err);
        if (k < r->nsets) {         /* a repeated name: the last value counts */
            ps_free(r->set_values[k]);
            r->set_values[k] = v;
            continue;
        }
        r->set_values[k] = v;
        r->nsets++;
        if (!(r->set_keys[k] = ps_strdup(keys[i]))) return nomem(err);
    }
    return PS_OK;
}

int ps_batch_record_set_error(ps_batch_record *r, const char *text, ps_error *err) {
    char *e = ps_strdup(text);
    if (!e) return nomem(err);
    ps_free(r->error);
    r->error = e;
    return PS_OK;
}

int ps_batch_record_add_input(ps_batch_record *r, const char *kind, const char *name,
                              const char *path, const char *sha256, ps_error *err) {
    ps_batch_input *v = ps_realloc(r->inputs, sizeof *v * (size_t)(r->ninputs + 1));
    if (!v) return nomem(err);
    r->inputs = v;
    ps_batch_input *in = &v[r->ninputs++];
    in->kind = ps_strdup(kind);
    in->name = ps_strdup(name);
    in->path = ps_strdup(path);
    snprintf(in->sha256, sizeof in->sha256, "%s", sha256);
    if (!in->kind || !in->name || !in->path) return nomem(err);
    return PS_OK;
}

/* ---- to JSON ---- */

static int add_io(const ps_batch_record *r, cJSON *o) {
    cJSON *ins = cJSON_AddArrayToObject(o, "inputs");
    cJSON *outs = cJSON_AddArrayToObject(o, "outputs");
    if (!ins || !outs) return -1;
    for (int i = 0; i < r->ninputs; i++) {
        const ps_batch_input *in = &r->inputs[i];
        cJSON *e = cJSON_CreateObject();
        if (!e || !cJSON_AddItemToArray(ins, e)) return cJSON_Delete(e), -1;
        if (!cJSON_AddStringToObject(e, "kind", in->kind) ||
            (in->name[0] && !cJSON_AddStringToObject(e, "name", in->name)) ||
            !cJSON_AddStringToObject(e, "path", in->path) ||
            !cJSON_AddStringToObject(e, "sha256", in->sha256))
            return -1;
    }
    for (int i = 0; i < r->noutputs; i++) {
        const ps_batch_output *out = &r->outputs[i];
        cJSON *e = cJSON_CreateObject();
        if (!e || !cJSON_AddItemToArray(outs, e)) return cJSON_Delete(e), -1;
        if (!cJSON_AddStringToObject(e, "path", out->path) ||
            !cJSON_AddStringToObject(e, "sha256", out->sha256) ||
            !cJSON_AddNumberToObject(e, "bytes", (double)out->bytes))
            return -1;
    }
    return 0;
}

int ps_batch_record_to_json(const ps_batch_record *r, cJSON *o, int with_reused) {
    cJSON *set = NULL;
    size_t ln = strlen(r->folder) + sizeof "/" PS_BATCH_LOG_FILE;
    char *log = ps_malloc(ln);
    if (!log) return -1;
    snprintf(log, ln, "%s/%s", r->folder, PS_BATCH_LOG_FILE);
    int bad = !cJSON_AddStringToObject(o, "script", r->script) ||
              !cJSON_AddStringToObject(o, "folder", r->folder) ||
              !cJSON_AddStringToObject(o, "sha256", r->sha256) ||
              !(set = cJSON_AddObjectToObject(o, "set"));
    for (int i = 0; !bad && i < r->nsets; i++)
        bad = !cJSON_AddStringToObject(set, r->set_keys[i], r->set_values[i]);
    bad = bad || !cJSON_AddNumberToObject(o, "seed", (double)r->seed) ||
          !cJSON_AddBoolToObject(o, "strict", r->strict) ||
          !cJSON_AddBoolToObject(o, "bom", r->bom) ||
          !cJSON_AddStringToObject(o, "engine_version", r->engine_version) ||
          !cJSON_AddStringToObject(o, "status", ps_batch_status_name(r->status)) ||
          !cJSON_AddNumberToObject(o, "exit_code", r->exit_code) ||
          !(r->signal ? cJSON_AddNumberToObject(o, "signal", r->signal)
                      : cJSON_AddNullToObject(o, "signal")) ||
          !cJSON_AddNumberToObject(o, "seconds", round(r->seconds * 1e4) / 1e4) ||
          !cJSON_AddStringToObject(o, "error", r->error) ||
          !cJSON_AddStringToObject(o, "log", log) || add_io(r, o) ||
          (with_reused && !cJSON_AddBoolToObject(o, "reused", r->reused));
    ps_free(log);
    return bad ? -1 : 0;
}

int ps_batch_record_write(const ps_batch_record *r, const char *path, ps_error *err) {
    cJSON *root = cJSON_CreateObject();
    int bad = !root || !cJSON_AddStringToObject(root, "schema", PS_BATCH_RUN_SCHEMA) ||
              !cJSON_AddNumberToObject(root, "schema_version", PS_BATCH_SCHEMA_VERSION) ||
              ps_batch_record_to_json(r, root, 0);
    int rc = bad ? ps_error_set(err, PS_ERR_NOMEM, "out of memory writing '%s'", path)
                 : ps_batch_json_write(root, path, err);
    cJSON_Delete(root);
    return rc;
}

/* ---- from JSON ---- */

/* "where." for a field of a nested object, nothing at the top level. */
#define DOT(w) (w), ((w)[0] ? "." : "")

static int read_status(ps_jr *j, const cJSON *o, const char *where, ps_batch_record *r) {
    char *s = NULL;
    int rc = ps_jr_str(j, o, where, "status", &s);
    if (rc) return rc;
    int k = 0;
    while (k < NSTATUS && strcmp(status_names[k], s) != 0) k++;
    ps_free(s);
    if (k == NSTATUS)
        return ps_jr_bad(j, "%s%sstatus: expected one of not-run, ok, failed, timeout, "
                            "killed, interrupted", DOT(where));
    r->status = (ps_batch_status)k;
    return PS_OK;
}

static int read_sets(ps_jr *j, const cJSON *o, const char *where, ps_batch_record *r) {
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(o, "set");
    if (!cJSON_IsObject(set)) return ps_jr_bad(j, "%s%sset: expected an object", DOT(where));
    int n = cJSON_GetArraySize(set), k = 0;
    const char **keys = ps_calloc((size_t)n + 1, sizeof *keys);
    const char **vals = ps_calloc((size_t)n + 1, sizeof *vals);
    int rc = keys && vals ? PS_OK : nomem(j->err);
    for (const cJSON *e = set->child; !rc && e; e = e->next, k++) {
        if (!cJSON_IsString(e)) rc = ps_jr_bad(j, "%s%sset.%s: expected a string", DOT(where), e->string);
        keys[k] = e->string;
        vals[k] = e->valuestring;
    }
    if (!rc) rc = ps_batch_record_set_args(r, n, keys, vals, j->err);
    ps_free(keys);
    ps_free(vals);
    return rc;
}

static int read_numbers(ps_jr *j, const cJSON *o, const char *where, ps_batch_record *r) {
    double seed, code, secs;
    int rc = ps_batch_get_num(j, o, where, "seed", &seed);
    if (!rc && (seed < 0 || seed > 4294967295.0 || seed != floor(seed)))
        rc = ps_jr_bad(j, "%s%sseed: expected a whole number 0..4294967295", DOT(where));
    if (!rc) rc = ps_batch_get_num(j, o, where, "exit_code", &code);
    if (!rc && (code < -1 || code > 255 || code != floor(code)))
        rc = ps_jr_bad(j, "%s%sexit_code: expected a whole number -1..255", DOT(where));
    if (!rc) rc = ps_batch_get_num(j, o, where, "seconds", &secs);
    if (rc) return rc;
    r->seed = (unsigned long)seed;
    r->exit_code = (int)code;
    r->seconds = secs;
    const cJSON *sig = cJSON_GetObjectItemCaseSensitive(o, "signal");
    if (cJSON_IsNumber(sig) && sig->valuedouble >= 1 && sig->valuedouble <= 64)
        r->signal = (int)sig->valuedouble;
    else if (!cJSON_IsNull(sig))
        return ps_jr_bad(j, "%s%ssignal: expected null or a signal number", DOT(where));
    return PS_OK;
}

static int read_inputs(ps_jr *j, const cJSON *o, const char *where, ps_batch_record *r) {
    const cJSON *ins = cJSON_GetObjectItemCaseSensitive(o, "inputs");
    if (!cJSON_IsArray(ins)) return ps_jr_bad(j, "%s%sinputs: expected an array", DOT(where));
    int i = 0;
    for (const cJSON *e = ins->child; e; e = e->next, i++) {
        char w[300], hash[65];
        char *kind = NULL, *name = NULL, *path = NULL;
        snprintf(w, sizeof w, "%s%sinputs[%d]", DOT(where), i);
        int rc = cJSON_IsObject(e) ? ps_jr_str(j, e, w, "kind", &kind)
                                   : ps_jr_bad(j, "%s: expected an object", w);
        if (!rc && strcmp(kind, "model") && strcmp(kind, "data") && strcmp(kind, "lib"))
            rc = ps_jr_bad(j, "%s.kind: expected \"model\", \"data\" or \"lib\"", w);
        if (!rc && cJSON_GetObjectItemCaseSensitive(e, "name"))
            rc = ps_jr_str(j, e, w, "name", &name);
        if (!rc) rc = ps_jr_str(j, e, w, "path", &path);
        if (!rc) rc = ps_batch_get_hash(j, e, w, "sha256", 0, hash);
        if (!rc) rc = ps_batch_record_add_input(r, kind, name ? name : "", path, hash, j->err);
        ps_free(kind);
        ps_free(name);
        ps_free(path);
        if (rc) return rc;
    }
    return PS_OK;
}

static int read_outputs(ps_jr *j, const cJSON *o, const char *where, ps_batch_record *r) {
    const cJSON *outs = cJSON_GetObjectItemCaseSensitive(o, "outputs");
    if (!cJSON_IsArray(outs)) return ps_jr_bad(j, "%s%soutputs: expected an array", DOT(where));
    int n = cJSON_GetArraySize(outs), i = 0;
    r->outputs = ps_calloc((size_t)(n ? n : 1), sizeof *r->outputs);
    if (!r->outputs) return nomem(j->err);
    for (const cJSON *e = outs->child; e; e = e->next, i++) {
        char w[300];
        double bytes;
        ps_batch_output *out = &r->outputs[r->noutputs++];
        snprintf(w, sizeof w, "%s%soutputs[%d]", DOT(where), i);
        int rc = cJSON_IsObject(e) ? ps_jr_str(j, e, w, "path", &out->path)
                                   : ps_jr_bad(j, "%s: expected an object", w);
        if (!rc) rc = ps_batch_get_hash(j, e, w, "sha256", 0, out->sha256);
        if (!rc) rc = ps_batch_get_num(j, e, w, "bytes", &bytes);
        if (!rc && (bytes < 0 || bytes != floor(bytes)))
            rc = ps_jr_bad(j, "%s.bytes: expected a whole number >= 0", w);
        if (rc) return rc;
        out->bytes = (long long)bytes;
    }
    return PS_OK;
}

int ps_batch_record_from_json(ps_jr *j, const cJSON *o, const char *where,
                              ps_batch_record **out) {
    *out = NULL;
    char *script = NULL, *folder = NULL;
    if (!cJSON_IsObject(o)) return ps_jr_bad(j, "%s: expected an object", where);
    int rc = ps_jr_str(j, o, where, "script", &script);
    if (!rc) rc = ps_jr_str(j, o, where, "folder", &folder);
    if (!rc && (!folder[0] || strchr(folder, '/') || strcmp(folder, ".") == 0 ||
                strcmp(folder, "..") == 0))
        rc = ps_jr_bad(j, "%s%sfolder: expected a folder name (no '/')", DOT(where));
    ps_batch_record *r = NULL;
    if (!rc) rc = ps_batch_record_new(script, folder, &r, j->err);
    ps_free(script);
    ps_free(folder);
    if (!rc) rc = ps_batch_get_hash(j, o, where, "sha256", 1, r->sha256);
    if (!rc) rc = read_sets(j, o, where, r);
    if (!rc) rc = read_numbers(j, o, where, r);
    if (!rc) rc = ps_jr_str(j, o, where, "engine_version", &r->engine_version);
    if (!rc) rc = read_status(j, o, where, r);
    if (!rc) rc = ps_jr_str(j, o, where, "error", &r->error);
    if (!rc) rc = read_inputs(j, o, where, r);
    if (!rc) rc = read_outputs(j, o, where, r);
    if (!rc) r->reused = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "reused"));
    /* added within version 1: a record without them ran without the options */
    if (!rc) r->strict = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "strict"));
    if (!rc) r->bom = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "bom"));
    if (rc) {
        ps_batch_record_free(r);
        return rc;
    }
    *out = r;
    return PS_OK;
}

int ps_batch_record_read(const char *path, ps_batch_record **out, ps_error *err) {
    *out = NULL;
    cJSON *root = NULL;
    int rc = ps_batch_json_read(path, &root, err);
    ps_jr j = {path, err};
    if (!rc) rc = ps_batch_check_schema(&j, root, PS_BATCH_RUN_SCHEMA);
    if (!rc) rc = ps_batch_record_from_json(&j, root, "", out);
    cJSON_Delete(root);
    return rc;
}
