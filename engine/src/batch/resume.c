/*
** Batch module: may --resume keep a script's earlier run?  Only when the run
** it would repeat has exactly the same inputs and the earlier outputs are
** still there, untouched: anything else reruns the script (batch.h).
*/
#include "batch/batch_int.h"
#include "util/alloc.h"
#include "util/path.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int no(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int no(char *why, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (why && n) vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return 0;
}

static const char *set_value(const ps_batch_record *r, const char *key) {
    for (int i = 0; i < r->nsets; i++)
        if (strcmp(r->set_keys[i], key) == 0) return r->set_values[i];
    return NULL;
}

/* The same --set pairs (their order does not matter to a script). */
static int same_sets(const ps_batch_record *a, const ps_batch_record *b, char *why, size_t n) {
    for (int i = 0; i < b->nsets; i++) {
        const char *was = set_value(a, b->set_keys[i]);
        if (!was) return no(why, n, "--set %s is new", b->set_keys[i]);
        if (strcmp(was, b->set_values[i]) != 0)
            return no(why, n, "--set %s changed ('%s' before, '%s' now)", b->set_keys[i], was,
                      b->set_values[i]);
    }
    for (int i = 0; i < a->nsets; i++)
        if (!set_value(b, a->set_keys[i]))
            return no(why, n, "--set %s was given before but is not now", a->set_keys[i]);
    return 1;
}

static const ps_batch_input *lib_of(const ps_batch_record *r) {
    for (int i = 0; i < r->ninputs; i++)
        if (strcmp(r->inputs[i].kind, "lib") == 0) return &r->inputs[i];
    return NULL;
}

static int same_lib(const ps_batch_record *prev, const ps_batch_record *want, char *why,
                    size_t n) {
    const ps_batch_input *a = lib_of(prev), *b = lib_of(want);
    if (!a && !b) return 1;
    if (!a || !b || strcmp(a->path, b->path) != 0)
        return no(why, n, "the folder of shared Lua modules changed ('%s' before, '%s' now)",
                  a ? a->path : "none", b ? b->path : "none");
    if (strcmp(a->sha256, b->sha256) != 0)
        return no(why, n, "the shared Lua modules in '%s' changed", b->path);
    return 1;
}

/* Every model and data file still as it was. */
static int same_inputs(const ps_batch_record *prev, char *why, size_t n) {
    for (int i = 0; i < prev->ninputs; i++) {
        const ps_batch_input *in = &prev->inputs[i];
        if (strcmp(in->kind, "lib") == 0) continue;
        char hex[65];
        ps_error err;
        ps_error_clear(&err);
        if (ps_batch_hash_file(in->path, hex, &err))
            return no(why, n, "%s file '%s' cannot be read", in->kind, in->path);
        if (strcmp(hex, in->sha256) != 0)
            return no(why, n, "%s file '%s' changed", in->kind, in->path);
    }
    return 1;
}

static int same_outputs(const ps_batch_record *prev, const char *dir, char *why, size_t n) {
    for (int i = 0; i < prev->noutputs; i++) {
        const ps_batch_output *o = &prev->outputs[i];
        char *full = ps_path_join(dir, o->path);
        if (!full) return no(why, n, "out of memory");
        char hex[65];
        ps_error err;
        ps_error_clear(&err);
        int rc = ps_batch_hash_file(full, hex, &err);
        ps_free(full);
        if (rc) return no(why, n, "output '%s' is missing", o->path);
        if (strcmp(hex, o->sha256) != 0)
            return no(why, n, "output '%s' changed after it was written", o->path);
    }
    return 1;
}

int ps_batch_reusable(const ps_batch_record *prev, const ps_batch_record *want,
                      const char *dir, char *why, size_t n) {
    if (prev->status != PS_BATCH_OK)
        return no(why, n, "its last run did not end ok (%s)", ps_batch_status_name(prev->status));
    if (strcmp(prev->script, want->script) != 0)
        return no(why, n, "its folder holds the run of another script ('%s')", prev->script);
    if (strcmp(prev->folder, want->folder) != 0)
        return no(why, n, "its record names another folder ('%s')", prev->folder);
    if (strcmp(prev->sha256, want->sha256) != 0) return no(why, n, "the script changed");
    if (!same_sets(prev, want, why, n)) return 0;
    if (prev->seed != want->seed)
        return no(why, n, "the seed changed (%lu before, %lu now)", prev->seed, want->seed);
    if (prev->strict != want->strict)
        return no(why, n, "--strict was %s before", prev->strict ? "given" : "not given");
    if (prev->bom != want->bom)
        return no(why, n, "--bom was %s before", prev->bom ? "given" : "not given");
    if (strcmp(prev->engine_version, want->engine_version) != 0)
        return no(why, n, "it ran with polsim %s, this is %s", prev->engine_version,
                  want->engine_version);
    return same_lib(prev, want, why, n) && same_inputs(prev, why, n) &&
           same_outputs(prev, dir, why, n);
}
