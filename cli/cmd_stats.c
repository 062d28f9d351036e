/* cmd_stats.c - `grantsearch stats`: what the index holds. */
#include "cli/cli.h"
#include "indexer/indexer.h"
#include "searcher/searcher.h"
#include "schema/phrases.h"

#include <stdlib.h>
#include <unistd.h>  /* optind */

static const char usage_text[] =
    "usage: grantsearch stats [-d DB]\n"
    "\n"
    "Print the number of records and terms, the size on disk, the time of the\n"
    "last update, the schema, whether the stored facet codes are current (a\n"
    "search with facets counts by them), how many phrases of the synonyms the\n"
    "index posts (found without a recheck) and the average length (words) of\n"
    "each text field.\n"
    "\n"
    "  -d, --db DB   the index (default $GRANTSEARCH_DB, else ./grantsearch.db)\n"
    "  -h, --help    this text\n";

/* The "facet codes:" line: whether the index's stored facet codes
 * (schema/fcodes.h) describe its revision, so that facet searches count
 * by them. */
static void print_fcodes(xapc_db_t *db)
{
    uint64_t codes_rev, index_rev;
    switch (gs_facets_codes_state(db, &codes_rev, &index_rev)) {
    case GS_FCODES_CURRENT:
        printf("facet codes:  current\n");
        break;
    case GS_FCODES_ABSENT:
        printf("facet codes:  absent (the next index, delete or compact writes them)\n");
        break;
    case GS_FCODES_STALE:
        printf("facet codes:  stale (revision %llu, index at %llu; the next index, delete or "
               "compact rewrites them)\n",
               (unsigned long long)codes_rev, (unsigned long long)index_rev);
        break;
    case GS_FCODES_UNKNOWN:
        printf("facet codes:  not used (several shards)\n");
        break;
    }
}

/* The "phrases:" line: how many of the synonyms' phrases the index posts
 * (schema/phrases.h), fixed when it was made. */
static void print_phrases(xapc_db_t *db)
{
    const char *v;
    size_t len, n = 0;
    if (xapc_db_shard_count(db) != 1) {
        printf("phrases:      not used (several shards)\n");
        return;
    }
    if (xapc_db_get_metadata(db, GS_META_PHRASES, &v, &len) != XAPC_OK)
        return;
    for (size_t i = 0; i < len; i++)
        n += v[i] == '\n';
    if (n)
        printf("phrases:      %zu posted (the synonyms' multi-word alternatives)\n", n);
    else
        printf("phrases:      none posted (the index was made without them: rechecked)\n");
}

/* The lines read from the index itself; on an index that cannot be
 * reopened, none. */
static void print_index_lines(const char *path)
{
    xapc_db_t *db = NULL;
    if (xapc_db_open(path, &db, NULL) != XAPC_OK)
        return;
    print_fcodes(db);
    print_phrases(db);
    xapc_db_destroy(db);
}

int gs_cmd_stats(int argc, char **argv)
{
    const char *db;
    int rc = gs_cli_db_only_options(argc, argv, usage_text, &db);
    if (rc >= 0)
        return rc;
    if (optind < argc) {
        gs_cli_error("stats: unexpected argument '%s'", argv[optind]);
        return gs_cli_usage(usage_text, 1);
    }
    const char *path = gs_cli_db_path(db);
    gs_index_stats_t st;
    char *err = NULL;
    if (gs_index_stats(path, &st, &err) != GS_OK) {
        gs_cli_error("%s", err ? err : "cannot read the index");
        free(err);
        return GS_EXIT_INDEX;
    }
    printf("index:        %s\n", path);
    printf("records:      %u\n", st.records);
    printf("terms:        %llu\n", (unsigned long long)st.terms);
    printf("size on disk: %.1f MB (%llu bytes)\n", st.disk_bytes / 1e6,
           (unsigned long long)st.disk_bytes);
    if (st.nshards) {
        printf("shards:       %u%s (records:", st.nshards, st.shards_by_year ? " by year" : "");
        for (unsigned i = 0; i < st.nshards; i++) {
            if (!st.shards_by_year)
                printf(" %u", st.shard_records[i]);
            else if (st.shard_year[i])
                printf(" %d: %u", st.shard_year[i], st.shard_records[i]);
            else
                printf(" no year: %u", st.shard_records[i]);
        }
        printf(")\n");
    }
    printf("last update:  %s\n", st.updated[0] ? st.updated : "unknown");
    printf("schema:       %s\n", st.schema[0] ? st.schema : "unknown");
    print_index_lines(path);
    printf("average length (words per record):\n");
    for (int i = 0; i < GS_INDEX_NFIELDS; i++)
        printf("  %-14s %7.1f\n", gs_field_name(gs_schema_fields[i].record), st.avg_len[i]);
    return GS_EXIT_OK;
}
