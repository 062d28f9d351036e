/* wordlist.h - internal: the fixed word lists and their lookup.
 *
 * The stop-word and abbreviation lists (stopwords.c, abbreviations.c) are
 * plain NULL-terminated C arrays in whatever order reads best; wordlist.c
 * builds a static hash set of each once (thread-safe) and answers from it.
 * All words are folded forms: lower case, е for ё.
 */
#ifndef GS_WORDLIST_H
#define GS_WORDLIST_H

#include <stddef.h>

extern const char *const gs_stopword_list[];
extern const char *const gs_abbreviation_list[];
extern const char *const gs_abbreviation_caps_list[];

/* Abbreviations that are never stemmed, whatever their case.  Thread-safe. */
int gs_is_abbreviation(const char *form, size_t len);

/* Abbreviations only when written in capitals (РАС, not рас).  Thread-safe. */
int gs_is_caps_abbreviation(const char *form, size_t len);

/* gs_is_stopword is public: see analyzer.h. */

#endif /* GS_WORDLIST_H */
