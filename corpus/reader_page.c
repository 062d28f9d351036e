/* reader_page.c - one scraped application page -> one record.
 *
 * The page is a header (status line, title, "label value" lines behind
 * "-" or "•" bullets with any indentation), then sections under fixed
 * headings.  Scrapes are imperfect, so: a stray XML-namespace line is
 * skipped; an empty bullet or a label without a value is ignored; a
 * heading glued to the end of the previous line ("…областиЦелевые группы")
 * is split off; a page that starts straight with its description has no
 * title and no number and gets its id from the file name.  In the contact
 * section the JSON blob is read only for its "address"; its other keys
 * (the site's map API key) are never stored.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "corpus/reader.h"
#include "corpus/reader_impl.h"
#include "corpus/record_impl.h"
#include "toolkit/buf.h"
#include "toolkit/hash.h"

#define F_CONTACT (-2)   /* the contact section: address and website */

static const struct {
    const char *text;
    int field;
} headings[] = {
    {"Краткое описание", GS_DESCRIPTION},
    {"Обоснование социальной значимости", GS_SIGNIFICANCE},
    {"География проекта", GS_GEOGRAPHY},
    {"Целевые группы", GS_TARGET_GROUPS},
    {"Контактная информация", F_CONTACT},
    {"Задачи", GS_TASKS},
    {"Цель", GS_GOAL},
};
#define NHEADINGS (sizeof headings / sizeof headings[0])

/* Header labels: the name the value goes by in gs_record_set_named(). */
static const struct {
    const char *label;
    const char *name;
} labels[] = {
    {"Грантовое направление", "direction"},
    {"Конкурс", "contest"},
    {"Рейтинг заявки", "rating"},
    {"Номер заявки", "number"},
    {"Дата подачи", "date"},
    {"Сроки реализации", "start"},   /* a period; set_named splits it */
    {"Размер гранта", "amount"},
    {"Запрашиваемая сумма", "amount"},
    {"Софинансирование", "cofunding"},
    {"Cофинансирование", "cofunding"},   /* Latin C, as the site writes it */
    {"Общая сумма расходов на реализацию проекта", "total"},
    {"Общая сумма расходов", "total"},
    {"Организация", "org"},
    {"ИНН", "inn"},
    {"ОГРН", "ogrn"},
    {"Регион", "region"},
    {"Сайт", "website"},
};
#define NLABELS (sizeof labels / sizeof labels[0])

/* A growing text: one field's lines joined by '\n'. */
typedef struct {
    gs_buf_t b;
    int too_big;
} text_t;

static int text_add(text_t *t, const char *s, size_t n, char sep)
{
    if (t->too_big)
        return 0;
    if (t->b.len + n + 2 > GS_MAX_FIELD + 2) {
        t->too_big = 1;
        return 0;
    }
    if (t->b.len && sep && gs_buf_append_byte(&t->b, sep) < 0)
        return -1;
    return gs_buf_append(&t->b, s, n);
}

static int is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
    const unsigned char *u = (const unsigned char *)s;
    if (i < n && (u[i] == ' ' || u[i] == '\t' || u[i] == '\r')) {
        *w = 1;
        return 1;
    }
    if (i + 1 < n && u[i] == 0xC2 && u[i + 1] == 0xA0) {
        *w = 2;
        return 1;
    }
    return 0;
}

static void trim(const char **s, size_t *n)
{
    size_t w;
    while (*n && is_space_at(*s, *n, 0, &w))
        *s += w, *n -= w;
    for (;;) {
        if (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
            (*n)--;
        else if (*n >= 2 && (unsigned char)(*s)[*n - 2] == 0xC2 &&
                 (unsigned char)(*s)[*n - 1] == 0xA0)
            *n -= 2;
        else
            break;
    }
}

/* Strip one list marker ("- ", "• ", "* ", a bare "-" before a word, and
 * for indented lines a rendered "1. "): 1 if there was one. */
static int strip_bullet(const char **s, size_t *n, int indented)
{
    const char *p = *s;
    size_t len = *n, w;
    if (len >= 3 && memcmp(p, "•", 3) == 0) {
        p += 3, len -= 3;
    } else if (len >= 1 && (p[0] == '-' || p[0] == '*')) {
        /* "-4500" or "--" is text, not a bullet. */
        if (len >= 2 && ((p[1] >= '0' && p[1] <= '9') || p[1] == '-'))
            return 0;
        p += 1, len -= 1;
    } else if (indented) {
        size_t k = 0;
        while (k < len && p[k] >= '0' && p[k] <= '9')
            k++;
        if (k == 0 || k > 3 || k + 1 >= len || p[k] != '.' || !is_space_at(p, len, k + 1, &w))
            return 0;
        p += k + 1, len -= k + 1;
    } else {
        return 0;
    }
    while (len && is_space_at(p, len, 0, &w))
        p += w, len -= w;
    *s = p;
    *n = len;
    return 1;
}

/* Is line[0..n) a heading (after trimming)?  Index or -1. */
static int heading_of(const char *s, size_t n)
{
    trim(&s, &n);
    if (n && s[n - 1] == ':')
        n--;
    for (size_t h = 0; h < NHEADINGS; h++)
        if (strlen(headings[h].text) == n && memcmp(s, headings[h].text, n) == 0)
            return (int)h;
    return -1;
}

/* A heading glued to the end of a line: the length of the text before it,
 * and the heading's index in *h; 0 if none. */
static size_t glued_heading(const char *s, size_t n, int *h)
{
    trim(&s, &n);
    for (size_t k = 0; k < NHEADINGS; k++) {
        size_t hl = strlen(headings[k].text);
        if (n > hl && memcmp(s + n - hl, headings[k].text, hl) == 0) {
            char before = s[n - hl - 1];
            if (before == ' ' || before == '\t')
                continue;   /* "… наша Цель" is prose, not a heading */
            *h = (int)k;
            return n - hl;
        }
    }
    return 0;
}

static int is_namespace_line(const char *s, size_t n)
{
    /* "http://www.w3.org/1999/xlink http://www.w3.org/1999/xlink": only
     * URLs and spaces. */
    if (n < 7 || (memcmp(s, "http://", 7) != 0 && (n < 8 || memcmp(s, "https://", 8) != 0)))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return strstr(s, "w3.org") != NULL || memchr(s, ' ', n) != NULL;
}

static int label_of(const char *s, size_t n, const char **val, size_t *vlen)
{
    for (size_t k = 0; k < NLABELS; k++) {
        size_t ll = strlen(labels[k].label);
        size_t w;
        if (n < ll || memcmp(s, labels[k].label, ll) != 0)
            continue;
        if (n > ll && !is_space_at(s, n, ll, &w) && s[ll] != ':')
            continue;   /* "Конкурсный отбор…" is not the label "Конкурс" */
        const char *v = s + ll;
        size_t vl = n - ll;
        if (vl && *v == ':')
            v++, vl--;
        trim(&v, &vl);
        *val = v;
        *vlen = vl;
        return (int)k;
    }
    return -1;
}

char *gs_page_id_from_name(const char *file_name, const char *text, size_t len)
{
    if (!file_name || !*file_name || strcmp(file_name, "-") == 0) {
        uint64_t h = gs_fnv64(GS_FNV64_INIT, text, len);
        char *id = malloc(24);
        if (id)
            snprintf(id, 24, "page-%016llx", (unsigned long long)h);
        return id;
    }
    const char *base = strrchr(file_name, '/');
    base = base ? base + 1 : file_name;
    size_t n = strlen(base);
    static const char *const exts[] = {".gz", ".txt", ".text", ".html", ".htm", ".page"};
    for (int again = 1; again;) {
        again = 0;
        for (size_t e = 0; e < sizeof exts / sizeof exts[0]; e++) {
            size_t el = strlen(exts[e]);
            if (n > el && strncasecmp(base + n - el, exts[e], el) == 0) {
                n -= el;
                again = 1;
            }
        }
    }
    size_t k = 0;
    while (k < n && base[k] >= '0' && base[k] <= '9')
        k++;
    if (k > 0 && k + 1 < n && base[k] == '_') {
        base += k + 1;
        n -= k + 1;
    }
    return strndup(base, n);
}

/* The contact blob: only "address" is read; every other key is dropped and
 * counted if it names or holds a secret. */
static void contact_json(const char *s, size_t n, text_t *addr, unsigned *secrets,
                         gs_page_warn_fn warn, void *ctx, unsigned long lineno, int *oom)
{
    json_t *o = json_loadb(s, n, 0, NULL);
    if (!o || !json_is_object(o)) {
        if (warn)
            warn(ctx, lineno, "contact information is not a JSON object; ignored");
        json_decref(o);
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (strcmp(key, "address") == 0 && json_is_string(v)) {
            if (!addr->b.len && text_add(addr, json_string_value(v), json_string_length(v), 0) < 0)
                *oom = 1;
        } else if (gs_secrets_key_is_secret(key)) {
            ++*secrets;
        }
    }
    json_decref(o);
}

gs_record_t *gs_page_parse_ex(const char *text, size_t len, const char *file_name,
                              gs_page_warn_fn warn, void *ctx, unsigned *secrets,
                              gs_skip_info_t *skip)
{
    size_t at;
    /* A UTF-8 byte order mark is not part of the title. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    const char *bad = gs_utf8_check(text, len, &at);
    if (bad) {
        unsigned long line = 1;
        for (size_t i = 0; i < at; i++)
            line += text[i] == '\n';
        gs_skip_set(skip, text[at] == '\0' ? GS_SKIP_NUL : GS_SKIP_UTF8, line, "%s", bad);
        return NULL;
    }
    gs_record_t *r = gs_record_new();
    if (!r) {
        gs_skip_set(skip, GS_SKIP_OPEN, 0, "out of memory");
        return NULL;
    }
    text_t sec[GS_NSTR] = {{GS_BUF_INIT, 0}};
    text_t title = {0}, lead = {0}, addr = {0}, site = {0};
    int section = -1;          /* field being filled; -1 = the header */
    int header_seen = 0;       /* a status line or a label: this page has a header */
    int label_seen = 0;
    int oom = 0;
    unsigned long lineno = 0;
    const char *p = text, *end = text + len;

    while (p < end && !oom) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *s = p;
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        p = nl ? nl + 1 : end;
        lineno++;

        /* A heading glued to the line's end: handle the text part now and
         * the heading after it. */
        int glued = -1;
        size_t before = glued_heading(s, n, &glued);
        int pass_heading = heading_of(s, n);
        if (pass_heading >= 0) {
            section = headings[pass_heading].field;
            continue;
        }
        /* glued_heading measured from the trimmed start of the line. */
        if (before) {
            const char *t = s;
            size_t tn = (size_t)(nl ? nl - s : end - s);
            size_t w;
            while (tn && is_space_at(t, tn, 0, &w))
                t += w, tn -= w;
            s = t;
            n = before;
        }

        size_t indent = 0, w;
        while (indent < n && is_space_at(s, n, indent, &w))
            indent += w;
        const char *line = s + indent;
        size_t ln = n - indent;
        trim(&line, &ln);

        if (section == -1) {
            if (ln == 0)
                goto next;
            if (!title.b.len && !label_seen && is_namespace_line(line, ln))
                goto next;
            static const char status_prefix[] = "Статус проекта:";
            if (ln >= sizeof status_prefix - 1 &&
                memcmp(line, status_prefix, sizeof status_prefix - 1) == 0) {
                const char *v = line + sizeof status_prefix - 1;
                size_t vl = ln - (sizeof status_prefix - 1);
                trim(&v, &vl);
                header_seen = 1;
                if (vl && gs_record_set(r, GS_STATUS_TEXT, v, vl) < 0)
                    oom = 1;
                goto next;
            }
            const char *b = line;
            size_t bn = ln;
            int bullet = strip_bullet(&b, &bn, 0);
            if (bullet && bn == 0) {
                header_seen = 1;   /* an empty "-": a header item without text */
                goto next;
            }
            const char *v;
            size_t vl;
            int k = (bullet || title.b.len || label_seen) ? label_of(b, bn, &v, &vl) : -1;
            if (k >= 0) {
                header_seen = label_seen = 1;
                if (vl == 0)
                    goto next;   /* "Рейтинг заявки" with no value */
                const char *vwhy = NULL;
                int rc = gs_record_set_named(r, labels[k].name, v, vl, &vwhy);
                if (rc == -2) {
                    oom = 1;
                } else if (rc == -1 && warn) {
                    char msg[160];
                    snprintf(msg, sizeof msg, "\"%s\": %s, value ignored", labels[k].label, vwhy);
                    warn(ctx, lineno, msg);
                }
                goto next;
            }
            if (!label_seen) {
                /* Before any label: the title (or, on a page without a
                 * header, the start of the description). */
                if (text_add(&title, line, ln, ' ') < 0 || text_add(&lead, line, ln, '\n') < 0)
                    oom = 1;
            } else if (warn) {
                warn(ctx, lineno, "unrecognised header line ignored");
            }
            goto next;
        }

        if (section == F_CONTACT) {
            if (ln == 0)
                goto next;
            if (line[0] == '{') {
                contact_json(line, ln, &addr, secrets, warn, ctx, lineno, &oom);
            } else if (!addr.b.len) {
                if (text_add(&addr, line, ln, 0) < 0)
                    oom = 1;
            } else if (ln == addr.b.len && memcmp(line, addr.b.s, ln) == 0) {
                /* the plain copy of the JSON address */
            } else if ((ln > 4 && memcmp(line, "www.", 4) == 0) ||
                       (ln > 7 && memcmp(line, "http", 4) == 0)) {
                if (!site.b.len && text_add(&site, line, ln, 0) < 0)
                    oom = 1;
            } else if (text_add(&addr, line, ln, '\n') < 0) {
                oom = 1;
            }
            goto next;
        }

        /* A section's text: one line per paragraph or list item. */
        {
            const char *b = line;
            size_t bn = ln;
            strip_bullet(&b, &bn, indent > 0);
            if (bn && text_add(&sec[section], b, bn, '\n') < 0)
                oom = 1;
        }
    next:
        if (glued >= 0)
            section = headings[glued].field;
    }

    if (oom) {
        gs_skip_set(skip, GS_SKIP_OPEN, 0, "out of memory");
        goto fail;
    }
    /* No status and no labels: the page started straight with its text. */
    if (!header_seen && lead.b.len) {
        text_t d = {0};
        if (text_add(&d, lead.b.s, lead.b.len, 0) < 0 ||
            (sec[GS_DESCRIPTION].b.len &&
             text_add(&d, sec[GS_DESCRIPTION].b.s, sec[GS_DESCRIPTION].b.len, '\n') < 0)) {
            gs_buf_free(&d.b);
            gs_skip_set(skip, GS_SKIP_OPEN, 0, "out of memory");
            goto fail;
        }
        d.too_big |= sec[GS_DESCRIPTION].too_big;
        free(sec[GS_DESCRIPTION].b.s);
        sec[GS_DESCRIPTION] = d;
    } else if (title.b.len) {
        if (gs_record_set(r, GS_TITLE, title.b.s, title.b.len) < 0) {
            gs_skip_set(skip, GS_SKIP_OPEN, 0, "out of memory");
            goto fail;
        }
    }
    if (title.too_big || addr.too_big || site.too_big) {
        gs_skip_set(skip, GS_SKIP_FIELD_SIZE, 0, "field larger than 1 MiB");
        goto fail;
    }
    for (int f = 0; f < GS_NSTR; f++) {
        if (sec[f].too_big) {
            gs_skip_set(skip, GS_SKIP_FIELD_SIZE, 0, "field larger than 1 MiB");
            goto fail;
        }
        if (sec[f].b.len && gs_record_set(r, (gs_field_t)f, sec[f].b.s, sec[f].b.len) < 0) {
            gs_skip_set(skip, GS_SKIP_OPEN, 0, "out of memory");
            goto fail;
        }
    }
    if ((addr.b.len && gs_record_set(r, GS_ADDRESS, addr.b.s, addr.b.len) < 0) ||
        (site.b.len && gs_record_set(r, GS_WEBSITE, site.b.s, site.b.len) < 0)) {
        gs_skip_set(skip, GS_SKIP_OPEN, 0, "out of memory");
        goto fail;
    }
    for (int f = 0; f < GS_NSTR; f++)
        free(sec[f].b.s);
    free(title.b.s), free(lead.b.s), free(addr.b.s), free(site.b.s);
    title.b.s = lead.b.s = addr.b.s = site.b.s = NULL;
    memset(sec, 0, sizeof sec);

    *secrets += gs_secrets_scrub_record(r);
    if (!r->str[GS_NUMBER]) {
        if (!(r->str[GS_ID] = gs_page_id_from_name(file_name, text, len))) {
            gs_skip_set(skip, GS_SKIP_OPEN, 0, "out of memory");
            goto fail;
        }
    }
    if (gs_record_finish(r) < 0) {
        gs_skip_set(skip, GS_SKIP_OPEN, 0, "out of memory");
        goto fail;
    }
    if (!gs_record_has_text(r)) {
        gs_skip_set(skip, GS_SKIP_NO_TEXT, 0, "record has neither title nor any text");
        goto fail;
    }
    return r;

fail:
    for (int f = 0; f < GS_NSTR; f++)
        free(sec[f].b.s);
    free(title.b.s), free(lead.b.s), free(addr.b.s), free(site.b.s);
    gs_record_free(r);
    return NULL;
}

/* Page warnings, their lines moved past the blank lines before the text. */
struct next_ctx {
    const gs_read_ctx_t *x;
    unsigned long line_base;
};

static void next_warn(void *vctx, unsigned long line, const char *reason)
{
    struct next_ctx *c = vctx;
    gs_read_warn(c->x, GS_NOTE_VALUE, line ? line + c->line_base : 0, "%s", reason);
}

gs_read_t gs_page_next(const gs_read_ctx_t *x, gs_input_t *in, unsigned long line_base,
                       gs_read_result_t *res)
{
    char *text;
    size_t len;
    res->last = 1;   /* one page per file */
    int rc = gs_input_slurp(in, GS_MAX_RECORD, &text, &len);
    if (rc < 0)
        return gs_read_input_error(res, in, 0, "");
    if (rc == 2)
        return gs_read_skip(res, GS_SKIP_RECORD_SIZE, 0,
                            "page of %zu bytes is larger than the 16 MiB limit", len);
    struct next_ctx c = {x, line_base};
    gs_record_t *rec = gs_page_parse_ex(text, len, x->file, next_warn, &c, &res->secrets,
                                        &res->skip);
    if (!rec) {
        if (res->skip.line)
            res->skip.line += line_base;
        return GS_READ_SKIP;
    }
    res->rec = rec;
    res->line = line_base + 1;
    res->complete = 1;
    return GS_READ_RECORD;
}

struct page_warn_ctx {
    gs_diag_fn diag;
    void *ctx;
    const char *file;
};

static void page_warn(void *vctx, unsigned long line, const char *reason)
{
    struct page_warn_ctx *c = vctx;
    if (c->diag)
        c->diag(c->ctx, GS_DIAG_WARNING, c->file, line, reason);
}

gs_record_t *gs_page_parse(const char *text, size_t len, const char *file_name,
                           gs_diag_fn diag, void *ctx)
{
    struct page_warn_ctx c = {diag, ctx, file_name ? file_name : "-"};
    unsigned secrets = 0;
    gs_skip_info_t skip;
    if (!text)
        text = "", len = 0;
    gs_record_t *r = gs_page_parse_ex(text, len, file_name, page_warn, &c, &secrets, &skip);
    if (!r && diag)
        diag(ctx, GS_DIAG_ERROR, c.file, skip.line, skip.reason);
    return r;
}
