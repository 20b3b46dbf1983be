/*
** The Yangzhou model (models/yangzhou): history, accounting, credit and the
** plan script.  The economics of the long run and the multipliers are in
** test_yangzhou_economics.c.
**
**   history     every history year after the first is solved from the history
**               with the model's tracking residuals (add-factors) and must give
**               back the history, every endogenous series, to 1e-9 relative;
**   identities  the model's 33 identities, transcribed by hand below, and the
**               nominal GDP expenditure identity hold in every projection
**               period to 1e-10 relative;
**   credit      a credit impulse raises investment in its year, each further
**               point of impulse by less (diminishing returns), and loans are
**               an outcome of the plan, not an input;
**   levers at 0 the model still solves, every value finite;
**   plan script scripts/plan_2024.lua, run in the sandbox, writes a JSON the
**               library reads back, equal to the same plan built in C here.
*/
#include <unistd.h>

#include "lua/sandbox.h"
#include "output/output.h"
#include "yzkit.h"

/* ================================================================ history */

/* Put every endogenous value of `year` out of reach: NaN makes the solver
** start from the previous period (solve.h), so a solve that gives back the
** history has found it, not been handed it. */
static void blank_endogenous(const ps_project *p, ps_frame *f, long year) {
    int t = ps_frame_index(f, year);
    cr_assert_geq(t, 0);
    for (int i = 0; i < p->model->nsym; i++)
        if (p->model->syms[i].kind == PS_SYM_ENDO)
            ps_frame_set(f, p->model->syms[i].slot, t, NAN);
}

/* Largest reldiff of an endogenous series against history over [y0, y1];
** `where` names it. */
static double worst_vs_history(const ps_project *p, const ps_frame *f, long y0, long y1,
                               char *where, size_t n) {
    double worst = 0;
    for (int i = 0; i < p->model->nsym; i++) {
        const ps_symbol *s = &p->model->syms[i];
        if (s->kind != PS_SYM_ENDO) continue;
        for (long y = y0; y <= y1; y++) {
            double want = hist(p, s->name, y);
            cr_assert(isfinite(want), "history of %s in %ld is missing", s->name, y);
            double d = reldiff(ps_frame_get(f, s->slot, ps_frame_index(f, y)), want);
            if (!(d <= worst)) {
                worst = d;
                snprintf(where, n, "%s in %ld", s->name, y);
            }
        }
    }
    return worst;
}

/* The history checks solve to 1e-13 (scaled) so that what is left is the
** add-factors' error, not the solver's default tolerance of 1e-10, which
** the output gap (in percent, near zero) would magnify past 1e-9. */
static void tight(ps_project *p) {
    ps_solve_opts o;
    ps_solve_opts_init(&o);
    o.tol = 1e-13;
    ps_error err;
    cr_assert_eq(ps_project_set_opts(p, &o, &err), PS_OK, "%s", err.message);
}

static ps_frame *history_frame(const ps_project *p, int *t0, int *t1) {
    ps_frame *f = NULL;
    ps_error err;
    int rc = ps_project_frame(p, HIST_FIRST + 1, HIST_LAST, &f, t0, t1, &err);
    cr_assert_eq(rc, PS_OK, "history frame: %s", err.message);
    return f;
}

Test(history, each_year_solved_from_the_history_gives_it_back) {
    ps_project *p = load();
    tight(p);
    long first, last;
    ps_project_history_span(p, &first, &last);
    cr_assert(first == HIST_FIRST && last == HIST_LAST, "history spans %ld-%ld", first, last);
    for (long y = HIST_FIRST + 1; y <= HIST_LAST; y++) {
        int t0, t1;
        ps_frame *f = history_frame(p, &t0, &t1);
        blank_endogenous(p, f, y);
        int t = ps_frame_index(f, y);
        ps_error err;
        cr_assert_eq(ps_project_solve(p, f, NULL, t, t, NULL, &err), PS_OK, "%ld: %s", y,
                     err.message);
        char where[128] = "";
        double d = worst_vs_history(p, f, y, y, where, sizeof where);
        cr_assert_leq(d, 1e-9, "static solve of %ld: %s misses the history by %g", y, where, d);
        ps_frame_free(f);
    }
    ps_project_free(p);
}

Test(history, a_dynamic_solve_of_2016_2023_gives_it_back) {
    ps_project *p = load();
    tight(p);
    int t0, t1;
    ps_frame *f = history_frame(p, &t0, &t1);
    for (long y = HIST_FIRST + 1; y <= HIST_LAST; y++) blank_endogenous(p, f, y);
    ps_error err;
    cr_assert_eq(ps_project_solve(p, f, NULL, t0, t1, NULL, &err), PS_OK, "%s", err.message);
    char where[128] = "";
    double d = worst_vs_history(p, f, HIST_FIRST + 1, HIST_LAST, where, sizeof where);
    cr_assert_leq(d, 1e-9, "dynamic solve: %s misses the history by %g", where, d);
    ps_frame_free(f);
    ps_project_free(p);
}

/* The check above can fail: without the tracking residuals the model misses
** its history (docs/models/yangzhou.md, "Dynamic simulation of the history"),
** so "1e-9" is a statement about the add-factors, not the solver. */
Test(history, without_tracking_residuals_the_history_is_not_reproduced) {
    ps_project *p = load();
    int t0, t1;
    ps_frame *f = history_frame(p, &t0, &t1);
    int nbehav = 0;
    for (int i = 0; i < p->model->nsym; i++) {
        if (p->model->syms[i].kind != PS_SYM_ADDFACTOR) continue;
        nbehav++;
        for (int t = t0; t <= t1; t++) {
            cr_assert(isfinite(ps_frame_get(f, p->model->syms[i].slot, t)),
                      "add-factor %s is missing in a history year", p->model->syms[i].name);
            ps_frame_set(f, p->model->syms[i].slot, t, 0.0);
        }
    }
    cr_assert_eq(nbehav, 21, "the model documents 21 behavioural equations, found %d", nbehav);
    for (long y = HIST_FIRST + 1; y <= HIST_LAST; y++) blank_endogenous(p, f, y);
    ps_error err;
    cr_assert_eq(ps_project_solve(p, f, NULL, t0, t1, NULL, &err), PS_OK, "%s", err.message);
    char where[128] = "";
    double d = worst_vs_history(p, f, HIST_FIRST + 1, HIST_LAST, where, sizeof where);
    cr_assert_gt(d, 1e-3, "without add-factors the worst miss is only %g (%s)", d, where);
    ps_frame_free(f);
    ps_project_free(p);
}

/* ps_project_frame copies add-factors computed once at load when the frame
** starts with the history, and computes them itself when it starts earlier.
** Both must equal ps_addfactors_compute run directly on the history, bit for
** bit, in every history year after the first. */
static void same_addfactors(const ps_project *p, long from, const char *what) {
    ps_frame *h = NULL, *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_copy(p->history, &h, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_addfactors_compute(p->program, h, p->params, p->program->maxlag,
                                       h->nper - 1, &err), PS_OK, "%s", err.message);
    int t0, t1, n = 0;
    cr_assert_eq(ps_project_frame(p, from, TO, &f, &t0, &t1, &err), PS_OK, "%s", err.message);
    for (int i = 0; i < p->model->nsym; i++) {
        const ps_symbol *s = &p->model->syms[i];
        if (s->kind != PS_SYM_ADDFACTOR) continue;
        for (long y = HIST_FIRST + 1; y <= HIST_LAST; y++) {
            double want = ps_frame_get(h, s->slot, ps_frame_index(h, y));
            double got = ps_frame_get(f, s->slot, ps_frame_index(f, y));
            cr_assert(isfinite(want), "%s: add-factor %s missing in %ld", what, s->name, y);
            cr_assert(got == want, "%s: %s in %ld is %.17g, directly %.17g", what, s->name, y,
                      got, want);
            n++;
        }
    }
    cr_assert_eq(n, 21 * (HIST_LAST - HIST_FIRST));
    ps_frame_free(f);
    ps_frame_free(h);
}

Test(history, frames_get_the_addfactors_ps_addfactors_compute_gives) {
    ps_project *p = load();
    cr_assert_not_null(p->history_af, "the add-factors are computed at load");
    same_addfactors(p, FROM, "projection frame (add-factors from the load)");
    same_addfactors(p, HIST_FIRST - 2, "frame starting before the history (computed)");
    ps_project_free(p);
}

/* A credit collapse that makes the year's new loans more negative than the
** saturation scale (-c_sat of GDP) leaves log(1 + cflow / c_sat) without a
** value: a domain error naming an investment equation and the year, not a
** quiet -inf turned into zero investment. */
Test(history, a_log_of_a_negative_credit_term_is_an_error_not_a_zero) {
    ps_project *p = load();
    ps_scenario *s = scenario(p, "no_loans");
    set(s, "loan_g", FROM, FROM, -150.0);
    ps_result *r = NULL;
    ps_error err;
    int rc = ps_scenario_run(s, &r, &err);
    cr_assert_eq(rc, PS_ERR_DOMAIN, "rc %d: %s", rc, err.message);
    cr_assert_null(r);
    cr_assert_not_null(strstr(err.message, "log of"), "%s", err.message);
    cr_assert_str_eq(err.period, "2024");
    cr_assert(strcmp(err.variable, "othinv") == 0 || strcmp(err.variable, "reinv") == 0 ||
                  strcmp(err.variable, "indc") == 0,
              "the error names %s, not an investment equation: %s", err.variable, err.message);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ============================================================= identities */

typedef struct yz_par {
    double delta, alpha, tal_stay, tal_ref, b_rd, b_tal, rd_ref, fee_keep, phi_f, g_sh,
        hh_fee, v_lev, promo_lev;
} yz_par;

static yz_par identity_params(const ps_project *p) {
    yz_par k = { param(p, "delta"),    param(p, "alpha"),     param(p, "tal_stay"),
                 param(p, "tal_ref"),  param(p, "b_rd"),      param(p, "b_tal"),
                 param(p, "rd_ref"),   param(p, "fee_keep"),  param(p, "phi_f"),
                 param(p, "g_sh"),     param(p, "hh_fee"),    param(p, "v_lev"),
                 param(p, "promo_lev") };
    return k;
}

/* Values of one projection year (X) and of the year before (L), by name. */
typedef struct yz_year {
    const ps_result *r;
    long y;
} yz_year;

static double X(yz_year c, const char *name) { return val(c.r, name, c.y); }
static double L(yz_year c, const char *name) { return val(c.r, name, c.y - 1); }
static double pct(yz_year c, const char *name) {
    return 100 * (X(c, name) / L(c, name) - 1);
}

static void check_identity(yz_year c, const char *what, double lhs, double rhs) {
    cr_assert_leq(reldiff(lhs, rhs), 1e-10, "%s in %ld: %.17g vs %.17g", what, c.y, lhs, rhs);
}

/* 7 identities: prices and supply. */
static void check_supply(yz_year c, const yz_par *k) {
    check_identity(c, "pct(pgdp)", pct(c, "pgdp"), X(c, "pinf"));
    check_identity(c, "k", X(c, "k"), (1 - k->delta) * L(c, "k") + X(c, "fair"));
    check_identity(c, "tfpg", X(c, "tfpg"),
                   X(c, "tfpb") + k->b_rd * (L(c, "rd") - k->rd_ref) +
                       k->b_tal * (X(c, "talent") - k->tal_ref));
    check_identity(c, "pct(tfp)", pct(c, "tfp"), X(c, "tfpg"));
    check_identity(c, "pop", X(c, "pop"),
                   L(c, "pop") * (1 + X(c, "popg") / 100) +
                       k->tal_stay * (X(c, "talent") - k->tal_ref));
    check_identity(c, "ypot", X(c, "ypot"),
                   X(c, "tfp") * pow(L(c, "k"), k->alpha) * pow(X(c, "pop"), 1 - k->alpha));
    check_identity(c, "gap", X(c, "gap"), 100 * (X(c, "gdpr") / X(c, "ypot") - 1));
}

/* 9 identities: credit flows, budget and land. */
static void check_credit_budget(yz_year c, const yz_par *k) {
    check_identity(c, "cflow", X(c, "cflow"), (X(c, "loans") - L(c, "loans")) / L(c, "gdp"));
    check_identity(c, "tflow", X(c, "tflow"), (X(c, "tloans") - L(c, "tloans")) / L(c, "gdp"));
    check_identity(c, "fee_tot", X(c, "fee_tot"),
                   k->fee_keep * L(c, "fee_tot") + X(c, "fee_cut"));
    check_identity(c, "rev", X(c, "rev"), X(c, "revg") - X(c, "fee_tot"));
    check_identity(c, "fundinv", X(c, "fundinv"), k->phi_f * X(c, "fundrev"));
    check_identity(c, "bexp", X(c, "bexp"), X(c, "bexp_b") + X(c, "voucher") + X(c, "promo"));
    check_identity(c, "budget balance", X(c, "bal"), X(c, "rev") - X(c, "bexp"));
    check_identity(c, "gc", X(c, "gc"), k->g_sh * X(c, "bexp_b"));
    check_identity(c, "gcr = gc / pgdp", X(c, "gcr"), 100 * X(c, "gc") / X(c, "pgdp"));
}

/* 5 identities: households. */
static void check_households(yz_year c, const yz_par *k) {
    double spend = k->v_lev * X(c, "voucher") + k->promo_lev * X(c, "promo");
    check_identity(c, "yd", X(c, "yd"), X(c, "ydb") + k->hh_fee * X(c, "fee_tot"));
    check_identity(c, "ydr", X(c, "ydr"), 100 * X(c, "yd") / X(c, "cpi"));
    check_identity(c, "hcr", X(c, "hcr"), X(c, "hcb") + 100 * spend / X(c, "pgdp"));
    check_identity(c, "hc = hcr pgdp", X(c, "hc"), X(c, "hcr") * X(c, "pgdp") / 100);
    check_identity(c, "retail", X(c, "retail"), X(c, "retail_b") + spend);
}

/* 12 identities: investment, the external account, GDP, sectors, R&D. */
static void check_demand_sectors(yz_year c) {
    double pg = X(c, "pgdp");
    check_identity(c, "indinv", X(c, "indinv"), X(c, "indc") + X(c, "proj_inv") * pg / 100);
    check_identity(c, "pubn", X(c, "pubn"), X(c, "pubinv") * pg / 100 + X(c, "fundinv"));
    check_identity(c, "fai", X(c, "fai"),
                   X(c, "indinv") + X(c, "othinv") + X(c, "reinv") + X(c, "pubn"));
    check_identity(c, "fair = fai / pgdp", X(c, "fair"), 100 * X(c, "fai") / pg);
    check_identity(c, "absr", X(c, "absr"), X(c, "hcr") + X(c, "gcr") + X(c, "fair"));
    check_identity(c, "nxr", X(c, "nxr"), X(c, "xr") - X(c, "mr"));
    check_identity(c, "nx = nxr pgdp", X(c, "nx"), X(c, "nxr") * pg / 100);
    check_identity(c, "real expenditure identity", X(c, "gdpr"), X(c, "absr") + X(c, "nxr"));
    check_identity(c, "gdp = gdpr pgdp", X(c, "gdp"), X(c, "gdpr") * pg / 100);
    /* Follows from the identities above: the nominal expenditure account. */
    check_identity(c, "nominal expenditure identity", X(c, "gdp"),
                   X(c, "hc") + X(c, "gc") + X(c, "fai") + X(c, "nx"));
    check_identity(c, "va2r", X(c, "va2r"), X(c, "vaindr") + X(c, "vaconr"));
    check_identity(c, "va3r", X(c, "va3r"), X(c, "gdpr") - X(c, "va1r") - X(c, "va2r"));
    check_identity(c, "production account", X(c, "gdpr"),
                   X(c, "va1r") + X(c, "va2r") + X(c, "va3r"));
    check_identity(c, "rde", X(c, "rde"), X(c, "rd") * X(c, "gdp") / 100);
}

static void check_all_identities(const ps_project *p, const ps_result *r) {
    yz_par k = identity_params(p);
    for (long y = FROM; y <= TO; y++) {
        yz_year c = { r, y };
        check_supply(c, &k);
        check_credit_budget(c, &k);
        check_households(c, &k);
        check_demand_sectors(c);
    }
}

Test(identities, the_transcription_covers_every_identity_of_the_model) {
    ps_project *p = load();
    int n = 0;
    for (int i = 0; i < p->model->neq; i++) n += p->model->eqs[i].identity;
    /* 33 are transcribed above; a new identity in the model must be added. */
    cr_assert_eq(n, 33, "the model has %d identities; this test checks 33", n);
    ps_project_free(p);
}

Test(identities, hold_in_every_period_of_the_plan_projection) {
    ps_project *p = load();
    ps_scenario *s = plan(p, "plan");
    ps_result *r = run(s);
    check_all_identities(p, r);
    ps_result_free(r);
    ps_scenario_free(s);
    ps_project_free(p);
}

Test(identities, hold_in_the_default_projection_and_with_every_spending_lever_on) {
    ps_project *p = load();
    ps_scenario *s = scenario(p, "default");
    ps_result *r = run(s);
    check_all_identities(p, r);
    ps_result_free(r);
    /* Vouchers, promotion, projects, relief and credit impulses all non-zero,
    ** so that every term of hcr, retail, bexp, indinv, pubn and fee_tot is
    ** exercised. */
    ps_scenario *b = plan(p, "busy");
    set(b, "voucher", FROM, TO, 20);
    set(b, "promo", FROM, TO, 10);
    set(b, "fee_cut", FROM, TO, 120);
    set(b, "proj_inv", FROM, TO, 80);
    set(b, "loan_g", FROM, TO, 3);
    set(b, "tloan_g", FROM, TO, 5);
    r = run(b);
    check_all_identities(p, r);
    ps_result_free(r);
    ps_scenario_free(b);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ================================================================= credit */

/* An impulse of credit raises investment in its year, and each further 5
** points of impulse add less than the 5 before (the concave credit term:
** the marginal investment per yuan of new credit falls as the flow grows). */
static void diminishing_returns(const char *lever) {
    ps_project *p = load();
    ps_scenario *base = plan(p, "plan");
    double f[5];
    for (int i = 0; i < 5; i++) f[i] = with_lever(base, lever, 5.0 * i, 1, "fai", FROM);
    for (int i = 1; i < 5; i++) {
        double gain = f[i] - f[i - 1];
        cr_assert_gt(gain, 0, "%s %g -> %g lowers FAI in %d: %.10g -> %.10g", lever,
                     5.0 * (i - 1), 5.0 * i, FROM, f[i - 1], f[i]);
        if (i > 1)
            cr_assert_lt(gain, f[i - 1] - f[i - 2],
                         "%s: the step to %g adds %.4g to FAI, the one before %.4g: returns "
                         "do not diminish", lever, 5.0 * i, gain, f[i - 1] - f[i - 2]);
    }
    ps_scenario_free(base);
    ps_project_free(p);
}

Test(credit, a_total_credit_impulse_raises_investment_with_diminishing_returns) {
    diminishing_returns("loan_g");
}

Test(credit, a_targeted_credit_impulse_raises_investment_with_diminishing_returns) {
    diminishing_returns("tloan_g");
}

/* The plan sets no credit lever to a target: the 2024 loan balance is the
** model's projection.  It follows potential nominal growth and the pull of
** the loan ratio towards its anchor, so it moves when that anchor moves,
** and it is not the target of 11000 (the work report's 1.1 trillion). */
Test(credit, the_2024_loan_balance_is_an_outcome_of_the_model) {
    ps_project *p = load();
    ps_scenario *s = plan(p, "plan");
    ps_scenario *hi = copy(s, "higher anchor");
    ps_error err;
    cr_assert_eq(ps_scenario_param(hi, sym(p, "l_star"), 2.0, &err), PS_OK, "%s", err.message);
    ps_result *r = run(s), *rh = run(hi);
    double l = val(r, "loans", FROM), lh = val(rh, "loans", FROM);
    cr_assert_gt(fabs(l - 11000) / 11000, 1e-3, "the projected balance %.6g is the target", l);
    cr_assert_gt(lh, l * 1.01, "a higher anchor (2.0 against %g) moves loans only %.6g -> %.6g",
                 param(p, "l_star"), l, lh);
    ps_result_free(r);
    ps_result_free(rh);
    ps_scenario_free(hi);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ================================================================ labels */

/* Every variable and lever carries a Chinese label and unit for the
** bilingual outputs (docs/model-language.md, "Chinese labels and units");
** money is in 亿元 exactly where the English unit is 100m yuan. */
Test(labels, every_variable_and_lever_has_a_chinese_label_and_unit) {
    ps_project *p = load();
    int n = 0;
    for (int i = 0; i < p->model->nsym; i++) {
        const ps_symbol *s = &p->model->syms[i];
        if (s->kind != PS_SYM_ENDO && !s->lever) continue;
        n++;
        cr_assert(s->label_zh[0] != '\0', "%s has no Chinese label", s->name);
        cr_assert(s->unit_zh[0] != '\0', "%s has no Chinese unit", s->name);
        cr_assert_eq(strcmp(s->unit, "100m yuan") == 0, strcmp(s->unit_zh, "亿元") == 0,
                     "%s: unit %s, Chinese unit %s", s->name, s->unit, s->unit_zh);
    }
    cr_assert_eq(n, 64, "54 endogenous variables and 10 levers, found %d", n);
    ps_project_free(p);
}

/* ========================================================== levers at zero */

Test(levers, with_every_lever_at_zero_the_model_solves_and_stays_finite) {
    ps_project *p = load();
    ps_scenario *s = scenario(p, "zero");
    int nlever = 0;
    for (int i = 0; i < p->model->nsym; i++)
        if (p->model->syms[i].lever) {
            set(s, p->model->syms[i].name, FROM, TO, 0.0);
            nlever++;
        }
    cr_assert_eq(nlever, 10, "the model documents 10 levers, found %d", nlever);
    ps_result *r = run(s);
    for (int v = 0; v < r->nvar; v++)
        for (long y = FROM; y <= TO; y++)
            cr_assert(isfinite(val(r, r->names[v], y)), "%s in %ld is %g", r->names[v], y,
                      val(r, r->names[v], y));
    /* The levers really are zero in the run (not the held 2023 values). */
    cr_assert_eq(val(r, "extd_g", TO), 0.0);
    cr_assert_eq(val(r, "pubinv", FROM), 0.0);
    ps_result_free(r);
    ps_scenario_free(s);
    ps_project_free(p);
}

/* ============================================================ plan script */

/* Run scripts/plan_2024.lua in the sandbox as `polsim run` does from the
** repository root (models below it, scripts/lib for require), writing into a
** fresh folder; return the folder (caller removes it). */
static void run_plan_script(char *dir, size_t n) {
    snprintf(dir, n, "/tmp/polsim-yz-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.out_dir = dir;
    o.model_root = POLSIM_SOURCE_DIR;
    o.lib_dir = POLSIM_SOURCE_DIR "/scripts/lib";
    ps_lua *lua = NULL;
    ps_error err;
    cr_assert_eq(ps_lua_new(&o, &lua, &err), PS_OK, "%s", err.message);
    int rc = ps_lua_run_file(lua, POLSIM_SOURCE_DIR "/scripts/plan_2024.lua", &err);
    cr_assert_eq(rc, PS_OK, "plan_2024.lua: %s", err.message);
    ps_lua_free(lua);
}

Test(plan_script, writes_a_json_that_reads_back_as_the_plan_built_in_c) {
    char dir[64], path[128];
    run_plan_script(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/plan_2024.json", dir);
    ps_result *fromjson = NULL;
    ps_error err;
    cr_assert_eq(ps_result_read_json(path, &fromjson, &err), PS_OK, "%s", err.message);
    ps_project *p = load();
    ps_scenario *s = plan(p, "plan");
    ps_result *r = run(s);
    cr_assert_eq(fromjson->nvar, r->nvar);
    for (int v = 0; v < r->nvar; v++)
        for (long y = FROM; y <= TO; y++) {
            double a = val(fromjson, r->names[v], y), b = val(r, r->names[v], y);
            cr_assert_leq(reldiff(a, b), 1e-12, "%s in %ld: script %.17g, C %.17g",
                          r->names[v], y, a, b);
        }
    ps_result_free(r);
    ps_result_free(fromjson);
    ps_scenario_free(s);
    ps_project_free(p);
    unlink(path);
    snprintf(path, sizeof path, "%s/plan_2024.csv", dir);
    unlink(path);
    cr_assert_eq(rmdir(dir), 0, "the script wrote more than plan_2024.json and .csv");
}
