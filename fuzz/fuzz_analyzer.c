/* fuzz_analyzer.c - libFuzzer target: bytes as text for the one analyzer
 * (stemming/analyzer.h), indexing's and querying's.
 *
 * Checked on every token: its byte span lies inside the input, is not
 * empty, and starts no earlier than the previous token's (a hyphenated
 * word's whole comes before its parts, at the same start); positions never
 * go back and next_pos is past the last; term and form are non-empty,
 * valid UTF-8 without NUL, the term at most GS_ANALYZER_MAX_TERM bytes.
 * And the stem cache changes nothing: a second analyzer without the cache,
 * and the cached one again, give the same tokens. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/record_impl.h"
#include "stemming/analyzer.h"
#include "toolkit/buf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gs_analyzer_t *cached, *uncached;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    cached = gs_analyzer_new(0);
    uncached = gs_analyzer_new(GS_ANALYZER_NO_CACHE);
    if (!cached || !uncached)
        abort();
    return 0;
}

/* The token stream as one byte string, to compare two runs. */
typedef struct {
    gs_analyzer_t *an;      /* the other one, for single words */
    const char *text;       /* the input */
    size_t len;             /* of the input */
    size_t last_start;
    uint32_t last_pos;
    size_t n;
    gs_buf_t log;
} run_t;

static void log_put(run_t *r, const void *p, size_t n)
{
    if (gs_buf_append(&r->log, p, n) < 0)
        abort();
}

static int on_token(void *ctx, const gs_token_t *t)
{
    run_t *r = ctx;
    size_t at;
    if (t->start >= t->end || t->end > r->len)
        abort();   /* the span must be inside the text and not empty */
    if (r->n && (t->start < r->last_start || t->pos < r->last_pos))
        abort();   /* offsets and positions go forward */
    if (!t->term_len || t->term_len > GS_ANALYZER_MAX_TERM || !t->form_len)
        abort();
    if (gs_utf8_check(t->term, t->term_len, &at) || gs_utf8_check(t->form, t->form_len, &at))
        abort();   /* terms reach Xapian, JSON and the terminal */
    if (!(t->flags & (GS_TOKEN_PART | GS_TOKEN_ABBR)) && t->end - t->start == t->form_len &&
        !memcmp(r->text + t->start, t->form, t->form_len)) {
        /* A word written in its folded form gets the same term alone as in
         * running text.  Not one whose folding changed it: capitals are read
         * in context («BOVIDS-19» holds the abbreviation BOVIDS, which the
         * lower-case «bovids-19» does not). */
        char buf[GS_ANALYZER_MAX_TERM + 1];
        size_t n = gs_analyze_word(r->an, t->form, t->form_len, buf, sizeof buf);
        if (n != t->term_len || memcmp(buf, t->term, n)) {
            fprintf(stderr, "form <%.*s> term <%.*s> alone <%.*s>\n", (int)t->form_len, t->form,
                    (int)t->term_len, t->term, (int)n, buf);
            abort();
        }
    }
    r->last_start = t->start;
    r->last_pos = t->pos;
    r->n++;
    log_put(r, &t->term_len, sizeof t->term_len);
    log_put(r, t->term, t->term_len);
    log_put(r, &t->form_len, sizeof t->form_len);
    log_put(r, t->form, t->form_len);
    log_put(r, &t->start, sizeof t->start);
    log_put(r, &t->end, sizeof t->end);
    log_put(r, &t->pos, sizeof t->pos);
    log_put(r, &t->flags, sizeof t->flags);
    return 0;
}

static void analyze(gs_analyzer_t *an, const char *text, size_t len, run_t *r)
{
    memset(r, 0, sizeof *r);
    r->an = an == cached ? uncached : cached;
    r->text = text;
    r->len = len;
    uint32_t next = 0;
    if (gs_analyze(an, text, len, 1, on_token, r, &next) != 0)
        abort();   /* no callback stops it; -1 would be out of memory */
    if (next < 1 || (r->n && next <= r->last_pos))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy: the analyzer must not read past len. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    run_t a, b, c;
    analyze(cached, text, size, &a);
    analyze(uncached, text, size, &b);
    analyze(cached, text, size, &c);
    if (a.log.len != b.log.len || a.log.len != c.log.len ||
        (a.log.len && (memcmp(a.log.s, b.log.s, a.log.len) || memcmp(a.log.s, c.log.s, a.log.len))))
        abort();   /* the stem cache must not change a token */
    gs_buf_free(&a.log);
    gs_buf_free(&b.log);
    gs_buf_free(&c.log);

    /* A single word, as queries and synonyms analyse it. */
    char buf[GS_ANALYZER_MAX_TERM + 1] = "";
    size_t n = gs_analyze_word(cached, text, size, buf, sizeof buf);
    size_t at;
    if (n >= sizeof buf || (n && (buf[n] != '\0' || gs_utf8_check(buf, n, &at))))
        abort();
    free(text);
    return 0;
}
