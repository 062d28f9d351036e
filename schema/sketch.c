/* sketch.c - the word sketch codec (sketch.h): written by the indexer, read
 * by the searcher's recheck, so both agree on one format. */
#include "schema/sketch.h"

#include <stdlib.h>
#include <string.h>

struct gs_sketch_enc {
    unsigned seed;
    unsigned char *out;   /* the value: seed, then the closed fields */
    size_t len, cap;
    unsigned char *cur;   /* the open field: 2 bytes a position */
    size_t cur_n, cur_cap; /* positions, bytes */
};

/* Make room for need bytes in *buf (capacity *cap, doubled from 512). */
static int grow(unsigned char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 512;
    while (c < need)
        c *= 2;
    unsigned char *p = realloc(*buf, c);
    if (!p)
        return -1;
    *buf = p;
    *cap = c;
    return 0;
}

gs_sketch_enc_t *gs_sketch_enc_new(unsigned seed)
{
    gs_sketch_enc_t *e = calloc(1, sizeof *e);
    if (!e || grow(&e->out, &e->cap, 2) < 0) {
        free(e);
        return NULL;
    }
    e->seed = seed & 0xffff;
    e->out[0] = (unsigned char)(e->seed & 0xff);
    e->out[1] = (unsigned char)(e->seed >> 8);
    e->len = 2;
    return e;
}

void gs_sketch_enc_free(gs_sketch_enc_t *e)
{
    if (!e)
        return;
    free(e->out);
    free(e->cur);
    free(e);
}

unsigned gs_sketch_enc_seed(const gs_sketch_enc_t *e)
{
    return e->seed;
}

int gs_sketch_enc_put(gs_sketch_enc_t *e, uint32_t pos, const char *t, size_t len)
{
    uint16_t h = gs_sketch_hash(e->seed, t, len);
    size_t i = pos ? pos - 1 : 0;
    if (grow(&e->cur, &e->cur_cap, 2 * i + 2) < 0)
        return -1;
    if (i >= e->cur_n) {
        memset(e->cur + 2 * e->cur_n, 0, 2 * (i + 1 - e->cur_n));
        e->cur_n = i + 1;
    }
    e->cur[2 * i] = (unsigned char)(h & 0xff);
    e->cur[2 * i + 1] = (unsigned char)(h >> 8);
    return 0;
}

int gs_sketch_enc_end_field(gs_sketch_enc_t *e)
{
    size_t n = e->cur_n;
    if (grow(&e->out, &e->cap, e->len + 2 * n + 10) < 0)
        return -1;
    size_t v = n;
    do { /* LEB128 */
        unsigned char b = v & 0x7f;
        v >>= 7;
        e->out[e->len++] = b | (v ? 0x80 : 0);
    } while (v);
    if (n)
        memcpy(e->out + e->len, e->cur, 2 * n);
    e->len += 2 * n;
    e->cur_n = 0;
    return 0;
}

const unsigned char *gs_sketch_enc_bytes(const gs_sketch_enc_t *e, size_t *len)
{
    *len = e->len;
    return e->out;
}

int gs_sketch_decode(const void *val, size_t len, gs_sketch_t *out)
{
    const unsigned char *p = val, *end = p + len;
    if (len < 2)
        return -1;
    out->seed = p[0] | (unsigned)p[1] << 8;
    p += 2;
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++) {
        size_t n = 0;
        int shift = 0;
        for (;;) {
            if (p == end || shift > 28)
                return -1;
            unsigned char b = *p++;
            n |= (size_t)(b & 0x7f) << shift;
            shift += 7;
            if (!(b & 0x80))
                break;
        }
        if ((size_t)(end - p) / 2 < n)
            return -1;
        out->field[f] = p;
        out->n[f] = n;
        p += 2 * n;
    }
    return p == end ? 0 : -1;
}

size_t gs_sketch_find(const gs_sketch_t *sk, int f, size_t from, uint16_t h)
{
    /* memchr (vectorised) for the low byte; a hit at an odd byte offset
     * straddles two positions and is passed over. */
    const unsigned char *base = sk->field[f], *end = base + 2 * sk->n[f];
    const unsigned char *p = base + 2 * from;
    unsigned char lo = (unsigned char)(h & 0xff), hi = (unsigned char)(h >> 8);
    while (p < end && (p = memchr(p, lo, (size_t)(end - p))) != NULL) {
        size_t off = (size_t)(p - base);
        if (!(off & 1) && p + 1 < end && p[1] == hi)
            return off / 2;
        p++;
    }
    return sk->n[f];
}

int gs_sketch_has(const gs_sketch_t *sk, int f, uint16_t h)
{
    return gs_sketch_find(sk, f, 0, h) < sk->n[f];
}
