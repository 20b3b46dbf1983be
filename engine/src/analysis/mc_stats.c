/*
** Statistics of a Monte Carlo run, from the kept draws in draw order, so
** that they do not depend on how the draws were spread over threads.
** Quantiles: GSL's interpolation between order statistics (Hyndman & Fan
** type 7, docs/decisions.md).
*/
#include "analysis/mc_int.h"
#include "util/alloc.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

long ps_mc_gather(const ps_mc *mc, int k, int t, int growth, double *buf) {
    const double *col = ps_mc_column(mc, k, t);
    const double *prev = t > 0 ? ps_mc_column(mc, k, t - 1) : NULL;
    long n = 0;
    for (long d = 0; d < mc->draws; d++) {
        double x = col[d];
        if (growth) {
            double b = prev ? prev[d] : mc->rec[k].prev;
            x = 100.0 * (x / b - 1.0);
        }
        if (isfinite(x)) buf[n++] = x;
    }
    return n;
}

double ps_mc_value(const ps_mc *mc, int k, long p, long d, int growth) {
    int t = (int)(p - mc->from);
    if (k < 0 || k >= mc->nrec || t < 0 || t >= mc->nper || d < 0 || d >= mc->draws) return NAN;
    double x = ps_mc_column(mc, k, t)[d];
    if (!growth) return x;
    double b = t > 0 ? ps_mc_column(mc, k, t - 1)[d] : mc->rec[k].prev;
    return 100.0 * (x / b - 1.0);
}

/* The successful draws of (k, p), malloc'ed into *buf (caller frees). */
static int gather(const ps_mc *mc, int k, long p, int growth, double **buf, long *n,
                  ps_error *err) {
    *buf = NULL;
    int t = (int)(p - mc->from);
    if (k < 0 || k >= mc->nrec)
        return ps_error_set(err, PS_ERR_USAGE, "series %d is not recorded", k);
    if (p < mc->from || p > mc->to) {
        char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX], c[PS_PERIOD_LABEL_MAX];
        return ps_error_set(err, PS_ERR_USAGE, "period %s is outside the Monte Carlo horizon "
                            "%s..%s", ps_period_format(p, mc->freq, a, sizeof a),
                            ps_period_format(mc->from, mc->freq, b, sizeof b),
                            ps_period_format(mc->to, mc->freq, c, sizeof c));
    }
    *buf = ps_malloc(sizeof(double) * (size_t)mc->draws);
    if (!*buf) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    *n = ps_mc_gather(mc, k, t, growth, *buf);
    if (*n == 0) {
        ps_free(*buf);
        *buf = NULL;
        char a[PS_PERIOD_LABEL_MAX];
        return ps_error_set(err, PS_ERR_DATA, "'%s' %sin %s: no draw has a value (%ld of %ld "
                            "draws failed%s)", mc->rec[k].name, growth ? "growth " : "",
                            ps_period_format(p, mc->freq, a, sizeof a), mc->nfailed, mc->draws,
                            growth ? "; or the period before has no value" : "");
    }
    return PS_OK;
}

/* Mean (sd = 0) or sample standard deviation (sd = 1) of (k, p). */
static int moment(const ps_mc *mc, int k, long p, int growth, int sd, double *out,
                  ps_error *err) {
    double *v;
    long n = 0;
    int rc = gather(mc, k, p, growth, &v, &n, err);
    if (rc) return rc;
    *out = !sd ? gsl_stats_mean(v, 1, (size_t)n) : n > 1 ? gsl_stats_sd(v, 1, (size_t)n) : 0.0;
    ps_free(v);
    return PS_OK;
}

int ps_mc_mean(const ps_mc *mc, int k, long p, int growth, double *out, ps_error *err) {
    return moment(mc, k, p, growth, 0, out, err);
}

int ps_mc_sd(const ps_mc *mc, int k, long p, int growth, double *out, ps_error *err) {
    return moment(mc, k, p, growth, 1, out, err);
}

int ps_mc_quantile(const ps_mc *mc, int k, long p, int growth, double q, double *out,
                   ps_error *err) {
    if (!(q >= 0 && q <= 1))
        return ps_error_set(err, PS_ERR_USAGE, "quantile level must lie in [0, 1] (0.05 is "
                            "the 5 %% quantile), got %g", q);
    double *v;
    long n = 0;
    int rc = gather(mc, k, p, growth, &v, &n, err);
    if (rc) return rc;
    gsl_sort(v, 1, (size_t)n);
    *out = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, q);
    ps_free(v);
    return PS_OK;
}

int ps_mc_prob(const ps_mc *mc, int k, long p, int growth, ps_mc_op op, double x, double *out,
               ps_error *err) {
    if (!isfinite(x))
        return ps_error_set(err, PS_ERR_USAGE, "the value compared with must be a finite number");
    if (op < PS_MC_GE || op > PS_MC_LT)
        return ps_error_set(err, PS_ERR_USAGE, "unknown comparison %d", (int)op);
    double *v;
    long n = 0;
    int rc = gather(mc, k, p, growth, &v, &n, err);
    if (rc) return rc;
    long hit = 0;
    for (long i = 0; i < n; i++)
        hit += op == PS_MC_GE ? v[i] >= x : op == PS_MC_LE ? v[i] <= x : op == PS_MC_GT ? v[i] > x
                                                                                       : v[i] < x;
    *out = (double)hit / (double)n;
    ps_free(v);
    return PS_OK;
}
