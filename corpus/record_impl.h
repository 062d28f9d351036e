/* record_impl.h - corpus-internal helpers shared by the readers (not part of
 * the public API: the indexer and searcher use record.h and reader.h only). */
#ifndef GS_RECORD_IMPL_H
#define GS_RECORD_IMPL_H

#include <stddef.h>
#include "corpus/record.h"

/* Limits.  A field beyond GS_MAX_FIELD bytes skips its record; a line or a
 * record beyond GS_MAX_RECORD bytes is skipped without being held whole. */
#define GS_MAX_FIELD (1u << 20)
#define GS_MAX_RECORD (16u << 20)

/* The non-string values of a record, by the names they go by. */
typedef enum {
    GS_V_STATUS, GS_V_YEAR, GS_V_DATE, GS_V_START, GS_V_END,
    GS_V_AMOUNT, GS_V_COFUNDING, GS_V_TOTAL, GS_V_RATING
} gs_value_t;

/* gs_value_t for "amount", "money_req_grant", "winner", ...; -1 if none. */
int gs_value_by_name(const char *name);

/* Set whatever `name` names (string field or value) from the text
 * val[0..len), parsing Russian numbers and dates.  Surrounding white space
 * is trimmed; empty means absent.  0 done, 1 unknown name, -1 bad value
 * (static reason in *why), -2 ENOMEM. */
int gs_record_set_named(gs_record_t *r, const char *name, const char *val, size_t len,
                        const char **why);

/* The status a wording means ("победитель конкурса", "TRUE", ...). */
gs_outcome_t gs_outcome_classify(const char *s);

/* Derive what can be derived once all fields are in: id from the number,
 * year from the date or the contest name, status from its wording.
 * 0 ok, -1 ENOMEM. */
int gs_record_finish(gs_record_t *r);

/* secrets.c: drop key/token-like substrings from s in place; returns how
 * many were dropped.  Also: does a JSON key name a secret (*key*, *token*,
 * *secret*, *password*)? */
unsigned gs_secrets_scrub(char *s);
int gs_secrets_key_is_secret(const char *key);
/* Scrub every string field of r; returns the number of secrets dropped. */
unsigned gs_secrets_scrub_record(gs_record_t *r);

/* UTF-8 check: NULL if s[0..len) is valid UTF-8 without NUL bytes, else a
 * static reason ("invalid UTF-8", "NUL byte"); *at gets the byte offset. */
const char *gs_utf8_check(const char *s, size_t len, size_t *at);

#endif
