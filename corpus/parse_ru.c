/* parse_ru.c - numbers and dates as Russian pages and the archive write them.
 *
 * Amounts: "998 532,00", "1 484 754,00" (NBSP or thin space as the
 * thousands separator), "71,50", and also the machine forms "998532.00" and
 * "998532".  Dates: "08.07.2021", and ISO "2021-07-08" (with an optional
 * time part) because the archive and our own JSON write those.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/record.h"

/* Skip spaces, tabs, U+00A0 (C2 A0), U+2009/U+202F (E2 80 89 / E2 80 AF). */
static const char *skip_space(const char *s)
{
    for (;;) {
        const unsigned char *u = (const unsigned char *)s;
        if (*u == ' ' || *u == '\t')
            s++;
        else if (u[0] == 0xC2 && u[1] == 0xA0)
            s += 2;
        else if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x89 || u[2] == 0xAF))
            s += 3;
        else
            return s;
    }
}

int gs_parse_amount(const char *s, double *out)
{
    if (!s)
        return -1;
    char buf[64];
    size_t n = 0;
    int seen_digit = 0, seen_point = 0;
    s = skip_space(s);
    if (*s == '-' || *s == '+') {
        buf[n++] = *s++;
    }
    while (*s) {
        const char *t = skip_space(s);
        if (t != s) {
            /* A space inside a number separates thousands; at the end it is
             * trailing white space (or a unit such as "руб.", refused). */
            s = t;
            if (!*s)
                break;
            if (!(*s >= '0' && *s <= '9') || !seen_digit || seen_point)
                return -1;
            continue;
        }
        if (*s >= '0' && *s <= '9') {
            seen_digit = 1;
            buf[n++] = *s;
        } else if ((*s == ',' || *s == '.') && !seen_point && seen_digit) {
            seen_point = 1;
            buf[n++] = '.';
        } else {
            return -1;
        }
        s++;
        if (n >= sizeof buf - 1)
            return -1;
    }
    if (!seen_digit)
        return -1;
    buf[n] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (*end || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *v = *v * 10 + (s[i] - '0');
    }
    return 0;
}

static int valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

/* One date at s; *len gets the bytes it used.  0 ok, -1 not a date. */
static int parse_date_at(const char *s, int32_t *out, size_t *len)
{
    int y, m, d;
    if (digits(s, 2, &d) == 0 && s[2] == '.' && digits(s + 3, 2, &m) == 0 && s[5] == '.' &&
        digits(s + 6, 4, &y) == 0) {
        *len = 10;
    } else if (digits(s, 4, &y) == 0 && s[4] == '-' && digits(s + 5, 2, &m) == 0 &&
               s[7] == '-' && digits(s + 8, 2, &d) == 0) {
        *len = 10;
        /* "2021-07-08T00:00:00" or "2021-07-08 00:00:00": the day is enough. */
        if ((s[10] == 'T' || s[10] == ' ') && s[11] >= '0' && s[11] <= '9') {
            size_t k = 11;
            while (s[k] && ((s[k] >= '0' && s[k] <= '9') || s[k] == ':' || s[k] == '.' ||
                            s[k] == 'Z' || s[k] == '+'))
                k++;
            *len = k;
        }
    } else {
        return -1;
    }
    if (!valid_ymd(y, m, d))
        return -1;
    *out = y * 10000 + m * 100 + d;
    return 0;
}

int gs_parse_date(const char *s, int32_t *out)
{
    if (!s)
        return -1;
    size_t len;
    int32_t v;
    s = skip_space(s);
    if (parse_date_at(s, &v, &len) < 0)
        return -1;
    if (*skip_space(s + len))
        return -1;
    *out = v;
    return 0;
}

int gs_parse_period(const char *s, int32_t *start, int32_t *end)
{
    if (!s)
        return -1;
    size_t len;
    int32_t a, b;
    s = skip_space(s);
    if (parse_date_at(s, &a, &len) < 0)
        return -1;
    s = skip_space(s + len);
    /* "-", or an en/em dash (E2 80 93 / E2 80 94). */
    if (*s == '-')
        s++;
    else if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
             ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94))
        s += 3;
    else
        return -1;
    s = skip_space(s);
    if (parse_date_at(s, &b, &len) < 0)
        return -1;
    if (*skip_space(s + len))
        return -1;
    *start = a;
    *end = b;
    return 0;
}
