/* database.cc - the read-only database handle: open (directory or stub file), statistics, lookups. */
#include "xapian-c/xapc_private.h"

#include <memory>

/* ------------------------------------------------------------------ */
/* Lookups shared with the writer (declared in xapc_private.h)          */

xapc_status_t docid_for_term(const Xapian::Database &db, std::string *msg,
                             const char *term, size_t len, xapc_docid_t *out)
{
    if (!out)
        return fail(msg, XAPC_INVALID_ARGUMENT, "docid_for_term: out is NULL");
    *out = 0;
    return guard(msg, [&] {
        std::string t = str(term, len);
        Xapian::PostingIterator p = db.postlist_begin(t);
        if (p == db.postlist_end(t)) {
            if (msg)
                *msg = "no document is indexed by term '" + t + "'";
            return XAPC_NOT_FOUND;
        }
        *out = *p;
        return XAPC_OK;
    });
}

xapc_status_t get_document(const Xapian::Database &db, std::string *msg,
                           xapc_docid_t did, xapc_doc_t **out)
{
    if (!out)
        return fail(msg, XAPC_INVALID_ARGUMENT, "get_document: out is NULL");
    *out = nullptr;
    return guard(msg, [&] {
        std::unique_ptr<xapc_doc_t> d(new xapc_doc_t);
        d->doc = db.get_document(did);
        *out = d.release();
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Open, reopen, close                                                 */

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
        /* Xapian reads a directory, a stub file listing shards, or a
         * single-file database alike. */
        std::unique_ptr<xapc_db_t> h(new xapc_db_t);
        h->db = Xapian::Database(path);
        *out = h.release();
        return XAPC_OK;
    });
}

XAPC_API void xapc_db_destroy(xapc_db_t *db)
{
    delete db;
}

XAPC_API xapc_status_t xapc_db_reopen(xapc_db_t *db, int *changed)
{
    if (changed)
        *changed = 0;
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        bool moved = db->db.reopen();
        if (changed)
            *changed = moved ? 1 : 0;
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Statistics                                                          */

XAPC_API uint32_t xapc_db_doccount(xapc_db_t *db)
{
    if (!db)
        return 0;
    return guard_value<uint32_t>(nullptr, 0, [&] { return db->db.get_doccount(); });
}

XAPC_API uint32_t xapc_db_shard_count(const xapc_db_t *db)
{
    return db ? (uint32_t)db->db.size() : 0;
}

XAPC_API xapc_docid_t xapc_db_lastdocid(xapc_db_t *db)
{
    if (!db)
        return 0;
    return guard_value<xapc_docid_t>(nullptr, 0, [&] { return db->db.get_lastdocid(); });
}

XAPC_API double xapc_db_avlength(xapc_db_t *db)
{
    if (!db)
        return 0.0;
    return guard_value<double>(nullptr, 0.0, [&] { return db->db.get_avlength(); });
}

XAPC_API uint32_t xapc_db_termfreq(xapc_db_t *db, const char *term, size_t len)
{
    if (!db)
        return 0;
    return guard_value<uint32_t>(nullptr, 0,
                                 [&] { return db->db.get_termfreq(str(term, len)); });
}

XAPC_API uint64_t xapc_db_collection_freq(xapc_db_t *db, const char *term, size_t len)
{
    if (!db)
        return 0;
    return guard_value<uint64_t>(nullptr, 0,
                                 [&] { return db->db.get_collection_freq(str(term, len)); });
}

XAPC_API int xapc_db_term_exists(xapc_db_t *db, const char *term, size_t len)
{
    if (!db)
        return 0;
    return guard_value<int>(nullptr, 0,
                            [&] { return db->db.term_exists(str(term, len)) ? 1 : 0; });
}

/* ------------------------------------------------------------------ */
/* Documents, metadata, spelling                                       */

XAPC_API xapc_status_t xapc_db_docid_for_term(xapc_db_t *db, const char *term, size_t len,
                                                xapc_docid_t *out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return docid_for_term(db->db, nullptr, term, len, out);
}

XAPC_API xapc_status_t xapc_db_get_document(xapc_db_t *db, xapc_docid_t did,
                                              xapc_doc_t **out)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return get_document(db->db, nullptr, did, out);
}

XAPC_API xapc_status_t xapc_db_get_metadata(xapc_db_t *db, const char *key,
                                              const char **val, size_t *len)
{
    if (!db || !key || !*key)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        db->buf = db->db.get_metadata(key);
        hand_out(db->buf, val, len);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_spelling_suggestion(xapc_db_t *db, const char *word,
                                                     size_t len, unsigned max_edit,
                                                     const char **out, size_t *out_len)
{
    if (!db)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        db->buf = db->db.get_spelling_suggestion(str(word, len), max_edit);
        hand_out(db->buf, out, out_len);
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Terms and positions                                                 */

XAPC_API xapc_status_t xapc_db_allterms(xapc_db_t *db, const char *prefix, size_t len,
                                          xapc_termiter_t **out)
{
    if (!db || !out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, [&] {
        std::string p = str(prefix, len);
        return new_termiter(out, TI_ALLTERMS, db->db, Xapian::Document(),
                            db->db.allterms_begin(p), db->db.allterms_end(p));
    });
}

XAPC_API xapc_status_t xapc_db_termlist(xapc_db_t *db, xapc_docid_t did,
                                          xapc_termiter_t **out)
{
    if (!db || !out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, [&] {
        return new_termiter(out, TI_TERMLIST, db->db, Xapian::Document(),
                            db->db.termlist_begin(did), db->db.termlist_end(did));
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
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
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
