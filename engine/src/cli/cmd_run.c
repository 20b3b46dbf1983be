/* polsim run SCRIPT.lua [...]: run a scenario script in the sandbox. */
#include "cli/cli.h"
#include "util/alloc.h"
#include "polsim/lua.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_run = {
    "run", "run a Lua scenario script",
    "Usage: polsim run SCRIPT.lua [-o DIR] [--set NAME=VALUE ...] [--seed N]\n"
    "                  [--max-memory MIB] [--max-instructions N] [--lib DIR]\n"
    "                  [--strict]\n\n"
    "Run a scenario script (docs/lua-api.md) in the sandbox (docs/lua-sandbox.md).\n"
    "Scripts write only under DIR.  They find a model by a path relative to the\n"
    "script's folder, the current folder, each folder of $POLSIM_PATH (colon-\n"
    "separated) or the installed models, in that order, or by an absolute path.\n\n"
    "Options:\n"
    "  -o, --output DIR        folder for the script's outputs (default: out)\n"
    "  --set NAME=VALUE        pass a value to the script as polsim.args.NAME (a number\n"
    "                          when VALUE parses as one, else a string); repeatable\n"
    "  --seed N                seed of math.random (default 1): the same seed\n"
    "                          reproduces a run exactly\n"
    "  --max-memory MIB        memory the script may use (default 256)\n"
    "  --max-instructions N    Lua instructions the script may run (default 2e9; 0 = no limit)\n"
    "  --lib DIR               folder of shared Lua modules for require (default:\n"
    "                          scripts/lib when it exists)\n"
    "  --strict                warnings (a value about 100 times off its history, a\n"
    "                          fraction given for a percent) are errors\n\n"
    "Exit status: 0 ok, 2 usage, 3 model error, 4 data/file error, 5 solver failure,\n"
    "6 script error, 7 memory or instruction limit, 130 interrupted (SIGINT or SIGTERM:\n"
    "the script stops at once; files it finished writing stay, no partial file remains).\n",
    run};

static void to_stdout(void *ud, const char *s, size_t n) {
    (void)ud;
    fwrite(s, 1, n, stdout);
}

/* SIGINT/SIGTERM while a script runs: ask the sandbox to stop (one flag
** store, async-signal-safe) and remember the signal.  SA_RESETHAND: a
** second Ctrl-C kills at once.  A signal that was ignored when polsim
** started (a background job of a shell) stays ignored. */
static ps_lua *volatile running;
static volatile sig_atomic_t got_signal;

static void on_signal(int sig) {
    got_signal = sig;
    ps_lua_interrupt(running);
}

static void catch_signals(void) {
    int sigs[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old, sa;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

static void to_stderr(void *ud, const char *msg) {
    (void)ud;
    fprintf(stderr, "polsim: warning: %s\n", msg);
}

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

typedef struct run_args {
    const char *script;
    const char **keys, **values;
    char **owned;
    int nsets;
    ps_lua_opts opts;
} run_args;

static int parse_set(run_args *a, const char *spec) {
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec)
        return ps_cli_usage_error(&ps_cmd_run, "--set '%s': expected NAME=VALUE", spec);
    char *key = ps_malloc((size_t)(eq - spec) + 1);
    if (!key) return PS_EXIT_LIMIT;
    memcpy(key, spec, (size_t)(eq - spec));
    key[eq - spec] = '\0';
    a->owned[a->nsets] = key;
    a->keys[a->nsets] = key;
    a->values[a->nsets] = eq + 1;
    a->nsets++;
    return PS_EXIT_OK;
}

static int parse_args(int argc, char **argv, run_args *a) {
    const ps_cli_cmd *c = &ps_cmd_run;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v;
        long n;
#define OPT(name) (strcmp(s, name) == 0 || strncmp(s, name "=", sizeof name) == 0)
        if (OPT("-o") || OPT("--output")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, s[1] == 'o' ? "-o" : "--output")))
                return PS_EXIT_USAGE;
            a->opts.out_dir = v;
        } else if (OPT("--set")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--set"))) return PS_EXIT_USAGE;
            int rc = parse_set(a, v);
            if (rc) return rc;
        } else if (OPT("--seed")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--seed"))) return PS_EXIT_USAGE;
            if (ps_cli_parse_int(v, 0, 4294967295L, &n))
                return ps_cli_usage_error(c, "--seed takes a whole number 0..4294967295, not '%s'", v);
            a->opts.seed = (unsigned long)n;
        } else if (OPT("--max-memory")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--max-memory"))) return PS_EXIT_USAGE;
            if (ps_cli_parse_int(v, 1, 1L << 20, &n))
                return ps_cli_usage_error(c, "--max-memory takes MiB from 1 to 1048576, not '%s'", v);
            a->opts.mem_limit = (size_t)n << 20;
        } else if (OPT("--max-instructions")) {
            double x;
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--max-instructions"))) return PS_EXIT_USAGE;
            if (ps_cli_parse_double(v, &x) || x < 0 || x > 9e18 || x != (double)(long long)x)
                return ps_cli_usage_error(c, "--max-instructions takes a whole number >= 0, not '%s'", v);
            a->opts.instr_limit = (long long)x;
        } else if (strcmp(s, "--strict") == 0) {
            a->opts.strict = 1;
        } else if (OPT("--lib")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--lib"))) return PS_EXIT_USAGE;
            if (!is_dir(v)) return ps_cli_usage_error(c, "--lib: '%s' is not a folder", v);
            a->opts.lib_dir = v;
        } else if (s[0] == '-' && s[1]) {
            return ps_cli_usage_error(c, "unknown option '%s'", s);
        } else if (!a->script) {
            a->script = s;
        } else {
            return ps_cli_usage_error(c, "one SCRIPT only (got '%s' and '%s')", a->script, s);
        }
#undef OPT
    }
    if (!a->script) return ps_cli_usage_error(c, "missing SCRIPT");
    return PS_EXIT_OK;
}

static int run(int argc, char **argv) {
    run_args a;
    memset(&a, 0, sizeof a);
    ps_lua_opts_init(&a.opts);
    if (is_dir("scripts/lib")) a.opts.lib_dir = "scripts/lib";
    char models[4200];
    a.opts.model_path = getenv("POLSIM_PATH");
    if (ps_cli_models_dir(models, sizeof models)) a.opts.models_dir = models;
    a.keys = ps_calloc((size_t)argc, sizeof(char *));
    a.values = ps_calloc((size_t)argc, sizeof(char *));
    a.owned = ps_calloc((size_t)argc, sizeof(char *));
    int rc = (a.keys && a.values && a.owned) ? parse_args(argc, argv, &a) : PS_EXIT_LIMIT;
    if (!rc) {
        a.opts.nargs = a.nsets;
        a.opts.arg_keys = a.keys;
        a.opts.arg_values = a.values;
        a.opts.print = to_stdout;
        a.opts.warn = to_stderr;
        ps_error err;
        ps_error_clear(&err);
        ps_lua *s = NULL;
        rc = ps_lua_new(&a.opts, &s, &err);
        if (!rc) {
            running = s;
            catch_signals();
            if (!got_signal) rc = ps_lua_run_file(s, a.script, &err);
            running = NULL;
        }
        fflush(stdout);
        if (got_signal) {
            fprintf(stderr, "polsim: %s: interrupted by %s; the script was stopped\n", a.script,
                    got_signal == SIGINT ? "SIGINT" : "SIGTERM");
            rc = PS_EXIT_INTERRUPTED;
        } else if (rc) {
            rc = ps_cli_fail(&err);
        }
        ps_lua_free(s);
    }
    for (int i = 0; i < a.nsets; i++) ps_free(a.owned[i]);
    ps_free(a.owned);
    ps_free(a.keys);
    ps_free(a.values);
    return rc;
}
