/* reader_jsonl.c - JSON Lines: one application object per line.
 *
 * Each line is parsed on its own (json_loadb), so one bad line costs one
 * record.  A line over GS_MAX_RECORD is skipped without being held.
 */
#include <stdlib.h>
#include <string.h>

#include "corpus/json_record.h"
#include "corpus/reader_impl.h"
#include "corpus/record_impl.h"

struct warn_ctx {
    gs_reader_t *r;
    const char *file;
    unsigned long line;
};

static void json_warn(void *vctx, const char *reason)
{
    struct warn_ctx *c = vctx;
    gs_reader_warn(c->r, GS_NOTE_VALUE, c->file, c->line, "%s", reason);
}

/* One JSON object (a line, or an array element) at file:line -> a record,
 * or NULL after reporting why not. */
static gs_record_t *json_to_record(gs_reader_t *r, const char *file, unsigned long lineno,
                                   const char *text, size_t len)
{
    if (gs_reader_check_text(r, file, lineno, text, len) < 0)
        return NULL;
    const char *why = NULL;
    unsigned secrets = 0;
    struct warn_ctx wc = {r, file, lineno};
    gs_record_t *rec = gs_record_from_json_ex(text, len, &why, json_warn, &wc, &secrets);
    if (!rec) {
        gs_skip_t s = GS_SKIP_JSON;
        if (why && strstr(why, "1 MiB"))
            s = GS_SKIP_FIELD_SIZE;
        else if (why && strstr(why, "NUL"))
            s = GS_SKIP_NUL;
        gs_reader_skip(r, s, file, lineno, "%s", why ? why : "bad JSON record");
        return NULL;
    }
    return gs_reader_finish_record(r, rec, file, lineno, secrets);
}

int gs_jsonl_next(gs_reader_t *r, const char *file, gs_input_t *in, gs_record_t **out)
{
    for (;;) {
        char *line;
        size_t len;
        int rc = gs_input_getline(in, GS_MAX_RECORD, &line, &len);
        unsigned long lineno = gs_input_lineno(in);
        if (rc == 0)
            return 0;
        if (rc < 0) {
            gs_reader_skip(r, strstr(gs_input_error(in), "gzip") ? GS_SKIP_GZIP : GS_SKIP_OPEN,
                           file, lineno + 1, "%s; rest of file skipped", gs_input_error(in));
            return 0;
        }
        if (rc == 2) {
            gs_reader_skip(r, GS_SKIP_RECORD_SIZE, file, lineno,
                           "line of %zu bytes is larger than the 16 MiB limit", len);
            continue;
        }
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue;   /* blank lines separate nothing; ignore them */
        if ((*out = json_to_record(r, file, lineno, line, len)))
            return 1;
    }
}

/* JSON arrays (and objects spread over lines).  A small scanner finds
 * where each element starts and ends (strings, escapes and nesting
 * tracked), so a file of any size is read one element at a time; each
 * element is then parsed on its own like a JSONL line. */
struct gs_jarr {
    int array;              /* elements are inside '[' ... ']' */
    int opened, closed;     /* '[' seen; ']' (or EOF) seen */
    int depth, str, esc;    /* scanner state inside an element */
    unsigned long line;     /* line the element starts on */
    gs_buf_t elem;          /* the element, held up to GS_MAX_RECORD */
    size_t seen;            /* its size, held or not */
    unsigned long index;    /* 1-based element number */
};

gs_jarr_t *gs_jarr_new(int array)
{
    gs_jarr_t *a = calloc(1, sizeof *a);
    if (a)
        a->array = array;
    return a;
}

void gs_jarr_free(gs_jarr_t *a)
{
    if (a)
        free(a->elem.s);
    free(a);
}

/* Hold the element's next n bytes, unless it is already too big (then
 * they are only counted).  0 ok, -1 ENOMEM. */
static int elem_add(gs_jarr_t *a, const char *p, size_t n)
{
    a->seen += n;
    return a->seen > GS_MAX_RECORD ? 0 : gs_buf_append(&a->elem, p, n);
}

/* Scan the next element into a->elem.  1 one is complete, 0 the array (or
 * the input) ended, -1 error (reported). */
static int scan_element(gs_reader_t *r, gs_jarr_t *a, const char *file, gs_input_t *in)
{
    a->elem.len = a->seen = 0;
    int in_elem = 0;
    for (;;) {
        const char *p;
        size_t n;
        if (gs_input_peek(in, 65536, &p, &n) < 0) {
            gs_reader_skip(r, strstr(gs_input_error(in), "gzip") ? GS_SKIP_GZIP : GS_SKIP_OPEN,
                           file, gs_input_lineno(in) + 1, "%s; rest of file skipped",
                           gs_input_error(in));
            return -1;
        }
        if (n == 0) {
            if (in_elem || (a->array && !a->closed)) {
                gs_reader_skip(r, GS_SKIP_JSON, file, in_elem ? a->line : gs_input_lineno(in),
                               "JSON %s not closed at the end of the file (truncated?)",
                               in_elem ? "value" : "array");
            }
            return 0;
        }
        size_t i = 0, from = 0;
        int done = 0;
        for (; i < n && !done; i++) {
            char c = p[i];
            if (!in_elem) {
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                    continue;
                if (a->array && !a->opened && c == '[') {
                    a->opened = 1;
                    continue;
                }
                if (a->closed) {
                    gs_input_consume(in, i);
                    gs_reader_skip(r, GS_SKIP_JSON, file, gs_input_lineno(in) + 1,
                                   "data after the end of the JSON array; rest of file skipped");
                    return -1;
                }
                if (a->array && (c == ',' || c == ']')) {
                    a->closed = c == ']';
                    continue;
                }
                /* An element starts here. */
                gs_input_consume(in, i);
                p += i, n -= i, i = 0;
                in_elem = 1;
                a->line = gs_input_lineno(in) + 1;
                a->depth = a->str = a->esc = 0;
                from = 0;
            }
            if (a->str) {
                if (a->esc)
                    a->esc = 0;
                else if (c == '\\')
                    a->esc = 1;
                else if (c == '"')
                    a->str = 0;
            } else if (c == '"') {
                a->str = 1;
            } else if (c == '{' || c == '[') {
                a->depth++;
            } else if (c == '}' || c == ']') {
                if (a->depth == 0 && a->array) {
                    done = 1;   /* the array's own ']' ends a scalar element */
                    a->closed = 1;
                    if (elem_add(a, p + from, i - from) < 0)
                        goto oom;
                    i++;
                    break;
                }
                if (--a->depth == 0 && !a->array)
                    done = 1;
            } else if (c == ',' && a->depth == 0 && a->array) {
                done = 1;
                if (elem_add(a, p + from, i - from) < 0)
                    goto oom;
                i++;
                break;
            }
            if (done && elem_add(a, p + from, i + 1 - from) < 0)
                goto oom;
        }
        if (!done && in_elem && elem_add(a, p + from, i - from) < 0)
            goto oom;
        gs_input_consume(in, i);
        if (done)
            return 1;
    }
oom:
    gs_reader_skip(r, GS_SKIP_OPEN, file, a->line, "out of memory; rest of file skipped");
    return -1;
}

int gs_jarr_next(gs_reader_t *r, gs_jarr_t *a, const char *file, gs_input_t *in,
                 gs_record_t **out)
{
    for (;;) {
        if (scan_element(r, a, file, in) <= 0)
            return 0;
        a->index++;
        if (a->seen > GS_MAX_RECORD) {
            gs_reader_skip(r, GS_SKIP_RECORD_SIZE, file, a->line,
                           "JSON element of %zu bytes is larger than the 16 MiB limit", a->seen);
            continue;
        }
        size_t k = 0;
        while (k < a->elem.len && strchr(" \t\r\n", a->elem.s[k]))
            k++;
        if (k == a->elem.len || a->elem.s[k] != '{') {
            gs_reader_skip(r, GS_SKIP_JSON, file, a->line,
                           "element %lu of the JSON array is not an object", a->index);
            continue;
        }
        if ((*out = json_to_record(r, file, a->line, a->elem.s, a->elem.len)))
            return 1;
    }
}
