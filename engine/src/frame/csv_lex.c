#include "frame/csv_lex.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

void csv_lex_init(csv_lex *lx, const char *text, size_t len, const char *file) {
    memset(lx, 0, sizeof *lx);
    lx->p = text;
    lx->end = text + len;
    lx->file = file;
    lx->line = 1;
    lx->line_start = text;
}

void csv_lex_free(csv_lex *lx) {
    ps_free(lx->buf);
    ps_free(lx->cells);
    lx->buf = NULL;
    lx->cells = NULL;
}

int csv_col(const char *ls, const char *at) {
    int col = 1;
    for (const char *q = ls; q < at; q++)
        if (((unsigned char)*q & 0xC0) != 0x80) col++;   /* skip UTF-8 continuations */
    return col;
}

static csv_pos here(const csv_lex *lx, const char *at) {
    csv_pos p = {lx->line, at, lx->line_start};
    return p;
}

static int fail_at(const csv_lex *lx, csv_pos pos, ps_error *err, const char *msg) {
    ps_error_at(err, lx->file, pos.line, csv_pos_col(pos));
    return ps_error_set(err, PS_ERR_DATA, "%s", msg);
}

/* Bytes of the line break at p (LF, CRLF or CR), 0 when there is none. */
static int newline_len(const csv_lex *lx, const char *p) {
    if (p >= lx->end) return 0;
    if (*p == '\n') return 1;
    if (*p == '\r') return (p + 1 < lx->end && p[1] == '\n') ? 2 : 1;
    return 0;
}

static void next_line(csv_lex *lx, const char *after) {
    lx->line++;
    lx->line_start = after;
}

static int put(csv_lex *lx, const char *s, size_t n) {
    if (lx->cap - lx->len < n + 1) {
        size_t cap = lx->cap ? lx->cap : 256;
        while (cap - lx->len < n + 1) cap *= 2;
        char *nb = ps_realloc(lx->buf, cap);
        if (!nb) return PS_ERR_NOMEM;
        lx->buf = nb;
        lx->cap = cap;
    }
    memcpy(lx->buf + lx->len, s, n);
    lx->len += n;
    return PS_OK;
}

static int new_cell(csv_lex *lx, const char *at, int quoted) {
    if (lx->ncell == lx->ccap) {
        int cap = lx->ccap ? lx->ccap * 2 : 16;
        csv_cell *nc = ps_realloc(lx->cells, (size_t)cap * sizeof *nc);
        if (!nc) return PS_ERR_NOMEM;
        lx->cells = nc;
        lx->ccap = cap;
    }
    csv_cell *c = &lx->cells[lx->ncell++];
    c->off = lx->len;
    c->len = 0;
    c->pos = here(lx, at);
    c->quoted = quoted;
    return PS_OK;
}

static int end_cell(csv_lex *lx) {
    csv_cell *c = &lx->cells[lx->ncell - 1];
    if (!c->quoted)   /* trim trailing blanks of an unquoted cell */
        while (lx->len > c->off &&
               (lx->buf[lx->len - 1] == ' ' || lx->buf[lx->len - 1] == '\t'))
            lx->len--;
    c->len = lx->len - c->off;
    if (put(lx, "", 1) != PS_OK) return PS_ERR_NOMEM;   /* the NUL */
    return PS_OK;
}

static int read_quoted(csv_lex *lx, ps_error *err) {
    const csv_cell *c = &lx->cells[lx->ncell - 1];
    const char *p = lx->p + 1;
    for (;;) {
        if (p >= lx->end)
            return fail_at(lx, c->pos, err,
                           "unterminated quoted cell: add the closing quote (\")");
        if (*p == '"') {
            if (p + 1 < lx->end && p[1] == '"') {   /* "" is an escaped quote */
                if (put(lx, "\"", 1) != PS_OK) return PS_ERR_NOMEM;
                p += 2;
                continue;
            }
            p++;
            break;
        }
        int nl = newline_len(lx, p);
        const char *q = p + nl;
        if (!nl)
            while (q < lx->end && *q != '"' && *q != '\n' && *q != '\r') q++;
        if (put(lx, p, (size_t)(q - p)) != PS_OK) return PS_ERR_NOMEM;
        p = q;
        if (nl) next_line(lx, p);
    }
    while (p < lx->end && (*p == ' ' || *p == '\t')) p++;
    if (p < lx->end && *p != ',' && !newline_len(lx, p))
        return fail_at(lx, here(lx, p), err,
                       "unexpected text after the closing quote of a quoted cell: "
                       "a quoted cell ends at the next comma or line end");
    lx->p = p;
    return PS_OK;
}

static int read_plain(csv_lex *lx, ps_error *err) {
    const char *p = lx->p, *q = p;
    while (q < lx->end && *q != ',' && *q != '"' && *q != '\n' && *q != '\r') q++;
    if (q < lx->end && *q == '"')
        return fail_at(lx, here(lx, q), err,
                       "a quote (\") inside an unquoted cell: put the whole cell in "
                       "quotes and double the quotes inside it (\"a \"\"b\"\"\")");
    if (put(lx, p, (size_t)(q - p)) != PS_OK) return PS_ERR_NOMEM;
    lx->p = q;
    return PS_OK;
}

static int read_record(csv_lex *lx, ps_error *err) {
    for (;;) {
        while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t')) lx->p++;
        int quoted = lx->p < lx->end && *lx->p == '"';
        if (new_cell(lx, lx->p, quoted) != PS_OK)
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory reading CSV");
        int rc = quoted ? read_quoted(lx, err) : read_plain(lx, err);
        if (rc == PS_OK) rc = end_cell(lx);
        if (rc == PS_ERR_NOMEM)
            return ps_error_set(err, PS_ERR_NOMEM, "out of memory reading CSV");
        if (rc != PS_OK) return rc;
        if (lx->p < lx->end && *lx->p == ',') {
            lx->p++;
            continue;
        }
        lx->rec_end = here(lx, lx->p);
        int nl = newline_len(lx, lx->p);
        if (nl) {
            lx->p += nl;
            next_line(lx, lx->p);
        }
        return PS_OK;
    }
}

int csv_lex_next(csv_lex *lx, ps_error *err) {
    for (;;) {
        lx->ncell = 0;
        lx->len = 0;
        if (lx->p >= lx->end) return PS_OK;
        lx->record++;   /* blank lines count, as row numbers do in a spreadsheet */
        int rc = read_record(lx, err);
        if (rc != PS_OK) return rc;
        int blank = lx->ncell == 1 && !lx->cells[0].quoted && lx->cells[0].len == 0;
        if (!blank) return PS_OK;
    }
}
