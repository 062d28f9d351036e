/* cli.c - helpers shared by the subcommands (see cli.h). */
#include "cli/cli.h"
#include "safetext/safe_text.h"
#include "searcher/searcher.h"
#include "toolkit/error.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *gs_cli_db_path(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("GRANTSEARCH_DB");
    if (env && *env)
        return env;
    return "./grantsearch.db";
}

void gs_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = gs_vstrdupf(fmt, ap);
    va_end(ap);
    fputs("grantsearch: ", stderr);
    /* Messages quote queries, file names and record ids: nothing in them
     * may drive the terminal or start a line of its own. */
    if (msg)
        gs_safe_fputs(stderr, msg, GS_SAFE_LINE);
    else
        fputs(fmt, stderr);
    fputc('\n', stderr);
    free(msg);
}

const char *gs_cli_synonyms_path(void)
{
    /* No build-tree fallback: a binary must not depend on where it was
     * built; the tests set GRANTSEARCH_SYNONYMS (Makefile.am, tests/lib.sh). */
    const char *env = getenv("GRANTSEARCH_SYNONYMS");
    return env && *env ? env : GS_DATADIR "/synonyms.txt";
}

void gs_cli_synonyms_warning(const char *why)
{
    /* Once: a batch opens a searcher per thread, and the searches still run. */
    static int warned;
    if (!why || warned)
        return;
    warned = 1;
    gs_cli_error("warning: %s; abbreviations are not expanded (set GRANTSEARCH_SYNONYMS)", why);
}

void gs_cli_use_synonyms(struct gs_searcher *s)
{
    char *why = NULL;
    if (gs_searcher_set_synonyms(s, gs_cli_synonyms_path(), &why) < 0)
        gs_cli_synonyms_warning(why ? why : "out of memory reading the synonyms file");
    free(why);
}

int gs_cli_isatty(FILE *f)
{
    return isatty(fileno(f));
}

int gs_cli_term_codes(FILE *f)
{
    /* A dumb terminal (or none named) has no cursor movement or attributes. */
    const char *term = getenv("TERM");
    if (!term || !*term || !strcmp(term, "dumb"))
        return 0;
    return gs_cli_isatty(f);
}

int gs_cli_bold(FILE *f)
{
    /* https://no-color.org: any non-empty NO_COLOR turns attributes off. */
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return 0;
    return gs_cli_term_codes(f);
}

int gs_cli_is_option(const char *a, const char *shortopts)
{
    if (a[0] != '-' || !a[1])
        return 0;                   /* a word, or "-" (standard input) */
    if (a[1] == '-')
        return 1;                   /* --long, --long=value, "--" */
    if (!strchr(shortopts, a[1]) || a[1] == ':' || a[1] == '+')
        return 0;                   /* -word: a negated query word or filter */
    /* -n5 is an option with its value; -direction:x is a negated filter. */
    return !strchr(a, ':');
}

/* Does the option `a` take its value from the next argument? */
static int wants_next(const char *a, const char *shortopts, const struct option *longopts)
{
    if (a[1] == '-') {
        if (!a[2] || strchr(a, '='))
            return 0;
        /* getopt_long takes any unambiguous prefix (--form): so do we. */
        size_t len = strlen(a + 2);
        for (const struct option *o = longopts; o->name; o++)
            if (!strncmp(o->name, a + 2, len))
                return o->has_arg == required_argument;
        return 0;
    }
    const char *p = strchr(shortopts, a[1]);
    return !a[2] && p && p[1] == ':';
}

int gs_cli_options_first(int argc, char **argv, const char *shortopts,
                         const struct option *longopts, int *nargs)
{
    char **v = malloc((size_t)argc * sizeof *v);
    if (!v)
        return -1;
    int n = 0, k = 0;
    char **rest = v + argc;   /* operands are collected from the end, reversed */
    v[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {   /* everything after is an operand */
            for (int j = argc - 1; j > i; j--)
                *--rest = argv[j], k++;
            break;
        }
        if (!gs_cli_is_option(argv[i], shortopts)) {
            *--rest = argv[i];
            k++;
            continue;
        }
        v[n++] = argv[i];
        if (wants_next(argv[i], shortopts, longopts) && i + 1 < argc)
            v[n++] = argv[++i];
    }
    /* Options in order, then the operands in their order. */
    for (int i = 0; i < n; i++)
        argv[i] = v[i];
    for (int i = 0; i < k; i++)
        argv[n + i] = v[argc - 1 - i];
    free(v);
    *nargs = n + k;
    return n;
}

int gs_cli_usage(const char *usage, int is_error)
{
    fputs(usage, is_error ? stderr : stdout);
    return is_error ? GS_EXIT_USAGE : GS_EXIT_OK;
}

int gs_cli_db_only_options(int argc, char **argv, const char *usage, const char **db)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    *db = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': *db = optarg; break;
        case 'h': return gs_cli_usage(usage, 0);
        default: return gs_cli_usage(usage, 1);
        }
    }
    return -1;
}

int gs_cli_parse_number(const char *s, unsigned long min, unsigned long max,
                        unsigned long *out)
{
    /* strtoul would turn "-1" into a huge number: refuse a sign first. */
    if (!s || !*s || s[strspn(s, " \t")] == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}
