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

static int same_ignoring_case(const char *a, size_t na, const char *b) {
    if (strlen(b) != na) return 0;
    for (size_t i = 0; i < na; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
    return 1;
}

const char *ps_nearest_name(const char *name, size_t len, const char *const *cands, int n) {
    for (int i = 0; i < n; i++)
        if (same_ignoring_case(name, len, cands[i])) return cands[i];
    int max = len <= 3 ? 1 : 2, bestd = max + 1;
    const char *best = NULL;
    for (int i = 0; i < n && bestd > 1; i++) {
        int d = ps_edit_distance(name, len, cands[i], strlen(cands[i]), max);
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    return best;
}
