#include "polsim/period.h"

#include <stdio.h>
#include <string.h>

/*
** Labels have a four-digit year (1000-9999) and, by frequency, nothing, a
** quarter "Q1".."Q4" or a month "M1".."M12" / "M01".."M12" / "-01".."-12"
** (the last is how pandas and ISO 8601 write months).  The letters may be
** lower case.  A fixed year width keeps labels sortable as text and rules
** out both typos like "202" and two-digit years like "24".
*/

#define YEAR_MIN 1000L
#define YEAR_MAX 9999L

int ps_freq_parse(const char *s, ps_freq *out) {
    static const struct { const char *name; ps_freq f; } names[] = {
        {"annual", PS_FREQ_ANNUAL},       {"a", PS_FREQ_ANNUAL},
        {"quarterly", PS_FREQ_QUARTERLY}, {"q", PS_FREQ_QUARTERLY},
        {"monthly", PS_FREQ_MONTHLY},     {"m", PS_FREQ_MONTHLY},
    };
    if (!s || !out) return PS_ERR_USAGE;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *a = names[i].name, *b = s;
        while (*a && (*b | 0x20) == *a) { a++; b++; }
        if (!*a && !*b) {
            *out = names[i].f;
            return PS_OK;
        }
    }
    return PS_ERR_USAGE;
}

const char *ps_freq_name(ps_freq f) {
    switch (f) {
    case PS_FREQ_ANNUAL: return "annual";
    case PS_FREQ_QUARTERLY: return "quarterly";
    case PS_FREQ_MONTHLY: return "monthly";
    default: return "unknown";
    }
}

static int valid_freq(ps_freq f) {
    return f == PS_FREQ_ANNUAL || f == PS_FREQ_QUARTERLY || f == PS_FREQ_MONTHLY;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The frequency a label's shape announces, ignoring ranges: digits then
** nothing, 'Q' or 'M'/'-'.  0 when it has no such shape. */
static ps_freq shape_freq(const char *s) {
    if (*s == '-') s++;
    if (!is_digit(*s)) return 0;
    while (is_digit(*s)) s++;
    switch (*s) {
    case '\0': return PS_FREQ_ANNUAL;
    case 'Q': case 'q': return PS_FREQ_QUARTERLY;
    case 'M': case 'm': case '-': return PS_FREQ_MONTHLY;
    default: return 0;
    }
}

int ps_period_guess_freq(const char *label, ps_freq *out) {
    ps_freq f = label ? shape_freq(label) : 0;
    if (!f) return PS_ERR_DATA;
    if (out) *out = f;
    return PS_OK;
}

static const char *a_freq(ps_freq f) {
    switch (f) {
    case PS_FREQ_ANNUAL: return "an annual";
    case PS_FREQ_QUARTERLY: return "a quarterly";
    case PS_FREQ_MONTHLY: return "a monthly";
    default: return "an unknown";
    }
}

static const char *example(ps_freq f) {
    switch (f) {
    case PS_FREQ_QUARTERLY: return "a quarterly period like 2024Q1";
    case PS_FREQ_MONTHLY: return "a monthly period like 2024M01";
    default: return "an annual period like 2024";
    }
}

/* Parse the year at the start of s into *year and set *rest past it. */
static int parse_year(const char *label, ps_freq f, long *year, const char **rest,
                      ps_error *err) {
    const char *s = label;
    if (*s == '-' && is_digit(s[1]))
        return ps_error_set(err, PS_ERR_DATA,
                            "'%s' has a negative year: expected %s (years %ld-%ld)",
                            label, example(f), YEAR_MIN, YEAR_MAX);
    int nd = 0;
    long y = 0;
    while (is_digit(*s)) {
        if (nd < 9) y = y * 10 + (*s - '0');
        nd++;
        s++;
    }
    if (nd == 0)
        return ps_error_set(err, PS_ERR_DATA, "'%s' is not a period: expected %s",
                            label, example(f));
    if (nd < 4)
        return ps_error_set(err, PS_ERR_DATA,
                            "'%s' has a %d-digit year: expected %s, with the year in "
                            "four digits", label, nd, example(f));
    if (nd > 4 || y < YEAR_MIN)
        return ps_error_set(err, PS_ERR_DATA,
                            "'%s' has a year out of range: expected %s (years %ld-%ld)",
                            label, example(f), YEAR_MIN, YEAR_MAX);
    *year = y;
    *rest = s;
    return PS_OK;
}

/* Parse the sub-period after the year ("", "Q3", "M07", "-07") into *sub. */
static int parse_sub(const char *label, const char *s, ps_freq f, int *sub,
                     ps_error *err) {
    if (f == PS_FREQ_ANNUAL) {
        *sub = 1;
        if (*s == '\0') return PS_OK;
    } else if (f == PS_FREQ_QUARTERLY && (*s == 'Q' || *s == 'q')) {
        if (is_digit(s[1]) && s[2] == '\0') {
            *sub = s[1] - '0';
            if (*sub >= 1 && *sub <= 4) return PS_OK;
            return ps_error_set(err, PS_ERR_DATA,
                                "'%s': quarter %d does not exist: expected %s "
                                "(quarters Q1-Q4)", label, *sub, example(f));
        }
    } else if (f == PS_FREQ_MONTHLY && (*s == 'M' || *s == 'm' || *s == '-')) {
        /* "M7" and "M07" are both common; the ISO form "-07" always has two. */
        int two = is_digit(s[1]) && is_digit(s[2]) && s[3] == '\0';
        int one = *s != '-' && is_digit(s[1]) && s[2] == '\0';
        if (one || two) {
            *sub = one ? s[1] - '0' : (s[1] - '0') * 10 + (s[2] - '0');
            if (*sub >= 1 && *sub <= 12) return PS_OK;
            return ps_error_set(err, PS_ERR_DATA,
                                "'%s': month %d does not exist: expected %s "
                                "(months 01-12)", label, *sub, example(f));
        }
    }
    ps_freq other = shape_freq(label);
    if (other && other != f)
        return ps_error_set(err, PS_ERR_DATA, "'%s' is %s period: expected %s",
                            label, a_freq(other), example(f));
    return ps_error_set(err, PS_ERR_DATA, "'%s' is not %s period: expected %s",
                        label, a_freq(f), example(f));
}

int ps_period_parse(const char *label, ps_freq f, long *out, ps_error *err) {
    if (!label || !out)
        return ps_error_set(err, PS_ERR_USAGE, "ps_period_parse: NULL argument");
    if (!valid_freq(f))
        return ps_error_set(err, PS_ERR_USAGE, "ps_period_parse: invalid frequency %d",
                            (int)f);
    long year = 0;
    const char *rest = NULL;
    int sub = 0;
    int rc = parse_year(label, f, &year, &rest, err);
    if (rc == PS_OK) rc = parse_sub(label, rest, f, &sub, err);
    if (rc != PS_OK) return rc;
    *out = year * (long)f + (sub - 1);
    return PS_OK;
}

char *ps_period_format(long p, ps_freq f, char *buf, size_t n) {
    if (!buf || n == 0) return buf;
    if (!valid_freq(f)) {
        snprintf(buf, n, "?%ld", p);
        return buf;
    }
    /* Floor division, so that ordinals before year 0 still format sanely. */
    long year = p / (long)f;
    if (p % (long)f < 0) year--;
    long sub = p - year * (long)f + 1;
    if (f == PS_FREQ_ANNUAL) snprintf(buf, n, "%ld", year);
    else if (f == PS_FREQ_QUARTERLY) snprintf(buf, n, "%ldQ%ld", year, sub);
    else snprintf(buf, n, "%ldM%02ld", year, sub);
    return buf;
}
