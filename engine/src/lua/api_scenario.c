/*
** Lua Scenario objects: m:scenario(), s:copy(), assumptions, rules and runs.
**
** User values of a Scenario userdata: 1 = its Model (kept alive), 2 = its
** parent Scenario or nil, 3 = a table of the rule contexts it registered (so
** run() can tell them which Lua thread is running).
*/
#include "lua/api.h"
#include "util/alloc.h"
#include "scenario/scenario.h"
#include "scenario/targets.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct lscen {
    ps_scenario *s;
} lscen;

/* A rule's Lua function and the thread to call it on.  The reference is
** released through the main thread: the thread that made the rule or last
** ran it may be a coroutine that is gone by the time the scenario dies. */
typedef struct lrule {
    lua_State *L;
    lua_State *main;
    int ref;
} lrule;

/* What a rule function gets as its first argument. */
typedef struct lrulectx {
    ps_frame *f;
    int t;
    const ps_project *p;
} lrulectx;

static ps_scenario *check_scen(lua_State *L, int arg) {
    lscen *u = luaL_checkudata(L, arg, PS_LUA_SCENARIO);
    if (!u->s) luaL_argerror(L, arg, "scenario is closed");
    return u->s;
}

ps_scenario *ps_lua_check_scenario(lua_State *L, int arg) { return check_scen(L, arg); }

static void free_result(void *r) { ps_result_free(r); }
static void free_report(void *r) { ps_target_report_free(r); }
static void free_frame(void *f) { ps_frame_free(f); }

int ps_lua_push_scenario_new(lua_State *L, int model_arg, ps_project *p, const char *name,
                             long from, long to) {
    model_arg = lua_absindex(L, model_arg);
    lscen *u = lua_newuserdatauv(L, sizeof *u, 3);
    u->s = NULL;
    luaL_setmetatable(L, PS_LUA_SCENARIO);
    lua_pushvalue(L, model_arg);
    lua_setiuservalue(L, -2, 1);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 3);
    ps_error err;
    ps_error_clear(&err);
    if (ps_scenario_new(p, name, from, to, &u->s, &err)) return ps_lua_raise(L, &err);
    return 1;
}

static int scen_gc(lua_State *L) {
    lscen *u = luaL_checkudata(L, 1, PS_LUA_SCENARIO);
    ps_scenario_free(u->s);
    u->s = NULL;
    return 0;
}

static int scen_copy(lua_State *L) {
    ps_scenario *parent = check_scen(L, 1);
    const char *name = luaL_checkstring(L, 2);
    lscen *u = lua_newuserdatauv(L, sizeof *u, 3);
    u->s = NULL;
    luaL_setmetatable(L, PS_LUA_SCENARIO);
    lua_getiuservalue(L, 1, 1);
    lua_setiuservalue(L, -2, 1);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 2);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 3);
    ps_error err;
    ps_error_clear(&err);
    if (ps_scenario_copy(parent, name, &u->s, &err)) return ps_lua_raise(L, &err);
    return 1;
}

static const ps_model *scen_model(ps_scenario *s) {
    return ps_scenario_project(s)->model;
}

/* Read a number or raise naming the argument. */
static double check_finite(lua_State *L, int arg) {
    double x = luaL_checknumber(L, arg);
    if (!isfinite(x)) luaL_argerror(L, arg, "expected a finite number");
    return x;
}

static void done(lua_State *L, int rc, const ps_error *err) {
    if (rc) ps_lua_raise(L, err);
}

/* The key of a {[period] = value} table, below the value on the stack. */
static long period_key(lua_State *L, ps_freq f) {
    ps_error err;
    ps_error_clear(&err);
    long p;
    int whole = 0;
    lua_Integer y = lua_type(L, -2) == LUA_TNUMBER ? lua_tointegerx(L, -2, &whole) : 0;
    if (f == PS_FREQ_ANNUAL && whole) return (long)y;
    if (lua_type(L, -2) == LUA_TSTRING && ps_period_parse(lua_tostring(L, -2), f, &p, &err) == PS_OK)
        return p;
    luaL_error(L, "set: table key %s is not a period of this model (%s)",
               lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : luaL_typename(L, -2),
               err.message[0] ? err.message : "expected a period such as 2024 or \"2024Q1\"");
    return 0;
}

/* The unit guard on a value the script sets (docs/lua-api.md, units): a
** warning, or an error under --strict, with the script's position. */
static void guard(lua_State *L, ps_scenario *s, int sym, long p, double v) {
    const ps_lua_api *api = ps_lua_api_get(L);
    char msg[512];
    if (!api->warn || !ps_scenario_unit_suspect(ps_scenario_project(s), sym, p, v, msg, sizeof msg))
        return;
    luaL_where(L, 1);
    const char *at = lua_tostring(L, -1);
    char line[700];
    snprintf(line, sizeof line, "%s%s", at, msg);
    lua_pop(L, 1);
    if (api->warn(api->ud, line))
        luaL_error(L, "%s (--strict makes this warning an error)", msg);
}

/* s:set(var, {[p] = v, ...}) | s:set(var, p, v) | s:set(var, p0, p1, v | {v...}) */
static int set_on(lua_State *L, int sym) {
    ps_scenario *s = check_scen(L, 1);
    ps_freq f = scen_model(s)->freq;
    ps_error err;
    ps_error_clear(&err);
    int top = lua_gettop(L);
    if (top == 3 && lua_istable(L, 3)) {
        lua_pushnil(L);
        while (lua_next(L, 3)) {
            long p = period_key(L, f);
            double v = check_finite(L, -1);
            guard(L, s, sym, p, v);
            done(L, ps_scenario_set(s, sym, p, p, &v, 1, &err), &err);
            lua_pop(L, 1);
        }
    } else if (top == 4) {
        long p = ps_lua_check_period(L, 3, f);
        double v = check_finite(L, 4);
        guard(L, s, sym, p, v);
        done(L, ps_scenario_set(s, sym, p, p, &v, 1, &err), &err);
    } else if (top == 5) {
        long p0 = ps_lua_check_period(L, 3, f), p1 = ps_lua_check_period(L, 4, f);
        if (p1 < p0) return luaL_argerror(L, 4, "the range ends before it starts");
        if (lua_istable(L, 5)) {
            lua_Integer n = (lua_Integer)luaL_len(L, 5);
            if (n != p1 - p0 + 1)
                return luaL_argerror(L, 5, lua_pushfstring(L, "expected %d values (one per period), got %d",
                                                           (int)(p1 - p0 + 1), (int)n));
            /* A userdata buffer: collected by Lua even if a later check raises. */
            double *v = lua_newuserdatauv(L, sizeof(double) * (size_t)n, 0);
            for (lua_Integer i = 1; i <= n; i++) {
                lua_rawgeti(L, 5, i);
                if (!lua_isnumber(L, -1) || !isfinite(lua_tonumber(L, -1)))
                    return luaL_argerror(L, 5, lua_pushfstring(L, "value %d is not a finite number", (int)i));
                v[i - 1] = lua_tonumber(L, -1);
                lua_pop(L, 1);
                guard(L, s, sym, p0 + i - 1, v[i - 1]);
            }
            done(L, ps_scenario_set(s, sym, p0, p1, v, (int)n, &err), &err);
        } else {
            double v = check_finite(L, 5);
            guard(L, s, sym, p0, v);
            done(L, ps_scenario_set(s, sym, p0, p1, &v, 1, &err), &err);
        }
    } else {
        return luaL_error(L, "set expects (var, {[period] = value}), (var, period, value) or "
                             "(var, first, last, value or {values})");
    }
    lua_settop(L, 1);
    return 1;
}

/* A series a scenario may change: exogenous or an add-factor.  The engine
** refuses the others too; here the message names the Lua way instead. */
static int check_series(lua_State *L, ps_scenario *s, int arg) {
    const ps_model *m = scen_model(s);
    int sym = ps_lua_check_symbol(L, m, arg);
    const ps_symbol *y = &m->syms[sym];
    if (y->kind == PS_SYM_ENDO && m->eqs[y->equation].addfactor >= 0)
        return luaL_argerror(L, arg,
                             lua_pushfstring(L, "'%s' is endogenous (determined by equation [%s]): "
                                                "shift it with its add-factor, s:addfactor(\"%s\", ...), "
                                                "or change an exogenous variable",
                                             y->name, m->eqs[y->equation].label, y->name));
    if (y->kind == PS_SYM_ENDO) /* an identity holds exactly: no add-factor */
        return luaL_argerror(L, arg,
                             lua_pushfstring(L, "'%s' is endogenous (determined by identity [%s]): "
                                                "change the variables it is made of",
                                             y->name, m->eqs[y->equation].label));
    if (y->kind == PS_SYM_PARAM)
        return luaL_argerror(L, arg, lua_pushfstring(L, "'%s' is a parameter and has no periods: "
                                                        "use s:param(\"%s\", value)",
                                                     y->name, y->name));
    return sym;
}

static int scen_set(lua_State *L) {
    return set_on(L, check_series(L, check_scen(L, 1), 2));
}

/* s:addfactor(var, ...) sets the add-factor of var's equation. */
static int scen_addfactor(lua_State *L) {
    ps_scenario *s = check_scen(L, 1);
    const ps_model *m = scen_model(s);
    int sym = ps_lua_check_symbol(L, m, 2);
    const ps_symbol *y = &m->syms[sym];
    if (y->kind == PS_SYM_ADDFACTOR) return set_on(L, sym);
    if (y->kind != PS_SYM_ENDO || m->eqs[y->equation].addfactor < 0)
        return luaL_argerror(L, 2, lua_pushfstring(L, "'%s' has no add-factor: only variables "
                                                      "determined by a behavioural equation do", y->name));
    return set_on(L, m->eqs[y->equation].addfactor);
}

typedef int (*range_op)(ps_scenario *, int, long, long, double, ps_error *);

static int range_call(lua_State *L, range_op fn) {
    ps_scenario *s = check_scen(L, 1);
    const ps_model *m = scen_model(s);
    int sym = check_series(L, s, 2);
    long p0 = ps_lua_check_period(L, 3, m->freq);
    long p1 = lua_gettop(L) >= 5 ? ps_lua_check_period(L, 4, m->freq) : p0;
    double x = check_finite(L, lua_gettop(L) >= 5 ? 5 : 4);
    ps_error err;
    ps_error_clear(&err);
    done(L, fn(s, sym, p0, p1, x, &err), &err);
    lua_settop(L, 1);
    return 1;
}

/* s:grow takes percent, like every rate of the API; s:grow_frac a fraction. */
static int grow_pct(ps_scenario *s, int sym, long p0, long p1, double pct, ps_error *err) {
    return ps_scenario_grow(s, sym, p0, p1, pct / 100, err);
}
static int scen_grow(lua_State *L) { return range_call(L, grow_pct); }
static int scen_grow_frac(lua_State *L) { return range_call(L, ps_scenario_grow); }
static int scen_shock(lua_State *L) { return range_call(L, ps_scenario_shock_level); }
static int scen_shock_pct(lua_State *L) { return range_call(L, ps_scenario_shock_pct); }

static int scen_param(lua_State *L) {
    ps_scenario *s = check_scen(L, 1);
    const ps_model *m = scen_model(s);
    int sym = ps_lua_check_symbol(L, m, 2);
    if (m->syms[sym].kind != PS_SYM_PARAM)
        return luaL_argerror(L, 2, lua_pushfstring(L, "'%s' is %s, not a parameter", m->syms[sym].name,
                                                   ps_symkind_name(m->syms[sym].kind)));
    if (lua_isnoneornil(L, 3)) {
        lua_pushnumber(L, ps_scenario_param_value(s, sym));
        return 1;
    }
    double v = check_finite(L, 3);
    ps_error err;
    ps_error_clear(&err);
    done(L, ps_scenario_param(s, sym, v, &err), &err);
    lua_settop(L, 1);
    return 1;
}

/* ---- rules ---- */

static lrulectx *check_rulectx(lua_State *L, int arg) {
    lrulectx *c = luaL_checkudata(L, arg, PS_LUA_RULECTX);
    if (!c->f) luaL_argerror(L, arg, "a rule context is only valid during its rule call");
    return c;
}

/* ctx:get(var [, period]): a value already known (default: the current period). */
static int rulectx_get(lua_State *L) {
    lrulectx *c = check_rulectx(L, 1);
    const ps_model *m = c->p->model;
    int sym = ps_lua_check_symbol(L, m, 2);
    if (m->syms[sym].kind == PS_SYM_PARAM) return luaL_argerror(L, 2, "a parameter has no periods");
    long p = lua_isnoneornil(L, 3) ? c->f->start + c->t : ps_lua_check_period(L, 3, m->freq);
    int t = ps_frame_index(c->f, p);
    if (t < 0 || t > c->t) return luaL_argerror(L, 3, "period is outside what a rule can read (up to the current period)");
    if (t == c->t && m->syms[sym].kind == PS_SYM_ENDO)
        return luaL_argerror(L, 2, "endogenous values of the current period are not solved yet; read an earlier period");
    lua_pushnumber(L, ps_frame_get(c->f, m->syms[sym].slot, t));
    return 1;
}

/* ctx:set(var, value): an exogenous value (or add-factor) of the current period. */
static int rulectx_set(lua_State *L) {
    lrulectx *c = check_rulectx(L, 1);
    const ps_model *m = c->p->model;
    int sym = ps_lua_check_symbol(L, m, 2);
    double v = check_finite(L, 3);
    ps_symkind k = m->syms[sym].kind;
    if (k != PS_SYM_EXO && k != PS_SYM_ADDFACTOR)
        return luaL_argerror(L, 2, "a rule sets exogenous variables or add-factors only");
    ps_frame_set(c->f, m->syms[sym].slot, c->t, v);
    return 0;
}

static int rulectx_index(lua_State *L) {
    lrulectx *c = check_rulectx(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "period") == 0) {
        ps_lua_push_period(L, c->f->start + c->t, c->f->freq);
        return 1;
    }
    if (strcmp(k, "get") == 0) lua_pushcfunction(L, rulectx_get);
    else if (strcmp(k, "set") == 0) lua_pushcfunction(L, rulectx_set);
    else {
        static const char *const names[] = {"period", "get", "set", NULL};
        return ps_lua_no_member(L, "polsim.RuleContext", k, names);
    }
    return 1;
}

static int traceback(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
    return 1;
}

/* One rule call, handed to the protected part as a light userdata. */
typedef struct rule_call_args {
    lrule *r;
    ps_frame *f;
    int t;
    const ps_project *p;
    lrulectx *ctx; /* set once made, so the caller can close it */
} rule_call_args;

/* Protected: everything that allocates (the context, a period label) happens
** here, so a memory error never unwinds through the engine's C frames. */
static int rule_protected(lua_State *L) {
    rule_call_args *a = lua_touserdata(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, a->r->ref);
    lrulectx *c = lua_newuserdatauv(L, sizeof *c, 0);
    c->f = a->f;
    c->t = a->t;
    c->p = a->p;
    a->ctx = c;
    luaL_setmetatable(L, PS_LUA_RULECTX);
    ps_lua_push_period(L, a->f->start + a->t, a->f->freq);
    lua_call(L, 2, 0);
    return 0;
}

/* Called by the engine once per period, between solves. */
static int rule_call(void *ctx, ps_frame *f, int t, const ps_project *p, ps_error *err) {
    rule_call_args a = {ctx, f, t, p, NULL};
    lua_State *L = a.r->L;
    /* lua_checkstack reports failure instead of raising */
    if (!lua_checkstack(L, 8)) return ps_error_set(err, PS_ERR_LIMIT, "Lua stack exhausted in a rule");
    lua_pushcfunction(L, traceback); /* pushing C functions and pointers allocates nothing */
    int h = lua_gettop(L);
    lua_pushcfunction(L, rule_protected);
    lua_pushlightuserdata(L, &a);
    int st = lua_pcall(L, 1, 0, h);
    if (a.ctx) a.ctx->f = NULL; /* the context dies with this call */
    if (st != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        ps_error_set(err, st == LUA_ERRMEM ? PS_ERR_LIMIT : PS_ERR_SCRIPT, "%s", msg ? msg : "error in rule");
        lua_pop(L, 2);
        return err->code;
    }
    lua_pop(L, 1);
    return PS_OK;
}

static void rule_free(void *ctx) {
    lrule *r = ctx;
    luaL_unref(r->main, LUA_REGISTRYINDEX, r->ref);
    ps_free(r);
}

static int scen_rule(lua_State *L) {
    ps_scenario *s = check_scen(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    lua_getiuservalue(L, 1, 3); /* 3: the scenario's rule list */
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
    lua_State *main = lua_tothread(L, -1);
    lua_pop(L, 1);
    lua_pushvalue(L, 2);
    int ref = luaL_ref(L, LUA_REGISTRYINDEX); /* may raise: nothing of C held yet */
    lrule *r = ps_malloc(sizeof *r);
    if (!r) {
        luaL_unref(L, LUA_REGISTRYINDEX, ref);
        return luaL_error(L, "out of memory");
    }
    r->L = L;
    r->main = main;
    r->ref = ref;
    ps_error err;
    ps_error_clear(&err);
    if (ps_scenario_rule(s, rule_call, r, rule_free, &err)) return ps_lua_raise(L, &err);
    /* The scenario owns r now; a memory error here only leaves it unbound
    ** (then it runs on the thread that made it). */
    lua_pushlightuserdata(L, r);
    lua_rawseti(L, 3, (lua_Integer)luaL_len(L, 3) + 1);
    lua_settop(L, 1);
    return 1;
}

/* Point every rule of the chain at the running thread. */
static void bind_rules(lua_State *L, int arg) {
    lua_pushvalue(L, arg);
    while (!lua_isnil(L, -1)) {
        lua_getiuservalue(L, -1, 3);
        lua_Integer n = (lua_Integer)luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            ((lrule *)lua_touserdata(L, -1))->L = L;
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        lua_getiuservalue(L, -1, 2);
        lua_remove(L, -2);
    }
    lua_pop(L, 1);
}

static int scen_run(lua_State *L) {
    ps_scenario *s = check_scen(L, 1);
    lua_settop(L, 1);
    bind_rules(L, 1);
    const ps_lua_api *api = ps_lua_api_get(L);
    ps_lua_box *box = ps_lua_push_box(L, free_result);
    ps_lua_box *rbox = ps_lua_push_box(L, free_report);
    ps_result *r = NULL;
    ps_target_report *rep = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_scenario_run_report(s, &r, &rep, &err);
    rbox->p = rep;
    if (!rc && api->add_meta) rc = api->add_meta(api->ud, r, &err);
    if (rc) {
        ps_result_free(r);
        if (err.code == PS_ERR_SCRIPT || err.code == PS_ERR_LIMIT) {
            lua_pushstring(L, err.message); /* already "file:line: msg" + traceback */
            return lua_error(L);
        }
        return ps_lua_raise(L, &err);
    }
    box->p = r;
    ps_lua_push_result(L, r);
    box->p = NULL; /* the Result owns it now */
    if (rep) {     /* r:targets() reads this list */
        ps_lua_push_target_report(L, rep, scen_model(s));
        lua_setiuservalue(L, -2, 1);
        ps_lua_box_close(rbox);
    }
    return 1;
}

/* s:inputs(var) -> { [period] = value } of the prepared inputs (no solve). */
static int scen_inputs(lua_State *L) {
    ps_scenario *s = check_scen(L, 1);
    const ps_model *m = scen_model(s);
    int sym = ps_lua_check_symbol(L, m, 2);
    if (m->syms[sym].kind == PS_SYM_PARAM) return luaL_argerror(L, 2, "a parameter has no periods");
    lua_settop(L, 2);
    ps_lua_box *box = ps_lua_push_box(L, free_frame);
    ps_frame *f = NULL;
    int t0, t1;
    ps_error err;
    ps_error_clear(&err);
    if (ps_scenario_inputs(s, &f, &t0, &t1, &err)) return ps_lua_raise(L, &err);
    box->p = f;
    lua_createtable(L, 0, f->nper);
    for (int t = 0; t < f->nper; t++) {
        double x = ps_frame_get(f, m->syms[sym].slot, t);
        if (x != x) continue;
        ps_lua_push_period(L, f->start + t, f->freq);
        lua_pushnumber(L, x);
        lua_rawset(L, -3);
    }
    ps_lua_box_close(box);
    return 1;
}

static int scen_tostring(lua_State *L) {
    lscen *u = luaL_checkudata(L, 1, PS_LUA_SCENARIO);
    if (!u->s) {
        lua_pushstring(L, "polsim.Scenario (closed)");
        return 1;
    }
    long from, to;
    ps_scenario_horizon(u->s, &from, &to);
    ps_scenario *p = ps_scenario_parent(u->s);
    ps_freq f = scen_model(u->s)->freq;
    char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX];
    lua_pushfstring(L, "polsim.Scenario '%s'%s%s%s (%s..%s)", ps_scenario_name(u->s),
                    p ? " (from '" : "", p ? ps_scenario_name(p) : "", p ? "')" : "",
                    ps_period_format(from, f, a, sizeof a), ps_period_format(to, f, b, sizeof b));
    return 1;
}

static int scen_index(lua_State *L) {
    ps_scenario *s = check_scen(L, 1);
    const char *k = luaL_checkstring(L, 2);
    long from, to;
    ps_scenario_horizon(s, &from, &to);
    ps_freq f = scen_model(s)->freq;
    if (strcmp(k, "name") == 0) lua_pushstring(L, ps_scenario_name(s));
    else if (strcmp(k, "parent") == 0) lua_getiuservalue(L, 1, 2);
    else if (strcmp(k, "model") == 0) lua_getiuservalue(L, 1, 1);
    else if (strcmp(k, "from") == 0) ps_lua_push_period(L, from, f);
    else if (strcmp(k, "to") == 0) ps_lua_push_period(L, to, f);
    else if (!ps_lua_push_method(L, PS_LUA_SCENARIO, k)) {
        static const char *const names[] = {"name", "parent", "model", "from", "to", "set",
                                            "addfactor", "grow", "grow_frac", "shock", "shock_pct",
                                            "param", "rule", "copy", "run", "inputs", "target",
                                            "instrument", NULL};
        return ps_lua_no_member(L, "polsim.Scenario", k, names);
    }
    return 1;
}

static const luaL_Reg methods[] = {
    {"set", scen_set}, {"addfactor", scen_addfactor}, {"grow", scen_grow},
    {"grow_frac", scen_grow_frac},
    {"shock", scen_shock}, {"shock_pct", scen_shock_pct}, {"param", scen_param},
    {"rule", scen_rule}, {"copy", scen_copy}, {"run", scen_run},
    {"inputs", scen_inputs}, {"target", ps_lua_scen_target},
    {"instrument", ps_lua_scen_instrument}, {NULL, NULL}};

void ps_lua_open_scenario(lua_State *L) {
    static const luaL_Reg meta[] = {{"__gc", scen_gc}, {"__tostring", scen_tostring},
                                    {"__index", scen_index}, {NULL, NULL}};
    static const luaL_Reg ctx_meta[] = {{"__index", rulectx_index}, {NULL, NULL}};
    ps_lua_new_type(L, PS_LUA_SCENARIO, meta, methods);
    ps_lua_new_type(L, PS_LUA_RULECTX, ctx_meta, NULL);
}
