/*
** Projects: a model file with its history, checked, compiled and ready to
** project.  This is where an embedder starts:
**
**     ps_error err;  ps_project *p;
**     if (ps_project_load("models/examples/keynes", &p, &err)) { ...err... }
**     const ps_model *m = ps_project_model(p);      // names -> symbol indexes
**     ... scenarios (polsim/scenario.h) ...
**     ps_project_free(p);
**
** `path` is a model file (NAME.model) or a folder holding NAME.model (NAME =
** the folder's name) or exactly one *.model file.  history.csv beside the
** model file is read when present; its columns must be series of the model
** (an unknown column is an error naming it and the nearest declared name), and
** a gap inside an exogenous series is refused (PS_ERR_DATA naming series and
** period), never filled.  Add-factors are computed over the history so that
** the model reproduces it exactly (docs/solver.md).
**
** Ownership: ps_project_load returns a project owned by the caller
** (ps_project_free, NULL-safe).  The project owns its model, compiled program,
** solver and history; ps_project_model borrows from it.  Every scenario made
** from a project borrows it, so the project must outlive them.  A project is
** not thread-safe: use one per thread.
*/
#ifndef POLSIM_PROJECT_H
#define POLSIM_PROJECT_H

#include "polsim/error.h"
#include "polsim/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_project ps_project;

/* Load, check and compile a model and its history.  On failure *out is NULL
** and err names the file, line and column (model) or series and period
** (history) that are wrong. */
PS_API int ps_project_load(const char *path, ps_project **out, ps_error *err);

PS_API void ps_project_free(ps_project *p);

/* The project's model (borrowed: freed with the project). */
PS_API const ps_model *ps_project_model(const ps_project *p);

/* Period ordinals (polsim/period.h) of the history: [first, last] with any
** data, or -1 each when the model has no history. */
PS_API void ps_project_history_span(const ps_project *p, long *first, long *last);

/* Can a projection start at period ordinal `from`?  Its lags reach back
** maxlag periods, so with a history it must start no later than the period
** after the history's last and no earlier than maxlag periods after its
** first; PS_ERR_USAGE otherwise, in those words ("the history ends in 2023,
** so a projection must start by 2024 ...").  Scenario runs check this
** themselves; an embedder may check a horizon before building on it. */
PS_API int ps_project_check_start(const ps_project *p, long from, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
