/*
** Report module: the assumptions of a scenario, read off its result as the
** exogenous inputs in which it differs from the base.  Results do not record
** which script lines set what, but they hold every input series, so the
** difference of the inputs is exact whatever the script did.
*/
#include "report/report_int.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int same(double a, double b) {
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-12 * scale;
}

static int is_input(const char *kind) {
    return strcmp(kind, "exogenous") == 0 || strcmp(kind, "add-factor") == 0;
}

static double value_at(const ps_result *r, int col, long p) {
    if (col < 0) return NAN;
    return r->data[(size_t)(p - r->start) * (size_t)r->nvar + (size_t)col];
}

static int push_row(ps_assume_row **rows, int *n, int *cap, const ps_assume_row *row) {
    if (*n == *cap) {
        int ncap = *cap ? 2 * *cap : 16;
        ps_assume_row *r = ps_realloc(*rows, sizeof *r * (size_t)ncap);
        if (!r) return -1;
        *rows = r;
        *cap = ncap;
    }
    (*rows)[(*n)++] = *row;
    return 0;
}

/* The runs of one series: consecutive differing periods with the same pair. */
static int series_runs(const ps_result *b, const ps_result *s, int col, long lo, long hi,
                       ps_assume_row **rows, int *n, int *cap) {
    int scol = ps_result_col(s, b->names[col]);
    ps_assume_row run = {col, 0, -1, 0, 0};
    int open = 0;
    for (long p = lo; p <= hi; p++) {
        double x = value_at(b, col, p), y = value_at(s, scol, p);
        int differs = !same(x, y);
        if (open && (!differs || !same(x, run.base) || !same(y, run.scen))) {
            if (push_row(rows, n, cap, &run)) return -1;
            open = 0;
        }
        if (differs && !open) {
            run.from = p;
            run.base = x;
            run.scen = y;
            open = 1;
        }
        if (open) run.to = p;
    }
    return open ? push_row(rows, n, cap, &run) : 0;
}

int ps_report_assumptions(const ps_result *base, const ps_result *s, ps_assume_row **rows,
                          int *nrows, ps_error *err) {
    *rows = NULL;
    *nrows = 0;
    long lo = base->start > s->start ? base->start : s->start;
    long bhi = base->start + base->nper - 1, shi = s->start + s->nper - 1;
    long hi = bhi < shi ? bhi : shi;
    int cap = 0;
    for (int v = 0; v < base->nvar; v++) {
        if (!is_input(base->kinds[v])) continue;
        if (series_runs(base, s, v, lo, hi, rows, nrows, &cap)) {
            ps_free(*rows);
            *rows = NULL;
            *nrows = 0;
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        }
    }
    return PS_OK;
}
