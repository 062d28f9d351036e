/* ranking.c - how a word ranks: its term in the body and in each boosted
 * field (gs_term_query, also what `similar` ranks with), and the small
 * helpers that put Xapian queries together. */
#include "query/build_impl.h"
#include <stdlib.h>
#include <string.h>

xapc_query_t *gs_qb_combine(xapc_op_t op, xapc_query_t **v, size_t n, uint32_t param)
{
    if (n == 1 && op != XAPC_OP_PHRASE)
        return xapc_query_copy(v[0]);
    return xapc_query_combine(op, v, n, param);
}

void gs_qb_destroy_all(xapc_query_t **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xapc_query_destroy(v[i]);
}

xapc_query_t *gs_qb_prefixed(const char *prefix, const char *term, size_t len, double scale)
{
    char buf[MAX_TERM + 16];
    size_t plen = strlen(prefix);
    if (len > MAX_TERM)
        len = MAX_TERM;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, term, len);
    xapc_query_t *t = xapc_query_term(buf, plen + len, 1, 0);
    if (!t || scale == 1.0)
        return t;
    xapc_query_t *s = xapc_query_scale(t, scale);
    xapc_query_destroy(t);
    return s;
}

/* q OP (parts[0..n) joined by `join`), e.g. q FILTER (f1 AND f2): a new
 * query, NULL on failure.  q is consumed; the parts stay the caller's. */
xapc_query_t *gs_qb_apply_parts(xapc_query_t *q, xapc_op_t op, xapc_op_t join,
                                 xapc_query_t **parts, size_t n)
{
    xapc_query_t *joined = gs_qb_combine(join, parts, n, 0);
    xapc_query_t *pair[2] = {q, joined};
    xapc_query_t *r = joined ? xapc_query_combine(op, pair, 2, 0) : NULL;
    xapc_query_destroy(joined);
    xapc_query_destroy(q);
    return r;
}

/* ---- the ranking block shared with `similar` ------------------------- */

xapc_query_t *gs_qb_term_query(const char *term, size_t len, double weight,
                                const gs_boosts_t *b, int with_body)
{
    xapc_query_t *v[GS_SF_N + 1];
    size_t n = 0;
    if (with_body && b->body > 0)
        v[n++] = gs_qb_prefixed("", term, len, b->body);
    for (int f = 0; f < GS_SF_N; f++)
        if (b->field[f] > 0 && gs_sfield_prefix(f))
            v[n++] = gs_qb_prefixed(gs_sfield_prefix(f), term, len, b->field[f]);
    for (size_t i = 0; i < n; i++)
        if (!v[i]) {
            gs_qb_destroy_all(v, n);
            return NULL;
        }
    if (n == 0)
        return NULL;
    xapc_query_t *q = gs_qb_combine(XAPC_OP_OR, v, n, 0);
    gs_qb_destroy_all(v, n);
    if (q && weight != 1.0) {
        xapc_query_t *s = xapc_query_scale(q, weight);
        xapc_query_destroy(q);
        q = s;
    }
    return q;
}

xapc_query_t *gs_term_query(const char *term, size_t len, double weight, const gs_boosts_t *b)
{
    gs_boosts_t d;
    if (!b) {
        gs_boosts_default(&d);
        b = &d;
    }
    xapc_query_t *q = gs_qb_term_query(term, len, weight, b, 1);
    return q ? q : xapc_query_match_nothing();
}

xapc_query_t *gs_terms_query(const gs_wterm_t *terms, size_t n, xapc_op_t op,
                             const gs_boosts_t *b)
{
    if (n == 0)
        return xapc_query_match_nothing();
    xapc_query_t **v = calloc(n, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        v[k] = gs_term_query(terms[i].term, terms[i].len, terms[i].weight, b);
        if (!v[k]) {
            gs_qb_destroy_all(v, k);
            free(v);
            return NULL;
        }
        k++;
    }
    xapc_query_t *q = gs_qb_combine(op, v, k, 0);
    gs_qb_destroy_all(v, k);
    free(v);
    return q;
}
