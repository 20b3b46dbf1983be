/*
** Report module: Monte Carlo runs (report_mc.h).  Reads the JSON of
** mc:write, and writes the page's "Uncertainty" section: the probability
** that each target is met under each run, and fan charts (the script is in
** fan_js.c, its data in its own JSON element so the scenario blob is
** untouched).
**
** A probability is exact (the share of the successful draws at or above the
** target) when the file keeps the variable's draws (keep = {...}); else it
** is bracketed by the quantiles the file holds ("25-50 %"), never
** interpolated: a reader must not take a guess for a measurement.
*/
#include "report/report_mc.h"
#include "util/alloc.h"
#include "io/io.h"
#include "output/output.h"

#include "report/report_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NQ 7
static const int qlev[NQ] = {5, 10, 25, 50, 75, 90, 95};

typedef struct mc_series {
    char *name, *unit, *description;
    char *label_zh, *unit_zh;   /* "" when the file has none (older files, models
                                   without Chinese texts) */
    double before;              /* level in the period before the first */
    double *q[2][NQ];           /* [0 level, 1 growth][quantile][t] */
    double *kept;               /* [d * nper + t] levels, NaN = failed; NULL if not kept */
} mc_series;

struct ps_report_mc {
    char *path, *model, *scenario;
    ps_freq freq;
    long start;
    int nper;
    long draws, failed;
    int nser;
    mc_series *ser;
};

void ps_report_mc_free(ps_report_mc *mc) {
    if (!mc) return;
    for (int i = 0; i < mc->nser; i++) {
        mc_series *s = &mc->ser[i];
        ps_free(s->name);
        ps_free(s->unit);
        ps_free(s->description);
        ps_free(s->label_zh);
        ps_free(s->unit_zh);
        for (int g = 0; g < 2; g++)
            for (int j = 0; j < NQ; j++) ps_free(s->q[g][j]);
        ps_free(s->kept);
    }
    ps_free(mc->ser);
    ps_free(mc->path);
    ps_free(mc->model);
    ps_free(mc->scenario);
    ps_free(mc);
}

const char *ps_report_mc_scenario(const ps_report_mc *mc) { return mc->scenario; }
long ps_report_mc_draws(const ps_report_mc *mc) { return mc->draws; }

/* ---- reading ---- */

static int bad(ps_error *err, const char *path, const char *what) {
    ps_error_at(err, path, 0, 0);
    return ps_error_set(err, PS_ERR_DATA, "not a readable Monte Carlo file (%s): %s; write it "
                        "with mc:write (docs/output-format.md)", PS_MC_SCHEMA, what);
}

static const cJSON *get(const cJSON *o, const char *k) {
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

static char *str_of(const cJSON *o, const char *k) {
    const cJSON *s = get(o, k);
    return ps_strdup(cJSON_IsString(s) ? s->valuestring : "");
}

/* n numbers (null = NaN) of array a into v[0..n-1]; -1 when malformed.
** Allocates nothing, so a NULL from an allocation is never read as a
** malformed file. */
static int numbers(const cJSON *a, int n, double *v) {
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n) return -1;
    int i = 0;
    for (const cJSON *x = a->child; x; x = x->next, i++) {
        if (cJSON_IsNumber(x)) v[i] = x->valuedouble;
        else if (cJSON_IsNull(x)) v[i] = NAN;
        else return -1;
    }
    return 0;
}

static int read_periods(ps_report_mc *mc, const cJSON *doc, ps_error *err) {
    const cJSON *f = get(doc, "frequency"), *p = get(doc, "periods");
    if (!cJSON_IsString(f) || ps_freq_parse(f->valuestring, &mc->freq))
        return bad(err, mc->path, "'frequency' must be annual, quarterly or monthly");
    if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) < 1)
        return bad(err, mc->path, "'periods' must list the periods");
    mc->nper = cJSON_GetArraySize(p);
    int t = 0;
    for (const cJSON *x = p->child; x; x = x->next, t++) {
        long o;
        ps_error e2;
        if (!cJSON_IsString(x) || ps_period_parse(x->valuestring, mc->freq, &o, &e2))
            return bad(err, mc->path, "a period in 'periods' is not a period label");
        if (t == 0) mc->start = o;
        else if (o != mc->start + t) return bad(err, mc->path, "'periods' are not consecutive");
    }
    return PS_OK;
}

static int read_series(ps_report_mc *mc, const cJSON *doc, ps_error *err) {
    const cJSON *ss = get(doc, "series"), *kept = get(doc, "kept");
    if (!cJSON_IsObject(ss)) return bad(err, mc->path, "'series' is missing");
    mc->nser = 0;
    mc->ser = ps_calloc((size_t)cJSON_GetArraySize(ss) + 1, sizeof *mc->ser);
    if (!mc->ser) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (const cJSON *o = ss->child; o; o = o->next) {
        mc_series *s = &mc->ser[mc->nser++];
        s->name = ps_strdup(o->string);
        s->unit = str_of(o, "unit");
        s->description = str_of(o, "description");
        s->label_zh = str_of(o, "label_zh");
        s->unit_zh = str_of(o, "unit_zh");
        const cJSON *b = get(o, "before");
        s->before = cJSON_IsNumber(b) ? b->valuedouble : NAN;
        if (!s->name || !s->unit || !s->description || !s->label_zh || !s->unit_zh)
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        for (int g = 0; g < 2; g++) {
            const cJSON *q = get(get(o, g ? "growth" : "level"), "quantiles");
            for (int j = 0; j < NQ; j++) {
                char key[8];
                snprintf(key, sizeof key, "%d", qlev[j]);
                s->q[g][j] = ps_malloc(sizeof(double) * (size_t)(mc->nper ? mc->nper : 1));
                if (!s->q[g][j]) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
                if (numbers(get(q, key), mc->nper, s->q[g][j])) {
                    char what[200];
                    snprintf(what, sizeof what, "series '%s': %s quantile %s is missing or not "
                             "%d numbers", s->name, g ? "growth" : "level", key, mc->nper);
                    return bad(err, mc->path, what);
                }
            }
        }
        const cJSON *k = get(kept, s->name);
        if (!k) continue;
        if (!cJSON_IsArray(k) || cJSON_GetArraySize(k) != mc->draws)
            return bad(err, mc->path, "a 'kept' series does not have one row per draw");
        s->kept = ps_malloc(sizeof(double) * (size_t)mc->nper * (size_t)(mc->draws ? mc->draws : 1));
        if (!s->kept) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        long d = 0;
        for (const cJSON *row = k->child; row; row = row->next, d++) {
            if (numbers(row, mc->nper, s->kept + d * mc->nper))
                return bad(err, mc->path, "a 'kept' row is not one number per period");
        }
    }
    return PS_OK;
}

static int read_doc(ps_report_mc *mc, const cJSON *doc, ps_error *err) {
    const cJSON *s = get(doc, "schema"), *v = get(doc, "schema_version");
    if (!cJSON_IsString(s) || strcmp(s->valuestring, PS_MC_SCHEMA))
        return bad(err, mc->path, "its 'schema' is not " PS_MC_SCHEMA);
    if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > PS_MC_SCHEMA_VERSION) {
        char what[160];
        snprintf(what, sizeof what, "schema_version must be 1..%d (a newer polsim wrote it?)",
                 PS_MC_SCHEMA_VERSION);
        return bad(err, mc->path, what);
    }
    const cJSON *d = get(doc, "draws"), *f = get(doc, "failed");
    if (!cJSON_IsNumber(d) || d->valuedouble < 1 || !cJSON_IsNumber(f))
        return bad(err, mc->path, "'draws' and 'failed' must be numbers");
    mc->draws = (long)d->valuedouble;
    mc->failed = (long)f->valuedouble;
    mc->model = str_of(get(doc, "model"), "name");
    mc->scenario = str_of(doc, "scenario");
    if (!mc->model || !mc->scenario) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    int rc = read_periods(mc, doc, err);
    return rc ? rc : read_series(mc, doc, err);
}

int ps_report_mc_parse(const char *text, size_t len, const char *path, ps_report_mc **out,
                       ps_error *err) {
    *out = NULL;
    ps_report_mc *mc = ps_calloc(1, sizeof *mc);
    if (!mc || !(mc->path = ps_strdup(path))) {
        ps_free(mc);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    unsigned long nomem = ps_alloc_failures();
    cJSON *doc = cJSON_ParseWithLength(text, len);
    int rc = doc                              ? read_doc(mc, doc, err)
             : ps_alloc_failures() != nomem ? ps_error_set(err, PS_ERR_NOMEM, "out of memory")
                                            : bad(err, path, "it is not JSON");
    cJSON_Delete(doc);
    if (rc) {
        ps_report_mc_free(mc);
        return rc;
    }
    *out = mc;
    return PS_OK;
}

int ps_report_mc_read(const char *path, ps_report_mc **out, ps_error *err) {
    char *text;
    size_t len;
    *out = NULL;
    int rc = ps_file_read_all(path, 0, &text, &len, err);
    if (rc) return rc;
    rc = ps_report_mc_parse(text, len, path, out, err);
    ps_free(text);
    return rc;
}

/* ---- what the page shows ---- */

static int series_of(const ps_report_mc *mc, const char *name) {
    for (int i = 0; i < mc->nser; i++)
        if (strcmp(mc->ser[i].name, name) == 0) return i;
    return -1;
}

/* P(value >= target) from the kept draws (exact), or else bracketed by the
** quantiles: *lo <= P <= *hi.  Returns 1 when exact. */
static int probability(const ps_report_mc *mc, const mc_series *s, int t, const ps_target *tg,
                       double *lo, double *hi) {
    int g = tg->kind == PS_TARGET_GROWTH;
    if (s->kept) {
        long n = 0, hit = 0;
        for (long d = 0; d < mc->draws; d++) {
            double x = s->kept[d * mc->nper + t];
            if (g) x = 100.0 * (x / (t ? s->kept[d * mc->nper + t - 1] : s->before) - 1.0);
            if (!isfinite(x)) continue;
            n++;
            hit += x >= tg->value;
        }
        *lo = *hi = n ? (double)hit / (double)n : NAN;
        return 1;
    }
    *lo = 0;
    *hi = 1;
    for (int j = 0; j < NQ; j++) {
        double q = s->q[g][j][t];
        if (!isfinite(q)) {
            *lo = *hi = NAN;
            return 0;
        }
        if (q <= tg->value) *hi = 1 - qlev[j] / 100.0; /* at least qlev of the mass lies at or below q */
        if (q > tg->value && *lo == 0) *lo = 1 - qlev[j] / 100.0;
    }
    return 0;
}

/* The fan charts of one run: targets' variables in its horizon (their kind),
** else the charted variables it holds, both kinds. */
typedef struct fan {
    int run, ser, growth;
} fan;

static int add_fan(fan *f, int n, int run, int ser, int growth) {
    for (int i = 0; i < n; i++)
        if (f[i].run == run && f[i].ser == ser && f[i].growth == growth) return n;
    f[n] = (fan){run, ser, growth};
    return n + 1;
}

static int choose_fans(const ps_report_ctx *x, fan **out) {
    const ps_report_opts *o = x->opts;
    int cap = 0;
    for (int m = 0; m < o->nmc; m++) cap += 2 * o->mcs[m]->nser;
    fan *f = ps_malloc(sizeof *f * (size_t)(cap + 1));
    int n = 0;
    for (int m = 0; f && m < o->nmc; m++) {
        const ps_report_mc *mc = o->mcs[m];
        int before = n;
        for (int i = 0; o->targets && i < o->targets->n; i++) {
            const ps_target *t = &o->targets->items[i];
            int s = series_of(mc, t->variable);
            if (s >= 0 && t->period >= mc->start && t->period < mc->start + mc->nper)
                n = add_fan(f, n, m, s, t->kind == PS_TARGET_GROWTH);
        }
        if (n > before) continue;
        for (int v = 0; v < x->ncharted; v++) {
            int s = series_of(mc, x->c->vars[v]);
            if (s >= 0) n = add_fan(f, add_fan(f, n, m, s, 0), m, s, 1);
        }
    }
    *out = f;
    return f ? n : -1;
}

static void put_prob_table(ps_sb *sb, const ps_report_ctx *x) {
    const ps_report_opts *o = x->opts;
    const ps_targets *tg = o->targets;
    ps_sb_printf(sb, "<h3>%s</h3>\n", ps_report_tr(x, "Probability of meeting each target"));
    ps_sb_printf(sb, "<p class=\"muted\">%s</p>\n<div class=\"wrap\"><table class=\"prob\">\n"
                     "<tr><th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th>",
                 ps_report_tr(x, "Share of the draws at or above the target (failed draws left "
                                 "out). Exact where the file keeps the variable's draws; "
                                 "otherwise the quantiles in the file bracket it "
                                 "(<i>25&ndash;50 %</i>)."),
                 ps_report_tr(x, "Target"), ps_report_tr(x, "Variable"), ps_report_tr(x, "Period"),
                 ps_report_tr(x, "Target"));
    for (int m = 0; m < o->nmc; m++) {
        ps_sb_puts(sb, "<th class=\"num\">");
        ps_report_html(sb, o->mcs[m]->scenario);
        ps_sb_printf(sb, " <small class=\"muted\">(%ld%s)</small></th>", o->mcs[m]->draws,
                     ps_report_tr(x, " draws"));
    }
    ps_sb_puts(sb, "</tr>\n");
    for (int i = 0; i < tg->n; i++) {
        const ps_target *t = &tg->items[i];
        char per[PS_PERIOD_LABEL_MAX], buf[64];
        ps_period_format(t->period, x->c->freq, per, sizeof per);
        ps_sb_puts(sb, "<tr data-mc-variable=\"");
        ps_report_html(sb, t->variable);
        ps_sb_printf(sb, "\" data-period=\"%s\"><td>", per);
        ps_report_html(sb, x->opts->lang == PS_LANG_ZH && t->label_zh[0] ? t->label_zh
                           : t->label[0] ? t->label : t->variable);
        ps_sb_puts(sb, "</td><td><code>");
        ps_report_html(sb, t->variable);
        ps_sb_printf(sb, "</code>%s%s%s</td><td>%s</td><td class=\"num\">%s</td>",
                     t->kind == PS_TARGET_LEVEL ? " <span class=\"badge\">" : "",
                     t->kind == PS_TARGET_LEVEL ? ps_report_tr(x, "level") : "",
                     t->kind == PS_TARGET_LEVEL ? "</span>" : "", per,
                     t->kind == PS_TARGET_LEVEL ? ps_report_fmt(t->value, buf, sizeof buf)
                                                : (snprintf(buf, sizeof buf, "%g %%", t->value), buf));
        for (int m = 0; m < o->nmc; m++) {
            const ps_report_mc *mc = o->mcs[m];
            int s = series_of(mc, t->variable), ti = (int)(t->period - mc->start);
            ps_sb_puts(sb, "<td class=\"num\" data-scenario=\"");
            ps_report_html(sb, mc->scenario);
            double lo, hi;
            if (s < 0 || ti < 0 || ti >= mc->nper) {
                ps_sb_printf(sb, "\"><span class=\"muted\" title=\"%s\">&ndash;</span></td>",
                             ps_report_tr(x, "not in this run"));
                continue;
            }
            if (probability(mc, &mc->ser[s], ti, t, &lo, &hi)) {
                ps_sb_puts(sb, "\" data-value=\"");
                ps_report_json_num(sb, lo);
                ps_sb_printf(sb, "\">%.1f %%</td>", 100 * lo);
            } else if (isnan(lo)) {
                ps_sb_puts(sb, "\">-</td>");
            } else {
                ps_sb_puts(sb, "\" data-low=\"");
                ps_report_json_num(sb, lo);
                ps_sb_puts(sb, "\" data-high=\"");
                ps_report_json_num(sb, hi);
                if (lo == 0) ps_sb_printf(sb, "\">&lt; %g %%</td>", 100 * hi);
                else if (hi == 1) ps_sb_printf(sb, "\">&gt; %g %%</td>", 100 * lo);
                else ps_sb_printf(sb, "\">%g&ndash;%g %%</td>", 100 * lo, 100 * hi);
            }
        }
        ps_sb_puts(sb, "</tr>\n");
    }
    ps_sb_puts(sb, "</table></div>\n");
}

int ps_report_mc_section(ps_sb *sb, const ps_report_ctx *x, ps_error *err) {
    const ps_report_opts *o = x->opts;
    if (!o->nmc) return PS_OK;
    const char *model = x->rs[x->c->base]->model_name;
    for (int m = 0; m < o->nmc; m++)
        if (strcmp(o->mcs[m]->model, model)) {
            ps_error_at(err, o->mcs[m]->path, 0, 0);
            return ps_error_set(err, PS_ERR_DATA, "a Monte Carlo run of model '%s', but the "
                                "results are of model '%s'", o->mcs[m]->model, model);
        }
    fan *f;
    int nf = choose_fans(x, &f);
    if (nf < 0) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    ps_sb_printf(sb, "<section id=\"uncertainty\"><h2>%s</h2>\n<p class=\"muted\">",
                 ps_report_tr(x, "Uncertainty"));
    for (int m = 0; m < o->nmc; m++) {
        const ps_report_mc *mc = o->mcs[m];
        ps_sb_printf(sb, "%s%s", m ? ps_report_tr(x, "; ") : "",
                     ps_report_tr(x, "Monte Carlo of <b>"));
        ps_report_html(sb, mc->scenario);
        ps_sb_printf(sb, "%s%ld%s%ld%s", ps_report_tr(x, "</b>: "), mc->draws,
                     ps_report_tr(x, " draws, "), mc->failed,
                     ps_report_tr(x, " failed (left out), from <code>"));
        ps_report_html(sb, mc->path);
        ps_sb_puts(sb, "</code>");
    }
    ps_sb_printf(sb, "%s</p>\n", ps_report_tr(x, ". Fan charts: the median, the 25&ndash;75 % and "
                                                 "5&ndash;95 % bands of the draws, and the targets."));
    if (o->targets) put_prob_table(sb, x);
    ps_sb_printf(sb, "<h3>%s</h3>\n<div class=\"charts\">", ps_report_tr(x, "Fan charts"));
    for (int i = 0; i < nf; i++) ps_sb_printf(sb, "<div class=\"chart\" id=\"fan-%d\"></div>", i);
    ps_sb_puts(sb, "</div>\n</section>\n");
    ps_free(f);
    return PS_OK;
}

/* ---- the data and script of the fan charts ---- */

static void put_array(ps_sb *sb, const double *v, int n, int from_before, double before) {
    ps_sb_puts(sb, "[");
    if (from_before) {
        ps_report_json_num(sb, before);
        if (n) ps_sb_puts(sb, ",");
    }
    for (int t = 0; t < n; t++) {
        if (t) ps_sb_puts(sb, ",");
        ps_report_json_num(sb, v[t]);
    }
    ps_sb_puts(sb, "]");
}

static void put_fan(ps_sb *sb, const ps_report_ctx *x, const fan *f) {
    const ps_report_mc *mc = x->opts->mcs[f->run];
    const mc_series *s = &mc->ser[f->ser];
    /* a level fan opens from the last value before the draws, common to all */
    int lead = !f->growth && isfinite(s->before);
    /* a Chinese page shows the model's Chinese texts where the file has them */
    int zh = x->opts->lang == PS_LANG_ZH;
    char lab[PS_PERIOD_LABEL_MAX];
    ps_sb_puts(sb, "{\"name\":");
    ps_report_json_str(sb, s->name);
    ps_sb_puts(sb, ",\"description\":");
    ps_report_json_str(sb, zh && s->label_zh[0] ? s->label_zh : s->description);
    ps_sb_puts(sb, ",\"unit\":");
    ps_report_json_str(sb, f->growth ? "%" : zh && s->unit_zh[0] ? s->unit_zh : s->unit);
    ps_sb_puts(sb, ",\"scenario\":");
    ps_report_json_str(sb, mc->scenario);
    ps_sb_printf(sb, ",\"kind\":\"%s\",\"periods\":[", f->growth ? "growth" : "level");
    for (int t = lead ? -1 : 0; t < mc->nper; t++) {
        ps_sb_puts(sb, t > (lead ? -1 : 0) ? "," : "");
        ps_report_json_str(sb, ps_period_format(mc->start + t, mc->freq, lab, sizeof lab));
    }
    ps_sb_puts(sb, "],\"q\":{");
    for (int j = 0; j < NQ; j++) {
        ps_sb_printf(sb, "%s\"%d\":", j ? "," : "", qlev[j]);
        put_array(sb, s->q[f->growth][j], mc->nper, lead, s->before);
    }
    ps_sb_puts(sb, "},\"target\":[");
    const ps_targets *tg = x->opts->targets;
    for (int t = lead ? -1 : 0; t < mc->nper; t++) {
        double v = NAN;
        for (int i = 0; tg && i < tg->n; i++)
            if (tg->items[i].period == mc->start + t && strcmp(tg->items[i].variable, s->name) == 0 &&
                (tg->items[i].kind == PS_TARGET_GROWTH) == f->growth)
                v = tg->items[i].value;
        ps_sb_puts(sb, t > (lead ? -1 : 0) ? "," : "");
        ps_report_json_num(sb, v);
    }
    ps_sb_puts(sb, "]}");
}

void ps_report_mc_tail(ps_sb *sb, const ps_report_ctx *x) {
    if (!x->opts->nmc) return;
    fan *f;
    int nf = choose_fans(x, &f);
    if (nf < 0) {
        sb->oom = 1;
        return;
    }
    ps_sb_puts(sb, "<script type=\"application/json\" id=\"polsim-mc\">{\"fans\":[");
    for (int i = 0; i < nf; i++) {
        if (i) ps_sb_puts(sb, ",\n");
        put_fan(sb, x, &f[i]);
    }
    ps_sb_puts(sb, "]}</script>\n<script>\n");
    ps_report_script_tr(sb, x, ps_report_fan_js, ps_report_fan_words);
    ps_sb_puts(sb, "</script>\n");
    ps_free(f);
}
