/* shards.c - a fresh build with one Xapian shard per thread, merged by
 * compaction.
 *
 * Why: Xapian's writes (replace_document + commit) are ~60% of the work of
 * indexing and a database has one writer; with a shard per thread they run
 * on every core.  Only for a fresh (empty) index, since shards know nothing
 * of the records already in DB.
 *
 * How: this thread reads and routes each record to a thread by a hash of
 * its id (so a duplicate lands where its first copy is and replaces it, in
 * input order); each thread analyses, builds and writes its own shard in
 * DB/.grantsearch-shards/N; at the end the shards are compacted into
 * DB/.grantsearch-new, the totals metadata is written there, and it is
 * swapped in as for `compact` (only the index's own files are replaced).
 * DB itself stays locked (by `w`, whose lock covers the shards and the
 * swap) and empty until the swap, so a kill leaves an empty index that
 * opens (its last commit) or the merged one; the next writer removes the
 * stale shards (dir.c).
 */
#include "indexer/internal.h"
#include "indexer/phrases.h"
#include "indexer/fcodes.h"
#include "schema/schema.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { QCAP = 64 };

/* Records per segment of a fresh build's scratch shard (segments.c), in
 * batches of the whole build (-c, 250 by default): 30,000 records,
 * whatever the number of threads.  Bigger shards made each commit dearer
 * (one shard per thread at 166,848 records: 10x the index written, 24x the
 * system time of 20,000 records); smaller segments cost index size, since
 * the merge keeps each segment's part of a posting list as a chunk of its
 * own.  At 166,848 on 2 cores, same half hour (bench/RESULTS.md): one
 * shard per thread 5:20 and 1.47x the CSV; segments of 10,000 records
 * 4:05 but 1.52x (over issue 15's 1.5x); of 30,000 4:51 and 1.50x. */
enum { SEGMENT_BATCHES = 120 };

/* What a shard thread is handed: a record to write (r), or the id of a
 * record to delete (del, malloc'd: its copy under another year). */
typedef struct {
    gs_record_t *r;
    char *del;
} item_t;

typedef struct {
    const gs_index_options_t *o;
    pthread_mutex_t mu;
    pthread_cond_t cv_get, cv_put;
    item_t q[QCAP];
    size_t head, n;
    int eof;
    char *path;              /* the caller's */
    pthread_t th;
    int started;
    unsigned nshards;
    unsigned long indexed, refused, commits;
    uint64_t fieldlen[GS_INDEX_NFIELDS];
    int failed;
    char *err;
    pthread_mutex_t *out_mu;
    int scratch;             /* merged and deleted afterwards: no fsync */
    gs_spell_sink_t *spell;  /* NULL: spelling goes into the shard itself */
} shard_t;

static int stopped(const gs_index_options_t *o)
{
    return o->stop_flag && *o->stop_flag;
}

/* The next item, or 0 at the end of the input. */
static int pop(shard_t *s, item_t *it)
{
    pthread_mutex_lock(&s->mu);
    while (s->n == 0 && !s->eof)
        pthread_cond_wait(&s->cv_get, &s->mu);
    int got = 0;
    if (s->n) {
        *it = s->q[s->head];
        got = 1;
        s->head = (s->head + 1) % QCAP;
        s->n--;
        pthread_cond_signal(&s->cv_put);
    }
    pthread_mutex_unlock(&s->mu);
    return got;
}

static void push(shard_t *s, item_t it)
{
    pthread_mutex_lock(&s->mu);
    while (s->n == QCAP)
        pthread_cond_wait(&s->cv_put, &s->mu);
    s->q[(s->head + s->n) % QCAP] = it;
    s->n++;
    pthread_cond_signal(&s->cv_get);
    pthread_mutex_unlock(&s->mu);
}

/* Report a record the indexer refused, as FILE:LINE: reason like the reader. */
static void report(shard_t *s, const gs_record_t *r, const char *why)
{
    pthread_mutex_lock(s->out_mu);
    if (s->o->diag)
        s->o->diag(s->o->diag_ctx, GS_DIAG_ERROR, r->file ? r->file : "-", r->line, why);
    pthread_mutex_unlock(s->out_mu);
}

static void *shard_main(void *arg)
{
    shard_t *s = arg;
    const gs_index_options_t *o = s->o;
    /* The threads share the memory budget: each shard commits after its
     * share of the batch, so all of them together buffer what one would. */
    unsigned long whole = o->commit_every ? o->commit_every : GS_INDEX_DEFAULT_COMMIT;
    unsigned long every = whole / s->nshards;  /* this shard's part of a batch */
    size_t cap = ((o->max_memory_mb ? o->max_memory_mb : GS_INDEX_DEFAULT_MEMORY_MB) << 20) / s->nshards;
    if (every == 0)
        every = 1;
    gs_analyzer_t *an = gs_analyzer_new(0);
    /* Without a sink the shard is the fresh build's scratch (or has no
     * spelling at all): nobody reads it before its last commit.  A scratch
     * shard is written in segments (segments.c): its commits stay cheap. */
    gs_segments_t *sg = an ? gs_segments_open(s->path, s->scratch ? whole * SEGMENT_BATCHES : 0,
                                              s->scratch, !s->spell, &s->err)
                           : NULL;
    if (!sg) {
        s->failed = 1;
        if (!s->err)
            gs_set_err(&s->err, "out of memory");
    }
    unsigned long batch = 0;
    size_t bytes = 0;
    item_t it;
    while (pop(s, &it)) {
        gs_record_t *r = it.r;
        if (it.del) {
            /* A copy of the record under another year: gone before the
             * run ends (a kill in between: see sharded.c). */
            int found = 0;
            if (!s->failed && gs_writer_delete(gs_segments_writer(sg), it.del, &found, &s->err) < 0)
                s->failed = 1;
            free(it.del);
        } else if (!s->failed && !stopped(o)) {
            gs_built_doc_t b;
            const char *why = NULL;
            if (gs_build_document(an, r, o->spelling, o->phrase_set, &b, &why) < 0) {
                s->refused++;
                report(s, r, why);
            } else {
                /* With a sink the shard keeps no spelling of its own: a
                 * copy nobody reads (see sharded.c). */
                if (s->spell && gs_spell_sink_put(s->spell, &b) < 0)
                    s->failed = 1;
                if (s->spell)
                    b.spell_len = b.lemtab_len = 0;  /* the lemma table too */
                if (s->failed || gs_segments_put(sg, &b, &s->err) < 0)
                    s->failed = 1;
                else
                    __atomic_add_fetch(&s->indexed, 1, __ATOMIC_RELAXED);
                batch++;
                bytes += b.est_bytes;
                gs_built_doc_clear(&b);
            }
            /* Shards are scratch: commits here only bound memory. */
            if (!s->failed && (batch >= every || bytes >= cap)) {
                if (gs_segments_commit(sg, &s->err) < 0)
                    s->failed = 1;
                s->commits++;
                batch = 0;
                bytes = 0;
            }
        }
        gs_record_free(r);
    }
    if (sg && gs_segments_close(sg, !s->failed, s->fieldlen, s->failed ? NULL : &s->err) < 0)
        s->failed = 1;
    gs_analyzer_free(an);
    return NULL;
}

static void diag_fwd(void *ctx, gs_diag_level_t level, const char *file,
                     unsigned long line, const char *reason)
{
    shard_t *s0 = ctx;
    pthread_mutex_lock(s0->out_mu);
    if (s0->o->diag)
        s0->o->diag(s0->o->diag_ctx, level, file, line, reason);
    pthread_mutex_unlock(s0->out_mu);
}

static void draw(const gs_index_options_t *o, pthread_mutex_t *out_mu, gs_reader_t *rd,
                 unsigned long done, double t0, int final)
{
    gs_reader_stats_t rs;
    gs_reader_stats(rd, &rs);
    pthread_mutex_lock(out_mu);
    gs_index_report_progress(o, &rs, done, t0, final);
    pthread_mutex_unlock(out_mu);
}

/* The merge's disk writes, started as it goes.  Xapian's compaction
 * writes each table into the page cache and fsyncs it when the table is
 * done, so the whole table (at 166,848 records 0.5-0.9 GB each) is written
 * to disk while both cores wait, three times over.  This thread asks the
 * kernel every FLUSH_MS to start writing what is already there
 * (sync_file_range, which does not wait), so the disk works while the
 * merge computes and each fsync finds little left.  Only the timing
 * changes: what is durable, and when, is still Xapian's fsync. */
enum { FLUSH_MS = 200 };

typedef struct {
    const char *dir;         /* the database being written */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
} flusher_t;

static void flush_tables(const char *dir)
{
    static const char *const tables[] = {"postlist", "docdata", "termlist",
                                         "position", "spelling", "synonym"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s.glass", dir, tables[i]);
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;  /* not written yet, or not at all */
        (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        close(fd);
    }
}

static void *flusher_main(void *arg)
{
    flusher_t *f = arg;
    pthread_mutex_lock(&f->mu);
    while (!f->stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += FLUSH_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&f->cv, &f->mu, &ts);
        if (f->stop)
            break;
        pthread_mutex_unlock(&f->mu);
        flush_tables(f->dir);
        pthread_mutex_lock(&f->mu);
    }
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

static void free_paths(char **p, unsigned n)
{
    for (unsigned i = 0; p && i < n; i++)
        free(p[i]);
    free(p);
}

/* Compact the shards into DB/.grantsearch-new, write the totals, swap it
 * in.  w: the main database's writer, detached before the swap. */
static int merge(const gs_index_options_t *o, gs_writer_t *w,
                 const uint64_t (*fieldlen)[GS_INDEX_NFIELDS], char *const *spaths,
                 unsigned n, char **err)
{
    const char *db = o->db_path;
    char *tmp = NULL;
    /* Every shard's segments, shard by shard, each in order (segments.c). */
    unsigned nsrc = 0;
    for (unsigned i = 0; i < n; i++)
        nsrc += gs_segment_count(spaths[i]);
    char **src = calloc(nsrc, sizeof *src);
    int rc = -1;
    if (!src || asprintf(&tmp, "%s/%s", db, GS_DIR_NEW) < 0) {
        gs_set_err(err, "out of memory");
        goto out;
    }
    for (unsigned i = 0, k = 0; i < n; i++)
        for (unsigned j = 0, m = gs_segment_count(spaths[i]); j < m; j++)
            if (!(src[k++] = gs_segment_path(spaths[i], j))) {
                gs_set_err(err, "out of memory");
                goto out;
            }
    gs_index_rmtree(tmp);
    char *xerr = NULL;
    flusher_t fl = {.dir = tmp, .stop = 0};
    pthread_mutex_init(&fl.mu, NULL);
    pthread_cond_init(&fl.cv, NULL);
    pthread_t fth;
    int flushing = pthread_create(&fth, NULL, flusher_main, &fl) == 0;
    xapc_status_t st = xapc_compact((const char *const *)src, nsrc, tmp, XAPC_COMPACT_FULL, &xerr);
    if (flushing) {
        pthread_mutex_lock(&fl.mu);
        fl.stop = 1;
        pthread_cond_signal(&fl.cv);
        pthread_mutex_unlock(&fl.mu);
        pthread_join(fth, NULL);
    }
    pthread_cond_destroy(&fl.cv);
    pthread_mutex_destroy(&fl.mu);
    if (st != XAPC_OK) {
        gs_set_err(err, "%s: merging the shards failed: %s", db, xerr ? xerr : xapc_status_to_string(st));
        free(xerr);
        goto out;
    }
    /* Compaction keeps one shard's metadata; the totals are the sums. */
    xapc_wdb_t *wdb = NULL;
    st = xapc_wdb_open(tmp, XAPC_WDB_OPEN, &wdb, &xerr);
    if (st == XAPC_OK) {
        char buf[64];
        for (int f = 0; f < GS_INDEX_NFIELDS; f++) {
            uint64_t sum = 0;
            for (unsigned i = 0; i < n; i++)
                sum += fieldlen[i][f];
            char key[64];
            snprintf(key, sizeof key, "%s%s", GS_META_FIELD_LEN, gs_field_name(gs_schema_fields[f].record));
            snprintf(buf, sizeof buf, "%llu", (unsigned long long)sum);
            if (st == XAPC_OK)
                st = xapc_wdb_set_metadata(wdb, key, buf, strlen(buf));
        }
        /* ... and the first segment's commit time is not the index's. */
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (st == XAPC_OK)
            st = xapc_wdb_set_metadata(wdb, GS_META_UPDATED, buf, strlen(buf));
        if (st == XAPC_OK && o->phrase_set && gs_index_put_phrases(wdb, o->phrase_set, NULL) < 0)
            st = XAPC_DATABASE;
        if (st == XAPC_OK && gs_fcodes_write_all(wdb, tmp, &xerr) < 0)
            st = XAPC_DATABASE;  /* new docids: every facet code afresh */
        else if (st == XAPC_OK)
            st = xapc_wdb_commit(wdb);
        if (st != XAPC_OK && !xerr)
            xerr = strdup(xapc_wdb_last_error(wdb));
    }
    xapc_wdb_destroy(wdb);
    if (st != XAPC_OK) {
        gs_set_err(err, "%s: writing the merged index failed: %s", db, xerr ? xerr : "?");
        free(xerr);
        goto out;
    }
    gs_writer_detach(w);  /* no Xapian handle on the files being replaced */
    /* A swap that fails half-way is finished by the next writer: its new
     * database must stay. */
    rc = gs_dir_swap_in(db, err);
    free(tmp);
    free_paths(src, nsrc);
    return rc;
out:
    gs_index_rmtree(tmp);
    free(tmp);
    free_paths(src, nsrc);
    return rc;
}

/* Start shard i's thread, writing to path; 0, or -1 when it cannot start. */
static int start(shard_t *s, const char *path)
{
    s->path = (char *)path;
    if (!s->started && pthread_create(&s->th, NULL, shard_main, s) == 0)
        s->started = 1;
    return s->started ? 0 : -1;
}

/* Send r to its shard: by the hash of id over nshards, or (rt) by its
 * year, after a delete of each older copy under another year.  Starts a
 * year shard's thread when it gets its first item.  0, or -1 and *err. */
static int route(shard_t *sh, unsigned nshards, gs_year_router_t *rt, gs_record_t *r,
                 char **err)
{
    const char *id = r->str[GS_ID] && *r->str[GS_ID] ? r->str[GS_ID] : r->str[GS_NUMBER];
    if (!rt) {
        push(&sh[gs_index_shard_of(id, nshards)], (item_t){.r = r, .del = NULL});
        return 0;
    }
    unsigned to, old[GS_SHARDS_MAX], nold = 0;
    if (gs_year_route(rt, r, id, &to, old, &nold, err) < 0)
        return -1;
    for (unsigned k = 0; k < nold; k++) {
        char *del = strdup(id);
        if (!del || start(&sh[old[k]], gs_year_router_path(rt, old[k])) < 0) {
            free(del);
            gs_set_err(err, "cannot start an indexing thread");
            return -1;
        }
        push(&sh[old[k]], (item_t){.r = NULL, .del = del});
    }
    if (start(&sh[to], gs_year_router_path(rt, to)) < 0) {
        gs_set_err(err, "cannot start an indexing thread");
        return -1;
    }
    push(&sh[to], (item_t){.r = r, .del = NULL});
    return 0;
}

/* Read every record of paths, route each to shard gs_index_shard_of(id),
 * and let one thread per shard analyse and write it to spaths[i] (a
 * directory gs_writer_open takes: its own lock, created if absent).  With
 * rt, each to its year's shard, whose thread starts with its first record.
 * Fills
 * res (counts, the reader's summary) and, when fieldlen is not NULL, the
 * field-length totals of each shard's writer at its close.  0 when every
 * shard committed, else -1 and *err (the first shard's error). */
int gs_index_fill_shards(const gs_index_options_t *o, char *const *spaths, unsigned nshards,
                         gs_year_router_t *rt, int scratch, gs_spell_sink_t *spell,
                         const char *const *paths, size_t n,
                         gs_index_result_t *res, uint64_t (*fieldlen)[GS_INDEX_NFIELDS],
                         char **err)
{
    double t0 = gs_clock_now();
    /* Year shards: any of GS_SHARDS_MAX may appear; they share the memory
     * budget as 8 would (a guess at the years being written at once). */
    unsigned budget = rt ? 8 : nshards;
    if (rt)
        nshards = GS_SHARDS_MAX;
    shard_t *sh = calloc(nshards, sizeof *sh);
    pthread_mutex_t out_mu;
    pthread_mutex_init(&out_mu, NULL);
    gs_reader_t *rd = NULL;
    if (!sh) {
        gs_set_err(err, "out of memory");
        pthread_mutex_destroy(&out_mu);
        return -1;
    }
    for (unsigned i = 0; i < nshards; i++) {
        shard_t *s = &sh[i];
        s->o = o;
        s->out_mu = &out_mu;
        s->nshards = budget;
        s->spell = spell;
        s->scratch = scratch;
        pthread_mutex_init(&s->mu, NULL);
        pthread_cond_init(&s->cv_get, NULL);
        pthread_cond_init(&s->cv_put, NULL);
    }
    rd = gs_reader_open(paths, n, o->format, diag_fwd, &sh[0]);
    int ok = rd != NULL;
    for (unsigned i = 0; i < nshards && rd && !rt; i++)
        ok &= spaths[i] && start(&sh[i], spaths[i]) == 0;
    char *rerr = NULL;  /* a routing error ends the run */
    double last = 0;
    gs_record_t *r;
    while (ok && !stopped(o) && gs_reader_next(rd, &r)) {
        if (route(sh, nshards, rt, r, &rerr) < 0) {
            gs_record_free(r);
            ok = 0;
            break;
        }
        if (o->progress && gs_clock_now() - last >= 0.5) {
            unsigned long done = 0;
            for (unsigned i = 0; i < nshards; i++)
                done += __atomic_load_n(&sh[i].indexed, __ATOMIC_RELAXED);
            draw(o, &out_mu, rd, done, t0, 0);
            last = gs_clock_now();
        }
    }
    res->interrupted = stopped(o);
    for (unsigned i = 0; i < nshards; i++) {
        pthread_mutex_lock(&sh[i].mu);
        sh[i].eof = 1;
        pthread_cond_broadcast(&sh[i].cv_get);
        pthread_mutex_unlock(&sh[i].mu);
    }
    int failed = !ok;
    for (unsigned i = 0; i < nshards; i++) {
        if (sh[i].started)
            pthread_join(sh[i].th, NULL);
        res->indexed += sh[i].indexed;
        res->refused += sh[i].refused;
        res->commits += sh[i].commits;
        if (fieldlen)
            memcpy(fieldlen[i], sh[i].fieldlen, sizeof sh[i].fieldlen);
        if (sh[i].failed && !failed) {
            failed = 1;
            gs_set_err(err, "%s", sh[i].err ? sh[i].err : "a shard failed");
        }
    }
    if (rerr && !(err && *err))
        gs_set_err(err, "%s", rerr);
    free(rerr);
    if (!ok && err && !*err)
        gs_set_err(err, "cannot start the indexing threads");
    if (o->progress && rd)
        draw(o, &out_mu, rd, res->indexed, t0, 1);
    if (rd) {
        gs_reader_stats(rd, &res->reader);
        const char *sum = gs_reader_summary(rd);
        res->reader_summary = sum ? strdup(sum) : NULL;
        gs_reader_close(rd);
    }
    for (unsigned i = 0; i < nshards; i++) {
        free(sh[i].err);
        pthread_mutex_destroy(&sh[i].mu);
        pthread_cond_destroy(&sh[i].cv_get);
        pthread_cond_destroy(&sh[i].cv_put);
    }
    free(sh);
    pthread_mutex_destroy(&out_mu);
    return failed ? -1 : 0;
}

/* Records per commit of a fresh build's scratch shards together, unless
 * -c says otherwise.  Smaller batches cost less CPU, not more: Xapian's
 * in-memory postings (a map per term) grow slower to update than the
 * commits they save (20,000 records on 2 threads, side by side: -c 250
 * -20%, -c 500 -11%, -c 3000 +24% against 1000; bench/RESULTS.md).  The
 * scratch shards need no fsync per commit, so only CPU counts here. */
enum { SCRATCH_COMMIT = 250 };

int gs_index_sharded(const gs_index_options_t *o0, gs_writer_t *w, unsigned threads,
                     const char *const *paths, size_t n, gs_index_result_t *res, char **err)
{
    gs_index_options_t so = *o0;
    const gs_index_options_t *o = &so;
    if (!so.commit_every)
        so.commit_every = SCRATCH_COMMIT;
    double t0 = gs_clock_now();
    memset(res, 0, sizeof *res);
    char *dir = NULL;
    char **spaths = calloc(threads, sizeof *spaths);
    uint64_t (*fieldlen)[GS_INDEX_NFIELDS] = calloc(threads, sizeof *fieldlen);
    int rc = -1;
    /* An empty first commit: a kill from here on leaves an index that opens. */
    if (!spaths || !fieldlen || asprintf(&dir, "%s/%s", o->db_path, GS_DIR_SHARDS) < 0) {
        gs_set_err(err, "out of memory");
        goto done;
    }
    if (gs_writer_commit(w, err) < 0)
        goto done;
    gs_index_rmtree(dir);
    if (mkdir(dir, 0777) != 0) {
        gs_set_err(err, "%s: %s", dir, strerror(errno));
        goto done;
    }
    for (unsigned i = 0; i < threads; i++)
        if (asprintf(&spaths[i], "%s/%u", dir, i) < 0) {
            spaths[i] = NULL;
            gs_set_err(err, "out of memory");
            goto done;
        }
    if (gs_index_fill_shards(o, spaths, threads, NULL, 1, NULL, paths, n, res, fieldlen, err) == 0)
        rc = merge(o, w, fieldlen, spaths, threads, err);
done:
    /* The shards go while the lock still covers them. */
    if (dir)
        gs_index_rmtree(dir);
    gs_writer_close(w, 0, NULL);
    free(dir);
    for (unsigned i = 0; spaths && i < threads; i++)
        free(spaths[i]);
    free(spaths);
    free(fieldlen);
    if (rc == 0)
        res->commits++;
    res->seconds = gs_clock_now() - t0;
    return rc;
}
