/* safe_text.c - record and query text made safe to print (safe_text.h). */
#include "safetext/safe_text.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;   /* the second byte's range */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;  /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* "\xHH" for one byte. */
static const char *hex_escape(unsigned char c, char rep[8])
{
    static const char hex[] = "0123456789abcdef";
    rep[0] = '\\';
    rep[1] = 'x';
    rep[2] = hex[c >> 4];
    rep[3] = hex[c & 15];
    rep[4] = '\0';
    return rep;
}

const char *gs_safe_char(const char *s, size_t n, gs_safe_mode_t mode, char rep[8],
                         size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    *len = 1;
    if (c >= 0x20 && c < 0x7F) {
        if (c == '\\' && mode == GS_SAFE_CELL)
            return strcpy(rep, "\\\\");
        if (c == ' ' && mode == GS_SAFE_WORD)
            return strcpy(rep, "_");
        return NULL;
    }
    if (c == '\t' || c == '\n' || c == '\r') {
        switch (mode) {
        case GS_SAFE_LINE:
            return strcpy(rep, " ");
        case GS_SAFE_WORD:
            return strcpy(rep, "_");
        case GS_SAFE_CELL:
            return strcpy(rep, c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r");
        case GS_SAFE_BLOCK:
            if (c != '\r')
                return NULL;
            if (n > 1 && u[1] == '\n')  /* CRLF: the LF alone */
                return strcpy(rep, "");
            break;  /* a lone CR would overwrite the line: escape it */
        }
    }
    if (c < 0x80)   /* the other C0 controls and DEL */
        return hex_escape(c, rep);
    size_t l = utf8_len(u, n);
    if (l == 0)     /* not UTF-8: show the byte */
        return hex_escape(c, rep);
    *len = l;
    if (c == 0xC2 && u[1] < 0xA0) {   /* U+0080..U+009F: C1 controls (CSI, OSC...) */
        hex_escape(u[1], rep);
        memmove(rep + 4, rep + 2, 3);
        memcpy(rep, "\\u00", 4);
        return rep;
    }
    return NULL;
}

int gs_safe_fwrite(FILE *f, const char *s, size_t n, gs_safe_mode_t mode)
{
    size_t run = 0;   /* bytes of s[i-run..i) that go out unchanged */
    char buf[8];
    for (size_t i = 0; s && i < n;) {
        size_t len;
        const char *rep = gs_safe_char(s + i, n - i, mode, buf, &len);
        if (!rep) {
            i += len;
            run += len;
            continue;
        }
        if (run)
            fwrite(s + i - run, 1, run, f);
        fputs(rep, f);
        run = 0;
        i += len;
    }
    if (run)
        fwrite(s + n - run, 1, run, f);
    return ferror(f);
}

int gs_safe_fputs(FILE *f, const char *s, gs_safe_mode_t mode)
{
    return gs_safe_fwrite(f, s, s ? strlen(s) : 0, mode);
}

char *gs_safe_strdup(const char *s, gs_safe_mode_t mode)
{
    if (!s)
        return NULL;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        return NULL;
    int bad = gs_safe_fputs(f, s, mode);
    if (fclose(f) != 0 || bad) {
        free(out);
        return NULL;
    }
    return out;
}
