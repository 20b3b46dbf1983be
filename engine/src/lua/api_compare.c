/*
** Lua Compare objects: polsim.compare(a, b, ... [, {base = name}]).
** A Compare keeps its Results alive (user value 1) and builds the C
** comparison (compare.h, shared with `polsim compare`) for each request, so
** every view can pick its own variables and periods.
*/
#include "lua/api.h"
#include "compare/compare.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct lcompare {
    int n;
    int base;
} lcompare;

static lcompare *check_cmp(lua_State *L, int arg) {
    return luaL_checkudata(L, arg, PS_LUA_COMPARE);
}

int ps_lua_compare(lua_State *L) {
    int top = lua_gettop(L);
    int n = top;
    const char *base_name = NULL;
    if (top >= 1 && lua_istable(L, top)) {
        lua_getfield(L, top, "base");
        base_name = lua_isnil(L, -1) ? NULL : luaL_checkstring(L, -1);
        lua_pop(L, 1);
        n = top - 1;
    }
    if (n < 2) return luaL_error(L, "polsim.compare needs at least two results");
    int base = 0;
    for (int i = 1; i <= n; i++) {
        ps_result *r = ps_lua_check_result(L, i);
        if (base_name && strcmp(r->scenario, base_name) == 0) base = i - 1;
    }
    if (base_name && strcmp(ps_lua_check_result(L, base + 1)->scenario, base_name) != 0)
        return luaL_error(L, "polsim.compare: no result of scenario '%s' to use as the base", base_name);
    /* Validate once now, so a mismatch is reported where compare() is called. */
    const ps_result **rs = lua_newuserdatauv(L, sizeof(ps_result *) * (size_t)n, 0);
    for (int i = 0; i < n; i++) rs[i] = ps_lua_check_result(L, i + 1);
    ps_compare *c = NULL;
    ps_error err;
    ps_error_clear(&err);
    if (ps_compare_new(rs, n, base, NULL, 0, LONG_MIN, LONG_MAX, &c, &err)) return ps_lua_raise(L, &err);
    ps_compare_free(c);
    lcompare *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->n = n;
    u->base = base;
    luaL_setmetatable(L, PS_LUA_COMPARE);
    lua_createtable(L, n, 0);
    for (int i = 1; i <= n; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i);
    }
    lua_setiuservalue(L, -2, 1);
    return 1;
}

static void free_compare(void *c) { ps_compare_free(c); }

/* Build the C comparison for vars (a list at `vars_arg`, or all endogenous) and
** periods (an options table at `opt_arg`), after every Lua check is done.  It
** is returned in a box left on the stack (NULL with err filled on failure). */
static ps_compare *build(lua_State *L, int self, int vars_arg, int opt_arg, ps_error *err) {
    lcompare *u = check_cmp(L, self);
    lua_getiuservalue(L, self, 1);
    int tab = lua_gettop(L);
    const ps_result **rs = lua_newuserdatauv(L, sizeof(ps_result *) * (size_t)u->n, 0);
    for (int i = 0; i < u->n; i++) {
        lua_rawgeti(L, tab, i + 1);
        rs[i] = ps_lua_check_result(L, lua_gettop(L));
        lua_pop(L, 1);
    }
    int nv = 0;
    const char **vars = NULL;
    if (lua_istable(L, vars_arg)) {
        nv = (int)luaL_len(L, vars_arg);
        vars = lua_newuserdatauv(L, sizeof(char *) * (size_t)(nv ? nv : 1), 0);
        for (int i = 0; i < nv; i++) {
            lua_rawgeti(L, vars_arg, i + 1);
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_argerror(L, vars_arg, lua_pushfstring(L, "item %d is not a variable name", i + 1));
            vars[i] = lua_tostring(L, -1); /* kept alive by the table */
            lua_pop(L, 1);
        }
    }
    long from = LONG_MIN, to = LONG_MAX;
    if (lua_istable(L, opt_arg)) {
        ps_freq f = rs[0]->freq;
        lua_getfield(L, opt_arg, "from");
        if (!lua_isnil(L, -1)) from = ps_lua_check_period(L, lua_gettop(L), f);
        lua_getfield(L, opt_arg, "to");
        if (!lua_isnil(L, -1)) to = ps_lua_check_period(L, lua_gettop(L), f);
        lua_pop(L, 2);
    }
    ps_lua_box *box = ps_lua_push_box(L, free_compare);
    ps_compare *c = NULL;
    if (ps_compare_new(rs, u->n, u->base, vars, vars ? nv : 0, from, to, &c, err)) return NULL;
    box->p = c;
    return c;
}

/* c:print([{vars}] [, {from=, to=, lang=}]) */
static int cmp_print(lua_State *L) {
    lua_settop(L, 3); /* absent arguments become nil, not what build() pushes */
    ps_lang lang = ps_lua_lang_opt(L, 3);
    ps_error err;
    ps_error_clear(&err);
    ps_compare *c = build(L, 1, 2, 3, &err);
    if (!c) return ps_lua_raise(L, &err);
    c->lang = lang;
    ps_lua_box *cbox = lua_touserdata(L, -1);
    ps_lua_box *tbox = ps_lua_push_box(L, free);
    char *text = NULL;
    int rc = ps_compare_render(c, PS_CMP_TABLE, &text, &err);
    ps_lua_box_close(cbox);
    if (rc) return ps_lua_raise(L, &err);
    tbox->p = text;
    const ps_lua_api *api = ps_lua_api_get(L);
    if (api->print) api->print(api->ud, text, strlen(text));
    lua_pushstring(L, text);
    ps_lua_box_close(tbox);
    return 1;
}

/* c:write(path [, {vars}] [, {from=, to=}]) — format by extension. */
static int cmp_write(lua_State *L) {
    const char *path = luaL_checkstring(L, 2);
    lua_settop(L, 4);
    const ps_lua_api *api = ps_lua_api_get(L);
    char resolved[4096];
    ps_error err;
    ps_error_clear(&err);
    if (api->resolve_output(api->ud, path, resolved, sizeof resolved, &err)) return ps_lua_raise(L, &err);
    ps_lang lang = ps_lua_lang_opt(L, 4);
    ps_compare *c = build(L, 1, 3, 4, &err);
    if (!c) return ps_lua_raise(L, &err);
    c->lang = lang;
    int rc = ps_compare_write_opts(c, resolved, api->csv_flags, &err);
    ps_lua_box_close(lua_touserdata(L, -1));
    if (rc) return ps_lua_raise(L, &err);
    lua_pushstring(L, resolved);
    return 1;
}

typedef double (*measure_fn)(const ps_compare *, int, int, int);

/* c:diff(var, scenario) etc. -> { [period] = value } */
static int measure(lua_State *L, measure_fn fn) {
    lcompare *u = check_cmp(L, 1);
    luaL_checkstring(L, 2);
    const char *scen = luaL_checkstring(L, 3);
    lua_settop(L, 3);
    /* a typo in the name is the script's mistake: say so with a hint */
    lua_getiuservalue(L, 1, 1);
    lua_rawgeti(L, -1, u->base + 1);
    ps_lua_check_col(L, ps_lua_check_result(L, lua_gettop(L)), 2);
    lua_settop(L, 3);
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, 1);
    lua_settop(L, 5); /* 4 = { var }, 5 = no options */
    ps_error err;
    ps_error_clear(&err);
    ps_compare *c = build(L, 1, 4, 5, &err);
    if (!c) return ps_lua_raise(L, &err);
    int box = lua_gettop(L);
    int s = ps_compare_scenario(c, scen);
    if (s < 0) {
        const char *near = ps_nearest_name(scen, (const char *const *)c->scenarios, c->nscen);
        const char *msg = lua_pushfstring(L, "no scenario '%s' in this comparison" PS_DYM_FMT,
                                          scen, PS_DYM_ARGS(near));
        ps_lua_box_close(lua_touserdata(L, box));
        return luaL_argerror(L, 3, msg);
    }
    lua_createtable(L, 0, c->nper);
    for (int t = 0; t < c->nper; t++) {
        double x = fn(c, s, 0, t);
        if (x != x) continue;
        ps_lua_push_period(L, c->start + t, c->freq);
        lua_pushnumber(L, x);
        lua_rawset(L, -3);
    }
    ps_lua_box_close(lua_touserdata(L, box));
    return 1;
}

static int cmp_level(lua_State *L) { return measure(L, ps_compare_level); }
static int cmp_diff(lua_State *L) { return measure(L, ps_compare_diff); }
static int cmp_pct(lua_State *L) { return measure(L, ps_compare_pct); }
static int cmp_growth(lua_State *L) { return measure(L, ps_compare_growth); }
static int cmp_growth_pp(lua_State *L) { return measure(L, ps_compare_growth_pp); }

static int cmp_tostring(lua_State *L) {
    lcompare *u = check_cmp(L, 1);
    lua_pushfstring(L, "polsim.Compare of %d results", u->n);
    return 1;
}

static int cmp_index(lua_State *L) {
    check_cmp(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (ps_lua_push_method(L, PS_LUA_COMPARE, k)) return 1;
    static const char *const names[] = {"print", "write", "level", "diff", "pct",
                                        "growth", "growth_pp", NULL};
    return ps_lua_no_member(L, "polsim.Compare", k, names);
}

static const luaL_Reg methods[] = {
    {"print", cmp_print}, {"write", cmp_write}, {"level", cmp_level},
    {"diff", cmp_diff}, {"pct", cmp_pct}, {"growth", cmp_growth},
    {"growth_pp", cmp_growth_pp}, {NULL, NULL}};

void ps_lua_open_compare(lua_State *L) {
    static const luaL_Reg meta[] = {{"__tostring", cmp_tostring}, {"__index", cmp_index},
                                    {NULL, NULL}};
    ps_lua_new_type(L, PS_LUA_COMPARE, meta, methods);
}
