/* filters.c - status:, year:, amount:, region:, direction:, contest:,
 * inn:, number: -> boolean terms and value ranges that never rank (the
 * table and the value fold are schema/'s). */
#include "query/build_impl.h"
#include "schema/schema.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- filters -------------------------------------------------------- */

static xapc_query_t *bool_term(const char *prefix, const char *v, size_t len)
{
    return gs_qb_prefixed(prefix, v, len, 1.0);
}

/* The terms of s (non-stop), for matching region/direction words. */
static int terms_of(gs_analyzer_t *an, const char *s, strlist_t *out)
{
    qtoks_t ts;
    if (gs_qb_analyse(an, s, &ts) < 0) {
        gs_qb_qtoks_free(&ts);
        return -1;
    }
    for (size_t i = 0; i < ts.n; i++)
        if (!(ts.v[i].flags & (GS_TOKEN_STOP | GS_TOKEN_COMPOUND)))
            gs_strlist_add(out, ts.v[i].term, strlen(ts.v[i].term));
    gs_qb_qtoks_free(&ts);
    return 0;
}

/* region:/direction:/contest: the exact folded value, else every indexed
 * value whose words include all the query's words. */
static xapc_query_t *value_filter(builder_t *bd, const char *prefix, const qnode_t *n)
{
    char *f = gs_schema_fold(n->text, strlen(n->text));
    if (!f)
        return gs_qb_oom(bd);
    char buf[GS_SCHEMA_VALUE_MAX + 16];
    /* Cut as the indexer cut it: a value of a long direction still meets. */
    snprintf(buf, sizeof buf, "%s%.*s", prefix, (int)gs_schema_value_len(strlen(f)), f);
    free(f);
    if (xapc_db_termfreq(bd->s->db, buf, strlen(buf)) > 0)
        return xapc_query_term(buf, strlen(buf), 1, 0);
    strlist_t want = {0}, matches = {0};
    terms_of(bd->s->an, n->text, &want);
    xapc_termiter_t *it = NULL;
    size_t plen = strlen(prefix);
    xapc_status_t st = want.n ? xapc_db_allterms(bd->s->db, prefix, plen, &it) : XAPC_OK;
    if (st != XAPC_OK) {
        bd->xst = st;
        gs_strlist_free(&want);
        return NULL;
    }
    const char *t;
    size_t len;
    int r;
    while (it && (r = xapc_termiter_next(it, &t, &len, NULL, NULL)) == 1) {
        /* Skip a longer prefix that starts like ours (none today, but cheap). */
        char *val = strndup(t + plen, len - plen);
        if (!val)
            break;
        strlist_t have = {0};
        terms_of(bd->s->an, val, &have);
        size_t hit = 0;
        for (size_t i = 0; i < want.n; i++)
            hit += gs_strlist_has(&have, want.v[i], strlen(want.v[i]));
        if (hit == want.n)
            gs_strlist_add(&matches, t, len);
        gs_strlist_free(&have);
        free(val);
    }
    xapc_termiter_destroy(it);
    xapc_query_t *q;
    if (matches.n == 0) {
        char note[512];
        snprintf(note, sizeof note, "%s:%s matches no value in the index", gs_qf_name(n->filter),
                 n->text);
        gs_strlist_add(&bd->out->notes, note, strlen(note));
        q = xapc_query_match_nothing();
    } else {
        xapc_query_t **v = calloc(matches.n, sizeof *v);
        size_t k = 0;
        for (size_t i = 0; v && i < matches.n; i++)
            if ((v[k] = xapc_query_term(matches.v[i], strlen(matches.v[i]), 1, 0)))
                k++;
        q = v ? gs_qb_combine(XAPC_OP_OR, v, k, 0) : NULL;
        if (v)
            gs_qb_destroy_all(v, k);
        free(v);
    }
    gs_strlist_free(&want);
    gs_strlist_free(&matches);
    return q ? q : gs_qb_oom(bd);
}

static xapc_query_t *range(xapc_slot_t slot, double lo, double hi)
{
    char a[16], b[16];
    size_t al = 0, bl = 0;
    if (lo >= 0)
        al = xapc_sortable_serialise(lo, a);
    if (hi >= 0)
        bl = xapc_sortable_serialise(hi, b);
    return xapc_query_value_range(slot, lo >= 0 ? a : NULL, al, hi >= 0 ? b : NULL, bl);
}

static xapc_query_t *build_filter_q(builder_t *bd, const qnode_t *n)
{
    xapc_query_t *q = NULL;
    char buf[64];
    const gs_schema_filter_t *sf = &gs_schema_filters[n->filter];
    switch (sf->kind) {
    case GS_FILTER_TERM:
        if (sf->fold) {
            q = value_filter(bd, sf->prefix, n);
            break;
        }
        /* The value, or "a|b|c" (status:winner|rejected): any of them. */
        xapc_query_t *v[4];
        size_t k = 0;
        const char *p = n->text;
        while (*p && k < 4) {
            size_t len = strcspn(p, "|");
            if ((v[k] = bool_term(sf->prefix, p, len)))
                k++;
            p += len + (p[len] == '|');
        }
        q = k ? gs_qb_combine(XAPC_OP_OR, v, k, 0) : NULL;
        gs_qb_destroy_all(v, k);
        break;
    case GS_FILTER_RANGE:
        /* One year is a term (cheaper than a range); lo..hi a value range. */
        if (n->is_range || !sf->prefix) {
            q = range((xapc_slot_t)sf->slot, n->lo, n->hi);
        } else {
            snprintf(buf, sizeof buf, "%.0f", n->lo);
            q = bool_term(sf->prefix, buf, strlen(buf));
        }
        break;
    case GS_FILTER_NUMBER:
        q = gs_qb_number_query(n->text);
        break;
    }
    if (!q)
        return bd->xst != XAPC_OK ? NULL : gs_qb_oom(bd);
    /* Filters select, they do not rank. */
    xapc_query_t *z = xapc_query_scale(q, 0);
    xapc_query_destroy(q);
    return z ? z : gs_qb_oom(bd);
}

/* Filters are exact in Xapian: TRUE in the formula. */
xapc_query_t *gs_qb_build_filter(builder_t *bd, const qnode_t *n, vnode_t **vo)
{
    xapc_query_t *q = build_filter_q(bd, n);
    return gs_qb_with_formula(bd, q, q ? gs_vn_true() : NULL, vo);
}
