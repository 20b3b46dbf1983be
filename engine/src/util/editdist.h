/*
** Internal: the edit distance behind every "did you mean ...?" hint (model
** names, Lua globals and methods, report variables), so all of them count a
** typo the same way.
*/
#ifndef PS_UTIL_EDITDIST_H
#define PS_UTIL_EDITDIST_H

#include <stddef.h>

#define PS_EDIT_MAXLEN 255

/* Insertions, deletions, substitutions and swaps of two neighbouring
** characters each count one (optimal string alignment: "mcp" is one edit from
** "mpc").  Returns max + 1 as soon as the distance must exceed max, and for
** names longer than PS_EDIT_MAXLEN (no hint rather than a heap allocation). */
int ps_edit_distance(const char *a, size_t na, const char *b, size_t nb, int max);

/* The candidate a mistyped name (len bytes) most likely meant: one that
** differs only in case ("GDPR" for "gdpr"), else the nearest within two edits
** (one edit for names of 3 characters or fewer, which two edits turn into
** almost anything); NULL when none.  The one rule behind every "did you
** mean" of a name lookup (Lua fields, compare and report --vars). */
const char *ps_nearest_name(const char *name, size_t len, const char *const *cands, int n);

#endif
