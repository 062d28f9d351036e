/* test_fold.c - issue 15: the title/goal boosts folded into the body
 * terms' wdf at index time (schema 5, schema.h GS_META_FOLD), and an index
 * of schema 4 (the same records without the fold) still ranked as before.
 *
 * Four records of the same length hold «театр»: once in the title (t-1),
 * twice in the title (t-2), twice (d-2) and three times (d-3) in the
 * description.  With the default boost a title occurrence counts twice, so
 * t-1 scores exactly as d-2, t-2 (4) above d-3 (3) above both.  The schema 4
 * copy is the same index rewritten as schema 4 wrote it (body wdf without
 * the fold, metadata schema 4, no fold key): the searcher must fall back
 * to the OP_SYNONYM of the body and field terms and rank the same way (a
 * body term alone would put t-1 below d-2 there). */
#include "indexer/indexer.h"
#include "schema/schema.h"
#include "searcher/searcher.h"
#include "tests/check_index.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREC 34

static void write_records(const char *path)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\":\"t-1\",\"title\":\"Театр кукол\",\"description\":\"Занятия детей выходным районном доме культуры\"}\n"
          "{\"id\":\"t-2\",\"title\":\"Театр театр\",\"description\":\"Занятия детей выходным районном доме культуры\"}\n"
          "{\"id\":\"d-2\",\"title\":\"Студия кукол\",\"description\":\"Театр детей выходным театр доме культуры\"}\n"
          "{\"id\":\"d-3\",\"title\":\"Студия кукол\",\"description\":\"Театр детей театр театр доме культуры\"}\n",
          f);
    for (int k = 1; k <= NREC - 4; k++)
        fprintf(f, "{\"id\":\"o-%d\",\"title\":\"Спортивный праздник\",\"description\":"
                   "\"Соревнования футболу жителей района номер %d\"}\n", k, k);
    fclose(f);
}

/* The wdf of prefix + body's term among the n terms of one document (0
 * if absent). */
static uint32_t wdf_of(const check_term_t *v, size_t n, const char *prefix,
                       const check_term_t *body)
{
    size_t pl = strlen(prefix);
    for (size_t i = 0; i < n; i++)
        if (v[i].len == pl + body->len && !memcmp(v[i].t, prefix, pl) &&
            !memcmp(v[i].t + pl, body->t, body->len))
            return v[i].wdf;
    return 0;
}

/* A body term's wdf less the fold's repeats of its title and goal
 * occurrences; any other term as it is.  *ctx counts the terms unfolded. */
static long unfold_term(void *ctx, const check_term_t *v, size_t n, size_t i)
{
    uint32_t wd = v[i].wdf;
    if (wd && !(v[i].t[0] >= 'A' && v[i].t[0] <= 'Z')) { /* a body term */
        uint32_t extra = (uint32_t)gs_boost_repeats(gs_schema_fields[0].boost) *
                             wdf_of(v, n, GS_PREFIX_TITLE, &v[i]) +
                         (uint32_t)gs_boost_repeats(gs_schema_fields[1].boost) *
                             wdf_of(v, n, GS_PREFIX_GOAL, &v[i]);
        ck_assert_uint_gt(wd, extra);
        *(int *)ctx += extra > 0;
        wd -= extra;
    }
    return wd;
}

/* Rewrite every document as schema 4 wrote it: each body term's wdf less
 * the fold's repeats; the rest as is; no fold key. */
static void unfold_to_schema4(const char *path)
{
    int unfolded = 0;
    const char *meta[] = {GS_META_SCHEMA, "4", GS_META_FOLD, "", NULL};
    rewrite_index(path, NREC, unfold_term, &unfolded, meta);
    ck_assert_msg(unfolded, "schema 5 folds the title words into the body");
}

/* The scores of t-1, t-2, d-2, d-3 for «театр» (strict, no proximity). */
static void scores(const char *db, double out[4])
{
    gs_status_t st;
    char *err = NULL;
    gs_searcher_t *s = gs_searcher_open(db, &st, &err);
    ck_assert_msg(s != NULL, "open %s: %s", db, err ? err : "?");
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(s, "театр", &qe);
    ck_assert_ptr_nonnull(q);
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    o.n = 10;
    o.spelling = 0;
    o.snippets = 0;
    gs_results_t *r = NULL;
    ck_assert_int_eq(gs_search(s, q, &o, &r, &err), GS_OK);
    static const char *ids[4] = {"t-1", "t-2", "d-2", "d-3"};
    for (int k = 0; k < 4; k++) {
        out[k] = -1;
        for (uint32_t i = 0; i < gs_results_size(r); i++) {
            const gs_record_t *rec = gs_results_hit(r, i)->rec;
            if (rec && rec->str[GS_ID] && !strcmp(rec->str[GS_ID], ids[k]))
                out[k] = gs_results_hit(r, i)->score;
        }
        ck_assert_msg(out[k] > 0, "%s: %s not found", db, ids[k]);
    }
    gs_results_free(r);
    gs_query_free(q);
    gs_searcher_close(s);
}

/* One title occurrence counts as two text occurrences, no more, no less. */
static void ranks_title_as_two(const char *db)
{
    double v[4];
    scores(db, v);
    ck_assert_msg(fabs(v[0] - v[2]) <= 1e-9 * v[2], "%s: t-1 %.9f, d-2 %.9f", db, v[0], v[2]);
    ck_assert_msg(v[1] > v[3] && v[3] > v[2], "%s: t-2 %.6f, d-3 %.6f, d-2 %.6f", db, v[1], v[3],
                  v[2]);
}

START_TEST(folded_index_ranks_a_title_word_as_two)
{
    tmpdir_make("fold");
    write_records(tmpdir_path("r.jsonl"));
    ck_assert_uint_eq(index_jsonl(tmpdir_path("r.jsonl"), tmpdir_path("db"), 1), NREC);
    xapc_db_t *d = NULL;
    ck_assert_int_eq(xapc_db_open(tmpdir_path("db"), &d, NULL), XAPC_OK);
    const char *v;
    size_t n;
    ck_assert_int_eq(xapc_db_get_metadata(d, GS_META_FOLD, &v, &n), XAPC_OK);
    ck_assert_msg(n == strlen("title=1,goal=1") && !memcmp(v, "title=1,goal=1", n),
                  "fold metadata '%.*s'", (int)n, v);
    xapc_db_destroy(d);
    ranks_title_as_two(tmpdir_path("db"));
    tmpdir_remove();
}
END_TEST

START_TEST(schema4_index_ranks_as_before)
{
    tmpdir_make("fold4");
    write_records(tmpdir_path("r.jsonl"));
    ck_assert_uint_eq(index_jsonl(tmpdir_path("r.jsonl"), tmpdir_path("db"), 1), NREC);
    unfold_to_schema4(tmpdir_path("db"));
    ranks_title_as_two(tmpdir_path("db"));
    tmpdir_remove();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, folded_index_ranks_a_title_word_as_two);
    tcase_add_test(tc, schema4_index_ranks_as_before);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
