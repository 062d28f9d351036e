/* phrases.c - a record's posted phrases (phrases.h). */
#include "indexer/phrases.h"

#include <stdlib.h>
#include <string.h>

int gs_field_words_add(gs_field_words_t *w, uint32_t pos, const char *t, size_t len)
{
    gs_field_word_t word = {pos, (uint32_t)w->text.len, (uint32_t)len};
    return gs_buf_append(&w->words, &word, sizeof word) < 0 || gs_buf_append(&w->text, t, len) < 0
               ? -1
               : 0;
}

void gs_field_words_reset(gs_field_words_t *w)
{
    gs_buf_reset(&w->words);
    gs_buf_reset(&w->text);
}

void gs_field_words_free(gs_field_words_t *w)
{
    gs_buf_free(&w->text);
    gs_buf_free(&w->words);
}

static const gs_field_word_t *words_of(const gs_field_words_t *w, size_t *n)
{
    *n = w->words.len / sizeof(gs_field_word_t);
    return (const gs_field_word_t *)(const void *)w->words.s;
}

static int word_is(const gs_field_words_t *w, const gs_field_word_t *v, const char *t, size_t len)
{
    return v->len == len && !memcmp(w->text.s + v->off, t, len);
}

/* Does ph hold at word `first` of v[0..n) (its first term there)? */
static int holds_at(const gs_phrase_t *ph, const gs_field_words_t *w, const gs_field_word_t *v,
                    size_t n, size_t first)
{
    uint32_t start = v[first].pos, p = start;
    size_t k = first + 1;
    for (size_t j = 1; j < ph->n; j++) {
        while (k < n && (v[k].pos <= p || !word_is(w, &v[k], ph->terms[j], ph->lens[j]))) {
            if (v[k].pos - start + 1 > ph->window)
                return 0;
            k++;
        }
        if (k == n || v[k].pos - start + 1 > ph->window)
            return 0;
        p = v[k].pos;
    }
    return 1;
}

int gs_post_phrases(const gs_phrases_t *ph, const gs_field_words_t *w, xapc_doc_t *doc)
{
    size_t n;
    const gs_field_word_t *v = words_of(w, &n);
    for (size_t i = 0; ph && i < n; i++) {
        size_t count, at = gs_phrases_first(ph, w->text.s + v[i].off, v[i].len, &count);
        for (size_t c = 0; c < count; c++) {
            const gs_phrase_t *p = ph->by_first[at + c];
            if (holds_at(p, w, v, n, i) &&
                xapc_doc_add_boolean_term(doc, p->term, strlen(p->term)) != XAPC_OK)
                return -1;
        }
    }
    return 0;
}

/* Is term one of ph's phrases' terms? */
static int has_term(const gs_phrases_t *ph, const char *term)
{
    for (size_t i = 0; i < ph->n; i++)
        if (!strcmp(ph->v[i].term, term))
            return 1;
    return 0;
}

int gs_index_put_phrases(xapc_wdb_t *wdb, const gs_phrases_t *ph, const char *old)
{
    int oom = 0;
    gs_phrases_t *before = old && *old ? gs_phrases_parse(old, strlen(old), &oom) : NULL;
    int bad = oom;
    for (size_t i = 0; before && !bad && i < before->n; i++)
        if (!ph || !has_term(ph, before->v[i].term))
            bad = xapc_wdb_set_metadata(wdb, before->v[i].term, "", 0) != XAPC_OK;
    gs_phrases_free(before);
    const char *text = ph ? ph->text : "";
    if (bad || xapc_wdb_set_metadata(wdb, GS_META_PHRASES, text, strlen(text)) != XAPC_OK)
        return -1;
    for (size_t i = 0; ph && i < ph->n; i++) {
        const gs_phrase_t *p = &ph->v[i];
        char enc[GS_PHRASE_MAX_ENC];
        size_t len = gs_phrase_encode(enc, sizeof enc, p->terms, p->lens, p->n, p->window);
        if (len && xapc_wdb_set_metadata(wdb, p->term, enc, len) != XAPC_OK)
            return -1;
    }
    return 0;
}
