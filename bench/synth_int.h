/*
** Internals shared by the generator's files (synth.c builds, synth_emit.c
** prints, synth_sim.c evaluates).  Not part of any public interface.
*/
#ifndef POLSIM_BENCH_SYNTH_INT_H
#define POLSIM_BENCH_SYNTH_INT_H

#include <stddef.h>
#include "synth.h"

/* Bump allocator: the generator makes millions of small nodes that all die
** together with the model. */
typedef struct sy_arena sy_arena;
sy_arena *sy_arena_new(void);
void sy_arena_free(sy_arena *a);
void *sy_arena_alloc(sy_arena *a, size_t n);     /* zeroed; NULL on no memory */

/* Growable text buffer; `failed` sticks after the first allocation failure so
** that callers check once at the end. */
typedef struct sy_buf {
    char *s;
    size_t len, cap;
    int failed;
} sy_buf;
void sy_buf_printf(sy_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sy_buf_puts(sy_buf *b, const char *s);

/* The decimal form in which every generated number is printed: at most 10
** significant digits and never an exponent. */
void sy_fmt_num(double x, char *buf, size_t n);
/* x rounded to exactly what sy_fmt_num prints. */
double sy_round(double x);

#endif
