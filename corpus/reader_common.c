/* reader_common.c - what the format readers share (reader_impl.h): typed
 * skips, warnings passed up, the text check.  Nothing here knows the
 * dispatcher (reader.c): a format reader returns, reader.c reports. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "corpus/reader_impl.h"
#include "corpus/record_impl.h"

static void vskip(gs_skip_info_t *skip, gs_skip_t kind, unsigned long line, const char *fmt,
                  va_list ap)
{
    skip->kind = kind;
    skip->line = line;
    vsnprintf(skip->reason, sizeof skip->reason, fmt, ap);
}

void gs_skip_set(gs_skip_info_t *skip, gs_skip_t kind, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vskip(skip, kind, line, fmt, ap);
    va_end(ap);
}

gs_read_t gs_read_skip(gs_read_result_t *res, gs_skip_t kind, unsigned long line,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vskip(&res->skip, kind, line, fmt, ap);
    va_end(ap);
    return GS_READ_SKIP;
}

void gs_read_warn(const gs_read_ctx_t *x, gs_note_t kind, unsigned long line, const char *fmt,
                  ...)
{
    if (!x->warn)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->warn(x->ctx, kind, line, msg);
}

gs_read_t gs_read_input_error(gs_read_result_t *res, gs_input_t *in, unsigned long line,
                              const char *tail)
{
    return gs_read_skip(res, gs_input_error_is_gzip(in) ? GS_SKIP_GZIP : GS_SKIP_OPEN, line,
                        "%s%s", gs_input_error(in), tail);
}

int gs_text_check(const char *s, size_t len, unsigned long line, gs_skip_info_t *skip)
{
    size_t at;
    const char *bad = gs_utf8_check(s, len, &at);
    if (!bad)
        return 0;
    /* gs_utf8_check stops at the first NUL or bad sequence: which one it is
     * shows in the byte itself. */
    int nul = s[at] == '\0';
    gs_text_class_t tc;
    gs_text_classify(s, len, &tc);
    gs_skip_set(skip, nul ? GS_SKIP_NUL : GS_SKIP_UTF8, line, "%s at byte %zu of the line%s",
                bad, at + 1,
                !nul && gs_looks_cp1251(&tc)
                    ? " (it looks like cp1251: the file mixes encodings; convert that "
                      "part with iconv -f cp1251 -t utf-8)" : "");
    return -1;
}
