/*
** Lua bindings of the analyses that loop over runs in C: polsim.attribute
** (Attribution), polsim.sweep (Sweep) and polsim.tornado (Tornado).  Lua only
** describes the analysis and reads its reductions; the runs are in
** engine/src/analysis.
**
** Arguments are converted into arrays in Lua-managed userdata (collected on a
** raise) and the strings stay referenced by the argument tables on the stack,
** so nothing C-owned is live when an argument error is raised.
*/
#include "lua/api.h"
#include "analysis/attribute.h"
#include "analysis/sweep.h"
#include "util/strbuf.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PS_LUA_ATTR "polsim.Attribution"
#define PS_LUA_SWEEP "polsim.Sweep"
#define PS_LUA_TORNADO "polsim.Tornado"

typedef struct lobj {
    void *p;
} lobj;

static void *check_obj(lua_State *L, int arg, const char *type) {
    lobj *u = luaL_checkudata(L, arg, type);
    if (!u->p) luaL_argerror(L, arg, "object is closed");
    return u->p;
}

static void push_obj(lua_State *L, void *p, const char *type) {
    lobj *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->p = p;
    luaL_setmetatable(L, type);
}

static void *scratch(lua_State *L, size_t n) { return lua_newuserdatauv(L, n ? n : 1, 0); }

/* {growth = true} at arg (absent or nil: false). */
static int opt_growth(lua_State *L, int arg) {
    if (lua_isnoneornil(L, arg)) return 0;
    luaL_checktype(L, arg, LUA_TTABLE);
    lua_getfield(L, arg, "growth");
    int g = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return g;
}

/* Sorted string keys of the table at arg, as a userdata array of borrowed
** strings (the table keeps them alive).  Any other key is an error. */
static const char **sorted_keys(lua_State *L, int arg, const char *what, int *n) {
    int k = 0;
    lua_pushnil(L);
    while (lua_next(L, arg)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "%s: keys must be names (strings), got a %s", what,
                       luaL_typename(L, -2));
        lua_pop(L, 1);
        k++;
    }
    const char **names = scratch(L, sizeof(char *) * (size_t)k);
    int i = 0;
    lua_pushnil(L);
    while (lua_next(L, arg)) {
        lua_pop(L, 1);
        names[i++] = lua_tostring(L, -1);
    }
    for (int a = 1; a < k; a++) /* insertion sort: a handful of names */
        for (int b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
            const char *t = names[b];
            names[b] = names[b - 1], names[b - 1] = t;
        }
    *n = k;
    return names;
}

static double field_num(lua_State *L, int tab, int i, const char *what, const char *name,
                        int required) {
    lua_rawgeti(L, tab, i);
    int ok;
    double x = lua_tonumberx(L, -1, &ok);
    int nil = lua_isnil(L, -1);
    lua_pop(L, 1);
    if (!ok && (required || !nil))
        luaL_error(L, "%s: '%s' needs a number at position %d", what, name, i);
    return ok ? x : NAN;
}

static const char *opt_string(lua_State *L, int tab, const char *key) {
    if (lua_isnoneornil(L, tab)) return NULL;
    lua_getfield(L, tab, key);
    const char *s = lua_isnil(L, -1) ? NULL : lua_tostring(L, -1);
    if (!lua_isnil(L, -1) && !s) luaL_error(L, "option '%s' must be a string", key);
    lua_pop(L, 1); /* the table still holds the string */
    return s;
}

static lua_Integer opt_int(lua_State *L, int tab, const char *key, lua_Integer def) {
    if (lua_isnoneornil(L, tab)) return def;
    lua_getfield(L, tab, key);
    int ok;
    lua_Integer v = lua_tointegerx(L, -1, &ok);
    int nil = lua_isnil(L, -1);
    lua_pop(L, 1);
    if (nil) return def;
    if (!ok) luaL_error(L, "option '%s' must be a whole number", key);
    return v;
}

static void emit(lua_State *L, ps_sb *sb) {
    char *text = NULL;
    size_t len = 0;
    if (ps_sb_done(sb, &text, &len)) luaL_error(L, "out of memory");
    ps_lua_box *box = ps_lua_push_box(L, free);
    box->p = text;
    const ps_lua_api *api = ps_lua_api_get(L);
    if (api->print) api->print(api->ud, text, len);
    lua_pushlstring(L, text, len);
    ps_lua_box_close(box);
}

static int gc_with(lua_State *L, const char *type, void (*fn)(void *)) {
    lobj *u = luaL_checkudata(L, 1, type);
    if (u->p) fn(u->p);
    u->p = NULL;
    return 0;
}

/* Horizon index of the period at arg, or an argument error. */
static int horizon_index(lua_State *L, int arg, ps_freq f, long start, int nper) {
    long p = ps_lua_check_period(L, arg, f);
    if (p < start || p >= start + nper) {
        char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX];
        return luaL_argerror(L, arg, lua_pushfstring(L, "period outside the horizon (%s..%s)",
                                                     ps_period_format(start, f, a, sizeof a),
                                                     ps_period_format(start + nper - 1, f, b, sizeof b)));
    }
    return (int)(p - start);
}

static int check_name(lua_State *L, int arg, int found, const char *what,
                      const char *const *names, int n) {
    if (found >= 0) return found;
    const char *k = luaL_checkstring(L, arg);
    const char *near = ps_nearest_name(k, names, n);
    return luaL_argerror(L, arg, lua_pushfstring(L, "no %s '%s'" PS_DYM_FMT, what, k,
                                                 PS_DYM_ARGS(near)));
}

/* ---- polsim.attribute ---- */

static ps_attribution *check_attr(lua_State *L) { return check_obj(L, 1, PS_LUA_ATTR); }

static int attr_var(lua_State *L, const ps_attribution *a, int arg) {
    return check_name(L, arg, ps_attribution_var(a, luaL_checkstring(L, arg)), "variable",
                      (const char *const *)a->vars, a->nvar);
}

static int attr_group(lua_State *L, const ps_attribution *a, int arg) {
    return check_name(L, arg, ps_attribution_group(a, luaL_checkstring(L, arg)), "group",
                      (const char *const *)a->groups, a->ngroup);
}

static double attr_at(const ps_attribution *a, const double *x, int g, int v, int t) {
    return x[((size_t)g * (size_t)a->nper + (size_t)t) * (size_t)a->nvar + (size_t)v];
}

/* a:contribution(group, var, period [, {growth = true}]) */
static int attr_contribution(lua_State *L) {
    ps_attribution *a = check_attr(L);
    int g = attr_group(L, a, 2), v = attr_var(L, a, 3);
    int t = horizon_index(L, 4, a->freq, a->start, a->nper);
    int growth = opt_growth(L, 5);
    lua_pushnumber(L, attr_at(a, growth ? a->growth_contrib : a->contrib, g, v, t));
    return 1;
}

/* a:se(group, var, period [, {growth = true}]): nil when exact */
static int attr_se(lua_State *L) {
    ps_attribution *a = check_attr(L);
    int g = attr_group(L, a, 2), v = attr_var(L, a, 3);
    int t = horizon_index(L, 4, a->freq, a->start, a->nper);
    int growth = opt_growth(L, 5);
    if (!a->sampled) lua_pushnil(L);
    else lua_pushnumber(L, attr_at(a, growth ? a->growth_se : a->se, g, v, t));
    return 1;
}

static int attr_total(lua_State *L) {
    ps_attribution *a = check_attr(L);
    int v = attr_var(L, a, 2);
    int t = horizon_index(L, 3, a->freq, a->start, a->nper);
    lua_pushnumber(L, ps_attribution_total(a, v, t, opt_growth(L, 4)));
    return 1;
}

static int attr_groups(lua_State *L) {
    ps_attribution *a = check_attr(L);
    lua_createtable(L, a->ngroup, 0);
    for (int g = 0; g < a->ngroup; g++) {
        lua_pushstring(L, a->groups[g]);
        lua_rawseti(L, -2, g + 1);
    }
    return 1;
}

static void attr_row(ps_sb *sb, const ps_attribution *a, const char *label, const double *x,
                     int g, int v) {
    ps_sb_printf(sb, "%-16.16s", label);
    for (int t = 0; t < a->nper; t++) {
        double y = x ? attr_at(a, x, g, v, t) : NAN;
        if (!x) y = ps_attribution_total(a, v, t, g);
        if (isnan(y)) ps_sb_printf(sb, " %10s", "-");
        else ps_sb_printf(sb, " %10.2f", fabs(y) < 0.005 ? 0.0 : y); /* no "-0.00" */
    }
    ps_sb_puts(sb, "\n");
}

/* a:print(var [, {growth = true}]) prints and returns the table */
static int attr_print(lua_State *L) {
    ps_attribution *a = check_attr(L);
    int v = attr_var(L, a, 2), growth = opt_growth(L, 3);
    ps_sb sb;
    ps_sb_init(&sb);
    ps_sb_printf(&sb, "%s of %s (%s), '%s' - '%s': %s Shapley values over %d groups, %ld runs\n",
                 growth ? "growth contributions" : "contributions", a->vars[v],
                 growth ? "percentage points" : (*a->units[v] ? a->units[v] : "level"),
                 a->alt_name, a->base_name, a->sampled ? "sampled" : "exact", a->ngroup, a->runs);
    ps_sb_printf(&sb, "%-16s", "group");
    for (int t = 0; t < a->nper; t++) {
        char lab[PS_PERIOD_LABEL_MAX];
        ps_sb_printf(&sb, " %10s", ps_period_format(a->start + t, a->freq, lab, sizeof lab));
    }
    ps_sb_puts(&sb, "\n");
    for (int g = 0; g < a->ngroup; g++)
        attr_row(&sb, a, a->groups[g], growth ? a->growth_contrib : a->contrib, g, v);
    attr_row(&sb, a, "total", NULL, growth, v);
    if (a->sampled)
        ps_sb_printf(&sb, "(%ld random orderings, seed %lu; standard errors: a:se(group, var, "
                          "period))\n", a->samples, a->seed);
    emit(L, &sb);
    return 1;
}

static int attr_write_fn(const void *a, const char *path, ps_error *err) {
    return ps_attribution_write_json(a, path, err);
}
static int attr_write(lua_State *L) { return ps_lua_write_with(L, check_attr(L), attr_write_fn); }
static void attr_free(void *p) { ps_attribution_free(p); }
static int attr_gc(lua_State *L) { return gc_with(L, PS_LUA_ATTR, attr_free); }

static int attr_index(lua_State *L) {
    ps_attribution *a = check_attr(L);
    const char *k = luaL_checkstring(L, 2);
    if (ps_lua_push_method(L, PS_LUA_ATTR, k)) return 1;
    if (!strcmp(k, "method")) lua_pushstring(L, a->sampled ? "sampled" : "exact");
    else if (!strcmp(k, "runs")) lua_pushinteger(L, a->runs);
    else if (!strcmp(k, "samples")) lua_pushinteger(L, a->samples);
    else if (!strcmp(k, "base")) lua_pushstring(L, a->base_name);
    else if (!strcmp(k, "alt")) lua_pushstring(L, a->alt_name);
    else {
        static const char *const names[] = {"contribution", "total", "se", "groups", "print",
                                            "write", "method", "runs", "samples", "base",
                                            "alt", NULL};
        return ps_lua_no_member(L, PS_LUA_ATTR, k, names);
    }
    return 1;
}

/* Groups table -> ps_attr_group array (userdata on the stack). */
static ps_attr_group *read_groups(lua_State *L, int tab, int *ngroup) {
    int n;
    const char **names = sorted_keys(L, tab, "attribution groups", &n);
    ps_attr_group *gs = scratch(L, sizeof *gs * (size_t)n);
    for (int g = 0; g < n; g++) {
        lua_getfield(L, tab, names[g]);
        int item = lua_gettop(L);
        int k = lua_type(L, item) == LUA_TSTRING ? 1 : 0;
        if (!k && lua_type(L, item) != LUA_TTABLE)
            luaL_error(L, "attribution: group '%s' must list input names, e.g. {\"fee_cut\"}",
                       names[g]);
        if (!k) k = (int)luaL_len(L, item);
        const char **in = scratch(L, sizeof(char *) * (size_t)k);
        for (int i = 0; i < k; i++) {
            if (lua_type(L, item) == LUA_TSTRING) in[i] = lua_tostring(L, item);
            else {
                lua_rawgeti(L, item, i + 1);
                if (lua_type(L, -1) != LUA_TSTRING)
                    luaL_error(L, "attribution: group '%s' item %d must be a name (string)",
                               names[g], i + 1);
                in[i] = lua_tostring(L, -1); /* the group table keeps it */
                lua_pop(L, 1);
            }
        }
        /* the anchor table at tab + 1 keeps `in` and the group table (and
        ** so its strings) alive until the analysis is done */
        lua_rawseti(L, tab + 1, (lua_Integer)(2 * g + 1));
        lua_rawseti(L, tab + 1, (lua_Integer)(2 * g + 2));
        gs[g] = (ps_attr_group){names[g], in, k};
    }
    *ngroup = n;
    return gs;
}

static int ps_lua_attribute(lua_State *L) {
    ps_scenario *base = ps_lua_check_scenario(L, 1);
    ps_scenario *alt = ps_lua_check_scenario(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3);
    lua_getfield(L, 3, "groups"); /* 4 */
    if (!lua_istable(L, 4))
        return luaL_argerror(L, 3, "expected {groups = {NAME = {\"input\", ...}, ...}}");
    lua_newtable(L); /* 5: anchors what read_groups makes */
    int ng;
    ps_attr_group *gs = read_groups(L, 4, &ng);
    ps_attr_opts o = {0};
    const char *method = opt_string(L, 3, "method");
    if (!method || !strcmp(method, "auto")) o.method = PS_ATTR_AUTO;
    else if (!strcmp(method, "exact")) o.method = PS_ATTR_EXACT;
    else if (!strcmp(method, "sampled")) o.method = PS_ATTR_SAMPLED;
    else return luaL_error(L, "attribution: method must be \"exact\", \"sampled\" or \"auto\", got '%s'", method);
    lua_Integer samples = opt_int(L, 3, "samples", 0), seed = opt_int(L, 3, "seed", 0);
    if (samples < 0 || samples > 100000000)
        return luaL_error(L, "attribution: samples must be between 1 and 100000000");
    if (seed < 0) return luaL_error(L, "attribution: seed must be a whole number >= 0");
    o.samples = (long)samples;
    o.seed = (unsigned long)seed;
    lua_getfield(L, 3, "strict");
    o.strict = lua_toboolean(L, -1);
    lua_pop(L, 1);
    ps_lua_box *box = ps_lua_push_box(L, attr_free);
    ps_error err;
    ps_error_clear(&err);
    ps_attribution *a = NULL;
    if (ps_attribute(base, alt, gs, ng, &o, &a, &err)) return ps_lua_raise(L, &err);
    box->p = a;
    push_obj(L, a, PS_LUA_ATTR);
    box->p = NULL;
    return 1;
}

/* ---- polsim.sweep ---- */

static ps_sweep *check_sweep(lua_State *L) { return check_obj(L, 1, PS_LUA_SWEEP); }

static int sweep_var(lua_State *L, const ps_sweep *sw, int arg) {
    return check_name(L, arg, ps_sweep_var(sw, luaL_checkstring(L, arg)), "output",
                      (const char *const *)sw->vars, sw->nvar);
}

static long sweep_point(lua_State *L, const ps_sweep *sw, int arg) {
    lua_Integer i = luaL_checkinteger(L, arg);
    if (i < 1 || i > sw->npoints)
        luaL_argerror(L, arg, lua_pushfstring(L, "point must be 1..%d", (int)sw->npoints));
    return (long)i - 1;
}

/* sw:value(i, var, period [, {growth = true}]): nil when point i failed */
static int sweep_value(lua_State *L) {
    ps_sweep *sw = check_sweep(L);
    long i = sweep_point(L, sw, 2);
    int v = sweep_var(L, sw, 3), t = horizon_index(L, 4, sw->freq, sw->start, sw->nper);
    int growth = opt_growth(L, 5);
    if (sw->failed[i]) lua_pushnil(L);
    else lua_pushnumber(L, ps_sweep_value(sw, i, v, t, growth));
    return 1;
}

static void push_inputs(lua_State *L, const ps_sweep *sw, long i) {
    lua_createtable(L, 0, sw->ndim + 2);
    for (int d = 0; d < sw->ndim; d++) {
        lua_pushnumber(L, sw->x[(size_t)i * (size_t)sw->ndim + (size_t)d]);
        lua_setfield(L, -2, sw->dims[d]);
    }
}

/* sw:inputs(i): {NAME = value, ...} of point i */
static int sweep_inputs(lua_State *L) {
    ps_sweep *sw = check_sweep(L);
    push_inputs(L, sw, sweep_point(L, sw, 2));
    return 1;
}

/* sw:rows(var, period [, {growth = true}]): one table per point with the
** inputs, `value` (nil when failed) and `failed` */
static int sweep_rows(lua_State *L) {
    ps_sweep *sw = check_sweep(L);
    int v = sweep_var(L, sw, 2), t = horizon_index(L, 3, sw->freq, sw->start, sw->nper);
    int growth = opt_growth(L, 4);
    luaL_checkstack(L, 4, "rows");
    lua_createtable(L, (int)sw->npoints, 0);
    for (long i = 0; i < sw->npoints; i++) {
        push_inputs(L, sw, i);
        if (!sw->failed[i]) {
            ps_lua_set_num(L, "value", ps_sweep_value(sw, i, v, t, growth));
        }
        ps_lua_set_bool(L, "failed", sw->failed[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int sweep_failed(lua_State *L) {
    ps_sweep *sw = check_sweep(L);
    lua_createtable(L, (int)sw->nfailed, 0);
    for (long i = 0, k = 0; i < sw->npoints; i++)
        if (sw->failed[i]) {
            lua_pushinteger(L, i + 1);
            lua_rawseti(L, -2, ++k);
        }
    return 1;
}

/* sw:print(var, period [, {growth = true}]) */
static int sweep_print(lua_State *L) {
    ps_sweep *sw = check_sweep(L);
    int v = sweep_var(L, sw, 2), t = horizon_index(L, 3, sw->freq, sw->start, sw->nper);
    int growth = opt_growth(L, 4);
    char lab[PS_PERIOD_LABEL_MAX];
    ps_sb sb;
    ps_sb_init(&sb);
    ps_sb_printf(&sb, "%s%s in %s over %ld points (%ld failed)\n%6s", growth ? "growth of " : "",
                 sw->vars[v], ps_period_format(sw->start + t, sw->freq, lab, sizeof lab),
                 sw->npoints, sw->nfailed, "point");
    for (int d = 0; d < sw->ndim; d++) ps_sb_printf(&sb, " %12.12s", sw->dims[d]);
    ps_sb_printf(&sb, " %12.12s\n", growth ? "%" : sw->vars[v]);
    for (long i = 0; i < sw->npoints; i++) {
        ps_sb_printf(&sb, "%6ld", i + 1);
        for (int d = 0; d < sw->ndim; d++)
            ps_sb_printf(&sb, " %12.6g", sw->x[(size_t)i * (size_t)sw->ndim + (size_t)d]);
        if (sw->failed[i]) ps_sb_printf(&sb, " %12s\n", "failed");
        else ps_sb_printf(&sb, " %12.4f\n", ps_sweep_value(sw, i, v, t, growth));
    }
    emit(L, &sb);
    return 1;
}

static int sweep_len(lua_State *L) {
    lua_pushinteger(L, check_sweep(L)->npoints);
    return 1;
}

static int sweep_write_fn(const void *sw, const char *path, ps_error *err) {
    return ps_sweep_write_json(sw, path, err);
}
static int sweep_write(lua_State *L) { return ps_lua_write_with(L, check_sweep(L), sweep_write_fn); }
static void sweep_free(void *p) { ps_sweep_free(p); }
static int sweep_gc(lua_State *L) { return gc_with(L, PS_LUA_SWEEP, sweep_free); }

static int sweep_index(lua_State *L) {
    ps_sweep *sw = check_sweep(L);
    const char *k = luaL_checkstring(L, 2);
    if (ps_lua_push_method(L, PS_LUA_SWEEP, k)) return 1;
    if (!strcmp(k, "points")) lua_pushinteger(L, sw->npoints);
    else if (!strcmp(k, "nfailed")) lua_pushinteger(L, sw->nfailed);
    else if (!strcmp(k, "first_error")) lua_pushstring(L, sw->first_error);
    else {
        static const char *const names[] = {"value", "inputs", "rows", "failed", "print",
                                            "write", "points", "nfailed", "first_error", NULL};
        return ps_lua_no_member(L, PS_LUA_SWEEP, k, names);
    }
    return 1;
}

static int ps_lua_sweep(lua_State *L) {
    ps_scenario *s = ps_lua_check_scenario(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3);
    ps_sweep_opts o = {0};
    const char *design = opt_string(L, 3, "design");
    if (!design || !strcmp(design, "grid")) o.design = PS_SWEEP_GRID;
    else if (!strcmp(design, "lhs")) o.design = PS_SWEEP_LHS;
    else if (!strcmp(design, "sobol")) o.design = PS_SWEEP_SOBOL;
    else return luaL_error(L, "sweep: design must be \"grid\", \"lhs\" or \"sobol\", got '%s'", design);
    lua_Integer points = opt_int(L, 3, "points", 0), seed = opt_int(L, 3, "seed", 0);
    if (o.design != PS_SWEEP_GRID && points < 1)
        return luaL_error(L, "sweep: design \"%s\" needs points = N (N >= 1)", design);
    if (o.design == PS_SWEEP_GRID && points != 0)
        return luaL_error(L, "sweep: a grid has prod(n) points; drop points, or use design = \"lhs\" or \"sobol\"");
    if (points > PS_SWEEP_POINTS_MAX || seed < 0)
        return luaL_error(L, "sweep: points must be 1..%d and seed >= 0", (int)PS_SWEEP_POINTS_MAX);
    o.points = (long)points;
    o.seed = (unsigned long)seed;
    if (!lua_isnil(L, 3)) {
        lua_getfield(L, 3, "outputs"); /* 4 */
        if (!lua_isnil(L, 4)) {
            luaL_checktype(L, 4, LUA_TTABLE);
            int n = (int)luaL_len(L, 4);
            const char **outs = scratch(L, sizeof(char *) * (size_t)n);
            for (int i = 0; i < n; i++) {
                lua_rawgeti(L, 4, i + 1);
                if (lua_type(L, -1) != LUA_TSTRING)
                    return luaL_error(L, "sweep: outputs[%d] must be a series name", i + 1);
                outs[i] = lua_tostring(L, -1);
                lua_pop(L, 1);
            }
            o.outputs = outs, o.noutput = n;
        }
    }
    int nd;
    const char **names = sorted_keys(L, 2, "sweep", &nd);
    ps_sweep_dim *dims = scratch(L, sizeof *dims * (size_t)nd);
    for (int d = 0; d < nd; d++) {
        lua_getfield(L, 2, names[d]);
        if (!lua_istable(L, -1))
            return luaL_error(L, "sweep: '%s' needs {from, to, n} (n for grids)", names[d]);
        int t = lua_gettop(L);
        double n = field_num(L, t, 3, "sweep", names[d], o.design == PS_SWEEP_GRID);
        if (o.design == PS_SWEEP_GRID && (n != floor(n) || n < 1 || n > 1e7))
            return luaL_error(L, "sweep: '%s' needs a whole n >= 1 (grid values)", names[d]);
        dims[d] = (ps_sweep_dim){names[d], field_num(L, t, 1, "sweep", names[d], 1),
                                 field_num(L, t, 2, "sweep", names[d], 1),
                                 isnan(n) ? 0 : (int)n};
        lua_pop(L, 1);
    }
    ps_lua_box *box = ps_lua_push_box(L, sweep_free);
    ps_error err;
    ps_error_clear(&err);
    ps_sweep *sw = NULL;
    if (ps_sweep_run(s, dims, nd, &o, &sw, &err)) return ps_lua_raise(L, &err);
    box->p = sw;
    push_obj(L, sw, PS_LUA_SWEEP);
    box->p = NULL;
    return 1;
}

/* ---- polsim.tornado ---- */

static ps_tornado *check_tornado(lua_State *L) { return check_obj(L, 1, PS_LUA_TORNADO); }

static int tornado_bars(lua_State *L) {
    ps_tornado *t = check_tornado(L);
    lua_createtable(L, t->nbar, 0);
    for (int k = 0; k < t->nbar; k++) {
        const ps_tornado_bar *b = &t->bars[k];
        lua_createtable(L, 0, 6);
        ps_lua_set_str(L, "name", b->name);
        ps_lua_set_num(L, "low", b->low);
        ps_lua_set_num(L, "high", b->high);
        ps_lua_set_num(L, "value_low", b->value_low);
        ps_lua_set_num(L, "value_high", b->value_high);
        ps_lua_set_num(L, "swing", fabs(b->value_high - b->value_low));
        lua_rawseti(L, -2, k + 1);
    }
    return 1;
}

static int tornado_print(lua_State *L) {
    ps_tornado *t = check_tornado(L);
    char lab[PS_PERIOD_LABEL_MAX];
    ps_sb sb;
    ps_sb_init(&sb);
    ps_sb_printf(&sb, "%s%s in %s (%s): base %.4f\n%-16s %12s %12s %12s %12s %12s\n",
                 t->growth ? "growth of " : "", t->var,
                 ps_period_format(t->period, t->freq, lab, sizeof lab),
                 t->growth ? "%" : (*t->unit ? t->unit : "level"), t->base, "input", "low",
                 "high", "at low", "at high", "swing");
    for (int k = 0; k < t->nbar; k++) {
        const ps_tornado_bar *b = &t->bars[k];
        ps_sb_printf(&sb, "%-16.16s %12.6g %12.6g %12.4f %12.4f %12.4f\n", b->name, b->low,
                     b->high, b->value_low, b->value_high, fabs(b->value_high - b->value_low));
    }
    emit(L, &sb);
    return 1;
}

static int tornado_write_fn(const void *t, const char *path, ps_error *err) {
    return ps_tornado_write_json(t, path, err);
}
static int tornado_write(lua_State *L) { return ps_lua_write_with(L, check_tornado(L), tornado_write_fn); }
static void tornado_free(void *p) { ps_tornado_free(p); }
static int tornado_gc(lua_State *L) { return gc_with(L, PS_LUA_TORNADO, tornado_free); }

static int tornado_index(lua_State *L) {
    ps_tornado *t = check_tornado(L);
    const char *k = luaL_checkstring(L, 2);
    if (ps_lua_push_method(L, PS_LUA_TORNADO, k)) return 1;
    if (!strcmp(k, "base")) lua_pushnumber(L, t->base);
    else if (!strcmp(k, "variable")) lua_pushstring(L, t->var);
    else if (!strcmp(k, "period")) ps_lua_push_period(L, t->period, t->freq);
    else {
        static const char *const names[] = {"bars", "print", "write", "base", "variable",
                                            "period", NULL};
        return ps_lua_no_member(L, PS_LUA_TORNADO, k, names);
    }
    return 1;
}

static int ps_lua_tornado(lua_State *L) {
    ps_scenario *s = ps_lua_check_scenario(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    const char *var = luaL_checkstring(L, 3);
    long period = ps_lua_check_period(L, 4, ps_scenario_project(s)->model->freq);
    int growth = opt_growth(L, 5);
    lua_settop(L, 5);
    int n;
    const char **names = sorted_keys(L, 2, "tornado", &n);
    double *lo = scratch(L, sizeof(double) * (size_t)n), *hi = scratch(L, sizeof(double) * (size_t)n);
    for (int k = 0; k < n; k++) {
        lua_getfield(L, 2, names[k]);
        if (!lua_istable(L, -1))
            return luaL_error(L, "tornado: '%s' needs {low, high}", names[k]);
        int t = lua_gettop(L);
        lo[k] = field_num(L, t, 1, "tornado", names[k], 1);
        hi[k] = field_num(L, t, 2, "tornado", names[k], 1);
        lua_pop(L, 1);
    }
    ps_lua_box *box = ps_lua_push_box(L, tornado_free);
    ps_error err;
    ps_error_clear(&err);
    ps_tornado *t = NULL;
    if (ps_tornado_run(s, names, lo, hi, n, var, period, growth, &t, &err))
        return ps_lua_raise(L, &err);
    box->p = t;
    push_obj(L, t, PS_LUA_TORNADO);
    box->p = NULL;
    return 1;
}

/* ---- registration ---- */

void ps_lua_open_analysis(lua_State *L) {
    static const luaL_Reg ameta[] = {{"__gc", attr_gc}, {"__close", attr_gc},
                                     {"__index", attr_index}, {NULL, NULL}};
    static const luaL_Reg amethods[] = {{"contribution", attr_contribution}, {"total", attr_total},
                                        {"se", attr_se}, {"groups", attr_groups},
                                        {"print", attr_print}, {"write", attr_write},
                                        {NULL, NULL}};
    static const luaL_Reg smeta[] = {{"__gc", sweep_gc}, {"__close", sweep_gc},
                                     {"__index", sweep_index}, {"__len", sweep_len},
                                     {NULL, NULL}};
    static const luaL_Reg smethods[] = {{"value", sweep_value}, {"inputs", sweep_inputs},
                                        {"rows", sweep_rows}, {"failed", sweep_failed},
                                        {"print", sweep_print}, {"write", sweep_write},
                                        {NULL, NULL}};
    static const luaL_Reg tmeta[] = {{"__gc", tornado_gc}, {"__close", tornado_gc},
                                     {"__index", tornado_index}, {NULL, NULL}};
    static const luaL_Reg tmethods[] = {{"bars", tornado_bars}, {"print", tornado_print},
                                        {"write", tornado_write}, {NULL, NULL}};
    ps_lua_new_type(L, PS_LUA_ATTR, ameta, amethods);
    ps_lua_new_type(L, PS_LUA_SWEEP, smeta, smethods);
    ps_lua_new_type(L, PS_LUA_TORNADO, tmeta, tmethods);
    static const luaL_Reg fns[] = {{"attribute", ps_lua_attribute}, {"sweep", ps_lua_sweep},
                                   {"tornado", ps_lua_tornado}, {NULL, NULL}};
    luaL_setfuncs(L, fns, 0);
}
