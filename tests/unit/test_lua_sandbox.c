/*
** The Lua sandbox: hostile scripts (tests/lua/hostile) must end cleanly with
** the right status and message; ordinary scripts (tests/lua/sandbox) must
** work; the output path checks are driven from C.
**
** Limits in these tests are small (10^7 instructions, 32 MiB) so that every
** hostile script ends in well under a second.
*/
#include <criterion/criterion.h>
#include <errno.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lua/sandbox_int.h"
#include "util/editdist.h"
#include "testkit.h"
#include "lua/sandbox.h"
#include "output/output.h"
#include "polsim/version.h"

#define HOSTILE "tests/lua/hostile/"
#define GOOD "tests/lua/sandbox/"
#define OUT_DIR POLSIM_BINARY_DIR "/lua-sandbox-out"
#define MIB ((size_t)1 << 20)

static tk_capture out;

static void test_opts(ps_lua_opts *o) {
    ps_lua_opts_init(o);
    o->instr_limit = 10000000;
    o->mem_limit = 32 * MIB;
    o->out_dir = OUT_DIR;
    o->lib_dir = GOOD "lib";
    o->print = tk_capture_print;
    o->print_ud = &out;
}

static ps_lua *new_sandbox(const ps_lua_opts *o) {
    ps_lua *s = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_lua_new(o, &s, &err);
    cr_assert_eq(rc, PS_OK, "ps_lua_new: %s", err.message);
    return s;
}

/* Run a script with the test options; returns the status. */
static int run_with(const ps_lua_opts *o, const char *path, ps_error *err) {
    memset(&out, 0, sizeof out);
    ps_lua *s = new_sandbox(o);
    ps_error_clear(err);
    int rc = ps_lua_run_file(s, path, err);
    ps_lua_free(s);
    return rc;
}

static int run(const char *path, ps_error *err) {
    ps_lua_opts o;
    test_opts(&o);
    return run_with(&o, path, err);
}

static void expect(const char *path, int code, const char *text) {
    ps_error err;
    int rc = run(path, &err);
    cr_assert_eq(rc, code, "%s: status %d, want %d: %s", path, rc, code, err.message);
    cr_assert_eq(err.code, code);
    cr_assert(strstr(err.message, text), "%s: message lacks \"%s\":\n%s", path, text, err.message);
}

#define INSTR_MSG "instruction budget of 10000000 exceeded (raise it with --max-instructions)"
#define MEM_MSG "memory limit of 32 MiB exceeded (raise it with --max-memory)"

/* ---- the instruction budget ---- */

Test(budget, endless_loop) {
    ps_error err;
    cr_assert_eq(run(HOSTILE "endless_loop.lua", &err), PS_ERR_LIMIT);
    cr_assert(strstr(err.message, HOSTILE "endless_loop.lua:"), "%s", err.message);
    cr_assert(strstr(err.message, INSTR_MSG), "%s", err.message);
    cr_assert(strstr(err.message, "stack traceback:"), "%s", err.message);
    cr_assert_str_eq(err.file, HOSTILE "endless_loop.lua");
    cr_assert(err.line >= 3 && err.line <= 5, "line %d", err.line); /* inside the loop */
}

/* Long C calls pay for their work (pattern.c, charge.c): each of these would
** run for hours (or 2^50 iterations) inside one C call. */
Test(budget, backtracking_pattern) {
    ps_error err;
    expect(HOSTILE "pattern_backtrack.lua", PS_ERR_LIMIT, INSTR_MSG);
    run(HOSTILE "pattern_backtrack.lua", &err);
    cr_assert_eq(err.line, 3, "line %d: %s", err.line, err.message);
}

Test(budget, backtracking_gsub_under_pcall) {
    expect(HOSTILE "pattern_gsub.lua", PS_ERR_LIMIT, INSTR_MSG);
    cr_assert_null(strstr(out.text, "survived"), "pcall caught the spent budget");
}

Test(budget, backtracking_gmatch) {
    expect(HOSTILE "pattern_gmatch.lua", PS_ERR_LIMIT, INSTR_MSG);
}

Test(budget, table_move_range) {
    expect(HOSTILE "table_move.lua", PS_ERR_LIMIT, INSTR_MSG);
}

Test(budget, table_concat_range) {
    expect(HOSTILE "table_concat.lua", PS_ERR_LIMIT, MEM_MSG);
}

Test(budget, big_strings_in_a_loop) {
    expect(HOSTILE "string_rep_loop.lua", PS_ERR_LIMIT, INSTR_MSG);
}

Test(budget, sort_comparator_that_never_returns) {
    expect(HOSTILE "table_sort_comparator.lua", PS_ERR_LIMIT, INSTR_MSG);
}

Test(budget, pcall_cannot_swallow_it) {
    expect(HOSTILE "endless_loop_pcall.lua", PS_ERR_LIMIT, INSTR_MSG);
    cr_assert_null(strstr(out.text, "survived"), "the script went on after the kill");
}

Test(budget, retrying_after_catching) {
    expect(HOSTILE "pcall_retry.lua", PS_ERR_LIMIT, INSTR_MSG);
}

Test(budget, spent_inside_a_coroutine) {
    expect(HOSTILE "coroutine_loop.lua", PS_ERR_LIMIT, INSTR_MSG);
}

Test(budget, small_budget_and_none) {
    ps_lua_opts o;
    test_opts(&o);
    o.instr_limit = 100;
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    const char *loop = "for i = 1, 1000 do end";
    cr_assert_eq(ps_lua_run_string(s, loop, strlen(loop), "=loop", &err), PS_ERR_LIMIT);
    cr_assert(strstr(err.message, "instruction budget of 100 exceeded"), "%s", err.message);
    /* the next run starts with a fresh budget */
    const char *tiny = "local x = 1";
    cr_assert_eq(ps_lua_run_string(s, tiny, strlen(tiny), "=tiny", &err), PS_OK, "%s",
                 err.message);
    ps_lua_free(s);
    o.instr_limit = 0; /* no budget: a long loop finishes */
    s = new_sandbox(&o);
    const char *longer = "local n = 0 for i = 1, 3000000 do n = n + 1 end assert(n == 3000000)";
    cr_assert_eq(ps_lua_run_string(s, longer, strlen(longer), "=long", &err), PS_OK, "%s",
                 err.message);
    ps_lua_free(s);
}

/* ---- memory ---- */

Test(memory, growing_table) {
    ps_error err;
    cr_assert_eq(run(HOSTILE "memory_table.lua", &err), PS_ERR_LIMIT, "%s", err.message);
    cr_assert(strstr(err.message, MEM_MSG), "%s", err.message);
    cr_assert(strstr(err.message, HOSTILE "memory_table.lua"), "%s", err.message);
    cr_assert_str_eq(err.file, HOSTILE "memory_table.lua");
}

Test(memory, doubling_string) {
    expect(HOSTILE "memory_string.lua", PS_ERR_LIMIT, MEM_MSG);
}

Test(memory, pcall_cannot_swallow_it) {
    expect(HOSTILE "memory_pcall.lua", PS_ERR_LIMIT, MEM_MSG);
}

Test(memory, coroutine_bomb) {
    expect(HOSTILE "coroutine_bomb.lua", PS_ERR_LIMIT, MEM_MSG);
}

Test(memory, huge_string_rep) {
    /* the cap is a quarter of 32 MiB; 3e9 bytes were asked for: a limit (exit 7) */
    expect(HOSTILE "string_rep.lua", PS_ERR_LIMIT,
           "string.rep: the result would be 3000000000 bytes, over the limit of 8388608 bytes");
}

Test(memory, string_rep_below_the_cap_works) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    /* 8 MiB exactly is allowed: 2^20 times "ab" with "" + 2^20 "cdefgh" = 8 MiB */
    const char *ok = "assert(#string.rep('ab', 1048576, 'cdefgh') == 8388608 - 6)\n"
                     "assert(string.rep('x', 0) == '' and string.rep('', 1e12) == '')";
    cr_assert_eq(ps_lua_run_string(s, ok, strlen(ok), "=rep", &err), PS_OK, "%s", err.message);
    /* 2^20 * (2 + 7) - 7 bytes: one call over the cap ends the run, under pcall too */
    const char *over = "local ok = pcall(string.rep, 'ab', 1048576, 'cdefghi') print('survived', ok)";
    memset(&out, 0, sizeof out);
    cr_assert_eq(ps_lua_run_string(s, over, strlen(over), "=rep", &err), PS_ERR_LIMIT, "%s",
                 err.message);
    cr_assert(strstr(err.message, "would be 9437177 bytes"), "%s", err.message);
    cr_assert(strstr(err.message, "raise it with --max-memory"), "%s", err.message);
    cr_assert_null(strstr(out.text, "survived"), "pcall caught the string.rep limit");
    /* the sandbox stays usable: the next run starts afresh */
    cr_assert_eq(ps_lua_run_string(s, ok, strlen(ok), "=rep", &err), PS_OK, "%s", err.message);
    ps_lua_free(s);
}

Test(memory, garbage_below_the_cap_is_fine) {
    /* about 4 MiB live, hundreds of MiB of garbage: the collector keeps up */
    ps_lua_opts o;
    test_opts(&o);
    o.instr_limit = 0;
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    const char *churn = "local keep = {} for i = 1, 40000 do keep[i] = ('y'):rep(50) .. i end\n"
                        "for i = 1, 2000000 do local g = { i, tostring(i) } end";
    cr_assert_eq(ps_lua_run_string(s, churn, strlen(churn), "=churn", &err), PS_OK, "%s",
                 err.message);
    ps_lua_free(s);
}

Test(memory, limit_too_small) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = NULL;
    ps_error err;
    o.mem_limit = 1000;
    cr_assert_eq(ps_lua_new(&o, &s, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "too small"), "%s", err.message);
    o.mem_limit = 16 * 1024; /* a state, but not its libraries (about 30 KiB) */
    cr_assert_eq(ps_lua_new(&o, &s, &err), PS_ERR_LIMIT);
    cr_assert(strstr(err.message, "memory limit of 16384 bytes is too small to set up the Lua "
                                  "sandbox (raise it with --max-memory)"), "%s", err.message);
    cr_assert_null(s);
}

/* ---- recursion ---- */

Test(recursion, deep_recursion_is_a_stack_overflow) {
    /* Lua's stack limit (a million slots) needs more than 32 MiB. */
    ps_lua_opts o;
    test_opts(&o);
    o.mem_limit = 256 * MIB;
    ps_error err;
    cr_assert_eq(run_with(&o, HOSTILE "deep_recursion.lua", &err), PS_ERR_SCRIPT, "%s",
                 err.message);
    cr_assert(strstr(err.message, HOSTILE "deep_recursion.lua:3: stack overflow"), "%s",
              err.message);
    cr_assert_eq(err.line, 3);
}

Test(recursion, deep_recursion_under_a_small_cap) {
    ps_error err;
    int rc = run(HOSTILE "deep_recursion.lua", &err);
    cr_assert(rc == PS_ERR_LIMIT || rc == PS_ERR_SCRIPT, "status %d", rc);
    cr_assert(strstr(err.message, MEM_MSG) || strstr(err.message, "stack overflow"), "%s",
              err.message);
}

Test(recursion, nested_coroutines) {
    expect(HOSTILE "coroutine_nest.lua", PS_ERR_SCRIPT, "stack overflow");
}

/* ---- what the globals hold ---- */

Test(globals, forbidden_libraries) {
    expect(HOSTILE "os_execute.lua", PS_ERR_SCRIPT, "os_execute.lua:1: undefined global 'os'");
    expect(HOSTILE "io_open.lua", PS_ERR_SCRIPT, "io_open.lua:1: undefined global 'io'");
    expect(HOSTILE "package_loadlib.lua", PS_ERR_SCRIPT, "undefined global 'package'");
    expect(HOSTILE "debug_registry.lua", PS_ERR_SCRIPT, "undefined global 'debug'");
    expect(HOSTILE "dofile.lua", PS_ERR_SCRIPT, "undefined global 'dofile'");
    expect(HOSTILE "loadfile.lua", PS_ERR_SCRIPT, "undefined global 'loadfile'");
}

Test(globals, undefined_global_with_suggestion) {
    ps_error err;
    cr_assert_eq(run(HOSTILE "undefined_global.lua", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, HOSTILE "undefined_global.lua:6: undefined global "
                                          "'compute_totl' (did you mean 'compute_total'?)"),
              "%s", err.message);
    cr_assert_eq(err.line, 6);
    cr_assert_str_eq(err.file, HOSTILE "undefined_global.lua");
}

Test(globals, suggestions_from_the_safe_globals) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    cr_assert_eq(ps_lua_run_string(s, "prnt(1)", 7, "=t", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "undefined global 'prnt' (did you mean 'print'?)"), "%s",
              err.message);
    cr_assert_eq(ps_lua_run_string(s, "pirnt(1)", 8, "=t", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "(did you mean 'print'?)"), "%s", err.message);
    /* two letters apart from everything: no far-fetched hint */
    cr_assert_eq(ps_lua_run_string(s, "os.exit()", 9, "=t", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "undefined global 'os'\n"), "%s", err.message);
    ps_lua_free(s);
}

Test(globals, edit_distance) {
    cr_assert_eq(ps_edit_distance("print", 5, "print", 5, 2), 0);
    cr_assert_eq(ps_edit_distance("prnt", 4, "print", 5, 2), 1);
    cr_assert_eq(ps_edit_distance("pirnt", 5, "print", 5, 2), 1); /* one swap */
    cr_assert_eq(ps_edit_distance("kitten", 6, "sitting", 7, 3), 3);
    cr_assert_eq(ps_edit_distance("abc", 3, "xyz", 3, 2), 3); /* capped at max + 1 */
}

Test(globals, library_tables_are_read_only) {
    expect(HOSTILE "string_library.lua", PS_ERR_SCRIPT,
           "string_library.lua:3: cannot modify library table 'string'");
    expect(HOSTILE "rawset_library.lua", PS_ERR_SCRIPT, "rawset: cannot modify a library table");
}

Test(globals, string_metatable_is_locked) {
    expect(HOSTILE "string_metatable.lua", PS_ERR_SCRIPT,
           "string_metatable.lua:3: attempt to index a boolean value");
}

Test(globals, env_metatable_is_locked) {
    expect(HOSTILE "env_metatable.lua", PS_ERR_SCRIPT, "cannot change a protected metatable");
}

Test(globals, no_lua_finalizers) {
    expect(HOSTILE "gc_finalizer.lua", PS_ERR_SCRIPT,
           "__gc metamethods are not allowed in scripts");
}

Test(globals, collector_control_is_limited) {
    expect(HOSTILE "collectgarbage_stop.lua", PS_ERR_SCRIPT,
           "collectgarbage('stop') is not allowed in scripts (allowed: 'collect', 'count', "
           "'step')");
}

Test(globals, ordinary_use) {
    ps_error err;
    cr_assert_eq(run(GOOD "globals.lua", &err), PS_OK, "%s", err.message);
    cr_assert_str_eq(out.text, "ok\n");
}

/* ---- loading code ---- */

Test(load, binary_chunk_refused) {
    expect(HOSTILE "load_binary.lua", PS_ERR_SCRIPT, "attempt to load a binary chunk");
}

Test(load, no_string_dump) {
    expect(HOSTILE "string_dump.lua", PS_ERR_SCRIPT, "attempt to call a nil value (field 'dump')");
}

Test(load, loaded_chunk_gets_the_callers_env) {
    expect(HOSTILE "load_env.lua", PS_ERR_SCRIPT, "undefined global 'os'");
}

Test(require, c_module_not_found) {
    ps_error err;
    cr_assert_eq(run(HOSTILE "require_c_module.lua", &err), PS_ERR_SCRIPT);
    const char *want[] = {"module 'socket.core' not found (only Lua files are loaded):",
                          "no file '" HOSTILE "socket/core.lua'",
                          "no file '" GOOD "lib/socket/core.lua'"};
    for (int i = 0; i < 3; i++)
        cr_assert(strstr(err.message, want[i]), "lacks \"%s\":\n%s", want[i], err.message);
}

Test(require, parent_folder_refused) {
    expect(HOSTILE "require_parent.lua", PS_ERR_SCRIPT,
           "require: invalid module name '../secret'");
}

Test(require, bad_names) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    const char *bad[] = {"require('a..b')", "require('.a')", "require('a.')", "require('')",
                         "require('a/b')", "require('/etc/passwd')"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ps_error err;
        cr_assert_eq(ps_lua_run_string(s, bad[i], strlen(bad[i]), "=t", &err), PS_ERR_SCRIPT);
        cr_assert(strstr(err.message, "invalid module name"), "%s: %s", bad[i], err.message);
    }
    ps_lua_free(s);
}

Test(require, from_script_folder) {
    ps_error err;
    cr_assert_eq(run(GOOD "require_local.lua", &err), PS_OK, "%s", err.message);
    cr_assert_str_eq(out.text, "ok\n");
}

Test(require, from_library_folder) {
    ps_error err;
    cr_assert_eq(run(GOOD "require_lib.lua", &err), PS_OK, "%s", err.message);
    cr_assert_str_eq(out.text, "ok\n");
}

Test(require, no_library_folder) {
    ps_lua_opts o;
    test_opts(&o);
    o.lib_dir = NULL;
    ps_error err;
    cr_assert_eq(run_with(&o, GOOD "require_lib.lua", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "module 'util.strings' not found"), "%s", err.message);
    cr_assert_null(strstr(err.message, "lib/util"), "%s", err.message);
}

static void write_file(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    cr_assert_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

Test(require, bytecode_file_refused_and_errors_located) {
    char dir[] = "/tmp/polsim-lua-lib-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    /* what luac writes first: ESC "Lua", version 0x54, format 0 */
    snprintf(path, sizeof path, "%s/compiled.lua", dir);
    write_file(path, "\033LuaT\0\031\223\r\n\032\n", 12);
    snprintf(path, sizeof path, "%s/broken.lua", dir);
    write_file(path, "local x = \n", 11);
    snprintf(path, sizeof path, "%s/fails.lua", dir);
    write_file(path, "error('module failed')\n", 23);
    ps_lua_opts o;
    test_opts(&o);
    o.lib_dir = dir;
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    const char *a = "require('compiled')";
    cr_assert_eq(ps_lua_run_string(s, a, strlen(a), "=t", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "attempt to load a binary chunk"), "%s", err.message);
    const char *b = "require('broken')";
    cr_assert_eq(ps_lua_run_string(s, b, strlen(b), "=t", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "broken.lua:2:"), "%s", err.message);
    /* a failing module is not cached as loaded: requiring it again fails again */
    const char *c = "assert(not pcall(require, 'fails')) require('fails')";
    cr_assert_eq(ps_lua_run_string(s, c, strlen(c), "=t", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "fails.lua:1: module failed"), "%s", err.message);
    ps_lua_free(s);
    const char *names[] = {"compiled", "broken", "fails"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s.lua", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

Test(require, circular) {
    char dir[] = "/tmp/polsim-lua-lib-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/loop.lua", dir);
    write_file(path, "return require('loop')\n", 23);
    ps_lua_opts o;
    test_opts(&o);
    o.lib_dir = dir;
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    cr_assert_eq(ps_lua_run_string(s, "require('loop')", 15, "=t", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "module 'loop' requires itself"), "%s", err.message);
    ps_lua_free(s);
    unlink(path);
    rmdir(dir);
}

/* ---- math.random ---- */

static void draws(unsigned long seed, char *buf, size_t n) {
    ps_lua_opts o;
    test_opts(&o);
    o.seed = seed;
    ps_error err;
    cr_assert_eq(run_with(&o, GOOD "random_draws.lua", &err), PS_OK, "%s", err.message);
    size_t len = strlen(out.text);
    cr_assert_lt(len, n, "the draws do not fit the test's buffer");
    memcpy(buf, out.text, len + 1);
}

Test(random, reproducible_for_a_seed) {
    char a[512], b[512], c[512];
    draws(42, a, sizeof a);
    draws(42, b, sizeof b);
    draws(43, c, sizeof c);
    cr_assert_str_eq(a, b);
    cr_assert_str_neq(a, c);
    /* the numbers are GSL's mt19937 with that seed, drawn independently here */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    char want[128];
    double u = gsl_rng_uniform(r);
    snprintf(want, sizeof want, "%.17g\n", u);
    cr_assert_eq(strncmp(a, want, strlen(want)), 0, "got %s want %s", a, want);
    gsl_rng_free(r);
    double first = strtod(a, NULL);
    cr_assert(first >= 0 && first < 1);
}

Test(random, lua_semantics) {
    ps_error err;
    cr_assert_eq(run(GOOD "random_api.lua", &err), PS_OK, "%s", err.message);
    cr_assert_str_eq(out.text, "ok\n");
}

Test(random, each_run_restarts_the_sequence) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    const char *p = "print(math.random(1000000))";
    memset(&out, 0, sizeof out);
    cr_assert_eq(ps_lua_run_string(s, p, strlen(p), "=a", &err), PS_OK);
    cr_assert_eq(ps_lua_run_string(s, p, strlen(p), "=a", &err), PS_OK);
    char first[32];
    size_t len = strcspn(out.text, "\n");
    snprintf(first, sizeof first, "%.*s", (int)len, out.text);
    cr_assert_str_eq(out.text + len + 1, strcat(first, "\n"));
    ps_lua_free(s);
}

/* ---- polsim table, print, errors ---- */

Test(polsim, args_are_typed) {
    const char *keys[] = {"years", "rate", "big", "name", "mixed", "empty"};
    const char *vals[] = {"7", "0.25", "1e3", "low_credit", "12abc", ""};
    ps_lua_opts o;
    test_opts(&o);
    o.nargs = 6;
    o.arg_keys = keys;
    o.arg_values = vals;
    o.seed = 99;
    ps_error err;
    cr_assert_eq(run_with(&o, GOOD "args.lua", &err), PS_OK, "%s", err.message);
    cr_assert_str_eq(out.text, PS_VERSION_STRING "\t99\n");
}

Test(polsim, args_need_names) {
    const char *keys[] = {""};
    const char *vals[] = {"1"};
    ps_lua_opts o;
    test_opts(&o);
    o.nargs = 1;
    o.arg_keys = keys;
    o.arg_values = vals;
    ps_lua *s = NULL;
    ps_error err;
    cr_assert_eq(ps_lua_new(&o, &s, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "--set value 1 has no name"), "%s", err.message);
    cr_assert_null(s);
}

Test(polsim, print_goes_to_the_callback) {
    ps_error err;
    cr_assert_eq(run(GOOD "print.lua", &err), PS_OK, "%s", err.message);
    cr_assert_str_eq(out.text, "a\t1\t2.5\tnil\ttrue\n\ncustom\n");
    /* no callback: print is silent and harmless */
    ps_lua_opts o;
    test_opts(&o);
    o.print = NULL;
    cr_assert_eq(run_with(&o, GOOD "print.lua", &err), PS_OK, "%s", err.message);
}

Test(polsim, model_not_found_lists_the_search_path) {
    expect(HOSTILE "model_path.lua", PS_ERR_IO,
           "model 'models/../../secret' not found; looked for:\n"
           "    no '" HOSTILE "models/../../secret' (the script's folder)\n"
           "    no 'models/../../secret' (the current folder)");
}

Test(errors, runtime_error_with_traceback) {
    ps_error err;
    cr_assert_eq(run(GOOD "script_error.lua", &err), PS_ERR_SCRIPT);
    cr_assert(strncmp(err.message, GOOD "script_error.lua:3: x is too large: 5\n"
                                        "stack traceback:\n", 61) == 0, "%s", err.message);
    cr_assert(strstr(err.message, "script_error.lua:6: in main chunk"), "%s", err.message);
    cr_assert_str_eq(err.file, GOOD "script_error.lua");
    cr_assert_eq(err.line, 3);
}

Test(errors, syntax_error) {
    ps_error err;
    cr_assert_eq(run(GOOD "syntax_error.lua", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, GOOD "syntax_error.lua:2: unexpected symbol near '='"), "%s",
              err.message);
    cr_assert_eq(err.line, 2);
}

Test(errors, error_objects) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    const char *t = "error({})";
    cr_assert_eq(ps_lua_run_string(s, t, strlen(t), "@x.lua", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "(error object is a table value)"), "%s", err.message);
    const char *m = "error(setmetatable({}, { __tostring = function() return 'mine' end }))";
    cr_assert_eq(ps_lua_run_string(s, m, strlen(m), "@x.lua", &err), PS_ERR_SCRIPT);
    cr_assert(strncmp(err.message, "mine\nstack traceback:", 21) == 0, "%s", err.message);
    ps_lua_free(s);
}

Test(errors, long_chunk_names_are_located) {
    /* Lua shortens long chunk names to "...tail" in messages */
    char name[400], path[300];
    memset(path, 'd', 120);
    snprintf(path + 120, sizeof path - 120, "/script.lua");
    snprintf(name, sizeof name, "@%s", path);
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    cr_assert_eq(ps_lua_run_string(s, "\n\nerror('x')", 12, name, &err), PS_ERR_SCRIPT);
    /* ... and the message gets the whole path back, so the location is
    ** printed once (ps_error_format sees the message as placed) */
    char want[400];
    snprintf(want, sizeof want, "%s:3: x", path);
    cr_assert(strncmp(err.message, want, strlen(want)) == 0, "%s", err.message);
    char shown[2048];
    ps_error_format(&err, shown, sizeof shown);
    cr_assert(strncmp(shown, want, strlen(want)) == 0, "%s", shown);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 3);
    ps_lua_free(s);
}

Test(errors, uncaught_engine_error_keeps_its_code) {
    ps_error err;
    int rc = run(GOOD "engine_error.lua", &err);
    cr_assert_eq(rc, PS_ERR_IO, "status %d: %s", rc, err.message);
    cr_assert(strstr(err.message, "no_such_model.model"), "%s", err.message);
    cr_assert(strstr(err.message, "engine_error.lua:3: in main chunk"), "%s", err.message);
    /* caught and followed by an error of the script's own: a script error */
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    const char *c = "local ok = pcall(polsim.model, 'nope.model') assert(not ok) error('own')";
    cr_assert_eq(ps_lua_run_string(s, c, strlen(c), "@c.lua", &err), PS_ERR_SCRIPT);
    cr_assert(strstr(err.message, "c.lua:1: own"), "%s", err.message);
    ps_lua_free(s);
}

Test(errors, unreadable_script) {
    ps_error err;
    cr_assert_eq(run(GOOD "no_such_script.lua", &err), PS_ERR_IO);
    cr_assert(strstr(err.message, "no_such_script.lua"), "%s", err.message);
}

Test(errors, script_hash) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    cr_assert_str_eq(ps_lua_script_hash(s), "");
    ps_error err;
    cr_assert_eq(ps_lua_run_string(s, "return 1\n", 9, "@h.lua", &err), PS_OK);
    /* sha256sum of the 9 bytes "return 1\n" */
    cr_assert_str_eq(ps_lua_script_hash(s),
                     "0805bfdc02e872ed322a4a4e440ae985f3a4335f4dd59f3d373dfaf2a68a4a3c");
    ps_lua_free(s);
    ps_lua_free(NULL);
}

Test(errors, run_meta) {
    const char *keys[] = {"rate"};
    const char *vals[] = {"0.5"};
    ps_lua_opts o;
    test_opts(&o);
    o.seed = 17;
    o.nargs = 1;
    o.arg_keys = keys;
    o.arg_values = vals;
    ps_lua *s = new_sandbox(&o);
    ps_error err;
    cr_assert_eq(ps_lua_run_string(s, "return 1\n", 9, "@m.lua", &err), PS_OK);
    ps_result *r = calloc(1, sizeof *r);
    cr_assert_not_null(r);
    cr_assert_eq(s->api.add_meta(s->api.ud, r, &err), PS_OK, "%s", err.message);
    const char *want[][2] = {{"script", "m.lua"},
                             {"script_sha256",
                              "0805bfdc02e872ed322a4a4e440ae985f3a4335f4dd59f3d373dfaf2a68a4a3c"},
                             {"seed", "17"},
                             {"set.rate", "0.5"}};
    cr_assert_eq(r->nmeta, 4);
    for (int i = 0; i < 4; i++) {
        cr_assert_str_eq(r->meta_keys[i], want[i][0]);
        cr_assert_str_eq(r->meta_values[i], want[i][1]);
    }
    ps_result_free(r);
    ps_lua_free(s);
}

/* ---- output paths ---- */

Test(paths, refused) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    char buf[4096];
    ps_error err;
    struct {
        const char *path, *msg;
    } bad[] = {{"../x.json", "output path '../x.json' contains '..'"},
               {"/etc/passwd", "output path '/etc/passwd' is absolute"},
               {"a/../../x", "output path 'a/../../x' contains '..'"},
               {"a/..", "contains '..'"},
               {"", "output path is empty"},
               {".", "names no file"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_assert_eq(ps_lua_resolve_output(s, bad[i].path, buf, sizeof buf, &err), PS_ERR_USAGE,
                     "%s", bad[i].path);
        cr_assert(strstr(err.message, bad[i].msg), "%s: %s", bad[i].path, err.message);
    }
    ps_lua_free(s);
}

Test(paths, inside_the_output_folder) {
    ps_lua_opts o;
    test_opts(&o);
    ps_lua *s = new_sandbox(&o);
    char buf[4096];
    ps_error err;
    cr_assert_eq(ps_lua_resolve_output(s, "runs/2024/./base.json", buf, sizeof buf, &err), PS_OK,
                 "%s", err.message);
    cr_assert_str_eq(buf, OUT_DIR "/runs/2024/base.json");
    struct stat st;
    cr_assert_eq(stat(OUT_DIR "/runs/2024", &st), 0);
    cr_assert(S_ISDIR(st.st_mode));
    ps_lua_free(s);
}

Test(paths, symlinks_leaving_the_folder) {
    char dir[] = "/tmp/polsim-lua-out-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char out_dir[256], link[300], inlink[300], flink[300];
    snprintf(out_dir, sizeof out_dir, "%s/out", dir);
    cr_assert_eq(mkdir(out_dir, 0777), 0);
    snprintf(link, sizeof link, "%s/escape", out_dir);
    cr_assert_eq(symlink("/tmp", link), 0);
    snprintf(inlink, sizeof inlink, "%s/alias", out_dir);
    cr_assert_eq(symlink(".", inlink), 0); /* points inside: fine */
    snprintf(flink, sizeof flink, "%s/passwd.csv", out_dir);
    cr_assert_eq(symlink("/etc/passwd", flink), 0);
    ps_lua_opts o;
    test_opts(&o);
    o.out_dir = out_dir;
    ps_lua *s = new_sandbox(&o);
    char buf[4096];
    ps_error err;
    cr_assert_eq(ps_lua_resolve_output(s, "escape/newdir/x.json", buf, sizeof buf, &err),
                 PS_ERR_USAGE);
    cr_assert(strstr(err.message, "leaves the output folder"), "%s", err.message);
    cr_assert(strstr(err.message, "escape"), "%s", err.message);
    struct stat st;
    cr_assert_neq(stat("/tmp/newdir", &st), 0, "a folder was made through the link");
    cr_assert_eq(ps_lua_resolve_output(s, "escape", buf, sizeof buf, &err), PS_ERR_USAGE);
    cr_assert_eq(ps_lua_resolve_output(s, "passwd.csv", buf, sizeof buf, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "leaves the output folder"), "%s", err.message);
    cr_assert_eq(ps_lua_resolve_output(s, "alias/ok.json", buf, sizeof buf, &err), PS_OK, "%s",
                 err.message);
    ps_lua_free(s);
    unlink(link);
    unlink(inlink);
    unlink(flink);
    rmdir(out_dir);
    rmdir(dir);
}

Test(paths, model_input) {
    ps_lua_opts o;
    test_opts(&o);
    o.model_root = "models";
    o.model_path = "/nonexistent:tests/fixtures";
    o.models_dir = "tests";
    ps_lua *s = new_sandbox(&o);
    char buf[4096];
    ps_error err;
    /* the model root first, then POLSIM_PATH in order, then the installed folder */
    cr_assert_eq(ps_lua_resolve_input(s, "examples/keynes", buf, sizeof buf, &err), PS_OK);
    cr_assert_str_eq(buf, "models/examples/keynes");
    cr_assert_eq(ps_lua_resolve_input(s, "batch/README.md", buf, sizeof buf, &err), PS_OK);
    cr_assert_str_eq(buf, "tests/fixtures/batch/README.md");
    cr_assert_eq(ps_lua_resolve_input(s, "unit", buf, sizeof buf, &err), PS_OK);
    cr_assert_str_eq(buf, "tests/unit");
    /* absolute paths are read as given */
    cr_assert_eq(ps_lua_resolve_input(s, "/etc/passwd", buf, sizeof buf, &err), PS_OK);
    cr_assert_str_eq(buf, "/etc/passwd");
    cr_assert_eq(ps_lua_resolve_input(s, "nope", buf, sizeof buf, &err), PS_ERR_IO);
    cr_assert(strstr(err.message, "model 'nope' not found; looked for:\n"
                                  "    no 'models/nope' (the model root)\n"
                                  "    no '/nonexistent/nope' (POLSIM_PATH)\n"
                                  "    no 'tests/fixtures/nope' (POLSIM_PATH)\n"
                                  "    no 'tests/nope' (the installed models)\n"),
              "%s", err.message);
    cr_assert_eq(ps_lua_resolve_input(s, "", buf, sizeof buf, &err), PS_ERR_USAGE);
    ps_lua_free(s);
}
