/* document.cc - the document handle (terms, values, data) and the sortable number encoding of values. */
#include "xapian-c/xapc_private.h"

#include <memory>
#include <new>

/* ------------------------------------------------------------------ */
/* Create, destroy                                                     */

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

/* ------------------------------------------------------------------ */
/* Building                                                            */

XAPC_API xapc_status_t xapc_doc_add_term(xapc_doc_t *doc, const char *term, size_t len,
                                           uint32_t wdf_inc)
{
    if (!doc || !term || !len)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        doc->term.assign(term, len);
        doc->doc.add_term(doc->term, wdf_inc);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_add_boolean_term(xapc_doc_t *doc, const char *term,
                                                   size_t len)
{
    if (!doc || !term || !len)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        doc->term.assign(term, len);
        doc->doc.add_boolean_term(doc->term);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_set_value(xapc_doc_t *doc, xapc_slot_t slot,
                                            const char *val, size_t len)
{
    if (!doc || slot == Xapian::BAD_VALUENO)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        doc->doc.add_value(slot, str(val, len));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_set_data(xapc_doc_t *doc, const char *data, size_t len)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        doc->doc.set_data(str(data, len));
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

XAPC_API xapc_status_t xapc_doc_get_data(xapc_doc_t *doc, const char **data, size_t *len)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        doc->buf = doc->doc.get_data();
        hand_out(doc->buf, data, len);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_get_value(xapc_doc_t *doc, xapc_slot_t slot,
                                            const char **val, size_t *len)
{
    if (!doc)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        doc->buf = doc->doc.get_value(slot);
        hand_out(doc->buf, val, len);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_doc_termlist(xapc_doc_t *doc, xapc_termiter_t **out)
{
    if (!doc || !out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, [&] {
        return new_termiter(out, TI_TERMLIST, Xapian::Database(), doc->doc,
                            doc->doc.termlist_begin(), doc->doc.termlist_end());
    });
}

/* ------------------------------------------------------------------ */
/* Sortable numbers                                                    */

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
