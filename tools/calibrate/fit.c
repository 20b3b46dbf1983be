/*
** Fitting the Yangzhou model's parameters with GSL's linear least squares.
**
** Slopes are estimated only where the history holds enough independent
** information (the deflator, the two income equations, the TFP trend); the
** other slopes are published estimates or stated assumptions, and only the
** intercept of their equation is fitted: the constant that makes the mean
** tracking residual over 2020-23 zero (OLS on a column of ones).  The
** equations below mirror models/yangzhou/yangzhou.model; a polsim run over
** the history with add-factors (docs/models/yangzhou.md) checks they agree.
*/
#include "series.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdio.h>

#define FIT0 2020 /* first year with a lag inside the history */
#define NFIT (Y1 - FIT0 + 1)
#define MAXK 3

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
            double mean = 0, tss = 0;
            for (int i = 0; i < n; i++) mean += y[i] / n;
            for (int i = 0; i < n; i++) tss += (y[i] - mean) * (y[i] - mean);
            int dof = n > k ? n - k : 1;
            o->n = n;
            o->k = k;
            o->r2 = tss > 0 ? 1 - chisq / tss : NAN;
            o->sd = sqrt(chisq / dof);
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
static double pc(const yz_data *h, const char *name, int year) {
    return 100 * (at(h, name, year) / at(h, name, year - 1) - 1);
}

/* Mean of y over the fit years (OLS on a constant), printed as a parameter. */
static double intercept(const char *param, const double *y, double scale, const char *what) {
    double ones[NFIT];
    for (int i = 0; i < NFIT; i++) ones[i] = 1;
    ols o;
    if (ols_fit(ones, y, NFIT, 1, &o)) return NAN;
    printf("  %-9s = %9.5f  (se %.5f, residual sd %.5f, n %d) %s\n", param, o.b[0] * scale,
           o.se[0] * scale, o.sd, o.n, what);
    return o.b[0] * scale;
}

static void print_line(const char *a, const char *b, const ols *o, const char *what) {
    printf("  %-9s = %9.5f  (se %.5f)\n  %-9s = %9.5f  (se %.5f)  R2 %.3f, sd %.4f, n %d: %s\n",
           a, o->b[0], o->se[0], b, o->b[1], o->se[1], o->r2, o->sd, o->n, what);
}

/* TFP: a log-linear trend through the Solow residual gdpr / (k^a pop^(1-a))
** over 2019-23; potential output is the trend TFP times the factor inputs. */
static void fit_tfp(yz_data *h, const yz_params *p) {
    double a = yz_param(p, "alpha"), x[2 * NY], y[NY];
    int n = 0;
    for (int yr = Y0 + 1; yr <= Y1; yr++, n++) {
        double f = pow(at(h, "k", yr), a) * pow(at(h, "pop", yr), 1 - a);
        x[2 * n] = 1;
        x[2 * n + 1] = yr - 2021;
        y[n] = log(at(h, "gdpr", yr) / f);
    }
    ols o;
    if (ols_fit(x, y, n, 2, &o)) return;
    print_line("log tfp21", "trend", &o, "log Solow residual on years since 2021");
    printf("  %-9s = %9.5f  (TFP trend growth, percent)\n", "tfp0", 100 * (exp(o.b[1]) - 1));
    for (int yr = Y0 + 1; yr <= Y1; yr++) {
        double tfp = exp(o.b[0] + o.b[1] * (yr - 2021));
        double pot = tfp * pow(at(h, "k", yr), a) * pow(at(h, "pop", yr), 1 - a);
        yz_get(h, "tfp")[yr - Y0] = tfp;
        yz_get(h, "ypot")[yr - Y0] = pot;
        yz_get(h, "gap")[yr - Y0] = 100 * (at(h, "gdpr", yr) / pot - 1);
    }
    double rd = 0, tal = 0;
    for (int yr = FIT0; yr <= Y1; yr++) {
        rd += at(h, "rd", yr - 1) / NFIT;
        tal += at(h, "talent", yr) / NFIT;
    }
    printf("  %-9s = %9.5f  (mean R&D intensity of the year before, 2020-23)\n", "rd_ref", rd);
    printf("  %-9s = %9.5f  (mean talent inflow, 2020-23)\n", "tal_ref", tal);
}

static void fit_prices(const yz_data *h, const yz_params *p) {
    double y[NFIT], x[2 * NFIT];
    double kpi = yz_param(p, "k_pi");
    for (int i = 0; i < NFIT; i++) {
        int yr = FIT0 + i;
        y[i] = pc(h, "cpi", yr) - at(h, "pi_ext", yr) - kpi * at(h, "gap", yr - 1);
    }
    intercept("cpi0", y, 1, "local CPI inflation above national");
    for (int i = 0; i < NFIT; i++) {
        int yr = FIT0 + i;
        y[i] = pc(h, "pgdp", yr) - pc(h, "cpi", yr);
        x[2 * i] = 1;
        x[2 * i + 1] = at(h, "ppi_ext", yr);
    }
    ols o;
    if (!ols_fit(x, y, NFIT, 2, &o))
        print_line("dfl0", "dfl_ppi", &o, "deflator minus CPI inflation on national PPI");
}

static void fit_incomes(const yz_data *h) {
    const char *names[2] = {"inc_u", "inc_r"}, *a[2] = {"iu0", "ir0"}, *b[2] = {"e_iu", "e_ir"};
    for (int s = 0; s < 2; s++) {
        double y[NFIT], x[2 * NFIT];
        for (int i = 0; i < NFIT; i++) {
            int yr = FIT0 + i;
            y[i] = pc(h, names[s], yr);
            x[2 * i] = 1;
            x[2 * i + 1] = pc(h, "gdp", yr) - pc(h, "pop", yr);
        }
        ols o;
        if (!ols_fit(x, y, NFIT, 2, &o))
            print_line(a[s], b[s], &o, "income growth on nominal GDP per head growth");
    }
}

static double hh_income(const yz_data *h, const yz_params *p, int yr) {
    return at(h, "ydr", yr) + yz_param(p, "hh_fee") * 100 * at(h, "fee_tot", yr) / at(h, "cpi", yr);
}

/* What an investment equation leaves for its intercept in year t: real
** growth of `inv` less its credit, accelerator and fee-cut channels. */
static double invest_gap(const yz_data *h, const yz_params *p, const char *inv,
                         const char *credit, const char *e_credit, const char *fee_share, int t) {
    double dp = dl(h, "pgdp", t), dg = dl(h, "gdpr", t);
    double df = at(h, "fee_tot", t) - at(h, "fee_tot", t - 1);
    return dl(h, inv, t) - dp - yz_param(p, e_credit) * (dl(h, credit, t) - dp) -
           yz_param(p, "e_acc") * dg - yz_param(p, fee_share) * df / at(h, inv, t - 1);
}

static void fit_demand(const yz_data *h, const yz_params *p) {
    double y[NFIT];
#define P(n) yz_param(p, n)
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        y[i] = dl(h, "hcb", t) - P("c_sr") * log(hh_income(h, p, t) / hh_income(h, p, t - 1)) -
               P("c_ec") * (log(at(h, "ydr", t - 1)) - log(at(h, "hcb", t - 1)));
    }
    intercept("c_lr", y, 1 / P("c_ec"), "consumption ECM (mean residual / c_ec)");
    for (int i = 0; i < NFIT; i++)
        y[i] = invest_gap(h, p, "indc", "tloans", "e_tl", "fi_ind", FIT0 + i);
    intercept("i0", y, 1, "industrial investment");
    for (int i = 0; i < NFIT; i++)
        y[i] = invest_gap(h, p, "othinv", "loans", "e_ol", "fi_oth", FIT0 + i);
    intercept("o0", y, 1, "other investment");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        y[i] = dl(h, "xr", t) - P("e_xd") * dl(h, "extd", t);
    }
    intercept("x0", y, 1, "outflows");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        y[i] = dl(h, "mr", t) - P("e_ma") * dl(h, "absr", t) - P("e_mgap") * at(h, "gap", t - 1) / 100;
    }
    intercept("m0", y, 1, "inflows");
}

static void fit_sectors(const yz_data *h, const yz_params *p) {
    double y[NFIT];
    for (int i = 0; i < NFIT; i++) y[i] = pc(h, "va1r", FIT0 + i);
    intercept("g_agr", y, 1, "primary sector growth");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        double dg = dl(h, "gdpr", t);
        y[i] = dl(h, "vaindr", t) - P("e_ig") * dg - P("e_ix") * (dl(h, "xr", t) - dg);
    }
    intercept("ind0", y, 1, "industry");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        y[i] = dl(h, "vaconr", t) - P("e_cf") * dl(h, "fair", t);
    }
    intercept("con0", y, 1, "construction");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        y[i] = at(h, "jobs", t) - P("j_y") * pc(h, "gdpr", t) - P("j_tal") * at(h, "talent", t);
    }
    intercept("j0", y, 1, "new urban jobs");
}

/* Equations whose intercept is imposed at zero: their mean residual is shown
** so that the analyst sees what the assumption leaves out. */
static void report_imposed(const yz_data *h, const yz_params *p) {
    double y[NFIT];
    printf("imposed (no intercept): mean tracking residual 2020-23\n");
    for (int i = 0; i < NFIT; i++)
        y[i] = dl(h, "revg", FIT0 + i) - P("e_rev") * dl(h, "gdp", FIT0 + i);
    intercept("revg", y, 1, "gross revenue growth beyond unit buoyancy (log)");
    for (int i = 0; i < NFIT; i++)
        y[i] = dl(h, "bexp_b", FIT0 + i) - P("e_exp") * dl(h, "revg", FIT0 + i);
    intercept("bexp_b", y, 1, "core expenditure growth beyond gross revenue (log)");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        y[i] = dl(h, "gcr", t) - dl(h, "bexp_b", t) + dl(h, "pgdp", t);
    }
    intercept("gcr", y, 1, "real government consumption beyond real core spending (log)");
    for (int i = 0; i < NFIT; i++) {
        int t = FIT0 + i;
        y[i] = dl(h, "retail_b", t) - P("e_ret") * dl(h, "hcb", t) - dl(h, "cpi", t);
    }
    intercept("retail_b", y, 1, "retail growth beyond consumption and CPI (log)");
#undef P
}

int yz_fit(yz_data *h, const yz_params *p) {
    gsl_set_error_handler_off();
    printf("fitted over %d-%d (least squares, gsl_multifit_linear)\n", FIT0, Y1);
    fit_tfp(h, p);
    fit_prices(h, p);
    fit_incomes(h);
    fit_demand(h, p);
    fit_sectors(h, p);
    report_imposed(h, p);
    return 0;
}
