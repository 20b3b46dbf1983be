#include "frame/frame.h"
#include "util/alloc.h"

#include "frame/frame_int.h"
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

/* Refuse NULL, empty and duplicate names: ps_frame_col would silently find
** only the first of two equal names. */
static int check_names(int nvar, const char *const *names, ps_error *err) {
    for (int v = 0; v < nvar; v++)
        if (!names[v] || !names[v][0])
            return ps_error_set(err, PS_ERR_USAGE,
                                "ps_frame_new: column %d has no name", v + 1);
    ps_name_ix *ix = ps_names_index(names, nvar);
    if (!ix) return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating a frame");
    int i, j, dup = ps_names_first_dup(ix, nvar, &i, &j);
    ps_free(ix);
    if (dup)
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_new: duplicate column name "
                            "'%s' (columns %d and %d)", names[i], i + 1, j + 1);
    return PS_OK;
}

static int fill_names(ps_frame *f, const char *const *names) {
    for (int v = 0; v < f->nvar; v++) {
        if (names) {
            f->names[v] = ps_strdup(names[v]);
        } else {
            char tmp[24];
            snprintf(tmp, sizeof tmp, "v%d", v);
            f->names[v] = ps_strdup(tmp);
        }
        if (!f->names[v]) return PS_ERR_NOMEM;
    }
    return PS_OK;
}

/* All names in one block: a city model's frame has a hundred names, and
** allocating and freeing each one cost more than the rest of the frame. */
static int pool_names(ps_frame *f, const char *const *names) {
    size_t total = 0;
    for (int v = 0; v < f->nvar; v++) total += strlen(names[v]) + 1;
    char *at = f->namepool_ = ps_malloc(total ? total : 1);
    if (!at) return PS_ERR_NOMEM;
    for (int v = 0; v < f->nvar; v++) {
        size_t n = strlen(names[v]) + 1;
        memcpy(at, names[v], n);
        f->names[v] = at;
        at += n;
    }
    return PS_OK;
}

/* The names of a pooled frame `src`, block and all: pool_names laid them
** out in column order, so one copy and an offset per name do it. */
static int clone_pool(ps_frame *f, const ps_frame *src) {
    const char *from = src->namepool_;
    size_t total = 0;
    if (f->nvar > 0) {
        const char *last = src->names[f->nvar - 1];
        total = (size_t)(last - from) + strlen(last) + 1;
    }
    char *to = f->namepool_ = ps_malloc(total ? total : 1);
    if (!to) return PS_ERR_NOMEM;
    memcpy(to, from, total);
    for (int v = 0; v < f->nvar; v++) f->names[v] = to + (src->names[v] - from);
    return PS_OK;
}

/* The names of `src` in the same layout (pooled or one by one). */
static int copy_names(ps_frame *f, const ps_frame *src) {
    if (src->namepool_) return clone_pool(f, src);
    return fill_names(f, (const char *const *)src->names);
}

/* A frame of NaNs without names (the caller fills f->names, nvar + 1
** pointers, all NULL), unchecked: callers have checked the shape. */
static int frame_shell(int nvar, int nper, ps_freq freq, long start, ps_frame **out,
                       ps_error *err) {
    size_t cells = (size_t)nvar * (size_t)nper;
    if ((nper > 0 && cells / (size_t)nper != (size_t)nvar) ||
        cells > SIZE_MAX / sizeof(double) - 1)
        return ps_error_set(err, PS_ERR_LIMIT, "frame of %d x %d values is too large",
                            nvar, nper);
    ps_frame *f = ps_calloc(1, sizeof *f);
    if (!f) return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating a frame");
    f->nvar = nvar;
    f->nper = nper;
    f->freq = freq;
    f->start = start;
    /* +1: malloc(0) may return NULL, which would read as a failure. */
    f->names = ps_calloc((size_t)nvar + 1, sizeof *f->names);
    f->data = ps_malloc((cells + 1) * sizeof *f->data);
    if (!f->names || !f->data) {
        ps_frame_free(f);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating a frame of "
                            "%d x %d values", nvar, nper);
    }
    for (size_t i = 0; i < cells; i++) f->data[i] = NAN;
    *out = f;
    return PS_OK;
}

/* Hand a shell whose names were filled (status `named`) to the caller. */
static int finish(ps_frame *f, int named, ps_frame **out, ps_error *err) {
    if (named == PS_OK) {
        *out = f;
        return PS_OK;
    }
    int nvar = f->nvar, nper = f->nper;
    ps_frame_free(f);
    return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating a frame of %d x %d "
                        "values", nvar, nper);
}

/* The checks every constructor makes, names aside. */
static int check_shape(int nvar, int nper, ps_freq freq, ps_frame **out, ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_frame_new: NULL out");
    *out = NULL;
    if (nvar < 0 || nper < 0)
        return ps_error_set(err, PS_ERR_USAGE,
                            "ps_frame_new: negative size (%d variables, %d periods)",
                            nvar, nper);
    if (!valid_freq(freq))
        return ps_error_set(err, PS_ERR_USAGE, "ps_frame_new: invalid frequency %d",
                            (int)freq);
    return PS_OK;
}

int ps_frame_new(int nvar, int nper, ps_freq freq, long start,
                   const char *const *names, ps_frame **out, ps_error *err) {
    int rc = check_shape(nvar, nper, freq, out, err);
    if (rc == PS_OK && names) rc = check_names(nvar, names, err);
    ps_frame *f = NULL;
    if (rc == PS_OK) rc = frame_shell(nvar, nper, freq, start, &f, err);
    return rc == PS_OK ? finish(f, fill_names(f, names), out, err) : rc;
}

/* frame_int.h: the caller vouches for the names (a model's series). */
int ps_frame_new_known_(int nvar, int nper, ps_freq freq, long start,
                          const char *const *names, ps_frame **out, ps_error *err) {
    int rc = check_shape(nvar, nper, freq, out, err);
    ps_frame *f = NULL;
    if (rc == PS_OK) rc = frame_shell(nvar, nper, freq, start, &f, err);
    return rc == PS_OK ? finish(f, pool_names(f, names), out, err) : rc;
}

/* frame_int.h: the columns of a frame whose names are known to be valid. */
int ps_frame_new_cols_(const ps_frame *cols, int nper, ps_freq freq, long start,
                         ps_frame **out, ps_error *err) {
    int rc = check_shape(cols->nvar, nper, freq, out, err);
    ps_frame *f = NULL;
    if (rc == PS_OK) rc = frame_shell(cols->nvar, nper, freq, start, &f, err);
    if (rc != PS_OK) return rc;
    return finish(f, cols->namepool_ ? clone_pool(f, cols)
                                     : pool_names(f, (const char *const *)cols->names),
                  out, err);
}

void ps_frame_free(ps_frame *f) {
    if (!f) return;
    if (f->names && !f->namepool_)
        for (int v = 0; v < f->nvar; v++) ps_free(f->names[v]);
    ps_free(f->namepool_);
    ps_free(f->names);
    ps_free(f->data);
    ps_free(f);
}

int ps_frame_copy(const ps_frame *f, ps_frame **out, ps_error *err) {
    if (!f || !out) return ps_error_set(err, PS_ERR_USAGE, "ps_frame_copy: NULL argument");
    *out = NULL;
    /* The source's names are already checked: do not pay for it again.  A
    ** copy keeps the source's layout of names (pooled or one by one). */
    ps_frame *g = NULL;
    int rc = frame_shell(f->nvar, f->nper, f->freq, f->start, &g, err);
    if (rc == PS_OK) rc = finish(g, copy_names(g, f), out, err);
    if (rc != PS_OK) return rc;
    memcpy(g->data, f->data, (size_t)f->nvar * (size_t)f->nper * sizeof *f->data);
    return PS_OK;
}

int ps_frame_col(const ps_frame *f, const char *name) {
    if (!f || !name) return -1;
    for (int v = 0; v < f->nvar; v++)
        if (strcmp(f->names[v], name) == 0) return v;
    return -1;
}
