/* lemma.c - hunspell-ru lemmas and the suppletive pairs (lemma.h). */
#include "stemming/lemma.h"
#include "stemming/fold.h"
#include "toolkit/buf.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GS_HUNSPELL_DICT
#define GS_HUNSPELL_DICT "/usr/share/hunspell/ru_RU"
#endif

/* Longest form looked up: Russian words are far shorter; longer "words"
 * are noise and not worth a dictionary call. */
#define LEMMA_MAX_FORM 120

struct gs_lemmatizer {
    Hunhandle *h;
    int tried;      /* the dictionary was looked for (h may still be NULL) */
    gs_buf_t out;   /* the last answer */
    gs_fold_ws_t ws;
    char word[LEMMA_MAX_FORM + 1];
};

/* Forms whose lemma is another word altogether: the plural of ребенок is
 * дети, of человек люди.  Hunspell gives дети, детей ... as lemmas of their
 * own, so a query for ребенок would never meet детей without this. */
static const struct {
    const char *form, *lemma;
} suppletive[] = {
    {"дети", "ребенок"},  {"детей", "ребенок"}, {"детям", "ребенок"},
    {"детьми", "ребенок"}, {"детях", "ребенок"},
    {"люди", "человек"},  {"людей", "человек"}, {"людям", "человек"},
    {"людьми", "человек"}, {"людях", "человек"},
};

/* The pair's lemma of form w, or NULL.  A pair's lemma is its own (so that
 * ребенок meets детей even without the dictionary). */
static const char *suppletive_lemma(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof suppletive / sizeof suppletive[0]; i++)
        if ((strlen(suppletive[i].form) == n && !memcmp(suppletive[i].form, w, n)) ||
            (strlen(suppletive[i].lemma) == n && !memcmp(suppletive[i].lemma, w, n)))
            return suppletive[i].lemma;
    return NULL;
}

/* Hunspell_create and Hunspell_destroy count their users of a table that
 * libhunspell shares between handles (csutil's UTF-16 table) without a lock:
 * two threads creating or destroying handles at once can leak or free it
 * twice (LeakSanitizer saw the leak when the indexer's threads started
 * together).  One lock around both; lookups need none (a handle per
 * analyzer). */
static pthread_mutex_t hunspell_lifecycle = PTHREAD_MUTEX_INITIALIZER;

gs_lemmatizer_t *gs_lemmatizer_new(void)
{
    return calloc(1, sizeof(gs_lemmatizer_t));
}

void gs_lemmatizer_free(gs_lemmatizer_t *lz)
{
    if (!lz)
        return;
    if (lz->h) {
        pthread_mutex_lock(&hunspell_lifecycle);
        Hunspell_destroy(lz->h);
        pthread_mutex_unlock(&hunspell_lifecycle);
    }
    gs_buf_free(&lz->out);
    gs_fold_ws_free(&lz->ws);
    free(lz);
}

/* One warning per process, however many analyzers find the dictionary
 * missing (the indexer has one per thread). */
static void warn_missing(const char *base)
{
    static atomic_flag warned = ATOMIC_FLAG_INIT;
    if (!atomic_flag_test_and_set(&warned))
        fprintf(stderr,
                "grantsearch: warning: hunspell dictionary %s.aff/.dic not found "
                "(install hunspell-ru or set GRANTSEARCH_HUNSPELL): words are matched "
                "by their stems only, without lemmas\n",
                base);
}

int gs_lemmatizer_ready(gs_lemmatizer_t *lz)
{
    if (lz->tried)
        return lz->h != NULL;
    lz->tried = 1;
    const char *base = getenv("GRANTSEARCH_HUNSPELL");
    if (!base || !*base)
        base = GS_HUNSPELL_DICT;
    size_t n = strlen(base);
    char *aff = malloc(n + 5), *dic = malloc(n + 5);
    if (aff && dic) {
        snprintf(aff, n + 5, "%s.aff", base);
        snprintf(dic, n + 5, "%s.dic", base);
        /* Hunspell_create does not report a missing file: look first. */
        if (access(aff, R_OK) == 0 && access(dic, R_OK) == 0) {
            pthread_mutex_lock(&hunspell_lifecycle);
            lz->h = Hunspell_create(aff, dic);
            pthread_mutex_unlock(&hunspell_lifecycle);
        }
        if (!lz->h)
            warn_missing(base);
    }
    free(aff);
    free(dic);
    return lz->h != NULL;
}

/* Append lemma s, folded as every word is (fold.h: case, ё -> е), unless
 * already there. */
static int add_lemma(gs_lemmatizer_t *lz, const char *s, int *count)
{
    gs_buf_t *b = &lz->out;
    size_t start = b->len;
    if (gs_fold(s, strlen(s), 0, b, &lz->ws) == (size_t)-1 || gs_buf_append(b, "", 1) < 0)
        return -1;
    /* A duplicate (ребёнок and ребенок, both in the dictionary) is dropped. */
    for (size_t o = 0; o < start; o += strlen(b->s + o) + 1)
        if (!strcmp(b->s + o, b->s + start)) {
            b->len = start;
            return 0;
        }
    (*count)++;
    return 0;
}

/* ---- derivational relatives: noun <-> relational adjective ------------ */

/* Nouns whose -ный/-ной adjective means something else (труд: labour,
 * трудный: difficult; страна, странный; лет, летный), found by reading
 * the joins the rule makes on the dev corpus's vocabulary, the 90 most
 * frequent and two random 50s (bench/RESULTS.md, issue 16).  The rule below
 * would join each to its look-alike. */
static const char *const false_friends[] = {
    "актив", "беда", "боль", "вера", "вид", "власть", "встреча", "выход", "глава", "год",
    "живот", "известь", "комплекс", "краса", "лет", "место", "набор", "нужда", "образ",
    "объектив", "орган", "охотник", "памятник", "парад", "плот", "порт", "пост",
    "праздник", "прием", "путник", "работа", "раз", "разбор", "род", "роль", "сбор",
    "слава", "сложа", "способ", "страна", "труд", "убор", "цель", "цена", "часть", "член",
    "ява",
};

static int false_friend(const char *noun)
{
    /* An agent noun in -тель and the -тельный adjective come from one verb
     * each, apart: родитель/родительный, зритель/зрительный,
     * воспитатель/воспитательный, двигатель/двигательный. */
    size_t n = strlen(noun);
    if (n >= strlen("тель") && !strcmp(noun + n - strlen("тель"), "тель"))
        return 1;
    for (size_t i = 0; i < sizeof false_friends / sizeof false_friends[0]; i++)
        if (!strcmp(false_friends[i], noun))
            return 1;
    return 0;
}

/* Up to 8 candidate words built from one lemma by a suffix rule. */
typedef struct {
    char w[8][LEMMA_MAX_FORM + 16];
    int n;
} cands_t;

static int ends_with(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && !memcmp(w + n - k, suf, k);
}

/* Candidate w[0..n) + suf (w's first n bytes, then the suffix). */
static void cand_add(cands_t *c, const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    if (c->n == 8 || n + k >= sizeof c->w[0])
        return;
    memcpy(c->w[c->n], w, n);
    memcpy(c->w[c->n] + n, suf, k + 1);
    c->n++;
}

/* The nouns a relational adjective (беспилотный, лесной, школьный) may
 * come from, most likely first: its base, base+а/о/ь, a base in -ь without
 * it +а/о (школь: школа), and last base+ник (беспилотник).  A base under
 * three letters (Cyrillic: two bytes each) is too short to tell words
 * apart. */
static void noun_candidates(const char *a, size_t n, cands_t *c)
{
    c->n = 0;
    if (!ends_with(a, n, "ный") && !ends_with(a, n, "ной"))
        return;
    size_t b = n - strlen("ный");
    if (b < 6)
        return;
    cand_add(c, a, b, "");
    cand_add(c, a, b, "а");
    cand_add(c, a, b, "о");
    cand_add(c, a, b, "ь");
    if (ends_with(a, b, "ь")) {
        cand_add(c, a, b - strlen("ь"), "а");
        cand_add(c, a, b - strlen("ь"), "о");
    }
    cand_add(c, a, b, "ник");
}

/* The inverse: the adjectives a noun may give, most likely first (лес:
 * лесной; беспилотник: беспилотный; школа: школьный).  An adjective gives
 * none. */
static void adjective_candidates(const char *w, size_t n, cands_t *c)
{
    c->n = 0;
    if (ends_with(w, n, "ый") || ends_with(w, n, "ий") || ends_with(w, n, "ой"))
        return;
    if (ends_with(w, n, "ник"))
        cand_add(c, w, n - strlen("ник"), "ный");
    if (ends_with(w, n, "а") || ends_with(w, n, "о")) {
        size_t b = n - strlen("а");
        cand_add(c, w, b, "ный");
        cand_add(c, w, b, "ной");
        cand_add(c, w, b, "ьный");
    } else {
        cand_add(c, w, n, "ный");
        cand_add(c, w, n, "ной");
    }
}

/* The candidate of c the dictionary's first known candidate leads to:
 * itself if it is its own only lemma (лес), the candidate it is a form of
 * if it has one lemma and that is one of c (культур, a form of культура);
 * -1 when it is ambiguous or leads elsewhere (полный: пол is also a form
 * of пола - a guess is worse than nothing) or no candidate is known.  A
 * last candidate in -ник is taken only with guess set and only when the
 * dictionary does not know it (беспилотник: the dictionary predates it):
 * the -ник nouns it knows are mostly persons or things apart from their
 * adjective (современник, памятник, праздник). */
static int first_known(gs_lemmatizer_t *lz, const cands_t *c, int guess)
{
    const char *last = c->n ? c->w[c->n - 1] : "";
    int nik = c->n && ends_with(last, strlen(last), "ник");
    for (int i = 0; i < c->n - nik; i++) {
        if (!Hunspell_spell(lz->h, c->w[i]))
            continue;
        char **list = NULL;
        int n = Hunspell_stem(lz->h, &list, c->w[i]), found = -1;
        for (int j = 0; n == 1 && j < c->n && found < 0; j++)
            if (!strcmp(list[0], c->w[j]))
                found = j;
        if (list)
            Hunspell_free_list(lz->h, &list, n);
        return found;
    }
    if (guess && nik && !ends_with(last, strlen(last), "ьник") && !Hunspell_spell(lz->h, last))
        return c->n - 1;
    return -1;
}

/* The derivational relative of lemma l (noun <-> adjective), written to
 * rel[cap]: 1 if found, else 0.  Both directions must name each other
 * (лес gives лесной and лесной gives лес), and the noun is not a false
 * friend. */
static int relative(gs_lemmatizer_t *lz, const char *l, char *rel, size_t cap)
{
    size_t n = strlen(l);
    cands_t c, back;
    int adj = ends_with(l, n, "ный") || ends_with(l, n, "ной");
    if (adj)
        noun_candidates(l, n, &c);
    else
        adjective_candidates(l, n, &c);
    int i = first_known(lz, &c, 0);
    if (i < 0)
        return 0;
    const char *r = c.w[i];
    if (adj)
        adjective_candidates(r, strlen(r), &back);
    else
        noun_candidates(r, strlen(r), &back);
    int j = first_known(lz, &back, !adj);
    if (j < 0 || strcmp(back.w[j], l) || false_friend(adj ? r : l) || strlen(r) >= cap)
        return 0;
    memcpy(rel, r, strlen(r) + 1);
    return 1;
}

/* The noun a form unknown to the dictionary would have if it is an
 * inflected noun in -ник (беспилотников: беспилотник), to rel[cap]: 1 if
 * so, else 0. */
static int unknown_nik_noun(const char *form, size_t len, char *rel, size_t cap)
{
    static const char *const endings[] = {"ник",   "ника",  "нику",   "ником",
                                          "нике",  "ники",  "ников",  "никам",
                                          "никами", "никах"};
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        size_t k = strlen(endings[i]);
        if (ends_with(form, len, endings[i]) && len - k >= 6 && len - k + 7 <= cap) {
            memcpy(rel, form, len - k);
            memcpy(rel + len - k, "ник", 7);
            return 1;
        }
    }
    return 0;
}

int gs_lemmas_related(gs_lemmatizer_t *lz, const char *form, size_t len, const char **out,
                      size_t *out_len)
{
    int n = gs_lemmas(lz, form, len, out, out_len);
    char l[LEMMA_MAX_FORM + 16], rel[LEMMA_MAX_FORM + 16];
    int extra = 0;
    if (n == 0 && lz->h && unknown_nik_noun(form, len, l, sizeof l)) {
        /* A noun the dictionary lacks: its adjective stands as its one
         * lemma, so that the query matches it (беспилотников: беспилотный). */
        if (relative(lz, l, rel, sizeof rel) && add_lemma(lz, rel, &n) < 0)
            return -1;
    } else if (n == 1 && lz->h && lz->out.s && strlen(lz->out.s) < sizeof l) {
        /* The one lemma is first in lz->out; its relative goes after it. */
        memcpy(l, lz->out.s, strlen(lz->out.s) + 1);
        if (relative(lz, l, rel, sizeof rel) && add_lemma(lz, rel, &extra) < 0)
            return -1;
    }
    if (n <= 0)
        return n;
    *out = lz->out.s;
    *out_len = lz->out.len;
    return n;
}

int gs_lemmas(gs_lemmatizer_t *lz, const char *form, size_t len, const char **out,
              size_t *out_len)
{
    lz->out.len = 0;
    *out = "";
    *out_len = 0;
    int count = 0;
    const char *sup = suppletive_lemma(form, len);
    if (sup) {
        if (add_lemma(lz, sup, &count) < 0)
            return -1;
    } else if (len && len <= LEMMA_MAX_FORM && gs_lemmatizer_ready(lz) &&
               !memchr(form, '\0', len)) {
        memcpy(lz->word, form, len);
        lz->word[len] = '\0';
        char **list = NULL;
        int n = Hunspell_stem(lz->h, &list, lz->word);
        int bad = 0;
        for (int i = 0; i < n && !bad; i++) {
            const char *l = list[i];
            const char *s2 = suppletive_lemma(l, strlen(l));
            bad = add_lemma(lz, s2 ? s2 : l, &count) < 0;
        }
        if (list)
            Hunspell_free_list(lz->h, &list, n);
        if (bad)
            return -1;
    }
    *out = lz->out.s ? lz->out.s : "";
    *out_len = lz->out.len;
    return count;
}
