/*
** Internal to the report module: text escaping, the assumption differences
** between a scenario and its base, and the page's own script and style.
*/
#ifndef PS_REPORT_INT_H
#define PS_REPORT_INT_H

#include "compare/compare.h"
#include "report/report.h"
#include "util/strbuf.h"

#include "util/alloc.h"

/* s as HTML text or attribute value (& < > " ' escaped). */
void ps_report_html(ps_sb *sb, const char *s);
/* s as a JSON string literal, quotes included, with '<', '>' and '&' written
** as \u escapes so the blob can sit inside a <script> element. */
void ps_report_json_str(ps_sb *sb, const char *s);
/* A number for JSON: exact (shortest round-trip digits), null when not finite. */
void ps_report_json_num(ps_sb *sb, double x);
/* A script's text inside <script>...</script>: every "</script" (any case)
** becomes "<\/script", which means the same inside JavaScript strings,
** regular expressions and comments, so the element cannot end early. */
void ps_report_script_text(ps_sb *sb, const char *js, size_t len);

/* One run of periods [from, to] over which an exogenous series (or an
** add-factor) of a scenario differs from the base by a constant pair of
** values. */
typedef struct ps_assume_row {
    int col;                    /* column of the series in the base */
    long from, to;              /* ordinals */
    double base, scen;          /* NaN = missing */
} ps_assume_row;

/* The exogenous inputs (kinds "exogenous" and "add-factor") in which s
** differs from base over the periods both cover, in the base's variable
** order.  Two values are the same when both are missing or when
** |a - b| <= 1e-12 * max(1, |a|, |b|) (noise of a path computed twice).
** *rows is malloc'ed (NULL when none), the caller frees it. */
int ps_report_assumptions(const ps_result *base, const ps_result *s, ps_assume_row **rows,
                          int *nrows, ps_error *err);

/* What the section writers share (render.c fills it). */
typedef struct ps_report_ctx {
    const ps_result *const *rs;
    int n;
    const ps_report_opts *opts;
    const ps_compare *c;        /* levels of the charted and target variables */
    int ncharted;               /* c->vars[0 .. ncharted) are charted */
    int solved;                 /* period index (in c) of the base's first solved period */
} ps_report_ctx;

/* Table cell text of a level: 6 significant digits, no exponent below 1e15,
** a ',' between thousands, "-" when missing.  buf holds at least 64 bytes. */
const char *ps_report_fmt(double x, char *buf, size_t n);

/* The page's text in its language: `en` itself, or its Chinese translation
** (lang.c) when the report is in Chinese.  A text without one stays English. */
const char *ps_report_tr(const ps_report_ctx *x, const char *en);
/* Script js: itself, or in a Chinese report with each single-quoted string
** literal that is one of words (a NULL-ended list of English texts of
** lang.c's table) replaced by its translation.  Only listed literals change,
** so a literal that is an option value ('none', 'line') is never touched. */
void ps_report_script_tr(ps_sb *sb, const ps_report_ctx *x, const char *js,
                         const char *const *words);
/* Label (description) and unit of variable v of the comparison in the page's
** language (compare.h's Chinese texts where given). */
const char *ps_report_label(const ps_report_ctx *x, int v);
const char *ps_report_unit(const ps_report_ctx *x, int v);
/* Label and unit of column col of result r, the same way. */
const char *ps_report_rlabel(const ps_report_ctx *x, const ps_result *r, int col);
const char *ps_report_runit(const ps_report_ctx *x, const ps_result *r, int col);

/* Sections of the page (tables.c, targets_table.c, blob.c). */
void ps_report_scenarios(ps_sb *sb, const ps_report_ctx *x);
int ps_report_assumptions_section(ps_sb *sb, const ps_report_ctx *x, ps_error *err);
void ps_report_targets_section(ps_sb *sb, const ps_report_ctx *x);
void ps_report_blob(ps_sb *sb, const ps_report_ctx *x);

/* Attribution waterfalls and tornado bars (analysis.c): nothing when the
** options carry no analysis file. */
int ps_report_analysis_section(ps_sb *sb, const ps_report_ctx *x, ps_error *err);
extern const char ps_report_analysis_js[];
extern const char *const ps_report_analysis_words[];

extern const char ps_report_page_css[];
extern const char ps_report_page_js[];

/* Monte Carlo runs (fan.c): the Uncertainty section (a run of another model
** is an error), and the fan charts' data and script, after the page's. */
int ps_report_mc_section(ps_sb *sb, const ps_report_ctx *x, ps_error *err);
void ps_report_mc_tail(ps_sb *sb, const ps_report_ctx *x);
extern const char ps_report_fan_js[];
extern const char *const ps_report_fan_words[];

#endif
