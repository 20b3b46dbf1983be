/*
** The unit guard (ps_scenario_unit_suspect): values about 100 times off from
** a series' history.  A rate typed as a fraction (0.10 for 10 %) runs
** silently and gives nonsense, so the API says so before the run.
*/
#include "project/project.h"
#include "scenario/scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GUARD_SPAN 10           /* history values the typical size is taken from */

static int is_percent(const char *unit) {
    return strcmp(unit, "%") == 0 || strcmp(unit, "percent") == 0 || strcmp(unit, "pct") == 0 ||
           strcmp(unit, "percent a year") == 0;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median |x| of the last GUARD_SPAN finite non-zero history values; 0 when none. */
static double typical(const ps_project *p, int slot) {
    const ps_frame *h = p->history;
    if (!h || slot < 0 || slot >= h->nvar) return 0;
    double v[GUARD_SPAN];
    int k = 0;
    for (int t = h->nper - 1; t >= 0 && k < GUARD_SPAN; t--) {
        double x = ps_frame_get(h, slot, t);
        if (isfinite(x) && x != 0) v[k++] = fabs(x);
    }
    if (!k) return 0;
    qsort(v, (size_t)k, sizeof *v, by_value);
    return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

int ps_scenario_unit_suspect(const ps_project *p, int sym, long period, double value, char *msg,
                             size_t n) {
    const ps_model *m = p->model;
    if (sym < 0 || sym >= m->nsym || value == 0 || !isfinite(value)) return 0;
    const ps_symbol *s = &m->syms[sym];
    if (s->kind != PS_SYM_EXO) return 0; /* add-factors are shifts: any size is plausible */
    double ref = typical(p, s->slot);
    if (ref == 0) return 0;
    double r = ref / fabs(value);
    char per[32];
    ps_period_format(period, m->freq, per, sizeof per);
    if (is_percent(s->unit) && r >= 100.0 / 3 && r <= 300) {
        snprintf(msg, n, "%s %s = %g: did you mean %g (percent)? Its unit is %s and its "
                 "history is about %.3g; rates are given in percent (10 for 10 %%)", s->name,
                 per, value, value * 100, s->unit, ref);
        return 1;
    }
    if ((r >= 50 && r <= 200) || (r >= 1.0 / 200 && r <= 1.0 / 50)) {
        snprintf(msg, n, "%s %s = %g: did you mean %g? Its history is about %.3g%s%s, %s",
                 s->name, per, value, r > 1 ? value * 100 : value / 100, ref,
                 s->unit[0] ? " " : "", s->unit,
                 r > 1 ? "about 100 times this value" : "about 1/100 of this value");
        return 1;
    }
    return 0;
}
