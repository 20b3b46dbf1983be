/*
** Batch module: JSON helpers shared by run records and manifests.  Readers
** name the file and the field that is wrong ("manifest.json: scripts[2].status:
** expected one of ..."), like the result reader does.
*/
#include "batch/batch_int.h"
#include "util/alloc.h"
#include "io/io.h"
#include "util/jsonw.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Manifests list every script of a batch: allow big ones. */
#define JSON_MAX_BYTES ((size_t)1 << 30)

int ps_batch_get_num(ps_jr *j, const cJSON *o, const char *where, const char *key,
                     double *out) {
    char p[256];
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    ps_jr_path(p, sizeof p, where, key);
    if (!x) return ps_jr_bad(j, "%s: missing (expected a number)", p);
    if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble))
        return ps_jr_bad(j, "%s: expected a number", p);
    *out = x->valuedouble;
    return PS_OK;
}

int ps_batch_get_hash(ps_jr *j, const cJSON *o, const char *where, const char *key,
                      int may_be_empty, char out[65]) {
    char p[256];
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
    ps_jr_path(p, sizeof p, where, key);
    const char *v = cJSON_IsString(s) ? s->valuestring : NULL;
    int ok = v && strlen(v) == 64 && strspn(v, "0123456789abcdef") == 64;
    if (v && may_be_empty && !v[0]) ok = 1;
    if (!ok) return ps_jr_bad(j, "%s: expected a SHA-256 (64 lowercase hex digits)", p);
    memcpy(out, v, strlen(v) + 1);
    return PS_OK;
}

int ps_batch_check_schema(ps_jr *j, const cJSON *root, const char *schema) {
    if (!cJSON_IsObject(root)) return ps_jr_bad(j, "expected a JSON object");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "schema");
    if (!cJSON_IsString(s) || strcmp(s->valuestring, schema) != 0)
        return ps_jr_bad(j, "schema: expected \"%s\"%s%s%s", schema,
                            cJSON_IsString(s) ? ", found \"" : " (is this a batch file?)",
                            cJSON_IsString(s) ? s->valuestring : "",
                            cJSON_IsString(s) ? "\"" : "");
    double v;
    int rc = ps_batch_get_num(j, root, "", "schema_version", &v);
    if (rc) return rc;
    if (v > PS_BATCH_SCHEMA_VERSION)
        return ps_jr_bad(j, "schema_version: this file has version %g of %s, newer than the "
                            "version %d this polsim reads: upgrade polsim to read it",
                            v, schema, PS_BATCH_SCHEMA_VERSION);
    if (v != PS_BATCH_SCHEMA_VERSION)
        return ps_jr_bad(j, "schema_version: expected %d", PS_BATCH_SCHEMA_VERSION);
    return PS_OK;
}

int ps_batch_json_write(cJSON *root, const char *path, ps_error *err) {
    char *text = ps_jw_print(root);
    if (!text) return ps_error_set(err, PS_ERR_NOMEM, "out of memory writing '%s'", path);
    int rc = ps_file_write_atomic(path, text, strlen(text), err);
    ps_free(text);
    return rc;
}

int ps_batch_json_read(const char *path, cJSON **root, ps_error *err) {
    char *text = NULL;
    size_t len = 0;
    *root = NULL;
    int rc = ps_file_read_all(path, JSON_MAX_BYTES, &text, &len, err);
    if (rc) return rc;
    const char *end = NULL;
    unsigned long nomem = ps_alloc_failures();
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!doc && ps_alloc_failures() != nomem) {
        ps_free(text);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory reading %s", path);
    }
    if (!doc) {
        size_t off = end && end >= text ? (size_t)(end - text) : len;
        int line = 1;
        for (size_t i = 0; i < off && i < len; i++) line += text[i] == '\n';
        ps_free(text);
        ps_error_at(err, path, line, 0);
        return ps_error_set(err, PS_ERR_DATA,
                            "not valid JSON near byte %zu%s (a truncated or damaged file?)", off,
                            off >= len ? ", at the end" : "");
    }
    ps_free(text);
    *root = doc;
    return PS_OK;
}
