/*
** Internal: building JSON documents with cJSON for the files polsim writes.
** Numbers go in as raw text from ps_num_format (exact, shortest round trip):
** cJSON's own printer rounds to 15 digits.  Out of memory is sticky: a failed
** add or push frees the item and sets w->oom, so writers check once at the end.
*/
#ifndef PS_UTIL_JSONW_H
#define PS_UTIL_JSONW_H

#include <cjson/cJSON.h>

typedef struct ps_jw {
    int oom;
} ps_jw;

/* Add item under key (item may be NULL: out of memory); returns it or NULL. */
cJSON *ps_jw_add(ps_jw *w, cJSON *obj, const char *key, cJSON *item);
void ps_jw_push(ps_jw *w, cJSON *arr, cJSON *item);
cJSON *ps_jw_str(const char *s);        /* NULL s: "" */
cJSON *ps_jw_num(double x);             /* finite exactly; NaN and +-Inf as null */
cJSON *ps_jw_int(long long x);
/* The printed document plus a final newline, malloc'ed (caller frees); NULL
** when out of memory. */
char *ps_jw_print(const cJSON *root);

#endif
