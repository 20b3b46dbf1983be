/*
** bench_project: the path a user takes, from files on disk.
**
** For each size, a synthetic model and its history CSV are written to a
** temporary folder; then ps_project_load (read + parse + analyse + compile +
** CSV + add-factors), ps_project_frame (the projection frame) and
** ps_project_solve (median of several runs) are timed, and the solution is
** checked against the generator's reference simulation.  bench_engine times
** the stages one by one on text in memory; this one shows what the project
** layer (CSV reading, column mapping, frame preparation) adds on top.
**
** Usage: bench_project [--sizes 1000,10000] [--reps R]
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "project/project.h"

#define MAX_SIZES 8

typedef struct prj_res {
    int neq, reps;
    double t_write, t_load, t_frame, solve_med, cpu_med, ref_diff;
    ps_solve_diag diag;
    long peak_rel_kb;
    char error[512];
} prj_res;

static int write_text(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(text, 1, len, f) == len;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* The model folder: NAME.model and history.csv, as polsim_synth writes them. */
static int write_model(const synth_model *sm, const double *sim, char *dir, size_t n)
{
    char *text = NULL, *csv = NULL, path[512];
    size_t len, clen;
    int rc = -1;
    snprintf(dir, n, "/tmp/polsim-bench-XXXXXX");
    if (!mkdtemp(dir) || synth_emit_model(sm, &text, &len) ||
        synth_emit_csv(sm, sim, &csv, &clen))
        goto out;
    snprintf(path, sizeof path, "%s/%s.model", dir, sm->opts.name);
    if (write_text(path, text, len))
        goto out;
    snprintf(path, sizeof path, "%s/history.csv", dir);
    rc = write_text(path, csv, clen);
out:
    free(text);
    free(csv);
    return rc;
}

static void remove_model(const synth_model *sm, const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.model", dir, sm->opts.name);
    unlink(path);
    snprintf(path, sizeof path, "%s/history.csv", dir);
    unlink(path);
    rmdir(dir);
}

/* Like hz_engine_check, for a frame whose columns the project chose. */
static double check(const ps_project *p, const ps_frame *f, int t0, int t1,
                    const synth_model *sm, const double *sim)
{
    int nv = sm->nendo + sm->nexo;
    double worst = 0;
    for (int v = 0; v < sm->nendo; v++) {
        int c = hz_col(p->model, sm, v);
        for (int t = t0; t <= t1; t++) {
            int ts = t + (int)(f->start - sm->opts.first_year);
            double ref = sim[(size_t)ts * (size_t)nv + (size_t)v];
            double d = fabs(ps_frame_get(f, c, t) - ref) / (1 + fabs(ref));
            if (!(d <= worst))
                worst = d;
        }
    }
    return worst;
}

static int solve_reps(ps_project *p, ps_frame *f, int t0, int t1, prj_res *r, ps_error *err)
{
    size_t bytes = (size_t)f->nvar * (size_t)f->nper * sizeof(double);
    double *start = malloc(bytes), tw[32], tc[32];
    if (!start)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    memcpy(start, f->data, bytes);
    int rc = PS_OK;
    for (int k = 0; k < r->reps && !rc; k++) {
        memcpy(f->data, start, bytes);
        double c = hz_cpu_now(), t = hz_now();
        rc = ps_project_solve(p, f, NULL, t0, t1, &r->diag, err);
        tw[k] = hz_now() - t;
        tc[k] = hz_cpu_now() - c;
    }
    free(start);
    r->solve_med = hz_median(tw, r->reps);
    r->cpu_med = hz_median(tc, r->reps);
    return rc;
}

static int measure(void *argp, void *resp)
{
    const synth_opts *o = argp;
    prj_res *r = resp;
    int reps = r->reps;
    synth_model *sm = NULL;
    double *sim = NULL;
    ps_project *p = NULL;
    ps_frame *f = NULL;
    ps_error err;
    char dir[64] = "";
    int t0, t1, rc = 1;
    memset(r, 0, sizeof *r);
    r->reps = reps;
    ps_error_clear(&err);
    double t = hz_now();
    if (synth_build(o, &sm) || synth_simulate(sm, &sim) || write_model(sm, sim, dir, sizeof dir)) {
        snprintf(r->error, sizeof r->error, "could not generate or write the model");
        goto out;
    }
    r->t_write = hz_now() - t;
    r->neq = sm->nendo;
    long before = hz_rss_kb();
    hz_reset_peak();
    t = hz_now();
    if (ps_project_load(dir, &p, &err))
        goto fail;
    r->t_load = hz_now() - t;
    long from = o->first_year + synth_t0(sm), to = o->first_year + synth_nper(sm) - 1;
    t = hz_now();
    if (ps_project_frame(p, from, to, &f, &t0, &t1, &err))
        goto fail;
    r->t_frame = hz_now() - t;
    if (solve_reps(p, f, t0, t1, r, &err))
        goto fail;
    r->ref_diff = check(p, f, t0, t1, sm, sim);
    if (!(r->ref_diff <= HZ_REF_TOL)) {
        snprintf(r->error, sizeof r->error, "the solution differs from the reference "
                 "simulation by %.1e", r->ref_diff);
        goto out;
    }
    r->peak_rel_kb = hz_peak_kb() - before;
    rc = 0;
    goto out;
fail:
    ps_error_format(&err, r->error, sizeof r->error);
out:
    if (sm && dir[0])
        remove_model(sm, dir);
    ps_frame_free(f);
    ps_project_free(p);
    free(sim);
    synth_free(sm);
    return rc;
}

int main(int argc, char **argv)
{
    int sizes[MAX_SIZES] = { 1000, 10000 }, nsizes = 2, reps = 7;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--sizes")) nsizes = hz_parse_list(argv[i + 1], sizes, MAX_SIZES, 100);
        else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
        else nsizes = -1;
    }
    if (nsizes <= 0 || argc % 2 == 0 || reps < 1 || reps > 32) {
        fprintf(stderr, "usage: bench_project [--sizes 1000,10000] [--reps R (1-32)]\n");
        return 2;
    }
    synth_opts o;
    synth_opts_init(&o);
    printf("bench_project: model folder on disk -> ps_project_load -> ps_project_frame -> "
           "ps_project_solve (%d periods)\n\n", o.proj_periods);
    printf("%9s | %10s %10s | %10s %10s %8s | %9s %8s\n", "equations", "load", "frame",
           "solve(med)", "cpu(med)", "Newton", "engine MB", "|x-ref|");
    int failed = 0;
    for (int i = 0; i < nsizes; i++) {
        prj_res r = { .reps = reps };
        long maxrss;
        o.neq = sizes[i];
        if (hz_run_child(measure, &o, &r, sizeof r, &maxrss)) {
            printf("%9d | failed: %s\n", sizes[i], r.error[0] ? r.error : "child died");
            failed = 1;
            continue;
        }
        printf("%9d | %8.1fms %8.1fms | %8.2fms %8.2fms %8ld | %9.1f %8.1e\n", r.neq,
               1e3 * r.t_load, 1e3 * r.t_frame, 1e3 * r.solve_med, 1e3 * r.cpu_med,
               r.diag.newton_iterations, r.peak_rel_kb / 1024.0, r.ref_diff);
    }
    return failed;
}
