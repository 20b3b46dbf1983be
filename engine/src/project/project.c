/*
** Projects: load a model with its history, compile it, and prepare and solve
** projection frames.  The defaults applied here (add-factors over history,
** exogenous held at their last value, zero add-factors in projections) are the
** documented behaviour of `polsim solve` and of new Lua scenarios.
*/
#include "project/project.h"
#include "util/alloc.h"
#include "io/io.h"

#include "frame/frame_int.h"
#include "util/editdist.h"
#include "util/path.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A folder holds NAME.model (NAME = the folder's name) or exactly one *.model. */
static int find_model_in_dir(const char *dir, char **out, ps_error *err) {
    *out = NULL;
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    /* "models/keynes/" has an empty last component; take the one before. */
    char name[256] = "";
    if (*base == '\0') {
        size_t n = strlen(dir);
        while (n > 0 && dir[n - 1] == '/') n--;
        size_t s = n;
        while (s > 0 && dir[s - 1] != '/') s--;
        if (n - s < sizeof name - 7) memcpy(name, dir + s, n - s), name[n - s] = '\0';
    } else if (strlen(base) < sizeof name - 7) {
        strcpy(name, base);
    }
    if (name[0]) {
        strcat(name, ".model");
        char *cand = ps_path_join(dir, name);
        if (!cand) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
        if (is_file(cand)) {
            *out = cand;
            return PS_OK;
        }
        ps_free(cand);
    }
    DIR *d = opendir(dir);
    if (!d) {
        ps_error_at(err, dir, 0, 0);
        return ps_error_set(err, PS_ERR_IO, "cannot open folder '%s'", dir);
    }
    int count = 0;
    char found[256] = "";
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (ends_with(e->d_name, ".model") && strlen(e->d_name) < sizeof found) {
            count++;
            strcpy(found, e->d_name);
        }
    }
    closedir(d);
    if (count != 1) {
        ps_error_at(err, dir, 0, 0);
        return ps_error_set(err, PS_ERR_USAGE,
                            count == 0 ? "folder '%s' holds no .model file"
                                       : "folder '%s' holds several .model files: name one",
                            dir);
    }
    *out = ps_path_join(dir, found);
    return *out ? PS_OK : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
}

static char *history_beside(const char *model_path) {
    const char *slash = strrchr(model_path, '/');
    /* "/x.model": the folder is "/" */
    size_t dl = slash ? (size_t)(slash - model_path) + (slash == model_path) : 1;
    char *dir = ps_malloc(dl + 1);
    if (!dir) return NULL;
    if (slash) memcpy(dir, model_path, dl);
    else dir[0] = '.';
    dir[dl] = '\0';
    char *h = ps_path_join(dir, "history.csv");
    ps_free(dir);
    return h;
}

void ps_project_free(ps_project *p) {
    if (!p) return;
    ps_solver_free(p->solver);
    ps_stacked_free(p->stacked);
    ps_program_free(p->program);
    ps_analysis_free(p->analysis);
    ps_frame_free(p->history);
    ps_frame_free(p->history_af);
    ps_model_free(p->model);
    ps_free(p->params);
    ps_free(p->model_path);
    ps_free(p->history_path);
    ps_free(p);
}

/* A frame of NaNs whose columns are the model's series in slot order.  The
** model reader refused duplicate names, so the frame need not check them. */
static int model_frame(const ps_model *m, int nper, ps_freq freq, long start, ps_frame **out,
                       ps_error *err) {
    const char **names = ps_malloc(sizeof(char *) * (size_t)(m->nseries ? m->nseries : 1));
    if (!names) return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int s = 0; s < m->nseries; s++) names[s] = m->syms[ps_model_series_sym(m, s)].name;
    int rc = ps_frame_new_known_(m->nseries, nper, freq, start, names, out, err);
    ps_free(names);
    return rc;
}

/* Map a CSV's columns onto the model's series; an unknown column is an error. */
static int map_history(ps_project *p, const ps_frame *csv, const char *path, ps_error *err) {
    const ps_model *m = p->model;
    for (int c = 0; c < csv->nvar; c++) {
        int s = ps_model_find(m, csv->names[c]);
        if (s < 0 || m->syms[s].kind == PS_SYM_PARAM) {
            const char *near = ps_model_nearest(m, csv->names[c]);
            ps_error_at(err, path, 1, 0);
            if (s >= 0)
                return ps_error_set(err, PS_ERR_DATA,
                                    "column '%s' is a parameter of model '%s'; parameters take "
                                    "their value from the model file, not from history",
                                    csv->names[c], m->name);
            return ps_error_set(err, PS_ERR_DATA,
                                "column '%s' is not a series of model '%s'" PS_DYM_FMT,
                                csv->names[c], m->name, PS_DYM_ARGS(near));
        }
    }
    int rc = model_frame(m, csv->nper, csv->freq, csv->start, &p->history, err);
    if (rc) return rc;
    for (int c = 0; c < csv->nvar; c++) {
        int slot = m->syms[ps_model_find(m, csv->names[c])].slot;
        for (int t = 0; t < csv->nper; t++)
            ps_frame_set(p->history, slot, t, ps_frame_get(csv, c, t));
    }
    return PS_OK;
}

/* A missing value between an exogenous series' first and last observation
** would be filled from the period before (fill_defaults) and pass for data:
** refuse it, naming the series and the period.  Missing values before the
** first observation or after the last are the documented "not yet / held at
** the last value"; endogenous gaps are the solver's to report. */
static int check_gaps(const ps_model *m, const ps_frame *csv, const char *path, ps_error *err) {
    for (int c = 0; c < csv->nvar; c++) {
        const ps_symbol *y = &m->syms[ps_model_find(m, csv->names[c])];
        if (y->kind != PS_SYM_EXO) continue;
        int first = -1, last = -1;
        for (int t = 0; t < csv->nper; t++)
            if (!isnan(ps_frame_get(csv, c, t))) {
                if (first < 0) first = t;
                last = t;
            }
        for (int t = first + 1; first >= 0 && t < last; t++) {
            if (!isnan(ps_frame_get(csv, c, t))) continue;
            char at[PS_PERIOD_LABEL_MAX], a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX];
            ps_error_at(err, path, 0, 0);
            return ps_error_set(
                err, PS_ERR_DATA,
                "exogenous series '%s' has no value in %s, between its first value (%s) and "
                "its last (%s); gaps in history are not filled: give the value in the CSV",
                csv->names[c], ps_period_format(csv->start + t, csv->freq, at, sizeof at),
                ps_period_format(csv->start + first, csv->freq, a, sizeof a),
                ps_period_format(csv->start + last, csv->freq, b, sizeof b));
        }
    }
    return PS_OK;
}

static int load_history(ps_project *p, const char *path, ps_error *err) {
    ps_frame *csv = NULL;
    int rc = ps_frame_read_csv(path, p->model->freq, &csv, err);
    if (rc) return rc;
    rc = map_history(p, csv, path, err);
    if (!rc) rc = check_gaps(p->model, csv, path, err);
    ps_frame_free(csv);
    if (rc) return rc;
    p->history_path = ps_strdup(path);
    return p->history_path ? PS_OK : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
}

/* The history with its add-factors computed once, for ps_project_frame to
** copy instead of recomputing them on every call.  Computed over the history
** periods from maxlag on, which are exactly the periods a frame starting at
** the history's start computes (add-factors of period t read periods <= t
** only, so a shorter frame gets the same values).  When the data contradict
** a left-side transform, no copy is kept: ps_project_frame then computes the
** add-factors itself and reports the error for the horizon it was asked for,
** as without the copy.  Only out of memory fails the load. */
static int prepare_history(ps_project *p, ps_error *err) {
    if (!p->history || p->history->nper <= p->program->maxlag) return PS_OK;
    ps_frame *h = NULL;
    int rc = ps_frame_copy(p->history, &h, err);
    if (rc) return rc;
    ps_error local;
    ps_error_clear(&local);
    rc = ps_addfactors_compute(p->program, h, p->params, p->program->maxlag, h->nper - 1,
                               &local);
    if (rc == PS_OK) {
        p->history_af = h;
        return PS_OK;
    }
    ps_frame_free(h);
    if (rc == PS_ERR_NOMEM) return ps_error_set(err, PS_ERR_NOMEM, "%s", local.message);
    return PS_OK;
}

int ps_project_from_model(ps_model *m, const char *history_csv, ps_project **out,
                          ps_error *err) {
    *out = NULL;
    ps_project *p = ps_calloc(1, sizeof *p);
    if (!p) {
        ps_model_free(m);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    p->model = m;
    ps_solve_opts_init(&p->opts);
    int rc = PS_OK;
    p->model_path = ps_strdup(m->path ? m->path : "<string>");
    p->params = ps_malloc(sizeof(double) * (size_t)(m->nparam ? m->nparam : 1));
    if (!p->model_path || !p->params) rc = ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    for (int i = 0; !rc && i < m->nsym; i++)
        if (m->syms[i].kind == PS_SYM_PARAM) p->params[m->syms[i].slot] = m->syms[i].value;
    if (!rc) rc = ps_analyse(m, &p->analysis, err);
    if (!rc) rc = ps_program_compile(m, p->analysis, &p->program, err);
    if (!rc) rc = ps_solver_new(p->program, &p->opts, &p->solver, err);
    ps_stacked_opts_init(&p->stacked_opts);
    if (!rc && m->maxlead > 0)
        rc = ps_stacked_new(m, p->analysis, &p->stacked_opts, &p->stacked, err);
    if (!rc && history_csv) rc = load_history(p, history_csv, err);
    if (!rc) rc = prepare_history(p, err);
    if (rc) {
        ps_project_free(p);
        return rc;
    }
    *out = p;
    return PS_OK;
}

int ps_project_model_file(const char *path, char **out, ps_error *err) {
    *out = NULL;
    if (is_dir(path)) return find_model_in_dir(path, out, err);
    *out = ps_strdup(path);
    return *out ? PS_OK : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
}

int ps_project_load(const char *path, ps_project **out, ps_error *err) {
    *out = NULL;
    char *model_path = NULL;
    int rc = ps_project_model_file(path, &model_path, err);
    if (rc) return rc;
    ps_model *m = NULL;
    rc = ps_model_parse_file(model_path, &m, err);
    if (rc) {
        ps_free(model_path);
        return rc;
    }
    char *hist = history_beside(model_path);
    ps_free(model_path);
    if (!hist) {
        ps_model_free(m);
        return ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    }
    rc = ps_project_from_model(m, is_file(hist) ? hist : NULL, out, err);
    ps_free(hist);
    return rc;
}

int ps_project_set_opts(ps_project *p, const ps_solve_opts *o, ps_error *err) {
    ps_solver *s = NULL;
    int rc = ps_solver_new(p->program, o, &s, err);
    if (rc) return rc;
    ps_solver_free(p->solver);
    p->solver = s;
    p->opts = *o;
    if (!p->stacked) return PS_OK;
    ps_stacked_opts so = p->stacked_opts;
    so.tol = o->tol;
    so.max_iter = o->max_iter;
    so.max_halvings = o->max_halvings;
    return ps_project_set_stacked_opts(p, &so, err);
}

int ps_project_set_stacked_opts(ps_project *p, const ps_stacked_opts *o, ps_error *err) {
    int rc = p->stacked ? ps_stacked_set_opts(p->stacked, o, err) : PS_OK;
    if (rc == PS_OK) p->stacked_opts = *o;
    return rc;
}

void ps_project_history_span(const ps_project *p, long *first, long *last) {
    *first = *last = -1;
    const ps_frame *h = p->history;
    if (!h) return;
    int lo = -1, hi = -1;
    for (int t = 0; t < h->nper; t++) {
        const double *row = h->data + (size_t)t * (size_t)h->nvar;
        for (int v = 0; v < h->nvar; v++)
            if (!isnan(row[v])) {
                if (lo < 0) lo = t;
                hi = t;
                break;
            }
    }
    if (lo >= 0) {
        *first = h->start + lo;
        *last = h->start + hi;
    }
}

/* What fill_defaults needs to know of the series: the kind of each slot and
** the slots of the add-factors and of the endogenous variables.  One block:
** af, then endo, then kind. */
typedef struct series_kinds {
    int *af;                    /* naf add-factor slots (owns the block) */
    int naf;
    int *endo;                  /* nendo endogenous slots */
    int nendo;
    unsigned char *kind;        /* kind[slot], nseries entries */
} series_kinds;

static int kinds_init(const ps_model *m, series_kinds *k) {
    size_t n = (size_t)m->nseries + 1;
    k->af = ps_malloc(2 * n * sizeof *k->af + n);
    if (!k->af) return PS_ERR_NOMEM;
    k->endo = k->af + n;
    k->kind = (unsigned char *)(k->af + 2 * n);
    k->naf = k->nendo = 0;
    for (int i = 0; i < m->nsym; i++) {
        const ps_symbol *y = &m->syms[i];
        if (y->kind == PS_SYM_PARAM) continue;
        k->kind[y->slot] = (unsigned char)y->kind;
        if (y->kind == PS_SYM_ADDFACTOR) k->af[k->naf++] = y->slot;
        if (y->kind == PS_SYM_ENDO) k->endo[k->nendo++] = y->slot;
    }
    return PS_OK;
}

/* The defaults for one period that may hold data (see fill_defaults). */
static void fill_row(double *row, const double *prev, int nvar, const unsigned char *kind,
                     int horizon) {
    for (int v = 0; v < nvar; v++) {
        if (!isnan(row[v])) continue;
        switch (kind[v]) {
        case PS_SYM_EXO: row[v] = prev ? prev[v] : NAN; break;
        case PS_SYM_ADDFACTOR: if (horizon) row[v] = 0.0; break;
        default: break;         /* endogenous: the solver's to find */
        }
    }
}

/* The documented defaults of a projection frame (project.h), in one pass in
** period order:
**   - over the whole frame, a missing exogenous value takes the one before
**     it, so each series is held at its last observation (and stays missing
**     before its first);
**   - in [t0, t1], a missing add-factor is 0 (no judgemental adjustment);
**     a missing endogenous value stays missing: the solver computes it, and
**     Newton starts from the solved period before moved on by its last
**     growth rate (docs/solver.md), which a value held from the history's
**     end would only spoil.
** Every fill reads its own column one period back, which is final by then,
** so this gives what one pass per series would, walking the frame in memory
** order.  Periods [h0, h1] were written (history, add-factors); every other
** period is all missing, so in the horizon it is the period before with its
** add-factors zeroed and its endogenous values missing: one copy instead of
** a test per value. */
static void fill_defaults(ps_frame *f, const series_kinds *k, int t0, int t1, int h0,
                          int h1) {
    size_t bytes = sizeof(double) * (size_t)f->nvar;
    for (int t = 0; t < f->nper; t++) {
        double *row = ps_frame_row(f, t);
        const double *prev = t > 0 ? row - f->nvar : NULL;
        int horizon = t >= t0 && t <= t1;
        if (!horizon || !prev || (t >= h0 && t <= h1)) {
            fill_row(row, prev, f->nvar, k->kind, horizon);
            continue;
        }
        memcpy(row, prev, bytes);
        for (int i = 0; i < k->naf; i++) row[k->af[i]] = 0.0;
        for (int i = 0; i < k->nendo; i++) row[k->endo[i]] = NAN;
    }
}

/* The history's rows (with their add-factors when `h` is history_af) into
** the frame's periods [*h0, *h1] (empty, h0 > h1, when they do not meet). */
static void copy_history(const ps_frame *h, ps_frame *f, int *h0, int *h1) {
    *h0 = f->nper;
    *h1 = -1;
    for (int t = 0; t < h->nper; t++) {
        int ft = ps_frame_index(f, h->start + t);
        if (ft < 0) continue;
        memcpy(ps_frame_row(f, ft), h->data + (size_t)t * (size_t)h->nvar,
               sizeof(double) * (size_t)h->nvar);
        if (ft < *h0) *h0 = ft;
        *h1 = ft;
    }
}

/* A frame of NaNs for the model's series over ordinals [start, to].  A
** project with a history lends its columns, which are exactly the model's
** series in slot order (map_history); otherwise they are gathered from the
** model.  Either way the names are known to differ (the model reader
** refuses duplicates), so the frame skips the duplicate check. */
static int new_frame(const ps_project *p, long start, long to, ps_frame **f, ps_error *err) {
    const ps_model *m = p->model;
    int nper = (int)(to - start + 1);
    if (p->history) return ps_frame_new_cols_(p->history, nper, m->freq, start, f, err);
    return model_frame(m, nper, m->freq, start, f, err);
}

int ps_project_check_start(const ps_project *p, long from, ps_error *err) {
    const ps_model *m = p->model;
    char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX];
    /* A lag reaches back maxlag periods.  Past the history's end the lagged
    ** endogenous values do not exist (nothing solves the gap), and before its
    ** start nothing does either: say so in terms of the history's span rather
    ** than let the solver fail on the first missing value. */
    long hfirst, hlast;
    ps_project_history_span(p, &hfirst, &hlast);
    if (m->maxlag > 0 && hlast >= 0 && from > hlast + 1) {
        char c[PS_PERIOD_LABEL_MAX], d[PS_PERIOD_LABEL_MAX];
        return ps_error_set(err, PS_ERR_USAGE, "the history ends in %s, so a projection must "
                            "start by %s (the model's lags reach back %d period%s and nothing "
                            "fills the gap); start at %s and read %s from the result",
                            ps_period_format(hlast, m->freq, a, sizeof a),
                            ps_period_format(hlast + 1, m->freq, b, sizeof b), m->maxlag,
                            m->maxlag == 1 ? "" : "s",
                            ps_period_format(hlast + 1, m->freq, c, sizeof c),
                            ps_period_format(from, m->freq, d, sizeof d));
    }
    if (m->maxlag > 0 && hfirst >= 0 && from - m->maxlag < hfirst) {
        char c[PS_PERIOD_LABEL_MAX];
        return ps_error_set(err, PS_ERR_USAGE, "the history starts in %s and the model's lags "
                            "reach back %d period%s, so a projection can start in %s at the "
                            "earliest, not %s",
                            ps_period_format(hfirst, m->freq, a, sizeof a), m->maxlag,
                            m->maxlag == 1 ? "" : "s",
                            ps_period_format(hfirst + m->maxlag, m->freq, b, sizeof b),
                            ps_period_format(from, m->freq, c, sizeof c));
    }
    return PS_OK;
}

int ps_project_frame(const ps_project *p, long from, long to, ps_frame **out, int *t0,
                     int *t1, ps_error *err) {
    *out = NULL;
    const ps_model *m = p->model;
    char a[PS_PERIOD_LABEL_MAX], b[PS_PERIOD_LABEL_MAX];
    if (to < from)
        return ps_error_set(err, PS_ERR_USAGE, "the horizon ends (%s) before it starts (%s)",
                            ps_period_format(to, m->freq, b, sizeof b),
                            ps_period_format(from, m->freq, a, sizeof a));
    /* Lagged values before `from` come from history; when they are missing the
    ** solver names the variable and period it could not read. */
    long start = from - m->maxlag;
    if (p->history && p->history->start < start) start = p->history->start;
    if (to - start + 1 > 100000000L / (m->nseries ? m->nseries : 1))
        return ps_error_set(err, PS_ERR_LIMIT, "the horizon %s..%s is too long for this model",
                            ps_period_format(from, m->freq, a, sizeof a),
                            ps_period_format(to, m->freq, b, sizeof b));
    ps_frame *f = NULL;
    series_kinds k = {NULL, 0, NULL, 0, NULL};
    int rc = kinds_init(m, &k) == PS_OK ? new_frame(p, start, to, &f, err)
                                        : ps_error_set(err, PS_ERR_NOMEM, "out of memory");
    /* A frame that starts where the history starts takes the add-factors
    ** computed at load; one that starts earlier computes them itself (they
    ** then cover periods the load did not: see prepare_history). */
    int cached = p->history_af && start == p->history->start;
    const ps_frame *h = cached ? p->history_af : p->history;
    int h0 = 0, h1 = -1;
    if (!rc && h) {
        copy_history(h, f, &h0, &h1);
        /* add-factors up to the history's last period, or the frame's last
        ** when the history runs past the horizon */
        int hend = ps_frame_index(f, h->start + h->nper - 1);
        if (!cached) {
            int hi = hend < 0 ? f->nper - 1 : hend;
            rc = ps_addfactors_compute(p->program, f, p->params, m->maxlag, hi, err);
            /* it wrote into [maxlag, hi]: those periods are not all missing
            ** any more, whatever it wrote (fill_defaults) */
            if (h0 > m->maxlag) h0 = m->maxlag;
            if (h1 < hi) h1 = hi;
        }
    }
    if (rc) {
        ps_free(k.af);
        ps_frame_free(f);
        return rc;
    }
    *t0 = (int)(from - start);
    *t1 = (int)(to - start);
    fill_defaults(f, &k, *t0, *t1, h0, h1);
    ps_free(k.af);
    *out = f;
    return PS_OK;
}

int ps_project_solve(ps_project *p, ps_frame *f, const double *params, int t0, int t1,
                     ps_solve_diag *diag, ps_error *err) {
    if (f->nvar != p->program->nvar)
        return ps_error_set(err, PS_ERR_USAGE,
                            "frame has %d columns but model '%s' has %d series", f->nvar,
                            p->model->name, p->program->nvar);
    if (t0 < p->program->maxlag || t1 >= f->nper || t0 > t1)
        return ps_error_set(err, PS_ERR_USAGE,
                            "periods %d..%d cannot be solved in a frame of %d periods with "
                            "maximum lag %d",
                            t0, t1, f->nper, p->program->maxlag);
    if (p->stacked)
        return ps_stacked_run(p->stacked, f, params ? params : p->params, t0, t1, diag, err);
    return ps_solver_run(p->solver, f, params ? params : p->params, t0, t1, diag, err);
}
