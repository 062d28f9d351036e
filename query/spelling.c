/* spelling.c - "did you mean": unknown query words -> close indexed words.
 *
 * A word is unknown when its term is in no document (words.c lists
 * those).  Xapian's spelling table holds the folded forms of title and goal
 * words (the indexer adds them); the suggestion replaces the word in the
 * user's own query text, so the rest of the query stays as typed.  A
 * sharded or remote index keeps its spelling in a local database (`spell`,
 * searcher/open.c): Xapian's remote backend does not carry spelling data. */
#include "query/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t off, len;
    char *with;
} repl_t;

static int by_offset(const void *a, const void *b)
{
    const repl_t *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Does w[0..n), typed as a query word, find anything?  The spelling table
 * holds folded forms, so it can offer «рас», folded from the abbreviation
 * «РАС», for «расы»; typed in lower case that is a form of «раса», which
 * may be in no record: a suggestion that finds nothing is not made. */
static int finds(const gs_qenv_t *s, const char *w, size_t n)
{
    char term[GS_ANALYZER_MAX_TERM + 1];
    size_t tl = gs_analyze_word(s->an, w, n, term, sizeof term);
    return tl && xapc_db_termfreq(s->db, term, tl) > 0;
}

char *gs_spelling_suggest(const gs_qenv_t *s, xapc_db_t *spell, const char *text,
                          const strlist_t *unknown)
{
    if (!unknown->n)
        return NULL;
    repl_t *r = calloc(unknown->n, sizeof *r);
    if (!r)
        return NULL;
    size_t nr = 0, tlen = strlen(text);
    for (size_t i = 0; i < unknown->n; i++) {
        size_t off, len;
        int used = 0;
        if (sscanf(unknown->v[i], "%zu:%zu:%n", &off, &len, &used) != 2 || !used ||
            off + len > tlen)
            continue;
        const char *form = unknown->v[i] + used;
        const char *sug;
        size_t slen;
        if (xapc_db_spelling_suggestion(spell ? spell : s->db, form, strlen(form), 2, &sug, &slen) != XAPC_OK ||
            slen == 0 || (slen == strlen(form) && !memcmp(sug, form, slen)))
            continue;
        int dup = 0;
        for (size_t j = 0; j < nr; j++)
            dup |= r[j].off == off;
        if (dup)
            continue;
        if (!finds(s, sug, slen))
            continue;
        r[nr].off = off;
        r[nr].len = len;
        r[nr].with = strndup(sug, slen);
        if (r[nr].with)
            nr++;
    }
    char *out = NULL;
    if (nr) {
        qsort(r, nr, sizeof *r, by_offset);
        size_t cap = tlen + 1;
        for (size_t j = 0; j < nr; j++)
            cap += strlen(r[j].with);
        out = malloc(cap);
        if (out) {
            size_t o = 0, at = 0;
            for (size_t j = 0; j < nr; j++) {
                if (r[j].off < at)
                    continue;
                memcpy(out + o, text + at, r[j].off - at);
                o += r[j].off - at;
                size_t wl = strlen(r[j].with);
                memcpy(out + o, r[j].with, wl);
                o += wl;
                at = r[j].off + r[j].len;
            }
            memcpy(out + o, text + at, tlen - at);
            o += tlen - at;
            out[o] = '\0';
        }
    }
    for (size_t j = 0; j < nr; j++)
        free(r[j].with);
    free(r);
    return out;
}
