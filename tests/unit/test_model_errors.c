/*
** Model parser: every error it reports, with code, position and the key
** words of the message; the out-of-memory path at every allocation.
**
** Most cases are one statement on line 3 of
**     model m;
**     endogenous y; exogenous x; parameter p = 1;
**     <statement>
** so columns count from the start of the statement ("identity y = " is 13
** characters: the right side starts at column 14).
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "model/model.h"

#define HEAD "model m;\nendogenous y; exogenous x; parameter p = 1;\n"

typedef struct err_case {
    const char *src;
    int code, line, col;
    const char *has[3];         /* substrings the message must contain */
} err_case;

static void check_case(const err_case *c, int with_head) {
    char src[4096];
    snprintf(src, sizeof src, "%s%s", with_head ? HEAD : "", c->src);
    ps_model *m = (ps_model *)1;
    ps_error err;
    int rc = ps_model_parse_string(src, strlen(src), "bad.model", &m, &err);
    cr_assert_eq(rc, c->code, "%s\n-> code %d (%s), want %d", c->src, rc, err.message, c->code);
    cr_assert_null(m, "%s: *out must be NULL on failure", c->src);
    cr_assert_eq(err.code, c->code);
    cr_assert_str_eq(err.file, "bad.model");
    cr_assert_eq(err.line, c->line, "%s\n-> line %d, want %d: %s", c->src, err.line, c->line,
                 err.message);
    cr_assert_eq(err.col, c->col, "%s\n-> col %d, want %d: %s", c->src, err.col, c->col,
                 err.message);
    for (int i = 0; i < 3 && c->has[i]; i++)
        cr_assert(strstr(err.message, c->has[i]), "%s\n-> message lacks \"%s\": %s", c->src,
                  c->has[i], err.message);
}

static void check_all(const err_case *cases, size_t n, int with_head) {
    for (size_t i = 0; i < n; i++) check_case(&cases[i], with_head);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
enum { SYN = PS_ERR_SYNTAX, SEM = PS_ERR_SEMANTIC, UNS = PS_ERR_UNSUPPORTED, LIM = PS_ERR_LIMIT };

Test(errors, model_statement) {
    static const err_case cases[] = {
        { "", SYN, 1, 1, { "expected the model statement", "found end of file" } },
        { "endogenous y;", SYN, 1, 1, { "expected the model statement", "'endogenous'" } },
        { "Model m;", SYN, 1, 1, { "found 'Model'" } },
        { "model ;", SYN, 1, 7, { "expected a name after 'model'", "found ';'" } },
        { "model log;", SYN, 1, 7, { "'log' is a reserved word" } },
        { "model m yearly;", SYN, 1, 9, { "annual, quarterly or monthly", "'yearly'" } },
        { "model m \"t\" annual x;", SYN, 1, 20, { "expected ';' to end the model statement" } },
        { "model m;\nendogenous y;\nmodel n;", SYN, 3, 1, { "one model", "at 1:1" } },
    };
    check_all(cases, N(cases), 0);
}

Test(errors, declarations) {
    static const err_case cases[] = {
        { "endogenous ;", SYN, 3, 12, { "expected a name after 'endogenous'", "found ';'" } },
        { "endogenous log;", SYN, 3, 12, { "'log' is a reserved word", "cannot be used as a name" } },
        { "exogenous annual;", SYN, 3, 11, { "'annual' is a reserved word" } },
        { "endogenous z lever;", SYN, 3, 14, { "'lever' marks exogenous variables only",
                                              "'z' is declared endogenous" } },
        { "parameter q = 1 lever;", SYN, 3, 17, { "'q' is declared a parameter" } },
        { "parameter q;", SYN, 3, 12, { "expected '=' and a value after parameter 'q'",
                                        "found ';'" } },
        { "parameter q = a;", SYN, 3, 15, { "expected a number as the value of parameter 'q'",
                                            "found 'a'" } },
        { "parameter q = 1/3;", SYN, 3, 16, { "a single number, not an expression", "'/'" } },
        { "exogenous z \"a\" \"b\";", SYN, 3, 17,
          { "expected ',' or ';' after the declaration of 'z'",
            "exogenous NAME [\"description\"] [unit \"u\"] [label zh \"..\"] [unit zh \"..\"] "
            "[lever]", "found '\"b\"'" } },
        { "exogenous z label \"x\";", SYN, 3, 19, { "expected a language after 'label'",
                                                   "found '\"x\"'" } },
        { "exogenous z label fr \"x\";", SYN, 3, 19, { "unknown language 'fr' after 'label'",
                                                      "zh (Chinese)" } },
        { "exogenous z unit zh;", SYN, 3, 20, { "expected the text in double quotes after "
                                                "'unit zh'", "found ';'" } },
        { "exogenous z label zh \"a\" label zh \"b\";", SYN, 3, 26,
          { "'label zh' is given twice" } },
        { "exogenous z unit \"a\" unit \"b\";", SYN, 3, 22, { "'unit' is given twice" } },
        { "exogenous z lever lever;", SYN, 3, 19, { "'lever' is given twice", "'z'" } },
        { "exogenous z unit;", SYN, 3, 17, { "expected the unit in double quotes after 'unit'" } },
        { "exogenous z unit \"u\" \"d\";", SYN, 3, 22, { "after the declaration of 'z'" } },
        { "endogenous z, ;", SYN, 3, 15, { "expected a name after 'endogenous'" } },
        { "exogenous y;", SEM, 3, 11, { "'y' is declared twice", "at 2:12 (endogenous)",
                                        "here (exogenous)" } },
        { "parameter x = 2;", SEM, 3, 11, { "'x' is declared twice", "at 2:25 (exogenous)",
                                            "here (a parameter)" } },
    };
    check_all(cases, N(cases), 1);
}

Test(errors, statements) {
    static const err_case cases[] = {
        { "c = 1;", SYN, 3, 1, { "expected a statement, found 'c'", "equation y = ..." } },
        { ";", SYN, 3, 1, { "expected a statement, found ';'",
                            "endogenous, exogenous, parameter, equation or identity" } },
        { "lever;", SYN, 3, 1, { "expected a statement, found 'lever'" } },
        { "identity y x;", SYN, 3, 12, { "expected '=' after the left side 'y'", "found 'x'" } },
        { "identity [ = x;", SYN, 3, 12, { "expected a label name after '['", "found '='" } },
        { "identity [a y = x;", SYN, 3, 13, { "expected ']' to close the equation label" } },
        { "identity y = x", SYN, 3, 15, { "expected ';' at the end of the equation",
                                         "found end of file" } },
        { "identity y = 2 x;", SYN, 3, 16, { "is an operator such as '*' missing?", "'x'" } },
        { "identity y = 1 = 2;", SYN, 3, 16, { "exactly one '='" } },
        { "identity y = x)", SYN, 3, 15, { "expected ';' at the end of the equation",
                                           "found ')'" } },
    };
    check_all(cases, N(cases), 1);
}

Test(errors, left_sides) {
    static const err_case cases[] = {
        { "identity y + 1 = x;", SYN, 3, 10,
          { "the left side 'y + 1' is not one of the allowed forms",
            "y, log(y), diff(y) or pct(y)" } },
        { "identity exp(y) = x;", SYN, 3, 10, { "the left side 'exp(y)'", "y, log(y), diff(y)" } },
        { "identity log(2*y) = x;", SYN, 3, 10, { "the left side 'log(2*y)'" } },
        { "identity 3 = x;", SYN, 3, 10, { "the left side '3'" } },
        { "identity y(-1) = x;", SYN, 3, 10, { "must be at lag 0", "'y(-1)'" } },
        { "identity diff(y(-2)) = x;", SYN, 3, 15, { "must be at lag 0", "'y(-2)'" } },
        { "identity x = y;", SEM, 3, 10, { "'x' is exogenous (declared at 2:25)",
                                           "cannot be on the left side" } },
        { "identity log(p) = x;", SEM, 3, 14, { "'p' is a parameter (declared at 2:38)",
                                                "cannot be on the left side" } },
        { "identity w = x;", SEM, 3, 10, { "undeclared name 'w'", "on the left side" } },
        { "identity yy = x;", SEM, 3, 10, { "undeclared name 'yy' (did you mean 'y'?)" } },
        { "equation y = x; identity y_a = 1;", SEM, 3, 26,
          { "'y_a' cannot be on the left side", "add-factor" } },
    };
    check_all(cases, N(cases), 1);
}

Test(errors, right_sides) {
    static const err_case cases[] = {
        { "identity y = ;", SYN, 3, 14, { "expected a value", "found ';'" } },
        { "identity y = x +;", SYN, 3, 17, { "expected a value", "found ';'" } },
        { "identity y = (x;", SYN, 3, 16, { "expected ')' to close the '(' at 3:14",
                                            "found ';'" } },
        { "identity y = (x + p)(-1);", SYN, 3, 21,
          { "after '(x + p)'", "only a variable name takes a lag" } },
        { "identity y = 2(-1);", SYN, 3, 15, { "after '2'", "only a variable name takes a lag" } },
        { "identity y = log(x)(-1);", SYN, 3, 20, { "after 'log(x)'" } },
        { "identity y = x(-1)(-1);", SYN, 3, 19, { "after 'x(-1)'" } },
        { "identity y = lg(x);", SYN, 3, 14, { "unknown function 'lg'; did you mean 'log'?" } },
        { "identity y = sqr(x);", SYN, 3, 14, { "unknown function 'sqr'; did you mean 'sqrt'?" } },
        { "identity y = foo(x);", SYN, 3, 14,
          { "unknown function 'foo'", "log, exp, sqrt, abs, sign, normcdf, min, max, pow, diff and pct" } },
        { "identity y = log(x, p);", SYN, 3, 14, { "log takes 1 argument, found 2", "log(x)" } },
        { "identity y = min(x);", SYN, 3, 14, { "min takes 2 arguments, found 1", "min(a, b)" } },
        { "identity y = max(x, x, x);", SYN, 3, 14, { "max takes 2 arguments, found 3" } },
        { "identity y = pow();", SYN, 3, 14, { "pow takes 2 arguments, found 0" } },
        { "identity y = diff(x, x);", SYN, 3, 14, { "diff takes 1 argument, found 2" } },
        { "identity y = pct();", SYN, 3, 14, { "pct takes 1 argument, found 0" } },
        { "identity y = exp(x, 1, 2);", SYN, 3, 14, { "exp takes 1 argument, found 3" } },
        { "identity y = sqrt(1, 2);", SYN, 3, 14, { "sqrt takes 1 argument, found 2" } },
        { "identity y = abs();", SYN, 3, 14, { "abs takes 1 argument, found 0" } },
        { "identity y = log;", SYN, 3, 14, { "function 'log' needs its arguments in parentheses" } },
        { "identity y = min(x;", SYN, 3, 19, { "expected ',' or ')' in the arguments of min" } },
        { "identity y = unit;", SYN, 3, 14, { "'unit' is a reserved word, not a variable name" } },
        { "identity y = x(-1.5);", SYN, 3, 17, { "a lag must be a whole number", "'1.5'" } },
        { "identity y = x(-1e1);", SYN, 3, 17, { "a lag must be a whole number" } },
        { "identity y = x(-a);", SYN, 3, 17, { "expected a whole number of periods after 'x(-'",
                                               "found 'a'" } },
        { "identity y = x(-1;", SYN, 3, 18, { "expected ')' to close the lag of 'x'" } },
        { "identity y = xx;", SEM, 3, 14, { "undeclared name 'xx' (did you mean 'x'?)",
                                            "endogenous, exogenous or parameter" } },
        { "identity y = x + p(-1);", SEM, 3, 18, { "parameter 'p(-1)' cannot take a lag",
                                                   "declare 'p' exogenous" } },
        { "identity y = y;", SEM, 3, 14, { "repeats its left side", "y(-1)" } },
        { "equation y = y;", SEM, 3, 14, { "the right side 'y'", "cannot determine 'y'" } },
        { "identity log(y) = log(y);", SEM, 3, 19, { "repeats its left side" } },
    };
    check_all(cases, N(cases), 1);
}

Test(errors, undeclared_without_a_hint) {
    err_case c = { "identity y = zzzz;", SEM, 3, 14, { "undeclared name 'zzzz'; declare it" } };
    check_case(&c, 1);
}

Test(errors, numbers) {
    static const err_case cases[] = {
        { "identity y = 1e;", SYN, 3, 14, { "malformed number '1e'", "exponent needs digits" } },
        { "identity y = 1e+;", SYN, 3, 14, { "malformed number '1e+'", "exponent needs digits" } },
        { "identity y = 2.5E-x;", SYN, 3, 14, { "malformed number '2.5E-x'" } },
        { "identity y = 1.2.3;", SYN, 3, 14, { "'1.2.3'", "at most one decimal point" } },
        { "identity y = 1e3.5;", SYN, 3, 14, { "'1e3.5'", "exponent must be a whole number" } },
        { "identity y = 12abc;", SYN, 3, 14, { "'12abc'", "cannot run into letters", "2*x" } },
        { "identity y = 1_000;", SYN, 3, 14, { "'1_000'", "'_' cannot be used inside a number" } },
        { "identity y = 0x;", SYN, 3, 14, { "'0x'", "need digits 0-9 or a-f after 0x" } },
        { "identity y = 0x1G;", SYN, 3, 14, { "'0x1G'", "only the digits 0-9 and a-f" } },
        { "identity y = 0x1.8p3;", SYN, 3, 14, { "'0x1.8p3'", "must be whole" } },
        { "identity y = 1e999;", SYN, 3, 14, { "'1e999'", "too large" } },
        { "identity y = x .;", SYN, 3, 16, { "unexpected '.'" } },
        { "parameter q = 1x;", SYN, 3, 15, { "malformed number '1x'" } },
    };
    check_all(cases, N(cases), 1);
}

Test(errors, lexer) {
    static const err_case cases[] = {
        { "identity y = x; /* open", SYN, 3, 17, { "unterminated comment", "'*/'" } },
        { "identity y = x /* a\n\n", SYN, 3, 16, { "unterminated comment" } },
        { "exogenous z \"abc;", SYN, 3, 13, { "unterminated string" } },
        { "exogenous z \"ab\nc\";", SYN, 3, 13, { "unterminated string", "same line" } },
        { "exogenous z \"a\\qb\";", SYN, 3, 15, { "unknown escape '\\q'" } },
        { "exogenous z \"a\001b\";", SYN, 3, 15, { "control character 0x01 inside a string" } },
        { "identity y = 'x';", SYN, 3, 14, { "strings use double quotes" } },
        { "identity y = x @ 2;", SYN, 3, 16, { "unexpected character '@'" } },
        { "identity y = x {;", SYN, 3, 16, { "unexpected character '{'" } },
        { "identity y = \xc3\xa9;", SYN, 3, 14, { "non-ASCII character (byte 0xC3)",
                                                  "double quotes" } },
        { "identity y = x\001;", SYN, 3, 15, { "unexpected control character 0x01" } },
        /* columns count characters: the description holds two 3-byte ones */
        { "exogenous z \"扬州\"; identity y = q;", SEM, 3, 32, { "undeclared name 'q'" } },
    };
    check_all(cases, N(cases), 1);
}

Test(errors, whole_model) {
    static const err_case cases[] = {
        { "model m;\nendogenous y; exogenous x;\n", SEM, 1, 1,
          { "model 'm' has no equations", "add at least one equation or identity" } },
        { "model m;\nendogenous y,\n  z;\nidentity y = 1;", SEM, 3, 3,
          { "endogenous variable 'z' is not determined by any equation",
            "declare it exogenous" } },
        { "model m;\nendogenous y; exogenous x;\nidentity y = x;\nequation y = 2*x;", SEM, 4, 1,
          { "'y' is determined by two equations", "[y] at 3:1 and this one" } },
        { "model m;\nendogenous y, z; exogenous x;\nidentity [a] y = x;\nidentity [a] z = x;",
          SEM, 4, 11, { "duplicate equation label [a]", "at 3:1" } },
        { "model m;\nendogenous y, z; exogenous x;\nidentity [y] z = x;\nidentity y = x;",
          SEM, 4, 1, { "duplicate equation label [y]", "takes its variable's name" } },
        { "model m;\nendogenous y; exogenous y_a;\nequation [cons] y = 1;", SEM, 2, 25,
          { "'y_a' is declared here", "equation [cons] at 3:1 needs that name",
            "make [cons] an identity" } },
        /* an identity makes no add-factor, so y_a is free */
    };
    check_all(cases, N(cases), 0);
}

Test(errors, identity_leaves_the_addfactor_name_free) {
    const char *src = "model m; endogenous y; exogenous y_a; identity y = y_a;";
    ps_model *m = NULL;
    ps_error err;
    cr_assert_eq(ps_model_parse_string(src, strlen(src), NULL, &m, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(m->syms[1].kind, PS_SYM_EXO);
    ps_model_free(m);
}

Test(errors, stops_at_the_first_error) {
    static const err_case cases[] = {
        /* two undeclared names: the first in the file is reported */
        { "identity y = aa;\nequation z = bb;\nendogenous z;", SEM, 3, 14, { "'aa'" } },
        /* syntax errors are found before any name is resolved */
        { "identity y = aa;\nidentity y = 1 +;", SYN, 4, 17, { "expected a value" } },
    };
    check_all(cases, N(cases), 1);
}

/* 1 when s is well-formed UTF-8 (enough for 1- to 4-byte sequences). */
static int utf8_ok(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : -1;
        if (n < 0) return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80) return 0;
    }
    return 1;
}

Test(errors, long_quotes_are_cut_between_characters) {
    /* 30 three-byte characters in the offending token: the quote is cut to
    ** about 60 bytes, which falls inside a character unless the cut backs off */
    char src[512] = HEAD "exogenous z \"a\" \"";
    for (int i = 0; i < 30; i++) strcat(src, "\xe6\x89\xac");
    strcat(src, "\";");
    ps_model *m = NULL;
    ps_error err;
    cr_assert_eq(ps_model_parse_string(src, strlen(src), NULL, &m, &err), PS_ERR_SYNTAX);
    cr_assert(strstr(err.message, "...'"), "%s", err.message);
    cr_assert(utf8_ok(err.message), "%s", err.message);
    /* and ASCII text is cut too */
    err_case c = { "identity y + aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                   " = x;", SYN, 3, 10, { "the left side 'y + aaaaaaaaaaaaaaa", "aaa...'" } };
    check_case(&c, 1);
}

/* ---- limits ----------------------------------------------------------------------- */

static char *build(const char *prefix, const char *open, int n, const char *mid,
                   const char *close) {
    size_t len = strlen(prefix) + (strlen(open) + strlen(close)) * (size_t)n + strlen(mid) + 64;
    char *s = malloc(len);
    cr_assert_not_null(s);
    strcpy(s, prefix);
    for (int i = 0; i < n; i++) strcat(s, open);
    strcat(s, mid);
    for (int i = 0; i < n; i++) strcat(s, close);
    strcat(s, ";");
    return s;
}

static void expect_limit(char *src, const char *has) {
    ps_model *m = NULL;
    ps_error err;
    int rc = ps_model_parse_string(src, strlen(src), NULL, &m, &err);
    cr_assert_eq(rc, PS_ERR_LIMIT, "rc %d: %s", rc, err.message);
    cr_assert(strstr(err.message, has), "%s", err.message);
    cr_assert_null(m);
    free(src);
}

#define PRE HEAD "identity y = "

Test(limits, nesting) {
    expect_limit(build(PRE, "(", PS_MODEL_MAX_DEPTH + 1, "x", ")"), "nested too deeply");
    expect_limit(build(PRE, "-", PS_MODEL_MAX_DEPTH + 1, "x", ""), "nested too deeply");
    expect_limit(build(PRE, "x^", PS_MODEL_MAX_DEPTH + 1, "x", ""), "nested too deeply");
    expect_limit(build(PRE, "log(", PS_MODEL_MAX_DEPTH + 1, "x", ")"), "nested too deeply");
    /* a long sum is a deep left-leaning tree */
    expect_limit(build(PRE, "x + ", PS_MODEL_MAX_DEPTH, "x", ""), "nested too deeply");
}

Test(limits, lags) {
    expect_limit(build(PRE, "", 0, "x(-10001)", ""), "longer than the limit of 10000");
    expect_limit(build(PRE, "diff(", 1, "x(-10000)", ")"), "reaches back 10001 periods");
    expect_limit(build(PRE, "diff(", MP_MAX_LAGFN_NEST + 1, "x", ")"), "nested more than 4");
    expect_limit(build(PRE, "pct(", MP_MAX_LAGFN_NEST + 1, "x", ")"), "nested more than 4");
}

Test(limits, depth_after_expansion) {
    /* written depth 995 + 4 passes; four pct levels add 8 more once expanded */
    char *inner = build("", "x + ", 990, "x", "");
    inner[strlen(inner) - 1] = '\0';                 /* drop build's ';' */
    expect_limit(build(PRE, "pct(", 4, inner, ")"), "once diff and pct are expanded");
    free(inner);
}

/* ---- API misuse and out of memory ------------------------------------------------ */

Test(errors, api_misuse) {
    ps_error err;
    ps_model *m = NULL;
    cr_assert_eq(ps_model_parse_string("model m;", 8, NULL, NULL, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "out is NULL"));
    cr_assert_eq(ps_model_parse_string(NULL, 3, NULL, &m, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "src is NULL"));
    cr_assert_eq(ps_model_parse_string(NULL, 0, NULL, &m, &err), PS_ERR_SYNTAX);
    cr_assert(strstr(err.message, "found end of file"));
    cr_assert_eq(ps_model_parse_file(NULL, &m, &err), PS_ERR_USAGE);
    /* a NULL error record is allowed: the status still tells */
    cr_assert_eq(ps_model_parse_string("model", 5, NULL, &m, NULL), PS_ERR_SYNTAX);
    cr_assert_null(m);
}

/* Fail each allocation in turn: every failure must report PS_ERR_NOMEM and
** free what was built (LeakSanitizer checks the latter in the sanitizer build). */
Test(errors, out_of_memory_at_every_allocation) {
    const char *src = HEAD "exogenous g \"Government\" unit \"u\" lever;\n"
                      "equation [c] y = p * x(-1) + diff(g) + pct(x);\n";
    long n;
    for (n = 0; n < 100000; n++) {
        ps_model *m = (ps_model *)1;
        ps_error err;
        int rc = mp_parse_string_ex(src, strlen(src), "oom.model", n, &m, &err);
        if (rc == PS_OK) {
            cr_assert_eq(m->neq, 1);
            ps_model_free(m);
            break;
        }
        cr_assert_eq(rc, PS_ERR_NOMEM, "allocation %ld: rc %d (%s)", n, rc, err.message);
        cr_assert_null(m);
        cr_assert(strstr(err.message, "out of memory"), "%s", err.message);
    }
    cr_assert_gt(n, 10, "the parser should allocate more than a handful of times");
    cr_assert_lt(n, 100000);
}
