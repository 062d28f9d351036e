/* bench_analyzer.c - throughput of the analyzer, per core.
 *
 * Usage: bench_analyzer [-r RUNS] [-t THREADS] FILE...
 *
 * FILEs are plain text, or JSONL (name ending in .jsonl): for JSONL every
 * string value of every record is one text, as the indexer would analyse it.
 * Reports, as the median of RUNS runs (default 5):
 *  - cold: a fresh analyzer per pass over the corpus (stem cache starts empty);
 *  - warm: the same analyzer again (the cache holds the corpus' hot forms,
 *    the steady state of a long indexing run);
 *  - nocache: GS_ANALYZER_NO_CACHE;
 *  - libstemmer alone: distinct folded Russian forms of the corpus stemmed
 *    by sb_stemmer_stem, in words per second (the ceiling the analyzer is
 *    measured against).
 * Each timed run repeats passes until at least 0.3 s have elapsed, so small
 * corpora are timed reliably.  Only gs_analyze is timed (not file reading).
 * With -t N, N threads each run their own analyzer over the whole corpus and
 * the aggregate MB/s is printed too.
 */
#include "stemming/analyzer.h"
#include "toolkit/clock.h"
#include "toolkit/buf.h"

#include <jansson.h>
#include <libstemmer.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char **text;
    size_t *len;
    size_t n, cap;
    size_t bytes;
} corpus_t;

static void add_text(corpus_t *c, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->text = realloc(c->text, c->cap * sizeof *c->text);
        c->len = realloc(c->len, c->cap * sizeof *c->len);
        if (!c->text || !c->len) {
            fprintf(stderr, "bench_analyzer: out of memory\n");
            exit(2);
        }
    }
    c->text[c->n] = malloc(n);
    if (!c->text[c->n]) {
        fprintf(stderr, "bench_analyzer: out of memory\n");
        exit(2);
    }
    memcpy(c->text[c->n], s, n);
    c->len[c->n++] = n;
    c->bytes += n;
}

static void add_json_strings(corpus_t *c, json_t *v)
{
    if (json_is_string(v)) {
        add_text(c, json_string_value(v), json_string_length(v));
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
            add_json_strings(c, x);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
            add_json_strings(c, x);
    }
}

static int load(corpus_t *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t plen = strlen(path);
    int jsonl = plen > 6 && strcmp(path + plen - 6, ".jsonl") == 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    if (jsonl) {
        while ((n = getline(&line, &cap, f)) > 0) {
            lineno++;
            json_error_t err;
            json_t *v = json_loadb(line, (size_t)n, 0, &err);
            if (!v) {
                fprintf(stderr, "%s:%ld: %s (record skipped)\n", path, lineno, err.text);
                continue;
            }
            add_json_strings(c, v);
            json_decref(v);
        }
    } else {
        /* Whole file as one text. */
        gs_buf_t buf = GS_BUF_INIT;
        while ((n = getline(&line, &cap, f)) > 0)
            gs_buf_append(&buf, line, (size_t)n);
        if (gs_buf_failed(&buf)) {
            fprintf(stderr, "bench_analyzer: out of memory\n");
            exit(2);
        }
        add_text(c, buf.s, buf.len);
        gs_buf_free(&buf);
    }
    free(line);
    fclose(f);
    return 0;
}

typedef struct {
    uint64_t tokens, term_bytes;
} count_t;

static int count_tok(void *ctx, const gs_token_t *t)
{
    count_t *c = ctx;
    c->tokens++;
    c->term_bytes += t->term_len;
    return 0;
}

/* One pass over the corpus; returns seconds spent in gs_analyze. */
static double pass(gs_analyzer_t *an, const corpus_t *c, count_t *cnt)
{
    double t0 = gs_clock_now();
    for (size_t i = 0; i < c->n; i++)
        gs_analyze(an, c->text[i], c->len[i], 0, count_tok, cnt, NULL);
    return gs_clock_now() - t0;
}

enum { MODE_COLD, MODE_WARM, MODE_NOCACHE };

/* Seconds per pass, averaged over passes until >= min_time; *tokens per pass. */
static double timed_run(const corpus_t *c, int mode, double min_time, uint64_t *tokens)
{
    double spent = 0;
    long passes = 0;
    gs_analyzer_t *warm = NULL;
    if (mode == MODE_WARM) {
        warm = gs_analyzer_new(0);
        count_t cnt = { 0, 0 };
        pass(warm, c, &cnt);  /* fill the cache, untimed */
    }
    count_t cnt = { 0, 0 };
    do {
        gs_analyzer_t *an = warm ? warm : gs_analyzer_new(mode == MODE_NOCACHE ? GS_ANALYZER_NO_CACHE : 0);
        if (!an) {
            fprintf(stderr, "bench_analyzer: out of memory\n");
            exit(2);
        }
        spent += pass(an, c, &cnt);
        passes++;
        if (!warm)
            gs_analyzer_free(an);
    } while (spent < min_time);
    gs_analyzer_free(warm);
    *tokens = cnt.tokens / (uint64_t)passes;
    return spent / (double)passes;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- libstemmer alone ---------------------------------------------------- */

typedef struct {
    char **w;
    size_t *len;
    size_t n, cap;
    /* open-addressing set of forms seen, by FNV hash */
    uint64_t *seen;
    size_t seen_cap;
} words_t;

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ? h : 1;
}

static int collect_form(void *ctx, const gs_token_t *t)
{
    words_t *w = ctx;
    if (t->flags & (GS_TOKEN_LATIN | GS_TOKEN_NUMBER | GS_TOKEN_COMPOUND))
        return 0;
    uint64_t h = fnv(t->form, t->form_len);
    size_t i = h & (w->seen_cap - 1);
    while (w->seen[i]) {
        if (w->seen[i] == h)
            return 0;  /* (a hash collision only loses one word) */
        i = (i + 1) & (w->seen_cap - 1);
    }
    if (w->n * 2 >= w->seen_cap)
        return 0;  /* set full: enough words */
    w->seen[i] = h;
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 4096;
        w->w = realloc(w->w, w->cap * sizeof *w->w);
        w->len = realloc(w->len, w->cap * sizeof *w->len);
    }
    w->w[w->n] = malloc(t->form_len);
    memcpy(w->w[w->n], t->form, t->form_len);
    w->len[w->n++] = t->form_len;
    return 0;
}

static double stemmer_alone(const corpus_t *c, size_t *distinct)
{
    words_t w = { 0 };
    w.seen_cap = 1 << 21;
    w.seen = calloc(w.seen_cap, sizeof *w.seen);
    gs_analyzer_t *an = gs_analyzer_new(0);
    for (size_t i = 0; i < c->n; i++)
        gs_analyze(an, c->text[i], c->len[i], 0, collect_form, &w, NULL);
    gs_analyzer_free(an);
    struct sb_stemmer *st = sb_stemmer_new("russian", "UTF_8");
    double runs[5];
    for (int r = 0; r < 5; r++) {
        double spent = 0;
        uint64_t stemmed = 0, sink = 0;
        do {
            double t0 = gs_clock_now();
            for (size_t i = 0; i < w.n; i++) {
                sb_stemmer_stem(st, (const sb_symbol *)w.w[i], (int)w.len[i]);
                sink += (uint64_t)sb_stemmer_length(st);
            }
            spent += gs_clock_now() - t0;
            stemmed += w.n;
        } while (spent < 0.3);
        runs[r] = (double)stemmed / spent;
        if (sink == 0)
            runs[r] = 0;
    }
    sb_stemmer_delete(st);
    for (size_t i = 0; i < w.n; i++)
        free(w.w[i]);
    free(w.w);
    free(w.len);
    free(w.seen);
    *distinct = w.n;
    return median(runs, 5);
}

/* ---- threads ------------------------------------------------------------- */

typedef struct {
    const corpus_t *c;
    int passes;
} thread_arg_t;

static void *thread_main(void *p)
{
    thread_arg_t *a = p;
    gs_analyzer_t *an = gs_analyzer_new(0);
    count_t cnt = { 0, 0 };
    for (int i = 0; i < a->passes; i++)
        pass(an, a->c, &cnt);
    gs_analyzer_free(an);
    return NULL;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_analyzer [-r RUNS] [-t THREADS] FILE...\n"
                    "  FILE: plain text, or JSONL (.jsonl: its string values are analysed)\n");
    exit(1);
}

int main(int argc, char **argv)
{
    int runs = 5, threads = 0, opt;
    while ((opt = getopt(argc, argv, "r:t:h")) != -1) {
        switch (opt) {
        case 'r':
            runs = atoi(optarg);
            break;
        case 't':
            threads = atoi(optarg);
            break;
        default:
            usage();
        }
    }
    if (optind >= argc || runs < 1 || runs > 101 || threads < 0 || threads > 256)
        usage();
    corpus_t c = { 0 };
    for (int i = optind; i < argc; i++)
        if (load(&c, argv[i]) < 0)
            return 2;
    if (c.bytes == 0) {
        fprintf(stderr, "bench_analyzer: no text in the input\n");
        return 2;
    }
    printf("corpus: %zu texts, %.2f MB\n", c.n, c.bytes / 1e6);
    /* The modes take turns within each round, so that load from other
     * processes falls on all of them alike. */
    const char *names[] = { "cold cache", "warm cache", "no cache" };
    double *t[3];
    uint64_t tokens = 0;
    for (int mode = 0; mode < 3; mode++)
        t[mode] = calloc((size_t)runs, sizeof *t[mode]);
    for (int r = 0; r < runs; r++)
        for (int mode = MODE_COLD; mode <= MODE_NOCACHE; mode++)
            t[mode][r] = timed_run(&c, mode, 0.3, &tokens);
    for (int mode = MODE_COLD; mode <= MODE_NOCACHE; mode++) {
        double s = median(t[mode], runs), best = t[mode][0];  /* sorted by median() */
        printf("%-11s %8.1f MB/s  %6.2f M tokens/s  (median of %d; best %.1f MB/s)\n", names[mode],
               c.bytes / s / 1e6, tokens / s / 1e6, runs, c.bytes / best / 1e6);
        free(t[mode]);
    }
    printf("tokens per pass: %llu\n", (unsigned long long)tokens);
    size_t distinct;
    double wps = stemmer_alone(&c, &distinct);
    printf("libstemmer alone: %.2f M distinct words/s (%zu distinct Russian forms)\n", wps / 1e6,
           distinct);
    if (threads > 0) {
        pthread_t *th = calloc((size_t)threads, sizeof *th);
        thread_arg_t a = { &c, 1 };
        /* Enough passes for about a second on one core. */
        uint64_t tk;
        double one = timed_run(&c, MODE_COLD, 0.1, &tk);
        a.passes = (int)(1.0 / one) + 1;
        double t0 = gs_clock_now();
        for (int i = 0; i < threads; i++)
            pthread_create(&th[i], NULL, thread_main, &a);
        for (int i = 0; i < threads; i++)
            pthread_join(th[i], NULL);
        double s = gs_clock_now() - t0;
        printf("%d threads: %.1f MB/s aggregate (one analyzer per thread, %d passes each)\n",
               threads, (double)c.bytes * a.passes * threads / s / 1e6, a.passes);
        free(th);
    }
    for (size_t i = 0; i < c.n; i++)
        free(c.text[i]);
    free(c.text);
    free(c.len);
    return 0;
}
