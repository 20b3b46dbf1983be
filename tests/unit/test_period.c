/* Periods and frequencies: labels <-> ordinals (ordinal = year*freq + sub-1). */
#include <criterion/criterion.h>
#include <string.h>

#include "polsim/period.h"

static long parse_ok(const char *label, ps_freq f) {
    ps_error err;
    ps_error_clear(&err);
    long p = -12345;
    int rc = ps_period_parse(label, f, &p, &err);
    cr_assert_eq(rc, PS_OK, "'%s' (%s): %s", label, ps_freq_name(f), err.message);
    return p;
}

/* Parse must fail with PS_ERR_DATA and a message holding both fragments. */
static void parse_bad(const char *label, ps_freq f, const char *frag1, const char *frag2) {
    ps_error err;
    ps_error_clear(&err);
    long p = -12345;
    int rc = ps_period_parse(label, f, &p, &err);
    cr_assert_eq(rc, PS_ERR_DATA, "'%s' should fail, rc %d", label, rc);
    cr_assert_eq(p, -12345, "output must be untouched on failure");
    cr_assert(strstr(err.message, frag1), "'%s': message '%s' lacks '%s'", label,
              err.message, frag1);
    cr_assert(strstr(err.message, frag2), "'%s': message '%s' lacks '%s'", label,
              err.message, frag2);
}

Test(period, ordinals_by_hand) {
    /* year * freq + sub - 1, computed by hand */
    cr_assert_eq(parse_ok("2024", PS_FREQ_ANNUAL), 2024);
    cr_assert_eq(parse_ok("1000", PS_FREQ_ANNUAL), 1000);
    cr_assert_eq(parse_ok("9999", PS_FREQ_ANNUAL), 9999);
    cr_assert_eq(parse_ok("2024Q1", PS_FREQ_QUARTERLY), 8096);
    cr_assert_eq(parse_ok("2024Q4", PS_FREQ_QUARTERLY), 8099);
    cr_assert_eq(parse_ok("2025q1", PS_FREQ_QUARTERLY), 8100);
    cr_assert_eq(parse_ok("2024M01", PS_FREQ_MONTHLY), 24288);
    cr_assert_eq(parse_ok("2024M1", PS_FREQ_MONTHLY), 24288);
    cr_assert_eq(parse_ok("2024m12", PS_FREQ_MONTHLY), 24299);
    cr_assert_eq(parse_ok("2024-07", PS_FREQ_MONTHLY), 24294);
    cr_assert_eq(parse_ok("2023M12", PS_FREQ_MONTHLY) + 1, parse_ok("2024M01", PS_FREQ_MONTHLY));
}

Test(period, format_by_hand) {
    char buf[PS_PERIOD_LABEL_MAX];
    cr_assert_str_eq(ps_period_format(2024, PS_FREQ_ANNUAL, buf, sizeof buf), "2024");
    cr_assert_str_eq(ps_period_format(8099, PS_FREQ_QUARTERLY, buf, sizeof buf), "2024Q4");
    cr_assert_str_eq(ps_period_format(8100, PS_FREQ_QUARTERLY, buf, sizeof buf), "2025Q1");
    cr_assert_str_eq(ps_period_format(24288, PS_FREQ_MONTHLY, buf, sizeof buf), "2024M01");
    cr_assert_str_eq(ps_period_format(24299, PS_FREQ_MONTHLY, buf, sizeof buf), "2024M12");
    /* floor division below zero: ordinal -1 is the last quarter of year -1 */
    cr_assert_str_eq(ps_period_format(-1, PS_FREQ_QUARTERLY, buf, sizeof buf), "-1Q4");
    cr_assert_str_eq(ps_period_format(7, (ps_freq)3, buf, sizeof buf), "?7");
    /* truncation respects n */
    char small[5];
    cr_assert_str_eq(ps_period_format(8096, PS_FREQ_QUARTERLY, small, sizeof small), "2024");
}

Test(period, round_trip_every_frequency) {
    const ps_freq fs[] = {PS_FREQ_ANNUAL, PS_FREQ_QUARTERLY, PS_FREQ_MONTHLY};
    for (int k = 0; k < 3; k++) {
        long f = fs[k];
        for (long p = 1000 * f; p < 10000 * f; p += (k == 0 ? 1 : 7)) {
            char buf[PS_PERIOD_LABEL_MAX];
            ps_period_format(p, fs[k], buf, sizeof buf);
            cr_assert_eq(parse_ok(buf, fs[k]), p, "%s", buf);
            ps_freq g = 0;
            cr_assert_eq(ps_period_guess_freq(buf, &g), PS_OK);
            cr_assert_eq(g, fs[k], "%s", buf);
        }
    }
}

Test(period, errors_say_the_expected_form) {
    parse_bad("2024Q5", PS_FREQ_QUARTERLY, "quarter 5 does not exist", "2024Q1");
    parse_bad("2024Q0", PS_FREQ_QUARTERLY, "quarter 0 does not exist", "Q1-Q4");
    parse_bad("2024M13", PS_FREQ_MONTHLY, "month 13 does not exist", "2024M01");
    parse_bad("2024M00", PS_FREQ_MONTHLY, "month 0 does not exist", "01-12");
    parse_bad("2024-13", PS_FREQ_MONTHLY, "month 13 does not exist", "2024M01");
    parse_bad("24", PS_FREQ_ANNUAL, "2-digit year", "like 2024");
    parse_bad("24Q1", PS_FREQ_QUARTERLY, "2-digit year", "like 2024Q1");
    parse_bad("-2024", PS_FREQ_ANNUAL, "negative year", "like 2024");
    parse_bad("-2024M03", PS_FREQ_MONTHLY, "negative year", "1000-9999");
    parse_bad("20240", PS_FREQ_ANNUAL, "year out of range", "1000-9999");
    parse_bad("99999999999999999999", PS_FREQ_ANNUAL, "out of range", "like 2024");
    parse_bad("0999", PS_FREQ_ANNUAL, "out of range", "1000-9999");
    parse_bad("2024Q1", PS_FREQ_ANNUAL, "is a quarterly period", "an annual period like 2024");
    parse_bad("2024", PS_FREQ_QUARTERLY, "is an annual period", "like 2024Q1");
    parse_bad("2024M03", PS_FREQ_QUARTERLY, "is a monthly period", "like 2024Q1");
    parse_bad("2024Q", PS_FREQ_QUARTERLY, "not a quarterly period", "like 2024Q1");
    parse_bad("2024Q12", PS_FREQ_QUARTERLY, "not a quarterly period", "like 2024Q1");
    parse_bad("2024M123", PS_FREQ_MONTHLY, "not a monthly period", "like 2024M01");
    parse_bad("2024-1", PS_FREQ_MONTHLY, "not a monthly period", "like 2024M01");
    parse_bad("2024 ", PS_FREQ_ANNUAL, "not an annual period", "like 2024");
    parse_bad("abc", PS_FREQ_ANNUAL, "'abc' is not a period", "like 2024");
    parse_bad("", PS_FREQ_MONTHLY, "is not a period", "like 2024M01");
}

Test(period, usage_errors) {
    ps_error err;
    ps_error_clear(&err);
    long p;
    cr_assert_eq(ps_period_parse(NULL, PS_FREQ_ANNUAL, &p, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "NULL"));
    cr_assert_eq(ps_period_parse("2024", (ps_freq)2, &p, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "invalid frequency 2"));
    /* a NULL error record is allowed */
    cr_assert_eq(ps_period_parse("2024Q9", PS_FREQ_QUARTERLY, &p, NULL), PS_ERR_DATA);
}

Test(period, freq_names) {
    const struct { const char *s; ps_freq f; } ok[] = {
        {"annual", PS_FREQ_ANNUAL}, {"ANNUAL", PS_FREQ_ANNUAL}, {"a", PS_FREQ_ANNUAL},
        {"A", PS_FREQ_ANNUAL}, {"quarterly", PS_FREQ_QUARTERLY}, {"Q", PS_FREQ_QUARTERLY},
        {"Monthly", PS_FREQ_MONTHLY}, {"m", PS_FREQ_MONTHLY},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        ps_freq f = 0;
        cr_assert_eq(ps_freq_parse(ok[i].s, &f), PS_OK, "%s", ok[i].s);
        cr_assert_eq(f, ok[i].f, "%s", ok[i].s);
    }
    const char *bad[] = {"", "weekly", "annually", "an", "y", "quarter"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ps_freq f = 0;
        cr_assert_eq(ps_freq_parse(bad[i], &f), PS_ERR_USAGE, "%s", bad[i]);
    }
    ps_freq f;
    cr_assert_eq(ps_freq_parse(NULL, &f), PS_ERR_USAGE);
    cr_assert_str_eq(ps_freq_name(PS_FREQ_ANNUAL), "annual");
    cr_assert_str_eq(ps_freq_name(PS_FREQ_QUARTERLY), "quarterly");
    cr_assert_str_eq(ps_freq_name(PS_FREQ_MONTHLY), "monthly");
    cr_assert_str_eq(ps_freq_name((ps_freq)5), "unknown");
}

Test(period, guess_freq) {
    ps_freq f = 0;
    cr_assert_eq(ps_period_guess_freq("2024", &f), PS_OK);
    cr_assert_eq(f, PS_FREQ_ANNUAL);
    cr_assert_eq(ps_period_guess_freq("2024q3", &f), PS_OK);
    cr_assert_eq(f, PS_FREQ_QUARTERLY);
    cr_assert_eq(ps_period_guess_freq("2024M07", &f), PS_OK);
    cr_assert_eq(f, PS_FREQ_MONTHLY);
    cr_assert_eq(ps_period_guess_freq("2024-07", &f), PS_OK);
    cr_assert_eq(f, PS_FREQ_MONTHLY);
    /* the guess reads the shape only; ps_period_parse then checks ranges */
    cr_assert_eq(ps_period_guess_freq("2024Q7", &f), PS_OK);
    cr_assert_eq(f, PS_FREQ_QUARTERLY);
    const char *bad[] = {"", "Q1", "year", "2024/1", "-", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(ps_period_guess_freq(bad[i], &f), PS_ERR_DATA, "%s",
                     bad[i] ? bad[i] : "NULL");
}
