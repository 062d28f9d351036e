/* search.c - open the index, run queries with relaxation, facets and
 * "did you mean", and hand out results.
 *
 * Every read of the index sits in a retry loop: when an indexer commits
 * while we read, Xapian throws DatabaseModifiedError (XAPC_MODIFIED); we
 * reopen and run the whole operation again (every pass: the build, the
 * match with its facet counts and recheck, the hits' records), up to
 * GS_SEARCH_RETRIES times.  Glass sometimes reports the same race as a
 * corrupt block ("Expected block N to be level 1, not 0") or a plain
 * DatabaseError ("EOF reading block N"): a block of our revision that the
 * writer freed and reused.  Those are retried too, after a short pause; a
 * truly damaged index fails every retry and is reported.
 */
#include "searcher/internal.h"
#include "searcher/facets.h"
#include "corpus/record_impl.h" /* gs_utf8_check */
#include "schema/schema.h"
#include "searcher/stored_record.h"
#include "toolkit/error.h"
#include "toolkit/status_xapc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Worth reopening and trying again (see the top of this file)?  Pauses a
 * little longer each time, so a writer mid-commit can finish. */
static int transient(xapc_status_t st, int attempt)
{
    if (st != XAPC_MODIFIED && st != XAPC_CORRUPT && st != XAPC_DATABASE)
        return 0;
    if (attempt > 0 || st != XAPC_MODIFIED) {
        struct timespec ts = {0, 20000000L * (attempt + 1)};
        nanosleep(&ts, NULL);
    }
    return 1;
}

/* Reopen on the latest revision; the reopen itself reads the new
 * revision's tables and may meet the same race, so it is retried too. */
static int reopen(gs_searcher_t *s)
{
    xapc_status_t st = XAPC_OK;
    for (int i = 0; i < GS_SEARCH_RETRIES; i++)
        if ((st = xapc_db_reopen(s->db, NULL)) == XAPC_OK || !transient(st, i))
            break;
    return st == XAPC_OK ? 0 : -1;
}

static void set_err(char **err, char *m)
{
    if (err)
        *err = m;
    else
        free(m);
}

/* ---- searcher -------------------------------------------------------- */

static int keep_all(void *ctx, xapc_candidate_t *c)
{
    (void)ctx;
    (void)c;
    return 1;
}

/* Does db refuse match deciders?  Xapian's remote backend (a stub file
 * naming an xapian-tcpsrv) throws UnimplementedError at get_mset with any
 * decider; asking once at open with an empty page costs one round trip
 * and tells the capability itself, whatever the backend. */
static int refuses_deciders(xapc_db_t *db)
{
    xapc_enquire_t *enq = NULL;
    xapc_query_t *all = xapc_query_match_all();
    xapc_mset_t *ms = NULL;
    xapc_status_t st = all ? xapc_enquire_create(db, &enq) : XAPC_NO_MEMORY;
    if (st == XAPC_OK)
        st = xapc_enquire_set_decider(enq, keep_all, NULL);
    if (st == XAPC_OK)
        st = xapc_enquire_set_query(enq, all);
    if (st == XAPC_OK)
        st = xapc_enquire_get_mset(enq, 0, 0, 0, &ms);
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    xapc_query_destroy(all);
    return st == XAPC_UNAVAILABLE;
}

gs_searcher_t *gs_searcher_open(const char *dbpath, gs_status_t *status, char **err)
{
    gs_status_t dummy;
    if (!status)
        status = &dummy;
    *status = GS_ENOINDEX;
    struct stat st;
    if (stat(dbpath, &st) < 0) {
        set_err(err, gs_strdupf("no index at '%s' (%s); build one with 'grantsearch index -d %s FILE...'",
                                dbpath, strerror(errno), dbpath));
        return NULL;
    }
    gs_searcher_t *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(dbpath)) || !(s->an = gs_analyzer_new(0))) {
        gs_searcher_close(s);
        *status = GS_EINDEX;
        set_err(err, gs_strdupf("out of memory opening '%s'", dbpath));
        return NULL;
    }
    char *xerr = NULL;
    xapc_status_t xs = gs_searcher_open_db(s, &xerr);  /* open.c: shards, spelling */
    /* Opening reads several tables; a writer committing twice meanwhile
     * discards the revision being opened.  Open again, as reads retry. */
    for (int attempt = 0; attempt < GS_SEARCH_RETRIES && transient(xs, attempt); attempt++) {
        free(xerr);
        xerr = NULL;
        xs = gs_searcher_open_db(s, &xerr);
    }
    if (xs != XAPC_OK) {
        if (xs == XAPC_NOT_FOUND)  /* a directory, but no index (the user's data, say):
                                      advise a new directory, never one over what is there */
            set_err(err, gs_strdupf("'%s' is not a grantsearch index; build one in a new directory "
                                    "with 'grantsearch index -d NEW.db FILE...' and search with "
                                    "-d NEW.db", dbpath));
        else if (xs == XAPC_NETWORK)  /* a shard's server: nothing to rebuild */
            set_err(err, gs_strdupf("cannot open the index '%s': %s", dbpath,
                                    xerr ? xerr : xapc_status_to_string(xs)));
        else
            set_err(err, gs_strdupf("cannot open the index '%s': %s; (re)build it with 'grantsearch "
                                    "index -d %s FILE...'",
                                    dbpath, xerr ? xerr : xapc_status_to_string(xs), dbpath));
        free(xerr);
        gs_searcher_close(s);
        return NULL;
    }
    s->no_decider = refuses_deciders(s->db);
    *status = GS_OK;
    return s;
}

void gs_searcher_close(gs_searcher_t *s)
{
    if (!s)
        return;
    gs_facets_close(s);
    xapc_db_destroy(s->db);
    xapc_db_destroy(s->spell);
    gs_strlist_free(&s->missing);
    gs_analyzer_free(s->an);
    gs_synonyms_free(s->syn);
    gs_fusion_close(s);
    free(s->path);
    free(s);
}

xapc_db_t *gs_searcher_db(gs_searcher_t *s)
{
    return s->db;
}

gs_analyzer_t *gs_searcher_analyzer(gs_searcher_t *s)
{
    return s->an;
}

size_t gs_searcher_equivalents(gs_searcher_t *s, const char *term, const char **out, size_t max)
{
    return gs_synonyms_equivalents(s->syn, term, out, max);
}

/* An index built with another layout still searches, but queries are
 * analysed as this version indexes (schema.h): words in capitals and
 * abbreviations may be missed until it is rebuilt.  Schema 3 lacks only the
 * form and pair terms (schema 4): nothing is missed, =form and phrases are
 * rechecked as before, more slowly.  Say so in the notes. */
static void note_old_schema(gs_searcher_t *s, strlist_t *notes)
{
    const char *sv;
    size_t n;
    if (xapc_db_get_metadata(s->db, GS_META_SCHEMA, &sv, &n) != XAPC_OK || n == 0 ||
        (n == strlen(GS_SCHEMA_VERSION) && !memcmp(sv, GS_SCHEMA_VERSION, n)))
        return;
    int slower = n == 1 && sv[0] == '3';
    /* Schema 4 lacks only the fold (schema.h GS_META_FOLD): ranked the same
     * way, words cost a posting list per boosted field more. */
    int unfolded = n == 1 && sv[0] == '4';
    /* Schema 5 lacks only the stem-prefix terms (schema 6): a prefix* is
     * Xapian's wildcard of its 200 most frequent words, as it was. */
    int no_stems = n == 1 && sv[0] == '5';
    char msg[256];
    int len = snprintf(msg, sizeof msg,
                       "this index was built by an older grantsearch (schema %.*s, now %s): %s "
                       "until it is rebuilt into a new directory",
                       (int)(n < 8 ? n : 8), sv, GS_SCHEMA_VERSION,
                       no_stems ? "a prefix* is searched more slowly and only through its "
                                  "200 most frequent words"
                       : unfolded ? "words are searched more slowly, and a prefix* only "
                                    "through its 200 most frequent words"
                       : slower ? "=form and phrases are searched more slowly and words are "
                                  "not matched by their dictionary forms"
                                : "some words may be missed");
    gs_strlist_add(notes, msg, (size_t)len);
}

gs_qenv_t gs_searcher_qenv(gs_searcher_t *s)
{
    return (gs_qenv_t){.db = s->db, .an = s->an, .syn = s->syn, .lemmas = s->spell};
}

/* The caller (the CLI) chooses the file: $GRANTSEARCH_SYNONYMS or the
 * installed one; a library reads no environment. */
int gs_searcher_set_synonyms(gs_searcher_t *s, const char *path, char **err)
{
    int e;
    gs_synonyms_t *syn = gs_synonyms_load_file(s->an, path, &e);
    if (!syn) {
        if (err)
            *err = strdup("out of memory reading the synonyms file");
        return -1;
    }
    gs_synonyms_free(s->syn);
    s->syn = syn;
    if (!e)
        return 0;
    gs_set_err(err, "cannot read the synonyms file %s: %s", path, strerror(e));
    return -1;
}


int gs_searcher_reopen(gs_searcher_t *s)
{
    return reopen(s);
}

void gs_searcher_set_client_recheck(gs_searcher_t *s, int on)
{
    s->no_decider = on || refuses_deciders(s->db);
}

void gs_searcher_preload(gs_searcher_t *s)
{
    /* Loads the dictionary (or warns, once, that there is none); the
     * answer itself is not needed here. */
    (void)gs_analyzer_has_dictionary(s->an);
}

static gs_record_t *record_of(xapc_doc_t *doc)
{
    const char *data;
    size_t len;
    if (xapc_doc_get_data(doc, &data, &len) != XAPC_OK)
        return NULL;
    return gs_record_from_stored_json(data, len, NULL);
}

/* A hit's record, read once: its result line from the summary value (no
 * stored record inflated and parsed with jansson for it: most of a keyword
 * query's time before), and with `text` (snippets) the text fields decoded
 * straight from the stored JSON, a copy of which is kept in *more for
 * gs_results_record.  An index without summaries gives the whole record.
 * *more says which; NULL when unreadable or out of memory.  The caller
 * frees the record and more->data. */
static gs_record_t *hit_record(xapc_doc_t *doc, int text, gs_hit_more_t *more)
{
    const char *v, *data;
    size_t len;
    gs_record_t *rec = NULL;
    memset(more, 0, sizeof *more);
    if (xapc_doc_get_value(doc, GS_SLOT_SUMMARY, &v, &len) != XAPC_OK || !len ||
        !(rec = gs_stored_summary(v, len)))
        return record_of(doc);
    more->level = GS_HIT_LINE;
    if (!text)
        return rec;
    if (xapc_doc_get_data(doc, &data, &len) == XAPC_OK && (more->data = malloc(len + 1)) &&
        gs_stored_text_into(data, len, rec) == 0) {
        memcpy(more->data, data, len);
        more->data[len] = '\0';
        more->len = len;
        more->level = GS_HIT_TEXT;
        return rec;
    }
    free(more->data);
    memset(more, 0, sizeof *more);
    gs_record_free(rec);
    return record_of(doc);  /* JSON the fast decoder gives up on: jansson's */
}

gs_record_t *gs_searcher_record_at(gs_searcher_t *s, xapc_docid_t did)
{
    gs_record_t *rec = NULL;
    for (int attempt = 0; attempt <= GS_SEARCH_RETRIES; attempt++) {
        xapc_doc_t *doc = NULL;
        xapc_status_t xs = xapc_db_get_document(s->db, did, &doc);
        if (xs == XAPC_OK) {
            const char *data;
            size_t len;
            xs = xapc_doc_get_data(doc, &data, &len);
            if (xs == XAPC_OK)
                rec = gs_record_from_stored_json(data, len, NULL);
        }
        xapc_doc_destroy(doc);
        if (xs == XAPC_OK || attempt == GS_SEARCH_RETRIES || !transient(xs, attempt))
            break;
        reopen(s);
    }
    return rec;
}

gs_status_t gs_searcher_get(gs_searcher_t *s, const char *number, gs_record_t **out,
                            xapc_docid_t *did, char **err)
{
    *out = NULL;
    size_t n = strlen(number);
    char *term = malloc(n + 2);
    if (!term)
        return GS_EINDEX;
    term[0] = 'Q';
    memcpy(term + 1, number, n + 1);
    xapc_status_t xs = XAPC_OK;
    for (int attempt = 0; attempt <= GS_SEARCH_RETRIES; attempt++) {
        xapc_docid_t d = 0;
        xapc_doc_t *doc = NULL;
        xs = xapc_db_docid_for_term(s->db, term, n + 1, &d);
        if (xs == XAPC_OK)
            xs = xapc_db_get_document(s->db, d, &doc);
        if (xs == XAPC_OK) {
            *out = record_of(doc);
            xapc_doc_destroy(doc);
            if (did)
                *did = d;
            free(term);
            if (!*out) {
                set_err(err, gs_strdupf("application %s: the stored record is unreadable", number));
                return GS_EINDEX;
            }
            return GS_OK;
        }
        if (attempt == GS_SEARCH_RETRIES || !transient(xs, attempt))
            break;
        reopen(s);
    }
    free(term);
    if (xs == XAPC_NOT_FOUND && s->missing.n) {  /* it may be in a shard left out */
        set_err(err, gs_strdupf("application %s is not in the shards that answered; %zu "
                                "shard%s did not (%s%s): it may be there", number,
                                s->missing.n, s->missing.n == 1 ? "" : "s", s->missing.v[0],
                                s->missing.n > 1 ? ", ..." : ""));
        return GS_EINDEX;
    }
    if (xs == XAPC_NOT_FOUND) {
        set_err(err, gs_strdupf("no application numbered '%s' in the index", number));
        return GS_ENOTFOUND;
    }
    set_err(err, gs_strdupf("reading application %s: %s", number, xapc_status_to_string(xs)));
    return gs_status_from_xapc(xs);
}

/* ---- queries --------------------------------------------------------- */

gs_query_t *gs_query_parse(gs_searcher_t *s, const char *text, gs_query_error_t *err)
{
    gs_query_error_t dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    size_t off = 0, len = strlen(text), at = 0;
    char msg[200];
    const char *bad = gs_utf8_check(text, len, &at);
    qnode_t *root = NULL;
    char *note = NULL;
    if (len > GS_QUERY_MAX_BYTES) {
        off = GS_QUERY_MAX_BYTES;
        snprintf(msg, sizeof msg,
                 "the query is too long (%zu bytes, at most %d); search with fewer words, or "
                 "find applications like a whole draft with 'grantsearch similar'",
                 len, GS_QUERY_MAX_BYTES);
    } else if (bad) {
        off = at;
        snprintf(msg, sizeof msg, "%s at byte %zu", bad, at + 1);
    } else {
        root = gs_qparse_noted(text, &note, &off, msg, sizeof msg);
    }
    if (!root) {
        err->offset = off;
        err->column = gs_qlex_column(text, off);
        snprintf(err->message, sizeof err->message, "%s (at column %zu)", msg, err->column);
        /* Invalid bytes are not shown: the excerpt stops before them. */
        gs_qlex_excerpt(text, bad ? at : len, off, GS_QUERY_EXCERPT, err->excerpt,
                        sizeof err->excerpt, &err->excerpt_column);
        return NULL;
    }
    gs_query_t *q = calloc(1, sizeof *q);
    if (!q || !(q->text = strdup(text)) || !(q->desc = gs_qnode_describe(root))) {
        if (q)
            free(q->text);
        free(q);
        free(note);
        gs_qnode_free(root);
        snprintf(err->message, sizeof err->message, "out of memory");
        return NULL;
    }
    q->s = s;
    q->root = root;
    q->note = note;
    return q;
}

void gs_query_free(gs_query_t *q)
{
    if (!q)
        return;
    gs_qnode_free(q->root);
    free(q->text);
    free(q->desc);
    free(q->note);
    free(q);
}

const char *gs_query_describe(const gs_query_t *q)
{
    return q->desc;
}

void gs_search_opts_init(gs_search_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->n = 10;
    o->sort = GS_SORT_RELEVANCE;
    gs_boosts_default(&o->boosts);
    o->k1 = 1.0;
    o->b = 0.5;
    o->relax = 1;
    o->spelling = 1;
    o->snippets = 1;
    o->proximity = 1;
}

/* ---- running --------------------------------------------------------- */

/* A rechecked query with at most this many matches has every match checked
 * on its record, not only the page, so its count is exact.  Re-analysing a
 * record costs about 0.1 ms per KB: 50 records of the generated archive
 * are ~5 ms; 200 made phrase searches slow enough that a writer committing
 * every record discarded their revision on every retry
 * (tests/cli_concurrency.sh).  Above it the count is the sketch's, said
 * as "about". */
#define GS_RECHECK_ALL 50

/* The recheck's decider in a ranking pass (run_pass): gs_verify_decide,
 * noting the first GS_RECHECK_ALL documents it keeps in a match, so that
 * run_decided can check every match on its record without matching again
 * (checked_all_kept). */
typedef struct {
    gs_verify_t *verify;
    xapc_docid_t ids[GS_RECHECK_ALL];
    uint32_t n;
    int overflow;  /* kept more than ids holds */
    uint32_t calls;  /* candidates judged in the pass (gs_results.judged) */
} keeper_t;

typedef struct {
    xapc_enquire_t *enq;
    xapc_mset_t *ms;
    gs_verify_t *verify;  /* the recheck, if the query needs one */
    keeper_t keeper;      /* its decider's kept documents (not with client) */
    int counted;          /* every match was checked on its record (exact count) */
    /* The page and its counts, from ms or from the client-side recheck. */
    uint32_t size, lower, upper, est;
    /* Client-side recheck (no decider, run_client): the page's kept hits
     * (ms stays NULL), whether every candidate was seen, and with facets
     * the verdicts given (the counting walk reuses them). */
    int client, exhausted, approx;  /* approx: some kept on the sketch alone */
    int text;             /* hits need their text fields (snippets; hit_record) */
    xapc_docid_t *ids;
    double *weights;
    gs_record_t **recs;
    gs_hit_more_t *more;  /* how much recs[i] holds */
    gs_verdicts_t seen;
    /* Facets (facets.h): the counts of every match, from a pass apart,
     * which also gives the bounds their exact count; share: the part of
     * that pass's candidates the recheck kept (has_share). */
    gs_ftally_t *tally;
    int has_share;
    double share;
} pass_t;

static void pass_free(pass_t *p)
{
    for (uint32_t i = 0; p->recs && i < p->size; i++) {
        gs_record_free(p->recs[i]);
        free(p->more[i].data);
    }
    free(p->recs);
    free(p->more);
    free(p->ids);
    free(p->weights);
    gs_ftally_free(p->tally);
    gs_verdicts_free(&p->seen);
    xapc_mset_destroy(p->ms);
    xapc_enquire_destroy(p->enq);
    gs_verify_free(p->verify);
    memset(p, 0, sizeof *p);
}

/* Judge candidate i of ms; a kept one in the page's range [first, first +
 * count) of kept ones is stored in p.  *kept counts the kept ones so far.
 * As with the decider (run_pass), the page's hits and the first
 * GS_RECHECK_ALL kept ones are checked on their records, so that a small
 * count is exact; the others may be kept on their sketch.  With facets
 * each verdict is kept (p->seen) for the counting walk. */
static xapc_status_t judge_candidate(pass_t *p, xapc_mset_t *ms, uint32_t i, unsigned facets,
                                     uint32_t first, uint32_t count, uint32_t *kept)
{
    xapc_doc_t *doc = NULL;
    xapc_docid_t did = xapc_mset_docid(ms, i);
    int in_page = *kept >= first && *kept - first < count;
    int sure = in_page || *kept < GS_RECHECK_ALL;
    xapc_status_t st = xapc_mset_document(ms, i, &doc);
    int keep = st == XAPC_OK ? gs_verify_check_doc(p->verify, did, doc, sure, &st) : 0;
    if (st == XAPC_OK && facets && gs_verdicts_add(&p->seen, did, keep) < 0)
        st = XAPC_NO_MEMORY;
    if (keep) {
        p->approx |= keep == 2;
        if (st == XAPC_OK && in_page) {
            gs_record_t *rec = hit_record(doc, p->text, &p->more[p->size]);
            if (rec) { /* an unreadable stored record: skip it, as take_hits does */
                p->ids[p->size] = did;
                p->weights[p->size] = xapc_mset_weight(ms, i);
                p->recs[p->size++] = rec;
            }
        }
        ++*kept;
    }
    xapc_doc_destroy(doc);
    return st;
}

/* The recheck on the client, for a database that refuses match deciders:
 * walk the looser query's candidates in rank order, a chunk at a time,
 * judge each on its record, and stop once `first + count` and
 * `checkatleast` kept ones were found (as Xapian's matcher stops with a
 * decider) or the candidates ran out (then the count is exact).  Else
 * the count is the candidates' estimate scaled by the share kept. */
static xapc_status_t run_client(pass_t *p, const gs_search_opts_t *o, uint32_t first,
                                uint32_t count, uint32_t checkatleast)
{
    uint32_t want = first + count > checkatleast ? first + count : checkatleast;
    uint32_t kept = 0, seen = 0, chunk = want < 32 ? 64 : 2 * want;
    uint32_t upper = 0, est = 0;
    p->ids = calloc(count + 1, sizeof *p->ids);
    p->weights = calloc(count + 1, sizeof *p->weights);
    p->recs = calloc(count + 1, sizeof *p->recs);
    p->more = calloc(count + 1, sizeof *p->more);
    if (!p->ids || !p->weights || !p->recs || !p->more)
        return XAPC_NO_MEMORY;
    for (;;) {
        xapc_mset_t *ms = NULL;
        xapc_status_t st = xapc_enquire_get_mset(p->enq, seen, chunk, chunk, &ms);
        if (st == XAPC_OK)
            st = xapc_mset_fetch(ms);
        if (st != XAPC_OK) {
            xapc_mset_destroy(ms);
            return st;
        }
        uint32_t n = xapc_mset_size(ms);
        upper = xapc_mset_matches_upper_bound(ms);
        est = xapc_mset_matches_estimated(ms);
        for (uint32_t i = 0; st == XAPC_OK && i < n; i++)
            st = judge_candidate(p, ms, i, o->facets, first, count, &kept);
        xapc_mset_destroy(ms);
        if (st != XAPC_OK)
            return st;
        seen += n;
        p->exhausted = n < chunk;
        if (p->exhausted || kept >= want)
            break;
        chunk = chunk < 4096 ? 2 * chunk : chunk;
    }
    p->lower = kept;
    p->upper = p->exhausted ? kept : upper - (seen - kept);
    p->est = p->exhausted ? kept
                          : (uint32_t)((double)est * kept / (seen ? seen : 1) + 0.5);
    if (p->est < p->lower)
        p->est = p->lower;
    if (p->est > p->upper)
        p->est = p->upper;
    return XAPC_OK;
}

static xapc_status_t run_decided(xapc_db_t *db, pass_t *p, uint32_t first, uint32_t count,
                                 uint32_t checkatleast);
static xapc_status_t count_all(gs_searcher_t *s, const xapc_query_t *q, pass_t *p,
                               unsigned mask);

/* An xapc_decider_fn: ctx is a keeper_t; gs_verify_decide's verdict. */
static int keeper_decide(void *ctx, xapc_candidate_t *c)
{
    keeper_t *k = ctx;
    int t = gs_verify_decide(k->verify, c);
    k->calls++;
    if (t && k->n < GS_RECHECK_ALL)
        k->ids[k->n++] = xapc_candidate_docid(c);
    else if (t)
        k->overflow = 1;
    return t;
}

/* Run q; candidates must also match `accept` and not `reject` (verify.h;
 * NULL = no such condition).  The page is ranked as without facets; with
 * facets every match is then counted (count_all). */
static xapc_status_t run_pass(gs_searcher_t *s, const xapc_query_t *q, const vnode_t *accept,
                              const vnode_t *reject, const gs_search_opts_t *o, uint32_t first,
                              uint32_t count, uint32_t checkatleast, pass_t *p)
{
    memset(p, 0, sizeof *p);
    p->text = o->snippets;
    xapc_status_t st = xapc_enquire_create(s->db, &p->enq);
    if (st == XAPC_OK && (accept || reject)) {
        /* Several shards, local ones too: the recheck runs on the client.
         * Xapian 1.4 hands a match decider each candidate opened in its own
         * shard, so its docid is the shard's, while the recheck's lists (an
         * exact term's documents, the page's rejects) hold the combined
         * docids: a decider kept or dropped the wrong records. */
        p->client = s->no_decider || xapc_db_shard_count(s->db) > 1;
        if (!(p->verify = gs_verify_new(s->an, accept, reject)))
            st = XAPC_NO_MEMORY;
        else if ((st = gs_verify_prepare(p->verify, s->db)) == XAPC_OK && !p->client) {
            p->keeper.verify = p->verify;
            st = xapc_enquire_set_decider(p->enq, keeper_decide, &p->keeper);
        }
    }
    if (st == XAPC_OK)
        st = xapc_enquire_set_query(p->enq, q);
    if (st == XAPC_OK)
        st = xapc_enquire_set_bm25(p->enq, o->k1, 0, 1, o->b, 0.5);
    if (st == XAPC_OK && o->sort != GS_SORT_RELEVANCE) {
        int slot = o->sort == GS_SORT_DATE     ? GS_SLOT_DATE
                   : o->sort == GS_SORT_AMOUNT ? GS_SLOT_AMOUNT
                                               : GS_SLOT_RATING;
        /* Newest / largest / best first unless --reverse. */
        st = xapc_enquire_set_sort(p->enq, slot, !o->reverse);
    }
    if (st == XAPC_OK && p->client)
        st = run_client(p, o, first, count, checkatleast);
    else if (st == XAPC_OK)
        st = run_decided(s->db, p, first, count, checkatleast);
    if (st == XAPC_OK && o->facets)
        st = count_all(s, q, p, o->facets);
    return st;
}

/* Document did (of ms's candidates when ms is given, else read from db)
 * checked on its record (gs_verify_exact); a wrong one is excluded from the
 * match, and *wrong set. */
static xapc_status_t check_exact(xapc_db_t *db, pass_t *p, xapc_mset_t *ms, uint32_t i,
                                 xapc_docid_t did, int *wrong)
{
    xapc_doc_t *doc = NULL;
    xapc_status_t st = ms ? xapc_mset_document(ms, i, &doc) : xapc_db_get_document(db, did, &doc);
    if (st == XAPC_OK && !gs_verify_exact(p->verify, did, doc, &st) && st == XAPC_OK) {
        if (gs_verify_exclude(p->verify, did) < 0)
            st = XAPC_NO_MEMORY;
        *wrong = 1;
    }
    xapc_doc_destroy(doc);
    return st;
}

/* Were all `all` matches of p->ms kept by the decider in this match, so
 * that the keeper holds every one of them?  Only when Xapian saw every
 * candidate (the bounds meet: no decider call was skipped): then a second
 * match of the same query judged the same candidates again, to the same
 * verdicts (the kept share, phrase_estimate's, is unchanged by it). */
static int checked_all_kept(const pass_t *p, uint32_t all)
{
    return !p->keeper.overflow && p->keeper.n == all &&
           xapc_mset_matches_lower_bound(p->ms) == all;
}

/* run_pass's ranking where Xapian runs the recheck (a match decider) or
 * none: the page, its bounds, and the rounds that keep a page exact. */
static xapc_status_t run_decided(xapc_db_t *db, pass_t *p, uint32_t first, uint32_t count,
                                 uint32_t checkatleast)
{
    p->keeper.n = 0;
    p->keeper.overflow = 0;
    xapc_status_t st = xapc_enquire_get_mset(p->enq, first, count, checkatleast, &p->ms);
    /* Candidates kept on their sketch are right but for a hash collision:
     * check the page on the records, and run again without any found wrong
     * (one more round in ~10,000 pages; 8 rounds is a bound, not a plan).
     * When few enough match (GS_RECHECK_ALL), every match is checked so
     * that the count is exact too; above that the count is an estimate.
     * Every match is the keeper's list when the match saw them all (the
     * documents read directly), else a second match of them all. */
    for (int round = 0; st == XAPC_OK && p->verify && gs_verify_sketched(p->verify) && round < 8;
         round++) {
        int wrong = 0;
        uint32_t all = xapc_mset_matches_upper_bound(p->ms);
        xapc_mset_t *check = p->ms;
        p->counted = all <= GS_RECHECK_ALL && all > xapc_mset_size(p->ms);
        int listed = p->counted && checked_all_kept(p, all);
        if (listed)
            for (uint32_t i = 0; st == XAPC_OK && i < p->keeper.n; i++)
                st = check_exact(db, p, NULL, 0, p->keeper.ids[i], &wrong);
        else {
            if (p->counted)
                st = xapc_enquire_get_mset(p->enq, 0, all, checkatleast, &check);
            for (uint32_t i = 0; st == XAPC_OK && i < xapc_mset_size(check); i++)
                st = check_exact(db, p, check, i, xapc_mset_docid(check, i), &wrong);
        }
        if (check != p->ms)
            xapc_mset_destroy(check);
        if (st != XAPC_OK || !wrong)
            break;
        xapc_mset_destroy(p->ms);
        p->ms = NULL;
        p->keeper.n = 0;
        p->keeper.overflow = 0;
        st = xapc_enquire_get_mset(p->enq, first, count, checkatleast, &p->ms);
    }
    if (st == XAPC_OK) {
        p->size = xapc_mset_size(p->ms);
        p->lower = xapc_mset_matches_lower_bound(p->ms);
        p->upper = xapc_mset_matches_upper_bound(p->ms);
        p->est = xapc_mset_matches_estimated(p->ms);
    }
    return st;
}

/* With facets: every match counted in a pass apart (facets.h), whose
 * exact count becomes the pass's bounds, as one pass over every match
 * gave them (the recheck's verdicts, the share it kept, whether every
 * match was checked on its record: counted, as run_decided sets it). */
static xapc_status_t count_all(gs_searcher_t *s, const xapc_query_t *q, pass_t *p, unsigned mask)
{
    gs_fcount_t c;
    xapc_status_t st = p->client ? gs_facets_count_client(s, q, p->verify, &p->seen, mask, &c)
                                 : gs_facets_count(s, q, p->verify, mask, p->est, &c);
    p->tally = c.tally;
    if (st != XAPC_OK)
        return st;
    p->lower = p->upper = p->est = c.matches;
    if (p->client) {
        p->exhausted = 1;
        p->approx |= c.approx;
    } else {
        p->counted = c.matches <= GS_RECHECK_ALL && c.matches > p->size;
        p->has_share = p->verify != NULL;
        p->share = c.judged ? (double)c.kept / c.judged : 1.0;
    }
    return XAPC_OK;
}

/* How many matches Xapian must look at (check_at_least): at least what the
 * page needs, and up to `exact` so that a count below it is exact, not
 * Xapian's extrapolation from the first few matches (which said "about
 * 100" for 78, and 10 for a year with 1,158).  Bounded by the documents. */
static uint32_t count_check(uint32_t need, uint32_t doccount, uint32_t exact)
{
    uint32_t check = need > exact ? need : exact;
    return check < doccount ? check : doccount;
}

/* Did the pass see every match, so that its count is exact?  Then the
 * bounds meet; with a recheck the decider's count, and if that relied on
 * word sketches, only once every match was checked on its record. */
static int pass_exact(const pass_t *p)
{
    if (p->client)
        return p->exhausted && !p->approx;
    if (p->verify && gs_verify_sketched(p->verify) && !p->counted && p->upper > p->size)
        return 0;
    return p->lower == p->upper;
}

/* An estimate is never below what was seen, nor above the index. */
static uint32_t clamp_count(uint32_t est, uint32_t lower, uint32_t doccount)
{
    if (est < lower)
        est = lower;
    return est > doccount ? doccount : est;
}

/* The count of a pass whose query is one phrase looked up by its word
 * pairs (qbuilt_t.pairs / pair_tf), when it was not counted exactly: the
 * records holding all the pairs (one pair's frequency, or their AND
 * counted by Xapian: boolean postings only, no record read) times the
 * share of the candidates the recheck kept, within the pass's bounds.
 * Xapian's own estimate treats the pairs and words as independent terms
 * and undercounted tenfold ("about 600" for 7,549).  Unchanged if the
 * count fails (an estimate is all it is). */
static uint32_t phrase_estimate(gs_searcher_t *s, const pass_t *p, const qbuilt_t *b)
{
    xapc_enquire_t *enq = NULL;
    xapc_mset_t *ms = NULL;
    uint32_t est = p->est, n = b->pair_tf;  /* one pair: its frequency is the count */
    if (!n && b->pairs && xapc_enquire_create(s->db, &enq) == XAPC_OK &&
        xapc_enquire_set_query(enq, b->pairs) == XAPC_OK &&
        xapc_enquire_get_mset(enq, 0, 0, xapc_db_doccount(s->db), &ms) == XAPC_OK)
        n = xapc_mset_matches_lower_bound(ms);
    xapc_mset_destroy(ms);
    xapc_enquire_destroy(enq);
    if (n) {
        double e = n * (p->has_share ? p->share : gs_verify_kept_share(p->verify)) + 0.5;
        est = e < (double)UINT32_MAX ? (uint32_t)e : UINT32_MAX;
    }
    if (est > p->upper)
        est = p->upper;
    return est < p->lower ? p->lower : est;
}

/* run_pass, counting the matches: exactly up to GS_COUNT_EXACT (plain
 * queries: Xapian counts postings, a few ms for thousands); a rechecked
 * query (accept/reject) up to GS_RECHECK_ALL, beyond which the decider's
 * work would only buy an estimate.  With facets run_pass counts every
 * match apart. */
static xapc_status_t run_counted(gs_searcher_t *s, const xapc_query_t *q, const vnode_t *accept,
                                 const vnode_t *reject, const gs_search_opts_t *o,
                                 uint32_t first, uint32_t count, uint32_t need, pass_t *p)
{
    uint32_t doccount = xapc_db_doccount(s->db);
    uint32_t check =
        count_check(need, doccount, accept || reject ? GS_RECHECK_ALL : GS_COUNT_EXACT);
    return run_pass(s, q, accept, reject, o, first, count, check, p);
}

/* The page's hits of pass p into r, each document read once: its summary
 * value, and with snippets its stored record (hit_record). */
static xapc_status_t take_hits(gs_results_t *r, pass_t *p, uint32_t rank0, int relaxed)
{
    for (uint32_t i = 0; p->client && i < p->size; i++) {
        r->more[r->n] = p->more[i];
        p->more[i].data = NULL;
        gs_hit_t *h = &r->hits[r->n++];
        h->rank = rank0 + i;
        h->docid = p->ids[i];
        h->score = p->weights[i];
        h->relaxed = relaxed;
        h->rec = p->recs[i];
        p->recs[i] = NULL;
    }
    uint32_t n = p->client ? 0 : xapc_mset_size(p->ms);
    for (uint32_t i = 0; i < n; i++) {
        xapc_doc_t *doc = NULL;
        xapc_status_t st = xapc_mset_document(p->ms, i, &doc);
        if (st != XAPC_OK)
            return st;
        gs_record_t *rec = hit_record(doc, p->text, &r->more[r->n]);
        xapc_doc_destroy(doc);
        if (!rec)
            continue; /* an unreadable stored record: skip it, keep the rest */
        gs_hit_t *h = &r->hits[r->n++];
        h->rank = rank0 + i;
        h->docid = xapc_mset_docid(p->ms, i);
        h->score = xapc_mset_weight(p->ms, i);
        h->relaxed = relaxed;
        h->rec = rec;
    }
    return XAPC_OK;
}

/* b->q ranked also by boost (prf.c), which adds no match: AND_MAYBE.
 * 0 ok (nothing to do without either), -1 out of memory. */
static int boosted(qbuilt_t *b, const xapc_query_t *boost)
{
    if (!b->q || !boost)
        return 0;
    xapc_query_t *pair[2] = {b->q, (xapc_query_t *)boost};
    xapc_query_t *q = xapc_query_combine(XAPC_OP_AND_MAYBE, pair, 2, 0);
    if (!q)
        return -1;
    xapc_query_destroy(b->q);
    b->q = q;
    return 0;
}

/* The strict reading's matches, when pass p (exact, from the first
 * match) holds them all on its page: the relaxed pass's reject formula as
 * those documents (gs_vn_docs), so that no relaxed candidate's record is
 * read to re-judge the strict formula.  NULL otherwise: the formula. */
static vnode_t *strict_shown(const pass_t *p, const gs_search_opts_t *o, int exact)
{
    xapc_docid_t ids[64];
    if (o->offset || !exact || p->size != p->lower || p->size > 64)
        return NULL;
    for (uint32_t i = 0; i < p->size; i++)
        ids[i] = p->client ? p->ids[i] : xapc_mset_docid(p->ms, i);
    return gs_vn_docs(ids, p->size);
}

/* One attempt: build, run strict, maybe relaxed, collect. */
static xapc_status_t search_once(gs_searcher_t *s, const gs_query_t *q, const xapc_query_t *xq_in,
                                 const xapc_query_t *boost, const gs_search_opts_t *o,
                                 gs_results_t *r, char **err)
{
    /* The proximity bonus reorders whole blocks of ten ranks: the page
     * asked for is run as the blocks it lies in, and cut out of them after. */
    const gs_search_opts_t *asked = o;
    gs_search_opts_t wide;
    int prox = q && o->proximity && o->sort == GS_SORT_RELEVANCE && o->n > 0;
    if (prox)
        o = gs_proximity_widen(o, &wide);
    gs_qenv_t env = gs_searcher_qenv(s);
    env.explain = o->explain;
    qbuilt_t strict = {0}, relaxed = {0};
    pass_t p1 = {0}, p2 = {0};
    vnode_t *seen = NULL;  /* p2's reject formula, if not strict.verify */
    xapc_status_t st = XAPC_OK;
    const xapc_query_t *xq = xq_in;
    if (q) {
        if (gs_qbuild(&env, q->root, &o->boosts, 0, &strict, &st, err) < 0)
            return st != XAPC_OK ? st : XAPC_NO_MEMORY;
        if (boosted(&strict, boost) < 0) {
            gs_qbuilt_free(&strict);
            return XAPC_NO_MEMORY;
        }
        xq = strict.q;
        gs_hlset_free(&r->hl);
        r->hl = strict.hl;
        memset(&strict.hl, 0, sizeof strict.hl);
        if (q->note)
            gs_strlist_add(&r->notes, q->note, strlen(q->note));
        note_old_schema(s, &r->notes);
        gs_searcher_note_missing(s, &r->notes);
        for (size_t i = 0; i < strict.notes.n; i++)
            gs_strlist_add(&r->notes, strict.notes.v[i], strlen(strict.notes.v[i]));
        if (!xq) {
            static const char none[] =
                "nothing to search: the query has no word to look for (it is empty, or only "
                "stop words, punctuation or a lone '*')";
            gs_strlist_add(&r->notes, none, strlen(none));
            r->exact = 1; /* nothing found, and that is certain */
            gs_qbuilt_free(&strict);
            return XAPC_OK;
        }
    }
    uint32_t need = o->offset + o->n;
    uint32_t threshold = need > 10 ? need : 10;
    uint32_t doccount = xapc_db_doccount(s->db);
    /* `similar` (no parsed query) ranks an OR of a draft's terms, which
     * matches most of the index: its total stays an estimate, at no cost. */
    st = q ? run_counted(s, xq, strict.verify, NULL, o, o->offset, o->n, threshold, &p1)
           : run_pass(s, xq, NULL, NULL, o, o->offset, o->n, threshold, &p1);
    if (st != XAPC_OK)
        goto out;
    uint32_t strict_count = p1.lower;
    r->exact = pass_exact(&p1);
    r->estimate = clamp_count(p1.est, strict_count, doccount);
    if (!r->exact && (strict.pairs || strict.pair_tf) && p1.verify)
        r->estimate = clamp_count(phrase_estimate(s, &p1, &strict), strict_count, doccount);
    int do_relax = q && o->relax && strict.can_relax && strict_count < threshold;
    if (do_relax) {
        if (gs_qbuild(&env, q->root, &o->boosts, 1, &relaxed, &st, NULL) < 0 ||
            boosted(&relaxed, boost) < 0) {
            if (st == XAPC_OK)
                st = XAPC_NO_MEMORY;
            goto out;
        }
        if (!relaxed.q) {
            do_relax = 0;
        } else {
            /* The relaxed matches the strict reading did not find, after them.
             * A strict reading that needs the recheck matches more in Xapian
             * than it means, so it is excluded by the recheck instead. */
            const xapc_query_t *pair[2] = {relaxed.q, xq};
            xapc_query_t *rest =
                strict.verify ? xapc_query_copy(relaxed.q)
                              : xapc_query_combine(XAPC_OP_AND_NOT, (xapc_query_t *const *)pair, 2, 0);
            if (!rest) {
                st = XAPC_NO_MEMORY;
                goto out;
            }
            uint32_t first = o->offset > strict_count ? o->offset - strict_count : 0;
            uint32_t shown = o->offset < strict_count ? strict_count - o->offset : 0;
            if (shown > o->n)
                shown = o->n;
            seen = strict.verify ? strict_shown(&p1, o, r->exact) : NULL;
            st = run_counted(s, rest, relaxed.verify, seen ? seen : strict.verify, o, first,
                             o->n - shown, 0, &p2);
            xapc_query_destroy(rest);
            if (st != XAPC_OK)
                goto out;
            uint32_t more = p2.est;
            if (more > 0) {
                r->relaxed = 1;
                r->exact = r->exact && pass_exact(&p2);
                r->estimate = clamp_count(r->estimate + more,
                                          strict_count + p2.lower,
                                          doccount);
            }
            /* Highlight what the relaxed reading added (synonyms etc. are the same). */
            for (size_t i = 0; i < relaxed.hl.terms.n; i++)
                if (!gs_strlist_has(&r->hl.terms, relaxed.hl.terms.v[i],
                                    strlen(relaxed.hl.terms.v[i])))
                    gs_strlist_add(&r->hl.terms, relaxed.hl.terms.v[i],
                                   strlen(relaxed.hl.terms.v[i]));
        }
    }
    r->judged = p1.keeper.calls + p2.keeper.calls;
    uint32_t cap = p1.size + p2.size;
    r->hits = calloc(cap + 1, sizeof *r->hits);
    r->more = calloc(cap + 1, sizeof *r->more);
    if (!r->hits || !r->more) {
        st = XAPC_NO_MEMORY;
        goto out;
    }
    st = take_hits(r, &p1, o->offset + 1, 0);
    if (st == XAPC_OK && p2.enq)
        st = take_hits(r, &p2, o->offset + 1 + p1.size, 1);
    if (st == XAPC_OK && prox) {
        st = gs_proximity_rerank(s, q->root, r->hits, r->more, r->n, r->n < o->n);
        r->n = gs_proximity_cut(r->hits, r->more, r->n, asked->offset + 1, asked->n);
    }
    if (st == XAPC_OK && o->explain)
        st = gs_explain_hits(s, r->hits, r->n, q ? &strict.explain : NULL, &relaxed.explain, o);
    if (st != XAPC_OK)
        goto out;
    gs_ftally_t *tallies[2] = {p1.tally, p2.tally};
    if (gs_facets_collect(r, tallies, 2, o->facets) < 0) {
        st = XAPC_NO_MEMORY;
        goto out;
    }
    if (q && o->spelling && strict.unknown.n)
        r->suggestion = gs_spelling_suggest(&env, s->spell, q->text, &strict.unknown);
out:
    if (st != XAPC_OK && err && !*err) {
        const char *why = p2.enq ? xapc_enquire_last_error(p2.enq)
                          : p1.enq ? xapc_enquire_last_error(p1.enq)
                                   : NULL;
        *err = gs_strdupf("search failed: %s", why && *why ? why : xapc_status_to_string(st));
    }
    pass_free(&p1);
    pass_free(&p2);
    gs_vn_free(seen);
    gs_qbuilt_free(&strict);
    gs_qbuilt_free(&relaxed);
    return st;
}

static void results_reset(gs_results_t *r)
{
    gs_searcher_t *s = r->s;
    char *query = r->query;
    r->query = NULL;
    gs_results_clear(r);
    memset(r, 0, sizeof *r);
    r->s = s;
    r->query = query;
}

static gs_status_t run(gs_searcher_t *s, const gs_query_t *q, const xapc_query_t *xq,
                       const xapc_query_t *boost, const char *label, const char *const *hl,
                       size_t nhl, const gs_search_opts_t *o, gs_results_t **out, char **err)
{
    *out = NULL;
    gs_results_t *r = calloc(1, sizeof *r);
    if (!r) {
        set_err(err, gs_strdupf("out of memory"));
        return GS_EINDEX;
    }
    r->s = s;
    r->query = strdup(q ? q->desc : label ? label : "");
    xapc_status_t st = XAPC_OK;
    for (int attempt = 0; attempt <= GS_SEARCH_RETRIES; attempt++) {
        char *e = NULL;
        results_reset(r);
        for (size_t i = 0; i < nhl; i++)
            gs_strlist_add(&r->hl.terms, hl[i], strlen(hl[i]));
        st = search_once(s, q, xq, boost, o, r, &e);
        /* A shard that stopped answering: left out (partial) or named (open.c). */
        if (st == XAPC_NETWORK && attempt < GS_SEARCH_RETRIES) {
            char *why = NULL;
            if (gs_searcher_reconnect(s, &why) == 0) {
                free(e);
                continue;
            }
            free(e);
            e = why;
        }
        if (attempt < GS_SEARCH_RETRIES && transient(st, attempt)) {
            free(e);
            reopen(s);
            continue;
        }
        if (st != XAPC_OK) {
            set_err(err, e ? e : gs_strdupf("search failed: %s", xapc_status_to_string(st)));
            gs_results_free(r);
            return GS_EINDEX;
        }
        free(e);
        break;
    }
    *out = r;
    return GS_OK;
}

/* run, and with --vectors (searcher/fusion.c) BM25 to the fusion's depth
 * then the fusion of its ranking with the nearest vectors. */
static gs_status_t run_fused(gs_searcher_t *s, const gs_query_t *q, const xapc_query_t *xq,
                             const xapc_query_t *boost, const char *label,
                             const char *const *hl, size_t nhl, const gs_search_opts_t *o,
                             gs_results_t **out, char **err)
{
    gs_search_opts_t wide;
    const gs_search_opts_t *ro = gs_fusion_widen(o, &wide);
    gs_status_t st = run(s, q, xq, boost, label, hl, nhl, ro, out, err);
    if (st == GS_OK && ro != o)
        st = gs_fusion_apply(s, q, o, *out, err);
    return st;
}

gs_status_t gs_search(gs_searcher_t *s, const gs_query_t *q, const gs_search_opts_t *o,
                      gs_results_t **out, char **err)
{
    xapc_query_t *boost = NULL;
    if (q && o->prf) {
        gs_status_t st = gs_prf_query(s, q, o, &boost, err);
        if (st != GS_OK) {
            *out = NULL;
            return st;
        }
    }
    gs_status_t st = run_fused(s, q, NULL, boost, NULL, NULL, 0, o, out, err);
    xapc_query_destroy(boost);
    return st;
}

gs_status_t gs_search_xquery(gs_searcher_t *s, const xapc_query_t *xq, const char *label,
                             const char *const *hl, size_t nhl,
                             const gs_search_opts_t *o, gs_results_t **out, char **err)
{
    return run_fused(s, NULL, xq, NULL, label, hl, nhl, o, out, err);
}
