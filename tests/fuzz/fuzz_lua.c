/*
** libFuzzer harness for the Lua API surface: the input is a scenario script,
** run in a fresh sandbox with small limits (4 MiB, 10^5 instructions) and the
** repository's models readable (run it from the repository root).  Whatever
** the script does, the run must end with a status and a message; an internal
** error (PS_ERR_INTERNAL, a bug of polsim) or a crash, leak or undefined
** behaviour is a finding.  Results the script writes go to a scratch folder.
** seeds/lua/ holds scripts that use the polsim API (models, scenarios,
** results, compare); lua.dict lists the API's names.
*/
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lua/sandbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char out_dir[64];

static void quiet(void *ud, const char *s, size_t n) {
    (void)ud;
    (void)s;
    (void)n;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

/* The scratch folder goes when the process ends (libFuzzer and the replay
** driver both end through exit). */
static void remove_out_dir(void) {
    nftw(out_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!out_dir[0]) {
        snprintf(out_dir, sizeof out_dir, "/tmp/polsim-fuzz-lua-%ld", (long)getpid());
        atexit(remove_out_dir);
    }
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.mem_limit = (size_t)4 << 20;
    o.instr_limit = 100000;
    o.out_dir = out_dir;
    o.print = quiet;
    ps_lua *s = NULL;
    ps_error err;
    ps_error_clear(&err);
    if (ps_lua_new(&o, &s, &err) != PS_OK) __builtin_trap();
    int rc = ps_lua_run_string(s, (const char *)data, size, "=fuzz", &err);
    if (rc == PS_ERR_INTERNAL || (rc != PS_OK && !err.message[0])) __builtin_trap();
    ps_lua_free(s);
    return 0;
}
