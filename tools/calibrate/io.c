/* Reading the inputs file and the model's parameters (with libpolsim's CSV
** reader and model parser); writing the history. */
#include "series.h"

#include "frame/csv_lex.h"
#include "io/io.h"
#include "model/model.h"
#include "util/num.h"

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

/* Lines starting with '#' are comments: blanked, newline kept, so the CSV
** reader skips them and still counts lines as the file does. */
static void blank_comments(char *text, size_t len) {
    for (size_t i = 0; i < len; i++) {
        int line_start = i == 0 || text[i - 1] == '\n';
        if (line_start && text[i] == '#')
            while (i < len && text[i] != '\n') text[i++] = ' ';
    }
}

/* One record year,name,value,kind,ref; the kind and ref are for people. */
static int read_record(const csv_lex *lx, const char *path, yz_data *d) {
    int line = lx->cells[0].pos.line;
    double year, value;
    const char *name = lx->ncell >= 3 ? csv_text(lx, 1) : "";
    if (lx->ncell < 3 || ps_num_parse(csv_text(lx, 0), &year) != PS_NUM_OK ||
        year != floor(year) || !name[0] || strlen(name) >= 48 ||
        ps_num_parse(csv_text(lx, 2), &value) != PS_NUM_OK) {
        fprintf(stderr, "%s:%d: expected year,name,value,kind,ref\n", path, line);
        return -1;
    }
    if (year < -9999 || year > 99999) {
        fprintf(stderr, "%s:%d: year %.0f is out of range\n", path, line, year);
        return -1;
    }
    if (year >= Y0 && year <= Y1) {
        double *s = yz_get(d, name);
        if (!s) return -1;
        s[(int)year - Y0] = value;
        return 0;
    }
    if (d->nextra == MAXSER) return -1;
    yz_series *e = &d->extra[d->nextra++];
    snprintf(e->name, sizeof e->name, "%s@%d", name, (int)year);
    e->v[0] = value;
    return 0;
}

/* The inputs through libpolsim's CSV reader (RFC 4180: a ref may be quoted
** and hold commas); a first record year,name,... is a header. */
int yz_read_inputs(const char *path, yz_data *d) {
    ps_error err;
    ps_error_clear(&err);
    char *text = NULL;
    size_t len = 0;
    if (ps_file_read_all(path, 0, &text, &len, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        return -1;
    }
    blank_comments(text, len);
    csv_lex lx;
    csv_lex_init(&lx, text, len, path);
    int rc = 0;
    for (int rec = 0; !rc; rec++) {
        if (csv_lex_next(&lx, &err)) {
            char buf[PS_ERR_MSG_MAX + 1024];
            fprintf(stderr, "%s\n", ps_error_format(&err, buf, sizeof buf));
            rc = -1;
        } else if (lx.ncell == 0) {
            break;
        } else if (rec > 0 || strcmp(csv_text(&lx, 0), "year") != 0) {
            rc = read_record(&lx, path, d);
        }
    }
    csv_lex_free(&lx);
    free(text);
    return rc;
}

/* The model's parameters as libpolsim parses the model file. */
int yz_read_params(const char *model_path, yz_params *p) {
    ps_error err;
    ps_error_clear(&err);
    ps_model *m = NULL;
    if (ps_model_parse_file(model_path, &m, &err)) {
        char buf[PS_ERR_MSG_MAX + 1024];
        fprintf(stderr, "%s\n", ps_error_format(&err, buf, sizeof buf));
        return -1;
    }
    p->n = 0;
    int rc = 0;
    for (int i = 0; i < m->nsym && !rc; i++) {
        const ps_symbol *s = &m->syms[i];
        if (s->kind != PS_SYM_PARAM) continue;
        if (p->n == MAXSER || strlen(s->name) >= NAMELEN) {
            fprintf(stderr, "%s: parameter '%s': too many parameters or too long a name\n",
                    model_path, s->name);
            rc = -1;
            continue;
        }
        snprintf(p->name[p->n], NAMELEN, "%s", s->name);
        p->value[p->n++] = s->value;
    }
    ps_model_free(m);
    return rc;
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
