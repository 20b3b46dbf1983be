/*
** Internal to `polsim batch` (cmd_batch.c): the options, the state of a
** running batch, and the parts that run processes (batch_exec.c), report
** (batch_report.c) and merge shard manifests (batch_merge.c).
*/
#ifndef PS_CLI_BATCH_H
#define PS_CLI_BATCH_H

#include "cli/cli.h"
#include "batch/batch.h"

#include <signal.h>
#include <sys/types.h>

typedef struct batch_opts {
    const char **scripts;
    int nscripts;
    int jobs;                   /* 0 = the number of cores */
    const char *out_dir;
    const char **sets;          /* "NAME=VALUE" as given */
    char **set_keys;            /* NAME of each */
    const char **set_values;    /* VALUE of each (inside sets[]) */
    int nsets;
    unsigned long seed;
    int resume, quiet, dry_run;
    int strict, bom;            /* passed to every polsim run */
    int shard_k, shard_n;       /* 0, 0: the whole batch */
    long max_memory;            /* MiB; 0 = polsim run's default */
    long long max_instructions; /* -1 = polsim run's default */
    double timeout;             /* seconds; 0 = none */
    const char *merge_dir;
} batch_opts;

/* What happens to a script of the plan.  JOB_EXITED: its process ended and
** was reaped, its record is not written yet. */
enum { JOB_PENDING, JOB_RUNNING, JOB_EXITED, JOB_DONE };

typedef struct batch_job {
    int state;
    pid_t pid;                  /* also its process group */
    double start, end, deadline; /* monotonic seconds; deadline 0 = none */
    int timed_out, interrupted;
    int wstatus;                /* from waitpid, once exited */
} batch_job;

typedef struct batch_state {
    const batch_opts *o;
    ps_batch_plan *plan;
    ps_batch_record **recs;     /* [plan->n]: what we want, then what happened */
    batch_job *jobs;            /* [plan->n] */
    const char *exe;            /* the polsim program to run scripts with */
    int devnull;
    /* progress */
    int tty;
    double t0;
    int torun, started, finished, failed, running;
    int next;                   /* the next script of the plan to consider */
    int *active, nactive;       /* scripts started and not yet finished */
    int stopping;               /* interrupted: start nothing more */
    int signals;                /* interrupting signals received */
    double kill_at;             /* when still-running scripts get SIGKILL */
} batch_state;

double batch_now(void);

/* Block the signals the batch waits for (SIGCHLD, SIGINT, SIGTERM, SIGHUP)
** until it exits: a signal arriving while a manifest is written then cannot
** leave half a file.  The set is what batch_execute waits on. */
void batch_block_signals(sigset_t *set);
/* Run every pending job of b; returns 1 when the batch was interrupted. */
int batch_execute(batch_state *b, const sigset_t *set);

/* Progress (standard error) and the summary (standard output). */
void batch_report_kept(const batch_state *b, int i);
void batch_report_rerun(const batch_state *b, int i, const char *why);
void batch_report_done(batch_state *b, int i);

/* batch_lock.c: lock the output folder (and the shard) for this batch;
** PS_ERR_IO naming the folder when another batch holds it.  fds[2] are
** released by batch_unlock, or by the kernel when the process ends. */
int batch_lock(const batch_opts *o, int fds[2], ps_error *err);
void batch_unlock(int fds[2]);
void batch_report_draw(const batch_state *b);
void batch_report_clear(const batch_state *b);
void batch_report_summary(const batch_state *b, const ps_batch_manifest *m,
                          const char *manifest_path);

int batch_merge(const batch_opts *o);

#endif
