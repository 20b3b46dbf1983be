#include "util/texttable.h"
#include "util/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tt_cell {
    char *text;
    int row, col, span;
} tt_cell;

struct ps_tt {
    int ncol, nrow, col;            /* col: next column of the current row */
    int *right, *wrap;
    tt_cell *cells;
    int ncell, cap;
    int oom;
};

ps_tt *ps_tt_new(int ncol) {
    if (ncol < 1) return NULL;
    ps_tt *t = ps_calloc(1, sizeof *t);
    if (!t) return NULL;
    t->ncol = ncol;
    t->right = ps_calloc((size_t)ncol, sizeof *t->right);
    t->wrap = ps_calloc((size_t)ncol, sizeof *t->wrap);
    if (!t->right || !t->wrap) {
        ps_tt_free(t);
        return NULL;
    }
    return t;
}

void ps_tt_free(ps_tt *t) {
    if (!t) return;
    for (int i = 0; i < t->ncell; i++) ps_free(t->cells[i].text);
    ps_free(t->cells);
    ps_free(t->right);
    ps_free(t->wrap);
    ps_free(t);
}

void ps_tt_right(ps_tt *t, int col) {
    if (t && col >= 0 && col < t->ncol) t->right[col] = 1;
}

void ps_tt_wrap(ps_tt *t, int col, int width) {
    if (t && col >= 0 && col < t->ncol && width > 0) t->wrap[col] = width;
}

static void add(ps_tt *t, const char *text, int span) {
    if (!t || t->oom) return;
    if (t->col + span > t->ncol) span = t->ncol - t->col;
    if (span < 1) return; /* more cells than columns: the caller's slip, dropped */
    if (t->ncell == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        tt_cell *c = ps_realloc(t->cells, sizeof *c * (size_t)cap);
        if (!c) {
            t->oom = 1;
            return;
        }
        t->cells = c;
        t->cap = cap;
    }
    size_t n = strlen(text ? text : "") + 1;
    char *s = ps_malloc(n);
    if (!s) {
        t->oom = 1;
        return;
    }
    memcpy(s, text ? text : "", n);
    t->cells[t->ncell++] = (tt_cell){s, t->nrow, t->col, span};
    t->col += span;
}

void ps_tt_cell(ps_tt *t, const char *text) { add(t, text, 1); }
void ps_tt_span(ps_tt *t, int span, const char *text) { add(t, text, span); }

void ps_tt_row(ps_tt *t) {
    if (!t) return;
    t->nrow++;
    t->col = 0;
}

/* One code point at *s (advancing it); malformed bytes count as one
** character each (the text was checked where it entered). */
static unsigned next_cp(const char **s) {
    const unsigned char *u = (const unsigned char *)*s;
    unsigned c = u[0];
    int len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (int i = 1; i < len; i++)
        if ((u[i] & 0xC0) != 0x80) len = 1;
    unsigned cp = len == 1 ? c : c & (0x7Fu >> len);
    for (int i = 1; i < len; i++) cp = (cp << 6) | (u[i] & 0x3F);
    *s += len;
    return cp;
}

/* East Asian Wide (W) and Fullwidth (F) blocks of Unicode's
** EastAsianWidth.txt, by block.  wcwidth(3) would need setlocale, which
** polsim never calls (output-format.md, "Numbers"). */
static int cp_width(unsigned cp) {
    if (cp >= 0x300 && cp <= 0x36F) return 0;        /* combining diacritics */
    if (cp == 0x200B || cp == 0x200D) return 0;      /* zero-width space, joiner */
    static const unsigned wide[][2] = {
        {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
        {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
        {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1]) return 2;
    return 1;
}

size_t ps_text_width(const char *s) {
    size_t w = 0;
    while (s && *s) w += (size_t)cp_width(next_cp(&s));
    return w;
}

/* Closing punctuation that Chinese typesetting never puts at the start of a
** line: ） 」 』 】 》 ， 。 、 ； ： ！ ？ */
static int closing(unsigned cp) {
    static const unsigned c[] = {0xFF09, 0x300D, 0x300F, 0x3011, 0x300B, 0xFF0C, 0x3002,
                                 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        if (cp == c[i]) return 1;
    return 0;
}

/* The byte length of the first line of s when wrapped at `width` columns,
** and where the next line starts (*next, past a blank broken at). */
static size_t wrap_line(const char *s, size_t width, const char **next) {
    const char *p = s, *blank = NULL, *prev = NULL;
    size_t w = 0;
    while (*p) {
        const char *q = p;
        unsigned cp = next_cp(&q);
        size_t cw = (size_t)cp_width(cp);
        if (w + cw > width && p > s) {
            if (*p == ' ') blank = p;
            if (blank) {
                *next = blank + 1;
                return (size_t)(blank - s);
            }
            /* a closing bracket or comma takes the character before it along */
            if (closing(cp) && prev && prev > s) p = prev;
            *next = p;
            return (size_t)(p - s);
        }
        if (*p == ' ') blank = p;
        w += cw;
        prev = p;
        p = q;
    }
    *next = p;
    return (size_t)(p - s);
}

/* Width of the widest wrapped line of s. */
static size_t wrapped_width(const char *s, size_t width) {
    size_t best = 0;
    while (*s) {
        const char *next;
        size_t n = wrap_line(s, width, &next);
        char line[1024];
        if (n >= sizeof line) n = sizeof line - 1;
        memcpy(line, s, n);
        line[n] = '\0';
        size_t w = ps_text_width(line);
        if (w > best) best = w;
        s = next;
    }
    return best;
}

static size_t cell_width(const ps_tt *t, const tt_cell *c) {
    size_t w = ps_text_width(c->text);
    if (c->span == 1 && t->wrap[c->col] && w > (size_t)t->wrap[c->col])
        w = wrapped_width(c->text, (size_t)t->wrap[c->col]);
    return w;
}

#define GAP 2

static void widths(const ps_tt *t, size_t *w) {
    for (int i = 0; i < t->ncell; i++) {
        const tt_cell *c = &t->cells[i];
        size_t cw = cell_width(t, c);
        if (c->span == 1 && cw > w[c->col]) w[c->col] = cw;
    }
    for (int i = 0; i < t->ncell; i++) {
        const tt_cell *c = &t->cells[i];
        if (c->span == 1) continue;
        size_t have = (size_t)GAP * (size_t)(c->span - 1);
        for (int k = 0; k < c->span; k++) have += w[c->col + k];
        size_t need = ps_text_width(c->text);
        if (need > have) w[c->col + c->span - 1] += need - have;
    }
}

static void pad(ps_sb *sb, size_t n) {
    while (n--) ps_sb_append(sb, " ", 1);
}

/* Line `line` of a cell (the whole text when it does not wrap); "" past
** its last line.  Returns the bytes of that piece. */
static const char *piece(const ps_tt *t, const tt_cell *c, int line, size_t *len) {
    const char *s = c->text;
    size_t width = c->span == 1 ? (size_t)t->wrap[c->col] : 0;
    if (!width) {
        *len = line == 0 ? strlen(s) : 0;
        return s;
    }
    for (;;) {
        const char *next;
        size_t n = wrap_line(s, width, &next);
        if (line-- == 0) {
            *len = n;
            return s;
        }
        if (!*next) {
            *len = 0;
            return next;
        }
        s = next;
    }
}

static int lines_of(const ps_tt *t, const tt_cell *c) {
    size_t width = c->span == 1 ? (size_t)t->wrap[c->col] : 0;
    if (!width) return 1;
    int n = 0;
    for (const char *s = c->text; *s; n++) wrap_line(s, width, &s);
    return n ? n : 1;
}

static void render_row(const ps_tt *t, const size_t *w, int first, int last, ps_sb *sb) {
    int lines = 1;
    for (int i = first; i < last; i++) {
        int n = lines_of(t, &t->cells[i]);
        if (n > lines) lines = n;
    }
    char buf[1024];
    for (int l = 0; l < lines; l++) {
        size_t owed = 0; /* blanks not written yet: none trail a line */
        int col = 0;
        for (int i = first; i < last; i++) {
            const tt_cell *c = &t->cells[i];
            size_t cw = (size_t)GAP * (size_t)(c->span - 1), len;
            for (int k = 0; k < c->span; k++) cw += w[c->col + k];
            for (; col < c->col; col++) owed += w[col] + GAP;
            const char *p = piece(t, c, l, &len);
            if (len >= sizeof buf) len = sizeof buf - 1;
            memcpy(buf, p, len);
            buf[len] = '\0';
            size_t tw = ps_text_width(buf);
            int right = c->span > 1 || t->right[c->col];
            if (len) {
                pad(sb, owed + (right && cw > tw ? cw - tw : 0));
                ps_sb_append(sb, buf, len);
                owed = right || cw < tw ? 0 : cw - tw;
            } else {
                owed += cw;
            }
            owed += GAP;
            col = c->col + c->span;
        }
        ps_sb_puts(sb, "\n");
    }
}

int ps_tt_render(const ps_tt *t, ps_sb *sb) {
    if (!t || t->oom) return -1;
    size_t *w = ps_calloc((size_t)t->ncol, sizeof *w);
    if (!w) return -1;
    widths(t, w);
    for (int i = 0; i < t->ncell;) {
        int j = i;
        while (j < t->ncell && t->cells[j].row == t->cells[i].row) j++;
        render_row(t, w, i, j, sb);
        i = j;
    }
    ps_free(w);
    return sb->oom ? -1 : 0;
}

const char *ps_tt_num(double x, char fmt, int prec, char *buf) {
    char raw[PS_TT_NUM_BUF];
    if (!isfinite(x)) return strcpy(buf, "-");
    if (prec < 0) prec = 0;
    if (prec > 17) prec = 17;
    if (fmt == 'f') snprintf(raw, sizeof raw, "%.*f", prec, x);
    else if (fabs(x) >= pow(10, prec) && fabs(x) < 1e15) snprintf(raw, sizeof raw, "%.0f", x);
    else snprintf(raw, sizeof raw, "%.*g", prec ? prec : 1, x);
    /* "-0", "-0.00": a value that rounds to zero has no sign */
    const char *r = raw;
    if (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1)) r = raw + 1;
    char *o = buf;
    if (*r == '-') *o++ = *r++;
    size_t digits = strspn(r, "0123456789");
    int exp = strpbrk(r, "eE") != NULL;
    for (size_t i = 0; i < digits; i++) {
        *o++ = r[i];
        size_t left = digits - 1 - i;
        if (!exp && left && left % 3 == 0) *o++ = ',';
    }
    strcpy(o, r + digits);
    return buf;
}

int ps_tt_places(double maxabs, int sig) {
    if (!isfinite(maxabs) || maxabs < 0) return -1;
    if (maxabs == 0) return 0;
    if (maxabs < 1e-4 || maxabs >= 1e15) return -1;
    /* digits before the point of the largest (0 below 1, minus the leading
    ** zeros after the point) */
    int whole = (int)floor(log10(maxabs)) + 1;
    int places = sig - whole;
    return places < 0 ? 0 : places > 17 ? 17 : places;
}

double ps_tt_maxabs(const double *x, size_t n, size_t stride) {
    double big = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i * stride])) big = fmax(big, fabs(x[i * stride]));
    return big;
}

int ps_tt_need(double x, int places) {
    if (places <= 0 || !isfinite(x)) return places < 0 ? places : 0;
    char raw[PS_TT_NUM_BUF];
    int len = snprintf(raw, sizeof raw, "%.*f", places, x), zeros = 0;
    while (zeros < places && raw[len - 1 - zeros] == '0') zeros++;
    return places - zeros;
}

int ps_tt_trim(const double *x, size_t n, size_t stride, int places) {
    if (places <= 0) return places;
    int need = 0;
    for (size_t i = 0; i < n && need < places; i++) {
        int k = ps_tt_need(x[i * stride], places);
        if (k > need) need = k;
    }
    return need;
}

int ps_tt_row_places(const double *x, size_t n, size_t stride, int sig) {
    return ps_tt_trim(x, n, stride, ps_tt_places(ps_tt_maxabs(x, n, stride), sig));
}

const char *ps_tt_num_in(double x, int places, int sig, char *buf) {
    return places >= 0 ? ps_tt_num(x, 'f', places, buf) : ps_tt_num(x, 'g', sig, buf);
}
