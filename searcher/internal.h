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

/* Free what r holds and leave it empty (results.c); r itself stays. */
void gs_results_clear(gs_results_t *r);

/* Pseudo-relevance feedback (prf.c): the weighted OR of the best terms of
 * q's first hits, for its ranking only, in *out (the caller destroys it);
 * *out NULL when q is too long for it or finds nothing. */
gs_status_t gs_prf_query(gs_searcher_t *s, const gs_query_t *q, const gs_search_opts_t *o,
                         xapc_query_t **out, char **err);

#endif
