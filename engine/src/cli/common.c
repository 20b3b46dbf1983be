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

const char *ps_cli_optval(const ps_cli_cmd *cmd, int argc, char **argv, int *i,
                          const char *name) {
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=') return a + n + 1;
    if (*i + 1 >= argc) {
        ps_cli_usage_error(cmd, "option %s needs a value", name);
        return NULL;
    }
    return argv[++*i];
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

int ps_cli_newton_opt(const ps_cli_cmd *c, int argc, char **argv, int *i, double *tol,
                      int *max_iter) {
    const char *s = argv[*i], *v;
    int is_tol = strcmp(s, "--tol") == 0 || strncmp(s, "--tol=", 6) == 0;
    int is_iter = strcmp(s, "--max-iter") == 0 || strncmp(s, "--max-iter=", 11) == 0;
    if (!is_tol && !is_iter) return -1;
    if (!(v = ps_cli_optval(c, argc, argv, i, is_tol ? "--tol" : "--max-iter")))
        return PS_EXIT_USAGE;
    if (is_tol) {
        if (ps_cli_parse_double(v, tol) || *tol <= 0)
            return ps_cli_usage_error(c, "--tol takes a positive number, not '%s'", v);
        return PS_EXIT_OK;
    }
    long n;
    if (ps_cli_parse_int(v, 1, 100000, &n))
        return ps_cli_usage_error(c, "--max-iter takes a whole number 1..100000, not '%s'", v);
    *max_iter = (int)n;
    return PS_EXIT_OK;
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
