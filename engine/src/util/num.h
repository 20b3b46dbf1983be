/*
** Internal: doubles as text, for every file format polsim writes or reads.
**
** Both directions assume the C numeric locale (decimal point '.'), which is
** what a program has unless it calls setlocale(LC_NUMERIC, ...) itself.
*/
#ifndef PS_UTIL_NUM_H
#define PS_UTIL_NUM_H

#include <stddef.h>

/* Big enough for "-2.2250738585072014e-308" and a NUL. */
#define PS_NUM_BUF 32

/* Shortest text of finite x with 15, 16 or 17 significant digits that reads
** back (strtod) as exactly the same bits, so 0.1 prints as "0.1" and
** 0.1 + 0.2 as "0.30000000000000004".  Returns the length written. */
int ps_num_format(double x, char buf[PS_NUM_BUF]);

typedef enum ps_num_status {
    PS_NUM_OK = 0,
    PS_NUM_BAD,         /* not a plain decimal number */
    PS_NUM_RANGE        /* a number, but too large for a double */
} ps_num_status;

/* Parse the whole NUL-terminated string s as a decimal number: optional
** sign, digits with an optional '.', optional exponent.  Unlike strtod alone
** it refuses trailing text ("12abc"), commas ("1,5"), hex ("0x10"), "inf" and
** "nan", and numbers that overflow; underflow to a subnormal or zero is
** accepted (strtod gives the nearest double).  No whitespace is allowed:
** callers trim.  *out is set only on PS_NUM_OK. */
ps_num_status ps_num_parse(const char *s, double *out);

#endif
