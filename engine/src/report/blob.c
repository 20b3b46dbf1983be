/*
** Report module: the data the page's script charts, as one JSON object in a
** <script type="application/json"> element.  Differences and growth rates are
** computed here, by compare.h, so the page draws the same numbers that
** `polsim compare` prints; the script only lays them out.
*/
#include "report/report_int.h"

#include <math.h>

typedef double (*measure_fn)(const ps_compare *, int, int, int);

static void put_key(ps_sb *sb, const char *key) {
    ps_report_json_str(sb, key);
    ps_sb_puts(sb, ":");
}

static void put_strings(ps_sb *sb, char *const *s, int n) {
    ps_sb_puts(sb, "[");
    for (int i = 0; i < n; i++) {
        if (i) ps_sb_puts(sb, ",");
        ps_report_json_str(sb, s[i]);
    }
    ps_sb_puts(sb, "]");
}

/* [[scenario 0 over periods], [scenario 1 ...], ...] */
static void put_measure(ps_sb *sb, const ps_compare *c, int v, measure_fn fn) {
    ps_sb_puts(sb, "[");
    for (int s = 0; s < c->nscen; s++) {
        ps_sb_puts(sb, s ? ",[" : "[");
        for (int t = 0; t < c->nper; t++) {
            if (t) ps_sb_puts(sb, ",");
            ps_report_json_num(sb, fn(c, s, v, t));
        }
        ps_sb_puts(sb, "]");
    }
    ps_sb_puts(sb, "]");
}

/* Targets of variable v and one kind, aligned with the periods (null where
** none); nothing when v has none of that kind.  *sep: a member came before. */
static void put_targets(ps_sb *sb, const ps_report_ctx *x, int v, ps_target_kind kind,
                        int *sep) {
    const ps_targets *tg = x->opts->targets;
    const ps_compare *c = x->c;
    int any = 0;
    for (int i = 0; tg && i < tg->n; i++)
        any |= tg->items[i].kind == kind && ps_compare_var(c, tg->items[i].variable) == v;
    if (!any) return;
    ps_sb_puts(sb, *sep ? "," : "");
    *sep = 1;
    put_key(sb, kind == PS_TARGET_LEVEL ? "level" : "growth");
    ps_sb_puts(sb, "[");
    for (int t = 0; t < c->nper; t++) {
        double val = NAN;
        for (int i = 0; i < tg->n; i++) {
            const ps_target *g = &tg->items[i];
            if (g->kind == kind && g->period == c->start + t &&
                ps_compare_var(c, g->variable) == v)
                val = g->value;
        }
        ps_sb_puts(sb, t ? "," : "");
        ps_report_json_num(sb, val);
    }
    ps_sb_puts(sb, "]");
}

static void put_var(ps_sb *sb, const ps_report_ctx *x, int v) {
    const ps_compare *c = x->c;
    ps_sb_puts(sb, "{");
    put_key(sb, "name");
    ps_report_json_str(sb, c->vars[v]);
    ps_sb_puts(sb, ",");
    put_key(sb, "description");
    ps_report_json_str(sb, ps_report_label(x, v));
    ps_sb_puts(sb, ",");
    put_key(sb, "unit");
    ps_report_json_str(sb, ps_report_unit(x, v));
    static const struct { const char *key; measure_fn fn; } m[] = {
        {"level", ps_compare_level}, {"diff", ps_compare_diff},
        {"pct", ps_compare_pct}, {"growth", ps_compare_growth}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        ps_sb_puts(sb, ",");
        put_key(sb, m[i].key);
        put_measure(sb, c, v, m[i].fn);
    }
    ps_sb_puts(sb, ",");
    put_key(sb, "targets");
    ps_sb_puts(sb, "{");
    int sep = 0;
    put_targets(sb, x, v, PS_TARGET_GROWTH, &sep);
    put_targets(sb, x, v, PS_TARGET_LEVEL, &sep);
    ps_sb_puts(sb, "}}");
}

/* The words of the charts (titles, legend, toolbox) in the page's language. */
static void put_words(ps_sb *sb, const ps_report_ctx *x) {
    static const char *const en[][2] = {
        {"level", "level"}, {"diff", "difference from "}, {"pct", "% difference from "},
        {"growth", "growth over the previous period"}, {"projection", "projection"},
        {"target", "target"}, {"numbers", "Numbers"}, {"close", "Close"},
        {"refresh", "Refresh"}, {"save", "Save as PNG"}};
    put_key(sb, "words");
    ps_sb_puts(sb, "{");
    for (size_t i = 0; i < sizeof en / sizeof en[0]; i++) {
        if (i) ps_sb_puts(sb, ",");
        put_key(sb, en[i][0]);
        ps_report_json_str(sb, ps_report_tr(x, en[i][1]));
    }
    ps_sb_puts(sb, "}");
}

void ps_report_blob(ps_sb *sb, const ps_report_ctx *x) {
    const ps_compare *c = x->c;
    char label[PS_PERIOD_LABEL_MAX];
    ps_sb_puts(sb, "{");
    put_key(sb, "base");
    ps_sb_printf(sb, "%d,", c->base);
    put_key(sb, "solved");
    ps_sb_printf(sb, "%d,", x->solved);
    put_key(sb, "scenarios");
    put_strings(sb, c->scenarios, c->nscen);
    ps_sb_puts(sb, ",");
    put_key(sb, "periods");
    ps_sb_puts(sb, "[");
    for (int t = 0; t < c->nper; t++) {
        if (t) ps_sb_puts(sb, ",");
        ps_report_json_str(sb, ps_period_format(c->start + t, c->freq, label, sizeof label));
    }
    ps_sb_puts(sb, "],");
    put_key(sb, "vars");
    ps_sb_puts(sb, "[");
    for (int v = 0; v < x->ncharted; v++) {
        if (v) ps_sb_puts(sb, ",\n");
        put_var(sb, x, v);
    }
    ps_sb_puts(sb, "],");
    put_words(sb, x);
    ps_sb_puts(sb, "}");
}
