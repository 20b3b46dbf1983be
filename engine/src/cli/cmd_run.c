/* polsim run SCRIPT.lua [...]: run a scenario script in the sandbox. */
#include "cli/cli.h"
#include "util/alloc.h"
#include "lua/sandbox.h"

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
    "                  [--strict] [--bom] [--lang en|zh]\n\n"
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
    "                          fraction given for a percent) are errors\n"
    "  --bom                   CSV files the script writes start with a UTF-8 byte-\n"
    "                          order mark, so that Excel on a Chinese (or other non-\n"
    "                          UTF-8) Windows reads them\n"
    "  --lang en|zh            language of the tables the script prints (default en;\n"
    "                          polsim.lang in the script): zh gives Chinese headings\n"
    "                          and the model's Chinese labels and units where it has them\n\n"
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
    ps_cli_list sets;
    long max_memory;            /* MiB; 0: the sandbox's default */
    ps_lua_opts opts;
} run_args;

static int conv_lib(const ps_cli_cmd *c, const char *opt, const char *v, void *field) {
    if (!is_dir(v)) return ps_cli_usage_error(c, "%s: '%s' is not a folder", opt, v);
    *(const char **)field = v;
    return PS_EXIT_OK;
}

static const ps_cli_opt opts[] = {
    PS_OPT_STR("--output", "-o", run_args, opts.out_dir),
    PS_OPT_LIST("--set", NULL, run_args, sets),
    PS_OPT_INT("--seed", NULL, run_args, opts.seed, 0, 4294967295L),
    PS_OPT_INT("--max-memory", NULL, run_args, max_memory, 1, 1L << 20),
    PS_OPT_CALL("--max-instructions", NULL, run_args, opts.instr_limit, ps_cli_conv_count),
    PS_OPT_FLAG("--strict", NULL, run_args, opts.strict),
    PS_OPT_FLAG("--bom", NULL, run_args, opts.csv_bom),
    PS_OPT_CALL("--lang", NULL, run_args, opts.lang, ps_cli_conv_lang),
    PS_OPT_CALL("--lib", NULL, run_args, opts.lib_dir, conv_lib),
    PS_OPT_END};

static int run(int argc, char **argv) {
    run_args a;
    memset(&a, 0, sizeof a);
    ps_lua_opts_init(&a.opts);
    if (is_dir("scripts/lib")) a.opts.lib_dir = "scripts/lib";
    char models[4200];
    a.opts.model_path = getenv("POLSIM_PATH");
    if (ps_cli_models_dir(models, sizeof models)) a.opts.models_dir = models;
    char **keys = NULL;
    const char **values = NULL;
    int rc = ps_cli_parse_one(&ps_cmd_run, opts, argc, argv, &a, "SCRIPT", &a.script);
    if (!rc) rc = ps_cli_split_sets(&ps_cmd_run, &a.sets, &keys, &values);
    if (a.max_memory) a.opts.mem_limit = (size_t)a.max_memory << 20;
    if (!rc) {
        a.opts.nargs = a.sets.n;
        a.opts.arg_keys = (const char *const *)keys;
        a.opts.arg_values = values;
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
    ps_free_strings(keys, a.sets.n);
    ps_free(values);
    ps_cli_list_free(&a.sets);
    return rc;
}
