/* ftc.h - a C wrapper over Debian's libfasttext (fastText 0.9.2): train
 * sub-word word vectors, save and load the model, read word vectors.
 *
 * The same treatment as xapian-c/: opaque handles in create/destroy pairs,
 * every C++ exception caught at the extern "C" boundary (ftc_private.h)
 * and mapped to an ftc_status_t and a plain message; nothing C++ leaks
 * out (the objects are built with -fvisibility=hidden).
 *
 * Threads: a model is read-only once trained or loaded; ftc_word_vector
 * and ftc_word_freq may be called from several threads at once.
 */
#ifndef GS_FTC_H
#define GS_FTC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    FTC_OK = 0,
    FTC_NO_MEMORY,
    FTC_IO,          /* a file could not be read or written */
    FTC_INVALID,     /* bad options, an empty vocabulary, not a model file */
    FTC_INTERNAL     /* anything else fastText threw */
} ftc_status_t;

/* "ok", "out of memory", ... ; never NULL. */
const char *ftc_status_to_string(ftc_status_t st);

typedef struct ftc_model ftc_model_t;

/* Training settings (fastText's names).  ftc_train_opts_init sets the
 * defaults below, fitted to grant applications rather than fastText's
 * Wikipedia defaults: a small bucket table keeps the model file small. */
typedef struct {
    int skipgram;    /* 1 skipgram (default), 0 cbow */
    int dim;         /* vector size (default 64) */
    int epoch;       /* passes over the text (default 10) */
    int min_count;   /* words seen fewer times are left out (default 3) */
    int minn, maxn;  /* character n-gram lengths of the sub-words (3, 5) */
    int bucket;      /* hash buckets of the n-grams (default 200000) */
    int ws;          /* context window (default 5) */
    int threads;     /* training threads (default 1: then deterministic) */
    int seed;        /* random seed (default 1) */
    double lr;       /* learning rate (default 0.05) */
} ftc_train_opts_t;

void ftc_train_opts_init(ftc_train_opts_t *o);

/* Train on the text file at path (words separated by blanks, one document a
 * line).  *out: a new model (ftc_model_destroy); *err: a malloc'd message
 * on failure (caller frees; err may be NULL). */
ftc_status_t ftc_train_file(const char *path, const ftc_train_opts_t *o, ftc_model_t **out,
                            char **err);
/* The same on text[0..len) held in memory (written to a temporary file in
 * $TMPDIR, fastText reading only files, and removed). */
ftc_status_t ftc_train_buffer(const char *text, size_t len, const ftc_train_opts_t *o,
                              ftc_model_t **out, char **err);

/* fastText's own .bin format. */
ftc_status_t ftc_model_load(const char *path, ftc_model_t **out, char **err);
ftc_status_t ftc_model_save(ftc_model_t *m, const char *path, char **err);
void ftc_model_destroy(ftc_model_t *m);  /* NULL is fine */

int ftc_model_dim(const ftc_model_t *m);
/* Words in the vocabulary. */
uint32_t ftc_model_nwords(const ftc_model_t *m);

/* The vector of word[0..len) into out[0..dim): the word's own vector and its
 * character n-grams', or the n-grams' alone for a word never seen (all zero
 * when it has none).  FTC_NO_MEMORY or FTC_INTERNAL on failure. */
ftc_status_t ftc_word_vector(const ftc_model_t *m, const char *word, size_t len, float *out);
/* How often the word occurred in the training text, as a share of all its
 * words; 0 for a word not in the vocabulary. */
double ftc_word_freq(const ftc_model_t *m, const char *word, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* GS_FTC_H */
