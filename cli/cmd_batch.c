/* cmd_batch.c - `grantsearch batch`: many queries on N threads, results in
 * input order (batch/batch.h does the work). */
#include "cli/cli.h"
#include "batch/batch_search.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: grantsearch batch [-d DB] [--threads N] [-n N] [--format tsv|jsonl|trec]\n"
    "                         [--similar] [--timing] [--tag TAG] [--prf|--no-prf]\n"
    "                         [--vectors|--no-vectors]\n"
    "                         [--facets status,year,direction,region,contest] [FILE|-]\n"
    "\n"
    "Run one query per line of FILE (or standard input), each either QUERY or\n"
    "ID<TAB>QUERY (further tab-separated columns are ignored), in the syntax of\n"
    "`search`.  The query id is ID, else the 1-based line number.  Results come\n"
    "out in input order whatever the number of threads.  A bad query gives an\n"
    "error line for it (on stderr, and in tsv/jsonl output) and the batch goes on;\n"
    "the exit status is then 2.\n"
    "\n"
    "  -d, --db DB       the index (default $GRANTSEARCH_DB, else ./grantsearch.db)\n"
    "  -t, --threads N   worker threads, each with its own database handle\n"
    "                    (default: the number of cores)\n"
    "  -n, --limit N     results per query (default 10)\n"
    "  -f, --format F    tsv: ID RANK NUMBER SCORE TITLE (default)\n"
    "                    jsonl: one JSON object per query\n"
    "                    trec: QID Q0 DOCID RANK SCORE TAG, for trec_eval / `grantsearch eval`\n"
    "      --similar     each line is a draft: find applications like it (`similar`)\n"
    "      --tag TAG     the TREC run tag (default grantsearch)\n"
    "      --prf         rank a query of up to 4 words also by the best words of its\n"
    "                    first 5 results (pseudo-relevance feedback); --no-prf: not\n"
    "                    (the default)\n"
    "      --vectors     fuse with the applications nearest in meaning (`index\n"
    "                    --vectors`); --no-vectors: not (the default)\n"
    "      --facets LIST count each query's matches by these facets, as `search\n"
    "                    --facets`: jsonl a \"facets\" object as search --format json;\n"
    "                    tsv, after the query's hits, lines ID facet NAME COUNT VALUE;\n"
    "                    trec none\n"
    "      --timing      print throughput and latency to stderr:\n"
    "                    batch: queries=N threads=T total_s=X qps=Y mean_ms=A p50_ms=B p99_ms=C max_ms=D\n"
    "  -h, --help        this text\n";

int gs_cmd_batch(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"threads", required_argument, NULL, 't'},
        {"limit", required_argument, NULL, 'n'},
        {"format", required_argument, NULL, 'f'},
        {"similar", no_argument, NULL, 'S'},
        {"timing", no_argument, NULL, 'T'},
        {"tag", required_argument, NULL, 'g'},
        {"prf", no_argument, NULL, 'P'},
        {"no-prf", no_argument, NULL, 'Q'},
        {"vectors", no_argument, NULL, 'V'},
        {"no-vectors", no_argument, NULL, 'W'},
        {"facets", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    gs_batch_search_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.format = GS_BATCH_TSV;
    gs_similar_opts_init(&cfg.opts);
    cfg.opts.search.snippets = 0;   /* no output format shows them */
    cfg.opts.search.spelling = 0;
    gs_batch_opts_t bo = {0, 0};
    int timing = 0;
    unsigned long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:t:n:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 't':
            if (gs_cli_parse_number(optarg, 1, 256, &v) < 0) {
                gs_cli_error("batch: --threads wants a number from 1 to 256, not '%s'", optarg);
                return gs_cli_usage(usage_text, 1);
            }
            bo.threads = (unsigned)v;
            break;
        case 'n':
            if (gs_cli_parse_number(optarg, 1, 10000, &v) < 0) {
                gs_cli_error("batch: -n wants a number from 1 to 10000, not '%s'", optarg);
                return gs_cli_usage(usage_text, 1);
            }
            cfg.opts.search.n = (uint32_t)v;
            break;
        case 'f':
            if (gs_batch_format_parse(optarg, &cfg.format) < 0) {
                gs_cli_error("batch: unknown format '%s' (tsv, jsonl or trec)", optarg);
                return gs_cli_usage(usage_text, 1);
            }
            break;
        case 'S': cfg.similar = 1; break;
        case 'T': timing = 1; break;
        case 'P': cfg.opts.search.prf = 1; break;
        case 'Q': cfg.opts.search.prf = 0; break;
        case 'V': cfg.opts.search.vectors = 1; break;
        case 'W': cfg.opts.search.vectors = 0; break;
        case 'F': {
            char *ferr = NULL;
            if (gs_facets_parse(optarg, &cfg.opts.search.facets, &ferr) < 0) {
                gs_cli_error("batch: --facets: %s", ferr ? ferr : "bad list");
                free(ferr);
                return gs_cli_usage(usage_text, 1);
            }
            break;
        }
        case 'g':
            if (!*optarg || strpbrk(optarg, " \t\n")) {
                gs_cli_error("batch: --tag must be one word");
                return gs_cli_usage(usage_text, 1);
            }
            cfg.tag = optarg;
            break;
        case 'h': return gs_cli_usage(usage_text, 0);
        default: return gs_cli_usage(usage_text, 1);
        }
    }
    if (argc - optind > 1) {
        gs_cli_error("batch: one input file at most ('%s' is extra)", argv[optind + 1]);
        return gs_cli_usage(usage_text, 1);
    }
    const char *in_name = optind < argc ? argv[optind] : "-";
    FILE *in = stdin;
    if (strcmp(in_name, "-") != 0) {
        in = fopen(in_name, "r");
        if (!in) {
            gs_cli_error("batch: cannot open %s: %s", in_name, strerror(errno));
            return GS_EXIT_DATA;
        }
    } else {
        in_name = "<stdin>";
    }
    cfg.dbpath = gs_cli_db_path(db);
    cfg.synonyms = gs_cli_synonyms_path();
    gs_batch_worker_t w;
    gs_batch_search_worker(&cfg, &w);
    gs_batch_stats_t st;
    char *err = NULL;
    int rc = gs_batch_run(in, in_name, stdout, stderr, &w, &bo, &st, &err);
    if (in != stdin)
        fclose(in);
    gs_cli_synonyms_warning(cfg.synonyms_err);
    free(cfg.synonyms_err);
    if (cfg.vectors_note)
        gs_cli_error("batch: warning: %s; searched by BM25 alone", cfg.vectors_note);
    free(cfg.vectors_note);
    if (rc != 0) {
        gs_cli_error("batch: %s", err ? err : "failed");
        free(err);
        return cfg.open_status != GS_OK ? GS_EXIT_INDEX : GS_EXIT_DATA;
    }
    if (timing) {
        char line[512];
        gs_batch_format_timing(&st, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    return st.errors ? GS_EXIT_DATA : GS_EXIT_OK;
}
