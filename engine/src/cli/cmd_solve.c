/* polsim solve MODEL --from P --to P [--set ...] [-o FILE]: a quick projection. */
#include "cli/cli.h"
#include "util/alloc.h"
#include "cli/solve_targets.h"
#include "project/dynare_sim.h"
#include "io/io.h"
#include "output/output.h"
#include "project/project.h"
#include "util/texttable.h"
#include "util/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_solve = {
    "solve", "project a model over a horizon without a script",
    "Usage: polsim solve MODEL [--from P] [--to P] [--set NAME[@P]=VALUE ...]\n"
    "                    [-o FILE.json|FILE.csv] [--vars A,B,...] [--tol X] [--max-iter N]\n"
    "                    [--terminal steady|path|growth] [--extend N]\n"
    "                    [--target VAR@P=VALUE[%] ...] [--instrument LEVER@P[:MIN:MAX] ...]\n"
    "                    [--bom] [--lang en|zh]\n\n"
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
    "                     without it, a table is printed.  The CSV's column phase\n"
    "                     marks each row history or projection\n"
    "  --bom              start the CSV with a UTF-8 byte-order mark, so that Excel\n"
    "                     on a Chinese (or other non-UTF-8) Windows reads it\n"
    "  --vars A,B,...     variables of the printed table (default: all endogenous)\n"
    "  --lang en|zh       language of the printed table (default en): zh adds the\n"
    "                     model's Chinese label and unit of each variable (label zh,\n"
    "                     unit zh; the English ones where it has none)\n"
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
    ps_lang lang;
    ps_cli_list sets, targets, instruments;
    ps_solve_opts opts;
    ps_stacked_opts sopts;
    int bom;
} solve_args;

/* A name given by the user is written into result JSON and tables. */
static int conv_scenario(const ps_cli_cmd *c, const char *opt, const char *v, void *field) {
    if (ps_utf8_invalid(v, strlen(v)) < strlen(v))
        return ps_cli_usage_error(c, "%s: the name is not valid UTF-8 text", opt);
    *(const char **)field = v;
    return PS_EXIT_OK;
}

static int conv_terminal(const ps_cli_cmd *c, const char *opt, const char *v, void *field) {
    int t = ps_terminal_parse(v);
    if (t < 0) return ps_cli_usage_error(c, "%s takes steady, path or growth, not '%s'", opt, v);
    *(ps_terminal *)field = (ps_terminal)t;
    return PS_EXIT_OK;
}

static const ps_cli_opt opts[] = {
    PS_OPT_STR("--from", NULL, solve_args, from),
    PS_OPT_STR("--to", NULL, solve_args, to),
    PS_OPT_STR("--output", "-o", solve_args, output),
    PS_OPT_STR("--vars", NULL, solve_args, vars),
    PS_OPT_CALL("--scenario", NULL, solve_args, scenario, conv_scenario),
    PS_OPT_LIST("--set", NULL, solve_args, sets),
    PS_OPT_LIST("--target", NULL, solve_args, targets),
    PS_OPT_LIST("--instrument", NULL, solve_args, instruments),
    PS_OPT_CALL("--tol", NULL, solve_args, opts.tol, ps_cli_conv_positive),
    PS_OPT_INT("--max-iter", NULL, solve_args, opts.max_iter, 1, 100000),
    PS_OPT_CALL("--terminal", NULL, solve_args, sopts.terminal, conv_terminal),
    PS_OPT_INT("--extend", NULL, solve_args, sopts.extend, 0, 100000),
    PS_OPT_CALL("--lang", NULL, solve_args, lang, ps_cli_conv_lang),
    PS_OPT_FLAG("--bom", NULL, solve_args, bom),
    PS_OPT_END};

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

static double cell(const ps_result *r, int p, int col) {
    return r->data[(size_t)p * (size_t)r->nvar + (size_t)col];
}

/* The table: one column per variable, sized to its name and numbers, each
** column with one number of decimals (util/texttable.h, ps_tt_places); in
** Chinese two more heading rows, the label (wrapped) and the unit.  places
** has room for n. */
static void fill_table(ps_tt *t, const ps_result *r, const int *cols, int n, ps_lang lang,
                       int *places) {
    ps_tt_cell(t, lang == PS_LANG_ZH ? "期间" : "period");
    for (int i = 0; i < n; i++) ps_tt_cell(t, r->names[cols[i]]);
    ps_tt_row(t);
    for (int k = 0; lang == PS_LANG_ZH && k < 2; k++) {
        ps_tt_cell(t, "");
        for (int i = 0; i < n; i++)
            ps_tt_cell(t, k ? ps_result_unit(r, cols[i], lang) : ps_result_label(r, cols[i], lang));
        ps_tt_row(t);
    }
    int p0 = (int)(r->solved_from - r->start);
    for (int i = 0; i < n; i++)
        places[i] = ps_tt_row_places(&r->data[(size_t)p0 * (size_t)r->nvar + (size_t)cols[i]],
                                     (size_t)(r->nper - p0), (size_t)r->nvar, 6);
    for (int p = p0; p < r->nper; p++) {
        char lab[PS_PERIOD_LABEL_MAX], num[PS_TT_NUM_BUF];
        ps_tt_cell(t, ps_period_format(r->start + p, r->freq, lab, sizeof lab));
        for (int i = 0; i < n; i++)
            ps_tt_cell(t, ps_tt_num_in(cell(r, p, cols[i]), places[i], 6, num));
        ps_tt_row(t);
    }
}

static int print_table(const ps_result *r, const ps_model *m, const char *vars, ps_lang lang) {
    /* the chosen columns, then each one's decimals */
    int *cols = ps_malloc(sizeof *cols * 2 * ((size_t)r->nvar + 1)), n = 0;
    if (!cols) return PS_EXIT_LIMIT;
    if (vars) {
        char buf[4096];
        snprintf(buf, sizeof buf, "%s", vars);
        for (char *tok = strtok(buf, ","); tok && n < r->nvar; tok = strtok(NULL, ",")) {
            int c = ps_result_col(r, tok);
            if (c < 0) {
                ps_free(cols);
                const char *near = ps_model_nearest(m, tok);
                return ps_cli_usage_error(&ps_cmd_solve, "--vars: no variable '%s'" PS_DYM_FMT,
                                          tok, PS_DYM_ARGS(near));
            }
            cols[n++] = c;
        }
    } else {
        for (int v = 0; v < r->nvar; v++)
            if (strcmp(r->kinds[v], "endogenous") == 0) cols[n++] = v;
    }
    ps_tt *t = ps_tt_new(n + 1);
    ps_sb sb;
    ps_sb_init(&sb);
    char *text = NULL;
    if (t) {
        for (int i = 1; i <= n; i++) ps_tt_right(t, i);
        /* a Chinese label wraps rather than widen its column past 20 columns */
        for (int i = 1; i <= n && lang == PS_LANG_ZH; i++) ps_tt_wrap(t, i, 20);
        fill_table(t, r, cols, n, lang, cols + r->nvar + 1);
    }
    int bad = !t || ps_tt_render(t, &sb) || ps_sb_done(&sb, &text, NULL);
    ps_tt_free(t);
    ps_free(cols);
    if (bad) {
        ps_sb_free(&sb);
        return PS_EXIT_LIMIT;
    }
    fputs(text, stdout);
    ps_free(text);
    return PS_EXIT_OK;
}

static int record_sets(ps_result *r, const solve_args *a, ps_error *err) {
    for (int i = 0; i < a->sets.n; i++) {
        char key[160];
        const char *eq = strchr(a->sets.items[i], '=');
        snprintf(key, sizeof key, "set.%.*s", (int)(eq - a->sets.items[i]), a->sets.items[i]);
        if (ps_result_set_meta(r, key, eq + 1, err)) return err->code;
    }
    return PS_OK;
}

/* Write the result (-o) or print its table. */
static int output(const ps_result *r, const ps_model *m, const solve_args *a) {
    ps_error err;
    ps_error_clear(&err);
    if (!a->output) return print_table(r, m, a->vars, a->lang);
    if (ps_mkdir_parent(a->output, &err) ||
        ps_result_write_opts(r, a->output, a->bom ? PS_CSV_BOM : 0, &err))
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
    int rc = ps_cli_solve_targets(p, from, to, a->scenario ? a->scenario : "solve",
                                  a->sets.items, a->sets.n, a->targets.items, a->targets.n,
                                  a->instruments.items, a->instruments.n, &r, &rep);
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
    if (a->targets.n || a->instruments.n) return solve_with_targets(p, a, from, to);
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
    for (int i = 0; i < a->sets.n && !rc; i++) rc = apply_set(p, f, params, t0, t1, a->sets.items[i]);
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

static void free_args(solve_args *a) {
    ps_cli_list_free(&a->sets);
    ps_cli_list_free(&a->targets);
    ps_cli_list_free(&a->instruments);
}

static int run(int argc, char **argv) {
    solve_args a;
    memset(&a, 0, sizeof a);
    ps_solve_opts_init(&a.opts);
    ps_stacked_opts_init(&a.sopts);
    int rc = ps_cli_parse_one(&ps_cmd_solve, opts, argc, argv, &a, "MODEL", &a.model);
    if (!rc && a.bom) {
        size_t n = a.output ? strlen(a.output) : 0;
        int csv = a.output ? n > 4 && strcasecmp(a.output + n - 4, ".csv") == 0
                           : ps_dynare_is_mod(a.model); /* a .mod's CSV goes to stdout */
        if (!csv)
            rc = ps_cli_usage_error(&ps_cmd_solve,
                                    "--bom marks a CSV file for Excel: give -o FILE.csv");
    }
    if (!rc && ps_dynare_is_mod(a.model)) {
        /* a Dynare file carries its own horizon, values and shocks */
        if (a.from || a.to || a.sets.n || a.vars || a.targets.n || a.instruments.n)
            rc = ps_cli_usage_error(&ps_cmd_solve, "--from, --to, --set, --vars, --target and "
                                    "--instrument do not apply "
                                    "to a .mod file: its perfect_foresight_setup, initval, "
                                    "endval and shocks set the simulation (polsim import makes "
                                    "a model folder that takes them)");
        else
            rc = ps_cli_solve_mod(a.model, a.output, a.opts.tol, a.opts.max_iter,
                                  a.bom ? PS_CSV_BOM : 0);
        free_args(&a);
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
    free_args(&a);
    return rc;
}
