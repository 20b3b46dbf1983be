/* polsim steady MODEL [--at P] [--set NAME=VALUE ...]: the static model's solution. */
#include "cli/cli.h"
#include "util/alloc.h"
#include "project/project.h"
#include "solve/steady.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_steady = {
    "steady", "solve a model's steady state and check its saddle path",
    "Usage: polsim steady MODEL [--at P] [--set NAME=VALUE ...] [--tol X] [--max-iter N]\n\n"
    "Solve the static model, every lag and lead of every series replaced by its\n"
    "current value, for all endogenous variables at once (Newton, sparse LU).\n"
    "Exogenous variables and add-factors take their values of period P of the\n"
    "history (add-factors missing there count as 0); endogenous values of P are the\n"
    "starting values (1 where missing).  Prints each variable's steady value and\n"
    "its equation's residual, then, for a model with leads, the saddle-path count\n"
    "of the model linearised there (a warning when it is wrong).\n\n"
    "Options:\n"
    "  --at P             the period whose values are used (default: the last period\n"
    "                     of the history; without a history every exogenous\n"
    "                     variable must be set)\n"
    "  --set NAME=VALUE   an exogenous variable, add-factor or parameter; for an\n"
    "                     endogenous variable, its starting value (repeatable)\n"
    "  --tol X            scaled tolerance |r| <= X (1 + |y|) (default 1e-10)\n"
    "  --max-iter N       Newton iterations (default 50)\n",
    run};

typedef struct steady_args {
    const char *model, *at;
    ps_cli_list sets;
    double tol;
    int max_iter;
} steady_args;

static const ps_cli_opt opts[] = {
    PS_OPT_STR("--at", NULL, steady_args, at),
    PS_OPT_LIST("--set", NULL, steady_args, sets),
    PS_OPT_CALL("--tol", NULL, steady_args, tol, ps_cli_conv_positive),
    PS_OPT_INT("--max-iter", NULL, steady_args, max_iter, 1, 100000),
    PS_OPT_END};

/* The values of period --at (or the history's last) into row. */
static int start_row(const ps_project *p, const steady_args *a, double *row) {
    const ps_model *m = p->model;
    for (int v = 0; v < m->nseries; v++) row[v] = NAN;
    long first, last, at;
    ps_project_history_span(p, &first, &last);
    if (a->at) {
        ps_error err;
        ps_error_clear(&err);
        if (ps_period_parse(a->at, m->freq, &at, &err))
            return ps_cli_usage_error(&ps_cmd_steady, "--at: %s", err.message);
        if (last < 0 || at < first || at > last)
            return ps_cli_usage_error(&ps_cmd_steady, "--at %s is outside the history", a->at);
    } else if (last >= 0) {
        at = last;
    } else {
        return PS_EXIT_OK;
    }
    const ps_frame *h = p->history_af ? p->history_af : p->history;
    memcpy(row, h->data + (size_t)(at - h->start) * (size_t)h->nvar,
           sizeof(double) * (size_t)m->nseries);
    return PS_EXIT_OK;
}

static int apply_set(const ps_model *m, double *row, double *params, const char *spec) {
    const ps_cli_cmd *c = &ps_cmd_steady;
    const char *eq = strchr(spec, '=');
    char name[128];
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof name)
        return ps_cli_usage_error(c, "--set '%s': expected NAME=VALUE", spec);
    memcpy(name, spec, (size_t)(eq - spec));
    name[eq - spec] = '\0';
    double value;
    if (ps_cli_parse_double(eq + 1, &value))
        return ps_cli_usage_error(c, "--set %s: '%s' is not a number", name, eq + 1);
    int idx = ps_model_find(m, name);
    if (idx < 0) {
        const char *near = ps_model_nearest(m, name);
        return ps_cli_usage_error(c, "--set: model '%s' has no variable or parameter '%s'"
                                  PS_DYM_FMT, m->name, name, PS_DYM_ARGS(near));
    }
    if (m->syms[idx].kind == PS_SYM_PARAM) params[m->syms[idx].slot] = value;
    else row[m->syms[idx].slot] = value;
    return PS_EXIT_OK;
}

/* Every exogenous value must be known: the static model reads them all. */
static int check_exogenous(const ps_model *m, const double *row) {
    for (int k = 0; k < m->nsym; k++)
        if (m->syms[k].kind == PS_SYM_EXO && !isfinite(row[m->syms[k].slot]))
            return ps_cli_usage_error(&ps_cmd_steady, "exogenous variable '%s' has no value: "
                                      "give one with --set %s=VALUE (or a history with it)",
                                      m->syms[k].name, m->syms[k].name);
    return PS_EXIT_OK;
}

static void report(const ps_model *m, ps_steady *st, const double *row, const double *params,
                   const ps_steady_report *rep) {
    double *res = ps_malloc(sizeof(double) * (size_t)(m->neq + 1));
    printf("%-20s %18s %12s  %s\n", "variable", "steady state", "residual", "equation");
    for (int i = 0; res && i < m->neq; i++) {
        if (i == 0) ps_steady_residuals(st, row, params, res);
        const ps_equation *q = &m->eqs[i];
        printf("%-20s %18.10g %12.3g  [%s]\n", m->syms[q->var].name, row[m->syms[q->var].slot],
               res[i], q->label);
    }
    ps_free(res);
    printf("converged in %d Newton iteration%s, largest scaled residual %.3g%s%s%s\n",
           rep->iterations, rep->iterations == 1 ? "" : "s", rep->max_residual,
           rep->worst_eq >= 0 ? " ([" : "", rep->worst_eq >= 0 ? m->eqs[rep->worst_eq].label : "",
           rep->worst_eq >= 0 ? "])" : "");
}

static int solve(ps_project *p, const steady_args *a) {
    const ps_model *m = p->model;
    double *row = ps_malloc(sizeof(double) * (size_t)(m->nseries + 1));
    double *params = ps_malloc(sizeof(double) * (size_t)(m->nparam + 1));
    if (!row || !params) {
        ps_free(row);
        ps_free(params);
        return PS_EXIT_LIMIT;
    }
    memcpy(params, p->params, sizeof(double) * (size_t)m->nparam);
    int rc = start_row(p, a, row);
    for (int i = 0; !rc && i < a->sets.n; i++) rc = apply_set(m, row, params, a->sets.items[i]);
    if (!rc) rc = check_exogenous(m, row);
    ps_steady *st = NULL;
    ps_error err;
    ps_error_clear(&err);
    ps_steady_report rep;
    if (!rc && ps_steady_new(m, p->analysis, &st, &err)) rc = ps_cli_fail(&err);
    if (!rc && ps_steady_solve(st, row, params, a->tol, (int)a->max_iter, &rep, &err))
        rc = ps_cli_fail(&err);
    if (!rc) {
        report(m, st, row, params, &rep);
        ps_bk bk;
        if (ps_steady_bk(st, row, params, &bk, &err)) rc = ps_cli_fail(&err);
        else if (m->maxlead > 0 && bk.checked && !bk.ok)
            fprintf(stderr, "polsim: warning: saddle-path count: %s\n", bk.note);
        else if (m->maxlead > 0)
            printf("%s\n", bk.note);
    }
    ps_steady_free(st);
    ps_free(row);
    ps_free(params);
    return rc;
}

static int run(int argc, char **argv) {
    steady_args a;
    memset(&a, 0, sizeof a);
    a.tol = 1e-10;
    a.max_iter = 50;
    int rc = ps_cli_parse_one(&ps_cmd_steady, opts, argc, argv, &a, "MODEL", &a.model);
    ps_project *p = NULL;
    ps_error err;
    ps_error_clear(&err);
    if (!rc && ps_project_load(a.model, &p, &err)) rc = ps_cli_fail(&err);
    if (!rc) rc = solve(p, &a);
    ps_project_free(p);
    ps_cli_list_free(&a.sets);
    return rc;
}
