/* shard_opts.c - the options every reading command takes for a sharded or
 * remote index: --on-shard-failure error|partial and --shard-timeout MS
 * (also $GRANTSEARCH_ON_SHARD_FAILURE and $GRANTSEARCH_SHARD_TIMEOUT, for
 * servers started by a supervisor).  Taken out of argv here, before the
 * command parses the rest, so search, show, similar, batch and stats all
 * accept them without each repeating the parsing. */
#include "cli/cli.h"
#include "searcher/searcher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of option `name` at argv[*i] ("--name=V" or "--name V"), moving
 * *i past it; NULL when argv[*i] is not that option. */
static const char *value_of(const char *name, int argc, char **argv, int *i, int *bad)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n))
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n])
        return NULL;
    if (*i + 1 >= argc) {
        gs_cli_error("%s wants a value", name);
        *bad = 1;
        return NULL;
    }
    return argv[++*i];
}

static int set_policy(const char *v, gs_shard_failure_t *out)
{
    if (!strcmp(v, "error"))
        *out = GS_SHARD_FAIL_ERROR;
    else if (!strcmp(v, "partial"))
        *out = GS_SHARD_FAIL_PARTIAL;
    else {
        gs_cli_error("--on-shard-failure wants 'error' or 'partial', not '%s'", v);
        return -1;
    }
    return 0;
}

static int set_timeout(const char *v, unsigned *out)
{
    unsigned long ms;
    if (gs_cli_parse_number(v, 1, 3600000, &ms) < 0) {
        gs_cli_error("--shard-timeout wants milliseconds (1 to 3600000), not '%s'", v);
        return -1;
    }
    *out = (unsigned)ms;
    return 0;
}

void gs_cli_warn_partial(const char *cmd, const gs_results_t *r)
{
    size_t n = gs_results_nmissing(r);
    if (!n)
        return;
    fprintf(stderr, "grantsearch: %s: partial result: %zu shard%s did not answer and %s left out:",
            cmd, n, n == 1 ? "" : "s", n == 1 ? "was" : "were");
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s %s", i ? "," : "", gs_results_missing(r, i));
    fputc('\n', stderr);
}

int gs_cli_shard_options(int *argc, char **argv)
{
    gs_shard_failure_t pol = GS_SHARD_FAIL_ERROR;
    unsigned ms = GS_SHARD_TIMEOUT_DEFAULT_MS;
    const char *e;
    if ((e = getenv("GRANTSEARCH_ON_SHARD_FAILURE")) && *e && set_policy(e, &pol) < 0)
        return -1;
    if ((e = getenv("GRANTSEARCH_SHARD_TIMEOUT")) && *e && set_timeout(e, &ms) < 0)
        return -1;
    int out = 1, bad = 0;
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--")) {  /* the rest are arguments */
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        const char *v;
        if ((v = value_of("--on-shard-failure", *argc, argv, &i, &bad))) {
            if (set_policy(v, &pol) < 0)
                return -1;
        } else if ((v = value_of("--shard-timeout", *argc, argv, &i, &bad))) {
            if (set_timeout(v, &ms) < 0)
                return -1;
        } else if (bad) {
            return -1;
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    *argc = out;
    gs_searcher_shard_policy(pol, ms);
    return 0;
}
