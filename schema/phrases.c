/* phrases.c - the posted phrases' encoding, term and list (phrases.h). */
#include "schema/phrases.h"
#include "schema/sketch.h" /* gs_sketch_fnv */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t gs_phrase_encode(char *buf, size_t cap, const char *const *terms, const size_t *lens,
                        size_t n, uint32_t window)
{
    if (n < 2 || n > GS_PHRASE_MAX_TERMS)
        return 0;
    int w = snprintf(buf, cap, "%u", (unsigned)window);
    if (w < 0 || (size_t)w >= cap)
        return 0;
    size_t len = (size_t)w;
    for (size_t i = 0; i < n; i++) {
        size_t tl = lens ? lens[i] : strlen(terms[i]);
        if (tl == 0 || memchr(terms[i], ' ', tl) || memchr(terms[i], '\n', tl) ||
            memchr(terms[i], '-', tl) ||
            len + 1 + tl + 1 > cap)
            return 0;
        buf[len++] = ' ';
        memcpy(buf + len, terms[i], tl);
        len += tl;
    }
    buf[len] = '\0';
    return len;
}

size_t gs_phrase_term(char *buf, size_t cap, const char *enc, size_t len)
{
    int n = snprintf(buf, cap, "%s%08x", GS_PREFIX_PHRASE,
                     (unsigned)gs_sketch_fnv(2166136261u, enc, len));
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

void gs_phrases_free(gs_phrases_t *p)
{
    if (!p)
        return;
    free(p->v);
    free(p->by_first);
    free(p->text);
    free(p->copy);
    free(p);
}

/* One line (NUL-terminated, in p->copy, cut at its spaces here: the
 * terms point into it) into *ph; 0, or -1 if malformed. */
static int parse_line(char *line, gs_phrase_t *ph)
{
    char *save = NULL, *end;
    const char *head = strtok_r(line, " ", &save);
    unsigned long w = head ? strtoul(head, &end, 10) : 0;
    memset(ph, 0, sizeof *ph);
    if (w == 0 || w > 1000 || *end)
        return -1;
    ph->window = (uint32_t)w;
    for (char *t = strtok_r(NULL, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        if (ph->n == GS_PHRASE_MAX_TERMS)
            return -1;
        ph->terms[ph->n] = t;
        ph->lens[ph->n++] = strlen(t);
    }
    if (ph->n < 2 || ph->window < ph->n)
        return -1;
    /* The term of the canonical encoding, as the searcher makes it (the
     * encoding refuses a hyphenated word's whole). */
    char enc[GS_PHRASE_MAX_ENC];
    size_t len = gs_phrase_encode(enc, sizeof enc, ph->terms, ph->lens, ph->n, ph->window);
    return len && gs_phrase_term(ph->term, sizeof ph->term, enc, len) ? 0 : -1;
}

static int by_first_cmp(const void *a, const void *b)
{
    const gs_phrase_t *x = *(const gs_phrase_t *const *)a, *y = *(const gs_phrase_t *const *)b;
    return strcmp(x->terms[0], y->terms[0]);
}

gs_phrases_t *gs_phrases_parse(const char *list, size_t len, int *oom)
{
    *oom = 0;
    gs_phrases_t *p = calloc(1, sizeof *p);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += list[i] == '\n';
    if (!p || !(p->text = strndup(list, len)) || !(p->copy = strndup(list, len)) ||
        !(p->v = calloc(lines, sizeof *p->v))) {
        gs_phrases_free(p);
        *oom = 1;
        return NULL;
    }
    for (char *save = NULL, *line = strtok_r(p->copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (parse_line(line, &p->v[p->n]) == 0)
            p->n++;
    if (p->n == 0) {
        gs_phrases_free(p);
        return NULL;
    }
    if (!(p->by_first = malloc(p->n * sizeof *p->by_first))) {
        gs_phrases_free(p);
        *oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < p->n; i++)
        p->by_first[i] = &p->v[i];
    qsort(p->by_first, p->n, sizeof *p->by_first, by_first_cmp);
    return p;
}

static int term_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

size_t gs_phrases_first(const gs_phrases_t *p, const char *t, size_t len, size_t *count)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const gs_phrase_t *m = p->by_first[mid];
        if (term_cmp(m->terms[0], m->lens[0], t, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < p->n && !term_cmp(p->by_first[end]->terms[0], p->by_first[end]->lens[0], t, len))
        end++;
    *count = end - lo;
    return lo;
}
