/* fuzz_query.c - libFuzzer target: bytes as a search query, run end to end
 * on a small real index (fuzz_index.h): parse; on success build, run with
 * every facet, snippets and spelling on; highlight each hit in all three
 * styles and print the page in all three formats.
 *
 * Checked: a refused query says why and points inside the text; a parsed
 * one describes itself in the query language (the description parses to
 * itself); a search ends OK or with a message (never a raw
 * crash); results are consistent (rank order, estimate >= page). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_index.h"
#include "output/output.h"

/* Query length and term count caps are the query parser's job (issue 13,
 * item 8); until then, long inputs only measure Xapian's speed. */
#define FUZZ_QUERY_MAX 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(gs_query_t *q)
{
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    o.facets = GS_FACET_STATUS | GS_FACET_YEAR | GS_FACET_DIRECTION | GS_FACET_REGION |
               GS_FACET_CONTEST;
    gs_results_t *r = NULL;
    char *err = NULL;
    gs_status_t st = gs_search(fuzz_searcher, q, &o, &r, &err);
    if (st != GS_OK) {
        if (!err || !*err)
            abort();   /* a failure must say what failed */
        free(err);
        gs_results_free(r);
        return;
    }
    if (!r || gs_results_size(r) > o.n || gs_results_estimate(r) < gs_results_size(r))
        abort();
    for (uint32_t i = 0; i < gs_results_size(r); i++) {
        const gs_hit_t *h = gs_results_hit(r, i);
        if (!h || !h->rec || h->rank != i + 1)
            abort();
        for (int style = GS_HL_PLAIN; style <= GS_HL_HTML; style++) {
            char *snip = gs_results_snippet(r, i, (gs_hl_style_t)style);
            free(snip);
        }
    }
    for (size_t i = 0; i < gs_results_nfacets(r); i++)
        if (!gs_results_facet(r, i) || !gs_results_facet(r, i)->name)
            abort();
    gs_results_print(fuzz_devnull, r, GS_OUTPUT_TEXT, 0);
    gs_results_print(fuzz_devnull, r, GS_OUTPUT_JSON, 0);
    gs_results_print(fuzz_devnull, r, GS_OUTPUT_TSV, 0);
    gs_results_free(r);
}

/* The description is the query as parsed, in the query language: it parses
 * again, to the same description. */
static void check_describe(const gs_query_t *q)
{
    const char *d = gs_query_describe(q);
    if (!*d)
        return;
    gs_query_error_t qe;
    gs_query_t *again = gs_query_parse(fuzz_searcher, d, &qe);
    if (!again || strcmp(gs_query_describe(again), d)) {
        fprintf(stderr, "described as <%s>, which %s <%s>\n", d,
                again ? "describes as" : "fails:", again ? gs_query_describe(again) : qe.message);
        abort();
    }
    gs_query_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_QUERY_MAX)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    gs_query_error_t qe;
    memset(&qe, 0, sizeof qe);
    gs_query_t *q = gs_query_parse(fuzz_searcher, text, &qe);
    if (!q) {
        if (!qe.message[0] || qe.offset > strlen(text) || !memchr(qe.message, '\0', sizeof qe.message))
            abort();   /* a refusal names its place inside the query */
    } else {
        if (!gs_query_describe(q))
            abort();
        check_describe(q);
        run(q);
        gs_query_free(q);
    }
    free(text);
    return 0;
}
