/*
** The `polsim` table: registration and the helpers every binding shares.
*/
#include "lua/api.h"
#include "util/editdist.h"

#include <lauxlib.h>
#include <string.h>

static const char API_KEY = 'k'; /* registry key: its address is unique */

const ps_lua_api *ps_lua_api_get(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &API_KEY);
    const ps_lua_api *api = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return api;
}

long ps_lua_check_period(lua_State *L, int arg, ps_freq f) {
    int whole = 0;
    /* 2024.0 is the year 2024, as luaL_checkinteger would have it */
    lua_Integer y = lua_type(L, arg) == LUA_TNUMBER ? lua_tointegerx(L, arg, &whole) : 0;
    if (whole && f == PS_FREQ_ANNUAL) {
        if (y < -100000 || y > 100000) luaL_argerror(L, arg, "year out of range");
        return (long)y;
    }
    if (lua_type(L, arg) == LUA_TNUMBER && f == PS_FREQ_ANNUAL)
        luaL_argerror(L, arg, "a period must be a whole year such as 2024");
    if (lua_type(L, arg) != LUA_TSTRING) {
        const char *want = f == PS_FREQ_ANNUAL      ? "a year such as 2024"
                           : f == PS_FREQ_QUARTERLY ? "a quarter such as \"2024Q1\""
                                                   : "a month such as \"2024M01\"";
        return luaL_argerror(L, arg, lua_pushfstring(L, "expected %s, got %s", want,
                                                     luaL_typename(L, arg)));
    }
    ps_error err;
    ps_error_clear(&err);
    long p;
    if (ps_period_parse(lua_tostring(L, arg), f, &p, &err) != PS_OK)
        return luaL_argerror(L, arg, lua_pushstring(L, err.message));
    return p;
}

void ps_lua_push_period(lua_State *L, long p, ps_freq f) {
    if (f == PS_FREQ_ANNUAL) {
        lua_pushinteger(L, p);
        return;
    }
    char lab[PS_PERIOD_LABEL_MAX];
    lua_pushstring(L, ps_period_format(p, f, lab, sizeof lab));
}

int ps_lua_raise(lua_State *L, const ps_error *err) {
    char buf[PS_ERR_MSG_MAX + 1024];
    const ps_lua_api *api = ps_lua_api_get(L);
    if (api && api->note_error) api->note_error(api->ud, err);
    /* The position of the failing script line is added by luaL_where; the
    ** error's own place (model file, equation, period) is in the text. */
    luaL_where(L, 1);
    lua_pushstring(L, ps_error_format(err, buf, sizeof buf));
    lua_concat(L, 2);
    return lua_error(L);
}

const char *ps_lua_output_path(lua_State *L, int arg, char *buf, size_t n) {
    const char *path = luaL_checkstring(L, arg);
    const ps_lua_api *api = ps_lua_api_get(L);
    ps_error err;
    ps_error_clear(&err);
    if (api->resolve_output(api->ud, path, buf, n, &err)) ps_lua_raise(L, &err);
    return buf;
}

int ps_lua_write_with(lua_State *L, const void *obj,
                      int (*fn)(const void *obj, const char *path, ps_error *err)) {
    char resolved[4096];
    ps_lua_output_path(L, 2, resolved, sizeof resolved);
    ps_error err;
    ps_error_clear(&err);
    if (fn(obj, resolved, &err)) return ps_lua_raise(L, &err);
    lua_pushstring(L, resolved);
    return 1;
}

int ps_lua_no_member(lua_State *L, const char *type, const char *k, const char *const *names) {
    int n = 0;
    while (names[n]) n++;
    return luaL_error(L, "%s has no field or method '%s'" PS_DYM_FMT, type, k,
                      PS_DYM_ARGS(ps_nearest_name(k, names, n)));
}

#define PS_LUA_BOX "polsim.Box"

static int box_gc(lua_State *L) {
    ps_lua_box_close(luaL_checkudata(L, 1, PS_LUA_BOX));
    return 0;
}

ps_lua_box *ps_lua_push_box(lua_State *L, void (*free_fn)(void *)) {
    ps_lua_box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->p = NULL;
    b->free_fn = free_fn;
    luaL_setmetatable(L, PS_LUA_BOX);
    return b;
}

void ps_lua_box_close(ps_lua_box *b) {
    if (b->p) b->free_fn(b->p);
    b->p = NULL;
}

void ps_lua_new_type(lua_State *L, const char *name, const luaL_Reg *meta,
                     const luaL_Reg *methods) {
    luaL_newmetatable(L, name);
    luaL_setfuncs(L, meta, 0);
    lua_pushliteral(L, "locked"); /* getmetatable() cannot reach the real table */
    lua_setfield(L, -2, "__metatable");
    if (methods) {
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_setfield(L, -2, "methods");
    }
    lua_pop(L, 1);
}

void ps_lua_set_str(lua_State *L, const char *key, const char *v) {
    lua_pushstring(L, v);
    lua_setfield(L, -2, key);
}

void ps_lua_set_num(lua_State *L, const char *key, lua_Number v) {
    lua_pushnumber(L, v);
    lua_setfield(L, -2, key);
}

void ps_lua_set_int(lua_State *L, const char *key, lua_Integer v) {
    lua_pushinteger(L, v);
    lua_setfield(L, -2, key);
}

void ps_lua_set_bool(lua_State *L, const char *key, int v) {
    lua_pushboolean(L, v);
    lua_setfield(L, -2, key);
}

int ps_lua_push_method(lua_State *L, const char *type, const char *k) {
    luaL_getmetatable(L, type);
    lua_getfield(L, -1, "methods");
    if (lua_getfield(L, -1, k) == LUA_TNIL) {
        lua_pop(L, 3);
        return 0;
    }
    lua_replace(L, -3); /* the method where the metatable was */
    lua_pop(L, 1);
    return 1;
}

static const luaL_Reg functions[] = {
    {"model", ps_lua_model_load},
    {"compare", ps_lua_compare},
    {"table", ps_lua_table},
    {"growth_table", ps_lua_growth_table},
    {"share", ps_lua_share},
    {"montecarlo", ps_lua_montecarlo},
    {NULL, NULL}};

void ps_lua_api_register(lua_State *L, const ps_lua_api *api) {
    lua_pushlightuserdata(L, (void *)api);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &API_KEY);
    luaL_newmetatable(L, PS_LUA_BOX);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    ps_lua_open_model(L);
    ps_lua_open_scenario(L);
    ps_lua_open_result(L);
    ps_lua_open_compare(L);
    ps_lua_open_montecarlo(L);
    luaL_setfuncs(L, functions, 0);
    ps_lua_open_analysis(L);
}
