/* fuzz_snippet.c - libFuzzer target: the snippet maker (searcher/snippet.c)
 * on any text and any highlight set.
 *
 * Input: a first line of highlight words, then the text.  On the first line
 * a plain word is highlighted by its term (as a query word is), `=word` by
 * its folded form, `word*` as a prefix of terms and forms, `~word` as a
 * word of a multi-word synonym.
 *
 * Checked, in all three styles: a snippet is always made; from valid UTF-8
 * it is valid UTF-8 (cut at word boundaries, never inside a character); the
 * HTML style escapes everything but its own balanced <b>...</b>. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/record_impl.h"
#include "searcher/internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gs_analyzer_t *an;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    an = gs_analyzer_new(0);
    if (!an)
        abort();
    return 0;
}

/* One word of the first line into its list of hl. */
static void add_word(hlset_t *hl, const char *w, size_t n)
{
    char term[GS_ANALYZER_MAX_TERM + 1];
    strlist_t *to = &hl->terms;
    if (n > 1 && w[0] == '=') {
        to = &hl->forms, w++, n--;
    } else if (n > 1 && w[0] == '~') {
        to = &hl->weak, w++, n--;
    } else if (n > 1 && w[n - 1] == '*') {
        to = &hl->prefixes, n--;
    }
    if (to == &hl->terms || to == &hl->weak) {
        n = gs_analyze_word(an, w, n, term, sizeof term);
        w = term;
    }
    if (n && gs_strlist_add(to, w, n) != 0)
        abort();
}

static void parse_hl(hlset_t *hl, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t b = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i > b)
            add_word(hl, s + b, i - b);
    }
}

/* <b> and </b> balanced and alone: every other < > & " is escaped. */
static void check_html(const char *s)
{
    int open = 0;
    for (const char *p = s; *p; p++) {
        if (!strncmp(p, "<b>", 3)) {
            if (open++)
                abort();
            p += 2;
        } else if (!strncmp(p, "</b>", 4)) {
            if (!open--)
                abort();
            p += 3;
        } else if (*p == '<' || *p == '>' || *p == '"') {
            abort();
        }
    }
    if (open)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t hlen = nl ? (size_t)(nl - data) : 0;
    const uint8_t *body = nl ? nl + 1 : data;
    size_t blen = size - (size_t)(body - data);
    char *text = malloc(blen + 1);
    if (!text)
        return 0;
    memcpy(text, body, blen);
    text[blen] = '\0';
    size_t tlen = strlen(text);   /* snippets take stored, NUL-free strings */
    size_t at;
    int valid = gs_utf8_check(text, tlen, &at) == NULL;

    hlset_t hl;
    memset(&hl, 0, sizeof hl);
    parse_hl(&hl, (const char *)data, hlen);
    for (int style = GS_HL_PLAIN; style <= GS_HL_HTML; style++) {
        int nmatch = -1;
        char *snip = gs_snippet(an, text, &hl, (gs_hl_style_t)style, &nmatch);
        if (!snip || nmatch < 0)
            abort();
        if (valid && gs_utf8_check(snip, strlen(snip), &at))
            abort();
        if (style == GS_HL_HTML)
            check_html(snip);
        free(snip);
    }
    gs_hlset_free(&hl);
    free(text);
    return 0;
}
