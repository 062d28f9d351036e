/* test_fcodes.c - issue 15: the facet codes the index stores
 * (schema/fcodes.h) are right after every write - a fresh build by one
 * writer and by merged scratch shards, an incremental run replacing and
 * adding records, `delete`, `compact` (which renumbers docids here), a
 * sharded index's shards - and never used when stale: after a commit by a
 * writer that does not keep them (an older grantsearch) the counts still
 * equal the documents' values, and the next grantsearch write repairs
 * them.  The searcher really reads them (codes tampered under a valid
 * header show in the counts).
 *
 * The reference: every document's slot values read back through Xapian. */
#include "tests/check_index.h"
#include "schema/fcodes.h"
#include "searcher/searcher.h"

#include <stdio.h>
#include <string.h>

/* More than one chunk of docids, so chunk boundaries and a second chunk
 * are exercised. */
enum { N = GS_FCODES_CHUNK + 300 };

static const char *const regions[] = {"Пермский край", "Республика Татарстан", "г. Москва",
                                      "Красноярский край", ""};

/* Records [from, to); generation g moves regions and brings new values. */
static void write_records(const char *path, unsigned from, unsigned to, unsigned g)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (unsigned i = from; i < to; i++) {
        char region[64];
        if (g && i % 7 == 0)
            snprintf(region, sizeof region, "Новая область %u", g);
        else
            snprintf(region, sizeof region, "%s", regions[(i + g) % 5]);
        fprintf(f,
                "{\"id\":\"21-1-%06u\",\"number\":\"21-1-%06u\",\"title\":\"Проект номер %u\","
                "\"status\":\"%s\",\"year\":%u,\"region\":\"%s\",\"direction\":\"Направление %u\","
                "\"contest\":\"Конкурс %u\",\"description\":\"развитие сообществ\"}\n",
                i, i, i, (i + g) % 4 ? "rejected" : "winner", 2017 + i % 6, region, (i + g) % 3,
                i % 2);
    }
    fclose(f);
}

/* The stored codes of the index at path describe it (not stale) and give
 * every document's value of every coded slot. */
static void check_stored(const char *path)
{
    xapc_db_t *db = NULL;
    ck_assert_int_eq(xapc_db_open(path, &db, NULL), XAPC_OK);
    const char *v;
    size_t len;
    gs_fcodes_head_t h;
    uint64_t rev;
    ck_assert_int_eq(xapc_db_get_metadata(db, GS_META_FCODES, &v, &len), XAPC_OK);
    ck_assert_msg(gs_fcodes_head_parse(v, len, &h) == 0, "%s: no facet codes header", path);
    ck_assert_int_eq(xapc_db_revision(db, &rev), XAPC_OK);
    ck_assert_msg(h.rev == rev && h.docs == xapc_db_doccount(db) && h.last == xapc_db_lastdocid(db),
                  "%s: stale facet codes: header rev %llu docs %u last %u, index rev %llu docs %u "
                  "last %u",
                  path, (unsigned long long)h.rev, h.docs, h.last, (unsigned long long)rev,
                  xapc_db_doccount(db), xapc_db_lastdocid(db));
    for (size_t i = 0; i < GS_FCODES_NSLOTS; i++) {
        int slot = gs_fcodes_slots[i];
        char key[64], dict[GS_FCODES_MAX][96];
        uint32_t count, n = 0;
        size_t off = 2, vlen;
        gs_fcodes_dict_key(key, sizeof key, slot);
        ck_assert_int_eq(xapc_db_get_metadata(db, key, &v, &len), XAPC_OK);
        ck_assert_int_eq(gs_fcodes_dict_count(v, len, &count), 0);
        const char *val;
        while (gs_fcodes_dict_next(v, len, &off, &val, &vlen) == 1) {
            ck_assert_uint_lt(vlen, sizeof dict[0]);
            memcpy(dict[n], val, vlen);
            dict[n++][vlen] = 0;
        }
        ck_assert_uint_eq(n, count);
        for (xapc_docid_t did = 1; did <= h.last; did++) {
            uint32_t k = did / h.chunk;
            gs_fcodes_chunk_key(key, sizeof key, slot, k);
            ck_assert_int_eq(xapc_db_get_metadata(db, key, &v, &len), XAPC_OK);
            ck_assert_uint_ge(len, 2 * (did - k * h.chunk) + 2);
            unsigned code = gs_fcodes_get16((const unsigned char *)v + 2 * (did - k * h.chunk));
            xapc_doc_t *doc = NULL;
            const char *want = "";
            size_t wlen = 0;
            if (xapc_db_get_document(db, did, &doc) == XAPC_OK)
                ck_assert_int_eq(xapc_doc_get_value(doc, (xapc_slot_t)slot, &want, &wlen), XAPC_OK);
            ck_assert_msg(code <= n, "%s: slot %d docid %u: code %u of %u", path, slot, did, code, n);
            ck_assert_msg(wlen ? code && strlen(dict[code - 1]) == wlen && !memcmp(dict[code - 1], want, wlen)
                               : code == 0,
                          "%s: slot %d docid %u: code %u ('%s'), value '%.*s'", path, slot, did,
                          code, code ? dict[code - 1] : "", (int)wlen, want);
            xapc_doc_destroy(doc);
        }
    }
    xapc_db_destroy(db);
}

/* The searcher's facet counts of a query matching every record equal the
 * documents' values tallied (the region facet; status when `status` is
 * given instead of the truth, as tampered codes say). */
static void check_counts(const char *path, const char *status_value, unsigned status_count)
{
    static const char *const names[] = {"status", "year", "direction", "region", "contest"};
    static const int slots[] = {GS_SLOT_STATUS, GS_SLOT_YEAR_TEXT, GS_SLOT_DIRECTION,
                                GS_SLOT_REGION, GS_SLOT_CONTEST};
    gs_status_t st;
    gs_searcher_t *s = gs_searcher_open(path, &st, NULL);
    ck_assert_ptr_nonnull(s);
    gs_query_error_t qe;
    gs_query_t *pq = gs_query_parse(s, "проект", &qe);
    ck_assert_ptr_nonnull(pq);
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    o.n = 5;
    o.facets = GS_FACET_STATUS | GS_FACET_YEAR | GS_FACET_DIRECTION | GS_FACET_REGION |
               GS_FACET_CONTEST;
    gs_results_t *r = NULL;
    char *err = NULL;
    gs_status_t rc = gs_search(s, pq, &o, &r, &err);
    ck_assert_msg(rc == GS_OK, "%s: search: %s", path, err ? err : "?");
    xapc_db_t *db = NULL;
    ck_assert_int_eq(xapc_db_open(path, &db, NULL), XAPC_OK);
    for (size_t k = 0; k < 5; k++) {
        const gs_facet_t *f = gs_results_facet(r, k);
        ck_assert_str_eq(f->name, names[k]);
        unsigned sum = 0;
        for (size_t j = 0; j < f->n; j++) {
            unsigned want = 0;
            if (k == 0 && status_value)
                want = strcmp(f->values[j].value, status_value) ? 0 : status_count;
            else
                for (xapc_docid_t did = 1; did <= xapc_db_lastdocid(db); did++) {
                    xapc_doc_t *doc = NULL;
                    const char *v;
                    size_t len;
                    if (xapc_db_get_document(db, did, &doc) != XAPC_OK)
                        continue;
                    ck_assert_int_eq(xapc_doc_get_value(doc, (xapc_slot_t)slots[k], &v, &len), XAPC_OK);
                    want += len == strlen(f->values[j].value) && !memcmp(v, f->values[j].value, len);
                    xapc_doc_destroy(doc);
                }
            ck_assert_msg(f->values[j].count == want, "%s: %s '%s' counted %u, the documents %u",
                          path, f->name, f->values[j].value, f->values[j].count, want);
            sum += want;
        }
        if (k != 3)  /* every record has a value but some regions are empty */
            ck_assert_uint_eq(sum, xapc_db_doccount(db));
    }
    xapc_db_destroy(db);
    gs_results_free(r);
    gs_query_free(pq);
    gs_searcher_close(s);
}

static void delete_range(const char *db, unsigned from, unsigned to)
{
    char ids[64][32];
    const char *p[64];
    ck_assert_uint_le(to - from, 64);
    for (unsigned i = from; i < to; i++) {
        snprintf(ids[i - from], sizeof ids[0], "21-1-%06u", i);
        p[i - from] = ids[i - from];
    }
    char *err = NULL;
    ck_assert_msg(gs_index_delete(db, p, to - from, NULL, &err) == 0, "delete: %s", err ? err : "?");
}

START_TEST(codes_follow_every_write)
{
    tmpdir_make("fcodes");
    const char *jsonl = tmpdir_path("a.jsonl"), *db = tmpdir_path("db");
    char *err = NULL;
    write_records(jsonl, 0, N, 0);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), N);  /* one writer, a commit per 1,000 */
    check_stored(db);
    /* An update: records of both chunks replaced with moved and new values
     * (the dictionary grows), records added after the last docid. */
    write_records(jsonl, N - 400, N + 60, 1);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), 460);
    check_stored(db);
    check_counts(db, NULL, 0);
    delete_range(db, 2000, 2040);
    check_stored(db);
    /* The first docids gone: compaction renumbers every docid. */
    delete_range(db, 0, 30);
    check_stored(db);
    ck_assert_msg(gs_index_compact(db, &err) == GS_OK, "compact: %s", err ? err : "?");
    check_stored(db);
    check_counts(db, NULL, 0);
    tmpdir_remove();
}
END_TEST

START_TEST(codes_of_merged_and_sharded_builds)
{
    tmpdir_make("fcodes");
    const char *jsonl = tmpdir_path("a.jsonl"), *db = tmpdir_path("db"),
               *sdb = tmpdir_path("sharded");
    write_records(jsonl, 0, 600, 0);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 2), 600);  /* scratch shards merged */
    check_stored(db);
    /* Two shards: each its own codes, after the build, an update and a delete. */
    gs_index_options_t o;
    gs_index_options_init(&o);
    o.db_path = sdb;
    o.threads = 2;
    o.nshards = 2;
    gs_index_result_t res;
    char *err = NULL;
    const char *paths[1] = {jsonl};
    ck_assert_msg(gs_index_paths(&o, paths, 1, &res, &err) == 0, "%s", err ? err : "?");
    free(res.reader_summary);
    char s0[4096], s1[4096];
    snprintf(s0, sizeof s0, "%s/shard-00", sdb);
    snprintf(s1, sizeof s1, "%s/shard-01", sdb);
    check_stored(s0);
    check_stored(s1);
    write_records(jsonl, 500, 650, 2);
    ck_assert_msg(gs_index_paths(&o, paths, 1, &res, &err) == 0, "%s", err ? err : "?");
    free(res.reader_summary);
    check_stored(s0);
    check_stored(s1);
    delete_range(sdb, 10, 40);
    check_stored(s0);
    check_stored(s1);
    tmpdir_remove();
}
END_TEST

/* A writer that keeps no codes (an older grantsearch): the record with
 * docid did gets region `region`, replaced in place (doccount and last
 * docid unchanged: only the revision tells). */
static void foreign_replace(const char *path, xapc_docid_t did, const char *region)
{
    xapc_wdb_t *w = NULL;
    ck_assert_int_eq(xapc_wdb_open(path, XAPC_WDB_OPEN, &w, NULL), XAPC_OK);
    xapc_doc_t *doc = NULL;
    ck_assert_int_eq(xapc_wdb_get_document(w, did, &doc), XAPC_OK);
    ck_assert_int_eq(xapc_doc_set_value(doc, GS_SLOT_REGION, region, strlen(region)), XAPC_OK);
    char id[32];
    int n = snprintf(id, sizeof id, "Q21-1-%06u", did - 1);
    ck_assert_int_eq(xapc_wdb_replace_by_term(w, id, (size_t)n, doc, NULL), XAPC_OK);
    xapc_doc_destroy(doc);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    xapc_wdb_destroy(w);
}

START_TEST(stale_codes_are_not_used)
{
    tmpdir_make("fcodes");
    const char *jsonl = tmpdir_path("a.jsonl"), *db = tmpdir_path("db");
    write_records(jsonl, 0, 300, 0);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), 300);
    check_stored(db);
    foreign_replace(db, 5, "Регион другого писателя");
    check_counts(db, NULL, 0);  /* the stale codes would count the old region */
    /* The next grantsearch write (a delete of a number not there) makes
     * them right again. */
    const char *none[1] = {"99-9-999999"};
    char *err = NULL;
    ck_assert_msg(gs_index_delete(db, none, 1, NULL, &err) == 0, "delete: %s", err ? err : "?");
    check_stored(db);
    check_counts(db, NULL, 0);
    tmpdir_remove();
}
END_TEST

/* The state `grantsearch stats` prints: current after a grantsearch
 * write, stale (with both revisions) after a writer that keeps no codes,
 * absent in an index no grantsearch wrote them for. */
static gs_fcodes_state_t state_of(const char *path, uint64_t *codes_rev, uint64_t *index_rev)
{
    xapc_db_t *db = NULL;
    ck_assert_int_eq(xapc_db_open(path, &db, NULL), XAPC_OK);
    gs_fcodes_state_t st = gs_facets_codes_state(db, codes_rev, index_rev);
    xapc_db_destroy(db);
    return st;
}

START_TEST(codes_state_for_stats)
{
    tmpdir_make("fcodes");
    const char *jsonl = tmpdir_path("a.jsonl"), *db = tmpdir_path("db"),
               *bare = tmpdir_path("bare");
    uint64_t crev, irev;
    write_records(jsonl, 0, 50, 0);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), 50);
    ck_assert_int_eq(state_of(db, &crev, &irev), GS_FCODES_CURRENT);
    ck_assert_uint_eq(crev, irev);
    foreign_replace(db, 5, "Регион другого писателя");
    ck_assert_int_eq(state_of(db, &crev, &irev), GS_FCODES_STALE);
    ck_assert_uint_eq(irev, crev + 1);
    xapc_wdb_t *w = NULL;
    xapc_doc_t *doc = NULL;
    ck_assert_int_eq(xapc_wdb_open(bare, XAPC_WDB_CREATE_OR_OVERWRITE, &w, NULL), XAPC_OK);
    ck_assert_int_eq(xapc_doc_create(&doc), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_replace_by_term(w, "Q1", 2, doc, NULL), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    xapc_doc_destroy(doc);
    xapc_wdb_destroy(w);
    ck_assert_int_eq(state_of(bare, &crev, &irev), GS_FCODES_ABSENT);
    ck_assert_uint_eq(crev, 0);
    ck_assert_uint_gt(irev, 0);
    tmpdir_remove();
}
END_TEST

START_TEST(searcher_reads_the_stored_codes)
{
    tmpdir_make("fcodes");
    const char *jsonl = tmpdir_path("a.jsonl"), *db = tmpdir_path("db");
    write_records(jsonl, 0, 300, 0);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), 300);
    /* Every docid's status code set to 1 under a header valid for the
     * commit that writes it: the counts must say so. */
    xapc_wdb_t *w = NULL;
    ck_assert_int_eq(xapc_wdb_open(db, XAPC_WDB_OPEN, &w, NULL), XAPC_OK);
    unsigned char codes[2 * 301];
    gs_fcodes_put16(codes, 0);
    for (unsigned i = 1; i <= 300; i++)
        gs_fcodes_put16(codes + 2 * i, 1);
    char key[64], head[96];
    gs_fcodes_chunk_key(key, sizeof key, GS_SLOT_STATUS, 0);
    ck_assert_int_eq(xapc_wdb_set_metadata(w, key, (const char *)codes, sizeof codes), XAPC_OK);
    uint64_t rev;
    ck_assert_int_eq(xapc_wdb_revision(w, &rev), XAPC_OK);
    gs_fcodes_head_t h = {rev + 1, 300, 300, GS_FCODES_CHUNK};
    gs_fcodes_head_format(head, sizeof head, &h);
    ck_assert_int_eq(xapc_wdb_set_metadata(w, GS_META_FCODES, head, strlen(head)), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    xapc_wdb_destroy(w);
    /* Code 1 is the first status seen: record 0's ("winner"). */
    check_counts(db, "winner", 300);
    tmpdir_remove();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fcodes");
    TCase *tc = tcase_create("fcodes");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, codes_follow_every_write);
    tcase_add_test(tc, codes_of_merged_and_sharded_builds);
    tcase_add_test(tc, stale_codes_are_not_used);
    tcase_add_test(tc, codes_state_for_stats);
    tcase_add_test(tc, searcher_reads_the_stored_codes);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
