/*
** Projects: a model file with its history, compiled and ready to solve; the
** layout behind the opaque ps_project of the public half (polsim/project.h)
** and the functions the library's own modules use:
**
**     ps_project *p;  ps_frame *f;  int t0, t1;
**     ps_project_load("models/examples/keynes", &p, &err);
**     ps_project_frame(p, from, to, &f, &t0, &t1, &err);   // history + horizon
**     ps_project_solve(p, f, NULL, t0, t1, &diag, &err);      // model parameters
**
** Loading: `path` is a model file (NAME.model) or a folder holding NAME.model
** (NAME = the folder's name) or exactly one *.model file.  history.csv beside
** the model file is read when present; its columns must be series of the model
** (an unknown column is an error naming it and the nearest declared name).
**
** Preparing a horizon [from, to] (ps_project_frame) builds a frame of the
** model's series from min(history start, from - maxlag) to `to`, copies the
** history, and then:
**   - computes every add-factor over the history periods where its equation's
**     data are complete, so that the model reproduces its history exactly;
**   - holds each exogenous series at its last observed value after it ends
**     (documented default; scenarios override it).  A gap between an
**     exogenous series' first and last observation is refused at load
**     (PS_ERR_DATA naming series and period), never filled;
**   - sets add-factors that are still missing in [from, to] to 0 (projection
**     default: no judgemental adjustment);
**   - leaves endogenous values missing in [from, to] missing: the solve
**     computes them (Newton starts from the previous period's solution moved
**     on by its growth rate, docs/solver.md); values the history has there
**     stay, as starting values.
** Periods in [from, to] must be preceded by maxlag periods of data.
** The add-factors over the history are computed once, at load, and copied
** into each frame (a horizon starting less than maxlag periods after the
** history's start computes them again itself); the frame is the same either
** way.
**
** Ownership: a project owns its model, analysis, program, solver and history
** (ps_project_free, NULL-safe); the frames it returns are the caller's.
*/
#ifndef POLSIM_PROJECT_PROJECT_H
#define POLSIM_PROJECT_PROJECT_H

#include "polsim/project.h" /* the public half */
#include "model/model.h"
#include "analyse/analyse.h"
#include "compile/compile.h"
#include "frame/frame.h"
#include "solve/solve.h"
#include "solve/stacked.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ps_project {
    ps_model *model;
    ps_analysis *analysis;
    ps_program *program;
    ps_solver *solver;
    ps_frame *history;          /* model series x history periods; NULL if none */
    double *params;             /* nparam values from the model file */
    char *model_path;           /* the model file that was read */
    char *history_path;         /* the history file, NULL when none */
    ps_solve_opts opts;
    ps_frame *history_af;       /* the history with its add-factors computed at load
                                   (ps_project_frame copies them); NULL when there is
                                   no history or its data contradict an equation's
                                   left side.  history, history_af and params are
                                   read-only after loading. */
    ps_stacked *stacked;        /* models with leads (maxlead > 0): the stacked
                                   solver ps_project_solve uses; NULL otherwise */
    ps_stacked_opts stacked_opts;
};

/* Resolve `path` (a model file, or a folder as described above) to the model
** file's path; *out is malloc'ed and owned by the caller. */
int ps_project_model_file(const char *path, char **out, ps_error *err);

/* The same with a model already parsed (takes ownership of m, even on
** failure) and an optional history CSV path (NULL: none). */
int ps_project_from_model(ps_model *m, const char *history_csv, ps_project **out,
                          ps_error *err);

/* Replace the solver options (re-allocates the solver workspace). */
int ps_project_set_opts(ps_project *p, const ps_solve_opts *o, ps_error *err);

/* Replace the stacked solver's options (models with leads; the workspace is
** kept).  tol, max_iter and max_halvings of ps_project_set_opts apply to it
** too. */
int ps_project_set_stacked_opts(ps_project *p, const ps_stacked_opts *o, ps_error *err);

/* Prepare a frame for solving ordinals [from, to]; t0/t1 receive their
** period indexes in the frame. */
int ps_project_frame(const ps_project *p, long from, long to, ps_frame **out,
                     int *t0, int *t1, ps_error *err);

/* Solve period indexes [t0, t1] of f.  params NULL = the model's values.
** A model with leads is solved by the stacked solver (stacked.h) with
** p->stacked_opts; one without by the period-by-period solver. */
int ps_project_solve(ps_project *p, ps_frame *f, const double *params, int t0, int t1,
                     ps_solve_diag *diag, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
