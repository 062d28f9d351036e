/* build.h - the query tree turned into a Xapian query (query/build.c),
 * with what the searcher needs around it: the terms to highlight, the
 * recheck formula (vnode.h), notes, unknown words for "did you mean".
 * Internal to the engine: the searcher and `similar` use it.
 */
#ifndef GS_QUERY_BUILD_H
#define GS_QUERY_BUILD_H

#include "query/ast.h"
#include "query/query.h"
#include "query/vnode.h"
#include "stemming/analyzer.h"
#include "xapian-c/xapc.h"

#include <stddef.h>
#include <stdint.h>

/* ---- a growable list of strings (terms to highlight, notes) ---------- */
typedef struct {
    char **v;
    size_t n, cap;
} strlist_t;

int gs_strlist_add(strlist_t *l, const char *s, size_t len); /* copies; 0 or -1 */
int gs_strlist_has(const strlist_t *l, const char *s, size_t len);
void gs_strlist_free(strlist_t *l);

/* What snippets highlight: body terms, wildcard prefixes, exact forms. */
typedef struct {
    strlist_t terms;
    strlist_t prefixes;
    strlist_t forms;
    strlist_t weak;      /* words of multi-word synonyms: marked only next to another match */
    strlist_t lemmas;    /* lemmas the query matches through XL terms: a word
                            whose own lemma (lemma_db's table) is one is marked */
    xapc_db_t *lemma_db; /* where the lemma table is (the searcher's); NULL: none */
} hlset_t;

void gs_hlset_free(hlset_t *h);

/* ---- synonyms (synonyms.c) ------------------------------------------ */
/* One group: each alternative is a term sequence with its position span. */
typedef struct {
    char **terms;       /* non-stop terms, in order */
    size_t n;
    uint32_t span;      /* last_pos - first_pos + 1 in the analysed text */
} syn_alt_t;

/* How a line's alternatives relate (data/thesaurus.txt).  SYN_EQUAL: "a = b
 * = c", each finds the others.  SYN_BROADER: "a = b > c, d", alts[0..nbroad)
 * are the broader words (a, b: equal to each other) and find the narrower
 * ones, each narrower one finds the broader ones (less), not its siblings.
 * SYN_RELATED: "a ~ b ~ c", each finds the others, least of all. */
typedef enum { SYN_EQUAL, SYN_BROADER, SYN_RELATED } syn_kind_t;

typedef struct {
    syn_alt_t *alts;
    size_t n;
    syn_kind_t kind;
    size_t nbroad;      /* SYN_BROADER: alts[0..nbroad) are the broader words */
} syn_group_t;

typedef struct gs_synonyms {
    syn_group_t *groups;
    size_t n;
    char *path;         /* the file read ("" if none) */
} gs_synonyms_t;

/* Load the synonyms file at path (NULL = none): never NULL except on
 * ENOMEM; a missing or unreadable file = no groups and its errno in *err
 * (0 when it was read).  Bad lines are reported on stderr with file:line
 * and skipped.  The caller chooses the path: a library reads no environment.
 * The domain thesaurus, thesaurus.txt in the same directory as path
 * (GS_THESAURUS_FILE), is read after it when it exists: its absence is no
 * error (a user's own synonyms file need not come with one). */
#define GS_THESAURUS_FILE "thesaurus.txt"
gs_synonyms_t *gs_synonyms_load_file(gs_analyzer_t *an, const char *path, int *err);
void gs_synonyms_free(gs_synonyms_t *s);
/* The multi-word alternatives of the synonyms file at path and the
 * thesaurus beside it, as the phrases a new index posts (schema/phrases.h:
 * encodings, one per line; an alternative holding a hyphenated word is
 * left out).  malloc'd, "" when there are none or the file cannot be read;
 * NULL when out of memory. */
char *gs_synonyms_phrase_list(const char *path);
/* The one-word alternatives that mean what the one-term alternative `term`
 * means (an equivalent, or a narrower word under a broader `term`: what a
 * query weighs at the typed word's weight), each once, into out[0..max):
 * how many.  The strings are syn's.  syn may be NULL (none). */
/* «a = b = c»: how --explain names a word weighed with its equivalents
 * (searcher/explain.c reads each one's counts); malloc'd, NULL if out of
 * memory (query/words.c). */
char *gs_joined_terms(const char *const *terms, size_t n);
size_t gs_synonyms_equivalents(const gs_synonyms_t *syn, const char *term, const char **out,
                               size_t max);

/* ---- what --explain reports (gs_qbuild fills it when env->explain) ---- */

/* Kinds of query term, as --explain names them (gs_exkind_name). */
typedef enum {
    GS_EX_STEM, GS_EX_ABBREVIATION, GS_EX_FORM, GS_EX_PREFIX, GS_EX_PHRASE, GS_EX_SYNONYM,
    GS_EX_NUMBER, GS_EX_LEMMA, GS_EX_PROXIMITY, GS_EX_OTHER
} gs_exkind_t;
const char *gs_exkind_name(gs_exkind_t k); /* "stem", "abbreviation", ... */

/* One term of the query: the word typed, the term searched, and its
 * ranking query exactly as it sits in the whole query (so its weight on a
 * record alone is what it added there), times scale (a synonym expansion's
 * down-weighting, applied above it). */
typedef struct {
    char *word;          /* the query word as typed (for a synonym: the typed word) */
    char *term;          /* the body term (stem, folded form, abbreviation) or prefix */
    gs_exkind_t kind;
    int field;           /* the field it is restricted to (field:word), or -1 */
    double scale;
    xapc_query_t *q;     /* owned */
} gs_exterm_t;

typedef struct {
    gs_exterm_t *v;
    size_t n, cap;
} gs_exlist_t;

/* Append a copy of word, term and q (the caller keeps its own); 0 or -1 (ENOMEM). */
int gs_exlist_add(gs_exlist_t *l, const char *word, const char *term, gs_exkind_t kind,
                  int field, double scale, const xapc_query_t *q);
void gs_exlist_free(gs_exlist_t *l);

/* ---- building ------------------------------------------------------ */

/* What building reads: the index (term counts, filter values, spelling),
 * the analyzer and the synonyms.  All the caller's (one per thread). */
typedef struct {
    xapc_db_t *db;
    gs_analyzer_t *an;
    gs_synonyms_t *syn;  /* NULL: no synonyms */
    int explain;         /* fill qbuilt_t.explain */
    xapc_db_t *lemmas;   /* the lemma table (schema.h GS_META_LEMMA) when
                          * not in db: a sharded index's spelling database;
                          * NULL: db */
} gs_qenv_t;

/* The result of building one reading of a query. */
typedef struct {
    xapc_query_t *q;     /* NULL: nothing to search (only stop words ...) */
    vnode_t *verify;     /* NULL, or what candidates of q must also match */
    int can_relax;       /* a group of plain words exists (strict != relaxed) */
    hlset_t hl;
    strlist_t notes;     /* "region:xyz matches no region" ... */
    strlist_t unknown;   /* offsets/lengths of unknown words, as "off:len:form" */
    gs_exlist_t explain; /* the ranked terms, when gs_qenv_t.explain */
    /* The query is one phrase looked up by its word pairs: the AND of
     * those pairs, boolean (a superset of the hits), for the estimate
     * (search.c); else NULL.  One pair: its record count in pair_tf
     * instead (pairs NULL), no query needed. */
    xapc_query_t *pairs;
    uint32_t pair_tf;
} qbuilt_t;

/* Build the strict (relaxed = 0) or relaxed reading.  Returns 0, or -1 on
 * ENOMEM / an index error (message in *err).  May report XAPC_MODIFIED
 * through *xst so the caller retries. */
int gs_qbuild(gs_qenv_t *s, const qnode_t *root, const gs_boosts_t *b, int relaxed,
              qbuilt_t *out, xapc_status_t *xst, char **err);
void gs_qbuilt_free(qbuilt_t *b);
/* Does the index at db hold the exact-form and word-pair terms (schema 4
 * or later)?  The builder filters phrases by their pairs then, and the
 * recheck's walk (searcher/verify.c) rules a phrase out by a missing pair. */
int gs_qb_has_exact_terms(xapc_db_t *db);
/* The posted term (schema/phrases.h) of the phrase terms[0..n) (lens[i]
 * bytes each; lens NULL: strlen) within window positions into buf[0..cap)
 * (cap >= 16), when db posts it: one index (shards may have been made with
 * different lists) whose metadata holds the phrase's encoding under that
 * term.  Its length, or 0: then the phrase is looked up by its words and
 * pairs and rechecked.  The query builder and the recheck ask alike. */
size_t gs_qb_posted_phrase(xapc_db_t *db, const char *const *terms, const size_t *lens, size_t n,
                           uint32_t window, char *buf, size_t cap);

/* BM25's IDF of a body term (0 for a term in half the records or more):
 * the query's weights and the proximity bonus's (searcher/proximity.c). */
double gs_qb_idf(xapc_db_t *db, const char *term, size_t len);

/* "Did you mean": the query text with unknown words replaced, or NULL.
 * spell: the database whose spelling table is read (a sharded or remote
 * index keeps it locally: searcher/open.c); NULL: s->db's own. */
char *gs_spelling_suggest(const gs_qenv_t *s, xapc_db_t *spell, const char *text,
                          const strlist_t *unknown);

#endif /* GS_QUERY_BUILD_H */
