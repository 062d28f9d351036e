/* secrets.c - keep API keys, tokens and passwords out of records.
 *
 * The scraped pages carry the site's map key (`"yandexApiKey":"<uuid>"`) in
 * their contact blob; any input may carry others.  A record must never
 * hold one, because everything in a record may be indexed and printed.  We
 * drop, in place:
 *  - credentials by their known shapes: JWTs (eyJ….….…), AWS access key
 *    ids (AKIA… and kin), the user:password@ of a URL, PEM private-key
 *    blocks, the token after "Bearer";
 *  - the value after a label that says what it is, in Russian or English
 *    ("пароль: …", "token=…", "ключ API: …", "client_secret: …");
 *  - long unbroken runs of hex or base64/url-safe characters that mix
 *    letters and digits (what other keys look like).
 * Kept: words, numbers, ИНН/ОГРН, application numbers, ordinary URLs, and a
 * bare UUID (it names a thing far more often than it unlocks one; one
 * labelled as a key, or in a query parameter named so, is dropped).
 */
#include <string.h>
#include <strings.h>

#include "corpus/record_impl.h"

#define TOKEN_MIN 32   /* shortest run that counts as a token */

/* ASCII classes, independent of the locale a caller may have set. */
#define A_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define A_ALPHA(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define A_HEX(c) (A_DIGIT(c) || ((c) >= 'a' && (c) <= 'f') || ((c) >= 'A' && (c) <= 'F'))

static int is_tok(unsigned char c)
{
    return (A_ALPHA(c) || A_DIGIT(c)) || c == '-' || c == '_' || c == '+' || c == '/';
}

static int is_hex(unsigned char c)
{
    return A_HEX(c);
}

/* Is s[0..n) 8-4-4-4-12 hex digits? */
static int is_uuid(const char *s, size_t n)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    if (n != 36)
        return 0;
    size_t k = 0;
    for (int g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g]; i++, k++)
            if (!is_hex((unsigned char)s[k]))
                return 0;
        if (g < 4 && s[k++] != '-')
            return 0;
    }
    return 1;
}

/* A long run that mixes letters and digits, with no '/' path structure
 * of a URL (a '/' in a token run is base64, in a URL it follows a '.'). */
static int is_token(const char *s, size_t n)
{
    if (n < TOKEN_MIN)
        return 0;
    int letters = 0, digits = 0, slashes = 0, dots = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (A_DIGIT(c))
            digits++;
        else if (A_ALPHA(c))
            letters++;
        else if (c == '/')
            slashes++;
        else if (c == '.')
            dots++;
    }
    (void)dots;
    if (!letters || !digits)
        return 0;
    /* Mostly-word runs such as "organization-methodological-support-2021"
     * have long letter stretches; tokens change class often.  Require a
     * digit share of at least 1/8. */
    if (digits * 8 < (int)n)
        return 0;
    if (slashes > 2)
        return 0;
    return 1;
}

/* Does s start with label, ignoring the case of ASCII and Cyrillic
 * letters (label is lower case)?  Its length in s if so, else 0. */
static size_t match_fold(const char *s, const char *label)
{
    const unsigned char *a = (const unsigned char *)s, *b = (const unsigned char *)label;
    size_t i = 0;
    while (b[i]) {
        unsigned char c0 = a[i], c1 = c0 ? a[i + 1] : 0;
        if (c0 >= 'A' && c0 <= 'Z')
            c0 += 32;
        if (c0 == 0xD0 && c1 >= 0x90 && c1 <= 0x9F)
            c1 += 0x20;                     /* А..П -> а..п */
        else if (c0 == 0xD0 && c1 >= 0xA0 && c1 <= 0xAF)
            c0 = 0xD1, c1 -= 0x20;          /* Р..Я -> р..я */
        else if (c0 == 0xD0 && c1 == 0x81)
            c0 = 0xD1, c1 = 0x91;           /* Ё -> ё */
        if (c0 != b[i])
            return 0;
        if (c0 >= 0x80) {
            if (c1 != b[i + 1])
                return 0;
            i++;
        }
        i++;
    }
    return i;
}

/* Is c part of a word (ASCII letter or digit, or any non-ASCII byte)? */
static int is_word_byte(unsigned char c)
{
    return A_ALPHA(c) || A_DIGIT(c) || c >= 0x80 || c == '_';
}

/* Can a label or "Bearer" start at p?  A cheap test on the first letter
 * (c s a r t p b; к т п), so that most words are passed at once. */
static int may_start_label(const unsigned char *p)
{
    if (p[0] < 0x80)
        return A_ALPHA(p[0]) && strchr("csartpb", p[0] | 0x20);
    if (p[0] == 0xD0)   /* к К п П Т */
        return p[1] == 0xBA || p[1] == 0x9A || p[1] == 0xBF || p[1] == 0x9F || p[1] == 0xA2;
    return p[0] == 0xD1 && p[1] == 0x82;   /* т */
}

/* The labels after which a value is a secret (lower case; longer first
 * where one starts another). */
static const char *const labels[] = {
    "client_secret", "client secret", "secret_key", "secret key", "secret",
    "access_token", "access token", "refresh_token", "refresh token", "access_key",
    "access key", "api_key", "api-key", "api key", "apikey", "api ключ", "api-ключ",
    "ключ api", "ключ доступа", "token", "токен", "password", "passwd", "пароль",
};

/* A label at p (a word start), then ':' or '=' (a quote may close a JSON
 * key), then a value of 4 bytes or more up to white space or a quote.
 * Sets *keep (bytes to keep: the label and separator) and returns the
 * value's length, or 0 if there is none. */
static size_t labelled_value(const char *p, size_t *keep)
{
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        size_t i = match_fold(p, labels[k]);
        if (!i || is_word_byte((unsigned char)p[i]))
            continue;
        if (p[i] == '"' || p[i] == '\'')
            i++;
        while (p[i] == ' ' || p[i] == '\t')
            i++;
        if (p[i] != ':' && p[i] != '=')
            return 0;
        i++;
        while (p[i] == ' ' || p[i] == '\t' || p[i] == '"' || p[i] == '\'')
            i++;
        size_t v = 0;
        while (p[i + v] && !strchr(" \t\r\n\"'<>", p[i + v]))
            v++;
        while (v && strchr(".,;)", p[i + v - 1]))
            v--;   /* the sentence's punctuation, not the secret's */
        if (v < 4)
            return 0;
        *keep = i;
        return v;
    }
    return 0;
}

/* "Bearer <token>": the token, whatever its shape (at least 8 bytes). */
static size_t bearer_token(const char *p, size_t *keep)
{
    size_t i = match_fold(p, "bearer");
    if (!i || (p[i] != ' ' && p[i] != '\t'))
        return 0;
    while (p[i] == ' ' || p[i] == '\t')
        i++;
    size_t v = 0;
    while (p[i + v] && !strchr(" \t\r\n\"'<>,;", p[i + v]))
        v++;
    if (v < 8)
        return 0;
    *keep = i;
    return v;
}

/* A JWT at p: three base64url parts joined by dots, the first "eyJ". */
static size_t jwt_at(const char *p)
{
    if (strncmp(p, "eyJ", 3) != 0)
        return 0;
    size_t n = 0, dots = 0;
    while (A_ALPHA((unsigned char)p[n]) || A_DIGIT((unsigned char)p[n]) || p[n] == '-' ||
           p[n] == '_' || p[n] == '.')
        dots += p[n++] == '.';
    if (n && p[n - 1] == '.')
        n--, dots--;   /* a full stop after it */
    return dots >= 2 && n >= 20 ? n : 0;
}

/* An AWS access key id: AKIA (or ASIA, AIDA, ...) and 16 more of [A-Z0-9]. */
static int is_aws_key_id(const char *s, size_t n)
{
    static const char *const prefixes[] = {"AKIA", "ASIA", "AIDA", "AROA", "AGPA", "ANPA"};
    if (n != 20)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || A_DIGIT(s[i])))
            return 0;
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++)
        if (memcmp(s, prefixes[k], 4) == 0)
            return 1;
    return 0;
}

/* A PEM private key block at p ("-----BEGIN ... PRIVATE KEY-----" to its
 * END line, or to the end of the text if cut): its length, else 0. */
static size_t pem_block(const char *p)
{
    if (strncmp(p, "-----BEGIN ", 11) != 0)
        return 0;
    const char *eol = p + strcspn(p, "\n");
    const char *pk = strstr(p, "PRIVATE KEY-----");
    if (!pk || pk > eol)
        return 0;
    const char *end = strstr(eol, "-----END ");
    if (!end)
        return strlen(p);
    const char *close = strstr(end + 9, "-----");
    return close ? (size_t)(close + 5 - p) : strlen(p);
}

/* "scheme://user:password@host": the length of "user:password@" at p
 * (just after "://"), else 0. */
static size_t url_userinfo(const char *p)
{
    /* The last '@' before the path: a password may hold an '@'. */
    size_t n = strcspn(p, " \t\r\n/\"'<>");
    const char *at = memrchr(p, '@', n);
    return at && memchr(p, ':', (size_t)(at - p)) ? (size_t)(at - p) + 1 : 0;
}

unsigned gs_secrets_scrub(char *s)
{
    if (!s)
        return 0;
    unsigned dropped = 0;
    char *w = s;
    const char *p = s;
    while (*p) {
        if ((unsigned char)*p >= 0x80 && p > s && (unsigned char)p[-1] >= 0x80) {
            *w++ = *p++;   /* inside a Cyrillic word: nothing can start here */
            continue;
        }
        int word_start = (p == s || !is_word_byte((unsigned char)p[-1])) &&
                         is_word_byte((unsigned char)*p);
        size_t keep = 0, n;
        if (*p == '-' && (n = pem_block(p))) {
            dropped++;
            p += n;
            continue;
        }
        if (*p == ':' && p[1] == '/' && p[2] == '/') {
            memmove(w, p, 3);
            w += 3, p += 3;
            if ((n = url_userinfo(p)))
                dropped++, p += n;
            continue;
        }
        if (word_start && may_start_label((const unsigned char *)p) &&
            ((n = labelled_value(p, &keep)) || (n = bearer_token(p, &keep)))) {
            memmove(w, p, keep);
            w += keep;
            p += keep + n;
            dropped++;
            continue;
        }
        if (word_start && *p == 'e' && (n = jwt_at(p))) {
            dropped++;
            p += n;
            continue;
        }
        if (is_tok((unsigned char)*p) && (p == s || !is_tok((unsigned char)p[-1]))) {
            n = 0;
            while (p[n] && is_tok((unsigned char)p[n]))
                n++;
            /* A run glued to a URL path (".../abc") is part of the URL.  A
             * query value ("?id=<uuid>") is kept unless its parameter's
             * name says secret ("&apikey=..."), then it goes whatever its
             * shape. */
            int in_url = p > s && (p[-1] == '.' || p[-1] == ':');
            int drop = 0;
            if (p > s && p[-1] == '=') {
                const char *k = p - 1;
                while (k > s && (A_ALPHA((unsigned char)k[-1]) || A_DIGIT((unsigned char)k[-1]) ||
                                 k[-1] == '_' || k[-1] == '-'))
                    k--;
                char name[64];
                size_t nl = (size_t)(p - 1 - k);
                if (nl && nl < sizeof name) {
                    memcpy(name, k, nl);
                    name[nl] = '\0';
                    if (gs_secrets_key_is_secret(name) && n >= 8)
                        drop = 1;
                }
                if (!drop && k > s && (k[-1] == '?' || k[-1] == '&'))
                    in_url = 1;
            }
            if (drop || is_aws_key_id(p, n) ||
                (!in_url && !is_uuid(p, n) && is_token(p, n))) {
                dropped++;
                p += n;
                continue;
            }
            memmove(w, p, n);
            w += n;
            p += n;
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    return dropped;
}

int gs_secrets_key_is_secret(const char *key)
{
    static const char *const words[] = {"key", "token", "secret", "password", "passwd",
                                        "apikey", "auth", "credential"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(key, words[i]))
            return 1;
    return 0;
}

unsigned gs_secrets_scrub_record(gs_record_t *r)
{
    unsigned n = 0;
    for (int f = 0; f < GS_NSTR; f++) {
        if (!r->str[f] || f == GS_ID || f == GS_NUMBER)
            continue;
        n += gs_secrets_scrub(r->str[f]);
        /* A field that was nothing but a key is now empty: make it absent. */
        const char *c = r->str[f];
        while (*c == ' ' || *c == '\t' || *c == '\n' || *c == ',' || *c == ';' || *c == '"')
            c++;
        if (!*c) {
            gs_record_set(r, (gs_field_t)f, NULL, 0);
        }
    }
    return n;
}
