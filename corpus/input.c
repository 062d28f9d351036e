/* input.c - decoded bytes from a file, stdin or memory.
 *
 * gzip is detected by its magic bytes (1F 8B), never by the name, and
 * inflated with zlib's inflate() directly rather than gzread(): gzread
 * treats a stream cut short as a quiet EOF in some versions, and we must
 * report a truncated .gz.  Concatenated gzip members are read in turn.
 * Memory: one raw chunk plus the decoded window, which grows only as far
 * as the longest line (or document) a caller asks for, and never past its
 * cap.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "corpus/input.h"
#include "corpus/record_impl.h"

#define RAW_CHUNK 65536

struct gs_input {
    int fd;                 /* -1 for memory */
    int own_fd;
    const unsigned char *mem;
    size_t mem_len, mem_pos;
    unsigned char raw[RAW_CHUNK];
    size_t raw_len, raw_pos;
    int raw_eof;
    uint64_t raw_bytes;

    int detected, gzip;
    z_stream z;
    int z_live, z_ended;    /* inflate initialised; current member ended */

    char *buf;              /* decoded bytes [pos, len) not yet consumed */
    size_t cap, pos, len;
    int eof, failed;
    const char *error;
    int error_gzip;              /* the last failure was in the gzip data */
    char errbuf[160];
    unsigned long lineno;

    /* Charset conversion to UTF-8 (gs_input_set_charset): decoded bytes
     * wait in conv[] until iconv turns them into buf[]. */
    iconv_t cd;
    int cd_live;
    unsigned char *conv;
    size_t conv_len, conv_cap;
    int conv_eof;
};

static long convert(gs_input_t *in, char *dst, size_t room);

static gs_input_t *input_new(void)
{
    gs_input_t *in = calloc(1, sizeof *in);
    if (in)
        in->fd = -1;
    return in;
}

gs_input_t *gs_input_open_path(const char *path, const char **why)
{
    gs_input_t *in = input_new();
    if (!in) {
        *why = "out of memory";
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        in->fd = 0;
    } else {
        in->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (in->fd < 0) {
            *why = strerror(errno);
            free(in);
            return NULL;
        }
        in->own_fd = 1;
    }
    return in;
}

gs_input_t *gs_input_open_memory(const void *buf, size_t len)
{
    gs_input_t *in = input_new();
    if (!in)
        return NULL;
    in->mem = buf;
    in->mem_len = len;
    return in;
}

void gs_input_close(gs_input_t *in)
{
    if (!in)
        return;
    if (in->own_fd)
        close(in->fd);
    if (in->z_live)
        inflateEnd(&in->z);
    if (in->cd_live)
        iconv_close(in->cd);
    free(in->conv);
    free(in->buf);
    free(in);
}

int gs_input_is_gzip(gs_input_t *in)
{
    return in->gzip;
}

uint64_t gs_input_raw_bytes(const gs_input_t *in)
{
    return in->raw_bytes;
}

const char *gs_input_error(const gs_input_t *in)
{
    return in->error ? in->error : "read error";
}

unsigned long gs_input_lineno(const gs_input_t *in)
{
    return in->lineno;
}

static int fail(gs_input_t *in, const char *why)
{
    in->failed = 1;
    in->error = why;
    in->error_gzip = 0;
    return -1;
}

/* A failure in the compressed data (the summary counts it as "bad gzip"). */
static int fail_gzip(gs_input_t *in, const char *why)
{
    fail(in, why);
    in->error_gzip = 1;
    return -1;
}

int gs_input_error_is_gzip(const gs_input_t *in)
{
    return in->error_gzip;
}

/* Refill raw[] when it is used up.  0 ok (raw_eof set at the end), -1 error. */
static int raw_fill(gs_input_t *in)
{
    if (in->raw_pos < in->raw_len || in->raw_eof)
        return 0;
    in->raw_pos = in->raw_len = 0;
    if (in->fd < 0) {
        size_t n = in->mem_len - in->mem_pos;
        if (n > RAW_CHUNK)
            n = RAW_CHUNK;
        memcpy(in->raw, in->mem + in->mem_pos, n);
        in->mem_pos += n;
        in->raw_len = n;
    } else {
        ssize_t n;
        do
            n = read(in->fd, in->raw, RAW_CHUNK);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            snprintf(in->errbuf, sizeof in->errbuf, "read error: %s", strerror(errno));
            return fail(in, in->errbuf);
        }
        in->raw_len = (size_t)n;
    }
    in->raw_bytes += in->raw_len;
    if (in->raw_len == 0)
        in->raw_eof = 1;
    return 0;
}

/* Decode up to room bytes into dst.  Returns bytes produced (0 = EOF), -1 error. */
static long decode(gs_input_t *in, unsigned char *dst, size_t room)
{
    if (raw_fill(in) < 0)
        return -1;
    if (!in->detected) {
        /* Two bytes decide; a one-byte file is plain. */
        if (in->raw_len - in->raw_pos == 1 && !in->raw_eof) {
            /* Rare: a read returned one byte.  Treat as plain only at EOF. */
            unsigned char first = in->raw[in->raw_pos];
            in->raw_pos = in->raw_len;
            if (raw_fill(in) < 0)
                return -1;
            /* Shift the byte back in front. */
            if (in->raw_len >= RAW_CHUNK)
                return fail(in, "read error: short read");
            memmove(in->raw + 1, in->raw, in->raw_len);
            in->raw[0] = first;
            in->raw_len++;
        }
        in->detected = 1;
        in->gzip = in->raw_len - in->raw_pos >= 2 && in->raw[in->raw_pos] == 0x1f &&
                   in->raw[in->raw_pos + 1] == 0x8b;
        if (in->gzip) {
            memset(&in->z, 0, sizeof in->z);
            if (inflateInit2(&in->z, 16 + MAX_WBITS) != Z_OK)
                return fail(in, "out of memory");
            in->z_live = 1;
        }
    }
    if (!in->gzip) {
        size_t n = in->raw_len - in->raw_pos;
        if (n > room)
            n = room;
        memcpy(dst, in->raw + in->raw_pos, n);
        in->raw_pos += n;
        return (long)n;
    }
    for (;;) {
        if (in->raw_pos == in->raw_len) {
            if (raw_fill(in) < 0)
                return -1;
            if (in->raw_eof) {
                if (!in->z_ended)
                    return fail_gzip(in, "truncated gzip data");
                return 0;
            }
        }
        if (in->z_ended) {
            /* Another member follows, or trailing bytes.  Zero padding
             * (tape-style) is tolerated; anything else is garbage. */
            if (in->raw[in->raw_pos] == 0) {
                in->raw_pos++;
                continue;
            }
            if (in->raw[in->raw_pos] != 0x1f)
                return fail_gzip(in, "garbage after gzip data");
            inflateReset(&in->z);
            in->z_ended = 0;
        }
        in->z.next_in = in->raw + in->raw_pos;
        in->z.avail_in = (uInt)(in->raw_len - in->raw_pos);
        in->z.next_out = dst;
        in->z.avail_out = (uInt)room;
        int rc = inflate(&in->z, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - in->z.avail_in;
        size_t produced = room - in->z.avail_out;
        if (rc == Z_STREAM_END) {
            in->z_ended = 1;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            snprintf(in->errbuf, sizeof in->errbuf, "corrupt gzip data: %s",
                     in->z.msg ? in->z.msg : "inflate failed");
            return fail_gzip(in, in->errbuf);
        }
        if (produced)
            return (long)produced;
    }
}

/* Make conv[] hold at least want bytes more than it does (for appends). */
static int conv_reserve(gs_input_t *in, size_t want)
{
    if (in->conv_len + want <= in->conv_cap)
        return 0;
    size_t nc = in->conv_cap ? in->conv_cap : RAW_CHUNK;
    while (nc < in->conv_len + want)
        nc *= 2;
    unsigned char *n = realloc(in->conv, nc);
    if (!n)
        return fail(in, "out of memory");
    in->conv = n;
    in->conv_cap = nc;
    return 0;
}

/* Convert decoded bytes to UTF-8 into dst[0..room) (room >= RAW_CHUNK).
 * A byte sequence the charset does not define becomes U+FFFD, so a stray
 * byte costs one character rather than the file.  Returns bytes produced
 * (0 = EOF), -1 error. */
static long convert(gs_input_t *in, char *dst, size_t room)
{
    static const char repl[] = "\xEF\xBF\xBD";
    size_t produced = 0;
    while (produced == 0) {
        if (!in->conv_eof && in->conv_len < room / 3) {
            /* Decode at most a third of room: UTF-8 can take three bytes
             * for each single-byte (or two-byte) character. */
            if (conv_reserve(in, room / 3) < 0)
                return -1;
            long n = decode(in, in->conv + in->conv_len, room / 3 - in->conv_len);
            if (n < 0)
                return -1;
            if (n == 0)
                in->conv_eof = 1;
            in->conv_len += (size_t)n;
        }
        if (in->conv_len == 0)
            return 0;
        char *ip = (char *)in->conv, *op = dst + produced;
        size_t il = in->conv_len, ol = room - produced;
        size_t rc = iconv(in->cd, &ip, &il, &op, &ol);
        int err = rc == (size_t)-1 ? errno : 0;
        produced = room - ol;
        if (err == EILSEQ || (err == EINVAL && in->conv_eof)) {
            if (ol < 3)
                break;   /* room for the replacement next time */
            memcpy(dst + produced, repl, 3);
            produced += 3;
            ip++, il--;  /* one byte of the undefined sequence */
        }
        memmove(in->conv, ip, il);
        in->conv_len = il;
        if (err == EINVAL && !in->conv_eof && produced == 0 && in->conv_len >= 4)
            return fail(in, "charset conversion stalled");
    }
    return (long)produced;
}

int gs_input_set_charset(gs_input_t *in, const char *charset)
{
    if (in->cd_live)
        return -1;
    in->cd = iconv_open("UTF-8", charset);
    if (in->cd == (iconv_t)-1)
        return -1;
    in->cd_live = 1;
    /* What was decoded but not consumed is in the old charset: convert it
     * too, by handing it back to the conversion stage. */
    size_t n = in->len - in->pos;
    if (n && conv_reserve(in, n) < 0)
        return -1;
    if (n)
        memcpy(in->conv, in->buf + in->pos, n);
    in->conv_len = n;
    in->len = in->pos;
    if (in->eof && !in->failed)
        in->eof = 0, in->conv_eof = 1;
    return 0;
}

void gs_input_consume(gs_input_t *in, size_t n)
{
    if (n > in->len - in->pos)
        n = in->len - in->pos;
    const char *p = in->buf + in->pos, *end = p + n;
    while ((p = memchr(p, '\n', (size_t)(end - p))))
        in->lineno++, p++;
    in->pos += n;
}

int gs_input_skip_blank(gs_input_t *in)
{
    for (;;) {
        const char *p;
        size_t n;
        if (gs_input_peek(in, RAW_CHUNK, &p, &n) < 0)
            return -1;
        if (n == 0)
            return 0;
        size_t k = 0, line_start = 0;
        if (in->lineno == 0 && in->pos == 0 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
            k = line_start = 3;
        for (; k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\n' || p[k] == '\r'); k++)
            if (p[k] == '\n')
                line_start = k + 1;
        if (k < n) {
            /* Keep the indentation of the first line that has content. */
            gs_input_consume(in, line_start);
            return 0;
        }
        gs_input_consume(in, n);
    }
}

/* Make buf hold at least want unconsumed bytes if the input has them. */
static int fill(gs_input_t *in, size_t want)
{
    if (in->failed && !in->eof)
        return -1;
    while (!in->eof && in->len - in->pos < want) {
        if (in->pos > 0 && in->pos == in->len) {
            in->pos = in->len = 0;
        } else if (in->pos > 0 && in->len + RAW_CHUNK > in->cap) {
            memmove(in->buf, in->buf + in->pos, in->len - in->pos);
            in->len -= in->pos;
            in->pos = 0;
        }
        if (in->len + RAW_CHUNK > in->cap) {
            size_t ncap = in->cap ? in->cap * 2 : 2 * RAW_CHUNK;
            while (ncap < in->len + RAW_CHUNK)
                ncap *= 2;
            char *nb = realloc(in->buf, ncap + 1);
            if (!nb)
                return fail(in, "out of memory");
            in->buf = nb;
            in->cap = ncap;
        }
        long n = in->cd_live ? convert(in, in->buf + in->len, in->cap - in->len)
                             : decode(in, (unsigned char *)in->buf + in->len, in->cap - in->len);
        if (n < 0) {
            /* Keep what was decoded: callers use it, then see the error
             * where the good data ends. */
            in->eof = 1;
            return 0;
        }
        if (n == 0)
            in->eof = 1;
        in->len += (size_t)n;
    }
    return 0;
}

int gs_input_peek(gs_input_t *in, size_t want, const char **p, size_t *n)
{
    if (fill(in, want) < 0 || (in->failed && in->len == in->pos))
        return -1;
    *p = in->buf ? in->buf + in->pos : "";
    *n = in->len - in->pos;
    return 0;
}

int gs_input_getline(gs_input_t *in, size_t cap, char **line, size_t *len)
{
    size_t scanned = 0;   /* bytes of [pos, len) known to hold no '\n' */
    size_t dropped = 0;   /* bytes of an over-long line already thrown away */
    for (;;) {
        char *start = in->buf ? in->buf + in->pos : NULL;
        size_t avail = in->len - in->pos;
        char *nl = avail > scanned ? memchr(start + scanned, '\n', avail - scanned) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - start);
            in->pos += n + 1;
            in->lineno++;
            if (dropped) {
                *len = dropped + n;
                return 2;
            }
            if (n > cap) {
                *len = n;
                return 2;
            }
            if (n && start[n - 1] == '\r')
                n--;
            start[n] = '\0';
            *line = start;
            *len = n;
            return 1;
        }
        scanned = avail;
        if (in->eof) {
            if (in->failed)
                return -1;   /* a partial last line of a broken stream is dropped */
            if (avail == 0 && !dropped)
                return 0;
            in->pos = in->len;
            in->lineno++;
            if (dropped || avail > cap) {
                *len = dropped + avail;
                return 2;
            }
            if (avail && start[avail - 1] == '\r')
                avail--;
            start[avail] = '\0';   /* buf has one spare byte past cap */
            *line = start;
            *len = avail;
            return 1;
        }
        if (avail > cap) {
            /* Too long: forget what we have and keep scanning for '\n'. */
            dropped += avail;
            in->pos = in->len = 0;
            scanned = 0;
        }
        if (fill(in, in->len - in->pos + 1) < 0)
            return -1;
    }
}

int gs_input_slurp(gs_input_t *in, size_t cap, char **buf, size_t *len)
{
    if (fill(in, cap + 1) < 0 || in->failed)
        return -1;
    size_t avail = in->len - in->pos;
    if (avail > cap) {
        size_t seen = avail;
        in->pos = in->len = 0;
        for (;;) {
            if (fill(in, 1) < 0 || in->failed)
                return -1;
            if (in->len == in->pos)
                break;
            seen += in->len - in->pos;
            in->pos = in->len = 0;
        }
        *len = seen;
        return 2;
    }
    if (!in->buf) {
        if (!(in->buf = malloc(1)))
            return fail(in, "out of memory");
        in->cap = 0;
    }
    *buf = in->buf + in->pos;
    (*buf)[avail] = '\0';
    *len = avail;
    in->pos = in->len;
    return 1;
}

const char *gs_utf8_check(const char *s, size_t len, size_t *at)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (c == 0) {
                *at = i;
                return "NUL byte";
            }
            i++;
            continue;
        }
        size_t n;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, min = 0x10000;
        else
            goto bad;
        unsigned cp = c & (0x3F >> n);
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (p[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += n + 1;
    }
    return NULL;
bad:
    *at = i;
    return "invalid UTF-8";
}
