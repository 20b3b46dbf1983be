/*
** Scenario comparison: rendering as a terminal table, CSV, Markdown and JSON.
** Files get exact numbers (17 significant digits when needed); tables get
** rounded ones for reading.
*/
#include "polsim/compare.h"
#include "util/alloc.h"
#include "polsim/io.h"
#include "util/num.h"
#include "util/strbuf.h"

#include <cjson/cJSON.h>
#include <math.h>
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

/* A cell of a text table: "-" for missing. */
static void put_cell(ps_sb *sb, const char *fmt, int width, double x) {
    if (!isfinite(x)) ps_sb_printf(sb, " %*s", width, "-");
    else ps_sb_printf(sb, fmt, width, x);
}

static void render_table(const ps_compare *c, ps_sb *sb) {
    for (int i = 0; i < c->nwarn; i++) ps_sb_printf(sb, "warning: %s\n", c->warnings[i]);
    for (int v = 0; v < c->nvar; v++) {
        ps_sb_printf(sb, "%s%s%s%s%s%s\n", v || c->nwarn ? "\n" : "", c->vars[v],
                     c->descriptions[v][0] ? " - " : "", c->descriptions[v],
                     c->units[v][0] ? ", " : "", c->units[v]);
        if (c->nscen > 1) { /* name each group of difference columns */
            ps_sb_printf(sb, "%-8s", "");
            for (int s = 0; s < c->nscen; s++) ps_sb_printf(sb, " %14s", "");
            for (int s = 0; s < c->nscen; s++)
                if (s != c->base) ps_sb_printf(sb, " %30.30s", c->scenarios[s]);
            ps_sb_puts(sb, "\n");
        }
        ps_sb_printf(sb, "%-8s", "period");
        for (int s = 0; s < c->nscen; s++) ps_sb_printf(sb, " %14.14s", c->scenarios[s]);
        for (int s = 0; s < c->nscen; s++) {
            if (s == c->base) continue;
            ps_sb_printf(sb, " %12s %8s %8s", "diff", "%", "g pp");
        }
        ps_sb_puts(sb, "\n");
        for (int t = 0; t < c->nper; t++) {
            char lab[PS_PERIOD_LABEL_MAX];
            ps_sb_printf(sb, "%-8s", period_label(c, t, lab));
            for (int s = 0; s < c->nscen; s++)
                put_cell(sb, " %*.6g", 14, ps_compare_level(c, s, v, t));
            for (int s = 0; s < c->nscen; s++) {
                if (s == c->base) continue;
                put_cell(sb, " %*.5g", 12, ps_compare_diff(c, s, v, t));
                put_cell(sb, " %*.2f", 8, ps_compare_pct(c, s, v, t));
                put_cell(sb, " %*.2f", 8, ps_compare_growth_pp(c, s, v, t));
            }
            ps_sb_puts(sb, "\n");
        }
    }
    if (c->nscen > 1)
        ps_sb_printf(sb, "\nbase: %s; diff in the variable's unit, %% = percent of the base, "
                         "g pp = growth difference in percentage points\n",
                     c->scenarios[c->base]);
}

/* Growth rates side by side: the planner's view of a growth target. */
static void render_growth_table(const ps_compare *c, ps_sb *sb) {
    for (int i = 0; i < c->nwarn; i++) ps_sb_printf(sb, "warning: %s\n", c->warnings[i]);
    for (int v = 0; v < c->nvar; v++) {
        ps_sb_printf(sb, "%s%s%s%s, growth in %%\n", v || c->nwarn ? "\n" : "", c->vars[v],
                     c->descriptions[v][0] ? " - " : "", c->descriptions[v]);
        ps_sb_printf(sb, "%-8s", "period");
        for (int s = 0; s < c->nscen; s++) ps_sb_printf(sb, " %14.14s", c->scenarios[s]);
        for (int s = 0; s < c->nscen; s++)
            if (s != c->base) ps_sb_printf(sb, " %11.11s pp", c->scenarios[s]);
        ps_sb_puts(sb, "\n");
        for (int t = 0; t < c->nper; t++) {
            char lab[PS_PERIOD_LABEL_MAX];
            ps_sb_printf(sb, "%-8s", period_label(c, t, lab));
            for (int s = 0; s < c->nscen; s++)
                put_cell(sb, " %*.2f", 14, ps_compare_growth(c, s, v, t));
            for (int s = 0; s < c->nscen; s++) {
                if (s == c->base) continue;
                /* equal paths differ by rounding only: show 0.00, not -0.00 */
                double pp = ps_compare_growth_pp(c, s, v, t);
                put_cell(sb, " %*.2f", 14, fabs(pp) < 1e-9 ? 0.0 : pp);
            }
            ps_sb_puts(sb, "\n");
        }
    }
    ps_sb_printf(sb, "\nbase: %s; growth in percent over the previous period, then each "
                     "scenario's difference from the base's in percentage points\n",
                 c->scenarios[c->base]);
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
    ps_sb_puts(sb, "variable,unit,period,scenario,base,level,diff,pct,growth,growth_pp\n");
    for (int v = 0; v < c->nvar; v++)
        for (int t = 0; t < c->nper; t++)
            for (int s = 0; s < c->nscen; s++) {
                char lab[PS_PERIOD_LABEL_MAX];
                csv_field(sb, c->vars[v]);
                ps_sb_puts(sb, ",");
                csv_field(sb, c->units[v]);
                ps_sb_printf(sb, ",%s,", period_label(c, t, lab));
                csv_field(sb, c->scenarios[s]);
                ps_sb_puts(sb, ",");
                csv_field(sb, c->scenarios[c->base]);
                for (size_t k = 0; k < NMEASURES; k++) {
                    ps_sb_puts(sb, ",");
                    put_num(sb, measures[k].fn(c, s, v, t));
                }
                ps_sb_puts(sb, "\n");
            }
}

static void md_cell(ps_sb *sb, const char *fmt, double x) {
    if (isfinite(x)) ps_sb_printf(sb, fmt, x);
    else ps_sb_puts(sb, " - |");
}

static void render_markdown(const ps_compare *c, ps_sb *sb) {
    for (int i = 0; i < c->nwarn; i++) ps_sb_printf(sb, "> warning: %s\n\n", c->warnings[i]);
    for (int v = 0; v < c->nvar; v++) {
        ps_sb_printf(sb, "### %s%s%s%s%s\n\n| period |", c->vars[v],
                     c->descriptions[v][0] ? ": " : "", c->descriptions[v],
                     c->units[v][0] ? " — " : "", c->units[v]);
        for (int s = 0; s < c->nscen; s++) ps_sb_printf(sb, " %s |", c->scenarios[s]);
        for (int s = 0; s < c->nscen; s++)
            if (s != c->base)
                ps_sb_printf(sb, " %s diff | %s %% | %s g pp |", c->scenarios[s],
                             c->scenarios[s], c->scenarios[s]);
        ps_sb_puts(sb, "\n|---|");
        for (int s = 0; s < c->nscen; s++) ps_sb_puts(sb, s == c->base ? "---:|" : "---:|---:|---:|---:|");
        ps_sb_puts(sb, "\n");
        for (int t = 0; t < c->nper; t++) {
            char lab[PS_PERIOD_LABEL_MAX];
            ps_sb_printf(sb, "| %s |", period_label(c, t, lab));
            for (int s = 0; s < c->nscen; s++) md_cell(sb, " %.6g |", ps_compare_level(c, s, v, t));
            for (int s = 0; s < c->nscen; s++) {
                if (s == c->base) continue;
                md_cell(sb, " %.5g |", ps_compare_diff(c, s, v, t));
                md_cell(sb, " %.2f |", ps_compare_pct(c, s, v, t));
                md_cell(sb, " %.2f |", ps_compare_growth_pp(c, s, v, t));
            }
            ps_sb_puts(sb, "\n");
        }
        ps_sb_puts(sb, "\n");
    }
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
    cJSON *w = cJSON_AddArrayToObject(root, "warnings");
    for (int i = 0; i < c->nwarn; i++) cJSON_AddItemToArray(w, cJSON_CreateString(c->warnings[i]));
    cJSON *vars = cJSON_AddObjectToObject(root, "variables");
    for (int v = 0; v < c->nvar; v++) {
        cJSON *jv = cJSON_AddObjectToObject(vars, c->vars[v]);
        cJSON_AddStringToObject(jv, "description", c->descriptions[v]);
        cJSON_AddStringToObject(jv, "unit", c->units[v]);
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
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text) return -1;
    ps_sb_puts(sb, text);
    ps_sb_puts(sb, "\n");
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

int ps_compare_write(const ps_compare *c, const char *path, ps_error *err) {
    ps_compare_format fmt = ends_with(path, ".csv")    ? PS_CMP_CSV
                            : ends_with(path, ".json") ? PS_CMP_JSON
                            : ends_with(path, ".md")   ? PS_CMP_MARKDOWN
                                                       : PS_CMP_TABLE;
    char *text = NULL;
    int rc = ps_compare_render(c, fmt, &text, err);
    if (rc) return rc;
    rc = ps_file_write_atomic(path, text, strlen(text), err);
    ps_free(text);
    return rc;
}
