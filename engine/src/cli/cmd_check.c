/* polsim check MODEL [-v]: parse, analyse and summarise a model. */
#include "cli/cli.h"
#include "util/alloc.h"
#include "analyse/leads.h"
#include "project/project.h"

#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_check = {
    "check", "parse and analyse a model, print a summary",
    "Usage: polsim check MODEL [-v]\n\n"
    "Parse, check and compile MODEL (a .model file or a folder holding one) and its\n"
    "history.csv when present, then print: the model's name and frequency, counts of\n"
    "variables, parameters and equations, the simultaneous blocks and their sizes,\n"
    "and the maximum lag.  Errors name file:line:col.\n\n"
    "Options:\n"
    "  -v, --verbose   list every block with its equations\n",
    run};

static int count_kind(const ps_model *m, ps_symkind k, int levers_only) {
    int n = 0;
    for (int i = 0; i < m->nsym; i++)
        if (m->syms[i].kind == k && (!levers_only || m->syms[i].lever)) n++;
    return n;
}

static void print_blocks(const ps_project *p, int verbose) {
    const ps_analysis *a = p->analysis;
    const ps_model *m = p->model;
    printf("blocks:      %d (%d explicit, %d simultaneous holding %d equations, largest %d)\n",
           a->nblocks, a->nblocks - a->nsimultaneous, a->nsimultaneous, a->simultaneous_eqs,
           a->largest_block);
    for (int b = 0; b < a->nblocks; b++) {
        const ps_block *blk = &a->blocks[b];
        if (blk->kind != PS_BLOCK_SIMULTANEOUS && !verbose) continue;
        printf("  block %d: %s, %d equation%s:", b + 1,
               blk->kind == PS_BLOCK_SIMULTANEOUS ? "simultaneous" : "explicit", blk->n,
               blk->n == 1 ? "" : "s");
        int shown = blk->n > 12 && !verbose ? 12 : blk->n;
        for (int i = 0; i < shown; i++) printf(" [%s]", m->eqs[blk->eqs[i]].label);
        if (shown < blk->n) printf(" ... (%d more)", blk->n - shown);
        printf("\n");
    }
}

/* Models with leads: how the stacked solver splits them, and the lags and
** leads of each series read with a lead (every series with -v). */
static void print_stacked(const ps_project *p, int verbose) {
    const ps_model *m = p->model;
    if (!p->stacked) return;
    int nc, ns, big;
    ps_stacked_shape(p->stacked, &nc, &ns, &big);
    printf("stacked:     %d dynamic component%s, %d forward-looking (largest %d equations) "
           "solved for all periods at once, the rest period by period\n",
           nc, nc == 1 ? "" : "s", ns, big);
    int *lag = ps_malloc(sizeof(int) * (size_t)(2 * m->nsym + 1));
    if (!lag) return;
    int *lead = lag + m->nsym, shown = 0, more = 0;
    ps_model_lead_lag(m, lag, lead);
    for (int i = 0; i < m->nsym; i++) {
        if (m->syms[i].kind == PS_SYM_PARAM || m->syms[i].kind == PS_SYM_ADDFACTOR) continue;
        if (!verbose && lead[i] == 0) continue;
        if (!verbose && shown == 12) {
            more++;
            continue;
        }
        printf("%s%s(-%d..+%d)", shown++ == 0 ? "leads:       " : ", ", m->syms[i].name, lag[i],
               lead[i]);
    }
    if (more) printf(" ... (%d more; -v lists all)", more);
    if (shown) printf("\n");
    ps_free(lag);
}

typedef struct check_args {
    const char *model;
    int verbose;
} check_args;

static const ps_cli_opt opts[] = {
    PS_OPT_FLAG("--verbose", "-v", check_args, verbose),
    PS_OPT_END};

static int run(int argc, char **argv) {
    check_args args = {0};
    int prc = ps_cli_parse_one(&ps_cmd_check, opts, argc, argv, &args, "MODEL", &args.model);
    if (prc) return prc;
    const char *path = args.model;
    int verbose = args.verbose;
    ps_error err;
    ps_error_clear(&err);
    ps_project *p = NULL;
    if (ps_project_load(path, &p, &err)) return ps_cli_fail(&err);
    const ps_model *m = p->model;
    int behavioural = 0;
    for (int i = 0; i < m->neq; i++) behavioural += !m->eqs[i].identity;
    printf("model:       %s%s%s%s (%s)\n", m->name, m->title[0] ? " \"" : "", m->title,
           m->title[0] ? "\"" : "", ps_freq_name(m->freq));
    printf("file:        %s\n", m->path);
    printf("hash:        sha256:%s\n", m->hash);
    printf("endogenous:  %d\n", count_kind(m, PS_SYM_ENDO, 0));
    printf("exogenous:   %d (%d levers)\n", count_kind(m, PS_SYM_EXO, 0),
           count_kind(m, PS_SYM_EXO, 1));
    printf("parameters:  %d\n", m->nparam);
    printf("equations:   %d (%d behavioural with add-factors, %d identities)\n", m->neq,
           behavioural, m->neq - behavioural);
    printf("max lag:     %d\n", m->maxlag);
    printf("max lead:    %d\n", m->maxlead);
    print_blocks(p, verbose);
    print_stacked(p, verbose);
    if (p->history) {
        long first, last;
        char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX];
        ps_project_history_span(p, &first, &last);
        printf("history:     %s (%s..%s)\n", p->history_path,
               first < 0 ? "empty" : ps_period_format(first, m->freq, a, sizeof a),
               last < 0 ? "empty" : ps_period_format(last, m->freq, b, sizeof b));
    } else {
        printf("history:     none (no history.csv beside the model)\n");
    }
    ps_project_free(p);
    return PS_EXIT_OK;
}
