/* verify.h - re-checking a candidate against its stored record.
 *
 * The index keeps no positions, no exact forms and no terms per long field
 * (schema.h says why).  A query that needs them runs as a looser Xapian
 * query - a phrase as the AND of its words, =form as its stem, a word in
 * description: as the word anywhere - plus a formula over the record's
 * tokens.  The match decider evaluates the formula on each candidate that
 * could still reach the result page, first on the record's word sketch (two
 * bytes a word, schema.h), and where that cannot tell, on the stored JSON
 * re-analysed with the same analyzer that indexed it.  The sketch can only
 * err by a hash collision that lets a wrong record in, so the page's hits
 * are re-analysed too (search.c) and any wrong one is excluded and the
 * search run again.  The hits are exactly what positions and per-field
 * terms would have given; counts and facets may include a collision in
 * ~10,000.  (PostgreSQL rechecks lossy GIN matches on the row the same way.)
 *
 * The builder (query/build.c, query/vnode.h) makes one node per query part.  Filters and
 * exclusions of the query's top level, which Xapian applies to every
 * candidate, are TRUE in the formula; deeper ones (inside an OR, say) are
 * VN_MATCH leaves: the Xapian query itself, whose matching documents
 * gs_verify_prepare lists once per search.
 */
#ifndef GS_VERIFY_H
#define GS_VERIFY_H

#include "query/vnode.h"
#include "stemming/analyzer.h"
#include "xapian-c/xapc.h"

#include <stddef.h>
#include <stdint.h>

/* What a decider needs: keep documents matching `accept` and not matching
 * `reject` (either may be NULL).  The nodes stay the caller's; an (the
 * searcher's analyzer, one per thread) is used to re-analyse records.
 * Every document judged must match the Xapian query `accept` was built
 * with (query/build.c gs_qbuild's, or a query matching a subset of it):
 * the parts of accept that query already applies exactly (not loose,
 * under ANDs from the root) are taken as true, not evaluated.  reject is
 * evaluated whole, on any document. */
typedef struct gs_verify gs_verify_t;
gs_verify_t *gs_verify_new(gs_analyzer_t *an, const vnode_t *accept, const vnode_t *reject);
void gs_verify_free(gs_verify_t *v);
/* List the documents of every VN_MATCH leaf (before get_mset on db): 0,
 * or the failing status. */
xapc_status_t gs_verify_prepare(gs_verify_t *v, xapc_db_t *db);
/* An xapc_decider_fn: ctx is a gs_verify_t.  It first evaluates the
 * formula on the candidate's word sketch (schema.h).  "No" is certain; "yes"
 * is certain but for a 16-bit hash collision, which can only let a wrong
 * candidate in (never keep a right one out); "maybe" (exact forms, prefixes,
 * words under NOT) reads and re-analyses the record.  So match counts and
 * facets may count a wrong record in ~10,000, and the caller checks the
 * page with gs_verify_exact when gs_verify_sketched says any candidate was
 * kept on its sketch. */
int gs_verify_decide(void *ctx, xapc_candidate_t *c);
/* A walk: gs_verify_decide judges the candidates of the get_mset runs
 * that follow (of a query on db: a local database of one shard, whose
 * matcher hands them over in docid order) through cursors, until
 * gs_verify_walk_end: what the index answers exactly first (a term the
 * formula may take from its postings, a VN_MATCH's documents), so that an
 * OR whose plain term holds keeps the document without reading it and its
 * rechecked alternatives (an abbreviation's expansion, a hyphenated word's
 * parts) are never judged; else the word sketch, read through one value
 * cursor instead of a B-tree lookup per candidate.  The verdicts are those
 * of the formula, as without the walk.  XAPC_OK, or the failing status
 * (no walk then).  walk_end (also done by gs_verify_free) closes the
 * cursors and returns XAPC_OK or the first read that failed during the
 * walk (its candidate was dropped: the caller must fail the search). */
xapc_status_t gs_verify_walk_begin(gs_verify_t *v, xapc_db_t *db);
xapc_status_t gs_verify_walk_end(gs_verify_t *v);
int gs_verify_sketched(const gs_verify_t *v);
/* The share of the candidates judged so far (gs_verify_decide and
 * gs_verify_check_doc) that were kept; 1 before any. */
double gs_verify_kept_share(const gs_verify_t *v);
/* The exact answer for document did (1 keep, 0 not), read from its stored
 * record: only the fields where its word sketch allows a match are
 * re-analysed.  doc stays the caller's; a failed read sets *st and
 * returns 0. */
int gs_verify_exact(gs_verify_t *v, xapc_docid_t did, xapc_doc_t *doc, xapc_status_t *st);
/* The decider's answer for document did read through the ordinary
 * document API (doc stays the caller's): the client-side recheck for
 * databases that refuse match deciders (Xapian's remote backend).  0 not,
 * 1 keep (exact), 2 kept on its sketch (certain but for a collision; only
 * when !sure - with sure the record is read then).  A failed read sets
 * *st and returns 0. */
int gs_verify_check_doc(gs_verify_t *v, xapc_docid_t did, xapc_doc_t *doc, int sure,
                        xapc_status_t *st);
/* Turn down this document from now on (a page hit gs_verify_exact refused);
 * 0, or -1 on ENOMEM. */
int gs_verify_exclude(gs_verify_t *v, xapc_docid_t did);

#endif /* GS_VERIFY_H */
