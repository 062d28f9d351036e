/* batch_search.c - per-thread searcher + renderers for `grantsearch batch`. */
#include "batch/batch_search.h"
#include "safetext/safe_text.h"
#include "precedents/similar.h"
#include "toolkit/error.h"
#include "corpus/record_impl.h" /* gs_utf8_check */

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int gs_batch_format_parse(const char *name, gs_batch_format_t *out)
{
    if (!strcmp(name, "tsv"))
        *out = GS_BATCH_TSV;
    else if (!strcmp(name, "jsonl") || !strcmp(name, "json"))
        *out = GS_BATCH_JSONL;
    else if (!strcmp(name, "trec"))
        *out = GS_BATCH_TREC;
    else
        return -1;
    return 0;
}

/* One per thread: its own searcher, the shared read-only config. */
typedef struct {
    gs_searcher_t *s;
    const gs_batch_search_t *cfg;
} bs_ctx_t;

static void *bs_open(void *arg, char **err)
{
    gs_batch_search_t *cfg = arg;
    gs_status_t st = GS_OK;
    bs_ctx_t *c = calloc(1, sizeof *c);
    if (!c) {
        *err = strdup("out of memory");
        return NULL;
    }
    c->cfg = cfg;
    c->s = gs_searcher_open(cfg->dbpath, &st, err);
    if (!c->s) {
        cfg->open_status = st;  /* written from the main thread only */
        free(c);
        return NULL;
    }
    /* Every thread reads the file; one report of a failure is enough. */
    gs_searcher_set_synonyms(c->s, cfg->synonyms, cfg->synonyms_err ? NULL : &cfg->synonyms_err);
    return c;
}

static void bs_close(void *ctx)
{
    bs_ctx_t *c = ctx;
    gs_searcher_close(c->s);
    free(c);
}

/* s[0..len) as a JSON string even when it is not valid UTF-8 (a refused
 * line still names its query): each invalid byte becomes U+FFFD. */
static json_t *json_lossy(const char *s, size_t len)
{
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    char *buf = malloc(len * 3 + 1);
    if (!buf)
        return NULL;
    size_t n = 0, i = 0, at;
    while (i < len) {
        const char *bad = gs_utf8_check(s + i, len - i, &at);
        size_t good = bad ? at : len - i;
        memcpy(buf + n, s + i, good);
        n += good;
        i += good;
        if (!bad)
            break;
        if (s[i] == '\0') { /* valid in a JSON string: keep it */
            buf[n++] = '\0';
        } else {
            memcpy(buf + n, "\xEF\xBF\xBD", 3);
            n += 3;
        }
        i++;
    }
    j = json_stringn(buf, n);
    free(buf);
    return j;
}

/* Query ids and docids go into space-separated TREC lines: no blanks, no
 * terminal controls (safe_text.h). */
static void put_word(FILE *f, const char *s)
{
    gs_safe_fputs(f, s, GS_SAFE_WORD);
}

/* TSV cells: tabs, newlines and controls escaped (safe_text.h). */
static void put_cell(FILE *f, const char *s)
{
    gs_safe_fputs(f, s, GS_SAFE_CELL);
}

static void render(const gs_batch_search_t *cfg, const gs_batch_query_t *q, gs_results_t *r,
                   gs_similar_t *sim, FILE *f)
{
    uint32_t n = gs_results_size(r);
    if (cfg->format == GS_BATCH_JSONL) {
        json_t *o = json_object();
        json_t *hits = json_array();
        json_object_set_new(o, "id", json_lossy(q->qid, strlen(q->qid)));
        json_object_set_new(o, "query", json_lossy(q->text, q->text_len));
        json_object_set_new(o, "total", json_integer(gs_results_estimate(r)));
        json_object_set_new(o, "total_exact", json_boolean(gs_results_exact(r)));
        for (uint32_t i = 0; i < n; i++) {
            const gs_hit_t *h = gs_results_hit(r, i);
            json_t *x = gs_hit_brief_json(h);
            if (sim)
                json_object_set_new(x, "shared", gs_similar_shared_json(sim, i));
            json_array_append_new(hits, x);
        }
        json_object_set_new(o, "results", hits);
        gs_results_partial_json(r, o);
        gs_safe_json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        fputc('\n', f);
        json_decref(o);
        return;
    }
    double prev = 0;
    for (uint32_t i = 0; i < n; i++) {
        const gs_hit_t *h = gs_results_hit(r, i);
        if (cfg->format == GS_BATCH_TREC) {
            /* trec_eval and `eval` order a run by SCORE, not RANK.  Our order
             * is not always by score (hits of a relaxed reading come after
             * the strict ones), so the score written is made to fall with
             * the rank: never above the one before it. */
            double sc = h->score;
            if (i > 0 && sc >= prev)
                sc = prev - 1e-6 > 0 ? prev - 1e-6 : prev / 2;
            prev = sc;
            put_word(f, q->qid);
            fputs(" Q0 ", f);
            put_word(f, gs_hit_number(h->rec));
            fprintf(f, " %u %.6f %s\n", h->rank, sc, cfg->tag ? cfg->tag : "grantsearch");
        } else {
            put_cell(f, q->qid);
            fprintf(f, "\t%u\t", h->rank);
            put_cell(f, gs_hit_number(h->rec));
            fprintf(f, "\t%.4f\t", h->score);
            put_cell(f, h->rec ? h->rec->str[GS_TITLE] : NULL);
            fputc('\n', f);
        }
    }
}

static void render_error(const gs_batch_search_t *cfg, const gs_batch_query_t *q,
                         const char *msg, FILE *f)
{
    if (cfg->format == GS_BATCH_JSONL) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_lossy(q->qid, strlen(q->qid)));
        json_object_set_new(o, "query", json_lossy(q->text, q->text_len));
        json_object_set_new(o, "error", json_string(msg));
        gs_safe_json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        fputc('\n', f);
        json_decref(o);
    } else if (cfg->format == GS_BATCH_TSV) {
        put_cell(f, q->qid);
        fputs("\t0\t-\t0\terror: ", f);
        put_cell(f, msg);
        fputc('\n', f);
    }
}

static int bs_run(void *ctx, const gs_batch_query_t *q, FILE *f, char **err)
{
    bs_ctx_t *c = ctx;
    const gs_batch_search_t *cfg = c->cfg;
    gs_status_t st;
    char *e = NULL;
    size_t at;
    const char *bad = gs_utf8_check(q->text, q->text_len, &at);
    if (bad) {
        /* The searcher reads C strings: a NUL would cut the query short,
         * and invalid UTF-8 would be misread.  Refuse the line, saying why. */
        st = GS_EQUERY;
        e = gs_strdupf("%s at byte %zu of the query", bad, at + 1);
    } else if (cfg->similar) {
        gs_similar_t *sim = NULL;
        st = gs_similar_text(c->s, q->text, q->text_len, NULL, &cfg->opts, &sim, &e);
        if (st == GS_OK)
            render(cfg, q, gs_similar_results(sim), sim, f);
        gs_similar_free(sim);
    } else {
        gs_query_error_t qe;
        gs_query_t *pq = gs_query_parse(c->s, q->text, &qe);
        if (!pq) {
            st = GS_EQUERY;
            e = strdup(qe.message);
        } else {
            gs_results_t *r = NULL;
            st = gs_search(c->s, pq, &cfg->opts.search, &r, &e);
            if (st == GS_OK)
                render(cfg, q, r, NULL, f);
            gs_results_free(r);
            gs_query_free(pq);
        }
    }
    if (st == GS_OK) {
        free(e);
        return 0;
    }
    render_error(cfg, q, e ? e : "search failed", f);
    *err = e ? e : strdup("search failed");
    return 1;
}

void gs_batch_search_worker(gs_batch_search_t *cfg, gs_batch_worker_t *w)
{
    w->open = bs_open;
    w->run = bs_run;
    w->close = bs_close;
    w->arg = cfg;
}
