/* Report module: "did you mean" hints for variable names. */
#include "report/report_int.h"

#include <string.h>

/* Edit distance of a and b, giving up (returning limit + 1) past `limit`. */
static int distance(const char *a, const char *b, int limit) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return limit + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)limit) return limit + 1;
    int row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *ps_report_nearest(const ps_result *r, const char *name) {
    const char *best = NULL;
    int bd = 3; /* at most two edits: a typo, not another name */
    for (int i = 0; i < r->nvar; i++) {
        int d = distance(name, r->names[i], 2);
        if (d < bd) {
            bd = d;
            best = r->names[i];
        }
    }
    return best;
}
