/* test_summary.c - the result line's summary (issue 15): its codec, the
 * indexer writing it, a search without snippets reading it (and nothing
 * else), and an index without it (made before it) still searching alike.
 *
 * The reference is always the stored record as `show` reads it: a hit read
 * from its summary must carry the very fields that record gives, so the
 * result lines print byte for byte as before. */
#include "tests/check_index.h"

#include "corpus/record.h"
#include "indexer/indexer.h"
#include "schema/schema.h"
#include "schema/summary.h"
#include "searcher/searcher.h"
#include "stemming/analyzer.h"
#include "xapian-c/xapc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the codec ----------------------------------------------------------- */

/* s[0..len) equals the C string want (NULL: absent). */
static void ck_span(const char *s, size_t len, const char *want)
{
    if (!want) {
        ck_assert_ptr_null(s);
        return;
    }
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(len, strlen(want));
    ck_assert(memcmp(s, want, len) == 0);
}

START_TEST(test_codec_round_trip)
{
    gs_record_t *r = gs_record_new();
    ck_assert_int_eq(gs_record_set(r, GS_NUMBER, "19-1-029373", 11), 0);
    ck_assert_int_eq(gs_record_set(r, GS_ID, "19-1-029373", 11), 0);
    /* Trimmed and empty as the stored record reads back; controls kept. */
    const char *title = " \xC2\xA0Театр \x1b[31m для всех\t\n";
    ck_assert_int_eq(gs_record_set(r, GS_TITLE, title, strlen(title)), 0);
    ck_assert_int_eq(gs_record_set(r, GS_REGION, "  ", 2), 0);
    r->status = GS_OUTCOME_WINNER;
    r->year = 2021;
    gs_buf_t b = GS_BUF_INIT;
    ck_assert_int_eq(gs_summary_encode(r, &b), 0);
    gs_summary_t s;
    ck_assert_int_eq(gs_summary_decode(b.s, b.len, &s), 0);
    ck_assert_int_eq(s.status, GS_OUTCOME_WINNER);
    ck_assert_int_eq(s.year, 2021);
    for (int i = 0; i < GS_SUMMARY_NFIELDS; i++) {
        gs_field_t f = gs_summary_fields[i];
        const char *want = f == GS_TITLE    ? "Театр \x1b[31m для всех"
                           : f == GS_REGION ? NULL
                                            : "19-1-029373";
        ck_span(s.str[i], s.len[i], want);
    }
    /* Anything but a whole summary of this version is refused. */
    for (size_t n = 0; n < b.len; n++)
        ck_assert_int_eq(gs_summary_decode(b.s, n, &s), -1);
    gs_buf_append(&b, "x", 1);
    ck_assert_int_eq(gs_summary_decode(b.s, b.len, &s), -1);
    b.s[0] = 2;
    ck_assert_int_eq(gs_summary_decode(b.s, b.len - 1, &s), -1);
    /* A length past the end is refused, not read. */
    const char bad[] = {1, 0, 0, 0x7f};
    ck_assert_int_eq(gs_summary_decode(bad, sizeof bad, &s), -1);
    gs_buf_free(&b);

    /* An empty record: every field absent, year 0, status unknown. */
    gs_record_t *e = gs_record_new();
    ck_assert_int_eq(gs_summary_encode(e, &b), 0);
    ck_assert_int_eq(gs_summary_decode(b.s, b.len, &s), 0);
    ck_assert_int_eq(s.status, GS_OUTCOME_UNKNOWN);
    ck_assert_int_eq(s.year, 0);
    for (int i = 0; i < GS_SUMMARY_NFIELDS; i++)
        ck_assert_ptr_null(s.str[i]);
    gs_buf_free(&b);
    gs_record_free(e);
    gs_record_free(r);
}
END_TEST

/* ---- the indexer writes it, equal to the stored record ------------------- */

/* The summary fields of record a and b are the same. */
static void ck_same_line(const gs_record_t *a, const gs_record_t *b)
{
    ck_assert_int_eq(a->status, b->status);
    ck_assert_int_eq(a->year, b->year);
    for (int i = 0; i < GS_SUMMARY_NFIELDS; i++) {
        gs_field_t f = gs_summary_fields[i];
        if (!b->str[f])
            ck_assert_ptr_null(a->str[f]);
        else
            ck_assert_str_eq(a->str[f] ? a->str[f] : "(null)", b->str[f]);
    }
}

START_TEST(test_document_summary)
{
    gs_analyzer_t *an = gs_analyzer_new(0);
    gs_record_t *r = gs_record_new();
    const char *t = "Центр  местных сообществ \xC2\xA0 ";
    ck_assert_int_eq(gs_record_set(r, GS_NUMBER, "20-1-000694", 11), 0);
    ck_assert_int_eq(gs_record_set(r, GS_ID, "20-1-000694", 11), 0);
    ck_assert_int_eq(gs_record_set(r, GS_TITLE, t, strlen(t)), 0);
    const char *region = " Пермский край", *text = "Развитие сообществ.";
    ck_assert_int_eq(gs_record_set(r, GS_REGION, region, strlen(region)), 0);
    ck_assert_int_eq(gs_record_set(r, GS_DESCRIPTION, text, strlen(text)), 0);
    r->status = GS_OUTCOME_REJECTED;
    r->year = 2020;
    gs_built_doc_t d;
    const char *why = NULL;
    ck_assert_int_eq(gs_build_document(an, r, 0, NULL, &d, &why), 0);
    const char *v, *data;
    size_t vlen, dlen;
    /* (the value is the document's until its next call: decode it first) */
    ck_assert_int_eq(xapc_doc_get_value(d.doc, GS_SLOT_SUMMARY, &v, &vlen), XAPC_OK);
    ck_assert_uint_gt(vlen, 0);
    gs_summary_t s;
    ck_assert_int_eq(gs_summary_decode(v, vlen, &s), 0);
    gs_record_t *line = gs_record_new();
    line->status = s.status;
    line->year = s.year;
    for (int i = 0; i < GS_SUMMARY_NFIELDS; i++)
        if (s.str[i])
            gs_record_set(line, gs_summary_fields[i], s.str[i], s.len[i]);
    ck_assert_int_eq(xapc_doc_get_data(d.doc, &data, &dlen), XAPC_OK);
    gs_record_t *stored = gs_record_from_stored_json(data, dlen, NULL);
    ck_assert_ptr_nonnull(stored);
    ck_same_line(line, stored);
    ck_assert_str_eq(line->str[GS_TITLE], "Центр  местных сообществ");
    gs_record_free(line);
    gs_record_free(stored);
    gs_built_doc_clear(&d);
    gs_record_free(r);
    gs_analyzer_free(an);
}
END_TEST

/* ---- searching: brief hits, and an index without the summary ------------- */

/* Keywords (one, all, relaxed), and rechecked ones: a phrase, a word in a
 * long field (the decider's path, or with client recheck run_client's). */
static const char *const queries[] = {"театр",       "дети",     "сообществ развитие",
                                      "волонтеры",   "театр волонтеры спорт",
                                      "\"делаем музей\"", "description:книги"};
#define NRECORDS 40
#define NQUERIES (sizeof queries / sizeof queries[0])

/* A small index of generated records: words from a few themes, some
 * regions and titles absent, statuses and years varied. */
static void make_index(const char *db)
{
    static const char *const words[] = {"театр", "дети", "сообществ", "развитие", "волонтеры",
                                        "спорт", "музей", "семья", "экология", "книги"};
    FILE *f = fopen(tmpdir_path("recs.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < NRECORDS; i++) {
        fprintf(f, "{\"number\":\"21-1-%06d\",", i + 1);
        if (i % 7)
            fprintf(f, "\"name\":\"Проект %s и %s № %d \",", words[i % 10], words[(i * 3) % 10], i);
        if (i % 3)
            fprintf(f, "\"region\":\"Регион %d\",", i % 5);
        fprintf(f, "\"winner\":%s,\"year\":%d,", i % 2 ? "true" : "false", 2017 + i % 7);
        fprintf(f, "\"description\":\"Мы делаем %s для %s, %s и %s.\",", words[(i + 1) % 10],
                words[(i + 4) % 10], words[(i * 7) % 10], words[i % 10]);
        fprintf(f, "\"goal\":\"Цель: %s.\"}\n", words[(i + 2) % 10]);
    }
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_uint_eq(index_jsonl(tmpdir_path("recs.jsonl"), db, 1), NRECORDS);
}

static gs_results_t *run_query(gs_searcher_t *s, const char *text, int snippets)
{
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(s, text, &qe);
    ck_assert_ptr_nonnull(q);
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    o.n = 20;
    o.snippets = snippets;
    gs_results_t *r = NULL;
    char *err = NULL;
    ck_assert_int_eq(gs_search(s, q, &o, &r, &err), GS_OK);
    gs_query_free(q);
    return r;
}

/* Every query: the hits without snippets are those with, in the same
 * order and with the same result lines; `full` (the index still has its
 * summaries) says whether they may be brief.  Reading the rest of a hit
 * gives the whole record and the same snippet. */
static void ck_brief_equals_full(gs_searcher_t *s, int has_summary)
{
    int brief_seen = 0;
    for (size_t k = 0; k < NQUERIES; k++) {
        gs_results_t *full = run_query(s, queries[k], 1);
        gs_results_t *brief = run_query(s, queries[k], 0);
        ck_assert_uint_gt(gs_results_size(full), 0);
        ck_assert_uint_eq(gs_results_size(brief), gs_results_size(full));
        ck_assert_uint_eq(gs_results_estimate(brief), gs_results_estimate(full));
        for (uint32_t i = 0; i < gs_results_size(full); i++) {
            const gs_hit_t *a = gs_results_hit(brief, i), *b = gs_results_hit(full, i);
            ck_assert_uint_eq(a->docid, b->docid);
            ck_assert_uint_eq(a->rank, b->rank);
            ck_assert(a->score == b->score);
            ck_same_line(a->rec, b->rec);
            /* An index with summaries leaves the long texts unread. */
            ck_assert_int_eq(a->rec->str[GS_DESCRIPTION] == NULL, has_summary);
            brief_seen |= a->rec->str[GS_DESCRIPTION] == NULL;
            const char *title = a->rec->str[GS_TITLE];
            char *sa = gs_results_snippet(brief, i, GS_HL_HTML);
            char *sb = gs_results_snippet(full, i, GS_HL_HTML);
            ck_assert_str_eq(sa, sb);
            free(sa);
            free(sb);
            /* Completed in place: the pointer taken before stays valid. */
            ck_assert_ptr_eq(a->rec->str[GS_TITLE], title);
            const gs_record_t *whole = gs_results_record(brief, i);
            ck_assert_ptr_eq(whole, a->rec);
            char *ja = gs_record_to_json(whole), *jb = gs_record_to_json(b->rec);
            ck_assert_str_eq(ja, jb);
            free(ja);
            free(jb);
        }
        ck_assert_ptr_null(gs_results_record(brief, gs_results_size(brief)));
        gs_results_free(brief);
        gs_results_free(full);
    }
    ck_assert_int_eq(brief_seen, has_summary);
}

/* Take the summary value out of every document, as in an index made before
 * it: then a search without snippets reads the stored records instead. */
static void drop_summaries(const char *db)
{
    xapc_wdb_t *w = NULL;
    ck_assert_int_eq(xapc_wdb_open(db, XAPC_WDB_OPEN, &w, NULL), XAPC_OK);
    for (int i = 0; i < NRECORDS; i++) {
        char term[32];
        int n = snprintf(term, sizeof term, "Q21-1-%06d", i + 1);
        xapc_docid_t did = 0;
        xapc_doc_t *doc = NULL;
        ck_assert_int_eq(xapc_wdb_docid_for_term(w, term, (size_t)n, &did), XAPC_OK);
        ck_assert_int_eq(xapc_wdb_get_document(w, did, &doc), XAPC_OK);
        const char *v;
        size_t len;
        ck_assert_int_eq(xapc_doc_get_value(doc, GS_SLOT_SUMMARY, &v, &len), XAPC_OK);
        ck_assert_uint_gt(len, 0);
        ck_assert_int_eq(xapc_doc_set_value(doc, GS_SLOT_SUMMARY, "", 0), XAPC_OK);
        ck_assert_int_eq(xapc_wdb_replace_by_term(w, term, (size_t)n, doc, NULL), XAPC_OK);
        xapc_doc_destroy(doc);
    }
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    xapc_wdb_destroy(w);
}

/* Index, maybe drop the summaries, then compare brief and full hits on
 * the decider's path and on the client-side recheck's (Xapian's remote
 * backend). */
static void ck_index(const char *tag, int has_summary)
{
    tmpdir_make(tag);
    make_index(tmpdir_path("db"));
    if (!has_summary)
        drop_summaries(tmpdir_path("db"));
    gs_status_t st;
    char *err = NULL;
    gs_searcher_t *s = gs_searcher_open(tmpdir_path("db"), &st, &err);
    ck_assert_ptr_nonnull(s);
    ck_brief_equals_full(s, has_summary);
    gs_searcher_set_client_recheck(s, 1);
    ck_brief_equals_full(s, has_summary);
    gs_searcher_close(s);
    tmpdir_remove();
}

START_TEST(test_search_brief)
{
    ck_index("summary", 1);
}
END_TEST

START_TEST(test_index_without_summary)
{
    ck_index("nosummary", 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("summary");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_codec_round_trip);
    tcase_add_test(tc, test_document_summary);
    tcase_add_test(tc, test_search_brief);
    tcase_add_test(tc, test_index_without_summary);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
