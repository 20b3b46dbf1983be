/*
** The scenario API bindings (engine/src/lua/api*.c) driven from C through
** polsim/lua.h: numbers printed by scripts are checked against closed forms
** of the Keynesian cross (models/examples/keynes: mpc = 0.6, c0 = 40, and
** after 2024 i = 200, g = 180, t = 150 held, so y = (40 - 90 + i + g) / 0.4
** = 825 and dy/dg = 1 / (1 - mpc) = 2.5), and error codes and records are
** checked for the failures a script can meet.  Tolerances: 1e-10 relative
** (the solver's own tolerance is 1e-10 scaled; the model is linear).
**
** The Lua scripts in tests/lua/api cover every function with checked values
** (run by tests/cli/lua_api.sh); these tests cover what only C can see: the
** status codes, the error record's fields, files read back, and the paths
** that release C memory when Lua raises (limits hit inside rules and API
** calls, checked for leaks under the sanitizer build).
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"
#include "lua/sandbox.h"
#include "output/output.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
/* Criterion runs each test in a child process whose exit status it does not
** read, so LeakSanitizer's report at exit would fail nothing: check here. */
#define ASSERT_NO_LEAKS() \
    cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "memory leaked (LeakSanitizer report above)")
#else
#define ASSERT_NO_LEAKS() ((void)0)
#endif

#define OUT_DIR POLSIM_BINARY_DIR "/lua-api-out"
#define MIB ((size_t)1 << 20)
#define KEYNES "local m = polsim.model('models/examples/keynes')\n"

static tk_capture out;

static void test_opts(ps_lua_opts *o) {
    ps_lua_opts_init(o);
    o->instr_limit = 50000000;
    o->mem_limit = 64 * MIB;
    o->out_dir = OUT_DIR;
    o->seed = 11;
    o->print = tk_capture_print;
    o->print_ud = &out;
}

/* Run `chunk` in a fresh sandbox with the given options; returns its status. */
static int run_opts(const ps_lua_opts *o, const char *chunk, ps_error *err) {
    memset(&out, 0, sizeof out);
    ps_error_clear(err);
    ps_lua *s = NULL;
    int rc = ps_lua_new(o, &s, err);
    cr_assert_eq(rc, PS_OK, "ps_lua_new: %s", err->message);
    rc = ps_lua_run_string(s, chunk, strlen(chunk), "@api_test.lua", err);
    ps_lua_free(s);
    ASSERT_NO_LEAKS();
    return rc;
}

static int run(const char *chunk, ps_error *err) {
    ps_lua_opts o;
    test_opts(&o);
    return run_opts(&o, chunk, err);
}

static void run_ok(const char *chunk) {
    ps_error err;
    int rc = run(chunk, &err);
    cr_assert_eq(rc, PS_OK, "status %d: %s", rc, err.message);
}

/* The number printed after "key=" in the captured output. */
static double printed(const char *key) {
    char pat[64];
    snprintf(pat, sizeof pat, "%s=", key);
    const char *p = strstr(out.text, pat);
    cr_assert_not_null(p, "no '%s' in the output:\n%s", pat, out.text);
    return strtod(p + strlen(pat), NULL);
}

static void assert_rel(double got, double want, double tol, const char *what) {
    cr_assert(fabs(got - want) <= tol * fmax(1.0, fabs(want)), "%s: got %.17g, want %.17g", what,
              got, want);
}

/* ---- values ---- */

Test(values, baseline_and_multiplier) {
    run_ok(KEYNES "local b = m:scenario('base', { from = 2025, to = 2026 })\n"
                  "local a = b:copy('g+10'):shock('g', 2025, 10)\n"
                  "local rb, ra = b:run(), a:run()\n"
                  "print(string.format('y=%.17g', rb.y[2025]))\n"
                  "print(string.format('mult=%.17g', (ra.y[2025] - rb.y[2025]) / 10))\n"
                  "print(string.format('bb=%.17g', (b:copy('bb'):shock('g', 2025, 10)"
                  ":shock('t', 2025, 10):run().y[2025] - rb.y[2025]) / 10))\n");
    assert_rel(printed("y"), 825.0, 1e-10, "baseline y");
    assert_rel(printed("mult"), 2.5, 1e-10, "multiplier 1 / (1 - mpc)");
    assert_rel(printed("bb"), 1.0, 1e-10, "balanced-budget multiplier");
}

Test(values, layering_after_copy) {
    /* the parent's later change reaches the child; the child's shock rides on it */
    run_ok(KEYNES "local p = m:scenario('p', { from = 2025, to = 2025 })\n"
                  "local c = p:copy('c'):shock('g', 2025, 10)\n"
                  "p:set('g', 2025, 220)\n"
                  "print(string.format('g=%.17g y=%.17g', c:inputs('g')[2025], c:run().y[2025]))\n");
    assert_rel(printed("g"), 230.0, 1e-12, "child g");
    assert_rel(printed("y"), (40 - 90 + 200 + 230) / 0.4, 1e-10, "child y");
}

Test(values, printed_tables_go_to_the_callback) {
    run_ok(KEYNES "local r = m:scenario('b', { from = 2025, to = 2025 }):run()\n"
                  "polsim.table(r, { 'y' })\n"
                  "polsim.compare(r, r):print({ 'y' })\n");
    /* columns as wide as "variable", "unit", "2025", two blanks apart */
    cr_assert(strstr(out.text, "y         bn     825"), "%s", out.text);
    cr_assert(strstr(out.text, "y - Output (GDP), bn"), "%s", out.text);
}

Test(values, result_file_read_back) {
    run_ok(KEYNES "local r = m:scenario('base', { from = 2025, to = 2027 })"
                  ":set('g', 2026, 190):run()\n"
                  "r:write('api/base.json')\n");
    ps_result *r = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_result_read_json(OUT_DIR "/api/base.json", &r, &err);
    cr_assert_eq(rc, PS_OK, "%s", err.message);
    cr_assert_str_eq(r->scenario, "base");
    cr_assert_str_eq(r->model_name, "keynes");
    cr_assert_eq(r->start, 2015, "history from 2015, got %ld", r->start);
    cr_assert_eq(r->solved_from, 2025);
    cr_assert_eq(r->nper, 13);
    int y = ps_result_col(r, "y");
    cr_assert_geq(y, 0);
    assert_rel(r->data[10 * r->nvar + y], 825.0, 1e-10, "y 2025 in the file");
    assert_rel(r->data[11 * r->nvar + y], 850.0, 1e-10, "y 2026 in the file");
    assert_rel(r->data[0 * r->nvar + y], 575.4, 0, "y 2015 (history) in the file");
    int found = 0;
    for (int i = 0; i < r->nmeta; i++)
        if (strcmp(r->meta_keys[i], "seed") == 0) found = strcmp(r->meta_values[i], "11") == 0;
    cr_assert(found, "the result records the seed");
    ps_result_free(r);
}

Test(values, one_sandbox_many_runs) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_lua_new(&o, &s, &err), PS_OK, "%s", err.message);
    memset(&out, 0, sizeof out);
    const char *a = KEYNES "print('first=' .. m:scenario('a'):run().y[2025])";
    const char *b = KEYNES "m:scenario('b'):param('mpc', 1):run()";
    cr_assert_eq(ps_lua_run_string(s, a, strlen(a), "=a", &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_lua_run_string(s, b, strlen(b), "=b", &err), PS_ERR_SOLVE, "%s", err.message);
    cr_assert_eq(ps_lua_run_string(s, a, strlen(a), "=a", &err), PS_OK, "%s", err.message);
    ps_lua_free(s);
    ASSERT_NO_LEAKS();
    assert_rel(printed("first"), 825.0, 1e-10, "y after a failed run in the same sandbox");
}

/* ---- errors ---- */

Test(errors, solver_failure_keeps_its_code_and_place) {
    ps_error err;
    /* mpc = 1: the two equations cannot determine y (singular Jacobian) */
    int rc = run(KEYNES "m:scenario('mpc1', { from = 2025, to = 2025 }):param('mpc', 1):run()\n",
                 &err);
    cr_assert_eq(rc, PS_ERR_SOLVE, "status %d: %s", rc, err.message);
    cr_assert_eq(err.code, PS_ERR_SOLVE);
    cr_assert(strstr(err.message, "singular Jacobian in 2025"), "%s", err.message);
    cr_assert_str_eq(err.equation, "gdp");
    cr_assert_str_eq(err.variable, "y");
    cr_assert_str_eq(err.period, "2025");
    cr_assert(strstr(err.message, "api_test.lua:2: in main chunk"), "traceback: %s", err.message);
}

Test(errors, caught_solver_failure_is_no_failure) {
    run_ok(KEYNES "local s = m:scenario('mpc1', { from = 2025, to = 2025 }):param('mpc', 1)\n"
                  "local ok, msg = pcall(s.run, s)\n"
                  "print('ok=' .. tostring(ok) .. ' msg=' .. msg)\n");
    cr_assert(strstr(out.text, "ok=false msg="), "%s", out.text);
    cr_assert(strstr(out.text, "singular Jacobian in 2025"), "%s", out.text);
    cr_assert(strstr(out.text, "(equation [gdp], variable y, period 2025)"), "%s", out.text);
}

Test(errors, typo_is_a_script_error_at_its_line) {
    ps_error err;
    int rc = run(KEYNES "local s = m:scenario('b')\n"
                        "s:set('gg', 2025, 1)\n",
                 &err);
    cr_assert_eq(rc, PS_ERR_SCRIPT, "%s", err.message);
    cr_assert_str_eq(err.file, "api_test.lua");
    cr_assert_eq(err.line, 3);
    cr_assert(strstr(err.message, "model 'keynes' has no variable 'gg' (did you mean 'g'?)"), "%s",
              err.message);
}

Test(errors, endogenous_set_points_to_the_addfactor) {
    ps_error err;
    cr_assert_eq(run(KEYNES "m:scenario('b'):set('c', 2025, 1)\n", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "'c' is endogenous (determined by equation [consumption])"), "%s",
              err.message);
    cr_assert(strstr(err.message, "s:addfactor(\"c\", ...)"), "%s", err.message);
}

Test(errors, rule_error_names_the_rule_line) {
    ps_error err;
    int rc = run(KEYNES "local s = m:scenario('b', { from = 2025, to = 2025 })\n"
                        "s:rule(function(ctx)\n"
                        "  error('no reaction')\n"
                        "end)\n"
                        "s:run()\n",
                 &err);
    cr_assert_eq(rc, PS_ERR_SCRIPT, "%s", err.message);
    cr_assert(strstr(err.message, "api_test.lua:4: no reaction"), "%s", err.message);
    cr_assert_eq(err.line, 4);
}

Test(errors, compare_of_different_models) {
    ps_error err;
    int rc = run("local a = polsim.model('models/examples/keynes'):scenario('k'):run()\n"
                 "local b = polsim.model('models/examples/solow'):scenario('s'):run()\n"
                 "polsim.compare(a, b)\n",
                 &err);
    cr_assert_eq(rc, PS_ERR_DATA, "%s", err.message);
    cr_assert(strstr(err.message, "only results of the same model can be compared"), "%s",
              err.message);
}

Test(errors, unknown_method) {
    ps_error err;
    cr_assert_eq(run(KEYNES "m:scenario('b'):run():serie('y')\n", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "polsim.Result has no method, field or variable 'serie' "
                                  "(did you mean 'series'?)"),
              "%s", err.message);
}

Test(errors, missing_model_is_an_io_error) {
    ps_error err;
    int rc = run("polsim.model('models/examples/none')\n", &err);
    cr_assert_eq(rc, PS_ERR_IO, "status %d: %s", rc, err.message);
    cr_assert(strstr(err.message, "models/examples/none"), "%s", err.message);
}

/* ---- limits hit while the engine holds C memory ---- */

Test(limits, instruction_budget_spent_in_a_rule) {
    ps_error err;
    int rc = run(KEYNES "local s = m:scenario('b', { from = 2025, to = 2030 })\n"
                        "s:rule(function(ctx) while true do end end)\n"
                        "s:run()\n",
                 &err);
    cr_assert_eq(rc, PS_ERR_LIMIT, "%s", err.message);
    cr_assert(strstr(err.message, "instruction budget of 50000000 exceeded"), "%s", err.message);
}

Test(limits, instruction_budget_cannot_be_caught_around_run) {
    ps_error err;
    int rc = run(KEYNES "local s = m:scenario('b', { from = 2025, to = 2030 })\n"
                        "s:rule(function(ctx) while true do end end)\n"
                        "print('caught=' .. tostring(pcall(s.run, s)))\n",
                 &err);
    cr_assert_eq(rc, PS_ERR_LIMIT, "%s", err.message);
    cr_assert_null(strstr(out.text, "caught="), "the script went on: %s", out.text);
}

Test(limits, memory_spent_in_a_rule) {
    ps_lua_opts o;
    test_opts(&o);
    o.mem_limit = 16 * MIB;
    ps_error err;
    int rc = run_opts(&o,
                      KEYNES "local s = m:scenario('b', { from = 2025, to = 2030 })\n"
                             "local hoard = {}\n"
                             "s:rule(function(ctx) for i = 1, 1e9 do hoard[i] = {} end end)\n"
                             "s:run()\n",
                      &err);
    cr_assert_eq(rc, PS_ERR_LIMIT, "%s", err.message);
    cr_assert(strstr(err.message, "memory limit of 16 MiB exceeded"), "%s", err.message);
}

/* Fill the Lua heap to just below the cap, then call the API functions that
** build tables while C memory is live (inputs, compare measures, tables,
** run, and rules, which run while the engine holds its frame).  Across the
** sweep calls fail for lack of memory at different points; each run must end
** OK or with PS_ERR_LIMIT, and (in the sanitizer build) leak nothing. */
Test(limits, out_of_memory_inside_api_calls) {
    static const char *const script =
        KEYNES "local s = m:scenario('b', { from = 2025, to = 2034 })\n"
               "local r0 = s:run()\n"
               "local pad, k = {}, 0\n"
               "local target = polsim.args.fill_kib\n"
               "while collectgarbage('count') < target do k = k + 1; pad[k] = { k } end\n"
               "local q = polsim.model('tests/lua/api/models/qcross'):scenario('q')\n"
               "q:rule(function(ctx) pad[#pad + 1] = { ctx.period } end)\n"
               "for j = 1, 40 do\n"
               "  local r = s:run()\n"
               "  pad[#pad + 1] = q:run()\n"
               "  local c = polsim.compare(r0, r)\n"
               "  local t = { s:inputs('g'), c:diff('y', 'b'), c:growth('y', 'b'), r:series('y'),\n"
               "              polsim.table(r), r:growth('c'), polsim.share(r, 'c', 'y'), c:print() }\n"
               "  pad[#pad + 1] = t\n"
               "end\n";
    int limited = 0, ok = 0;
    for (int fill = 1500; fill <= 2040; fill += 6) {
        char value[32];
        snprintf(value, sizeof value, "%d", fill);
        const char *keys[] = {"fill_kib"}, *values[] = {value};
        ps_lua_opts o;
        test_opts(&o);
        o.mem_limit = 2 * MIB;
        o.nargs = 1;
        o.arg_keys = keys;
        o.arg_values = values;
        ps_error err;
        int rc = run_opts(&o, script, &err);
        cr_assert(rc == PS_OK || rc == PS_ERR_LIMIT, "fill %d KiB: status %d: %s", fill, rc,
                  err.message);
        if (rc == PS_ERR_LIMIT) {
            cr_assert(strstr(err.message, "memory limit of 2 MiB exceeded"), "%s", err.message);
            limited++;
        } else {
            ok++;
        }
    }
    /* the sweep must straddle the limit, or it tested nothing */
    cr_assert_gt(limited, 0, "no run hit the memory limit");
    cr_assert_gt(ok, 0, "every run hit the memory limit");
}
