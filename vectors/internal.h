/* internal.h - what vectors/'s files share. */
#ifndef GS_VECTORS_INTERNAL_H
#define GS_VECTORS_INTERNAL_H

#include "fasttext-c/ftc.h"
#include "vectors/vectors.h"

#include <sys/stat.h>

/* Which file on disk: a file replaced (written anew and renamed) is
 * another file, whatever its name. */
typedef struct {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} gs_file_id_t;

/* A loaded vectors file and its model (store.c).  One per pair of files
 * in the process: every handle opened on the same two files (each batch
 * thread's searcher, each serve worker's) is this one object, counted in
 * refs; it is read-only once loaded (fastText's getWordVector and
 * Dictionary::getId are const and keep no state: fasttext-c/ftc.h). */
struct gs_vectors {
    struct gs_vectors *next;  /* the registry's list (store.c), under its lock */
    unsigned refs;            /* handles open on it, under the registry's lock */
    int shared;               /* in the registry (else a private copy) */
    gs_file_id_t file_id, model_id;
    uint32_t doccount, lastdocid;  /* the index's, when the file was written */
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
