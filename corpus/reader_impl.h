/* reader_impl.h - corpus-internal: what the per-format readers share with
 * the dispatcher in reader.c (diagnostics, counts, record finishing). */
#ifndef GS_READER_IMPL_H
#define GS_READER_IMPL_H

#include "corpus/input.h"
#include "corpus/reader.h"
#include "toolkit/buf.h"

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
    GS_SKIP_BAD_ID,      /* a control character in the number or id */
    GS_NSKIP
} gs_skip_t;

/* Kinds of report, each capped on its own (reader.c, DIAG_SHOWN):
 * once-per-file notes are never capped; per-record warnings and each kind
 * of skip are, and the rest summed up at the end of the run. */
typedef enum {
    GS_NOTE_FILE,        /* about a file or a path as a whole */
    GS_NOTE_DUPLICATE,   /* a record replaces an earlier one */
    GS_NOTE_VALUE,       /* a value ignored, a column duplicated, ... */
    GS_NOTE_SKIP,        /* + gs_skip_t: a skipped record */
    GS_NNOTE = GS_NOTE_SKIP + GS_NSKIP
} gs_note_t;

/* Report and count one skipped record (or file).  fmt is printf-style. */
void gs_reader_skip(gs_reader_t *r, gs_skip_t why, const char *file, unsigned long line,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Report a warning (the record is kept). */
void gs_reader_warn(gs_reader_t *r, gs_note_t kind, const char *file, unsigned long line,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

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
/* A JSON array of records ("[{...},{...}]", any layout), or objects
 * spread over several lines, read as a stream: memory is one element,
 * capped at GS_MAX_RECORD. */
typedef struct gs_jarr gs_jarr_t;
gs_jarr_t *gs_jarr_new(int array);   /* array: the input starts with '[' */
void gs_jarr_free(gs_jarr_t *a);
int gs_jarr_next(gs_reader_t *r, gs_jarr_t *a, const char *file, gs_input_t *in,
                 gs_record_t **out);

/* charset.c: encodings.  UTF-16 by its BOM (*bom = its length) or by the
 * high bytes of Russian text: "UTF-16LE"/"UTF-16BE", else NULL. */
const char *gs_sniff_utf16(const char *s, size_t n, size_t *bom);
typedef struct {
    size_t controls;     /* C0 controls other than tab, CR, LF, FF; DEL */
    size_t utf8_multi;   /* valid UTF-8 multi-byte sequences */
    size_t invalid;      /* bytes that start no valid UTF-8 sequence */
    size_t cp1251_like;  /* of those, bytes that are cp1251 letters or punctuation */
} gs_text_class_t;
void gs_text_classify(const char *s, size_t n, gs_text_class_t *c);
/* Is a text so classified cp1251 rather than (damaged) UTF-8? */
int gs_looks_cp1251(const gs_text_class_t *c);

int gs_jsonl_next(gs_reader_t *r, const char *file, gs_input_t *in, gs_record_t **out);

#endif
