/*
** Internal: finding duplicates and looking up names among many.
**
** Frames and results can have 100,000 columns; comparing every name with
** every other would take seconds.  A sorted index makes both jobs
** O(n log n).
*/
#ifndef PS_UTIL_NAMES_H
#define PS_UTIL_NAMES_H

typedef struct ps_name_ix {
    const char *name;           /* borrowed */
    int idx;                    /* position in the original array */
} ps_name_ix;

/* The n names sorted by (name, position); NULL when out of memory.  The
** caller frees it; it borrows the strings, which must outlive it. */
ps_name_ix *ps_names_index(const char *const *names, int n);

/* Lowest position of `name`, -1 when absent. */
int ps_names_find(const ps_name_ix *ix, int n, const char *name);

/* The duplicate a reader meets first: the pair of positions i < j with the
** smallest j such that names i and j are equal.  Returns 1 and sets *i, *j,
** or returns 0 when all names differ. */
int ps_names_first_dup(const ps_name_ix *ix, int n, int *i, int *j);

#endif
