/* reader_impl.h - corpus-internal: what the per-format readers share with
 * the dispatcher in reader.c (diagnostics, counts, record finishing). */
#ifndef GS_READER_IMPL_H
#define GS_READER_IMPL_H

#include "corpus/input.h"
#include "corpus/reader.h"

/* Why something was skipped; each has a name in the summary. */
typedef enum {
    GS_SKIP_OPEN,        /* cannot open or read the file */
    GS_SKIP_GZIP,        /* truncated or corrupt gzip data */
    GS_SKIP_EMPTY,
    GS_SKIP_BINARY,
    GS_SKIP_UTF8,
    GS_SKIP_NUL,
    GS_SKIP_FIELD_SIZE,  /* a field over GS_MAX_FIELD */
    GS_SKIP_RECORD_SIZE, /* a line or record over GS_MAX_RECORD */
    GS_SKIP_CSV_HEADER,
    GS_SKIP_CSV_FIELDS,
    GS_SKIP_CSV_QUOTE,
    GS_SKIP_JSON,
    GS_SKIP_NO_TEXT,
    GS_NSKIP
} gs_skip_t;

/* Report and count one skipped record (or file).  fmt is printf-style. */
void gs_reader_skip(gs_reader_t *r, gs_skip_t why, const char *file, unsigned long line,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Report a warning (the record is kept). */
void gs_reader_warn(gs_reader_t *r, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Common last steps for a CSV/JSONL record read at file:line: scrub
 * secrets, give an id if it has none, derive, check it has text.  Returns
 * the record, or NULL after reporting (the record is freed). */
gs_record_t *gs_reader_finish_record(gs_reader_t *r, gs_record_t *rec, const char *file,
                                     unsigned long line, unsigned secrets);

/* UTF-8/NUL check of s[0..len), reported as a skip at file:line.  0 ok. */
int gs_reader_check_text(gs_reader_t *r, const char *file, unsigned long line, const char *s,
                         size_t len);

/* Per-format readers over an open input.  1 = *out set, 0 = end of file
 * (input errors have been reported). */
typedef struct gs_csv gs_csv_t;
gs_csv_t *gs_csv_new(void);
void gs_csv_free(gs_csv_t *c);
int gs_csv_next(gs_reader_t *r, gs_csv_t *c, const char *file, gs_input_t *in,
                gs_record_t **out);
int gs_jsonl_next(gs_reader_t *r, const char *file, gs_input_t *in, gs_record_t **out);

#endif
