/* wordlist.h - internal: the fixed word lists and their lookup.
 *
 * The stop-word and abbreviation lists (stopwords.c, abbreviations.c) are
 * plain NULL-terminated C arrays in whatever order reads best; wordlist.c
 * sorts private copies once (thread-safe) and answers by binary search.
 * All words are folded forms: lower case, е for ё.
 */
#ifndef GS_WORDLIST_H
#define GS_WORDLIST_H

#include <stddef.h>

extern const char *const gs_stopword_list[];
extern const char *const gs_abbreviation_list[];

/* Abbreviations that are never stemmed, whatever their case.  Thread-safe. */
int gs_is_abbreviation(const char *form, size_t len);

/* gs_is_stopword is public: see analyzer.h. */

#endif /* GS_WORDLIST_H */
