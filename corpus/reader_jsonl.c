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
    const gs_read_ctx_t *x;
    unsigned long line;
};

static void json_warn(void *vctx, const char *reason)
{
    struct warn_ctx *c = vctx;
    gs_read_warn(c->x, GS_NOTE_VALUE, c->line, "%s", reason);
}

/* One JSON object (a line, or an array element) at line -> a record (not
 * yet finished: reader.c does that), or a skip. */
static gs_read_t json_to_record(const gs_read_ctx_t *x, unsigned long lineno, const char *text,
                                size_t len, gs_read_result_t *res)
{
    if (gs_text_check(text, len, lineno, &res->skip) < 0)
        return GS_READ_SKIP;
    const char *why = NULL;
    gs_skip_t kind = GS_SKIP_JSON;
    unsigned secrets = 0;
    struct warn_ctx wc = {x, lineno};
    gs_record_t *rec = gs_record_from_json_ex(text, len, &why, &kind, json_warn, &wc, &secrets);
    if (!rec)
        return gs_read_skip(res, kind, lineno, "%s", why ? why : "bad JSON record");
    res->rec = rec;
    res->line = lineno;
    res->secrets = secrets;
    return GS_READ_RECORD;
}

gs_read_t gs_jsonl_next(const gs_read_ctx_t *x, gs_input_t *in, gs_read_result_t *res)
{
    for (;;) {
        char *line;
        size_t len;
        int rc = gs_input_getline(in, GS_MAX_RECORD, &line, &len);
        unsigned long lineno = gs_input_lineno(in);
        if (rc == 0)
            return GS_READ_END;
        if (rc < 0) {   /* (the input stays failed: nothing more can come) */
            res->last = 1;
            return gs_read_input_error(res, in, lineno + 1, "; rest of file skipped");
        }
        if (rc == 2)
            return gs_read_skip(res, GS_SKIP_RECORD_SIZE, lineno,
                                "line of %zu bytes is larger than the 16 MiB limit", len);
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue;   /* blank lines separate nothing; ignore them */
        return json_to_record(x, lineno, line, len, res);
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
    int done;               /* the array or the input ended (or failed) */
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
 * the input) ended, -1 it ended with res->skip filled. */
static int scan_element(gs_jarr_t *a, gs_input_t *in, gs_read_result_t *res)
{
    a->elem.len = a->seen = 0;
    int in_elem = 0;
    for (;;) {
        const char *p;
        size_t n;
        if (gs_input_peek(in, 65536, &p, &n) < 0) {
            gs_read_input_error(res, in, gs_input_lineno(in) + 1, "; rest of file skipped");
            return -1;
        }
        if (n == 0) {
            if (in_elem || (a->array && !a->closed)) {
                gs_read_skip(res, GS_SKIP_JSON, in_elem ? a->line : gs_input_lineno(in),
                             "JSON %s not closed at the end of the file (truncated?)",
                             in_elem ? "value" : "array");
                return -1;
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
                    gs_read_skip(res, GS_SKIP_JSON, gs_input_lineno(in) + 1,
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
    gs_read_skip(res, GS_SKIP_OPEN, a->line, "out of memory; rest of file skipped");
    return -1;
}

gs_read_t gs_jarr_next(gs_jarr_t *a, const gs_read_ctx_t *x, gs_input_t *in,
                       gs_read_result_t *res)
{
    if (a->done)
        return GS_READ_END;
    int rc = scan_element(a, in, res);
    if (rc <= 0) {
        a->done = 1;
        return rc < 0 ? GS_READ_SKIP : GS_READ_END;
    }
    a->index++;
    if (a->seen > GS_MAX_RECORD)
        return gs_read_skip(res, GS_SKIP_RECORD_SIZE, a->line,
                            "JSON element of %zu bytes is larger than the 16 MiB limit", a->seen);
    size_t k = 0;
    while (k < a->elem.len && strchr(" \t\r\n", a->elem.s[k]))
        k++;
    if (k == a->elem.len || a->elem.s[k] != '{')
        return gs_read_skip(res, GS_SKIP_JSON, a->line,
                            "element %lu of the JSON array is not an object", a->index);
    return json_to_record(x, a->line, a->elem.s, a->elem.len, res);
}
