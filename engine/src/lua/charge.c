/*
** table.move, table.sort and table.concat pay for their work before doing
** it.  They run inside one C call, out of the count hook's reach, and their
** work is not bounded by the memory cap alone: `table.move({}, 1, 1e15, 1)`
** copies nothing yet loops 10^15 times.  Each wrapper checks its arguments
** as the stock function would, charges the loop's length to the
** instruction budget (ps_lua_charge), then calls the stock function.  A sort
** with a Lua comparator also pays for each comparison through the hook.
*/
#include "lua/sandbox_int.h"

#include <lauxlib.h>
#include <limits.h>
#include <math.h>

/* Call the stock function (upvalue 1) with this call's arguments. */
static int call_stock(lua_State *L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* The number of elements in [f, e] (0 when empty), saturated. */
static long span(lua_Integer f, lua_Integer e) {
    if (e < f) return 0;
    lua_Unsigned n = (lua_Unsigned)e - (lua_Unsigned)f;
    return n >= (lua_Unsigned)(LONG_MAX / 2) ? LONG_MAX / 2 : (long)n + 1;
}

/* table.move(a1, f, e, t [, a2]) */
static int ch_move(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    ps_lua_charge(L, span(f, e));
    return call_stock(L);
}

static lua_Integer len_of(lua_State *L, int i) {
    luaL_checkany(L, i);
    return luaL_len(L, i);
}

/* table.concat(list [, sep [, i [, j]]]) */
static int ch_concat(lua_State *L) {
    lua_Integer j = lua_isnoneornil(L, 4) ? len_of(L, 1) : luaL_checkinteger(L, 4);
    ps_lua_charge(L, span(luaL_optinteger(L, 3, 1), j));
    return call_stock(L);
}

/* table.sort(list [, comp]): about n log2 n comparisons. */
static int ch_sort(lua_State *L) {
    lua_Integer n = len_of(L, 1);
    if (n > 1) {
        double cost = (double)n * log2((double)n);
        ps_lua_charge(L, cost > (double)(LONG_MAX / 2) ? LONG_MAX / 2 : (long)cost);
    }
    return call_stock(L);
}

void ps_lua_open_table_charges(lua_State *L, int tablib) {
    static const luaL_Reg fns[] = {
        {"move", ch_move}, {"concat", ch_concat}, {"sort", ch_sort}, {NULL, NULL}};
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_getfield(L, tablib, f->name);
        lua_pushcclosure(L, f->func, 1);
        lua_setfield(L, tablib, f->name);
    }
}
