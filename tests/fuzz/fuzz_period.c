/*
** libFuzzer harness for the period parser: any bytes, as a label of each
** frequency, must either parse to an ordinal whose formatted label parses
** back to the same ordinal (years 1000-9999 round-trip, docs/periods) or
** fail with a message; the frequency guess never crashes either.  Also the
** frequency-name parser.  seeds/period/ holds labels of every form.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polsim/period.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_label(const char *label, ps_freq f) {
    long p = 0, q = 0;
    ps_error err;
    ps_error_clear(&err);
    int rc = ps_period_parse(label, f, &p, &err);
    if (rc != PS_OK) {
        if (!err.message[0]) __builtin_trap(); /* a failure says why */
        return;
    }
    char buf[PS_PERIOD_LABEL_MAX];
    ps_period_format(p, f, buf, sizeof buf);
    if (ps_period_parse(buf, f, &q, &err) != PS_OK || q != p) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 64) return 0; /* labels are short; longer inputs only repeat */
    char *label = malloc(size + 1);
    if (!label) return 0;
    memcpy(label, data, size);
    label[size] = '\0'; /* the parser takes C strings: an embedded NUL ends it */
    check_label(label, PS_FREQ_ANNUAL);
    check_label(label, PS_FREQ_QUARTERLY);
    check_label(label, PS_FREQ_MONTHLY);
    ps_freq f;
    if (ps_period_guess_freq(label, &f) == PS_OK) check_label(label, f);
    if (ps_freq_parse(label, &f) == PS_OK && !ps_freq_name(f)) __builtin_trap();
    free(label);
    return 0;
}
