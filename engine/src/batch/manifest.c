/*
** Batch manifests (batch.h): every record of a batch in one JSON file, with
** the batch's options; and the merge of the manifests of a batch's shards.
*/
#include "batch/batch_int.h"
#include "util/alloc.h"
#include "polsim/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nomem(ps_error *err) {
    return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
}

int ps_batch_manifest_new(ps_batch_manifest **out, ps_error *err) {
    ps_batch_manifest *m = ps_calloc(1, sizeof *m);
    *out = NULL;
    if (!m) return nomem(err);
    m->engine_version = ps_strdup(PS_VERSION_STRING);
    m->started = ps_strdup("");
    m->max_instructions = -1;
    if (!m->engine_version || !m->started) {
        ps_batch_manifest_free(m);
        return nomem(err);
    }
    *out = m;
    return PS_OK;
}

void ps_batch_manifest_free(ps_batch_manifest *m) {
    if (!m) return;
    ps_free(m->engine_version);
    ps_free(m->started);
    for (int i = 0; i < m->nrec; i++) ps_batch_record_free(m->recs[i]);
    ps_free(m->recs);
    ps_free_strings(m->merged_from, m->nmerged);
    ps_free_strings(m->warnings, m->nwarn);
    ps_free(m);
}

int ps_batch_manifest_add(ps_batch_manifest *m, ps_batch_record *r, ps_error *err) {
    ps_batch_record **v = ps_realloc(m->recs, sizeof *v * (size_t)(m->nrec + 1));
    if (!v) {
        ps_batch_record_free(r);
        return nomem(err);
    }
    m->recs = v;
    v[m->nrec++] = r;
    return PS_OK;
}

int ps_batch_manifest_count(const ps_batch_manifest *m, ps_batch_status s) {
    int n = 0;
    for (int i = 0; i < m->nrec; i++) n += m->recs[i]->status == s;
    return n;
}

const char *ps_batch_manifest_name(int shard_k, int shard_n, char *buf, size_t n) {
    if (shard_n > 0) snprintf(buf, n, "manifest-%d-of-%d.json", shard_k, shard_n);
    else snprintf(buf, n, "manifest.json");
    return buf;
}

static int push_str(char ***v, int *n, const char *s, ps_error *err) {
    char **nv = ps_realloc(*v, sizeof *nv * (size_t)(*n + 1));
    if (!nv) return nomem(err);
    *v = nv;
    if (!(nv[*n] = ps_strdup(s))) return nomem(err);
    (*n)++;
    return PS_OK;
}

/* ---- writing ---- */

static int add_strs(cJSON *o, const char *key, char *const *v, int n) {
    cJSON *a = cJSON_AddArrayToObject(o, key);
    if (!a) return -1;
    for (int i = 0; i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) return cJSON_Delete(s), -1;
    }
    return 0;
}

static int add_head(const ps_batch_manifest *m, cJSON *root) {
    cJSON *e, *opt, *counts;
    int bad = !cJSON_AddStringToObject(root, "schema", PS_BATCH_SCHEMA) ||
              !cJSON_AddNumberToObject(root, "schema_version", PS_BATCH_SCHEMA_VERSION) ||
              !(e = cJSON_AddObjectToObject(root, "engine")) ||
              !cJSON_AddStringToObject(e, "name", "polsim") ||
              !cJSON_AddStringToObject(e, "version", m->engine_version) ||
              !cJSON_AddStringToObject(root, "started", m->started) ||
              !cJSON_AddNumberToObject(root, "seconds", round(m->seconds * 1e3) / 1e3) ||
              !cJSON_AddBoolToObject(root, "interrupted", m->interrupted) ||
              !(opt = cJSON_AddObjectToObject(root, "options")) ||
              !cJSON_AddNumberToObject(opt, "jobs", m->jobs) ||
              !(m->max_memory_mib > 0
                    ? cJSON_AddNumberToObject(opt, "max_memory_mib", (double)m->max_memory_mib)
                    : cJSON_AddNullToObject(opt, "max_memory_mib")) ||
              !(m->max_instructions >= 0
                    ? cJSON_AddNumberToObject(opt, "max_instructions", (double)m->max_instructions)
                    : cJSON_AddNullToObject(opt, "max_instructions")) ||
              !cJSON_AddNumberToObject(opt, "timeout", m->timeout);
    if (bad) return -1;
    if (m->shard_n > 0) {
        cJSON *sh = cJSON_AddObjectToObject(root, "shard");
        if (!sh || !cJSON_AddNumberToObject(sh, "index", m->shard_k) ||
            !cJSON_AddNumberToObject(sh, "count", m->shard_n))
            return -1;
    } else if (!cJSON_AddNullToObject(root, "shard")) {
        return -1;
    }
    if (!cJSON_AddNumberToObject(root, "total", m->total) ||
        !(counts = cJSON_AddObjectToObject(root, "counts")))
        return -1;
    for (int s = PS_BATCH_NOT_RUN; s <= PS_BATCH_INTERRUPTED; s++)
        if (!cJSON_AddNumberToObject(counts, ps_batch_status_name((ps_batch_status)s),
                                     ps_batch_manifest_count(m, (ps_batch_status)s)))
            return -1;
    return add_strs(root, "merged_from", m->merged_from, m->nmerged) ||
           add_strs(root, "warnings", m->warnings, m->nwarn);
}

int ps_batch_manifest_write(const ps_batch_manifest *m, const char *path, ps_error *err) {
    cJSON *root = cJSON_CreateObject(), *scripts = NULL;
    int bad = !root || add_head(m, root) || !(scripts = cJSON_AddArrayToObject(root, "scripts"));
    for (int i = 0; !bad && i < m->nrec; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(scripts, o)) {
            cJSON_Delete(o);
            bad = 1;
        } else {
            bad = ps_batch_record_to_json(m->recs[i], o, 1);
        }
    }
    int rc = bad ? ps_error_set(err, PS_ERR_NOMEM, "out of memory writing '%s'", path)
                 : ps_batch_json_write(root, path, err);
    cJSON_Delete(root);
    return rc;
}

/* ---- reading ---- */

static int read_strs(ps_jr *j, const cJSON *root, const char *key, char ***v, int *n) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!a) return PS_OK;
    if (!cJSON_IsArray(a)) return ps_jr_bad(j, "%s: expected an array of strings", key);
    int i = 0;
    for (const cJSON *e = a->child; e; e = e->next, i++) {
        if (!cJSON_IsString(e)) return ps_jr_bad(j, "%s[%d]: expected a string", key, i);
        int rc = push_str(v, n, e->valuestring, j->err);
        if (rc) return rc;
    }
    return PS_OK;
}

static int read_options(ps_jr *j, const cJSON *root, ps_batch_manifest *m) {
    const cJSON *opt = cJSON_GetObjectItemCaseSensitive(root, "options");
    if (!cJSON_IsObject(opt)) return ps_jr_bad(j, "options: expected an object");
    double jobs;
    int rc = ps_batch_get_num(j, opt, "options", "jobs", &jobs);
    if (!rc) rc = ps_batch_get_num(j, opt, "options", "timeout", &m->timeout);
    if (rc) return rc;
    m->jobs = (int)jobs;
    const cJSON *mm = cJSON_GetObjectItemCaseSensitive(opt, "max_memory_mib");
    const cJSON *mi = cJSON_GetObjectItemCaseSensitive(opt, "max_instructions");
    if (!cJSON_IsNull(mm) && !cJSON_IsNumber(mm))
        return ps_jr_bad(j, "options.max_memory_mib: expected a number or null");
    if (!cJSON_IsNull(mi) && !cJSON_IsNumber(mi))
        return ps_jr_bad(j, "options.max_instructions: expected a number or null");
    m->max_memory_mib = cJSON_IsNumber(mm) ? (long)mm->valuedouble : 0;
    m->max_instructions = cJSON_IsNumber(mi) ? (long long)mi->valuedouble : -1;
    return PS_OK;
}

static int read_shard(ps_jr *j, const cJSON *root, ps_batch_manifest *m) {
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(root, "shard");
    if (cJSON_IsNull(sh)) return PS_OK;
    double k, n;
    if (!cJSON_IsObject(sh)) return ps_jr_bad(j, "shard: expected null or an object");
    int rc = ps_batch_get_num(j, sh, "shard", "index", &k);
    if (!rc) rc = ps_batch_get_num(j, sh, "shard", "count", &n);
    if (!rc && !(n >= 1 && n <= 100000 && k >= 1 && k <= n && k == floor(k) && n == floor(n)))
        rc = ps_jr_bad(j, "shard: expected index 1..count and count 1..100000");
    if (rc) return rc;
    m->shard_k = (int)k;
    m->shard_n = (int)n;
    return PS_OK;
}

static int read_head(ps_jr *j, const cJSON *root, ps_batch_manifest *m) {
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "engine");
    double total;
    if (!cJSON_IsObject(e)) return ps_jr_bad(j, "engine: expected an object");
    int rc = ps_jr_str(j, e, "engine", "version", &m->engine_version);
    if (!rc) rc = ps_jr_str(j, root, "", "started", &m->started);
    if (!rc) rc = ps_batch_get_num(j, root, "", "seconds", &m->seconds);
    if (!rc) rc = read_options(j, root, m);
    if (!rc) rc = read_shard(j, root, m);
    if (!rc) rc = ps_batch_get_num(j, root, "", "total", &total);
    if (!rc && !(total >= 0 && total == floor(total) && total < 1e9))
        rc = ps_jr_bad(j, "total: expected a whole number >= 0");
    if (rc) return rc;
    m->total = (int)total;
    m->interrupted = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "interrupted"));
    rc = read_strs(j, root, "merged_from", &m->merged_from, &m->nmerged);
    return rc ? rc : read_strs(j, root, "warnings", &m->warnings, &m->nwarn);
}

int ps_batch_manifest_read(const char *path, ps_batch_manifest **out, ps_error *err) {
    *out = NULL;
    cJSON *root = NULL;
    ps_batch_manifest *m = NULL;
    ps_jr j = {path, err};
    int rc = ps_batch_json_read(path, &root, err);
    if (!rc) rc = ps_batch_check_schema(&j, root, PS_BATCH_SCHEMA);
    if (!rc) rc = ps_batch_manifest_new(&m, err);
    if (!rc) rc = read_head(&j, root, m);
    const cJSON *scripts = rc ? NULL : cJSON_GetObjectItemCaseSensitive(root, "scripts");
    if (!rc && !cJSON_IsArray(scripts)) rc = ps_jr_bad(&j, "scripts: expected an array");
    int i = 0;
    for (const cJSON *s = rc ? NULL : scripts->child; s && !rc; s = s->next, i++) {
        char where[32];
        ps_batch_record *r = NULL;
        snprintf(where, sizeof where, "scripts[%d]", i);
        rc = ps_batch_record_from_json(&j, s, where, &r);
        if (!rc) rc = ps_batch_manifest_add(m, r, err);
    }
    cJSON_Delete(root);
    if (rc) {
        ps_batch_manifest_free(m);
        return rc;
    }
    *out = m;
    return PS_OK;
}

/* ---- merging ---- */

static int copy_record(const ps_batch_record *r, ps_batch_record **out, ps_error *err) {
    cJSON *o = cJSON_CreateObject();
    if (!o || ps_batch_record_to_json(r, o, 1)) {
        cJSON_Delete(o);
        return nomem(err);
    }
    ps_jr j = {"(copy)", err};
    int rc = ps_batch_record_from_json(&j, o, "", out);
    cJSON_Delete(o);
    return rc;
}

static int cmp_rec(const void *a, const void *b) {
    return strcmp((*(ps_batch_record *const *)a)->script, (*(ps_batch_record *const *)b)->script);
}

/* Same shard count everywhere, each shard once; a warning per missing shard. */
static int check_shards(const ps_batch_manifest *const *ms, const char *const *names, int n,
                        ps_batch_manifest *out, ps_error *err) {
    int count = 0, first = -1;
    for (int i = 0; i < n; i++) {
        if (ms[i]->shard_n == 0) continue;
        if (first < 0) {
            first = i;
            count = ms[i]->shard_n;
        }
        if (ms[i]->shard_n != count)
            return ps_error_set(err, PS_ERR_DATA,
                                "'%s' is shard %d of %d but '%s' is shard %d of %d: only shards "
                                "of one batch can be merged", names[first], ms[first]->shard_k,
                                count, names[i], ms[i]->shard_k, ms[i]->shard_n);
        for (int k = 0; k < i; k++)
            if (ms[k]->shard_k == ms[i]->shard_k && ms[k]->shard_n == count)
                return ps_error_set(err, PS_ERR_DATA, "'%s' and '%s' are both shard %d of %d",
                                    names[k], names[i], ms[i]->shard_k, count);
    }
    for (int k = 1; k <= count; k++) {
        int seen = 0;
        for (int i = 0; i < n; i++) seen |= ms[i]->shard_n == count && ms[i]->shard_k == k;
        if (seen) continue;
        char w[200];
        snprintf(w, sizeof w, "shard %d of %d is missing: its scripts are not in this manifest",
                 k, count);
        int rc = push_str(&out->warnings, &out->nwarn, w, err);
        if (rc) return rc;
    }
    return PS_OK;
}

static int merge_head(const ps_batch_manifest *const *ms, const char *const *names, int n,
                      ps_batch_manifest *m, ps_error *err) {
    m->jobs = ms[0]->jobs;
    m->max_memory_mib = ms[0]->max_memory_mib;
    m->max_instructions = ms[0]->max_instructions;
    m->timeout = ms[0]->timeout;
    m->total = ms[0]->total;
    int rc = PS_OK;
    for (int i = 0; i < n && !rc; i++) {
        if (ms[i]->seconds > m->seconds) m->seconds = ms[i]->seconds;
        m->interrupted |= ms[i]->interrupted;
        if (i == 0 || strcmp(ms[i]->started, m->started) < 0) {
            char *s = ps_strdup(ms[i]->started);
            if (!s) return nomem(err);
            ps_free(m->started);
            m->started = s;
        }
        if (strcmp(ms[i]->engine_version, ms[0]->engine_version) != 0) {
            char w[300];
            snprintf(w, sizeof w, "'%s' was made by polsim %s but '%s' by polsim %s", names[0],
                     ms[0]->engine_version, names[i], ms[i]->engine_version);
            rc = push_str(&m->warnings, &m->nwarn, w, err);
        }
        if (!rc) rc = push_str(&m->merged_from, &m->nmerged, names[i], err);
    }
    return rc;
}

int ps_batch_manifest_merge(const ps_batch_manifest *const *ms, const char *const *names,
                            int n, ps_batch_manifest **out, ps_error *err) {
    *out = NULL;
    if (n < 1) return ps_error_set(err, PS_ERR_USAGE, "no manifest to merge");
    ps_batch_manifest *m = NULL;
    int rc = ps_batch_manifest_new(&m, err);
    if (!rc) rc = check_shards(ms, names, n, m, err);
    if (!rc) rc = merge_head(ms, names, n, m, err);
    for (int i = 0; !rc && i < n; i++)
        for (int k = 0; !rc && k < ms[i]->nrec; k++) {
            ps_batch_record *r = NULL;
            rc = copy_record(ms[i]->recs[k], &r, err);
            if (!rc) rc = ps_batch_manifest_add(m, r, err);
        }
    if (!rc) qsort(m->recs, (size_t)m->nrec, sizeof *m->recs, cmp_rec);
    for (int i = 1; !rc && i < m->nrec; i++)
        if (strcmp(m->recs[i - 1]->script, m->recs[i]->script) == 0)
            rc = ps_error_set(err, PS_ERR_DATA,
                              "script '%s' is in two of the manifests: they are not shards of "
                              "one batch", m->recs[i]->script);
    if (rc) {
        ps_batch_manifest_free(m);
        return rc;
    }
    *out = m;
    return PS_OK;
}
