/* cmd_show.c - `grantsearch show NUMBER`: one application, every field. */
#include "cli/cli.h"
#include "searcher/searcher.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: grantsearch show [-d DB] [--format text|json|tsv] NUMBER...\n"
    "\n"
    "Print every field of the applications with these numbers.\n"
    "Exit status: 0 ok, 1 usage error or no such application, 3 index error.\n";

int gs_cmd_show(int argc, char **argv)
{
    const char *db = NULL;
    gs_output_t fmt = GS_OUTPUT_TEXT;
    int first = 0, n = 0;
    char **nums = calloc((size_t)argc + 1, sizeof *nums);
    if (!nums)
        return GS_EXIT_DATA;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            free(nums);
            return gs_cli_usage(usage, 0);
        }
        if (!strcmp(a, "-d") || !strcmp(a, "--db") || !strcmp(a, "--format")) {
            if (i + 1 >= argc) {
                gs_cli_error("show: %s needs a value", a);
                free(nums);
                return gs_cli_usage(usage, 1);
            }
            if (a[1] == 'd' || a[2] == 'd')
                db = argv[++i];
            else if (gs_output_parse(argv[++i], &fmt) < 0) {
                gs_cli_error("show: unknown format '%s' (text, json or tsv)", argv[i]);
                free(nums);
                return GS_EXIT_USAGE;
            }
            continue;
        }
        if (a[0] == '-' && a[1] == '-') {
            gs_cli_error("show: unknown option '%s'", a);
            free(nums);
            return gs_cli_usage(usage, 1);
        }
        nums[n++] = argv[i];
    }
    if (!n) {
        gs_cli_error("show: which application? give its number");
        free(nums);
        return gs_cli_usage(usage, 1);
    }
    char *err = NULL;
    gs_search_status_t st;
    const char *path = gs_cli_db_path(db);
    gs_searcher_t *s = gs_searcher_open(path, &st, &err);
    if (!s) {
        gs_cli_error("%s", err);
        free(err);
        free(nums);
        return GS_EXIT_INDEX;
    }
    int rc = GS_EXIT_OK;
    for (int i = 0; i < n; i++) {
        gs_record_t *rec = NULL;
        st = gs_searcher_get(s, nums[i], &rec, NULL, &err);
        if (st != GS_SEARCH_OK) {
            gs_cli_error("%s", err ? err : "not found");
            free(err);
            err = NULL;
            if (rc == GS_EXIT_OK)
                rc = st == GS_SEARCH_NOT_FOUND ? GS_EXIT_USAGE : GS_EXIT_INDEX;
            continue;
        }
        if (first++ && fmt == GS_OUTPUT_TEXT)
            fputs("\n----\n\n", stdout);
        gs_record_print(stdout, rec, fmt);
        gs_record_free(rec);
    }
    gs_searcher_close(s);
    free(nums);
    return rc;
}
