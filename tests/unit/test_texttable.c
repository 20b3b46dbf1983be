/* Text tables for people (util/texttable.h): widths in terminal columns,
** wrapping, spans and thousands separators, against hand-written layouts. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/texttable.h"

static char *render(ps_tt *t) {
    ps_sb sb;
    ps_sb_init(&sb);
    cr_assert_eq(ps_tt_render(t, &sb), 0);
    char *s = NULL;
    cr_assert_eq(ps_sb_done(&sb, &s, NULL), 0);
    ps_tt_free(t);
    return s;
}

Test(texttable, numbers) {
    char b[PS_TT_NUM_BUF];
    cr_assert_str_eq(ps_tt_num(7727.0567, 'g', 6, b), "7,727.06");
    cr_assert_str_eq(ps_tt_num(12345678.4, 'g', 6, b), "12,345,678");
    cr_assert_str_eq(ps_tt_num(-1234567.0, 'g', 6, b), "-1,234,567");
    cr_assert_str_eq(ps_tt_num(825, 'g', 6, b), "825");
    cr_assert_str_eq(ps_tt_num(100000, 'g', 6, b), "100,000");
    cr_assert_str_eq(ps_tt_num(0.000012345, 'g', 3, b), "1.23e-05");
    cr_assert_str_eq(ps_tt_num(2e15, 'g', 6, b), "2e+15");
    cr_assert_str_eq(ps_tt_num(1234.567, 'f', 2, b), "1,234.57");
    cr_assert_str_eq(ps_tt_num(-0.001, 'f', 2, b), "0.00");   /* no "-0.00" */
    cr_assert_str_eq(ps_tt_num(-0.0, 'g', 6, b), "0");
    cr_assert_str_eq(ps_tt_num(NAN, 'g', 6, b), "-");
    cr_assert_str_eq(ps_tt_num(INFINITY, 'f', 2, b), "-");
}

/* One number of decimals for a row: the largest shows 6 significant digits,
** the others line up under it (hand-counted digits). */
Test(texttable, places) {
    char b[PS_TT_NUM_BUF];
    cr_assert_eq(ps_tt_places(11687.0, 6), 1);     /* 11,687.0: five digits before the point */
    cr_assert_eq(ps_tt_places(595.809, 6), 3);
    cr_assert_eq(ps_tt_places(100000, 6), 0);      /* six digits: none after */
    cr_assert_eq(ps_tt_places(99999.9, 6), 1);
    cr_assert_eq(ps_tt_places(12345678, 6), 0);    /* more digits than asked: in full */
    cr_assert_eq(ps_tt_places(1.0, 6), 5);
    cr_assert_eq(ps_tt_places(0.5, 6), 6);         /* no digit before the point */
    cr_assert_eq(ps_tt_places(0.05, 6), 7);        /* 0.0500000 */
    cr_assert_eq(ps_tt_places(0, 6), 0);           /* all zeros: "0" */
    cr_assert_eq(ps_tt_places(5e-5, 6), -1);       /* wants an exponent */
    cr_assert_eq(ps_tt_places(2e15, 6), -1);
    cr_assert_eq(ps_tt_places(NAN, 6), -1);
    int p = ps_tt_places(11687.0, 6);
    cr_assert_str_eq(ps_tt_num_in(7836.33, p, 6, b), "7,836.3");
    cr_assert_str_eq(ps_tt_num_in(11687.0, p, 6, b), "11,687.0");
    cr_assert_str_eq(ps_tt_num_in(-383.731, ps_tt_places(523.404, 6), 6, b), "-383.731");
    cr_assert_str_eq(ps_tt_num_in(0.000012345, -1, 3, b), "1.23e-05");
    cr_assert_str_eq(ps_tt_num_in(NAN, 2, 6, b), "-");
}

/* Decimals that are zero in every number of the group are dropped. */
Test(texttable, trim) {
    const double whole[] = {825, 445, NAN};
    cr_assert_eq(ps_tt_row_places(whole, 3, 1, 6), 0);          /* 825, 445 */
    const double loans[] = {10718.0, 11616.9};
    cr_assert_eq(ps_tt_row_places(loans, 2, 1, 6), 1);          /* 10,718.0 stays */
    const double halves[] = {12.5, 3.25, 100.0};
    cr_assert_eq(ps_tt_row_places(halves, 3, 1, 6), 2);         /* 12.50 3.25 100.00 */
    const double strided[] = {1.5, 999, 2.0, 999};               /* every other one */
    cr_assert_eq(ps_tt_row_places(strided, 2, 2, 6), 1);
    cr_assert_eq(ps_tt_trim(loans, 2, 1, -1), -1);
    cr_assert_eq(ps_tt_trim(whole, 2, 1, 3), 0);
    /* noise below the shown digits does not count */
    const double noisy[] = {825.0000000001, 444.9999999999};
    cr_assert_eq(ps_tt_row_places(noisy, 2, 1, 6), 0);
}

Test(texttable, width) {
    cr_assert_eq(ps_text_width("gdp"), 3);
    cr_assert_eq(ps_text_width("亿元"), 4);            /* two wide characters */
    cr_assert_eq(ps_text_width("（2020年价格）"), 14);  /* fullwidth brackets too */
    cr_assert_eq(ps_text_width("e\xCC\x81"), 1);        /* e + combining acute */
    cr_assert_eq(ps_text_width(""), 0);
}

Test(texttable, columns_fit_their_widest_cell) {
    ps_tt *t = ps_tt_new(3);
    ps_tt_right(t, 1);
    ps_tt_right(t, 2);
    ps_tt_cell(t, "period");
    ps_tt_cell(t, "a_very_long_variable_name");
    ps_tt_cell(t, "亿元");
    ps_tt_row(t);
    ps_tt_cell(t, "2024");
    ps_tt_cell(t, "1");
    ps_tt_cell(t, "22");
    ps_tt_row(t);
    char *s = render(t);
    cr_assert_str_eq(s, "period  a_very_long_variable_name  亿元\n"
                        "2024                            1    22\n");
    free(s);
}

Test(texttable, wraps_long_cells) {
    ps_tt *t = ps_tt_new(2);
    ps_tt_wrap(t, 1, 8);
    ps_tt_cell(t, "x");
    ps_tt_cell(t, "one two three");
    ps_tt_row(t);
    ps_tt_cell(t, "y");
    ps_tt_cell(t, "居民消费价格指数");   /* 16 columns, no blanks: 4 characters a line */
    ps_tt_row(t);
    char *s = render(t);
    cr_assert_str_eq(s, "x  one two\n"
                        "   three\n"
                        "y  居民消费\n"
                        "   价格指数\n");
    free(s);
}

Test(texttable, no_line_starts_with_closing_punctuation) {
    ps_tt *t = ps_tt_new(1);
    ps_tt_wrap(t, 0, 10);
    ps_tt_cell(t, "居民消费（现价）");   /* 16 columns: "）" would open line 2 */
    ps_tt_row(t);
    char *s = render(t);
    cr_assert_str_eq(s, "居民消费（\n现价）\n");
    free(s);
}

Test(texttable, a_span_widens_its_last_column) {
    ps_tt *t = ps_tt_new(3);
    ps_tt_right(t, 1);
    ps_tt_right(t, 2);
    ps_tt_cell(t, "");
    ps_tt_span(t, 2, "scenario_b");
    ps_tt_row(t);
    ps_tt_cell(t, "p");
    ps_tt_cell(t, "1");
    ps_tt_cell(t, "2");
    ps_tt_row(t);
    char *s = render(t);
    /* columns 1 and 2 need 1 each, the span 10: column 2 grows to 7 */
    cr_assert_str_eq(s, "   scenario_b\n"
                        "p  1        2\n");
    free(s);
}
