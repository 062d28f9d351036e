/* verify.c - the recheck formula and the match decider that evaluates it.
 *
 * Per candidate, first the word sketch (schema.h): the formula evaluated on
 * 16-bit hashes by position, in three values - a phrase or word whose hashes
 * are not there is surely absent (no); present, it is there but for a
 * collision (yes, and the page is checked); exact forms, prefixes and words
 * under NOT, where a collision could hide a right hit, are "maybe".  Only a
 * "maybe" reads the record: the eight text strings decoded straight from
 * the stored JSON, only the fields where the sketch allows a match
 * re-analysed (an exact form is first looked for by bytes, fold_plain: a
 * field that cannot hold it is not analysed, a record whose formula fails
 * without it not at all), each of the formula's strings noted where it occurs (field,
 * position), and the formula evaluated exactly on those notes.  The
 * formula's strings are few, so a token is compared with each of them;
 * nothing is allocated per candidate once the buffers grew.
 */
#include "searcher/verify.h"
#include "searcher/stored_record.h"
#include "corpus/record.h"
#include "query/build.h" /* gs_qb_has_exact_terms */
#include "schema/phrases.h"
#include "schema/schema.h"
#include "schema/sketch.h"
#include "stemming/fold.h" /* gs_utf8_decode */
#include "toolkit/buf.h"

#include <stdlib.h>
#include <string.h>


/* ---- the decider ------------------------------------------------------ */

typedef struct {
    uint8_t field;
    uint32_t pos;
} hit_t;

typedef struct {
    vn_kind_t kind;  /* VN_TERM (also phrase words), VN_PREFIX or VN_FORM */
    const char *s;
    size_t len;
    uint16_t hash;       /* gs_sketch_hash(s) with the candidate's seed */
    int in_sketch;       /* the sketch can hold it (a hyphenated whole cannot) */
    int screened;        /* VN_FORM without '-': the pre-screen can rule it out */
    int possible;        /* screened: may occur in the candidate (forms_screen) */
    char *key;           /* screened: key_append of s (owned) */
    size_t keylen;
    hit_t *hits;
    size_t nhits, cap;
    xapc_postcursor_t *post; /* walk: the body term's postings (posted) */
} needle_t;


/* The formula with each leaf string replaced by its needle index. */
typedef struct cnode {
    vn_kind_t kind;
    int field;
    size_t *ids;
    size_t n;
    uint32_t window;
    struct cnode *kids;
    size_t nkids;
    const xapc_query_t *xq;  /* VN_MATCH: the node's query, or NULL: */
    const xapc_docid_t *dids; /* ... its documents */
    size_t ndids;
    unsigned char *docs;     /* VN_MATCH: bit per docid, from gs_verify_prepare */
    size_t ndocs;            /* bits */
    int posted;              /* VN_TERM, any field, not loose: true exactly of
                                the documents posting the body term s[0]
                                (vnode.h), which a walk reads (posted_leaf) */
    size_t pair0, npair;     /* a walk's VN_PHRASE: its pair terms' cursors,
                                v->pairs[pair0 .. pair0 + npair) */
    xapc_postcursor_t *whole; /* a walk's VN_PHRASE: its words' hyphenated
                                whole (detached_whole), or NULL */
    xapc_postcursor_t *phrase_post; /* a walk's VN_PHRASE the index posts
                                (schema/phrases.h): its term's postings */
} cnode_t;

struct gs_verify {
    gs_analyzer_t *an;
    cnode_t accept, reject;
    int has_accept, has_reject;
    needle_t *needles;
    size_t nneedles;
    unsigned fields;  /* bit per schema text field to analyse */
    uint8_t cur_field;
    int oom;
    gs_buf_t text[GS_SCHEMA_NFIELDS];  /* the candidate's text fields */
    int sketched;                    /* some candidate was kept on its sketch */
    xapc_docid_t did;                /* the candidate being judged */
    xapc_docid_t *excluded;          /* found wrong on the page: never again */
    size_t nexcluded;
    gs_sketch_t sk;                  /* the candidate's sketch */
    int nscreened;                   /* needles with `screened` set */
    int only_screened;               /* every needle is screened */
    int screening;                   /* sketch_eval judges on forms_screen */
    gs_buf_t folded;                 /* prescreen: a field's words, folded */
    uint32_t judged, kept;           /* candidates the decider or client saw */
    int sk_ok;                       /* sketch_judge parsed the candidate's sketch */
    /* A walk (gs_verify_walk_begin): candidates judged through cursors. */
    xapc_valcursor_t *walk_sketch;   /* the sketch slot's values, or NULL */
    xapc_postcursor_t **pairs;       /* the phrases' pair terms' postings */
    size_t npairs;
    xapc_status_t walk_st;           /* the walk's first failed read */
    int posting;                     /* sketch_eval judges on posted_leaf */
};

static long needle_id(gs_verify_t *v, vn_kind_t kind, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < v->nneedles; i++)
        if (v->needles[i].kind == kind && v->needles[i].len == len && !memcmp(v->needles[i].s, s, len))
            return (long)i;
    needle_t *n = realloc(v->needles, (v->nneedles + 1) * sizeof *n);
    if (!n)
        return -1;
    v->needles = n;
    memset(&n[v->nneedles], 0, sizeof *n);
    n[v->nneedles].kind = kind;
    n[v->nneedles].s = s;
    n[v->nneedles].len = len;
    n[v->nneedles].in_sketch = kind == VN_TERM && !memchr(s, '-', len);
    return (long)v->nneedles++;
}

static void cnode_clear(cnode_t *c)
{
    for (size_t i = 0; i < c->nkids; i++)
        cnode_clear(&c->kids[i]);
    free(c->kids);
    free(c->ids);
    free(c->docs);
    memset(c, 0, sizeof *c);
}

/* Compile n into c.  enforced: every candidate judged matches n's own
 * Xapian query (the accept formula's root, and the kids of a VN_AND below
 * it: an AND's query is the AND of its kids', vnode.h); a part that is
 * also exact there (not loose) is then true of every candidate, so it is
 * compiled as VN_TRUE: no listing of a VN_MATCH's documents (a word's
 * lemma match listed tens of thousands per query), no field re-analysed
 * for its words.  The reject formula is judged on candidates of another
 * query (the relaxed reading's) and is compiled whole. */
static int compile(gs_verify_t *v, const vnode_t *n, cnode_t *c, int enforced)
{
    memset(c, 0, sizeof *c);
    if (enforced && !n->loose) {
        c->kind = VN_TRUE;
        return 0;
    }
    c->kind = n->kind;
    c->field = n->field;
    c->window = n->window;
    c->xq = n->xq;
    c->posted = n->kind == VN_TERM && !n->loose && n->field < 0 && n->n == 1;
    c->dids = n->ids;
    c->ndids = n->nids;
    if (n->n) {
        if (!(c->ids = calloc(n->n, sizeof *c->ids)))
            return -1;
        vn_kind_t nk = n->kind == VN_PHRASE ? VN_TERM : n->kind;
        for (size_t i = 0; i < n->n; i++) {
            long id = needle_id(v, nk, n->s[i]);
            if (id < 0)
                return -1;
            c->ids[c->n++] = (size_t)id;
        }
        if (n->field < 0 || n->field >= GS_SCHEMA_NFIELDS)
            v->fields = (1u << GS_SCHEMA_NFIELDS) - 1;
        else
            v->fields |= 1u << n->field;
    }
    if (n->nkids) {
        if (!(c->kids = calloc(n->nkids, sizeof *c->kids)))
            return -1;
        for (size_t i = 0; i < n->nkids; i++) {
            c->nkids++;
            if (compile(v, n->kids[i], &c->kids[i], enforced && n->kind == VN_AND) < 0)
                return -1;
        }
    }
    return 0;
}

static int key_append(gs_buf_t *out, const unsigned char *s, size_t len);

gs_verify_t *gs_verify_new(gs_analyzer_t *an, const vnode_t *accept, const vnode_t *reject)
{
    gs_verify_t *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->an = an;
    if ((accept && (v->has_accept = 1, compile(v, accept, &v->accept, 1) < 0)) ||
        (reject && (v->has_reject = 1, compile(v, reject, &v->reject, 0) < 0))) {
        gs_verify_free(v);
        return NULL;
    }
    for (size_t i = 0; i < v->nneedles; i++) {
        needle_t *n = &v->needles[i];
        n->screened = n->kind == VN_FORM && !memchr(n->s, '-', n->len);
        if (n->screened) {
            gs_buf_t k = { 0 };
            if (key_append(&k, (const unsigned char *)n->s, n->len) < 0) {
                gs_verify_free(v);
                return NULL;
            }
            if (!(n->key = gs_buf_take(&k, &n->keylen))) {
                gs_verify_free(v);
                return NULL;
            }
        }
        v->nscreened += n->screened;
    }
    v->only_screened = v->nscreened > 0 && (size_t)v->nscreened == v->nneedles;
    return v;
}

void gs_verify_free(gs_verify_t *v)
{
    if (!v)
        return;
    gs_verify_walk_end(v);  /* its cursors hang off the nodes too */
    cnode_clear(&v->accept);
    cnode_clear(&v->reject);
    for (size_t i = 0; i < v->nneedles; i++) {
        free(v->needles[i].hits);
        free(v->needles[i].key);
    }
    free(v->needles);
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++)
        free(v->text[f].s);
    free(v->excluded);
    gs_buf_free(&v->folded);
    free(v);
}

static void note(gs_verify_t *v, needle_t *n, uint32_t pos)
{
    if (n->nhits == n->cap) {
        size_t cap = n->cap ? 2 * n->cap : 16;
        hit_t *h = realloc(n->hits, cap * sizeof *h);
        if (!h) {
            v->oom = 1;
            return;
        }
        n->hits = h;
        n->cap = cap;
    }
    n->hits[n->nhits].field = v->cur_field;
    n->hits[n->nhits].pos = pos;
    n->nhits++;
}

static int on_token(void *ctx, const gs_token_t *t)
{
    gs_verify_t *v = ctx;
    for (size_t i = 0; i < v->nneedles; i++) {
        needle_t *n = &v->needles[i];
        int m;
        switch (n->kind) {
        case VN_TERM:
            m = t->term_len == n->len && !memcmp(t->term, n->s, n->len);
            break;
        case VN_PREFIX:
            m = t->term_len >= n->len && !memcmp(t->term, n->s, n->len);
            break;
        default: /* VN_FORM */
            m = t->form_len == n->len && !memcmp(t->form, n->s, n->len);
            break;
        }
        if (m)
            note(v, n, t->pos);
    }
    return v->oom;
}

static int field_ok(const cnode_t *c, const hit_t *h)
{
    return c->field < 0 || h->field == (uint8_t)c->field;
}

/* Terms ids[0..n) in order within c->window positions of one field.  For a
 * fixed first occurrence, taking each next term's earliest later occurrence
 * gives the shortest span, so trying every first occurrence is exact. */
static int phrase_at(const gs_verify_t *v, const cnode_t *c)
{
    const needle_t *first = &v->needles[c->ids[0]];
    for (size_t a = 0; a < first->nhits; a++) {
        const hit_t *h0 = &first->hits[a];
        if (!field_ok(c, h0))
            continue;
        uint32_t p = h0->pos;
        size_t j;
        for (j = 1; j < c->n; j++) {
            const needle_t *nj = &v->needles[c->ids[j]];
            size_t b = 0;
            while (b < nj->nhits && (nj->hits[b].field != h0->field || nj->hits[b].pos <= p))
                b++;
            if (b == nj->nhits)
                break;
            p = nj->hits[b].pos;
            if (p - h0->pos + 1 > c->window)
                break;
        }
        if (j == c->n)
            return 1;
    }
    return 0;
}

static int match_has(const cnode_t *c, xapc_docid_t did)
{
    return c->docs && did < c->ndocs && (c->docs[did / 8] >> (did % 8) & 1);
}

static int eval(const gs_verify_t *v, const cnode_t *c)
{
    switch (c->kind) {
    case VN_TRUE:
        return 1;
    case VN_AND:
        for (size_t i = 0; i < c->nkids; i++)
            if (!eval(v, &c->kids[i]))
                return 0;
        return 1;
    case VN_OR:
        for (size_t i = 0; i < c->nkids; i++)
            if (eval(v, &c->kids[i]))
                return 1;
        return 0;
    case VN_NOT:
        return c->nkids ? !eval(v, &c->kids[0]) : 1;
    case VN_PHRASE:
        return c->n ? phrase_at(v, c) : 1;
    case VN_MATCH:
        return match_has(c, v->did);
    default: {
        const needle_t *n = &v->needles[c->ids[0]];
        for (size_t i = 0; i < n->nhits; i++)
            if (field_ok(c, &n->hits[i]))
                return 1;
        return 0;
    }
    }
}

/* ---- VN_MATCH: the documents of a boolean query, listed once ------- */

static xapc_status_t prepare_node(cnode_t *c, xapc_db_t *db)
{
    for (size_t i = 0; i < c->nkids; i++) {
        xapc_status_t st = prepare_node(&c->kids[i], db);
        if (st != XAPC_OK)
            return st;
    }
    if (c->kind != VN_MATCH || c->docs)
        return XAPC_OK;
    xapc_docid_t last = xapc_db_lastdocid(db);
    c->ndocs = (size_t)last + 1;
    if (!(c->docs = calloc(c->ndocs / 8 + 1, 1)))
        return XAPC_NO_MEMORY;
    if (!c->xq) {  /* listed by the caller */
        for (size_t i = 0; i < c->ndids; i++)
            if (c->dids[i] < c->ndocs)
                c->docs[c->dids[i] / 8] |= (unsigned char)(1u << (c->dids[i] % 8));
        return XAPC_OK;
    }
    /* Read as bit sets straight from the posting lists: through the
     * matcher, listing a common word's lemma match (every record holding
     * its XL term or its lemma's stem) took 8 of an abbreviation query's
     * 14 ms at 166,848 records.  The matcher where that cannot be done
     * (several shards, a wildcard). */
    xapc_status_t st = xapc_db_query_bits(db, c->xq, c->docs, c->ndocs);
    if (st != XAPC_UNAVAILABLE)
        return st;
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    uint32_t all = xapc_db_doccount(db);
    st = xapc_enquire_create(db, &enq);
    /* Boolean: the documents are wanted, not their weights. */
    xapc_query_t *bq = st == XAPC_OK ? xapc_query_scale(c->xq, 0.0) : NULL;
    if (st == XAPC_OK)
        st = bq ? xapc_enquire_set_query(enq, bq) : XAPC_NO_MEMORY;
    xapc_query_destroy(bq);
    if (st == XAPC_OK && all)
        st = xapc_enquire_get_mset(enq, 0, all, all, &ms);
    for (uint32_t i = 0; st == XAPC_OK && ms && i < xapc_mset_size(ms); i++) {
        xapc_docid_t d = xapc_mset_docid(ms, i);
        if (d < c->ndocs)
            c->docs[d / 8] |= (unsigned char)(1u << (d % 8));
    }
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    return st;
}

xapc_status_t gs_verify_prepare(gs_verify_t *v, xapc_db_t *db)
{
    xapc_status_t st = v->has_accept ? prepare_node(&v->accept, db) : XAPC_OK;
    if (st == XAPC_OK && v->has_reject)
        st = prepare_node(&v->reject, db);
    return st;
}

/* ---- the sketch: three-valued -------------------------------------- */

enum { T_NO = 0, T_MAYBE = 1, T_YES = 2 };

/* Decode the candidate's sketch and hash the needles with its seed. */
static int sketch_parse(gs_verify_t *v, const char *val, size_t len)
{
    if (gs_sketch_decode(val, len, &v->sk) < 0)
        return -1;
    /* This record's hash function. */
    for (size_t i = 0; i < v->nneedles; i++)
        v->needles[i].hash = gs_sketch_hash(v->sk.seed, v->needles[i].s, v->needles[i].len);
    return 0;
}

/* The hashes of ids[0..n) in order within window positions of field f. */
static int sketch_phrase_in(const gs_verify_t *v, const cnode_t *c, int f)
{
    const gs_sketch_t *sk = &v->sk;
    size_t n = sk->n[f];
    uint16_t h0 = v->needles[c->ids[0]].hash;
    for (size_t i = gs_sketch_find(sk, f, 0, h0); i < n; i = gs_sketch_find(sk, f, i + 1, h0)) {
        size_t p = i, j;
        for (j = 1; j < c->n; j++) {
            uint16_t hj = v->needles[c->ids[j]].hash;
            size_t k = p + 1;
            while (k < n && k - i < c->window && gs_sketch_at(sk, f, k) != hj)
                k++;
            if (k >= n || k - i >= c->window)
                break;
            p = k;
        }
        if (j == c->n)
            return 1;
    }
    return 0;
}

/* The fields a leaf of field `field` may match in: that one, or all. */
static unsigned leaf_fields(const gs_verify_t *v, int field)
{
    return field < 0 || field >= GS_SCHEMA_NFIELDS ? v->fields : 1u << field;
}

/* The text fields where the leaves of c may occur, on the parsed sketch: a
 * word or phrase only where its hashes stand in order (absent from the
 * sketch is surely absent, so the notes of the other fields are none
 * either way), a string the sketch cannot hold (a form, a prefix, a
 * hyphenated whole) wherever its field allows.  A record re-analysed for a
 * phrase of a stop word and a rare word then reads the field holding them,
 * not every field that holds the stop word. */
static unsigned sketch_fields(const gs_verify_t *v, const cnode_t *c)
{
    unsigned m = 0;
    switch (c->kind) {
    case VN_TERM:
    case VN_PHRASE:
        for (size_t j = 0; j < c->n; j++)
            if (!v->needles[c->ids[j]].in_sketch)
                return leaf_fields(v, c->field);
        for (int f = 0; f < GS_SCHEMA_NFIELDS && c->n; f++)
            if ((c->field < 0 || c->field == f) && sketch_phrase_in(v, c, f))
                m |= 1u << f;
        return m;
    case VN_AND:
    case VN_OR:
    case VN_NOT:
        for (size_t i = 0; i < c->nkids; i++)
            m |= sketch_fields(v, &c->kids[i]);
        return m;
    case VN_TRUE:
    case VN_MATCH:
        return 0;  /* decided without the text */
    default:       /* PREFIX, FORM */
        return leaf_fields(v, c->field);
    }
}

/* The fields to re-analyse for both formulas, on the parsed sketch. */
static unsigned formula_fields(const gs_verify_t *v)
{
    unsigned m = 0;
    if (v->has_accept)
        m |= sketch_fields(v, &v->accept);
    if (v->has_reject)
        m |= sketch_fields(v, &v->reject);
    return v->fields & m;
}

/* The formula on the sketch.  Absent from the sketch is surely absent: NO.
 * Present is present but for a collision: YES where that can only let a
 * wrong hit in (the page is checked, gs_verify_exact), MAYBE under a NOT
 * (neg), where it could keep a right hit out.  With v->screening, the
 * formula once the pre-screen has ruled screened forms out (forms_screen):
 * NO when it is false whatever the notes of the other needles are. */
static int posting_verdict(gs_verify_t *v, const cnode_t *c);
static int posted_leaf(gs_verify_t *v, const cnode_t *c);

static int sketch_eval(gs_verify_t *v, const cnode_t *c, int neg)
{
    if (v->screening && (c->kind == VN_TERM || c->kind == VN_PHRASE || c->kind == VN_PREFIX))
        return T_MAYBE;
    if (v->screening && c->kind == VN_FORM) {
        const needle_t *n = &v->needles[c->ids[0]];
        return n->screened && !n->possible ? T_NO : T_MAYBE;
    }
    /* A walk's first look: the leaves the index answers (exact, so NOT
     * needs no care for collisions). */
    if (v->posting && c->kind != VN_AND && c->kind != VN_OR && c->kind != VN_NOT)
        return posted_leaf(v, c);
    /* In a walk a posted term is read off its postings: exact, where its
     * hash on the sketch could show it by a collision. */
    if (c->posted && v->walk_sketch)
        return posting_verdict(v, c);
    switch (c->kind) {
    case VN_TRUE:
        return T_YES;
    case VN_AND: {
        int r = T_YES;
        for (size_t i = 0; i < c->nkids && r != T_NO; i++) {
            int k = sketch_eval(v, &c->kids[i], neg);
            r = k < r ? k : r;
        }
        return r;
    }
    case VN_OR: {
        int r = T_NO;
        for (size_t i = 0; i < c->nkids && r != T_YES; i++) {
            int k = sketch_eval(v, &c->kids[i], neg);
            r = k > r ? k : r;
        }
        return r;
    }
    case VN_NOT:
        return c->nkids ? T_YES - sketch_eval(v, &c->kids[0], !neg) : T_YES;
    case VN_TERM:
    case VN_PHRASE:
        for (size_t j = 0; j < c->n; j++)
            if (!v->needles[c->ids[j]].in_sketch)
                return T_MAYBE;
        for (int f = 0; f < GS_SCHEMA_NFIELDS; f++)
            if ((c->field < 0 || c->field == f) && sketch_phrase_in(v, c, f))
                return neg ? T_MAYBE : T_YES;
        return c->n ? T_NO : T_YES;
    case VN_MATCH:
        return match_has(c, v->did) ? T_YES : T_NO;
    default: /* PREFIX, FORM: the sketch has no forms, no prefixes */
        return T_MAYBE;
    }
}


/* ---- the exact-form pre-screen -------------------------------------- */

/* The byte length of a Russian letter (А-я, Ё, ё) at s[i], else 0. */
static inline size_t russian_letter(const unsigned char *s, size_t len, size_t i)
{
    if (i + 1 >= len)
        return 0;
    if (s[i] == 0xD0 && ((s[i + 1] >= 0x90 && s[i + 1] <= 0xBF) || s[i + 1] == 0x81))
        return 2;
    if (s[i] == 0xD1 && ((s[i + 1] >= 0x80 && s[i + 1] <= 0x8F) || s[i + 1] == 0x91))
        return 2;
    return 0;
}

/* Non-ASCII code points the analyzer surely treats as separators (its
 * classify() gives them C_SEP: categories Zs, Pd, Pi, Pf, Po, So).  Only
 * these may occur in a field the pre-screen judges. */
static int known_separator(uint32_t cp)
{
    switch (cp) {
    case 0xA0:   /* no-break space */
    case 0xAB:   /* « */
    case 0xBB:   /* » */
    case 0xB7:   /* middle dot */
    case 0x2013: /* en dash */
    case 0x2014: /* em dash */
    case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x201E: /* quotes */
    case 0x2022: /* bullet */
    case 0x2026: /* … */
    case 0x2116: /* № */
        return 1;
    default:
        return 0;
    }
}

/* The case-blind key of the second byte of a Russian letter (lead byte
 * D0 or D1): capital and small letters share a key (0x20 apart in the
 * second byte, whatever the lead byte), and е, ё, Ё, Е share theirs with б,
 * Б, с, С (a coarser key only lets more fields through).  A letter's key
 * is that of its folded form (gs_fold: small letters, ё to е). */
static inline unsigned char ru_key(unsigned char second)
{
    unsigned char k = (unsigned char)(second | 0x20);
    return k == 0xA1 || k == 0xB1 ? 0xB5 : k;
}

/* Append the key of UTF-8 text s[0..len) to out: ASCII letters small,
 * Russian letters D0 and ru_key, anything else as it is.  Used for the
 * needles (folded forms); fold_plain writes fields' keys the same way. */
static int key_append(gs_buf_t *out, const unsigned char *s, size_t len)
{
    if (gs_buf_reserve(out, len) < 0)
        return -1;
    unsigned char *o = (unsigned char *)out->s + out->len;
    for (size_t i = 0; i < len; i++) {
        unsigned c = s[i];
        if (russian_letter(s, len, i)) {
            *o++ = 0xD0;
            *o++ = ru_key(s[++i]);
        } else {
            *o++ = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    out->len = (size_t)(o - (unsigned char *)out->s);
    return 0;
}

/* Write the key of field text s[0..len) to v->folded, a space for each
 * non-ASCII separator.  Returns 1 when done, 0 when the field is not plain
 * - a code point that is no known separator (another script, marks, soft
 * hyphens: gs_fold's slow path), or a run of letters and digits mixing
 * Latin and Russian letters (homoglyph folding) - and -1 on allocation
 * failure.  In a plain field every word the analyzer sees is folded by
 * gs_fold's fast path, a byte walk whose result has the word's key, so a
 * form found in the field has its key inside v->folded. */
static int fold_plain(gs_verify_t *v, const unsigned char *s, size_t len)
{
    v->folded.len = 0;
    if (gs_buf_reserve(&v->folded, len) < 0)
        return -1;
    unsigned char *o = (unsigned char *)v->folded.s;
    size_t i = 0;
    int latin = 0, cyr = 0;  /* the current run of letters and digits has */
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                if (cyr)
                    return 0;
                latin = 1;
                c |= 0x20;
            } else if (c < '0' || c > '9') {
                latin = cyr = 0;
            }
            *o++ = (unsigned char)c;
            i++;
            continue;
        }
        size_t adv = russian_letter(s, len, i);
        if (adv) {
            if (latin)
                return 0;
            cyr = 1;
            *o++ = 0xD0;
            *o++ = ru_key(s[i + 1]);
            i += 2;
            continue;
        }
        if (!known_separator(gs_utf8_decode(s + i, len - i, &adv)))
            return 0;
        *o++ = ' ';
        latin = cyr = 0;
        i += adv;
    }
    v->folded.len = (size_t)(o - (unsigned char *)v->folded.s);
    return 1;
}

/* Which screened needles may occur in field text s[0..len): sets their
 * `possible`; returns whether any may.  Conservative: every one may unless
 * the field is plain (fold_plain) and its folded form is not a substring of
 * the field's folded words. */
static int forms_screen(gs_verify_t *v, const char *s, size_t len)
{
    int plain = fold_plain(v, (const unsigned char *)s, len) == 1;
    int any = 0;
    for (size_t i = 0; i < v->nneedles; i++) {
        needle_t *n = &v->needles[i];
        if (n->screened && (!plain || memmem(v->folded.s, v->folded.len, n->key, n->keylen))) {
            n->possible = 1;
            any = 1;
        }
    }
    return any;
}

/* Re-analyse the record's fields in `fields` and evaluate the formulas. */
static int exact(gs_verify_t *v, const char *data, size_t len, unsigned fields)
{
    const char *text[GS_SCHEMA_NFIELDS];
    size_t tlen[GS_SCHEMA_NFIELDS];
    gs_record_t *r = NULL;
    if (gs_stored_text_fields(data, len, v->text) == 0) {
        for (int f = 0; f < GS_SCHEMA_NFIELDS; f++) {
            text[f] = v->text[f].s;
            tlen[f] = v->text[f].len;
        }
    } else {
        if (!(r = gs_record_from_stored_json(data, len, NULL)))
            return 0; /* unreadable stored record: cannot be shown either */
        for (int f = 0; f < GS_SCHEMA_NFIELDS; f++) {
            text[f] = r->str[gs_schema_fields[f].record];
            tlen[f] = text[f] ? strlen(text[f]) : 0;
        }
    }
    for (size_t i = 0; i < v->nneedles; i++)
        v->needles[i].nhits = v->needles[i].possible = 0;
    v->oom = 0;
    if (v->nscreened) {
        /* Exact forms first, by a byte search: a field where none may occur
         * is not analysed when it holds nothing else to note, and a record
         * whose formula is false without them is not analysed at all. */
        for (int f = 0; f < GS_SCHEMA_NFIELDS; f++)
            if ((fields & (1u << f)) && tlen[f] && !forms_screen(v, text[f], tlen[f]) &&
                v->only_screened)
                fields &= ~(1u << f);
        v->screening = 1;
        int t = v->has_accept ? sketch_eval(v, &v->accept, 0) : T_YES;
        v->screening = 0;
        if (t == T_NO) {
            gs_record_free(r);
            return 0;
        }
    }
    for (int f = 0; f < GS_SCHEMA_NFIELDS && !v->oom; f++) {
        if (!(fields & (1u << f)) || !tlen[f])
            continue;
        v->cur_field = (uint8_t)f;
        gs_analyze(v->an, text[f], tlen[f], 1, on_token, v, NULL);
    }
    gs_record_free(r);
    return !v->oom && (!v->has_accept || eval(v, &v->accept)) &&
           (!v->has_reject || !eval(v, &v->reject));
}

int gs_verify_exact(gs_verify_t *v, xapc_docid_t did, xapc_doc_t *doc, xapc_status_t *st)
{
    const char *val, *data;
    size_t len;
    unsigned fields = v->fields;
    v->did = did;
    /* The sketch first: the document's data replaces the value it read. */
    if ((*st = xapc_doc_get_value(doc, GS_SLOT_SKETCH, &val, &len)) != XAPC_OK)
        return 0;
    if (len && sketch_parse(v, val, len) == 0)
        fields = formula_fields(v);
    if ((*st = xapc_doc_get_data(doc, &data, &len)) != XAPC_OK)
        return 0;
    return exact(v, data, len, fields);
}

int gs_verify_exclude(gs_verify_t *v, xapc_docid_t did)
{
    xapc_docid_t *x = realloc(v->excluded, (v->nexcluded + 1) * sizeof *x);
    if (!x)
        return -1;
    v->excluded = x;
    v->excluded[v->nexcluded++] = did;
    return 0;
}

int gs_verify_sketched(const gs_verify_t *v)
{
    return v->sketched;
}

/* Is v->did one of the documents a relaxed pass already showed? */
static int is_excluded(const gs_verify_t *v)
{
    for (size_t i = 0; i < v->nexcluded; i++)
        if (v->excluded[i] == v->did)
            return 1;
    return 0;
}

/* The accept and reject formulas together on v->did (sketch_eval): YES,
 * NO or MAYBE. */
static int formula_verdict(gs_verify_t *v)
{
    int a = v->has_accept ? sketch_eval(v, &v->accept, 0) : T_YES;
    int r = v->has_reject ? sketch_eval(v, &v->reject, 1) : T_NO;
    return a < T_YES - r ? a : T_YES - r;
}

/* The verdict of sketch value val on v->did, not excluded: 0 or 1 when it
 * is certain (1 = kept on the sketch, certain but for a hash collision),
 * -1 when the record must be read.  Sets v->sk_ok when the sketch parsed. */
static int sketch_verdict(gs_verify_t *v, const char *val, size_t len)
{
    if (len && sketch_parse(v, val, len) == 0) {
        v->sk_ok = 1;
        int t = formula_verdict(v);
        if (t == T_YES)
            v->sketched = 1;
        if (t == T_NO)
            return 0;
        return t == T_YES ? 1 : -1;
    }
    return -1;
}

/* The sketch's verdict on the candidate v->did with sketch value val:
 * 0 or 1 when it is certain (1 = kept on the sketch, certain but for a
 * hash collision), -1 when the record must be read.  v->sk_ok says
 * whether the sketch was parsed, for read_fields. */
static int sketch_judge(gs_verify_t *v, const char *val, size_t len)
{
    v->sk_ok = 0;
    return is_excluded(v) ? 0 : sketch_verdict(v, val, len);
}

/* The text fields to re-analyse when the record of the candidate
 * sketch_judge judged last is read: where its sketch allows a formula
 * string (formula_fields: its phrases looked up again, so only for a
 * record that is read), or every field of the formula without a sketch.
 * Before the record is read: the parsed sketch points into the value,
 * which a document's next read (its data) may replace. */
static unsigned read_fields(const gs_verify_t *v)
{
    return v->sk_ok ? formula_fields(v) : v->fields;
}

/* ---- the walk: candidates in docid order, through cursors ----------- */

/* Note a walk's failed read (the first one is kept for gs_verify_walk_end). */
static void walk_failed(gs_verify_t *v, xapc_status_t st)
{
    if (v->walk_st == XAPC_OK)
        v->walk_st = st;
}

/* A posted term's verdict on v->did from its postings (YES or NO; MAYBE
 * without a cursor or when the read failed). */
static int posting_verdict(gs_verify_t *v, const cnode_t *c)
{
    xapc_postcursor_t *pc = c->posted ? v->needles[c->ids[0]].post : NULL;
    xapc_status_t st = XAPC_OK;
    int has = pc ? xapc_postcursor_has(pc, v->did, &st) : 0;
    if (st != XAPC_OK)
        walk_failed(v, st);
    return !pc || st != XAPC_OK ? T_MAYBE : has ? T_YES : T_NO;
}

/* A phrase whose words stand side by side is in a record only if each
 * two adjacent words' pair term is (schema.h; the indexer's pairs take
 * stop words in and stay inside a field, as the builder's phrase filter
 * relies on): NO when a pair term is missing, else MAYBE (the pairs are
 * hashed, so present proves nothing).  MAYBE without pair cursors. */
static int pairs_verdict(gs_verify_t *v, const cnode_t *c)
{
    for (size_t i = 0; i < c->npair; i++) {
        xapc_status_t st = XAPC_OK;
        int has = xapc_postcursor_has(v->pairs[c->pair0 + i], v->did, &st);
        if (st != XAPC_OK) {
            walk_failed(v, st);
            return T_MAYBE;
        }
        if (!has)
            return T_NO;
    }
    return T_MAYBE;
}

/* YES when the record posts the phrase's words' hyphenated whole (an
 * analysed hyphenated word: its parts side by side, so the phrase), else
 * MAYBE.  A hyphenated query word's formula is its parts' phrase (the
 * whole stays in the query for its weight: query/words.c), so a record
 * holding the word as typed is kept here, its sketch not read. */
static int whole_verdict(gs_verify_t *v, const cnode_t *c)
{
    xapc_status_t st = XAPC_OK;
    int has = c->whole ? xapc_postcursor_has(c->whole, v->did, &st) : 0;
    if (st != XAPC_OK)
        walk_failed(v, st);
    return has && st == XAPC_OK ? T_YES : T_MAYBE;
}

/* A posted phrase (schema/phrases.h) is in a record exactly when the
 * record posts its term: YES or NO from one cursor step, no sketch read
 * (the facet counts of «ОМСУ» read the sketch of every record holding the
 * three words of its expansion). */
static int phrase_verdict(gs_verify_t *v, const cnode_t *c)
{
    xapc_status_t st = XAPC_OK;
    int has = xapc_postcursor_has(c->phrase_post, v->did, &st);
    if (st != XAPC_OK) {
        walk_failed(v, st);
        return T_MAYBE;
    }
    return has ? T_YES : T_NO;
}

/* A leaf on what the index answers exactly, without the document
 * (sketch_eval in a walk's first look, v->posting): TRUE, a VN_MATCH's
 * listed documents, a posted term's postings (one cursor step each), a
 * phrase posted as a hyphenated whole or missing a pair term; MAYBE where
 * only the record can tell (phrases, forms, prefixes, loose words).  The
 * AND, OR and NOT above are sketch_eval's, so an OR whose plain term holds
 * is YES whatever its rechecked alternatives are. */
static int posted_leaf(gs_verify_t *v, const cnode_t *c)
{
    switch (c->kind) {
    case VN_TRUE:
        return T_YES;
    case VN_MATCH:
        return match_has(c, v->did) ? T_YES : T_NO;
    case VN_TERM:
        return posting_verdict(v, c);
    case VN_PHRASE:
        if (c->phrase_post)
            return phrase_verdict(v, c);
        return whole_verdict(v, c) == T_YES ? T_YES : pairs_verdict(v, c);
    default:
        return T_MAYBE;
    }
}

/* A walk's verdict on v->did: first what the index answers exactly
 * (posted_leaf), reading nothing of the document; else its sketch, read
 * through the walk's value cursor (sketch_verdict).  0, 1, or -1 when the
 * record must be read. */
static int walk_judge(gs_verify_t *v)
{
    const char *val;
    size_t len;
    v->sk_ok = 0;
    if (is_excluded(v))
        return 0;
    v->posting = 1;
    int t = formula_verdict(v);
    v->posting = 0;
    if (t != T_MAYBE)
        return t == T_YES;
    xapc_status_t st = xapc_valcursor_get(v->walk_sketch, v->did, &val, &len);
    if (st != XAPC_OK) {
        walk_failed(v, st);
        return 0;
    }
    return sketch_verdict(v, val, len);
}

/* Cursors on the pair terms of phrase c, when its words stand side by
 * side (window n; with_pairs in query/words.c makes the same pairs). */
static xapc_status_t open_pairs(gs_verify_t *v, cnode_t *c, xapc_db_t *db)
{
    if (c->n < 2 || c->window != c->n)
        return XAPC_OK;
    xapc_postcursor_t **p = realloc(v->pairs, (v->npairs + c->n - 1) * sizeof *p);
    if (!p)
        return XAPC_NO_MEMORY;
    v->pairs = p;
    c->pair0 = v->npairs;
    for (size_t i = 0; i + 1 < c->n; i++) {
        const needle_t *a = &v->needles[c->ids[i]], *b = &v->needles[c->ids[i + 1]];
        char buf[16];
        size_t len = gs_schema_pair_term(buf, sizeof buf, a->s, a->len, b->s, b->len);
        xapc_status_t st = len ? xapc_postcursor_open(db, buf, len, &v->pairs[v->npairs])
                               : XAPC_NO_MEMORY;
        if (st != XAPC_OK)
            return st;
        v->npairs++;
        c->npair++;
    }
    return XAPC_OK;
}

/* The body term of phrase c's words written as one hyphenated word, into
 * buf: the analyzer's whole of a hyphenated word is its parts' terms
 * joined with '-' (stemming/analyzer.h), indexed in the body, and implies
 * its parts side by side in one field.  Only where that reading is the
 * only one: words side by side, in any field, none holding a digit (a
 * code of three parts or more is its folded form, not its parts' terms)
 * or a '-'.  0 when none. */
static size_t detached_whole(const gs_verify_t *v, const cnode_t *c, char *buf, size_t cap)
{
    size_t len = 0;
    if (c->n < 2 || c->window != c->n || c->field >= 0)
        return 0;
    for (size_t i = 0; i < c->n; i++) {
        const needle_t *w = &v->needles[c->ids[i]];
        if (w->len == 0 || len + w->len + 1 >= cap || memchr(w->s, '-', w->len) ||
            strpbrk(w->s, "0123456789"))
            return 0;
        if (i)
            buf[len++] = '-';
        memcpy(buf + len, w->s, w->len);
        len += w->len;
    }
    buf[len] = '\0';
    return len;
}

/* A cursor on phrase c's posted term when the index posts it (any field:
 * the term does not say which). */
static xapc_status_t open_posted_phrase(const gs_verify_t *v, cnode_t *c, xapc_db_t *db)
{
    const char *terms[GS_PHRASE_MAX_TERMS];
    size_t lens[GS_PHRASE_MAX_TERMS];
    char term[16];
    size_t len;
    if (c->field >= 0 || c->n > GS_PHRASE_MAX_TERMS || c->phrase_post)
        return XAPC_OK;
    for (size_t i = 0; i < c->n; i++) {
        terms[i] = v->needles[c->ids[i]].s;
        lens[i] = v->needles[c->ids[i]].len;
    }
    len = gs_qb_posted_phrase(db, terms, lens, c->n, c->window, term, sizeof term);
    return len ? xapc_postcursor_open(db, term, len, &c->phrase_post) : XAPC_OK;
}

/* Longer than Xapian's longest term (245 bytes): no whole to look up. */
#define GS_WHOLE_MAX 246

/* A posting cursor for each posted term of c (one per needle), for each
 * phrase's hyphenated whole, and with pairs (the index has pair terms) for
 * each phrase's pairs. */
static xapc_status_t open_posts(gs_verify_t *v, cnode_t *c, xapc_db_t *db, int pairs)
{
    xapc_status_t st = XAPC_OK;
    for (size_t i = 0; st == XAPC_OK && i < c->nkids; i++)
        st = open_posts(v, &c->kids[i], db, pairs);
    needle_t *n = c->posted ? &v->needles[c->ids[0]] : NULL;
    c->npair = 0;
    if (st == XAPC_OK && n && !n->post)
        st = xapc_postcursor_open(db, n->s, n->len, &n->post);
    if (st == XAPC_OK && pairs && c->kind == VN_PHRASE)
        st = open_pairs(v, c, db);
    char whole[GS_WHOLE_MAX];
    size_t wlen = c->kind == VN_PHRASE ? detached_whole(v, c, whole, sizeof whole) : 0;
    if (st == XAPC_OK && wlen && !c->whole)
        st = xapc_postcursor_open(db, whole, wlen, &c->whole);
    if (st == XAPC_OK && c->kind == VN_PHRASE)
        st = open_posted_phrase(v, c, db);
    return st;
}

xapc_status_t gs_verify_walk_begin(gs_verify_t *v, xapc_db_t *db)
{
    gs_verify_walk_end(v);
    int pairs = gs_qb_has_exact_terms(db);
    xapc_status_t st = v->has_accept ? open_posts(v, &v->accept, db, pairs) : XAPC_OK;
    if (st == XAPC_OK && v->has_reject)
        st = open_posts(v, &v->reject, db, pairs);
    if (st == XAPC_OK)
        st = xapc_valcursor_open(db, GS_SLOT_SKETCH, &v->walk_sketch);
    if (st != XAPC_OK)
        gs_verify_walk_end(v);
    return st;
}

/* The wholes' and posted phrases' cursors of c and below closed. */
static void close_wholes(cnode_t *c)
{
    for (size_t i = 0; i < c->nkids; i++)
        close_wholes(&c->kids[i]);
    xapc_postcursor_destroy(c->whole);
    c->whole = NULL;
    xapc_postcursor_destroy(c->phrase_post);
    c->phrase_post = NULL;
}

xapc_status_t gs_verify_walk_end(gs_verify_t *v)
{
    if (v->has_accept)
        close_wholes(&v->accept);
    if (v->has_reject)
        close_wholes(&v->reject);
    for (size_t i = 0; i < v->nneedles; i++) {
        xapc_postcursor_destroy(v->needles[i].post);
        v->needles[i].post = NULL;
    }
    for (size_t i = 0; i < v->npairs; i++)
        xapc_postcursor_destroy(v->pairs[i]);
    free(v->pairs);
    v->pairs = NULL;
    v->npairs = 0;
    xapc_valcursor_destroy(v->walk_sketch);
    v->walk_sketch = NULL;
    xapc_status_t st = v->walk_st;
    v->walk_st = XAPC_OK;
    return st;
}

int gs_verify_decide(void *ctx, xapc_candidate_t *cand)
{
    gs_verify_t *v = ctx;
    const char *val, *data;
    size_t len;
    int t;
    v->did = xapc_candidate_docid(cand);
    if (v->walk_sketch) {
        v->judged++;
        t = walk_judge(v);
    } else {
        if (xapc_candidate_value(cand, GS_SLOT_SKETCH, &val, &len) != XAPC_OK)
            return 0; /* the error is get_mset's now */
        v->judged++;
        t = sketch_judge(v, val, len);
    }
    if (t < 0) {
        unsigned fields = read_fields(v);  /* the sketch may not outlive the data's read */
        t = xapc_candidate_data(cand, &data, &len) == XAPC_OK ? exact(v, data, len, fields) : 0;
    }
    v->kept += t != 0;
    return t;
}

double gs_verify_kept_share(const gs_verify_t *v)
{
    return v->judged ? (double)v->kept / v->judged : 1.0;
}

int gs_verify_check_doc(gs_verify_t *v, xapc_docid_t did, xapc_doc_t *doc, int sure,
                        xapc_status_t *st)
{
    const char *val, *data;
    size_t len;
    v->did = did;
    if ((*st = xapc_doc_get_value(doc, GS_SLOT_SKETCH, &val, &len)) != XAPC_OK)
        return 0;
    v->judged++;
    int t = sketch_judge(v, val, len);
    if (t == 1 && !sure)
        t = 2;
    else if (t != 0) {  /* kept on the sketch: certain but for a collision, so read the record */
        unsigned fields = read_fields(v);  /* before the data replaces the value */
        t = (*st = xapc_doc_get_data(doc, &data, &len)) == XAPC_OK ? exact(v, data, len, fields)
                                                                    : 0;
    }
    v->kept += t != 0;
    return t;
}
