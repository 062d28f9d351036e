/* test_recheck_once.c - issue 15 (kw15): a rechecked query (a phrase) with
 * more matches than its page and at most GS_RECHECK_ALL (50) has every
 * match checked on its record, so that its count is exact.  Those matches
 * are the ones the match decider kept while ranking (the match saw every
 * candidate): they are read directly, where the search used to run a
 * second match over the same candidates and judge each one again.  The
 * answer is the brute force's (every hit holds the phrase, the count is
 * exact), each candidate is judged once per match (gs_results.judged,
 * searcher/internal.h), and a record whose word sketch shows the phrase by
 * a hash collision it does not hold is still found on its record and
 * dropped (the match then runs again: twice the judging, never more).
 * Real index, real searcher. */
#include "tests/check_index.h"
#include "tests/check_sketch.h"
#include "searcher/internal.h"
#include "searcher/searcher.h"
#include "stemming/analyzer.h"

#include <stdio.h>
#include <string.h>

/* Record i holds the phrase «развитие местных сообществ» (HOLDS of them),
 * or both its word pairs but not the phrase (a decoy: a candidate the
 * recheck drops), or neither pair (no candidate).  Record COLLIDER holds
 * the pairs apart and, right after «развитие местных», a number whose
 * sketch hash equals «сообществ»'s term under its record's seed. */
enum { NREC = 60, COLLIDER = 3 };
static int holds(unsigned i) { return i % 5 < 2; }
static int decoy(unsigned i) { return i % 5 == 2; }

static void write_records(const char *path, unsigned long collider)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (unsigned i = 0; i < NREC; i++) {
        char text[256];
        if (i == COLLIDER)
            snprintf(text, sizeof text, "развитие местных %lu, клуб местных сообществ", collider);
        else
            snprintf(text, sizeof text, "%s",
                     holds(i)   ? "развитие местных сообществ в поселке"
                     : decoy(i) ? "клуб местных сообществ, развитие местных инициатив"
                                : "развитие сообществ и местных инициатив");
        fprintf(f, "{\"id\":\"21-1-%06u\",\"number\":\"21-1-%06u\",\"title\":\"Проект %u\","
                   "\"description\":\"%s\"}\n", i, i, i, text);
    }
    fclose(f);
}

/* Search q (ten a page, strict reading only) and check the answer: `want`
 * matches, counted exactly, every hit's description holding `needle`;
 * returns how many candidates the decider judged. */
static uint32_t search_judged(gs_searcher_t *s, const char *q, uint32_t want, const char *needle)
{
    gs_query_error_t qe;
    gs_query_t *pq = gs_query_parse(s, q, &qe);
    ck_assert_ptr_nonnull(pq);
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    o.relax = 0;
    gs_results_t *r = NULL;
    char *err = NULL;
    ck_assert_int_eq(gs_search(s, pq, &o, &r, &err), GS_OK);
    ck_assert_msg(gs_results_estimate(r) == want && gs_results_exact(r),
                  "%s: total %u (exact %d), want exactly %u", q, gs_results_estimate(r),
                  gs_results_exact(r), want);
    ck_assert_uint_eq(gs_results_size(r), 10);
    for (uint32_t i = 0; i < gs_results_size(r); i++) {
        const gs_record_t *rec = gs_results_hit(r, i)->rec;
        ck_assert_msg(rec->str[GS_DESCRIPTION] && strstr(rec->str[GS_DESCRIPTION], needle),
                      "%s: hit %u lacks «%s»", q, i + 1, needle);
    }
    uint32_t judged = r->judged;
    gs_results_free(r);
    gs_query_free(pq);
    return judged;
}

START_TEST(matches_checked_without_a_second_match)
{
    tmpdir_make("recheck_once");
    gs_analyzer_t *an = gs_analyzer_new(0);
    char term[64];
    ck_assert_uint_gt(gs_analyze_word(an, "сообществ", strlen("сообществ"), term, sizeof term), 0);
    gs_analyzer_free(an);
    const char *jsonl = tmpdir_path("r.jsonl"), *db = tmpdir_path("db");
    write_records(jsonl, check_colliding_number_of(COLLIDER, term));
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), NREC);
    unsigned nholds = 0, ndecoys = 0;
    for (unsigned i = 0; i < NREC; i++)
        if (i != COLLIDER) {
            nholds += holds(i);
            ndecoys += decoy(i);
        }
    ck_assert_uint_gt(nholds, 10);  /* more than a page, at most 50: all checked */
    ck_assert_uint_le(nholds + ndecoys + 1, 50);
    gs_status_t st;
    gs_searcher_t *s = gs_searcher_open(db, &st, NULL);
    ck_assert_ptr_nonnull(s);
    /* Every candidate holds «местных сообществ»: one match, each judged once. */
    uint32_t cands = nholds + ndecoys + 1;
    ck_assert_uint_eq(search_judged(s, "\"местных сообществ\"", cands, "местных сообществ"), cands);
    /* The whole phrase: the decoys dropped on their sketch, the collider
     * kept on it, found wrong on its record and excluded; the match runs
     * once more without it. */
    uint32_t judged = search_judged(s, "\"развитие местных сообществ\"", nholds,
                                    "развитие местных сообществ");
    ck_assert_msg(judged == 2 * cands, "judged %u candidates, want %u (two matches of %u)",
                  judged, 2 * cands, cands);
    gs_searcher_close(s);
    tmpdir_remove();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("recheck_once");
    TCase *tc = tcase_create("recheck_once");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, matches_checked_without_a_second_match);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
