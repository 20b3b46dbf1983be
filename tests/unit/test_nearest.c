/*
** The shared "did you mean" rule (util/editdist.h) and path joining
** (util/path.h).  Every expected hint is worked out by hand from the rule:
** a case-only difference wins, else the fewest edits within two (one for
** names of up to three characters), never a candidate that changes every
** character typed, ties in byte order.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/editdist.h"
#include "util/path.h"

static const char *const names[] = {"gdp", "gdpr", "mpc", "loan_g", "tloan_g", "c0", "c", "y"};
#define N ((int)(sizeof names / sizeof names[0]))

static const char *near(const char *name) { return ps_nearest_name(name, names, N); }

Test(nearest, case_only_difference_wins) {
    /* "GDPR" is four substitutions from "gdpr" but only its case differs */
    cr_assert_str_eq(near("GDPR"), "gdpr");
    cr_assert_str_eq(near("Loan_G"), "loan_g");
}

Test(nearest, typos_within_two_edits) {
    cr_assert_str_eq(near("mcp"), "mpc");        /* one swap */
    cr_assert_str_eq(near("loang"), "loan_g");   /* one deletion */
    cr_assert_str_eq(near("tloan_gg"), "tloan_g");
    cr_assert_str_eq(near("lon_gg"), "loan_g");  /* two edits in a 6-letter name */
    cr_assert_null(near("income"));
}

Test(nearest, short_names_allow_one_edit) {
    cr_assert_str_eq(near("gd"), "gdp");         /* one insertion */
    cr_assert_null(near("gx"));                  /* "gdp" is two edits away: too far for 2 letters */
    /* one letter: every other letter is one edit away, which keeps nothing typed */
    cr_assert_null(near("q"));
    cr_assert_str_eq(near("cc"), "c");           /* "c0" is also one edit: "c" < "c0" */
}

Test(nearest, ties_go_to_byte_order_whatever_the_order_offered) {
    static const char *const a[] = {"gdpx", "gdpa"}, *const b[] = {"gdpa", "gdpx"};
    cr_assert_str_eq(ps_nearest_name("gdpq", a, 2), "gdpa");
    cr_assert_str_eq(ps_nearest_name("gdpq", b, 2), "gdpa");
}

Test(nearest, exact_name_is_its_own_nearest) {
    cr_assert_str_eq(near("gdp"), "gdp");
}

Test(nearest, search_over_a_slice) {
    /* the model parser asks about a name inside the source text */
    const char *src = "y = mcp*x;";
    ps_nearest s;
    ps_nearest_init(&s, src + 4, 3);
    for (int i = 0; i < N; i++) ps_nearest_offer(&s, names[i]);
    cr_assert_str_eq(ps_nearest_best(&s), "mpc");
}

Test(nearest, hint_pieces) {
    char buf[128];
    const char *none = NULL, *some = "gdp";
    snprintf(buf, sizeof buf, "no 'x'" PS_DYM_FMT, PS_DYM_ARGS(none));
    cr_assert_str_eq(buf, "no 'x'");
    snprintf(buf, sizeof buf, "no 'gpd'" PS_DYM_FMT, PS_DYM_ARGS(some));
    cr_assert_str_eq(buf, "no 'gpd' (did you mean 'gdp'?)");
}

Test(path, join) {
    char *p = ps_path_join("out/batch", "run.json");
    cr_assert_str_eq(p, "out/batch/run.json");
    free(p);
    p = ps_path_join("", "run.json");
    cr_assert_str_eq(p, "run.json");
    free(p);
    p = ps_path_join("/", "history.csv");
    cr_assert_str_eq(p, "/history.csv");
    free(p);
    p = ps_path_join("models/", "keynes");
    cr_assert_str_eq(p, "models/keynes");
    free(p);
}
