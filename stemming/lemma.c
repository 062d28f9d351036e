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
