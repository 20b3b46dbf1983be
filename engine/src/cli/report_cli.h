/*
** Internal to `polsim report`: finding its inputs (result files, folders of
** them) and the charting library.  The page itself is the library's
** (polsim/report.h).
*/
#ifndef PS_CLI_REPORT_H
#define PS_CLI_REPORT_H

#include <stddef.h>
#include "output/output.h"

typedef struct report_inputs {
    int n, cap;
    ps_result **results;
    char **sources;             /* the file each result was read from */
    char **real;                /* its resolved path, to read each file once */
    struct ps_report_mc **mcs;  /* Monte Carlo files (schema polsim.montecarlo) */
    int nmc;
    int nanalyses;              /* attribution and tornado files (report_analysis.c) */
    char **analyses;            /* their text */
    char **analysis_sources;    /* their paths */
    const char *cmd;            /* "polsim report" or "polsim compare", for notes */
    int manifests;              /* batch manifests read */
} report_inputs;

/* Keep the text of an attribution or tornado file (by its schema) for the
** report: 1 when taken (then *text belongs to `in`), 0 when the schema is
** another, -1 on out of memory. */
int report_take_analysis(report_inputs *in, const char *path, const char *schema, char **text);
void report_analyses_free(report_inputs *in);

/* Read every path: a result JSON file, or a folder whose *.json files that
** are results are read in name order (other JSON, such as a batch manifest
** or a comparison, is skipped with a note on stderr).  A file named
** explicitly must be a result.  Monte Carlo files (mc:write), named or in a
** folder, are read into mcs. */
int report_inputs_load(char *const *paths, int npaths, report_inputs *in, ps_error *err);
/* The same for any command: cmd ("polsim compare") prefixes the notes.  A
** folder holding a batch manifest (polsim.batch, as `polsim batch` writes)
** yields the result files among the outputs of every script that ended ok;
** a folder without one, its own *.json results. */
int result_inputs_load(const char *cmd, char *const *paths, int npaths, report_inputs *in,
                       ps_error *err);
void report_inputs_free(report_inputs *in);

/* Find and read echarts.min.js: $POLSIM_ECHARTS when set, else
** ./node_modules/echarts/dist/echarts.min.js, else beside the program
** (<prefix>/share/polsim/echarts.min.js, then the node_modules of the
** source folder holding a build folder).  *where gets the path used.  The
** error lists every place tried and what to run. */
int report_echarts_load(char **js, size_t *len, char *where, size_t wn, ps_error *err);

#endif
