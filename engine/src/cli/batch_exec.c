/*
** `polsim batch`: running the scripts.  Each script runs as `polsim run` in a
** process of its own, in a process group of its own, so that it can be
** killed whole (time limit, interruption) and can take nothing else down.
**
** The loop never installs a handler that does work: SIGCHLD, SIGINT, SIGTERM
** and SIGHUP are blocked and collected with sigtimedwait, whose timeout is
** the nearest time limit (or the next redraw of the progress bar).  So there
** is no race between "a child ended" and "go to sleep", and no state is
** touched from a signal handler.
*/
#include "cli/batch_cli.h"
#include "util/alloc.h"
#include "io/io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* No single file a script writes (its log included) may exceed this. */
#define FILE_SIZE_CAP ((rlim_t)1 << 30)
/* After an interruption, how long children get to end before SIGKILL. */
#define GRACE_SECONDS 5.0
#define REDRAW_SECONDS 0.25

double batch_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *path2(const char *a, const char *b, const char *c) {
    size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
    char *p = ps_malloc(n);
    if (p) snprintf(p, n, "%s/%s%s%s", a, b, c[0] ? "/" : "", c);
    return p;
}

/* The child's argument vector: polsim run SCRIPT -o DIR/FOLDER ... */
static char **child_argv(const batch_state *b, int i, char *outdir, char *seed, char *mem,
                         char *instr) {
    const batch_opts *o = b->o;
    char **v = ps_calloc((size_t)(14 + 2 * o->nsets), sizeof *v);
    if (!v) return NULL;
    int k = 0;
    v[k++] = "polsim";
    v[k++] = "run";
    v[k++] = b->plan->scripts[i];
    v[k++] = "-o";
    v[k++] = outdir;
    v[k++] = "--seed";
    v[k++] = seed;
    for (int s = 0; s < o->nsets; s++) {
        v[k++] = "--set";
        v[k++] = (char *)o->sets[s];
    }
    if (o->max_memory > 0) {
        v[k++] = "--max-memory";
        v[k++] = mem;
    }
    if (o->max_instructions >= 0) {
        v[k++] = "--max-instructions";
        v[k++] = instr;
    }
    if (o->strict) v[k++] = "--strict";
    if (o->bom) v[k++] = "--bom";
    v[k] = NULL;
    return v;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child(const batch_state *b, char **argv, int logfd, pid_t parent) {
    setpgid(0, 0);
#ifdef __linux__
    /* If the batch dies (even by SIGKILL), its scripts die with it, so a
    ** resumed batch never races an orphan writing into the same folder. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
#else
    (void)parent;
#endif
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE};
    for (size_t s = 0; s < sizeof sigs / sizeof sigs[0]; s++) sigaction(sigs[s], &dfl, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct rlimit core = {0, 0}, fsize = {FILE_SIZE_CAP, FILE_SIZE_CAP};
    setrlimit(RLIMIT_CORE, &core);
    setrlimit(RLIMIT_FSIZE, &fsize);
    if (dup2(b->devnull, 0) < 0 || dup2(logfd, 1) < 0 || dup2(logfd, 2) < 0) _exit(127);
    execv(b->exe, argv);
    static const char msg[] = "polsim: error: polsim batch could not start polsim run\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(127);
}

/* Fork and exec; 0, or -1 with errno. */
static int spawn(batch_state *b, int i) {
    char seed[32], mem[32], instr[32];
    snprintf(seed, sizeof seed, "%lu", b->o->seed);
    snprintf(mem, sizeof mem, "%ld", b->o->max_memory);
    snprintf(instr, sizeof instr, "%lld", b->o->max_instructions);
    char *outdir = path2(b->o->out_dir, b->plan->folders[i], "");
    char *log = path2(b->o->out_dir, b->plan->folders[i], PS_BATCH_LOG_FILE);
    char **argv = outdir ? child_argv(b, i, outdir, seed, mem, instr) : NULL;
    int logfd = log ? open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666) : -1;
    int e = (!outdir || !log || !argv) ? ENOMEM : errno;
    pid_t pid = -1;
    if (argv && logfd >= 0) {
        pid_t parent = getpid();
        pid = fork();
        if (pid == 0) child(b, argv, logfd, parent);
        e = errno;
        if (pid > 0) setpgid(pid, pid); /* also here: no race with kill(-pid) */
    }
    if (logfd >= 0) close(logfd);
    ps_free(argv);
    ps_free(outdir);
    ps_free(log);
    if (pid < 0) {
        errno = e;
        return -1;
    }
    batch_job *j = &b->jobs[i];
    j->pid = pid;
    j->state = JOB_RUNNING;
    j->start = batch_now();
    j->deadline = b->o->timeout > 0 ? j->start + b->o->timeout : 0;
    b->active[b->nactive++] = i;
    b->running++;
    b->started++;
    return 0;
}

/* The first line of the error the run printed: its last "polsim: " line. */
static void error_from_log(const batch_state *b, int i, char *buf, size_t n) {
    buf[0] = '\0';
    char *log = path2(b->o->out_dir, b->plan->folders[i], PS_BATCH_LOG_FILE);
    int fd = log ? open(log, O_RDONLY | O_CLOEXEC) : -1;
    ps_free(log);
    if (fd < 0) return;
    static char tail[65536 + 1];
    struct stat st;
    off_t off = fstat(fd, &st) == 0 && st.st_size > 65536 ? st.st_size - 65536 : 0;
    ssize_t k = pread(fd, tail, 65536, off);
    close(fd);
    if (k <= 0) return;
    tail[k] = '\0';
    const char *found = NULL;
    for (char *p = tail; p && *p; p = strchr(p, '\n')) {
        if (*p == '\n') p++;
        if (strncmp(p, "polsim: ", 8) == 0) found = p + 8;
    }
    if (!found) return;
    size_t len = strcspn(found, "\n");
    if (strncmp(found, "error: ", 7) == 0) {
        found += 7;
        len -= 7;
    }
    snprintf(buf, n, "%.*s", (int)(len < 300 ? len : 300), found);
}

static void describe(batch_state *b, int i, int status, char *buf, size_t n) {
    ps_batch_record *r = b->recs[i];
    batch_job *j = &b->jobs[i];
    buf[0] = '\0';
    if (WIFEXITED(status) && WEXITSTATUS(status) == PS_EXIT_INTERRUPTED && j->interrupted) {
        /* polsim run stopped its script itself on our SIGTERM */
        r->exit_code = PS_EXIT_INTERRUPTED;
        r->status = PS_BATCH_INTERRUPTED;
        snprintf(buf, n, "the batch was stopped while it ran");
        return;
    }
    if (WIFEXITED(status)) {
        r->exit_code = WEXITSTATUS(status);
        r->status = r->exit_code == 0 ? PS_BATCH_OK : PS_BATCH_FAILED;
        if (r->exit_code) error_from_log(b, i, buf, n);
        if (r->exit_code && !buf[0]) snprintf(buf, n, "exited with status %d", r->exit_code);
        return;
    }
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
    r->signal = sig;
    r->exit_code = 128 + sig;
    if (j->timed_out) {
        r->status = PS_BATCH_TIMEOUT;
        snprintf(buf, n, "ran past the time limit of %g s and was killed", b->o->timeout);
    } else if (j->interrupted) {
        r->status = PS_BATCH_INTERRUPTED;
        snprintf(buf, n, "the batch was stopped while it ran");
    } else {
        r->status = PS_BATCH_KILLED;
        snprintf(buf, n, "killed by signal %d (%s)%s", sig, strsignal(sig),
                 sig == SIGXFSZ ? ": a file it wrote reached the size limit of 1 GiB" : "");
    }
}

/* A record the run itself wrote would pass for ours: refuse it. */
static int wrote_record(const batch_state *b, int i) {
    char *p = path2(b->o->out_dir, b->plan->folders[i], PS_BATCH_RECORD_FILE);
    struct stat st;
    int yes = p && lstat(p, &st) == 0;
    ps_free(p);
    return yes;
}

/* A script ended: describe it, list its outputs, and write its record last. */
static void finish(batch_state *b, int i) {
    batch_job *j = &b->jobs[i];
    ps_batch_record *r = b->recs[i];
    char text[512];
    ps_error err;
    ps_error_clear(&err);
    j->state = JOB_DONE;
    b->finished++;
    describe(b, i, j->wstatus, text, sizeof text);
    if (wrote_record(b, i)) {
        r->status = PS_BATCH_FAILED;
        snprintf(text, sizeof text, "the script wrote %s, a name the batch keeps for its record",
                 PS_BATCH_RECORD_FILE);
    }
    if (ps_batch_collect(r, b->o->out_dir, &err) && r->status == PS_BATCH_OK) {
        r->status = PS_BATCH_FAILED;
        snprintf(text, sizeof text, "its outputs could not be recorded: %.400s", err.message);
    }
    ps_batch_record_set_error(r, text, &err);
    char *rec = path2(b->o->out_dir, b->plan->folders[i], PS_BATCH_RECORD_FILE);
    if (!rec || ps_batch_record_write(r, rec, &err)) {
        fprintf(stderr, "polsim batch: cannot write the record of %s: %s\n", r->script,
                rec ? err.message : "out of memory");
        r->status = r->status == PS_BATCH_OK ? PS_BATCH_FAILED : r->status;
    }
    ps_free(rec);
    if (r->status != PS_BATCH_OK) b->failed++;
    batch_report_done(b, i);
}

/* The scripts started and not yet finished are b->active[0..nactive-1], so
** that each event costs O(jobs), not O(scripts), in a batch of thousands. */
static int job_of(const batch_state *b, pid_t pid) {
    for (int k = 0; k < b->nactive; k++) {
        int i = b->active[k];
        if (b->jobs[i].state == JOB_RUNNING && b->jobs[i].pid == pid) return i;
    }
    return -1;
}

/* Collect ended processes; their records are written after the freed
** workers got new scripts (finish_exited), so that the bookkeeping (hashes,
** an fsync'ed record) never leaves a core idle. */
static void reap(batch_state *b) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        int i = job_of(b, pid);
        if (i < 0) continue;
        b->jobs[i].state = JOB_EXITED;
        b->jobs[i].wstatus = status;
        b->jobs[i].end = batch_now();
        b->recs[i]->seconds = b->jobs[i].end - b->jobs[i].start;
        b->running--;
    }
}

static void finish_exited(batch_state *b) {
    for (int k = 0; k < b->nactive;) {
        int i = b->active[k];
        if (b->jobs[i].state != JOB_EXITED) {
            k++;
            continue;
        }
        finish(b, i);
        b->active[k] = b->active[--b->nactive];
    }
}

static void signal_all(batch_state *b, int sig) {
    for (int k = 0; k < b->nactive; k++) {
        int i = b->active[k];
        if (b->jobs[i].state == JOB_RUNNING) {
            b->jobs[i].interrupted = 1;
            kill(-b->jobs[i].pid, sig);
        }
    }
}

static void check_deadlines(batch_state *b, double now) {
    for (int k = 0; k < b->nactive; k++) {
        batch_job *j = &b->jobs[b->active[k]];
        if (j->state == JOB_RUNNING && j->deadline > 0 && now >= j->deadline && !j->timed_out) {
            j->timed_out = 1;
            kill(-j->pid, SIGKILL);
        }
    }
    if (b->stopping && b->kill_at > 0 && now >= b->kill_at) {
        signal_all(b, SIGKILL);
        b->kill_at = 0;
    }
}

/* Forward an interruption: SIGTERM to every script, SIGKILL on a second
** signal or after the grace period. */
static void interrupt(batch_state *b) {
    b->signals++;
    b->stopping = 1;
    if (b->signals == 1) {
        signal_all(b, SIGTERM);
        b->kill_at = batch_now() + GRACE_SECONDS;
    } else {
        signal_all(b, SIGKILL);
    }
}

static double next_wake(const batch_state *b, double now) {
    double wake = now + (b->tty ? REDRAW_SECONDS : 3600);
    for (int k = 0; k < b->nactive; k++) {
        const batch_job *j = &b->jobs[b->active[k]];
        if (j->state == JOB_RUNNING && j->deadline > 0 && !j->timed_out && j->deadline < wake)
            wake = j->deadline;
    }
    if (b->kill_at > 0 && b->kill_at < wake) wake = b->kill_at;
    return wake;
}

static void wait_event(batch_state *b, const sigset_t *set) {
    double now = batch_now(), dt = next_wake(b, now) - now;
    if (dt < 0) dt = 0;
    struct timespec ts = {(time_t)dt, (long)((dt - (double)(time_t)dt) * 1e9)};
    siginfo_t info;
    int sig = sigtimedwait(set, &info, &ts);
    if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) interrupt(b);
    reap(b);
    check_deadlines(b, batch_now());
}

static void start_failed(batch_state *b, int i, const char *why) {
    ps_batch_record *r = b->recs[i];
    ps_error err;
    ps_error_clear(&err);
    r->status = PS_BATCH_FAILED;
    ps_batch_record_set_error(r, why, &err);
    b->jobs[i].state = JOB_DONE;
    b->started++;
    b->finished++;
    b->failed++;
    batch_report_done(b, i);
}

static void start_next(batch_state *b) {
    while (!b->stopping && b->running < b->o->jobs && b->next < b->plan->n) {
        int i = b->next++;
        if (b->jobs[i].state != JOB_PENDING) continue;
        ps_error err;
        ps_error_clear(&err);
        if (ps_batch_prepare(b->o->out_dir, b->plan->folders[i], &err)) {
            start_failed(b, i, err.message);
        } else if (spawn(b, i)) {
            char why[300];
            snprintf(why, sizeof why, "could not start: %s", strerror(errno));
            start_failed(b, i, why);
        }
    }
}

static void noop(int sig) {
    (void)sig;
}

void batch_block_signals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    /* A batch started in the background with SIGINT ignored keeps ignoring it. */
    struct sigaction sa;
    if (sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler != SIG_IGN) sigaddset(set, SIGINT);
    /* A blocked SIGCHLD with the default action may be discarded: give it a
    ** handler (never run, the signal stays blocked) so that it is kept. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = noop;
    sigaction(SIGCHLD, &sa, NULL);
    sigprocmask(SIG_BLOCK, set, NULL);
}

int batch_execute(batch_state *b, const sigset_t *set) {
    b->t0 = batch_now();
    for (;;) {
        start_next(b);
        finish_exited(b);
        if (b->running == 0 && (b->stopping || b->next >= b->plan->n)) break;
        batch_report_draw(b);
        wait_event(b, set);
    }
    batch_report_clear(b);
    return b->stopping;
}
