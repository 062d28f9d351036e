/* hits.c - the hit lines of `similar` and `batch` (hits.h), and the one
 * TSV cell writer every hit line uses (internal.h). */
#include "output/hits.h"
#include "output/internal.h"
#include "corpus/record_impl.h" /* gs_utf8_check */
#include "safetext/safe_text.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Record or draft text on one line of text output. */
static void put_line(FILE *f, const char *s)
{
    gs_safe_fputs(f, s, GS_SAFE_LINE);
}

/* TSV cells never hold tabs, newlines or terminal controls. */
static void put_cell(FILE *f, const char *s)
{
    gs_safe_fputs(f, s, GS_SAFE_CELL);
}

static const char *status_of(const gs_hit_t *h)
{
    return gs_outcome_name(h->rec ? h->rec->status : GS_OUTCOME_UNKNOWN);
}

/* ---- one hit ------------------------------------------------------------ */

const char *gs_hit_number(const gs_record_t *r)
{
    if (r && r->str[GS_NUMBER] && *r->str[GS_NUMBER])
        return r->str[GS_NUMBER];
    if (r && r->str[GS_ID] && *r->str[GS_ID])
        return r->str[GS_ID];
    return "-";
}

void gs_out_tsv_cells(FILE *f, const gs_hit_t *h, const gs_col_t *cols, size_t n)
{
    const gs_record_t *rec = h->rec;
    for (size_t c = 0; c < n; c++) {
        if (c)
            fputc('\t', f);
        switch (cols[c]) {
        case GS_COL_RANK: fprintf(f, "%u", h->rank); break;
        case GS_COL_NUMBER: put_cell(f, gs_hit_number(rec)); break;
        case GS_COL_SCORE: fprintf(f, "%.4f", h->score); break;
        case GS_COL_STATUS: fputs(status_of(h), f); break;
        case GS_COL_YEAR:
            if (rec && rec->year)
                fprintf(f, "%d", rec->year);
            break;
        case GS_COL_REGION: put_cell(f, rec ? rec->str[GS_REGION] : NULL); break;
        case GS_COL_TITLE: put_cell(f, rec ? rec->str[GS_TITLE] : NULL); break;
        }
    }
}

json_t *gs_hit_brief_json(const gs_hit_t *h)
{
    json_t *o = json_object();
    json_object_set_new(o, "rank", json_integer(h->rank));
    json_object_set_new(o, "number", json_string(gs_hit_number(h->rec)));
    json_object_set_new(o, "score", json_real(round(h->score * 10000) / 10000));
    json_object_set_new(o, "status", json_string(status_of(h)));
    if (h->rec && h->rec->year)
        json_object_set_new(o, "year", json_integer(h->rec->year));
    if (h->rec && h->rec->str[GS_TITLE])
        json_object_set_new(o, "title", json_string(h->rec->str[GS_TITLE]));
    return o;
}

json_t *gs_similar_shared_json(const gs_similar_t *sim, uint32_t i)
{
    json_t *sh = json_array();
    const char *const *forms;
    size_t n = gs_similar_shared(sim, i, &forms);
    for (size_t k = 0; k < n; k++)
        json_array_append_new(sh, json_string(forms[k]));
    return sh;
}

/* ---- similar ------------------------------------------------------------ */

/* The draft's terms as [{word, term, weight}], weights to 3 decimals. */
static json_t *terms_json(const gs_similar_t *sim)
{
    json_t *terms = json_array();
    for (size_t i = 0; terms && i < gs_similar_nterms(sim); i++) {
        const gs_draft_term_t *dt = gs_similar_term(sim, i);
        json_t *t = json_object();
        json_object_set_new(t, "word", json_string(dt->form));
        json_object_set_new(t, "term", json_stringn(dt->term, dt->term_len));
        json_object_set_new(t, "weight", json_real(round(dt->weight * 1000) / 1000));
        json_array_append_new(terms, t);
    }
    return terms;
}

/* One hit of similar's JSON: the brief object, its region, the shared
 * words, --explain's entries and (not in one-line JSON) a plain snippet. */
static json_t *similar_hit_json(gs_similar_t *sim, uint32_t i, unsigned flags)
{
    gs_results_t *r = gs_similar_results(sim);
    const gs_hit_t *h = gs_results_hit(r, i);
    json_t *o = gs_hit_brief_json(h);
    if (h->rec && h->rec->str[GS_REGION])
        json_object_set_new(o, "region", json_string(h->rec->str[GS_REGION]));
    json_object_set_new(o, "shared", gs_similar_shared_json(sim, i));
    if (h->explain)
        json_object_set_new(o, "explain", gs_explain_json(h));
    if (r && !(flags & GS_PRINT_COMPACT)) {
        char *snip = gs_results_snippet(r, i, GS_HL_PLAIN);
        if (snip && *snip)
            json_object_set_new(o, "snippet", json_string(snip));
        free(snip);
    }
    return o;
}

static int similar_json(FILE *f, gs_similar_t *sim, unsigned flags)
{
    gs_results_t *r = gs_similar_results(sim);
    json_t *root = json_object();
    json_t *terms = terms_json(sim);
    json_t *hits = json_array();
    if (!root || !terms || !hits) {
        json_decref(root);
        json_decref(terms);
        json_decref(hits);
        return -1;
    }
    if (gs_similar_source(sim))
        json_object_set_new(root, "source", json_string(gs_similar_source(sim)));
    json_object_set_new(root, "terms", terms);
    json_object_set_new(root, "total", json_integer(gs_results_estimate(r)));
    json_object_set_new(root, "total_exact", json_boolean(gs_results_exact(r)));
    /* What the text page says under its first line, as search's "notes"
     * (vectors not used, and why; an old index; shards missing). */
    json_t *notes = json_array();
    for (size_t i = 0; i < gs_results_nnotes(r); i++)
        json_array_append_new(notes, json_string(gs_results_note(r, i)));
    json_object_set_new(root, "notes", notes);
    for (uint32_t i = 0; i < gs_results_size(r); i++)
        json_array_append_new(hits, similar_hit_json(sim, i, flags));
    json_object_set_new(root, "results", hits);
    size_t jf = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) |
                ((flags & GS_PRINT_COMPACT) ? JSON_COMPACT : JSON_INDENT(2));
    int rc = gs_safe_json_dumpf(root, f, jf);
    fputc('\n', f);
    json_decref(root);
    return rc == 0 ? 0 : -1;
}

/* Hit i's shared words, joined by sep, each written in mode. */
static void put_shared(FILE *f, const gs_similar_t *sim, uint32_t i, const char *first,
                       const char *sep, gs_safe_mode_t mode)
{
    const char *const *forms;
    size_t ns = gs_similar_shared(sim, i, &forms);
    for (size_t k = 0; k < ns; k++) {
        fputs(k ? sep : first, f);
        gs_safe_fputs(f, forms[k], mode);
    }
}

static int similar_tsv(FILE *f, gs_similar_t *sim)
{
    static const gs_col_t cols[] = {GS_COL_RANK,   GS_COL_NUMBER, GS_COL_SCORE,
                                    GS_COL_STATUS, GS_COL_YEAR,   GS_COL_TITLE};
    gs_results_t *r = gs_similar_results(sim);
    for (uint32_t i = 0; i < gs_results_size(r); i++) {
        gs_out_tsv_cells(f, gs_results_hit(r, i), cols, sizeof cols / sizeof cols[0]);
        fputc('\t', f);
        put_shared(f, sim, i, "", ",", GS_SAFE_CELL);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

/* "Similar to SOURCE, by: word, word, ..." (the first 12 terms). */
static void similar_heading(FILE *f, const gs_similar_t *sim)
{
    size_t nt = gs_similar_nterms(sim);
    fputs("Similar to ", f);
    put_line(f, gs_similar_source(sim) ? gs_similar_source(sim) : "the draft");
    fputs(", by:", f);
    for (size_t i = 0; i < nt && i < 12; i++) {
        fputs(i ? ", " : " ", f);
        put_line(f, gs_similar_term(sim, i)->form);
    }
    if (nt == 0)
        fputs(" (no word of the draft is in the index)", f);
    fputc('\n', f);
}

/* One hit of the text page: number, status, year, score; title; region;
 * the shared words; the snippet; --explain's lines. */
static void similar_text_hit(FILE *f, gs_similar_t *sim, uint32_t i, unsigned flags)
{
    gs_results_t *r = gs_similar_results(sim);
    const gs_hit_t *h = gs_results_hit(r, i);
    const char *b1 = (flags & GS_PRINT_BOLD) ? "\033[1m" : "";
    const char *b0 = (flags & GS_PRINT_BOLD) ? "\033[0m" : "";
    fprintf(f, "\n%2u. %s", h->rank, b1);
    put_line(f, gs_hit_number(h->rec));
    fprintf(f, "%s  %s", b0, status_of(h));
    if (h->rec && h->rec->year)
        fprintf(f, " %d", h->rec->year);
    fprintf(f, "  score %.3f\n", h->score);
    static const gs_field_t under[] = {GS_TITLE, GS_REGION};
    for (size_t k = 0; k < 2; k++)
        if (h->rec && h->rec->str[under[k]]) {
            fputs("    ", f);
            put_line(f, h->rec->str[under[k]]);
            fputc('\n', f);
        }
    fputs("    shared:", f);
    put_shared(f, sim, i, " ", ", ", GS_SAFE_LINE);
    fputc('\n', f);
    char *snip = gs_results_snippet(r, i, (flags & GS_PRINT_BOLD) ? GS_HL_ANSI : GS_HL_PLAIN);
    if (snip && *snip)
        fprintf(f, "    %s\n", snip);
    free(snip);
    gs_explain_print_text(f, h, "    ");
}

int gs_similar_print(FILE *f, gs_similar_t *sim, gs_output_t fmt, unsigned flags)
{
    if (fmt == GS_OUTPUT_JSON)
        return similar_json(f, sim, flags);
    if (fmt == GS_OUTPUT_TSV)
        return similar_tsv(f, sim);
    gs_results_t *r = gs_similar_results(sim);
    uint32_t n = gs_results_size(r);
    similar_heading(f, sim);
    for (size_t i = 0; i < gs_results_nnotes(r); i++) {
        fputs("Note: ", f);
        put_line(f, gs_results_note(r, i));
        fputc('\n', f);
    }
    if (n == 0)
        fputs("No similar applications found.\n", f);
    for (uint32_t i = 0; i < n; i++)
        similar_text_hit(f, sim, i, flags);
    return ferror(f) ? -1 : 0;
}

/* ---- batch -------------------------------------------------------------- */

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

/* A JSON Lines object {"id", "query", ...} for line q: the caller adds the
 * rest, then batch_jsonl_end writes it. */
static json_t *batch_jsonl_begin(const gs_batch_query_t *q)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_lossy(q->qid, strlen(q->qid)));
    json_object_set_new(o, "query", json_lossy(q->text, q->text_len));
    return o;
}

static void batch_jsonl_end(FILE *f, json_t *o)
{
    gs_safe_json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    fputc('\n', f);
    json_decref(o);
}

static void batch_jsonl(FILE *f, const gs_batch_query_t *q, gs_results_t *r,
                        const gs_similar_t *sim)
{
    json_t *o = batch_jsonl_begin(q);
    json_t *hits = json_array();
    json_object_set_new(o, "total", json_integer(gs_results_estimate(r)));
    json_object_set_new(o, "total_exact", json_boolean(gs_results_exact(r)));
    for (uint32_t i = 0; i < gs_results_size(r); i++) {
        json_t *x = gs_hit_brief_json(gs_results_hit(r, i));
        if (sim)
            json_object_set_new(x, "shared", gs_similar_shared_json(sim, i));
        json_array_append_new(hits, x);
    }
    json_object_set_new(o, "results", hits);
    gs_results_partial_json(r, o);
    if (gs_results_nfacets(r))  /* batch --facets: as search --format json has them */
        json_object_set_new(o, "facets", gs_results_facets_json(r));
    batch_jsonl_end(f, o);
}

/* TREC lines.  trec_eval and `eval` order a run by SCORE, not RANK.  Our
 * order is not always by score (hits of a relaxed reading come after the
 * strict ones), so the score written is made to fall with the rank: never
 * above the one before it.  Ids and docids are blank-free words. */
static void batch_trec(FILE *f, const char *tag, const gs_batch_query_t *q, gs_results_t *r)
{
    double prev = 0;
    for (uint32_t i = 0; i < gs_results_size(r); i++) {
        const gs_hit_t *h = gs_results_hit(r, i);
        double sc = h->score;
        if (i > 0 && sc >= prev)
            sc = prev - 1e-6 > 0 ? prev - 1e-6 : prev / 2;
        prev = sc;
        gs_safe_fputs(f, q->qid, GS_SAFE_WORD);
        fputs(" Q0 ", f);
        gs_safe_fputs(f, gs_hit_number(h->rec), GS_SAFE_WORD);
        fprintf(f, " %u %.6f %s\n", h->rank, sc, tag ? tag : "grantsearch");
    }
}

/* batch --facets in TSV: after the query's hits, one line per facet value
 * in the hit lines' five columns, RANK being the word "facet":
 * ID facet NAME COUNT VALUE (by count, as search prints them). */
static void batch_tsv_facets(FILE *f, const gs_batch_query_t *q, const gs_results_t *r)
{
    for (size_t k = 0; k < gs_results_nfacets(r); k++) {
        const gs_facet_t *fc = gs_results_facet(r, k);
        for (size_t i = 0; i < fc->n; i++) {
            put_cell(f, q->qid);
            fprintf(f, "\tfacet\t%s\t%u\t", fc->name, fc->values[i].count);
            put_cell(f, fc->values[i].value);
            fputc('\n', f);
        }
    }
}

static void batch_tsv(FILE *f, const gs_batch_query_t *q, gs_results_t *r)
{
    static const gs_col_t cols[] = {GS_COL_RANK, GS_COL_NUMBER, GS_COL_SCORE, GS_COL_TITLE};
    for (uint32_t i = 0; i < gs_results_size(r); i++) {
        put_cell(f, q->qid);
        fputc('\t', f);
        gs_out_tsv_cells(f, gs_results_hit(r, i), cols, sizeof cols / sizeof cols[0]);
        fputc('\n', f);
    }
    batch_tsv_facets(f, q, r);
}

void gs_batch_print_hits(FILE *f, gs_batch_format_t fmt, const char *tag,
                         const gs_batch_query_t *q, gs_results_t *r, const gs_similar_t *sim)
{
    switch (fmt) {
    case GS_BATCH_JSONL: batch_jsonl(f, q, r, sim); break;
    case GS_BATCH_TREC: batch_trec(f, tag, q, r); break;
    case GS_BATCH_TSV: batch_tsv(f, q, r); break;
    }
}

void gs_batch_print_error(FILE *f, gs_batch_format_t fmt, const gs_batch_query_t *q,
                          const char *msg)
{
    if (fmt == GS_BATCH_JSONL) {
        json_t *o = batch_jsonl_begin(q);
        json_object_set_new(o, "error", json_string(msg));
        batch_jsonl_end(f, o);
    } else if (fmt == GS_BATCH_TSV) {
        put_cell(f, q->qid);
        fputs("\t0\t-\t0\terror: ", f);
        put_cell(f, msg);
        fputc('\n', f);
    }
}
