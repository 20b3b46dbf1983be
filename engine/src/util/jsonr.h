/*
** Internal: reading JSON documents parsed by cJSON (result files, batch
** records and manifests), the reader's side of jsonw.h.  Every error names
** the file and the field that is wrong, as "FILE: error: series.gdp[3]:
** expected a number or null", the same way in every reader.
*/
#ifndef PS_UTIL_JSONR_H
#define PS_UTIL_JSONR_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "polsim/error.h"

/* Where a reader is: the file it names in errors, and the error record. */
typedef struct ps_jr {
    const char *file;
    ps_error *err;
} ps_jr;

/* PS_ERR_DATA at the file, with the message; returns the code. */
int ps_jr_bad(ps_jr *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* PS_ERR_NOMEM "out of memory reading FILE". */
int ps_jr_nomem(ps_jr *j);
/* The path of field key of the object at path where ("model" + "name" ->
** "model.name"; a top-level field, where "", has no prefix), into buf. */
const char *ps_jr_path(char *buf, size_t n, const char *where, const char *key);
/* The string field key of o, copied into *out (malloc'ed; a string *out held
** before is freed): "WHERE.KEY: missing (expected a string)" or "expected a
** string" otherwise. */
int ps_jr_str(ps_jr *j, const cJSON *o, const char *where, const char *key, char **out);

#endif
