/*
** Lexer: turns the model source into tokens, one at a time, so that errors
** come out in file order.  Columns count characters (UTF-8 code points), so
** a position matches what an editor shows even after a Chinese description.
*/
#include "model/model_internal.h"

#include <stdio.h>
#include <string.h>

/* Reserved words: statement keywords, attribute words, frequencies and the
** function names (so that `log(-1)` can never mean a lag of a variable). */
static const char *const keywords[] = {
    "model", "endogenous", "exogenous", "parameter", "equation", "identity",
    "unit", "lever", "annual", "quarterly", "monthly",
    "log", "exp", "sqrt", "abs", "sign", "normcdf", "min", "max", "pow", "diff", "pct", NULL
};

int mp_is_keyword(const char *s, size_t len) {
    for (int i = 0; keywords[i]; i++)
        if (strlen(keywords[i]) == len && memcmp(keywords[i], s, len) == 0) return 1;
    return 0;
}

int mp_tok_is(const mparse *P, const token *t, const char *word) {
    size_t n = strlen(word);
    return t->type == T_IDENT && t->len == n && memcmp(P->src + t->off, word, n) == 0;
}

static int peek(const mparse *P, size_t k) {
    return P->off + k < P->len ? (unsigned char)P->src[P->off + k] : -1;
}

/* Advance one byte; UTF-8 continuation bytes do not move the column. */
static void adv(mparse *P) {
    unsigned char c = (unsigned char)P->src[P->off++];
    if (c == '\n') {
        P->line++;
        P->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        P->col++;
    }
}

static ps_srcpos here(const mparse *P) {
    ps_srcpos p = { P->line, P->col };
    return p;
}

static int skip_block_comment(mparse *P) {
    ps_srcpos start = here(P);
    adv(P);
    adv(P);
    while (P->off < P->len) {
        if (peek(P, 0) == '*' && peek(P, 1) == '/') {
            adv(P);
            adv(P);
            return PS_OK;
        }
        adv(P);
    }
    return mp_fail(P, PS_ERR_SYNTAX, start,
                   "unterminated comment: this '/*' has no closing '*/' before the end of the file");
}

static int skip_space(mparse *P) {
    for (;;) {
        int c = peek(P, 0);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            adv(P);
        } else if (c == '#' || (c == '/' && peek(P, 1) == '/')) {
            while (P->off < P->len && peek(P, 0) != '\n') adv(P);
        } else if (c == '/' && peek(P, 1) == '*') {
            if (skip_block_comment(P)) return P->status;
        } else {
            return PS_OK;
        }
    }
}

/* Offset of the closing quote of the string opening at P->off, or 0 when the
** line or file ends first (a string never spans lines). */
static size_t string_end(const mparse *P) {
    for (size_t i = P->off + 1; i < P->len; i++) {
        char c = P->src[i];
        if (c == '"') return i;
        if (c == '\n' || c == '\r') return 0;
        if (c == '\\' && i + 1 < P->len && P->src[i + 1] != '\n') i++;
    }
    return 0;
}

static int string_escape(mparse *P, char *out) {
    ps_srcpos at = here(P);
    adv(P);
    int c = peek(P, 0);
    switch (c) {
    case '"': *out = '"'; break;
    case '\\': *out = '\\'; break;
    case 'n': *out = '\n'; break;
    case 't': *out = '\t'; break;
    default:
        return mp_fail(P, PS_ERR_SYNTAX, at,
                       "unknown escape '\\%c' in a string: the escapes are \\\" (quote), "
                       "\\\\ (backslash), \\n and \\t", c >= 0x20 && c < 0x7f ? c : '?');
    }
    adv(P);
    return PS_OK;
}

static int lex_string(mparse *P, token *t) {
    size_t end = string_end(P);
    if (!end)
        return mp_fail(P, PS_ERR_SYNTAX, t->pos,
                       "unterminated string: this '\"' has no closing '\"' on the same line");
    char *s = mp_alloc(P, P->arena, end - P->off);
    if (!s) return mp_nomem(P);
    size_t k = 0;
    adv(P);
    while (P->off < end) {
        unsigned char c = (unsigned char)P->src[P->off];
        if (c == '\\') {
            if (string_escape(P, &s[k++])) return P->status;
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return mp_fail(P, PS_ERR_SYNTAX, here(P),
                           "control character 0x%02X inside a string; remove it", c);
        s[k++] = (char)c;
        adv(P);
    }
    adv(P);
    s[k] = '\0';
    t->str = s;
    t->type = T_STRING;
    return PS_OK;
}

static int is_ident_start(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident_char(int c) {
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static tok_type punct(int c) {
    switch (c) {
    case ';': return T_SEMI;
    case ',': return T_COMMA;
    case '=': return T_EQ;
    case '(': return T_LPAREN;
    case ')': return T_RPAREN;
    case '[': return T_LBRACK;
    case ']': return T_RBRACK;
    case '+': return T_PLUS;
    case '-': return T_MINUS;
    case '*': return T_STAR;
    case '/': return T_SLASH;
    case '^': return T_CARET;
    default: return T_EOF;
    }
}

static int bad_char(mparse *P, int c) {
    ps_srcpos at = here(P);
    if (c >= 0x80)
        return mp_fail(P, PS_ERR_SYNTAX, at,
                       "unexpected non-ASCII character (byte 0x%02X) outside quotes: names use "
                       "ASCII letters, digits and '_'; put text such as descriptions in double quotes",
                       c);
    if (c < 0x20 || c == 0x7f)
        return mp_fail(P, PS_ERR_SYNTAX, at, "unexpected control character 0x%02X", c);
    if (c == '\'')
        return mp_fail(P, PS_ERR_SYNTAX, at,
                       "unexpected character \"'\": strings use double quotes, like \"Consumption\"");
    if (c == '.')
        return mp_fail(P, PS_ERR_SYNTAX, at,
                       "unexpected '.': a number needs a digit next to its point, like 0.5 or .5");
    return mp_fail(P, PS_ERR_SYNTAX, at,
                   "unexpected character '%c': expected a name, a number, a string or one of "
                   "; , = ( ) [ ] + - * / ^", c);
}

int mp_next(mparse *P) {
    P->prev_end = P->cur.off + P->cur.len;
    if (skip_space(P)) return P->status;
    token *t = &P->cur;
    memset(t, 0, sizeof *t);
    t->off = P->off;
    t->pos = here(P);
    int c = peek(P, 0);
    if (c < 0) {
        t->type = T_EOF;
    } else if (is_ident_start(c)) {
        while (is_ident_char(peek(P, 0))) adv(P);
        t->type = T_IDENT;
    } else if ((c >= '0' && c <= '9') || (c == '.' && peek(P, 1) >= '0' && peek(P, 1) <= '9')) {
        if (mp_lex_number(P, t)) return P->status;
    } else if (c == '"') {
        if (lex_string(P, t)) return P->status;
    } else if (punct(c) != T_EOF) {
        t->type = punct(c);
        adv(P);
    } else {
        return bad_char(P, c);
    }
    t->len = P->off - t->off;
    return PS_OK;
}
