/* output.c - result pages and records as text (people), JSON (programs)
 * and TSV (spreadsheets), through searcher.h's accessors only. */
#include "output/output.h"
#include "output/hits.h"
#include "output/internal.h"
#include "output/json_writer.h"
#include "safetext/safe_text.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *field_or(const gs_record_t *r, gs_field_t f, const char *dflt)
{
    return r->str[f] && *r->str[f] ? r->str[f] : dflt;
}

/* TSV cells: tabs, line breaks, backslashes and controls escaped. */
static void put_cell(FILE *f, const char *s)
{
    gs_safe_fputs(f, s, GS_SAFE_CELL);
}

/* Record or query text on one line of text output. */
static void put_line(FILE *f, const char *s)
{
    gs_safe_fputs(f, s, GS_SAFE_LINE);
}

/* What the relaxed reading means, said in text and in the JSON notes. */
static const char relaxed_note[] =
    "few applications contain all the words: showing those first, then ones that miss some "
    "(relaxed)";

/* The first line: which hits of how many.  A page with no hits says why:
 * nothing matched, -n 0 asked for the count only, or --offset went past
 * the end. */
static void print_heading(FILE *f, const gs_results_t *r, unsigned flags)
{
    /* "about" only when the total is an estimate (search.c counts exactly
     * below a few thousand matches). */
    uint32_t n = gs_results_size(r), total = gs_results_estimate(r);
    int exact = gs_results_exact(r);
    const char *about = exact ? "" : "about ";
    if (n > 0)
        fprintf(f, "Results %u-%u of %s%u for: ", gs_results_hit(r, 0)->rank,
                gs_results_hit(r, n - 1)->rank, about, total);
    else if (total == 0)
        fputs("No results for: ", f);
    else if (flags & GS_PRINT_COUNT_ONLY)
        fprintf(f, "%s%u result%s for: ", exact ? "" : "About ", total, total == 1 ? "" : "s");
    else
        fprintf(f, "No more results (%s%u in all) for: ", about, total);
    put_line(f, gs_results_query(r));
    fputc('\n', f);
}

/* ---- --explain ------------------------------------------------------ */

void gs_explain_print_text(FILE *f, const gs_hit_t *h, const char *indent)
{
    for (size_t i = 0; i < h->nexplain; i++) {
        const gs_explain_t *e = &h->explain[i];
        fprintf(f, "%s%+.3f  ", indent, e->weight);
        if (!*e->term) { /* not a term's weight */
            fprintf(f, "(%s)\n", !strcmp(e->kind, "proximity") ? "query words near each other"
                                                              : "the rest: not a word's weight");
            continue;
        }
        put_line(f, e->word);
        fputs(" \u2192 ", f);
        put_line(f, e->term);
        fprintf(f, " (%s)", e->kind);
        const char *sep = ": ";
        if (e->wdf[0]) {
            fprintf(f, "%stext %u", sep, e->wdf[0]);
            sep = ", ";
        }
        for (int k = 0; k < GS_SF_N; k++)
            if (e->wdf[1 + k]) {
                fprintf(f, "%s%s %u", sep, gs_sfield_name(k), e->wdf[1 + k]);
                sep = ", ";
            }
        fputc('\n', f);
    }
}

json_t *gs_explain_json(const gs_hit_t *h)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < h->nexplain; i++) {
        const gs_explain_t *e = &h->explain[i];
        json_t *o = json_object(), *w = json_object();
        json_object_set_new(o, "word", json_string(e->word));
        json_object_set_new(o, "term", json_string(e->term));
        json_object_set_new(o, "kind", json_string(e->kind));
        json_object_set_new(o, "weight", json_real(round(e->weight * 10000) / 10000));
        if (e->wdf[0])
            json_object_set_new(w, "text", json_integer(e->wdf[0]));
        for (int k = 0; k < GS_SF_N; k++)
            if (e->wdf[1 + k])
                json_object_set_new(w, gs_sfield_name(k), json_integer(e->wdf[1 + k]));
        json_object_set_new(o, "wdf", w);
        json_array_append_new(a, o);
    }
    return a;
}

static int print_text(FILE *f, gs_results_t *r, unsigned flags)
{
    print_heading(f, r, flags);
    if (gs_results_relaxed(r))
        fprintf(f, "%c%s.\n", relaxed_note[0] - 'a' + 'A', relaxed_note + 1);
    if (gs_results_suggestion(r)) {
        fputs("Did you mean: ", f);
        put_line(f, gs_results_suggestion(r));
        fputc('\n', f);
    }
    for (size_t i = 0; i < gs_results_nnotes(r); i++) {
        fputs("Note: ", f);
        put_line(f, gs_results_note(r, i));
        fputc('\n', f);
    }
    for (uint32_t i = 0; i < gs_results_size(r); i++) {
        const gs_hit_t *h = gs_results_hit(r, i);
        const gs_record_t *rec = h->rec;
        fprintf(f, "\n%3u. ", h->rank);
        put_line(f, gs_hit_number(rec));
        fputs("  ", f);
        put_line(f, field_or(rec, GS_TITLE, "(no title)"));
        fprintf(f, "\n     %s", gs_outcome_name(rec->status));
        if (rec->year)
            fprintf(f, " | %d", rec->year);
        if (rec->str[GS_REGION]) {
            fputs(" | ", f);
            put_line(f, rec->str[GS_REGION]);
        }
        fprintf(f, " | score %.3f%s\n", h->score, h->relaxed ? " (relaxed)" : "");
        /* Snippets come out of gs_results_snippet already made safe. */
        char *snip = gs_results_snippet(r, i, flags & GS_PRINT_BOLD ? GS_HL_ANSI : GS_HL_PLAIN);
        if (snip && *snip)
            fprintf(f, "     %s\n", snip);
        free(snip);
        gs_explain_print_text(f, h, "     ");
    }
    for (size_t k = 0; k < gs_results_nfacets(r); k++) {
        const gs_facet_t *fc = gs_results_facet(r, k);
        fprintf(f, "\n%s:\n", fc->name);
        for (size_t i = 0; i < fc->n; i++) {
            fprintf(f, "  %6u  ", fc->values[i].count);
            put_line(f, fc->values[i].value);
            fputc('\n', f);
        }
    }
    return ferror(f) ? -1 : 0;
}

static int print_tsv(FILE *f, gs_results_t *r)
{
    static const gs_col_t cols[] = {GS_COL_RANK, GS_COL_NUMBER, GS_COL_SCORE, GS_COL_STATUS,
                                    GS_COL_YEAR, GS_COL_REGION, GS_COL_TITLE};
    fputs("rank\tnumber\tscore\tstatus\tyear\tregion\ttitle\tsnippet\n", f);
    for (uint32_t i = 0; i < gs_results_size(r); i++) {
        gs_out_tsv_cells(f, gs_results_hit(r, i), cols, sizeof cols / sizeof cols[0]);
        fputc('\t', f);
        char *snip = gs_results_snippet(r, i, GS_HL_PLAIN);
        put_cell(f, snip);
        free(snip);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

/* The record as a JSON object: the same JSON the index stores (it was
 * written by gs_record_to_json), rebuilt only for the records printed. */
static json_t *record_json(const gs_record_t *rec)
{
    char *s = gs_record_to_json(rec);
    json_t *j = s ? json_loads(s, 0, NULL) : NULL;
    free(s);
    return j ? j : json_object();
}

/* Hit i's record as the "fields" value: the stored JSON as it is when the
 * search kept it (it is what gs_record_to_json wrote, so the bytes are
 * those a parse and dump of it would give, without either: they were
 * two thirds of a search answer's time in `serve`), else rebuilt. */
static void put_fields(gs_jw_t *w, gs_results_t *r, uint32_t i)
{
    size_t len;
    const char *js = gs_results_stored_json(r, i, &len);
    if (js) {
        gs_jw_raw(w, js, len);
        return;
    }
    char *s = gs_record_to_json(gs_results_record(r, i));
    if (s)
        gs_jw_raw(w, s, strlen(s));
    else
        gs_jw_value(w, json_object());
    free(s);
}

/* One result object of the "results" array: with GS_PRINT_SUMMARY what a
 * result line shows (and the year) without the whole record, which is most
 * of an answer's bytes and time. */
static void put_result(gs_jw_t *w, gs_results_t *r, uint32_t i, unsigned flags)
{
    const gs_hit_t *h = gs_results_hit(r, i);
    gs_jw_open(w, '{');
    gs_jw_member(w, "rank", json_integer(h->rank));
    gs_jw_member(w, "id", json_string(field_or(h->rec, GS_ID, gs_hit_number(h->rec))));
    gs_jw_member(w, "number", json_string(gs_hit_number(h->rec)));
    gs_jw_member(w, "score", json_real(isfinite(h->score) ? h->score : 0));
    gs_jw_member(w, "title", json_string(field_or(h->rec, GS_TITLE, "")));
    gs_jw_member(w, "status", json_string(gs_outcome_name(h->rec->status)));
    if (flags & GS_PRINT_SUMMARY)
        gs_jw_member(w, "year", h->rec->year ? json_integer(h->rec->year) : json_null());
    gs_jw_member(w, "relaxed", json_boolean(h->relaxed));
    char *snip = gs_results_snippet(r, i, GS_HL_HTML);
    gs_jw_member(w, "snippet", json_string(snip ? snip : ""));
    free(snip);
    if (!(flags & GS_PRINT_SUMMARY)) {
        gs_jw_key(w, "fields");
        put_fields(w, r, i);
    }
    if (h->explain)
        gs_jw_member(w, "explain", gs_explain_json(h));
    gs_jw_close(w, '}');
}

/* The page as one JSON object, written member by member in the layout
 * jansson would give the whole tree (json_writer.h). */
static int print_json(FILE *f, gs_results_t *r, const char *typed, unsigned flags)
{
    gs_buf_t b = GS_BUF_INIT;
    gs_jw_t w;
    gs_jw_init(&w, &b, flags & GS_PRINT_COMPACT);
    const char *parsed = gs_results_query(r) ? gs_results_query(r) : "";
    const char *dym = gs_results_suggestion(r);
    gs_jw_open(&w, '{');
    gs_jw_member(&w, "query", json_string(typed ? typed : parsed));
    gs_jw_member(&w, "parsed", json_string(parsed));
    gs_jw_member(&w, "total", json_integer(gs_results_estimate(r)));
    gs_jw_member(&w, "total_exact", json_boolean(gs_results_exact(r)));
    gs_jw_member(&w, "relaxed", json_boolean(gs_results_relaxed(r)));
    gs_jw_member(&w, "did_you_mean", dym ? json_string(dym) : json_null());
    /* The notes are what text output says after its first line. */
    json_t *notes = json_array();
    if (gs_results_relaxed(r))
        json_array_append_new(notes, json_string(relaxed_note));
    for (size_t i = 0; i < gs_results_nnotes(r); i++)
        json_array_append_new(notes, json_string(gs_results_note(r, i)));
    gs_jw_member(&w, "notes", notes);
    json_t *partial = json_object();   /* "partial", "missing_shards" or nothing */
    gs_results_partial_json(r, partial);
    static const char *const pkeys[] = {"partial", "missing_shards"};
    for (size_t k = 0; k < 2; k++)
        gs_jw_member(&w, pkeys[k], json_incref(json_object_get(partial, pkeys[k])));
    json_decref(partial);
    gs_jw_key(&w, "results");
    gs_jw_open(&w, '[');
    for (uint32_t i = 0; i < gs_results_size(r); i++)
        put_result(&w, r, i, flags);
    gs_jw_close(&w, ']');
    gs_jw_member(&w, "facets", gs_results_facets_json(r));
    gs_jw_close(&w, '}');
    gs_buf_append_byte(&b, '\n');
    int rc = gs_jw_flush(&w, f);
    gs_buf_free(&b);
    return rc < 0 || ferror(f) ? -1 : 0;
}

json_t *gs_results_facets_json(const gs_results_t *r)
{
    json_t *facets = json_object();
    for (size_t k = 0; k < gs_results_nfacets(r); k++) {
        json_t *fo = json_object();
        for (size_t i = 0; i < gs_results_facet(r, k)->n; i++)
            json_object_set_new(fo, gs_results_facet(r, k)->values[i].value,
                                json_integer(gs_results_facet(r, k)->values[i].count));
        json_object_set_new(facets, gs_results_facet(r, k)->name, fo);
    }
    return facets;
}

int gs_results_print_query(FILE *f, gs_results_t *r, const char *typed, gs_output_t fmt,
                           unsigned flags)
{
    switch (fmt) {
    case GS_OUTPUT_JSON:
        return print_json(f, r, typed, flags);
    case GS_OUTPUT_TSV:
        return print_tsv(f, r);
    case GS_OUTPUT_TEXT:
    default:
        return print_text(f, r, flags);
    }
}

int gs_results_print(FILE *f, gs_results_t *r, gs_output_t fmt, unsigned flags)
{
    return gs_results_print_query(f, r, NULL, fmt, flags);
}

/* ---- one record (show) ---------------------------------------------- */

static const char *const labels[GS_NSTR] = {
    [GS_ID] = "Id", [GS_NUMBER] = "Number", [GS_TITLE] = "Title",
    [GS_STATUS_TEXT] = "Status (as published)", [GS_CONTEST] = "Contest",
    [GS_DIRECTION] = "Direction", [GS_REGION] = "Region", [GS_ORG] = "Organization",
    [GS_INN] = "INN", [GS_OGRN] = "OGRN", [GS_DESCRIPTION] = "Description",
    [GS_GOAL] = "Goal", [GS_TASKS] = "Tasks", [GS_SIGNIFICANCE] = "Social significance",
    [GS_GEOGRAPHY] = "Geography", [GS_TARGET_GROUPS] = "Target groups",
    [GS_ADDRESS] = "Address", [GS_WEBSITE] = "Website", [GS_LINK] = "Link",
    [GS_OKATO] = "OKATO", [GS_OKTMO] = "OKTMO", [GS_LEVEL] = "Level",
};

static void print_date(FILE *f, const char *label, int32_t d)
{
    if (d > 0)
        fprintf(f, "%-22s %04d-%02d-%02d\n", label, d / 10000, d / 100 % 100, d % 100);
}

static void print_money(FILE *f, const char *label, double v)
{
    if (!isnan(v))
        fprintf(f, "%-22s %.2f\n", label, v);
}

/* "Label                  value" for a short field. */
static void print_labelled(FILE *f, const char *label, const char *v)
{
    fprintf(f, "%-22s ", label);
    put_line(f, v);
    fputc('\n', f);
}

static void print_record_text(FILE *f, const gs_record_t *rec)
{
    static const gs_field_t head[] = {GS_NUMBER, GS_TITLE, GS_CONTEST, GS_DIRECTION, GS_REGION,
                                      GS_ORG, GS_INN, GS_OGRN};
    static const gs_field_t body[] = {GS_DESCRIPTION, GS_GOAL, GS_TASKS, GS_SIGNIFICANCE,
                                      GS_GEOGRAPHY, GS_TARGET_GROUPS};
    static const gs_field_t tail[] = {GS_ADDRESS, GS_WEBSITE, GS_LINK, GS_OKATO, GS_OKTMO,
                                      GS_LEVEL, GS_ID};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        if (rec->str[head[i]] && *rec->str[head[i]])
            print_labelled(f, labels[head[i]], rec->str[head[i]]);
    fprintf(f, "%-22s %s", "Status", gs_outcome_name(rec->status));
    if (rec->str[GS_STATUS_TEXT] && *rec->str[GS_STATUS_TEXT]) {
        fputs(" (", f);
        put_line(f, rec->str[GS_STATUS_TEXT]);
        fputc(')', f);
    }
    fputc('\n', f);
    if (rec->year)
        fprintf(f, "%-22s %d\n", "Year", rec->year);
    print_date(f, "Submitted", rec->date);
    print_date(f, "Start", rec->start);
    print_date(f, "End", rec->end);
    print_money(f, "Amount", rec->amount);
    print_money(f, "Co-funding", rec->cofunding);
    print_money(f, "Total cost", rec->total);
    if (!isnan(rec->rating))
        fprintf(f, "%-22s %g\n", "Rating", rec->rating);
    for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++)
        if (rec->str[tail[i]] && *rec->str[tail[i]])
            print_labelled(f, labels[tail[i]], rec->str[tail[i]]);
    for (size_t i = 0; i < sizeof body / sizeof body[0]; i++)
        if (rec->str[body[i]] && *rec->str[body[i]]) {
            fprintf(f, "\n%s:\n", labels[body[i]]);
            gs_safe_fputs(f, rec->str[body[i]], GS_SAFE_BLOCK);
            fputc('\n', f);
        }
}

/* The TSV columns of `show`: every key gs_record_to_json can write, in its
 * order (the string fields with "status" after "title", then the numbers
 * and dates).  n is set to the count; the names are static. */
static size_t tsv_columns(const char *cols[GS_NSTR + 9])
{
    static const char *const tail[] = {"year", "date", "start", "end",
                                       "amount", "cofunding", "total", "rating"};
    size_t n = 0;
    for (int i = 0; i < GS_NSTR; i++) {
        if (i == GS_STATUS_TEXT)
            cols[n++] = "status";
        cols[n++] = gs_field_name((gs_field_t)i);
    }
    for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++)
        cols[n++] = tail[i];
    return n;
}

/* One TSV cell from a JSON value: strings escaped, numbers as JSON writes
 * them, absent = empty. */
static void put_json_cell(FILE *f, const json_t *v)
{
    if (json_is_string(v)) {
        put_cell(f, json_string_value(v));
    } else if (json_is_integer(v)) {
        fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        double d = json_real_value(v);
        if (d == floor(d) && fabs(d) < 1e15)
            fprintf(f, "%.0f", d);
        else
            fprintf(f, "%.15g", d);
    }
}

int gs_records_print(FILE *f, const gs_record_t *const *recs, size_t n, gs_output_t fmt)
{
    if (fmt == GS_OUTPUT_JSON) {
        /* Always one array, so that the output is one JSON document
         * whatever the count. */
        json_t *a = json_array();
        for (size_t i = 0; a && i < n; i++)
            json_array_append_new(a, record_json(recs[i]));
        if (!a || gs_safe_json_dumpf(a, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0) {
            json_decref(a);
            return -1;
        }
        fputc('\n', f);
        json_decref(a);
        return ferror(f) ? -1 : 0;
    }
    if (fmt == GS_OUTPUT_TSV) {
        const char *cols[GS_NSTR + 9];
        size_t nc = tsv_columns(cols);
        for (size_t c = 0; c < nc; c++)
            fprintf(f, "%s%c", cols[c], c + 1 < nc ? '\t' : '\n');
        for (size_t i = 0; i < n; i++) {
            json_t *j = record_json(recs[i]);
            for (size_t c = 0; c < nc; c++) {
                put_json_cell(f, json_object_get(j, cols[c]));
                fputc(c + 1 < nc ? '\t' : '\n', f);
            }
            json_decref(j);
        }
        return ferror(f) ? -1 : 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs("\n----\n\n", f);
        print_record_text(f, recs[i]);
    }
    return ferror(f) ? -1 : 0;
}

int gs_output_fields_parse(const char *name, unsigned *flag)
{
    if (!strcmp(name, "all"))
        *flag = 0;
    else if (!strcmp(name, "summary"))
        *flag = GS_PRINT_SUMMARY;
    else
        return -1;
    return 0;
}

int gs_output_parse(const char *name, gs_output_t *out)
{
    if (!strcmp(name, "text"))
        *out = GS_OUTPUT_TEXT;
    else if (!strcmp(name, "json"))
        *out = GS_OUTPUT_JSON;
    else if (!strcmp(name, "tsv"))
        *out = GS_OUTPUT_TSV;
    else
        return -1;
    return 0;
}
