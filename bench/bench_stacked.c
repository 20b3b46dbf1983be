/*
** The stacked-time solver: time of one solve, and how it scales.
**
**   bench_stacked peer MODEL CSV [REPS]
**       solve MODEL (a polsim twin of a Dynare fixture) on the initial state
**       and exogenous paths of Dynare's CSV, REPS times (default 200), and
**       print  POLSIM_FWD_SECONDS reps=N mean=S min=S iterations=I
**              POLSIM_FWD_MAX_REL_DIFF D  (|polsim - Dynare| / max(|Dynare|, 1))
**   bench_stacked scale MODEL10 MODEL100 MODEL1000
**       the sectors model (tests/fixtures/dynare/gen_sectors.sh) at 10, 100 and
**       1,000 equations, from its steady state, TFP 2% up for two periods:
**       one stacked solve over 100, 400 and 1,600 periods (the 100-equation
**       model) and of each size over 100 periods, with the ratios (time
**       linear in the horizon: 4 and 16; in the size: 10 and 100).
**
** Times are medians of repeated solves of the same shape (wall time for the
** peers, which Dynare's figures are; the thread's CPU time for the scaling
** ratios, which a busy machine distorts less): the first solve of a shape
** also does KLU's symbolic analysis, which later runs reuse; it is printed
** separately.
*/
#include "harness.h"
#include "solve/stacked.h"
#include "solve/steady.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fwd {
    ps_model *m;
    ps_analysis *a;
    ps_stacked *s;
    double *params;
    ps_frame *f;
    double *start;              /* the frame before solving, to reset from */
    double min;                 /* fastest solve of the last fwd_time */
    int cpu;                    /* time with the thread's CPU clock (scaling runs:
                                   a busy machine inflates it less than wall time) */
} fwd;

static int fail(const char *what, const ps_error *err) {
    hz_print_error(what, err);
    return 1;
}

static int fwd_load(fwd *x, const char *path) {
    ps_error err;
    memset(x, 0, sizeof *x);
    if (ps_model_parse_file(path, &x->m, &err)) return fail(path, &err);
    if (ps_analyse(x->m, &x->a, &err)) return fail("analyse", &err);
    if (ps_stacked_new(x->m, x->a, NULL, &x->s, &err)) return fail("stacked", &err);
    x->params = malloc(sizeof(double) * (size_t)(x->m->nparam + 1));
    for (int k = 0; k < x->m->nsym; k++)
        if (x->m->syms[k].kind == PS_SYM_PARAM) x->params[x->m->syms[k].slot] = x->m->syms[k].value;
    return 0;
}

/* A frame of nper periods, add-factors 0, everything else missing. */
static int fwd_frame(fwd *x, int nper) {
    ps_error err;
    ps_frame_free(x->f);
    free(x->start);
    if (ps_frame_new(x->m->nseries, nper, PS_FREQ_ANNUAL, 2000, NULL, &x->f, &err))
        return fail("frame", &err);
    for (int k = 0; k < x->m->nsym; k++)
        if (x->m->syms[k].kind == PS_SYM_ADDFACTOR)
            for (int t = 0; t < nper; t++) ps_frame_set(x->f, x->m->syms[k].slot, t, 0.0);
    x->start = malloc(sizeof(double) * (size_t)nper * (size_t)x->m->nseries);
    return x->start ? 0 : 1;
}

static void fwd_keep(fwd *x) {
    memcpy(x->start, x->f->data, sizeof(double) * (size_t)x->f->nper * (size_t)x->f->nvar);
}

/* Median and first time of reps solves of periods [1, t1]. */
static int fwd_time(fwd *x, int t1, int reps, double *median, double *first, double *mean,
                    long *iters) {
    double *tv = malloc(sizeof(double) * (size_t)reps);
    double sum = 0;
    for (int r = 0; r < reps; r++) {
        memcpy(x->f->data, x->start, sizeof(double) * (size_t)x->f->nper * (size_t)x->f->nvar);
        ps_solve_diag d;
        ps_error err;
        double t = x->cpu ? hz_cpu_now() : hz_now();
        if (ps_stacked_run(x->s, x->f, x->params, 1, t1, &d, &err)) {
            free(tv);
            return fail("solve", &err);
        }
        tv[r] = (x->cpu ? hz_cpu_now() : hz_now()) - t;
        sum += tv[r];
        *iters = d.newton_iterations;
    }
    *first = tv[0];
    *mean = sum / reps;
    *median = hz_median(tv, reps);
    x->min = tv[0];             /* sorted by hz_median */
    free(tv);
    return 0;
}

static void fwd_free(fwd *x) {
    ps_frame_free(x->f);
    free(x->start);
    free(x->params);
    ps_stacked_free(x->s);
    ps_analysis_free(x->a);
    ps_model_free(x->m);
}

/* ---- peer: a Dynare fixture ---- */

static int peer(const char *model, const char *csv, int reps) {
    fwd x;
    ps_frame *d = NULL;
    ps_error err;
    if (fwd_load(&x, model)) return 1;
    if (ps_frame_read_csv(csv, PS_FREQ_ANNUAL, &d, &err)) return fail(csv, &err);
    /* one row more than Dynare's (a lead of 2 reads two terminal rows) */
    if (fwd_frame(&x, d->nper + 1)) return 1;
    for (int k = 0; k < x.m->nsym; k++) {
        const ps_symbol *s = &x.m->syms[k];
        if (s->kind != PS_SYM_ENDO && s->kind != PS_SYM_EXO) continue;
        int c = ps_frame_col(d, s->name);
        if (c < 0) {
            fprintf(stderr, "bench_stacked: %s has no column %s\n", csv, s->name);
            return 1;
        }
        for (int t = 0; t <= d->nper; t++)
            if (s->kind == PS_SYM_EXO || t == 0)
                ps_frame_set(x.f, s->slot, t, ps_frame_get(d, c, t < d->nper ? t : d->nper - 1));
    }
    fwd_keep(&x);
    int t1 = d->nper - 2;
    double med, first, mean;
    long it;
    if (fwd_time(&x, t1, reps, &med, &first, &mean, &it)) return 1;
    double worst = 0;
    for (int k = 0; k < x.m->nsym; k++) {
        if (x.m->syms[k].kind != PS_SYM_ENDO) continue;
        int c = ps_frame_col(d, x.m->syms[k].name);
        for (int t = 1; t <= t1; t++) {
            double want = ps_frame_get(d, c, t);
            double diff = fabs(ps_frame_get(x.f, x.m->syms[k].slot, t) - want) / fmax(fabs(want), 1);
            if (diff > worst) worst = diff;
        }
    }
    printf("POLSIM_FWD_SECONDS reps=%d mean=%.6g min=%.6g median=%.6g first=%.6g iterations=%ld "
           "equations=%d periods=%d\n", reps, mean, x.min, med, first, it, x.m->neq, t1);
    printf("POLSIM_FWD_MAX_REL_DIFF %.3g\n", worst);
    ps_frame_free(d);
    fwd_free(&x);
    return 0;
}

/* ---- scale: the sectors model over horizons and sizes ---- */

/* Steady state at z = 0 in row 0, z = 0.02 in periods 1-2. */
static int scale_setup(fwd *x, int horizon) {
    if (fwd_frame(x, horizon + 2)) return 1;
    int z = x->m->syms[ps_model_find(x->m, "z")].slot;
    double *row = malloc(sizeof(double) * (size_t)x->m->nseries);
    for (int v = 0; v < x->m->nseries; v++) row[v] = 0.0;
    for (int k = 0; k < x->m->nsym; k++) {
        const ps_symbol *s = &x->m->syms[k];
        if (s->kind == PS_SYM_ENDO) row[s->slot] = s->name[0] == 'q' ? 2.0 : s->name[0] == 'k' ? 1.4 : 1.2;
    }
    row[ps_model_find(x->m, "Y") >= 0 ? x->m->syms[ps_model_find(x->m, "Y")].slot : 0] =
        1.2 * (x->m->neq - 1) / 3;
    ps_steady *st;
    ps_error err;
    if (ps_steady_new(x->m, x->a, &st, &err) ||
        ps_steady_solve(st, row, x->params, 1e-12, 50, NULL, &err)) {
        free(row);
        return fail("steady state", &err);
    }
    ps_steady_free(st);
    for (int k = 0; k < x->m->nsym; k++) {
        const ps_symbol *s = &x->m->syms[k];
        if (s->kind == PS_SYM_ENDO) ps_frame_set(x->f, s->slot, 0, row[s->slot]);
    }
    for (int t = 0; t < horizon + 2; t++) ps_frame_set(x->f, z, t, t == 1 || t == 2 ? 0.02 : 0.0);
    free(row);
    fwd_keep(x);
    return 0;
}

static int scale_one(fwd *x, int horizon, int reps, double *med) {
    double first, mean;
    long it;
    if (scale_setup(x, horizon) || fwd_time(x, horizon, reps, med, &first, &mean, &it)) return 1;
    printf("  %5d equations x %5d periods: %10.3f ms CPU per solve (median of %d; first, with "
           "the symbolic analysis: %.3f ms), %ld Newton iterations\n",
           x->m->neq, horizon, *med * 1e3, reps, first * 1e3, it);
    return 0;
}

static int scale(char **paths) {
    fwd x[3];
    for (int i = 0; i < 3; i++) {
        if (fwd_load(&x[i], paths[i])) return 1;
        x[i].cpu = 1;
    }
    double h[3], n[3];
    static const int horizons[3] = {100, 400, 1600};
    printf("one stacked solve against the horizon (%d equations):\n", x[1].m->neq);
    for (int i = 0; i < 3; i++)
        if (scale_one(&x[1], horizons[i], i == 2 ? 5 : 20, &h[i])) return 1;
    printf("  ratios: 400/100 periods %.2f (linear: 4), 1600/100 periods %.2f (linear: 16)\n",
           h[1] / h[0], h[2] / h[0]);
    printf("one stacked solve against the model size (100 periods):\n");
    for (int i = 0; i < 3; i++)
        if (scale_one(&x[i], 100, i == 2 ? 5 : 20, &n[i])) return 1;
    printf("  ratios: %d/%d equations %.2f (linear: %.1f), %d/%d equations %.2f (linear: %.1f)\n",
           x[1].m->neq, x[0].m->neq, n[1] / n[0], (double)x[1].m->neq / x[0].m->neq,
           x[2].m->neq, x[0].m->neq, n[2] / n[0], (double)x[2].m->neq / x[0].m->neq);
    printf("POLSIM_FWD_SCALE horizon_ratio_4=%.3g horizon_ratio_16=%.3g size_ratio_10=%.3g "
           "size_ratio_100=%.3g\n", h[1] / h[0], h[2] / h[0], n[1] / n[0], n[2] / n[0]);
    for (int i = 0; i < 3; i++) fwd_free(&x[i]);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "peer") == 0)
        return peer(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 200);
    if (argc == 5 && strcmp(argv[1], "scale") == 0) return scale(argv + 2);
    fprintf(stderr, "usage: bench_stacked peer MODEL CSV [REPS] | scale M10 M100 M1000\n");
    return 2;
}
