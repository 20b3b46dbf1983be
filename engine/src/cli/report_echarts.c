/*
** `polsim report`: finding the charting library.  ECharts is not part of the
** repository (docs/report.md): tools/deps-report.sh installs it with npm,
** and the report inlines the file so the page opens offline.
*/
#include "cli/cli.h"
#include "util/alloc.h"
#include "cli/report_cli.h"
#include "io/io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ECHARTS_REL "node_modules/echarts/dist/echarts.min.js"
/* echarts.min.js is about 1 MB; a much bigger file is something else. */
#define ECHARTS_MAX_BYTES (64u << 20)


static int read_js(const char *path, char **js, size_t *len, ps_error *err) {
    int rc = ps_file_read_all(path, ECHARTS_MAX_BYTES, js, len, err);
    if (rc) return rc;
    if (!strstr(*js, "echarts")) {
        ps_free(*js);
        *js = NULL;
        ps_error_at(err, path, 0, 0);
        return ps_error_set(err, PS_ERR_DATA, "this is not Apache ECharts' echarts.min.js "
                            "(the word 'echarts' is not in it)");
    }
    return PS_OK;
}

int report_echarts_load(char **js, size_t *len, char *where, size_t wn, ps_error *err) {
    *js = NULL;
    const char *env = getenv("POLSIM_ECHARTS");
    if (env && env[0]) { /* an explicit choice: no fallback that would hide a typo */
        snprintf(where, wn, "%s", env);
        if (access(env, R_OK) != 0)
            return ps_error_set(err, PS_ERR_IO, "POLSIM_ECHARTS is '%s', which cannot be "
                                "read: set it to the path of echarts.min.js, or unset it to "
                                "use ./" ECHARTS_REL, env);
        return read_js(env, js, len, err);
    }
    char cand[3][4200], dir[4096];
    int nc = 0;
    snprintf(cand[nc++], sizeof cand[0], "%s", ECHARTS_REL);
    if (ps_cli_exe_dir(dir, sizeof dir)) {
        snprintf(cand[nc++], sizeof cand[0], "%s/../share/polsim/echarts.min.js", dir);
        snprintf(cand[nc++], sizeof cand[0], "%s/../" ECHARTS_REL, dir);
    }
    for (int i = 0; i < nc; i++)
        if (access(cand[i], R_OK) == 0) {
            snprintf(where, wn, "%s", cand[i]);
            return read_js(cand[i], js, len, err);
        }
    return ps_error_set(err, PS_ERR_IO,
                        "cannot find the charting library echarts.min.js; looked at ./%s%s%s%s%s. "
                        "Run tools/deps-report.sh in the polsim source folder (it installs "
                        "ECharts with npm ci) and run polsim report from there, or set "
                        "POLSIM_ECHARTS to the path of an echarts.min.js",
                        cand[0], nc > 1 ? ", " : "", nc > 1 ? cand[1] : "", nc > 2 ? ", " : "",
                        nc > 2 ? cand[2] : "");
}
