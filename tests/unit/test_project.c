/*
** Projection frames (ps_project_frame): the documented defaults, checked cell
** by cell against frames written out by hand for a small model and history:
**
**     c = mpc * y(-1) + c_a        (behavioural, mpc = 0.5; maxlag 1)
**     m = 0.25 * y + m_a           (behavioural, no lag)
**     y = c + g + x - m            (identity)
**
**     history.csv   y     c   m    g   x     c_a = c - 0.5 y(-1)    m_a = m - 0.25 y
**     2018        100     .  26   20  30     .  (no lag, c missing)  26 - 25   = 1
**     2019        110    52  28   25  30     52 - 50 =  2            28 - 27.5 = 0.5
**     2020          .    54  30   30  35     54 - 55 = -1            .  (y missing)
**     2021        130  61.5  33    .  36     .  (y(-1) missing)      33 - 32.5 = 0.5
**
** The load computes the add-factors from period maxlag of the history on, so
** m_a of 2018 only appears in a frame that starts before 2018.
**
** Every value is a small binary fraction, so the expected frames are exact:
** cells are compared bit for bit (NaN with NaN).  The cases cover a horizon
** after the history, one overlapping it, one starting before it (add-factors
** computed for the frame, not taken from the load), one after a gap, and a
** project without history.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"
#include "project/project.h"

#define N NAN

static const char *const MODEL =
    "model toy \"Frame defaults\" annual;\n"
    "endogenous y \"Output\" unit \"u\", c \"Consumption\" unit \"u\",\n"
    "           m \"Imports\" unit \"u\";\n"
    "exogenous g \"Spending\" unit \"u\" lever, x \"Exports\" unit \"u\";\n"
    "parameter mpc = 0.5 \"Propensity to consume\";\n"
    "equation [cons] c = mpc * y(-1);\n"
    "equation [imp] m = 0.25 * y;\n"
    "identity [gdp] y = c + g + x - m;\n";

static const char *const HISTORY =
    "period,y,c,m,g,x\n"
    "2018,100,,26,20,30\n"
    "2019,110,52,28,25,30\n"
    "2020,,54,30,30,35\n"
    "2021,130,61.5,33,,36\n";

/* The model's series in slot order: declaration order, add-factors last. */
static const char *const SERIES[] = {"y", "c", "m", "g", "x", "c_a", "m_a"};
#define NS 7

/* The model from text, with `history` (NULL: none) written to a file. */
static ps_project *toy(const char *model, const char *history) {
    ps_error err;
    ps_error_clear(&err);
    ps_model *m = NULL;
    cr_assert_eq(ps_model_parse_string(model, strlen(model), "toy.model", &m, &err), PS_OK,
                 "%s", err.message);
    char path[600] = "";
    if (history) {
        snprintf(path, sizeof path, "%s/history.csv", tk_tmp_dir("project"));
        FILE *fp = fopen(path, "w");
        cr_assert_not_null(fp);
        fputs(history, fp);
        fclose(fp);
    }
    ps_project *p = NULL;
    cr_assert_eq(ps_project_from_model(m, history ? path : NULL, &p, &err), PS_OK, "%s",
                 err.message);
    return p;
}

static int same(double a, double b) {
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* The frame for [from, to] must start at `start`, put from..to at t0..t1
** and hold want[t][slot] (nper rows of the NS series). */
static void check_frame(const ps_project *p, long from, long to, long start, int nper,
                        const double want[][NS]) {
    ps_frame *f = NULL;
    int t0 = -1, t1 = -1;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_project_frame(p, from, to, &f, &t0, &t1, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(f->nvar, NS);
    cr_assert_eq(f->nper, nper, "%ld..%ld: %d periods, expected %d", from, to, f->nper, nper);
    cr_assert_eq(f->start, start);
    cr_assert_eq(f->freq, PS_FREQ_ANNUAL);
    cr_assert_eq(t0, (int)(from - start));
    cr_assert_eq(t1, (int)(to - start));
    for (int v = 0; v < NS; v++) cr_assert_str_eq(f->names[v], SERIES[v]);
    for (int t = 0; t < nper; t++)
        for (int v = 0; v < NS; v++)
            cr_assert(same(ps_frame_get(f, v, t), want[t][v]),
                      "%ld..%ld: %s in %ld is %.17g, expected %.17g", from, to, SERIES[v],
                      start + t, ps_frame_get(f, v, t), want[t][v]);
    ps_frame_free(f);
}

/* A gap inside an exogenous series' history would be filled from the year
** before and pass for data: the load refuses it, naming series and period
** (x has values in 2018 and 2021, none in 2019). */
Test(project_frame, gap_in_exogenous_history) {
    ps_error err;
    ps_error_clear(&err);
    ps_model *m = NULL;
    cr_assert_eq(ps_model_parse_string(MODEL, strlen(MODEL), "toy.model", &m, &err), PS_OK);
    char path[600];
    snprintf(path, sizeof path, "%s/gap.csv", tk_tmp_dir("project"));
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs("period,y,c,m,g,x\n2018,100,,26,20,30\n2019,110,52,28,25,\n"
          "2020,,54,30,30,\n2021,130,61.5,33,,36\n", fp);
    fclose(fp);
    ps_project *p = NULL;
    cr_assert_eq(ps_project_from_model(m, path, &p, &err), PS_ERR_DATA);
    cr_assert_null(p);
    cr_assert_str_eq(err.message,
                     "exogenous series 'x' has no value in 2019, between its first value (2018) "
                     "and its last (2021); gaps in history are not filled: give the value in "
                     "the CSV");
    cr_assert_str_eq(err.file, path);
}

/* After the history: exogenous held at their last value (g from 2020, x
** from 2021), endogenous missing (the solve finds them), add-factors 0; the
** gaps inside the history before the horizon stay as they are, except
** exogenous ones. */
Test(project_frame, horizon_after_the_history) {
    ps_project *p = toy(MODEL, HISTORY);
    cr_assert_not_null(p->history_af, "the add-factors are computed at load");
    static const double want[][NS] = {
        /*          y     c     m   g   x  c_a  m_a */
        /* 2018 */ {100, N,    26, 20, 30, N,  N},
        /* 2019 */ {110, 52,   28, 25, 30, 2,  0.5},
        /* 2020 */ {N,   54,   30, 30, 35, -1, N},
        /* 2021 */ {130, 61.5, 33, 30, 36, N,  0.5},
        /* 2022 */ {N,   N,    N,  30, 36, 0,  0},
        /* 2023 */ {N,   N,    N,  30, 36, 0,  0},
        /* 2024 */ {N,   N,    N,  30, 36, 0,  0},
    };
    check_frame(p, 2022, 2024, 2018, 7, want);
    ps_project_free(p);
}

/* A horizon over the history's last years: its data stay; what is missing
** there is filled as for any projection period (y 2020 stays missing, the
** add-factor of 2021 is set to 0). */
Test(project_frame, horizon_overlapping_the_history) {
    ps_project *p = toy(MODEL, HISTORY);
    static const double want[][NS] = {
        /*          y     c     m   g   x  c_a  m_a */
        /* 2018 */ {100, N,    26, 20, 30, N,  N},
        /* 2019 */ {110, 52,   28, 25, 30, 2,  0.5},
        /* 2020 */ {N,   54,   30, 30, 35, -1, 0},
        /* 2021 */ {130, 61.5, 33, 30, 36, 0,  0.5},
        /* 2022 */ {N,   N,    N,  30, 36, 0,  0},
        /* 2023 */ {N,   N,    N,  30, 36, 0,  0},
    };
    check_frame(p, 2020, 2023, 2018, 6, want);
    ps_project_free(p);
}

/* From 2018 the frame needs 2017 for the lag, a period the load did not
** see: the frame computes its add-factors itself, the load's ones and m_a of
** 2018 too (c_a of 2018 is missing, so 0 in the horizon); the history after
** `to` is not copied. */
Test(project_frame, horizon_starting_before_the_history) {
    ps_project *p = toy(MODEL, HISTORY);
    static const double want[][NS] = {
        /*          y     c     m   g   x  c_a  m_a */
        /* 2017 */ {N,   N,    N,  N,  N,  N,  N},
        /* 2018 */ {100, N,    26, 20, 30, 0,  1},
        /* 2019 */ {110, 52,   28, 25, 30, 2,  0.5},
        /* 2020 */ {N,   54,   30, 30, 35, -1, 0},
    };
    check_frame(p, 2018, 2020, 2017, 4, want);
    ps_project_free(p);
}

/* Two years between the history and the horizon: exogenous are held through
** them, endogenous and add-factors stay missing there, and the horizon's
** endogenous values are missing as always. */
Test(project_frame, horizon_after_a_gap) {
    ps_project *p = toy(MODEL, HISTORY);
    static const double want[][NS] = {
        /*          y     c     m   g   x  c_a  m_a */
        /* 2018 */ {100, N,    26, 20, 30, N,  N},
        /* 2019 */ {110, 52,   28, 25, 30, 2,  0.5},
        /* 2020 */ {N,   54,   30, 30, 35, -1, N},
        /* 2021 */ {130, 61.5, 33, 30, 36, N,  0.5},
        /* 2022 */ {N,   N,    N,  30, 36, N,  N},
        /* 2023 */ {N,   N,    N,  30, 36, N,  N},
        /* 2024 */ {N,   N,    N,  30, 36, 0,  0},
        /* 2025 */ {N,   N,    N,  30, 36, 0,  0},
    };
    check_frame(p, 2024, 2025, 2018, 8, want);
    ps_project_free(p);
}

/* Without history the frame starts maxlag periods before `from`, and only
** the add-factors have a default. */
Test(project_frame, project_without_history) {
    ps_project *p = toy(MODEL, NULL);
    cr_assert_null(p->history);
    cr_assert_null(p->history_af);
    static const double want[][NS] = {
        /* 2021 */ {N, N, N, N, N, N, N},
        /* 2022 */ {N, N, N, N, N, 0, 0},
        /* 2023 */ {N, N, N, N, N, 0, 0},
    };
    check_frame(p, 2022, 2023, 2021, 3, want);
    ps_project_free(p);
}

/* A projection frame is an ordinary frame: it copies (names and values) and
** frees like one, and its columns are found by name. */
Test(project_frame, copies_like_any_frame) {
    ps_project *p = toy(MODEL, HISTORY);
    ps_frame *f = NULL, *g = NULL;
    int t0, t1;
    ps_error err;
    cr_assert_eq(ps_project_frame(p, 2022, 2023, &f, &t0, &t1, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(ps_frame_copy(f, &g, &err), PS_OK);
    ps_frame_free(f);   /* the copy owns its own names and data */
    for (int v = 0; v < NS; v++) cr_assert_str_eq(g->names[v], SERIES[v]);
    cr_assert_eq(ps_frame_col(g, "c_a"), 5);
    cr_assert_eq(ps_frame_get(g, ps_frame_col(g, "x"), t1), 36.0);
    ps_frame_free(g);
    ps_project_free(p);
}

Test(project_frame, errors) {
    ps_project *p = toy(MODEL, HISTORY);
    ps_frame *f = (ps_frame *)1;
    int t0, t1;
    ps_error err;
    cr_assert_eq(ps_project_frame(p, 2024, 2022, &f, &t0, &t1, &err), PS_ERR_USAGE);
    cr_assert_null(f);
    cr_assert(strstr(err.message, "the horizon ends (2022) before it starts (2024)"), "%s",
              err.message);
    cr_assert_eq(ps_project_frame(p, 2022, 90000000L, &f, &t0, &t1, &err), PS_ERR_LIMIT);
    cr_assert_null(f);
    cr_assert(strstr(err.message, "the horizon 2022..90000000 is too long for this model"),
              "%s", err.message);
    ps_project_free(p);
}

/* History that contradicts a log left side: the load keeps no add-factors,
** so the frame computes them itself and reports the equation, variable and
** year, and returns no frame. */
Test(project_frame, data_outside_a_log_left_side) {
    static const char *const model =
        "model toy \"Log\" annual;\n"
        "endogenous y \"Output\" unit \"u\";\n"
        "exogenous x \"Driver\" unit \"u\";\n"
        "equation [out] log(y) = log(x);\n";
    ps_project *p = toy(model, "period,y,x\n2019,1,1\n2020,0,2\n2021,3,3\n");
    cr_assert_null(p->history_af);
    ps_frame *f = (ps_frame *)1;
    int t0, t1;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_project_frame(p, 2022, 2023, &f, &t0, &t1, &err), PS_ERR_DOMAIN);
    cr_assert_null(f);
    cr_assert(strstr(err.message, "equation [out] has log(y) on its left side, which needs "
                                  "y > 0, but y is 0 in 2020"), "%s", err.message);
    cr_assert_str_eq(err.variable, "y");
    cr_assert_str_eq(err.period, "2020");
    ps_project_free(p);
}
