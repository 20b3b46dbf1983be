#include "util/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reference: the first of %.15g, %.16g, %.17g that reads back
** bit-identical (three exact printings and three readings at worst). */
static int format_slow(double x, char buf[PS_NUM_BUF]) {
    int len = 0;
    for (int prec = 15; prec <= 17; prec++) {
        len = snprintf(buf, PS_NUM_BUF, "%.*g", prec, x);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &x, sizeof x) == 0) break;
    }
    return len;
}

/* d[0..n) rounded to k < n significant digits in place, half up; *exp10
** grows when 9...9 carries over.  Returns 0 when the digits after k are
** exactly 5 (then 0s): d is itself rounded, so the exact value may lie on
** either side of the half and only an exact printing can tell. */
static int round_digits(char *d, int n, int k, int *exp10) {
    if (d[k] == '5') {
        int rest = 0;
        for (int i = k + 1; i < n; i++) rest |= d[i] != '0';
        if (!rest) return 0;
    }
    if (d[k] >= '5') {
        int i = k - 1;
        while (i >= 0 && d[i] == '9') d[i--] = '0';
        if (i >= 0) {
            d[i]++;
        } else {                        /* 9...9 -> 10...0 */
            d[0] = '1';
            for (int j = 1; j < k; j++) d[j] = '0';
            (*exp10)++;
        }
    }
    return 1;
}

/* Whether k digits d (value 0.d * 10^(exp10 + 1)) read back as x. */
static int reads_back(double x, int neg, const char *d, int k, int exp10) {
    char s[48];
    int n = 0;
    if (neg) s[n++] = '-';
    s[n++] = d[0];
    s[n++] = '.';
    memcpy(s + n, d + 1, (size_t)(k - 1));
    n += k - 1;
    s[n++] = 'e';                       /* by hand: a printf call costs more */
    if (exp10 < 0) s[n++] = '-';
    int a = exp10 < 0 ? -exp10 : exp10;
    if (a >= 100) s[n++] = (char)('0' + a / 100);
    if (a >= 10) s[n++] = (char)('0' + a / 10 % 10);
    s[n++] = (char)('0' + a % 10);
    s[n] = '\0';
    double back = strtod(s, NULL);
    return memcmp(&back, &x, sizeof x) == 0;
}

/* What snprintf's "%.*g" with precision p writes for the p correctly
** rounded digits d and decimal exponent exp10 when -4 <= exp10 < p (C11
** 7.21.6.1: style f there; trailing zeros and a bare point removed). */
static int format_g(char *buf, int neg, const char *d, int p, int exp10) {
    while (p > 1 && d[p - 1] == '0') p--;       /* the zeros %g removes */
    int n = 0;
    if (neg) buf[n++] = '-';
    if (exp10 < 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = 0; i < -exp10 - 1; i++) buf[n++] = '0';
        memcpy(buf + n, d, (size_t)p);
        n += p;
    } else {
        for (int i = 0; i <= exp10; i++) buf[n++] = i < p ? d[i] : '0';
        if (p > exp10 + 1) {
            buf[n++] = '.';
            memcpy(buf + n, d + exp10 + 1, (size_t)(p - exp10 - 1));
            n += p - exp10 - 1;
        }
    }
    buf[n] = '\0';
    return n;
}

int ps_num_format(double x, char buf[PS_NUM_BUF]) {
    /* %.17g always round-trips but prints 0.1 as 0.10000000000000001: the
    ** result is the first of %.15g, %.16g, %.17g that reads back
    ** bit-identical (format_slow, the definition).  The same, faster (it is
    ** half of writing a CSV file): one exact printing of 17 digits, rounded
    ** by hand to 16 and 15 where that is exact, and one or two readings.
    ** If 16 digits do not read back, 15 cannot either (the 16-digit rounding
    ** is at least as close to x), so a full-precision value, the usual case
    ** for a solved path, costs one printing and one reading. */
    if (!isfinite(x) || x == 0) return format_slow(x, buf);
    char e[40], d[17], d15[17];
    snprintf(e, sizeof e, "%.16e", x);          /* [-]d.dddddddddddddddde[+-]XX */
    int neg = e[0] == '-';
    const char *m = e + neg;
    d[0] = m[0];
    memcpy(d + 1, m + 2, 16);
    int exp10 = atoi(m + 19), e16 = exp10, e15 = exp10;
    char d16[17];
    memcpy(d16, d, 17);
    if (!round_digits(d16, 17, 16, &e16)) return format_slow(x, buf);
    if (e16 != exp10 || exp10 < -4 || exp10 >= 15) {
        /* a carry or a change of style between the precisions: rare, and
        ** the printed form then depends on more than the digits */
        return format_slow(x, buf);
    }
    if (!reads_back(x, neg, d16, 16, e16)) return format_g(buf, neg, d, 17, exp10);
    memcpy(d15, d, 17);
    if (!round_digits(d15, 17, 15, &e15)) return format_slow(x, buf);
    if (e15 == exp10 && reads_back(x, neg, d15, 15, e15)) return format_g(buf, neg, d15, 15, e15);
    if (e15 != exp10) return format_slow(x, buf);
    return format_g(buf, neg, d16, 16, e16);
}

/* Length of the longest prefix of s[0..n) that is a plain decimal number. */
static size_t scan_decimal(const char *s, size_t n) {
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    while (i < n && s[i] >= '0' && s[i] <= '9') { i++; digits++; }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') { i++; digits++; }
    }
    if (digits == 0) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1, ed = 0;
        if (j < n && (s[j] == '+' || s[j] == '-')) j++;
        while (j < n && s[j] >= '0' && s[j] <= '9') { j++; ed++; }
        if (ed == 0) return 0;
        i = j;
    }
    return i;
}

ps_num_status ps_num_parse(const char *s, double *out) {
    size_t n = strlen(s);
    if (n == 0 || scan_decimal(s, n) != n) return PS_NUM_BAD;
    char *end = NULL;
    double x = strtod(s, &end);
    if (end != s + n) return PS_NUM_BAD;  /* cannot happen after the scan */
    if (isinf(x)) return PS_NUM_RANGE;
    *out = x;
    return PS_NUM_OK;
}
