/* schema.h - how a record is laid out in the Xapian index.
 *
 * The indexer writes this layout and the searcher reads it; neither includes
 * the other, both include this.  Changing anything here needs a re-index:
 * bump GS_SCHEMA_VERSION (stored as metadata "schema").
 *
 * Terms (all lower-case after the prefix, so prefixes never run into terms):
 *   body (no prefix)  every text field's stems, WITH positions; stop words
 *                     get positions but wdf 0, so phrases keep their gaps
 *                     without stop words weighing in BM25 or doc length.
 *   field prefixes    the same stems per field, WITHOUT positions (wdf only),
 *                     for field boosts and field:word queries.  Positions
 *                     only once keeps the index small; a field phrase is
 *                     the body phrase filtered by the field's terms.
 *   R + form          the exact (folded, unstemmed) form, no positions, for =form.
 *   boolean terms     Q id, XST status, XY year, XDIR direction, XREG region,
 *                     XCON contest, XINN inn (values folded: lower case, ё→е).
 * Values: sortable numbers for sorting and ranges; facet strings for spies.
 * Document data: the record as JSON (gs_record_to_json), secrets already gone.
 */
#ifndef GS_SCHEMA_H
#define GS_SCHEMA_H

#define GS_SCHEMA_VERSION "1"

/* Per-field term prefixes (searcher field names in parentheses). */
#define GS_PREFIX_TITLE        "S"     /* title: */
#define GS_PREFIX_GOAL         "XG"    /* goal: */
#define GS_PREFIX_TASKS        "XT"    /* tasks: */
#define GS_PREFIX_DESCRIPTION  "XD"    /* description: */
#define GS_PREFIX_SIGNIFICANCE "XS"    /* significance: */
#define GS_PREFIX_GEOGRAPHY    "XGEO"  /* geography: */
#define GS_PREFIX_TARGET       "XTG"   /* target: */
#define GS_PREFIX_ORG          "XO"    /* org: */
#define GS_PREFIX_EXACT        "R"     /* =form */

/* Boolean filter terms. */
#define GS_PREFIX_ID           "Q"     /* unique id term: Q + record id as given */
#define GS_PREFIX_STATUS       "XST"   /* XSTwinner, XSTrejected, XSTunknown */
#define GS_PREFIX_YEAR         "XY"    /* XY2021 */
#define GS_PREFIX_DIRECTION    "XDIR"  /* XDIR + folded direction */
#define GS_PREFIX_REGION       "XREG"  /* XREG + folded region */
#define GS_PREFIX_CONTEST      "XCON"  /* XCON + folded contest */
#define GS_PREFIX_INN          "XINN"  /* XINN + digits */

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
    GS_SLOT_FIELDLEN = 11  /* indexer bookkeeping: "n,n,...": words per text
                              field in prefix order above (title..org), so
                              replace/delete keep the fieldlen: totals right */
};

/* Position gap between fields, so phrases never span two fields. */
#define GS_FIELD_POS_GAP 100

/* Metadata keys. */
#define GS_META_SCHEMA      "schema"
#define GS_META_UPDATED     "updated"        /* ISO 8601 time of the last commit */
#define GS_META_FIELD_LEN   "fieldlen:"      /* + field name: total tokens, for averages */

#endif /* GS_SCHEMA_H */
