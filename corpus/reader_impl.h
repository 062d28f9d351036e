/* reader_impl.h - corpus-internal: the one header the per-format readers
 * (reader_csv.c, reader_jsonl.c, reader_page.c) include.
 *
 * A format reader knows nothing of the dispatcher (reader.c): each call
 * gives back a record, a typed skip {kind, line, reason}, or the end of the
 * file; reader.c counts the skips by kind, caps and prints the reports,
 * finishes the records and tracks duplicates.  Warnings (the record is
 * kept) go up through the callback in gs_read_ctx_t.
 */
#ifndef GS_READER_IMPL_H
#define GS_READER_IMPL_H

#include <stddef.h>
#include "corpus/input.h"
#include "corpus/record.h"
#include "toolkit/buf.h"

/* Why something was skipped; each has a name in the summary (reader.c). */
typedef enum {
    GS_SKIP_OPEN,        /* cannot open or read the file, out of memory */
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

/* ---- what a format reader gives back --------------------------------- */

typedef enum {
    GS_READ_END = 0,     /* the file is done */
    GS_READ_RECORD,      /* a record: res->rec */
    GS_READ_SKIP         /* a record (or the rest of the file) skipped: res->skip */
} gs_read_t;

/* A skipped record or file. */
typedef struct {
    gs_skip_t kind;      /* what the summary counts it as */
    unsigned long line;  /* 1-based line; 0 = the file as a whole */
    char reason[512];    /* the message, without FILE:LINE */
} gs_skip_info_t;

typedef struct {
    gs_record_t *rec;    /* GS_READ_RECORD: the caller's now */
    unsigned long line;  /* the line the record starts on */
    unsigned secrets;    /* keys/tokens dropped while reading it */
    int complete;        /* 1: id, derivation, scrub and text check done (pages) */
    gs_skip_info_t skip; /* GS_READ_SKIP */
    int last;            /* 1: nothing more can come from this file (a read
                            error): the caller ends it after this result */
} gs_read_result_t;

/* What a format reader is told about its file. */
typedef void (*gs_read_warn_fn)(void *ctx, gs_note_t kind, unsigned long line,
                                const char *reason);
typedef struct {
    const char *file;    /* the path as given, for ids ("-" = stdin) */
    gs_read_warn_fn warn;
    void *ctx;
} gs_read_ctx_t;

/* reader_common.c: fill res->skip (fmt is printf-style); returns GS_READ_SKIP. */
gs_read_t gs_read_skip(gs_read_result_t *res, gs_skip_t kind, unsigned long line,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same into a bare gs_skip_info_t. */
void gs_skip_set(gs_skip_info_t *skip, gs_skip_t kind, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Pass a warning (the record is kept) up to the dispatcher. */
void gs_read_warn(const gs_read_ctx_t *x, gs_note_t kind, unsigned long line,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A read error of `in` at line (the rest of the file is lost). */
gs_read_t gs_read_input_error(gs_read_result_t *res, gs_input_t *in, unsigned long line,
                              const char *tail);
/* UTF-8/NUL check of s[0..len), a line or record starting at `line`:
 * 0 ok, -1 with *skip filled. */
int gs_text_check(const char *s, size_t len, unsigned long line, gs_skip_info_t *skip);

/* ---- the format readers ---------------------------------------------- */

/* The archive CSV: one row per call. */
typedef struct gs_csv gs_csv_t;
gs_csv_t *gs_csv_new(void);
void gs_csv_free(gs_csv_t *c);
gs_read_t gs_csv_next(gs_csv_t *c, const gs_read_ctx_t *x, gs_input_t *in,
                      gs_read_result_t *res);

/* JSON Lines: one line per call. */
gs_read_t gs_jsonl_next(const gs_read_ctx_t *x, gs_input_t *in, gs_read_result_t *res);

/* A JSON array of records ("[{...},{...}]", any layout), or objects
 * spread over several lines, read as a stream: memory is one element,
 * capped at GS_MAX_RECORD. */
typedef struct gs_jarr gs_jarr_t;
gs_jarr_t *gs_jarr_new(int array);   /* array: the input starts with '[' */
void gs_jarr_free(gs_jarr_t *a);
gs_read_t gs_jarr_next(gs_jarr_t *a, const gs_read_ctx_t *x, gs_input_t *in,
                       gs_read_result_t *res);

/* Page text: the whole file is one page, read in one call (a complete
 * record or a skip).  line_base: blank lines skipped before its text. */
gs_read_t gs_page_next(const gs_read_ctx_t *x, gs_input_t *in, unsigned long line_base,
                       gs_read_result_t *res);

/* The page parser.  Warnings (record kept) go through warn; line is 1-based
 * in the page.  On success the record (caller frees); *secrets counts the
 * keys/tokens dropped.  NULL with *skip filled (line 0 = the page as a
 * whole) when the page is unusable. */
typedef void (*gs_page_warn_fn)(void *ctx, unsigned long line, const char *reason);
gs_record_t *gs_page_parse_ex(const char *text, size_t len, const char *file_name,
                              gs_page_warn_fn warn, void *ctx, unsigned *secrets,
                              gs_skip_info_t *skip);

/* The stable id of a page without a number: the file's base name without
 * extensions and without a leading "NNN_" ordering prefix
 * ("data/seeds/002_b1dd8b135cc461c3.txt" -> "b1dd8b135cc461c3"); for stdin
 * or memory (name NULL or "-"), "page-" + a hash of the text.  malloc'd. */
char *gs_page_id_from_name(const char *file_name, const char *text, size_t len);

/* ---- charset.c: encodings -------------------------------------------- */

/* UTF-16 by its BOM (*bom = its length) or by the high bytes of Russian
 * text: "UTF-16LE"/"UTF-16BE", else NULL. */
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

#endif
