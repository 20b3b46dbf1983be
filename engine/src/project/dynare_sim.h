/*
** polsim/dynare_sim.h -- a Dynare .mod file's own simulation: the frame its
** initval/endval/histval/shocks describe, the perfect-foresight solve, the
** CSV of oo_.endo_simul, and the import into a native model folder.
**
** The reader (polsim/dynare.h) is a model front end and sits with the model
** IR; these calls solve, so they live above the solver, in the project layer
** (docs/architecture.md).  Ownership as in dynare.h: frames returned through
** `out` belong to the caller (ps_frame_free).
*/
#ifndef POLSIM_DYNARE_SIM_H
#define POLSIM_DYNARE_SIM_H

#include "dynare/dynare.h"
#include "frame/frame.h"
#include "solve/solve.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The frame Dynare simulates: one row per Dynare period 1-L..periods+maxlead,
** L the model's deepest lag (at least 1), period 0 labelled start (annual),
** the columns the model's series.  Rows 0..L-1 hold the initial state:
** histval's values (0 where it gives none, as Dynare's histval), else
** initval's, solved for the steady state when `steady;` followed initval,
** in each of those periods.  The exogenous rows the
** initval (endval when given) values with the shocks on top, the terminal
** rows the endval (else initval) values, endogenous ones too when no
** `steady;` makes the terminal condition a steady state (*terminal_path set
** to 1 then).  Endogenous values of periods 1..periods are NaN. */
int ps_dynare_frame(const ps_dynare *d, const ps_model *m, long start, ps_frame **out,
                    int *terminal_path, ps_error *err);

/* Write the native model folder DIR/NAME.model, DIR/history.csv (the frame
** above, start 2000) and DIR/SOURCES.md; DIR is created if missing. */
int ps_dynare_import(const ps_dynare *d, const char *mod_path, const char *dir,
                     ps_error *err);

/* Simulate as Dynare's perfect_foresight_solver: m is the model read from
** d->native; *out (owned by the caller) is the frame above with periods
** 1..periods (rows L..L+periods-1) solved (stacked time; tol/max_iter <= 0:
** the solver's defaults; with histval and `steady;` the paths start from the
** steady state at initval, as Dynare's do) and the terminal rows at the
** steady state when that is the condition. */
int ps_dynare_simulate(const ps_dynare *d, const ps_model *m, double tol, int max_iter,
                       ps_frame **out, ps_solve_diag *diag, ps_error *err);

/* Write periods 0..periods+1 (0..periods for a model without leads) of f as CSV: "period,<endogenous>,<exogenous>" in
** declaration order, the labels 2000 (Dynare's period 0) onwards; the rows are
** the columns of Dynare's oo_.endo_simul and oo_.exo_simul. */
int ps_dynare_write_simul(const ps_dynare *d, const ps_model *m, const ps_frame *f,
                          const char *path, ps_error *err);
/* The same with flags: PS_CSV_BOM (frame.h) starts the file with the UTF-8
** byte-order mark.  No phase column: the layout is Dynare's. */
int ps_dynare_write_simul_opts(const ps_dynare *d, const ps_model *m, const ps_frame *f,
                               unsigned flags, const char *path, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
