/* internal.h - what vectors/'s files share. */
#ifndef GS_VECTORS_INTERNAL_H
#define GS_VECTORS_INTERNAL_H

#include "fasttext-c/ftc.h"
#include "vectors/vectors.h"

/* A loaded vectors file and its model (store.c). */
struct gs_vectors {
    ftc_model_t *model;
    int dim;
    uint32_t n;
    xapc_docid_t *did;     /* n docids, ascending */
    float *scale;          /* n: component = q * scale */
    int8_t *q;             /* n * dim */
    float *mean;           /* dim: taken off every vector (vectors.h) */
};

/* DB/name, malloc'd; NULL out of memory. */
char *gs_vectors_path(const char *dbpath, const char *name);
/* Where a file is written before its rename: DB/name.<pid>.gs-swap
 * (a name indexer/dir.c counts as grantsearch's). */
char *gs_vectors_tmp_path(const char *dbpath, const char *name);
/* fsync the file at path, then rename it to dst and fsync the directory.
 * 0, or -1 (errno set; path removed). */
int gs_vectors_commit_file(const char *path, const char *dst, const char *dbpath);

/* The unit vector of words by model into out[0..dim) (embed.c): 1 if none
 * of the words has one, 0 ok, -1 out of memory. */
int gs_vectors_embed_model(const ftc_model_t *m, const char *words, size_t len, float *out);
/* v[0..dim) minus mean, normalised: 0, or 1 if nothing is left. */
int gs_vectors_center(float *v, const float *mean, int dim);

#endif
