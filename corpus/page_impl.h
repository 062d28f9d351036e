/* page_impl.h - corpus-internal entry to the page parser. */
#ifndef GS_PAGE_IMPL_H
#define GS_PAGE_IMPL_H

#include <stddef.h>
#include "corpus/record.h"

/* Warnings (record kept) go through warn; line is 1-based in the page. */
typedef void (*gs_page_warn_fn)(void *ctx, unsigned long line, const char *reason);

/* Parse one page.  On success the record (caller frees); *secrets counts
 * the keys/tokens dropped.  NULL with a static reason in *why and its line
 * in *why_line (0 = the page as a whole) when the page is unusable. */
gs_record_t *gs_page_parse_ex(const char *text, size_t len, const char *file_name,
                              gs_page_warn_fn warn, void *ctx, unsigned *secrets,
                              const char **why, unsigned long *why_line);

/* The stable id of a page without a number: the file's base name without
 * extensions and without a leading "NNN_" ordering prefix
 * ("data/seeds/002_b1dd8b135cc461c3.txt" -> "b1dd8b135cc461c3"); for stdin
 * or memory (name NULL or "-"), "page-" + a hash of the text.  malloc'd. */
char *gs_page_id_from_name(const char *file_name, const char *text, size_t len);

#endif
