/* query.h - the query language's public part: searchable fields, boosts,
 * the ranking query of a term, parse errors and limits.
 *
 * Parsing needs no index (query/parser.c); building a Xapian query from the
 * tree is query/build.h, used by the searcher.
 */
#ifndef GS_QUERY_H
#define GS_QUERY_H

#include "xapian-c/xapc.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- fields and boosts ------------------------------------------- */

/* The searchable text fields (field: restrictions and boosts). */
typedef enum {
    GS_SF_TITLE, GS_SF_GOAL, GS_SF_TASKS, GS_SF_DESCRIPTION, GS_SF_SIGNIFICANCE,
    GS_SF_GEOGRAPHY, GS_SF_TARGET, GS_SF_ORG, GS_SF_N
} gs_sfield_t;

const char *gs_sfield_name(gs_sfield_t f);     /* "title", "goal", ... */
/* GS_PREFIX_TITLE, ...; NULL for tasks, description and significance, which
 * have no terms of their own (schema.h). */
const char *gs_sfield_prefix(gs_sfield_t f);
int gs_sfield_by_name(const char *name, size_t len); /* aliases too; -1 if unknown */

/* Weight of a match in the whole text (body) and in each field; and what
 * the index already counts in its body terms (schema.h GS_META_FOLD). */
typedef struct {
    double body;
    double field[GS_SF_N];
    int folded[GS_SF_N];  /* the repeats folded into the body terms' wdf at
                             index time: 0 (gs_boosts_default), or what
                             gs_boosts_read_fold found in the index */
} gs_boosts_t;

void gs_boosts_default(gs_boosts_t *b);
/* "title=3,goal=2,description=1" overrides the named fields.  0 ok, -1 with
 * a malloc'd message in *err. */
int gs_boosts_parse(gs_boosts_t *b, const char *spec, char **err);
/* b->folded from db's metadata (GS_META_FOLD): all 0 for an index without
 * the fold (schema 4), whose words then rank by the OP_SYNONYM of their
 * body and field terms.  Every caller ranking on an index must read it
 * first: on a folded index a query without it counts field words twice. */
void gs_boosts_read_fold(gs_boosts_t *b, xapc_db_t *db);

/* A stem with a weight, as `similar` picks them from a draft. */
#define GS_WTERM_MAX_EQUIV 16  /* equivalents gs_wterm_query takes, at most */
typedef struct {
    const char *term;  /* body term (no prefix): a stem or folded form */
    size_t len;
    double weight;     /* multiplies the term's BM25 weight */
    /* The term's one-word thesaurus equivalents (gs_synonyms_equivalents),
     * searched as the same term: NULL-terminated, or NULL for none.  The
     * caller's, as term is. */
    const char *const *equiv;
} gs_wterm_t;

/* The ranking query for one term: BM25F of the body term and each boosted
 * field's term (query/ranking.c), less what b->folded says the index has
 * counted in the body already (gs_boosts_read_fold), scaled by weight.
 * The same building block `search` uses for every word, so `similar` ranks
 * with the same field boosts.  Caller destroys; NULL on ENOMEM. */
xapc_query_t *gs_term_query(const char *term, size_t len, double weight, const gs_boosts_t *b);
/* The ranking query of t: gs_term_query of its term, or, with
 * equivalents, one OP_SYNONYM of the term's and each equivalent's (the
 * occurrences added up, saturated once, one IDF: a word said two ways is
 * still one word, as `search` weighs a context word with its equivalents).
 * Caller destroys; NULL on ENOMEM. */
xapc_query_t *gs_wterm_query(const gs_wterm_t *t, const gs_boosts_t *b);
/* Combine gs_wterm_query of every term with op (XAPC_OP_OR for similar). */
xapc_query_t *gs_terms_query(const gs_wterm_t *terms, size_t n, xapc_op_t op,
                             const gs_boosts_t *b);

/* ---- facets: the filter fields counted over a whole match ----------- */

/* Facets (bit mask). */
enum {
    GS_FACET_STATUS = 1 << 0, GS_FACET_YEAR = 1 << 1, GS_FACET_DIRECTION = 1 << 2,
    GS_FACET_REGION = 1 << 3, GS_FACET_CONTEST = 1 << 4
};
/* "status,year" -> mask; -1 with *err on an unknown name. */
int gs_facets_parse(const char *spec, unsigned *mask, char **err);

/* ---- parse errors and limits ------------------------------------ */

typedef struct {
    size_t offset;        /* byte offset in the query string */
    size_t column;        /* 1-based character column */
    char message[256];    /* "unbalanced quote at column 7" ... */
    char excerpt[128];    /* at most GS_QUERY_EXCERPT bytes of the query around the
                           * error, "…" where cut: what to print, never the whole query */
    size_t excerpt_column; /* 1-based character column of the error in excerpt */
} gs_query_error_t;

/* Limits on a query.  A pasted paragraph of a draft (about 1,500 Russian
 * characters, 200 words) fits; a pasted document does not, and would cost
 * seconds and hundreds of megabytes (5,000 words took 5.5 s and 257 MB):
 * `similar` is the tool for a whole draft.  Beyond either: GS_SEARCH_SYNTAX. */
#define GS_QUERY_MAX_BYTES 4096
#define GS_QUERY_MAX_TERMS 256
#define GS_QUERY_EXCERPT 60

#ifdef __cplusplus
}
#endif
#endif /* GS_QUERY_H */
