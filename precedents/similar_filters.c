/* similar_filters.c - search-syntax filters (status:, year:, region:, ...)
 * as a Xapian filter query, for `similar`.
 *
 * Parsed and built by the searcher's own parser and builder (gs_qparse,
 * gs_qbuild), so the syntax, the messages and the matching of values
 * (region:пермский finds "Пермский край") are exactly those of `search`.
 * Only the check that the text holds nothing but filters is ours.
 */
#include "precedents/similar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "searcher/internal.h"
#include "toolkit/error.h"

/* The first node that is not a filter (or a group / negation of filters). */
static const qnode_t *not_a_filter(const qnode_t *n)
{
    switch (n->kind) {
    case QN_FILTER:
        return NULL;
    case QN_NOT:
    case QN_DEFAULT:
    case QN_AND:
    case QN_OR:
        for (size_t i = 0; i < n->nkids; i++) {
            const qnode_t *bad = not_a_filter(n->kids[i]);
            if (bad)
                return bad;
        }
        return NULL;
    default:
        return n;
    }
}

xapc_query_t *gs_similar_filters(gs_searcher_t *s, const char *text, char **err)
{
    size_t off = 0;
    char m[256];
    if (err)
        *err = NULL;
    qnode_t *n = gs_qparse(text, &off, m, sizeof m);
    if (!n) {
        gs_set_err(err, "bad filter at column %zu: %s", gs_qlex_column(text, off), m);
        return NULL;
    }
    const qnode_t *bad = not_a_filter(n);
    if (bad) {
        const char *rest = text + bad->offset;
        size_t len = strlen(rest);
        int clip = gs_qlex_clip(rest, len, GS_QUERY_EXCERPT);
        gs_set_err(err, "'%.*s%s' is not a filter: similar takes only filters such as "
                        "status:winner year:2019..2021 region:пермский",
                   clip, rest, (size_t)clip < len ? "\xE2\x80\xA6" : "");
        gs_qnode_free(n);
        return NULL;
    }
    gs_boosts_t b;
    gs_boosts_default(&b);
    qbuilt_t built;
    memset(&built, 0, sizeof built);
    xapc_status_t xst = XAPC_OK;
    xapc_query_t *q = NULL;
    gs_qenv_t env = gs_searcher_qenv(s);
    if (gs_qbuild(&env, n, &b, 0, &built, &xst, err) == 0 && built.q) {
        q = built.q;
        built.q = NULL;
    } else if (err && !*err) {
        *err = strdup(xst != XAPC_OK ? xapc_status_to_string(xst) : "cannot build the filters");
    }
    gs_qbuilt_free(&built);
    gs_qnode_free(n);
    return q;
}
