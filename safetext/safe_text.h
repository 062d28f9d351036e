/* safe_text.h - record and query text made safe to print.
 *
 * Record text comes from files anyone can write: a title holding
 * "\033]0;title\007" or "\033[2J" would retitle or clear the user's
 * terminal, and a tab or newline inside a TSV cell would shift the columns.
 * Every human and line-based output (text, TSV, TREC, messages on stderr)
 * prints such text through these functions; JSON goes through
 * gs_safe_json_dumpf.  One rule decides what is unsafe: C0 controls, DEL,
 * C1 controls (U+0080..U+009F) and bytes that are not valid UTF-8.  They
 * are shown, not dropped, so nothing is silently lost:
 *
 *   C0 and DEL      \x1b  \x7f         (lower-case hex)
 *   C1              \u009b
 *   invalid UTF-8   \xff              (each byte)
 *
 * How tabs, newlines and carriage returns are treated depends on the mode.
 */
#ifndef GS_SAFE_TEXT_H
#define GS_SAFE_TEXT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

typedef enum {
    GS_SAFE_LINE,   /* one line of text: tab, CR, LF -> space */
    GS_SAFE_BLOCK,  /* several lines: tab and LF kept, CR before LF dropped */
    GS_SAFE_CELL,   /* a TSV cell: \t \n \r \\ escaped (linear TSV) */
    GS_SAFE_WORD    /* a blank-separated word (TREC): blanks -> '_' */
} gs_safe_mode_t;

/* Look at the character at s (n bytes left, n >= 1): *len gets its length
 * in bytes (an invalid byte counts as one character).  Returns NULL when it
 * may be printed as is in `mode`, else its replacement (rep, filled in:
 * NUL-terminated, at most 7 bytes, maybe empty). */
const char *gs_safe_char(const char *s, size_t n, gs_safe_mode_t mode, char rep[8],
                         size_t *len);

/* Print s (NULL = nothing) made safe.  Returns what ferror says (0 ok). */
int gs_safe_fputs(FILE *f, const char *s, gs_safe_mode_t mode);
int gs_safe_fwrite(FILE *f, const char *s, size_t n, gs_safe_mode_t mode);

/* s made safe, malloc'd (caller frees); NULL on ENOMEM or when s is NULL. */
char *gs_safe_strdup(const char *s, gs_safe_mode_t mode);

/* json_dumpf, with DEL and C1 controls in strings written as \u escapes
 * (jansson escapes C0 itself but leaves these raw).  Same data, and safe
 * to show on a terminal.  0 ok, -1 on a write error. */
int gs_safe_json_dumpf(const json_t *j, FILE *f, size_t flags);
/* n bytes of JSON text (made by jansson, or copied from what it made) as
 * gs_safe_json_dumpf writes them: DEL and C1 controls as \u escapes. */
int gs_safe_json_write(FILE *f, const char *s, size_t n);

#endif
