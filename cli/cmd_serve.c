/* cmd_serve.c - `grantsearch serve`: options, a check that the index opens,
 * then server/ runs until SIGTERM or SIGINT. */
#include "cli/cli.h"
#include "searcher/searcher.h"
#include "server/server.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: grantsearch serve [-d DB] [--listen HOST:PORT] [--threads N]\n"
    "                         [--max-conns N] [--max-body BYTES] [--timeout S] [--quiet]\n"
    "\n"
    "Serve the JSON API (/api/search, /api/similar, /api/show, /api/batch,\n"
    "/api/stats, /api/health) and the web page (/) over HTTP until SIGTERM or\n"
    "SIGINT; then stop accepting, finish the requests in flight and exit 0.\n"
    "New commits of the index are seen without a restart.  One access log line\n"
    "per request goes to stderr.\n"
    "\n"
    "  -d, --db DB          the index (default $GRANTSEARCH_DB, else ./grantsearch.db)\n"
    "  -l, --listen H:P     address and port (default 127.0.0.1:8080; port 0 = any\n"
    "                       free one, printed at start; [::1]:8080 for IPv6)\n"
    "  -t, --threads N      searches at once: N searchers all connections take in\n"
    "                       turn, in arrival order (default 2)\n"
    "      --max-conns N    concurrent connections (default 64)\n"
    "      --max-body B     request body cap in bytes (default 1048576)\n"
    "      --timeout S      a client idle S seconds is dropped; a batch stops\n"
    "                       after S seconds (default 10)\n"
    "  -q, --quiet          no access log\n"
    "  -h, --help           this text\n"
    "\n"
    "Exit status: 0 after a clean stop, 1 usage, 3 the index cannot be opened\n"
    "or the address cannot be listened on.\n";

int gs_cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"max-conns", required_argument, NULL, 'C'},
        {"max-body", required_argument, NULL, 'B'},
        {"timeout", required_argument, NULL, 'T'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gs_server_opts_t o;
    memset(&o, 0, sizeof o);
    const char *db = NULL;
    unsigned long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:l:t:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': o.listen = optarg; break;
        case 't':
        case 'C':
        case 'T':
            if (gs_cli_parse_number(optarg, 1, c == 'C' ? 100000 : c == 'T' ? 3600 : 256, &v) <
                0) {
                gs_cli_error("serve: %s wants a positive number, not '%s'",
                             c == 't' ? "--threads" : c == 'C' ? "--max-conns" : "--timeout",
                             optarg);
                return gs_cli_usage(usage_text, 1);
            }
            if (c == 't')
                o.threads = (unsigned)v;
            else if (c == 'C')
                o.max_conns = (unsigned)v;
            else
                o.timeout_s = (unsigned)v;
            break;
        case 'B':
            if (gs_cli_parse_number(optarg, 1, (unsigned long)1 << 30, &v) < 0) {
                gs_cli_error("serve: --max-body wants a number of bytes up to 1 GiB, not '%s'",
                             optarg);
                return gs_cli_usage(usage_text, 1);
            }
            o.max_body = v;
            break;
        case 'q': o.quiet = 1; break;
        case 'h': return gs_cli_usage(usage_text, 0);
        default: return gs_cli_usage(usage_text, 1);
        }
    }
    if (optind < argc) {
        gs_cli_error("serve: unexpected argument '%s'", argv[optind]);
        return gs_cli_usage(usage_text, 1);
    }
    char *err = NULL;
    if (o.listen && gs_server_check_listen(o.listen, &err) < 0) {
        gs_cli_error("serve: %s", err ? err : "bad --listen");
        free(err);
        return gs_cli_usage(usage_text, 1);
    }
    o.dbpath = gs_cli_db_path(db);
    o.synonyms = gs_cli_synonyms_path();
    /* Open the index once now: a wrong path is said at start, not on every
     * request; and an unreadable synonyms file is warned about once. */
    gs_status_t st;
    gs_searcher_t *s = gs_searcher_open(o.dbpath, &st, &err);
    if (!s) {
        gs_cli_error("%s", err ? err : "cannot open the index");
        free(err);
        return GS_EXIT_INDEX;
    }
    if (o.synonyms && gs_searcher_set_synonyms(s, o.synonyms, &err) < 0) {
        gs_cli_synonyms_warning(err);
        free(err);
        err = NULL;
        o.synonyms = NULL;
    }
    gs_searcher_close(s);
    if (gs_server_run(&o, &err) < 0) {
        gs_cli_error("%s", err ? err : "serve: cannot start");
        free(err);
        return GS_EXIT_INDEX;
    }
    return GS_EXIT_OK;
}
