/*
** Built only when Lua is compiled from source with its internal assertions and
** API checks (POLSIM_LUA_SOURCE, the sanitizer build: `make asan`).  The Lua
** tests of that build are only worth their name if the checks are really on,
** so this program misuses the API on purpose in a child process and requires
** Lua's own assertion to stop it (SIGABRT, with lapi.c's message), while the
** same calls used correctly pass.  Exit 0 when both hold.
*/
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Pop more values than the stack holds: "invalid new top" in lua_settop. */
static void misuse(int wrong) {
    lua_State *L = luaL_newstate();
    if (!L) _exit(3);
    lua_pushinteger(L, 1);
    lua_pop(L, wrong ? 2 : 1);
    lua_close(L);
    _exit(0);
}

/* Run misuse(wrong) in a child; its stderr goes to buf. */
static int run(int wrong, char *buf, size_t cap, int *sig) {
    int fd[2];
    if (pipe(fd) != 0) return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], STDERR_FILENO);
        misuse(wrong);
    }
    close(fd[1]);
    size_t n = 0;
    ssize_t r;
    while (n + 1 < cap && (r = read(fd[0], buf + n, cap - 1 - n)) > 0) n += (size_t)r;
    buf[n] = '\0';
    close(fd[0]);
    int st;
    if (waitpid(pid, &st, 0) != pid) return -1;
    *sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void) {
    char err[4096];
    int sig;
    int rc = run(0, err, sizeof err, &sig);
    if (rc != 0 || sig != 0) {
        fprintf(stderr, "FAIL: a correct lua_pop ended with status %d, signal %d:\n%s\n", rc, sig,
                err);
        return 1;
    }
    rc = run(1, err, sizeof err, &sig);
    if (sig != SIGABRT || !strstr(err, "invalid new top")) {
        fprintf(stderr,
                "FAIL: popping more than the stack holds was not stopped by Lua's API check "
                "(status %d, signal %d); is Lua built with LUA_USE_APICHECK?\n%s\n",
                rc, sig, err);
        return 1;
    }
    printf("Lua's API checks are on: %s", err);
    return 0;
}
