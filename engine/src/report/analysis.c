/*
** Report module: the attribution and sensitivity section.  Attribution files
** (schema polsim.attribution, written by a:write) become waterfall charts:
** for each charted variable the report's base-to-alternative step in growth
** over the first period of the attribution, split into the groups' Shapley
** contributions (percentage points), and a table of those contributions
** over every period.  Tornado files (polsim.tornado, t:write) become
** horizontal bars of each input's low and high effect around the base.
**
** The files are read here (cJSON), checked field by field, and re-emitted as
** a JSON blob that ps_report_analysis_js draws; a malformed file is an error
** naming the file and the field.
*/
#include "report/report_int.h"
#include "util/alloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(ps_error *err, const char *file, const char *field, const char *want) {
    ps_error_at(err, file, 0, 0);
    return ps_error_set(err, PS_ERR_DATA, "%s: expected %s", field, want);
}

/* An array of n numbers (null allowed), or NULL. */
static const cJSON *num_array(const cJSON *o, const char *key, int n) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n) return NULL;
    for (const cJSON *x = a->child; x; x = x->next)
        if (!cJSON_IsNumber(x) && !cJSON_IsNull(x)) return NULL;
    return a;
}

static double num_at(const cJSON *a, int i) {
    const cJSON *x = cJSON_GetArrayItem(a, i);
    return cJSON_IsNumber(x) ? x->valuedouble : NAN;
}

static const char *str_of(const cJSON *o, const char *key) {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

/* What follows a variable's <code>name: tail_en (translated), which starts
** with "</code>".  A Chinese page puts the model's Chinese label (label_zh,
** when the file has one) after the name; these files carry no English
** description, so an English page shows the name alone, as it always has. */
static void put_after_var(ps_sb *sb, const ps_report_ctx *x, const char *label_zh,
                          const char *tail_en) {
    static const char close[] = "</code>";
    const char *tail = ps_report_tr(x, tail_en);
    if (x->opts->lang == PS_LANG_ZH && label_zh && label_zh[0] &&
        strncmp(tail, close, sizeof close - 1) == 0) {
        ps_sb_puts(sb, "</code> ");
        ps_report_html(sb, label_zh);
        tail += sizeof close - 1;
    }
    ps_sb_puts(sb, tail);
}

static void key(ps_sb *sb, const char *k) {
    ps_report_json_str(sb, k);
    ps_sb_puts(sb, ":");
}

/* The growth part of one variable of an attribution, checked. */
static int check_part(const cJSON *g, const cJSON *groups, int nper, const char *file,
                      const char *var, ps_error *err) {
    char field[300];
    snprintf(field, sizeof field, "variables.%s.growth", var);
    if (!cJSON_IsObject(g) || !num_array(g, "base", nper) || !num_array(g, "alt", nper) ||
        !num_array(g, "total", nper))
        return bad(err, file, field, "an object with base, alt and total, one number per period");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "contributions");
    for (const cJSON *gr = groups->child; gr; gr = gr->next)
        if (!cJSON_IsObject(c) || !num_array(c, str_of(gr, "name"), nper)) {
            snprintf(field, sizeof field, "variables.%s.growth.contributions.%s", var,
                     str_of(gr, "name"));
            return bad(err, file, field, "one number per period");
        }
    return PS_OK;
}

static void put_waterfall(ps_sb *sb, const cJSON *g, const cJSON *groups, const char *var,
                          const char *period, int first) {
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "contributions");
    ps_sb_puts(sb, first ? "{" : ",{");
    key(sb, "var");
    ps_report_json_str(sb, var);
    ps_sb_puts(sb, ",");
    key(sb, "period");
    ps_report_json_str(sb, period);
    ps_sb_puts(sb, ",");
    key(sb, "start");
    ps_report_json_num(sb, num_at(cJSON_GetObjectItemCaseSensitive(g, "base"), 0));
    ps_sb_puts(sb, ",");
    key(sb, "end");
    ps_report_json_num(sb, num_at(cJSON_GetObjectItemCaseSensitive(g, "alt"), 0));
    ps_sb_puts(sb, ",");
    key(sb, "steps");
    ps_sb_puts(sb, "[");
    for (const cJSON *gr = groups->child; gr; gr = gr->next) {
        const char *name = str_of(gr, "name");
        ps_sb_puts(sb, gr == groups->child ? "[" : ",[");
        ps_report_json_str(sb, name);
        ps_sb_puts(sb, ",");
        ps_report_json_num(sb, num_at(cJSON_GetObjectItemCaseSensitive(c, name), 0));
        ps_sb_puts(sb, "]");
    }
    ps_sb_puts(sb, "]}");
}

/* Percentage points with a sign, two decimals; rounding noise (|x| < 0.005)
** is 0.00, not -0.00. */
static void fmt_pp(char *buf, size_t n, double x) {
    if (isnan(x)) snprintf(buf, n, "-");
    else if (fabs(x) < 0.005) snprintf(buf, n, "0.00");
    else snprintf(buf, n, "%+.2f", x);
}

static void put_table(ps_sb *sb, const ps_report_ctx *x, const cJSON *g, const cJSON *groups,
                      const cJSON *periods, const char *var, const char *label_zh) {
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "contributions");
    int nper = cJSON_GetArraySize(periods);
    char buf[64];
    ps_sb_printf(sb, "<div class=\"wrap\"><table class=\"attribution\"><tr><th>%s",
                 ps_report_tr(x, "growth of <code>"));
    ps_report_html(sb, var);
    put_after_var(sb, x, label_zh, "</code>, pp");
    ps_sb_puts(sb, "</th>");
    for (const cJSON *p = periods->child; p; p = p->next) {
        ps_sb_puts(sb, "<th>");
        ps_report_html(sb, p->valuestring);
        ps_sb_puts(sb, "</th>");
    }
    ps_sb_puts(sb, "</tr>\n");
    for (const cJSON *gr = groups->child; gr; gr = gr->next) {
        ps_sb_puts(sb, "<tr><td>");
        ps_report_html(sb, str_of(gr, "name"));
        ps_sb_puts(sb, "</td>");
        const cJSON *row = cJSON_GetObjectItemCaseSensitive(c, str_of(gr, "name"));
        for (int t = 0; t < nper; t++) {
            fmt_pp(buf, sizeof buf, num_at(row, t));
            ps_sb_printf(sb, "<td class=\"num\">%s</td>", buf);
        }
        ps_sb_puts(sb, "</tr>\n");
    }
    ps_sb_printf(sb, "<tr><th>%s</th>", ps_report_tr(x, "total"));
    const cJSON *tot = cJSON_GetObjectItemCaseSensitive(g, "total");
    for (int t = 0; t < nper; t++) {
        fmt_pp(buf, sizeof buf, num_at(tot, t));
        ps_sb_printf(sb, "<th class=\"num\">%s</th>", buf);
    }
    ps_sb_puts(sb, "</tr></table></div>\n");
}

/* One attribution file: HTML into sb, chart data into blob. */
static int attribution(ps_sb *sb, ps_sb *blob, const cJSON *doc, const char *file,
                       const ps_report_ctx *x, int *nchart, ps_error *err) {
    const cJSON *periods = cJSON_GetObjectItemCaseSensitive(doc, "periods");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(doc, "groups");
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(doc, "variables");
    if (!cJSON_IsArray(periods) || cJSON_GetArraySize(periods) < 1)
        return bad(err, file, "periods", "an array of period labels");
    for (const cJSON *p = periods->child; p; p = p->next)
        if (!cJSON_IsString(p)) return bad(err, file, "periods", "an array of period labels");
    if (!cJSON_IsArray(groups) || cJSON_GetArraySize(groups) < 1)
        return bad(err, file, "groups", "an array of {name, inputs}");
    for (const cJSON *g = groups->child; g; g = g->next)
        if (!str_of(g, "name")) return bad(err, file, "groups", "an array of {name, inputs}");
    if (!cJSON_IsObject(vars)) return bad(err, file, "variables", "an object");
    int nper = cJSON_GetArraySize(periods), shown = 0;
    const char *base = str_of(doc, "base"), *alt = str_of(doc, "alt"), *method = str_of(doc, "method");
    ps_sb_printf(sb, "<h3>%s", ps_report_tr(x, "Attribution: <code>"));
    ps_report_html(sb, alt ? alt : "?");
    ps_sb_puts(sb, ps_report_tr(x, "</code> against <code>"));
    ps_report_html(sb, base ? base : "?");
    ps_sb_printf(sb, "%s%s%s", ps_report_tr(x, "</code> <span class=\"muted\">("),
                 ps_report_tr(x, method && !strcmp(method, "sampled") ? "sampled" : "exact"),
                 ps_report_tr(x, " Shapley values, from "));
    ps_report_html(sb, file);
    ps_sb_printf(sb, "%s\n<div class=\"charts\">", ps_report_tr(x, ")</span></h3>"));
    for (int v = 0; v < x->ncharted; v++) {
        const char *name = x->c->vars[v];
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(vars, name);
        if (!o) continue;
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(o, "growth");
        int rc = check_part(g, groups, nper, file, name, err);
        if (rc) return rc;
        ps_sb_printf(sb, "<div class=\"chart\" id=\"chart-w%d-waterfall\"></div>", *nchart);
        put_waterfall(blob, g, groups, name, periods->child->valuestring, *nchart == 0);
        ++*nchart;
        shown++;
    }
    ps_sb_puts(sb, "</div>\n");
    if (!shown) {
        ps_sb_printf(sb, "<p class=\"muted\">%s</p>\n",
                     ps_report_tr(x, "The attribution holds none of the charted variables."));
        return PS_OK;
    }
    for (int v = 0; v < x->ncharted; v++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(vars, x->c->vars[v]);
        if (o) put_table(sb, x, cJSON_GetObjectItemCaseSensitive(o, "growth"), groups, periods,
                         x->c->vars[v], str_of(o, "label_zh"));
    }
    return PS_OK;
}

static int tornado(ps_sb *sb, ps_sb *blob, const cJSON *doc, const char *file,
                   const ps_report_ctx *x, int *nchart, ps_error *err) {
    const char *var = str_of(doc, "variable"), *period = str_of(doc, "period");
    const char *unit = str_of(doc, "unit"), *unit_zh = str_of(doc, "unit_zh");
    if (x->opts->lang == PS_LANG_ZH && unit_zh && unit_zh[0]) unit = unit_zh;
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(doc, "base");
    const cJSON *bars = cJSON_GetObjectItemCaseSensitive(doc, "bars");
    if (!var || !period || !unit) return bad(err, file, "variable, period, unit", "strings");
    if (!cJSON_IsNumber(base)) return bad(err, file, "base", "a number");
    if (!cJSON_IsArray(bars) || cJSON_GetArraySize(bars) < 1)
        return bad(err, file, "bars", "an array of {name, low, high, value_low, value_high}");
    static const char *const fields[] = {"low", "high", "value_low", "value_high"};
    for (const cJSON *b = bars->child; b; b = b->next) {
        if (!str_of(b, "name"))
            return bad(err, file, "bars", "an array of {name, low, high, value_low, value_high}");
        for (int k = 0; k < 4; k++)
            if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(b, fields[k])))
                return bad(err, file, "bars", "numbers for low, high, value_low and value_high");
    }
    ps_sb_printf(sb, "<h3>%s", ps_report_tr(x, "Sensitivity of <code>"));
    ps_report_html(sb, var);
    put_after_var(sb, x, str_of(doc, "label_zh"), "</code> in ");
    ps_report_html(sb, period);
    ps_sb_puts(sb, ps_report_tr(x, " <span class=\"muted\">(tornado, from "));
    ps_report_html(sb, file);
    ps_sb_printf(sb, "%s\n<div class=\"charts\"><div class=\"chart\" "
                     "id=\"chart-t%d-tornado\"></div></div>\n",
                 ps_report_tr(x, ")</span></h3>"), *nchart);
    ps_sb_puts(blob, *nchart ? ",{" : "{");
    key(blob, "var");
    ps_report_json_str(blob, var);
    ps_sb_puts(blob, ",");
    key(blob, "period");
    ps_report_json_str(blob, period);
    ps_sb_puts(blob, ",");
    key(blob, "unit");
    ps_report_json_str(blob, unit);
    ps_sb_puts(blob, ",");
    key(blob, "base");
    ps_report_json_num(blob, base->valuedouble);
    ps_sb_puts(blob, ",\"bars\":[");
    for (const cJSON *b = bars->child; b; b = b->next) {
        ps_sb_puts(blob, b == bars->child ? "{" : ",{");
        key(blob, "name");
        ps_report_json_str(blob, str_of(b, "name"));
        for (int k = 0; k < 4; k++) {
            ps_sb_puts(blob, ",");
            key(blob, fields[k]);
            ps_report_json_num(blob, cJSON_GetObjectItemCaseSensitive(b, fields[k])->valuedouble);
        }
        ps_sb_puts(blob, "}");
    }
    ps_sb_puts(blob, "]}");
    ++*nchart;
    return PS_OK;
}

int ps_report_analysis_section(ps_sb *sb, const ps_report_ctx *x, ps_error *err) {
    const ps_report_opts *o = x->opts;
    if (o->nanalyses <= 0) return PS_OK;
    if (!o->analyses)
        return ps_error_set(err, PS_ERR_USAGE, "analyses: %d files but no array", o->nanalyses);
    ps_sb w, t;
    ps_sb_init(&w);
    ps_sb_init(&t);
    int nw = 0, nt = 0, rc = PS_OK;
    ps_sb_printf(sb, "<section id=\"attribution\"><h2>%s</h2>\n",
                 ps_report_tr(x, "Attribution and sensitivity"));
    ps_sb_printf(sb, "<p class=\"muted\">%s</p>\n",
                 ps_report_tr(x, "Waterfalls: the step from the base's growth to the "
                                 "alternative's in the first period, split into each group's "
                                 "exact share (Shapley values: every ordering of the groups "
                                 "weighted alike, so interactions are shared fairly and the "
                                 "steps add up). Tornado bars: the output with each input at its "
                                 "low and high value, the others unchanged, as a difference from "
                                 "the base."));
    for (int i = 0; i < o->nanalyses && !rc; i++) {
        const char *file = o->analysis_sources ? o->analysis_sources[i] : "analysis";
        unsigned long nomem = ps_alloc_failures();
        cJSON *doc = cJSON_Parse(o->analyses[i]);
        const char *schema = doc ? str_of(doc, "schema") : NULL;
        if (!doc && ps_alloc_failures() != nomem) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        else if (!doc) rc = bad(err, file, "the file", "JSON");
        else if (schema && !strcmp(schema, "polsim.attribution"))
            rc = attribution(sb, &w, doc, file, x, &nw, err);
        else if (schema && !strcmp(schema, "polsim.tornado"))
            rc = tornado(sb, &t, doc, file, x, &nt, err);
        else rc = bad(err, file, "schema", "\"polsim.attribution\" or \"polsim.tornado\"");
        cJSON_Delete(doc);
    }
    char *wt = NULL, *tt = NULL;
    size_t wl = 0, tl = 0;
    int oom = ps_sb_done(&w, &wt, &wl) | ps_sb_done(&t, &tt, &tl);
    if (!rc && oom) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (!rc)
        ps_sb_printf(sb, "<script type=\"application/json\" id=\"polsim-analysis\">"
                         "{\"waterfalls\":[%s],\"tornados\":[%s]}</script>\n</section>\n",
                     wt ? wt : "", tt ? tt : "");
    ps_free(wt);
    ps_free(tt);
    return rc;
}

/* The literals of the script a Chinese page shows translated (lang.c). */
const char *const ps_report_analysis_words[] = {
    "Numbers", "Close", "Refresh", "Save as PNG", "base", "alternative", ": growth in ",
    ", % and pp", "from the base to the alternative, by group", "increase", "decrease",
    "base / alternative", " in ", ": sensitivity", "difference from the base (", "at low",
    "at high", NULL};

/* Drawn after the page's script, into the same window.polsimReport.  Plain
** ES5; no backslashes or double quotes (JavaScript inside a C string). */
const char ps_report_analysis_js[] =
    "(function () {\n"
    "  var report = window.polsimReport, el0 = document.getElementById('polsim-analysis');\n"
    "  if (!report || !el0 || typeof echarts === 'undefined') return;\n"
    "  var data = JSON.parse(el0.textContent);\n"
    "  var POS = '#1b6e2e', NEG = '#b3261e', ENDS = '#222222';\n"
    "  function fmt(x) { return x === null || x === undefined || x === '-' ? '-' : Number(x).toFixed(2); }\n"
    "  function base(title, sub, file) {\n"
    "    return { animation: false, textStyle: { fontFamily: window.polsimReport.fonts },\n"
    "      title: { text: title, subtext: sub, left: 8, top: 4,\n"
    "               textStyle: { fontSize: 13, fontWeight: 600 }, subtextStyle: { fontSize: 11 } },\n"
    "      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },\n"
    "      legend: { bottom: 2, textStyle: { fontSize: 11 } },\n"
    "      grid: { left: 12, right: 24, top: 64, bottom: 46, containLabel: true },\n"
    "      toolbox: { right: 8, top: 2, feature: {\n"
    "        dataView: { readOnly: true, title: 'Numbers', lang: ['Numbers', 'Close', 'Refresh'] },\n"
    "        saveAsImage: { title: 'Save as PNG', name: file, pixelRatio: 2 } } },\n"
    "      series: [] };\n"
    "  }\n"
    "  // A waterfall: invisible helper bars lift each step to where the last ended.\n"
    "  function waterfall(w) {\n"
    "    // Zeros, not gaps, where a series has no bar: stacks skip gaps badly.\n"
    "    var cats = ['base'], lift = [0], up = [0], down = [0], ends = [w.start];\n"
    "    var level = w.start;\n"
    "    w.steps.forEach(function (s) {\n"
    "      var d = s[1] === null ? 0 : s[1];\n"
    "      cats.push(s[0]);\n"
    "      lift.push(d >= 0 ? level : level + d);\n"
    "      up.push(d >= 0 ? d : 0);\n"
    "      down.push(d < 0 ? -d : 0);\n"
    "      ends.push(0);\n"
    "      level += d;\n"
    "    });\n"
    "    cats.push('alternative'); lift.push(0); up.push(0); down.push(0); ends.push(w.end);\n"
    "    var o = base(w.var + ': growth in ' + w.period + ', % and pp',\n"
    "                 'from the base to the alternative, by group', w.var + '_waterfall');\n"
    "    o.xAxis = { type: 'category', data: cats, axisLabel: { interval: 0, rotate: cats.length > 6 ? 30 : 0 } };\n"
    "    o.yAxis = { type: 'value', name: '%', scale: true };\n"
    "    o.legend.data = ['increase', 'decrease', 'base / alternative'];\n"
    "    // stackStrategy all: a step below zero still starts where the last ended\n"
    "    var st = { type: 'bar', stack: 'w', stackStrategy: 'all' };\n"
    "    function bar(name, d, extra) { var o = { name: name, data: d };\n"
    "      for (var k in st) o[k] = st[k]; for (k in extra) o[k] = extra[k]; return o; }\n"
    "    o.series.push(bar('lift', lift, { silent: true, itemStyle: { color: 'rgba(0,0,0,0)' },\n"
    "                                      tooltip: { show: false } }));\n"
    "    o.series.push(bar('increase', up, { color: POS }));\n"
    "    o.series.push(bar('decrease', down, { color: NEG }));\n"
    "    o.series.push(bar('base / alternative', ends, { color: ENDS }));\n"
    "    return o;\n"
    "  }\n"
    "  // Tornado: each input's effect at its low and high value, around the base.\n"
    "  function tornado(t) {\n"
    "    var bars = t.bars.slice().reverse(); // largest swing on top\n"
    "    var o = base(t.var + ' in ' + t.period + ': sensitivity',\n"
    "                 'difference from the base (' + fmt(t.base) + ' ' + t.unit + ')', t.var + '_tornado');\n"
    "    o.yAxis = { type: 'category', data: bars.map(function (b) {\n"
    "      return b.name + ' (' + b.low + ' / ' + b.high + ')'; }) };\n"
    "    o.xAxis = { type: 'value', name: t.unit };\n"
    "    o.series.push({ name: 'at low', type: 'bar', barGap: '-100%', color: '#0072b2',\n"
    "                    data: bars.map(function (b) { return b.value_low - t.base; }) });\n"
    "    o.series.push({ name: 'at high', type: 'bar', barGap: '-100%', color: '#e69f00',\n"
    "                    data: bars.map(function (b) { return b.value_high - t.base; }) });\n"
    "    return o;\n"
    "  }\n"
    "  function draw(id, v, build, kind) {\n"
    "    var el = document.getElementById(id);\n"
    "    if (!el) return;\n"
    "    try {\n"
    "      var chart = echarts.init(el, null, { renderer: 'canvas' });\n"
    "      chart.setOption(build(v));\n"
    "      report.charts.push({ id: id, variable: v.var, kind: kind, chart: chart });\n"
    "    } catch (e) {\n"
    "      report.errors.push('Chart ' + id + ' failed: ' + e.message);\n"
    "    }\n"
    "  }\n"
    "  data.waterfalls.forEach(function (w, i) { draw('chart-w' + i + '-waterfall', w, waterfall, 'waterfall'); });\n"
    "  data.tornados.forEach(function (t, i) { draw('chart-t' + i + '-tornado', t, tornado, 'tornado'); });\n"
    "})();\n";
