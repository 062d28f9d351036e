/* build_impl.h - what the files of the query build share (query/build.c,
 * words.c, filters.c, ranking.c, synonyms.c) and nobody else sees. */
#ifndef GS_QUERY_BUILD_IMPL_H
#define GS_QUERY_BUILD_IMPL_H

#include "query/build.h"

#include <stddef.h>
#include <stdint.h>

#define MAX_TERM 240
#define WILDCARD_MAX 200
#define GS_QB_MAX_EQUIV 16  /* equivalents weighed as one term with a word */

/* ---- analysed query text ------------------------------------------- */

typedef struct {
    char *term;
    char *form;
    uint32_t pos;
    unsigned flags;
} qtok_t;

typedef struct {
    qtok_t *v;
    size_t n, cap;
    int oom;
} qtoks_t;

/* ---- the builder's state, one per gs_qbuild ------------------------- */

typedef struct {
    gs_qenv_t *s;
    const gs_boosts_t *b;
    int relaxed;
    qbuilt_t *out;
    xapc_status_t xst;
    int oom;
    const char *text;  /* the whole query, for spelling offsets */
    int depth;         /* of the node being built: 1 = the whole query */
    int negated;       /* building what a NOT excludes: synonyms give only
                          what means the same (synonyms.c) */
    /* For --explain (gs_qb_explain): the word being built and, inside a
     * synonym group's alternative the user did not type, its scale. */
    const char *ex_word;
    double ex_synonym;  /* 0: not an expansion */
    int exact_terms;   /* the index has form and pair terms (schema 4) */
    int stem_prefixes; /* ... and stem-prefix terms (schema 6) */
    int optional;      /* > 0: the node being built is one alternative (under
                        * OR, a relaxed reading, a synonym group), which a
                        * hit need not match: its Xapian query must then
                        * weigh what it weighed before form and pair terms
                        * (words.c) */
    xapc_query_t *pairs;  /* the last pair-led phrase's AND of its pairs */
    uint32_t pair_tf;     /* ... or, when it has one pair, that pair's records */
    int nphrases;         /* pair-led phrases built (words.c with_pairs) */
    /* A context word's thesaurus equivalents, to be weighed as one term with
     * its stem (synonyms.c sets them before building the typed word; words.c
     * takes them when the word is one plain term and says so in equiv_used). */
    const char *equiv[GS_QB_MAX_EQUIV];
    size_t nequiv;
    int equiv_used;
} builder_t;

/* Each name below is a function moved whole out of the one query_build.c
 * (issue 14) under its old name with gs_qb_ in front. */

/* build.c: the builder itself */
int gs_qb_analyse(gs_analyzer_t *an, const char *text, qtoks_t *out);
int gs_qb_is_plain_word(const qnode_t *k);
xapc_query_t *gs_qb_oom(builder_t *bd);
void gs_qb_qtoks_free(qtoks_t *ts);
xapc_query_t *gs_qb_with_formula(builder_t *bd, xapc_query_t *q, vnode_t *v, vnode_t **vo);
xapc_query_t *gs_qb_or_all(builder_t *bd, xapc_query_t **v, vnode_t **fv, size_t k,
                           vnode_t **vo);

/* Record q as the ranking query of term for --explain (when asked): kind
 * refined from the builder's state (a synonym expansion, an abbreviation). */
void gs_qb_explain(builder_t *bd, const char *term, gs_exkind_t kind, int field,
                   const xapc_query_t *q);
/* The same for a term whose query is weighted by `weight` above q (a
 * lemma's: GS_LEMMA_WEIGHT in words.c). */
void gs_qb_explain_scaled(builder_t *bd, const char *term, gs_exkind_t kind, int field,
                          double weight, const xapc_query_t *q);

/* ranking.c: query pieces and the ranking block */
/* q OP (parts joined by `join`); q consumed, parts stay the caller's. */
xapc_query_t *gs_qb_apply_parts(xapc_query_t *q, xapc_op_t op, xapc_op_t join,
                                xapc_query_t **parts, size_t n);
xapc_query_t *gs_qb_combine(xapc_op_t op, xapc_query_t **v, size_t n, uint32_t param);
void gs_qb_destroy_all(xapc_query_t **v, size_t n);
/* q scaled by f, q consumed (f 1: q itself); NULL when q is NULL or out
 * of memory. */
xapc_query_t *gs_qb_scaled(xapc_query_t *q, double f);
xapc_query_t *gs_qb_prefixed(const char *prefix, const char *term, size_t len, double scale);
/* OR of the term in the body (with_body) and in each boosted field. */
xapc_query_t *gs_qb_term_query(const char *term, size_t len, double weight,
                               const gs_boosts_t *b, int with_body);

/* Term term[0..n) as a match that adds, in each record holding it, the
 * weight BM25 gives a word met once in a record of average length: its
 * idf (log(1 + (N - df + 0.5) / (df + 0.5))) times the body boost.  For
 * the terms indexed with wdf 0 so as to leave record lengths and every
 * other score alone (the XL lemmas, the XA stem prefixes: schema.h).  NULL
 * when no record holds the term, or memory ran out (bd->oom set). */
xapc_query_t *gs_qb_fixed_idf_term(builder_t *bd, const char *term, size_t n);
/* q OR the presence bonus of one word (ranking.c): the IDF of terms[0],
 * the typed word's body term, once for a record holding any of
 * terms[0..n) (its equivalents, gs_qb_one_term_with; n <= GS_QB_MAX_EQUIV
 * + 1).  q consumed, a new query or NULL when out of memory; q itself for
 * a term with no IDF. */
xapc_query_t *gs_qb_presence(xapc_db_t *db, xapc_query_t *q, const char *const *terms, size_t n);
/* The highest IDF of the plain words among kids[0..n) (stop words, exact
 * forms and prefixes left out); -1 when there is none (ranking.c). */
double gs_qb_words_idf(builder_t *bd, const qnode_t *const *kids, size_t n);
/* One word (or synonym group) of a group of words, for gs_qb_weigh_words:
 * its query (replaced in place), its IDF (gs_qb_words_idf; <= 0: left
 * alone) and its --explain entries, [ex_from, ex_to) of bd->out->explain. */
typedef struct {
    xapc_query_t **q;
    double idf;
    size_t ex_from, ex_to;
} gs_qb_word_t;
/* Scale the words other than the rarest so that their IDFs sum to no more
 * than its IDF (ranking.c); bd->oom on failure. */
void gs_qb_weigh_words(builder_t *bd, gs_qb_word_t *w, size_t n);

/* words.c: words, phrases, exact forms, identifiers */
xapc_query_t *gs_qb_build_phrase(builder_t *bd, const qnode_t *n, vnode_t **vo);
xapc_query_t *gs_qb_build_word(builder_t *bd, const qnode_t *n, vnode_t **vo);
xapc_query_t *gs_qb_number_query(const char *s);
xapc_query_t *gs_qb_one_term(builder_t *bd, const char *term, int field, vnode_t **vo);
/* An AND of parts (formulas fv[0..n)) under an OR, anchored on a body term
 * so that Xapian 1.4 keeps it over several local shards (words.c). */
xapc_query_t *gs_qb_anchor_and(builder_t *bd, xapc_query_t *q, vnode_t *const *fv, size_t n);
xapc_query_t *gs_qb_phrase_query(builder_t *bd, const qtok_t *toks, const size_t *idx, size_t n,
                                 int field, vnode_t **vo);

/* prefix.c: the query of a prefix* word (prefix[0..len), folded, under
 * the field's term prefix fprefix, "" for the body), weighed alike on one
 * index and on shards; exact on a schema 6 index for a body prefix that
 * is one of its stem prefixes (schema.h GS_PREFIX_STEM).  NULL with bd->oom or bd->xst set on
 * failure. */
xapc_query_t *gs_qb_prefix_query(builder_t *bd, const char *fprefix, const char *prefix,
                                 size_t len);

/* filters.c */
xapc_query_t *gs_qb_build_filter(builder_t *bd, const qnode_t *n, vnode_t **vo);

/* synonyms.c */
/* A synonym group starting at kids[i]: how many kids it took (0: none).
 * relax: the kids are a plain query's words (its relaxed reading needs
 * only some of the typed ones); context: kids[i] is one of them and not
 * their rarest, so its equivalents are weighed as one term with it. */
size_t gs_qb_try_synonym(builder_t *bd, qnode_t *const *kids, size_t nkids, size_t i,
                         int relax, int context, xapc_query_t **out, vnode_t **vo);

#endif /* GS_QUERY_BUILD_IMPL_H */
