/* status.cc - the one mapping of C++ exceptions to xapc_status_t and plain messages. */
#include "xapian-c/xapc_private.h"

#include <exception>
#include <new>

namespace {

/* What users read: our words, never Xapian's exception names or its
 * internal wording ("EOF reading block N", "The revision being read has
 * been discarded").  The OS error (errno text) is kept where there is one,
 * and Xapian's message only where it is the fact itself (what is corrupt,
 * which argument was refused).  msg NULL: only the status is wanted. */
void plain(std::string *msg, const char *what, const Xapian::Error &e, bool detail)
{
    if (!msg)
        return;
    std::string m = what;
    const char *os = e.get_error_string();
    if (detail && !e.get_msg().empty())
        m.append(": ").append(e.get_msg());
    if (os && *os)
        m.append(" (").append(os).append(")");
    *msg = std::move(m);
}

void set(std::string *msg, const char *text)
{
    if (msg)
        *msg = text;
}

/* Rethrows the exception being handled, catches it by type, describes it
 * in *msg and returns its status.  May throw bad_alloc while storing the
 * message.  Subclasses come before their bases (DatabaseLockError and
 * DatabaseNotFoundError are DatabaseOpeningErrors, which are DatabaseErrors). */
xapc_status_t map_current(std::string *msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        plain(msg, "the index is locked by another writer", e, false);
        return XAPC_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        plain(msg, "no index there", e, false);
        return XAPC_NOT_FOUND;
    } catch (const Xapian::DatabaseOpeningError &e) {
        plain(msg, "not an index this program can read", e, false);
        return XAPC_OPENING;
    } catch (const Xapian::DatabaseModifiedError &e) {
        plain(msg, "the index changed while it was being read", e, false);
        return XAPC_MODIFIED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        plain(msg, "the index is corrupt", e, true);
        return XAPC_CORRUPT;
    } catch (const Xapian::DatabaseError &e) {
        /* I/O errors, and blocks of an old revision a writer reused. */
        plain(msg, "the index could not be read or written", e, false);
        return XAPC_DATABASE;
    } catch (const Xapian::DocNotFoundError &e) {
        plain(msg, "no such document in the index", e, false);
        return XAPC_NOT_FOUND;
    } catch (const Xapian::InvalidArgumentError &e) {
        plain(msg, "invalid request to the index", e, true);
        return XAPC_INVALID_ARGUMENT;
    } catch (const Xapian::InvalidOperationError &e) {
        plain(msg, "invalid operation on the index", e, true);
        return XAPC_INVALID_ARGUMENT;
    } catch (const Xapian::WildcardError &e) {
        plain(msg, "a word with '*' matches too many words: make the prefix longer", e, false);
        return XAPC_QUERY;
    } catch (const Xapian::QueryParserError &e) {
        plain(msg, "invalid query", e, true);
        return XAPC_QUERY;
    } catch (const Xapian::RangeError &e) {
        plain(msg, "invalid range in the query", e, true);
        return XAPC_QUERY;
    } catch (const Xapian::NetworkError &e) {
        plain(msg, "network error talking to the index server", e, false);
        return XAPC_NETWORK;
    } catch (const Xapian::FeatureUnavailableError &e) {
        plain(msg, "not supported by this build of the index library", e, false);
        return XAPC_UNAVAILABLE;
    } catch (const Xapian::UnimplementedError &e) {
        plain(msg, "not supported by this build of the index library", e, false);
        return XAPC_UNAVAILABLE;
    } catch (const Xapian::Error &e) {
        plain(msg, "internal error in the index library", e, true);
        return XAPC_INTERNAL;
    } catch (const std::bad_alloc &) {
        set(msg, "out of memory");
        return XAPC_NO_MEMORY;
    } catch (const std::exception &e) {
        if (msg)
            *msg = std::string("internal error: ") + e.what();
        return XAPC_INTERNAL;
    } catch (...) {
        set(msg, "internal error (an unknown exception)");
        return XAPC_INTERNAL;
    }
}

} /* namespace */

xapc_status_t map_exception(std::string *msg) noexcept
{
    try {
        return map_current(msg);
    } catch (...) {
        /* Storing the message ran out of memory: the message is lost, the
         * status is still reported. */
        return XAPC_NO_MEMORY;
    }
}

xapc_status_t fail(std::string *msg, xapc_status_t st, const char *text) noexcept
{
    try {
        set(msg, text);
    } catch (...) {
    }
    return st;
}

xapc_status_t fail_new(char **err, xapc_status_t st, const std::string &text) noexcept
{
    if (err)
        *err = strdup(text.c_str());
    return st;
}

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
