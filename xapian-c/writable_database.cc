/* writable_database.cc - the writer handle: add/replace/delete, transactions, spelling, metadata; compaction. */
#include "xapian-c/xapc_private.h"

#include <sys/stat.h>

#include <cstdlib>
#include <memory>
#include <unordered_map>

namespace {
/* std::hash under a type of this file: the map's template code then has
 * internal linkage, not default visibility (tests/xapc_symbols.sh). */
struct spell_hash {
    size_t operator()(const std::string &s) const { return std::hash<std::string>()(s); }
};
}

/* A writable database; keeps the message of its last failure. */
struct xapc_wdb {
    Xapian::WritableDatabase db;
    std::string err;
    bool in_transaction = false;
    /* Deferred spelling (xapc_wdb_defer_spelling): word -> frequency to add. */
    bool defer_spelling = false;
    std::unordered_map<std::string, uint32_t, spell_hash> spelling;
};

/* ------------------------------------------------------------------ */
/* Open, close                                                         */

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

/* ------------------------------------------------------------------ */
/* Documents                                                           */

XAPC_API xapc_status_t xapc_wdb_replace_by_term(xapc_wdb_t *wdb, const char *idterm,
                                                  size_t len, xapc_doc_t *doc,
                                                  xapc_docid_t *did)
{
    if (did)
        *did = 0;
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    if (!doc || !idterm || !len)
        return fail(&wdb->err, XAPC_INVALID_ARGUMENT,
                    "xapc_wdb_replace_by_term: document or id term missing");
    return guard(&wdb->err, [&] {
        Xapian::docid d = wdb->db.replace_document(std::string(idterm, len), doc->doc);
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
        return fail(&wdb->err, XAPC_INVALID_ARGUMENT, "xapc_wdb_delete_by_term: empty term");
    return guard(&wdb->err, [&] {
        std::string t(idterm, len);
        Xapian::doccount before = wdb->db.get_termfreq(t);
        wdb->db.delete_document(t);
        if (deleted)
            *deleted = before;
        return XAPC_OK;
    });
}

XAPC_API uint32_t xapc_wdb_doccount(xapc_wdb_t *wdb)
{
    if (!wdb)
        return 0;
    return guard_value<uint32_t>(&wdb->err, 0, [&] { return wdb->db.get_doccount(); });
}

XAPC_API xapc_docid_t xapc_wdb_lastdocid(xapc_wdb_t *wdb)
{
    if (!wdb)
        return 0;
    return guard_value<xapc_docid_t>(&wdb->err, 0, [&] { return wdb->db.get_lastdocid(); });
}

XAPC_API xapc_status_t xapc_wdb_revision(xapc_wdb_t *wdb, uint64_t *rev)
{
    if (!wdb || !rev)
        return XAPC_INVALID_ARGUMENT;
    *rev = 0;
    return guard(&wdb->err, [&] {
        *rev = wdb->db.get_revision();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_values(xapc_wdb_t *wdb, xapc_slot_t slot, xapc_docid_t from,
                                       xapc_docid_t to, xapc_value_fn fn, void *ctx)
{
    if (!wdb || !fn)
        return XAPC_INVALID_ARGUMENT;
    return guard(&wdb->err, [&] {
        Xapian::ValueIterator v = wdb->db.valuestream_begin(slot), end = wdb->db.valuestream_end(slot);
        if (v != end && from > 1)
            v.skip_to(from);
        for (; v != end && v.get_docid() < to; ++v) {
            std::string val = *v;
            if (val.empty())
                continue;
            int rc = fn(ctx, v.get_docid(), val.data(), val.size());
            if (rc)
                return (xapc_status_t)rc;
        }
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_docid_for_term(xapc_wdb_t *wdb, const char *term,
                                                 size_t len, xapc_docid_t *out)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return docid_for_term(wdb->db, &wdb->err, term, len, out);
}

XAPC_API xapc_status_t xapc_wdb_get_document(xapc_wdb_t *wdb, xapc_docid_t did,
                                               xapc_doc_t **out)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return get_document(wdb->db, &wdb->err, did, out);
}

/* ------------------------------------------------------------------ */
/* Commits and transactions                                            */

XAPC_API xapc_status_t xapc_wdb_commit(xapc_wdb_t *wdb)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(&wdb->err, [&] {
        wdb->db.commit();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_begin_transaction(xapc_wdb_t *wdb, int flushed)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(&wdb->err, [&] {
        wdb->db.begin_transaction(flushed != 0);
        wdb->in_transaction = true;
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_commit_transaction(xapc_wdb_t *wdb)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(&wdb->err, [&] {
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
    return guard(&wdb->err, [&] {
        wdb->in_transaction = false;
        wdb->db.cancel_transaction();
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Metadata and spelling                                               */

XAPC_API xapc_status_t xapc_wdb_set_metadata(xapc_wdb_t *wdb, const char *key,
                                               const char *val, size_t len)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    if (!key || !*key)
        return fail(&wdb->err, XAPC_INVALID_ARGUMENT, "xapc_wdb_set_metadata: empty key");
    return guard(&wdb->err, [&] {
        wdb->db.set_metadata(key, str(val, len));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_wdb_add_spelling(xapc_wdb_t *wdb, const char *word, size_t len,
                                               uint32_t freqinc)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(&wdb->err, [&] {
        if (wdb->defer_spelling)
            wdb->spelling[str(word, len)] += freqinc ? freqinc : 1;
        else
            wdb->db.add_spelling(str(word, len), freqinc ? freqinc : 1);
        return XAPC_OK;
    });
}

XAPC_API void xapc_wdb_defer_spelling(xapc_wdb_t *wdb)
{
    if (wdb)
        wdb->defer_spelling = true;
}

XAPC_API size_t xapc_wdb_spelling_pending(const xapc_wdb_t *wdb)
{
    return wdb ? wdb->spelling.size() : 0;
}

/* Each word once, with its summed frequency: Xapian's spelling table keeps
 * a frequency per word and a word set per fragment, so the outcome is that
 * of the single calls, but each fragment entry is rewritten once per flush
 * instead of once per commit that touched it. */
XAPC_API xapc_status_t xapc_wdb_flush_spelling(xapc_wdb_t *wdb)
{
    if (!wdb)
        return XAPC_INVALID_ARGUMENT;
    return guard(&wdb->err, [&] {
        for (const auto &kv : wdb->spelling)
            wdb->db.add_spelling(kv.first, kv.second);
        wdb->spelling.clear();
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Compaction                                                          */

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
