/*
** polsim.montecarlo(s, opts) and the MonteCarlo object (docs/lua-api.md).
**
** Lua only describes the analysis: the options are converted and checked
** here, every name resolved to a symbol once, and ps_mc_run does the draws
** in C.  The arrays handed to C live in Lua userdata (buffers), so a raise
** while converting leaks nothing.  Keys of the params and exogenous tables
** are taken in name order: the order of pairs() varies between runs, and the
** order in which inputs are drawn must not.
**
** User value 1 of a MonteCarlo userdata: its Scenario (keeps the model
** alive).
*/
#include "lua/api.h"
#include "analysis/montecarlo.h"

#include <lauxlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define PS_LUA_MC "polsim.MonteCarlo"

typedef struct lmc {
    ps_mc *mc;
    const ps_model *m;
} lmc;

/* Stack slot of the table that keeps this call's buffers alive. */
#define BUFS 3

static void *buffer(lua_State *L, size_t n) { return lua_newuserdatauv(L, n ? n : 1, 0); }

/* An error in the options: "bad argument #2 to 'montecarlo' (...)", with
** the script's line. */
static int opt_error(lua_State *L, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const char *msg = lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    return luaL_argerror(L, 2, msg);
}

/* Raise for key k of a table that allows only names[]: a "did you mean". */
static int unknown_key(lua_State *L, const char *what, const char *k, const char *const *names,
                       int n) {
    const char *near = ps_nearest_name(k, names, n);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 0; i < n; i++) {
        if (i) luaL_addstring(&b, ", ");
        luaL_addstring(&b, names[i]);
    }
    luaL_pushresult(&b);
    if (near) return opt_error(L, "%s: unknown field '%s' (did you mean '%s'?)", what, k, near);
    return opt_error(L, "%s: unknown field '%s' (fields: %s)", what, k, lua_tostring(L, -1));
}

static void check_keys(lua_State *L, int t, const char *what, const char *const *names, int n) {
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            opt_error(L, "%s: fields are named (got a %s key)", what, luaL_typename(L, -1));
        const char *k = lua_tostring(L, -1);
        int ok = 0;
        for (int i = 0; i < n && !ok; i++) ok = strcmp(k, names[i]) == 0;
        if (!ok) unknown_key(L, what, k, names, n);
    }
}

/* Number field `key` of the table at t; NAN when absent and not required. */
static double num_field(lua_State *L, int t, const char *key, const char *what, int required) {
    int ty = lua_getfield(L, t, key);
    double x = NAN;
    if (ty == LUA_TNUMBER) x = lua_tonumber(L, -1);
    else if (ty != LUA_TNIL || required)
        opt_error(L, "%s: '%s' must be a number%s", what, key,
                   ty == LUA_TNIL ? " (it is missing)" : "");
    lua_pop(L, 1);
    return x;
}

static long long int_field(lua_State *L, int t, const char *key, long long def, const char *what) {
    int ty = lua_getfield(L, t, key);
    long long v = def;
    if (ty != LUA_TNIL) {
        int whole = 0;
        v = (long long)lua_tointegerx(L, -1, &whole);
        if (!whole) opt_error(L, "%s: '%s' must be a whole number, got %s", what, key,
                               ty == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    return v;
}

static const char *const dist_names[] = {"normal", "lognormal", "uniform", "triangular",
                                         "truncnormal", "choice"};
/* The fields each distribution takes, in the order of ps_dist a, b, c, d. */
static const char *const dist_fields[][4] = {{"mean", "sd"}, {"mu", "sigma"}, {"min", "max"},
                                             {"min", "max", "mode"},
                                             {"mean", "sd", "min", "max"}, {"values"}};

static void read_choice(lua_State *L, int t, const char *what, ps_dist *d) {
    if (lua_getfield(L, t, "values") != LUA_TTABLE)
        opt_error(L, "%s: choice distribution: 'values' must be a list of numbers", what);
    lua_Unsigned n = lua_rawlen(L, -1);
    if (n < 1 || n > PS_MC_MAX_CHOICE)
        opt_error(L, "%s: choice distribution: give between 1 and %d values", what,
                   PS_MC_MAX_CHOICE);
    double *v = buffer(L, sizeof(double) * n); /* kept alive by the caller's buffer table */
    lua_pushvalue(L, -1);
    lua_rawseti(L, BUFS, (lua_Integer)lua_rawlen(L, BUFS) + 1);
    for (lua_Unsigned i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -2, (lua_Integer)i) != LUA_TNUMBER)
            opt_error(L, "%s: choice distribution: value %d is not a number", what, (int)i);
        v[i - 1] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    d->values = v;
    d->nvalues = (int)n;
}

/* The distribution table at t.  extra: the other fields allowed (exogenous). */
static void read_dist(lua_State *L, int t, const char *what, ps_dist *d, const char *const *extra,
                      int nextra) {
    if (!lua_istable(L, t))
        opt_error(L, "%s: expected a distribution table such as {dist = \"normal\", mean = 0, "
                   "sd = 1}, got %s", what, luaL_typename(L, t));
    if (lua_getfield(L, t, "dist") != LUA_TSTRING)
        opt_error(L, "%s: 'dist' must name the distribution (normal, lognormal, uniform, "
                   "triangular, truncnormal or choice)", what);
    const char *name = lua_tostring(L, -1);
    int kind = -1;
    for (int i = 0; i < 6; i++)
        if (strcmp(name, dist_names[i]) == 0) kind = i;
    if (kind < 0) {
        const char *near = ps_nearest_name(name, dist_names, 6);
        opt_error(L, "%s: unknown distribution '%s'" PS_DYM_FMT " (normal, lognormal, uniform, "
                   "triangular, truncnormal, choice)", what, name, PS_DYM_ARGS(near));
    }
    lua_pop(L, 1);
    const char *allowed[12] = {"dist"};
    int na = 1;
    for (int i = 0; i < 4 && dist_fields[kind][i]; i++) allowed[na++] = dist_fields[kind][i];
    for (int i = 0; i < nextra; i++) allowed[na++] = extra[i];
    char w[256];
    snprintf(w, sizeof w, "%s (%s)", what, name);
    check_keys(L, t, w, allowed, na);
    memset(d, 0, sizeof *d);
    d->kind = (ps_dist_kind)kind;
    if (kind == PS_DIST_CHOICE) {
        read_choice(L, t, what, d);
        return;
    }
    const char *const *f = dist_fields[kind];
    if (kind == PS_DIST_TRIANGULAR) {
        d->a = num_field(L, t, "min", w, 1);
        d->b = num_field(L, t, "max", w, 1);
        d->c = num_field(L, t, "mode", w, 1);
        return;
    }
    d->a = num_field(L, t, f[0], w, 1);
    d->b = num_field(L, t, f[1], w, 1);
    if (kind == PS_DIST_TRUNCNORMAL) {
        d->c = num_field(L, t, "min", w, 0);
        d->d = num_field(L, t, "max", w, 0);
        if (isnan(d->c)) d->c = -INFINITY;
        if (isnan(d->d)) d->d = INFINITY;
    }
}

/* Symbol of `name`; params: 1 for a parameter, 0 for a series.  A typo is
** told the nearest name of the kind wanted. */
static int find_sym(lua_State *L, const ps_model *m, const char *name, const char *what,
                    int params) {
    int s = ps_model_find(m, name);
    if (s >= 0) return s;
    const char **cands = buffer(L, sizeof(char *) * (size_t)m->nsym);
    int n = 0;
    for (int i = 0; i < m->nsym; i++)
        if ((m->syms[i].kind == PS_SYM_PARAM) == params) cands[n++] = m->syms[i].name;
    const char *near = ps_nearest_name(name, cands, n);
    return opt_error(L, "%s: model '%s' has no %s '%s'" PS_DYM_FMT, what, m->name,
                     params ? "parameter" : "variable", name, PS_DYM_ARGS(near));
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The string keys of the table at t, sorted, in a buffer; the table keeps
** the strings alive. */
static const char **sorted_keys(lua_State *L, int t, const char *what, int *n) {
    int count = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            opt_error(L, "%s: keys must be names, as in %s = {c0 = {dist = \"normal\", ...}}",
                       what, what);
        count++;
    }
    const char **k = buffer(L, sizeof(char *) * (size_t)count);
    lua_rawseti(L, BUFS, (lua_Integer)lua_rawlen(L, BUFS) + 1);
    int i = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        k[i++] = lua_tostring(L, -1);
    }
    qsort(k, (size_t)count, sizeof *k, cmp_str);
    *n = count;
    return k;
}

static void read_params(lua_State *L, int t, const ps_model *m, ps_mc_opts *o) {
    if (lua_isnil(L, t)) return;
    luaL_checktype(L, t, LUA_TTABLE);
    const char **k = sorted_keys(L, t, "params", &o->nparams);
    ps_mc_param *p = buffer(L, sizeof *p * (size_t)o->nparams);
    lua_rawseti(L, BUFS, (lua_Integer)lua_rawlen(L, BUFS) + 1);
    for (int i = 0; i < o->nparams; i++) {
        char what[160];
        snprintf(what, sizeof what, "params.%s", k[i]);
        p[i].sym = find_sym(L, m, k[i], what, 1);
        if (m->syms[p[i].sym].kind != PS_SYM_PARAM)
            opt_error(L, "%s: '%s' is a series, not a parameter: draw it under exogenous",
                       what, k[i]);
        lua_getfield(L, t, k[i]);
        read_dist(L, lua_gettop(L), what, &p[i].dist, NULL, 0);
        lua_pop(L, 1);
    }
    o->params = p;
}

/* Period field `key` of the table at t into *out when present. */
static void period_field(lua_State *L, int t, const char *key, ps_freq f, const char *what,
                         long *out) {
    int ty = lua_getfield(L, t, key), whole = 0;
    lua_Integer y = ty == LUA_TNUMBER ? lua_tointegerx(L, -1, &whole) : 0;
    ps_error err;
    if (ty == LUA_TNIL) {
    } else if (whole && f == PS_FREQ_ANNUAL && y > -100000 && y < 100000) {
        *out = (long)y;
    } else if (ty != LUA_TSTRING || ps_period_parse(lua_tostring(L, -1), f, out, &err)) {
        opt_error(L, "%s: '%s' must be a period such as %s", what, key,
                  f == PS_FREQ_ANNUAL ? "2024" : f == PS_FREQ_QUARTERLY ? "\"2024Q1\"" : "\"2024M01\"");
    }
    lua_pop(L, 1);
}

static void read_exogenous(lua_State *L, int t, ps_scenario *s, const ps_model *m,
                           ps_mc_opts *o) {
    if (lua_isnil(L, t)) return;
    luaL_checktype(L, t, LUA_TTABLE);
    static const char *const extra[] = {"rho", "from", "to"};
    const char **k = sorted_keys(L, t, "exogenous", &o->nexo);
    ps_mc_exo *x = buffer(L, sizeof *x * (size_t)o->nexo);
    lua_rawseti(L, BUFS, (lua_Integer)lua_rawlen(L, BUFS) + 1);
    long h0, h1;
    ps_scenario_horizon(s, &h0, &h1);
    for (int i = 0; i < o->nexo; i++) {
        char what[160];
        snprintf(what, sizeof what, "exogenous.%s", k[i]);
        x[i].sym = find_sym(L, m, k[i], what, 0);
        lua_getfield(L, t, k[i]);
        int d = lua_gettop(L);
        read_dist(L, d, what, &x[i].dist, extra, 3);
        x[i].rho = num_field(L, d, "rho", what, 0);
        x[i].mode = isnan(x[i].rho) ? PS_MC_LEVEL : PS_MC_SHIFT;
        x[i].from = h0;
        x[i].to = h1;
        period_field(L, d, "from", m->freq, what, &x[i].from);
        period_field(L, d, "to", m->freq, what, &x[i].to);
        lua_pop(L, 1);
    }
    o->exo = x;
}

/* A list of names (vars, keep) as symbols; *n = its length. */
static int *read_names(lua_State *L, int t, const ps_model *m, const char *what, int *n) {
    luaL_checktype(L, t, LUA_TTABLE);
    lua_Unsigned len = lua_rawlen(L, t);
    if (len > (lua_Unsigned)m->nsym)
        opt_error(L, "%s: %d names, but model '%s' has only %d", what, (int)len, m->name, m->nsym);
    int *syms = buffer(L, sizeof(int) * (size_t)len);
    lua_rawseti(L, BUFS, (lua_Integer)lua_rawlen(L, BUFS) + 1);
    for (lua_Unsigned i = 1; i <= len; i++) {
        if (lua_rawgeti(L, t, (lua_Integer)i) != LUA_TSTRING)
            opt_error(L, "%s: entry %d must be a variable name", what, (int)i);
        syms[i - 1] = find_sym(L, m, lua_tostring(L, -1), what, 0);
        if (m->syms[syms[i - 1]].kind == PS_SYM_PARAM)
            opt_error(L, "%s: '%s' is a parameter: only series have draws per period", what,
                       m->syms[syms[i - 1]].name);
        lua_pop(L, 1);
    }
    *n = (int)len;
    return syms;
}

static ps_mc_resid read_residuals(lua_State *L, int t) {
    int ty = lua_getfield(L, t, "residuals");
    const char *r = ty == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);
    if (ty == LUA_TNIL) return PS_MC_RESID_NONE;
    if (r && strcmp(r, "bootstrap") == 0) return PS_MC_RESID_BOOTSTRAP;
    if (r && strcmp(r, "normal") == 0) return PS_MC_RESID_NORMAL;
    return opt_error(L, "residuals must be \"bootstrap\", \"normal\" or nil, got %s",
                      r ? r : luaL_typename(L, -1));
}

int ps_lua_montecarlo(lua_State *L) {
    ps_scenario *s = ps_lua_check_scenario(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    lua_newtable(L); /* BUFS */
    const ps_model *m = ps_scenario_project(s)->model;
    static const char *const keys[] = {"draws", "seed", "threads", "params", "exogenous",
                                       "residuals", "keep", "vars"};
    check_keys(L, 2, "options", keys, 8);
    ps_mc_opts o;
    ps_mc_opts_init(&o);
    o.draws = (long)int_field(L, 2, "draws", 1000, "options");
    long long seed = int_field(L, 2, "seed", 1, "options");
    if (seed < 0) opt_error(L, "seed must be >= 0, got %I", (lua_Integer)seed);
    o.seed = (uint64_t)seed;
    long long th = int_field(L, 2, "threads", 1, "options");
    o.threads = th < 0 ? -1 : th > 100000 ? 100000 : (int)th;
    lua_getfield(L, 2, "params");
    read_params(L, lua_gettop(L), m, &o);
    lua_getfield(L, 2, "exogenous");
    read_exogenous(L, lua_gettop(L), s, m, &o);
    o.residuals = read_residuals(L, 2);
    if (lua_getfield(L, 2, "vars") != LUA_TNIL)
        o.record = read_names(L, lua_gettop(L), m, "vars", &o.nrecord);
    if (lua_getfield(L, 2, "keep") != LUA_TNIL)
        o.keep = read_names(L, lua_gettop(L), m, "keep", &o.nkeep);
    lmc *u = lua_newuserdatauv(L, sizeof *u, 1);
    memset(u, 0, sizeof *u);
    luaL_setmetatable(L, PS_LUA_MC);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    u->m = m;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_mc_run(s, &o, &u->mc, &err);
    /* a bad option is the script's argument error; a model without the
    ** history residuals need, or a limit, keeps its own status */
    if (rc == PS_ERR_USAGE) return luaL_argerror(L, 2, err.message);
    if (rc) return ps_lua_raise(L, &err);
    return 1;
}

/* ---- the MonteCarlo object ---- */

static lmc *check_mc(lua_State *L, int arg) {
    lmc *u = luaL_checkudata(L, arg, PS_LUA_MC);
    if (!u->mc) luaL_argerror(L, arg, "Monte Carlo result is closed");
    return u;
}

static int mc_gc(lua_State *L) {
    lmc *u = luaL_checkudata(L, 1, PS_LUA_MC);
    ps_mc_free(u->mc);
    u->mc = NULL;
    return 0;
}

/* Recorded index of the variable named at arg. */
static int check_rec(lua_State *L, lmc *u, int arg) {
    int s = ps_lua_check_symbol(L, u->m, arg);
    int k = ps_mc_record_index(u->mc, s);
    if (k < 0)
        return luaL_argerror(L, arg, lua_pushfstring(L, "'%s' was not recorded in this Monte "
                                                     "Carlo run: name it in vars = {...}",
                                                     lua_tostring(L, arg)));
    return k;
}

static int growth_opt(lua_State *L, int arg) {
    if (lua_isnoneornil(L, arg)) return 0;
    luaL_checktype(L, arg, LUA_TTABLE);
    static const char *const keys[] = {"growth"};
    check_keys(L, arg, "options", keys, 1);
    lua_getfield(L, arg, "growth");
    int g = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return g;
}

typedef int (*stat_fn)(const ps_mc *, int, long, int, double *, ps_error *);

static int stat(lua_State *L, stat_fn fn) {
    lmc *u = check_mc(L, 1);
    int k = check_rec(L, u, 2);
    long p = ps_lua_check_period(L, 3, u->m->freq);
    int g = growth_opt(L, 4);
    double x;
    ps_error err;
    ps_error_clear(&err);
    if (fn(u->mc, k, p, g, &x, &err)) return ps_lua_raise(L, &err);
    lua_pushnumber(L, x);
    return 1;
}

static int mc_mean(lua_State *L) { return stat(L, ps_mc_mean); }
static int mc_sd(lua_State *L) { return stat(L, ps_mc_sd); }

static int mc_quantile(lua_State *L) {
    lmc *u = check_mc(L, 1);
    int k = check_rec(L, u, 2);
    long p = ps_lua_check_period(L, 3, u->m->freq);
    double q = luaL_checknumber(L, 4);
    int g = growth_opt(L, 5);
    double x;
    ps_error err;
    ps_error_clear(&err);
    if (ps_mc_quantile(u->mc, k, p, g, q, &x, &err)) return ps_lua_raise(L, &err);
    lua_pushnumber(L, x);
    return 1;
}

static int mc_prob(lua_State *L) {
    lmc *u = check_mc(L, 1);
    int k = check_rec(L, u, 2);
    long p = ps_lua_check_period(L, 3, u->m->freq);
    static const char *const ops[] = {">=", "<=", ">", "<"};
    const char *os = luaL_checkstring(L, 4);
    int op = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(os, ops[i]) == 0) op = i;
    if (op < 0)
        return luaL_argerror(L, 4, lua_pushfstring(L, "comparison must be \">=\", \"<=\", "
                                                      "\">\" or \"<\", got \"%s\"", os));
    double x = luaL_checknumber(L, 5);
    int g = growth_opt(L, 6);
    double pr;
    ps_error err;
    ps_error_clear(&err);
    if (ps_mc_prob(u->mc, k, p, g, (ps_mc_op)op, x, &pr, &err)) return ps_lua_raise(L, &err);
    lua_pushnumber(L, pr);
    return 1;
}

/* mc:failed() -> count, message of the first failing draw (nil when none) */
static int mc_failed(lua_State *L) {
    lmc *u = check_mc(L, 1);
    lua_pushinteger(L, ps_mc_failed(u->mc));
    long d;
    const ps_error *e = ps_mc_first_failure(u->mc, &d);
    if (!e) return 1;
    char buf[PS_ERR_MSG_MAX + 1024];
    lua_pushfstring(L, "draw %d: %s", (int)d, ps_error_format(e, buf, sizeof buf));
    return 2;
}

static int mc_draws(lua_State *L) {
    lua_pushinteger(L, ps_mc_draws(check_mc(L, 1)->mc));
    return 1;
}

/* mc:residual_years() -> list of the history periods the residual shocks use */
static int mc_residual_years(lua_State *L) {
    lmc *u = check_mc(L, 1);
    int n;
    const long *y = ps_mc_residual_years(u->mc, &n);
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        ps_lua_push_period(L, y[i], u->m->freq);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static int mc_write(lua_State *L) {
    lmc *u = check_mc(L, 1);
    char resolved[4096];
    ps_lua_output_path(L, 2, resolved, sizeof resolved);
    ps_error err;
    ps_error_clear(&err);
    if (ps_mc_write_json(u->mc, resolved, &err)) return ps_lua_raise(L, &err);
    lua_pushstring(L, resolved);
    return 1;
}

static int mc_tostring(lua_State *L) {
    lmc *u = luaL_checkudata(L, 1, PS_LUA_MC);
    if (!u->mc) {
        lua_pushliteral(L, "polsim.MonteCarlo (closed)");
        return 1;
    }
    lua_pushfstring(L, "polsim.MonteCarlo of model '%s' (%d draws, %d failed)", u->m->name,
                    (int)ps_mc_draws(u->mc), (int)ps_mc_failed(u->mc));
    return 1;
}

static const luaL_Reg methods[] = {{"quantile", mc_quantile}, {"prob", mc_prob},
                                   {"mean", mc_mean},         {"sd", mc_sd},
                                   {"failed", mc_failed},     {"draws", mc_draws},
                                   {"residual_years", mc_residual_years},
                                   {"write", mc_write},       {NULL, NULL}};

static int mc_index(lua_State *L) {
    check_mc(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (ps_lua_push_method(L, PS_LUA_MC, k)) return 1;
    static const char *const names[] = {"quantile", "prob", "mean", "sd", "failed", "draws",
                                        "residual_years", "write", NULL};
    return ps_lua_no_member(L, "polsim.MonteCarlo", k, names);
}

void ps_lua_open_montecarlo(lua_State *L) {
    static const luaL_Reg meta[] = {{"__gc", mc_gc}, {"__close", mc_gc},
                                    {"__tostring", mc_tostring}, {"__index", mc_index},
                                    {NULL, NULL}};
    ps_lua_new_type(L, PS_LUA_MC, meta, methods);
}
