/* remote.cc - a database assembled shard by shard: Xapian's remote backend
 * with our own time limits, and sub-databases added one at a time.
 *
 * Why: a stub file's `remote HOST:PORT` line opens with Xapian's default
 * limits (10 s to connect, 10 s per read) and a stub either opens whole or
 * not at all.  The searcher (searcher/open.c) reads the stub itself, opens
 * each line with these functions and so can give a shard a time limit and
 * leave out one that does not answer.  Timeouts are Xapian's own
 * (Xapian::Remote::open's timeout and connect_timeout, in milliseconds): a
 * read that takes longer throws NetworkTimeoutError, mapped to
 * XAPC_NETWORK in status.cc like every other network error. */
#include "xapian-c/xapc_private.h"

#include <memory>

XAPC_API xapc_status_t xapc_db_new_empty(xapc_db_t **out)
{
    if (!out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, [&] {
        *out = new xapc_db_t;   /* Xapian::Database(): no shards yet */
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_add(xapc_db_t *db, const xapc_db_t *shard)
{
    if (!db || !shard)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        db->db.add_database(shard->db);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                           xapc_db_t **out, char **err)
{
    if (err)
        *err = nullptr;
    if (!out || !host || !*host || port == 0 || port > 65535)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_db_open_remote: bad host or port");
    *out = nullptr;
    return guard_new(err, [&] {
        std::unique_ptr<xapc_db_t> h(new xapc_db_t);
        h->db = Xapian::Remote::open(host, port, timeout_ms, timeout_ms);
        *out = h.release();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_open_remote_program(const char *program, const char *args,
                                                   unsigned timeout_ms, xapc_db_t **out,
                                                   char **err)
{
    if (err)
        *err = nullptr;
    if (!out || !program || !*program)
        return fail_new(err, XAPC_INVALID_ARGUMENT, "xapc_db_open_remote_program: no program");
    *out = nullptr;
    return guard_new(err, [&] {
        std::unique_ptr<xapc_db_t> h(new xapc_db_t);
        h->db = Xapian::Remote::open(program, args ? args : "", timeout_ms);
        *out = h.release();
        return XAPC_OK;
    });
}
