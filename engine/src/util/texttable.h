/*
** Internal: aligned text tables for the terminal (polsim solve and compare,
** the Lua tables).  A column is as wide as its widest cell, measured in
** terminal columns (a CJK character takes two), so no name is ever cut off;
** a column given a wrap width breaks longer cells over several lines
** instead.  Numbers for people go through ps_tt_num: thousands separators,
** no exponent in the usual range.
**
** Out of memory is sticky, as in strbuf.h: ps_tt_render reports it.
*/
#ifndef PS_UTIL_TEXTTABLE_H
#define PS_UTIL_TEXTTABLE_H
#include "util/strbuf.h"
#include <stddef.h>

typedef struct ps_tt ps_tt;

ps_tt *ps_tt_new(int ncol);          /* NULL when out of memory */
void ps_tt_free(ps_tt *t);           /* NULL-safe */
void ps_tt_right(ps_tt *t, int col); /* right-align the column (numbers) */
/* Cells of the column wider than `width` terminal columns are wrapped: at
** the last blank that fits, else between characters (CJK text has no blanks). */
void ps_tt_wrap(ps_tt *t, int col, int width);
/* The next cell of the current row (copied); NULL is an empty cell. */
void ps_tt_cell(ps_tt *t, const char *text);
/* One right-aligned cell over the next `span` columns; the last of them is
** widened when the text needs more room. */
void ps_tt_span(ps_tt *t, int span, const char *text);
void ps_tt_row(ps_tt *t);            /* end the current row */
/* Append the table to sb: columns two blanks apart, no blanks at line ends.
** Returns -1 when the table or sb ran out of memory, else 0. */
int ps_tt_render(const ps_tt *t, ps_sb *sb);

/* Terminal columns of UTF-8 text: 2 for East Asian wide and fullwidth
** characters, 0 for combining marks, else 1 per character. */
size_t ps_text_width(const char *s);

/* x for a table: "-" when not finite; fmt 'f' gives `prec` decimals, 'g'
** `prec` significant digits (whole numbers of more digits in full, an
** exponent only below 1e-4 or from 1e15 on); a ',' between thousands in
** the whole part; never "-0".  buf holds at least PS_TT_NUM_BUF bytes. */
#define PS_TT_NUM_BUF 64
const char *ps_tt_num(double x, char fmt, int prec, char *buf);

/* One number of decimals for a group of numbers shown together (a variable's
** row or column), so that they line up and the largest, of magnitude maxabs,
** shows `sig` significant digits: 6 digits gives 11,687.0 and 7,836.3 in
** one row, 595.809 and 367.032 in another.  -1 when the group wants an
** exponent (maxabs below 1e-4 or from 1e15 on) or has no finite number:
** ps_tt_num_in then writes `sig` significant digits as 'g' does. */
int ps_tt_places(double maxabs, int sig);
/* The largest finite |x[i * stride]| of n numbers, 0 when none is finite. */
double ps_tt_maxabs(const double *x, size_t n, size_t stride);
/* The fewest decimals, at most `places`, that show each of the n numbers
** as `places` decimals do: the decimals that are zero in every number are
** dropped (825.000 and 445.000 become 825 and 445; 10,718.0 stays when a
** neighbour is 11,616.9).  A group spread over several runs takes the
** largest answer of its runs.  -1 stays -1. */
int ps_tt_trim(const double *x, size_t n, size_t stride, int places);
/* The decimals, at most `places`, that x shown with `places` decimals needs
** (0 for a non-finite x): ps_tt_trim is the largest of these. */
int ps_tt_need(double x, int places);
/* Both steps for one run: ps_tt_trim(x, .., ps_tt_places(ps_tt_maxabs(x, ..), sig)). */
int ps_tt_row_places(const double *x, size_t n, size_t stride, int sig);
/* x with `places` decimals (from the functions above), or as 'g' with sig
** digits when places is -1. */
const char *ps_tt_num_in(double x, int places, int sig, char *buf);
#endif
