/* hits.h - the hit lines of `similar` and `batch`, in every format, printed
 * here and nowhere else (output.c prints `search`'s pages and `show`'s
 * records).  The CLI and `serve`'s API call the same functions, so an API
 * answer is byte for byte what the CLI prints.
 *
 * Formats:
 *   similar  text (GS_PRINT_BOLD), json (GS_PRINT_COMPACT = one line), tsv
 *            (RANK NUMBER SCORE STATUS YEAR TITLE SHARED); text and json
 *            carry the results' notes, as search's pages do ("Note: ..."
 *            lines under the first; "notes"), e.g. why vectors were not used
 *   batch    tsv    ID RANK NUMBER SCORE TITLE, one line per hit (none for
 *                   no hits); a failed query: "ID 0 - 0 error: MESSAGE"
 *            jsonl  one object per query: {"id","query","total",
 *                   "total_exact","results":[{rank,number,score,status,
 *                   year,title[,shared]}]}, or {"id","query","error"}
 *            trec   QID Q0 DOCID RANK SCORE TAG (DOCID = application
 *                   number; SCORE falls with RANK, since TREC tools sort
 *                   by it); a failed query prints nothing there
 *
 * Every piece of record or query text goes through the terminal-safe
 * writers (safetext/safe_text.h).
 */
#ifndef GS_OUTPUT_HITS_H
#define GS_OUTPUT_HITS_H

#include "batch/batch.h" /* gs_batch_query_t */
#include "output/output.h"
#include "precedents/similar.h"
#include "searcher/searcher.h"

#include <stdio.h>

/* ---- one hit ------------------------------------------------------------ */

/* What a hit is called: its application number, else its id, else "-". */
const char *gs_hit_number(const gs_record_t *r);
/* A new JSON object {rank, number, score (4 decimals), status, year and
 * title when known}; the caller adds more and json_decref's it. */
struct json_t *gs_hit_brief_json(const gs_hit_t *h);
/* A new JSON array of the forms hit i shares with sim's draft. */
struct json_t *gs_similar_shared_json(const gs_similar_t *sim, uint32_t i);

/* ---- similar ------------------------------------------------------------ */

/* Print sim's page in fmt (see above).  0 ok, -1 on a write error. */
int gs_similar_print(FILE *f, gs_similar_t *sim, gs_output_t fmt, unsigned flags);

/* ---- batch -------------------------------------------------------------- */

typedef enum { GS_BATCH_TSV, GS_BATCH_JSONL, GS_BATCH_TREC } gs_batch_format_t;

/* "tsv" | "jsonl" (or "json") | "trec"; -1 if unknown. */
int gs_batch_format_parse(const char *name, gs_batch_format_t *out);

/* q's text may hold a NUL or invalid UTF-8 when the line is refused: JSON
 * then gets U+FFFD for each bad byte. */

/* The hits of one query (r; sim when the line was a draft, for the shared
 * words) in fmt; tag is TREC's run tag (NULL = "grantsearch"). */
void gs_batch_print_hits(FILE *f, gs_batch_format_t fmt, const char *tag,
                         const gs_batch_query_t *q, gs_results_t *r, const gs_similar_t *sim);
/* A query that failed with msg: tsv and jsonl get an error line, trec
 * nothing (the run stays readable by trec_eval). */
void gs_batch_print_error(FILE *f, gs_batch_format_t fmt, const gs_batch_query_t *q,
                          const char *msg);

#endif /* GS_OUTPUT_HITS_H */
