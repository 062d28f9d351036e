/* facets.h - facet counts over every match of a query, apart from ranking.
 *
 * A search with facets ranks its page as a search without them (Xapian
 * stops at the page, pruned by maximum weight) and counts in a second,
 * weightless pass over every match: the same query scaled to weight 0,
 * the same recheck, nothing sorted.  The counts are those a single pass
 * over all matches gave (the recheck judges each candidate as it did;
 * the client-side recheck reuses the ranking walk's verdicts).
 *
 * How a pass counts, by database:
 *  - one local shard: each facet slot read once per searcher and index
 *    revision into a code per docid, and the matches' codes tallied
 *    (xapc_enquire_add_code_spy) - the codes the index stores when they
 *    describe its revision (schema/fcodes.h, ~3.4 ms at 166,848 records),
 *    else read from the slot's value stream (xapc_codes_build, ~45 ms),
 *    on the first search whose matches are a large enough share of the
 *    index (GS_FACET_STORED_SHARE, GS_FACET_CODES_SHARE: below it reading
 *    each match's values costs less); when every slot has codes, the
 *    matches are found without Xapian's matcher, as sets of docids
 *    (xapc_db_count_codes: each posting list read once into a bit set,
 *    ~2x faster on near-index-sized lists), and judged in docid order by
 *    the recheck's walk; a query with a part only the matcher evaluates
 *    (wildcard, elite set, value range, phrase) is matched as below;
 *  - otherwise, and for a slot with too many distinct values: Xapian's
 *    value spies (evaluated by each remote server for its shard);
 *  - the client-side recheck (remote shards, several shards): the
 *    values of each kept candidate's document.
 */
#ifndef GS_SEARCHER_FACETS_H
#define GS_SEARCHER_FACETS_H

#include "searcher/internal.h"

/* The facets' counts of one pass (opaque); gs_ftally_free(NULL) is a no-op. */
typedef struct gs_ftally gs_ftally_t;
void gs_ftally_free(gs_ftally_t *t);

/* The client-side recheck's verdicts on the candidates the ranking walk
 * judged (gs_verify_check_doc's 0, 1, 2), so the counting walk judges
 * each candidate once, as one walk over all did. */
typedef struct {
    struct gs_verdict { xapc_docid_t did; int verdict; } *v;
    size_t n, cap;
} gs_verdicts_t;
/* 0, or -1 out of memory. */
int gs_verdicts_add(gs_verdicts_t *vs, xapc_docid_t did, int verdict);
void gs_verdicts_free(gs_verdicts_t *vs);

/* What a counting pass found. */
typedef struct {
    gs_ftally_t *tally;   /* the caller's to free */
    uint32_t matches;     /* every match counted (kept by the recheck) */
    uint32_t judged, kept;/* the recheck's candidates and kept ones (decider) */
    int approx;           /* client: some kept on the sketch alone */
} gs_fcount_t;

/* Count the matches of q (kept by v when v is not NULL, as a match
 * decider) by the facets of mask.  est: the ranking pass's estimate of
 * the matches (whether reading the slots' codes pays).  XAPC_OK or the
 * index's status; *out is filled either way (free out->tally). */
xapc_status_t gs_facets_count(gs_searcher_t *s, const xapc_query_t *q, gs_verify_t *v,
                              unsigned mask, uint32_t est, gs_fcount_t *out);
/* The same on the client (a database refusing deciders, or several
 * shards): every candidate of q judged by v on its document unless seen
 * holds its verdict (sorted here), as run_client's walk judged it past the
 * page (not sure). */
xapc_status_t gs_facets_count_client(gs_searcher_t *s, const xapc_query_t *q, gs_verify_t *v,
                                     gs_verdicts_t *seen, unsigned mask, gs_fcount_t *out);

/* r->facets from the tallies t[0..n) (NULL ones skipped), the facets of
 * mask in a fixed order, each value's counts summed and sorted by count.
 * 0, or -1 out of memory. */
int gs_facets_collect(gs_results_t *r, gs_ftally_t *const *t, size_t n, unsigned mask);

/* Free the searcher's facet codes (gs_searcher_close). */
void gs_facets_close(gs_searcher_t *s);

#endif /* GS_SEARCHER_FACETS_H */
