/* compact.c - compact the index in place, safely.
 *
 * Compaction writes a new database beside the old one, so the old one is
 * never touched until the new one is complete:
 *   1. take the writers' lock (no writer can change DB meanwhile, and no
 *      one else repairs or removes our scratch),
 *   2. compact DB -> DB/.grantsearch-new,
 *   3. swap it in, replacing only the index's own files (dir.c).
 * A kill in 2 leaves DB intact (the scratch is removed by the next writer);
 * a kill in 3 leaves the old or the new database, both complete, and the
 * next writer finishes the swap.  Readers that have DB open keep reading
 * the old files until they reopen.  Other files in DB are left alone.
 */
#include "indexer/internal.h"
#include "indexer/fcodes.h"
#include "toolkit/status_xapc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gs_status_t gs_index_compact(const char *db, char **err)
{
    unsigned ns = gs_dir_shard_count(db);
    if (ns)
        return gs_index_compact_sharded(db, ns, err);
    char *tmp = NULL;
    if (asprintf(&tmp, "%s/%s", db, GS_DIR_NEW) < 0) {
        gs_set_err(err, "out of memory");
        return GS_ENOMEM;
    }
    gs_status_t rc = GS_EINDEX;
    gs_writer_t *w = gs_writer_open_mode(db, 0, 1, err);
    if (!w)
        goto out;
    gs_index_rmtree(tmp);
    const char *src[1] = {db};
    char *xerr = NULL;
    xapc_status_t s = xapc_compact(src, 1, tmp, XAPC_COMPACT_FULL, &xerr);
    /* A new revision (maybe new docids): the facet codes afresh. */
    if (s == XAPC_OK && gs_fcodes_refresh(tmp, &xerr) < 0)
        s = XAPC_DATABASE;
    if (s != XAPC_OK) {
        rc = gs_status_from_xapc(s);
        gs_set_err(err, "%s: compaction failed: %s", db, xerr ? xerr : xapc_status_to_string(s));
        free(xerr);
        gs_index_rmtree(tmp);
        gs_writer_close(w, 0, NULL);
        goto out;
    }
    gs_writer_detach(w);  /* no Xapian handle on the files being replaced */
    rc = gs_dir_swap_in(db, err) == 0 ? GS_OK : GS_EIO;
    gs_writer_close(w, 0, NULL);
out:
    free(tmp);
    return rc;
}
