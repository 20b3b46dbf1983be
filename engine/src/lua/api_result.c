/*
** Lua Result objects (what s:run() returns) and the table helpers
** polsim.table, polsim.growth_table and polsim.share.
**
** r.gdp[2024] reads a level: r.gdp is a plain table { [period] = value } built
** on access.  Method names take precedence over variable names; r:series(name)
** always works.
*/
#include "lua/api.h"
#include "util/strbuf.h"
#include "util/texttable.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct lresult {
    ps_result *r;
} lresult;

void ps_lua_push_result(lua_State *L, ps_result *r) {
    lresult *u = lua_newuserdatauv(L, sizeof *u, 1); /* 1: the targets list */
    u->r = r;
    luaL_setmetatable(L, PS_LUA_RESULT);
}

ps_result *ps_lua_check_result(lua_State *L, int arg) {
    lresult *u = luaL_checkudata(L, arg, PS_LUA_RESULT);
    if (!u->r) luaL_argerror(L, arg, "result is closed");
    return u->r;
}

static int result_gc(lua_State *L) {
    lresult *u = luaL_checkudata(L, 1, PS_LUA_RESULT);
    ps_result_free(u->r);
    u->r = NULL;
    return 0;
}

int ps_lua_check_col(lua_State *L, const ps_result *r, int arg) {
    const char *name = luaL_checkstring(L, arg);
    int c = ps_result_col(r, name);
    if (c >= 0) return c;
    const char *near = ps_nearest_name(name, (const char *const *)r->names, r->nvar);
    return luaL_argerror(L, arg, lua_pushfstring(L, "result has no variable '%s'" PS_DYM_FMT, name,
                                                 PS_DYM_ARGS(near)));
}

static double at(const ps_result *r, int col, int t) {
    return r->data[(size_t)t * (size_t)r->nvar + (size_t)col];
}

static int index_of(lua_State *L, const ps_result *r, int arg) {
    long p = ps_lua_check_period(L, arg, r->freq);
    long t = p - r->start;
    if (t < 0 || t >= r->nper) {
        char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX];
        return luaL_argerror(L, arg, lua_pushfstring(L, "period outside the result (%s..%s)",
                                                     ps_period_format(r->start, r->freq, a, sizeof a),
                                                     ps_period_format(r->start + r->nper - 1, r->freq, b, sizeof b)));
    }
    return (int)t;
}

/* { [period] = f(t) } for every period where the value is a number. */
static void push_series(lua_State *L, const ps_result *r, int col, int growth) {
    lua_createtable(L, 0, r->nper);
    for (int t = growth ? 1 : 0; t < r->nper; t++) {
        double x = growth ? 100.0 * (at(r, col, t) / at(r, col, t - 1) - 1.0) : at(r, col, t);
        if (!isfinite(x)) continue;
        ps_lua_push_period(L, r->start + t, r->freq);
        lua_pushnumber(L, x);
        lua_rawset(L, -3);
    }
}

static int result_series(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    push_series(L, r, ps_lua_check_col(L, r, 2), 0);
    return 1;
}

static int result_growth(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    int c = ps_lua_check_col(L, r, 2);
    if (lua_isnoneornil(L, 3)) {
        push_series(L, r, c, 1);
        return 1;
    }
    int t = index_of(L, r, 3);
    if (t == 0) return luaL_argerror(L, 3, "growth needs the period before it in the result");
    lua_pushnumber(L, 100.0 * (at(r, c, t) / at(r, c, t - 1) - 1.0));
    return 1;
}

static int result_get(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    int c = ps_lua_check_col(L, r, 2);
    lua_pushnumber(L, at(r, c, index_of(L, r, 3)));
    return 1;
}

static int result_unit(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    lua_pushstring(L, r->units[ps_lua_check_col(L, r, 2)]);
    return 1;
}

static int result_description(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    lua_pushstring(L, r->descriptions[ps_lua_check_col(L, r, 2)]);
    return 1;
}

static int result_periods(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    int solved_only = lua_toboolean(L, 2);
    lua_createtable(L, r->nper, 0);
    lua_Integer k = 0;
    for (int t = 0; t < r->nper; t++) {
        if (solved_only && r->start + t < r->solved_from) continue;
        ps_lua_push_period(L, r->start + t, r->freq);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

static int result_variables(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    lua_createtable(L, r->nvar, 0);
    for (int v = 0; v < r->nvar; v++) {
        lua_pushstring(L, r->names[v]);
        lua_rawseti(L, -2, v + 1);
    }
    return 1;
}

static int result_diagnostics(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    const ps_solve_diag *d = &r->diag;
    lua_createtable(L, 0, 8);
    ps_lua_set_int(L, "periods", d->periods);
    ps_lua_set_int(L, "explicit_evals", d->explicit_evals);
    ps_lua_set_int(L, "blocks_solved", d->blocks_solved);
    ps_lua_set_int(L, "newton_iterations", d->newton_iterations);
    ps_lua_set_int(L, "max_iterations", d->max_iterations);
    ps_lua_set_int(L, "halvings", d->halvings);
    ps_lua_set_num(L, "max_residual", d->max_residual);
    ps_lua_set_int(L, "sparse_blocks", d->sparse_blocks);
    return 1;
}

static int write_result(const void *r, const char *path, ps_error *err) {
    return ps_result_write(r, path, err);
}

static int write_result_bom(const void *r, const char *path, ps_error *err) {
    return ps_result_write_opts(r, path, PS_CSV_BOM, err);
}

static int result_write(lua_State *L) {
    /* --bom: the writer's only option, so one of two fixed writers */
    int bom = (ps_lua_api_get(L)->csv_flags & PS_CSV_BOM) != 0;
    return ps_lua_write_with(L, ps_lua_check_result(L, 1), bom ? write_result_bom : write_result);
}

/* ---- tables for people ---- */

/* Collect column indexes from a list of names at `arg` (NULL list = endogenous). */
static int *collect_cols(lua_State *L, const ps_result *r, int arg, int *n) {
    int cap = r->nvar ? r->nvar : 1, k = 0;
    if (lua_istable(L, arg)) cap = (int)luaL_len(L, arg);
    int *cols = lua_newuserdatauv(L, sizeof(int) * (size_t)(cap ? cap : 1), 0);
    if (lua_istable(L, arg)) {
        for (int i = 1; i <= cap; i++) {
            lua_rawgeti(L, arg, i);
            cols[k++] = ps_lua_check_col(L, r, lua_gettop(L));
            lua_pop(L, 1);
        }
    } else {
        for (int v = 0; v < r->nvar; v++)
            if (strcmp(r->kinds[v], "endogenous") == 0) cols[k++] = v;
    }
    *n = k;
    return cols;
}

/* Period range from an options table { from = , to = } (default: solved periods;
** growth tables start one later when the period before is missing). */
static void range_of(lua_State *L, const ps_result *r, int arg, int *t0, int *t1) {
    *t0 = (int)(r->solved_from - r->start);
    if (*t0 < 0 || *t0 >= r->nper) *t0 = 0;
    *t1 = r->nper - 1;
    if (!lua_istable(L, arg)) return;
    lua_getfield(L, arg, "from");
    if (!lua_isnil(L, -1)) *t0 = index_of(L, r, lua_gettop(L));
    lua_getfield(L, arg, "to");
    if (!lua_isnil(L, -1)) *t1 = index_of(L, r, lua_gettop(L));
    lua_pop(L, 2);
}

/* The table: a row per variable, a column per period, columns as wide as
** their cells; in Chinese a column of labels (wrapped) after the names. */
static int render(ps_sb *sb, const ps_result *r, const int *cols, int n, int t0, int t1,
                  int growth, ps_lang lang) {
    int zh = lang == PS_LANG_ZH, first = zh ? 3 : 2;
    ps_tt *t = ps_tt_new(first + t1 - t0 + 1);
    if (!t) return -1;
    for (int k = first; k <= first + t1 - t0; k++) ps_tt_right(t, k);
    if (zh) ps_tt_wrap(t, 1, 28);
    ps_tt_cell(t, zh ? (growth ? "增长率（%）" : "变量") : (growth ? "growth, %" : "variable"));
    if (zh) ps_tt_cell(t, "名称");
    ps_tt_cell(t, zh ? "单位" : "unit");
    for (int p = t0; p <= t1; p++) {
        char lab[PS_PERIOD_LABEL_MAX];
        ps_tt_cell(t, ps_period_format(r->start + p, r->freq, lab, sizeof lab));
    }
    ps_tt_row(t);
    for (int i = 0; i < n; i++) {
        ps_tt_cell(t, r->names[cols[i]]);
        if (zh) ps_tt_cell(t, ps_result_label(r, cols[i], lang));
        ps_tt_cell(t, growth ? "%" : ps_result_unit(r, cols[i], lang));
        /* levels: one number of decimals for the row (util/texttable.h) */
        int places = growth ? 2 : ps_tt_row_places(&r->data[(size_t)t0 * (size_t)r->nvar + (size_t)cols[i]],
                                                   (size_t)(t1 - t0 + 1), (size_t)r->nvar, 6);
        for (int p = t0; p <= t1; p++) {
            char num[PS_TT_NUM_BUF];
            double x = growth ? (p > 0 ? 100.0 * (at(r, cols[i], p) / at(r, cols[i], p - 1) - 1.0) : NAN)
                              : at(r, cols[i], p);
            ps_tt_cell(t, ps_tt_num_in(x, places, 6, num));
        }
        ps_tt_row(t);
    }
    int rc = ps_tt_render(t, sb);
    ps_tt_free(t);
    return rc;
}

ps_lang ps_lua_lang_opt(lua_State *L, int arg) {
    ps_lang lang = ps_lua_api_get(L)->lang;
    if (!lua_istable(L, arg)) return lang;
    lua_getfield(L, arg, "lang");
    if (!lua_isnil(L, -1)) {
        const char *s = lua_tostring(L, -1);
        if (!s || ps_lang_parse(s, &lang))
            luaL_argerror(L, arg, lua_pushfstring(L, "lang must be \"en\" or \"zh\", not %s",
                                                  s ? s : luaL_typename(L, -1)));
    }
    lua_pop(L, 1);
    return lang;
}

/* polsim.table(r, {vars} [, {from=, to=, lang=}]) prints and returns the text. */
static int table_impl(lua_State *L, int growth) {
    ps_result *r = ps_lua_check_result(L, 1);
    int n, t0, t1;
    lua_settop(L, 3);
    int *cols = collect_cols(L, r, 2, &n);
    range_of(L, r, 3, &t0, &t1);
    ps_lang lang = ps_lua_lang_opt(L, 3);
    ps_lua_box *box = ps_lua_push_box(L, free);
    ps_sb sb;
    ps_sb_init(&sb);
    char *text = NULL;
    size_t len = 0;
    if (render(&sb, r, cols, n, t0, t1, growth, lang) || ps_sb_done(&sb, &text, &len)) {
        ps_sb_free(&sb);
        return luaL_error(L, "out of memory");
    }
    box->p = text;
    const ps_lua_api *api = ps_lua_api_get(L);
    if (api->print) api->print(api->ud, text, len);
    lua_pushlstring(L, text, len);
    ps_lua_box_close(box);
    return 1;
}

int ps_lua_table(lua_State *L) { return table_impl(L, 0); }
int ps_lua_growth_table(lua_State *L) { return table_impl(L, 1); }

/* polsim.share(r, part, whole) -> { [period] = 100 * part / whole } */
int ps_lua_share(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    int a = ps_lua_check_col(L, r, 2), b = ps_lua_check_col(L, r, 3);
    lua_createtable(L, 0, r->nper);
    for (int t = 0; t < r->nper; t++) {
        double x = 100.0 * at(r, a, t) / at(r, b, t);
        if (!isfinite(x)) continue;
        ps_lua_push_period(L, r->start + t, r->freq);
        lua_pushnumber(L, x);
        lua_rawset(L, -3);
    }
    return 1;
}

static int result_table(lua_State *L) { return table_impl(L, 0); }
static int result_growth_table(lua_State *L) { return table_impl(L, 1); }

static int result_tostring(lua_State *L) {
    lresult *u = luaL_checkudata(L, 1, PS_LUA_RESULT);
    if (!u->r) {
        lua_pushstring(L, "polsim.Result (closed)");
        return 1;
    }
    char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX];
    lua_pushfstring(L, "polsim.Result '%s' of model '%s' (%s..%s, %d series)", u->r->scenario,
                    u->r->model_name, ps_period_format(u->r->start, u->r->freq, a, sizeof a),
                    ps_period_format(u->r->start + u->r->nper - 1, u->r->freq, b, sizeof b), u->r->nvar);
    return 1;
}

/* An unknown key: neither a method, a field nor a variable. */
static int no_member(lua_State *L, const ps_result *r, const char *k) {
    static const char *const names[] = {
        "scenario", "model", "frequency", "first", "last", "series", "growth", "get", "level",
        "unit", "description", "periods", "variables", "diagnostics", "write", "table",
        "growth_table", "targets"};
    ps_nearest near;
    ps_nearest_init(&near, k, strlen(k));
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) ps_nearest_offer(&near, names[i]);
    for (int v = 0; v < r->nvar; v++) ps_nearest_offer(&near, r->names[v]);
    return luaL_error(L, "polsim.Result has no method, field or variable '%s'" PS_DYM_FMT, k,
                      PS_DYM_ARGS(ps_nearest_best(&near)));
}

static int result_index(lua_State *L) {
    ps_result *r = ps_lua_check_result(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (ps_lua_push_method(L, PS_LUA_RESULT, k)) return 1;
    if (strcmp(k, "scenario") == 0) lua_pushstring(L, r->scenario);
    else if (strcmp(k, "model") == 0) lua_pushstring(L, r->model_name);
    else if (strcmp(k, "frequency") == 0) lua_pushstring(L, ps_freq_name(r->freq));
    else if (strcmp(k, "first") == 0) ps_lua_push_period(L, r->solved_from, r->freq);
    else if (strcmp(k, "last") == 0) ps_lua_push_period(L, r->start + r->nper - 1, r->freq);
    else if (ps_result_col(r, k) >= 0) push_series(L, r, ps_result_col(r, k), 0);
    else return no_member(L, r, k);
    return 1;
}

/* r:targets(): each target of the run with what it reached (an empty list
** for a run without targets). */
static int result_targets(lua_State *L) {
    ps_lua_check_result(L, 1);
    if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) ps_lua_push_target_report(L, NULL, NULL);
    return 1;
}

static const luaL_Reg methods[] = {
    {"series", result_series}, {"growth", result_growth}, {"get", result_get},
    {"level", result_get}, {"unit", result_unit}, {"description", result_description},
    {"periods", result_periods}, {"variables", result_variables},
    {"diagnostics", result_diagnostics}, {"write", result_write},
    {"table", result_table}, {"growth_table", result_growth_table},
    {"targets", result_targets}, {NULL, NULL}};

void ps_lua_open_result(lua_State *L) {
    static const luaL_Reg meta[] = {{"__gc", result_gc}, {"__close", result_gc},
                                    {"__tostring", result_tostring}, {"__index", result_index},
                                    {NULL, NULL}};
    ps_lua_new_type(L, PS_LUA_RESULT, meta, methods);
}
