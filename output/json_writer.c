/* json_writer.c - JSON in jansson's own layout, written piece by piece
 * (json_writer.h).
 *
 * jansson (dump.c) writes a container as: the bracket; nothing more when it
 * is empty; else before the first member a newline and the indent of the
 * member's depth, between members "," and the same, after the last a
 * newline and the container's own indent, then the closing bracket; a key
 * is followed by ": " (":" when compact).  Compact output has no blanks at
 * all.  Newlines occur only there: strings escape theirs. */
#include "output/json_writer.h"
#include "safetext/safe_text.h"

#include <string.h>

void gs_jw_init(gs_jw_t *w, gs_buf_t *b, int compact)
{
    memset(w, 0, sizeof *w);
    w->b = b;
    w->indent = compact ? 0 : 2;
}

/* A newline and the indent of depth d (nothing when compact). */
static void newline(gs_jw_t *w, int d)
{
    if (!w->indent)
        return;
    gs_buf_append_byte(w->b, '\n');
    for (int i = 0; i < d * w->indent; i++)
        gs_buf_append_byte(w->b, ' ');
}

/* What goes before a member of the innermost container: the first one's
 * newline, or the comma and newline between two. */
static void separate(gs_jw_t *w)
{
    if (w->depth == 0)
        return;
    if (w->count[w->depth - 1]++)
        gs_buf_append_byte(w->b, ',');
    newline(w, w->depth);
}

/* Before a value: in an array it is a member (after a key it is not). */
static void before_value(gs_jw_t *w)
{
    if (w->depth && w->kind[w->depth - 1] == '[')
        separate(w);
}

void gs_jw_open(gs_jw_t *w, char bracket)
{
    if (w->depth == GS_JW_MAX_DEPTH) {
        w->failed = 1;
        return;
    }
    before_value(w);
    gs_buf_append_byte(w->b, bracket);
    w->kind[w->depth] = bracket;
    w->count[w->depth++] = 0;
}

void gs_jw_close(gs_jw_t *w, char bracket)
{
    if (w->depth == 0) {
        w->failed = 1;
        return;
    }
    if (w->count[--w->depth])
        newline(w, w->depth);
    gs_buf_append_byte(w->b, bracket);
}

void gs_jw_key(gs_jw_t *w, const char *key)
{
    separate(w);
    gs_buf_printf(w->b, "\"%s\"%s", key, w->indent ? ": " : ":");
}

/* jansson's pieces into the buffer, each newline followed by `pad` more
 * blanks: a subtree dumped at depth 0 then sits at the writer's depth. */
typedef struct {
    gs_buf_t *b;
    int pad;
} dump_ctx_t;

static int dump_piece(const char *buf, size_t n, void *data)
{
    dump_ctx_t *c = data;
    const char *nl;
    while (c->pad && (nl = memchr(buf, '\n', n))) {
        size_t k = (size_t)(nl - buf) + 1;
        gs_buf_append(c->b, buf, k);
        for (int i = 0; i < c->pad; i++)
            gs_buf_append_byte(c->b, ' ');
        buf += k;
        n -= k;
    }
    return gs_buf_append(c->b, buf, n);
}

void gs_jw_value(gs_jw_t *w, json_t *v)
{
    if (!v) {
        w->failed = 1;
        return;
    }
    before_value(w);
    size_t flags = JSON_ENCODE_ANY | JSON_PRESERVE_ORDER |
                   (w->indent ? JSON_INDENT(w->indent) : JSON_COMPACT);
    dump_ctx_t c = {w->b, w->depth * w->indent};
    if (json_dump_callback(v, dump_piece, &c, flags) < 0)
        w->failed = 1;
    json_decref(v);
}

void gs_jw_member(gs_jw_t *w, const char *key, json_t *v)
{
    if (!v)
        return;
    gs_jw_key(w, key);
    gs_jw_value(w, v);
}

/* The end of the string whose opening quote is at s[i]: the index just
 * past its closing quote (n when cut short). */
static size_t string_end(const char *s, size_t i, size_t n)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return n;
}

void gs_jw_raw(gs_jw_t *w, const char *s, size_t n)
{
    before_value(w);
    if (!w->indent) {
        gs_buf_append(w->b, s, n);
        return;
    }
    int d = w->depth;   /* the depth of what s opens next */
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '"') {
            size_t e = string_end(s, i, n);
            gs_buf_append(w->b, s + i, e - i);
            i = e;
            continue;
        }
        if ((c == '{' || c == '[') && i + 1 < n && s[i + 1] == (c == '{' ? '}' : ']')) {
            gs_buf_append(w->b, s + i, 2);   /* empty: "{}" as jansson writes it */
            i += 2;
            continue;
        }
        if (c == '{' || c == '[') {
            gs_buf_append_byte(w->b, c);
            newline(w, ++d);
        } else if (c == '}' || c == ']') {
            newline(w, --d);
            gs_buf_append_byte(w->b, c);
        } else if (c == ',') {
            gs_buf_append_byte(w->b, ',');
            newline(w, d);
        } else if (c == ':') {
            gs_buf_append(w->b, ": ", 2);
        } else {
            gs_buf_append_byte(w->b, c);
        }
        i++;
    }
}

int gs_jw_flush(gs_jw_t *w, FILE *f)
{
    if (w->failed || w->depth || gs_buf_failed(w->b))
        return -1;
    return gs_safe_json_write(f, w->b->s ? w->b->s : "", w->b->len);
}
