/* summary.h - the result-line summary (value GS_SLOT_SUMMARY): its format,
 * its encoder (indexer) and decoder (searcher).
 *
 * A result line (text, TSV, JSON brief, batch, similar) shows a hit's number,
 * id, title, region, status and year.  Reading those from the stored record
 * meant Xapian inflating the whole record (its long texts included) and
 * jansson parsing it: most of a keyword query's time (bench/RESULTS.md,
 * "Issue 15").  The summary holds just them, in a value slot, which glass
 * keeps apart from the document data, so a result line costs one small
 * value read.
 *
 * Format (version 1): the byte 1; the status (gs_outcome_t) as one byte; the
 * year as a LEB128 of its 32 bits; then for each field of gs_summary_fields
 * a LEB128 of (length + 1), 0 for an absent field (NULL), and the bytes.
 * Anything else (another version, a short or overlong value) is refused by
 * the decoder, and the searcher then reads the stored record as before. */
#ifndef GS_SUMMARY_H
#define GS_SUMMARY_H

#include <stddef.h>

#include "corpus/record.h"
#include "toolkit/buf.h"

/* The record's string fields a summary carries, in their order. */
#define GS_SUMMARY_NFIELDS 4
extern const gs_field_t gs_summary_fields[GS_SUMMARY_NFIELDS];

/* A decoded summary: views into the value it was decoded from (which must
 * outlive it); str[i] NULL when field gs_summary_fields[i] is absent, else
 * len[i] bytes, not NUL-terminated. */
typedef struct {
    gs_outcome_t status;
    int year;
    const char *str[GS_SUMMARY_NFIELDS];
    size_t len[GS_SUMMARY_NFIELDS];
} gs_summary_t;

/* r's summary appended to out.  0 ok, -1 out of memory (out has failed). */
int gs_summary_encode(const gs_record_t *r, gs_buf_t *out);

/* Decode v[0..len) into *out.  0 ok, -1 when it is not a summary of this
 * format (the caller falls back to the stored record). */
int gs_summary_decode(const char *v, size_t len, gs_summary_t *out);

#endif /* GS_SUMMARY_H */
