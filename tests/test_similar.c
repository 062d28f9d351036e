/* test_similar.c - `similar`'s ranking query (precedents/similar.c).
 *
 * similar ranks a draft's selected terms as one flat OR of (term, field)
 * leaves, for speed; it must rank exactly as the per-term blocks `search`
 * builds (gs_terms_query: for each term an OR of its body and boosted-field
 * terms, weighted).  Both run here on a real index of generated records,
 * for drafts drawn from the same words, and must give the same hits in the
 * same order with the same scores. */
#include "indexer/indexer.h"
#include "precedents/similar.h"
#include "query/query.h"

#include "tests/check_index.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREC 120

static const char *const VOCAB[] = {
    "дети", "инвалиды", "театр", "музей", "библиотека", "волонтеры", "пенсионеры",
    "спорт", "здоровье", "экология", "река", "лес", "школа", "учителя", "родители",
    "аутизм", "реабилитация", "ремесло", "фестиваль", "история", "память", "село",
    "молодежь", "наставники", "кино", "музыка", "танцы", "приют", "животные", "мигранты",
    "семьи", "сироты", "ветераны", "краеведение", "туризм", "инклюзия", "грамотность",
    "финансы", "медиация", "право", "консультации", "психологи", "кризис", "зависимость",
    "профилактика", "сообщество", "территория", "благоустройство", "двор", "парк",
};
#define NVOCAB (sizeof VOCAB / sizeof VOCAB[0])

static unsigned long seed = 15;
static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((seed >> 33) % n);
}

/* n words drawn from VOCAB (a skewed draw, so some words are common). */
static void words(char *buf, size_t cap, int n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        unsigned w = rnd(NVOCAB) < NVOCAB / 3 ? rnd(NVOCAB / 5) : rnd(NVOCAB);
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? " " : "", VOCAB[w]);
    }
}

static gs_searcher_t *S;

static void setup(void)
{
    tmpdir_make("similar");
    FILE *f = fopen(tmpdir_path("recs.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    for (int r = 0; r < NREC; r++) {
        char t[256], g[512], d[2048];
        words(t, sizeof t, 2 + rnd(4));
        words(g, sizeof g, 4 + rnd(8));
        words(d, sizeof d, 10 + rnd(60));
        fprintf(f, "{\"id\":\"T-%03d\",\"title\":\"%s\",\"goal\":\"%s\",\"description\":\"%s\"}\n",
                r, t, g, d);
    }
    fclose(f);
    ck_assert_uint_eq(index_jsonl(tmpdir_path("recs.jsonl"), tmpdir_path("db"), 0), NREC);
    gs_status_t st;
    char *err = NULL;
    S = gs_searcher_open(tmpdir_path("db"), &st, &err);
    ck_assert_ptr_nonnull(S);
}

static void teardown(void)
{
    gs_searcher_close(S);
    tmpdir_remove();
}

/* The reference: sim's terms as gs_terms_query's per-term blocks, weighted
 * as similar weighs them (rank_weight, the heaviest 1), run as similar runs
 * them. */
static gs_results_t *reference(gs_similar_t *sim, const gs_similar_opts_t *o)
{
    size_t n = gs_similar_nterms(sim);
    ck_assert_uint_gt(n, 0);
    gs_wterm_t *wt = calloc(n, sizeof *wt);
    const char **hl = calloc(n, sizeof *hl);
    ck_assert(wt && hl);
    double top = 0;
    for (size_t i = 0; i < n; i++)
        top = fmax(top, gs_similar_term(sim, i)->rank_weight);
    for (size_t i = 0; i < n; i++) {
        const gs_draft_term_t *t = gs_similar_term(sim, i);
        wt[i].term = t->term;
        wt[i].len = t->term_len;
        wt[i].weight = t->rank_weight / top;
        hl[i] = t->term;
    }
    gs_boosts_t b = o->search.boosts;  /* as the index folds them, as similar reads them */
    gs_boosts_read_fold(&b, gs_searcher_db(S));
    xapc_query_t *q = gs_terms_query(wt, n, XAPC_OP_OR, &b);
    ck_assert_ptr_nonnull(q);
    gs_results_t *r = NULL;
    char *err = NULL;
    ck_assert_int_eq(gs_search_xquery(S, q, "ref", hl, n, &o->search, &r, &err), GS_OK);
    xapc_query_destroy(q);
    free(wt);
    free(hl);
    return r;
}

START_TEST(flat_query_ranks_as_the_per_term_blocks)
{
    gs_similar_opts_t o;
    gs_similar_opts_init(&o);
    o.search.n = 30;
    o.search.snippets = 0;
    o.terms.k = 12;
    o.terms.min_docs = 1000;   /* keep common words too: more ties to get right */
    for (int d = 0; d < 15; d++) {
        char draft[1024];
        words(draft, sizeof draft, 8 + rnd(40));
        gs_similar_t *sim = NULL;
        char *err = NULL;
        ck_assert_int_eq(gs_similar_text(S, draft, strlen(draft), NULL, &o, &sim, &err), GS_OK);
        gs_results_t *got = gs_similar_results(sim), *want = reference(sim, &o);
        ck_assert_uint_gt(gs_results_size(want), 10);
        ck_assert_uint_eq(gs_results_size(got), gs_results_size(want));
        for (uint32_t i = 0; i < gs_results_size(want); i++) {
            const gs_hit_t *g = gs_results_hit(got, i), *w = gs_results_hit(want, i);
            ck_assert_msg(g->docid == w->docid, "draft %d hit %u: docid %u, want %u (%s)", d, i,
                          (unsigned)g->docid, (unsigned)w->docid, draft);
            ck_assert_msg(fabs(g->score - w->score) <= 1e-9 * fabs(w->score),
                          "draft %d hit %u: score %.12f, want %.12f", d, i, g->score, w->score);
        }
        gs_results_free(want);
        gs_similar_free(sim);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("similar");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, flat_query_ranks_as_the_per_term_blocks);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
