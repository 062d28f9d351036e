/* prefix.c - the Xapian query of a prefix* word.
 *
 * Up to schema 5 it is Xapian's own wildcard on one database: the terms
 * starting with the prefix, at most WILDCARD_MAX of the most frequent, as
 * one OP_SYNONYM.  Over several shards (a stub of local or remote
 * databases) Xapian 1.4 expands a wildcard in each shard separately and
 * weighs the synonym with that shard's own statistics (upstream's
 * checkstatsweight3 test is XFAIL for sharded databases): the scores came
 * out about twice one index's, and 484 of 5,000 mixed queries ranked
 * differently (issue 18).  So there the terms are listed from all shards
 * at once (Database::allterms merges them and sums their frequencies), the
 * same most frequent ones kept, and searched as an explicit OP_SYNONYM,
 * whose terms Xapian weighs with the combined statistics - the ranking one
 * index gives.
 *
 * Schema 6 indexes a body stem's first GS_SCHEMA_STEM_PREFIX characters
 * as a boolean XA term when they are one of 64 frequent beginnings
 * (schema.h GS_PREFIX_STEM).  A body prefix that is one of them (про*:
 * 7,087 expansions, 1.5 million postings at 166,848 records) is that one
 * term, exact, at a small constant weight, OR'd with the synonym of its
 * most frequent expansions up to one posting list's worth, which rank by
 * their frequency in the record as before (stem_prefix_query).  Any other
 * prefix is the wildcard of its 200 most frequent expansions, as before:
 * exact when it has no more (gs_qb_prefix_query says why not all). */
#include "query/build_impl.h"
#include "schema/schema.h"

#include <stdio.h>
#include <stdint.h>
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

/* How many of v[0..n) (most frequent first) to rank by: at most max, and
 * with budget > 0 only the first ones whose postings together stay within
 * it (at least one). */
static size_t how_many(const expansion_t *v, size_t n, size_t max, double budget)
{
    size_t keep = n < max ? n : max;
    if (budget <= 0)
        return keep;
    double sum = 0;
    size_t k = 0;
    for (; k < keep && (k == 0 || sum + v[k].tf <= budget); k++)
        sum += v[k].tf;
    return k;
}

/* The OP_SYNONYM of the terms starting with prefix[0..len) listed from the
 * index (all its shards at once): the `max` most frequent, within budget
 * postings (how_many).  No term: a query that matches nothing, as Xapian's
 * wildcard gives. */
static xapc_query_t *listed(builder_t *bd, const char *prefix, size_t len, size_t max,
                            double budget)
{
    expansion_t *v;
    size_t n;
    if (list_terms(bd, prefix, len, &v, &n) < 0)
        return NULL;
    if (n > max || budget > 0)
        qsort(v, n, sizeof *v, by_frequency);
    size_t keep = how_many(v, n, max, budget);
    xapc_query_t **q = calloc(keep ? keep : 1, sizeof *q);
    size_t k = 0;
    for (; q && k < keep; k++)
        if (!(q[k] = xapc_query_term(v[k].term, v[k].len, 1, 0)))
            break;
    xapc_query_t *r = NULL;
    if (q && k == keep)
        r = keep ? xapc_query_combine(XAPC_OP_SYNONYM, q, keep, 0)
                 : xapc_query_wildcard(prefix, len, 1);
    if (q)
        gs_qb_destroy_all(q, k);
    free(q);
    free_expansions(v, n);
    if (!r)
        bd->oom = 1;
    return r;
}

/* The synonym of the `max` most frequent terms starting with
 * prefix[0..len) (0: all of them), the same on one index and over shards
 * (see the head comment). */
static xapc_query_t *most_frequent(builder_t *bd, const char *prefix, size_t len, size_t max)
{
    if (xapc_db_shard_count(bd->s->db) > 1)
        return listed(bd, prefix, len, max ? max : SIZE_MAX, 0);
    xapc_query_t *q = xapc_query_wildcard(prefix, len, (uint32_t)max);
    if (!q)
        bd->oom = 1;
    return q;
}

/* The postings, as a share of the records, of the most frequent
 * expansions a stem prefix ranks by (how_many): about one posting list's
 * worth, so the ranking costs what the match does.  «про»: its one most
 * frequent expansion (проект) where the wildcard merged 200 lists;
 * measured in bench/RESULTS.md ("Issue 15: prefix terms"). */
#define STEM_PREFIX_BUDGET 1.0

/* A body prefix that is row `row` of the indexed stem prefixes, on a
 * schema 6 index: every record holding a stem so beginning (its XA term,
 * at a small constant weight), OR'd with the synonym of its most frequent
 * expansions, which rank by their frequency in the record as before.  NULL
 * on failure (bd->oom or bd->xst set). */
static xapc_query_t *stem_prefix_query(builder_t *bd, int row, const char *prefix, size_t len)
{
    char term[16];
    int n = snprintf(term, sizeof term, "%s%s", GS_PREFIX_STEM, gs_schema_stem_prefixes[row]);
    double budget = STEM_PREFIX_BUDGET * xapc_db_doccount(bd->s->db);
    xapc_query_t *pair[2] = {listed(bd, prefix, len, SIZE_MAX, budget), NULL};
    if (!pair[0] || n <= 0 || (size_t)n >= sizeof term)
        return pair[0];
    if (!(pair[1] = gs_qb_fixed_idf_term(bd, term, (size_t)n)))
        return bd->oom ? (xapc_query_destroy(pair[0]), NULL) : pair[0];
    xapc_query_t *q = xapc_query_combine(XAPC_OP_OR, pair, 2, 0);
    gs_qb_destroy_all(pair, 2);
    if (!q)
        bd->oom = 1;
    return q;
}

xapc_query_t *gs_qb_prefix_query(builder_t *bd, const char *fprefix, const char *prefix,
                                 size_t len)
{
    size_t head;
    int row = bd->stem_prefixes && !*fprefix ? gs_schema_stem_prefix(prefix, len, &head) : -1;
    if (row >= 0 && head == len)
        return stem_prefix_query(bd, row, prefix, len);
    char buf[MAX_TERM + 16];
    int n = snprintf(buf, sizeof buf, "%s%.*s", fprefix, (int)len, prefix);
    if (n < 0 || (size_t)n >= sizeof buf)
        n = (int)strlen(buf);
    /* Any other prefix: its WILDCARD_MAX most frequent expansions, as
     * before.  All of them would be exact, but a longer prefix under a
     * frequent beginning has thousands (пере*: 5,168 terms at 166,848
     * records, 15,000 postings beyond the 200 most frequent) and opening
     * their posting lists doubled its time (31 -> 55 ms, bench/RESULTS.md
     * "Issue 15: prefix terms"). */
    return most_frequent(bd, buf, (size_t)n, WILDCARD_MAX);
}
