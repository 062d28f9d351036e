/* ranking.c - how a word ranks: its term in the body and in each boosted
 * field weighed together, BM25F-style (gs_term_query, also what `similar`
 * ranks with); the bonus a relaxed reading gives a word for being there at
 * all (gs_qb_presence); the cap that keeps a query's common words from
 * outweighing its rarest one (gs_qb_weigh_words); and the small helpers
 * that put Xapian queries together. */
#include "query/build_impl.h"
#include "schema/schema.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

xapc_query_t *gs_qb_combine(xapc_op_t op, xapc_query_t **v, size_t n, uint32_t param)
{
    if (n == 1 && op != XAPC_OP_PHRASE)
        return xapc_query_copy(v[0]);
    return xapc_query_combine(op, v, n, param);
}

void gs_qb_destroy_all(xapc_query_t **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xapc_query_destroy(v[i]);
}

xapc_query_t *gs_qb_scaled(xapc_query_t *q, double f)
{
    if (!q || f == 1.0)
        return q;
    xapc_query_t *s = xapc_query_scale(q, f);
    xapc_query_destroy(q);
    return s;
}

xapc_query_t *gs_qb_prefixed(const char *prefix, const char *term, size_t len, double scale)
{
    char buf[MAX_TERM + 16];
    size_t plen = strlen(prefix);
    if (len > MAX_TERM)
        len = MAX_TERM;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, term, len);
    return gs_qb_scaled(xapc_query_term(buf, plen + len, 1, 0), scale);
}

/* q OP (parts[0..n) joined by `join`), e.g. q FILTER (f1 AND f2): a new
 * query, NULL on failure.  q is consumed; the parts stay the caller's. */
xapc_query_t *gs_qb_apply_parts(xapc_query_t *q, xapc_op_t op, xapc_op_t join,
                                 xapc_query_t **parts, size_t n)
{
    xapc_query_t *joined = gs_qb_combine(join, parts, n, 0);
    xapc_query_t *pair[2] = {q, joined};
    xapc_query_t *r = joined ? xapc_query_combine(op, pair, 2, 0) : NULL;
    xapc_query_destroy(joined);
    xapc_query_destroy(q);
    return r;
}

/* ---- the ranking block shared with `similar` ------------------------- */

/* BM25F, as Xapian 1.4 allows it: a word in a boosted field counts as
 * 1 + boost occurrences of the word, summed with its body occurrences into
 * one within-document frequency, saturated once (k1) and weighed by one
 * IDF, that of the body term.  Never a second word with the rarer (higher)
 * IDF of the field terms: adding a separate BM25 per field let a common
 * phrase in titles («трудной жизненной ситуации») outweigh the query's rare
 * words (issue 16).
 *
 * An index of schema 5 has the default boosts folded into the body term's
 * wdf (schema.h GS_META_FOLD, b->folded): the body term alone is that sum,
 * one posting list per word.  A boost above the folded one adds the field's
 * term (wdf 1 per occurrence) that many more times under an OP_SYNONYM,
 * which Xapian sums into the same wdf; a boost below it cannot take the
 * folded occurrences out again and ranks as the folded one.  On an index
 * without the fold (schema 4) nothing is folded: the body term and each
 * boosted field's term repeated boost times, as one OP_SYNONYM.  The body
 * term stays first: it alone decides the union's IDF estimate when the
 * field terms are subsets of it. */
static xapc_query_t *bm25f_query(const char *term, size_t len, const gs_boosts_t *b)
{
    xapc_query_t *v[1 + GS_SF_N * GS_BOOST_MAX_REPEAT];
    size_t n = 0;
    v[n++] = gs_qb_prefixed("", term, len, 1.0);
    for (int f = 0; f < GS_SF_N; f++) {
        int r = gs_sfield_prefix(f) ? gs_boost_repeats(b->field[f]) - b->folded[f] : 0;
        for (; r > 0; r--)
            v[n++] = gs_qb_prefixed(gs_sfield_prefix(f), term, len, 1.0);
    }
    xapc_query_t *q = NULL;
    size_t i = 0;
    while (i < n && v[i])
        i++;
    if (i == n)
        q = n == 1 ? xapc_query_copy(v[0]) : gs_qb_combine(XAPC_OP_SYNONYM, v, n, 0);
    gs_qb_destroy_all(v, n);
    return gs_qb_scaled(q, b->body);
}

void gs_boosts_read_fold(gs_boosts_t *b, xapc_db_t *db)
{
    const char *v;
    size_t n;
    char spec[256];
    gs_boosts_t f = {0};
    memset(b->folded, 0, sizeof b->folded);
    if (xapc_db_get_metadata(db, GS_META_FOLD, &v, &n) != XAPC_OK || n == 0 ||
        n >= sizeof spec)
        return;
    memcpy(spec, v, n);
    spec[n] = '\0';
    if (gs_boosts_parse(&f, spec, NULL) < 0)
        return;
    for (int i = 0; i < GS_SF_N; i++)
        b->folded[i] = gs_boost_repeats(f.field[i]);
}

/* Without the body (body=0, or a caller asking for the fields alone): the
 * OR of each boosted field's term scaled by its boost. */
static xapc_query_t *fields_query(const char *term, size_t len, const gs_boosts_t *b)
{
    xapc_query_t *v[GS_SF_N];
    size_t n = 0;
    for (int f = 0; f < GS_SF_N; f++)
        if (b->field[f] > 0 && gs_sfield_prefix(f))
            v[n++] = gs_qb_prefixed(gs_sfield_prefix(f), term, len, b->field[f]);
    for (size_t i = 0; i < n; i++)
        if (!v[i]) {
            gs_qb_destroy_all(v, n);
            return NULL;
        }
    if (n == 0)
        return NULL;
    xapc_query_t *q = gs_qb_combine(XAPC_OP_OR, v, n, 0);
    gs_qb_destroy_all(v, n);
    return q;
}

xapc_query_t *gs_qb_term_query(const char *term, size_t len, double weight,
                                const gs_boosts_t *b, int with_body)
{
    xapc_query_t *q = with_body && b->body > 0 ? bm25f_query(term, len, b)
                                               : fields_query(term, len, b);
    return gs_qb_scaled(q, weight);
}

/* ---- the presence bonus of a relaxed reading -------------------------- */

/* A relaxed reading (records that miss some of the words) ranks an OR of
 * the words.  BM25 alone lets a record repeating three common words («помощь
 * детям инвалидностью») beat one with the query's rare word («терапия»):
 * each word's weight grows with its count.  So each word there also adds
 * GS_PRESENCE_WEIGHT x its IDF once for being in the record at all, however
 * often: an IDF-weighted coordination level, under which the rare word
 * counts most.  On the 45 dev queries it raised nDCG@10 of every keyword
 * kind (bench/RESULTS.md).  A strict reading (every word required) gives
 * every match the same bonus, so it is added to relaxed readings only. */
#define GS_PRESENCE_WEIGHT 1.0

double gs_qb_idf(xapc_db_t *db, const char *term, size_t len)
{
    double n = xapc_db_doccount(db), tf = xapc_db_termfreq(db, term, len);
    double idf = tf > 0 ? log((n - tf + 0.5) / (tf + 0.5)) : 0;
    return idf > 0 ? idf : 0;
}

xapc_query_t *gs_qb_fixed_idf_term(builder_t *bd, const char *term, size_t n)
{
    double df = xapc_db_termfreq(bd->s->db, term, n);
    if (df == 0)
        return NULL;
    double N = xapc_db_doccount(bd->s->db);
    double idf = log(1.0 + (N - df + 0.5) / (df + 0.5));
    xapc_query_t *t = xapc_query_term(term, n, 1, 0);
    xapc_query_t *w = t ? xapc_query_fixed_weight(idf * bd->b->body) : NULL;
    xapc_query_t *q = w ? gs_qb_apply_parts(w, XAPC_OP_FILTER, XAPC_OP_AND, &t, 1) : NULL;
    xapc_query_destroy(t);
    if (!q)
        bd->oom = 1;
    return q;
}

xapc_query_t *gs_qb_presence(xapc_db_t *db, xapc_query_t *q, const char *const *terms, size_t n)
{
    double idf = n ? gs_qb_idf(db, terms[0], strlen(terms[0])) : 0;
    if (!(idf > 0))
        return q;
    /* One bonus for the word, wherever any of its terms stands: a record
     * holding the typed word and an equivalent is one word present, not
     * two (gs_qb_one_term_with). */
    xapc_query_t *t[GS_QB_MAX_EQUIV + 1];
    size_t k = 0;
    for (size_t i = 0; i < n && k < GS_QB_MAX_EQUIV + 1; i++)
        if (!(t[k] = gs_qb_prefixed("", terms[i], strlen(terms[i]), 1.0)))
            break;
        else
            k++;
    xapc_query_t *w = k == n ? xapc_query_fixed_weight(GS_PRESENCE_WEIGHT * idf) : NULL;
    xapc_query_t *bonus = w ? gs_qb_apply_parts(w, XAPC_OP_FILTER, XAPC_OP_OR, t, k) : NULL;
    xapc_query_t *pair[2] = {q, bonus};
    xapc_query_t *r = bonus ? xapc_query_combine(XAPC_OP_OR, pair, 2, 0) : NULL;
    gs_qb_destroy_all(t, k);
    xapc_query_destroy(bonus);
    xapc_query_destroy(q);
    return r;
}

/* ---- the rare word the query is about --------------------------------- */

double gs_qb_words_idf(builder_t *bd, const qnode_t *const *kids, size_t n)
{
    double best = -1;
    char tb[MAX_TERM + 1];
    for (size_t i = 0; i < n; i++) {
        const qnode_t *k = kids[i];
        if (k->kind != QN_WORD || (k->flags & (QW_EXACT | QW_PREFIX)) ||
            gs_is_stopword(k->text, strlen(k->text)))
            continue;
        size_t len = gs_analyze_word(bd->s->an, k->text, strlen(k->text), tb, sizeof tb);
        double idf = len ? gs_qb_idf(bd->s->db, tb, len) : -1;
        best = idf > best ? idf : best;
    }
    return best;
}

/* A query of several words is usually about its rarest one, and BM25 lets
 * the common words, added up, outweigh it: in «гончарный кружок для детей с
 * инвалидностью» records repeating «детей с инвалидностью» and naming a
 * pottery circle once beat a pottery workshop (tests/cli_rare_word.sh).
 * So the words other than the rarest are scaled down together, by one
 * factor, until the sum of their IDFs is no more than the rarest word's
 * IDF; below that nothing changes (two words of similar rarity, or one
 * common word beside a rare one).  No tuned number: the bound is the
 * rarest word's own weight.  It ranks; it matches the same records.  On
 * the 45 dev queries, with the thesaurus alternatives at the typed word's
 * weight (synonyms.c), nDCG@10 0.7563 -> 0.7713, up on both halves
 * (bench/RESULTS.md, issue 16, branch rel16c). */
void gs_qb_weigh_words(builder_t *bd, gs_qb_word_t *w, size_t n)
{
    if (n < 2)
        return;
    size_t rare = 0;
    double sum = 0;
    for (size_t i = 1; i < n; i++)
        if (w[i].idf > w[rare].idf)
            rare = i;
    for (size_t i = 0; i < n; i++)
        if (i != rare && w[i].idf > 0)
            sum += w[i].idf;
    if (!(w[rare].idf > 0) || sum <= w[rare].idf)
        return;
    double f = w[rare].idf / sum;
    for (size_t i = 0; i < n; i++) {
        if (i == rare || !(w[i].idf > 0) || !*w[i].q)
            continue;
        xapc_query_t *s = xapc_query_scale(*w[i].q, f);
        if (!s) {
            bd->oom = 1;
            return;
        }
        xapc_query_destroy(*w[i].q);
        *w[i].q = s;
        /* --explain's weights still add up to the score. */
        for (size_t e = w[i].ex_from; e < w[i].ex_to && e < bd->out->explain.n; e++)
            bd->out->explain.v[e].scale *= f;
    }
}

xapc_query_t *gs_term_query(const char *term, size_t len, double weight, const gs_boosts_t *b)
{
    gs_boosts_t d;
    if (!b) {
        gs_boosts_default(&d);
        b = &d;
    }
    xapc_query_t *q = gs_qb_term_query(term, len, weight, b, 1);
    return q ? q : xapc_query_match_nothing();
}

xapc_query_t *gs_wterm_query(const gs_wterm_t *t, const gs_boosts_t *b)
{
    size_t n = 1;  /* the term and its equivalents */
    while (t->equiv && t->equiv[n - 1] && n < GS_WTERM_MAX_EQUIV + 1)
        n++;
    if (n == 1)
        return gs_term_query(t->term, t->len, t->weight, b);
    xapc_query_t *v[GS_WTERM_MAX_EQUIV + 1];
    int oom = !(v[0] = gs_term_query(t->term, t->len, 1.0, b));
    for (size_t i = 1; i < n; i++)
        oom |= !(v[i] = gs_term_query(t->equiv[i - 1], strlen(t->equiv[i - 1]), 1.0, b));
    xapc_query_t *q = oom ? NULL : gs_qb_combine(XAPC_OP_SYNONYM, v, n, 0);
    gs_qb_destroy_all(v, n);
    return gs_qb_scaled(q, t->weight);
}

xapc_query_t *gs_terms_query(const gs_wterm_t *terms, size_t n, xapc_op_t op,
                             const gs_boosts_t *b)
{
    if (n == 0)
        return xapc_query_match_nothing();
    xapc_query_t **v = calloc(n, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        v[k] = gs_wterm_query(&terms[i], b);
        if (!v[k]) {
            gs_qb_destroy_all(v, k);
            free(v);
            return NULL;
        }
        k++;
    }
    xapc_query_t *q = gs_qb_combine(op, v, k, 0);
    gs_qb_destroy_all(v, k);
    free(v);
    return q;
}
