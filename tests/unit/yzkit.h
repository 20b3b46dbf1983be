/*
** What the Yangzhou model tests share (test_yangzhou.c, test_yangzhou_economics.c):
** loading models/yangzhou, scenarios through the scenario API as an embedder
** would, values of results and history by name, and the 2024 plan exactly as
** scripts/lib/yangzhou.lua sets it.
*/
#ifndef POLSIM_TEST_YZKIT_H
#define POLSIM_TEST_YZKIT_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/project.h"
#include "scenario/scenario.h"
#include "solve/solve.h"

#define YZ_DIR POLSIM_SOURCE_DIR "/models/yangzhou"
#define HIST_FIRST 2015
#define HIST_LAST 2023
#define FROM 2024
#define TO 2030

static inline ps_project *load(void) {
    ps_project *p = NULL;
    ps_error err;
    int rc = ps_project_load(YZ_DIR, &p, &err);
    cr_assert_eq(rc, PS_OK, "loading %s: %s", YZ_DIR, err.message);
    return p;
}

static inline int sym(const ps_project *p, const char *name) {
    int s = ps_model_find(p->model, name);
    cr_assert_geq(s, 0, "the Yangzhou model has no symbol %s", name);
    return s;
}

static inline double param(const ps_project *p, const char *name) {
    const ps_symbol *s = &p->model->syms[sym(p, name)];
    cr_assert_eq(s->kind, PS_SYM_PARAM, "%s is not a parameter", name);
    return s->value;
}

/* |a - b| / max(|b|, 1): relative above 1, absolute below (the output gap,
** inflation and jobs cross zero). */
static inline double reldiff(double a, double b) {
    double s = fabs(b) > 1.0 ? fabs(b) : 1.0;
    return fabs(a - b) / s;
}

static inline ps_scenario *scenario_span(ps_project *p, const char *name, long from, long to) {
    ps_scenario *s = NULL;
    ps_error err;
    int rc = ps_scenario_new(p, name, from, to, &s, &err);
    cr_assert_eq(rc, PS_OK, "scenario %s: %s", name, err.message);
    return s;
}

static inline ps_scenario *scenario(ps_project *p, const char *name) {
    return scenario_span(p, name, FROM, TO);
}

static inline ps_scenario *copy(ps_scenario *parent, const char *name) {
    ps_scenario *s = NULL;
    ps_error err;
    int rc = ps_scenario_copy(parent, name, &s, &err);
    cr_assert_eq(rc, PS_OK, "copy %s: %s", name, err.message);
    return s;
}

/* name = x for every year of [y0, y1]. */
static inline void set(ps_scenario *s, const char *name, long y0, long y1, double x) {
    ps_error err;
    int rc = ps_scenario_set(s, sym(ps_scenario_project(s), name), y0, y1, &x, 1, &err);
    cr_assert_eq(rc, PS_OK, "set %s: %s", name, err.message);
}

static inline void shock(ps_scenario *s, const char *name, long y0, long y1, double dx) {
    ps_error err;
    int rc = ps_scenario_shock_level(s, sym(ps_scenario_project(s), name), y0, y1, dx, &err);
    cr_assert_eq(rc, PS_OK, "shock %s: %s", name, err.message);
}

static inline ps_result *run(ps_scenario *s) {
    ps_result *r = NULL;
    ps_error err;
    int rc = ps_scenario_run(s, &r, &err);
    cr_assert_eq(rc, PS_OK, "running %s: %s (equation %s, variable %s, period %s)",
                 ps_scenario_name(s), err.message, err.equation, err.variable, err.period);
    return r;
}

/* Value of `name` in `year` of a result (annual ordinals are years). */
static inline double val(const ps_result *r, const char *name, long year) {
    int v = ps_result_col(r, name);
    cr_assert_geq(v, 0, "the result has no series %s", name);
    long t = year - r->start;
    cr_assert(t >= 0 && t < r->nper, "%ld is outside the result (%ld, %d periods)", year,
              r->start, r->nper);
    return r->data[(size_t)t * (size_t)r->nvar + (size_t)v];
}

static inline double hist(const ps_project *p, const char *name, long year) {
    int c = ps_frame_col(p->history, name);
    int t = ps_frame_index(p->history, year);
    cr_assert(c >= 0 && t >= 0, "history has no %s in %ld", name, year);
    return ps_frame_get(p->history, c, t);
}

/* `out` in `year` of a copy of `base` whose `lever` in FROM is set to x
** (set_it = 1) or raised by x (set_it = 0). */
static inline double with_lever(ps_scenario *base, const char *lever, double x, int set_it,
                                const char *out, long year) {
    ps_scenario *a = copy(base, "variant");
    if (set_it) set(a, lever, FROM, FROM, x);
    else shock(a, lever, FROM, FROM, x);
    ps_result *r = run(a);
    double v = val(r, out, year);
    ps_result_free(r);
    ps_scenario_free(a);
    return v;
}

/* The 2024 plan as docs/models/yangzhou.md ("The 2024 plan") and
** scripts/lib/yangzhou.lua set it: every lever for every year, no lever set
** to a target. */
static inline ps_scenario *plan(ps_project *p, const char *name) {
    ps_scenario *s = scenario(p, name);
    ps_error err;
    set(s, "fee_cut", FROM, TO, 50);
    set(s, "loan_g", FROM, TO, 0);
    set(s, "tloan_g", FROM, TO, 0);
    set(s, "proj_inv", FROM, TO, 0);
    cr_assert_eq(ps_scenario_grow(s, sym(p, "pubinv"), FROM, TO, 0.05, &err), PS_OK, "%s",
                 err.message);
    set(s, "voucher", FROM, TO, 0.45);
    set(s, "promo", FROM, TO, 0.5);
    set(s, "talent", FROM, TO, 2.8);
    set(s, "rd", FROM, TO, 2.85);
    set(s, "extd_g", FROM, TO, 5.0);
    return s;
}

/* The plan and the plan with `name` (an add-factor or exogenous series)
** raised by dx in FROM, both solved; the caller frees the two results. */
static inline void plan_and_shocked(ps_project *p, const char *name, double dx,
                                    ps_result **base, ps_result **shocked) {
    ps_scenario *b = plan(p, "plan");
    ps_scenario *s = copy(b, "shocked");
    shock(s, name, FROM, FROM, dx);
    *base = run(b);
    *shocked = run(s);
    ps_scenario_free(s);
    ps_scenario_free(b);
}

#endif
