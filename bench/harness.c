/*
** Shared benchmark plumbing (harness.h).
*/
/* wait4() (per-child rusage) is a BSD/glibc extension. */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

double hz_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double hz_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double hz_median(double *v, int n)
{
    if (n <= 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t n = strlen(field);
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0) {
            kb = strtol(line + n, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

long hz_rss_kb(void) { return status_kb("VmRSS:"); }
long hz_peak_kb(void) { return status_kb("VmHWM:"); }

int hz_reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f)
        return -1;
    int ok = fputs("5", f) >= 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t k = read(fd, p, n);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int hz_run_child(int (*fn)(void *arg, void *res), void *arg, void *res, size_t ressize,
                 long *maxrss_kb)
{
    int fd[2];
    fflush(stdout);
    fflush(stderr);
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        close(fd[0]);
        int rc = fn(arg, res);
#if defined(__SANITIZE_ADDRESS__)
        __lsan_do_leak_check();         /* _exit below skips LeakSanitizer's own check */
#endif
        int w = write_all(fd[1], &rc, sizeof rc) || write_all(fd[1], res, ressize);
        fflush(stdout);
        fflush(stderr);
        _exit(w ? 3 : 0);
    }
    close(fd[1]);
    int rc = -1;
    if (read_all(fd[0], &rc, sizeof rc) || read_all(fd[0], res, ressize))
        rc = -1;
    close(fd[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        rc = -1;
    *maxrss_kb = ru.ru_maxrss;
    return rc;
}

void hz_print_error(const char *what, const ps_error *err)
{
    char buf[2048];
    fprintf(stderr, "%s: %s\n", what, ps_error_format(err, buf, sizeof buf));
}

int hz_col(const ps_model *pm, const synth_model *sm, int v)
{
    int s = ps_model_find(pm, sm->var[v].name);
    return s < 0 ? -1 : pm->syms[s].slot;
}

static int fill_frame(hz_engine *e, const synth_model *sm, const double *sim, ps_error *err)
{
    const ps_model *pm = e->model;
    ps_frame *f = e->frame;
    int nv = sm->nendo + sm->nexo;
    for (int v = 0; v < nv; v++) {
        int c = hz_col(pm, sm, v);
        if (c < 0)
            return ps_error_set(err, PS_ERR_INTERNAL, "generated variable %s is not in the "
                                "parsed model", sm->var[v].name);
        int last = v < sm->nendo ? sm->opts.maxlag : f->nper - 1;
        for (int t = 0; t <= last; t++)
            ps_frame_set(f, c, t, sim[(size_t)t * (size_t)nv + (size_t)v]);
    }
    for (int s = 0; s < pm->nsym; s++)
        if (pm->syms[s].kind == PS_SYM_ADDFACTOR)
            for (int t = 0; t < f->nper; t++)
                ps_frame_set(f, pm->syms[s].slot, t, 0.0);
    return PS_OK;
}

static int build_params(hz_engine *e, ps_error *err)
{
    const ps_model *pm = e->model;
    e->params = calloc((size_t)(pm->nparam > 0 ? pm->nparam : 1), sizeof *e->params);
    if (!e->params)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory for parameters");
    for (int s = 0; s < pm->nsym; s++)
        if (pm->syms[s].kind == PS_SYM_PARAM)
            e->params[pm->syms[s].slot] = pm->syms[s].value;
    return PS_OK;
}

int hz_engine_build(hz_engine *e, const synth_model *sm, const char *text, size_t len,
                    const double *sim, const ps_solve_opts *opts, ps_error *err)
{
    ps_solve_opts o;
    memset(e, 0, sizeof *e);
    if (!opts) {
        ps_solve_opts_init(&o);
        opts = &o;
    }
    double t = hz_now();
    int rc = ps_model_parse_string(text, len, "synth.model", &e->model, err);
    e->t_parse = hz_now() - t;
    if (rc)
        return rc;
    t = hz_now();
    rc = ps_analyse(e->model, &e->an, err);
    e->t_analyse = hz_now() - t;
    if (rc)
        return rc;
    t = hz_now();
    rc = ps_program_compile(e->model, e->an, &e->prog, err);
    e->t_compile = hz_now() - t;
    if (rc)
        return rc;
    t = hz_now();
    rc = ps_solver_new(e->prog, opts, &e->solver, err);
    e->t_alloc = hz_now() - t;
    if (rc)
        return rc;
    if ((rc = build_params(e, err)) != 0)
        return rc;
    rc = ps_frame_new(e->model->nseries, synth_nper(sm), PS_FREQ_ANNUAL,
                        sm->opts.first_year, NULL, &e->frame, err);
    if (rc || (rc = fill_frame(e, sm, sim, err)) != 0)
        return rc;
    e->t0 = synth_t0(sm);
    e->t1 = synth_nper(sm) - 1;
    size_t n = (size_t)e->frame->nvar * (size_t)e->frame->nper * sizeof(double);
    if (!(e->start = malloc(n)))
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory for the starting frame");
    memcpy(e->start, e->frame->data, n);
    return PS_OK;
}

int hz_engine_solve(hz_engine *e, ps_solve_diag *diag, double *secs, double *cpu,
                    ps_error *err)
{
    size_t n = (size_t)e->frame->nvar * (size_t)e->frame->nper;
    memcpy(e->frame->data, e->start, n * sizeof(double));
    double c = hz_cpu_now(), t = hz_now();
    int rc = ps_solver_run(e->solver, e->frame, e->params, e->t0, e->t1, diag, err);
    *secs = hz_now() - t;
    if (cpu)
        *cpu = hz_cpu_now() - c;
    return rc;
}

double hz_engine_check(const hz_engine *e, const synth_model *sm, const double *sim,
                       char *where, size_t n)
{
    int nv = sm->nendo + sm->nexo, wv = 0, wt = e->t0;
    double worst = 0;
    for (int v = 0; v < sm->nendo; v++) {
        int c = hz_col(e->model, sm, v);
        for (int t = e->t0; t <= e->t1; t++) {
            double ref = sim[(size_t)t * (size_t)nv + (size_t)v];
            double d = fabs(ps_frame_get(e->frame, c, t) - ref) / (1 + fabs(ref));
            if (!(d <= worst)) {
                worst = d;
                wv = v;
                wt = t;
            }
        }
    }
    if (where)
        snprintf(where, n, "%s in %d", sm->var[wv].name, sm->opts.first_year + wt);
    return worst;
}

void hz_engine_free(hz_engine *e)
{
    free(e->start);
    ps_frame_free(e->frame);
    free(e->params);
    ps_solver_free(e->solver);
    ps_program_free(e->prog);
    ps_analysis_free(e->an);
    ps_model_free(e->model);
    memset(e, 0, sizeof *e);
}

int hz_parse_list(const char *s, int *v, int max, long min)
{
    int n = 0;
    while (*s && n < max) {
        char *end;
        long x = strtol(s, &end, 10);
        if (end == s || x < min)
            return -1;
        v[n++] = (int)x;
        s = *end == ',' ? end + 1 : end;
    }
    return n;
}
