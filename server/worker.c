/* worker.c - the searcher threads of `serve`, shared by every connection,
 * each with a searcher kept at the index's latest commit, and the count
 * of streaming threads that shutdown waits for.
 *
 * A searcher (one Xapian handle, one analyzer) is not thread-safe, and
 * opening one costs a few milliseconds, so the server keeps o.threads of
 * them, one on each of o.threads long-lived threads (opened as the thread
 * starts, with the hunspell dictionary).
 * Each connection has its own thread (http.c), which reads the request,
 * puts its handler in one line of jobs and sleeps until a searcher thread
 * has run it: one queue for all connections, so a slow request delays no
 * other connection while another searcher thread is free.  (With
 * libmicrohttpd's thread pool each connection was tied to one worker and
 * waited behind that worker's requests even when the other was idle.)
 *
 * Why the handler runs on the searcher's own thread rather than the
 * searcher being lent to the connection's thread (serve17d's queue): a
 * searcher thread that ends a job takes the next one without sleeping, so
 * the cores stay busy.  Lent searchers went through a sleeping thread at
 * each hand-over; the woken thread was often put on the core of the other
 * search, preempting it, while its own core went idle: at 8 connections
 * on 2 cores, 1.6 cores busy and 15-20% fewer answers than the thread
 * pool.  Before each request the searcher is reopened: Xapian's reopen is
 * a cheap revision check when nothing changed, and it is what makes an
 * `index` run under the server visible without a restart. */
#include "server/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A request waiting for, or on, a searcher thread; on its connection
 * thread's stack until done. */
typedef struct gs_job {
    gs_handler_fn fn;
    const gs_req_t *rq;
    gs_reply_t *rp;
    pthread_cond_t done_cv;   /* signalled (under the pool's lock) when done */
    int done;
    struct gs_job *next;
} gs_job_t;

/* A searcher thread's own state (thread-local: one server per process). */
static _Thread_local struct {
    gs_server_t *srv;       /* NULL on any other thread */
    gs_searcher_t *s;       /* its searcher, or NULL before the first open */
    int fresh;              /* s was reopened for the running job */
} self;

/* Open a searcher, with the synonyms file when there is one (an unreadable
 * file was reported once at start: cmd_serve.c). */
static gs_searcher_t *open_one(gs_server_t *srv, char **err)
{
    gs_status_t st;
    gs_searcher_t *s = gs_searcher_open(srv->o.dbpath, &st, err);
    if (s && srv->o.synonyms)
        gs_searcher_set_synonyms(s, srv->o.synonyms, NULL);
    return s;
}

gs_searcher_t *gs_server_searcher(gs_server_t *srv)
{
    if (self.srv != srv)
        return NULL;   /* not a searcher thread: a handler always runs on one */
    if (self.fresh)
        return self.s;
    if (self.s && gs_searcher_reopen(self.s) != 0) {
        gs_searcher_close(self.s);   /* the reopen failed (index replaced or gone): start anew */
        self.s = NULL;
    }
    if (!self.s) {
        char *err = NULL;
        self.s = open_one(srv, &err);
        if (!self.s)
            gs_server_log_error(err ? err : "the index cannot be opened");
        free(err);
    }
    self.fresh = self.s != NULL;
    return self.s;
}

/* A searcher thread: run the jobs in arrival order until stop and the
 * line is empty, then close its searcher. */
static void *searcher_thread(void *arg)
{
    gs_server_t *srv = arg;
    gs_pool_t *p = &srv->pool;
    self.srv = srv;
    /* The searcher and its hunspell dictionary before the first request:
     * loaded by the first request that needed one, the dictionary made
     * that request wait 70-190 ms more at 166,848 records (kw15), once per
     * searcher thread.  An index that cannot be opened now is reported by
     * the first request, as before (gs_server_searcher opens again). */
    char *err = NULL;
    self.s = open_one(srv, &err);
    free(err);
    if (self.s)
        gs_searcher_preload(self.s);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->head && !p->stop)
            pthread_cond_wait(&p->work, &p->lock);
        gs_job_t *j = p->head;
        if (!j)
            break;
        p->head = j->next;
        if (!p->head)
            p->tail = NULL;
        pthread_mutex_unlock(&p->lock);
        self.fresh = 0;
        j->fn(j->rq, j->rp);
        pthread_mutex_lock(&p->lock);
        j->done = 1;   /* j lives until its thread sees this: signal under the lock */
        pthread_cond_signal(&j->done_cv);
    }
    pthread_mutex_unlock(&p->lock);
    gs_searcher_close(self.s);
    self.s = NULL;
    self.srv = NULL;
    return NULL;
}

void gs_server_dispatch(gs_server_t *srv, gs_handler_fn fn, const gs_req_t *rq, gs_reply_t *rp)
{
    gs_pool_t *p = &srv->pool;
    gs_job_t j = {.fn = fn, .rq = rq, .rp = rp, .done = 0, .next = NULL};
    pthread_cond_init(&j.done_cv, NULL);
    pthread_mutex_lock(&p->lock);
    if (p->tail)
        p->tail->next = &j;
    else
        p->head = &j;
    p->tail = &j;
    pthread_cond_signal(&p->work);   /* a sleeping searcher thread, if any */
    while (!j.done)
        pthread_cond_wait(&j.done_cv, &p->lock);
    pthread_mutex_unlock(&p->lock);
    pthread_cond_destroy(&j.done_cv);
}

int gs_server_pool_init(gs_server_t *srv)
{
    gs_pool_t *p = &srv->pool;
    memset(p, 0, sizeof *p);
    p->threads = calloc(srv->o.threads, sizeof *p->threads);
    if (!p->threads)
        return -1;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    for (unsigned i = 0; i < srv->o.threads; i++) {
        if (pthread_create(&p->threads[i], NULL, searcher_thread, srv) != 0)
            break;
        p->nthreads++;
    }
    if (p->nthreads == 0) {
        gs_server_pool_free(srv);
        return -1;
    }
    return 0;
}

void gs_server_pool_free(gs_server_t *srv)
{
    gs_pool_t *p = &srv->pool;
    if (!p->threads)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    free(p->threads);
    p->threads = NULL;
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->lock);
}

void gs_server_log_error(const char *why)
{
    fprintf(stderr, "grantsearch: serve: %s\n", why);
}

int gs_server_stream_begin(gs_server_t *srv, unsigned cap)
{
    pthread_mutex_lock(&srv->lock);
    int ok = srv->streams < cap;
    if (ok)
        srv->streams++;
    pthread_mutex_unlock(&srv->lock);
    return ok;
}

void gs_server_stream_end(gs_server_t *srv)
{
    pthread_mutex_lock(&srv->lock);
    srv->streams--;
    pthread_cond_broadcast(&srv->idle);
    pthread_mutex_unlock(&srv->lock);
}
