/* stored_record.h - the text fields of a stored record, read straight from
 * its JSON without building a DOM (the recheck's fast path, verify.c); and
 * a hit's result-line fields, read from its summary value (search.c). */
#ifndef GS_STORED_RECORD_H
#define GS_STORED_RECORD_H

#include "schema/schema.h"
#include "toolkit/buf.h"

#include <stddef.h>

/* The text fields of a stored record: out[i] gets the string of the i-th
 * field of the schema's table (gs_schema_fields) (out's buffers are reused and grown).
 * 0, or -1 when the JSON holds anything unexpected (the caller then falls
 * back to jansson). */
int gs_stored_text_fields(const char *js, size_t len, gs_buf_t out[GS_SCHEMA_NFIELDS]);

/* The text fields (gs_schema_fields) of the stored record js[0..len) into
 * the fields of r that are absent, each as gs_record_from_json keeps it
 * (trimmed; empty = absent), without building jansson's tree.  0, or -1
 * when the JSON holds anything unexpected or memory ran out (r may then
 * have some set: the caller frees it and reads the record with jansson). */
int gs_stored_text_into(const char *js, size_t len, gs_record_t *r);

/* A new record holding only what the summary value v[0..len) carries
 * (schema/summary.h: id, number, title, region, status, year); the caller
 * frees it with gs_record_free.  NULL when v is not a summary (an index
 * made before it: read the stored record instead) or out of memory. */
gs_record_t *gs_stored_summary(const char *v, size_t len);

#endif /* GS_STORED_RECORD_H */
