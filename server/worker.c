/* worker.c - one searcher per worker thread, kept at the index's latest
 * commit, and the count of streaming threads that shutdown waits for.
 *
 * A searcher (one Xapian handle, one analyzer) is not thread-safe, and
 * opening one costs a few milliseconds, so each libmicrohttpd worker opens
 * its own on its first request and keeps it in a thread-specific slot whose
 * destructor closes it when the thread ends (MHD_stop_daemon).  Before each
 * request the handle is reopened: Xapian's reopen is a cheap revision check
 * when nothing changed, and it is what makes an `index` run under the
 * server visible without a restart. */
#include "server/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gs_server_searcher_free(void *s)
{
    gs_searcher_close(s);
}

/* Open this thread's searcher, with the synonyms file when there is one
 * (an unreadable file was reported once at start: cmd_serve.c). */
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
    gs_searcher_t *s = pthread_getspecific(srv->searcher_key);
    if (s && gs_searcher_reopen(s) == 0)
        return s;
    if (s) {   /* the reopen failed (index replaced or gone): start anew */
        gs_searcher_close(s);
        pthread_setspecific(srv->searcher_key, NULL);
    }
    char *err = NULL;
    s = open_one(srv, &err);
    if (s)
        pthread_setspecific(srv->searcher_key, s);
    else
        gs_server_log_error(err ? err : "the index cannot be opened");
    free(err);
    return s;
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
