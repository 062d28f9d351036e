/* stamp_lines.c - per-query times from a stream of results.
 *
 *   PROGRAM ... | bench/stamp_lines
 *
 * Copies standard input to standard output, each line prefixed with the
 * milliseconds since the previous line arrived (the first: since this
 * program started) and a tab (toolkit/clock.h).  `grantsearch batch
 * --threads 1 --format jsonl` run under `stdbuf -oL` writes one line as
 * each query finishes, so the gaps are the queries' times (plus writing a
 * line): bench/classes.sh finds the slowest queries so.
 */
#include <stdio.h>
#include <stdlib.h>

#include "toolkit/clock.h"

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    double prev = gs_clock_now();
    while (getline(&line, &cap, stdin) >= 0) {
        double now = gs_clock_now();
        printf("%.3f\t%s", (now - prev) * 1000.0, line);
        fflush(stdout);
        prev = now;
    }
    free(line);
    return 0;
}
