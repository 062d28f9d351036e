/* status_xapc.h - toolkit: the one place the Xapian wrapper's xapc_status_t becomes a gs_status_t.
 *
 * Header-only, so that libtoolkit.a itself depends on nothing of ours: only
 * indexer/ and searcher/, which link the wrapper, include it.  The wrapper
 * keeps its own enum at its boundary (xapian-c/xapc.h).
 */
#ifndef GS_TOOLKIT_STATUS_XAPC_H
#define GS_TOOLKIT_STATUS_XAPC_H

#include "toolkit/status.h"
#include "xapian-c/xapc.h"

static inline gs_status_t gs_status_from_xapc(xapc_status_t xs)
{
    switch (xs) {
    case XAPC_OK: return GS_OK;
    case XAPC_NO_MEMORY: return GS_ENOMEM;
    case XAPC_NOT_FOUND: return GS_ENOTFOUND;
    case XAPC_LOCKED: return GS_ELOCKED;
    case XAPC_OPENING: return GS_ENOINDEX;
    case XAPC_INVALID_ARGUMENT:
    case XAPC_INTERNAL: return GS_EINTERNAL;
    /* Modified, corrupt, database, network, unavailable; and query: Xapian
     * refusing a query we built is an index error (exit 3), as the searcher
     * always said; a malformed query is refused by our parser first. */
    default: return GS_EINDEX;
    }
}

#endif /* GS_TOOLKIT_STATUS_XAPC_H */
