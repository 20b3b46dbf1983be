/*
** The one allocator (alloc.h): the C library's allocator behind a
** fail-the-N-th-allocation test hook.  Nothing here allocates in a hot loop
** of the solver (those use workspaces allocated before the loop), so the
** hook's cost is one relaxed atomic load per allocation while disarmed.
*/
#include "util/alloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <SuiteSparse_config.h>

/* fail_at > 0: the fail_at-th counted allocation and all later ones fail. */
static atomic_long fail_at;
static atomic_long attempts;
static atomic_long refused;

static _Thread_local unsigned long failures;

/* 1 when this allocation must be refused. */
static int refuse(void) {
    long at = atomic_load_explicit(&fail_at, memory_order_relaxed);
    if (at <= 0) return 0;
    if (atomic_fetch_add(&attempts, 1) + 1 < at) return 0;
    atomic_fetch_add(&refused, 1);
    return 1;
}

/* Every NULL handed out passes here: counted, and errno set as malloc does. */
static void *failed(void) {
    failures++;
    errno = ENOMEM;
    return NULL;
}

void *ps_malloc(size_t n) {
    void *p = refuse() ? NULL : malloc(n);
    return p || !n ? p : failed();
}

void *ps_calloc(size_t count, size_t size) {
    void *p = refuse() ? NULL : calloc(count, size);
    return p || !count || !size ? p : failed();
}

void *ps_realloc(void *p, size_t n) {
    if (n == 0) {
        free(p); /* C23 makes realloc(p, 0) undefined; say what we mean */
        return NULL;
    }
    void *q = refuse() ? NULL : realloc(p, n);
    return q ? q : failed();
}

void ps_free(void *p) {
    free(p);
}

void ps_free_strings(char **v, int n) {
    if (!v) return;
    for (int i = 0; i < n; i++) ps_free(v[i]);
    ps_free(v);
}

char *ps_strndup(const char *s, size_t n) {
    if (!s) s = "";
    size_t len = 0;
    while (len < n && s[len]) len++;
    char *d = ps_malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

char *ps_strdup(const char *s) {
    if (!s) s = "";
    size_t n = strlen(s) + 1;
    char *d = ps_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

unsigned long ps_alloc_failures(void) {
    return failures;
}

void ps_alloc_fail_at(long n) {
    atomic_store(&fail_at, 0);
    atomic_store(&attempts, 0);
    atomic_store(&refused, 0);
    atomic_store(&fail_at, n > 0 ? n : 0);
}

long ps_alloc_count(void) {
    return atomic_load(&attempts);
}

long ps_alloc_refused(void) {
    return atomic_load(&refused);
}

/* ---- the libraries' hooks ---- */

static void route_once(void) {
    /* cJSON then allocates its print buffers with malloc + copy instead of
    ** realloc: the same results, and every block goes through the hook. */
    cJSON_Hooks h = {ps_malloc, ps_free};
    cJSON_InitHooks(&h);
    /* SuiteSparse 5 keeps its allocator in one global struct that KLU,
    ** AMD, COLAMD and BTF all allocate through (SuiteSparse_malloc). */
    SuiteSparse_config.malloc_func = ps_malloc;
    SuiteSparse_config.calloc_func = ps_calloc;
    SuiteSparse_config.realloc_func = ps_realloc;
    SuiteSparse_config.free_func = ps_free;
}

void ps_alloc_route_libraries(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, route_once);
}

/* Loaded with libpolsim: before any entry point can parse JSON or factor a
** matrix.  Harmless to a program that also uses cJSON, since ps_malloc is
** malloc while no failure is armed. */
__attribute__((constructor)) static void route_at_load(void) {
    ps_alloc_route_libraries();
}
