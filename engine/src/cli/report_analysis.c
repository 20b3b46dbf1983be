/*
** `polsim report`: attribution and tornado files (a:write, t:write) met among
** the inputs are kept as text for the report's waterfall and tornado charts;
** the library checks their fields (report/analysis.c).
*/
#include "cli/report_cli.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

int report_take_analysis(report_inputs *in, const char *path, const char *schema, char **text) {
    if (strcmp(schema, "polsim.attribution") && strcmp(schema, "polsim.tornado")) return 0;
    size_t n = (size_t)in->nanalyses + 1;
    char **t = ps_realloc(in->analyses, sizeof *t * n);
    if (t) in->analyses = t;
    char **s = ps_realloc(in->analysis_sources, sizeof *s * n);
    if (s) in->analysis_sources = s;
    char *p = ps_malloc(strlen(path) + 1);
    if (!t || !s || !p) {
        ps_free(p);
        return -1;
    }
    strcpy(p, path);
    in->analyses[in->nanalyses] = *text;
    in->analysis_sources[in->nanalyses++] = p;
    *text = NULL;
    return 1;
}

void report_analyses_free(report_inputs *in) {
    for (int i = 0; i < in->nanalyses; i++) {
        ps_free(in->analyses[i]);
        ps_free(in->analysis_sources[i]);
    }
    ps_free(in->analyses);
    ps_free(in->analysis_sources);
    in->analyses = in->analysis_sources = NULL;
    in->nanalyses = 0;
}
