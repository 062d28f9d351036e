/* eval.h - score a TREC run against TREC relevance judgments (qrels).
 *
 * Pure C, no Xapian: it only reads two text files and does arithmetic, so
 * it can judge any engine's output (ours or a peer's).
 *
 * Input formats (whitespace separated; blank lines and lines starting with
 * '#' are ignored):
 *   qrels:  QID  ITER  DOCID  GRADE        e.g. "1 0 25-1-000285 2"
 *   run:    QID  Q0    DOCID  RANK  SCORE  TAG
 *
 * Conventions (the same as trec_eval where trec_eval has one):
 *   - The run is ordered by SCORE descending; ties are broken by DOCID in
 *     descending byte order, as trec_eval does.  RANK is checked to be an
 *     integer but otherwise ignored.
 *   - A document is relevant when its grade is >= 1.  Unjudged documents
 *     count as grade 0.  Negative grades count as 0.
 *   - nDCG@k: gain 2^grade - 1, discount log2(rank + 1); the ideal DCG is
 *     computed from all judged documents of the query.
 *   - P@k = relevant in top k / k (k, not the number retrieved).
 *   - AP over the whole ranked list, divided by the number of relevant
 *     documents in the qrels; RR = 1 / rank of the first relevant document;
 *     recall@R = relevant in top R / relevant in the qrels.
 *   - Evaluated queries are those of the qrels with at least one relevant
 *     document.  Such a query missing from the run scores 0 everywhere (and
 *     is counted in `n_missing`).  Queries with only non-relevant judgments
 *     are skipped (`n_norel`), like trec_eval; run queries without
 *     judgments are ignored (`n_unjudged`).
 *   - A document repeated within one query of the run, or judged twice in
 *     the qrels, is a bad line: the first occurrence is kept.
 */
#ifndef GS_EVAL_H
#define GS_EVAL_H

#include <stddef.h>
#include <stdio.h>

typedef struct gs_eval gs_eval;

/* A new, empty set of judgments and run lines.  Free with gs_eval_free(). */
gs_eval *gs_eval_new(void);
void gs_eval_free(gs_eval *ev);

/* Parse one line (NUL-terminated, may end in '\n'; it is not modified).
 * Return 1 when a judgment/run entry was added, 0 for a blank or comment
 * line, -1 for a bad line: then *why points to a static reason. */
int gs_eval_add_qrels_line(gs_eval *ev, const char *line, const char **why);
int gs_eval_add_run_line(gs_eval *ev, const char *line, const char **why);

/* Read a whole file ("-" = stdin).  Each bad line is reported on `errs`
 * (if not NULL) as "PATH:LINE: reason" and skipped.  Returns the number of
 * bad lines, or -1 when the file cannot be opened/read (reported too). */
long gs_eval_load_qrels(gs_eval *ev, const char *path, FILE *errs);
long gs_eval_load_run(gs_eval *ev, const char *path, FILE *errs);

/* Figures for one query, or their mean over the evaluated queries. */
typedef struct {
    char *qid;        /* owned by the gs_eval_result; "all" for the mean */
    int in_run;       /* 0: the query had no lines in the run */
    size_t n_rel;     /* relevant documents in the qrels */
    size_t n_ret;     /* documents retrieved in the run */
    size_t n_rel_ret; /* relevant among the retrieved */
    double ndcg;      /* nDCG@k */
    double prec;      /* P@k */
    double ap;        /* average precision */
    double rr;        /* reciprocal rank */
    double recall;    /* recall@recall_k */
} gs_eval_query;

typedef struct {
    int k;               /* cutoff for nDCG and P */
    int recall_k;        /* cutoff for recall */
    size_t n;            /* evaluated queries, in qid order (numeric when numeric) */
    gs_eval_query *q;    /* n entries */
    gs_eval_query mean;  /* mean over the n queries (sums for the counts) */
    size_t n_missing;    /* evaluated queries absent from the run */
    size_t n_norel;      /* judged queries with no relevant document: skipped */
    size_t n_unjudged;   /* run queries with no judgments: ignored */
} gs_eval_result;

/* Compute the figures.  k and recall_k must be >= 1.  Fills *out, which the
 * caller releases with gs_eval_result_free().  Returns 0, or -1 when out
 * of memory or when k < 1. */
int gs_eval_compute(const gs_eval *ev, int k, int recall_k, gs_eval_result *out);
void gs_eval_result_free(gs_eval_result *res);

#endif
