/*
** polsim: the command-line program.  Each command lives in cmd_<name>.c; this
** file only dispatches and prints the top-level help.
*/
#include "cli/cli.h"
#include "polsim/version.h"

#include <string.h>

static const ps_cli_cmd *const commands[] = {&ps_cmd_run,   &ps_cmd_batch, &ps_cmd_compare,
                                             &ps_cmd_solve, &ps_cmd_check, &ps_cmd_info,
                                             &ps_cmd_report, &ps_cmd_steady, &ps_cmd_import};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *out) {
    fprintf(out,
            "polsim %s - scriptable policy-simulation engine\n\n"
            "Usage: polsim COMMAND [ARGS...]\n\nCommands:\n",
            PS_VERSION_STRING);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "  %-9s %s\n", "help", "show the help of a command: polsim help COMMAND");
    fprintf(out,
            "\nOptions:\n  -h, --help     this help\n  -V, --version  print the version\n\n"
            "Exit status: 0 ok, 2 usage, 3 model error, 4 data/file error, 5 solver failure,\n"
            "6 script error, 7 limit exceeded, 70 internal error (docs/cli.md).\n");
}

static const ps_cli_cmd *find_command(const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0) return commands[i];
    return NULL;
}

/* The command a mistyped name most likely meant, or NULL. */
static const char *nearest_command(const char *name) {
    ps_nearest near;
    ps_nearest_init(&near, name, strlen(name));
    for (size_t i = 0; i < NCOMMANDS; i++) ps_nearest_offer(&near, commands[i]->name);
    return ps_nearest_best(&near);
}

static int help_command(int argc, char **argv) {
    if (argc < 3) {
        print_help(stdout);
        return PS_EXIT_OK;
    }
    const ps_cli_cmd *c = find_command(argv[2]);
    if (!c) {
        fprintf(stderr, "polsim help: no command '%s'" PS_DYM_FMT "; try 'polsim --help'\n",
                argv[2], PS_DYM_ARGS(nearest_command(argv[2])));
        return PS_EXIT_USAGE;
    }
    fputs(c->usage, stdout);
    return PS_EXIT_OK;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        print_help(stderr);
        return PS_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (ps_cli_is_help(cmd)) {
        print_help(stdout);
        return PS_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("polsim %s\n", PS_VERSION_STRING);
        return PS_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) return help_command(argc, argv);
    const ps_cli_cmd *c = find_command(cmd);
    if (!c) {
        fprintf(stderr, "polsim: unknown command '%s'" PS_DYM_FMT "; try 'polsim --help'\n", cmd,
                PS_DYM_ARGS(nearest_command(cmd)));
        return PS_EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++)
        if (ps_cli_is_help(argv[i])) {
            fputs(c->usage, stdout);
            return PS_EXIT_OK;
        }
    return c->run(argc - 1, argv + 1);
}
