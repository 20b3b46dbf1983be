/*
** Report module: the scenario table and the assumptions section.  Tables are
** plain HTML written here rather than by the page's script, so they read,
** print and copy into a spreadsheet even where scripts are off.
*/
#include "report/report_int.h"
#include "util/alloc.h"
#include "util/texttable.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ps_report_fmt(double x, char *buf, size_t n) {
    char num[PS_TT_NUM_BUF];
    snprintf(buf, n, "%s", ps_tt_num(x, 'g', 6, num));
    return buf;
}

static void put_period(ps_sb *sb, long p, ps_freq f) {
    char buf[PS_PERIOD_LABEL_MAX];
    ps_sb_puts(sb, ps_period_format(p, f, buf, sizeof buf));
}

static void put_span(ps_sb *sb, long from, long to, ps_freq f) {
    put_period(sb, from, f);
    if (to == from) return;
    ps_sb_puts(sb, "&ndash;");
    put_period(sb, to, f);
}

static void put_num_td(ps_sb *sb, double x) {
    char buf[48];
    ps_sb_puts(sb, "<td class=\"num\">");
    ps_sb_puts(sb, ps_report_fmt(x, buf, sizeof buf));
    ps_sb_puts(sb, "</td>");
}

/* A row of numbers with one number of decimals, so they line up
** (util/texttable.h, ps_tt_places). */
static void put_num_row(ps_sb *sb, const double *x, size_t stride, long n) {
    int places = ps_tt_row_places(x, (size_t)n, stride, 6);
    for (long i = 0; i < n; i++) {
        char num[PS_TT_NUM_BUF];
        ps_sb_puts(sb, "<td class=\"num\">");
        ps_sb_puts(sb, ps_tt_num_in(x[(size_t)i * stride], places, 6, num));
        ps_sb_puts(sb, "</td>");
    }
}

/* "Description (unit)" of column col of r in the page's language, escaped;
** "" parts left out. */
static void put_desc(ps_sb *sb, const ps_report_ctx *x, const ps_result *r, int col) {
    const char *d = ps_report_rlabel(x, r, col), *u = ps_report_runit(x, r, col);
    ps_report_html(sb, d);
    if (!u[0]) return;
    ps_sb_puts(sb, d[0] ? " <span class=\"muted\">(" : "<span class=\"muted\">(");
    ps_report_html(sb, u);
    ps_sb_puts(sb, ")</span>");
}

/* Metadata key: value lines; hashes are cut to 12 digits (full text on hover). */
static void put_meta(ps_sb *sb, const ps_report_ctx *x, const ps_result *r) {
    for (int i = 0; i < r->nmeta; i++) {
        const char *k = r->meta_keys[i], *v = r->meta_values[i];
        size_t kl = strlen(k);
        int hash = (kl >= 6 && strcmp(k + kl - 6, "sha256") == 0) || strcmp(k, "hash") == 0;
        ps_sb_puts(sb, i ? "<br><code>" : "<code>");
        ps_report_html(sb, k);
        ps_sb_puts(sb, "</code>: ");
        if (hash && strlen(v) > 12) {
            ps_sb_puts(sb, "<span title=\"");
            ps_report_html(sb, v);
            ps_sb_printf(sb, "\">%.12s&hellip;</span>", v);
        } else {
            ps_report_html(sb, v);
        }
    }
    if (!r->nmeta) ps_sb_printf(sb, "<span class=\"muted\">%s</span>", ps_report_tr(x, "none"));
}

void ps_report_scenarios(ps_sb *sb, const ps_report_ctx *x) {
    const ps_compare *c = x->c;
    ps_sb_printf(sb, "<section id=\"scenarios\"><h2>%s</h2><div class=\"wrap\"><table>\n"
                     "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                     "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
                 ps_report_tr(x, "Scenarios"), ps_report_tr(x, "Scenario"),
                 ps_report_tr(x, "Solved"), ps_report_tr(x, "File"), ps_report_tr(x, "Provenance"),
                 ps_report_tr(x, "Newton iterations"), ps_report_tr(x, "Max residual"));
    for (int i = 0; i < x->n; i++) {
        const ps_result *r = x->rs[i];
        ps_sb_puts(sb, "<tr><td><b>");
        ps_report_html(sb, c->scenarios[i]);
        if (i == c->base)
            ps_sb_printf(sb, "</b> <span class=\"badge base\">%s</span></td><td>",
                         ps_report_tr(x, "base"));
        else
            ps_sb_puts(sb, "</b></td><td>");
        put_span(sb, r->solved_from, r->start + r->nper - 1, r->freq);
        ps_sb_puts(sb, "</td><td><code>");
        ps_report_html(sb, x->opts->sources ? x->opts->sources[i] : "");
        ps_sb_puts(sb, "</code></td><td>");
        put_meta(sb, x, r);
        char res[48];
        if (isfinite(r->diag.max_residual)) snprintf(res, sizeof res, "%.3g", r->diag.max_residual);
        else snprintf(res, sizeof res, "-");
        ps_sb_printf(sb, "</td><td class=\"num\">%ld</td><td class=\"num\">%s</td></tr>\n",
                     r->diag.newton_iterations, res);
    }
    ps_sb_puts(sb, "</table></div></section>\n");
}

/* The base's levers over its projection, one column per solved period. */
static void put_base_levers(ps_sb *sb, const ps_report_ctx *x) {
    const ps_result *b = x->rs[x->c->base];
    long first = b->solved_from, last = b->start + b->nper - 1;
    int any = 0;
    for (int v = 0; v < b->nvar; v++) {
        if (!b->levers[v]) continue;
        if (!any++) {
            ps_sb_printf(sb, "<h3>%s", ps_report_tr(x, "Levers of the base, "));
            ps_report_html(sb, x->c->scenarios[x->c->base]);
            ps_sb_printf(sb, "</h3><div class=\"wrap\"><table>\n<tr><th>%s</th><th>%s</th>",
                         ps_report_tr(x, "Lever"), ps_report_tr(x, "Description"));
            for (long p = first; p <= last; p++) {
                ps_sb_puts(sb, "<th class=\"num\">");
                put_period(sb, p, b->freq);
                ps_sb_puts(sb, "</th>");
            }
            ps_sb_puts(sb, "</tr>\n");
        }
        ps_sb_puts(sb, "<tr><td><code>");
        ps_report_html(sb, b->names[v]);
        ps_sb_puts(sb, "</code></td><td>");
        put_desc(sb, x, b, v);
        ps_sb_puts(sb, "</td>");
        put_num_row(sb, &b->data[(size_t)(first - b->start) * (size_t)b->nvar + (size_t)v],
                    (size_t)b->nvar, last - first + 1);
        ps_sb_puts(sb, "</tr>\n");
    }
    if (any) ps_sb_puts(sb, "</table></div>\n");
}

static void put_diff_rows(ps_sb *sb, const ps_report_ctx *x, const ps_result *b,
                          const ps_assume_row *rows, int n) {
    ps_sb_printf(sb, "<div class=\"wrap\"><table class=\"assume\">\n<tr><th>%s</th>"
                     "<th>%s</th><th>%s</th><th class=\"num\">%s</th>"
                     "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
                 ps_report_tr(x, "Input"), ps_report_tr(x, "Description"),
                 ps_report_tr(x, "Periods"), ps_report_tr(x, "Base"),
                 ps_report_tr(x, "Scenario"), ps_report_tr(x, "Change"));
    for (int i = 0; i < n; i++) {
        const ps_assume_row *r = &rows[i];
        ps_sb_puts(sb, "<tr><td><code>");
        ps_report_html(sb, b->names[r->col]);
        ps_sb_puts(sb, "</code>");
        if (b->levers[r->col])
            ps_sb_printf(sb, " <span class=\"badge\">%s</span>", ps_report_tr(x, "lever"));
        else if (strcmp(b->kinds[r->col], "add-factor") == 0)
            ps_sb_printf(sb, " <span class=\"badge af\">%s</span>", ps_report_tr(x, "add-factor"));
        ps_sb_puts(sb, "</td><td>");
        put_desc(sb, x, b, r->col);
        ps_sb_puts(sb, "</td><td>");
        put_span(sb, r->from, r->to, b->freq);
        ps_sb_puts(sb, "</td>");
        put_num_td(sb, r->base);
        put_num_td(sb, r->scen);
        put_num_td(sb, r->scen - r->base);
        ps_sb_puts(sb, "</tr>\n");
    }
    ps_sb_puts(sb, "</table></div>\n");
}

int ps_report_assumptions_section(ps_sb *sb, const ps_report_ctx *x, ps_error *err) {
    const ps_compare *c = x->c;
    const ps_result *b = x->rs[c->base];
    ps_sb_printf(sb, "<section id=\"assumptions\"><h2>%s</h2>\n<p class=\"muted\">%s</p>\n",
                 ps_report_tr(x, "Assumptions"),
                 ps_report_tr(x, "Inputs (exogenous series and add-factors) in which each "
                              "scenario differs from the base, read off the results; parameters "
                              "and settings given to the run are under Provenance above."));
    put_base_levers(sb, x);
    for (int s = 0; s < x->n; s++) {
        if (s == c->base) continue;
        ps_assume_row *rows;
        int n;
        int rc = ps_report_assumptions(b, x->rs[s], &rows, &n, err);
        if (rc) return rc;
        ps_sb_puts(sb, "<h3>");
        ps_report_html(sb, c->scenarios[s]);
        ps_sb_printf(sb, " <span class=\"muted\">%s ", ps_report_tr(x, "against"));
        ps_report_html(sb, c->scenarios[c->base]);
        ps_sb_puts(sb, "</span></h3>\n");
        if (n) put_diff_rows(sb, x, b, rows, n);
        else ps_sb_printf(sb, "<p>%s</p>\n", ps_report_tr(x, "No input differs from the base."));
        ps_free(rows);
    }
    if (x->n == 1)
        ps_sb_printf(sb, "<p>%s</p>\n",
                     ps_report_tr(x, "One scenario only: nothing to compare it with."));
    ps_sb_puts(sb, "</section>\n");
    return PS_OK;
}
