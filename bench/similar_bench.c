/* similar_bench.c - issue 15's `similar` latency, with plain Xapian as the peer.
 *
 *   bench/similar_bench DB [--ids] [--sample N] [-n N] [--print] [--no-peer] [FILE|-]
 *
 * Drafts (default): one per line, TEXT or ID<TAB>TEXT, as `batch --similar`
 * reads them.  --ids: one application number per line, as `similar --id`.
 * --sample N: no FILE; N application numbers spread evenly over the index's
 * docids (deterministic: docid 1 + i * lastdocid / N, the next one that
 * exists), as --ids.
 *
 * For each line, in one process and one thread:
 *  - grantsearch: gs_similar_text / gs_similar_id with the CLI's defaults
 *    (20 terms, top n = 10, snippets off as in `batch`): the draft's terms,
 *    the ranked search, the hits' records and the shared terms; nothing is
 *    printed.
 *  - plain Xapian: the OR of the same selected body terms, unweighted,
 *    BM25 (k1 1, b 0.5), top n, no records read: what Xapian alone costs
 *    for the same words.
 * Prints "GS_MS<TAB>PLAIN_MS<TAB>NTERMS<TAB>ID" per line (--print: then a tab
 * and grantsearch's hits, their numbers space-separated; --no-peer: the
 * plain query is not run, for counting grantsearch's own work with
 * `perf stat -e instructions:u`) and to stderr
 *   similar: queries=N mean_ms=A p50_ms=B p99_ms=C max_ms=D
 *   plain:   queries=N mean_ms=A p50_ms=B p99_ms=C max_ms=D
 * Exit 0, or 1 on a usage, database or search error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "output/hits.h" /* gs_hit_number */
#include "precedents/similar.h"
#include "schema/schema.h"
#include "toolkit/clock.h"

typedef struct {
    double *v;
    size_t n, cap;
    double sum;
} series_t;

static int series_add(series_t *s, double ms)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 256;
        double *nv = realloc(s->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n++] = ms;
    s->sum += ms;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void series_print(const char *name, series_t *s)
{
    if (s->n == 0)
        return;
    qsort(s->v, s->n, sizeof *s->v, cmp_double);
    fprintf(stderr, "%s queries=%zu mean_ms=%.3f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", name,
            s->n, s->sum / (double)s->n, gs_batch_percentile(s->v, s->n, 50),
            gs_batch_percentile(s->v, s->n, 99),
            s->v[s->n - 1]);
}

/* The plain peer: OR of sim's body terms, BM25, top n; its time in ms. */
static double plain_or(xapc_db_t *db, const gs_similar_t *sim, uint32_t n, int *failed)
{
    size_t k = gs_similar_nterms(sim);
    xapc_query_t **subs = calloc(k ? k : 1, sizeof *subs);
    double t0 = gs_clock_now();
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    for (size_t i = 0; subs && i < k; i++) {
        const gs_draft_term_t *t = gs_similar_term(sim, i);
        subs[i] = xapc_query_term(t->term, t->term_len, 1, 0);
    }
    xapc_query_t *q = !subs ? NULL
                      : k ? xapc_query_combine(XAPC_OP_OR, subs, k, 0)
                          : xapc_query_match_nothing();
    *failed = !q || xapc_enquire_create(db, &enq) != XAPC_OK ||
              xapc_enquire_set_bm25(enq, 1.0, 0, 1, 0.5, 0.5) != XAPC_OK ||
              xapc_enquire_set_query(enq, q) != XAPC_OK ||
              xapc_enquire_get_mset(enq, 0, n, 0, &ms) != XAPC_OK;
    double ms_taken = (gs_clock_now() - t0) * 1000.0;
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    xapc_query_destroy(q);
    for (size_t i = 0; subs && i < k; i++)
        xapc_query_destroy(subs[i]);
    free(subs);
    return ms_taken;
}

/* The application number (id term) of docid did into buf; 0 if none. */
static int number_of(xapc_db_t *db, xapc_docid_t did, char *buf, size_t cap)
{
    xapc_termiter_t *it = NULL;
    int found = 0;
    size_t plen = strlen(GS_PREFIX_ID);
    if (xapc_db_termlist(db, did, &it) != XAPC_OK)
        return 0;
    const char *t;
    size_t len;
    uint32_t wdf, tf;
    while (!found && xapc_termiter_next(it, &t, &len, &wdf, &tf) == 1)
        if (len > plen && len - plen < cap && memcmp(t, GS_PREFIX_ID, plen) == 0) {
            memcpy(buf, t + plen, len - plen);
            buf[len - plen] = '\0';
            found = 1;
        }
    xapc_termiter_destroy(it);
    return found;
}

/* One line: run similar and its peer, record both times.  0 ok, 1 error. */
static int print;     /* --print: also the hits' numbers */
static int no_peer;   /* --no-peer: grantsearch only (for perf stat) */

static int run_line(gs_searcher_t *s, const char *line, int ids, const gs_similar_opts_t *o,
                    series_t *gs, series_t *px)
{
    const char *id = line, *text = line;
    const char *tab = ids ? NULL : strchr(line, '\t');
    char qid[64] = "";
    if (tab) {
        size_t n = (size_t)(tab - line) < sizeof qid - 1 ? (size_t)(tab - line) : sizeof qid - 1;
        memcpy(qid, line, n);
        qid[n] = '\0';
        id = qid;
        text = tab + 1;
    }
    gs_similar_t *sim = NULL;
    char *err = NULL;
    double t0 = gs_clock_now();
    gs_status_t st = ids ? gs_similar_id(s, line, o, &sim, &err)
                         : gs_similar_text(s, text, strlen(text), NULL, o, &sim, &err);
    double ms = (gs_clock_now() - t0) * 1000.0;
    if (st != GS_OK) {
        fprintf(stderr, "similar_bench: %.40s: %s\n", line, err ? err : "failed");
        free(err);
        return 1;
    }
    int failed = 0;
    double pms = no_peer ? 0.0 : plain_or(gs_searcher_db(s), sim, o->search.n, &failed);
    printf("%.3f\t%.3f\t%zu\t%s", ms, pms, gs_similar_nterms(sim), tab || ids ? id : "-");
    gs_results_t *r = gs_similar_results(sim);
    if (print)
        putchar('\t');
    for (uint32_t i = 0; print && i < gs_results_size(r); i++)
        printf("%s%s", i ? " " : "", gs_hit_number(gs_results_hit(r, i)->rec));
    putchar('\n');
    gs_similar_free(sim);
    if (failed) {
        fprintf(stderr, "similar_bench: %.40s: the plain query failed\n", line);
        return 1;
    }
    return series_add(gs, ms) || series_add(px, pms);
}

int main(int argc, char **argv)
{
    const char *dbpath = NULL, *file = "-";
    int ids = 0, npos = 0;
    unsigned long sample = 0, n = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--ids") == 0)
            ids = 1;
        else if (strcmp(argv[i], "--print") == 0)
            print = 1;
        else if (strcmp(argv[i], "--no-peer") == 0)
            no_peer = 1;
        else if (strcmp(argv[i], "--sample") == 0 && i + 1 < argc)
            sample = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            n = strtoul(argv[++i], NULL, 10);
        else if (npos++ == 0)
            dbpath = argv[i];
        else
            file = argv[i];
    }
    if (!dbpath || n == 0) {
        fprintf(stderr, "usage: similar_bench DB [--ids] [--sample N] [-n N] [--print] [--no-peer] [FILE|-]\n");
        return 1;
    }
    gs_status_t st;
    char *err = NULL;
    gs_searcher_t *s = gs_searcher_open(dbpath, &st, &err);
    if (!s) {
        fprintf(stderr, "similar_bench: %s\n", err ? err : "cannot open the index");
        return 1;
    }
    const char *syn = getenv("GRANTSEARCH_SYNONYMS");
    if (syn && *syn)
        gs_searcher_set_synonyms(s, syn, NULL);
    gs_similar_opts_t o;
    gs_similar_opts_init(&o);
    o.search.n = (uint32_t)n;
    o.search.snippets = 0;   /* as `batch --similar`: no format shows them */
    o.search.spelling = 0;
    series_t gs = {0}, px = {0};
    int rc = 0;
    if (sample) {
        xapc_db_t *db = gs_searcher_db(s);
        xapc_docid_t last = xapc_db_lastdocid(db);
        char num[256];
        for (unsigned long i = 0; i < sample; i++) {
            xapc_docid_t d = 1 + (xapc_docid_t)((unsigned long long)i * last / sample);
            while (d <= last && !number_of(db, d, num, sizeof num))
                d++;
            if (d <= last)
                rc |= run_line(s, num, 1, &o, &gs, &px);
        }
    } else {
        FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
        if (!in) {
            perror(file);
            gs_searcher_close(s);
            return 1;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        while ((len = getline(&line, &cap, in)) >= 0) {
            while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                line[--len] = '\0';
            if (len > 0)
                rc |= run_line(s, line, ids, &o, &gs, &px);
        }
        free(line);
        if (in != stdin)
            fclose(in);
    }
    series_print("similar:", &gs);
    series_print("plain:  ", &px);
    free(gs.v);
    free(px.v);
    gs_searcher_close(s);
    return rc;
}
