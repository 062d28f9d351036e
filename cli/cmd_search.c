/* cmd_search.c - `grantsearch search`: parse options, run, print. */
#include "cli/cli.h"
#include "output/output.h"
#include "safetext/safe_text.h"
#include "searcher/searcher.h"
#include "toolkit/buf.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: grantsearch search [-d DB] [-n N] [--offset N] [--format text|json|tsv]\n"
    "                          [--sort relevance|date|amount|rating [--reverse]]\n"
    "                          [--boost title=3,goal=2,...] [--bm25 K1,B]\n"
    "                          [--facets status,year,direction,region,contest]\n"
    "                          [--strict] [--prf|--no-prf] [--vectors|--no-vectors]\n"
    "                          [--explain] [--fields all|summary] QUERY...\n"
    "\n"
    "Words of several arguments are joined; options may come anywhere (after --\n"
    "all is query).  -n 0 prints the count (and facets) only.  --reverse turns\n"
    "date, amount or rating order round; relevance order cannot be reversed.\n"
    "--prf: a query of up to 4 words is also ranked by the best words of its\n"
    "first 5 results (pseudo-relevance feedback; it finds no more; off by default).\n"
    "--vectors: fuse the ranking with the applications nearest in meaning (vectors\n"
    "learned by `index --vectors`; may add results with none of the words); off by default.\n"
    "--explain shows under each result what each query word (its stem, exact\n"
    "form, abbreviation, synonym) added to the score and where it occurs.\n"
    "--fields summary: JSON results without the whole record (\"fields\"), with\n"
    "\"year\": a light answer (all, the default, prints every field).\n"
    "Query language:\n"
    "  words            all should match; BM25 ranking; relaxed when few match all\n"
    "  \"a phrase\"       words in this order      =form    this exact word form\n"
    "  prefix*          words starting so        -word    without this word\n"
    "  a OR b, a AND b, a NOT b, ( ... )\n"
    "  title: goal: tasks: description: significance: geography: target: org:\n"
    "  filters: status:winner|rejected  year:2019  year:2019..2021\n"
    "           amount:500000..3000000  region:\"Пермский край\"  region:пермский\n"
    "           direction:...  contest:...  inn:...  number:...\n"
    "Exit status: 0 ok (also with no results), 1 usage or malformed query, 3 index error.\n";

int gs_cmd_search(int argc, char **argv)
{
    const char *db = NULL;
    unsigned long num;
    gs_output_t fmt = GS_OUTPUT_TEXT;
    gs_search_opts_t o;
    gs_search_opts_init(&o);
    gs_buf_t query = GS_BUF_INIT;  /* the words, joined by spaces */
    int rc = GS_EXIT_USAGE;
    char *err = NULL;
    int only_words = 0;
    unsigned fields = 0;   /* GS_PRINT_SUMMARY or 0 */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int is_opt = !only_words && a[0] == '-' && a[1] &&
                     (a[1] == '-' || !strcmp(a, "-d") || !strcmp(a, "-n") || !strcmp(a, "-h"));
        if (!is_opt) {
            if (query.len)
                gs_buf_append_byte(&query, ' ');
            if (gs_buf_append_str(&query, a) < 0)
                goto out;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_words = 1;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            rc = gs_cli_usage(usage, 0);
            goto out;
        }
        if (!strcmp(a, "--reverse")) {
            o.reverse = 1;
            continue;
        }
        if (!strcmp(a, "--strict")) {
            o.relax = 0;
            continue;
        }
        if (!strcmp(a, "--prf") || !strcmp(a, "--no-prf")) {
            o.prf = !strcmp(a, "--prf");
            continue;
        }
        if (!strcmp(a, "--vectors") || !strcmp(a, "--no-vectors")) {
            o.vectors = !strcmp(a, "--vectors");
            continue;
        }
        if (!strcmp(a, "--explain")) {
            o.explain = 1;
            continue;
        }
        /* --name=value, as getopt takes it in the other commands. */
        char name[32];
        const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
        if (eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            a = name;
            v = eq + 1;
        } else if (!v) {
            gs_cli_error("search: %s needs a value", a);
            rc = gs_cli_usage(usage, 1);
            goto out;
        } else {
            i++;
        }
        if (!strcmp(a, "-d") || !strcmp(a, "--db")) {
            db = v;
        } else if (!strcmp(a, "-n") || !strcmp(a, "--limit")) {
            if (gs_cli_parse_number(v, 0, 1000000, &num) < 0) {
                gs_cli_error("search: -n wants a number of results, not '%s'", v);
                goto out;
            }
            o.n = (uint32_t)num;
        } else if (!strcmp(a, "--offset")) {
            if (gs_cli_parse_number(v, 0, 1000000, &num) < 0) {
                gs_cli_error("search: --offset wants a number, not '%s'", v);
                goto out;
            }
            o.offset = (uint32_t)num;
        } else if (!strcmp(a, "--format")) {
            if (gs_output_parse(v, &fmt) < 0) {
                gs_cli_error("search: unknown format '%s' (text, json or tsv)", v);
                goto out;
            }
        } else if (!strcmp(a, "--fields")) {
            if (gs_output_fields_parse(v, &fields) < 0) {
                gs_cli_error("search: unknown --fields '%s' (all or summary)", v);
                goto out;
            }
        } else if (!strcmp(a, "--sort")) {
            if (!strcmp(v, "relevance"))
                o.sort = GS_SORT_RELEVANCE;
            else if (!strcmp(v, "date"))
                o.sort = GS_SORT_DATE;
            else if (!strcmp(v, "amount"))
                o.sort = GS_SORT_AMOUNT;
            else if (!strcmp(v, "rating"))
                o.sort = GS_SORT_RATING;
            else {
                gs_cli_error("search: unknown sort '%s' (relevance, date, amount or rating)", v);
                goto out;
            }
        } else if (!strcmp(a, "--boost")) {
            if (gs_boosts_parse(&o.boosts, v, &err) < 0) {
                gs_cli_error("search: %s", err);
                goto out;
            }
        } else if (!strcmp(a, "--bm25")) {
            char *e;
            double k1 = strtod(v, &e), b = -1;
            if (*e == ',')
                b = strtod(e + 1, &e);
            if (*e || k1 < 0 || k1 > 100 || b < 0 || b > 1) {
                gs_cli_error("search: --bm25 wants K1,B with K1 >= 0 and 0 <= B <= 1, e.g. "
                             "1.2,0.75; not '%s'", v);
                goto out;
            }
            o.k1 = k1;
            o.b = b;
        } else if (!strcmp(a, "--facets")) {
            if (gs_facets_parse(v, &o.facets, &err) < 0) {
                gs_cli_error("search: %s", err);
                goto out;
            }
        } else {
            gs_cli_error("search: unknown option '%s'", a);
            rc = gs_cli_usage(usage, 1);
            goto out;
        }
    }
    if (o.reverse && o.sort == GS_SORT_RELEVANCE) {
        /* Least relevant first is no order anyone wants, and silently
         * ignoring --reverse misleads: say so. */
        gs_cli_error("search: --reverse works with --sort date, amount or rating; "
                     "relevance order cannot be reversed");
        goto out;
    }
    if (!query.s) {
        gs_cli_error("search: no query given");
        rc = gs_cli_usage(usage, 1);
        goto out;
    }
    const char *path = gs_cli_db_path(db);
    gs_status_t st;
    gs_searcher_t *s = gs_searcher_open(path, &st, &err);
    if (!s) {
        gs_cli_error("%s", err);
        rc = GS_EXIT_INDEX;
        goto out;
    }
    gs_query_error_t qe;
    gs_query_t *q = gs_query_parse(s, query.s, &qe);
    if (!q) {
        gs_cli_error("malformed query: %s", qe.message);
        /* A short excerpt around the problem, made safe to print; the caret
         * counts characters, which escapes would shift, so it is left out
         * when there were any. */
        char *shown = gs_safe_strdup(qe.excerpt, GS_SAFE_LINE);
        if (shown && !strcmp(shown, qe.excerpt))
            fprintf(stderr, "  %s\n  %*s^\n", shown, (int)(qe.excerpt_column - 1), "");
        else if (shown)
            fprintf(stderr, "  %s\n", shown);
        free(shown);
        gs_searcher_close(s);
        rc = GS_EXIT_USAGE;
        goto out;
    }
    gs_cli_use_synonyms(s);   /* after the parse: a malformed query needs none */
    gs_results_t *r = NULL;
    if (gs_search(s, q, &o, &r, &err) != GS_OK) {
        gs_cli_error("%s: %s", path, err ? err : "search failed");
        rc = GS_EXIT_INDEX;
    } else {
        unsigned flags = fmt == GS_OUTPUT_TEXT && gs_cli_bold(stdout) ? GS_PRINT_BOLD : 0;
        flags |= fields;
        if (o.n == 0)
            flags |= GS_PRINT_COUNT_ONLY;
        if (fmt == GS_OUTPUT_TSV)
            gs_cli_warn_partial("search", r);
        rc = gs_results_print_query(stdout, r, query.s, fmt, flags) < 0 ? GS_EXIT_DATA : GS_EXIT_OK;
        if (fflush(stdout) != 0)
            rc = GS_EXIT_DATA;
    }
    gs_results_free(r);
    gs_query_free(q);
    gs_searcher_close(s);
out:
    free(err);
    gs_buf_free(&query);
    return rc;
}
