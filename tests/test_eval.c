/* test_eval.c - eval/eval.c against figures worked out by hand. */
#include "eval/eval.h"

#include "tests/check_util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EPS 1e-6

/* The hand-worked case.
 *
 * Query 1: judged d1=2, d2=1, d3=0, d4=1 (3 relevant: d1 d2 d4).
 *   Run scores d3 4.0, d1 3.0, d5 2.0 (unjudged), d2 1.0; the ranks in the
 *   file are scrambled on purpose: ranking goes by score.
 *   Ranked: 1 d3 (g0), 2 d1 (g2), 3 d5 (g0), 4 d2 (g1).
 *   DCG@10  = 0/log2(2) + (2^2-1)/log2(3) + 0/log2(4) + (2^1-1)/log2(5)
 *           = 3/1.5849625 + 1/2.3219281 = 1.8927893 + 0.4306766 = 2.3234659
 *   IDCG@10 = grades 2,1,1,0: 3/log2(2) + 1/log2(3) + 1/log2(4) + 0
 *           = 3 + 0.6309298 + 0.5 = 4.1309298
 *   nDCG@10 = 2.3234659 / 4.1309298 = 0.5624559
 *   P@10    = 2 relevant in top 10 / 10 = 0.2
 *   AP      = (1/2 + 2/4) / 3 relevant = 1/3
 *   RR      = 1/2 (first relevant at rank 2)
 *   R@100   = 2 / 3
 *   With k = 2: DCG@2 = 1.8927893, IDCG@2 = 3 + 0.6309298 = 3.6309298,
 *   nDCG@2 = 0.5212960, P@2 = 1/2.
 * Query 2: judged d9=1, absent from the run: every figure 0.
 * Query 3: only a grade-0 judgment: skipped (no relevant document).
 * Query 4: in the run only: ignored.
 * Query 5: judged x1=1; run x1 and x2 both score 1.0.  Ties go by docid
 *   descending (trec_eval), so x2 is rank 1 and x1 rank 2:
 *   nDCG@10 = (1/log2(3)) / (1/log2(2)) = 0.6309298, P@10 = 0.1,
 *   AP = (1/2)/1 = 0.5, RR = 0.5, R@100 = 1.
 * Means over the 3 evaluated queries (1, 2, 5):
 *   nDCG@10 = (0.5624559 + 0 + 0.6309298) / 3 = 0.3977952
 *   P@10 = (0.2 + 0 + 0.1) / 3 = 0.1;  MAP = (1/3 + 0 + 0.5) / 3 = 0.2777778
 *   MRR = (0.5 + 0 + 0.5) / 3 = 1/3;  R@100 = (2/3 + 0 + 1) / 3 = 0.5555556 */
static const char *qrels_lines[] = {
    "1 0 d1 2\n", "1 0 d2 1\n", "1 0 d3 0\n", "1 0 d4 1\n",
    "2 0 d9 1\n", "3 0 d7 0\n", "5 0 x1 1\n",
};
static const char *run_lines[] = {
    "1 Q0 d1 1 3.0 t\n", "1 Q0 d3 3 4.0 t\n", "1 Q0 d2 2 1.0 t\n", "1 Q0 d5 4 2.0 t\n",
    "4 Q0 d1 1 9.0 t\n", "5 Q0 x1 1 1.0 t\n",  "5 Q0 x2 2 1.0 t\n",
};

static gs_eval *load_case(void)
{
    gs_eval *ev = gs_eval_new();
    ck_assert_ptr_nonnull(ev);
    const char *why = NULL;
    for (size_t i = 0; i < sizeof qrels_lines / sizeof *qrels_lines; i++)
        ck_assert_int_eq(gs_eval_add_qrels_line(ev, qrels_lines[i], &why), 1);
    for (size_t i = 0; i < sizeof run_lines / sizeof *run_lines; i++)
        ck_assert_int_eq(gs_eval_add_run_line(ev, run_lines[i], &why), 1);
    return ev;
}

static const gs_eval_query *find(const gs_eval_result *r, const char *qid)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->q[i].qid, qid))
            return &r->q[i];
    return NULL;
}

START_TEST(hand_worked_k10)
{
    gs_eval *ev = load_case();
    gs_eval_result r;
    ck_assert_int_eq(gs_eval_compute(ev, 10, 100, &r), 0);
    ck_assert_uint_eq(r.n, 3);
    ck_assert_uint_eq(r.n_missing, 1);
    ck_assert_uint_eq(r.n_norel, 1);
    ck_assert_uint_eq(r.n_unjudged, 1);
    /* evaluated queries come in qid order */
    ck_assert_str_eq(r.q[0].qid, "1");
    ck_assert_str_eq(r.q[1].qid, "2");
    ck_assert_str_eq(r.q[2].qid, "5");

    const gs_eval_query *q1 = find(&r, "1");
    ck_assert_double_eq_tol(q1->ndcg, 0.5624559, EPS);
    ck_assert_double_eq_tol(q1->prec, 0.2, EPS);
    ck_assert_double_eq_tol(q1->ap, 1.0 / 3, EPS);
    ck_assert_double_eq_tol(q1->rr, 0.5, EPS);
    ck_assert_double_eq_tol(q1->recall, 2.0 / 3, EPS);
    ck_assert_uint_eq(q1->n_rel, 3);
    ck_assert_uint_eq(q1->n_ret, 4);
    ck_assert_uint_eq(q1->n_rel_ret, 2);
    ck_assert_int_eq(q1->in_run, 1);

    const gs_eval_query *q2 = find(&r, "2");
    ck_assert_int_eq(q2->in_run, 0);
    ck_assert_double_eq_tol(q2->ndcg, 0, EPS);
    ck_assert_double_eq_tol(q2->ap, 0, EPS);

    const gs_eval_query *q5 = find(&r, "5");
    ck_assert_double_eq_tol(q5->ndcg, 0.6309298, EPS);
    ck_assert_double_eq_tol(q5->rr, 0.5, EPS);
    ck_assert_double_eq_tol(q5->ap, 0.5, EPS);
    ck_assert_double_eq_tol(q5->recall, 1.0, EPS);

    ck_assert_double_eq_tol(r.mean.ndcg, 0.3977952, EPS);
    ck_assert_double_eq_tol(r.mean.prec, 0.1, EPS);
    ck_assert_double_eq_tol(r.mean.ap, 0.2777778, EPS);
    ck_assert_double_eq_tol(r.mean.rr, 1.0 / 3, EPS);
    ck_assert_double_eq_tol(r.mean.recall, 0.5555556, EPS);
    gs_eval_result_free(&r);
    gs_eval_free(ev);
}
END_TEST

START_TEST(hand_worked_k2)
{
    gs_eval *ev = load_case();
    gs_eval_result r;
    ck_assert_int_eq(gs_eval_compute(ev, 2, 100, &r), 0);
    const gs_eval_query *q1 = find(&r, "1");
    ck_assert_double_eq_tol(q1->ndcg, 0.5212960, EPS);
    ck_assert_double_eq_tol(q1->prec, 0.5, EPS);
    /* AP, RR and recall do not depend on k */
    ck_assert_double_eq_tol(q1->ap, 1.0 / 3, EPS);
    ck_assert_double_eq_tol(q1->recall, 2.0 / 3, EPS);
    gs_eval_result_free(&r);
    /* recall cutoff 1: query 1's first hit (d3) is not relevant */
    ck_assert_int_eq(gs_eval_compute(ev, 10, 1, &r), 0);
    ck_assert_double_eq_tol(find(&r, "1")->recall, 0, EPS);
    gs_eval_result_free(&r);
    ck_assert_int_eq(gs_eval_compute(ev, 0, 100, &r), -1);
    gs_eval_free(ev);
}
END_TEST

START_TEST(bad_lines)
{
    gs_eval *ev = gs_eval_new();
    const char *why = NULL;
    ck_assert_int_eq(gs_eval_add_qrels_line(ev, "\n", &why), 0);
    ck_assert_int_eq(gs_eval_add_qrels_line(ev, "# comment\n", &why), 0);
    ck_assert_int_eq(gs_eval_add_qrels_line(ev, "1 0 d1\n", &why), -1);
    ck_assert_ptr_nonnull(why);
    ck_assert_int_eq(gs_eval_add_qrels_line(ev, "1 0 d1 high\n", &why), -1);
    ck_assert_int_eq(gs_eval_add_qrels_line(ev, "1 0 d1 1 extra\n", &why), -1);
    ck_assert_int_eq(gs_eval_add_run_line(ev, "1 Q0 d1 1 x t\n", &why), -1);
    ck_assert_int_eq(gs_eval_add_run_line(ev, "1 Q0 d1 one 1.0 t\n", &why), -1);
    ck_assert_int_eq(gs_eval_add_run_line(ev, "1 Q0 d1 1 1.0\n", &why), -1);
    ck_assert_int_eq(gs_eval_add_run_line(ev, "1 Q0 d1 1 nan t\n", &why), -1);
    gs_eval_free(ev);
}
END_TEST

/* Files: bad lines and repeated documents are reported as FILE:LINE and
 * skipped; the first occurrence wins. */
START_TEST(files_and_duplicates)
{
    tmpdir_make("test_eval");
    /* tmpdir_path's buffers: these three stay valid (no more calls here). */
    const char *qpath = tmpdir_path("qrels"), *rpath = tmpdir_path("run"),
               *epath = tmpdir_path("errs");
    FILE *f = fopen(qpath, "w");
    fputs("1 0 a 1\n1 0 b\n1 0 a 0\n", f); /* line 2 bad, line 3 repeats a */
    fclose(f);
    f = fopen(rpath, "w");
    fputs("1 Q0 b 1 5 t\n1 Q0 a 2 4 t\n1 Q0 b 3 9 t\n", f); /* line 3 repeats b */
    fclose(f);
    FILE *errs = fopen(epath, "w+");
    gs_eval *ev = gs_eval_new();
    ck_assert_int_eq(gs_eval_load_qrels(ev, qpath, errs), 2);
    ck_assert_int_eq(gs_eval_load_run(ev, rpath, errs), 1);
    ck_assert_int_eq(gs_eval_load_run(ev, "/nonexistent/run", errs), -1);
    rewind(errs);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, errs);
    buf[n] = '\0';
    fclose(errs);
    char want[300];
    snprintf(want, sizeof want, "%s:2: expected 4 fields", qpath);
    ck_assert_ptr_nonnull(strstr(buf, want));
    snprintf(want, sizeof want, "%s:3: document a judged again", qpath);
    ck_assert_ptr_nonnull(strstr(buf, want));
    snprintf(want, sizeof want, "%s:3: document b retrieved again", rpath);
    ck_assert_ptr_nonnull(strstr(buf, want));
    ck_assert_ptr_nonnull(strstr(buf, "/nonexistent/run: cannot open"));

    gs_eval_result r;
    ck_assert_int_eq(gs_eval_compute(ev, 10, 100, &r), 0);
    ck_assert_uint_eq(r.n, 1);
    /* a kept as grade 1; b kept with score 5 ranks first: a is rank 2 */
    ck_assert_double_eq_tol(r.q[0].rr, 0.5, EPS);
    ck_assert_uint_eq(r.q[0].n_ret, 2);
    gs_eval_result_free(&r);
    gs_eval_free(ev);
    tmpdir_remove();
}
END_TEST

/* Numeric query ids sort as numbers: 2 before 10. */
START_TEST(numeric_qids)
{
    gs_eval *ev = gs_eval_new();
    const char *why;
    gs_eval_add_qrels_line(ev, "10 0 a 1", &why);
    gs_eval_add_qrels_line(ev, "2 0 a 1", &why);
    gs_eval_add_run_line(ev, "10 Q0 a 1 1 t", &why);
    gs_eval_result r;
    ck_assert_int_eq(gs_eval_compute(ev, 10, 100, &r), 0);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_str_eq(r.q[0].qid, "2");
    ck_assert_str_eq(r.q[1].qid, "10");
    ck_assert_double_eq_tol(r.q[1].ndcg, 1.0, EPS);
    ck_assert_double_eq_tol(r.mean.ndcg, 0.5, EPS);
    gs_eval_result_free(&r);
    gs_eval_free(ev);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, hand_worked_k10);
    tcase_add_test(tc, hand_worked_k2);
    tcase_add_test(tc, bad_lines);
    tcase_add_test(tc, files_and_duplicates);
    tcase_add_test(tc, numeric_qids);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
