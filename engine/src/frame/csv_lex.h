/*
** Internal: an RFC 4180 record reader over a text buffer.
**
** Each call to csv_lex_next reads one record into `cells`, whose text is
** unescaped (quotes removed, "" turned into ") and NUL-terminated in `buf`.
** Unquoted cells lose surrounding spaces and tabs, so "2024, 1.5" reads as
** two cells "2024" and "1.5"; quoted cells keep their text exactly.  Line
** breaks are LF, CRLF or a lone CR.  Blank lines are skipped.  Positions are
** 1-based lines and columns counted in characters (UTF-8 code points).
*/
#ifndef PS_FRAME_CSV_LEX_H
#define PS_FRAME_CSV_LEX_H

#include <stddef.h>
#include "polsim/error.h"

/* A position in the input.  The column is computed only when an error needs
** it: counting from the line start for every cell would make wide rows
** quadratic. */
typedef struct csv_pos {
    int line;                   /* 1-based */
    const char *at, *ls;        /* the byte, and the first byte of its line */
} csv_pos;

typedef struct csv_cell {
    size_t off;                 /* text at buf + off, NUL-terminated */
    size_t len;
    csv_pos pos;                /* where the cell starts */
    int quoted;
} csv_cell;

typedef struct csv_lex {
    const char *p, *end;        /* unread input */
    const char *file;           /* for messages */
    int line;                   /* line of p */
    const char *line_start;     /* first byte of p's line */
    int record;                 /* 1-based number of the last record read */
    csv_pos rec_end;            /* where the last record ended */
    char *buf;                  /* unescaped cell text */
    size_t len, cap;
    csv_cell *cells;
    int ncell, ccap;
} csv_lex;

/* Start reading text[0..len) (after any byte-order mark). */
void csv_lex_init(csv_lex *lx, const char *text, size_t len, const char *file);
void csv_lex_free(csv_lex *lx);

/* Read the next non-blank record.  PS_OK with ncell == 0 at the end of the
** input; PS_ERR_DATA for malformed quoting; PS_ERR_NOMEM. */
int csv_lex_next(csv_lex *lx, ps_error *err);

static inline const char *csv_text(const csv_lex *lx, int i) {
    return lx->buf + lx->cells[i].off;
}

/* Column (1-based, in code points) of byte `at` on the line starting at `ls`. */
int csv_col(const char *ls, const char *at);

static inline int csv_pos_col(csv_pos p) { return csv_col(p.ls, p.at); }

#endif
