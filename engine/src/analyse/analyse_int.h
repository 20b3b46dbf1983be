/* Internal: the stages of ps_analyse, one per file. */
#ifndef PS_ANALYSE_INT_H
#define PS_ANALYSE_INT_H

#include "analyse/expr.h"
#include "util/arena.h"

/* Check every equation and fill normal[i] = G_i (allocated in ar). */
int ps_analyse_normalise(const ps_model *m, ps_arena *ar, ps_expr **normal, ps_error *err);

#endif
