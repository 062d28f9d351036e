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
#include "schema/phrases.h"
#include "toolkit/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
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

/* Analyse one alternative's text into a new alt of g.  0 ok; -1 when it
 * has no word to search (only stop words) or out of memory. */
static int add_alt(gs_analyzer_t *an, syn_group_t *g, char *text)
{
    text = trim(text);
    syn_alt_t *alts = realloc(g->alts, (g->n + 1) * sizeof *alts);
    if (!alts)
        return -1;
    g->alts = alts;
    syn_alt_t *alt = &g->alts[g->n++];
    memset(alt, 0, sizeof *alt);
    alt_ctx_t c = {.alt = alt};
    gs_analyze(an, text, strlen(text), 1, on_tok, &c, NULL);
    alt->span = alt->n ? c.last - c.first + 1 : 0;
    return c.oom || alt->n == 0 ? -1 : 0;
}

/* Split text at each of the bytes in seps into alternatives of g.  0 ok. */
static int add_alts(gs_analyzer_t *an, syn_group_t *g, char *text, const char *seps)
{
    for (char *save = NULL, *tok = strtok_r(text, seps, &save); tok;
         tok = strtok_r(NULL, seps, &save))
        if (add_alt(an, g, tok) < 0)
            return -1;
    return 0;
}

/* One line (trimmed, not a comment) into *g: "a = b", "a = b > c, d" or
 * "a ~ b".  One kind per line ('=' only left of '>').  0 ok; -1 bad (g
 * holds what was read, for group_free). */
static int parse_line(gs_analyzer_t *an, char *p, syn_group_t *g)
{
    char *gt = strchr(p, '>');
    int rel = strchr(p, '~') != NULL;
    if (gt) {
        /* The broader words first (alts[0..nbroad)), then the narrower. */
        g->kind = SYN_BROADER;
        *gt++ = '\0';
        if (rel || strchr(gt, '>') || strchr(gt, '=') || strchr(p, ',') ||
            add_alts(an, g, p, "=") < 0)
            return -1;
        g->nbroad = g->n;
        if (add_alts(an, g, gt, ",") < 0)
            return -1;
        return g->nbroad && g->n > g->nbroad ? 0 : -1;
    }
    if (rel && strchr(p, '='))
        return -1;
    g->kind = rel ? SYN_RELATED : SYN_EQUAL;
    if (add_alts(an, g, p, rel ? "~" : "=") < 0)
        return -1;
    return g->n < 2 ? -1 : 0;
}

/* Read the groups of the open file f (named path) into s. */
static void load_lines(gs_synonyms_t *s, gs_analyzer_t *an, FILE *f, const char *path)
{
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        char *p = trim(line);
        if (!*p || *p == '#')
            continue;
        syn_group_t g = {0};
        if (parse_line(an, p, &g) < 0) {
            fprintf(stderr, "grantsearch: %s:%u: skipped: a line needs two or more "
                            "alternatives with words, separated by one kind of operator: "
                            "'=' (the same), '>' then ',' (broader > narrower, ...) or "
                            "'~' (related)\n", path, lineno);
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
}

/* Does the list b (lines) hold the line s[0..len)? */
static int line_in(const gs_buf_t *b, const char *s, size_t len)
{
    for (size_t o = 0; o < b->len;) {
        const char *nl = memchr(b->s + o, '\n', b->len - o);
        size_t l = nl ? (size_t)(nl - (b->s + o)) : b->len - o;
        if (l == len && !memcmp(b->s + o, s, len))
            return 1;
        o += l + 1;
    }
    return 0;
}

/* The thesaurus beside the synonyms file at path: a new path, or NULL. */
static char *thesaurus_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    char *t = malloc(dir + sizeof GS_THESAURUS_FILE);
    if (t) {
        memcpy(t, path, dir);
        memcpy(t + dir, GS_THESAURUS_FILE, sizeof GS_THESAURUS_FILE);
    }
    return t;
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
    load_lines(s, an, f, path);
    fclose(f);
    /* The domain thesaurus, when it lies beside the file. */
    char *tp = thesaurus_path(path);
    FILE *tf = tp ? fopen(tp, "r") : NULL;
    if (tf) {
        load_lines(s, an, tf, tp);
        fclose(tf);
    }
    free(tp);
    return s;
}

/* ---- the phrases an index posts (schema/phrases.h) ------------------- */

char *gs_synonyms_phrase_list(const char *path)
{
    gs_analyzer_t *an = gs_analyzer_new(0);
    int err;
    gs_synonyms_t *s = an ? gs_synonyms_load_file(an, path, &err) : NULL;
    gs_buf_t out = GS_BUF_INIT;
    for (size_t g = 0; s && g < s->n; g++)
        for (size_t a = 0; a < s->groups[g].n; a++) {
            const syn_alt_t *alt = &s->groups[g].alts[a];
            char enc[GS_PHRASE_MAX_ENC];
            size_t len = gs_phrase_encode(enc, sizeof enc, (const char *const *)alt->terms,
                                          NULL, alt->n, alt->span);
            /* Once each: a phrase may stand on several lines. */
            if (len && !line_in(&out, enc, len)) {
                gs_buf_append(&out, enc, len);
                gs_buf_append_byte(&out, '\n');
            }
        }
    gs_synonyms_free(s);
    gs_analyzer_free(an);
    if (!s) {
        gs_buf_free(&out);
        return NULL;
    }
    return gs_buf_take(&out, NULL);
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

/* The weight of an alternative the user did not type, by how it relates to
 * the one typed, and a phrase of n words no more than a word (each of its
 * words scores on its own in Xapian).  An equivalent (an abbreviation's
 * expansion, a synonym) and a narrower word (typed «зависимость», found
 * «наркомания») weigh GS_EXPANSION_WEIGHT / n: what the typed word weighs,
 * as a synonym does in Lucene's or Xapian's own expansion (a record saying
 * «канистерапия» is as much about animal-assisted therapy as one saying
 * «терапия с помощью животных»); a broader word (typed «наркомания», found
 * «зависимость») and a related one GS_LOOSE_WEIGHT / n, half of it; a
 * sibling under the same broader word nothing.  In an exclusion (negated)
 * only what means the same counts: «-дрон» excludes БПЛА, but
 * «-наркомания» not every record on «зависимость».
 * On the 45 dev queries (../shared/relevance), with the rarest word's cap
 * (ranking.c gs_qb_weigh_words): equivalent 0.5 / 0.7 / 0.9 / 1.0 (loose
 * half of it) gives nDCG@10 0.7555 / 0.7557 / 0.7667 / 0.7713, rising on
 * dev2 (0.7204 .. 0.7371) and flat on dev (0.8256 .. 0.8396); below 1 the
 * expansions' records ranked under records of the query's common words
 * (bench/RESULTS.md, issue 16, branch rel16c). */
#define GS_EXPANSION_WEIGHT 1.0
#define GS_LOOSE_WEIGHT 0.5
static double expansion_weight(const syn_group_t *g, size_t typed, size_t other, int negated)
{
    int same = g->kind == SYN_EQUAL ||
               (g->kind == SYN_BROADER && typed < g->nbroad && other < g->nbroad);
    if (negated && !same)
        return 0.0;
    double w = GS_EXPANSION_WEIGHT;
    if (g->kind == SYN_RELATED)
        w = GS_LOOSE_WEIGHT;
    else if (g->kind == SYN_BROADER && typed >= g->nbroad)
        w = other < g->nbroad ? GS_LOOSE_WEIGHT : 0.0;
    const syn_alt_t *a = &g->alts[other];
    return w / (double)(a->n ? a->n : 1);
}

/* The IDF of an alternative, ln(N / df) of its rarest term (the one that
 * tells it apart); 0 when no record holds any of its terms. */
static double alt_idf(xapc_db_t *db, const syn_alt_t *a)
{
    double n = xapc_db_doccount(db), idf = 0;
    for (size_t j = 0; j < a->n; j++) {
        double df = xapc_db_termfreq(db, a->terms[j], strlen(a->terms[j]));
        double x = df > 0 ? log(n / df) : 0;
        idf = x > idf ? x : idf;
    }
    return idf;
}

/* What an alternative weighs in the query: its relation's weight w, and no
 * more than w times what the typed words would weigh.  BM25 gives each
 * alternative the IDF of its own term, so a rare variant of a common word
 * (typed «подростков», the thesaurus's «подростковый») counted as a rare
 * word at w and, with its presence bonus in a relaxed reading, outweighed
 * the query's real rare word (query 127: seven records on «подростки» and
 * nothing on horses in its top ten).  So an alternative rarer than the
 * typed words is scaled by their IDF over its own.  On the 45 dev queries:
 * nDCG@10 0.7500 -> 0.7537, 4 queries up (+0.015 .. +0.096), 8 down (all
 * under 0.02), the unjudged share of the top 10 5.9% -> 4.1%
 * (bench/RESULTS.md, issue 16).  ti: the typed words' alt_idf. */
static double alt_weight(xapc_db_t *db, double ti, const syn_alt_t *alt, double w)
{
    double ai = alt_idf(db, alt);
    /* Typed words no record holds (ti 0) leave the alternative as it is. */
    return ai > ti && ti > 0 ? w * ti / ai : w;
}

static int same_alt(const syn_alt_t *a, const syn_alt_t *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->terms[i], b->terms[i]))
            return 0;
    return 1;
}

/* How many query words alt covers when the query's terms[0..nt) start with
 * it (words_for[j]: the words up to term j), else 0. */
static size_t alt_covers(const syn_alt_t *alt, char *const *terms, const size_t *words_for,
                         size_t nt)
{
    if (alt->n == 0 || alt->n > nt)
        return 0;
    for (size_t j = 0; j < alt->n; j++)
        if (strcmp(alt->terms[j], terms[j]))
            return 0;
    return words_for[alt->n - 1];
}

/* An alternative to OR in, with its weight (1.0: what the user typed). */
typedef struct {
    const syn_alt_t *alt;
    double w;
    int offered;  /* handed to the typed word as an equivalent */
} pick_t;

/* Add alt with weight w to picks[0..*n) unless an equal one is there (then
 * the higher weight stays). */
static void pick_add(pick_t *picks, size_t *n, const syn_alt_t *alt, double w)
{
    for (size_t i = 0; i < *n; i++)
        if (same_alt(picks[i].alt, alt)) {
            if (w > picks[i].w)
                picks[i].w = w;
            return;
        }
    picks[(*n)++] = (pick_t){alt, w, 0};
}

/* Does alt hold term? */
static int alt_has(const syn_alt_t *alt, const char *term)
{
    for (size_t i = 0; i < alt->n; i++)
        if (!strcmp(alt->terms[i], term))
            return 1;
    return 0;
}

/* Does every record that matches `big` also match `small`, so that searching
 * big beside small only counts the same words twice?  small is the typed
 * words (typed: matched as words, in any order, so holding them all is
 * enough), or one term (big holds it), or a phrase that big holds side by
 * side in its own words, big having no gap (stop word) inside it. */
static int alt_implies(const syn_alt_t *big, const syn_alt_t *small, int typed)
{
    if (small->n > big->n || (!typed && small->n == big->n))
        return 0;
    if (typed || small->n == 1) {
        for (size_t i = 0; i < small->n; i++)
            if (!alt_has(big, small->terms[i]))
                return 0;
        return 1;
    }
    if (big->span != big->n)
        return 0;
    for (size_t at = 0; at + small->n <= big->n; at++) {
        size_t j = 0;
        while (j < small->n && !strcmp(small->terms[j], big->terms[at + j]))
            j++;
        if (j == small->n)
            return 1;
    }
    return 0;
}

/* Drop from picks[1..*n) each alternative that another pick, of at least
 * its weight, already finds wherever it matches (alt_implies): «правовая
 * помощь = юридическая помощь = бесплатная юридическая помощь» searched a
 * record saying «бесплатной юридической помощи» as both alternatives, and
 * its «юридическ», «помощ» counted twice beside every other word of the
 * query (dev query 109 ranked general legal-aid records above legal help
 * for disabled people).  The records found stay the same (the shorter
 * alternative matches them all), and no number is tuned.  picks[0], what
 * the user typed, stays. */
static void drop_implied(pick_t *picks, size_t *n)
{
    size_t kept = 1;
    for (size_t a = 1; a < *n; a++) {
        int implied = 0;
        for (size_t b = 0; b < *n && !implied; b++)
            implied = b != a && picks[b].w >= picks[a].w &&
                      alt_implies(picks[a].alt, picks[b].alt, b == 0);
        if (!implied)
            picks[kept++] = picks[a];
    }
    *n = *n ? kept : 0;
}

/* The alternatives to search for the typed words the lines' matching
 * alternatives cover (`used` words): the typed one first (weight 1), then
 * every other alternative of each line holding it, once, at its weight
 * (negated: only those that mean the same), less those another one
 * already finds (drop_implied).
 * *n picks; malloc'd, NULL if out of memory. */
static pick_t *pick_alternatives(const gs_synonyms_t *syn, char *const *terms,
                                 const size_t *words_for, size_t nt, size_t used, int negated,
                                 size_t *n)
{
    size_t cap = 1;
    for (size_t g = 0; g < syn->n; g++)
        cap += syn->groups[g].n;
    pick_t *picks = malloc(cap * sizeof *picks);
    *n = 0;
    if (!picks)
        return NULL;
    for (size_t g = 0; g < syn->n; g++) {
        const syn_group_t *grp = &syn->groups[g];
        size_t typed = grp->n;
        for (size_t a = 0; a < grp->n && typed == grp->n; a++)
            if (alt_covers(&grp->alts[a], terms, words_for, nt) == used)
                typed = a;
        if (typed == grp->n)
            continue;
        pick_add(picks, n, &grp->alts[typed], 1.0);
        for (size_t a = 0; a < grp->n; a++) {
            double w = a == typed ? 0.0 : expansion_weight(grp, typed, a, negated);
            if (w > 0.0)
                pick_add(picks, n, &grp->alts[a], w);
        }
    }
    drop_implied(picks, n);
    return picks;
}

/* The words the user typed, kids[0..n), as they are built without
 * synonyms: each word, all of them (a line's alternative matched them by
 * their terms, not as a phrase: «финансовая грамотность» still finds
 * «грамотность в финансовой сфере»), or any of them in the relaxed reading
 * of a plain query (relax: the group is one; then the strict reading can
 * be relaxed, as it could without the line).  Stop words search nothing. */
static xapc_query_t *typed_query(builder_t *bd, qnode_t *const *kids, size_t n, int relax,
                                 vnode_t **vo)
{
    xapc_query_t *v[8];
    vnode_t *fv[8];
    size_t k = 0;
    for (size_t j = 0; j < n && k < 8; j++)
        if ((v[k] = gs_qb_build_word(bd, kids[j], &fv[k])))
            k++;
    *vo = NULL;
    if (k == 1) {
        *vo = fv[0];
        return v[0];
    }
    if (k > 1 && relax)
        bd->out->can_relax = 1;
    int any = relax && bd->relaxed;
    xapc_query_t *q = k ? gs_qb_combine(any ? XAPC_OP_OR : XAPC_OP_AND, v, k, 0) : NULL;
    if (!any)
        q = gs_qb_anchor_and(bd, q, fv, k);
    vnode_t *f = q ? gs_vn_group(any ? VN_OR : VN_AND, fv, k) : NULL;
    if (!q)
        for (size_t j = 0; j < k; j++)
            gs_vn_free(fv[j]);
    gs_qb_destroy_all(v, k);
    return gs_qb_with_formula(bd, q, f, vo);
}

/* An alternative searched as the typed word itself: one term, weighed as
 * the typed word (an equivalent, or a narrower word under a typed broader
 * one: expansion_weight). */
static int is_equivalent(const pick_t *p)
{
    return p->alt->n == 1 && p->w >= GS_EXPANSION_WEIGHT;
}

/* A context word (one the rarest word's cap weighs: ranking.c
 * gs_qb_weigh_words) is weighed as one term with its equivalents
 * (words.c one_term_with): hand them to the build of the typed word,
 * which takes them (bd->equiv_used) when that word is one plain term.
 * The query's rarest word keeps them as alternatives of their own, added
 * up: a record saying «аутизм», «аутист» and «РАС» is the more about what
 * the query is about.  Measured on the 45 dev queries (bench/RESULTS.md,
 * issue 16, rel16d): dev2 0.7380 -> 0.7481, dev unchanged, every kind up
 * or equal; weighed as one term for every word, dev lost 0.012 (queries 1
 * and 34, whose rarest word's variants made the best records). */
static void offer_equivalents(builder_t *bd, pick_t *picks, size_t np)
{
    bd->nequiv = 0;
    bd->equiv_used = 0;
    if (bd->negated || picks[0].alt->n != 1)
        return;
    for (size_t a = 1; a < np && bd->nequiv < GS_QB_MAX_EQUIV; a++)
        if (is_equivalent(&picks[a]) && strcmp(picks[a].alt->terms[0], picks[0].alt->terms[0])) {
            bd->equiv[bd->nequiv++] = picks[a].alt->terms[0];
            picks[a].offered = 1;
        }
}

size_t gs_synonyms_equivalents(const gs_synonyms_t *syn, const char *term, const char **out,
                               size_t max)
{
    size_t k = 0;
    for (size_t g = 0; syn && g < syn->n; g++) {
        const syn_group_t *grp = &syn->groups[g];
        size_t typed = 0;
        while (typed < grp->n && !(grp->alts[typed].n == 1 && !strcmp(grp->alts[typed].terms[0], term)))
            typed++;
        for (size_t a = 0; typed < grp->n && a < grp->n && k < max; a++) {
            const syn_alt_t *alt = &grp->alts[a];
            /* What is_equivalent takes: one term, at the typed word's weight. */
            if (a == typed || alt->n != 1 || !strcmp(alt->terms[0], term) ||
                expansion_weight(grp, typed, a, 0) < GS_EXPANSION_WEIGHT)
                continue;
            size_t j = 0;
            while (j < k && strcmp(out[j], alt->terms[0]))
                j++;
            if (j == k)
                out[k++] = alt->terms[0];
        }
    }
    return k;
}

/* If the plain words kids[i..] start with a synonym alternative, build the
 * OR of the alternatives of every line holding it (the longest such run of
 * words wins) and return how many kids it used.  relax: kids are words of
 * a plain query (QN_DEFAULT), whose relaxed reading may drop some.
 * context: kids[i] is a context word, not the group's rarest
 * (offer_equivalents). */
size_t gs_qb_try_synonym(builder_t *bd, qnode_t *const *kids, size_t nkids, size_t i,
                          int relax, int context, xapc_query_t **out, vnode_t **vo)
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
    size_t used = 0, np = 0;
    for (size_t g = 0; g < syn->n; g++)
        for (size_t a = 0; a < syn->groups[g].n; a++) {
            size_t c = alt_covers(&syn->groups[g].alts[a], terms, words_for, nt);
            used = c > used ? c : used;
        }
    pick_t *picks = used ? pick_alternatives(syn, terms, words_for, nt, used, bd->negated, &np) : NULL;
    for (size_t j = 0; j < nt; j++)
        free(terms[j]);
    if (!used)
        return 0;
    xapc_query_t **v = picks ? calloc(np, sizeof *v) : NULL;
    vnode_t **fv = picks ? calloc(np, sizeof *fv) : NULL;
    size_t k = 0;
    const char *outer = bd->ex_word;  /* --explain: an expansion of the typed word */
    bd->ex_word = used == 1 ? kids[i]->text : outer;
    /* A context word's one-term equivalents go with its stem (words.c). */
    if (context && used == 1 && picks)
        offer_equivalents(bd, picks, np);
    /* picks[0] is what the user typed: their words as without synonyms. */
    if (v && fv && (v[0] = typed_query(bd, kids + i, used, relax, &fv[0])))
        k++;
    int with_typed = bd->equiv_used;
    bd->nequiv = 0;
    bd->equiv_used = 0;
    double typed_idf = np > 1 ? alt_idf(bd->s->db, picks[0].alt) : 0;  /* once per word */
    for (size_t a = 1; v && fv && a < np; a++) {
        if (with_typed && picks[a].offered)
            continue;  /* weighed with the typed word */
        double w = alt_weight(bd->s->db, typed_idf, picks[a].alt, picks[a].w);
        bd->ex_synonym = w;
        if ((v[k] = alt_query(bd, picks[a].alt, &fv[k]))) {
            /* w of what the typed word weighs (expansion_weight,
             * alt_weight): «некоммерческих организаций» shares one word's
             * weight between its two words, a loose relation gets half. */
            if (w < 1.0 && !(v[k] = gs_qb_scaled(v[k], w))) {
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
    free(picks);
    *out = gs_qb_or_all(bd, v, fv, k, vo);
    return *out ? used : 0;
}
