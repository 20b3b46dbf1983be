/*
** Chinese labels and units on declarations (`label zh "..."`, `unit zh "..."`):
** read into the symbol as written, in any order with the other attributes,
** and empty when not given (add-factors included).
*/
#include <criterion/criterion.h>
#include <string.h>

#include "model/model.h"

static ps_model *parse_ok(const char *src) {
    ps_model *m = NULL;
    ps_error err;
    int rc = ps_model_parse_string(src, strlen(src), "labels.model", &m, &err);
    cr_assert_eq(rc, PS_OK, "parse failed: %s:%d:%d: %s", err.file, err.line, err.col,
                 err.message);
    return m;
}

static const ps_symbol *sym(const ps_model *m, const char *name) {
    for (int i = 0; i < m->nsym; i++)
        if (strcmp(m->syms[i].name, name) == 0) return &m->syms[i];
    cr_assert_fail("no symbol %s", name);
    return NULL;
}

Test(labels, zh_label_and_unit_on_every_kind) {
    ps_model *m = parse_ok(
        "model m;\n"
        "endogenous gdp \"Gross regional product\" unit \"100m yuan\" "
        "label zh \"地区生产总值\" unit zh \"亿元\",\n"
        "           pop unit zh \"万人\" label zh \"常住人口\";\n"
        "exogenous loan_g \"Loan growth\" label zh \"贷款增速\" unit \"%\" lever unit zh \"%\",\n"
        "          x;\n"
        "parameter a = 0.5 \"Share\" label zh \"份额\";\n"
        "equation gdp = a * gdp(-1) + x;\n"
        "identity pop = loan_g;\n");
    const ps_symbol *g = sym(m, "gdp");
    cr_assert_str_eq(g->description, "Gross regional product");
    cr_assert_str_eq(g->unit, "100m yuan");
    cr_assert_str_eq(g->label_zh, "地区生产总值");
    cr_assert_str_eq(g->unit_zh, "亿元");
    const ps_symbol *p = sym(m, "pop");
    cr_assert_str_eq(p->label_zh, "常住人口");
    cr_assert_str_eq(p->unit_zh, "万人");
    cr_assert_str_eq(p->unit, "");
    cr_assert_str_eq(p->description, "");
    const ps_symbol *l = sym(m, "loan_g");
    cr_assert(l->lever);
    cr_assert_str_eq(l->label_zh, "贷款增速");
    cr_assert_str_eq(l->unit, "%");
    cr_assert_str_eq(l->unit_zh, "%");
    const ps_symbol *x = sym(m, "x");
    cr_assert_str_eq(x->label_zh, "");
    cr_assert_str_eq(x->unit_zh, "");
    const ps_symbol *a = sym(m, "a");
    cr_assert_float_eq(a->value, 0.5, 0);
    cr_assert_str_eq(a->label_zh, "份额");
    const ps_symbol *af = sym(m, "gdp_a");
    cr_assert_str_eq(af->label_zh, "");
    cr_assert_str_eq(af->unit_zh, "");
    ps_model_free(m);
}

/* `label` and `zh` stay ordinary names: models that used them keep parsing. */
Test(labels, label_and_zh_are_not_reserved) {
    ps_model *m = parse_ok("model m;\nendogenous label; exogenous zh;\n"
                           "identity label = zh;\n");
    cr_assert_str_eq(sym(m, "label")->label_zh, "");
    ps_model_free(m);
}
