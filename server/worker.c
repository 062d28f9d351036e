/* worker.c - the searchers of `serve`, shared by every connection, kept at
 * the index's latest commit, and the count of streaming threads that
 * shutdown waits for.
 *
 * A searcher (one Xapian handle, one analyzer) is not thread-safe, and
 * opening one costs a few milliseconds, so the server keeps o.threads of
 * them (opened on first use) and lends one to a request for the time of its
 * handler.  Each connection has its own thread (http.c), and a request
 * takes the next free searcher in arrival order (a line of waiters): one
 * queue for all connections, so a slow request delays no other connection
 * while a searcher is free.  (With libmicrohttpd's thread pool each connection was
 * tied to one worker and waited behind that worker's requests even when
 * the other was idle: at 8 connections on 2 cores the p99 was that of the
 * busier queue.)  Before each request the handle is reopened: Xapian's
 * reopen is a cheap revision check when nothing changed, and it is what
 * makes an `index` run under the server visible without a restart. */
#include "server/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The searcher this thread holds for its request, or NULL.  One server per
 * process, so a plain thread-local slot is enough. */
static _Thread_local gs_searcher_t *held;

int gs_server_pool_init(gs_server_t *srv)
{
    gs_pool_t *p = &srv->pool;
    memset(p, 0, sizeof *p);
    p->idle = calloc(srv->o.threads, sizeof *p->idle);
    if (!p->idle)
        return -1;
    p->nfree = srv->o.threads;
    pthread_mutex_init(&p->lock, NULL);
    return 0;
}

void gs_server_pool_free(gs_server_t *srv)
{
    gs_pool_t *p = &srv->pool;
    if (!p->idle)
        return;
    for (unsigned i = 0; i < p->nidle; i++)
        gs_searcher_close(p->idle[i]);
    free(p->idle);
    p->idle = NULL;
    pthread_mutex_destroy(&p->lock);
}

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

/* A request waiting for a slot, on its thread's stack: a slot given back
 * goes straight to the first in the line (with its searcher, or none), and
 * only its thread is woken (a broadcast would wake all 64 at 64
 * connections for each answer). */
typedef struct gs_waiter {
    pthread_cond_t go;
    int granted;
    gs_searcher_t *s;
    struct gs_waiter *next;
} gs_waiter_t;

/* Take a slot, waiting in arrival order while none is free; returns its
 * searcher, or NULL when the slot has none yet (the caller opens one). */
static gs_searcher_t *take_slot(gs_pool_t *p)
{
    pthread_mutex_lock(&p->lock);
    gs_searcher_t *s = NULL;
    if (p->nfree > 0 && !p->head) {
        p->nfree--;
        s = p->nidle ? p->idle[--p->nidle] : NULL;
    } else {
        gs_waiter_t w = {.granted = 0, .s = NULL, .next = NULL};
        pthread_cond_init(&w.go, NULL);
        if (p->tail)
            p->tail->next = &w;
        else
            p->head = &w;
        p->tail = &w;
        while (!w.granted)
            pthread_cond_wait(&w.go, &p->lock);
        s = w.s;
        pthread_cond_destroy(&w.go);
    }
    pthread_mutex_unlock(&p->lock);
    return s;
}

/* Give a slot back, with its searcher (NULL: none, the next taker opens):
 * to the first waiting request, else to the free ones. */
static void give_slot(gs_pool_t *p, gs_searcher_t *s)
{
    pthread_mutex_lock(&p->lock);
    gs_waiter_t *w = p->head;
    if (w) {
        p->head = w->next;
        if (!p->head)
            p->tail = NULL;
        w->s = s;
        w->granted = 1;
        pthread_cond_signal(&w->go);
    } else {
        if (s)
            p->idle[p->nidle++] = s;
        p->nfree++;
    }
    pthread_mutex_unlock(&p->lock);
}

gs_searcher_t *gs_server_searcher(gs_server_t *srv)
{
    if (held)
        return held;
    gs_searcher_t *s = take_slot(&srv->pool);
    if (s && gs_searcher_reopen(s) != 0) {
        gs_searcher_close(s);   /* the reopen failed (index replaced or gone): start anew */
        s = NULL;
    }
    if (!s) {
        char *err = NULL;
        s = open_one(srv, &err);
        if (!s) {
            gs_server_log_error(err ? err : "the index cannot be opened");
            give_slot(&srv->pool, NULL);
        }
        free(err);
    }
    held = s;
    return s;
}

void gs_server_searcher_release(gs_server_t *srv)
{
    if (!held)
        return;
    give_slot(&srv->pool, held);
    held = NULL;
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
