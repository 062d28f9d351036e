/* fcodes.h - the facet codes an index stores (issue 15): each facet
 * slot's values as a small code per docid, kept as Xapian user metadata
 * and written by the indexer in the same commit as the documents
 * (indexer/fcodes.c), so a searcher in a fresh process reads 2 bytes per
 * record and slot (~1.7 MB at 166,848 records) instead of walking five
 * value streams (xapc_codes_build, ~45 ms there).
 *
 * Keys (user metadata; they travel with the index: replication copies
 * them, compaction keeps them, and the indexer rewrites them after a
 * compaction since the revision changes):
 *   "fcodes"          the header, "1 REV DOCS LAST CHUNK": layout 1, the
 *                     revision the commit that wrote them made, the
 *                     doccount and last docid then, docids per chunk.
 *                     The codes describe the index only while it is at
 *                     that revision with those counts: a commit that did
 *                     not write them (an older grantsearch, a tool) leaves
 *                     them unused, never wrong.
 *   "fcodes:S"        slot S's dictionary: a u16 count, then per value a
 *                     u16 length and its bytes (little-endian); code k is
 *                     the k-th value (1-based), 0 no value.  Absent: the
 *                     slot has more than GS_FCODES_MAX values (no codes).
 *                     Values only ever append (codes stay stable, so an
 *                     update rewrites only the chunks it touches); one no
 *                     record holds any more stays, counted 0.
 *   "fcodes:S:K"      the codes of docids K*CHUNK .. K*CHUNK+CHUNK-1, the
 *                     last chunk cut at LAST: u16 little-endian each.
 *
 * Not a schema bump: documents and terms are as schema 6 writes them, and
 * an index without the keys (or with stale ones) is counted as before;
 * the next `index` or `delete` run adds them. */
#ifndef GS_FCODES_H
#define GS_FCODES_H

#include <stddef.h>
#include <stdint.h>

/* The facet slots coded (GS_SLOT_*): status, year, direction, region,
 * contest. */
#define GS_FCODES_NSLOTS 5
extern const int gs_fcodes_slots[GS_FCODES_NSLOTS];

enum {
    GS_FCODES_CHUNK = 4096,  /* docids per chunk key: 8 KB */
    GS_FCODES_MAX = 4096     /* values per slot at most (else no codes) */
};

#define GS_META_FCODES "fcodes"

typedef struct {
    uint64_t rev;
    uint32_t docs, last, chunk;
} gs_fcodes_head_t;

/* The keys of slot's dictionary and of its chunk k into buf (64 bytes do). */
void gs_fcodes_dict_key(char *buf, size_t n, int slot);
void gs_fcodes_chunk_key(char *buf, size_t n, int slot, uint32_t k);

/* The header to/from its text: 0, or -1 not layout 1 or malformed. */
int gs_fcodes_head_parse(const char *s, size_t len, gs_fcodes_head_t *h);
void gs_fcodes_head_format(char *buf, size_t n, const gs_fcodes_head_t *h);

/* A dictionary's values in code order: *count from its first two bytes,
 * then gs_fcodes_dict_next from *off = 2 gives each value (1), the end (0)
 * or a malformed one (-1). */
int gs_fcodes_dict_count(const char *d, size_t len, uint32_t *count);
int gs_fcodes_dict_next(const char *d, size_t len, size_t *off, const char **v, size_t *vlen);

/* Little-endian u16 at p. */
static inline void gs_fcodes_put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8);
}
static inline unsigned gs_fcodes_get16(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8;
}

#endif /* GS_FCODES_H */
