/* schema.h - how a record is laid out in the Xapian index: prefixes, value
 * slots, the field and filter tables (schema.c), the value fold.  The word
 * sketch's format and codec: sketch.h.
 *
 * The indexer writes this layout and the searcher reads it; neither includes
 * the other, both include this (and link schema/libschema.a).  Changing anything here needs a re-index:
 * bump GS_SCHEMA_VERSION (stored as metadata "schema").
 *
 * Terms (after the prefix never an upper-case ASCII letter, so prefixes never
 * run into terms):
 *   body (no prefix)  every text field's stems (not stop words), wdf only
 *                     (schema 5: a boosted field's word 1 + its boost
 *                     times, GS_META_FOLD below);
 *                     an abbreviation's term is its form with the Cyrillic
 *                     letters in capitals (НКО, РАС: never the stem «рас»
 *                     of «раса»), stemming/README.md.
 *   XL lemmas         see GS_PREFIX_LEMMA below.
 *   field prefixes    the same stems for the SHORT fields only (title, goal,
 *                     geography, target groups, organisation), wdf only, for
 *                     boosts above the folded ones and field:word queries.
 *   boolean terms     Q id, XST status, XY year, XDIR direction, XREG region,
 *                     XCON contest, XINN inn, XOGRN ogrn (values folded:
 *                     lower case, ё→е).
 *   XF form           (schema 4) boolean: every folded surface form of a
 *                     word (not a stop word; a hyphenated word's whole and
 *                     its parts), so =form is a posting lookup, exact.
 *   XP pair           (schema 4) boolean: "XP" and four hex digits, a
 *                     16-bit hash of two adjacent stems of one field,
 *                     stop words included, as the sketch numbers them (a
 *                     hyphenated word's parts): a phrase's candidates are
 *                     those holding the hashes of its pairs (a superset:
 *                     hashed so the pairs cost 65,536 terms, not one per
 *                     distinct pair; the recheck makes it exact).
 *   Both are boolean (wdf 0): document lengths, so BM25 scores, are those
 *   of schema 3.
 *   XA stem prefix    (schema 6) boolean: XA + a body term's first 3
 *                     characters when they are one of 64 frequent
 *                     beginnings (про), so про* is one posting list
 *                     (GS_PREFIX_STEM below).
 *   XE phrase         boolean: XE + 8 hex digits, a phrase of the index's
 *                     own list (the synonyms' multi-word alternatives,
 *                     stored as metadata when the index was made) where a
 *                     record holds it, as the recheck would find it
 *                     (schema/phrases.h).  An index without the list has
 *                     none and is searched as before: the schema version
 *                     is unchanged.
 * No positions, no terms per long field (tasks, description, significance).
 * Positions made the index 2.2x the text and three times slower to build
 * (bench/RESULTS.md, "schema 2"); the form and pair terms cost far less
 * (bench/RESULTS.md, "Issue 15: exact queries").  What is not a posting
 * lookup is answered by re-checking, as PostgreSQL rechecks a GIN match
 * against the row: a longer phrase, or a word in a long field, is searched
 * as its terms and pairs (a superset), and each candidate that could reach
 * the result page is checked on its word sketch (schema/sketch.h) or its
 * stored record re-analysed with the same analyzer (searcher/verify.h).
 * An index of schema 3 (no XF, XP terms) still searches: =form and phrases
 * then take the recheck alone (query/words.c).
 * Values: sortable numbers for sorting and ranges; facet strings for spies;
 * the word sketch that makes most rechecks cheap; the result line's summary.
 * Document data: the record as JSON (gs_record_to_json), secrets already gone.
 */
#ifndef GS_SCHEMA_H
#define GS_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "corpus/record.h"

/* 3: abbreviation terms in capitals, words in capitals stemmed, XOGRN
 * (issue 12).  4: XL lemma terms (issue 16), exact-form (XF) and word-pair
 * (XP) terms (issue 15).  5: the field boosts folded into the body terms'
 * wdf (GS_META_FOLD, issue 15).  6: XA stem-prefix terms (GS_PREFIX_STEM
 * below, issue 15). */
#define GS_SCHEMA_VERSION "6"

/* Per-field term prefixes (searcher field names in parentheses); the long
 * fields tasks:, description:, significance: have none (see above).  Which
 * field has which: gs_schema_fields below. */
/* A filter term (prefix + folded value) keeps at most this many bytes of
 * its value: the indexer cuts a longer value there, and a filter the user
 * types is cut the same way, so the two always meet (gs_schema_value_len). */
#define GS_SCHEMA_VALUE_MAX 240
static inline size_t gs_schema_value_len(size_t len)
{
    return len > GS_SCHEMA_VALUE_MAX ? GS_SCHEMA_VALUE_MAX : len;
}

#define GS_PREFIX_TITLE        "S"     /* title: */
#define GS_PREFIX_GOAL         "XG"    /* goal: */
#define GS_PREFIX_GEOGRAPHY    "XGEO"  /* geography: */
#define GS_PREFIX_TARGET       "XTG"   /* target: */
#define GS_PREFIX_ORG          "XO"    /* org: */

/* The fold (schema 5, issue 15): a word in a boosted field (title, goal:
 * boost > 0 in gs_schema_fields) adds 1 + gs_boost_repeats(boost) to its
 * body term's wdf, not 1, so the body term alone carries BM25F's summed
 * within-document frequency and a query word reads one posting list, not
 * the body's and each field's under an OP_SYNONYM (query/ranking.c).  The
 * field terms keep their wdf 1 (field:word queries rank on them), so a
 * record's length grows by the boosted fields' words times their repeats.
 * The repeats are written as metadata GS_META_FOLD ("title=1,goal=1"); an
 * index without it (schema 4) is searched with the OP_SYNONYM as before. */
#define GS_META_FOLD "fold"

/* How many times a field's occurrence of a word counts again on top of
 * its body occurrence for a boost: the boost rounded to a whole number (a
 * positive boost below 1 counts once), at most GS_BOOST_MAX_REPEAT.  The
 * one rounding for the indexer's fold and the query's boosts. */
#define GS_BOOST_MAX_REPEAT 8
int gs_boost_repeats(double boost);

/* The fold this grantsearch indexes, as GS_META_FOLD holds it ("title=1,
 * goal=1": the short fields with a boost, by name, and their repeats)
 * into buf[0..cap), NUL-terminated: its length, or 0 if cap is too small. */
size_t gs_schema_fold_spec(char *buf, size_t cap);

/* Lemmas (issue 16): XL + a word's dictionary form (hunspell-ru, the
 * suppletive pairs), in the body only, wdf 0 (no length, no score), for every word of every
 * text field whose lemma's stem differs from its own (ребенка: XLребенок;
 * детей: XLребенок; школы: none, its stem школ is школа's).  A query word
 * matches its stem, its lemma's stem and XL + its lemma, so ребенок finds
 * ребенка and детей.  The prefix keeps a lemma apart from every stem and
 * abbreviation term. */
#define GS_PREFIX_LEMMA        "XL"

/* Boolean filter terms. */
#define GS_PREFIX_ID           "Q"     /* unique id term: Q + record id as given */
#define GS_PREFIX_STATUS       "XST"   /* XSTwinner, XSTrejected, XSTunknown */
#define GS_PREFIX_YEAR         "XY"    /* XY2021 */
#define GS_PREFIX_DIRECTION    "XDIR"  /* XDIR + folded direction */
#define GS_PREFIX_REGION       "XREG"  /* XREG + folded region */
#define GS_PREFIX_CONTEST      "XCON"  /* XCON + folded contest */
#define GS_PREFIX_INN          "XINN"  /* XINN + digits */
#define GS_PREFIX_OGRN         "XOGRN" /* XOGRN + digits (a plain query finds it) */

/* Exact-query terms (schema 4, boolean; see the head comment). */
#define GS_PREFIX_FORM         "XF"    /* XF + folded form */
#define GS_PREFIX_PAIR         "XP"    /* XP + 4 hex digits: hash of a stem pair */

/* Stem prefixes (schema 6, issue 15): XA + a body term's first
 * GS_SCHEMA_STEM_PREFIX characters (code points), boolean (wdf 0: record
 * lengths and BM25 scores stay schema 5's), when those characters are one
 * of the GS_SCHEMA_NSTEM_PREFIXES rows of gs_schema_stem_prefixes
 * (schema.c).  A prefix query of such a beginning (про*) is then one
 * posting list, exact: every record holding a word so beginning, where
 * Xapian's wildcard merged the posting lists of up to 200 of its most
 * frequent expansions (7,087 terms begin with «про» at 166,848 records:
 * 1.5 million postings, 90 ms) and left the records holding only a rarer
 * one out (query/prefix.c).  Only these: every other prefix expands to
 * fewer postings (under 161,289 at 166,848 records), which Xapian merges
 * fast enough, and an XA term for every beginning cost 6.5% more index
 * and 19% more indexing CPU (bench/RESULTS.md, "Issue 15: prefix terms"). */
#define GS_PREFIX_STEM         "XA"
#define GS_SCHEMA_STEM_PREFIX  3
#define GS_SCHEMA_NSTEM_PREFIXES 64   /* at most 64: a record's are a bit mask */

/* Value slots. */
enum {
    GS_SLOT_DATE = 0,      /* sortable_serialise(yyyymmdd) */
    GS_SLOT_YEAR = 1,      /* sortable_serialise(year) */
    GS_SLOT_AMOUNT = 2,    /* sortable_serialise(rubles) */
    GS_SLOT_COFUNDING = 3,
    GS_SLOT_TOTAL = 4,
    GS_SLOT_RATING = 5,
    GS_SLOT_STATUS = 6,    /* "winner" | "rejected" | "unknown" (facet) */
    GS_SLOT_DIRECTION = 7, /* original text (facet) */
    GS_SLOT_REGION = 8,    /* original text (facet) */
    GS_SLOT_CONTEST = 9,   /* original text (facet) */
    GS_SLOT_YEAR_TEXT = 10, /* "2021" (facet) */
    GS_SLOT_FIELDLEN = 11, /* indexer bookkeeping: "n,n,...": words per text
                              field in gs_schema_fields order, so
                              replace/delete keep the fieldlen: totals right */
    GS_SLOT_SKETCH = 12,   /* the word sketch (schema/sketch.h) */
    GS_SLOT_SUMMARY = 13   /* what a result line shows: number, id, title,
                              region, status, year (schema/summary.h), so
                              that listing a hit reads no stored record.
                              Absent in indexes made before it (issue 15):
                              the searcher then reads the record, so such
                              an index still searches, adds and updates
                              as before (the schema version is unchanged) */
};

/* The word sketch (value GS_SLOT_SKETCH) and its codec: schema/sketch.h. */

/* ---- the field table: what each text field is -------------------------
 *
 * One row per text field, in body order: the order of GS_SLOT_FIELDLEN, of
 * the sketch's fields, and of the searcher's gs_sfield_t (searcher.h).
 * Adding a field is one row in schema.c (and GS_SCHEMA_NFIELDS + 1, which the
 * compiler checks). */
#define GS_SCHEMA_NFIELDS 8

typedef struct {
    gs_field_t record;         /* the record field (corpus/record.h) */
    const char *name;          /* what users type before ':' (title:) */
    const char *aliases[5];    /* other names, NULL-terminated; Russian in lower case */
    const char *prefix;        /* SHORT field: its terms' prefix (GS_PREFIX_*);
                                  NULL: a LONG field, in the body only and
                                  rechecked (see above) */
    double boost;              /* default weight of a match here, over the body's */
    int spelling;              /* its words feed the spelling dictionary */
} gs_schema_field_t;

extern const gs_schema_field_t gs_schema_fields[GS_SCHEMA_NFIELDS];

/* The row index for a name users type (name or alias, ASCII case-insensitive),
 * or -1. */
int gs_schema_field_by_name(const char *name, size_t len);

/* ---- the filter table: what users can filter on -------------------------
 *
 * One row per filter, in searcher/query_ast.h qf_kind_t order. */
typedef enum {
    GS_FILTER_TERM,    /* a boolean term: prefix + value (folded if .fold) */
    GS_FILTER_RANGE,   /* a number: value range on .slot (year also a term) */
    GS_FILTER_NUMBER   /* the application number: the id term (GS_PREFIX_ID) */
} gs_filter_kind_t;

#define GS_SCHEMA_NFILTERS 8

typedef struct {
    const char *name;          /* what users type before ':' (region:) */
    const char *aliases[4];    /* other names, NULL-terminated */
    gs_filter_kind_t kind;
    const char *prefix;        /* boolean term prefix, or NULL */
    int slot;                  /* value slot (GS_SLOT_*), or -1 */
    int fold;                  /* the record's text is stored folded
                                  (gs_schema_fold) under prefix and as is in
                                  slot; the filter matches its words */
    gs_field_t record;         /* with .fold: the record field it comes from */
} gs_schema_filter_t;

extern const gs_schema_filter_t gs_schema_filters[GS_SCHEMA_NFILTERS];

/* The row index for a filter name or alias (ASCII case-insensitive), or -1. */
int gs_schema_filter_by_name(const char *name, size_t len);

/* ---- the value fold ------------------------------------------------------
 *
 * A filter value as stored and as looked up: NFC, case folded, ё→е, so that
 * region:пермский finds "Пермский край" whatever the case.  Returns a new
 * string (the caller frees it).  Text that is not valid UTF-8 cannot be
 * folded and comes back as an unchanged copy: the indexer then stores it as
 * given and the searcher looks it up the same way.  NULL only when out of
 * memory. */
char *gs_schema_fold(const char *s, size_t len);

/* Form terms longer than this (prefix included) are not indexed
 * (Xapian's limit is 245 bytes), so never looked up either. */
#define GS_SCHEMA_MAX_EXACT_TERM 240

/* The pair term (GS_PREFIX_PAIR) of adjacent stems a[0..alen) and
 * b[0..blen) into buf[0..cap), NUL-terminated: its length (6), or 0 if cap
 * is too small.  The one spelling of a pair for the indexer and the query
 * builder. */
size_t gs_schema_pair_term(char *buf, size_t cap, const char *a, size_t alen, const char *b,
                           size_t blen);

/* The beginnings of body terms indexed as stem-prefix terms (schema 6,
 * GS_PREFIX_STEM): GS_SCHEMA_STEM_PREFIX characters each, in byte order.
 * The 64 whose terms held the most postings in the 166,848-record bench
 * corpus.  Changing the list changes what schema 6 holds. */
extern const char *const gs_schema_stem_prefixes[GS_SCHEMA_NSTEM_PREFIXES];

/* The row of gs_schema_stem_prefixes that s[0..len) begins with, or -1;
 * *head (may be NULL) gets the bytes of s's first GS_SCHEMA_STEM_PREFIX
 * characters (0 when s is shorter).  The one test for the indexer and the
 * query builder: a query prefix of exactly *head bytes with a row is that
 * row's XA term. */
int gs_schema_stem_prefix(const char *s, size_t len, size_t *head);

/* Metadata keys. */
#define GS_META_SCHEMA      "schema"
#define GS_META_UPDATED     "updated"        /* ISO 8601 time of the last commit */
#define GS_META_FIELD_LEN   "fieldlen:"      /* + field name: total tokens, for averages */
/* The corpus's lemma table (issue 16): "L" + a folded Russian form the
 * indexer met -> one byte '0' + how many lemmas the dictionary gives it
 * (capped at 9), then, only when exactly one, that lemma NUL-terminated.
 * A query word found here needs no dictionary (a `search` process then
 * never loads hunspell); a word missing (a form the corpus never had, an
 * index built without the dictionary, a later shard of a sharded index)
 * is looked up in hunspell as before.  Written by the indexer (writer.c),
 * read by query/words.c (lemma_query). */
#define GS_META_LEMMA       "L"

/* The lemma table's key of form (len bytes) in key[cap]: its length, or 0
 * when it does not fit. */
size_t gs_schema_lemma_key(char *key, size_t cap, const char *form, size_t len);
/* Read an entry of the lemma table (value v of vlen bytes): how many
 * lemmas the dictionary gives the form (0-9), *list and *len the one lemma,
 * NUL-terminated, when exactly one (else what follows the count); -1 when
 * v is not an entry the indexer wrote. */
int gs_schema_lemma_entry(const char *v, size_t vlen, const char **list, size_t *len);

#endif /* GS_SCHEMA_H */
