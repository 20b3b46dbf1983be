/*
** Scenarios from C: parameter overrides through layers of copies, against the
** closed form of the Keynesian cross (models/examples/keynes):
**
**     y = (c0 - mpc t + i + g + c_a) / (1 - mpc)
**
** with 2024's levers held (i = 200, g = 180, t = 150) and c_a = 0 in a
** projection.  Each layer applies only the parameters it set; a layer that
** sets none must still pass its parents' values on.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "scenario/scenario.h"

#define KEYNES POLSIM_SOURCE_DIR "/models/examples/keynes"
#define YEAR 2025

static double keynes_y(double c0, double mpc) {
    return (c0 - mpc * 150.0 + 200.0 + 180.0) / (1.0 - mpc);
}

static int sym(const ps_project *p, const char *name) {
    int s = ps_model_find(p->model, name);
    cr_assert_geq(s, 0, "keynes has no %s", name);
    return s;
}

/* y of YEAR in a run of s. */
static double run_y(ps_scenario *s) {
    ps_result *r = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_scenario_run(s, &r, &err), PS_OK, "%s", err.message);
    int v = ps_result_col(r, "y");
    cr_assert_geq(v, 0);
    double y = r->data[(size_t)(YEAR - r->start) * (size_t)r->nvar + (size_t)v];
    ps_result_free(r);
    return y;
}

#define assert_y(got, want, what)                                                         \
    cr_assert_leq(fabs((got) - (want)), 1e-10 * fabs(want), "%s: y = %.15g, expected %.15g", \
                  what, got, want)

Test(scenario_params, overrides_flow_through_every_layer) {
    ps_project *p = NULL;
    ps_error err;
    cr_assert_eq(ps_project_load(KEYNES, &p, &err), PS_OK, "%s", err.message);
    int mpc = sym(p, "mpc"), c0 = sym(p, "c0");
    ps_scenario *base = NULL, *child = NULL, *grand = NULL;
    cr_assert_eq(ps_scenario_new(p, "base", YEAR, YEAR, &base, &err), PS_OK);
    cr_assert_eq(ps_scenario_copy(base, "child", &child, &err), PS_OK);
    cr_assert_eq(ps_scenario_copy(child, "grand", &grand, &err), PS_OK);
    assert_y(run_y(grand), keynes_y(40, 0.6), "no overrides anywhere");

    /* set twice: the second value wins */
    cr_assert_eq(ps_scenario_param(base, mpc, 0.7, &err), PS_OK);
    cr_assert_eq(ps_scenario_param(base, mpc, 0.5, &err), PS_OK);
    cr_assert_eq(ps_scenario_param(child, c0, 50, &err), PS_OK);
    assert_y(run_y(base), keynes_y(40, 0.5), "root");
    assert_y(run_y(child), keynes_y(50, 0.5), "child: its c0, the root's mpc");
    assert_y(run_y(grand), keynes_y(50, 0.5), "grandchild, which sets nothing");

    /* a later change to the root reaches the descendants; the child's own
    ** override of the same parameter then wins over it */
    cr_assert_eq(ps_scenario_param(base, mpc, 0.6, &err), PS_OK);
    assert_y(run_y(grand), keynes_y(50, 0.6), "after the root's change");
    cr_assert_eq(ps_scenario_param(child, mpc, 0.75, &err), PS_OK);
    assert_y(run_y(grand), keynes_y(50, 0.75), "the child's own mpc");
    assert_y(run_y(base), keynes_y(40, 0.6), "the root keeps its own");
    cr_assert_eq(ps_scenario_param_value(grand, mpc), 0.75);

    cr_assert_eq(ps_scenario_param(child, sym(p, "g"), 1, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "'g' is not a parameter"), "%s", err.message);
    cr_assert_eq(ps_scenario_param(child, mpc, NAN, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "parameter 'mpc' must be a finite number"), "%s",
              err.message);
    assert_y(run_y(grand), keynes_y(50, 0.75), "refused changes change nothing");

    ps_scenario_free(grand);
    ps_scenario_free(child);
    ps_scenario_free(base);
    ps_project_free(p);
}
