/*
** m:steady{...}: the model's steady state (steady.h) from Lua.
**
**   local ss = m:steady{ set = { z = 0, k = 30 }, at = 2024, tol = 1e-12 }
**   ss.values.k, ss.residuals.k, ss.iterations, ss.max_residual,
**   ss.saddle.ok, ss.saddle.note        (saddle: models with leads only)
**
** Every argument is converted before any C memory is held; the buffers live
** in a box (ps_lua_box) so that a raise while the result table is built
** leaks nothing.
*/
#include "lua/api.h"
#include "util/alloc.h"
#include "project/project.h"
#include "solve/steady.h"

#include <lauxlib.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct steady_work {
    ps_steady *st;
    double *row, *params, *res;
} steady_work;

static void work_free(void *p) {
    steady_work *w = p;
    if (!w) return;
    ps_steady_free(w->st);
    ps_free(w->row);
    ps_free(w->params);
    ps_free(w->res);
    ps_free(w);
}

/* The history row of period `at` (the last when at < 0) into row. */
static void history_row(lua_State *L, const ps_project *p, long at, double *row) {
    long first, last;
    ps_project_history_span(p, &first, &last);
    if (at == LONG_MIN) at = last;
    if (at < 0 && last < 0) return;
    if (last < 0 || at < first || at > last) luaL_error(L, "steady: 'at' is outside the history");
    const ps_frame *h = p->history_af ? p->history_af : p->history;
    memcpy(row, h->data + (size_t)(at - h->start) * (size_t)h->nvar,
           sizeof(double) * (size_t)p->model->nseries);
}

/* opts.set: name = number pairs onto row/params (checked names). */
static void apply_sets(lua_State *L, const ps_model *m, int opts, double *row, double *params) {
    if (lua_getfield(L, opts, "set") == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    luaL_argcheck(L, lua_istable(L, -1), 1, "'set' must be a table of name = value");
    int t = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        luaL_argcheck(L, lua_type(L, -2) == LUA_TSTRING && lua_isnumber(L, -1), 1,
                      "'set' must map names to numbers");
        lua_pushvalue(L, -2);
        int k = ps_lua_check_symbol(L, m, lua_gettop(L));
        lua_pop(L, 1);
        double v = lua_tonumber(L, -1);
        if (m->syms[k].kind == PS_SYM_PARAM) params[m->syms[k].slot] = v;
        else row[m->syms[k].slot] = v;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static void push_result(lua_State *L, const ps_model *m, const steady_work *w,
                        const ps_steady_report *rep, const ps_bk *bk) {
    lua_createtable(L, 0, 5);
    lua_createtable(L, 0, m->neq);
    lua_createtable(L, 0, m->neq);
    for (int i = 0; i < m->neq; i++) {
        const char *name = m->syms[m->eqs[i].var].name;
        lua_pushnumber(L, w->row[m->syms[m->eqs[i].var].slot]);
        lua_setfield(L, -3, name);
        lua_pushnumber(L, w->res[i]);
        lua_setfield(L, -2, name);
    }
    lua_setfield(L, -3, "residuals");
    lua_setfield(L, -2, "values");
    ps_lua_set_int(L, "iterations", rep->iterations);
    ps_lua_set_num(L, "max_residual", rep->max_residual);
    if (m->maxlead > 0) {
        lua_createtable(L, 0, 6);
        ps_lua_set_bool(L, "checked", bk->checked);
        ps_lua_set_bool(L, "ok", bk->ok);
        ps_lua_set_int(L, "explosive", bk->explosive);
        ps_lua_set_int(L, "required", bk->required);
        ps_lua_set_int(L, "unit_roots", bk->unit);
        ps_lua_set_str(L, "note", bk->note);
        lua_setfield(L, -2, "saddle");
    }
}

int ps_lua_model_steady(lua_State *L, ps_project *p) {
    const ps_model *m = p->model;
    int opts = 2;
    if (lua_isnoneornil(L, opts)) {
        lua_settop(L, 1);
        lua_newtable(L);
    }
    luaL_checktype(L, opts, LUA_TTABLE);
    long at = LONG_MIN;
    if (lua_getfield(L, opts, "at") != LUA_TNIL) at = ps_lua_check_period(L, lua_gettop(L), m->freq);
    lua_pop(L, 1);
    double tol = 1e-10;
    lua_Integer max_iter = 50;
    if (lua_getfield(L, opts, "tol") != LUA_TNIL) tol = luaL_checknumber(L, -1);
    if (lua_getfield(L, opts, "max_iter") != LUA_TNIL) max_iter = luaL_checkinteger(L, -1);
    lua_pop(L, 2);
    luaL_argcheck(L, tol > 0 && max_iter >= 1 && max_iter <= 100000, 1,
                  "tol must be positive and max_iter 1..100000");
    ps_lua_box *box = ps_lua_push_box(L, work_free);
    steady_work *w = ps_calloc(1, sizeof *w);
    box->p = w;
    size_t ns = (size_t)m->nseries + 1, np = (size_t)m->nparam + 1, ne = (size_t)m->neq + 1;
    if (w) {
        w->row = ps_malloc(sizeof(double) * ns);
        w->params = ps_malloc(sizeof(double) * np);
        w->res = ps_malloc(sizeof(double) * ne);
    }
    if (!w || !w->row || !w->params || !w->res) return luaL_error(L, "not enough memory");
    for (size_t v = 0; v < ns; v++) w->row[v] = NAN;
    memcpy(w->params, p->params, sizeof(double) * (size_t)m->nparam);
    history_row(L, p, at, w->row);
    apply_sets(L, m, opts, w->row, w->params);
    for (int k = 0; k < m->nsym; k++)
        if (m->syms[k].kind == PS_SYM_EXO && !isfinite(w->row[m->syms[k].slot]))
            return luaL_error(L, "steady: exogenous variable '%s' has no value; give it in "
                              "set = { %s = ... }", m->syms[k].name, m->syms[k].name);
    ps_error err;
    ps_error_clear(&err);
    ps_steady_report rep;
    ps_bk bk;
    memset(&bk, 0, sizeof bk);
    if (ps_steady_new(m, p->analysis, &w->st, &err) ||
        ps_steady_solve(w->st, w->row, w->params, tol, (int)max_iter, &rep, &err) ||
        ps_steady_bk(w->st, w->row, w->params, &bk, &err)) {
        ps_lua_box_close(box);
        return ps_lua_raise(L, &err);
    }
    ps_steady_residuals(w->st, w->row, w->params, w->res);
    push_result(L, m, w, &rep, &bk);
    ps_lua_box_close(box);
    return 1;
}
