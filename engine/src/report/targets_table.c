/*
** Report module: the target / projection / gap table, one row per target and
** one column per scenario holding "projection gap".  Every number also
** carries its exact value in data-value, for checks and for copying.
*/
#include "report/report_int.h"
#include "util/num.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* <span [class="pos|neg"] data-measure=".." data-value="exact" data-scenario="..">text</span>
** scen: the scenario's index, -1 for the target itself. */
static void put_span(ps_sb *sb, const ps_compare *c, int scen, const char *measure, double x,
                     const char *text, int signed_class) {
    char exact[PS_NUM_BUF] = "";
    if (isfinite(x)) ps_num_format(x, exact);
    const char *cls = !signed_class || !isfinite(x) ? "" : x < 0 ? " class=\"neg\"" : " class=\"pos\"";
    ps_sb_printf(sb, "<span%s data-measure=\"%s\" data-value=\"%s\"", cls, measure, exact);
    if (scen >= 0) {
        ps_sb_puts(sb, " data-scenario=\"");
        ps_report_html(sb, c->scenarios[scen]);
        ps_sb_puts(sb, "\"");
    }
    ps_sb_printf(sb, ">%s</span>", isfinite(x) ? text : "-");
}

static void put_value(ps_sb *sb, const ps_compare *c, int scen, const ps_target *t, double x,
                      int is_gap) {
    char buf[64];
    if (t->kind == PS_TARGET_LEVEL) {
        if (is_gap && x > 0) {
            buf[0] = '+';
            ps_report_fmt(x, buf + 1, sizeof buf - 1);
        } else {
            ps_report_fmt(x, buf, sizeof buf);
        }
    } else {
        snprintf(buf, sizeof buf, is_gap ? "%+.2f" : "%.2f", x);
        if (strcmp(buf, "-0.00") == 0) snprintf(buf, sizeof buf, is_gap ? "+0.00" : "0.00");
    }
    put_span(sb, c, scen, is_gap ? "gap" : "projection", x, buf, is_gap);
}

static void put_head(ps_sb *sb, const ps_report_ctx *x) {
    const ps_compare *c = x->c;
    ps_sb_printf(sb, "<tr><th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th>",
                 ps_report_tr(x, "Target"), ps_report_tr(x, "Variable"),
                 ps_report_tr(x, "Period"), ps_report_tr(x, "Target"));
    for (int s = 0; s < c->nscen; s++) {
        ps_sb_puts(sb, "<th class=\"num\">");
        ps_report_html(sb, c->scenarios[s]);
        ps_sb_puts(sb, "</th>");
    }
    ps_sb_puts(sb, "</tr>\n");
}

static void put_row(ps_sb *sb, const ps_report_ctx *x, const ps_target *t) {
    const ps_compare *c = x->c;
    int v = ps_compare_var(c, t->variable);
    int ti = (int)(t->period - c->start);
    char per[PS_PERIOD_LABEL_MAX], buf[64];
    ps_sb_puts(sb, "<tr data-variable=\"");
    ps_report_html(sb, t->variable);
    ps_sb_printf(sb, "\" data-period=\"%s\" data-kind=\"%s\"><td>",
                 ps_period_format(t->period, c->freq, per, sizeof per),
                 t->kind == PS_TARGET_LEVEL ? "level" : "growth");
    /* in Chinese the plan's own wording (label_zh), else the variable's label */
    const char *label = x->opts->lang == PS_LANG_ZH
                            ? (t->label_zh[0] ? t->label_zh : ps_report_label(x, v))
                            : (t->label[0] ? t->label : c->descriptions[v]);
    ps_report_html(sb, label);
    ps_sb_puts(sb, "</td><td><code>");
    ps_report_html(sb, t->variable);
    ps_sb_puts(sb, "</code>");
    if (t->kind == PS_TARGET_LEVEL)
        ps_sb_printf(sb, " <span class=\"badge\">%s</span>", ps_report_tr(x, "level"));
    ps_sb_printf(sb, "</td><td>%s</td>", ps_period_format(t->period, c->freq, per, sizeof per));
    if (t->kind == PS_TARGET_LEVEL) ps_report_fmt(t->value, buf, sizeof buf);
    else snprintf(buf, sizeof buf, "%g", t->value);
    ps_sb_puts(sb, "<td class=\"num\">");
    put_span(sb, c, -1, "target", t->value, buf, 0);
    ps_sb_puts(sb, "</td>");
    for (int s = 0; s < c->nscen; s++) {
        double p = t->kind == PS_TARGET_LEVEL ? ps_compare_level(c, s, v, ti)
                                              : ps_compare_growth(c, s, v, ti);
        ps_sb_puts(sb, "<td class=\"num\">");
        put_value(sb, c, s, t, p, 0);
        ps_sb_puts(sb, " <small>");
        put_value(sb, c, s, t, p - t->value, 1);
        ps_sb_puts(sb, "</small></td>");
    }
    ps_sb_puts(sb, "</tr>\n");
}

void ps_report_targets_section(ps_sb *sb, const ps_report_ctx *x) {
    const ps_targets *tg = x->opts->targets;
    if (!tg) return;
    ps_sb_printf(sb, "<section id=\"targets\"><h2>%s</h2>\n<p class=\"muted\">%s <code>",
                 ps_report_tr(x, "Targets"), ps_report_tr(x, "From"));
    ps_report_html(sb, tg->path);
    ps_sb_printf(sb, "</code>. %s</p>\n<div class=\"wrap\"><table class=\"targets\">\n",
                 ps_report_tr(x, "Growth targets and projections are percent growth over the "
                              "previous period; the gap is projection minus target, in "
                              "percentage points (for level targets, in the variable's unit): "
                              "each cell reads projection gap. A negative gap falls short of "
                              "the target."));
    put_head(sb, x);
    for (int i = 0; i < tg->n; i++) put_row(sb, x, &tg->items[i]);
    ps_sb_puts(sb, "</table></div></section>\n");
}
