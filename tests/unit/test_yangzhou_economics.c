/*
** The economics of the Yangzhou model (models/yangzhou): what a regional
** economist would check before signing a projection.  Every bound below is
** written from its source (issue 10 of the project, the published ranges of
** shared/reference/multipliers.md and docs/models/yangzhou.md, "Multipliers"),
** never from a run of the model.  That the model reproduces its history to
** 1e-9 is checked in test_yangzhou.c (history).
**
**   long run    with every lever left at its last observed value, from the
**               end of the history to 2060: consumption over income within
**               0.35-1.0 and within 0.12 of its 2023 value; loans over GDP
**               within 0.8-4; net exports over GDP within +-0.25; investment
**               over GDP within 0.15-0.65; real growth in 2051-60 within
**               0.5-5 % and not above its level six years after the history;
**               potential growth in 2060 within the long-run range the model
**               cites (1-2.5 %);
**   prices      the GDP deflator and the CPI drift apart by less than 15 %; the
**               gap closes and inflation and the loan ratio return to their
**               anchors; a fall in prices lowers nominal investment, not real
**               investment;
**   land        a property slump cuts land revenue 1.5 times as much and,
**               through the fund budget, public investment;
**   shocks fade a one-year lever change leaves no lasting mark by 2060;
**   multipliers first-year GDP per yuan of tax-and-fee relief within 0.2-0.6
**               and of consumption vouchers within 0.3-2.0.
*/
#include "yzkit.h"

#define LONG_RUN 2060
#define SIX_YEARS_ON (HIST_LAST + 6)

static double ratio(const ps_result *r, const char *a, const char *b, long y) {
    return val(r, a, y) / val(r, b, y);
}

static double real_growth(const ps_result *r, long y) {
    return 100 * (val(r, "gdpr", y) / val(r, "gdpr", y - 1) - 1);
}

/* The default projection to 2060: every exogenous series held at 2023. */
static ps_result *levers_left_alone(ps_project *p) {
    ps_scenario *s = scenario_span(p, "levers left alone", HIST_LAST + 1, LONG_RUN);
    ps_result *r = run(s);
    ps_scenario_free(s);
    return r;
}

/* ============================================================== long run */

Test(long_run, consumption_over_income_stays_near_its_last_observed_value) {
    ps_project *p = load();
    ps_result *r = levers_left_alone(p);
    double last = hist(p, "hc", HIST_LAST) / hist(p, "yd", HIST_LAST);
    cr_assert(last >= 0.35 && last <= 1.0, "2023 consumption / income is %.3f", last);
    for (long y = HIST_LAST + 1; y <= LONG_RUN; y++) {
        double c = ratio(r, "hc", "yd", y);
        cr_assert(c >= 0.35 && c <= 1.0, "consumption / income %.3f in %ld", c, y);
        cr_assert_leq(fabs(c - last), 0.12, "consumption / income %.3f in %ld, %.3f in %d", c,
                      y, last, HIST_LAST);
    }
    ps_result_free(r);
    ps_project_free(p);
}

Test(long_run, loans_net_exports_and_investment_keep_sane_shares_of_gdp) {
    ps_project *p = load();
    ps_result *r = levers_left_alone(p);
    for (long y = HIST_LAST + 1; y <= LONG_RUN; y++) {
        double l = ratio(r, "loans", "gdp", y), nx = ratio(r, "nx", "gdp", y);
        double inv = ratio(r, "fai", "gdp", y);
        cr_assert(l >= 0.8 && l <= 4.0, "loans / GDP %.3f in %ld", l, y);
        cr_assert_leq(fabs(nx), 0.25, "net exports / GDP %.3f in %ld", nx, y);
        cr_assert(inv >= 0.15 && inv <= 0.65, "investment / GDP %.3f in %ld", inv, y);
    }
    ps_result_free(r);
    ps_project_free(p);
}

Test(long_run, growth_slows_to_a_plausible_rate_and_potential_to_its_cited_range) {
    ps_project *p = load();
    ps_result *r = levers_left_alone(p);
    double early = real_growth(r, SIX_YEARS_ON), mean = 0;
    for (long y = LONG_RUN - 9; y <= LONG_RUN; y++) {
        double g = real_growth(r, y);
        cr_assert(g >= 0.5 && g <= 5.0, "real growth %.2f %% in %ld", g, y);
        mean += g / 10;
    }
    cr_assert_leq(mean, early, "growth in %d-%d averages %.2f %%, above %.2f %% in %d",
                  LONG_RUN - 9, LONG_RUN, mean, early, SIX_YEARS_ON);
    /* Potential growth in 2060: the long-run range docs/models/yangzhou.md
    ** cites (1-2.5 % a year for China in 2050-60). */
    double pot = 100 * (val(r, "ypot", LONG_RUN) / val(r, "ypot", LONG_RUN - 1) - 1);
    cr_assert(pot >= 1.0 && pot <= 2.5, "potential growth %.2f %% in %d", pot, LONG_RUN);
    ps_result_free(r);
    ps_project_free(p);
}

/* ================================================================ prices */

Test(prices, the_deflator_and_the_cpi_drift_apart_by_less_than_15_percent) {
    ps_project *p = load();
    ps_result *r = levers_left_alone(p);
    double last = hist(p, "pgdp", HIST_LAST) / hist(p, "cpi", HIST_LAST);
    for (long y = HIST_LAST + 1; y <= LONG_RUN; y++) {
        double d = ratio(r, "pgdp", "cpi", y) / last - 1;
        cr_assert_lt(fabs(d), 0.15, "deflator / CPI drifted %.1f %% by %ld", 100 * d, y);
    }
    ps_result_free(r);
    ps_project_free(p);
}

/* The anchors hold: by 2060 the output gap is within a point of zero and
** deflator inflation within half a point of the model's own anchor
** `pi_star` (whatever value it is given), and the loan ratio within a tenth
** of its anchor `l_star`. */
Test(prices, the_gap_closes_and_inflation_and_credit_return_to_their_anchors) {
    ps_project *p = load();
    ps_result *r = levers_left_alone(p);
    double gap = val(r, "gap", LONG_RUN), pinf = val(r, "pinf", LONG_RUN);
    double l = ratio(r, "loans", "gdp", LONG_RUN);
    cr_assert_lt(fabs(gap), 1.0, "output gap %.2f %% in %d", gap, LONG_RUN);
    cr_assert_lt(fabs(pinf - param(p, "pi_star")), 0.5, "inflation %.2f %% in %d, anchor %g",
                 pinf, LONG_RUN, param(p, "pi_star"));
    cr_assert_lt(fabs(l / param(p, "l_star") - 1), 0.1, "loans / GDP %.3f in %d, anchor %g", l,
                 LONG_RUN, param(p, "l_star"));
    ps_result_free(r);
    ps_project_free(p);
}

/* Three points less inflation in 2024 (the deflator's add-factor; the CPI
** follows it): nominal investment falls with prices, by 2-4 % (three points
** of prices plus what the lower gap does), while real investment moves by
** less than 0.1 % (the relief, a fixed nominal sum, is worth a little more).
** A model that deflates nominal levers would raise real investment by
** about the fall in prices. */
Test(prices, deflation_lowers_nominal_investment_not_real_investment) {
    ps_project *p = load();
    ps_result *rb, *rd;
    plan_and_shocked(p, "pinf_a", -3.0, &rb, &rd);
    double nominal = val(rd, "fai", FROM) / val(rb, "fai", FROM) - 1;
    double real = val(rd, "fair", FROM) / val(rb, "fair", FROM) - 1;
    cr_assert(nominal <= -0.02 && nominal >= -0.04, "nominal FAI changes %.2f %%",
              100 * nominal);
    cr_assert_lt(fabs(real), 1e-3, "real FAI changes %.3f %% with prices 3 %% lower",
                 100 * real);
    ps_result_free(rb);
    ps_result_free(rd);
    ps_project_free(p);
}

/* ======================================================= land finance */

/* A property slump: real-estate investment 20 % (log points) below its path
** in 2024.  Land revenue falls e_land (> 1) times as much in real terms
** (the deflator moves by less than 1e-3 in the year: the gap enters prices
** with a lag), the fund budget's public investment falls with it (phi_f
** per yuan), and public investment as a whole falls by exactly that. */
Test(land, a_property_slump_cuts_land_revenue_and_fund_financed_public_investment) {
    ps_project *p = load();
    ps_result *rb, *rs;
    plan_and_shocked(p, "reinv_a", -0.2, &rb, &rs);
    double dre = log(val(rs, "reinv", FROM) / val(rb, "reinv", FROM));
    double dp = log(val(rs, "pgdp", FROM) / val(rb, "pgdp", FROM));
    double dland = log(val(rs, "fundrev", FROM) / val(rb, "fundrev", FROM));
    cr_assert_lt(dre, -0.15, "the slump moves real-estate investment only %.3f", dre);
    cr_assert_lt(fabs(dp), 1e-3, "prices move %.4f in the year", dp);
    double e_land = param(p, "e_land"), phi_f = param(p, "phi_f");
    cr_assert_gt(e_land, 1, "land revenue should swing more than construction (e_land %g)", e_land);
    cr_assert_lt(fabs((dland - dp) - e_land * (dre - dp)), 1e-9,
                 "land revenue %.4f against %g x %.4f", dland, e_land, dre);
    double dfund = val(rs, "fundinv", FROM) - val(rb, "fundinv", FROM);
    double dland_level = val(rs, "fundrev", FROM) - val(rb, "fundrev", FROM);
    cr_assert_lt(fabs(dfund - phi_f * dland_level), 1e-9 * fabs(dland_level),
                 "fund-financed investment %.4f, land revenue %.4f", dfund, dland_level);
    double dpub = val(rs, "pubn", FROM) - val(rb, "pubn", FROM);
    double dprice_part = val(rs, "pubinv", FROM) * (val(rs, "pgdp", FROM) - val(rb, "pgdp", FROM)) / 100;
    cr_assert_lt(dpub, 0, "public investment does not fall: %+.4f", dpub);
    cr_assert_lt(fabs(dpub - dfund - dprice_part), 1e-9 * fabs(dpub),
                 "public investment moves %.4f, the fund part %.4f", dpub, dfund);
    ps_result_free(rb);
    ps_result_free(rs);
    ps_project_free(p);
}

/* =========================================================== shocks fade */

/* One year of extra relief, vouchers or public investment in 2024: by 2060
** real GDP is back within 0.1 % of the path without it. */
Test(shocks, a_one_year_lever_change_fades_by_2060) {
    ps_project *p = load();
    ps_scenario *base = scenario_span(p, "base", HIST_LAST + 1, LONG_RUN);
    ps_result *rb = run(base);
    const char *levers[] = { "fee_cut", "voucher", "pubinv", "loan_g" };
    const double dx[] = { 100, 20, 100, 5 };
    for (size_t i = 0; i < sizeof levers / sizeof levers[0]; i++) {
        ps_scenario *s = copy(base, levers[i]);
        shock(s, levers[i], FROM, FROM, dx[i]);
        ps_result *r = run(s);
        double first = val(r, "gdpr", FROM) / val(rb, "gdpr", FROM) - 1;
        double last = val(r, "gdpr", LONG_RUN) / val(rb, "gdpr", LONG_RUN) - 1;
        cr_assert_gt(fabs(first), 1e-4, "%s +%g does nothing in %d", levers[i], dx[i], FROM);
        cr_assert_lt(fabs(last), 1e-3, "%s +%g in %d still moves real GDP %.3f %% in %d",
                     levers[i], dx[i], FROM, 100 * last, LONG_RUN);
        ps_result_free(r);
        ps_scenario_free(s);
    }
    ps_result_free(rb);
    ps_scenario_free(base);
    ps_project_free(p);
}

/* =========================================================== multipliers */

/* First-year nominal GDP per yuan of `dx` more of `lever` in FROM. */
static double first_year_multiplier(ps_scenario *base, const char *lever, double dx) {
    ps_result *rb = run(base);
    double m = (with_lever(base, lever, dx, 0, "gdp", FROM) - val(rb, "gdp", FROM)) / dx;
    ps_result_free(rb);
    return m;
}

static void multiplier_in(const char *lever, const double *dx, size_t n, double lo, double hi) {
    ps_project *p = load();
    ps_scenario *bases[2] = { plan(p, "plan"), scenario(p, "default") };
    for (int b = 0; b < 2; b++)
        for (size_t i = 0; i < n; i++) {
            double m = first_year_multiplier(bases[b], lever, dx[i]);
            cr_assert(m >= lo && m <= hi,
                      "%s: %g more of %s gives %.3f yuan of GDP per yuan, outside [%g, %g]",
                      ps_scenario_name(bases[b]), dx[i], lever, m, lo, hi);
        }
    ps_scenario_free(bases[0]);
    ps_scenario_free(bases[1]);
    ps_project_free(p);
}

/* Tax-and-fee relief: tax multipliers are below spending multipliers, and a
** city leaks much of its demand to other regions; the band 0.2-0.6
** spans the city-level literature (docs/models/yangzhou.md, "Multipliers"). */
Test(multipliers, first_year_gdp_per_yuan_of_relief_is_between_0_2_and_0_6) {
    const double dx[] = { 10, 50, 100 };
    multiplier_in("fee_cut", dx, sizeof dx / sizeof dx[0], 0.2, 0.6);
}

/* Vouchers: the Hangzhou 3.5 is spending in the redemption period, not GDP;
** net of substitution and leakage the band is 0.3-2.0. */
Test(multipliers, first_year_gdp_per_yuan_of_vouchers_is_between_0_3_and_2) {
    const double dx[] = { 0.45, 1, 10 };
    multiplier_in("voucher", dx, sizeof dx / sizeof dx[0], 0.3, 2.0);
}
