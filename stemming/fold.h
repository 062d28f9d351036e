/* fold.h - internal: fold one word to its search form (NFC, case fold, ё→е).
 *
 * Not part of the public API; only stemming/ uses it.
 */
#ifndef GS_FOLD_H
#define GS_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "toolkit/buf.h"

/* Scratch space for the slow (utf8proc) path; zero-initialise, free with
 * gs_fold_ws_free. */
typedef struct {
    int32_t *u;
    size_t cap;
} gs_fold_ws_t;
void gs_fold_ws_free(gs_fold_ws_t *ws);

/* Is the code point one of those the fast path folds by table (ASCII, the 66
 * letters of the modern Russian alphabet)? */
static inline int gs_fold_is_fast(uint32_t cp)
{
    return cp < 0x80 || (cp >= 0x410 && cp <= 0x44F) || cp == 0x401 || cp == 0x451;
}

/* Append the folded form of the UTF-8 word s[0..n) to out and return its
 * length in bytes, or (size_t)-1 on allocation failure.
 *
 * fast != 0 promises that every code point of s passes gs_fold_is_fast and
 * that s is valid UTF-8: then folding is a byte-table walk.  Otherwise the word
 * goes through utf8proc: NFD + case fold + removal of default-ignorable code
 * points (soft hyphen, zero-width joiners), removal of stress accents
 * (U+0300/U+0301 after a Cyrillic letter) and of the diaeresis of ё, then NFC.
 * Invalid bytes in s (the tokeniser never passes any) are dropped.
 *
 * In both paths ё/Ё become е: Russian text writes ё inconsistently. */
size_t gs_fold(const char *s, size_t n, int fast, gs_buf_t *out, gs_fold_ws_t *ws);

/* Decode one code point from s[0..n) (n >= 1).  Sets *adv to the bytes used
 * (1 for an invalid byte) and returns the code point, or GS_BAD_CP for an
 * invalid, overlong, surrogate or truncated sequence. */
#define GS_BAD_CP 0xFFFFFFFFu
static inline uint32_t gs_utf8_decode(const unsigned char *s, size_t n, size_t *adv)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *adv = 1;
        return c;
    }
    *adv = 1;
    if (c < 0xC2)
        return GS_BAD_CP;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return GS_BAD_CP;
        *adv = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return GS_BAD_CP;
        uint32_t cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
            return GS_BAD_CP;
        *adv = 3;
        return cp;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return GS_BAD_CP;
        uint32_t cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (cp < 0x10000 || cp > 0x10FFFF)
            return GS_BAD_CP;
        *adv = 4;
        return cp;
    }
    return GS_BAD_CP;
}



/* In a word mixing Cyrillic and Latin letters, where every Latin letter looks
 * like a Cyrillic one (scraped text: «Mолодежь» with a Latin M), replace the
 * Latin look-alikes in the folded form buf->p[off..off+len) by the Cyrillic
 * letters, in place at the end of buf.  Returns the new length, or len if
 * nothing was changed, or (size_t)-1 on allocation failure. */
size_t gs_fold_homoglyphs(gs_buf_t *buf, size_t off, size_t len);
#endif /* GS_FOLD_H */
