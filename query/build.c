/* build.c - the parsed query (ast.h) -> a Xapian query: the walk of the tree.
 *
 * Every word goes through the one analyzer (stemming/analyzer.h), never
 * through Xapian's QueryParser, so query terms are exactly index terms.
 * A plain word ranks as OR(body term * body weight, field term * boost ...)
 * (gs_term_query), so matches in the title or goal count more.  Filters are
 * boolean terms or value ranges scaled by 0: they never change the ranking.
 *
 * The walk is here; words and phrases are built in words.c, filters in
 * filters.c, synonym expansions in synonyms.c, the ranking block of a term
 * in ranking.c (build_impl.h lists what they share).
 */
#include "query/build_impl.h"
#include "schema/phrases.h"
#include "schema/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static xapc_query_t *build(builder_t *bd, const qnode_t *n, vnode_t **vo);

void gs_qbuilt_free(qbuilt_t *b)
{
    xapc_query_destroy(b->q);
    xapc_query_destroy(b->pairs);
    gs_vn_free(b->verify);
    gs_hlset_free(&b->hl);
    gs_strlist_free(&b->notes);
    gs_strlist_free(&b->unknown);
    gs_exlist_free(&b->explain);
    memset(b, 0, sizeof *b);
}

/* ---- --explain's list of ranked terms ---------------------------------- */

const char *gs_exkind_name(gs_exkind_t k)
{
    static const char *const names[] = {"stem",    "abbreviation", "form",      "prefix",
                                        "phrase",  "synonym",      "number",    "lemma",
                                        "proximity", "other"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "other";
}

int gs_exlist_add(gs_exlist_t *l, const char *word, const char *term, gs_exkind_t kind,
                  int field, double scale, const xapc_query_t *q)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        gs_exterm_t *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    gs_exterm_t *e = &l->v[l->n];
    *e = (gs_exterm_t){.word = strdup(word), .term = strdup(term), .kind = kind,
                       .field = field, .scale = scale, .q = xapc_query_copy(q)};
    if (!e->word || !e->term || !e->q) {
        free(e->word);
        free(e->term);
        xapc_query_destroy(e->q);
        return -1;
    }
    l->n++;
    return 0;
}

void gs_exlist_free(gs_exlist_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].word);
        free(l->v[i].term);
        xapc_query_destroy(l->v[i].q);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* An abbreviation's term is in capitals (schema.h); a stem never is.  A
 * word weighed with its equivalents («аутизм = РАС», words.c) is of the
 * kind of the typed word's term, the first. */
static int is_abbreviation(const char *term)
{
    const char *end = strstr(term, " = ");
    for (const unsigned char *p = (const unsigned char *)term;
         *p && (!end || p < (const unsigned char *)end); p++)
        if ((*p >= 'A' && *p <= 'Z') || (p[0] == 0xd0 && p[1] >= 0x90 && p[1] <= 0xaf))
            return 1;
    return 0;
}

void gs_qb_explain(builder_t *bd, const char *term, gs_exkind_t kind, int field,
                   const xapc_query_t *q)
{
    gs_qb_explain_scaled(bd, term, kind, field, 1.0, q);
}

void gs_qb_explain_scaled(builder_t *bd, const char *term, gs_exkind_t kind, int field,
                          double weight, const xapc_query_t *q)
{
    if (!bd->s->explain || !q)
        return;
    if (bd->ex_synonym > 0)
        kind = GS_EX_SYNONYM;
    else if (kind == GS_EX_STEM && is_abbreviation(term))
        kind = GS_EX_ABBREVIATION;
    const char *word = bd->ex_word ? bd->ex_word : term;
    double scale = (bd->ex_synonym > 0 ? bd->ex_synonym : 1.0) * weight;
    if (gs_exlist_add(&bd->out->explain, word, term, kind, field, scale, q) < 0)
        bd->oom = 1;
}

/* ---- analysing query text ------------------------------------------ */

static int collect_tok(void *ctx, const gs_token_t *t)
{
    qtoks_t *ts = ctx;
    if (t->term_len == 0 || t->term_len > MAX_TERM)
        return 0;
    if (ts->n == ts->cap) {
        size_t cap = ts->cap ? 2 * ts->cap : 8;
        qtok_t *v = realloc(ts->v, cap * sizeof *v);
        if (!v) {
            ts->oom = 1;
            return 1;
        }
        ts->v = v;
        ts->cap = cap;
    }
    qtok_t *q = &ts->v[ts->n];
    q->term = strndup(t->term, t->term_len);
    q->form = strndup(t->form, t->form_len);
    q->pos = t->pos;
    q->flags = t->flags;
    if (!q->term || !q->form) {
        free(q->term);
        free(q->form);
        ts->oom = 1;
        return 1;
    }
    ts->n++;
    return 0;
}

void gs_qb_qtoks_free(qtoks_t *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        free(ts->v[i].term);
        free(ts->v[i].form);
    }
    free(ts->v);
    memset(ts, 0, sizeof *ts);
}

int gs_qb_analyse(gs_analyzer_t *an, const char *text, qtoks_t *out)
{
    memset(out, 0, sizeof *out);
    gs_analyze(an, text, strlen(text), 1, collect_tok, out, NULL);
    return out->oom ? -1 : 0;
}

/* ---- the builder ---------------------------------------------------- */

xapc_query_t *gs_qb_oom(builder_t *bd)
{
    bd->oom = 1;
    return NULL;
}

/* Every build function returns the Xapian query of its part and hands the
 * part's recheck formula (verify.h) back through *vo: both or neither (a
 * NULL query = nothing to search, or out of memory with bd->oom set). */
xapc_query_t *gs_qb_with_formula(builder_t *bd, xapc_query_t *q, vnode_t *v, vnode_t **vo)
{
    if (q && !v) {
        xapc_query_destroy(q);
        q = NULL;
        bd->oom = 1;
    }
    if (!q) {
        gs_vn_free(v);
        v = NULL;
    }
    *vo = v;
    return q;
}

/* The OR of the k queries v[] with their formulas fv[] (a query matches
 * where any does, a candidate passes where any formula does).  Takes what
 * v[] and fv[] hold and frees both arrays (either may be NULL when k is 0). */
xapc_query_t *gs_qb_or_all(builder_t *bd, xapc_query_t **v, vnode_t **fv, size_t k,
                           vnode_t **vo)
{
    xapc_query_t *q = k && !bd->oom ? gs_qb_combine(XAPC_OP_OR, v, k, 0) : NULL;
    vnode_t *f = NULL;
    if (q)
        f = gs_vn_group(VN_OR, fv, k);
    else
        for (size_t j = 0; j < k; j++)
            gs_vn_free(fv[j]);
    gs_qb_destroy_all(v, k);
    free(v);
    free(fv);
    return gs_qb_with_formula(bd, q, f, vo);
}

/* ---- groups ---------------------------------------------------------- */

int gs_qb_is_plain_word(const qnode_t *k)
{
    return k->kind == QN_WORD && !k->flags && k->field < 0;
}

/* Each kid's IDF into idf[] (gs_qb_words_idf: -1 for what is no plain
 * word) and the index of the rarest plain word (the first of the highest
 * IDF, the one gs_qb_weigh_words keeps whole); n->nkids when there is no
 * word to weigh.  One term-frequency look-up per word. */
static size_t kids_idf(builder_t *bd, const qnode_t *n, double *idf)
{
    size_t rare = n->nkids;
    for (size_t i = 0; i < n->nkids; i++) {
        const qnode_t *k = n->kids[i];
        idf[i] = gs_qb_words_idf(bd, &k, 1);
        if (idf[i] > 0 && (rare == n->nkids || idf[i] > idf[rare]))
            rare = i;
    }
    return rare;
}

static xapc_query_t *build_group(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    /* The whole query's filters and exclusions hold for every candidate. */
    int top = bd->depth == 1;
    size_t cap = n->nkids + 1;
    xapc_query_t **pos = calloc(cap, sizeof *pos), **neg = calloc(cap, sizeof *neg),
                 **flt = calloc(cap, sizeof *flt);
    vnode_t **vpos = calloc(cap, sizeof *vpos), **vneg = calloc(cap, sizeof *vneg),
            **vflt = calloc(cap + 1, sizeof *vflt);
    gs_qb_word_t *words = calloc(cap, sizeof *words);  /* pos[]'s words, ranked together */
    double *kidf = calloc(cap, sizeof *kidf);
    size_t np = 0, nvp = 0, nn = 0, nf = 0, nvn = 0, nvf = 0;
    xapc_query_t *q = NULL;
    vnode_t *form = NULL;
    if (!pos || !neg || !flt || !vpos || !vneg || !vflt || !words || !kidf) {
        gs_qb_oom(bd);
        goto out;
    }
    /* Each kid's IDF (gs_qb_words_idf), for the rarest word's cap, and
     * which kid is the rarest: the others are context words. */
    size_t rare = kids_idf(bd, n, kidf);
    /* A relaxed reading ORs the kids: each is an alternative. */
    int alternatives = !(n->kind == QN_AND || !bd->relaxed);
    bd->optional += alternatives;
    for (size_t i = 0; i < n->nkids; i++) {
        const qnode_t *k = n->kids[i];
        xapc_query_t *sq = NULL;
        vnode_t *sv = NULL;
        size_t ex0 = bd->out->explain.n;
        int context = n->kind == QN_DEFAULT && rare < n->nkids && i != rare;
        bd->optional++; /* a synonym group's readings are alternatives */
        size_t used = gs_qb_try_synonym(bd, n->kids, n->nkids, i, n->kind == QN_DEFAULT, context,
                                        &sq, &sv);
        bd->optional--;
        if (used) {
            double idf = -1;
            for (size_t j = i; j < i + used; j++)
                idf = kidf[j] > idf ? kidf[j] : idf;
            words[np] = (gs_qb_word_t){&pos[np], idf, ex0, bd->out->explain.n};
            pos[np++] = sq;
            vpos[nvp++] = sv;
            i += used - 1;
            continue;
        }
        if (k->kind == QN_NOT) {
            bd->negated++;
            sq = build(bd, k->kids[0], &sv);
            bd->negated--;
            if (sq) {
                /* An exclusion Xapian can apply exactly is applied there
                 * (and, below the top level, listed for the formula: a
                 * candidate may come from another branch); one that needs
                 * the recheck (a phrase, a long field's word) would exclude
                 * too much as its words: the formula does it. */
                if (sv->loose) {
                    xapc_query_destroy(sq);
                    vneg[nvn++] = sv;
                } else {
                    gs_vn_free(sv);
                    if (!top && !(vneg[nvn++] = gs_vn_match(sq)))
                        gs_qb_oom(bd);
                    neg[nn++] = sq;
                }
            }
        } else if (k->kind == QN_FILTER) {
            if ((sq = build(bd, k, &sv))) {
                /* The same for a filter. */
                gs_vn_free(sv);
                if (!top && !(vflt[nvf++] = gs_vn_match(sq)))
                    gs_qb_oom(bd);
                flt[nf++] = sq;
            }
        } else if ((sq = build(bd, k, &sv))) {
            words[np] = (gs_qb_word_t){&pos[np], kidf[i], ex0, bd->out->explain.n};
            pos[np++] = sq;
            vpos[nvp++] = sv;
        }
        if (bd->oom || bd->xst != XAPC_OK)
            break;
    }
    bd->optional -= alternatives;
    if (bd->oom || bd->xst != XAPC_OK)
        goto out;
    if (n->kind == QN_DEFAULT && np > 1)
        bd->out->can_relax = 1;
    if (n->kind == QN_DEFAULT)
        gs_qb_weigh_words(bd, words, np);  /* the rarest word is what it is about */
    if (bd->oom)
        goto out;
    int and = n->kind == QN_AND || !bd->relaxed;
    if (np) {
        q = gs_qb_combine(and ? XAPC_OP_AND : XAPC_OP_OR, pos, np, 0);
        if (and)
            q = gs_qb_anchor_and(bd, q, vpos, np);
        form = np == 1 ? vpos[0] : gs_vn_group(and ? VN_AND : VN_OR, vpos, np);
        nvp = 0; /* vpos[] belongs to form now */
    } else if (nf || nn || nvn) {
        q = xapc_query_match_all();
        form = gs_vn_true();
    }
    /* The filters below the top level always AND, whatever the group. */
    if (form && nvf) {
        vflt[nvf++] = form;
        form = gs_vn_group(VN_AND, vflt, nvf);
        nvf = 0;
    }
    if (q && nf)
        q = gs_qb_apply_parts(q, XAPC_OP_FILTER, XAPC_OP_AND, flt, nf);
    if (q && nn)
        q = gs_qb_apply_parts(q, XAPC_OP_AND_NOT, XAPC_OP_OR, neg, nn);
    if (form && nvn) {
        vnode_t *any = nvn == 1 ? vneg[0] : gs_vn_group(VN_OR, vneg, nvn);
        nvn = 0;
        vnode_t *not = any ? gs_vn_group(VN_NOT, &any, 1) : NULL;
        vnode_t *both[2] = {form, not};
        form = not ? gs_vn_group(VN_AND, both, 2) : (gs_vn_free(form), NULL);
    }
out:
    for (size_t j = 0; vpos && j < nvp; j++)
        gs_vn_free(vpos[j]);
    for (size_t j = 0; vneg && j < nvn; j++)
        gs_vn_free(vneg[j]);
    for (size_t j = 0; vflt && j < nvf; j++)
        gs_vn_free(vflt[j]);
    if (pos)
        gs_qb_destroy_all(pos, np);
    if (neg)
        gs_qb_destroy_all(neg, nn);
    if (flt)
        gs_qb_destroy_all(flt, nf);
    free(pos);
    free(neg);
    free(flt);
    free(vpos);
    free(vneg);
    free(vflt);
    free(words);
    free(kidf);
    return gs_qb_with_formula(bd, q, form, vo);
}

static xapc_query_t *build_node(builder_t *bd, const qnode_t *n, vnode_t **vo);

static xapc_query_t *build(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    bd->depth++;
    xapc_query_t *q = build_node(bd, n, vo);
    bd->depth--;
    return q;
}

static xapc_query_t *build_node(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    if (bd->oom || bd->xst != XAPC_OK)
        return NULL;
    switch (n->kind) {
    case QN_WORD:
        if (gs_qb_is_plain_word(n)) { /* a lone word may still be a synonym */
            qnode_t fake = {.kind = QN_DEFAULT, .kids = (qnode_t **)&n, .nkids = 1, .field = -1};
            xapc_query_t *sq = NULL;
            bd->optional++;
            size_t used = gs_qb_try_synonym(bd, fake.kids, 1, 0, 0, 0, &sq, vo);
            bd->optional--;
            if (used)
                return sq;
        }
        return gs_qb_build_word(bd, n, vo);
    case QN_PHRASE:
        return gs_qb_build_phrase(bd, n, vo);
    case QN_FILTER:
        return gs_qb_build_filter(bd, n, vo);
    case QN_DEFAULT:
    case QN_AND:
        return build_group(bd, n, vo);
    case QN_NOT: {
        /* Alone (or under OR): everything but it. */
        qnode_t fake = {.kind = QN_AND, .kids = (qnode_t **)&n, .nkids = 1, .field = -1};
        return build_group(bd, &fake, vo);
    }
    case QN_OR: {
        xapc_query_t **v = calloc(n->nkids, sizeof *v);
        vnode_t **fv = calloc(n->nkids, sizeof *fv);
        size_t k = 0;
        if (!v || !fv) {
            free(v);
            free(fv);
            return gs_qb_oom(bd);
        }
        bd->optional += n->nkids > 1;
        for (size_t i = 0; i < n->nkids; i++)
            if ((v[k] = build(bd, n->kids[i], &fv[k])))
                k++;
        bd->optional -= n->nkids > 1;
        return gs_qb_or_all(bd, v, fv, k, vo);
    }
    }
    return NULL;
}

/* The schema the index was built with (schema.h GS_META_SCHEMA): 0 when
 * it does not say.  From 4 it holds the exact-form and word-pair terms,
 * from 6 the stem-prefix terms; an older one is searched without them: the
 * recheck alone, or Xapian's wildcard, as before. */
static int index_schema(xapc_db_t *db)
{
    const char *sv;
    size_t n;
    if (xapc_db_get_metadata(db, GS_META_SCHEMA, &sv, &n) != XAPC_OK || n == 0 || n > 8)
        return 0;
    char buf[9];
    memcpy(buf, sv, n);
    buf[n] = '\0';
    return atoi(buf);
}

/* Does the index hold the exact-form and word-pair terms (schema 4 or
 * later)?  The recheck's counting walk asks (searcher/verify.c). */
int gs_qb_has_exact_terms(xapc_db_t *db)
{
    return index_schema(db) >= 4;
}

size_t gs_qb_posted_phrase(xapc_db_t *db, const char *const *terms, const size_t *lens, size_t n,
                           uint32_t window, char *buf, size_t cap)
{
    char enc[GS_PHRASE_MAX_ENC];
    size_t len = gs_phrase_encode(enc, sizeof enc, terms, lens, n, window);
    const char *v;
    size_t vlen;
    if (!len || xapc_db_shard_count(db) != 1)
        return 0;
    size_t tlen = gs_phrase_term(buf, cap, enc, len);
    return tlen && xapc_db_get_metadata(db, buf, &v, &vlen) == XAPC_OK && vlen == len &&
                   !memcmp(v, enc, len)
               ? tlen
               : 0;
}

/* Is the whole query one phrase (typed alone, or the only part of its
 * group)?  Then its hits are the records holding all its word pairs that
 * pass the recheck, and the count can be scaled from those records. */
static int is_one_phrase(const qnode_t *root)
{
    while ((root->kind == QN_DEFAULT || root->kind == QN_AND) && root->nkids == 1)
        root = root->kids[0];
    return root->kind == QN_PHRASE;
}

/* A boost below the one the index folded in (ranking.c bm25f_query) ranks
 * as the folded one: say so, rather than let title=0 look obeyed. */
static void note_boost_below_fold(const gs_boosts_t *b, strlist_t *notes)
{
    for (int f = 0; f < GS_SF_N && b->body > 0; f++)
        if (b->folded[f] > gs_boost_repeats(b->field[f])) {
            char msg[256];
            int len = snprintf(msg, sizeof msg,
                               "boost %s=%g is below the %d this index counts %s words with "
                               "(built in when it was indexed): ranked as %s=%d",
                               gs_sfield_name(f), b->field[f], b->folded[f], gs_sfield_name(f),
                               gs_sfield_name(f), b->folded[f]);
            if (len > 0 && (size_t)len < sizeof msg)
                gs_strlist_add(notes, msg, (size_t)len);
        }
}

int gs_qbuild(gs_qenv_t *s, const qnode_t *root, const gs_boosts_t *b, int relaxed,
              qbuilt_t *out, xapc_status_t *xst, char **err)
{
    memset(out, 0, sizeof *out);
    *xst = XAPC_OK;
    gs_boosts_t folded = *b;  /* b as this index folds it (ranking.c) */
    gs_boosts_read_fold(&folded, s->db);
    note_boost_below_fold(&folded, &out->notes);
    int schema = index_schema(s->db);
    builder_t bd = {.s = s, .b = &folded, .relaxed = relaxed, .out = out, .xst = XAPC_OK,
                    .exact_terms = schema >= 4, .stem_prefixes = schema >= 6};
    vnode_t *form = NULL;
    out->q = build(&bd, root, &form);
    if (bd.nphrases == 1 && is_one_phrase(root)) {
        out->pairs = bd.pair_tf ? NULL : bd.pairs;
        out->pair_tf = bd.pair_tf;
    }
    if (out->pairs != bd.pairs)
        xapc_query_destroy(bd.pairs);
    /* Only a formula the Xapian query does not already answer is rechecked. */
    if (form && form->loose)
        out->verify = form;
    else
        gs_vn_free(form);
    if (bd.oom || bd.xst != XAPC_OK) {
        *xst = bd.xst;
        if (err)
            *err = strdup(bd.oom ? "out of memory building the query"
                                 : xapc_status_to_string(bd.xst));
        gs_qbuilt_free(out);
        return -1;
    }
    return 0;
}
