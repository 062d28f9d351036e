/* snippet.c - the best passage of a text, with the query's words marked.
 *
 * The analyzer gives each word's byte offsets in the original text, so the
 * passage is cut at word boundaries (never inside a UTF-8 character) and
 * printed exactly as stored: ё stays ё, capitals stay capitals.  A word is
 * marked when its term (stem), its folded form (=exact) or a wildcard prefix
 * matches the query; a hyphenated word is marked whole when its whole term
 * matches, else part by part.
 */
#include "searcher/internal.h"
#include "safetext/safe_text.h"
#include "toolkit/buf.h"
#include "schema/schema.h" /* GS_META_LEMMA */

#include <stdlib.h>
#include <string.h>

#define WINDOW_WORDS 30
#define WINDOW_CHARS 240
#define LEAD_WORDS 4

typedef struct {
    size_t start, end;   /* bytes */
    int match;           /* marked */
    int distinct;        /* index of its term among matched terms (-1 if none) */
    size_t hl_start, hl_end;  /* what to mark (a compound's whole span) */
} unit_t;

typedef struct {
    const hlset_t *hl;
    unit_t *u;
    size_t n, cap;
    size_t cstart, cend;   /* the last matched compound's span */
    int cmatch;
    int cdistinct;
    strlist_t seen;        /* matched terms, for distinct counting */
    int oom;
} snip_ctx_t;

static int starts_with_any(const strlist_t *pre, const char *s, size_t len)
{
    for (size_t i = 0; i < pre->n; i++) {
        size_t pl = strlen(pre->v[i]);
        if (pl <= len && !memcmp(pre->v[i], s, pl))
            return 1;
    }
    return 0;
}

/* Is t found through one of the query's lemmas alone (ребенка for a
 * query's ребёнок: the XL term)?  Its lemma is read from the index's table
 * (schema.h GS_META_LEMMA: the number of readings, then the one lemma),
 * never from the dictionary; only a word sharing its first three letters
 * with such a lemma is looked up (the suppletive детей is not marked). */
static int lemma_match(const hlset_t *hl, const gs_token_t *t)
{
    char key[128];
    const char *v, *lemma;
    size_t vlen, llen, pre = 6;  /* three Cyrillic letters */
    for (size_t i = 0; i < hl->lemmas.n && hl->lemma_db; i++) {
        const char *l = hl->lemmas.v[i];
        if (t->form_len < pre || strlen(l) < pre || memcmp(l, t->form, pre))
            continue;
        if (gs_schema_lemma_key(key, sizeof key, t->form, t->form_len) &&
            xapc_db_get_metadata(hl->lemma_db, key, &v, &vlen) == XAPC_OK &&
            gs_schema_lemma_entry(v, vlen, &lemma, &llen) == 1)
            return gs_strlist_has(&hl->lemmas, lemma, strlen(lemma));
        return 0;
    }
    return 0;
}

/* 2: a query word; 1: a word of a multi-word synonym; 0: no match. */
static int matches(const hlset_t *hl, const gs_token_t *t)
{
    if (t->flags & GS_TOKEN_STOP)
        return 0;
    if (gs_strlist_has(&hl->terms, t->term, t->term_len) ||
        gs_strlist_has(&hl->forms, t->form, t->form_len) ||
        starts_with_any(&hl->prefixes, t->term, t->term_len) ||
        starts_with_any(&hl->prefixes, t->form, t->form_len))
        return 2;
    if (hl->lemmas.n && lemma_match(hl, t))
        return 2;
    return gs_strlist_has(&hl->weak, t->term, t->term_len);
}

static int distinct_id(snip_ctx_t *c, const gs_token_t *t)
{
    for (size_t i = 0; i < c->seen.n; i++)
        if (strlen(c->seen.v[i]) == t->term_len && !memcmp(c->seen.v[i], t->term, t->term_len))
            return (int)i;
    if (gs_strlist_add(&c->seen, t->term, t->term_len) < 0)
        return 0;
    return (int)c->seen.n - 1;
}

static int on_tok(void *ctx, const gs_token_t *t)
{
    snip_ctx_t *c = ctx;
    if (t->flags & GS_TOKEN_COMPOUND) {
        c->cstart = t->start;
        c->cend = t->end;
        c->cmatch = matches(c->hl, t);
        c->cdistinct = c->cmatch ? distinct_id(c, t) : -1;
        return 0;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        unit_t *u = realloc(c->u, cap * sizeof *u);
        if (!u) {
            c->oom = 1;
            return 1;
        }
        c->u = u;
        c->cap = cap;
    }
    unit_t *u = &c->u[c->n++];
    u->start = t->start;
    u->end = t->end;
    u->hl_start = t->start;
    u->hl_end = t->end;
    u->distinct = -1;
    int inside = (t->flags & GS_TOKEN_PART) && t->start >= c->cstart && t->end <= c->cend;
    if (inside && c->cmatch) {
        u->match = c->cmatch;
        u->distinct = c->cdistinct;
        u->hl_start = c->cstart;
        u->hl_end = c->cend;
    } else {
        u->match = matches(c->hl, t);
        if (u->match)
            u->distinct = distinct_id(c, t);
    }
    return 0;
}

/* The snippet being written, and whether it ends in a blank. */
typedef struct {
    gs_buf_t b;
    int last_space;
} out_t;

/* Text between the marks: blanks folded to one space, HTML escaped for
 * html, and terminal controls shown as escapes (safe_text.h), so that a
 * record cannot write to the user's terminal through its snippet. */
static void put_text(out_t *o, const char *s, size_t n, int html)
{
    char buf[8];
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            if (!o->last_space)
                gs_buf_append(&o->b, " ", 1);
            o->last_space = 1;
            continue;
        }
        o->last_space = 0;
        size_t len;
        const char *rep = gs_safe_char(s + i, n - i, GS_SAFE_LINE, buf, &len);
        if (rep) {
            gs_buf_append_str(&o->b, rep);
            i += len - 1;
        } else if (len > 1) {   /* a whole UTF-8 character */
            gs_buf_append(&o->b, s + i, len);
            i += len - 1;
        } else if (html && c == '&')
            gs_buf_append(&o->b, "&amp;", 5);
        else if (html && c == '<')
            gs_buf_append(&o->b, "&lt;", 4);
        else if (html && c == '>')
            gs_buf_append(&o->b, "&gt;", 4);
        else if (html && c == '"')
            gs_buf_append(&o->b, "&quot;", 6);
        else
            gs_buf_append(&o->b, &c, 1);
    }
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* The window of c's units with the most distinct matched terms, then the
 * most matches, then the first match nearest LEAD_WORDS words into it: its
 * first unit, and its score in *score.  Only the matched units are visited
 * (at[], their indexes): a window's score and lead depend on them alone. */
static size_t best_window(const snip_ctx_t *c, long *score)
{
    size_t best = 0, nat = 0;
    long best_score = -1, best_lead = 0;
    size_t *at = malloc((c->n + 1) * sizeof *at);
    unsigned char *have = calloc(c->seen.n + 1, 1);
    if (!at || !have) {
        free(at);
        free(have);
        *score = 0;
        return 0;
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->u[i].match)
            at[nat++] = i;
    size_t first = 0;   /* at[first..]: the matches at or after s */
    for (size_t s = 0; s < c->n; s++) {
        while (first < nat && at[first] < s)
            first++;
        long distinct = 0, total = 0, lead = -1;
        for (size_t k = first; k < nat && at[k] < s + WINDOW_WORDS; k++) {
            const unit_t *u = &c->u[at[k]];
            if (lead < 0)
                lead = (long)(at[k] - s);
            total++;
            if (u->distinct >= 0 && !have[u->distinct]) {
                have[u->distinct] = 1;
                distinct += u->match == 2 ? 100 : 10; /* query words first */
            }
        }
        for (size_t k = first; k < nat && at[k] < s + WINDOW_WORDS; k++)
            if (c->u[at[k]].distinct >= 0)
                have[c->u[at[k]].distinct] = 0;
        long sc = distinct * 1000 + total;
        long leadpen = lead < 0 ? 0 : labs(lead - LEAD_WORDS);
        if (sc > best_score || (sc == best_score && leadpen < best_lead)) {
            best_score = sc;
            best_lead = leadpen;
            best = s;
        }
    }
    free(at);
    free(have);
    *score = best_score;
    return best;
}

char *gs_snippet(gs_analyzer_t *an, const char *text, const hlset_t *hl, gs_hl_style_t style,
                 int *score_out)
{
    snip_ctx_t c = {.hl = hl};
    size_t tlen = text ? strlen(text) : 0;
    if (score_out)
        *score_out = 0;
    if (tlen)
        gs_analyze(an, text, tlen, 1, on_tok, &c, NULL);
    /* A synonym's word counts only beside another match ("[социально]
     * [ориентированных] [некоммерческих]"), not alone all over the text. */
    for (size_t i = 0; i < c.n; i++)
        if (c.u[i].match == 1 && !(i > 0 && c.u[i - 1].match) &&
            !(i + 1 < c.n && c.u[i + 1].match))
            c.u[i].match = -1;
    for (size_t i = 0; i < c.n; i++)
        if (c.u[i].match < 0) {
            c.u[i].match = 0;
            c.u[i].distinct = -1;
        }
    out_t o = {GS_BUF_INIT, 0};
    if (c.oom || c.n == 0) {
        free(c.u);
        gs_strlist_free(&c.seen);
        return gs_buf_take(&o.b, NULL);  /* "" */
    }
    long best_score;
    size_t best = best_window(&c, &best_score);
    if (score_out)
        *score_out = best_score > 0 ? (int)best_score : 0;
    size_t last = best + WINDOW_WORDS < c.n ? best + WINDOW_WORDS - 1 : c.n - 1;
    /* Keep it short enough to read in one glance. */
    while (last > best && utf8_chars(text + c.u[best].start, c.u[last].end - c.u[best].start) >
                              WINDOW_CHARS)
        last--;
    size_t from = best == 0 ? 0 : c.u[best].start;
    size_t to = last + 1 == c.n ? tlen : c.u[last].end;
    /* A compound marked whole may straddle the cut: widen to include it. */
    if (c.u[best].match && c.u[best].hl_start < from)
        from = c.u[best].hl_start;
    if (c.u[last].match && c.u[last].hl_end > to)
        to = c.u[last].hl_end;
    int html = style == GS_HL_HTML;
    const char *on = style == GS_HL_ANSI ? "\033[1m" : html ? "<b>" : "[";
    const char *off = style == GS_HL_ANSI ? "\033[0m" : html ? "</b>" : "]";
    if (from > 0)
        gs_buf_append_str(&o.b, "…");
    o.last_space = 1; /* no leading blank */
    size_t at = from;
    for (size_t i = best; i <= last; i++) {
        if (!c.u[i].match)
            continue;
        size_t hs = c.u[i].hl_start < at ? at : c.u[i].hl_start;
        size_t he = c.u[i].hl_end > to ? to : c.u[i].hl_end;
        if (he <= hs)
            continue;
        put_text(&o, text + at, hs - at, html);
        gs_buf_append_str(&o.b, on);
        o.last_space = 0;
        put_text(&o, text + hs, he - hs, html);
        gs_buf_append_str(&o.b, off);
        at = he;
    }
    put_text(&o, text + at, to - at, html);
    while (o.b.len && o.b.s[o.b.len - 1] == ' ')
        o.b.s[--o.b.len] = '\0';
    if (to < tlen)
        gs_buf_append_str(&o.b, "…");
    free(c.u);
    gs_strlist_free(&c.seen);
    return gs_buf_take(&o.b, NULL);  /* NULL if out of memory */
}
