/* fcodes.h - the indexer's side of the stored facet codes
 * (schema/fcodes.h): kept right by every commit of the writer, and
 * written afresh after a compaction or a merge (new docids, a new
 * revision). */
#ifndef GS_INDEXER_FCODES_H
#define GS_INDEXER_FCODES_H

#include "xapian-c/xapc.h"

/* What a writer must rewrite at its next commit (opaque). */
typedef struct gs_fcw gs_fcw_t;

/* The state for a writer of the index whose committed state rdb reads
 * (NULL: a new index): the stored dictionaries when the stored codes
 * describe rdb, else everything to write at the first commit (an index
 * without codes gets them so).  NULL out of memory.  The caller frees it. */
gs_fcw_t *gs_fcw_open(xapc_db_t *rdb);
void gs_fcw_free(gs_fcw_t *w);
/* Document did was added, replaced or deleted: its chunk is rewritten. */
void gs_fcw_touch(gs_fcw_t *w, xapc_docid_t did);
/* Into wdb's pending changes (the commit about to be made): the chunks
 * touched, read back from wdb's value streams, the dictionaries that grew,
 * the header.  0, or -1 and *err naming path. */
int gs_fcw_write(gs_fcw_t *w, xapc_wdb_t *wdb, const char *path, char **err);

/* Every code of wdb written afresh into its pending changes (a merged or
 * compacted database: docids and revision are new).  0 or -1 and *err. */
int gs_fcodes_write_all(xapc_wdb_t *wdb, const char *path, char **err);
/* The same on the database at path, committed. */
int gs_fcodes_refresh(const char *path, char **err);

#endif /* GS_INDEXER_FCODES_H */
