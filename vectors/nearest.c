/* nearest.c - the brute force: the k stored vectors nearest a query's.
 *
 * Every vector is scored (dim int8 x float products each: 166,848 x 64 is
 * ~11 million multiply-adds, a few milliseconds; bench/vectors_bench), and
 * the best k kept in a min-heap. */
#include "vectors/internal.h"

/* Sift the min-heap h[0..n) down from i. */
static void sift_down(gs_vhit_t *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && h[l].cosine < h[m].cosine)
            m = l;
        if (r < n && h[r].cosine < h[m].cosine)
            m = r;
        if (m == i)
            return;
        gs_vhit_t t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static float dot_q(const int8_t *q, const float *v, int dim)
{
    float s = 0;
    for (int i = 0; i < dim; i++)
        s += q[i] * v[i];
    return s;
}

size_t gs_vectors_nearest(const gs_vectors_t *v, const float *q, size_t k, gs_vhit_t *out)
{
    size_t n = 0;
    if (!k)
        return 0;
    for (uint32_t i = 0; i < v->n; i++) {
        float c = v->scale[i] * dot_q(v->q + (size_t)i * v->dim, q, v->dim);
        if (n < k) {
            out[n++] = (gs_vhit_t){v->did[i], c};
            if (n == k)
                for (size_t j = k / 2 + 1; j-- > 0;)
                    sift_down(out, n, j);
        } else if (c > out[0].cosine) {
            out[0] = (gs_vhit_t){v->did[i], c};
            sift_down(out, n, 0);
        }
    }
    if (n < k)   /* never became a heap */
        for (size_t j = n / 2 + 1; j-- > 0;)
            sift_down(out, n, j);
    /* Heap sort: pop the smallest to the back, leaving best first. */
    for (size_t m = n; m > 1; m--) {
        gs_vhit_t t = out[0];
        out[0] = out[m - 1];
        out[m - 1] = t;
        sift_down(out, m - 1, 0);
    }
    return n;
}
