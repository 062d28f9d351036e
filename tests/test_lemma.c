/* test_lemma.c - the analyzer's lemma step (issue 16): hunspell-ru's
 * dictionary forms beside Snowball's stems, the suppletive pairs, ambiguous
 * words, and running without the dictionary.
 *
 * The real analyzer with the real dictionary (hunspell-ru, installed by
 * tools/deps.sh; $GRANTSEARCH_HUNSPELL or configure's path).
 */
#include "stemming/analyzer.h"

#include "tests/check_util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the first token of a text says: term, lemmas joined with '|'. */
typedef struct {
    char term[256], lemmas[512];
    unsigned nlemmas, readings, flags;
    int seen;
} first_t;

static int take_first(void *ctx, const gs_token_t *t)
{
    first_t *f = ctx;
    if (f->seen++)
        return 0;
    snprintf(f->term, sizeof f->term, "%.*s", (int)t->term_len, t->term);
    f->lemmas[0] = '\0';
    size_t o = 0;
    for (unsigned i = 0; i < t->nlemmas; i++) {
        ck_assert_uint_lt(o, t->lemmas_len);
        if (i)
            strcat(f->lemmas, "|");
        strcat(f->lemmas, t->lemmas + o);
        o += strlen(t->lemmas + o) + 1;
    }
    ck_assert_uint_eq(o, t->lemmas_len);  /* nlemmas strings fill lemmas_len */
    ck_assert(t->nlemmas ? t->lemmas != NULL : t->lemmas == NULL);
    f->nlemmas = t->nlemmas;
    f->readings = t->readings;
    f->flags = t->flags;
    return 0;
}

static first_t word(gs_analyzer_t *an, const char *w)
{
    first_t f;
    memset(&f, 0, sizeof f);
    ck_assert_int_eq(gs_analyze(an, w, strlen(w), 0, take_first, &f, NULL), 0);
    ck_assert_int_ge(f.seen, 1);
    return f;
}

/* A query word's lemmas (gs_analyze_word_lemmas), joined with '|'. */
static int query_lemmas(gs_analyzer_t *an, const char *w, char *out, size_t cap,
                        unsigned *readings)
{
    const char *l;
    size_t len;
    int n = gs_analyze_word_lemmas(an, w, strlen(w), &l, &len, readings);
    out[0] = '\0';
    for (size_t o = 0; o < len; o += strlen(l + o) + 1) {
        if (o)
            strncat(out, "|", cap - strlen(out) - 1);
        strncat(out, l + o, cap - strlen(out) - 1);
    }
    return n;
}

/* The lemmas of the first GS_TOKEN_PART token, into ctx (a char[256]). */
static int first_part_lemmas(void *ctx, const gs_token_t *t)
{
    if (!(t->flags & GS_TOKEN_PART))
        return 0;
    snprintf(ctx, 256, "%s", t->nlemmas ? t->lemmas : "");
    return 1;
}

static gs_analyzer_t *an;

static void setup(void)
{
    an = gs_analyzer_new(0);
    ck_assert_ptr_nonnull(an);
    gs_analyzer_set_lemmas(an, 1);
}

static void teardown(void)
{
    gs_analyzer_free(an);
    an = NULL;
}

START_TEST(stem_changes_get_their_lemma)
{
    /* Snowball: ребенка -> ребенк, отца -> отц, дня -> дня; the dictionary
     * knows the words. */
    static const char *const cases[][3] = {
        {"ребенка", "ребенк", "ребенок"},
        {"Ребёнка", "ребенк", "ребенок"},  /* case and ё folded first */
        {"отца", "отц", "отец"},
        {"дня", "дня", "день"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        first_t f = word(an, cases[i][0]);
        ck_assert_str_eq(f.term, cases[i][1]);  /* the stem is what it was */
        ck_assert_str_eq(f.lemmas, cases[i][2]);
        ck_assert_uint_eq(f.readings, 1);
    }
}
END_TEST

START_TEST(lemma_with_the_same_stem_is_not_repeated)
{
    /* школы and школа share the stem школ: no lemma term needed. */
    first_t f = word(an, "школы");
    ck_assert_str_eq(f.term, "школ");
    ck_assert_uint_eq(f.nlemmas, 0);
    ck_assert_uint_eq(f.readings, 1);
    /* ребенок itself: its lemma is itself. */
    f = word(an, "ребенок");
    ck_assert_uint_eq(f.nlemmas, 0);
    /* ... but a query for it still asks for the lemma, which the other
     * forms (ребенка, детей) are indexed under. */
    char buf[256];
    unsigned r;
    ck_assert_int_eq(query_lemmas(an, "ребенок", buf, sizeof buf, &r), 1);
    ck_assert_str_eq(buf, "ребенок");
    ck_assert_uint_eq(r, 1);
}
END_TEST

START_TEST(suppletive_pairs)
{
    /* дети never meets ребенок by stem, люди never человек. */
    static const char *const kids[] = {"дети", "детей", "детям", "детьми", "детях", "ДЕТИ"};
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) {
        first_t f = word(an, kids[i]);
        ck_assert_str_ne(f.term, "ребенок");  /* дет, детьм: Snowball's */
        ck_assert_str_eq(f.lemmas, "ребенок");
        ck_assert_uint_eq(f.readings, 1);
    }
    static const char *const people[] = {"люди", "людей", "людям"};
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
        ck_assert_str_eq(word(an, people[i]).lemmas, "человек");
    /* And the other way: a query for ребенок meets XLребенок. */
    char buf[256];
    unsigned r;
    ck_assert_int_eq(query_lemmas(an, "детей", buf, sizeof buf, &r), 1);
    ck_assert_str_eq(buf, "ребенок");
}
END_TEST

START_TEST(ambiguous_words_say_so)
{
    /* стали: сталь (стал, the word's own stem) or стать (стат).  Indexed
     * under neither lemma: a search for стать must not find steel. */
    first_t f = word(an, "стали");
    ck_assert_str_eq(f.term, "стал");
    ck_assert_uint_eq(f.readings, 2);
    ck_assert_uint_eq(f.nlemmas, 0);
    /* The query builder is told both, and the count (it then keeps to the
     * stem, query/words.c). */
    char buf[256];
    unsigned r;
    ck_assert_int_eq(query_lemmas(an, "стали", buf, sizeof buf, &r), 2);
    ck_assert_uint_eq(r, 2);
    ck_assert(!strcmp(buf, "сталь|стать") || !strcmp(buf, "стать|сталь"));
    /* Unambiguous words have one reading. */
    ck_assert_int_eq(query_lemmas(an, "отца", buf, sizeof buf, &r), 1);
    ck_assert_uint_eq(r, 1);
}
END_TEST

START_TEST(no_lemmas_where_there_is_no_word)
{
    /* Abbreviations, stop words, numbers, Latin words, unknown words, a
     * hyphenated whole: their one term, no lemma. */
    static const char *const none[] = {"НКО", "ОМСУ", "для", "2021", "projects", "квадрокоптерщиков"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        first_t f = word(an, none[i]);
        ck_assert_msg(f.nlemmas == 0, "%s has lemmas %s", none[i], f.lemmas);
        char buf[64];
        unsigned r;
        ck_assert_int_eq(query_lemmas(an, none[i], buf, sizeof buf, &r), 0);
    }
    first_t f = word(an, "детей-сирот");
    ck_assert(f.flags & GS_TOKEN_COMPOUND);
    ck_assert_uint_eq(f.nlemmas, 0);
    /* Its parts do have theirs. */
    char part[256] = "";
    ck_assert_int_eq(gs_analyze(an, "детей-сирот", strlen("детей-сирот"), 0, first_part_lemmas,
                                part, NULL), 1);  /* stopped at the part */
    ck_assert_str_eq(part, "ребенок");
}
END_TEST

START_TEST(option_and_cache_change_nothing_else)
{
    /* Lemmas off (the default, as for snippets and the recheck): the same
     * terms, no lemmas.  NO_CACHE: the same lemmas, warm or cold. */
    gs_analyzer_t *nl = gs_analyzer_new(0);
    gs_analyzer_t *nc = gs_analyzer_new(GS_ANALYZER_NO_CACHE);
    ck_assert_ptr_nonnull(nl);
    ck_assert_ptr_nonnull(nc);
    gs_analyzer_set_lemmas(nc, 1);
    static const char *const w[] = {"ребенка", "отца", "стали", "детей", "школы", "ребенка"};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        first_t a = word(an, w[i]), b = word(nl, w[i]), c = word(nc, w[i]);
        ck_assert_str_eq(a.term, b.term);
        ck_assert_uint_eq(b.nlemmas, 0);
        ck_assert_str_eq(a.lemmas, c.lemmas);
        ck_assert_uint_eq(a.readings, c.readings);
    }
    /* The query's look-up works with token lemmas off. */
    char buf[64];
    unsigned r;
    ck_assert_int_eq(query_lemmas(nl, "отца", buf, sizeof buf, &r), 1);
    ck_assert_str_eq(buf, "отец");
    gs_analyzer_free(nl);
    gs_analyzer_free(nc);
}
END_TEST

START_TEST(missing_dictionary_means_stems_only)
{
    /* Check forks per test: the variable stays in this test. */
    ck_assert_int_eq(setenv("GRANTSEARCH_HUNSPELL", "/nonexistent/ru_RU", 1), 0);
    gs_analyzer_t *a = gs_analyzer_new(0);
    ck_assert_ptr_nonnull(a);
    gs_analyzer_set_lemmas(a, 1);
    first_t f = word(a, "ребенка");
    ck_assert_str_eq(f.term, "ребенк");
    ck_assert_uint_eq(f.nlemmas, 0);
    /* The shipped table needs no dictionary. */
    ck_assert_str_eq(word(a, "детей").lemmas, "ребенок");
    gs_analyzer_free(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lemma");
    TCase *tc = tcase_create("lemmas");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, stem_changes_get_their_lemma);
    tcase_add_test(tc, lemma_with_the_same_stem_is_not_repeated);
    tcase_add_test(tc, suppletive_pairs);
    tcase_add_test(tc, ambiguous_words_say_so);
    tcase_add_test(tc, no_lemmas_where_there_is_no_word);
    tcase_add_test(tc, option_and_cache_change_nothing_else);
    tcase_add_test(tc, missing_dictionary_means_stems_only);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
