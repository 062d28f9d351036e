/* pipeline.c - reader thread -> ring of jobs -> N analyzer threads -> writer.
 *
 * One ring of `cap` job slots, handed round by sequence number: the reader
 * fills slot seq%cap, any worker builds it, the writer (the calling thread)
 * takes slots strictly in input order, so a record read twice is replaced by
 * its later copy exactly as a single-threaded run would do.  Memory is
 * bounded by the ring (cap records and their documents) plus what Xapian
 * buffers until the next commit, which the commit interval and the memory
 * cap bound.
 */
#include "indexer/internal.h"
#include "schema/schema.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { JOB_EMPTY, JOB_READY, JOB_BUSY, JOB_DONE, JOB_FAILED };

typedef struct {
    int state;
    gs_record_t *rec;
    gs_built_doc_t built;
    const char *why;
} job_t;

typedef struct {
    const gs_index_options_t *o;
    pthread_mutex_t mu;
    pthread_cond_t cv_read, cv_work, cv_write;
    job_t *ring;
    uint64_t cap, next_read, next_work, next_write;
    int eof, abort;
    gs_reader_t *reader;
    gs_reader_stats_t rstats;     /* copied by the reader thread under mu */
    /* serialises the progress and diagnostic callbacks */
    pthread_mutex_t out_mu;
    unsigned long refused;
} pipe_t;

static int stopped(const pipe_t *p)
{
    return p->o->stop_flag && *p->o->stop_flag;
}

/* Reader diagnostics go through here, never at the same time as progress. */
static void diag_wrap(void *ctx, gs_diag_level_t level, const char *file,
                      unsigned long line, const char *reason)
{
    pipe_t *p = ctx;
    pthread_mutex_lock(&p->out_mu);
    if (p->o->diag)
        p->o->diag(p->o->diag_ctx, level, file, line, reason);
    pthread_mutex_unlock(&p->out_mu);
}

static void *reader_main(void *arg)
{
    pipe_t *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->next_read - p->next_write >= p->cap && !p->abort)
            pthread_cond_wait(&p->cv_read, &p->mu);
        int quit = p->abort;
        pthread_mutex_unlock(&p->mu);
        gs_record_t *rec = NULL;
        int got = quit || stopped(p) ? 0 : gs_reader_next(p->reader, &rec);
        pthread_mutex_lock(&p->mu);
        gs_reader_stats(p->reader, &p->rstats);
        if (!got) {
            p->eof = 1;
            pthread_cond_broadcast(&p->cv_work);
            pthread_cond_broadcast(&p->cv_write);
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        job_t *j = &p->ring[p->next_read % p->cap];
        j->rec = rec;
        j->state = JOB_READY;
        p->next_read++;
        pthread_cond_signal(&p->cv_work);
        pthread_mutex_unlock(&p->mu);
    }
}

static void *worker_main(void *arg)
{
    pipe_t *p = arg;
    gs_analyzer_t *an = gs_analyzer_new(0);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->next_work == p->next_read && !p->eof && !p->abort)
            pthread_cond_wait(&p->cv_work, &p->mu);
        if (p->abort || p->next_work == p->next_read) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        job_t *j = &p->ring[p->next_work % p->cap];
        p->next_work++;
        j->state = JOB_BUSY;
        pthread_mutex_unlock(&p->mu);

        int rc = -1;
        j->why = "out of memory (analyzer)";
        if (an)
            rc = gs_build_document(an, j->rec, p->o->spelling, p->o->phrase_set, &j->built,
                                   &j->why);

        pthread_mutex_lock(&p->mu);
        j->state = rc == 0 ? JOB_DONE : JOB_FAILED;
        pthread_cond_broadcast(&p->cv_write);
        pthread_mutex_unlock(&p->mu);
    }
    gs_analyzer_free(an);
    return NULL;
}

static void progress(pipe_t *p, unsigned long done, double t0, int final)
{
    gs_reader_stats_t rs;
    pthread_mutex_lock(&p->mu);
    rs = p->rstats;
    pthread_mutex_unlock(&p->mu);
    pthread_mutex_lock(&p->out_mu);
    gs_index_report_progress(p->o, &rs, done, t0, final);
    pthread_mutex_unlock(&p->out_mu);
}

/* Report a record the indexer refused, as FILE:LINE: reason like the reader. */
static void refuse(pipe_t *p, const gs_record_t *r, const char *why)
{
    p->refused++;
    diag_wrap(p, GS_DIAG_ERROR, r && r->file ? r->file : "-", r ? r->line : 0, why);
}

void gs_index_options_init(gs_index_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->format = GS_FORMAT_AUTO;
    o->spelling = 1;
    o->shards = 1;
}

int gs_index_paths(const gs_index_options_t *o, const char *const *paths, size_t n,
                   gs_index_result_t *res, char **err)
{
    memset(res, 0, sizeof *res);
    double t0 = gs_clock_now();
    unsigned threads = o->threads;
    if (threads == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        threads = c > 0 ? (unsigned)c : 1;
    }
    if (threads > 256)
        threads = 256;
    unsigned long commit_every = o->commit_every ? o->commit_every : GS_INDEX_DEFAULT_COMMIT;
    size_t mem_cap = (o->max_memory_mb ? o->max_memory_mb : GS_INDEX_DEFAULT_MEMORY_MB) << 20;

    /* Xapian flushes its posting buffers every XAPIAN_FLUSH_THRESHOLD
     * documents (default 10000); inside our transaction that is a flush
     * without a commit, which costs time and buys nothing here since the
     * memory cap already ends a batch.  Let the user's setting win. */
    char thr[32];
    snprintf(thr, sizeof thr, "%lu", commit_every + 1);
    setenv("XAPIAN_FLUSH_THRESHOLD", thr, 0);

    /* A sharded index (or one to be made): every record to its shard. */
    if (o->nshards || o->shard_by_year || gs_dir_shard_count(o->db_path))
        return gs_index_keep_shards(o, paths, n, res, err);
    gs_writer_t *w = gs_writer_open(o->db_path, 1, err);
    if (!w)
        return -1;
    gs_index_options_t so = *o;  /* with the posted phrases in force */
    if (gs_writer_use_phrases(w, o->phrases, &so.phrase_set, err) < 0) {
        gs_writer_close(w, 0, NULL);
        return -1;
    }
    o = &so;
    if (o->shards && threads > 1 && gs_writer_doccount(w) == 0)
        return gs_index_sharded(o, w, threads, paths, n, res, err);

    pipe_t p;
    memset(&p, 0, sizeof p);
    p.o = o;
    pthread_mutex_init(&p.mu, NULL);
    pthread_mutex_init(&p.out_mu, NULL);
    pthread_cond_init(&p.cv_read, NULL);
    pthread_cond_init(&p.cv_work, NULL);
    pthread_cond_init(&p.cv_write, NULL);
    p.cap = threads * 16 < 64 ? 64 : threads * 16;
    p.ring = calloc(p.cap, sizeof *p.ring);
    p.reader = gs_reader_open(paths, n, o->format, diag_wrap, &p);
    if (!p.ring || !p.reader) {
        gs_set_err(err, "out of memory");
        free(p.ring);
        gs_reader_close(p.reader);
        gs_writer_close(w, 0, NULL);
        return -1;
    }

    pthread_t rt, *wt = calloc(threads, sizeof *wt);
    unsigned started = 0;
    int reader_started = wt && pthread_create(&rt, NULL, reader_main, &p) == 0;
    if (reader_started)
        for (; started < threads; started++)
            if (pthread_create(&wt[started], NULL, worker_main, &p) != 0)
                break;

    int rc = 0;
    if (!reader_started || started == 0) {
        gs_set_err(err, "cannot start threads");
        rc = -1;
    }
    unsigned long batch = 0;
    size_t batch_bytes = 0;
    double last_draw = 0;
    while (rc == 0) {
        pthread_mutex_lock(&p.mu);
        job_t *j = &p.ring[p.next_write % p.cap];
        int end = 0;
        while (!(j->state == JOB_DONE || j->state == JOB_FAILED)) {
            if ((p.eof && p.next_write == p.next_read) || stopped(&p)) {
                end = 1;
                break;
            }
            /* Timed, so Ctrl-C (a flag set by a signal handler) is seen. */
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 100 * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&p.cv_write, &p.mu, &ts);
        }
        pthread_mutex_unlock(&p.mu);
        if (end || stopped(&p))
            break;

        if (j->state == JOB_DONE) {
            if (gs_writer_put(w, &j->built, err) < 0)
                rc = -1;
            else {
                res->indexed++;
                batch++;
                batch_bytes += j->built.est_bytes;
            }
        } else {
            refuse(&p, j->rec, j->why);
        }
        gs_built_doc_clear(&j->built);
        gs_record_free(j->rec);
        j->rec = NULL;
        pthread_mutex_lock(&p.mu);
        j->state = JOB_EMPTY;
        p.next_write++;
        pthread_cond_signal(&p.cv_read);
        pthread_mutex_unlock(&p.mu);

        if (rc == 0 && (batch >= commit_every || batch_bytes >= mem_cap)) {
            if (gs_writer_commit(w, err) < 0)
                rc = -1;
            res->commits++;
            batch = 0;
            batch_bytes = 0;
        }
        if (o->progress) {
            double t = gs_clock_now();
            if (t - last_draw >= 0.5) {
                progress(&p, res->indexed, t0, 0);
                last_draw = t;
            }
        }
    }
    res->interrupted = stopped(&p);

    /* Stop the threads (they may be waiting for work or for room). */
    pthread_mutex_lock(&p.mu);
    p.abort = 1;
    pthread_cond_broadcast(&p.cv_read);
    pthread_cond_broadcast(&p.cv_work);
    pthread_mutex_unlock(&p.mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(wt[i], NULL);
    if (reader_started)
        pthread_join(rt, NULL);
    for (uint64_t i = 0; i < p.cap; i++) {
        gs_built_doc_clear(&p.ring[i].built);
        gs_record_free(p.ring[i].rec);
    }

    /* Ctrl-C commits what is written; an index error commits nothing more. */
    if (rc == 0) {
        if (gs_writer_close(w, 1, err) < 0)
            rc = -1;
        else
            res->commits++;
    } else {
        gs_writer_close(w, 0, NULL);
    }
    if (o->progress)
        progress(&p, res->indexed, t0, 1);

    gs_reader_stats(p.reader, &res->reader);
    const char *sum = gs_reader_summary(p.reader);
    res->reader_summary = sum ? strdup(sum) : NULL;
    res->refused = p.refused;
    res->seconds = gs_clock_now() - t0;
    gs_reader_close(p.reader);
    free(p.ring);
    free(wt);
    pthread_cond_destroy(&p.cv_read);
    pthread_cond_destroy(&p.cv_work);
    pthread_cond_destroy(&p.cv_write);
    pthread_mutex_destroy(&p.mu);
    pthread_mutex_destroy(&p.out_mu);
    return rc;
}
