/* Internal: the compiler's pieces, shared by its files and by the tests. */
#ifndef PS_COMPILE_INT_H
#define PS_COMPILE_INT_H

#include "compile/compile.h"
#include "compile/opcodes.h"

/* The program as allocated: the public part first, then the pools its
** per-block arrays point into (one allocation each instead of four per block). */
typedef struct ps_program_impl {
    ps_program pub;
    int *ipool;
    ps_codeid *cpool;
    size_t const_cap, instr_cap, code_cap;
    uint32_t *const_hash;       /* open addressing: constant index + 1, 0 = empty */
    size_t hash_cap;
} ps_program_impl;

/* An empty program for model m (symbol kinds and slots come from m). */
int ps_program_begin(const ps_model *m, ps_program **out, ps_error *err);

/* Compile expression e into a new code of p; *id receives its id. */
int ps_program_add_expr(ps_program *p, const ps_expr *e, ps_codeid *id, ps_error *err);

/* Release the compile-time tables (the constant hash) once all code is in. */
void ps_program_end(ps_program *p);

/* The VM with a portable switch dispatch; ps_vm_eval uses computed gotos
** when the compiler has them.  Exposed so tests run both. */
double ps_vm_eval_switch(const ps_program *p, ps_codeid c, const double *row,
                         const double *params, double *stack);

double ps_vm_run_switch(const ps_program *p, ps_codeid c, const double *row,
                        const double *params, double *stack, double *dst);

/* Append a run of n existing codes to p (see ps_vm_run): code k's value is
** stored into dst[slot[k]].  *id receives the run's code id. */
int ps_program_add_run(ps_program *p, const ps_codeid *codes, const int *slot, int n,
                       ps_codeid *id, ps_error *err);

/* hoist.c: find block b's invariants, compile them (ginv, jinv) and the
** block's runs from the rewritten trees (grun, jrun), numbering the slots
** from p->ninv on.  Leaves the block untouched when it has none.  `unknown`
** (p->nvar zeroed bytes) is scratch, returned zeroed; ar holds the
** rewritten trees. */
int ps_hoist_block(ps_program *p, const ps_analysis *a, int b, struct ps_arena *ar,
                   unsigned char *unknown, ps_error *err);

/* 1 when ps_vm_eval dispatches with computed gotos. */
int ps_vm_threaded(void);

#endif
