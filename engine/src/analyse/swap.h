/*
** Swapped models: targets made known, instruments made unknown
** (exogenize/endogenize, as in modelflow, TROLL or EViews' control).
**
** Given k target variables (endogenous) and k instruments (exogenous series
** or add-factors), ps_model_swap builds the model in which the targets are
** exogenous (their values are given) and the instruments are endogenous.  The
** equations stay what they were; what changes is which unknown each one
** determines.  A perfect matching of equations to the new unknowns is found
** by augmenting paths from each target's equation through the contemporaneous
** incidence (Hopcroft & Karp's idea, one path at a time: each equation keeps
** its own variable unless a path moves it).  An equation e whose matched
** unknown u is not its own variable y_e is rewritten in the solver's
** fixed-point form as the identity
**       u = u + G_e(...) - y_e
** whose residual u - (u + G_e - y_e) = y_e - G_e is exactly the original
** equation's, so the unchanged block Newton (J = I - dG/dy) solves it; the
** rewritten equation uses u at lag 0, so it always sits in a simultaneous
** block.  ps_analyse then re-blocks the swapped model (incidence, Tarjan),
** and ps_program_compile and ps_solver_new make it ready to solve: the
** frame layout (one column per series) is the original's.
**
** When no perfect matching exists the swapped system is structurally
** singular: some target cannot be moved by the instruments within the
** period.  That is PS_ERR_SOLVE naming the target and the instruments.
**
** Ownership: the swapped model is owned by the caller and freed with
** ps_model_swap_free (NULL-safe), never ps_model_free.  It borrows names,
** expressions and the lookup table of the original model (and the normal
** forms of its analysis), which must outlive it.
*/
#ifndef POLSIM_SWAP_H
#define POLSIM_SWAP_H

#include "analyse/analyse.h"

#ifdef __cplusplus
extern "C" {
#endif

/* targets[0..k-1]: distinct endogenous symbols of m; instruments[0..k-1]:
** distinct exogenous or add-factor symbols.  `a` is m's analysis.  `when`
** (may be NULL) names the period for messages ("in 2024"). */
int ps_model_swap(const ps_model *m, const ps_analysis *a, const int *targets,
                  const int *instruments, int k, const char *when, ps_model **out,
                  ps_error *err);
void ps_model_swap_free(ps_model *m);

#ifdef __cplusplus
}
#endif
#endif
