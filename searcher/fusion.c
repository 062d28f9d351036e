/* fusion.c - vectors fused with BM25 by reciprocal rank fusion (issue 16,
 * `--vectors` on search, similar and batch).
 *
 * How: the BM25 search runs for its first GS_FUSION_DEPTH hits (or the page,
 * if deeper); the query's vector (vectors/: the mean of its words' vectors,
 * sub-words for unseen words; a draft's text for `similar`) finds its
 * GS_FUSION_DEPTH nearest applications by cosine over all of DB/vectors
 * (brute force); each application scores sum 1 / (GS_FUSION_K + rank) over
 * the two lists (Cormack et al.'s RRF, k = 60; times k here, so that 2 is
 * first in both lists and 1 first in one) and the page is cut from that
 * order.  An application only the vectors found is added (marked relaxed:
 * it has none of the words) unless the query filters or excludes: its
 * vector knows nothing of status:, year: or -word, so then vectors only
 * reorder what BM25 matched.  A hit's score becomes its fused score; with
 * --explain its BM25 entries are scaled to their share and an entry of
 * kind "vector" (word "meaning", term "cosine C, vector rank R") holds the rest.
 *
 * An index without vectors (never built, stale, a sharded or remote index)
 * is searched by BM25 alone with a note saying why: never silently.
 */
#include "searcher/internal.h"
#include "schema/schema.h"
#include "toolkit/error.h"
#include "vectors/vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GS_FUSION_DEPTH 100
#define GS_FUSION_K 60.0

const gs_search_opts_t *gs_fusion_widen(const gs_search_opts_t *o, gs_search_opts_t *wide)
{
    if (!o->vectors || o->sort != GS_SORT_RELEVANCE || o->n == 0)
        return o;
    *wide = *o;
    wide->offset = 0;
    wide->n = o->offset + o->n > GS_FUSION_DEPTH ? o->offset + o->n : GS_FUSION_DEPTH;
    return wide;
}

/* s's vectors, loaded on first use; NULL with *why (searcher-owned) when none.
 * Looked for again when there were none or the index is no longer the one
 * they were loaded for: a searcher reopened on a later commit (serve's
 * workers reopen before each request) must not go on with vectors of
 * records deleted since, nor miss vectors built since. */
static gs_vectors_t *vectors_of(gs_searcher_t *s, const char **why)
{
    if (s->vec_tried && !(s->vec && gs_vectors_current(s->vec, s->db)))
        gs_fusion_close(s);
    if (!s->vec_tried) {
        s->vec_tried = 1;
        char *e = NULL;
        if (gs_vectors_open(s->path, s->db, &s->vec, &e) != GS_OK)
            s->vec_why = e ? e : strdup("out of memory");
        else
            free(e);
    }
    *why = s->vec_why;
    return s->vec;
}

/* The words of the query's tree that rank (not under NOT, not filters),
 * analysed into b as vectors read them. */
static int query_words(gs_analyzer_t *an, const qnode_t *n, gs_buf_t *b)
{
    if ((n->kind == QN_WORD || n->kind == QN_PHRASE) && n->text)
        return gs_vectors_text_words(an, n->text, strlen(n->text), b);
    if (n->kind == QN_NOT || n->kind == QN_FILTER)
        return 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (query_words(an, n->kids[i], b) < 0)
            return -1;
    return 0;
}

/* 1 if the query filters or excludes anything. */
static int restricts(const qnode_t *n)
{
    if (n->kind == QN_NOT || n->kind == QN_FILTER || (n->kind == QN_WORD && n->field >= 0))
        return 1;
    for (size_t i = 0; i < n->nkids; i++)
        if (restricts(n->kids[i]))
            return 1;
    return 0;
}

/* The query's unit vector into qv: 0 ok, 1 no word has one, -1 out of memory. */
static int query_vector(gs_searcher_t *s, const gs_vectors_t *v, const gs_query_t *q,
                        const gs_search_opts_t *o, float *qv)
{
    gs_buf_t b = GS_BUF_INIT;
    int rc;
    if (q)
        rc = query_words(s->an, q->root, &b);
    else if (o->vector_record)
        rc = gs_vectors_record_words(s->an, o->vector_record, &b);
    else
        rc = o->vector_text ? gs_vectors_text_words(s->an, o->vector_text, o->vector_text_len, &b)
                            : 0;
    if (rc == 0)
        rc = gs_vectors_embed(v, b.s ? b.s : "", b.len, qv);
    gs_buf_free(&b);
    return rc;
}

/* One candidate of the fused list. */
typedef struct {
    xapc_docid_t did;
    int bm25_rank, vec_rank;   /* 1-based; 0 = not in that list */
    float cosine;
    double score;
    uint32_t hit;              /* index into r->hits when bm25_rank */
} cand_t;

static int by_fused(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    int xr = x->bm25_rank ? x->bm25_rank : 1 << 30, yr = y->bm25_rank ? y->bm25_rank : 1 << 30;
    return xr != yr ? (xr < yr ? -1 : 1) : (x->did < y->did ? -1 : x->did > y->did);
}

/* --explain: h's BM25 entries scaled to their share of the fused score,
 * and the vector's entry.  0, or -1 out of memory. */
static int explain_fused(gs_hit_t *h, const cand_t *c, double bm25_part, double vec_part)
{
    gs_explain_t *e = realloc((gs_explain_t *)h->explain, (h->nexplain + 1) * sizeof *e);
    if (!e)
        return -1;
    h->explain = e;
    double total = 0;
    for (size_t i = 0; i < h->nexplain; i++)
        total += e[i].weight;
    for (size_t i = 0; i < h->nexplain; i++)
        e[i].weight = total > 0 ? e[i].weight / total * bm25_part : 0;
    if (!c->vec_rank)
        return 0;
    char word[64];
    snprintf(word, sizeof word, "cosine %.3f, vector rank %d", c->cosine, c->vec_rank);
    gs_explain_t *x = &e[h->nexplain];
    memset(x, 0, sizeof *x);
    x->word = strdup("meaning");
    x->term = strdup(word);
    x->kind = "vector";
    x->weight = vec_part;
    if (!x->word || !x->term) {
        free((char *)x->word);
        free((char *)x->term);
        return -1;
    }
    h->nexplain++;
    return 0;
}

/* The candidates: r's hits (BM25 ranks), then the vector hits vh[0..nv)
 * joined to them or added (when add).  *nc: how many. */
static cand_t *candidates(const gs_results_t *r, const gs_vhit_t *vh, size_t nv, int add,
                          xapc_docid_t skip, size_t *nc)
{
    cand_t *c = calloc(r->n + nv + 1, sizeof *c);
    if (!c)
        return NULL;
    size_t n = 0;
    for (uint32_t i = 0; i < r->n; i++)
        c[n++] = (cand_t){r->hits[i].docid, (int)i + 1, 0, 0, GS_FUSION_K / (GS_FUSION_K + i + 1), i};
    int rank = 0;
    for (size_t j = 0; j < nv; j++) {
        if (vh[j].docid == skip)
            continue;
        rank++;
        size_t k = 0;
        while (k < n && c[k].did != vh[j].docid)
            k++;
        if (k == n && !add)
            continue;
        if (k == n)
            c[n++] = (cand_t){vh[j].docid, 0, 0, 0, 0, 0};
        c[k].vec_rank = rank;
        c[k].cosine = vh[j].cosine;
        c[k].score += GS_FUSION_K / (GS_FUSION_K + rank);
    }
    qsort(c, n, sizeof *c, by_fused);
    *nc = n;
    return c;
}

/* Free what BM25 hit h holds (a hit past the page). */
static void drop_hit(gs_hit_t *h, gs_hit_more_t *more)
{
    free(more->data);
    gs_record_free((gs_record_t *)h->rec);
    gs_explain_free(h);
}

/* r's hits replaced by the first `limit` of the fused order of c[0..nc):
 * kept hits moved, added ones read (a record deleted since is left out),
 * the rest dropped: only the page's records are read.  -1 out of memory. */
static int refill(gs_searcher_t *s, gs_results_t *r, const cand_t *c, size_t nc, uint32_t limit,
                  int explain)
{
    gs_hit_t *hits = calloc(nc + 1, sizeof *hits);
    gs_hit_more_t *more = calloc(nc + 1, sizeof *more);
    if (!hits || !more) {
        free(hits);
        free(more);
        return -1;
    }
    uint32_t n = 0, added = 0;
    int bad = 0;
    for (size_t i = 0; i < nc; i++) {
        gs_hit_t *h = &hits[n];
        if (n >= limit) {
            if (c[i].bm25_rank)
                drop_hit(&r->hits[c[i].hit], &r->more[c[i].hit]);
            continue;
        }
        if (c[i].bm25_rank) {
            *h = r->hits[c[i].hit];
            more[n] = r->more[c[i].hit];
        } else {
            h->rec = gs_searcher_record_at(s, c[i].did);
            if (!h->rec)
                continue;
            h->docid = c[i].did;
            h->relaxed = 1;
            added++;
        }
        double bm = c[i].bm25_rank ? GS_FUSION_K / (GS_FUSION_K + c[i].bm25_rank) : 0;
        h->proximity = h->score > 0 ? h->proximity / h->score * bm : 0;
        h->score = c[i].score;
        h->rank = ++n;
        if (explain && explain_fused(h, &c[i], bm, c[i].score - bm) < 0)
            bad = 1;
    }
    free(r->hits);
    free(r->more);
    r->hits = hits;
    r->more = more;
    r->n = n;
    /* Those only the vectors found add to the count (all of them, not only
     * the page's). */
    added = 0;
    for (size_t i = 0; i < nc; i++)
        added += !c[i].bm25_rank;
    r->estimate += added;
    return bad ? -1 : 0;
}

/* Cut r's (widened) hits to the page o asked for. */
static void cut_page(gs_results_t *r, const gs_search_opts_t *o)
{
    for (uint32_t i = 0; i < r->n; i++)
        r->hits[i].rank = i + 1;
    r->n = gs_proximity_cut(r->hits, r->more, r->n, o->offset + 1, o->n);
}

/* The docid of application id (similar's own), or 0. */
static xapc_docid_t docid_of(gs_searcher_t *s, const char *id)
{
    xapc_docid_t did = 0;
    char term[256];
    if (id && snprintf(term, sizeof term, "%s%s", GS_PREFIX_ID, id) < (int)sizeof term)
        xapc_db_docid_for_term(s->db, term, strlen(term), &did);
    return did;
}

static gs_status_t fuse(gs_searcher_t *s, const gs_query_t *q, const gs_search_opts_t *o,
                        gs_results_t *r)
{
    const char *why = NULL;
    gs_vectors_t *v = vectors_of(s, &why);
    if (!v) {
        char *note = gs_strdupf("vectors not used: %s", why ? why : "none");
        if (note)
            gs_strlist_add(&r->notes, note, strlen(note));
        free(note);
        return GS_OK;
    }
    float *qv = malloc((size_t)gs_vectors_dim(v) * sizeof *qv);
    gs_vhit_t *vh = malloc((GS_FUSION_DEPTH + 1) * sizeof *vh);
    int rc = qv && vh ? query_vector(s, v, q, o, qv) : -1;
    size_t nv = 0, nc = 0;
    if (rc == 0)
        nv = gs_vectors_nearest(v, qv, GS_FUSION_DEPTH + 1, vh);
    else if (rc == 1)
        gs_strlist_add(&r->notes, "vectors not used: no query word has a vector", 44);
    int add = q ? !restricts(q->root) : o->vector_add;
    cand_t *c = rc < 0 ? NULL : candidates(r, vh, nv, add, docid_of(s, o->vector_skip_id), &nc);
    if (c && refill(s, r, c, nc, o->offset + o->n, o->explain) < 0)
        rc = -1;
    free(c);
    free(qv);
    free(vh);
    return rc < 0 || (nv && !c) ? GS_ENOMEM : GS_OK;
}

gs_status_t gs_fusion_apply(gs_searcher_t *s, const gs_query_t *q, const gs_search_opts_t *o,
                            gs_results_t *r, char **err)
{
    (void)err;
    /* Out of memory here leaves r valid (BM25's order, or fused without
     * some explain entries): said in a note, the search stands. */
    if (fuse(s, q, o, r) != GS_OK)
        gs_strlist_add(&r->notes, "vectors: out of memory, results may be BM25's alone", 51);
    cut_page(r, o);
    return GS_OK;
}

void gs_fusion_close(gs_searcher_t *s)
{
    gs_vectors_close(s->vec);
    free(s->vec_why);
    s->vec = NULL;
    s->vec_why = NULL;
    s->vec_tried = 0;
}
