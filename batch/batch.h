/* batch.h - run many queries on N threads, print the results in input order.
 *
 * The engine here knows nothing about searching: it reads query lines,
 * hands each one to a worker (a caller-supplied callback with one context
 * per thread, e.g. one searcher with its own Xapian database), collects
 * what each query printed into its own memory buffer, and writes the
 * buffers to the output strictly in input order as soon as the next one in
 * line is finished.  So output streams, and it is identical whatever the
 * thread count.
 *
 * Input lines:  QUERY            id = the 1-based line number
 *               ID<TAB>QUERY     id = ID (trimmed)
 *               ID<TAB>QUERY<TAB>...  extra columns are ignored, so a
 *                                qid/query/kind TSV such as the dev set's
 *                                dev-queries.tsv can be fed as it is.
 * A trailing CR is removed; blank lines are skipped (they still count for
 * line numbers).  At most `chunk` lines are in flight (read, and not yet
 * written), so memory stays bounded however big the input is; a slow query
 * holds back only the output after it, and the other threads go on with the
 * lines behind it until `chunk` lines wait on it.
 */
#ifndef GS_BATCH_H
#define GS_BATCH_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One input query.  Strings belong to the batch engine and are valid only
 * during the run callback. */
typedef struct {
    const char *qid;      /* the query id (line number when none was given) */
    const char *text;     /* the query text (or the draft, for similar) */
    size_t text_len;
    unsigned long line;   /* 1-based line number in the input */
} gs_batch_query_t;

/* The caller's worker, one instance per thread. */
typedef struct {
    /* Create the per-thread context (called from the main thread before the
     * workers start).  NULL on failure with a malloc'd reason in *err. */
    void *(*open)(void *arg, char **err);
    /* Run one query, printing its result lines to `out` (a private memory
     * stream).  Return 0 on success; on failure return non-zero, print the
     * format's error line (if it has one) to `out`, and set *err to a malloc'd
     * message (it goes to stderr, in input order, as "ID (line L): message"). */
    int (*run)(void *ctx, const gs_batch_query_t *q, FILE *out, char **err);
    void (*close)(void *ctx);
    void *arg;
    /* Optional (NULL: nothing): called on the worker's own thread, after
     * every context opened and before it takes its first query, for work
     * each query would otherwise wait on (batch_search.c: the dictionary). */
    void (*start)(void *ctx);
} gs_batch_worker_t;

typedef struct {
    unsigned threads;     /* 0 = the number of online CPUs */
    size_t chunk;         /* lines in flight at most, 0 = 4096 */
} gs_batch_opts_t;

typedef struct {
    size_t queries;       /* queries run (blank lines not counted) */
    size_t errors;        /* queries whose run callback failed */
    unsigned threads;     /* threads actually used */
    double total_s;       /* wall time from the first read to the last write */
    double mean_ms, p50_ms, p99_ms, max_ms;  /* per-query latency (run callback) */
} gs_batch_stats_t;

/* Read queries from `in` (named `in_name` in messages) and write the results
 * to `out` in input order; error messages go to `errs` (may be NULL).
 * Returns 0 when the batch ran (even if some queries failed: see
 * stats->errors), -1 when it could not (a worker failed to open, a read or
 * write error, no memory); then *err (may be NULL) gets a malloc'd reason.
 * `stats` may be NULL. */
int gs_batch_run(FILE *in, const char *in_name, FILE *out, FILE *errs,
                 const gs_batch_worker_t *worker, const gs_batch_opts_t *opts,
                 gs_batch_stats_t *stats, char **err);

/* The nearest-rank percentile pct (0..100) of sorted v[0..n) (0 when n is
 * 0): what --timing reports, and the bench tools too. */
double gs_batch_percentile(const double *v, size_t n, double pct);

/* The number of online CPUs (at least 1). */
unsigned gs_batch_default_threads(void);

/* "batch: queries=N threads=T total_s=X qps=Y mean_ms=A p50_ms=B p99_ms=C max_ms=D"
 * (no newline) into buf; returns what snprintf returns. */
int gs_batch_format_timing(const gs_batch_stats_t *st, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* GS_BATCH_H */
