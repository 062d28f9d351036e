/* server.h - `grantsearch serve`: the JSON API and the web page over HTTP
 * (libmicrohttpd).
 *
 * One call runs the server until SIGTERM or SIGINT: it then stops accepting,
 * lets the requests in flight finish (up to drain_s seconds) and returns.
 * Each connection has a thread; `threads` searchers (searchers are not
 * thread-safe), opened on first use, are lent to one request at a time in
 * arrival order and brought to the index's latest commit before each
 * request, so an `index` run under a running server is seen without a
 * restart (server/worker.c).
 *
 * Layout of the URLs: README.md ("serve") and doc/grantsearch.1.
 */
#ifndef GS_SERVER_H
#define GS_SERVER_H

#include <stddef.h>

typedef struct {
    const char *dbpath;       /* the index (required) */
    const char *synonyms;     /* synonyms file for every searcher, NULL = none */
    const char *listen;       /* "HOST:PORT", "[::1]:PORT"; port 0 = any free one */
    unsigned threads;         /* searchers: searches at once (0 = 2) */
    unsigned max_conns;       /* concurrent connections (0 = 64) */
    size_t max_body;          /* request body cap in bytes (0 = 1 MiB) */
    unsigned timeout_s;       /* per request: idle client cut, batch stopped (0 = 10) */
    unsigned drain_s;         /* on SIGTERM: how long in-flight requests may finish (0 = 30) */
    int quiet;                /* no access log */
} gs_server_opts_t;

/* Is spec a --listen value this host can resolve ("HOST:PORT")?  0 yes;
 * -1 with *err (malloc'd) saying what is wrong. */
int gs_server_check_listen(const char *spec, char **err);

/* Serve until SIGTERM/SIGINT.  Prints "grantsearch: listening on
 * http://HOST:PORT/" on stderr once ready (the real port when 0 was asked
 * for), then one access log line per request unless quiet.  Returns 0 after
 * a clean stop, -1 when it could not start (*err malloc'd: why). */
int gs_server_run(const gs_server_opts_t *o, char **err);

#endif
