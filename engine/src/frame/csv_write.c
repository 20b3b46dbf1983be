#include "frame/frame.h"
#include "util/alloc.h"
#include "io/io.h"

#include "frame/frame_int.h"
#include "util/num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
** frame -> CSV.  The text is built in memory and handed to
** ps_file_write_atomic, so a failed write never leaves half a file.  Lines
** end in LF and there is no byte-order mark unless asked for (PS_CSV_BOM):
** pandas' default encoding would read the first header as "\ufeffperiod",
** but Excel on a Windows set to a Chinese code page needs the mark to read
** UTF-8 names at all.
*/

typedef struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

static void put(sbuf *b, const char *s, size_t n) {
    if (b->oom) return;
    if (b->cap - b->len < n) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n) cap *= 2;
        char *ns = ps_realloc(b->s, cap);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }

/* RFC 4180: quote a name with a comma, quote or line break, and one with
** blanks at either end (the reader trims those from unquoted cells). */
static void put_name(sbuf *b, const char *name) {
    size_t n = strlen(name);
    int quote = strpbrk(name, ",\"\r\n") != NULL ||
                (n > 0 && (strchr(" \t", name[0]) || strchr(" \t", name[n - 1])));
    if (!quote) {
        put(b, name, n);
        return;
    }
    put(b, "\"", 1);
    for (const char *p = name; *p; p++) {
        if (*p == '"') put(b, "\"", 1);
        put(b, p, 1);
    }
    put(b, "\"", 1);
}

static int check_args(const ps_frame *f, const int *cols, int ncols, int t0, int t1,
                      ps_error *err) {
    if (t0 < 0 || t1 < t0 || t1 >= f->nper)
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_write_csv: period indexes "
                            "[%d, %d] are not inside the frame's [0, %d]",
                            t0, t1, f->nper - 1);
    if (cols && ncols < 0)
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_write_csv: negative ncols");
    for (int i = 0; cols && i < ncols; i++)
        if (cols[i] < 0 || cols[i] >= f->nvar)
            return ps_error_set(err, PS_ERR_USAGE, "ps_frame_write_csv: column %d does "
                                "not exist (the frame has %d)", cols[i], f->nvar);
    return PS_OK;
}

static int put_value(sbuf *b, const ps_frame *f, int v, int t, ps_error *err) {
    double x = ps_frame_get(f, v, t);
    if (isnan(x)) return PS_OK;   /* missing: an empty cell */
    if (isinf(x))
        return ps_frame_inf_error(err, f->names[v], f->start + t, f->freq, x,
                                  "a CSV file holds finite numbers (or empty cells for "
                                  "missing values)");
    char num[PS_NUM_BUF];
    put(b, num, (size_t)ps_num_format(x, num));
    return PS_OK;
}

static int render(sbuf *b, const ps_frame *f, const int *cols, int ncols, int t0, int t1,
                  const ps_csv_opts *o, ps_error *err) {
    if (o->bom) puts_(b, PS_UTF8_BOM);
    puts_(b, "period");
    if (o->phase) puts_(b, ",phase");
    for (int i = 0; i < ncols; i++) {
        put(b, ",", 1);
        put_name(b, f->names[cols ? cols[i] : i]);
    }
    put(b, "\n", 1);
    for (int t = t0; t <= t1; t++) {
        char label[PS_PERIOD_LABEL_MAX];
        puts_(b, ps_period_format(f->start + t, f->freq, label, sizeof label));
        if (o->phase) puts_(b, t < o->phase_from ? ",history" : ",projection");
        for (int i = 0; i < ncols; i++) {
            put(b, ",", 1);
            int rc = put_value(b, f, cols ? cols[i] : i, t, err);
            if (rc != PS_OK) return rc;
        }
        put(b, "\n", 1);
    }
    if (b->oom) return ps_error_set(err, PS_ERR_NOMEM, "out of memory writing CSV");
    return PS_OK;
}

int ps_frame_write_csv(const ps_frame *f, const int *cols, int ncols, int t0, int t1,
                       const char *path, ps_error *err) {
    return ps_frame_write_csv_opts(f, cols, ncols, t0, t1, NULL, path, err);
}

/* The marker column would collide with a series of the same name, and a
** reader could not tell the two apart. */
static int check_phase_name(const ps_frame *f, const int *cols, int ncols, ps_error *err) {
    for (int i = 0; i < ncols; i++)
        if (strcmp(f->names[cols ? cols[i] : i], "phase") == 0)
            return ps_error_set(err, PS_ERR_DATA, "cannot write a CSV with a history/"
                                "projection column 'phase': a series is named 'phase' too; "
                                "rename the series or write JSON");
    return PS_OK;
}

int ps_frame_write_csv_opts(const ps_frame *f, const int *cols, int ncols, int t0, int t1,
                            const ps_csv_opts *opts, const char *path, ps_error *err) {
    if (!f || !path)
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_write_csv: NULL argument");
    ps_csv_opts none = {0, 0, 0};
    const ps_csv_opts *o = opts ? opts : &none;
    if (!cols) ncols = f->nvar;
    int rc = check_args(f, cols, ncols, t0, t1, err);
    if (rc == PS_OK && o->phase) rc = check_phase_name(f, cols, ncols, err);
    if (rc != PS_OK) return rc;
    sbuf b = {0};
    rc = render(&b, f, cols, ncols, t0, t1, o, err);
    if (rc == PS_OK) rc = ps_file_write_atomic(path, b.s, b.len, err);
    ps_free(b.s);
    return rc;
}

int ps_frame_inf_error(ps_error *err, const char *name, long period, ps_freq freq, double x,
                       const char *why) {
    char label[PS_PERIOD_LABEL_MAX];
    ps_period_format(period, freq, label, sizeof label);
    return ps_error_set(err, PS_ERR_DATA, "cannot write '%s' in period %s: the value is %s, and %s",
                        name, label, x > 0 ? "+Inf" : "-Inf", why);
}
