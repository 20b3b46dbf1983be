/*
** Internal: the one "did you mean ...?" rule of polsim.  Every place that
** looks a name up (model symbols and functions, Lua globals, fields and
** methods, result variables, CLI options, --vars, --set, --base ...) asks
** this module for the nearest candidate, so all of them count a typo the
** same way and say it in the same words.
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

/* The search for the candidate a mistyped name most likely meant, for
** candidates that are not in an array (a model's symbols, a Lua table's
** keys): init, offer every candidate, then ps_nearest_best.  The rule: a
** candidate that differs only in case ("GDPR" for "gdpr") wins; else the
** fewest edits within two (one for names of 3 characters or fewer, which two
** edits turn into almost anything; none that would change every character
** typed, so "q" never suggests "o"); ties go to the first in byte order, so
** the hint does not depend on the order candidates come in.  No allocation;
** the best candidate is borrowed from the caller. */
typedef struct ps_nearest {
    const char *name;           /* borrowed; len bytes, need not end in NUL */
    size_t len;
    int max;                    /* the most edits a typo may have */
    const char *best;           /* NULL until a candidate is near enough */
    int bestd;                  /* its edits; -1 equal ignoring case, -2 equal */
} ps_nearest;

void ps_nearest_init(ps_nearest *s, const char *name, size_t len);
/* cand ends in NUL and stays alive until ps_nearest_best is read. */
void ps_nearest_offer(ps_nearest *s, const char *cand);
/* The candidate found (the pointer offered), or NULL when none is near
** enough. */
const char *ps_nearest_best(const ps_nearest *s);

/* The nearest of n NUL-terminated candidates to the NUL-terminated name, or
** NULL (the rule above). */
const char *ps_nearest_name(const char *name, const char *const *cands, int n);

/* The hint as printf pieces, empty when near is NULL:
**     printf("no variable '%s'" PS_DYM_FMT "\n", name, PS_DYM_ARGS(near));
** prints "no variable 'gdpr' (did you mean 'gdp'?)".  Works with every
** printf-like function (ps_error_set, lua_pushfstring: only %s is used). */
#define PS_DYM_FMT "%s%s%s"
#define PS_DYM_ARGS(near) \
    (near) ? " (did you mean '" : "", (near) ? (near) : "", (near) ? "'?)" : ""

#endif
