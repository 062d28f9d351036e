/* internal.h - what the searcher's files share and nobody else sees. */
#ifndef GS_SEARCHER_INTERNAL_H
#define GS_SEARCHER_INTERNAL_H

#include "query/build.h"
#include "searcher/searcher.h"
#include "searcher/verify.h"

#include <stddef.h>

/* ---- the objects of searcher.h --------------------------------------- */
struct gs_searcher {
    char *path;
    xapc_db_t *db;
    gs_analyzer_t *an;
    gs_synonyms_t *syn;  /* gs_searcher_set_synonyms; NULL = none */
    int no_decider;      /* the database refuses match deciders (Xapian's
                            remote backend): recheck on the client */
};

struct gs_query {
    gs_searcher_t *s;
    qnode_t *root;
    char *text;
    char *desc;
    char *note;          /* for the results' notes (`word:` read as a word), or NULL */
};

/* The builder's view of s (its database, analyzer and synonyms). */
gs_qenv_t gs_searcher_qenv(gs_searcher_t *s);

/* Snippet of text with hl marked, in style. malloc'd. */
char *gs_snippet(gs_analyzer_t *an, const char *text, const hlset_t *hl, gs_hl_style_t style,
                 int *nmatch);

struct gs_results {
    gs_searcher_t *s;
    gs_hit_t *hits;
    uint32_t n;
    uint32_t estimate;
    int exact;           /* estimate is the exact count (gs_results_exact) */
    int relaxed;
    char *suggestion;
    char *query;
    hlset_t hl;
    gs_facet_t *facets;
    size_t nfacets;
    strlist_t notes;
};

/* --explain (explain.c): fill hits[0..n)'s explain lists from the ranked
 * terms of the readings that found them (relaxed hits: `relaxed`), each
 * term's weight on the hit computed by Xapian with the search's BM25
 * parameters.  XAPC_OK or the index's status. */
xapc_status_t gs_explain_hits(gs_searcher_t *s, gs_hit_t *hits, uint32_t n,
                              const gs_exlist_t *strict, const gs_exlist_t *relaxed,
                              const gs_search_opts_t *o);
void gs_explain_free(gs_hit_t *h);

/* The proximity bonus (proximity.c): in each block of ten ranks whole in
 * hits[0..n) (at_end: the page holds the last hit, so a short last block is
 * whole), add it to each hit's score (and proximity) and reorder by the new
 * score, strict hits before relaxed ones as before.  root: the parsed query. */
xapc_status_t gs_proximity_rerank(gs_searcher_t *s, const qnode_t *root, gs_hit_t *hits,
                                  uint32_t n, int at_end);
/* o's page widened to the blocks of ten ranks it lies in, in *wide (a copy
 * of o); returns wide. */
const gs_search_opts_t *gs_proximity_widen(const gs_search_opts_t *o, gs_search_opts_t *wide);
/* Keep the hits of ranks first..first+count-1 (moved to the front), free
 * the others' records; returns how many are kept. */
uint32_t gs_proximity_cut(gs_hit_t *hits, uint32_t n, uint32_t first, uint32_t count);

/* Free what r holds and leave it empty (results.c); r itself stays. */
void gs_results_clear(gs_results_t *r);

#endif
