/* fields.c - the names users type for fields and filters, and field boosts,
 * read from the schema's tables (schema/schema.h), where adding a field,
 * filter or alias is one line.  Names compare case-insensitively for ASCII;
 * Russian aliases are given in lower case.
 */
#include "query/query.h"
#include "query/ast.h"
#include "schema/schema.h"
#include "toolkit/error.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The tables themselves are schema.h's; the searcher's enums index them. */
_Static_assert(GS_SF_N == GS_SCHEMA_NFIELDS, "gs_sfield_t must follow gs_schema_fields");
_Static_assert(QF_N == GS_SCHEMA_NFILTERS, "qf_kind_t must follow gs_schema_filters");

static int name_eq(const char *a, const char *b, size_t len)
{
    return strlen(a) == len && !strncasecmp(a, b, len);
}

const char *gs_sfield_name(gs_sfield_t f)
{
    return (unsigned)f < GS_SF_N ? gs_schema_fields[f].name : "?";
}

const char *gs_sfield_prefix(gs_sfield_t f)
{
    return (unsigned)f < GS_SF_N ? gs_schema_fields[f].prefix : NULL;
}

int gs_sfield_by_name(const char *name, size_t len)
{
    return gs_schema_field_by_name(name, len);
}

const char *gs_qf_name(int f)
{
    return f >= 0 && f < QF_N ? gs_schema_filters[f].name : "?";
}

int gs_qf_by_name(const char *name, size_t len)
{
    return gs_schema_filter_by_name(name, len);
}

/* The defaults are the schema's (tuned on ../shared/relevance). */
void gs_boosts_default(gs_boosts_t *b)
{
    b->body = 1.0;
    for (int f = 0; f < GS_SF_N; f++) {
        b->field[f] = gs_schema_fields[f].boost;
        b->folded[f] = 0;
    }
}

/* The names of the short fields (want_short) or of the long ones, from the
 * schema's table: "a, b, c", the last joined by last_sep. */
static void field_names(int want_short, const char *last_sep, char *buf, size_t cap)
{
    int count = 0, k = 0;
    for (int f = 0; f < GS_SF_N; f++)
        count += !gs_schema_fields[f].prefix == !want_short;
    size_t n = 0;
    buf[0] = '\0';
    for (int f = 0; f < GS_SF_N && n < cap; f++) {
        if (!gs_schema_fields[f].prefix != !want_short)
            continue;
        const char *sep = k == 0 ? "" : k == count - 1 ? last_sep : ", ";
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", sep, gs_schema_fields[f].name);
        k++;
    }
}

/* A --boost error naming the field and the fields there are: fmt takes
 * the field (%.*s), then the short fields' names, then the long ones'. */
static char *boost_error(const char *fmt, const char *name, size_t len)
{
    char shorts[256], longs[256];
    field_names(1, ", ", shorts, sizeof shorts);
    field_names(0, " and ", longs, sizeof longs);
    char *m = NULL;
    if (asprintf(&m, fmt, (int)len, name, shorts, longs) < 0)
        return NULL;
    return m;
}

int gs_boosts_parse(gs_boosts_t *b, const char *spec, char **err)
{
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq) {
            if (err)
                *err = gs_strdupf("bad boost '%.*s': expected FIELD=WEIGHT, e.g. title=3",
                                  (int)len, p);
            return -1;
        }
        size_t nlen = (size_t)(eq - p);
        char num[64];
        size_t vlen = len - nlen - 1;
        if (vlen == 0 || vlen >= sizeof num) {
            if (err)
                *err = gs_strdupf("bad boost '%.*s': missing weight", (int)len, p);
            return -1;
        }
        memcpy(num, eq + 1, vlen);
        num[vlen] = '\0';
        char *e;
        errno = 0;
        double w = strtod(num, &e);
        if (*e || errno || !isfinite(w) || w < 0 || w > 1000) {
            if (err)
                *err = gs_strdupf("bad boost '%.*s': the weight must be a number from 0 to 1000",
                                  (int)len, p);
            return -1;
        }
        int f;
        if (name_eq("body", p, nlen) || name_eq("text", p, nlen))
            b->body = w;
        else if ((f = gs_sfield_by_name(p, nlen)) >= 0 && gs_sfield_prefix(f))
            b->field[f] = w;
        else if (f >= 0) {
            /* Long fields have no terms of their own (schema.h): their words
             * weigh in the body. */
            if (err)
                *err = boost_error("cannot boost '%.*s': only %s and body have their own weight "
                                   "(%s count as body)",
                                   p, nlen);
            return -1;
        } else {
            if (err)
                *err = boost_error("unknown field '%.*s' in --boost (%s, body)", p, nlen);
            return -1;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

int gs_facets_parse(const char *spec, unsigned *mask, char **err)
{
    static const struct { const char *name; unsigned bit; } names[] = {
        {"status", GS_FACET_STATUS}, {"year", GS_FACET_YEAR},
        {"direction", GS_FACET_DIRECTION}, {"region", GS_FACET_REGION},
        {"contest", GS_FACET_CONTEST},
    };
    *mask = 0;
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        size_t i;
        for (i = 0; i < sizeof names / sizeof names[0]; i++)
            if (name_eq(names[i].name, p, len))
                break;
        if (len && i == sizeof names / sizeof names[0]) {
            if (err)
                *err = gs_strdupf("unknown facet '%.*s' (status, year, direction, region, contest)",
                                  (int)len, p);
            return -1;
        }
        if (len)
            *mask |= names[i].bit;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}
