/* fold.c - the search form of a word: NFC, case fold, ё→е.
 *
 * Over 99% of words in the corpus are plain ASCII or plain Russian letters,
 * so those are folded by a byte walk; utf8proc handles everything else
 * (decomposed й and ё from scraped pages, accents, other scripts).
 */
#include "stemming/fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void gs_fold_ws_free(gs_fold_ws_t *ws)
{
    free(ws->u);
    ws->u = NULL;
    ws->cap = 0;
}

/* Fast path: bytes are ASCII, D0 xx or D1 xx (U+0400..U+047F) limited to
 * А-я, Ё, ё by the caller's promise.  The output never grows. */
static size_t fold_fast(const unsigned char *s, size_t n, unsigned char *o)
{
    unsigned char *start = o;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            *o++ = (unsigned char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        unsigned d = s[i + 1];
        i += 2;
        if (c == 0xD0) {
            if (d >= 0x90 && d <= 0x9F) {          /* А..П -> а..п */
                *o++ = 0xD0;
                *o++ = (unsigned char)(d + 0x20);
            } else if (d >= 0xA0 && d <= 0xAF) {   /* Р..Я -> р..я */
                *o++ = 0xD1;
                *o++ = (unsigned char)(d - 0x20);
            } else if (d == 0x81) {                /* Ё -> е */
                *o++ = 0xD0;
                *o++ = 0xB5;
            } else {                                /* а..п */
                *o++ = 0xD0;
                *o++ = (unsigned char)d;
            }
        } else {                                    /* 0xD1: р..я, ё */
            if (d == 0x91) {                        /* ё -> е */
                *o++ = 0xD0;
                *o++ = 0xB5;
            } else {
                *o++ = 0xD1;
                *o++ = (unsigned char)d;
            }
        }
    }
    return (size_t)(o - start);
}

static int is_cyrillic(int32_t cp)
{
    return cp >= 0x400 && cp <= 0x52F;
}

/* Room for `need` code points in ws->u; 0, or -1 (ws unchanged) on ENOMEM. */
static int ws_reserve(gs_fold_ws_t *ws, size_t need)
{
    if (ws->cap >= need)
        return 0;
    int32_t *u = realloc(ws->u, need * sizeof *u);
    if (!u)
        return -1;
    ws->u = u;
    ws->cap = need;
    return 0;
}

static size_t fold_slow(const char *s, size_t n, gs_buf_t *out, gs_fold_ws_t *ws)
{
    const utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STABLE |
                                  UTF8PROC_IGNORE;
    /* utf8proc_decompose rejects invalid UTF-8 as a whole; the tokeniser only
     * hands us valid words, but stay safe: on error, keep the valid code
     * points one by one. */
    utf8proc_ssize_t m;
    for (;;) {
        m = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, ws->u,
                               (utf8proc_ssize_t)ws->cap, opt);
        if (m < 0) {
            /* Invalid input: copy the valid part code point by code point. */
            if (ws_reserve(ws, n + 1) < 0)
                return (size_t)-1;
            m = 0;
            for (size_t i = 0; i < n;) {
                size_t adv;
                uint32_t cp = gs_utf8_decode((const unsigned char *)s + i, n - i, &adv);
                i += adv;
                if (cp == GS_BAD_CP)
                    continue;
                utf8proc_int32_t tmp[8];
                int last = 0;
                utf8proc_ssize_t k = utf8proc_decompose_char((utf8proc_int32_t)cp, tmp, 8, opt, &last);
                for (utf8proc_ssize_t j = 0; j < k && j < 8 && (size_t)m < ws->cap - 1; j++)
                    ws->u[m++] = tmp[j];
            }
            break;
        }
        if ((size_t)m < ws->cap)
            break;
        if (ws_reserve(ws, (size_t)m + 1) < 0)
            return (size_t)-1;
    }

    /* Drop stress accents on Cyrillic letters and the diaeresis of ё (the
     * base е is already there), keeping everything else. */
    utf8proc_ssize_t k = 0;
    int32_t base = 0;
    for (utf8proc_ssize_t j = 0; j < m; j++) {
        int32_t cp = ws->u[j];
        if ((cp == 0x300 || cp == 0x301) && is_cyrillic(base))
            continue;
        if (cp == 0x308 && base == 0x435)
            continue;
        if (utf8proc_get_property(cp)->combining_class == 0)
            base = cp;
        ws->u[k++] = cp;
    }
    /* Reencoding writes bytes in place and needs one spare slot. */
    utf8proc_ssize_t bytes = utf8proc_reencode(ws->u, k, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (bytes < 0)
        return 0;
    if (gs_buf_reserve(out, (size_t)bytes) < 0)
        return (size_t)-1;
    memcpy(out->s + out->len, ws->u, (size_t)bytes);
    out->len += (size_t)bytes;
    return (size_t)bytes;
}

size_t gs_fold(const char *s, size_t n, int fast, gs_buf_t *out, gs_fold_ws_t *ws)
{
    if (fast) {
        if (gs_buf_reserve(out, n) < 0)
            return (size_t)-1;
        size_t m = fold_fast((const unsigned char *)s, n, (unsigned char *)out->s + out->len);
        out->len += m;
        return m;
    }
    return fold_slow(s, n, out, ws);
}

/* Folded Latin letter -> the Cyrillic letter it is mistaken for (UTF-8). */
static const char *homoglyph(unsigned char c)
{
    switch (c) {
    case 'a': return "а";
    case 'b': return "в";
    case 'c': return "с";
    case 'e': return "е";
    case 'h': return "н";
    case 'k': return "к";
    case 'm': return "м";
    case 'o': return "о";
    case 'p': return "р";
    case 't': return "т";
    case 'x': return "х";
    case 'y': return "у";
    default: return NULL;
    }
}

size_t gs_fold_homoglyphs(gs_buf_t *buf, size_t off, size_t len)
{
    size_t latin = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf->s[off + i];
        if (c >= 'a' && c <= 'z') {
            if (!homoglyph(c))
                return len;  /* a real Latin letter: leave the word alone */
            latin++;
        }
    }
    if (latin == 0 || off + len != buf->len)
        return len;
    if (gs_buf_reserve(buf, latin) < 0)
        return (size_t)-1;
    /* Rewrite back to front: each replaced byte grows to two. */
    size_t newlen = len + latin;
    char *p = buf->s + off;
    size_t w = newlen;
    for (size_t r = len; r-- > 0;) {
        const char *h = homoglyph((unsigned char)p[r]);
        if ((unsigned char)p[r] >= 'a' && (unsigned char)p[r] <= 'z' && h) {
            p[--w] = h[1];
            p[--w] = h[0];
        } else {
            p[--w] = p[r];
        }
    }
    buf->len = off + newlen;
    return newlen;
}
