/* searcher.h - query the grantsearch index: parse, rank, highlight.
 *
 * The query language's fields, boosts and errors: query/query.h; printing
 * results: output/output.h.
 *
 * One screen of API (libstemmer.h style).  Typical use:
 *
 *     gs_searcher_t *s = gs_searcher_open(path, &status, &err);
 *     gs_query_error_t qe;
 *     gs_query_t *q = gs_query_parse(s, "дети с ДЦП year:2021..2023", &qe);
 *     gs_search_opts_t o; gs_search_opts_init(&o); o.n = 20;
 *     gs_results_t *r; gs_search(s, q, &o, &r, &err);
 *     gs_results_print(stdout, r, GS_OUTPUT_TEXT, GS_PRINT_BOLD);
 *     gs_results_free(r); gs_query_free(q); gs_searcher_close(s);
 *
 * Threads: a searcher owns one xapc_db_t and one analyzer, neither of which
 * is thread-safe; open one searcher per thread.  Queries and results belong
 * to the searcher that made them and must be freed before it is closed.
 *
 * Concurrency with a writer: every read runs inside a retry loop; when
 * Xapian reports XAPC_MODIFIED the searcher reopens the database and starts
 * the operation again (up to GS_SEARCH_RETRIES times).
 *
 * Errors: functions returning gs_status_t (toolkit/status.h) put a malloc'd
 * message in *err (caller frees; err may be NULL).  Never a raw Xapian exception.
 */
#ifndef GS_SEARCHER_H
#define GS_SEARCHER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "corpus/record.h"
#include "stemming/analyzer.h"
#include "toolkit/status.h"
#include "xapian-c/xapc.h"
#include "query/query.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Enough for a writer committing every record (tests/cli_concurrency.sh):
 * a search with facets reads the whole match and is the likeliest to meet
 * a commit; the pauses grow (20 ms, 40 ms, ...), about 0.4 s in all. */
#define GS_SEARCH_RETRIES 6

/* Statuses the searcher returns (toolkit/status.h): GS_OK; GS_ENOINDEX, the
 * database is missing or unreadable (CLI exit 3); GS_EQUERY, a malformed
 * query or option (exit 1); GS_ENOTFOUND, no such application (show,
 * similar --id: exit 2); GS_EINDEX, an index error or out of memory during
 * the search (exit 3).  gs_status_exit gives the exit code. */

typedef struct gs_searcher gs_searcher_t;
typedef struct gs_query gs_query_t;
typedef struct gs_results gs_results_t;

/* ---- shards (open.c) ---------------------------------------------- */

/* What a search does when a shard of a stub (a `remote` line's server, a
 * local shard) does not answer within the time limit: fail with a message
 * naming it, or search the shards that answer and mark the results
 * partial (gs_results_missing).  Process-wide: set once, before any
 * searcher is opened (the CLI's --on-shard-failure and --shard-timeout). */
typedef enum { GS_SHARD_FAIL_ERROR = 0, GS_SHARD_FAIL_PARTIAL } gs_shard_failure_t;
#define GS_SHARD_TIMEOUT_DEFAULT_MS 5000
void gs_searcher_shard_policy(gs_shard_failure_t on_failure, unsigned timeout_ms);

/* ---- searcher ----------------------------------------------------- */

/* NULL on failure, with *status (may be NULL) and a message in *err naming
 * the path.  Close with gs_searcher_close (NULL is fine). */
gs_searcher_t *gs_searcher_open(const char *dbpath, gs_status_t *status, char **err);
void gs_searcher_close(gs_searcher_t *s);
/* Borrowed handles (owned by s): for `similar`, `batch`, `stats`. */
xapc_db_t *gs_searcher_db(gs_searcher_t *s);
gs_analyzer_t *gs_searcher_analyzer(gs_searcher_t *s);
/* The one-word thesaurus equivalents of a body term, as a query weighs
 * them (query/build.h gs_synonyms_equivalents): how many, into out[0..max);
 * the strings are the searcher's. */
size_t gs_searcher_equivalents(gs_searcher_t *s, const char *term, const char **out, size_t max);
/* Expand abbreviations with the synonyms file at path (NULL = none, the
 * default: nothing is expanded).  The caller chooses the file (the CLI:
 * $GRANTSEARCH_SYNONYMS, else the installed one).  0 ok; -1 when it cannot
 * be read: the searcher then runs without synonyms, and *err (malloc'd,
 * when err is not NULL) says which file and why, for the caller to warn. */
int gs_searcher_set_synonyms(gs_searcher_t *s, const char *path, char **err);
/* Re-read the latest revision (after XAPC_MODIFIED). 0 ok, -1 error. */
int gs_searcher_reopen(gs_searcher_t *s);
/* Run rechecked queries (phrases, =form, long-field words) without a match
 * decider: walk the candidates in rank order and check each on its record
 * (search.c run_client).  On by itself where the database refuses deciders
 * (Xapian's remote backend); on = 1 forces it elsewhere, for tests and
 * measurements. */
void gs_searcher_set_client_recheck(gs_searcher_t *s, int on);
/* Load now what a query would otherwise load on its first use: the
 * hunspell dictionary (stemming/analyzer.h), which a query word the index's
 * lemma table lacks needs, ~70-130 ms at 166,848 on this machine, paid by
 * that one query.  For a searcher that answers many queries (`batch`), so
 * that no query waits on it; a one-query `search` leaves it to the first
 * word that needs it (most never do).  Nothing in a result changes. */
void gs_searcher_preload(gs_searcher_t *s);

/* Whether index db stores facet codes (schema/fcodes.h) describing its
 * current revision (`grantsearch stats`): current (searches count by
 * them), absent (an index written before them, or a tool's copy), stale
 * (written for *codes_rev, the index is at *index_rev: a writer that does
 * not keep them committed since; the next `index`, `delete` or `compact`
 * rewrites them), or unknown (the revision cannot be read). */
typedef enum {
    GS_FCODES_CURRENT, GS_FCODES_ABSENT, GS_FCODES_STALE, GS_FCODES_UNKNOWN
} gs_fcodes_state_t;
gs_fcodes_state_t gs_facets_codes_state(xapc_db_t *db, uint64_t *codes_rev, uint64_t *index_rev);

/* One application by number (or id).  *out is a new record the caller frees
 * with gs_record_free; *did (may be NULL) its docid. */
gs_status_t gs_searcher_get(gs_searcher_t *s, const char *number,
                            gs_record_t **out, xapc_docid_t *did, char **err);

/* ---- queries ------------------------------------------------------ */

/* Parse the query language (see query/parser.c).  NULL on a
 * malformed query with *err filled: also invalid UTF-8 and a query over
 * the limits above.  A query with nothing to search (blank, `*`, `-`, only
 * stop words) is not an error: its search has no results and a note.  The
 * query belongs to s; free it with gs_query_free. */
gs_query_t *gs_query_parse(gs_searcher_t *s, const char *text, gs_query_error_t *err);
void gs_query_free(gs_query_t *q);
/* The parsed query in a normalised, readable form (query-owned). */
const char *gs_query_describe(const gs_query_t *q);

/* ---- running ------------------------------------------------------ */

typedef enum { GS_SORT_RELEVANCE, GS_SORT_DATE, GS_SORT_AMOUNT, GS_SORT_RATING } gs_sort_t;

/* Facets: GS_FACET_* and gs_facets_parse (query/query.h). */

typedef struct {
    uint32_t n;           /* page size (default 10) */
    uint32_t offset;      /* first result (default 0) */
    gs_sort_t sort;
    int reverse;          /* reverse the sort order */
    gs_boosts_t boosts;
    double k1, b;         /* BM25 */
    unsigned facets;      /* GS_FACET_* */
    int relax;            /* 1 (default): relax a strict reading that finds too few */
    int spelling;         /* 1 (default): "did you mean" for unknown words */
    int snippets;         /* 1 (default): compute snippets: each hit carries
                             its result line's fields (id, number, title,
                             region, status, year) and its text fields;
                             0: only the result line's, read without the
                             stored record (gs_hit_t) */
    int prf;              /* 1: pseudo-relevance feedback for a short query (searcher/prf.c:
                             its first hits' best terms help rank its matches); 0 (default) */
    int explain;          /* 1: each hit's gs_explain_t list (--explain) */
    int proximity;        /* 1 (default): the proximity bonus reorders a page
                             of relevance-ordered hits (searcher/proximity.c) */
    /* gs_search_xquery with explain: the terms the query ranks (`similar`'s
     * draft terms), each as gs_term_query builds it; the caller's. */
    const gs_wterm_t *explain_terms;
    const char *const *explain_words; /* the words they came from, or NULL */
    size_t nexplain_terms;
    /* Vectors (issue 16, searcher/fusion.c): 1 fuses the BM25 ranking with
     * the nearest application vectors (DB/vectors) by reciprocal rank
     * fusion; 0 (default) BM25 alone.  For gs_search_xquery (similar): the
     * text or record whose vector is the query's, whether applications only
     * the vectors found may be added (no filters), and an id never returned. */
    int vectors;
    const char *vector_text;
    size_t vector_text_len;
    const gs_record_t *vector_record;
    int vector_add;
    const char *vector_skip_id;
} gs_search_opts_t;

void gs_search_opts_init(gs_search_opts_t *o);

/* Run a parsed query.  *out is new (gs_results_free), also with 0 results. */
gs_status_t gs_search(gs_searcher_t *s, const gs_query_t *q, const gs_search_opts_t *o,
                      gs_results_t **out, char **err);
/* Run a ready Xapian query (similar): no relaxation, no spelling; the
 * snippets highlight the body terms hl[0..nhl). `label` is shown as the
 * parsed query.  The query is copied. */
gs_status_t gs_search_xquery(gs_searcher_t *s, const xapc_query_t *xq, const char *label,
                             const char *const *hl, size_t nhl,
                             const gs_search_opts_t *o, gs_results_t **out, char **err);

/* ---- results ------------------------------------------------------ */

/* --explain: what one term of the query added to a hit's score.  The
 * entries of a hit sum to its score: a remainder (an application number's
 * fixed weight, rounding) is an entry of kind "other". */
typedef struct {
    const char *word;         /* the query word as typed (results-owned) */
    const char *term;         /* the term searched: stem, folded form, abbreviation, prefix */
    const char *kind;         /* "stem", "abbreviation", "form", "prefix", "phrase",
                                 "synonym", "number", "proximity", "other" (static);
                                 proximity: word is the pairs of words found close */
    double weight;            /* what it added to the score */
    /* Its occurrences (wdf) in the record: [0] the whole text, [1 + f] the
     * short field f (gs_sfield_t; 0 for the long fields, which have no
     * terms of their own). */
    uint32_t wdf[1 + GS_SF_N];
} gs_explain_t;

typedef struct {
    uint32_t rank;            /* 1-based, counting the offset */
    xapc_docid_t docid;
    double score;
    int relaxed;              /* found only by the relaxed reading */
    const gs_record_t *rec;   /* results-owned; holds the result line's fields
                                 and, with snippets (gs_search_opts_t), the
                                 text fields; gs_results_record fills in the
                                 rest, gs_results_snippet the text fields
                                 (in place: rec stays valid) */
    double proximity;         /* the part of score that is the proximity bonus */
    const gs_explain_t *explain; /* with opts.explain: nexplain entries (results-owned) */
    size_t nexplain;
} gs_hit_t;

typedef struct {
    const char *value;        /* results-owned */
    uint32_t count;
} gs_facet_value_t;

typedef struct {
    const char *name;         /* "status", "year", ... */
    size_t n;
    const gs_facet_value_t *values;  /* by count, descending */
} gs_facet_t;

uint32_t gs_results_size(const gs_results_t *r);        /* hits on this page */
uint32_t gs_results_estimate(const gs_results_t *r);    /* matches in all */
/* Is the estimate the exact count?  Below GS_COUNT_EXACT matches it is
 * (rechecked queries - phrases, =form, long-field words - below 50: every
 * match checked on its record), above it an estimate, never more than the
 * index holds.  Counting means Xapian scores every match up to the bound
 * instead of stopping at the page: 3,000 was a third of a keyword query's
 * time at 20,000 records (issue 15); 1,000 is Lucene's bound too. */
int gs_results_exact(const gs_results_t *r);
#define GS_COUNT_EXACT 1000
const gs_hit_t *gs_results_hit(const gs_results_t *r, uint32_t i);
int gs_results_relaxed(const gs_results_t *r);          /* strict reading relaxed? */
const char *gs_results_suggestion(const gs_results_t *r); /* "did you mean" query or NULL */
const char *gs_results_query(const gs_results_t *r);    /* the parsed query, described */
size_t gs_results_nfacets(const gs_results_t *r);
const gs_facet_t *gs_results_facet(const gs_results_t *r, size_t i);
/* What the results say beside the hits ("region:xyz matches no region",
 * a word read as a word ...): notes 0..nnotes-1, result-owned. */
size_t gs_results_nnotes(const gs_results_t *r);
/* Shards left out of a partial result (their stub lines); 0 when complete. */
size_t gs_results_nmissing(const gs_results_t *r);
const char *gs_results_missing(const gs_results_t *r, size_t i);
/* Add "partial": true and "missing_shards": [stub lines] to the JSON object
 * o when r is partial; nothing when it is complete (search, batch). */
struct json_t;
void gs_results_partial_json(const gs_results_t *r, struct json_t *o);
const char *gs_results_note(const gs_results_t *r, size_t i);
void gs_results_free(gs_results_t *r);

/* Hit i's whole record (results-owned), completed now if it holds only
 * part (gs_hit_t): from the stored JSON kept with it when the search ran
 * with snippets, else read again.  NULL when i is past the page.  A record
 * that can no longer be read (deleted since) keeps only what it held. */
const gs_record_t *gs_results_record(gs_results_t *r, uint32_t i);

/* Hit i's record as the index stores it (compact JSON, as gs_record_to_json
 * writes it), when the search kept it for snippets and gs_results_record has
 * not yet been called on i; else NULL.  Results-owned, valid until r is
 * freed or gs_results_record(r, i).  *len gets its length.  Lets a JSON
 * printer copy the record instead of parsing and re-serialising it. */
const char *gs_results_stored_json(const gs_results_t *r, uint32_t i, size_t *len);

/* Highlight styles for snippets. */
typedef enum {
    GS_HL_PLAIN,   /* [word] */
    GS_HL_ANSI,    /* \033[1mword\033[0m */
    GS_HL_HTML     /* <b>word</b>, the rest HTML-escaped */
} gs_hl_style_t;

/* The best passage of hit i with the query's words highlighted; malloc'd,
 * caller frees.  "" when the record has no text. NULL on ENOMEM. */
char *gs_results_snippet(gs_results_t *r, uint32_t i, gs_hl_style_t style);

#ifdef __cplusplus
}
#endif
#endif /* GS_SEARCHER_H */
