/*
** Models: a model file, parsed and checked (docs/model-language.md).
**
** Most embedders get their model from a project (polsim/project.h,
** ps_project_model) and use it only to look names up: every function that
** changes a scenario takes a symbol index, which ps_model_find gives.
**
** Symbols.  Every name the model declares is a symbol, indexed 0..nsym-1 in
** declaration order: endogenous variables (determined by one equation each),
** exogenous series (data and levers), parameters (constants), and the
** add-factors "<var>_a" the parser creates for each behavioural equation.
** Units are the model's own (its `unit "..."` declarations): polsim never
** rescales a value.
**
** Ownership: ps_model_parse_file/_string return a model owned by the caller
** (ps_model_free, NULL-safe); a model from ps_project_model belongs to its
** project and must not be freed.  Every string returned borrows from the
** model and lives until it is freed.  A model is read-only after parsing, so
** one model may be read from several threads.
*/
#ifndef POLSIM_MODEL_H
#define POLSIM_MODEL_H

#include <stddef.h>
#include "polsim/error.h"
#include "polsim/period.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_model ps_model;

typedef enum ps_symkind {
    PS_SYM_ENDO,                /* endogenous: determined by one equation */
    PS_SYM_EXO,                 /* exogenous: data or lever */
    PS_SYM_PARAM,               /* parameter: a constant with a value */
    PS_SYM_ADDFACTOR            /* exogenous add-factor "<var>_a" (generated) */
} ps_symkind;

/* Parse and check a model file.  On failure *out is NULL and err names
** file:line:col, quotes the offending text and says what was expected. */
PS_API int ps_model_parse_file(const char *path, ps_model **out, ps_error *err);

/* The same from memory (len bytes, no NUL needed); `filename` is used in
** messages. */
PS_API int ps_model_parse_string(const char *src, size_t len, const char *filename,
                                 ps_model **out, ps_error *err);

PS_API void ps_model_free(ps_model *m);

/* `model NAME`, its title ("" when none), and its frequency. */
PS_API const char *ps_model_name(const ps_model *m);
PS_API const char *ps_model_title(const ps_model *m);
PS_API ps_freq ps_model_freq(const ps_model *m);

/* Symbol index by name (case-sensitive), -1 when absent. O(1) average. */
PS_API int ps_model_find(const ps_model *m, const char *name);

/* The declared name closest to `name`, for "did you mean ...?" hints: the
** same name in other letter case if there is one, else the name at the
** smallest edit distance, at most 2 (the first declared on a tie), else NULL. */
PS_API const char *ps_model_nearest(const ps_model *m, const char *name);

/* Number of symbols; the accessors below take an index 0..nsym-1 and return
** NULL (strings), -1 (kind) or 0 (lever) for any other index. */
PS_API int ps_model_nsym(const ps_model *m);
PS_API const char *ps_model_sym_name(const ps_model *m, int sym);
/* Description and unit as declared ("" when none were given). */
PS_API const char *ps_model_sym_description(const ps_model *m, int sym);
PS_API const char *ps_model_sym_unit(const ps_model *m, int sym);
PS_API int ps_model_sym_kind(const ps_model *m, int sym);    /* a ps_symkind */
/* 1 for an exogenous series declared `lever` (a policy instrument). */
PS_API int ps_model_sym_lever(const ps_model *m, int sym);

/* "endogenous", "exogenous", "parameter", "add-factor". */
PS_API const char *ps_symkind_name(ps_symkind k);

#ifdef __cplusplus
}
#endif
#endif
