/* Internal: the stages of ps_analyse, one per file. */
#ifndef PS_ANALYSE_INT_H
#define PS_ANALYSE_INT_H

#include "analyse/expr.h"
#include "util/arena.h"

/* A growing list of ints: the row entries of the CSR incidence lists that
** blocking (analyse.c) and target swapping (swap.c) build. */
typedef struct ps_intvec {
    int *v;
    size_t n, cap;
} ps_intvec;
/* Append val; PS_ERR_NOMEM (x unchanged) when the list cannot grow. */
int ps_intvec_push(ps_intvec *x, int val);

/* Check every equation and fill normal[i] = G_i (allocated in ar). */
int ps_analyse_normalise(const ps_model *m, ps_arena *ar, ps_expr **normal, ps_error *err);

#endif
