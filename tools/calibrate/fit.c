/*
** Fitting the Yangzhou model's parameters with GSL's linear least squares.
**
** Slopes are estimated where the history carries enough independent
** information (deflator persistence and the gap, household income); in the
** error-correction equations the short-run slopes and the speed of adjustment
** are stated assumptions and only the long-run level is fitted: the constant
** that makes the mean tracking residual over 2016-23 zero (OLS on a column
** of ones).  Every line prints the sample, R² of the equation's dependent
** (its growth, or its level for inflation) and the residual standard
** deviation; docs/models/yangzhou.md copies them.  Equations whose parameters
** are all imposed print the same statistics for their residual.  The
** equations below mirror models/yangzhou/yangzhou.model; the history tests
** (tests/unit/test_yangzhou.c) check the two agree.
*/
#include "series.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdio.h>

#define FIT0 2016 /* first year whose lags lie inside the history */
#define NFIT (Y1 - FIT0 + 1)
#define MAXK 3
#define P(n) yz_param(p, n)

typedef struct ols {
    double b[MAXK], se[MAXK], r2, sd;
    int n, k;
} ols;

/* y = X b + e by gsl_multifit_linear; X has k columns (k <= MAXK). */
static int ols_fit(const double *x, const double *y, int n, int k, ols *o) {
    gsl_matrix *X = gsl_matrix_alloc((size_t)n, (size_t)k);
    gsl_vector *Y = gsl_vector_alloc((size_t)n), *c = gsl_vector_alloc((size_t)k);
    gsl_matrix *cov = gsl_matrix_alloc((size_t)k, (size_t)k);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc((size_t)n, (size_t)k);
    int rc = -1;
    if (X && Y && c && cov && w) {
        for (int i = 0; i < n; i++) {
            gsl_vector_set(Y, (size_t)i, y[i]);
            for (int j = 0; j < k; j++) gsl_matrix_set(X, (size_t)i, (size_t)j, x[i * k + j]);
        }
        double chisq;
        rc = gsl_multifit_linear(X, Y, c, cov, &chisq, w);
        if (rc == GSL_SUCCESS) {
            o->n = n;
            o->k = k;
            o->sd = sqrt(chisq / (n > k ? n - k : 1));
            for (int j = 0; j < k; j++) {
                o->b[j] = gsl_vector_get(c, (size_t)j);
                /* GSL scales cov by the residual variance chisq / (n - k) already */
                o->se[j] = sqrt(gsl_matrix_get(cov, (size_t)j, (size_t)j));
            }
        }
    }
    gsl_multifit_linear_free(w);
    gsl_matrix_free(cov);
    gsl_vector_free(c);
    gsl_vector_free(Y);
    gsl_matrix_free(X);
    return rc;
}

static double at(const yz_data *h, const char *name, int year) {
    return yz_at(yz_find(h, name), year);
}
static double dl(const yz_data *h, const char *name, int year) {
    return log(at(h, name, year) / at(h, name, year - 1));
}
static double lr(const yz_data *h, const char *a, const char *b, int year) {
    return log(at(h, a, year) / at(h, b, year));
}

/* R² of a dependent `dep` (n values) explained up to residuals `e`. */
static double r2(const double *dep, const double *e, int n) {
    double mean = 0, tss = 0, ssr = 0;
    for (int i = 0; i < n; i++) mean += dep[i] / n;
    for (int i = 0; i < n; i++) {
        tss += (dep[i] - mean) * (dep[i] - mean);
        ssr += e[i] * e[i];
    }
    /* A dependent that does not vary (a series derived as a constant) has no R². */
    return tss > 1e-12 ? 1 - ssr / tss : NAN;
}

static void report(const char *eq, const char *what, const double *dep, const double *e, int n,
                   int k) {
    double ssr = 0;
    for (int i = 0; i < n; i++) ssr += e[i] * e[i];
    double rr = r2(dep, e, n);
    char r2s[16] = "   n/a";
    if (!isnan(rr)) snprintf(r2s, sizeof r2s, "%6.3f", rr);
    printf("  [%-8s] %d-%d n %d  R2 %s  residual sd %.5f  %s\n", eq, Y1 - n + 1, Y1, n, r2s,
           sqrt(ssr / (n > k ? n - k : 1)), what);
}

/* An error-correction equation
**   dep = known + ec * (LR - lagratio) + residual
** with LR the fitted constant; prints LR (the mean of
** (dep - known) / ec + lagratio, an OLS on ones) and the fit. */
static double ecm_level(const char *eq, const char *param, const double *dep,
                        const double *known, const double *lag, double ec) {
    double z[NFIT], ones[NFIT], e[NFIT];
    for (int i = 0; i < NFIT; i++) {
        z[i] = (dep[i] - known[i]) / ec + lag[i];
        ones[i] = 1;
    }
    ols o;
    if (ols_fit(ones, z, NFIT, 1, &o)) return NAN;
    for (int i = 0; i < NFIT; i++) e[i] = dep[i] - known[i] - ec * (o.b[0] - lag[i]);
    printf("  %-9s = %9.5f  (se %.5f)\n", param, o.b[0], o.se[0]);
    report(eq, "growth (log points)", dep, e, NFIT, 1);
    return o.b[0];
}

/* An equation with every parameter imposed: dep = known + residual. */
static void imposed(const char *eq, const char *what, const double *dep, const double *known) {
    double e[NFIT], mean = 0;
    for (int i = 0; i < NFIT; i++) {
        e[i] = dep[i] - known[i];
        mean += e[i] / NFIT;
    }
    printf("  imposed: mean residual %+.5f\n", mean);
    report(eq, what, dep, e, NFIT, 0);
}

/* TFP: a log-linear trend through the Solow residual gdpr / (k(-1)^a pop^(1-a))
** over 2015-23 (capital at the start of the year); potential output is the
** trend TFP times the factor inputs. */
static void fit_tfp(yz_data *h, const yz_params *p) {
    double a = P("alpha"), x[2 * NY], y[NY];
    int n = 0;
    for (int yr = Y0 + 1; yr <= Y1; yr++, n++) {
        double f = pow(at(h, "k", yr - 1), a) * pow(at(h, "pop", yr), 1 - a);
        x[2 * n] = 1;
        x[2 * n + 1] = yr - 2019;
        y[n] = log(at(h, "gdpr", yr) / f);
    }
    ols o;
    if (ols_fit(x, y, n, 2, &o)) return;
    double e[NY];
    for (int i = 0; i < n; i++) e[i] = y[i] - o.b[0] - o.b[1] * (Y0 + 1 + i - 2019);
    double g = 100 * (exp(o.b[1]) - 1);
    printf("  log tfp19 = %9.5f  (se %.5f), trend %.5f (se %.5f): TFP trend growth %.3f%%\n",
           o.b[0], o.se[0], o.b[1], o.se[1], g);
    report("tfp", "log Solow residual on a trend (levels)", y, e, n, 2);
    double rd_ref = P("rd_ref"), tal_ref = P("tal_ref");
    for (int yr = Y0 + 1; yr <= Y1; yr++) {
        double tfp = exp(o.b[0] + o.b[1] * (yr - 2019));
        double pot = tfp * pow(at(h, "k", yr - 1), a) * pow(at(h, "pop", yr), 1 - a);
        int t = yr - Y0;
        yz_get(h, "tfp")[t] = tfp;
        yz_get(h, "tfpg")[t] = g;
        yz_get(h, "tfpb")[t] = g - P("b_rd") * (at(h, "rd", yr - 1) - rd_ref) -
                               P("b_tal") * (at(h, "talent", yr) - tal_ref);
        yz_get(h, "ypot")[t] = pot;
        yz_get(h, "gap")[t] = 100 * (at(h, "gdpr", yr) / pot - 1);
    }
}

/* Deflator inflation around the anchor: (pinf - pi*) on (pinf(-1) - pi*)
** and last year's gap, no constant. */
static void fit_prices(const yz_data *h, const yz_params *p) {
    double y[NFIT], x[2 * NFIT], dep[NFIT], e[NFIT];
    double ps = P("pi_star");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        dep[i] = at(h, "pinf", t);
        y[i] = dep[i] - ps;
        x[2 * i] = at(h, "pinf", t - 1) - ps;
        x[2 * i + 1] = at(h, "gap", t - 1);
    }
    ols o;
    if (ols_fit(x, y, NFIT, 2, &o)) return;
    for (int i = 0; i < NFIT; i++) e[i] = y[i] - o.b[0] * x[2 * i] - o.b[1] * x[2 * i + 1];
    printf("  rho_pi    = %9.5f  (se %.5f)\n  k_pi (free) = %9.5f  (se %.5f)\n", o.b[0], o.se[0],
           o.b[1], o.se[1]);
    report("pinf", "deflator inflation (points)", dep, e, NFIT, 2);
    /* With k_pi imposed: rho_pi alone. */
    double y1[NFIT], x1[NFIT];
    for (int i = 0; i < NFIT; i++) {
        y1[i] = y[i] - P("k_pi") * x[2 * i + 1];
        x1[i] = x[2 * i];
    }
    if (ols_fit(x1, y1, NFIT, 1, &o)) return;
    for (int i = 0; i < NFIT; i++) e[i] = y1[i] - o.b[0] * x1[i];
    printf("  rho_pi    = %9.5f  (se %.5f) with k_pi = %g imposed\n", o.b[0], o.se[0], P("k_pi"));
    report("pinf", "deflator inflation (points), k_pi imposed", dep, e, NFIT, 1);
    double d[NFIT], k[NFIT];
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        k[i] = at(h, "pinf", t) - P("c_rel") * 100 * lr(h, "cpi", "pgdp", t - 1);
        d[i] = 100 * (at(h, "cpi", t) / at(h, "cpi", t - 1) - 1);
    }
    imposed("cpi", "CPI inflation (points)", d, k);
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = 100 * (at(h, "pbar", t) / at(h, "pbar", t - 1) - 1);
        k[i] = P("pi_star");
    }
    imposed("pbar", "anchor-path inflation (points): the deflator's in the history", d, k);
}

static void fit_supply(const yz_data *h, const yz_params *p) {
    double d[NFIT], k[NFIT];
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = at(h, "tfpb", t);
        k[i] = P("g_tfp") + P("rho_t") * (at(h, "tfpb", t - 1) - P("g_tfp"));
    }
    imposed("tfpb", "trend TFP growth (points)", d, k);
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = at(h, "popg", t);
        k[i] = P("p_lr") + P("rho_pop") * (at(h, "popg", t - 1) - P("p_lr"));
    }
    imposed("popg", "population growth (points)", d, k);
}

static double credit_term(const yz_data *h, const char *flow, int t, double sat) {
    return log(1 + at(h, flow, t) / sat) - log(1 + at(h, flow, t - 1) / sat);
}

static void fit_credit_fiscal(const yz_data *h, const yz_params *p) {
    double d[NFIT], k[NFIT], lag[NFIT];
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "loans", t);
        k[i] = dl(h, "ypot", t) + P("pi_star") / 100 + P("l_ec") * (log(P("l_star")) - lr(h, "loans", "gdp", t - 1)) +
               at(h, "loan_g", t) / 100;
    }
    imposed("loans", "loan growth (log points): the credit deepening of 2015-23", d, k);
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "tloans", t);
        k[i] = dl(h, "loans", t) +
               P("ts_ec") * (log(P("ts_star")) - lr(h, "tloans", "loans", t - 1)) +
               at(h, "tloan_g", t) / 100;
    }
    imposed("tloans", "targeted-loan growth (log points)", d, k);
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "revg", t);
        k[i] = P("e_rev") * dl(h, "gdp", t);
    }
    imposed("revg", "gross revenue growth (log points)", d, k);
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "bexp_b", t);
        k[i] = P("e_exp") * dl(h, "gdp", t);
    }
    imposed("bexp_b", "core expenditure growth (log points)", d, k);
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "fundrev", t);
        k[i] = dl(h, "pgdp", t) + P("e_land") * (dl(h, "reinv", t) - dl(h, "pgdp", t));
        lag[i] = lr(h, "fundrev", "reinv", t - 1);
    }
    ecm_level("fundrev", "f_lr", d, k, lag, P("f_ec"));
}

static void fit_households(const yz_data *h, const yz_params *p) {
    double y[NFIT], x[2 * NFIT], d[NFIT], k[NFIT], lag[NFIT], e[NFIT];
    double yec = P("y_ec");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "ydb", t);
        y[i] = d[i] + yec * lr(h, "ydb", "gdp", t - 1);
        x[2 * i] = 1;
        x[2 * i + 1] = dl(h, "gdp", t);
    }
    ols o;
    if (!ols_fit(x, y, NFIT, 2, &o)) {
        for (int i = 0; i < NFIT; i++) e[i] = y[i] - o.b[0] - o.b[1] * x[2 * i + 1];
        printf("  y_lr      = %9.5f  (se %.5f)\n  y_sr      = %9.5f  (se %.5f)\n", o.b[0] / yec,
               o.se[0] / yec, o.b[1], o.se[1]);
        report("ydb", "household income growth (log points)", d, e, NFIT, 2);
    }
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "hcb", t);
        k[i] = P("c_sr") * dl(h, "ydr", t);
        lag[i] = lr(h, "hcb", "ydr", t - 1);
    }
    ecm_level("hcb", "c_lr", d, k, lag, P("c_ec"));
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "retail_b", t);
        k[i] = P("e_ret") * dl(h, "hcb", t) + dl(h, "cpi", t);
    }
    imposed("retail_b", "retail growth (log points)", d, k);
}

static void fit_investment(const yz_data *h, const yz_params *p) {
    double d[NFIT], k[NFIT], lag[NFIT];
    double sat = P("c_sat");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        double base = dl(h, "pgdp", t) + P("e_acc") * dl(h, "gdpr", t);
        double df = at(h, "fee_tot", t) - at(h, "fee_tot", t - 1);
        d[i] = dl(h, "indc", t);
        k[i] = base + P("e_tl") * credit_term(h, "tflow", t, P("tc_sat")) +
               P("fi_ind") * df / at(h, "indc", t - 1);
        lag[i] = lr(h, "indc", "gdp", t - 1);
    }
    ecm_level("indc", "i_lr", d, k, lag, P("i_ec"));
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        double base = dl(h, "pgdp", t) + P("e_acc") * dl(h, "gdpr", t);
        double df = at(h, "fee_tot", t) - at(h, "fee_tot", t - 1);
        d[i] = dl(h, "othinv", t);
        k[i] = base + P("e_ol") * credit_term(h, "cflow", t, sat) +
               P("fi_oth") * df / at(h, "othinv", t - 1);
        lag[i] = lr(h, "othinv", "gdp", t - 1);
    }
    ecm_level("othinv", "o_lr", d, k, lag, P("i_ec"));
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "reinv", t);
        k[i] = dl(h, "pgdp", t) + P("e_acc") * dl(h, "gdpr", t) +
               P("e_rl") * credit_term(h, "cflow", t, sat);
        lag[i] = lr(h, "reinv", "gdp", t - 1);
    }
    ecm_level("reinv", "re_lr", d, k, lag, P("re_ec"));
}

static void fit_trade(const yz_data *h, const yz_params *p) {
    double d[NFIT], k[NFIT], lag[NFIT];
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "xr", t);
        k[i] = dl(h, "ypot", t) + P("e_xd") * (at(h, "extd_g", t) - P("g_ext")) / 100 -
               P("x_gap") * at(h, "gap", t - 1) / 100 -
               P("x_ec") * P("e_px") * lr(h, "pgdp", "pbar", t - 1);
        lag[i] = lr(h, "xr", "ypot", t - 1);
    }
    ecm_level("xr", "x_lr", d, k, lag, P("x_ec"));
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "mr", t);
        k[i] = P("e_ma") * dl(h, "absr", t) + P("e_mgap") * at(h, "gap", t - 1) / 100;
        lag[i] = lr(h, "mr", "absr", t - 1);
    }
    ecm_level("mr", "m_lr", d, k, lag, P("m_ec"));
}

static void fit_sectors(const yz_data *h, const yz_params *p) {
    double d[NFIT], k[NFIT], lag[NFIT];
    double sec = P("s_ec");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "va1r", t);
        k[i] = dl(h, "gdpr", t);
        lag[i] = lr(h, "va1r", "gdpr", t - 1);
    }
    ecm_level("va1r", "s1_lr", d, k, lag, sec);
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        double dg = dl(h, "gdpr", t);
        d[i] = dl(h, "vaindr", t);
        k[i] = P("e_ig") * dg + P("e_ix") * (dl(h, "xr", t) - dg);
        lag[i] = lr(h, "vaindr", "gdpr", t - 1);
    }
    ecm_level("vaindr", "ind_lr", d, k, lag, sec);
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        d[i] = dl(h, "vaconr", t);
        k[i] = P("e_cf") * dl(h, "fair", t);
        lag[i] = lr(h, "vaconr", "gdpr", t - 1);
    }
    ecm_level("vaconr", "con_lr", d, k, lag, sec);
}

int yz_fit(yz_data *h, const yz_params *p) {
    gsl_set_error_handler_off();
    printf("fitted over %d-%d (least squares, gsl_multifit_linear)\n", FIT0, Y1);
    fit_tfp(h, p);
    fit_prices(h, p);
    fit_supply(h, p);
    fit_credit_fiscal(h, p);
    fit_households(h, p);
    fit_investment(h, p);
    fit_trade(h, p);
    fit_sectors(h, p);
    return 0;
}
