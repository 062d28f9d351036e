/* prf.c - pseudo-relevance feedback (gs_search_opts_t.prf, `--prf`): the
 * best terms of a short query's first hits help rank its matches.
 *
 * How: the query is run once for its first GS_PRF_DOCS hits; their title
 * (twice), goal, description and tasks are counted as one draft and its
 * terms picked as `similar` picks a draft's (precedents/draft_terms.h:
 * tf-idf against the index, words most applications share dropped).  The
 * best GS_PRF_TERMS that are not the query's own words are OR'ed, each
 * weighted GS_PRF_WEIGHT times its tf-idf over the best one's, and given to
 * the query's ranking with AND_MAYBE: they reorder what the query matches
 * and never add a match, so the count, the relaxed reading and the recheck
 * stay the query's.  Queries of more than GS_PRF_MAX_WORDS words say
 * enough on their own and are left alone.  The cost is a second search
 * (bench/RESULTS.md, issue 16: +0.004 nDCG@10 on the dev queries, +20 ms p50),
 * so it is off by default.
 */
#include "searcher/internal.h"
#include "precedents/draft_terms.h"

#include <stdlib.h>
#include <string.h>

#define GS_PRF_DOCS 5
#define GS_PRF_TERMS 10
#define GS_PRF_WEIGHT 0.1
#define GS_PRF_MAX_WORDS 4

/* The words of the query's tree that search something (not stop words). */
static size_t count_words(const qnode_t *n)
{
    if (n->kind == QN_WORD || n->kind == QN_PHRASE)
        return n->text && !gs_is_stopword(n->text, strlen(n->text));
    size_t c = 0;
    if (n->kind != QN_NOT)
        for (size_t i = 0; i < n->nkids; i++)
            c += count_words(n->kids[i]);
    return c;
}

/* The text of the first hits of r counted into a new draft; NULL on ENOMEM. */
static gs_draft_t *draft_of_hits(gs_searcher_t *s, const gs_results_t *r)
{
    static const gs_field_t fields[] = {GS_TITLE, GS_GOAL, GS_DESCRIPTION, GS_TASKS};
    gs_draft_t *d = gs_draft_new();
    for (uint32_t h = 0; d && h < gs_results_size(r); h++) {
        const gs_record_t *rec = gs_results_hit(r, h)->rec;
        for (size_t f = 0; rec && f < sizeof fields / sizeof fields[0]; f++) {
            const char *t = rec->str[fields[f]];
            if (t && gs_draft_add_text(d, s->an, t, strlen(t), fields[f] == GS_TITLE ? 2 : 1)) {
                gs_draft_free(d);
                return NULL;
            }
        }
    }
    return d;
}

/* The feedback terms of d not among the query's own (own: its highlighted
 * terms) as one weighted OR; NULL when none (*oom set if out of memory). */
static xapc_query_t *feedback_query(gs_draft_t *d, xapc_db_t *db, const strlist_t *own,
                                    const gs_boosts_t *b, int *oom)
{
    gs_draft_opts_t dopts = {.k = GS_PRF_TERMS + own->n};
    const gs_draft_term_t *t;
    size_t n;
    if (gs_draft_select(d, db, &dopts, &t, &n) != 0) {
        *oom = 1;
        return NULL;
    }
    gs_wterm_t wt[GS_PRF_TERMS];
    size_t k = 0;
    for (size_t i = 0; i < n && k < GS_PRF_TERMS; i++)
        if (!gs_strlist_has(own, t[i].term, t[i].term_len))
            wt[k++] = (gs_wterm_t){t[i].term, t[i].term_len,
                                   GS_PRF_WEIGHT * t[i].weight / t[0].weight, NULL};
    if (!k)
        return NULL;
    gs_boosts_t folded = *b;  /* b as this index folds it (query/ranking.c) */
    gs_boosts_read_fold(&folded, db);
    xapc_query_t *q = gs_terms_query(wt, k, XAPC_OP_OR, &folded);
    if (!q)
        *oom = 1;
    return q;
}

gs_status_t gs_prf_query(gs_searcher_t *s, const gs_query_t *q, const gs_search_opts_t *o,
                         xapc_query_t **out, char **err)
{
    *out = NULL;
    if (!q || !q->root || count_words(q->root) > GS_PRF_MAX_WORDS)
        return GS_OK;
    /* The first hits as the user would see them, without what costs. */
    gs_search_opts_t fo = *o;
    fo.prf = 0;
    fo.n = GS_PRF_DOCS;
    fo.offset = 0;
    fo.sort = GS_SORT_RELEVANCE;
    fo.reverse = 0;
    fo.facets = 0;
    fo.spelling = 0;
    fo.snippets = 0;
    gs_results_t *r = NULL;
    gs_status_t st = gs_search(s, q, &fo, &r, err);
    if (st != GS_OK)
        return st;
    int oom = 0;
    gs_draft_t *d = gs_results_size(r) ? draft_of_hits(s, r) : NULL;
    if (gs_results_size(r) && !d)
        oom = 1;
    if (d)
        *out = feedback_query(d, s->db, &r->hl.terms, &o->boosts, &oom);
    gs_draft_free(d);
    gs_results_free(r);
    if (oom) {
        if (err)
            *err = strdup("out of memory picking the feedback terms");
        return GS_EINDEX;
    }
    return GS_OK;
}
