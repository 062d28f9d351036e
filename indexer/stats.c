/* stats.c - what `grantsearch stats` prints: counts, size, freshness, and
 * per-field average lengths (from the totals the writer keeps in metadata). */
#include "indexer/internal.h"
#include "schema/schema.h"
#include "toolkit/error.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t du_total;

static int du_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)p; (void)ftw;
    if (flag == FTW_F)
        du_total += (uint64_t)st->st_size;
    return 0;
}

uint64_t gs_index_disk_usage(const char *path)
{
    /* nftw has no context pointer; stats is not called from threads. */
    du_total = 0;
    nftw(path, du_one, 16, FTW_PHYS);
    return du_total;
}

static void meta(xapc_db_t *db, const char *key, char *buf, size_t cap)
{
    const char *v;
    size_t len;
    buf[0] = 0;
    if (xapc_db_get_metadata(db, key, &v, &len) == XAPC_OK) {
        if (len >= cap)
            len = cap - 1;
        memcpy(buf, v, len);
        buf[len] = 0;
    }
}

gs_status_t gs_index_stats(const char *db_path, gs_index_stats_t *out, char **err)
{
    memset(out, 0, sizeof *out);
    /* A reader: it repairs nothing and removes nothing (a writer may be
     * using what looks left over; only the lock holder repairs). */
    xapc_db_t *db = NULL;
    char *xerr = NULL;
    xapc_status_t s = xapc_db_open(db_path, &db, &xerr);
    if (s != XAPC_OK) {
        gs_set_err(err, "%s: cannot open the index: %s", db_path,
                   xerr ? xerr : xapc_status_to_string(s));
        free(xerr);
        return GS_ENOINDEX;
    }
    out->records = xapc_db_doccount(db);
    out->avg_doclen = xapc_db_avlength(db);
    meta(db, GS_META_UPDATED, out->updated, sizeof out->updated);
    meta(db, GS_META_SCHEMA, out->schema, sizeof out->schema);
    for (int i = 0; i < GS_INDEX_NFIELDS; i++) {
        char key[64], val[32];
        snprintf(key, sizeof key, "%s%s", GS_META_FIELD_LEN, gs_field_name(gs_schema_fields[i].record));
        meta(db, key, val, sizeof val);
        out->avg_len[i] = out->records ? strtod(val, NULL) / out->records : 0;
    }
    xapc_termiter_t *it = NULL;
    if (xapc_db_allterms(db, "", 0, &it) == XAPC_OK) {
        const char *t;
        size_t len;
        while (xapc_termiter_next(it, &t, &len, NULL, NULL) == 1)
            out->terms++;
        xapc_termiter_destroy(it);
    }
    xapc_db_destroy(db);
    out->disk_bytes = gs_index_disk_usage(db_path);
    unsigned ns = gs_dir_shard_count(db_path);
    if (ns && gs_index_shard_stats(db_path, ns, out, err) < 0)
        return GS_ENOINDEX;
    return GS_OK;
}
