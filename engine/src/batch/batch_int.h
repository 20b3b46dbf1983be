/* Internal to the batch module: shared helpers of plan, records and manifests. */
#ifndef PS_BATCH_INT_H
#define PS_BATCH_INT_H

#include "batch/batch.h"

#include <cjson/cJSON.h>

#include "util/jsonr.h"

#include "util/alloc.h"

/* Typed fields (and ps_jr_str, util/jsonr.h); `where` is the object's path
** ("scripts[2]"). */
int ps_batch_get_num(ps_jr *j, const cJSON *o, const char *where, const char *key,
                     double *out);
int ps_batch_get_hash(ps_jr *j, const cJSON *o, const char *where, const char *key,
                      int may_be_empty, char out[65]);
/* Check "schema" and "schema_version". */
int ps_batch_check_schema(ps_jr *j, const cJSON *root, const char *schema);

/* A record's fields into/from a JSON object (without the schema fields). */
int ps_batch_record_to_json(const ps_batch_record *r, cJSON *o, int with_reused);
int ps_batch_record_from_json(ps_jr *j, const cJSON *o, const char *where,
                              ps_batch_record **out);

/* Render with tabs and a final newline, and write atomically. */
int ps_batch_json_write(cJSON *root, const char *path, ps_error *err);
/* Read and parse a whole JSON file; *root is the caller's (cJSON_Delete). */
int ps_batch_json_read(const char *path, cJSON **root, ps_error *err);

#endif
