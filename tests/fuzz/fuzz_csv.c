/*
** libFuzzer harness for the CSV reader: any bytes must give either a frame
** that keeps the frame invariants or an error record with a message and a
** position, never a crash, a hang, undefined behaviour or a leak.
** Build and run as README.md in this folder says for fuzz_model, with
** seeds/csv/ as seed folder.
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "frame/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_frame(const ps_frame *f) {
    if (f->nper < 1 || f->nvar < 0) __builtin_trap();
    for (int v = 0; v < f->nvar; v++) {
        if (!f->names[v][0] || ps_frame_col(f, f->names[v]) != v) __builtin_trap();
    }
    for (size_t i = 0; i < (size_t)f->nvar * (size_t)f->nper; i++)
        if (isinf(f->data[i])) __builtin_trap();   /* infinities are never data */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ps_frame *f = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_frame_parse_csv((const char *)data, size, "fuzz.csv", 0, &f, &err);
    if (rc == PS_OK) check_frame(f);
    else if (f != NULL || err.message[0] == '\0' || (rc == PS_ERR_DATA && err.line < 1))
        __builtin_trap();    /* a failure must say why and where, and return no frame */
    ps_frame_free(f);
    return 0;
}
