/* cmd_delete.c - `grantsearch delete NUMBER...`: remove applications. */
#include "cli/cli.h"
#include "indexer/indexer.h"

#include <stdlib.h>
#include <unistd.h>  /* optind */

static const char usage_text[] =
    "usage: grantsearch delete [-d DB] NUMBER...\n"
    "\n"
    "Remove the applications with these numbers (or record ids) from the index.\n"
    "\n"
    "  -d, --db DB   the index (default $GRANTSEARCH_DB, else ./grantsearch.db)\n"
    "  -h, --help    this text\n"
    "\n"
    "Exit status: 0 all removed, 1 usage, 2 some numbers were not in the index,\n"
    "3 index error.\n";

int gs_cmd_delete(int argc, char **argv)
{
    const char *db;
    int rc = gs_cli_db_only_options(argc, argv, usage_text, &db);
    if (rc >= 0)
        return rc;
    if (optind >= argc) {
        gs_cli_error("delete: no application numbers given");
        return gs_cli_usage(usage_text, 1);
    }
    unsigned long missing = 0;
    char *err = NULL;
    if (gs_index_delete(gs_cli_db_path(db), (const char *const *)argv + optind,
                        (size_t)(argc - optind), &missing, &err) < 0) {
        gs_cli_error("%s", err ? err : "index error");
        free(err);
        return GS_EXIT_INDEX;
    }
    if (missing) {
        if (argc - optind == 1)
            gs_cli_error("delete: application '%s' is not in the index", argv[optind]);
        else
            gs_cli_error("delete: %lu of %d numbers %s not in the index", missing, argc - optind,
                         missing == 1 ? "was" : "were");
        return GS_EXIT_DATA;
    }
    return GS_EXIT_OK;
}
