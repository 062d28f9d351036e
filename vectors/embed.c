/* embed.c - a text's vector: the SIF-weighted mean of its words' unit vectors. */
#include "vectors/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Arora et al.'s a: a word that is 0.1% of the text weighs a half. */
#define SIF_A 1e-3

/* Scale v[0..dim) to unit length; 0, or 1 if it is all zero. */
static int normalise(float *v, int dim)
{
    double n = 0;
    for (int i = 0; i < dim; i++)
        n += (double)v[i] * v[i];
    if (n <= 0)
        return 1;
    float inv = (float)(1.0 / sqrt(n));
    for (int i = 0; i < dim; i++)
        v[i] *= inv;
    return 0;
}

int gs_vectors_embed_model(const ftc_model_t *m, const char *words, size_t len, float *out)
{
    int dim = ftc_model_dim(m);
    float *w = malloc((size_t)dim * sizeof *w);
    if (!w)
        return -1;
    memset(out, 0, (size_t)dim * sizeof *out);
    const char *p = words, *end = words + len;
    while (p < end) {
        while (p < end && *p == ' ')
            p++;
        const char *s = p;
        while (p < end && *p != ' ')
            p++;
        if (p == s || ftc_word_vector(m, s, (size_t)(p - s), w) != FTC_OK || normalise(w, dim))
            continue;
        float weight = (float)(SIF_A / (SIF_A + ftc_word_freq(m, s, (size_t)(p - s))));
        for (int i = 0; i < dim; i++)
            out[i] += weight * w[i];
    }
    free(w);
    return normalise(out, dim);
}

int gs_vectors_center(float *v, const float *mean, int dim)
{
    for (int i = 0; i < dim; i++)
        v[i] -= mean[i];
    return normalise(v, dim);
}

int gs_vectors_embed(const gs_vectors_t *v, const char *words, size_t len, float *out)
{
    int rc = gs_vectors_embed_model(v->model, words, len, out);
    return rc ? rc : gs_vectors_center(out, v->mean, v->dim);
}
