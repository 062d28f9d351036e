/* wordlist.c - sorted lookup over the fixed word lists (see wordlist.h). */
#include "stemming/wordlist.h"
#include "stemming/analyzer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s;
    size_t len;
} entry_t;

/* Fixed storage, so nothing is allocated or left to free at exit. */
#define LIST_MAX 1024
typedef struct {
    entry_t e[LIST_MAX];
    size_t n;
} sorted_t;

static sorted_t stop_sorted, abbr_sorted;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

static int cmp_entry(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    return cmp_bytes(x->s, x->len, y->s, y->len);
}

static void build(sorted_t *out, const char *const *words)
{
    size_t n = 0;
    while (words[n])
        n++;
    if (n > LIST_MAX)
        n = LIST_MAX;  /* tests/test_analyzer.c checks the lists fit */
    entry_t *e = out->e;
    for (size_t i = 0; i < n; i++) {
        e[i].s = words[i];
        e[i].len = strlen(words[i]);
    }
    qsort(e, n, sizeof *e, cmp_entry);
    out->n = n;
}

static void init_lists(void)
{
    build(&stop_sorted, gs_stopword_list);
    build(&abbr_sorted, gs_abbreviation_list);
}

static int find(const sorted_t *l, const char *s, size_t len)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_bytes(l->e[mid].s, l->e[mid].len, s, len);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int gs_is_stopword(const char *form, size_t len)
{
    pthread_once(&once, init_lists);
    return find(&stop_sorted, form, len);
}

int gs_is_abbreviation(const char *form, size_t len)
{
    pthread_once(&once, init_lists);
    return find(&abbr_sorted, form, len);
}
