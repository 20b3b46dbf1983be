/*
** Running a script: load it as text under the chunk name "@path", give it
** its own _ENV, call it with a traceback message handler, and turn the
** outcome into a ps_error (script error, limit, or the engine error that
** the script did not catch).
*/
#include "lua/sandbox_int.h"
#include "util/alloc.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

/* Scripts larger than this are surely not hand-written scenarios. */
#define SCRIPT_MAX_BYTES ((size_t)64 << 20)

typedef struct chunk_in {
    const char *buf;
    size_t len;
    const char *name;
    int load_status;
} chunk_in;

/* Message handler: the error text, then the stack traceback. */
static int msgh(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            msg = lua_tostring(L, -1);
        else
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Protected: compile the chunk (text only) and give it a fresh _ENV. */
static int prepare(lua_State *L) {
    chunk_in *c = lua_touserdata(L, 1);
    c->load_status = luaL_loadbufferx(L, c->buf, c->len, c->name, "t");
    if (c->load_status != LUA_OK) return 1; /* the syntax error message */
    ps_lua_push_env(L);
    /* A main chunk has exactly one upvalue, _ENV. */
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return 1;
}

/* "file:LINE: ..." -> file and line.  Lua shortens long chunk names to
** "...tail"; then the run's own path is the file when it ends with tail. */
static void parse_where(const char *msg, const char *path, ps_error *err) {
    const char *nl = strchr(msg, '\n');
    size_t first = nl ? (size_t)(nl - msg) : strlen(msg);
    for (size_t i = 0; i < first; i++) {
        if (msg[i] != ':' || msg[i + 1] < '0' || msg[i + 1] > '9') continue;
        size_t j = i + 1;
        int line = 0;
        while (j < first && msg[j] >= '0' && msg[j] <= '9' && line < 100000000)
            line = line * 10 + (msg[j++] - '0');
        if (j >= first || msg[j] != ':') continue;
        char file[sizeof err->file];
        snprintf(file, sizeof file, "%.*s", (int)i, msg);
        size_t pl = strlen(path), tl = i >= 3 ? i - 3 : 0;
        if (strncmp(file, "...", 3) == 0 && pl >= tl && strcmp(path + pl - tl, file + 3) == 0) {
            snprintf(file, sizeof file, "%s", path);
            /* The message then starts with the whole path too, so that it reads
            ** as placed and the location is printed once (ps_error_format). */
            if (msg == err->message) {
                char whole[sizeof err->message];
                snprintf(whole, sizeof whole, "%s%s", path, msg + i);
                memcpy(err->message, whole, sizeof whole);
            }
        }
        ps_error_at(err, file, line, 0);
        return;
    }
    if (path[0]) ps_error_at(err, path, 0, 0);
}

/* Errors passed up through nested coroutine.wrap calls gain one "where: "
** per level ("f.lua:4: f.lua:4: ... C stack overflow"); keep one. */
static const char *skip_repeats(const char *msg) {
    const char *p = msg;
    while (*p && *p != '\n' && !(p[0] == ':' && p[1] >= '0' && p[1] <= '9')) p++;
    if (*p != ':') return msg;
    p++;
    while (*p >= '0' && *p <= '9') p++;
    if (p[0] != ':' || p[1] != ' ') return msg;
    size_t n = (size_t)(p + 2 - msg);
    while (strncmp(msg + n, msg, n) == 0) msg += n;
    return msg;
}

static int finish_limit(ps_lua *s, const char *msg, const char *where, ps_error *err) {
    if (!s->killed) s->killed = PS_KILL_MEM; /* a memory error nobody retried */
    if (!s->kill_msg[0]) ps_lua_set_kill_msg(s, s->killed);
    int code = s->killed == PS_KILL_NOMEM ? PS_ERR_NOMEM : PS_ERR_LIMIT;
    if (msg && strstr(msg, s->kill_msg)) ps_error_set(err, code, "%s", msg);
    else if (where[0]) ps_error_set(err, code, "%s: %s", where, s->kill_msg);
    else ps_error_set(err, code, "%s", s->kill_msg);
    parse_where(err->message, s->script_path, err);
    return code;
}

/* An engine error (say a failed solve) that reached the top uncaught keeps
** its code and record; the script's traceback is appended. */
static int finish_engine(ps_lua *s, const char *msg, ps_error *err) {
    const char *tb = strstr(msg, "\nstack traceback:");
    *err = s->engine_err;
    size_t n = strlen(err->message);
    if (tb) snprintf(err->message + n, sizeof err->message - n, "%s", tb);
    return err->code;
}

static int finish(ps_lua *s, int st, const char *chunkname, ps_error *err) {
    if (st == LUA_OK) return PS_OK;
    lua_State *L = s->L;
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? skip_repeats(lua_tostring(L, -1)) : NULL;
    const char *where = s->script_path[0] ? s->script_path : chunkname + 1;
    ps_error_clear(err);
    if (!err)
        return s->killed == PS_KILL_NOMEM          ? PS_ERR_NOMEM
               : st == LUA_ERRMEM || s->killed     ? PS_ERR_LIMIT
                                                   : PS_ERR_SCRIPT;
    if (s->killed || st == LUA_ERRMEM) return finish_limit(s, msg, where, err);
    if (msg && s->noted && s->engine_err.message[0] && strstr(msg, s->engine_err.message))
        return finish_engine(s, msg, err);
    ps_error_set(err, PS_ERR_SCRIPT, "%s", msg ? msg : "(error object is not a string)");
    parse_where(err->message, s->script_path, err);
    return PS_ERR_SCRIPT;
}

static int run(ps_lua *s, const char *buf, size_t len, const char *chunkname, ps_error *err) {
    lua_State *L = s->L;
    chunk_in c = {buf, len, chunkname, LUA_OK};
    ps_lua_reset_limits(s);
    s->noted = 0;
    lua_settop(L, 0);
    lua_gc(L, LUA_GCCOLLECT); /* what an earlier run left behind */
    lua_pushcfunction(L, msgh);
    lua_pushcfunction(L, prepare);
    lua_pushlightuserdata(L, &c);
    int st = lua_pcall(L, 1, 1, 0);
    if (st == LUA_OK && c.load_status != LUA_OK) st = c.load_status;
    else if (st == LUA_OK) st = lua_pcall(L, 0, 0, 1);
    int rc = finish(s, st, chunkname, err);
    lua_settop(L, 0);
    return rc;
}

static void set_script(ps_lua *s, const char *path, const void *text, size_t len) {
    snprintf(s->script_path, sizeof s->script_path, "%s", path);
    const char *slash = strrchr(path, '/');
    if (!path[0]) s->script_dir[0] = '\0';
    else if (!slash) snprintf(s->script_dir, sizeof s->script_dir, ".");
    else if (slash == path) snprintf(s->script_dir, sizeof s->script_dir, "/");
    else snprintf(s->script_dir, sizeof s->script_dir, "%.*s", (int)(slash - path), path);
    ps_sha256_hex(text, len, s->hash);
}

int ps_lua_run_file(ps_lua *s, const char *path, ps_error *err) {
    char name[PS_LUA_PATH_MAX + 2];
    if (!s || !path || !path[0])
        return ps_error_set(err, PS_ERR_USAGE, "ps_lua_run_file: no sandbox or no script path");
    if (strlen(path) >= PS_LUA_PATH_MAX)
        return ps_error_set(err, PS_ERR_USAGE, "script path is too long (%zu bytes; at most %d)",
                            strlen(path), PS_LUA_PATH_MAX - 1);
    char *text = NULL;
    size_t len = 0;
    int rc = ps_file_read_all(path, SCRIPT_MAX_BYTES, &text, &len, err);
    if (rc) return rc;
    snprintf(name, sizeof name, "@%s", path);
    set_script(s, path, text, len);
    rc = run(s, text, len, name, err);
    ps_free(text);
    return rc;
}

int ps_lua_run_string(ps_lua *s, const char *chunk, size_t len, const char *chunkname,
                      ps_error *err) {
    char name[PS_LUA_PATH_MAX + 2];
    if (!s || !chunk)
        return ps_error_set(err, PS_ERR_USAGE, "ps_lua_run_string: no sandbox or no chunk");
    if (!chunkname || !chunkname[0]) chunkname = "=script";
    if (chunkname[0] == '@' || chunkname[0] == '=')
        snprintf(name, sizeof name, "%s", chunkname);
    else
        snprintf(name, sizeof name, "=%s", chunkname);
    /* Only "@path" names a file: its folder is where require looks first. */
    set_script(s, name[0] == '@' ? name + 1 : "", chunk, len);
    return run(s, chunk, len, name, err);
}
