/* compact.c - compact the index in place, safely.
 *
 * Compaction writes a new database beside the old one, so the old one is
 * never touched until the new one is complete:
 *   1. take the write lock (no writer can change DB meanwhile),
 *   2. compact DB -> DB.compact-tmp,
 *   3. rename DB -> DB.old, DB.compact-tmp -> DB, remove DB.old.
 * A crash in 2 leaves DB intact (the temp copy is removed on the next open);
 * a crash between the renames leaves DB.old, which gs_index_recover renames
 * back.  Readers that have DB open keep reading the old files until they
 * reopen.
 */
#include "indexer/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int gs_index_compact(const char *db, char **err)
{
    if (gs_index_recover(db, err) < 0)
        return -1;
    char *glass = NULL, *tmp = NULL, *old = NULL;
    int rc = -1;
    struct stat st;
    if (asprintf(&glass, "%s/iamglass", db) < 0 || asprintf(&tmp, "%s.compact-tmp", db) < 0 ||
        asprintf(&old, "%s.old", db) < 0) {
        gs_index_set_err(err, "out of memory");
        goto out;
    }
    if (stat(glass, &st) != 0) {
        gs_index_set_err(err, "%s: no index here", db);
        goto out;
    }
    gs_writer_t *w = gs_writer_open(db, 0, err);
    if (!w)
        goto out;
    gs_index_rmtree(tmp);
    const char *src[1] = {db};
    char *xerr = NULL;
    xapc_status_t s = xapc_compact(src, 1, tmp, XAPC_COMPACT_FULL, &xerr);
    if (s != XAPC_OK) {
        gs_index_set_err(err, "%s: compaction failed: %s", db, xerr ? xerr : xapc_status_to_string(s));
        free(xerr);
        gs_index_rmtree(tmp);
        gs_writer_close(w, 0, NULL);
        goto out;
    }
    if (rename(db, old) != 0) {
        gs_index_set_err(err, "%s: cannot rename to %s: %s", db, old, strerror(errno));
        gs_index_rmtree(tmp);
        gs_writer_close(w, 0, NULL);
        goto out;
    }
    if (rename(tmp, db) != 0) {
        gs_index_set_err(err, "%s: cannot rename %s into place: %s", db, tmp, strerror(errno));
        rename(old, db);
        gs_writer_close(w, 0, NULL);
        goto out;
    }
    /* The writer's files now live in DB.old; closing it there is harmless. */
    gs_writer_close(w, 0, NULL);
    gs_index_rmtree(old);
    rc = 0;
out:
    free(glass);
    free(tmp);
    free(old);
    return rc;
}
