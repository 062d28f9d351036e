/* replay.c - runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer, so that `make check` (gcc, and under --enable-asan) replays
 * every seed and every input that once crashed.  Built once per target
 * with -DGS_FUZZ_NAME="query" etc. (fuzz/local.mk).
 *
 *   fuzz/replay_query [FILE|DIR]...
 *
 * Without arguments: $top_srcdir/fuzz/corpus/NAME and fuzz/regress/NAME
 * (top_srcdir from the test environment, else "."); the corpus must hold
 * at least one input.  A failed check in the target aborts, which fails
 * the test; exit 0 after all inputs ran. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "toolkit/buf.h"

#ifndef GS_FUZZ_NAME
#error "build with -DGS_FUZZ_NAME=\"target\""
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Defined by the targets that set something up once. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    gs_buf_t b = GS_BUF_INIT;
    size_t got;
    do {
        if (gs_buf_reserve(&b, 4096) < 0) {
            fclose(f);
            gs_buf_free(&b);
            return -1;
        }
        got = fread(b.s + b.len, 1, b.cap - b.len - 1, f);
        b.len += got;
    } while (got);
    uint8_t *buf = (uint8_t *)b.s;
    size_t len = b.len;
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        perror(path);
        free(buf);
        return -1;
    }
    /* An exact-size copy, so ASan catches a read one past the input. */
    uint8_t *data = malloc(len ? len : 1);
    if (!data) {
        free(buf);
        return -1;
    }
    memcpy(data, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

/* A file, or every regular file of a directory (sorted, so runs repeat).
 * Returns the inputs run, -1 on a read error; a missing path counts 0
 * when `optional`. */
static long run_path(const char *path, int optional)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (optional)
            return 0;
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path) == 0 ? 1 : -1;
    struct dirent **ents;
    int n = scandir(path, &ents, NULL, alphasort);
    if (n < 0) {
        perror(path);
        return -1;
    }
    long count = 0;
    for (int i = 0; i < n; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", path, ents[i]->d_name);
        if (count >= 0 && ents[i]->d_name[0] != '.' && stat(file, &st) == 0 &&
            S_ISREG(st.st_mode)) {
            fprintf(stderr, "%s\n", file);
            count = run_file(file) == 0 ? count + 1 : -1;
        }
        free(ents[i]);
    }
    free(ents);
    return count;
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    long total = 0, n;
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            if ((n = run_path(argv[i], 0)) < 0)
                return 1;
            total += n;
        }
    } else {
        const char *top = getenv("top_srcdir");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", top && *top ? top : ".", GS_FUZZ_NAME);
        if ((n = run_path(dir, 0)) <= 0) {
            fprintf(stderr, "replay %s: no inputs in %s\n", GS_FUZZ_NAME, dir);
            return 1;
        }
        total += n;
        snprintf(dir, sizeof dir, "%s/fuzz/regress/%s", top && *top ? top : ".", GS_FUZZ_NAME);
        if ((n = run_path(dir, 1)) < 0)
            return 1;
        total += n;
    }
    printf("replay %s: %ld inputs, no failure\n", GS_FUZZ_NAME, total);
    return 0;
}
