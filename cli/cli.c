/* cli.c - helpers shared by the subcommands (see cli.h). */
#include "cli/cli.h"

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
    fputs("grantsearch: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int gs_cli_isatty(FILE *f)
{
    return isatty(fileno(f));
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
