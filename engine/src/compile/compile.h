/*
** Compilation to bytecode and the VM that evaluates it.
**
** ps_program_compile turns the normalised equations G_i and the Jacobian
** entries of an analysis into one flat array of stack-machine instructions;
** ps_vm_eval evaluates one compiled expression for one period.  The VM does no
** allocation, no string lookup and no error checking in its loop: a non-finite
** result is the caller's signal to call ps_vm_diagnose, which re-runs the code
** slowly and says which operation went wrong.
**
** Frame layout assumed by the VM (see frame.h): period-major doubles,
** data[t * nvar + col].  ps_vm_eval takes `row` = &data[t * nvar]; a load of
** column c at lag -k reads row[c - k * nvar], so the caller guarantees that t
** is at least maxlag periods after the frame's start.
**
** Runs: besides one code per expression, the program holds runs that
** evaluate many expressions in one call (ps_vm_run); the solver uses those,
** and the single codes for diagnosis and add-factors.
**
** Ownership: the program is owned by the caller (ps_program_free, NULL-safe).
** It keeps a borrowed pointer to the model, which must outlive it; it does not
** need the analysis after compilation.
*/
#ifndef POLSIM_COMPILE_H
#define POLSIM_COMPILE_H

#include <stdint.h>
#include "analyse/analyse.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One instruction: an opcode and one 32-bit argument (frame offset relative to
** the current row, parameter index or constant-pool index, by opcode). */
typedef struct ps_instr {
    int32_t op;
    int32_t arg;
} ps_instr;

typedef uint32_t ps_codeid;     /* index into program->codes */

typedef struct ps_code {
    uint32_t start, len;        /* instruction range */
} ps_code;

typedef struct ps_pblock {
    ps_block_kind kind;
    int n;                      /* unknowns (= equations) in the block */
    int *eq;                    /* equation index of each row */
    int *col;                   /* frame column of each unknown */
    ps_codeid *g;               /* G_i for each row */
    int njac;                   /* dG_i/dy_j structural non-zeros */
    int *jrow, *jcol;           /* positions within the block */
    ps_codeid *jcode;           /* code of each entry */
    /* Simultaneous blocks: runs (ps_vm_run) of all G_i, storing G_i into
    ** dst[i], and of all Jacobian entries, storing entry k into dst[k]. */
    ps_codeid grun, jrun;
    /* Hoisted invariants (docs/internals.md): parts of the G_i and of the
    ** entries that do not depend on the block's unknowns.  grun and jrun
    ** read them as parameters params[nparam + inv_first + k]; run ginv
    ** (into dst = params + nparam) computes the nginv of the G_i once per
    ** period before Newton starts, jinv the njinv that follow them before
    ** the period's first Jacobian.  ginv_row[k]: the block row whose G_i
    ** invariant k came from; jinv_entry[k]: the entry (for messages). */
    int nginv, njinv, inv_first;
    ps_codeid ginv, jinv;
    int *ginv_row, *jinv_entry;
} ps_pblock;

/* One step of a period's solve, in order: a stretch of consecutive explicit
** blocks evaluated by one run that stores each equation's value into its
** frame column (ps_vm_run with dst = the row), or one simultaneous block. */
typedef struct ps_pstep {
    ps_block_kind kind;
    int block;                  /* first block of the step */
    int nblocks;                /* blocks covered (1 for a simultaneous one) */
    int neq;                    /* equations covered */
    ps_codeid run;              /* explicit steps: their run */
} ps_pstep;

typedef struct ps_program {
    const struct ps_model *model; /* borrowed */
    int nvar;                   /* frame width (= model->nseries) */
    int nparam;
    int maxlag;

    ps_instr *instr; size_t ninstr;
    double *consts;  size_t nconst;
    ps_code *codes;  size_t ncodes;
    int max_stack;              /* stack slots ps_vm_eval needs */

    int nblocks;
    ps_pblock *blocks;          /* solution order */
    int nsteps;
    ps_pstep *steps;            /* the blocks grouped into steps, same order */
    int ninv;                   /* invariant slots of all blocks: the params
                                   vector of grun/jrun/ginv/jinv has
                                   nparam + ninv entries */

    /* Per equation (index = model equation index): */
    ps_codeid *eq_g;            /* code of G_i (also inside a block) */
    int *eq_col;                /* frame column of the determined variable */
    int *eq_af_col;             /* frame column of its add-factor, -1 identities */
} ps_program;

int ps_program_compile(const ps_model *m, const ps_analysis *a, ps_program **out,
                       ps_error *err);
void ps_program_free(ps_program *p);

/* Evaluate code c at the period whose frame row is `row`.  `stack` must hold
** p->max_stack doubles.  Never fails; may return NaN or +-Inf. */
double ps_vm_eval(const ps_program *p, ps_codeid c, const double *row,
                  const double *params, double *stack);

/* Evaluate run c (ps_pstep.run, ps_pblock.grun or .jrun): every expression
** of the run in turn, each value stored into its slot of dst before the next
** is evaluated (dst may be `row` itself: that is how an explicit step writes
** its columns, later equations reading earlier ones).  Returns 0.0 when
** every stored value is finite, NaN otherwise: the caller then finds the
** first culprit among the stored values, or re-evaluates the codes one by
** one with ps_vm_eval, and asks ps_vm_diagnose why.  No allocation, no
** check in the loop. */
double ps_vm_run(const ps_program *p, ps_codeid c, const double *row,
                 const double *params, double *stack, double *dst);

/* Re-evaluate code c slowly and describe the first operation that produced a
** non-finite value or left its domain, in the model's names:
**   "missing value of gdp(-1)", "missing value of parameter mpc",
**   "log of -3.2 (must be positive)", "division by zero (5 / 0)",
**   "sqrt of -1 (must be >= 0)", "pow(-2, 0.5) is not a real number",
**   "exp(800) overflows", ...
** The caller adds equation, variable and period.  Writes into buf (NULL or
** n = 0: nothing written); returns 1 when a culprit was found, 0 when the
** code evaluates finite.  Slow (a symbol scan per name); not for hot loops. */
int ps_vm_diagnose(const ps_program *p, ps_codeid c, const double *row,
                   const double *params, char *buf, size_t n);

/* Disassembly of code c (one instruction per line), for `polsim check -v`
** and tests. */
char *ps_vm_disasm(const ps_program *p, ps_codeid c, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
