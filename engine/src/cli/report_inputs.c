/*
** `polsim report` and `polsim compare`: reading the results.  A folder
** written by `polsim run` or `polsim batch` also holds JSON that is not a
** result (a comparison, a run record): the `schema` field tells them apart.
** A batch folder is read through its manifest (polsim.batch), which names
** every script's outputs, so the results in its per-script folders are found
** without scanning them.
*/
/* realpath is XSI, beyond the _POSIX_C_SOURCE the build sets. */
#define _XOPEN_SOURCE 700
#include "cli/report_cli.h"
#include "util/alloc.h"
#include "io/io.h"
#include "analysis/montecarlo.h"
#include "report/report_mc.h"
#include "util/utf8.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void report_inputs_free(report_inputs *in) {
    for (int i = 0; i < in->n; i++) {
        ps_result_free(in->results[i]);
        ps_free(in->sources[i]);
        ps_free(in->real[i]);
    }
    for (int i = 0; i < in->nmc; i++) ps_report_mc_free(in->mcs[i]);
    ps_free(in->mcs);
    ps_free(in->results);
    ps_free(in->sources);
    ps_free(in->real);
    report_analyses_free(in);
    memset(in, 0, sizeof *in);
}

static int nomem(ps_error *err) {
    return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
}

static int grow(report_inputs *in, ps_error *err) {
    if (in->n < in->cap) return PS_OK;
    int cap = in->cap ? 2 * in->cap : 8;
    ps_result **r = ps_realloc(in->results, sizeof *r * (size_t)cap);
    if (r) in->results = r;
    char **s = ps_realloc(in->sources, sizeof *s * (size_t)cap);
    if (s) in->sources = s;
    char **p = ps_realloc(in->real, sizeof *p * (size_t)cap);
    if (p) in->real = p;
    if (!r || !s || !p) return nomem(err);
    in->cap = cap;
    return PS_OK;
}

#define BATCH_SCHEMA "polsim.batch"

/* The schema named by a JSON document, into buf ("" when it names none);
** -1 when the text is not JSON at all.  *doc (when given) keeps the parsed
** document for the caller to free. */
static int schema_of(const char *text, size_t len, char *buf, size_t n, cJSON **keep) {
    /* Only a whole document of UTF-8 text counts: cJSON takes the 7 of
    ** "7<binary junk>" for a document, and the file would be refused as one
    ** without a schema.  Anything else goes to the result reader, whose error
    ** says what is wrong and where. */
    if (ps_utf8_invalid(text, len) < len) return -1;
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!doc) return -1;
    while (end < text + len && *end && strchr(" \t\r\n", *end)) end++;
    if (end < text + len) {
        cJSON_Delete(doc);
        return -1;
    }
    const cJSON *s = cJSON_IsObject(doc) ? cJSON_GetObjectItemCaseSensitive(doc, "schema") : NULL;
    snprintf(buf, n, "%s", cJSON_IsString(s) ? s->valuestring : "");
    if (keep) *keep = doc;
    else cJSON_Delete(doc);
    return 0;
}

/* A Monte Carlo file: its fan charts and probabilities go on the page. */
static int add_mc(report_inputs *in, const char *text, size_t len, const char *path,
                  ps_error *err) {
    ps_report_mc **m = ps_realloc(in->mcs, sizeof *m * (size_t)(in->nmc + 1));
    if (!m) return nomem(err);
    in->mcs = m;
    int rc = ps_report_mc_parse(text, len, path, &in->mcs[in->nmc], err);
    if (!rc) in->nmc++;
    return rc;
}

static int already_read(const report_inputs *in, const char *real) {
    for (int i = 0; i < in->n; i++)
        if (strcmp(in->real[i], real) == 0) return 1;
    return 0;
}

static int load_file(const char *path, int in_folder, report_inputs *in, int *seen,
                     ps_error *err);

static int ends_with_json(const char *name) {
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static const char *jstr(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A batch manifest at `path`: the result files among the outputs of every
** script that ended ok, relative to the manifest's folder.  A script that did
** not end ok is named on stderr (its outputs may be partial). */
static int load_manifest(const char *path, const cJSON *doc, report_inputs *in, int *seen,
                         ps_error *err) {
    const char *slash = strrchr(path, '/');
    int dl = slash ? (int)(slash - path) : 0;
    const cJSON *scripts = cJSON_GetObjectItemCaseSensitive(doc, "scripts"), *sc;
    cJSON_ArrayForEach(sc, scripts) {
        const char *status = jstr(sc, "status"), *script = jstr(sc, "script");
        if (!status || strcmp(status, "ok")) {
            fprintf(stderr, "%s: skipping %s: the batch ran it with status %s\n", in->cmd,
                    script ? script : "a script", status ? status : "(none)");
            continue;
        }
        const cJSON *o;
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(sc, "outputs")) {
            const char *rel = jstr(o, "path");
            if (!rel || !ends_with_json(rel)) continue;
            if (rel[0] == '/' || strstr(rel, "..")) {
                ps_error_at(err, path, 0, 0);
                return ps_error_set(err, PS_ERR_DATA, "output path '%s' leaves the batch "
                                    "folder: a manifest names outputs inside its folder", rel);
            }
            char p[PATH_MAX];
            if (snprintf(p, sizeof p, "%.*s%s%s", dl, path, dl ? "/" : "", rel) >= (int)sizeof p) {
                ps_error_at(err, path, 0, 0);
                return ps_error_set(err, PS_ERR_LIMIT, "output path '%s' is too long", rel);
            }
            int rc = load_file(p, 1, in, seen, err);
            if (rc) return rc;
        }
    }
    return PS_OK;
}

/* Read one file; in_folder: a non-result is skipped instead of refused, and
** a batch manifest is read for the results it names.  *seen counts the
** results met, including those already read. */
static int load_file(const char *path, int in_folder, report_inputs *in, int *seen,
                     ps_error *err) {
    char real[PATH_MAX], schema[128];
    if (!realpath(path, real)) snprintf(real, sizeof real, "%s", path);
    if (already_read(in, real)) {
        ++*seen;
        return PS_OK;
    }
    char *text;
    size_t len;
    int rc = ps_file_read_all(path, 0, &text, &len, err);
    if (rc) return rc;
    cJSON *doc = NULL;
    int parsed = schema_of(text, len, schema, sizeof schema, &doc) == 0;
    if (parsed && strcmp(schema, BATCH_SCHEMA) == 0) {
        ps_free(text);
        if (!in_folder) {
            cJSON_Delete(doc);
            ps_error_at(err, path, 0, 0);
            return ps_error_set(err, PS_ERR_DATA, "a batch manifest, not a result: give its "
                                "folder to read the results of the batch");
        }
        rc = load_manifest(path, doc, in, seen, err);
        cJSON_Delete(doc);
        in->manifests++;
        return rc;
    }
    cJSON_Delete(doc);
    if (parsed && strcmp(schema, PS_MC_SCHEMA) == 0) {
        rc = add_mc(in, text, len, path, err);
        ps_free(text);
        return rc;
    }
    if (parsed && strcmp(schema, PS_RESULT_SCHEMA)) {
        int took = report_take_analysis(in, path, schema, &text);
        if (took) return took < 0 ? nomem(err) : PS_OK;
        ps_free(text);
        if (in_folder) {
            fprintf(stderr, "%s: skipping %s: %s%s%s, not a result\n", in->cmd, path,
                    schema[0] ? "a " : "no schema field", schema, schema[0] ? " file" : "");
            return PS_OK;
        }
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_DATA, "%s%s%s, not a result (schema %s): give result "
                            "files written by polsim run, solve or batch", schema[0] ? "a " : "no schema field",
                            schema, schema[0] ? " file" : "", PS_RESULT_SCHEMA);
    }
    if (!(rc = grow(in, err))) rc = ps_result_parse_json(text, len, path, &in->results[in->n], err);
    ps_free(text);
    if (rc) return rc;
    ++*seen;
    in->sources[in->n] = ps_strdup(path);
    in->real[in->n] = ps_strdup(real);
    in->n++;
    return in->sources[in->n - 1] && in->real[in->n - 1] ? PS_OK : nomem(err);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json files of a folder, in name order so reports are reproducible. */
static int load_folder(const char *dir, report_inputs *in, int *seen, ps_error *err) {
    DIR *d = opendir(dir);
    if (!d) {
        ps_error_at(err, dir, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot open the folder");
    }
    char **names = NULL;
    int n = 0, cap = 0, rc = PS_OK;
    for (struct dirent *e; (e = readdir(d)) && !rc;) {
        if (!ends_with_json(e->d_name)) continue;
        if (n == cap) {
            char **g = ps_realloc(names, sizeof *g * (size_t)(cap = cap ? 2 * cap : 16));
            if (!g) { rc = nomem(err); break; }
            names = g;
        }
        if (!(names[n] = ps_strdup(e->d_name))) rc = nomem(err);
        else n++;
    }
    closedir(d);
    if (!rc && n > 1) qsort(names, (size_t)n, sizeof *names, by_name);
    size_t dl = strlen(dir);
    for (int i = 0; i < n && !rc; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) rc = load_file(path, 1, in, seen, err);
    }
    ps_free_strings(names, n);
    return rc;
}

int report_inputs_load(char *const *paths, int npaths, report_inputs *in, ps_error *err) {
    return result_inputs_load("polsim report", paths, npaths, in, err);
}

int result_inputs_load(const char *cmd, char *const *paths, int npaths, report_inputs *in,
                       ps_error *err) {
    memset(in, 0, sizeof *in);
    in->cmd = cmd;
    for (int i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            ps_error_at(err, paths[i], 0, 0);
            return ps_error_set(err, PS_ERR_IO, "no such file or folder: give result JSON "
                                "files or folders holding them");
        }
        int seen = 0;
        int rc = S_ISDIR(st.st_mode) ? load_folder(paths[i], in, &seen, err)
                                     : load_file(paths[i], 0, in, &seen, err);
        if (rc) return rc;
        if (S_ISDIR(st.st_mode) && !seen) {
            ps_error_at(err, paths[i], 0, 0);
            return ps_error_set(err, PS_ERR_DATA, "the folder holds no result JSON file "
                                "(schema %s)", PS_RESULT_SCHEMA);
        }
    }
    return PS_OK;
}
