/* similar_filters.c - search-syntax filters (status:, year:, region:, ...)
 * as a Xapian filter query, for `similar`.
 *
 * The parsing is the searcher's own (gs_qparse), so the syntax and its
 * messages are those of `search`.  Building the filter terms follows
 * schema/schema.h.  NOTE: this duplicates the filter part of the searcher's
 * query builder, which was not public when `similar` was written; once the
 * searcher exposes a "filters of a parsed query" call, use it instead.
 */
#include "searcher/similar.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "schema/schema.h"
#include "searcher/query_ast.h"

/* Case-fold, NFC, ё→е: how the indexer folds filter values. */
static char *fold(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD);
    if (n < 0)
        return NULL;
    for (utf8proc_ssize_t i = 0; i + 1 < n; i++)
        if (out[i] == 0xd1 && out[i + 1] == 0x91) {
            out[i] = 0xd0;
            out[i + 1] = 0xb5;
            i++;
        }
    return (char *)out;
}

static xapc_query_t *term_q(const char *prefix, const char *value, size_t vlen, int wildcard)
{
    size_t plen = strlen(prefix);
    char *t = malloc(plen + vlen + 1);
    if (!t)
        return NULL;
    memcpy(t, prefix, plen);
    memcpy(t + plen, value, vlen);
    t[plen + vlen] = '\0';
    xapc_query_t *q = wildcard ? xapc_query_wildcard(t, plen + vlen, 0)
                               : xapc_query_term(t, plen + vlen, 1, 0);
    free(t);
    return q;
}

static xapc_query_t *or_of(xapc_query_t **v, size_t n)
{
    xapc_query_t *q = n == 1 ? xapc_query_copy(v[0]) : xapc_query_combine(XAPC_OP_OR, v, n, 0);
    for (size_t i = 0; i < n; i++)
        xapc_query_destroy(v[i]);
    return q;
}

/* "a|b" alternatives of a filter value; text values match the folded value
 * as a whole or as its beginning (region:пермский finds "Пермский край"). */
static xapc_query_t *values_q(const char *prefix, const char *text, int do_fold, int prefix_match)
{
    char *f = do_fold ? fold(text) : strdup(text);
    if (!f)
        return NULL;
    xapc_query_t *alts[32];
    size_t n = 0;
    const char *p = f;
    while (n < 32) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len) {
            alts[n] = term_q(prefix, p, len, prefix_match);
            if (!alts[n])
                break;
            n++;
        }
        if (!e)
            break;
        p = e + 1;
    }
    free(f);
    if (n == 0)
        return xapc_query_match_nothing();
    return or_of(alts, n);
}

static xapc_query_t *range_q(xapc_slot_t slot, double lo, double hi)
{
    char a[16], b[16];
    size_t al = lo >= 0 ? xapc_sortable_serialise(lo, a) : 0;
    size_t bl = hi >= 0 ? xapc_sortable_serialise(hi, b) : 0;
    return xapc_query_value_range(slot, lo >= 0 ? a : NULL, al, hi >= 0 ? b : NULL, bl);
}

static xapc_query_t *build(const qnode_t *n, char **err)
{
    switch (n->kind) {
    case QN_FILTER:
        switch (n->filter) {
        case QF_STATUS:
            return values_q(GS_PREFIX_STATUS, n->text, 0, 0);
        case QF_YEAR:
            if (!n->is_range) {
                char y[16];
                snprintf(y, sizeof y, "%d", (int)n->lo);
                return term_q(GS_PREFIX_YEAR, y, strlen(y), 0);
            }
            return range_q(GS_SLOT_YEAR, n->lo, n->hi);
        case QF_AMOUNT:
            return range_q(GS_SLOT_AMOUNT, n->lo, n->hi);
        case QF_REGION:
            return values_q(GS_PREFIX_REGION, n->text, 1, 1);
        case QF_DIRECTION:
            return values_q(GS_PREFIX_DIRECTION, n->text, 1, 1);
        case QF_CONTEST:
            return values_q(GS_PREFIX_CONTEST, n->text, 1, 1);
        case QF_INN:
            return values_q(GS_PREFIX_INN, n->text, 0, 0);
        case QF_NUMBER:
            return values_q(GS_PREFIX_ID, n->text, 0, 0);
        }
        break;
    case QN_DEFAULT:
    case QN_AND:
    case QN_OR: {
        xapc_query_t *pos[64], *neg[64];
        size_t np = 0, nn = 0;
        xapc_query_t *res = NULL;
        int ok = n->nkids <= 64;
        for (size_t i = 0; ok && i < n->nkids; i++) {
            const qnode_t *k = n->kids[i];
            int is_not = k->kind == QN_NOT && k->nkids == 1;
            xapc_query_t *q = build(is_not ? k->kids[0] : k, err);
            if (!q) {
                ok = 0;
                break;
            }
            if (is_not)
                neg[nn++] = q;
            else
                pos[np++] = q;
        }
        if (ok) {
            xapc_query_t *p = np == 0 ? xapc_query_match_all()
                              : np == 1 ? xapc_query_copy(pos[0])
                              : xapc_query_combine(n->kind == QN_OR ? XAPC_OP_OR : XAPC_OP_AND,
                                                   pos, np, 0);
            res = p;
            for (size_t i = 0; res && i < nn; i++) {
                xapc_query_t *pair[2] = {res, neg[i]};
                xapc_query_t *r = xapc_query_combine(XAPC_OP_AND_NOT, pair, 2, 0);
                xapc_query_destroy(res);
                res = r;
            }
        }
        for (size_t i = 0; i < np; i++)
            xapc_query_destroy(pos[i]);
        for (size_t i = 0; i < nn; i++)
            xapc_query_destroy(neg[i]);
        return res;
    }
    case QN_NOT: {
        xapc_query_t *q = n->nkids == 1 ? build(n->kids[0], err) : NULL;
        xapc_query_t *all = xapc_query_match_all();
        xapc_query_t *pair[2] = {all, q};
        xapc_query_t *r = q && all ? xapc_query_combine(XAPC_OP_AND_NOT, pair, 2, 0) : NULL;
        xapc_query_destroy(q);
        xapc_query_destroy(all);
        return r;
    }
    default:
        break;
    }
    if (err && !*err) {
        char *d = qnode_describe(n);
        if (asprintf(err, "'%s' is not a filter: similar takes only filters such as "
                          "status:winner year:2019..2021 region:пермский",
                     d ? d : "?") < 0)
            *err = NULL;
        free(d);
    }
    return NULL;
}

xapc_query_t *gs_similar_filters(gs_searcher_t *s, const char *text, char **err)
{
    (void)s;
    size_t off = 0;
    char m[256];
    qnode_t *n = gs_qparse(text, &off, m, sizeof m);
    if (!n) {
        if (err && asprintf(err, "bad filter at column %zu: %s", qlex_column(text, off), m) < 0)
            *err = NULL;
        return NULL;
    }
    if (err)
        *err = NULL;
    xapc_query_t *q = build(n, err);
    qnode_free(n);
    return q;
}
