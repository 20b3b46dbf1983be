/*
** Distributions of Monte Carlo inputs: checks and draws.  GSL's samplers
** where GSL has one (normal by ziggurat, lognormal, flat, the uniform
** integer of a choice); the triangular and the two-sided truncated normal
** by inverting their distribution functions.
*/
#include "analysis/dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

static const char *const kind_names[] = {"normal",     "lognormal",   "uniform",
                                         "triangular", "truncnormal", "choice"};

const char *ps_dist_name(ps_dist_kind k) {
    return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

/* Probability of [lo, hi] under N(0, 1), computed in the tail where it is
** small so that far bounds keep their digits. */
static double std_mass(double lo, double hi) {
    if (lo > 0) return gsl_cdf_ugaussian_Q(lo) - gsl_cdf_ugaussian_Q(hi);
    return gsl_cdf_ugaussian_P(hi) - gsl_cdf_ugaussian_P(lo);
}

static int bad(ps_error *err, const char *what, const ps_dist *d, const char *why) {
    return ps_error_set(err, PS_ERR_USAGE, "%s: %s distribution: %s", what,
                        ps_dist_name(d->kind), why);
}

int ps_dist_check(const ps_dist *d, const char *what, ps_error *err) {
    switch (d->kind) {
    case PS_DIST_NORMAL:
    case PS_DIST_LOGNORMAL:
    case PS_DIST_TRUNCNORMAL: {
        const char *m = d->kind == PS_DIST_LOGNORMAL ? "mu" : "mean";
        const char *s = d->kind == PS_DIST_LOGNORMAL ? "sigma" : "sd";
        if (!isfinite(d->a))
            return ps_error_set(err, PS_ERR_USAGE, "%s: %s distribution: %s must be a finite "
                                "number", what, ps_dist_name(d->kind), m);
        if (!isfinite(d->b) || d->b <= 0)
            return ps_error_set(err, PS_ERR_USAGE, "%s: %s distribution: %s must be a finite "
                                "number > 0, got %g", what, ps_dist_name(d->kind), s, d->b);
        if (d->kind != PS_DIST_TRUNCNORMAL) return PS_OK;
        if (isnan(d->c) || isnan(d->d) || !(d->c < d->d))
            return bad(err, what, d, "needs min < max");
        double mass = std_mass((d->c - d->a) / d->b, (d->d - d->a) / d->b);
        if (!(mass >= 1e-12))
            return ps_error_set(err, PS_ERR_USAGE, "%s: truncnormal distribution: [min, max] "
                                "= [%g, %g] holds only %.3g of N(%g, %g^2); bring the bounds "
                                "nearer the mean", what, d->c, d->d, mass, d->a, d->b);
        return PS_OK;
    }
    case PS_DIST_UNIFORM:
        if (!isfinite(d->a) || !isfinite(d->b) || !(d->a < d->b))
            return bad(err, what, d, "needs finite min < max");
        return PS_OK;
    case PS_DIST_TRIANGULAR:
        if (!isfinite(d->a) || !isfinite(d->b) || !isfinite(d->c) || !(d->a < d->b))
            return bad(err, what, d, "needs finite min < max");
        if (!(d->a <= d->c && d->c <= d->b))
            return ps_error_set(err, PS_ERR_USAGE, "%s: triangular distribution: mode %g must "
                                "lie in [min, max] = [%g, %g]", what, d->c, d->a, d->b);
        return PS_OK;
    case PS_DIST_CHOICE:
        if (d->nvalues < 1 || !d->values)
            return bad(err, what, d, "needs at least one value");
        if (d->nvalues > PS_MC_MAX_CHOICE)
            return ps_error_set(err, PS_ERR_LIMIT, "%s: choice distribution: %d values, at "
                                "most %d", what, d->nvalues, PS_MC_MAX_CHOICE);
        for (int i = 0; i < d->nvalues; i++)
            if (!isfinite(d->values[i]))
                return ps_error_set(err, PS_ERR_USAGE, "%s: choice distribution: value %d is "
                                    "not a finite number", what, i + 1);
        return PS_OK;
    }
    return ps_error_set(err, PS_ERR_USAGE, "%s: unknown distribution kind %d", what,
                        (int)d->kind);
}

static double triangular(const ps_dist *d, double u) {
    double a = d->a, b = d->b, c = d->c;
    if (u * (b - a) < c - a) return a + sqrt(u * (b - a) * (c - a));
    return b - sqrt((1 - u) * (b - a) * (b - c));
}

void ps_dist_prepare(const ps_dist *d, ps_dist_prep *out) {
    memset(out, 0, sizeof *out);
    out->d = *d;
    if (d->kind != PS_DIST_TRUNCNORMAL) return;
    double lo = (d->c - d->a) / d->b, hi = (d->d - d->a) / d->b;
    out->reject = std_mass(lo, hi) >= 0.25;
    out->upper = lo > 0;
    out->p0 = out->upper ? gsl_cdf_ugaussian_Q(lo) : gsl_cdf_ugaussian_P(lo);
    out->p1 = out->upper ? gsl_cdf_ugaussian_Q(hi) : gsl_cdf_ugaussian_P(hi);
}

/* By rejection when the interval holds much of the mass; else by the
** inverse distribution function on the side of the mean the interval lies
** on (upper-tail functions above it), so a far interval keeps its digits. */
static double truncnormal(const ps_dist_prep *p, gsl_rng *r) {
    const ps_dist *d = &p->d;
    double x;
    if (p->reject) {
        do x = d->a + gsl_ran_gaussian_ziggurat(r, d->b);
        while (x < d->c || x > d->d);
        return x;
    }
    double u = gsl_rng_uniform_pos(r);
    double z = p->upper ? gsl_cdf_ugaussian_Qinv(p->p1 + u * (p->p0 - p->p1))
                        : gsl_cdf_ugaussian_Pinv(p->p0 + u * (p->p1 - p->p0));
    x = d->a + d->b * z;
    /* the inverse is exact only to rounding: keep the draw inside the bounds */
    return x < d->c ? d->c : x > d->d ? d->d : x;
}

double ps_dist_draw(const ps_dist_prep *p, gsl_rng *r) {
    const ps_dist *d = &p->d;
    switch (d->kind) {
    case PS_DIST_NORMAL: return d->a + gsl_ran_gaussian_ziggurat(r, d->b);
    case PS_DIST_LOGNORMAL: return exp(d->a + gsl_ran_gaussian_ziggurat(r, d->b));
    case PS_DIST_UNIFORM: return gsl_ran_flat(r, d->a, d->b);
    case PS_DIST_TRIANGULAR: return triangular(d, gsl_rng_uniform(r));
    case PS_DIST_TRUNCNORMAL: return truncnormal(p, r);
    case PS_DIST_CHOICE:
        return d->values[gsl_rng_uniform_int(r, (unsigned long)d->nvalues)];
    }
    return NAN;
}
