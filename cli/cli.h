/* cli.h - what every `grantsearch` subcommand shares: exit codes, the
 * database path rule, error printing.  Each subcommand lives in its own
 * cli/cmd_*.c as `int gs_cmd_NAME(int argc, char **argv)` (argv[0] is the
 * subcommand name) and returns one of the exit codes below. */
#ifndef GS_CLI_H
#define GS_CLI_H

#include <stdio.h>

enum {
    GS_EXIT_OK = 0,
    GS_EXIT_USAGE = 1,  /* bad command line */
    GS_EXIT_DATA = 2,   /* bad input data (some records or queries were refused) */
    GS_EXIT_INDEX = 3   /* the index could not be opened, written or read */
};

/* The database path: `opt` if given, else $GRANTSEARCH_DB, else "./grantsearch.db". */
const char *gs_cli_db_path(const char *opt);

/* Give searcher s the synonyms file: $GRANTSEARCH_SYNONYMS, else the
 * installed one (configure's pkgdatadir); a file that cannot be read is a
 * warning (gs_cli_synonyms_warning) and abbreviations are not expanded. */
struct gs_searcher;
void gs_cli_use_synonyms(struct gs_searcher *s);
const char *gs_cli_synonyms_path(void);
/* The warning for an unreadable synonyms file, `why` as the searcher says it
 * (printed once per process; NULL = nothing to say). */
void gs_cli_synonyms_warning(const char *why);

/* "grantsearch: " + message + newline, on stderr. */
void gs_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Is this stream a terminal (for progress lines and bold highlights)? */
int gs_cli_isatty(FILE *f);

/* May f get terminal control codes (the progress line's erase-line)?  A
 * terminal, TERM set and not "dumb". */
int gs_cli_term_codes(FILE *f);

/* Bold highlights on f: gs_cli_term_codes, and NO_COLOR unset or empty. */
int gs_cli_bold(FILE *f);

/* Is argument a an option of a command whose short options are shortopts
 * (getopt syntax)?  "-" and words starting with '-' that are no option
 * ("-спорт", "-status:rejected", "-direction:x") are operands. */
int gs_cli_is_option(const char *a, const char *shortopts);

/* Options anywhere, as `search` takes them: reorder argv[1..argc) so that
 * the options (with their values) come first, then the operands in their
 * order ("--" dropped: what follows it is all operands).  Returns n, the
 * count of argv[0] and the option arguments: run getopt_long(n, argv, ...)
 * on them alone, and the operands are argv[n..argc - dropped "--"); -1 on
 * ENOMEM.  *nargs gets the new argc.  The strings are not copied. */
struct option;
int gs_cli_options_first(int argc, char **argv, const char *shortopts,
                         const struct option *longopts, int *nargs);

/* Print `usage` to stdout for --help (exit 0), or to stderr after an
 * error (exit 1); returns the exit code to use. */
int gs_cli_usage(const char *usage, int is_error);

/* Options of a subcommand whose only ones are -d/--db DB and -h/--help
 * (delete, stats): *db gets the -d argument (NULL without one) and optind
 * the first operand.  Returns -1 when the subcommand goes on, else the exit
 * code to return at once (usage printed: --help, or a bad option). */
int gs_cli_db_only_options(int argc, char **argv, const char *usage, const char **db);

/* A whole decimal number from min to max for an option's value: 0 with
 * *out, or -1 for anything else (empty, negative, trailing text, overflow). */
int gs_cli_parse_number(const char *s, unsigned long min, unsigned long max,
                        unsigned long *out);

/* Take --on-shard-failure error|partial and --shard-timeout MS (and their
 * environment variables) out of argv[1..*argc) and set the searcher's shard
 * policy (shard_opts.c).  0, or -1 after a message (a bad value). */
int gs_cli_shard_options(int *argc, char **argv);
/* For outputs with no place for the partial-result note (search's TSV,
 * similar's every format): say on stderr which shards were left out. */
struct gs_results;
void gs_cli_warn_partial(const char *cmd, const struct gs_results *r);

/* Subcommands. */
int gs_cmd_index(int argc, char **argv);
int gs_cmd_delete(int argc, char **argv);
int gs_cmd_compact(int argc, char **argv);
int gs_cmd_stats(int argc, char **argv);
int gs_cmd_search(int argc, char **argv);
int gs_cmd_show(int argc, char **argv);
int gs_cmd_similar(int argc, char **argv);
int gs_cmd_batch(int argc, char **argv);
int gs_cmd_eval(int argc, char **argv);
int gs_cmd_serve(int argc, char **argv);

#endif
