/*
** polsim batch SCRIPT... : run scenario scripts in parallel, each isolated in
** its own `polsim run` process, with a record per script and a manifest of
** the batch (docs/cli.md, "polsim batch").  Processes: batch_exec.c;
** progress and summary: batch_report.c; shard merge: batch_merge.c; plan,
** records, resume checks and manifests: the batch module (polsim/batch.h).
*/
#include "cli/batch_cli.h"
#include "util/alloc.h"
#include "polsim/io.h"

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
    "                          polsim version) are unchanged and its outputs intact;\n"
    "                          run the others\n"
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
    "  --merge DIR             merge the shard manifests DIR/manifest-K-of-N.json into\n"
    "                          DIR/manifest.json\n\n"
    "Exit status: 0 every script ended ok, 1 some did not (or a merge misses a\n"
    "shard), 2 usage, 4 the batch folder or a manifest cannot be read or written,\n"
    "130 interrupted (SIGINT, SIGTERM or SIGHUP).\n",
    run};

#define EXIT_INTERRUPTED PS_EXIT_INTERRUPTED

static int opt_number(const char *opt, const char *v, long lo, long hi, long *out) {
    if (ps_cli_parse_int(v, lo, hi, out) == 0) return PS_EXIT_OK;
    return ps_cli_usage_error(&ps_cmd_batch, "%s takes a whole number %ld..%ld, not '%s'", opt,
                              lo, hi, v);
}

static int parse_set(batch_opts *o, const char *spec) {
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec)
        return ps_cli_usage_error(&ps_cmd_batch, "--set '%s': expected NAME=VALUE", spec);
    char *key = ps_malloc((size_t)(eq - spec) + 1);
    if (!key) return PS_EXIT_LIMIT;
    memcpy(key, spec, (size_t)(eq - spec));
    key[eq - spec] = '\0';
    o->sets[o->nsets] = spec;
    o->set_keys[o->nsets] = key;
    o->set_values[o->nsets] = eq + 1;
    o->nsets++;
    return PS_EXIT_OK;
}

static int parse_limit(batch_opts *o, const char *s, const char *v) {
    const ps_cli_cmd *c = &ps_cmd_batch;
    double x;
    long n;
    if (strcmp(s, "--max-memory") == 0) {
        if (opt_number(s, v, 1, 1L << 20, &n)) return PS_EXIT_USAGE;
        o->max_memory = n;
    } else if (strcmp(s, "--max-instructions") == 0) {
        if (ps_cli_parse_double(v, &x) || x < 0 || x > 9e18 || x != (double)(long long)x)
            return ps_cli_usage_error(c, "--max-instructions takes a whole number >= 0, not '%s'", v);
        o->max_instructions = (long long)x;
    } else {
        if (ps_cli_parse_double(v, &x) || x < 0 || x > 1e7)
            return ps_cli_usage_error(c, "--timeout takes seconds from 0 (no limit) to 1e7, not '%s'", v);
        o->timeout = x;
    }
    return PS_EXIT_OK;
}

static int parse_one(batch_opts *o, int argc, char **argv, int *i) {
    const ps_cli_cmd *c = &ps_cmd_batch;
    const char *s = argv[*i], *v;
    long n;
    ps_error err;
#define OPT(name) (strcmp(s, name) == 0 || strncmp(s, name "=", sizeof name) == 0)
#define VAL(name) if (!(v = ps_cli_optval(c, argc, argv, i, name))) return PS_EXIT_USAGE
    if (OPT("-j") || OPT("--jobs")) {
        VAL(s[1] == 'j' ? "-j" : "--jobs");
        if (opt_number("--jobs", v, 1, 1024, &n)) return PS_EXIT_USAGE;
        o->jobs = (int)n;
    } else if (OPT("-o") || OPT("--output")) {
        VAL(s[1] == 'o' ? "-o" : "--output");
        o->out_dir = v;
    } else if (OPT("--set")) {
        VAL("--set");
        return parse_set(o, v);
    } else if (OPT("--seed")) {
        VAL("--seed");
        if (opt_number("--seed", v, 0, 4294967295L, &n)) return PS_EXIT_USAGE;
        o->seed = (unsigned long)n;
    } else if (OPT("--shard")) {
        VAL("--shard");
        ps_error_clear(&err);
        if (ps_batch_shard_parse(v, &o->shard_k, &o->shard_n, &err))
            return ps_cli_usage_error(c, "%s", err.message);
    } else if (OPT("--max-memory") || OPT("--max-instructions") || OPT("--timeout")) {
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(s, "="), s);
        VAL(name);
        return parse_limit(o, name, v);
    } else if (OPT("--merge")) {
        VAL("--merge");
        o->merge_dir = v;
    } else if (strcmp(s, "--resume") == 0) {
        o->resume = 1;
    } else if (strcmp(s, "--dry-run") == 0) {
        o->dry_run = 1;
    } else if (strcmp(s, "-q") == 0 || strcmp(s, "--quiet") == 0) {
        o->quiet = 1;
    } else if (s[0] == '-' && s[1]) {
        return ps_cli_usage_error(c, "unknown option '%s'", s);
    } else {
        o->scripts[o->nscripts++] = s;
    }
#undef OPT
#undef VAL
    return PS_EXIT_OK;
}

static int parse_args(int argc, char **argv, batch_opts *o) {
    for (int i = 1; i < argc; i++) {
        int rc = parse_one(o, argc, argv, &i);
        if (rc) return rc;
    }
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

static char *dir_file(const char *dir, const char *a, const char *b) {
    size_t n = strlen(dir) + strlen(a) + strlen(b) + 3;
    char *p = ps_malloc(n);
    if (p) snprintf(p, n, "%s/%s%s%s", dir, a, b[0] ? "/" : "", b);
    return p;
}

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
        char *path = dir_file(b->o->out_dir, b->plan->folders[i], PS_BATCH_RECORD_FILE);
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
    batch_opts o;
    memset(&o, 0, sizeof o);
    o.out_dir = "out";
    o.seed = 1;
    o.max_instructions = -1;
    o.timeout = 600;
    size_t n = (size_t)argc + 1;
    o.scripts = ps_calloc(n, sizeof *o.scripts);
    o.sets = ps_calloc(n, sizeof *o.sets);
    o.set_keys = ps_calloc(n, sizeof *o.set_keys);
    o.set_values = ps_calloc(n, sizeof *o.set_values);
    int rc = o.scripts && o.sets && o.set_keys && o.set_values ? parse_args(argc, argv, &o)
                                                                : PS_EXIT_LIMIT;
    if (!rc) rc = o.merge_dir ? batch_merge(&o) : run_batch(&o);
    for (int i = 0; i < o.nsets; i++) ps_free(o.set_keys[i]);
    ps_free(o.scripts);
    ps_free(o.sets);
    ps_free(o.set_keys);
    ps_free(o.set_values);
    return rc;
}
