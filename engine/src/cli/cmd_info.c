/* polsim info MODEL [VAR]: list variables, or explain one. */
#include "cli/cli.h"
#include "util/alloc.h"
#include "analyse/leads.h"
#include "project/project.h"

#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_info = {
    "info", "list a model's variables, or show one variable's equation and uses",
    "Usage: polsim info MODEL [VAR]\n\n"
    "Without VAR: every variable and parameter of MODEL with its kind, unit and\n"
    "description (levers are marked), then the deepest lag and furthest lead of every\n"
    "series read with one.  With VAR: its declaration, the equation that determines it\n"
    "(for endogenous variables), its deepest lag and furthest lead, and every equation\n"
    "that uses it, with the lags and leads at which it is used.\n",
    run};

static void print_symbol_line(const ps_symbol *s) {
    char kind[32];
    snprintf(kind, sizeof kind, "%s%s", ps_symkind_name(s->kind), s->lever ? ", lever" : "");
    printf("  %-20s %-20s %-14s %s", s->name, kind, s->unit[0] ? s->unit : "-",
           s->description);
    if (s->kind == PS_SYM_PARAM) printf(" = %.10g", s->value);
    printf("\n");
}

static void list_all(const ps_model *m) {
    static const ps_symkind order[] = {PS_SYM_ENDO, PS_SYM_EXO, PS_SYM_PARAM};
    printf("%s: %s\n", m->name, m->title[0] ? m->title : "(no title)");
    printf("  %-20s %-20s %-14s %s\n", "name", "kind", "unit", "description");
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (int i = 0; i < m->nsym; i++)
            if (m->syms[i].kind == order[k]) print_symbol_line(&m->syms[i]);
    int naf = 0;
    for (int i = 0; i < m->nsym; i++) naf += m->syms[i].kind == PS_SYM_ADDFACTOR;
    if (naf) printf("(%d add-factors NAME_a are not listed: 'polsim info MODEL NAME_a')\n", naf);
    int *lag = ps_malloc(sizeof(int) * (size_t)(2 * m->nsym + 1));
    if (!lag) return;
    int *lead = lag + m->nsym, n = 0;
    ps_model_lead_lag(m, lag, lead);
    for (int i = 0; i < m->nsym; i++) {
        if (m->syms[i].kind == PS_SYM_PARAM || (lag[i] == 0 && lead[i] == 0)) continue;
        if (n++ == 0) printf("  %-20s %-8s %s\n", "series", "max lag", "max lead");
        printf("  %-20s %-8d %d\n", m->syms[i].name, lag[i], lead[i]);
    }
    ps_free(lag);
}

/* Collect the lags at which `sym` appears in e into a bit mask (lags 0..63)
** and its leads into another (leads 1..63). */
static void uses(const ps_expr *e, int sym, unsigned long long *mask,
                 unsigned long long *leads) {
    if (!e) return;
    if (e->op == PS_E_VAR && e->sym == sym) {
        if (e->lag > 0) *leads |= 1ull << (e->lag < 63 ? e->lag : 63);
        else *mask |= 1ull << (-e->lag < 63 ? -e->lag : 63);
    }
    uses(e->a, sym, mask, leads);
    uses(e->b, sym, mask, leads);
}

static void print_lags(unsigned long long mask, unsigned long long leads, const char *name) {
    const char *sep = "";
    for (int k = 63; k >= 1; k--)
        if (leads & (1ull << k)) {
            printf("%s%s(+%d%s)", sep, name, k, k == 63 ? "+" : "");
            sep = ", ";
        }
    for (int k = 0; k < 64; k++)
        if (mask & (1ull << k)) {
            if (k == 0) printf("%s%s", sep, name);
            else printf("%s%s(-%d%s)", sep, name, k, k == 63 ? "+" : "");
            sep = ", ";
        }
}

static void show_one(const ps_model *m, int idx) {
    const ps_symbol *s = &m->syms[idx];
    printf("%s: %s%s\n", s->name, ps_symkind_name(s->kind), s->lever ? " (lever)" : "");
    if (s->description[0]) printf("  description: %s\n", s->description);
    if (s->unit[0]) printf("  unit:        %s\n", s->unit);
    if (s->label_zh[0]) printf("  label (zh):  %s\n", s->label_zh);
    if (s->unit_zh[0]) printf("  unit (zh):   %s\n", s->unit_zh);
    if (s->kind == PS_SYM_PARAM) printf("  value:       %.17g\n", s->value);
    printf("  declared:    %s:%d:%d\n", m->path, s->pos.line, s->pos.col);
    if (s->equation >= 0) {
        const ps_equation *q = &m->eqs[s->equation];
        printf("  %s [%s] (%s:%d):\n    %s\n",
               s->kind == PS_SYM_ADDFACTOR ? "adds to equation" : "determined by",
               q->label, m->path, q->pos.line, q->text);
    }
    int *lag = s->kind == PS_SYM_PARAM ? NULL : ps_malloc(sizeof(int) * (size_t)(2 * m->nsym + 1));
    if (lag) {
        ps_model_lead_lag(m, lag, lag + m->nsym);
        printf("  max lag:     %d\n  max lead:    %d\n", lag[idx], lag[m->nsym + idx]);
        ps_free(lag);
    }
    int n = 0;
    for (int i = 0; i < m->neq; i++) {
        unsigned long long mask = 0, leads = 0;
        uses(m->eqs[i].rhs, idx, &mask, &leads);
        if (!mask && !leads) continue;
        if (n++ == 0) printf("  used in:\n");
        printf("    [%s] as ", m->eqs[i].label);
        print_lags(mask, leads, s->name);
        printf("\n");
    }
    if (n == 0 && s->kind != PS_SYM_ADDFACTOR) printf("  used in:     no equation\n");
}

static const ps_cli_opt opts[] = {PS_OPT_END};

static int run(int argc, char **argv) {
    ps_cli_list args = {0};
    int rc = ps_cli_parse(&ps_cmd_info, opts, argc, argv, NULL, &args);
    if (!rc && args.n == 0) rc = ps_cli_usage_error(&ps_cmd_info, "missing MODEL");
    if (!rc && args.n > 2)
        rc = ps_cli_usage_error(&ps_cmd_info, "too many arguments ('%s')", args.items[2]);
    const char *path = args.n > 0 ? args.items[0] : NULL, *var = args.n > 1 ? args.items[1] : NULL;
    ps_cli_list_free(&args);
    if (rc) return rc;
    ps_error err;
    ps_error_clear(&err);
    ps_model *m = NULL;
    /* info needs only the parsed model; a folder is resolved like `check`. */
    char *file = NULL;
    if (ps_project_model_file(path, &file, &err)) return ps_cli_fail(&err);
    int prc = ps_model_parse_file(file, &m, &err);
    ps_free(file);
    if (prc) return ps_cli_fail(&err);
    if (!var) {
        list_all(m);
    } else {
        int idx = ps_model_find(m, var);
        if (idx < 0) {
            const char *near = ps_model_nearest(m, var);
            fprintf(stderr, "polsim: error: model '%s' has no variable '%s'" PS_DYM_FMT "\n",
                    m->name, var, PS_DYM_ARGS(near));
            rc = PS_EXIT_USAGE;
        } else {
            show_one(m, idx);
        }
    }
    ps_model_free(m);
    return rc;
}
