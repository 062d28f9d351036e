/* fields.c - the names users type for fields and filters, and field boosts.
 *
 * One table per kind so adding an alias is one line.  Names compare
 * case-insensitively for ASCII; Russian aliases are given in lower case.
 */
#include "query/query.h"
#include "query/ast.h"
#include "schema/schema.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name, *prefix;
    const char *aliases[5];
} sfields[GS_SF_N] = {
    [GS_SF_TITLE] = {"title", GS_PREFIX_TITLE, {"t", "name", "название", "заголовок", NULL}},
    [GS_SF_GOAL] = {"goal", GS_PREFIX_GOAL, {"g", "цель", NULL}},
    [GS_SF_TASKS] = {"tasks", NULL, {"task", "задачи", NULL}},
    [GS_SF_DESCRIPTION] = {"description", NULL, {"desc", "d", "описание", NULL}},
    [GS_SF_SIGNIFICANCE] = {"significance", NULL,
                            {"sig", "signif", "значимость", NULL}},
    [GS_SF_GEOGRAPHY] = {"geography", GS_PREFIX_GEOGRAPHY, {"geo", "география", NULL}},
    [GS_SF_TARGET] = {"target", GS_PREFIX_TARGET, {"tg", "audience", "целевые", NULL}},
    [GS_SF_ORG] = {"org", GS_PREFIX_ORG, {"organization", "организация", NULL}},
};

static const struct {
    const char *name;
    const char *aliases[4];
} filters[QF_N] = {
    [QF_STATUS] = {"status", {"статус", NULL}},
    [QF_YEAR] = {"year", {"год", NULL}},
    [QF_AMOUNT] = {"amount", {"sum", "сумма", NULL}},
    [QF_REGION] = {"region", {"регион", NULL}},
    [QF_DIRECTION] = {"direction", {"dir", "направление", NULL}},
    [QF_CONTEST] = {"contest", {"конкурс", NULL}},
    [QF_INN] = {"inn", {"инн", NULL}},
    [QF_NUMBER] = {"number", {"num", "номер", "id", NULL}},
};

static int name_eq(const char *a, const char *b, size_t len)
{
    return strlen(a) == len && !strncasecmp(a, b, len);
}

const char *gs_sfield_name(gs_sfield_t f)
{
    return (unsigned)f < GS_SF_N ? sfields[f].name : "?";
}

const char *gs_sfield_prefix(gs_sfield_t f)
{
    return (unsigned)f < GS_SF_N ? sfields[f].prefix : NULL;
}

int gs_sfield_by_name(const char *name, size_t len)
{
    for (int f = 0; f < GS_SF_N; f++) {
        if (name_eq(sfields[f].name, name, len))
            return f;
        for (int a = 0; sfields[f].aliases[a]; a++)
            if (name_eq(sfields[f].aliases[a], name, len))
                return f;
    }
    return -1;
}

const char *gs_qf_name(int f)
{
    return f >= 0 && f < QF_N ? filters[f].name : "?";
}

int gs_qf_by_name(const char *name, size_t len)
{
    for (int f = 0; f < QF_N; f++) {
        if (name_eq(filters[f].name, name, len))
            return f;
        for (int a = 0; filters[f].aliases[a]; a++)
            if (name_eq(filters[f].aliases[a], name, len))
                return f;
    }
    return -1;
}

/* Defaults tuned on ../shared/relevance (see bench/results/relevance.md). */
void gs_boosts_default(gs_boosts_t *b)
{
    b->body = 1.0;
    for (int f = 0; f < GS_SF_N; f++)
        b->field[f] = 0.0;
    /* A title or goal word counts 1.5x a word elsewhere (body 1 + 0.5). */
    b->field[GS_SF_TITLE] = 0.5;
    b->field[GS_SF_GOAL] = 0.5;
}

static char *msg(const char *fmt, const char *a, size_t alen)
{
    char *m = NULL;
    if (asprintf(&m, fmt, (int)alen, a) < 0)
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
                *err = msg("bad boost '%.*s': expected FIELD=WEIGHT, e.g. title=3", p, len);
            return -1;
        }
        size_t nlen = (size_t)(eq - p);
        char num[64];
        size_t vlen = len - nlen - 1;
        if (vlen == 0 || vlen >= sizeof num) {
            if (err)
                *err = msg("bad boost '%.*s': missing weight", p, len);
            return -1;
        }
        memcpy(num, eq + 1, vlen);
        num[vlen] = '\0';
        char *e;
        errno = 0;
        double w = strtod(num, &e);
        if (*e || errno || !isfinite(w) || w < 0 || w > 1000) {
            if (err)
                *err = msg("bad boost '%.*s': the weight must be a number from 0 to 1000", p,
                           len);
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
                *err = msg("cannot boost '%.*s': only title, goal, geography, target, org and "
                           "body have their own weight (tasks, description and significance "
                           "count as body)",
                           p, nlen);
            return -1;
        } else {
            if (err)
                *err = msg("unknown field '%.*s' in --boost (title, goal, geography, target, "
                           "org, body)",
                           p, nlen);
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
                *err = msg("unknown facet '%.*s' (status, year, direction, region, contest)", p,
                           len);
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
