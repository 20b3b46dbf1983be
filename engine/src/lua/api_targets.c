/*
** Lua: s:target(), s:instrument() and r:targets() (docs/lua-api.md,
** "Targets and instruments").  The engine does the work (targets.h); this
** file converts arguments and builds the report table.
*/
#include "lua/api.h"
#include "scenario/targets.h"

#include <lauxlib.h>
#include <math.h>
#include <string.h>

static const ps_model *model_of(ps_scenario *s) { return ps_scenario_project(s)->model; }

static double opt_number(lua_State *L, int opts, const char *key, double dflt) {
    if (opts == 0) return dflt;
    lua_getfield(L, opts, key);
    double v = dflt;
    if (!lua_isnil(L, -1)) {
        if (!lua_isnumber(L, -1))
            luaL_error(L, "option '%s' must be a number, got %s", key, luaL_typename(L, -1));
        v = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

/* Unknown option keys are errors, with the nearest known one. */
static void check_opts(lua_State *L, int opts, const char *const *known, int n) {
    if (opts == 0) return;
    lua_pushnil(L);
    while (lua_next(L, opts)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int ok = 0;
        for (int i = 0; k && i < n; i++) ok |= strcmp(k, known[i]) == 0;
        if (ok) continue;
        const char *near = k ? ps_nearest_name(k, known, n) : NULL;
        luaL_error(L, "unknown option '%s'" PS_DYM_FMT, k ? k : luaL_typename(L, -1),
                   PS_DYM_ARGS(near));
    }
}

/* The array of numbers at arg (n of them) into a userdata buffer. */
static double *values_of(lua_State *L, int arg, int n) {
    double *v = lua_newuserdatauv(L, sizeof(double) * (size_t)(n ? n : 1), 0);
    for (int i = 1; i <= n; i++) {
        lua_rawgeti(L, arg, i);
        if (!lua_isnumber(L, -1) || !isfinite(lua_tonumber(L, -1)))
            luaL_argerror(L, arg, lua_pushfstring(L, "value %d is not a finite number", i));
        v[i - 1] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    return v;
}

static void raise_if(lua_State *L, int rc, const ps_error *err) {
    if (rc) ps_lua_raise(L, err);
}

/* s:target(var, p, value [, opts]) | s:target(var, p0, p1, value | {values} [, opts])
** | s:target(var, {[p] = value, ...} [, opts]);  opts = {growth =, weight =}. */
int ps_lua_scen_target(lua_State *L) {
    ps_scenario *s = ps_lua_check_scenario(L, 1);
    const ps_model *m = model_of(s);
    int sym = ps_lua_check_symbol(L, m, 2);
    int top = lua_gettop(L), opts = 0, range = 0;
    if (lua_istable(L, 3)) {
        if (top >= 4) opts = 4;
    } else if (top >= 5 && !(lua_istable(L, 5) && luaL_len(L, 5) == 0 && lua_isnumber(L, 4))) {
        range = 1;
        if (top >= 6) opts = 6;
    } else if (top >= 5) {
        opts = 5;
    }
    if (opts) luaL_checktype(L, opts, LUA_TTABLE);
    static const char *const known[] = {"growth", "weight"};
    check_opts(L, opts, known, 2);
    int growth = 0;
    if (opts) {
        lua_getfield(L, opts, "growth");
        growth = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    double weight = opt_number(L, opts, "weight", 1.0);
    ps_error err;
    ps_error_clear(&err);
    if (lua_istable(L, 3)) {
        lua_pushnil(L);
        while (lua_next(L, 3)) {
            lua_pushvalue(L, -2);
            long p = ps_lua_check_period(L, lua_gettop(L), m->freq);
            lua_pop(L, 1);
            if (!lua_isnumber(L, -1) || !isfinite(lua_tonumber(L, -1)))
                return luaL_argerror(L, 3, "expected {[period] = finite number, ...}");
            double v = lua_tonumber(L, -1);
            raise_if(L, ps_scenario_target(s, sym, p, p, &v, 1, growth, weight, &err), &err);
            lua_pop(L, 1);
        }
    } else if (range) {
        long p0 = ps_lua_check_period(L, 3, m->freq), p1 = ps_lua_check_period(L, 4, m->freq);
        if (p1 < p0) return luaL_argerror(L, 4, "the range ends before it starts");
        if (lua_istable(L, 5)) {
            lua_Integer n = (lua_Integer)luaL_len(L, 5);
            if (n != p1 - p0 + 1)
                return luaL_argerror(L, 5, lua_pushfstring(L, "expected %d values (one per "
                                     "period), got %d", (int)(p1 - p0 + 1), (int)n));
            double *v = values_of(L, 5, (int)n);
            raise_if(L, ps_scenario_target(s, sym, p0, p1, v, (int)n, growth, weight, &err), &err);
        } else {
            double v = luaL_checknumber(L, 5);
            raise_if(L, ps_scenario_target(s, sym, p0, p1, &v, 1, growth, weight, &err), &err);
        }
    } else {
        long p = ps_lua_check_period(L, 3, m->freq);
        double v = luaL_checknumber(L, 4);
        raise_if(L, ps_scenario_target(s, sym, p, p, &v, 1, growth, weight, &err), &err);
    }
    lua_settop(L, 1);
    return 1;
}

/* s:instrument(lever, p [, opts]) | s:instrument(lever, p0, p1 [, opts]);
** opts = {min =, max =, weight =}. */
int ps_lua_scen_instrument(lua_State *L) {
    ps_scenario *s = ps_lua_check_scenario(L, 1);
    const ps_model *m = model_of(s);
    int sym = ps_lua_check_symbol(L, m, 2);
    long p0 = ps_lua_check_period(L, 3, m->freq), p1 = p0;
    int opts = 0;
    if (lua_istable(L, 4)) opts = 4;
    else if (!lua_isnoneornil(L, 4)) {
        p1 = ps_lua_check_period(L, 4, m->freq);
        if (lua_istable(L, 5)) opts = 5;
        else if (!lua_isnoneornil(L, 5)) luaL_checktype(L, 5, LUA_TTABLE);
    }
    static const char *const known[] = {"min", "max", "weight"};
    check_opts(L, opts, known, 3);
    double lo = opt_number(L, opts, "min", -INFINITY), hi = opt_number(L, opts, "max", INFINITY);
    double w = opt_number(L, opts, "weight", 1.0);
    ps_error err;
    ps_error_clear(&err);
    raise_if(L, ps_scenario_instrument(s, sym, p0, p1, lo, hi, w, &err), &err);
    lua_settop(L, 1);
    return 1;
}

/* The report as a Lua list, at the top of the stack. */
void ps_lua_push_target_report(lua_State *L, const ps_target_report *rep, const ps_model *m) {
    lua_createtable(L, rep ? rep->n : 0, 0);
    for (int i = 0; rep && i < rep->n; i++) {
        const ps_target_outcome *o = &rep->t[i];
        lua_createtable(L, 0, 10);
        ps_lua_set_str(L, "var", m->syms[o->sym].name);
        ps_lua_push_period(L, o->period, m->freq);
        lua_setfield(L, -2, "period");
        ps_lua_set_bool(L, "growth", o->growth);
        ps_lua_set_num(L, "value", o->value);
        ps_lua_set_num(L, "reached", o->reached);
        ps_lua_set_num(L, "gap", o->gap);
        ps_lua_set_bool(L, "met", o->met);
        ps_lua_set_str(L, "method", o->method);
        ps_lua_set_str(L, "note", o->note);
        lua_newtable(L);        /* the bounds binding in the target's period */
        for (int j = 0, k = 0; j < rep->nbound; j++) {
            const ps_bound_hit *h = &rep->b[j];
            if (h->period != o->period) continue;
            lua_createtable(L, 0, 3);
            ps_lua_set_str(L, "instrument", m->syms[h->sym].name);
            ps_lua_set_str(L, "bound", h->is_max ? "max" : "min");
            ps_lua_set_num(L, "value", h->bound);
            lua_rawseti(L, -2, ++k);
        }
        lua_setfield(L, -2, "binding");
        lua_rawseti(L, -2, i + 1);
    }
}
