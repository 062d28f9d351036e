/* secrets.c - keep API keys and tokens out of records.
 *
 * The scraped pages carry the site's map key (`"yandexApiKey":"<uuid>"`) in
 * their contact blob; any input may carry others.  A record must never
 * hold one, because everything in a record may be indexed and printed.  We
 * drop, in place: UUIDs, and long unbroken runs of hex or base64/url-safe
 * characters that mix letters and digits (what keys and tokens look like;
 * words, numbers, ИНН/ОГРН and ordinary URLs do not).
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

unsigned gs_secrets_scrub(char *s)
{
    if (!s)
        return 0;
    unsigned dropped = 0;
    char *w = s;
    const char *p = s;
    while (*p) {
        if (is_tok((unsigned char)*p) && (p == s || !is_tok((unsigned char)p[-1]))) {
            size_t n = 0;
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
            if (drop || (!in_url && (is_uuid(p, n) || is_token(p, n)))) {
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
