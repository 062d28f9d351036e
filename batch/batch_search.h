/* batch_search.h - the batch worker that runs `search` (or `similar`) for
 * each query line and renders it as TSV, JSON Lines or a TREC run.
 *
 * Each thread opens its own gs_searcher_t (own Xapian handle and analyzer).
 *
 * Formats:
 *   tsv    ID RANK NUMBER SCORE TITLE, one line per hit (none for no hits);
 *          a failed query gives "ID 0 - 0 error: MESSAGE"
 *   jsonl  one object per query: {"id","query","total","results":[{rank,
 *          number,score,status,year,title}]}, or {"id","query","error"}
 *   trec   QID Q0 DOCID RANK SCORE grantsearch (DOCID = application number;
 *          SCORE falls with RANK, since TREC tools sort by it: where the
 *          searcher ranks a lower-scored hit first, e.g. a strict match
 *          before a relaxed one, the score printed is lowered to keep order);
 *          a failed query prints nothing there (only the stderr line), so
 *          the run stays readable by trec_eval
 */
#ifndef GS_BATCH_SEARCH_H
#define GS_BATCH_SEARCH_H

#include "batch/batch.h"
#include "precedents/similar.h"

typedef enum { GS_BATCH_TSV, GS_BATCH_JSONL, GS_BATCH_TREC } gs_batch_format_t;

/* "tsv" | "jsonl" | "trec"; -1 if unknown. */
int gs_batch_format_parse(const char *name, gs_batch_format_t *out);

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
    /* Set by the first worker that fails to open (for the exit code). */
    gs_status_t open_status;
} gs_batch_search_t;

/* Fill *w with the worker for cfg (cfg must outlive the batch). */
void gs_batch_search_worker(gs_batch_search_t *cfg, gs_batch_worker_t *w);

#endif
