/* termiter.cc - the term iterator handle: all terms of a database, the terms of a document. */
#include "xapian-c/xapc_private.h"

#include <memory>

xapc_status_t new_termiter(xapc_termiter_t **out, termiter_kind kind,
                           const Xapian::Database &db, const Xapian::Document &doc,
                           const Xapian::TermIterator &begin,
                           const Xapian::TermIterator &end)
{
    std::unique_ptr<xapc_termiter_t> ti(new xapc_termiter_t);
    ti->kind = kind;
    ti->db = db;
    ti->doc = doc;
    ti->it = begin;
    ti->end = end;
    *out = ti.release();
    return XAPC_OK;
}

XAPC_API int xapc_termiter_next(xapc_termiter_t *it, const char **term, size_t *len,
                                  uint32_t *wdf, uint32_t *termfreq)
{
    if (!it)
        return -1;
    return guard_value<int>(nullptr, -1, [&] {
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
        hand_out(it->term, term, len);
        if (wdf)
            *wdf = w;
        if (termfreq)
            *termfreq = tf;
        return 1;
    });
}

XAPC_API void xapc_termiter_destroy(xapc_termiter_t *it)
{
    delete it;
}
