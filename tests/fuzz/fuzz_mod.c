/*
** libFuzzer harness for the Dynare .mod reader: any bytes must give either a
** translation that the model parser accepts or rejects with an error record,
** or a reader error with its place, never a crash, a hang, undefined
** behaviour or a leak.  Build and run: see README.md in this folder.
*/
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "project/dynare_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ps_dynare *d = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_dynare_read_string((const char *)data, size, "fuzz.mod", &d, &err);
    if (rc == PS_OK) {
        if (!d || !d->native || strlen(d->native) != d->native_len) __builtin_trap();
        /* the translation goes through the one model parser, then the frame */
        ps_model *m = NULL;
        ps_error e2;
        if (ps_model_parse_string(d->native, d->native_len, "fuzz.mod", &m, &e2) == PS_OK) {
            ps_frame *f = NULL;
            int path = 0;
            /* no steady state solve here: it may iterate; only the frame's shape */
            int s0 = d->init_steady;
            d->init_steady = 0;
            if (d->periods > 0 && d->periods <= 1000 &&
                ps_dynare_frame(d, m, 2000, &f, &path, &e2) == PS_OK && !f)
                __builtin_trap();
            d->init_steady = s0;
            ps_frame_free(f);
        } else if (m || e2.message[0] == '\0') {
            __builtin_trap();
        }
        ps_model_free(m);
    } else if (d != NULL || err.message[0] == '\0' || err.line < 1) {
        __builtin_trap();    /* a failure must say why and where, and return nothing */
    }
    ps_dynare_free(d);
    return 0;
}
