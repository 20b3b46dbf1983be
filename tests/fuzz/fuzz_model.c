/*
** libFuzzer harness for the model parser: any bytes must give either a model
** or an error record, never a crash, a hang, undefined behaviour or a leak.
** Build and run: see README.md in this folder.
*/
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ps_model *m = NULL;
    ps_error err;
    int rc = ps_model_parse_string((const char *)data, size, "fuzz.model", &m, &err);
    if (rc == PS_OK) {
        /* exercise the accessors on whatever came out */
        char buf[256];
        for (int e = 0; e < m->neq; e++) ps_expr_format(m, m->eqs[e].rhs, buf, sizeof buf);
        for (int i = 0; i < m->nsym; i++)
            if (ps_model_find(m, m->syms[i].name) < 0) __builtin_trap();
        for (int s = 0; s < m->nseries; s++)
            if (ps_model_series_sym(m, s) < 0) __builtin_trap();
    } else if (m != NULL || err.message[0] == '\0') {
        __builtin_trap();    /* a failure must say why and return no model */
    }
    ps_model_free(m);
    return 0;
}
