/* similar.h - past applications most like a draft or an indexed application.
 *
 * How: the draft's discriminating terms are picked against the index's
 * statistics (precedents/draft_terms.h: tf-idf, rare words first, words most
 * applications share dropped), each term becomes the same multi-field
 * boosted query `search` builds for a word (gs_term_query), weighted by
 * (1 + ln tf) * sqrt(idf) (draft_terms.h's rank_weight), and the terms are OR'ed (as one flat OR of their body and
 * field leaves, which ranks the same and matches faster) and ranked by
 * BM25.  The source
 * itself is excluded; search-syntax filters restrict the precedents.
 * Each hit carries the terms it shares with the draft, shown in the
 * draft's own word forms.
 *
 * Printing a page (text, JSON, TSV) is output/hits.h's gs_similar_print.
 *
 * Threads: everything goes through one gs_searcher_t, so one per thread.
 */
#ifndef GS_SIMILAR_H
#define GS_SIMILAR_H

#include <stddef.h>
#include <stdio.h>

#include "precedents/draft_terms.h"
#include "searcher/searcher.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    gs_search_opts_t search;  /* n, offset, boosts, BM25, snippets */
    gs_draft_opts_t terms;    /* how many terms, which to drop */
    const char *filters;      /* search-syntax filters ("status:winner year:2019..2021
                                 region:пермский"), NULL or "" = none */
    size_t max_shared;        /* shared terms listed per hit (0 = 8) */
    unsigned title_times;     /* a record's title counts this many times (0 = 2) */
} gs_similar_opts_t;

void gs_similar_opts_init(gs_similar_opts_t *o);

typedef struct gs_similar gs_similar_t;

/* Applications like the plain text[0..len) (a draft of any length).  When
 * exclude_id is not NULL, the application with that id is left out. */
gs_status_t gs_similar_text(gs_searcher_t *s, const char *text, size_t len,
                            const char *exclude_id, const gs_similar_opts_t *o,
                            gs_similar_t **out, char **err);
/* Applications like a record (its title, description, goal, tasks,
 * significance and target groups); the record itself (by id) is excluded. */
gs_status_t gs_similar_record(gs_searcher_t *s, const gs_record_t *rec,
                              const gs_similar_opts_t *o, gs_similar_t **out,
                              char **err);
/* Applications like the indexed one numbered `number` (GS_ENOTFOUND
 * if there is none); it is excluded. */
gs_status_t gs_similar_id(gs_searcher_t *s, const char *number,
                          const gs_similar_opts_t *o, gs_similar_t **out, char **err);

/* The results page (owned by sim). */
gs_results_t *gs_similar_results(gs_similar_t *sim);
/* The terms the query was made of, best first (owned by sim). */
size_t gs_similar_nterms(const gs_similar_t *sim);
const gs_draft_term_t *gs_similar_term(const gs_similar_t *sim, size_t i);
/* The forms of the terms hit i shares with the draft, most discriminating
 * first: *forms[0..return) (owned by sim). */
size_t gs_similar_shared(const gs_similar_t *sim, uint32_t i, const char *const **forms);
/* The source's id (--id, or a record with an id), else NULL. */
const char *gs_similar_source(const gs_similar_t *sim);

void gs_similar_free(gs_similar_t *sim);   /* NULL is fine */

/* The filter part of a search-syntax string ("status:winner year:2021"):
 * a new query the caller destroys, or NULL with *err when the text is not
 * only filters or is malformed. */
xapc_query_t *gs_similar_filters(gs_searcher_t *s, const char *text, char **err);

#ifdef __cplusplus
}
#endif
#endif /* GS_SIMILAR_H */
