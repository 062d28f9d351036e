/* test_xapc.c - the Xapian C wrapper against real glass databases on disk.
 *
 * Every test gets a fresh mkdtemp directory holding a small database of
 * four Russian documents (see build_main); the directory is removed after
 * the test.  Nothing is mocked: Xapian itself does the work. */
#include "xapian-c/xapc.h"

#include "tests/check_util.h"
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A term literal and its byte length. */
#define S(x) (x), strlen(x)

enum { SLOT_YEAR = 0, SLOT_AMOUNT = 1 };

static char mainpath[512];

/* ---------------------------------------------------------------- */
/* Fixture                                                           */

static void path_in_tmp(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* One document: words (each wdf 1 per occurrence, no positions, as
 * grantsearch indexes), boolean terms, the year value (a string) and the
 * amount value (sortable number), and data. */
typedef struct {
    const char *id;         /* unique id term, e.g. "Q1" */
    const char *words[8];   /* NULL-terminated */
    const char *bools[4];   /* NULL-terminated */
    const char *year;
    double amount;
    const char *data;
} testdoc_t;

static const testdoc_t DOCS[] = {
    {"Q1", {"грант", "для", "детей", "сирот", NULL}, {"XY2021", "XSTwinner", NULL},
     "2021", 100000, "первая заявка"},
    {"Q2", {"поддержка", "детей", "инвалидов", "грант", NULL}, {"XY2022", "XSTrejected", NULL},
     "2022", 500000, "вторая заявка"},
    {"Q3", {"музей", "истории", "края", "для", "детей", NULL}, {"XY2021", "XSTwinner", NULL},
     "2021", 250000, "третья заявка"},
    {"Q4", {"спорт", "молодёжь", "грант", "спорт", "спорт", NULL}, {"XY2023", NULL},
     "2023", 50000, "четвёртая заявка"},
};
enum { NDOCS = sizeof DOCS / sizeof DOCS[0] };

static xapc_doc_t *make_doc(const testdoc_t *t)
{
    xapc_doc_t *doc = NULL;
    char buf[16];
    ck_assert_int_eq(xapc_doc_create(&doc), XAPC_OK);
    for (unsigned i = 0; t->words[i]; i++)
        ck_assert_int_eq(xapc_doc_add_term(doc, S(t->words[i]), 1), XAPC_OK);
    for (unsigned i = 0; t->bools[i]; i++)
        ck_assert_int_eq(xapc_doc_add_boolean_term(doc, S(t->bools[i])), XAPC_OK);
    ck_assert_int_eq(xapc_doc_add_boolean_term(doc, S(t->id)), XAPC_OK);
    ck_assert_int_eq(xapc_doc_set_value(doc, SLOT_YEAR, S(t->year)), XAPC_OK);
    size_t n = xapc_sortable_serialise(t->amount, buf);
    ck_assert_int_eq(xapc_doc_set_value(doc, SLOT_AMOUNT, buf, n), XAPC_OK);
    ck_assert_int_eq(xapc_doc_set_data(doc, S(t->data)), XAPC_OK);
    return doc;
}

/* Build a database at path from docs[first..last). */
static void build_db(const char *path, size_t first, size_t last)
{
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    xapc_status_t st = xapc_wdb_open(path, XAPC_WDB_CREATE_OR_OVERWRITE | XAPC_WDB_NO_SYNC,
                                     &w, &err);
    ck_assert_msg(st == XAPC_OK, "open %s: %s", path, err ? err : "?");
    for (size_t i = first; i < last; i++) {
        xapc_doc_t *doc = make_doc(&DOCS[i]);
        ck_assert_int_eq(xapc_wdb_replace_by_term(w, S(DOCS[i].id), doc, NULL), XAPC_OK);
        xapc_doc_destroy(doc);
    }
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    xapc_wdb_destroy(w);
}

static void setup(void)
{
    tmpdir_make("test_xapc");
    path_in_tmp(mainpath, sizeof mainpath, "main.db");
    build_db(mainpath, 0, NDOCS);
}

static void teardown(void)
{
    tmpdir_remove();
}

static xapc_db_t *open_main(void)
{
    xapc_db_t *db = NULL;
    char *err = NULL;
    xapc_status_t st = xapc_db_open(mainpath, &db, &err);
    ck_assert_msg(st == XAPC_OK, "open: %s", err ? err : "?");
    ck_assert_ptr_null(err);
    return db;
}

/* Run q on db; put up to cap docids into ids, return the mset size. */
static unsigned run(xapc_db_t *db, xapc_query_t *q, xapc_docid_t *ids, unsigned cap)
{
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 100, 100, &ms), XAPC_OK);
    unsigned n = xapc_mset_size(ms);
    for (unsigned i = 0; i < n && i < cap; i++)
        ids[i] = xapc_mset_docid(ms, i);
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    return n;
}

static int has_id(const xapc_docid_t *ids, unsigned n, xapc_docid_t want)
{
    for (unsigned i = 0; i < n; i++)
        if (ids[i] == want)
            return 1;
    return 0;
}

/* Build op(a, b) over two plain terms; returns the match count. */
static unsigned run2(xapc_db_t *db, xapc_op_t op, const char *a, const char *b,
                     uint32_t param, xapc_docid_t *ids)
{
    xapc_query_t *qa = xapc_query_term(S(a), 1, 0);
    xapc_query_t *qb = xapc_query_term(S(b), 1, 0);
    xapc_query_t *subs[2] = {qa, qb};
    xapc_query_t *q = xapc_query_combine(op, subs, 2, param);
    unsigned n = run(db, q, ids, 16);
    xapc_query_destroy(q);
    xapc_query_destroy(qa);
    xapc_query_destroy(qb);
    return n;
}

/* ---------------------------------------------------------------- */
/* Status, NULL handling                                             */

START_TEST(test_status_strings)
{
    for (int a = 0; a < XAPC_STATUS_LAST; a++) {
        const char *s = xapc_status_to_string((xapc_status_t)a);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_gt(strlen(s), 1);
        ck_assert_str_ne(s, "unknown status");
        for (int b = 0; b < a; b++)
            ck_assert_str_ne(s, xapc_status_to_string((xapc_status_t)b));
    }
    ck_assert_str_eq(xapc_status_to_string(XAPC_OK), "ok");
    ck_assert_str_eq(xapc_status_to_string(XAPC_LOCKED), "database is locked");
    ck_assert_str_eq(xapc_status_to_string(XAPC_STATUS_LAST), "unknown status");
    ck_assert_str_eq(xapc_status_to_string((xapc_status_t)-1), "unknown status");
}
END_TEST

START_TEST(test_destroy_null)
{
    xapc_db_destroy(NULL);
    xapc_wdb_destroy(NULL);
    xapc_doc_destroy(NULL);
    xapc_query_destroy(NULL);
    xapc_enquire_destroy(NULL);
    xapc_mset_destroy(NULL);
    xapc_termiter_destroy(NULL);
    ck_assert_str_eq(xapc_wdb_last_error(NULL), "");
    ck_assert_str_eq(xapc_enquire_last_error(NULL), "");
    ck_assert_int_eq(xapc_db_doccount(NULL), 0);
    ck_assert_int_eq(xapc_spy_next(NULL, NULL, NULL, NULL), 0);
    ck_assert_int_eq(xapc_termiter_next(NULL, NULL, NULL, NULL, NULL), -1);
    ck_assert_ptr_null(xapc_query_combine(XAPC_OP_AND, NULL, 2, 0));
    ck_assert_ptr_null(xapc_query_scale(NULL, 2.0));
    ck_assert_int_eq(xapc_db_open(NULL, NULL, NULL), XAPC_INVALID_ARGUMENT);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Reading: statistics, documents, terms                             */

START_TEST(test_counts_and_lookups)
{
    xapc_db_t *db = open_main();
    ck_assert_int_eq(xapc_db_doccount(db), 4);
    ck_assert_int_eq(xapc_db_lastdocid(db), 4);
    ck_assert_int_eq(xapc_db_termfreq(db, S("детей")), 3);
    ck_assert_int_eq(xapc_db_termfreq(db, S("спорт")), 1);
    ck_assert_int_eq(xapc_db_collection_freq(db, S("спорт")), 3);
    ck_assert_int_eq(xapc_db_termfreq(db, S("нетакого")), 0);
    ck_assert_int_eq(xapc_db_term_exists(db, S("музей")), 1);
    ck_assert_int_eq(xapc_db_term_exists(db, S("музеи")), 0);
    /* (4 + 4 + 5 + 5) / 4 words; boolean terms add no length. */
    ck_assert_double_eq_tol(xapc_db_avlength(db), 4.5, 1e-9);

    xapc_docid_t did = 0;
    ck_assert_int_eq(xapc_db_docid_for_term(db, S("Q3"), &did), XAPC_OK);
    ck_assert_uint_eq(did, 3);
    ck_assert_int_eq(xapc_db_docid_for_term(db, S("Q9"), &did), XAPC_NOT_FOUND);
    ck_assert_uint_eq(did, 0);

    xapc_doc_t *doc = NULL;
    const char *s;
    size_t n;
    ck_assert_int_eq(xapc_db_get_document(db, 2, &doc), XAPC_OK);
    ck_assert_int_eq(xapc_doc_get_data(doc, &s, &n), XAPC_OK);
    ck_assert_uint_eq(n, strlen("вторая заявка"));
    ck_assert_str_eq(s, "вторая заявка");
    ck_assert_int_eq(xapc_doc_get_value(doc, SLOT_YEAR, &s, &n), XAPC_OK);
    ck_assert_str_eq(s, "2022");
    ck_assert_int_eq(xapc_doc_get_value(doc, SLOT_AMOUNT, &s, &n), XAPC_OK);
    ck_assert_double_eq(xapc_sortable_unserialise(s, n), 500000);
    ck_assert_int_eq(xapc_doc_get_value(doc, 7, &s, &n), XAPC_OK);
    ck_assert_uint_eq(n, 0);
    xapc_doc_destroy(doc);
    doc = NULL;
    ck_assert_int_eq(xapc_db_get_document(db, 77, &doc), XAPC_NOT_FOUND);
    ck_assert_ptr_null(doc);

    /* Documents built through the wrapper carry no positions. */
    xapc_termpos_t pos[2] = {77, 77};
    n = 99;
    ck_assert_int_eq(xapc_db_positions(db, 4, S("спорт"), pos, 2, &n), XAPC_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(pos[0], 77);
    ck_assert_int_eq(xapc_db_positions(db, 4, S("XY2023"), pos, 2, &n), XAPC_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(xapc_db_positions(db, 4, S("спорт"), NULL, 2, &n),
                     XAPC_INVALID_ARGUMENT);
    xapc_db_destroy(db);
}
END_TEST

START_TEST(test_term_iterators)
{
    xapc_db_t *db = open_main();
    xapc_termiter_t *it = NULL;
    const char *t;
    size_t n;
    uint32_t wdf, tf;

    /* allterms with a prefix, in byte order, with document frequencies */
    ck_assert_int_eq(xapc_db_allterms(db, S("XY"), &it), XAPC_OK);
    ck_assert_int_eq(xapc_termiter_next(it, &t, &n, &wdf, &tf), 1);
    ck_assert_str_eq(t, "XY2021");
    ck_assert_uint_eq(tf, 2);
    ck_assert_int_eq(xapc_termiter_next(it, &t, &n, &wdf, &tf), 1);
    ck_assert_str_eq(t, "XY2022");
    ck_assert_int_eq(xapc_termiter_next(it, &t, &n, &wdf, &tf), 1);
    ck_assert_str_eq(t, "XY2023");
    ck_assert_uint_eq(tf, 1);
    ck_assert_int_eq(xapc_termiter_next(it, &t, &n, &wdf, &tf), 0);
    ck_assert_int_eq(xapc_termiter_next(it, &t, &n, &wdf, &tf), 0);
    xapc_termiter_destroy(it);

    /* a document's terms with their wdf */
    ck_assert_int_eq(xapc_db_termlist(db, 4, &it), XAPC_OK);
    int seen_sport = 0, count = 0;
    while (xapc_termiter_next(it, &t, &n, &wdf, NULL) == 1) {
        count++;
        if (n == strlen("спорт") && memcmp(t, "спорт", n) == 0) {
            seen_sport = 1;
            ck_assert_uint_eq(wdf, 3);
        }
        if (strcmp(t, "XY2023") == 0)
            ck_assert_uint_eq(wdf, 0);
    }
    ck_assert_int_eq(seen_sport, 1);
    ck_assert_int_eq(count, 5); /* спорт молодёжь грант XY2023 Q4 */
    xapc_termiter_destroy(it);

    /* a termlist of a missing document is an error, now or at next() */
    xapc_status_t st = xapc_db_termlist(db, 99, &it);
    if (st == XAPC_OK) {
        ck_assert_int_eq(xapc_termiter_next(it, &t, &n, NULL, NULL), -1);
        xapc_termiter_destroy(it);
    } else {
        ck_assert_int_eq(st, XAPC_NOT_FOUND);
    }

    /* a document being built */
    xapc_doc_t *doc = make_doc(&DOCS[0]);
    ck_assert_int_eq(xapc_doc_termlist(doc, &it), XAPC_OK);
    count = 0;
    while (xapc_termiter_next(it, &t, &n, &wdf, &tf) == 1)
        count++;
    ck_assert_int_eq(count, 7); /* 4 words + 2 boolean terms + the id term */
    xapc_termiter_destroy(it);
    xapc_doc_destroy(doc);
    xapc_db_destroy(db);
}
END_TEST

START_TEST(test_document_bytes)
{
    xapc_doc_t *doc = NULL;
    const char *s;
    size_t n;
    static const char data[] = "до\0после"; /* NUL inside data is kept */
    ck_assert_int_eq(xapc_doc_create(&doc), XAPC_OK);
    ck_assert_int_eq(xapc_doc_set_data(doc, data, sizeof data - 1), XAPC_OK);
    ck_assert_int_eq(xapc_doc_get_data(doc, &s, &n), XAPC_OK);
    ck_assert_uint_eq(n, sizeof data - 1);
    ck_assert_int_eq(memcmp(s, data, n), 0);
    ck_assert_int_eq(xapc_doc_add_term(doc, S("слово"), 2), XAPC_OK);
    ck_assert_int_eq(xapc_doc_add_term(doc, S("слово"), 3), XAPC_OK);
    ck_assert_int_eq(xapc_doc_add_term(doc, "", 0, 1), XAPC_INVALID_ARGUMENT);
    ck_assert_int_eq(xapc_doc_add_boolean_term(doc, NULL, 0), XAPC_INVALID_ARGUMENT);
    /* one term, its wdf the sum of the increments */
    xapc_termiter_t *it = NULL;
    const char *t;
    uint32_t wdf;
    ck_assert_int_eq(xapc_doc_termlist(doc, &it), XAPC_OK);
    ck_assert_int_eq(xapc_termiter_next(it, &t, &n, &wdf, NULL), 1);
    ck_assert_str_eq(t, "слово");
    ck_assert_uint_eq(wdf, 5);
    ck_assert_int_eq(xapc_termiter_next(it, &t, &n, &wdf, NULL), 0);
    xapc_termiter_destroy(it);
    xapc_doc_destroy(doc);

    char buf[9];
    double vals[] = {-1e9, -1.5, 0, 1, 2.5, 1e12};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        size_t len = xapc_sortable_serialise(vals[i], buf);
        ck_assert_uint_le(len, 9);
        ck_assert_double_eq(xapc_sortable_unserialise(buf, len), vals[i]);
        if (i > 0) {
            /* byte order follows numeric order */
            char prev[9];
            size_t plen = xapc_sortable_serialise(vals[i - 1], prev);
            size_t m = plen < len ? plen : len;
            int c = memcmp(prev, buf, m);
            ck_assert(c < 0 || (c == 0 && plen < len));
        }
    }
}
END_TEST

/* ---------------------------------------------------------------- */
/* Queries                                                           */

START_TEST(test_query_operators)
{
    xapc_db_t *db = open_main();
    xapc_docid_t ids[16];
    unsigned n;

    n = run2(db, XAPC_OP_AND, "грант", "детей", 0, ids);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 1) && has_id(ids, n, 2));

    n = run2(db, XAPC_OP_OR, "музей", "спорт", 0, ids);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 3) && has_id(ids, n, 4));

    n = run2(db, XAPC_OP_AND_NOT, "детей", "грант", 0, ids);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(ids[0], 3);

    n = run2(db, XAPC_OP_XOR, "детей", "грант", 0, ids);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 3) && has_id(ids, n, 4));

    n = run2(db, XAPC_OP_FILTER, "детей", "XY2021", 0, ids);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 1) && has_id(ids, n, 3));

    n = run2(db, XAPC_OP_AND_MAYBE, "детей", "музей", 0, ids);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(ids[0], 3); /* the optional term lifts doc 3 */

    /* No positions in the index: PHRASE and NEAR match as AND, in any
     * order and at any distance (grantsearch rechecks phrases on the
     * stored record). */
    n = run2(db, XAPC_OP_PHRASE, "сирот", "детей", 0, ids);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(ids[0], 1);
    n = run2(db, XAPC_OP_PHRASE, "грант", "детей", 0, ids);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 1) && has_id(ids, n, 2));
    n = run2(db, XAPC_OP_NEAR, "грант", "сирот", 2, ids);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(ids[0], 1);
    ck_assert_uint_eq(run2(db, XAPC_OP_PHRASE, "музей", "спорт", 0, ids), 0);

    /* SYNONYM: either term, scored as one */
    n = run2(db, XAPC_OP_SYNONYM, "музей", "сирот", 0, ids);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 1) && has_id(ids, n, 3));

    /* ELITE_SET of 1: only the best (rarest) term is kept */
    n = run2(db, XAPC_OP_ELITE_SET, "детей", "музей", 1, ids);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(ids[0], 3);
    n = run2(db, XAPC_OP_ELITE_SET, "детей", "музей", 2, ids);
    ck_assert_uint_eq(n, 3);

    /* MAX */
    n = run2(db, XAPC_OP_MAX, "музей", "спорт", 0, ids);
    ck_assert_uint_eq(n, 2);

    /* match all / nothing / empty */
    xapc_query_t *all = xapc_query_match_all();
    xapc_query_t *none = xapc_query_match_nothing();
    ck_assert_uint_eq(run(db, all, ids, 16), 4);
    ck_assert_uint_eq(run(db, none, ids, 16), 0);
    xapc_query_t *empty_and = xapc_query_combine(XAPC_OP_AND, NULL, 0, 0);
    ck_assert_ptr_nonnull(empty_and);
    ck_assert_uint_eq(run(db, empty_and, ids, 16), 0);
    xapc_query_destroy(empty_and);
    xapc_query_destroy(all);
    xapc_query_destroy(none);

    /* bad arguments give NULL, not a crash */
    xapc_query_t *t = xapc_query_term(S("грант"), 1, 0);
    xapc_query_t *bad[2] = {t, NULL};
    ck_assert_ptr_null(xapc_query_combine(XAPC_OP_AND, bad, 2, 0));
    ck_assert_ptr_null(xapc_query_combine((xapc_op_t)99, bad, 1, 0));
    ck_assert_ptr_null(xapc_query_scale(t, -1.0));

    /* copies are independent handles of the same query */
    xapc_query_t *c = xapc_query_copy(t);
    ck_assert_ptr_nonnull(c);
    xapc_query_destroy(t);
    ck_assert_uint_eq(run(db, c, ids, 16), 3);
    xapc_query_destroy(c);
    xapc_db_destroy(db);
}
END_TEST

START_TEST(test_query_scale_range_wildcard)
{
    xapc_db_t *db = open_main();
    xapc_docid_t ids[16];
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;

    /* scale: the same match, twice the weight */
    xapc_query_t *t = xapc_query_term(S("музей"), 1, 0);
    xapc_query_t *t2 = xapc_query_scale(t, 2.0);
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, t), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 0, &ms), XAPC_OK);
    ck_assert_uint_eq(xapc_mset_size(ms), 1);
    double w1 = xapc_mset_weight(ms, 0);
    ck_assert_double_gt(w1, 0);
    xapc_mset_destroy(ms);
    ck_assert_int_eq(xapc_enquire_set_query(enq, t2), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 0, &ms), XAPC_OK);
    ck_assert_double_eq_tol(xapc_mset_weight(ms, 0), 2 * w1, 1e-9);
    ck_assert_double_eq(xapc_mset_weight(ms, 5), 0); /* out of range */
    ck_assert_uint_eq(xapc_mset_docid(ms, 5), 0);
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    xapc_query_destroy(t);
    xapc_query_destroy(t2);

    /* value ranges: closed, open above, open below */
    xapc_query_t *q = xapc_query_value_range(SLOT_YEAR, S("2021"), S("2021"));
    unsigned n = run(db, q, ids, 16);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 1) && has_id(ids, n, 3));
    xapc_query_destroy(q);
    q = xapc_query_value_range(SLOT_YEAR, S("2022"), NULL, 0);
    n = run(db, q, ids, 16);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 2) && has_id(ids, n, 4));
    xapc_query_destroy(q);
    q = xapc_query_value_range(SLOT_YEAR, NULL, 0, S("2021"));
    ck_assert_uint_eq(run(db, q, ids, 16), 2);
    xapc_query_destroy(q);
    char lo[9], hi[9];
    size_t lo_n = xapc_sortable_serialise(90000, lo);
    size_t hi_n = xapc_sortable_serialise(300000, hi);
    q = xapc_query_value_range(SLOT_AMOUNT, lo, lo_n, hi, hi_n);
    n = run(db, q, ids, 16);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 1) && has_id(ids, n, 3));
    xapc_query_destroy(q);

    /* both ends open: every document with a value in the slot */
    q = xapc_query_value_range(SLOT_YEAR, NULL, 0, NULL, 0);
    ck_assert_uint_eq(run(db, q, ids, 16), 4);
    xapc_query_destroy(q);
    q = xapc_query_value_range(7, NULL, 0, NULL, 0);
    ck_assert_uint_eq(run(db, q, ids, 16), 0);
    xapc_query_destroy(q);
    q = xapc_query_value_range(7, "", 0, NULL, 0);
    ck_assert_uint_eq(run(db, q, ids, 16), 0);
    xapc_query_destroy(q);
    q = xapc_query_value_range(7, NULL, 0, S("яяя"));
    ck_assert_uint_eq(run(db, q, ids, 16), 0);
    xapc_query_destroy(q);

    /* wildcard over Cyrillic prefixes */
    q = xapc_query_wildcard(S("сп"), 0);
    n = run(db, q, ids, 16);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(ids[0], 4);
    xapc_query_destroy(q);
    q = xapc_query_wildcard(S("д"), 0); /* для, детей */
    ck_assert_uint_eq(run(db, q, ids, 16), 3);
    xapc_query_destroy(q);
    q = xapc_query_wildcard(S("XY202"), 0);
    ck_assert_uint_eq(run(db, q, ids, 16), 4);
    xapc_query_destroy(q);
    /* limited expansion keeps the most frequent term (XY2021, 2 docs) */
    q = xapc_query_wildcard(S("XY202"), 1);
    n = run(db, q, ids, 16);
    ck_assert_uint_eq(n, 2);
    ck_assert(has_id(ids, n, 1) && has_id(ids, n, 3));
    xapc_query_destroy(q);
    xapc_db_destroy(db);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Ranking, sorting, facets                                          */

START_TEST(test_bm25_params)
{
    xapc_db_t *db = open_main();
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    xapc_query_t *q = xapc_query_term(S("спорт"), 1, 0);
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q), XAPC_OK);

    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 0, &ms), XAPC_OK);
    double w_default = xapc_mset_weight(ms, 0);
    xapc_mset_destroy(ms);
    ck_assert_int_eq(xapc_enquire_set_bm25(enq, 1, 0, 1, 0.5, 0.5), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 0, &ms), XAPC_OK);
    ck_assert_double_eq_tol(xapc_mset_weight(ms, 0), w_default, 1e-12);
    xapc_mset_destroy(ms);
    /* k1 = 0 ignores wdf (3 here): a different score */
    ck_assert_int_eq(xapc_enquire_set_bm25(enq, 0, 0, 1, 0.5, 0.5), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 0, &ms), XAPC_OK);
    double w_k1_0 = xapc_mset_weight(ms, 0);
    ck_assert(w_k1_0 < w_default - 1e-6);
    xapc_mset_destroy(ms);
    /* b = 0 ignores document length (5 here, average 4.5): another score */
    ck_assert_int_eq(xapc_enquire_set_bm25(enq, 1, 0, 1, 0, 0.5), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 0, &ms), XAPC_OK);
    ck_assert(fabs(xapc_mset_weight(ms, 0) - w_default) > 1e-6);
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    xapc_query_destroy(q);
    xapc_db_destroy(db);
}
END_TEST

START_TEST(test_sort_and_page)
{
    xapc_db_t *db = open_main();
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    xapc_query_t *q = xapc_query_match_all();
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q), XAPC_OK);

    /* amounts: Q1 100000, Q2 500000, Q3 250000, Q4 50000 */
    static const xapc_docid_t asc[] = {4, 1, 3, 2}, desc[] = {2, 3, 1, 4};
    ck_assert_int_eq(xapc_enquire_set_sort(enq, SLOT_AMOUNT, 0), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 0, &ms), XAPC_OK);
    ck_assert_uint_eq(xapc_mset_size(ms), 4);
    for (unsigned i = 0; i < 4; i++)
        ck_assert_uint_eq(xapc_mset_docid(ms, i), asc[i]);
    xapc_mset_destroy(ms);
    ck_assert_int_eq(xapc_enquire_set_sort(enq, SLOT_AMOUNT, 1), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 0, &ms), XAPC_OK);
    for (unsigned i = 0; i < 4; i++)
        ck_assert_uint_eq(xapc_mset_docid(ms, i), desc[i]);
    /* paging: the third of the descending order */
    xapc_mset_destroy(ms);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 2, 1, 0, &ms), XAPC_OK);
    ck_assert_uint_eq(xapc_mset_size(ms), 1);
    ck_assert_uint_eq(xapc_mset_docid(ms, 0), 1);
    xapc_doc_t *doc = NULL;
    const char *s;
    size_t n;
    ck_assert_int_eq(xapc_mset_document(ms, 0, &doc), XAPC_OK);
    ck_assert_int_eq(xapc_doc_get_data(doc, &s, &n), XAPC_OK);
    ck_assert_str_eq(s, "первая заявка");
    xapc_doc_destroy(doc);
    ck_assert_int_eq(xapc_mset_document(ms, 1, &doc), XAPC_INVALID_ARGUMENT);
    ck_assert_ptr_null(doc);
    xapc_mset_destroy(ms);

    /* back to relevance order, every match counted */
    ck_assert_int_eq(xapc_enquire_set_sort(enq, -1, 0), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 10, &ms), XAPC_OK);
    ck_assert_uint_eq(xapc_mset_size(ms), 4);
    ck_assert_uint_eq(xapc_mset_matches_estimated(ms), 4);
    ck_assert_uint_eq(xapc_mset_matches_lower_bound(ms), 4);
    ck_assert_uint_eq(xapc_mset_matches_upper_bound(ms), 4);
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    xapc_query_destroy(q);
    xapc_db_destroy(db);
}
END_TEST

/* A decider that keeps documents whose data does not contain ctx. */
static unsigned decider_calls;
static int data_lacks(void *ctx, xapc_candidate_t *c)
{
    decider_calls++;
    xapc_docid_t did = xapc_candidate_docid(c);
    ck_assert_uint_gt(did, 0);
    const char *data, *year;
    size_t len, ylen;
    ck_assert_int_eq(xapc_candidate_data(c, &data, &len), XAPC_OK);
    /* the value slot is read on demand too: every test document has a year */
    ck_assert_int_eq(xapc_candidate_value(c, SLOT_YEAR, &year, &ylen), XAPC_OK);
    ck_assert_uint_eq(ylen, 4);
    ck_assert_int_eq(xapc_candidate_value(c, SLOT_YEAR, NULL, &ylen), XAPC_INVALID_ARGUMENT);
    const char *needle = ctx;
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= len; i++)
        if (!memcmp(data + i, needle, nl))
            return 0;
    return 1;
}

START_TEST(test_match_decider)
{
    xapc_db_t *db = open_main();
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    xapc_query_t *q = xapc_query_match_all();
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 10, &ms), XAPC_OK);
    uint32_t all = xapc_mset_size(ms);
    xapc_mset_destroy(ms);
    /* Drop the one document whose data says "первая". */
    decider_calls = 0;
    ck_assert_int_eq(xapc_enquire_set_decider(enq, data_lacks, "первая"), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 10, &ms), XAPC_OK);
    ck_assert_uint_eq(xapc_mset_size(ms), all - 1);
    ck_assert_uint_eq(xapc_mset_matches_estimated(ms), all - 1);
    ck_assert_uint_eq(decider_calls, all);
    for (uint32_t i = 0; i < xapc_mset_size(ms); i++)
        ck_assert_uint_ne(xapc_mset_docid(ms, i), 1);
    xapc_mset_destroy(ms);
    /* Removed again: every document is back. */
    ck_assert_int_eq(xapc_enquire_set_decider(enq, NULL, NULL), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 10, &ms), XAPC_OK);
    ck_assert_uint_eq(xapc_mset_size(ms), all);
    xapc_mset_destroy(ms);
    ck_assert_int_eq(xapc_enquire_set_decider(NULL, NULL, NULL), XAPC_INVALID_ARGUMENT);
    xapc_enquire_destroy(enq);
    xapc_query_destroy(q);
    xapc_db_destroy(db);
}
END_TEST

/* Read the spy into parallel arrays; returns the number of values. */
static unsigned read_spy(xapc_spy_t *spy, char vals[][8], uint32_t *counts, unsigned cap)
{
    const char *v;
    size_t len;
    uint32_t c;
    unsigned k = 0;
    while (xapc_spy_next(spy, &v, &len, &c) == 1) {
        ck_assert_uint_lt(k, cap);
        ck_assert_uint_lt(len, 8);
        memcpy(vals[k], v, len);
        vals[k][len] = '\0';
        counts[k++] = c;
    }
    return k;
}

START_TEST(test_facet_spy)
{
    xapc_db_t *db = open_main();
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    xapc_spy_t *spy = NULL;
    char vals[8][8];
    uint32_t counts[8];
    xapc_query_t *q = xapc_query_match_all();
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_add_value_spy(enq, SLOT_YEAR, &spy), XAPC_OK);
    ck_assert_ptr_nonnull(spy);
    ck_assert_int_eq(xapc_spy_next(spy, NULL, NULL, NULL), 0); /* nothing matched yet */

    /* one result shown, but the spy sees the whole match set */
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 1, 4, &ms), XAPC_OK);
    ck_assert_uint_eq(xapc_mset_size(ms), 1);
    xapc_mset_destroy(ms);
    unsigned k = read_spy(spy, vals, counts, 8);
    ck_assert_uint_eq(k, 3);
    ck_assert_str_eq(vals[0], "2021");
    ck_assert_uint_eq(counts[0], 2);
    ck_assert_str_eq(vals[1], "2022");
    ck_assert_uint_eq(counts[1], 1);
    ck_assert_str_eq(vals[2], "2023");
    ck_assert_uint_eq(counts[2], 1);
    ck_assert_int_eq(xapc_spy_next(spy, NULL, NULL, NULL), 0);
    xapc_spy_rewind(spy);
    ck_assert_uint_eq(read_spy(spy, vals, counts, 8), 3);

    /* a second search recounts instead of accumulating */
    xapc_query_t *q2 = xapc_query_term(S("детей"), 1, 0);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q2), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 10, &ms), XAPC_OK);
    xapc_mset_destroy(ms);
    k = read_spy(spy, vals, counts, 8);
    ck_assert_uint_eq(k, 2);
    ck_assert_str_eq(vals[0], "2021");
    ck_assert_uint_eq(counts[0], 2);
    ck_assert_str_eq(vals[1], "2022");
    ck_assert_uint_eq(counts[1], 1);
    xapc_enquire_destroy(enq);
    xapc_query_destroy(q);
    xapc_query_destroy(q2);
    xapc_db_destroy(db);
}
END_TEST

/* A decider noting the docids it is handed (they must come in docid
 * order) and dropping the one whose data says ctx. */
static xapc_docid_t seen_ids[16];
static unsigned nseen;
static int note_and_drop(void *ctx, xapc_candidate_t *c)
{
    ck_assert_uint_lt(nseen, 16);
    seen_ids[nseen++] = xapc_candidate_docid(c);
    return data_lacks(ctx, c);
}

/* q counted by the matcher (weightless, code spy, decider when drop) and
 * by xapc_db_count_codes: the same matches, year counts and decider
 * calls, in docid order for the latter. */
static void same_counts(xapc_db_t *db, const xapc_codes_t *codes, xapc_query_t *q,
                        const char *drop)
{
    uint32_t n = xapc_codes_count(codes) + 1, by_spy[8] = {0}, by_sets[8] = {0}, matches = 0;
    uint32_t *spy_counts[1] = {by_spy}, *set_counts[1] = {by_sets};
    xapc_docid_t spy_seen[16];
    ck_assert_uint_le(n, 8);
    ck_assert_ptr_nonnull(q);
    xapc_query_t *q0 = xapc_query_scale(q, 0.0);
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q0), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_add_code_spy(enq, &codes, spy_counts, 1), XAPC_OK);
    if (drop)
        ck_assert_int_eq(xapc_enquire_set_decider(enq, note_and_drop, (void *)drop), XAPC_OK);
    nseen = 0;
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 0, 100, &ms), XAPC_OK);
    uint32_t spy_matches = xapc_mset_matches_lower_bound(ms);
    unsigned spy_nseen = nseen;
    memcpy(spy_seen, seen_ids, sizeof spy_seen);
    nseen = 0;
    ck_assert_int_eq(xapc_db_count_codes(db, q, drop ? note_and_drop : NULL, (void *)drop,
                                         &codes, set_counts, 1, &matches),
                     XAPC_OK);
    ck_assert_uint_eq(matches, spy_matches);
    ck_assert_mem_eq(by_sets, by_spy, sizeof by_spy);
    if (!drop) {
        /* The same matches as bits (xapc_db_query_bits): the mset's. */
        unsigned char bits[64] = {0}, want[64] = {0};
        xapc_enquire_t *all = NULL;
        xapc_mset_t *page = NULL;
        ck_assert_int_eq(xapc_db_query_bits(db, q, bits, 8 * sizeof bits), XAPC_OK);
        ck_assert_int_eq(xapc_enquire_create(db, &all), XAPC_OK);
        ck_assert_int_eq(xapc_enquire_set_query(all, q0), XAPC_OK);
        ck_assert_int_eq(xapc_enquire_get_mset(all, 0, 100, 100, &page), XAPC_OK);
        ck_assert_uint_eq(xapc_mset_size(page), spy_matches);
        for (uint32_t i = 0; i < xapc_mset_size(page); i++) {
            xapc_docid_t d = xapc_mset_docid(page, i);
            ck_assert_uint_lt(d, 8 * sizeof want);
            want[d / 8] |= (unsigned char)(1u << (d % 8));
        }
        ck_assert_mem_eq(bits, want, sizeof bits);
        xapc_mset_destroy(page);
        xapc_enquire_destroy(all);
    }
    ck_assert_uint_eq(nseen, spy_nseen);
    for (unsigned i = 0; i < nseen; i++) {
        ck_assert(has_id(spy_seen, spy_nseen, seen_ids[i]));
        if (i)
            ck_assert_uint_lt(seen_ids[i - 1], seen_ids[i]);
    }
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    xapc_query_destroy(q0);
    xapc_query_destroy(q);
}

/* op over the terms a and b (b NULL: one part; "" a query matching all). */
static xapc_query_t *q2(xapc_op_t op, const char *a, const char *b, uint32_t param)
{
    xapc_query_t *subs[2] = {xapc_query_term(S(a), 1, 0), b ? xapc_query_term(S(b), 1, 0) : NULL};
    xapc_query_t *q = xapc_query_combine(op, subs, b ? 2 : 1, param);
    xapc_query_destroy(subs[0]);
    xapc_query_destroy(subs[1]);
    return q;
}

/* The facet count without the matcher agrees with the matcher's on every
 * operator grantsearch's queries use, on an index with a deleted record
 * (a docid gap), and refuses the parts it does not evaluate. */
START_TEST(test_count_codes)
{
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    unsigned deleted = 0;
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_OPEN, &w, &err), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_delete_by_term(w, S("Q3"), &deleted), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    xapc_wdb_destroy(w);
    xapc_db_t *db = open_main();
    xapc_codes_t *codes = NULL;
    ck_assert_int_eq(xapc_codes_build(db, SLOT_YEAR, 100, &codes), XAPC_OK);
    for (int d = 0; d < 2; d++) {
        const char *drop = d ? "первая" : NULL;
        same_counts(db, codes, xapc_query_term(S("детей"), 1, 0), drop);
        same_counts(db, codes, xapc_query_term(S("нет такого"), 1, 0), drop);
        same_counts(db, codes, xapc_query_match_all(), drop);
        same_counts(db, codes, xapc_query_match_nothing(), drop);
        same_counts(db, codes, q2(XAPC_OP_AND, "грант", "детей", 0), drop);
        same_counts(db, codes, q2(XAPC_OP_OR, "детей", "спорт", 0), drop);
        same_counts(db, codes, q2(XAPC_OP_AND_NOT, "грант", "детей", 0), drop);
        same_counts(db, codes, q2(XAPC_OP_XOR, "грант", "детей", 0), drop);
        same_counts(db, codes, q2(XAPC_OP_AND_MAYBE, "детей", "спорт", 0), drop);
        same_counts(db, codes, q2(XAPC_OP_FILTER, "грант", "XY2021", 0), drop);
        same_counts(db, codes, q2(XAPC_OP_SYNONYM, "музей", "сирот", 0), drop);
        same_counts(db, codes, q2(XAPC_OP_MAX, "сирот", "спорт", 0), drop);
        /* a fixed weight filtered (query/ranking.c's bonuses), scaled */
        xapc_query_t *t = xapc_query_term(S("грант"), 1, 0);
        xapc_query_t *fw[2] = {xapc_query_fixed_weight(1.5), t};
        xapc_query_t *bonus = xapc_query_combine(XAPC_OP_FILTER, fw, 2, 0);
        same_counts(db, codes, xapc_query_scale(bonus, 2.0), drop);
        xapc_query_t *either[2] = {bonus, q2(XAPC_OP_AND_NOT, "детей", "сирот", 0)};
        same_counts(db, codes, xapc_query_combine(XAPC_OP_OR, either, 2, 0), drop);
        same_counts(db, codes, xapc_query_fixed_weight(0.5), drop);
        /* every document (not read as a list) against a word, each way */
        static const xapc_op_t with_all[] = {XAPC_OP_XOR, XAPC_OP_AND_NOT, XAPC_OP_AND,
                                             XAPC_OP_OR, XAPC_OP_AND_MAYBE};
        for (size_t k = 0; k < sizeof with_all / sizeof *with_all; k++)
            for (int first = 0; first < 2; first++) {
                xapc_query_t *all = xapc_query_match_all();
                xapc_query_t *pair[2] = {first ? all : t, first ? t : all};
                same_counts(db, codes, xapc_query_combine(with_all[k], pair, 2, 0), drop);
                xapc_query_destroy(all);
            }
        xapc_query_destroy(either[1]);
        xapc_query_destroy(bonus);
        xapc_query_destroy(fw[0]);
        xapc_query_destroy(t);
    }
    /* What only the matcher counts: refused, nothing counted. */
    uint32_t counts[8] = {0}, *cs[1] = {counts}, matches = 7;
    const xapc_codes_t *cc = codes;
    xapc_query_t *refused[] = {
        xapc_query_wildcard(S("гр"), 0),
        xapc_query_value_range(SLOT_YEAR, S("2021"), S("2022")),
        q2(XAPC_OP_ELITE_SET, "детей", "музей", 1),
        q2(XAPC_OP_PHRASE, "сирот", "детей", 0),
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        xapc_query_t *any[2] = {xapc_query_term(S("грант"), 1, 0), refused[i]};
        xapc_query_t *q = xapc_query_combine(XAPC_OP_OR, any, 2, 0);
        ck_assert_int_eq(xapc_db_count_codes(db, q, NULL, NULL, &cc, cs, 1, &matches),
                         XAPC_UNAVAILABLE);
        ck_assert_uint_eq(matches, 0);
        unsigned char bits[64] = {0}, none[64] = {0};
        ck_assert_int_eq(xapc_db_query_bits(db, q, bits, 8 * sizeof bits), XAPC_UNAVAILABLE);
        ck_assert_mem_eq(bits, none, sizeof bits);
        xapc_query_destroy(q);
        xapc_query_destroy(any[0]);
        xapc_query_destroy(refused[i]);
    }
    ck_assert_int_eq(xapc_db_count_codes(NULL, NULL, NULL, NULL, NULL, NULL, 0, &matches),
                     XAPC_INVALID_ARGUMENT);
    xapc_codes_destroy(codes);
    xapc_db_destroy(db);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Writing: spelling, metadata, replace, delete, reopen              */

START_TEST(test_spelling_metadata)
{
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_OPEN, &w, &err), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_add_spelling(w, S("грантовый"), 5), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_add_spelling(w, S("гарантия"), 1), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_set_metadata(w, "schema", S("версия 1")), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_set_metadata(w, "", S("x")), XAPC_INVALID_ARGUMENT);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_set_metadata(w, "later", S("at destroy")), XAPC_OK);
    xapc_wdb_destroy(w); /* commits */

    xapc_db_t *db = open_main();
    const char *s;
    size_t n;
    ck_assert_int_eq(xapc_db_spelling_suggestion(db, S("грантавый"), 2, &s, &n), XAPC_OK);
    ck_assert_str_eq(s, "грантовый");
    ck_assert_uint_eq(n, strlen("грантовый"));
    ck_assert_int_eq(xapc_db_spelling_suggestion(db, S("грантовый"), 2, &s, &n), XAPC_OK);
    ck_assert_str_eq(s, ""); /* already a known word */
    ck_assert_int_eq(xapc_db_spelling_suggestion(db, S("абвгдежз"), 1, &s, &n), XAPC_OK);
    ck_assert_uint_eq(n, 0);

    ck_assert_int_eq(xapc_db_get_metadata(db, "schema", &s, &n), XAPC_OK);
    ck_assert_str_eq(s, "версия 1");
    ck_assert_int_eq(xapc_db_get_metadata(db, "later", &s, &n), XAPC_OK);
    ck_assert_str_eq(s, "at destroy");
    ck_assert_int_eq(xapc_db_get_metadata(db, "нет", &s, &n), XAPC_OK);
    ck_assert_uint_eq(n, 0);
    xapc_db_destroy(db);
}
END_TEST

/* Deferred spelling: nothing reaches the database before the flush, and a
 * word added three times once each outranks one added once with 2, as the
 * single calls would (the table keeps the summed frequency). */
START_TEST(test_deferred_spelling)
{
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    const char *s;
    size_t n;
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_OPEN, &w, &err), XAPC_OK);
    xapc_wdb_defer_spelling(w);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(xapc_wdb_add_spelling(w, S("барабан"), 1), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_add_spelling(w, S("барибон"), 2), XAPC_OK);
    ck_assert_uint_eq(xapc_wdb_spelling_pending(w), 2);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);

    xapc_db_t *db = open_main();
    ck_assert_int_eq(xapc_db_spelling_suggestion(db, S("барабон"), 2, &s, &n), XAPC_OK);
    ck_assert_uint_eq(n, 0);  /* not flushed: not committed */
    xapc_db_destroy(db);

    ck_assert_int_eq(xapc_wdb_flush_spelling(w), XAPC_OK);
    ck_assert_uint_eq(xapc_wdb_spelling_pending(w), 0);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    db = open_main();
    ck_assert_int_eq(xapc_db_spelling_suggestion(db, S("барабон"), 2, &s, &n), XAPC_OK);
    ck_assert_str_eq(s, "барабан");
    ck_assert_int_eq(xapc_db_spelling_suggestion(db, S("барибан"), 2, &s, &n), XAPC_OK);
    ck_assert_str_eq(s, "барабан");  /* 3 against 2, both one edit away */
    xapc_db_destroy(db);

    /* Words never flushed are dropped with the handle. */
    ck_assert_int_eq(xapc_wdb_add_spelling(w, S("литавры"), 1), XAPC_OK);
    xapc_wdb_destroy(w);
    db = open_main();
    ck_assert_int_eq(xapc_db_spelling_suggestion(db, S("литавра"), 2, &s, &n), XAPC_OK);
    ck_assert_uint_eq(n, 0);
    xapc_db_destroy(db);
}
END_TEST

START_TEST(test_replace_delete_reopen)
{
    xapc_db_t *db = open_main();
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_CREATE_OR_OPEN, &w, &err), XAPC_OK);
    ck_assert_uint_eq(xapc_wdb_doccount(w), 4);

    /* replace Q1 in place: same docid, new content */
    testdoc_t t = DOCS[0];
    t.data = "исправленная заявка";
    t.words[0] = "субсидия";
    xapc_doc_t *doc = make_doc(&t);
    xapc_docid_t did = 0;
    ck_assert_int_eq(xapc_wdb_replace_by_term(w, S("Q1"), doc, &did), XAPC_OK);
    ck_assert_uint_eq(did, 1);
    xapc_doc_destroy(doc);
    ck_assert_uint_eq(xapc_wdb_doccount(w), 4);

    /* a new id term adds a document; the second also carries the term Q5 */
    t = DOCS[3];
    t.id = "Q5";
    doc = make_doc(&t);
    ck_assert_int_eq(xapc_wdb_replace_by_term(w, S("Q5"), doc, &did), XAPC_OK);
    ck_assert_uint_eq(did, 5);
    ck_assert_int_eq(xapc_wdb_replace_by_term(w, S("Q6"), doc, &did), XAPC_OK);
    ck_assert_uint_eq(did, 6);
    xapc_doc_destroy(doc);
    ck_assert_uint_eq(xapc_wdb_doccount(w), 6);

    /* delete by term reports how many documents had it */
    uint32_t deleted = 99;
    ck_assert_int_eq(xapc_wdb_delete_by_term(w, S("Q5"), &deleted), XAPC_OK);
    ck_assert_uint_eq(deleted, 2);
    ck_assert_int_eq(xapc_wdb_delete_by_term(w, S("Q2"), &deleted), XAPC_OK);
    ck_assert_uint_eq(deleted, 1);
    ck_assert_int_eq(xapc_wdb_delete_by_term(w, S("Q404"), &deleted), XAPC_OK);
    ck_assert_uint_eq(deleted, 0);
    ck_assert_uint_eq(xapc_wdb_doccount(w), 3);

    /* the writer sees its own changes */
    ck_assert_int_eq(xapc_wdb_docid_for_term(w, S("Q2"), &did), XAPC_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(xapc_wdb_last_error(w), "Q2"));
    ck_assert_int_eq(xapc_wdb_docid_for_term(w, S("Q3"), &did), XAPC_OK);
    ck_assert_uint_eq(did, 3);
    ck_assert_int_eq(xapc_wdb_get_document(w, 1, &doc), XAPC_OK);
    const char *s;
    size_t n;
    ck_assert_int_eq(xapc_doc_get_data(doc, &s, &n), XAPC_OK);
    ck_assert_str_eq(s, "исправленная заявка");
    xapc_doc_destroy(doc);
    ck_assert_int_eq(xapc_wdb_get_document(w, 2, &doc), XAPC_NOT_FOUND);
    ck_assert_int_gt(strlen(xapc_wdb_last_error(w)), 0);

    /* the reader still sees its revision until reopen */
    int changed = -1;
    ck_assert_int_eq(xapc_db_reopen(db, &changed), XAPC_OK);
    ck_assert_int_eq(changed, 0);
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
    ck_assert_uint_eq(xapc_db_doccount(db), 4);
    ck_assert_int_eq(xapc_db_reopen(db, &changed), XAPC_OK);
    ck_assert_int_eq(changed, 1);
    ck_assert_uint_eq(xapc_db_doccount(db), 3);
    ck_assert_uint_eq(xapc_db_termfreq(db, S("субсидия")), 1);
    ck_assert_uint_eq(xapc_db_termfreq(db, S("инвалидов")), 0);
    xapc_wdb_destroy(w);
    xapc_db_destroy(db);
}
END_TEST

START_TEST(test_transactions)
{
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_OPEN, &w, &err), XAPC_OK);
    testdoc_t t = DOCS[0];
    t.id = "Q7";
    xapc_doc_t *doc = make_doc(&t);

    ck_assert_int_eq(xapc_wdb_begin_transaction(w, 1), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_replace_by_term(w, S("Q7"), doc, NULL), XAPC_OK);
    /* commit() inside a transaction is Xapian's InvalidOperationError */
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_INVALID_ARGUMENT);
    ck_assert_int_gt(strlen(xapc_wdb_last_error(w)), 0);
    ck_assert_int_eq(xapc_wdb_cancel_transaction(w), XAPC_OK);
    ck_assert_uint_eq(xapc_wdb_doccount(w), 4);
    ck_assert_int_eq(xapc_wdb_commit_transaction(w), XAPC_INVALID_ARGUMENT); /* none open */

    ck_assert_int_eq(xapc_wdb_begin_transaction(w, 1), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_replace_by_term(w, S("Q7"), doc, NULL), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_commit_transaction(w), XAPC_OK);
    xapc_doc_destroy(doc);

    /* a transaction left open at destroy is discarded */
    t.id = "Q8";
    doc = make_doc(&t);
    ck_assert_int_eq(xapc_wdb_begin_transaction(w, 0), XAPC_OK);
    ck_assert_int_eq(xapc_wdb_replace_by_term(w, S("Q8"), doc, NULL), XAPC_OK);
    xapc_doc_destroy(doc);
    xapc_wdb_destroy(w);

    xapc_db_t *db = open_main();
    ck_assert_uint_eq(xapc_db_doccount(db), 5);
    ck_assert_int_eq(xapc_db_term_exists(db, S("Q7")), 1);
    ck_assert_int_eq(xapc_db_term_exists(db, S("Q8")), 0);
    xapc_db_destroy(db);
}
END_TEST

/* Write `count` documents of about 2 KB each (ids M0, M1, ...) whose data
 * carries `tag`, then commit: enough to need many B-tree blocks. */
static void write_bulk(xapc_wdb_t *w, unsigned count, const char *tag)
{
    char id[16], data[2100];
    for (unsigned i = 0; i < count; i++) {
        xapc_doc_t *doc = NULL;
        snprintf(id, sizeof id, "M%u", i);
        int len = snprintf(data, sizeof data, "%s %u ", tag, i);
        for (; len < 2000; len++)
            data[len] = (char)('a' + (i + (unsigned)len) % 26);
        ck_assert_int_eq(xapc_doc_create(&doc), XAPC_OK);
        ck_assert_int_eq(xapc_doc_add_term(doc, S("заявка"), 1), XAPC_OK);
        ck_assert_int_eq(xapc_doc_add_boolean_term(doc, S(id)), XAPC_OK);
        ck_assert_int_eq(xapc_doc_set_data(doc, data, (size_t)len), XAPC_OK);
        ck_assert_int_eq(xapc_wdb_replace_by_term(w, S(id), doc, NULL), XAPC_OK);
        xapc_doc_destroy(doc);
    }
    ck_assert_int_eq(xapc_wdb_commit(w), XAPC_OK);
}

/* A decider that reads every candidate's data, as the phrase recheck does;
 * a failed read makes get_mset fail with it. */
static int reads_data(void *ctx, xapc_candidate_t *c)
{
    const char *data;
    size_t len;
    (void)ctx;
    return xapc_candidate_data(c, &data, &len) == XAPC_OK;
}

/* A reader whose revision has been overwritten by later commits gets
 * DatabaseModifiedError -> XAPC_MODIFIED, and reopen() fixes it. */
START_TEST(test_modified)
{
    enum { BULK = 400 };
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_OPEN | XAPC_WDB_NO_SYNC, &w, &err),
                     XAPC_OK);
    write_bulk(w, BULK, "старый");
    xapc_db_t *db = open_main();
    ck_assert_uint_eq(xapc_db_doccount(db), NDOCS + BULK);
    /* Glass keeps the reader's revision only until the writer has
     * committed twice more; then its freed blocks are reused. */
    for (int round = 0; round < 3; round++)
        write_bulk(w, BULK, round % 2 ? "новый" : "новейший");

    /* A search reading the stale revision's records fails, in plain words,
     * not Xapian's (issue 13 item 9). */
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    xapc_query_t *q = xapc_query_term(S("заявка"), 1, 0);
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_decider(enq, reads_data, NULL), XAPC_OK);
    xapc_status_t st = xapc_enquire_get_mset(enq, 0, BULK, BULK, &ms);
    ck_assert_msg(st == XAPC_MODIFIED, "expected XAPC_MODIFIED, got %s",
                  xapc_status_to_string(st));
    ck_assert_ptr_null(ms);
    ck_assert_str_eq(xapc_enquire_last_error(enq), "the index changed while it was being read");
    xapc_enquire_destroy(enq);
    xapc_query_destroy(q);

    /* Reading the records one by one fails the same way. */
    st = XAPC_OK;
    for (xapc_docid_t did = NDOCS + 1; did <= NDOCS + BULK && st == XAPC_OK; did += 7) {
        xapc_doc_t *doc = NULL;
        const char *s;
        size_t n;
        st = xapc_db_get_document(db, did, &doc);
        if (st == XAPC_OK) /* the document may be read lazily */
            st = xapc_doc_get_data(doc, &s, &n);
        xapc_doc_destroy(doc);
    }
    ck_assert_msg(st == XAPC_MODIFIED, "expected XAPC_MODIFIED, got %s",
                  xapc_status_to_string(st));
    int changed = 0;
    ck_assert_int_eq(xapc_db_reopen(db, &changed), XAPC_OK);
    ck_assert_int_eq(changed, 1);
    xapc_doc_t *doc = NULL;
    const char *s;
    size_t n;
    ck_assert_int_eq(xapc_db_get_document(db, NDOCS + BULK, &doc), XAPC_OK);
    ck_assert_int_eq(xapc_doc_get_data(doc, &s, &n), XAPC_OK);
    ck_assert_int_eq(strncmp(s, "новейший ", strlen("новейший ")), 0); /* round 2 */
    xapc_doc_destroy(doc);
    xapc_wdb_destroy(w);
    xapc_db_destroy(db);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Errors: locks, bad paths                                          */

START_TEST(test_second_writer_locked)
{
    xapc_wdb_t *w = NULL, *w2 = NULL;
    char *err = NULL;
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_OPEN, &w, &err), XAPC_OK);

    /* in-process */
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_OPEN, &w2, &err), XAPC_LOCKED);
    ck_assert_ptr_null(w2);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "lock"));
    free(err);
    err = NULL;

    /* another process */
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        xapc_wdb_t *cw = NULL;
        char *cerr = NULL;
        xapc_status_t st = xapc_wdb_open(mainpath, XAPC_WDB_OPEN, &cw, &cerr);
        _exit(st == XAPC_LOCKED && cerr && *cerr ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);

    /* once released, a writer can open again */
    xapc_wdb_destroy(w);
    ck_assert_int_eq(xapc_wdb_open(mainpath, XAPC_WDB_OPEN, &w2, &err), XAPC_OK);
    xapc_wdb_destroy(w2);
}
END_TEST

START_TEST(test_open_errors)
{
    char path[600];
    xapc_db_t *db = NULL;
    xapc_wdb_t *w = NULL;
    char *err = NULL;
    xapc_status_t st;

    /* a text file that is no database */
    path_in_tmp(path, sizeof path, "заметка.txt");
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("это не база данных\n", f);
    fclose(f);
    st = xapc_db_open(path, &db, &err);
    ck_assert_msg(st == XAPC_OPENING || st == XAPC_NOT_FOUND, "got %s",
                  xapc_status_to_string(st));
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_gt(strlen(err), 0);
    ck_assert_msg(!strstr(err, "Error") && !strstr(err, "Xapian"), "%s", err);
    free(err);
    err = NULL;

    /* a directory that does not exist */
    path_in_tmp(path, sizeof path, "нет/такой");
    st = xapc_db_open(path, &db, &err);
    ck_assert_msg(st == XAPC_NOT_FOUND || st == XAPC_OPENING, "got %s",
                  xapc_status_to_string(st));
    ck_assert_ptr_nonnull(err);
    free(err);
    err = NULL;

    /* an empty directory */
    path_in_tmp(path, sizeof path, "empty");
    ck_assert_int_eq(mkdir(path, 0700), 0);
    st = xapc_db_open(path, &db, &err);
    ck_assert_msg(st == XAPC_NOT_FOUND || st == XAPC_OPENING, "got %s",
                  xapc_status_to_string(st));
    free(err);
    err = NULL;

    /* writers: OPEN needs an existing db, CREATE refuses one */
    st = xapc_wdb_open(path, XAPC_WDB_OPEN, &w, &err);
    ck_assert_msg(st == XAPC_NOT_FOUND || st == XAPC_OPENING, "got %s",
                  xapc_status_to_string(st));
    ck_assert_ptr_nonnull(err);
    free(err);
    err = NULL;
    st = xapc_wdb_open(mainpath, XAPC_WDB_CREATE, &w, &err);
    ck_assert_int_eq(st, XAPC_DATABASE);
    ck_assert_ptr_nonnull(err);
    free(err);
    err = NULL;
    st = xapc_wdb_open(mainpath, 0x0f, &w, &err);
    ck_assert_int_eq(st, XAPC_INVALID_ARGUMENT);
    free(err);
    err = NULL;
    ck_assert_ptr_null(w);
}
END_TEST

/* A table overwritten with garbage is DatabaseCorruptError -> XAPC_CORRUPT. */
START_TEST(test_corrupt)
{
    char path[600];
    snprintf(path, sizeof path, "%s/postlist.glass", mainpath);
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    ck_assert_int_gt(size, 0);
    rewind(f);
    for (long i = 0; i < size; i++)
        fputc(0x5a, f);
    ck_assert_int_eq(fclose(f), 0);

    xapc_db_t *db = NULL;
    char *err = NULL;
    ck_assert_int_eq(xapc_db_open(mainpath, &db, &err), XAPC_CORRUPT);
    ck_assert_ptr_null(db);
    /* Our words, then what is corrupt; no exception name. */
    ck_assert_msg(!strncmp(err, "the index is corrupt: ", 22), "%s", err);
    ck_assert_msg(!strstr(err, "Error"), "%s", err);
    free(err);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Shards: compact, stub                                             */

static void collect_data(xapc_db_t *db, xapc_query_t *q, char out[][64], unsigned *n)
{
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    ck_assert_int_eq(xapc_enquire_create(db, &enq), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_set_query(enq, q), XAPC_OK);
    ck_assert_int_eq(xapc_enquire_get_mset(enq, 0, 10, 10, &ms), XAPC_OK);
    *n = xapc_mset_size(ms);
    for (unsigned i = 0; i < *n; i++) {
        xapc_doc_t *doc = NULL;
        const char *s;
        size_t len;
        ck_assert_int_eq(xapc_mset_document(ms, i, &doc), XAPC_OK);
        ck_assert_int_eq(xapc_doc_get_data(doc, &s, &len), XAPC_OK);
        snprintf(out[i], 64, "%.*s", (int)len, s);
        xapc_doc_destroy(doc);
    }
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
}

START_TEST(test_compact_stub)
{
    char a[600], b[600], out[600], stub[600];
    char *err = NULL;
    path_in_tmp(a, sizeof a, "shard_a");
    path_in_tmp(b, sizeof b, "shard_b");
    path_in_tmp(out, sizeof out, "compact");
    path_in_tmp(stub, sizeof stub, "all.stub");
    build_db(a, 0, 2);
    build_db(b, 2, NDOCS);

    const char *src[] = {a, b};
    xapc_status_t st = xapc_compact(src, 2, out, XAPC_COMPACT_FULL, &err);
    ck_assert_msg(st == XAPC_OK, "compact: %s", err ? err : "?");
    ck_assert_ptr_null(err);
    /* the destination must not exist */
    ck_assert_int_eq(xapc_compact(src, 2, out, 0, &err), XAPC_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(err, out));
    free(err);
    err = NULL;
    /* a missing source is named in the message */
    char missing[600], out2[600];
    path_in_tmp(missing, sizeof missing, "нет");
    path_in_tmp(out2, sizeof out2, "compact2");
    const char *bad_src[] = {a, missing};
    st = xapc_compact(bad_src, 2, out2, 0, &err);
    ck_assert(st == XAPC_NOT_FOUND || st == XAPC_OPENING);
    ck_assert_ptr_nonnull(strstr(err, missing));
    free(err);
    err = NULL;

    FILE *f = fopen(stub, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "# two shards\nglass %s\nauto shard_b\n", a); /* relative to the stub */
    fclose(f);

    xapc_db_t *whole = open_main(), *compacted = NULL, *stubbed = NULL;
    ck_assert_int_eq(xapc_db_open(out, &compacted, &err), XAPC_OK);
    st = xapc_db_open(stub, &stubbed, &err);
    ck_assert_msg(st == XAPC_OK, "stub: %s", err ? err : "?");

    xapc_db_t *dbs[] = {compacted, stubbed};
    xapc_query_t *qa = xapc_query_term(S("детей"), 1, 0);
    xapc_query_t *qb = xapc_query_term(S("грант"), 1, 0);
    xapc_query_t *subs[] = {qa, qb};
    xapc_query_t *q = xapc_query_combine(XAPC_OP_OR, subs, 2, 0);
    char want[10][64], got[10][64];
    unsigned nwant, ngot;
    collect_data(whole, q, want, &nwant);
    ck_assert_uint_eq(nwant, 4);
    for (size_t k = 0; k < 2; k++) {
        ck_assert_uint_eq(xapc_db_doccount(dbs[k]), 4);
        ck_assert_uint_eq(xapc_db_termfreq(dbs[k], S("детей")), 3);
        xapc_docid_t did = 0;
        ck_assert_int_eq(xapc_db_docid_for_term(dbs[k], S("Q3"), &did), XAPC_OK);
        ck_assert_uint_ne(did, 0);
        collect_data(dbs[k], q, got, &ngot);
        ck_assert_uint_eq(ngot, nwant);
        /* same statistics, so the same ranking */
        for (unsigned i = 0; i < nwant; i++)
            ck_assert_str_eq(got[i], want[i]);
    }
    xapc_query_destroy(qa);
    xapc_query_destroy(qb);
    xapc_query_destroy(q);
    for (size_t k = 0; k < 2; k++)
        xapc_db_destroy(dbs[k]);
    xapc_db_destroy(whole);
}
END_TEST

/* A database assembled shard by shard answers like the one holding the
 * same documents; a remote shard that refuses, or accepts and never
 * answers, is XAPC_NETWORK within the time limit, with a message. */
START_TEST(test_shards_and_remote_timeout)
{
    char a[600], b[600];
    char *err = NULL;
    path_in_tmp(a, sizeof a, "part_a");
    path_in_tmp(b, sizeof b, "part_b");
    build_db(a, 0, 2);
    build_db(b, 2, NDOCS);
    xapc_db_t *all = NULL, *sa = NULL, *sb = NULL, *one = open_main();
    ck_assert_int_eq(xapc_db_new_empty(&all), XAPC_OK);
    ck_assert_int_eq(xapc_db_doccount(all), 0);
    ck_assert_int_eq(xapc_db_open(a, &sa, NULL), XAPC_OK);
    ck_assert_int_eq(xapc_db_open(b, &sb, NULL), XAPC_OK);
    ck_assert_int_eq(xapc_db_add(all, sa), XAPC_OK);
    ck_assert_int_eq(xapc_db_add(all, sb), XAPC_OK);
    xapc_db_destroy(sa);  /* the combined handle keeps what it needs */
    xapc_db_destroy(sb);
    ck_assert_int_eq(xapc_db_doccount(all), xapc_db_doccount(one));
    ck_assert_int_eq(xapc_db_termfreq(all, S("детей")), xapc_db_termfreq(one, S("детей")));
    ck_assert_int_eq(xapc_db_add(all, NULL), XAPC_INVALID_ARGUMENT);
    xapc_db_destroy(all);
    xapc_db_destroy(one);

    /* A listening socket that never accepts: connect succeeds, no greeting. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sin;
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
    ck_assert_int_eq(listen(fd, 4), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &sl), 0);
    unsigned port = ntohs(sin.sin_port);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    xapc_db_t *r = NULL;
    ck_assert_int_eq(xapc_db_open_remote("127.0.0.1", port, 300, &r, &err), XAPC_NETWORK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(secs < 3.0, "a silent server took %.1f s with a 300 ms limit", secs);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "network error"));
    free(err);
    err = NULL;
    close(fd);  /* now nothing listens there: refused */
    ck_assert_int_eq(xapc_db_open_remote("127.0.0.1", port, 300, &r, &err), XAPC_NETWORK);
    ck_assert_ptr_nonnull(err);
    free(err);
    err = NULL;
    ck_assert_int_eq(xapc_db_open_remote("127.0.0.1", 0, 300, &r, &err), XAPC_INVALID_ARGUMENT);
    free(err);
    err = NULL;
    /* A program that exits at once is no server either. */
    ck_assert_int_eq(xapc_db_open_remote_program("/bin/false", "", 300, &r, &err), XAPC_NETWORK);
    ck_assert_ptr_nonnull(err);
    free(err);
}
END_TEST

static Suite *xapc_suite(void)
{
    Suite *s = suite_create("xapc");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_status_strings);
    tcase_add_test(tc, test_destroy_null);
    tcase_add_test(tc, test_counts_and_lookups);
    tcase_add_test(tc, test_term_iterators);
    tcase_add_test(tc, test_document_bytes);
    tcase_add_test(tc, test_query_operators);
    tcase_add_test(tc, test_query_scale_range_wildcard);
    tcase_add_test(tc, test_bm25_params);
    tcase_add_test(tc, test_sort_and_page);
    tcase_add_test(tc, test_facet_spy);
    tcase_add_test(tc, test_match_decider);
    tcase_add_test(tc, test_count_codes);
    tcase_add_test(tc, test_spelling_metadata);
    tcase_add_test(tc, test_deferred_spelling);
    tcase_add_test(tc, test_replace_delete_reopen);
    tcase_add_test(tc, test_transactions);
    tcase_add_test(tc, test_modified);
    tcase_add_test(tc, test_second_writer_locked);
    tcase_add_test(tc, test_open_errors);
    tcase_add_test(tc, test_corrupt);
    tcase_add_test(tc, test_compact_stub);
    tcase_add_test(tc, test_shards_and_remote_timeout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(xapc_suite());
}
