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

/* ---- an index rewritten as an older schema wrote it ------------------ */

#include "schema/schema.h"
#include "xapian-c/xapc.h"
#include <string.h>

/* One term of a document being rewritten. */
typedef struct {
    char t[256];
    size_t len;
    uint32_t wdf;
} check_term_t;

/* The new wdf of terms[i] of one document's n terms (return its own wdf
 * to keep it as it is), or -1 to leave the term out. */
typedef long (*check_term_edit_t)(void *ctx, const check_term_t *terms, size_t n, size_t i);

/* Rewrite documents 1..ndocs of the index at path: each one's terms passed
 * through edit (a term of wdf 0 goes back boolean), its values and data as
 * they were, replaced by its Q id term; then each metadata key of meta (a
 * NULL-terminated list of key, value pairs) set.  What an index built by
 * an older schema looks like to the searcher. */
static inline void rewrite_index(const char *path, unsigned ndocs, check_term_edit_t edit,
                                 void *ctx, const char *const *meta)
{
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    ck_assert_int_eq(xapc_wdb_open(path, XAPC_WDB_OPEN, &w, &err), XAPC_OK);
    static check_term_t v[256];
    for (xapc_docid_t did = 1; did <= ndocs; did++) {
        xapc_doc_t *doc = NULL, *nd = NULL;
        xapc_termiter_t *it = NULL;
        size_t n = 0, len;
        const char *t;
        uint32_t wdf;
        ck_assert_int_eq(xapc_wdb_get_document(w, did, &doc), XAPC_OK);
        ck_assert_int_eq(xapc_doc_termlist(doc, &it), XAPC_OK);
        while (xapc_termiter_next(it, &t, &len, &wdf, NULL) == 1) {
            ck_assert_uint_lt(n, sizeof v / sizeof v[0]);
            ck_assert_uint_lt(len, sizeof v[n].t);
            memcpy(v[n].t, t, len);
            v[n].len = len;
            v[n++].wdf = wdf;
        }
        xapc_termiter_destroy(it);
        ck_assert_int_eq(xapc_doc_create(&nd), XAPC_OK);
        char idterm[256] = "";
        for (size_t i = 0; i < n; i++) {
            long wd = edit(ctx, v, n, i);
            if (wd < 0)
                continue;
            if (v[i].t[0] == 'Q')
                snprintf(idterm, sizeof idterm, "%.*s", (int)v[i].len, v[i].t);
            ck_assert_int_eq(wd ? xapc_doc_add_term(nd, v[i].t, v[i].len, (uint32_t)wd)
                                : xapc_doc_add_boolean_term(nd, v[i].t, v[i].len), XAPC_OK);
        }
        for (xapc_slot_t slot = 0; slot <= GS_SLOT_SUMMARY; slot++) { /* every slot */
            const char *val;
            if (xapc_doc_get_value(doc, slot, &val, &len) == XAPC_OK && len)
                ck_assert_int_eq(xapc_doc_set_value(nd, slot, val, len), XAPC_OK);
        }
        ck_assert_int_eq(xapc_doc_get_data(doc, &t, &len), XAPC_OK);
        ck_assert_int_eq(xapc_doc_set_data(nd, t, len), XAPC_OK);
        ck_assert_str_ne(idterm, "");
        ck_assert_int_eq(xapc_wdb_replace_by_term(w, idterm, strlen(idterm), nd, NULL), XAPC_OK);
        xapc_doc_destroy(doc);
        xapc_doc_destroy(nd);
    }
    for (size_t k = 0; meta && meta[k]; k += 2)
        ck_assert_int_eq(xapc_wdb_set_metadata(w, meta[k], meta[k + 1], strlen(meta[k + 1])),
                         XAPC_OK);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    xapc_wdb_destroy(w);
}

#endif /* GS_CHECK_INDEX_H */
