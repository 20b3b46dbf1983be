/*
** Internal header of the command-line program: a thin shell over libpolsim.
** Commands parse their arguments, call the library, print, and map the
** library's status to a documented exit code (docs/cli.md).
*/
#ifndef PS_CLI_H
#define PS_CLI_H

#include <stdio.h>
#include "cli/args.h"
#include "polsim/error.h"
#include "util/editdist.h" /* the "did you mean" of every name looked up */

/* Exit codes (docs/cli.md "Exit status"). */
enum {
    PS_EXIT_OK = 0,
    PS_EXIT_FAILURE = 1,    /* generic failure (e.g. a batch with failed scripts) */
    PS_EXIT_USAGE = 2,      /* bad command line */
    PS_EXIT_MODEL = 3,      /* model file: syntax or semantic error, unsupported feature */
    PS_EXIT_DATA = 4,       /* data or file error: CSV, JSON, I/O */
    PS_EXIT_SOLVE = 5,      /* solver failure: no convergence, domain error */
    PS_EXIT_SCRIPT = 6,     /* Lua script error */
    PS_EXIT_LIMIT = 7,      /* a resource limit was hit */
    PS_EXIT_INTERNAL = 70,  /* a bug in polsim */
    PS_EXIT_INTERRUPTED = 130 /* stopped by SIGINT/SIGTERM (128 + SIGINT, as shells do) */
};

typedef struct ps_cli_cmd {
    const char *name;
    const char *summary;     /* one line for `polsim --help` */
    const char *usage;       /* full text for `polsim help NAME` */
    int (*run)(int argc, char **argv);
} ps_cli_cmd;

extern const ps_cli_cmd ps_cmd_check, ps_cmd_info, ps_cmd_solve, ps_cmd_run;
extern const ps_cli_cmd ps_cmd_batch, ps_cmd_compare;
extern const ps_cli_cmd ps_cmd_report;
extern const ps_cli_cmd ps_cmd_steady;
extern const ps_cli_cmd ps_cmd_import;

/* polsim solve X.mod: Dynare's simulation written as oo_.endo_simul (cmd_import.c). */
int ps_cli_solve_mod(const char *file, const char *output, double tol, int max_iter,
                     unsigned flags);

int ps_cli_exit_code(int status);
/* Print err to stderr as "polsim: file:line:col: error: ..."; returns the exit code. */
int ps_cli_fail(const ps_error *err);
/* Print a usage error and the command's usage line; returns PS_EXIT_USAGE. */
int ps_cli_usage_error(const ps_cli_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* True when argv[i] is -h/--help. */
int ps_cli_is_help(const char *arg);
int ps_cli_parse_double(const char *s, double *out);
/* The program's folder (from /proc/self/exe) into dir; 0 when unknown. */
int ps_cli_exe_dir(char *dir, size_t n);
/* The example models beside the program: <prefix>/share/polsim/models when
** installed, else the source folder's models/ when run from a build folder
** in it; 0 when neither exists. */
int ps_cli_models_dir(char *dir, size_t n);
int ps_cli_parse_int(const char *s, long lo, long hi, long *out);

#endif
