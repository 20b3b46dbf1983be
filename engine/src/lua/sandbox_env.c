/*
** What a script can see: the safe globals (a whitelist of the base library,
** read-only views of string, table, math, utf8 and coroutine), a private
** _ENV per script in which reading an undefined global is an error, and
** wrappers that close the holes of the stock functions (binary chunks,
** collector control, Lua finalizers that would run without the hook, pcall
** swallowing a spent budget).
*/
#include "lua/sandbox_int.h"
#include "util/editdist.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

static const char ENV_MT = 'e';      /* registry key of the _ENV metatable */
static const char READONLY_KEY = 'r'; /* marks read-only proxies; scripts cannot
                                         make this key (a light userdata) */

/* Offer every string key of the table at `t` (the keys stay alive: the
** tables are alive). */
static void offer_keys(lua_State *L, int t, ps_nearest *near) {
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) ps_nearest_offer(near, lua_tostring(L, -1));
    }
}

/* __index of every _ENV: the safe globals, else an error with a hint. */
static int env_index(lua_State *L) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL || lua_type(L, 2) != LUA_TSTRING)
        return 1;
    size_t nlen;
    const char *name = lua_tolstring(L, 2, &nlen);
    ps_nearest near;
    ps_nearest_init(&near, name, nlen);
    offer_keys(L, lua_upvalueindex(1), &near);
    offer_keys(L, 1, &near);
    return luaL_error(L, "undefined global '%s'" PS_DYM_FMT, name,
                      PS_DYM_ARGS(ps_nearest_best(&near)));
}

void ps_lua_push_env(lua_State *L) {
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    lua_rawgetp(L, LUA_REGISTRYINDEX, &ENV_MT);
    lua_setmetatable(L, -2);
}

/* ---- read-only views of library tables ---- */

static int ro_newindex(lua_State *L) {
    return luaL_error(L, "cannot modify library table '%s' (assign to a local copy instead)",
                      lua_tostring(L, lua_upvalueindex(1)));
}

static int ro_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int ro_pairs(lua_State *L) {
    lua_pushcfunction(L, ro_next);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 3;
}

/* Replace the table on top of the stack with a read-only proxy of it. */
void ps_lua_readonly(lua_State *L, const char *name) {
    lua_newtable(L);                /* real, proxy */
    lua_createtable(L, 0, 5);       /* real, proxy, mt */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, ro_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, ro_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushboolean(L, 1);
    lua_rawsetp(L, -2, &READONLY_KEY);
    lua_setmetatable(L, -2);
    lua_remove(L, -2);
}

/* ---- wrappers of base functions ---- */

/* After pcall/xpcall caught an error: a killed run is re-raised. */
static int finish_pcall(lua_State *L, int status, lua_KContext extra) {
    if (status == LUA_OK || status == LUA_YIELD) return lua_gettop(L) - (int)extra;
    ps_lua *s = ps_lua_of(L);
    if (status == LUA_ERRMEM && !s->killed) s->killed = PS_KILL_MEM;
    if (s->killed) return ps_lua_raise_killed(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
}

static int sb_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1); /* the first result when all goes well */
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
    return finish_pcall(L, status, 0);
}

static int sb_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    /* f, h, args -> f, h, true, f, args: h stays at 2 as the handler */
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
    return finish_pcall(L, status, 2);
}

/* Push the _ENV of the Lua function that called us, or a fresh one. */
static void push_caller_env(lua_State *L) {
    lua_Debug ar;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "f", &ar)) {
        const char *name;
        for (int i = 1; (name = lua_getupvalue(L, -1, i)) != NULL; i++) {
            if (strcmp(name, "_ENV") == 0 && lua_istable(L, -1)) {
                lua_remove(L, -2);
                return;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    ps_lua_push_env(L);
}

/* Call the stock function the wrapper holds as upvalue 1 with the n values
** on the stack; returns how many results it left. */
static int call_stock(lua_State *L, int n, int nresults) {
    lua_settop(L, n);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, nresults);
    return lua_gettop(L);
}

/* load(chunk [, name [, mode [, env]]]): always text; the default
** environment is the caller's, never the safe globals themselves. */
static int sb_load(lua_State *L) {
    int has_env = !lua_isnone(L, 4);
    lua_settop(L, 4);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    if (!has_env) {
        push_caller_env(L);
        lua_replace(L, 4);
    }
    return call_stock(L, 4, LUA_MULTRET);
}

static int sb_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "collect") && strcmp(opt, "count") && strcmp(opt, "step"))
        return luaL_error(L, "collectgarbage('%s') is not allowed in scripts "
                             "(allowed: 'collect', 'count', 'step')", opt);
    return call_stock(L, lua_gettop(L), LUA_MULTRET);
}

/* Finalizers run with hooks off (inside the collector), out of reach of the
** instruction budget, so tables may not get a __gc. */
static int sb_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE && (lua_pushliteral(L, "__gc"), lua_rawget(L, 2)) != LUA_TNIL)
        return luaL_error(L, "setmetatable: __gc metamethods are not allowed in scripts "
                             "(they would run outside the instruction budget)");
    return call_stock(L, 2, 1);
}

static int sb_rawset(lua_State *L) {
    if (lua_getmetatable(L, 1)) {
        int ro = lua_rawgetp(L, -1, &READONLY_KEY) != LUA_TNIL;
        lua_pop(L, 2);
        if (ro) return luaL_error(L, "rawset: cannot modify a library table");
    }
    return call_stock(L, 3, 1);
}

static int sb_print(lua_State *L) {
    ps_lua *s = ps_lua_of(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    if (s->print) s->print(s->print_ud, text, len);
    return 0;
}

/* coroutine.resume: a coroutine that died of a spent limit kills its
** resumer too (the hook and allocator flag the whole state). */
static int sb_resume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    call_stock(L, lua_gettop(L), LUA_MULTRET);
    ps_lua *s = ps_lua_of(L);
    if (!s->killed && co && lua_status(co) == LUA_ERRMEM) s->killed = PS_KILL_MEM;
    if (s->killed) return ps_lua_raise_killed(L);
    return lua_gettop(L);
}

/* string.rep: one C call cannot be interrupted, so its size is capped.  The
** cap is a resource limit like the memory limit it follows: going over it
** ends the run (exit 7) and pcall cannot catch it. */
static int sb_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    ps_lua *s = ps_lua_of(L);
    size_t cap = s->mem_limit / 4, unit = l + lsep;
    if (cap > ((size_t)64 << 20)) cap = (size_t)64 << 20;
    if (n <= 0 || unit == 0) { /* Lua 5.4.4 would loop n times copying nothing */
        lua_pushliteral(L, "");
        return 1;
    }
    {
        lua_Unsigned k = (lua_Unsigned)n - 1;
        if (k > cap / unit || k * unit + l > cap) {
            snprintf(s->kill_msg, sizeof s->kill_msg,
                     "string.rep: the result would be %.0f bytes, over the limit of %zu bytes "
                     "(a quarter of the memory limit, at most 64 MiB; raise it with --max-memory)",
                     (double)k * (double)unit + (double)l, cap);
            s->killed = PS_KILL_MEM;
            return ps_lua_raise_killed(L);
        }
    }
    lua_settop(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 3, 1);
    return 1;
}

/* ---- assembling the globals ---- */

static const char *const SAFE_BASE[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "rawequal", "rawget",
    "rawlen", "select", "tonumber", "tostring", "type", "_VERSION",
    /* replaced below by wrappers, kept so the loop leaves them alone */
    "pcall", "xpcall", "load", "collectgarbage", "setmetatable", "rawset", "print",
    /* the libraries */
    "string", "table", "math", "utf8", "coroutine", NULL};

static int is_safe(const char *k) {
    for (int i = 0; SAFE_BASE[i]; i++)
        if (strcmp(k, SAFE_BASE[i]) == 0) return 1;
    return 0;
}

static void drop_unsafe(lua_State *L, int g) {
    lua_pushnil(L);
    while (lua_next(L, g)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING && is_safe(lua_tostring(L, -1))) continue;
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, g); /* clearing a visited field during next is allowed */
    }
}

/* Wrap field `name` of the table at t: the original becomes upvalue 1. */
static void wrap(lua_State *L, int t, const char *name, lua_CFunction f) {
    lua_getfield(L, t, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, t, name);
}

static void open_libs(lua_State *L) {
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                    {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_STRLIBNAME, luaopen_string},
                                    {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},
                                    {LUA_COLIBNAME, luaopen_coroutine},
                                    {NULL, NULL}};
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
}

static void fix_string(lua_State *L, int g) {
    lua_getfield(L, g, "string");
    int str = lua_gettop(L);
    lua_pushnil(L);
    lua_setfield(L, str, "dump"); /* bytecode out means bytecode in */
    wrap(L, str, "rep", sb_rep);
    ps_lua_open_patterns(L, str);
    /* getmetatable("") answers false: the real one (whose __index is the
    ** string library) stays out of reach */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 3);
}

static void make_readonly(lua_State *L, int g, const char *name) {
    lua_getfield(L, g, name);
    ps_lua_readonly(L, name);
    lua_setfield(L, g, name);
}

void ps_lua_open_safe(lua_State *L) {
    open_libs(L);
    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    drop_unsafe(L, g);
    wrap(L, g, "load", sb_load);
    wrap(L, g, "collectgarbage", sb_collectgarbage);
    wrap(L, g, "setmetatable", sb_setmetatable);
    wrap(L, g, "rawset", sb_rawset);
    lua_register(L, "pcall", sb_pcall);
    lua_register(L, "xpcall", sb_xpcall);
    lua_register(L, "print", sb_print);
    lua_register(L, "require", ps_lua_require);
    fix_string(L, g);
    lua_getfield(L, g, "math");
    ps_lua_open_random(L);
    lua_pop(L, 1);
    lua_getfield(L, g, "table");
    ps_lua_open_table_charges(L, lua_gettop(L));
    lua_pop(L, 1);
    lua_getfield(L, g, "coroutine");
    wrap(L, lua_gettop(L), "resume", sb_resume);
    lua_pop(L, 1);
    static const char *const ro[] = {"string", "table", "math", "utf8", "coroutine", NULL};
    for (int i = 0; ro[i]; i++) make_readonly(L, g, ro[i]);
    /* every script's _ENV falls back to these globals */
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, g);
    lua_pushcclosure(L, env_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ENV_MT);
    lua_pop(L, 1);
}
