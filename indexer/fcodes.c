/* fcodes.c - the stored facet codes kept right by the writer (fcodes.h,
 * the layout in schema/fcodes.h).
 *
 * A commit rewrites only what changed: the chunks of the docids the writer
 * touched since the last commit (read back from its own value streams, so
 * they are what the commit holds, whatever a put or delete did), the
 * dictionaries that grew, and the header naming the revision the commit
 * makes.  Codes of values already known never change; a new value takes
 * the next code.  At 166,848 records a whole rewrite (a fresh build, an
 * index upgraded, a compaction) costs one walk of five value streams. */
#include "indexer/fcodes.h"
#include "schema/fcodes.h"
#include "schema/sketch.h"
#include "toolkit/error.h"

#include <stdlib.h>
#include <string.h>

/* Open addressing over the codes of one slot's values: twice GS_FCODES_MAX. */
enum { HASH_SIZE = 2 * GS_FCODES_MAX };

typedef struct {
    int too_many;        /* past GS_FCODES_MAX: no codes for this slot */
    int grew;            /* dictionary to write */
    uint32_t n;          /* values: code k is val[k - 1] */
    char **val;
    size_t *len;
    uint16_t hash[HASH_SIZE];  /* a code, or 0 */
} slot_t;

struct gs_fcw {
    slot_t s[GS_FCODES_NSLOTS];
    unsigned char *dirty;  /* per chunk */
    size_t ndirty;
    int all;               /* every chunk and dictionary to write */
    uint32_t old_last;     /* the last docid the stored chunks covered */
};

static void slot_clear(slot_t *s)
{
    for (uint32_t k = 0; k < s->n; k++)
        free(s->val[k]);
    free(s->val);
    free(s->len);
    memset(s, 0, sizeof *s);
}

/* The code of v in s, a new one if unseen; 0 past GS_FCODES_MAX (s is then
 * too_many) or out of memory (-1 in *oom). */
static unsigned code_of(slot_t *s, const char *v, size_t len, int *oom)
{
    uint32_t i = gs_sketch_fnv(2166136261u, v, len) % HASH_SIZE;  /* FNV-1a */
    for (; s->hash[i]; i = (i + 1) % HASH_SIZE) {
        uint16_t c = s->hash[i];
        if (s->len[c - 1] == len && !memcmp(s->val[c - 1], v, len))
            return c;
    }
    if (s->n >= GS_FCODES_MAX || len > UINT16_MAX) {
        s->too_many = 1;
        return 0;
    }
    char **val = realloc(s->val, (s->n + 1) * sizeof *val);
    if (val)
        s->val = val;
    size_t *lens = val ? realloc(s->len, (s->n + 1) * sizeof *lens) : NULL;
    if (lens)
        s->len = lens;
    char *copy = lens ? malloc(len + 1) : NULL;
    if (!copy) {
        *oom = 1;
        return 0;
    }
    memcpy(copy, v, len);
    copy[len] = 0;
    s->val[s->n] = copy;
    s->len[s->n++] = len;
    s->hash[i] = (uint16_t)s->n;
    s->grew = 1;
    return s->n;
}

/* The stored dictionary d into s: 0, or -1 malformed or out of memory. */
static int load_dict(slot_t *s, const char *d, size_t len)
{
    uint32_t count;
    size_t off = 2;
    const char *v;
    size_t vlen;
    int oom = 0, r;
    if (gs_fcodes_dict_count(d, len, &count) < 0 || count > GS_FCODES_MAX)
        return -1;
    while ((r = gs_fcodes_dict_next(d, len, &off, &v, &vlen)) == 1)
        if (code_of(s, v, vlen, &oom) != s->n || oom)
            return -1;  /* a repeat, or no memory */
    s->grew = 0;
    return r == 0 && s->n == count ? 0 : -1;
}

/* The stored codes' state when they describe rdb: 0, else -1. */
static int load_stored(gs_fcw_t *w, xapc_db_t *rdb)
{
    const char *v;
    size_t len;
    gs_fcodes_head_t h;
    uint64_t rev;
    if (xapc_db_get_metadata(rdb, GS_META_FCODES, &v, &len) != XAPC_OK ||
        gs_fcodes_head_parse(v, len, &h) < 0)
        return -1;
    w->old_last = h.chunk == GS_FCODES_CHUNK ? h.last : 0;
    if (xapc_db_revision(rdb, &rev) != XAPC_OK || rev != h.rev ||
        h.docs != xapc_db_doccount(rdb) || h.last != xapc_db_lastdocid(rdb) ||
        h.chunk != GS_FCODES_CHUNK)
        return -1;
    for (size_t i = 0; i < GS_FCODES_NSLOTS; i++) {
        char key[64];
        gs_fcodes_dict_key(key, sizeof key, gs_fcodes_slots[i]);
        if (xapc_db_get_metadata(rdb, key, &v, &len) != XAPC_OK)
            return -1;
        if (!len)
            w->s[i].too_many = 1;
        else if (load_dict(&w->s[i], v, len) < 0)
            return -1;
    }
    return 0;
}

gs_fcw_t *gs_fcw_open(xapc_db_t *rdb)
{
    gs_fcw_t *w = calloc(1, sizeof *w);
    if (w && rdb && load_stored(w, rdb) == 0)
        return w;
    if (w) {  /* none, stale or unreadable: all written afresh */
        for (size_t i = 0; i < GS_FCODES_NSLOTS; i++)
            slot_clear(&w->s[i]);
        w->all = 1;
    }
    return w;
}

void gs_fcw_free(gs_fcw_t *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < GS_FCODES_NSLOTS; i++)
        slot_clear(&w->s[i]);
    free(w->dirty);
    free(w);
}

void gs_fcw_touch(gs_fcw_t *w, xapc_docid_t did)
{
    size_t k = did / GS_FCODES_CHUNK;
    if (!w || w->all)
        return;
    if (k >= w->ndirty) {
        size_t n = k + 64;
        unsigned char *d = realloc(w->dirty, n);
        if (!d) {
            w->all = 1;  /* cannot remember which: rewrite everything */
            return;
        }
        memset(d + w->ndirty, 0, n - w->ndirty);
        w->dirty = d;
        w->ndirty = n;
    }
    w->dirty[k] = 1;
}

/* ---- writing ----------------------------------------------------------- */

/* One chunk being filled from a value stream. */
typedef struct {
    slot_t *s;
    unsigned char *out;  /* u16 per docid from base */
    xapc_docid_t base;
    int oom;
} fill_t;

static int fill_one(void *ctx, xapc_docid_t did, const char *val, size_t len)
{
    fill_t *f = ctx;
    unsigned c = code_of(f->s, val, len, &f->oom);
    if (f->oom)
        return XAPC_NO_MEMORY;
    if (f->s->too_many)
        return XAPC_UNAVAILABLE;
    gs_fcodes_put16(f->out + 2 * (did - f->base), c);
    return 0;
}

static int set_meta(xapc_wdb_t *wdb, const char *key, const void *v, size_t len)
{
    return xapc_wdb_set_metadata(wdb, key, v, len) == XAPC_OK ? 0 : -1;
}

/* Chunk k of slot i (docids up to last) read from wdb and stored; or the
 * slot found to hold too many values. */
static xapc_status_t write_chunk(gs_fcw_t *w, xapc_wdb_t *wdb, size_t i, uint32_t k,
                                 uint32_t last, unsigned char *buf)
{
    xapc_docid_t from = (xapc_docid_t)k * GS_FCODES_CHUNK;
    xapc_docid_t to = last - from < GS_FCODES_CHUNK ? last + 1 : from + GS_FCODES_CHUNK;
    fill_t f = {&w->s[i], buf, from, 0};
    memset(buf, 0, 2 * (size_t)(to - from));
    xapc_status_t st = xapc_wdb_values(wdb, (xapc_slot_t)gs_fcodes_slots[i], from, to, fill_one, &f);
    if (st == XAPC_UNAVAILABLE && w->s[i].too_many)
        return XAPC_OK;
    char key[64];
    gs_fcodes_chunk_key(key, sizeof key, gs_fcodes_slots[i], k);
    if (st == XAPC_OK && set_meta(wdb, key, buf, 2 * (size_t)(to - from)) < 0)
        st = XAPC_DATABASE;
    return st;
}

/* Slot i's dictionary as stored ("" when too many). */
static int write_dict(slot_t *s, xapc_wdb_t *wdb, int slot)
{
    char key[64];
    gs_fcodes_dict_key(key, sizeof key, slot);
    if (s->too_many)
        return set_meta(wdb, key, "", 0);
    size_t n = 2;
    for (uint32_t k = 0; k < s->n; k++)
        n += 2 + s->len[k];
    unsigned char *d = malloc(n);
    if (!d)
        return -1;
    gs_fcodes_put16(d, s->n);
    size_t off = 2;
    for (uint32_t k = 0; k < s->n; k++) {
        gs_fcodes_put16(d + off, (unsigned)s->len[k]);
        memcpy(d + off + 2, s->val[k], s->len[k]);
        off += 2 + s->len[k];
    }
    int rc = set_meta(wdb, key, d, n);
    free(d);
    s->grew = 0;
    return rc;
}

/* Chunk keys of slot past last (docids a compaction renumbered away, or a
 * slot now without codes) removed. */
static int drop_chunks(xapc_wdb_t *wdb, int slot, uint32_t from_chunk, uint32_t old_last)
{
    char key[64];
    for (uint32_t k = from_chunk; k <= old_last / GS_FCODES_CHUNK; k++) {
        gs_fcodes_chunk_key(key, sizeof key, slot, k);
        if (set_meta(wdb, key, "", 0) < 0)
            return -1;
    }
    return 0;
}

int gs_fcw_write(gs_fcw_t *w, xapc_wdb_t *wdb, const char *path, char **err)
{
    uint64_t rev;
    uint32_t last = xapc_wdb_lastdocid(wdb);
    uint32_t nchunks = last / GS_FCODES_CHUNK + 1;
    unsigned char *buf = malloc(2 * GS_FCODES_CHUNK);
    xapc_status_t st = buf ? xapc_wdb_revision(wdb, &rev) : XAPC_NO_MEMORY;
    for (size_t i = 0; st == XAPC_OK && i < GS_FCODES_NSLOTS; i++) {
        slot_t *s = &w->s[i];
        int was_too_many = s->too_many;
        for (uint32_t k = 0; st == XAPC_OK && !s->too_many && k < nchunks; k++)
            if (w->all || (k < w->ndirty && w->dirty[k]))
                st = write_chunk(w, wdb, i, k, last, buf);
        if (st == XAPC_OK && (w->all || s->grew || s->too_many != was_too_many) &&
            write_dict(s, wdb, gs_fcodes_slots[i]) < 0)
            st = XAPC_DATABASE;
        if (st == XAPC_OK && s->too_many && !was_too_many &&
            drop_chunks(wdb, gs_fcodes_slots[i], 0, last > w->old_last ? last : w->old_last) < 0)
            st = XAPC_DATABASE;
        else if (st == XAPC_OK && w->all && w->old_last > last &&
                 drop_chunks(wdb, gs_fcodes_slots[i], nchunks, w->old_last) < 0)
            st = XAPC_DATABASE;
    }
    free(buf);
    if (st == XAPC_OK) {
        char head[96];
        gs_fcodes_head_t h = {rev + 1, xapc_wdb_doccount(wdb), last, GS_FCODES_CHUNK};
        gs_fcodes_head_format(head, sizeof head, &h);
        if (set_meta(wdb, GS_META_FCODES, head, strlen(head)) < 0)
            st = XAPC_DATABASE;
        w->old_last = last;
    }
    if (st != XAPC_OK) {
        gs_set_err(err, "%s: cannot write the facet codes: %s", path,
                   st == XAPC_NO_MEMORY ? "out of memory" : xapc_wdb_last_error(wdb));
        return -1;
    }
    w->all = 0;
    if (w->dirty)
        memset(w->dirty, 0, w->ndirty);
    return 0;
}

int gs_fcodes_write_all(xapc_wdb_t *wdb, const char *path, char **err)
{
    gs_fcw_t *w = gs_fcw_open(NULL);
    if (!w) {
        gs_set_err(err, "out of memory");
        return -1;
    }
    int rc = gs_fcw_write(w, wdb, path, err);
    gs_fcw_free(w);
    return rc;
}

int gs_fcodes_refresh(const char *path, char **err)
{
    xapc_wdb_t *wdb = NULL;
    char *xerr = NULL;
    xapc_status_t st = xapc_wdb_open(path, XAPC_WDB_OPEN, &wdb, &xerr);
    if (st != XAPC_OK) {
        gs_set_err(err, "%s: cannot open the index for writing: %s", path,
                   xerr ? xerr : xapc_status_to_string(st));
        free(xerr);
        return -1;
    }
    int rc = gs_fcodes_write_all(wdb, path, err);
    if (rc == 0 && xapc_wdb_commit(wdb) != XAPC_OK) {
        gs_set_err(err, "%s: commit failed: %s", path, xapc_wdb_last_error(wdb));
        rc = -1;
    }
    xapc_wdb_destroy(wdb);
    return rc;
}
