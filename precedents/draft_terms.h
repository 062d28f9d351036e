/* draft_terms.h - pick a draft's discriminating terms (for `similar`).
 *
 * A draft (plain prose, or the text of an application already indexed) is
 * run through the one analyzer; every content word's term is counted with
 * the surface forms it came from.  Then each term is scored against the
 * index's statistics, tf-idf style: weight = (1 + ln tf) * ln(N / df), so a
 * rare word used once beats a common word used five times, and terms the
 * index does not know or that most applications share are dropped.  The
 * best K are kept.
 *
 * Each kept term remembers the draft's most frequent surface form of it, so
 * that "shared terms" can be shown as words people read ("аутизмом"), not
 * stems ("аутизм").
 *
 * Needs only the analyzer and a read-only Xapian handle; one per thread
 * like them.
 */
#ifndef GS_DRAFT_TERMS_H
#define GS_DRAFT_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "stemming/analyzer.h"
#include "xapian-c/xapc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gs_draft gs_draft_t;

/* One selected term.  Strings belong to the draft. */
typedef struct {
    const char *term;    /* body term: stem, folded abbreviation or Latin stem */
    size_t term_len;
    const char *form;    /* the draft's most frequent surface form of it */
    uint32_t tf;         /* occurrences in the draft (weighted by field) */
    uint32_t df;         /* documents of the index holding it */
    double weight;       /* (1 + ln tf) * ln(N / df): picks the terms */
    double rank_weight;  /* (1 + ln tf) * sqrt(ln(N / df)): what the term
                            weighs in the draft's query.  BM25 already weighs
                            each term by its IDF, so the full idf here too
                            would square it and let the draft's two or three
                            rarest words decide alone; on the 8 dev drafts
                            idf^0 / ^0.5 / ^1 here give nDCG@10 0.730 / 0.741
                            / 0.717 (bench/RESULTS.md, issue 16) */
} gs_draft_term_t;

typedef struct {
    size_t k;            /* terms to keep (0 = 20) */
    double max_df;       /* drop terms in more than this share of documents
                            (0 = 0.5: on the dev drafts 0.25
                            loses words such as "детей" that the judged
                            precedents share; 0.5 scores 0.61 nDCG@10, 0.25 0.58); applied only when the index holds at
                            least min_docs documents, since in a tiny index
                            every shared word is "common" */
    uint32_t min_docs;   /* 0 = 50 */
    size_t min_chars;    /* drop terms shorter than this many characters (0 = 3) */
    int self_indexed;    /* the draft is itself a document of the index: its
                            own occurrence is taken out of each df, and terms
                            only it holds (df 1) are dropped, as they can find
                            nothing else */
} gs_draft_opts_t;

/* NULL on ENOMEM.  Free with gs_draft_free (NULL is fine). */
gs_draft_t *gs_draft_new(void);
void gs_draft_free(gs_draft_t *d);

/* Analyse text[0..len) and count its content words, each `times` times (a
 * title may count double).  Stop words, numbers and codes, the whole of a
 * hyphenated word (its parts are counted) and very short terms are skipped.
 * 0 ok, -1 on ENOMEM. */
int gs_draft_add_text(gs_draft_t *d, gs_analyzer_t *an, const char *text, size_t len,
                      unsigned times);

/* Number of distinct terms counted so far. */
size_t gs_draft_distinct(const gs_draft_t *d);

/* Score the counted terms against db and keep the best o->k (o may be NULL
 * for the defaults).  *out points into d (valid until the next select or
 * gs_draft_free), sorted by weight, best first; *n may be 0 (nothing in the
 * draft the index knows).  0 ok, -1 on ENOMEM. */
int gs_draft_select(gs_draft_t *d, xapc_db_t *db, const gs_draft_opts_t *o,
                    const gs_draft_term_t **out, size_t *n);

/* The draft's surface form of `term` (any counted term, selected or not), or
 * NULL if the draft never produced it. */
const char *gs_draft_form(const gs_draft_t *d, const char *term, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* GS_DRAFT_TERMS_H */
