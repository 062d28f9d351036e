/* vnode.h - the recheck formula a query leaves for its candidates.
 *
 * The builder (query/build.c) makes one node per query part that Xapian
 * cannot match exactly; the searcher's recheck (searcher/verify.h) evaluates
 * the tree on each candidate that could reach the page.
 */
#ifndef GS_QUERY_VNODE_H
#define GS_QUERY_VNODE_H

#include "xapian-c/xapc.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
    VN_TRUE,    /* always (a part Xapian already applies exactly) */
    VN_AND,
    VN_OR,
    VN_NOT,     /* one kid */
    VN_TERM,    /* s[0] is a term of a token (in field) */
    VN_PREFIX,  /* a token's term starts with s[0] */
    VN_FORM,    /* a token's folded form is s[0] */
    VN_PHRASE,  /* terms s[0..n) in this order within `window` positions */
    VN_MATCH    /* the document matches xq (an exact boolean query), or is
                   one of ids[0..nids) when xq is NULL */
} vn_kind_t;

typedef struct vnode {
    vn_kind_t kind;
    int field;           /* gs_sfield_t, or -1 for any text field */
    char **s;            /* leaf strings (owned) */
    size_t n;
    uint32_t window;     /* PHRASE: last position - first + 1 at most */
    struct vnode **kids; /* AND / OR / NOT (owned) */
    size_t nkids;
    int loose;           /* the Xapian query for this part matches more than it;
                            not loose: exactly the documents the formula is
                            true of.  A VN_AND's Xapian query matches only
                            documents its kids' queries all match (their AND,
                            FILTER, AND_NOT); searcher/verify.c relies on
                            both to skip what Xapian already applied. */
    xapc_query_t *xq;    /* VN_MATCH (owned) */
    xapc_docid_t *ids;   /* VN_MATCH without xq: its documents (owned) */
    size_t nids;
} vnode_t;

/* Constructors: NULL on ENOMEM.  Leaves copy their strings. */
vnode_t *gs_vn_true(void);
vnode_t *gs_vn_leaf(vn_kind_t kind, int field, const char *s, size_t len, int loose);
/* A copy of q, not loose. */
vnode_t *gs_vn_match(const xapc_query_t *q);
/* A match given by its documents, ids[0..n) (copied), not loose: what a
 * search already found, judged without a query. */
vnode_t *gs_vn_docs(const xapc_docid_t *ids, size_t n);
/* terms[0..n): copied. */
vnode_t *gs_vn_phrase(int field, const char *const *terms, size_t n, uint32_t window);
/* AND / OR / NOT of kids[0..n), which it takes over (freed even on failure);
 * an OR of none is never true (a part Xapian matches nothing for).
 * loose = any kid's. */
vnode_t *gs_vn_group(vn_kind_t kind, vnode_t **kids, size_t n);
void gs_vn_free(vnode_t *v);

#endif /* GS_QUERY_VNODE_H */
