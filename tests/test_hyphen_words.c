/* test_hyphen_words.c - a hyphenated query word (детей-инвалидов,
 * по-другому): what it finds, and that its recheck never needs the stored
 * record for the whole compound.
 *
 * A hyphenated word finds the records holding it whole and those writing its
 * parts side by side («дети инвалиды»), not the parts apart.  Its whole term
 * is matched exactly by Xapian; the formula must say so (a VN_MATCH), not
 * name it as a word to find in the text: the word sketch holds a hyphenated
 * word's parts only, so such a leaf made every candidate of the parts
 * (every record with «друг» for «по-другому») read and re-analyse its stored
 * record - seconds per query on 20,000 records. */
#include "indexer/indexer.h"
#include "query/build.h"
#include "searcher/searcher.h"
#include "stemming/analyzer.h"
#include "corpus/record.h"

#include "tests/check_index.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const recs[][2] = {
    {"H-1", "Помощь детям-инвалидам района"},      /* the whole */
    {"H-2", "Помощь детям инвалидам района"},      /* parts side by side */
    {"H-3", "Детям района и инвалидам"},           /* parts apart */
    {"H-4", "Всё будет по-другому в центре"},      /* a stop-word compound */
    {"H-5", "Всё будет по другому плану"},         /* its parts side by side */
    {"H-6", "Другому центру по плану"},            /* its parts apart */
};
enum { NR = sizeof recs / sizeof recs[0] };

static void setup(void)
{
    tmpdir_make("hyphen");
    FILE *f = fopen(tmpdir_path("h.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < NR; i++)
        fprintf(f, "{\"id\":\"%s\",\"number\":\"%s\",\"title\":\"%s\",\"description\":\"%s\"}\n",
                recs[i][0], recs[i][0], recs[i][1], recs[i][1]);
    fclose(f);
    index_jsonl(tmpdir_path("h.jsonl"), tmpdir_path("db"), 0);
}

static void teardown(void)
{
    tmpdir_remove();
}

/* The numbers the search finds for query, joined by spaces, in id order. */
static void found(const char *query, char *out, size_t cap)
{
    gs_status_t st;
    char *err = NULL;
    gs_searcher_t *s = gs_searcher_open(tmpdir_path("db"), &st, &err);
    ck_assert_ptr_nonnull(s);
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(s, query, &qe);
    ck_assert_ptr_nonnull(q);
    gs_search_opts_t so;
    gs_search_opts_init(&so);
    so.relax = 0;
    so.n = 100;
    gs_results_t *r = NULL;
    ck_assert_int_eq(gs_search(s, q, &so, &r, &err), GS_OK);
    char have[NR] = {0};
    for (size_t i = 0; i < gs_results_size(r); i++)
        have[atoi(gs_results_hit(r, i)->rec->str[GS_NUMBER] + 2) - 1] = 1;
    out[0] = 0;
    for (int i = 0; i < NR; i++)
        if (have[i])
            snprintf(out + strlen(out), cap - strlen(out), "%s%s", *out ? " " : "", recs[i][0]);
    gs_results_free(r);
    gs_query_free(q);
    gs_searcher_close(s);
}

START_TEST(a_hyphenated_word_finds_the_whole_and_the_parts_side_by_side)
{
    static const char *const cases[][2] = {
        {"детей-инвалидов", "H-1 H-2"},
        {"title:детей-инвалидов", "H-1 H-2"},
        {"description:детей-инвалидов", "H-1 H-2"},
        {"по-другому", "H-4 H-5"},
        {"всё по-другому", "H-4 H-5"},
        {"title:по-другому", "H-4 H-5"},
        {"помощь -детей-инвалидов", ""},
        {"района -детей-инвалидов", "H-3"},
    };
    char got[128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        found(cases[i][0], got, sizeof got);
        ck_assert_msg(!strcmp(got, cases[i][1]), "%s: found \"%s\", want \"%s\"", cases[i][0],
                      got, cases[i][1]);
    }
}
END_TEST

/* Does the formula name a hyphenated term as a word to find in the text? */
static int has_hyphen_leaf(const vnode_t *v)
{
    if (!v)
        return 0;
    if (v->kind == VN_TERM)
        for (size_t i = 0; i < v->n; i++)
            if (strchr(v->s[i], '-'))
                return 1;
    for (size_t i = 0; i < v->nkids; i++)
        if (has_hyphen_leaf(v->kids[i]))
            return 1;
    return 0;
}

START_TEST(the_whole_compound_is_an_exact_match_in_the_formula)
{
    static const char *const queries[] = {"детей-инвалидов", "всё по-другому",
                                          "title:детей-инвалидов", "помощь -детей-инвалидов"};
    xapc_db_t *db = NULL;
    char *err = NULL;
    ck_assert_int_eq(xapc_db_open(tmpdir_path("db"), &db, &err), XAPC_OK);
    gs_analyzer_t *an = gs_analyzer_new(0);
    ck_assert_ptr_nonnull(an);
    gs_qenv_t env = {.db = db, .an = an};
    gs_boosts_t b;
    gs_boosts_default(&b);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        size_t off;
        char msg[256];
        qnode_t *root = gs_qparse(queries[i], &off, msg, sizeof msg);
        ck_assert_ptr_nonnull(root);
        qbuilt_t out;
        xapc_status_t xst = XAPC_OK;
        ck_assert_int_eq(gs_qbuild(&env, root, &b, 0, &out, &xst, &err), 0);
        ck_assert_ptr_nonnull(out.q);
        ck_assert_msg(!has_hyphen_leaf(out.verify), "%s: the whole is rechecked on the text",
                      queries[i]);
        gs_qbuilt_free(&out);
        gs_qnode_free(root);
    }
    gs_analyzer_free(an);
    xapc_db_destroy(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hyphen_words");
    TCase *tc = tcase_create("hyphen_words");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_hyphenated_word_finds_the_whole_and_the_parts_side_by_side);
    tcase_add_test(tc, the_whole_compound_is_an_exact_match_in_the_formula);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
