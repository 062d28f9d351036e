/* explain.c - --explain: what each term of the query added to each hit's
 * score, and where in the record it occurs.
 *
 * The builder hands over every ranked term with its ranking query exactly
 * as it sits in the whole query (query/build.h, gs_exlist_t).  A BM25 sum
 * is a sum over its terms, so a term's part of a hit's score is the weight
 * Xapian gives that term's query alone on that record: asked of Xapian
 * with the search's BM25 parameters (the same statistics, the same code),
 * not recomputed here with a copy of the formula.  Whatever the terms do
 * not account for (an application number's fixed weight) is listed as
 * "other", so that the entries always add up to the score.  It costs one
 * small match per term and hit, paid only with --explain. */
#include "searcher/internal.h"
#include "schema/schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void gs_explain_free(gs_hit_t *h)
{
    for (size_t i = 0; i < h->nexplain; i++) {
        free((char *)h->explain[i].word);
        free((char *)h->explain[i].term);
    }
    free((gs_explain_t *)h->explain);
    h->explain = NULL;
    h->nexplain = 0;
}

/* The weight of q on the one record holding idterm (0 if q misses it). */
static xapc_status_t weight_on(xapc_enquire_t *enq, const xapc_query_t *q, xapc_query_t *id,
                               double *w)
{
    xapc_query_t *pair[2] = {(xapc_query_t *)q, id};
    xapc_query_t *one = xapc_query_combine(XAPC_OP_FILTER, pair, 2, 0);
    xapc_mset_t *ms = NULL;
    xapc_status_t st = one ? xapc_enquire_set_query(enq, one) : XAPC_NO_MEMORY;
    if (st == XAPC_OK)
        st = xapc_enquire_get_mset(enq, 0, 1, 1, &ms);
    *w = st == XAPC_OK && xapc_mset_size(ms) ? xapc_mset_weight(ms, 0) : 0;
    xapc_mset_destroy(ms);
    xapc_query_destroy(one);
    return st;
}

/* Is t[0..len) prefix + term[0..tl)? */
static int is_term_n(const char *t, size_t len, const char *prefix, const char *term, size_t tl)
{
    size_t pl = strlen(prefix);
    return len == pl + tl && !memcmp(t, prefix, pl) && !memcmp(t + pl, term, tl);
}

/* Is t[0..len) prefix + one of the terms of name: a term, or a word
 * weighed as one term with its equivalents, «инвалидн = инвалид»
 * (query/words.c one_term_with), whose counts add up as Xapian adds them. */
static int is_term(const char *t, size_t len, const char *prefix, const char *name)
{
    for (const char *p = name;;) {
        const char *sep = strstr(p, " = ");
        size_t tl = sep ? (size_t)(sep - p) : strlen(p);
        if (is_term_n(t, len, prefix, p, tl))
            return 1;
        if (!sep)
            return 0;
        p = sep + 3;
    }
}

typedef uint32_t wdfs_t[1 + GS_SF_N];

/* A folded index (schema.h GS_META_FOLD) counts a boosted field's word
 * 1 + folded times in its body term: take those back out, so that "text"
 * says how often the record has the word, as on an index without the fold. */
static void unfold_wdfs(wdfs_t *wd, size_t n, const int *folded)
{
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < GS_SF_N; f++) {
            uint32_t extra = (uint32_t)folded[f] * wd[i][1 + f];
            wd[i][0] = wd[i][0] > extra ? wd[i][0] - extra : 0;
        }
}

/* Each ranked term's wdf in the record's text and short fields (wd[i] for
 * l->v[i]), and the record's unique id term (into idterm; "" if none). */
static xapc_status_t read_wdfs(xapc_db_t *db, xapc_docid_t did, wdfs_t *wd,
                               const gs_exlist_t *l, const int *folded, char *idterm,
                               size_t cap)
{
    xapc_termiter_t *it = NULL;
    xapc_status_t st = xapc_db_termlist(db, did, &it);
    const char *t;
    size_t len, plen = strlen(GS_PREFIX_ID);
    uint32_t wdf;
    int r = 0;
    idterm[0] = '\0';
    while (st == XAPC_OK && (r = xapc_termiter_next(it, &t, &len, &wdf, NULL)) == 1) {
        if (!idterm[0] && len < cap && len > plen && !memcmp(t, GS_PREFIX_ID, plen)) {
            memcpy(idterm, t, len);
            idterm[len] = '\0';
        }
        for (size_t i = 0; i < l->n; i++) {
            if (l->v[i].kind == GS_EX_PREFIX)
                continue; /* a prefix is many terms: its weight says enough */
            if (is_term(t, len, "", l->v[i].term))
                wd[i][0] += wdf;
            for (int f = 0; f < GS_SF_N; f++)
                if (gs_sfield_prefix(f) && is_term(t, len, gs_sfield_prefix(f), l->v[i].term))
                    wd[i][1 + f] += wdf;
        }
    }
    if (st == XAPC_OK && r < 0)
        st = XAPC_DATABASE;
    xapc_termiter_destroy(it);
    unfold_wdfs(wd, l->n, folded);
    return st;
}

/* One entry: copies of word and term; 0 or -1 (ENOMEM, nothing kept). */
static int set_entry(gs_explain_t *e, const char *word, const char *term, gs_exkind_t kind,
                     double w, const uint32_t *wdf)
{
    *e = (gs_explain_t){.word = strdup(word), .term = strdup(term),
                        .kind = gs_exkind_name(kind), .weight = w};
    if (wdf)
        memcpy(e->wdf, wdf, sizeof e->wdf);
    if (e->word && e->term)
        return 0;
    free((char *)e->word);
    free((char *)e->term);
    memset(e, 0, sizeof *e);
    return -1;
}

/* Hit h's entries (owned by h): one per ranked term that added to its
 * score, in query order, then the remainder if any. */
static xapc_status_t explain_hit(gs_searcher_t *s, xapc_enquire_t *enq, gs_hit_t *h,
                                 const gs_exlist_t *l, const int *folded)
{
    gs_explain_t *ex = calloc(l->n + 2, sizeof *ex); /* + proximity, remainder */
    wdfs_t *wd = calloc(l->n + 1, sizeof *wd);
    char idterm[256];
    xapc_status_t st = ex && wd ? read_wdfs(s->db, h->docid, wd, l, folded, idterm, sizeof idterm)
                                : XAPC_NO_MEMORY;
    xapc_query_t *id = st == XAPC_OK ? xapc_query_term(idterm, strlen(idterm), 1, 0) : NULL;
    if (st == XAPC_OK && !id)
        st = XAPC_NO_MEMORY;
    size_t n = 0;
    double sum = 0;
    for (size_t i = 0; st == XAPC_OK && i < l->n; i++) {
        double w = 0;
        st = weight_on(enq, l->v[i].q, id, &w);
        w *= l->v[i].scale;
        if (st != XAPC_OK || !(w > 0))
            continue;
        if (set_entry(&ex[n], l->v[i].word, l->v[i].term, l->v[i].kind, w, wd[i]) < 0)
            st = XAPC_NO_MEMORY;
        else
            n++;
        sum += w;
    }
    if (st == XAPC_OK && h->proximity > 0) {
        if (set_entry(&ex[n], "", "", GS_EX_PROXIMITY, h->proximity, NULL) < 0)
            st = XAPC_NO_MEMORY;
        else
            n++;
        sum += h->proximity;
    }
    if (st == XAPC_OK && fabs(h->score - sum) > 5e-4) {
        if (set_entry(&ex[n], "", "", GS_EX_OTHER, h->score - sum, NULL) < 0)
            st = XAPC_NO_MEMORY;
        else
            n++;
    }
    xapc_query_destroy(id);
    free(wd);
    h->explain = ex;
    h->nexplain = n;
    return st;
}

/* `similar`'s ranked terms (opts.explain_terms) as --explain lists them:
 * each word its own gs_wterm_query, as the draft's query ORs them; a term
 * searched with its equivalents is named «a = b» (is_term reads each
 * one's counts). */
static int wterms_list(const gs_boosts_t *b, const gs_search_opts_t *o, gs_exlist_t *l)
{
    for (size_t i = 0; i < o->nexplain_terms; i++) {
        const gs_wterm_t *w = &o->explain_terms[i];
        const char *terms[GS_WTERM_MAX_EQUIV + 1];
        size_t n = 0;
        char *t0 = strndup(w->term, w->len);
        terms[n++] = t0;
        for (size_t e = 0; w->equiv && w->equiv[e] && n < GS_WTERM_MAX_EQUIV + 1; e++)
            terms[n++] = w->equiv[e];
        char *name = t0 ? gs_joined_terms(terms, n) : NULL;
        xapc_query_t *q = gs_wterm_query(w, b);
        const char *word = o->explain_words ? o->explain_words[i] : name;
        int bad = !q || !name || gs_exlist_add(l, word, name, GS_EX_STEM, -1, 1.0, q) < 0;
        xapc_query_destroy(q);
        free(name);
        free(t0);
        if (bad)
            return -1;
    }
    return 0;
}

xapc_status_t gs_explain_hits(gs_searcher_t *s, gs_hit_t *hits, uint32_t n,
                              const gs_exlist_t *strict, const gs_exlist_t *relaxed,
                              const gs_search_opts_t *o)
{
    gs_exlist_t sim = {0};
    xapc_enquire_t *enq = NULL;
    xapc_status_t st = XAPC_OK;
    gs_boosts_t b = o->boosts;  /* as this index folds them (query/ranking.c) */
    gs_boosts_read_fold(&b, s->db);
    if (!strict) {
        strict = &sim;
        if (wterms_list(&b, o, &sim) < 0)
            st = XAPC_NO_MEMORY;
    }
    if (st == XAPC_OK)
        st = xapc_enquire_create(s->db, &enq);
    if (st == XAPC_OK)
        st = xapc_enquire_set_bm25(enq, o->k1, 0, 1, o->b, 0.5);
    for (uint32_t i = 0; st == XAPC_OK && i < n; i++)
        st = explain_hit(s, enq, &hits[i], hits[i].relaxed && relaxed ? relaxed : strict,
                         b.folded);
    xapc_enquire_destroy(enq);
    gs_exlist_free(&sim);
    return st;
}
