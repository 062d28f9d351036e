/* test_facets.c - issue 15: facet counts over every match, counted apart
 * from ranking (searcher/facets.h), equal a brute-force count over the
 * stored records: on a query that needs the recheck (a phrase whose words
 * also stand apart, and in the wrong order, in other records) only the
 * records that truly hold it are counted; the same with the slots read as
 * codes (a search matching most of the index builds them), through the
 * client-side recheck, and after the index changed under the searcher
 * (codes of the old revision must not be used).
 *
 * An abbreviation and a hyphenated word (an OR of a plain term and a
 * rechecked alternative: the expansion's phrase, the parts' phrase) are
 * counted the same way, with a record whose word sketch shows the plain
 * term by a hash collision it does not hold (the count must not take it).
 *
 * The reference reads every record back with gs_searcher_get and decides
 * from its own text whether it matches; the facets' values are its fields. */
#include "tests/check_index.h"
#include "tests/check_sketch.h"
#include "searcher/searcher.h"
#include "stemming/analyzer.h"

#include <stdio.h>
#include <string.h>

/* The generated collection: record i's fields and text follow from i. */
static const char *const regions[] = {"Пермский край", "Республика Татарстан",
                                      "Красноярский край", "ПЕРМСКИЙ КРАЙ", "г. Москва"};
static const char *const directions[] = {"Социальное обслуживание",
                                         "Охрана здоровья граждан",
                                         "Поддержка молодёжных проектов"};
static const char *const contests[] = {"Первый конкурс 2021", "Второй конкурс 2022"};

/* Which records hold the phrase «развитие местных сообществ»; a decoy holds
 * both its word pairs, apart (a candidate the recheck must drop). */
static int holds_phrase(unsigned i) { return i % 3 == 0; }
static int holds_reversed(unsigned i) { return i % 3 == 1 && i % 2 == 0; }

static void write_records(const char *path, unsigned from, unsigned to)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (unsigned i = from; i < to; i++) {
        const char *text = holds_phrase(i)     ? "развитие местных сообществ в поселке"
                           : holds_reversed(i) ? "развитие местных инициатив и местных сообществ"
                                               : "развитие сообществ и местных инициатив";
        fprintf(f,
                "{\"id\":\"21-1-%06u\",\"number\":\"21-1-%06u\",\"title\":\"Проект номер %u\","
                "\"status\":\"%s\",\"year\":%u,\"region\":\"%s\",\"direction\":\"%s\","
                "\"contest\":\"%s\",\"description\":\"%s\"%s}\n",
                i, i, i, i % 4 ? "rejected" : "winner", 2017 + i % 6,
                i >= 240 ? "Новая область" : regions[i % 5], directions[i % 3], contests[i % 2], text,
                /* a record without a region: no value, counted nowhere */
                i % 17 == 5 ? ",\"region\":\"\"" : "");
    }
    fclose(f);
}

/* Counts of value -> n for one facet (small: a linear table). */
typedef struct {
    char v[8][128];
    unsigned n[8];
    size_t k;
} tally_t;

static void tally_add(tally_t *t, const char *v)
{
    if (!v || !*v)
        return;
    for (size_t i = 0; i < t->k; i++)
        if (!strcmp(t->v[i], v)) {
            t->n[i]++;
            return;
        }
    ck_assert_uint_lt(t->k, 8);
    snprintf(t->v[t->k], sizeof t->v[0], "%s", v);
    t->n[t->k++] = 1;
}

static const char *const facet_names[] = {"status", "year", "direction", "region", "contest"};

/* The brute force: records [0, nrec) read back, those `matches` keeps
 * tallied by their fields; returns how many matched. */
static unsigned brute(gs_searcher_t *s, unsigned nrec, int (*matches)(const gs_record_t *),
                      tally_t t[5])
{
    unsigned hits = 0;
    memset(t, 0, 5 * sizeof *t);
    for (unsigned i = 0; i < nrec; i++) {
        char num[32], year[16];
        gs_record_t *r = NULL;
        snprintf(num, sizeof num, "21-1-%06u", i);
        ck_assert_int_eq(gs_searcher_get(s, num, &r, NULL, NULL), GS_OK);
        if (matches(r)) {
            hits++;
            snprintf(year, sizeof year, "%d", r->year);
            tally_add(&t[0], gs_outcome_name(r->status));
            tally_add(&t[1], r->year ? year : NULL);
            tally_add(&t[2], r->str[GS_DIRECTION]);
            tally_add(&t[3], r->str[GS_REGION]);
            tally_add(&t[4], r->str[GS_CONTEST]);
        }
        gs_record_free(r);
    }
    return hits;
}

static int has_phrase(const gs_record_t *r)
{
    return r->str[GS_DESCRIPTION] && strstr(r->str[GS_DESCRIPTION], "развитие местных сообществ");
}
static int has_word(const gs_record_t *r)
{
    return r->str[GS_DESCRIPTION] && strstr(r->str[GS_DESCRIPTION], "сообществ");
}

/* Search q with every facet and compare total and facets with the brute
 * force of pred over records [0, nrec). */
static void check_query(gs_searcher_t *s, const char *q, unsigned nrec,
                        int (*pred)(const gs_record_t *))
{
    tally_t want[5];
    unsigned n = brute(s, nrec, pred, want);
    ck_assert_uint_gt(n, 0);
    gs_query_error_t qe;
    gs_query_t *pq = gs_query_parse(s, q, &qe);
    ck_assert_ptr_nonnull(pq);
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    o.n = 5;
    o.relax = 0;
    o.facets = GS_FACET_STATUS | GS_FACET_YEAR | GS_FACET_DIRECTION | GS_FACET_REGION |
               GS_FACET_CONTEST;
    gs_results_t *r = NULL;
    char *err = NULL;
    ck_assert_int_eq(gs_search(s, pq, &o, &r, &err), GS_OK);
    ck_assert_msg(gs_results_estimate(r) == n, "%s: total %u, brute force %u", q,
                  gs_results_estimate(r), n);
    ck_assert_uint_eq(gs_results_nfacets(r), 5);
    for (size_t k = 0; k < 5; k++) {
        const gs_facet_t *f = gs_results_facet(r, k);
        ck_assert_str_eq(f->name, facet_names[k]);
        ck_assert_msg(f->n == want[k].k, "%s: facet %s has %zu values, brute force %zu", q,
                      f->name, f->n, want[k].k);
        for (size_t i = 0; i < want[k].k; i++) {
            size_t j = 0;
            while (j < f->n && strcmp(f->values[j].value, want[k].v[i]))
                j++;
            ck_assert_msg(j < f->n, "%s: facet %s lacks '%s'", q, f->name, want[k].v[i]);
            ck_assert_msg(f->values[j].count == want[k].n[i], "%s: %s '%s' counted %u, brute force %u",
                          q, f->name, want[k].v[i], f->values[j].count, want[k].n[i]);
        }
        for (size_t j = 1; j < f->n; j++)  /* by count, descending */
            ck_assert_uint_ge(f->values[j - 1].count, f->values[j].count);
    }
    gs_results_free(r);
    gs_query_free(pq);
}

static int everything(const gs_record_t *r)
{
    (void)r;
    return 1;
}

START_TEST(counts_equal_brute_force)
{
    tmpdir_make("facets");
    const char *jsonl = tmpdir_path("a.jsonl"), *db = tmpdir_path("db");
    write_records(jsonl, 0, 240);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), 240);
    gs_status_t st;
    gs_searcher_t *s = gs_searcher_open(db, &st, NULL);
    ck_assert_ptr_nonnull(s);
    /* Narrow first: Xapian's value spies (no codes read yet). */
    check_query(s, "\"развитие местных сообществ\"", 240, has_phrase);
    /* All match: the slots are read as codes; then the same phrase by them. */
    check_query(s, "проект", 240, everything);
    check_query(s, "\"развитие местных сообществ\"", 240, has_phrase);
    check_query(s, "сообществ", 240, has_word);
    /* The recheck on the client (as over remote shards). */
    gs_searcher_set_client_recheck(s, 1);
    check_query(s, "\"развитие местных сообществ\"", 240, has_phrase);
    gs_searcher_set_client_recheck(s, 0);
    /* The index grows under the open searcher: after the reopen the codes
     * of the old revision must not count (new docids, a new region). */
    write_records(jsonl, 240, 300);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), 60);
    ck_assert_int_eq(gs_searcher_reopen(s), 0);
    check_query(s, "проект", 300, everything);
    check_query(s, "\"развитие местных сообществ\"", 300, has_phrase);
    gs_searcher_close(s);
    tmpdir_remove();
}
END_TEST

/* ---- an OR of a plain term and a rechecked alternative ----------------- */

/* Record i: the abbreviation, its expansion, or the expansion's words apart
 * (a candidate that is no match); and a hyphenated word whole, its parts
 * side by side, or apart.  Record COLLIDER also holds a number whose sketch
 * hash equals that of the abbreviation's term under its record's seed. */
enum { NOR = 150, COLLIDER = 5 };

static const char *const abbr_text[] = {"Поддержка НКО района",
                                        "Поддержка некоммерческих организаций района",
                                        "Некоммерческая поддержка, организация досуга района"};
static const char *const hyph_text[] = {"помощь семьям детей-инвалидов", "помощь семьям детей инвалидов",
                                        "помощь детей семьям инвалидов"};

static void write_or_records(const char *path, unsigned long collider)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (unsigned i = 0; i < NOR; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s. %s", abbr_text[i % 3], hyph_text[i % 3 == 2 ? 0 : (i / 3) % 3]);
        if (i == COLLIDER)  /* long, so that it ranks below the page */
            snprintf(text, sizeof text, "%s, код %lu. %s. Описание поселка, площадки, улицы, "
                     "дворы, скверы, парки, аллеи и набережные.", abbr_text[2], collider, hyph_text[2]);
        fprintf(f,
                "{\"id\":\"21-1-%06u\",\"number\":\"21-1-%06u\",\"title\":\"Заявка %u\","
                "\"status\":\"%s\",\"year\":%u,\"region\":\"%s\",\"direction\":\"%s\","
                "\"contest\":\"%s\",\"description\":\"%s\"}\n",
                i, i, i, i % 4 ? "rejected" : "winner", 2017 + i % 6, regions[i % 5],
                directions[i % 3], contests[i % 2], text);
    }
    fclose(f);
}

static int has_abbr(const gs_record_t *r)
{
    const char *d = r->str[GS_DESCRIPTION];
    return d && (strstr(d, "НКО") || strstr(d, "некоммерческих организаций"));
}
static int has_hyphenated(const gs_record_t *r)
{
    const char *d = r->str[GS_DESCRIPTION];
    return d && (strstr(d, "детей-инвалидов") || strstr(d, "детей инвалидов"));
}

/* Over NOR records (more than the page check reads: the counting pass
 * alone decides): the plain term holds in some, only the rechecked
 * alternative in others, neither in the rest (their words apart). */
START_TEST(or_of_plain_term_and_recheck_counts_equal_brute_force)
{
    tmpdir_make("facets_or");
    gs_analyzer_t *an = gs_analyzer_new(0);
    char term[64];
    ck_assert_uint_gt(gs_analyze_word(an, "НКО", strlen("НКО"), term, sizeof term), 0);
    gs_analyzer_free(an);
    const char *jsonl = tmpdir_path("or.jsonl"), *db = tmpdir_path("db"),
               *syn = tmpdir_path("synonyms.txt");
    write_or_records(jsonl, check_colliding_number_of(COLLIDER, term));
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), NOR);
    FILE *f = fopen(syn, "w");
    ck_assert_ptr_nonnull(f);
    fputs("НКО = некоммерческая организация\n", f);
    fclose(f);
    gs_status_t st;
    gs_searcher_t *s = gs_searcher_open(db, &st, NULL);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(gs_searcher_set_synonyms(s, syn, NULL), 0);
    check_query(s, "НКО", NOR, has_abbr);
    check_query(s, "детей-инвалидов", NOR, has_hyphenated);
    /* All match: the same through the codes. */
    check_query(s, "заявка", NOR, everything);
    check_query(s, "НКО", NOR, has_abbr);
    check_query(s, "детей-инвалидов", NOR, has_hyphenated);
    gs_searcher_close(s);
    tmpdir_remove();
}
END_TEST

/* A word every record holds, on an index with a docid gap (a record
 * deleted) and more than one chunk of document lengths: Xapian 1.4.22
 * failed the counting pass («the index is corrupt») when it ran the query
 * scaled by 0 (xapc_enquire_set_no_weights). */
START_TEST(counts_after_a_delete)
{
    enum { NDEL = 1200 };
    tmpdir_make("facets");
    const char *jsonl = tmpdir_path("a.jsonl"), *db = tmpdir_path("db");
    write_records(jsonl, 0, NDEL);
    ck_assert_uint_eq(index_jsonl(jsonl, db, 1), NDEL);
    char num[32];
    snprintf(num, sizeof num, "21-1-%06u", NDEL - 1);
    const char *ids[1] = {num};
    char *err = NULL;
    ck_assert_msg(gs_index_delete(db, ids, 1, NULL, &err) == 0, "delete: %s", err ? err : "?");
    gs_status_t st;
    gs_searcher_t *s = gs_searcher_open(db, &st, NULL);
    ck_assert_ptr_nonnull(s);
    check_query(s, "проект", NDEL - 1, everything);
    check_query(s, "сообществ", NDEL - 1, has_word);
    gs_searcher_close(s);
    tmpdir_remove();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("facets");
    TCase *tc = tcase_create("facets");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, counts_equal_brute_force);
    tcase_add_test(tc, or_of_plain_term_and_recheck_counts_equal_brute_force);
    tcase_add_test(tc, counts_after_a_delete);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
