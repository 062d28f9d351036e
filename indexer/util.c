/* util.c - small helpers the indexer's files share (see internal.h). */
#include "indexer/internal.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(p);
}

static int sync_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)ftw;
    int fd = open(p, flag == FTW_D || flag == FTW_DP ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return 0;
}

void gs_index_sync_tree(const char *path)
{
    nftw(path, sync_one, 16, FTW_PHYS);
}

int gs_index_rmtree(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void gs_index_report_progress(const gs_index_options_t *o, const gs_reader_stats_t *rs,
                              unsigned long done, double t0, int final)
{
    if (!o->progress)
        return;
    gs_index_progress_t p = {
        .done = done, .bytes_read = rs->bytes_read, .bytes_total = rs->bytes_total,
        .seconds = gs_clock_now() - t0, .final = final,
    };
    o->progress(o->progress_ctx, &p);
}
