/* json_record.h - corpus-internal: JSON parsing with warnings and counts. */
#ifndef GS_JSON_RECORD_H
#define GS_JSON_RECORD_H

#include <stddef.h>
#include "corpus/reader_impl.h"
#include "corpus/record.h"

typedef void (*gs_json_warn_fn)(void *ctx, const char *reason);

/* gs_record_from_json, plus: a value that does not parse ("date": "soon") is
 * dropped and reported through warn (may be NULL); keys that name secrets
 * are dropped unread and counted in *secrets.  The record is not yet
 * scrubbed of token-like values (the caller counts those).  On failure
 * *kind (may be NULL) says what the reader counts it as: GS_SKIP_NUL,
 * GS_SKIP_FIELD_SIZE or GS_SKIP_JSON. */
gs_record_t *gs_record_from_json_ex(const char *json, size_t len, const char **why,
                                    gs_skip_t *kind, gs_json_warn_fn warn, void *ctx,
                                    unsigned *secrets);

#endif
