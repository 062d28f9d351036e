/* input.h - corpus-internal: bytes in, from a file, stdin or memory,
 * transparently gunzipped, as a stream, lines, or a whole document. */
#ifndef GS_INPUT_H
#define GS_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct gs_input gs_input_t;

/* Open path ("-" = stdin).  NULL on failure with a static reason in *why
 * (or errno text, valid until the next call). */
gs_input_t *gs_input_open_path(const char *path, const char **why);
/* Read from buf[0..len), which must outlive the input (not copied). */
gs_input_t *gs_input_open_memory(const void *buf, size_t len);
void gs_input_close(gs_input_t *in);

/* Is the input gzip-compressed (known after the first peek/read)? */
int gs_input_is_gzip(gs_input_t *in);
/* Raw bytes consumed so far (the compressed size for .gz). */
uint64_t gs_input_raw_bytes(const gs_input_t *in);

/* Make at least want decoded bytes visible (fewer at EOF) without
 * consuming them: *p and *n describe them, valid until the next call.
 * 0 ok, -1 error (reason via gs_input_error). */
int gs_input_peek(gs_input_t *in, size_t want, const char **p, size_t *n);

/* Next line, without its newline (or CR LF).  Returns 1 with *line and *len set
 * (input-owned, valid until the next call; NUL-terminated), 0 at EOF,
 * 2 for a line longer than cap, which is consumed without being held
 * (*len = its length so far), -1 on a read or gzip error. */
int gs_input_getline(gs_input_t *in, size_t cap, char **line, size_t *len);
/* 1-based number of the line last returned by gs_input_getline. */
unsigned long gs_input_lineno(const gs_input_t *in);

/* Everything left, up to cap bytes: 1 ok (*buf input-owned), 2 longer
 * than cap (rest discarded, *len = bytes seen), -1 error. */
int gs_input_slurp(gs_input_t *in, size_t cap, char **buf, size_t *len);

/* Consume n bytes made visible by gs_input_peek (lines counted). */
void gs_input_consume(gs_input_t *in, size_t n);
/* Skip a UTF-8 byte order mark at the very start, then any blank lines
 * (white space only), however many: the next getline returns the first
 * line with content, numbered as in the file.  0 ok, -1 error. */
int gs_input_skip_blank(gs_input_t *in);
/* From now on convert the input from charset (an iconv name: "CP1251",
 * "UTF-16LE") to UTF-8, including what was peeked but not consumed.
 * Undefined bytes become U+FFFD.  0 ok, -1 (unknown charset, ENOMEM). */
int gs_input_set_charset(gs_input_t *in, const char *charset);

/* Why the last call failed ("truncated gzip data", "read error: ..."). */
const char *gs_input_error(const gs_input_t *in);
/* Was that failure in the gzip data (truncated, corrupt, trailing garbage)? */
int gs_input_error_is_gzip(const gs_input_t *in);

#endif
