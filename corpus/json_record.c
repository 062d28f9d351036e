/* json_record.c - a record as one JSON object (the JSONL form), both ways.
 *
 * Output: keys as gs_field_name() gives them, absent fields omitted,
 * numbers as numbers, dates as "YYYY-MM-DD", status as "winner"/"rejected"
 * (its source wording in "status_text").  Input: those keys or the archive's
 * CSV column names; values may be strings in Russian forms ("998 532,00",
 * "08.07.2021"), numbers, booleans (winner), null, or arrays of strings (a
 * list: joined one item per line).
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corpus/json_record.h"
#include "corpus/record_impl.h"
#include "toolkit/buf.h"

/* The output side writes the JSON itself, byte for byte what jansson's
 * json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) wrote for the same object
 * (the stored records of existing indexes, and the goldens, stay as they
 * are): building a json_t per field, copying every string into it and
 * dumping it was 2.6% of an index build's CPU, for a record written once. */

/* s as a JSON string, escaped as jansson escapes it: \\ \" and the control
 * characters (\b \f \n \r \t, else \u00XX in capitals); everything else,
 * UTF-8 included, as it is.  -1 if s is not valid UTF-8 (json_string()
 * refused it too). */
static int put_string(gs_buf_t *b, const char *s)
{
    size_t len = strlen(s), at;
    if (gs_utf8_check(s, len, &at))
        return -1;
    gs_buf_append_byte(b, '"');
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        gs_buf_append(b, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"': gs_buf_append(b, "\\\"", 2); break;
        case '\\': gs_buf_append(b, "\\\\", 2); break;
        case '\b': gs_buf_append(b, "\\b", 2); break;
        case '\f': gs_buf_append(b, "\\f", 2); break;
        case '\n': gs_buf_append(b, "\\n", 2); break;
        case '\r': gs_buf_append(b, "\\r", 2); break;
        case '\t': gs_buf_append(b, "\\t", 2); break;
        default: gs_buf_printf(b, "\\u%04X", c); break;
        }
    }
    gs_buf_append(b, run, (size_t)(s + len - run));
    return gs_buf_append_byte(b, '"');
}

/* ,"key": (the comma from the second member on). */
static void put_key(gs_buf_t *b, const char *key)
{
    if (b->len > 1)
        gs_buf_append_byte(b, ',');
    put_string(b, key);  /* our own ASCII keys: never invalid */
    gs_buf_append_byte(b, ':');
}

static int put_date(gs_buf_t *b, const char *key, int32_t v)
{
    if (!v)
        return 0;
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)(v / 10000) % 10000, (int)(v / 100 % 100),
             (int)(v % 100));
    put_key(b, key);
    return put_string(b, buf);
}

/* A real as jansson's jsonp_dtostr writes it: %.17g, the locale's decimal
 * point as '.', ".0" when it would read as an integer, no '+' or leading
 * zeros in the exponent.  -1 for an infinity (json_real() refused it). */
static int put_real(gs_buf_t *b, const char *key, double v)
{
    if (isnan(v))
        return 0;
    if (isinf(v))
        return -1;
    char buf[64];
    int n = snprintf(buf, sizeof buf - 3, "%.17g", v);
    if (n < 0 || (size_t)n >= sizeof buf - 3)
        return -1;
    char point = *localeconv()->decimal_point;
    char *dot = point != '.' ? strchr(buf, point) : NULL;
    if (dot)
        *dot = '.';
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        memcpy(buf + n, ".0", 3);
        n += 2;
    }
    char *e = strchr(buf, 'e');
    if (e) {
        char *start = e + 1, *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)(buf + n - end) + 1);
            n -= (int)(end - start);
        }
    }
    put_key(b, key);
    return gs_buf_append(b, buf, (size_t)n);
}

char *gs_record_to_json(const gs_record_t *r)
{
    if (!r)
        return NULL;
    gs_buf_t b = GS_BUF_INIT;
    int err = gs_buf_append_byte(&b, '{');
    for (int f = 0; f < GS_NSTR; f++) {
        if (f == GS_STATUS_TEXT && r->status != GS_OUTCOME_UNKNOWN) {
            put_key(&b, "status");
            err |= put_string(&b, gs_outcome_name(r->status));
        }
        if (r->str[f]) {
            put_key(&b, gs_field_name((gs_field_t)f));
            err |= put_string(&b, r->str[f]);
        }
    }
    if (r->year) {
        put_key(&b, "year");
        gs_buf_printf(&b, "%lld", (long long)r->year);
    }
    err |= put_date(&b, "date", r->date);
    err |= put_date(&b, "start", r->start);
    err |= put_date(&b, "end", r->end);
    err |= put_real(&b, "amount", r->amount);
    err |= put_real(&b, "cofunding", r->cofunding);
    err |= put_real(&b, "total", r->total);
    err |= put_real(&b, "rating", r->rating);
    err |= gs_buf_append_byte(&b, '}');
    if (err || gs_buf_failed(&b)) {
        gs_buf_free(&b);
        return NULL;
    }
    return gs_buf_take(&b, NULL);
}

/* An array of strings as one text, one item per line (malloc'd). */
static char *join_lines(json_t *a, const char **why, gs_skip_t *kind)
{
    size_t total = 0, i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (!json_is_string(v)) {
            *why = "list items must be strings";
            return NULL;
        }
        total += json_string_length(v) + 1;
        if (total > GS_MAX_FIELD) {
            *why = "field larger than 1 MiB";
            *kind = GS_SKIP_FIELD_SIZE;
            return NULL;
        }
    }
    char *s = malloc(total + 1), *p = s;
    if (!s) {
        *why = "out of memory";
        return NULL;
    }
    json_array_foreach(a, i, v) {
        if (i)
            *p++ = '\n';
        memcpy(p, json_string_value(v), json_string_length(v));
        p += json_string_length(v);
    }
    *p = '\0';
    return s;
}

gs_record_t *gs_record_from_json_ex(const char *json, size_t len, const char **why,
                                    gs_skip_t *kind, gs_json_warn_fn warn, void *ctx,
                                    unsigned *secrets)
{
    static char errbuf[200];
    const char *dummy;
    gs_skip_t kind_dummy;
    if (!why)
        why = &dummy;
    if (!kind)
        kind = &kind_dummy;
    *kind = GS_SKIP_JSON;
    json_error_t jerr;
    json_t *o = json_loadb(json, len, JSON_ALLOW_NUL, &jerr);
    if (!o) {
        snprintf(errbuf, sizeof errbuf, "JSON syntax error at column %d: %s", jerr.column,
                 jerr.text);
        *why = errbuf;
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        *why = "JSON value is not an object";
        return NULL;
    }
    gs_record_t *r = gs_record_new();
    if (!r) {
        json_decref(o);
        *why = "out of memory";
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        const char *vwhy = NULL;
        char num[64];
        const char *s = NULL;
        size_t slen = 0;
        char *owned = NULL;
        int known = gs_field_by_name(key) >= 0 || gs_value_by_name(key) >= 0;
        if (!known && gs_secrets_key_is_secret(key)) {
            if (secrets && !json_is_null(v))
                ++*secrets;
            continue;   /* never read, never stored */
        }
        if (!known)
            continue;   /* other keys are the producer's business */
        switch (json_typeof(v)) {
        case JSON_NULL:
            continue;
        case JSON_STRING:
            s = json_string_value(v);
            slen = json_string_length(v);
            if (memchr(s, '\0', slen)) {
                snprintf(errbuf, sizeof errbuf, "field \"%.40s\" holds a NUL byte", key);
                *why = errbuf;
                *kind = GS_SKIP_NUL;
                goto fail;
            }
            break;
        case JSON_INTEGER:
            slen = (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            s = num;
            break;
        case JSON_REAL: {
            double d = json_real_value(v);
            /* Integral values print without ".0" so that an ИНН or a year
             * written as a real still reads as its digits. */
            if (d == floor(d) && fabs(d) < 1e15)
                slen = (size_t)snprintf(num, sizeof num, "%.0f", d);
            else
                slen = (size_t)snprintf(num, sizeof num, "%.17g", d);
            s = num;
            break;
        }
        case JSON_TRUE:
        case JSON_FALSE:
            s = json_is_true(v) ? "true" : "false";
            slen = strlen(s);
            break;
        case JSON_ARRAY:
            if (!(owned = join_lines(v, why, kind)))
                goto fail;
            s = owned;
            slen = strlen(owned);
            break;
        default:
            snprintf(errbuf, sizeof errbuf, "field \"%.40s\" holds an object", key);
            *why = errbuf;
            goto fail;
        }
        if (slen > GS_MAX_FIELD) {
            free(owned);
            snprintf(errbuf, sizeof errbuf, "field \"%.40s\" larger than 1 MiB", key);
            *why = errbuf;
            *kind = GS_SKIP_FIELD_SIZE;
            goto fail;
        }
        /* Our own output writes "status":"winner" and "status_text":"...":
         * status_text must not be overwritten by the enum's name. */
        int rc = gs_record_set_named(r, key, s, slen, &vwhy);
        free(owned);
        if (rc == -2) {
            *why = vwhy;
            goto fail;
        }
        if (rc == -1 && warn) {
            char msg[200];
            snprintf(msg, sizeof msg, "field \"%.40s\": %s, value ignored", key, vwhy);
            warn(ctx, msg);
        }
    }
    json_decref(o);
    if (gs_record_finish(r) < 0) {
        gs_record_free(r);
        *why = "out of memory";
        return NULL;
    }
    return r;
fail:
    json_decref(o);
    gs_record_free(r);
    return NULL;
}

gs_record_t *gs_record_from_json(const char *json, size_t len, const char **why)
{
    unsigned secrets = 0;
    gs_record_t *r = gs_record_from_json_ex(json, len, why, NULL, NULL, NULL, &secrets);
    if (r)
        gs_secrets_scrub_record(r);
    return r;
}

gs_record_t *gs_record_from_stored_json(const char *json, size_t len, const char **why)
{
    unsigned secrets = 0;
    return gs_record_from_json_ex(json, len, why, NULL, NULL, NULL, &secrets);
}
