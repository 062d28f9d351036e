/* strlist.c - a growable list of strings, and the highlight set built of
 * them (build.h). */
#include "query/build_impl.h"

#include <stdlib.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------- */

int gs_strlist_add(strlist_t *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *c = strndup(s, len);
    if (!c)
        return -1;
    l->v[l->n++] = c;
    return 0;
}

int gs_strlist_has(const strlist_t *l, const char *s, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == len && !memcmp(l->v[i], s, len))
            return 1;
    return 0;
}

void gs_strlist_free(strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

void gs_hlset_free(hlset_t *h)
{
    gs_strlist_free(&h->terms);
    gs_strlist_free(&h->prefixes);
    gs_strlist_free(&h->forms);
    gs_strlist_free(&h->weak);
    gs_strlist_free(&h->lemmas);
}
