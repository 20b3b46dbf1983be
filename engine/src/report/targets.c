/*
** Targets files (report.h, docs/report.md "Targets file"): CSV or JSON rows of
** variable, period, target value, optional label and kind.
*/
#include "report/report.h"
#include "util/alloc.h"
#include "io/io.h"

#include "report/report_int.h"
#include "util/num.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A targets file is a handful of rows; anything bigger is a wrong file. */
#define TARGETS_MAX_BYTES (16u << 20)

void ps_targets_free(ps_targets *t) {
    if (!t) return;
    for (int i = 0; i < t->n; i++) {
        ps_free(t->items[i].variable);
        ps_free(t->items[i].label);
        ps_free(t->items[i].label_zh);
    }
    ps_free(t->items);
    ps_free(t->path);
    ps_free(t);
}

static int bad_at(ps_error *err, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int bad_at(ps_error *err, const char *file, int line, const char *fmt, ...) {
    char msg[PS_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ps_error_at(err, file, line, 0);
    return ps_error_set(err, PS_ERR_DATA, "%s", msg);
}

/* One row's raw text, before it is checked. */
typedef struct raw_target {
    const char *variable, *period, *label, *kind;
    double value;
    const char *label_zh;
} raw_target;

static int add_target(ps_targets *t, const raw_target *r, ps_freq freq, int line,
                      const char *where, ps_error *err) {
    const char *file = t->path;
    if (!r->variable[0])
        return bad_at(err, file, line, "%s: the variable is empty: expected a variable name", where);
    ps_target_kind kind = PS_TARGET_GROWTH;
    if (r->kind && r->kind[0] && strcmp(r->kind, "growth") != 0) {
        if (strcmp(r->kind, "level") != 0)
            return bad_at(err, file, line, "%s: kind '%s': expected \"growth\" or \"level\"",
                          where, r->kind);
        kind = PS_TARGET_LEVEL;
    }
    long period;
    ps_error perr;
    ps_error_clear(&perr);
    if (ps_period_parse(r->period, freq, &period, &perr))
        return bad_at(err, file, line, "%s: period: %s (the results are %s)", where,
                      perr.message, ps_freq_name(freq));
    for (int i = 0; i < t->n; i++) {
        const ps_target *o = &t->items[i];
        if (o->period == period && o->kind == kind && strcmp(o->variable, r->variable) == 0)
            return bad_at(err, file, line,
                          "%s: a second %s target for '%s' in %s (the first is at %s %d): "
                          "give one target per variable, period and kind",
                          where, kind == PS_TARGET_LEVEL ? "level" : "growth", r->variable,
                          r->period, o->line ? "line" : "entry", o->line ? o->line : i + 1);
    }
    ps_target *items = ps_realloc(t->items, sizeof *items * (size_t)(t->n + 1));
    if (!items) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    t->items = items;
    ps_target *x = &items[t->n];
    memset(x, 0, sizeof *x);
    x->variable = ps_strdup(r->variable);
    x->label = ps_strdup(r->label ? r->label : "");
    x->label_zh = ps_strdup(r->label_zh ? r->label_zh : "");
    if (!x->variable || !x->label || !x->label_zh) {
        ps_free(x->variable);
        ps_free(x->label);
        ps_free(x->label_zh);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    x->period = period;
    x->value = r->value;
    x->kind = kind;
    x->line = line;
    t->n++;
    return PS_OK;
}

/* ---- CSV ---------------------------------------------------------------- */

#define CSV_MAX_CELLS 8

typedef struct csv_row {
    int n;
    char *cell[CSV_MAX_CELLS];
} csv_row;

static void csv_row_free(csv_row *r) {
    for (int i = 0; i < r->n; i++) ps_free(r->cell[i]);
    r->n = 0;
}

static char *trimmed_dup(const char *s, size_t n) {
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return ps_strndup(s, n);
}

/* Split one line (no line end) into cells, RFC 4180 quoting ("a, b", ""). */
static int csv_split(const char *s, size_t n, csv_row *row, const char *file, int line,
                     ps_error *err) {
    size_t i = 0;
    row->n = 0;
    for (;;) {
        if (row->n == CSV_MAX_CELLS) {
            csv_row_free(row);
            return bad_at(err, file, line, "more than %d cells: expected variable, period, "
                          "target, label, kind", CSV_MAX_CELLS);
        }
        char *cell;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i < n && s[i] == '"') {
            char buf[1024];
            size_t k = 0;
            for (i++; i < n && k + 1 < sizeof buf; i++) {
                if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') buf[k++] = s[i++];
                else if (s[i] == '"') break;
                else buf[k++] = s[i];
            }
            if (i >= n || s[i] != '"') {
                csv_row_free(row);
                return bad_at(err, file, line, "a quoted cell is not closed (or longer than "
                              "1000 characters): expected a closing \"");
            }
            for (i++; i < n && s[i] != ','; i++) {}
            cell = trimmed_dup(buf, k);
        } else {
            size_t j = i;
            while (i < n && s[i] != ',') i++;
            cell = trimmed_dup(s + j, i - j);
        }
        if (!cell) {
            csv_row_free(row);
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        }
        row->cell[row->n++] = cell;
        if (i >= n) return PS_OK;
        i++; /* the comma */
    }
}

enum { COL_VAR, COL_PERIOD, COL_TARGET, COL_LABEL, COL_KIND, COL_LABEL_ZH, NCOLS };
static const char *const col_names[NCOLS] = {"variable", "period", "target", "label", "kind",
                                             "label_zh"};

static int csv_header(const csv_row *h, int col[NCOLS], const char *file, int line,
                      ps_error *err) {
    for (int c = 0; c < NCOLS; c++) col[c] = -1;
    for (int i = 0; i < h->n; i++) {
        int c = 0;
        while (c < NCOLS && strcmp(h->cell[i], col_names[c]) != 0) c++;
        if (c == NCOLS)
            return bad_at(err, file, line, "unknown column '%s': expected variable, period, "
                          "target and optionally label, kind and label_zh", h->cell[i]);
        if (col[c] >= 0)
            return bad_at(err, file, line, "column '%s' appears twice", h->cell[i]);
        col[c] = i;
    }
    for (int c = COL_VAR; c <= COL_TARGET; c++)
        if (col[c] < 0)
            return bad_at(err, file, line, "no column '%s': the header must name variable, "
                          "period and target (growth in percent, or a level with kind=level)",
                          col_names[c]);
    return PS_OK;
}

static int csv_target(ps_targets *t, const csv_row *row, const int col[NCOLS], int ncols,
                      ps_freq freq, int line, ps_error *err) {
    if (row->n != ncols)
        return bad_at(err, t->path, line, "%d cells, the header has %d", row->n, ncols);
    raw_target r = {row->cell[col[COL_VAR]], row->cell[col[COL_PERIOD]],
                    col[COL_LABEL] >= 0 ? row->cell[col[COL_LABEL]] : NULL,
                    col[COL_KIND] >= 0 ? row->cell[col[COL_KIND]] : NULL, 0,
                    col[COL_LABEL_ZH] >= 0 ? row->cell[col[COL_LABEL_ZH]] : NULL};
    const char *v = row->cell[col[COL_TARGET]];
    if (ps_num_parse(v, &r.value) != PS_NUM_OK)
        return bad_at(err, t->path, line, "target '%s' of '%s' is not a number: expected a "
                      "number like 6 or 7.5 (percent growth, no %% sign)", v, r.variable);
    return add_target(t, &r, freq, line, r.variable, err);
}

static int parse_csv(ps_targets *t, const char *text, size_t len, ps_freq freq,
                     ps_error *err) {
    int col[NCOLS], ncols = 0, line = 0, rc = PS_OK;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3; /* Excel's BOM */
    while (pos < len && !rc) {
        size_t end = pos;
        while (end < len && text[end] != '\n') end++;
        size_t n = end - pos;
        if (n && text[pos + n - 1] == '\r') n--;
        line++;
        const char *s = text + pos;
        pos = end + 1;
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
        if (k == n || s[k] == '#') continue; /* blank or comment */
        csv_row row = {0};
        rc = csv_split(s, n, &row, t->path, line, err);
        if (rc) break;
        if (!ncols) {
            rc = csv_header(&row, col, t->path, line, err);
            ncols = row.n;
        } else {
            rc = csv_target(t, &row, col, ncols, freq, line, err);
        }
        csv_row_free(&row);
    }
    if (!rc && !ncols)
        rc = bad_at(err, t->path, 0, "no header: expected a line 'variable,period,target'");
    return rc;
}

/* ---- JSON --------------------------------------------------------------- */

static int json_target(ps_targets *t, const cJSON *o, int i, ps_freq freq, ps_error *err) {
    char where[64], pbuf[32];
    snprintf(where, sizeof where, "targets[%d]", i);
    if (!cJSON_IsObject(o))
        return bad_at(err, t->path, 0, "%s: expected an object {\"variable\": ..., "
                      "\"period\": ..., \"target\": ...}", where);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "variable");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "period");
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "target");
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, "label");
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(o, "kind");
    const cJSON *lz = cJSON_GetObjectItemCaseSensitive(o, "label_zh");
    if (lz && !cJSON_IsString(lz))
        return bad_at(err, t->path, 0, "%s.label_zh: expected a string", where);
    if (!cJSON_IsString(v))
        return bad_at(err, t->path, 0, "%s.variable: expected a string", where);
    if (cJSON_IsNumber(p) && p->valuedouble == (double)(long)p->valuedouble)
        snprintf(pbuf, sizeof pbuf, "%ld", (long)p->valuedouble); /* 2024 for "2024" */
    else if (cJSON_IsString(p)) snprintf(pbuf, sizeof pbuf, "%s", p->valuestring);
    else return bad_at(err, t->path, 0, "%s.period: expected a period like \"2024\"", where);
    if (!cJSON_IsNumber(x))
        return bad_at(err, t->path, 0, "%s.target: expected a number (percent growth)", where);
    if ((l && !cJSON_IsString(l)) || (k && !cJSON_IsString(k)))
        return bad_at(err, t->path, 0, "%s.%s: expected a string", where, l && !cJSON_IsString(l)
                      ? "label" : "kind");
    raw_target r = {v->valuestring, pbuf, l ? l->valuestring : NULL,
                    k ? k->valuestring : NULL, x->valuedouble, lz ? lz->valuestring : NULL};
    return add_target(t, &r, freq, 0, where, err);
}

static int parse_json(ps_targets *t, const char *text, size_t len, ps_freq freq,
                      ps_error *err) {
    unsigned long nomem = ps_alloc_failures();
    cJSON *doc = cJSON_ParseWithLength(text, len);
    if (!doc && ps_alloc_failures() != nomem)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory reading %s", t->path);
    if (!doc)
        return bad_at(err, t->path, 0, "not valid JSON (near byte %ld): expected an array of "
                      "targets or {\"targets\": [...]}",
                      cJSON_GetErrorPtr() ? (long)(cJSON_GetErrorPtr() - text) : 0L);
    const cJSON *arr = cJSON_IsObject(doc) ? cJSON_GetObjectItemCaseSensitive(doc, "targets") : doc;
    int rc = PS_OK;
    if (!cJSON_IsArray(arr))
        rc = bad_at(err, t->path, 0, "expected an array of targets or an object with an "
                    "array \"targets\"");
    int i = 0;
    for (const cJSON *o = arr ? arr->child : NULL; o && !rc; o = o->next, i++)
        rc = json_target(t, o, i, freq, err);
    cJSON_Delete(doc);
    return rc;
}

int ps_targets_parse(const char *text, size_t len, const char *filename, ps_freq freq,
                     ps_targets **out, ps_error *err) {
    *out = NULL;
    ps_targets *t = ps_calloc(1, sizeof *t);
    if (!t || !(t->path = ps_strdup(filename ? filename : "targets"))) {
        ps_free(t);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    int rc = i < len && (text[i] == '[' || text[i] == '{') ? parse_json(t, text, len, freq, err)
                                                           : parse_csv(t, text, len, freq, err);
    if (!rc && t->n == 0)
        rc = bad_at(err, t->path, 0, "no targets: expected at least one row "
                    "variable,period,target");
    if (rc) {
        ps_targets_free(t);
        return rc;
    }
    *out = t;
    return PS_OK;
}

int ps_targets_read(const char *path, ps_freq freq, ps_targets **out, ps_error *err) {
    char *text;
    size_t len;
    *out = NULL;
    int rc = ps_file_read_all(path, TARGETS_MAX_BYTES, &text, &len, err);
    if (rc) return rc;
    rc = ps_targets_parse(text, len, path, freq, out, err);
    ps_free(text);
    return rc;
}
