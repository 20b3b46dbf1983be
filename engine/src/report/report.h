/*
** Scenario reports: one self-contained HTML page (docs/report.md) that shows
** the scenarios of a set of results, the assumptions in which each differs
** from a base, a target / projection / gap table, and interactive charts of
** levels, differences from the base and growth rates.
**
** The page embeds its data (a JSON blob), its own small script and style, and
** the charting library, whose text the caller supplies (Apache ECharts'
** echarts.min.js; finding that file is the program's business, not the
** library's).  It needs no network and no other file to open.
**
** Numbers follow compare.h: growth is 100 * (x(t) / x(t-1) - 1) percent, a
** growth target's gap is projection - target in percentage points, a level
** target's gap is projection - target in the variable's unit.
**
** Ownership: ps_targets_read / ps_targets_parse return targets owned by the
** caller (ps_targets_free, NULL-safe).  ps_report_render hands the page over
** as a malloc'ed string (caller frees); it keeps no pointer to its inputs.
*/
#ifndef POLSIM_REPORT_H
#define POLSIM_REPORT_H

#include <stddef.h>
#include "output/output.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_target_kind {
    PS_TARGET_GROWTH = 0,       /* growth over the period before, percent */
    PS_TARGET_LEVEL             /* a level, in the variable's unit */
} ps_target_kind;

typedef struct ps_target {
    char *variable;
    char *label;                /* "" when the file gives none */
    char *label_zh;             /* the Chinese wording (column label_zh, UTF-8); "" when none */
    long period;                /* ordinal, of the frequency given to the reader */
    double value;               /* percent (growth) or the variable's unit (level) */
    ps_target_kind kind;
    int line;                   /* line of the file it came from (1-based), for messages */
} ps_target;

typedef struct ps_targets {
    char *path;                 /* the file, as given */
    int n;
    ps_target *items;
} ps_targets;

/* Read a targets file: CSV (a header `variable,period,target` and optional
** `label` and `kind` columns, in any order; `#` starts a comment line) or
** JSON (an array of objects with the same keys, or an object holding such an
** array under "targets"), told apart by the first non-blank character.
** Periods must be of frequency `freq` (the results').  Errors (PS_ERR_DATA)
** name file:line and say what was expected. */
int ps_targets_read(const char *path, ps_freq freq, ps_targets **out, ps_error *err);
int ps_targets_parse(const char *text, size_t len, const char *filename, ps_freq freq,
                     ps_targets **out, ps_error *err);
void ps_targets_free(ps_targets *t);

typedef struct ps_report_opts {
    const char *title;          /* NULL or "": "<model title>: scenarios" */
    int base;                   /* index of the base result */
    const char *const *vars;    /* charted variables; NULL: the targets' variables,
                                   or else the first 8 endogenous ones */
    int nvars;
    const ps_targets *targets;  /* NULL: no target table */
    const char *const *sources; /* file each result came from (shown); NULL: none */
    const char *echarts_js;     /* the text of echarts.min.js, inlined (required) */
    size_t echarts_len;
    const struct ps_report_mc *const *mcs;  /* Monte Carlo runs (report_mc.h): fan
                                   charts and P(target); NULL: none */
    int nmc;
    const char *const *analyses;        /* JSON texts of attribution (schema
                                           polsim.attribution) and tornado
                                           (polsim.tornado) files: waterfalls and
                                           tornado bars; NULL: none */
    const char *const *analysis_sources;/* the file each came from (messages) */
    int nanalyses;
    ps_lang lang;               /* PS_LANG_ZH: Chinese headings, the results'
                                   Chinese labels and units and the targets'
                                   label_zh where given (English otherwise);
                                   default (0) English */
} ps_report_opts;

/* Render the page for results[0..n-1] (same model and frequency, as
** ps_compare_new requires).  Deterministic: the same inputs give the same
** bytes (no clock, no random ids).  Errors: a variable or target that the
** results lack, a target period outside the results' periods
** (PS_ERR_DATA, naming the targets file and line), results that cannot be
** compared (compare.h), bad options (PS_ERR_USAGE). */
int ps_report_render(const ps_result *const *results, int n, const ps_report_opts *opts,
                     char **html, size_t *len, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
