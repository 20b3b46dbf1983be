/*
** Batch plan (batch.h): which scripts a batch or one of its shards runs, in
** which order, into which folders.  Everything here is a pure function of
** the script paths, so every shard of a batch, on any machine, agrees on it.
*/
#include "batch/batch.h"
#include "util/alloc.h"
#include "batch/batch_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARD_MAX 100000

static int parse_count(const char *s, size_t len, long *out) {
    if (len == 0 || len > 6) return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int ps_batch_shard_parse(const char *s, int *k, int *n, ps_error *err) {
    const char *slash = strchr(s, '/');
    long kk, nn;
    if (!slash || parse_count(s, (size_t)(slash - s), &kk) ||
        parse_count(slash + 1, strlen(slash + 1), &nn))
        return ps_error_set(err, PS_ERR_USAGE,
                            "--shard '%s': expected K/N, two whole numbers such as 2/8", s);
    if (nn < 1 || nn > SHARD_MAX)
        return ps_error_set(err, PS_ERR_USAGE, "--shard '%s': N must be 1..%d", s, SHARD_MAX);
    if (kk < 1 || kk > nn)
        return ps_error_set(err, PS_ERR_USAGE, "--shard '%s': K must be 1..%ld (shards count from 1)",
                            s, nn);
    *k = (int)kk;
    *n = (int)nn;
    return PS_OK;
}

void ps_batch_plan_free(ps_batch_plan *p) {
    if (!p) return;
    for (int i = 0; i < p->n; i++) {
        ps_free(p->scripts[i]);
        ps_free(p->folders[i]);
    }
    ps_free(p->scripts);
    ps_free(p->folders);
    ps_free(p);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The folder name of a script before collisions: its file name without
** ".lua", made safe for any file system and shell. */
static char *stem_of(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len >= 4 && strcmp(base + len - 4, ".lua") == 0) len -= 4;
    if (len > 200) len = 200;
    char *s = ps_malloc(len + 8);
    if (!s) return NULL;
    for (size_t i = 0; i < len; i++) {
        char c = base[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_';
        s[i] = ok ? c : '_';
    }
    s[len] = '\0';
    if (len == 0) strcpy(s, "script");
    return s;
}

static int taken(char *const *names, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], name) == 0) return 1;
    return 0;
}

/* Unique folder names over all `n` sorted scripts: a script whose stem an
** earlier one already holds gets the first free "stem-2", "stem-3"...; bare
** stems of later scripts are reserved first, so "x-2.lua" keeps "x-2". */
static int name_folders(char *const *scripts, int n, char **folders, char **stems) {
    for (int i = 0; i < n; i++)
        if (!(stems[i] = stem_of(scripts[i]))) return -1;
    for (int i = 0; i < n; i++) {
        if (!taken(folders, i, stems[i])) {
            if (!(folders[i] = ps_strdup(stems[i]))) return -1;
            continue;
        }
        size_t len = strlen(stems[i]) + 16;
        char *cand = ps_malloc(len);
        if (!cand) return -1;
        for (int k = 2;; k++) {
            snprintf(cand, len, "%s-%d", stems[i], k);
            if (!taken(folders, i, cand) && !taken(stems, n, cand)) break;
        }
        folders[i] = cand;
    }
    return 0;
}

/* Sorted distinct copies of the paths. */
static char **sorted_unique(const char *const *scripts, int n, int *count) {
    char **v = ps_calloc((size_t)(n ? n : 1), sizeof *v);
    if (!v) return NULL;
    for (int i = 0; i < n; i++)
        if (!(v[i] = ps_strdup(scripts[i]))) {
            ps_free_strings(v, i);
            return NULL;
        }
    qsort(v, (size_t)n, sizeof *v, cmp_str);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k > 0 && strcmp(v[k - 1], v[i]) == 0) ps_free(v[i]);
        else v[k++] = v[i];
    }
    *count = k;
    return v;
}

static int keep_shard(ps_batch_plan *p, char **all, char **folders, int total, int k,
                      int nshards) {
    p->scripts = ps_calloc((size_t)(total ? total : 1), sizeof(char *));
    p->folders = ps_calloc((size_t)(total ? total : 1), sizeof(char *));
    if (!p->scripts || !p->folders) return -1;
    for (int i = 0; i < total; i++) {
        if (i % nshards == k - 1) {
            p->scripts[p->n] = all[i];
            p->folders[p->n] = folders[i];
            p->n++;
        } else {
            ps_free(all[i]);
            ps_free(folders[i]);
        }
        all[i] = folders[i] = NULL;
    }
    return 0;
}

int ps_batch_plan_new(const char *const *scripts, int n, int shard_k, int shard_n,
                      ps_batch_plan **out, ps_error *err) {
    *out = NULL;
    if (shard_n <= 1) shard_k = shard_n = 1;
    if (shard_k < 1 || shard_k > shard_n)
        return ps_error_set(err, PS_ERR_USAGE, "shard %d of %d does not exist", shard_k, shard_n);
    ps_batch_plan *p = ps_calloc(1, sizeof *p);
    int total = 0;
    char **all = p ? sorted_unique(scripts, n, &total) : NULL;
    char **folders = ps_calloc((size_t)(total ? total : 1), sizeof(char *));
    char **stems = ps_calloc((size_t)(total ? total : 1), sizeof(char *));
    int rc = (p && all && folders && stems) ? PS_OK : PS_ERR_NOMEM;
    if (!rc && name_folders(all, total, folders, stems)) rc = PS_ERR_NOMEM;
    if (!rc) {
        p->total = total;
        if (keep_shard(p, all, folders, total, shard_k, shard_n)) rc = PS_ERR_NOMEM;
    }
    ps_free_strings(stems, total);
    ps_free_strings(folders, total);
    ps_free_strings(all, all ? total : 0);
    if (rc) {
        ps_batch_plan_free(p);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory planning the batch");
    }
    *out = p;
    return PS_OK;
}
