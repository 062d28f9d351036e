/* check_index.h - for Check tests that search a small collection they write:
 * index one JSON Lines file into a new database, the real indexer's way.
 * Header-only, like check_util.h; needs indexer/indexer.h's library. */
#ifndef GS_CHECK_INDEX_H
#define GS_CHECK_INDEX_H

#include "tests/check_util.h"
#include "indexer/indexer.h"

/* Index the records of jsonl into a new database at db with `threads`
 * analyzer threads (0: one per core); the test fails, naming the indexer's error, if
 * that does not succeed.  Returns how many records went in. */
static inline unsigned long index_jsonl(const char *jsonl, const char *db, unsigned threads)
{
    gs_index_options_t o;
    gs_index_options_init(&o);
    o.db_path = db;
    o.threads = threads;
    gs_index_result_t res;
    char *err = NULL;
    const char *paths[1] = {jsonl};
    int rc = gs_index_paths(&o, paths, 1, &res, &err);
    ck_assert_msg(rc == 0, "index %s: %s", jsonl, err ? err : "?");
    free(res.reader_summary);
    free(err);
    return (unsigned long)res.indexed;
}

#endif /* GS_CHECK_INDEX_H */
