/* vnode.c - constructors of the recheck formula (query/vnode.h). */
#include "query/vnode.h"

#include <stdlib.h>
#include <string.h>

/* ---- nodes ----------------------------------------------------------- */

static vnode_t *vn_new(vn_kind_t kind, int field)
{
    vnode_t *v = calloc(1, sizeof *v);
    if (v) {
        v->kind = kind;
        v->field = field;
    }
    return v;
}

vnode_t *gs_vn_true(void) { return vn_new(VN_TRUE, -1); }

vnode_t *gs_vn_leaf(vn_kind_t kind, int field, const char *s, size_t len, int loose)
{
    vnode_t *v = vn_new(kind, field);
    if (!v)
        return NULL;
    v->s = calloc(1, sizeof *v->s);
    if (!v->s || !(v->s[0] = strndup(s, len))) {
        gs_vn_free(v);
        return NULL;
    }
    v->n = 1;
    v->loose = loose;
    return v;
}

vnode_t *gs_vn_match(const xapc_query_t *q)
{
    vnode_t *v = vn_new(VN_MATCH, -1);
    if (v && !(v->xq = xapc_query_copy(q))) {
        gs_vn_free(v);
        return NULL;
    }
    return v;
}

vnode_t *gs_vn_docs(const xapc_docid_t *ids, size_t n)
{
    vnode_t *v = vn_new(VN_MATCH, -1);
    if (v && !(v->ids = malloc((n ? n : 1) * sizeof *v->ids))) {
        gs_vn_free(v);
        return NULL;
    }
    if (v && n) {
        memcpy(v->ids, ids, n * sizeof *ids);
        v->nids = n;
    }
    return v;
}

vnode_t *gs_vn_phrase(int field, const char *const *terms, size_t n, uint32_t window)
{
    vnode_t *v = vn_new(VN_PHRASE, field);
    if (!v)
        return NULL;
    v->s = calloc(n ? n : 1, sizeof *v->s);
    if (!v->s) {
        gs_vn_free(v);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(v->s[i] = strdup(terms[i]))) {
            gs_vn_free(v);
            return NULL;
        }
        v->n++;
    }
    v->window = window;
    v->loose = 1;
    return v;
}

vnode_t *gs_vn_group(vn_kind_t kind, vnode_t **kids, size_t n)
{
    vnode_t *v = vn_new(kind, -1);
    if (v)
        v->kids = malloc((n ? n : 1) * sizeof *v->kids);
    if (!v || !v->kids) {
        for (size_t i = 0; i < n; i++)
            gs_vn_free(kids[i]);
        gs_vn_free(v);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        v->kids[i] = kids[i];
        v->loose |= kids[i]->loose;
    }
    v->nkids = n;
    return v;
}

void gs_vn_free(vnode_t *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        free(v->s[i]);
    free(v->s);
    for (size_t i = 0; i < v->nkids; i++)
        gs_vn_free(v->kids[i]);
    free(v->kids);
    xapc_query_destroy(v->xq);
    free(v->ids);
    free(v);
}
