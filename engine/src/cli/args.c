/* The command-line parser every command uses (args.h). */
#include "cli/args.h"
#include "util/alloc.h"
#include "cli/cli.h"
#include "output/output.h"

#include <stdlib.h>
#include <string.h>

void ps_cli_list_free(ps_cli_list *l) {
    ps_free(l->items);
    l->items = NULL;
    l->n = 0;
}

/* Every list holds at most argc - 1 values: allocated once, when first used. */
static int list_push(ps_cli_list *l, const char *s, int argc) {
    if (!l->items && !(l->items = ps_malloc(sizeof *l->items * (size_t)argc))) return PS_EXIT_LIMIT;
    l->items[l->n++] = s;
    return PS_EXIT_OK;
}

/* The length of the option name in s: up to an '='. */
static size_t name_len(const char *s) { return strcspn(s, "="); }

static int is_name(const char *s, size_t n, const char *name) {
    return name && strlen(name) == n && memcmp(s, name, n) == 0;
}

static const ps_cli_opt *find_opt(const ps_cli_opt *opts, const char *s) {
    size_t n = name_len(s);
    for (const ps_cli_opt *o = opts; o->kind != PS_OPT_KIND_END; o++)
        if (is_name(s, n, o->name) || is_name(s, n, o->alias)) return o;
    return NULL;
}

/* "unknown option", with the option meant: names are compared without
** their dashes, so that "-q" suggests no "-o" and "--form" suggests "--from". */
static int unknown_option(const ps_cli_cmd *c, const ps_cli_opt *opts, const char *s) {
    size_t n = name_len(s), dashes = strspn(s, "-");
    ps_nearest near;
    ps_nearest_init(&near, s + dashes, n - dashes);
    for (const ps_cli_opt *o = opts; o->kind != PS_OPT_KIND_END; o++) {
        ps_nearest_offer(&near, o->name + strspn(o->name, "-"));
        if (o->alias) ps_nearest_offer(&near, o->alias + strspn(o->alias, "-"));
    }
    const char *best = ps_nearest_best(&near), *meant = NULL;
    for (const ps_cli_opt *o = opts; best && !meant && o->kind != PS_OPT_KIND_END; o++)
        if (best == o->name + strspn(o->name, "-")) meant = o->name;
        else if (o->alias && best == o->alias + strspn(o->alias, "-")) meant = o->alias;
    return ps_cli_usage_error(c, "unknown option '%s'" PS_DYM_FMT, s, PS_DYM_ARGS(meant));
}

static int store_int(const ps_cli_cmd *c, const ps_cli_opt *o, const char *v, void *field) {
    long x;
    if (ps_cli_parse_int(v, o->lo, o->hi, &x))
        return ps_cli_usage_error(c, "%s takes a whole number %ld..%ld, not '%s'", o->name, o->lo,
                                  o->hi, v);
    if (o->size == sizeof(int)) *(int *)field = (int)x;
    else *(long *)field = x; /* long or unsigned long: the macro takes no other */
    return PS_EXIT_OK;
}

/* The option at argv[*i] (known to be o); *i moves past its value. */
static int take(const ps_cli_cmd *c, const ps_cli_opt *o, int argc, char **argv, int *i,
                void *args) {
    const char *s = argv[*i], *eq = strchr(s, '=');
    void *field = (char *)args + o->off;
    if (o->kind == PS_OPT_KIND_FLAG) {
        if (eq) return ps_cli_usage_error(c, "option %.*s takes no value", (int)(eq - s), s);
        *(int *)field = 1;
        return PS_EXIT_OK;
    }
    const char *v = eq ? eq + 1 : NULL;
    if (!v && *i + 1 >= argc) return ps_cli_usage_error(c, "option %s needs a value", s);
    if (!v) v = argv[++*i];
    switch (o->kind) {
    case PS_OPT_KIND_STR: *(const char **)field = v; return PS_EXIT_OK;
    case PS_OPT_KIND_LIST: return list_push(field, v, argc);
    case PS_OPT_KIND_INT: return store_int(c, o, v, field);
    default: return o->conv(c, o->name, v, field);
    }
}

/* max: the most operands (0: any number); what names them in the error. */
static int parse(const ps_cli_cmd *c, const ps_cli_opt *opts, int argc, char **argv,
                 void *args, ps_cli_list *operands, int max, const char *what) {
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int rc;
        if (s[0] == '-' && s[1]) {
            const ps_cli_opt *o = find_opt(opts, s);
            rc = o ? take(c, o, argc, argv, &i, args) : unknown_option(c, opts, s);
        } else if (max && operands->n == max) {
            rc = ps_cli_usage_error(c, "one %s only (got '%s' and '%s')", what,
                                    operands->items[0], s);
        } else {
            rc = list_push(operands, s, argc);
        }
        if (rc) return rc;
    }
    return PS_EXIT_OK;
}

int ps_cli_parse(const ps_cli_cmd *c, const ps_cli_opt *opts, int argc, char **argv,
                 void *args, ps_cli_list *operands) {
    return parse(c, opts, argc, argv, args, operands, 0, NULL);
}

int ps_cli_parse_one(const ps_cli_cmd *c, const ps_cli_opt *opts, int argc, char **argv,
                     void *args, const char *what, const char **operand) {
    ps_cli_list l = {0};
    int rc = parse(c, opts, argc, argv, args, &l, 1, what);
    if (!rc && l.n == 0) rc = ps_cli_usage_error(c, "missing %s", what);
    if (!rc) *operand = l.items[0];
    ps_cli_list_free(&l);
    return rc;
}

int ps_cli_conv_positive(const ps_cli_cmd *c, const char *opt, const char *val, void *field) {
    double x;
    if (ps_cli_parse_double(val, &x) || x <= 0)
        return ps_cli_usage_error(c, "%s takes a positive number, not '%s'", opt, val);
    *(double *)field = x;
    return PS_EXIT_OK;
}

int ps_cli_conv_lang(const ps_cli_cmd *c, const char *opt, const char *val, void *field) {
    if (ps_lang_parse(val, (ps_lang *)field))
        return ps_cli_usage_error(c, "%s takes en or zh, not '%s'", opt, val);
    return PS_EXIT_OK;
}

int ps_cli_conv_count(const ps_cli_cmd *c, const char *opt, const char *val, void *field) {
    double x;
    if (ps_cli_parse_double(val, &x) || x < 0 || x > 9e18 || x != (double)(long long)x)
        return ps_cli_usage_error(c, "%s takes a whole number >= 0, not '%s'", opt, val);
    *(long long *)field = (long long)x;
    return PS_EXIT_OK;
}

int ps_cli_split_sets(const ps_cli_cmd *c, const ps_cli_list *sets, char ***keys,
                      const char ***values) {
    *keys = ps_calloc((size_t)sets->n + 1, sizeof **keys);
    *values = ps_calloc((size_t)sets->n + 1, sizeof **values);
    if (!*keys || !*values) return PS_EXIT_LIMIT;
    for (int i = 0; i < sets->n; i++) {
        const char *spec = sets->items[i], *eq = strchr(spec, '=');
        if (!eq || eq == spec)
            return ps_cli_usage_error(c, "--set '%s': expected NAME=VALUE", spec);
        size_t n = (size_t)(eq - spec);
        if (!((*keys)[i] = ps_malloc(n + 1))) return PS_EXIT_LIMIT;
        memcpy((*keys)[i], spec, n);
        (*keys)[i][n] = '\0';
        (*values)[i] = eq + 1;
    }
    return PS_EXIT_OK;
}
