/* batch.c - the ordered thread pool behind `grantsearch batch`.
 *
 * Shape: a sliding window.  The main thread reads lines into a ring of
 * `chunk` slots and publishes each one at once; N workers claim the lines in
 * order (an index under a mutex: a claim costs nanoseconds next to a query's
 * milliseconds) and render each into its own open_memstream buffer; the main
 * thread writes the finished buffers in input order, and each written slot
 * takes the next line.  So a slow query holds back only the output behind
 * it, never the other workers: they go on with the lines after it until the
 * window is full.  (An earlier shape read fixed chunks and waited for every
 * line of a chunk before reading the next, so one slow query near a chunk's
 * end left the other threads idle.)  Workers live for the whole batch, so
 * each opens its database once.  Memory is the window's lines plus the
 * rendered results not yet written.
 */
#include "batch/batch.h"
#include "safetext/safe_text.h"
#include "toolkit/clock.h"
#include "toolkit/error.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GS_BATCH_MAX_THREADS 256

typedef struct {
    char *line;            /* the getline buffer; q.qid/q.text point into it */
    gs_batch_query_t q;
    char qid_buf[24];      /* the line number as the id */
    char *out;             /* rendered result (malloc'd by open_memstream) */
    size_t out_len;
    char *err;             /* malloc'd message when the query failed */
    int failed;
    int done;              /* guarded by pool.mu */
    double ms;             /* latency of the run callback */
} item_t;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t work_cv;   /* a line was published, or quit */
    pthread_cond_t done_cv;   /* an item finished (only the main thread waits) */
    item_t *ring;             /* line number k (0-based, blank lines not
                                 counted) lives in ring[k % window] */
    size_t window;
    size_t nread;             /* lines published: 0..nread-1 */
    size_t next;              /* the next line a worker claims */
    int quit;
    const gs_batch_worker_t *worker;
} pool_t;

typedef struct {
    pool_t *pool;
    void *ctx;
    pthread_t th;
    int started;
} thread_t;

unsigned gs_batch_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > GS_BATCH_MAX_THREADS ? GS_BATCH_MAX_THREADS : (unsigned)n;
}

/* Render one item.  Runs on a worker thread without the lock. */
static void run_item(thread_t *t, item_t *it)
{
    const gs_batch_worker_t *w = t->pool->worker;
    FILE *f = open_memstream(&it->out, &it->out_len);
    if (!f) {
        it->failed = 1;
        it->err = gs_strdupf("cannot allocate an output buffer: %s", strerror(errno));
        return;
    }
    double t0 = gs_clock_now();
    char *err = NULL;
    int rc = w->run(t->ctx, &it->q, f, &err);
    it->ms = (gs_clock_now() - t0) * 1000.0;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        if (!err)
            err = gs_strdupf("cannot write the result: out of memory");
    }
    if (rc != 0) {
        it->failed = 1;
        it->err = err ? err : gs_strdupf("query failed");
    } else {
        free(err);
    }
}

/* Claim the published lines in order until quit.  The claim and the done
 * flag are under the lock; the query runs without it. */
static void *worker_main(void *arg)
{
    thread_t *t = arg;
    pool_t *p = t->pool;
    if (p->worker->start)
        p->worker->start(t->ctx);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next == p->nread && !p->quit)
            pthread_cond_wait(&p->work_cv, &p->mu);
        if (p->quit)
            break;
        item_t *it = &p->ring[p->next++ % p->window];
        pthread_mutex_unlock(&p->mu);
        run_item(t, it);
        pthread_mutex_lock(&p->mu);
        it->done = 1;
        pthread_cond_signal(&p->done_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Split a line (already stripped of its newline) into id and query.
 * Returns 0 for a blank line (to skip). */
static int parse_line(item_t *it, char *line, size_t len, unsigned long lineno)
{
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        line[--len] = '\0';
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t'))
        k++;
    if (k == len)
        return 0;
    snprintf(it->qid_buf, sizeof it->qid_buf, "%lu", lineno);
    it->q.line = lineno;
    it->q.qid = it->qid_buf;
    /* Lengths, not strlen: a NUL byte inside the query must reach the
     * worker, which refuses the line saying so (it is not a shorter query). */
    char *text = line, *end = line + len;
    char *tab = memchr(line, '\t', len);
    if (tab) {
        *tab = '\0';
        char *id = line;
        while (*id == ' ')
            id++;
        char *e = id + strlen(id);
        while (e > id && e[-1] == ' ')
            *--e = '\0';
        if (*id)
            it->q.qid = id;
        text = tab + 1;
        /* Extra columns (e.g. the dev set's `kind`) are ignored. */
        char *tab2 = memchr(text, '\t', (size_t)(end - text));
        if (tab2) {
            *tab2 = '\0';
            end = tab2;
        }
    }
    it->q.text = text;
    it->q.text_len = (size_t)(end - text);
    return 1;
}

static void free_items(item_t *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].line);
        free(items[i].out);
        free(items[i].err);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double gs_batch_percentile(const double *v, size_t n, double pct)
{
    if (n == 0)
        return 0.0;
    size_t rank = (size_t)((pct / 100.0) * (double)n);
    if ((double)rank < (pct / 100.0) * (double)n)
        rank++;
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return v[rank - 1];
}

int gs_batch_format_timing(const gs_batch_stats_t *st, char *buf, size_t cap)
{
    double qps = st->total_s > 0 ? (double)st->queries / st->total_s : 0.0;
    return snprintf(buf, cap,
                    "batch: queries=%zu threads=%u total_s=%.3f qps=%.1f mean_ms=%.3f "
                    "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f",
                    st->queries, st->threads, st->total_s, qps, st->mean_ms, st->p50_ms,
                    st->p99_ms, st->max_ms);
}

/* What the main thread keeps between lines: the output side's state. */
typedef struct {
    FILE *out, *errs;
    const char *in_name;
    double *lat;           /* per-query latencies, in input order */
    size_t nlat, caplat, nerr;
} writer_t;

/* Read the next non-blank line into the slot it (cleared first).  1 read,
 * 0 at the end of the input, -1 on a read error (*why set). */
static int read_line(FILE *in, const char *in_name, unsigned long *lineno, item_t *it, char **why)
{
    for (;;) {
        char *line = NULL;
        size_t cap = 0;
        errno = 0;
        ssize_t len = getline(&line, &cap, in);
        if (len < 0) {
            free(line);
            if (ferror(in)) {
                *why = gs_strdupf("%s: read error: %s", in_name, strerror(errno));
                return -1;
            }
            return 0;
        }
        ++*lineno;
        memset(it, 0, sizeof *it);
        if (parse_line(it, line, (size_t)len, *lineno)) {
            it->line = line;
            return 1;
        }
        free(line);
    }
}

/* Write a finished item's output and its error line, count its latency,
 * and empty the slot for the next line.  0 ok, -1 (*why set) on a write
 * error or no memory. */
static int write_item(writer_t *w, item_t *it, char **why)
{
    int rc = 0;
    if (it->out_len && fwrite(it->out, 1, it->out_len, w->out) != it->out_len) {
        *why = gs_strdupf("cannot write the results: %s", strerror(errno));
        rc = -1;
    }
    if (rc == 0 && it->failed) {
        w->nerr++;
        if (w->errs) {
            /* The id and the message may echo the query: made safe. */
            fputs("grantsearch: batch: query ", w->errs);
            gs_safe_fputs(w->errs, it->q.qid, GS_SAFE_LINE);
            fputs(" (", w->errs);
            gs_safe_fputs(w->errs, w->in_name, GS_SAFE_LINE);
            fprintf(w->errs, " line %lu): ", it->q.line);
            gs_safe_fputs(w->errs, it->err, GS_SAFE_LINE);
            fputc('\n', w->errs);
        }
    }
    if (rc == 0 && w->nlat == w->caplat) {
        size_t nc = w->caplat ? w->caplat * 2 : 1024;
        double *nl = realloc(w->lat, nc * sizeof *nl);
        if (!nl) {
            *why = gs_strdupf("out of memory");
            rc = -1;
        } else {
            w->lat = nl;
            w->caplat = nc;
        }
    }
    if (rc == 0)
        w->lat[w->nlat++] = it->ms;
    free_items(it, 1);
    memset(it, 0, sizeof *it);
    return rc;
}

/* Is the item done?  (The flag is written by a worker under the lock.) */
static int item_done(pool_t *p, item_t *it, int wait)
{
    pthread_mutex_lock(&p->mu);
    while (wait && !it->done)
        pthread_cond_wait(&p->done_cv, &p->mu);
    int done = it->done;
    pthread_mutex_unlock(&p->mu);
    return done;
}

/* The main thread's loop: write every finished line at the head of the
 * window, read one more line while the window has room, else wait for the
 * head.  A read error stops the reading, not the writing: the lines read
 * before it still get their results.  0 ok, -1 with *why. */
static int pump(pool_t *p, FILE *in, writer_t *w, char **why)
{
    unsigned long lineno = 0;
    size_t nread = 0, written = 0;
    int eof = 0, rc = 0;
    for (;;) {
        /* Output first, so it streams as soon as the head is done. */
        while (written < nread && item_done(p, &p->ring[written % p->window], 0)) {
            char *werr = NULL;
            if (write_item(w, &p->ring[written++ % p->window], &werr) != 0) {
                free(*why);   /* a read error before it is the lesser news */
                *why = werr;
                return -1;
            }
        }
        if (!eof && nread - written < p->window) {
            int r = read_line(in, w->in_name, &lineno, &p->ring[nread % p->window], why);
            if (r <= 0) {
                eof = 1;
                rc = r;
                continue;
            }
            pthread_mutex_lock(&p->mu);
            p->nread = ++nread;
            pthread_cond_signal(&p->work_cv);
            pthread_mutex_unlock(&p->mu);
        } else if (written < nread) {
            item_done(p, &p->ring[written % p->window], 1);
        } else {
            return rc;   /* end of input (or a read error), everything written */
        }
    }
}

int gs_batch_run(FILE *in, const char *in_name, FILE *out, FILE *errs,
                 const gs_batch_worker_t *worker, const gs_batch_opts_t *opts,
                 gs_batch_stats_t *stats, char **err)
{
    unsigned nthreads = opts && opts->threads ? opts->threads : gs_batch_default_threads();
    if (nthreads > GS_BATCH_MAX_THREADS)
        nthreads = GS_BATCH_MAX_THREADS;
    size_t window = opts && opts->chunk ? opts->chunk : 4096;
    char *why = NULL;
    int rc = 0;
    double t_start = gs_clock_now();
    writer_t w = {out, errs, in_name, NULL, 0, 0, 0};

    pool_t p;
    memset(&p, 0, sizeof p);
    p.worker = worker;
    p.window = window;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work_cv, NULL);
    pthread_cond_init(&p.done_cv, NULL);

    thread_t *th = calloc(nthreads, sizeof *th);
    p.ring = calloc(window, sizeof *p.ring);
    if (!th || !p.ring) {
        why = gs_strdupf("out of memory");
        rc = -1;
        goto done;
    }
    /* Open every context first: a bad database fails before any output. */
    for (unsigned i = 0; i < nthreads; i++) {
        char *e = NULL;
        th[i].pool = &p;
        th[i].ctx = worker->open(worker->arg, &e);
        if (!th[i].ctx) {
            why = e ? e : gs_strdupf("cannot open a worker");
            rc = -1;
            goto done;
        }
    }
    for (unsigned i = 0; i < nthreads; i++) {
        int e = pthread_create(&th[i].th, NULL, worker_main, &th[i]);
        if (e != 0) {
            why = gs_strdupf("cannot start a thread: %s", strerror(e));
            rc = -1;
            goto done;
        }
        th[i].started = 1;
    }
    rc = pump(&p, in, &w, &why);
    if (rc == 0 && fflush(out) != 0) {
        why = gs_strdupf("cannot write the results: %s", strerror(errno));
        rc = -1;
    }

done:
    if (th) {
        pthread_mutex_lock(&p.mu);
        p.quit = 1;
        pthread_cond_broadcast(&p.work_cv);
        pthread_mutex_unlock(&p.mu);
        for (unsigned i = 0; i < nthreads; i++) {
            if (th[i].started)
                pthread_join(th[i].th, NULL);
            if (th[i].ctx)
                worker->close(th[i].ctx);
        }
    }
    if (stats) {
        memset(stats, 0, sizeof *stats);
        stats->queries = w.nlat;
        stats->errors = w.nerr;
        stats->threads = nthreads;
        stats->total_s = gs_clock_now() - t_start;
        if (w.nlat) {
            double sum = 0;
            for (size_t i = 0; i < w.nlat; i++)
                sum += w.lat[i];
            qsort(w.lat, w.nlat, sizeof *w.lat, cmp_double);
            stats->mean_ms = sum / (double)w.nlat;
            stats->p50_ms = gs_batch_percentile(w.lat, w.nlat, 50);
            stats->p99_ms = gs_batch_percentile(w.lat, w.nlat, 99);
            stats->max_ms = w.lat[w.nlat - 1];
        }
    }
    /* The workers are joined: what is left in the window (after an error)
     * belongs to no one else. */
    if (p.ring)
        free_items(p.ring, window);
    free(w.lat);
    free(p.ring);
    free(th);
    pthread_cond_destroy(&p.done_cv);
    pthread_cond_destroy(&p.work_cv);
    pthread_mutex_destroy(&p.mu);
    if (err)
        *err = why;
    else
        free(why);
    return rc;
}
