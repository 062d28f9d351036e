/* xapc.h - a C interface to Xapian 1.4 (the only C++ in grantsearch is behind it).
 *
 * The one public header of xapian-c/; one file per object implements it
 * (database.cc, writable_database.cc, document.cc, query.cc, enquire.cc,
 * termiter.cc; status.cc maps exceptions; xapc_private.h is what they share).
 * It offers what grantsearch uses, nothing more.
 *
 * Conventions (after notmuch):
 *  - Every handle is opaque (xapc_*_t).  A handle made by a function here
 *    is the caller's to destroy with its *_destroy(), unless the function
 *    says the handle owns it; every *_destroy(NULL) is a no-op.
 *  - Functions that can fail return xapc_status_t.  No C++ exception ever
 *    crosses this header: each is caught at the boundary and mapped to a
 *    status and a plain message in one place.  A writer and an enquire keep
 *    the message of their last failure (xapc_wdb_last_error,
 *    xapc_enquire_last_error) until the next call on them; functions that
 *    create a handle from nothing take a `char **err` that receives a
 *    malloc'd message on failure (caller frees; may be NULL); the other
 *    handles report the status only.
 *  - Strings returned as `const char *` belong to the handle and stay valid
 *    until the next call on that handle; strings returned through `char **`
 *    are malloc'd and the caller frees them.  Terms and document data are
 *    byte strings: lengths are explicit, NUL is allowed in data.
 *  - Handles are not thread-safe: use one per thread (Xapian's rule).
 */
#ifndef XAPC_H
#define XAPC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    XAPC_OK = 0,
    XAPC_NO_MEMORY,        /* std::bad_alloc or malloc failure */
    XAPC_INVALID_ARGUMENT, /* bad argument (C side or Xapian::InvalidArgumentError) */
    XAPC_NOT_FOUND,        /* no such document / database / term */
    XAPC_LOCKED,           /* DatabaseLockError: another writer holds the lock */
    XAPC_MODIFIED,         /* DatabaseModifiedError: reopen() and retry */
    XAPC_OPENING,          /* DatabaseOpeningError (not a database, wrong version, ...) */
    XAPC_CORRUPT,          /* DatabaseCorruptError */
    XAPC_DATABASE,         /* other DatabaseError (I/O, closed, create) */
    XAPC_QUERY,            /* invalid query (wildcard, range, unsupported op) */
    XAPC_NETWORK,          /* remote backend errors */
    XAPC_UNAVAILABLE,      /* FeatureUnavailableError / UnimplementedError */
    XAPC_INTERNAL,         /* anything else, including non-Xapian exceptions */
    XAPC_STATUS_LAST
} xapc_status_t;

/* A fixed English phrase for a status ("ok", "database is locked", ...);
 * static storage, never NULL. */
const char *xapc_status_to_string(xapc_status_t status);

typedef uint32_t xapc_docid_t;     /* 0 = none */
typedef uint32_t xapc_termpos_t;
typedef uint32_t xapc_slot_t;      /* value slot number */

typedef struct xapc_db xapc_db_t;           /* read-only database (maybe several shards) */
typedef struct xapc_wdb xapc_wdb_t;         /* writable database */
typedef struct xapc_doc xapc_doc_t;         /* a document being built or read */
typedef struct xapc_query xapc_query_t;     /* immutable query tree node */
typedef struct xapc_enquire xapc_enquire_t; /* a search session over one xapc_db_t */
typedef struct xapc_mset xapc_mset_t;       /* a page of results */
typedef struct xapc_spy xapc_spy_t;         /* value-count match spy (facets) */
typedef struct xapc_termiter xapc_termiter_t; /* iterator over terms */
typedef struct xapc_codes xapc_codes_t;     /* a value slot as codes per docid */
typedef struct xapc_postcursor xapc_postcursor_t; /* a term's postings, in docid order */
typedef struct xapc_valcursor xapc_valcursor_t;   /* a slot's values, in docid order */

/* ------------------------------------------------------------------ */
/* Read-only database                                                  */

/* Open a database directory (glass), a stub file listing shards, or a
 * single-file database.  *out: the caller destroys it. */
xapc_status_t xapc_db_open(const char *path, xapc_db_t **out, char **err);
void xapc_db_destroy(xapc_db_t *db);

/* A database built shard by shard (remote.cc): an empty one with no
 * shards, to which xapc_db_add appends a shard (`shard` stays the caller's;
 * the combined handle shares its connection).  Searching the result is one
 * search over all shards with global statistics, as a stub file gives. */
xapc_status_t xapc_db_new_empty(xapc_db_t **out);
xapc_status_t xapc_db_add(xapc_db_t *db, const xapc_db_t *shard);
/* A database served by xapian-tcpsrv at host:port, or by `program args`
 * speaking the remote protocol on its stdin/stdout (xapian-progsrv, e.g.
 * over ssh).  timeout_ms bounds connecting and every later read (0: none);
 * a shard that does not answer in time gives XAPC_NETWORK, at open or at
 * the read that waited.  *out: the caller destroys it. */
xapc_status_t xapc_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                  xapc_db_t **out, char **err);
xapc_status_t xapc_db_open_remote_program(const char *program, const char *args,
                                          unsigned timeout_ms, xapc_db_t **out, char **err);

/* The revision db reads (Database::get_revision): one local shard only,
 * else XAPC_UNAVAILABLE or XAPC_INVALID_ARGUMENT. */
xapc_status_t xapc_db_revision(xapc_db_t *db, uint64_t *rev);
/* The values of `slot` in db as codes (facets, xapc_enquire_add_code_spy):
 * read once from the slot's value stream, each document's value becomes
 * 1 + the index of that value among the slot's distinct values (an empty
 * or missing value: 0).  XAPC_UNAVAILABLE when the slot holds more than
 * max_values (at most 65,535) distinct values.  *out: the caller destroys
 * it.  Count and values: codes 1..count; a value is handle-owned. */
xapc_status_t xapc_codes_build(xapc_db_t *db, xapc_slot_t slot, uint32_t max_values,
                               xapc_codes_t **out);
void xapc_codes_destroy(xapc_codes_t *c);
uint32_t xapc_codes_count(const xapc_codes_t *c);
void xapc_codes_value(const xapc_codes_t *c, uint32_t code, const char **val, size_t *len);
/* Codes made by the caller instead (the facet codes an index stores,
 * schema/fcodes.h): xapc_codes_create gives ncode docids (0..ncode-1) all
 * of code 0 and no values; xapc_codes_add_value appends a value (its code
 * is the new count; XAPC_UNAVAILABLE past 65,535); xapc_codes_array is the
 * code per docid to fill, ncode entries, handle-owned.  Every code put
 * there must be at most xapc_codes_count (the code spy counts into an
 * array of that size).  *out: the caller destroys it. */
xapc_status_t xapc_codes_create(uint32_t ncode, xapc_codes_t **out);
xapc_status_t xapc_codes_add_value(xapc_codes_t *c, const char *val, size_t len);
uint16_t *xapc_codes_array(xapc_codes_t *c);

/* Cursors over a local database of one shard (cursor.cc): a term's
 * postings and a slot's values asked about document by document.  Cheap
 * when the docids asked come in ascending order (each step moves the
 * cursor on); an earlier docid than the last starts it again (correct, but
 * a walk from the first document).  The caller destroys them before db.
 * xapc_postcursor_has: 1 if did holds the term, else 0 (a failed read sets
 * *st and returns 0).  xapc_valcursor_get: did's value (empty when it has
 * none), cursor-owned until the next call. */
xapc_status_t xapc_postcursor_open(xapc_db_t *db, const char *term, size_t len,
                                   xapc_postcursor_t **out);
void xapc_postcursor_destroy(xapc_postcursor_t *c);
int xapc_postcursor_has(xapc_postcursor_t *c, xapc_docid_t did, xapc_status_t *st);
xapc_status_t xapc_valcursor_open(xapc_db_t *db, xapc_slot_t slot, xapc_valcursor_t **out);
void xapc_valcursor_destroy(xapc_valcursor_t *c);
xapc_status_t xapc_valcursor_get(xapc_valcursor_t *c, xapc_docid_t did, const char **val,
                                 size_t *len);

/* Re-read the latest committed revision. *changed (may be NULL) = 1 if it moved. */
xapc_status_t xapc_db_reopen(xapc_db_t *db, int *changed);
/* Statistics: 0 on error. */
uint32_t xapc_db_doccount(xapc_db_t *db);
xapc_docid_t xapc_db_lastdocid(xapc_db_t *db);
/* How many databases db searches (1 for one index, N over N shards). */
uint32_t xapc_db_shard_count(const xapc_db_t *db);
double xapc_db_avlength(xapc_db_t *db);
/* Number of documents containing `term` (0 if none or on error). */
uint32_t xapc_db_termfreq(xapc_db_t *db, const char *term, size_t len);
/* Total wdf of `term` over the database (0 if none or on error). */
uint64_t xapc_db_collection_freq(xapc_db_t *db, const char *term, size_t len);
int xapc_db_term_exists(xapc_db_t *db, const char *term, size_t len);
/* The docid holding the unique term `term`, or XAPC_NOT_FOUND. */
xapc_status_t xapc_db_docid_for_term(xapc_db_t *db, const char *term, size_t len,
                                     xapc_docid_t *out);
/* Fetch a stored document (XAPC_NOT_FOUND if deleted). Caller destroys *out. */
xapc_status_t xapc_db_get_document(xapc_db_t *db, xapc_docid_t did, xapc_doc_t **out);
/* User metadata (key/value), "" if unset. Handle-owned result. */
xapc_status_t xapc_db_get_metadata(xapc_db_t *db, const char *key,
                                   const char **val, size_t *len);
/* Spelling: best correction for `word` within `max_edit` edits, or "" if
 * none. Handle-owned result. */
xapc_status_t xapc_db_spelling_suggestion(xapc_db_t *db, const char *word, size_t len,
                                          unsigned max_edit, const char **out, size_t *out_len);
/* Iterate all terms starting with `prefix` ("" = all), in byte order.
 * *out: the caller destroys it (it keeps db's data alive meanwhile). */
xapc_status_t xapc_db_allterms(xapc_db_t *db, const char *prefix, size_t len,
                               xapc_termiter_t **out);
/* Iterate the terms of one document (term, wdf).  *out: the caller destroys it. */
xapc_status_t xapc_db_termlist(xapc_db_t *db, xapc_docid_t did, xapc_termiter_t **out);
/* Positions of `term` in document `did`: fills up to `cap` positions into
 * `pos`, sets *n to the total count (may exceed cap).  Documents built
 * through this header carry no positions, so *n is 0: tests use it to
 * check that the index stores none. */
xapc_status_t xapc_db_positions(xapc_db_t *db, xapc_docid_t did, const char *term,
                                size_t len, xapc_termpos_t *pos, size_t cap, size_t *n);

/* Term iterator: next() returns 1 and sets term/len (iterator-owned, valid
 * until the next call) and the optional counts, 0 at the end, -1 on error.
 * wdf is 0 where not meaningful; termfreq is the document frequency where
 * available (allterms), else 0. */
int xapc_termiter_next(xapc_termiter_t *it, const char **term, size_t *len,
                       uint32_t *wdf, uint32_t *termfreq);
void xapc_termiter_destroy(xapc_termiter_t *it);

/* ------------------------------------------------------------------ */
/* Writable database                                                   */

enum {
    XAPC_WDB_CREATE_OR_OPEN = 1,
    XAPC_WDB_CREATE_OR_OVERWRITE = 2,
    XAPC_WDB_CREATE = 3,          /* fail if it exists */
    XAPC_WDB_OPEN = 4,            /* fail if it does not exist */
    XAPC_WDB_NO_SYNC = 0x10,      /* Xapian::DB_NO_SYNC: faster, not crash-safe for the OS */
    XAPC_WDB_FULL_SYNC = 0x20,    /* Xapian::DB_FULL_SYNC */
    XAPC_WDB_DANGEROUS = 0x40     /* Xapian::DB_DANGEROUS: in-place update, only for fresh builds */
};
/* Open for writing (glass). XAPC_LOCKED if another writer has it; the message
 * then names the lock holder when Xapian tells it.  *out: the caller
 * destroys it, which releases the lock. */
xapc_status_t xapc_wdb_open(const char *path, int flags, xapc_wdb_t **out, char **err);
/* Commits pending changes (unless a transaction is open) and closes. */
void xapc_wdb_destroy(xapc_wdb_t *wdb);
const char *xapc_wdb_last_error(const xapc_wdb_t *wdb);

/* Add or replace the document indexed by the unique term `idterm`
 * (Xapian::WritableDatabase::replace_document(unique_term, doc)). *did may
 * be NULL.  doc is copied, not consumed: the caller still destroys it. */
xapc_status_t xapc_wdb_replace_by_term(xapc_wdb_t *wdb, const char *idterm, size_t len,
                                       xapc_doc_t *doc, xapc_docid_t *did);
/* Delete every document indexed by `idterm`. *deleted (may be NULL) receives
 * how many documents had it before the call. */
xapc_status_t xapc_wdb_delete_by_term(xapc_wdb_t *wdb, const char *idterm, size_t len,
                                      uint32_t *deleted);
xapc_status_t xapc_wdb_commit(xapc_wdb_t *wdb);
/* Transactions: flushed=1 means commit() at the end of the transaction. */
xapc_status_t xapc_wdb_begin_transaction(xapc_wdb_t *wdb, int flushed);
xapc_status_t xapc_wdb_commit_transaction(xapc_wdb_t *wdb);
xapc_status_t xapc_wdb_cancel_transaction(xapc_wdb_t *wdb);
xapc_status_t xapc_wdb_set_metadata(xapc_wdb_t *wdb, const char *key,
                                    const char *val, size_t len);
/* Add `word` to the spelling dictionary, its frequency += freqinc (0 = 1). */
xapc_status_t xapc_wdb_add_spelling(xapc_wdb_t *wdb, const char *word, size_t len,
                                    uint32_t freqinc);
/* From now on xapc_wdb_add_spelling only counts the words in memory (the
 * handle owns them); xapc_wdb_flush_spelling hands each word to Xapian once,
 * with its summed frequency.  For a bulk build whose commits are not read
 * meanwhile: a commit writes only the words flushed before it, and words
 * not flushed when the handle is destroyed are dropped. */
void xapc_wdb_defer_spelling(xapc_wdb_t *wdb);
/* How many distinct words wait for xapc_wdb_flush_spelling. */
size_t xapc_wdb_spelling_pending(const xapc_wdb_t *wdb);
xapc_status_t xapc_wdb_flush_spelling(xapc_wdb_t *wdb);
uint32_t xapc_wdb_doccount(xapc_wdb_t *wdb);
/* The writer's last docid (0 on error) and the revision its last commit
 * made (the next commit makes *rev + 1), uncommitted changes included. */
xapc_docid_t xapc_wdb_lastdocid(xapc_wdb_t *wdb);
xapc_status_t xapc_wdb_revision(xapc_wdb_t *wdb, uint64_t *rev);
/* fn(ctx, did, val, len) for each document from <= did < to holding a
 * non-empty value in slot, in docid order, as the writer sees it
 * (uncommitted changes included: Xapian flushes the pending values first,
 * without committing).  fn returns 0 to go on, else the walk stops and
 * that is returned as the status (an xapc_status_t of the caller's). */
typedef int (*xapc_value_fn)(void *ctx, xapc_docid_t did, const char *val, size_t len);
xapc_status_t xapc_wdb_values(xapc_wdb_t *wdb, xapc_slot_t slot, xapc_docid_t from,
                              xapc_docid_t to, xapc_value_fn fn, void *ctx);
/* Same lookups as on a reader, against the writer's view (uncommitted
 * changes included).  *out of get_document: the caller destroys it. */
xapc_status_t xapc_wdb_docid_for_term(xapc_wdb_t *wdb, const char *term, size_t len,
                                      xapc_docid_t *out);
xapc_status_t xapc_wdb_get_document(xapc_wdb_t *wdb, xapc_docid_t did, xapc_doc_t **out);

/* Compact (and merge) `n` source databases into `dst` (which must not exist).
 * flags: XAPC_COMPACT_* below.  A failure's message names the database. */
enum {
    XAPC_COMPACT_FULL = 1,        /* Compactor::FULL: split items whenever it saves space */
    XAPC_COMPACT_MULTIPASS = 2,   /* DBCOMPACT_MULTIPASS, for many shards */
    XAPC_COMPACT_NO_RENUMBER = 4, /* keep docids (shards must not overlap) */
    XAPC_COMPACT_FULLER = 8       /* Compactor::FULLER: oversize items; with glass
                                     this made the termlist table 50% LARGER
                                     (20,000 records: 102 MB FULL, 158 MB FULLER) */
};
xapc_status_t xapc_compact(const char *const *src, size_t n, const char *dst, int flags,
                           char **err);

/* ------------------------------------------------------------------ */
/* Documents                                                           */

/* A new empty document.  *out: the caller destroys it. */
xapc_status_t xapc_doc_create(xapc_doc_t **out);
void xapc_doc_destroy(xapc_doc_t *doc);
/* Term without position (the index stores none), wdf += wdf_inc. */
xapc_status_t xapc_doc_add_term(xapc_doc_t *doc, const char *term, size_t len,
                                uint32_t wdf_inc);
/* Boolean (filter) term: wdf 0, never affects ranking. */
xapc_status_t xapc_doc_add_boolean_term(xapc_doc_t *doc, const char *term, size_t len);
xapc_status_t xapc_doc_set_value(xapc_doc_t *doc, xapc_slot_t slot,
                                 const char *val, size_t len);
xapc_status_t xapc_doc_set_data(xapc_doc_t *doc, const char *data, size_t len);
/* Handle-owned results, valid until the next call on doc. */
xapc_status_t xapc_doc_get_data(xapc_doc_t *doc, const char **data, size_t *len);
xapc_status_t xapc_doc_get_value(xapc_doc_t *doc, xapc_slot_t slot,
                                 const char **val, size_t *len);
/* Iterate the document's terms (term, wdf).  *out: the caller destroys it. */
xapc_status_t xapc_doc_termlist(xapc_doc_t *doc, xapc_termiter_t **out);

/* Sortable encodings for numeric values (Xapian::sortable_serialise).
 * buf must hold at least 9 bytes; returns the length written. */
size_t xapc_sortable_serialise(double v, char *buf);
double xapc_sortable_unserialise(const char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Queries: immutable, reference-counted underneath.  Every constructor
 * returns a new handle the caller destroys, and never consumes its
 * arguments: the caller still destroys the subqueries.  A constructor
 * returns NULL only when out of memory or on a bad argument. */

typedef enum {
    XAPC_OP_AND, XAPC_OP_OR, XAPC_OP_AND_NOT, XAPC_OP_XOR, XAPC_OP_AND_MAYBE,
    XAPC_OP_FILTER, XAPC_OP_NEAR, XAPC_OP_PHRASE, XAPC_OP_ELITE_SET,
    XAPC_OP_SYNONYM, XAPC_OP_MAX
} xapc_op_t;

/* A term with query frequency wqf (1 = normal) and query position pos (0 = none). */
xapc_query_t *xapc_query_term(const char *term, size_t len, uint32_t wqf, xapc_termpos_t pos);
/* Combine n subqueries. param: the window for NEAR/PHRASE (0 = number of
 * subqueries), the set size for ELITE_SET; ignored otherwise.  On an index
 * without positions (grantsearch's) Xapian matches PHRASE and NEAR as AND. */
xapc_query_t *xapc_query_combine(xapc_op_t op, xapc_query_t *const *subs, size_t n,
                                 uint32_t param);
/* Multiply the weight of q by factor (>= 0). */
xapc_query_t *xapc_query_scale(const xapc_query_t *q, double factor);
/* Documents whose value in slot lies in [lo, hi] (bytewise); lo or hi NULL = open end.
 * A document with no value in the slot never matches (both ends open = every
 * document that has a value there). */
xapc_query_t *xapc_query_value_range(xapc_slot_t slot, const char *lo, size_t lo_len,
                                     const char *hi, size_t hi_len);
/* All terms starting with `prefix` OR'd (as SYNONYM), at most max_expansion
 * of them (0 = unlimited; past the limit the most frequent are kept). */
xapc_query_t *xapc_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion);
xapc_query_t *xapc_query_match_all(void);
/* Every document, each with the same weight w (>= 0): FILTER it by a
 * boolean query to give that query's matches a weight. */
xapc_query_t *xapc_query_fixed_weight(double w);
xapc_query_t *xapc_query_match_nothing(void);
xapc_query_t *xapc_query_copy(const xapc_query_t *q);
void xapc_query_destroy(xapc_query_t *q);

/* ------------------------------------------------------------------ */
/* Enquire: run queries against a database.                             */

/* The enquire shares db's shards (a reopen of db is seen; db may be
 * destroyed first).  *out: the caller destroys it. */
xapc_status_t xapc_enquire_create(xapc_db_t *db, xapc_enquire_t **out);
void xapc_enquire_destroy(xapc_enquire_t *enq);
const char *xapc_enquire_last_error(const xapc_enquire_t *enq);
/* q is copied: the caller may destroy it at once. */
xapc_status_t xapc_enquire_set_query(xapc_enquire_t *enq, const xapc_query_t *q);
/* BM25 with Xapian's parameters (k1, k2, k3, b, min_normlen); the defaults
 * are 1, 0, 1, 0.5, 0.5. */
xapc_status_t xapc_enquire_set_bm25(xapc_enquire_t *enq, double k1, double k2, double k3,
                                    double b, double min_normlen);
/* Every weight 0, as the query scaled by 0 gives, but by a weighting scheme
 * that reads the wdf: Xapian 1.4.22 matches an unweighted term that every
 * document holds through the all-documents list under the term's name, and
 * on an index with a docid gap (any delete) and more than one chunk of
 * document lengths it then fails to find that list's next chunk
 * (DatabaseCorruptError «Unexpected end of posting list»).  Local
 * databases only: the scheme cannot be sent to a remote server. */
xapc_status_t xapc_enquire_set_no_weights(xapc_enquire_t *enq);
/* Sort by value slot (then relevance); slot < 0 = by relevance only. */
xapc_status_t xapc_enquire_set_sort(xapc_enquire_t *enq, int slot, int reverse);
/* Count values of `slot` over every matching document (facets).  The spy
 * belongs to enq and is valid until enq is destroyed; it is filled by the
 * next get_mset (which needs checkatleast >= the match count for exact counts). */
xapc_status_t xapc_enquire_add_value_spy(xapc_enquire_t *enq, xapc_slot_t slot,
                                         xapc_spy_t **out);
/* A spy tallying value codes (xapc_codes_build) of every match: for each
 * k < n, counts[k][code] += 1, code being the match's code in codes[k] (0:
 * no value), so counts[k] holds xapc_codes_count(codes[k]) + 1 entries.  It
 * adds to counts (the caller zeroes them) at every get_mset.  codes and
 * counts stay the caller's and must outlive the enquire's use; the codes
 * must be of db's revision and db one local shard (a spy sees a shard's
 * own docids).  One per enquire. */
xapc_status_t xapc_enquire_add_code_spy(xapc_enquire_t *enq, const xapc_codes_t *const *codes,
                                        uint32_t *const *counts, size_t n);
/* Run the query: results first..first+maxitems-1 (0-based), counting at
 * least checkatleast matches exactly.  *out: the caller destroys it. */
xapc_status_t xapc_enquire_get_mset(xapc_enquire_t *enq, uint32_t first, uint32_t maxitems,
                                    uint32_t checkatleast, xapc_mset_t **out);
/* A match decider: called by get_mset with each candidate; return nonzero
 * to keep it.  Xapian calls it only for documents that could still enter the
 * result page (their weight beats the page's lowest once checkatleast
 * matches are seen), and scales the match estimate by the rate it accepts.
 * The candidate is valid only during the call; its value and data are read
 * from the index only when asked for (strings owned by the candidate).  A
 * read that fails returns its status, and get_mset then fails with it too.
 * fn == NULL removes the decider.  The callback must not use the enquire. */
typedef struct xapc_candidate xapc_candidate_t;
typedef int (*xapc_decider_fn)(void *ctx, xapc_candidate_t *c);
xapc_docid_t xapc_candidate_docid(const xapc_candidate_t *c);
xapc_status_t xapc_candidate_value(xapc_candidate_t *c, xapc_slot_t slot, const char **val,
                                   size_t *len);
xapc_status_t xapc_candidate_data(xapc_candidate_t *c, const char **data, size_t *len);
/* ctx is the caller's and must outlive the enquire's use of fn. */
xapc_status_t xapc_enquire_set_decider(xapc_enquire_t *enq, xapc_decider_fn fn, void *ctx);
/* Count the matches of q on db, a local database of one shard, without
 * Xapian's matcher (count.cc: the query as sets of docids, each posting
 * list read once): fn (NULL: keep all) judges each match in docid order
 * as a match decider would (a candidate read lazily), and for each kept
 * one counts[k][its code in codes[k]] += 1 (k < n, as the code spy adds;
 * the caller zeroes them); *matches = the kept ones.  XAPC_OK,
 * XAPC_UNAVAILABLE when q holds a part counted only by the matcher
 * (wildcard, elite set, value range, phrase, near) or db has several
 * shards (nothing counted then), or the index's status. */
xapc_status_t xapc_db_count_codes(xapc_db_t *db, const xapc_query_t *q, xapc_decider_fn fn,
                                  void *ctx, const xapc_codes_t *const *codes,
                                  uint32_t *const *counts, size_t n, uint32_t *matches);

/* The matches of q on a local index, whatever their weights, as bits of
 * bits[0..nbits/8] (docid d: bits[d / 8] bit d % 8; set here, never
 * cleared; docids from nbits on left out), evaluated as xapc_db_count_codes
 * does, without the matcher.  XAPC_OK, XAPC_UNAVAILABLE (as there: the
 * caller asks the matcher), or the index's status. */
xapc_status_t xapc_db_query_bits(xapc_db_t *db, const xapc_query_t *q, unsigned char *bits,
                                 size_t nbits);

/* Facet counts: next() gives value bytes and count in value order; returns 1,
 * or 0 at the end. Strings are spy-owned.  rewind() starts again. */
int xapc_spy_next(xapc_spy_t *spy, const char **val, size_t *len, uint32_t *count);
void xapc_spy_rewind(xapc_spy_t *spy);

/* Result page: counts and items (0 for an item out of range or on error). */
uint32_t xapc_mset_size(const xapc_mset_t *ms);
uint32_t xapc_mset_matches_estimated(const xapc_mset_t *ms);
uint32_t xapc_mset_matches_lower_bound(const xapc_mset_t *ms);
uint32_t xapc_mset_matches_upper_bound(const xapc_mset_t *ms);
xapc_docid_t xapc_mset_docid(const xapc_mset_t *ms, uint32_t i);
double xapc_mset_weight(const xapc_mset_t *ms, uint32_t i);
/* The stored document of item i. Caller destroys *out. */
xapc_status_t xapc_mset_document(xapc_mset_t *ms, uint32_t i, xapc_doc_t **out);
/* Request every document of ms ahead (Xapian::MSet::fetch): one exchange
 * with a remote database instead of a round trip per xapc_mset_document. */
xapc_status_t xapc_mset_fetch(xapc_mset_t *ms);
void xapc_mset_destroy(xapc_mset_t *ms);

#ifdef __cplusplus
}
#endif
#endif /* XAPC_H */
