#include "util/names.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static int cmp_ix(const void *a, const void *b) {
    const ps_name_ix *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

ps_name_ix *ps_names_index(const char *const *names, int n) {
    ps_name_ix *ix = ps_malloc(((size_t)(n > 0 ? n : 0) + 1) * sizeof *ix);
    if (!ix) return NULL;
    for (int k = 0; k < n; k++) {
        ix[k].name = names[k];
        ix[k].idx = k;
    }
    if (n > 1) qsort(ix, (size_t)n, sizeof *ix, cmp_ix);
    return ix;
}

int ps_names_find(const ps_name_ix *ix, int n, const char *name) {
    int lo = 0, hi = n;   /* first entry whose name is >= name */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(ix[mid].name, name) < 0) lo = mid + 1;
        else hi = mid;
    }
    return (lo < n && strcmp(ix[lo].name, name) == 0) ? ix[lo].idx : -1;
}

int ps_names_first_dup(const ps_name_ix *ix, int n, int *i, int *j) {
    int found = 0;
    for (int k = 0; k + 1 < n; k++) {
        /* within a run of equal names, k is the lowest position when the
        ** previous entry differs; its partner k+1 is the second lowest */
        if (strcmp(ix[k].name, ix[k + 1].name) != 0) continue;
        if (k > 0 && strcmp(ix[k - 1].name, ix[k].name) == 0) continue;
        if (!found || ix[k + 1].idx < *j) {
            *i = ix[k].idx;
            *j = ix[k + 1].idx;
            found = 1;
        }
    }
    return found;
}
