/*
** polsim batch SCRIPT... : run scenario scripts in parallel, each isolated in
** its own `polsim run` process, with a record per script and a manifest of
** the batch (docs/cli.md, "polsim batch").  Processes: batch_exec.c;
** progress and summary: batch_report.c; shard merge: batch_merge.c; plan,
** records, resume checks and manifests: the batch module (polsim/batch.h).
*/
#include "cli/batch_cli.h"
#include "util/alloc.h"
#include "io/io.h"
#include "util/path.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_batch = {
    "batch", "run many scenario scripts in parallel, each isolated",
    "Usage: polsim batch SCRIPT... [-j N] [-o DIR] [--set NAME=VALUE ...] [--seed N]\n"
    "                    [--resume] [--shard K/N] [--dry-run] [-q]\n"
    "                    [--max-memory MIB] [--max-instructions N] [--timeout SECONDS]\n"
    "                    [--strict] [--bom]\n"
    "       polsim batch --merge DIR\n\n"
    "Run scenario scripts in parallel, each in a process of its own (polsim run\n"
    "SCRIPT -o DIR/NAME), so that a script that fails, hangs or misbehaves never\n"
    "affects the others.  NAME is the script's file name without .lua (made unique).\n"
    "What a script prints goes to DIR/NAME/log.txt, its record to DIR/NAME/run.json\n"
    "when it ends, and the record of every script to DIR/manifest.json.\n\n"
    "Options:\n"
    "  -j, --jobs N            scripts running at the same time (default: the number\n"
    "                          of cores)\n"
    "  -o, --output DIR        the batch folder (default: out)\n"
    "  --set NAME=VALUE        passed to every script as polsim.args.NAME; repeatable\n"
    "  --seed N                seed of math.random in every script (default 1)\n"
    "  --resume                keep a script's last run when it ended ok, its inputs\n"
    "                          (script, models, history, shared modules, --set, seed,\n"
    "                          --strict, --bom, polsim version) are unchanged and its\n"
    "                          outputs intact; run the others\n"
    "  --shard K/N             run only the K-th of N slices of the sorted scripts\n"
    "                          (positions K, K+N, K+2N ...), e.g. one per cluster array\n"
    "                          task; the manifest is then DIR/manifest-K-of-N.json\n"
    "  --dry-run               print which scripts would run, and where, and stop\n"
    "  -q, --quiet             no progress, only the summary\n"
    "  --max-memory MIB        memory each script may use (default 256)\n"
    "  --max-instructions N    Lua instructions each script may run (default 2e9;\n"
    "                          0 = no limit)\n"
    "  --timeout SECONDS       wall-clock time each script may take before it is\n"
    "                          killed (default 600; 0 = no limit)\n"
    "  --strict                passed to every script (polsim run --strict): a\n"
    "                          warning, such as a value about 100 times off its\n"
    "                          history, ends the script with an error\n"
    "  --bom                   passed to every script (polsim run --bom): the CSV\n"
    "                          files scripts write start with a UTF-8 byte-order mark\n"
    "                          for Excel\n"
    "  --merge DIR             merge the shard manifests DIR/manifest-K-of-N.json into\n"
    "                          DIR/manifest.json\n\n"
    "Exit status: 0 every script ended ok, 1 some did not (or a merge misses a\n"
    "shard), 2 usage, 4 the batch folder or a manifest cannot be read or written,\n"
    "130 interrupted (SIGINT, SIGTERM or SIGHUP).\n",
    run};

#define EXIT_INTERRUPTED PS_EXIT_INTERRUPTED

/* The options as parsed, before they become the batch's batch_opts. */
typedef struct batch_args {
    batch_opts o;
    ps_cli_list sets, scripts;
} batch_args;

static int conv_shard(const ps_cli_cmd *c, const char *opt, const char *v, void *field) {
    batch_opts *o = field;
    ps_error err;
    ps_error_clear(&err);
    (void)opt;
    if (ps_batch_shard_parse(v, &o->shard_k, &o->shard_n, &err))
        return ps_cli_usage_error(c, "%s", err.message);
    return PS_EXIT_OK;
}

static int conv_timeout(const ps_cli_cmd *c, const char *opt, const char *v, void *field) {
    double x;
    if (ps_cli_parse_double(v, &x) || x < 0 || x > 1e7)
        return ps_cli_usage_error(c, "%s takes seconds from 0 (no limit) to 1e7, not '%s'", opt, v);
    *(double *)field = x;
    return PS_EXIT_OK;
}

static const ps_cli_opt opts[] = {
    PS_OPT_INT("--jobs", "-j", batch_args, o.jobs, 1, 1024),
    PS_OPT_STR("--output", "-o", batch_args, o.out_dir),
    PS_OPT_LIST("--set", NULL, batch_args, sets),
    PS_OPT_INT("--seed", NULL, batch_args, o.seed, 0, 4294967295L),
    PS_OPT_CALL("--shard", NULL, batch_args, o, conv_shard),
    PS_OPT_INT("--max-memory", NULL, batch_args, o.max_memory, 1, 1L << 20),
    PS_OPT_CALL("--max-instructions", NULL, batch_args, o.max_instructions, ps_cli_conv_count),
    PS_OPT_CALL("--timeout", NULL, batch_args, o.timeout, conv_timeout),
    PS_OPT_STR("--merge", NULL, batch_args, o.merge_dir),
    PS_OPT_FLAG("--resume", NULL, batch_args, o.resume),
    PS_OPT_FLAG("--dry-run", NULL, batch_args, o.dry_run),
    PS_OPT_FLAG("--strict", NULL, batch_args, o.strict),
    PS_OPT_FLAG("--bom", NULL, batch_args, o.bom),
    PS_OPT_FLAG("--quiet", "-q", batch_args, o.quiet),
    PS_OPT_END};

static int parse_args(int argc, char **argv, batch_args *a) {
    batch_opts *o = &a->o;
    int rc = ps_cli_parse(&ps_cmd_batch, opts, argc, argv, a, &a->scripts);
    if (!rc)
        rc = ps_cli_split_sets(&ps_cmd_batch, &a->sets, &o->set_keys, &o->set_values);
    o->sets = a->sets.items;
    o->nsets = a->sets.n;
    o->scripts = a->scripts.items;
    o->nscripts = a->scripts.n;
    if (rc) return rc;
    if (o->merge_dir) {
        if (o->nscripts)
            return ps_cli_usage_error(&ps_cmd_batch, "--merge DIR takes no SCRIPT ('%s')",
                                      o->scripts[0]);
        return PS_EXIT_OK;
    }
    if (!o->nscripts) return ps_cli_usage_error(&ps_cmd_batch, "missing SCRIPT");
    if (o->jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = n > 0 ? (int)(n < 1024 ? n : 1024) : 1;
    }
    return PS_EXIT_OK;
}

/* ---- before running ---- */


static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The record each script's run should have (its inputs), before it runs. */
static int want_records(batch_state *b, const char *lib_hash, ps_error *err) {
    const batch_opts *o = b->o;
    for (int i = 0; i < b->plan->n; i++) {
        ps_batch_record *r = NULL;
        int rc = ps_batch_record_new(b->plan->scripts[i], b->plan->folders[i], &r, err);
        if (rc) return rc;
        b->recs[i] = r;
        r->seed = o->seed;
        r->strict = o->strict;
        r->bom = o->bom;
        rc = ps_batch_record_set_args(r, o->nsets, (const char *const *)o->set_keys,
                                      o->set_values, err);
        if (!rc && lib_hash) rc = ps_batch_record_add_input(r, "lib", "", "scripts/lib", lib_hash, err);
        if (rc) return rc;
        ps_error ignored;
        ps_error_clear(&ignored);
        if (ps_batch_hash_file(r->script, r->sha256, &ignored)) {
            r->sha256[0] = '\0';
            r->status = PS_BATCH_FAILED;
            ps_batch_record_set_error(r, ignored.message, err);
            b->jobs[i].state = JOB_DONE;
        }
    }
    return PS_OK;
}

/* --resume: keep the last run of every script that needs no rerun. */
static void keep_complete(batch_state *b, int report) {
    for (int i = 0; i < b->plan->n; i++) {
        if (b->jobs[i].state != JOB_PENDING) continue;
        char *folder = ps_path_join(b->o->out_dir, b->plan->folders[i]);
        char *path = folder ? ps_path_join(folder, PS_BATCH_RECORD_FILE) : NULL;
        ps_free(folder);
        ps_batch_record *prev = NULL;
        ps_error err;
        ps_error_clear(&err);
        char why[600];
        snprintf(why, sizeof why, "it has no record of a complete run");
        struct stat st;
        int had = path && stat(path, &st) == 0;
        if (had && ps_batch_record_read(path, &prev, &err))
            snprintf(why, sizeof why, "its record cannot be read (%.500s)", err.message);
        ps_free(path);
        if (prev && ps_batch_reusable(prev, b->recs[i], b->o->out_dir, why, sizeof why)) {
            prev->reused = 1;
            ps_batch_record_free(b->recs[i]);
            b->recs[i] = prev;
            b->jobs[i].state = JOB_DONE;
            if (report) batch_report_kept(b, i);
            continue;
        }
        /* Say why a run with a record reruns; a script never run just runs. */
        if (report && had) batch_report_rerun(b, i, why);
        ps_batch_record_free(prev);
        ps_batch_record_set_error(b->recs[i], why, &err); /* for --dry-run */
    }
}

static int dry_run(batch_state *b) {
    const batch_opts *o = b->o;
    if (o->shard_n)
        printf("shard %d of %d: %d of the batch's %d scripts\n", o->shard_k, o->shard_n,
               b->plan->n, b->plan->total);
    for (int i = 0; i < b->plan->n; i++) {
        const ps_batch_record *r = b->recs[i];
        const char *note = r->reused ? "kept: complete and unchanged"
                           : b->jobs[i].state != JOB_PENDING || o->resume ? r->error : "";
        printf("%s -> %s/%s%s%s%s%s\n", b->plan->scripts[i], o->out_dir, b->plan->folders[i],
               note[0] ? "  (" : "", b->jobs[i].state == JOB_PENDING && o->resume ? "runs: " : "",
               note, note[0] ? ")" : "");
    }
    return PS_EXIT_OK;
}

/* ---- after running ---- */

static void utc_now(char *buf, size_t n) {
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm)) buf[0] = '\0';
}

/* Scripts the interruption kept from starting. */
static void mark_not_run(batch_state *b) {
    for (int i = 0; i < b->plan->n; i++)
        if (b->jobs[i].state == JOB_PENDING) {
            ps_error err;
            ps_batch_record_set_error(b->recs[i], "the batch was stopped before it started", &err);
        }
}

static int write_manifest(batch_state *b, const char *started, int interrupted,
                          ps_batch_manifest **out, char *path, size_t pn) {
    const batch_opts *o = b->o;
    ps_batch_manifest *m = NULL;
    ps_error err;
    ps_error_clear(&err);
    char name[64];
    snprintf(path, pn, "%s/%s", o->out_dir,
             ps_batch_manifest_name(o->shard_k, o->shard_n, name, sizeof name));
    int rc = ps_batch_manifest_new(&m, &err);
    if (!rc) {
        ps_free(m->started);
        m->started = ps_strdup(started);
        m->seconds = batch_now() - b->t0;
        m->jobs = o->jobs;
        m->max_memory_mib = o->max_memory;
        m->max_instructions = o->max_instructions;
        m->timeout = o->timeout;
        m->shard_k = o->shard_k;
        m->shard_n = o->shard_n;
        m->total = b->plan->total;
        m->interrupted = interrupted;
        if (!m->started) rc = ps_error_set(&err, PS_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; !rc && i < b->plan->n; i++) {
        rc = ps_batch_manifest_add(m, b->recs[i], &err);
        b->recs[i] = NULL;
    }
    if (!rc) rc = ps_batch_manifest_write(m, path, &err);
    *out = m;
    return rc ? ps_cli_fail(&err) : PS_EXIT_OK;
}

static int alloc_state(batch_state *b, const batch_opts *o, ps_error *err) {
    b->o = o;
    b->devnull = -1;
    if (ps_batch_plan_new(o->scripts, o->nscripts, o->shard_k, o->shard_n, &b->plan, err))
        return err->code;
    b->recs = ps_calloc((size_t)b->plan->n + 1, sizeof *b->recs);
    b->jobs = ps_calloc((size_t)b->plan->n + 1, sizeof *b->jobs);
    b->active = ps_calloc((size_t)b->plan->n + 1, sizeof *b->active);
    if (!b->recs || !b->jobs || !b->active) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    return PS_OK;
}

static void free_state(batch_state *b) {
    if (b->recs)
        for (int i = 0; i < b->plan->n; i++) ps_batch_record_free(b->recs[i]);
    ps_free(b->recs);
    ps_free(b->jobs);
    ps_free(b->active);
    ps_batch_plan_free(b->plan);
    if (b->devnull >= 0) close(b->devnull);
}

/* The program that runs each script: this very program, through the link
** Linux keeps to it (valid even when the file is replaced meanwhile). */
static const char *self_exe(void) {
    static const char self[] = "/proc/self/exe";
    return access(self, X_OK) == 0 ? self : NULL;
}

static int prepare(batch_state *b, ps_error *err) {
    const batch_opts *o = b->o;
    char lib_hash[65];
    int has_lib = is_dir("scripts/lib"); /* what polsim run uses by default */
    int rc = has_lib ? ps_batch_dir_digest("scripts/lib", lib_hash, err) : PS_OK;
    if (!rc) rc = want_records(b, has_lib ? lib_hash : NULL, err);
    if (rc) return rc;
    if (o->resume) keep_complete(b, !o->dry_run);
    if (o->dry_run) return PS_OK;
    if ((rc = ps_mkdir_p(o->out_dir, err))) return rc;
    b->exe = self_exe();
    if (!b->exe) return ps_error_set(err, PS_ERR_INTERNAL, "cannot find the polsim program (/proc/self/exe)");
    b->devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (b->devnull < 0) return ps_error_set(err, PS_ERR_IO, "cannot open /dev/null");
    b->tty = isatty(2);
    for (int i = 0; i < b->plan->n; i++) b->torun += b->jobs[i].state == JOB_PENDING;
    return PS_OK;
}

static int run_batch(const batch_opts *o) {
    batch_state b;
    memset(&b, 0, sizeof b);
    ps_error err;
    ps_error_clear(&err);
    sigset_t set;
    char started[32], path[4096];
    utc_now(started, sizeof started);
    if (!o->dry_run) batch_block_signals(&set);
    int lock[2] = {-1, -1};
    int rc = alloc_state(&b, o, &err);
    /* locked before the records of an earlier run are read (--resume) */
    if (!rc && !o->dry_run) rc = ps_mkdir_p(o->out_dir, &err);
    if (!rc && !o->dry_run) rc = batch_lock(o, lock, &err);
    if (!rc) rc = prepare(&b, &err);
    if (rc) {
        batch_unlock(lock);
        free_state(&b);
        return rc == PS_ERR_USAGE ? ps_cli_usage_error(&ps_cmd_batch, "%s", err.message)
                                  : ps_cli_fail(&err);
    }
    if (o->dry_run) {
        rc = dry_run(&b);
        free_state(&b);
        return rc;
    }
    b.t0 = batch_now();
    int interrupted = batch_execute(&b, &set);
    if (interrupted) mark_not_run(&b);
    ps_batch_manifest *m = NULL;
    rc = write_manifest(&b, started, interrupted, &m, path, sizeof path);
    if (m) batch_report_summary(&b, m, path);
    int all_ok = m && ps_batch_manifest_count(m, PS_BATCH_OK) == m->nrec;
    ps_batch_manifest_free(m);
    free_state(&b);
    batch_unlock(lock);
    if (rc) return rc;
    return interrupted ? EXIT_INTERRUPTED : all_ok ? PS_EXIT_OK : PS_EXIT_FAILURE;
}

static int run(int argc, char **argv) {
    batch_args a;
    memset(&a, 0, sizeof a);
    batch_opts *o = &a.o;
    o->out_dir = "out";
    o->seed = 1;
    o->max_instructions = -1;
    o->timeout = 600;
    int rc = parse_args(argc, argv, &a);
    if (!rc) rc = o->merge_dir ? batch_merge(o) : run_batch(o);
    ps_free_strings(o->set_keys, o->nsets);
    ps_free(o->set_values);
    ps_cli_list_free(&a.sets);
    ps_cli_list_free(&a.scripts);
    return rc;
}
