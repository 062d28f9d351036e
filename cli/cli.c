/* cli.c - helpers shared by the subcommands (see cli.h). */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
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
