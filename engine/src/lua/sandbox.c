/*
** The sandbox's life cycle and its two hard limits: a capped allocator and an
** instruction-count hook.  Both end a run "for good": once a limit is hit
** the hook fires on every instruction and raises again, and the pcall and
** coroutine.resume wrappers re-raise, so a script cannot catch its way past
** a limit (the approach of Redis' luaMaskCountHook).
*/
#include "lua/sandbox_int.h"
#include "util/alloc.h"

#include <gsl/gsl_errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"
#include "polsim/version.h"

#define MIB ((size_t)1 << 20)

void ps_lua_opts_init(ps_lua_opts *o) {
    memset(o, 0, sizeof *o);
    o->mem_limit = 256 * MIB;
    o->instr_limit = 2000000000LL;
    o->seed = 1;
    o->out_dir = "out";
    o->model_root = ".";
}

ps_lua *ps_lua_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

static void hook(lua_State *L, lua_Debug *ar);

/* ---- memory ---- */

/* lua_Alloc with a byte cap.  A refused request makes Lua run an emergency
** collection and ask once more (same block, same sizes).  That retry is
** granted only if the collection brought the state below 7/8 of the cap:
** live data closer to the cap than that would make every later allocation
** pay for a full collection, so the run is killed instead of thrashing. */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    ps_lua *s = ud;
    size_t old = ptr ? osize : 0; /* for new blocks osize is a type tag */
    if (nsize == 0) {
        ps_free(ptr);
        s->mem_used -= old;
        return NULL;
    }
    if (nsize > old) {
        int retry = s->fail_nsize == nsize && s->fail_ptr == ptr && s->fail_osize == osize;
        size_t cap = s->mem_limit;
        if (s->killed) cap += PS_LUA_MEM_RESERVE;
        else if (retry) cap -= cap / 8;
        size_t rest = s->mem_used - old;
        if (nsize > cap || rest > cap - nsize) {
            if (retry && !s->killed) s->killed = PS_KILL_MEM;
            s->fail_ptr = ptr;
            s->fail_osize = osize;
            s->fail_nsize = nsize;
            return NULL;
        }
    }
    void *p = ps_realloc(ptr, nsize);
    if (!p) {
        /* Out of memory below the cap: end the run for good, like the cap
        ** does, but report it as what it is (PS_ERR_NOMEM). */
        if (s->killed != PS_KILL_NOMEM) {
            s->killed = PS_KILL_NOMEM;
            s->kill_msg[0] = '\0';
        }
        return NULL;
    }
    s->mem_used = s->mem_used - old + nsize;
    /* Bytes a C function fills cost time the count hook never sees
    ** (string.rep, upper, format, concat of big strings in a loop): one step
    ** of the budget per PS_LUA_ALLOC_STEP bytes allocated.  The hook raises
    ** once the budget is spent; an allocator itself must not raise. */
    if (nsize > old) {
        s->instr_used += (long long)((nsize - old) / PS_LUA_ALLOC_STEP);
        /* spent: the hook runs at the next instruction, not 10^4 later
        ** (lua_sethook may be called at any time, even from here) */
        if (s->L && s->instr_limit > 0 && s->instr_used > s->instr_limit)
            lua_sethook(s->L, hook, LUA_MASKCOUNT, 1);
    }
    if (nsize > old) s->fail_nsize = 0; /* a success ends a run of refusals */
    return p;
}

static void fmt_mem(char *buf, size_t n, size_t bytes) {
    if (bytes % MIB == 0) snprintf(buf, n, "%zu MiB", bytes / MIB);
    else snprintf(buf, n, "%zu bytes", bytes);
}

/* ---- killing a run ---- */

void ps_lua_set_kill_msg(ps_lua *s, int why) {
    char mem[64];
    if (why == PS_KILL_INTR) {
        snprintf(s->kill_msg, sizeof s->kill_msg, "interrupted");
    } else if (why == PS_KILL_NOMEM) {
        snprintf(s->kill_msg, sizeof s->kill_msg, "out of memory");
    } else if (why == PS_KILL_INSTR) {
        snprintf(s->kill_msg, sizeof s->kill_msg,
                 "instruction budget of %lld exceeded (raise it with --max-instructions)",
                 s->instr_limit);
    } else {
        fmt_mem(mem, sizeof mem, s->mem_limit);
        snprintf(s->kill_msg, sizeof s->kill_msg,
                 "memory limit of %s exceeded (raise it with --max-memory)", mem);
    }
}

static void hook(lua_State *L, lua_Debug *ar);

int ps_lua_raise_killed(lua_State *L) {
    ps_lua *s = ps_lua_of(L);
    if (!s->kill_msg[0]) ps_lua_set_kill_msg(s, s->killed);
    lua_sethook(L, hook, LUA_MASKCOUNT, 1);
    luaL_where(L, 1);
    lua_pushstring(L, s->kill_msg);
    lua_concat(L, 2);
    return lua_error(L);
}

/* Count hook: charge the instructions since the last call (the hook count
** of this thread), and raise when the budget is spent or the state was
** killed elsewhere (a refused allocation, possibly caught by pcall). */
static void hook(lua_State *L, lua_Debug *ar) {
    ps_lua *s = ps_lua_of(L);
    if (s->interrupted && !s->killed) s->killed = PS_KILL_INTR;
    if (!s->killed) {
        s->instr_used += lua_gethookcount(L);
        if (s->instr_limit <= 0 || s->instr_used <= s->instr_limit) return;
        s->killed = PS_KILL_INSTR;
    }
    if (!s->kill_msg[0]) ps_lua_set_kill_msg(s, s->killed);
    lua_sethook(L, hook, LUA_MASKCOUNT, 1);
    /* The running function is level 0 inside a hook. */
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
        lua_pushfstring(L, "%s:%d: %s", ar->short_src, ar->currentline, s->kill_msg);
    else
        lua_pushstring(L, s->kill_msg);
    lua_error(L);
}

void ps_lua_charge(lua_State *L, long steps) {
    ps_lua *s = ps_lua_of(L);
    if (s->interrupted && !s->killed) s->killed = PS_KILL_INTR;
    if (!s->killed) {
        s->instr_used += steps;
        if (s->instr_limit <= 0 || s->instr_used <= s->instr_limit) return;
        s->killed = PS_KILL_INSTR;
    }
    ps_lua_raise_killed(L);
}

/* Async-signal-safe: one store.  The count hook runs at least every
** PS_LUA_HOOK_STEP instructions in every coroutine, and the charging C
** functions check the flag too, so the run stops within microseconds. */
void ps_lua_interrupt(ps_lua *s) {
    if (s) s->interrupted = 1;
}

void ps_lua_reset_limits(ps_lua *s) {
    s->killed = PS_KILL_NONE;
    s->interrupted = 0;
    s->kill_msg[0] = '\0';
    s->instr_used = 0;
    s->fail_nsize = 0;
    int step = PS_LUA_HOOK_STEP;
    if (s->instr_limit > 0 && s->instr_limit < step) step = (int)s->instr_limit;
    lua_sethook(s->L, hook, LUA_MASKCOUNT, step);
    gsl_rng_set(s->rng, s->seed);
}

/* ---- services for the bindings ---- */

static void api_print(void *ud, const char *text, size_t n) {
    ps_lua *s = ud;
    if (s->print) s->print(s->print_ud, text, n);
}

static int api_resolve_output(void *ud, const char *path, char *buf, size_t n, ps_error *err) {
    return ps_lua_resolve_output(ud, path, buf, n, err);
}

static int api_add_meta(void *ud, ps_result *r, ps_error *err) {
    ps_lua *s = ud;
    char seed[32], key[256];
    snprintf(seed, sizeof seed, "%lu", s->seed);
    int rc = ps_result_set_meta(r, "script", s->script_path, err);
    if (!rc) rc = ps_result_set_meta(r, "script_sha256", s->hash, err);
    if (!rc) rc = ps_result_set_meta(r, "seed", seed, err);
    for (int i = 0; !rc && i < s->nargs; i++) {
        snprintf(key, sizeof key, "set.%s", s->arg_keys[i]);
        rc = ps_result_set_meta(r, key, s->arg_values[i], err);
    }
    return rc;
}

/* Remember an engine error about to be raised in Lua.  A refused argument
** (PS_ERR_USAGE, e.g. a model path with "..") is the script's own mistake
** and stays a script error. */
static int api_warn(void *ud, const char *msg) {
    ps_lua *s = ud;
    if (s->strict) return 1;
    if (s->warn) s->warn(s->print_ud, msg);
    return 0;
}

static void api_note_error(void *ud, const ps_error *err) {
    ps_lua *s = ud;
    if (err->code == PS_ERR_USAGE || err->code == PS_ERR_SCRIPT) return;
    s->engine_err = *err;
    s->noted = 1;
}

/* ---- setup, inside lua_pcall so that running out of memory is an error ---- */

static void push_args(lua_State *L, const ps_lua *s) {
    lua_createtable(L, 0, s->nargs);
    for (int i = 0; i < s->nargs; i++) {
        /* "3" is the number 3, "0.5" the number 0.5, anything else a string */
        if (lua_stringtonumber(L, s->arg_values[i]) == 0) lua_pushstring(L, s->arg_values[i]);
        lua_setfield(L, -2, s->arg_keys[i]);
    }
}

static int setup(lua_State *L) {
    ps_lua *s = lua_touserdata(L, 1);
    ps_lua_open_safe(L);
    lua_pushglobaltable(L);
    lua_newtable(L);
    lua_pushliteral(L, PS_VERSION_STRING);
    lua_setfield(L, -2, "version");
    lua_pushinteger(L, (lua_Integer)s->seed);
    lua_setfield(L, -2, "seed");
    lua_pushstring(L, s->lang == PS_LANG_ZH ? "zh" : "en");
    lua_setfield(L, -2, "lang");
    push_args(L, s);
    lua_setfield(L, -2, "args");
    ps_lua_api_register(L, &s->api);
    ps_lua_readonly(L, "polsim");
    lua_setfield(L, -2, "polsim");
    return 0;
}

/* ---- life cycle ---- */

static int copy_str(char **dst, const char *src) {
    if (!src) return 0;
    *dst = ps_strdup(src);
    return *dst ? 0 : -1;
}

static int copy_opts(ps_lua *s, const ps_lua_opts *o) {
    s->mem_limit = o->mem_limit;
    s->instr_limit = o->instr_limit;
    s->seed = o->seed;
    s->print = o->print;
    s->print_ud = o->print_ud;
    s->warn = o->warn;
    s->strict = o->strict;
    s->lang = o->lang;
    if (copy_str(&s->out_dir, o->out_dir ? o->out_dir : "out") ||
        copy_str(&s->lib_dir, o->lib_dir) ||
        copy_str(&s->model_root, o->model_root ? o->model_root : ".") ||
        copy_str(&s->model_path, o->model_path) || copy_str(&s->models_dir, o->models_dir))
        return -1;
    if (o->nargs <= 0) return 0;
    s->arg_keys = ps_calloc((size_t)o->nargs, sizeof *s->arg_keys);
    s->arg_values = ps_calloc((size_t)o->nargs, sizeof *s->arg_values);
    if (!s->arg_keys || !s->arg_values) return -1;
    s->nargs = o->nargs;
    for (int i = 0; i < o->nargs; i++)
        if (copy_str(&s->arg_keys[i], o->arg_keys[i]) ||
            copy_str(&s->arg_values[i], o->arg_values[i] ? o->arg_values[i] : ""))
            return -1;
    return 0;
}

static int check_args(const ps_lua_opts *o, ps_error *err) {
    if (o->mem_limit < 16 * 1024)
        return ps_error_set(err, PS_ERR_USAGE,
                            "memory limit of %zu bytes is too small for a Lua state "
                            "(use at least 1 MiB)", o->mem_limit);
    for (int i = 0; i < o->nargs; i++)
        if (!o->arg_keys || !o->arg_keys[i] || !o->arg_keys[i][0])
            return ps_error_set(err, PS_ERR_USAGE, "--set value %d has no name (use NAME=VALUE)",
                                i + 1);
    return PS_OK;
}

int ps_lua_new(const ps_lua_opts *o, ps_lua **out, ps_error *err) {
    ps_lua_opts defaults;
    if (!o) {
        ps_lua_opts_init(&defaults);
        o = &defaults;
    }
    *out = NULL;
    int rc = check_args(o, err);
    if (rc) return rc;
    /* GSL's default handler aborts the process when gsl_rng_alloc fails;
    ** the NULL it returns once the handler is off is checked below. */
    gsl_set_error_handler_off();
    ps_lua *s = ps_calloc(1, sizeof *s);
    if (!s || copy_opts(s, o) || !(s->rng = gsl_rng_alloc(gsl_rng_mt19937))) {
        ps_lua_free(s);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory creating the Lua sandbox");
    }
    s->api = (ps_lua_api){s, api_resolve_output, ps_lua_resolve_input, api_print,
                          api_add_meta, api_note_error, api_warn,
                          o->csv_bom ? PS_CSV_BOM : 0u, s->lang};
    s->L = lua_newstate(sb_alloc, s);
    if (!s->L) {
        ps_lua_free(s);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory creating the Lua state");
    }
    ps_lua_reset_limits(s);
    lua_pushcfunction(s->L, setup);
    lua_pushlightuserdata(s->L, s);
    int st = lua_pcall(s->L, 1, 0, 0);
    if (st != LUA_OK) {
        char mem[64];
        fmt_mem(mem, sizeof mem, s->mem_limit);
        rc = s->killed == PS_KILL_NOMEM
                 ? ps_error_set(err, PS_ERR_NOMEM, "out of memory setting up the Lua sandbox")
             : st == LUA_ERRMEM || s->killed
                 ? ps_error_set(err, PS_ERR_LIMIT,
                                "memory limit of %s is too small to set up the Lua sandbox "
                                "(raise it with --max-memory)", mem)
                 : ps_error_set(err, PS_ERR_INTERNAL, "setting up the Lua sandbox failed: %s",
                                lua_type(s->L, -1) == LUA_TSTRING ? lua_tostring(s->L, -1) : "?");
        ps_lua_free(s);
        return rc;
    }
    lua_settop(s->L, 0);
    *out = s;
    return PS_OK;
}

void ps_lua_free(ps_lua *s) {
    if (!s) return;
    if (s->L) lua_close(s->L);
    if (s->rng) gsl_rng_free(s->rng);
    for (int i = 0; i < s->nargs; i++) {
        ps_free(s->arg_keys[i]);
        ps_free(s->arg_values[i]);
    }
    ps_free(s->arg_keys);
    ps_free(s->arg_values);
    ps_free(s->out_dir);
    ps_free(s->lib_dir);
    ps_free(s->model_root);
    ps_free(s->model_path);
    ps_free(s->models_dir);
    ps_free(s);
}

const char *ps_lua_script_hash(const ps_lua *s) {
    return s ? s->hash : "";
}
