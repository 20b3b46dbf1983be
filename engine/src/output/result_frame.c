#include "output/output.h"
#include "util/alloc.h"
#include "polsim/version.h"

#include "output/result_internal.h"
#include "util/names.h"

#include <stdlib.h>
#include <string.h>

/*
** A result from a solved frame.  Columns are matched to the model's series
** by name, not position, so a frame read from CSV with its columns in any
** order works as well as the solver's own frame; the common case, where
** column `slot` already holds the series, costs one strcmp per series.
*/

static const char *kind_name(ps_symkind k) {
    switch (k) {
    case PS_SYM_ENDO: return PS_KIND_ENDO;
    case PS_SYM_ADDFACTOR: return PS_KIND_ADDFACTOR;
    default: return PS_KIND_EXO;
    }
}

/* sym_of[slot] = symbol of each series slot; a model that breaks its own
** slot invariant is a bug elsewhere, reported as such. */
static int map_slots(const ps_model *m, int *sym_of, ps_error *err) {
    for (int s = 0; s < m->nseries; s++) sym_of[s] = -1;
    for (int i = 0; i < m->nsym; i++) {
        const ps_symbol *y = &m->syms[i];
        if (y->kind == PS_SYM_PARAM) continue;
        if (y->slot < 0 || y->slot >= m->nseries || sym_of[y->slot] >= 0)
            return ps_error_set(err, PS_ERR_INTERNAL, "model '%s': series '%s' has slot "
                                "%d, which is out of range or taken", m->name, y->name,
                                y->slot);
        sym_of[y->slot] = i;
    }
    for (int s = 0; s < m->nseries; s++)
        if (sym_of[s] < 0)
            return ps_error_set(err, PS_ERR_INTERNAL, "model '%s': no series in slot %d",
                                m->name, s);
    return PS_OK;
}

static int find_cols(const ps_model *m, const ps_frame *f, const int *sym_of, int *col,
                     ps_error *err) {
    ps_name_ix *ix = NULL;      /* built at the first column out of place */
    int rc = PS_OK;
    for (int s = 0; s < m->nseries && rc == PS_OK; s++) {
        const char *name = m->syms[sym_of[s]].name;
        if (s < f->nvar && strcmp(f->names[s], name) == 0) {
            col[s] = s;
            continue;
        }
        if (!ix && !(ix = ps_names_index((const char *const *)f->names, f->nvar))) {
            rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory building a result");
            break;
        }
        col[s] = ps_names_find(ix, f->nvar, name);
        if (col[s] < 0)
            rc = ps_error_set(err, PS_ERR_DATA, "the frame has no column '%s', a series "
                              "of model '%s'", name, m->name);
    }
    ps_free(ix);
    return rc;
}

/* The per-series strings go into one block: a projection's result is made in
** a few microseconds instead of one allocation per string.  Each length is
** taken once (len: NSTR per series, the kind names' are known). */
#define NSTR 5
static char *pool_put(char **at, const char *s, size_t n) {
    memcpy(*at, s, n + 1);
    char *p = *at;
    *at += n + 1;
    return p;
}

static int copy_vars(ps_result *r, const ps_model *m, const int *sym_of) {
    size_t total = 0, *len = ps_malloc(NSTR * ((size_t)m->nseries + 1) * sizeof *len);
    if (!len) return PS_ERR_NOMEM;
    for (int s = 0; s < m->nseries; s++) {
        const ps_symbol *y = &m->syms[sym_of[s]];
        size_t *l = len + NSTR * s;
        l[0] = strlen(y->name);
        l[1] = strlen(y->description);
        l[2] = strlen(y->unit);
        l[3] = y->label_zh ? strlen(y->label_zh) : 0;
        l[4] = y->unit_zh ? strlen(y->unit_zh) : 0;
        total += l[0] + l[1] + l[2] + l[3] + l[4] + strlen(kind_name(y->kind)) + NSTR + 1;
    }
    char *at = r->strpool_ = ps_malloc(total ? total : 1);
    if (!at) {
        ps_free(len);
        return PS_ERR_NOMEM;
    }
    for (int s = 0; s < m->nseries; s++) {
        const ps_symbol *y = &m->syms[sym_of[s]];
        const size_t *l = len + NSTR * s;
        const char *kind = kind_name(y->kind);
        r->names[s] = pool_put(&at, y->name, l[0]);
        r->descriptions[s] = pool_put(&at, y->description, l[1]);
        r->units[s] = pool_put(&at, y->unit, l[2]);
        r->kinds[s] = pool_put(&at, kind, strlen(kind));
        r->labels_zh[s] = pool_put(&at, y->label_zh ? y->label_zh : "", l[3]);
        r->units_zh[s] = pool_put(&at, y->unit_zh ? y->unit_zh : "", l[4]);
        r->levers[s] = y->lever != 0;
    }
    ps_free(len);
    return PS_OK;
}

static int copy_header(ps_result *r, const ps_model *m, const char *scenario) {
    r->scenario = ps_strdup(scenario);
    r->model_name = ps_strdup(m->name);
    r->model_title = ps_strdup(m->title);
    r->model_hash = ps_strdup(m->hash);
    r->model_path = ps_strdup(m->path);
    r->engine_version = ps_strdup(PS_VERSION_STRING);
    return (r->scenario && r->model_name && r->model_title && r->model_hash &&
            r->model_path && r->engine_version) ? PS_OK : PS_ERR_NOMEM;
}

/* Both are period-major: when every series sits in its own slot (the
** solver's frames), a period is one copy. */
static void copy_data(ps_result *r, const ps_frame *f, const int *col, int t0) {
    int same = f->nvar == r->nvar;
    for (int v = 0; same && v < r->nvar; v++) same = col[v] == v;
    size_t nv = (size_t)r->nvar;
    for (int t = 0; t < r->nper; t++) {
        double *out = r->data + (size_t)t * nv;
        const double *row = f->data + (size_t)(t0 + t) * (size_t)f->nvar;
        if (same) {
            memcpy(out, row, nv * sizeof *out);
            continue;
        }
        for (size_t v = 0; v < nv; v++) out[v] = row[col[v]];
    }
}

static int check_args(const ps_model *m, const ps_frame *f, int t0, int t1, ps_error *err) {
    if (m->nseries < 0 || (m->nseries > 0 && !m->syms) || !m->name)
        return ps_error_set(err, PS_ERR_USAGE, "ps_result_from_frame: malformed model");
    if (t0 < 0 || t1 < t0 || t1 >= f->nper)
        return ps_error_set(err, PS_ERR_USAGE, "ps_result_from_frame: period indexes "
                            "[%d, %d] are not inside the frame's [0, %d]",
                            t0, t1, f->nper - 1);
    if (m->freq != f->freq)
        return ps_error_set(err, PS_ERR_DATA, "the frame is %s but model '%s' is %s",
                            ps_freq_name(f->freq), m->name, ps_freq_name(m->freq));
    return PS_OK;
}

static int build(ps_result *r, const ps_model *m, const ps_frame *f, int t0,
                 const char *scenario, int *sym_of, int *col, ps_error *err) {
    int rc = map_slots(m, sym_of, err);
    if (rc == PS_OK) rc = find_cols(m, f, sym_of, col, err);
    if (rc != PS_OK) return rc;
    if (copy_vars(r, m, sym_of) != PS_OK || copy_header(r, m, scenario) != PS_OK)
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory building a result");
    copy_data(r, f, col, t0);
    r->freq = f->freq;
    r->start = f->start + t0;
    r->solved_from = r->start; /* callers that include history set it */
    return PS_OK;
}

int ps_result_from_frame(const ps_model *m, const ps_frame *f, int t0, int t1,
                         const ps_solve_diag *diag, const char *scenario,
                         ps_result **out, ps_error *err) {
    if (!m || !f || !out)
        return ps_error_set(err, PS_ERR_USAGE, "ps_result_from_frame: NULL argument");
    *out = NULL;
    int rc = check_args(m, f, t0, t1, err);
    if (rc != PS_OK) return rc;
    ps_result *r = ps_result_shell_(m->nseries, t1 - t0 + 1);
    int *sym_of = ps_malloc(((size_t)m->nseries + 1) * sizeof *sym_of);
    int *col = ps_malloc(((size_t)m->nseries + 1) * sizeof *col);
    if (!r || !sym_of || !col)
        rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory building a result");
    else
        rc = build(r, m, f, t0, scenario, sym_of, col, err);
    ps_free(sym_of);
    ps_free(col);
    if (rc != PS_OK) {
        ps_result_free(r);
        return rc;
    }
    if (diag) r->diag = *diag;
    *out = r;
    return PS_OK;
}
