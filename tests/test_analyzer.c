/* test_analyzer.c - the analyzer's rules, on real phrases from data/seeds/.
 *
 * Each test runs the real analyzer (libstemmer, utf8proc, the stem cache)
 * and checks terms, forms, flags, positions and byte offsets.
 */
#include "stemming/analyzer.h"
#include "stemming/wordlist.h"
#include "toolkit/buf.h"

#include "tests/check_util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXTOK 4096

typedef struct {
    char term[256], form[256];
    size_t start, end;
    uint32_t pos;
    unsigned flags;
} tok_t;

typedef struct {
    tok_t t[MAXTOK];
    size_t n;
    uint32_t next_pos;
    int rc;
} toks_t;

static int collect(void *ctx, const gs_token_t *t)
{
    toks_t *r = ctx;
    ck_assert_uint_lt(t->term_len, sizeof r->t[0].term);
    ck_assert_uint_lt(t->form_len, sizeof r->t[0].form);
    ck_assert_uint_lt(r->n, MAXTOK);
    tok_t *o = &r->t[r->n++];
    memcpy(o->term, t->term, t->term_len);
    o->term[t->term_len] = '\0';
    memcpy(o->form, t->form, t->form_len);
    o->form[t->form_len] = '\0';
    o->start = t->start;
    o->end = t->end;
    o->pos = t->pos;
    o->flags = t->flags;
    return 0;
}

static gs_analyzer_t *an;

static void setup(void)
{
    an = gs_analyzer_new(0);
    ck_assert_ptr_nonnull(an);
}

static void teardown(void)
{
    gs_analyzer_free(an);
    an = NULL;
}

static toks_t *run(const char *text)
{
    static toks_t r;
    memset(&r, 0, sizeof r);
    r.rc = gs_analyze(an, text, strlen(text), 0, collect, &r, &r.next_pos);
    ck_assert_int_eq(r.rc, 0);
    return &r;
}

/* The first token whose source bytes are exactly src (and, if flags_any is
 * non-zero, which has one of those flags). */
static const tok_t *find_src(const toks_t *r, const char *text, const char *src, unsigned flags_any)
{
    size_t n = strlen(src);
    for (size_t i = 0; i < r->n; i++) {
        const tok_t *t = &r->t[i];
        if (t->end - t->start == n && memcmp(text + t->start, src, n) == 0 &&
            (!flags_any || (t->flags & flags_any)))
            return t;
    }
    ck_abort_msg("no token for source «%s»", src);
    return NULL;
}

/* The term of one word.  Four buffers in turn, so that two calls can be
 * compared in one assertion. */
static const char *word(const char *w)
{
    static char bufs[4][GS_ANALYZER_MAX_TERM + 1];
    static unsigned next;
    char *buf = bufs[next++ % 4];
    size_t n = gs_analyze_word(an, w, strlen(w), buf, sizeof bufs[0]);
    ck_assert_uint_eq(n, strlen(buf));
    return buf;
}

/* ---- tokens, offsets, folding -------------------------------------------- */

START_TEST(offsets_mixed_scripts)
{
    /* data/seeds/000: Latin, digits and Cyrillic in one line. */
    const char *text = "• Сопровождение информационного ресурса (www.projects39.ru), который";
    toks_t *r = run(text);
    const char *src[] = { "Сопровождение", "информационного", "ресурса", "www", "projects39", "ru",
                          "который" };
    ck_assert_uint_eq(r->n, 7);
    for (size_t i = 0; i < 7; i++) {
        const tok_t *t = &r->t[i];
        ck_assert_uint_eq(t->pos, i);
        ck_assert_uint_eq(t->end - t->start, strlen(src[i]));
        ck_assert(memcmp(text + t->start, src[i], strlen(src[i])) == 0);
    }
    /* "• " is 4 bytes: the bullet is U+2022. */
    ck_assert_uint_eq(r->t[0].start, 4);
    ck_assert_str_eq(r->t[0].term, "сопровожден");
    ck_assert_str_eq(r->t[0].form, "сопровождение");
    ck_assert_str_eq(r->t[3].term, "www");
    ck_assert(r->t[3].flags & GS_TOKEN_LATIN);
    ck_assert_str_eq(r->t[4].term, "projects39");
    ck_assert(r->t[4].flags & GS_TOKEN_NUMBER);
    ck_assert(r->t[6].flags & GS_TOKEN_STOP);
    ck_assert_uint_eq(r->next_pos, 7);
}
END_TEST

START_TEST(latin_english_stemmer)
{
    const char *text = "coworking spaces and projects";
    toks_t *r = run(text);
    ck_assert_uint_eq(r->n, 4);
    ck_assert_str_eq(r->t[1].term, "space");
    ck_assert(r->t[1].flags & GS_TOKEN_LATIN);
    ck_assert(r->t[2].flags & GS_TOKEN_STOP);
    ck_assert_str_eq(r->t[3].term, "project");
}
END_TEST

START_TEST(yo_folds_to_ye)
{
    /* data/seeds/003: «МЕСТНАЯ МОЛОДЁЖНАЯ ОБЩЕСТВЕННАЯ ОРГАНИЗАЦИЯ». */
    const char *text = "Организация МЕСТНАЯ МОЛОДЁЖНАЯ ОБЩЕСТВЕННАЯ ОРГАНИЗАЦИЯ";
    toks_t *r = run(text);
    const tok_t *t = find_src(r, text, "МОЛОДЁЖНАЯ", 0);
    ck_assert_str_eq(t->form, "молодежная");
    ck_assert_str_eq(t->term, "молодежн");
    ck_assert_str_eq(word("молодёжных"), "молодежн");
    ck_assert_str_eq(word("молодежных"), "молодежн");
    ck_assert_str_eq(word("Молодёжных"), word("молодежных"));
    ck_assert_str_eq(word("ёлка"), word("елка"));
    ck_assert_str_eq(word("Ёлка"), "елк");
    ck_assert_str_eq(word("ЁЛКА"), "елк");  /* capitals with a vowel: a word (issue 12) */
    ck_assert_ptr_null(strstr(word("её"), "ё"));
}
END_TEST

START_TEST(nfc_decomposed_letters)
{
    /* «й» as и + U+0306 and «ё» as е + U+0308, as scraped pages have them. */
    const char *text = "Краснотурански\xd0\xb8\xcc\x86 молоде\xcc\x88жный";
    toks_t *r = run(text);
    ck_assert_uint_eq(r->n, 2);
    ck_assert_str_eq(r->t[0].form, "краснотуранский");
    ck_assert_str_eq(r->t[0].term, word("Краснотуранский"));
    ck_assert_uint_eq(r->t[0].start, 0);
    ck_assert_uint_eq(r->t[0].end, strlen("Краснотурански") + 4);
    ck_assert_str_eq(r->t[1].form, "молодежный");
    ck_assert_str_eq(r->t[1].term, word("молодёжный"));
    ck_assert_uint_eq(r->t[1].end, strlen(text));
    /* Stress accent (U+0301) and soft hyphen (U+00AD) do not split or change words. */
    ck_assert_str_eq(word("моло\xcc\x81\xd0\xb4\xd0\xb5\xd0\xb6\xd1\x8c"), word("молодежь"));
    ck_assert_str_eq(word("сооб\xc2\xadщества"), word("сообщества"));
}
END_TEST

START_TEST(case_folding)
{
    ck_assert_str_eq(word("ОРГАНИЗАЦИЙ"), word("организаций"));
    ck_assert_str_eq(word("Калининградской"), word("калининградской"));
    ck_assert_str_eq(word("PROJECTS"), "project");
    /* Non-Russian letters go through utf8proc's case folding. */
    ck_assert_str_eq(word("ÉCOLE"), word("école"));
}
END_TEST

START_TEST(homoglyphs)
{
    /* data/seeds/004: «Cофинансирование» starts with a Latin C. */
    const char *text = "Cофинансирование 486 222,00";
    toks_t *r = run(text);
    ck_assert_uint_eq(r->n, 4);
    ck_assert_str_eq(r->t[0].term, word("софинансирование"));
    ck_assert_uint_eq(r->t[0].end, strlen("Cофинансирование"));
    ck_assert(!(r->t[0].flags & GS_TOKEN_LATIN));
    /* A word with a real Latin letter is left alone. */
    ck_assert_str_eq(word("iPhoneом"), "iphoneом");
}
END_TEST

START_TEST(invalid_utf8)
{
    /* Invalid bytes are separators: never in a term, never a crash. */
    const char text[] = "НКО\xff\xfeсообщества \xc0\x80 гранта\xe2\x82 ед\xed\xa0\x80ин \xd0";
    toks_t *r = run(text);
    ck_assert_uint_eq(r->n, 5);
    ck_assert_str_eq(r->t[0].term, "НКО");
    ck_assert_uint_eq(r->t[0].end, 6);
    ck_assert_str_eq(r->t[1].term, word("сообщества"));
    ck_assert_uint_eq(r->t[1].start, 8);
    ck_assert_str_eq(r->t[2].term, word("гранта"));
    ck_assert_str_eq(r->t[3].form, "ед");
    ck_assert_str_eq(r->t[4].form, "ин");
    /* Only bytes of the input, whatever the garbage. */
    unsigned char junk[512];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 37 + 11);
    toks_t *r2 = run("");
    ck_assert_uint_eq(r2->n, 0);
    memset(r2, 0, sizeof *r2);
    ck_assert_int_eq(gs_analyze(an, (const char *)junk, sizeof junk, 0, collect, r2, NULL), 0);
    for (size_t i = 0; i < r2->n; i++)
        ck_assert_uint_le(r2->t[i].end, sizeof junk);
}
END_TEST

/* ---- abbreviations -------------------------------------------------------- */

START_TEST(abbreviations_not_stemmed)
{
    /* data/seeds/002: «Зачастую в коммуникациях с ОМСУ за лидера сообщества». */
    const char *text = "Зачастую в коммуникациях с ОМСУ за лидера сообщества";
    toks_t *r = run(text);
    const tok_t *t = find_src(r, text, "ОМСУ", 0);
    ck_assert_str_eq(t->term, "ОМСУ");
    ck_assert(t->flags & GS_TOKEN_ABBR);
    ck_assert_uint_eq(t->pos, 4);
    /* Not the stem of ОМС, and a lower-case query finds it. */
    ck_assert_str_eq(word("ОМС"), "ОМС");
    ck_assert_str_eq(word("омсу"), "ОМСУ");
    ck_assert_str_eq(word("Омсу"), "ОМСУ");
    /* The term of an abbreviation is its form in capitals (a word without a
     * vowel: its form, which no stem of a word with a vowel can be). */
    const char *abbr[] = { "НКО", "СОНКО", "ОВЗ", "РАС", "СВО", "ДЦП", "БПЛА", "ККЦП", "МСУ",
                           "ПНИ", "КМНС" };
    const char *term[] = { "НКО", "СОНКО", "ОВЗ", "РАС", "СВО", "дцп", "БПЛА", "ккцп", "МСУ",
                           "ПНИ", "кмнс" };
    for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++) {
        toks_t *a = run(abbr[i]);
        ck_assert_uint_eq(a->n, 1);
        ck_assert_msg(a->t[0].flags & GS_TOKEN_ABBR, "%s is not an abbreviation", abbr[i]);
        ck_assert_str_eq(a->t[0].term, term[i]);
    }
    /* Listed ones whatever their case. */
    ck_assert_str_eq(word("сонко"), "СОНКО");
    ck_assert_str_eq(word("бпла"), "БПЛА");
    ck_assert_str_eq(word("кмнс"), "кмнс");
}
END_TEST

START_TEST(caps_runs_are_stemmed)
{
    /* data/seeds/000: an organisation name typed in capitals. */
    const char *text = "- Организация НЕКОММЕРЧЕСКАЯ ОРГАНИЗАЦИЯ ФОНД \"АГЕНТСТВО РЕГИОНАЛЬНОГО "
                       "ЭКОНОМИЧЕСКОГО РАЗВИТИЯ\"\n- ИНН 3905035686\n"
                       "деятельность АНО ККЦП СОНКО сосредоточена";
    toks_t *r = run(text);
    const tok_t *t = find_src(r, text, "ФОНД", 0);
    ck_assert(!(t->flags & GS_TOKEN_ABBR));
    ck_assert_str_eq(t->term, word("фонда"));
    t = find_src(r, text, "РАЗВИТИЯ", 0);
    ck_assert_str_eq(t->term, word("развития"));
    t = find_src(r, text, "ИНН", 0);
    ck_assert(t->flags & GS_TOKEN_ABBR);
    t = find_src(r, text, "3905035686", 0);
    ck_assert(t->flags & GS_TOKEN_NUMBER);
    ck_assert_str_eq(t->term, "3905035686");
    t = find_src(r, text, "ККЦП", 0);
    ck_assert(t->flags & GS_TOKEN_ABBR);
    ck_assert_str_eq(t->term, "ккцп");
    /* A short heading in capitals next to a long one is not an abbreviation... */
    text = "ЦЕНТР РАС РАЗВИТИЯ";
    r = run(text);
    ck_assert(!(r->t[0].flags & GS_TOKEN_ABBR));
    ck_assert_str_eq(r->t[0].term, word("центра"));
    ck_assert_str_eq(r->t[1].term, word("расы"));
    /* ...but a line break ends the run. */
    text = "РАЗВИТИЯ\nРАС";
    r = run(text);
    ck_assert(r->t[1].flags & GS_TOKEN_ABBR);
    ck_assert_str_eq(r->t[1].term, "РАС");
    /* A capitalised Russian stop word stays a stop word; a Latin
     * capitalised word is an abbreviation even if it spells a stop word. */
    r = run("ДЛЯ IT");
    ck_assert(r->t[0].flags & GS_TOKEN_STOP);
    ck_assert(!(r->t[0].flags & GS_TOKEN_ABBR));
    ck_assert(r->t[1].flags & GS_TOKEN_ABBR);
    ck_assert(!(r->t[1].flags & GS_TOKEN_STOP));
}
END_TEST

/* Issue 12: an ordinary word in capitals is an ordinary word (headings and
 * titles in capitals are common), and an ordinary word never meets an
 * abbreviation's term. */
START_TEST(capitalised_words_are_words)
{
    const char *text = "ДЕТИ И СЕМЬЯ / ПОМОЩЬ ДЕТЯМ\nПУТЬ СИЛЫ 2025: ОБОРОНА";
    toks_t *r = run(text);
    ck_assert_str_eq(find_src(r, text, "ДЕТИ", 0)->term, word("дети"));
    ck_assert_str_eq(find_src(r, text, "СЕМЬЯ", 0)->term, word("семья"));
    ck_assert_str_eq(find_src(r, text, "ПОМОЩЬ", 0)->term, word("помощь"));
    ck_assert_str_eq(find_src(r, text, "ДЕТЯМ", 0)->term, word("детям"));
    ck_assert_str_eq(find_src(r, text, "ПУТЬ", 0)->term, word("путь"));
    ck_assert_str_eq(find_src(r, text, "СИЛЫ", 0)->term, word("силы"));
    ck_assert(!(find_src(r, text, "ДЕТИ", 0)->flags & GS_TOKEN_ABBR));
    ck_assert_str_eq(word("ЁЛКА"), word("ёлка"));
    ck_assert_str_eq(word("ВУЗ"), word("вузов"));
    /* «раса», «расы», «рас» are one stem; «РАС» is the abbreviation. */
    ck_assert_str_eq(word("рас"), word("расы"));
    ck_assert_str_eq(word("раса"), word("расы"));
    ck_assert_str_ne(word("РАС"), word("расы"));
    ck_assert_str_ne(word("РАС"), word("рас"));
    ck_assert_str_ne(word("ПНИ"), word("пни"));
    ck_assert_str_eq(word("нко"), word("НКО"));
    /* A listed abbreviation is not stemmed into another one (Snowball
     * would make «моу» «мо»). */
    ck_assert_str_ne(word("МОУ"), word("МО"));
}
END_TEST

/* Every one-word abbreviation of data/synonyms.txt is in the built-in list:
 * the indexer does not read that file, and must give it the same term. */
START_TEST(synonym_abbreviations_are_listed)
{
    char path[4096];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/data/synonyms.txt", top ? top : ".");
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *eq = strchr(line, '=');
        ck_assert_ptr_nonnull(eq);
        size_t len = (size_t)(eq - line);
        while (len && line[len - 1] == ' ')
            len--;
        toks_t *r;
        static toks_t one;
        memset(&one, 0, sizeof one);
        gs_analyze(an, line, len, 0, collect, &one, NULL);
        r = &one;
        if (r->n != 1)
            continue;
        const char *form = r->t[0].form;
        ck_assert_msg(gs_is_abbreviation(form, strlen(form)) ||
                          gs_is_caps_abbreviation(form, strlen(form)),
                      "%s: «%.*s» is not in stemming/abbreviations.c", path, (int)len, line);
        n++;
    }
    fclose(f);
    ck_assert_int_gt(n, 10);
}
END_TEST

/* ---- numbers and codes ---------------------------------------------------- */

START_TEST(numbers_and_codes)
{
    /* data/seeds/001 and 000. */
    const char *text = "• Номер заявки Р41-21-1-000017\n• Рейтинг заявки 71,50\n"
                       "• Размер гранта 998 532,00\n- ОГРН 1023900776734 заявка 19-1-029373 конец";
    toks_t *r = run(text);
    const tok_t *t = find_src(r, text, "Р41-21-1-000017", 0);
    ck_assert_str_eq(t->term, "р41-21-1-000017");
    ck_assert_str_eq(t->form, "р41-21-1-000017");
    ck_assert_uint_eq(t->flags, GS_TOKEN_NUMBER);
    ck_assert_uint_eq(t->pos, 2);
    /* A code is one token: the next word is at the next position. */
    ck_assert_uint_eq(find_src(r, text, "Рейтинг", 0)->pos, 3);
    ck_assert_str_eq(find_src(r, text, "71", 0)->term, "71");
    ck_assert_str_eq(find_src(r, text, "50", 0)->term, "50");
    ck_assert_str_eq(find_src(r, text, "998", 0)->term, "998");
    ck_assert_str_eq(find_src(r, text, "532", 0)->term, "532");
    ck_assert_str_eq(find_src(r, text, "1023900776734", 0)->term, "1023900776734");
    t = find_src(r, text, "19-1-029373", 0);
    ck_assert_str_eq(t->term, "19-1-029373");
    ck_assert_uint_eq(find_src(r, text, "конец", 0)->pos, t->pos + 1);
    for (size_t i = 0; i < r->n; i++)
        ck_assert(!(r->t[i].flags & GS_TOKEN_PART));
    /* The same code typed as a query. */
    ck_assert_str_eq(word("р41-21-1-000017"), "р41-21-1-000017");
}
END_TEST

START_TEST(two_part_numbers)
{
    /* data/seeds/003: «в течение 3-х лет», «в 2017-2018 гг.» */
    const char *text = "в течение 3-х лет в 2017-2018 гг.";
    toks_t *r = run(text);
    const tok_t *t = find_src(r, text, "3-х", 0);
    ck_assert_str_eq(t->term, "3-х");
    ck_assert(t->flags & GS_TOKEN_COMPOUND);
    ck_assert(t->flags & GS_TOKEN_NUMBER);
    t = find_src(r, text, "2017-2018", 0);
    ck_assert_str_eq(t->term, "2017-2018");
    ck_assert_str_eq(find_src(r, text, "2017", GS_TOKEN_PART)->term, "2017");
    ck_assert_uint_eq(find_src(r, text, "2018", GS_TOKEN_PART)->pos, t->pos + 1);
    ck_assert_uint_eq(find_src(r, text, "гг", 0)->pos, t->pos + 2);
}
END_TEST

/* ---- hyphenated words ----------------------------------------------------- */

START_TEST(hyphenated_words)
{
    /* data/seeds/000: «социально-ориентированных некоммерческих организаций
     * (СОНКО), а также активисты-общественники 6 пилотных ...» */
    const char *text = "представители органов местного самоуправления, социально-ориентированных "
                       "некоммерческих организаций (СОНКО), а также активисты-общественники";
    toks_t *r = run(text);
    const tok_t *w = find_src(r, text, "социально-ориентированных", 0);
    ck_assert_uint_eq(w->flags, GS_TOKEN_COMPOUND);
    ck_assert_uint_eq(w->pos, 4);
    char expect[256];
    snprintf(expect, sizeof expect, "%s-", word("социально"));
    strcat(expect, word("ориентированных"));
    ck_assert_str_eq(w->term, expect);
    ck_assert_str_eq(w->form, "социально-ориентированных");
    /* Whole first, then the parts at consecutive positions. */
    const tok_t *p1 = w + 1, *p2 = w + 2;
    ck_assert_uint_eq(p1->flags, GS_TOKEN_PART);
    ck_assert_uint_eq(p1->pos, 4);
    ck_assert_uint_eq(p1->start, w->start);
    ck_assert_uint_eq(p1->end - p1->start, strlen("социально"));
    ck_assert_str_eq(p1->term, word("социально"));
    ck_assert_uint_eq(p2->pos, 5);
    ck_assert_uint_eq(p2->end, w->end);
    ck_assert_uint_eq(p2->start, p1->end + 1);
    ck_assert_uint_eq(find_src(r, text, "некоммерческих", 0)->pos, 6);
    /* Different inflections of a compound give the same whole term. */
    ck_assert_str_eq(word("активисты-общественники"), word("активистов-общественников"));
    ck_assert_str_eq(word("детей-инвалидов"), word("дети-инвалиды"));
    ck_assert_str_eq(word("детей-инвалидов"), "дет-инвалид");
    /* An abbreviation part stays whole (data/seeds/002: «НКО-сообщества»). */
    ck_assert_str_eq(word("НКО-сообщества"), "НКО-сообществ");
    ck_assert_str_eq(word("ВИЧ-инфекции"), "ВИЧ-инфекц");
    r = run("ВИЧ-инфекции");
    ck_assert_uint_eq(r->n, 3);
    ck_assert_str_eq(r->t[1].term, "ВИЧ");
    ck_assert(r->t[1].flags & GS_TOKEN_ABBR);
    ck_assert_str_eq(r->t[2].term, "инфекц");
    /* U+2010 and U+2011 join like '-'; a dash with spaces does not. */
    ck_assert_str_eq(word("социально\xe2\x80\x90ориентированных"), expect);
    ck_assert_str_eq(word("социально\xe2\x80\x91ориентированных"), expect);
    r = run("сообщество - интегрированный центр");
    ck_assert_uint_eq(r->n, 3);
    r = run("г Калининград, Ленинградский р-н, ул");
    ck_assert_str_eq(r->t[3].term, "р-н");
    /* Stop words joined by a hyphen are a stop word (seed-style «из-за»). */
    r = run("из-за");
    ck_assert(r->t[0].flags & GS_TOKEN_STOP);
}
END_TEST

/* ---- stop words ----------------------------------------------------------- */

START_TEST(stop_words)
{
    /* data/seeds/003: «по итогу участия Краснотуранского района как пилотной площадки». */
    const char *text = "по итогу участия Краснотуранского района как пилотной площадки";
    toks_t *r = run(text);
    ck_assert_uint_eq(r->n, 8);
    ck_assert(r->t[0].flags & GS_TOKEN_STOP);
    ck_assert(r->t[5].flags & GS_TOKEN_STOP);
    ck_assert_uint_eq(r->t[5].pos, 5);
    ck_assert_uint_eq(r->t[6].pos, 6);
    ck_assert(!(r->t[6].flags & GS_TOKEN_STOP));
    const char *stop[] = { "и", "в", "во", "на", "с", "со", "по", "к", "о", "об", "от", "до", "из",
                           "за", "для", "при", "что", "как", "а", "но", "или", "ли", "же", "бы",
                           "это", "этот", "его", "ее", "их", "который", "the", "of", "and" };
    for (size_t i = 0; i < sizeof stop / sizeof *stop; i++)
        ck_assert_msg(gs_is_stopword(stop[i], strlen(stop[i])), "%s", stop[i]);
    const char *keep[] = { "не", "без", "год", "люди", "время", "дети", "жизнь", "человек",
                           "нет", "можно", "против" };
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
        ck_assert_msg(!gs_is_stopword(keep[i], strlen(keep[i])), "%s", keep[i]);
    /* A stop word still has a term for queries. */
    ck_assert_str_eq(word("для"), "для");
    ck_assert_str_eq(word("которые"), word("которых"));
    /* Every listed word is found (and the lists fit their sorted storage). */
    for (size_t i = 0; gs_stopword_list[i]; i++)
        ck_assert_msg(gs_is_stopword(gs_stopword_list[i], strlen(gs_stopword_list[i])), "%s",
                      gs_stopword_list[i]);
    for (size_t i = 0; gs_abbreviation_list[i]; i++) {
        const char *a = gs_abbreviation_list[i];
        ck_assert_msg(gs_is_abbreviation(a, strlen(a)), "%s", a);
        ck_assert_msg(!gs_is_stopword(a, strlen(a)), "%s is both", a);
    }
}
END_TEST

START_TEST(exact_form_is_kept)
{
    const char *text = "Молодёжных инициатив";
    toks_t *r = run(text);
    ck_assert_str_eq(r->t[0].form, "молодежных");
    ck_assert_str_eq(r->t[0].term, "молодежн");
    ck_assert_str_eq(r->t[1].form, "инициатив");
}
END_TEST

/* ---- API behaviour -------------------------------------------------------- */

static int stop_at_third(void *ctx, const gs_token_t *t)
{
    int *n = ctx;
    (void)t;
    return ++*n == 3 ? 42 : 0;
}

START_TEST(api_contract)
{
    const char *text = "Ресурсный центр поддержки общественных инициатив";
    int n = 0;
    ck_assert_int_eq(gs_analyze(an, text, strlen(text), 0, stop_at_third, &n, NULL), 42);
    ck_assert_int_eq(n, 3);
    /* first_pos / next_pos chain fields. */
    static toks_t r;
    memset(&r, 0, sizeof r);
    uint32_t next = 0;
    ck_assert_int_eq(gs_analyze(an, text, strlen(text), 100, collect, &r, &next), 0);
    ck_assert_uint_eq(r.t[0].pos, 100);
    ck_assert_uint_eq(next, 105);
    ck_assert_int_eq(gs_analyze(an, "", 0, 7, collect, &r, &next), 0);
    ck_assert_uint_eq(next, 7);
    ck_assert_int_eq(gs_analyze(an, NULL, 0, 0, collect, &r, NULL), 0);
    /* gs_analyze_word: no term, too small a buffer, whole of a compound. */
    char buf[8];
    ck_assert_uint_eq(gs_analyze_word(an, "«» — ,", strlen("«» — ,"), buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    ck_assert_uint_eq(gs_analyze_word(an, "сообщество", strlen("сообщество"), buf, sizeof buf), 0);
    char buf2[11];
    ck_assert_uint_eq(gs_analyze_word(an, "центр", 10, buf2, sizeof buf2), 10);
    ck_assert_str_eq(buf2, "центр");
    /* A word longer than the term limit is dropped but keeps its position. */
    char big[1200];
    size_t k = 0;
    for (; k < 300; k++)
        big[k] = 'a';
    memcpy(big + k, " word", 6);
    memset(&r, 0, sizeof r);
    ck_assert_int_eq(gs_analyze(an, big, strlen(big), 0, collect, &r, &next), 0);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_uint_eq(r.t[0].pos, 1);
    ck_assert_uint_eq(next, 2);
}
END_TEST

static char *read_seed(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/seeds/%s", GS_SRCDATADIR, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *buf = malloc(1 << 20);
    ck_assert_ptr_nonnull(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static const char *seeds[] = { "000_aecc26491bba3cdd.txt", "001_48bc4d5ad03b609d.txt",
                               "002_b1dd8b135cc461c3.txt", "003_9776bc2602cc344f.txt",
                               "004_d1a8c0c9afa1b8cd.txt" };

typedef struct {
    uint64_t h;
    size_t n;
} digest_t;

static int digest(void *ctx, const gs_token_t *t)
{
    digest_t *d = ctx;
    const unsigned char *s[2] = { (const unsigned char *)t->term, (const unsigned char *)t->form };
    size_t n[2] = { t->term_len, t->form_len };
    for (int j = 0; j < 2; j++)
        for (size_t i = 0; i < n[j]; i++)
            d->h = (d->h ^ s[j][i]) * 1099511628211ull;
    d->h = (d->h ^ t->start ^ (t->end << 20) ^ ((uint64_t)t->pos << 40) ^ t->flags) *
           1099511628211ull;
    d->n++;
    return 0;
}

START_TEST(cache_changes_nothing)
{
    /* The seeds analysed with the cache (twice: cold and warm) and without it
     * give the same tokens. */
    gs_analyzer_t *nc = gs_analyzer_new(GS_ANALYZER_NO_CACHE);
    ck_assert_ptr_nonnull(nc);
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        size_t len;
        char *text = read_seed(seeds[i], &len);
        digest_t a = { 14695981039346656037ull, 0 }, b = a, c = a;
        gs_analyze(an, text, len, 0, digest, &a, NULL);
        gs_analyze(an, text, len, 0, digest, &b, NULL);
        gs_analyze(nc, text, len, 0, digest, &c, NULL);
        ck_assert_uint_gt(a.n, 500);
        ck_assert_uint_eq(a.n, c.n);
        ck_assert(a.h == b.h);
        ck_assert(a.h == c.h);
        free(text);
    }
    gs_analyzer_free(nc);
}
END_TEST

/* digest plus what the lemma step reports (lemmas, their count, the
 * dictionary's readings).  GS_TOKEN_LEMMA_NEW is left out: it says whether
 * the cache answered, which is what differs between the runs compared. */
static int digest_lemmas(void *ctx, const gs_token_t *t)
{
    digest_t *d = ctx;
    gs_token_t u = *t;
    u.flags &= ~(unsigned)GS_TOKEN_LEMMA_NEW;
    digest(d, &u);
    for (size_t i = 0; i < t->lemmas_len; i++)
        d->h = (d->h ^ (unsigned char)t->lemmas[i]) * 1099511628211ull;
    d->h = (d->h ^ t->nlemmas ^ ((uint64_t)t->readings << 8)) * 1099511628211ull;
    return 0;
}

START_TEST(cache_changes_nothing_with_lemmas)
{
    /* The indexer's analysis (lemmas on): a long mixed text - the seeds,
     * then ё and е, capitals, shouting runs, hyphenated words, listed and
     * shaped abbreviations, numbers, Latin words, each form many times -
     * gives the same terms, forms, flags, positions and lemmas from a cold
     * cache, a warm one and none.  A cache that answered a form with
     * another form's stem or lemmas would change the digest. */
    static const char mixed[] =
        "Ёлка и елка. ДЕТИ-СИРОТЫ и дети-сироты, детей-инвалидов, ребёнка, ребенка, "
        "отца, дня, стали, школы. НКО, нко, ОМСУ, ОВЗ, РАС и расы, КМНС, IT и it. "
        "ФОНД ПРЕЗИДЕНТСКИХ ГРАНТОВ ДЛЯ ДЕТЕЙ. 19-1-029373, Р41-21-1-000017, 2019 год. "
        "Социально-ориентированных НКО по-новому, из-за, кое-что; volunteers, Volunteering. ";
    gs_analyzer_t *nc = gs_analyzer_new(GS_ANALYZER_NO_CACHE);
    gs_analyzer_t *ca = gs_analyzer_new(0);
    ck_assert_ptr_nonnull(nc);
    ck_assert_ptr_nonnull(ca);
    gs_analyzer_set_lemmas(nc, 1);
    gs_analyzer_set_lemmas(ca, 1);
    gs_buf_t text = GS_BUF_INIT;
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        size_t len;
        char *seed = read_seed(seeds[i], &len);
        ck_assert_int_eq(gs_buf_append(&text, seed, len), 0);
        free(seed);
        for (int k = 0; k < 20; k++)
            ck_assert_int_eq(gs_buf_append(&text, mixed, sizeof mixed - 1), 0);
    }
    digest_t cold = { 14695981039346656037ull, 0 }, warm = cold, none = cold;
    ck_assert_int_eq(gs_analyze(ca, text.s, text.len, 0, digest_lemmas, &cold, NULL), 0);
    ck_assert_int_eq(gs_analyze(ca, text.s, text.len, 0, digest_lemmas, &warm, NULL), 0);
    ck_assert_int_eq(gs_analyze(nc, text.s, text.len, 0, digest_lemmas, &none, NULL), 0);
    ck_assert_uint_gt(cold.n, 5000);
    ck_assert_uint_eq(cold.n, none.n);
    ck_assert(cold.h == warm.h);
    ck_assert(cold.h == none.h);
    gs_buf_free(&text);
    gs_analyzer_free(ca);
    gs_analyzer_free(nc);
}
END_TEST

START_TEST(seed_offsets_round_trip)
{
    /* On every seed, each token's bytes fold back to its form (compounds:
     * parts joined with '-'), and positions never go backwards. */
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        size_t len;
        char *text = read_seed(seeds[i], &len);
        static toks_t r;
        memset(&r, 0, sizeof r);
        ck_assert_int_eq(gs_analyze(an, text, len, 0, collect, &r, NULL), 0);
        uint32_t last = 0;
        for (size_t k = 0; k < r.n; k++) {
            const tok_t *t = &r.t[k];
            ck_assert_uint_le(t->end, len);
            ck_assert_uint_lt(t->start, t->end);
            ck_assert_uint_ge(t->pos, last);
            last = t->pos;
            if (t->flags & (GS_TOKEN_COMPOUND | GS_TOKEN_NUMBER))
                continue;
            /* Alone, the word gives the same term, unless it is in capitals:
             * whether those are an abbreviation depends on the neighbours. */
            static toks_t alone;
            memset(&alone, 0, sizeof alone);
            gs_analyze(an, text + t->start, t->end - t->start, 0, collect, &alone, NULL);
            ck_assert_uint_eq(alone.n, 1);
            ck_assert_str_eq(alone.t[0].form, t->form);
            if (!((t->flags | alone.t[0].flags) & GS_TOKEN_ABBR))
                ck_assert_str_eq(alone.t[0].term, t->term);
        }
        free(text);
    }
}
END_TEST

static void *thread_main(void *arg)
{
    digest_t *d = arg;
    gs_analyzer_t *mine = gs_analyzer_new(0);
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        size_t len;
        char *text = read_seed(seeds[i], &len);
        gs_analyze(mine, text, len, 0, digest, d, NULL);
        free(text);
    }
    gs_analyzer_free(mine);
    return NULL;
}

START_TEST(one_analyzer_per_thread)
{
    digest_t d[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        d[i].h = 14695981039346656037ull;
        d[i].n = 0;
        ck_assert_int_eq(pthread_create(&th[i], NULL, thread_main, &d[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 1; i < 4; i++) {
        ck_assert_uint_eq(d[i].n, d[0].n);
        ck_assert(d[i].h == d[0].h);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("analyzer");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, offsets_mixed_scripts);
    tcase_add_test(tc, latin_english_stemmer);
    tcase_add_test(tc, yo_folds_to_ye);
    tcase_add_test(tc, nfc_decomposed_letters);
    tcase_add_test(tc, case_folding);
    tcase_add_test(tc, homoglyphs);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, abbreviations_not_stemmed);
    tcase_add_test(tc, caps_runs_are_stemmed);
    tcase_add_test(tc, capitalised_words_are_words);
    tcase_add_test(tc, synonym_abbreviations_are_listed);
    tcase_add_test(tc, numbers_and_codes);
    tcase_add_test(tc, two_part_numbers);
    tcase_add_test(tc, hyphenated_words);
    tcase_add_test(tc, stop_words);
    tcase_add_test(tc, exact_form_is_kept);
    tcase_add_test(tc, api_contract);
    tcase_add_test(tc, cache_changes_nothing);
    tcase_add_test(tc, cache_changes_nothing_with_lemmas);
    tcase_add_test(tc, seed_offsets_round_trip);
    tcase_add_test(tc, one_analyzer_per_thread);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
