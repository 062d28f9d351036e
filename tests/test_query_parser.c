/* test_query_parser.c - the query language: every feature and every
 * malformed case (message and position).  Pure parsing: no index needed. */
#include "query/ast.h"
#include "searcher/searcher.h"

#include "tests/check_util.h"
#include <stdlib.h>
#include <string.h>

/* Parse and describe; NULL if the parse failed. */
static char *parsed(const char *q)
{
    size_t off;
    char msg[256];
    qnode_t *n = gs_qparse(q, &off, msg, sizeof msg);
    if (!n)
        return NULL;
    char *d = gs_qnode_describe(n);
    gs_qnode_free(n);
    return d;
}

#define ck_parse(q, want)                                          \
    do {                                                           \
        char *d_ = parsed(q);                                      \
        ck_assert_msg(d_ != NULL, "'%s' should parse", q);         \
        ck_assert_str_eq(d_, want);                                \
        free(d_);                                                  \
    } while (0)

/* Expect an error at byte offset `at` whose message contains `sub`. */
static void ck_error(const char *q, size_t at, const char *sub)
{
    size_t off = 9999;
    char msg[256] = "";
    qnode_t *n = gs_qparse(q, &off, msg, sizeof msg);
    ck_assert_msg(n == NULL, "'%s' should fail", q);
    ck_assert_msg(strstr(msg, sub) != NULL, "'%s': message '%s' lacks '%s'", q, msg, sub);
    ck_assert_msg(off == at, "'%s': error at %zu, expected %zu (%s)", q, off, at, msg);
}

START_TEST(plain_words)
{
    ck_parse("развитие местных сообществ", "развитие местных сообществ");
    ck_parse("  дети   ", "дети");
    ck_parse("детей-инвалидов 19-1-029373", "детей-инвалидов 19-1-029373");
    ck_parse("и или не", "и или не"); /* Russian words are not operators */
}
END_TEST

START_TEST(phrases)
{
    ck_parse("\"местных сообществ\" развитие", "\"местных сообществ\" развитие");
    ck_parse("«дети с ДЦП»", "\"дети с ДЦП\"");
    ck_parse("“Пермский край”", "\"Пермский край\"");
}
END_TEST

START_TEST(exact_prefix_minus)
{
    ck_parse("=ёлки", "=ёлки");
    ck_parse("волонт* -спорт", "волонт* -спорт");
    ck_parse("+дети", "дети");
    ck_parse("дети - спорт", "дети - спорт"); /* a lone dash is a word, dropped later */
    /* A minus before a phrase or a group excludes it too. */
    ck_parse("дети -\"местных сообществ\"", "дети -\"местных сообществ\"");
    ck_parse("дети -«местных сообществ»", "дети -\"местных сообществ\"");
    ck_parse("дети -(спорт OR музей)", "дети -(спорт OR музей)");
}
END_TEST

START_TEST(booleans)
{
    ck_parse("а OR б", "а OR б");
    ck_parse("а AND б", "а AND б");
    ck_parse("а NOT б", "а AND -б");
    ck_parse("NOT б", "-б");
    ck_parse("(а OR б) в", "(а OR б) в");
    ck_parse("а б OR в", "(а б) OR в");
    ck_parse("((а))", "а");
    ck_parse("а && б || в", "(а AND б) OR в");
}
END_TEST

START_TEST(fields)
{
    ck_parse("title:дети", "title:дети");
    ck_parse("t:дети goal:\"местных сообществ\"", "title:дети goal:\"местных сообществ\"");
    ck_parse("название:дети цель:помощь", "title:дети goal:помощь");
    ck_parse("description:(а б)", "description:а description:б");
    ck_parse("significance:а geography:б target:в org:г tasks:д",
             "significance:а geography:б target:в org:г tasks:д");
    ck_parse("title: дети", "title:дети");
    ck_parse("время 10:30", "время 10:30"); /* a colon inside a code is no field */
}
END_TEST

START_TEST(filters)
{
    ck_parse("дети status:winner", "дети status:winner");
    ck_parse("status:winner|rejected", "status:winner|rejected");
    ck_parse("статус:победитель", "status:winner");
    ck_parse("year:2019", "year:2019");
    ck_parse("year:2019..2021", "year:2019..2021");
    ck_parse("year:2019-2021", "year:2019..2021");
    ck_parse("year:2019..", "year:2019..");
    ck_parse("amount:500000..3000000", "amount:500000..3000000");
    ck_parse("amount:..1000000", "amount:..1000000");
    ck_parse("region:\"Пермский край\"", "region:\"Пермский край\"");
    ck_parse("region:пермский", "region:пермский");
    ck_parse("direction:культура contest:первый", "direction:культура contest:первый");
    ck_parse("inn:5902293749 number:19-1-029373", "inn:5902293749 number:19-1-029373");
    ck_parse("-status:rejected дети", "-status:rejected дети");
    ck_parse("(year:2019)", "year:2019");
}
END_TEST

START_TEST(malformed)
{
    ck_error("\"местных сообществ", 0, "unbalanced quote");
    ck_error("дети \"с ДЦП", 9, "unbalanced quote");
    ck_error("«дети", 0, "unbalanced quote");
    ck_error("(дети OR спорт", 0, "unbalanced bracket");
    ck_error("дети (a (b)", 9, "unbalanced bracket");
    ck_error("дети)", 8, "unbalanced bracket");
    ck_error(")", 0, "unbalanced bracket");
    ck_error("year:2021..2019", 5, "low end is above");
    ck_error("year:abc", 5, "bad year");
    ck_error("year:12", 5, "bad year");
    ck_error("year:..", 5, "bad year range");
    ck_error("amount:много", 7, "bad amount");
    ck_error("amount:5..1", 7, "low end is above");
    ck_error("status:maybe", 7, "unknown status 'maybe'");
    ck_error("status:winner|maybe", 14, "unknown status 'maybe'");
    ck_error("inn:12ab", 6, "bad INN");
    ck_error("status:", 0, "needs a value");
    ck_error("region: ", 0, "needs a value");
    ck_error("title:", 0, "needs a word");
    ck_error("OR дети", 0, "'OR' needs a word");
    ck_error("дети OR", 9, "'OR' needs a word");
    ck_error("дети AND", 9, "'AND' needs a word");
    ck_error("дети NOT", 9, "'NOT' needs a word");
    ck_error("дети AND OR спорт", 9, "'AND' needs a word");
    ck_error("()", 0, "empty brackets");
}
END_TEST

/* Parse with the note; the note (or "") into note[0..cap). */
static char *parsed_noted(const char *q, char *note, size_t cap)
{
    size_t off;
    char msg[256], *nt = NULL;
    qnode_t *n = gs_qparse_noted(q, &nt, &off, msg, sizeof msg);
    snprintf(note, cap, "%s", nt ? nt : "");
    free(nt);
    if (!n)
        return NULL;
    char *d = gs_qnode_describe(n);
    gs_qnode_free(n);
    return d;
}

/* Issue 12 item 6: pasted text.  A `word:` that names no field is a word
 * (colon and all: the analyzer drops it), and the note says so. */
START_TEST(unknown_field_is_a_word)
{
    static const struct { const char *q, *desc, *note; } cases[] = {
        {"Цель: помощь детям", "Цель: помощь детям", "searched as a word: 'Цель:'"},
        {"помощь детям: театр", "помощь детям: театр", "'детям:'"},
        {"http://example.com", "http://example.com", "'http:'"},
        {"foo:bar", "foo:bar", "'foo:'"},
        {"дети цвет:красный", "дети цвет:красный", "'цвет:'"},
        {"ЧТО: title:театр", "ЧТО: title:театр", "'ЧТО:'"},
        {"Цель:(дети OR спорт)", "Цель: (дети OR спорт)", "'Цель:'"},
        {"title:театр", "title:театр", ""},
        /* after a field too, and its description parses again (fuzz_query) */
        {"title:Цель:помощь", "title:Цель:помощь", "'Цель:'"},
        {"title:(музеregion:й OR театр)", "title:музеregion:й OR title:театр", "'музеregion:'"},
        {"title:музеregion:й OR title:театр", "title:музеregion:й OR title:театр", "'музеregion:'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char note[512];
        char *d = parsed_noted(cases[i].q, note, sizeof note);
        ck_assert_msg(d != NULL, "'%s' should parse", cases[i].q);
        ck_assert_str_eq(d, cases[i].desc);
        free(d);
        if (*cases[i].note)
            ck_assert_msg(strstr(note, cases[i].note), "'%s': note '%s'", cases[i].q, note);
        else
            ck_assert_str_eq(note, "");
    }
    /* Many of them: five named, the rest counted. */
    char note[512];
    char *d = parsed_noted("ab: bc: cd: de: ef: fg: gh: дети", note, sizeof note);
    ck_assert_ptr_nonnull(d);
    free(d);
    ck_assert_msg(strstr(note, "'ef:' and 2 more"), "%s", note);
}
END_TEST

/* Issue 13 item 14: nothing searchable is one thing, not an error. */
START_TEST(nothing_to_search)
{
    static const char *const qs[] = {"", "   ", "*", "=*", "* *"};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        char *d = parsed(qs[i]);
        ck_assert_msg(d != NULL, "'%s' should parse (nothing to search)", qs[i]);
        ck_assert_str_eq(d, "");
        free(d);
    }
}
END_TEST

/* Issue 13 item 8: a cap on words, counted in phrases too, and messages
 * that quote at most a short, whole-character excerpt (issue 12 item 6). */
START_TEST(limits_and_excerpts)
{
    size_t cap = (GS_QUERY_MAX_TERMS + 10) * 8;
    char *q = malloc(cap), *p = q;
    for (int i = 0; i < GS_QUERY_MAX_TERMS; i++)
        p += sprintf(p, "дом%d ", i % 10);
    strcpy(p, "лишнее");
    size_t off;
    char msg[256];
    qnode_t *n = gs_qparse(q, &off, msg, sizeof msg);
    ck_assert_ptr_null(n);
    ck_assert_msg(strstr(msg, "too many words"), "%s", msg);
    ck_assert_uint_eq(off, (size_t)(p - q));
    p[-1] = '\0'; /* exactly the cap: fine */
    n = gs_qparse(q, &off, msg, sizeof msg);
    ck_assert_ptr_nonnull(n);
    gs_qnode_free(n);
    /* The same words in one phrase count the same. */
    p = q;
    *p++ = '"';
    for (int i = 0; i < GS_QUERY_MAX_TERMS; i++)
        p += sprintf(p, "дом%d ", i % 10);
    strcpy(p, "лишнее\"");
    n = gs_qparse(q, &off, msg, sizeof msg);
    ck_assert_ptr_null(n);
    ck_assert_msg(strstr(msg, "too many words"), "%s", msg);
    free(q);

    /* A long bad value is quoted short, cut between characters. */
    char bad[2000] = "status:";
    for (int i = 0; i < 300; i++)
        strcat(bad, "ы");
    n = gs_qparse(bad, &off, msg, sizeof msg);
    ck_assert_ptr_null(n);
    ck_assert_msg(strlen(msg) < 160, "%zu: %s", strlen(msg), msg);
    ck_assert_msg(strstr(msg, "ыы\xE2\x80\xA6'"), "%s", msg);

    /* The excerpt: about 60 bytes around the error, whole characters. */
    char ex[128];
    size_t col = 0;
    char text[4000] = "";
    for (int i = 0; i < 500; i++)
        strcat(text, "ж ");
    size_t at = strlen(text);
    strcat(text, "(лишняя скобка ");
    for (int i = 0; i < 500; i++)
        strcat(text, "ж ");
    gs_qlex_excerpt(text, strlen(text), at, GS_QUERY_EXCERPT, ex, sizeof ex, &col);
    ck_assert_msg(strlen(ex) <= GS_QUERY_EXCERPT + 6, "%zu", strlen(ex));
    ck_assert_msg(!strncmp(ex, "\xE2\x80\xA6", 3), "%s", ex);
    ck_assert_msg(strstr(ex, "(лишняя"), "%s", ex);
    /* the caret column points at the bracket */
    const char *b = strstr(ex, "(");
    ck_assert_uint_eq(col, gs_qlex_column(ex, (size_t)(b - ex)));
    /* never half a character */
    for (const char *c = ex; *c; c++)
        if (((unsigned char)*c & 0xC0) == 0x80)
            ck_assert(c > ex && ((unsigned char)c[-1] >= 0xC0 || ((unsigned char)c[-1] & 0xC0) == 0x80));
    /* short text: all of it, no dots */
    gs_qlex_excerpt("дети)", 9, 8, GS_QUERY_EXCERPT, ex, sizeof ex, &col);
    ck_assert_str_eq(ex, "дети)");
    ck_assert_uint_eq(col, 5);
}
END_TEST

START_TEST(columns)
{
    /* Columns count characters, not bytes. */
    ck_assert_uint_eq(gs_qlex_column("дети \"с", 9), 6);
    ck_assert_uint_eq(gs_qlex_column("abc", 0), 1);
}
END_TEST

START_TEST(deep_nesting)
{
    char q[1000];
    memset(q, '(', 400);
    strcpy(q + 400, "a");
    size_t off;
    char msg[256];
    qnode_t *n = gs_qparse(q, &off, msg, sizeof msg);
    ck_assert_ptr_null(n);
    ck_assert_msg(strstr(msg, "deeply") != NULL, "%s", msg);
}
END_TEST

START_TEST(boosts_and_facets)
{
    gs_boosts_t b;
    gs_boosts_default(&b);
    char *err = NULL;
    ck_assert_int_eq(gs_boosts_parse(&b, "title=3,goal=2,geography=1", &err), 0);
    ck_assert(b.field[GS_SF_TITLE] == 3 && b.field[GS_SF_GOAL] == 2 &&
              b.field[GS_SF_GEOGRAPHY] == 1);
    /* Long fields have no terms of their own: refused, saying why. */
    ck_assert_int_eq(gs_boosts_parse(&b, "description=1", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot boost 'description'"));
    ck_assert(b.field[GS_SF_DESCRIPTION] == 0);
    free(err);
    err = NULL;
    ck_assert_int_eq(gs_boosts_parse(&b, "colour=3", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "unknown field 'colour'"));
    free(err);
    err = NULL;
    ck_assert_int_eq(gs_boosts_parse(&b, "title=x", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "bad boost"));
    free(err);
    err = NULL;
    ck_assert_int_eq(gs_boosts_parse(&b, "title", &err), -1);
    free(err);
    err = NULL;
    unsigned m;
    ck_assert_int_eq(gs_facets_parse("status,year,direction,region", &m, &err), 0);
    ck_assert_uint_eq(m, GS_FACET_STATUS | GS_FACET_YEAR | GS_FACET_DIRECTION | GS_FACET_REGION);
    ck_assert_int_eq(gs_facets_parse("status,colour", &m, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "colour"));
    free(err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("query_parser");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, plain_words);
    tcase_add_test(tc, phrases);
    tcase_add_test(tc, exact_prefix_minus);
    tcase_add_test(tc, booleans);
    tcase_add_test(tc, fields);
    tcase_add_test(tc, filters);
    tcase_add_test(tc, malformed);
    tcase_add_test(tc, unknown_field_is_a_word);
    tcase_add_test(tc, nothing_to_search);
    tcase_add_test(tc, limits_and_excerpts);
    tcase_add_test(tc, columns);
    tcase_add_test(tc, deep_nesting);
    tcase_add_test(tc, boosts_and_facets);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
