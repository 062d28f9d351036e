/* prefix.c - the Xapian query of a prefix* word.
 *
 * On one database it is Xapian's own wildcard: the terms starting with the
 * prefix, at most WILDCARD_MAX of the most frequent, as one OP_SYNONYM.
 * Over several shards (a stub of local or remote databases) Xapian 1.4
 * expands a wildcard in each shard separately and weighs the synonym with
 * that shard's own statistics (upstream's checkstatsweight3 test is XFAIL
 * for sharded databases): the scores came out about twice one index's, and
 * 484 of 5,000 mixed queries ranked differently (issue 18).  So there the
 * terms are listed from all shards at once (Database::allterms merges them
 * and sums their frequencies), the same most frequent ones kept, and
 * searched as an explicit OP_SYNONYM, whose terms Xapian weighs with the
 * combined statistics - the ranking one index gives. */
#include "query/build_impl.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *term;
    size_t len;
    uint32_t tf;
} expansion_t;

/* Most frequent first; equal frequencies in byte order, so the choice of
 * the WILDCARD_MAX kept is the same whatever the shards' layout. */
static int by_frequency(const void *a, const void *b)
{
    const expansion_t *x = a, *y = b;
    if (x->tf != y->tf)
        return x->tf > y->tf ? -1 : 1;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->term, y->term, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void free_expansions(expansion_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].term);
    free(v);
}

/* The terms of db starting with prefix[0..len), each with its frequency
 * over every shard: *out (malloc'd, free_expansions), *n.  0, or -1 with
 * bd->xst or bd->oom set. */
static int list_terms(builder_t *bd, const char *prefix, size_t len, expansion_t **out,
                      size_t *n)
{
    *out = NULL;
    *n = 0;
    xapc_termiter_t *it = NULL;
    xapc_status_t st = xapc_db_allterms(bd->s->db, prefix, len, &it);
    if (st != XAPC_OK) {
        bd->xst = st;
        return -1;
    }
    expansion_t *v = NULL;
    size_t k = 0, cap = 0;
    const char *t;
    size_t tlen;
    uint32_t tf;
    int r;
    while ((r = xapc_termiter_next(it, &t, &tlen, NULL, &tf)) == 1) {
        if (k == cap) {
            size_t nc = cap ? 2 * cap : 64;
            expansion_t *nv = realloc(v, nc * sizeof *nv);
            if (!nv)
                break;
            v = nv;
            cap = nc;
        }
        if (!(v[k].term = malloc(tlen ? tlen : 1)))
            break;
        memcpy(v[k].term, t, tlen);
        v[k].len = tlen;
        v[k++].tf = tf;
    }
    xapc_termiter_destroy(it);
    if (r != 0) {
        free_expansions(v, k);
        if (r < 0)
            bd->xst = XAPC_DATABASE;
        else
            bd->oom = 1;
        return -1;
    }
    *out = v;
    *n = k;
    return 0;
}

/* Several shards: the OP_SYNONYM of the most frequent terms listed from
 * all of them.  No term: a query that matches nothing, as Xapian's
 * wildcard gives. */
static xapc_query_t *expanded(builder_t *bd, const char *prefix, size_t len)
{
    expansion_t *v;
    size_t n;
    if (list_terms(bd, prefix, len, &v, &n) < 0)
        return NULL;
    if (n > WILDCARD_MAX)
        qsort(v, n, sizeof *v, by_frequency);
    size_t keep = n < WILDCARD_MAX ? n : WILDCARD_MAX;
    xapc_query_t **q = calloc(keep ? keep : 1, sizeof *q);
    size_t k = 0;
    for (; q && k < keep; k++)
        if (!(q[k] = xapc_query_term(v[k].term, v[k].len, 1, 0)))
            break;
    xapc_query_t *r = NULL;
    if (q && k == keep)
        r = keep ? xapc_query_combine(XAPC_OP_SYNONYM, q, keep, 0)
                 : xapc_query_wildcard(prefix, len, WILDCARD_MAX);
    if (q)
        gs_qb_destroy_all(q, k);
    free(q);
    free_expansions(v, n);
    if (!r)
        bd->oom = 1;
    return r;
}

xapc_query_t *gs_qb_prefix_query(builder_t *bd, const char *prefix, size_t len)
{
    if (xapc_db_shard_count(bd->s->db) > 1)
        return expanded(bd, prefix, len);
    xapc_query_t *q = xapc_query_wildcard(prefix, len, WILDCARD_MAX);
    if (!q)
        bd->oom = 1;
    return q;
}
