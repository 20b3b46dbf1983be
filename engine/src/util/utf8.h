/*
** Internal: UTF-8 checks.  Every text polsim writes (result JSON, CSV, the
** HTML report) is UTF-8, and so must be what it reads into them: a model's
** title, a scenario name, a result file.  Invalid bytes are refused where they
** enter, with their position, rather than passed on into files that other
** tools (browsers, pandas, jq) then misread.
*/
#ifndef PS_UTIL_UTF8_H
#define PS_UTIL_UTF8_H

#include <stddef.h>

/* The offset of the first byte of `s[0..n)` that does not start a valid
** UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing above
** U+10FFFF), or n when all of it is valid. */
size_t ps_utf8_invalid(const char *s, size_t n);

/* 1-based line and column (in characters) of offset `at` of s; for error
** records that point at a byte. */
void ps_text_locate(const char *s, size_t at, int *line, int *col);

#endif
