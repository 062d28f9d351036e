/* fuzz_index.h - a small real index for the fuzz targets that search
 * (fuzz_query, fuzz_draft): the bundled seed pages (data/seeds, five real
 * applications of several statuses, years and regions, so facets have
 * values) indexed once per process into a temporary directory from
 * LLVMFuzzerInitialize (defined here: include this header once per target),
 * opened read-only, and removed at exit.  Output goes to fuzz_devnull.
 *
 * The seeds are found at $GS_FUZZ_SEEDS, else the source tree's data/seeds
 * (GS_SRCDATADIR).  Any failure here is fatal: a target that cannot build
 * its index would fuzz nothing. */
#ifndef GS_FUZZ_INDEX_H
#define GS_FUZZ_INDEX_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/indexer.h"
#include "searcher/searcher.h"

static char fuzz_dir[4096];
static gs_searcher_t *fuzz_searcher;
static FILE *fuzz_devnull;

static int fuzz_rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

/* atexit: close the searcher (so LeakSanitizer sees nothing held) and
 * remove the directory this process created, nothing else. */
static void fuzz_index_cleanup(void)
{
    gs_searcher_close(fuzz_searcher);
    fuzz_searcher = NULL;
    if (fuzz_devnull)
        fclose(fuzz_devnull);
    fuzz_devnull = NULL;
    if (fuzz_dir[0])
        nftw(fuzz_dir, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
    fuzz_dir[0] = '\0';
}

static void fuzz_die(const char *what, const char *err)
{
    fprintf(stderr, "fuzz: %s: %s\n", what, err ? err : "failed");
    fuzz_index_cleanup();
    exit(1);
}

/* Build the index and open fuzz_searcher (owned here). */
static void fuzz_index_open(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/gs-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fuzz_dir)) {
        fuzz_dir[0] = '\0';
        fuzz_die("mkdtemp", NULL);
    }
    atexit(fuzz_index_cleanup);
    char db[4200];
    snprintf(db, sizeof db, "%s/db", fuzz_dir);
    const char *seeds = getenv("GS_FUZZ_SEEDS");
    if (!seeds || !*seeds)
        seeds = GS_SRCDATADIR "/seeds";

    gs_index_options_t o;
    gs_index_options_init(&o);
    o.db_path = db;
    o.threads = 1;
    gs_index_result_t res;
    char *err = NULL;
    const char *paths[1] = {seeds};
    int rc = gs_index_paths(&o, paths, 1, &res, &err);
    free(res.reader_summary);
    if (rc != 0 || res.indexed == 0)
        fuzz_die(seeds, err);
    free(err);

    gs_status_t st;
    fuzz_searcher = gs_searcher_open(db, &st, &err);
    if (!fuzz_searcher)
        fuzz_die(db, err);
    /* Synonyms as the CLI reads them; else this source tree's file. */
    const char *syn = getenv("GRANTSEARCH_SYNONYMS");
    gs_searcher_set_synonyms(fuzz_searcher, syn && *syn ? syn : GS_SRCDATADIR "/synonyms.txt",
                             NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_index_open();
    fuzz_devnull = fopen("/dev/null", "w");
    if (!fuzz_devnull)
        fuzz_die("/dev/null", NULL);
    return 0;
}

#endif
