/* charset.c - which encoding a text is in: UTF-8, UTF-16 or cp1251.
 *
 * Russian offices still save files in Windows Cyrillic (cp1251) or, from
 * Excel's "Unicode text", in UTF-16.  Read as UTF-8 they look like binary;
 * these guesses let the reader convert them instead (input.c, iconv).
 */
#include <string.h>

#include "corpus/reader_impl.h"
#include "corpus/record_impl.h"

const char *gs_sniff_utf16(const char *s, size_t n, size_t *bom)
{
    const unsigned char *p = (const unsigned char *)s;
    *bom = 0;
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        *bom = 2;
        return "UTF-16LE";
    }
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        *bom = 2;
        return "UTF-16BE";
    }
    /* No BOM: Russian text in UTF-16 has a high byte of 0x00 (ASCII) or
     * 0x04 (Cyrillic) in (nearly) every character, and some NULs. */
    size_t pairs = n / 2, hi_le = 0, hi_be = 0, nuls = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        hi_le += p[i + 1] == 0 || p[i + 1] == 4;
        hi_be += p[i] == 0 || p[i] == 4;
        nuls += (p[i] == 0) + (p[i + 1] == 0);
    }
    if (pairs < 2 || !nuls)
        return NULL;
    if (hi_le * 10 >= pairs * 9 && hi_be * 2 < pairs)
        return "UTF-16LE";
    if (hi_be * 10 >= pairs * 9 && hi_le * 2 < pairs)
        return "UTF-16BE";
    return NULL;
}

void gs_text_classify(const char *s, size_t n, gs_text_class_t *c)
{
    const unsigned char *p = (const unsigned char *)s;
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < n;) {
        unsigned char b = p[i];
        if (b < 0x80) {
            if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') || b == 0x7F)
                c->controls++;
            i++;
            continue;
        }
        size_t seq = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2, at;
        if (i + seq > n) {
            break;   /* a sequence cut by the end of the window */
        } else if (!gs_utf8_check(s + i, seq, &at)) {
            c->utf8_multi++;
            i += seq;
            continue;
        }
        c->invalid++;
        /* cp1251: А..я are C0..FF, Ё ё A8 B8, «» AB BB, № B9, dashes 96 97. */
        if (b >= 0xC0 || b == 0xA8 || b == 0xB8 || b == 0xAB || b == 0xBB || b == 0xB9 ||
            b == 0x96 || b == 0x97 || b == 0x85 || b == 0x93 || b == 0x94)
            c->cp1251_like++;
        i++;
    }
}

int gs_looks_cp1251(const gs_text_class_t *c)
{
    /* Invalid as UTF-8, next to no valid UTF-8 sequences (cp1251 letters
     * rarely happen to form one), and nearly all Cyrillic-range bytes. */
    return c->invalid > 0 && c->utf8_multi * 20 <= c->invalid &&
           c->cp1251_like * 10 >= c->invalid * 9;
}
