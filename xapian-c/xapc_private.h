/* xapc_private.h - what the xapian-c/ files share: the exception boundary and the handles.
 *
 * Not installed, not included from C.  Three rules hold in every file of
 * xapian-c/ (after notmuch's notmuch-private.h):
 *  1. Every exported function is marked XAPC_API and lets no exception out:
 *     its body runs inside guard()/guard_value()/guard_new() below, whose
 *     catch(...) hands the exception to map_exception() (status.cc), the ONE
 *     place that turns C++ exception types into xapc_status_t and a message.
 *  2. Handles that keep a message (a writer, an enquire) keep the last
 *     failure's text in their std::string err; the others report a status
 *     only.  Handle-owned result strings live in std::string members of the
 *     handle, so they stay valid until the next call on that handle.
 *  3. The files are built with -fvisibility=hidden; only the functions marked
 *     XAPC_API (those of xapc.h) get default visibility, so nothing declared
 *     here leaks from a shared object (tests/xapc_symbols.sh checks it).
 */
#ifndef XAPC_PRIVATE_H
#define XAPC_PRIVATE_H

#include "xapian-c/xapc.h"

#include <xapian.h>

#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

/* The one mark of an exported function: C linkage, default visibility.
 * (Not a #pragma around xapc.h: that would also make the opaque handle
 * types, and every template instantiated over them, visible.) */
#define XAPC_API extern "C" __attribute__((visibility("default")))

/* ------------------------------------------------------------------ */
/* Handles used by more than one file (the others live in their file)  */

/* A read-only database (database.cc); enquire.cc reads its Xapian::Database.
 * Reports a status only. */
struct xapc_db {
    Xapian::Database db;
    std::string buf;   /* metadata or spelling suggestion last returned */
};

/* A document being built or read (document.cc); readers, the writer and
 * result pages create them.  Reports a status only. */
struct xapc_doc {
    Xapian::Document doc;
    std::string buf;   /* data or value returned by the last get */
    std::string term;  /* the term being added: its capacity is reused, so
                          adding a term allocates only inside Xapian */
};

/* An immutable query (query.cc); enquire.cc runs it. */
struct xapc_query {
    Xapian::Query q;
};

/* The codes of one value slot at one revision of a database (codes.cc);
 * enquire.cc's code spy reads them.  Reports a status only. */
struct codes_value {
    std::string s;  /* a type of ours: its vector's members stay hidden */
};
struct xapc_codes {
    /* by docid (ncode of them); 0 = no (or an empty) value.  A plain array,
     * not a std::vector<uint16_t>: its out-of-line members (assign's
     * _M_fill_assign in a sanitizer build) would be exported default-visible
     * from libxapc.a (tests/xapc_symbols.sh). */
    std::unique_ptr<uint16_t[]> code;
    size_t ncode = 0;
    std::vector<codes_value> values;  /* code c's value is values[c - 1].s */
};

/* What a decider callback sees: the document, read lazily.  An exception
 * while reading is kept and rethrown by the caller (enquire.cc's CDecider,
 * count.cc) once the C callback has returned, so it never unwinds through
 * C frames. */
struct xapc_candidate {
    const Xapian::Document *doc;
    std::string value, data;
    std::exception_ptr error;
};

/* What a term iterator walks over decides which counts are meaningful. */
enum termiter_kind { TI_ALLTERMS, TI_TERMLIST };

/* A term iterator (termiter.cc), made by database.cc and document.cc.
 * Reports a status only (next() returns -1). */
struct xapc_termiter {
    termiter_kind kind;
    /* The owners of the iterator's data, kept alive while it is walked. */
    Xapian::Database db;
    Xapian::Document doc;
    Xapian::TermIterator it, end;
    std::string term;  /* the current term (iterator-owned result) */
};

/* ------------------------------------------------------------------ */
/* The exception boundary                                              */

/* Call only from inside a catch handler: maps the exception being handled
 * to its status and, when msg is not NULL, stores our plain description of
 * it there (never Xapian's exception names).  Never throws: if the message
 * cannot be stored, XAPC_NO_MEMORY is returned.  Defined in status.cc. */
xapc_status_t map_exception(std::string *msg) noexcept;

/* Run f(), which returns a status; an exception becomes its status, and its
 * message goes to *msg (msg NULL: a handle that reports a status only). */
template <class F>
xapc_status_t guard(std::string *msg, F f)
{
    try {
        return f();
    } catch (...) {
        return map_exception(msg);
    }
}

/* Same for functions that return a value instead of a status: on failure
 * the message goes to *msg (if not NULL) and `fail` is returned. */
template <class T, class F>
T guard_value(std::string *msg, T fail, F f)
{
    try {
        return f();
    } catch (...) {
        map_exception(msg);
        return fail;
    }
}

/* For functions that create a handle from nothing: the message goes to a
 * malloc'd *err (caller frees; err may be NULL), which is NULL on success. */
template <class F>
xapc_status_t guard_new(char **err, F f)
{
    std::string msg;
    xapc_status_t st = guard(&msg, f);
    if (err)
        *err = (st == XAPC_OK) ? nullptr : strdup(msg.c_str());
    return st;
}

/* A failure found on the C side (a bad argument): store text in *msg (if
 * not NULL) and return st. */
xapc_status_t fail(std::string *msg, xapc_status_t st, const char *text) noexcept;
/* The same for functions that create a handle: text goes to a malloc'd *err. */
xapc_status_t fail_new(char **err, xapc_status_t st, const std::string &text) noexcept;

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

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

/* A byte string from C: s may be NULL when len is 0. */
inline std::string str(const char *s, size_t len)
{
    return (s && len) ? std::string(s, len) : std::string();
}

/* Hand a handle-owned string to the C caller: *out and *len (either may
 * be NULL) describe buf, valid until buf next changes. */
inline void hand_out(const std::string &buf, const char **out, size_t *len)
{
    if (out)
        *out = buf.c_str();
    if (len)
        *len = buf.size();
}

/* Lookups shared by the reader and the writer (WritableDatabase is-a
 * Database); defined in database.cc.  Messages go to *msg when not NULL. */
xapc_status_t docid_for_term(const Xapian::Database &db, std::string *msg,
                             const char *term, size_t len, xapc_docid_t *out);
/* *out: a new document the caller destroys. */
xapc_status_t get_document(const Xapian::Database &db, std::string *msg,
                           xapc_docid_t did, xapc_doc_t **out);

/* A new iterator over [begin, end) that keeps db and doc alive while it
 * walks (termiter.cc).  *out: the caller destroys it. */
xapc_status_t new_termiter(xapc_termiter_t **out, termiter_kind kind,
                           const Xapian::Database &db, const Xapian::Document &doc,
                           const Xapian::TermIterator &begin,
                           const Xapian::TermIterator &end);

#endif /* XAPC_PRIVATE_H */
