/*
** The sandbox's pattern functions (engine/src/lua/pattern.c) against stock
** Lua 5.4's: tests/lua/patterns/compare.lua prints the results of find,
** match, gmatch and gsub on ~2400 fixed and generated pattern/subject pairs
** (error messages included); it runs once under a plain lua_State with the
** standard libraries and once in the sandbox, and the outputs must agree
** line for line.  Also: a budget stops a backtracking match, and a normal
** match costs about what the stock matcher's steps would.
*/
#include <criterion/criterion.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"
#include "lua/sandbox.h"

#define SCRIPT "tests/lua/patterns/compare.lua"

/* Everything printed, in a growing buffer (the output is megabytes). */
typedef struct text_buf {
    char *text;
    size_t n, cap;
} text_buf;

static text_buf stock_out, sandbox_out;

static void buf_print(void *ud, const char *s, size_t n) {
    text_buf *b = ud;
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->text = realloc(b->text, b->cap);
        cr_assert_not_null(b->text);
    }
    memcpy(b->text + b->n, s, n);
    b->n += n;
    b->text[b->n] = '\0';
}

static int stock_print(lua_State *L) {
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) buf_print(&stock_out, "\t", 1);
        buf_print(&stock_out, s, len);
        lua_pop(L, 1);
    }
    buf_print(&stock_out, "\n", 1);
    return 0;
}

static void run_stock(void) {
    lua_State *L = luaL_newstate();
    cr_assert_not_null(L);
    luaL_openlibs(L);
    lua_register(L, "print", stock_print);
    int st = luaL_dofile(L, SCRIPT);
    cr_assert_eq(st, LUA_OK, "stock Lua: %s", lua_tostring(L, -1));
    lua_close(L);
}

static void run_sandbox(long long budget) {
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.instr_limit = budget;
    o.print = buf_print;
    o.print_ud = &sandbox_out;
    ps_lua *s = NULL;
    ps_error err;
    cr_assert_eq(ps_lua_new(&o, &s, &err), PS_OK, "%s", err.message);
    int rc = ps_lua_run_file(s, SCRIPT, &err);
    cr_assert_eq(rc, PS_OK, "sandbox: %s", err.message);
    ps_lua_free(s);
}

/* The first differing line of the two outputs, for the failure message
** (the outputs hold NUL bytes: captures of "x\0y"). */
static void first_difference(const text_buf *x, const text_buf *y, char *buf, size_t n) {
    const char *a = x->text, *b = y->text, *la = a, *lb = b;
    while (a < x->text + x->n && b < y->text + y->n && *a == *b) {
        if (*a == '\n') {
            la = a + 1;
            lb = b + 1;
        }
        a++;
        b++;
    }
    snprintf(buf, n, "stock:   %.*s\nsandbox: %.*s", (int)strcspn(la, "\n"), la,
             (int)strcspn(lb, "\n"), lb);
}

Test(patterns, same_results_as_stock_lua) {
    memset(&stock_out, 0, sizeof stock_out);
    memset(&sandbox_out, 0, sizeof sandbox_out);
    run_stock();
    run_sandbox(0);
    cr_assert(stock_out.n > 100000 && memcmp(stock_out.text + stock_out.n - 6, "\ndone\n", 6) == 0,
              "the comparison script did not finish");
    char diff[2048];
    first_difference(&stock_out, &sandbox_out, diff, sizeof diff);
    cr_assert(stock_out.n == sandbox_out.n &&
                  memcmp(stock_out.text, sandbox_out.text, stock_out.n) == 0, "%s", diff);
    free(stock_out.text);
    free(sandbox_out.text);
}

/* 2^40 start/extend combinations at least: far beyond 10^6 steps. */
Test(patterns, budget_stops_backtracking) {
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.instr_limit = 1000000;
    ps_lua *s = NULL;
    ps_error err;
    cr_assert_eq(ps_lua_new(&o, &s, &err), PS_OK, "%s", err.message);
    const char *code = "return ('a'):rep(40):find('.-.-.-.-.-.-.-.-b')";
    cr_assert_eq(ps_lua_run_string(s, code, strlen(code), "=bt", &err), PS_ERR_LIMIT);
    cr_assert(strstr(err.message, "bt:1: instruction budget of 1000000 exceeded"), "%s",
              err.message);
    /* An ordinary match over 10^5 characters fits in the same budget: it
    ** costs about one step per character, not per instruction of C. */
    code = "local s = ('ab '):rep(33333) local n = 0 "
           "for w in s:gmatch('%a+') do n = n + 1 end assert(n == 33333) "
           "assert(s:find('b a', 1, true) == 2) assert(s:gsub('b', 'c'):sub(1, 3) == 'ac ')";
    cr_assert_eq(ps_lua_run_string(s, code, strlen(code), "=ok", &err), PS_OK, "%s",
                 err.message);
    ps_lua_free(s);
}

/* ps_lua_interrupt (what the CLI's SIGINT handler calls) during a run
** without a budget: the script's print sets the flag, then a match that
** would run for ages starts; its first charge stops it. */
static void interrupting_print(void *ud, const char *s, size_t n) {
    (void)s;
    (void)n;
    ps_lua_interrupt(*(ps_lua **)ud);
}

Test(patterns, interrupt_stops_a_match) {
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.instr_limit = 0;
    ps_lua *s = NULL;
    o.print = interrupting_print;
    o.print_ud = &s;
    ps_error err;
    cr_assert_eq(ps_lua_new(&o, &s, &err), PS_OK, "%s", err.message);
    const char *code = "print('stop') return ('a'):rep(40):find('.-.-.-.-.-.-.-.-b')";
    cr_assert_eq(ps_lua_run_string(s, code, strlen(code), "=int", &err), PS_ERR_LIMIT);
    cr_assert(strstr(err.message, "int:1: interrupted"), "%s", err.message);
    /* the same in a pure Lua loop (the count hook) and inside pcall */
    code = "print('stop') pcall(function() while true do end end) error('went on')";
    cr_assert_eq(ps_lua_run_string(s, code, strlen(code), "=loop", &err), PS_ERR_LIMIT);
    cr_assert(strstr(err.message, "interrupted"), "%s", err.message);
    /* the next run is not interrupted */
    code = "local x = ('abc'):match('b')";
    cr_assert_eq(ps_lua_run_string(s, code, strlen(code), "=next", &err), PS_OK, "%s",
                 err.message);
    ps_lua_free(s);
}
