/*
** The accessors of the public half (polsim/result.h), where ps_result is
** opaque.  Out-of-range columns and periods give NULL or NaN: an embedder's
** column usually comes from ps_result_col, which returns -1 for an unknown
** name, and its period from a label it parsed.
*/
#include <math.h>
#include "output/output.h"

int ps_result_nvar(const ps_result *r) { return r ? r->nvar : 0; }
int ps_result_nper(const ps_result *r) { return r ? r->nper : 0; }
long ps_result_start(const ps_result *r) { return r ? r->start : 0; }
long ps_result_solved_from(const ps_result *r) { return r ? r->solved_from : 0; }
ps_freq ps_result_freq(const ps_result *r) { return r ? r->freq : PS_FREQ_ANNUAL; }

/* A result read from an older or hand-written file may lack a string the
** public header promises: "" stands for it. */
static const char *str(const char *s) { return s ? s : ""; }

const char *ps_result_scenario(const ps_result *r) { return r ? str(r->scenario) : NULL; }
const char *ps_result_model_name(const ps_result *r) { return r ? str(r->model_name) : NULL; }

static int col_ok(const ps_result *r, int col) { return r && col >= 0 && col < r->nvar; }

const char *ps_result_var_name(const ps_result *r, int col) {
    return col_ok(r, col) ? str(r->names[col]) : NULL;
}

const char *ps_result_var_unit(const ps_result *r, int col) {
    return col_ok(r, col) ? str(r->units[col]) : NULL;
}

const char *ps_result_var_description(const ps_result *r, int col) {
    return col_ok(r, col) ? str(r->descriptions[col]) : NULL;
}

double ps_result_value(const ps_result *r, int col, long period) {
    if (!col_ok(r, col) || period < r->start || period - r->start >= r->nper) return NAN;
    return r->data[(size_t)(period - r->start) * (size_t)r->nvar + (size_t)col];
}
