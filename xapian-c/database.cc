/* xapc.cc - the C interface to Xapian declared in xapc.h.
 *
 * This is the only C++ file of grantsearch.  Three rules hold everywhere:
 *  1. Every exported function is extern "C" and lets no exception out: its
 *     body runs inside guard()/guard_value(), whose catch(...) hands the
 *     exception to map_exception(), the ONE place that turns C++ exception
 *     types into xapc_status_t and a message.
 *  2. The message of the last failure is kept in the handle (std::string err);
 *     handle-owned result strings live in std::string members of the handle,
 *     so they stay valid until the next call on that handle.
 *  3. The file is built with -fvisibility=hidden; only the functions marked
 *     XAPC_API (those of xapc.h) get default visibility, so no C++ symbol of
 *     ours would leak from a shared object.
 */
#include "xapian-c/xapc.h"

#include <xapian.h>

#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

/* The one mark of an exported function: C linkage, default visibility.
 * (Not a #pragma around xapc.h: that would also make the opaque handle
 * types, and every template instantiated over them, visible.) */
#define XAPC_API extern "C" __attribute__((visibility("default")))

/* ------------------------------------------------------------------ */
/* Handles                                                             */

struct xapc_db {
    Xapian::Database db;
    std::string err;
    std::string buf;   /* metadata, spelling suggestion, value lower bound */
    std::string buf2;  /* value upper bound */
};

struct xapc_wdb {
    Xapian::WritableDatabase db;
    std::string err;
    bool in_transaction = false;
};

struct xapc_doc {
    Xapian::Document doc;
    std::string err;
    std::string buf;   /* data or value returned by the last get */
};

struct xapc_query {
    Xapian::Query q;
};

/* What a term iterator walks over decides which counts are meaningful. */
enum termiter_kind { TI_ALLTERMS, TI_SYNONYMS, TI_TERMLIST, TI_MATCHING };

struct xapc_termiter {
    termiter_kind kind;
    /* The owners of the iterator's data, kept alive while it is walked. */
    Xapian::Database db;
    Xapian::Document doc;
    Xapian::TermIterator it, end;
    std::string term;  /* the current term (iterator-owned result) */
    std::string err;
    /* Owned by an enquire handle (matching terms): destroy() is then a
     * no-op and the enquire frees it. */
    bool enquire_owned = false;
};

struct xapc_spy {
    xapc_slot_t slot;
    /* Replaced by a fresh spy before every get_mset, so the counts are
     * those of the last match (Xapian's spies accumulate otherwise). */
    std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
    Xapian::TermIterator it, end;
    bool started = false;
    std::string value; /* the current value (spy-owned result) */
};

/* What a decider callback sees: the document, read lazily.  An exception
 * while reading is kept and rethrown by CDecider once the C callback has
 * returned, so it never unwinds through C frames. */
struct xapc_candidate {
    const Xapian::Document *doc;
    std::string value, data;
    std::exception_ptr error;
};

/* A C callback as a Xapian::MatchDecider. */
class CDecider : public Xapian::MatchDecider {
  public:
    xapc_decider_fn fn = nullptr;
    void *ctx = nullptr;
    bool operator()(const Xapian::Document &doc) const override
    {
        xapc_candidate c;
        c.doc = &doc;
        bool keep = fn(ctx, &c) != 0;
        if (c.error)
            std::rethrow_exception(c.error);
        return keep;
    }
};

struct xapc_enquire {
    Xapian::Database db;
    CDecider decider;
    /* Declared before enq so they outlive it (members die in reverse). */
    std::vector<std::unique_ptr<xapc_spy>> spies;
    Xapian::Enquire enq;
    std::string err;
    xapc_termiter_t *matching = nullptr; /* last matching-terms iterator */

    explicit xapc_enquire(const Xapian::Database &d) : db(d), enq(d) {}
};

struct xapc_mset {
    Xapian::MSet ms;
    mutable std::string err;
};

struct eset_term {
    std::string term;
    double weight;
};

struct xapc_eset {
    std::vector<eset_term> terms;
};

/* ------------------------------------------------------------------ */
/* Exceptions -> status: the one mapping                               */

namespace {

/* What users read: our words, never Xapian's exception names or its
 * internal wording ("EOF reading block N", "The revision being read has
 * been discarded").  The OS error (errno text) is kept where there is one,
 * and Xapian's message only where it is the fact itself (what is corrupt,
 * which argument was refused). */
std::string plain(const char *what, const Xapian::Error &e, bool detail)
{
    std::string m = what;
    const char *os = e.get_error_string();
    if (detail && !e.get_msg().empty())
        m.append(": ").append(e.get_msg());
    if (os && *os)
        m.append(" (").append(os).append(")");
    return m;
}

/* Called from inside a catch(...): rethrows the current exception, catches
 * it by type, stores a plain description in msg (above) and returns its
 * status.  The one place Xapian's exceptions become statuses and messages.
 * Subclasses come before their bases (DatabaseLockError and
 * DatabaseNotFoundError are DatabaseOpeningErrors, which are DatabaseErrors). */
xapc_status_t map_exception(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        msg = plain("the index is locked by another writer", e, false);
        return XAPC_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        msg = plain("no index there", e, false);
        return XAPC_NOT_FOUND;
    } catch (const Xapian::DatabaseOpeningError &e) {
        msg = plain("not an index this program can read", e, false);
        return XAPC_OPENING;
    } catch (const Xapian::DatabaseModifiedError &e) {
        msg = plain("the index changed while it was being read", e, false);
        return XAPC_MODIFIED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        msg = plain("the index is corrupt", e, true);
        return XAPC_CORRUPT;
    } catch (const Xapian::DatabaseError &e) {
        /* I/O errors, and blocks of an old revision a writer reused. */
        msg = plain("the index could not be read or written", e, false);
        return XAPC_DATABASE;
    } catch (const Xapian::DocNotFoundError &e) {
        msg = plain("no such document in the index", e, false);
        return XAPC_NOT_FOUND;
    } catch (const Xapian::InvalidArgumentError &e) {
        msg = plain("invalid request to the index", e, true);
        return XAPC_INVALID_ARGUMENT;
    } catch (const Xapian::InvalidOperationError &e) {
        msg = plain("invalid operation on the index", e, true);
        return XAPC_INVALID_ARGUMENT;
    } catch (const Xapian::WildcardError &e) {
        msg = plain("a word with '*' matches too many words: make the prefix longer", e, false);
        return XAPC_QUERY;
    } catch (const Xapian::QueryParserError &e) {
        msg = plain("invalid query", e, true);
        return XAPC_QUERY;
    } catch (const Xapian::RangeError &e) {
        msg = plain("invalid range in the query", e, true);
        return XAPC_QUERY;
    } catch (const Xapian::NetworkError &e) {
        msg = plain("network error talking to the index server", e, false);
        return XAPC_NETWORK;
    } catch (const Xapian::FeatureUnavailableError &e) {
        msg = plain("not supported by this build of the index library", e, false);
        return XAPC_UNAVAILABLE;
    } catch (const Xapian::UnimplementedError &e) {
        msg = plain("not supported by this build of the index library", e, false);
        return XAPC_UNAVAILABLE;
    } catch (const Xapian::Error &e) {
        msg = plain("internal error in the index library", e, true);
        return XAPC_INTERNAL;
    } catch (const std::bad_alloc &) {
        msg = "out of memory";
        return XAPC_NO_MEMORY;
    } catch (const std::exception &e) {
        msg = "internal error: ";
        msg.append(e.what());
        return XAPC_INTERNAL;
    } catch (...) {
        msg = "internal error (an unknown exception)";
        return XAPC_INTERNAL;
    }
}

/* Run f(); on an exception record it in err and return its status.  The
 * assignment of the message may itself throw bad_alloc: then the message is
 * lost but the status is still returned. */
template <class F>
xapc_status_t guard(std::string &err, F f)
{
    try {
        return f();
    } catch (...) {
        try {
            return map_exception(err);
        } catch (...) {
            return XAPC_NO_MEMORY;
        }
    }
}

/* Same for functions that return a value instead of a status: on failure
 * the error is recorded and `fail` is returned. */
template <class T, class F>
T guard_value(std::string &err, T fail, F f)
{
    try {
        return f();
    } catch (...) {
        try {
            map_exception(err);
        } catch (...) {
        }
        return fail;
    }
}

/* For handle constructors: the message goes to a malloc'd *err. */
template <class F>
xapc_status_t guard_new(char **err, F f)
{
    std::string msg;
    xapc_status_t st = guard(msg, f);
    if (err)
        *err = (st == XAPC_OK) ? nullptr : strdup(msg.c_str());
    return st;
}

/* Set err to msg and return st (for failures detected on the C side). */
xapc_status_t fail(std::string &err, xapc_status_t st, const char *msg)
{
    try {
        err = msg;
    } catch (...) {
    }
    return st;
}

xapc_status_t fail_new(char **err, xapc_status_t st, const std::string &msg)
{
    if (err)
        *err = strdup(msg.c_str());
    return st;
}

/* The integer a C caller put in an enum parameter.  C allows any int there,
 * but in C++ a value outside the enumerators' range is undefined behaviour
 * once loaded as the enum type, so read the bytes instead. */
template <class E>
int enum_value(const E &e)
{
    static_assert(sizeof(E) == sizeof(int), "C enums are int-sized");
    int v;
    memcpy(&v, &e, sizeof v);
    return v;
}

std::string str(const char *s, size_t len)
{
    return (s && len) ? std::string(s, len) : std::string();
}

/* Lookups shared by readers and the writer (WritableDatabase is-a Database). */
xapc_status_t docid_for_term(const Xapian::Database &db, std::string &err,
                             const char *term, size_t len, xapc_docid_t *out)
{
    if (!out)
        return fail(err, XAPC_INVALID_ARGUMENT, "docid_for_term: out is NULL");
    *out = 0;
    return guard(err, [&] {
        std::string t = str(term, len);
        Xapian::PostingIterator p = db.postlist_begin(t);
        if (p == db.postlist_end(t)) {
            err = "no document is indexed by term '" + t + "'";
            return XAPC_NOT_FOUND;
        }
        *out = *p;
        return XAPC_OK;
    });
}

xapc_status_t get_document(const Xapian::Database &db, std::string &err,
                           xapc_docid_t did, xapc_doc_t **out)
{
    if (!out)
        return fail(err, XAPC_INVALID_ARGUMENT, "get_document: out is NULL");
    *out = nullptr;
    return guard(err, [&] {
        std::unique_ptr<xapc_doc_t> d(new xapc_doc_t);
        d->doc = db.get_document(did);
        *out = d.release();
        return XAPC_OK;
    });
}

/* A new iterator over [begin, end) that keeps db alive while it walks. */
xapc_status_t new_termiter(xapc_termiter_t **out,
                           termiter_kind kind, const Xapian::Database &db,
                           const Xapian::TermIterator &begin,
                           const Xapian::TermIterator &end)
{
    std::unique_ptr<xapc_termiter_t> ti(new xapc_termiter_t);
    ti->kind = kind;
    ti->db = db;
    ti->it = begin;
    ti->end = end;
    *out = ti.release();
    return XAPC_OK;
}

} /* namespace */

/* ------------------------------------------------------------------ */
/* Status, version                                                     */

XAPC_API const char *xapc_status_to_string(xapc_status_t status)
{
    switch (enum_value(status)) {
    case XAPC_OK: return "ok";
    case XAPC_NO_MEMORY: return "out of memory";
    case XAPC_INVALID_ARGUMENT: return "invalid argument";
    case XAPC_NOT_FOUND: return "not found";
    case XAPC_LOCKED: return "database is locked";
    case XAPC_MODIFIED: return "the index changed while it was being read";
    case XAPC_OPENING: return "cannot open database";
    case XAPC_CORRUPT: return "the index is corrupt";
    case XAPC_DATABASE: return "the index could not be read or written";
    case XAPC_QUERY: return "invalid query";
    case XAPC_NETWORK: return "network error";
    case XAPC_UNAVAILABLE: return "feature unavailable";
    case XAPC_INTERNAL: return "internal error";
    case XAPC_STATUS_LAST: break;
    }
    return "unknown status";
}

XAPC_API const char *xapc_version(void)
{
    return Xapian::version_string();
}

/* ------------------------------------------------------------------ */
/* Read-only database                                                  */

XAPC_API xapc_status_t xapc_db_open(const char *path, xapc_db_t **out, char **err)
{
    if (err)
        *err = nullptr;
    if (!out)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_db_open: out is NULL");
    *out = nullptr;
    if (!path || !*path)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_db_open: empty path");
    return guard_new(err, [&] {
        std::unique_ptr<xapc_db_t> h(new xapc_db_t);
        h->db = Xapian::Database(path);
        *out = h.release();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_open_remote(const char *host, unsigned port,
                                             unsigned timeout_ms, xapc_db_t **out,
                                             char **err)
{
    if (err)
        *err = nullptr;
    if (!out)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_db_open_remote: out is NULL");
    *out = nullptr;
    if (!host || !*host || port == 0 || port > 65535)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_db_open_remote: bad host or port");
    return guard_new(err, [&] {
        /* Xapian's defaults: 10 s for both the call and the connect timeout. */
        unsigned t = timeout_ms ? timeout_ms : 10000;
        std::unique_ptr<xapc_db_t> h(new xapc_db_t);
        h->db = Xapian::Remote::open(host, port, t, t);
        *out = h.release();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_add(xapc_db_t *db, xapc_db_t *other)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    if (!other)
        return fail(db->err, XAPC_INVALID_ARGUMENT, "xapc_db_add: other is NULL");
    return guard(db->err, [&] {
        db->db.add_database(other->db);
        return XAPC_OK;
    });
}

XAPC_API void xapc_db_destroy(xapc_db_t *db)
{
    delete db;
}

XAPC_API const char *xapc_db_last_error(const xapc_db_t *db)
{
    return db ? db->err.c_str() : "";
}

XAPC_API xapc_status_t xapc_db_reopen(xapc_db_t *db, int *changed)
{
    if (changed)
        *changed = 0;
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return guard(db->err, [&] {
        bool moved = db->db.reopen();
        if (changed)
            *changed = moved ? 1 : 0;
        return XAPC_OK;
    });
}

XAPC_API uint32_t xapc_db_doccount(xapc_db_t *db)
{
    if (!db)
        return 0;
    return guard_value<uint32_t>(db->err, 0, [&] { return db->db.get_doccount(); });
}

XAPC_API xapc_docid_t xapc_db_lastdocid(xapc_db_t *db)
{
    if (!db)
        return 0;
    return guard_value<xapc_docid_t>(db->err, 0, [&] { return db->db.get_lastdocid(); });
}

XAPC_API double xapc_db_avlength(xapc_db_t *db)
{
    if (!db)
        return 0.0;
    return guard_value<double>(db->err, 0.0, [&] { return db->db.get_avlength(); });
}

XAPC_API uint64_t xapc_db_total_length(xapc_db_t *db)
{
    if (!db)
        return 0;
    return guard_value<uint64_t>(db->err, 0, [&] { return db->db.get_total_length(); });
}

XAPC_API uint32_t xapc_db_termfreq(xapc_db_t *db, const char *term, size_t len)
{
    if (!db)
        return 0;
    return guard_value<uint32_t>(db->err, 0,
                                 [&] { return db->db.get_termfreq(str(term, len)); });
}

XAPC_API uint64_t xapc_db_collection_freq(xapc_db_t *db, const char *term, size_t len)
{
    if (!db)
        return 0;
    return guard_value<uint64_t>(db->err, 0,
                                 [&] { return db->db.get_collection_freq(str(term, len)); });
}

XAPC_API int xapc_db_term_exists(xapc_db_t *db, const char *term, size_t len)
{
    if (!db)
        return 0;
    return guard_value<int>(db->err, 0,
                            [&] { return db->db.term_exists(str(term, len)) ? 1 : 0; });
}

XAPC_API xapc_status_t xapc_db_doclength(xapc_db_t *db, xapc_docid_t did, uint32_t *out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(db->err, XAPC_INVALID_ARGUMENT, "xapc_db_doclength: out is NULL");
    *out = 0;
    return guard(db->err, [&] {
        *out = db->db.get_doclength(did);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_docid_for_term(xapc_db_t *db, const char *term, size_t len,
                                                xapc_docid_t *out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return docid_for_term(db->db, db->err, term, len, out);
}

XAPC_API xapc_status_t xapc_db_get_document(xapc_db_t *db, xapc_docid_t did,
                                              xapc_doc_t **out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return get_document(db->db, db->err, did, out);
}

XAPC_API xapc_status_t xapc_db_value_stats(xapc_db_t *db, xapc_slot_t slot, uint32_t *freq,
                                             const char **lo, size_t *lo_len,
                                             const char **hi, size_t *hi_len)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return guard(db->err, [&] {
        /* Xapian keeps bounds, not exact extremes: for glass they are exact
         * unless documents were deleted since the slot was last rebuilt. */
        Xapian::doccount f = db->db.get_value_freq(slot);
        db->buf = db->db.get_value_lower_bound(slot);
        db->buf2 = db->db.get_value_upper_bound(slot);
        if (freq)
            *freq = f;
        if (lo)
            *lo = db->buf.data();
        if (lo_len)
            *lo_len = db->buf.size();
        if (hi)
            *hi = db->buf2.data();
        if (hi_len)
            *hi_len = db->buf2.size();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_get_metadata(xapc_db_t *db, const char *key,
                                              const char **val, size_t *len)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    if (!key || !*key)
        return fail(db->err, XAPC_INVALID_ARGUMENT, "xapc_db_get_metadata: empty key");
    return guard(db->err, [&] {
        db->buf = db->db.get_metadata(key);
        if (val)
            *val = db->buf.c_str();
        if (len)
            *len = db->buf.size();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_spelling_suggestion(xapc_db_t *db, const char *word,
                                                     size_t len, unsigned max_edit,
                                                     const char **out, size_t *out_len)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return guard(db->err, [&] {
        db->buf = db->db.get_spelling_suggestion(str(word, len), max_edit);
        if (out)
            *out = db->buf.c_str();
        if (out_len)
            *out_len = db->buf.size();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_allterms(xapc_db_t *db, const char *prefix, size_t len,
                                          xapc_termiter_t **out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(db->err, XAPC_INVALID_ARGUMENT, "xapc_db_allterms: out is NULL");
    *out = nullptr;
    return guard(db->err, [&] {
        std::string p = str(prefix, len);
        return new_termiter(out, TI_ALLTERMS, db->db, db->db.allterms_begin(p),
                            db->db.allterms_end(p));
    });
}

XAPC_API xapc_status_t xapc_db_synonyms(xapc_db_t *db, const char *term, size_t len,
                                          xapc_termiter_t **out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(db->err, XAPC_INVALID_ARGUMENT, "xapc_db_synonyms: out is NULL");
    *out = nullptr;
    return guard(db->err, [&] {
        std::string t = str(term, len);
        return new_termiter(out, TI_SYNONYMS, db->db, db->db.synonyms_begin(t),
                            db->db.synonyms_end(t));
    });
}

XAPC_API xapc_status_t xapc_db_termlist(xapc_db_t *db, xapc_docid_t did,
                                          xapc_termiter_t **out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(db->err, XAPC_INVALID_ARGUMENT, "xapc_db_termlist: out is NULL");
    *out = nullptr;
    return guard(db->err, [&] {
        return new_termiter(out, TI_TERMLIST, db->db, db->db.termlist_begin(did),
                            db->db.termlist_end(did));
    });
}

XAPC_API xapc_status_t xapc_db_positions(xapc_db_t *db, xapc_docid_t did, const char *term,
                                           size_t len, xapc_termpos_t *pos, size_t cap,
                                           size_t *n)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    if (n)
        *n = 0;
    if (cap && !pos)
        return fail(db->err, XAPC_INVALID_ARGUMENT, "xapc_db_positions: pos is NULL");
    return guard(db->err, [&] {
        std::string t = str(term, len);
        size_t count = 0;
        for (Xapian::PositionIterator p = db->db.positionlist_begin(did, t);
             p != db->db.positionlist_end(did, t); ++p, ++count) {
            if (count < cap)
                pos[count] = *p;
        }
        if (n)
            *n = count;
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Term iterators                                                      */

XAPC_API int xapc_termiter_next(xapc_termiter_t *it, const char **term, size_t *len,
                                  uint32_t *wdf, uint32_t *termfreq)
{
    if (!it)
        return -1;
    std::string &err = it->err;
    int r = guard_value<int>(err, -1, [&] {
        /* `it` points at the next unread term: read it, then advance. */
        if (it->it == it->end)
            return 0;
        it->term = *it->it;
        uint32_t w = 0, tf = 0;
        if (it->kind == TI_TERMLIST)
            w = it->it.get_wdf();
        else if (it->kind == TI_ALLTERMS)
            tf = it->it.get_termfreq();
        ++it->it;
        if (term)
            *term = it->term.data();
        if (len)
            *len = it->term.size();
        if (wdf)
            *wdf = w;
        if (termfreq)
            *termfreq = tf;
        return 1;
    });
    return r;
}

XAPC_API const char *xapc_termiter_last_error(const xapc_termiter_t *it)
{
    return it ? it->err.c_str() : "";
}

XAPC_API void xapc_termiter_destroy(xapc_termiter_t *it)
{
    if (it && !it->enquire_owned)
        delete it;
}

/* ------------------------------------------------------------------ */
/* Writable database                                                   */

XAPC_API xapc_status_t xapc_wdb_open(const char *path, int flags, xapc_wdb_t **out,
                                       char **err)
{
    if (err)
        *err = nullptr;
    if (!out)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_wdb_open: out is NULL");
    *out = nullptr;
    if (!path || !*path)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_wdb_open: empty path");
    int action;
    switch (flags & 0x0f) {
    case 0: /* no action given: the common case */
    case XAPC_WDB_CREATE_OR_OPEN: action = Xapian::DB_CREATE_OR_OPEN; break;
    case XAPC_WDB_CREATE_OR_OVERWRITE: action = Xapian::DB_CREATE_OR_OVERWRITE; break;
    case XAPC_WDB_CREATE: action = Xapian::DB_CREATE; break;
    case XAPC_WDB_OPEN: action = Xapian::DB_OPEN; break;
    default:
        return fail_new(err, XAPC_INVALID_ARGUMENT,
                        std::string("xapc_wdb_open: bad open action in flags for ") + path);
    }
    if (flags & ~(0x0f | XAPC_WDB_NO_SYNC | XAPC_WDB_FULL_SYNC | XAPC_WDB_DANGEROUS))
        return fail_new(err, XAPC_INVALID_ARGUMENT,
                        std::string("xapc_wdb_open: unknown flags for ") + path);
    if (flags & XAPC_WDB_NO_SYNC)
        action |= Xapian::DB_NO_SYNC;
    if (flags & XAPC_WDB_FULL_SYNC)
        action |= Xapian::DB_FULL_SYNC;
    if (flags & XAPC_WDB_DANGEROUS)
        action |= Xapian::DB_DANGEROUS;
    action |= Xapian::DB_BACKEND_GLASS;
    return guard_new(err, [&] {
        std::unique_ptr<xapc_wdb_t> h(new xapc_wdb_t);
        h->db = Xapian::WritableDatabase(path, action);
        *out = h.release();
        return XAPC_OK;
    });
}

XAPC_API void xapc_wdb_destroy(xapc_wdb_t *wdb)
{
    if (!wdb)
        return;
    /* Commit explicitly: the destructor would too, but swallows errors
     * silently; here at least close() releases the lock either way.  An
     * open transaction is discarded, as Xapian does. */
    try {
        if (!wdb->in_transaction)
            wdb->db.commit();
    } catch (...) {
    }
    try {
        wdb->db.close();
    } catch (...) {
    }
    delete wdb;
}

XAPC_API const char *xapc_wdb_last_error(const xapc_wdb_t *wdb)
{
    return wdb ? wdb->err.c_str() : "";
}

XAPC_API xapc_status_t xapc_wdb_replace_by_term(xapc_wdb_t *wdb, const char *idterm,
                                                  size_t len, xapc_doc_t *doc,
                                                  xapc_docid_t *did)
{
    if (did)
        *did = 0;
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    if (!doc || !idterm || !len)
        return fail(wdb->err, XAPC_INVALID_ARGUMENT,
                    "xapc_wdb_replace_by_term: document or id term missing");
    return guard(wdb->err, [&] {
        Xapian::docid d = wdb->db.replace_document(std::string(idterm, len), doc->doc);
        if (did)
            *did = d;
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_add_document(xapc_wdb_t *wdb, xapc_doc_t *doc,
                                               xapc_docid_t *did)
{
    if (did)
        *did = 0;
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    if (!doc)
        return fail(wdb->err, XAPC_INVALID_ARGUMENT, "xapc_wdb_add_document: doc is NULL");
    return guard(wdb->err, [&] {
        Xapian::docid d = wdb->db.add_document(doc->doc);
        if (did)
            *did = d;
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_delete_by_term(xapc_wdb_t *wdb, const char *idterm,
                                                 size_t len, uint32_t *deleted)
{
    if (deleted)
        *deleted = 0;
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    if (!idterm || !len)
        return fail(wdb->err, XAPC_INVALID_ARGUMENT, "xapc_wdb_delete_by_term: empty term");
    return guard(wdb->err, [&] {
        std::string t(idterm, len);
        Xapian::doccount before = wdb->db.get_termfreq(t);
        wdb->db.delete_document(t);
        if (deleted)
            *deleted = before;
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_commit(xapc_wdb_t *wdb)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(wdb->err, [&] {
        wdb->db.commit();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_begin_transaction(xapc_wdb_t *wdb, int flushed)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(wdb->err, [&] {
        wdb->db.begin_transaction(flushed != 0);
        wdb->in_transaction = true;
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_commit_transaction(xapc_wdb_t *wdb)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(wdb->err, [&] {
        /* Xapian ends the transaction even if committing it throws. */
        wdb->in_transaction = false;
        wdb->db.commit_transaction();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_cancel_transaction(xapc_wdb_t *wdb)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(wdb->err, [&] {
        wdb->in_transaction = false;
        wdb->db.cancel_transaction();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_set_metadata(xapc_wdb_t *wdb, const char *key,
                                               const char *val, size_t len)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    if (!key || !*key)
        return fail(wdb->err, XAPC_INVALID_ARGUMENT, "xapc_wdb_set_metadata: empty key");
    return guard(wdb->err, [&] {
        wdb->db.set_metadata(key, str(val, len));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_add_spelling(xapc_wdb_t *wdb, const char *word, size_t len,
                                               uint32_t freqinc)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(wdb->err, [&] {
        wdb->db.add_spelling(str(word, len), freqinc ? freqinc : 1);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_add_synonym(xapc_wdb_t *wdb, const char *term, size_t tlen,
                                              const char *synonym, size_t slen)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    if (!tlen || !slen || !term || !synonym)
        return fail(wdb->err, XAPC_INVALID_ARGUMENT, "xapc_wdb_add_synonym: empty term");
    return guard(wdb->err, [&] {
        wdb->db.add_synonym(std::string(term, tlen), std::string(synonym, slen));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_clear_synonyms(xapc_wdb_t *wdb, const char *term,
                                                 size_t len)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(wdb->err, [&] {
        wdb->db.clear_synonyms(str(term, len));
        return XAPC_OK;
    });
}

XAPC_API uint32_t xapc_wdb_doccount(xapc_wdb_t *wdb)
{
    if (!wdb)
        return 0;
    return guard_value<uint32_t>(wdb->err, 0, [&] { return wdb->db.get_doccount(); });
}

XAPC_API xapc_status_t xapc_wdb_docid_for_term(xapc_wdb_t *wdb, const char *term,
                                                 size_t len, xapc_docid_t *out)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return docid_for_term(wdb->db, wdb->err, term, len, out);
}

XAPC_API xapc_status_t xapc_wdb_get_document(xapc_wdb_t *wdb, xapc_docid_t did,
                                               xapc_doc_t **out)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return get_document(wdb->db, wdb->err, did, out);
}

XAPC_API xapc_status_t xapc_compact(const char *const *src, size_t n, const char *dst,
                                      int flags, char **err)
{
    if (err)
        *err = nullptr;
    if (!src || n == 0 || !dst || !*dst)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_compact: no source or destination");
    struct stat st;
    if (stat(dst, &st) == 0)
        return fail_new(err, XAPC_INVALID_ARGUMENT,
                        std::string("xapc_compact: destination exists: ") + dst);
    for (size_t i = 0; i < n; i++)
        if (!src[i] || !*src[i])
            return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_compact: empty source path");
    if (flags & ~(XAPC_COMPACT_FULL | XAPC_COMPACT_FULLER | XAPC_COMPACT_MULTIPASS |
                  XAPC_COMPACT_NO_RENUMBER))
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_compact: unknown flags");
    unsigned xflags = Xapian::Compactor::STANDARD;
    if (flags & XAPC_COMPACT_FULL)
        xflags = Xapian::Compactor::FULL;
    if (flags & XAPC_COMPACT_FULLER)
        xflags = Xapian::Compactor::FULLER;
    if (flags & XAPC_COMPACT_MULTIPASS)
        xflags |= Xapian::DBCOMPACT_MULTIPASS;
    if (flags & XAPC_COMPACT_NO_RENUMBER)
        xflags |= Xapian::DBCOMPACT_NO_RENUMBER;
    std::string where;
    xapc_status_t s = guard_new(err, [&] {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++) {
            where = src[i];
            all.add_database(Xapian::Database(src[i]));
        }
        where = dst;
        all.compact(dst, xflags);
        return XAPC_OK;
    });
    /* Name the database that failed: Xapian's messages do not always. */
    if (s != XAPC_OK && err && *err) {
        std::string m = where + ": " + *err;
        free(*err);
        *err = strdup(m.c_str());
    }
    return s;
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */

XAPC_API xapc_status_t xapc_doc_create(xapc_doc_t **out)
{
    if (!out)
        return XAPC_INVALID_ARGUMENT;
    *out = new (std::nothrow) xapc_doc_t;
    return *out ? XAPC_OK : XAPC_NO_MEMORY;
}

XAPC_API void xapc_doc_destroy(xapc_doc_t *doc)
{
    delete doc;
}

XAPC_API const char *xapc_doc_last_error(const xapc_doc_t *doc)
{
    return doc ? doc->err.c_str() : "";
}

XAPC_API xapc_status_t xapc_doc_add_posting(xapc_doc_t *doc, const char *term, size_t len,
                                              xapc_termpos_t pos, uint32_t wdf_inc)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    if (!term || !len)
        return fail(doc->err, XAPC_INVALID_ARGUMENT, "xapc_doc_add_posting: empty term");
    return guard(doc->err, [&] {
        doc->doc.add_posting(std::string(term, len), pos, wdf_inc);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_add_term(xapc_doc_t *doc, const char *term, size_t len,
                                           uint32_t wdf_inc)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    if (!term || !len)
        return fail(doc->err, XAPC_INVALID_ARGUMENT, "xapc_doc_add_term: empty term");
    return guard(doc->err, [&] {
        doc->doc.add_term(std::string(term, len), wdf_inc);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_add_boolean_term(xapc_doc_t *doc, const char *term,
                                                   size_t len)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    if (!term || !len)
        return fail(doc->err, XAPC_INVALID_ARGUMENT, "xapc_doc_add_boolean_term: empty term");
    return guard(doc->err, [&] {
        doc->doc.add_boolean_term(std::string(term, len));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_set_value(xapc_doc_t *doc, xapc_slot_t slot,
                                            const char *val, size_t len)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    if (slot == Xapian::BAD_VALUENO)
        return fail(doc->err, XAPC_INVALID_ARGUMENT, "xapc_doc_set_value: bad slot");
    return guard(doc->err, [&] {
        doc->doc.add_value(slot, str(val, len));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_set_data(xapc_doc_t *doc, const char *data, size_t len)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    return guard(doc->err, [&] {
        doc->doc.set_data(str(data, len));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_get_data(xapc_doc_t *doc, const char **data, size_t *len)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    return guard(doc->err, [&] {
        doc->buf = doc->doc.get_data();
        if (data)
            *data = doc->buf.c_str();
        if (len)
            *len = doc->buf.size();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_get_value(xapc_doc_t *doc, xapc_slot_t slot,
                                            const char **val, size_t *len)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    return guard(doc->err, [&] {
        doc->buf = doc->doc.get_value(slot);
        if (val)
            *val = doc->buf.c_str();
        if (len)
            *len = doc->buf.size();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_termlist(xapc_doc_t *doc, xapc_termiter_t **out)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(doc->err, XAPC_INVALID_ARGUMENT, "xapc_doc_termlist: out is NULL");
    *out = nullptr;
    return guard(doc->err, [&] {
        std::unique_ptr<xapc_termiter_t> ti(new xapc_termiter_t);
        ti->kind = TI_TERMLIST;
        ti->doc = doc->doc;
        ti->it = ti->doc.termlist_begin();
        ti->end = ti->doc.termlist_end();
        *out = ti.release();
        return XAPC_OK;
    });
}

XAPC_API uint32_t xapc_doc_termcount(xapc_doc_t *doc)
{
    if (!doc)
        return 0;
    return guard_value<uint32_t>(doc->err, 0, [&] { return doc->doc.termlist_count(); });
}

XAPC_API xapc_docid_t xapc_doc_docid(xapc_doc_t *doc)
{
    if (!doc)
        return 0;
    return guard_value<xapc_docid_t>(doc->err, 0, [&] { return doc->doc.get_docid(); });
}

XAPC_API size_t xapc_sortable_serialise(double v, char *buf)
{
    if (!buf)
        return 0;
    /* The C++ overload allocates a string; the buffer form cannot throw. */
    return Xapian::sortable_serialise_(v, buf);
}

XAPC_API double xapc_sortable_unserialise(const char *buf, size_t len)
{
    if (!buf)
        return 0.0;
    std::string tmp;
    try {
        tmp.assign(buf, len);
        return Xapian::sortable_unserialise(tmp);
    } catch (...) {
        return 0.0;
    }
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

namespace {

/* Wrap a freshly built query; NULL on any failure (the header's contract). */
template <class F>
xapc_query_t *make_query(F f)
{
    try {
        std::unique_ptr<xapc_query_t> q(new xapc_query_t);
        q->q = f();
        return q.release();
    } catch (...) {
        return nullptr;
    }
}

bool map_op(int op, Xapian::Query::op *out)
{
    switch (op) {
    case XAPC_OP_AND: *out = Xapian::Query::OP_AND; return true;
    case XAPC_OP_OR: *out = Xapian::Query::OP_OR; return true;
    case XAPC_OP_AND_NOT: *out = Xapian::Query::OP_AND_NOT; return true;
    case XAPC_OP_XOR: *out = Xapian::Query::OP_XOR; return true;
    case XAPC_OP_AND_MAYBE: *out = Xapian::Query::OP_AND_MAYBE; return true;
    case XAPC_OP_FILTER: *out = Xapian::Query::OP_FILTER; return true;
    case XAPC_OP_NEAR: *out = Xapian::Query::OP_NEAR; return true;
    case XAPC_OP_PHRASE: *out = Xapian::Query::OP_PHRASE; return true;
    case XAPC_OP_ELITE_SET: *out = Xapian::Query::OP_ELITE_SET; return true;
    case XAPC_OP_SYNONYM: *out = Xapian::Query::OP_SYNONYM; return true;
    case XAPC_OP_MAX: *out = Xapian::Query::OP_MAX; return true;
    }
    return false;
}

} /* namespace */

XAPC_API xapc_query_t *xapc_query_term(const char *term, size_t len, uint32_t wqf,
                                         xapc_termpos_t pos)
{
    if (!term && len)
        return nullptr;
    return make_query([&] { return Xapian::Query(str(term, len), wqf, pos); });
}

XAPC_API xapc_query_t *xapc_query_combine(xapc_op_t c_op, xapc_query_t *const *subs,
                                            size_t n, uint32_t param)
{
    Xapian::Query::op xop;
    int op = enum_value(c_op);
    if (!map_op(op, &xop) || (n && !subs))
        return nullptr;
    for (size_t i = 0; i < n; i++)
        if (!subs[i])
            return nullptr;
    return make_query([&] {
        std::vector<Xapian::Query> v(n);
        for (size_t i = 0; i < n; i++)
            v[i] = subs[i]->q;
        Xapian::termcount p = 0;
        if (op == XAPC_OP_NEAR || op == XAPC_OP_PHRASE)
            p = param; /* 0 = Xapian's default: the number of subqueries */
        else if (op == XAPC_OP_ELITE_SET)
            p = param ? param : 10;
        return Xapian::Query(xop, v.begin(), v.end(), p);
    });
}

XAPC_API xapc_query_t *xapc_query_scale(const xapc_query_t *q, double factor)
{
    if (!q || !(factor >= 0.0))
        return nullptr;
    return make_query([&] { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor); });
}

XAPC_API xapc_query_t *xapc_query_value_range(xapc_slot_t slot, const char *lo,
                                                size_t lo_len, const char *hi, size_t hi_len)
{
    return make_query([&] {
        if (lo && hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, std::string(lo, lo_len),
                                 std::string(hi, hi_len));
        if (hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, std::string(hi, hi_len));
        /* lo only, or both open.  Xapian turns VALUE_GE "" into MatchAll,
         * which would also match documents with no value in the slot; one
         * NUL byte is the least non-empty value, so it keeps exactly the
         * documents that have one. */
        std::string low = str(lo, lo_len);
        if (low.empty())
            low.assign(1, '\0');
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low);
    });
}

XAPC_API xapc_query_t *xapc_query_wildcard(const char *prefix, size_t len,
                                             uint32_t max_expansion)
{
    if (!prefix && len)
        return nullptr;
    /* Xapian 1.4 treats max_expansion 0 as "keep the 0 most frequent" under
     * WILDCARD_LIMIT_MOST_FREQUENT (the query then matches nothing), so
     * "unlimited" uses the plain mode, where 0 means no limit. */
    int limit = max_expansion ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                              : Xapian::Query::WILDCARD_LIMIT_ERROR;
    return make_query([&] {
        return Xapian::Query(Xapian::Query::OP_WILDCARD, str(prefix, len), max_expansion,
                             limit, Xapian::Query::OP_SYNONYM);
    });
}

XAPC_API xapc_query_t *xapc_query_match_all(void)
{
    return make_query([] { return Xapian::Query::MatchAll; });
}

XAPC_API xapc_query_t *xapc_query_fixed_weight(double w)
{
    if (!(w >= 0))
        return nullptr;
    return make_query([&] {
        return Xapian::Query((new Xapian::FixedWeightPostingSource(w))->release());
    });
}

XAPC_API xapc_query_t *xapc_query_match_nothing(void)
{
    return make_query([] { return Xapian::Query::MatchNothing; });
}

XAPC_API xapc_query_t *xapc_query_copy(const xapc_query_t *q)
{
    if (!q)
        return nullptr;
    return make_query([&] { return q->q; });
}

XAPC_API int xapc_query_is_empty(const xapc_query_t *q)
{
    return (!q || q->q.empty()) ? 1 : 0;
}

XAPC_API char *xapc_query_describe(const xapc_query_t *q)
{
    if (!q)
        return nullptr;
    try {
        return strdup(q->q.get_description().c_str());
    } catch (...) {
        return nullptr;
    }
}

XAPC_API void xapc_query_destroy(xapc_query_t *q)
{
    delete q;
}

/* ------------------------------------------------------------------ */
/* Enquire                                                             */

namespace {

/* Keeps the terms worth suggesting for "more like this": those starting
 * with only_prefix when one is given; never the prefixed field/boolean terms
 * (they begin with an uppercase ASCII letter) unless only_prefix itself asks
 * for such a prefix. */
class PrefixDecider : public Xapian::ExpandDecider {
    std::string prefix;
    bool want_upper;

  public:
    explicit PrefixDecider(const char *p)
        : prefix(p ? p : ""), want_upper(p && *p >= 'A' && *p <= 'Z') {}

    bool operator()(const std::string &term) const override
    {
        if (term.compare(0, prefix.size(), prefix) != 0)
            return false;
        if (!want_upper && !term.empty() && term[0] >= 'A' && term[0] <= 'Z')
            return false;
        return true;
    }
};

} /* namespace */

XAPC_API xapc_status_t xapc_enquire_create(xapc_db_t *db, xapc_enquire_t **out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(db->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_create: out is NULL");
    *out = nullptr;
    /* Failures are reported on db (there is no enquire handle yet). */
    return guard(db->err, [&] {
        *out = new xapc_enquire_t(db->db);
        return XAPC_OK;
    });
}

XAPC_API void xapc_enquire_destroy(xapc_enquire_t *enq)
{
    if (!enq)
        return;
    delete enq->matching;
    delete enq;
}

XAPC_API const char *xapc_enquire_last_error(const xapc_enquire_t *enq)
{
    return enq ? enq->err.c_str() : "";
}

XAPC_API xapc_status_t xapc_enquire_set_query(xapc_enquire_t *enq, const xapc_query_t *q)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (!q)
        return fail(enq->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_set_query: query is NULL");
    return guard(enq->err, [&] {
        enq->enq.set_query(q->q);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_set_bm25(xapc_enquire_t *enq, double k1, double k2,
                                               double k3, double b, double min_normlen)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    return guard(enq->err, [&] {
        enq->enq.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_set_sort(xapc_enquire_t *enq, int slot, int reverse)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    return guard(enq->err, [&] {
        if (slot < 0)
            enq->enq.set_sort_by_relevance();
        else
            enq->enq.set_sort_by_value_then_relevance((Xapian::valueno)slot, reverse != 0);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_set_collapse(xapc_enquire_t *enq, int slot)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    return guard(enq->err, [&] {
        enq->enq.set_collapse_key(slot < 0 ? Xapian::BAD_VALUENO : (Xapian::valueno)slot);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_add_value_spy(xapc_enquire_t *enq, xapc_slot_t slot,
                                                    xapc_spy_t **out)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(enq->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_add_value_spy: out is NULL");
    *out = nullptr;
    return guard(enq->err, [&] {
        std::unique_ptr<xapc_spy_t> s(new xapc_spy_t);
        s->slot = slot;
        s->spy.reset(new Xapian::ValueCountMatchSpy(slot));
        enq->spies.reserve(enq->spies.size() + 1);
        enq->enq.add_matchspy(s->spy.get());
        *out = s.get();
        enq->spies.push_back(std::move(s));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_get_mset(xapc_enquire_t *enq, uint32_t first,
                                               uint32_t maxitems, uint32_t checkatleast,
                                               xapc_mset_t **out)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(enq->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_get_mset: out is NULL");
    *out = nullptr;
    return guard(enq->err, [&] {
        std::unique_ptr<xapc_mset_t> m(new xapc_mset_t);
        if (!enq->spies.empty()) {
            /* Fresh spies, so the counts describe this match only. */
            enq->enq.clear_matchspies();
            for (auto &s : enq->spies) {
                s->it = s->end = Xapian::TermIterator();
                s->started = false;
                s->spy.reset(new Xapian::ValueCountMatchSpy(s->slot));
                enq->enq.add_matchspy(s->spy.get());
            }
        }
        m->ms = enq->enq.get_mset(first, maxitems, checkatleast, nullptr,
                                  enq->decider.fn ? &enq->decider : nullptr);
        *out = m.release();
        return XAPC_OK;
    });
}

XAPC_API xapc_docid_t xapc_candidate_docid(const xapc_candidate_t *c)
{
    return c ? c->doc->get_docid() : 0;
}

/* Read one string of the candidate; on failure keep the exception for
 * CDecider and report its status. */
template <class F>
static xapc_status_t candidate_read(xapc_candidate_t *c, std::string &dst, const char **out,
                                    size_t *len, F f)
{
    if (!out || !len)
        return XAPC_INVALID_ARGUMENT;
    try {
        dst = f();
        *out = dst.data();
        *len = dst.size();
        return XAPC_OK;
    } catch (...) {
        c->error = std::current_exception();
        std::string ignored;
        try {
            return map_exception(ignored);
        } catch (...) {
            return XAPC_NO_MEMORY;
        }
    }
}

XAPC_API xapc_status_t xapc_candidate_value(xapc_candidate_t *c, xapc_slot_t slot,
                                              const char **val, size_t *len)
{
    if (!c)
        return XAPC_INVALID_ARGUMENT;
    return candidate_read(c, c->value, val, len, [&] { return c->doc->get_value(slot); });
}

XAPC_API xapc_status_t xapc_candidate_data(xapc_candidate_t *c, const char **data, size_t *len)
{
    if (!c)
        return XAPC_INVALID_ARGUMENT;
    return candidate_read(c, c->data, data, len, [&] { return c->doc->get_data(); });
}

XAPC_API xapc_status_t xapc_enquire_set_decider(xapc_enquire_t *enq, xapc_decider_fn fn,
                                                 void *ctx)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    enq->decider.fn = fn;
    enq->decider.ctx = ctx;
    return XAPC_OK;
}

XAPC_API xapc_status_t xapc_enquire_get_eset(xapc_enquire_t *enq, const xapc_docid_t *rel,
                                               size_t n, uint32_t maxitems,
                                               const char *only_prefix, xapc_eset_t **out)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (!out || (n && !rel))
        return fail(enq->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_get_eset: bad arguments");
    *out = nullptr;
    return guard(enq->err, [&] {
        Xapian::RSet rset;
        for (size_t i = 0; i < n; i++)
            rset.add_document(rel[i]);
        PrefixDecider decider(only_prefix);
        Xapian::ESet es = enq->enq.get_eset(maxitems, rset, &decider);
        std::unique_ptr<xapc_eset_t> e(new xapc_eset_t);
        e->terms.resize(es.size());
        size_t k = 0;
        for (Xapian::ESetIterator i = es.begin(); i != es.end(); ++i, ++k) {
            e->terms[k].term = *i;
            e->terms[k].weight = i.get_weight();
        }
        *out = e.release();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_matching_terms(xapc_enquire_t *enq, xapc_docid_t did,
                                                     xapc_termiter_t **out)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(enq->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_matching_terms: out is NULL");
    *out = nullptr;
    return guard(enq->err, [&] {
        std::unique_ptr<xapc_termiter_t> ti(new xapc_termiter_t);
        ti->kind = TI_MATCHING;
        ti->db = enq->db;
        ti->it = enq->enq.get_matching_terms_begin(did);
        ti->end = enq->enq.get_matching_terms_end(did);
        ti->enquire_owned = true;
        delete enq->matching;
        enq->matching = ti.release();
        *out = enq->matching;
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Facet spy                                                           */

XAPC_API size_t xapc_spy_count(const xapc_spy_t *spy)
{
    if (!spy || !spy->spy)
        return 0;
    try {
        size_t k = 0;
        for (Xapian::TermIterator i = spy->spy->values_begin(); i != spy->spy->values_end(); ++i)
            k++;
        return k;
    } catch (...) {
        return 0;
    }
}

XAPC_API int xapc_spy_next(xapc_spy_t *spy, const char **val, size_t *len, uint32_t *count)
{
    if (!spy || !spy->spy)
        return 0;
    try {
        if (!spy->started) {
            spy->it = spy->spy->values_begin();
            spy->end = spy->spy->values_end();
            spy->started = true;
        }
        if (spy->it == spy->end)
            return 0;
        spy->value = *spy->it;
        uint32_t c = spy->it.get_termfreq();
        ++spy->it;
        if (val)
            *val = spy->value.data();
        if (len)
            *len = spy->value.size();
        if (count)
            *count = c;
        return 1;
    } catch (...) {
        return 0;
    }
}

XAPC_API void xapc_spy_rewind(xapc_spy_t *spy)
{
    if (!spy)
        return;
    spy->started = false;
    spy->it = spy->end = Xapian::TermIterator();
}

XAPC_API uint32_t xapc_spy_total(const xapc_spy_t *spy)
{
    if (!spy || !spy->spy)
        return 0;
    return spy->spy->get_total();
}

/* ------------------------------------------------------------------ */
/* MSet                                                                */

XAPC_API uint32_t xapc_mset_size(const xapc_mset_t *ms)
{
    return ms ? ms->ms.size() : 0;
}

XAPC_API uint32_t xapc_mset_matches_estimated(const xapc_mset_t *ms)
{
    return ms ? ms->ms.get_matches_estimated() : 0;
}

XAPC_API uint32_t xapc_mset_matches_lower_bound(const xapc_mset_t *ms)
{
    return ms ? ms->ms.get_matches_lower_bound() : 0;
}

XAPC_API uint32_t xapc_mset_matches_upper_bound(const xapc_mset_t *ms)
{
    return ms ? ms->ms.get_matches_upper_bound() : 0;
}

XAPC_API xapc_docid_t xapc_mset_docid(const xapc_mset_t *ms, uint32_t i)
{
    if (!ms || i >= ms->ms.size())
        return 0;
    return guard_value<xapc_docid_t>(ms->err, 0, [&] { return *ms->ms[i]; });
}

XAPC_API double xapc_mset_weight(const xapc_mset_t *ms, uint32_t i)
{
    if (!ms || i >= ms->ms.size())
        return 0.0;
    return guard_value<double>(ms->err, 0.0, [&] { return ms->ms[i].get_weight(); });
}

XAPC_API int xapc_mset_percent(const xapc_mset_t *ms, uint32_t i)
{
    if (!ms || i >= ms->ms.size())
        return 0;
    return guard_value<int>(ms->err, 0, [&] { return ms->ms[i].get_percent(); });
}

XAPC_API xapc_status_t xapc_mset_document(xapc_mset_t *ms, uint32_t i, xapc_doc_t **out)
{
    if (!ms)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(ms->err, XAPC_INVALID_ARGUMENT, "xapc_mset_document: out is NULL");
    *out = nullptr;
    if (i >= ms->ms.size())
        return fail(ms->err, XAPC_INVALID_ARGUMENT, "xapc_mset_document: index out of range");
    return guard(ms->err, [&] {
        std::unique_ptr<xapc_doc_t> d(new xapc_doc_t);
        d->doc = ms->ms[i].get_document();
        *out = d.release();
        return XAPC_OK;
    });
}

XAPC_API const char *xapc_mset_last_error(const xapc_mset_t *ms)
{
    return ms ? ms->err.c_str() : "";
}

XAPC_API void xapc_mset_destroy(xapc_mset_t *ms)
{
    delete ms;
}

/* ------------------------------------------------------------------ */
/* ESet                                                                */

XAPC_API uint32_t xapc_eset_size(const xapc_eset_t *es)
{
    return es ? (uint32_t)es->terms.size() : 0;
}

XAPC_API const char *xapc_eset_term(const xapc_eset_t *es, uint32_t i, size_t *len,
                                      double *weight)
{
    if (!es || i >= es->terms.size()) {
        if (len)
            *len = 0;
        if (weight)
            *weight = 0.0;
        return nullptr;
    }
    if (len)
        *len = es->terms[i].term.size();
    if (weight)
        *weight = es->terms[i].weight;
    return es->terms[i].term.c_str();
}

XAPC_API void xapc_eset_destroy(xapc_eset_t *es)
{
    delete es;
}
