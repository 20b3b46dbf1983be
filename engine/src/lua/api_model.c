/*
** Lua Model objects: polsim.model(path) and its methods.
** A Model owns a loaded project; scenarios keep their Model alive through
** their user value, so the project outlives every scenario made from it.
*/
#include "lua/api.h"
#include "project/project.h"
#include "scenario/scenario.h"

#include <lauxlib.h>
#include <limits.h>
#include <string.h>

typedef struct lmodel {
    ps_project *p;
} lmodel;

static ps_project *check_model(lua_State *L, int arg) {
    lmodel *m = luaL_checkudata(L, arg, PS_LUA_MODEL);
    if (!m->p) luaL_argerror(L, arg, "model is closed");
    return m->p;
}

int ps_lua_model_load(lua_State *L) {
    const char *path = luaL_checkstring(L, 1);
    const ps_lua_api *api = ps_lua_api_get(L);
    char resolved[4096];
    ps_error err;
    ps_error_clear(&err);
    if (api->resolve_input(api->ud, path, resolved, sizeof resolved, &err))
        return ps_lua_raise(L, &err);
    /* The userdata exists before the resource, so a failure leaks nothing. */
    lmodel *m = lua_newuserdatauv(L, sizeof *m, 0);
    m->p = NULL;
    luaL_setmetatable(L, PS_LUA_MODEL);
    if (ps_project_load(resolved, &m->p, &err)) return ps_lua_raise(L, &err);
    return 1;
}

static int model_gc(lua_State *L) {
    lmodel *m = luaL_checkudata(L, 1, PS_LUA_MODEL);
    ps_project_free(m->p);
    m->p = NULL;
    return 0;
}

static int model_tostring(lua_State *L) {
    lmodel *m = luaL_checkudata(L, 1, PS_LUA_MODEL);
    if (!m->p) lua_pushstring(L, "polsim.Model (closed)");
    else lua_pushfstring(L, "polsim.Model '%s' (%d equations)", m->p->model->name, m->p->model->neq);
    return 1;
}

static void push_symbol(lua_State *L, const ps_model *m, int i) {
    const ps_symbol *s = &m->syms[i];
    lua_createtable(L, 0, 8);
    ps_lua_set_str(L, "name", s->name);
    ps_lua_set_str(L, "kind", ps_symkind_name(s->kind));
    ps_lua_set_str(L, "description", s->description);
    ps_lua_set_str(L, "unit", s->unit);
    ps_lua_set_str(L, "label_zh", s->label_zh);
    ps_lua_set_str(L, "unit_zh", s->unit_zh);
    ps_lua_set_bool(L, "lever", s->lever);
    if (s->kind == PS_SYM_PARAM) {
        ps_lua_set_num(L, "value", s->value);
    }
    if (s->equation >= 0) {
        ps_lua_set_str(L, "equation", m->eqs[s->equation].label);
    }
}

/* List the symbols matching a filter as an array of tables. */
static int list_symbols(lua_State *L, int (*keep)(const ps_symbol *)) {
    const ps_model *m = check_model(L, 1)->model;
    lua_newtable(L);
    lua_Integer k = 0;
    for (int i = 0; i < m->nsym; i++) {
        if (!keep(&m->syms[i])) continue;
        push_symbol(L, m, i);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

static int is_variable(const ps_symbol *s) { return s->kind == PS_SYM_ENDO || s->kind == PS_SYM_EXO; }
static int is_lever(const ps_symbol *s) { return s->kind == PS_SYM_EXO && s->lever; }
static int is_param(const ps_symbol *s) { return s->kind == PS_SYM_PARAM; }
static int is_endo(const ps_symbol *s) { return s->kind == PS_SYM_ENDO; }
static int is_exo(const ps_symbol *s) { return s->kind == PS_SYM_EXO; }

static int model_variables(lua_State *L) { return list_symbols(L, is_variable); }
static int model_levers(lua_State *L) { return list_symbols(L, is_lever); }
static int model_parameters(lua_State *L) { return list_symbols(L, is_param); }
static int model_endogenous(lua_State *L) { return list_symbols(L, is_endo); }
static int model_exogenous(lua_State *L) { return list_symbols(L, is_exo); }

int ps_lua_check_symbol(lua_State *L, const ps_model *m, int arg) {
    const char *name = luaL_checkstring(L, arg);
    int i = ps_model_find(m, name);
    if (i >= 0) return i;
    const char *near = ps_model_nearest(m, name);
    return luaL_argerror(L, arg, lua_pushfstring(L, "model '%s' has no variable '%s'" PS_DYM_FMT,
                                                 m->name, name, PS_DYM_ARGS(near)));
}

static int model_describe(lua_State *L) {
    const ps_model *m = check_model(L, 1)->model;
    push_symbol(L, m, ps_lua_check_symbol(L, m, 2));
    return 1;
}

/* m:history(name) -> { [period] = value } over the history (missing skipped). */
static int model_history(lua_State *L) {
    ps_project *p = check_model(L, 1);
    int s = ps_lua_check_symbol(L, p->model, 2);
    const ps_symbol *y = &p->model->syms[s];
    if (y->kind == PS_SYM_PARAM) return luaL_argerror(L, 2, "a parameter has no history");
    lua_newtable(L);
    const ps_frame *h = p->history;
    for (int t = 0; h && t < h->nper; t++) {
        double x = ps_frame_get(h, y->slot, t);
        if (x != x) continue;
        ps_lua_push_period(L, h->start + t, h->freq);
        lua_pushnumber(L, x);
        lua_rawset(L, -3);
    }
    return 1;
}

/* m:scenario(name [, {from=, to=}]) */
static int model_scenario(lua_State *L) {
    ps_project *p = check_model(L, 1);
    const char *name = luaL_checkstring(L, 2);
    long first, last, from, to;
    ps_project_history_span(p, &first, &last);
    if (lua_isnoneornil(L, 3)) {
        lua_settop(L, 2);
        lua_newtable(L); /* no options: the defaults below */
    }
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_getfield(L, 3, "from");
    if (lua_isnil(L, -1)) {
        if (last < 0) return luaL_error(L, "model '%s' has no history: give { from = ... }", p->model->name);
        from = last + 1;
    } else {
        from = ps_lua_check_period(L, lua_gettop(L), p->model->freq);
    }
    lua_getfield(L, 3, "to");
    to = lua_isnil(L, -1) ? from + 9 : ps_lua_check_period(L, lua_gettop(L), p->model->freq);
    lua_pop(L, 2);
    if (to < from) return luaL_argerror(L, 3, "'to' is before 'from'");
    return ps_lua_push_scenario_new(L, 1, p, name, from, to);
}

static int model_index(lua_State *L) {
    ps_project *p = check_model(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "name") == 0) lua_pushstring(L, p->model->name);
    else if (strcmp(k, "title") == 0) lua_pushstring(L, p->model->title);
    else if (strcmp(k, "frequency") == 0) lua_pushstring(L, ps_freq_name(p->model->freq));
    else if (strcmp(k, "hash") == 0) lua_pushstring(L, p->model->hash);
    else if (strcmp(k, "path") == 0) lua_pushstring(L, p->model_path);
    else if (!ps_lua_push_method(L, PS_LUA_MODEL, k)) {
        static const char *const names[] = {"name", "title", "frequency", "hash", "path",
                                            "variables", "levers", "parameters", "endogenous",
                                            "exogenous", "describe", "history", "scenario", "steady",
                                            NULL};
        return ps_lua_no_member(L, "polsim.Model", k, names);
    }
    return 1;
}

static int model_steady(lua_State *L) {
    return ps_lua_model_steady(L, check_model(L, 1));
}

static const luaL_Reg methods[] = {
    {"variables", model_variables}, {"levers", model_levers},
    {"parameters", model_parameters}, {"endogenous", model_endogenous},
    {"exogenous", model_exogenous}, {"describe", model_describe},
    {"history", model_history}, {"scenario", model_scenario},
    {"steady", model_steady},
    {NULL, NULL}};

void ps_lua_open_model(lua_State *L) {
    static const luaL_Reg meta[] = {{"__gc", model_gc}, {"__tostring", model_tostring},
                                    {"__index", model_index}, {NULL, NULL}};
    ps_lua_new_type(L, PS_LUA_MODEL, meta, methods);
}
