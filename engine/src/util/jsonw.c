#include "util/jsonw.h"
#include "util/alloc.h"
#include "util/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *ps_jw_add(ps_jw *w, cJSON *obj, const char *key, cJSON *item) {
    if (!item || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        w->oom = 1;
        return NULL;
    }
    return item;
}

void ps_jw_push(ps_jw *w, cJSON *arr, cJSON *item) {
    if (!item || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        w->oom = 1;
    }
}

cJSON *ps_jw_str(const char *s) { return cJSON_CreateString(s ? s : ""); }

cJSON *ps_jw_num(double x) {
    if (!isfinite(x)) return cJSON_CreateNull();
    char buf[PS_NUM_BUF];
    ps_num_format(x, buf);
    return cJSON_CreateRaw(buf);
}

cJSON *ps_jw_int(long long x) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", x);
    return cJSON_CreateRaw(buf);
}

char *ps_jw_print(const cJSON *root) {
    char *text = cJSON_Print(root);
    if (!text) return NULL;
    size_t n = strlen(text);
    char *out = ps_malloc(n + 2);
    if (out) {
        memcpy(out, text, n);
        out[n] = '\n';
        out[n + 1] = '\0';
    }
    cJSON_free(text);
    return out;
}
