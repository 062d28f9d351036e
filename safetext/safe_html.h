/* safe_html.h - untrusted text made safe inside an HTML page.
 *
 * The web page of `grantsearch serve` shows record text that anyone could
 * have written: a title holding "<script>" or "\"><img onerror=...>" must
 * show as those characters, never become markup.  Everything is escaped:
 * & < > " ' as character references (safe in element text and in quoted
 * attribute values alike), and terminal controls and invalid UTF-8 as
 * safe_text.h shows them (\x1b, \u009b, \xff), so nothing is silently lost.
 */
#ifndef GS_SAFE_HTML_H
#define GS_SAFE_HTML_H

#include <stddef.h>
#include <stdio.h>

/* Print s[0..n) (s NULL = nothing) escaped for HTML text or a quoted
 * attribute value; line breaks kept (mode GS_SAFE_BLOCK).  Returns what
 * ferror says (0 ok). */
int gs_safe_html_fwrite(FILE *f, const char *s, size_t n);
int gs_safe_html_fputs(FILE *f, const char *s);

#endif
