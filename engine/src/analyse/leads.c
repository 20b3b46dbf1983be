/*
** Furthest lead and deepest lag of each symbol (leads.h).  Iterative walk:
** right sides may be thousands of nodes deep.
*/
#include "analyse/leads.h"

#include <string.h>

static void walk(const ps_expr *e, int *lag, int *lead) {
    const ps_expr *stack[64];
    int sp = 0;
    while (e || sp > 0) {
        if (!e) e = stack[--sp];
        if (e->op == PS_E_VAR) {
            if (e->lag < 0 && -e->lag > lag[e->sym]) lag[e->sym] = -e->lag;
            if (e->lag > 0 && e->lag > lead[e->sym]) lead[e->sym] = e->lag;
        }
        /* descend left, keep right for later; recurse when the stack is full
        ** (the right spine of a long sum is the deep side, handled by the loop) */
        if (e->b) {
            if (sp < 64) stack[sp++] = e->b;
            else walk(e->b, lag, lead);
        }
        e = e->a;
    }
}

void ps_model_lead_lag(const ps_model *m, int *lag, int *lead) {
    memset(lag, 0, sizeof(int) * (size_t)m->nsym);
    memset(lead, 0, sizeof(int) * (size_t)m->nsym);
    for (int i = 0; i < m->neq; i++) {
        const ps_equation *q = &m->eqs[i];
        if (q->rhs) walk(q->rhs, lag, lead);
        if ((q->lhs == PS_LHS_DIFF || q->lhs == PS_LHS_PCT) && q->var >= 0 && lag[q->var] < 1)
            lag[q->var] = 1;
    }
    for (int s = 0; s < m->nsym; s++)
        if (m->syms[s].kind == PS_SYM_PARAM) lag[s] = lead[s] = 0;
}
