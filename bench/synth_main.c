/*
** polsim_synth: write a synthetic model (NAME.model + history.csv), and
** optionally its equations as hand-written-style C, to disk.
**
**   polsim_synth --neq 10000 --seed 1 --out /tmp/synth10k
**   polsim_synth --neq 1000 --c synth_c.c          (C for bench_vm)
**   polsim_synth --neq 5000 --big-block 2000 --check
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include "synth.h"
#include "synth_build.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: polsim_synth [--neq N] [--seed S] [--share F] [--big-block M]\n"
               "                    [--periods P] [--name NAME] [--out DIR] [--c FILE]\n"
               "                    [--check] [--print]\n"
               "  --out DIR    write DIR/NAME.model and DIR/history.csv\n"
               "  --c FILE     write the equations as straight-line C (for bench_vm)\n"
               "  --check      simulate independently of polsim and print statistics\n"
               "  --print      write the model text to standard output\n");
}

static int parse_args(int argc, char **argv, synth_opts *o, const char **out,
                      const char **cfile, int *check, int *print)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--check")) { *check = 1; continue; }
        if (!strcmp(a, "--print")) { *print = 1; continue; }
        if (!strcmp(a, "--help")) { usage(stdout); exit(0); }
        if (!v) {
            fprintf(stderr, "polsim_synth: %s needs a value (or is unknown)\n", a);
            return -1;
        }
        i++;
        if (!strcmp(a, "--neq")) o->neq = atoi(v);
        else if (!strcmp(a, "--seed")) o->seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--share")) o->block_share = atof(v);
        else if (!strcmp(a, "--big-block")) o->big_block = atoi(v);
        else if (!strcmp(a, "--periods")) o->proj_periods = atoi(v);
        else if (!strcmp(a, "--name")) snprintf(o->name, sizeof o->name, "%s", v);
        else if (!strcmp(a, "--out")) *out = v;
        else if (!strcmp(a, "--c")) *cfile = v;
        else {
            fprintf(stderr, "polsim_synth: unknown option %s\n", a);
            return -1;
        }
    }
    return 0;
}

/* Temporary file then rename, so that an interrupted build never leaves a
** half-written model or C file behind. */
static int write_file(const char *path, const char *text, size_t len)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "polsim_synth: cannot write %s: %s\n", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

static void print_stats(const synth_model *m, const double *sim, double secs)
{
    static const char *kind[K_NKINDS] = { "linear", "log-linear", "error-correction (diff)",
        "growth (pct)", "Cobb-Douglas", "exp-deviation", "sqrt", "min/max", "ratio", "abs",
        "sum identity", "accumulation identity" };
    int count[K_NKINDS] = { 0 };
    for (int i = 0; i < m->nendo; i++)
        count[m->eq[i].kind]++;
    printf("equations %d (identities %d), exogenous %d, parameters %d, regions %d\n",
           m->nendo, m->nidentity, m->nexo, m->nparam, m->nregions);
    printf("simultaneous: %d blocks, %d equations (%.1f%%), largest %d; deepest lag %d\n",
           m->nblocks, m->block_eqs, 100.0 * m->block_eqs / m->nendo, m->largest_block,
           m->maxlag);
    for (int k = 0; k < K_NKINDS; k++)
        printf("  %-24s %6d\n", kind[k], count[k]);
    if (sim)
        printf("reference simulation: %d periods in %.3f s, largest |y/ss - 1| = %.4f\n",
               synth_nper(m), secs, synth_max_deviation(m, sim));
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int write_model_dir(const synth_model *m, const char *dir, const char *text,
                           size_t len, const double *sim)
{
    char path[4096], *csv = NULL;
    size_t clen;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "polsim_synth: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s.model", dir, m->opts.name);
    if (write_file(path, text, len))
        return -1;
    if (synth_emit_csv(m, sim, &csv, &clen)) {
        fprintf(stderr, "polsim_synth: out of memory\n");
        return -1;
    }
    snprintf(path, sizeof path, "%s/history.csv", dir);
    int rc = write_file(path, csv, clen);
    free(csv);
    return rc;
}

static int write_c(const synth_model *m, const char *path, const char *text, size_t len)
{
    char hash[17], *c = NULL;
    size_t clen;
    synth_hash(text, len, hash);
    if (synth_emit_c(m, "synth_c", hash, &c, &clen)) {
        fprintf(stderr, "polsim_synth: out of memory\n");
        return -1;
    }
    int rc = write_file(path, c, clen);
    free(c);
    return rc;
}

int main(int argc, char **argv)
{
    synth_opts o;
    const char *out = NULL, *cfile = NULL;
    int check = 0, print = 0, rc = 1;
    synth_opts_init(&o);
    if (parse_args(argc, argv, &o, &out, &cfile, &check, &print))
        return 2;
    synth_model *m = NULL;
    char *text = NULL;
    double *sim = NULL;
    size_t len = 0;
    int st = synth_build(&o, &m);
    if (st) {
        fprintf(stderr, "polsim_synth: %s\n", st == -2 ? "invalid options (neq >= 100, "
                "share <= 0.5, big block <= 3/4 of neq and >= 2 per region)" : "out of memory");
        return 2;
    }
    if (synth_emit_model(m, &text, &len)) {
        fprintf(stderr, "polsim_synth: out of memory\n");
        goto done;
    }
    double t = now();
    if ((check || out) && (st = synth_simulate(m, &sim)) != 0) {
        fprintf(stderr, "polsim_synth: reference simulation %s\n",
                st == -1 ? "ran out of memory" : "diverged (a bug in the generator)");
        goto done;
    }
    t = now() - t;
    if (print)
        fwrite(text, 1, len, stdout);
    if (check)
        print_stats(m, sim, t);
    if ((out && write_model_dir(m, out, text, len, sim)) ||
        (cfile && write_c(m, cfile, text, len)))
        goto done;
    rc = 0;
done:
    free(text);
    free(sim);
    synth_free(m);
    return rc;
}
