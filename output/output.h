/* output.h - result pages and records printed for people and programs:
 * text, JSON, TSV, all through the terminal-safe writers (safe_text.h).
 *
 * Rendering is the caller's: the searcher returns results (searcher.h) and
 * this prints them.
 */
#ifndef GS_OUTPUT_H
#define GS_OUTPUT_H

#include "searcher/searcher.h"

#include <stdio.h>

/* ---- output ------------------------------------------------------- */

typedef enum { GS_OUTPUT_TEXT, GS_OUTPUT_JSON, GS_OUTPUT_TSV } gs_output_t;
enum {
    GS_PRINT_BOLD = 1 << 0,     /* text: ANSI bold (only for a terminal) */
    GS_PRINT_COMPACT = 1 << 1,  /* json: one line (JSON Lines, batch) */
    GS_PRINT_COUNT_ONLY = 1 << 2, /* text: a page of 0 hits was asked for (-n 0) */
    GS_PRINT_SUMMARY = 1 << 3   /* json: results without the record's "fields",
                                   with "year" (--fields summary, fields=summary) */
};

/* --fields / fields=: "all" (0, the default) or "summary" (GS_PRINT_SUMMARY)
 * into *flag; -1 if neither. */
int gs_output_fields_parse(const char *name, unsigned *flag);

/* "text" | "json" | "tsv" -> format; -1 if unknown. */
int gs_output_parse(const char *name, gs_output_t *out);
/* Print a result page.  0 ok, -1 on a write error. */
int gs_results_print(FILE *f, gs_results_t *r, gs_output_t fmt, unsigned flags);
/* The same, with the query as the user typed it for JSON's "query" (the
 * parsed reading is "parsed"); typed NULL = the parsed reading in both. */
int gs_results_print_query(FILE *f, gs_results_t *r, const char *typed, gs_output_t fmt,
                           unsigned flags);
/* Print applications, all their fields (show): text one after another;
 * json one array of objects (even for one); tsv a header line, then one row
 * each.  0 ok, -1 on a write error or ENOMEM. */
int gs_records_print(FILE *f, const gs_record_t *const *recs, size_t n, gs_output_t fmt);

/* --explain: hit h's entries (searcher.h gs_explain_t), one line each under
 * the hit, after indent: "+3.412  кризисный → кризисн (stem): text 2, title 1". */
void gs_explain_print_text(FILE *f, const gs_hit_t *h, const char *indent);
/* The same as a JSON array, one object per entry: word, term, kind,
 * weight (rounded to 4 decimals) and wdf (an object of the fields the term
 * occurs in: "text" for the whole record, then "title", "goal" ...). */
struct json_t;
struct json_t *gs_explain_json(const gs_hit_t *h);
/* r's facets as JSON's "facets" member holds them: an object of facet
 * name to an object of value to count, by count (search --format json,
 * batch --facets). */
struct json_t *gs_results_facets_json(const gs_results_t *r);

#endif /* GS_OUTPUT_H */
