/*
** What a .mod file's initval, endval, histval, steady and shocks statements
** set up: the frame Dynare simulates (oo_.endo_simul / oo_.exo_simul), and
** the native model folder `polsim import` writes (docs/dynare.md).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/analyse.h"
#include "util/alloc.h"
#include "project/dynare_sim.h"
#include "io/io.h"
#include "solve/stacked.h"
#include "solve/steady.h"

/* Every name comes from the translated model, so the lookup cannot miss. */
static int slot_of(const ps_model *m, const char *name) {
    return m->syms[ps_model_find(m, name)].slot;
}

/* The parameter values by slot (caller frees), NULL when out of memory. */
static double *param_values(const ps_model *m) {
    double *p = ps_malloc(((size_t)m->nparam + 1) * sizeof *p);
    for (int k = 0; p && k < m->nsym; k++)
        if (m->syms[k].kind == PS_SYM_PARAM) p[m->syms[k].slot] = m->syms[k].value;
    return p;
}

/* Unset values count as 0, as in Dynare. */
static double or0(double v) { return isnan(v) ? 0.0 : v; }

static int steady_row(const ps_model *m, double *row, ps_error *err) {
    ps_analysis *a = NULL;
    ps_steady *st = NULL;
    double *params = param_values(m);
    if (!params) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int rc = ps_analyse(m, &a, err);
    if (!rc) rc = ps_steady_new(m, a, &st, err);
    if (!rc) rc = ps_steady_solve(st, row, params, 1e-13, 100, NULL, err);
    if (rc == PS_ERR_SOLVE || rc == PS_ERR_DOMAIN) {
        char msg[PS_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->message);
        ps_error_set(err, rc, "steady: %s (the initval/endval values are the starting point)", msg);
    }
    ps_steady_free(st);
    ps_analysis_free(a);
    ps_free(params);
    return rc;
}

/* Rows before period 0: a lag of L reads periods 1 - L .. 0 at period 1. */
static int pre_rows(const ps_model *m) { return m->maxlag > 1 ? m->maxlag - 1 : 0; }

/* Periods -pre..0 (rows 0..pre).  With histval, as Dynare's histval does:
** its values, 0 for every endogenous value it does not give (not initval's),
** and initval's exogenous values at period 0, 0 before it.  Without histval:
** initval's values, or the steady state at them after `steady;`, in every
** one of these periods. */
static int initial_rows(const ps_dynare *d, const ps_model *m, ps_frame *f, int pre,
                        ps_error *err) {
    double *row0 = ps_frame_row(f, pre);
    for (int i = 0; i < d->nexo; i++) row0[slot_of(m, d->exo[i])] = or0(d->init_exo[i]);
    if (d->has_histval) {
        for (int k = 0; k <= pre; k++) {
            double *row = ps_frame_row(f, pre - k);
            const double *h = k == 0 ? d->hist_endo
                              : k <= d->hist_depth ? d->hist_lag + (size_t)(k - 1) * (size_t)d->nendo
                                                   : NULL;
            for (int i = 0; i < d->nendo; i++) row[slot_of(m, d->endo[i])] = h ? or0(h[i]) : 0.0;
            for (int i = 0; k > 0 && i < d->nexo; i++) row[slot_of(m, d->exo[i])] = 0.0;
        }
        return PS_OK;
    }
    for (int i = 0; i < d->nendo; i++) row0[slot_of(m, d->endo[i])] = or0(d->init_endo[i]);
    int rc = d->init_steady ? steady_row(m, row0, err) : PS_OK;
    for (int k = 0; !rc && k < pre; k++)
        memcpy(ps_frame_row(f, k), row0, sizeof(double) * (size_t)f->nvar);
    return rc;
}

/* With histval and `steady;`, period 0 holds no steady state (histval's
** unset values are 0), so the solvers would start from it (1/c at c = 0).
** Dynare starts its paths from the steady state at initval (histval excludes
** endval, so that is also the terminal one): so do periods 1.. here, as the
** starting values the stacked solver then replaces. */
static int seed_paths(const ps_dynare *d, const ps_model *m, ps_frame *f, int pre,
                      ps_error *err) {
    double *row = ps_malloc(sizeof(double) * ((size_t)f->nvar + 1));
    if (!row) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    memcpy(row, ps_frame_row(f, pre + d->periods + 1), sizeof(double) * (size_t)f->nvar);
    for (int i = 0; i < d->nendo; i++) row[slot_of(m, d->endo[i])] = or0(d->init_endo[i]);
    int rc = steady_row(m, row, err);
    for (int t = pre + 1; !rc && t < f->nper; t++)
        for (int i = 0; i < d->nendo; i++) {
            int s = slot_of(m, d->endo[i]);
            ps_frame_set(f, s, t, row[s]);
        }
    ps_free(row);
    return rc;
}

int ps_dynare_frame(const ps_dynare *d, const ps_model *m, long start, ps_frame **out,
                    int *terminal_path, ps_error *err) {
    *out = NULL;
    *terminal_path = 0;
    if (d->periods < 1)
        return ps_error_set(err, PS_ERR_USAGE,
                            "the .mod file has no perfect_foresight_setup(periods=N): polsim "
                            "needs the number of periods to simulate");
    int lead = d->maxlead > 1 ? d->maxlead : 1, pre = pre_rows(m);
    int nper = pre + d->periods + 1 + lead;
    ps_frame *f = NULL;
    const char **names = ps_calloc((size_t)m->nseries + 1, sizeof *names);
    if (!names) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int k = 0; k < m->nsym; k++)
        if (m->syms[k].kind != PS_SYM_PARAM) names[m->syms[k].slot] = m->syms[k].name;
    int rc = ps_frame_new(m->nseries, nper, PS_FREQ_ANNUAL, start - pre, names, &f, err);
    ps_free(names);
    if (rc) return rc;
    for (int k = 0; k < m->nsym; k++)
        if (m->syms[k].kind == PS_SYM_ADDFACTOR)
            for (int t = 0; t < nper; t++) ps_frame_set(f, m->syms[k].slot, t, 0.0);
    if ((rc = initial_rows(d, m, f, pre, err))) {
        ps_frame_free(f);
        return rc;
    }
    /* simulation and terminal periods: endval's exogenous values (else initval's) */
    for (int t = pre + 1; t < nper; t++)
        for (int i = 0; i < d->nexo; i++) {
            double v = d->has_endval && !isnan(d->end_exo[i]) ? d->end_exo[i] : or0(d->init_exo[i]);
            ps_frame_set(f, slot_of(m, d->exo[i]), t, v);
        }
    for (int s = 0; s < d->nshocks; s++) {
        const ps_dynare_shock *sh = &d->shocks[s];
        for (int t = sh->first; t <= sh->last && t <= d->periods; t++)
            ps_frame_set(f, slot_of(m, d->exo[sh->exo]), pre + t, sh->value);
    }
    /* the terminal condition: a steady state (solved by the stacked solver
    ** itself), or the endval / initval values as they stand */
    int steady_end = d->has_endval ? d->end_steady : d->init_steady;
    if (!steady_end) {
        *terminal_path = 1;
        for (int t = pre + d->periods + 1; t < nper; t++)
            for (int i = 0; i < d->nendo; i++) {
                double v = d->has_endval && !isnan(d->end_endo[i]) ? d->end_endo[i]
                           : or0(d->init_endo[i]);
                ps_frame_set(f, slot_of(m, d->endo[i]), t, v);
            }
    }
    *out = f;
    return PS_OK;
}

/* ---- polsim import ------------------------------------------------- */

static int write_text(const char *dir, const char *name, const char *text, size_t len,
                      ps_error *err) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        return ps_error_set(err, PS_ERR_USAGE, "output path too long");
    return ps_file_write_atomic(path, text, len, err);
}

/* The frame the simulation starts from: ps_dynare_frame, and with histval
** after `steady;` the starting paths of seed_paths (*seeded set then), so
** the simulation and the imported folder start Newton from the same place. */
static int start_frame(const ps_dynare *d, const ps_model *m, ps_frame **f, int *term_path,
                       int *seeded, ps_error *err) {
    int rc = ps_dynare_frame(d, m, 2000, f, term_path, err);
    *seeded = !rc && d->has_histval && !*term_path && d->init_steady;
    if (*seeded && (rc = seed_paths(d, m, *f, pre_rows(m), err))) {
        ps_frame_free(*f);
        *f = NULL;
    }
    return rc;
}

int ps_dynare_import(const ps_dynare *d, const char *mod_path, const char *dir, ps_error *err) {
    ps_model *m = NULL;
    int rc = ps_model_parse_string(d->native, d->native_len, mod_path, &m, err);
    if (rc) return rc;
    ps_frame *f = NULL;
    int term_path = 0, seeded = 0;
    /* the simulation's starting paths, written out: without them the
    ** folder's solve would start from histval's zeros */
    rc = start_frame(d, m, &f, &term_path, &seeded, err);
    if (!rc) rc = ps_mkdir_p(dir, err);
    char name[512];
    snprintf(name, sizeof name, "%s.model", d->name);
    if (!rc) rc = write_text(dir, name, d->native, d->native_len, err);
    if (!rc) {
        int *cols = ps_malloc(((size_t)d->nendo + (size_t)d->nexo + 1) * sizeof *cols);
        if (!cols) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        int n = 0;
        for (int i = 0; cols && i < d->nendo; i++) cols[n++] = slot_of(m, d->endo[i]);
        for (int i = 0; cols && i < d->nexo; i++) cols[n++] = slot_of(m, d->exo[i]);
        char path[4096];
        snprintf(path, sizeof path, "%s/history.csv", dir);
        if (!rc) rc = ps_frame_write_csv(f, cols, n, 0, f->nper - 1, path, err);
        ps_free(cols);
    }
    if (!rc) {
        char src[4096];
        int n = snprintf(src, sizeof src,
                         "# %s: imported from a Dynare file\n\n"
                         "- Origin: `%s`, translated by `polsim import` (docs/dynare.md).\n"
                         "- `%s.model` holds its equations; each is an identity (no add-factor), "
                         "as in Dynare. An equation that Dynare writes with its variable on the "
                         "left keeps its form; any other is written `y = y + (lhs - rhs)` for the "
                         "variable `y` it was matched to, so its residual is Dynare's.\n"
                         "- `history.csv` holds Dynare's period 0 (the initial state: initval, "
                         "steady, histval) as 2000%s, the exogenous paths of periods 1..%d (shocks "
                         "included) as 2001..%d, and the terminal period(s) after them%s.%s\n"
                         "- Solve as Dynare's perfect_foresight_solver does:\n\n"
                         "      polsim solve DIR --from 2001 --to %d%s\n",
                         d->name, mod_path, d->name,
                         pre_rows(m) ? " (and the periods before it that the model's lags read, "
                                       "as 1999 and earlier)" : "",
                         d->periods, 2000 + d->periods,
                         term_path ? " with the endogenous terminal values (not a steady state)" : "",
                         seeded ? " From 2001 on the endogenous columns hold the steady state at "
                                  "initval: Dynare's starting values for the paths (histval "
                                  "leaves the other initial values 0, no place to start Newton "
                                  "from); the solve replaces them" : "",
                         2000 + d->periods, term_path ? " --terminal path" : "");
        rc = write_text(dir, "SOURCES.md", src, (size_t)n, err);
    }
    ps_frame_free(f);
    ps_model_free(m);
    return rc;
}

/* ---- the simulation ------------------------------------------------- */

int ps_dynare_simulate(const ps_dynare *d, const ps_model *m, double tol, int max_iter,
                       ps_frame **out, ps_solve_diag *diag, ps_error *err) {
    *out = NULL;
    ps_frame *f = NULL;
    int term_path = 0, seeded;
    int rc = start_frame(d, m, &f, &term_path, &seeded, err);
    if (rc) return rc;
    ps_analysis *a = NULL;
    ps_stacked *s = NULL;
    double *params = param_values(m);
    if (!params) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    ps_stacked_opts o;
    ps_stacked_opts_init(&o);
    o.terminal = term_path ? PS_TERMINAL_PATH : PS_TERMINAL_STEADY;
    if (tol > 0) o.tol = tol;
    if (max_iter > 0) o.max_iter = max_iter;
    if (!rc) rc = ps_analyse(m, &a, err);
    if (!rc) rc = ps_stacked_new(m, a, &o, &s, err);
    int pre = pre_rows(m);
    if (!rc) rc = ps_stacked_run(s, f, params, pre + 1, pre + d->periods, diag, err);
    /* Dynare's terminal column: the steady state the solver ended on */
    int last = pre + d->periods + 1;
    for (int i = 0; !rc && !term_path && i < d->nendo; i++)
        if (isnan(ps_frame_get(f, slot_of(m, d->endo[i]), last))) {
            for (int t = last; t < f->nper; t++)
                for (int j = 0; j < d->nendo; j++) {
                    int sl = slot_of(m, d->endo[j]);
                    ps_frame_set(f, sl, t, ps_frame_get(f, sl, pre + d->periods));
                }
            rc = steady_row(m, ps_frame_row(f, last), err);
            for (int t = last + 1; !rc && t < f->nper; t++)
                memcpy(ps_frame_row(f, t), ps_frame_row(f, last), sizeof(double) * (size_t)f->nvar);
            break;
        }
    ps_stacked_free(s);
    ps_analysis_free(a);
    ps_free(params);
    if (rc) {
        ps_frame_free(f);
        return rc;
    }
    *out = f;
    return PS_OK;
}

int ps_dynare_write_simul(const ps_dynare *d, const ps_model *m, const ps_frame *f,
                          const char *path, ps_error *err) {
    return ps_dynare_write_simul_opts(d, m, f, 0, path, err);
}

int ps_dynare_write_simul_opts(const ps_dynare *d, const ps_model *m, const ps_frame *f,
                               unsigned flags, const char *path, ps_error *err) {
    ps_csv_opts o = {.bom = (flags & PS_CSV_BOM) != 0};
    int n = 0;
    int *cols = ps_malloc(((size_t)d->nendo + (size_t)d->nexo + 1) * sizeof *cols);
    if (!cols) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < d->nendo; i++) cols[n++] = slot_of(m, d->endo[i]);
    for (int i = 0; i < d->nexo; i++) cols[n++] = slot_of(m, d->exo[i]);
    /* Dynare keeps one terminal column when the model has a lead (longer leads
    ** become auxiliary variables), none when it has not */
    int pre = pre_rows(m);
    int rc = ps_frame_write_csv_opts(f, cols, n, pre, pre + d->periods + (d->maxlead > 0), &o, path,
                                     err);
    ps_free(cols);
    return rc;
}
