/*
** require(name) for sandboxed scripts: Lua text only (never C modules or
** bytecode), looked up in the running script's folder and then the library
** folder, with the same _ENV rules as a script, cached per state.
*/
#include "lua/sandbox_int.h"
#include "util/alloc.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/io.h"

#define NAME_MAX_LEN 200
#define MODULE_MAX_BYTES ((size_t)16 << 20)

static const char CACHE_KEY = 'c';   /* registry: name -> module value */
static const char LOADING = 'l';     /* cache value while a module runs */

/* Letters, digits, '_' and '.' between non-empty parts: "util.strings". */
static int valid_name(const char *name, size_t len) {
    if (len == 0 || len > NAME_MAX_LEN || name[0] == '.' || name[len - 1] == '.') return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '.';
        if (!ok || (c == '.' && name[i + 1] == '.')) return 0;
    }
    return 1;
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Fill path with the first existing candidate; else push the "not found"
** message and return 0. */
static int find_module(lua_State *L, const ps_lua *s, const char *name, char *path, size_t n) {
    char rel[NAME_MAX_LEN + 8];
    snprintf(rel, sizeof rel, "%s.lua", name);
    for (char *p = rel; *p; p++)
        if (*p == '.' && strcmp(p, ".lua") != 0) *p = '/';
    const char *dirs[2] = {s->script_dir, s->lib_dir};
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lua_pushfstring(L, "module '%s' not found (only Lua files are loaded):", name);
    luaL_addvalue(&b);
    int tried = 0;
    for (int i = 0; i < 2; i++) {
        if (!dirs[i] || !dirs[i][0]) continue;
        int len = snprintf(path, n, "%s/%s", dirs[i], rel);
        if (len < 0 || (size_t)len >= n) continue;
        if (is_file(path)) {
            luaL_pushresult(&b);
            lua_pop(L, 1);
            return 1;
        }
        lua_pushfstring(L, "\n\tno file '%s'", path);
        luaL_addvalue(&b);
        tried++;
    }
    if (!tried) luaL_addstring(&b, "\n\t(no script folder and no library folder to look in)");
    luaL_pushresult(&b);
    return 0;
}

/* Compile the module file as text, with a fresh _ENV; raises on error. */
static void load_module(lua_State *L, const char *path) {
    char name[PS_LUA_PATH_MAX + 2];
    ps_error err;
    ps_error_clear(&err);
    char *text = NULL;
    size_t len = 0;
    if (ps_file_read_all(path, MODULE_MAX_BYTES, &text, &len, &err)) {
        lua_pushstring(L, err.message);
        lua_error(L);
    }
    snprintf(name, sizeof name, "@%s", path);
    int st = luaL_loadbufferx(L, text, len, name, "t");
    ps_free(text); /* before any raise: nothing of C may be live across a longjmp */
    if (st != LUA_OK) lua_error(L);
    ps_lua_push_env(L);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
}

int ps_lua_require(lua_State *L) {
    size_t len;
    const char *name = luaL_checklstring(L, 1, &len);
    if (!valid_name(name, len))
        return luaL_error(L, "require: invalid module name '%s' (use letters, digits and '_', "
                             "with '.' between parts, as in \"util.strings\")", name);
    lua_settop(L, 1);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &CACHE_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &CACHE_KEY);
    }
    int cache = lua_gettop(L);                            /* 2 */
    int t = lua_getfield(L, cache, name);
    if (t == LUA_TLIGHTUSERDATA)
        return luaL_error(L, "require: module '%s' requires itself (circular require)", name);
    if (t != LUA_TNIL) return 1;
    lua_pop(L, 1);
    char path[PS_LUA_PATH_MAX];
    if (!find_module(L, ps_lua_of(L), name, path, sizeof path)) return lua_error(L);
    load_module(L, path);                                 /* 3: chunk */
    lua_pushlightuserdata(L, (void *)&LOADING);
    lua_setfield(L, cache, name);
    lua_pushstring(L, name);
    lua_pushstring(L, path);
    int st = lua_pcall(L, 2, 1, 0);
    if (st != LUA_OK) {
        ps_lua *s = ps_lua_of(L);
        if (st == LUA_ERRMEM && !s->killed) s->killed = PS_KILL_MEM;
        lua_pushnil(L);
        lua_setfield(L, cache, name); /* a later require may try again */
        return lua_error(L);
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, cache, name);
    return 1;
}
