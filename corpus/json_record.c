/* json_record.c - a record as one JSON object (the JSONL form), both ways.
 *
 * Output: keys as gs_field_name() gives them, absent fields omitted,
 * numbers as numbers, dates as "YYYY-MM-DD", status as "winner"/"rejected"
 * (its source wording in "status_text").  Input: those keys or the archive's
 * CSV column names; values may be strings in Russian forms ("998 532,00",
 * "08.07.2021"), numbers, booleans (winner), null, or arrays of strings (a
 * list: joined one item per line).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corpus/json_record.h"
#include "corpus/record_impl.h"

static int put_date(json_t *o, const char *key, int32_t v)
{
    if (!v)
        return 0;
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)(v / 10000) % 10000, (int)(v / 100 % 100),
             (int)(v % 100));
    return json_object_set_new(o, key, json_string(buf));
}

static int put_real(json_t *o, const char *key, double v)
{
    if (isnan(v))
        return 0;
    return json_object_set_new(o, key, json_real(v));
}

char *gs_record_to_json(const gs_record_t *r)
{
    if (!r)
        return NULL;
    json_t *o = json_object();
    if (!o)
        return NULL;
    int err = 0;
    for (int f = 0; f < GS_NSTR; f++) {
        if (f == GS_STATUS_TEXT && r->status != GS_OUTCOME_UNKNOWN)
            err |= json_object_set_new(o, "status", json_string(gs_outcome_name(r->status)));
        if (r->str[f])
            err |= json_object_set_new(o, gs_field_name((gs_field_t)f), json_string(r->str[f]));
    }
    if (r->year)
        err |= json_object_set_new(o, "year", json_integer(r->year));
    err |= put_date(o, "date", r->date);
    err |= put_date(o, "start", r->start);
    err |= put_date(o, "end", r->end);
    err |= put_real(o, "amount", r->amount);
    err |= put_real(o, "cofunding", r->cofunding);
    err |= put_real(o, "total", r->total);
    err |= put_real(o, "rating", r->rating);
    char *s = err ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
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
