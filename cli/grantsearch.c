/* grantsearch.c - the command-line entry point: finds the subcommand and
 * hands it argv.  All the work is in the modules; this file stays thin. */
#include "cli/cli.h"

#include <string.h>

/* While modules are being built on separate branches a subcommand may be
 * missing from the link; weak references let the rest work meanwhile. */
#pragma weak gs_cmd_index
#pragma weak gs_cmd_delete
#pragma weak gs_cmd_compact
#pragma weak gs_cmd_stats
#pragma weak gs_cmd_search
#pragma weak gs_cmd_show
#pragma weak gs_cmd_similar
#pragma weak gs_cmd_batch
#pragma weak gs_cmd_eval
#pragma weak gs_cmd_serve

typedef int (*gs_cmd_fn)(int argc, char **argv);

static const struct {
    const char *name;
    gs_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"index", gs_cmd_index, "add or update applications from files, directories or stdin"},
    {"search", gs_cmd_search, "search the index"},
    {"show", gs_cmd_show, "print one application by its number"},
    {"similar", gs_cmd_similar, "find past applications like a given one or a draft"},
    {"batch", gs_cmd_batch, "run many queries at once (TSV, JSON Lines or TREC output)"},
    {"eval", gs_cmd_eval, "score a TREC run against relevance judgments"},
    {"delete", gs_cmd_delete, "remove applications by number"},
    {"compact", gs_cmd_compact, "compact the index in place"},
    {"stats", gs_cmd_stats, "print what the index holds"},
    {"serve", gs_cmd_serve, "serve the JSON API and the web page over HTTP"},
};

static const char usage_head[] =
    "usage: grantsearch COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Full-text search over Russian grant applications.\n"
    "\n"
    "Commands:\n";

static int usage(int is_error)
{
    FILE *out = is_error ? stderr : stdout;
    fputs(usage_head, out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\nThe index is $GRANTSEARCH_DB, else ./grantsearch.db (-d DB overrides).\n"
          "`grantsearch COMMAND --help` describes a command; `man grantsearch` all of them.\n"
          "A sharded or remote index (a stub): --on-shard-failure error|partial and\n"
          "--shard-timeout MS (default 5000) with any command that reads.\n"
          "Exit status: 0 ok, 1 usage error, 2 input/data error, 3 index error.\n",
          out);
    return is_error ? GS_EXIT_USAGE : GS_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(1);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help"))
        return usage(0);
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("grantsearch %s\n", PACKAGE_VERSION);
        return GS_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(cmd, commands[i].name) != 0)
            continue;
        if (!commands[i].fn) {
            gs_cli_error("'%s' is not built into this binary", cmd);
            return GS_EXIT_USAGE;
        }
        int n = argc - 1;
        if (gs_cli_shard_options(&n, argv + 1) < 0)
            return GS_EXIT_USAGE;
        return commands[i].fn(n, argv + 1);
    }
    gs_cli_error("unknown command '%s' (try 'grantsearch --help')", cmd);
    return GS_EXIT_USAGE;
}
