/*
** Results: what a projection produced, independent of the model that made it,
** and their files: JSON with the versioned schema of docs/output-format.md,
** and CSV with one row per period and one column per variable (pandas and
** Excel read it as is).
**
** A result is a table of variables (columns 0..nvar-1: every series of the
** model, endogenous, exogenous and add-factors) over consecutive periods
** (rows 0..nper-1, the first being period ordinal ps_result_start).  It holds
** the history periods before the projection's start too; values are in each
** variable's own unit (ps_result_var_unit), missing values are NaN.
**
** Ownership: ps_scenario_run and ps_result_read_json/_parse_json return a
** result owned by the caller (ps_result_free, NULL-safe).  A result owns
** copies of everything it holds, so it outlives the project and scenario it
** came from.  Returned strings borrow from the result.  Every file write is
** atomic (a temporary file renamed into place): a failed write leaves no
** partial file behind.
*/
#ifndef POLSIM_RESULT_H
#define POLSIM_RESULT_H

#include <stddef.h>
#include "polsim/error.h"
#include "polsim/period.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The JSON schema the files carry (docs/output-format.md). */
#define PS_RESULT_SCHEMA "polsim.result"
#define PS_RESULT_SCHEMA_VERSION 1

typedef struct ps_result ps_result;

PS_API void ps_result_free(ps_result *r);

/* Shape.  ps_result_start is the period ordinal of row 0 (polsim/period.h;
** the year for an annual model); ps_result_solved_from the first period the
** solver computed (earlier rows are history). */
PS_API int ps_result_nvar(const ps_result *r);
PS_API int ps_result_nper(const ps_result *r);
PS_API long ps_result_start(const ps_result *r);
PS_API long ps_result_solved_from(const ps_result *r);
PS_API ps_freq ps_result_freq(const ps_result *r);
/* Scenario and model name ("" when none). */
PS_API const char *ps_result_scenario(const ps_result *r);
PS_API const char *ps_result_model_name(const ps_result *r);

/* Column of a variable (case-sensitive), -1 when absent. */
PS_API int ps_result_col(const ps_result *r, const char *name);
/* Name, unit and description of column `col` ("" when the model gave none);
** NULL when col is out of range. */
PS_API const char *ps_result_var_name(const ps_result *r, int col);
PS_API const char *ps_result_var_unit(const ps_result *r, int col);
PS_API const char *ps_result_var_description(const ps_result *r, int col);

/* The value of column `col` in period ordinal `period`, in the variable's
** unit; NaN when missing or when col or period is out of range. */
PS_API double ps_result_value(const ps_result *r, int col, long period);

/* Add or replace a metadata entry (both strings copied); it is written into
** the JSON file's "meta" object. */
PS_API int ps_result_set_meta(ps_result *r, const char *key, const char *value, ps_error *err);

/* Write the JSON document or the CSV table to `path`. */
PS_API int ps_result_write_json(const ps_result *r, const char *path, ps_error *err);
PS_API int ps_result_write_csv(const ps_result *r, const char *path, ps_error *err);
/* By extension: ".json" or ".csv"; anything else is PS_ERR_USAGE. */
PS_API int ps_result_write(const ps_result *r, const char *path, ps_error *err);

/* Render the JSON document into a malloc'ed string (the caller frees it with
** free()): exactly the bytes ps_result_write_json writes.  Deterministic: the
** same result gives the same bytes.  Numbers round-trip exactly; NaN is
** null; an infinite value is refused (PS_ERR_DATA). */
PS_API int ps_result_to_json(const ps_result *r, char **out, ps_error *err);

/* Read a result JSON back; checks schema name and version and the shape of
** every field, naming the field that is wrong (PS_ERR_DATA, "series.gdp[3]:
** expected a number or null"); fields unknown to this version are ignored.
** A file of a newer schema_version is refused with a message to upgrade. */
PS_API int ps_result_read_json(const char *path, ps_result **out, ps_error *err);
/* The same from memory (len bytes); `filename` is used in messages. */
PS_API int ps_result_parse_json(const char *text, size_t len, const char *filename,
                                ps_result **out, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
