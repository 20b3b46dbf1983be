/*
** Scenario comparison: rendering as a terminal table, CSV, Markdown and JSON.
** Files get exact numbers (17 significant digits when needed); tables get
** rounded ones for reading, with thousands separators, in the comparison's
** language (c->lang).
*/
#include "compare/compare.h"
#include "util/alloc.h"
#include "io/io.h"
#include "util/jsonw.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/texttable.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef double (*measure_fn)(const ps_compare *, int, int, int);

static const struct {
    const char *key;
    measure_fn fn;
} measures[] = {{"level", ps_compare_level},
                {"diff", ps_compare_diff},
                {"pct", ps_compare_pct},
                {"growth", ps_compare_growth},
                {"growth_pp", ps_compare_growth_pp}};
#define NMEASURES (sizeof measures / sizeof measures[0])

static const char *period_label(const ps_compare *c, int t, char *buf) {
    return ps_period_format(c->start + t, c->freq, buf, PS_PERIOD_LABEL_MAX);
}

static void put_num(ps_sb *sb, double x) {
    char buf[PS_NUM_BUF];
    if (isfinite(x)) {
        ps_num_format(x, buf);
        ps_sb_puts(sb, buf);
    }
}

/* The words of the text renderings, by language.  A Chinese heading uses
** the model's Chinese label and unit where it has them (compare.h). */
typedef struct words {
    const char *period, *diff, *pct, *gpp, *growth_in, *pp, *sep;
    const char *base_is;                    /* "base: " before the base's name */
    const char *note, *growth_note;         /* after it, ending the table */
    const char *md_diff, *md_pct, *md_gpp;  /* markdown headers, after the name */
} words;

static const words EN = {
    "period", "diff", "%", "g pp", "growth in %", "pp", ", ", "base: ",
    "; diff in the variable's unit, % = percent of the base, g pp = growth "
    "difference in percentage points\n",
    "; growth in percent over the previous period, then each scenario's "
    "difference from the base's in percentage points\n",
    "diff", "%", "g pp"};

static const words ZH = {
    "期间", "差额", "%", "增速差", "增长率（%）", "百分点", "，", "基准：",
    "；差额以变量的单位计，% = 与基准相差的百分比，增速差 = 增长率之差（百分点）\n",
    "；增长率为比上期增长的百分比，其后为各情景与基准增长率之差（百分点）\n",
    "差额", "%", "增速差"};

static const words *words_of(const ps_compare *c) { return c->lang == PS_LANG_ZH ? &ZH : &EN; }

static const char *label_of(const ps_compare *c, int v) {
    return c->lang == PS_LANG_ZH && c->labels_zh[v][0] ? c->labels_zh[v] : c->descriptions[v];
}

static const char *unit_of(const ps_compare *c, int v) {
    return c->lang == PS_LANG_ZH && c->units_zh[v][0] ? c->units_zh[v] : c->units[v];
}

/* "name - label, unit" (parts left out when empty). */
static void put_heading(ps_sb *sb, const ps_compare *c, int v, const char *dash, int unit) {
    const char *lab = label_of(c, v), *u = unit ? unit_of(c, v) : "";
    ps_sb_printf(sb, "%s%s%s%s%s", c->vars[v], lab[0] ? dash : "", lab,
                 u[0] ? words_of(c)->sep : "", u);
}

/* One number of decimals for variable v's levels and differences across
** every scenario and period (util/texttable.h, ps_tt_places). */
static int level_places(const ps_compare *c, int v) {
    size_t n = (size_t)c->nper;
    double big = 0;
    for (int s = 0; s < c->nscen; s++)
        big = fmax(big, ps_tt_maxabs(&c->level[((size_t)s * (size_t)c->nvar + (size_t)v) * n], n, 1));
    int all = ps_tt_places(big, 6), places = all < 0 ? -1 : 0;
    for (int s = 0; s < c->nscen && all >= 0; s++) {
        int p = ps_tt_trim(&c->level[((size_t)s * (size_t)c->nvar + (size_t)v) * n], n, 1, all);
        if (p > places) places = p;
    }
    return places;
}

/* The same for scenario s's differences from the base: their own decimals
** (5 significant digits), so a real effect far below the levels' last
** decimal still shows (2.5e-06, not 0). */
static int diff_places(const ps_compare *c, int s, int v) {
    double big = 0;
    for (int p = 0; p < c->nper; p++) {
        double d = ps_compare_diff(c, s, v, p);
        if (isfinite(d)) big = fmax(big, fabs(d));
    }
    int all = ps_tt_places(big, 5), places = all < 0 ? -1 : 0;
    for (int p = 0; p < c->nper && all > 0; p++) {
        int k = ps_tt_need(ps_compare_diff(c, s, v, p), all);
        if (k > places) places = k;
    }
    return places;
}

/* x with `places` decimals, or 6 significant digits when places is -1. */
static void num_cell(ps_tt *t, double x, int places) {
    char buf[PS_TT_NUM_BUF];
    ps_tt_cell(t, ps_tt_num_in(x, places, 6, buf));
}

/* A table with the period column and ncol more, all numbers right-aligned. */
static ps_tt *new_table(int ncol) {
    ps_tt *t = ps_tt_new(ncol + 1);
    for (int k = 1; t && k <= ncol; k++) ps_tt_right(t, k);
    return t;
}

static void put_table(ps_sb *sb, ps_tt *t) {
    if (!t || ps_tt_render(t, sb)) sb->oom = 1;
    ps_tt_free(t);
}

static void render_table(const ps_compare *c, ps_sb *sb) {
    const words *w = words_of(c);
    int *dplaces = ps_malloc(sizeof(int) * (size_t)c->nscen); /* each scenario's diff decimals */
    if (!dplaces) {
        sb->oom = 1;
        return;
    }
    int ndiff = c->nscen - 1;
    for (int i = 0; i < c->nwarn; i++) ps_sb_printf(sb, "warning: %s\n", c->warnings[i]);
    for (int v = 0; v < c->nvar; v++) {
        if (v || c->nwarn) ps_sb_puts(sb, "\n");
        put_heading(sb, c, v, " - ", 1);
        ps_sb_puts(sb, "\n");
        ps_tt *t = new_table(c->nscen + 3 * ndiff);
        if (ndiff > 0) { /* name each group of difference columns */
            ps_tt_cell(t, "");
            for (int s = 0; s < c->nscen; s++) ps_tt_cell(t, "");
            for (int s = 0; s < c->nscen; s++)
                if (s != c->base) ps_tt_span(t, 3, c->scenarios[s]);
            ps_tt_row(t);
        }
        ps_tt_cell(t, w->period);
        for (int s = 0; s < c->nscen; s++) ps_tt_cell(t, c->scenarios[s]);
        for (int s = 0; s < ndiff; s++) {
            ps_tt_cell(t, w->diff);
            ps_tt_cell(t, w->pct);
            ps_tt_cell(t, w->gpp);
        }
        ps_tt_row(t);
        int places = level_places(c, v);
        for (int s = 0; s < c->nscen; s++) dplaces[s] = diff_places(c, s, v);
        for (int p = 0; p < c->nper; p++) {
            char lab[PS_PERIOD_LABEL_MAX];
            ps_tt_cell(t, period_label(c, p, lab));
            for (int s = 0; s < c->nscen; s++) num_cell(t, ps_compare_level(c, s, v, p), places);
            for (int s = 0; s < c->nscen; s++) {
                if (s == c->base) continue;
                num_cell(t, ps_compare_diff(c, s, v, p), dplaces[s]);
                num_cell(t, ps_compare_pct(c, s, v, p), 2);
                num_cell(t, ps_compare_growth_pp(c, s, v, p), 2);
            }
            ps_tt_row(t);
        }
        put_table(sb, t);
    }
    if (c->nscen > 1) {
        ps_sb_puts(sb, "\n");
        ps_sb_printf(sb, "%s%s%s", w->base_is, c->scenarios[c->base], w->note);
    }
    ps_free(dplaces);
}

/* Growth rates side by side: the planner's view of a growth target. */
static void render_growth_table(const ps_compare *c, ps_sb *sb) {
    const words *w = words_of(c);
    for (int i = 0; i < c->nwarn; i++) ps_sb_printf(sb, "warning: %s\n", c->warnings[i]);
    for (int v = 0; v < c->nvar; v++) {
        if (v || c->nwarn) ps_sb_puts(sb, "\n");
        put_heading(sb, c, v, " - ", 0);
        ps_sb_printf(sb, "%s%s\n", w->sep, w->growth_in);
        ps_tt *t = new_table(2 * c->nscen - 1);
        ps_tt_cell(t, w->period);
        for (int s = 0; s < c->nscen; s++) ps_tt_cell(t, c->scenarios[s]);
        for (int s = 0; s < c->nscen; s++)
            if (s != c->base) {
                char h[400];
                snprintf(h, sizeof h, "%s %s", c->scenarios[s], w->pp);
                ps_tt_cell(t, h);
            }
        ps_tt_row(t);
        for (int p = 0; p < c->nper; p++) {
            char lab[PS_PERIOD_LABEL_MAX];
            ps_tt_cell(t, period_label(c, p, lab));
            for (int s = 0; s < c->nscen; s++) num_cell(t, ps_compare_growth(c, s, v, p), 2);
            for (int s = 0; s < c->nscen; s++) {
                if (s == c->base) continue;
                /* equal paths differ by rounding only: show 0.00, not -0.00 */
                double pp = ps_compare_growth_pp(c, s, v, p);
                num_cell(t, fabs(pp) < 1e-9 ? 0.0 : pp, 2);
            }
            ps_tt_row(t);
        }
        put_table(sb, t);
    }
    ps_sb_puts(sb, "\n");
    ps_sb_printf(sb, "%s%s%s", w->base_is, c->scenarios[c->base], w->growth_note);
}

static void csv_field(ps_sb *sb, const char *s) {
    if (!strpbrk(s, ",\"\n\r")) {
        ps_sb_puts(sb, s);
        return;
    }
    ps_sb_puts(sb, "\"");
    for (; *s; s++) {
        if (*s == '"') ps_sb_puts(sb, "\"");
        ps_sb_append(sb, s, 1);
    }
    ps_sb_puts(sb, "\"");
}

static void render_csv(const ps_compare *c, ps_sb *sb) {
    ps_sb_puts(sb, "variable,unit,period,scenario,phase,base,level,diff,pct,growth,growth_pp\n");
    for (int v = 0; v < c->nvar; v++)
        for (int t = 0; t < c->nper; t++)
            for (int s = 0; s < c->nscen; s++) {
                char lab[PS_PERIOD_LABEL_MAX];
                csv_field(sb, c->vars[v]);
                ps_sb_puts(sb, ",");
                csv_field(sb, c->units[v]);
                ps_sb_printf(sb, ",%s,", period_label(c, t, lab));
                csv_field(sb, c->scenarios[s]);
                /* history or projection in this scenario's own run */
                ps_sb_puts(sb, c->start + t < c->solved_from[s] ? ",history," : ",projection,");
                csv_field(sb, c->scenarios[c->base]);
                for (size_t k = 0; k < NMEASURES; k++) {
                    ps_sb_puts(sb, ",");
                    put_num(sb, measures[k].fn(c, s, v, t));
                }
                ps_sb_puts(sb, "\n");
            }
}

static void md_cell(ps_sb *sb, double x, int places) {
    char buf[PS_TT_NUM_BUF];
    ps_sb_printf(sb, " %s |", ps_tt_num_in(x, places, 6, buf));
}

static void render_markdown(const ps_compare *c, ps_sb *sb) {
    const words *w = words_of(c);
    int *dplaces = ps_malloc(sizeof(int) * (size_t)c->nscen); /* each scenario's diff decimals */
    if (!dplaces) {
        sb->oom = 1;
        return;
    }
    for (int i = 0; i < c->nwarn; i++) ps_sb_printf(sb, "> warning: %s\n\n", c->warnings[i]);
    for (int v = 0; v < c->nvar; v++) {
        ps_sb_puts(sb, "### ");
        const char *lab = label_of(c, v), *u = unit_of(c, v);
        ps_sb_printf(sb, "%s%s%s%s%s", c->vars[v], lab[0] ? ": " : "", lab, u[0] ? " — " : "", u);
        ps_sb_printf(sb, "\n\n| %s |", w->period);
        for (int s = 0; s < c->nscen; s++) ps_sb_printf(sb, " %s |", c->scenarios[s]);
        for (int s = 0; s < c->nscen; s++)
            if (s != c->base)
                ps_sb_printf(sb, " %s %s | %s %s | %s %s |", c->scenarios[s], w->md_diff,
                             c->scenarios[s], w->md_pct, c->scenarios[s], w->md_gpp);
        ps_sb_puts(sb, "\n|---|");
        for (int s = 0; s < c->nscen; s++) ps_sb_puts(sb, s == c->base ? "---:|" : "---:|---:|---:|---:|");
        ps_sb_puts(sb, "\n");
        int places = level_places(c, v);
        for (int s = 0; s < c->nscen; s++) dplaces[s] = diff_places(c, s, v);
        for (int t = 0; t < c->nper; t++) {
            char lab2[PS_PERIOD_LABEL_MAX];
            ps_sb_printf(sb, "| %s |", period_label(c, t, lab2));
            for (int s = 0; s < c->nscen; s++) md_cell(sb, ps_compare_level(c, s, v, t), places);
            for (int s = 0; s < c->nscen; s++) {
                if (s == c->base) continue;
                md_cell(sb, ps_compare_diff(c, s, v, t), dplaces[s]);
                md_cell(sb, ps_compare_pct(c, s, v, t), 2);
                md_cell(sb, ps_compare_growth_pp(c, s, v, t), 2);
            }
            ps_sb_puts(sb, "\n");
        }
        ps_sb_puts(sb, "\n");
    }
    ps_free(dplaces);
}

/* cJSON's printer is not exact (0.1 + 0.2 prints as 0.3): numbers go in as
** raw text in the shortest form that reads back to the same double. */
static cJSON *num_or_null(double x) {
    if (!isfinite(x)) return cJSON_CreateNull();
    char buf[PS_NUM_BUF];
    ps_num_format(x, buf);
    return cJSON_CreateRaw(buf);
}

static cJSON *build_json(const ps_compare *c) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", "polsim.compare");
    cJSON_AddNumberToObject(root, "schema_version", 1);
    cJSON_AddStringToObject(root, "model", c->model_name);
    cJSON_AddStringToObject(root, "frequency", ps_freq_name(c->freq));
    cJSON_AddStringToObject(root, "base", c->scenarios[c->base]);
    cJSON *sc = cJSON_AddArrayToObject(root, "scenarios");
    for (int s = 0; s < c->nscen; s++) cJSON_AddItemToArray(sc, cJSON_CreateString(c->scenarios[s]));
    cJSON *per = cJSON_AddArrayToObject(root, "periods");
    for (int t = 0; t < c->nper; t++) {
        char lab[PS_PERIOD_LABEL_MAX];
        cJSON_AddItemToArray(per, cJSON_CreateString(period_label(c, t, lab)));
    }
    /* each scenario's first solved period: earlier periods are its history
    ** (the CSV's phase column) */
    cJSON *sf = cJSON_AddObjectToObject(root, "solved_from");
    for (int s = 0; s < c->nscen; s++) {
        char lab[PS_PERIOD_LABEL_MAX];
        cJSON_AddStringToObject(sf, c->scenarios[s],
                                ps_period_format(c->solved_from[s], c->freq, lab, sizeof lab));
    }
    cJSON *w = cJSON_AddArrayToObject(root, "warnings");
    for (int i = 0; i < c->nwarn; i++) cJSON_AddItemToArray(w, cJSON_CreateString(c->warnings[i]));
    cJSON *vars = cJSON_AddObjectToObject(root, "variables");
    for (int v = 0; v < c->nvar; v++) {
        cJSON *jv = cJSON_AddObjectToObject(vars, c->vars[v]);
        cJSON_AddStringToObject(jv, "description", c->descriptions[v]);
        cJSON_AddStringToObject(jv, "unit", c->units[v]);
        if (c->labels_zh[v][0]) cJSON_AddStringToObject(jv, "label_zh", c->labels_zh[v]);
        if (c->units_zh[v][0]) cJSON_AddStringToObject(jv, "unit_zh", c->units_zh[v]);
        for (size_t k = 0; k < NMEASURES; k++) {
            cJSON *jm = cJSON_AddObjectToObject(jv, measures[k].key);
            for (int s = 0; s < c->nscen; s++) {
                cJSON *arr = cJSON_AddArrayToObject(jm, c->scenarios[s]);
                for (int t = 0; t < c->nper; t++)
                    cJSON_AddItemToArray(arr, num_or_null(measures[k].fn(c, s, v, t)));
            }
        }
    }
    return root;
}

static int render_json(const ps_compare *c, ps_sb *sb) {
    cJSON *root = build_json(c);
    char *text = root ? ps_jw_print(root) : NULL;
    cJSON_Delete(root);
    if (!text) return -1;
    ps_sb_puts(sb, text);
    ps_free(text);
    return 0;
}

int ps_compare_render(const ps_compare *c, ps_compare_format fmt, char **out, ps_error *err) {
    ps_sb sb;
    ps_sb_init(&sb);
    int bad = 0;
    switch (fmt) {
    case PS_CMP_TABLE: render_table(c, &sb); break;
    case PS_CMP_GROWTH_TABLE: render_growth_table(c, &sb); break;
    case PS_CMP_CSV: render_csv(c, &sb); break;
    case PS_CMP_MARKDOWN: render_markdown(c, &sb); break;
    case PS_CMP_JSON: bad = render_json(c, &sb); break;
    default: ps_sb_free(&sb); return ps_error_set(err, PS_ERR_USAGE, "unknown comparison format");
    }
    if (bad || ps_sb_done(&sb, out, NULL)) {
        ps_sb_free(&sb);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory rendering the comparison");
    }
    return PS_OK;
}

static int ends_with(const char *s, const char *suf) {
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

int ps_compare_write_as(const ps_compare *c, ps_compare_format fmt, const char *path,
                        unsigned flags, ps_error *err) {
    char *text = NULL;
    int rc = ps_compare_render(c, fmt, &text, err);
    if (rc) return rc;
    int bom = fmt == PS_CMP_CSV && (flags & PS_CSV_BOM);
    size_t n = strlen(text), nb = bom ? sizeof PS_UTF8_BOM - 1 : 0;
    char *bytes = bom ? ps_malloc(nb + n) : text;
    if (!bytes) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory writing '%s'", path);
    if (!rc && bom) {
        memcpy(bytes, PS_UTF8_BOM, nb);
        memcpy(bytes + nb, text, n);
    }
    if (!rc) rc = ps_file_write_atomic(path, bytes, nb + n, err);
    if (bytes != text) ps_free(bytes);
    ps_free(text);
    return rc;
}

ps_compare_format ps_compare_format_for(const char *path) {
    return ends_with(path, ".csv")    ? PS_CMP_CSV
           : ends_with(path, ".json") ? PS_CMP_JSON
           : ends_with(path, ".md")   ? PS_CMP_MARKDOWN
                                      : PS_CMP_TABLE;
}

int ps_compare_write_opts(const ps_compare *c, const char *path, unsigned flags,
                          ps_error *err) {
    return ps_compare_write_as(c, ps_compare_format_for(path), path, flags, err);
}

int ps_compare_write(const ps_compare *c, const char *path, ps_error *err) {
    return ps_compare_write_opts(c, path, 0, err);
}
