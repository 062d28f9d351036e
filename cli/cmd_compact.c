/* cmd_compact.c - `grantsearch compact`: compact the index in place. */
#include "cli/cli.h"
#include "indexer/indexer.h"

#include <getopt.h>
#include <stdlib.h>

static const char usage_text[] =
    "usage: grantsearch compact [-d DB] [-v]\n"
    "\n"
    "Rewrite the index compactly (into DB/.grantsearch-new, then its files are\n"
    "swapped in, crash-safe; other files in DB are left alone).  Searches may go\n"
    "on meanwhile; other writers are refused until it is done.\n"
    "\n"
    "  -d, --db DB     the index (default $GRANTSEARCH_DB, else ./grantsearch.db)\n"
    "  -v, --verbose   print the size before and after\n"
    "  -h, --help      this text\n";

int gs_cmd_compact(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int c, verbose = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'v': verbose = 1; break;
        case 'h': return gs_cli_usage(usage_text, 0);
        default: return gs_cli_usage(usage_text, 1);
        }
    }
    if (optind < argc) {
        gs_cli_error("compact: unexpected argument '%s'", argv[optind]);
        return gs_cli_usage(usage_text, 1);
    }
    const char *path = gs_cli_db_path(db);
    uint64_t before = gs_index_disk_usage(path);
    char *err = NULL;
    if (gs_index_compact(path, &err) != GS_OK) {
        gs_cli_error("%s", err ? err : "compaction failed");
        free(err);
        return GS_EXIT_INDEX;
    }
    if (verbose)
        fprintf(stderr, "%s: %.1f MB -> %.1f MB\n", path, before / 1e6,
                gs_index_disk_usage(path) / 1e6);
    return GS_EXIT_OK;
}
