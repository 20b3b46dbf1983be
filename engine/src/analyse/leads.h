/*
** Leads and lags per variable.
**
** In the model IR a lead is a PS_E_VAR with a positive lag: x(+2) has lag +2,
** x(-1) lag -1 (model.h).  ps_model_lead_lag reports, for every symbol, the
** furthest it is read ahead and back anywhere in the model (right sides and
** the implicit y(-1) of diff/pct left sides), for `polsim check` and `info`,
** and for tools that need to know which variables look ahead.
*/
#ifndef POLSIM_LEADS_H
#define POLSIM_LEADS_H

#include "model/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* lag[s] (>= 0): deepest lag of symbol s; lead[s] (>= 0): furthest lead.
** Both arrays hold m->nsym ints and are filled by the call (caller-owned).
** Parameters get 0, 0.  Never fails. */
void ps_model_lead_lag(const ps_model *m, int *lag, int *lead);

#ifdef __cplusplus
}
#endif
#endif
