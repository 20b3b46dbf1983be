/*
** Number literals: 1, 1., .5, 1e-3, 2.5E+3 and 0x1F.
**
** The lexer first takes the whole run of characters that could belong to a
** number (digits, letters, '.', '_', and a sign right after a decimal
** exponent), then checks it against the grammar.  Taking the whole run means
** `1.2.3` or `12abc` is one clear error rather than two confusing tokens.
** Conversion uses strtod on a validated string, with the '.' swapped for the
** locale's decimal point: an embedding program may have called setlocale().
** Leading zeros are decimal (010 is ten): there are no octal numbers.
*/
#include "model/model_internal.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static size_t digits(const char *s, size_t n, size_t p) {
    while (p < n && is_digit((unsigned char)s[p])) p++;
    return p;
}

/* Why the rest of a number, starting at s[p], is junk. */
static const char *junk_reason(const char *s, size_t p, int seen_point, int seen_exp) {
    char c = s[p];
    if (c == '.' && seen_exp) return "the exponent must be a whole number, like 1e3";
    if (c == '.' && seen_point) return "a number has at most one decimal point";
    if (c == '_') return "'_' cannot be used inside a number; write the digits together, like 1000";
    return "a number cannot run into letters: a name must start with a letter or '_', "
           "and a product needs '*', like 2*x";
}

/* NULL when s[0..n) is a decimal number; sets *is_int. */
static const char *check_decimal(const char *s, size_t n, int *is_int) {
    size_t p = digits(s, n, 0);
    int seen_point = 0, seen_exp = 0;
    if (p < n && s[p] == '.') {
        seen_point = 1;
        p = digits(s, n, p + 1);
    }
    if (p < n && (s[p] == 'e' || s[p] == 'E')) {
        seen_exp = 1;
        p++;
        if (p < n && (s[p] == '+' || s[p] == '-')) p++;
        size_t q = digits(s, n, p);
        if (q == p) return "the exponent needs digits, like 1e3 or 2.5e-3";
        p = q;
    }
    if (p < n) return junk_reason(s, p, seen_point, seen_exp);
    *is_int = !seen_point && !seen_exp;
    return NULL;
}

static const char *check_hex(const char *s, size_t n) {
    size_t p = 2;
    while (p < n && hex_value((unsigned char)s[p]) >= 0) p++;
    if (p == 2) return "hexadecimal numbers need digits 0-9 or a-f after 0x, like 0x1F";
    if (p < n && (s[p] == '.' || s[p] == 'p' || s[p] == 'P'))
        return "hexadecimal numbers must be whole, like 0x1F";
    if (p < n) return "a hexadecimal number uses only the digits 0-9 and a-f";
    return NULL;
}

/* strtod in the C locale's notation whatever the current locale is. */
static int convert_decimal(mparse *P, const char *s, size_t n, double *out) {
    const char *dp = localeconv()->decimal_point;
    size_t dpl = (dp && dp[0]) ? strlen(dp) : 1;
    char *buf = mp_alloc(P, P->scratch, n * dpl + 1);
    if (!buf) return mp_nomem(P);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' && dp && dp[0]) {
            memcpy(buf + k, dp, dpl);
            k += dpl;
        } else {
            buf[k++] = s[i];
        }
    }
    buf[k] = '\0';
    char *end = NULL;
    *out = strtod(buf, &end);
    return end == buf + k ? PS_OK : PS_ERR_SYNTAX;
}

static double convert_hex(const char *s, size_t n) {
    double v = 0;
    for (size_t p = 2; p < n; p++) v = v * 16 + hex_value((unsigned char)s[p]);
    return v;
}

static size_t number_run(const mparse *P, int hex) {
    const char *s = P->src;
    size_t i = P->off;
    while (i < P->len) {
        unsigned char c = (unsigned char)s[i];
        int sign_ok = !hex && i > P->off && (s[i - 1] == 'e' || s[i - 1] == 'E');
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            c == '.' || c == '_' || ((c == '+' || c == '-') && sign_ok))
            i++;
        else
            break;
    }
    return i - P->off;
}

int mp_lex_number(mparse *P, token *t) {
    const char *s = P->src + P->off;
    int hex = s[0] == '0' && P->off + 1 < P->len && (s[1] == 'x' || s[1] == 'X');
    size_t n = number_run(P, hex);
    P->off += n;                /* the run is ASCII: one column per byte */
    P->col += (int)n;
    int is_int = 1;
    const char *why = hex ? check_hex(s, n) : check_decimal(s, n, &is_int);
    double v = 0;
    if (!why && hex) v = convert_hex(s, n);
    if (!why && !hex) {
        int rc = convert_decimal(P, s, n, &v);
        if (rc == PS_ERR_NOMEM) return rc;
        if (rc) why = "not a number this system can read";
    }
    if (!why && isinf(v)) why = "it is too large (the largest number is about 1.8e308)";
    if (why) {
        char q[96];
        t->len = n;
        return mp_fail(P, PS_ERR_SYNTAX, t->pos, "malformed number %s: %s",
                       mp_quote(P, t->off, t->off + n, q, sizeof q), why);
    }
    t->type = T_NUMBER;
    t->num = v;
    t->is_int = is_int;
    return PS_OK;
}
