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
 * By year (`index --shard-by year`): DB/shard-YYYY, one shard per year (the
 * record's year, corpus/record.c), and DB/shard-noyear for records without
 * one, made with DB so that the stub is never empty.  A year seen for the
 * first time gets its shard during the run: made empty, then the stub is
 * rewritten (atomically) to name it, then records go there.  A record's
 * year can change in an update, so before a record is written its older
 * copies are looked up by its unique term in every other shard (as they
 * were before the run, through read handles opened at its start) and in
 * the ids this run routed (a duplicate in the input), and deleted there by
 * that shard's writer.  A fresh DB skips the look-ups in the shards.  A
 * delete by number goes to every shard.
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
#include "toolkit/buf.h"
#include "toolkit/hash.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <search.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

unsigned gs_index_shard_of(const char *id, unsigned n)
{
    uint64_t h = gs_fnv64(GS_FNV64_INIT, id, id ? strlen(id) : 0);
    return n ? (unsigned)(h % n) : 0;
}

/* The year a year shard's name or stub line names ("shard-2019" -> 2019,
 * GS_SHARD_NOYEAR -> 0), or -1 when it is not one. */
static int year_of_name(const char *name)
{
    if (!strcmp(name, GS_SHARD_NOYEAR))
        return 0;
    int y;
    char again[32];
    if (sscanf(name, "shard-%4d", &y) != 1 || y < GS_SHARD_YEAR_MIN || y > GS_SHARD_YEAR_MAX)
        return -1;
    snprintf(again, sizeof again, "shard-%d", y);
    return strcmp(again, name) ? -1 : y;
}

int gs_dir_shard_name(const char *name)
{
    unsigned k;
    char tail;
    return !strcmp(name, GS_SHARD_SPELLING) || year_of_name(name) >= 0 ||
           (sscanf(name, "shard-%u%c", &k, &tail) == 1 && k < GS_SHARDS_MAX);
}

/* Does stub line `line` (newline cut) fit out as shard out->n?  Counts it. */
static int parse_line(const char *line, gs_shard_layout_t *out, int *hash, int *year)
{
    char want[64];
    snprintf(want, sizeof want, "auto " GS_SHARD_FMT, out->n);
    int y = strncmp(line, "auto ", 5) ? -1 : year_of_name(line + 5);
    if (out->n >= GS_SHARDS_MAX)
        return 0;
    if (!strcmp(line, want)) {
        *hash = 1;
    } else if (y >= 0) {
        for (unsigned i = 0; i < out->n; i++)
            if (out->year[i] == y)
                return 0;  /* twice: not a stub we wrote */
        *year = 1;
        out->year[out->n] = y;
    } else {
        return 0;
    }
    out->n++;
    return 1;
}

unsigned gs_dir_shard_layout(const char *db, gs_shard_layout_t *out)
{
    memset(out, 0, sizeof *out);
    char *p = NULL;
    if (asprintf(&p, "%s/XAPIANDB", db) < 0)
        return 0;
    FILE *f = fopen(p, "r");
    free(p);
    if (!f)
        return 0;
    char line[256];
    int ours = 1, hash = 0, year = 0;
    while (ours && fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        ours = len && line[len - 1] == '\n';
        line[len ? len - 1 : 0] = 0;
        ours = ours && parse_line(line, out, &hash, &year);
    }
    fclose(f);
    if (!ours || hash == year)  /* both kinds, or no line */
        out->n = 0;
    out->by_year = year;
    return out->n;
}

unsigned gs_dir_shard_count(const char *db)
{
    gs_shard_layout_t lay;
    return gs_dir_shard_layout(db, &lay);
}

/* Shard i's name in DB: shard-NN, shard-YYYY or shard-noyear, and
 * spelling for i == lay->n. */
static void shard_name(const gs_shard_layout_t *lay, unsigned i, char buf[32])
{
    if (i == lay->n)
        snprintf(buf, 32, GS_SHARD_SPELLING);
    else if (!lay->by_year)
        snprintf(buf, 32, GS_SHARD_FMT, i);
    else if (lay->year[i])
        snprintf(buf, 32, "shard-%d", lay->year[i]);
    else
        snprintf(buf, 32, GS_SHARD_NOYEAR);
}

/* "DB/NAME" of shard i (malloc'd), as shard_name. */
static char *shard_path(const char *db, const gs_shard_layout_t *lay, unsigned i)
{
    char name[32], *p = NULL;
    shard_name(lay, i, name);
    return asprintf(&p, "%s/%s", db, name) < 0 ? NULL : p;
}

static void free_paths(char **v, unsigned n)
{
    for (unsigned i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* The paths of lay's n shards and, last, the spelling database. */
static char **shard_paths(const char *db, const gs_shard_layout_t *lay, char **err)
{
    unsigned n = lay->n;
    char **v = calloc(n + 1, sizeof *v);
    for (unsigned i = 0; v && i <= n; i++)
        if (!(v[i] = shard_path(db, lay, i))) {
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

/* qsort order of year shards in the stub: by year, shard-noyear last. */
static int by_year(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    x = x ? x : GS_SHARD_YEAR_MAX + 1;
    y = y ? y : GS_SHARD_YEAR_MAX + 1;
    return (x > y) - (x < y);
}

/* DB/XAPIANDB naming lay's shards (year shards in year order), written to
 * a temporary name and renamed, so a reader sees no stub or a complete
 * one. */
static int write_stub(const char *db, const gs_shard_layout_t *lay, char **err)
{
    gs_shard_layout_t sorted = *lay;
    if (lay->by_year)
        qsort(sorted.year, sorted.n, sizeof sorted.year[0], by_year);
    gs_buf_t text = GS_BUF_INIT;
    for (unsigned i = 0; i < sorted.n; i++) {
        char name[32];
        shard_name(&sorted, i, name);
        gs_buf_printf(&text, "auto %s\n", name);
    }
    int rc = -1;
    if (gs_buf_failed(&text))
        gs_set_err(err, "out of memory");
    else
        rc = gs_dir_write_stub(db, text.s ? text.s : "", text.len, "the shards' stub", err);
    gs_buf_free(&text);
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

/* The first of DB's entries that is a shard's name (malloc'd), or NULL. */
static char *stray_shard(const char *db)
{
    DIR *d = opendir(db);
    struct dirent *e;
    char *found = NULL;
    while (d && !found && (e = readdir(d)))
        if (gs_dir_shard_name(e->d_name))
            found = strdup(e->d_name);
    if (d)
        closedir(d);
    return found;
}

/* Does the kind asked for (want hash shards, or by_year) fit DB's layout
 * lay?  0, or -1 and *err. */
static int same_kind(const char *db, const gs_shard_layout_t *lay, unsigned want, int by_year,
                     char **err)
{
    if (lay->by_year && want) {
        gs_set_err(err, "%s is sharded by year (%u shards): --shards %u does not apply to it; "
                   "index without --shards, or into a new directory", db, lay->n, want);
        return -1;
    }
    if (!lay->by_year && by_year) {
        gs_set_err(err, "%s is sharded by the number's hash (%u shards), not by year: index "
                   "without --shard-by, or into a new directory", db, lay->n);
        return -1;
    }
    if (!lay->by_year && want && want != lay->n) {
        gs_set_err(err, "%s has %u shards, not %u: a record's shard depends on their number, "
                   "so index into a new directory to change it", db, lay->n, want);
        return -1;
    }
    return 0;
}

/* DB's layout in *lay, making DB a sharded index if it is new (*fresh =
 * 1): want hash shards, or (by_year) the shard for records without a year;
 * year shards come with their records.  Its n; 0 and *err when DB cannot
 * become or stay a sharded index of that kind. */
static unsigned prepare(const char *db, unsigned want, int by_year, gs_shard_layout_t *lay,
                        int *fresh, char **err)
{
    *fresh = 0;
    if (gs_dir_shard_layout(db, lay))
        return same_kind(db, lay, want, by_year, err) == 0 ? lay->n : 0;
    if (gs_dir_has_index(db)) {
        gs_set_err(err, "%s is an index of one database: --shards and --shard-by build a "
                   "sharded index only in a new or empty directory", db);
        return 0;
    }
    if (want > GS_SHARDS_MAX) {
        gs_set_err(err, "--shards: at most %d", GS_SHARDS_MAX);
        return 0;
    }
    /* Shards without a stub: a first build killed before its end, whose
     * records may be routed another way; or someone else's directories.
     * Either way not ours to remove: say so. */
    char *old = stray_shard(db);
    if (old) {
        gs_set_err(err, "%s holds %s but no shards' stub (a sharded build that did not "
                   "finish?): remove DB/shard-* and DB/" GS_SHARD_SPELLING " or index into "
                   "a new directory", db, old);
        free(old);
        return 0;
    }
    lay->by_year = by_year;
    lay->n = by_year ? 1 : want;  /* year: shard-noyear (year[0] = 0) */
    char **p = shard_paths(db, lay, err);
    int ok = p != NULL;
    for (unsigned i = 0; ok && i <= lay->n; i++)
        ok = make_empty(p[i], err) == 0;
    free_paths(p, lay->n + 1);
    *fresh = ok;
    return ok && write_stub(db, lay, err) == 0 ? lay->n : 0;
}

/* ---- routing by year ------------------------------------------------------ */

/* An id this run routed, and where. */
typedef struct {
    char *id;
    unsigned shard;
} seen_t;

struct gs_year_router {
    const char *db;                   /* the caller's */
    gs_shard_layout_t lay;            /* grows with new years */
    char *path[GS_SHARDS_MAX];
    xapc_db_t *before[GS_SHARDS_MAX]; /* the shards as they were before the run
                                         (NULL: made in this run, or DB was new) */
    void *seen;                       /* tsearch tree of seen_t */
};

static int seen_cmp(const void *a, const void *b)
{
    return strcmp(((const seen_t *)a)->id, ((const seen_t *)b)->id);
}

static void seen_free(void *p)
{
    seen_t *e = p;
    free(e->id);
    free(e);
}

static void router_free(gs_year_router_t *rt)
{
    if (!rt)
        return;
    for (unsigned i = 0; i < GS_SHARDS_MAX; i++) {
        free(rt->path[i]);
        xapc_db_destroy(rt->before[i]);
    }
    tdestroy(rt->seen, seen_free);
    free(rt);
}

/* A router over lay's shards of db; with read handles on them unless the
 * index is fresh.  NULL and *err on failure. */
static gs_year_router_t *router_new(const char *db, const gs_shard_layout_t *lay, int fresh,
                                    char **err)
{
    gs_year_router_t *rt = calloc(1, sizeof *rt);
    if (!rt) {
        gs_set_err(err, "out of memory");
        return NULL;
    }
    rt->db = db;
    rt->lay = *lay;
    for (unsigned i = 0; i < lay->n; i++) {
        char *xerr = NULL;
        if (!(rt->path[i] = shard_path(db, lay, i))) {
            gs_set_err(err, "out of memory");
        } else if (!fresh && xapc_db_open(rt->path[i], &rt->before[i], &xerr) != XAPC_OK) {
            gs_set_err(err, "%s: cannot open the shard to route updates: %s", rt->path[i],
                       xerr ? xerr : "?");
        } else {
            continue;
        }
        free(xerr);
        router_free(rt);
        return NULL;
    }
    return rt;
}

/* The index of year's shard, made now (empty, then named in the stub) if
 * it is new.  -1 and *err when it cannot be made. */
static int year_shard(gs_year_router_t *rt, int year, char **err)
{
    for (unsigned i = 0; i < rt->lay.n; i++)
        if (rt->lay.year[i] == year)
            return (int)i;
    if (rt->lay.n == GS_SHARDS_MAX) {
        gs_set_err(err, "%s: a record of %d would be a shard too many (at most %d years "
                   "with --shard-by year)", rt->db, year, GS_SHARDS_MAX - 1);
        return -1;
    }
    unsigned i = rt->lay.n;
    gs_shard_layout_t grown = rt->lay;
    grown.year[i] = year;
    grown.n++;
    if (!(rt->path[i] = shard_path(rt->db, &grown, i))) {
        gs_set_err(err, "out of memory");
        return -1;
    }
    /* Empty and committed before the stub names it: a reader never opens
     * a stub naming a missing shard, and a kill here leaves an empty
     * shard the next run takes up. */
    if (make_empty(rt->path[i], err) < 0 || write_stub(rt->db, &grown, err) < 0)
        return -1;
    rt->lay = grown;
    return (int)i;
}

/* Is the record with unique term `term` in the pre-run shard k?  1, 0, or
 * -1 and *err. */
static int held_before(gs_year_router_t *rt, unsigned k, const char *term, size_t len,
                       char **err)
{
    xapc_docid_t did;
    xapc_status_t st = xapc_db_docid_for_term(rt->before[k], term, len, &did);
    /* This run's commits can outdate the handle: read the latest (it
     * holds this run's records too, whose ids are in rt->seen). */
    for (int tries = 0; st == XAPC_MODIFIED && tries < 5; tries++)
        if ((st = xapc_db_reopen(rt->before[k], NULL)) == XAPC_OK)
            st = xapc_db_docid_for_term(rt->before[k], term, len, &did);
    if (st == XAPC_OK)
        return 1;
    if (st == XAPC_NOT_FOUND)
        return 0;
    gs_set_err(err, "%s: cannot look up %s: %s", rt->path[k], term + 1, xapc_status_to_string(st));
    return -1;
}

int gs_year_route(gs_year_router_t *rt, const gs_record_t *r, const char *id, unsigned *to,
                  unsigned old[GS_SHARDS_MAX], unsigned *nold, char **err)
{
    *nold = 0;
    int year = r->year >= GS_SHARD_YEAR_MIN && r->year <= GS_SHARD_YEAR_MAX ? r->year : 0;
    int i = year_shard(rt, year, err);
    if (i < 0)
        return -1;
    *to = (unsigned)i;
    if (!id || !*id)
        return 0;  /* refused by the shard's thread */
    /* Routed before in this run (a later copy in the input): its shard
     * then already lost any older copy. */
    seen_t key = {.id = (char *)id, .shard = 0};
    seen_t **hit = tfind(&key, &rt->seen, seen_cmp);
    if (hit) {
        if ((*hit)->shard != *to)
            old[(*nold)++] = (*hit)->shard;
        (*hit)->shard = *to;
        return 0;
    }
    seen_t *e = malloc(sizeof *e);
    char *term = NULL;
    if (!e || !(e->id = strdup(id)) || asprintf(&term, "Q%s", id) < 0) {
        free(e ? e->id : NULL);
        free(e);
        gs_set_err(err, "out of memory");
        return -1;
    }
    e->shard = *to;
    if (!tsearch(e, &rt->seen, seen_cmp)) {
        seen_free(e);
        free(term);
        gs_set_err(err, "out of memory");
        return -1;
    }
    int rc = 0;
    for (unsigned k = 0; rc == 0 && k < rt->lay.n; k++) {
        if (k == *to || !rt->before[k])
            continue;
        rc = held_before(rt, k, term, strlen(term), err);
        if (rc == 1) {
            old[(*nold)++] = k;
            rc = 0;
        }
    }
    free(term);
    return rc;
}

const char *gs_year_router_path(const gs_year_router_t *rt, unsigned i)
{
    return rt->path[i];
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
    gs_shard_layout_t lay;
    unsigned ns = prepare(o->db_path, o->nshards, o->shard_by_year, &lay, &fresh, err);
    char **p = ns ? shard_paths(o->db_path, &lay, err) : NULL;
    gs_year_router_t *rt = p && lay.by_year ? router_new(o->db_path, &lay, fresh, err) : NULL;
    gs_spell_sink_t sink = {.w = NULL, .err = NULL};
    pthread_mutex_init(&sink.mu, NULL);
    if (!p || (lay.by_year && !rt) || (o->spelling && !(sink.w = gs_writer_open(p[ns], 1, err))))
        goto out;
    rc = gs_index_fill_shards(o, p, ns, rt, 0, sink.w ? &sink : NULL, paths, n, res, NULL, err);
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
    if (rt) {  /* the years this run added: compacted below as well */
        free_paths(p, ns + 1);
        lay = rt->lay;
        ns = lay.n;
        if (!(p = shard_paths(o->db_path, &lay, err)))
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
    router_free(rt);
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
    gs_shard_layout_t lay;  /* read under the lock: ns may be older */
    ns = gs_dir_shard_layout(db, &lay);
    char **p = shard_paths(db, &lay, err);
    const char **mine = calloc(n ? n : 1, sizeof *mine);
    int rc = p && mine ? 0 : -1;
    if (p && !mine)
        gs_set_err(err, "out of memory");
    unsigned long found = 0;
    /* Each shard once, with the numbers that may live there: by the hash,
     * or (by year, where a number does not say its year) all of them. */
    for (unsigned s = 0; rc == 0 && s < ns; s++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (lay.by_year || gs_index_shard_of(ids[i], ns) == s)
                mine[k++] = ids[i];
        unsigned long m = 0;
        if (k && gs_index_delete(p[s], mine, k, &m, err) < 0)
            rc = -1;
        found += k - m;
    }
    if (missing)
        *missing = found < n ? n - found : 0;
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
    gs_shard_layout_t lay;  /* read under the lock: ns may be older */
    ns = gs_dir_shard_layout(db, &lay);
    char **p = shard_paths(db, &lay, err);
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
    gs_shard_layout_t lay;
    ns = gs_dir_shard_layout(db, &lay);
    char **p = shard_paths(db, &lay, err);
    if (!p)
        return -1;
    uint64_t sum[GS_INDEX_NFIELDS] = {0};
    out->nshards = ns;
    out->shards_by_year = lay.by_year;
    memcpy(out->shard_year, lay.year, sizeof out->shard_year);
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
