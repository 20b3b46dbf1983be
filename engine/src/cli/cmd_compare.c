/*
** polsim compare A.json B.json ... : scenario results side by side, with
** differences from a base (compare.h, the same code as Lua's polsim.compare).
*/
#include "cli/cli.h"
#include "util/alloc.h"
#include "cli/report_cli.h"
#include "compare/compare.h"
#include "io/io.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_compare = {
    "compare", "compare scenario results: levels and differences from a base",
    "Usage: polsim compare RESULT... [--base NAME] [--vars A,B,...]\n"
    "                      [--from P] [--to P] [--format table|csv|json|markdown]\n"
    "                      [--growth] [--lang en|zh] [-o FILE] [--bom]\n\n"
    "Compare results (docs/output-format.md) of one model: for each variable\n"
    "and period, every scenario's level, and each scenario's difference from the\n"
    "base in the variable's unit, in percent of the base, and in growth rate\n"
    "(percentage points).\n\n"
    "Each RESULT is a result JSON file, a folder of them (a run's -o folder), or a\n"
    "batch folder (polsim batch -o DIR), whose manifest names the results of every\n"
    "script that ended ok; they may be mixed, and at least two results are needed.\n\n"
    "Options:\n"
    "  --base NAME        the base scenario: a scenario name (as shown in the\n"
    "                     output) or one of the files given (default: the first)\n"
    "  --vars A,B,...     variables to compare (default: every endogenous variable)\n"
    "  --from P, --to P   periods to compare (default: from the base's first solved\n"
    "                     period to the last period every result has)\n"
    "  --format F         table (default), csv, json or markdown\n"
    "  --growth           the table shows each scenario's growth rate (percent)\n"
    "                     side by side and the differences from the base's in\n"
    "                     percentage points (csv, json and markdown hold them\n"
    "                     already)\n"
    "  --lang en|zh       language of the table and markdown (default en): zh gives\n"
    "                     Chinese headings and the model's Chinese labels and units\n"
    "                     (label zh, unit zh) where it has them, English otherwise\n"
    "  -o, --output FILE  write to FILE atomically (creating its folder) instead of\n"
    "                     standard output; the format follows the extension (.csv,\n"
    "                     .json, .md; else a table) unless --format is given\n"
    "  --bom              start CSV output with a UTF-8 byte-order mark, so that\n"
    "                     Excel on a Chinese (or other non-UTF-8) Windows reads it\n\n"
    "Results of different models or frequencies, or with no period in common, are\n"
    "refused; results of different versions of one model (model hashes differ) are\n"
    "compared with a warning on standard error.\n\n"
    "Exit status: 0 ok, 2 usage, 4 a result cannot be read or the results cannot\n"
    "be compared.\n",
    run};

typedef struct cmp_args {
    const char **files;
    int nfiles;
    const char *base, *vars, *from, *to, *format, *output;
    ps_lang lang;
    int growth, bom;
} cmp_args;

static const ps_cli_opt opts[] = {
    PS_OPT_STR("--base", NULL, cmp_args, base),
    PS_OPT_STR("--vars", NULL, cmp_args, vars),
    PS_OPT_STR("--from", NULL, cmp_args, from),
    PS_OPT_STR("--to", NULL, cmp_args, to),
    PS_OPT_STR("--format", NULL, cmp_args, format),
    PS_OPT_STR("--output", "-o", cmp_args, output),
    PS_OPT_FLAG("--growth", NULL, cmp_args, growth),
    PS_OPT_FLAG("--bom", NULL, cmp_args, bom),
    PS_OPT_CALL("--lang", NULL, cmp_args, lang, ps_cli_conv_lang),
    PS_OPT_END};

static int parse_format(const char *s, ps_compare_format *f) {
    if (!s || strcmp(s, "table") == 0) *f = PS_CMP_TABLE;
    else if (strcmp(s, "csv") == 0) *f = PS_CMP_CSV;
    else if (strcmp(s, "json") == 0) *f = PS_CMP_JSON;
    else if (strcmp(s, "markdown") == 0 || strcmp(s, "md") == 0) *f = PS_CMP_MARKDOWN;
    else
        return ps_cli_usage_error(&ps_cmd_compare,
                                  "--format '%s': expected table, csv, json or markdown", s);
    return PS_EXIT_OK;
}

/* A result's name as the comparison shows it (compare.c makes repeated
** names unique the same way: "a", "a#2"). */
static void shown_name(ps_result *const *rs, int i, char *buf, size_t n) {
    const char *nm = rs[i]->scenario[0] ? rs[i]->scenario : "scenario";
    int same = 0;
    for (int j = 0; j < i; j++)
        same += strcmp(rs[j]->scenario[0] ? rs[j]->scenario : "scenario", nm) == 0;
    if (same) snprintf(buf, n, "%s#%d", nm, same + 1);
    else snprintf(buf, n, "%s", nm);
}

static int find_base(const cmp_args *a, ps_result *const *rs, int *base) {
    *base = 0;
    if (!a->base) return PS_EXIT_OK;
    char name[320], list[2048] = "";
    ps_nearest near;
    ps_nearest_init(&near, a->base, strlen(a->base));
    for (int i = 0; i < a->nfiles; i++) {
        shown_name(rs, i, name, sizeof name);
        if (strcmp(name, a->base) == 0 || strcmp(a->files[i], a->base) == 0) {
            *base = i;
            return PS_EXIT_OK;
        }
        ps_nearest_offer(&near, rs[i]->scenario);
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s'%s' (%s)", i ? ", " : "", name, a->files[i]);
    }
    return ps_cli_usage_error(&ps_cmd_compare, "--base '%s': no such scenario or file" PS_DYM_FMT
                              "; the scenarios are %s", a->base,
                              PS_DYM_ARGS(ps_nearest_best(&near)), list);
}

/* Split --vars and check each against the base, so a typo is a usage error. */
static int split_vars(const cmp_args *a, const ps_result *b, char **buf, const char ***vars,
                      int *n) {
    *n = 0;
    if (!a->vars) return PS_EXIT_OK;
    size_t len = strlen(a->vars);
    *buf = ps_malloc(len + 1);
    *vars = ps_calloc(len / 2 + 2, sizeof **vars);
    if (!*buf || !*vars) return PS_EXIT_LIMIT;
    memcpy(*buf, a->vars, len + 1);
    for (char *tok = strtok(*buf, ","); tok; tok = strtok(NULL, ",")) {
        if (ps_result_col(b, tok) < 0) {
            char list[1024] = "";
            for (int v = 0, k = 0; v < b->nvar; v++)
                if (strcmp(b->kinds[v], "endogenous") == 0) {
                    size_t l = strlen(list);
                    snprintf(list + l, sizeof list - l, "%s%s", k++ ? ", " : "", b->names[v]);
                }
            const char *near = ps_nearest_name(tok, (const char *const *)b->names, b->nvar);
            if (near)
                return ps_cli_usage_error(&ps_cmd_compare, "--vars: the base scenario has no "
                                          "variable '%s' (did you mean '%s'?)", tok, near);
            return ps_cli_usage_error(&ps_cmd_compare,
                                      "--vars: the base scenario has no variable '%s' (its "
                                      "endogenous variables: %s)", tok, list);
        }
        (*vars)[(*n)++] = tok;
    }
    if (*n == 0) return ps_cli_usage_error(&ps_cmd_compare, "--vars: no variable named");
    return PS_EXIT_OK;
}

static int parse_range(const cmp_args *a, const ps_result *b, long *from, long *to) {
    ps_error err;
    ps_error_clear(&err);
    *from = LONG_MIN;
    *to = LONG_MAX;
    if (a->from && ps_period_parse(a->from, b->freq, from, &err))
        return ps_cli_usage_error(&ps_cmd_compare, "--from: %s", err.message);
    if (a->to && ps_period_parse(a->to, b->freq, to, &err))
        return ps_cli_usage_error(&ps_cmd_compare, "--to: %s", err.message);
    if (a->from && a->to && *to < *from)
        return ps_cli_usage_error(&ps_cmd_compare, "--to %s is before --from %s", a->to, a->from);
    return PS_EXIT_OK;
}

static int emit(const cmp_args *a, const ps_compare *c) {
    ps_compare_format fmt;
    ps_error err;
    ps_error_clear(&err);
    if (parse_format(a->format, &fmt)) return PS_EXIT_USAGE;
    if (a->output && !a->format && !a->growth) fmt = ps_compare_format_for(a->output);
    if (a->growth && fmt == PS_CMP_TABLE) fmt = PS_CMP_GROWTH_TABLE;
    if (a->bom && fmt != PS_CMP_CSV)
        return ps_cli_usage_error(&ps_cmd_compare, "--bom marks CSV for Excel, and this output "
                                  "is not CSV: add --format csv or write to a .csv file");
    for (int i = 0; i < c->nwarn; i++) fprintf(stderr, "polsim compare: warning: %s\n", c->warnings[i]);
    if (a->output) {
        if (ps_mkdir_parent(a->output, &err) ||
            ps_compare_write_as(c, fmt, a->output, a->bom ? PS_CSV_BOM : 0, &err))
            return ps_cli_fail(&err);
        return PS_EXIT_OK;
    }
    char *text = NULL;
    if (ps_compare_render(c, fmt, &text, &err)) return ps_cli_fail(&err);
    if (a->bom) fputs(PS_UTF8_BOM, stdout);
    fputs(text, stdout);
    ps_free(text);
    return PS_EXIT_OK;
}

/* Which file each result came from, after an error that names results. */
static void name_files(const cmp_args *a, ps_result *const *rs) {
    fprintf(stderr, "polsim compare: the results are");
    for (int i = 0; i < a->nfiles; i++) {
        char name[320];
        shown_name(rs, i, name, sizeof name);
        fprintf(stderr, "%s %d = %s ('%s', model %s, %s)", i ? ";" : "", i + 1, a->files[i],
                name, rs[i]->model_name, ps_freq_name(rs[i]->freq));
    }
    fprintf(stderr, "\n");
}

static int compare(const cmp_args *a, ps_result *const *rs) {
    int base, nvars = 0, rc;
    long from, to;
    char *buf = NULL;
    const char **vars = NULL;
    ps_compare *c = NULL;
    ps_error err;
    ps_error_clear(&err);
    rc = find_base(a, rs, &base);
    if (!rc) rc = split_vars(a, rs[base], &buf, &vars, &nvars);
    if (!rc) rc = parse_range(a, rs[base], &from, &to);
    if (!rc && ps_compare_new((const ps_result *const *)rs, a->nfiles, base,
                              a->vars ? vars : NULL, nvars, from, to, &c, &err)) {
        rc = ps_cli_fail(&err);
        name_files(a, rs);
    } else if (!rc) {
        c->lang = a->lang;
        rc = emit(a, c);
    }
    ps_compare_free(c);
    ps_free(buf);
    ps_free(vars);
    return rc;
}

static int run(int argc, char **argv) {
    cmp_args a;
    memset(&a, 0, sizeof a);
    ps_cli_list files = {0};
    int rc = ps_cli_parse(&ps_cmd_compare, opts, argc, argv, &a, &files);
    if (!rc && files.n < 1)
        rc = ps_cli_usage_error(&ps_cmd_compare, "give at least two results to compare");
    a.files = files.items;
    a.nfiles = files.n;
    ps_compare_format fmt;
    if (!rc) rc = parse_format(a.format, &fmt);
    report_inputs in = {0};
    if (!rc) {
        ps_error err;
        ps_error_clear(&err);
        if (result_inputs_load("polsim compare", (char *const *)a.files, a.nfiles, &in, &err))
            rc = ps_cli_fail(&err);
        else if (in.n < 2)
            rc = ps_cli_usage_error(&ps_cmd_compare, "give at least two results to compare "
                                    "(found %d in what was given)", in.n);
    }
    if (!rc) {
        /* From here on, each result is named by the file it was read from. */
        a.files = (const char **)in.sources;
        a.nfiles = in.n;
        rc = compare(&a, in.results);
    }
    report_inputs_free(&in);
    ps_cli_list_free(&files);
    return rc;
}
