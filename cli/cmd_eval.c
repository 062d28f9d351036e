/* cmd_eval.c - `grantsearch eval QRELS RUN`: nDCG, P, MAP, MRR and recall
 * of a TREC run, per query and mean.  The arithmetic is in eval/eval.c. */
#include "cli/cli.h"
#include "eval/eval.h"
#include "safetext/safe_text.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: grantsearch eval [-k N] [--recall-depth N] [--format table|json] QRELS RUN\n"
    "\n"
    "Score a TREC run against TREC relevance judgments.\n"
    "  QRELS  lines `QID 0 DOCID GRADE` (grade >= 1 is relevant)\n"
    "  RUN    lines `QID Q0 DOCID RANK SCORE TAG` (`grantsearch batch --format trec`)\n"
    "\n"
    "Prints per query and mean: nDCG@k (gain 2^grade-1, log2 discount, ideal from\n"
    "all judged documents), P@k, AP (its mean is MAP), RR (its mean is MRR) and\n"
    "recall@100.  The run is ranked by SCORE descending, ties by DOCID descending\n"
    "(as trec_eval does); RANK is ignored.  Unjudged documents count as not\n"
    "relevant; a judged query missing from the run scores 0; queries with no\n"
    "relevant judgment are skipped.  Bad lines are reported as FILE:LINE and\n"
    "skipped (exit status 2).\n"
    "\n"
    "Options:\n"
    "  -k N                 cutoff for nDCG and P (default 10)\n"
    "      --recall-depth N cutoff for recall (default 100)\n"
    "  -f, --format FMT     table (default) or json\n"
    "  -h, --help           this text\n";

/* A JSON string, escaped (qids come from user files): jansson's escaping,
 * controls as \u escapes (safe_text.h); bytes that are not UTF-8 shown as
 * \xHH, since JSON cannot carry them. */
static void json_str(FILE *out, const char *s)
{
    json_t *j = json_string(s);
    if (!j) {
        char *safe = gs_safe_strdup(s, GS_SAFE_LINE);
        j = json_string(safe ? safe : "");
        free(safe);
    }
    if (!j || gs_safe_json_dumpf(j, out, JSON_ENCODE_ANY) < 0)
        fputs("\"\"", out);
    json_decref(j);
}

static void json_query(FILE *out, const gs_eval_query *q, int k, int rk)
{
    fputs("{\"qid\":", out);
    json_str(out, q->qid);
    fprintf(out,
            ",\"in_run\":%s,\"num_rel\":%zu,\"num_ret\":%zu,\"num_rel_ret\":%zu,"
            "\"ndcg@%d\":%.6f,\"P@%d\":%.6f,\"AP\":%.6f,\"RR\":%.6f,\"recall@%d\":%.6f}",
            q->in_run ? "true" : "false", q->n_rel, q->n_ret, q->n_rel_ret, k, q->ndcg, k,
            q->prec, q->ap, q->rr, rk, q->recall);
}

static void print_json(FILE *out, const gs_eval_result *r)
{
    fprintf(out, "{\"k\":%d,\"recall_depth\":%d,\"queries\":[", r->k, r->recall_k);
    for (size_t i = 0; i < r->n; i++) {
        fputs(i ? ",\n  " : "\n  ", out);
        json_query(out, &r->q[i], r->k, r->recall_k);
    }
    fputs("],\n\"mean\":", out);
    json_query(out, &r->mean, r->k, r->recall_k);
    fprintf(out,
            ",\n\"num_queries\":%zu,\"missing_from_run\":%zu,\"skipped_no_relevant\":%zu,"
            "\"unjudged_run_queries\":%zu}\n",
            r->n, r->n_missing, r->n_norel, r->n_unjudged);
}

static void print_row(FILE *out, const gs_eval_query *q, int width)
{
    char *qid = gs_safe_strdup(q->qid, GS_SAFE_WORD);  /* from a user file */
    fprintf(out, "%-*s  %7.4f  %6.4f  %6.4f  %6.4f  %7.4f  %5zu  %5zu  %7zu%s\n", width,
            qid ? qid : "?", q->ndcg, q->prec, q->ap, q->rr, q->recall, q->n_rel, q->n_rel_ret, q->n_ret,
            q->in_run ? "" : "  (not in run)");
    free(qid);
}

static void print_table(FILE *out, const gs_eval_result *r)
{
    int width = 3;
    for (size_t i = 0; i < r->n; i++) {
        int len = (int)strlen(r->q[i].qid);
        if (len > width)
            width = len;
    }
    char ndcg[32], prec[32], rec[32];
    snprintf(ndcg, sizeof ndcg, "nDCG@%d", r->k);
    snprintf(prec, sizeof prec, "P@%d", r->k);
    snprintf(rec, sizeof rec, "R@%d", r->recall_k);
    fprintf(out, "%-*s  %7s  %6s  %6s  %6s  %7s  %5s  %5s  %7s\n", width, "qid", ndcg, prec, "AP",
            "RR", rec, "rel", "relret", "ret");
    for (size_t i = 0; i < r->n; i++)
        print_row(out, &r->q[i], width);
    print_row(out, &r->mean, width);
    fprintf(out, "# %zu quer%s; means: nDCG@%d %.4f  P@%d %.4f  MAP %.4f  MRR %.4f  R@%d %.4f\n",
            r->n, r->n == 1 ? "y" : "ies", r->k, r->mean.ndcg, r->k, r->mean.prec, r->mean.ap, r->mean.rr, r->recall_k,
            r->mean.recall);
}

int gs_cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"recall-depth", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int k = 10, rk = 100, json = 0, c;
    unsigned long num;
    optind = 1;
    while ((c = getopt_long(argc, argv, "k:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            if (gs_cli_parse_number(optarg, 1, 1000000, &num) != 0) {
                gs_cli_error("eval: -k wants a positive integer, not '%s'", optarg);
                return GS_EXIT_USAGE;
            }
            k = (int)num;
            break;
        case 'R':
            if (gs_cli_parse_number(optarg, 1, 1000000, &num) != 0) {
                gs_cli_error("eval: --recall-depth wants a positive integer, not '%s'", optarg);
                return GS_EXIT_USAGE;
            }
            rk = (int)num;
            break;
        case 'f':
            if (!strcmp(optarg, "json"))
                json = 1;
            else if (!strcmp(optarg, "table"))
                json = 0;
            else {
                gs_cli_error("eval: unknown format '%s' (table or json)", optarg);
                return GS_EXIT_USAGE;
            }
            break;
        case 'h':
            return gs_cli_usage(usage_text, 0);
        default:
            return gs_cli_usage(usage_text, 1);
        }
    }
    if (argc - optind != 2) {
        gs_cli_error("eval: want two files, QRELS and RUN");
        return gs_cli_usage(usage_text, 1);
    }
    const char *qrels_path = argv[optind], *run_path = argv[optind + 1];
    if (!strcmp(qrels_path, "-") && !strcmp(run_path, "-")) {
        gs_cli_error("eval: only one of QRELS and RUN can be stdin");
        return GS_EXIT_USAGE;
    }
    gs_eval *ev = gs_eval_new();
    if (!ev) {
        gs_cli_error("eval: out of memory");
        return GS_EXIT_DATA;
    }
    long bad_q = gs_eval_load_qrels(ev, qrels_path, stderr);
    long bad_r = bad_q < 0 ? 0 : gs_eval_load_run(ev, run_path, stderr);
    if (bad_q < 0 || bad_r < 0) {
        gs_eval_free(ev);
        return GS_EXIT_DATA;
    }
    gs_eval_result res;
    if (gs_eval_compute(ev, k, rk, &res) != 0) {
        gs_cli_error("eval: out of memory");
        gs_eval_free(ev);
        return GS_EXIT_DATA;
    }
    if (res.n == 0)
        gs_cli_error("eval: %s has no query with a relevant document", qrels_path);
    if (res.n_missing)
        gs_cli_error("eval: %zu of %zu judged queries are missing from %s; they count as 0",
                     res.n_missing, res.n, run_path);
    if (res.n_norel)
        gs_cli_error("eval: %zu judged quer%s no relevant document and %s skipped",
                     res.n_norel, res.n_norel == 1 ? "y has" : "ies have",
                     res.n_norel == 1 ? "is" : "are");
    if (res.n_unjudged)
        gs_cli_error("eval: %zu quer%s of %s %s no judgments and %s ignored", res.n_unjudged,
                     res.n_unjudged == 1 ? "y" : "ies", run_path,
                     res.n_unjudged == 1 ? "has" : "have", res.n_unjudged == 1 ? "is" : "are");
    if (json)
        print_json(stdout, &res);
    else
        print_table(stdout, &res);
    gs_eval_result_free(&res);
    gs_eval_free(ev);
    if (bad_q || bad_r) {
        gs_cli_error("eval: %ld bad lines skipped", bad_q + bad_r);
        return GS_EXIT_DATA;
    }
    return GS_EXIT_OK;
}
