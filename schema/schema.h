/* schema.h - how a record is laid out in the Xapian index.
 *
 * The indexer writes this layout and the searcher reads it; neither includes
 * the other, both include this.  Changing anything here needs a re-index:
 * bump GS_SCHEMA_VERSION (stored as metadata "schema").
 *
 * Terms (after the prefix never an upper-case ASCII letter, so prefixes never
 * run into terms):
 *   body (no prefix)  every text field's stems (not stop words), wdf only;
 *                     an abbreviation's term is its form with the Cyrillic
 *                     letters in capitals (НКО, РАС: never the stem «рас»
 *                     of «раса»), stemming/README.md.
 *   field prefixes    the same stems for the SHORT fields only (title, goal,
 *                     geography, target groups, organisation), wdf only, for
 *                     field boosts and field:word queries.
 *   boolean terms     Q id, XST status, XY year, XDIR direction, XREG region,
 *                     XCON contest, XINN inn, XOGRN ogrn (values folded:
 *                     lower case, ё→е).
 * No positions, no exact-form terms, no terms per long field (tasks,
 * description, significance).  Those three made the index 2.2x the text and
 * three times slower to build (bench/RESULTS.md, "schema 2").  What they
 * answered is answered by re-checking instead, as PostgreSQL rechecks a GIN
 * match against the row: a phrase, =form, or a word in a long field is
 * searched as its terms (a superset), and each candidate that could reach
 * the result page is checked on its word sketch (below) or its stored record
 * re-analysed with the same analyzer (searcher/verify.h).
 * Values: sortable numbers for sorting and ranges; facet strings for spies;
 * the word sketch that makes most rechecks cheap.
 * Document data: the record as JSON (gs_record_to_json), secrets already gone.
 */
#ifndef GS_SCHEMA_H
#define GS_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

/* 3: abbreviation terms in capitals, words in capitals stemmed, XOGRN
 * (issue 12). */
#define GS_SCHEMA_VERSION "3"

/* Per-field term prefixes (searcher field names in parentheses); the long
 * fields tasks:, description:, significance: have none (see above). */
#define GS_PREFIX_TITLE        "S"     /* title: */
#define GS_PREFIX_GOAL         "XG"    /* goal: */
#define GS_PREFIX_GEOGRAPHY    "XGEO"  /* geography: */
#define GS_PREFIX_TARGET       "XTG"   /* target: */
#define GS_PREFIX_ORG          "XO"    /* org: */

/* Boolean filter terms. */
#define GS_PREFIX_ID           "Q"     /* unique id term: Q + record id as given */
#define GS_PREFIX_STATUS       "XST"   /* XSTwinner, XSTrejected, XSTunknown */
#define GS_PREFIX_YEAR         "XY"    /* XY2021 */
#define GS_PREFIX_DIRECTION    "XDIR"  /* XDIR + folded direction */
#define GS_PREFIX_REGION       "XREG"  /* XREG + folded region */
#define GS_PREFIX_CONTEST      "XCON"  /* XCON + folded contest */
#define GS_PREFIX_INN          "XINN"  /* XINN + digits */
#define GS_PREFIX_OGRN         "XOGRN" /* XOGRN + digits (a plain query finds it) */

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
                              field in GS_SCHEMA_TEXT_FIELDS order, so
                              replace/delete keep the fieldlen: totals right */
    GS_SLOT_SKETCH = 12    /* the word sketch, below */
};

/* The word sketch: a 16-bit seed (two bytes, low first), then for each text
 * field in GS_SCHEMA_TEXT_FIELDS order a LEB128 count of its word positions
 * and two bytes (low first) per position: gs_sketch_hash(seed, term) of the
 * term there (stop words included; for a hyphenated word its parts, not the
 * whole; 0 where no term).  Two bytes per word (0.13x the text), it answers
 * most rechecks without reading and re-analysing the record: equal terms
 * have equal hashes, so a phrase absent from the sketch is absent from the
 * record; present, it is there but for a 16-bit collision (about 1 in
 * 10,000 candidates that hold the words apart), which is why the hits on a
 * result page are still checked on the record (searcher/verify.h).  The seed
 * (from the record id) gives each record its own hash function, so two words
 * that collide in one record do not collide in all of them. */
static inline uint32_t gs_sketch_fnv(uint32_t h, const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)t[i];
        h *= 16777619u;
    }
    return h;
}

static inline uint16_t gs_sketch_hash(unsigned seed, const char *t, size_t len)
{
    const char s[2] = {(char)(seed & 0xff), (char)(seed >> 8 & 0xff)};
    uint32_t h = gs_sketch_fnv(gs_sketch_fnv(2166136261u, s, 2), t, len);
    return (uint16_t)(h ^ (h >> 16));
}

static inline unsigned gs_sketch_seed(const char *id, size_t len)
{
    return gs_sketch_fnv(2166136261u, id, len) & 0xffff;
}

/* The record fields (corpus/record.h names) that make up the body, in
 * order; the searcher's field names (searcher.h gs_sfield_t) follow it. */
#define GS_SCHEMA_TEXT_FIELDS                                                  \
    GS_TITLE, GS_GOAL, GS_TASKS, GS_DESCRIPTION, GS_SIGNIFICANCE, GS_GEOGRAPHY, \
        GS_TARGET_GROUPS, GS_ORG
#define GS_SCHEMA_NFIELDS 8

/* Metadata keys. */
#define GS_META_SCHEMA      "schema"
#define GS_META_UPDATED     "updated"        /* ISO 8601 time of the last commit */
#define GS_META_FIELD_LEN   "fieldlen:"      /* + field name: total tokens, for averages */

#endif /* GS_SCHEMA_H */
