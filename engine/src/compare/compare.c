/*
** Scenario comparison (compare.h): building the comparison.  Rendering lives
** in render.c.
*/
#include "compare/compare.h"
#include "util/alloc.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ps_compare_free(ps_compare *c) {
    if (!c) return;
    ps_free_strings(c->scenarios, c->nscen);
    ps_free_strings(c->vars, c->nvar);
    ps_free_strings(c->descriptions, c->nvar);
    ps_free_strings(c->units, c->nvar);
    ps_free_strings(c->labels_zh, c->nvar);
    ps_free_strings(c->units_zh, c->nvar);
    ps_free_strings(c->warnings, c->nwarn);
    ps_free(c->model_name);
    ps_free(c->level);
    ps_free(c->prev);
    ps_free(c->solved_from);
    ps_free(c);
}

static int add_warning(ps_compare *c, const char *text, ps_error *err) {
    char **w = ps_realloc(c->warnings, sizeof(char *) * (size_t)(c->nwarn + 1));
    if (!w) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    c->warnings = w;
    if (!(w[c->nwarn] = ps_strdup(text))) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    c->nwarn++;
    return PS_OK;
}

static const char *label_of(const ps_result *r, int i, char *buf, size_t n) {
    snprintf(buf, n, "'%s' (result %d)", r->scenario && r->scenario[0] ? r->scenario : "?", i + 1);
    return buf;
}

/* Same model and frequency everywhere; the common periods. */
static int check_compatible(const ps_result *const *rs, int n, int base, long from, long to,
                            ps_compare *c, ps_error *err) {
    const ps_result *b = rs[base];
    long lo = LONG_MIN, hi = LONG_MAX;
    char l1[160], l2[160];
    for (int i = 0; i < n; i++) {
        const ps_result *r = rs[i];
        if (strcmp(r->model_name, b->model_name) != 0)
            return ps_error_set(err, PS_ERR_DATA,
                                "%s comes from model '%s' but %s from model '%s': only results "
                                "of the same model can be compared",
                                label_of(r, i, l1, sizeof l1), r->model_name,
                                label_of(b, base, l2, sizeof l2), b->model_name);
        if (r->freq != b->freq)
            return ps_error_set(err, PS_ERR_DATA, "%s is %s but %s is %s",
                                label_of(r, i, l1, sizeof l1), ps_freq_name(r->freq),
                                label_of(b, base, l2, sizeof l2), ps_freq_name(b->freq));
        if (strcmp(r->model_hash, b->model_hash) != 0) {
            char w[512];
            snprintf(w, sizeof w,
                     "%s and %s were made by different versions of model '%s' (hashes "
                     "%.12s and %.12s)",
                     label_of(r, i, l1, sizeof l1), label_of(b, base, l2, sizeof l2),
                     b->model_name, r->model_hash, b->model_hash);
            int rc = add_warning(c, w, err);
            if (rc) return rc;
        }
        if (r->start > lo) lo = r->start;
        if (r->start + r->nper - 1 < hi) hi = r->start + r->nper - 1;
    }
    /* By default compare what was solved: history before it is the same input
    ** in every scenario (it still serves the growth of the first period). */
    if (from == LONG_MIN) from = b->solved_from;
    if (from > lo) lo = from;
    if (to < hi) hi = to;
    if (hi < lo)
        return ps_error_set(err, PS_ERR_DATA,
                            "the results have no period in common (within the requested range)");
    c->start = lo;
    c->nper = (int)(hi - lo + 1);
    c->freq = b->freq;
    return PS_OK;
}

static int pick_vars(const ps_result *const *rs, int n, int base, const char *const *vars,
                     int nvars, ps_compare *c, ps_error *err) {
    const ps_result *b = rs[base];
    int count = 0;
    if (!vars)
        for (int v = 0; v < b->nvar; v++) count += strcmp(b->kinds[v], "endogenous") == 0;
    else count = nvars;
    c->vars = ps_calloc((size_t)(count ? count : 1), sizeof(char *));
    c->descriptions = ps_calloc((size_t)(count ? count : 1), sizeof(char *));
    c->units = ps_calloc((size_t)(count ? count : 1), sizeof(char *));
    c->labels_zh = ps_calloc((size_t)(count ? count : 1), sizeof(char *));
    c->units_zh = ps_calloc((size_t)(count ? count : 1), sizeof(char *));
    if (!c->vars || !c->descriptions || !c->units || !c->labels_zh || !c->units_zh)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int v = 0, k = 0; k < count; v++) {
        const char *name;
        if (vars) name = vars[k];
        else if (strcmp(b->kinds[v], "endogenous") == 0) name = b->names[v];
        else continue;
        int col = ps_result_col(b, name);
        for (int i = 0; i < n; i++)
            if (ps_result_col(rs[i], name) < 0) {
                char l1[160];
                return ps_error_set(err, PS_ERR_DATA, "%s has no variable '%s'",
                                    label_of(rs[i], i, l1, sizeof l1), name);
            }
        c->vars[k] = ps_strdup(name);
        c->descriptions[k] = ps_strdup(b->descriptions[col]);
        c->units[k] = ps_strdup(b->units[col]);
        c->labels_zh[k] = ps_strdup(b->labels_zh ? b->labels_zh[col] : "");
        c->units_zh[k] = ps_strdup(b->units_zh ? b->units_zh[col] : "");
        c->nvar = ++k;
        if (!c->vars[k - 1] || !c->descriptions[k - 1] || !c->units[k - 1] ||
            !c->labels_zh[k - 1] || !c->units_zh[k - 1])
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    return PS_OK;
}

/* Scenario names, made unique so tables and JSON keys never collide. */
static int name_scenarios(const ps_result *const *rs, int n, ps_compare *c, ps_error *err) {
    c->scenarios = ps_calloc((size_t)n, sizeof(char *));
    if (!c->scenarios) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    c->nscen = n;
    for (int i = 0; i < n; i++) {
        const char *nm = rs[i]->scenario && rs[i]->scenario[0] ? rs[i]->scenario : "scenario";
        int same = 0;
        for (int j = 0; j < i; j++)
            same += strcmp(rs[j]->scenario && rs[j]->scenario[0] ? rs[j]->scenario : "scenario",
                           nm) == 0;
        char buf[300];
        if (same) snprintf(buf, sizeof buf, "%s#%d", nm, same + 1);
        else snprintf(buf, sizeof buf, "%s", nm);
        if (!(c->scenarios[i] = ps_strdup(buf)))
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    return PS_OK;
}

static void copy_levels(const ps_result *const *rs, int n, ps_compare *c) {
    for (int s = 0; s < n; s++) {
        const ps_result *r = rs[s];
        for (int v = 0; v < c->nvar; v++) {
            int col = ps_result_col(r, c->vars[v]);
            long off = c->start - r->start;
            for (int t = 0; t < c->nper; t++)
                c->level[((size_t)s * (size_t)c->nvar + (size_t)v) * (size_t)c->nper + (size_t)t] =
                    r->data[(size_t)(off + t) * (size_t)r->nvar + (size_t)col];
            c->prev[(size_t)s * (size_t)c->nvar + (size_t)v] =
                off > 0 ? r->data[(size_t)(off - 1) * (size_t)r->nvar + (size_t)col] : NAN;
        }
    }
}

int ps_compare_new(const ps_result *const *results, int n, int base,
                   const char *const *vars, int nvars, long from, long to, ps_compare **out,
                   ps_error *err) {
    *out = NULL;
    if (n < 1) return ps_error_set(err, PS_ERR_USAGE, "nothing to compare: give results");
    if (base < 0 || base >= n)
        return ps_error_set(err, PS_ERR_USAGE, "the base must be one of the %d results", n);
    ps_compare *c = ps_calloc(1, sizeof *c);
    if (!c) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    c->base = base;
    int rc = (c->model_name = ps_strdup(results[base]->model_name)) ? PS_OK
             : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    if (!rc) rc = check_compatible(results, n, base, from, to, c, err);
    if (!rc) rc = pick_vars(results, n, base, vars, nvars, c, err);
    if (!rc) rc = name_scenarios(results, n, c, err);
    if (!rc) {
        size_t cells = (size_t)n * (size_t)(c->nvar ? c->nvar : 1);
        c->level = ps_malloc(sizeof(double) * cells * (size_t)c->nper);
        c->prev = ps_malloc(sizeof(double) * cells);
        c->solved_from = ps_malloc(sizeof(long) * (size_t)n);
        if (!c->level || !c->prev || !c->solved_from) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    if (rc) {
        ps_compare_free(c);
        return rc;
    }
    copy_levels(results, n, c);
    for (int s = 0; s < n; s++) c->solved_from[s] = results[s]->solved_from;
    *out = c;
    return PS_OK;
}

double ps_compare_level(const ps_compare *c, int s, int v, int t) {
    return c->level[((size_t)s * (size_t)c->nvar + (size_t)v) * (size_t)c->nper + (size_t)t];
}

/* x_s - x_b, 0 within rounding noise (compare.h). */
double ps_compare_diff(const ps_compare *c, int s, int v, int t) {
    double a = ps_compare_level(c, s, v, t), b = ps_compare_level(c, c->base, v, t);
    double d = a - b;
    return fabs(d) <= PS_COMPARE_NOISE * fmax(fabs(a), fabs(b)) ? 0.0 : d;
}

double ps_compare_pct(const ps_compare *c, int s, int v, int t) {
    double b = ps_compare_level(c, c->base, v, t);
    if (b == 0.0) return NAN;
    return ps_compare_diff(c, s, v, t) == 0.0 ? 0.0
                                               : 100.0 * (ps_compare_level(c, s, v, t) / b - 1.0);
}

double ps_compare_growth(const ps_compare *c, int s, int v, int t) {
    double prev = t > 0 ? ps_compare_level(c, s, v, t - 1)
                        : c->prev[(size_t)s * (size_t)c->nvar + (size_t)v];
    return prev == 0.0 ? NAN : 100.0 * (ps_compare_level(c, s, v, t) / prev - 1.0);
}

double ps_compare_growth_pp(const ps_compare *c, int s, int v, int t) {
    return ps_compare_growth(c, s, v, t) - ps_compare_growth(c, c->base, v, t);
}

int ps_compare_scenario(const ps_compare *c, const char *name) {
    for (int i = 0; i < c->nscen; i++)
        if (strcmp(c->scenarios[i], name) == 0) return i;
    return -1;
}

int ps_compare_var(const ps_compare *c, const char *name) {
    for (int i = 0; i < c->nvar; i++)
        if (strcmp(c->vars[i], name) == 0) return i;
    return -1;
}
