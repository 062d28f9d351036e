/* synonyms.c - the editable synonyms file (data/synonyms.txt).
 *
 * Each line is a group of alternatives separated by '=': "РАС = расстройства
 * аутистического спектра".  Every alternative is analysed with the same
 * analyzer as the index, so a group matches whatever form the query uses
 * ("расстройствами аутистического спектра" too).  Read once per searcher;
 * a file that cannot be read is a warning on stderr (once per process).
 */
#include "query/build.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    syn_alt_t *alt;
    uint32_t first, last;
    int any, oom;
} alt_ctx_t;

static int on_tok(void *ctx, const gs_token_t *t)
{
    alt_ctx_t *c = ctx;
    if (!c->any)
        c->first = t->pos;
    c->any = 1;
    if (t->flags & (GS_TOKEN_STOP | GS_TOKEN_PART) || !t->term_len)
        return 0;
    char **v = realloc(c->alt->terms, (c->alt->n + 1) * sizeof *v);
    if (!v || !(v[c->alt->n] = strndup(t->term, t->term_len))) {
        if (v)
            c->alt->terms = v;
        c->oom = 1;
        return 1;
    }
    c->alt->terms = v;
    c->alt->n++;
    c->last = t->pos;
    return 0;
}

static void group_free(syn_group_t *g)
{
    for (size_t a = 0; a < g->n; a++) {
        for (size_t i = 0; i < g->alts[a].n; i++)
            free(g->alts[a].terms[i]);
        free(g->alts[a].terms);
    }
    free(g->alts);
}

void gs_synonyms_free(gs_synonyms_t *s)
{
    if (!s)
        return;
    for (size_t g = 0; g < s->n; g++)
        group_free(&s->groups[g]);
    free(s->groups);
    free(s->path);
    free(s);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Say once per process that the synonyms file cannot be read: every search
 * would say it again, and the searches still run (unexpanded). */
static void warn_unreadable(const char *path, int err)
{
    static atomic_flag warned = ATOMIC_FLAG_INIT;
    if (!atomic_flag_test_and_set(&warned))
        fprintf(stderr, "grantsearch: warning: cannot read the synonyms file %s: %s; "
                        "abbreviations are not expanded (set GRANTSEARCH_SYNONYMS)\n",
                path, strerror(err));
}

gs_synonyms_t *gs_synonyms_load_file(gs_analyzer_t *an, const char *path)
{
    gs_synonyms_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->path = strdup(path ? path : "");
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) {
        if (path)
            warn_unreadable(path, errno);
        return s;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        char *p = trim(line);
        if (!*p || *p == '#')
            continue;
        syn_group_t g = {0};
        int bad = 0;
        for (char *save = NULL, *tok = strtok_r(p, "=", &save); tok;
             tok = strtok_r(NULL, "=", &save)) {
            tok = trim(tok);
            syn_alt_t *alts = realloc(g.alts, (g.n + 1) * sizeof *alts);
            if (!alts) {
                bad = 1;
                break;
            }
            g.alts = alts;
            syn_alt_t *alt = &g.alts[g.n++];
            memset(alt, 0, sizeof *alt);
            alt_ctx_t c = {.alt = alt};
            gs_analyze(an, tok, strlen(tok), 1, on_tok, &c, NULL);
            alt->span = c.alt->n ? c.last - c.first + 1 : 0;
            if (c.oom || alt->n == 0)
                bad = 1;
        }
        if (bad || g.n < 2) {
            fprintf(stderr, "grantsearch: %s:%u: skipped: a synonym line needs two or more "
                            "alternatives with words, separated by '='\n", path, lineno);
            group_free(&g);
            continue;
        }
        syn_group_t *gs = realloc(s->groups, (s->n + 1) * sizeof *gs);
        if (!gs) {
            group_free(&g);
            break;
        }
        s->groups = gs;
        s->groups[s->n++] = g;
    }
    free(line);
    fclose(f);
    return s;
}

/* $GRANTSEARCH_SYNONYMS, else the file as installed (configure's
 * pkgdatadir).  No build-tree fallback: a binary must not depend on where
 * it was built; the tests set GRANTSEARCH_SYNONYMS (Makefile.am,
 * tests/lib.sh). */
gs_synonyms_t *gs_synonyms_load(gs_analyzer_t *an)
{
    const char *env = getenv("GRANTSEARCH_SYNONYMS");
    return gs_synonyms_load_file(an, env && *env ? env : GS_DATADIR "/synonyms.txt");
}
