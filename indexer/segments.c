/* segments.c - a shard thread's database, written as a run of segments.
 *
 * Why: a fresh build's scratch shard used to be one database committed
 * every few hundred records.  Each commit merges the batch's postings into
 * the B-tree, rewriting every block a batch term lands in, and the more the
 * shard holds the more blocks one batch touches: at 166,848 records the
 * build wrote ~10x the index to disk (20.8 GB for 2.1 GB; ~3x at 20,000)
 * and its system time grew 24x for 8x the records.  A segment stops
 * growing after a set number of records (shards.c: 10,000 by default) and
 * the next one starts empty,
 * so every commit works on a small tree whatever the size of the archive;
 * the merge (shards.c) compacts all segments at once, as it compacted the
 * shards.
 *
 * Same index: segment k of shard i is spaths[i] itself for k = 0, else
 * spaths[i].k (gs_segment_path); the merge lists shard 0's segments in
 * order, then shard 1's, and compaction renumbers each source after the
 * last docid of the sources before it, so every record gets the docid it
 * had in the one-database shard.  A record read again replaces its first
 * copy in place, as Xapian's replace_document did there: when that copy
 * sits in an earlier, closed segment, that segment is opened again for the
 * one replacement (rare: the same application twice in the input).
 *
 * Not thread-safe: one per shard thread.
 */
#include "indexer/internal.h"
#include "schema/schema.h"
#include "toolkit/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The ids written so far, for the replacement rule: 64-bit hashes of the
 * unique term and the segment holding it, open addressing.  A hash hit is
 * checked against the segment itself, so a collision costs a look-up,
 * never a wrong docid. */
typedef struct {
    uint64_t *key;       /* 0: empty slot */
    uint32_t *seg;
    size_t mask, n;
} id_table_t;

struct gs_segments {
    char *base;           /* spaths[i]: segment 0's path, the others' stem */
    unsigned long per;    /* records per segment; 0: one segment */
    gs_writer_t *w;       /* the current segment, NULL between segments */
    unsigned cur;         /* its number */
    unsigned long in_cur; /* records written to it */
    int scratch;          /* gs_writer_scratch + gs_writer_defer_spelling */
    int defer_spell;
    id_table_t ids;
    uint64_t fieldlen[GS_INDEX_NFIELDS]; /* closed segments' totals */
};

char *gs_segment_path(const char *base, unsigned k)
{
    char *p = NULL;
    if (k == 0)
        return strdup(base);
    return asprintf(&p, "%s.%u", base, k) < 0 ? NULL : p;
}

unsigned gs_segment_count(const char *base)
{
    unsigned k = 1;
    for (;; k++) {
        char *p = gs_segment_path(base, k);
        struct stat st;
        int there = p && stat(p, &st) == 0;
        free(p);
        if (!there)
            return k;
    }
}

static uint64_t id_hash(const char *s, size_t n)
{
    uint64_t h = gs_fnv64(GS_FNV64_INIT, s, n);
    return h ? h : 1;
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t id_slot(const id_table_t *t, uint64_t key)
{
    size_t i = (size_t)(key >> 17) & t->mask;
    while (t->key[i] && t->key[i] != key)
        i = (i + 1) & t->mask;
    return i;
}

/* Remember key -> seg, doubling the table at half full.  0, or -1 out of memory. */
static int id_put(id_table_t *t, uint64_t key, uint32_t seg)
{
    if (2 * (t->n + 1) > t->mask + 1) {
        size_t size = t->mask ? 2 * (t->mask + 1) : 4096;
        id_table_t g = {calloc(size, sizeof *g.key), calloc(size, sizeof *g.seg), size - 1, 0};
        if (!g.key || !g.seg) {
            free(g.key);
            free(g.seg);
            return -1;
        }
        for (size_t i = 0; t->mask && i <= t->mask; i++)
            if (t->key[i]) {
                size_t j = id_slot(&g, t->key[i]);
                g.key[j] = t->key[i];
                g.seg[j] = t->seg[i];
                g.n++;
            }
        free(t->key);
        free(t->seg);
        *t = g;
    }
    size_t i = id_slot(t, key);
    t->n += !t->key[i];
    t->key[i] = key;
    t->seg[i] = seg;
    return 0;
}

/* Open segment k for writing; a scratch one keeps its spelling for its last
 * commit and is never synced (the merge syncs what it writes). */
static gs_writer_t *open_segment(gs_segments_t *sg, unsigned k, char **err)
{
    char *p = gs_segment_path(sg->base, k);
    if (!p) {
        gs_set_err(err, "out of memory");
        return NULL;
    }
    gs_writer_t *w = gs_writer_open(p, sg->scratch ? GS_WRITER_SCRATCH : 1, err);
    free(p);
    if (w && sg->scratch)
        gs_writer_scratch(w);
    if (w && sg->defer_spell)
        gs_writer_defer_spelling(w);
    return w;
}

gs_segments_t *gs_segments_open(const char *base, unsigned long per_segment, int scratch,
                                int defer_spell, char **err)
{
    gs_segments_t *sg = calloc(1, sizeof *sg);
    if (!sg || !(sg->base = strdup(base))) {
        free(sg);
        gs_set_err(err, "out of memory");
        return NULL;
    }
    sg->per = per_segment;
    sg->scratch = scratch;
    sg->defer_spell = defer_spell;
    if (!(sg->w = open_segment(sg, 0, err))) {
        gs_segments_close(sg, 0, NULL, NULL);
        return NULL;
    }
    return sg;
}

gs_writer_t *gs_segments_writer(gs_segments_t *sg)
{
    return sg->w;
}

/* Close the current segment (committed), adding its totals. */
static int close_current(gs_segments_t *sg, int commit, char **err)
{
    if (!sg->w)
        return 0;
    uint64_t fl[GS_INDEX_NFIELDS];
    gs_writer_fieldlen(sg->w, fl);
    for (int f = 0; f < GS_INDEX_NFIELDS; f++)
        sg->fieldlen[f] += fl[f];
    int rc = gs_writer_close(sg->w, commit, err);
    sg->w = NULL;
    return rc;
}

/* b's first copy is in closed segment k (if it is really there: the hash
 * may collide): replace it there, in place.  1 done, 0 not there, -1 error. */
static int replace_in_closed(gs_segments_t *sg, unsigned k, const gs_built_doc_t *b, char **err)
{
    gs_writer_t *old = open_segment(sg, k, err);
    if (!old)
        return -1;
    xapc_docid_t did = 0;
    if (xapc_wdb_docid_for_term(gs_writer_wdb(old), b->idterm, b->idterm_len, &did) != XAPC_OK ||
        did == 0) {
        gs_writer_close(old, 0, NULL);
        return 0;
    }
    /* Its totals move by the difference: the old copy's counts out, b's in. */
    uint64_t before[GS_INDEX_NFIELDS], after[GS_INDEX_NFIELDS];
    gs_writer_fieldlen(old, before);
    if (gs_writer_put(old, b, err) < 0) {
        gs_writer_close(old, 0, NULL);
        return -1;
    }
    gs_writer_fieldlen(old, after);
    for (int f = 0; f < GS_INDEX_NFIELDS; f++)
        sg->fieldlen[f] += after[f] - before[f];
    return gs_writer_close(old, 1, err) < 0 ? -1 : 1;
}

int gs_segments_put(gs_segments_t *sg, const gs_built_doc_t *b, char **err)
{
    uint64_t h = id_hash(b->idterm, b->idterm_len);
    if (sg->per && sg->ids.mask) {
        size_t i = id_slot(&sg->ids, h);
        if (sg->ids.key[i] && sg->ids.seg[i] != sg->cur + (sg->w ? 0 : 1)) {
            int r = replace_in_closed(sg, sg->ids.seg[i], b, err);
            if (r != 0)
                return r < 0 ? -1 : 0;
        }
    }
    if (!sg->w) {  /* the next segment starts with its first record */
        if (!(sg->w = open_segment(sg, sg->cur + 1, err)))
            return -1;
        sg->cur++;
        sg->in_cur = 0;
    }
    if (gs_writer_put(sg->w, b, err) < 0)
        return -1;
    sg->in_cur++;
    if (sg->per && id_put(&sg->ids, h, sg->cur) < 0) {
        gs_set_err(err, "out of memory");
        return -1;
    }
    return 0;
}

int gs_segments_commit(gs_segments_t *sg, char **err)
{
    if (!sg->w)
        return 0;
    if (sg->per && sg->in_cur >= sg->per)
        return close_current(sg, 1, err);
    return gs_writer_commit(sg->w, err);
}

int gs_segments_close(gs_segments_t *sg, int commit, uint64_t fieldlen[GS_INDEX_NFIELDS],
                      char **err)
{
    if (!sg)
        return 0;
    int rc = close_current(sg, commit, err);
    if (fieldlen)
        memcpy(fieldlen, sg->fieldlen, sizeof sg->fieldlen);
    free(sg->ids.key);
    free(sg->ids.seg);
    free(sg->base);
    free(sg);
    return rc;
}
