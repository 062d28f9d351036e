/* output.c - result pages and records as text (people), JSON (programs)
 * and TSV (spreadsheets). */
#include "searcher/internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *field_or(const gs_record_t *r, gs_field_t f, const char *dflt)
{
    return r->str[f] && *r->str[f] ? r->str[f] : dflt;
}

/* TSV cells: tabs and line breaks become spaces. */
static void put_cell(FILE *f, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static const char *number_of(const gs_record_t *r)
{
    return field_or(r, GS_NUMBER, field_or(r, GS_ID, "?"));
}

static int print_text(FILE *f, gs_results_t *r, unsigned flags)
{
    /* The page shown and the estimate of the whole: "2 results (about 93)"
     * read as if only two were found. */
    if (r->n == 0)
        fprintf(f, "No results for: %s\n", r->query);
    else
        fprintf(f, "Results %u-%u of %s%u for: %s\n", r->hits[0].rank, r->hits[r->n - 1].rank,
                r->exact ? "" : "about ", r->estimate, r->query);
    if (r->relaxed)
        fputs("Few applications contain all the words: showing those first, then ones that "
              "miss some (relaxed).\n",
              f);
    if (r->suggestion)
        fprintf(f, "Did you mean: %s\n", r->suggestion);
    for (size_t i = 0; i < r->notes.n; i++)
        fprintf(f, "Note: %s\n", r->notes.v[i]);
    for (uint32_t i = 0; i < r->n; i++) {
        const gs_hit_t *h = &r->hits[i];
        const gs_record_t *rec = h->rec;
        fprintf(f, "\n%3u. %s  %s\n", h->rank, number_of(rec), field_or(rec, GS_TITLE, "(no title)"));
        fprintf(f, "     %s", gs_status_name(rec->status));
        if (rec->year)
            fprintf(f, " | %d", rec->year);
        if (rec->str[GS_REGION])
            fprintf(f, " | %s", rec->str[GS_REGION]);
        fprintf(f, " | score %.3f%s\n", h->score, h->relaxed ? " (relaxed)" : "");
        char *snip = gs_results_snippet(r, i, flags & GS_PRINT_BOLD ? GS_HL_ANSI : GS_HL_PLAIN);
        if (snip && *snip)
            fprintf(f, "     %s\n", snip);
        free(snip);
    }
    for (size_t k = 0; k < r->nfacets; k++) {
        const gs_facet_t *fc = &r->facets[k];
        fprintf(f, "\n%s:\n", fc->name);
        for (size_t i = 0; i < fc->n; i++)
            fprintf(f, "  %6u  %s\n", fc->values[i].count, fc->values[i].value);
    }
    return ferror(f) ? -1 : 0;
}

static int print_tsv(FILE *f, gs_results_t *r)
{
    fputs("rank\tnumber\tscore\tstatus\tyear\tregion\ttitle\tsnippet\n", f);
    for (uint32_t i = 0; i < r->n; i++) {
        const gs_hit_t *h = &r->hits[i];
        const gs_record_t *rec = h->rec;
        fprintf(f, "%u\t", h->rank);
        put_cell(f, number_of(rec));
        fprintf(f, "\t%.4f\t%s\t", h->score, gs_status_name(rec->status));
        if (rec->year)
            fprintf(f, "%d", rec->year);
        fputc('\t', f);
        put_cell(f, rec->str[GS_REGION]);
        fputc('\t', f);
        put_cell(f, rec->str[GS_TITLE]);
        fputc('\t', f);
        char *snip = gs_results_snippet(r, i, GS_HL_PLAIN);
        put_cell(f, snip);
        free(snip);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

/* The record as a JSON object: the same JSON the index stores (it was
 * written by gs_record_to_json), rebuilt only for the hits printed. */
static json_t *record_json(const gs_hit_t *h)
{
    char *s = gs_record_to_json(h->rec);
    json_t *j = s ? json_loads(s, 0, NULL) : NULL;
    free(s);
    return j ? j : json_object();
}

static int print_json(FILE *f, gs_results_t *r, unsigned flags)
{
    json_t *o = json_object();
    json_object_set_new(o, "query", json_string(r->query ? r->query : ""));
    json_object_set_new(o, "total", json_integer(r->estimate));
    json_object_set_new(o, "total_exact", json_boolean(r->exact));
    json_object_set_new(o, "relaxed", json_boolean(r->relaxed));
    json_object_set_new(o, "did_you_mean", r->suggestion ? json_string(r->suggestion) : json_null());
    json_t *notes = json_array();
    for (size_t i = 0; i < r->notes.n; i++)
        json_array_append_new(notes, json_string(r->notes.v[i]));
    json_object_set_new(o, "notes", notes);
    json_t *res = json_array();
    for (uint32_t i = 0; i < r->n; i++) {
        const gs_hit_t *h = &r->hits[i];
        json_t *x = json_object();
        json_object_set_new(x, "rank", json_integer(h->rank));
        json_object_set_new(x, "id", json_string(field_or(h->rec, GS_ID, number_of(h->rec))));
        json_object_set_new(x, "number", json_string(number_of(h->rec)));
        json_object_set_new(x, "score", json_real(isfinite(h->score) ? h->score : 0));
        json_object_set_new(x, "title", json_string(field_or(h->rec, GS_TITLE, "")));
        json_object_set_new(x, "status", json_string(gs_status_name(h->rec->status)));
        json_object_set_new(x, "relaxed", json_boolean(h->relaxed));
        char *snip = gs_results_snippet(r, i, GS_HL_HTML);
        json_object_set_new(x, "snippet", json_string(snip ? snip : ""));
        free(snip);
        json_object_set_new(x, "fields", record_json(h));
        json_array_append_new(res, x);
    }
    json_object_set_new(o, "results", res);
    json_t *facets = json_object();
    for (size_t k = 0; k < r->nfacets; k++) {
        json_t *fo = json_object();
        for (size_t i = 0; i < r->facets[k].n; i++)
            json_object_set_new(fo, r->facets[k].values[i].value,
                                json_integer(r->facets[k].values[i].count));
        json_object_set_new(facets, r->facets[k].name, fo);
    }
    json_object_set_new(o, "facets", facets);
    size_t jf = JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0 |
                (flags & GS_PRINT_COMPACT ? JSON_COMPACT : JSON_INDENT(2));
    int rc = json_dumpf(o, f, jf);
    fputc('\n', f);
    json_decref(o);
    return rc < 0 || ferror(f) ? -1 : 0;
}

int gs_results_print(FILE *f, gs_results_t *r, gs_output_t fmt, unsigned flags)
{
    switch (fmt) {
    case GS_OUTPUT_JSON:
        return print_json(f, r, flags);
    case GS_OUTPUT_TSV:
        return print_tsv(f, r);
    case GS_OUTPUT_TEXT:
    default:
        return print_text(f, r, flags);
    }
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

int gs_record_print(FILE *f, const gs_record_t *rec, gs_output_t fmt)
{
    if (fmt == GS_OUTPUT_JSON) {
        char *s = gs_record_to_json(rec);
        if (!s)
            return -1;
        json_t *j = json_loads(s, 0, NULL);
        free(s);
        if (!j)
            return -1;
        json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', f);
        json_decref(j);
        return ferror(f) ? -1 : 0;
    }
    if (fmt == GS_OUTPUT_TSV) {
        for (int i = 0; i < GS_NSTR; i++)
            if (rec->str[i] && *rec->str[i]) {
                fprintf(f, "%s\t", gs_field_name((gs_field_t)i));
                put_cell(f, rec->str[i]);
                fputc('\n', f);
            }
        return ferror(f) ? -1 : 0;
    }
    static const gs_field_t head[] = {GS_NUMBER, GS_TITLE, GS_CONTEST, GS_DIRECTION, GS_REGION,
                                      GS_ORG, GS_INN, GS_OGRN};
    static const gs_field_t body[] = {GS_DESCRIPTION, GS_GOAL, GS_TASKS, GS_SIGNIFICANCE,
                                      GS_GEOGRAPHY, GS_TARGET_GROUPS};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        if (rec->str[head[i]] && *rec->str[head[i]])
            fprintf(f, "%-22s %s\n", labels[head[i]], rec->str[head[i]]);
    fprintf(f, "%-22s %s", "Status", gs_status_name(rec->status));
    if (rec->str[GS_STATUS_TEXT] && *rec->str[GS_STATUS_TEXT])
        fprintf(f, " (%s)", rec->str[GS_STATUS_TEXT]);
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
    static const gs_field_t tail[] = {GS_ADDRESS, GS_WEBSITE, GS_LINK, GS_OKATO, GS_OKTMO,
                                      GS_LEVEL, GS_ID};
    for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++)
        if (rec->str[tail[i]] && *rec->str[tail[i]])
            fprintf(f, "%-22s %s\n", labels[tail[i]], rec->str[tail[i]]);
    for (size_t i = 0; i < sizeof body / sizeof body[0]; i++)
        if (rec->str[body[i]] && *rec->str[body[i]])
            fprintf(f, "\n%s:\n%s\n", labels[body[i]], rec->str[body[i]]);
    return ferror(f) ? -1 : 0;
}
