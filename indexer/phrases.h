/* phrases.h - posting the phrases of the index's list (schema/phrases.h)
 * in one record, as document.c analyses it field by field. */
#ifndef GS_INDEXER_PHRASES_H
#define GS_INDEXER_PHRASES_H

#include "schema/phrases.h"
#include "toolkit/buf.h"
#include "xapian-c/xapc.h"

#include <stddef.h>
#include <stdint.h>

/* One field's words as the recheck sees them: every token but a hyphenated
 * word's whole (its parts are there), stop words included, by position. */
typedef struct {
    uint32_t pos, off, len;  /* term at text.s[off..off+len) */
} gs_field_word_t;

typedef struct {
    gs_buf_t text;
    gs_buf_t words;  /* gs_field_word_t, back to back */
} gs_field_words_t;

/* Append a word (0, or -1 out of memory); forget them all (the memory
 * stays for the next field); free. */
int gs_field_words_add(gs_field_words_t *w, uint32_t pos, const char *t, size_t len);
void gs_field_words_reset(gs_field_words_t *w);
void gs_field_words_free(gs_field_words_t *w);

/* Add to doc the term of each phrase of ph that the field's words w hold:
 * its terms in order, each the earliest after the one before, the last
 * within the phrase's window of the first (searcher/verify.c phrase_at,
 * the exact recheck).  0, or -1 if Xapian refused a term. */
int gs_post_phrases(const gs_phrases_t *ph, const gs_field_words_t *w, xapc_doc_t *doc);

/* Store the list ph (NULL: none) as wdb's metadata: GS_META_PHRASES, and
 * each phrase's encoding under its term (schema/phrases.h), less the keys of the list
 * `old` (the index's before, or NULL) that ph does not hold: an emptied
 * index taking a new list must not claim the old one's phrases, which no
 * record posts any more.  0, or -1 on a Xapian error. */
int gs_index_put_phrases(xapc_wdb_t *wdb, const gs_phrases_t *ph, const char *old);

#endif
