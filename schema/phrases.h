/* phrases.h - posted phrases: the multi-word alternatives of the synonyms
 * and the thesaurus as terms of their own (issue 15).
 *
 * A phrase such as «органы местного самоуправления» (ОМСУ's expansion) is
 * found by its words and its pair terms, and every candidate is rechecked
 * on its word sketch (schema.h).  Counting the facets of «ОМСУ» checks
 * every record holding the three words: a third of the query's time at
 * 166,848 records.  So the indexer posts each phrase of a list where a
 * record holds it - exactly where the recheck would find it: its words in
 * order within its window of positions inside one field (searcher/verify.c
 * phrase_at) - as the boolean term XE + 8 hex digits, and the searcher
 * answers such a phrase from that posting list.
 *
 * The list is the index's own: written as metadata GS_META_PHRASES when
 * the index is made (from the synonyms files the indexer was given), kept
 * by every later update, and each phrase also as metadata under its term,
 * whose value is the phrase's encoding.  The searcher trusts a phrase's
 * term only when that key holds that encoding: an index without the list
 * (built before, or sharded) is searched as before, and a phrase outside
 * the list too.
 *
 * A phrase's encoding: its window in decimal, then each of its terms after
 * one space ("3 орган местн самоуправлен").  Terms hold no space. */
#ifndef GS_SCHEMA_PHRASES_H
#define GS_SCHEMA_PHRASES_H

#include <stddef.h>
#include <stdint.h>

#define GS_PREFIX_PHRASE "XE"
#define GS_META_PHRASES "phrases"  /* the encodings, one per line */

/* At most this many terms in a posted phrase, and bytes in an encoding. */
#define GS_PHRASE_MAX_TERMS 16
#define GS_PHRASE_MAX_ENC 512

/* The encoding of terms[0..n) (lens[i] bytes each; lens NULL: strlen)
 * within window positions into buf[0..cap), NUL-terminated: its length, or
 * 0 when it does not fit, n is out of 2..GS_PHRASE_MAX_TERMS, or a term
 * holds a '-': a hyphenated word's whole is not among the words a record's
 * sketch and pairs number (its parts are), so such a phrase is never
 * posted. */
size_t gs_phrase_encode(char *buf, size_t cap, const char *const *terms, const size_t *lens,
                        size_t n, uint32_t window);

/* The posted term of encoding enc[0..len) into buf (cap >= 11): "XE" and
 * 8 hex digits of its hash; its length. */
size_t gs_phrase_term(char *buf, size_t cap, const char *enc, size_t len);

/* A parsed list, for the indexer. */
typedef struct {
    uint32_t window;
    size_t n;
    const char *terms[GS_PHRASE_MAX_TERMS]; /* into the list's copy */
    size_t lens[GS_PHRASE_MAX_TERMS];
    char term[16];                          /* its posted term */
} gs_phrase_t;

typedef struct {
    gs_phrase_t *v;
    size_t n;
    const gs_phrase_t **by_first; /* v's phrases ordered by first term */
    char *text;  /* the list as given (GS_META_PHRASES), owned */
    char *copy;  /* the terms point into it */
} gs_phrases_t;

/* The first index of p->by_first whose phrase begins with term t[0..len),
 * and how many do (*count, 0 when none). */
size_t gs_phrases_first(const gs_phrases_t *p, const char *t, size_t len, size_t *count);

/* Parse list[0..len) (encodings, one per line; malformed lines skipped).
 * NULL when it holds no phrase or memory ran out (*oom set). */
gs_phrases_t *gs_phrases_parse(const char *list, size_t len, int *oom);
void gs_phrases_free(gs_phrases_t *p);

#endif
