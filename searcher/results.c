/* results.c - a page of results: what it holds, its accessors (searcher.h)
 * and the snippet of each hit.  search.c fills it. */
#include "searcher/internal.h"

#include <stdlib.h>
#include <string.h>

void gs_results_clear(gs_results_t *r)
{
    for (uint32_t i = 0; i < r->n; i++) {
        gs_record_free((gs_record_t *)r->hits[i].rec);
        free(r->more[i].data);
        gs_explain_free(&r->hits[i]);
    }
    free(r->hits);
    free(r->more);
    free(r->suggestion);
    free(r->query);
    gs_hlset_free(&r->hl);
    for (size_t f = 0; f < r->nfacets; f++) {
        for (size_t i = 0; i < r->facets[f].n; i++)
            free((char *)r->facets[f].values[i].value);
        free((void *)r->facets[f].values);
    }
    free(r->facets);
    gs_strlist_free(&r->notes);
}

void gs_results_free(gs_results_t *r)
{
    if (!r)
        return;
    gs_results_clear(r);
    free(r);
}

uint32_t gs_results_size(const gs_results_t *r) { return r->n; }
uint32_t gs_results_estimate(const gs_results_t *r) { return r->estimate; }
int gs_results_exact(const gs_results_t *r) { return r->exact; }
const gs_hit_t *gs_results_hit(const gs_results_t *r, uint32_t i)
{
    return i < r->n ? &r->hits[i] : NULL;
}
int gs_results_relaxed(const gs_results_t *r) { return r->relaxed; }
const char *gs_results_suggestion(const gs_results_t *r) { return r->suggestion; }
const char *gs_results_query(const gs_results_t *r) { return r->query; }
size_t gs_results_nfacets(const gs_results_t *r) { return r->nfacets; }
const gs_facet_t *gs_results_facet(const gs_results_t *r, size_t i)
{
    return i < r->nfacets ? &r->facets[i] : NULL;
}
size_t gs_results_nnotes(const gs_results_t *r) { return r->notes.n; }
const char *gs_results_note(const gs_results_t *r, size_t i)
{
    return i < r->notes.n ? r->notes.v[i] : NULL;
}

/* Hit i, read in part, gets what `need` asks of its stored record (the
 * whole of it: from the JSON kept when it was read, else read again), in
 * place: the fields it has stay where they are, so pointers a caller took
 * from hits[i].rec stay valid.  Left as it was when the record cannot be
 * read (deleted since, say): a snippet is then cut from the title. */
static void complete_hit(gs_results_t *r, uint32_t i, gs_hit_level_t need)
{
    gs_hit_more_t *m = &r->more[i];
    if (m->level == GS_HIT_WHOLE || (need == GS_HIT_TEXT && m->level == GS_HIT_TEXT))
        return;
    gs_record_t *rec = (gs_record_t *)r->hits[i].rec;
    gs_record_t *full = m->data ? gs_record_from_stored_json(m->data, m->len, NULL)
                                : gs_searcher_record_at(r->s, r->hits[i].docid);
    if (!full)
        return;
    for (int f = 0; f < GS_NSTR; f++)
        if (!rec->str[f]) {
            rec->str[f] = full->str[f];
            full->str[f] = NULL;
        }
    rec->date = full->date;
    rec->start = full->start;
    rec->end = full->end;
    rec->amount = full->amount;
    rec->cofunding = full->cofunding;
    rec->total = full->total;
    rec->rating = full->rating;
    gs_record_free(full);
    free(m->data);
    m->data = NULL;
    m->level = GS_HIT_WHOLE;
}

const gs_record_t *gs_results_record(gs_results_t *r, uint32_t i)
{
    if (i >= r->n)
        return NULL;
    complete_hit(r, i, GS_HIT_WHOLE);
    return r->hits[i].rec;
}

const char *gs_results_stored_json(const gs_results_t *r, uint32_t i, size_t *len)
{
    if (i >= r->n || r->more[i].level != GS_HIT_TEXT || !r->more[i].data)
        return NULL;
    *len = r->more[i].len;
    return r->more[i].data;
}

char *gs_results_snippet(gs_results_t *r, uint32_t i, gs_hl_style_t style)
{
    if (i >= r->n)
        return NULL;
    complete_hit(r, i, GS_HIT_TEXT);
    const gs_record_t *rec = r->hits[i].rec;
    static const gs_field_t order[] = {GS_DESCRIPTION, GS_GOAL, GS_TASKS, GS_SIGNIFICANCE,
                                       GS_TARGET_GROUPS, GS_GEOGRAPHY, GS_ORG, GS_TITLE};
    char *best = NULL;
    int best_score = -1;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        const char *t = rec->str[order[k]];
        if (!t || !*t)
            continue;
        int score = 0;
        char *s = gs_snippet(r->s->an, t, &r->hl, style, &score);
        if (!s)
            continue;
        if (score > best_score) {
            free(best);
            best = s;
            best_score = score;
        } else {
            free(s);
        }
    }
    return best ? best : strdup("");
}
