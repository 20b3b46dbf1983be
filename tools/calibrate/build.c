/*
** Building the model's history from the inputs.  Each rule below is one line
** of models/yangzhou/SOURCES.md ("Derived series"); keep the two in step.
** Published levels anchor each series, published or assumed growth rates
** carry it backwards and forwards, and fixed ratios (all assumptions) split
** the totals no source at hand publishes.
*/
#include "series.h"

#include <math.h>
#include <stdio.h>

#define I(y) ((y) - Y0)
#define FIRST (Y0 + 1)

/* Carry a level backwards from `year` with growth rates g (percent) of the
** later year: x(t-1) = x(t) / (1 + g(t)/100). */
static void back_cast(double *x, const double *g, int year) {
    for (int y = year; y > FIRST; y--) x[I(y - 1)] = x[I(y)] / (1 + g[I(y)] / 100);
}

/* Carry a level forwards from `year`: x(t) = x(t-1) * (1 + g(t)/100). */
static void forward(double *x, const double *g, int year) {
    for (int y = year + 1; y <= Y1; y++) x[I(y)] = x[I(y - 1)] * (1 + g[I(y)] / 100);
}

/* An index equal to 100 in 2020 from its growth rates. */
static void index_2020(double *x, const double *g) {
    x[I(2020)] = 100;
    back_cast(x, g, 2020);
    forward(x, g, 2020);
}

static void copy_input(yz_data *in, yz_data *out, const char *name, int from) {
    double *dst = yz_get(out, name);
    for (int y = from; y <= Y1; y++) dst[I(y)] = yz_in(in, name, y);
}

static void build_prices(yz_data *in, yz_data *h) {
    double *gdp = yz_get(h, "gdp"), *pgdp = yz_get(h, "pgdp"), *gdpr = yz_get(h, "gdpr");
    double *cpi = yz_get(h, "cpi"), *cg = yz_get(in, "cpi_g");
    /* Nominal GDP: published 2020, 2022, 2023; 2019 and 2021 back-cast with
    ** the published real growth and the assumed deflator. */
    for (int y = 2020; y <= 2023; y++)
        if (y != 2021) gdp[I(y)] = yz_in(in, "gdp", y);
    gdp[I(2019)] = gdp[I(2020)] / ((1 + yz_in(in, "gdpr_g", 2020) / 100) *
                                   (1 + yz_in(in, "pgdp_g", 2020) / 100));
    gdp[I(2021)] = gdp[I(2022)] / ((1 + yz_in(in, "gdpr_g", 2022) / 100) *
                                   (1 + yz_in(in, "pgdp_g", 2022) / 100));
    /* Deflator 2020 = 100 with the assumed national rates to 2022; 2023 is
    ** implied by published nominal and real growth. */
    pgdp[I(2020)] = 100;
    pgdp[I(2019)] = 100 / (1 + yz_in(in, "pgdp_g", 2020) / 100);
    for (int y = 2021; y <= 2022; y++)
        pgdp[I(y)] = pgdp[I(y - 1)] * (1 + yz_in(in, "pgdp_g", y) / 100);
    pgdp[I(2023)] = pgdp[I(2022)] * (gdp[I(2023)] / gdp[I(2022)]) /
                    (1 + yz_in(in, "gdpr_g", 2023) / 100);
    for (int y = FIRST; y <= Y1; y++) gdpr[I(y)] = gdp[I(y)] / pgdp[I(y)] * 100;
    index_2020(cpi, cg);
    copy_input(in, h, "pi_ext", FIRST);
    copy_input(in, h, "ppi_ext", FIRST);
}

/* Real value added by sector: 2023 nominal shares apply to 2019-22 (sector
** deflators = GDP deflator up to 2022), 2023 grows at the published rates and
** services take the rounding residual. */
static void build_sectors(yz_data *in, yz_data *h) {
    const double *gdpr = yz_find(h, "gdpr");
    double g23 = yz_in(in, "gdp", 2023);
    double s1 = yz_in(in, "va1", 2023) / g23, s2 = yz_in(in, "va2", 2023) / g23;
    double cs = yz_in(in, "con_share", 2023);
    double *v1 = yz_get(h, "va1r"), *v2 = yz_get(h, "va2r"), *v3 = yz_get(h, "va3r");
    double *vi = yz_get(h, "vaindr"), *vc = yz_get(h, "vaconr");
    for (int y = FIRST; y <= 2022; y++) {
        v1[I(y)] = s1 * gdpr[I(y)];
        v2[I(y)] = s2 * gdpr[I(y)];
        vc[I(y)] = cs * v2[I(y)];
        vi[I(y)] = v2[I(y)] - vc[I(y)];
    }
    v1[I(2023)] = v1[I(2022)] * (1 + yz_in(in, "va1_g", 2023) / 100);
    v2[I(2023)] = v2[I(2022)] * (1 + yz_in(in, "va2_g", 2023) / 100);
    vi[I(2023)] = vi[I(2022)] * (1 + yz_in(in, "vaind_g", 2023) / 100);
    vc[I(2023)] = v2[I(2023)] - vi[I(2023)];
    for (int y = FIRST; y <= Y1; y++) v3[I(y)] = gdpr[I(y)] - v1[I(y)] - v2[I(y)];
}

static void build_investment(yz_data *in, yz_data *h) {
    const double *gdp = yz_find(h, "gdp");
    double *fai = yz_get(h, "fai"), *ind = yz_get(h, "indinv"), *pub = yz_get(h, "pubinv");
    double *oth = yz_get(h, "othinv"), *indc = yz_get(h, "indc"), *proj = yz_get(h, "proj_inv");
    fai[I(2023)] = yz_in(in, "fai_ratio", 2023) * gdp[I(2023)];
    back_cast(fai, yz_get(in, "fai_g"), 2023);
    /* The plan's ">1000 industrial project investment" read as 2024 industrial
    ** investment growing at the plan's 18%; 2023 growth 20% (work report). */
    ind[I(2023)] = yz_in(in, "indinv_plan", 2024) / (1 + yz_in(in, "indinv_g_plan", 2024) / 100);
    ind[I(2022)] = ind[I(2023)] / (1 + yz_in(in, "indinv_g", 2023) / 100);
    for (int y = FIRST; y <= 2021; y++) ind[I(y)] = fai[I(y)] * ind[I(2022)] / fai[I(2022)];
    double ps = yz_in(in, "pubinv_share", 2023);
    for (int y = FIRST; y <= Y1; y++) {
        pub[I(y)] = ps * fai[I(y)];
        oth[I(y)] = fai[I(y)] - ind[I(y)] - pub[I(y)];
        proj[I(y)] = 0; /* additional projects: none in the history by definition */
        indc[I(y)] = ind[I(y)];
    }
}

static void build_demand(yz_data *in, const yz_params *p, yz_data *h) {
    const double *gdp = yz_find(h, "gdp"), *pgdp = yz_find(h, "pgdp");
    const double *fai = yz_find(h, "fai");
    double *retail = yz_get(h, "retail"), *hc = yz_get(h, "hc"), *gc = yz_get(h, "gc");
    retail[I(2023)] = yz_in(in, "retail", 2023);
    back_cast(retail, yz_get(in, "retail_g"), 2023);
    double hc_per_retail = yz_in(in, "hc_ratio", 2023) * gdp[I(2023)] / retail[I(2023)];
    double gcr_ratio = yz_in(in, "gc_ratio", 2023), be = yz_in(in, "bexp_ratio", 2023);
    double msh = yz_in(in, "m_share", 2023);
    double vl = yz_param(p, "v_lev"), pl = yz_param(p, "promo_lev");
    copy_input(in, h, "voucher", FIRST);
    copy_input(in, h, "promo", FIRST);
    const double *vou = yz_find(h, "voucher"), *pro = yz_find(h, "promo");
    for (int y = FIRST; y <= Y1; y++) {
        int t = I(y);
        double spend = vl * vou[t] + pl * pro[t];
        hc[t] = hc_per_retail * retail[t];
        gc[t] = gcr_ratio * gdp[t];
        yz_get(h, "bexp")[t] = be * gdp[t];
        yz_get(h, "bexp_b")[t] = be * gdp[t] - vou[t] - pro[t];
        yz_get(h, "hcr")[t] = hc[t] / pgdp[t] * 100;
        yz_get(h, "hcb")[t] = (hc[t] - spend) / pgdp[t] * 100;
        yz_get(h, "retail_b")[t] = retail[t] - spend;
        yz_get(h, "gcr")[t] = gc[t] / pgdp[t] * 100;
        yz_get(h, "fair")[t] = fai[t] / pgdp[t] * 100;
        double absr = yz_get(h, "hcr")[t] + yz_get(h, "gcr")[t] + yz_get(h, "fair")[t];
        double nx = gdp[t] - hc[t] - gc[t] - fai[t];
        yz_get(h, "absr")[t] = absr;
        yz_get(h, "nx")[t] = nx;
        yz_get(h, "nxr")[t] = nx / pgdp[t] * 100;
        yz_get(h, "mr")[t] = msh * absr;
        yz_get(h, "xr")[t] = nx / pgdp[t] * 100 + msh * absr;
    }
}

static void build_fiscal(yz_data *in, const yz_params *p, yz_data *h) {
    double *rev = yz_get(h, "rev"), *rg = yz_get(in, "rev_g");
    rev[I(2019)] = yz_in(in, "rev", 2019);
    rev[I(2023)] = yz_in(in, "rev", 2023);
    rev[I(2022)] = rev[I(2023)] / (1 + yz_in(in, "rev_g", 2023) / 100);
    rev[I(2020)] = rev[I(2019)] * (1 + rg[I(2020)] / 100);
    rev[I(2021)] = rev[I(2020)] * (1 + rg[I(2021)] / 100);
    double keep = yz_param(p, "fee_keep");
    double *ft = yz_get(h, "fee_tot"), *fc = yz_get(h, "fee_cut");
    for (int y = Y0; y <= Y1; y++) ft[I(y)] = yz_in(in, "fee_tot", y);
    for (int y = FIRST; y <= Y1; y++) {
        fc[I(y)] = ft[I(y)] - keep * ft[I(y - 1)];
        yz_get(h, "revg")[I(y)] = rev[I(y)] + ft[I(y)];
        yz_get(h, "bal")[I(y)] = rev[I(y)] - yz_find(h, "bexp")[I(y)];
    }
    ft[I(Y0)] = NAN; /* 2018 only seeds fee_cut 2019; it is not written */
}

static void build_credit(yz_data *in, yz_data *h) {
    double *lg = yz_get(h, "loan_g"), *tg = yz_get(h, "tloan_g");
    double *l = yz_get(h, "loans"), *tl = yz_get(h, "tloans");
    double extra = yz_in(in, "tloan_extra", 2023);
    for (int y = FIRST; y <= Y1; y++) {
        lg[I(y)] = yz_in(in, "loan_g", y);
        tg[I(y)] = lg[I(y)] + extra;
    }
    l[I(2023)] = yz_in(in, "loans_plan", 2024) / (1 + yz_in(in, "loan_g", 2024) / 100);
    back_cast(l, lg, 2023);
    tl[I(FIRST)] = yz_in(in, "tloan_share", FIRST) * l[I(FIRST)];
    forward(tl, tg, FIRST);
}

static void build_households(yz_data *in, const yz_params *p, yz_data *h) {
    double *iu = yz_get(h, "inc_u"), *ir = yz_get(h, "inc_r"), *inc = yz_get(h, "inc");
    double *pop = yz_get(h, "pop"), *pn = yz_get(h, "pop_nat"), *urb = yz_get(h, "urb");
    iu[I(2023)] = yz_in(in, "inc_u", 2023);
    ir[I(2023)] = yz_in(in, "inc_r", 2023);
    back_cast(iu, yz_get(in, "inc_u_g"), 2023);
    back_cast(ir, yz_get(in, "inc_r_g"), 2023);
    double w = (yz_in(in, "inc", 2023) - ir[I(2023)]) / (iu[I(2023)] - ir[I(2023)]);
    double pg = yz_in(in, "pop_g", 2023), stay = yz_param(p, "tal_stay");
    pop[I(2020)] = yz_in(in, "pop", 2020);
    for (int y = 2021; y <= Y1; y++) pop[I(y)] = pop[I(y - 1)] * (1 + pg / 100);
    pop[I(2019)] = pop[I(2020)] / (1 + pg / 100);
    double pop2018 = pop[I(2019)] / (1 + pg / 100);
    copy_input(in, h, "talent", FIRST);
    copy_input(in, h, "jobs", FIRST);
    const double *tal = yz_find(h, "talent"), *cpi = yz_find(h, "cpi");
    for (int y = FIRST; y <= Y1; y++) {
        int t = I(y);
        double prev = y == FIRST ? pop2018 : pop[t - 1];
        pn[t] = 100 * ((pop[t] - stay * tal[t]) / prev - 1);
        urb[t] = w;
        inc[t] = w * iu[t] + (1 - w) * ir[t];
        yz_get(h, "yd")[t] = inc[t] * pop[t] / 10000;
        yz_get(h, "ydr")[t] = 100 * yz_get(h, "yd")[t] / cpi[t];
    }
}

static void build_external(yz_data *in, yz_data *h) {
    copy_input(in, h, "extd_g", FIRST);
    index_2020(yz_get(h, "extd"), yz_get(h, "extd_g"));
}

/* R&D intensity (2022 = 2023 minus the published 0.2 point rise), capital
** from an assumed 2019 capital-output ratio, and TFP left to the fitter. */
static void build_supply(yz_data *in, const yz_params *p, yz_data *h) {
    double *rd = yz_get(h, "rd"), *k = yz_get(h, "k");
    const double *gdpr = yz_find(h, "gdpr"), *gdp = yz_find(h, "gdp");
    const double *fair = yz_find(h, "fair");
    for (int y = FIRST; y <= Y1; y++)
        if (y != 2022) rd[I(y)] = yz_in(in, "rd", y);
    rd[I(2022)] = rd[I(2023)] - yz_in(in, "rd_change", 2023);
    double delta = yz_param(p, "delta");
    k[I(FIRST)] = yz_in(in, "k_ratio", FIRST) * gdpr[I(FIRST)];
    for (int y = FIRST + 1; y <= Y1; y++) k[I(y)] = (1 - delta) * k[I(y - 1)] + fair[I(y)];
    for (int y = FIRST; y <= Y1; y++) yz_get(h, "rde")[I(y)] = rd[I(y)] * gdp[I(y)] / 100;
}

int yz_build(yz_data *in, const yz_params *p, yz_data *h) {
    build_prices(in, h);
    build_sectors(in, h);
    build_investment(in, h);
    build_demand(in, p, h);
    build_fiscal(in, p, h);
    build_credit(in, h);
    build_households(in, p, h);
    build_external(in, h);
    build_supply(in, p, h);
    return h->n < MAXSER ? 0 : -1;
}
