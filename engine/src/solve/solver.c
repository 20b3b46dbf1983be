/*
** The solver workspace and the period loop (solve.h).  Newton lives in
** newton.c, the linear algebra in linear.c, messages in report.c.
*/
#include "solve/solve_int.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ps_solve_opts_init(ps_solve_opts *o) {
    if (!o) return;
    o->tol = 1e-10;
    o->max_iter = 50;
    o->max_halvings = 10;
    o->sparse_min = 50;
    o->reuse_jacobian = 1;
}

static int check_opts(const ps_solve_opts *o, ps_error *err) {
    if (!(o->tol > 0 && isfinite(o->tol)))
        return ps_error_set(err, PS_ERR_USAGE,
                            "solver tolerance must be a positive number, got %g "
                            "(the default is 1e-10)", o->tol);
    if (o->max_iter < 1)
        return ps_error_set(err, PS_ERR_USAGE,
                            "max_iter must be at least 1, got %d (the default is 50)",
                            o->max_iter);
    if (o->max_halvings < 0 || o->max_halvings > 100)
        return ps_error_set(err, PS_ERR_USAGE,
                            "max_halvings must be between 0 and 100, got %d "
                            "(the default is 10)", o->max_halvings);
    if (o->sparse_min < 1)
        return ps_error_set(err, PS_ERR_USAGE,
                            "sparse_min must be at least 1, got %d (the default is 50)",
                            o->sparse_min);
    if (o->reuse_jacobian != 0 && o->reuse_jacobian != 1)
        return ps_error_set(err, PS_ERR_USAGE,
                            "reuse_jacobian must be 0 or 1, got %d (the default is 1)",
                            o->reuse_jacobian);
    return PS_OK;
}

/* Allocate n doubles (at least one, so that zero-sized blocks need no special
** case); NULL on failure. */
static double *alloc_doubles(size_t n) {
    return ps_malloc(sizeof(double) * (n ? n : 1));
}

/* Size the block workspace for the largest simultaneous block, and the
** factor storage of the dense ones (each keeps its own, for reuse). */
static int measure(ps_solver *s, int *maxnjac, size_t *nlu, size_t *nperm) {
    const ps_program *p = s->p;
    *maxnjac = 0;
    *nlu = *nperm = 0;
    for (int b = 0; b < p->nblocks; b++) {
        const ps_pblock *pb = &p->blocks[b];
        if (pb->kind != PS_BLOCK_SIMULTANEOUS) continue;
        if (pb->n > s->maxn) s->maxn = pb->n;
        if (pb->njac > *maxnjac) *maxnjac = pb->njac;
        if (pb->n >= s->opts.sparse_min) continue;
        if (pb->n > s->maxdense) s->maxdense = pb->n;
        size_t n = (size_t)pb->n;
        if (n > 0 && (n > ((size_t)-1) / sizeof(double) / n ||
                      *nlu > ((size_t)-1) / sizeof(double) - n * n))
            return PS_ERR_NOMEM;
        *nlu += n * n;
        *nperm += n;
    }
    return PS_OK;
}

/* Point each dense block at its slices of lu and perm. */
static void slice_dense(ps_solver *s) {
    size_t olu = 0, operm = 0;
    for (int b = 0; b < s->p->nblocks; b++) {
        const ps_pblock *pb = &s->p->blocks[b];
        if (pb->kind != PS_BLOCK_SIMULTANEOUS || pb->n >= s->opts.sparse_min) continue;
        s->bs[b].lu = s->lu + olu;
        s->bs[b].perm = s->perm + operm;
        olu += (size_t)pb->n * (size_t)pb->n;
        operm += (size_t)pb->n;
    }
}

static int alloc_vectors(ps_solver *s, int maxnjac, size_t nlu, size_t nperm) {
    size_t n = (size_t)s->maxn, nb = (size_t)(s->p->nblocks > 0 ? s->p->nblocks : 1);
    s->stack = alloc_doubles((size_t)(s->p->max_stack > 0 ? s->p->max_stack : 1));
    s->y = alloc_doubles(n);
    s->y0 = alloc_doubles(n);
    s->r = alloc_doubles(n);
    s->rt = alloc_doubles(n);
    s->g = alloc_doubles(n);
    s->pext = alloc_doubles((size_t)s->p->nparam + (size_t)s->p->ninv);
    s->d = alloc_doubles(n);
    s->w = alloc_doubles(n);
    s->jv = alloc_doubles((size_t)maxnjac);
    s->lu = alloc_doubles(nlu);
    s->perm = ps_malloc(sizeof(size_t) * (nperm ? nperm : 1));
    s->bs = ps_calloc(nb, sizeof *s->bs);
    if (!s->stack || !s->y || !s->y0 || !s->r || !s->rt || !s->g || !s->pext || !s->d || !s->w ||
        !s->jv || !s->lu || !s->perm || !s->bs)
        return PS_ERR_NOMEM;
    slice_dense(s);
    return PS_OK;
}

/* KLU symbolic analysis, once per sparse block; the structural LU plan of
** each dense one. */
static int build_sparse(ps_solver *s, ps_error *err) {
    const ps_program *p = s->p;
    for (int b = 0; b < p->nblocks; b++) {
        const ps_pblock *pb = &p->blocks[b];
        if (pb->kind != PS_BLOCK_SIMULTANEOUS) continue;
        if (pb->n < s->opts.sparse_min) {
            if (ps_slu_build(pb, &s->bs[b].slu))
                return ps_error_set(err, PS_ERR_NOMEM, "out of memory planning the LU of a "
                                    "block of %d equations", pb->n);
            continue;
        }
        int rc = ps_sparse_build(s, pb, &s->bs[b].sparse, err);
        if (rc) return rc;
    }
    return PS_OK;
}

int ps_solver_new(const ps_program *p, const ps_solve_opts *opts, ps_solver **out,
                    ps_error *err) {
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_solver_new: out must not be NULL");
    *out = NULL;
    if (!p) return ps_error_set(err, PS_ERR_USAGE, "ps_solver_new: no program given");
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    if (opts) o = *opts;
    int rc = check_opts(&o, err);
    if (rc) return rc;
    ps_solver *s = ps_calloc(1, sizeof *s);
    if (!s) return ps_error_set(err, PS_ERR_NOMEM, "out of memory allocating the solver");
    s->p = p;
    s->opts = o;
    if (!klu_defaults(&s->klu)) {
        ps_free(s);
        return ps_error_set(err, PS_ERR_INTERNAL, "KLU refused its default settings");
    }
    int maxnjac;
    size_t nlu, nperm;
    rc = measure(s, &maxnjac, &nlu, &nperm);
    if (!rc) rc = alloc_vectors(s, maxnjac, nlu, nperm);
    if (rc) {
        int maxn = s->maxn;
        ps_solver_free(s);
        return ps_error_set(err, rc, "out of memory allocating the solver workspace "
                            "(largest block %d equations)", maxn);
    }
    rc = build_sparse(s, err);
    if (rc) {
        ps_solver_free(s);
        return rc;
    }
    *out = s;
    return PS_OK;
}

void ps_solver_free(ps_solver *s) {
    if (!s) return;
    if (s->bs)
        for (int b = 0; b < s->p->nblocks; b++) {
            ps_sparse_free(s, s->bs[b].sparse);
            ps_slu_free(s->bs[b].slu);
        }
    ps_free(s->bs);
    ps_free(s->stack);
    ps_free(s->y);
    ps_free(s->y0);
    ps_free(s->r);
    ps_free(s->rt);
    ps_free(s->g);
    ps_free(s->pext);
    ps_free(s->d);
    ps_free(s->w);
    ps_free(s->jv);
    ps_free(s->lu);
    ps_free(s->perm);
    ps_free(s);
}

static int check_run(const ps_solver *s, const ps_frame *f, const double *params, int t0,
                     int t1, ps_error *err) {
    if (!s || !f)
        return ps_error_set(err, PS_ERR_USAGE, "ps_solver_run: solver and frame are required");
    const ps_program *p = s->p;
    if (f->nvar != p->nvar)
        return ps_error_set(err, PS_ERR_USAGE,
                            "the frame has %d columns but the model has %d series; build "
                            "the frame from the model's series", f->nvar, p->nvar);
    if (p->model && p->model->maxlead > 0 && t1 + p->model->maxlead >= f->nper)
        return ps_error_set(err, PS_ERR_USAGE, "model '%s' reads up to %d period(s) ahead: "
                            "solve it with the stacked solver (stacked.h), which supplies "
                            "the terminal values", p->model->name, p->model->maxlead);
    if (t0 < p->maxlag || t0 < 0 || t1 >= f->nper || t0 > t1)
        return ps_error_set(err, PS_ERR_USAGE,
                            "periods %d..%d cannot be solved in a frame of %d periods: the "
                            "first solved period needs %d earlier period(s) for the lags and "
                            "the last must be inside the frame", t0, t1, f->nper, p->maxlag);
    if (!params && p->nparam > 0)
        return ps_error_set(err, PS_ERR_USAGE,
                            "the model has %d parameters but no parameter values were given",
                            p->nparam);
    return PS_OK;
}

/* A step's run produced a value that is not finite: evaluate its equations
** again one by one, in order, to find the first one and say why.  They
** compute what the run computed (each reads only columns of earlier
** equations, the lags and exogenous values), so the culprit is the run's. */
static int explicit_failure(ps_run *run, const ps_pstep *st) {
    const ps_program *p = run->s->p;
    for (int b = st->block; b < st->block + st->nblocks; b++) {
        const ps_pblock *pb = &p->blocks[b];
        for (int i = 0; i < pb->n; i++) {
            double v = ps_vm_eval(p, pb->g[i], run->row, run->params, run->s->stack);
            /* the checked interpreter also sees what the value hides: 1/(1/0) */
            if (!isfinite(v) || ps_vm_diagnose(p, pb->g[i], run->row, run->params, NULL, 0))
                return ps_solve_report_domain(run, pb->eq[i], -1, pb->g[i], NULL);
            run->row[pb->col[i]] = v;
        }
    }
    return ps_solve_report_lost_culprit(run);
}

/* Explicit equations, y = G(...), a whole step of them in one run that
** writes each value into the row before the next equation reads it. */
static int solve_explicit(ps_run *run, const ps_pstep *st) {
    double chk = ps_vm_run(run->s->p, st->run, run->row, run->params, run->s->stack, run->row);
    run->diag->explicit_evals += st->neq;
    return chk == 0.0 ? PS_OK : explicit_failure(run, st);
}

static int solve_period(ps_run *run) {
    const ps_program *p = run->s->p;
    for (int k = 0; k < p->nsteps; k++) {
        const ps_pstep *st = &p->steps[k];
        int rc = st->kind == PS_BLOCK_EXPLICIT ? solve_explicit(run, st)
                                               : ps_solve_newton(run, st->block);
        if (rc) return rc;
    }
    run->diag->periods++;
    return PS_OK;
}

int ps_solver_run(ps_solver *s, ps_frame *f, const double *params, int t0, int t1,
                  ps_solve_diag *diag, ps_error *err) {
    ps_solve_diag local;
    if (!diag) diag = &local;
    memset(diag, 0, sizeof *diag);
    int rc = check_run(s, f, params, t0, t1, err);
    if (rc) return rc;
    /* Each run factorises every block afresh (and chooses its KLU pivots
    ** afresh), so that a run's result depends on its inputs only, not on
    ** what the workspace solved before. */
    for (int b = 0; b < s->p->nblocks; b++) {
        s->bs[b].jok = 0;
        if (s->bs[b].sparse) s->bs[b].sparse->fresh = 0;
    }
    if (s->p->nparam > 0) memcpy(s->pext, params, sizeof(double) * (size_t)s->p->nparam);
    ps_run run = {s, f, params, s->pext, 0, NULL, diag, err};
    for (int t = t0; t <= t1; t++) {
        run.t = t;
        run.row = ps_frame_row(f, t);
        rc = solve_period(&run);
        if (rc) return rc;
    }
    return PS_OK;
}
