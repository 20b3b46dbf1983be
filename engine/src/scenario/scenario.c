/*
** Scenarios: layered assumptions applied at run time (see scenario.h).
** Nothing here runs inside the solver: ops and rules change the frame between
** period solves.
*/
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "scenario/scenario_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum op_kind { OP_SET, OP_GROW, OP_SHIFT, OP_SCALE } op_kind;

typedef struct op {
    op_kind kind;
    int sym;
    long p0, p1;
    double x;          /* rate, amount, pct, or the one value of a SET */
    double *values;    /* SET with one value per period, else NULL */
} op;

typedef struct rule {
    ps_rule_fn fn;
    void *ctx;
    void (*free_ctx)(void *);
} rule;

struct ps_scenario {
    int refs;
    char *name;
    ps_scenario *parent;
    ps_project *project;
    long from, to;
    op *ops;
    int nops, capops;
    double *params;    /* own parameter overrides, NaN = inherited */
    int nparams_set;   /* how many of them are set: a run skips the scan
                          of every parameter (hundreds in a city model)
                          in the layers that set none */
    rule *rules;
    int nrules, caprules;
    ps_tspec *tspec;   /* targets and instruments (targets.c), NULL if none */
};

static int alloc_scenario(ps_project *p, const char *name, ps_scenario **out, ps_error *err) {
    ps_scenario *s = ps_calloc(1, sizeof *s);
    int np = p->model->nparam;
    if (s) {
        s->name = ps_strdup(name ? name : "");
        s->params = ps_malloc(sizeof(double) * (size_t)(np ? np : 1));
    }
    if (!s || !s->name || !s->params) {
        if (s) ps_free(s->name), ps_free(s->params);
        ps_free(s);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory creating scenario");
    }
    for (int i = 0; i < np; i++) s->params[i] = NAN;
    s->refs = 1;
    s->project = p;
    *out = s;
    return PS_OK;
}

int ps_scenario_new(ps_project *p, const char *name, long from, long to, ps_scenario **out,
                    ps_error *err) {
    *out = NULL;
    if (to < from)
        return ps_error_set(err, PS_ERR_USAGE, "scenario '%s': the horizon ends before it starts",
                            name ? name : "");
    int rc = alloc_scenario(p, name, out, err);
    if (rc) return rc;
    (*out)->from = from;
    (*out)->to = to;
    return PS_OK;
}

int ps_scenario_copy(ps_scenario *parent, const char *name, ps_scenario **out, ps_error *err) {
    *out = NULL;
    int rc = alloc_scenario(parent->project, name, out, err);
    if (rc) return rc;
    ps_scenario_retain(parent);
    (*out)->parent = parent;
    (*out)->from = parent->from;
    (*out)->to = parent->to;
    return PS_OK;
}

void ps_scenario_retain(ps_scenario *s) {
    if (s) s->refs++;
}

void ps_scenario_free(ps_scenario *s) {
    while (s && --s->refs == 0) {
        ps_scenario *parent = s->parent;
        for (int i = 0; i < s->nops; i++) ps_free(s->ops[i].values);
        for (int i = 0; i < s->nrules; i++)
            if (s->rules[i].free_ctx) s->rules[i].free_ctx(s->rules[i].ctx);
        ps_free(s->ops);
        ps_free(s->rules);
        ps_tspec_free_(s->tspec);
        ps_free(s->params);
        ps_free(s->name);
        ps_free(s);
        s = parent; /* drop the reference the child held */
    }
}

const char *ps_scenario_name(const ps_scenario *s) { return s->name; }
ps_scenario *ps_scenario_parent(const ps_scenario *s) { return s->parent; }
ps_project *ps_scenario_project(const ps_scenario *s) { return s->project; }

void ps_scenario_horizon(const ps_scenario *s, long *from, long *to) {
    *from = s->from;
    *to = s->to;
}

int ps_scenario_set_horizon(ps_scenario *s, long from, long to, ps_error *err) {
    if (to < from)
        return ps_error_set(err, PS_ERR_USAGE, "scenario '%s': the horizon ends before it starts",
                            s->name);
    s->from = from;
    s->to = to;
    return PS_OK;
}

static int check_series(const ps_scenario *s, int sym, long p0, long p1, ps_error *err) {
    const ps_model *m = s->project->model;
    if (sym < 0 || sym >= m->nsym)
        return ps_error_set(err, PS_ERR_USAGE, "scenario '%s': no such variable (index %d)",
                            s->name, sym);
    const ps_symbol *y = &m->syms[sym];
    if (y->kind == PS_SYM_ENDO)
        return ps_error_set(err, PS_ERR_USAGE,
                            "'%s' is endogenous (determined by equation [%s]); set an "
                            "exogenous variable, or its add-factor %s_a",
                            y->name, m->eqs[y->equation].label, y->name);
    if (y->kind == PS_SYM_PARAM)
        return ps_error_set(err, PS_ERR_USAGE,
                            "'%s' is a parameter: it has no periods; change it with param()",
                            y->name);
    if (p1 < p0)
        return ps_error_set(err, PS_ERR_USAGE, "'%s': the period range ends before it starts",
                            y->name);
    return PS_OK;
}

static int push_op(ps_scenario *s, op o, ps_error *err) {
    if (s->nops == s->capops) {
        int cap = s->capops ? s->capops * 2 : 8;
        op *n = ps_realloc(s->ops, sizeof(op) * (size_t)cap);
        if (!n) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        s->ops = n;
        s->capops = cap;
    }
    s->ops[s->nops++] = o;
    return PS_OK;
}

int ps_scenario_set(ps_scenario *s, int sym, long p0, long p1, const double *values, int n,
                    ps_error *err) {
    int rc = check_series(s, sym, p0, p1, err);
    if (rc) return rc;
    long count = p1 - p0 + 1;
    if (n != 1 && n != count)
        return ps_error_set(err, PS_ERR_USAGE,
                            "'%s': %d values given for %ld periods (give 1 or %ld)",
                            s->project->model->syms[sym].name, n, count, count);
    op o = {OP_SET, sym, p0, p1, values[0], NULL};
    if (n > 1) {
        o.values = ps_malloc(sizeof(double) * (size_t)n);
        if (!o.values) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        memcpy(o.values, values, sizeof(double) * (size_t)n);
    }
    rc = push_op(s, o, err);
    if (rc) ps_free(o.values);
    return rc;
}

static int add_simple(ps_scenario *s, op_kind k, int sym, long p0, long p1, double x,
                      ps_error *err) {
    int rc = check_series(s, sym, p0, p1, err);
    if (rc) return rc;
    if (!isfinite(x))
        return ps_error_set(err, PS_ERR_USAGE, "'%s': the amount must be a finite number",
                            s->project->model->syms[sym].name);
    op o = {k, sym, p0, p1, x, NULL};
    return push_op(s, o, err);
}

int ps_scenario_grow(ps_scenario *s, int sym, long p0, long p1, double rate, ps_error *err) {
    return add_simple(s, OP_GROW, sym, p0, p1, rate, err);
}

int ps_scenario_shock_level(ps_scenario *s, int sym, long p0, long p1, double amount,
                            ps_error *err) {
    return add_simple(s, OP_SHIFT, sym, p0, p1, amount, err);
}

int ps_scenario_shock_pct(ps_scenario *s, int sym, long p0, long p1, double pct,
                          ps_error *err) {
    return add_simple(s, OP_SCALE, sym, p0, p1, pct, err);
}

int ps_scenario_param(ps_scenario *s, int sym, double value, ps_error *err) {
    const ps_model *m = s->project->model;
    if (sym < 0 || sym >= m->nsym || m->syms[sym].kind != PS_SYM_PARAM)
        return ps_error_set(err, PS_ERR_USAGE, "'%s' is not a parameter",
                            sym >= 0 && sym < m->nsym ? m->syms[sym].name : "?");
    if (!isfinite(value))
        return ps_error_set(err, PS_ERR_USAGE, "parameter '%s' must be a finite number",
                            m->syms[sym].name);
    if (isnan(s->params[m->syms[sym].slot])) s->nparams_set++;
    s->params[m->syms[sym].slot] = value;
    return PS_OK;
}

double ps_scenario_param_value(const ps_scenario *s, int sym) {
    const ps_model *m = s->project->model;
    int slot = m->syms[sym].slot;
    for (const ps_scenario *c = s; c; c = c->parent)
        if (!isnan(c->params[slot])) return c->params[slot];
    return s->project->params[slot];
}

int ps_scenario_rule(ps_scenario *s, ps_rule_fn fn, void *ctx, void (*free_ctx)(void *),
                     ps_error *err) {
    if (s->nrules == s->caprules) {
        int cap = s->caprules ? s->caprules * 2 : 4;
        rule *n = ps_realloc(s->rules, sizeof(rule) * (size_t)cap);
        if (!n) {
            if (free_ctx) free_ctx(ctx);
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        }
        s->rules = n;
        s->caprules = cap;
    }
    s->rules[s->nrules++] = (rule){fn, ctx, free_ctx};
    return PS_OK;
}

/* ---- running ---- */

static int apply_op(const ps_scenario *s, const op *o, ps_frame *f, ps_error *err) {
    const ps_model *m = s->project->model;
    const ps_symbol *y = &m->syms[o->sym];
    char lab[PS_PERIOD_LABEL_MAX];
    int a = ps_frame_index(f, o->p0), b = ps_frame_index(f, o->p1);
    if (a < 0 || b < 0) {
        long bad = a < 0 ? o->p0 : o->p1;
        char first[PS_PERIOD_LABEL_MAX], last[PS_PERIOD_LABEL_MAX];
        return ps_error_set(err, PS_ERR_USAGE,
                            "scenario '%s': '%s' at %s is outside the scenario's periods "
                            "%s..%s",
                            s->name, y->name, ps_period_format(bad, f->freq, lab, sizeof lab),
                            ps_period_format(f->start, f->freq, first, sizeof first),
                            ps_period_format(f->start + f->nper - 1, f->freq, last, sizeof last));
    }
    for (int t = a; t <= b; t++) {
        double x = ps_frame_get(f, y->slot, t);
        switch (o->kind) {
        case OP_SET: x = o->values ? o->values[t - a] : o->x; break;
        case OP_SHIFT: x += o->x; break;
        case OP_SCALE: x *= 1.0 + o->x / 100.0; break;
        case OP_GROW:
            x = t > 0 ? ps_frame_get(f, y->slot, t - 1) * (1.0 + o->x) : NAN;
            if (isnan(x)) {
                ps_error_context(err, NULL, y->name,
                                 ps_period_format(f->start + t - 1, f->freq, lab, sizeof lab));
                return ps_error_set(err, PS_ERR_DATA,
                                    "scenario '%s': cannot grow '%s' from %s: it has no value "
                                    "there; set a starting value first",
                                    s->name, y->name, lab);
            }
            break;
        }
        ps_frame_set(f, y->slot, t, x);
    }
    return PS_OK;
}

/* Root first, so children override and shocks apply to the parent's path. */
static int apply_layers(const ps_scenario *s, ps_frame *f, double *params, ps_error *err) {
    if (s->parent) {
        int rc = apply_layers(s->parent, f, params, err);
        if (rc) return rc;
    }
    for (int i = 0; s->nparams_set && i < s->project->model->nparam; i++)
        if (!isnan(s->params[i])) params[i] = s->params[i];
    for (int i = 0; i < s->nops; i++) {
        int rc = apply_op(s, &s->ops[i], f, err);
        if (rc) return rc;
    }
    return PS_OK;
}

static int prepare(const ps_scenario *s, ps_frame **f, double **params, int *t0, int *t1,
                   ps_error *err) {
    ps_project *p = s->project;
    int np = p->model->nparam;
    *params = ps_malloc(sizeof(double) * (size_t)(np ? np : 1));
    if (!*params) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    memcpy(*params, p->params, sizeof(double) * (size_t)np);
    *f = NULL;
    int rc = ps_project_check_start(p, s->from, err);
    if (!rc) rc = ps_project_frame(p, s->from, s->to, f, t0, t1, err);
    if (!rc) rc = apply_layers(s, *f, *params, err);
    if (rc) {
        ps_frame_free(*f);
        *f = NULL;
        ps_free(*params);
        *params = NULL;
    }
    return rc;
}

int ps_scenario_inputs(const ps_scenario *s, ps_frame **out, int *t0, int *t1,
                       ps_error *err) {
    double *params = NULL;
    int rc = prepare(s, out, &params, t0, t1, err);
    ps_free(params);
    return rc;
}

int ps_scenario_has_rules(const ps_scenario *s) {
    for (; s; s = s->parent)
        if (s->nrules) return 1;
    return 0;
}

static int run_rules(const ps_scenario *s, ps_frame *f, int t, ps_error *err) {
    if (s->parent) {
        int rc = run_rules(s->parent, f, t, err);
        if (rc) return rc;
    }
    for (int i = 0; i < s->nrules; i++) {
        int rc = s->rules[i].fn(s->rules[i].ctx, f, t, s->project, err);
        if (rc) return rc;
    }
    return PS_OK;
}

ps_tspec **ps_scenario_tspec_(ps_scenario *s) { return &s->tspec; }


int ps_scenario_rules_(const ps_scenario *s, ps_frame *f, int t, ps_error *err) {
    return ps_scenario_has_rules(s) ? run_rules(s, f, t, err) : PS_OK;
}

void ps_scenario_add_diag_(ps_solve_diag *acc, const ps_solve_diag *d) {
    acc->periods += d->periods;
    acc->explicit_evals += d->explicit_evals;
    acc->blocks_solved += d->blocks_solved;
    acc->newton_iterations += d->newton_iterations;
    if (d->max_iterations > acc->max_iterations) acc->max_iterations = d->max_iterations;
    acc->halvings += d->halvings;
    if (d->max_residual > acc->max_residual) acc->max_residual = d->max_residual;
    if (d->sparse_blocks > acc->sparse_blocks) acc->sparse_blocks = d->sparse_blocks;
}

static int solve_frame(ps_scenario *s, ps_frame *f, const double *params, int t0, int t1,
                       ps_solve_diag *diag, ps_error *err) {
    if (!ps_scenario_has_rules(s)) return ps_project_solve(s->project, f, params, t0, t1, diag, err);
    memset(diag, 0, sizeof *diag);
    if (s->project->stacked)
        return ps_error_set(err, PS_ERR_UNSUPPORTED, "scenario '%s': per-period rules run "
                            "between period solves, but model '%s' has leads and is solved "
                            "for all periods at once; set the paths before running instead",
                            s->name, s->project->model->name);
    for (int t = t0; t <= t1; t++) {
        ps_solve_diag d;
        int rc = run_rules(s, f, t, err);
        if (!rc) rc = ps_project_solve(s->project, f, params, t, t, &d, err);
        if (rc) return rc;
        ps_scenario_add_diag_(diag, &d);
    }
    return PS_OK;
}

int ps_scenario_run(ps_scenario *s, ps_result **out, ps_error *err) {
    return ps_scenario_run_report(s, out, NULL, err);
}

int ps_scenario_run_report(ps_scenario *s, ps_result **out, ps_target_report **rep,
                           ps_error *err) {
    *out = NULL;
    if (rep) *rep = NULL;
    ps_target_report *own = NULL;   /* the report, for the metadata */
    ps_frame *f = NULL;
    double *params = NULL;
    int t0, t1;
    int rc = prepare(s, &f, &params, &t0, &t1, err);
    ps_solve_diag diag;
    memset(&diag, 0, sizeof diag);
    if (!rc && ps_scenario_has_targets(s))
        rc = ps_targets_solve_(s, f, params, t0, t1, &diag, &own, err);
    else if (!rc)
        rc = solve_frame(s, f, params, t0, t1, &diag, err);
    /* Results carry the history before the horizon too: growth rates of the
    ** first solved period and charts of history and projection need it. */
    if (!rc) rc = ps_result_from_frame(s->project->model, f, 0, t1, &diag, s->name, out, err);
    if (!rc) (*out)->solved_from = f->start + t0;
    if (!rc && own) rc = ps_target_report_meta(own, s->project->model, *out, err);
    if (rc) {
        ps_result_free(*out);
        *out = NULL;
    }
    ps_frame_free(f);
    ps_free(params);
    if (!rc && rep) *rep = own;
    else ps_target_report_free(own);
    return rc;
}
