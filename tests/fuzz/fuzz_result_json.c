/*
** libFuzzer harness for the result JSON reader: any bytes must give either a
** result or an error record with a message, never a crash, a hang, undefined
** behaviour or a leak.  A result that reads must also write, and what it
** writes must read back to the same text (write -> read -> write is stable).
** Build and run as README.md in this folder says for fuzz_model, with
** seeds/result_json/ as seed folder.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_round_trip(const ps_result *r) {
    char *a = NULL, *b = NULL;
    ps_result *g = NULL;
    ps_error err;
    if (ps_result_to_json(r, &a, &err) != PS_OK) __builtin_trap();
    if (ps_result_parse_json(a, strlen(a), "again.json", &g, &err) != PS_OK) __builtin_trap();
    if (ps_result_to_json(g, &b, &err) != PS_OK) __builtin_trap();
    if (strcmp(a, b) != 0) __builtin_trap();
    free(a);
    free(b);
    ps_result_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ps_result *r = NULL;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_result_parse_json((const char *)data, size, "fuzz.json", &r, &err);
    if (rc == PS_OK) check_round_trip(r);
    else if (r != NULL || err.message[0] == '\0') __builtin_trap();
    ps_result_free(r);
    return 0;
}
