/* vectors.h - meaning, offline (issue 16): fastText vectors learned from the
 * archive, one per application, and the brute-force nearest ones to a query.
 *
 * Files beside the index (both written to a temporary name and renamed, so
 * a reader sees the old file or the new, never half of one; only
 * grantsearch writes or removes them, indexer/dir.c counts them as its own):
 *   DB/vectors.model  the fastText model (word and sub-word vectors), for
 *                     the query's vector;
 *   DB/vectors        a header (magic, dimension, count, and the index's
 *                     document count and last docid when written), the
 *                     mean vector (dim floats), then per
 *                     application its docid, a scale and dim int8s: the
 *                     unit vector quantised (cosine error ~1%).
 * A vectors file whose document count or last docid no longer match the
 * index (records added, replaced or deleted since) is stale: refused with
 * a message, never used silently.
 *
 * A record's words: the folded forms (not stems: the sub-words carry the
 * inflection) of its title, goal, tasks, description, significance and
 * target groups, stop words and numbers left out.  Its vector: the mean of
 * its words' unit vectors weighted a / (a + p(word)) (p: the word's share
 * of the training text; Arora et al.'s SIF weights), so that common words
 * weigh little; normalised; then the mean of all applications' vectors
 * (stored in DB/vectors) is taken off it and it is normalised again: every
 * averaged vector shares a large common part that would otherwise make
 * all cosines alike (SIF removes the first principal component; the mean
 * is the cheap form of it).
 *
 * Errors: gs_status_t and a malloc'd *err naming the file.
 */
#ifndef GS_VECTORS_H
#define GS_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "corpus/record.h"
#include "stemming/analyzer.h"
#include "toolkit/buf.h"
#include "toolkit/status.h"
#include "xapian-c/xapc.h"

#define GS_VECTORS_FILE "vectors"
#define GS_VECTORS_MODEL "vectors.model"

/* ---- building (build.c) ------------------------------------------- */

typedef struct {
    int retrain;          /* 1: train a new model even if DB/vectors.model exists */
    int dim, epoch;       /* fastText's; 0 = the defaults (64; epochs: see below) */
    unsigned threads;     /* training threads (1 = deterministic) */
    uint64_t cap_words;   /* train on at most this many words (GS_VECTORS_CAP_WORDS) */
    const char *model;    /* NULL, or a model file to use as it is (bench/vectors_bench) */
    const char *out_dir;  /* NULL: DB; else where DB/vectors goes (a read-only index) */
} gs_vectors_build_opts_t;

/* The training sample's cap: 2 million words, about 5,000 applications of
 * the archive, spread over all of it (every k-th).  The vocabulary of the
 * domain is there by then, and training time grows with the words: ~2
 * minutes of CPU at the cap (bench/RESULTS.md, issue 16 vectors). */
#define GS_VECTORS_CAP_WORDS 2000000u
/* Passes over the sample: GS_VECTORS_UPDATES / words, from 5 to 20: a
 * small corpus gets more passes, the capped sample 5. */
#define GS_VECTORS_UPDATES 10000000u

typedef struct {
    uint32_t records;     /* vectors written */
    uint64_t train_words; /* words the model was trained on (0: model kept) */
    double train_s, embed_s;
    uint64_t bytes;       /* size of DB/vectors */
} gs_vectors_stats_t;

void gs_vectors_build_opts_init(gs_vectors_build_opts_t *o);
/* Train the model (unless kept) and write DB/vectors for every
 * application of the plain index at dbpath.  GS_OK, else a status and *err. */
gs_status_t gs_vectors_build(const char *dbpath, const gs_vectors_build_opts_t *o,
                             gs_vectors_stats_t *stats, char **err);
/* 1 if DB has a vectors file (a later `index` then refreshes it). */
int gs_vectors_present(const char *dbpath);

/* ---- a record's words (text.c) ------------------------------------- */

/* Append the words of rec (see above) to b, each followed by a blank.
 * 0, or -1 out of memory. */
int gs_vectors_record_words(gs_analyzer_t *an, const gs_record_t *rec, gs_buf_t *b);
/* The same for free text (a query, a draft). */
int gs_vectors_text_words(gs_analyzer_t *an, const char *text, size_t len, gs_buf_t *b);

/* ---- reading (store.c, embed.c, nearest.c) ------------------------- */

typedef struct gs_vectors gs_vectors_t;

/* Load DB/vectors and DB/vectors.model of the index db opened at dbpath.
 * GS_ENOTFOUND when there are none; GS_EINDEX when stale or unreadable;
 * *err says which and why.  Close with gs_vectors_close (NULL is fine).
 * Threads: the files are loaded once per process: a handle opened while
 * another is open on the same two files (the same inode, size and mtime)
 * is that one, shared read-only (batch's threads, serve's workers); a file
 * replaced since is loaded anew.  Any thread may open and close. */
gs_status_t gs_vectors_open(const char *dbpath, xapc_db_t *db, gs_vectors_t **out, char **err);
void gs_vectors_close(gs_vectors_t *v);
/* 1 if v still matches db (the document count and last docid its file was
 * written for), 0 if db changed since (v is then stale: open again). */
int gs_vectors_current(const gs_vectors_t *v, xapc_db_t *db);
int gs_vectors_dim(const gs_vectors_t *v);
uint32_t gs_vectors_count(const gs_vectors_t *v);

/* The unit vector of words (blank-separated, as gs_vectors_text_words
 * gives them) into out[0..dim).  1 if none of them has a vector (out
 * zero), 0 ok, -1 out of memory. */
int gs_vectors_embed(const gs_vectors_t *v, const char *words, size_t len, float *out);
/* The stored vector of docid did into out[0..dim) (unquantised); 0, or -1
 * when it has none. */
int gs_vectors_of_doc(const gs_vectors_t *v, xapc_docid_t did, float *out);

typedef struct {
    xapc_docid_t docid;
    float cosine;
} gs_vhit_t;

/* The k applications nearest to the unit vector q, by cosine, best first,
 * into out[0..k); returns how many (fewer when the file holds fewer). */
size_t gs_vectors_nearest(const gs_vectors_t *v, const float *q, size_t k, gs_vhit_t *out);

/* ---- the file (store.c), for build.c ---------------------------------- */

/* Write n vectors (docids did[i], vectors vecs[i*dim..], taken off their
 * mean and normalised here, in place) to DB/vectors under a temporary name,
 * fsync, rename.  doccount/lastdocid: the index's now.  0, or -1 with *err. */
int gs_vectors_write(const char *dbpath, int dim, const xapc_docid_t *did, float *vecs,
                     uint32_t n, uint32_t doccount, xapc_docid_t lastdocid, char **err);

#endif /* GS_VECTORS_H */
