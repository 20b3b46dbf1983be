/*
** `polsim solve --target VAR@P=VALUE --instrument LEVER@P[:MIN:MAX]`: the
** solve becomes a scenario with targets and instruments (targets.h), so the
** command line and Lua give the same answers.
**
**   --target VAR@P=VALUE        level of VAR in P
**   --target VAR@P=VALUE%       percent growth of VAR over the period before P
**   --target VAR@P0..P1=VALUE   the same value in every period of the range
**   --instrument LEVER@P        solve for LEVER in P (P0..P1: a range)
**   --instrument LEVER@P:MIN:MAX  within bounds (either may be empty)
*/
#include "cli/cli.h"
#include "cli/solve_targets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const ps_cli_cmd *cmd(void) { return &ps_cmd_solve; }

/* NAME (before '@' or end) as a symbol, with "did you mean". */
static int find_name(const ps_model *m, const char *opt, const char *spec, size_t n, int *sym) {
    char name[128];
    if (n == 0 || n >= sizeof name)
        return ps_cli_usage_error(cmd(), "%s '%s': expected a variable name first", opt, spec);
    memcpy(name, spec, n);
    name[n] = '\0';
    *sym = ps_model_find(m, name);
    if (*sym >= 0) return PS_EXIT_OK;
    const char *near = ps_model_nearest(m, name);
    return ps_cli_usage_error(cmd(), "%s: model '%s' has no variable '%s'" PS_DYM_FMT, opt,
                              m->name, name, PS_DYM_ARGS(near));
}

static int parse_one_period(const ps_model *m, const char *opt, const char *s, size_t n,
                            long *p) {
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return ps_cli_usage_error(cmd(), "%s: expected a period after '@'", opt);
    memcpy(buf, s, n);
    buf[n] = '\0';
    ps_error err;
    ps_error_clear(&err);
    if (ps_period_parse(buf, m->freq, p, &err) == PS_OK) return PS_EXIT_OK;
    return ps_cli_usage_error(cmd(), "%s: %s", opt, err.message);
}

/* P or P0..P1 in s[0..n). */
static int parse_range(const ps_model *m, const char *opt, const char *s, size_t n, long *p0,
                       long *p1) {
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.') dots = s + i;
    if (!dots) {
        int rc = parse_one_period(m, opt, s, n, p0);
        *p1 = *p0;
        return rc;
    }
    int rc = parse_one_period(m, opt, s, (size_t)(dots - s), p0);
    if (!rc) rc = parse_one_period(m, opt, dots + 2, n - (size_t)(dots - s) - 2, p1);
    if (!rc && *p1 < *p0) return ps_cli_usage_error(cmd(), "%s: the range ends before it starts", opt);
    return rc;
}

int ps_cli_parse_set(const ps_model *m, const char *spec, int *sym, int *has_period,
                     long *period, double *value) {
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec)
        return ps_cli_usage_error(cmd(), "--set '%s': expected NAME=VALUE or NAME@PERIOD=VALUE", spec);
    const char *at = memchr(spec, '@', (size_t)(eq - spec));
    int rc = find_name(m, "--set", spec, (size_t)((at ? at : eq) - spec), sym);
    if (rc) return rc;
    const ps_symbol *s = &m->syms[*sym];
    if (ps_cli_parse_double(eq + 1, value))
        return ps_cli_usage_error(cmd(), "--set %s: '%s' is not a number", s->name, eq + 1);
    if (s->kind == PS_SYM_ENDO)
        return ps_cli_usage_error(cmd(), "--set %s: '%s' is endogenous (determined by equation "
                                  "[%s]); set an exogenous variable, or its add-factor %s_a, "
                                  "or make it a --target", s->name, s->name,
                                  m->eqs[s->equation].label, s->name);
    *has_period = at != NULL;
    if (at && s->kind == PS_SYM_PARAM)
        return ps_cli_usage_error(cmd(), "--set %s: a parameter has no periods", s->name);
    if (at) return parse_one_period(m, "--set", at + 1, (size_t)(eq - at - 1), period);
    return PS_EXIT_OK;
}

static int add_target(ps_scenario *s, const ps_model *m, const char *spec) {
    const char *at = strchr(spec, '@'), *eq = strchr(spec, '=');
    if (!at || !eq || eq < at)
        return ps_cli_usage_error(cmd(), "--target '%s': expected VAR@PERIOD=VALUE (VALUE%% for "
                                  "percent growth)", spec);
    int sym;
    long p0, p1;
    int rc = find_name(m, "--target", spec, (size_t)(at - spec), &sym);
    if (!rc) rc = parse_range(m, "--target", at + 1, (size_t)(eq - at - 1), &p0, &p1);
    if (rc) return rc;
    char num[64];
    size_t n = strlen(eq + 1);
    int growth = n > 0 && eq[n] == '%';
    if (growth) n--;
    double v;
    if (n == 0 || n >= sizeof num)
        return ps_cli_usage_error(cmd(), "--target '%s': expected a number after '='", spec);
    memcpy(num, eq + 1, n);
    num[n] = '\0';
    if (ps_cli_parse_double(num, &v) || !isfinite(v))
        return ps_cli_usage_error(cmd(), "--target '%s': '%s' is not a number", spec, num);
    ps_error err;
    ps_error_clear(&err);
    if (ps_scenario_target(s, sym, p0, p1, &v, 1, growth, 1.0, &err))
        return ps_cli_usage_error(cmd(), "--target %s: %s", spec, err.message);
    return PS_EXIT_OK;
}

/* ":MIN:MAX" (either may be empty) into lo, hi. */
static int parse_bounds(const char *spec, const char *b, double *lo, double *hi) {
    *lo = -INFINITY;
    *hi = INFINITY;
    if (!b) return PS_EXIT_OK;
    const char *c2 = strchr(b + 1, ':');
    if (!c2)
        return ps_cli_usage_error(cmd(), "--instrument '%s': bounds are written :MIN:MAX "
                                  "(either may be empty, e.g. ::200)", spec);
    char buf[64];
    size_t n = (size_t)(c2 - b - 1);
    if (n >= sizeof buf) return ps_cli_usage_error(cmd(), "--instrument '%s': bad bound", spec);
    memcpy(buf, b + 1, n);
    buf[n] = '\0';
    if (n && ps_cli_parse_double(buf, lo))
        return ps_cli_usage_error(cmd(), "--instrument '%s': min '%s' is not a number", spec, buf);
    if (c2[1] && ps_cli_parse_double(c2 + 1, hi))
        return ps_cli_usage_error(cmd(), "--instrument '%s': max '%s' is not a number", spec,
                                  c2 + 1);
    return PS_EXIT_OK;
}

static int add_instrument(ps_scenario *s, const ps_model *m, const char *spec) {
    const char *at = strchr(spec, '@');
    if (!at)
        return ps_cli_usage_error(cmd(), "--instrument '%s': expected LEVER@PERIOD "
                                  "(or LEVER@PERIOD:MIN:MAX)", spec);
    const char *b = strchr(at, ':');
    int sym;
    long p0, p1;
    double lo, hi;
    int rc = find_name(m, "--instrument", spec, (size_t)(at - spec), &sym);
    if (!rc) rc = parse_range(m, "--instrument", at + 1, b ? (size_t)(b - at - 1) : strlen(at + 1),
                              &p0, &p1);
    if (!rc) rc = parse_bounds(spec, b, &lo, &hi);
    if (rc) return rc;
    ps_error err;
    ps_error_clear(&err);
    if (ps_scenario_instrument(s, sym, p0, p1, lo, hi, 1.0, &err))
        return ps_cli_usage_error(cmd(), "--instrument %s: %s", spec, err.message);
    return PS_EXIT_OK;
}

static int add_set(ps_scenario *s, const ps_model *m, long from, long to, const char *spec) {
    int sym, has_period;
    long per = 0;
    double v;
    int rc = ps_cli_parse_set(m, spec, &sym, &has_period, &per, &v);
    if (rc) return rc;
    if (has_period && (per < from || per > to))
        return ps_cli_usage_error(cmd(), "--set %s: the period is outside the horizon", spec);
    ps_error err;
    ps_error_clear(&err);
    if (m->syms[sym].kind == PS_SYM_PARAM) rc = ps_scenario_param(s, sym, v, &err);
    else rc = ps_scenario_set(s, sym, has_period ? per : from, has_period ? per : to, &v, 1, &err);
    return rc ? ps_cli_usage_error(cmd(), "--set %s: %s", spec, err.message) : PS_EXIT_OK;
}

int ps_cli_solve_targets(ps_project *p, long from, long to, const char *name,
                         const char **sets, int nsets, const char **targets, int ntargets,
                         const char **instruments, int ninstruments, ps_result **r,
                         ps_target_report **rep) {
    ps_error err;
    ps_error_clear(&err);
    ps_scenario *s = NULL;
    if (ps_scenario_new(p, name, from, to, &s, &err)) return ps_cli_fail(&err);
    int rc = PS_EXIT_OK;
    for (int i = 0; !rc && i < nsets; i++) rc = add_set(s, p->model, from, to, sets[i]);
    for (int i = 0; !rc && i < ntargets; i++) rc = add_target(s, p->model, targets[i]);
    for (int i = 0; !rc && i < ninstruments; i++) rc = add_instrument(s, p->model, instruments[i]);
    if (!rc && ps_scenario_run_report(s, r, rep, &err)) rc = ps_cli_fail(&err);
    ps_scenario_free(s);
    return rc;
}

void ps_cli_print_targets(const ps_model *m, const ps_target_report *rep) {
    if (!rep) return;
    printf("%-10s %-9s %16s %16s %12s  %s\n", "target", "period", "value", "reached", "gap",
           "method");
    for (int i = 0; i < rep->n; i++) {
        const ps_target_outcome *o = &rep->t[i];
        char lab[PS_PERIOD_LABEL_MAX], name[160];
        snprintf(name, sizeof name, "%s%s", m->syms[o->sym].name, o->growth ? " %" : "");
        printf("%-10s %-9s %16.10g %16.10g %12.3g  %s\n", name,
               ps_period_format(o->period, m->freq, lab, sizeof lab), o->value, o->reached,
               o->gap, o->method);
    }
    for (int i = 0; i < rep->n; i++)
        if (!rep->t[i].met) fprintf(stderr, "polsim: warning: target missed: %s\n", rep->t[i].note);
}
