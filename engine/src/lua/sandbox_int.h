/*
** Internal: the sandbox state shared by the sandbox_*.c, require.c, random.c
** and paths.c files.  The public face is polsim/lua.h.
*/
#ifndef PS_LUA_SANDBOX_INT_H
#define PS_LUA_SANDBOX_INT_H

#include <lua.h>
#include <signal.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "lua/api.h"
#include "lua/sandbox.h"

/* Why a run was stopped for good (pcall cannot catch these). */
/* PS_KILL_NOMEM: the allocator itself (not the cap) refused a block. */
enum { PS_KILL_NONE = 0, PS_KILL_INSTR, PS_KILL_MEM, PS_KILL_INTR, PS_KILL_NOMEM };

/* Bytes granted beyond the cap once a state is killed, so that the error
** message and its traceback can still be built while the script unwinds. */
#define PS_LUA_MEM_RESERVE ((size_t)1 << 20)
/* VM instructions between two calls of the count hook. */
#define PS_LUA_HOOK_STEP 10000
/* Bytes allocated per instruction charged to the budget (see sb_alloc). */
#define PS_LUA_ALLOC_STEP 64
#define PS_LUA_PATH_MAX 4096

struct ps_lua {
    lua_State *L;
    /* memory: everything the state holds, in bytes */
    size_t mem_limit, mem_used;
    /* the last refused request; refused twice in a row (Lua retries once
    ** after an emergency collection) means the live data is over the cap */
    const void *fail_ptr;
    size_t fail_osize, fail_nsize;
    /* instruction budget */
    long long instr_limit, instr_used;
    int killed;                 /* PS_KILL_* */
    /* set by ps_lua_interrupt, possibly from a signal handler; the count
    ** hook and ps_lua_charge turn it into PS_KILL_INTR */
    volatile sig_atomic_t interrupted;
    char kill_msg[256];         /* "memory limit of ..." without location */
    /* options (copies) */
    unsigned long seed;
    char *out_dir, *lib_dir, *model_root, *model_path, *models_dir;
    int nargs;
    char **arg_keys, **arg_values;
    void (*print)(void *ud, const char *s, size_t n);
    void *print_ud;
    void (*warn)(void *ud, const char *msg);
    int strict;
    ps_lang lang;
    gsl_rng *rng;
    ps_lua_api api;             /* services for the bindings (api.h) */
    /* the current run */
    char script_path[PS_LUA_PATH_MAX];  /* "" for an unnamed chunk */
    char script_dir[PS_LUA_PATH_MAX];   /* "" when none (require skips it) */
    char hash[65];
    int noted;                  /* 1 when `engine_err` holds an engine error */
    ps_error engine_err;
};

/* The sandbox of a state (the allocator's user data). */
ps_lua *ps_lua_of(lua_State *L);
/* Before each run: budget spent = 0, not killed, generator reseeded. */
void ps_lua_reset_limits(ps_lua *s);
/* Fill s->kill_msg for a PS_KILL_* reason (no location). */
void ps_lua_set_kill_msg(ps_lua *s, int why);
/* Raise the stored kill message with the current position, re-arming the
** hook of this thread on every instruction (never returns). */
int ps_lua_raise_killed(lua_State *L);
/* Charge `steps` units of work done inside a C function to the instruction
** budget (one unit costs about what one VM instruction does), and raise the
** kill error when the budget is spent or the run was interrupted.  The long
** C calls a script can make (pattern matching, table.move/sort/concat) call
** it, because the count hook never runs inside C. */
void ps_lua_charge(lua_State *L, long steps);

/* pattern.c: string.find/match/gmatch/gsub that charge their steps; they
** replace the fields of the string library table at index `strlib`. */
void ps_lua_open_patterns(lua_State *L, int strlib);
/* charge.c: table.move, table.sort and table.concat that charge their work
** before doing it; `tablib` is the index of the table library. */
void ps_lua_open_table_charges(lua_State *L, int tablib);

/* sandbox_env.c: the safe globals, per-script environments, wrappers. */
void ps_lua_open_safe(lua_State *L);
/* Push a new script environment (undefined globals raise an error). */
void ps_lua_push_env(lua_State *L);

/* Replace the table on top of the stack with a read-only view of it. */
void ps_lua_readonly(lua_State *L, const char *name);

/* require.c */
int ps_lua_require(lua_State *L);

/* random.c: math.random / math.randomseed on the GSL generator. */
void ps_lua_open_random(lua_State *L);

/* paths.c: the callbacks of ps_lua_api that touch the file system. */
int ps_lua_resolve_input(void *ud, const char *path, char *buf, size_t n, ps_error *err);


#endif
