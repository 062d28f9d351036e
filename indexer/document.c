/* document.c - one record -> one Xapian document, exactly as schema.h says.
 *
 * Runs in the analyzer threads: it touches only its own analyzer and the
 * document it builds, never the database. */
#include "indexer/indexer.h"
#include "indexer/phrases.h"
#include "schema/schema.h"
#include "schema/sketch.h"
#include "schema/summary.h"
#include "toolkit/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Xapian refuses terms longer than 245 bytes; such "words" are noise anyway. */
#define MAX_TERM 240

int gs_fieldlen_parse(const char *s, size_t len, uint32_t out[GS_INDEX_NFIELDS])
{
    char buf[160];
    memset(out, 0, sizeof(uint32_t) * GS_INDEX_NFIELDS);
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = 0;
    char *p = buf;
    for (int i = 0; i < GS_INDEX_NFIELDS; i++) {
        char *end;
        out[i] = (uint32_t)strtoul(p, &end, 10);
        if (end == p)
            return -1;
        p = end;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* State shared with the token callback while one field is analysed. */
typedef struct {
    xapc_doc_t *doc;
    const char *prefix;
    size_t prefix_len;
    uint32_t body_wdf;    /* a word's body wdf here: 1 + the field's fold */
    uint32_t words;
    int spelling;         /* collect spelling words from this field */
    gs_buf_t spell;       /* NUL-terminated words, one after another */
    int lemtab;           /* collect the forms new to the analyzer */
    gs_buf_t newforms;    /* those forms, NUL-terminated, back to back */
    char term[MAX_TERM + 16];
    gs_sketch_enc_t *sk;  /* the record's word sketch (schema/sketch.h) */
    char prev[MAX_TERM + 1]; /* the last word's stem, for pair terms */
    size_t prev_len;      /* 0: the last word makes no pair (a stop word) */
    uint32_t prev_pos;
    uint64_t stem_prefixes; /* the record's stem-prefix terms so far (bit i:
                               gs_schema_stem_prefixes[i]) */
    const gs_phrases_t *phrases; /* the index's posted phrases (NULL: none) */
    gs_field_words_t words_here; /* the field's words, for them */
    int failed;
} field_ctx_t;

static int put_prefixed(field_ctx_t *c, const char *prefix, size_t plen,
                        const char *t, size_t tlen)
{
    memcpy(c->term, prefix, plen);
    memcpy(c->term + plen, t, tlen);
    return xapc_doc_add_term(c->doc, c->term, plen + tlen, 1) == XAPC_OK ? 0 : -1;
}

/* A word's lemmas, each as XL + lemma in the body (schema.h), with wdf 0:
 * they let a query word match the forms Snowball stems apart, and add
 * nothing to the record's length, so BM25 scores every other word as
 * before (with wdf 1 the longer records cost the abbreviation queries and
 * `similar` 0.006 and 0.002 nDCG@10 on the dev set). */
static int put_lemmas(field_ctx_t *c, const gs_token_t *tok)
{
    size_t plen = strlen(GS_PREFIX_LEMMA);
    for (size_t o = 0; o < tok->lemmas_len; o += strlen(tok->lemmas + o) + 1) {
        size_t n = strlen(tok->lemmas + o);
        if (n > MAX_TERM)
            continue;
        memcpy(c->term, GS_PREFIX_LEMMA, plen);
        memcpy(c->term + plen, tok->lemmas + o, n);
        if (xapc_doc_add_term(c->doc, c->term, plen + n, 0) != XAPC_OK)
            return -1;
    }
    return 0;
}

static int add_spell(field_ctx_t *c, const char *form, size_t len)
{
    /* Each word keeps its NUL: the writer walks them by strlen. */
    gs_buf_append(&c->spell, form, len);
    return gs_buf_append(&c->spell, "", 1);
}

/* tok becomes the word before the next one, for its pair term (a word
 * too long to index breaks the chain). */
static void remember_pair_word(field_ctx_t *c, const gs_token_t *tok)
{
    c->prev_len = tok->term_len <= MAX_TERM ? tok->term_len : 0;
    memcpy(c->prev, tok->term, c->prev_len);
    c->prev_pos = tok->pos;
}

/* The exact-query terms of one token (schema.h, schema 4): its form (not
 * a stop word's), and the pair it makes with the word before it.  The
 * pairs follow the sketch's positions (hyphenated words as their parts)
 * and take stop words in, so a phrase or hyphenated word with one
 * («по-новому», "устойчивости и ...") is a pair lookup too; a word too
 * long to index breaks the chain.  Both are boolean terms, so the document
 * length and the BM25 scores do not change.  0, or -1 if Xapian refused a
 * term. */
static int put_exact_terms(field_ctx_t *c, const gs_token_t *tok)
{
    size_t plen = sizeof GS_PREFIX_FORM - 1;
    if (!(tok->flags & GS_TOKEN_STOP) && tok->form_len &&
        plen + tok->form_len <= GS_SCHEMA_MAX_EXACT_TERM) {
        memcpy(c->term, GS_PREFIX_FORM, plen);
        memcpy(c->term + plen, tok->form, tok->form_len);
        if (xapc_doc_add_boolean_term(c->doc, c->term, plen + tok->form_len) != XAPC_OK)
            return -1;
    }
    if (tok->flags & GS_TOKEN_COMPOUND)
        return 0;
    size_t n = 0;
    if (c->prev_len && tok->pos == c->prev_pos + 1 && tok->term_len && tok->term_len <= MAX_TERM)
        n = gs_schema_pair_term(c->term, sizeof c->term, c->prev, c->prev_len, tok->term,
                                tok->term_len);
    if (n && xapc_doc_add_boolean_term(c->doc, c->term, n) != XAPC_OK)
        return -1;
    remember_pair_word(c, tok);
    return 0;
}

/* The body term's stem-prefix term (schema.h GS_PREFIX_STEM, schema 6),
 * once per record: boolean, so no record's length changes.  0, or -1 if
 * Xapian refused it. */
static int put_stem_prefix(field_ctx_t *c, const gs_token_t *tok)
{
    int row = gs_schema_stem_prefix(tok->term, tok->term_len, NULL);
    if (row < 0 || (c->stem_prefixes >> row & 1))
        return 0;
    c->stem_prefixes |= (uint64_t)1 << row;
    size_t plen = sizeof GS_PREFIX_STEM - 1;
    const char *p = gs_schema_stem_prefixes[row];
    memcpy(c->term, GS_PREFIX_STEM, plen);
    memcpy(c->term + plen, p, strlen(p));
    return xapc_doc_add_boolean_term(c->doc, c->term, plen + strlen(p)) == XAPC_OK ? 0 : -1;
}

static int on_token(void *ctx, const gs_token_t *tok)
{
    field_ctx_t *c = ctx;
    /* The sketch holds what a phrase matches: every word, the parts of a
     * hyphenated one. */
    if (!(tok->flags & GS_TOKEN_COMPOUND) &&
        gs_sketch_enc_put(c->sk, tok->pos, tok->term, tok->term_len) < 0)
        goto fail;
    /* ... and so do the posted phrases (indexer/phrases.h). */
    if (c->phrases && !(tok->flags & GS_TOKEN_COMPOUND) && tok->term_len &&
        gs_field_words_add(&c->words_here, tok->pos, tok->term, tok->term_len) < 0)
        goto fail;
    if (put_exact_terms(c, tok) < 0)
        goto fail;
    if (tok->term_len == 0 || tok->term_len > MAX_TERM || tok->form_len > MAX_TERM)
        return 0;
    /* Stop words are not indexed: phrases that contain them are rechecked
     * on the stored text (schema.h). */
    if (tok->flags & GS_TOKEN_STOP)
        return 0;
    if (xapc_doc_add_term(c->doc, tok->term, tok->term_len, c->body_wdf) != XAPC_OK)
        goto fail;
    if (put_stem_prefix(c, tok) < 0)
        goto fail;
    if (!(tok->flags & GS_TOKEN_PART))
        c->words++;  /* a hyphenated word counts once, as its whole */
    if (c->prefix && put_prefixed(c, c->prefix, c->prefix_len, tok->term, tok->term_len) < 0)
        goto fail;
    if (tok->nlemmas && put_lemmas(c, tok) < 0)
        goto fail;
    /* The analyzer cannot be asked for the form's query lemmas from inside
     * its own callback: keep the form for lemma_entries.  A hyphenated
     * word's part too: a form is new to the analyzer once, and one first
     * met inside «эффективно-модульное» was never written, so every query
     * of «модульное» loaded the dictionary (60-80 ms a `search` process,
     * the slowest of 300 facets queries run a process each). */
    if (c->lemtab && (tok->flags & GS_TOKEN_LEMMA_NEW) &&
        (gs_buf_append(&c->newforms, tok->form, tok->form_len) < 0 ||
         gs_buf_append(&c->newforms, "", 1) < 0))
        goto fail;
    /* Spelling: whole words of letters only (no numbers or codes), 3+ bytes. */
    if (c->spelling && !(tok->flags & (GS_TOKEN_NUMBER | GS_TOKEN_PART)) && tok->form_len >= 4)
        if (add_spell(c, tok->form, tok->form_len) < 0)
            goto fail;
    return 0;
fail:
    c->failed = 1;
    return 1;
}

static int add_bool(xapc_doc_t *doc, const char *prefix, const char *value, int fold)
{
    if (!value || !*value)
        return 0;
    char *f = fold ? gs_schema_fold(value, strlen(value)) : NULL;
    if (fold && !f)
        return -1;
    const char *v = f ? f : value;
    char term[MAX_TERM + 16];
    size_t plen = strlen(prefix), vlen = gs_schema_value_len(strlen(v));
    memcpy(term, prefix, plen);
    memcpy(term + plen, v, vlen);
    free(f);
    return xapc_doc_add_boolean_term(doc, term, plen + vlen) == XAPC_OK ? 0 : -1;
}

static int set_number(xapc_doc_t *doc, int slot, double v)
{
    if (isnan(v))
        return 0;
    char buf[16];
    size_t n = xapc_sortable_serialise(v, buf);
    return xapc_doc_set_value(doc, (xapc_slot_t)slot, buf, n) == XAPC_OK ? 0 : -1;
}

static int set_text(xapc_doc_t *doc, int slot, const char *s)
{
    if (!s || !*s)
        return 0;
    return xapc_doc_set_value(doc, (xapc_slot_t)slot, s, strlen(s)) == XAPC_OK ? 0 : -1;
}

/* The result line's summary (schema/summary.h): listing a hit reads it
 * instead of inflating and parsing the whole stored record. */
static int set_summary(xapc_doc_t *doc, const gs_record_t *r)
{
    gs_buf_t b = GS_BUF_INIT;
    int bad = gs_summary_encode(r, &b) < 0 ||
              xapc_doc_set_value(doc, GS_SLOT_SUMMARY, b.s, b.len) != XAPC_OK;
    gs_buf_free(&b);
    return bad;
}

/* Digits only: ИНН as the schema wants it, whatever spacing the source used. */
static void digits_of(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; s && *s && n + 1 < cap; s++)
        if (*s >= '0' && *s <= '9')
            out[n++] = *s;
    out[n] = 0;
}

void gs_built_doc_clear(gs_built_doc_t *b)
{
    if (!b)
        return;
    xapc_doc_destroy(b->doc);
    free(b->idterm);
    free(b->spell);
    free(b->lemtab);
    memset(b, 0, sizeof *b);
}

/* The lemma table entries (schema.h GS_META_LEMMA) of the forms collected
 * in c->newforms, appended to out: each form's value is what
 * gs_analyze_word_lemmas answers for it, the very call the query side
 * would make, so a table hit and the dictionary agree.  0, or -1 if memory
 * ran out. */
static int lemma_entries(gs_analyzer_t *an, const gs_buf_t *forms, gs_buf_t *out)
{
    for (size_t o = 0; o < forms->len; o += strlen(forms->s + o) + 1) {
        const char *f = forms->s + o, *list;
        size_t fl = strlen(f), len;
        unsigned readings;
        int n = gs_analyze_word_lemmas(an, f, fl, &list, &len, &readings);
        if (n < 0)
            return -1;
        char head = (char)('0' + (n > 9 ? 9 : n));
        uint32_t vlen = 1 + (n == 1 ? (uint32_t)len : 0);
        if (gs_buf_append(out, f, fl + 1) < 0 || gs_buf_append(out, &vlen, sizeof vlen) < 0 ||
            gs_buf_append(out, &head, 1) < 0 || (n == 1 && gs_buf_append(out, list, len) < 0))
            return -1;
    }
    return 0;
}

int gs_build_document(gs_analyzer_t *an, const gs_record_t *r, int with_spelling,
                      const gs_phrases_t *phrases, gs_built_doc_t *out, const char **why)
{
    memset(out, 0, sizeof *out);
    const char *id = r->str[GS_ID] && *r->str[GS_ID] ? r->str[GS_ID] : r->str[GS_NUMBER];
    if (!id || !*id) {
        *why = "record has neither an id nor an application number";
        return -1;
    }
    if (strlen(id) > MAX_TERM) {
        *why = "record id longer than 240 bytes";
        return -1;
    }
    if (xapc_doc_create(&out->doc) != XAPC_OK) {
        *why = "out of memory";
        return -1;
    }
    out->idterm_len = strlen(id) + 1;
    out->idterm = malloc(out->idterm_len + 1);
    if (!out->idterm)
        goto nomem;
    out->idterm[0] = 'Q';
    memcpy(out->idterm + 1, id, out->idterm_len);

    field_ctx_t c;
    memset(&c, 0, sizeof c);
    gs_buf_t lemtab = {0};
    c.doc = out->doc;
    c.phrases = phrases;
    gs_analyzer_set_lemmas(an, 1);  /* the XL terms (put_lemmas) */
    /* Without the dictionary the lemmas would be the suppletive pairs
     * only: no table then, and the query side asks hunspell itself. */
    c.lemtab = gs_analyzer_has_dictionary(an);
    size_t text_bytes = 0;
    c.sk = gs_sketch_enc_new(gs_sketch_seed(id, strlen(id)));
    if (!c.sk)
        goto nomem;
    for (int i = 0; i < GS_INDEX_NFIELDS; i++) {
        const gs_schema_field_t *sf = &gs_schema_fields[i];
        const char *t = r->str[sf->record];
        if (t && *t) {
            size_t len = strlen(t);
            text_bytes += len;
            c.prefix = sf->prefix;
            c.prefix_len = c.prefix ? strlen(c.prefix) : 0;
            /* The fold (schema.h GS_META_FOLD): a boosted field's word
             * counts 1 + repeats times in its body term. */
            c.body_wdf = 1 + (uint32_t)(c.prefix ? gs_boost_repeats(sf->boost) : 0);
            c.words = 0;
            c.spelling = with_spelling && sf->spelling;
            c.prev_len = 0;  /* pairs stay inside a field */
            gs_field_words_reset(&c.words_here);
            gs_analyze(an, t, len, 1, on_token, &c, NULL);
            if (!c.failed && gs_post_phrases(phrases, &c.words_here, c.doc) < 0)
                c.failed = 1;
            out->fieldlen[i] = c.words;
            if (!c.failed && lemma_entries(an, &c.newforms, &lemtab) < 0)
                c.failed = 1;
            c.newforms.len = 0;
        }
        if (!c.failed && gs_sketch_enc_end_field(c.sk) < 0)
            c.failed = 1;
        if (c.failed)
            break;
    }
    gs_buf_free(&c.newforms);
    gs_field_words_free(&c.words_here);
    if (c.failed) {
        gs_buf_free(&lemtab);
        gs_buf_free(&c.spell);
        gs_sketch_enc_free(c.sk);
        *why = "Xapian refused a term (out of memory?)";
        gs_built_doc_clear(out);
        return -1;
    }
    out->spell = c.spell.s;
    out->spell_len = c.spell.len;
    out->lemtab = lemtab.s;
    out->lemtab_len = lemtab.len;
    size_t sketch_len;
    const unsigned char *sketch = gs_sketch_enc_bytes(c.sk, &sketch_len);
    int bad_sketch = xapc_doc_set_value(out->doc, GS_SLOT_SKETCH, (const char *)sketch,
                                        sketch_len) != XAPC_OK;
    gs_sketch_enc_free(c.sk);
    if (bad_sketch)
        goto nomem;

    int bad = 0;
    bad |= xapc_doc_add_boolean_term(out->doc, out->idterm, out->idterm_len) != XAPC_OK;
    bad |= add_bool(out->doc, GS_PREFIX_STATUS, gs_outcome_name(r->status), 0);
    char num[32];
    if (r->year > 0) {
        snprintf(num, sizeof num, "%d", r->year);
        bad |= add_bool(out->doc, GS_PREFIX_YEAR, num, 0);
        bad |= set_text(out->doc, GS_SLOT_YEAR_TEXT, num);
        bad |= set_number(out->doc, GS_SLOT_YEAR, r->year);
    }
    /* The text filters (region, direction, contest): folded terms to match,
     * the text as given for facets. */
    for (int i = 0; i < GS_SCHEMA_NFILTERS; i++) {
        const gs_schema_filter_t *flt = &gs_schema_filters[i];
        if (flt->fold) {
            bad |= add_bool(out->doc, flt->prefix, r->str[flt->record], 1);
            bad |= set_text(out->doc, flt->slot, r->str[flt->record]);
        }
    }
    if (r->str[GS_INN]) {
        char inn[32];
        digits_of(r->str[GS_INN], inn, sizeof inn);
        bad |= add_bool(out->doc, GS_PREFIX_INN, inn, 0);
    }
    if (r->str[GS_OGRN]) {
        char ogrn[32];
        digits_of(r->str[GS_OGRN], ogrn, sizeof ogrn);
        bad |= add_bool(out->doc, GS_PREFIX_OGRN, ogrn, 0);
    }
    if (r->date > 0)
        bad |= set_number(out->doc, GS_SLOT_DATE, r->date);
    bad |= set_number(out->doc, GS_SLOT_AMOUNT, r->amount);
    bad |= set_number(out->doc, GS_SLOT_COFUNDING, r->cofunding);
    bad |= set_number(out->doc, GS_SLOT_TOTAL, r->total);
    bad |= set_number(out->doc, GS_SLOT_RATING, r->rating);
    bad |= set_text(out->doc, GS_SLOT_STATUS, gs_outcome_name(r->status));
    char fl[160];
    int n = 0;
    for (int i = 0; i < GS_INDEX_NFIELDS; i++)
        n += snprintf(fl + n, sizeof fl - (size_t)n, i ? ",%u" : "%u", (unsigned)out->fieldlen[i]);
    bad |= xapc_doc_set_value(out->doc, GS_SLOT_FIELDLEN, fl, (size_t)n) != XAPC_OK;
    bad |= set_summary(out->doc, r);

    /* The stored record: what `show` prints and snippets are cut from.  The
     * reader already dropped secrets; `file` (a local path) is not stored. */
    gs_record_t copy = *r;
    copy.file = NULL;
    copy.line = 0;
    char *json = gs_record_to_json(&copy);
    if (!json)
        goto nomem;
    size_t jlen = strlen(json);
    bad |= xapc_doc_set_data(out->doc, json, jlen) != XAPC_OK;
    free(json);
    if (bad)
        goto nomem;
    /* Postings cost the writer roughly twice the text until the next commit. */
    out->est_bytes = 2 * text_bytes + 2 * jlen + 256;
    return 0;
nomem:
    *why = "out of memory building the document";
    gs_built_doc_clear(out);
    return -1;
}
