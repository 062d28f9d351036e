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
    xapc_db_t *spell;    /* the local spelling database beside a stub, or
                            NULL: db's own (open.c) */
    strlist_t missing;   /* stub lines of shards left out (partial, open.c) */
    /* Vectors (fusion.c): loaded on the first search that asks for them. */
    struct gs_vectors *vec;
    char *vec_why;       /* why there are none (a note), malloc'd */
    int vec_tried;
    /* Facets (facets.c): the facet slots as codes, read on the first
     * search whose matches make it pay; NULL before. */
    struct gs_fcache *fcache;
};

/* ---- open.c: the database, its shards and their failures --------------- */

/* The local spelling database of a sharded index: "spelling" beside the stub. */
#define GS_SPELLING_DB "spelling"
/* Open s->db from s->path (an index, or a stub whose lines are opened one
 * by one with the shard time limit), and s->spell.  XAPC_OK, or a status
 * and *err (malloc'd) naming the shard that failed. */
xapc_status_t gs_searcher_open_db(gs_searcher_t *s, char **err);
/* After XAPC_NETWORK: open s->db again, shard by shard.  0 when it opened
 * (under the partial policy without the shards that do not answer): run
 * the operation again; else -1 and *why (malloc'd) names the shard. */
int gs_searcher_reconnect(gs_searcher_t *s, char **why);
/* The note of a partial result (nothing when no shard is missing). */
void gs_searcher_note_missing(gs_searcher_t *s, strlist_t *notes);

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

/* How much of its record a hit holds (search.c hit_record): the result
 * line's fields only (a search without snippets), those and the text
 * fields (snippets: `data` then keeps the stored record's JSON, for
 * gs_results_record), or the whole record (an index without summaries,
 * or completed).  results.c completes a hit on demand. */
typedef enum { GS_HIT_WHOLE = 0, GS_HIT_LINE, GS_HIT_TEXT } gs_hit_level_t;
typedef struct {
    gs_hit_level_t level;
    char *data;          /* malloc'd copy of the stored JSON, or NULL */
    size_t len;
} gs_hit_more_t;

struct gs_results {
    gs_searcher_t *s;
    gs_hit_t *hits;
    gs_hit_more_t *more;  /* more[i]: how much hits[i].rec holds */
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
    /* Candidates the recheck's match decider judged, over the search's
     * ranking passes: a cost, not a result (tests/test_recheck_once.c). */
    uint32_t judged;
};

/* The whole stored record of document did, read again (retried as every
 * read is); a new record, or NULL when it is gone, unreadable or out of
 * memory.  For a hit read brief (results.c). */
gs_record_t *gs_searcher_record_at(gs_searcher_t *s, xapc_docid_t did);
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
                                  gs_hit_more_t *more, uint32_t n, int at_end);
/* o's page widened to the blocks of ten ranks it lies in, in *wide (a copy
 * of o); returns wide. */
const gs_search_opts_t *gs_proximity_widen(const gs_search_opts_t *o, gs_search_opts_t *wide);
/* Keep the hits of ranks first..first+count-1 (moved to the front, with
 * their more[] entries), free the others' records; returns how many are kept. */
uint32_t gs_proximity_cut(gs_hit_t *hits, gs_hit_more_t *more, uint32_t n, uint32_t first,
                          uint32_t count);

/* Free what r holds and leave it empty (results.c); r itself stays. */
void gs_results_clear(gs_results_t *r);

/* Pseudo-relevance feedback (prf.c): the weighted OR of the best terms of
 * q's first hits, for its ranking only, in *out (the caller destroys it);
 * *out NULL when q is too long for it or finds nothing. */
gs_status_t gs_prf_query(gs_searcher_t *s, const gs_query_t *q, const gs_search_opts_t *o,
                         xapc_query_t **out, char **err);

/* Vectors fused with BM25 (fusion.c).  A search with o->vectors runs BM25
 * with the page widened to the fusion's depth (gs_fusion_widen: returns
 * wide, or o itself when nothing is fused), then gs_fusion_apply reorders
 * r by reciprocal rank fusion with the query's nearest vectors and cuts the
 * page o asked for; it never fails the search (out of memory: a note).
 * gs_fusion_close frees what the searcher loaded. */
const gs_search_opts_t *gs_fusion_widen(const gs_search_opts_t *o, gs_search_opts_t *wide);
gs_status_t gs_fusion_apply(gs_searcher_t *s, const gs_query_t *q, const gs_search_opts_t *o,
                            gs_results_t *r, char **err);
void gs_fusion_close(gs_searcher_t *s);

#endif
