/* api.c - the JSON API: /api/search, /api/similar, /api/show, /api/batch,
 * /api/stats, /api/health.  Each endpoint calls the searcher or precedents
 * as the CLI command does and prints with the same renderer (output/,
 * output/hits.h), so an answer is what the CLI prints
 * with --format json (jsonl for batch); errors are {"error", "status"} with
 * the CLI's message.
 */
#include "server/internal.h"
#include "batch/batch_search.h"
#include "indexer/indexer.h"
#include "output/hits.h"
#include "precedents/draft_input.h"
#include "precedents/similar.h"
#include "safetext/safe_text.h"
#include "toolkit/clock.h"
#include "toolkit/error.h"
#include "vectors/vectors.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char json_ctype[] = "application/json; charset=utf-8";

/* ---- replies ---------------------------------------------------------- */

/* Reply with j (taken), printed as the CLI prints JSON: indented, DEL and
 * C1 controls escaped. */
static void json_reply(gs_reply_t *rp, unsigned status, json_t *j)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    if (f) {
        gs_safe_json_dumpf(j, f, JSON_PRESERVE_ORDER | JSON_INDENT(2) | JSON_REAL_PRECISION(6));
        fputc('\n', f);
        fclose(f);
    }
    json_decref(j);
    gs_reply_set(rp, mem ? status : 500, json_ctype, mem, len);
}

static json_t *error_json(unsigned status, const char *msg)
{
    json_t *j = json_object();
    json_object_set_new(j, "error", json_string(msg));
    json_object_set_new(j, "status", json_integer(status));
    return j;
}

void gs_api_error(gs_reply_t *rp, unsigned status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_reply(rp, status, error_json(status, msg));
}

/* A malformed query: the CLI's message, and where (the excerpt and the
 * 1-based column of the problem in it, as the CLI's caret shows). */
static void query_error(gs_reply_t *rp, const gs_query_error_t *qe)
{
    char msg[300];
    snprintf(msg, sizeof msg, "malformed query: %s", qe->message);
    json_t *j = error_json(400, msg);
    json_object_set_new(j, "excerpt", json_string(qe->excerpt));
    json_object_set_new(j, "column", json_integer((json_int_t)qe->excerpt_column));
    json_reply(rp, 400, j);
}

/* A printer into memory: open, print, reply (200) or 500 on failure. */
typedef struct {
    char *mem;
    size_t len;
    FILE *f;
} memout_t;

static FILE *memout_open(memout_t *m)
{
    m->mem = NULL;
    m->len = 0;
    m->f = open_memstream(&m->mem, &m->len);
    return m->f;
}

/* The one note that names a file of the index (searcher/fusion.c: "vectors
 * not used: " then gs_vectors_open's message, "PATH/vectors: why"). */
static const char vectors_note[] = "vectors not used: ";

char *gs_server_hide_dbpath(const gs_server_t *srv, char *s, size_t *len)
{
    /* Only "vectors not used: PATH/": the same bytes in a record's text or
     * the query (a short relative path such as "db/" may well be there)
     * are left alone. */
    gs_buf_t needle = GS_BUF_INIT, b = GS_BUF_INIT;
    gs_buf_printf(&needle, "%s%s/", vectors_note, srv->o.dbpath);
    size_t from = 0;
    const char *hit;
    while (needle.s && (hit = memmem(s + from, *len - from, needle.s, needle.len))) {
        size_t at = (size_t)(hit - s);
        gs_buf_append(&b, s + from, at - from);
        gs_buf_printf(&b, "%sDB/", vectors_note);
        from = at + needle.len;
    }
    gs_buf_free(&needle);
    if (from == 0) {   /* not named */
        gs_buf_free(&b);
        return s;
    }
    gs_buf_append(&b, s + from, *len - from);
    size_t nl;
    char *out = gs_buf_take(&b, &nl);   /* NULL if an append failed */
    if (!out)
        return s;
    free(s);
    *len = nl;
    return out;
}

/* Reply with what m holds; hide: the answer may name the index's files
 * (a note on its vectors), so its path is hidden (gs_server_hide_dbpath). */
static void memout_reply(memout_t *m, int print_rc, gs_reply_t *rp, const char *type,
                         const gs_server_t *hide)
{
    int rc = fclose(m->f);
    if (print_rc != 0 || rc != 0) {
        free(m->mem);
        gs_api_error(rp, 500, "out of memory while printing the answer");
        return;
    }
    if (hide)
        m->mem = gs_server_hide_dbpath(hide, m->mem, &m->len);
    gs_reply_set(rp, 200, type, m->mem, m->len);
}

/* This thread's searcher, or a 503 (the index cannot be opened now). */
static gs_searcher_t *searcher_or_503(const gs_req_t *rq, gs_reply_t *rp)
{
    gs_searcher_t *s = gs_server_searcher(rq->srv);
    if (!s)
        gs_api_error(rp, 503, "%s", GS_SERVER_UNAVAILABLE);
    return s;
}

/* The HTTP code of a searcher status. */
static unsigned http_status(gs_status_t st)
{
    switch (st) {
    case GS_OK: return 200;
    case GS_EUSAGE:
    case GS_EQUERY:
    case GS_EINPUT: return 400;
    case GS_ENOTFOUND: return 404;
    case GS_ENOINDEX: return 503;
    default: return 500;
    }
}

/* ---- parameters ------------------------------------------------------- */

/* A whole decimal number from min to max; -1 otherwise. */
static int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    char *e;
    errno = 0;
    unsigned long v = strtoul(s, &e, 10);
    if (errno || *e || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

const char *const gs_api_filter_names[] = {"status", "year", "region", "direction", "contest",
                                           NULL};

/* May v go after "name:" unquoted?  Digits, Latin and Cyrillic letters,
 * '.', '-': a year range, a status word, one region word. */
static int plain_value(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p <= ' ' || *p == '"' || *p == '(' || *p == ')' || *p == ':' || *p == '*')
            return 0;
    return 1;
}

void gs_api_filters(const gs_req_t *rq, gs_param_fn get, gs_buf_t *b)
{
    for (size_t i = 0; gs_api_filter_names[i]; i++) {
        char *tofree = NULL;
        const char *v = get(rq, gs_api_filter_names[i], &tofree);
        if (v && *v) {
            if (b->len)
                gs_buf_append_byte(b, ' ');
            gs_buf_printf(b, "%s:", gs_api_filter_names[i]);
            if (plain_value(v)) {
                gs_buf_append_str(b, v);
            } else {   /* quoted; a quote inside cannot be written, so it goes */
                gs_buf_append_byte(b, '"');
                for (const char *p = v; *p; p++)
                    if (*p != '"')
                        gs_buf_append_byte(b, *p);
                gs_buf_append_byte(b, '"');
            }
        }
        free(tofree);
    }
}

static const char *arg_param(const gs_req_t *rq, const char *name, char **tofree)
{
    *tofree = NULL;
    return gs_req_arg(rq, name);
}

static int fail(char **msg, const char *fmt, const char *v)
{
    char m[600];
    snprintf(m, sizeof m, fmt, v);
    *msg = strdup(m);
    return -1;
}

int gs_api_search_params(const gs_req_t *rq, gs_search_opts_t *o, gs_buf_t *query, char **msg)
{
    gs_search_opts_init(o);
    unsigned long v;
    const char *a, *q = gs_req_arg(rq, "q");
    if (q)
        gs_buf_append_str(query, q);
    gs_api_filters(rq, arg_param, query);
    if (!query->s || !*query->s)
        return fail(msg, "search: no query given%s", "");
    if ((a = gs_req_arg(rq, "n"))) {
        if (parse_uint(a, 0, 1000, &v) < 0)
            return fail(msg, "search: n wants a number of results from 0 to 1000, not '%s'", a);
        o->n = (uint32_t)v;
    }
    if ((a = gs_req_arg(rq, "offset"))) {
        if (parse_uint(a, 0, 100000, &v) < 0)
            return fail(msg, "search: offset wants a number from 0 to 100000, not '%s'", a);
        o->offset = (uint32_t)v;
    }
    if ((a = gs_req_arg(rq, "sort")) && *a) {
        if (!strcmp(a, "relevance"))
            o->sort = GS_SORT_RELEVANCE;
        else if (!strcmp(a, "date"))
            o->sort = GS_SORT_DATE;
        else if (!strcmp(a, "amount"))
            o->sort = GS_SORT_AMOUNT;
        else if (!strcmp(a, "rating"))
            o->sort = GS_SORT_RATING;
        else
            return fail(msg, "search: unknown sort '%s' (relevance, date, amount or rating)", a);
    }
    o->reverse = gs_req_flag(rq, "reverse");
    if (o->reverse && o->sort == GS_SORT_RELEVANCE)
        return fail(msg, "search: reverse works with sort date, amount or rating; "
                         "relevance order cannot be reversed%s", "");
    if (gs_req_flag(rq, "strict"))
        o->relax = 0;
    o->vectors = gs_req_flag(rq, "vectors");   /* --vectors */
    if ((a = gs_req_arg(rq, "facets")) && *a && gs_facets_parse(a, &o->facets, msg) < 0)
        return -1;
    if ((a = gs_req_arg(rq, "boost")) && *a && gs_boosts_parse(&o->boosts, a, msg) < 0)
        return -1;
    if ((a = gs_req_arg(rq, "bm25")) && *a) {
        char *e;
        double k1 = strtod(a, &e), b = -1;
        if (*e == ',')
            b = strtod(e + 1, &e);
        if (*e || k1 < 0 || k1 > 100 || b < 0 || b > 1)
            return fail(msg, "search: bm25 wants K1,B with K1 >= 0 and 0 <= B <= 1, e.g. "
                             "1.2,0.75; not '%s'", a);
        o->k1 = k1;
        o->b = b;
    }
    return 0;
}

/* ---- endpoints -------------------------------------------------------- */

/* GET /api/search?q=&n=...: what `search --format json` prints. */
static void api_search(const gs_req_t *rq, gs_reply_t *rp)
{
    gs_search_opts_t o;
    gs_buf_t query = GS_BUF_INIT;
    char *msg = NULL;
    if (gs_api_search_params(rq, &o, &query, &msg) < 0) {
        gs_api_error(rp, 400, "%s", msg ? msg : "search: bad parameters");
        free(msg);
        gs_buf_free(&query);
        return;
    }
    unsigned fields = 0;
    const char *fa = gs_req_arg(rq, "fields");
    if (fa && *fa && gs_output_fields_parse(fa, &fields) < 0) {
        gs_api_error(rp, 400, "search: unknown fields '%s' (all or summary)", fa);
        gs_buf_free(&query);
        return;
    }
    gs_searcher_t *s = searcher_or_503(rq, rp);
    gs_query_error_t qe;
    gs_query_t *q = s ? gs_query_parse(s, query.s, &qe) : NULL;
    if (s && !q)
        query_error(rp, &qe);
    gs_results_t *r = NULL;
    gs_status_t st;
    memout_t m;
    if (q && (st = gs_search(s, q, &o, &r, &msg)) != GS_OK)
        gs_api_error(rp, http_status(st), "search: %s", msg ? msg : "search failed");
    else if (q && !memout_open(&m))
        gs_api_error(rp, 500, "out of memory");
    else if (q)
        memout_reply(&m, gs_results_print_query(m.f, r, query.s, GS_OUTPUT_JSON,
                                                fields | (o.n == 0 ? GS_PRINT_COUNT_ONLY : 0)),
                     rp, json_ctype, o.vectors ? rq->srv : NULL);
    gs_results_free(r);
    gs_query_free(q);
    free(msg);
    gs_buf_free(&query);
}

/* GET /api/similar?id=N, or POST /api/similar with the draft as the body:
 * what `similar --format json` prints. */
static void api_similar(const gs_req_t *rq, gs_reply_t *rp)
{
    gs_similar_opts_t o;
    gs_similar_opts_init(&o);
    unsigned long v;
    const char *a, *id = gs_req_arg(rq, "id");
    if ((a = gs_req_arg(rq, "n"))) {
        if (parse_uint(a, 1, 1000, &v) < 0)
            return gs_api_error(rp, 400, "similar: n wants a number from 1 to 1000, not '%s'", a);
        o.search.n = (uint32_t)v;
    }
    if ((a = gs_req_arg(rq, "terms"))) {
        if (parse_uint(a, 1, 10000, &v) < 0)
            return gs_api_error(rp, 400,
                                "similar: terms wants a number from 1 to 10000, not '%s'", a);
        o.terms.k = v;
    }
    o.search.vectors = gs_req_flag(rq, "vectors");   /* --vectors */
    int post = !strcmp(rq->method, "POST");
    if (post ? id != NULL : id == NULL)
        return gs_api_error(rp, 400, "similar: give one source: GET with id=NUMBER, or POST "
                                     "the draft as the body");
    if (post && rq->body_len == 0)
        return gs_api_error(rp, 400, "similar: the draft (the request body) is empty");
    gs_buf_t filters = GS_BUF_INIT;
    if ((a = gs_req_arg(rq, "filters")))
        gs_buf_append_str(&filters, a);
    gs_api_filters(rq, arg_param, &filters);
    o.filters = filters.s;
    gs_searcher_t *s = searcher_or_503(rq, rp);
    gs_similar_t *sim = NULL;
    char *err = NULL;
    gs_status_t st = GS_OK;
    if (s && id) {
        st = gs_similar_id(s, id, &o, &sim, &err);
    } else if (s) {
        gs_record_t *rec = gs_draft_as_record(rq->body, rq->body_len, "draft");
        st = rec ? gs_similar_record(s, rec, &o, &sim, &err)
                 : gs_similar_text(s, rq->body, rq->body_len, NULL, &o, &sim, &err);
        gs_record_free(rec);
    }
    memout_t m;
    if (!s)
        ;   /* 503 set */
    else if (st == GS_ENOTFOUND && !err)
        gs_api_error(rp, 404, "similar: no application numbered '%s' in the index", id);
    else if (st != GS_OK)
        gs_api_error(rp, http_status(st), "similar: %s", err ? err : "search failed");
    else if (!memout_open(&m))
        gs_api_error(rp, 500, "out of memory");
    else
        memout_reply(&m, gs_similar_print(m.f, sim, GS_OUTPUT_JSON, 0), rp, json_ctype,
                     o.search.vectors ? rq->srv : NULL);
    gs_similar_free(sim);
    free(err);
    gs_buf_free(&filters);
}

/* GET /api/show?id=N: what `show --format json N` prints (an array of one). */
static void api_show(const gs_req_t *rq, gs_reply_t *rp)
{
    const char *id = gs_req_arg(rq, "id");
    if (!id || !*id)
        return gs_api_error(rp, 400, "show: give id=NUMBER");
    gs_searcher_t *s = searcher_or_503(rq, rp);
    if (!s)
        return;
    gs_record_t *rec = NULL;
    char *err = NULL;
    gs_status_t st = gs_searcher_get(s, id, &rec, NULL, &err);
    memout_t m;
    if (st == GS_ENOTFOUND)
        gs_api_error(rp, 404, "show: no application numbered '%s' in the index", id);
    else if (st != GS_OK)
        gs_api_error(rp, http_status(st), "show: %s", err ? err : "cannot read the record");
    else if (!memout_open(&m))
        gs_api_error(rp, 500, "out of memory");
    else
        memout_reply(&m, gs_records_print(m.f, (const gs_record_t *const *)&rec, 1,
                                          GS_OUTPUT_JSON),
                     rp, json_ctype, NULL);
    gs_record_free(rec);
    free(err);
}

/* GET /api/stats: what `stats` prints, as JSON; the index's path on the
 * server's disk is left out (it is the operator's business). */
static void api_stats(const gs_req_t *rq, gs_reply_t *rp)
{
    gs_index_stats_t st;
    char *err = NULL;
    gs_status_t rc = gs_index_stats(rq->srv->o.dbpath, &st, &err);
    if (rc != GS_OK) {
        gs_server_log_error(err ? err : "stats: the index cannot be read");
        gs_api_error(rp, 503, "%s", GS_SERVER_UNAVAILABLE);
        free(err);
        return;
    }
    json_t *j = json_object();
    json_object_set_new(j, "records", json_integer(st.records));
    json_object_set_new(j, "terms", json_integer((json_int_t)st.terms));
    json_object_set_new(j, "disk_bytes", json_integer((json_int_t)st.disk_bytes));
    json_object_set_new(j, "updated", st.updated[0] ? json_string(st.updated) : json_null());
    json_object_set_new(j, "schema", st.schema[0] ? json_string(st.schema) : json_null());
    json_t *avg = json_object();
    for (int i = 0; i < GS_INDEX_NFIELDS; i++)
        json_object_set_new(avg, gs_field_name(gs_schema_fields[i].record),
                            json_real(st.avg_len[i]));
    json_object_set_new(j, "avg_len", avg);
    json_reply(rp, 200, j);
}

/* GET /api/health: 200 {"status":"ok","records":N} when this worker's
 * searcher is open at the latest commit, 503 otherwise. */
static void api_health(const gs_req_t *rq, gs_reply_t *rp)
{
    gs_searcher_t *s = gs_server_searcher(rq->srv);
    json_t *j = json_object();
    json_object_set_new(j, "status", json_string(s ? "ok" : "unavailable"));
    if (s)
        json_object_set_new(j, "records", json_integer(xapc_db_doccount(gs_searcher_db(s))));
    else
        json_object_set_new(j, "error", json_string(GS_SERVER_UNAVAILABLE));
    json_reply(rp, s ? 200 : 503, j);
}

/* ---- batch: streamed ---------------------------------------------------- */

/* A batch runs on its own thread, writing the batch worker's output into a
 * pipe that libmicrohttpd sends as it comes (chunked).  The time limit is
 * checked before each line: past it, each remaining line gets the format's
 * error line, so the client sees which ones were not run. */
typedef struct {
    gs_server_t *srv;
    char *body;
    size_t len;
    int wfd;
    double deadline;
    gs_batch_search_t cfg;
    gs_batch_worker_t inner;
    gs_vectors_t *vec;   /* vectors=1: held until the batch ends (see batch_vectors) */
} batch_job_t;

typedef struct {
    batch_job_t *job;
    void *inner;
} batch_ctx_t;

static void *timed_open(void *arg, char **err)
{
    batch_job_t *job = arg;
    batch_ctx_t *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    c->job = job;
    c->inner = job->inner.open(job->inner.arg, err);
    if (!c->inner) {
        free(c);
        return NULL;
    }
    return c;
}

static void timed_close(void *ctx)
{
    batch_ctx_t *c = ctx;
    c->job->inner.close(c->inner);
    free(c);
}

static int timed_run(void *ctx, const gs_batch_query_t *q, FILE *out, char **err)
{
    batch_ctx_t *c = ctx;
    if (gs_clock_now() <= c->job->deadline)
        return c->job->inner.run(c->inner, q, out, err);
    char msg[128];
    snprintf(msg, sizeof msg, "time limit of %u s reached: not run", c->job->srv->o.timeout_s);
    gs_batch_print_error(out, c->job->cfg.format, q, msg);
    *err = strdup(msg);
    return 1;
}

static void *batch_thread(void *arg)
{
    batch_job_t *job = arg;
    FILE *in = fmemopen(job->body, job->len, "r");
    FILE *out = fdopen(job->wfd, "w");
    if (in && out) {
        gs_batch_worker_t w = {.open = timed_open, .run = timed_run, .close = timed_close, .arg = job};
        gs_batch_opts_t bo = {1, 64};
        char *err = NULL;
        if (gs_batch_run(in, "the request body", out, NULL, &w, &bo, NULL, &err) < 0 &&
            job->cfg.format == GS_BATCH_JSONL && errno != EPIPE) {
            /* The reason can name the index's path: the log gets it. */
            gs_server_log_error(err ? err : "batch failed");
            json_t *j = error_json(503, "batch: " GS_SERVER_UNAVAILABLE);
            gs_safe_json_dumpf(j, out, JSON_COMPACT);
            fputc('\n', out);
            json_decref(j);
        }
        free(err);
    }
    if (in)
        fclose(in);
    if (out)
        fclose(out);   /* the end of the body */
    else
        close(job->wfd);
    free(job->cfg.synonyms_err);
    free(job->cfg.vectors_note);
    gs_vectors_close(job->vec);
    gs_server_stream_end(job->srv);
    free(job->body);
    free(job);
    return NULL;
}

/* vectors=1 on a batch: are the index's vectors usable?  Asked here, on
 * the request's thread, because the answer's headers go before the batch
 * thread runs its first line: a stream of lines has no place for the note
 * /api/search puts in "notes" (`batch --vectors` warns on stderr), so it
 * goes in a Warning header, the index's path written DB.  Returns the note
 * (malloc'd) or NULL when they are usable; then job->vec holds them until
 * the batch ends, so that its thread's own open shares this copy instead of
 * loading the model again. */
static char *batch_vectors(const gs_req_t *rq, batch_job_t *job)
{
    gs_searcher_t *s = gs_server_searcher(rq->srv);
    if (!s)
        return NULL;   /* the batch itself says the index cannot be opened */
    char *why = NULL;
    if (gs_vectors_open(rq->srv->o.dbpath, gs_searcher_db(s), &job->vec, &why) == GS_OK) {
        free(why);
        return NULL;
    }
    char *note = gs_strdupf("vectors not used: %s; searched by BM25 alone", why ? why : "none");
    free(why);
    size_t len = note ? strlen(note) : 0;
    return note ? gs_server_hide_dbpath(rq->srv, note, &len) : NULL;
}

/* POST /api/batch?format=jsonl|tsv|trec&n=N&similar=1&vectors=1: the batch
 * file's lines as the body; the answer is what `batch` prints, streamed. */
static void api_batch(const gs_req_t *rq, gs_reply_t *rp)
{
    gs_batch_format_t fmt = GS_BATCH_JSONL;
    const char *a;
    unsigned long v;
    char *note = NULL;   /* vectors=1 that cannot be used: the Warning header */
    if ((a = gs_req_arg(rq, "format")) && gs_batch_format_parse(a, &fmt) < 0)
        return gs_api_error(rp, 400, "batch: unknown format '%s' (tsv, jsonl or trec)", a);
    if (rq->body_len == 0)
        return gs_api_error(rp, 400, "batch: no queries: POST one query per line as the body");
    /* A batch runs on a thread of its own with its own searcher, beside the
     * N searchers of the queue: at most N - 1 batches at once, so that
     * searches keep a core of their own. */
    unsigned cap = rq->srv->o.threads > 1 ? rq->srv->o.threads - 1 : 1;
    if (!gs_server_stream_begin(rq->srv, cap))
        return gs_api_error(rp, 503, "batch: %u batch%s already running; try again later", cap,
                            cap == 1 ? " is" : "es are");
    batch_job_t *job = calloc(1, sizeof *job);
    if (!job || !(job->body = malloc(rq->body_len + 1)))
        goto oom;
    memcpy(job->body, rq->body, rq->body_len + 1);
    job->len = rq->body_len;
    job->srv = rq->srv;
    job->deadline = gs_clock_now() + rq->srv->o.timeout_s;
    job->cfg.dbpath = rq->srv->o.dbpath;
    job->cfg.synonyms = rq->srv->o.synonyms;
    job->cfg.format = fmt;
    job->cfg.similar = gs_req_flag(rq, "similar");
    gs_similar_opts_init(&job->cfg.opts);
    job->cfg.opts.search.snippets = 0;   /* no batch format shows them */
    job->cfg.opts.search.spelling = 0;
    if ((a = gs_req_arg(rq, "n"))) {
        if (parse_uint(a, 1, 1000, &v) < 0) {
            free(job->body);
            free(job);
            gs_server_stream_end(rq->srv);
            return gs_api_error(rp, 400, "batch: n wants a number from 1 to 1000, not '%s'", a);
        }
        job->cfg.opts.search.n = (uint32_t)v;
    }
    if ((job->cfg.opts.search.vectors = gs_req_flag(rq, "vectors")))   /* --vectors */
        note = batch_vectors(rq, job);
    gs_batch_search_worker(&job->cfg, &job->inner);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        goto oom;
    job->wfd = fds[1];
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, batch_thread, job) != 0) {
        pthread_attr_destroy(&attr);
        close(fds[0]);
        close(fds[1]);
        goto oom;
    }
    pthread_attr_destroy(&attr);
    rp->status = 200;
    rp->fd = fds[0];
    rp->warning = note;
    rp->type = fmt == GS_BATCH_JSONL  ? "application/x-ndjson; charset=utf-8"
               : fmt == GS_BATCH_TSV ? "text/tab-separated-values; charset=utf-8"
                                     : "text/plain; charset=utf-8";
    return;
oom:
    if (job) {
        free(job->body);
        gs_vectors_close(job->vec);
    }
    free(note);
    free(job);
    gs_server_stream_end(rq->srv);
    gs_api_error(rp, 503, "batch: cannot start (out of memory or threads)");
}

/* ---- routing ---------------------------------------------------------- */

static const struct {
    const char *path;
    const char *allow;   /* the methods it takes (HEAD goes with GET) */
    void (*fn)(const gs_req_t *, gs_reply_t *);
} routes[] = {
    {"/api/search", "GET, HEAD", api_search},
    {"/api/similar", "GET, HEAD, POST", api_similar},
    {"/api/show", "GET, HEAD", api_show},
    {"/api/batch", "POST", api_batch},
    {"/api/stats", "GET, HEAD", api_stats},
    {"/api/health", "GET, HEAD", api_health},
};

/* Is `method` one of the comma-separated `allow`? */
static int allowed(const char *allow, const char *method)
{
    size_t n = strlen(method);
    for (const char *p = allow; (p = strstr(p, method)); p += n)
        if ((p == allow || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

void gs_api_handle(const gs_req_t *rq, gs_reply_t *rp)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (strcmp(rq->path, routes[i].path) != 0)
            continue;
        if (!allowed(routes[i].allow, rq->method)) {
            gs_api_error(rp, 405, "%s takes %s, not %s", routes[i].path, routes[i].allow,
                         rq->method);
            rp->allow = routes[i].allow;
            return;
        }
        routes[i].fn(rq, rp);
        return;
    }
    gs_api_error(rp, 404, "no such endpoint: %s (see /api/health, /api/search, /api/similar, "
                          "/api/show, /api/batch, /api/stats)", rq->path);
}
