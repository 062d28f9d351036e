/* fcodes.c - the stored facet codes' keys and encodings (fcodes.h). */
#include "schema/fcodes.h"
#include "schema/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const int gs_fcodes_slots[GS_FCODES_NSLOTS] = {GS_SLOT_STATUS, GS_SLOT_YEAR_TEXT,
                                               GS_SLOT_DIRECTION, GS_SLOT_REGION,
                                               GS_SLOT_CONTEST};

void gs_fcodes_dict_key(char *buf, size_t n, int slot)
{
    snprintf(buf, n, "%s:%d", GS_META_FCODES, slot);
}

void gs_fcodes_chunk_key(char *buf, size_t n, int slot, uint32_t k)
{
    snprintf(buf, n, "%s:%d:%" PRIu32, GS_META_FCODES, slot, k);
}

int gs_fcodes_head_parse(const char *s, size_t len, gs_fcodes_head_t *h)
{
    char buf[96];
    unsigned layout;
    char end;
    if (!len || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = 0;
    if (sscanf(buf, "%u %" SCNu64 " %" SCNu32 " %" SCNu32 " %" SCNu32 "%c", &layout, &h->rev,
               &h->docs, &h->last, &h->chunk, &end) != 5 ||
        layout != 1 || !h->chunk)
        return -1;
    return 0;
}

void gs_fcodes_head_format(char *buf, size_t n, const gs_fcodes_head_t *h)
{
    snprintf(buf, n, "1 %" PRIu64 " %" PRIu32 " %" PRIu32 " %" PRIu32, h->rev, h->docs, h->last,
             h->chunk);
}

int gs_fcodes_dict_count(const char *d, size_t len, uint32_t *count)
{
    if (len < 2)
        return -1;
    *count = gs_fcodes_get16((const unsigned char *)d);
    return 0;
}

int gs_fcodes_dict_next(const char *d, size_t len, size_t *off, const char **v, size_t *vlen)
{
    if (*off == len)
        return 0;
    if (len - *off < 2)
        return -1;
    size_t n = gs_fcodes_get16((const unsigned char *)d + *off);
    if (len - *off - 2 < n)
        return -1;
    *v = d + *off + 2;
    *vlen = n;
    *off += 2 + n;
    return 1;
}
