#include "util/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ps_num_format(double x, char buf[PS_NUM_BUF]) {
    /* %.17g always round-trips but prints 0.1 as 0.10000000000000001; the
    ** first of 15, 16, 17 digits that reads back bit-identical is the
    ** shortest of these that is exact.  (Rounding one %.16e string by hand
    ** instead was measured no faster: glibc's exact printing dominates.) */
    int len = 0;
    for (int prec = 15; prec <= 17; prec++) {
        len = snprintf(buf, PS_NUM_BUF, "%.*g", prec, x);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &x, sizeof x) == 0) break;
    }
    return len;
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
