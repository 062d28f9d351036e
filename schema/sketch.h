/* sketch.h - the word sketch (value GS_SLOT_SKETCH): its format, its hash,
 * its encoder (indexer) and decoder (searcher's recheck).
 *
 * Format: a 16-bit seed (two bytes, low first), then for each text field in
 * gs_schema_fields order a LEB128 count of its word positions and two bytes
 * (low first) per position: gs_sketch_hash(seed, term) of the term there
 * (stop words included; for a hyphenated word its parts, not the whole; 0
 * where no term).  Two bytes per word (0.13x the text), it answers most
 * rechecks without reading and re-analysing the record: equal terms have
 * equal hashes, so a phrase absent from the sketch is absent from the
 * record; present, it is there but for a 16-bit collision (about 1 in 10,000
 * candidates that hold the words apart), which is why the hits on a result
 * page are still checked on the record (searcher/verify.h).  The seed (from
 * the record id) gives each record its own hash function, so two words that
 * collide in one record do not collide in all of them. */
#ifndef GS_SKETCH_H
#define GS_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "schema/schema.h"

static inline uint32_t gs_sketch_fnv(uint32_t h, const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)t[i];
        h *= 16777619u;
    }
    return h;
}

/* The hash of term t[0..len) under a record's seed. */
static inline uint16_t gs_sketch_hash(unsigned seed, const char *t, size_t len)
{
    const char s[2] = {(char)(seed & 0xff), (char)(seed >> 8 & 0xff)};
    uint32_t h = gs_sketch_fnv(gs_sketch_fnv(2166136261u, s, 2), t, len);
    return (uint16_t)(h ^ (h >> 16));
}

/* A record's seed, from its id. */
static inline unsigned gs_sketch_seed(const char *id, size_t len)
{
    return gs_sketch_fnv(2166136261u, id, len) & 0xffff;
}

/* ---- encoding (indexer) --------------------------------------------- */

/* One record's sketch being built: put the terms of field 0, end it, put
 * those of field 1, ... end all GS_SCHEMA_NFIELDS, then read the bytes. */
typedef struct gs_sketch_enc gs_sketch_enc_t;

/* A new encoder for the record with this seed; NULL if out of memory.  Free
 * with gs_sketch_enc_free. */
gs_sketch_enc_t *gs_sketch_enc_new(unsigned seed);
void gs_sketch_enc_free(gs_sketch_enc_t *e);
unsigned gs_sketch_enc_seed(const gs_sketch_enc_t *e);

/* Term t[0..len) at word position pos (1-based, as the analyzer counts; a
 * later put at the same position wins; skipped positions hold 0) of the
 * current field.  0, or -1 if out of memory. */
int gs_sketch_enc_put(gs_sketch_enc_t *e, uint32_t pos, const char *t, size_t len);

/* Close the current field (one with no put is empty).  0, or -1 if out of
 * memory. */
int gs_sketch_enc_end_field(gs_sketch_enc_t *e);

/* The encoded bytes so far; owned by e, valid until its next call. */
const unsigned char *gs_sketch_enc_bytes(const gs_sketch_enc_t *e, size_t *len);

/* ---- decoding (searcher) --------------------------------------------- */

/* A decoded sketch: points into the stored value, which must outlive it. */
typedef struct {
    unsigned seed;
    const unsigned char *field[GS_SCHEMA_NFIELDS];  /* 2 bytes a position */
    size_t n[GS_SCHEMA_NFIELDS];                    /* positions per field */
} gs_sketch_t;

/* Read val[0..len) into *out.  0, or -1 if it is not a whole sketch of
 * GS_SCHEMA_NFIELDS fields (then *out is unusable). */
int gs_sketch_decode(const void *val, size_t len, gs_sketch_t *out);

/* The hash at position i (0-based, < n[f]) of field f. */
static inline uint16_t gs_sketch_at(const gs_sketch_t *sk, int f, size_t i)
{
    const unsigned char *p = sk->field[f] + 2 * i;
    return (uint16_t)(p[0] | p[1] << 8);
}

/* The first position >= from (0-based) of field f holding hash h, or
 * n[f] if none does. */
size_t gs_sketch_find(const gs_sketch_t *sk, int f, size_t from, uint16_t h);

/* Does field f hold hash h anywhere? */
int gs_sketch_has(const gs_sketch_t *sk, int f, uint16_t h);

#endif /* GS_SKETCH_H */
