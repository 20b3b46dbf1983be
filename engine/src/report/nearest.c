/* Report module: "did you mean" hints for variable names. */
#include "report/report_int.h"
#include "util/editdist.h"

#include <string.h>

const char *ps_report_nearest(const ps_result *r, const char *name) {
    return ps_nearest_name(name, strlen(name), (const char *const *)r->names, r->nvar);
}
