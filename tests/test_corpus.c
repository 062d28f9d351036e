/* test_corpus.c - the corpus module: Russian forms, the five seed pages,
 * CSV == JSONL, and every kind of bad input (reported, skipped, reading
 * goes on).  Bad inputs are generated in a mkdtemp directory. */
#include "tests/check_util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "corpus/reader.h"
#include "corpus/record.h"

static const char *srcdir(void)
{
    const char *s = getenv("top_srcdir");
    return s ? s : ".";
}

/* Diagnostics collected as "FILE:LINE: reason\n" (warnings "warning: "). */
static char diags[1 << 16];

static void collect(void *ctx, gs_diag_level_t level, const char *file, unsigned long line,
                    const char *reason)
{
    (void)ctx;
    size_t n = strlen(diags);
    snprintf(diags + n, sizeof diags - n, "%s:%lu: %s%s\n", file, line,
             level == GS_DIAG_WARNING ? "warning: " : "", reason);
}

/* Read everything under paths; records in *out (caller frees). */
static size_t read_all(const char *const *paths, size_t npaths, gs_format_t fmt,
                       gs_record_t ***out, gs_reader_stats_t *st, char *summary, size_t slen)
{
    diags[0] = '\0';
    gs_reader_t *r = gs_reader_open(paths, npaths, fmt, collect, NULL);
    ck_assert_ptr_nonnull(r);
    size_t n = 0, cap = 16;
    gs_record_t **recs = malloc(cap * sizeof *recs), *rec;
    while (gs_reader_next(r, &rec) == 1) {
        if (n == cap)
            recs = realloc(recs, (cap *= 2) * sizeof *recs);
        recs[n++] = rec;
    }
    if (st)
        gs_reader_stats(r, st);
    if (summary)
        snprintf(summary, slen, "%s", gs_reader_summary(r));
    gs_reader_close(r);
    *out = recs;
    return n;
}

static void free_all(gs_record_t **recs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gs_record_free(recs[i]);
    free(recs);
}

static gs_record_t *find(gs_record_t **recs, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (recs[i]->str[GS_ID] && strcmp(recs[i]->str[GS_ID], id) == 0)
            return recs[i];
    return NULL;
}

static gs_record_t *read_seed(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data/seeds/%s", srcdir(), name);
    const char *p = path;
    gs_record_t **recs;
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, NULL, NULL, 0);
    ck_assert_uint_eq(n, 1);
    gs_record_t *r = recs[0];
    free(recs);
    return r;
}

static int starts(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends(const char *s, const char *suffix)
{
    size_t a = s ? strlen(s) : 0, b = strlen(suffix);
    return s && a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ---- Russian forms ---- */

START_TEST(parse_forms)
{
    double d;
    int32_t a, b;
    ck_assert_int_eq(gs_parse_amount("998 532,00", &d), 0);
    ck_assert(d == 998532.0);
    ck_assert_int_eq(gs_parse_amount(" 1 484 754,00", &d), 0);
    ck_assert(d == 1484754.0);
    ck_assert_int_eq(gs_parse_amount("1\xC2\xA0" "484\xC2\xA0" "754,50", &d), 0);
    ck_assert(d == 1484754.5);
    ck_assert_int_eq(gs_parse_amount("71,50", &d), 0);
    ck_assert(d == 71.5);
    ck_assert_int_eq(gs_parse_amount("998532.00", &d), 0);
    ck_assert(d == 998532.0);
    ck_assert_int_eq(gs_parse_amount("12 руб", &d), -1);
    ck_assert_int_eq(gs_parse_amount("", &d), -1);
    ck_assert_int_eq(gs_parse_amount("1,2,3", &d), -1);
    ck_assert_int_eq(gs_parse_date("08.07.2021", &a), 0);
    ck_assert_int_eq(a, 20210708);
    ck_assert_int_eq(gs_parse_date("2021-07-08", &a), 0);
    ck_assert_int_eq(a, 20210708);
    ck_assert_int_eq(gs_parse_date("2021-07-08 00:00:00", &a), 0);
    ck_assert_int_eq(a, 20210708);
    ck_assert_int_eq(gs_parse_date("31.02.2021", &a), -1);
    ck_assert_int_eq(gs_parse_date("8.7.2021", &a), -1);
    ck_assert_int_eq(gs_parse_period("01.10.2021 - 31.03.2022", &a, &b), 0);
    ck_assert_int_eq(a, 20211001);
    ck_assert_int_eq(b, 20220331);
    ck_assert_int_eq(gs_parse_period("01.10.2021 \xE2\x80\x93 31.03.2022", &a, &b), 0);
    ck_assert_int_eq(gs_parse_period("01.10.2021", &a, &b), -1);
}
END_TEST

START_TEST(field_names)
{
    ck_assert_int_eq(gs_field_by_name("name"), GS_TITLE);
    ck_assert_int_eq(gs_field_by_name("soc_signif"), GS_SIGNIFICANCE);
    ck_assert_int_eq(gs_field_by_name("pj_geo"), GS_GEOGRAPHY);
    ck_assert_int_eq(gs_field_by_name("req_num"), GS_NUMBER);
    ck_assert_int_eq(gs_field_by_name("web_site"), GS_WEBSITE);
    ck_assert_int_eq(gs_field_by_name("target_groups"), GS_TARGET_GROUPS);
    ck_assert_int_eq(gs_field_by_name("no_such_column"), -1);
    for (int f = 0; f < GS_NSTR; f++)
        ck_assert_int_eq(gs_field_by_name(gs_field_name((gs_field_t)f)), f);
    ck_assert_str_eq(gs_outcome_name(GS_OUTCOME_WINNER), "winner");
    ck_assert_int_eq(gs_format_by_name("csv"), GS_FORMAT_CSV);
    ck_assert_int_eq(gs_format_by_name("xml"), -1);
}
END_TEST

/* ---- the five seeds ---- */

START_TEST(seed_000_rejected_dash_bullets_glued_heading)
{
    gs_record_t *r = read_seed("000_aecc26491bba3cdd.txt");
    ck_assert_str_eq(r->str[GS_ID], "Р39-22-2-000039");
    ck_assert_str_eq(r->str[GS_NUMBER], "Р39-22-2-000039");
    ck_assert(starts(r->str[GS_TITLE], "Академия местного развития. Активное содействие"));
    ck_assert_int_eq(r->status, GS_OUTCOME_REJECTED);
    ck_assert_str_eq(r->str[GS_STATUS_TEXT], "проект не получил поддержки");
    ck_assert_str_eq(r->str[GS_CONTEST],
                     "Второй конкурсный отбор СОНКО Калининградской области в 2022 году");
    ck_assert_str_eq(r->str[GS_DIRECTION],
                     "Развитие институтов гражданского общества и общественного самоуправления");
    ck_assert_int_eq(r->date, 20220810);
    ck_assert_int_eq(r->start, 20221024);
    ck_assert_int_eq(r->end, 20230630);
    ck_assert_int_eq(r->year, 2022);
    ck_assert(isnan(r->amount) && isnan(r->rating));
    ck_assert_str_eq(r->str[GS_INN], "3905035686");
    ck_assert_str_eq(r->str[GS_OGRN], "1023900776734");
    ck_assert(starts(r->str[GS_ORG], "НЕКОММЕРЧЕСКАЯ ОРГАНИЗАЦИЯ ФОНД"));
    ck_assert(starts(r->str[GS_DESCRIPTION], "Предлагаемый проект ориентирован"));
    /* Numbered items and • items stay, one per line; the • marker goes. */
    ck_assert_ptr_nonnull(strstr(r->str[GS_DESCRIPTION], "\n1. Создание Центров"));
    ck_assert_ptr_nonnull(strstr(r->str[GS_DESCRIPTION], "\nОрганизацию и проведение стартовой"));
    ck_assert_ptr_null(strstr(r->str[GS_DESCRIPTION], "•"));
    ck_assert(starts(r->str[GS_GOAL], "Общая цель проекта"));
    ck_assert(starts(r->str[GS_TASKS], "Создание Центров общественных инициатив"));
    ck_assert(ends(r->str[GS_TASKS], "повышения эффективности их работы"));
    ck_assert_ptr_nonnull(strchr(r->str[GS_TASKS], '\n'));
    ck_assert(starts(r->str[GS_SIGNIFICANCE], "Вовлечение активных представителей"));
    /* "…Калининградской областиЦелевые группы": the heading is split off. */
    ck_assert(ends(r->str[GS_GEOGRAPHY], "Янтарный городской округ Калининградской области"));
    ck_assert_str_eq(r->str[GS_TARGET_GROUPS],
                     "Сотрудники Центров культуры и досуга 6 МО региона\n"
                     "Сотрудники некоммерческих неправительственных организаций и активные "
                     "граждане 6 МО Калининградской области");
    ck_assert_str_eq(r->str[GS_ADDRESS], "236006, Калининградская обл, г Калининград, "
                                         "Ленинградский р-н, ул Геологическая, д 1, офис 410");
    ck_assert_ptr_null(r->str[GS_REGION]);
    gs_record_free(r);
}
END_TEST

START_TEST(seed_001_winner_namespace_indented_bullets)
{
    gs_record_t *r = read_seed("001_48bc4d5ad03b609d.txt");
    ck_assert_str_eq(r->str[GS_ID], "Р41-21-1-000017");
    ck_assert_str_eq(r->str[GS_TITLE], "Акселератор социальных проектов сельских территорий");
    ck_assert_int_eq(r->status, GS_OUTCOME_WINNER);
    ck_assert_str_eq(r->str[GS_STATUS_TEXT], "победитель конкурса");
    ck_assert(r->rating == 71.5);
    ck_assert(r->amount == 998532.0);
    ck_assert(r->cofunding == 486222.0);   /* "Cофинансирование" with a Latin C */
    ck_assert(r->total == 1484754.0);
    ck_assert_int_eq(r->date, 20210708);
    ck_assert_int_eq(r->start, 20211001);
    ck_assert_int_eq(r->end, 20220331);
    ck_assert_int_eq(r->year, 2021);
    ck_assert_str_eq(r->str[GS_INN], "4101172490");
    ck_assert_str_eq(r->str[GS_OGRN], "1154100000890");
    ck_assert(starts(r->str[GS_CONTEST], "Конкурс на предоставление субсидий"));
    ck_assert_str_eq(r->str[GS_DIRECTION], "Развитие институтов гражданского общества");
    /* The namespace line is not the title or anything else. */
    for (int f = 0; f < GS_NSTR; f++)
        ck_assert(!r->str[f] || !strstr(r->str[f], "w3.org"));
    /* Paragraphs: four lines, no blank ones. */
    ck_assert(starts(r->str[GS_DESCRIPTION], "В рамках проекта представители"));
    ck_assert_ptr_nonnull(strstr(r->str[GS_DESCRIPTION], "\nПервый модуль акселератора"));
    ck_assert_ptr_nonnull(strstr(r->str[GS_DESCRIPTION], "\nТретий модуль"));
    ck_assert_ptr_null(strstr(r->str[GS_DESCRIPTION], "\n\n"));
    /* "  1. 1. Разработка…": the rendered list number goes, the author's stays. */
    ck_assert(starts(r->str[GS_GOAL], "Повышение компетентности"));
    ck_assert(starts(r->str[GS_TASKS], "1. Разработка организационно- методического"));
    ck_assert_ptr_nonnull(strstr(r->str[GS_TASKS], "\n2. Вовлечение"));
    ck_assert_ptr_nonnull(strstr(r->str[GS_TASKS], "\n3. Создание площадки"));
    ck_assert_str_eq(r->str[GS_GEOGRAPHY],
                     "Муниципальные образования Мильковского и Быстринского МР Камчатского края.");
    ck_assert_str_eq(r->str[GS_TARGET_GROUPS],
                     "Представители инициативных групп и молодых НКО Мильковского и Быстринского МР.");
    ck_assert_str_eq(r->str[GS_ADDRESS], "г Петропавловск-Камчатский, пр-кт Карла Маркса, д 33/1");
    gs_record_free(r);
}
END_TEST

START_TEST(seed_002_no_header)
{
    gs_record_t *r = read_seed("002_b1dd8b135cc461c3.txt");
    /* No number, no title: the id comes from the file name. */
    ck_assert_str_eq(r->str[GS_ID], "b1dd8b135cc461c3");
    ck_assert_ptr_null(r->str[GS_NUMBER]);
    ck_assert_ptr_null(r->str[GS_TITLE]);
    ck_assert_ptr_null(r->str[GS_STATUS_TEXT]);
    ck_assert_int_eq(r->status, GS_OUTCOME_UNKNOWN);
    ck_assert_int_eq(r->date, 0);
    ck_assert_int_eq(r->year, 0);
    ck_assert(starts(r->str[GS_DESCRIPTION], "Основой проекта \"КОНСТРУКТОР СООБЩЕСТВ\""));
    ck_assert(starts(r->str[GS_GOAL], "создание условий для развития сообществ в 25"));
    ck_assert(starts(r->str[GS_TASKS], "Информирование широкой общественности"));
    ck_assert(ends(r->str[GS_TASKS], "\nОбобщить и распространить результаты реализации "
                                     "мероприятий проекта в регионах участниках"));
    ck_assert(starts(r->str[GS_SIGNIFICANCE], "\"Общественный фонд развития города\""));
    ck_assert(starts(r->str[GS_GEOGRAPHY], "25 муниципальных районов"));
    ck_assert_str_eq(r->str[GS_TARGET_GROUPS],
                     "сообщества, муниципальных образований РБ\nлидеры общественного мнения\n"
                     "местные НКО\nинициативные группы при муниципальных организациях\n"
                     "представители ОМСУ");
    ck_assert_str_eq(r->str[GS_ADDRESS], "450098, г Уфа, ул Российская, д 108");
    gs_record_free(r);

    /* The id is stable: the same text read from memory under the same name. */
    gs_record_t *m = gs_page_parse("Цель\nтекст\n", 11, "dir/7_abc.txt.gz", NULL, NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->str[GS_ID], "abc");
    gs_record_free(m);
}
END_TEST

START_TEST(seed_003_rejected_variant_and_dash_lists)
{
    gs_record_t *r = read_seed("003_9776bc2602cc344f.txt");
    ck_assert_str_eq(r->str[GS_ID], "19-1-029373");
    ck_assert_str_eq(r->str[GS_TITLE], "Центр местного сообщества");
    ck_assert_int_eq(r->status, GS_OUTCOME_REJECTED);
    ck_assert_str_eq(r->str[GS_STATUS_TEXT], "проект не получил поддержку");
    ck_assert_str_eq(r->str[GS_CONTEST], "Первый конкурс 2019");
    ck_assert_int_eq(r->date, 20190314);
    ck_assert_int_eq(r->start, 20190901);
    ck_assert_int_eq(r->end, 20200930);
    ck_assert_int_eq(r->year, 2019);
    ck_assert_str_eq(r->str[GS_INN], "2422004134");
    ck_assert_str_eq(r->str[GS_OGRN], "1152468021661");
    ck_assert(starts(r->str[GS_GOAL], "Создание условий для модернизации"));
    ck_assert(starts(r->str[GS_TASKS], "Организовать формы общественно-муниципального"));
    /* List items in the significance keep their text; "-отсутствие" loses its dash. */
    ck_assert_ptr_nonnull(strstr(r->str[GS_SIGNIFICANCE],
                                 "\nневысокий уровень гражданской активности"));
    ck_assert_ptr_nonnull(strstr(r->str[GS_SIGNIFICANCE], "\nотсутствие мониторинга рынка"));
    /* A URL with an application UUID in its query is text, not a secret. */
    ck_assert_ptr_nonnull(strstr(r->str[GS_SIGNIFICANCE],
                                 "item?id=75bb2a2c-69b3-44cb-9052-6409f903a85b"));
    ck_assert(ends(r->str[GS_GEOGRAPHY], "Шушенский районы и г. Минусинск)"));
    ck_assert(starts(r->str[GS_TARGET_GROUPS], "представители малого предпринимательства, - 90 чел\n"
                                               "потребители услуг(товаров) -4500 чел\n"));
    ck_assert_str_eq(r->str[GS_ADDRESS], "662660, Красноярский край, Краснотуранский р-н, "
                                         "село Краснотуранск, ул Ленина, д 22А");
    gs_record_free(r);
}
END_TEST

START_TEST(seed_004_empty_bullet_and_glued_goal)
{
    gs_record_t *r = read_seed("004_d1a8c0c9afa1b8cd.txt");
    ck_assert_str_eq(r->str[GS_ID], "20-1-000694");
    ck_assert(starts(r->str[GS_TITLE], "Фонды местных сообществ - эффективная общественная"));
    ck_assert_int_eq(r->status, GS_OUTCOME_WINNER);
    ck_assert_str_eq(r->str[GS_CONTEST], "Первый конкурс 2020");
    /* "-" then "Рейтинг заявки" with no value: no rating, nothing else hurt. */
    ck_assert(isnan(r->rating));
    ck_assert_str_eq(r->str[GS_NUMBER], "20-1-000694");
    ck_assert_int_eq(r->date, 20191125);
    ck_assert_int_eq(r->start, 20200301);
    ck_assert_int_eq(r->end, 20210831);
    ck_assert_int_eq(r->year, 2020);   /* the contest's year, not the date's */
    ck_assert_str_eq(r->str[GS_INN], "5902219833");
    /* "…малых городах.Цель": the description ends before the glued heading. */
    ck_assert(ends(r->str[GS_DESCRIPTION], "малых городах."));
    ck_assert(starts(r->str[GS_GOAL], "Формирование условий для создания и устойчивого"));
    ck_assert_ptr_null(strchr(r->str[GS_GOAL], '\n'));
    ck_assert(starts(r->str[GS_TASKS], "Проведение комплекса мероприятий"));
    ck_assert(ends(r->str[GS_GEOGRAPHY], "Красноярский край, Пермский край"));
    ck_assert(starts(r->str[GS_TARGET_GROUPS], "руководители и сотрудники действующих"));
    ck_assert_str_eq(r->str[GS_ADDRESS], "614015, г Пермь, ул Советская, д 51А");
    gs_record_free(r);
}
END_TEST

START_TEST(seeds_hold_no_api_key)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data/seeds", srcdir());
    const char *p = path;
    gs_record_t **recs;
    gs_reader_stats_t st;
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, &st, NULL, 0);
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(st.records, 5);
    ck_assert_uint_ge(st.secrets, 4);   /* four pages carry the JSON blob */
    for (size_t i = 0; i < n; i++) {
        char *j = gs_record_to_json(recs[i]);
        ck_assert_ptr_null(strstr(j, "yandexApiKey"));
        ck_assert_ptr_null(strstr(j, "e5e6c343-cc1c-412c-a4b3-c9a674a73851"));
        ck_assert_ptr_null(strstr(j, "b1758ed1-6f6a-4001-8391"));
        for (int f = 0; f < GS_NSTR; f++)
            ck_assert(!recs[i]->str[f] || (!strstr(recs[i]->str[f], "e5e6c343") &&
                                            !strstr(recs[i]->str[f], "b1758ed1")));
        free(j);
    }
    ck_assert_ptr_null(strstr(diags, "e5e6c343"));
    free_all(recs, n);
    /* Tokens elsewhere are dropped too. */
    const char *line = "{\"id\":\"x1\",\"title\":\"Проект\",\"apiToken\":\"zzz\","
                       "\"description\":\"ключ 0123456789abcdef0123456789abcdef01 конец\"}\n";
    gs_reader_t *r = gs_reader_open_memory(line, strlen(line), "mem.jsonl", GS_FORMAT_AUTO, NULL,
                                           NULL);
    gs_record_t *rec;
    ck_assert_int_eq(gs_reader_next(r, &rec), 1);
    ck_assert_ptr_null(strstr(rec->str[GS_DESCRIPTION], "0123456789abcdef"));
    ck_assert(starts(rec->str[GS_DESCRIPTION], "ключ "));
    gs_reader_stats(r, &st);
    ck_assert_uint_eq(st.secrets, 2);
    gs_record_free(rec);
    gs_reader_close(r);
}
END_TEST

/* ---- the same records in CSV and JSONL ---- */

static void assert_same(gs_record_t **a, size_t na, gs_record_t **b, size_t nb)
{
    ck_assert_uint_eq(na, nb);
    for (size_t i = 0; i < na; i++) {
        char *ja = gs_record_to_json(a[i]), *jb = gs_record_to_json(b[i]);
        ck_assert_str_eq(ja, jb);
        free(ja);
        free(jb);
    }
}

START_TEST(csv_equals_jsonl_seeds)
{
    char c[4096], j[4096];
    snprintf(c, sizeof c, "%s/tests/data/corpus/seeds.csv", srcdir());
    snprintf(j, sizeof j, "%s/tests/data/corpus/seeds.jsonl", srcdir());
    const char *pc = c, *pj = j;
    gs_record_t **rc, **rj;
    size_t nc = read_all(&pc, 1, GS_FORMAT_AUTO, &rc, NULL, NULL, 0);
    ck_assert_msg(diags[0] == '\0', "%s", diags);
    size_t nj = read_all(&pj, 1, GS_FORMAT_AUTO, &rj, NULL, NULL, 0);
    ck_assert_msg(diags[0] == '\0', "%s", diags);
    ck_assert_uint_eq(nc, 5);
    assert_same(rc, nc, rj, nj);
    /* And they are the pages' records, status wording aside. */
    gs_record_t *page = read_seed("001_48bc4d5ad03b609d.txt");
    gs_record_t *fromcsv = find(rc, nc, "Р41-21-1-000017");
    ck_assert_ptr_nonnull(fromcsv);
    ck_assert(fromcsv->amount == page->amount && fromcsv->total == page->total);
    ck_assert_int_eq(fromcsv->start, page->start);
    ck_assert_str_eq(fromcsv->str[GS_TASKS], page->str[GS_TASKS]);
    ck_assert_int_eq(fromcsv->status, page->status);
    gs_record_free(page);
    free_all(rc, nc);
    free_all(rj, nj);
}
END_TEST

/* The shared dev collection: 925 records in both forms.  The files differ
 * in known ways, which the comparison allows and nothing else: the CSV has
 * ';' turned into ','; the five seed rows lack date and amount in the CSV
 * and say TRUE/FALSE where the JSONL has the wording; the page without a
 * number carries its id as req_num in the CSV. */
START_TEST(csv_equals_jsonl_dev)
{
    const char *shared = getenv("SHARED_DIR");
    char c[4096], j[4096];
    snprintf(c, sizeof c, "%s/corpus/dev/collection.csv", shared ? shared : "/nonexistent");
    snprintf(j, sizeof j, "%s/corpus/dev/collection.jsonl", shared ? shared : "/nonexistent");
    if (access(c, R_OK) != 0 || access(j, R_OK) != 0) {
        printf("skipped: csv_equals_jsonl_dev (no %s)\n", c);
        return;
    }
    const char *pc = c, *pj = j;
    gs_record_t **rc, **rj;
    size_t nc = read_all(&pc, 1, GS_FORMAT_AUTO, &rc, NULL, NULL, 0);
    size_t nj = read_all(&pj, 1, GS_FORMAT_AUTO, &rj, NULL, NULL, 0);
    ck_assert_uint_eq(nc, 925);
    ck_assert_uint_eq(nj, 925);
    for (size_t i = 0; i < nc; i++) {
        gs_record_t *a = rc[i], *b = rj[i];
        ck_assert_str_eq(a->str[GS_ID], b->str[GS_ID]);
        ck_assert_int_eq(a->status, b->status);
        ck_assert_int_eq(a->year, b->year);
        for (int f = 0; f < GS_NSTR; f++) {
            if (f == GS_STATUS_TEXT || f == GS_NUMBER)
                continue;
            const char *x = a->str[f], *y = b->str[f];
            ck_assert_msg(!x == !y, "%s: %s present in one form only", a->str[GS_ID],
                          gs_field_name((gs_field_t)f));
            if (!x)
                continue;
            char *yc = strdup(y);
            for (char *p = yc; *p; p++)
                if (*p == ';')
                    *p = ',';
            ck_assert_msg(strcmp(x, yc) == 0, "%s: %s differs", a->str[GS_ID],
                          gs_field_name((gs_field_t)f));
            free(yc);
        }
        if (a->date)
            ck_assert_int_eq(a->date, b->date);
        ck_assert(!a->str[GS_NUMBER] || !b->str[GS_NUMBER] ||
                  strcmp(a->str[GS_NUMBER], b->str[GS_NUMBER]) == 0);
    }
    free_all(rc, nc);
    free_all(rj, nj);
}
END_TEST

START_TEST(json_round_trip)
{
    gs_record_t *r = read_seed("001_48bc4d5ad03b609d.txt");
    char *j = gs_record_to_json(r);
    ck_assert_ptr_nonnull(strstr(j, "\"date\":\"2021-07-08\""));
    ck_assert_ptr_nonnull(strstr(j, "\"status\":\"winner\""));
    const char *why = NULL;
    gs_record_t *back = gs_record_from_json(j, strlen(j), &why);
    ck_assert_ptr_nonnull(back);
    char *j2 = gs_record_to_json(back);
    ck_assert_str_eq(j, j2);
    ck_assert_ptr_null(gs_record_from_json("{\"title\":", 9, &why));
    ck_assert_ptr_nonnull(why);
    ck_assert_ptr_null(gs_record_from_json("[1]", 3, &why));
    free(j);
    free(j2);
    gs_record_free(r);
    gs_record_free(back);
}
END_TEST

/* ---- bad input ---- */

static void write_file(const char *name, const void *data, size_t len)
{
    FILE *f = fopen(tmpdir_path(name), "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void write_str(const char *name, const char *s)
{
    write_file(name, s, strlen(s));
}

/* Read one temp file; check the good ids came through and the message. */
static void expect(const char *name, gs_format_t fmt, const char *const *ids, size_t nids,
                   const char *message)
{
    const char *p = tmpdir_path(name);
    gs_record_t **recs;
    size_t n = read_all(&p, 1, fmt, &recs, NULL, NULL, 0);
    ck_assert_msg(n == nids, "%s: %zu records, expected %zu; diags:\n%s", name, n, nids, diags);
    for (size_t i = 0; i < nids; i++)
        ck_assert_msg(find(recs, n, ids[i]), "%s: %s missing", name, ids[i]);
    if (message) {
        char full[1024];
        snprintf(full, sizeof full, "%s/%s", tmpdir, message);
        ck_assert_msg(strstr(diags, full), "%s: expected \"%s\" in:\n%s", name, full, diags);
    }
    free_all(recs, n);
}

#define GOOD1 "{\"id\":\"g1\",\"title\":\"Первый\"}\n"
#define GOOD2 "{\"id\":\"g2\",\"title\":\"Второй\"}\n"
static const char *const both[] = {"g1", "g2"};
#define CSVHEAD "name;req_num;contest;description\n"

START_TEST(bad_utf8_nul_json)
{
    tmpdir_make("corpus");
    write_str("utf8.jsonl", GOOD1 "{\"id\":\"b\",\"title\":\"\xD0\x28\xFF\"}\n" GOOD2);
    expect("utf8.jsonl", GS_FORMAT_AUTO, both, 2, "utf8.jsonl:2: invalid UTF-8");
    write_file("nul.jsonl", GOOD1 "{\"id\":\"b\",\"title\":\"a\0b\"}\n" GOOD2,
               sizeof(GOOD1 "{\"id\":\"b\",\"title\":\"a\0b\"}\n" GOOD2) - 1);
    expect("nul.jsonl", GS_FORMAT_AUTO, both, 2, "nul.jsonl:2: NUL byte");
    write_str("syntax.jsonl", GOOD1 "{\"id\":\"b\",\"title\":\"x\"\n" GOOD2);
    expect("syntax.jsonl", GS_FORMAT_AUTO, both, 2, "syntax.jsonl:2: JSON syntax error");
    write_str("notext.jsonl", GOOD1 "{\"id\":\"b\",\"contest\":\"Первый конкурс 2020\"}\n" GOOD2);
    expect("notext.jsonl", GS_FORMAT_AUTO, both, 2,
           "notext.jsonl:2: record has neither title nor any text");
    write_str("badval.jsonl", "{\"id\":\"g1\",\"title\":\"x\",\"date\":\"скоро\"}\n" GOOD2);
    expect("badval.jsonl", GS_FORMAT_AUTO, both, 2,
           "badval.jsonl:1: warning: field \"date\": bad date, value ignored");
    tmpdir_remove();
}
END_TEST

START_TEST(bad_big_field)
{
    tmpdir_make("corpus");
    size_t big = 10u << 20;
    char *s = malloc(big + 200);
    size_t n = (size_t)sprintf(s, GOOD1 "{\"id\":\"b\",\"title\":\"");
    memset(s + n, 'a', big);
    n += big;
    n += (size_t)sprintf(s + n, "\"}\n" GOOD2);
    write_file("big.jsonl", s, n);
    expect("big.jsonl", GS_FORMAT_AUTO, both, 2, "big.jsonl:2: field \"title\" larger than 1 MiB");
    /* The same in CSV, and in a page. */
    n = (size_t)sprintf(s, CSVHEAD "Первый;g1;К;т\n\"");
    memset(s + n, 'a', big);
    n += big;
    n += (size_t)sprintf(s + n, "\";b;К;т\nВторой;g2;К;т\n");
    write_file("big.csv", s, n);
    expect("big.csv", GS_FORMAT_AUTO, both, 2, "big.csv:3: field 1 is larger than the 1 MiB limit");
    n = (size_t)sprintf(s, "Статус проекта: победитель конкурса\nЗаголовок\nКраткое описание\n");
    memset(s + n, 'a', big);
    n += big;
    write_file("big.txt", s, n);
    expect("big.txt", GS_FORMAT_AUTO, NULL, 0, "big.txt:0: field larger than 1 MiB");
    /* A line over 16 MiB is skipped without holding it. */
    size_t huge = 17u << 20;
    s = realloc(s, huge + 200);
    n = (size_t)sprintf(s, GOOD1 "{\"id\":\"b\",\"title\":\"");
    memset(s + n, 'a', huge);
    n += huge;
    n += (size_t)sprintf(s + n, "\"}\n" GOOD2);
    write_file("huge.jsonl", s, n);
    expect("huge.jsonl", GS_FORMAT_AUTO, both, 2, "huge.jsonl:2: line of");
    free(s);
    tmpdir_remove();
}
END_TEST

START_TEST(bad_csv)
{
    tmpdir_make("corpus");
    write_str("count.csv", CSVHEAD "Первый;g1;К;т\nЛишний;b;К;т;еще\nВторой;g2;К;т\n");
    expect("count.csv", GS_FORMAT_AUTO, both, 2,
           "count.csv:3: CSV row has 5 fields, the header has 4");
    /* Multi-line quoted fields count lines right; an unterminated quote is
     * reported at its row and the rows it swallowed are re-read. */
    write_str("quote.csv", CSVHEAD "Первый;g1;К;\"две\nстроки\"\nПлохой;b;К;\"нет конца\n"
                           "Второй;g2;К;т\n");
    expect("quote.csv", GS_FORMAT_AUTO, both, 2, "quote.csv:4: unterminated quote in field 4");
    write_str("cols.csv", "name;req_num;colour;description\nПервый;g1;red;т\nВторой;g2;blue;т\n");
    expect("cols.csv", GS_FORMAT_AUTO, both, 2,
           "cols.csv:1: warning: unknown CSV columns ignored: colour");
    write_str("order.csv", "description;req_num;name;year;money_req_grant;winner;date_req\n"
                           "т;g1;Первый;2021;998 532,00;TRUE;08.07.2021\n"
                           "\"x;\"\"y\"\"\";g2;Второй;2022;1.5;FALSE;2022-01-02\n");
    const char *p = tmpdir_path("order.csv");
    gs_record_t **recs;
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, NULL, NULL, 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(recs[0]->str[GS_TITLE], "Первый");
    ck_assert(recs[0]->amount == 998532.0);
    ck_assert_int_eq(recs[0]->status, GS_OUTCOME_WINNER);
    ck_assert_int_eq(recs[0]->date, 20210708);
    ck_assert_str_eq(recs[1]->str[GS_DESCRIPTION], "x;\"y\"");
    ck_assert_int_eq(recs[1]->status, GS_OUTCOME_REJECTED);
    ck_assert_int_eq(recs[1]->year, 2022);
    free_all(recs, n);
    tmpdir_remove();
}
END_TEST

START_TEST(bad_files)
{
    tmpdir_make("corpus");
    write_str("empty.txt", "");
    expect("empty.txt", GS_FORMAT_AUTO, NULL, 0, "empty.txt:0: empty file");
    unsigned char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 7 + 3);
    write_file("bin.dat", bin, sizeof bin);
    expect("bin.dat", GS_FORMAT_AUTO, NULL, 0, "bin.dat:0: binary file");
    /* gzip, detected by content whatever the name; and cut short. */
    const char *text = GOOD1 GOOD2;
    gzFile gz = gzopen(tmpdir_path("ok.data"), "wb");
    gzwrite(gz, text, (unsigned)strlen(text));
    gzclose(gz);
    expect("ok.data", GS_FORMAT_AUTO, both, 2, NULL);
    FILE *f = fopen(tmpdir_path("ok.data"), "rb");
    unsigned char zbuf[4096];
    size_t zn = fread(zbuf, 1, sizeof zbuf, f);
    fclose(f);
    write_file("cut.jsonl.gz", zbuf, zn - 6);
    expect("cut.jsonl.gz", GS_FORMAT_AUTO, both, 2, "cut.jsonl.gz:3: truncated gzip data");
    /* A larger stream cut in the middle: the records before the cut come through. */
    char *many = malloc(200000), *m = many;
    for (int i = 0; i < 3000; i++)
        m += sprintf(m, "{\"id\":\"m%d\",\"title\":\"запись %d\"}\n", i, i);
    gz = gzopen(tmpdir_path("many.gz"), "wb");
    gzwrite(gz, many, (unsigned)(m - many));
    gzclose(gz);
    f = fopen(tmpdir_path("many.gz"), "rb");
    unsigned char *zb = malloc(200000);
    zn = fread(zb, 1, 200000, f);
    fclose(f);
    write_file("many-cut.gz", zb, zn / 2);
    const char *p = tmpdir_path("many-cut.gz");
    gs_record_t **recs;
    gs_reader_stats_t st;
    char summary[512];
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, &st, summary, sizeof summary);
    ck_assert_uint_gt(n, 10);
    ck_assert_uint_lt(n, 3000);
    ck_assert_ptr_nonnull(strstr(diags, "truncated gzip data"));
    ck_assert_ptr_nonnull(strstr(summary, "1 bad gzip"));
    free_all(recs, n);
    free(many);
    free(zb);
    tmpdir_remove();
}
END_TEST

START_TEST(duplicates_and_directories)
{
    tmpdir_make("corpus");
    ck_assert_int_eq(mkdir(tmpdir_path("sub"), 0700), 0);
    write_str("sub/a.jsonl", GOOD1 "{\"number\":\"dup-1\",\"title\":\"раньше\"}\n");
    write_str("sub/b.csv", CSVHEAD "Позже;dup-1;К;т\nВторой;g2;К;т\n");
    char seed[4096];
    snprintf(seed, sizeof seed, "%s/data/seeds/004_d1a8c0c9afa1b8cd.txt", srcdir());
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "gzip -c '%s' > '%s/sub/page.gz'", seed, tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    write_str("sub/.hidden.jsonl", "{\"id\":\"hidden\",\"title\":\"x\"}\n");
    const char *p = tmpdir;
    gs_record_t **recs;
    gs_reader_stats_t st;
    char summary[512];
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, &st, summary, sizeof summary);
    ck_assert_uint_eq(n, 5);   /* g1, dup-1 twice (the later replaces), g2, the page */
    ck_assert_uint_eq(st.duplicates, 1);
    ck_assert_uint_eq(st.files, 3);
    ck_assert_ptr_nonnull(find(recs, n, "20-1-000694"));
    ck_assert_ptr_null(find(recs, n, "hidden"));
    char msg[1024];
    snprintf(msg, sizeof msg, "%s/sub/b.csv:2: warning: duplicate application number dup-1 "
                              "(first at %s/sub/a.jsonl:2); this record replaces it", tmpdir, tmpdir);
    ck_assert_msg(strstr(diags, msg), "expected %s in:\n%s", msg, diags);
    ck_assert_str_eq(summary, "5 records read, 0 skipped, 1 duplicate replaced, 1 secret dropped");
    ck_assert_uint_gt(st.bytes_total, 0);
    ck_assert_uint_eq(st.bytes_read, st.bytes_total);
    free_all(recs, n);

    /* --format forces: a CSV read as JSONL is all syntax errors, counted. */
    p = tmpdir_path("sub/b.csv");
    n = read_all(&p, 1, GS_FORMAT_JSONL, &recs, &st, summary, sizeof summary);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(summary, "0 records read, 3 skipped (3 bad JSON)");
    free_all(recs, n);
    tmpdir_remove();
}
END_TEST

START_TEST(summary_counts_reasons)
{
    tmpdir_make("corpus");
    write_str("mix.jsonl", GOOD1 "{\"id\":\"b\",\"title\":\"\xFF\"}\n{bad\n{\"id\":\"c\"}\n" GOOD2);
    const char *p = tmpdir_path("mix.jsonl");
    gs_record_t **recs;
    char summary[512];
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, NULL, summary, sizeof summary);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(summary,
                     "2 records read, 3 skipped (1 invalid UTF-8, 1 bad JSON, 1 no title or text)");
    free_all(recs, n);
    tmpdir_remove();
}
END_TEST

/* ---- hostile inputs (issue 13): layouts, encodings, links, floods ---- */

/* Count the occurrences of needle in diags. */
static int count_diag(const char *needle)
{
    int n = 0;
    for (const char *d = diags; (d = strstr(d, needle)); d++)
        n++;
    return n;
}

/* s (UTF-8, BMP only) as UTF-16LE into out; its length in bytes. */
static size_t to_utf16le(const char *s, unsigned char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        unsigned cp = *p++;
        if (cp >= 0xE0)
            cp = (cp & 0x0F) << 12 | (unsigned)(p[0] & 0x3F) << 6 | (p[1] & 0x3F), p += 2;
        else if (cp >= 0xC0)
            cp = (cp & 0x1F) << 6 | (p[0] & 0x3F), p++;
        out[n++] = (unsigned char)(cp & 0xFF);
        out[n++] = (unsigned char)(cp >> 8);
    }
    return n;
}

START_TEST(json_array_file)
{
    tmpdir_make("corpus");
    /* A pretty-printed export: elements over several lines, a string with
     * brackets and an escaped quote, one element that is no object. */
    write_str("array1.jsonl", "[\n  {\"id\": \"g1\",\n   \"title\": \"Первый [x] \\\"}\"},\n"
                              "  42,\n  {\"id\":\"g2\",\"title\":\"Второй\"}, {\"id\":\"g3\","
                              "\"title\":\"Третий\"}\n]\n");
    static const char *const three[] = {"g1", "g2", "g3"};
    expect("array1.jsonl", GS_FORMAT_AUTO, three, 3,
           "array1.jsonl:4: element 2 of the JSON array is not an object");
    ck_assert_int_eq(count_diag("array1.jsonl"), 1);
    /* One object spread over lines is one record, not line-by-line errors. */
    write_str("pretty.json", "{\n  \"id\": \"g1\",\n  \"title\": \"Первый\"\n}\n{\"id\":\"g2\","
                             "\n\"title\":\"Второй\"}\n");
    expect("pretty.json", GS_FORMAT_AUTO, both, 2, NULL);
    ck_assert_str_eq(diags, "");
    /* Cut short, or followed by junk: said, what came before kept. */
    write_str("cut.json", "[" "{\"id\":\"g1\",\"title\":\"Первый\"},\n{\"id\":\"g2\",\"title\":\"Второй\"},\n{\"id\":\"x\"");
    expect("cut.json", GS_FORMAT_AUTO, both, 2, "cut.json:3: JSON value not closed");
    write_str("junk.json", "[{\"id\":\"g1\",\"title\":\"Первый\"},{\"id\":\"g2\",\"title\":\"Второй\"}]\nxyz\n");
    expect("junk.json", GS_FORMAT_AUTO, both, 2, "junk.json:2: data after the end of the JSON array");
    /* A JSONL file whose first line is cut short stays JSON Lines: one error. */
    write_str("cutfirst.jsonl", "{\"id\":\"b\",\"title\":\"обрыв\n" GOOD1 GOOD2);
    expect("cutfirst.jsonl", GS_FORMAT_AUTO, both, 2, "cutfirst.jsonl:1: JSON syntax error");
    tmpdir_remove();
}
END_TEST

START_TEST(long_blank_prefix)
{
    tmpdir_make("corpus");
    size_t nb = 70000;
    char *buf = malloc(nb + 200);
    memset(buf, '\n', nb);
    strcpy(buf + nb, GOOD1 "{bad\n" GOOD2);
    write_str("blank.jsonl", buf);
    expect("blank.jsonl", GS_FORMAT_AUTO, both, 2, "blank.jsonl:70002: JSON syntax error");
    /* Blank lines with spaces and CRs before a CSV header. */
    memset(buf, ' ', nb);
    for (size_t i = 0; i < nb; i += 100)
        buf[i] = '\n', buf[i + 1] = '\r';
    strcpy(buf + nb, "\n" CSVHEAD "Первый;g1;к;текст\nВторой;g2;к;текст\n");
    write_str("blank.csv", buf);
    expect("blank.csv", GS_FORMAT_AUTO, both, 2, NULL);
    free(buf);
    tmpdir_remove();
}
END_TEST

START_TEST(encodings)
{
    tmpdir_make("corpus");
    /* cp1251: "Первый", "Второй". */
    write_str("cp.jsonl", "{\"id\":\"g1\",\"title\":\"\xCF\xE5\xF0\xE2\xFB\xE9\"}\n"
                          "{\"id\":\"g2\",\"title\":\"\xC2\xF2\xEE\xF0\xEE\xE9 \xAB\xF2\xE5\xEA\xF1\xF2\xBB\"}\n");
    expect("cp.jsonl", GS_FORMAT_AUTO, both, 2,
           "cp.jsonl:0: warning: file is in cp1251 (Windows Cyrillic), not UTF-8");
    const char *p = tmpdir_path("cp.jsonl");
    gs_record_t **recs;
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, NULL, NULL, 0);
    ck_assert_str_eq(find(recs, n, "g1")->str[GS_TITLE], "Первый");
    ck_assert_str_eq(find(recs, n, "g2")->str[GS_TITLE], "Второй «текст»");
    free_all(recs, n);
    /* UTF-16, with and without a BOM. */
    static const char text[] = GOOD1 GOOD2;
    unsigned char u16[1024] = {0xFF, 0xFE};
    size_t len = to_utf16le(text, u16 + 2);
    write_file("bom16.jsonl", u16, len + 2);
    expect("bom16.jsonl", GS_FORMAT_AUTO, both, 2, "bom16.jsonl:0: warning: file is in UTF-16LE");
    write_file("le16.jsonl", u16 + 2, len);
    expect("le16.jsonl", GS_FORMAT_AUTO, both, 2, "le16.jsonl:0: warning: file is in UTF-16LE");
    p = tmpdir_path("le16.jsonl");
    n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, NULL, NULL, 0);
    ck_assert_str_eq(find(recs, n, "g2")->str[GS_TITLE], "Второй");
    free_all(recs, n);
    /* A UTF-8 file with one cp1251 line: that line is the error, with a
     * hint; the rest comes in (it used to be "binary", all lost). */
    write_str("mixed.jsonl", GOOD1 "{\"id\":\"b\",\"title\":\"\xCF\xE5\xF0\xE2\xFB\xE9 \xE8 "
                             "\xE2\xF2\xEE\xF0\xEE\xE9\"}\n" GOOD2);
    expect("mixed.jsonl", GS_FORMAT_AUTO, both, 2, "mixed.jsonl:2: invalid UTF-8");
    ck_assert_ptr_nonnull(strstr(diags, "iconv -f cp1251 -t utf-8"));
    /* Real binary data is still refused as such. */
    unsigned char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 2654435761u >> 13);
    write_file("noise.bin", bin, sizeof bin);
    expect("noise.bin", GS_FORMAT_AUTO, NULL, 0, "noise.bin:0: binary file");
    tmpdir_remove();
}
END_TEST

START_TEST(utf8_bom)
{
    tmpdir_make("corpus");
    write_str("bom.jsonl", "\xEF\xBB\xBF" GOOD1 GOOD2);
    expect("bom.jsonl", GS_FORMAT_AUTO, both, 2, NULL);
    ck_assert_str_eq(diags, "");
    write_str("bom.csv", "\xEF\xBB\xBF" CSVHEAD "Первый;g1;к;текст\nВторой;g2;к;текст\n");
    expect("bom.csv", GS_FORMAT_AUTO, both, 2, NULL);
    write_str("bom.txt", "\xEF\xBB\xBFПроект без шапки\nи его текст\n");
    const char *p = tmpdir_path("bom.txt");
    gs_record_t **recs;
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, NULL, NULL, 0);
    ck_assert_uint_eq(n, 1);
    ck_assert(starts(recs[0]->str[GS_DESCRIPTION], "Проект без шапки"));
    free_all(recs, n);
    /* The page parser's own entry (similar --file) too. */
    static const char page[] = "\xEF\xBB\xBFПобедитель конкурса\nНазвание проекта\n";
    gs_record_t *r = gs_page_parse(page, sizeof page - 1, "p.txt", NULL, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_null(strstr(r->str[GS_TITLE] ? r->str[GS_TITLE] : "", "\xEF\xBB\xBF"));
    gs_record_free(r);
    tmpdir_remove();
}
END_TEST

START_TEST(links_and_special_files)
{
    tmpdir_make("corpus");
    ck_assert_int_eq(mkdir(tmpdir_path("sub"), 0700), 0);
    write_str("sub/r.jsonl", GOOD1 GOOD2);
    ck_assert_int_eq(symlink("..", tmpdir_path("sub/up")), 0);
    ck_assert_int_eq(symlink(".", tmpdir_path("self")), 0);
    ck_assert_int_eq(symlink("sub/r.jsonl", tmpdir_path("link.jsonl")), 0);
    ck_assert_int_eq(mkfifo(tmpdir_path("fifo"), 0600), 0);
    const char *p = tmpdir;
    gs_record_t **recs;
    gs_reader_stats_t st;
    char summary[512];
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, &st, summary, sizeof summary);
    ck_assert_uint_eq(n, 2);   /* each file once */
    ck_assert_uint_eq(st.duplicates, 0);
    ck_assert_uint_eq(st.skipped, 0);
    ck_assert_uint_eq(st.not_read, 4);
    ck_assert_int_eq(count_diag("\n"), 4);   /* one line each */
    char msg[600];
    snprintf(msg, sizeof msg, "%s/fifo:0: warning: a FIFO; not read", tmpdir);
    ck_assert_msg(strstr(diags, msg), "%s", diags);
    snprintf(msg, sizeof msg, "%s/sub/up:0: warning: directory already read as %s;", tmpdir, tmpdir);
    ck_assert_msg(strstr(diags, msg), "%s", diags);
    ck_assert_ptr_nonnull(strstr(summary, ", 4 paths not read"));
    free_all(recs, n);
    tmpdir_remove();
}
END_TEST

START_TEST(duplicate_warnings_capped)
{
    tmpdir_make("corpus");
    char *buf = malloc(40 * sizeof GOOD1);
    buf[0] = '\0';
    for (int i = 0; i < 30; i++)
        strcat(buf, GOOD1);
    write_str("dups.jsonl", buf);
    free(buf);
    const char *p = tmpdir_path("dups.jsonl");
    gs_record_t **recs;
    gs_reader_stats_t st;
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, &st, NULL, 0);
    ck_assert_uint_eq(n, 30);
    ck_assert_uint_eq(st.duplicates, 29);
    ck_assert_int_eq(count_diag("warning: duplicate application number"), 10);
    char msg[600];
    snprintf(msg, sizeof msg, "%s/dups.jsonl:0: warning: ... and 19 more duplicate application "
                              "numbers not shown; 29 replaced in all\n", tmpdir);
    ck_assert_msg(strstr(diags, msg), "%s", diags);
    ck_assert_int_eq(count_diag("\n"), 11);
    free_all(recs, n);
    tmpdir_remove();
}
END_TEST

START_TEST(csv_duplicate_column)
{
    tmpdir_make("corpus");
    write_str("dup.csv", "name;req_num;description;title\n;g1;текст;Второй\nПервый;g2;текст;Иное\n");
    const char *p = tmpdir_path("dup.csv");
    gs_record_t **recs;
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, NULL, NULL, 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(find(recs, n, "g1")->str[GS_TITLE], "Второй");   /* the first non-empty */
    ck_assert_str_eq(find(recs, n, "g2")->str[GS_TITLE], "Первый");
    char msg[600];
    snprintf(msg, sizeof msg, "%s/dup.csv:1: warning: CSV column \"title\" (column 4) sets the "
                              "same field as \"name\" (column 1)", tmpdir);
    ck_assert_msg(strstr(diags, msg), "%s", diags);
    free_all(recs, n);
    tmpdir_remove();
}
END_TEST

START_TEST(control_characters_in_numbers)
{
    tmpdir_make("corpus");
    write_str("esc.jsonl", GOOD1 "{\"number\":\"19-1-\\u001b[31m1\",\"title\":\"x\"}\n"
                           "{\"id\":\"a\\u009b2J\",\"title\":\"x\"}\n"
                           "{\"id\":\"a\\u007f\",\"title\":\"x\"}\n" GOOD2);
    expect("esc.jsonl", GS_FORMAT_AUTO, both, 2,
           "esc.jsonl:2: the application number holds a control character (U+001B)");
    ck_assert_ptr_nonnull(strstr(diags, "esc.jsonl:3: the application id holds a control character (U+009B)"));
    ck_assert_ptr_nonnull(strstr(diags, "esc.jsonl:4: the application id holds a control character (U+007F)"));
    write_str("esc.csv", CSVHEAD "Первый;g1;к;текст\nX;19-1-\x1b;к;текст\nВторой;g2;к;текст\n");
    expect("esc.csv", GS_FORMAT_AUTO, both, 2, "esc.csv:3: the application number holds a control");
    /* A page's number line, after blank lines (the line is the file's). */
    write_str("esc.txt", "\n\nПобедитель конкурса\nПроект\n- Номер заявки 19-1-\x1b]0;x\x07\n");
    expect("esc.txt", GS_FORMAT_AUTO, NULL, 0,
           "esc.txt:3: the application number holds a control character (U+001B)");
    tmpdir_remove();
}
END_TEST

START_TEST(secret_shapes)
{
    static const char line[] =
        "{\"id\":\"s1\",\"title\":\"Проект\",\"description\":\""
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U. "
        "Токен eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU в письме. "
        "Ключ AKIAIOSFODNN7EXAMPLE тут. "
        "База https://admin:s3cr3t@P@db.example.org/x и https://example.com/page?id=7. "
        "Пароль: Qwerty!2024 для входа; password=hunter22; ключ API: abc123def; ПАРОЛЬ : Zz9-xx. "
        "ключ 9a8b7c6d-1234-5678-9abc-0123456789ab для карты. ИНН 2422004134, ОГРН "
        "1152468021661, заявка 19-1-029373. "
        "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAx\\nQmFzZTY0\\n-----END RSA PRIVATE "
        "KEY----- хвост.\"}\n";
    gs_reader_t *r = gs_reader_open_memory(line, sizeof line - 1, "mem.jsonl", GS_FORMAT_AUTO,
                                           NULL, NULL);
    gs_record_t *rec;
    ck_assert_int_eq(gs_reader_next(r, &rec), 1);
    const char *d = rec->str[GS_DESCRIPTION];
    static const char *const gone[] = {"eyJ", "dozjg", "AKIAIOSFODNN7EXAMPLE", "s3cr3t", "admin",
                                       "Qwerty", "hunter22", "abc123def", "Zz9-xx", "MIIE",
                                       "QmFzZTY0", "PRIVATE"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        ck_assert_msg(!strstr(d, gone[i]), "%s kept in: %s", gone[i], d);
    static const char *const kept[] = {
        "ключ 9a8b7c6d-1234-5678-9abc-0123456789ab для карты", "ИНН 2422004134",
        "1152468021661", "заявка 19-1-029373", "https://example.com/page?id=7",
        "https://db.example.org/x", "Пароль: ", "Authorization: Bearer ", " хвост."};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        ck_assert_msg(strstr(d, kept[i]), "%s lost in: %s", kept[i], d);
    gs_reader_stats_t st;
    gs_reader_stats(r, &st);
    ck_assert_uint_eq(st.secrets, 9);
    gs_record_free(rec);
    gs_reader_close(r);
}
END_TEST

/* Each record says where it came from as fields: the path as given and the
 * line its text starts on (a CSV row's first line, a JSON Lines line, a
 * page's first line of text after blank ones) -- no "FILE:LINE" to split. */
START_TEST(records_carry_file_and_line)
{
    tmpdir_make("corpus");
    write_str("a:1.csv", CSVHEAD "\nПервый;g1;К;\"две\nстроки\"\nВторой;g2;К;т\n");
    write_str("b.jsonl", "\n{\"name\":\"Третий\",\"req_num\":\"g3\"}\n");
    write_str("c.txt", "\n\n\nЦель\nтекст страницы\n");
    const char *paths[3] = {tmpdir_path("a:1.csv"), tmpdir_path("b.jsonl"), tmpdir_path("c.txt")};
    gs_record_t **recs;
    size_t n = read_all(paths, 3, GS_FORMAT_AUTO, &recs, NULL, NULL, 0);
    ck_assert_uint_eq(n, 4);
    static const unsigned long lines[4] = {3, 5, 2, 4};
    static const int file_of[4] = {0, 0, 1, 2};
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(recs[i]->file, paths[file_of[i]]);
        ck_assert_uint_eq(recs[i]->line, lines[i]);
    }
    free_all(recs, n);
    tmpdir_remove();
}
END_TEST

/* Skips are counted by the kind the reader gives, not guessed from the
 * message: a JSON syntax error quoting "NULL" is bad JSON, not a NUL byte;
 * a header row with an oversized field is two skips, in order. */
START_TEST(skips_are_typed)
{
    tmpdir_make("corpus");
    write_str("t.jsonl", "{\"name\": NULL1}\n{\"name\":\"ok\",\"req_num\":\"1\"}\n");
    const char *p = tmpdir_path("t.jsonl");
    gs_record_t **recs;
    char sum[512];
    size_t n = read_all(&p, 1, GS_FORMAT_AUTO, &recs, NULL, sum, sizeof sum);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(sum, "1 record read, 1 skipped (1 bad JSON)");
    free_all(recs, n);

    size_t big = (1u << 20) + 10;
    char *csv = malloc(big + 64);
    memcpy(csv, "name;", 5);
    memset(csv + 5, 'a', big);
    strcpy(csv + 5 + big, "\nx;y\n");
    write_file("h.csv", csv, strlen(csv));
    free(csv);
    p = tmpdir_path("h.csv");
    n = read_all(&p, 1, GS_FORMAT_CSV, &recs, NULL, sum, sizeof sum);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(sum, "0 records read, 2 skipped (1 field over 1 MiB, 1 bad CSV header)");
    char *a = strstr(diags, ":1: field 2 is larger than the 1 MiB limit");
    char *b = strstr(diags, ":1: unreadable CSV header; file skipped");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert(a < b);
    free_all(recs, n);
    tmpdir_remove();
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("corpus");
    TCase *t = tcase_create("forms");
    tcase_add_test(t, parse_forms);
    tcase_add_test(t, field_names);
    tcase_add_test(t, json_round_trip);
    suite_add_tcase(s, t);
    t = tcase_create("seeds");
    tcase_add_test(t, seed_000_rejected_dash_bullets_glued_heading);
    tcase_add_test(t, seed_001_winner_namespace_indented_bullets);
    tcase_add_test(t, seed_002_no_header);
    tcase_add_test(t, seed_003_rejected_variant_and_dash_lists);
    tcase_add_test(t, seed_004_empty_bullet_and_glued_goal);
    tcase_add_test(t, seeds_hold_no_api_key);
    suite_add_tcase(s, t);
    t = tcase_create("identity");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, csv_equals_jsonl_seeds);
    tcase_add_test(t, csv_equals_jsonl_dev);
    suite_add_tcase(s, t);
    t = tcase_create("bad");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, bad_utf8_nul_json);
    tcase_add_test(t, bad_big_field);
    tcase_add_test(t, bad_csv);
    tcase_add_test(t, bad_files);
    tcase_add_test(t, duplicates_and_directories);
    tcase_add_test(t, summary_counts_reasons);
    tcase_add_test(t, records_carry_file_and_line);
    tcase_add_test(t, skips_are_typed);
    suite_add_tcase(s, t);
    t = tcase_create("hostile");
    tcase_set_timeout(t, 30);   /* a FIFO or a link loop used to hang the reader */
    tcase_add_test(t, json_array_file);
    tcase_add_test(t, long_blank_prefix);
    tcase_add_test(t, encodings);
    tcase_add_test(t, utf8_bom);
    tcase_add_test(t, links_and_special_files);
    tcase_add_test(t, duplicate_warnings_capped);
    tcase_add_test(t, csv_duplicate_column);
    tcase_add_test(t, control_characters_in_numbers);
    tcase_add_test(t, secret_shapes);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
