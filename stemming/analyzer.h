/* analyzer.h - the one Russian analyzer, shared by indexing and querying.
 *
 * Text in (UTF-8, possibly invalid, possibly decomposed), tokens out through
 * a callback, each with the term to index/search, the folded surface form and
 * its byte offsets in the caller's text (what highlighting needs).
 *
 * Rules (each has tests in tests/):
 *  - NFC normalisation, Unicode case folding, ё→е in every term and form.
 *  - Russian words: libstemmer "russian"; Latin words: libstemmer "english".
 *  - Abbreviations (a short all-capitals word such as НКО, ОМСУ, ОВЗ, or any
 *    word in the built-in abbreviation list, whatever its case): not stemmed,
 *    only folded ("ОМСУ" -> "омсу", never "омс").
 *  - Numbers and codes (19-1-029373, Р41-21-1-000017, ИНН, ОГРН): one token,
 *    kept whole (folded).
 *  - Hyphenated words: first the whole (each part stemmed, joined with '-',
 *    flag GS_TOKEN_COMPOUND, position of its first part), then each part at
 *    its own position (flag GS_TOKEN_PART).
 *  - Stop words are reported with GS_TOKEN_STOP and take a position, so
 *    phrases keep their gaps; the caller decides whether to index them.
 *
 *  - Lemmas (stemming/lemma.h; gs_analyzer_set_lemmas): a Russian word
 *    also carries its dictionary forms from hunspell-ru where their stem
 *    differs from its own (ребенка -> ребенок, отца -> отец, дня -> день;
 *    детей -> ребенок).
 *
 * Thread safety: an analyzer holds libstemmer state, a stem cache and a
 * hunspell handle; use one per thread.  The callback's strings are valid only during the callback.
 */
#ifndef GS_ANALYZER_H
#define GS_ANALYZER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    GS_TOKEN_STOP = 1 << 0,      /* a stop word */
    GS_TOKEN_ABBR = 1 << 1,      /* an abbreviation: term is the folded form */
    GS_TOKEN_NUMBER = 1 << 2,    /* digits, or a code of digits, letters and '-' */
    GS_TOKEN_LATIN = 1 << 3,     /* a Latin-script word (English stemmer) */
    GS_TOKEN_COMPOUND = 1 << 4,  /* the whole of a hyphenated word */
    GS_TOKEN_PART = 1 << 5,      /* one part of a hyphenated word */
    /* The lemma step looked this form up afresh (not from its cache): the
     * first time this analyzer met it, or the first since the cache was
     * emptied.  The indexer writes the form's lemma table entry then. */
    GS_TOKEN_LEMMA_NEW = 1 << 6
};

typedef struct {
    const char *term;  /* what goes in the index: stem, or folded form for ABBR/NUMBER */
    size_t term_len;
    const char *form;  /* NFC + case-folded + ё→е surface form, unstemmed */
    size_t form_len;
    size_t start;      /* byte offset of the token in the input text */
    size_t end;        /* one past its last byte */
    uint32_t pos;      /* word position: first_pos, first_pos+1, ... */
    unsigned flags;    /* GS_TOKEN_* */
    /* The lemma step (Russian words only; none for abbreviations, stop
     * words, numbers, Latin words and a hyphenated whole): the word's
     * dictionary forms from hunspell-ru and the suppletive pairs
     * (детей -> ребенок), folded, each NUL-terminated, back to back in
     * lemmas[0..lemmas_len) - only those whose own stem differs from term
     * (ребенка: ребенок; школы: none, школа stems to школ as well).  NULL
     * and 0 when none.  readings: how many lemmas the dictionary gave in
     * all (0 unknown, 1 unambiguous, 2 for стали: сталь | стать); an
     * ambiguous word reports none, so that it cannot flood a search for
     * one of its readings with texts of the other. */
    const char *lemmas;
    size_t lemmas_len;
    unsigned nlemmas;
    unsigned readings;
} gs_token_t;

/* Longest term the analyzer reports, in bytes (Xapian's limit is 245 with
 * the prefix; longer words are skipped but still take their position). */
#define GS_ANALYZER_MAX_TERM 200

/* Return 0 to go on, non-zero to stop the analysis (that value is returned). */
typedef int (*gs_token_fn)(void *ctx, const gs_token_t *tok);

typedef struct gs_analyzer gs_analyzer_t;

enum {
    GS_ANALYZER_NO_CACHE = 1 << 0  /* disable the stem cache (for benchmarks) */
};

/* NULL on allocation failure. Free with gs_analyzer_free (NULL is fine). */
gs_analyzer_t *gs_analyzer_new(unsigned options);
void gs_analyzer_free(gs_analyzer_t *an);

/* Whether gs_analyze's tokens carry their lemmas (gs_token_t.lemmas): off
 * by default, since only the indexer writes them (indexer/document.c turns
 * it on); snippets, the recheck and drafts then never wait on the
 * dictionary.  gs_analyze_word_lemmas answers either way. */
void gs_analyzer_set_lemmas(gs_analyzer_t *an, int on);

/* Analyse text[0..len) numbering words from first_pos.  Returns 0, or the
 * callback's non-zero value, or -1 if memory ran out.  *next_pos (may be NULL) receives the position
 * after the last word, so fields can be chained with a gap. */
int gs_analyze(gs_analyzer_t *an, const char *text, size_t len, uint32_t first_pos,
               gs_token_fn fn, void *ctx, uint32_t *next_pos);

/* The index term of a single word (as gs_analyze would produce for it alone,
 * the whole if hyphenated): writes at most cap-1 bytes and a NUL to buf, returns
 * the term length, 0 if the word yields no term.  For query words and synonyms.
 * A stop word still yields its term.  If the term does not fit in cap-1 bytes,
 * returns 0 (never a truncated term); GS_ANALYZER_MAX_TERM + 1 always fits. */
size_t gs_analyze_word(gs_analyzer_t *an, const char *word, size_t len, char *buf, size_t cap);

/* Whether the hunspell dictionary is loaded (loading it on the first
 * call): without it the lemmas are the suppletive pairs only, and an index
 * must not record them as the corpus's lemma table. */
int gs_analyzer_has_dictionary(gs_analyzer_t *an);

/* The lemmas of a single word (its first token), for a query: all of them,
 * also those whose stem is the word's own (ребенок: ребенок), since a query
 * word must meet the indexed XL lemma terms of its other forms.  *lemmas
 * points to lemmas_len bytes of NUL-terminated lemmas, valid until the
 * analyzer's next call; *readings as gs_token_t.readings (= the count).
 * A word with one lemma also gets its derivational relative after it
 * (lemma.h gs_lemmas_related: беспилотный, беспилотник).  Returns how many
 * dictionary lemmas (0: none), -1 if memory ran out.  The hunspell dictionary is loaded on the first call that needs
 * it ($GRANTSEARCH_HUNSPELL, a path without .aff/.dic, else the one
 * configure found); without it only the suppletive pairs give lemmas, and
 * one warning per process says so. */
int gs_analyze_word_lemmas(gs_analyzer_t *an, const char *word, size_t len, const char **lemmas,
                           size_t *lemmas_len, unsigned *readings);

/* Is the folded form a stop word? */
int gs_is_stopword(const char *form, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* GS_ANALYZER_H */
