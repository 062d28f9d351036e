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
#include "query/build_impl.h"

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

/* ---- expansion at build time (gs_qbuild) ---------------------------- */

/* The synonym alternatives as one query: a term, or a phrase. */
static xapc_query_t *alt_query(builder_t *bd, const syn_alt_t *a, vnode_t **vo)
{
    if (a->n == 1)
        return gs_qb_one_term(bd, a->terms[0], -1, vo);
    qtok_t toks[32];
    size_t idx[32], n = a->n < 32 ? a->n : 32;
    for (size_t i = 0; i < n; i++) {
        toks[i].term = a->terms[i];
        toks[i].form = a->terms[i];
        toks[i].pos = (uint32_t)(i + 1);
        toks[i].flags = 0;
        idx[i] = i;
        const char *t = a->terms[i];
        if (!gs_strlist_has(&bd->out->hl.weak, t, strlen(t)) &&
            gs_strlist_add(&bd->out->hl.weak, t, strlen(t)) < 0)
            bd->oom = 1;
    }
    /* Allow the alternative's own gaps (stop words inside it). */
    if (a->span > n)
        toks[n - 1].pos = a->span;
    return gs_qb_phrase_query(bd, toks, idx, n, -1, vo);
}

/* The weight of a synonym alternative the user did not type: below the
 * typed one, and a phrase of n words no more than a word (each of its words
 * scores on its own in Xapian).  On the 45 dev queries (../shared/relevance)
 * nDCG@10 is 0.6842 at 1.0 (no down-weighting), 0.6850 at 0.5 / n. */
#define GS_EXPANSION_WEIGHT 0.5
static double expansion_weight(const syn_alt_t *a)
{
    return GS_EXPANSION_WEIGHT / (double)(a->n ? a->n : 1);
}

/* q scaled by f (q is consumed); NULL if out of memory. */
static xapc_query_t *scale_consume(xapc_query_t *q, double f)
{
    xapc_query_t *s = xapc_query_scale(q, f);
    xapc_query_destroy(q);
    return s;
}

/* If the plain words kids[i..] start with a synonym alternative, build the
 * OR of the group's alternatives and return how many kids it used. */
size_t gs_qb_try_synonym(builder_t *bd, qnode_t *const *kids, size_t nkids, size_t i,
                          xapc_query_t **out, vnode_t **vo)
{
    *vo = NULL;
    gs_synonyms_t *syn = bd->s->syn;
    if (!syn || !syn->n || !gs_qb_is_plain_word(kids[i]))
        return 0;
    /* Terms of up to 8 plain words from i (stop words skipped, kept in count). */
    char *terms[8];
    size_t words_for[8];
    size_t nt = 0, w = i;
    char tb[MAX_TERM + 1];
    for (; w < nkids && nt < 8 && gs_qb_is_plain_word(kids[w]); w++) {
        const char *txt = kids[w]->text;
        if (gs_is_stopword(txt, strlen(txt)) && w > i)
            continue;
        size_t len = gs_analyze_word(bd->s->an, txt, strlen(txt), tb, sizeof tb);
        if (!len)
            continue;
        terms[nt] = strndup(tb, len);
        if (!terms[nt])
            break;
        words_for[nt++] = w - i + 1;
    }
    size_t best_used = 0, best_g = 0, best_a = 0;
    for (size_t g = 0; g < syn->n; g++)
        for (size_t a = 0; a < syn->groups[g].n; a++) {
            const syn_alt_t *alt = &syn->groups[g].alts[a];
            if (alt->n == 0 || alt->n > nt)
                continue;
            size_t j = 0;
            while (j < alt->n && !strcmp(alt->terms[j], terms[j]))
                j++;
            if (j == alt->n && words_for[j - 1] > best_used) {
                best_used = words_for[j - 1];
                best_g = g;
                best_a = a;
            }
        }
    for (size_t j = 0; j < nt; j++)
        free(terms[j]);
    if (!best_used)
        return 0;
    const syn_group_t *grp = &syn->groups[best_g];
    xapc_query_t **v = calloc(grp->n, sizeof *v);
    vnode_t **fv = calloc(grp->n, sizeof *fv);
    size_t k = 0;
    const char *outer = bd->ex_word;  /* --explain: an expansion of the typed word */
    bd->ex_word = best_used == 1 ? kids[i]->text : outer;
    for (size_t a = 0; v && fv && a < grp->n; a++) {
        bd->ex_synonym = a != best_a ? expansion_weight(&grp->alts[a]) : 0;
        if (grp->alts[a].n && (v[k] = alt_query(bd, &grp->alts[a], &fv[k]))) {
            /* What the user typed outranks its expansions: «НКО» in a
             * record counts more than «некоммерческих организаций». */
            if (a != best_a && !(v[k] = scale_consume(v[k], expansion_weight(&grp->alts[a])))) {
                gs_vn_free(fv[k]);
                bd->oom = 1;
                continue;
            }
            k++;
        }
    }
    bd->ex_word = outer;
    bd->ex_synonym = 0;
    if (!v || !fv)
        bd->oom = 1;
    *out = gs_qb_or_all(bd, v, fv, k, vo);
    return *out ? best_used : 0;
}
