/*
** Internal: the one allocator of libpolsim.
**
** Every heap block of the engine comes from ps_malloc / ps_calloc /
** ps_realloc / ps_strdup / ps_strndup and goes back through ps_free; cJSON,
** the Lua sandbox's capped lua_Alloc and SuiteSparse (KLU) are routed here
** too (ps_alloc_route_libraries).  GSL allocates with the C library's malloc
** and cannot be routed.  The functions behave exactly like their C library
** counterparts (NULL on failure, ps_free(NULL) does nothing), so a block may
** be released with free() and vice versa; the project still pairs them.
**
** The test hook (SQLite's "fail the N-th malloc" in src/malloc.c and
** test_malloc.c is the model): ps_alloc_fail_at(n) makes the n-th allocation
** from now fail, and every one after it until ps_alloc_fail_at(0), as a real
** out-of-memory does (a failure that lasts, so no retry hides it).  The
** counters are atomics, so Monte Carlo workers may allocate concurrently;
** while no failure is armed an allocation costs one relaxed atomic load.
*/
#ifndef PS_UTIL_ALLOC_H
#define PS_UTIL_ALLOC_H

#include <stddef.h>

void *ps_malloc(size_t n);
void *ps_calloc(size_t count, size_t size);
void *ps_realloc(void *p, size_t n); /* n == 0 frees p and returns NULL */
void ps_free(void *p);

/* A NUL-terminated copy, owned by the caller (ps_free).  NULL is copied as
** the empty string, so optional text fields come out owned and non-NULL. */
char *ps_strdup(const char *s);
/* A copy of the first n bytes of s (fewer if s ends before), NUL-terminated. */
char *ps_strndup(const char *s, size_t n);
/* Free the n strings of v, then v itself (a NULL v is nothing to free). */
void ps_free_strings(char **v, int n);

/* Allocations that returned NULL on the calling thread so far (refused by
** the hook or by the system).  For libraries whose only failure signal is a
** NULL that also means "bad input" (cJSON_Parse): compare the count before
** and after the call to tell out of memory from a syntax error. */
unsigned long ps_alloc_failures(void);

/* Test hook: the n-th allocation counted from this call fails, and so does
** every later one; n == 0 disarms it.  Resets both counters below. */
void ps_alloc_fail_at(long n);
/* Allocations attempted since the last ps_alloc_fail_at. */
long ps_alloc_count(void);
/* Allocations refused by the hook since the last ps_alloc_fail_at. */
long ps_alloc_refused(void);

/* Point cJSON's and SuiteSparse's allocation hooks at ps_malloc/ps_free.
** Idempotent and thread-safe; run once when libpolsim is loaded. */
void ps_alloc_route_libraries(void);

#endif
