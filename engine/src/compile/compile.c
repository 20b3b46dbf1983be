/*
** ps_program_compile: the analysis' normal forms and Jacobian entries become
** codes of one flat instruction array, and the blocks are mirrored with
** frame columns and code ids so the solver never looks at symbols.
*/
#include "compile/compile_int.h"
#include "util/alloc.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ps_opinfo ps_opinfo_table[PS_OP_COUNT_] = {
#define PS_INFO(name, kind, effect, slots, cls, tail, term, store)                          \
    {#name, PS_OPK_##kind, effect, PS_OPF_##cls, tail, PS_TERM_##term, PS_OP_##store, slots},
    PS_OPCODES(PS_INFO)
#undef PS_INFO
};

/* Prefix the message of a failure inside equation i with its label. */
static int in_equation(const ps_model *m, int i, int rc, ps_error *err) {
    if (!err) return rc;
    char msg[PS_ERR_MSG_MAX];
    const char *label = m->eqs[i].label ? m->eqs[i].label : "?";
    snprintf(msg, sizeof msg, "%s", err->message);
    ps_error_set(err, rc, "equation [%s]: %s", label, msg);
    ps_error_at(err, m->path, m->eqs[i].pos.line, m->eqs[i].pos.col);
    ps_error_context(err, label, NULL, NULL);
    return rc;
}

static int alloc_tables(ps_program_impl *pi, const ps_analysis *a) {
    ps_program *p = &pi->pub;
    size_t neq = (size_t)a->neq, njac = 0;
    for (int b = 0; b < a->nblocks; b++) njac += (size_t)a->blocks[b].njac;
    pi->ipool = ps_malloc((4 * neq + 2 * njac + 1) * sizeof *pi->ipool);
    pi->cpool = ps_malloc((2 * neq + njac + 1) * sizeof *pi->cpool);
    p->blocks = ps_calloc((size_t)a->nblocks + 1, sizeof *p->blocks);
    if (!pi->ipool || !pi->cpool || !p->blocks) return PS_ERR_NOMEM;
    p->nblocks = a->nblocks;
    p->eq_col = pi->ipool;
    p->eq_af_col = pi->ipool + neq;
    p->eq_g = pi->cpool;
    return PS_OK;
}

static int compile_equations(ps_program *p, const ps_model *m, const ps_analysis *a,
                             ps_error *err) {
    for (int i = 0; i < a->neq; i++) {
        const ps_equation *q = &m->eqs[i];
        int rc = ps_program_add_expr(p, a->normal[i], &p->eq_g[i], err);
        if (rc != PS_OK) return in_equation(m, i, rc, err);
        p->eq_col[i] = m->syms[q->var].slot;
        p->eq_af_col[i] = q->addfactor >= 0 ? m->syms[q->addfactor].slot : -1;
    }
    return PS_OK;
}

/* Mirror analysis block b; *ip and *cp walk through the pools. */
static int compile_block(ps_program *p, const ps_model *m, const ps_block *ab, ps_pblock *pb,
                         int **ip, ps_codeid **cp, ps_error *err) {
    pb->kind = ab->kind;
    pb->n = ab->n;
    pb->eq = *ip;
    pb->col = *ip + ab->n;
    pb->g = *cp;
    *ip += 2 * ab->n;
    *cp += ab->n;
    for (int k = 0; k < ab->n; k++) {
        pb->eq[k] = ab->eqs[k];
        pb->col[k] = p->eq_col[ab->eqs[k]];
        pb->g[k] = p->eq_g[ab->eqs[k]];
    }
    if (ab->njac == 0) return PS_OK;
    pb->njac = ab->njac;
    pb->jrow = *ip;
    pb->jcol = *ip + ab->njac;
    pb->jcode = *cp;
    *ip += 2 * ab->njac;
    *cp += ab->njac;
    for (int k = 0; k < ab->njac; k++) {
        pb->jrow[k] = ab->jac[k].row;
        pb->jcol[k] = ab->jac[k].col;
        int rc = ps_program_add_expr(p, ab->jac[k].d, &pb->jcode[k], err);
        if (rc != PS_OK) return in_equation(m, ab->eqs[ab->jac[k].row], rc, err);
    }
    return PS_OK;
}

/* The runs of a simultaneous block: all G_i (slot i), all entries (slot k),
** rewritten with hoisted invariants where it has some. */
static int block_runs(ps_program *p, const ps_analysis *a, int b, int *slot, ps_arena *ar,
                      unsigned char *unknown, ps_error *err) {
    ps_pblock *pb = &p->blocks[b];
    int rc = ps_hoist_block(p, a, b, ar, unknown, err);
    if (rc != PS_OK || pb->nginv + pb->njinv > 0) return rc;
    int n = pb->n > pb->njac ? pb->n : pb->njac;
    for (int k = 0; k < n; k++) slot[k] = k;
    rc = ps_program_add_run(p, pb->g, slot, pb->n, &pb->grun, err);
    if (rc == PS_OK) rc = ps_program_add_run(p, pb->jcode, slot, pb->njac, &pb->jrun, err);
    return rc;
}

/* An explicit step: blocks b0.. while explicit; their equations' codes and
** columns gathered into codes/slot (sized for every equation). */
static int explicit_step(ps_program *p, int b0, ps_pstep *st, ps_codeid *codes, int *slot,
                         ps_error *err) {
    int b = b0, n = 0;
    for (; b < p->nblocks && p->blocks[b].kind == PS_BLOCK_EXPLICIT; b++)
        for (int i = 0; i < p->blocks[b].n; i++, n++) {
            codes[n] = p->blocks[b].g[i];
            slot[n] = p->blocks[b].col[i];
        }
    *st = (ps_pstep){PS_BLOCK_EXPLICIT, b0, b - b0, n, 0};
    return ps_program_add_run(p, codes, slot, n, &st->run, err);
}

/* Group the blocks into steps and compile their runs (ps_pstep). */
static int compile_steps(ps_program *p, const ps_analysis *a, ps_error *err) {
    size_t most = (size_t)a->neq + 1;
    for (int b = 0; b < p->nblocks; b++)
        if ((size_t)p->blocks[b].njac >= most) most = (size_t)p->blocks[b].njac + 1;
    p->steps = ps_calloc((size_t)p->nblocks + 1, sizeof *p->steps);
    ps_codeid *codes = ps_malloc(most * sizeof *codes);
    int *slot = ps_malloc(most * sizeof *slot);
    unsigned char *unknown = ps_calloc((size_t)p->nvar + 1, 1);
    ps_arena *ar = ps_arena_new();
    int rc = p->steps && codes && slot && unknown && ar ? PS_OK
             : ps_error_set(err, PS_ERR_NOMEM, "out of memory while compiling the model");
    for (int b = 0; rc == PS_OK && b < p->nblocks; b += p->steps[p->nsteps++].nblocks) {
        ps_pblock *pb = &p->blocks[b];
        if (pb->kind == PS_BLOCK_EXPLICIT) {
            rc = explicit_step(p, b, &p->steps[p->nsteps], codes, slot, err);
        } else {
            p->steps[p->nsteps] = (ps_pstep){pb->kind, b, 1, pb->n, 0};
            rc = block_runs(p, a, b, slot, ar, unknown, err);
        }
    }
    ps_free(codes);
    ps_free(slot);
    ps_free(unknown);
    ps_arena_free(ar);
    return rc;
}

static int compile_all(ps_program_impl *pi, const ps_model *m, const ps_analysis *a,
                       ps_error *err) {
    ps_program *p = &pi->pub;
    if (alloc_tables(pi, a) != PS_OK)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory while compiling the model");
    int rc = compile_equations(p, m, a, err);
    int *ip = pi->ipool + 2 * (size_t)a->neq;
    ps_codeid *cp = pi->cpool + a->neq;
    for (int b = 0; rc == PS_OK && b < a->nblocks; b++)
        rc = compile_block(p, m, &a->blocks[b], &p->blocks[b], &ip, &cp, err);
    if (rc == PS_OK) rc = compile_steps(p, a, err);
    return rc;
}

int ps_program_compile(const ps_model *m, const ps_analysis *a, ps_program **out,
                       ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_program_compile: `out` must not be NULL");
    *out = NULL;
    if (!m || !a)
        return ps_error_set(err, PS_ERR_USAGE, "ps_program_compile: a model and its analysis are "
                            "required (call ps_analyse first)");
    if (a->neq != m->neq)
        return ps_error_set(err, PS_ERR_USAGE, "ps_program_compile: the analysis has %d equations "
                            "but the model has %d; analyse this model first", a->neq, m->neq);
    ps_program *p;
    int rc = ps_program_begin(m, &p, err);
    if (rc != PS_OK) return rc;
    rc = compile_all((ps_program_impl *)p, m, a, err);
    ps_program_end(p);
    if (rc != PS_OK) {
        ps_program_free(p);
        return rc;
    }
    *out = p;
    return PS_OK;
}

void ps_program_free(ps_program *p) {
    if (!p) return;
    ps_program_impl *pi = (ps_program_impl *)p;
    ps_free(p->instr);
    ps_free(p->consts);
    ps_free(p->codes);
    for (int b = 0; p->blocks && b < p->nblocks; b++) {
        ps_free(p->blocks[b].ginv_row);
        ps_free(p->blocks[b].jinv_entry);
    }
    ps_free(p->blocks);
    ps_free(p->steps);
    ps_free(pi->ipool);
    ps_free(pi->cpool);
    ps_free(pi->const_hash);
    ps_free(pi);
}
