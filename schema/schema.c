/* schema.c - the field and filter tables and the value fold (schema.h).
 *
 * The indexer writes by these tables and the searcher reads by them, so a
 * field or filter added here is indexed, searchable and boostable at once. */
#include "schema/schema.h"
#include "schema/sketch.h" /* gs_sketch_fnv */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Boosts: how many more times a word in the field counts, BM25F-style
 * (query/ranking.c): 1 = a title or goal word counts as two occurrences of
 * the word, saturated and weighed with the body's (issue 16, measured on
 * ../shared/relevance: bench/RESULTS.md). */
const gs_schema_field_t gs_schema_fields[] = {
    /* record        name            aliases                                   prefix            boost spell */
    {GS_TITLE,       "title",        {"t", "name", "название", "заголовок"},  GS_PREFIX_TITLE,     1.0, 1},
    {GS_GOAL,        "goal",         {"g", "цель"},                          GS_PREFIX_GOAL,      1.0, 1},
    {GS_TASKS,       "tasks",        {"task", "задачи"},                     NULL,                0.0, 0},
    {GS_DESCRIPTION, "description",  {"desc", "d", "описание"},              NULL,                0.0, 0},
    {GS_SIGNIFICANCE, "significance", {"sig", "signif", "значимость"},       NULL,                0.0, 0},
    {GS_GEOGRAPHY,   "geography",    {"geo", "география"},                   GS_PREFIX_GEOGRAPHY, 0.0, 0},
    {GS_TARGET_GROUPS, "target",     {"tg", "audience", "целевые"},          GS_PREFIX_TARGET,    0.0, 0},
    {GS_ORG,         "org",          {"organization", "организация"},        GS_PREFIX_ORG,       0.0, 0},
};
_Static_assert(sizeof gs_schema_fields / sizeof gs_schema_fields[0] == GS_SCHEMA_NFIELDS,
               "GS_SCHEMA_NFIELDS must count the rows of gs_schema_fields");

const gs_schema_filter_t gs_schema_filters[] = {
    /* name        aliases                         kind               prefix               slot               fold record */
    {"status",    {"статус"},                     GS_FILTER_TERM,    GS_PREFIX_STATUS,    GS_SLOT_STATUS,    0, GS_ID},
    {"year",      {"год"},                        GS_FILTER_RANGE,   GS_PREFIX_YEAR,      GS_SLOT_YEAR,      0, GS_ID},
    {"amount",    {"sum", "сумма"},               GS_FILTER_RANGE,   NULL,                GS_SLOT_AMOUNT,    0, GS_ID},
    {"region",    {"регион"},                     GS_FILTER_TERM,    GS_PREFIX_REGION,    GS_SLOT_REGION,    1, GS_REGION},
    {"direction", {"dir", "направление"},         GS_FILTER_TERM,    GS_PREFIX_DIRECTION, GS_SLOT_DIRECTION, 1, GS_DIRECTION},
    {"contest",   {"конкурс"},                    GS_FILTER_TERM,    GS_PREFIX_CONTEST,   GS_SLOT_CONTEST,   1, GS_CONTEST},
    {"inn",       {"инн"},                        GS_FILTER_TERM,    GS_PREFIX_INN,       -1,                0, GS_ID},
    {"number",    {"num", "номер", "id"},         GS_FILTER_NUMBER,  GS_PREFIX_ID,        -1,                0, GS_ID},
};
_Static_assert(sizeof gs_schema_filters / sizeof gs_schema_filters[0] == GS_SCHEMA_NFILTERS,
               "GS_SCHEMA_NFILTERS must count the rows of gs_schema_filters");

int gs_boost_repeats(double boost)
{
    if (!(boost > 0))
        return 0;
    int r = (int)(boost + 0.5);
    return r < 1 ? 1 : r > GS_BOOST_MAX_REPEAT ? GS_BOOST_MAX_REPEAT : r;
}

size_t gs_schema_fold_spec(char *buf, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++) {
        int r = gs_schema_fields[f].prefix ? gs_boost_repeats(gs_schema_fields[f].boost) : 0;
        if (r == 0)
            continue;
        int k = snprintf(buf + n, cap - n, "%s%s=%d", n ? "," : "", gs_schema_fields[f].name, r);
        if (k < 0 || (size_t)k >= cap - n)
            return 0;
        n += (size_t)k;
    }
    return n;
}

static int name_eq(const char *a, const char *b, size_t len)
{
    return strlen(a) == len && !strncasecmp(a, b, len);
}

/* Is s[0..len) the name or one of the NULL-terminated aliases? */
static int named(const char *name, const char *const *aliases, size_t naliases, const char *s,
                 size_t len)
{
    if (name_eq(name, s, len))
        return 1;
    for (size_t a = 0; a < naliases && aliases[a]; a++)
        if (name_eq(aliases[a], s, len))
            return 1;
    return 0;
}

#define NALIASES(row) (sizeof (row).aliases / sizeof (row).aliases[0])

int gs_schema_field_by_name(const char *name, size_t len)
{
    for (int f = 0; f < GS_SCHEMA_NFIELDS; f++)
        if (named(gs_schema_fields[f].name, gs_schema_fields[f].aliases,
                  NALIASES(gs_schema_fields[f]), name, len))
            return f;
    return -1;
}

int gs_schema_filter_by_name(const char *name, size_t len)
{
    for (int f = 0; f < GS_SCHEMA_NFILTERS; f++)
        if (named(gs_schema_filters[f].name, gs_schema_filters[f].aliases,
                  NALIASES(gs_schema_filters[f]), name, len))
            return f;
    return -1;
}

char *gs_schema_fold(const char *s, size_t len)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (n == UTF8PROC_ERROR_NOMEM)
        return NULL;
    if (n < 0)
        return strndup(s, len);  /* not UTF-8: stored and looked up as given */
    /* ё (d1 91) -> е (d0 b5): same length, so in place. */
    for (utf8proc_ssize_t i = 0; i + 1 < n; i++)
        if (out[i] == 0xd1 && out[i + 1] == 0x91) {
            out[i] = 0xd0;
            out[i + 1] = 0xb5;
            i++;
        }
    return (char *)out;
}

size_t gs_schema_pair_term(char *buf, size_t cap, const char *a, size_t alen, const char *b,
                           size_t blen)
{
    static const char hex[] = "0123456789abcdef";
    size_t plen = sizeof GS_PREFIX_PAIR - 1;
    if (cap < plen + 5)
        return 0;
    uint32_t h = gs_sketch_fnv(gs_sketch_fnv(gs_sketch_fnv(2166136261u, a, alen), " ", 1), b, blen);
    h = (h ^ (h >> 16)) & 0xffff;
    memcpy(buf, GS_PREFIX_PAIR, plen);
    for (int i = 0; i < 4; i++)
        buf[plen + (size_t)i] = hex[h >> (12 - 4 * i) & 0xf];
    buf[plen + 4] = '\0';
    return plen + 4;
}

size_t gs_schema_lemma_key(char *key, size_t cap, const char *form, size_t len)
{
    size_t plen = sizeof GS_META_LEMMA - 1;
    if (plen + len + 1 > cap)
        return 0;
    memcpy(key, GS_META_LEMMA, plen);
    memcpy(key + plen, form, len);
    key[plen + len] = '\0';
    return plen + len;
}

int gs_schema_lemma_entry(const char *v, size_t vlen, const char **list, size_t *len)
{
    if (vlen == 0 || v[0] < '0' || v[0] > '9')
        return -1;
    int n = v[0] - '0';
    if (n == 1 && (vlen < 3 || v[vlen - 1] != '\0'))
        return -1;
    *list = v + 1;
    *len = vlen - 1;
    return n;
}

/* Bytes of the first n UTF-8 characters of s[0..len) (a continuation byte
 * is 10xxxxxx), or 0 when s is shorter. */
static size_t utf8_head(const char *s, size_t len, unsigned n)
{
    size_t i = 0;
    for (unsigned k = 0; k < n; k++) {
        if (i >= len)
            return 0;
        i++;
        while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
    }
    return i;
}

const char *const gs_schema_stem_prefixes[GS_SCHEMA_NSTEM_PREFIXES] = {
    "201", "202", "акт", "арт", "бол", "гор", "гра", "гру", "дос", "зна", "ини", "инф",
    "ком", "кон", "кра", "меж", "мес", "мод", "мун", "нас", "нов", "обл", "обр", "обу",
    "общ", "орг", "пер", "пло", "пов", "под", "поз", "пол", "пос", "пот", "пра", "пре",
    "при", "про", "раб", "раз", "реа", "рег", "рес", "реш", "сам", "соз", "соо", "соп",
    "соц", "спо", "ста", "тер", "тех", "уро", "усл", "уст", "уча", "фор", "цел", "цен",
    "чел", "эко", "экс", "эфф",
};
_Static_assert(sizeof gs_schema_stem_prefixes / sizeof gs_schema_stem_prefixes[0] <= 64,
               "a record's stem prefixes are a 64-bit mask (indexer/document.c)");

static int cmp_prefix(const void *key, const void *row)
{
    return strcmp(key, *(const char *const *)row);
}

int gs_schema_stem_prefix(const char *s, size_t len, size_t *head)
{
    size_t h = utf8_head(s, len, GS_SCHEMA_STEM_PREFIX);
    char key[4 * GS_SCHEMA_STEM_PREFIX + 1];
    if (head)
        *head = h;
    if (h == 0 || h >= sizeof key)
        return -1;
    memcpy(key, s, h);
    key[h] = '\0';
    const char *const *r = bsearch(key, gs_schema_stem_prefixes, GS_SCHEMA_NSTEM_PREFIXES,
                                   sizeof *gs_schema_stem_prefixes, cmp_prefix);
    return r ? (int)(r - gs_schema_stem_prefixes) : -1;
}
