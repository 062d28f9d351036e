/* test_indexer.c - the indexer on real Xapian databases in a mkdtemp dir:
 * the document layout of schema.h, replace, delete, idempotent re-index,
 * field-length totals, the second writer's message, compaction keeping
 * every record and the result order. */
#include "indexer/indexer.h"
#include "schema/schema.h"
#include "schema/sketch.h"
#include "searcher/searcher.h"
#include "stemming/analyzer.h"

#include "tests/check_index.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void setup(void)
{
    tmpdir_make("test-indexer");
}

static void teardown(void)
{
    tmpdir_remove();
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static int has_term(xapc_doc_t *doc, const char *want)
{
    xapc_termiter_t *it = NULL;
    ck_assert_int_eq(xapc_doc_termlist(doc, &it), XAPC_OK);
    const char *t;
    size_t len;
    int found = 0;
    while (xapc_termiter_next(it, &t, &len, NULL, NULL) == 1)
        if (len == strlen(want) && !memcmp(t, want, len))
            found = 1;
    xapc_termiter_destroy(it);
    return found;
}

static char *stem(gs_analyzer_t *an, const char *word)
{
    static char buf[4][128];
    static int k;
    k = (k + 1) % 4;
    ck_assert_uint_gt(gs_analyze_word(an, word, strlen(word), buf[k], sizeof buf[k]), 0);
    return buf[k];
}

static char *cat(const char *a, const char *b)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s%s", a, b);
    return buf[k];
}

START_TEST(test_document_layout)
{
    gs_analyzer_t *an = gs_analyzer_new(0);
    ck_assert_ptr_nonnull(an);
    gs_record_t *r = gs_record_new();
    ck_assert_ptr_nonnull(r);
    gs_record_set(r, GS_ID, "T-1", 3);
    gs_record_set(r, GS_NUMBER, "T-1", 3);
    const char *title = "Поддержка семей с детьми";
    gs_record_set(r, GS_TITLE, title, strlen(title));
    gs_record_set(r, GS_GOAL, "Развитие туризма", strlen("Развитие туризма"));
    gs_record_set(r, GS_DESCRIPTION, "Походы по горам", strlen("Походы по горам"));
    gs_record_set(r, GS_REGION, "Москва", strlen("Москва"));
    gs_record_set(r, GS_DIRECTION, "Ёлочные Игрушки", strlen("Ёлочные Игрушки"));
    gs_record_set(r, GS_INN, "77 01", 5);
    r->year = 2021;
    r->date = 20210708;
    r->amount = 100.5;
    r->status = GS_OUTCOME_WINNER;
    r->file = strdup("secret/path.jsonl");
    r->line = 3;

    gs_built_doc_t b;
    const char *why = NULL;
    ck_assert_int_eq(gs_build_document(an, r, 1, NULL, &b, &why), 0);
    ck_assert_str_eq(b.idterm, "QT-1");
    xapc_doc_t *d = b.doc;
    ck_assert(has_term(d, "QT-1"));
    ck_assert(has_term(d, "XSTwinner"));
    ck_assert(has_term(d, "XY2021"));
    ck_assert(has_term(d, "XREGмосква"));
    ck_assert(has_term(d, "XDIRелочные игрушки"));
    ck_assert(has_term(d, "XINN7701"));
    const char *s = stem(an, "семей");
    ck_assert(has_term(d, s));                         /* body */
    ck_assert(has_term(d, cat(GS_PREFIX_TITLE, s)));   /* title field */
    ck_assert(!has_term(d, cat(GS_PREFIX_GOAL, s)));   /* not the goal */
    ck_assert(has_term(d, cat(GS_PREFIX_GOAL, stem(an, "туризма"))));
    ck_assert(!has_term(d, "Rсемей"));                 /* schema 2: no exact forms */
    ck_assert(!has_term(d, "с"));                      /* stop words: not indexed */
    ck_assert(!has_term(d, cat(GS_PREFIX_TITLE, "с")));
    /* A long field: its words in the body only (schema.h). */
    const char *gora = stem(an, "горам");
    ck_assert(has_term(d, gora));
    ck_assert(!has_term(d, cat("XD", gora)));
    ck_assert_uint_eq(b.fieldlen[0], 3);               /* title words without the stop word */
    ck_assert_uint_eq(b.fieldlen[1], 2);
    ck_assert_uint_eq(b.fieldlen[3], 2);

    /* The word sketch: per field a count, then a hash per position, stop
     * words included (schema.h). */
    const char *sk;
    size_t sklen;
    ck_assert_int_eq(xapc_doc_get_value(d, GS_SLOT_SKETCH, &sk, &sklen), XAPC_OK);
    static const char *const words[] = {"Поддержка", "семей", "с", "детьми"};
    unsigned seed = (unsigned char)sk[0] | (unsigned char)sk[1] << 8;
    ck_assert_uint_eq(seed, gs_sketch_seed("T-1", 3));        /* from the record id */
    sk += 2;
    sklen -= 2;
    ck_assert_uint_ge(sklen, 1 + 8 + 1 + 4 + 1 + 1 + 6 + 3);
    ck_assert_uint_eq((unsigned char)sk[0], 4);               /* title: 4 positions */
    for (int i = 0; i < 4; i++) {
        char tb[128];
        size_t tl = gs_analyze_word(an, words[i], strlen(words[i]), tb, sizeof tb);
        ck_assert_uint_gt(tl, 0);
        unsigned h = (unsigned char)sk[1 + 2 * i] | (unsigned char)sk[2 + 2 * i] << 8;
        ck_assert_uint_eq(h, gs_sketch_hash(seed, tb, tl));
    }
    ck_assert_uint_eq((unsigned char)sk[9], 2);               /* goal */
    ck_assert_uint_eq((unsigned char)sk[14], 0);              /* no tasks */
    ck_assert_uint_eq((unsigned char)sk[15], 3);              /* description */
    ck_assert_uint_eq(sklen, 22 + 4);                          /* 4 empty fields left */

    const char *v;
    size_t len;
    ck_assert_int_eq(xapc_doc_get_value(d, GS_SLOT_AMOUNT, &v, &len), XAPC_OK);
    ck_assert(fabs(xapc_sortable_unserialise(v, len) - 100.5) < 1e-9);
    ck_assert_int_eq(xapc_doc_get_value(d, GS_SLOT_DATE, &v, &len), XAPC_OK);
    ck_assert(fabs(xapc_sortable_unserialise(v, len) - 20210708) < 1e-9);
    ck_assert_int_eq(xapc_doc_get_value(d, GS_SLOT_STATUS, &v, &len), XAPC_OK);
    ck_assert_int_eq(len, 6);
    ck_assert(!memcmp(v, "winner", 6));
    ck_assert_int_eq(xapc_doc_get_value(d, GS_SLOT_REGION, &v, &len), XAPC_OK);
    ck_assert(len == strlen("Москва") && !memcmp(v, "Москва", len));
    ck_assert_int_eq(xapc_doc_get_value(d, GS_SLOT_RATING, &v, &len), XAPC_OK);
    ck_assert_uint_eq(len, 0);                         /* unknown: no value */

    ck_assert_int_eq(xapc_doc_get_data(d, &v, &len), XAPC_OK);
    char *data = strndup(v, len);
    ck_assert_ptr_nonnull(strstr(data, "Поддержка семей"));
    ck_assert_ptr_null(strstr(data, "secret/path"));  /* source not stored */
    free(data);
    ck_assert_ptr_nonnull(b.spell);                   /* title/goal words */
    ck_assert_ptr_null(memmem(b.spell, b.spell_len, "москва", strlen("москва")));
    gs_built_doc_clear(&b);

    /* A record without any id is refused with a reason. */
    gs_record_t *empty = gs_record_new();
    gs_record_set(empty, GS_TITLE, "x", 1);
    ck_assert_int_eq(gs_build_document(an, empty, 0, NULL, &b, &why), -1);
    ck_assert_ptr_nonnull(strstr(why, "id"));
    gs_record_free(empty);
    gs_record_free(r);
    gs_analyzer_free(an);
}
END_TEST

static const char three[] =
    "{\"id\":\"A-1\",\"number\":\"A-1\",\"title\":\"Школа юных экологов\",\"goal\":\"Научить детей беречь природу\",\"year\":2020}\n"
    "{\"id\":\"A-2\",\"number\":\"A-2\",\"title\":\"Театр для всех\",\"goal\":\"Инклюзивный театр в городе\",\"year\":2021}\n"
    "{\"id\":\"A-3\",\"number\":\"A-3\",\"title\":\"Помощь пожилым\",\"tasks\":\"Доставка продуктов пожилым людям на дом\",\"year\":2021}\n";

static uint32_t count(const char *db)
{
    xapc_db_t *d = NULL;
    ck_assert_int_eq(xapc_db_open(db, &d, NULL), XAPC_OK);
    uint32_t n = xapc_db_doccount(d);
    xapc_db_destroy(d);
    return n;
}

/* Everything a reader can see of the index, as one string: terms with
 * frequencies, metadata totals, document data by id. */
static char *snapshot(const char *db)
{
    xapc_db_t *d = NULL;
    ck_assert_int_eq(xapc_db_open(db, &d, NULL), XAPC_OK);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    fprintf(f, "docs %u\n", xapc_db_doccount(d));
    xapc_termiter_t *it = NULL;
    ck_assert_int_eq(xapc_db_allterms(d, "", 0, &it), XAPC_OK);
    const char *t;
    size_t len;
    uint32_t tf;
    while (xapc_termiter_next(it, &t, &len, NULL, &tf) == 1)
        fprintf(f, "%.*s %u %llu\n", (int)len, t, tf,
                (unsigned long long)xapc_db_collection_freq(d, t, len));
    xapc_termiter_destroy(it);
    for (int i = 0; i < GS_INDEX_NFIELDS; i++) {
        char key[64];
        snprintf(key, sizeof key, "%s%s", GS_META_FIELD_LEN, gs_field_name(gs_schema_fields[i].record));
        const char *v;
        ck_assert_int_eq(xapc_db_get_metadata(d, key, &v, &len), XAPC_OK);
        fprintf(f, "%s=%.*s\n", key, (int)len, v);
    }
    xapc_db_destroy(d);
    fclose(f);
    return buf;
}

/* The pair term (schema.h, XP) of adjacent terms a and b. */
static int has_pair(xapc_doc_t *d, const char *a, const char *b)
{
    char t[32];
    ck_assert_uint_gt(gs_schema_pair_term(t, sizeof t, a, strlen(a), b, strlen(b)), 0);
    return has_term(d, t);
}

/* Issue 15: pair terms take stop words in, so a hyphenated word with a
 * stop part (по-новому) and a phrase with a stop word ("устойчивости и
 * развития") are pair lookups, not a scan of every record holding the
 * other word; pairs stay inside a field. */
START_TEST(test_pairs_with_stop_words)
{
    gs_analyzer_t *an = gs_analyzer_new(0);
    ck_assert_ptr_nonnull(an);
    gs_record_t *r = gs_record_new();
    ck_assert_ptr_nonnull(r);
    gs_record_set(r, GS_ID, "T-2", 3);
    const char *title = "Работаем по-новому", *goal = "Устойчивости и развития";
    gs_record_set(r, GS_TITLE, title, strlen(title));
    gs_record_set(r, GS_GOAL, goal, strlen(goal));
    gs_built_doc_t b;
    const char *why = NULL;
    ck_assert_int_eq(gs_build_document(an, r, 0, NULL, &b, &why), 0);
    xapc_doc_t *d = b.doc;
    ck_assert(has_pair(d, stem(an, "работаем"), "по"));
    ck_assert(has_pair(d, "по", stem(an, "новому")));        /* the parts of по-новому */
    ck_assert(has_pair(d, stem(an, "устойчивости"), "и"));
    ck_assert(has_pair(d, "и", stem(an, "развития")));
    ck_assert(!has_term(d, cat(GS_PREFIX_FORM, "и")));       /* a stop word has no form term */
    gs_built_doc_clear(&b);
    gs_record_free(r);
    gs_analyzer_free(an);
}
END_TEST

START_TEST(test_replace_delete_idempotent)
{
    write_file(tmpdir_path("three.jsonl"), three);
    ck_assert_int_eq((int)index_jsonl(tmpdir_path("three.jsonl"), tmpdir_path("db"), 2), 3);
    ck_assert_uint_eq(count(tmpdir_path("db")), 3);
    char *s1 = snapshot(tmpdir_path("db"));

    /* idempotent: the same input again changes nothing a reader can see */
    ck_assert_int_eq((int)index_jsonl(tmpdir_path("three.jsonl"), tmpdir_path("db"), 1), 3);
    char *s2 = snapshot(tmpdir_path("db"));
    ck_assert_str_eq(s1, s2);
    free(s2);

    /* no positions anywhere (phrases are rechecked on the stored record) */
    xapc_db_t *d = NULL;
    ck_assert_int_eq(xapc_db_open(tmpdir_path("db"), &d, NULL), XAPC_OK);
    gs_analyzer_t *an = gs_analyzer_new(0);
    xapc_docid_t did;
    ck_assert_int_eq(xapc_db_docid_for_term(d, "QA-2", 4, &did), XAPC_OK);
    const char *th = stem(an, "театр");
    xapc_termpos_t pos[8];
    size_t np = 99;
    xapc_db_positions(d, did, th, strlen(th), pos, 8, &np);
    ck_assert_uint_eq(np, 0);
    /* title and goal, each counted 1 + its folded boost (schema.h GS_META_FOLD) */
    ck_assert_uint_eq(xapc_db_collection_freq(d, th, strlen(th)),
                      2 + gs_boost_repeats(gs_schema_fields[0].boost) +
                          gs_boost_repeats(gs_schema_fields[1].boost));
    const char *sth = cat(GS_PREFIX_TITLE, th);
    ck_assert(xapc_db_term_exists(d, sth, strlen(sth)));
    xapc_db_destroy(d);

    /* replace: A-2 with another title; the count stays, the old words go */
    write_file(tmpdir_path("new.jsonl"),
               "{\"id\":\"A-2\",\"number\":\"A-2\",\"title\":\"Музей под открытым небом и ещё слова\",\"year\":2022}\n");
    ck_assert_int_eq((int)index_jsonl(tmpdir_path("new.jsonl"), tmpdir_path("db"), 1), 1);
    ck_assert_uint_eq(count(tmpdir_path("db")), 3);
    ck_assert_int_eq(xapc_db_open(tmpdir_path("db"), &d, NULL), XAPC_OK);
    ck_assert(!xapc_db_term_exists(d, th, strlen(th)));
    const char *mu = stem(an, "музей");
    ck_assert(xapc_db_term_exists(d, mu, strlen(mu)));
    ck_assert(xapc_db_term_exists(d, "XY2020", 6));
    ck_assert_uint_eq(xapc_db_termfreq(d, "XY2021", 6), 1);
    ck_assert_uint_eq(xapc_db_termfreq(d, "XY2022", 6), 1);
    xapc_db_destroy(d);

    /* The same final content built from scratch gives the same index
     * (terms, frequencies, field-length totals). */
    write_file(tmpdir_path("final.jsonl"),
               "{\"id\":\"A-1\",\"number\":\"A-1\",\"title\":\"Школа юных экологов\",\"goal\":\"Научить детей беречь природу\",\"year\":2020}\n"
               "{\"id\":\"A-2\",\"number\":\"A-2\",\"title\":\"Музей под открытым небом и ещё слова\",\"year\":2022}\n"
               "{\"id\":\"A-3\",\"number\":\"A-3\",\"title\":\"Помощь пожилым\",\"tasks\":\"Доставка продуктов пожилым людям на дом\",\"year\":2021}\n");
    index_jsonl(tmpdir_path("final.jsonl"), tmpdir_path("fresh"), 1);
    char *a = snapshot(tmpdir_path("db")), *b = snapshot(tmpdir_path("fresh"));
    ck_assert_str_eq(a, b);
    free(a);
    free(b);

    /* delete: one present, one absent */
    const char *ids[2] = {"A-1", "nope"};
    unsigned long missing = 0;
    char *err = NULL;
    ck_assert_int_eq(gs_index_delete(tmpdir_path("db"), ids, 2, &missing, &err), 0);
    ck_assert_uint_eq(missing, 1);
    ck_assert_uint_eq(count(tmpdir_path("db")), 2);
    write_file(tmpdir_path("two.jsonl"),
               "{\"id\":\"A-2\",\"number\":\"A-2\",\"title\":\"Музей под открытым небом и ещё слова\",\"year\":2022}\n"
               "{\"id\":\"A-3\",\"number\":\"A-3\",\"title\":\"Помощь пожилым\",\"tasks\":\"Доставка продуктов пожилым людям на дом\",\"year\":2021}\n");
    index_jsonl(tmpdir_path("two.jsonl"), tmpdir_path("fresh2"), 1);
    a = snapshot(tmpdir_path("db"));
    b = snapshot(tmpdir_path("fresh2"));
    ck_assert_str_eq(a, b);
    free(a);
    free(b);

    /* stats agree */
    gs_index_stats_t st;
    ck_assert_int_eq(gs_index_stats(tmpdir_path("db"), &st, &err), 0);
    ck_assert_uint_eq(st.records, 2);
    ck_assert(st.terms > 10);
    ck_assert(st.disk_bytes > 0);
    ck_assert_str_eq(st.schema, GS_SCHEMA_VERSION);
    ck_assert(st.updated[0] == '2');
    ck_assert(st.avg_len[0] > 2.0);            /* title */
    ck_assert(fabs(st.avg_len[1]) < 1e-9);     /* no goals left */
    free(s1);
    gs_analyzer_free(an);
}
END_TEST

START_TEST(test_second_writer_message)
{
    write_file(tmpdir_path("three.jsonl"), three);
    index_jsonl(tmpdir_path("three.jsonl"), tmpdir_path("db"), 1);
    char *err = NULL;
    gs_writer_t *w = gs_writer_open(tmpdir_path("db"), 0, &err);
    ck_assert_ptr_nonnull(w);
    gs_writer_t *w2 = gs_writer_open(tmpdir_path("db"), 0, &err);
    ck_assert_ptr_null(w2);
    char want[96];
    snprintf(want, sizeof want, "the index is being written by another process (pid %ld)", (long)getpid());
    ck_assert_ptr_nonnull(strstr(err, want));
    free(err);
    err = NULL;
    /* the indexer says the same */
    gs_index_options_t o;
    gs_index_options_init(&o);
    o.db_path = tmpdir_path("db");
    gs_index_result_t res;
    const char *paths[1] = {tmpdir_path("three.jsonl")};
    ck_assert_int_eq(gs_index_paths(&o, paths, 1, &res, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, want));
    free(err);
    err = NULL;
    ck_assert_int_eq(gs_writer_close(w, 1, &err), 0);
    ck_assert_int_eq(access(tmpdir_path("db/writer.pid"), F_OK), -1);

    /* An index of another layout is not added to, and is left as it was. */
    xapc_wdb_t *wdb = NULL;
    ck_assert_int_eq(xapc_wdb_open(tmpdir_path("db"), XAPC_WDB_CREATE_OR_OPEN, &wdb, NULL), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_set_metadata(wdb, GS_META_SCHEMA, "1", 1), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_commit(wdb), XAPC_OK);
    xapc_wdb_destroy(wdb);
    ck_assert_ptr_null(gs_writer_open(tmpdir_path("db"), 0, &err));
    ck_assert_msg(strstr(err, "built with layout (schema) 1") != NULL, "%s", err);
    free(err);
    err = NULL;
    ck_assert_uint_eq(count(tmpdir_path("db")), 3);
    ck_assert_int_eq(access(tmpdir_path("db/writer.pid"), F_OK), -1);

    /* It still searches, and the results say it is of an older layout. */
    gs_status_t gst;
    gs_searcher_t *s = gs_searcher_open(tmpdir_path("db"), &gst, &err);
    ck_assert_ptr_nonnull(s);
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(s, "театр", &qe);
    ck_assert_ptr_nonnull(q);
    gs_search_opts_t so;
    gs_search_opts_init(&so);
    gs_results_t *r = NULL;
    ck_assert_int_eq(gs_search(s, q, &so, &r, &err), GS_OK);
    int noted = 0;
    for (size_t i = 0; i < gs_results_nnotes(r); i++)
        noted |= strstr(gs_results_note(r, i), "older grantsearch (schema 1, now " GS_SCHEMA_VERSION
                                                ")") != NULL;
    ck_assert_msg(noted, "no note that the index is of schema 1");
    gs_results_free(r);
    gs_query_free(q);
    gs_searcher_close(s);
}
END_TEST

/* Run a few queries; the result ids in order, as one string. */
static char *ranked(const char *db)
{
    static const char *words[] = {"семья", "дети", "проект", "театр", "волонтеры"};
    gs_analyzer_t *an = gs_analyzer_new(0);
    xapc_db_t *d = NULL;
    ck_assert_int_eq(xapc_db_open(db, &d, NULL), XAPC_OK);
    xapc_enquire_t *e = NULL;
    ck_assert_int_eq(xapc_enquire_create(d, &e), XAPC_OK);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *t = stem(an, words[i]);
        xapc_query_t *q = xapc_query_term(t, strlen(t), 1, 0);
        ck_assert_int_eq(xapc_enquire_set_query(e, q), XAPC_OK);
        xapc_mset_t *ms = NULL;
        ck_assert_int_eq(xapc_enquire_get_mset(e, 0, 50, 0, &ms), XAPC_OK);
        fprintf(f, "%s:", words[i]);
        for (uint32_t k = 0; k < xapc_mset_size(ms); k++) {
            xapc_doc_t *doc = NULL;
            ck_assert_int_eq(xapc_mset_document(ms, k, &doc), XAPC_OK);
            const char *data;
            size_t len;
            xapc_doc_get_data(doc, &data, &len);
            gs_record_t *r = gs_record_from_json(data, len, NULL);
            ck_assert_ptr_nonnull(r);
            fprintf(f, " %s/%.6f", r->str[GS_ID], xapc_mset_weight(ms, k));
            gs_record_free(r);
            xapc_doc_destroy(doc);
        }
        fputc('\n', f);
        xapc_mset_destroy(ms);
        xapc_query_destroy(q);
    }
    fclose(f);
    xapc_enquire_destroy(e);
    xapc_db_destroy(d);
    gs_analyzer_free(an);
    return buf;
}

START_TEST(test_compact_keeps_order)
{
    const char *shared = getenv("SHARED_DIR");
    char src[512];
    snprintf(src, sizeof src, "%s/corpus/dev/collection.jsonl", shared ? shared : "");
    if (!shared || access(src, R_OK) != 0)
        snprintf(src, sizeof src, "%s/seeds", GS_SRCDATADIR);
    /* two passes and a delete leave gaps for compaction to close */
    index_jsonl(src, tmpdir_path("db"), 2);
    index_jsonl(src, tmpdir_path("db"), 2);
    const char *gone[1] = {"19-1-029373"};  /* in the seeds and the dev set */
    unsigned long missing = 9;
    char *err = NULL;
    ck_assert_int_eq(gs_index_delete(tmpdir_path("db"), gone, 1, &missing, &err), 0);
    ck_assert_uint_eq(missing, 0);
    uint32_t n = count(tmpdir_path("db"));
    ck_assert_uint_gt(n, 3);
    char *before = ranked(tmpdir_path("db"));
    char *snap = snapshot(tmpdir_path("db"));
    uint64_t size_before = gs_index_disk_usage(tmpdir_path("db"));
    ck_assert_int_eq(gs_index_compact(tmpdir_path("db"), &err), 0);
    ck_assert_uint_eq(count(tmpdir_path("db")), n);
    ck_assert(gs_index_disk_usage(tmpdir_path("db")) < size_before);
    char *after = ranked(tmpdir_path("db"));
    ck_assert_str_eq(before, after);
    char *snap2 = snapshot(tmpdir_path("db"));
    ck_assert_str_eq(snap, snap2);
    ck_assert_int_eq(access(tmpdir_path("db.old"), F_OK), -1);
    ck_assert_int_eq(access(tmpdir_path("db.compact-tmp"), F_OK), -1);
    /* and it can still be written */
    ck_assert_int_eq((int)index_jsonl(src, tmpdir_path("db"), 1), (int)n + 1);
    ck_assert_uint_eq(count(tmpdir_path("db")), n + 1);
    free(before);
    free(after);
    free(snap);
    free(snap2);
}
END_TEST


/* A compaction or merged build killed part-way through its swap (dir.c):
 * a reader opens the new database through the stub and changes nothing;
 * the next writer finishes the swap and keeps the user's other files.
 * Killed before the swap began: readers see the old database and the next
 * writer removes the scratch. */
START_TEST(test_swap_killed_midway)
{
    write_file(tmpdir_path("three.jsonl"), three);
    index_jsonl(tmpdir_path("three.jsonl"), tmpdir_path("db"), 1);      /* old: 3 */
    index_jsonl(tmpdir_path("three.jsonl"), tmpdir_path("other"), 1);
    const char *gone[1] = {"A-1"};
    char *err = NULL;
    ck_assert_int_eq(gs_index_delete(tmpdir_path("other"), gone, 1, NULL, &err), 0); /* new: 2 */
    write_file(tmpdir_path("db/notes.txt"), "keep\n");
    char *other = strdup(tmpdir_path("other"));  /* tmpdir_path's buffers rotate */
    const char *src[1] = {other};

    /* Killed before the stub: the scratch is the writer's to remove. */
    ck_assert_int_eq(xapc_compact(src, 1, tmpdir_path("db/.grantsearch-new"), 0, NULL), XAPC_OK);
    ck_assert_int_eq(mkdir(tmpdir_path("db/.grantsearch-shards"), 0777), 0);
    ck_assert_uint_eq(count(tmpdir_path("db")), 3);
    gs_index_stats_t st;
    ck_assert_int_eq(gs_index_stats(tmpdir_path("db"), &st, &err), 0);
    ck_assert_uint_eq(st.records, 3);
    ck_assert_int_eq(access(tmpdir_path("db/.grantsearch-shards"), F_OK), 0);  /* a reader */
    ck_assert_int_eq(access(tmpdir_path("db/.grantsearch-new"), F_OK), 0);
    gs_writer_t *w = gs_writer_open(tmpdir_path("db"), 0, &err);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(gs_writer_close(w, 0, &err), 0);
    ck_assert_int_eq(access(tmpdir_path("db/.grantsearch-shards"), F_OK), -1);
    ck_assert_int_eq(access(tmpdir_path("db/.grantsearch-new"), F_OK), -1);
    ck_assert_uint_eq(count(tmpdir_path("db")), 3);

    /* Killed after the stub, iamglass removed and one table linked in. */
    ck_assert_int_eq(xapc_compact(src, 1, tmpdir_path("db/.grantsearch-new"), 0, NULL), XAPC_OK);
    write_file(tmpdir_path("db/XAPIANDB"), "auto .grantsearch-new\n");
    ck_assert_int_eq(unlink(tmpdir_path("db/iamglass")), 0);
    ck_assert_int_eq(link(tmpdir_path("db/.grantsearch-new/postlist.glass"),
                          tmpdir_path("db/postlist.glass.gs-swap")), 0);
    ck_assert_int_eq(rename(tmpdir_path("db/postlist.glass.gs-swap"),
                            tmpdir_path("db/postlist.glass")), 0);
    ck_assert_uint_eq(count(tmpdir_path("db")), 2);
    ck_assert_int_eq(gs_index_stats(tmpdir_path("db"), &st, &err), 0);
    ck_assert_uint_eq(st.records, 2);
    ck_assert_int_eq(access(tmpdir_path("db/XAPIANDB"), F_OK), 0);  /* a reader changes nothing */
    const char *gone2[1] = {"A-2"};
    unsigned long missing = 9;
    ck_assert_int_eq(gs_index_delete(tmpdir_path("db"), gone2, 1, &missing, &err), 0);
    ck_assert_uint_eq(missing, 0);
    ck_assert_uint_eq(count(tmpdir_path("db")), 1);
    ck_assert_int_eq(access(tmpdir_path("db/XAPIANDB"), F_OK), -1);
    ck_assert_int_eq(access(tmpdir_path("db/.grantsearch-new"), F_OK), -1);
    ck_assert_int_eq(access(tmpdir_path("db/iamglass"), F_OK), 0);
    ck_assert_int_eq(access(tmpdir_path("db/notes.txt"), F_OK), 0);
    free(other);
    free(err);
}
END_TEST

/* Progress goes to the caller's callback (the CLI draws it): the last
 * report is final, once, with every document and every byte read, for the
 * single writer and for the sharded build alike. */
typedef struct {
    int calls, finals;
    gs_index_progress_t last;
} progress_seen_t;

static void on_progress(void *ctx, const gs_index_progress_t *p)
{
    progress_seen_t *ps = ctx;
    ck_assert_int_eq(ps->finals, 0);   /* nothing after the final report */
    ps->calls++;
    ps->finals += p->final;
    ps->last = *p;
}

START_TEST(test_progress_callback)
{
    write_file(tmpdir_path("three.jsonl"), three);
    struct stat sb;
    ck_assert_int_eq(stat(tmpdir_path("three.jsonl"), &sb), 0);
    const char *dbs[2] = {tmpdir_path("one"), tmpdir_path("sharded")};
    for (unsigned threads = 1; threads <= 2; threads++) {
        gs_index_options_t o;
        gs_index_options_init(&o);
        o.db_path = dbs[threads - 1];
        o.threads = threads;
        progress_seen_t ps = {0};
        o.progress = on_progress;
        o.progress_ctx = &ps;
        gs_index_result_t res;
        char *err = NULL;
        const char *paths[1] = {tmpdir_path("three.jsonl")};
        ck_assert_int_eq(gs_index_paths(&o, paths, 1, &res, &err), 0);
        free(res.reader_summary);
        free(err);
        ck_assert_int_eq(ps.finals, 1);
        ck_assert_uint_eq(ps.last.done, 3);
        ck_assert_uint_eq(ps.last.bytes_read, (uint64_t)sb.st_size);
        ck_assert_uint_eq(ps.last.bytes_total, (uint64_t)sb.st_size);
        ck_assert(ps.last.seconds >= 0);
    }
}
END_TEST

/* Stats and compaction return the toolkit's status (toolkit/status.h),
 * with the message naming the index. */
START_TEST(test_status_codes)
{
    char *err = NULL;
    gs_index_stats_t st;
    ck_assert_int_eq(gs_index_stats(tmpdir_path("absent"), &st, &err), GS_ENOINDEX);
    ck_assert_ptr_nonnull(strstr(err, tmpdir_path("absent")));
    ck_assert_int_eq(gs_status_exit(GS_ENOINDEX), 3);
    free(err);
    err = NULL;
    write_file(tmpdir_path("one.jsonl"), "{\"id\": \"S-1\", \"title\": \"проект\"}\n");
    ck_assert_int_eq((int)index_jsonl(tmpdir_path("one.jsonl"), tmpdir_path("db"), 1), 1);
    ck_assert_int_eq(gs_index_compact(tmpdir_path("db"), &err), GS_OK);
    ck_assert_int_eq(gs_index_stats(tmpdir_path("db"), &st, &err), GS_OK);
    ck_assert_uint_eq(st.records, 1);
    ck_assert_ptr_null(err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("indexer");
    TCase *tc = tcase_create("indexer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_document_layout);
    tcase_add_test(tc, test_pairs_with_stop_words);
    tcase_add_test(tc, test_replace_delete_idempotent);
    tcase_add_test(tc, test_second_writer_message);
    tcase_add_test(tc, test_compact_keeps_order);
    tcase_add_test(tc, test_swap_killed_midway);
    tcase_add_test(tc, test_progress_callback);
    tcase_add_test(tc, test_status_codes);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
