/*
** Model parser: the IR it builds.  Expected values are written by hand from
** the language reference (docs/model-language.md); expressions are checked by
** evaluating them with a small evaluator written here, against numbers
** computed by hand, and by printing them back.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

#define TOL 1e-12   /* relative tolerance for evaluated expressions */

static ps_model *parse_ok(const char *src) {
    ps_model *m = NULL;
    ps_error err;
    char msg[2048];
    int rc = ps_model_parse_string(src, strlen(src), "test.model", &m, &err);
    cr_assert_eq(rc, PS_OK, "parse failed: %s", ps_error_format(&err, msg, sizeof msg));
    cr_assert_not_null(m);
    return m;
}

/* vals[slot][k]: series in frame column `slot` at lag -k. */
typedef double series_values[4];

static double eval(const ps_model *m, const ps_expr *e, const series_values *vals) {
    double a = e->a ? eval(m, e->a, vals) : 0, b = e->b ? eval(m, e->b, vals) : 0;
    switch (e->op) {
    case PS_E_NUM: return e->num;
    case PS_E_VAR: {
        const ps_symbol *s = &m->syms[e->sym];
        if (s->kind == PS_SYM_PARAM) return s->value;
        cr_assert(e->lag <= 0 && e->lag > -4, "lag %d out of the test table", e->lag);
        return vals[s->slot][-e->lag];
    }
    case PS_E_NEG: return -a;
    case PS_E_ADD: return a + b;
    case PS_E_SUB: return a - b;
    case PS_E_MUL: return a * b;
    case PS_E_DIV: return a / b;
    case PS_E_POW: return pow(a, b);
    case PS_E_LOG: return log(a);
    case PS_E_EXP: return exp(a);
    case PS_E_SQRT: return sqrt(a);
    case PS_E_ABS: return fabs(a);
    case PS_E_MIN: return a < b ? a : b;
    case PS_E_MAX: return a > b ? a : b;
    case PS_E_NORMCDF: return 0.5 * erfc(-a / sqrt(2.0));    /* libm's, not the engine's */
    default: cr_assert_fail("unexpected op %d", e->op);
    }
    return NAN;
}

static void assert_close(double got, double want, const char *what) {
    double tol = TOL * (fabs(want) > 1 ? fabs(want) : 1);
    cr_assert(fabs(got - want) <= tol, "%s: got %.17g, want %.17g", what, got, want);
}

/* ---- a whole model ------------------------------------------------------- */

static const char *keynes =
    "model keynes \"A Keynesian cross\" quarterly;\n"
    "// consumption block\n"
    "endogenous c \"Consumption\" unit \"100m yuan\", y;\n"
    "exogenous g \"Government\" unit \"100m yuan\" lever, x;\n"
    "parameter mpc = 0.6 \"Marginal propensity\", k = -2;\n"
    "equation [cons] c = mpc * y + k * c(-2);\n"
    "identity y = c + g + x;\n";

static void assert_sym(const ps_model *m, int i, const char *name, ps_symkind kind, int slot,
                       int equation, int line, int col) {
    const ps_symbol *s = &m->syms[i];
    cr_assert_str_eq(s->name, name);
    cr_assert_eq(s->kind, kind, "%s kind", name);
    cr_assert_eq(s->slot, slot, "%s slot", name);
    cr_assert_eq(s->equation, equation, "%s equation", name);
    cr_assert_eq(s->pos.line, line, "%s line", name);
    cr_assert_eq(s->pos.col, col, "%s col", name);
}

Test(model, header_and_counts) {
    ps_model *m = parse_ok(keynes);
    cr_assert_str_eq(m->name, "keynes");
    cr_assert_str_eq(m->title, "A Keynesian cross");
    cr_assert_str_eq(m->path, "test.model");
    cr_assert_eq(m->freq, PS_FREQ_QUARTERLY);
    cr_assert_eq(m->nsym, 7);       /* c y g x mpc k c_a */
    cr_assert_eq(m->neq, 2);
    cr_assert_eq(m->nseries, 5);    /* c y g x c_a */
    cr_assert_eq(m->nparam, 2);
    cr_assert_eq(m->maxlag, 2);
    ps_model_free(m);
}

Test(model, symbols_in_declaration_order_with_slots) {
    ps_model *m = parse_ok(keynes);
    assert_sym(m, 0, "c", PS_SYM_ENDO, 0, 0, 3, 12);
    assert_sym(m, 1, "y", PS_SYM_ENDO, 1, 1, 3, 46);
    assert_sym(m, 2, "g", PS_SYM_EXO, 2, -1, 4, 11);
    assert_sym(m, 3, "x", PS_SYM_EXO, 3, -1, 4, 50);
    assert_sym(m, 4, "mpc", PS_SYM_PARAM, 0, -1, 5, 11);
    assert_sym(m, 5, "k", PS_SYM_PARAM, 1, -1, 5, 44);
    assert_sym(m, 6, "c_a", PS_SYM_ADDFACTOR, 4, 0, 6, 1);
    cr_assert_str_eq(m->syms[0].description, "Consumption");
    cr_assert_str_eq(m->syms[0].unit, "100m yuan");
    cr_assert_str_eq(m->syms[1].description, "");
    cr_assert_str_eq(m->syms[1].unit, "");
    cr_assert_eq(m->syms[2].lever, 1);
    cr_assert_eq(m->syms[3].lever, 0);
    cr_assert_eq(m->syms[4].value, 0.6);
    cr_assert_eq(m->syms[5].value, -2.0);
    cr_assert_eq(m->syms[2].value, 0.0);
    cr_assert_str_eq(m->syms[6].description, "add-factor of equation [cons]");
    cr_assert_str_eq(m->syms[6].unit, "100m yuan");     /* level equation: unit of c */
    ps_model_free(m);
}

Test(model, equations_in_file_order) {
    ps_model *m = parse_ok(keynes);
    const ps_equation *e0 = &m->eqs[0], *e1 = &m->eqs[1];
    cr_assert_str_eq(e0->label, "cons");
    cr_assert_eq(e0->identity, 0);
    cr_assert_eq(e0->lhs, PS_LHS_LEVEL);
    cr_assert_eq(e0->var, 0);
    cr_assert_eq(e0->addfactor, 6);
    cr_assert_str_eq(e0->text, "equation [cons] c = mpc * y + k * c(-2);");
    cr_assert_eq(e0->pos.line, 6);
    cr_assert_eq(e0->pos.col, 1);
    cr_assert_str_eq(e1->label, "y");     /* default label: the variable */
    cr_assert_eq(e1->identity, 1);
    cr_assert_eq(e1->addfactor, -1);
    cr_assert_eq(e1->var, 1);
    cr_assert_str_eq(e1->text, "identity y = c + g + x;");
    ps_model_free(m);
}

Test(model, right_side_tree) {
    ps_model *m = parse_ok(keynes);
    /* mpc * y + k * c(-2)  ->  ADD(MUL(mpc, y), MUL(k, c(-2))) */
    const ps_expr *r = m->eqs[0].rhs;
    cr_assert_eq(r->op, PS_E_ADD);
    cr_assert_eq(r->pos.line, 6);
    cr_assert_eq(r->pos.col, 29);          /* the '+' */
    cr_assert_eq(r->a->op, PS_E_MUL);
    cr_assert_eq(r->a->a->op, PS_E_VAR);
    cr_assert_eq(r->a->a->sym, 4);
    cr_assert_eq(r->a->a->lag, 0);
    cr_assert_eq(r->a->b->sym, 1);
    cr_assert_eq(r->b->b->op, PS_E_VAR);
    cr_assert_eq(r->b->b->sym, 0);
    cr_assert_eq(r->b->b->lag, -2);
    cr_assert_eq(r->b->b->pos.col, 35);
    /* c = 0.6 y - 2 c(-2) with y = 10, c(-2) = 1: 6 - 2 = 4 */
    series_values v[5] = { { 0, 0, 1 }, { 10 } };
    assert_close(eval(m, r, v), 4.0, "cons");
    ps_model_free(m);
}

Test(model, lookup_and_series_map) {
    ps_model *m = parse_ok(keynes);
    cr_assert_eq(ps_model_find(m, "x"), 3);
    cr_assert_eq(ps_model_find(m, "c_a"), 6);
    cr_assert_eq(ps_model_find(m, "nope"), -1);
    cr_assert_eq(ps_model_find(m, ""), -1);
    int want[5] = { 0, 1, 2, 3, 6 };
    for (int s = 0; s < 5; s++) cr_assert_eq(ps_model_series_sym(m, s), want[s], "slot %d", s);
    cr_assert_eq(ps_model_series_sym(m, 5), -1);
    cr_assert_eq(ps_model_series_sym(m, -1), -1);
    ps_model_free(m);
}

Test(model, content_hash) {
    /* sha256sum of the 38 bytes below, computed with coreutils */
    const char *src = "model m; endogenous y; identity y = 1;";
    ps_model *m = parse_ok(src);
    cr_assert_str_eq(m->hash, "b1e68e8ecd685173d652646e462f211bc9afe2aac00f1530e78fbd67ad936c2e");
    cr_assert_eq(m->freq, PS_FREQ_ANNUAL);    /* the default */
    cr_assert_str_eq(m->title, "");
    cr_assert_eq(m->maxlag, 0);
    ps_model_free(m);
}

Test(model, frequencies) {
    ps_model *m = parse_ok("model m monthly; endogenous y; identity y = 1;");
    cr_assert_eq(m->freq, PS_FREQ_MONTHLY);
    ps_model_free(m);
    m = parse_ok("model m \"t\" annual; endogenous y; identity y = 1;");
    cr_assert_eq(m->freq, PS_FREQ_ANNUAL);
    ps_model_free(m);
}

Test(model, names_used_before_declaration) {
    ps_model *m = parse_ok("model m;\n"
                           "identity y = c + i;\n"
                           "equation c = a * y(-1);\n"
                           "parameter a = 0.8;\n"
                           "exogenous i;\n"
                           "endogenous y, c;\n");
    cr_assert_eq(ps_model_find(m, "a"), 0);
    cr_assert_eq(m->eqs[0].var, ps_model_find(m, "y"));
    cr_assert_eq(m->syms[ps_model_find(m, "c")].equation, 1);
    cr_assert_eq(m->syms[ps_model_find(m, "y")].slot, 1);   /* i 0, y 1, c 2 */
    cr_assert_eq(m->syms[ps_model_find(m, "c_a")].slot, 3);
    cr_assert_eq(m->maxlag, 1);
    ps_model_free(m);
}

Test(model, addfactors_follow_equation_order) {
    ps_model *m = parse_ok("model m; endogenous a, b, c; exogenous x;\n"
                           "equation [eb] b = x; identity a = b; equation log(c) = x;");
    /* series a b c x take slots 0..3; the identity for a gets no add-factor */
    cr_assert_eq(m->nsym, 6);
    cr_assert_eq(m->nseries, 6);
    assert_sym(m, 4, "b_a", PS_SYM_ADDFACTOR, 4, 0, 2, 1);
    assert_sym(m, 5, "c_a", PS_SYM_ADDFACTOR, 5, 2, 2, 38);
    cr_assert_eq(m->eqs[0].addfactor, 4);
    cr_assert_eq(m->eqs[1].addfactor, -1);
    cr_assert_eq(m->eqs[2].addfactor, 5);
    cr_assert_str_eq(m->syms[4].description, "add-factor of equation [eb]");
    cr_assert_str_eq(m->syms[5].description, "add-factor of equation [c]");
    ps_model_free(m);
}

Test(model, addfactor_units_follow_the_left_side) {
    ps_model *m = parse_ok("model m;\n"
                           "endogenous a unit \"u\", b unit \"u\", c unit \"u\", d unit \"u\";\n"
                           "exogenous x;\n"
                           "equation a = x; equation log(b) = x; equation diff(c) = x;\n"
                           "equation [dd] pct(d) = x;\n");
    cr_assert_eq(m->nsym, 9);
    cr_assert_str_eq(m->syms[5].name, "a_a");
    cr_assert_str_eq(m->syms[5].unit, "u");
    cr_assert_str_eq(m->syms[6].name, "b_a");
    cr_assert_str_eq(m->syms[6].unit, "log points");
    cr_assert_str_eq(m->syms[7].name, "c_a");
    cr_assert_str_eq(m->syms[7].unit, "u");
    cr_assert_str_eq(m->syms[8].name, "d_a");
    cr_assert_str_eq(m->syms[8].unit, "percentage points");
    cr_assert_str_eq(m->syms[8].description, "add-factor of equation [dd]");
    cr_assert_eq(m->syms[8].equation, 3);
    cr_assert_eq(m->eqs[3].addfactor, 8);
    cr_assert_eq(m->eqs[0].lhs, PS_LHS_LEVEL);
    cr_assert_eq(m->eqs[1].lhs, PS_LHS_LOG);
    cr_assert_eq(m->eqs[2].lhs, PS_LHS_DIFF);
    cr_assert_eq(m->eqs[3].lhs, PS_LHS_PCT);
    cr_assert_eq(m->maxlag, 1);    /* the y(-1) implied by diff(c) and pct(d) */
    ps_model_free(m);
}

Test(model, addfactor_may_appear_on_a_right_side) {
    ps_model *m = parse_ok("model m; endogenous c, d; exogenous x;\n"
                           "equation c = x; identity d = c_a(-1);");
    const ps_expr *r = m->eqs[1].rhs;
    cr_assert_eq(r->op, PS_E_VAR);
    cr_assert_eq(r->sym, ps_model_find(m, "c_a"));
    cr_assert_eq(r->lag, -1);
    ps_model_free(m);
}

Test(model, left_side_variable_at_lag_zero_written_out) {
    ps_model *m = parse_ok("model m; endogenous y; exogenous x; identity y(0) = x(0);");
    cr_assert_eq(m->eqs[0].rhs->lag, 0);
    ps_model_free(m);
}

/* ---- expressions: precedence and functions ------------------------------ */

/* y = expr with a = 2, b = 3, c = 5 (exogenous) and p = 0.5 (parameter). */
static double value_of(const char *expr) {
    char src[512];
    snprintf(src, sizeof src,
             "model t; endogenous y; exogenous a, b, c; parameter p = 0.5; identity y = %s;",
             expr);
    ps_model *m = parse_ok(src);
    series_values v[4] = { { 0 }, { 2 }, { 3 }, { 5 } };   /* slots: y a b c */
    double r = eval(m, m->eqs[0].rhs, v);
    ps_model_free(m);
    return r;
}

Test(expr, precedence_and_associativity) {
    static const struct { const char *expr; double want; } cases[] = {
        { "a + b * c", 17 },            { "(a + b) * c", 25 },
        { "a - b - c", -6 },            { "a - (b - c)", 4 },
        { "c / a / b", 5.0 / 6 },       { "c / (a / b)", 7.5 },
        { "-a^2", -4 },                 { "(-a)^2", 4 },
        { "2^3^2", 512 },               { "(2^3)^2", 64 },
        { "a^-1", 0.5 },                { "-2^-2", -0.25 },
        { "a * -b", -6 },               { "- -a", 2 },
        { "+a", 2 },                    { "-a * b", -6 },
        { "a - -b", 5 },                { "c - a * b ^ 2 / 3", -1 },
        { "p * a + p", 1.5 },           { "a^b^0", 2 },
        { "-(a + b) * c", -25 },        { "2 * (a + (b - c) * (c - b))", -4 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_close(value_of(cases[i].expr), cases[i].want, cases[i].expr);
}

Test(expr, functions) {
    static const struct { const char *expr; double want; } cases[] = {
        { "log(exp(a))", 2 },           { "exp(0)", 1 },
        { "sqrt(16)", 4 },              { "abs(a - c)", 3 },
        { "min(a, b)", 2 },             { "max(a, b)", 3 },
        { "min(c, -a)", -2 },           { "pow(a, b)", 8 },
        { "pow(a, b)^2", 64 },          { "pow(2, pow(1, 5))", 2 },
        { "log(a * b) - log(a) - log(b)", 0 },
        { "max(min(a, b), c - 4)", 2 },
        { "normcdf(a - a)", 0.5 },      { "normcdf(1.959963984540054)", 0.975 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_close(value_of(cases[i].expr), cases[i].want, cases[i].expr);
}

Test(expr, pow_is_the_power_operator) {
    ps_model *m = parse_ok("model t; endogenous y; exogenous a, b; identity y = pow(a, b);");
    cr_assert_eq(m->eqs[0].rhs->op, PS_E_POW);
    ps_model_free(m);
}

/* ---- numbers ----------------------------------------------------------------- */

Test(numbers, every_notation) {
    static const struct { const char *text; double want; } cases[] = {
        { "1", 1 },          { "1.", 1 },         { ".5", 0.5 },        { "0.1", 0.1 },
        { "1e-3", 1e-3 },    { "2.5E+3", 2500 },  { "1E3", 1000 },      { "1e+3", 1000 },
        { "0x1F", 31 },      { "0X1f", 31 },      { "0xff", 255 },      { "010", 10 },
        { "1.5e2", 150 },    { ".25e1", 2.5 },    { "1.e1", 10 },       { "0", 0 },
        { "123456789012", 123456789012.0 },      { "1e-300", 1e-300 },
        { "1.7976931348623157e308", 1.7976931348623157e308 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = value_of(cases[i].text);
        cr_assert_eq(got, cases[i].want, "%s: got %.17g", cases[i].text, got);
    }
}

Test(numbers, parameter_values_take_a_sign) {
    ps_model *m = parse_ok("model t; endogenous y; parameter a = -0.5, b = +2, c = -1e-3, "
                           "d = 0x10, e = -.5; identity y = a;");
    cr_assert_eq(m->syms[1].value, -0.5);
    cr_assert_eq(m->syms[2].value, 2.0);
    cr_assert_eq(m->syms[3].value, -1e-3);
    cr_assert_eq(m->syms[4].value, 16.0);
    cr_assert_eq(m->syms[5].value, -0.5);
    ps_model_free(m);
}

Test(numbers, hex_is_not_an_exponent) {
    /* 0x1E-3 is 0x1E minus 3, as in C */
    assert_close(value_of("0x1E-3"), 27, "0x1E-3");
}

/* ---- lags, diff and pct ------------------------------------------------------ */

/* y = expr with exogenous x and z (slots 1, 2), p = 2 (parameter); x at lags
** 0..3 is 8, 4, 2, 1 and z is 3, 5, 7, 11. */
static double value_with_lags(const char *expr, int *maxlag) {
    char src[512];
    snprintf(src, sizeof src,
             "model t; endogenous y; exogenous x, z; parameter p = 2; identity y = %s;", expr);
    ps_model *m = parse_ok(src);
    series_values v[3] = { { 0 }, { 8, 4, 2, 1 }, { 3, 5, 7, 11 } };
    double r = eval(m, m->eqs[0].rhs, v);
    *maxlag = m->maxlag;
    ps_model_free(m);
    return r;
}

Test(lags, explicit_lags) {
    int ml;
    assert_close(value_with_lags("x(-1) + z(-3)", &ml), 4 + 11, "x(-1) + z(-3)");
    cr_assert_eq(ml, 3);
    assert_close(value_with_lags("x(0) * z(-0)", &ml), 24, "x(0) * z(-0)");
    cr_assert_eq(ml, 0);
}

Test(lags, deep_lag_sets_maxlag) {
    ps_model *m = parse_ok("model t; endogenous y; exogenous x; identity y = x(-40);");
    cr_assert_eq(m->maxlag, 40);
    cr_assert_eq(m->eqs[0].rhs->lag, -40);
    ps_model_free(m);
}

Test(lags, diff_and_pct_by_hand) {
    int ml;
    /* diff(x) = 8 - 4 */
    assert_close(value_with_lags("diff(x)", &ml), 4, "diff(x)");
    cr_assert_eq(ml, 1);
    /* pct(x) = 100 * (8 / 4 - 1) */
    assert_close(value_with_lags("pct(x)", &ml), 100, "pct(x)");
    /* diff(x * z) = 8*3 - 4*5 */
    assert_close(value_with_lags("diff(x * z)", &ml), 4, "diff(x*z)");
    /* pct(x(-1)) = 100 * (4 / 2 - 1), reaching x(-2) */
    assert_close(value_with_lags("pct(x(-1))", &ml), 100, "pct(x(-1))");
    cr_assert_eq(ml, 2);
    /* pct(z) = 100 * (3/5 - 1) = -40 */
    assert_close(value_with_lags("pct(z)", &ml), -40, "pct(z)");
    /* diff(diff(x)) = x - 2 x(-1) + x(-2) = 8 - 8 + 2 */
    assert_close(value_with_lags("diff(diff(x))", &ml), 2, "diff(diff(x))");
    cr_assert_eq(ml, 2);
    /* diff(log(x)) = log 8 - log 4 = log 2 */
    assert_close(value_with_lags("diff(log(x))", &ml), log(2), "diff(log(x))");
    /* diff(pct(z)) = -40 - 100*(5/7 - 1) = -40 + 200/7 */
    assert_close(value_with_lags("diff(pct(z))", &ml), -40 + 200.0 / 7, "diff(pct(z))");
    cr_assert_eq(ml, 2);
    /* parameters are not lagged: diff(p * x) = 2*8 - 2*4 */
    assert_close(value_with_lags("diff(p * x)", &ml), 8, "diff(p*x)");
    /* numbers are not lagged either: diff(x + 5) = 4 */
    assert_close(value_with_lags("diff(x + 5)", &ml), 4, "diff(x+5)");
    /* diff(x(-1) - z(-2)) = (4 - 7) - (2 - 11) */
    assert_close(value_with_lags("diff(x(-1) - z(-2))", &ml), 6, "diff(x(-1) - z(-2))");
    cr_assert_eq(ml, 3);
}

Test(lags, diff_expansion_tree) {
    ps_model *m = parse_ok("model t; endogenous y; exogenous x; parameter p = 2;\n"
                           "identity y = diff(p * x);");
    char buf[256];
    cr_assert_str_eq(ps_expr_format(m, m->eqs[0].rhs, buf, sizeof buf), "p * x - p * x(-1)");
    ps_model_free(m);
    m = parse_ok("model t; endogenous y; exogenous x; identity y = pct(x);");
    cr_assert_str_eq(ps_expr_format(m, m->eqs[0].rhs, buf, sizeof buf),
                     "100 * (x / x(-1) - 1)");
    ps_model_free(m);
}

Test(lags, lag_helpers_nest_four_deep) {
    int ml;
    /* fourth difference of x: 8 - 4*4 + 6*2 - 4*1 + x(-4) would need x(-4);
    ** use diff^3: x - 3x(-1) + 3x(-2) - x(-3) = 8 - 12 + 6 - 1 */
    assert_close(value_with_lags("diff(diff(diff(x)))", &ml), 1, "third difference");
    cr_assert_eq(ml, 3);
    ps_model *m = parse_ok("model t; endogenous y; exogenous x;\n"
                           "identity y = diff(diff(diff(diff(x))));");
    cr_assert_eq(m->maxlag, 4);
    ps_model_free(m);
}

/* ---- comments, strings and positions ------------------------------------------ */

Test(lexer, comments_of_every_kind) {
    ps_model *m = parse_ok("# a hash comment\n"
                           "model /* inline */ m; // trailing\n"
                           "/* a block\n   over lines with // and # inside */\n"
                           "endogenous y; exogenous x;\n"
                           "identity y = x /* in an expression */ + 1; # end\n");
    cr_assert_eq(m->neq, 1);
    cr_assert_eq(m->eqs[0].pos.line, 6);
    cr_assert_eq(m->syms[0].pos.line, 5);
    cr_assert_eq(m->syms[0].pos.col, 12);
    ps_model_free(m);
}

Test(lexer, strings_escapes_and_utf8) {
    ps_model *m = parse_ok("model m \"扬州 economy\";\n"
                           "endogenous y \"say \\\"hi\\\" \\\\ \\t\" unit \"亿元\";\n"
                           "identity y = 1;");
    cr_assert_str_eq(m->title, "扬州 economy");
    cr_assert_str_eq(m->syms[0].description, "say \"hi\" \\ \t");
    cr_assert_str_eq(m->syms[0].unit, "亿元");
    ps_model_free(m);
}

Test(lexer, no_trailing_newline_and_crlf) {
    ps_model *m = parse_ok("model m;\r\nendogenous y;\r\nidentity y = 1;");
    cr_assert_eq(m->eqs[0].pos.line, 3);
    cr_assert_eq(m->eqs[0].pos.col, 1);
    ps_model_free(m);
}

Test(lexer, source_need_not_be_nul_terminated) {
    const char src[] = "model m; endogenous y; identity y = 12;XXXX";
    ps_model *m = NULL;
    ps_error err;
    cr_assert_eq(ps_model_parse_string(src, strlen(src) - 4, NULL, &m, &err), PS_OK);
    cr_assert_str_eq(m->path, "<string>");
    cr_assert_eq(m->eqs[0].rhs->num, 12);
    ps_model_free(m);
}

Test(lexer, labels_may_be_keywords) {
    ps_model *m = parse_ok("model m; endogenous y; identity [identity] y = 1;");
    cr_assert_str_eq(m->eqs[0].label, "identity");
    ps_model_free(m);
}

/* ---- limits ------------------------------------------------------------------ */

static char *repeat_wrap(const char *open, int n, const char *mid, const char *close) {
    size_t len = strlen(open) * n + strlen(mid) + strlen(close) * n + 128;
    char *s = malloc(len);
    cr_assert_not_null(s);
    strcpy(s, "model t; endogenous y; exogenous x; identity y = ");
    for (int i = 0; i < n; i++) strcat(s, open);
    strcat(s, mid);
    for (int i = 0; i < n; i++) strcat(s, close);
    strcat(s, ";");
    return s;
}

Test(limits, deep_but_allowed) {
    char *src = repeat_wrap("(", PS_MODEL_MAX_DEPTH - 1, "x", ")");
    ps_model *m = parse_ok(src);
    cr_assert_eq(m->eqs[0].rhs->op, PS_E_VAR);
    ps_model_free(m);
    free(src);
    src = repeat_wrap("x + ", PS_MODEL_MAX_DEPTH / 2, "x", "");
    m = parse_ok(src);
    ps_model_free(m);
    free(src);
}

/* ---- printing ------------------------------------------------------------------- */

static void assert_prints(const char *expr, const char *want) {
    char src[512], buf[512];
    snprintf(src, sizeof src, "model t; endogenous y; exogenous a, b, c, x; parameter p = 1;"
             " identity y = %s;", expr);
    ps_model *m = parse_ok(src);
    cr_assert_str_eq(ps_expr_format(m, m->eqs[0].rhs, buf, sizeof buf), want, "%s", expr);
    ps_model_free(m);
}

Test(format, minimal_parentheses) {
    assert_prints("-x^2", "-x^2");
    assert_prints("(-x)^2", "(-x)^2");
    assert_prints("2^3^2", "2^3^2");
    assert_prints("(2^3)^2", "(2^3)^2");
    assert_prints("a-(b-c)", "a - (b - c)");
    assert_prints("(a-b)-c", "a - b - c");
    assert_prints("a+(b+c)", "a + (b + c)");
    assert_prints("a/(b*c)", "a / (b * c)");
    assert_prints("(a*b)/c", "a * b / c");
    assert_prints("-(a+b)", "-(a + b)");
    assert_prints("- -a", "-(-a)");
    assert_prints("-a*b", "-a * b");
    assert_prints("-(a*b)", "-(a * b)");
    assert_prints("a^-b", "a^(-b)");
    assert_prints("pow(a,b)", "a^b");
    assert_prints("x(-1) + x(0)", "x(-1) + x");
    assert_prints("min(a, max(b,c)) + log(x) * exp(a) - sqrt(abs(b))",
                  "min(a, max(b, c)) + log(x) * exp(a) - sqrt(abs(b))");
    assert_prints("0.1 + 1e-3 + 2.5E+3 + 0x1F + 1e300", "0.1 + 0.001 + 2500 + 31 + 1e+300");
    assert_prints("p * (a + b)^2", "p * (a + b)^2");
}

/* Reading the printed text back must give the same printed text (the tree is
** the same up to its positions). */
Test(format, round_trip) {
    static const char *exprs[] = {
        "a - (b - (c - x)) / (a * (b / c))", "-(-(-a))^-(b)", "((a))^((b))^c",
        "x(-3) * -x(-2) - -(x(-1) + 1)", "diff(pct(x)) + log(a) ^ 2 ^ -b",
        "1 / (a / (b / c))", "(a + b) * (c - x) / (b - a) ^ (c + 1)",
    };
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        char src[1024], once[512], twice[512];
        snprintf(src, sizeof src, "model t; endogenous y; exogenous a, b, c, x; identity y = %s;",
                 exprs[i]);
        ps_model *m = parse_ok(src);
        ps_expr_format(m, m->eqs[0].rhs, once, sizeof once);
        series_values v[5] = { { 0 }, { 1.5 }, { 2.5 }, { 3.5 }, { 4, 3, 2, 1 } };
        double want = eval(m, m->eqs[0].rhs, v);
        ps_model_free(m);
        snprintf(src, sizeof src, "model t; endogenous y; exogenous a, b, c, x; identity y = %s;",
                 once);
        m = parse_ok(src);
        cr_assert_str_eq(ps_expr_format(m, m->eqs[0].rhs, twice, sizeof twice), once);
        assert_close(eval(m, m->eqs[0].rhs, v), want, exprs[i]);
        ps_model_free(m);
    }
}

Test(format, internal_ops_and_negative_numbers) {
    ps_model *m = parse_ok("model t; endogenous y; exogenous a, b; identity y = a;");
    ps_expr na = { .op = PS_E_NUM, .num = -2 };
    ps_expr va = { .op = PS_E_VAR, .sym = 1 };
    ps_expr vb = { .op = PS_E_VAR, .sym = 2, .lag = -1 };
    ps_expr sign = { .op = PS_E_SIGN, .a = &va };
    ps_expr le = { .op = PS_E_LE, .a = &va, .b = &vb };
    ps_expr gt = { .op = PS_E_GT, .a = &va, .b = &vb };
    ps_expr pw = { .op = PS_E_POW, .a = &na, .b = &va };
    ps_expr sub = { .op = PS_E_SUB, .a = &va, .b = &na };
    char buf[128];
    cr_assert_str_eq(ps_expr_format(m, &sign, buf, sizeof buf), "sign(a)");
    cr_assert_str_eq(ps_expr_format(m, &le, buf, sizeof buf), "le(a, b(-1))");
    cr_assert_str_eq(ps_expr_format(m, &gt, buf, sizeof buf), "gt(a, b(-1))");
    cr_assert_str_eq(ps_expr_format(m, &pw, buf, sizeof buf), "(-2)^a");
    cr_assert_str_eq(ps_expr_format(m, &sub, buf, sizeof buf), "a - -2");
    ps_model_free(m);
}

Test(format, truncates_safely) {
    ps_model *m = parse_ok("model t; endogenous y; exogenous alpha, beta; identity y = alpha + beta;");
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    cr_assert_str_eq(ps_expr_format(m, m->eqs[0].rhs, buf, sizeof buf), "alpha +");
    char one[1] = { 'Z' };
    cr_assert_str_eq(ps_expr_format(m, m->eqs[0].rhs, one, 1), "");
    cr_assert_eq(ps_expr_format(m, m->eqs[0].rhs, NULL, 0), NULL);
    ps_model_free(m);
}

/* ---- nearest names, kinds, NULL safety ------------------------------------------ */

Test(names, nearest) {
    ps_model *m = parse_ok("model t; endogenous gdp, gdq; exogenous GOV, investment;\n"
                           "identity gdp = GOV; identity gdq = investment;");
    cr_assert_str_eq(ps_model_nearest(m, "gdp"), "gdp");          /* itself */
    cr_assert_str_eq(ps_model_nearest(m, "gdx"), "gdp");          /* tie: first declared */
    cr_assert_str_eq(ps_model_nearest(m, "gpd"), "gdp");          /* one swap */
    cr_assert_str_eq(ps_model_nearest(m, "gov"), "GOV");          /* case only */
    cr_assert_str_eq(ps_model_nearest(m, "invstmnt"), "investment");   /* two deletions */
    cr_assert_null(ps_model_nearest(m, "invstmt"));              /* three */
    cr_assert_null(ps_model_nearest(m, "xyz"));
    cr_assert_null(ps_model_nearest(NULL, "gdp"));
    cr_assert_null(ps_model_nearest(m, NULL));
    ps_model_free(m);
}

Test(names, kinds_and_null_safety) {
    cr_assert_str_eq(ps_symkind_name(PS_SYM_ENDO), "endogenous");
    cr_assert_str_eq(ps_symkind_name(PS_SYM_EXO), "exogenous");
    cr_assert_str_eq(ps_symkind_name(PS_SYM_PARAM), "parameter");
    cr_assert_str_eq(ps_symkind_name(PS_SYM_ADDFACTOR), "add-factor");
    cr_assert_str_eq(ps_symkind_name((ps_symkind)99), "unknown");
    ps_model_free(NULL);
    cr_assert_eq(ps_model_find(NULL, "x"), -1);
    cr_assert_eq(ps_model_series_sym(NULL, 0), -1);
}

/* ---- files ---------------------------------------------------------------------- */

Test(file, parse_file_and_missing_file) {
    char path[512];
    snprintf(path, sizeof path, "%s/test_model_tmp.model", POLSIM_BINARY_DIR);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs("model f \"from a file\";\nendogenous y;\nidentity y = 2;\n", f);
    fclose(f);
    ps_model *m = NULL;
    ps_error err;
    cr_assert_eq(ps_model_parse_file(path, &m, &err), PS_OK);
    cr_assert_str_eq(m->path, path);
    cr_assert_str_eq(m->title, "from a file");
    ps_model_free(m);
    remove(path);
    cr_assert_eq(ps_model_parse_file(path, &m, &err), PS_ERR_IO);
    cr_assert_null(m);
    cr_assert(strstr(err.message, "test_model_tmp.model"), "%s", err.message);
}
