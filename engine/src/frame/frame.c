#include "polsim/frame.h"

#include "util/names.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_freq(ps_freq f) {
    return f == PS_FREQ_ANNUAL || f == PS_FREQ_QUARTERLY || f == PS_FREQ_MONTHLY;
}

static char *dup_str(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Refuse NULL, empty and duplicate names: ps_frame_col would silently find
** only the first of two equal names. */
static int check_names(int nvar, const char *const *names, ps_error *err) {
    for (int v = 0; v < nvar; v++)
        if (!names[v] || !names[v][0])
            return ps_error_set(err, PS_ERR_USAGE,
                                "ps_frame_alloc: column %d has no name", v + 1);
    ps_name_ix *ix = ps_names_index(names, nvar);
    if (!ix) return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating a frame");
    int i, j, dup = ps_names_first_dup(ix, nvar, &i, &j);
    free(ix);
    if (dup)
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_alloc: duplicate column name "
                            "'%s' (columns %d and %d)", names[i], i + 1, j + 1);
    return PS_OK;
}

static int fill_names(ps_frame *f, const char *const *names) {
    for (int v = 0; v < f->nvar; v++) {
        if (names) {
            f->names[v] = dup_str(names[v]);
        } else {
            char tmp[24];
            snprintf(tmp, sizeof tmp, "v%d", v);
            f->names[v] = dup_str(tmp);
        }
        if (!f->names[v]) return PS_ERR_NOMEM;
    }
    return PS_OK;
}

/* A frame of NaNs with names copied from `names` (NULL: v0, v1, ...),
** unchecked: callers check or already know the names are fine. */
static int frame_new(int nvar, int nper, ps_freq freq, long start,
                     const char *const *names, ps_frame **out, ps_error *err) {
    size_t cells = (size_t)nvar * (size_t)nper;
    if ((nper > 0 && cells / (size_t)nper != (size_t)nvar) ||
        cells > SIZE_MAX / sizeof(double) - 1)
        return ps_error_set(err, PS_ERR_LIMIT, "frame of %d x %d values is too large",
                            nvar, nper);
    ps_frame *f = calloc(1, sizeof *f);
    if (!f) return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating a frame");
    f->nvar = nvar;
    f->nper = nper;
    f->freq = freq;
    f->start = start;
    /* +1: malloc(0) may return NULL, which would read as a failure. */
    f->names = calloc((size_t)nvar + 1, sizeof *f->names);
    f->data = malloc((cells + 1) * sizeof *f->data);
    if (!f->names || !f->data || fill_names(f, names) != PS_OK) {
        ps_frame_free(f);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating a frame of "
                            "%d x %d values", nvar, nper);
    }
    for (size_t i = 0; i < cells; i++) f->data[i] = NAN;
    *out = f;
    return PS_OK;
}

int ps_frame_alloc(int nvar, int nper, ps_freq freq, long start,
                   const char *const *names, ps_frame **out, ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_frame_alloc: NULL out");
    *out = NULL;
    if (nvar < 0 || nper < 0)
        return ps_error_set(err, PS_ERR_USAGE,
                            "ps_frame_alloc: negative size (%d variables, %d periods)",
                            nvar, nper);
    if (!valid_freq(freq))
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_alloc: invalid frequency %d",
                            (int)freq);
    int rc = names ? check_names(nvar, names, err) : PS_OK;
    if (rc != PS_OK) return rc;
    return frame_new(nvar, nper, freq, start, names, out, err);
}

void ps_frame_free(ps_frame *f) {
    if (!f) return;
    if (f->names)
        for (int v = 0; v < f->nvar; v++) free(f->names[v]);
    free(f->names);
    free(f->data);
    free(f);
}

int ps_frame_copy(const ps_frame *f, ps_frame **out, ps_error *err) {
    if (!f || !out) return ps_error_set(err, PS_ERR_USAGE, "ps_frame_copy: NULL argument");
    *out = NULL;
    /* The source's names are already checked: do not pay for it again. */
    int rc = frame_new(f->nvar, f->nper, f->freq, f->start,
                       (const char *const *)f->names, out, err);
    if (rc != PS_OK) return rc;
    memcpy((*out)->data, f->data, (size_t)f->nvar * (size_t)f->nper * sizeof *f->data);
    return PS_OK;
}

int ps_frame_col(const ps_frame *f, const char *name) {
    if (!f || !name) return -1;
    for (int v = 0; v < f->nvar; v++)
        if (strcmp(f->names[v], name) == 0) return v;
    return -1;
}
