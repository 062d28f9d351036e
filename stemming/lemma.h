/* lemma.h - internal: dictionary forms (lemmas) of Russian words, from
 * hunspell-ru, plus a small table of suppletive pairs (дети → ребенок,
 * люди → человек) that no inflection rule joins.
 *
 * Snowball cuts endings and misses the words whose stem changes
 * (ребенка → ребенк, отца → отц, дня → дня); the dictionary knows them
 * (ребенок, отец, день).  The analyzer reports a word's lemmas beside its
 * stem; the indexer and the query builder decide what to do with them.
 *
 * The hunspell handle is loaded on the first look-up (0.08 s, ~20 MB) and
 * is not thread-safe: one lemmatizer per analyzer, hence per thread.  A
 * missing dictionary leaves the lemmatizer empty (no lemmas) and prints one
 * warning per process.
 */
#ifndef GS_LEMMA_H
#define GS_LEMMA_H

#include <stddef.h>

typedef struct gs_lemmatizer gs_lemmatizer_t;

/* The dictionary: $GRANTSEARCH_HUNSPELL (a path without .aff/.dic) if set,
 * else GS_HUNSPELL_DICT from configure.  Nothing is read until the first
 * gs_lemmas call.  NULL on allocation failure; free with gs_lemmatizer_free
 * (NULL is fine). */
gs_lemmatizer_t *gs_lemmatizer_new(void);
void gs_lemmatizer_free(gs_lemmatizer_t *lz);

/* Is the dictionary loaded (loading it now if not yet tried)? */
int gs_lemmatizer_ready(gs_lemmatizer_t *lz);

/* The lemmas of a folded Russian word form (ё already е): written to *out
 * as NUL-terminated strings back to back (ё folded, duplicates dropped),
 * valid until the next call; returns how many (0: unknown word, no
 * dictionary), or -1 when out of memory.  A suppletive form gives its pair's
 * lemma alone. */
int gs_lemmas(gs_lemmatizer_t *lz, const char *form, size_t len, const char **out,
              size_t *out_len);

/* gs_lemmas, and when the form has exactly one lemma, its derivational
 * relative after it: a relational adjective's noun or a noun's adjective
 * (беспилотный: беспилотник; лес: лесной; школа: школьный), by a suffix
 * rule (-ный/-ной from the noun, its base, +а/о/ь, +ник) that both words
 * must satisfy uniquely in the dictionary, minus a list of false friends
 * (труд/трудный, часть/частный).  Returns the count of dictionary lemmas,
 * as gs_lemmas does (*out_len covers the relative too).  For queries: the
 * relative is matched below the word's own forms. */
int gs_lemmas_related(gs_lemmatizer_t *lz, const char *form, size_t len, const char **out,
                      size_t *out_len);

#endif /* GS_LEMMA_H */
