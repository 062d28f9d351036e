/* stored_record.c - the stored record's text fields decoded from its JSON.
 *
 * Kept apart from the recheck (verify.c), which calls it for each candidate
 * it must re-analyse. */
#include "searcher/stored_record.h"
#include "corpus/record.h"
#include "schema/summary.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- the stored record's text fields, without a DOM ------------------
 *
 * Building jansson's tree of the whole record was a third of a phrase
 * query's time (perf, bench/RESULTS.md); the recheck needs only the eight
 * text strings, so they are decoded straight from the JSON text.  Anything
 * unexpected makes it give up (-1) and the caller falls back to jansson. */

static int hex4(const char *p, const char *end, unsigned *out)
{
    if (end - p < 4)
        return -1;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* The string whose opening quote *pp is just past; into out (NULL: skip). */
static int json_str(const char **pp, const char *end, gs_buf_t *out)
{
    const char *p = *pp;
    while (p < end) {
        const char *run = p;
        while (p < end && *p != '"' && *p != '\\')
            p++;
        if (out && p > run && gs_buf_append(out, run, (size_t)(p - run)) < 0)
            return -1;
        if (p == end)
            return -1;
        if (*p == '"') {
            *pp = p + 1;
            return 0;
        }
        if (++p == end)
            return -1;
        char e = *p++, c[4];  /* utf8proc writes at most 4 bytes */
        size_t n = 1;
        switch (e) {
        case '"': case '\\': case '/': c[0] = e; break;
        case 'b': c[0] = '\b'; break;
        case 'f': c[0] = '\f'; break;
        case 'n': c[0] = '\n'; break;
        case 'r': c[0] = '\r'; break;
        case 't': c[0] = '\t'; break;
        case 'u': {
            unsigned u, lo;
            if (hex4(p, end, &u) < 0)
                return -1;
            p += 4;
            if (u >= 0xD800 && u < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
                hex4(p + 2, end, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
            n = (size_t)utf8proc_encode_char((utf8proc_int32_t)u, (utf8proc_uint8_t *)c);
            if (!n)
                return -1;
            break;
        }
        default:
            return -1;
        }
        if (out && gs_buf_append(out, c, n) < 0)
            return -1;
    }
    return -1;
}

static const char *json_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}

/* Skip a value that is not an object or array of interest: a string, or a
 * scalar/nested value up to the next ',' or '}' at its own depth. */
static int json_skip(const char **pp, const char *end)
{
    const char *p = *pp;
    int depth = 0;
    while (p < end) {
        if (*p == '"') {
            p++;
            if (json_str(&p, end, NULL) < 0)
                return -1;
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if (*p == '}' || *p == ']') {
            if (depth == 0)
                break;
            depth--;
        } else if (*p == ',' && depth == 0)
            break;
        p++;
    }
    *pp = p;
    return p < end ? 0 : -1;
}

/* The text fields of a stored record: out[f] for schema field f. */
int gs_stored_text_fields(const char *js, size_t len, gs_buf_t out[GS_SCHEMA_NFIELDS])
{
    const char *p = js, *end = js + len;
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++)
        out[f].len = 0;
    p = json_ws(p, end);
    if (p == end || *p++ != '{')
        return -1;
    gs_buf_t key = {0};
    int rc = -1;
    for (;;) {
        p = json_ws(p, end);
        if (p < end && *p == '}') {
            rc = 0;
            break;
        }
        if (p == end || *p++ != '"')
            break;
        key.len = 0;
        if (json_str(&p, end, &key) < 0)
            break;
        p = json_ws(p, end);
        if (p == end || *p++ != ':')
            break;
        p = json_ws(p, end);
        int f = -1;
        for (int i = 0; i < GS_SCHEMA_NFIELDS && f < 0; i++)
            if (key.len && !strcmp(key.s, gs_field_name(gs_schema_fields[i].record)))
                f = i;
        if (f >= 0 && p < end && *p == '"') {
            p++;
            if (json_str(&p, end, &out[f]) < 0)
                break;
        } else if (json_skip(&p, end) < 0) {
            break;
        }
        p = json_ws(p, end);
        if (p < end && *p == ',')
            p++;
    }
    free(key.s);
    return rc;
}

int gs_stored_text_into(const char *js, size_t len, gs_record_t *r)
{
    gs_buf_t out[GS_SCHEMA_NFIELDS] = {GS_BUF_INIT};
    int rc = gs_stored_text_fields(js, len, out);
    for (int f = 0; rc == 0 && f < GS_SCHEMA_NFIELDS; f++) {
        gs_field_t field = gs_schema_fields[f].record;
        const char *s = out[f].s;
        size_t n = out[f].len;
        if (out[f].failed)
            rc = -1;
        else if (s && !r->str[field]) {
            gs_record_trim(&s, &n);
            if (n && gs_record_set(r, field, s, n) < 0)
                rc = -1;
        }
    }
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++)
        gs_buf_free(&out[f]);
    return rc;
}

/* ---- the result line's fields, from the summary value ---------------- */

gs_record_t *gs_stored_summary(const char *v, size_t len)
{
    gs_summary_t sum;
    if (!v || gs_summary_decode(v, len, &sum) < 0)
        return NULL;
    gs_record_t *r = gs_record_new();
    if (!r)
        return NULL;
    r->status = sum.status;
    r->year = sum.year;
    for (int i = 0; i < GS_SUMMARY_NFIELDS; i++)
        if (sum.str[i] && gs_record_set(r, gs_summary_fields[i], sum.str[i], sum.len[i]) < 0) {
            gs_record_free(r);
            return NULL;
        }
    return r;
}
