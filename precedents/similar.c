/* similar.c - `grantsearch similar`: the draft's discriminating terms as a
 * weighted OR of the same boosted per-word queries `search` uses. */
#include "precedents/similar.h"

#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"

struct gs_similar {
    gs_draft_t *draft;
    const gs_draft_term_t *terms;   /* into draft */
    size_t nterms;
    gs_results_t *results;
    const char ***shared;           /* per hit: forms (pointing into draft) */
    size_t *nshared;
    uint32_t nhits;
    char *source;                   /* malloc'd id of the source, or NULL */
    /* The draft as text or record, for its vector (--vectors); borrowed. */
    const char *vtext;
    size_t vlen;
    const gs_record_t *vrec;
};

void gs_similar_opts_init(gs_similar_opts_t *o)
{
    memset(o, 0, sizeof *o);
    gs_search_opts_init(&o->search);
}

void gs_similar_free(gs_similar_t *sim)
{
    if (!sim)
        return;
    for (uint32_t i = 0; i < sim->nhits; i++)
        free(sim->shared ? sim->shared[i] : NULL);
    free(sim->shared);
    free(sim->nshared);
    gs_results_free(sim->results);
    gs_draft_free(sim->draft);
    free(sim->source);
    free(sim);
}

static char *msg(const char *s)
{
    return strdup(s);
}

static int cmp_term_ptr(const void *a, const void *b)
{
    const gs_draft_term_t *const *x = a, *const *y = b;
    return strcmp((*x)->term, (*y)->term);
}

/* Which selected terms does each hit hold?  One pass over the hit's
 * termlist, looking each term up among the (sorted) selected ones. */
static int find_shared(gs_searcher_t *s, gs_similar_t *sim, size_t max_shared)
{
    uint32_t n = gs_results_size(sim->results);
    sim->nhits = n;
    if (n == 0)
        return 0;
    sim->shared = calloc(n, sizeof *sim->shared);
    sim->nshared = calloc(n, sizeof *sim->nshared);
    const gs_draft_term_t **sorted = malloc((sim->nterms ? sim->nterms : 1) * sizeof *sorted);
    char *hit = malloc(sim->nterms ? sim->nterms : 1);
    if (!sim->shared || !sim->nshared || !sorted || !hit) {
        free(sorted);
        free(hit);
        return -1;
    }
    for (size_t i = 0; i < sim->nterms; i++)
        sorted[i] = &sim->terms[i];
    qsort(sorted, sim->nterms, sizeof *sorted, cmp_term_ptr);
    xapc_db_t *db = gs_searcher_db(s);
    int rc = 0;
    for (uint32_t h = 0; h < n && rc == 0; h++) {
        const gs_hit_t *ht = gs_results_hit(sim->results, h);
        memset(hit, 0, sim->nterms ? sim->nterms : 1);
        xapc_termiter_t *it = NULL;
        if (xapc_db_termlist(db, ht->docid, &it) == XAPC_OK) {
            const char *t;
            size_t len;
            uint32_t wdf, tf;
            while (xapc_termiter_next(it, &t, &len, &wdf, &tf) == 1) {
                /* Body terms only: prefixed terms start with a capital. */
                if (len == 0 || (t[0] >= 'A' && t[0] <= 'Z'))
                    continue;
                size_t lo = 0, hi = sim->nterms;
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    const gs_draft_term_t *m = sorted[mid];
                    size_t ml = m->term_len < len ? m->term_len : len;
                    int c = memcmp(m->term, t, ml);
                    if (c == 0)
                        c = m->term_len < len ? -1 : m->term_len > len;
                    if (c == 0) {
                        hit[sorted[mid] - sim->terms] = 1;
                        break;
                    }
                    if (c < 0)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
            }
        }
        xapc_termiter_destroy(it);
        size_t cnt = 0;
        for (size_t i = 0; i < sim->nterms; i++)
            cnt += hit[i];
        if (cnt > max_shared)
            cnt = max_shared;
        sim->shared[h] = malloc((cnt ? cnt : 1) * sizeof(char *));
        if (!sim->shared[h]) {
            rc = -1;
            break;
        }
        size_t k = 0;
        for (size_t i = 0; i < sim->nterms && k < cnt; i++)  /* best terms first */
            if (hit[i])
                sim->shared[h][k++] = sim->terms[i].form;
        sim->nshared[h] = k;
    }
    free(sorted);
    free(hit);
    return rc;
}

/* The thesaurus equivalents of each selected term that the index holds and
 * the draft did not select itself (a selected one counts as its own term,
 * not twice), into eq: a NULL-terminated run of GS_WTERM_MAX_EQUIV + 1 slots
 * per term, which wt[i].equiv points at.  So a draft saying «пенсионеров»
 * also finds the records saying «пожилых», each weighed as one word with
 * the draft's (the keyword search's context words, query/words.c
 * one_term_with): on the 8 dev drafts nDCG@10 0.7369 -> 0.7404, dev's two
 * unchanged, dev2's six 0.7485 -> 0.7531 (bench/RESULTS.md, rel16e). */
static void add_equivalents(gs_searcher_t *s, gs_wterm_t *wt, size_t n, const char **eq)
{
    xapc_db_t *db = gs_searcher_db(s);
    for (size_t i = 0; i < n; i++) {
        const char **mine = eq + i * (GS_WTERM_MAX_EQUIV + 1);
        const char *cand[GS_WTERM_MAX_EQUIV];
        size_t nc = gs_searcher_equivalents(s, wt[i].term, cand, GS_WTERM_MAX_EQUIV), k = 0;
        for (size_t c = 0; c < nc; c++) {
            size_t j = 0;
            while (j < n && strcmp(wt[j].term, cand[c]))
                j++;
            if (j == n && xapc_db_termfreq(db, cand[c], strlen(cand[c])) > 0)
                mine[k++] = cand[c];
        }
        mine[k] = NULL;
        wt[i].equiv = k ? mine : NULL;
    }
}

/* The terms to highlight: each selected term and its equivalents (into
 * hl, room for all); how many. */
static size_t highlights(const gs_wterm_t *wt, size_t n, const char **hl)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        hl[k++] = wt[i].term;
        for (size_t e = 0; wt[i].equiv && wt[i].equiv[e]; e++)
            hl[k++] = wt[i].equiv[e];
    }
    return k;
}

/* Run the selected terms of sim->draft. */
static gs_status_t run(gs_searcher_t *s, gs_similar_t *sim, const char *exclude_id,
                       const gs_similar_opts_t *o, char **err)
{
    gs_similar_opts_t defaults;
    if (!o) {
        gs_similar_opts_init(&defaults);
        o = &defaults;
    }
    gs_draft_opts_t topts = o->terms;
    if (exclude_id && *exclude_id) {
        /* Is the source itself indexed?  Then its own words count for nothing. */
        size_t plen = strlen(GS_PREFIX_ID), ilen = strlen(exclude_id);
        char *idterm = malloc(plen + ilen + 1);
        if (idterm) {
            memcpy(idterm, GS_PREFIX_ID, plen);
            memcpy(idterm + plen, exclude_id, ilen + 1);
            topts.self_indexed = xapc_db_termfreq(gs_searcher_db(s), idterm, plen + ilen) > 0;
            free(idterm);
        }
    }
    if (gs_draft_select(sim->draft, gs_searcher_db(s), &topts, &sim->terms, &sim->nterms) != 0) {
        if (err)
            *err = msg("out of memory");
        return GS_EINDEX;
    }
    xapc_query_t *filter = NULL;
    if (o->filters && *o->filters) {
        filter = gs_similar_filters(s, o->filters, err);
        if (!filter)
            return GS_EQUERY;
    }
    size_t slots = (sim->nterms ? sim->nterms : 1) * (GS_WTERM_MAX_EQUIV + 1);
    gs_wterm_t *wt = calloc(sim->nterms ? sim->nterms : 1, sizeof *wt);
    const char **hl = malloc(slots * sizeof *hl);
    const char **eq = malloc(slots * sizeof *eq);
    if (!wt || !hl || !eq) {
        free(wt);
        free(hl);
        free(eq);
        xapc_query_destroy(filter);
        if (err)
            *err = msg("out of memory");
        return GS_EINDEX;
    }
    /* Each term at its rank_weight (draft_terms.h), the heaviest at 1:
     * scores stay on the scale of `search`. */
    double top = 0;
    for (size_t i = 0; i < sim->nterms; i++)
        top = sim->terms[i].rank_weight > top ? sim->terms[i].rank_weight : top;
    for (size_t i = 0; i < sim->nterms; i++) {
        wt[i].term = sim->terms[i].term;
        wt[i].len = sim->terms[i].term_len;
        wt[i].weight = top > 0 ? sim->terms[i].rank_weight / top : 1.0;
    }
    add_equivalents(s, wt, sim->nterms, eq);
    size_t nhl = highlights(wt, sim->nterms, hl);
    gs_boosts_t folded = o->search.boosts;  /* as this index folds them (query/ranking.c) */
    gs_boosts_read_fold(&folded, gs_searcher_db(s));
    xapc_query_t *q = sim->nterms ? gs_terms_query(wt, sim->nterms, XAPC_OP_OR, &folded)
                                  : xapc_query_match_nothing();
    if (q && exclude_id && *exclude_id) {
        size_t plen = strlen(GS_PREFIX_ID), ilen = strlen(exclude_id);
        char *idterm = malloc(plen + ilen + 1);
        xapc_query_t *self = NULL, *both = NULL;
        if (idterm) {
            memcpy(idterm, GS_PREFIX_ID, plen);
            memcpy(idterm + plen, exclude_id, ilen + 1);
            self = xapc_query_term(idterm, plen + ilen, 1, 0);
        }
        if (self) {
            xapc_query_t *pair[2] = {q, self};
            both = xapc_query_combine(XAPC_OP_AND_NOT, pair, 2, 0);
        }
        free(idterm);
        xapc_query_destroy(self);
        xapc_query_destroy(q);
        q = both;
    }
    if (q && filter) {
        xapc_query_t *pair[2] = {q, filter};
        xapc_query_t *f = xapc_query_combine(XAPC_OP_FILTER, pair, 2, 0);
        xapc_query_destroy(q);
        q = f;
    }
    xapc_query_destroy(filter);
    if (!q) {
        free(hl);
        free(wt);
        free(eq);
        if (err)
            *err = msg("out of memory");
        return GS_EINDEX;
    }
    /* The label: what the user would have typed, in the draft's forms. */
    char *label = NULL;
    size_t llen = 0;
    FILE *lf = open_memstream(&label, &llen);
    if (lf) {
        fputs("similar:", lf);
        for (size_t i = 0; i < sim->nterms; i++)
            fprintf(lf, " %s", sim->terms[i].form);
        fclose(lf);
    }
    /* --explain lists the draft's terms as the query ranks them. */
    gs_search_opts_t so = o->search;
    so.explain_terms = wt;
    so.nexplain_terms = sim->nterms;
    const char **forms = o->search.explain ? calloc(sim->nterms + 1, sizeof *forms) : NULL;
    for (size_t i = 0; forms && i < sim->nterms; i++)
        forms[i] = sim->terms[i].form;
    so.explain_words = forms;
    so.vector_text = sim->vtext;   /* vectors: the draft's own */
    so.vector_text_len = sim->vlen;
    so.vector_record = sim->vrec;
    so.vector_add = !(o->filters && *o->filters);
    so.vector_skip_id = exclude_id;
    gs_status_t st = gs_search_xquery(s, q, label ? label : "similar", hl, nhl,
                                      &so, &sim->results, err);
    free(wt);
    free(eq);
    free(forms);
    free(label);
    free(hl);
    xapc_query_destroy(q);
    if (st != GS_OK)
        return st;
    if (find_shared(s, sim, o->max_shared ? o->max_shared : 8) != 0) {
        if (err)
            *err = msg("out of memory");
        return GS_EINDEX;
    }
    return GS_OK;
}

static gs_similar_t *sim_new(void)
{
    gs_similar_t *sim = calloc(1, sizeof *sim);
    if (sim && !(sim->draft = gs_draft_new())) {
        free(sim);
        sim = NULL;
    }
    return sim;
}

static gs_status_t finish(gs_similar_t *sim, gs_status_t st, gs_similar_t **out)
{
    if (st != GS_OK) {
        gs_similar_free(sim);
        *out = NULL;
    } else {
        *out = sim;
    }
    return st;
}

gs_status_t gs_similar_text(gs_searcher_t *s, const char *text, size_t len,
                            const char *exclude_id, const gs_similar_opts_t *o,
                            gs_similar_t **out, char **err)
{
    *out = NULL;
    gs_similar_t *sim = sim_new();
    if (!sim || gs_draft_add_text(sim->draft, gs_searcher_analyzer(s), text, len, 1) != 0 ||
        (exclude_id && !(sim->source = strdup(exclude_id)))) {
        gs_similar_free(sim);
        if (err)
            *err = msg("out of memory");
        return GS_EINDEX;
    }
    sim->vtext = text;
    sim->vlen = len;
    return finish(sim, run(s, sim, exclude_id, o, err), out);
}

gs_status_t gs_similar_record(gs_searcher_t *s, const gs_record_t *rec,
                              const gs_similar_opts_t *o, gs_similar_t **out,
                              char **err)
{
    *out = NULL;
    static const gs_field_t fields[] = {GS_TITLE, GS_DESCRIPTION, GS_GOAL, GS_TASKS,
                                        GS_SIGNIFICANCE, GS_TARGET_GROUPS};
    unsigned title_times = o && o->title_times ? o->title_times : 2;
    gs_similar_t *sim = sim_new();
    int bad = !sim;
    gs_analyzer_t *an = gs_searcher_analyzer(s);
    for (size_t i = 0; !bad && i < sizeof fields / sizeof fields[0]; i++) {
        const char *t = rec->str[fields[i]];
        if (t && gs_draft_add_text(sim->draft, an, t, strlen(t),
                                   fields[i] == GS_TITLE ? title_times : 1) != 0)
            bad = 1;
    }
    const char *id = rec->str[GS_ID] ? rec->str[GS_ID] : rec->str[GS_NUMBER];
    if (!bad && id && !(sim->source = strdup(id)))
        bad = 1;
    if (sim)
        sim->vrec = rec;
    if (bad) {
        gs_similar_free(sim);
        if (err)
            *err = msg("out of memory");
        return GS_EINDEX;
    }
    return finish(sim, run(s, sim, id, o, err), out);
}

gs_status_t gs_similar_id(gs_searcher_t *s, const char *number,
                          const gs_similar_opts_t *o, gs_similar_t **out, char **err)
{
    *out = NULL;
    gs_record_t *rec = NULL;
    gs_status_t st = gs_searcher_get(s, number, &rec, NULL, err);
    if (st != GS_OK)
        return st;
    st = gs_similar_record(s, rec, o, out, err);
    gs_record_free(rec);
    return st;
}

gs_results_t *gs_similar_results(gs_similar_t *sim)
{
    return sim->results;
}

size_t gs_similar_nterms(const gs_similar_t *sim)
{
    return sim->nterms;
}

const gs_draft_term_t *gs_similar_term(const gs_similar_t *sim, size_t i)
{
    return i < sim->nterms ? &sim->terms[i] : NULL;
}

size_t gs_similar_shared(const gs_similar_t *sim, uint32_t i, const char *const **forms)
{
    if (i >= sim->nhits || !sim->shared) {
        *forms = NULL;
        return 0;
    }
    *forms = sim->shared[i];
    return sim->nshared[i];
}

const char *gs_similar_source(const gs_similar_t *sim)
{
    return sim->source;
}
