#include "frame/frame.h"
#include "util/alloc.h"
#include "io/io.h"

#include "frame/csv_lex.h"
#include "util/names.h"
#include "util/num.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* History and data files: 256 MiB is millions of rows. */
#define CSV_MAX_BYTES ((size_t)256 << 20)

/*
** CSV -> frame.  The lexer (csv_lex.c) deals with quoting and positions;
** this file checks the shape: a header of unique non-empty names, one cell
** per column in every row, consecutive period labels of one frequency, and
** numbers or missing markers in the cells.  A file with a header but no
** rows is refused: a frame without periods has no frequency or start, and
** such a file is far more likely a mistake than a wish.
*/

typedef struct reader {
    csv_lex lx;
    ps_error *err;
    int ncol;                   /* header cells, period column included */
    char **names;               /* ncol - 1 variable names */
    char *period_col;           /* header of the period column */
    ps_freq freq;
    int freq_given;
    long start, prev;           /* ordinals of the first and last row */
    char first_label[PS_PERIOD_LABEL_MAX + 8];
    int first_line, prev_line;
    double *data;
    size_t nrow, rowcap;
    /* polsim's result CSVs mark each row history or projection in a column
    ** `phase` after the period column; it is not data.  phase_maybe: the
    ** header names it, the first row tells (a series may be called phase);
    ** skip: the cell index of that column once known, 0 when none. */
    int phase_maybe, skip;
} reader;

static void reader_free(reader *r) {
    csv_lex_free(&r->lx);
    ps_free_strings(r->names, r->ncol - 1);
    ps_free(r->period_col);
    ps_free(r->data);
}

static int nomem(reader *r) {
    return ps_error_set(r->err, PS_ERR_NOMEM, "out of memory reading '%s'", r->lx.file);
}

static int vfail_at(reader *r, int line, int col, const char *fmt, va_list ap) {
    char msg[PS_ERR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    ps_error_at(r->err, r->lx.file, line, col);
    return ps_error_set(r->err, PS_ERR_DATA, "%s", msg);
}

/* Report a PS_ERR_DATA at line:col, or at a cell (NULL: the file's start). */
static int fail_at(reader *r, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(reader *r, const csv_cell *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(reader *r, int line, int col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(r, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

static int fail(reader *r, const csv_cell *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(r, c ? c->pos.line : 1, c ? csv_pos_col(c->pos) : 1, fmt, ap);
    va_end(ap);
    return rc;
}

/* Byte loop rather than memcmp: GCC cannot prove len guards the bound. */
static int starts_with(const char *text, size_t len, const char *prefix, size_t n) {
    if (len < n) return 0;
    for (size_t i = 0; i < n; i++)
        if (text[i] != prefix[i]) return 0;
    return 1;
}

/* Files that are not comma-separated UTF-8 text fail later with baffling
** messages ("bad number"); recognise the common ones up front. */
static int sniff(reader *r, const char *text, size_t len) {
    const unsigned char *u = (const unsigned char *)text;
    if (starts_with(text, len, "PK\x03\x04", 4))
        return fail(r, NULL, "this is a zip archive (an Excel .xlsx workbook?), not a "
                    "CSV file: in Excel use Save As > CSV UTF-8 (Comma delimited)");
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return fail(r, NULL, "this file is UTF-16 text: save it as UTF-8 CSV "
                    "(in Excel: Save As > CSV UTF-8)");
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line = 1;
        const char *ls = text;
        for (const char *q = text; q < nul; q++)
            if (*q == '\n') { line++; ls = q + 1; }
        return fail_at(r, line, csv_col(ls, nul), "NUL byte in the file: expected a CSV "
                       "text file");
    }
    return PS_OK;
}

static int check_dups(reader *r) {
    int n = r->ncol - 1, i, j;
    ps_name_ix *ix = ps_names_index((const char *const *)r->names, n);
    if (!ix) return nomem(r);
    int dup = ps_names_first_dup(ix, n, &i, &j);
    ps_free(ix);
    if (!dup) return PS_OK;
    return fail(r, &r->lx.cells[j + 1], "duplicate column '%s': columns %d and %d have the "
                "same name", r->names[j], i + 2, j + 2);
}

static int read_header(reader *r) {
    csv_lex *lx = &r->lx;
    int rc = csv_lex_next(lx, r->err);
    if (rc != PS_OK) return rc;
    if (lx->ncell == 0)
        return fail(r, NULL, "empty file: expected a header row like 'period,gdp,c' "
                    "and then one row per period");
    const char *h0 = csv_text(lx, 0);
    if (lx->ncell == 1 && (strchr(h0, ';') || strchr(h0, '\t')))
        return fail(r, &lx->cells[0], "the header has no commas but has %s: polsim reads "
                    "comma-separated files (in Excel: Save As > CSV UTF-8 (Comma delimited))",
                    strchr(h0, ';') ? "semicolons" : "tabs");
    r->ncol = lx->ncell;
    r->names = ps_calloc((size_t)r->ncol, sizeof *r->names);
    r->period_col = ps_strdup(h0[0] ? h0 : "period");
    if (!r->names || !r->period_col) return nomem(r);
    for (int i = 1; i < r->ncol; i++) {
        const char *name = csv_text(lx, i);
        if (!name[0])
            return fail(r, &lx->cells[i], "column %d has an empty name: every column "
                        "after the period column needs a name", i + 1);
        if (!(r->names[i - 1] = ps_strdup(name))) return nomem(r);
    }
    r->phase_maybe = r->ncol > 1 && strcmp(r->names[0], "phase") == 0;
    return check_dups(r);
}

/* Columns of data: every one after the period column but the marker. */
static int data_width(const reader *r) { return r->ncol - 1 - (r->skip ? 1 : 0); }

static int is_phase(const char *s) {
    return strcmp(s, "history") == 0 || strcmp(s, "projection") == 0;
}

static int check_phase(reader *r, const char *label) {
    if (r->phase_maybe && r->nrow == 0) r->skip = is_phase(csv_text(&r->lx, 1)) ? 1 : 0;
    if (!r->skip || is_phase(csv_text(&r->lx, r->skip))) return PS_OK;
    return fail(r, &r->lx.cells[r->skip], "column 'phase' (period %s): expected history or "
                "projection, found '%s': the column marks which rows are history (it holds "
                "no numbers)", label, csv_text(&r->lx, r->skip));
}

/* Prefix the period module's message with where the label was. */
static int fail_label(reader *r, const csv_cell *c, const char *extra) {
    char msg[PS_ERR_MSG_MAX];
    snprintf(msg, sizeof msg, "%s", r->err ? r->err->message : "");
    return fail(r, c, "column '%s': %s%s", r->period_col, msg, extra);
}

static int first_period(reader *r, const csv_cell *c, const char *label) {
    if (!r->freq_given && ps_period_guess_freq(label, &r->freq) != PS_OK)
        return fail(r, c, "column '%s': '%s' is not a period: expected a year like 2024, "
                    "a quarter like 2024Q1 or a month like 2024M01",
                    r->period_col, label);
    if (ps_period_parse(label, r->freq, &r->start, r->err) != PS_OK)
        return fail_label(r, c, "");
    r->prev = r->start;
    snprintf(r->first_label, sizeof r->first_label, "%s", label);
    r->first_line = r->prev_line = c->pos.line;
    return PS_OK;
}

/* Each row must be the period right after the previous one. */
static int next_period(reader *r, const csv_cell *c, const char *label) {
    long p;
    if (ps_period_parse(label, r->freq, &p, r->err) != PS_OK) {
        char extra[96] = "";
        ps_freq shape;
        if (!r->freq_given && ps_period_guess_freq(label, &shape) == PS_OK &&
            shape != r->freq)
            snprintf(extra, sizeof extra, " (the first period, '%s' on line %d, sets "
                     "the frequency)", r->first_label, r->first_line);
        return fail_label(r, c, extra);
    }
    char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX], z[PS_PERIOD_LABEL_MAX];
    ps_period_format(r->prev, r->freq, a, sizeof a);
    if (p == r->prev)
        return fail(r, c, "period %s appears twice (also on line %d)", label, r->prev_line);
    if (p < r->prev)
        return fail(r, c, "period %s is out of order: it comes after %s; rows must be "
                    "consecutive periods in increasing order", label, a);
    if (p > r->prev + 1) {
        ps_period_format(r->prev + 1, r->freq, b, sizeof b);
        ps_period_format(p - 1, r->freq, z, sizeof z);
        if (p == r->prev + 2)
            return fail(r, c, "period %s is missing: rows must be consecutive periods "
                        "(%s is followed by %s)", b, a, label);
        return fail(r, c, "periods %s to %s are missing: rows must be consecutive "
                    "periods (%s is followed by %s)", b, z, a, label);
    }
    r->prev = p;
    r->prev_line = c->pos.line;
    return PS_OK;
}

static int is_missing(const char *s) {
    static const char *const marks[] = {"", "NA", "NaN", "nan", "NAN", ".", "#N/A"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strcmp(s, marks[i]) == 0) return 1;
    return 0;
}

static int parse_cell(reader *r, int i, const char *label, double *out) {
    const char *s = csv_text(&r->lx, i);
    const csv_cell *c = &r->lx.cells[i];
    if (is_missing(s)) {
        *out = NAN;
        return PS_OK;
    }
    switch (ps_num_parse(s, out)) {
    case PS_NUM_OK: return PS_OK;
    case PS_NUM_RANGE:
        return fail(r, c, "number '%s' in column '%s' (period %s) is too large: doubles "
                    "stop near 1.8e308", s, r->names[i - 1], label);
    default:
        return fail(r, c, "bad number '%s' in column '%s' (period %s): expected a number "
                    "like 1.5 or -2.5e3 (a '.' decimal point, no thousands separators), "
                    "or an empty cell, NA or . for a missing value",
                    s, r->names[i - 1], label);
    }
}

static int grow_rows(reader *r) {
    size_t width = (size_t)data_width(r);
    if (r->nrow < r->rowcap) return PS_OK;
    size_t cap = r->rowcap ? r->rowcap * 2 : 64;
    if (cap > (size_t)INT_MAX || (width && cap > SIZE_MAX / sizeof(double) / width))
        return ps_error_set(r->err, PS_ERR_LIMIT, "'%s' has too many rows", r->lx.file);
    double *nd = ps_realloc(r->data, cap * (width ? width : 1) * sizeof *nd);
    if (!nd) return nomem(r);
    r->data = nd;
    r->rowcap = cap;
    return PS_OK;
}

static int check_width(reader *r) {
    const csv_lex *lx = &r->lx;
    if (lx->ncell > r->ncol)
        return fail(r, &lx->cells[r->ncol], "row %d has %d cells, the header has %d: "
                    "remove the extra cells or name their columns in the header",
                    lx->record, lx->ncell, r->ncol);
    if (lx->ncell < r->ncol) {
        int line = lx->rec_end.line, col = csv_pos_col(lx->rec_end);
        const char *first = r->names[lx->ncell - 1], *last = r->names[r->ncol - 2];
        if (lx->ncell == r->ncol - 1)
            return fail_at(r, line, col, "row %d has %d cells, the header has %d: column "
                           "'%s' has no cell (leave a cell empty for a missing value)",
                           lx->record, lx->ncell, r->ncol, first);
        return fail_at(r, line, col, "row %d has %d cells, the header has %d: columns '%s' "
                       "to '%s' have no cells (leave a cell empty for a missing value)",
                       lx->record, lx->ncell, r->ncol, first, last);
    }
    return PS_OK;
}

static int read_row(reader *r) {
    csv_lex *lx = &r->lx;
    int rc = check_width(r);
    if (rc != PS_OK) return rc;
    const char *label = csv_text(lx, 0);
    if (!label[0])
        return fail(r, &lx->cells[0], "row %d has no period in column '%s'",
                    lx->record, r->period_col);
    rc = r->nrow == 0 ? first_period(r, &lx->cells[0], label)
                      : next_period(r, &lx->cells[0], label);
    if (rc == PS_OK) rc = check_phase(r, label);
    if (rc == PS_OK) rc = grow_rows(r);
    if (rc != PS_OK) return rc;
    double *row = r->data + r->nrow * (size_t)data_width(r);
    for (int i = 1, k = 0; i < r->ncol; i++)
        if (i != r->skip && (rc = parse_cell(r, i, label, &row[k++])) != PS_OK) return rc;
    r->nrow++;
    return PS_OK;
}

/* Hand the names and data over to a frame, without copying the data. */
static int make_frame(reader *r, ps_frame **out) {
    ps_frame *f = ps_calloc(1, sizeof *f);
    if (!f) return nomem(r);
    if (r->skip) {   /* the marker is not a series: drop its name */
        ps_free(r->names[r->skip - 1]);
        memmove(r->names + r->skip - 1, r->names + r->skip,
                (size_t)(r->ncol - 1 - r->skip) * sizeof *r->names);
        r->names[r->ncol - 2] = NULL;
    }
    f->nvar = data_width(r);
    f->nper = (int)r->nrow;
    f->freq = r->freq;
    f->start = r->start;
    f->names = r->names;
    f->data = r->data;
    r->names = NULL;
    r->data = NULL;
    *out = f;
    return PS_OK;
}

static int parse_all(reader *r, const char *text, size_t len, ps_frame **out) {
    int rc = sniff(r, text, len);
    if (rc != PS_OK) return rc;
    if (starts_with(text, len, "\xEF\xBB\xBF", 3)) {   /* UTF-8 BOM (Excel) */
        text += 3;
        len -= 3;
    }
    csv_lex_init(&r->lx, text, len, r->lx.file);
    if ((rc = read_header(r)) != PS_OK) return rc;
    for (;;) {
        if ((rc = csv_lex_next(&r->lx, r->err)) != PS_OK) return rc;
        if (r->lx.ncell == 0) break;
        if ((rc = read_row(r)) != PS_OK) return rc;
    }
    if (r->nrow == 0) {
        return fail_at(r, r->lx.line, 1, "no data rows after the header: expected one "
                       "row per period, like '2024,1.5,...'");
    }
    return make_frame(r, out);
}

int ps_frame_parse_csv(const char *text, size_t len, const char *filename,
                       ps_freq freq, ps_frame **out, ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_frame_parse_csv: NULL out");
    *out = NULL;
    if (!text && len > 0)
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_parse_csv: NULL text");
    if (freq != 0 && freq != PS_FREQ_ANNUAL && freq != PS_FREQ_QUARTERLY &&
        freq != PS_FREQ_MONTHLY)
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_parse_csv: invalid frequency %d",
                            (int)freq);
    if (len > (size_t)INT_MAX)
        return ps_error_set(err, PS_ERR_LIMIT, "CSV text of %zu bytes is too large", len);
    reader r;
    memset(&r, 0, sizeof r);
    r.err = err;
    r.lx.file = filename ? filename : "<string>";
    r.freq = freq;
    r.freq_given = freq != 0;
    int rc = parse_all(&r, text ? text : "", len, out);
    reader_free(&r);
    return rc;
}

int ps_frame_read_csv(const char *path, ps_freq freq, ps_frame **out, ps_error *err) {
    if (!path || !out) return ps_error_set(err, PS_ERR_USAGE, "ps_frame_read_csv: NULL argument");
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = ps_file_read_all(path, CSV_MAX_BYTES, &text, &len, err);
    if (rc != PS_OK) return rc;
    rc = ps_frame_parse_csv(text, len, path, freq, out, err);
    ps_free(text);
    return rc;
}
