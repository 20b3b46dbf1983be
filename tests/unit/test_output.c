/* Results: building from a frame, JSON and CSV files, strict reading. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "util/num.h"
#include "testkit.h"
#include "io/io.h"
#include "output/output.h"
#include "polsim/version.h"

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* A toy model built by hand: gdp (endogenous), mpc (parameter), fee_cut
** (lever), gdp_a (add-factor).  Slots 0..2 in declaration order. */
static ps_symbol toy_syms[4];
static ps_model toy;

static void toy_init(void) {
    ps_symbol s[4] = {
        {.name = "gdp", .description = "Gross regional product", .unit = "100m yuan",
         .kind = PS_SYM_ENDO, .slot = 0, .equation = 0},
        {.name = "mpc", .description = "Marginal propensity to consume", .unit = "",
         .kind = PS_SYM_PARAM, .value = 0.55, .slot = 0, .equation = -1},
        {.name = "fee_cut", .description = "Tax and fee \"cuts\"", .unit = "100m yuan",
         .kind = PS_SYM_EXO, .lever = 1, .slot = 1, .equation = -1},
        {.name = "gdp_a", .description = "", .unit = "", .kind = PS_SYM_ADDFACTOR,
         .slot = 2, .equation = 0},
    };
    memcpy(toy_syms, s, sizeof s);
    memset(&toy, 0, sizeof toy);
    toy.name = "toy";
    toy.title = "Toy economy";
    toy.path = "models/toy/toy.model";
    toy.freq = PS_FREQ_ANNUAL;
    strcpy(toy.hash, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    toy.syms = toy_syms;
    toy.nsym = 4;
    toy.nseries = 3;
    toy.nparam = 1;
}

/* Frame columns deliberately in another order than the model's slots, plus
** a column the model does not know. */
static ps_frame *toy_frame(void) {
    const char *names[] = {"gdp_a", "other", "gdp", "fee_cut"};
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new(4, 4, PS_FREQ_ANNUAL, 2023, names, &f, &err), PS_OK);
    for (int t = 0; t < 4; t++) {
        ps_frame_set(f, 2, t, 100.0 + t);      /* gdp */
        ps_frame_set(f, 3, t, 10.0 * t);       /* fee_cut */
        ps_frame_set(f, 1, t, -1.0);           /* other */
    }
    ps_frame_set(f, 0, 1, 0.5);                /* gdp_a in 2024; NaN elsewhere */
    return f;
}

static ps_result *toy_result(void) {
    toy_init();
    ps_frame *f = toy_frame();
    ps_solve_diag d = {3, 6, 3, 12, 5, 1, 2.5e-12, 0, 0};
    ps_result *r = NULL;
    ps_error err;
    cr_assert_eq(ps_result_from_frame(&toy, f, 1, 3, &d, "baseline", &r, &err), PS_OK, "%s",
                 err.message);
    ps_frame_free(f);
    return r;
}


/* ---- building ---------------------------------------------------------- */

Test(result, from_frame_copies_series_by_name) {
    ps_result *r = toy_result();
    cr_assert_eq(r->nvar, 3, "parameters are not series");
    cr_assert_eq(r->nper, 3);
    cr_assert_eq(r->freq, PS_FREQ_ANNUAL);
    cr_assert_eq(r->start, 2024, "period index 1 of a frame starting in 2023");
    cr_assert_str_eq(r->names[0], "gdp");
    cr_assert_str_eq(r->names[1], "fee_cut");
    cr_assert_str_eq(r->names[2], "gdp_a");
    cr_assert_str_eq(r->descriptions[1], "Tax and fee \"cuts\"");
    cr_assert_str_eq(r->units[0], "100m yuan");
    cr_assert_str_eq(r->units[2], "");
    cr_assert_str_eq(r->kinds[0], "endogenous");
    cr_assert_str_eq(r->kinds[1], "exogenous");
    cr_assert_str_eq(r->kinds[2], "add-factor");
    cr_assert_eq(r->levers[0], 0);
    cr_assert_eq(r->levers[1], 1);
    /* values: gdp = 100 + t, fee_cut = 10 t for frame index t = 1..3 */
    for (int t = 0; t < 3; t++) {
        cr_assert_eq(r->data[t * 3 + 0], 101.0 + t);
        cr_assert_eq(r->data[t * 3 + 1], 10.0 * (t + 1));
    }
    cr_assert_eq(r->data[0 * 3 + 2], 0.5);
    cr_assert(isnan(r->data[1 * 3 + 2]) && isnan(r->data[2 * 3 + 2]));
    cr_assert_str_eq(r->model_name, "toy");
    cr_assert_str_eq(r->model_title, "Toy economy");
    cr_assert_str_eq(r->model_path, "models/toy/toy.model");
    cr_assert_eq(strlen(r->model_hash), 64);
    cr_assert_str_eq(r->engine_version, PS_VERSION_STRING);
    cr_assert_str_eq(r->scenario, "baseline");
    cr_assert_eq(r->diag.newton_iterations, 12);
    cr_assert_eq(r->diag.max_residual, 2.5e-12);
    cr_assert_eq(ps_result_col(r, "fee_cut"), 1);
    cr_assert_eq(ps_result_col(r, "mpc"), -1);
    cr_assert_eq(ps_result_col(r, NULL), -1);
    ps_result_free(r);
    ps_result_free(NULL);
}

Test(result, from_frame_without_diag_or_scenario) {
    toy_init();
    ps_frame *f = toy_frame();
    ps_result *r = NULL;
    ps_error err;
    cr_assert_eq(ps_result_from_frame(&toy, f, 0, 0, NULL, NULL, &r, &err), PS_OK);
    cr_assert_str_eq(r->scenario, "");
    cr_assert_eq(r->diag.periods, 0);
    cr_assert_eq(r->diag.max_residual, 0.0);
    cr_assert_eq(r->nper, 1);
    cr_assert_eq(r->start, 2023);
    ps_result_free(r);
    ps_frame_free(f);
}

Test(result, from_frame_errors) {
    toy_init();
    ps_frame *f = toy_frame();
    ps_result *r = (ps_result *)1;
    ps_error err;
    cr_assert_eq(ps_result_from_frame(&toy, f, 2, 4, NULL, "", &r, &err), PS_ERR_USAGE);
    cr_assert_null(r);
    cr_assert(strstr(err.message, "[2, 4] are not inside the frame's [0, 3]"), "%s", err.message);
    cr_assert_eq(ps_result_from_frame(&toy, f, 2, 1, NULL, "", &r, &err), PS_ERR_USAGE);
    cr_assert_eq(ps_result_from_frame(NULL, f, 0, 1, NULL, "", &r, &err), PS_ERR_USAGE);

    free(f->names[3]);
    f->names[3] = strdup("fee");   /* fee_cut now absent */
    cr_assert_eq(ps_result_from_frame(&toy, f, 0, 1, NULL, "", &r, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "the frame has no column 'fee_cut', a series of model 'toy'"),
              "%s", err.message);

    f->freq = PS_FREQ_QUARTERLY;
    cr_assert_eq(ps_result_from_frame(&toy, f, 0, 1, NULL, "", &r, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "the frame is quarterly but model 'toy' is annual"), "%s",
              err.message);
    f->freq = PS_FREQ_ANNUAL;

    toy_syms[3].slot = 0;   /* two series in slot 0 */
    cr_assert_eq(ps_result_from_frame(&toy, f, 0, 1, NULL, "", &r, &err), PS_ERR_INTERNAL);
    cr_assert(strstr(err.message, "series 'gdp_a' has slot 0"), "%s", err.message);
    toy_syms[3].slot = 3;   /* out of range */
    cr_assert_eq(ps_result_from_frame(&toy, f, 0, 1, NULL, "", &r, &err), PS_ERR_INTERNAL);
    toy.nseries = 4;        /* slot 2 now empty */
    cr_assert_eq(ps_result_from_frame(&toy, f, 0, 1, NULL, "", &r, &err), PS_ERR_INTERNAL);
    cr_assert(strstr(err.message, "no series in slot 2"), "%s", err.message);
    ps_frame_free(f);
}

Test(result, meta) {
    ps_result *r = toy_result();
    ps_error err;
    cr_assert_eq(ps_result_set_meta(r, "seed", "42", &err), PS_OK);
    cr_assert_eq(ps_result_set_meta(r, "script_hash", "abc", &err), PS_OK);
    cr_assert_eq(ps_result_set_meta(r, "seed", "7", &err), PS_OK);
    cr_assert_eq(r->nmeta, 2, "replacing keeps one entry");
    cr_assert_str_eq(r->meta_keys[0], "seed");
    cr_assert_str_eq(r->meta_values[0], "7");
    cr_assert_str_eq(r->meta_values[1], "abc");
    cr_assert_eq(ps_result_set_meta(r, "", "x", &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "empty metadata key"));
    cr_assert_eq(ps_result_set_meta(r, "k", NULL, &err), PS_ERR_USAGE);
    ps_result_free(r);
}

/* ---- JSON -------------------------------------------------------------- */

/* The whole document, checked field by field against the toy values above. */
static const char *const toy_json =
    "{\n"
    "\t\"schema\":\t\"polsim.result\",\n"
    "\t\"schema_version\":\t1,\n"
    "\t\"engine\":\t{\n"
    "\t\t\"name\":\t\"polsim\",\n"
    "\t\t\"version\":\t\"" PS_VERSION_STRING "\"\n"
    "\t},\n"
    "\t\"model\":\t{\n"
    "\t\t\"name\":\t\"toy\",\n"
    "\t\t\"title\":\t\"Toy economy\",\n"
    "\t\t\"hash\":\t\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\n"
    "\t\t\"path\":\t\"models/toy/toy.model\"\n"
    "\t},\n"
    "\t\"scenario\":\t\"baseline\",\n"
    "\t\"meta\":\t{\n"
    "\t\t\"seed\":\t\"42\"\n"
    "\t},\n"
    "\t\"frequency\":\t\"annual\",\n"
    "\t\"periods\":\t[\"2024\", \"2025\", \"2026\"],\n"
    "\t\"solved_from\":\t\"2024\",\n"
    "\t\"diagnostics\":\t{\n"
    "\t\t\"periods\":\t3,\n"
    "\t\t\"explicit_evals\":\t6,\n"
    "\t\t\"blocks_solved\":\t3,\n"
    "\t\t\"newton_iterations\":\t12,\n"
    "\t\t\"max_iterations\":\t5,\n"
    "\t\t\"halvings\":\t1,\n"
    "\t\t\"max_residual\":\t2.5e-12,\n"
    "\t\t\"sparse_blocks\":\t0\n"
    "\t},\n"
    "\t\"variables\":\t[{\n"
    "\t\t\t\"name\":\t\"gdp\",\n"
    "\t\t\t\"description\":\t\"Gross regional product\",\n"
    "\t\t\t\"unit\":\t\"100m yuan\",\n"
    "\t\t\t\"kind\":\t\"endogenous\",\n"
    "\t\t\t\"lever\":\tfalse\n"
    "\t\t}, {\n"
    "\t\t\t\"name\":\t\"fee_cut\",\n"
    "\t\t\t\"description\":\t\"Tax and fee \\\"cuts\\\"\",\n"
    "\t\t\t\"unit\":\t\"100m yuan\",\n"
    "\t\t\t\"kind\":\t\"exogenous\",\n"
    "\t\t\t\"lever\":\ttrue\n"
    "\t\t}, {\n"
    "\t\t\t\"name\":\t\"gdp_a\",\n"
    "\t\t\t\"description\":\t\"\",\n"
    "\t\t\t\"unit\":\t\"\",\n"
    "\t\t\t\"kind\":\t\"add-factor\",\n"
    "\t\t\t\"lever\":\tfalse\n"
    "\t\t}],\n"
    "\t\"series\":\t{\n"
    "\t\t\"gdp\":\t[101, 102, 103],\n"
    "\t\t\"fee_cut\":\t[10, 20, 30],\n"
    "\t\t\"gdp_a\":\t[0.5, null, null]\n"
    "\t}\n"
    "}\n";

Test(json, exact_document) {
    ps_result *r = toy_result();
    ps_error err;
    cr_assert_eq(ps_result_set_meta(r, "seed", "42", &err), PS_OK);
    char *a = NULL, *b = NULL;
    cr_assert_eq(ps_result_to_json(r, &a, &err), PS_OK, "%s", err.message);
    cr_assert_str_eq(a, toy_json);
    cr_assert_eq(ps_result_to_json(r, &b, &err), PS_OK);
    cr_assert_str_eq(a, b, "deterministic");
    free(a);
    free(b);
    ps_result_free(r);
}

/* docs/output-format.md shows the same document: keep the page honest. */
Test(json, documented_example_is_current) {
    char *page = tk_slurp(POLSIM_SOURCE_DIR "/docs/output-format.md");
    char *start = strstr(page, "```json\n");
    cr_assert_not_null(start);
    start += strlen("```json\n");
    char *end = strstr(start, "```\n");
    cr_assert_not_null(end);
    *end = '\0';
    /* the page shows version 0.1.0; compare with the engine's version in place */
    const char *shown = "\"version\":\t\"0.1.0\"";
    char *v = strstr(start, shown);
    cr_assert_not_null(v);
    char want[4096];
    snprintf(want, sizeof want, "%.*s\"version\":\t\"%s\"%s", (int)(v - start), start,
             PS_VERSION_STRING, v + strlen(shown));
    cr_assert_str_eq(want, toy_json);
    free(page);
}

Test(json, numbers_round_trip_bit_exact) {
    const double awkward[] = {0.1, 1e-300, -0.0, 123456789.123456789, DBL_MAX, -DBL_MAX,
                              DBL_MIN, 4.9406564584124654e-324, 2.2250738585072009e-308,
                              0.1 + 0.2, 1.0 / 3.0, 1e23, 9007199254740993.0, NAN, 0.0,
                              -1e-5, 6.02214076e23, 1e15, 1e16, 12345678901234567890.0};
    const int n = (int)(sizeof awkward / sizeof awkward[0]);
    ps_result *r = toy_result();
    ps_error err;
    /* widen r to n periods of awkward values */
    free(r->data);
    r->data = malloc(sizeof(double) * 3 * (size_t)n);
    r->nper = n;
    for (int t = 0; t < n; t++) {
        r->data[t * 3 + 0] = awkward[t];
        r->data[t * 3 + 1] = -awkward[(t + 5) % n];
        r->data[t * 3 + 2] = awkward[t] / 7.0;
    }
    r->diag.max_residual = 0.1 + 0.2;
    char *dir = tk_tmp_dir("output"), path[600], path2[600];
    snprintf(path, sizeof path, "%s/r.json", dir);
    snprintf(path2, sizeof path2, "%s/r2.json", dir);
    cr_assert_eq(ps_result_write(r, path, &err), PS_OK, "%s", err.message);
    ps_result *g = NULL;
    cr_assert_eq(ps_result_read_json(path, &g, &err), PS_OK, "%s", err.message);
    cr_assert_eq(g->nper, n);
    cr_assert_eq(g->nvar, 3);
    cr_assert_eq(g->start, 2024);
    cr_assert_eq(g->freq, PS_FREQ_ANNUAL);
    for (int i = 0; i < 3 * n; i++) {
        if (isnan(r->data[i])) cr_assert(isnan(g->data[i]), "null reads back as NaN");
        else cr_assert(same_bits(r->data[i], g->data[i]), "[%d]: wrote %a read %a", i,
                       r->data[i], g->data[i]);
    }
    cr_assert(same_bits(g->diag.max_residual, 0.1 + 0.2));
    for (int v = 0; v < 3; v++) {
        cr_assert_str_eq(g->names[v], r->names[v]);
        cr_assert_str_eq(g->descriptions[v], r->descriptions[v]);
        cr_assert_str_eq(g->units[v], r->units[v]);
        cr_assert_str_eq(g->kinds[v], r->kinds[v]);
        cr_assert_eq(g->levers[v], r->levers[v]);
    }
    cr_assert_str_eq(g->model_hash, r->model_hash);
    cr_assert_str_eq(g->scenario, "baseline");
    cr_assert_eq(g->diag.halvings, 1);
    /* reading and writing again gives the same bytes */
    cr_assert_eq(ps_result_write_json(g, path2, &err), PS_OK, "%s", err.message);
    char *t1 = tk_slurp(path), *t2 = tk_slurp(path2);
    cr_assert_str_eq(t1, t2);
    cr_assert(strstr(t1, "0.30000000000000004"), "17 digits where 15 would be inexact");
    cr_assert(strstr(t1, "1.7976931348623157e+308"), "DBL_MAX does not become infinity");
    free(t1);
    free(t2);
    ps_result_free(r);
    ps_result_free(g);
}

Test(json, quarterly_and_meta_round_trip) {
    ps_result *r = toy_result();
    ps_error err;
    r->freq = PS_FREQ_QUARTERLY;
    r->start = 2024 * 4 + 2;
    r->solved_from = r->start;
    cr_assert_eq(ps_result_set_meta(r, "set", "mpc=0.6", &err), PS_OK);
    cr_assert_eq(ps_result_set_meta(r, "seed", "\xE4\xB8\xAD \"q\"\n", &err), PS_OK);
    char *text = NULL;
    cr_assert_eq(ps_result_to_json(r, &text, &err), PS_OK);
    cr_assert(strstr(text, "[\"2024Q3\", \"2024Q4\", \"2025Q1\"]"), "%s", text);
    ps_result *g = NULL;
    cr_assert_eq(ps_result_parse_json(text, strlen(text), "q.json", &g, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(g->freq, PS_FREQ_QUARTERLY);
    cr_assert_eq(g->start, 2024 * 4 + 2);
    cr_assert_eq(g->nmeta, 2);
    cr_assert_str_eq(g->meta_keys[1], "seed");
    cr_assert_str_eq(g->meta_values[1], "\xE4\xB8\xAD \"q\"\n");
    free(text);
    ps_result_free(r);
    ps_result_free(g);
}

Test(json, infinity_refused) {
    ps_result *r = toy_result();
    ps_error err;
    r->data[2 * 3 + 1] = INFINITY;
    char *text = (char *)1;
    cr_assert_eq(ps_result_to_json(r, &text, &err), PS_ERR_DATA);
    cr_assert_null(text);
    cr_assert(strstr(err.message, "cannot write 'fee_cut' in period 2026: the value is +Inf"),
              "%s", err.message);
    cr_assert_eq(ps_result_write_csv(r, "never.csv", &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "+Inf"));
    /* an infinite residual is only a diagnostic: written as null */
    r->data[2 * 3 + 1] = 1.0;
    r->diag.max_residual = INFINITY;
    cr_assert_eq(ps_result_to_json(r, &text, &err), PS_OK);
    cr_assert(strstr(text, "\"max_residual\":\tnull"));
    free(text);
    ps_result_free(r);
}

/* ---- malformed JSON ---------------------------------------------------- */

static char *toy_text(void) {
    ps_result *r = toy_result();
    ps_error err;
    cr_assert_eq(ps_result_set_meta(r, "seed", "42", &err), PS_OK);
    char *text = NULL;
    cr_assert_eq(ps_result_to_json(r, &text, &err), PS_OK);
    ps_result_free(r);
    return text;
}

/* Replace the first `from` in the toy document by `to`, and parsing must fail
** with a message holding `frag`. */
static void bad_edit(const char *from, const char *to, const char *frag) {
    char *text = toy_text();
    char *at = strstr(text, from);
    cr_assert_not_null(at, "'%s' not in the document", from);
    size_t n = strlen(text) + strlen(to) + 1;
    char *doc = malloc(n);
    snprintf(doc, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    ps_result *r = (ps_result *)1;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_result_parse_json(doc, strlen(doc), "bad.json", &r, &err);
    cr_assert_eq(rc, PS_ERR_DATA, "edit '%s' -> '%s' should fail (rc %d)", from, to, rc);
    cr_assert_null(r);
    cr_assert_str_eq(err.file, "bad.json");
    cr_assert(strstr(err.message, frag), "edit '%s' -> '%s': '%s' lacks '%s'", from, to,
              err.message, frag);
    free(doc);
    free(text);
}

Test(json_errors, schema_and_version) {
    bad_edit("\t\"schema\":\t\"polsim.result\",\n", "",
             "schema: missing: this is not a polsim result");
    bad_edit("\"polsim.result\"", "\"other.result\"",
             "schema: expected \"polsim.result\", found \"other.result\"");
    bad_edit("\"polsim.result\"", "7", "schema: expected \"polsim.result\"");
    bad_edit("\"schema_version\":\t1", "\"schema_version\":\t2",
             "schema_version: this file has version 2 of polsim.result, newer than the "
             "version 1 this polsim reads: upgrade polsim");
    bad_edit("\"schema_version\":\t1", "\"schema_version\":\t\"1\"",
             "schema_version: expected a whole number");
    bad_edit("\"schema_version\":\t1", "\"schema_version\":\t1.5",
             "schema_version: expected a whole number");
    bad_edit("\"schema_version\":\t1", "\"schema_version\":\t0",
             "schema_version: expected a version from 1 to 1");
    bad_edit("\"schema_version\":\t1,", "", "schema_version: missing");
    bad_edit("\"scenario\":", "\"schema\":\t\"polsim.result\", \"scenario\":",
             "schema: appears twice");
}

Test(json_errors, header_fields) {
    bad_edit("\"engine\":", "\"engine_\":", "engine: missing (expected an object)");
    bad_edit("\"engine\":\t{", "\"engine\":\t7, \"x\": {", "engine: expected an object");
    bad_edit("\"version\":\t\"" PS_VERSION_STRING "\"", "\"version\":\t1",
             "engine.version: expected a string");
    bad_edit("\t\t\"hash\":", "\t\t\"hash_\":", "model.hash: missing (expected a string)");
    bad_edit("\"title\":\t\"Toy economy\",", "\"title\":\tnull, \"title\": \"x\",",
             "model.title: appears twice");
    bad_edit("\"scenario\":\t\"baseline\"", "\"scenario\":\t[]", "scenario: expected a string");
    bad_edit("\"seed\":\t\"42\"", "\"seed\":\t42", "meta.seed: expected a string");
    bad_edit("\"seed\":\t\"42\"", "\"\":\t\"42\"", "meta: a key is empty");
    bad_edit("\"meta\":", "\"meta_\":", "meta: missing");
}

Test(json_errors, periods) {
    bad_edit("\"annual\"", "\"weekly\"",
             "frequency: expected \"annual\", \"quarterly\" or \"monthly\"");
    bad_edit("[\"2024\", \"2025\", \"2026\"]", "[]", "periods: expected a non-empty array");
    bad_edit("[\"2024\", \"2025\", \"2026\"]", "\"2024\"", "periods: expected a non-empty array");
    bad_edit("\t\"periods\":\t[", "\t\"periods_\":\t[", "periods: missing");
    bad_edit("\"2025\", \"2026\"]", "\"2025\", \"2027\"]",
             "periods[2]: '2027' does not follow periods[1]");
    bad_edit("[\"2024\",", "[\"2024Q1\",",
             "periods[0]: '2024Q1' is a quarterly period: expected an annual period");
    bad_edit("\"2025\", \"2026\"]", "2025, \"2026\"]", "periods[1]: expected a period label");
}

Test(json_errors, variables) {
    bad_edit("\"variables\":\t[", "\"variables\":\t{\"a\": 1}, \"v\": [",
             "variables: expected an array");
    bad_edit("\"variables\":", "\"variables_\":", "variables: missing");
    bad_edit("\"kind\":\t\"exogenous\"", "\"kind\":\t\"bogus\"",
             "variables[1].kind: expected \"endogenous\", \"exogenous\" or \"add-factor\", "
             "found \"bogus\"");
    bad_edit("\"lever\":\tfalse", "\"lever\":\t0", "variables[0].lever: expected true or false");
    bad_edit("\"lever\":\tfalse", "\"lever_\":\tfalse", "variables[0].lever: missing");
    bad_edit("\"name\":\t\"fee_cut\"", "\"name\":\t\"gdp\"",
             "variables[1].name: 'gdp' is also the name of variables[0]");
    bad_edit("\"name\":\t\"gdp_a\"", "\"name\":\t\"gdp\"",
             "variables[2].name: 'gdp' is also the name of variables[0]");
    bad_edit("\"name\":\t\"gdp\"", "\"name\":\t\"\"", "variables[0].name: expected a non-empty");
    bad_edit("\"unit\":\t\"100m yuan\"", "\"unit\":\t5", "variables[0].unit: expected a string");
    bad_edit("\"variables\":\t[{", "\"variables\":\t[3, {", "variables[0]: expected an object");
}

Test(json_errors, series) {
    bad_edit("[101, 102, 103]", "[101, 102, \"x\"]", "series.gdp[2]: expected a number or null");
    bad_edit("[101, 102, 103]", "[101, 102, true]", "series.gdp[2]: expected a number or null");
    bad_edit("[101, 102, 103]", "[101, 102]",
             "series.gdp: has 2 values, expected one per period (3)");
    bad_edit("[101, 102, 103]", "[101, 102, 103, 104]",
             "series.gdp: has more than the 3 values of \"periods\"");
    bad_edit("[101, 102, 103]", "[1e400, 102, 103]",
             "series.gdp[0]: number out of range for a double");
    bad_edit("[101, 102, 103]", "{}", "series.gdp: expected an array");
    bad_edit("\"fee_cut\":\t[10", "\"fee\":\t[10", "series.fee: not one of the \"variables\"");
    bad_edit("\"gdp_a\":\t[0.5, null, null]", "\"gdp\":\t[0.5, null, null]",
             "series.gdp: appears twice");
    bad_edit(",\n\t\t\"gdp_a\":\t[0.5, null, null]", "",
             "series.gdp_a: missing (every variable needs a series)");
    bad_edit("\"series\":\t{", "\"series\":\t[], \"x\": {", "series: expected an object");
    bad_edit("\"series\":", "\"series_\":", "series: missing");
}

Test(json_errors, diagnostics) {
    bad_edit("\"halvings\":\t1", "\"halvings\":\t-1",
             "diagnostics.halvings: expected a whole number from 0 to");
    bad_edit("\"max_iterations\":\t5", "\"max_iterations\":\t3000000000",
             "diagnostics.max_iterations: expected a whole number from 0 to 2147483647");
    bad_edit("\"periods\":\t3", "\"periods\":\t3.5", "diagnostics.periods: expected a whole");
    bad_edit("\"max_residual\":\t2.5e-12", "\"max_residual\":\t\"small\"",
             "diagnostics.max_residual: expected a number or null");
    bad_edit("\"max_residual\":\t2.5e-12,", "", "diagnostics.max_residual: missing");
    bad_edit("\"diagnostics\":", "\"diagnostics_\":", "diagnostics: missing");
}

Test(json_errors, not_a_document) {
    ps_result *r = NULL;
    ps_error err;
    const char *cut = "{\n\t\"schema\":\t\"polsim.result\",\n\t\"x\": [1, 2,";
    cr_assert_eq(ps_result_parse_json(cut, strlen(cut), "cut.json", &r, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "not valid JSON"), "%s", err.message);
    cr_assert_eq(err.line, 3, "%d", err.line);
    cr_assert_str_eq(err.file, "cut.json");
    cr_assert_eq(ps_result_parse_json("", 0, "e.json", &r, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "empty file"));
    cr_assert_eq(ps_result_parse_json("[1]", 3, "a.json", &r, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "expected a JSON object at the top level"));
    char *text = toy_text();
    size_t n = strlen(text);
    char *more = malloc(n + 32);
    memcpy(more, text, n);
    memcpy(more + n, "\n  x\n", 6);
    cr_assert_eq(ps_result_parse_json(more, n + 5, "t.json", &r, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "unexpected text after the end of the JSON document"));
    cr_assert_eq(err.line, 57, "line %d", err.line);   /* the document has 55 lines */
    cr_assert_eq(err.col, 3);
    /* a UTF-8 byte-order mark (some editors add one) is skipped */
    memcpy(more, "\xEF\xBB\xBF", 3);
    memcpy(more + 3, text, n);
    cr_assert_eq(ps_result_parse_json(more, n + 3, "bom.json", &r, &err), PS_OK, "%s",
                 err.message);
    ps_result_free(r);
    /* unknown fields are ignored: later minor additions keep version 1 */
    memcpy(more, "{\"new_field\": [1, {}], ", 23);
    memcpy(more + 23, text + 1, n - 1);
    cr_assert_eq(ps_result_parse_json(more, n + 22, "t.json", &r, &err), PS_OK, "%s",
                 err.message);
    ps_result_free(r);
    free(more);
    free(text);
    cr_assert_eq(ps_result_read_json("no/such/file.json", &r, &err), PS_ERR_IO);
    cr_assert_eq(ps_result_parse_json(NULL, 0, "x", &r, &err), PS_ERR_USAGE);
    cr_assert_eq(ps_result_read_json(NULL, &r, &err), PS_ERR_USAGE);
}

/* ---- CSV and files ----------------------------------------------------- */

Test(result_files, csv_layout_and_dispatch) {
    ps_result *r = toy_result();
    ps_error err;
    char *dir = tk_tmp_dir("output"), path[600];
    snprintf(path, sizeof path, "%s/out.CSV", dir);
    r->solved_from = 2025;      /* 2024 is the history the run started from */
    cr_assert_eq(ps_result_write(r, path, &err), PS_OK, "%s", err.message);
    char *text = tk_slurp(path);
    cr_assert_str_eq(text, "period,phase,gdp,fee_cut,gdp_a\n"
                           "2024,history,101,10,0.5\n"
                           "2025,projection,102,20,\n"
                           "2026,projection,103,30,\n");
    free(text);
    /* read back as data: the marker is no series */
    ps_frame *f = NULL;
    cr_assert_eq(ps_frame_read_csv(path, 0, &f, &err), PS_OK, "%s", err.message);
    cr_assert_eq(f->start, 2024);
    cr_assert_eq(f->nvar, 3);
    cr_assert_str_eq(f->names[0], "gdp");
    cr_assert_str_eq(f->names[2], "gdp_a");
    cr_assert_eq(ps_frame_get(f, 1, 2), 30.0);
    cr_assert_eq(ps_frame_get(f, 2, 0), 0.5);
    ps_frame_free(f);
    /* --bom: the three bytes EF BB BF, then the same text */
    cr_assert_eq(ps_result_write_opts(r, path, PS_CSV_BOM, &err), PS_OK, "%s", err.message);
    text = tk_slurp(path);
    cr_assert_str_eq(text, "\xEF\xBB\xBF" "period,phase,gdp,fee_cut,gdp_a\n"
                           "2024,history,101,10,0.5\n"
                           "2025,projection,102,20,\n"
                           "2026,projection,103,30,\n");
    free(text);
    cr_assert_eq(ps_frame_read_csv(path, 0, &f, &err), PS_OK, "%s", err.message);
    cr_assert_eq(f->nvar, 3);
    cr_assert_str_eq(f->names[0], "gdp");
    ps_frame_free(f);
    /* every period solved: all projection; JSON never gets a mark */
    r->solved_from = r->start;
    cr_assert_eq(ps_result_write_opts(r, path, PS_CSV_BOM, &err), PS_OK, "%s", err.message);
    text = tk_slurp(path);
    cr_assert(strstr(text, "\n2024,projection,101,"), "%s", text);
    free(text);
    snprintf(path, sizeof path, "%s/out.json", dir);
    cr_assert_eq(ps_result_write_opts(r, path, PS_CSV_BOM, &err), PS_OK, "%s", err.message);
    text = tk_slurp(path);
    cr_assert_eq(text[0], '{');
    free(text);
    remove(path);
    snprintf(path, sizeof path, "%s/out.CSV", dir);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    cr_assert_eq(ps_result_write(r, path, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "use a file name ending in .json or .csv"), "%s", err.message);
    cr_assert_eq(ps_result_write(r, ".json", &err), PS_ERR_USAGE, "a bare extension is no name");
    cr_assert_eq(tk_count_entries(dir), 1);
    ps_result_free(r);
}

Test(result_files, failed_json_write_keeps_old_file) {
    ps_result *r = toy_result();
    ps_error err;
    char *dir = tk_tmp_dir("output"), path[600];
    snprintf(path, sizeof path, "%s/res.json", dir);
    FILE *o = fopen(path, "w");
    fputs("old\n", o);
    fclose(o);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, lim = {256, 256};
    getrlimit(RLIMIT_FSIZE, &old);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    int rc = ps_result_write(r, path, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    cr_assert_eq(rc, PS_ERR_IO, "%s", err.message);
    cr_assert(strstr(err.message, "cannot write"), "%s", err.message);
    char *text = tk_slurp(path);
    cr_assert_str_eq(text, "old\n");
    free(text);
    cr_assert_eq(tk_count_entries(dir), 1, "no temporary file left behind");
    ps_result_free(r);
}

/* The CSV number: the first of %.15g, %.16g, %.17g that reads back
** bit-identical, as libc prints and reads them (written out here, not taken
** from the code), for 1.2 million values of the kinds a path holds: random
** bit patterns, decimals of 1 to 17 digits across the magnitudes, sums, and
** the neighbours of each (the last digit is where rounding by hand fails). */
static int reference_format(double x, char *buf, size_t n) {
    int len = 0;
    for (int prec = 15; prec <= 17; prec++) {
        len = snprintf(buf, n, "%.*g", prec, x);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &x, sizeof x) == 0) break;
    }
    return len;
}

Test(output, number_format_is_the_shortest_of_15_16_17_digits) {
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    int checked = 0;
    for (int i = 0; i < 100000; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double v[4];
        uint64_t bits = s;
        memcpy(&v[0], &bits, sizeof v[0]);
        int digits = 1 + (int)(s % 17), e = (int)((s >> 8) % 24) - 8;
        double mant = (double)((s >> 20) % 100000000000000000ULL);
        v[1] = mant / pow(10.0, 17 - digits) * pow(10.0, e - digits);
        v[2] = v[1] * 1.1 + 0.3;
        v[3] = (double)(int64_t)(s >> 40) / 1000.0;
        for (int k = 0; k < 4; k++) {
            double xs[3] = {v[k], nextafter(v[k], INFINITY), nextafter(v[k], -INFINITY)};
            for (int j = 0; j < 3; j++) {
                char want[64], got[PS_NUM_BUF];
                int wl = reference_format(xs[j], want, sizeof want);
                int gl = ps_num_format(xs[j], got);
                cr_assert(wl == gl && strcmp(want, got) == 0, "%a: libc %s, polsim %s", xs[j], want,
                          got);
                checked++;
            }
        }
    }
    cr_assert_eq(checked, 1200000);
}

/* A column `phase` is the history/projection marker only when its first cell
** says so; a series may be called phase; a bad marker cell is named. */
Test(result_files, csv_phase_column_read) {
    ps_frame *f = NULL;
    ps_error err;
    const char *num = "period,phase,gdp\n2024,1.5,10\n2025,2.5,11\n";
    cr_assert_eq(ps_frame_parse_csv(num, strlen(num), "n.csv", 0, &f, &err), PS_OK, "%s", err.message);
    cr_assert_eq(f->nvar, 2);
    cr_assert_str_eq(f->names[0], "phase");
    cr_assert_eq(ps_frame_get(f, 0, 1), 2.5);
    ps_frame_free(f);
    const char *bad = "period,phase,gdp\n2024,history,10\n2025,forecast,11\n";
    cr_assert_eq(ps_frame_parse_csv(bad, strlen(bad), "b.csv", 0, &f, &err), PS_ERR_DATA);
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.col, 6);
    cr_assert(strstr(err.message, "column 'phase' (period 2025): expected history or projection, "
                     "found 'forecast'"), "%s", err.message);
    /* the marker alone, no series: a frame of periods */
    const char *only = "period,phase\n2024,history\n2025,projection\n";
    cr_assert_eq(ps_frame_parse_csv(only, strlen(only), "o.csv", 0, &f, &err), PS_OK, "%s", err.message);
    cr_assert_eq(f->nvar, 0);
    cr_assert_eq(f->nper, 2);
    ps_frame_free(f);
}

/* A result with a variable named phase cannot be written as CSV: the
** marker column would collide with it.  Nothing is written. */
Test(result_files, csv_variable_named_phase_refused) {
    ps_result *r = toy_result();
    static char phase[] = "phase";
    cr_assert(r->strpool_, "a result made from a frame keeps its names in one block");
    r->names[1] = phase;        /* so this name is not freed on its own */
    ps_error err;
    char *dir = tk_tmp_dir("output"), path[600];
    snprintf(path, sizeof path, "%s/p.csv", dir);
    cr_assert_eq(ps_result_write(r, path, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "a series is named 'phase' too"), "%s", err.message);
    cr_assert_eq(tk_count_entries(dir), 0);
    ps_result_free(r);
}
