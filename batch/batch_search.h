/* batch_search.h - the batch worker that runs `search` (or `similar`) for
 * each query line and renders it as TSV, JSON Lines or a TREC run.
 *
 * Each thread opens its own gs_searcher_t (own Xapian handle and analyzer).
 *
 * The formats (tsv, jsonl, trec) are output/hits.h's.
 */
#ifndef GS_BATCH_SEARCH_H
#define GS_BATCH_SEARCH_H

#include "batch/batch.h"
#include "output/hits.h" /* gs_batch_format_t, the lines printed */
#include "precedents/similar.h"


typedef struct {
    const char *dbpath;
    gs_batch_format_t format;
    int similar;              /* each line is a draft for `similar` */
    gs_similar_opts_t opts;   /* opts.search for search mode too (n, boosts, ...) */
    const char *tag;          /* TREC run tag (NULL = "grantsearch") */
    const char *synonyms;     /* synonyms file for every thread's searcher (NULL = none) */
    /* Why the synonyms file could not be read (the first thread's words;
     * malloc'd, the caller frees and warns), else NULL. */
    char *synonyms_err;
    /* --vectors on an index whose vectors cannot be used: why ("vectors
     * not used: ..."; malloc'd, the caller frees and warns), else NULL. */
    char *vectors_note;
    /* Set by the first worker that fails to open (for the exit code). */
    gs_status_t open_status;
} gs_batch_search_t;

/* Fill *w with the worker for cfg (cfg must outlive the batch). */
void gs_batch_search_worker(gs_batch_search_t *cfg, gs_batch_worker_t *w);

#endif
