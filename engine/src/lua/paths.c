/*
** Where a script may write (below the output folder) and read models from
** (below the model root).  Paths are checked as text first (relative, no
** ".."), then, for writes, folder by folder on disk: every existing folder
** on the way must really lie inside the output folder once symbolic links
** are followed, and a folder is only created after its parent passed, so a
** link pointing elsewhere is refused before anything is made through it.
*/
/* realpath is an XSI function */
#define _XOPEN_SOURCE 700

#include "lua/sandbox_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/io.h"
#include "util/strbuf.h"

/* Relative, non-empty, no ".." component. */
static int check_text(const char *path, const char *what, const char *root, ps_error *err) {
    if (!path || !path[0])
        return ps_error_set(err, PS_ERR_USAGE, "%s path is empty", what);
    if (path[0] == '/')
        return ps_error_set(err, PS_ERR_USAGE,
                            "%s path '%s' is absolute; give a path relative to '%s'", what,
                            path, root);
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return ps_error_set(err, PS_ERR_USAGE,
                                "%s path '%s' contains '..'; give a path inside '%s'", what,
                                path, root);
        p += n;
        while (*p == '/') p++;
    }
    return PS_OK;
}

/* Is `real` (a resolved path) `root` itself or below it? */
static int inside(const char *real, const char *root) {
    size_t n = strlen(root);
    if (strcmp(root, "/") == 0) return 1;
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

static int escapes(const char *path, const char *shown, const char *out_dir, ps_error *err) {
    return ps_error_set(err, PS_ERR_USAGE,
                        "output path '%s' leaves the output folder '%s' through the "
                        "symbolic link '%s'", shown, out_dir, path);
}

/* `cur` exists: it must resolve inside root (and be a folder unless last). */
static int check_existing(const char *cur, const char *root, int last, const char *shown,
                          const char *out_dir, ps_error *err) {
    char real[PATH_MAX];
    struct stat st;
    if (!realpath(cur, real)) /* a dangling link: where it points is unknown */
        return escapes(cur, shown, out_dir, err);
    if (!inside(real, root)) return escapes(cur, shown, out_dir, err);
    if (!last && (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)))
        return ps_error_set(err, PS_ERR_IO, "output path '%s': '%s' is not a folder", shown, cur);
    return PS_OK;
}

/* Walk the components of path below out_dir, creating missing folders. */
static int walk(ps_lua *s, const char *path, const char *root, char *buf, size_t n,
                ps_error *err) {
    size_t len = (size_t)snprintf(buf, n, "%s", s->out_dir);
    for (const char *p = path; *p;) {
        size_t c = strcspn(p, "/");
        const char *next = p + c;
        while (*next == '/') next++;
        int last = *next == '\0';
        if (c == 1 && p[0] == '.') { /* "./" adds nothing */
            p = next;
            continue;
        }
        if (len + 1 + c >= n)
            return ps_error_set(err, PS_ERR_USAGE, "output path '%s' is too long", path);
        len += (size_t)snprintf(buf + len, n - len, "/%.*s", (int)c, p);
        struct stat st;
        if (lstat(buf, &st) == 0) {
            int rc = check_existing(buf, root, last, path, s->out_dir, err);
            if (rc) return rc;
        } else if (errno != ENOENT) {
            return ps_error_set(err, PS_ERR_IO, "output path '%s': cannot inspect '%s': %s",
                                path, buf, strerror(errno));
        } else if (!last && mkdir(buf, 0777) != 0 && errno != EEXIST) {
            return ps_error_set(err, PS_ERR_IO, "cannot create folder '%s': %s", buf,
                                strerror(errno));
        }
        p = next;
    }
    return PS_OK;
}

int ps_lua_resolve_output(ps_lua *s, const char *path, char *buf, size_t n, ps_error *err) {
    char root[PATH_MAX];
    int rc = check_text(path, "output", s->out_dir, err);
    if (rc) return rc;
    if (strcspn(path, "/.") == 0 && strspn(path, "/.") == strlen(path))
        return ps_error_set(err, PS_ERR_USAGE, "output path '%s' names no file", path);
    if ((rc = ps_mkdir_p(s->out_dir, err))) return rc;
    if (!realpath(s->out_dir, root))
        return ps_error_set(err, PS_ERR_IO, "cannot resolve the output folder '%s': %s",
                            s->out_dir, strerror(errno));
    return walk(s, path, root, buf, n, err);
}

/* One candidate of the search: dir/path into buf; 1 when it exists.  The
** candidate is appended to `tried` for the error. */
static int try_dir(const char *dir, size_t dlen, const char *path, const char *why, char *buf,
                   size_t n, ps_sb *tried) {
    int len = dlen == 1 && dir[0] == '.' ? snprintf(buf, n, "%s", path)
                                         : snprintf(buf, n, "%.*s/%s", (int)dlen, dir, path);
    if (len < 0 || (size_t)len >= n) return 0;
    struct stat st;
    if (stat(buf, &st) == 0) return 1;
    ps_sb_printf(tried, "\n    no '%s' (%s)", buf, why);
    return 0;
}

int ps_lua_resolve_input(void *ud, const char *path, char *buf, size_t n, ps_error *err) {
    ps_lua *s = ud;
    if (!path || !path[0]) return ps_error_set(err, PS_ERR_USAGE, "model path is empty");
    if (path[0] == '/') { /* reading anywhere is allowed; writing is not */
        if ((size_t)snprintf(buf, n, "%s", path) >= n)
            return ps_error_set(err, PS_ERR_USAGE, "model path '%s' is too long", path);
        return PS_OK;
    }
    ps_sb tried;
    ps_sb_init(&tried);
    int found = 0;
    const char *sd = s->script_dir;
    if (sd[0] && strcmp(sd, s->model_root) != 0)
        found = try_dir(sd, strlen(sd), path, "the script's folder", buf, n, &tried);
    if (!found)
        found = try_dir(s->model_root, strlen(s->model_root), path,
                        strcmp(s->model_root, ".") ? "the model root" : "the current folder",
                        buf, n, &tried);
    for (const char *p = s->model_path; !found && p && *p;) {
        size_t k = strcspn(p, ":");
        if (k) found = try_dir(p, k, path, "POLSIM_PATH", buf, n, &tried);
        p += k + (p[k] == ':');
    }
    if (!found && s->models_dir)
        found = try_dir(s->models_dir, strlen(s->models_dir), path, "the installed models",
                        buf, n, &tried);
    int rc = PS_OK;
    if (!found)
        rc = ps_error_set(err, PS_ERR_IO, "model '%s' not found; looked for:%s\nGive a path "
                          "relative to the script, set POLSIM_PATH to the folder holding the "
                          "model, or give an absolute path", path,
                          tried.buf ? tried.buf : "");
    ps_sb_free(&tried);
    return rc;
}
