/* internal.h - helpers the indexer's own files share (util.c); not part of
 * the indexer's API, so nothing outside indexer/ includes it. */
#ifndef GS_INDEXER_INTERNAL_H
#define GS_INDEXER_INTERNAL_H

#include <stdio.h>
#include "indexer/indexer.h"

/* Replace *err (freed first) with a malloc'd message; does nothing when err
 * is NULL, leaves *err NULL when out of memory. */
void gs_index_set_err(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Monotonic clock in seconds, for elapsed times and the progress rate. */
double gs_index_now(void);

/* A record's source is "FILE" or "FILE:LINE" (see corpus/record.h); split it
 * for a diagnostic.  file gets the FILE part (at most cap-1 bytes, "-" when
 * there is no source), *line the LINE (0 when there is none). */
void gs_index_split_source(const char *source, char *file, size_t cap, unsigned long *line);

/* rm -r PATH (DB.old, DB.compact-tmp, DB.shards); 0 also when it is absent. */
int gs_index_rmtree(const char *path);

/* Draw the progress line "N records, X MB, R records/s[, ETA m:ss]" over
 * the last one on out; final: no ETA, and end it with a newline.  The
 * caller serialises output (the diagnostics write to the same stream). */
void gs_index_progress_line(FILE *out, const gs_reader_stats_t *rs, unsigned long done,
                            double seconds, int final);

/* The sharded fresh build (shards.c); called by gs_index_paths with the
 * main database's writer `w` (held for its lock, empty, closed here). */
int gs_index_sharded(const gs_index_options_t *o, gs_writer_t *w, unsigned threads,
                     const char *const *paths, size_t n, gs_index_result_t *res, char **err);

#endif /* GS_INDEXER_INTERNAL_H */
