/*
** The Newton step's linear system  J d = r  with  J = I - dG/dy.
**
** Small blocks (n < opts.sparse_min): an LU along a pivot order fixed from
** the block's structure (static_lu.c), in the block's own buffer (kept for
** reuse by later iterations and periods); when one of those pivots is too small for the values
** at hand, a dense LU with partial pivoting instead.  Both are solved by
** hand-written substitution.
** Large blocks (n >= opts.sparse_min): KLU.  The pattern of J (Jacobian
** entries plus the diagonal) is fixed by the model, so klu_analyze runs once
** at alloc; klu_factor picks pivots at the first factorisation of a run and
** klu_refactor reuses them for every later one, falling back
** to klu_factor when the reused pivots have become poor.
*/
#include "solve/solve_int.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- dense ---- */

/* Index of the first pivot that is zero or negligible against the largest,
** -1 when the factors are usable. */
static int dense_bad_pivot(const double *lu, int n) {
    double umax = 0.0;
    for (int i = 0; i < n; i++) {
        double u = fabs(lu[(size_t)i * (size_t)n + (size_t)i]);
        if (!isfinite(u)) return i;
        if (u > umax) umax = u;
    }
    for (int i = 0; i < n; i++)
        if (!(fabs(lu[(size_t)i * (size_t)n + (size_t)i]) > PS_SOLVE_PIVOT_RATIO_MIN * umax))
            return i;
    return -1;
}

/* Gaussian elimination with partial pivoting (Golub & Van Loan, algorithm
** 3.4.1) on the row-major n x n matrix `a`: L (unit diagonal, not stored) in
** the strict lower triangle, U above, and the row permutation in `perm`
** (the layout of gsl_linalg_LU_decomp).  Written out because GSL 2.7's
** gsl_linalg_LU_decomp allocates a pivot vector on every call (and does not
** survive that allocation failing), which the Newton loop must not do.  A
** zero pivot is left for dense_bad_pivot. */
static void dense_lu(double *a, size_t *perm, size_t n) {
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (size_t j = 0; j < n; j++) {
        size_t piv = j;
        for (size_t i = j + 1; i < n; i++)
            if (fabs(a[i * n + j]) > fabs(a[piv * n + j])) piv = i;
        if (piv != j) {
            for (size_t k = 0; k < n; k++) {
                double t = a[j * n + k];
                a[j * n + k] = a[piv * n + k];
                a[piv * n + k] = t;
            }
            size_t t = perm[j];
            perm[j] = perm[piv];
            perm[piv] = t;
        }
        double ajj = a[j * n + j];
        if (ajj == 0.0) continue;
        for (size_t i = j + 1; i < n; i++) {
            double l = a[i * n + j] /= ajj;
            if (l != 0.0)
                for (size_t k = j + 1; k < n; k++) a[i * n + k] -= l * a[j * n + k];
        }
    }
}

/* Solve L U d = P r with the factors of dense_lu (perm[i]: the original row
** now at row i), by forward and back substitution in place: no allocation
** and none of GSL's reference BLAS overhead for these small systems. */
static void dense_lu_solve(const double *a, const size_t *perm, size_t n, const double *r,
                           double *d) {
    for (size_t i = 0; i < n; i++) {
        double v = r[perm[i]];
        for (size_t k = 0; k < i; k++) v -= a[i * n + k] * d[k];
        d[i] = v;
    }
    for (size_t i = n; i-- > 0;) {
        double v = d[i];
        for (size_t k = i + 1; k < n; k++) v -= a[i * n + k] * d[k];
        d[i] = v / a[i * n + i];
    }
}

/* Factorise J of dense block b into its own buffer: along the structural
** plan when its pivots pass their checks, else by partial pivoting. */
static int dense_factor(ps_solver *s, int b, const double *jv, int *bad_col) {
    const ps_pblock *pb = &s->p->blocks[b];
    size_t n = (size_t)pb->n;
    double *a = s->bs[b].lu;
    s->bs[b].piv = 0;
    if (s->bs[b].slu && ps_slu_factor(s->bs[b].slu, pb, jv, a)) return PS_OK;
    /* A structural pivot was too small for these values: pivot by rows. */
    s->bs[b].piv = 1;
    memset(a, 0, sizeof(double) * n * n);
    for (size_t i = 0; i < n; i++) a[i * n + i] = 1.0;
    for (int k = 0; k < pb->njac; k++)
        a[(size_t)pb->jrow[k] * n + (size_t)pb->jcol[k]] -= jv[k];
    dense_lu(a, s->bs[b].perm, n);
    /* Partial pivoting permutes rows only, so pivot i belongs to unknown i. */
    *bad_col = dense_bad_pivot(a, pb->n);
    return *bad_col >= 0 ? PS_ERR_SOLVE : PS_OK;
}

static void dense_apply(const ps_solver *s, int b, const double *r, double *d) {
    if (s->bs[b].piv)
        dense_lu_solve(s->bs[b].lu, s->bs[b].perm, (size_t)s->p->blocks[b].n, r, d);
    else
        ps_slu_solve(s->bs[b].slu, r, d);
}

/* ---- sparse: pattern, built once ---- */

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Position of row i in column j of the (sorted) pattern. */
static int pattern_find(const ps_sparse *sp, int i, int j) {
    const int *lo = sp->ai + sp->ap[j];
    const int *hit = bsearch(&i, lo, (size_t)(sp->ap[j + 1] - sp->ap[j]), sizeof(int), cmp_int);
    return hit ? (int)(hit - sp->ai) : -1;
}

/* Compressed columns of the union of the Jacobian entries and the diagonal:
** count, scatter, then sort each column and drop duplicates in place. */
static void pattern_fill(ps_sparse *sp, const ps_pblock *pb) {
    int n = pb->n;
    memset(sp->ap, 0, sizeof(int) * (size_t)(n + 1));
    for (int j = 0; j < n; j++) sp->ap[j + 1] = 1;
    for (int k = 0; k < pb->njac; k++) sp->ap[pb->jcol[k] + 1]++;
    for (int j = 0; j < n; j++) sp->ap[j + 1] += sp->ap[j];
    for (int j = 0; j < n; j++) sp->ai[sp->ap[j]] = j;
    for (int j = 0; j < n; j++) sp->dpos[j] = sp->ap[j] + 1;   /* next free slot */
    for (int k = 0; k < pb->njac; k++) sp->ai[sp->dpos[pb->jcol[k]]++] = pb->jrow[k];
    int w = 0;
    for (int j = 0; j < n; j++) {
        int lo = sp->ap[j], hi = sp->ap[j + 1];
        qsort(sp->ai + lo, (size_t)(hi - lo), sizeof(int), cmp_int);
        sp->ap[j] = w;
        for (int q = lo; q < hi; q++)
            if (q == lo || sp->ai[q] != sp->ai[q - 1]) sp->ai[w++] = sp->ai[q];
    }
    sp->ap[n] = w;
    sp->nnz = w;
    for (int i = 0; i < n; i++) sp->dpos[i] = pattern_find(sp, i, i);
    for (int k = 0; k < pb->njac; k++) sp->jpos[k] = pattern_find(sp, pb->jrow[k], pb->jcol[k]);
}

static int klu_status_code(int status) {
    if (status == KLU_OUT_OF_MEMORY) return PS_ERR_NOMEM;
    if (status == KLU_SINGULAR) return PS_ERR_SOLVE;
    return PS_ERR_INTERNAL;
}

int ps_sparse_build(ps_solver *s, const ps_pblock *pb, ps_sparse **out, ps_error *err) {
    *out = NULL;
    ps_sparse *sp = ps_calloc(1, sizeof *sp);
    if (!sp) return ps_error_set(err, PS_ERR_NOMEM, "out of memory building a sparse block");
    size_t cap = (size_t)pb->n + (size_t)pb->njac;
    sp->n = pb->n;
    sp->ap = ps_malloc(sizeof(int) * ((size_t)pb->n + 1));
    sp->ai = ps_malloc(sizeof(int) * cap);
    sp->ax = ps_malloc(sizeof(double) * cap);
    sp->jpos = ps_malloc(sizeof(int) * ((size_t)pb->njac + 1));
    sp->dpos = ps_malloc(sizeof(int) * (size_t)pb->n);
    if (!sp->ap || !sp->ai || !sp->ax || !sp->jpos || !sp->dpos) {
        ps_sparse_free(s, sp);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory building a sparse block of %d "
                            "equations", pb->n);
    }
    pattern_fill(sp, pb);
    sp->sym = klu_analyze(sp->n, sp->ap, sp->ai, &s->klu);
    if (!sp->sym) {
        int status = s->klu.status;
        ps_sparse_free(s, sp);
        return ps_error_set(err, klu_status_code(status) == PS_ERR_NOMEM ? PS_ERR_NOMEM
                                                                         : PS_ERR_INTERNAL,
                            "KLU could not analyse the pattern of a block of %d equations "
                            "(KLU status %d)", pb->n, status);
    }
    *out = sp;
    return PS_OK;
}

void ps_sparse_free(ps_solver *s, ps_sparse *sp) {
    if (!sp) return;
    if (sp->num) klu_free_numeric(&sp->num, &s->klu);
    if (sp->sym) klu_free_symbolic(&sp->sym, &s->klu);
    ps_free(sp->ap);
    ps_free(sp->ai);
    ps_free(sp->ax);
    ps_free(sp->jpos);
    ps_free(sp->dpos);
    ps_free(sp);
}

/* ---- sparse: numeric work ---- */

static void sparse_fill(ps_sparse *sp, const ps_pblock *pb, const double *jv) {
    memset(sp->ax, 0, sizeof(double) * (size_t)sp->nnz);
    for (int i = 0; i < sp->n; i++) sp->ax[sp->dpos[i]] = 1.0;
    for (int k = 0; k < pb->njac; k++) sp->ax[sp->jpos[k]] -= jv[k];
}

/* A fresh factorisation with new pivots (this is where KLU allocates). */
static int sparse_factor_fresh(ps_solver *s, ps_sparse *sp, int *bad_col, int *lib_status) {
    klu_numeric *num = klu_factor(sp->ap, sp->ai, sp->ax, sp->sym, &s->klu);
    if (!num || s->klu.status != KLU_OK) {
        if (num) klu_free_numeric(&num, &s->klu);
        *lib_status = s->klu.status;
        if (s->klu.status == KLU_SINGULAR) *bad_col = s->klu.singular_col;
        return klu_status_code(s->klu.status);
    }
    if (sp->num) klu_free_numeric(&sp->num, &s->klu);
    sp->num = num;
    sp->fresh = 1;
    if (!klu_rcond(sp->sym, sp->num, &s->klu)) {
        *lib_status = s->klu.status;
        return klu_status_code(s->klu.status);
    }
    sp->rcond_fresh = s->klu.rcond;
    if (!(sp->rcond_fresh > PS_SOLVE_PIVOT_RATIO_MIN)) return PS_ERR_SOLVE;
    return PS_OK;
}

/* Refactor with the pivots of the last fresh factorisation; choose new
** pivots when that fails or when the reciprocal condition estimate (the
** ratio of the smallest to the largest pivot) has collapsed. */
static int sparse_factor(ps_solver *s, ps_sparse *sp, int *bad_col, int *lib_status) {
    if (!sp->fresh || !sp->num) return sparse_factor_fresh(s, sp, bad_col, lib_status);
    if (klu_refactor(sp->ap, sp->ai, sp->ax, sp->sym, sp->num, &s->klu) &&
        klu_rcond(sp->sym, sp->num, &s->klu) && s->klu.rcond > PS_SOLVE_PIVOT_RATIO_MIN &&
        s->klu.rcond >= PS_SOLVE_REFACTOR_DROP * sp->rcond_fresh)
        return PS_OK;
    if (s->klu.status == KLU_OUT_OF_MEMORY) return PS_ERR_NOMEM;
    return sparse_factor_fresh(s, sp, bad_col, lib_status);
}

static int sparse_apply(ps_solver *s, ps_sparse *sp, const double *r, double *d,
                        int *lib_status) {
    memcpy(d, r, sizeof(double) * (size_t)sp->n);
    if (!klu_solve(sp->sym, sp->num, sp->n, 1, d, &s->klu) || s->klu.status != KLU_OK) {
        *lib_status = s->klu.status;
        return klu_status_code(s->klu.status);
    }
    return PS_OK;
}

int ps_solve_factor(ps_solver *s, int b, const double *jv, int *bad_col, int *lib_status) {
    const ps_pblock *pb = &s->p->blocks[b];
    *bad_col = -1;
    *lib_status = 0;
    s->bs[b].jok = 0;
    int rc;
    if (s->bs[b].sparse) {
        sparse_fill(s->bs[b].sparse, pb, jv);
        rc = sparse_factor(s, s->bs[b].sparse, bad_col, lib_status);
    } else {
        rc = dense_factor(s, b, jv, bad_col);
    }
    if (rc == PS_OK) s->bs[b].jok = 1;
    return rc;
}

int ps_solve_apply(ps_solver *s, int b, const double *r, double *d, int *lib_status) {
    const ps_pblock *pb = &s->p->blocks[b];
    *lib_status = 0;
    if (s->bs[b].sparse) {
        int rc = sparse_apply(s, s->bs[b].sparse, r, d, lib_status);
        if (rc) return rc;
    } else {
        dense_apply(s, b, r, d);
    }
    /* A barely non-singular J can still overflow the step. */
    for (int i = 0; i < pb->n; i++)
        if (!isfinite(d[i])) return PS_ERR_SOLVE;
    return PS_OK;
}
