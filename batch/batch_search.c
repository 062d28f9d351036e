/* batch_search.c - per-thread searcher for `grantsearch batch`; the lines
 * are printed by output/hits.h. */
#include "batch/batch_search.h"
#include "precedents/similar.h"
#include "toolkit/error.h"
#include "corpus/record_impl.h" /* gs_utf8_check */
#include "vectors/vectors.h"

#include <stdlib.h>
#include <string.h>

/* One per thread: its own searcher, the shared read-only config. */
typedef struct {
    gs_searcher_t *s;
    const gs_batch_search_t *cfg;
    gs_vectors_t *vec;   /* --vectors: a handle on the process's one copy */
} bs_ctx_t;

/* --vectors: open the index's vectors beside the searcher.  It loads them
 * (the fusion's own open then shares this copy: vectors/vectors.h), and
 * it says, once for the batch, why they cannot be used: the searches then
 * run by BM25 alone, and JSON Lines and TSV have no place for the note
 * search prints.  Main thread (open runs before the workers start). */
static void open_vectors(bs_ctx_t *c, gs_batch_search_t *cfg)
{
    char *why = NULL;
    if (gs_vectors_open(cfg->dbpath, gs_searcher_db(c->s), &c->vec, &why) != GS_OK &&
        !cfg->vectors_note)
        cfg->vectors_note = gs_strdupf("vectors not used: %s", why ? why : "none");
    free(why);
}

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
    if (cfg->opts.search.vectors)
        open_vectors(c, cfg);
    return c;
}

/* A batch is many queries: its thread loads the dictionary before the
 * first, not in whichever query first needs it (that query took 70-130 ms
 * more at 166,848).  On the worker's thread, once every shard is open (a
 * server lost after that is the queries' error, not the open's).  Drafts
 * (--similar) take no lemmas. */
static void bs_start(void *ctx)
{
    bs_ctx_t *c = ctx;
    if (!c->cfg->similar)
        gs_searcher_preload(c->s);
}

static void bs_close(void *ctx)
{
    bs_ctx_t *c = ctx;
    gs_searcher_close(c->s);
    gs_vectors_close(c->vec);
    free(c);
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
            gs_batch_print_hits(f, cfg->format, cfg->tag, q, gs_similar_results(sim), sim);
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
                gs_batch_print_hits(f, cfg->format, cfg->tag, q, r, NULL);
            gs_results_free(r);
            gs_query_free(pq);
        }
    }
    if (st == GS_OK) {
        free(e);
        return 0;
    }
    gs_batch_print_error(f, cfg->format, q, e ? e : "search failed");
    *err = e ? e : strdup("search failed");
    return 1;
}

void gs_batch_search_worker(gs_batch_search_t *cfg, gs_batch_worker_t *w)
{
    w->open = bs_open;
    w->run = bs_run;
    w->close = bs_close;
    w->arg = cfg;
    w->start = bs_start;
}
