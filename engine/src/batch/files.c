/*
** Batch module: the files of a run.  Hashing, listing an output folder,
** emptying it safely before a fresh run, and collecting what a finished run
** wrote and read (batch.h).
*/
#include "batch/batch_int.h"
#include "util/alloc.h"
#include "util/path.h"
#include "io/io.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct strvec {
    char **v;
    int n, cap;
} strvec;

static int vec_push(strvec *s, char *str) {
    if (!str) return -1;
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 16;
        char **v = ps_realloc(s->v, sizeof *v * (size_t)cap);
        if (!v) {
            ps_free(str);
            return -1;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = str;
    return 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Regular files below root/rel (relative paths), not following links into
** folders; `lua_only` keeps *.lua files; temporary files are left out. */
static int walk(const char *root, const char *rel, int lua_only, strvec *out, ps_error *err) {
    char *dir = rel[0] ? ps_path_join(root, rel) : ps_strdup(root);
    if (!dir) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    DIR *d = opendir(dir);
    if (!d) {
        int e = errno;
        ps_error_at(err, dir, 0, 0);
        ps_error_set(err, PS_ERR_IO, "cannot list folder '%s': %s", dir, strerror(e));
        ps_free(dir);
        return PS_ERR_IO;
    }
    int rc = PS_OK;
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        const char *nm = de->d_name;
        if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0 || ps_file_temp_owner(nm) > 0) continue;
        char *full = ps_path_join(dir, nm), *sub = ps_path_join(rel, nm);
        struct stat st;
        if (!full || !sub) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        else if (lstat(full, &st) != 0) rc = PS_OK; /* vanished meanwhile */
        else if (S_ISDIR(st.st_mode)) rc = walk(root, sub, lua_only, out, err);
        else if (S_ISLNK(st.st_mode) && (!lua_only || stat(full, &st) != 0)) rc = PS_OK;
        else if (S_ISREG(st.st_mode) &&
                 (!lua_only || (strlen(nm) > 4 && strcmp(nm + strlen(nm) - 4, ".lua") == 0))) {
            if (vec_push(out, sub)) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
            sub = NULL;
        }
        ps_free(full);
        ps_free(sub);
    }
    closedir(d);
    ps_free(dir);
    return rc;
}

int ps_batch_hash_file(const char *path, char hex[65], ps_error *err) {
    char *data = NULL;
    size_t len = 0;
    int rc = ps_file_read_all(path, 0, &data, &len, err);
    if (rc) return rc;
    ps_sha256_hex(data, len, hex);
    ps_free(data);
    return PS_OK;
}

int ps_batch_dir_digest(const char *dir, char hex[65], ps_error *err) {
    strvec files = {0};
    int rc = walk(dir, "", 1, &files, err);
    if (!rc) qsort(files.v, (size_t)files.n, sizeof *files.v, cmp_str);
    char *text = NULL;
    size_t len = 0;
    for (int i = 0; !rc && i < files.n; i++) {
        char h[65], *full = ps_path_join(dir, files.v[i]);
        rc = full ? ps_batch_hash_file(full, h, err) : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        ps_free(full);
        size_t add = strlen(files.v[i]) + 66;
        char *t = rc ? NULL : ps_realloc(text, len + add + 1);
        if (!rc && !t) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        if (rc) break;
        text = t;
        len += (size_t)snprintf(text + len, add + 1, "%s %s\n", files.v[i], h);
    }
    if (!rc) ps_sha256_hex(text ? text : "", len, hex);
    ps_free(text);
    ps_free_strings(files.v, files.n);
    return rc;
}

/* ---- preparing a folder ---- */

/* Remove everything inside `path` (not path itself), never following links. */
static int empty_tree(const char *path, ps_error *err) {
    DIR *d = opendir(path);
    if (!d) {
        int e = errno;
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot list folder '%s': %s", path, strerror(e));
    }
    int rc = PS_OK;
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        char *full = ps_path_join(path, de->d_name);
        struct stat st;
        if (!full) {
            rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
            break;
        }
        int isdir = lstat(full, &st) == 0 && S_ISDIR(st.st_mode);
        if (isdir) rc = empty_tree(full, err);
        if (!rc && (isdir ? rmdir(full) : unlink(full)) != 0 && errno != ENOENT) {
            int e = errno;
            ps_error_at(err, full, 0, 0);
            rc = ps_error_set(err, PS_ERR_IO, "cannot remove '%s': %s", full, strerror(e));
        }
        ps_free(full);
    }
    closedir(d);
    return rc;
}

static int has_entry(const char *dir, const char *name) {
    char *p = ps_path_join(dir, name);
    struct stat st;
    int yes = p && lstat(p, &st) == 0;
    ps_free(p);
    return yes;
}

static int is_empty_dir(const char *path) {
    DIR *d = opendir(path);
    if (!d) return 0;
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) n++;
    closedir(d);
    return n == 0;
}

int ps_batch_prepare(const char *dir, const char *folder, ps_error *err) {
    char *path = ps_path_join(dir, folder);
    if (!path) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int rc = ps_mkdir_p(path, err);
    if (!rc && !is_empty_dir(path)) {
        if (has_entry(path, PS_BATCH_RECORD_FILE) || has_entry(path, PS_BATCH_LOG_FILE)) {
            rc = empty_tree(path, err);
        } else {
            ps_error_at(err, path, 0, 0);
            rc = ps_error_set(err, PS_ERR_IO,
                              "folder '%s' is in the way: it is not empty and was not made by "
                              "polsim batch (it has no %s or %s); move it away or choose "
                              "another -o folder",
                              path, PS_BATCH_RECORD_FILE, PS_BATCH_LOG_FILE);
        }
    }
    ps_free(path);
    return rc;
}

/* ---- collecting a finished run ---- */

static int add_output(ps_batch_record *r, const char *dir, const char *rel, ps_error *err) {
    char *inner = ps_path_join(r->folder, rel), *full = inner ? ps_path_join(dir, inner) : NULL;
    ps_batch_output *o = NULL;
    int rc = full ? PS_OK : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (!rc) {
        ps_batch_output *v = ps_realloc(r->outputs, sizeof *v * (size_t)(r->noutputs + 1));
        if (!v) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        else r->outputs = v;
    }
    if (!rc) {
        o = &r->outputs[r->noutputs++];
        o->path = inner;
        inner = NULL;
        o->bytes = 0;
        rc = ps_batch_hash_file(full, o->sha256, err);
    }
    struct stat st;
    if (!rc && stat(full, &st) == 0) o->bytes = (long long)st.st_size;
    ps_free(inner);
    ps_free(full);
    return rc;
}

static int have_input(const ps_batch_record *r, const char *path, const char *hash) {
    for (int i = 0; i < r->ninputs; i++)
        if (strcmp(r->inputs[i].path, path) == 0 && (!hash || strcmp(r->inputs[i].sha256, hash) == 0))
            return 1;
    return 0;
}

/* The history beside a model file, when there is one. */
static int add_history(ps_batch_record *r, const char *model_path, ps_error *err) {
    const char *slash = strrchr(model_path, '/');
    size_t dl = slash ? (size_t)(slash - model_path) : 0;
    char *h = ps_malloc(dl + sizeof "/history.csv");
    if (!h) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (slash) snprintf(h, dl + sizeof "/history.csv", "%.*s/history.csv", (int)dl, model_path);
    else strcpy(h, "history.csv");
    char hex[65];
    struct stat st;
    int rc = PS_OK;
    if (!have_input(r, h, NULL) && stat(h, &st) == 0 && S_ISREG(st.st_mode)) {
        rc = ps_batch_hash_file(h, hex, err);
        if (!rc) rc = ps_batch_record_add_input(r, "data", "", h, hex, err);
    }
    ps_free(h);
    return rc;
}

/* The model a result file names, when the file is a polsim result. */
static int add_model_of(ps_batch_record *r, const char *dir, const char *rel, ps_error *err) {
    char *full = ps_path_join(dir, rel);
    if (!full) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    cJSON *root = NULL;
    ps_error ignored;
    ps_error_clear(&ignored);
    int rc = PS_OK;
    if (ps_batch_json_read(full, &root, &ignored) == PS_OK) {
        const cJSON *schema = cJSON_GetObjectItemCaseSensitive(root, "schema");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "model");
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(m, "name");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(m, "path");
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(m, "hash");
        struct stat st;
        if (cJSON_IsString(schema) && strcmp(schema->valuestring, "polsim.result") == 0 &&
            cJSON_IsString(nm) && cJSON_IsString(p) && cJSON_IsString(h) &&
            strlen(h->valuestring) == 64 && !have_input(r, p->valuestring, h->valuestring) &&
            stat(p->valuestring, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = ps_batch_record_add_input(r, "model", nm->valuestring, p->valuestring,
                                           h->valuestring, err);
            if (!rc) rc = add_history(r, p->valuestring, err);
        }
    }
    cJSON_Delete(root);
    ps_free(full);
    return rc;
}

int ps_batch_collect(ps_batch_record *r, const char *dir, ps_error *err) {
    char *root = ps_path_join(dir, r->folder);
    strvec files = {0};
    int rc = root ? walk(root, "", 0, &files, err) : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (!rc) qsort(files.v, (size_t)files.n, sizeof *files.v, cmp_str);
    for (int i = 0; !rc && i < files.n; i++) {
        const char *f = files.v[i];
        if (strcmp(f, PS_BATCH_RECORD_FILE) == 0 || strcmp(f, PS_BATCH_LOG_FILE) == 0) continue;
        rc = add_output(r, dir, f, err);
        size_t n = strlen(f);
        if (!rc && n > 5 && strcmp(f + n - 5, ".json") == 0) rc = add_model_of(r, root, f, err);
    }
    ps_free_strings(files.v, files.n);
    ps_free(root);
    return rc;
}
