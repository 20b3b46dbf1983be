/*
** The VM: evaluates one compiled expression for one period.
**
** The top of the stack is kept in a local (acc), so most instructions are a
** load and one arithmetic operation on registers; the stack in memory only
** holds left operands waiting for a right one.
**
** Dispatch is by computed goto where the compiler offers labels as values
** (GCC, Clang): each handler ends in its own indirect jump, which the branch
** predictor learns per opcode, instead of the single shared jump of a switch.
** The switch version is kept for other compilers and tested against it.
**
** Fast and slow halves.  A function that calls log or pow must keep its
** whole state in callee-saved registers, which costs a save and a restore of
** six registers on every evaluation -- as much as the arithmetic of a
** typical linear equation.  So the fast threaded loop calls nothing: at the
** first operation that needs libm it hands its state (ip, acc, sp) over to
** the slow threaded loop in a tail call, and that one finishes the code.
** Linear equations never leave the fast half; a log-linear one pays the
** save once, next to a log that costs more anyway.
**
** A compiled program does no checking here: a domain error shows as a NaN or
** Inf result, and the caller then asks ps_vm_diagnose why.
**
** Floating-point contraction (FMA) would make `acc + k * x` round once
** instead of twice and so differ from the tree it came from.  We build with
** -std=c11, under which GCC does not contract (-ffp-contract=off is the ISO
** mode default); the VM tests compare against the tree evaluator and would
** notice if a build did.
*/
#include "compile/compile_int.h"
#include "analyse/ops.h"

#include <math.h>

#if defined(__GNUC__) && !defined(PS_VM_NO_THREADING)
#define PS_VM_THREADED 1
#else
#define PS_VM_THREADED 0
#endif

/* Term q of a LIN instruction: (+-k) * x (acc + (-k) * x == acc - k * x
** exactly).  lin_k is the signed k; the code generator folds the sign into
** constants, so the branch is only ever taken for parameters. */
static inline double lin_k(const ps_instr *q, const double *P, const double *K) {
    double k = (q->op & PS_LIN_CONST ? K : P)[q->arg];
    return q->op & PS_LIN_MINUS ? -k : k;
}
#define LIN_K(q) (((q)->op & PS_LIN_CONST ? K : P)[(q)->arg])
#define LIN_TERM(q) (lin_k(q, P, K) * row[(q)[1].arg])
#define LIN_LOGTERM(q)                                                                   \
    (lin_k(q, P, K) * ((q)->op & PS_LIN_LOG ? ps_op_log(row[(q)[1].arg]) : row[(q)[1].arg]))

/* A run's store: v - v is 0 for a finite v and NaN for an infinite or NaN
** one, so chk stays 0 exactly while every stored value is finite; no branch. */
#define STORE(v, k)                                                                      \
    do {                                                                                 \
        double v_ = (v);                                                                 \
        dst[ip[k].arg] = v_;                                                             \
        chk += v_ - v_;                                                                  \
    } while (0)

/* Finiteness of an intermediate value (see vm_body.h). */
#define FCHK(v) (chk += (v) - (v))
#define FCHK2(v, w) (chk += ((v) - (v)) + ((w) - (w)))

/* The switch loop, from any point of a code with any state. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static double vm_switch(const double *K, const ps_instr *ip, double acc, double *sp,
                        const double *row, const double *P, double *dst, double chk) {
#define OPCASE(name) case PS_OP_##name:
#define NEXT(k) { ip += (k); continue; }
#define CALLOP(name, k, ...) OPCASE(name) __VA_ARGS__; NEXT(k);
    for (;;) {
        switch (ip->op) {
#include "compile/vm_body.h"
        default: return NAN;
        }
    }
#undef OPCASE
#undef NEXT
#undef CALLOP
}

double ps_vm_eval_switch(const ps_program *p, ps_codeid c, const double *row,
                         const double *params, double *stack) {
    return vm_switch(p->consts, p->instr + p->codes[c].start, 0.0, stack, row, params, NULL,
                     0.0);
}

double ps_vm_run_switch(const ps_program *p, ps_codeid c, const double *row,
                        const double *params, double *stack, double *dst) {
    return vm_switch(p->consts, p->instr + p->codes[c].start, 0.0, stack, row, params, dst,
                     0.0);
}

#if PS_VM_THREADED
/* Labels as values are a GNU extension; -Wpedantic would say so. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"

#define PS_LABEL(name, kind, effect, slots, cls, tail, term, store) &&op_##name,
#define OPCASE(name) op_##name:
#define NEXT(k) do { ip += (k); goto *labels[ip->op]; } while (0)

/* The slow half: threaded too, calls libm in place. */
__attribute__((noinline))
static double vm_slow(const double *K, const ps_instr *ip, double acc, double *sp,
                      const double *row, const double *P, double *dst, double chk) {
    static const void *const labels[PS_OP_COUNT_] = {PS_OPCODES(PS_LABEL)};
#define CALLOP(name, k, ...) OPCASE(name) __VA_ARGS__; NEXT(k);
    NEXT(0);
#include "compile/vm_body.h"
#undef CALLOP
}

/* The fast half: calls nothing, so it saves only the registers its LIN
** loops need; hands over to vm_slow (a tail call) at the first operation
** that needs libm.  A run stays in the slow half from there to its END. */
static double vm_fast(const double *K, const ps_instr *ip, const double *row,
                      const double *P, double *stack, double *dst) {
    static const void *const labels[PS_OP_COUNT_] = {PS_OPCODES(PS_LABEL)};
    double acc = 0.0, chk = 0.0, *sp = stack;
#define CALLOP(name, k, ...) OPCASE(name) return vm_slow(K, ip, acc, sp, row, P, dst, chk);
    NEXT(0);
#include "compile/vm_body.h"
#undef CALLOP
}

double ps_vm_eval(const ps_program *p, ps_codeid c, const double *row,
                  const double *params, double *stack) {
    return vm_fast(p->consts, p->instr + p->codes[c].start, row, params, stack, NULL);
}

double ps_vm_run(const ps_program *p, ps_codeid c, const double *row,
                 const double *params, double *stack, double *dst) {
    return vm_fast(p->consts, p->instr + p->codes[c].start, row, params, stack, dst);
}
#undef PS_LABEL
#undef OPCASE
#undef NEXT
#pragma GCC diagnostic pop

int ps_vm_threaded(void) {
    return 1;
}
#else
double ps_vm_eval(const ps_program *p, ps_codeid c, const double *row,
                  const double *params, double *stack) {
    return ps_vm_eval_switch(p, c, row, params, stack);
}

double ps_vm_run(const ps_program *p, ps_codeid c, const double *row,
                 const double *params, double *stack, double *dst) {
    return ps_vm_run_switch(p, c, row, params, stack, dst);
}

int ps_vm_threaded(void) {
    return 0;
}
#endif
