/*
** Scenario comparison: levels, absolute and percent differences from a base,
** and growth differences in percentage points, per variable and period.
**
** One implementation serves the Lua `polsim.compare` and `polsim compare`.
**
** Definitions (for scenario s, base b, variable x, period t):
**   level      x_s(t)
**   diff       x_s(t) - x_b(t)                            (the variable's unit)
**   pct        100 * (x_s(t) / x_b(t) - 1)                (percent; NaN if x_b(t) = 0)
**   growth     100 * (x_s(t) / x_s(t-1) - 1)              (percent; needs t-1 in s)
**   growth_pp  growth_s(t) - growth_b(t)                  (percentage points)
**
** Rounding noise: two solves of one period that start Newton from different
** points (a scenario that differed the year before) agree only to the last
** bits, since Newton stops within its tolerance (docs/solver.md).  So a diff
** no larger than PS_COMPARE_NOISE times the larger of the two levels counts
** as 0 (diff and pct are then exactly 0); it is far below the solver's own
** tolerance (1e-10), so no real effect is hidden.
**
** Results must come from the same model (by name) and frequency; only the
** periods every result covers are compared.  Different model hashes (the same
** model edited between runs) are allowed but reported in `warnings`.
**
** Ownership: ps_compare_new copies what it needs from the results (it keeps no
** pointer to them); the comparison is the caller's (ps_compare_free, NULL-safe).
** Rendered text is malloc'ed and the caller frees it.  Tables and markdown
** write numbers with thousands separators (1,234.5) for reading; CSV and
** JSON exact numbers without them.
*/
#ifndef POLSIM_COMPARE_H
#define POLSIM_COMPARE_H

#include "output/output.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_COMPARE_NOISE 1e-12

typedef enum ps_compare_format {
    PS_CMP_TABLE,               /* aligned text for a terminal */
    PS_CMP_CSV,                 /* long format, one row per variable x period x scenario */
    PS_CMP_MARKDOWN,            /* a table per variable */
    PS_CMP_JSON,                /* schema "polsim.compare" version 1 */
    PS_CMP_GROWTH_TABLE         /* aligned text: each scenario's growth rate in percent
                                   side by side, and each one's difference from the
                                   base's in percentage points (compare --growth) */
} ps_compare_format;

typedef struct ps_compare {
    int nscen;
    char **scenarios;           /* scenario names (made unique: "a", "a#2") */
    int base;                   /* index of the base scenario */
    char *model_name;
    ps_freq freq;
    long start;                 /* first common period (ordinal) */
    int nper;
    int nvar;
    char **vars, **descriptions, **units;
    char **labels_zh, **units_zh;  /* Chinese label and unit of each variable, from
                                   the base ("" when none) */
    ps_lang lang;               /* language of the text renderings (table, growth
                                   table, markdown): headings, labels and units.
                                   PS_LANG_EN unless the caller sets it; CSV and
                                   JSON are the same in every language */
    /* level[(s * nvar + v) * nper + t]; growth needs the period before start,
    ** so `prev[(s * nvar + v)]` holds x_s(start - 1) or NaN. */
    double *level;
    double *prev;
    int nwarn;
    char **warnings;
    long *solved_from;          /* [nscen]: each result's first solved period
                                   (ordinal); earlier periods are its history */
} ps_compare;

/* Compare results[0..n-1] against results[base].  vars: NULL = every
** endogenous variable of the base (in its order); otherwise nvars names, each
** of which must be in every result.  from/to: ordinals limiting the periods;
** from = LONG_MIN starts at the base's first solved period (results carry
** their history too), to = LONG_MAX ends at the last common period. */
int ps_compare_new(const ps_result *const *results, int n, int base,
                   const char *const *vars, int nvars, long from, long to,
                   ps_compare **out, ps_error *err);
void ps_compare_free(ps_compare *c);

double ps_compare_level(const ps_compare *c, int s, int v, int t);
double ps_compare_diff(const ps_compare *c, int s, int v, int t);
double ps_compare_pct(const ps_compare *c, int s, int v, int t);
double ps_compare_growth(const ps_compare *c, int s, int v, int t);
double ps_compare_growth_pp(const ps_compare *c, int s, int v, int t);

/* Index of a scenario or variable by name, -1 when absent. */
int ps_compare_scenario(const ps_compare *c, const char *name);
int ps_compare_var(const ps_compare *c, const char *name);

int ps_compare_render(const ps_compare *c, ps_compare_format fmt, char **out, ps_error *err);
/* Render and write atomically; the format follows the extension (.csv, .json,
** .md) and anything else is a text table. */
int ps_compare_write(const ps_compare *c, const char *path, ps_error *err);
/* ps_compare_write with flags: PS_CSV_BOM (frame.h) starts a CSV file with
** the UTF-8 byte-order mark (other formats are written without one). */
int ps_compare_write_opts(const ps_compare *c, const char *path, unsigned flags,
                          ps_error *err);
/* The format ps_compare_write gives a file of this name. */
ps_compare_format ps_compare_format_for(const char *path);
/* The same in the format given, whatever the file's name. */
int ps_compare_write_as(const ps_compare *c, ps_compare_format fmt, const char *path,
                        unsigned flags, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
