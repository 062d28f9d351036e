/* reader.h - read application records from files, directories or stdin.
 *
 * Forms: scraped page text (like data/seeds/), the 29-column `;` CSV of the
 * public archive, JSON Lines.  Any of them may be gzip-compressed (detected by
 * magic bytes).  Directories are read recursively in name order; "-" is stdin.
 * The form is detected from content unless forced.
 *
 * Bad input never stops the reader: each problem is reported once through
 * the diagnostic callback as FILE:LINE: reason, the record is skipped, and
 * reading goes on.  Memory stays bounded by the largest record.
 */
#ifndef GS_READER_H
#define GS_READER_H

#include <stddef.h>
#include <stdint.h>
#include "record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    GS_FORMAT_AUTO = 0,
    GS_FORMAT_PAGE,   /* scraped page text, one application per file */
    GS_FORMAT_CSV,    /* the archive CSV with a header row */
    GS_FORMAT_JSONL   /* one JSON object per line */
} gs_format_t;

/* "auto", "page", "csv", "jsonl"; -1 for an unknown name. */
int gs_format_by_name(const char *name);

typedef enum {
    GS_DIAG_WARNING,  /* reported, record kept (unknown CSV column, duplicate replaced) */
    GS_DIAG_ERROR     /* the record (or the rest of a file) was skipped */
} gs_diag_level_t;

/* file is the path as given (or "-"), line the 1-based line where the
 * problem is (0 = the file as a whole). */
typedef void (*gs_diag_fn)(void *ctx, gs_diag_level_t level, const char *file,
                           unsigned long line, const char *reason);

typedef struct gs_reader gs_reader_t;

typedef struct {
    unsigned long files;        /* files opened */
    unsigned long records;      /* records returned */
    unsigned long skipped;      /* records or files skipped for errors */
    unsigned long duplicates;   /* records whose id was seen before (returned; they replace) */
    unsigned long secrets;      /* API keys / tokens dropped */
    unsigned long not_read;     /* paths passed over: special files, links to what was read */
    uint64_t bytes_read;        /* input bytes consumed so far (compressed size for .gz) */
    uint64_t bytes_total;       /* sum of the sizes of the regular files to read (0 = unknown) */
} gs_reader_stats_t;

/* Open a reader over paths[0..n) (files, directories, "-").  diag may be
 * NULL (problems are then counted only).  NULL only on ENOMEM. */
gs_reader_t *gs_reader_open(const char *const *paths, size_t n, gs_format_t format,
                            gs_diag_fn diag, void *ctx);
/* Open a reader over one file held in memory: buf[0..len) (may be gzip),
 * named `name` in messages and ids (NULL = "-").  buf must outlive the
 * reader; it is not copied.  For fuzzing and tests.  NULL only on ENOMEM. */
gs_reader_t *gs_reader_open_memory(const void *buf, size_t len, const char *name,
                                   gs_format_t format, gs_diag_fn diag, void *ctx);
/* Next record: 1 and *out set (caller frees with gs_record_free), 0 at the end. */
int gs_reader_next(gs_reader_t *r, gs_record_t **out);
void gs_reader_stats(const gs_reader_t *r, gs_reader_stats_t *out);
/* A one-line summary of the stats and the skip reasons, e.g. "925 records
 * read, 2 skipped (1 invalid UTF-8, 1 CSV field count)". Reader-owned. */
const char *gs_reader_summary(gs_reader_t *r);
void gs_reader_close(gs_reader_t *r);   /* NULL is fine */

/* Parse one page-text document held in memory (file_name gives the stable
 * id of a page without a number).  For tests and the "similar" command's
 * --file.  NULL if it holds nothing usable (reason via diag). */
gs_record_t *gs_page_parse(const char *text, size_t len, const char *file_name,
                           gs_diag_fn diag, void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* GS_READER_H */
