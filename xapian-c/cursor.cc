/* cursor.cc - a term's postings and a slot's values read in docid order:
 * the recheck's facet walk (searcher/facets.c) asks them of each candidate.
 *
 * A match decider's candidate reads its value through the document: a
 * fresh B-tree descent per candidate (at 166,848 candidates, 40% of a
 * facet count whose every match is rechecked).  A posting or value
 * iterator keeps its place and its decoded chunk, so asking in ascending
 * docid order costs a step, not a lookup.  Asked for an earlier docid
 * than the last, a cursor starts again from the beginning (correct in any
 * order, fast in docid order). */
#include "xapian-c/xapc_private.h"

struct xapc_postcursor {
    Xapian::Database db;
    std::string term;
    Xapian::PostingIterator it;
    Xapian::docid last = 0;  /* the last docid asked about; 0: not started */
};

struct xapc_valcursor {
    Xapian::Database db;
    Xapian::valueno slot = 0;
    Xapian::ValueIterator it;
    Xapian::docid last = 0;
    std::string buf;  /* the value last handed out */
};

XAPC_API xapc_status_t xapc_postcursor_open(xapc_db_t *db, const char *term, size_t len,
                                            xapc_postcursor_t **out)
{
    if (!db || !term || !out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, [&] {
        std::unique_ptr<xapc_postcursor_t> c(new xapc_postcursor_t);
        c->db = db->db;
        c->term.assign(term, len);
        *out = c.release();
        return XAPC_OK;
    });
}

XAPC_API void xapc_postcursor_destroy(xapc_postcursor_t *c)
{
    delete c;
}

XAPC_API int xapc_postcursor_has(xapc_postcursor_t *c, xapc_docid_t did, xapc_status_t *st)
{
    *st = XAPC_OK;
    if (!c || !did)
        return 0;
    int has = 0;
    *st = guard(nullptr, [&] {
        if (!c->last || did < c->last)
            c->it = c->db.postlist_begin(c->term);
        c->last = did;
        if (c->it != c->db.postlist_end(c->term) && *c->it < did)
            c->it.skip_to(did);
        has = c->it != c->db.postlist_end(c->term) && *c->it == did;
        return XAPC_OK;
    });
    return *st == XAPC_OK && has;
}

XAPC_API xapc_status_t xapc_valcursor_open(xapc_db_t *db, xapc_slot_t slot,
                                           xapc_valcursor_t **out)
{
    if (!db || !out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, [&] {
        std::unique_ptr<xapc_valcursor_t> c(new xapc_valcursor_t);
        c->db = db->db;
        c->slot = slot;
        *out = c.release();
        return XAPC_OK;
    });
}

XAPC_API void xapc_valcursor_destroy(xapc_valcursor_t *c)
{
    delete c;
}

XAPC_API xapc_status_t xapc_valcursor_get(xapc_valcursor_t *c, xapc_docid_t did,
                                          const char **val, size_t *len)
{
    *val = "";
    *len = 0;
    if (!c || !did)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        if (!c->last || did < c->last)
            c->it = c->db.valuestream_begin(c->slot);
        c->last = did;
        Xapian::ValueIterator end = c->db.valuestream_end(c->slot);
        if (c->it != end && c->it.get_docid() < did)
            c->it.skip_to(did);
        if (c->it != end && c->it.get_docid() == did) {
            c->buf = *c->it;
            hand_out(c->buf, val, len);
        }
        return XAPC_OK;
    });
}
