/*
** `polsim batch --merge DIR`: the manifests of a batch's shards, which share
** the folder DIR (manifest-K-of-N.json), into DIR/manifest.json.
*/
#include "cli/batch_cli.h"
#include "util/alloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "manifest-K-of-N.json" exactly: K and N in shortest decimal. */
static int is_shard_manifest(const char *name, int *k, int *n) {
    char again[64];
    if (sscanf(name, "manifest-%d-of-%d.json", k, n) != 2 || *k < 1 || *n < *k) return 0;
    ps_batch_manifest_name(*k, *n, again, sizeof again);
    return strcmp(again, name) == 0;
}

typedef struct shard_file {
    char *path;
    int k;
} shard_file;

static int cmp_shard(const void *a, const void *b) {
    return ((const shard_file *)a)->k - ((const shard_file *)b)->k;
}

static int list_shards(const char *dir, shard_file **out, int *count, ps_error *err) {
    DIR *d = opendir(dir);
    *out = NULL;
    *count = 0;
    if (!d) {
        ps_error_at(err, dir, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot open folder '%s'", dir);
    }
    int rc = PS_OK, k, n;
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        if (!is_shard_manifest(de->d_name, &k, &n)) continue;
        shard_file *v = ps_realloc(*out, sizeof *v * (size_t)(*count + 1));
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        char *p = ps_malloc(len);
        if (!v || !p) {
            ps_free(p);
            if (v) *out = v;
            rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
            break;
        }
        snprintf(p, len, "%s/%s", dir, de->d_name);
        *out = v;
        v[*count].path = p;
        v[*count].k = k;
        (*count)++;
    }
    closedir(d);
    if (!rc && *count == 0)
        rc = ps_error_set(err, PS_ERR_IO,
                          "no shard manifests (manifest-K-of-N.json) in '%s': run the shards "
                          "with --shard K/N and -o %s first", dir, dir);
    if (!rc) qsort(*out, (size_t)*count, sizeof **out, cmp_shard);
    return rc;
}

static int merge_files(const batch_opts *o, shard_file *files, int n, ps_error *err) {
    ps_batch_manifest **ms = ps_calloc((size_t)n, sizeof *ms);
    const char **names = ps_calloc((size_t)n, sizeof *names);
    ps_batch_manifest *m = NULL;
    int rc = ms && names ? PS_OK : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; !rc && i < n; i++) {
        names[i] = files[i].path;
        rc = ps_batch_manifest_read(files[i].path, &ms[i], err);
    }
    if (!rc) rc = ps_batch_manifest_merge((const ps_batch_manifest *const *)ms, names, n, &m, err);
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", o->merge_dir);
    if (!rc) rc = ps_batch_manifest_write(m, path, err);
    if (!rc) {
        for (int i = 0; i < m->nwarn; i++) fprintf(stderr, "polsim batch: warning: %s\n", m->warnings[i]);
        int ok = ps_batch_manifest_count(m, PS_BATCH_OK);
        printf("merged %d manifest%s: %d of %d scripts ok -> %s\n", n, n == 1 ? "" : "s", ok,
               m->nrec, path);
        /* Fewer scripts than the batch had: a shard is missing. */
        rc = ok == m->nrec && m->nrec >= m->total ? PS_OK : -1;
    }
    for (int i = 0; ms && i < n; i++) ps_batch_manifest_free(ms[i]);
    ps_free(ms);
    ps_free(names);
    ps_batch_manifest_free(m);
    return rc;
}

int batch_merge(const batch_opts *o) {
    shard_file *files = NULL;
    int n = 0;
    ps_error err;
    ps_error_clear(&err);
    int rc = list_shards(o->merge_dir, &files, &n, &err);
    if (!rc) rc = merge_files(o, files, n, &err);
    for (int i = 0; i < n; i++) ps_free(files[i].path);
    ps_free(files);
    if (rc == -1) return PS_EXIT_FAILURE;
    return rc ? ps_cli_fail(&err) : PS_EXIT_OK;
}
