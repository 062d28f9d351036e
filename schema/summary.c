/* summary.c - the result-line summary's codec (format: summary.h). */
#include "schema/summary.h"

#include <stdint.h>
#include <string.h>

#define GS_SUMMARY_VERSION 1

const gs_field_t gs_summary_fields[GS_SUMMARY_NFIELDS] = {GS_ID, GS_NUMBER, GS_TITLE,
                                                          GS_REGION};

static int put_leb(gs_buf_t *b, uint64_t v)
{
    char c[10];
    size_t n = 0;
    do {
        c[n] = (char)(v & 0x7f);
        v >>= 7;
        if (v)
            c[n] |= (char)0x80;
        n++;
    } while (v);
    return gs_buf_append(b, c, n);
}

/* A LEB128 at *pp (before end) into *out; -1 if cut short or over 64 bits. */
static int get_leb(const unsigned char **pp, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (*pp == end)
            return -1;
        unsigned char c = *(*pp)++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

int gs_summary_encode(const gs_record_t *r, gs_buf_t *out)
{
    gs_buf_append_byte(out, GS_SUMMARY_VERSION);
    gs_buf_append_byte(out, (char)r->status);
    put_leb(out, (uint32_t)r->year);
    /* Each field as the stored record reads back (gs_record_from_json trims
     * and takes an empty field as absent), so that a summary line is
     * byte for byte the line the stored record gave. */
    for (int i = 0; i < GS_SUMMARY_NFIELDS; i++) {
        const char *s = r->str[gs_summary_fields[i]];
        size_t n = s ? strlen(s) : 0;
        if (s)
            gs_record_trim(&s, &n);
        put_leb(out, n ? (uint64_t)n + 1 : 0);
        gs_buf_append(out, s, n);
    }
    return gs_buf_failed(out) ? -1 : 0;
}

int gs_summary_decode(const char *v, size_t len, gs_summary_t *out)
{
    const unsigned char *p = (const unsigned char *)v, *end = p + len;
    uint64_t x;
    if (len < 2 || p[0] != GS_SUMMARY_VERSION || p[1] > GS_OUTCOME_REJECTED)
        return -1;
    out->status = (gs_outcome_t)p[1];
    p += 2;
    if (get_leb(&p, end, &x) < 0 || x > UINT32_MAX)
        return -1;
    out->year = (int)(int32_t)(uint32_t)x;
    for (int i = 0; i < GS_SUMMARY_NFIELDS; i++) {
        if (get_leb(&p, end, &x) < 0 || x > (uint64_t)(end - p) + 1)
            return -1;
        out->str[i] = x ? (const char *)p : NULL;
        out->len[i] = x ? (size_t)(x - 1) : 0;
        p += out->len[i];
    }
    return p == end ? 0 : -1;
}
