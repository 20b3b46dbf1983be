#include "io/io.h"
#include "util/alloc.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The limit follows the kind of input: a regular file over it is refused
** before a byte is read; a pipe (say `<(gunzip -c data.csv.gz)`) is read up
** to it; a folder or a device (/dev/zero, /dev/urandom, a terminal) is no
** input file at all. */
static int check_kind(int fd, const char *path, size_t max_bytes, ps_error *err) {
    struct stat st;
    if (fstat(fd, &st) != 0) {
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
    }
    const char *kind = S_ISDIR(st.st_mode)    ? "a folder"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : NULL;
    if (kind) {
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot read '%s': it is %s, not a file", path, kind);
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max_bytes) {
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_LIMIT,
                            "'%s' is larger than the limit of %zu bytes for this kind of input "
                            "(%lld bytes)", path, max_bytes, (long long)st.st_size);
    }
    return PS_OK;
}

int ps_file_read_all(const char *path, size_t max_bytes, char **out, size_t *len,
                     ps_error *err) {
    *out = NULL;
    if (len) *len = 0;
    if (max_bytes == 0) max_bytes = (size_t)1 << 30;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    }
    int rc = check_kind(fd, path, max_bytes, err);
    FILE *f = rc ? NULL : fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return rc ? rc : ps_error_set(err, PS_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    }
    size_t cap = 4096, n = 0;
    char *buf = ps_malloc(cap);
    if (!buf) {
        fclose(f);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory reading '%s'", path);
    }
    for (;;) {
        if (cap - n < 2) {
            if (cap > max_bytes) break;
            char *nb = ps_realloc(buf, cap * 2);
            if (!nb) {
                ps_free(buf);
                fclose(f);
                return ps_error_set(err, PS_ERR_NOMEM, "out of memory reading '%s'", path);
            }
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        ps_free(buf);
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot read '%s'", path);
    }
    if (n > max_bytes) {
        ps_free(buf);
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_LIMIT,
                            "'%s' is larger than the limit of %zu bytes for this kind of input",
                            path, max_bytes);
    }
    buf[n] = '\0';
    *out = buf;
    if (len) *len = n;
    return PS_OK;
}

long ps_file_temp_owner(const char *name) {
    const char *t = strstr(name, ".tmp.");
    while (t && strstr(t + 1, ".tmp.")) t = strstr(t + 1, ".tmp.");
    if (!t || t == name) return 0;
    char *end;
    long pid = strtol(t + 5, &end, 10);
    if (pid <= 0 || end == t + 5 || *end != '.' || strlen(end + 1) != 6) return 0;
    return pid;
}

/* Temporary files whose writer is dead (a SIGKILL between mkstemp and
** rename) would stay forever: remove them from the folder of `path`, once
** per folder and thread, before the first write there.  A live writer's
** file (another process writing now) is left alone; a pid taken over by an
** unrelated process only delays the cleaning. */
static void remove_dead_temps(const char *path) {
    static _Thread_local char done[PATH_MAX];
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    size_t n = slash ? (size_t)(slash - path) : 1;
    if (n >= sizeof dir) return;
    if (slash) memcpy(dir, path, n);
    else dir[0] = '.';
    dir[n ? n : 1] = '\0';
    if (slash == path) strcpy(dir, "/");
    if (strcmp(done, dir) == 0) return;
    snprintf(done, sizeof done, "%s", dir);
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        long pid = ps_file_temp_owner(de->d_name);
        if (pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
            unlinkat(dirfd(d), de->d_name, 0);
    }
    closedir(d);
}

int ps_file_write_atomic(const char *path, const void *data, size_t len, ps_error *err) {
    remove_dead_temps(path);
    size_t pl = strlen(path);
    char *tmp = ps_malloc(pl + 40);
    if (!tmp) return ps_error_set(err, PS_ERR_NOMEM, "out of memory writing '%s'", path);
    snprintf(tmp, pl + 40, "%s.tmp.%ld.XXXXXX", path, (long)getpid());
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        ps_free(tmp);
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot write '%s': %s", path, strerror(e));
    }
    const unsigned char *p = data;
    size_t left = len;
    int e = 0;
    while (left > 0) {
        ssize_t k = write(fd, p, left);
        if (k < 0) {
            if (errno == EINTR) continue;
            e = errno;
            break;
        }
        p += k;
        left -= (size_t)k;
    }
    /* mkstemp creates 0600; results are ordinary files, so honour the umask. */
    if (!e) {
        mode_t um = umask(0);
        umask(um);
        if (fchmod(fd, 0666 & ~um) != 0) e = errno;
    }
    if (!e && fsync(fd) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (!e && rename(tmp, path) != 0) e = errno;
    if (e) {
        unlink(tmp);
        ps_free(tmp);
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot write '%s': %s", path, strerror(e));
    }
    ps_free(tmp);
    return PS_OK;
}

int ps_mkdir_p(const char *path, ps_error *err) {
    size_t n = strlen(path);
    char *buf = ps_malloc(n + 1);
    if (!buf) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                ps_error_at(err, path, 0, 0);
                ps_error_set(err, PS_ERR_IO, "cannot create folder '%s': %s", buf, strerror(e));
                ps_free(buf);
                return PS_ERR_IO;
            }
            buf[i] = c;
        }
    }
    ps_free(buf);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "'%s' exists and is not a folder", path);
    }
    return PS_OK;
}

int ps_mkdir_parent(const char *path, ps_error *err) {
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return PS_OK;
    size_t n = (size_t)(slash - path);
    char *dir = ps_malloc(n + 1);
    if (!dir) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    memcpy(dir, path, n);
    dir[n] = '\0';
    int rc = ps_mkdir_p(dir, err);
    ps_free(dir);
    return rc;
}
