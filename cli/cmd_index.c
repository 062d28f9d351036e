/* cmd_index.c - `grantsearch index`: add or update applications. */
#include "cli/cli.h"
#include "indexer/indexer.h"
#include "query/build.h" /* gs_synonyms_phrase_list */
#include "safetext/safe_text.h"
#include "vectors/vectors.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: grantsearch index [-d DB] [OPTIONS] PATH...\n"
    "       grantsearch index [-d DB] --vectors\n"
    "\n"
    "Add or update applications read from files, directories (recursively) or\n"
    "stdin (-).  Page text, the archive CSV and JSON Lines are recognised, also\n"
    "gzip-compressed.  A record replaces the one with the same number.\n"
    "\n"
    "  -d, --db DB            the index (default $GRANTSEARCH_DB, else ./grantsearch.db)\n"
    "  -f, --format FORM      auto (default), page, csv or jsonl\n"
    "  -j, --threads N        analyzer threads (default: one per core)\n"
    "  -c, --commit-every N   commit every N records (default 1000; a new index on\n"
    "                         several threads: 250)\n"
    "  -m, --max-memory MB    commit early when a batch would need more (default 1024)\n"
    "      --no-spelling      leave out the spelling data for \"did you mean\"\n"
    "      --single-writer    a fresh build with 2+ threads normally writes one\n"
    "                         shard per thread and merges them; this turns it off\n"
    "      --shards N         make DB a sharded index: N shard databases\n"
    "                         (DB/shard-00 ...), each record in the shard its\n"
    "                         number's hash says, and the stub DB/XAPIANDB that\n"
    "                         -d DB opens; later runs on DB route by themselves\n"
    "      --shard-by year    make DB a sharded index of one shard per year\n"
    "                         (DB/shard-2023 ..., DB/shard-noyear for records\n"
    "                         without one); a new year adds a shard, and a\n"
    "                         record whose year changed moves to its new shard\n"
    "      --vectors          also learn word vectors from the applications (fastText,\n"
    "                         on a sample of at most 2 million words) and store one\n"
    "                         vector per application in DB/vectors, for search\n"
    "                         --vectors; a later index run refreshes the vectors\n"
    "                         with the same model (--vectors again: a new model;\n"
    "                         --vectors without PATH: only the vectors, anew)\n"
    "  -q, --quiet            no progress line and no summary\n"
    "  -v, --verbose          print timing at the end\n"
    "  -h, --help             this text\n"
    "\n"
    "DB must be a new or empty directory or an index: a directory holding other\n"
    "files is refused (exit 1); inside an index only its own files are written.\n"
    "Problems in the input are reported as FILE:LINE: reason and skipped.\n"
    "Ctrl-C commits what is done and stops.  Exit status: 0 ok, 1 usage,\n"
    "2 some records skipped, 3 index error, 130 interrupted (work committed).\n";

static volatile int interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* The progress line on stderr: drawn over itself, erased before a message. */
static int line_drawn;

static void clear_line(void)
{
    if (line_drawn)
        fputs("\r\033[K", stderr);
    line_drawn = 0;
}

/* "N records, X MB, R records/s[, ETA m:ss]"; the last one ends the line. */
static void draw_progress(void *ctx, const gs_index_progress_t *p)
{
    (void)ctx;
    double seconds = p->seconds > 0 ? p->seconds : 1e-9;
    char eta[48] = "";
    if (!p->final && p->bytes_total > p->bytes_read && p->bytes_read > 0) {
        double left = (double)(p->bytes_total - p->bytes_read) / (p->bytes_read / seconds);
        snprintf(eta, sizeof eta, ", ETA %d:%02d", (int)left / 60, (int)left % 60);
    }
    fprintf(stderr, "\r\033[K%lu record%s, %.1f MB, %.0f records/s%s%s", p->done,
            p->done == 1 ? "" : "s", p->bytes_read / 1e6, p->done / seconds, eta,
            p->final ? "\n" : "");
    fflush(stderr);
    line_drawn = !p->final;
}

static void print_diag(void *ctx, gs_diag_level_t level, const char *file,
                       unsigned long line, const char *reason)
{
    (void)ctx;
    clear_line();
    const char *w = level == GS_DIAG_WARNING ? "warning: " : "";
    /* File names and reasons may quote what a record holds (its id): made
     * safe for the terminal. */
    gs_safe_fputs(stderr, file, GS_SAFE_LINE);
    if (line)
        fprintf(stderr, ":%lu", line);
    fprintf(stderr, ": %s", w);
    gs_safe_fputs(stderr, reason, GS_SAFE_LINE);
    fputc('\n', stderr);
}

/* DB/vectors after an index run (vectors/vectors.h): a new model when
 * retrain (--vectors), else the vector pass with the model there.  Training
 * threads: -j, else 1 (then the model is the same on every run).  0 ok, -1
 * failed (said). */
static int build_vectors(const char *db, int retrain, unsigned threads, int quiet, int verbose)
{
    gs_vectors_build_opts_t vo;
    gs_vectors_build_opts_init(&vo);
    vo.retrain = retrain;
    vo.threads = threads ? threads : 1;
    gs_vectors_stats_t vs;
    char *err = NULL;
    gs_status_t st = gs_vectors_build(db, &vo, &vs, &err);
    if (st != GS_OK) {
        gs_cli_error("index: vectors not built: %s", err ? err : gs_status_to_string(st));
        free(err);
        return -1;
    }
    if (!quiet && vs.train_words)
        fprintf(stderr, "vectors: trained on %llu words in %.1f s; %u vectors in %.1f s\n",
                (unsigned long long)vs.train_words, vs.train_s, vs.records, vs.embed_s);
    else if (verbose)
        fprintf(stderr, "vectors: %u vectors in %.1f s (model kept)\n", vs.records, vs.embed_s);
    return 0;
}

int gs_cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"threads", required_argument, NULL, 'j'},
        {"commit-every", required_argument, NULL, 'c'},
        {"max-memory", required_argument, NULL, 'm'},
        {"no-spelling", no_argument, NULL, 'S'},
        {"single-writer", no_argument, NULL, 'W'},
        {"shards", required_argument, NULL, 'N'},
        {"shard-by", required_argument, NULL, 'Y'},
        {"vectors", no_argument, NULL, 'V'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gs_index_options_t o;
    gs_index_options_init(&o);
    const char *db = NULL;
    int quiet = 0, verbose = 0, want_vectors = 0, c;
    unsigned long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:f:j:c:m:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'f': {
            int f = gs_format_by_name(optarg);
            if (f < 0) {
                gs_cli_error("index: unknown format '%s' (auto, page, csv, jsonl)", optarg);
                return gs_cli_usage(usage_text, 1);
            }
            o.format = (gs_format_t)f;
            break;
        }
        case 'j':
            if (gs_cli_parse_number(optarg, 1, 256, &v) < 0) {
                gs_cli_error("index: --threads wants a number from 1 to 256, not '%s'", optarg);
                return GS_EXIT_USAGE;
            }
            o.threads = (unsigned)v;
            break;
        case 'c':
            if (gs_cli_parse_number(optarg, 1, 100000000, &v) < 0) {
                gs_cli_error("index: --commit-every wants a positive number, not '%s'", optarg);
                return GS_EXIT_USAGE;
            }
            o.commit_every = (unsigned)v;
            break;
        case 'm':
            if (gs_cli_parse_number(optarg, 16, 1048576, &v) < 0) {
                gs_cli_error("index: --max-memory wants megabytes (at least 16), not '%s'", optarg);
                return GS_EXIT_USAGE;
            }
            o.max_memory_mb = v;
            break;
        case 'S': o.spelling = 0; break;
        case 'W': o.shards = 0; break;
        case 'V': want_vectors = 1; break;
        case 'N':
            if (gs_cli_parse_number(optarg, 1, 64, &v) < 0) {
                gs_cli_error("index: --shards wants a number from 1 to 64, not '%s'", optarg);
                return GS_EXIT_USAGE;
            }
            o.nshards = (unsigned)v;
            break;
        case 'Y':
            if (strcmp(optarg, "year") != 0) {
                gs_cli_error("index: --shard-by wants 'year', not '%s' (--shards N shards by "
                             "the number's hash)", optarg);
                return GS_EXIT_USAGE;
            }
            o.shard_by_year = 1;
            break;
        case 'q': quiet = 1; break;
        case 'v': verbose = 1; break;
        case 'h': return gs_cli_usage(usage_text, 0);
        default: return gs_cli_usage(usage_text, 1);
        }
    }
    if (o.nshards && o.shard_by_year) {
        gs_cli_error("index: --shards N and --shard-by year are two ways to shard: give one");
        return GS_EXIT_USAGE;
    }
    if (optind >= argc && want_vectors) {   /* `index --vectors`: the vectors alone */
        o.db_path = gs_cli_db_path(db);
        return build_vectors(o.db_path, 1, o.threads, quiet, verbose) ? GS_EXIT_INDEX : GS_EXIT_OK;
    }
    if (optind >= argc) {
        gs_cli_error("index: no input (give files, directories or - for stdin)");
        return gs_cli_usage(usage_text, 1);
    }
    o.db_path = gs_cli_db_path(db);
    /* Never build over the user's files: refuse a -d that holds other files. */
    char *why = NULL;
    if (gs_index_check_target(o.db_path, &why) < 0) {
        gs_cli_error("index: %s", why ? why : "out of memory");
        free(why);
        return GS_EXIT_USAGE;
    }
    if (!quiet && gs_cli_term_codes(stderr))   /* it erases its line */
        o.progress = draw_progress;
    o.verbose = verbose;
    o.diag = print_diag;
    o.stop_flag = &interrupted;
    /* The synonyms' phrases, posted by a new index (schema/phrases.h). */
    char *phrases = gs_synonyms_phrase_list(gs_cli_synonyms_path());
    if (!phrases) {
        gs_cli_error("index: out of memory");
        return GS_EXIT_INDEX;
    }
    o.phrases = phrases;

    /* Ctrl-C: finish the current record, commit, exit 130.  A second Ctrl-C
     * kills at once (SA_RESETHAND); the last commit is still intact. */
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    gs_index_result_t res;
    char *err = NULL;
    int rc = gs_index_paths(&o, (const char *const *)argv + optind, (size_t)(argc - optind),
                            &res, &err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    free(phrases);

    if (!quiet && res.reader_summary)
        fprintf(stderr, "%s\n", res.reader_summary);
    if (verbose)
        fprintf(stderr, "%lu record%s indexed into %s in %.2f s (%lu commit%s, %.1f MB read)\n",
                res.indexed, res.indexed == 1 ? "" : "s", o.db_path, res.seconds, res.commits,
                res.commits == 1 ? "" : "s", res.reader.bytes_read / 1e6);
    free(res.reader_summary);
    if (rc < 0) {
        gs_cli_error("%s", err ? err : "index error");
        free(err);
        return GS_EXIT_INDEX;
    }
    free(err);
    if (!res.interrupted && (want_vectors || gs_vectors_present(o.db_path)) &&
        build_vectors(o.db_path, want_vectors, o.threads, quiet, verbose) != 0)
        return GS_EXIT_INDEX;
    if (res.interrupted) {
        if (!quiet)
            gs_cli_error("interrupted: %lu record%s committed", res.indexed,
                         res.indexed == 1 ? "" : "s");
        return 130;
    }
    return res.reader.skipped || res.refused ? GS_EXIT_DATA : GS_EXIT_OK;
}
