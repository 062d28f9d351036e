/* stem_cache.c - bounded open-addressing map form -> term (see stem_cache.h). */
#include "stemming/stem_cache.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t hash;    /* low 32 bits of the key's hash; 0 in slot = empty */
    uint32_t off;     /* key bytes at arena+off, then the term bytes */
    uint8_t klen, tlen;
    uint8_t flags;
} slot_t;

struct gs_stem_cache {
    slot_t *slots;
    size_t mask;        /* table size - 1 (a power of two, at least 2x max) */
    size_t n, max;
    char *arena;
    size_t used, arena_cap;
    uint64_t hits, misses;
};

uint64_t gs_stem_hash(const char *s, size_t n)
{
    /* Eight bytes at a time, multiply-xorshift mixing: a word is 5-30 bytes,
     * so per-byte FNV would cost more than the lookup itself. */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xFF51AFD7ED558CCDull);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
}

gs_stem_cache_t *gs_stem_cache_new(size_t max_entries)
{
    if (max_entries < 16)
        max_entries = 16;
    size_t size = 16;
    while (size < 2 * max_entries)
        size *= 2;
    gs_stem_cache_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->slots = calloc(size, sizeof *c->slots);
    /* 32 bytes per entry covers an average form plus its stem. */
    c->arena_cap = max_entries * 32;
    c->arena = malloc(c->arena_cap);
    if (!c->slots || !c->arena) {
        gs_stem_cache_free(c);
        return NULL;
    }
    c->mask = size - 1;
    c->max = max_entries;
    return c;
}

void gs_stem_cache_free(gs_stem_cache_t *c)
{
    if (!c)
        return;
    free(c->slots);
    free(c->arena);
    free(c);
}

static uint32_t h32(uint64_t hash)
{
    uint32_t h = (uint32_t)hash;
    return h ? h : 1;
}

int gs_stem_cache_get(gs_stem_cache_t *c, const char *key, size_t klen, uint64_t hash,
                      gs_stem_hit_t *hit)
{
    uint32_t h = h32(hash);
    for (size_t i = (size_t)(hash >> 32) & c->mask;; i = (i + 1) & c->mask) {
        const slot_t *s = &c->slots[i];
        if (s->hash == 0) {
            c->misses++;
            return 0;
        }
        if (s->hash == h && s->klen == klen && memcmp(c->arena + s->off, key, klen) == 0) {
            hit->term = c->arena + s->off + klen;
            hit->term_len = s->tlen;
            hit->flags = s->flags;
            c->hits++;
            return 1;
        }
    }
}

void gs_stem_cache_put(gs_stem_cache_t *c, const char *key, size_t klen, uint64_t hash,
                       const char *term, size_t tlen, unsigned flags)
{
    if (klen > 255 || tlen > 255)
        return;
    if (c->n >= c->max || c->arena_cap - c->used < klen + tlen) {
        memset(c->slots, 0, (c->mask + 1) * sizeof *c->slots);
        c->n = 0;
        c->used = 0;
    }
    uint32_t h = h32(hash);
    size_t i = (size_t)(hash >> 32) & c->mask;
    while (c->slots[i].hash != 0) {
        const slot_t *s = &c->slots[i];
        if (s->hash == h && s->klen == klen && memcmp(c->arena + s->off, key, klen) == 0)
            return;  /* already there */
        i = (i + 1) & c->mask;
    }
    slot_t *s = &c->slots[i];
    memcpy(c->arena + c->used, key, klen);
    memcpy(c->arena + c->used + klen, term, tlen);
    s->hash = h;
    s->off = (uint32_t)c->used;
    s->klen = (uint8_t)klen;
    s->tlen = (uint8_t)tlen;
    s->flags = (uint8_t)flags;
    c->used += klen + tlen;
    c->n++;
}

size_t gs_stem_cache_size(const gs_stem_cache_t *c)
{
    return c->n;
}

void gs_stem_cache_stats(const gs_stem_cache_t *c, uint64_t *hits, uint64_t *misses)
{
    *hits = c->hits;
    *misses = c->misses;
}
