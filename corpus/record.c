/* record.c - the record model: field names, aliases, lifetime, setters.
 *
 * One table names every string field for JSON (the key we write) and lists
 * the other names it goes by (the archive CSV's columns), so the CSV and
 * JSONL readers and gs_record_to_json all agree on one vocabulary.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "corpus/record.h"
#include "corpus/record_impl.h"

static const struct {
    const char *key;      /* the JSON key we write */
    const char *aliases;  /* other names accepted on input, ' '-separated */
} fields[GS_NSTR] = {
    [GS_ID] = {"id", ""},
    [GS_NUMBER] = {"number", "req_num"},
    [GS_TITLE] = {"title", "name"},
    [GS_STATUS_TEXT] = {"status_text", ""},
    [GS_CONTEST] = {"contest", ""},
    [GS_DIRECTION] = {"direction", ""},
    [GS_REGION] = {"region", ""},
    [GS_ORG] = {"org", "organisation organization"},
    [GS_INN] = {"inn", ""},
    [GS_OGRN] = {"ogrn", ""},
    [GS_DESCRIPTION] = {"description", ""},
    [GS_GOAL] = {"goal", ""},
    [GS_TASKS] = {"tasks", ""},
    [GS_SIGNIFICANCE] = {"significance", "soc_signif"},
    [GS_GEOGRAPHY] = {"geography", "pj_geo"},
    [GS_TARGET_GROUPS] = {"target_groups", ""},
    [GS_ADDRESS] = {"address", ""},
    [GS_WEBSITE] = {"website", "web_site"},
    [GS_LINK] = {"link", "url"},
    [GS_OKATO] = {"okato", ""},
    [GS_OKTMO] = {"oktmo", ""},
    [GS_LEVEL] = {"level", ""},
};

/* The non-string values and the names they go by. */
static const struct {
    gs_value_t v;
    const char *names;
} values[] = {
    {GS_V_STATUS, "status winner"},
    {GS_V_YEAR, "year"},
    {GS_V_DATE, "date date_req"},
    {GS_V_START, "start implem_start"},
    {GS_V_END, "end implem_end"},
    {GS_V_AMOUNT, "amount money_req_grant"},
    {GS_V_COFUNDING, "cofunding"},
    {GS_V_TOTAL, "total total_money"},
    {GS_V_RATING, "rating rate"},
};

const char *gs_field_name(gs_field_t f)
{
    return (unsigned)f < GS_NSTR ? fields[f].key : "?";
}

/* Is name one of the ' '-separated words of list? */
static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncasecmp(p, name, n) == 0)
            return 1;
        p += len;
        while (*p == ' ')
            p++;
    }
    return 0;
}

int gs_field_by_name(const char *name)
{
    if (!name)
        return -1;
    for (int f = 0; f < GS_NSTR; f++)
        if (strcasecmp(fields[f].key, name) == 0 || in_list(fields[f].aliases, name))
            return f;
    return -1;
}

int gs_value_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        if (in_list(values[i].names, name))
            return (int)values[i].v;
    return -1;
}

const char *gs_outcome_name(gs_outcome_t s)
{
    switch (s) {
    case GS_OUTCOME_WINNER: return "winner";
    case GS_OUTCOME_REJECTED: return "rejected";
    default: return "unknown";
    }
}

gs_record_t *gs_record_new(void)
{
    gs_record_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->amount = r->cofunding = r->total = r->rating = NAN;
    return r;
}

void gs_record_free(gs_record_t *r)
{
    if (!r)
        return;
    for (int f = 0; f < GS_NSTR; f++)
        free(r->str[f]);
    free(r->file);
    free(r);
}

int gs_record_set(gs_record_t *r, gs_field_t f, const char *s, size_t len)
{
    if ((unsigned)f >= GS_NSTR)
        return -1;
    char *copy = NULL;
    if (s) {
        if (!(copy = malloc(len + 1)))
            return -1;
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    free(r->str[f]);
    r->str[f] = copy;
    return 0;
}

int gs_record_has_text(const gs_record_t *r)
{
    static const gs_field_t text[] = {GS_TITLE, GS_DESCRIPTION, GS_GOAL, GS_TASKS,
                                      GS_SIGNIFICANCE, GS_GEOGRAPHY, GS_TARGET_GROUPS};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        const char *s = r->str[text[i]];
        for (; s && *s; s++)
            if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
                return 1;
    }
    return 0;
}

/* "победитель конкурса", "TRUE" -> winner; "проект не получил поддержки",
 * "FALSE" -> rejected.  The words, not the exact phrase, decide, so that
 * "не получил поддержку" and case variants classify too. */
gs_outcome_t gs_outcome_classify(const char *s)
{
    if (!s)
        return GS_OUTCOME_UNKNOWN;
    while (*s == ' ')
        s++;
    if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0 || strcasecmp(s, "winner") == 0 ||
        strstr(s, "победител") || strstr(s, "Победител"))
        return GS_OUTCOME_WINNER;
    if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 || strcasecmp(s, "rejected") == 0 ||
        strstr(s, "не получил") || strstr(s, "Не получил") || strstr(s, "не поддержан"))
        return GS_OUTCOME_REJECTED;
    return GS_OUTCOME_UNKNOWN;
}

/* Copy of s[0..len) without leading/trailing white space (incl. U+00A0). */
static void trim(const char **s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t n = *len;
    for (;;) {
        if (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
            p++, n--;
        } else if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
            p += 2, n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
            n--;
        else if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    *s = (const char *)p;
    *len = n;
}

void gs_record_trim(const char **s, size_t *len)
{
    trim(s, len);
}

int gs_record_set_named(gs_record_t *r, const char *name, const char *val, size_t len,
                        const char **why)
{
    trim(&val, &len);
    int f = gs_field_by_name(name);
    if (f >= 0) {
        if (len == 0)
            return 0;   /* empty = absent: "" in the archive means "not given" */
        if (gs_record_set(r, (gs_field_t)f, val, len) < 0) {
            *why = "out of memory";
            return -2;
        }
        if (f == GS_STATUS_TEXT && r->status == GS_OUTCOME_UNKNOWN)
            r->status = gs_outcome_classify(r->str[f]);
        return 0;
    }
    int v = gs_value_by_name(name);
    if (v < 0)
        return 1;
    if (len == 0)
        return 0;
    char buf[64];
    if (v != GS_V_STATUS && len >= sizeof buf) {
        *why = "value too long for a number or date";
        return -1;
    }
    if (v != GS_V_STATUS) {
        memcpy(buf, val, len);
        buf[len] = '\0';
    }
    double d;
    int32_t date, end;
    switch ((gs_value_t)v) {
    case GS_V_STATUS: {
        /* Keep the source's wording; the enum is derived from it. */
        gs_outcome_t s;
        char *tmp = strndup(val, len);
        if (!tmp) {
            *why = "out of memory";
            return -2;
        }
        s = gs_outcome_classify(tmp);
        if (strcasecmp(tmp, "unknown") == 0) {
            free(tmp);
            return 0;
        }
        if (s == GS_OUTCOME_UNKNOWN) {
            free(tmp);
            *why = "unrecognised status";
            return -1;
        }
        r->status = s;
        /* "winner"/"rejected" are our own names and TRUE/FALSE the
         * archive's flag: neither is a wording worth keeping. */
        static const char *const flags[] = {"winner", "rejected", "true", "false", "1", "0"};
        int flag = 0;
        for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
            flag |= strcasecmp(tmp, flags[i]) == 0;
        if (!flag) {
            free(r->str[GS_STATUS_TEXT]);
            r->str[GS_STATUS_TEXT] = tmp;
        } else {
            free(tmp);
        }
        return 0;
    }
    case GS_V_YEAR: {
        char *end_p;
        long y = strtol(buf, &end_p, 10);
        if (*end_p == '.' && end_p[1] == '0' && end_p[2] == '\0')
            end_p += 2;   /* "2025.0" from spreadsheet exports */
        if (*end_p || y < 1900 || y > 2200) {
            *why = "bad year";
            return -1;
        }
        r->year = (int)y;
        return 0;
    }
    case GS_V_DATE:
    case GS_V_START:
    case GS_V_END:
        if (gs_parse_date(buf, &date) < 0) {
            /* A whole period in one cell ("01.10.2021 - 31.03.2022"). */
            if (gs_parse_period(buf, &date, &end) == 0 && v != GS_V_DATE) {
                r->start = date;
                r->end = end;
                return 0;
            }
            *why = "bad date";
            return -1;
        }
        if (v == GS_V_DATE)
            r->date = date;
        else if (v == GS_V_START)
            r->start = date;
        else
            r->end = date;
        return 0;
    case GS_V_AMOUNT:
    case GS_V_COFUNDING:
    case GS_V_TOTAL:
    case GS_V_RATING:
        if (gs_parse_amount(buf, &d) < 0) {
            *why = "bad number";
            return -1;
        }
        if (v == GS_V_AMOUNT)
            r->amount = d;
        else if (v == GS_V_COFUNDING)
            r->cofunding = d;
        else if (v == GS_V_TOTAL)
            r->total = d;
        else
            r->rating = d;
        return 0;
    }
    return 1;
}

int gs_record_finish(gs_record_t *r)
{
    if (!r->str[GS_ID] && r->str[GS_NUMBER])
        if (!(r->str[GS_ID] = strdup(r->str[GS_NUMBER])))
            return -1;
    /* The number wins over any other id: it is what users and qrels name. */
    if (r->str[GS_NUMBER] && strcmp(r->str[GS_ID], r->str[GS_NUMBER]) != 0) {
        char *id = strdup(r->str[GS_NUMBER]);
        if (!id)
            return -1;
        free(r->str[GS_ID]);
        r->str[GS_ID] = id;
    }
    if (!r->year && r->str[GS_CONTEST]) {
        /* "Первый конкурс 2020" -> 2020: the last 4-digit 20xx/19xx number. */
        const char *s = r->str[GS_CONTEST];
        for (size_t i = 0; s[i]; i++) {
            if ((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) {
                if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
                    continue;
                if (s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9' &&
                    !(s[i + 4] >= '0' && s[i + 4] <= '9'))
                    r->year = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 +
                              (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
            }
        }
    }
    /* The contest's year is the archive's "year"; a submission date can
     * fall in the year before ("Первый конкурс 2020" took applications in
     * November 2019), so the date is only the fallback. */
    if (!r->year && r->date)
        r->year = r->date / 10000;
    if (r->status == GS_OUTCOME_UNKNOWN && r->str[GS_STATUS_TEXT])
        r->status = gs_outcome_classify(r->str[GS_STATUS_TEXT]);
    return 0;
}
