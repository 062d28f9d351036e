/* http.c - libmicrohttpd set-up, limits, routing, the access log and the
 * graceful stop of `grantsearch serve`.
 *
 * Limits a public deployment needs, all from gs_server_opts_t:
 *   - body cap: a declared Content-Length over it is refused at once (413),
 *     a chunked body as soon as it passes it;
 *   - the URL and headers fit in a fixed per-connection memory pool
 *     (libmicrohttpd answers 414/431 itself beyond it); the query text has
 *     the query language's own cap (GS_QUERY_MAX_BYTES, 400 like the CLI);
 *   - a client idle for timeout_s is disconnected (slow uploads and slow
 *     readers cannot hold a thread; none holds a searcher while it sends or
 *     reads); a batch stops at timeout_s;
 *   - at most max_conns connections; more are refused at accept.
 * Files are never read from disk: static assets are compiled in and found
 * by exact name, so no path can traverse anywhere.
 */
#include "server/internal.h"
#include "toolkit/clock.h"
#include "safetext/safe_text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Per request: the body read so far and what the access log says. */
typedef struct {
    double start_ms;
    gs_buf_t body;
    int too_big;          /* 413 queued */
    size_t seen;          /* body bytes received */
    unsigned status;
    size_t bytes;         /* -1 when streamed (unknown in advance) */
    int streamed;
    char *method, *path;  /* copies, for the log line after the reply */
} req_ctx_t;

/* ---- parameters ------------------------------------------------------- */

const char *gs_req_arg(const gs_req_t *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

int gs_req_flag(const gs_req_t *rq, const char *name)
{
    const char *v = gs_req_arg(rq, name);
    return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "yes"));
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode one form value, s[0..n): '+' is a space, %XX a byte. */
static char *form_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+')
            *o++ = ' ';
        else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else
            *o++ = s[i];
    }
    *o = '\0';
    return out;
}

char *gs_req_form(const gs_req_t *rq, const char *name)
{
    size_t nl = strlen(name);
    const char *p = rq->body, *end = rq->body + rq->body_len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (eq && (size_t)(eq - p) == nl && !memcmp(p, name, nl))
            return form_decode(eq + 1, (size_t)(stop - eq - 1));
        p = stop + 1;
    }
    return NULL;
}

void gs_reply_set(gs_reply_t *rp, unsigned status, const char *type, char *mem, size_t len)
{
    free(rp->body);
    rp->status = status;
    rp->type = type;
    rp->body = mem;
    rp->len = len;
}

/* ---- the access log --------------------------------------------------- */

/* One line per request on stderr: client, method, path, status, bytes, ms.
 * The path is printed safely (control characters escaped); query strings
 * and bodies are not logged, since they can hold a whole draft. */
static void log_request(struct MHD_Connection *conn, const char *method, const char *path,
                        const req_ctx_t *c)
{
    char addr[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
                      sizeof addr);
    }
    char *safe = gs_safe_strdup(path ? path : "-", GS_SAFE_WORD);
    char bytes[32];
    if (c->streamed)
        strcpy(bytes, "-");
    else
        snprintf(bytes, sizeof bytes, "%zu", c->bytes);
    fprintf(stderr, "%s \"%s %s\" %u %s %.1fms\n", addr, method ? method : "-",
            safe ? safe : "-", c->status, bytes, (gs_clock_now() * 1000.0) - c->start_ms);
    free(safe);
}

/* ---- replies ---------------------------------------------------------- */

/* Headers every answer carries: no sniffing, no framing, no referrer; the
 * page's scripts and styles only from this server (a record's text that
 * slipped through unescaped still could not run). */
static void common_headers(struct MHD_Response *r, const char *type)
{
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    if (!strncmp(type, "text/html", 9))
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'none'; script-src 'self'; style-src 'self'; "
                                "img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                                "base-uri 'none'");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
                            !strncmp(type, "text/css", 8) ||
                                    !strncmp(type, "application/javascript", 22)
                                ? "public, max-age=3600"
                                : "no-store");
}

/* The Warning header of a note (RFC 9110's obsoleted but widely read
 * form, as Kubernetes' API sends its warnings: code 299, agent "-", the
 * text quoted): '"' and '\\' escaped, control bytes (a CR or LF would end
 * the header) shown as '?'. */
static void add_warning(struct MHD_Response *r, const char *note)
{
    gs_buf_t b = GS_BUF_INIT;
    gs_buf_append_str(&b, "299 - \"");
    for (const unsigned char *p = (const unsigned char *)note; *p; p++) {
        if (*p == '"' || *p == '\\')
            gs_buf_append_byte(&b, '\\');
        gs_buf_append_byte(&b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
    }
    gs_buf_append_byte(&b, '"');
    if (!gs_buf_failed(&b))
        MHD_add_response_header(r, "Warning", b.s);
    gs_buf_free(&b);
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, req_ctx_t *c, gs_reply_t *rp)
{
    struct MHD_Response *r;
    if (rp->fd >= 0) {
        r = MHD_create_response_from_pipe(rp->fd);
        c->streamed = 1;
    } else {
        r = MHD_create_response_from_buffer(rp->len, rp->body ? rp->body : (char *)"",
                                            rp->body ? MHD_RESPMEM_MUST_FREE
                                                     : MHD_RESPMEM_PERSISTENT);
        if (r)
            rp->body = NULL;   /* the response owns it now */
        c->bytes = rp->len;
    }
    if (!r) {
        free(rp->body);
        free(rp->warning);
        if (rp->fd >= 0)
            close(rp->fd);
        return MHD_NO;
    }
    common_headers(r, rp->type ? rp->type : "text/plain; charset=utf-8");
    if (rp->allow)
        MHD_add_response_header(r, "Allow", rp->allow);
    if (rp->warning)
        add_warning(r, rp->warning);
    free(rp->warning);
    rp->warning = NULL;
    c->status = rp->status;
    enum MHD_Result ret = MHD_queue_response(conn, rp->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---- the request handler ---------------------------------------------- */

static void inflight_add(gs_server_t *srv, int d)
{
    pthread_mutex_lock(&srv->lock);
    srv->inflight = (unsigned)((int)srv->inflight + d);
    pthread_cond_broadcast(&srv->idle);
    pthread_mutex_unlock(&srv->lock);
}

/* A request whose declared body is over the cap gets 413 before any of it
 * is read. */
static int declared_too_big(struct MHD_Connection *conn, size_t cap)
{
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl)
        return 0;
    char *e;
    errno = 0;
    unsigned long long v = strtoull(cl, &e, 10);
    return errno || *e || v > cap;
}

static enum MHD_Result too_big(struct MHD_Connection *conn, req_ctx_t *c, size_t cap)
{
    gs_reply_t rp = GS_REPLY_INIT;
    gs_api_error(&rp, 413, "request body over the limit of %zu bytes", cap);
    c->too_big = 1;
    return send_reply(conn, c, &rp);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version,
                              const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)version;
    gs_server_t *srv = cls;
    req_ctx_t *c = *con_cls;
    if (!c) {   /* the headers are in: set the request up */
        c = calloc(1, sizeof *c);
        if (!c)
            return MHD_NO;
        c->start_ms = (gs_clock_now() * 1000.0);
        c->method = strdup(method);
        c->path = strdup(url);
        *con_cls = c;
        inflight_add(srv, 1);
        if (declared_too_big(conn, srv->o.max_body))
            return too_big(conn, c, srv->o.max_body);
        return MHD_YES;
    }
    if (*upload_data_size) {   /* a piece of the body */
        /* A chunked body over the cap: libmicrohttpd takes no answer in the
         * middle of an upload, so the rest is read and dropped and the 413
         * goes at its end; one many times over the cap is cut at once. */
        c->seen += *upload_data_size;
        if (c->seen > srv->o.max_body) {
            gs_buf_free(&c->body);
            *upload_data_size = 0;
            return c->seen / 16 > srv->o.max_body ? MHD_NO : MHD_YES;
        }
        gs_buf_append(&c->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (c->too_big)
        return MHD_YES;   /* the 413 is queued */
    if (c->seen > srv->o.max_body)
        return too_big(conn, c, srv->o.max_body);
    gs_buf_append_byte(&c->body, '\0');   /* handlers read a C string */
    if (gs_buf_failed(&c->body))
        return MHD_NO;
    gs_req_t rq = {srv, conn, method, url, c->body.s, c->body.len - 1};
    gs_reply_t rp = GS_REPLY_INIT;
    /* The handler runs on a searcher thread, in arrival order (worker.c);
     * this thread sends the answer. */
    gs_server_dispatch(srv, !strncmp(url, "/api/", 5) || !strcmp(url, "/api") ? gs_api_handle
                                                                               : gs_page_handle,
                       &rq, &rp);
    if (!rp.status)
        gs_api_error(&rp, 500, "internal error: no answer");
    return send_reply(conn, c, &rp);
}

static void request_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    gs_server_t *srv = cls;
    req_ctx_t *c = *con_cls;
    if (!c)
        return;
    if (!srv->o.quiet) {
        if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !c->status)
            c->status = 499;   /* the client went away first (nginx's code) */
        log_request(conn, c->method, c->path, c);
    }
    gs_buf_free(&c->body);
    free(c->method);
    free(c->path);
    free(c);
    *con_cls = NULL;
    inflight_add(srv, -1);
}

/* ---- start and stop --------------------------------------------------- */

/* "127.0.0.1:8080", "localhost:0", "[::1]:8080", ":8080" (= 127.0.0.1) ->
 * an address.  0 ok, -1 with *err. */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, int *v6, char **err)
{
    char host[256];
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec + strlen(spec) - 1) {
        *err = strdup("--listen wants HOST:PORT, e.g. 127.0.0.1:8080");
        return -1;
    }
    size_t hl = (size_t)(colon - spec);
    if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
        spec++;
        hl -= 2;
    }
    if (hl >= sizeof host) {
        *err = strdup("--listen: host name too long");
        return -1;
    }
    memcpy(host, spec, hl);
    host[hl] = '\0';
    char *e;
    unsigned long port = strtoul(colon + 1, &e, 10);
    if (*e || port > 65535) {
        *err = strdup("--listen: the port must be a number from 0 to 65535");
        return -1;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int rc = getaddrinfo(hl ? host : "127.0.0.1", colon + 1, &hints, &res);
    if (rc != 0 || !res) {
        char m[512];
        snprintf(m, sizeof m, "--listen: cannot resolve '%s': %s", host, gai_strerror(rc));
        *err = strdup(m);
        return -1;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    return 0;
}

int gs_server_check_listen(const char *spec, char **err)
{
    struct sockaddr_storage ss;
    int v6;
    return parse_listen(spec, &ss, &v6, err);
}

/* libmicrohttpd's own messages (a bind failure, ...) go to stderr. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("grantsearch: serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

static void defaults(gs_server_opts_t *o)
{
    if (!o->listen)
        o->listen = "127.0.0.1:8080";
    if (!o->threads)
        o->threads = 2;
    if (!o->max_conns)
        o->max_conns = 64;
    if (!o->max_body)
        o->max_body = (size_t)1 << 20;
    if (!o->timeout_s)
        o->timeout_s = 10;
    if (!o->drain_s)
        o->drain_s = 30;
}

/* Wait until no request is in flight and no batch is streaming, or the
 * drain time is over (then the rest is cut). */
static void drain(gs_server_t *srv)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += srv->o.drain_s;
    pthread_mutex_lock(&srv->lock);
    while (srv->inflight > 0 || srv->streams > 0)
        if (pthread_cond_timedwait(&srv->idle, &srv->lock, &until) == ETIMEDOUT)
            break;
    pthread_mutex_unlock(&srv->lock);
}

/* After MHD_stop_daemon: batch threads whose reader is gone end at their
 * next write (EPIPE); wait for them so that nothing runs past the return. */
static void wait_streams(gs_server_t *srv)
{
    pthread_mutex_lock(&srv->lock);
    while (srv->streams > 0)
        pthread_cond_wait(&srv->idle, &srv->lock);
    pthread_mutex_unlock(&srv->lock);
}

int gs_server_run(const gs_server_opts_t *opts, char **err)
{
    gs_server_t srv;
    memset(&srv, 0, sizeof srv);
    srv.o = *opts;
    defaults(&srv.o);
    struct sockaddr_storage ss;
    int v6 = 0;
    if (parse_listen(srv.o.listen, &ss, &v6, err) < 0)
        return -1;
    /* A thread per connection would give glibc a malloc arena per thread
     * (up to 8 per core), each keeping the freed pages of the answers it
     * built: RSS 62 -> 113-140 MB at 8-64 connections on 166,848 records.
     * As many arenas as searches at once, and one for the rest, keep it
     * where the thread pool had it (53-73 MB), at no CPU cost measured. */
#ifdef M_ARENA_MAX
    mallopt(M_ARENA_MAX, (int)srv.o.threads + 1);
#endif
    pthread_mutex_init(&srv.lock, NULL);
    pthread_cond_init(&srv.idle, NULL);

    /* SIGTERM and SIGINT are taken by sigwait below: blocked here, before
     * any thread starts, so that every thread inherits the mask.  A client
     * that goes away must not kill the server with SIGPIPE. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (gs_server_pool_init(&srv) < 0) {
        *err = strdup("serve: cannot start the searcher threads");
        pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
        return -1;
    }

    /* A thread per connection (at most max_conns), and o.threads searcher
     * threads that run their handlers in turn (worker.c): one queue for all
     * connections. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_AUTO | (v6 ? MHD_USE_IPv6 : 0);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, &srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)srv.o.max_conns,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)srv.o.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        MHD_OPTION_NOTIFY_COMPLETED, request_done, &srv,
        MHD_OPTION_END);
    if (!d) {
        char m[512];
        snprintf(m, sizeof m, "serve: cannot listen on %s (in use, or not an address here)",
                 srv.o.listen);
        *err = strdup(m);
        pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
        gs_server_pool_free(&srv);
        return -1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char shown[300];
    snprintf(shown, sizeof shown, "%.*s", (int)(strrchr(srv.o.listen, ':') - srv.o.listen),
             srv.o.listen);
    fprintf(stderr, "grantsearch: listening on http://%s:%u/ (%u threads, index %s)\n",
            *shown ? shown : "127.0.0.1", di ? di->port : 0, srv.o.threads, srv.o.dbpath);
    fflush(stderr);

    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "grantsearch: %s: finishing the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    /* Stop accepting: the listening socket is closed at once, so a new
     * client is refused rather than left waiting. */
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    drain(&srv);
    MHD_stop_daemon(d);
    wait_streams(&srv);
    gs_server_pool_free(&srv);   /* every request is over: the searcher threads end */
    pthread_cond_destroy(&srv.idle);
    pthread_mutex_destroy(&srv.lock);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    fprintf(stderr, "grantsearch: stopped\n");
    return 0;
}
