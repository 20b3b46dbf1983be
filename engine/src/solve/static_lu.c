/*
** LU of a small simultaneous block along a pivot order fixed from its
** structure (solve_int.h, docs/solver.md "Dense and sparse linear algebra").
**
** J = I - dG/dy of a city or country model is mostly zeros (Yangzhou's
** 20-equation block has 25 off-diagonal entries in 400), and a dense LU
** spends its time scanning, swapping and dividing zeros.  At alloc we choose
** diagonal pivots in a Markowitz order (fewest (row count - 1) * (column
** count - 1) first, which keeps fill low) and record, for each step, the rows
** below the pivot (L) and the columns right of it (U), fill included.  A
** Newton iteration then touches only those positions of the dense n x n
** buffer: no pivot search, no row swaps, no permutation.
**
** Diagonal pivots chosen in advance can be numerically bad for some values.
** Each pivot must be at least PS_SOLVE_STATIC_PIVOT_TOL times the largest
** entry below it (threshold partial pivoting, bounding the growth of each
** step by 1 + 1/tol) and at least PS_SOLVE_PIVOT_RATIO_MIN times the largest
** pivot; otherwise ps_slu_factor says so and the caller falls back to the
** dense LU with partial pivoting, which also decides whether J is singular.
*/
#include "solve/solve_int.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The plan.  Positions are indexes into the row-major n x n buffer, worked
** out here once so that the numeric loops only load, multiply and store. */
struct ps_slu {
    int n;
    int *ord;                   /* pivot (row = column) of each step */
    int *lptr, *lrow;           /* step k: rows lrow[lptr[k]..lptr[k+1]) below it */
    int *uptr, *ucol;           /* step k: columns ucol[uptr[k]..uptr[k+1]) right of it */
    int *lpos, *upos;           /* the positions of those L and U entries */
    int *optr, *otgt, *osrc;    /* L entry q: a[otgt[o]] -= l * a[osrc[o]], o in
                                   [optr[q], optr[q+1]) */
    int nz, *zpos;              /* positions of the pattern with fill, cleared */
    int *jpos;                  /* position of each Jacobian entry */
    double *val;                /* the factors packed in the order the solve
                                   reads them: L (lptr order), U (uptr order),
                                   then the pivots by step; filled by
                                   ps_slu_factor, so the solve reads one small
                                   array front to back instead of gathering
                                   from the n x n buffer */
    void *hot;                  /* after ps_slu_build: one allocation holding
                                   val, ord, lptr, lrow, uptr, ucol (all the
                                   solve reads), which then point into it;
                                   NULL (and val NULL) until then */
};

void ps_slu_free(ps_slu *f) {
    if (!f) return;
    if (f->hot) {
        ps_free(f->hot);
    } else {
        ps_free(f->ord);
        ps_free(f->lptr);
        ps_free(f->lrow);
        ps_free(f->uptr);
        ps_free(f->ucol);
    }
    ps_free(f->lpos);
    ps_free(f->upos);
    ps_free(f->optr);
    ps_free(f->otgt);
    ps_free(f->osrc);
    ps_free(f->zpos);
    ps_free(f->jpos);
    ps_free(f);
}

/* Move what the solve reads into one allocation: a block is solved once a
** period among thousands of other equations, so its plan is rarely in cache,
** and six arrays from six mallocs cost six or more misses where one block
** of consecutive lines costs about as many as it has lines. */
static int gather_hot(ps_slu *f) {
    size_t n = (size_t)f->n, nl = (size_t)f->lptr[n], nu = (size_t)f->uptr[n];
    size_t nval = nl + nu + n, nint = n + (n + 1) + nl + (n + 1) + nu;
    char *h = ps_malloc(sizeof(double) * nval + sizeof(int) * nint);
    if (!h) return PS_ERR_NOMEM;
    double *val = (double *)h;
    int *ip = (int *)(val + nval);
    int *parts[5] = {f->ord, f->lptr, f->lrow, f->uptr, f->ucol};
    size_t sizes[5] = {n, n + 1, nl, n + 1, nu};
    int **dst[5] = {&f->ord, &f->lptr, &f->lrow, &f->uptr, &f->ucol};
    for (int i = 0; i < 5; i++) {
        memcpy(ip, parts[i], sizeof(int) * sizes[i]);
        ps_free(parts[i]);
        *dst[i] = ip;
        ip += sizes[i];
    }
    f->val = val;
    f->hot = h;
    return PS_OK;
}

/* The active step with the smallest Markowitz count; lowest index on ties so
** that the order depends on the structure only. */
static int markowitz_pick(const unsigned char *s, const unsigned char *done, int n) {
    int best = -1;
    long bestc = 0;
    for (int p = 0; p < n; p++) {
        if (done[p]) continue;
        long r = 0, c = 0;
        for (int i = 0; i < n; i++)
            if (!done[i] && i != p) {
                r += s[(size_t)i * (size_t)n + (size_t)p];
                c += s[(size_t)p * (size_t)n + (size_t)i];
            }
        if (best < 0 || r * c < bestc) {
            best = p;
            bestc = r * c;
        }
    }
    return best;
}

/* Symbolic elimination on the boolean pattern s (modified: gains the fill).
** Counting pass when f->lrow is NULL (only lptr/uptr filled). */
static void eliminate(ps_slu *f, unsigned char *s, unsigned char *done) {
    int n = f->n, nl = 0, nu = 0;
    memset(done, 0, (size_t)n);
    for (int k = 0; k < n; k++) {
        int p = markowitz_pick(s, done, n);
        f->ord[k] = p;
        done[p] = 1;
        f->lptr[k] = nl;
        f->uptr[k] = nu;
        for (int i = 0; i < n; i++) {
            if (done[i]) continue;
            if (s[(size_t)i * (size_t)n + (size_t)p]) {
                if (f->lrow) f->lrow[nl] = i;
                nl++;
                for (int j = 0; j < n; j++)
                    if (!done[j] && s[(size_t)p * (size_t)n + (size_t)j])
                        s[(size_t)i * (size_t)n + (size_t)j] = 1;
            }
            if (s[(size_t)p * (size_t)n + (size_t)i]) {
                if (f->ucol) f->ucol[nu] = i;
                nu++;
            }
        }
    }
    f->lptr[n] = nl;
    f->uptr[n] = nu;
}

static void pattern(const ps_pblock *pb, unsigned char *s) {
    size_t n = (size_t)pb->n;
    memset(s, 0, n * n);
    for (size_t i = 0; i < n; i++) s[i * n + i] = 1;
    for (int k = 0; k < pb->njac; k++) s[(size_t)pb->jrow[k] * n + (size_t)pb->jcol[k]] = 1;
}

/* Positions of the L and U entries and of the update of each L entry. */
static int positions(ps_slu *f, const ps_pblock *pb) {
    int n = f->n, nl = f->lptr[n], nu = f->uptr[n];
    long nops = 0;
    for (int k = 0; k < n; k++)
        nops += (long)(f->lptr[k + 1] - f->lptr[k]) * (f->uptr[k + 1] - f->uptr[k]);
    f->lpos = ps_malloc(sizeof(int) * ((size_t)nl + 1));
    f->upos = ps_malloc(sizeof(int) * ((size_t)nu + 1));
    f->optr = ps_malloc(sizeof(int) * ((size_t)nl + 1));
    f->otgt = ps_malloc(sizeof(int) * ((size_t)nops + 1));
    f->osrc = ps_malloc(sizeof(int) * ((size_t)nops + 1));
    f->jpos = ps_malloc(sizeof(int) * ((size_t)pb->njac + 1));
    if (!f->lpos || !f->upos || !f->optr || !f->otgt || !f->osrc || !f->jpos)
        return PS_ERR_NOMEM;
    int o = 0;
    for (int k = 0; k < n; k++) {
        int p = f->ord[k];
        for (int u = f->uptr[k]; u < f->uptr[k + 1]; u++) f->upos[u] = p * n + f->ucol[u];
        for (int q = f->lptr[k]; q < f->lptr[k + 1]; q++) {
            int i = f->lrow[q];
            f->lpos[q] = i * n + p;
            f->optr[q] = o;
            for (int u = f->uptr[k]; u < f->uptr[k + 1]; u++, o++) {
                f->otgt[o] = i * n + f->ucol[u];
                f->osrc[o] = f->upos[u];
            }
        }
    }
    f->optr[nl] = o;
    for (int k = 0; k < pb->njac; k++) f->jpos[k] = pb->jrow[k] * n + pb->jcol[k];
    return PS_OK;
}

static int plan(ps_slu *f, const ps_pblock *pb, unsigned char *s, unsigned char *done) {
    size_t n = (size_t)f->n;
    pattern(pb, s);
    eliminate(f, s, done);                      /* count */
    f->lrow = ps_malloc(sizeof(int) * ((size_t)f->lptr[n] + 1));
    f->ucol = ps_malloc(sizeof(int) * ((size_t)f->uptr[n] + 1));
    if (!f->lrow || !f->ucol) return PS_ERR_NOMEM;
    pattern(pb, s);
    eliminate(f, s, done);                      /* fill the lists; s gets the fill */
    f->nz = 0;
    for (size_t q = 0; q < n * n; q++) f->nz += s[q];
    f->zpos = ps_malloc(sizeof(int) * (size_t)f->nz);
    if (!f->zpos) return PS_ERR_NOMEM;
    int w = 0;
    for (size_t q = 0; q < n * n; q++)
        if (s[q]) f->zpos[w++] = (int)q;
    return positions(f, pb);
}

int ps_slu_build(const ps_pblock *pb, ps_slu **out) {
    *out = NULL;
    size_t n = (size_t)pb->n;
    ps_slu *f = ps_calloc(1, sizeof *f);
    unsigned char *s = ps_malloc(n * n + 1), *done = ps_malloc(n + 1);
    int rc = PS_ERR_NOMEM;
    if (f && s && done) {
        f->n = pb->n;
        f->ord = ps_malloc(sizeof(int) * n);
        f->lptr = ps_malloc(sizeof(int) * (n + 1));
        f->uptr = ps_malloc(sizeof(int) * (n + 1));
        if (f->ord && f->lptr && f->uptr) rc = plan(f, pb, s, done);
        if (rc == PS_OK) rc = gather_hot(f);
    }
    ps_free(s);
    ps_free(done);
    if (rc) {
        ps_slu_free(f);
        return rc;
    }
    *out = f;
    return PS_OK;
}

/* a (row-major n x n) = I - dG/dy on the pattern; other positions are not
** read, so they are left as they are. */
static void fill(const ps_slu *f, const ps_pblock *pb, const double *jv, double *a) {
    int n = f->n;
    for (int q = 0; q < f->nz; q++) a[f->zpos[q]] = 0.0;
    for (int i = 0; i < n; i++) a[i * n + i] = 1.0;
    for (int k = 0; k < pb->njac; k++) a[f->jpos[k]] -= jv[k];
}

/* The factors in a, packed into f->val in the solve's order. */
static void pack(ps_slu *f, const double *a) {
    int n = f->n, nl = f->lptr[n], nu = f->uptr[n];
    double *lv = f->val, *uv = lv + nl, *dg = uv + nu;
    for (int q = 0; q < nl; q++) lv[q] = a[f->lpos[q]];
    for (int u = 0; u < nu; u++) uv[u] = a[f->upos[u]];
    for (int k = 0; k < n; k++) dg[k] = a[f->ord[k] * (n + 1)];
}

int ps_slu_factor(ps_slu *f, const ps_pblock *pb, const double *jv, double *a) {
    fill(f, pb, jv, a);
    int n = f->n;
    double pmin = INFINITY, pmax = 0.0;
    for (int k = 0; k < n; k++) {
        double piv = a[f->ord[k] * (n + 1)], apiv = fabs(piv), colmax = 0.0;
        int l0 = f->lptr[k], l1 = f->lptr[k + 1];
        /* Compares, not fmax/fmin: those are libm calls without -ffast-math.
        ** A NaN pivot fails the test below; a NaN under it, impossible from
        ** finite Jacobian values, would reach the step, which is checked. */
        for (int q = l0; q < l1; q++) {
            double v = fabs(a[f->lpos[q]]);
            if (v > colmax) colmax = v;
        }
        if (!(apiv >= PS_SOLVE_STATIC_PIVOT_TOL * colmax && apiv > 0.0 && apiv < INFINITY))
            return 0;
        if (apiv < pmin) pmin = apiv;
        if (apiv > pmax) pmax = apiv;
        for (int q = l0; q < l1; q++) {
            double l = a[f->lpos[q]] /= piv;
            for (int o = f->optr[q]; o < f->optr[q + 1]; o++) a[f->otgt[o]] -= l * a[f->osrc[o]];
        }
    }
    /* Every pivot above PS_SOLVE_PIVOT_RATIO_MIN times the largest. */
    if (!(pmin > PS_SOLVE_PIVOT_RATIO_MIN * pmax)) return 0;
    pack(f, a);
    return 1;
}

void ps_slu_solve(const ps_slu *f, const double *r, double *d) {
    int n = f->n;
    const double *lv = f->val, *uv = lv + f->lptr[n], *dg = uv + f->uptr[n];
    memcpy(d, r, sizeof(double) * (size_t)n);
    for (int k = 0; k < n; k++) {               /* L z = r, column by column */
        double zp = d[f->ord[k]];
        for (int q = f->lptr[k]; q < f->lptr[k + 1]; q++) d[f->lrow[q]] -= lv[q] * zp;
    }
    for (int k = n - 1; k >= 0; k--) {          /* U d = z, row by row */
        int p = f->ord[k];
        double v = d[p];
        for (int u = f->uptr[k]; u < f->uptr[k + 1]; u++) v -= uv[u] * d[f->ucol[u]];
        d[p] = v / dg[k];
    }
}
