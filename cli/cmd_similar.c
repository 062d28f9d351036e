/* cmd_similar.c - `grantsearch similar`: past applications like a given one
 * or a draft (precedents/similar.h does the work). */
#include "cli/cli.h"
#include "output/hits.h"
#include "precedents/draft_input.h"
#include "precedents/similar.h"
#include "toolkit/buf.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: grantsearch similar [-d DB] [-n N] [--format text|json|tsv]\n"
    "                           (--id NUMBER | --file FILE | -) [FILTER...]\n"
    "\n"
    "Find the past applications most like an indexed application (--id), a draft\n"
    "in FILE, or standard input.  A draft is plain text of any length, or an\n"
    "application in any record form (page text, JSON line, archive CSV).  The\n"
    "source itself is never listed.  Each result shows its score, status and year,\n"
    "and the words it shares with the draft.  FILTERs restrict the precedents, in\n"
    "the syntax of `search`: status:winner year:2019..2021 region:пермский ...\n"
    "\n"
    "  -d, --db DB        the index (default $GRANTSEARCH_DB, else ./grantsearch.db)\n"
    "  -i, --id NUMBER    an application already in the index\n"
    "  -F, --file FILE    a draft (\"-\" = standard input)\n"
    "  -n, --limit N      results (default 10)\n"
    "  -f, --format F     text (default), json or tsv\n"
    "                     (tsv: RANK NUMBER SCORE STATUS YEAR TITLE SHARED)\n"
    "      --terms K      draft terms to search with (default 20)\n"
    "      --explain      under each result, what each draft term added to the score\n"
    "      --vectors      fuse with the applications nearest in meaning (vectors of\n"
    "                     `index --vectors`); --no-vectors: not (the default)\n"
    "  -h, --help         this text\n"
    "\n"
    "Options may come anywhere; -status:rejected and the like stay filters.\n"
    "Exit status: 0 ok, 1 usage, 2 no application with that number (--id) or an\n"
    "unreadable draft, 3 index error.\n";

/* Read a whole stream (drafts are pages, not gigabytes: 64 MB at most). */
static char *slurp(FILE *f, size_t *len)
{
    gs_buf_t b = GS_BUF_INIT;
    for (;;) {
        if (b.len >= ((size_t)64 << 20)) {
            gs_buf_free(&b);
            errno = EFBIG;
            return NULL;
        }
        if (gs_buf_reserve(&b, 65536) < 0)
            break;  /* out of memory: gs_buf_take says so */
        size_t r = fread(b.s + b.len, 1, 65536, f);
        b.len += r;
        if (r == 0) {
            if (ferror(f)) {
                gs_buf_free(&b);
                return NULL;
            }
            break;
        }
    }
    return gs_buf_take(&b, len);  /* NUL-terminated */
}

int gs_cmd_similar(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"id", required_argument, NULL, 'i'},
        {"file", required_argument, NULL, 'F'},
        {"limit", required_argument, NULL, 'n'},
        {"format", required_argument, NULL, 'f'},
        {"terms", required_argument, NULL, 'k'},
        {"explain", no_argument, NULL, 'x'},
        {"vectors", no_argument, NULL, 'V'},
        {"no-vectors", no_argument, NULL, 'W'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *id = NULL, *file = NULL;
    gs_output_t fmt = GS_OUTPUT_TEXT;
    gs_similar_opts_t o;
    gs_similar_opts_init(&o);
    int c;
    /* Options anywhere (`similar -n 2 --id X year:2019..2021 --format tsv`),
     * yet a filter such as -status:rejected stays a filter. */
    static const char shortopts[] = "+d:i:F:n:f:h";
    int nopt = gs_cli_options_first(argc, argv, shortopts, longopts, &argc);
    if (nopt < 0) {
        gs_cli_error("similar: out of memory");
        return GS_EXIT_DATA;
    }
    optind = 1;
    while ((c = getopt_long(nopt, argv, shortopts, longopts, NULL)) != -1) {
        unsigned long v;
        switch (c) {
        case 'd': db = optarg; break;
        case 'i': id = optarg; break;
        case 'F': file = optarg; break;
        case 'n':
        case 'k':
            if (gs_cli_parse_number(optarg, 1, 10000, &v) < 0) {
                gs_cli_error("similar: %s wants a number from 1 to 10000, not '%s'",
                             c == 'n' ? "-n" : "--terms", optarg);
                return gs_cli_usage(usage_text, 1);
            }
            if (c == 'n')
                o.search.n = (uint32_t)v;
            else
                o.terms.k = v;
            break;
        case 'f':
            if (gs_output_parse(optarg, &fmt) < 0) {
                gs_cli_error("similar: unknown format '%s' (text, json or tsv)", optarg);
                return gs_cli_usage(usage_text, 1);
            }
            break;
        case 'x': o.search.explain = 1; break;
        case 'V': o.search.vectors = 1; break;
        case 'W': o.search.vectors = 0; break;
        case 'h': return gs_cli_usage(usage_text, 0);
        default: return gs_cli_usage(usage_text, 1);
        }
    }
    /* The rest: "-" (standard input) and filters. */
    int use_stdin = 0;
    char *filters = NULL;
    size_t flen = 0;
    FILE *ff = open_memstream(&filters, &flen);
    if (!ff) {
        gs_cli_error("similar: out of memory");
        return GS_EXIT_DATA;
    }
    int nf = 0;
    if (optind < nopt) {   /* "-n 2 -- ..." and the like: a value went missing */
        gs_cli_error("similar: unexpected argument '%s'", argv[optind]);
        return gs_cli_usage(usage_text, 1);
    }
    for (int i = nopt; i < argc; i++) {
        if (!strcmp(argv[i], "-"))
            use_stdin = 1;
        else
            fprintf(ff, "%s%s", nf++ ? " " : "", argv[i]);
    }
    fclose(ff);
    if (file && !strcmp(file, "-")) {
        file = NULL;
        use_stdin = 1;
    }
    int sources = (id != NULL) + (file != NULL) + use_stdin;
    if (sources > 1) {
        free(filters);
        gs_cli_error("similar: give one source: --id, --file or - (standard input)");
        return gs_cli_usage(usage_text, 1);
    }
    if (sources == 0) {
        if (gs_cli_isatty(stdin)) {
            free(filters);
            gs_cli_error("similar: what should the results be like? give --id NUMBER, "
                         "--file FILE or a draft on standard input");
            return gs_cli_usage(usage_text, 1);
        }
        use_stdin = 1;
    }
    o.filters = filters;
    if (fmt == GS_OUTPUT_TSV)
        o.search.snippets = 0;  /* tsv shows none */

    char *text = NULL;
    size_t len = 0;
    if (!id) {
        FILE *in = use_stdin ? stdin : fopen(file, "rb");
        if (!in) {
            gs_cli_error("similar: cannot open %s: %s", file, strerror(errno));
            free(filters);
            return GS_EXIT_DATA;
        }
        text = slurp(in, &len);
        int e = errno;
        if (in != stdin)
            fclose(in);
        if (!text) {
            gs_cli_error("similar: cannot read %s: %s", use_stdin ? "standard input" : file,
                         strerror(e));
            free(filters);
            return GS_EXIT_DATA;
        }
    }

    gs_status_t st = GS_OK;
    char *err = NULL;
    gs_searcher_t *s = gs_searcher_open(gs_cli_db_path(db), &st, &err);
    if (!s) {
        gs_cli_error("%s", err ? err : "cannot open the index");
        free(err);
        free(text);
        free(filters);
        return GS_EXIT_INDEX;
    }
    gs_cli_use_synonyms(s);   /* filters are read as a query is; a draft's
                                 terms are searched with their equivalents */
    gs_similar_t *sim = NULL;
    if (id) {
        st = gs_similar_id(s, id, &o, &sim, &err);
    } else {
        gs_record_t *rec = gs_draft_as_record(text, len, use_stdin ? "-" : file);
        if (rec)
            st = gs_similar_record(s, rec, &o, &sim, &err);
        else
            st = gs_similar_text(s, text, len, NULL, &o, &sim, &err);
        gs_record_free(rec);
    }
    int rc = gs_status_exit(st);
    if (st != GS_OK) {
        if (st == GS_ENOTFOUND && !err)
            gs_cli_error("similar: no application numbered '%s' in the index", id);
        else
            gs_cli_error("similar: %s", err ? err : "search failed");
    } else {
        gs_cli_warn_partial("similar", gs_similar_results(sim));
        if (gs_similar_print(stdout, sim, fmt, gs_cli_bold(stdout) ? GS_PRINT_BOLD : 0) != 0 ||
            fflush(stdout) != 0) {
            gs_cli_error("similar: cannot write the results: %s", strerror(errno));
            rc = GS_EXIT_DATA;
        }
    }
    free(err);
    gs_similar_free(sim);
    gs_searcher_close(s);
    free(text);
    free(filters);
    return rc;
}
