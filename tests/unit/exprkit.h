/*
** Test helpers for the analyse and compile tests: expression trees and small
** models built by hand (no parser needed), a seeded random generator, a
** frame to evaluate in, and a tolerance check.  Header-only: each test
** executable includes it once.
*/
#ifndef POLSIM_TEST_EXPRKIT_H
#define POLSIM_TEST_EXPRKIT_H

#include "analyse/analyse.h"
#include "compile/compile.h"
#include "util/arena.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- expression trees in a test arena ---- */

static ps_arena *kit_arena;

static inline ps_expr *kit_node(ps_op op, ps_expr *a, ps_expr *b) {
    if (!kit_arena) kit_arena = ps_arena_new();
    ps_expr *e = ps_arena_alloc(kit_arena, sizeof *e);
    e->op = op;
    e->a = a;
    e->b = b;
    return e;
}
static inline ps_expr *N(double v) {
    ps_expr *e = kit_node(PS_E_NUM, NULL, NULL);
    e->num = v;
    return e;
}
static inline ps_expr *V(int sym, int lag) {
    ps_expr *e = kit_node(PS_E_VAR, NULL, NULL);
    e->sym = sym;
    e->lag = lag;
    return e;
}
static inline ps_expr *U(ps_op op, ps_expr *a) { return kit_node(op, a, NULL); }
static inline ps_expr *B(ps_op op, ps_expr *a, ps_expr *b) { return kit_node(op, a, b); }
static inline ps_expr *ADD(ps_expr *a, ps_expr *b) { return B(PS_E_ADD, a, b); }
static inline ps_expr *SUB(ps_expr *a, ps_expr *b) { return B(PS_E_SUB, a, b); }
static inline ps_expr *MUL(ps_expr *a, ps_expr *b) { return B(PS_E_MUL, a, b); }
static inline ps_expr *DIV(ps_expr *a, ps_expr *b) { return B(PS_E_DIV, a, b); }
static inline ps_expr *POW(ps_expr *a, ps_expr *b) { return B(PS_E_POW, a, b); }

static inline void kit_reset(void) {
    ps_arena_free(kit_arena);
    kit_arena = NULL;
}

/* ---- hand-built models ---- */

/* Capacity for n + 1 items when n items are held: doubles at powers of two,
** so that building a 100,000-equation model is not quadratic. */
static inline void *kit_grow(void *v, int n, size_t size) {
    if (n > 0 && (n & (n - 1)) != 0) return v;
    return realloc(v, (size_t)(n ? 2 * n : 1) * size);
}

static inline int kit_sym(ps_model *m, const char *name, ps_symkind kind) {
    m->syms = kit_grow(m->syms, m->nsym, sizeof *m->syms);
    ps_symbol *s = &m->syms[m->nsym];
    memset(s, 0, sizeof *s);
    s->name = (char *)name;
    s->description = s->unit = (char *)"";
    s->kind = kind;
    s->equation = -1;
    s->slot = kind == PS_SYM_PARAM ? m->nparam++ : m->nseries++;
    return m->nsym++;
}

/* Equation determining `var`; behavioural ones (identity 0) get an
** add-factor symbol named "<label>_a" (label must then be a literal). */
static inline int kit_eq(ps_model *m, const char *label, int var, ps_lhs lhs, int identity,
                  ps_expr *rhs) {
    int af = -1;
    if (!identity) {
        static char names[64][40];
        static int used;
        char *n = names[used++ % 64];
        strcpy(n, label);
        strcat(n, "_a");
        af = kit_sym(m, n, PS_SYM_ADDFACTOR);
    }
    m->eqs = kit_grow(m->eqs, m->neq, sizeof *m->eqs);
    ps_equation *q = &m->eqs[m->neq];
    memset(q, 0, sizeof *q);
    q->label = (char *)label;
    q->identity = identity;
    q->lhs = lhs;
    q->var = var;
    q->addfactor = af;
    q->rhs = rhs;
    q->pos.line = m->neq + 1;
    q->pos.col = 1;
    m->syms[var].equation = m->neq;
    if (af >= 0) m->syms[af].equation = m->neq;
    return m->neq++;
}

static inline void kit_model_free(ps_model *m) {
    free(m->syms);
    free(m->eqs);
    memset(m, 0, sizeof *m);
}

/* ---- random numbers (xorshift64*, seeded: runs reproduce) ---- */

static uint64_t kit_rng = 88172645463325252ULL;
static inline uint64_t kit_next(void) {
    kit_rng ^= kit_rng >> 12;
    kit_rng ^= kit_rng << 25;
    kit_rng ^= kit_rng >> 27;
    return kit_rng * 2685821657736338717ULL;
}
static inline double kit_unif(double lo, double hi) {
    return lo + (hi - lo) * (double)(kit_next() >> 11) / 9007199254740992.0;
}
static inline int kit_int(int n) { return (int)(kit_next() % (uint64_t)n); }

/* ---- evaluation in a frame ---- */

typedef struct kit_frame {
    const ps_model *m;
    const double *data;         /* period-major, nseries per row */
    int t;                      /* current period index */
    const double *params;
} kit_frame;

static inline double kit_value(void *ctx, int sym, int lag) {
    kit_frame *f = ctx;
    const ps_symbol *s = &f->m->syms[sym];
    if (s->kind == PS_SYM_PARAM) return f->params[s->slot];
    return f->data[(size_t)(f->t + lag) * (size_t)f->m->nseries + (size_t)s->slot];
}

/* Same value: both NaN, equal infinities, or within rel * max(1, |want|). */
static inline int kit_close(double got, double want, double rel) {
    if (isnan(want)) return isnan(got);
    if (isinf(want)) return got == want;
    return fabs(got - want) <= rel * fmax(1.0, fabs(want));
}

#endif

/* ---- random expression trees ---- */

/* A random tree of depth <= depth over symbols 0..nsym-1 at lags 0..-maxlag.
** smooth = 1 restricts to differentiable operators (for finite differences);
** otherwise every operator appears, the internal ones (sign, le, gt) too.
** Constants favour 0, 1, -1 and 2 so that the simplifier's rules fire. */
static inline ps_expr *kit_random_expr(int depth, int nsym, int maxlag, int smooth) {
    if (depth <= 1 || kit_int(4) == 0) {
        if (kit_int(3) == 0) {
            static const double special[] = {0.0, 1.0, -1.0, 2.0, 0.5, 3.0};
            return N(kit_int(2) ? special[kit_int(6)] : kit_unif(-3, 3));
        }
        return V(kit_int(nsym), maxlag > 0 ? -kit_int(maxlag + 1) : 0);
    }
    static const ps_op all[] = {PS_E_NEG, PS_E_ADD, PS_E_SUB, PS_E_MUL, PS_E_DIV, PS_E_POW,
                                PS_E_LOG, PS_E_EXP, PS_E_SQRT, PS_E_ABS, PS_E_MIN, PS_E_MAX,
                                PS_E_SIGN, PS_E_LE, PS_E_GT, PS_E_ADD, PS_E_MUL, PS_E_SUB,
                                PS_E_NORMCDF};
    static const ps_op soft[] = {PS_E_NEG, PS_E_ADD, PS_E_SUB, PS_E_MUL, PS_E_DIV, PS_E_POW,
                                 PS_E_LOG, PS_E_EXP, PS_E_SQRT, PS_E_ADD, PS_E_MUL, PS_E_NORMCDF};
    ps_op op = smooth ? soft[kit_int((int)(sizeof soft / sizeof *soft))]
                      : all[kit_int((int)(sizeof all / sizeof *all))];
    ps_expr *a = kit_random_expr(depth - 1, nsym, maxlag, smooth);
    switch (op) {
    case PS_E_NEG: case PS_E_LOG: case PS_E_EXP: case PS_E_SQRT: case PS_E_ABS: case PS_E_SIGN:
    case PS_E_NORMCDF:
        return U(op, a);
    case PS_E_POW:
        /* Keep powers tame: a small constant exponent, or a variable one. */
        return POW(a, kit_int(3) ? N((double)kit_int(4) - 1.0 + (kit_int(2) ? 0.5 : 0.0))
                                 : kit_random_expr(2, nsym, maxlag, smooth));
    default:
        return B(op, a, kit_random_expr(depth - 1, nsym, maxlag, smooth));
    }
}

/* ---- printing, for failure messages ---- */

static inline void kit_format_rec(const ps_expr *e, char *buf, size_t n, size_t *off) {
    static const char *names[] = {"", "", "neg", "+", "-", "*", "/", "^", "log", "exp",
                                  "sqrt", "abs", "min", "max", "sign", "le", "gt", "normcdf"};
#define KIT_PUT(...)                                                                   \
    do {                                                                               \
        if (*off < n) {                                                                \
            int k_ = snprintf(buf + *off, n - *off, __VA_ARGS__);                      \
            if (k_ > 0) *off += (size_t)k_;                                            \
        }                                                                              \
    } while (0)
    switch (e->op) {
    case PS_E_NUM: KIT_PUT("%.17g", e->num); return;
    case PS_E_VAR: KIT_PUT("v%d(%d)", e->sym, e->lag); return;
    default: break;
    }
    KIT_PUT("(%s ", names[e->op]);
    kit_format_rec(e->a, buf, n, off);
    if (e->b) {
        KIT_PUT(" ");
        kit_format_rec(e->b, buf, n, off);
    }
    KIT_PUT(")");
#undef KIT_PUT
}

/* Prefix form, e.g. "(+ v0(0) (* 2 v1(-1)))"; returns buf. */
static inline const char *kit_format(const ps_expr *e, char *buf, size_t n) {
    size_t off = 0;
    buf[0] = '\0';
    kit_format_rec(e, buf, n, &off);
    return buf;
}

/* ps_expr_eval, except that a non-finite value anywhere inside makes the
** whole NaN: "defined" in the mathematical sense, with no division by zero,
** log of 0 or overflow on the way (IEEE infinities and signed zeros can turn
** such a value back into a finite number, which no rewrite must preserve). */
static inline double kit_eval_strict(const ps_expr *e,
                                     double (*value)(void *ctx, int sym, int lag), void *ctx) {
    if (e->op == PS_E_NUM || e->op == PS_E_VAR) {
        double v = ps_expr_eval(e, value, ctx);
        return isfinite(v) ? v : NAN;
    }
    double a = kit_eval_strict(e->a, value, ctx);
    double b = e->b ? kit_eval_strict(e->b, value, ctx) : 0.0;
    if (isnan(a) || isnan(b)) return NAN;
    ps_expr leaf_a = {.op = PS_E_NUM, .num = a}, leaf_b = {.op = PS_E_NUM, .num = b};
    ps_expr node = {.op = e->op, .a = &leaf_a, .b = e->b ? &leaf_b : NULL};
    double r = ps_expr_eval(&node, value, ctx);
    return isfinite(r) ? r : NAN;
}
