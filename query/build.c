/* query_build.c - the parsed query (query_ast.h) -> a Xapian query.
 *
 * Every word goes through the one analyzer (stemming/analyzer.h), never
 * through Xapian's QueryParser, so query terms are exactly index terms.
 * A plain word ranks as OR(body term * body weight, field term * boost ...)
 * (gs_term_query), so matches in the title or goal count more.  Filters are
 * boolean terms or value ranges scaled by 0: they never change the ranking.
 */
#include "query/build.h"
#include "schema/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_TERM 240
#define WILDCARD_MAX 200

/* ---- small helpers ------------------------------------------------- */

int strlist_add(strlist_t *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *c = strndup(s, len);
    if (!c)
        return -1;
    l->v[l->n++] = c;
    return 0;
}

int strlist_has(const strlist_t *l, const char *s, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == len && !memcmp(l->v[i], s, len))
            return 1;
    return 0;
}

void strlist_free(strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

void hlset_free(hlset_t *h)
{
    strlist_free(&h->terms);
    strlist_free(&h->prefixes);
    strlist_free(&h->forms);
    strlist_free(&h->weak);
}

void qbuilt_free(qbuilt_t *b)
{
    xapc_query_destroy(b->q);
    vn_free(b->verify);
    hlset_free(&b->hl);
    strlist_free(&b->notes);
    strlist_free(&b->unknown);
    memset(b, 0, sizeof *b);
}

char *gs_search_fold(const char *s, size_t len)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (n < 0)
        return strndup(s, len);
    for (utf8proc_ssize_t i = 0; i + 1 < n; i++)
        if (out[i] == 0xd1 && out[i + 1] == 0x91) { /* ё -> е */
            out[i] = 0xd0;
            out[i + 1] = 0xb5;
            i++;
        }
    return (char *)out;
}

static xapc_query_t *combine(xapc_op_t op, xapc_query_t **v, size_t n, uint32_t param)
{
    if (n == 1 && op != XAPC_OP_PHRASE)
        return xapc_query_copy(v[0]);
    return xapc_query_combine(op, v, n, param);
}

static void destroy_all(xapc_query_t **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xapc_query_destroy(v[i]);
}

static xapc_query_t *prefixed(const char *prefix, const char *term, size_t len, double scale)
{
    char buf[MAX_TERM + 16];
    size_t plen = strlen(prefix);
    if (len > MAX_TERM)
        len = MAX_TERM;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, term, len);
    xapc_query_t *t = xapc_query_term(buf, plen + len, 1, 0);
    if (!t || scale == 1.0)
        return t;
    xapc_query_t *s = xapc_query_scale(t, scale);
    xapc_query_destroy(t);
    return s;
}

/* q OP (parts[0..n) joined by `join`), e.g. q FILTER (f1 AND f2): a new
 * query, NULL on failure.  q is consumed; the parts stay the caller's. */
static xapc_query_t *apply_parts(xapc_query_t *q, xapc_op_t op, xapc_op_t join,
                                 xapc_query_t **parts, size_t n)
{
    xapc_query_t *joined = combine(join, parts, n, 0);
    xapc_query_t *pair[2] = {q, joined};
    xapc_query_t *r = joined ? xapc_query_combine(op, pair, 2, 0) : NULL;
    xapc_query_destroy(joined);
    xapc_query_destroy(q);
    return r;
}

/* ---- the ranking block shared with `similar` ------------------------- */

static xapc_query_t *term_query(const char *term, size_t len, double weight,
                                const gs_boosts_t *b, int with_body)
{
    xapc_query_t *v[GS_SF_N + 1];
    size_t n = 0;
    if (with_body && b->body > 0)
        v[n++] = prefixed("", term, len, b->body);
    for (int f = 0; f < GS_SF_N; f++)
        if (b->field[f] > 0 && gs_sfield_prefix(f))
            v[n++] = prefixed(gs_sfield_prefix(f), term, len, b->field[f]);
    for (size_t i = 0; i < n; i++)
        if (!v[i]) {
            destroy_all(v, n);
            return NULL;
        }
    if (n == 0)
        return NULL;
    xapc_query_t *q = combine(XAPC_OP_OR, v, n, 0);
    destroy_all(v, n);
    if (q && weight != 1.0) {
        xapc_query_t *s = xapc_query_scale(q, weight);
        xapc_query_destroy(q);
        q = s;
    }
    return q;
}

xapc_query_t *gs_term_query(const char *term, size_t len, double weight, const gs_boosts_t *b)
{
    gs_boosts_t d;
    if (!b) {
        gs_boosts_default(&d);
        b = &d;
    }
    xapc_query_t *q = term_query(term, len, weight, b, 1);
    return q ? q : xapc_query_match_nothing();
}

xapc_query_t *gs_terms_query(const gs_wterm_t *terms, size_t n, xapc_op_t op,
                             const gs_boosts_t *b)
{
    if (n == 0)
        return xapc_query_match_nothing();
    xapc_query_t **v = calloc(n, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        v[k] = gs_term_query(terms[i].term, terms[i].len, terms[i].weight, b);
        if (!v[k]) {
            destroy_all(v, k);
            free(v);
            return NULL;
        }
        k++;
    }
    xapc_query_t *q = combine(op, v, k, 0);
    destroy_all(v, k);
    free(v);
    return q;
}

/* ---- analysing query text ------------------------------------------ */

typedef struct {
    char *term;
    char *form;
    uint32_t pos;
    unsigned flags;
} qtok_t;

typedef struct {
    qtok_t *v;
    size_t n, cap;
    int oom;
} qtoks_t;

static int collect_tok(void *ctx, const gs_token_t *t)
{
    qtoks_t *ts = ctx;
    if (t->term_len == 0 || t->term_len > MAX_TERM)
        return 0;
    if (ts->n == ts->cap) {
        size_t cap = ts->cap ? 2 * ts->cap : 8;
        qtok_t *v = realloc(ts->v, cap * sizeof *v);
        if (!v) {
            ts->oom = 1;
            return 1;
        }
        ts->v = v;
        ts->cap = cap;
    }
    qtok_t *q = &ts->v[ts->n];
    q->term = strndup(t->term, t->term_len);
    q->form = strndup(t->form, t->form_len);
    q->pos = t->pos;
    q->flags = t->flags;
    if (!q->term || !q->form) {
        free(q->term);
        free(q->form);
        ts->oom = 1;
        return 1;
    }
    ts->n++;
    return 0;
}

static void qtoks_free(qtoks_t *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        free(ts->v[i].term);
        free(ts->v[i].form);
    }
    free(ts->v);
    memset(ts, 0, sizeof *ts);
}

static int analyse(gs_analyzer_t *an, const char *text, qtoks_t *out)
{
    memset(out, 0, sizeof *out);
    gs_analyze(an, text, strlen(text), 1, collect_tok, out, NULL);
    return out->oom ? -1 : 0;
}

/* ---- the builder ---------------------------------------------------- */

typedef struct {
    gs_qenv_t *s;
    const gs_boosts_t *b;
    int relaxed;
    qbuilt_t *out;
    xapc_status_t xst;
    int oom;
    const char *text;  /* the whole query, for spelling offsets */
    int depth;         /* of the node being built: 1 = the whole query */
} builder_t;

static xapc_query_t *build(builder_t *bd, const qnode_t *n, vnode_t **vo);

static xapc_query_t *oom(builder_t *bd)
{
    bd->oom = 1;
    return NULL;
}

/* Every build function returns the Xapian query of its part and hands the
 * part's recheck formula (verify.h) back through *vo: both or neither (a
 * NULL query = nothing to search, or out of memory with bd->oom set). */
static xapc_query_t *with_formula(builder_t *bd, xapc_query_t *q, vnode_t *v, vnode_t **vo)
{
    if (q && !v) {
        xapc_query_destroy(q);
        q = NULL;
        bd->oom = 1;
    }
    if (!q) {
        vn_free(v);
        v = NULL;
    }
    *vo = v;
    return q;
}

/* Fields without terms of their own (tasks, description, significance):
 * their words are searched in the body and rechecked. */
static int field_is_long(int field)
{
    return field >= 0 && !gs_sfield_prefix(field);
}

/* A phrase: its words (not stop words) in Xapian - in the body with the
 * field boosts, or restricted to a field's terms - and the words' order
 * and gaps (stop words included) in the formula.  Only stop words: NULL. */
static xapc_query_t *phrase_query(builder_t *bd, const qtok_t *toks, const size_t *idx, size_t n,
                                  int field, vnode_t **vo)
{
    *vo = NULL;
    xapc_query_t **v = calloc(n + 1, sizeof *v), **fv = calloc(n + 1, sizeof *fv);
    const char **names = calloc(n + 1, sizeof *names);
    if (!v || !fv || !names) {
        free(v);
        free(fv);
        free(names);
        return oom(bd);
    }
    const char *fpre = field >= 0 ? gs_sfield_prefix(field) : NULL;
    size_t k = 0, nf = 0;
    for (size_t i = 0; i < n; i++) {
        const qtok_t *t = &toks[idx[i]];
        names[i] = t->term;
        if (t->flags & GS_TOKEN_STOP)
            continue;
        size_t len = strlen(t->term);
        /* In a field: ranked as body words (as before, when the body held
         * the positions), restricted by the field's own terms. */
        v[k] = field >= 0 ? prefixed("", t->term, len, bd->b->body)
                          : term_query(t->term, len, 1.0, bd->b, 1);
        if (v[k])
            k++;
        else
            bd->oom = 1;
        if (fpre && (fv[nf] = prefixed(fpre, t->term, len, 1.0)))
            nf++;
        else if (fpre)
            bd->oom = 1;
    }
    xapc_query_t *q = k ? combine(XAPC_OP_AND, v, k, 0) : NULL;
    if (q && nf)
        q = apply_parts(q, XAPC_OP_FILTER, XAPC_OP_AND, fv, nf);
    vnode_t *f = q ? vn_phrase(field, names, n, toks[idx[n - 1]].pos - toks[idx[0]].pos + 1)
                   : NULL;
    destroy_all(v, k);
    destroy_all(fv, nf);
    free(v);
    free(fv);
    free(names);
    return with_formula(bd, q, f, vo);
}

static void hl_term(builder_t *bd, const char *t)
{
    if (!strlist_has(&bd->out->hl.terms, t, strlen(t)) &&
        strlist_add(&bd->out->hl.terms, t, strlen(t)) < 0)
        bd->oom = 1;
}

/* One term's query: in the body with the field boosts, or in one field
 * (a long field's is the body term, rechecked). */
static xapc_query_t *term_in(builder_t *bd, const char *term, int field)
{
    size_t len = strlen(term);
    if (field < 0)
        return term_query(term, len, 1.0, bd->b, 1);
    const char *pre = gs_sfield_prefix(field);
    return prefixed(pre ? pre : "", term, len, 1.0);
}

/* One term (a stem or folded form) in the body and fields, or in one field. */
static xapc_query_t *one_term(builder_t *bd, const char *term, int field, vnode_t **vo)
{
    hl_term(bd, term);
    xapc_query_t *q = term_in(bd, term, field);
    if (!q)
        oom(bd);
    return with_formula(bd, q, q ? vn_leaf(VN_TERM, field, term, strlen(term), field_is_long(field)) : NULL,
                        vo);
}

/* s with its letters in capitals (malloc'd; NULL if out of memory). */
static char *upper_copy(const char *s)
{
    size_t len = strlen(s), o = 0;
    char *out = malloc(4 * len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t adv = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                (utf8proc_ssize_t)(len - i), &cp);
        if (adv <= 0) {
            out[o++] = s[i++];
            continue;
        }
        o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + o);
        i += (size_t)adv;
    }
    out[o] = '\0';
    return out;
}

/* The query of term, OR'd with that of alt when alt is another term: a
 * folded form may be indexed under either reading («рас» of «раса», «РАС»). */
static xapc_query_t *either_term(builder_t *bd, const char *term, const char *alt, int field)
{
    xapc_query_t *a = term_in(bd, term, field);
    if (!a || !alt || !strcmp(alt, term))
        return a;
    xapc_query_t *pair[2] = {a, term_in(bd, alt, field)};
    xapc_query_t *q = pair[1] ? xapc_query_combine(XAPC_OP_OR, pair, 2, 0) : NULL;
    destroy_all(pair, 2);
    return q;
}

/* =form: the exact (folded) form.  Xapian finds its stem's documents (or
 * its abbreviation's: the form is matched whatever its case); the formula
 * keeps those where the form itself occurs. */
static xapc_query_t *exact_form(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    char *f = gs_search_fold(n->text, strlen(n->text));
    if (!f)
        return oom(bd);
    if (strlist_add(&bd->out->hl.forms, f, strlen(f)) < 0)
        bd->oom = 1;
    qtoks_t ts, up;
    char *u = upper_copy(n->text);
    int have_up = u != NULL;
    int bad = analyse(bd->s->an, n->text, &ts) < 0;
    bad |= !have_up || analyse(bd->s->an, u, &up) < 0;
    free(u);
    if (bad) {
        qtoks_free(&ts);
        if (have_up)
            qtoks_free(&up);
        free(f);
        return oom(bd);
    }
    /* The same words in capitals give the same tokens, with an
     * abbreviation's term where there is one. */
    int paired = up.n == ts.n;
    xapc_query_t *v[32];
    size_t k = 0;
    for (size_t i = 0; i < ts.n && k < 32; i++)
        if (!(ts.v[i].flags & (GS_TOKEN_STOP | GS_TOKEN_PART))) {
            if ((v[k] = either_term(bd, ts.v[i].term, paired ? up.v[i].term : NULL, n->field)))
                k++;
            else
                bd->oom = 1;
        }
    /* A stop word's form: never indexed, so nothing (as before). */
    xapc_query_t *q = k ? combine(XAPC_OP_AND, v, k, 0) : xapc_query_match_nothing();
    destroy_all(v, k);
    qtoks_free(&ts);
    qtoks_free(&up);
    vnode_t *leaf = q ? vn_leaf(VN_FORM, n->field, f, strlen(f), 1) : NULL;
    free(f);
    return with_formula(bd, q, leaf, vo);
}

/* ---- identifiers ---------------------------------------------------- */

/* An application number as the records spell it: Latin look-alikes (P41-…
 * typed on a Latin keyboard) and lower-case Cyrillic letters become the
 * Cyrillic capitals of Р41-….  malloc'd; NULL if out of memory. */
static char *number_as_spelled(const char *s)
{
    /* A B C E H K M O P T X Y -> А В С Е Н К М О Р Т Х У (second UTF-8 byte). */
    static const char latin[] = "ABCEHKMOPTXY";
    static const unsigned char cyr[] = {0x90, 0x92, 0xA1, 0x95, 0x9D, 0x9A,
                                        0x9C, 0x9E, 0xA0, 0xA2, 0xA5, 0xA3};
    size_t len = strlen(s), o = 0;
    char *out = malloc(2 * len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i], d = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        const char *l = c < 0x80 && c ? strchr(latin, c >= 'a' && c <= 'z' ? c - 32 : c) : NULL;
        if (l) {
            out[o++] = (char)0xD0;
            out[o++] = (char)cyr[l - latin];
        } else if (c == 0xD0 && d >= 0xB0 && d <= 0xBF) { /* а..п */
            out[o++] = (char)0xD0;
            out[o++] = (char)(d - 0x20);
            i++;
        } else if (c == 0xD1 && d >= 0x80 && d <= 0x8F) { /* р..я */
            out[o++] = (char)0xD0;
            out[o++] = (char)(d + 0x20);
            i++;
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return out;
}

/* The record whose application number is s: its id term as typed, or as
 * the records spell it.  A new query; NULL if out of memory. */
static xapc_query_t *number_query(const char *s)
{
    char *sp = number_as_spelled(s);
    if (!sp)
        return NULL;
    xapc_query_t *v[2] = {prefixed(GS_PREFIX_ID, s, strlen(s), 1.0), NULL};
    size_t k = 1;
    if (strcmp(sp, s))
        v[k++] = prefixed(GS_PREFIX_ID, sp, strlen(sp), 1.0);
    free(sp);
    xapc_query_t *q = v[0] && (k == 1 || v[1]) ? combine(XAPC_OP_OR, v, k, 0) : NULL;
    destroy_all(v, k);
    return q;
}

/* The weight of the record a plain word identifies: above what words in
 * a text can score (a BM25 term weighs a few units), so that it comes first. */
#define GS_IDENTIFIER_WEIGHT 100.0

/* A plain word that identifies a record: an application number (a code of
 * three parts or more with a digit: 19-1-029373, Р41-21-1-000017), an ИНН
 * (10 or 12 digits) or an ОГРН (13 or 15 digits).  Its filter term with the
 * weight GS_IDENTIFIER_WEIGHT, to be OR'd with the word's text terms; NULL
 * if it is none of them (or out of memory: *oom set). */
static xapc_query_t *identifier_query(const char *word, int *oom)
{
    size_t len = strlen(word), digits = strspn(word, "0123456789"), dashes = 0;
    for (size_t i = 0; i < len; i++)
        dashes += word[i] == '-';
    xapc_query_t *q = NULL;
    if (digits == len && (len == 10 || len == 12))
        q = prefixed(GS_PREFIX_INN, word, len, 1.0);
    else if (digits == len && (len == 13 || len == 15))
        q = prefixed(GS_PREFIX_OGRN, word, len, 1.0);
    else if (dashes >= 2 && strpbrk(word, "0123456789"))
        q = number_query(word);
    else
        return NULL;
    xapc_query_t *w = q ? xapc_query_fixed_weight(GS_IDENTIFIER_WEIGHT) : NULL;
    xapc_query_t *r = w ? apply_parts(w, XAPC_OP_FILTER, XAPC_OP_AND, &q, 1) : NULL;
    xapc_query_destroy(q);
    if (!r)
        *oom = 1;
    return r;
}

/* q OR the record a plain word identifies (identifier_query), which Xapian
 * answers exactly: the formula *form becomes (form OR that match).  q is
 * consumed; returns the new query (q itself if the word is no identifier). */
static xapc_query_t *or_identifier(builder_t *bd, xapc_query_t *q, const char *word,
                                   vnode_t **form)
{
    int failed = 0;
    xapc_query_t *id = identifier_query(word, &failed);
    if (!id) {
        if (failed)
            bd->oom = 1;
        return q;
    }
    vnode_t *m = vn_match(id);
    xapc_query_t *pair[2] = {q, id};
    xapc_query_t *r = m ? xapc_query_combine(XAPC_OP_OR, pair, 2, 0) : NULL;
    xapc_query_destroy(id);
    xapc_query_destroy(q);
    if (!r) {
        vn_free(m);
        bd->oom = 1;
        return NULL;  /* *form stays the caller's */
    }
    vnode_t *kids[2] = {*form, m};
    if (!(*form = vn_group(VN_OR, kids, 2))) {  /* it freed the kids */
        xapc_query_destroy(r);
        return oom(bd);
    }
    return r;
}

/* A plain word: usually one term; a hyphenated word is its whole OR the
 * phrase of its parts; punctuation inside a word gives several terms; an
 * application number, ИНН or ОГРН also finds its record. */
static xapc_query_t *build_word(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    if (n->flags & QW_EXACT)
        return exact_form(bd, n, vo);
    if (n->flags & QW_PREFIX) {
        char *f = gs_search_fold(n->text, strlen(n->text));
        if (!f)
            return oom(bd);
        char buf[MAX_TERM + 16];
        const char *pre = n->field >= 0 ? gs_sfield_prefix(n->field) : "";
        snprintf(buf, sizeof buf, "%s%s", pre ? pre : "", f);
        if (strlist_add(&bd->out->hl.prefixes, f, strlen(f)) < 0)
            bd->oom = 1;
        xapc_query_t *q = xapc_query_wildcard(buf, strlen(buf), WILDCARD_MAX);
        vnode_t *leaf = vn_leaf(VN_PREFIX, n->field, f, strlen(f), field_is_long(n->field));
        free(f);
        return with_formula(bd, q ? q : oom(bd), leaf, vo);
    }
    qtoks_t ts;
    if (analyse(bd->s->an, n->text, &ts) < 0) {
        qtoks_free(&ts);
        return oom(bd);
    }
    xapc_query_t *q = NULL;
    vnode_t *form = NULL;
    size_t compound = (size_t)-1, nplain = 0;
    for (size_t i = 0; i < ts.n; i++) {
        if (ts.v[i].flags & GS_TOKEN_COMPOUND)
            compound = compound == (size_t)-1 ? i : compound;
        else if (!(ts.v[i].flags & (GS_TOKEN_PART | GS_TOKEN_STOP)))
            nplain++;
    }
    if (compound != (size_t)-1 && nplain == 0) {
        /* детей-инвалидов: the whole, or its parts side by side. */
        size_t idx[64], k = 0;
        for (size_t i = 0; i < ts.n && k < 64; i++)
            if (ts.v[i].flags & GS_TOKEN_PART)
                idx[k++] = i;
        vnode_t *vw = NULL, *vp = NULL;
        xapc_query_t *whole = one_term(bd, ts.v[compound].term, n->field, &vw);
        for (size_t i = 0; i < k; i++)
            if (!(ts.v[idx[i]].flags & GS_TOKEN_STOP))
                hl_term(bd, ts.v[idx[i]].term);
        xapc_query_t *parts = k > 1 ? phrase_query(bd, ts.v, idx, k, n->field, &vp) : NULL;
        if (whole && parts) {
            xapc_query_t *pair[2] = {whole, parts};
            vnode_t *kids[2] = {vw, vp};
            q = xapc_query_combine(XAPC_OP_OR, pair, 2, 0);
            form = vn_group(VN_OR, kids, 2);
            vw = vp = NULL;
        } else if (whole) {
            q = xapc_query_copy(whole);
            form = vw;
            vw = NULL;
        }
        vn_free(vw);
        vn_free(vp);
        xapc_query_destroy(whole);
        xapc_query_destroy(parts);
    } else {
        /* Each non-stop token (a lone stop word searches nothing). */
        xapc_query_t *v[32];
        vnode_t *fv[32];
        size_t k = 0;
        for (size_t i = 0; i < ts.n && k < 32; i++) {
            const qtok_t *t = &ts.v[i];
            if (t->flags & (GS_TOKEN_PART | GS_TOKEN_STOP))
                continue;
            if ((v[k] = one_term(bd, t->term, n->field, &fv[k])))
                k++;
            if (n->field < 0 && !(t->flags & GS_TOKEN_NUMBER) &&
                xapc_db_termfreq(bd->s->db, t->term, strlen(t->term)) == 0) {
                char u[64 + MAX_TERM];
                snprintf(u, sizeof u, "%zu:%zu:%s", n->offset, strlen(n->text), t->form);
                if (!strlist_has(&bd->out->unknown, u, strlen(u)))
                    strlist_add(&bd->out->unknown, u, strlen(u));
            }
        }
        if (k) {
            q = combine(XAPC_OP_AND, v, k, 0);
            form = k == 1 ? fv[0] : vn_group(VN_AND, fv, k);
        }
        destroy_all(v, k);
    }
    qtoks_free(&ts);
    if (q && n->field < 0)
        q = or_identifier(bd, q, n->text, &form);
    return with_formula(bd, q, form, vo);
}

static xapc_query_t *build_phrase(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    qtoks_t ts;
    if (analyse(bd->s->an, n->text, &ts) < 0) {
        qtoks_free(&ts);
        return oom(bd);
    }
    size_t *idx = calloc(ts.n + 1, sizeof *idx), k = 0;
    if (!idx) {
        qtoks_free(&ts);
        return oom(bd);
    }
    for (size_t i = 0; i < ts.n; i++)
        if (!(ts.v[i].flags & GS_TOKEN_COMPOUND)) {
            idx[k++] = i;
            if (!(ts.v[i].flags & GS_TOKEN_STOP))
                hl_term(bd, ts.v[i].term);
        }
    xapc_query_t *q = NULL;
    if (k == 1)
        q = one_term(bd, ts.v[idx[0]].term, n->field, vo);
    else if (k > 1)
        q = phrase_query(bd, ts.v, idx, k, n->field, vo);
    free(idx);
    qtoks_free(&ts);
    return q;
}

/* ---- filters -------------------------------------------------------- */

static xapc_query_t *bool_term(const char *prefix, const char *v, size_t len)
{
    return prefixed(prefix, v, len, 1.0);
}

/* The terms of s (non-stop), for matching region/direction words. */
static int terms_of(gs_analyzer_t *an, const char *s, strlist_t *out)
{
    qtoks_t ts;
    if (analyse(an, s, &ts) < 0) {
        qtoks_free(&ts);
        return -1;
    }
    for (size_t i = 0; i < ts.n; i++)
        if (!(ts.v[i].flags & (GS_TOKEN_STOP | GS_TOKEN_COMPOUND)))
            strlist_add(out, ts.v[i].term, strlen(ts.v[i].term));
    qtoks_free(&ts);
    return 0;
}

/* region:/direction:/contest: the exact folded value, else every indexed
 * value whose words include all the query's words. */
static xapc_query_t *value_filter(builder_t *bd, const char *prefix, const qnode_t *n)
{
    char *f = gs_search_fold(n->text, strlen(n->text));
    if (!f)
        return oom(bd);
    char buf[MAX_TERM + 16];
    snprintf(buf, sizeof buf, "%s%s", prefix, f);
    free(f);
    if (xapc_db_termfreq(bd->s->db, buf, strlen(buf)) > 0)
        return xapc_query_term(buf, strlen(buf), 1, 0);
    strlist_t want = {0}, matches = {0};
    terms_of(bd->s->an, n->text, &want);
    xapc_termiter_t *it = NULL;
    size_t plen = strlen(prefix);
    xapc_status_t st = want.n ? xapc_db_allterms(bd->s->db, prefix, plen, &it) : XAPC_OK;
    if (st != XAPC_OK) {
        bd->xst = st;
        strlist_free(&want);
        return NULL;
    }
    const char *t;
    size_t len;
    int r;
    while (it && (r = xapc_termiter_next(it, &t, &len, NULL, NULL)) == 1) {
        /* Skip a longer prefix that starts like ours (none today, but cheap). */
        char *val = strndup(t + plen, len - plen);
        if (!val)
            break;
        strlist_t have = {0};
        terms_of(bd->s->an, val, &have);
        size_t hit = 0;
        for (size_t i = 0; i < want.n; i++)
            hit += strlist_has(&have, want.v[i], strlen(want.v[i]));
        if (hit == want.n)
            strlist_add(&matches, t, len);
        strlist_free(&have);
        free(val);
    }
    xapc_termiter_destroy(it);
    xapc_query_t *q;
    if (matches.n == 0) {
        char note[512];
        snprintf(note, sizeof note, "%s:%s matches no value in the index", qf_name(n->filter),
                 n->text);
        strlist_add(&bd->out->notes, note, strlen(note));
        q = xapc_query_match_nothing();
    } else {
        xapc_query_t **v = calloc(matches.n, sizeof *v);
        size_t k = 0;
        for (size_t i = 0; v && i < matches.n; i++)
            if ((v[k] = xapc_query_term(matches.v[i], strlen(matches.v[i]), 1, 0)))
                k++;
        q = v ? combine(XAPC_OP_OR, v, k, 0) : NULL;
        if (v)
            destroy_all(v, k);
        free(v);
    }
    strlist_free(&want);
    strlist_free(&matches);
    return q ? q : oom(bd);
}

static xapc_query_t *range(xapc_slot_t slot, double lo, double hi)
{
    char a[16], b[16];
    size_t al = 0, bl = 0;
    if (lo >= 0)
        al = xapc_sortable_serialise(lo, a);
    if (hi >= 0)
        bl = xapc_sortable_serialise(hi, b);
    return xapc_query_value_range(slot, lo >= 0 ? a : NULL, al, hi >= 0 ? b : NULL, bl);
}

static xapc_query_t *build_filter_q(builder_t *bd, const qnode_t *n)
{
    xapc_query_t *q = NULL;
    char buf[64];
    switch (n->filter) {
    case QF_STATUS: {
        xapc_query_t *v[4];
        size_t k = 0;
        const char *p = n->text;
        while (*p && k < 4) {
            size_t len = strcspn(p, "|");
            if ((v[k] = bool_term(GS_PREFIX_STATUS, p, len)))
                k++;
            p += len + (p[len] == '|');
        }
        q = k ? combine(XAPC_OP_OR, v, k, 0) : NULL;
        destroy_all(v, k);
        break;
    }
    case QF_YEAR:
        if (n->is_range) {
            q = range(GS_SLOT_YEAR, n->lo, n->hi);
        } else {
            snprintf(buf, sizeof buf, "%.0f", n->lo);
            q = bool_term(GS_PREFIX_YEAR, buf, strlen(buf));
        }
        break;
    case QF_AMOUNT:
        q = range(GS_SLOT_AMOUNT, n->lo, n->hi);
        break;
    case QF_REGION:
        q = value_filter(bd, GS_PREFIX_REGION, n);
        break;
    case QF_DIRECTION:
        q = value_filter(bd, GS_PREFIX_DIRECTION, n);
        break;
    case QF_CONTEST:
        q = value_filter(bd, GS_PREFIX_CONTEST, n);
        break;
    case QF_INN:
        q = bool_term(GS_PREFIX_INN, n->text, strlen(n->text));
        break;
    case QF_NUMBER:
        q = number_query(n->text);
        break;
    }
    if (!q)
        return bd->xst != XAPC_OK ? NULL : oom(bd);
    /* Filters select, they do not rank. */
    xapc_query_t *z = xapc_query_scale(q, 0);
    xapc_query_destroy(q);
    return z ? z : oom(bd);
}

/* Filters are exact in Xapian: TRUE in the formula. */
static xapc_query_t *build_filter(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    xapc_query_t *q = build_filter_q(bd, n);
    return with_formula(bd, q, q ? vn_true() : NULL, vo);
}

/* ---- groups ---------------------------------------------------------- */

static int is_plain_word(const qnode_t *k)
{
    return k->kind == QN_WORD && !k->flags && k->field < 0;
}

/* The synonym alternatives as one query: a term, or a phrase. */
static xapc_query_t *alt_query(builder_t *bd, const syn_alt_t *a, vnode_t **vo)
{
    if (a->n == 1)
        return one_term(bd, a->terms[0], -1, vo);
    qtok_t toks[32];
    size_t idx[32], n = a->n < 32 ? a->n : 32;
    for (size_t i = 0; i < n; i++) {
        toks[i].term = a->terms[i];
        toks[i].form = a->terms[i];
        toks[i].pos = (uint32_t)(i + 1);
        toks[i].flags = 0;
        idx[i] = i;
        const char *t = a->terms[i];
        if (!strlist_has(&bd->out->hl.weak, t, strlen(t)) &&
            strlist_add(&bd->out->hl.weak, t, strlen(t)) < 0)
            bd->oom = 1;
    }
    /* Allow the alternative's own gaps (stop words inside it). */
    if (a->span > n)
        toks[n - 1].pos = a->span;
    return phrase_query(bd, toks, idx, n, -1, vo);
}

/* The weight of a synonym alternative the user did not type: below the
 * typed one, and a phrase of n words no more than a word (each of its words
 * scores on its own in Xapian).  On the 45 dev queries (../shared/relevance)
 * nDCG@10 is 0.6842 at 1.0 (no down-weighting), 0.6850 at 0.5 / n. */
#define GS_EXPANSION_WEIGHT 0.5
static double expansion_weight(const syn_alt_t *a)
{
    return GS_EXPANSION_WEIGHT / (double)(a->n ? a->n : 1);
}

/* q scaled by f (q is consumed); NULL if out of memory. */
static xapc_query_t *scale_consume(xapc_query_t *q, double f)
{
    xapc_query_t *s = xapc_query_scale(q, f);
    xapc_query_destroy(q);
    return s;
}

/* If the plain words kids[i..] start with a synonym alternative, build the
 * OR of the group's alternatives and return how many kids it used. */
static size_t try_synonym(builder_t *bd, qnode_t *const *kids, size_t nkids, size_t i,
                          xapc_query_t **out, vnode_t **vo)
{
    *vo = NULL;
    gs_synonyms_t *syn = bd->s->syn;
    if (!syn || !syn->n || !is_plain_word(kids[i]))
        return 0;
    /* Terms of up to 8 plain words from i (stop words skipped, kept in count). */
    char *terms[8];
    size_t words_for[8];
    size_t nt = 0, w = i;
    char tb[MAX_TERM + 1];
    for (; w < nkids && nt < 8 && is_plain_word(kids[w]); w++) {
        const char *txt = kids[w]->text;
        if (gs_is_stopword(txt, strlen(txt)) && w > i)
            continue;
        size_t len = gs_analyze_word(bd->s->an, txt, strlen(txt), tb, sizeof tb);
        if (!len)
            continue;
        terms[nt] = strndup(tb, len);
        if (!terms[nt])
            break;
        words_for[nt++] = w - i + 1;
    }
    size_t best_used = 0, best_g = 0, best_a = 0;
    for (size_t g = 0; g < syn->n; g++)
        for (size_t a = 0; a < syn->groups[g].n; a++) {
            const syn_alt_t *alt = &syn->groups[g].alts[a];
            if (alt->n == 0 || alt->n > nt)
                continue;
            size_t j = 0;
            while (j < alt->n && !strcmp(alt->terms[j], terms[j]))
                j++;
            if (j == alt->n && words_for[j - 1] > best_used) {
                best_used = words_for[j - 1];
                best_g = g;
                best_a = a;
            }
        }
    for (size_t j = 0; j < nt; j++)
        free(terms[j]);
    if (!best_used)
        return 0;
    const syn_group_t *grp = &syn->groups[best_g];
    xapc_query_t **v = calloc(grp->n, sizeof *v);
    vnode_t **fv = calloc(grp->n, sizeof *fv);
    size_t k = 0;
    for (size_t a = 0; v && fv && a < grp->n; a++)
        if (grp->alts[a].n && (v[k] = alt_query(bd, &grp->alts[a], &fv[k]))) {
            /* What the user typed outranks its expansions: «НКО» in a
             * record counts more than «некоммерческих организаций». */
            if (a != best_a && !(v[k] = scale_consume(v[k], expansion_weight(&grp->alts[a])))) {
                vn_free(fv[k]);
                bd->oom = 1;
                continue;
            }
            k++;
        }
    xapc_query_t *q = k ? combine(XAPC_OP_OR, v, k, 0) : NULL;
    vnode_t *f = NULL;
    if (q)
        f = vn_group(VN_OR, fv, k);
    else
        for (size_t j = 0; j < k; j++)
            vn_free(fv[j]);
    if (v)
        destroy_all(v, k);
    free(v);
    free(fv);
    *out = with_formula(bd, q, f, vo);
    return *out ? best_used : 0;
}

static xapc_query_t *build_group(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    /* The whole query's filters and exclusions hold for every candidate. */
    int top = bd->depth == 1;
    size_t cap = n->nkids + 1;
    xapc_query_t **pos = calloc(cap, sizeof *pos), **neg = calloc(cap, sizeof *neg),
                 **flt = calloc(cap, sizeof *flt);
    vnode_t **vpos = calloc(cap, sizeof *vpos), **vneg = calloc(cap, sizeof *vneg),
            **vflt = calloc(cap + 1, sizeof *vflt);
    size_t np = 0, nvp = 0, nn = 0, nf = 0, nvn = 0, nvf = 0;
    xapc_query_t *q = NULL;
    vnode_t *form = NULL;
    if (!pos || !neg || !flt || !vpos || !vneg || !vflt) {
        oom(bd);
        goto out;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        const qnode_t *k = n->kids[i];
        xapc_query_t *sq = NULL;
        vnode_t *sv = NULL;
        size_t used = try_synonym(bd, n->kids, n->nkids, i, &sq, &sv);
        if (used) {
            pos[np++] = sq;
            vpos[nvp++] = sv;
            i += used - 1;
            continue;
        }
        if (k->kind == QN_NOT) {
            if ((sq = build(bd, k->kids[0], &sv))) {
                /* An exclusion Xapian can apply exactly is applied there
                 * (and, below the top level, listed for the formula: a
                 * candidate may come from another branch); one that needs
                 * the recheck (a phrase, a long field's word) would exclude
                 * too much as its words: the formula does it. */
                if (sv->loose) {
                    xapc_query_destroy(sq);
                    vneg[nvn++] = sv;
                } else {
                    vn_free(sv);
                    if (!top && !(vneg[nvn++] = vn_match(sq)))
                        oom(bd);
                    neg[nn++] = sq;
                }
            }
        } else if (k->kind == QN_FILTER) {
            if ((sq = build(bd, k, &sv))) {
                /* The same for a filter. */
                vn_free(sv);
                if (!top && !(vflt[nvf++] = vn_match(sq)))
                    oom(bd);
                flt[nf++] = sq;
            }
        } else if ((sq = build(bd, k, &sv))) {
            pos[np++] = sq;
            vpos[nvp++] = sv;
        }
        if (bd->oom || bd->xst != XAPC_OK)
            goto out;
    }
    if (n->kind == QN_DEFAULT && np > 1)
        bd->out->can_relax = 1;
    int and = n->kind == QN_AND || !bd->relaxed;
    if (np) {
        q = combine(and ? XAPC_OP_AND : XAPC_OP_OR, pos, np, 0);
        form = np == 1 ? vpos[0] : vn_group(and ? VN_AND : VN_OR, vpos, np);
        nvp = 0; /* vpos[] belongs to form now */
    } else if (nf || nn || nvn) {
        q = xapc_query_match_all();
        form = vn_true();
    }
    /* The filters below the top level always AND, whatever the group. */
    if (form && nvf) {
        vflt[nvf++] = form;
        form = vn_group(VN_AND, vflt, nvf);
        nvf = 0;
    }
    if (q && nf)
        q = apply_parts(q, XAPC_OP_FILTER, XAPC_OP_AND, flt, nf);
    if (q && nn)
        q = apply_parts(q, XAPC_OP_AND_NOT, XAPC_OP_OR, neg, nn);
    if (form && nvn) {
        vnode_t *any = nvn == 1 ? vneg[0] : vn_group(VN_OR, vneg, nvn);
        nvn = 0;
        vnode_t *not = any ? vn_group(VN_NOT, &any, 1) : NULL;
        vnode_t *both[2] = {form, not};
        form = not ? vn_group(VN_AND, both, 2) : (vn_free(form), NULL);
    }
out:
    for (size_t j = 0; vpos && j < nvp; j++)
        vn_free(vpos[j]);
    for (size_t j = 0; vneg && j < nvn; j++)
        vn_free(vneg[j]);
    for (size_t j = 0; vflt && j < nvf; j++)
        vn_free(vflt[j]);
    if (pos)
        destroy_all(pos, np);
    if (neg)
        destroy_all(neg, nn);
    if (flt)
        destroy_all(flt, nf);
    free(pos);
    free(neg);
    free(flt);
    free(vpos);
    free(vneg);
    free(vflt);
    return with_formula(bd, q, form, vo);
}

static xapc_query_t *build_node(builder_t *bd, const qnode_t *n, vnode_t **vo);

static xapc_query_t *build(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    bd->depth++;
    xapc_query_t *q = build_node(bd, n, vo);
    bd->depth--;
    return q;
}

static xapc_query_t *build_node(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    if (bd->oom || bd->xst != XAPC_OK)
        return NULL;
    switch (n->kind) {
    case QN_WORD:
        if (is_plain_word(n)) { /* a lone word may still be a synonym */
            qnode_t fake = {.kind = QN_DEFAULT, .kids = (qnode_t **)&n, .nkids = 1, .field = -1};
            xapc_query_t *sq = NULL;
            if (try_synonym(bd, fake.kids, 1, 0, &sq, vo))
                return sq;
        }
        return build_word(bd, n, vo);
    case QN_PHRASE:
        return build_phrase(bd, n, vo);
    case QN_FILTER:
        return build_filter(bd, n, vo);
    case QN_DEFAULT:
    case QN_AND:
        return build_group(bd, n, vo);
    case QN_NOT: {
        /* Alone (or under OR): everything but it. */
        qnode_t fake = {.kind = QN_AND, .kids = (qnode_t **)&n, .nkids = 1, .field = -1};
        return build_group(bd, &fake, vo);
    }
    case QN_OR: {
        xapc_query_t **v = calloc(n->nkids, sizeof *v);
        vnode_t **fv = calloc(n->nkids, sizeof *fv);
        size_t k = 0;
        if (!v || !fv) {
            free(v);
            free(fv);
            return oom(bd);
        }
        for (size_t i = 0; i < n->nkids; i++)
            if ((v[k] = build(bd, n->kids[i], &fv[k])))
                k++;
        xapc_query_t *q = k && !bd->oom ? combine(XAPC_OP_OR, v, k, 0) : NULL;
        vnode_t *f = NULL;
        if (q)
            f = vn_group(VN_OR, fv, k);
        else
            for (size_t j = 0; j < k; j++)
                vn_free(fv[j]);
        destroy_all(v, k);
        free(v);
        free(fv);
        return with_formula(bd, q, f, vo);
    }
    }
    return NULL;
}

int gs_qbuild(gs_qenv_t *s, const qnode_t *root, const gs_boosts_t *b, int relaxed,
              qbuilt_t *out, xapc_status_t *xst, char **err)
{
    memset(out, 0, sizeof *out);
    *xst = XAPC_OK;
    builder_t bd = {.s = s, .b = b, .relaxed = relaxed, .out = out, .xst = XAPC_OK};
    vnode_t *form = NULL;
    out->q = build(&bd, root, &form);
    /* Only a formula the Xapian query does not already answer is rechecked. */
    if (form && form->loose)
        out->verify = form;
    else
        vn_free(form);
    if (bd.oom || bd.xst != XAPC_OK) {
        *xst = bd.xst;
        if (err)
            *err = strdup(bd.oom ? "out of memory building the query"
                                 : xapc_status_to_string(bd.xst));
        qbuilt_free(out);
        return -1;
    }
    return 0;
}
