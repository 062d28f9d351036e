/* buf.h - toolkit: the one growable byte buffer (after SQLite FTS5's Fts5Buffer).
 *
 * Zero-initialise (GS_BUF_INIT or {0}); free with gs_buf_free.  The buffer
 * owns s.  After any append s is NUL-terminated (the NUL is not counted in
 * len), so s can be used as a C string.
 *
 * Errors are sticky, as FTS5 keeps its rc: once an allocation fails,
 * `failed` is set, every later append or reserve is a no-op returning -1,
 * and gs_buf_failed() says so; a caller can append a whole message and
 * check once at the end.  gs_buf_reset keeps the failure; gs_buf_free and
 * gs_buf_take clear it.
 */
#ifndef GS_TOOLKIT_BUF_H
#define GS_TOOLKIT_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *s;      /* the bytes (NULL before the first append); owned */
    size_t len;   /* bytes used, the NUL not counted */
    size_t cap;   /* bytes allocated */
    int failed;   /* an allocation failed: appends are no-ops from then on */
} gs_buf_t;

#define GS_BUF_INIT {NULL, 0, 0, 0}

/* Out of line: grow so that n more bytes and a NUL fit.  0 ok, -1 (and
 * failed set) if out of memory. */
int gs_buf_grow(gs_buf_t *b, size_t n);

/* Make room for n more bytes plus a NUL, so that a caller may write
 * s[len..len+n) itself and then add to len.  0 ok, -1 if failed.  Inline:
 * the analyzer reserves once a token. */
static inline int gs_buf_reserve(gs_buf_t *b, size_t n)
{
    if (b->failed)
        return -1;
    if (b->cap > b->len && b->cap - b->len > n)
        return 0;
    return gs_buf_grow(b, n);
}

/* Append p[0..n) / the string s / one byte / printf-formatted text.
 * 0 ok, -1 if the buffer has failed (now or before). */
int gs_buf_append(gs_buf_t *b, const void *p, size_t n);
int gs_buf_append_str(gs_buf_t *b, const char *s);
int gs_buf_append_byte(gs_buf_t *b, char c);
int gs_buf_printf(gs_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int gs_buf_vprintf(gs_buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Did an allocation fail since the buffer was made (or last taken/freed)? */
static inline int gs_buf_failed(const gs_buf_t *b)
{
    return b->failed;
}

/* Empty the buffer, keeping its memory (and a failure). */
void gs_buf_reset(gs_buf_t *b);

/* Hand the bytes to the caller (free() them): a NUL-terminated string,
 * "" when nothing was appended; *len (may be NULL) gets its length.  The
 * buffer is left empty and usable.  NULL if the buffer had failed or the
 * "" cannot be allocated (the buffer is freed either way). */
char *gs_buf_take(gs_buf_t *b, size_t *len);

/* Free the bytes and return the buffer to its zero state. */
void gs_buf_free(gs_buf_t *b);

#endif /* GS_TOOLKIT_BUF_H */
