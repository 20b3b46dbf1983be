/* polsim solve MODEL --from P --to P [--set ...] [-o FILE]: a quick projection. */
#include "cli/cli.h"
#include "util/alloc.h"
#include "cli/solve_targets.h"
#include "polsim/dynare_sim.h"
#include "polsim/io.h"
#include "polsim/output.h"
#include "polsim/project.h"
#include "util/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_solve = {
    "solve", "project a model over a horizon without a script",
    "Usage: polsim solve MODEL [--from P] [--to P] [--set NAME[@P]=VALUE ...]\n"
    "                    [-o FILE.json|FILE.csv] [--vars A,B,...] [--tol X] [--max-iter N]\n"
    "                    [--terminal steady|path|growth] [--extend N]\n"
    "                    [--target VAR@P=VALUE[%] ...] [--instrument LEVER@P[:MIN:MAX] ...]\n\n"
    "Solve MODEL period by period over the horizon [--from, --to] starting from its\n"
    "history.csv.  Exogenous variables are held at their last observed value unless\n"
    "set; add-factors are computed over the history (so history is reproduced) and\n"
    "are 0 in projection periods where the history has none.\n\n"
    "Options:\n"
    "  --from P           first period to solve (default: the period after the history)\n"
    "  --to P             last period to solve (default: 10 periods from --from)\n"
    "  --set NAME=VALUE   set an exogenous variable, add-factor or parameter for the\n"
    "                     whole horizon; NAME@P=VALUE sets one period only (repeatable)\n"
    "  -o, --output FILE  write the result as JSON (.json) or CSV (.csv) atomically;\n"
    "                     without it, a table is printed\n"
    "  --vars A,B,...     variables of the printed table (default: all endogenous)\n"
    "  --tol X            Newton tolerance, scaled: |r| <= X (1 + |y|) (default 1e-10)\n"
    "  --max-iter N       Newton iterations per block and period (default 50)\n"
    "  --scenario NAME    scenario name recorded in the output (default \"solve\")\n"
    "  --terminal T       models with leads (solved for all periods at once): what\n"
    "                     follows the horizon: steady (the steady state, default),\n"
    "                     path (the data of the horizon's last periods, one per\n"
    "                     period of the longest lead; they are not solved) or growth\n"
    "                     (every variable keeps its last growth rate)\n"
    "  --extend N         models with leads: solve N periods past --to, so that the\n"
    "                     terminal condition sits further away (default 0)\n"
    "  --target VAR@P=VALUE  reach VALUE for endogenous VAR in P; VALUE% is percent\n"
    "                     growth over the period before; P0..P1 a range (repeatable)\n"
    "  --instrument LEVER@P  solve for exogenous LEVER in P (or P0..P1) instead;\n"
    "                     LEVER@P:MIN:MAX keeps it within bounds, either may be empty\n"
    "                     (repeatable).  As many instruments as targets: exact; more:\n"
    "                     the smallest change; fewer: least squares.  The targets'\n"
    "                     table is printed; a missed target is a warning on stderr\n\n"
    "Periods are written like 2024 (annual), 2024Q1 (quarterly), 2024M01 (monthly).\n",
    run};

typedef struct solve_args {
    const char *model, *from, *to, *output, *vars, *scenario;
    const char **sets;
    int nsets;
    const char **targets, **instruments;
    int ntargets, ninstruments;
    ps_solve_opts opts;
    ps_stacked_opts sopts;
} solve_args;

static int parse_args(int argc, char **argv, solve_args *a) {
    const ps_cli_cmd *c = &ps_cmd_solve;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
#define OPT(name) (strcmp(s, name) == 0 || (strncmp(s, name "=", sizeof name) == 0))
        const char *v;
        int nrc;
        if (OPT("--from")) {
            if (!(a->from = ps_cli_optval(c, argc, argv, &i, "--from"))) return PS_EXIT_USAGE;
        } else if (OPT("--to")) {
            if (!(a->to = ps_cli_optval(c, argc, argv, &i, "--to"))) return PS_EXIT_USAGE;
        } else if (OPT("-o") || OPT("--output")) {
            if (!(a->output = ps_cli_optval(c, argc, argv, &i, s[1] == 'o' ? "-o" : "--output")))
                return PS_EXIT_USAGE;
        } else if (OPT("--vars")) {
            if (!(a->vars = ps_cli_optval(c, argc, argv, &i, "--vars"))) return PS_EXIT_USAGE;
        } else if (OPT("--scenario")) {
            if (!(a->scenario = ps_cli_optval(c, argc, argv, &i, "--scenario")))
                return PS_EXIT_USAGE;
            if (ps_utf8_invalid(a->scenario, strlen(a->scenario)) < strlen(a->scenario))
                return ps_cli_usage_error(c, "--scenario: the name is not valid UTF-8 text");
        } else if (OPT("--set")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--set"))) return PS_EXIT_USAGE;
            a->sets[a->nsets++] = v;
        } else if (OPT("--target")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--target"))) return PS_EXIT_USAGE;
            a->targets[a->ntargets++] = v;
        } else if (OPT("--instrument")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--instrument"))) return PS_EXIT_USAGE;
            a->instruments[a->ninstruments++] = v;
        } else if ((nrc = ps_cli_newton_opt(c, argc, argv, &i, &a->opts.tol,
                                            &a->opts.max_iter)) >= 0) {
            if (nrc) return nrc;
        } else if (OPT("--terminal")) {
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--terminal"))) return PS_EXIT_USAGE;
            int t = ps_terminal_parse(v);
            if (t < 0)
                return ps_cli_usage_error(c, "--terminal takes steady, path or growth, not '%s'", v);
            a->sopts.terminal = (ps_terminal)t;
        } else if (OPT("--extend")) {
            long n;
            if (!(v = ps_cli_optval(c, argc, argv, &i, "--extend"))) return PS_EXIT_USAGE;
            if (ps_cli_parse_int(v, 0, 100000, &n))
                return ps_cli_usage_error(c, "--extend takes a whole number 0..100000, not '%s'", v);
            a->sopts.extend = (int)n;
        } else if (s[0] == '-' && s[1]) {
            return ps_cli_usage_error(c, "unknown option '%s'", s);
        } else if (!a->model) {
            a->model = s;
        } else {
            return ps_cli_usage_error(c, "one MODEL only (got '%s' and '%s')", a->model, s);
        }
#undef OPT
    }
    if (!a->model) return ps_cli_usage_error(c, "missing MODEL");
    return PS_EXIT_OK;
}

static int parse_period(const ps_model *m, const char *opt, const char *s, long *out) {
    ps_error err;
    ps_error_clear(&err);
    if (ps_period_parse(s, m->freq, out, &err) == PS_OK) return PS_EXIT_OK;
    return ps_cli_usage_error(&ps_cmd_solve, "%s: %s", opt, err.message);
}

static int horizon(const ps_project *p, const solve_args *a, long *from, long *to) {
    long first, last;
    ps_project_history_span(p, &first, &last);
    if (a->from) {
        if (parse_period(p->model, "--from", a->from, from)) return PS_EXIT_USAGE;
    } else if (last >= 0) {
        *from = last + 1;
    } else {
        return ps_cli_usage_error(&ps_cmd_solve, "model has no history: give --from");
    }
    if (a->to) {
        if (parse_period(p->model, "--to", a->to, to)) return PS_EXIT_USAGE;
    } else {
        *to = *from + 9;
    }
    if (*to < *from)
        return ps_cli_usage_error(&ps_cmd_solve, "--to %s is before --from", a->to ? a->to : "");
    return PS_EXIT_OK;
}

/* NAME=VALUE or NAME@PERIOD=VALUE onto the frame or the parameter vector. */
static int apply_set(const ps_project *p, ps_frame *f, double *params, int t0, int t1,
                     const char *spec) {
    int sym, has_period;
    long per = 0;
    double value;
    int rc = ps_cli_parse_set(p->model, spec, &sym, &has_period, &per, &value);
    if (rc) return rc;
    const ps_symbol *s = &p->model->syms[sym];
    if (s->kind == PS_SYM_PARAM) {
        params[s->slot] = value;
        return PS_EXIT_OK;
    }
    int lo = t0, hi = t1;
    if (has_period) {
        int t = ps_frame_index(f, per);
        if (t < t0 || t > t1)
            return ps_cli_usage_error(&ps_cmd_solve, "--set %s: the period is outside the horizon",
                                      spec);
        lo = hi = t;
    }
    for (int t = lo; t <= hi; t++) ps_frame_set(f, s->slot, t, value);
    return PS_EXIT_OK;
}

static int print_table(const ps_result *r, const ps_model *m, const char *vars) {
    int cols[256], n = 0;
    if (vars) {
        char buf[4096];
        snprintf(buf, sizeof buf, "%s", vars);
        for (char *tok = strtok(buf, ","); tok && n < 256; tok = strtok(NULL, ",")) {
            int c = ps_result_col(r, tok);
            if (c < 0) {
                const char *near = ps_model_nearest(m, tok);
                return ps_cli_usage_error(&ps_cmd_solve, "--vars: no variable '%s'%s%s%s", tok,
                                          near ? " (did you mean '" : "", near ? near : "",
                                          near ? "'?)" : "");
            }
            cols[n++] = c;
        }
    } else {
        for (int v = 0; v < r->nvar && n < 256; v++)
            if (strcmp(r->kinds[v], "endogenous") == 0) cols[n++] = v;
    }
    printf("%-9s", "period");
    for (int i = 0; i < n; i++) printf(" %14s", r->names[cols[i]]);
    printf("\n");
    for (int t = (int)(r->solved_from - r->start); t < r->nper; t++) {
        char lab[PS_PERIOD_LABEL_MAX];
        printf("%-9s", ps_period_format(r->start + t, r->freq, lab, sizeof lab));
        for (int i = 0; i < n; i++) printf(" %14.6g", r->data[(size_t)t * (size_t)r->nvar + (size_t)cols[i]]);
        printf("\n");
    }
    return PS_EXIT_OK;
}

static int record_sets(ps_result *r, const solve_args *a, ps_error *err) {
    for (int i = 0; i < a->nsets; i++) {
        char key[160];
        const char *eq = strchr(a->sets[i], '=');
        snprintf(key, sizeof key, "set.%.*s", (int)(eq - a->sets[i]), a->sets[i]);
        if (ps_result_set_meta(r, key, eq + 1, err)) return err->code;
    }
    return PS_OK;
}

/* Write the result (-o) or print its table. */
static int output(const ps_result *r, const ps_model *m, const solve_args *a) {
    ps_error err;
    ps_error_clear(&err);
    if (!a->output) return print_table(r, m, a->vars);
    if (ps_mkdir_parent(a->output, &err) || ps_result_write(r, a->output, &err))
        return ps_cli_fail(&err);
    printf("wrote %s: %d periods x %d series (%ld Newton iterations, max residual %.3g)\n",
           a->output, r->nper, r->nvar, r->diag.newton_iterations, r->diag.max_residual);
    return PS_EXIT_OK;
}

/* --target/--instrument: the solve as a scenario (solve_targets.c). */
static int solve_with_targets(ps_project *p, const solve_args *a, long from, long to) {
    ps_result *r = NULL;
    ps_target_report *rep = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_cli_solve_targets(p, from, to, a->scenario ? a->scenario : "solve", a->sets,
                                  a->nsets, a->targets, a->ntargets, a->instruments,
                                  a->ninstruments, &r, &rep);
    if (!rc && record_sets(r, a, &err))
        rc = ps_cli_fail(&err);
    if (!rc) rc = output(r, p->model, a);
    if (!rc) ps_cli_print_targets(p->model, rep);
    ps_target_report_free(rep);
    ps_result_free(r);
    return rc;
}

static int solve_and_output(ps_project *p, const solve_args *a) {
    ps_error err;
    ps_error_clear(&err);
    long from, to;
    int rc = horizon(p, a, &from, &to);
    if (rc) return rc;
    if (a->ntargets || a->ninstruments) return solve_with_targets(p, a, from, to);
    ps_frame *f = NULL;
    int t0, t1;
    if (ps_project_check_start(p, from, &err) || ps_project_frame(p, from, to, &f, &t0, &t1, &err))
        return ps_cli_fail(&err);
    double *params = ps_malloc(sizeof(double) * (size_t)(p->model->nparam + 1));
    if (!params) {
        ps_frame_free(f);
        return PS_EXIT_LIMIT;
    }
    memcpy(params, p->params, sizeof(double) * (size_t)p->model->nparam);
    for (int i = 0; i < a->nsets && !rc; i++) rc = apply_set(p, f, params, t0, t1, a->sets[i]);
    /* a given terminal path is the data of the horizon's last maxlead periods */
    if (!rc && p->stacked && a->sopts.terminal == PS_TERMINAL_PATH) {
        t1 -= p->model->maxlead;
        if (t1 < t0)
            rc = ps_cli_usage_error(&ps_cmd_solve, "--terminal path: the horizon must be longer "
                                    "than the %d terminal period(s) it ends with",
                                    p->model->maxlead);
    }
    ps_solve_diag diag;
    ps_result *r = NULL;
    if (!rc && ps_project_solve(p, f, params, t0, t1, &diag, &err)) rc = ps_cli_fail(&err);
    if (!rc && (ps_result_from_frame(p->model, f, 0, t1, &diag,
                                     a->scenario ? a->scenario : "solve", &r, &err) ||
                record_sets(r, a, &err)))
        rc = ps_cli_fail(&err);
    if (r) r->solved_from = f->start + t0;
    if (!rc) rc = output(r, p->model, a);
    ps_result_free(r);
    ps_free(params);
    ps_frame_free(f);
    return rc;
}

static int run(int argc, char **argv) {
    solve_args a;
    memset(&a, 0, sizeof a);
    ps_solve_opts_init(&a.opts);
    ps_stacked_opts_init(&a.sopts);
    a.sets = ps_malloc(sizeof(char *) * (size_t)argc);
    a.targets = ps_malloc(sizeof(char *) * (size_t)argc);
    a.instruments = ps_malloc(sizeof(char *) * (size_t)argc);
    if (!a.sets || !a.targets || !a.instruments) {
        ps_free(a.sets), ps_free(a.targets), ps_free(a.instruments);
        return PS_EXIT_LIMIT;
    }
    int rc = parse_args(argc, argv, &a);
    if (!rc && ps_dynare_is_mod(a.model)) {
        /* a Dynare file carries its own horizon, values and shocks */
        if (a.from || a.to || a.nsets || a.vars || a.ntargets || a.ninstruments)
            rc = ps_cli_usage_error(&ps_cmd_solve, "--from, --to, --set, --vars, --target and "
                                    "--instrument do not apply "
                                    "to a .mod file: its perfect_foresight_setup, initval, "
                                    "endval and shocks set the simulation (polsim import makes "
                                    "a model folder that takes them)");
        else
            rc = ps_cli_solve_mod(a.model, a.output, a.opts.tol, a.opts.max_iter);
        ps_free(a.sets), ps_free(a.targets), ps_free(a.instruments);
        return rc;
    }
    ps_project *p = NULL;
    ps_error err;
    ps_error_clear(&err);
    if (!rc && ps_project_load(a.model, &p, &err)) rc = ps_cli_fail(&err);
    if (!rc && ps_project_set_opts(p, &a.opts, &err)) rc = ps_cli_fail(&err);
    a.sopts.tol = a.opts.tol;
    a.sopts.max_iter = a.opts.max_iter;
    if (!rc && ps_project_set_stacked_opts(p, &a.sopts, &err)) rc = ps_cli_fail(&err);
    if (!rc) rc = solve_and_output(p, &a);
    ps_project_free(p);
    ps_free(a.sets);
    ps_free(a.targets);
    ps_free(a.instruments);
    return rc;
}
