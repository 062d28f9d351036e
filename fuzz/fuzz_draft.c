/* fuzz_draft.c - libFuzzer target: bytes as a `similar` draft (stdin or
 * --file), end to end on a small real index (fuzz_index.h): the draft
 * reader (precedents/draft_input.c) decides record or prose, the draft's
 * terms are counted and selected (precedents/draft_terms.c), and `similar`
 * runs and prints them in all three formats.
 *
 * Checked: a draft read as a record has text and survives its JSON round
 * trip; the selected terms are non-empty, at most k, best first, each with
 * a surface form; `similar` ends OK or with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_index.h"
#include "fuzz/fuzz_reader.h"
#include "output/hits.h"
#include "precedents/draft_input.h"
#include "precedents/draft_terms.h"
#include "precedents/similar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The term selection on its own, with its promises checked. */
static void check_terms(const char *text, size_t len)
{
    gs_draft_t *d = gs_draft_new();
    if (!d)
        abort();
    if (gs_draft_add_text(d, gs_searcher_analyzer(fuzz_searcher), text, len, 1) != 0)
        abort();
    const gs_draft_term_t *t = NULL;
    size_t n = 0;
    gs_draft_opts_t o = {.k = 5};
    if (gs_draft_select(d, gs_searcher_db(fuzz_searcher), &o, &t, &n) != 0)
        abort();
    if (n > o.k || n > gs_draft_distinct(d))
        abort();
    for (size_t i = 0; i < n; i++) {
        if (!t[i].term || !t[i].term_len || !t[i].form || !*t[i].form || !t[i].df)
            abort();
        if (i && t[i].weight > t[i - 1].weight)
            abort();   /* best first */
        if (!gs_draft_form(d, t[i].term, t[i].term_len))
            abort();
    }
    gs_draft_free(d);
}

static void run_similar(const char *text, size_t len, const gs_record_t *rec)
{
    gs_similar_opts_t o;
    gs_similar_opts_init(&o);
    gs_similar_t *sim = NULL;
    char *err = NULL;
    gs_status_t st = rec ? gs_similar_record(fuzz_searcher, rec, &o, &sim, &err)
                         : gs_similar_text(fuzz_searcher, text, len, NULL, &o, &sim, &err);
    if (st != GS_OK) {
        if (!err || !*err)
            abort();
        free(err);
        return;
    }
    gs_similar_print(fuzz_devnull, sim, GS_OUTPUT_TEXT, 0);
    gs_similar_print(fuzz_devnull, sim, GS_OUTPUT_JSON, 0);
    gs_similar_print(fuzz_devnull, sim, GS_OUTPUT_TSV, 0);
    gs_similar_free(sim);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    gs_record_t *rec = gs_draft_as_record(text, size, "fuzz.draft");
    if (rec)
        fuzz_check_record(rec);
    check_terms(text, size);
    run_similar(text, size, rec);
    gs_record_free(rec);
    free(text);
    return 0;
}
