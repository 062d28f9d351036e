/* cmd_show.c - `grantsearch show NUMBER`: one application, every field. */
#include "cli/cli.h"
#include "output/output.h"
#include "searcher/searcher.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: grantsearch show [-d DB] [--format text|json|tsv] NUMBER...\n"
    "\n"
    "Print every field of the applications with these numbers: text, one after\n"
    "another; json, one array of objects (also for one number); tsv, a header\n"
    "line and one row per application.\n"
    "Exit status: 0 ok, 1 usage error, 2 some numbers are not in the index (the\n"
    "others are printed), 3 index error.\n";

int gs_cmd_show(int argc, char **argv)
{
    const char *db = NULL;
    gs_output_t fmt = GS_OUTPUT_TEXT;
    int found = 0, n = 0;
    char **nums = calloc((size_t)argc + 1, sizeof *nums);
    if (!nums)
        return GS_EXIT_DATA;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        /* --db=DB and --format=F, as getopt takes them in the other commands. */
        if (!strncmp(a, "--db=", 5) || !strncmp(a, "--format=", 9)) {
            const char *v = strchr(a, '=') + 1;
            if (a[2] == 'd')
                db = v;
            else if (gs_output_parse(v, &fmt) < 0) {
                gs_cli_error("show: unknown format '%s' (text, json or tsv)", v);
                free(nums);
                return GS_EXIT_USAGE;
            }
            continue;
        }
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
    gs_status_t st;
    const char *path = gs_cli_db_path(db);
    gs_searcher_t *s = gs_searcher_open(path, &st, &err);
    if (!s) {
        gs_cli_error("%s", err);
        free(err);
        free(nums);
        return GS_EXIT_INDEX;
    }
    /* Fetch them all first: json and tsv print them as one document. */
    int rc = GS_EXIT_OK;
    gs_record_t **recs = calloc((size_t)n + 1, sizeof *recs);
    for (int i = 0; recs && i < n; i++) {
        st = gs_searcher_get(s, nums[i], &recs[found], NULL, &err);
        if (st == GS_OK) {
            found++;
            continue;
        }
        recs[found] = NULL;
        if (st == GS_ENOTFOUND)
            gs_cli_error("show: no application numbered '%s' in the index", nums[i]);
        else
            gs_cli_error("%s", err ? err : "cannot read the index");
        free(err);
        err = NULL;
        /* An unknown number is bad input (2), as for delete and similar. */
        if (rc != GS_EXIT_INDEX)
            rc = st == GS_ENOTFOUND ? GS_EXIT_DATA : GS_EXIT_INDEX;
    }
    if (!recs) {
        gs_cli_error("show: out of memory");
        rc = GS_EXIT_DATA;
    } else if ((found || fmt != GS_OUTPUT_TEXT) &&
               (gs_records_print(stdout, (const gs_record_t *const *)recs, (size_t)found, fmt) <
                    0 ||
                fflush(stdout) != 0)) {
        gs_cli_error("show: cannot write the output");
        rc = GS_EXIT_DATA;
    }
    for (int i = 0; recs && i < found; i++)
        gs_record_free(recs[i]);
    free(recs);
    gs_searcher_close(s);
    free(nums);
    return rc;
}
