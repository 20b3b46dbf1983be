/*
** Building the model's history 2015-2023 from the inputs.  Each rule below is
** one line of models/yangzhou/SOURCES.md ("Derivation rules", numbered as
** there); keep the two in step.  Published figures are used as printed
** wherever the statistics file has them; a missing figure is interpolated,
** carried by a published growth rate, or derived by an identity or a stated
** share, and SOURCES.md marks which.
*/
#include "series.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define I(y) ((y) - Y0)
#define FIRST (Y0 + 1)
#define P(name) yz_param(p, name)

static double in(const yz_data *d, const char *name, int year) { return yz_in(d, name, year); }

/* Carry a level backwards from `year` down to `to` with growth rates g
** (percent) of the later year: x(t-1) = x(t) / (1 + g(t)/100). */
static void back_cast(double *x, const double *g, int year, int to) {
    for (int y = year; y > to; y--) x[I(y - 1)] = x[I(y)] / (1 + g[I(y)] / 100);
}

static void fail(const char *what, int year) {
    fprintf(stderr, "calibrate: %s in %d is not positive: check the inputs\n", what, year);
    exit(4);
}

/* Rule 1-2: nominal and real GDP, the deflator and the CPI. */
static void build_prices(yz_data *in_, yz_data *h) {
    double *gdp = yz_get(h, "gdp"), *gdpr = yz_get(h, "gdpr"), *pgdp = yz_get(h, "pgdp");
    double *pinf = yz_get(h, "pinf"), *cpi = yz_get(h, "cpi");
    double gn[NY];
    for (int y = FIRST; y <= Y1; y++) gn[I(y)] = in(in_, "gdp", y);
    /* Deflator inflation: published nominal growth over published real growth;
    ** 2019 straddles the census break (interpolated), 2015 has no 2014 level
    ** (taken equal to 2016). */
    for (int y = FIRST + 1; y <= Y1; y++)
        pinf[I(y)] = 100 * (gn[I(y)] / gn[I(y - 1)] / (1 + in(in_, "gdp_real_growth_pct", y) / 100) - 1);
    pinf[I(2019)] = (pinf[I(2018)] + pinf[I(2020)]) / 2;
    pinf[I(FIRST)] = pinf[I(FIRST + 1)];
    /* Census-consistent levels before 2019: the published 2019 level carried
    ** back with the published real growth and the deflator. */
    double rebase = gn[I(2019)] / (gn[I(2018)] * (1 + in(in_, "gdp_real_growth_pct", 2019) / 100) *
                                   (1 + pinf[I(2019)] / 100));
    for (int y = FIRST; y <= Y1; y++) gdp[I(y)] = y <= 2018 ? gn[I(y)] * rebase : gn[I(y)];
    pgdp[I(2020)] = 100;
    back_cast(pgdp, pinf, 2020, Y0);
    for (int y = 2021; y <= Y1; y++) pgdp[I(y)] = pgdp[I(y - 1)] * (1 + pinf[I(y)] / 100);
    double *pbar = yz_get(h, "pbar");
    for (int y = FIRST; y <= Y1; y++) {
        gdpr[I(y)] = 100 * gdp[I(y)] / pgdp[I(y)];
        pbar[I(y)] = pgdp[I(y)]; /* the anchor path is the deflator in the history */
    }
    /* 2014: only what the credit flow of 2015 needs (nominal GDP). */
    gdpr[I(Y0)] = gdpr[I(FIRST)] / (1 + in(in_, "gdp_real_growth_pct", FIRST) / 100);
    gdp[I(Y0)] = gdpr[I(Y0)] * pgdp[I(Y0)] / 100;
    /* CPI: published for 2023 only; before, it moves with the deflator. */
    double cg[NY];
    for (int y = FIRST; y <= Y1; y++) cg[I(y)] = y == 2023 ? in(in_, "cpi_growth_pct", y) : pinf[I(y)];
    cpi[I(2020)] = 100;
    back_cast(cpi, cg, 2020, FIRST);
    for (int y = 2021; y <= Y1; y++) cpi[I(y)] = cpi[I(y - 1)] * (1 + cg[I(y)] / 100);
}

/* Rule 3: resident population at year end, talent, R&D. */
static void build_population(yz_data *in_, const yz_params *p, yz_data *h) {
    double *pop = yz_get(h, "pop"), *popg = yz_get(h, "popg"), *tal = yz_get(h, "talent");
    double *rd = yz_get(h, "rd"), *rde = yz_get(h, "rde");
    const double *gdp = yz_find(h, "gdp");
    const int pub[] = { 2018, 2020, 2022, 2023 };
    for (size_t i = 0; i < sizeof pub / sizeof pub[0]; i++)
        pop[I(pub[i])] = in(in_, "resident_population", pub[i]);
    pop[I(2017)] = pop[I(2018)] - in(in_, "resident_population_change", 2018);
    pop[I(2019)] = sqrt(pop[I(2018)] * pop[I(2020)]);
    pop[I(2021)] = sqrt(pop[I(2020)] * pop[I(2022)]);
    /* 2015-16: the growth of the mean population implied by GDP over GDP per
    ** head (yuan; 10k persons = 100m yuan / yuan * 10^4). */
    double m15 = 1e4 * in(in_, "gdp", 2015) / in(in_, "gdp_per_capita", 2015);
    double m16 = 1e4 * in(in_, "gdp", 2016) / in(in_, "gdp_per_capita", 2016);
    double g = m16 / m15;
    pop[I(2016)] = pop[I(2017)] / g;
    pop[I(2015)] = pop[I(2016)] / g;
    pop[I(Y0)] = pop[I(2015)] / g;
    double tref = P("tal_ref"), stay = P("tal_stay");
    double rd23 = in(in_, "rd", 2023);
    for (int y = Y0; y <= Y1; y++) {
        tal[I(y)] = in(in_, "talent", 2023);
        rd[I(y)] = y == 2023 ? rd23 : rd23 - in(in_, "rd_change", 2023);
    }
    for (int y = FIRST; y <= Y1; y++) {
        popg[I(y)] = 100 * ((pop[I(y)] - stay * (tal[I(y)] - tref)) / pop[I(y - 1)] - 1);
        rde[I(y)] = rd[I(y)] * gdp[I(y)] / 100;
    }
    tal[I(Y0)] = NAN; /* 2014 seeds only rd(-1) of 2015 */
}

/* Rule 4: budget, relief, vouchers, promotion. */
static void build_fiscal(yz_data *in_, const yz_params *p, yz_data *h) {
    double *rev = yz_get(h, "rev"), *bexp = yz_get(h, "bexp"), *ft = yz_get(h, "fee_tot");
    double *fc = yz_get(h, "fee_cut"), *revg = yz_get(h, "revg"), *vou = yz_get(h, "voucher");
    double *pro = yz_get(h, "promo"), *bb = yz_get(h, "bexp_b"), *gc = yz_get(h, "gc");
    double *gcr = yz_get(h, "gcr"), *bal = yz_get(h, "bal");
    const double *pgdp = yz_find(h, "pgdp");
    for (int y = Y0; y <= 2018; y++) ft[I(y)] = 0;
    double r18 = in(in_, "budget_revenue", 2018), r19 = in(in_, "budget_revenue", 2019);
    ft[I(2019)] = r18 * (1 + in(in_, "budget_revenue_growth_excl_tax_cuts_pct", 2019) / 100) - r19;
    double f20 = in(in_, "tax_fee_cuts", 2020), f23 = in(in_, "tax_fee_cuts", 2023);
    ft[I(2020)] = f20;
    ft[I(2021)] = f20 * pow(f23 / f20, 1.0 / 3);
    ft[I(2022)] = f20 * pow(f23 / f20, 2.0 / 3);
    ft[I(2023)] = f23;
    double keep = P("fee_keep"), gsh = P("g_sh");
    for (int y = FIRST; y <= Y1; y++) {
        int t = I(y);
        rev[t] = in(in_, "budget_revenue", y);
        bexp[t] = in(in_, "budget_expenditure", y);
        fc[t] = ft[t] - keep * ft[t - 1];
        revg[t] = rev[t] + ft[t];
        vou[t] = y >= 2020 ? in(in_, "voucher", 2023) : 0;
        pro[t] = in(in_, "promo", 2023);
        bb[t] = bexp[t] - vou[t] - pro[t];
        gc[t] = gsh * bb[t];
        gcr[t] = 100 * gc[t] / pgdp[t];
        bal[t] = rev[t] - bexp[t];
    }
    ft[I(Y0)] = NAN;
}

/* Rule 5: fixed-asset investment and its parts, land revenue. */
static void build_investment(yz_data *in_, const yz_params *p, yz_data *h) {
    double *fai = yz_get(h, "fai"), *ind = yz_get(h, "indinv"), *indc = yz_get(h, "indc");
    double *re = yz_get(h, "reinv"), *fr = yz_get(h, "fundrev"), *fi = yz_get(h, "fundinv");
    double *pubn = yz_get(h, "pubn"), *pub = yz_get(h, "pubinv"), *oth = yz_get(h, "othinv");
    double *proj = yz_get(h, "proj_inv"), *fair = yz_get(h, "fair");
    const double *gdp = yz_find(h, "gdp"), *pgdp = yz_find(h, "pgdp");
    double fg[NY];
    double f15 = in(in_, "fai_level", 2015), f16 = in(in_, "fai_level", 2016);
    double f17 = in(in_, "industrial_investment", 2017) /
                 (in(in_, "industrial_share_of_fai_pct", 2017) / 100);
    fg[I(2016)] = 100 * (f16 / f15 - 1);
    fg[I(2017)] = 100 * (f17 / f16 - 1);
    fg[I(2019)] = in(in_, "fai_growth_pct", 2019);
    fg[I(2023)] = in(in_, "fai_growth_pct", 2023);
    fg[I(2018)] = (fg[I(2017)] + fg[I(2019)]) / 2;
    for (int y = 2020; y <= 2022; y++)
        fg[I(y)] = fg[I(2019)] + (fg[I(2023)] - fg[I(2019)]) * (y - 2019) / 4.0;
    fai[I(2023)] = in(in_, "nat_fai", 2023) / in(in_, "nat_gdp", 2023) * gdp[I(2023)];
    back_cast(fai, fg, 2023, FIRST);
    double s17 = in(in_, "industrial_share_of_fai_pct", 2017) / 100;
    double s19 = in(in_, "manufacturing_share_of_fai_pct", 2019) / 100;
    for (int y = FIRST; y <= 2022; y++)
        ind[I(y)] = fai[I(y)] * (y <= 2017 ? s17 : y == 2018 ? (s17 + s19) / 2 : s19);
    ind[I(2023)] = ind[I(2022)] * (1 + in(in_, "industrial_investment_growth_pct", 2023) / 100);
    re[I(2015)] = in(in_, "real_estate_investment", 2015) / f15 * fai[I(2015)];
    for (int y = 2016; y <= 2019; y++)
        re[I(y)] = re[I(y - 1)] * in(in_, "real_estate_investment", y) /
                   in(in_, "real_estate_investment", y - 1);
    for (int y = 2020; y <= Y1; y++) re[I(y)] = re[I(2019)] / gdp[I(2019)] * gdp[I(y)];
    const int fpub[] = { 2017, 2018, 2020, 2021, 2022, 2023 };
    for (size_t i = 0; i < sizeof fpub / sizeof fpub[0]; i++)
        fr[I(fpub[i])] = in(in_, "gov_fund_revenue", fpub[i]);
    fr[I(2019)] = sqrt(fr[I(2018)] * fr[I(2020)]);
    for (int y = 2016; y >= FIRST; y--) fr[I(y)] = fr[I(y + 1)] * re[I(y)] / re[I(y + 1)];
    double phi = P("phi_f"), ps = in(in_, "pub_share", 2023);
    for (int y = FIRST; y <= Y1; y++) {
        int t = I(y);
        fi[t] = phi * fr[t];
        pubn[t] = ps * fai[t];
        pub[t] = 100 * (pubn[t] - fi[t]) / pgdp[t];
        oth[t] = fai[t] - ind[t] - re[t] - pubn[t];
        indc[t] = ind[t];
        proj[t] = 0; /* additional projects: none in the history by definition */
        fair[t] = 100 * fai[t] / pgdp[t];
        if (!(pub[t] > 0)) fail("budget-financed public investment", y);
        if (!(oth[t] > 0)) fail("other investment", y);
    }
}

/* Rule 6: credit. */
static void build_credit(yz_data *in_, const yz_params *p, yz_data *h) {
    double *l = yz_get(h, "loans"), *tl = yz_get(h, "tloans"), *cf = yz_get(h, "cflow");
    double *tf = yz_get(h, "tflow"), *lg = yz_get(h, "loan_g"), *tg = yz_get(h, "tloan_g");
    const double *gdp = yz_find(h, "gdp");
    for (int y = FIRST; y <= Y1; y++) l[I(y)] = in(in_, "loans_rmb_yearend", y);
    l[I(Y0)] = l[I(FIRST)] * l[I(FIRST)] / l[I(FIRST + 1)];
    double ts = P("ts_star");
    for (int y = Y0; y <= Y1; y++) tl[I(y)] = ts * l[I(y)];
    for (int y = FIRST; y <= Y1; y++) {
        int t = I(y);
        cf[t] = (l[t] - l[t - 1]) / gdp[t - 1];
        tf[t] = (tl[t] - tl[t - 1]) / gdp[t - 1];
        lg[t] = 0; /* impulses above the model's path: none by definition */
        tg[t] = 0;
    }
}

/* Rule 7: household income (national-accounts concept), consumption, retail. */
static void build_households(yz_data *in_, const yz_params *p, yz_data *h) {
    double u[NY], r[NY];
    u[I(2023)] = in(in_, "income_urban_per_capita_yuan", 2023);
    r[I(2023)] = in(in_, "income_rural_per_capita_yuan", 2023);
    u[I(2022)] = u[I(2023)] / (1 + in(in_, "income_urban_growth_pct", 2023) / 100);
    r[I(2022)] = r[I(2023)] / (1 + in(in_, "income_rural_growth_pct", 2023) / 100);
    u[I(2020)] = 1e4 * in(in_, "income_urban_per_capita", 2020);
    r[I(2020)] = 1e4 * in(in_, "income_rural_per_capita", 2020);
    u[I(2021)] = sqrt(u[I(2020)] * u[I(2022)]);
    r[I(2021)] = sqrt(r[I(2020)] * r[I(2022)]);
    for (int y = 2020; y >= 2019; y--) {
        u[I(y - 1)] = u[I(y)] / (1 + in(in_, "income_urban_growth_pct", y) / 100);
        r[I(y - 1)] = r[I(y)] / (1 + in(in_, "income_rural_growth_pct", y) / 100);
    }
    double all = in(in_, "income_all_per_capita", 2023);
    double w = (all - r[I(2023)]) / (u[I(2023)] - r[I(2023)]);
    const double *gdp = yz_find(h, "gdp"), *pop = yz_find(h, "pop"), *cpi = yz_find(h, "cpi");
    const double *pgdp = yz_find(h, "pgdp"), *ft = yz_find(h, "fee_tot");
    const double *vou = yz_find(h, "voucher"), *pro = yz_find(h, "promo");
    double inc[NY];
    for (int y = 2018; y <= Y1; y++) inc[I(y)] = w * u[I(y)] + (1 - w) * r[I(y)];
    for (int y = 2018; y > FIRST; y--)
        inc[I(y - 1)] = inc[I(y)] / ((gdp[I(y)] / pop[I(y)]) / (gdp[I(y - 1)] / pop[I(y - 1)]));
    /* Retail sales: the census break between 2018 and 2019 is bridged by
    ** carrying 2018's published growth into 2019 (rule 7). */
    double ret[NY];
    for (int y = FIRST; y <= Y1; y++) ret[I(y)] = in(in_, "retail_sales", y);
    double g18 = ret[I(2018)] / ret[I(2017)];
    double rfac = ret[I(2019)] / (ret[I(2018)] * g18);
    for (int y = FIRST; y <= 2018; y++) ret[I(y)] *= rfac;
    double hc_per_retail = in(in_, "hc_share", 2023) * gdp[I(2023)] / ret[I(2023)];
    double bridge = in(in_, "yd_bridge", 2023), hhf = P("hh_fee");
    double vl = P("v_lev"), pl = P("promo_lev");
    for (int y = FIRST; y <= Y1; y++) {
        int t = I(y);
        double yd = bridge * inc[t] * pop[t] / 1e4, spend = vl * vou[t] + pl * pro[t];
        double hc = hc_per_retail * ret[t];
        yz_get(h, "yd")[t] = yd;
        yz_get(h, "ydb")[t] = yd - hhf * ft[t];
        yz_get(h, "ydr")[t] = 100 * yd / cpi[t];
        yz_get(h, "retail")[t] = ret[t];
        yz_get(h, "retail_b")[t] = ret[t] - spend;
        yz_get(h, "hc")[t] = hc;
        yz_get(h, "hcr")[t] = 100 * hc / pgdp[t];
        yz_get(h, "hcb")[t] = 100 * (hc - spend) / pgdp[t];
    }
}

/* Rule 8: trade as the expenditure residual; external demand. */
static void build_external(yz_data *in_, yz_data *h) {
    const double *gdp = yz_find(h, "gdp"), *pgdp = yz_find(h, "pgdp");
    double *eg = yz_get(h, "extd_g");
    double msh = in(in_, "m_share", 2023), mean = 0;
    for (int y = 2019; y <= Y1; y++) {
        eg[I(y)] = 100 * (in(in_, "exports", y) / in(in_, "exports", y - 1) - 1);
        mean += eg[I(y)] / (Y1 - 2019 + 1);
    }
    for (int y = FIRST; y < 2019; y++) eg[I(y)] = mean;
    printf("derived   g_ext     = %9.5f  (mean growth of goods exports 2019-23)\n", mean);
    for (int y = FIRST; y <= Y1; y++) {
        int t = I(y);
        double absr = yz_find(h, "hcr")[t] + yz_find(h, "gcr")[t] + yz_find(h, "fair")[t];
        double nx = gdp[t] - yz_find(h, "hc")[t] - yz_find(h, "gc")[t] - yz_find(h, "fai")[t];
        yz_get(h, "absr")[t] = absr;
        yz_get(h, "nx")[t] = nx;
        yz_get(h, "nxr")[t] = 100 * nx / pgdp[t];
        yz_get(h, "mr")[t] = msh * absr;
        yz_get(h, "xr")[t] = 100 * nx / pgdp[t] + msh * absr;
    }
}

/* Rule 9: real value added by sector. */
static void build_sectors(yz_data *in_, yz_data *h) {
    const double *gdpr = yz_find(h, "gdpr");
    double *v1 = yz_get(h, "va1r"), *v2 = yz_get(h, "va2r"), *v3 = yz_get(h, "va3r");
    double *vi = yz_get(h, "vaindr"), *vc = yz_get(h, "vaconr");
    double cs = in(in_, "con_share", 2023);
    for (int y = FIRST; y <= 2022; y++) {
        double s1, s2;
        if (y == 2017) { /* only the tertiary share is printed for 2017 */
            s1 = (in(in_, "va_primary_share_pct", 2016) + in(in_, "va_primary_share_pct", 2018)) / 2;
            s2 = 100 - s1 - in(in_, "va_tertiary_share_pct", 2017);
        } else {
            s1 = in(in_, "va_primary_share_pct", y);
            s2 = in(in_, "va_secondary_share_pct", y);
        }
        v1[I(y)] = s1 / 100 * gdpr[I(y)];
        v2[I(y)] = s2 / 100 * gdpr[I(y)];
        vc[I(y)] = cs * v2[I(y)];
        vi[I(y)] = v2[I(y)] - vc[I(y)];
    }
    v1[I(2023)] = v1[I(2022)] * (1 + in(in_, "va_primary_real_growth_pct", 2023) / 100);
    v2[I(2023)] = v2[I(2022)] * (1 + in(in_, "va_secondary_real_growth_pct", 2023) / 100);
    vi[I(2023)] = vi[I(2022)] * (1 + in(in_, "industrial_va_above_size_growth_pct", 2023) / 100);
    vc[I(2023)] = v2[I(2023)] - vi[I(2023)];
    for (int y = FIRST; y <= Y1; y++) v3[I(y)] = gdpr[I(y)] - v1[I(y)] - v2[I(y)];
}

/* Rule 10: capital from an assumed 2014 capital-output ratio. TFP, potential
** output and the gap come from the fitted trend (fit.c). */
static void build_capital(const yz_params *p, yz_data *h) {
    double *k = yz_get(h, "k");
    const double *gdpr = yz_find(h, "gdpr"), *fair = yz_find(h, "fair");
    double delta = P("delta");
    k[I(Y0)] = P("k_ratio") * gdpr[I(Y0)];
    for (int y = FIRST; y <= Y1; y++) k[I(y)] = (1 - delta) * k[I(y - 1)] + fair[I(y)];
}

int yz_build(yz_data *in_, const yz_params *p, yz_data *h) {
    build_prices(in_, h);
    build_population(in_, p, h);
    build_fiscal(in_, p, h);
    build_investment(in_, p, h);
    build_credit(in_, p, h);
    build_households(in_, p, h);
    build_external(in_, h);
    build_sectors(in_, h);
    build_capital(p, h);
    return h->n < MAXSER ? 0 : -1;
}
