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
** state in callee-saved registers, which costs a save and a restore of six
** registers on every evaluation -- as much as the arithmetic of a typical
** linear equation.  So the threaded loop calls nothing: at the first
** operation that needs libm it hands its state (ip, acc, sp) over to the
** switch loop in a tail call, and that one finishes the expression.  Linear
** equations never leave the fast half; a log-linear one pays the save once,
** next to an exp that costs more anyway.
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

/* The switch loop, from any point of a code with any state. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static double vm_switch(const ps_program *p, const ps_instr *ip, double acc, double *sp,
                        const double *row, const double *P) {
    const double *K = p->consts;
#define OPCASE(name) case PS_OP_##name:
#define NEXT(k) { ip += (k); continue; }
#define CALLOP(name, stmt) OPCASE(name) stmt; NEXT(1)
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
    return vm_switch(p, p->instr + p->codes[c].start, 0.0, stack, row, params);
}

#if PS_VM_THREADED
/* Labels as values are a GNU extension; -Wpedantic would say so. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
double ps_vm_eval(const ps_program *p, ps_codeid c, const double *row,
                  const double *params, double *stack) {
    static const void *const labels[PS_OP_COUNT_] = {
#define PS_LABEL(name, kind, effect, slots) &&op_##name,
        PS_OPCODES(PS_LABEL)
#undef PS_LABEL
    };
    const ps_instr *ip = p->instr + p->codes[c].start;
    const double *P = params, *K = p->consts;
    double acc = 0.0, *sp = stack;
#define OPCASE(name) op_##name:
#define NEXT(k) do { ip += (k); goto *labels[ip->op]; } while (0)
#define CALLOP(name, stmt) OPCASE(name) return vm_switch(p, ip, acc, sp, row, P);
    NEXT(0);
#include "compile/vm_body.h"
#undef OPCASE
#undef NEXT
#undef CALLOP
}
#pragma GCC diagnostic pop

int ps_vm_threaded(void) {
    return 1;
}
#else
double ps_vm_eval(const ps_program *p, ps_codeid c, const double *row,
                  const double *params, double *stack) {
    return ps_vm_eval_switch(p, c, row, params, stack);
}

int ps_vm_threaded(void) {
    return 0;
}
#endif
