/* parser.c - the query language, by recursive descent.
 *
 *   query   := or EOF
 *   or      := and ( OR and )*
 *   and     := seq ( AND seq | NOT seq )*
 *   seq     := unary+                      words side by side (QN_DEFAULT)
 *   unary   := '-' primary | NOT primary | primary
 *   primary := '(' or ')' | "phrase" | =word | word | prefix*
 *            | field ':' primary           title:, goal:, ... (aliases in fields.c)
 *            | filter ':' value            status:, year:, amount:, region:, ...
 *
 * Operators are upper-case (AND OR NOT) so that the Russian "и", "или",
 * "не" stay ordinary words.  Every error carries the byte offset where it
 * was found; the caller turns it into a column.
 */
#include "query/ast.h"
#include "query/query.h"
#include "toolkit/buf.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    qlexer_t lx;
    qtoken_t cur;
    const char *s;
    size_t err_off;
    char *msg;
    size_t msgcap;
    int failed;
    int depth;
    size_t words;      /* words read so far (GS_QUERY_MAX_TERMS) */
    char *note;        /* the `word:` runs read as words (malloc'd list) */
    size_t nnoted, nunnoted;
} qparser_t;

/* A quoted piece of the query in a message: at most this many bytes. */
#define QUOTE_MAX 40
/* `word:` runs named in the note; the rest are counted. */
#define NOTE_MAX 5

static void advance(qparser_t *p)
{
    p->cur = gs_qlex_next(&p->lx);
}

static void *fail(qparser_t *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void *fail(qparser_t *p, size_t off, const char *fmt, ...)
{
    if (p->failed)
        return NULL;
    p->failed = 1;
    p->err_off = off;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, p->msgcap, fmt, ap);
    va_end(ap);
    return NULL;
}

static qnode_t *node_new(qn_kind_t kind, size_t off)
{
    qnode_t *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->offset = off;
        n->field = -1;
        n->filter = -1;
        n->lo = n->hi = -1;
    }
    return n;
}

void gs_qnode_free(qnode_t *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        gs_qnode_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

static int add_kid(qnode_t *n, qnode_t *kid)
{
    qnode_t **k = realloc(n->kids, (n->nkids + 1) * sizeof *k);
    if (!k)
        return -1;
    n->kids = k;
    n->kids[n->nkids++] = kid;
    return 0;
}

/* Combine a and b under kind, flattening same-kind nodes. */
static qnode_t *combine(qparser_t *p, qn_kind_t kind, qnode_t *a, qnode_t *b)
{
    qnode_t *n = a;
    if (a->kind != kind) {
        n = node_new(kind, a->offset);
        if (!n || add_kid(n, a) < 0) {
            free(n);
            gs_qnode_free(a);
            gs_qnode_free(b);
            return fail(p, 0, "out of memory");
        }
    }
    if (add_kid(n, b) < 0) {
        gs_qnode_free(n);
        gs_qnode_free(b);
        return fail(p, 0, "out of memory");
    }
    return n;
}

static char *dup_range(const char *s, size_t a, size_t b)
{
    return strndup(s + a, b - a);
}

/* "%.*s%s" arguments quoting s[0..len) in a message, clipped (QUOTE_MAX). */
#define QUOTED(s, len) gs_qlex_clip((s), (len), QUOTE_MAX), (s), \
                       ((size_t)gs_qlex_clip((s), (len), QUOTE_MAX) < (len) ? "\xE2\x80\xA6" : "")

static qnode_t *parse_or(qparser_t *p);

/* Count n more words; 0, or -1 (failed at off) past GS_QUERY_MAX_TERMS:
 * a cap that keeps a pasted paragraph and refuses a pasted document before
 * it costs seconds and gigabytes in Xapian. */
static int count_words(qparser_t *p, size_t n, size_t off)
{
    p->words += n;
    if (p->words <= GS_QUERY_MAX_TERMS)
        return 0;
    fail(p, off, "the query has too many words (more than %d); search with fewer, or find "
                 "applications like a whole draft with 'grantsearch similar'",
         GS_QUERY_MAX_TERMS);
    return -1;
}

/* Words in a phrase: runs of non-blanks. */
static size_t phrase_words(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' && s[i] != '\t' && (i == a || s[i - 1] == ' ' || s[i - 1] == '\t'))
            n++;
    return n;
}

/* Remember that name: was read as a word (the note gs_qparse_noted hands
 * out).  Out of memory only loses the note. */
static void note_not_field(qparser_t *p, const char *name, size_t len)
{
    if (p->nnoted >= NOTE_MAX) {
        p->nunnoted++;
        return;
    }
    char *n = NULL;
    if (asprintf(&n, "%s%s'%.*s%s:'", p->note ? p->note : "", p->note ? ", " : "",
                 QUOTED(name, len)) < 0)
        return;
    free(p->note);
    p->note = n;
    p->nnoted++;
}

static int starts_unary(qt_kind_t k)
{
    return k == QT_WORD || k == QT_PHRASE || k == QT_LPAREN || k == QT_MINUS || k == QT_FIELD;
}

static void set_field(qnode_t *n, int field)
{
    if (n->kind == QN_WORD || n->kind == QN_PHRASE)
        n->field = field;
    for (size_t i = 0; i < n->nkids; i++)
        set_field(n->kids[i], field);
}

/* ---- filter values ------------------------------------------------ */

static int parse_number(const char *s, size_t len, double *out)
{
    char buf[64];
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '_' || c == '\'')
            continue; /* digit groups: 500 000, 500_000 */
        if (c == ',')
            c = '.';
        if (j + 1 >= sizeof buf || !(isdigit((unsigned char)c) || c == '.'))
            return -1;
        buf[j++] = c;
    }
    if (j == 0)
        return -1;
    buf[j] = '\0';
    char *e;
    errno = 0;
    double v = strtod(buf, &e);
    if (*e || errno || v < 0)
        return -1;
    *out = v;
    return 0;
}

/* "N", "N..M", "N..", "..M" (also N-M for years). */
static int parse_range(qparser_t *p, qnode_t *n, const char *v, size_t len, size_t off,
                       int is_year)
{
    const char *dots = NULL;
    size_t seplen = 2;
    for (size_t i = 0; i + 1 < len; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            dots = v + i;
            break;
        }
    if (!dots && is_year) {
        dots = memchr(v, '-', len);
        seplen = 1;
    }
    const char *what = is_year ? "year" : "amount";
    const char *example = is_year ? "year:2019 or year:2019..2021"
                                  : "amount:500000..3000000";
    if (!dots) {
        double x;
        if (parse_number(v, len, &x) < 0) {
            fail(p, off, "bad %s '%.*s%s': expected a number or a range, e.g. %s", what,
                 QUOTED(v, len), example);
            return -1;
        }
        n->lo = n->hi = x;
        n->is_range = !is_year;
    } else {
        size_t a = (size_t)(dots - v);
        const char *b = dots + seplen;
        size_t blen = len - a - seplen;
        n->is_range = 1;
        if ((a && parse_number(v, a, &n->lo) < 0) || (blen && parse_number(b, blen, &n->hi) < 0) ||
            (!a && !blen)) {
            fail(p, off, "bad %s range '%.*s%s': expected N..M, e.g. %s", what,
                 QUOTED(v, len), example);
            return -1;
        }
        if (n->lo >= 0 && n->hi >= 0 && n->lo > n->hi) {
            fail(p, off, "bad %s range '%.*s%s': the low end is above the high end", what,
                 QUOTED(v, len));
            return -1;
        }
    }
    if (is_year && ((n->lo >= 0 && (n->lo < 1900 || n->lo > 2100 || n->lo != (int)n->lo)) ||
                    (n->hi >= 0 && (n->hi < 1900 || n->hi > 2100 || n->hi != (int)n->hi)))) {
        fail(p, off, "bad year '%.*s%s': expected a year such as 2021", QUOTED(v, len));
        return -1;
    }
    return 0;
}

/* status values: English or Russian words, '|' or ',' between alternatives. */
static const char *status_word(const char *w, size_t len)
{
    static const struct { const char *word, *status; } words[] = {
        {"winner", "winner"}, {"won", "winner"}, {"победитель", "winner"},
        {"победил", "winner"}, {"поддержан", "winner"}, {"rejected", "rejected"},
        {"lost", "rejected"}, {"отклонен", "rejected"}, {"отклонён", "rejected"},
        {"отказ", "rejected"}, {"unknown", "unknown"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].word) == len && !strncasecmp(words[i].word, w, len))
            return words[i].status;
    return NULL;
}

static qnode_t *parse_filter(qparser_t *p, int filter, size_t field_off, const char *name,
                             size_t name_len)
{
    qtoken_t v = gs_qlex_value(&p->lx);
    if (v.kind == QT_ERROR)
        return fail(p, v.start, "%s", v.error);
    if (v.kind == QT_EOF || v.end == v.start)
        return fail(p, field_off, "'%.*s:' needs a value, e.g. %s", (int)name_len, name,
                    filter == QF_STATUS ? "status:winner"
                    : filter == QF_YEAR ? "year:2021"
                    : filter == QF_AMOUNT ? "amount:500000..3000000"
                    : filter == QF_REGION ? "region:\"Пермский край\""
                    : "a word or a \"quoted phrase\"");
    qnode_t *n = node_new(QN_FILTER, field_off);
    if (!n)
        return fail(p, 0, "out of memory");
    n->filter = filter;
    const char *val = p->s + v.start;
    size_t len = v.end - v.start;
    if (filter == QF_YEAR || filter == QF_AMOUNT) {
        if (parse_range(p, n, val, len, v.start, filter == QF_YEAR) < 0) {
            gs_qnode_free(n);
            return NULL;
        }
        n->text = dup_range(p->s, v.start, v.end);
    } else if (filter == QF_STATUS) {
        char buf[64] = "";
        size_t i = 0;
        while (i <= len) {
            size_t j = i;
            while (j < len && val[j] != '|' && val[j] != ',')
                j++;
            const char *st = status_word(val + i, j - i);
            if (!st) {
                gs_qnode_free(n);
                return fail(p, v.start + i,
                            "unknown status '%.*s%s' (winner, rejected or unknown)",
                            QUOTED(val + i, j - i));
            }
            if (!strstr(buf, st) && strlen(buf) + strlen(st) + 2 < sizeof buf) {
                if (*buf)
                    strcat(buf, "|");
                strcat(buf, st);
            }
            i = j + 1;
        }
        n->text = strdup(buf);
    } else if (filter == QF_INN) {
        for (size_t i = 0; i < len; i++)
            if (!isdigit((unsigned char)val[i])) {
                gs_qnode_free(n);
                return fail(p, v.start + i, "bad INN '%.*s%s': expected digits",
                            QUOTED(val, len));
            }
        n->text = dup_range(p->s, v.start, v.end);
    } else {
        n->text = dup_range(p->s, v.start, v.end);
    }
    if (!n->text) {
        gs_qnode_free(n);
        return fail(p, 0, "out of memory");
    }
    return n;
}

/* ---- grammar ------------------------------------------------------ */

/* The current token is `name:` that names no field or filter: pasted text
 * ("Цель: ...") or a URL.  Read the run again as a word, colon and all,
 * and say so in the notes. */
static void reread_as_word(qparser_t *p)
{
    note_not_field(p, p->s + p->cur.start, p->cur.end - p->cur.start);
    p->lx.pos = p->cur.start;
    p->lx.plain = 1;
    p->cur = gs_qlex_next(&p->lx);
    p->lx.plain = 0;
}

static qnode_t *parse_primary(qparser_t *p)
{
    qtoken_t t = p->cur;
    if (++p->depth > 100)
        return fail(p, t.start, "the query nests brackets too deeply");
    qnode_t *n = NULL;
    switch (t.kind) {
    case QT_ERROR:
        return fail(p, t.start, "%s", t.error);
    case QT_LPAREN:
        advance(p);
        if (p->cur.kind == QT_RPAREN)
            return fail(p, t.start, "empty brackets");
        n = parse_or(p);
        if (!n)
            return NULL;
        if (p->cur.kind != QT_RPAREN) {
            gs_qnode_free(n);
            if (p->cur.kind == QT_ERROR)
                return fail(p, p->cur.start, "%s", p->cur.error);
            return fail(p, t.start, "unbalanced bracket: this '(' is never closed");
        }
        advance(p);
        break;
    case QT_RPAREN:
        return fail(p, t.start, "unbalanced bracket: ')' without a matching '('");
    case QT_WORD:
    case QT_PHRASE:
        if (count_words(p, t.kind == QT_WORD ? 1 : phrase_words(p->s, t.start, t.end),
                        t.start) < 0)
            return NULL;
        n = node_new(t.kind == QT_WORD ? QN_WORD : QN_PHRASE, t.start);
        if (!n || !(n->text = dup_range(p->s, t.start, t.end))) {
            free(n);
            return fail(p, 0, "out of memory");
        }
        if (t.kind == QT_PHRASE)
            n->offset = t.start - 1;
        n->flags = t.flags;
        advance(p);
        break;
    case QT_FIELD: {
        const char *name = p->s + t.start;
        size_t len = t.end - t.start;
        int f = gs_sfield_by_name(name, len);
        int flt = f < 0 ? gs_qf_by_name(name, len) : -1;
        if (f < 0 && flt < 0) {
            reread_as_word(p);
            p->depth--;
            return parse_primary(p);
        }
        if (flt >= 0) {
            if (count_words(p, 1, t.start) < 0)
                return NULL;
            n = parse_filter(p, flt, t.start, name, len);
            if (n)
                advance(p);
            break;
        }
        advance(p);
        /* title:Цель:… — the same rule after a field as anywhere else. */
        if (p->cur.kind == QT_FIELD &&
            gs_sfield_by_name(p->s + p->cur.start, p->cur.end - p->cur.start) < 0 &&
            gs_qf_by_name(p->s + p->cur.start, p->cur.end - p->cur.start) < 0)
            reread_as_word(p);
        if (p->cur.kind != QT_WORD && p->cur.kind != QT_PHRASE && p->cur.kind != QT_LPAREN) {
            if (p->cur.kind == QT_ERROR)
                return fail(p, p->cur.start, "%s", p->cur.error);
            return fail(p, t.start, "'%.*s:' needs a word, a \"phrase\" or (words) after it",
                        (int)len, name);
        }
        n = parse_primary(p);
        if (n) {
            set_field(n, f);
            n->offset = t.start;
        }
        break;
    }
    case QT_AND:
    case QT_OR:
        return fail(p, t.start, "'%s' needs a word on each side",
                    t.kind == QT_AND ? "AND" : "OR");
    case QT_NOT:
    case QT_MINUS:
        return fail(p, t.start, "'%s' needs a word after it", t.kind == QT_NOT ? "NOT" : "-");
    case QT_EOF:
        return fail(p, t.start, "the query ends too early");
    }
    p->depth--;
    return n;
}

static qnode_t *parse_unary(qparser_t *p)
{
    if (p->cur.kind == QT_MINUS || p->cur.kind == QT_NOT) {
        qtoken_t t = p->cur;
        advance(p);
        if (!starts_unary(p->cur.kind) || p->cur.kind == QT_MINUS) {
            if (p->cur.kind == QT_ERROR)
                return fail(p, p->cur.start, "%s", p->cur.error);
            return fail(p, t.start, "'%s' needs a word after it",
                        t.kind == QT_NOT ? "NOT" : "-");
        }
        qnode_t *kid = parse_primary(p);
        if (!kid)
            return NULL;
        qnode_t *n = node_new(QN_NOT, t.start);
        if (!n || add_kid(n, kid) < 0) {
            free(n);
            gs_qnode_free(kid);
            return fail(p, 0, "out of memory");
        }
        return n;
    }
    return parse_primary(p);
}

static qnode_t *parse_seq(qparser_t *p)
{
    qnode_t *n = parse_unary(p);
    while (n && starts_unary(p->cur.kind)) {
        qnode_t *b = parse_unary(p);
        if (!b) {
            gs_qnode_free(n);
            return NULL;
        }
        n = combine(p, QN_DEFAULT, n, b);
    }
    return n;
}

static qnode_t *parse_and(qparser_t *p)
{
    qnode_t *n = parse_seq(p);
    while (n && (p->cur.kind == QT_AND || p->cur.kind == QT_NOT)) {
        qtoken_t op = p->cur;
        advance(p);
        if (!starts_unary(p->cur.kind)) {
            gs_qnode_free(n);
            if (p->cur.kind == QT_ERROR)
                return fail(p, p->cur.start, "%s", p->cur.error);
            return fail(p, op.start, "'%s' needs a word after it",
                        op.kind == QT_AND ? "AND" : "NOT");
        }
        qnode_t *b = parse_seq(p);
        if (!b) {
            gs_qnode_free(n);
            return NULL;
        }
        if (op.kind == QT_NOT) {
            qnode_t *neg = node_new(QN_NOT, op.start);
            if (!neg || add_kid(neg, b) < 0) {
                free(neg);
                gs_qnode_free(b);
                gs_qnode_free(n);
                return fail(p, 0, "out of memory");
            }
            b = neg;
        }
        n = combine(p, QN_AND, n, b);
    }
    return n;
}

static qnode_t *parse_or(qparser_t *p)
{
    qnode_t *n = parse_and(p);
    while (n && p->cur.kind == QT_OR) {
        qtoken_t op = p->cur;
        advance(p);
        if (!starts_unary(p->cur.kind) && p->cur.kind != QT_NOT) {
            gs_qnode_free(n);
            if (p->cur.kind == QT_ERROR)
                return fail(p, p->cur.start, "%s", p->cur.error);
            return fail(p, op.start, "'OR' needs a word on each side");
        }
        qnode_t *b = parse_and(p);
        if (!b) {
            gs_qnode_free(n);
            return NULL;
        }
        n = combine(p, QN_OR, n, b);
    }
    return n;
}

qnode_t *gs_qparse(const char *text, size_t *err_off, char *msg, size_t msgcap)
{
    return gs_qparse_noted(text, NULL, err_off, msg, msgcap);
}

/* The note of the `word:` runs read as words: malloc'd, or NULL. */
static char *not_field_note(const qparser_t *p)
{
    char *n = NULL;
    if (!p->note)
        return NULL;
    if (p->nunnoted
            ? asprintf(&n, "not a field, searched as words: %s and %zu more", p->note,
                       p->nunnoted) < 0
            : asprintf(&n, "not a field, searched as %s: %s", p->nnoted > 1 ? "words" : "a word",
                       p->note) < 0)
        return NULL;
    return n;
}

qnode_t *gs_qparse_noted(const char *text, char **note, size_t *err_off, char *msg,
                         size_t msgcap)
{
    qparser_t p = {0};
    p.s = text;
    p.msg = msg;
    p.msgcap = msgcap;
    if (note)
        *note = NULL;
    gs_qlex_init(&p.lx, text, strlen(text));
    advance(&p);
    if (p.cur.kind == QT_EOF) /* nothing to search: not an error (see ast.h) */
        return node_new(QN_DEFAULT, 0);
    qnode_t *n = parse_or(&p);
    if (n && p.cur.kind != QT_EOF) {
        gs_qnode_free(n);
        n = NULL;
        if (p.cur.kind == QT_RPAREN)
            fail(&p, p.cur.start, "unbalanced bracket: ')' without a matching '('");
        else if (p.cur.kind == QT_ERROR)
            fail(&p, p.cur.start, "%s", p.cur.error);
        else
            fail(&p, p.cur.start, "unexpected '%.*s%s'",
                 QUOTED(text + p.cur.start, p.cur.end - p.cur.start));
    }
    if (!n) {
        if (!p.failed)
            fail(&p, 0, "out of memory");
        *err_off = p.err_off;
        free(p.note);
        return NULL;
    }
    if (note)
        *note = not_field_note(&p);
    free(p.note);
    return n;
}

/* ---- describe ----------------------------------------------------- */

static void describe(gs_buf_t *b, const qnode_t *n, int top)
{
    char num[64];
    switch (n->kind) {
    case QN_WORD:
    case QN_PHRASE:
        if (n->field >= 0) {
            gs_buf_append_str(b, gs_sfield_name(n->field));
            gs_buf_append_str(b, ":");
        }
        if (n->flags & QW_EXACT)
            gs_buf_append_str(b, "=");
        if (n->kind == QN_PHRASE)
            gs_buf_append_str(b, "\"");
        gs_buf_append_str(b, n->text);
        if (n->kind == QN_PHRASE)
            gs_buf_append_str(b, "\"");
        if (n->flags & QW_PREFIX)
            gs_buf_append_str(b, "*");
        break;
    case QN_NOT:
        gs_buf_append_str(b, "-");
        describe(b, n->kids[0], 0);
        break;
    case QN_FILTER:
        gs_buf_append_str(b, gs_qf_name(n->filter));
        gs_buf_append_str(b, ":");
        if ((n->filter == QF_YEAR || n->filter == QF_AMOUNT) && n->is_range) {
            if (n->lo >= 0) {
                snprintf(num, sizeof num, "%.15g", n->lo);
                gs_buf_append_str(b, num);
            }
            gs_buf_append_str(b, "..");
            if (n->hi >= 0) {
                snprintf(num, sizeof num, "%.15g", n->hi);
                gs_buf_append_str(b, num);
            }
        } else if (n->filter == QF_YEAR) {
            snprintf(num, sizeof num, "%.0f", n->lo);
            gs_buf_append_str(b, num);
        } else if (strchr(n->text, ' ')) {
            gs_buf_append_str(b, "\"");
            gs_buf_append_str(b, n->text);
            gs_buf_append_str(b, "\"");
        } else {
            gs_buf_append_str(b, n->text);
        }
        break;
    case QN_DEFAULT:
    case QN_AND:
    case QN_OR:
        if (!top)
            gs_buf_append_str(b, "(");
        for (size_t i = 0; i < n->nkids; i++) {
            if (i)
                gs_buf_append_str(b, n->kind == QN_DEFAULT ? " " : n->kind == QN_AND ? " AND " : " OR ");
            describe(b, n->kids[i], 0);
        }
        if (!top)
            gs_buf_append_str(b, ")");
        break;
    }
}

char *gs_qnode_describe(const qnode_t *n)
{
    gs_buf_t b = GS_BUF_INIT;
    describe(&b, n, 1);
    return gs_buf_take(&b, NULL);  /* "" for nothing, NULL if out of memory */
}
