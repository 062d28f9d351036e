/* plain_xapian.c - the peer of issue 15's goals: Xapian driven directly, on
 * the same index grantsearch built, with none of grantsearch's work.
 *
 *   bench/plain_xapian DB [FILE|-] [--print] [--facets]
 *
 * One query per line.  Each query's words (quotes, '=', '-', brackets, a
 * field name before ':' and AND/OR/NOT dropped; filter tokens such as
 * status:winner, year:2021, region:"..." skipped) become the analyzer's body
 * terms (gs_analyze_word), a word ending in '*' a wildcard on its folded
 * prefix (at most 200 terms, as grantsearch), all OR'd; BM25 with
 * grantsearch's k1 = 1, b = 0.5; the top 10 docids.  No recheck, no
 * snippets, no stored record read.  --facets: also count the five facet
 * slots (status, year, direction, region, contest) over every match with
 * value spies, on a fresh enquire per query (spies add up on one
 * enquire).  Each query is timed from building the Xapian query to holding
 * the page (toolkit/clock.h).
 *
 * Prints one line per query, "MS<TAB>QUERY" (--print: also the docids), and
 * to stderr a summary in the shape of `grantsearch batch --timing`:
 *   plain: queries=N mean_ms=A p50_ms=B p99_ms=C max_ms=D
 * Exit 0, or 1 on a usage, database or query error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stemming/analyzer.h"
#include "toolkit/clock.h"
#include "schema/schema.h"
#include "xapian-c/xapc.h"

#define TOPK 10
#define WILDCARD_MAX 200
#define MAX_SUBS 256

/* Filter names of the query language: their values are not words. */
static int is_filter(const char *name, size_t n)
{
    static const char *const f[] = { "status", "year", "amount", "region", "direction",
                                     "contest", "inn", "number", NULL };
    for (size_t i = 0; f[i]; i++)
        if (strlen(f[i]) == n && memcmp(f[i], name, n) == 0)
            return 1;
    return 0;
}

/* The folded form of the first word of text (for a wildcard's prefix). */
typedef struct { char buf[GS_ANALYZER_MAX_TERM + 1]; size_t len; } first_form_t;
static int take_form(void *ctx, const gs_token_t *tok)
{
    first_form_t *f = ctx;
    if (tok->form_len > GS_ANALYZER_MAX_TERM)
        return 1;
    memcpy(f->buf, tok->form, tok->form_len);
    f->buf[tok->form_len] = '\0';
    f->len = tok->form_len;
    return 1;
}

/* Add the subquery of one cleaned word w[0..n) (star: it was prefix*). */
static void add_word(gs_analyzer_t *an, const char *w, size_t n, int star,
                     xapc_query_t **subs, size_t *nsubs)
{
    if (n == 0 || *nsubs >= MAX_SUBS)
        return;
    if (star) {
        first_form_t f = { .len = 0 };
        gs_analyze(an, w, n, 1, take_form, &f, NULL);
        if (f.len > 0)
            subs[(*nsubs)++] = xapc_query_wildcard(f.buf, f.len, WILDCARD_MAX);
        return;
    }
    char term[GS_ANALYZER_MAX_TERM + 1];
    size_t tl = gs_analyze_word(an, w, n, term, sizeof term);
    if (tl > 0)
        subs[(*nsubs)++] = xapc_query_term(term, tl, 1, 0);
}

/* Split a query line into words and build their subqueries; returns the count. */
static size_t query_subs(gs_analyzer_t *an, char *line, xapc_query_t **subs)
{
    size_t nsubs = 0;
    int in_filter_quote = 0;
    for (char *tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t")) {
        if (in_filter_quote) {                 /* region:"a b c": skip to its end */
            if (strchr(tok, '"'))
                in_filter_quote = 0;
            continue;
        }
        char *colon = strchr(tok, ':');
        if (colon && is_filter(tok, (size_t)(colon - tok))) {
            char *q = strchr(colon, '"');
            in_filter_quote = q && !strchr(q + 1, '"');
            continue;
        }
        if (colon)
            tok = colon + 1;                   /* title:word -> word */
        while (*tok == '"' || *tok == '=' || *tok == '-' || *tok == '(')
            tok++;
        size_t n = strlen(tok);
        while (n > 0 && (tok[n - 1] == '"' || tok[n - 1] == ')'))
            n--;
        int star = n > 0 && tok[n - 1] == '*';
        if (star)
            n--;
        if ((n == 2 && memcmp(tok, "OR", 2) == 0) || (n == 3 && (memcmp(tok, "AND", 3) == 0
                                                                 || memcmp(tok, "NOT", 3) == 0)))
            continue;
        add_word(an, tok, n, star, subs, &nsubs);
    }
    return nsubs;
}

/* Nearest-rank percentile of sorted v[0..n), as `grantsearch batch --timing`. */
static double percentile(const double *v, size_t n, double pct)
{
    double r = pct / 100.0 * (double)n;
    size_t rank = (size_t)r;
    if ((double)rank < r)
        rank++;
    if (rank < 1)
        rank = 1;
    return v[rank - 1];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A fresh enquire with grantsearch's BM25 and, if facets, the five facet
 * spies; NULL on failure.  The caller destroys it. */
static xapc_enquire_t *new_enquire(xapc_db_t *db, int facets)
{
    static const xapc_slot_t slots[] = { GS_SLOT_STATUS, GS_SLOT_YEAR_TEXT, GS_SLOT_DIRECTION,
                                         GS_SLOT_REGION, GS_SLOT_CONTEST };
    xapc_enquire_t *enq = NULL;
    xapc_spy_t *spy;
    if (xapc_enquire_create(db, &enq) != XAPC_OK
        || xapc_enquire_set_bm25(enq, 1.0, 0, 1, 0.5, 0.5) != XAPC_OK) {
        xapc_enquire_destroy(enq);
        return NULL;
    }
    for (size_t i = 0; facets && i < sizeof slots / sizeof slots[0]; i++)
        if (xapc_enquire_add_value_spy(enq, slots[i], &spy) != XAPC_OK) {
            xapc_enquire_destroy(enq);
            return NULL;
        }
    return enq;
}

/* Run one query line on enq (NULL: a fresh one with facet spies on db);
 * *ms receives its time.  Returns 0, or 1 on an error. */
static int run_one(xapc_db_t *db, xapc_enquire_t *enq, gs_analyzer_t *an, const char *line,
                   int print, double *ms)
{
    char *copy = strdup(line);
    xapc_query_t *subs[MAX_SUBS];
    if (!copy)
        return 1;
    double t0 = gs_clock_now();
    xapc_enquire_t *fresh = enq ? NULL : new_enquire(db, 1);
    xapc_enquire_t *e = enq ? enq : fresh;
    size_t n = query_subs(an, copy, subs);
    xapc_query_t *q = n ? xapc_query_combine(XAPC_OP_OR, subs, n, 0) : xapc_query_match_nothing();
    xapc_mset_t *ms_out = NULL;
    int rc = !e || !q || xapc_enquire_set_query(e, q) != XAPC_OK
             || xapc_enquire_get_mset(e, 0, TOPK, fresh ? xapc_db_doccount(db) : 0, &ms_out)
                    != XAPC_OK;
    *ms = (gs_clock_now() - t0) * 1000.0;
    if (rc)
        fprintf(stderr, "plain_xapian: query failed: %s: %s\n", line,
                e ? xapc_enquire_last_error(e) : "no enquire");
    printf("%.3f\t%s", *ms, line);
    if (print && ms_out)
        for (uint32_t i = 0; i < xapc_mset_size(ms_out); i++)
            printf("\t%u", (unsigned)xapc_mset_docid(ms_out, i));
    putchar('\n');
    xapc_mset_destroy(ms_out);
    xapc_enquire_destroy(fresh);
    xapc_query_destroy(q);
    for (size_t i = 0; i < n; i++)
        xapc_query_destroy(subs[i]);
    free(copy);
    return rc;
}

int main(int argc, char **argv)
{
    const char *dbpath = NULL, *file = "-";
    int print = 0, facets = 0, npos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--print") == 0)
            print = 1;
        else if (strcmp(argv[i], "--facets") == 0)
            facets = 1;
        else if (npos++ == 0)
            dbpath = argv[i];
        else
            file = argv[i];
    }
    if (!dbpath) {
        fprintf(stderr, "usage: plain_xapian DB [FILE|-] [--print] [--facets]\n");
        return 1;
    }
    FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!in) {
        perror(file);
        return 1;
    }
    char *err = NULL;
    xapc_db_t *db = NULL;
    xapc_enquire_t *enq = NULL;
    gs_analyzer_t *an = gs_analyzer_new(0);
    if (!an || xapc_db_open(dbpath, &db, &err) != XAPC_OK || (!facets && !(enq = new_enquire(db, 0)))) {
        fprintf(stderr, "plain_xapian: %s: cannot open: %s\n", dbpath, err ? err : "error");
        return 1;
    }
    size_t cap = 1024, nq = 0;
    double *times = malloc(cap * sizeof *times), sum = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int rc = 0;
    while (times && (len = getline(&line, &lcap, in)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (nq == cap) {
            double *t = realloc(times, (cap *= 2) * sizeof *t);
            if (!t)
                break;
            times = t;
        }
        rc |= run_one(db, enq, an, line, print, &times[nq]);
        sum += times[nq++];
    }
    if (nq > 0) {
        qsort(times, nq, sizeof *times, cmp_double);
        fprintf(stderr, "plain: queries=%zu mean_ms=%.3f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
                nq, sum / nq, percentile(times, nq, 50), percentile(times, nq, 99),
                times[nq - 1]);
    }
    free(line);
    free(times);
    xapc_enquire_destroy(enq);
    xapc_db_destroy(db);
    gs_analyzer_free(an);
    if (in != stdin)
        fclose(in);
    return rc;
}
