/* internal.h - what server/'s files share: a request as the handlers see
 * it, the reply they fill in, and the per-thread searcher.  Not installed,
 * not used outside server/. */
#ifndef GS_SERVER_INTERNAL_H
#define GS_SERVER_INTERNAL_H

#include "server/server.h"
#include "searcher/searcher.h"
#include "toolkit/buf.h"

#include <pthread.h>
#include <stdio.h>

/* The searcher threads, o.threads of them, each with its own searcher,
 * shared by every connection's thread: a request's handler runs on the
 * next free one in arrival order (worker.c). */
struct gs_job;
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t work;          /* a job was queued, or stop */
    struct gs_job *head, *tail;   /* requests waiting, in arrival order */
    pthread_t *threads;
    unsigned nthreads;            /* started */
    int stop;                     /* shutdown: the threads end when the line is empty */
} gs_pool_t;

/* The running server: its options and what shutdown waits for. */
typedef struct gs_server {
    gs_server_opts_t o;
    gs_pool_t pool;
    pthread_mutex_t lock;
    pthread_cond_t idle;          /* signalled when inflight or streams drops */
    unsigned inflight;            /* requests between arrival and completion */
    unsigned streams;             /* batch threads still writing a response */
} gs_server_t;

/* One request, all its body read.  Strings are owned by libmicrohttpd or
 * http.c and live until the reply is sent. */
typedef struct {
    gs_server_t *srv;
    struct MHD_Connection *conn;
    const char *method;           /* "GET", "HEAD", "POST", ... */
    const char *path;             /* decoded, without the query string */
    const char *body;             /* NUL-terminated (also when empty) */
    size_t body_len;
} gs_req_t;

/* What a handler answers: a status, a content type and a malloc'd body,
 * or a pipe that a thread writes the body to (streamed, fd >= 0). */
typedef struct {
    unsigned status;
    const char *type;             /* static string */
    char *body;                   /* malloc'd; http.c frees it */
    size_t len;
    int fd;                       /* -1, or the read end of a streamed body */
    const char *allow;            /* the Allow header of a 405, else NULL */
    char *warning;                /* malloc'd, or NULL: a note the body has no place for
                                   * (a stream), sent as "Warning: 299 - \"...\""; http.c
                                   * frees it */
} gs_reply_t;

/* An empty reply, before a handler fills it in. */
#define GS_REPLY_INIT {0, NULL, NULL, 0, -1, NULL, NULL}

/* ---- http.c --------------------------------------------------------- */
/* A query-string parameter (decoded), NULL when absent. */
const char *gs_req_arg(const gs_req_t *rq, const char *name);
/* Is the parameter there and "1", "true", "on" or "yes"? */
int gs_req_flag(const gs_req_t *rq, const char *name);
/* The body fields of an application/x-www-form-urlencoded POST: the value
 * of `name`, decoded, malloc'd (caller frees); NULL when absent. */
char *gs_req_form(const gs_req_t *rq, const char *name);

/* Set the reply to the memory stream's text (takes *mem). */
void gs_reply_set(gs_reply_t *rp, unsigned status, const char *type, char *mem, size_t len);

/* ---- worker.c ------------------------------------------------------- */
/* A request's handler: fills rp in. */
typedef void (*gs_handler_fn)(const gs_req_t *rq, gs_reply_t *rp);
/* Run fn(rq, rp) on the next free searcher thread, in arrival order, and
 * return when it has: the calling connection thread waits meanwhile. */
void gs_server_dispatch(gs_server_t *srv, gs_handler_fn fn, const gs_req_t *rq, gs_reply_t *rp);
/* The searcher of the thread running the request's handler, at the index's
 * latest commit (reopened on the request's first call); borrowed, never
 * close it.  NULL when the index cannot be opened (why goes to the
 * server's log, not to the client: it names paths on the server's disk),
 * or when called on no searcher thread. */
gs_searcher_t *gs_server_searcher(gs_server_t *srv);
/* Start the srv->o.threads searcher threads (their searchers open on
 * first use): 0, or -1 when none could start.  _free, once no request
 * runs: the threads end and their searchers are closed. */
int gs_server_pool_init(gs_server_t *srv);
void gs_server_pool_free(gs_server_t *srv);
/* An error the operator should see and the client should not: stderr. */
void gs_server_log_error(const char *why);
/* s[0..*len) (malloc'd) with the index's path written "DB" where the
 * note on vectors names a file in it ("vectors not used: PATH/vectors: no
 * vectors ..."): a client is not told where the index lies on the server's
 * disk (as /api/stats leaves it out).  Returns the new buffer (s freed,
 * *len updated), or s itself when the note is not in it or out of memory.
 * (A path that JSON escapes, holding '"' or '\\', stays shown in JSON.) */
char *gs_server_hide_dbpath(const gs_server_t *srv, char *s, size_t *len);
/* What a client is told instead. */
#define GS_SERVER_UNAVAILABLE "the index cannot be opened now (the server's log says why)"
/* A stream thread is to start: 1 and counted when fewer than cap run,
 * else 0 (nothing counted).  Each counted one ends with _end (shutdown
 * waits for them). */
int gs_server_stream_begin(gs_server_t *srv, unsigned cap);
void gs_server_stream_end(gs_server_t *srv);

/* ---- api.c: /api/... -------------------------------------------------- */
/* Answer a request under /api/ (any path there: unknown ones get 404). */
void gs_api_handle(const gs_req_t *rq, gs_reply_t *rp);
/* A JSON error reply: {"error": message, "status": code}. */
void gs_api_error(gs_reply_t *rp, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The search a request asks for, from its parameters (q, n, offset, sort,
 * reverse, facets, boost, bm25, strict, and the filters status, year,
 * region, direction, contest appended to q): shared by the API and the
 * page.  *query gets the query text (caller frees with gs_buf_free).
 * 0 ok; -1 with *msg (malloc'd) saying what is wrong, in the CLI's words. */
int gs_api_search_params(const gs_req_t *rq, gs_search_opts_t *o, gs_buf_t *query, char **msg);
/* The filter parameters (status, year, region, direction, contest) as
 * search syntax, appended to b ("status:winner region:\"Пермский край\"").
 * `get` reads a parameter (query string or form). */
typedef const char *(*gs_param_fn)(const gs_req_t *rq, const char *name, char **tofree);
void gs_api_filters(const gs_req_t *rq, gs_param_fn get, gs_buf_t *b);
/* The names of those filter parameters, NULL-terminated. */
extern const char *const gs_api_filter_names[];

/* ---- page.c: the web page ------------------------------------------ */
/* Answer a request for a page or a static file (anything not /api/). */
void gs_page_handle(const gs_req_t *rq, gs_reply_t *rp);

/* ---- assets.c (generated from server/static/ by server/embed.sh) ---- */
typedef struct {
    const char *name;             /* "style.css" */
    const char *type;             /* "text/css; charset=utf-8" */
    const unsigned char *data;
    size_t len;
} gs_asset_t;
extern const gs_asset_t gs_assets[];
extern const size_t gs_nassets;

#endif
