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

void gs_index_split_source(const char *source, char *file, size_t cap, unsigned long *line)
{
    *line = 0;
    snprintf(file, cap, "%s", source ? source : "-");
    if (!source)
        return;
    /* Only a trailing ":DIGITS" is a line number: a path may hold colons. */
    char *colon = strrchr(file, ':');
    if (colon && colon[1]) {
        char *end;
        unsigned long l = strtoul(colon + 1, &end, 10);
        if (!*end) {
            *colon = 0;
            *line = l;
        }
    }
}

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

void gs_index_progress_line(FILE *out, const gs_reader_stats_t *rs, unsigned long done,
                            double seconds, int final)
{
    if (seconds <= 0)
        seconds = 1e-9;
    char eta[48] = "";
    if (!final && rs->bytes_total > rs->bytes_read && rs->bytes_read > 0) {
        double left = (double)(rs->bytes_total - rs->bytes_read) / (rs->bytes_read / seconds);
        snprintf(eta, sizeof eta, ", ETA %d:%02d", (int)left / 60, (int)left % 60);
    }
    fprintf(out, "\r\033[K%lu record%s, %.1f MB, %.0f records/s%s%s", done,
            done == 1 ? "" : "s", rs->bytes_read / 1e6, done / seconds, eta, final ? "\n" : "");
    fflush(out);
}
