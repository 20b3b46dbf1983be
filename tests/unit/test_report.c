/* Reports: targets files, assumption differences, and the HTML page.  The
** browser side (charts drawing) is tested in tests/cli/report.sh. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/report.h"
#include "report/report_int.h"
#include "util/editdist.h"

/* ---- fixtures ------------------------------------------------------------ */

/* A result of model `model` over 2020..2024, solved from 2022: y (endogenous,
** bn), x (lever), z (exogenous, not a lever), y_a (add-factor).  Series are
** given as JSON arrays. */
static ps_result *make(const char *model, const char *scenario, const char *y, const char *x,
                       const char *z, const char *ya) {
    char text[4096];
    snprintf(text, sizeof text,
             "{\"schema\": \"polsim.result\", \"schema_version\": 1,"
             " \"engine\": {\"name\": \"polsim\", \"version\": \"0.1.0\"},"
             " \"model\": {\"name\": \"%s\", \"title\": \"Tiny\", \"hash\": \"%064d\","
             "  \"path\": \"m.model\"},"
             " \"scenario\": \"%s\", \"meta\": {\"seed\": \"1\"}, \"frequency\": \"annual\","
             " \"periods\": [\"2020\", \"2021\", \"2022\", \"2023\", \"2024\"],"
             " \"solved_from\": \"2022\","
             " \"diagnostics\": {\"periods\": 3, \"explicit_evals\": 0, \"blocks_solved\": 0,"
             "  \"newton_iterations\": 0, \"max_iterations\": 0, \"halvings\": 0,"
             "  \"max_residual\": 0, \"sparse_blocks\": 0},"
             " \"variables\": ["
             "  {\"name\": \"y\", \"description\": \"Output\", \"unit\": \"bn\","
             "   \"kind\": \"endogenous\", \"lever\": false},"
             "  {\"name\": \"x\", \"description\": \"Spending\", \"unit\": \"bn\","
             "   \"kind\": \"exogenous\", \"lever\": true},"
             "  {\"name\": \"z\", \"description\": \"\", \"unit\": \"\","
             "   \"kind\": \"exogenous\", \"lever\": false},"
             "  {\"name\": \"y_a\", \"description\": \"\", \"unit\": \"\","
             "   \"kind\": \"add-factor\", \"lever\": false}],"
             " \"series\": {\"y\": %s, \"x\": %s, \"z\": %s, \"y_a\": %s}}",
             model, 0, scenario, y, x, z, ya);
    ps_result *r = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_result_parse_json(text, strlen(text), "fixture.json", &r, &err);
    cr_assert_eq(rc, PS_OK, "fixture: %s", err.message);
    return r;
}

#define Y_BASE "[90, 95, 100, 104, 108]"
#define Y_ALT "[90, 95, 100, 110, 121]"
#define X_BASE "[1, 1, 1, 1, 1]"
#define X_ALT "[1, 1, 2, 2, 3]"
#define Z_NONE "[null, null, null, null, null]"
#define AF "[0.5, 0.25, 0, 0, 0]"

static const char FAKE_ECHARTS[] = "/* echarts */ var echarts = {version: 'test'};";

static ps_report_opts opts_with(const ps_targets *t) {
    ps_report_opts o = {0};
    o.targets = t;
    o.echarts_js = FAKE_ECHARTS;
    o.echarts_len = sizeof FAKE_ECHARTS - 1;
    return o;
}

static ps_targets *targets(const char *text) {
    ps_targets *t = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_targets_parse(text, strlen(text), "t.csv", PS_FREQ_ANNUAL, &t, &err);
    cr_assert_eq(rc, PS_OK, "targets: %s", err.message);
    return t;
}

/* The number in data-value of the first span with this measure and scenario
** after the row of variable `var` and period `per`. */
static double cell(const char *html, const char *var, const char *per, const char *measure,
                   const char *scen) {
    char key[256];
    snprintf(key, sizeof key, "data-variable=\"%s\" data-period=\"%s\"", var, per);
    const char *row = strstr(html, key);
    cr_assert(row, "no row %s", key);
    snprintf(key, sizeof key, "data-measure=\"%s\" data-value=\"", measure);
    const char *c = row;
    for (;;) {
        c = strstr(c, key);
        cr_assert(c, "no %s cell for %s", measure, scen);
        c += strlen(key);
        const char *q = strchr(c, '"');
        char want[128];
        snprintf(want, sizeof want, "\" data-scenario=\"%s\">", scen);
        if (strncmp(q, want, strlen(want)) == 0) return strtod(c, NULL);
    }
}

static int count(const char *hay, const char *needle) {
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++) n++;
    return n;
}

/* ---- targets files ----------------------------------------------------------- */

Test(targets, csv_with_comments_quotes_bom_crlf_and_kinds) {
    const char text[] = "\xEF\xBB\xBF# 2024 targets\r\n"
                        "variable,period,target,label,kind\r\n"
                        "\r\n"
                        "gdpr,2024,6,\"GDP, \"\"real\"\"\",growth\r\n"
                        "  loans , 2024 , 11000 , Loans , level\r\n"
                        "rev,2025,-0.5,,\r\n";
    ps_targets *t = targets(text);
    cr_assert_eq(t->n, 3);
    cr_assert_str_eq(t->items[0].variable, "gdpr");
    cr_assert_str_eq(t->items[0].label, "GDP, \"real\"");
    cr_assert_eq(t->items[0].period, 2024);
    cr_assert_eq(t->items[0].value, 6.0);
    cr_assert_eq(t->items[0].kind, PS_TARGET_GROWTH);
    cr_assert_eq(t->items[0].line, 4);
    cr_assert_str_eq(t->items[1].variable, "loans");
    cr_assert_eq(t->items[1].kind, PS_TARGET_LEVEL);
    cr_assert_eq(t->items[1].value, 11000.0);
    cr_assert_eq(t->items[2].value, -0.5);
    cr_assert_str_eq(t->items[2].label, "");
    cr_assert_eq(t->items[2].kind, PS_TARGET_GROWTH);
    ps_targets_free(t);
}

Test(targets, columns_in_any_order_and_quarterly_periods) {
    ps_targets *t = NULL;
    ps_error err;
    const char text[] = "target,variable,period\n1.5,gdp,2024Q3\n";
    cr_assert_eq(ps_targets_parse(text, strlen(text), "q.csv", PS_FREQ_QUARTERLY, &t, &err), PS_OK);
    cr_assert_eq(t->items[0].period, 2024 * 4 + 2);
    cr_assert_eq(t->items[0].value, 1.5);
    ps_targets_free(t);
}

Test(targets, json_array_and_object) {
    ps_targets *t = targets("[{\"variable\": \"gdpr\", \"period\": 2024, \"target\": 6},"
                            " {\"variable\": \"loans\", \"period\": \"2024\", \"target\": 11000,"
                            "  \"kind\": \"level\", \"label\": \"Loans\"}]");
    cr_assert_eq(t->n, 2);
    cr_assert_eq(t->items[0].period, 2024);
    cr_assert_eq(t->items[0].line, 0);
    cr_assert_eq(t->items[1].kind, PS_TARGET_LEVEL);
    cr_assert_str_eq(t->items[1].label, "Loans");
    ps_targets_free(t);
    t = targets("  {\"targets\": [{\"variable\": \"y\", \"period\": 2023, \"target\": 4}]}");
    cr_assert_eq(t->n, 1);
    cr_assert_eq(t->items[0].value, 4.0);
    ps_targets_free(t);
}

static void targets_fail(const char *text, ps_freq f, const char *want) {
    ps_targets *t = (ps_targets *)1;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_targets_parse(text, strlen(text), "t.csv", f, &t, &err);
    char buf[2048];
    ps_error_format(&err, buf, sizeof buf);
    cr_assert_eq(rc, PS_ERR_DATA, "expected an error for: %s", text);
    cr_assert_null(t);
    cr_assert(strstr(buf, want), "message '%s' lacks '%s'", buf, want);
}

Test(targets, errors_name_line_and_what_is_expected) {
    targets_fail("", PS_FREQ_ANNUAL, "no header: expected a line 'variable,period,target'");
    targets_fail("# only a comment\n", PS_FREQ_ANNUAL, "no header");
    targets_fail("variable,period,target\n", PS_FREQ_ANNUAL, "t.csv: error: no targets");
    targets_fail("variable,period\ny,2024\n", PS_FREQ_ANNUAL, "t.csv:1: error: no column 'target'");
    targets_fail("variable,period,target,unit\n", PS_FREQ_ANNUAL, "unknown column 'unit'");
    targets_fail("variable,period,target,target\n", PS_FREQ_ANNUAL, "column 'target' appears twice");
    targets_fail("variable,period,target\ny,2024\n", PS_FREQ_ANNUAL, "t.csv:2: error: 2 cells, the header has 3");
    targets_fail("variable,period,target\ny,2024,6%\n", PS_FREQ_ANNUAL,
                 "t.csv:2: error: target '6%' of 'y' is not a number");
    targets_fail("variable,period,target\ny,2024Q1,6\n", PS_FREQ_ANNUAL,
                 "t.csv:2: error: y: period: ");
    targets_fail("variable,period,target\ny,2024,6\n", PS_FREQ_QUARTERLY, "(the results are quarterly)");
    targets_fail("variable,period,target\n,2024,6\n", PS_FREQ_ANNUAL, "the variable is empty");
    targets_fail("variable,period,target,kind\ny,2024,6,share\n", PS_FREQ_ANNUAL,
                 "kind 'share': expected \"growth\" or \"level\"");
    targets_fail("variable,period,target\ny,2024,6\n\ny,2024,7\n", PS_FREQ_ANNUAL,
                 "t.csv:4: error: y: a second growth target for 'y' in 2024 (the first is at line 2)");
    targets_fail("variable,period,target\n\"y,2024,6\n", PS_FREQ_ANNUAL, "a quoted cell is not closed");
    targets_fail("variable,period,target,a,b,c,d,e,f\n", PS_FREQ_ANNUAL, "more than 8 cells");
    targets_fail("[{\"variable\": \"y\", \"period\": 2024}]", PS_FREQ_ANNUAL,
                 "targets[0].target: expected a number");
    targets_fail("[{\"variable\": 1, \"period\": 2024, \"target\": 1}]", PS_FREQ_ANNUAL,
                 "targets[0].variable: expected a string");
    targets_fail("[{\"variable\": \"y\", \"period\": true, \"target\": 1}]", PS_FREQ_ANNUAL,
                 "targets[0].period: expected a period");
    targets_fail("[{\"variable\": \"y\", \"period\": 2024, \"target\": 1, \"label\": 3}]",
                 PS_FREQ_ANNUAL, "targets[0].label: expected a string");
    targets_fail("[7]", PS_FREQ_ANNUAL, "targets[0]: expected an object");
    targets_fail("{\"goals\": []}", PS_FREQ_ANNUAL, "expected an array of targets");
    targets_fail("[{\"variable\": ", PS_FREQ_ANNUAL, "not valid JSON");
}

Test(targets, read_missing_file) {
    ps_targets *t = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_targets_read("/nonexistent/t.csv", PS_FREQ_ANNUAL, &t, &err), PS_ERR_IO);
    cr_assert_null(t);
    ps_targets_free(NULL);
}

/* ---- assumptions ------------------------------------------------------------- */

Test(assumptions, runs_of_constant_pairs) {
    ps_result *b = make("m", "base", Y_BASE, X_BASE, "[5, 5, 5, 5, 5]", AF);
    /* x: 2022-2023 1 -> 2, 2024 1 -> 3; z: 2024 only, 5 -> missing; y_a
    ** differs by 1e-15, below the tolerance: no row. */
    ps_result *s = make("m", "alt", Y_ALT, X_ALT, "[5, 5, 5, 5, null]",
                        "[0.5, 0.25, 1e-15, 0, 0]");
    ps_assume_row *rows;
    int n;
    ps_error err;
    cr_assert_eq(ps_report_assumptions(b, s, &rows, &n, &err), PS_OK);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(b->names[rows[0].col], "x");
    cr_assert_eq(rows[0].from, 2022);
    cr_assert_eq(rows[0].to, 2023);
    cr_assert_eq(rows[0].base, 1.0);
    cr_assert_eq(rows[0].scen, 2.0);
    cr_assert_eq(rows[1].from, 2024);
    cr_assert_eq(rows[1].to, 2024);
    cr_assert_eq(rows[1].scen, 3.0);
    cr_assert_str_eq(b->names[rows[2].col], "z");
    cr_assert_eq(rows[2].from, 2024);
    cr_assert(isnan(rows[2].scen));
    free(rows);
    /* The same inputs (both z missing): no rows, and no allocation. */
    cr_assert_eq(ps_report_assumptions(b, b, &rows, &n, &err), PS_OK);
    cr_assert_eq(n, 0);
    cr_assert_null(rows);
    ps_result_free(b);
    ps_result_free(s);
}

/* ---- the page ----------------------------------------------------------------- */

static char *render(const ps_result *const *rs, int n, const ps_report_opts *o) {
    char *html = NULL;
    size_t len = 0;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_report_render(rs, n, o, &html, &len, &err);
    cr_assert_eq(rc, PS_OK, "render: %s", err.message);
    cr_assert_eq(strlen(html), len);
    return html;
}

Test(page, gaps_assumptions_and_blob) {
    ps_result *b = make("m", "base", Y_BASE, X_BASE, Z_NONE, AF);
    ps_result *s = make("m", "alt", Y_ALT, X_ALT, Z_NONE, AF);
    const ps_result *rs[] = {b, s};
    /* Growth 2023: base 100 (104/100 - 1) = 4, alt 100 (110/100 - 1) = 10;
    ** target 5 -> gaps -1 and +5.  Level 2024: 108 and 121 against 120. */
    ps_targets *t = targets("variable,period,target,kind\ny,2023,5,growth\ny,2024,120,level\n");
    ps_report_opts o = opts_with(t);
    char *html = render(rs, 2, &o);
    cr_assert_float_eq(cell(html, "y", "2023", "projection", "base"), 4.0, 1e-12);
    cr_assert_float_eq(cell(html, "y", "2023", "gap", "base"), -1.0, 1e-12);
    cr_assert_float_eq(cell(html, "y", "2023", "gap", "alt"), 5.0, 1e-12);
    cr_assert_float_eq(cell(html, "y", "2024", "gap", "base"), -12.0, 1e-12);
    cr_assert_float_eq(cell(html, "y", "2024", "gap", "alt"), 1.0, 1e-12);
    /* Shown rounded, red when short of the target. */
    cr_assert(strstr(html, "<span class=\"neg\" data-measure=\"gap\" data-value=\"-0.99"));
    cr_assert(strstr(html, "data-scenario=\"base\">-1.00</span>"));
    cr_assert(strstr(html, "data-scenario=\"alt\">+5.00</span>"));
    /* The assumption rows of x, as the reader sees them. */
    cr_assert(strstr(html, "<td>2022&ndash;2023</td><td class=\"num\">1</td><td class=\"num\">2"
                           "</td><td class=\"num\">1</td>"));
    cr_assert(strstr(html, "<td>2024</td><td class=\"num\">1</td><td class=\"num\">3</td>"));
    /* Charts of the targets' variable only: three boxes. */
    cr_assert(strstr(html, "id=\"chart-0-level\""));
    cr_assert(strstr(html, "id=\"chart-0-diff\""));
    cr_assert(strstr(html, "id=\"chart-0-growth\""));
    cr_assert_null(strstr(html, "chart-1-"));
    /* The blob: base, first solved period, exact levels, differences and growth. */
    cr_assert(strstr(html, "{\"base\":0,\"solved\":2,\"scenarios\":[\"base\",\"alt\"],"
                           "\"periods\":[\"2020\",\"2021\",\"2022\",\"2023\",\"2024\"]"));
    cr_assert(strstr(html, "\"level\":[[90,95,100,104,108],[90,95,100,110,121]]"));
    cr_assert(strstr(html, "\"diff\":[[0,0,0,0,0],[0,0,0,6,13]]"));
    cr_assert(strstr(html, "\"targets\":{\"growth\":[null,null,null,5,null],"
                           "\"level\":[null,null,null,null,120]}"));
    cr_assert(strstr(html, FAKE_ECHARTS));
    cr_assert_eq(count(html, "</script>"), 3);
    free(html);
    ps_targets_free(t);
    ps_result_free(b);
    ps_result_free(s);
}

Test(page, base_first_default_vars_and_determinism) {
    ps_result *a = make("m", "alt", Y_ALT, X_ALT, Z_NONE, AF);
    ps_result *b = make("m", "base", Y_BASE, X_BASE, Z_NONE, AF);
    const ps_result *rs[] = {a, b};
    const char *src[] = {"out/alt.json", "out/base.json"};
    ps_report_opts o = opts_with(NULL);
    o.base = 1;
    o.sources = src;
    char *h1 = render(rs, 2, &o), *h2 = render(rs, 2, &o);
    cr_assert_str_eq(h1, h2, "the same inputs must give the same bytes");
    cr_assert(strstr(h1, "\"scenarios\":[\"base\",\"alt\"]"));
    /* Sources follow their results. */
    const char *pb = strstr(h1, "out/base.json"), *pa = strstr(h1, "out/alt.json");
    cr_assert(pb && pa && pb < pa);
    /* No targets, no --vars: the endogenous variables (y alone). */
    cr_assert(strstr(h1, "id=\"chart-0-level\""));
    cr_assert_null(strstr(h1, "chart-1-"));
    cr_assert_null(strstr(h1, "id=\"targets\""));
    cr_assert(strstr(h1, "<title>Tiny: scenarios</title>"));
    free(h1);
    free(h2);
    ps_result_free(a);
    ps_result_free(b);
}

Test(page, one_scenario_has_no_difference_charts) {
    ps_result *b = make("m", "only", Y_BASE, X_BASE, Z_NONE, AF);
    const ps_result *rs[] = {b};
    const char *vars[] = {"y", "x", "y"};
    ps_report_opts o = opts_with(NULL);
    o.vars = vars;
    o.nvars = 3; /* the repeated y is charted once */
    char *html = render(rs, 1, &o);
    cr_assert(strstr(html, "One scenario only"));
    cr_assert_null(strstr(html, "-diff\""));
    cr_assert(strstr(html, "id=\"chart-1-growth\""));
    cr_assert_null(strstr(html, "chart-2-"));
    free(html);
    ps_result_free(b);
}

Test(page, text_is_escaped) {
    ps_result *b = make("m", "a</script><b>x", Y_BASE, X_BASE, Z_NONE, AF);
    const ps_result *rs[] = {b};
    static const char js[] = "var s = '</SCRIPT>'; var echarts = {};";
    ps_report_opts o = opts_with(NULL);
    o.title = "R&D <i>report</i>";
    o.echarts_js = js;
    o.echarts_len = sizeof js - 1;
    char *html = render(rs, 1, &o);
    cr_assert(strstr(html, "<h1>R&amp;D &lt;i&gt;report&lt;/i&gt;</h1>"));
    cr_assert(strstr(html, "a&lt;/script&gt;&lt;b&gt;x"));
    cr_assert(strstr(html, "\"a\\u003c/script\\u003e\\u003cb\\u003ex\""));
    cr_assert(strstr(html, "var s = '<\\/SCRIPT>';"));
    /* Only the page's own three script elements end. */
    int ends = 0;
    for (const char *p = html; *p; p++) ends += strncasecmp(p, "</script", 8) == 0;
    cr_assert_eq(ends, 3);
    free(html);
    ps_result_free(b);
}

static void render_fail(const ps_result *const *rs, int n, const ps_report_opts *o, int code,
                        const char *want) {
    char *html = (char *)1;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_report_render(rs, n, o, &html, NULL, &err);
    char buf[2048];
    ps_error_format(&err, buf, sizeof buf);
    cr_assert_eq(rc, code, "got %d (%s)", rc, buf);
    cr_assert_null(html);
    cr_assert(strstr(buf, want), "message '%s' lacks '%s'", buf, want);
}

Test(page, errors) {
    ps_result *b = make("m", "base", Y_BASE, X_BASE, Z_NONE, AF);
    ps_result *other = make("other", "x", Y_BASE, X_BASE, Z_NONE, AF);
    const ps_result *rs[] = {b, other};
    ps_report_opts o = opts_with(NULL);

    o.echarts_js = NULL;
    render_fail(rs, 1, &o, PS_ERR_USAGE, "needs the text of the charting library");
    o = opts_with(NULL);
    render_fail(rs, 0, &o, PS_ERR_USAGE, "at least one result");
    o.base = 1;
    render_fail(rs, 1, &o, PS_ERR_USAGE, "the base must be one of the 1 results");
    o.base = 0;
    const char *vars[] = {"yy"};
    o.vars = vars;
    o.nvars = 1;
    render_fail(rs, 1, &o, PS_ERR_USAGE, "no variable 'yy' in the results: scenario 'base' of "
                                         "model 'm' has no such series (did you mean 'y'?)");
    o = opts_with(NULL);
    render_fail(rs, 2, &o, PS_ERR_DATA, "only results of the same model can be compared");

    ps_targets *t = targets("variable,period,target\ny,2023,5\nyq,2023,5\n");
    o = opts_with(t);
    render_fail(rs, 1, &o, PS_ERR_DATA, "t.csv:3: error: 'yq' is not a variable of the results");
    ps_targets_free(t);
    t = targets("variable,period,target\ny,2019,5\n");
    o = opts_with(t);
    render_fail(rs, 1, &o, PS_ERR_DATA,
                "t.csv:2: error: y: period 2019 is outside the periods of the results (2020 to 2024)");
    ps_targets_free(t);
    t = targets("[{\"variable\": \"q\", \"period\": 2023, \"target\": 5}]");
    o = opts_with(t);
    render_fail(rs, 1, &o, PS_ERR_DATA, "t.csv: error: targets[0]: 'q' is not a variable");
    ps_targets_free(t);
    ps_result_free(b);
    ps_result_free(other);
}

/* ---- helpers -------------------------------------------------------------------- */

Test(helpers, table_numbers_and_escapes) {
    char buf[48];
    cr_assert_str_eq(ps_report_fmt(7507.70123, buf, sizeof buf), "7,507.7");
    cr_assert_str_eq(ps_report_fmt(123456.7, buf, sizeof buf), "123,457");
    cr_assert_str_eq(ps_report_fmt(0.45, buf, sizeof buf), "0.45");
    cr_assert_str_eq(ps_report_fmt(-0.0, buf, sizeof buf), "0");
    cr_assert_str_eq(ps_report_fmt(NAN, buf, sizeof buf), "-");
    ps_sb sb;
    ps_sb_init(&sb);
    ps_report_json_str(&sb, "a\"b\\c\n\x01<&>");
    ps_report_json_num(&sb, INFINITY);
    ps_report_json_num(&sb, 0.1);
    char *s;
    size_t n;
    cr_assert_eq(ps_sb_done(&sb, &s, &n), 0);
    cr_assert_str_eq(s, "\"a\\\"b\\\\c\\n\\u0001\\u003c\\u0026\\u003e\"null0.1");
    free(s);
    ps_result *b = make("m", "base", Y_BASE, X_BASE, Z_NONE, AF);
    cr_assert_str_eq(ps_nearest_name("yy", (const char *const *)b->names, b->nvar), "y");
    cr_assert_str_eq(ps_nearest_name("y_b", (const char *const *)b->names, b->nvar), "y_a");
    cr_assert_null(ps_nearest_name("consumption", (const char *const *)b->names, b->nvar));
    ps_result_free(b);
}
