/*
** The run workspace shared by attribution, sweeps and tornado charts.
** Resetting copies the scenario's prepared inputs over the working frame, so
** each run starts exactly as a plain s:run() does and gives the same numbers
** bit for bit.
*/
#include "analysis/attr_int.h"
#include "util/alloc.h"
#include "scenario/targets.h"
#include "util/editdist.h"

#include <stdlib.h>
#include <string.h>

int ps_runner_init(ps_runner *r, ps_scenario *s, const char *what, ps_error *err) {
    memset(r, 0, sizeof *r);
    r->p = ps_scenario_project(s);
    r->m = r->p->model;
    if (ps_scenario_has_rules(s))
        return ps_error_set(err, PS_ERR_USAGE,
                            "%s: scenario '%s' has per-period rules; a rule may reset the "
                            "inputs this analysis changes, so it is refused: set the paths "
                            "with set/grow/shock instead",
                            what, ps_scenario_name(s));
    /* The runs here solve the frame as it stands; a target would be silently
    ** dropped, so a scenario with targets is refused until analyses run the
    ** swapped solve. */
    if (ps_scenario_has_targets(s))
        return ps_error_set(err, PS_ERR_UNSUPPORTED,
                            "%s: scenario '%s' has targets or instruments (s:target, "
                            "s:instrument), which this analysis does not solve for yet: run "
                            "it on a scenario without them, with the instrument values set "
                            "from a target run (r.LEVER[p])",
                            what, ps_scenario_name(s));
    int np = r->m->nparam;
    r->params0 = ps_malloc(sizeof(double) * (size_t)(np ? np : 1));
    r->params = ps_malloc(sizeof(double) * (size_t)(np ? np : 1));
    if (!r->params0 || !r->params) {
        ps_runner_free(r);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < r->m->nsym; i++)
        if (r->m->syms[i].kind == PS_SYM_PARAM)
            r->params0[r->m->syms[i].slot] = ps_scenario_param_value(s, i);
    int rc = ps_scenario_inputs(s, &r->inputs, &r->t0, &r->t1, err);
    if (!rc) rc = ps_frame_copy(r->inputs, &r->work, err);
    if (rc) {
        ps_runner_free(r);
        return rc;
    }
    ps_runner_reset(r);
    return PS_OK;
}

void ps_runner_reset(ps_runner *r) {
    memcpy(r->work->data, r->inputs->data,
           sizeof(double) * (size_t)r->work->nvar * (size_t)r->work->nper);
    memcpy(r->params, r->params0, sizeof(double) * (size_t)r->m->nparam);
}

int ps_runner_solve(ps_runner *r, ps_error *err) {
    ps_solve_diag d;
    return ps_project_solve(r->p, r->work, r->params, r->t0, r->t1, &d, err);
}

void ps_runner_free(ps_runner *r) {
    ps_frame_free(r->inputs);
    ps_frame_free(r->work);
    ps_free(r->params0);
    ps_free(r->params);
    memset(r, 0, sizeof *r);
}

int ps_runner_input(const ps_model *m, const char *name, const char *what, int *sym,
                    ps_error *err) {
    int i = ps_model_find(m, name);
    if (i < 0) {
        const char *near = ps_model_nearest(m, name);
        return ps_error_set(err, PS_ERR_USAGE, "%s: model '%s' has no '%s'" PS_DYM_FMT, what,
                            m->name, name, PS_DYM_ARGS(near));
    }
    if (m->syms[i].kind == PS_SYM_ENDO)
        return ps_error_set(err, PS_ERR_USAGE,
                            "%s: '%s' is endogenous (its equation determines it); name "
                            "exogenous series, add-factors or parameters",
                            what, name);
    *sym = i;
    return PS_OK;
}

char *ps_pool_str(ps_arena *a, const char *s) { return ps_arena_strdup(a, s ? s : ""); }
