/*
** The Lua 5.4 sandbox that scenario scripts run in, with the polsim API.
**
** Scripts are untrusted code.  A sandbox gives them only the base, table,
** string, math, utf8 and coroutine libraries (no io, os, package, debug; no
** dofile, loadfile, string.dump; `load` text-only), a `require` restricted to
** Lua text in the script's folder and the library folder, their own _ENV in
** which reading an undefined global is an error, a memory cap, an
** instruction budget that pcall cannot swallow, math.random backed by the
** engine's seeded generator, and file writes only under the output folder.
** docs/lua-sandbox.md describes what a script can and cannot do;
** docs/lua-api.md the `polsim` API it sees.
**
** Ownership: ps_lua_new returns a sandbox owned by the caller (ps_lua_free,
** NULL-safe).  Option strings are copied.  One sandbox runs one script at a
** time and is not thread-safe.
*/
#ifndef POLSIM_LUA_H
#define POLSIM_LUA_H

#include <stddef.h>
#include "polsim/error.h"
#include "output/output.h"  /* ps_lang */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_lua ps_lua;

typedef struct ps_lua_opts {
    size_t mem_limit;           /* bytes the Lua state may hold; default 256 MiB */
    long long instr_limit;      /* VM instructions per run; default 2e9; 0 = none */
    unsigned long seed;         /* math.random seed; default 1 */
    const char *out_dir;        /* where scripts may write; default "out" */
    const char *lib_dir;        /* shared Lua modules (scripts/lib); NULL = none */
    const char *model_root;     /* models are read below this folder; default "." */
    /* Model search path (docs/lua-sandbox.md): a relative model path is
    ** looked up in the script's folder, then model_root, then each folder of
    ** model_path (colon-separated, like $POLSIM_PATH; NULL = none), then
    ** models_dir (the installed example models; NULL = none).  Absolute
    ** paths are read as given. */
    const char *model_path;
    const char *models_dir;
    int nargs;                  /* --set NAME=VALUE pairs, visible as polsim.args */
    const char *const *arg_keys;
    const char *const *arg_values;
    /* Where print() and the API's printed tables go.  NULL: discarded (the
    ** library never writes to stdout itself; the CLI passes a writer). */
    void (*print)(void *ud, const char *s, size_t n);
    void *print_ud;
    /* Warnings of the API (the unit guard: "loan_g 2024 = 0.1: did you mean
    ** 10 (percent)?"), one NUL-terminated line with the script's position,
    ** given print_ud.  NULL: discarded.  strict != 0 makes each an error of
    ** the script instead (--strict). */
    void (*warn)(void *ud, const char *msg);
    int strict;
    /* Non-zero: every CSV file the script writes (r:write, c:write) starts
    ** with the UTF-8 byte-order mark, for Excel (--bom; frame.h). */
    int csv_bom;
    /* Language of the tables the script prints (polsim.table, c:print ...)
    ** unless a call names one; the script reads it as polsim.lang ("en" or
    ** "zh").  Default PS_LANG_EN (--lang). */
    ps_lang lang;
} ps_lua_opts;

void ps_lua_opts_init(ps_lua_opts *o);

int ps_lua_new(const ps_lua_opts *o, ps_lua **out, ps_error *err);
void ps_lua_free(ps_lua *s);

/* Run a script file.  Errors: PS_ERR_SCRIPT ("path:LINE: message" and a
** traceback in err->message; err->file and err->line set), PS_ERR_LIMIT
** (memory or instruction budget), PS_ERR_IO (unreadable file).  Errors of
** the engine that a script did not catch keep their code (PS_ERR_SOLVE ...)
** so the CLI can report a solver failure as such. */
int ps_lua_run_file(ps_lua *s, const char *path, ps_error *err);
int ps_lua_run_string(ps_lua *s, const char *chunk, size_t len, const char *chunkname,
                      ps_error *err);

/* Resolve `path` for writing under the output folder (creating folders as
** needed): relative paths only; "..", absolute paths and symbolic links that
** leave the folder are refused with a clear message.  Fills buf. */
int ps_lua_resolve_output(ps_lua *s, const char *path, char *buf, size_t n, ps_error *err);

/* SHA-256 (hex) of the last script run, "" before any. */
const char *ps_lua_script_hash(const ps_lua *s);

/* Stop the run in progress of `s` as soon as possible: it ends with
** PS_ERR_LIMIT and the message "interrupted" (pcall cannot catch it).
** Async-signal-safe (it only sets a flag), so a SIGINT handler may call it;
** the next run starts uninterrupted. */
void ps_lua_interrupt(ps_lua *s);

#ifdef __cplusplus
}
#endif
#endif
