/* Report module: "did you mean" hints for variable names. */
#include "report/report_int.h"
#include "util/editdist.h"

#include <string.h>

const char *ps_report_nearest(const ps_result *r, const char *name) {
    const char *best = NULL;
    int bd = 3; /* at most two edits: a typo, not another name */
    for (int i = 0; i < r->nvar; i++) {
        int d = ps_edit_distance(name, strlen(name), r->names[i], strlen(r->names[i]), 2);
        if (d < bd) {
            bd = d;
            best = r->names[i];
        }
    }
    return best;
}
