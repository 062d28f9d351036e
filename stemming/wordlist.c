/* wordlist.c - lookup over the fixed word lists (see wordlist.h).
 *
 * Each list becomes, once per process, an open-addressing hash set in static
 * storage (nothing to allocate or free).  A look-up is one hash and usually
 * one comparison: without the stem cache it runs for every token, so a
 * binary search's dozen comparisons showed in profiles.
 */
#include "stemming/wordlist.h"
#include "stemming/analyzer.h"
#include "stemming/stem_cache.h"

#include <pthread.h>
#include <string.h>

#define SET_SLOTS 4096  /* power of two, at least twice the longest list */

typedef struct {
    const char *s;  /* NULL = empty slot */
    uint32_t len;
    uint32_t h;
} slot_t;

typedef struct {
    slot_t slot[SET_SLOTS];
    size_t n, maxlen;
} set_t;

static set_t stop_set, abbr_set, caps_abbr_set;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(set_t *set, const char *const *words)
{
    for (size_t i = 0; words[i] && set->n < SET_SLOTS / 2; i++) {
        size_t len = strlen(words[i]);
        uint64_t h = gs_stem_hash(words[i], len);
        size_t j = (size_t)h & (SET_SLOTS - 1);
        int dup = 0;
        while (set->slot[j].s) {
            if (set->slot[j].len == len && memcmp(set->slot[j].s, words[i], len) == 0)
                dup = 1;
            j = (j + 1) & (SET_SLOTS - 1);
        }
        if (dup)
            continue;
        set->slot[j].s = words[i];
        set->slot[j].len = (uint32_t)len;
        set->slot[j].h = (uint32_t)(h >> 32);
        set->n++;
        if (len > set->maxlen)
            set->maxlen = len;
    }
}

static void init_lists(void)
{
    build(&stop_set, gs_stopword_list);
    build(&abbr_set, gs_abbreviation_list);
    build(&caps_abbr_set, gs_abbreviation_caps_list);
}

static int find(const set_t *set, const char *s, size_t len)
{
    if (len > set->maxlen)
        return 0;
    uint64_t h = gs_stem_hash(s, len);
    uint32_t h32 = (uint32_t)(h >> 32);
    for (size_t j = (size_t)h & (SET_SLOTS - 1); set->slot[j].s; j = (j + 1) & (SET_SLOTS - 1)) {
        const slot_t *e = &set->slot[j];
        if (e->h == h32 && e->len == len && memcmp(e->s, s, len) == 0)
            return 1;
    }
    return 0;
}

int gs_is_stopword(const char *form, size_t len)
{
    pthread_once(&once, init_lists);
    return find(&stop_set, form, len);
}

int gs_is_abbreviation(const char *form, size_t len)
{
    pthread_once(&once, init_lists);
    return find(&abbr_set, form, len);
}

int gs_is_caps_abbreviation(const char *form, size_t len)
{
    pthread_once(&once, init_lists);
    return find(&caps_abbr_set, form, len);
}
