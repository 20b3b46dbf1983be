#include "util/path.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

char *ps_path_join(const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name), sep = a > 0 && dir[a - 1] != '/';
    char *p = ps_malloc(a + sep + b + 1);
    if (!p) return NULL;
    memcpy(p, dir, a);
    if (sep) p[a] = '/';
    memcpy(p + a + sep, name, b + 1);
    return p;
}
