/* proximity.c - the proximity bonus: the query's words close together in a
 * record count more than the same words pages apart (issue 16).
 *
 * The index keeps no positions, but the word sketch of every record does
 * (schema/sketch.h: per field, the hash of the term at each word
 * position).  For each pair of the query's plain words, a record where
 * they stand within GS_PROX_WINDOW words of each other, in any field and
 * either order, gets GS_PROX_WEIGHT x the pair's mean IDF (BM25's, so the
 * bonus is on the scale of the words' own weights) / the pair's distance
 * in the query: words next to each other in the query («кризисный центр»)
 * count whole, «культура ... народов» of «культура коренных народов»
 * half, so a record saying «культура народов» gains something though it
 * lacks the word between (rel16g).  Stop words are not words here but
 * keep their positions in the record, so «центр для женщин» is a pair at
 * distance 2.  A hyphenated word is its parts (the sketch holds those, not
 * the whole): «реабилитацией детей-инвалидов» is реабилитац, дет, инвалид,
 * and a pair inside one hyphenated word does not count (its whole says
 * the parts are side by side: that is the word, not proximity).  The
 * bonus reorders hits within blocks of ten ranks (1-10,
 * 11-20, ...: whatever the page size, the same order; a block cut by the
 * page's edge, with an --offset not a multiple of ten, stays as Xapian
 * ranked it), the strict ones among themselves and the relaxed ones among
 * themselves.  Measured on the 45 dev queries (bench/RESULTS.md),
 * reordering the first 10 did better than the first 20, 30 or 100, and
 * paging neither repeats nor skips a hit.  It reads one sketch per hit of
 * the page. */
#include "searcher/internal.h"
#include "schema/schema.h"
#include "schema/sketch.h"

#include <stdlib.h>
#include <string.h>

#define GS_PROX_WINDOW 3
#define GS_PROX_WEIGHT 0.5
#define GS_PROX_MAX 32 /* query words looked at */
#define GS_PROX_BLOCK 10 /* hits reordered among themselves */

/* The query's plain words (not stop words; a hyphenated word's parts), in
 * query order, with their IDF; word[i] is the query word term[i] came
 * from, so that the parts of one hyphenated word are not a pair. */
typedef struct {
    char term[GS_PROX_MAX][GS_ANALYZER_MAX_TERM + 1];
    double idf[GS_PROX_MAX];
    size_t word[GS_PROX_MAX];
    size_t n;
} prox_words_t;

/* Appends term t[0..len) of query word `word`, with its IDF. */
static void add_term(gs_searcher_t *s, prox_words_t *w, const char *t, size_t len, size_t word)
{
    if (w->n >= GS_PROX_MAX || !len || len > GS_ANALYZER_MAX_TERM)
        return;
    memcpy(w->term[w->n], t, len);
    w->term[w->n][len] = '\0';
    w->idf[w->n] = gs_qb_idf(s->db, t, len);
    w->word[w->n++] = word;
}

/* gs_analyze's callback for a hyphenated word: its parts, not stop words
 * (по-новому: нов). */
typedef struct {
    gs_searcher_t *s;
    prox_words_t *w;
    size_t word;
} parts_ctx_t;

static int add_part(void *ctx, const gs_token_t *tok)
{
    parts_ctx_t *c = ctx;
    if ((tok->flags & GS_TOKEN_PART) && !(tok->flags & GS_TOKEN_STOP))
        add_term(c->s, c->w, tok->term, tok->term_len, c->word);
    return 0;
}

static void collect_words(gs_searcher_t *s, const qnode_t *root, prox_words_t *w)
{
    w->n = 0;
    if (root->kind != QN_DEFAULT && root->kind != QN_AND)
        return;
    for (size_t i = 0; i < root->nkids && w->n < GS_PROX_MAX; i++) {
        const qnode_t *k = root->kids[i];
        if (k->kind != QN_WORD || k->flags || k->field >= 0 ||
            gs_is_stopword(k->text, strlen(k->text)))
            continue;
        char t[GS_ANALYZER_MAX_TERM + 1];
        size_t len = gs_analyze_word(s->an, k->text, strlen(k->text), t, sizeof t);
        if (len && memchr(t, '-', len)) {
            /* Out of memory only drops parts: a smaller bonus, no error. */
            parts_ctx_t c = {s, w, i};
            (void)gs_analyze(s->an, k->text, strlen(k->text), 0, add_part, &c, NULL);
        } else {
            add_term(s, w, t, len, i);
        }
    }
}

/* The bonus of one record's sketch: each pair of words (i < j) found
 * within the window in some field adds its share once, divided by j - i. */
static double sketch_bonus(const gs_sketch_t *sk, const prox_words_t *w)
{
    uint16_t h[GS_PROX_MAX];
    unsigned char near[GS_PROX_MAX][GS_PROX_MAX]; /* near[i][j], i < j: close */
    memset(near, 0, sizeof near);
    for (size_t i = 0; i < w->n; i++)
        h[i] = gs_sketch_hash(sk->seed, w->term[i], strlen(w->term[i]));
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++) {
        long last[GS_PROX_MAX];
        for (size_t i = 0; i < w->n; i++)
            last[i] = -1000;
        for (size_t p = 0; p < sk->n[f]; p++) {
            uint16_t at = gs_sketch_at(sk, f, p);
            for (size_t i = 0; i < w->n; i++) {
                if (at != h[i])
                    continue;
                last[i] = (long)p;
                for (size_t j = 0; j < w->n; j++)
                    if (j != i && (long)p - last[j] <= GS_PROX_WINDOW)
                        near[i < j ? i : j][i < j ? j : i] = 1;
            }
        }
    }
    double b = 0;
    for (size_t i = 0; i < w->n; i++)
        for (size_t j = i + 1; j < w->n; j++)
            if (near[i][j] && w->word[i] != w->word[j] && strcmp(w->term[i], w->term[j]))
                b += GS_PROX_WEIGHT * (w->idf[i] + w->idf[j]) / 2 / (double)(j - i);
    return b;
}

/* Hit h's bonus from its record's sketch (0 when it has none). */
static xapc_status_t hit_bonus(gs_searcher_t *s, gs_hit_t *h, const prox_words_t *w)
{
    xapc_doc_t *doc = NULL;
    const char *val;
    size_t len;
    gs_sketch_t sk;
    xapc_status_t st = xapc_db_get_document(s->db, h->docid, &doc);
    if (st == XAPC_OK)
        st = xapc_doc_get_value(doc, GS_SLOT_SKETCH, &val, &len);
    if (st == XAPC_OK && len && gs_sketch_decode(val, len, &sk) == 0) {
        h->proximity = sketch_bonus(&sk, w);
        h->score += h->proximity;
    }
    xapc_doc_destroy(doc);
    return st;
}

/* A hit and what its record holds (results.c's more[]), sorted together. */
typedef struct {
    gs_hit_t h;
    gs_hit_more_t m;
} hit_pair_t;

/* Higher score first; equal scores keep their order (stable by rank). */
static int by_score(const void *a, const void *b)
{
    const gs_hit_t *x = &((const hit_pair_t *)a)->h, *y = &((const hit_pair_t *)b)->h;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Give hits[0..n) (one block) their bonus and sort them: strict hits
 * before relaxed ones, so each run is sorted apart; ranks from hits[0]'s. */
static xapc_status_t rerank_block(gs_searcher_t *s, const prox_words_t *w, gs_hit_t *hits,
                                  gs_hit_more_t *more, uint32_t n)
{
    xapc_status_t st = XAPC_OK;
    for (uint32_t i = 0; st == XAPC_OK && i < n; i++)
        st = hit_bonus(s, &hits[i], w);
    if (st != XAPC_OK)
        return st;
    uint32_t rank0 = hits[0].rank, strict = 0;
    while (strict < n && !hits[strict].relaxed)
        strict++;
    hit_pair_t pairs[GS_PROX_BLOCK];
    for (uint32_t i = 0; i < n; i++)
        pairs[i] = (hit_pair_t){hits[i], more[i]};
    qsort(pairs, strict, sizeof *pairs, by_score);
    qsort(pairs + strict, n - strict, sizeof *pairs, by_score);
    for (uint32_t i = 0; i < n; i++) {
        hits[i] = pairs[i].h;
        more[i] = pairs[i].m;
        hits[i].rank = rank0 + i;
    }
    return XAPC_OK;
}

xapc_status_t gs_proximity_rerank(gs_searcher_t *s, const qnode_t *root, gs_hit_t *hits,
                                  gs_hit_more_t *more, uint32_t n, int at_end)
{
    prox_words_t w;
    collect_words(s, root, &w);
    /* No pair of two query words (one word, or the parts of one hyphenated
     * word): no bonus, and no sketch to read. */
    if (w.n < 2 || w.word[0] == w.word[w.n - 1])
        return XAPC_OK;
    /* Blocks of GS_PROX_BLOCK ranks (1-10, 11-20, ...) whole in the page
     * (the last one of the results may be short). */
    xapc_status_t st = XAPC_OK;
    for (uint32_t b = 0; st == XAPC_OK && b < n; b++) {
        if ((hits[b].rank - 1) % GS_PROX_BLOCK)
            continue;
        uint32_t len = n - b < GS_PROX_BLOCK ? n - b : GS_PROX_BLOCK;
        if (len == GS_PROX_BLOCK || at_end)
            st = rerank_block(s, &w, hits + b, more + b, len);
    }
    return st;
}

const gs_search_opts_t *gs_proximity_widen(const gs_search_opts_t *o, gs_search_opts_t *wide)
{
    *wide = *o;
    uint32_t end = o->offset + o->n;
    wide->offset = o->offset / GS_PROX_BLOCK * GS_PROX_BLOCK;
    end = end > UINT32_MAX - GS_PROX_BLOCK ? end
                                           : (end + GS_PROX_BLOCK - 1) / GS_PROX_BLOCK * GS_PROX_BLOCK;
    wide->n = end - wide->offset;
    return wide;
}

uint32_t gs_proximity_cut(gs_hit_t *hits, gs_hit_more_t *more, uint32_t n, uint32_t first,
                          uint32_t count)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (hits[i].rank >= first && hits[i].rank - first < count) {
            more[k] = more[i];
            hits[k++] = hits[i];
            continue;
        }
        free(more[i].data);
        gs_record_free((gs_record_t *)hits[i].rec);
        gs_explain_free(&hits[i]);
    }
    return k;
}
