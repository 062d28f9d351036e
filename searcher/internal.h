/* internal.h - what the searcher's files share and nobody else sees. */
#ifndef GS_SEARCHER_INTERNAL_H
#define GS_SEARCHER_INTERNAL_H

#include "searcher/query_ast.h"
#include "searcher/searcher.h"
#include "searcher/verify.h"

#include <stddef.h>

/* ---- a growable list of strings (terms to highlight, notes) ---------- */
typedef struct {
    char **v;
    size_t n, cap;
} strlist_t;

int strlist_add(strlist_t *l, const char *s, size_t len); /* copies; 0 or -1 */
int strlist_has(const strlist_t *l, const char *s, size_t len);
void strlist_free(strlist_t *l);

/* What snippets highlight: body terms, wildcard prefixes, exact forms. */
typedef struct {
    strlist_t terms;
    strlist_t prefixes;
    strlist_t forms;
    strlist_t weak;      /* words of multi-word synonyms: marked only next to another match */
} hlset_t;

void hlset_free(hlset_t *h);

/* ---- synonyms (synonyms.c) ------------------------------------------ */
/* One group: each alternative is a term sequence with its position span. */
typedef struct {
    char **terms;       /* non-stop terms, in order */
    size_t n;
    uint32_t span;      /* last_pos - first_pos + 1 in the analysed text */
} syn_alt_t;

typedef struct {
    syn_alt_t *alts;
    size_t n;
} syn_group_t;

typedef struct gs_synonyms {
    syn_group_t *groups;
    size_t n;
    char *path;         /* the file read ("" if none) */
} gs_synonyms_t;

/* Load the synonyms file at path (NULL = none): never NULL except on
 * ENOMEM; a missing or unreadable file = no groups and its errno in *err
 * (0 when it was read).  Bad lines are reported on stderr with file:line
 * and skipped. */
gs_synonyms_t *gs_synonyms_load_file(gs_analyzer_t *an, const char *path, int *err);
void gs_synonyms_free(gs_synonyms_t *s);

/* ---- the objects of searcher.h --------------------------------------- */
struct gs_searcher {
    char *path;
    xapc_db_t *db;
    gs_analyzer_t *an;
    gs_synonyms_t *syn;  /* gs_searcher_set_synonyms; NULL = none */
};

struct gs_query {
    gs_searcher_t *s;
    qnode_t *root;
    char *text;
    char *desc;
    char *note;          /* for the results' notes (`word:` read as a word), or NULL */
};

/* The result of building one reading of a query. */
typedef struct {
    xapc_query_t *q;     /* NULL: nothing to search (only stop words ...) */
    vnode_t *verify;     /* NULL, or what candidates of q must also match */
    int can_relax;       /* a group of plain words exists (strict != relaxed) */
    hlset_t hl;
    strlist_t notes;     /* "region:xyz matches no region" ... */
    strlist_t unknown;   /* offsets/lengths of unknown words, as "off:len:form" */
} qbuilt_t;

/* Build the strict (relaxed = 0) or relaxed reading.  Returns 0, or -1 on
 * ENOMEM / an index error (message in *err).  May report XAPC_MODIFIED
 * through *xst so the caller retries. */
int gs_qbuild(gs_searcher_t *s, const qnode_t *root, const gs_boosts_t *b, int relaxed,
              qbuilt_t *out, xapc_status_t *xst, char **err);
void qbuilt_free(qbuilt_t *b);

/* "Did you mean": the query text with unknown words replaced, or NULL. */
char *gs_spelling_suggest(gs_searcher_t *s, const char *text, const strlist_t *unknown);

/* Snippet of text with hl marked, in style. malloc'd. */
char *gs_snippet(gs_analyzer_t *an, const char *text, const hlset_t *hl, gs_hl_style_t style,
                 int *nmatch);

/* ---- hits as JSON: `similar` and `batch` print the same (similar.c) -- */
struct json_t;
struct gs_similar;
/* What a hit is called: its application number, else its id, else "-". */
const char *gs_hit_number(const gs_record_t *r);
/* A new JSON object {rank, number, score (4 decimals), status, year and
 * title when known}; the caller adds more and json_decref's it. */
struct json_t *gs_hit_brief_json(const gs_hit_t *h);
/* A new JSON array of the forms hit i shares with sim's draft. */
struct json_t *gs_similar_shared_json(const struct gs_similar *sim, uint32_t i);

struct gs_results {
    gs_searcher_t *s;
    gs_hit_t *hits;
    uint32_t n;
    uint32_t estimate;
    int exact;           /* estimate is the exact count (gs_results_exact) */
    int relaxed;
    char *suggestion;
    char *query;
    hlset_t hl;
    gs_facet_t *facets;
    size_t nfacets;
    strlist_t notes;
};

#endif
