/*
** Embedding libpolsim: load a model with its history, set one lever in a
** copy of the baseline, run both, print one variable in the first projected
** period, and write the policy run as CSV or JSON.  docs/embedding.md walks
** through it; the test suite builds it against the installed library:
**
**     cc embed.c $(pkg-config --cflags --libs polsim) -o embed
**     ./embed models/examples/keynes g 200 y out.csv
**     y 2025: baseline 825.0000, with g = 200: 875.0000 (difference 50.0000)
*/
#include <stdio.h>
#include <stdlib.h>
#include <polsim/scenario.h>
#include <polsim/version.h>

static void report(const ps_error *err) {
    char msg[2048];
    fprintf(stderr, "embed: %s\n", ps_error_format(err, msg, sizeof msg));
}

/* The symbol index of `name`, or -1 with a message naming the nearest
** declared name. */
static int lever_of(const ps_model *m, const char *name) {
    int sym = ps_model_find(m, name);
    if (sym >= 0 && ps_model_sym_kind(m, sym) == PS_SYM_EXO) return sym;
    const char *near = ps_model_nearest(m, name);
    fprintf(stderr, "embed: '%s' is not an exogenous series of model %s%s%s%s\n", name,
            ps_model_name(m), near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    return -1;
}

/* Runs the baseline and the policy copy; fills r[0] and r[1]. */
static int run_pair(ps_project *p, int lever, double value, ps_result *r[2], long *from,
                    ps_error *err) {
    long first, last;
    ps_project_history_span(p, &first, &last);
    *from = last + 1;   /* the first period without history (-1 + 1 = 0 without one) */
    ps_scenario *base = NULL, *alt = NULL;
    int rc = ps_scenario_new(p, "baseline", *from, *from + 4, &base, err);
    if (!rc) rc = ps_scenario_copy(base, "policy", &alt, err);
    if (!rc) rc = ps_scenario_set(alt, lever, *from, *from, &value, 1, err);
    if (!rc) rc = ps_scenario_run(base, &r[0], err);
    if (!rc) rc = ps_scenario_run(alt, &r[1], err);
    ps_scenario_free(alt);    /* the child holds a reference to its parent, */
    ps_scenario_free(base);   /* so the order of these two does not matter */
    return rc;
}

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: %s MODEL LEVER VALUE VARIABLE [OUT.csv|OUT.json]\n", argv[0]);
        return 2;
    }
    if (atoi(ps_version()) != PS_VERSION_MAJOR) {
        fprintf(stderr, "embed: built for polsim %s, running with %s\n", PS_VERSION_STRING,
                ps_version());
        return 1;
    }
    char *end;
    double value = strtod(argv[3], &end);
    if (end == argv[3] || *end) {
        fprintf(stderr, "embed: VALUE must be a number, not '%s'\n", argv[3]);
        return 2;
    }

    ps_error err;
    ps_project *p = NULL;
    ps_result *r[2] = { NULL, NULL };
    long from = 0;
    int status = 1;
    if (ps_project_load(argv[1], &p, &err)) {
        report(&err);
        goto done;
    }
    int lever = lever_of(ps_project_model(p), argv[2]);
    if (lever < 0) goto done;
    if (run_pair(p, lever, value, r, &from, &err)) {
        report(&err);
        goto done;
    }
    int col = ps_result_col(r[1], argv[4]);
    if (col < 0) {
        fprintf(stderr, "embed: the result has no variable '%s'\n", argv[4]);
        goto done;
    }
    char label[PS_PERIOD_LABEL_MAX];
    ps_period_format(from, ps_result_freq(r[1]), label, sizeof label);
    double y0 = ps_result_value(r[0], col, from), y1 = ps_result_value(r[1], col, from);
    printf("%s %s: baseline %.4f, with %s = %g: %.4f (difference %.4f)\n", argv[4], label, y0,
           argv[2], value, y1, y1 - y0);
    if (argc == 6 && ps_result_write(r[1], argv[5], &err)) {
        report(&err);
        goto done;
    }
    status = 0;
done:
    ps_result_free(r[0]);
    ps_result_free(r[1]);
    ps_project_free(p);
    return status;
}
