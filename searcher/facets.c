/* facets.c - facet counts over every match, in a weightless pass apart
 * from ranking (facets.h says how, and why).
 *
 * Measured at 166,848 records (bench/RESULTS.md, issue 15 facets): of a
 * facet search over all matches of «проект» (166,728), BM25 weights were
 * ~15 ms, Xapian's five value spies ~95 ms (a B-tree lookup per value and
 * a std::map of strings per match), the match itself ~10 ms. */
#include "searcher/facets.h"

#include "schema/fcodes.h"
#include "schema/schema.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    unsigned bit;
    const char *name;
    xapc_slot_t slot;
} facet_slots[] = {
    {GS_FACET_STATUS, "status", GS_SLOT_STATUS},
    {GS_FACET_YEAR, "year", GS_SLOT_YEAR_TEXT},
    {GS_FACET_DIRECTION, "direction", GS_SLOT_DIRECTION},
    {GS_FACET_REGION, "region", GS_SLOT_REGION},
    {GS_FACET_CONTEST, "contest", GS_SLOT_CONTEST},
};
#define NFACET_SLOTS (sizeof facet_slots / sizeof facet_slots[0])

/* Reading the slots' codes pays once a search's matches are this share
 * of the index.  One process, one search at 166,848 records, CPU (busy
 * machine): «проекта» (all match) 100 -> 60 ms with the codes; «офис»
 * (36%) and «выездных школ» (30%) about even; below, Xapian's spies on
 * the matches alone cost less.  Later searches of the same searcher
 * (batch, serve) reuse the codes whatever they match. */
#define GS_FACET_CODES_SHARE 3

/* The same when the index stores the codes (schema/fcodes.h): reading
 * them costs ~3.4 ms at 166,848 records (five slots, 1.7 MB), what value
 * spies cost on ~6,000 matches (~95 ms for all 166,848). */
#define GS_FACET_STORED_SHARE 16

/* Counting by codes stops being worth it above this many distinct values
 * in a slot (the counts are an array per slot and search): the limit of
 * the codes the index stores too. */
#define GS_FACET_CODES_MAX GS_FCODES_MAX

struct gs_ftally {
    gs_facet_t f[NFACET_SLOTS];  /* values malloc'd, unsorted */
};

/* The searcher's codes: of one index revision, built slot by slot. */
struct gs_fcache {
    uint64_t rev;
    int stored;                  /* the index stores them for rev (schema/fcodes.h) */
    gs_fcodes_head_t head;       /* their header, when stored */
    xapc_codes_t *codes[NFACET_SLOTS];
    int too_many[NFACET_SLOTS];  /* xapc_codes_build said XAPC_UNAVAILABLE */
};

/* ---- tallies ----------------------------------------------------------- */

/* Add count to value v[0..len) of f (a new value at the end). */
static int add_count(gs_facet_t *f, const char *v, size_t len, uint32_t count)
{
    gs_facet_value_t *vals = (gs_facet_value_t *)f->values;
    for (size_t i = 0; i < f->n; i++)
        if (strlen(vals[i].value) == len && !memcmp(vals[i].value, v, len)) {
            vals[i].count += count;
            return 0;
        }
    vals = realloc(vals, (f->n + 1) * sizeof *vals);
    if (!vals)
        return -1;
    f->values = vals;
    vals[f->n].value = strndup(v, len);
    if (!vals[f->n].value)
        return -1;
    vals[f->n++].count = count;
    return 0;
}

static int by_count(const void *a, const void *b)
{
    const gs_facet_value_t *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

void gs_ftally_free(gs_ftally_t *t)
{
    if (!t)
        return;
    for (size_t f = 0; f < NFACET_SLOTS; f++) {
        for (size_t i = 0; i < t->f[f].n; i++)
            free((char *)t->f[f].values[i].value);
        free((void *)t->f[f].values);
    }
    free(t);
}

/* A spy's counts into slot i of t. */
static int tally_spy(gs_ftally_t *t, size_t i, xapc_spy_t *spy)
{
    const char *v;
    size_t len;
    uint32_t count;
    xapc_spy_rewind(spy);
    while (xapc_spy_next(spy, &v, &len, &count) == 1)
        if (add_count(&t->f[i], v, len, count) < 0)
            return -1;
    return 0;
}

/* Code counts (counts[0]: no value, not a facet value) into slot i of t. */
static int tally_codes(gs_ftally_t *t, size_t i, const xapc_codes_t *c, const uint32_t *counts)
{
    for (uint32_t code = 1; code <= xapc_codes_count(c); code++) {
        const char *v;
        size_t len;
        if (!counts[code])
            continue;
        xapc_codes_value(c, code, &v, &len);
        if (add_count(&t->f[i], v, len, counts[code]) < 0)
            return -1;
    }
    return 0;
}

/* A kept document's values of mask into t (empty values are not counted,
 * as Xapian's spies do not count them). */
static xapc_status_t tally_doc(gs_ftally_t *t, xapc_doc_t *doc, unsigned mask)
{
    for (size_t i = 0; i < NFACET_SLOTS; i++) {
        const char *v;
        size_t len;
        if (!(mask & facet_slots[i].bit))
            continue;
        xapc_status_t st = xapc_doc_get_value(doc, facet_slots[i].slot, &v, &len);
        if (st != XAPC_OK)
            return st;
        if (len && add_count(&t->f[i], v, len, 1) < 0)
            return XAPC_NO_MEMORY;
    }
    return XAPC_OK;
}

/* ---- the codes ---------------------------------------------------------- */

void gs_facets_close(gs_searcher_t *s)
{
    if (!s || !s->fcache)
        return;
    for (size_t i = 0; i < NFACET_SLOTS; i++)
        xapc_codes_destroy(s->fcache->codes[i]);
    free(s->fcache);
    s->fcache = NULL;
}

/* The stored codes' header into *h: 0, or -1 when there is none (or not
 * one of layout 1). */
static int read_head(xapc_db_t *db, gs_fcodes_head_t *h)
{
    const char *v;
    size_t len;
    return xapc_db_get_metadata(db, GS_META_FCODES, &v, &len) == XAPC_OK && len &&
                   gs_fcodes_head_parse(v, len, h) == 0
               ? 0
               : -1;
}

/* Does header h describe db at revision rev: written by the commit that
 * made rev, for the documents it holds?  Else the codes are stale (an
 * older writer or a tool committed since), and not used. */
static int head_current(xapc_db_t *db, uint64_t rev, const gs_fcodes_head_t *h)
{
    return h->rev == rev && h->docs == xapc_db_doccount(db) && h->last == xapc_db_lastdocid(db);
}

/* Whether the index stores facet codes describing the revision rev db
 * reads (*h their header). */
static int stored_head(xapc_db_t *db, uint64_t rev, gs_fcodes_head_t *h)
{
    return read_head(db, h) == 0 && head_current(db, rev, h);
}

gs_fcodes_state_t gs_facets_codes_state(xapc_db_t *db, uint64_t *codes_rev, uint64_t *index_rev)
{
    gs_fcodes_head_t h;
    uint64_t rev = 0;
    *codes_rev = *index_rev = 0;
    if (xapc_db_revision(db, &rev) != XAPC_OK)
        return GS_FCODES_UNKNOWN;
    *index_rev = rev;
    if (read_head(db, &h) < 0)
        return GS_FCODES_ABSENT;
    *codes_rev = h.rev;
    return head_current(db, rev, &h) ? GS_FCODES_CURRENT : GS_FCODES_STALE;
}

/* Chunk after chunk of slot's stored codes into code[] (docids up to
 * h->last), each checked against the dictionary's count. */
static xapc_status_t stored_chunks(xapc_db_t *db, const gs_fcodes_head_t *h, int slot,
                                   uint32_t count, uint16_t *code)
{
    char key[64];
    for (uint32_t k = 0; k <= h->last / h->chunk; k++) {
        const char *v;
        size_t len;
        uint32_t from = k * h->chunk;
        uint32_t n = h->last + 1 - from < h->chunk ? h->last + 1 - from : h->chunk;
        gs_fcodes_chunk_key(key, sizeof key, slot, k);
        xapc_status_t st = xapc_db_get_metadata(db, key, &v, &len);
        if (st != XAPC_OK)
            return st;
        if (len != 2 * (size_t)n)
            return XAPC_UNAVAILABLE;
        for (uint32_t i = 0; i < n; i++)
            if ((code[from + i] = (uint16_t)gs_fcodes_get16((const unsigned char *)v + 2 * i)) > count)
                return XAPC_UNAVAILABLE;
    }
    return XAPC_OK;
}

/* Slot's codes as the index stores them (header h, valid for db): XAPC_OK
 * and *out (the caller's), XAPC_UNAVAILABLE when the slot has none (too
 * many values) or they do not decode (then it is counted by spies), or
 * the index's status. */
static xapc_status_t stored_codes(xapc_db_t *db, const gs_fcodes_head_t *h, int slot,
                                  xapc_codes_t **out)
{
    char key[64];
    const char *v, *val;
    size_t len, vlen, off = 2;
    uint32_t count;
    int r = 0;
    xapc_codes_t *c = NULL;
    *out = NULL;
    gs_fcodes_dict_key(key, sizeof key, slot);
    xapc_status_t st = xapc_db_get_metadata(db, key, &v, &len);
    if (st == XAPC_OK && gs_fcodes_dict_count(v, len, &count) < 0)
        st = XAPC_UNAVAILABLE;
    if (st == XAPC_OK)
        st = xapc_codes_create(h->last + 1, &c);
    /* v is the handle's until the next metadata read: the values first. */
    while (st == XAPC_OK && (r = gs_fcodes_dict_next(v, len, &off, &val, &vlen)) == 1)
        st = xapc_codes_add_value(c, val, vlen);
    if (st == XAPC_OK && (r < 0 || xapc_codes_count(c) != count))
        st = XAPC_UNAVAILABLE;
    if (st == XAPC_OK)
        st = stored_chunks(db, h, slot, count, xapc_codes_array(c));
    if (st == XAPC_OK)
        *out = c;
    else
        xapc_codes_destroy(c);
    return st;
}

/* codes[i] for the slots of mask that count by codes on s->db now (NULL:
 * by spies).  Codes exist for one local shard only; older ones than the
 * revision s->db reads are dropped; missing ones are read when a search
 * of est matches makes it pay.  XAPC_OK or the index's status. */
static xapc_status_t codes_for(gs_searcher_t *s, unsigned mask, uint32_t est,
                               const xapc_codes_t *codes[NFACET_SLOTS])
{
    uint64_t rev;
    memset(codes, 0, NFACET_SLOTS * sizeof *codes);
    if (s->no_decider || xapc_db_shard_count(s->db) != 1 || xapc_db_revision(s->db, &rev) != XAPC_OK)
        return XAPC_OK;
    if (s->fcache && s->fcache->rev != rev)
        gs_facets_close(s);
    gs_fcodes_head_t head;
    int stored = s->fcache ? s->fcache->stored : stored_head(s->db, rev, &head);
    int pays = (uint64_t)est * (stored ? GS_FACET_STORED_SHARE : GS_FACET_CODES_SHARE) >=
               xapc_db_doccount(s->db);
    if (!s->fcache) {
        if (!pays)
            return XAPC_OK;
        if (!(s->fcache = calloc(1, sizeof *s->fcache)))
            return XAPC_NO_MEMORY;
        s->fcache->rev = rev;
        s->fcache->stored = stored;
        s->fcache->head = head;
    }
    for (size_t i = 0; i < NFACET_SLOTS; i++) {
        struct gs_fcache *c = s->fcache;
        if (!(mask & facet_slots[i].bit) || c->too_many[i])
            continue;
        if (!c->codes[i] && pays) {
            xapc_status_t st =
                c->stored ? stored_codes(s->db, &c->head, facet_slots[i].slot, &c->codes[i])
                          : xapc_codes_build(s->db, facet_slots[i].slot, GS_FACET_CODES_MAX,
                                             &c->codes[i]);
            if (st == XAPC_UNAVAILABLE)
                c->too_many[i] = 1;
            else if (st != XAPC_OK)
                return st;
        }
        codes[i] = c->codes[i];
    }
    return XAPC_OK;
}

/* ---- counting passes ------------------------------------------------------ */

/* How many facets mask asks for. */
static size_t nslots(unsigned mask)
{
    size_t n = 0;
    for (size_t i = 0; i < NFACET_SLOTS; i++)
        n += (mask & facet_slots[i].bit) != 0;
    return n;
}

/* The recheck as a decider, counting its verdicts for this pass alone
 * (the share kept, phrase_estimate in search.c). */
typedef struct {
    gs_verify_t *v;
    uint32_t judged, kept;
} judge_t;

static int count_decide(void *ctx, xapc_candidate_t *c)
{
    judge_t *j = ctx;
    int t = gs_verify_decide(j->v, c);
    j->judged++;
    j->kept += t != 0;
    return t;
}

/* The pass's query: q at weight 0, scaled by 0 so that Xapian computes no
 * weight; but on a local database with a docid gap by a scheme of zero
 * weights instead, since there a query scaled by 0 fails in Xapian 1.4.22
 * on a word every record holds (xapc_enquire_set_no_weights; without a gap
 * Xapian reads such a word as the docids 1..N, no list).  The scheme costs
 * ~4% more CPU (300 facets queries at 166,848) and cannot travel to a
 * remote server. */
static xapc_status_t weightless(xapc_db_t *db, const xapc_query_t *q, int local,
                                xapc_enquire_t **enq)
{
    local = local && xapc_db_lastdocid(db) != xapc_db_doccount(db);
    xapc_query_t *q0 = local ? NULL : xapc_query_scale(q, 0.0);
    xapc_status_t st = local || q0 ? xapc_enquire_create(db, enq) : XAPC_NO_MEMORY;
    if (st == XAPC_OK)
        st = xapc_enquire_set_query(*enq, local ? q : q0);
    if (st == XAPC_OK && local)
        st = xapc_enquire_set_no_weights(*enq);
    xapc_query_destroy(q0);
    return st;
}

xapc_status_t gs_facets_count(gs_searcher_t *s, const xapc_query_t *q, gs_verify_t *v,
                              unsigned mask, uint32_t est, gs_fcount_t *out)
{
    memset(out, 0, sizeof *out);
    const xapc_codes_t *codes[NFACET_SLOTS];
    const xapc_codes_t *spy_codes[NFACET_SLOTS];
    uint32_t *counts[NFACET_SLOTS] = {0};
    xapc_spy_t *spies[NFACET_SLOTS] = {0};
    size_t ncodes = 0;
    judge_t judge = {v, 0, 0};
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    xapc_status_t st = codes_for(s, mask, est, codes);
    if (st == XAPC_OK && !(out->tally = calloc(1, sizeof *out->tally)))
        st = XAPC_NO_MEMORY;
    if (st == XAPC_OK)
        st = weightless(s->db, q, !s->no_decider, &enq);
    if (st == XAPC_OK && v)
        st = xapc_enquire_set_decider(enq, count_decide, &judge);
    /* Every match is judged, in docid order: through cursors (verify.h). */
    if (st == XAPC_OK && v)
        st = gs_verify_walk_begin(v, s->db);
    /* A slot with codes is tallied by the one code spy (its codes and
     * counts listed in spy_codes, spy_counts), the others by value spies. */
    uint32_t *spy_counts[NFACET_SLOTS];
    for (size_t i = 0; st == XAPC_OK && i < NFACET_SLOTS; i++) {
        if (!(mask & facet_slots[i].bit))
            continue;
        if (!codes[i])
            st = xapc_enquire_add_value_spy(enq, facet_slots[i].slot, &spies[i]);
        else if (!(counts[i] = calloc(xapc_codes_count(codes[i]) + 1, sizeof **counts)))
            st = XAPC_NO_MEMORY;
        else {
            spy_codes[ncodes] = codes[i];
            spy_counts[ncodes++] = counts[i];
        }
    }
    /* Every slot by codes: the matches counted as sets of docids, without
     * the matcher (xapian-c/count.cc), unless the query needs it. */
    int counted = 0;
    if (st == XAPC_OK && ncodes && ncodes == nslots(mask)) {
        st = xapc_db_count_codes(s->db, q, v ? count_decide : NULL, &judge, spy_codes,
                                 spy_counts, ncodes, &out->matches);
        counted = st == XAPC_OK;
        if (st == XAPC_UNAVAILABLE)
            st = XAPC_OK;
    }
    if (st == XAPC_OK && ncodes && !counted)
        st = xapc_enquire_add_code_spy(enq, spy_codes, spy_counts, ncodes);
    uint32_t all = xapc_db_doccount(s->db);
    if (st == XAPC_OK && !counted)
        st = xapc_enquire_get_mset(enq, 0, 0, all, &ms);
    xapc_status_t walked = v ? gs_verify_walk_end(v) : XAPC_OK;
    if (st == XAPC_OK)
        st = walked;
    if (st == XAPC_OK && !counted)
        out->matches = xapc_mset_matches_lower_bound(ms);
    for (size_t i = 0; st == XAPC_OK && i < NFACET_SLOTS; i++)
        if ((spies[i] && tally_spy(out->tally, i, spies[i]) < 0) ||
            (counts[i] && tally_codes(out->tally, i, codes[i], counts[i]) < 0))
            st = XAPC_NO_MEMORY;
    out->judged = judge.judged;
    out->kept = judge.kept;
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    for (size_t i = 0; i < NFACET_SLOTS; i++)
        free(counts[i]);
    return st;
}

/* ---- the client-side recheck ------------------------------------------------ */

int gs_verdicts_add(gs_verdicts_t *vs, xapc_docid_t did, int verdict)
{
    if (vs->n == vs->cap) {
        size_t cap = vs->cap ? 2 * vs->cap : 64;
        struct gs_verdict *v = realloc(vs->v, cap * sizeof *v);
        if (!v)
            return -1;
        vs->v = v;
        vs->cap = cap;
    }
    vs->v[vs->n].did = did;
    vs->v[vs->n++].verdict = verdict;
    return 0;
}

void gs_verdicts_free(gs_verdicts_t *vs)
{
    free(vs->v);
    memset(vs, 0, sizeof *vs);
}

static int by_did(const void *a, const void *b)
{
    const struct gs_verdict *x = a, *y = b;
    return x->did < y->did ? -1 : x->did > y->did;
}

/* The verdict seen holds for did, or -1. */
static int seen_verdict(const gs_verdicts_t *seen, xapc_docid_t did)
{
    struct gs_verdict key = {did, 0};
    const struct gs_verdict *v =
        seen->n ? bsearch(&key, seen->v, seen->n, sizeof key, by_did) : NULL;
    return v ? v->verdict : -1;
}

/* Candidate i of ms judged (or its verdict in seen), and if kept counted. */
static xapc_status_t count_candidate(gs_verify_t *v, const gs_verdicts_t *seen, xapc_mset_t *ms,
                                     uint32_t i, unsigned mask, gs_fcount_t *out)
{
    xapc_doc_t *doc = NULL;
    xapc_docid_t did = xapc_mset_docid(ms, i);
    xapc_status_t st = xapc_mset_document(ms, i, &doc);
    int t = st == XAPC_OK ? seen_verdict(seen, did) : 0;
    if (t < 0)
        t = gs_verify_check_doc(v, did, doc, 0, &st);
    if (st == XAPC_OK && t) {
        out->matches++;
        out->approx |= t == 2;
        st = tally_doc(out->tally, doc, mask);
    }
    xapc_doc_destroy(doc);
    return st;
}

xapc_status_t gs_facets_count_client(gs_searcher_t *s, const xapc_query_t *q, gs_verify_t *v,
                                     gs_verdicts_t *seen, unsigned mask, gs_fcount_t *out)
{
    memset(out, 0, sizeof *out);
    if (seen->n)
        qsort(seen->v, seen->n, sizeof *seen->v, by_did);
    xapc_enquire_t *enq = NULL;
    xapc_status_t st = (out->tally = calloc(1, sizeof *out->tally))
                           ? weightless(s->db, q, !s->no_decider, &enq)
                           : XAPC_NO_MEMORY;
    /* A chunk at a time, its documents fetched in one exchange (remote). */
    for (uint32_t seen_n = 0, chunk = 256; st == XAPC_OK; chunk = chunk < 4096 ? 2 * chunk : chunk) {
        xapc_mset_t *ms = NULL;
        st = xapc_enquire_get_mset(enq, seen_n, chunk, chunk, &ms);
        if (st == XAPC_OK)
            st = xapc_mset_fetch(ms);
        uint32_t n = xapc_mset_size(ms);
        for (uint32_t i = 0; st == XAPC_OK && i < n; i++)
            st = count_candidate(v, seen, ms, i, mask, out);
        xapc_mset_destroy(ms);
        seen_n += n;
        if (n < chunk)
            break;
    }
    xapc_enquire_destroy(enq);
    return st;
}

/* ---- the results' facets ------------------------------------------------------ */

int gs_facets_collect(gs_results_t *r, gs_ftally_t *const *t, size_t n, unsigned mask)
{
    size_t want = nslots(mask);
    if (!want)
        return 0;
    r->facets = calloc(want, sizeof *r->facets);
    if (!r->facets)
        return -1;
    for (size_t i = 0; i < NFACET_SLOTS; i++) {
        if (!(mask & facet_slots[i].bit))
            continue;
        gs_facet_t *f = &r->facets[r->nfacets++];
        f->name = facet_slots[i].name;
        for (size_t k = 0; k < n; k++) {
            const gs_facet_t *c = t[k] ? &t[k]->f[i] : NULL;
            for (size_t j = 0; c && j < c->n; j++)
                if (add_count(f, c->values[j].value, strlen(c->values[j].value),
                              c->values[j].count) < 0)
                    return -1;
        }
        if (f->n)
            qsort((void *)f->values, f->n, sizeof *f->values, by_count);
    }
    return 0;
}
