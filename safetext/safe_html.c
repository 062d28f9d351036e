/* safe_html.c - record text escaped for an HTML page (safe_html.h). */
#include "safetext/safe_html.h"
#include "safetext/safe_text.h"

#include <string.h>

/* The character reference of an HTML-special byte, else NULL. */
static const char *html_ref(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

int gs_safe_html_fwrite(FILE *f, const char *s, size_t n)
{
    char buf[8];
    for (size_t i = 0; s && i < n;) {
        size_t len;
        const char *rep = html_ref(s[i]);
        if (rep) {
            fputs(rep, f);
            i++;
            continue;
        }
        /* Controls and bad bytes as safe_text shows them (its escapes hold
         * no HTML-special character). */
        rep = gs_safe_char(s + i, n - i, GS_SAFE_BLOCK, buf, &len);
        if (rep)
            fputs(rep, f);
        else
            fwrite(s + i, 1, len, f);
        i += len;
    }
    return ferror(f);
}

int gs_safe_html_fputs(FILE *f, const char *s)
{
    return gs_safe_html_fwrite(f, s, s ? strlen(s) : 0);
}
