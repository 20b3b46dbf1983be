/*
** The one allocator (alloc.h): the C library's allocator behind a
** fail-the-N-th-allocation test hook.  Nothing here allocates in a hot loop
** of the solver (those use workspaces allocated before the loop), so the
** hook's cost is one relaxed atomic load per allocation while disarmed.
*/
#define _DEFAULT_SOURCE /* madvise advice beyond POSIX */
#include "util/alloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
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

/* Blocks of 4 MiB and more (a stacked Jacobian's LU factors, the frames of
** a long horizon) are asked to be backed by transparent huge pages where the
** kernel allows it (Linux, mode "madvise" or "always").  Their first touch
** then costs one fault per 2 MiB instead of one per 4 KiB: a one-shot solve
** of the 121-equation sectors model faults 1,400 times instead of 2,500 and
** runs about 15 % faster (bench/peers/run_fwd.sh, "polsim process").  Only
** advice: where it is refused or unknown nothing changes. */
#define PS_HUGE_MIN ((size_t)4 << 20)
static void *huge(void *p, size_t n) {
#ifdef MADV_HUGEPAGE
    if (p && n >= PS_HUGE_MIN) {
        long sz = sysconf(_SC_PAGESIZE);
        uintptr_t page = sz > 0 ? (uintptr_t)sz : 4096, a = ((uintptr_t)p + page - 1) & ~(page - 1);
        uintptr_t e = ((uintptr_t)p + n) & ~(page - 1);
        if (e > a) (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
    }
#else
    (void)n;
#endif
    return p;
}

void *ps_malloc(size_t n) {
    void *p = refuse() ? NULL : huge(malloc(n), n);
    return p || !n ? p : failed();
}

void *ps_calloc(size_t count, size_t size) {
    void *p = refuse() ? NULL : huge(calloc(count, size), count * size);
    return p || !count || !size ? p : failed();
}

void *ps_realloc(void *p, size_t n) {
    if (n == 0) {
        free(p); /* C23 makes realloc(p, 0) undefined; say what we mean */
        return NULL;
    }
    void *q = refuse() ? NULL : huge(realloc(p, n), n);
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
