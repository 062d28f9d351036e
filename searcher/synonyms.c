/* synonyms.c - the editable synonyms file (data/synonyms.txt).
 *
 * Each line is a group of alternatives separated by '=': "РАС = расстройства
 * аутистического спектра".  Every alternative is analysed with the same
 * analyzer as the index, so a group matches whatever form the query uses
 * ("расстройствами аутистического спектра" too).  Read once per searcher,
 * from the path its caller passes (gs_searcher_set_synonyms); a file that
 * cannot be read leaves the searcher without synonyms and is reported to
 * the caller, who warns.
 */
#include "searcher/internal.h"

#include <errno.h>
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

gs_synonyms_t *gs_synonyms_load_file(gs_analyzer_t *an, const char *path, int *err)
{
    *err = 0;
    gs_synonyms_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->path = strdup(path ? path : "");
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) {
        *err = path ? errno : 0;
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

/* The caller (the CLI) chooses the file: $GRANTSEARCH_SYNONYMS or the
 * installed one; a library reads no environment. */
int gs_searcher_set_synonyms(gs_searcher_t *s, const char *path, char **err)
{
    int e;
    gs_synonyms_t *syn = gs_synonyms_load_file(s->an, path, &e);
    if (!syn) {
        if (err)
            *err = strdup("out of memory reading the synonyms file");
        return -1;
    }
    gs_synonyms_free(s->syn);
    s->syn = syn;
    if (!e)
        return 0;
    if (err && asprintf(err, "cannot read the synonyms file %s: %s", path, strerror(e)) < 0)
        *err = NULL;
    return -1;
}
