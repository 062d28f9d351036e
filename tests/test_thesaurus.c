/* test_thesaurus.c - the synonyms loader with the domain thesaurus
 * (query/synonyms.c, data/thesaurus.txt) and the weights its relations give.
 *
 * The loader: thesaurus.txt beside the synonyms file is read after it, its
 * lines of three kinds (a = b, a = b > c, d, a ~ b) analysed into stems, a
 * bad line reported with file:line and skipped, a missing thesaurus no error.
 * The weights: on a real index where each word of a line is in one record
 * of the same shape (so each scores the same BM25 on its own), a search's
 * scores are the words' weights: typed 1, equivalent and narrower 1 (what
 * the typed word weighs), broader and related 0.5, a sibling under the
 * same broader word not found.  The typed words keep their own reading: words, not a phrase,
 * relaxed when too few records hold them all.  An exclusion takes only what
 * means the same. */
#include "indexer/indexer.h"
#include "query/build.h"
#include "searcher/searcher.h"
#include "stemming/analyzer.h"
#include "corpus/record.h"

#include "tests/check_index.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const thesaurus =
    "# a comment\n"
    "зависимость > наркомания, алкоголизм\n"
    "пожилые = пенсионеры\n"
    "канистерапия ~ иппотерапия\n"
    "финансовая грамотность = финансовое просвещение\n"
    "сироты = дети-сироты > воспитанники детских домов\n"
    "плохая = строка ~ смешанная\n"
    "два > три > четыре\n"
    "одно\n"
    "и = в\n";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* ---- the loader --------------------------------------------------------- */

static void setup_files(void)
{
    tmpdir_make("thesaurus");
    write_file(tmpdir_path("synonyms.txt"), "НКО = некоммерческая организация\n");
    write_file(tmpdir_path("thesaurus.txt"), thesaurus);
}

static void teardown(void)
{
    tmpdir_remove();
}

/* Group g's alternative a is the terms want (space-separated). */
static void check_alt(const gs_synonyms_t *s, size_t g, size_t a, const char *want)
{
    char got[256] = "";
    ck_assert_uint_lt(a, s->groups[g].n);
    const syn_alt_t *alt = &s->groups[g].alts[a];
    for (size_t i = 0; i < alt->n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "",
                 alt->terms[i]);
    ck_assert_msg(!strcmp(got, want), "group %zu alt %zu: \"%s\", want \"%s\"", g, a, got, want);
}

START_TEST(the_thesaurus_beside_the_synonyms_file_is_read)
{
    gs_analyzer_t *an = gs_analyzer_new(0);
    /* The bad lines' reports go to stderr: keep them to read. */
    ck_assert_ptr_nonnull(freopen(tmpdir_path("stderr.txt"), "w", stderr));
    int err = -1;
    gs_synonyms_t *s = gs_synonyms_load_file(an, tmpdir_path("synonyms.txt"), &err);
    fflush(stderr);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(err, 0);
    /* НКО, then the five good lines of the thesaurus. */
    ck_assert_uint_eq(s->n, 6);
    ck_assert_int_eq(s->groups[0].kind, SYN_EQUAL);
    ck_assert_int_eq(s->groups[1].kind, SYN_BROADER);
    ck_assert_uint_eq(s->groups[1].nbroad, 1);
    ck_assert_uint_eq(s->groups[1].n, 3);
    check_alt(s, 1, 0, "зависим");
    check_alt(s, 1, 1, "наркоман");
    check_alt(s, 1, 2, "алкоголизм");
    ck_assert_int_eq(s->groups[2].kind, SYN_EQUAL);
    check_alt(s, 2, 0, "пожил");
    ck_assert_int_eq(s->groups[3].kind, SYN_RELATED);
    check_alt(s, 4, 1, "финансов просвещен");
    /* Equal broader words, then the narrower phrase (its stop words kept
     * in its span only). */
    ck_assert_uint_eq(s->groups[5].nbroad, 2);
    check_alt(s, 5, 1, "дет-сирот");
    check_alt(s, 5, 2, "воспитанник детск дом");
    /* Each bad line named by file and line. */
    FILE *f = fopen(tmpdir_path("stderr.txt"), "r");
    ck_assert_ptr_nonnull(f);
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    buf[len] = 0;
    fclose(f);
    for (int line = 7; line <= 10; line++) {
        char where[600];
        snprintf(where, sizeof where, "%s:%d: skipped", tmpdir_path("thesaurus.txt"), line);
        ck_assert_msg(strstr(buf, where) != NULL, "no report of %s in: %s", where, buf);
    }
    ck_assert_ptr_null(strstr(buf, "thesaurus.txt:6:"));
    gs_synonyms_free(s);
    gs_analyzer_free(an);
}
END_TEST

START_TEST(a_synonyms_file_without_a_thesaurus_is_no_error)
{
    gs_analyzer_t *an = gs_analyzer_new(0);
    ck_assert_int_eq(mkdir(tmpdir_path("alone"), 0700), 0);
    write_file(tmpdir_path("alone/syn.txt"), "НКО = некоммерческая организация\n");
    int err = -1;
    gs_synonyms_t *s = gs_synonyms_load_file(an, tmpdir_path("alone/syn.txt"), &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(err, 0);
    ck_assert_uint_eq(s->n, 1);
    gs_synonyms_free(s);
    gs_analyzer_free(an);
}
END_TEST


/* What `similar` searches a draft's term with (rel16e): the one-word
 * alternatives meaning the same, each once: an equivalent both ways, the
 * narrower words of a broader term, not the broader word of a narrower one,
 * nor a related word, nor a phrase. */
START_TEST(a_terms_equivalents_are_its_one_word_same_meanings)
{
    gs_analyzer_t *an = gs_analyzer_new(0);
    ck_assert_ptr_nonnull(freopen(tmpdir_path("stderr.txt"), "w", stderr));
    int err = -1;
    gs_synonyms_t *s = gs_synonyms_load_file(an, tmpdir_path("synonyms.txt"), &err);
    ck_assert_ptr_nonnull(s);
    const char *out[8];
    ck_assert_uint_eq(gs_synonyms_equivalents(s, "пожил", out, 8), 1);
    ck_assert_str_eq(out[0], "пенсионер");
    ck_assert_uint_eq(gs_synonyms_equivalents(s, "пенсионер", out, 8), 1);
    ck_assert_str_eq(out[0], "пожил");
    ck_assert_uint_eq(gs_synonyms_equivalents(s, "зависим", out, 8), 2);
    ck_assert_str_eq(out[0], "наркоман");
    ck_assert_str_eq(out[1], "алкоголизм");
    ck_assert_uint_eq(gs_synonyms_equivalents(s, "наркоман", out, 8), 0);
    ck_assert_uint_eq(gs_synonyms_equivalents(s, "канистерап", out, 8), 0);
    /* сироты = дети-сироты: the hyphenated word is one term; the narrower
     * phrase is not a term. */
    ck_assert_uint_eq(gs_synonyms_equivalents(s, "сирот", out, 8), 1);
    ck_assert_str_eq(out[0], "дет-сирот");
    ck_assert_uint_eq(gs_synonyms_equivalents(s, "зависим", out, 1), 1);
    ck_assert_uint_eq(gs_synonyms_equivalents(NULL, "пожил", out, 8), 0);
    gs_synonyms_free(s);
    gs_analyzer_free(an);
}
END_TEST

/* ---- the weights, on a real index ---------------------------------------- */

/* Each record: the same shape, one word of a line in it.  The first two
 * words of T-FIN are the line's typed words apart, T-GRA has one of them. */
static const char *const recs[][2] = {
    {"T-DEP", "зависимость"},   {"T-NAR", "наркомания"}, {"T-ALC", "алкоголизм"},
    {"T-OLD", "пожилые"},       {"T-PEN", "пенсионеры"}, {"T-CAN", "канистерапия"},
    {"T-HIP", "иппотерапия"},
};
enum { NR = sizeof recs / sizeof recs[0] };

static gs_searcher_t *S;

static void setup_index(void)
{
    setup_files();
    FILE *f = fopen(tmpdir_path("t.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < NR; i++)
        fprintf(f, "{\"id\":\"%s\",\"number\":\"%s\",\"title\":\"Клуб района\","
                   "\"description\":\"Занятия: %s, встречи района.\"}\n",
                recs[i][0], recs[i][0], recs[i][1]);
    fputs("{\"id\":\"T-FIN\",\"number\":\"T-FIN\",\"title\":\"Клуб района\","
          "\"description\":\"Грамотность в финансовой сфере.\"}\n"
          "{\"id\":\"T-GRA\",\"number\":\"T-GRA\",\"title\":\"Клуб района\","
          "\"description\":\"Грамотность взрослых.\"}\n",
          f);
    fclose(f);
    index_jsonl(tmpdir_path("t.jsonl"), tmpdir_path("db"), 0);
    gs_status_t st;
    char *err = NULL;
    S = gs_searcher_open(tmpdir_path("db"), &st, &err);
    ck_assert_ptr_nonnull(S);
    ck_assert_int_eq(gs_searcher_set_synonyms(S, tmpdir_path("synonyms.txt"), &err), 0);
}

static void teardown_index(void)
{
    gs_searcher_close(S);
    teardown();
}

typedef struct {
    char number[16];
    double score;
    int relaxed;
} found_t;

/* The hits of query, in rank order: how many (at most cap). */
static size_t search(const char *query, found_t *out, size_t cap)
{
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(S, query, &qe);
    ck_assert_ptr_nonnull(q);
    gs_search_opts_t so;
    gs_search_opts_init(&so);
    so.n = 20;
    gs_results_t *r = NULL;
    char *err = NULL;
    ck_assert_int_eq(gs_search(S, q, &so, &r, &err), GS_OK);
    size_t n = gs_results_size(r) < cap ? gs_results_size(r) : cap;
    for (size_t i = 0; i < n; i++) {
        const gs_hit_t *h = gs_results_hit(r, (uint32_t)i);
        snprintf(out[i].number, sizeof out[i].number, "%s", h->rec->str[GS_NUMBER]);
        out[i].score = h->score;
        out[i].relaxed = h->relaxed;
    }
    gs_results_free(r);
    gs_query_free(q);
    return n;
}

/* The score of number among f[0..n), or -1 when it was not found. */
static double score_of(const found_t *f, size_t n, const char *number)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(f[i].number, number))
            return f[i].score;
    return -1;
}

static void check_ratio(const char *query, const found_t *f, size_t n, const char *typed,
                        const char *other, double want)
{
    double a = score_of(f, n, typed), b = score_of(f, n, other);
    ck_assert_msg(a > 0 && b > 0, "%s: %s %g, %s %g", query, typed, a, other, b);
    ck_assert_msg(fabs(b / a - want) < 1e-6, "%s: %s scores %g of %s, want %g", query, other,
                  b / a, typed, want);
}

START_TEST(each_relation_weighs_what_the_file_says)
{
    found_t f[NR + 2];
    size_t n = search("зависимость", f, NR + 2);
    /* Broader typed: the narrower words weigh what the typed one does. */
    ck_assert_uint_eq(n, 3);
    check_ratio("зависимость", f, n, "T-DEP", "T-NAR", 1.0);
    check_ratio("зависимость", f, n, "T-DEP", "T-ALC", 1.0);
    /* A narrower word typed: the broader one at 0.5, no sibling. */
    n = search("наркомании", f, NR + 2);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(f[0].number, "T-NAR");
    check_ratio("наркомании", f, n, "T-NAR", "T-DEP", 0.5);
    ck_assert(score_of(f, n, "T-ALC") < 0);
    /* Equivalents: 1.0 either way. */
    n = search("пенсионеров", f, NR + 2);
    ck_assert_uint_eq(n, 2);
    check_ratio("пенсионеров", f, n, "T-PEN", "T-OLD", 1.0);
    n = search("пожилых", f, NR + 2);
    check_ratio("пожилых", f, n, "T-OLD", "T-PEN", 1.0);
    /* Related: 0.5. */
    n = search("иппотерапия", f, NR + 2);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(f[0].number, "T-HIP");
    check_ratio("иппотерапия", f, n, "T-HIP", "T-CAN", 0.5);
}
END_TEST

START_TEST(the_typed_words_are_words_not_a_phrase)
{
    found_t f[NR + 2];
    /* The line's alternative matched the typed words; they are still two
     * words: «грамотность в финансовой сфере» holds both, apart. */
    size_t n = search("финансовая грамотность", f, NR + 2);
    ck_assert_uint_ge(n, 1);
    ck_assert_str_eq(f[0].number, "T-FIN");
    ck_assert_int_eq(f[0].relaxed, 0);
    /* And the query relaxes as without the line: a record with one of
     * them comes after, marked relaxed. */
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(f[1].number, "T-GRA");
    ck_assert_int_eq(f[1].relaxed, 1);
}
END_TEST

/* The numbers found, sorted, space-separated, into buf. */
static const char *numbers(const char *query, char *buf, size_t cap)
{
    found_t f[NR + 2];
    size_t n = search(query, f, NR + 2);
    char *v[NR + 2];
    for (size_t i = 0; i < n; i++)
        v[i] = f[i].number;
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful */
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    buf[0] = 0;
    for (size_t i = 0; i < n; i++)
        snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", i ? " " : "", v[i]);
    return buf;
}

START_TEST(an_exclusion_takes_only_what_means_the_same)
{
    char buf[256];
    /* «-пенсионеры» excludes their equivalent «пожилые» too. */
    ck_assert_str_eq(numbers("клуб -пенсионеры", buf, sizeof buf),
                     "T-ALC T-CAN T-DEP T-FIN T-GRA T-HIP T-NAR");
    /* «-наркомания» excludes it, not its broader «зависимость» nor its
     * sibling; «-иппотерапия» not its related «канистерапия». */
    ck_assert_str_eq(numbers("клуб -наркомания", buf, sizeof buf),
                     "T-ALC T-CAN T-DEP T-FIN T-GRA T-HIP T-OLD T-PEN");
    ck_assert_str_eq(numbers("клуб -иппотерапия", buf, sizeof buf),
                     "T-ALC T-CAN T-DEP T-FIN T-GRA T-NAR T-OLD T-PEN");
    /* «-зависимость» excludes itself only, not its narrower words. */
    ck_assert_str_eq(numbers("клуб -зависимость", buf, sizeof buf),
                     "T-ALC T-CAN T-FIN T-GRA T-HIP T-NAR T-OLD T-PEN");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("thesaurus");
    TCase *tc = tcase_create("loader");
    tcase_add_checked_fixture(tc, setup_files, teardown);
    tcase_add_test(tc, the_thesaurus_beside_the_synonyms_file_is_read);
    tcase_add_test(tc, a_synonyms_file_without_a_thesaurus_is_no_error);
    tcase_add_test(tc, a_terms_equivalents_are_its_one_word_same_meanings);
    suite_add_tcase(s, tc);
    tc = tcase_create("weights");
    tcase_add_checked_fixture(tc, setup_index, teardown_index);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, each_relation_weighs_what_the_file_says);
    tcase_add_test(tc, the_typed_words_are_words_not_a_phrase);
    tcase_add_test(tc, an_exclusion_takes_only_what_means_the_same);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
