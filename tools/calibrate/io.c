/* Reading the inputs file and the model's parameters; writing the history. */
#include "series.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fill_nan(double *v) {
    for (int i = 0; i < NY; i++) v[i] = NAN;
}

double *yz_get(yz_data *d, const char *name) {
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->s[i].name, name) == 0) return d->s[i].v;
    if (d->n == MAXSER) return NULL;
    yz_series *s = &d->s[d->n++];
    snprintf(s->name, sizeof s->name, "%s", name);
    fill_nan(s->v);
    return s->v;
}

const double *yz_find(const yz_data *d, const char *name) {
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->s[i].name, name) == 0) return d->s[i].v;
    return NULL;
}

double yz_at(const double *s, int year) {
    if (!s || year < Y0 || year > Y1) return NAN;
    return s[year - Y0];
}

double yz_in(const yz_data *d, const char *name, int year) {
    double x = yz_at(yz_find(d, name), year);
    if (!isnan(x)) return x;
    char key[NAMELEN + 16];
    snprintf(key, sizeof key, "%s@%d", name, year);
    for (int i = 0; i < d->nextra; i++)
        if (strcmp(d->extra[i].name, key) == 0) return d->extra[i].v[0];
    fprintf(stderr, "calibrate: the inputs have no value of '%s' for %d\n", name, year);
    exit(4);
}

/* One data line "year,name,value,kind,ref"; the kind and ref are for people. */
static int read_line(char *line, int lineno, const char *path, yz_data *d) {
    char name[48];
    int year;
    double value;
    int used = 0;
    if (sscanf(line, "%d,%47[^,],%lf%n", &year, name, &value, &used) != 3) {
        fprintf(stderr, "%s:%d: expected year,name,value,kind,ref\n", path, lineno);
        return -1;
    }
    if (year < -9999 || year > 99999) {
        fprintf(stderr, "%s:%d: year %d is out of range\n", path, lineno, year);
        return -1;
    }
    if (year >= Y0 && year <= Y1) {
        double *s = yz_get(d, name);
        if (!s) return -1;
        s[year - Y0] = value;
        return 0;
    }
    if (d->nextra == MAXSER) return -1;
    yz_series *e = &d->extra[d->nextra++];
    snprintf(e->name, sizeof e->name, "%s@%d", name, year);
    e->v[0] = value;
    return 0;
}

int yz_read_inputs(const char *path, yz_data *d) {
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char line[512];
    int lineno = 0, rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        lineno++;
        if (lineno == 1 || line[0] == '#' || line[0] == '\n') continue;
        rc = read_line(line, lineno, path, d);
    }
    fclose(f);
    return rc;
}

/* `parameter NAME = VALUE ...;` lines of the model file.  The model language
** is richer than this, but the Yangzhou model keeps one parameter per line. */
int yz_read_params(const char *model_path, yz_params *p) {
    FILE *f = fopen(model_path, "r");
    if (!f) {
        perror(model_path);
        return -1;
    }
    char line[512];
    p->n = 0;
    while (fgets(line, sizeof line, f)) {
        char *s = line;
        while (isspace((unsigned char)*s)) s++;
        if (strncmp(s, "parameter", 9) != 0 || !isspace((unsigned char)s[9])) continue;
        char name[32];
        double v;
        if (sscanf(s + 9, " %31[A-Za-z0-9_] = %lf", name, &v) != 2 || p->n == MAXSER) {
            fprintf(stderr, "%s: cannot read parameter line: %s", model_path, line);
            fclose(f);
            return -1;
        }
        snprintf(p->name[p->n], NAMELEN, "%s", name);
        p->value[p->n++] = v;
    }
    fclose(f);
    return 0;
}

double yz_param(const yz_params *p, const char *name) {
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->name[i], name) == 0) return p->value[i];
    fprintf(stderr, "calibrate: the model has no parameter '%s'\n", name);
    exit(3);
}

int yz_write_history(const yz_data *h, const char *const *cols, size_t ncols,
                     const char *path) {
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        perror(tmp);
        return -1;
    }
    fputs("period", f);
    for (size_t c = 0; c < ncols; c++) fprintf(f, ",%s", cols[c]);
    fputc('\n', f);
    for (int y = Y0 + 1; y <= Y1; y++) {
        fprintf(f, "%d", y);
        for (size_t c = 0; c < ncols; c++) {
            double x = yz_at(yz_find(h, cols[c]), y);
            if (isnan(x)) fputc(',', f);
            else fprintf(f, ",%.15g", x);
        }
        fputc('\n', f);
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}
