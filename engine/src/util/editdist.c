#include "util/editdist.h"

#include <ctype.h>
#include <string.h>

static int min3(int a, int b, int c) {
    int m = a < b ? a : b;
    return m < c ? m : c;
}

int ps_edit_distance(const char *a, size_t na, const char *b, size_t nb, int max) {
    int rows[3][PS_EDIT_MAXLEN + 1];
    if ((na > nb ? na - nb : nb - na) > (size_t)max || na > PS_EDIT_MAXLEN ||
        nb > PS_EDIT_MAXLEN)
        return max + 1;
    /* Three rolling rows: the swap rule looks two rows back. */
    int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= nb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = (int)i;
        int rowmin = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < cur[j])
                cur[j] = prev2[j - 2] + 1;
            if (cur[j] < rowmin) rowmin = cur[j];
        }
        if (rowmin > max) return max + 1;
        int *tmp = prev2;
        prev2 = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[nb] <= max ? prev[nb] : max + 1;
}

/* a (na bytes) and b (nb bytes) equal but for ASCII case */
static int same_ignoring_case(const char *a, size_t na, const char *b, size_t nb) {
    if (na != nb) return 0;
    for (size_t i = 0; i < na; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
    return 1;
}

void ps_nearest_init(ps_nearest *s, const char *name, size_t len) {
    s->name = name;
    s->len = len;
    s->max = len <= 3 ? 1 : 2;
    s->best = NULL;
    s->bestd = s->max + 1;
}

void ps_nearest_offer(ps_nearest *s, const char *cand) {
    size_t clen = strlen(cand);
    int d;
    if (clen == s->len && memcmp(cand, s->name, clen) == 0) d = -2; /* not a typo at all */
    else if (same_ignoring_case(s->name, s->len, cand, clen)) d = -1;
    else if (s->bestd < 0) return;
    else d = ps_edit_distance(s->name, s->len, cand, clen, s->max);
    /* a hint keeps at least one character of what was typed ("q" is not a
    ** typo of "o") */
    if (d > s->max || (d > 0 && (size_t)d >= s->len)) return;
    if (d < s->bestd || (d == s->bestd && strcmp(cand, s->best) < 0)) {
        s->bestd = d;
        s->best = cand;
    }
}

const char *ps_nearest_best(const ps_nearest *s) { return s->best; }

const char *ps_nearest_name(const char *name, const char *const *cands, int n) {
    ps_nearest s;
    ps_nearest_init(&s, name, strlen(name));
    for (int i = 0; i < n; i++) ps_nearest_offer(&s, cands[i]);
    return ps_nearest_best(&s);
}
