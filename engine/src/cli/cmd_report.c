/* polsim report DIR|FILE... -o report.html: one HTML page of scenarios. */
#include "cli/cli.h"
#include "util/alloc.h"
#include "cli/report_cli.h"
#include "io/io.h"
#include "report/report.h"
#include "report/report_mc.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_report = {
    "report", "write an HTML report of scenario results (tables and charts)",
    "Usage: polsim report DIR|FILE... -o REPORT.html [--base NAME] [--vars A,B,...]\n"
    "                     [--title TEXT] [--targets FILE] [--lang en|zh]\n\n"
    "Write one self-contained HTML page (it opens offline in any browser) about the\n"
    "results: each scenario and its provenance, the inputs in which it differs from\n"
    "the base, a target / projection / gap table, and interactive charts of levels\n"
    "(history and projection), differences from the base and growth rates, each of\n"
    "which can be saved as a PNG.  See docs/report.md.\n\n"
    "Arguments are result JSON files, folders whose result JSON files are all read\n"
    "(other JSON there, such as a comparison, is skipped), or batch folders\n"
    "(polsim batch -o DIR), read through the manifest: the results of every script\n"
    "that ended ok.  They may be mixed.  Monte Carlo files (mc:write) among them add\n"
    "fan charts and, with --targets, the probability that each target is met.\n\n"
    "Options:\n"
    "  -o, --output FILE   the page to write (atomically)\n"
    "  --base NAME         the scenario the others are compared with (default: the\n"
    "                      first result: files in the order given, folders in name order)\n"
    "  --vars A,B,...      variables to chart (default: the targets' variables, or\n"
    "                      the first 8 endogenous variables)\n"
    "  --title TEXT        the page's title (default: the model's title)\n"
    "  --targets FILE      growth (or level) targets: CSV with a header\n"
    "                      variable,period,target[,label][,kind][,label_zh], or JSON\n"
    "  --lang en|zh        language of the page (default en): zh gives Chinese\n"
    "                      headings, the models' Chinese labels and units where the\n"
    "                      results carry them, and each target's label_zh\n\n"
    "The page embeds Apache ECharts from $POLSIM_ECHARTS, else\n"
    "./node_modules/echarts/dist/echarts.min.js (tools/deps-report.sh installs it).\n",
    run};

typedef struct report_args {
    char **inputs;
    int ninputs;
    const char *output, *base, *vars, *title, *targets;
    ps_lang lang;
} report_args;

static const ps_cli_opt opts[] = {
    PS_OPT_STR("--output", "-o", report_args, output),
    PS_OPT_STR("--base", NULL, report_args, base),
    PS_OPT_STR("--vars", NULL, report_args, vars),
    PS_OPT_STR("--title", NULL, report_args, title),
    PS_OPT_STR("--targets", NULL, report_args, targets),
    PS_OPT_CALL("--lang", NULL, report_args, lang, ps_cli_conv_lang),
    PS_OPT_END};

static int parse_args(int argc, char **argv, report_args *a, ps_cli_list *inputs) {
    const ps_cli_cmd *c = &ps_cmd_report;
    int rc = ps_cli_parse(c, opts, argc, argv, a, inputs);
    if (rc) return rc;
    a->inputs = (char **)inputs->items;
    a->ninputs = inputs->n;
    if (!a->ninputs) return ps_cli_usage_error(c, "give result files or folders to report on");
    if (!a->output) return ps_cli_usage_error(c, "missing -o REPORT.html");
    return PS_EXIT_OK;
}

/* Split "a,b,c" into names (pointers into the copy *buf). */
static int split_vars(const char *list, char **buf, const char ***names, int *n) {
    *n = 0;
    *names = NULL;
    if (!(*buf = ps_malloc(strlen(list) + 1))) return -1;
    strcpy(*buf, list);
    size_t cap = 1;
    for (const char *p = list; *p; p++) cap += *p == ',';
    if (!(*names = ps_malloc(sizeof **names * cap))) return -1;
    for (char *tok = strtok(*buf, ", "); tok; tok = strtok(NULL, ", ")) (*names)[(*n)++] = tok;
    return 0;
}

static int find_base(const report_inputs *in, const char *name, int *base) {
    *base = 0;
    if (!name) return PS_EXIT_OK;
    for (int i = 0; i < in->n; i++)
        if (strcmp(in->results[i]->scenario, name) == 0) {
            *base = i;
            return PS_EXIT_OK;
        }
    ps_nearest near;
    ps_nearest_init(&near, name, strlen(name));
    for (int i = 0; i < in->n; i++) ps_nearest_offer(&near, in->results[i]->scenario);
    fprintf(stderr, "polsim report: --base %s: no result has that scenario name" PS_DYM_FMT
                    "; the scenarios are:", name, PS_DYM_ARGS(ps_nearest_best(&near)));
    for (int i = 0; i < in->n; i++) fprintf(stderr, " %s", in->results[i]->scenario);
    fprintf(stderr, "\n");
    return PS_EXIT_USAGE;
}

/* Everything after the arguments are parsed; all of it freed on every path. */
static int build(const report_args *a, report_inputs *in, ps_error *err) {
    ps_report_opts o = {0};
    ps_targets *tg = NULL;
    char *js = NULL, *html = NULL, *vbuf = NULL, where[4200];
    const char **vars = NULL;
    size_t jlen = 0, hlen = 0;
    int rc = report_inputs_load(a->inputs, a->ninputs, in, err);
    if (rc) return ps_cli_fail(err);
    int code = find_base(in, a->base, &o.base);
    if (code) return code;
    if (a->vars && split_vars(a->vars, &vbuf, &vars, &o.nvars))
        rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    o.vars = a->vars ? vars : NULL;
    if (!rc && a->targets) rc = ps_targets_read(a->targets, in->results[o.base]->freq, &tg, err);
    o.targets = tg;
    if (!rc) rc = report_echarts_load(&js, &jlen, where, sizeof where, err);
    o.echarts_js = js;
    o.echarts_len = jlen;
    o.title = a->title;
    o.lang = a->lang;
    o.sources = (const char *const *)in->sources;
    o.mcs = (const ps_report_mc *const *)in->mcs;
    o.nmc = in->nmc;
    o.analyses = (const char *const *)in->analyses;
    o.analysis_sources = (const char *const *)in->analysis_sources;
    o.nanalyses = in->nanalyses;
    if (!rc) rc = ps_mkdir_parent(a->output, err);
    if (!rc) rc = ps_report_render((const ps_result *const *)in->results, in->n, &o, &html,
                                   &hlen, err);
    /* a --title or a target label that is not UTF-8 would show as mojibake */
    if (!rc && ps_utf8_invalid(html, hlen) < hlen)
        rc = ps_error_set(err, PS_ERR_DATA, "the report would hold text that is not valid UTF-8 "
                          "(check --title and the targets file)");
    if (!rc) rc = ps_file_write_atomic(a->output, html, hlen, err);
    if (!rc)
        printf("wrote %s: %d scenario%s, base %s (%.1f MB, ECharts from %s)\n", a->output, in->n,
               in->n == 1 ? "" : "s", in->results[o.base]->scenario, (double)hlen / 1e6, where);
    if (!rc && in->nmc)
        printf("  with %d Monte Carlo run%s (fan charts%s)\n", in->nmc, in->nmc == 1 ? "" : "s",
               tg ? ", probability of each target" : "");
    ps_free(html);
    ps_free(js);
    ps_free(vbuf);
    ps_free(vars);
    ps_targets_free(tg);
    return rc ? ps_cli_fail(err) : PS_EXIT_OK;
}

static int run(int argc, char **argv) {
    report_args a = {0};
    ps_cli_list inputs = {0};
    int code = parse_args(argc, argv, &a, &inputs);
    if (!code) {
        ps_error err;
        ps_error_clear(&err);
        report_inputs in = {0};
        code = build(&a, &in, &err);
        report_inputs_free(&in);
    }
    ps_cli_list_free(&inputs);
    return code;
}
