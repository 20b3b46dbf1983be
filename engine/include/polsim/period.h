/*
** Periods and frequencies.
**
** A period is an integer ordinal: year * freq + (sub-period - 1), where freq is
** 1 (annual), 4 (quarterly) or 12 (monthly).  Ordinals of one frequency are
** consecutive, so "t + 1" is the next period and differences count periods.
** Labels: annual "2024", quarterly "2024Q1", monthly "2024M01" (also "2024M1"
** and pandas' "2024-01"); the letters may be lower case.  Years have exactly
** four digits, 1000-9999: "24", "-2024" and "20240" are refused.
*/
#ifndef POLSIM_PERIOD_H
#define POLSIM_PERIOD_H

#include <stddef.h>
#include "polsim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_freq {
    PS_FREQ_ANNUAL = 1,
    PS_FREQ_QUARTERLY = 4,
    PS_FREQ_MONTHLY = 12
} ps_freq;

#define PS_PERIOD_LABEL_MAX 16

/* "annual"/"quarterly"/"monthly" (also "a","q","m", case-insensitive).
** Returns PS_OK or PS_ERR_USAGE. */
PS_API int ps_freq_parse(const char *s, ps_freq *out);
PS_API const char *ps_freq_name(ps_freq f);

/* Parse a label of frequency f into an ordinal.  Errors (PS_ERR_DATA; usage
** errors PS_ERR_USAGE) name the label and the expected form ("expected a
** quarterly period like 2024Q1").  No location is set: callers add it.
** *out is written only on success. */
PS_API int ps_period_parse(const char *label, ps_freq f, long *out, ps_error *err);

/* Write the label of ordinal p into buf (at least PS_PERIOD_LABEL_MAX bytes;
** shorter buffers truncate).  Monthly labels use two digits ("2024M01").
** Ordinals outside years 1000-9999 still format but do not parse back. */
PS_API char *ps_period_format(long p, ps_freq f, char *buf, size_t n);

/* Guess the frequency of a label (4-digit year -> annual, Q -> quarterly,
** M or "-" -> monthly).  Only the shape is read ("2024Q7" guesses quarterly):
** ps_period_parse then gives the precise error.  Returns PS_OK or PS_ERR_DATA. */
PS_API int ps_period_guess_freq(const char *label, ps_freq *out);

#ifdef __cplusplus
}
#endif
#endif
