/*
** Frames: variables x periods of doubles, and the CSV files they come from.
**
** Layout: period-major, data[t * nvar + v] for period index t (0-based from
** `start`) and variable column v; NaN marks a missing value.  Period-major
** keeps one period's values together, which is what a period-by-period solver
** touches.
**
** Ownership: ps_frame_new/ps_frame_read_csv return a frame owned by the
** caller (ps_frame_free, NULL-safe).  The frame owns its names and data.
** Frames the library makes from a model's series (ps_project_frame, a
** project's history, and ps_frame_copy of these) keep their names in one
** block (namepool_): do not free or replace their names one by one.  Frames
** from ps_frame_new and the CSV readers (and their copies) keep one
** allocation per name.
*/
#ifndef POLSIM_FRAME_H
#define POLSIM_FRAME_H

#include <stddef.h>
#include "polsim/error.h"
#include "polsim/period.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_frame {
    int nvar, nper;
    char **names;               /* nvar column names (owned) */
    ps_freq freq;
    long start;                 /* ordinal of period index 0 */
    double *data;               /* nper * nvar doubles (owned) */
    void *namepool_;            /* internal: when set, the names live in this one
                                   block (frames of a model's series: one
                                   allocation instead of one per name); do not
                                   touch.  NULL in a zero-initialised frame. */
} ps_frame;

/* A frame of nvar x nper NaNs (either may be 0).  `names` may be NULL
** (columns named v0, v1,...), otherwise it is copied; NULL, empty or duplicate
** names are refused (PS_ERR_USAGE). */
int ps_frame_new(int nvar, int nper, ps_freq freq, long start,
                   const char *const *names, ps_frame **out, ps_error *err);
void ps_frame_free(ps_frame *f);
int ps_frame_copy(const ps_frame *f, ps_frame **out, ps_error *err);

/* Column of `name`, -1 when absent (linear scan: not for hot loops). */
int ps_frame_col(const ps_frame *f, const char *name);

/* Period index of ordinal p, or -1 when outside the frame. */
static inline int ps_frame_index(const ps_frame *f, long p) {
    long i = p - f->start;
    return (i < 0 || i >= f->nper) ? -1 : (int)i;
}
static inline double *ps_frame_row(ps_frame *f, int t) {
    return f->data + (size_t)t * (size_t)f->nvar;
}
static inline double ps_frame_get(const ps_frame *f, int v, int t) {
    return f->data[(size_t)t * (size_t)f->nvar + (size_t)v];
}
static inline void ps_frame_set(ps_frame *f, int v, int t, double x) {
    f->data[(size_t)t * (size_t)f->nvar + (size_t)v] = x;
}

/* Read a CSV: a header row "period,NAME,NAME,..." (the first column's header
** may be any word, or empty as pandas writes it), then one row per consecutive
** period.  Empty cells and NA/NaN/nan/NAN/"."/#N/A are missing.  Errors name
** file:line:col and the column: a malformed row (wrong number of cells), a bad
** number, a duplicate column, a period out of order or a gap.  The frequency
** is taken from the first label unless `freq` is non-zero, in which case
** labels must be of that frequency.
**
** Details (docs/output-format.md, "CSV files"): RFC 4180 quoting; an optional
** UTF-8 byte-order mark; LF, CRLF or CR line ends; blank lines skipped; blanks
** around unquoted cells trimmed.  Numbers are plain decimals ("1.5", "-2e3");
** "1,5", "12abc", hex, "inf" and overflowing numbers are errors (an infinity
** is never data).  A header without rows is an error: a frame needs a first
** period.  `len` bytes of `text` are read; it need not be NUL-terminated. */
int ps_frame_read_csv(const char *path, ps_freq freq, ps_frame **out, ps_error *err);
int ps_frame_parse_csv(const char *text, size_t len, const char *filename,
                       ps_freq freq, ps_frame **out, ps_error *err);

/* Write columns `cols` (ncols of them; NULL = all) for period indexes
** [t0, t1] (0 <= t0 <= t1 < nper) as CSV, atomically (temporary file then
** rename).  Missing values are written as empty cells; numbers with the
** fewest of 15-17 significant digits that read back as the same double
** (0.1 stays "0.1").  An infinite value is refused (PS_ERR_DATA) and nothing
** is written.  LF line ends, no byte-order mark. */
int ps_frame_write_csv(const ps_frame *f, const int *cols, int ncols, int t0, int t1,
                       const char *path, ps_error *err);

/* The UTF-8 byte-order mark, and PS_CSV_BOM, the flag that asks a CSV writer
** (results, comparisons) to start the file with it: Excel on a Windows set to
** a Chinese (or any non-UTF-8) code page reads UTF-8 text correctly only then.
** pandas reads such a file with encoding="utf-8-sig"; polsim's reader skips
** the mark. */
#define PS_UTF8_BOM "\xEF\xBB\xBF"
#define PS_CSV_BOM 1u

typedef struct ps_csv_opts {
    int bom;        /* start with PS_UTF8_BOM */
    int phase;      /* add the column `phase` after `period`: "history" in the
                       rows before period index phase_from, "projection" from
                       it on (docs/output-format.md); refused (PS_ERR_DATA)
                       when a written series is itself named "phase" */
    int phase_from; /* period index (of the frame) of the first projected row */
} ps_csv_opts;

/* ps_frame_write_csv with options; opts NULL = neither. */
int ps_frame_write_csv_opts(const ps_frame *f, const int *cols, int ncols, int t0, int t1,
                            const ps_csv_opts *opts, const char *path, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
