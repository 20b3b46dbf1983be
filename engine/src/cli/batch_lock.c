/*
** One batch at a time per output folder (per shard): two batches writing the
** same folders would read each other's records as script outputs and leave a
** manifest that contradicts the exit statuses.  The lock is flock(2) on a
** file in the folder, so it is released by the kernel however the batch ends
** (even by SIGKILL): a lock file left behind is never stale, whatever pid it
** names.  The file holds the pid of the holder, for the message only.
**
** An unsharded batch takes DIR/.polsim-batch.lock exclusively.  A shard K/N
** takes it shared (shards of one batch run side by side into one folder) and
** DIR/.polsim-batch-K-of-N.lock exclusively.  Lock files are never removed:
** removing one would let a waiting batch lock a file that is no longer there.
*/
#include "cli/batch_cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static int lock_one(const char *dir, const char *name, int how, int *fd, ps_error *err) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (*fd < 0)
        return ps_error_set(err, PS_ERR_IO, "cannot create the lock file '%s': %s", path,
                            strerror(errno));
    if (flock(*fd, how | LOCK_NB) == 0) return PS_OK;
    int e = errno;
    char pid[32] = "";
    ssize_t n = pread(*fd, pid, sizeof pid - 1, 0);
    pid[n > 0 ? n : 0] = '\0';
    pid[strcspn(pid, "\n")] = '\0';
    close(*fd);
    *fd = -1;
    if (e != EWOULDBLOCK)
        return ps_error_set(err, PS_ERR_IO, "cannot lock '%s': %s", path, strerror(e));
    return ps_error_set(err, PS_ERR_IO,
                        "another polsim batch is writing into '%s'%s%s%s (lock file %s); wait "
                        "for it to finish or give another folder with -o",
                        dir, pid[0] ? " (pid " : "", pid, pid[0] ? ")" : "", path);
}

static void note_pid(int fd) {
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) != n) {
        /* the pid is for messages only */
    }
}

int batch_lock(const batch_opts *o, int fds[2], ps_error *err) {
    fds[0] = fds[1] = -1;
    int sharded = o->shard_n > 1;
    int rc = lock_one(o->out_dir, ".polsim-batch.lock", sharded ? LOCK_SH : LOCK_EX, &fds[0], err);
    if (rc || !sharded) {
        if (!rc) note_pid(fds[0]);
        return rc;
    }
    char name[64];
    snprintf(name, sizeof name, ".polsim-batch-%d-of-%d.lock", o->shard_k, o->shard_n);
    rc = lock_one(o->out_dir, name, LOCK_EX, &fds[1], err);
    if (rc) {
        close(fds[0]);
        fds[0] = -1;
        return rc;
    }
    note_pid(fds[1]);
    return PS_OK;
}

void batch_unlock(int fds[2]) {
    for (int i = 0; i < 2; i++)
        if (fds[i] >= 0) close(fds[i]);
    fds[0] = fds[1] = -1;
}
