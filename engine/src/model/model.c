/*
** Model parsing entry points, allocation and error reporting shared by the
** lexer, parser and checker.
*/
#include "model/model_internal.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynare/dynare.h"
#include "io/io.h"

/* Model files are written by hand (Yangzhou's is 20 kB): 16 MiB is generous,
** and /dev/zero or a wrong path to a data file stops here quickly. */
#define MODEL_MAX_BYTES ((size_t)16 << 20)

/* Every allocation goes through here so that a test can make the n-th one
** fail and check that each out-of-memory path cleans up. */
void *mp_alloc(mparse *P, ps_arena *a, size_t n) {
    if (P->fail_after >= 0 && P->nalloc++ >= P->fail_after) return NULL;
    return ps_arena_alloc(a, n);
}

char *mp_strndup(mparse *P, ps_arena *a, const char *s, size_t n) {
    char *d = mp_alloc(P, a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int mp_nomem(mparse *P) {
    if (P->status) return P->status;
    P->status = PS_ERR_NOMEM;
    ps_error_at(P->err, P->file, 0, 0);
    return ps_error_set(P->err, PS_ERR_NOMEM, "out of memory while reading the model");
}

/* Only the first failure is reported: later ones are consequences of it. */
int mp_fail(mparse *P, int code, ps_srcpos pos, const char *fmt, ...) {
    if (P->status) return P->status;
    char msg[PS_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    P->status = code;
    ps_error_at(P->err, P->file, pos.line, pos.col);
    return ps_error_set(P->err, code, "%s", msg);
}

int mp_fail_found(mparse *P, const char *fmt, ...) {
    char what[PS_ERR_MSG_MAX], q[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return mp_fail(P, PS_ERR_SYNTAX, P->cur.pos, "%s, found %s", what,
                   mp_quote_tok(P, &P->cur, q, sizeof q));
}

#define QUOTE_MAX 60

char *mp_quote(const mparse *P, size_t off, size_t end, char *buf, size_t n) {
    size_t k = 0;
    int space = 0;
    if (n < QUOTE_MAX + 8) { if (n) buf[0] = '\0'; return buf; }
    buf[k++] = '\'';
    for (size_t i = off; i < end && i < P->len; i++) {
        unsigned char c = (unsigned char)P->src[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = 1; continue; }
        if (space && k > 1) buf[k++] = ' ';
        space = 0;
        if (k >= QUOTE_MAX) {
            /* c continuing a UTF-8 character: drop its first bytes too */
            if ((c & 0xC0) == 0x80) {
                while (k > 1 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80) k--;
                if (k > 1 && (unsigned char)buf[k - 1] >= 0xC0) k--;
            }
            memcpy(buf + k, "...", 3);
            k += 3;
            break;
        }
        buf[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    buf[k++] = '\'';
    buf[k] = '\0';
    return buf;
}

char *mp_quote_tok(const mparse *P, const token *t, char *buf, size_t n) {
    if (t->type == T_EOF) {
        snprintf(buf, n, "end of file");
        return buf;
    }
    return mp_quote(P, t->off, t->off + t->len, buf, n);
}

static void model_free_arena(ps_model *m) {
    if (m) ps_arena_free(((model_internal *)m->internal_)->arena);
}

static int parse_into(mparse *P, ps_model **out) {
    if (mp_parse_program(P)) return P->status;
    ps_arena *a = P->arena;
    ps_model *m = mp_alloc(P, a, sizeof *m);
    model_internal *mi = mp_alloc(P, a, sizeof *mi);
    if (!m || !mi) return mp_nomem(P);
    mi->arena = a;
    m->internal_ = mi;
    m->name = mp_strndup(P, a, P->src + P->name_off, P->name_len);
    m->path = mp_strndup(P, a, P->file, strlen(P->file));
    if (!m->name || !m->path) return mp_nomem(P);
    m->title = P->title;
    m->freq = P->freq;
    ps_sha256_hex(P->src, P->len, m->hash);
    if (mp_build_model(P, m)) return P->status;
    *out = m;
    return PS_OK;
}

static ps_arena *arena_new(mparse *P) {
    if (P->fail_after >= 0 && P->nalloc++ >= P->fail_after) return NULL;
    return ps_arena_new();
}

int mp_parse_string_ex(const char *src, size_t len, const char *filename,
                       long fail_after, ps_model **out, ps_error *err) {
    ps_error_clear(err);
    if (!out) return ps_error_set(err, PS_ERR_USAGE, "ps_model_parse_string: out is NULL");
    *out = NULL;
    if (!src && len) return ps_error_set(err, PS_ERR_USAGE, "ps_model_parse_string: src is NULL");
    size_t bad = ps_utf8_invalid(src ? src : "", len);
    if (bad < len) {
        int line, col;
        ps_text_locate(src, bad, &line, &col);
        ps_error_at(err, filename ? filename : "<string>", line, col);
        return ps_error_set(err, PS_ERR_SYNTAX,
                            "byte 0x%02X is not valid UTF-8: model files are UTF-8 text "
                            "(save the file as UTF-8)", (unsigned char)src[bad]);
    }
    mparse P;
    memset(&P, 0, sizeof P);
    P.src = src ? src : "";
    P.len = len;
    P.file = filename ? filename : "<string>";
    P.err = err;
    P.fail_after = fail_after;
    P.line = P.col = 1;
    P.freq = PS_FREQ_ANNUAL;
    P.decl_tail = &P.decls;
    P.eq_tail = &P.eqs;
    P.scratch = arena_new(&P);
    if (P.scratch) P.arena = arena_new(&P);
    int rc;
    if (!P.scratch || !P.arena) {
        rc = mp_nomem(&P);
        ps_arena_free(P.arena);
    } else {
        rc = parse_into(&P, out);
        /* on success the arena belongs to *out */
        if (rc) ps_arena_free(P.arena);
    }
    ps_arena_free(P.scratch);
    return rc;
}

int ps_model_parse_string(const char *src, size_t len, const char *filename,
                          ps_model **out, ps_error *err) {
    return mp_parse_string_ex(src, len, filename, -1, out, err);
}

int ps_model_parse_file(const char *path, ps_model **out, ps_error *err) {
    if (out) *out = NULL;
    if (!path) return ps_error_set(err, PS_ERR_USAGE, "ps_model_parse_file: path is NULL");
    if (ps_dynare_is_mod(path)) {
        /* a Dynare file: translated into the model language, then read as any model */
        ps_dynare *d = NULL;
        int rc = ps_dynare_read_file(path, &d, err);
        if (rc) return rc;
        rc = ps_model_parse_string(d->native, d->native_len, path, out, err);
        if (rc && err) {
            /* the checks of the model language found it: point at the Dynare
            ** equation, not at the line of the translation */
            int e = err->line - d->first_eq_line;
            if (e >= 0 && e < d->neq) ps_error_at(err, path, d->eq_line[e], d->eq_col[e]);
            else ps_error_at(err, path, 0, 0);
            char msg[PS_ERR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->message);
            ps_error_set(err, rc, "%s (in the model language the file translates to: polsim "
                         "import shows it)", msg);
        }
        ps_dynare_free(d);
        return rc;
    }
    char *buf = NULL;
    size_t len = 0;
    int rc = ps_file_read_all(path, MODEL_MAX_BYTES, &buf, &len, err);
    if (rc) return rc;
    rc = ps_model_parse_string(buf, len, path, out, err);
    ps_free(buf);
    return rc;
}

void ps_model_free(ps_model *m) {
    model_free_arena(m);
}
