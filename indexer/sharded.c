/* sharded.c - an index kept as N shard databases: the layout, the routing
 * of every write to the shard that holds the record, and the stub that
 * makes the shards one database for readers.
 *
 * Layout of a sharded DB (made by `index --shards N`):
 *   DB/shard-00 ... DB/shard-(N-1)  plain grantsearch indexes, each with its
 *                                   own lock; xapian-tcpsrv can serve each;
 *   DB/spelling                     the spelling table only ("did you mean"
 *                                   is read from here: Xapian's remote
 *                                   backend does not carry spelling);
 *   DB/XAPIANDB                     a Xapian stub, `auto shard-NN` per line,
 *                                   so `-d DB` opens all shards as one
 *                                   database with global statistics.
 * Routing: a record goes to shard gs_index_shard_of(id, N), FNV-1a of its
 * application number (the text of its unique Q term) mod N, the same
 * function the parallel fresh build uses; N is fixed when DB is made, so a
 * record is never in two shards.  Changing N means indexing into a new
 * directory.
 * Locks: a writer takes DB's own lock (dir.c) first, then each shard's
 * writer takes that shard's lock; DB/writer.pid names the holder.
 * Crash safety: each shard commits as a plain index does (a kill leaves
 * each shard at its last commit); the stub is written, atomically, only
 * after every shard exists and opens, so a reader never sees a stub naming
 * a missing shard.  Writes to several shards (one batch, one delete of
 * several numbers) are not one transaction: a kill may leave some shards
 * with the batch and some without, which re-running the same command
 * repairs (an update replaces, a delete of what is gone is a no-op).
 */
#include "indexer/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

unsigned gs_index_shard_of(const char *id, unsigned n)
{
    uint64_t h = 1469598103934665603ULL;
    for (; id && *id; id++)
        h = (h ^ (unsigned char)*id) * 1099511628211ULL;
    return n ? (unsigned)(h % n) : 0;
}

unsigned gs_dir_shard_count(const char *db)
{
    char *p = NULL;
    if (asprintf(&p, "%s/XAPIANDB", db) < 0)
        return 0;
    FILE *f = fopen(p, "r");
    free(p);
    if (!f)
        return 0;
    char line[256];
    unsigned n = 0;
    int ours = 1;
    while (ours && fgets(line, sizeof line, f)) {
        char want[64];
        snprintf(want, sizeof want, "auto " GS_SHARD_FMT "\n", n);
        ours = n < GS_SHARDS_MAX && !strcmp(line, want);
        n += ours;
    }
    fclose(f);
    return ours ? n : 0;
}

/* "DB/shard-NN" (malloc'd), or DB/spelling for i == N. */
static char *shard_path(const char *db, unsigned i, unsigned n)
{
    char *p = NULL;
    int r = i < n ? asprintf(&p, "%s/" GS_SHARD_FMT, db, i)
                  : asprintf(&p, "%s/" GS_SHARD_SPELLING, db);
    return r < 0 ? NULL : p;
}

static void free_paths(char **v, unsigned n)
{
    for (unsigned i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* The paths of the n shards and, last, the spelling database. */
static char **shard_paths(const char *db, unsigned n, char **err)
{
    char **v = calloc(n + 1, sizeof *v);
    for (unsigned i = 0; v && i <= n; i++)
        if (!(v[i] = shard_path(db, i, n))) {
            free_paths(v, n + 1);
            v = NULL;
        }
    if (!v)
        gs_set_err(err, "out of memory");
    return v;
}

/* An empty, committed database at path (a shard or the spelling one). */
static int make_empty(const char *path, char **err)
{
    gs_writer_t *w = gs_writer_open(path, 0, err);
    return w ? gs_writer_close(w, 1, err) : -1;
}

/* DB/XAPIANDB naming the n shards, written to a temporary name and renamed,
 * so a reader sees no stub or a complete one. */
static int write_stub(const char *db, unsigned n, char **err)
{
    char *tmp = NULL, *stub = NULL;
    int rc = -1;
    if (asprintf(&tmp, "%s/XAPIANDB.tmp", db) < 0 || asprintf(&stub, "%s/XAPIANDB", db) < 0) {
        gs_set_err(err, "out of memory");
        goto out;
    }
    FILE *f = fopen(tmp, "w");
    for (unsigned i = 0; f && i < n; i++)
        fprintf(f, "auto " GS_SHARD_FMT "\n", i);
    if (!f || fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0 ||
        (f = NULL, rename(tmp, stub) != 0)) {
        gs_set_err(err, "%s: cannot write the shards' stub %s: %s", db, stub, strerror(errno));
        if (f)
            fclose(f);
        unlink(tmp);
        goto out;
    }
    rc = 0;
out:
    free(tmp);
    free(stub);
    return rc;
}

/* Take DB's own lock for a sharded write and say who holds it. */
static int lock_top(const char *db, int must_exist, char **err)
{
    int fd = gs_dir_lock(db, must_exist, err);
    if (fd < 0)
        return -1;
    char *p = NULL;
    FILE *f = asprintf(&p, "%s/writer.pid", db) < 0 ? NULL : fopen(p, "w");
    if (f) {
        fprintf(f, "%ld\n", (long)getpid());
        fclose(f);
    }
    free(p);
    return fd;
}

static void unlock_top(const char *db, int fd)
{
    char *p = NULL;
    if (asprintf(&p, "%s/writer.pid", db) >= 0)
        unlink(p);
    free(p);
    close(fd);
}

/* How many shards DB has, making them (want of them) if DB is new (*fresh
 * = 1); 0 and *err when DB cannot become or stay a sharded index of that
 * many. */
static unsigned prepare(const char *db, unsigned want, int *fresh, char **err)
{
    *fresh = 0;
    unsigned have = gs_dir_shard_count(db);
    if (have && want && want != have) {
        gs_set_err(err, "%s has %u shards, not %u: a record's shard depends on their number, "
                   "so index into a new directory to change it", db, have, want);
        return 0;
    }
    if (have)
        return have;
    if (gs_dir_has_index(db)) {
        gs_set_err(err, "%s is an index of one database: --shards builds a sharded index "
                   "only in a new or empty directory", db);
        return 0;
    }
    if (want > GS_SHARDS_MAX) {
        gs_set_err(err, "--shards: at most %d", GS_SHARDS_MAX);
        return 0;
    }
    /* Shards without a stub: a first build killed before its end, whose
     * records may be routed by another N; or someone else's directories.
     * Either way not ours to remove: say so. */
    char **old = shard_paths(db, GS_SHARDS_MAX, err);
    struct stat st;
    for (unsigned i = 0; old && i <= GS_SHARDS_MAX; i++)
        if (stat(old[i], &st) == 0) {
            gs_set_err(err, "%s holds %s but no shards' stub (a sharded build that did not "
                       "finish?): remove DB/shard-* and DB/" GS_SHARD_SPELLING " or index into "
                       "a new directory", db, old[i]);
            free_paths(old, GS_SHARDS_MAX + 1);
            return 0;
        }
    free_paths(old, GS_SHARDS_MAX + 1);
    char **p = shard_paths(db, want, err);
    int ok = p != NULL;
    for (unsigned i = 0; ok && i <= want; i++)
        ok = make_empty(p[i], err) == 0;
    free_paths(p, want + 1);
    *fresh = ok;
    return ok && write_stub(db, want, err) == 0 ? want : 0;
}

struct gs_spell_sink {
    pthread_mutex_t mu;
    gs_writer_t *w;
    char *err;
};

int gs_spell_sink_put(gs_spell_sink_t *sink, const gs_built_doc_t *b)
{
    int rc = 0;
    pthread_mutex_lock(&sink->mu);
    xapc_wdb_t *wdb = gs_writer_wdb(sink->w);
    for (size_t off = 0; rc == 0 && off < b->spell_len;) {
        size_t len = strlen(b->spell + off);
        if (xapc_wdb_add_spelling(wdb, b->spell + off, len, 1) != XAPC_OK) {
            if (!sink->err)
                gs_set_err(&sink->err, "cannot add spelling data: %s", xapc_wdb_last_error(wdb));
            rc = -1;
        }
        off += len + 1;
    }
    /* The lemma table too: a sharded index is read through its stub, whose
     * get_metadata sees the first shard only, so the whole table lives
     * beside the stub (query/words.c reads it there). */
    char *lerr = NULL;
    if (rc == 0 && gs_writer_put_lemma_table(sink->w, b, &lerr) < 0) {
        if (!sink->err)
            sink->err = lerr;
        else
            free(lerr);
        rc = -1;
    }
    pthread_mutex_unlock(&sink->mu);
    return rc;
}

int gs_index_keep_shards(const gs_index_options_t *o, const char *const *paths, size_t n,
                         gs_index_result_t *res, char **err)
{
    double t0 = gs_clock_now();
    memset(res, 0, sizeof *res);
    int fd = lock_top(o->db_path, 0, err);
    if (fd < 0)
        return -1;
    int rc = -1, fresh = 0;
    unsigned ns = prepare(o->db_path, o->nshards, &fresh, err);
    char **p = ns ? shard_paths(o->db_path, ns, err) : NULL;
    gs_spell_sink_t sink = {.w = NULL, .err = NULL};
    pthread_mutex_init(&sink.mu, NULL);
    if (p && o->spelling && !(sink.w = gs_writer_open(p[ns], 1, err)))
        goto out;
    if (p)
        rc = gs_index_fill_shards(o, p, ns, sink.w ? &sink : NULL, paths, n, res, NULL, err);
    if (sink.w) {
        /* What the shards committed, the spelling commits too (it is only
         * advice: on a failure it keeps what it has). */
        if (sink.err && rc == 0) {
            gs_set_err(err, "%s: %s", p[ns], sink.err);
            rc = -1;
        }
        if (gs_writer_close(sink.w, 1, rc == 0 ? err : NULL) < 0)
            rc = -1;
    }
    /* A fresh build's shards grew commit by commit; compacted they are
     * less than half the size and faster to read, as the one-database
     * build's merge is (20,000 records: 348 MB for 2 shards before, see
     * bench/shards.sh).  Each shard is swapped in by itself (compact.c). */
    for (unsigned i = 0; rc == 0 && fresh && !res->interrupted && i <= ns; i++)
        if (gs_index_compact(p[i], err) != GS_OK)
            rc = -1;
out:
    free(sink.err);
    pthread_mutex_destroy(&sink.mu);
    free_paths(p, ns + 1);
    unlock_top(o->db_path, fd);
    res->commits += rc == 0;
    res->seconds = gs_clock_now() - t0;
    return rc;
}

int gs_index_delete_sharded(const char *db, unsigned ns, const char *const *ids, size_t n,
                            unsigned long *missing, char **err)
{
    int fd = lock_top(db, 1, err);
    if (fd < 0)
        return -1;
    char **p = shard_paths(db, ns, err);
    const char **mine = calloc(n ? n : 1, sizeof *mine);
    int rc = p && mine ? 0 : -1;
    if (p && !mine)
        gs_set_err(err, "out of memory");
    unsigned long miss = 0;
    /* Each shard once, with the numbers that live there. */
    for (unsigned s = 0; rc == 0 && s < ns; s++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (gs_index_shard_of(ids[i], ns) == s)
                mine[k++] = ids[i];
        unsigned long m = 0;
        if (k && gs_index_delete(p[s], mine, k, &m, err) < 0)
            rc = -1;
        miss += m;
    }
    if (missing)
        *missing = miss;
    free(mine);
    free_paths(p, ns + 1);
    unlock_top(db, fd);
    return rc;
}

gs_status_t gs_index_compact_sharded(const char *db, unsigned ns, char **err)
{
    int fd = lock_top(db, 1, err);
    if (fd < 0)
        return GS_EINDEX;
    char **p = shard_paths(db, ns, err);
    gs_status_t rc = p ? GS_OK : GS_ENOMEM;
    /* One shard at a time: each is swapped in by itself (compact.c), so the
     * stub opens at every moment. */
    for (unsigned i = 0; rc == GS_OK && i <= ns; i++)
        rc = gs_index_compact(p[i], err);
    free_paths(p, ns + 1);
    unlock_top(db, fd);
    return rc;
}

int gs_index_shard_stats(const char *db, unsigned ns, gs_index_stats_t *out, char **err)
{
    char **p = shard_paths(db, ns, err);
    if (!p)
        return -1;
    uint64_t sum[GS_INDEX_NFIELDS] = {0};
    out->nshards = ns;
    for (unsigned i = 0; i < ns && i < sizeof out->shard_records / sizeof out->shard_records[0]; i++) {
        gs_index_stats_t one;
        char *e = NULL;
        /* A shard is a plain index: its own totals and count. */
        if (gs_index_stats(p[i], &one, &e) != GS_OK) {
            gs_set_err(err, "%s", e ? e : "cannot read a shard");
            free(e);
            free_paths(p, ns + 1);
            return -1;
        }
        out->shard_records[i] = one.records;
        for (int f = 0; f < GS_INDEX_NFIELDS; f++)
            sum[f] += (uint64_t)(one.avg_len[f] * one.records + 0.5);
    }
    for (int f = 0; f < GS_INDEX_NFIELDS; f++)
        out->avg_len[f] = out->records ? (double)sum[f] / out->records : 0;
    free_paths(p, ns + 1);
    return 0;
}
