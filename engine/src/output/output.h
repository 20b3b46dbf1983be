/*
** Results, the library's side: the layout behind the opaque ps_result of the
** public half (polsim/result.h) and making a result from a frame.
**
** A ps_result owns copies of everything it holds (names, units, data, meta), so
** it outlives the model, frame and solver it came from, and a result read back
** from JSON is the same kind of object as one made from a run.
**
** Ownership: ps_result_from_frame / ps_result_read_json return a result owned by
** the caller (ps_result_free, NULL-safe).  All writes are atomic (io.h).
*/
#ifndef POLSIM_OUTPUT_OUTPUT_H
#define POLSIM_OUTPUT_OUTPUT_H

#include "polsim/result.h" /* the public half */
#include "model/model.h"
#include "frame/frame.h"
#include "solve/solve.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Monte Carlo statistics as mc:write writes them (docs/output-format.md). */
#define PS_MC_SCHEMA "polsim.montecarlo"
#define PS_MC_SCHEMA_VERSION 1

struct ps_result {
    char *scenario;             /* scenario name ("" when none) */
    char *model_name, *model_title, *model_hash, *model_path;
    char *engine_version;
    ps_freq freq;
    long start;                 /* ordinal of the first period */
    int nper;
    int nvar;
    char **names, **descriptions, **units;
    char **labels_zh, **units_zh; /* Chinese label and unit (UTF-8, `label zh` and
                                   `unit zh` of the model); "" when none */
    char **kinds;               /* "endogenous", "exogenous", "add-factor" */
    int *levers;                /* 1 for an exogenous series marked `lever` */
    double *data;               /* period-major: data[t * nvar + v]; NaN missing */
    ps_solve_diag diag;
    long solved_from;           /* ordinal of the first solved period; periods
                                   before it are history (start when all solved) */
    int nmeta;                  /* free-form metadata: script hash, seed, --set */
    char **meta_keys, **meta_values;
    void *strpool_;             /* internal: when set, the names, descriptions,
                                   units and kinds strings live in this one block
                                   (results made from a frame); do not touch */
};

/* Copy columns of f (all series of the model) for period indexes [t0, t1].
** Columns are found by the series' names (frame columns in slot order are
** the fast path); the result's variables are in slot order.  diag may be
** NULL (zeros), scenario NULL (""). The frame's frequency must be the
** model's. */
int ps_result_from_frame(const ps_model *m, const ps_frame *f, int t0, int t1,
                         const ps_solve_diag *diag, const char *scenario,
                         ps_result **out, ps_error *err);
/* The language of tables and reports (--lang): English, or Chinese labels,
** units and headings where the model gives them (English otherwise). */
typedef enum ps_lang { PS_LANG_EN = 0, PS_LANG_ZH = 1 } ps_lang;
/* "en" or "zh" into *out: PS_OK, or PS_ERR_USAGE for anything else (out
** untouched). */
int ps_lang_parse(const char *s, ps_lang *out);
/* Column v's label and unit in lang: with PS_LANG_ZH the Chinese ones when
** the result has them, else the English description and unit.  Borrowed
** from r; never NULL. */
const char *ps_result_label(const ps_result *r, int v, ps_lang lang);
const char *ps_result_unit(const ps_result *r, int v, ps_lang lang);

/* ps_result_write with flags: PS_CSV_BOM (frame.h) starts a CSV with the
** UTF-8 byte-order mark; JSON is never given one.  The CSV is
** `period,phase,<variables>`, phase "history" before solved_from and
** "projection" from it; refused (PS_ERR_DATA) for a variable named "phase". */
int ps_result_write_opts(const ps_result *r, const char *path, unsigned flags, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
