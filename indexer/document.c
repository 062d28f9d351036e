/* document.c - one record -> one Xapian document, exactly as schema.h says.
 *
 * Runs in the analyzer threads: it touches only its own analyzer and the
 * document it builds, never the database. */
#include "indexer/indexer.h"
#include "schema/schema.h"
#include "toolkit/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const gs_field_t gs_index_fields[GS_INDEX_NFIELDS] = {GS_SCHEMA_TEXT_FIELDS};
/* NULL: a long field, in the body only (schema.h says why). */
const char *const gs_index_prefixes[GS_INDEX_NFIELDS] = {
    GS_PREFIX_TITLE, GS_PREFIX_GOAL, NULL, NULL,
    NULL, GS_PREFIX_GEOGRAPHY, GS_PREFIX_TARGET, GS_PREFIX_ORG,
};

/* Xapian refuses terms longer than 245 bytes; such "words" are noise anyway. */
#define MAX_TERM 240

char *gs_index_fold(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                                      UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (n < 0)
        return NULL;
    /* ё (d1 91) -> е (d0 b5): same length, so in place. */
    for (utf8proc_ssize_t i = 0; i + 1 < n; i++)
        if (out[i] == 0xd1 && out[i + 1] == 0x91) {
            out[i] = 0xd0;
            out[i + 1] = 0xb5;
            i++;
        }
    return (char *)out;
}

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
    uint32_t words;
    int spelling;         /* collect spelling words from this field */
    gs_buf_t spell;       /* NUL-terminated words, one after another */
    char term[MAX_TERM + 16];
    unsigned char *sk;    /* this field's word sketch (schema.h): 2 bytes a position */
    size_t sk_n, sk_cap;  /* positions, bytes */
    unsigned sk_seed;
    int failed;
} field_ctx_t;

static int sketch_put(field_ctx_t *c, uint32_t pos, uint16_t h)
{
    size_t i = pos ? pos - 1 : 0;
    if (2 * i + 2 > c->sk_cap) {
        size_t cap = c->sk_cap ? c->sk_cap : 512;
        while (cap < 2 * i + 2)
            cap *= 2;
        unsigned char *p = realloc(c->sk, cap);
        if (!p)
            return -1;
        c->sk = p;
        c->sk_cap = cap;
    }
    if (i >= c->sk_n) {
        memset(c->sk + 2 * c->sk_n, 0, 2 * (i + 1 - c->sk_n));
        c->sk_n = i + 1;
    }
    c->sk[2 * i] = (unsigned char)(h & 0xff);
    c->sk[2 * i + 1] = (unsigned char)(h >> 8);
    return 0;
}

/* Append LEB128 n then the field's n two-byte sketch entries to *buf. */
static int sketch_append(unsigned char **buf, size_t *len, size_t *cap, const unsigned char *sk,
                         size_t n)
{
    if (*len + 2 * n + 10 > *cap) {
        size_t c = *cap ? *cap : 512;
        while (c < *len + 2 * n + 10)
            c *= 2;
        unsigned char *p = realloc(*buf, c);
        if (!p)
            return -1;
        *buf = p;
        *cap = c;
    }
    size_t v = n;
    do {
        unsigned char b = v & 0x7f;
        v >>= 7;
        (*buf)[(*len)++] = b | (v ? 0x80 : 0);
    } while (v);
    if (n)
        memcpy(*buf + *len, sk, 2 * n);
    *len += 2 * n;
    return 0;
}

static int put_prefixed(field_ctx_t *c, const char *prefix, size_t plen,
                        const char *t, size_t tlen)
{
    memcpy(c->term, prefix, plen);
    memcpy(c->term + plen, t, tlen);
    return xapc_doc_add_term(c->doc, c->term, plen + tlen, 1) == XAPC_OK ? 0 : -1;
}

static int add_spell(field_ctx_t *c, const char *form, size_t len)
{
    /* Each word keeps its NUL: the writer walks them by strlen. */
    gs_buf_append(&c->spell, form, len);
    return gs_buf_append(&c->spell, "", 1);
}

static int on_token(void *ctx, const gs_token_t *tok)
{
    field_ctx_t *c = ctx;
    /* The sketch holds what a phrase matches: every word, the parts of a
     * hyphenated one. */
    if (!(tok->flags & GS_TOKEN_COMPOUND) &&
        sketch_put(c, tok->pos, gs_sketch_hash(c->sk_seed, tok->term, tok->term_len)) < 0)
        goto fail;
    if (tok->term_len == 0 || tok->term_len > MAX_TERM || tok->form_len > MAX_TERM)
        return 0;
    /* Stop words are not indexed: phrases that contain them are rechecked
     * on the stored text (schema.h). */
    if (tok->flags & GS_TOKEN_STOP)
        return 0;
    if (xapc_doc_add_term(c->doc, tok->term, tok->term_len, 1) != XAPC_OK)
        goto fail;
    if (!(tok->flags & GS_TOKEN_PART))
        c->words++;  /* a hyphenated word counts once, as its whole */
    if (c->prefix && put_prefixed(c, c->prefix, c->prefix_len, tok->term, tok->term_len) < 0)
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
    char *f = fold ? gs_index_fold(value) : NULL;
    const char *v = f ? f : value;
    char term[MAX_TERM + 16];
    size_t plen = strlen(prefix), vlen = strlen(v);
    if (vlen > MAX_TERM)
        vlen = MAX_TERM;  /* a filter value this long is kept as its start */
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
    memset(b, 0, sizeof *b);
}

int gs_build_document(gs_analyzer_t *an, const gs_record_t *r, int with_spelling,
                      gs_built_doc_t *out, const char **why)
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
    c.doc = out->doc;
    size_t text_bytes = 0;
    c.sk_seed = gs_sketch_seed(id, strlen(id));
    unsigned char *sketch = malloc(512);
    size_t sketch_len = 2, sketch_cap = 512;
    if (!sketch)
        goto nomem;
    sketch[0] = (unsigned char)(c.sk_seed & 0xff);
    sketch[1] = (unsigned char)(c.sk_seed >> 8);
    for (int i = 0; i < GS_INDEX_NFIELDS; i++) {
        const char *t = r->str[gs_index_fields[i]];
        c.sk_n = 0;
        if (!t || !*t) {
            if (sketch_append(&sketch, &sketch_len, &sketch_cap, c.sk, 0) < 0)
                c.failed = 1;
            continue;
        }
        size_t len = strlen(t);
        text_bytes += len;
        c.prefix = gs_index_prefixes[i];
        c.prefix_len = c.prefix ? strlen(c.prefix) : 0;
        c.words = 0;
        c.spelling = with_spelling && (gs_index_fields[i] == GS_TITLE || gs_index_fields[i] == GS_GOAL);
        gs_analyze(an, t, len, 1, on_token, &c, NULL);
        if (!c.failed && sketch_append(&sketch, &sketch_len, &sketch_cap, c.sk, c.sk_n) < 0)
            c.failed = 1;
        if (c.failed)
            break;
        out->fieldlen[i] = c.words;
    }
    if (c.failed) {
        gs_buf_free(&c.spell);
        free(c.sk);
        free(sketch);
        *why = "Xapian refused a term (out of memory?)";
        gs_built_doc_clear(out);
        return -1;
    }
    out->spell = c.spell.s;
    out->spell_len = c.spell.len;
    free(c.sk);
    int bad_sketch = !sketch || xapc_doc_set_value(out->doc, GS_SLOT_SKETCH, (const char *)sketch,
                                                   sketch_len) != XAPC_OK;
    free(sketch);
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
    bad |= add_bool(out->doc, GS_PREFIX_DIRECTION, r->str[GS_DIRECTION], 1);
    bad |= add_bool(out->doc, GS_PREFIX_REGION, r->str[GS_REGION], 1);
    bad |= add_bool(out->doc, GS_PREFIX_CONTEST, r->str[GS_CONTEST], 1);
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
    bad |= set_text(out->doc, GS_SLOT_DIRECTION, r->str[GS_DIRECTION]);
    bad |= set_text(out->doc, GS_SLOT_REGION, r->str[GS_REGION]);
    bad |= set_text(out->doc, GS_SLOT_CONTEST, r->str[GS_CONTEST]);
    char fl[160];
    int n = 0;
    for (int i = 0; i < GS_INDEX_NFIELDS; i++)
        n += snprintf(fl + n, sizeof fl - (size_t)n, i ? ",%u" : "%u", (unsigned)out->fieldlen[i]);
    bad |= xapc_doc_set_value(out->doc, GS_SLOT_FIELDLEN, fl, (size_t)n) != XAPC_OK;

    /* The stored record: what `show` prints and snippets are cut from.  The
     * reader already dropped secrets; `source` (a local path) is not stored. */
    gs_record_t copy = *r;
    copy.source = NULL;
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
