/* lexer.c - split a query string into tokens, keeping byte offsets.
 *
 * Words are runs of anything but white space, brackets and quotes, so
 * hyphenated words, codes (19-1-029373) and ranges (2019..2021) stay whole;
 * the analyzer decides later what a word means.  Quotes may be ASCII "..."
 * or Russian «...» / “...” / „...“.
 */
#include "query/ast.h"

#include <string.h>

void gs_qlex_init(qlexer_t *lx, const char *s, size_t len)
{
    lx->s = s;
    lx->len = len;
    lx->pos = 0;
    lx->plain = 0;
}

size_t gs_qlex_column(const char *s, size_t off)
{
    size_t col = 1;
    for (size_t i = 0; i < off && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static int continuation(const char *s, size_t i)
{
    return ((unsigned char)s[i] & 0xC0) == 0x80;
}

int gs_qlex_clip(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return (int)len;
    size_t n = max;
    while (n > 0 && continuation(s, n))
        n--;
    return (int)n;
}

void gs_qlex_excerpt(const char *s, size_t len, size_t off, size_t max, char *out, size_t cap,
                     size_t *col)
{
    static const char ell[] = "\xE2\x80\xA6"; /* … */
    if (off > len)
        off = len;
    /* A window of max bytes, the error a third of the way in, moved back
     * to character starts so no character is cut. */
    size_t a = off > max / 3 ? off - max / 3 : 0;
    size_t b = a + max < len ? a + max : len;
    while (a > 0 && a < len && continuation(s, a))
        a--;
    while (b < len && b > a && continuation(s, b))
        b--;
    size_t n = 0;
    out[0] = '\0';
    if (cap < sizeof ell * 2 + 1)
        return;
    if (a > 0) {
        memcpy(out, ell, sizeof ell - 1);
        n = sizeof ell - 1;
    }
    size_t take = b - a;
    if (take > cap - n - sizeof ell)
        take = (size_t)gs_qlex_clip(s + a, take, cap - n - sizeof ell);
    memcpy(out + n, s + a, take);
    n += take;
    if (a + take < len) {
        memcpy(out + n, ell, sizeof ell - 1);
        n += sizeof ell - 1;
    }
    out[n] = '\0';
    /* Blanks other than spaces would shift the caret: show them as spaces. */
    for (size_t i = 0; i < n; i++)
        if (out[i] == '\t' || out[i] == '\n' || out[i] == '\r' || out[i] == '\f' ||
            out[i] == '\v')
            out[i] = ' ';
    *col = gs_qlex_column(s + a, off - a) + (a > 0);
}

/* Length of an opening quote at p (0 if none); *close receives the closing one. */
static size_t open_quote(const char *p, size_t avail, const char **close)
{
    if (avail >= 1 && p[0] == '"') {
        *close = "\"";
        return 1;
    }
    if (avail >= 2 && !memcmp(p, "\xC2\xAB", 2)) { /* « */
        *close = "\xC2\xBB";                       /* » */
        return 2;
    }
    if (avail >= 3 && (!memcmp(p, "\xE2\x80\x9C", 3) || !memcmp(p, "\xE2\x80\x9E", 3))) {
        *close = NULL; /* “ or „ close with ” or “ */
        return 3;
    }
    return 0;
}

static size_t close_quote_at(const char *p, size_t avail, const char *close)
{
    if (close) {
        size_t n = strlen(close);
        return avail >= n && !memcmp(p, close, n) ? n : 0;
    }
    if (avail >= 3 && (!memcmp(p, "\xE2\x80\x9D", 3) || !memcmp(p, "\xE2\x80\x9C", 3)))
        return 3;
    return avail >= 1 && p[0] == '"' ? 1 : 0;
}

/* White space: ASCII and U+00A0 (no-break space, common in pasted text). */
static size_t space_at(const char *p, size_t avail)
{
    if (avail >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r' ||
                       p[0] == '\f' || p[0] == '\v'))
        return 1;
    if (avail >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    return 0;
}

static void skip_space(qlexer_t *lx)
{
    size_t n;
    while (lx->pos < lx->len && (n = space_at(lx->s + lx->pos, lx->len - lx->pos)) > 0)
        lx->pos += n;
}

/* Does a word end at p (space, bracket, quote, end)? */
static int word_end(const qlexer_t *lx, size_t i)
{
    const char *dummy;
    if (i >= lx->len)
        return 1;
    const char *p = lx->s + i;
    size_t avail = lx->len - i;
    return space_at(p, avail) || *p == '(' || *p == ')' || open_quote(p, avail, &dummy) ||
           close_quote_at(p, avail, NULL) || (avail >= 2 && !memcmp(p, "\xC2\xBB", 2));
}

static int is_name_byte(unsigned char c)
{
    /* ASCII letters, '_' and any UTF-8 byte (Cyrillic field aliases). */
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static qtoken_t phrase_token(qlexer_t *lx, size_t qlen, const char *close)
{
    qtoken_t t = {QT_PHRASE, 0, 0, 0, NULL};
    size_t open = lx->pos;
    size_t i = lx->pos + qlen;
    t.start = i;
    while (i < lx->len) {
        size_t c = close_quote_at(lx->s + i, lx->len - i, close);
        if (c) {
            t.end = i;
            lx->pos = i + c;
            return t;
        }
        i++;
    }
    t.kind = QT_ERROR;
    t.start = open;
    t.end = lx->len;
    t.error = "unbalanced quote: the quote opened here is never closed";
    lx->pos = lx->len;
    return t;
}

/* Skip blanks and start a token at the next character: an empty QT_EOF
 * token there, which is also the answer at the end of the query (*more 0). */
static qtoken_t token_start(qlexer_t *lx, int *more)
{
    qtoken_t t = {QT_EOF, 0, 0, 0, NULL};
    skip_space(lx);
    t.start = t.end = lx->pos;
    *more = lx->pos < lx->len;
    return t;
}

qtoken_t gs_qlex_next(qlexer_t *lx)
{
    int more;
    qtoken_t t = token_start(lx, &more);
    const char *close;
    if (!more)
        return t;
    const char *p = lx->s + lx->pos;
    size_t avail = lx->len - lx->pos;
    size_t q;
    if (*p == '(' || *p == ')') {
        t.kind = *p == '(' ? QT_LPAREN : QT_RPAREN;
        t.end = ++lx->pos;
        return t;
    }
    if ((q = open_quote(p, avail, &close)) > 0)
        return phrase_token(lx, q, close);
    if (close_quote_at(p, avail, NULL) || (avail >= 2 && !memcmp(p, "\xC2\xBB", 2))) {
        /* A stray closing quote: skip it (lenient). */
        lx->pos += *p == '"' ? 1 : (avail >= 3 && (unsigned char)*p == 0xE2) ? 3 : 2;
        return gs_qlex_next(lx);
    }
    int operand_next = avail > 1 && (!word_end(lx, lx->pos + 1) || p[1] == '(' ||
                                     open_quote(p + 1, avail - 1, &close));
    /* -word, -"a phrase", -(a OR b) exclude; +... is the default anyway. */
    if ((*p == '-' || *p == '+') && operand_next && p[1] != '-' && p[1] != '+') {
        if (*p == '+') { /* +word: "must" is our default already */
            lx->pos++;
            return gs_qlex_next(lx);
        }
        t.kind = QT_MINUS;
        t.end = ++lx->pos;
        return t;
    }
    /* A word, maybe `field:` or =exact or prefix*. */
    size_t i = lx->pos;
    if (*p == '=' && !word_end(lx, i + 1)) {
        t.flags |= QW_EXACT;
        i++;
    }
    size_t start = i;
    int name = !(t.flags & QW_EXACT) && !lx->plain;
    while (!word_end(lx, i)) {
        unsigned char c = (unsigned char)lx->s[i];
        if (c == ':' && name && i > start) {
            t.kind = QT_FIELD;
            t.start = start;
            t.end = i;
            lx->pos = i + 1;
            return t;
        }
        if (!is_name_byte(c))
            name = 0;
        i++;
    }
    t.kind = QT_WORD;
    t.start = start;
    t.end = i;
    lx->pos = i;
    while (t.end > t.start && lx->s[t.end - 1] == '*') {
        t.flags |= QW_PREFIX;
        t.end--;
    }
    if (t.end == t.start) { /* "*" or "=*" alone: nothing to search */
        return gs_qlex_next(lx);
    }
    if (!t.flags) {
        size_t n = t.end - t.start;
        const char *w = lx->s + t.start;
        if ((n == 3 && !memcmp(w, "AND", 3)) || (n == 2 && !memcmp(w, "&&", 2)))
            t.kind = QT_AND;
        else if ((n == 2 && !memcmp(w, "OR", 2)) || (n == 2 && !memcmp(w, "||", 2)))
            t.kind = QT_OR;
        else if (n == 3 && !memcmp(w, "NOT", 3))
            t.kind = QT_NOT;
    }
    return t;
}

qtoken_t gs_qlex_value(qlexer_t *lx)
{
    int more;
    qtoken_t t = token_start(lx, &more);
    const char *close;
    if (!more)
        return t;
    size_t q = open_quote(lx->s + lx->pos, lx->len - lx->pos, &close);
    if (q)
        return phrase_token(lx, q, close);
    size_t i = lx->pos;
    while (!word_end(lx, i))
        i++;
    if (i == lx->pos)
        return t; /* a bracket: no value */
    t.kind = QT_WORD;
    t.end = i;
    lx->pos = i;
    return t;
}
