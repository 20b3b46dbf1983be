/*
** Forward-looking models against Dynare's perfect_foresight_solver.
**
** Each fixture under tests/fixtures/dynare/ is a Dynare file NAME.mod, the CSV
** Dynare wrote for it (made by make_fixtures.sh --fwd with
** perfect_foresight_solver(tolf=1e-13, tolx=1e-13): oo_.endo_simul and
** oo_.exo_simul, row 0 (labelled 2000) the initial state, the last row the
** terminal one) and
** the same model in the polsim language, NAME.model.  polsim starts from
** Dynare's row 0, reads Dynare's exogenous paths, solves rows 1..R-2 with
** its own terminal condition (the steady state it computes itself at the
** exogenous values of the terminal row; Dynare substitutes leads beyond one
** by auxiliary variables, so its files have exactly one terminal row) and
** must match every endogenous variable in every period:
**     |polsim - dynare| <= 1e-8 max(|dynare|, 1)
** (relative, and absolute for gaps near zero).  The same with Dynare's
** terminal row given as a path, and the steady state on its own.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/stacked.h"
#include "solve/steady.h"

#define DIR POLSIM_SOURCE_DIR "/tests/fixtures/dynare/"
#define TOL 1e-8

typedef struct fixture {
    ps_model *m;
    ps_analysis *a;
    double params[64];
    ps_frame *d;                /* Dynare's CSV, read by the library's reader */
    ps_frame *f;
} fixture;

static void load(fixture *x, const char *model, const char *data) {
    ps_error err;
    memset(x, 0, sizeof *x);
    char path[512];
    snprintf(path, sizeof path, DIR "%s", model);
    cr_assert_eq(ps_model_parse_file(path, &x->m, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_analyse(x->m, &x->a, &err), PS_OK, "%s", err.message);
    cr_assert_leq(x->m->nparam, 64);
    for (int k = 0; k < x->m->nsym; k++)
        if (x->m->syms[k].kind == PS_SYM_PARAM) x->params[x->m->syms[k].slot] = x->m->syms[k].value;
    snprintf(path, sizeof path, DIR "%s", data);
    cr_assert_eq(ps_frame_read_csv(path, PS_FREQ_ANNUAL, &x->d, &err), PS_OK, "%s", err.message);
    /* one row more than Dynare's: a lead of 2 reads two terminal rows, and
    ** Dynare's terminal row is a steady state, so the second equals the first */
    cr_assert_eq(ps_frame_new(x->m->nseries, x->d->nper + 1, PS_FREQ_ANNUAL, 2000, NULL, &x->f,
                                &err), PS_OK);
    /* exogenous paths from Dynare, endogenous row 0 (the initial state) */
    for (int k = 0; k < x->m->nsym; k++) {
        const ps_symbol *s = &x->m->syms[k];
        if (s->kind == PS_SYM_PARAM) continue;
        if (s->kind == PS_SYM_ADDFACTOR) {
            for (int t = 0; t <= x->d->nper; t++) ps_frame_set(x->f, s->slot, t, 0.0);
            continue;
        }
        int c = ps_frame_col(x->d, s->name);
        cr_assert_geq(c, 0, "%s has no column %s", data, s->name);
        for (int t = 0; t <= x->d->nper; t++) {
            int r = t < x->d->nper ? t : x->d->nper - 1;
            if (s->kind == PS_SYM_EXO || t == 0)
                ps_frame_set(x->f, s->slot, t, ps_frame_get(x->d, c, r));
        }
    }
}

static void unload(fixture *x) {
    ps_frame_free(x->f);
    ps_frame_free(x->d);
    ps_analysis_free(x->a);
    ps_model_free(x->m);
}

/* Solve rows 1..R-2 and compare; returns the largest scaled difference. */
static double solve_and_compare(fixture *x, ps_terminal term) {
    int t1 = x->d->nper - 2;
    if (term == PS_TERMINAL_PATH)        /* Dynare's terminal row as the path */
        for (int k = 0; k < x->m->nsym; k++)
            if (x->m->syms[k].kind == PS_SYM_ENDO) {
                int c = ps_frame_col(x->d, x->m->syms[k].name);
                for (int t = t1 + 1; t <= t1 + 2; t++)
                    ps_frame_set(x->f, x->m->syms[k].slot, t,
                                 ps_frame_get(x->d, c, t1 + 1));
            }
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.terminal = term;
    o.tol = 1e-12;
    ps_stacked *s;
    ps_error err;
    cr_assert_eq(ps_stacked_new(x->m, x->a, &o, &s, &err), PS_OK, "%s", err.message);
    ps_solve_diag d;
    cr_assert_eq(ps_stacked_run(s, x->f, x->params, 1, t1, &d, &err), PS_OK, "%s",
                 err.message);
    double worst = 0;
    for (int k = 0; k < x->m->nsym; k++) {
        const ps_symbol *sy = &x->m->syms[k];
        if (sy->kind != PS_SYM_ENDO) continue;
        int c = ps_frame_col(x->d, sy->name);
        for (int t = 1; t <= t1; t++) {
            double want = ps_frame_get(x->d, c, t), got = ps_frame_get(x->f, sy->slot, t);
            double diff = fabs(got - want) / fmax(fabs(want), 1.0);
            if (diff > worst) worst = diff;
            cr_assert(diff <= TOL, "%s period %d: polsim %.17g, Dynare %.17g", sy->name, t, got,
                      want);
        }
    }
    ps_stacked_free(s);
    return worst;
}

/* The steady state at the terminal row's exogenous values equals Dynare's
** terminal row (its steady; endval + steady, or initval + steady). */
static void steady_matches(fixture *x) {
    ps_steady *st;
    ps_error err;
    cr_assert_eq(ps_steady_new(x->m, x->a, &st, &err), PS_OK, "%s", err.message);
    int last = x->d->nper - 1;
    double *row = malloc(sizeof(double) * (size_t)x->m->nseries);
    memcpy(row, ps_frame_row(x->f, last), sizeof(double) * (size_t)x->m->nseries);
    for (int k = 0; k < x->m->nsym; k++)        /* start from the initial state */
        if (x->m->syms[k].kind == PS_SYM_ENDO) row[x->m->syms[k].slot] = ps_frame_get(x->f, x->m->syms[k].slot, 0);
    cr_assert_eq(ps_steady_solve(st, row, x->params, 1e-13, 50, NULL, &err), PS_OK, "%s",
                 err.message);
    for (int k = 0; k < x->m->nsym; k++) {
        if (x->m->syms[k].kind != PS_SYM_ENDO) continue;
        double want = ps_frame_get(x->d, ps_frame_col(x->d, x->m->syms[k].name), last);
        double got = row[x->m->syms[k].slot];
        cr_assert(fabs(got - want) <= 1e-10 * fmax(fabs(want), 1), "steady %s: %.17g vs %.17g",
                  x->m->syms[k].name, got, want);
    }
    ps_bk bk;
    cr_assert_eq(ps_steady_bk(st, row, x->params, &bk, &err), PS_OK);
    if (bk.checked) cr_assert(bk.ok, "saddle-path count: %s", bk.note);
    free(row);
    ps_steady_free(st);
}

static void check_fixture(const char *model, const char *data) {
    fixture x;
    load(&x, model, data);
    steady_matches(&x);
    double w1 = solve_and_compare(&x, PS_TERMINAL_STEADY);
    unload(&x);
    load(&x, model, data);
    double w2 = solve_and_compare(&x, PS_TERMINAL_PATH);
    cr_log_info("%s: largest scaled difference %.2g (steady terminal), %.2g (path)", data, w1,
                w2);
    unload(&x);
}

Test(dynare_fwd, rbc_permanent_shock) { check_fixture("rbc.model", "rbc_permanent.csv"); }
Test(dynare_fwd, rbc_temporary_shock) { check_fixture("rbc.model", "rbc_temporary.csv"); }
Test(dynare_fwd, nk_lead_two_anticipated_shock) { check_fixture("nk.model", "nk.csv"); }
Test(dynare_fwd, logs_and_locals) { check_fixture("logs.model", "logs.csv"); }
Test(dynare_fwd, sectors_121_equations) { check_fixture("sectors.model", "sectors.csv"); }
Test(dynare_fwd, normcdf_risk_wedge) { check_fixture("wedge.model", "wedge.csv"); }
