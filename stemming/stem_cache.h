/* stem_cache.h - internal: a bounded map from folded form to index term.
 *
 * Word frequencies are Zipfian, so a few thousand forms make most of any
 * text; caching their stems (and whether they are stop words or listed
 * abbreviations) skips libstemmer and both list look-ups for them.
 * Open addressing, keys and values in one arena; when either the table or
 * the arena is full the cache is simply emptied (cheap, and the hot forms
 * come straight back).  Not thread-safe: one per analyzer.
 */
#ifndef GS_STEM_CACHE_H
#define GS_STEM_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct gs_stem_cache gs_stem_cache_t;

/* Flags stored with an entry (the caller's meaning). */
typedef struct {
    const char *term;  /* valid until the next gs_stem_cache_put */
    size_t term_len;
    unsigned flags;
} gs_stem_hit_t;

/* A cache of at most max_entries forms; NULL on allocation failure.
 * Free with gs_stem_cache_free (NULL is fine). */
gs_stem_cache_t *gs_stem_cache_new(size_t max_entries);
void gs_stem_cache_free(gs_stem_cache_t *c);

uint64_t gs_stem_hash(const char *s, size_t n);

/* Look key up (hash = gs_stem_hash(key)); 1 and *hit filled if present. */
int gs_stem_cache_get(gs_stem_cache_t *c, const char *key, size_t klen, uint64_t hash,
                      gs_stem_hit_t *hit);

/* Remember key -> term (both copied).  Keys or terms longer than 255 bytes
 * are not cached.  May empty the cache first, invalidating earlier hits. */
void gs_stem_cache_put(gs_stem_cache_t *c, const char *key, size_t klen, uint64_t hash,
                       const char *term, size_t tlen, unsigned flags);

/* Entries now held, and hits/misses counted by gs_stem_cache_get (for the benchmark). */
size_t gs_stem_cache_size(const gs_stem_cache_t *c);
void gs_stem_cache_stats(const gs_stem_cache_t *c, uint64_t *hits, uint64_t *misses);

#endif /* GS_STEM_CACHE_H */
