/*
** bench_io: how fast frames and results go to and from files.
**
** A frame of NVAR series x NPER periods of awkward doubles (random 17-digit
** values, some missing) is written as CSV and read back, turned into a
** result and written as JSON and read back.  Each step is timed (median of
** `reps`), and the round trips are checked bit for bit, so a fast but wrong
** writer cannot look good.  Two shapes: a city model (300 x 40) and a very
** wide one (100,000 x 8), where anything quadratic in the number of columns
** (duplicate checks, name lookups) would show at once.
**
** Usage: bench_io [reps]      (default 5)
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "io/io.h"
#include "output/output.h"

typedef struct shape {
    int nvar, nper;
} shape;

/* Deterministic values of every magnitude, a few missing. */
static double value(unsigned long long *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    unsigned long long r = *s >> 11;
    if (r % 37 == 0) return NAN;
    double m = (double)(r & 0xFFFFFFFFFFFFFULL) / 4503599627370496.0;   /* [0,1) */
    return (r & 1 ? -1 : 1) * m * pow(10.0, (double)((int)(r >> 52) % 40 - 20));
}

static ps_frame *make_frame(shape sh) {
    char **names = calloc((size_t)sh.nvar, sizeof *names);
    for (int v = 0; names && v < sh.nvar; v++) {
        if (!(names[v] = malloc(24))) exit(1);
        snprintf(names[v], 24, "series_%d", v);
    }
    if (!names) exit(1);
    ps_frame *f = NULL;
    ps_error err;
    if (ps_frame_new(sh.nvar, sh.nper, PS_FREQ_QUARTERLY, 2000 * 4, (const char *const *)names,
                       &f, &err) != PS_OK) {
        hz_print_error("frame", &err);
        exit(1);
    }
    for (int v = 0; v < sh.nvar; v++) free(names[v]);
    free(names);
    unsigned long long s = 42;
    for (size_t i = 0; i < (size_t)sh.nvar * (size_t)sh.nper; i++) f->data[i] = value(&s);
    return f;
}

/* A model whose series are exactly the frame's columns. */
static ps_model *make_model(const ps_frame *f) {
    ps_model *m = calloc(1, sizeof *m);
    if (!m) exit(1);
    m->name = "bench";
    m->title = "bench_io model";
    m->path = "<bench>";
    m->freq = f->freq;
    m->nsym = m->nseries = f->nvar;
    m->syms = calloc((size_t)f->nvar, sizeof *m->syms);
    if (!m->syms) exit(1);
    for (int v = 0; v < f->nvar; v++) {
        m->syms[v].name = f->names[v];
        m->syms[v].description = "a series";
        m->syms[v].unit = "100m yuan";
        m->syms[v].kind = v % 3 ? PS_SYM_EXO : PS_SYM_ENDO;
        m->syms[v].slot = v;
    }
    return m;
}

static int same(const double *a, const double *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (isnan(a[i]) ? !isnan(b[i]) : memcmp(&a[i], &b[i], sizeof a[i]) != 0) return 0;
    return 1;
}

static long file_size(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return -1;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fclose(fp);
    return n;
}

#define CHECK(call, what)                                   \
    do {                                                    \
        if ((call) != PS_OK) {                              \
            hz_print_error(what, &err);                     \
            exit(1);                                        \
        }                                                   \
    } while (0)

static void run(shape sh, int reps, const char *dir) {
    ps_frame *f = make_frame(sh);
    ps_model *m = make_model(f);
    ps_error err;
    char csv[512], json[512];
    snprintf(csv, sizeof csv, "%s/bench_io.csv", dir);
    snprintf(json, sizeof json, "%s/bench_io.json", dir);
    double *t = malloc(6 * (size_t)reps * sizeof *t);
    if (!t) exit(1);
    size_t cells = (size_t)sh.nvar * (size_t)sh.nper;
    int ok = 1;
    for (int k = 0; k < reps; k++) {
        ps_frame *g = NULL, *c = NULL;
        ps_result *r = NULL, *q = NULL;
        double t0 = hz_now();
        CHECK(ps_frame_write_csv(f, NULL, 0, 0, sh.nper - 1, csv, &err), "write csv");
        double t1 = hz_now();
        CHECK(ps_frame_read_csv(csv, 0, &g, &err), "read csv");
        double t2 = hz_now();
        CHECK(ps_frame_copy(f, &c, &err), "copy");
        double t3 = hz_now();
        CHECK(ps_result_from_frame(m, f, 0, sh.nper - 1, NULL, "bench", &r, &err), "result");
        double t4 = hz_now();
        CHECK(ps_result_write_json(r, json, &err), "write json");
        double t5 = hz_now();
        CHECK(ps_result_read_json(json, &q, &err), "read json");
        double t6 = hz_now();
        ok = ok && same(f->data, g->data, cells) && same(r->data, q->data, cells);
        double d[6] = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5};
        for (int i = 0; i < 6; i++) t[i * reps + k] = d[i];
        ps_frame_free(g);
        ps_frame_free(c);
        ps_result_free(r);
        ps_result_free(q);
    }
    static const char *const what[6] = {"write CSV", "read CSV", "copy frame",
                                        "result from frame", "write JSON", "read JSON"};
    printf("%d series x %d periods (%zu values): CSV %.1f MB, JSON %.1f MB, round trips %s\n",
           sh.nvar, sh.nper, cells, file_size(csv) / 1e6, file_size(json) / 1e6,
           ok ? "bit-exact" : "DIFFER");
    for (int i = 0; i < 6; i++) {
        double s = hz_median(t + i * reps, reps);
        printf("  %-18s %9.2f ms  %7.1f ns/value\n", what[i], s * 1e3, s * 1e9 / (double)cells);
    }
    unlink(csv);
    unlink(json);
    free(t);
    free(m->syms);
    free(m);
    ps_frame_free(f);
    if (!ok) exit(1);
}

int main(int argc, char **argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 5;
    if (reps < 1) reps = 1;
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    printf("bench_io: median of %d runs, files in %s (atomic writes include fsync)\n", reps, dir);
    run((shape){300, 40}, reps, dir);
    run((shape){100000, 8}, reps, dir);
    return 0;
}
