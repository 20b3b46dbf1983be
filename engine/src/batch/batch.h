/*
** Batch runs of scenario scripts: the plan (which scripts, in which order,
** into which output folders, which shard), the record of each script's run,
** the batch manifest (schema "polsim.batch" version 1, docs/cli.md) and the
** checks `--resume` makes.
**
** Running the scripts is the program's job (engine/src/cli/cmd_batch.c runs
** each in its own process); this module starts no process and prints nothing.
**
** Layout of a batch folder DIR:
**   DIR/<folder>/            one per script: the script's output folder
**   DIR/<folder>/log.txt     what the script printed (standard output and error)
**   DIR/<folder>/run.json    its record (schema "polsim.batch.run"), written
**                            atomically after the script ended: the record
**                            is the truth about the run, and an output folder
**                            without one holds nothing complete
**   DIR/manifest.json        every record of the batch in one file, assembled
**                            from the records ("manifest-K-of-N.json" for a shard)
**
** Ownership: _new and _read results are the caller's, freed with the NULL-safe
** _free.  Strings passed in are copied.  A manifest owns the records added
** to it.
*/
#ifndef POLSIM_BATCH_H
#define POLSIM_BATCH_H

#include <stddef.h>
#include "polsim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_BATCH_SCHEMA "polsim.batch"
#define PS_BATCH_RUN_SCHEMA "polsim.batch.run"
#define PS_BATCH_SCHEMA_VERSION 1

/* File names a script's output folder reserves for the batch. */
#define PS_BATCH_RECORD_FILE "run.json"
#define PS_BATCH_LOG_FILE "log.txt"

/* ---- the plan ---- */

typedef struct ps_batch_plan {
    int total;                  /* distinct scripts of the whole batch */
    int n;                      /* scripts of this shard */
    char **scripts;             /* [n] paths as given, sorted by byte order */
    char **folders;             /* [n] output folder names, unique in the whole batch */
} ps_batch_plan;

/* "K/N" with 1 <= K <= N <= 100000 (PS_ERR_USAGE otherwise). */
int ps_batch_shard_parse(const char *s, int *k, int *n, ps_error *err);

/* Plan a batch of `n` script paths: duplicates (the same text) count once,
** the rest are sorted by byte order, each gets a folder named after its file
** (the name without ".lua", characters other than letters, digits, '-' and
** '_' replaced by '_'; a name taken by an earlier script gets "-2", "-3"...),
** and the shard keeps the scripts whose position i (0-based, in that order)
** has i mod shard_n == shard_k - 1.  Folders are named over the whole batch,
** so every shard names a script's folder the same way.  shard_n = 0 or 1:
** every script. */
int ps_batch_plan_new(const char *const *scripts, int n, int shard_k, int shard_n,
                      ps_batch_plan **out, ps_error *err);
void ps_batch_plan_free(ps_batch_plan *p);

/* ---- records ---- */

typedef enum ps_batch_status {
    PS_BATCH_NOT_RUN = 0,       /* never started: the batch was interrupted first */
    PS_BATCH_OK,                /* exited with status 0: its outputs are complete */
    PS_BATCH_FAILED,            /* exited with another status, or could not start */
    PS_BATCH_TIMEOUT,           /* killed when it ran past the time limit */
    PS_BATCH_KILLED,            /* ended by a signal the batch did not send */
    PS_BATCH_INTERRUPTED        /* stopped because the batch was interrupted */
} ps_batch_status;

/* "not-run", "ok", "failed", "timeout", "killed", "interrupted". */
const char *ps_batch_status_name(ps_batch_status s);

/* Something a run read: a model file, the history beside it, or the folder of
** shared Lua modules.  --resume re-hashes each to see whether it changed. */
typedef struct ps_batch_input {
    char *kind;                 /* "model", "data" or "lib" */
    char *name;                 /* the model's name; "" for other kinds */
    char *path;                 /* relative to the batch's working folder, as the run saw it */
    char sha256[65];            /* of the file; for "lib", ps_batch_dir_digest */
} ps_batch_input;

typedef struct ps_batch_output {
    char *path;                 /* relative to the batch folder: "<folder>/<file>" */
    char sha256[65];
    long long bytes;
} ps_batch_output;

typedef struct ps_batch_record {
    char *script;               /* the script's path as given */
    char *folder;               /* its output folder, below the batch folder */
    char sha256[65];            /* of the script's text ("" when unreadable) */
    int nsets;                  /* --set NAME=VALUE, in order, names unique */
    char **set_keys, **set_values;
    unsigned long seed;
    char *engine_version;
    ps_batch_status status;
    int exit_code;              /* process exit status; 128 + N after signal N; -1 never ran */
    int signal;                 /* the signal that ended the run, 0 when none */
    double seconds;             /* wall-clock seconds */
    char *error;                /* first line of what went wrong, "" when ok */
    int ninputs;
    ps_batch_input *inputs;
    int noutputs;
    ps_batch_output *outputs;   /* sorted by path */
    int reused;                 /* manifest only: kept from an earlier run by --resume */
    int strict, bom;            /* run with --strict, --bom (absent in a file: 0) */
} ps_batch_record;

int ps_batch_record_new(const char *script, const char *folder, ps_batch_record **out,
                        ps_error *err);
void ps_batch_record_free(ps_batch_record *r);

/* Replace the --set pairs (copied; a repeated name keeps its last value,
** as the script sees it) or the error text. */
int ps_batch_record_set_args(ps_batch_record *r, int n, const char *const *keys,
                             const char *const *values, ps_error *err);
int ps_batch_record_set_error(ps_batch_record *r, const char *text, ps_error *err);
/* Append an input (copied). */
int ps_batch_record_add_input(ps_batch_record *r, const char *kind, const char *name,
                              const char *path, const char *sha256, ps_error *err);

/* A run record as its own JSON file (schema "polsim.batch.run"), atomically. */
int ps_batch_record_write(const ps_batch_record *r, const char *path, ps_error *err);
/* Read one back; every field is checked and a wrong one named (PS_ERR_DATA). */
int ps_batch_record_read(const char *path, ps_batch_record **out, ps_error *err);

/* ---- files ---- */

/* SHA-256 of a file's bytes as 64 hex digits (PS_ERR_IO when unreadable). */
int ps_batch_hash_file(const char *path, char hex[65], ps_error *err);

/* Digest of the Lua files below a folder: SHA-256 of the lines
** "<relative path> <sha256 of the file>\n" of every *.lua file, sorted by
** path.  Any edit, addition, removal or rename of a module changes it. */
int ps_batch_dir_digest(const char *dir, char hex[65], ps_error *err);

/* Make DIR/folder ready for a fresh run of its script: create it, or empty it
** when it holds an earlier batch run (it has run.json or log.txt).  A
** non-empty folder the batch did not make is refused (PS_ERR_IO), so a batch
** never deletes files it does not own.  Symbolic links are removed, never
** followed. */
int ps_batch_prepare(const char *dir, const char *folder, ps_error *err);

/* After a run: add to r->outputs every file below DIR/<r->folder> except
** run.json, log.txt and temporary files (sorted, hashed), and to r->inputs
** the model of every result JSON among them (model.name, model.path and
** model.hash as the result records them, when the file is still there) and
** the history.csv beside each such model when it exists.  Files that are
** not results are outputs only. */
int ps_batch_collect(ps_batch_record *r, const char *dir, ps_error *err);

/* ---- resume ---- */

/* Whether `prev` (the record found in DIR/<folder>/run.json) can stand for
** the run `want` describes (script, folder, sha256, --set, seed, engine
** version, and its "lib" input when modules are shared, which the caller
** adds): prev ran ok with the same of all these, every model and data file
** it read still has its
** recorded hash, and every output it recorded still exists with its recorded
** hash.  Returns 1, or 0 with the first reason it cannot ("the script
** changed") in why[0..n-1]. */
int ps_batch_reusable(const ps_batch_record *prev, const ps_batch_record *want,
                      const char *dir, char *why, size_t n);

/* ---- the manifest ---- */

typedef struct ps_batch_manifest {
    char *engine_version;
    char *started;              /* UTC date and time the batch started, ISO 8601 */
    double seconds;             /* wall-clock seconds of the whole batch */
    int jobs;                   /* worker processes */
    long max_memory_mib;        /* limits given to every script; 0 = polsim run's default */
    long long max_instructions; /* -1 = polsim run's default, 0 = none */
    double timeout;             /* seconds */
    int shard_k, shard_n;       /* this shard; 0, 0 when the whole batch */
    int total;                  /* scripts of the whole batch (every shard) */
    int interrupted;            /* the batch was stopped by a signal */
    int nrec;
    ps_batch_record **recs;     /* owned; in plan order (sorted by script path) */
    int nmerged;
    char **merged_from;         /* manifests a merged manifest came from */
    int nwarn;
    char **warnings;            /* what a merge noticed (missing shards ...) */
} ps_batch_manifest;

int ps_batch_manifest_new(ps_batch_manifest **out, ps_error *err);
void ps_batch_manifest_free(ps_batch_manifest *m);
/* Hand a record over to the manifest (freed with it, even on failure). */
int ps_batch_manifest_add(ps_batch_manifest *m, ps_batch_record *r, ps_error *err);
/* Scripts with status s. */
int ps_batch_manifest_count(const ps_batch_manifest *m, ps_batch_status s);

/* "manifest.json", or "manifest-K-of-N.json" for shard K of N, into buf. */
const char *ps_batch_manifest_name(int shard_k, int shard_n, char *buf, size_t n);

int ps_batch_manifest_write(const ps_batch_manifest *m, const char *path, ps_error *err);
int ps_batch_manifest_read(const char *path, ps_batch_manifest **out, ps_error *err);

/* Merge the manifests of the shards of one batch, ms[0..n-1] (read from the
** files names[0..n-1]), into one manifest of the whole batch.  Shards keep
** their paths: they are meant to share one batch folder, where their
** folder names never collide.  Two manifests of the same shard, a script in
** two manifests, or shards of different counts are errors (PS_ERR_DATA);
** missing shards and differing engine versions are warnings in the result.
** The records are copied. */
int ps_batch_manifest_merge(const ps_batch_manifest *const *ms, const char *const *names,
                            int n, ps_batch_manifest **out, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
