/* buf.c - toolkit: the growable byte buffer (see buf.h). */
#include "toolkit/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gs_buf_grow(gs_buf_t *b, size_t n)
{
    if (b->failed)
        return -1;
    if (n > SIZE_MAX - b->len - 1)
        goto fail;
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    /* Double from 64: appends are amortised O(1). */
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    char *s = realloc(b->s, cap);
    if (!s)
        goto fail;
    b->s = s;
    b->cap = cap;
    return 0;
fail:
    b->failed = 1;
    return -1;
}

int gs_buf_append(gs_buf_t *b, const void *p, size_t n)
{
    if (gs_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

int gs_buf_append_str(gs_buf_t *b, const char *s)
{
    return gs_buf_append(b, s, strlen(s));
}

int gs_buf_append_byte(gs_buf_t *b, char c)
{
    return gs_buf_append(b, &c, 1);
}

int gs_buf_vprintf(gs_buf_t *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return -1;
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0 || gs_buf_reserve(b, (size_t)n) < 0) {
        b->failed = 1;
        return -1;
    }
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int gs_buf_printf(gs_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gs_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void gs_buf_reset(gs_buf_t *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

char *gs_buf_take(gs_buf_t *b, size_t *len)
{
    if (!b->failed && !b->s)
        gs_buf_reserve(b, 0);
    char *s = b->failed ? NULL : b->s;
    if (len)
        *len = s ? b->len : 0;
    if (s) {
        s[b->len] = '\0';
        b->s = NULL;
    }
    gs_buf_free(b);
    return s;
}

void gs_buf_free(gs_buf_t *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
