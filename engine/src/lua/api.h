/*
** Internal: the scenario API that Lua scripts see (the `polsim` table and the
** Model, Scenario, Result, Compare and RuleContext types).  docs/lua-api.md is
** its reference.
**
** The bindings know nothing of the sandbox: the embedder hands them a
** ps_lua_api with the few services they need (where output may be written,
** where print goes, the script's folder and the run's metadata).  The
** bindings in turn are the only Lua code that knows the engine's C types.
**
** Rule at the boundary (STYLE.md): convert and check every argument first,
** release what C holds, and only then raise, so no longjmp crosses live C
** memory.  Errors that a script may expect (a failed solve) are raised with a
** clear message too: a script that wants to continue uses pcall.
*/
#ifndef PS_LUA_API_H
#define PS_LUA_API_H

#include <lua.h>
#include <stddef.h>

#include "polsim/error.h"
#include "output/output.h"
#include "polsim/period.h"
#include "scenario/scenario.h"
#include "util/editdist.h" /* every "did you mean" of the API */

typedef struct ps_lua_api {
    void *ud;
    /* Resolve `path` for writing (under the output folder); fills buf. */
    int (*resolve_output)(void *ud, const char *path, char *buf, size_t n, ps_error *err);
    /* Resolve `path` of a model for reading; fills buf. */
    int (*resolve_input)(void *ud, const char *path, char *buf, size_t n, ps_error *err);
    /* Text for the user (tables printed by :print()). */
    void (*print)(void *ud, const char *s, size_t n);
    /* Add the run's metadata (script hash, seed, --set values) to a result. */
    int (*add_meta)(void *ud, ps_result *r, ps_error *err);
    /* Told of every engine error just before it is raised as a Lua error, so
    ** that an uncaught one can end the run with its own status (a solver
    ** failure stays a solver failure).  May be NULL. */
    void (*note_error)(void *ud, const ps_error *err);
    /* A warning for the user (with the script's position); returns non-zero
    ** when warnings are errors (--strict): the binding then raises it.  May
    ** be NULL. */
    int (*warn)(void *ud, const char *msg);
    /* Flags of every CSV file a script writes (PS_CSV_BOM under --bom). */
    unsigned csv_flags;
    /* Language of printed tables when a call names none (polsim.lang). */
    ps_lang lang;
} ps_lua_api;

/* Register the API into the table at the top of the stack (the `polsim`
** table).  The api struct must outlive the state. */
void ps_lua_api_register(lua_State *L, const ps_lua_api *api);

/* ---- shared by the api_*.c files ---- */

#define PS_LUA_MODEL "polsim.Model"
#define PS_LUA_SCENARIO "polsim.Scenario"
#define PS_LUA_RESULT "polsim.Result"
#define PS_LUA_COMPARE "polsim.Compare"
#define PS_LUA_RULECTX "polsim.RuleContext"

const ps_lua_api *ps_lua_api_get(lua_State *L);

/* The `lang` field of an options table at `arg` ("en" or "zh"), else the
** run's language (polsim.lang); raises an argument error for another value. */
ps_lang ps_lua_lang_opt(lua_State *L, int arg);

/* A period argument: an integer year for annual models (2024), or a label
** string ("2024", "2024Q1", "2024M01"). Raises a clear argument error. */
long ps_lua_check_period(lua_State *L, int arg, ps_freq f);
/* Push a period the way scripts write it: integer for annual, else a label. */
void ps_lua_push_period(lua_State *L, long p, ps_freq f);
/* Raise the error record as a Lua error (never returns). */
int ps_lua_raise(lua_State *L, const ps_error *err);
/* The path at `arg` resolved for writing under the output folder, into buf;
** raises a clear error for a path outside it. */
const char *ps_lua_output_path(lua_State *L, int arg, char *buf, size_t n);

/* Raise "TYPE has no field or method 'k' (did you mean 'x'?)" for an unknown
** key of an object; `names` lists its fields and methods, NULL-terminated. */
int ps_lua_no_member(lua_State *L, const char *type, const char *k, const char *const *names);

/* A userdata that frees a C object when collected.  C memory held while Lua
** may still raise (a memory error while building a table) goes into a box
** first, so a raise never leaks it.  p starts NULL; ps_lua_box_close frees it
** early. */
typedef struct ps_lua_box {
    void *p;
    void (*free_fn)(void *);
} ps_lua_box;
ps_lua_box *ps_lua_push_box(lua_State *L, void (*free_fn)(void *));
void ps_lua_box_close(ps_lua_box *b);

struct ps_model;
struct ps_project;
/* Symbol index of the name at `arg`, or an argument error naming the model and
** the nearest declared name ("did you mean 'gdp'?"). */
int ps_lua_check_symbol(lua_State *L, const struct ps_model *m, int arg);
/* Push a new root Scenario of the Model at model_arg. */
int ps_lua_push_scenario_new(lua_State *L, int model_arg, struct ps_project *p,
                             const char *name, long from, long to);

struct ps_scenario;
/* The open scenario of the Scenario userdata at `arg` (argument error otherwise). */
struct ps_scenario *ps_lua_check_scenario(lua_State *L, int arg);
/* polsim.montecarlo(s, opts) (api_montecarlo.c). */
int ps_lua_montecarlo(lua_State *L);
void ps_lua_open_montecarlo(lua_State *L);

/* Register a userdata type: metatable `name` with the metamethods in `meta`,
** a locked __metatable, and (when methods is not NULL) a "methods" table that
** the type's __index looks into. */
struct luaL_Reg;
void ps_lua_new_type(lua_State *L, const char *name, const struct luaL_Reg *meta,
                     const struct luaL_Reg *methods);
/* t.key = v for the table t on top of the stack: the fields of the records
** the API returns, one line each. */
void ps_lua_set_str(lua_State *L, const char *key, const char *v);
void ps_lua_set_num(lua_State *L, const char *key, lua_Number v);
void ps_lua_set_int(lua_State *L, const char *key, lua_Integer v);
void ps_lua_set_bool(lua_State *L, const char *key, int v);
/* For a type's __index: push its method k and return 1, or return 0 and
** leave the stack as it was when the type has no method of that name. */
int ps_lua_push_method(lua_State *L, const char *type, const char *k);

void ps_lua_open_model(lua_State *L);
void ps_lua_open_scenario(lua_State *L);
void ps_lua_open_result(lua_State *L);
void ps_lua_open_compare(lua_State *L);
/* polsim.attribute, polsim.sweep, polsim.tornado and their types (into the
** table at the top of the stack). */
void ps_lua_open_analysis(lua_State *L);
/* obj:write(path): resolve the path at argument 2 under the output folder,
** write with fn, push the resolved path (or raise the error). */
int ps_lua_write_with(lua_State *L, const void *obj,
                      int (*fn)(const void *obj, const char *path, ps_error *err));
struct ps_scenario;
/* The scenario at arg, or an argument error. */
struct ps_scenario *ps_lua_check_scenario(lua_State *L, int arg);

/* polsim.model(path) */
int ps_lua_model_load(lua_State *L);
/* m:steady{...} of the Model whose project is p (api_steady.c). */
int ps_lua_model_steady(lua_State *L, struct ps_project *p);
/* Push a new Result userdata taking ownership of r (on a memory error the
** caller still owns r: keep it in a box until this returns). */
void ps_lua_push_result(lua_State *L, ps_result *r);
ps_result *ps_lua_check_result(lua_State *L, int arg);
/* Column of the variable named at `arg` in r, or an argument error with the
** nearest name ("did you mean"). */
int ps_lua_check_col(lua_State *L, const ps_result *r, int arg);
/* The Scenario at `arg` (an argument error when it is not one or is closed). */
ps_scenario *ps_lua_check_scenario(lua_State *L, int arg);
/* s:target(), s:instrument() (api_targets.c). */
int ps_lua_scen_target(lua_State *L);
int ps_lua_scen_instrument(lua_State *L);
/* Push the list r:targets() returns for a run's target report (rep may be
** NULL: an empty list). */
struct ps_target_report;
void ps_lua_push_target_report(lua_State *L, const struct ps_target_report *rep,
                               const struct ps_model *m);
/* polsim.compare(a, b, ...) and the table helpers. */
int ps_lua_compare(lua_State *L);
int ps_lua_table(lua_State *L);
int ps_lua_growth_table(lua_State *L);
int ps_lua_share(lua_State *L);

#endif
