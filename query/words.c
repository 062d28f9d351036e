/* words.c - words, phrases, exact forms (=form), prefixes (word*) and
 * identifiers (application numbers, ИНН, ОГРН) -> Xapian queries, with the
 * recheck formula (vnode.h) where Xapian alone cannot tell. */
#include "query/build_impl.h"
#include "schema/schema.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Fields without terms of their own (tasks, description, significance):
 * their words are searched in the body and rechecked. */
static int field_is_long(int field)
{
    return field >= 0 && !gs_sfield_prefix(field);
}

static void explain_phrase(builder_t *bd, const qtok_t *toks, const size_t *idx, size_t n,
                           int field, xapc_query_t **v, xapc_query_t *q);
/* What a phrase's candidates are, for search.c's count (gs_qbuild): the
 * boolean copy of `cands` (the caller's) in bd->pairs, and tf, their number
 * when one term tells it (else 0), in bd->pair_tf.  0, or -1 out of
 * memory. */
static int note_candidates(builder_t *bd, const xapc_query_t *cands, uint32_t tf)
{
    xapc_query_destroy(bd->pairs);
    bd->pairs = xapc_query_scale(cands, 0.0);
    bd->pair_tf = tf;
    bd->nphrases++;
    return bd->pairs ? 0 : -1;
}

/* The AND of the pair terms of words toks[idx[0..n)] side by side (n >= 2),
 * each a weighted term (the caller decides whether it weighs); its boolean
 * copy goes to bd->pairs and, with one pair, that pair's records to
 * bd->pair_tf, for search.c's count (with_pairs).  Returns a new query
 * (NULL on ENOMEM, bd->oom set). */
static xapc_query_t *pairs_of(builder_t *bd, const qtok_t *toks, const size_t *idx, size_t n)
{
    xapc_query_t *pv[64];
    size_t np = 0;
    char buf[16];
    for (size_t i = 0; i + 1 < n && np < 64; i++) {
        const qtok_t *a = &toks[idx[i]], *b = &toks[idx[i + 1]];
        size_t len = gs_schema_pair_term(buf, sizeof buf, a->term, strlen(a->term), b->term,
                                         strlen(b->term));
        if (!(pv[np] = xapc_query_term(buf, len, 1, 0))) {
            gs_qb_destroy_all(pv, np);
            return gs_qb_oom(bd);
        }
        bd->pair_tf = np ? 0 : xapc_db_termfreq(bd->s->db, buf, len);
        np++;
    }
    xapc_query_t *all = gs_qb_combine(XAPC_OP_AND, pv, np, 0);
    gs_qb_destroy_all(pv, np);
    if (!all || note_candidates(bd, all, bd->pair_tf) < 0) {
        xapc_query_destroy(all);
        return gs_qb_oom(bd);
    }
    return all;
}

/* Pair terms (schema.h, XP) of a phrase whose words stand side by side
 * (window == n): each two adjacent words, stop words too, make a pair that
 * a matching record holds (so «по-новому» and "устойчивости и ..." have
 * pairs: a stop word next to a frequent word no longer lists every record
 * of that word).  The candidates become q (consumed) filtered by every
 * pair, a boolean AND that Xapian drives by the rarest pair: only records
 * holding the words and all the pairs reach the recheck, which stays, as
 * the pairs are hashed (a superset).  (An AND_MAYBE of the rarest pair, as
 * before, handed the recheck every record of that pair, most of them
 * without the other words: their sketches were a third of a phrase's time.)
 * Xapian estimates an AND as if its terms were independent, which a
 * phrase's words and pairs are not ("about 600" for 7,549 hits), so the
 * pairs' AND, boolean, goes to bd->pairs for search.c to count the
 * candidates exactly and scale the count from (a phrase that is the whole
 * query only; gs_qbuild); with one pair, its frequency is that count
 * (bd->pair_tf, 0 otherwise).
 * An index without pair terms (schema 3), or a phrase that is one
 * alternative (bd->optional: a hit holding another one got its words'
 * weight before, phrase or not, and keeps it), gets q back unchanged.
 * Returns the new query (NULL on ENOMEM, bd->oom set). */
static xapc_query_t *with_pairs(builder_t *bd, xapc_query_t *q, const qtok_t *toks,
                                const size_t *idx, size_t n, uint32_t window)
{
    if (!bd->exact_terms || bd->optional || window != n || n < 2)
        return q;
    xapc_query_t *all = pairs_of(bd, toks, idx, n);
    xapc_query_t *r = all ? gs_qb_apply_parts(q, XAPC_OP_FILTER, XAPC_OP_AND, &all, 1) : NULL;
    if (!all)
        xapc_query_destroy(q);
    xapc_query_destroy(all);
    if (!r)
        bd->oom = 1;
    return r;
}

/* A phrase the index posts (schema/phrases.h, gs_qb_posted_phrase): its
 * candidates are the records posting its term - exactly those where the
 * recheck finds it - in place of its pairs' superset (with_pairs), and
 * that term's frequency is its count (bd->pair_tf).  Not for a phrase that
 * is one alternative, as with_pairs.  *posted: it was.  Returns the new
 * query (q consumed; NULL on ENOMEM, bd->oom set). */
static xapc_query_t *with_posted(builder_t *bd, xapc_query_t *q, const char *const *names,
                                 size_t n, uint32_t window, int *posted)
{
    char term[16];
    size_t len;
    *posted = 0;
    if (bd->optional ||
        !(len = gs_qb_posted_phrase(bd->s->db, names, NULL, n, window, term, sizeof term)))
        return q;
    xapc_query_t *t = xapc_query_term(term, len, 1, 0);
    int ok = t && note_candidates(bd, t, xapc_db_termfreq(bd->s->db, term, len)) == 0;
    xapc_query_t *r = ok ? gs_qb_apply_parts(q, XAPC_OP_FILTER, XAPC_OP_AND, &t, 1) : NULL;
    if (!ok)
        xapc_query_destroy(q);
    xapc_query_destroy(t);
    if (!r)
        bd->oom = 1;
    *posted = r != NULL;
    return r;
}

/* An alternative's phrase without pairs is an AND of OP_SYNONYMs only
 * (bm25f_query), and Xapian 1.4 loses it over several local shards: on a
 * shard after the first the matcher starts with a positive minimum weight,
 * an OR not yet started decays to an AND_MAYBE (orpostlist.cc, check and
 * skip_to), whose sync_rhs checks the new right side at docid 0; an AND
 * whose children are all OR trees stays at docid 0 there, reads as at end,
 * and the AND_MAYBE drops it: «услуг сонко» lost the expansion's weight on
 * one shard's records (tests/cli_shards_xapian.sh).  An AND holding a term
 * resyncs on it: a term's posting list skipped to 0 lands on its first
 * document.  So the phrase is ANDed with its rarest word's body term, which
 * every record matching the word's synonym holds (the field terms are
 * subsets of it): the same records.  The term is weighted, by
 * GS_ANCHOR_WEIGHT: unweighted, a term in every record of a shard is
 * read as Xapian's all-documents list, which stays at docid 0 too; at
 * 1e-100 it adds nothing a double can hold to scores of 1e-4 and more.
 * Returns the new query (q consumed; NULL on ENOMEM, bd->oom set). */
#define GS_ANCHOR_WEIGHT 1e-100
static xapc_query_t *anchor_on(builder_t *bd, xapc_query_t *q, const char *term)
{
    xapc_query_t *leaf = gs_qb_prefixed("", term, strlen(term), GS_ANCHOR_WEIGHT);
    if (!leaf || !(q = gs_qb_apply_parts(q, XAPC_OP_AND, XAPC_OP_AND, &leaf, 1)))
        bd->oom = 1;
    xapc_query_destroy(leaf);
    return q;
}

/* The rarest of terms[0..n) (NULL when n is 0). */
static const char *rarest(builder_t *bd, const char *const *terms, size_t n)
{
    const char *rare = NULL;
    double rare_tf = 0;
    for (size_t i = 0; i < n; i++) {
        double tf = xapc_db_termfreq(bd->s->db, terms[i], strlen(terms[i]));
        if (!rare || tf < rare_tf) {
            rare = terms[i];
            rare_tf = tf;
        }
    }
    return rare;
}

static xapc_query_t *with_anchor(builder_t *bd, xapc_query_t *q, const qtok_t *toks,
                                 const size_t *idx, size_t n)
{
    const char *terms[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 64; i++)
        if (!(toks[idx[i]].flags & GS_TOKEN_STOP))
            terms[k++] = toks[idx[i]].term;
    const char *rare = rarest(bd, terms, k);
    return rare ? anchor_on(bd, q, rare) : q;
}

/* The same for an AND of words or groups under an OR (a user's «a OR (b
 * c)», the typed words beside a thesaurus line's alternatives): q is the
 * AND of parts whose formulas are fv[0..n); a part searched as one body
 * term (VN_TERM in any field, from gs_qb_one_term: its OP_SYNONYM, the
 * presence bonus beside it) matches only records holding that term, which
 * anchors q.  No such part: q as it is. */
xapc_query_t *gs_qb_anchor_and(builder_t *bd, xapc_query_t *q, vnode_t *const *fv, size_t n)
{
    if (!q || !bd->optional || n < 2)
        return q;
    const char *terms[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 64; i++)
        if (fv[i] && fv[i]->kind == VN_TERM && fv[i]->field < 0 && !fv[i]->loose && fv[i]->n)
            terms[k++] = fv[i]->s[0];
    const char *rare = rarest(bd, terms, k);
    return rare ? anchor_on(bd, q, rare) : q;
}

/* A phrase: its words (not stop words) in Xapian - in the body with the
 * field boosts, or restricted to a field's terms - and the words' order
 * and gaps (stop words included) in the formula.  Only stop words: NULL. */
xapc_query_t *gs_qb_phrase_query(builder_t *bd, const qtok_t *toks, const size_t *idx, size_t n,
                                  int field, vnode_t **vo)
{
    *vo = NULL;
    xapc_query_t **v = calloc(n + 1, sizeof *v), **fv = calloc(n + 1, sizeof *fv);
    const char **names = calloc(n + 1, sizeof *names);
    if (!v || !fv || !names) {
        free(v);
        free(fv);
        free(names);
        return gs_qb_oom(bd);
    }
    const char *fpre = field >= 0 ? gs_sfield_prefix(field) : NULL;
    size_t k = 0, nf = 0;
    for (size_t i = 0; i < n; i++) {
        const qtok_t *t = &toks[idx[i]];
        names[i] = t->term;
        if (t->flags & GS_TOKEN_STOP)
            continue;
        size_t len = strlen(t->term);
        /* In a field: ranked as body words (as before, when the body held
         * the positions), restricted by the field's own terms. */
        v[k] = field >= 0 ? gs_qb_prefixed("", t->term, len, bd->b->body)
                          : gs_qb_term_query(t->term, len, 1.0, bd->b, 1);
        if (v[k])
            k++;
        else
            bd->oom = 1;
        if (fpre && (fv[nf] = gs_qb_prefixed(fpre, t->term, len, 1.0)))
            nf++;
        else if (fpre)
            bd->oom = 1;
    }
    xapc_query_t *q = k ? gs_qb_combine(XAPC_OP_AND, v, k, 0) : NULL;
    if (q && nf)
        q = gs_qb_apply_parts(q, XAPC_OP_FILTER, XAPC_OP_AND, fv, nf);
    explain_phrase(bd, toks, idx, n, field, v, q);
    uint32_t window = toks[idx[n - 1]].pos - toks[idx[0]].pos + 1;
    int paired = bd->nphrases, posted = 0;
    if (q && field < 0)
        q = with_posted(bd, q, names, n, window, &posted);
    if (q && !posted)
        q = with_pairs(bd, q, toks, idx, n, window);
    if (q && field < 0 && k > 1 && bd->optional && bd->nphrases == paired)
        q = with_anchor(bd, q, toks, idx, n);
    vnode_t *f = q ? gs_vn_phrase(field, names, n, window) : NULL;
    gs_qb_destroy_all(v, k);
    gs_qb_destroy_all(fv, nf);
    free(v);
    free(fv);
    free(names);
    return gs_qb_with_formula(bd, q, f, vo);
}

/* --explain: each word of a phrase adds its weight only where the whole
 * phrase matches, so its query there is v[i] FILTER q (the phrase's). */
static void explain_phrase(builder_t *bd, const qtok_t *toks, const size_t *idx, size_t n,
                           int field, xapc_query_t **v, xapc_query_t *q)
{
    if (!bd->s->explain || !q || bd->oom)
        return;
    const char *word = bd->ex_word;
    for (size_t i = 0, k = 0; i < n; i++) {
        const qtok_t *t = &toks[idx[i]];
        if (t->flags & GS_TOKEN_STOP)
            continue;
        xapc_query_t *pair[2] = {v[k++], q};
        xapc_query_t *in = xapc_query_combine(XAPC_OP_FILTER, pair, 2, 0);
        bd->ex_word = word ? word : t->form;
        if (in)
            gs_qb_explain(bd, t->term, GS_EX_PHRASE, field, in);
        else
            bd->oom = 1;
        xapc_query_destroy(in);
    }
    bd->ex_word = word;
}

static void hl_term(builder_t *bd, const char *t)
{
    if (!gs_strlist_has(&bd->out->hl.terms, t, strlen(t)) &&
        gs_strlist_add(&bd->out->hl.terms, t, strlen(t)) < 0)
        bd->oom = 1;
}

/* One term's query: in the body with the field boosts, or in one field
 * (a long field's is the body term, rechecked). */
static xapc_query_t *term_in(builder_t *bd, const char *term, int field)
{
    size_t len = strlen(term);
    if (field < 0)
        return gs_qb_term_query(term, len, 1.0, bd->b, 1);
    const char *pre = gs_sfield_prefix(field);
    return gs_qb_prefixed(pre ? pre : "", term, len, 1.0);
}

/* One term (a stem or folded form) in the body and fields, or in one field. */
xapc_query_t *gs_qb_one_term(builder_t *bd, const char *term, int field, vnode_t **vo)
{
    hl_term(bd, term);
    xapc_query_t *q = term_in(bd, term, field);
    if (q && bd->relaxed && field < 0)
        q = gs_qb_presence(bd->s->db, q, &term, 1);
    gs_qb_explain(bd, term, GS_EX_STEM, field, q);
    if (!q)
        gs_qb_oom(bd);
    return gs_qb_with_formula(bd, q, q ? gs_vn_leaf(VN_TERM, field, term, strlen(term), field_is_long(field)) : NULL,
                              vo);
}

char *gs_joined_terms(const char *const *terms, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(terms[i]) + 3;
    char *s = malloc(len), *p = s;
    for (size_t i = 0; s && i < n; i++)
        p += sprintf(p, "%s%s", i ? " = " : "", terms[i]);
    return s;
}

/* A context word's body term with its thesaurus equivalents (terms[0] the
 * typed word's, then bd->equiv) as one term: an OP_SYNONYM, whose
 * occurrences Xapian adds up, saturates once and weighs with one IDF,
 * that of the records holding any of them.  Added up as separate words
 * instead, «инвалидностью» and the thesaurus's «инвалид» gave a record
 * holding both twice the word's weight, so that records repeating the
 * query's common words outranked those on what it is about (dev queries
 * 116 «инклюзивный театр для людей с инвалидностью», 123 «доступный
 * туризм ...»).  A relaxed reading gives the word one presence bonus
 * wherever any of its terms stands.  The formula: any of the terms. */
static xapc_query_t *one_term_with(builder_t *bd, const char *term, vnode_t **vo)
{
    const char *terms[GS_QB_MAX_EQUIV + 1];
    xapc_query_t *v[GS_QB_MAX_EQUIV + 1];
    vnode_t *fv[GS_QB_MAX_EQUIV + 1];
    size_t n = 0, k = 0, nf = 0;
    terms[n++] = term;
    for (size_t i = 0; i < bd->nequiv && n < GS_QB_MAX_EQUIV + 1; i++)
        terms[n++] = bd->equiv[i];
    for (size_t i = 0; i < n; i++) {
        hl_term(bd, terms[i]);
        if ((v[k] = term_in(bd, terms[i], -1)))
            k++;
        if ((fv[nf] = gs_vn_leaf(VN_TERM, -1, terms[i], strlen(terms[i]), 0)))
            nf++;
    }
    xapc_query_t *q = k == n && nf == n ? gs_qb_combine(XAPC_OP_SYNONYM, v, k, 0) : NULL;
    gs_qb_destroy_all(v, k);
    if (q && bd->relaxed)
        q = gs_qb_presence(bd->s->db, q, terms, n);
    char *name = q ? gs_joined_terms(terms, n) : NULL;
    if (name)
        gs_qb_explain(bd, name, GS_EX_STEM, -1, q);
    free(name);
    if (!q || !name) {
        xapc_query_destroy(q);
        for (size_t i = 0; i < nf; i++)
            gs_vn_free(fv[i]);
        return gs_qb_oom(bd);
    }
    bd->equiv_used = 1;
    return gs_qb_with_formula(bd, q, gs_vn_group(VN_OR, fv, nf), vo);
}

/* s with its letters in capitals (malloc'd; NULL if out of memory). */
static char *upper_copy(const char *s)
{
    size_t len = strlen(s), o = 0;
    char *out = malloc(4 * len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t adv = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                (utf8proc_ssize_t)(len - i), &cp);
        if (adv <= 0) {
            out[o++] = s[i++];
            continue;
        }
        o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + o);
        i += (size_t)adv;
    }
    out[o] = '\0';
    return out;
}

/* The query of term, OR'd with that of alt when alt is another term: a
 * folded form may be indexed under either reading («рас» of «раса», «РАС»). */
static xapc_query_t *either_term(builder_t *bd, const char *term, const char *alt, int field)
{
    xapc_query_t *a = term_in(bd, term, field);
    if (!a || !alt || !strcmp(alt, term))
        return a;
    xapc_query_t *pair[2] = {a, term_in(bd, alt, field)};
    xapc_query_t *q = pair[1] ? xapc_query_combine(XAPC_OP_OR, pair, 2, 0) : NULL;
    gs_qb_destroy_all(pair, 2);
    return q;
}

/* The form term (schema.h, XF) of folded form f, for =f over q (the
 * stems' query, consumed, whose weights rank the hits as before).  Where
 * every hit must hold the form, q is filtered by it: =form in any field is
 * then exact, *exact gets its formula (a posting match, not loose) and
 * nothing is rechecked; in one field the caller's VN_FORM leaf still checks
 * the field, on far fewer candidates.  Where the form is one alternative
 * (bd->optional) q stays, so a hit holding another one is weighed as
 * before, and the formula is the posting match, loose: decided from the
 * form's posting list, never by reading a record.  An index without form
 * terms (schema 3) gets q back unchanged.  Returns the new query (NULL on
 * ENOMEM). */
static xapc_query_t *with_form_term(builder_t *bd, xapc_query_t *q, const char *f, int field,
                                    vnode_t **exact)
{
    *exact = NULL;
    size_t plen = sizeof GS_PREFIX_FORM - 1, flen = strlen(f);
    if (!bd->exact_terms || plen + flen > GS_SCHEMA_MAX_EXACT_TERM)
        return q;
    xapc_query_t *t = gs_qb_prefixed(GS_PREFIX_FORM, f, flen, 1.0);
    if (!t) {
        xapc_query_destroy(q);
        return gs_qb_oom(bd);
    }
    if (field < 0 && !(*exact = gs_vn_match(t)))
        bd->oom = 1;
    if (bd->optional) {
        if (*exact)
            (*exact)->loose = 1;
    } else if (!(q = gs_qb_apply_parts(q, XAPC_OP_FILTER, XAPC_OP_AND, &t, 1))) {
        bd->oom = 1;
    }
    xapc_query_destroy(t);
    return q;
}

/* =form: the exact (folded) form.  Xapian finds its stem's documents (or
 * its abbreviation's: the form is matched whatever its case); the formula
 * keeps those where the form itself occurs. */
static xapc_query_t *exact_form(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    char *f = gs_schema_fold(n->text, strlen(n->text));
    if (!f)
        return gs_qb_oom(bd);
    if (gs_strlist_add(&bd->out->hl.forms, f, strlen(f)) < 0)
        bd->oom = 1;
    qtoks_t ts, up;
    char *u = upper_copy(n->text);
    int have_up = u != NULL;
    int bad = gs_qb_analyse(bd->s->an, n->text, &ts) < 0;
    bad |= !have_up || gs_qb_analyse(bd->s->an, u, &up) < 0;
    free(u);
    if (bad) {
        gs_qb_qtoks_free(&ts);
        if (have_up)
            gs_qb_qtoks_free(&up);
        free(f);
        return gs_qb_oom(bd);
    }
    /* The same words in capitals give the same tokens, with an
     * abbreviation's term where there is one. */
    int paired = up.n == ts.n;
    xapc_query_t *v[32];
    size_t k = 0;
    for (size_t i = 0; i < ts.n && k < 32; i++)
        if (!(ts.v[i].flags & (GS_TOKEN_STOP | GS_TOKEN_PART))) {
            if ((v[k] = either_term(bd, ts.v[i].term, paired ? up.v[i].term : NULL, n->field))) {
                gs_qb_explain(bd, ts.v[i].term, GS_EX_FORM, n->field, v[k]);
                k++;
            }
            else
                bd->oom = 1;
        }
    /* A stop word's form: never indexed, so nothing (as before). */
    xapc_query_t *q = k ? gs_qb_combine(XAPC_OP_AND, v, k, 0) : xapc_query_match_nothing();
    gs_qb_destroy_all(v, k);
    gs_qb_qtoks_free(&ts);
    gs_qb_qtoks_free(&up);
    vnode_t *leaf = NULL;
    if (q && k)
        q = with_form_term(bd, q, f, n->field, &leaf);
    /* Nothing, as the query says: a formula true where the form occurs
     * made the relaxed reading drop every record holding the form and the
     * other words («=будет центр»: neither strict nor relaxed).  Excluded
     * (-=будет), the formula alone does the exclusion, as before. */
    if (q && !k && !bd->negated && !bd->oom)
        leaf = gs_vn_group(VN_OR, NULL, 0);
    if (q && !leaf && !bd->oom)
        leaf = gs_vn_leaf(VN_FORM, n->field, f, strlen(f), 1);
    free(f);
    return gs_qb_with_formula(bd, q, leaf, vo);
}

/* ---- identifiers ---------------------------------------------------- */

/* An application number as the records spell it: Latin look-alikes (P41-…
 * typed on a Latin keyboard) and lower-case Cyrillic letters become the
 * Cyrillic capitals of Р41-….  malloc'd; NULL if out of memory. */
static char *number_as_spelled(const char *s)
{
    /* A B C E H K M O P T X Y -> А В С Е Н К М О Р Т Х У (second UTF-8 byte). */
    static const char latin[] = "ABCEHKMOPTXY";
    static const unsigned char cyr[] = {0x90, 0x92, 0xA1, 0x95, 0x9D, 0x9A,
                                        0x9C, 0x9E, 0xA0, 0xA2, 0xA5, 0xA3};
    size_t len = strlen(s), o = 0;
    char *out = malloc(2 * len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i], d = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        const char *l = c < 0x80 && c ? strchr(latin, c >= 'a' && c <= 'z' ? c - 32 : c) : NULL;
        if (l) {
            out[o++] = (char)0xD0;
            out[o++] = (char)cyr[l - latin];
        } else if (c == 0xD0 && d >= 0xB0 && d <= 0xBF) { /* а..п */
            out[o++] = (char)0xD0;
            out[o++] = (char)(d - 0x20);
            i++;
        } else if (c == 0xD1 && d >= 0x80 && d <= 0x8F) { /* р..я */
            out[o++] = (char)0xD0;
            out[o++] = (char)(d + 0x20);
            i++;
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return out;
}

/* The record whose application number is s: its id term as typed, or as
 * the records spell it.  A new query; NULL if out of memory. */
xapc_query_t *gs_qb_number_query(const char *s)
{
    char *sp = number_as_spelled(s);
    if (!sp)
        return NULL;
    xapc_query_t *v[2] = {gs_qb_prefixed(GS_PREFIX_ID, s, strlen(s), 1.0), NULL};
    size_t k = 1;
    if (strcmp(sp, s))
        v[k++] = gs_qb_prefixed(GS_PREFIX_ID, sp, strlen(sp), 1.0);
    free(sp);
    xapc_query_t *q = v[0] && (k == 1 || v[1]) ? gs_qb_combine(XAPC_OP_OR, v, k, 0) : NULL;
    gs_qb_destroy_all(v, k);
    return q;
}

/* The weight of the record a plain word identifies: above what words in
 * a text can score (a BM25 term weighs a few units), so that it comes first. */
#define GS_IDENTIFIER_WEIGHT 100.0

/* A plain word that identifies a record: an application number (a code of
 * three parts or more with a digit: 19-1-029373, Р41-21-1-000017), an ИНН
 * (10 or 12 digits) or an ОГРН (13 or 15 digits).  Its filter term with the
 * weight GS_IDENTIFIER_WEIGHT, to be OR'd with the word's text terms; NULL
 * if it is none of them (or out of memory: *oom set). */
static xapc_query_t *identifier_query(const char *word, int *oom)
{
    size_t len = strlen(word), digits = strspn(word, "0123456789"), dashes = 0;
    for (size_t i = 0; i < len; i++)
        dashes += word[i] == '-';
    xapc_query_t *q = NULL;
    if (digits == len && (len == 10 || len == 12))
        q = gs_qb_prefixed(GS_PREFIX_INN, word, len, 1.0);
    else if (digits == len && (len == 13 || len == 15))
        q = gs_qb_prefixed(GS_PREFIX_OGRN, word, len, 1.0);
    else if (dashes >= 2 && strpbrk(word, "0123456789"))
        q = gs_qb_number_query(word);
    else
        return NULL;
    xapc_query_t *w = q ? xapc_query_fixed_weight(GS_IDENTIFIER_WEIGHT) : NULL;
    xapc_query_t *r = w ? gs_qb_apply_parts(w, XAPC_OP_FILTER, XAPC_OP_AND, &q, 1) : NULL;
    xapc_query_destroy(q);
    if (!r)
        *oom = 1;
    return r;
}

/* q OR the record a plain word identifies (identifier_query), which Xapian
 * answers exactly: the formula *form becomes (form OR that match).  q is
 * consumed; returns the new query (q itself if the word is no identifier). */
static xapc_query_t *or_identifier(builder_t *bd, xapc_query_t *q, const char *word,
                                   vnode_t **form)
{
    int failed = 0;
    xapc_query_t *id = identifier_query(word, &failed);
    if (!id) {
        if (failed)
            bd->oom = 1;
        return q;
    }
    vnode_t *m = gs_vn_match(id);
    gs_qb_explain(bd, word, GS_EX_NUMBER, -1, id);
    xapc_query_t *pair[2] = {q, id};
    xapc_query_t *r = m ? xapc_query_combine(XAPC_OP_OR, pair, 2, 0) : NULL;
    xapc_query_destroy(id);
    xapc_query_destroy(q);
    if (!r) {
        gs_vn_free(m);
        bd->oom = 1;
        return NULL;  /* *form stays the caller's */
    }
    vnode_t *kids[2] = {*form, m};
    if (!(*form = gs_vn_group(VN_OR, kids, 2))) {  /* it freed the kids */
        xapc_query_destroy(r);
        return gs_qb_oom(bd);
    }
    return r;
}

/* A hyphenated word's whole term (дет-инвалид).  Its formula is the exact
 * match of that term (VN_MATCH, answered from the term's posting list once
 * per query), not a word to look for: the sketch holds a hyphenated word's
 * parts, not its whole, so a VN_TERM leaf of the whole made every candidate
 * of the OR'd parts phrase that lacked it ("maybe") read and re-analyse its
 * stored record - seconds for «по-другому», whose parts query is every
 * record with «друг».  A long field's whole (description:детей-инвалидов) is
 * the body term, still rechecked on the record as any long-field word. */
static xapc_query_t *whole_term(builder_t *bd, const char *term, int field, vnode_t **vo)
{
    xapc_query_t *q = gs_qb_one_term(bd, term, field, vo);
    if (!q || field_is_long(field))
        return q;
    vnode_t *m = gs_vn_match(q);
    if (!m) {
        xapc_query_destroy(q);
        return gs_qb_oom(bd);  /* *vo is freed by the caller */
    }
    gs_vn_free(*vo);
    *vo = m;
    return q;
}

/* A record writing a hyphenated word apart («социально ориентированных»)
 * weighs this share of the whole's IDF (what a record holding the whole
 * once gets, about): found, and ranked below the records that hold the
 * word as typed, other words equal. */
#define GS_APART_WEIGHT 0.5

/* A hyphenated word's parts side by side, written apart: the records
 * holding the parts' pair terms (pairs_of) and each part held by at most
 * half of the records, but not the whole (`whole`, borrowed; its body term
 * `wterm`); the formula rechecks the parts at adjacent positions (the pairs
 * are hashed), as for any phrase, so the set found is the same as before.
 * They weigh a fixed GS_APART_WEIGHT x the whole's IDF (pair terms are
 * boolean: they have no weight of their own), and a record holding the
 * whole weighs the whole alone.  Before, the parts were scored on every
 * record holding them both, the whole's too - for «социально-
 * ориентированных» at 166,848 records the parts are in 164,139 and
 * 101,897, the pair in 60,439 and the whole in 47,611 - and Xapian
 * checked them on every record of the whole even once the top hits
 * outweighed them: the hyphenated class took 4x plain Xapian's mean
 * (bench/RESULTS.md, hyp16).  A part in most records narrows nothing and
 * is left to the recheck; a rare part still drives the match (a rare
 * word's pair may share its hash with thousands of others').  Returns the
 * query (NULL on ENOMEM, bd->oom set), its formula in *vo. */
static xapc_query_t *apart_query(builder_t *bd, const qtok_t *toks, const size_t *idx, size_t n,
                                 xapc_query_t *whole, const char *wterm, vnode_t **vo)
{
    *vo = NULL;
    const char *names[64];
    xapc_query_t *fv[65];
    size_t nf = 0;
    uint32_t docs = xapc_db_doccount(bd->s->db);
    n = n < 64 ? n : 64;
    for (size_t i = 0; i < n; i++) {
        const qtok_t *t = &toks[idx[i]];
        size_t len = strlen(t->term);
        names[i] = t->term;
        if (t->flags & GS_TOKEN_STOP || xapc_db_termfreq(bd->s->db, t->term, len) > docs / 2)
            continue;
        if ((fv[nf] = gs_qb_prefixed("", t->term, len, 1.0)))
            nf++;
        else
            bd->oom = 1;
    }
    if ((fv[nf] = pairs_of(bd, toks, idx, n)))
        nf++;
    double w = GS_APART_WEIGHT * gs_qb_idf(bd->s->db, wterm, strlen(wterm)) * bd->b->body;
    xapc_query_t *q = bd->oom ? NULL : xapc_query_fixed_weight(w);
    if (q)
        q = gs_qb_apply_parts(q, XAPC_OP_FILTER, XAPC_OP_AND, fv, nf);
    if (q)
        q = gs_qb_apply_parts(q, XAPC_OP_AND_NOT, XAPC_OP_OR, &whole, 1);
    gs_qb_destroy_all(fv, nf);
    if (q && bd->s->explain) { /* --explain names it by its parts: "социальн ориентирова" */
        char name[256] = "";
        for (size_t i = 0; i < n; i++)
            snprintf(name + strlen(name), sizeof name - strlen(name), "%s%s", i ? " " : "",
                     names[i]);
        gs_qb_explain(bd, name, GS_EX_PHRASE, -1, q);
    }
    vnode_t *f = q ? gs_vn_phrase(-1, names, n, (uint32_t)n) : NULL;
    return gs_qb_with_formula(bd, q, f, vo);
}

/* ---- lemmas ---------------------------------------------------------- */

/* The weight of a match through a lemma's stem beside the word's own stem
 * (what the user typed ranks first).  On the 45 dev queries
 * (../shared/relevance) nDCG@10 is 0.6850 without lemmas; 0.6888 at
 * 0.3, 0.6893 at 0.5, 0.6883 at 0.7, 0.6815 at 1.0 (with the XL terms
 * weighted as in lemma_term_query; 0.6887 at 0.5 with them unweighted,
 * and OP_SYNONYM in place of OR 0.6855).  An ambiguous word (стали:
 * сталь | стать) keeps to its stem: one reading would flood the results
 * with the other's records. */
#define GS_LEMMA_WEIGHT 0.5

/* An alternative (XL + lemma, or a lemma's stem) held by more than this
 * share of the records is left out.  Such a term tells the records apart
 * little (Xapian's BM25 flattens the IDF of a term in over half of them)
 * while Xapian walks and scores its whole posting list beside the typed
 * word's: «инициатив» (its lemma инициатива, stems инициатив, инициативн)
 * took 15 ms a query at 166,848 records with them, 3.6 without; the 30
 * slowest of 300 keyword queries 12.8 -> 8.9 ms mean (bench/RESULTS.md,
 * kw16).  The dev collection (925 records) is below GS_LEMMA_MIN_CUT:
 * its rankings are unchanged; without that floor, at 0.5 no dev query
 * changed either (at 0.3 and below one dev2 query rose; no faster at
 * 166,848 than 0.5). */
#define GS_LEMMA_MAX_SHARE 0.5
/* ... and only past this many records: a shorter posting list costs a
 * fraction of a millisecond, and in a small index (the dev collection's
 * 925, a test's dozen) a word's forms are in half the records anyway. */
#define GS_LEMMA_MIN_CUT 10000

/* Is `term` an alternative worth its posting list (GS_LEMMA_MAX_SHARE)? */
static int lemma_worth(builder_t *bd, const char *term, size_t len)
{
    double df = xapc_db_termfreq(bd->s->db, term, len);
    return df <= GS_LEMMA_MIN_CUT || df <= GS_LEMMA_MAX_SHARE * xapc_db_doccount(bd->s->db);
}

/* XL + lemma (schema.h) with the weight BM25 gives a word met once in a
 * record of average length: its idf.  The XL terms have wdf 0, so that
 * they leave record lengths and every other word's score as they were;
 * without this a record found through its lemma alone (ребенка for
 * ребенок) would score nothing for the word.  A record holding the typed
 * form too (детей for дети: XLребенок) gets both; leaving those out
 * (XL AND_NOT the stem) measured 0.6887 against 0.6893.  *out NULL
 * (returns -1) when no record has the lemma term, or more than
 * GS_LEMMA_MAX_SHARE do, or memory ran out (*oom set). */
static int lemma_term_query(builder_t *bd, const char *lemma, xapc_query_t **out, int *oom)
{
    char term[MAX_TERM + 16];
    int n = snprintf(term, sizeof term, "%s%s", GS_PREFIX_LEMMA, lemma);
    *out = NULL;
    if (n <= 0 || (size_t)n >= sizeof term || !lemma_worth(bd, term, (size_t)n))
        return -1;
    *out = gs_qb_fixed_idf_term(bd, term, (size_t)n);
    if (bd->oom)
        *oom = 1;
    return *out ? 0 : -1;
}

/* The query of the word's other forms through its lemmas (stemming/
 * analyzer.h): XL + each lemma (the indexed forms Snowball stems apart:
 * ребенка, детей) and each lemma's own stem where it is not the word's
 * (ребенка typed: ребенок).  NULL when the word has none or is ambiguous,
 * or when memory ran out (*oom set then). */
/* The word's lemmas from the index's lemma table (schema.h GS_META_LEMMA),
 * as gs_analyze_word_lemmas would answer: how many (*readings the same),
 * *list valid until the next Xapian call.  -2 when the table lacks the
 * form (or cannot be read): then only the dictionary knows. */
static int table_lemmas(builder_t *bd, const char *form, const char **list, size_t *len,
                        unsigned *readings)
{
    char key[128];
    const char *v;
    size_t vlen;
    int n = -1;
    if (gs_schema_lemma_key(key, sizeof key, form, strlen(form)) &&
        xapc_db_get_metadata(bd->s->lemmas ? bd->s->lemmas : bd->s->db, key, &v, &vlen) ==
            XAPC_OK)
        n = gs_schema_lemma_entry(v, vlen, list, len);
    if (n < 0)
        return -2;  /* absent, or not a value the indexer wrote */
    *readings = (unsigned)n;
    return n;
}

static xapc_query_t *lemma_query(builder_t *bd, const qtok_t *t, int *oom)
{
    const char *list;
    size_t len;
    unsigned readings;
    /* The corpus's own forms are in the index: no dictionary to load. */
    int n = table_lemmas(bd, t->form, &list, &len, &readings);
    if (n == -2)
        n = gs_analyze_word_lemmas(bd->s->an, t->form, strlen(t->form), &list, &len, &readings);
    if (n < 0)
        *oom = 1;
    if (n <= 0 || readings > 1)
        return NULL;
    char *copy = malloc(len);  /* the analyzer's buffer is reused below */
    xapc_query_t *v[32];
    size_t k = 0;
    if (!copy) {
        *oom = 1;
        return NULL;
    }
    memcpy(copy, list, len);
    char stem[MAX_TERM + 1];
    for (size_t o = 0; o < len && k + 2 <= 32 && !*oom; o += strlen(copy + o) + 1) {
        const char *l = copy + o;
        if (!lemma_term_query(bd, l, &v[k], oom)) {
            gs_qb_explain_scaled(bd, l, GS_EX_LEMMA, -1, GS_LEMMA_WEIGHT, v[k]);
            k++;
            /* Snippets mark the forms found through it (snippet.c). */
            bd->out->hl.lemma_db = bd->s->lemmas ? bd->s->lemmas : bd->s->db;
            if (gs_strlist_add(&bd->out->hl.lemmas, l, strlen(l)) < 0)
                *oom = 1;
        }
        size_t sl = gs_analyze_word(bd->s->an, l, strlen(l), stem, sizeof stem);
        if (sl && strcmp(stem, t->term) && !*oom && lemma_worth(bd, stem, sl)) {
            hl_term(bd, stem);
            if ((v[k] = gs_qb_term_query(stem, sl, 1.0, bd->b, 1))) {
                gs_qb_explain_scaled(bd, stem, GS_EX_LEMMA, -1, GS_LEMMA_WEIGHT, v[k]);
                k++;
            }
            else
                *oom = 1;
        }
    }
    free(copy);
    xapc_query_t *q = *oom || !k ? NULL : gs_qb_combine(XAPC_OP_OR, v, k, 0);
    if (k && !q)
        *oom = 1;
    gs_qb_destroy_all(v, k);
    return q;
}

/* A word's term query q OR its lemmas' (lemma_query), weighted below it;
 * the formula *form becomes (form OR the lemma match), answered exactly by
 * Xapian, since the recheck cannot see lemmas.  q is consumed. */
static xapc_query_t *or_lemmas(builder_t *bd, xapc_query_t *q, const qtok_t *t, vnode_t **form)
{
    int oom = 0;
    xapc_query_t *lq = lemma_query(bd, t, &oom);
    if (oom)
        bd->oom = 1;
    if (!lq)
        return q;
    vnode_t *m = gs_vn_match(lq);
    xapc_query_t *sq = xapc_query_scale(lq, GS_LEMMA_WEIGHT);
    xapc_query_destroy(lq);
    xapc_query_t *pair[2] = {q, sq};
    xapc_query_t *r = m && sq ? xapc_query_combine(XAPC_OP_OR, pair, 2, 0) : NULL;
    xapc_query_destroy(sq);
    if (!r) {
        gs_vn_free(m);
        bd->oom = 1;
        return q;
    }
    xapc_query_destroy(q);
    vnode_t *kids[2] = {*form, m};
    if (!(*form = gs_vn_group(VN_OR, kids, 2))) {  /* it freed the kids */
        xapc_query_destroy(r);
        return gs_qb_oom(bd);
    }
    return r;
}

/* A plain word: usually one term; a hyphenated word is its whole OR the
 * phrase of its parts; punctuation inside a word gives several terms; an
 * application number, ИНН or ОГРН also finds its record. */
static xapc_query_t *build_word(builder_t *bd, const qnode_t *n, vnode_t **vo);

/* --explain names the terms of a word after the word as typed. */
xapc_query_t *gs_qb_build_word(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    const char *outer = bd->ex_word;
    bd->ex_word = outer ? outer : n->text;
    xapc_query_t *q = build_word(bd, n, vo);
    bd->ex_word = outer;
    return q;
}

static xapc_query_t *build_word(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    if (n->flags & QW_EXACT)
        return exact_form(bd, n, vo);
    if (n->flags & QW_PREFIX) {
        char *f = gs_schema_fold(n->text, strlen(n->text));
        if (!f)
            return gs_qb_oom(bd);
        const char *pre = n->field >= 0 ? gs_sfield_prefix(n->field) : "";
        if (gs_strlist_add(&bd->out->hl.prefixes, f, strlen(f)) < 0)
            bd->oom = 1;
        xapc_query_t *q = gs_qb_prefix_query(bd, pre ? pre : "", f, strlen(f));
        gs_qb_explain(bd, f, GS_EX_PREFIX, n->field, q);
        vnode_t *leaf = gs_vn_leaf(VN_PREFIX, n->field, f, strlen(f), field_is_long(n->field));
        free(f);
        return gs_qb_with_formula(bd, q, leaf, vo);
    }
    qtoks_t ts;
    if (gs_qb_analyse(bd->s->an, n->text, &ts) < 0) {
        gs_qb_qtoks_free(&ts);
        return gs_qb_oom(bd);
    }
    xapc_query_t *q = NULL;
    vnode_t *form = NULL;
    size_t compound = (size_t)-1, nplain = 0;
    for (size_t i = 0; i < ts.n; i++) {
        if (ts.v[i].flags & GS_TOKEN_COMPOUND)
            compound = compound == (size_t)-1 ? i : compound;
        else if (!(ts.v[i].flags & (GS_TOKEN_PART | GS_TOKEN_STOP)))
            nplain++;
    }
    if (compound != (size_t)-1 && nplain == 0) {
        /* детей-инвалидов: the whole, or its parts side by side. */
        size_t idx[64], k = 0;
        for (size_t i = 0; i < ts.n && k < 64; i++)
            if (ts.v[i].flags & GS_TOKEN_PART)
                idx[k++] = i;
        vnode_t *vw = NULL, *vp = NULL;
        xapc_query_t *whole = whole_term(bd, ts.v[compound].term, n->field, &vw);
        for (size_t i = 0; i < k; i++)
            if (!(ts.v[idx[i]].flags & GS_TOKEN_STOP))
                hl_term(bd, ts.v[idx[i]].term);
        /* Written apart, by pair terms (apart_query): a body word whose
         * whole some record holds, its parts at consecutive positions.
         * An alternative too (a word with thesaurus equivalents, a relaxed
         * reading): a record matching another alternative no longer gets
         * the parts' weights for holding them anywhere; on the 45 dev
         * queries nDCG@10 rose 0.7900 -> 0.7919 with it (bench/RESULTS.md,
         * hyp16). */
        const char *wterm = ts.v[compound].term;
        int apart = whole && k > 1 && n->field < 0 && bd->exact_terms &&
                    ts.v[idx[k - 1]].pos - ts.v[idx[0]].pos + 1 == k &&
                    xapc_db_termfreq(bd->s->db, wterm, strlen(wterm)) > 0;
        xapc_query_t *parts = apart ? apart_query(bd, ts.v, idx, k, whole, wterm, &vp)
                              : k > 1 ? gs_qb_phrase_query(bd, ts.v, idx, k, n->field, &vp)
                                      : NULL;
        if (whole && parts) {
            /* The whole implies its parts side by side (the analyzer puts
             * them at consecutive positions, in the sketch and on the
             * record), so as a set "whole or parts" is the parts' phrase:
             * that is the formula, and the whole stays in the query for its
             * weight only.  Its VN_MATCH listed every record holding the
             * whole (a get_mset of thousands for «социально-ориентированных»)
             * on every search. */
            xapc_query_t *pair[2] = {whole, parts};
            q = xapc_query_combine(XAPC_OP_OR, pair, 2, 0);
            form = vp;
            vp = NULL;
        } else if (whole) {
            q = xapc_query_copy(whole);
            form = vw;
            vw = NULL;
        }
        gs_vn_free(vw);
        gs_vn_free(vp);
        xapc_query_destroy(whole);
        xapc_query_destroy(parts);
    } else {
        /* Each non-stop token (a lone stop word searches nothing). */
        xapc_query_t *v[32];
        vnode_t *fv[32];
        size_t k = 0;
        for (size_t i = 0; i < ts.n && k < 32; i++) {
            const qtok_t *t = &ts.v[i];
            if (t->flags & (GS_TOKEN_PART | GS_TOKEN_STOP))
                continue;
            /* A context word with thesaurus equivalents (synonyms.c): as
             * one term with them, when it is one plain term. */
            int with = bd->nequiv && n->field < 0 && nplain == 1 && ts.n == 1;
            v[k] = with ? one_term_with(bd, t->term, &fv[k])
                        : gs_qb_one_term(bd, t->term, n->field, &fv[k]);
            if (v[k]) {
                /* Lemmas are body terms: a word in a field keeps its stem. */
                if (n->field < 0 && !(t->flags & (GS_TOKEN_ABBR | GS_TOKEN_NUMBER)))
                    v[k] = or_lemmas(bd, v[k], t, &fv[k]);
                if (v[k])
                    k++;
            }
            if (n->field < 0 && !(t->flags & GS_TOKEN_NUMBER) &&
                xapc_db_termfreq(bd->s->db, t->term, strlen(t->term)) == 0) {
                char u[64 + MAX_TERM];
                snprintf(u, sizeof u, "%zu:%zu:%s", n->offset, strlen(n->text), t->form);
                if (!gs_strlist_has(&bd->out->unknown, u, strlen(u)))
                    gs_strlist_add(&bd->out->unknown, u, strlen(u));
            }
        }
        if (k) {
            q = gs_qb_combine(XAPC_OP_AND, v, k, 0);
            form = k == 1 ? fv[0] : gs_vn_group(VN_AND, fv, k);
        }
        gs_qb_destroy_all(v, k);
    }
    gs_qb_qtoks_free(&ts);
    if (q && n->field < 0)
        q = or_identifier(bd, q, n->text, &form);
    return gs_qb_with_formula(bd, q, form, vo);
}

xapc_query_t *gs_qb_build_phrase(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    *vo = NULL;
    qtoks_t ts;
    if (gs_qb_analyse(bd->s->an, n->text, &ts) < 0) {
        gs_qb_qtoks_free(&ts);
        return gs_qb_oom(bd);
    }
    size_t *idx = calloc(ts.n + 1, sizeof *idx), k = 0;
    if (!idx) {
        gs_qb_qtoks_free(&ts);
        return gs_qb_oom(bd);
    }
    for (size_t i = 0; i < ts.n; i++)
        if (!(ts.v[i].flags & GS_TOKEN_COMPOUND)) {
            idx[k++] = i;
            if (!(ts.v[i].flags & GS_TOKEN_STOP))
                hl_term(bd, ts.v[i].term);
        }
    xapc_query_t *q = NULL;
    if (k == 1)
        q = gs_qb_one_term(bd, ts.v[idx[0]].term, n->field, vo);
    else if (k > 1)
        q = gs_qb_phrase_query(bd, ts.v, idx, k, n->field, vo);
    free(idx);
    gs_qb_qtoks_free(&ts);
    return q;
}
