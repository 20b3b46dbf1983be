#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ps_cli_exit_code(int status) {
    switch (status) {
    case PS_OK: return PS_EXIT_OK;
    case PS_ERR_USAGE: return PS_EXIT_USAGE;
    case PS_ERR_SYNTAX:
    case PS_ERR_SEMANTIC:
    case PS_ERR_UNSUPPORTED: return PS_EXIT_MODEL;
    case PS_ERR_IO:
    case PS_ERR_DATA: return PS_EXIT_DATA;
    case PS_ERR_SOLVE:
    case PS_ERR_DOMAIN: return PS_EXIT_SOLVE;
    case PS_ERR_SCRIPT: return PS_EXIT_SCRIPT;
    case PS_ERR_LIMIT:
    case PS_ERR_NOMEM: return PS_EXIT_LIMIT;
    default: return PS_EXIT_INTERNAL;
    }
}

int ps_cli_fail(const ps_error *err) {
    char buf[PS_ERR_MSG_MAX + 1024];
    fprintf(stderr, "polsim: %s\n", ps_error_format(err, buf, sizeof buf));
    return ps_cli_exit_code(err->code);
}

int ps_cli_usage_error(const ps_cli_cmd *cmd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "polsim %s: ", cmd->name);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'polsim help %s'.\n", cmd->name);
    return PS_EXIT_USAGE;
}

int ps_cli_is_help(const char *arg) {
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int ps_cli_parse_double(const char *s, double *out) {
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(x)) return -1;
    *out = x;
    return 0;
}

int ps_cli_parse_int(const char *s, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || x < lo || x > hi) return -1;
    *out = x;
    return 0;
}

int ps_cli_exe_dir(char *dir, size_t n) {
    ssize_t k = readlink("/proc/self/exe", dir, n - 1);
    if (k <= 0 || (size_t)k >= n - 1) return 0;
    dir[k] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash) return 0;
    *slash = '\0';
    return 1;
}

int ps_cli_models_dir(char *dir, size_t n) {
    static const char *const rel[] = {"/../share/polsim/models", "/../models"};
    char exe[4096];
    if (!ps_cli_exe_dir(exe, sizeof exe)) return 0;
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        struct stat st;
        if ((size_t)snprintf(dir, n, "%s%s", exe, rel[i]) < n && stat(dir, &st) == 0 &&
            S_ISDIR(st.st_mode))
            return 1;
    }
    return 0;
}
