/*
** File input/output helpers shared by every module: whole-file reads, atomic
** writes and SHA-256 content hashes.
**
** Atomic write: the bytes go to a temporary file in the same folder, are
** flushed to disk, and only then renamed over the target, so a reader (or a
** crash) never sees a half-written file.
*/
#ifndef POLSIM_IO_H
#define POLSIM_IO_H

#include <stddef.h>
#include "polsim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Read a whole file.  *out is malloc'ed, NUL-terminated (not counted in
** *len) and owned by the caller (free()).  Files over `max_bytes` (0 = 1 GiB)
** are refused with PS_ERR_LIMIT. */
int ps_file_read_all(const char *path, size_t max_bytes, char **out, size_t *len,
                     ps_error *err);

/* Write `len` bytes to `path` atomically (temp file + fsync + rename).  On
** failure the target is untouched and the temporary file removed.  The
** temporary file is "PATH.tmp.PID.XXXXXX"; one left by a writer that was
** killed (its pid no longer exists) is removed by the next atomic write into
** the same folder. */
int ps_file_write_atomic(const char *path, const void *data, size_t len, ps_error *err);

/* When `name` (a file name without folder) is a temporary file of
** ps_file_write_atomic, "NAME.tmp.PID.XXXXXX": the writer's pid; else 0. */
long ps_file_temp_owner(const char *name);

/* SHA-256 of a buffer as 64 lowercase hex digits plus NUL into hex[65]. */
void ps_sha256_hex(const void *data, size_t len, char hex[65]);

/* Create a folder and its parents (like mkdir -p). */
int ps_mkdir_p(const char *path, ps_error *err);

/* Create the folder a file `path` will go into, with its parents; nothing to do
** for a path without a folder part. */
int ps_mkdir_parent(const char *path, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
