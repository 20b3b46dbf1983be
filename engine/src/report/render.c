/*
** Report module (report.h): the page.  Order of the page: header, warnings,
** scenarios, assumptions, targets, charts, footer, then the data blob, the
** charting library and the page's script, so the text is on screen before
** the megabyte of library is parsed.
*/
#include "report/report.h"
#include "util/alloc.h"
#include "polsim/version.h"

#include "report/report_int.h"
#include "util/editdist.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Charted by default when neither --vars nor targets say which. */
#define DEFAULT_CHARTED 8

static int has(const char *const *v, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0) return 1;
    return 0;
}

/* The charted variables first (the first *ncharted), then the targets'
** variables that are not charted.  Strings are borrowed. */
static int choose_vars(const ps_result *b, const ps_report_opts *o, const char ***out,
                       int *nvars, int *ncharted, ps_error *err) {
    int ntg = o->targets ? o->targets->n : 0;
    const char **v = ps_malloc(sizeof *v * (size_t)(o->nvars + ntg + DEFAULT_CHARTED + 1));
    if (!v) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int n = 0;
    for (int i = 0; o->vars && i < o->nvars; i++)
        if (!has(v, n, o->vars[i])) v[n++] = o->vars[i];
    if (!o->vars)
        for (int i = 0; i < ntg; i++)
            if (!has(v, n, o->targets->items[i].variable)) v[n++] = o->targets->items[i].variable;
    if (!o->vars && !ntg)
        for (int i = 0; i < b->nvar && n < DEFAULT_CHARTED; i++)
            if (strcmp(b->kinds[i], "endogenous") == 0) v[n++] = b->names[i];
    *ncharted = n;
    for (int i = 0; i < ntg; i++)
        if (!has(v, n, o->targets->items[i].variable)) v[n++] = o->targets->items[i].variable;
    *out = v;
    *nvars = n;
    return PS_OK;
}

static int target_error(ps_error *err, const ps_targets *tg, int i, const char *msg) {
    char where[32] = "";
    if (!tg->items[i].line) snprintf(where, sizeof where, "targets[%d]: ", i);
    ps_error_at(err, tg->path, tg->items[i].line, 0);
    return ps_error_set(err, PS_ERR_DATA, "%s%s", where, msg);
}

/* The variable of r nearest to a name it lacks, or NULL. */
static const char *nearest(const ps_result *r, const char *name) {
    return ps_nearest_name(name, (const char *const *)r->names, r->nvar);
}

/* The result that lacks `name`, or -1 when all have it. */
static int lacking(const ps_result *const *rs, int n, const char *name) {
    for (int s = 0; s < n; s++)
        if (ps_result_col(rs[s], name) < 0) return s;
    return -1;
}

/* Every charted variable and every target's variable is in every result... */
static int check_vars(const ps_result *const *rs, int n, const ps_report_opts *o,
                      ps_error *err) {
    char msg[512];
    for (int i = 0; o->vars && i < o->nvars; i++) {
        int s = lacking(rs, n, o->vars[i]);
        if (s >= 0)
            return ps_error_set(err, PS_ERR_USAGE, "no variable '%s' in the results: scenario "
                                "'%s' of model '%s' has no such series" PS_DYM_FMT, o->vars[i],
                                rs[s]->scenario, rs[s]->model_name,
                                PS_DYM_ARGS(nearest(rs[s], o->vars[i])));
    }
    const ps_targets *tg = o->targets;
    for (int i = 0; tg && i < tg->n; i++) {
        int s = lacking(rs, n, tg->items[i].variable);
        if (s < 0) continue;
        snprintf(msg, sizeof msg, "'%s' is not a variable of the results: scenario '%s' of "
                 "model '%s' has no such series" PS_DYM_FMT, tg->items[i].variable,
                 rs[s]->scenario, rs[s]->model_name,
                 PS_DYM_ARGS(nearest(rs[s], tg->items[i].variable)));
        return target_error(err, tg, i, msg);
    }
    return PS_OK;
}

/* ...and a period the results have in common. */
static int check_target_periods(const ps_compare *c, const ps_targets *tg, ps_error *err) {
    char msg[512], a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX], p[PS_PERIOD_LABEL_MAX];
    for (int i = 0; tg && i < tg->n; i++) {
        long t = tg->items[i].period;
        if (t >= c->start && t < c->start + c->nper) continue;
        snprintf(msg, sizeof msg, "%s: period %s is outside the periods of the results "
                 "(%s to %s)", tg->items[i].variable, ps_period_format(t, c->freq, p, sizeof p),
                 ps_period_format(c->start, c->freq, a, sizeof a),
                 ps_period_format(c->start + c->nper - 1, c->freq, b, sizeof b));
        return target_error(err, tg, i, msg);
    }
    return PS_OK;
}

static void put_head(ps_sb *sb, const ps_report_ctx *x, const char *title) {
    const ps_result *b = x->rs[x->c->base];
    char a[PS_PERIOD_LABEL_MAX], z[PS_PERIOD_LABEL_MAX], s[PS_PERIOD_LABEL_MAX];
    const ps_compare *c = x->c;
    ps_sb_printf(sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"polsim " PS_VERSION_STRING "\">\n<title>",
                 x->opts->lang == PS_LANG_ZH ? "zh-CN" : "en");
    ps_report_html(sb, title);
    ps_sb_puts(sb, "</title>\n<style>\n");
    ps_sb_puts(sb, ps_report_page_css);
    ps_sb_puts(sb, "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>");
    ps_report_html(sb, title);
    ps_sb_printf(sb, "</h1>\n<p class=\"sub\">%s <b>", ps_report_tr(x, "Model"));
    ps_report_html(sb, b->model_name);
    ps_sb_puts(sb, "</b>");
    if (b->model_title[0]) {
        ps_sb_puts(sb, " &ndash; ");
        ps_report_html(sb, b->model_title);
    }
    int zh = x->opts->lang == PS_LANG_ZH;
    ps_sb_printf(sb, " <span class=\"muted\" title=\"%s\">(%.12s)</span>"
                     " &middot; %d %s%s, %s <b>", ps_report_tr(x, "SHA-256 of the model file"),
                 b->model_hash, c->nscen, ps_report_tr(x, "scenario"),
                 c->nscen == 1 || zh ? "" : "s", ps_report_tr(x, "base"));
    ps_report_html(sb, c->scenarios[c->base]);
    ps_sb_printf(sb, "</b> &middot; %s %s&ndash;%s, %s %s</p>\n", ps_report_tr(x, "periods"),
                 ps_period_format(c->start, c->freq, a, sizeof a),
                 ps_period_format(c->start + c->nper - 1, c->freq, z, sizeof z),
                 ps_report_tr(x, "projection from"),
                 ps_period_format(c->start + x->solved, c->freq, s, sizeof s));
    ps_sb_printf(sb, "<nav><a href=\"#scenarios\">%s</a> <a href=\"#assumptions\">%s</a> ",
                 ps_report_tr(x, "Scenarios"), ps_report_tr(x, "Assumptions"));
    if (x->opts->targets)
        ps_sb_printf(sb, "<a href=\"#targets\">%s</a> ", ps_report_tr(x, "Targets"));
    ps_sb_printf(sb, "<a href=\"#charts\">%s</a></nav>\n</header>\n", ps_report_tr(x, "Charts"));
    for (int i = 0; i < c->nwarn; i++) {
        ps_sb_printf(sb, "<p class=\"warning\">%s", ps_report_tr(x, "Warning: "));
        ps_report_html(sb, c->warnings[i]);
        ps_sb_puts(sb, "</p>\n");
    }
}

static void put_charts(ps_sb *sb, const ps_report_ctx *x) {
    const ps_compare *c = x->c;
    char s[PS_PERIOD_LABEL_MAX];
    ps_sb_printf(sb, "<section id=\"charts\"><h2>%s</h2>\n<p class=\"muted\">%s%s%s%s%s</p>\n",
                 ps_report_tr(x, "Charts"),
                 ps_report_tr(x, "Levels over history and projection (shaded, from "),
                 ps_period_format(c->start + x->solved, c->freq, s, sizeof s),
                 ps_report_tr(x, "), "),
                 c->nscen > 1 ? ps_report_tr(x, "differences from the base over the projection, ") : "",
                 ps_report_tr(x, "growth over the previous period. Hover for values; click a "
                              "legend entry to hide a scenario; the buttons at the top right of "
                              "each chart show its numbers or save it as a PNG image."));
    if (c->nscen > 1)
        ps_sb_printf(sb, "<div class=\"controls\">%s<label><input type=\"radio\" "
                         "name=\"diffmode\" value=\"diff\" checked> %s</label> <label><input "
                         "type=\"radio\" name=\"diffmode\" value=\"pct\"> %s</label></div>\n",
                     ps_report_tr(x, "Differences from the base: "),
                     ps_report_tr(x, "in the variable's unit"),
                     ps_report_tr(x, "in percent of the base"));
    if (!x->ncharted) ps_sb_printf(sb, "<p>%s</p>\n", ps_report_tr(x, "No variable to chart."));
    for (int v = 0; v < x->ncharted; v++) {
        ps_sb_puts(sb, "<div class=\"var\"><h3><code>");
        ps_report_html(sb, c->vars[v]);
        ps_sb_puts(sb, "</code> ");
        ps_report_html(sb, ps_report_label(x, v));
        if (ps_report_unit(x, v)[0]) {
            ps_sb_puts(sb, " <span class=\"muted\">(");
            ps_report_html(sb, ps_report_unit(x, v));
            ps_sb_puts(sb, ")</span>");
        }
        ps_sb_printf(sb, "</h3>\n<div class=\"charts\"><div class=\"chart\" id=\"chart-%d-level\">"
                         "</div>", v);
        if (c->nscen > 1) ps_sb_printf(sb, "<div class=\"chart\" id=\"chart-%d-diff\"></div>", v);
        ps_sb_printf(sb, "<div class=\"chart\" id=\"chart-%d-growth\"></div></div></div>\n", v);
    }
    ps_sb_puts(sb, "</section>\n");
}

static void put_tail(ps_sb *sb, const ps_report_ctx *x) {
    if (x->opts->lang == PS_LANG_ZH)
        ps_sb_printf(sb, "<footer>由polsim " PS_VERSION_STRING "根据%d个结果生成。图表由Apache "
                         "ECharts <span id=\"echarts-version\"></span>（Apache License 2.0）"
                         "绘制，已嵌入本文件：无需联网即可打开。</footer>\n", x->n);
    else
        ps_sb_printf(sb, "<footer>Made by polsim " PS_VERSION_STRING " from %d result%s. Charts "
                         "drawn by Apache ECharts <span id=\"echarts-version\"></span> (Apache "
                         "License 2.0), which is embedded: this file opens offline.</footer>\n",
                     x->n, x->n == 1 ? "" : "s");
    ps_sb_puts(sb, "</main>\n<script type=\"application/json\" id=\"polsim-data\">");
    ps_report_blob(sb, x);
    ps_sb_puts(sb, "</script>\n<script>\n");
    ps_report_script_text(sb, x->opts->echarts_js, x->opts->echarts_len);
    ps_sb_puts(sb, "\n</script>\n<script>\n");
    ps_sb_puts(sb, ps_report_page_js);
    if (x->opts->nanalyses > 0)
        ps_report_script_tr(sb, x, ps_report_analysis_js, ps_report_analysis_words);
    ps_sb_puts(sb, "</script>\n");
    ps_report_mc_tail(sb, x);
    ps_sb_puts(sb, "</body>\n</html>\n");
}

static int write_page(const ps_report_ctx *x, char **html, size_t *len, ps_error *err) {
    const ps_result *b = x->rs[x->c->base];
    char title[600];
    if (x->opts->title && x->opts->title[0]) snprintf(title, sizeof title, "%s", x->opts->title);
    else snprintf(title, sizeof title, "%s%s%s",
                  b->model_title[0] ? b->model_title : b->model_name,
                  x->opts->lang == PS_LANG_ZH ? "：" : ": ", ps_report_tr(x, "scenarios"));
    ps_sb sb;
    ps_sb_init(&sb);
    put_head(&sb, x, title);
    ps_report_scenarios(&sb, x);
    int rc = ps_report_assumptions_section(&sb, x, err);
    if (rc) {
        ps_sb_free(&sb);
        return rc;
    }
    ps_report_targets_section(&sb, x);
    rc = ps_report_mc_section(&sb, x, err);
    if (rc) {
        ps_sb_free(&sb);
        return rc;
    }
    put_charts(&sb, x);
    rc = ps_report_analysis_section(&sb, x, err);
    if (rc) {
        ps_sb_free(&sb);
        return rc;
    }
    put_tail(&sb, x);
    size_t n;
    if (ps_sb_done(&sb, html, &n)) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (len) *len = n;
    return PS_OK;
}

static int check_opts(int n, const ps_report_opts *o, ps_error *err) {
    if (!o || !o->echarts_js || !o->echarts_len)
        return ps_error_set(err, PS_ERR_USAGE, "a report needs the text of the charting "
                            "library (echarts.min.js) in its options");
    if (n < 1) return ps_error_set(err, PS_ERR_USAGE, "a report needs at least one result");
    if (o->base < 0 || o->base >= n)
        return ps_error_set(err, PS_ERR_USAGE, "the base must be one of the %d results", n);
    if (o->nvars < 0 || (o->nvars > 0 && !o->vars))
        return ps_error_set(err, PS_ERR_USAGE, "vars: %d names but no array", o->nvars);
    return PS_OK;
}

/* The page lists the base first, then the others in the order given. */
static int base_first(const ps_result *const *rs, int n, const ps_report_opts *o,
                      const ps_result ***rs2, const char ***src2, ps_report_opts *o2) {
    *rs2 = ps_malloc(sizeof **rs2 * (size_t)n);
    *src2 = o->sources ? ps_malloc(sizeof **src2 * (size_t)n) : NULL;
    if (!*rs2 || (o->sources && !*src2)) return -1;
    for (int i = 0, k = 1; i < n; i++) {
        int at = i == o->base ? 0 : k++;
        (*rs2)[at] = rs[i];
        if (*src2) (*src2)[at] = o->sources[i];
    }
    *o2 = *o;
    o2->base = 0;
    o2->sources = *src2;
    return 0;
}

static int render(const ps_result *const *results, int n, const ps_report_opts *opts,
                  char **html, size_t *len, ps_error *err) {
    const ps_result *b = results[opts->base];
    const char **vars = NULL;
    int nvars = 0, ncharted = 0;
    ps_compare *c = NULL;
    int rc = check_vars(results, n, opts, err);
    if (!rc) rc = choose_vars(b, opts, &vars, &nvars, &ncharted, err);
    /* From the first period every result has: history belongs in the charts. */
    if (!rc) rc = ps_compare_new(results, n, opts->base, vars, nvars, b->start, LONG_MAX, &c, err);
    if (!rc) rc = check_target_periods(c, opts->targets, err);
    if (!rc) {
        long solved = b->solved_from - c->start;
        ps_report_ctx x = {results, n, opts, c, ncharted,
                           (int)(solved < 0 ? 0 : solved >= c->nper ? c->nper - 1 : solved)};
        rc = write_page(&x, html, len, err);
    }
    ps_compare_free(c);
    ps_free(vars);
    return rc;
}

int ps_report_render(const ps_result *const *results, int n, const ps_report_opts *opts,
                     char **html, size_t *len, ps_error *err) {
    *html = NULL;
    if (len) *len = 0;
    int rc = check_opts(n, opts, err);
    if (rc) return rc;
    const ps_result **rs = NULL;
    const char **src = NULL;
    ps_report_opts o;
    if (base_first(results, n, opts, &rs, &src, &o))
        rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    else
        rc = render(rs, n, &o, html, len, err);
    ps_free(rs);
    ps_free(src);
    return rc;
}
