/* vectors_bench.c - issue 16: what vectors cost at the archive's size.
 *
 *   vectors_bench DB MODEL OUTDIR [QUERIES]
 *
 * The vector pass over every application of DB (read only) with the model
 * MODEL, written to OUTDIR/vectors (time, size); then, for each line of
 * QUERIES, the query's vector and the brute force over all vectors (k 100):
 * p50/p99/max of each, in ms. */
#include "stemming/analyzer.h"
#include "toolkit/buf.h"
#include "toolkit/clock.h"
#include "vectors/vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *ms, size_t n)
{
    if (!n)
        return;
    qsort(ms, n, sizeof *ms, by_double);
    printf("%s: n=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n", what, n, ms[n / 2],
           ms[(size_t)((double)n * 0.99)], ms[n - 1]);
}

static int queries(const char *dbpath, const char *outdir, const char *file)
{
    xapc_db_t *db = NULL;
    gs_vectors_t *v = NULL;
    char *err = NULL;
    if (xapc_db_open(dbpath, &db, &err) != XAPC_OK ||
        gs_vectors_open(outdir, db, &v, &err) != GS_OK) {
        fprintf(stderr, "vectors_bench: %s\n", err ? err : "cannot open");
        return 1;
    }
    FILE *f = fopen(file, "r");
    gs_analyzer_t *an = gs_analyzer_new(0);
    if (!f || !an)
        return 1;
    float *q = malloc((size_t)gs_vectors_dim(v) * sizeof *q);
    gs_vhit_t hits[100];
    double embed[10000], brute[10000];
    size_t n = 0;
    char line[4096];
    while (n < 10000 && fgets(line, sizeof line, f)) {
        gs_buf_t b = GS_BUF_INIT;
        double t0 = gs_clock_now();
        gs_vectors_text_words(an, line, strlen(line), &b);
        int rc = gs_vectors_embed(v, b.s ? b.s : "", b.len, q);
        double t1 = gs_clock_now();
        gs_buf_free(&b);
        if (rc)
            continue;
        gs_vectors_nearest(v, q, 100, hits);
        double t2 = gs_clock_now();
        embed[n] = (t1 - t0) * 1e3;
        brute[n++] = (t2 - t1) * 1e3;
    }
    printf("vectors: %u of dim %d\n", gs_vectors_count(v), gs_vectors_dim(v));
    report("query vector", embed, n);
    report("brute force k=100", brute, n);
    fclose(f);
    free(q);
    gs_analyzer_free(an);
    gs_vectors_close(v);
    xapc_db_destroy(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: vectors_bench DB MODEL OUTDIR [QUERIES]\n");
        return 2;
    }
    gs_vectors_build_opts_t o;
    gs_vectors_build_opts_init(&o);
    o.model = argv[2];
    o.out_dir = argv[3];
    gs_vectors_stats_t st;
    char *err = NULL;
    if (!getenv("VB_SKIP_PASS")) {
        if (gs_vectors_build(argv[1], &o, &st, &err) != GS_OK) {
            fprintf(stderr, "vectors_bench: %s\n", err ? err : "failed");
            return 1;
        }
        printf("vector pass: %u records in %.1f s (%.0f records/s), %s/vectors %llu bytes\n",
               st.records, st.embed_s, st.records / (st.embed_s > 0 ? st.embed_s : 1), argv[3],
               (unsigned long long)st.bytes);
    }
    /* gs_vectors_open reads the model beside the vectors. */
    char link[4096];
    snprintf(link, sizeof link, "%s/%s", argv[3], GS_VECTORS_MODEL);
    if (access(link, F_OK) != 0 && symlink(argv[2], link) != 0)
        perror(link);
    return argc > 4 ? queries(argv[1], argv[3], argv[4]) : 0;
}
