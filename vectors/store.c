/* store.c - the DB/vectors file: quantise and write it atomically, load it
 * with its model, and refuse it when stale. */
#include "vectors/internal.h"

#include "toolkit/error.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char magic[8] = {'G', 'S', 'V', 'E', 'C', '0', '0', '2'};

/* The header after the magic (native byte order: the file is written and
 * read on the same machine as the index beside it). */
typedef struct {
    uint32_t dim, n, doccount, lastdocid;
} header_t;

char *gs_vectors_path(const char *dbpath, const char *name)
{
    char *p = NULL;
    return asprintf(&p, "%s/%s", dbpath, name) < 0 ? NULL : p;
}

char *gs_vectors_tmp_path(const char *dbpath, const char *name)
{
    char *p = NULL;
    return asprintf(&p, "%s/%s.%ld.gs-swap", dbpath, name, (long)getpid()) < 0 ? NULL : p;
}

int gs_vectors_commit_file(const char *path, const char *dst, const char *dbpath)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close(fd);
    if (rc == 0)
        rc = rename(path, dst);
    int saved = errno;
    if (rc != 0) {
        unlink(path);
        errno = saved;
        return -1;
    }
    int dfd = open(dbpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

int gs_vectors_present(const char *dbpath)
{
    char *p = gs_vectors_path(dbpath, GS_VECTORS_FILE);
    struct stat st;
    int r = p && stat(p, &st) == 0;
    free(p);
    return r;
}

/* Quantise the unit vector v to dim int8s: q = round(v * 127 / max|v|). */
static float quantise(const float *v, int dim, int8_t *q)
{
    float m = 0;
    for (int i = 0; i < dim; i++)
        m = fmaxf(m, fabsf(v[i]));
    float scale = m > 0 ? m / 127.0f : 1.0f;
    for (int i = 0; i < dim; i++)
        q[i] = (int8_t)lrintf(v[i] / scale);
    return scale;
}

static int write_all(FILE *f, const void *p, size_t n)
{
    return fwrite(p, 1, n, f) == n ? 0 : -1;
}

/* The mean of the n non-zero vectors of vecs into mean[0..dim). */
static void mean_of(const float *vecs, uint32_t n, int dim, float *mean)
{
    double *sum = calloc((size_t)dim, sizeof *sum);
    uint32_t k = 0;
    for (uint32_t i = 0; sum && i < n; i++) {
        const float *v = vecs + (size_t)i * dim;
        int zero = 1;
        for (int j = 0; j < dim && zero; j++)
            zero = v[j] == 0;
        if (zero)
            continue;
        k++;
        for (int j = 0; j < dim; j++)
            sum[j] += v[j];
    }
    for (int j = 0; j < dim; j++)
        mean[j] = sum && k ? (float)(sum[j] / k) : 0;
    free(sum);
}

int gs_vectors_write(const char *dbpath, int dim, const xapc_docid_t *did, float *vecs,
                     uint32_t n, uint32_t doccount, xapc_docid_t lastdocid, char **err)
{
    char *tmp = gs_vectors_tmp_path(dbpath, GS_VECTORS_FILE);
    char *dst = gs_vectors_path(dbpath, GS_VECTORS_FILE);
    int8_t *q = malloc((size_t)dim);
    FILE *f = tmp ? fopen(tmp, "wbx") : NULL;
    int rc = -1;
    if (!tmp || !dst || !q || !f) {
        gs_set_err(err, "%s: cannot write: %s", dst ? dst : dbpath, strerror(errno));
        goto out;
    }
    float *mean = malloc((size_t)dim * sizeof *mean);
    if (!mean) {
        gs_set_err(err, "out of memory");
        goto out;
    }
    mean_of(vecs, n, dim, mean);
    for (uint32_t i = 0; i < n; i++) {   /* a record without words stays zero */
        float *v = vecs + (size_t)i * dim;
        if (gs_vectors_center(v, mean, dim))
            memset(v, 0, (size_t)dim * sizeof *v);
    }
    header_t h = {(uint32_t)dim, n, doccount, lastdocid};
    rc = write_all(f, magic, sizeof magic) | write_all(f, &h, sizeof h) |
         write_all(f, mean, (size_t)dim * sizeof *mean);
    free(mean);
    for (uint32_t i = 0; rc == 0 && i < n; i++)
        rc = write_all(f, &did[i], sizeof did[i]);
    for (uint32_t i = 0; rc == 0 && i < n; i++) {
        float s = quantise(vecs + (size_t)i * dim, dim, q);
        rc = write_all(f, &s, sizeof s);
    }
    for (uint32_t i = 0; rc == 0 && i < n; i++) {
        quantise(vecs + (size_t)i * dim, dim, q);
        rc = write_all(f, q, (size_t)dim);
    }
    if (fclose(f) != 0)
        rc = -1;
    f = NULL;
    if (rc == 0)
        rc = gs_vectors_commit_file(tmp, dst, dbpath);
    if (rc != 0) {
        gs_set_err(err, "%s: cannot write: %s", dst, strerror(errno));
        unlink(tmp);
    }
out:
    if (f) {
        fclose(f);
        unlink(tmp);
    }
    free(q);
    free(tmp);
    free(dst);
    return rc;
}

/* ---- loading: one copy per pair of files in the process --------------- */

/* Every loaded pair of files, so that a second handle on the same files
 * (another batch thread, another serve worker) takes the loaded copy
 * instead of reading the model again: at 166,848 applications the model
 * is 54 MB and the vectors 12 MB per handle otherwise.  The lock is held
 * while a pair loads, so that threads opening at once load it once. */
static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static gs_vectors_t *registry;

static void file_id_of(const struct stat *st, gs_file_id_t *id)
{
    memset(id, 0, sizeof *id);
    id->dev = st->st_dev;
    id->ino = st->st_ino;
    id->size = st->st_size;
    id->mtime = st->st_mtim;
}

static int same_file(const gs_file_id_t *a, const gs_file_id_t *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static void free_vectors(gs_vectors_t *v)
{
    ftc_model_destroy(v->model);
    free(v->did);
    free(v->scale);
    free(v->q);
    free(v->mean);
    free(v);
}

void gs_vectors_close(gs_vectors_t *v)
{
    if (!v)
        return;
    pthread_mutex_lock(&registry_mu);
    int last = --v->refs == 0;
    if (last && v->shared)
        for (gs_vectors_t **p = &registry; *p; p = &(*p)->next)
            if (*p == v) {
                *p = v->next;
                break;
            }
    pthread_mutex_unlock(&registry_mu);
    if (last)
        free_vectors(v);
}

/* Read the body of the file f (after magic and header h) into v. */
static int read_body(FILE *f, const header_t *h, gs_vectors_t *v)
{
    v->dim = (int)h->dim;
    v->n = h->n;
    size_t n = h->n ? h->n : 1;
    v->did = malloc(n * sizeof *v->did);
    v->scale = malloc(n * sizeof *v->scale);
    v->q = malloc(n * h->dim);
    v->mean = malloc(h->dim * sizeof *v->mean);
    if (!v->did || !v->scale || !v->q || !v->mean)
        return -1;
    return fread(v->mean, sizeof *v->mean, h->dim, f) == h->dim &&
                   fread(v->did, sizeof *v->did, h->n, f) == h->n &&
                   fread(v->scale, sizeof *v->scale, h->n, f) == h->n &&
                   fread(v->q, h->dim, h->n, f) == h->n
               ? 0
               : -1;
}

/* Open DB/vectors and read its header into *h, refusing it when stale
 * for db; its identity into *id.  *why: a static reason. */
static gs_status_t open_file(const char *path, xapc_db_t *db, FILE **out, header_t *h,
                             gs_file_id_t *id, const char **why)
{
    FILE *f = fopen(path, "rb");
    *out = NULL;
    if (!f) {
        *why = errno == ENOENT ? "no vectors (index --vectors builds them)" : strerror(errno);
        return errno == ENOENT ? GS_ENOTFOUND : GS_EIO;
    }
    char m[sizeof magic];
    struct stat st;
    gs_status_t s = GS_OK;
    if (fstat(fileno(f), &st) != 0) {
        *why = strerror(errno);
        s = GS_EIO;
    } else if (fread(m, 1, sizeof m, f) != sizeof m || memcmp(m, magic, sizeof m) ||
               fread(h, sizeof *h, 1, f) != 1 || h->dim == 0 || h->dim > 1024) {
        *why = "not a vectors file of this grantsearch";
        s = GS_EINDEX;
    } else if (h->doccount != xapc_db_doccount(db) || h->lastdocid != xapc_db_lastdocid(db)) {
        *why = "out of date: the index changed since they were built "
               "(run index --vectors to rebuild them)";
        s = GS_EINDEX;
    }
    if (s != GS_OK) {
        fclose(f);
        return s;
    }
    file_id_of(&st, id);
    *out = f;
    return GS_OK;
}

/* The registered copy of the pair (file, model), one more handle on it;
 * NULL if none.  Under registry_mu. */
static gs_vectors_t *registered(const gs_file_id_t *file, const gs_file_id_t *model)
{
    for (gs_vectors_t *v = registry; v; v = v->next)
        if (same_file(&v->file_id, file) && same_file(&v->model_id, model)) {
            v->refs++;
            return v;
        }
    return NULL;
}

/* Load the body of f (header h) and the model at mpath into a new v.
 * Under registry_mu.  GS_OK, else a status and *err. */
static gs_status_t load_pair(FILE *f, const header_t *h, const char *path, const char *mpath,
                             gs_vectors_t **out, char **err)
{
    gs_vectors_t *v = calloc(1, sizeof *v);
    gs_status_t st = GS_OK;
    char *e = NULL;
    if (!v) {
        gs_set_err(err, "out of memory");
        return GS_ENOMEM;
    }
    v->refs = 1;
    v->doccount = h->doccount;
    v->lastdocid = h->lastdocid;
    if (read_body(f, h, v) != 0) {
        gs_set_err(err, "%s: truncated or unreadable", path);
        st = GS_EINDEX;
    } else if (ftc_model_load(mpath, &v->model, &e) != FTC_OK) {
        gs_set_err(err, "%s: %s", mpath, e ? e : "cannot be read");
        st = GS_EINDEX;
    } else if (ftc_model_dim(v->model) != v->dim) {
        gs_set_err(err, "%s: does not match %s (another dimension)", mpath, path);
        st = GS_EINDEX;
    }
    free(e);
    if (st != GS_OK) {
        free_vectors(v);
        return st;
    }
    *out = v;
    return GS_OK;
}

/* Open the pair under registry_mu: the registered copy, else a new one,
 * registered when the model file is still the one stat'ed before it was
 * read (else it was replaced meanwhile: the copy stays private). */
static gs_status_t open_locked(FILE *f, const header_t *h, const gs_file_id_t *fid,
                               const char *path, const char *mpath, gs_vectors_t **out,
                               char **err)
{
    struct stat st;
    gs_file_id_t mid;
    if (stat(mpath, &st) != 0) {
        gs_set_err(err, "%s: %s", mpath, strerror(errno));
        return GS_EINDEX;
    }
    file_id_of(&st, &mid);
    if ((*out = registered(fid, &mid)))
        return GS_OK;
    gs_status_t s = load_pair(f, h, path, mpath, out, err);
    if (s != GS_OK)
        return s;
    (*out)->file_id = *fid;
    (*out)->model_id = mid;
    gs_file_id_t now;
    if (stat(mpath, &st) == 0 && (file_id_of(&st, &now), same_file(&now, &mid))) {
        (*out)->shared = 1;
        (*out)->next = registry;
        registry = *out;
    }
    return GS_OK;
}

gs_status_t gs_vectors_open(const char *dbpath, xapc_db_t *db, gs_vectors_t **out, char **err)
{
    *out = NULL;
    char *path = gs_vectors_path(dbpath, GS_VECTORS_FILE);
    char *mpath = gs_vectors_path(dbpath, GS_VECTORS_MODEL);
    const char *why = NULL;
    FILE *f = NULL;
    header_t h;
    gs_file_id_t fid;
    gs_status_t st = GS_ENOMEM;
    if (!path || !mpath) {
        gs_set_err(err, "out of memory");
    } else if ((st = open_file(path, db, &f, &h, &fid, &why)) != GS_OK) {
        gs_set_err(err, "%s: %s", path, why);
    } else {
        pthread_mutex_lock(&registry_mu);
        st = open_locked(f, &h, &fid, path, mpath, out, err);
        pthread_mutex_unlock(&registry_mu);
    }
    if (f)
        fclose(f);
    free(path);
    free(mpath);
    return st;
}

int gs_vectors_current(const gs_vectors_t *v, xapc_db_t *db)
{
    return v->doccount == xapc_db_doccount(db) && v->lastdocid == xapc_db_lastdocid(db);
}

int gs_vectors_dim(const gs_vectors_t *v)
{
    return v->dim;
}

uint32_t gs_vectors_count(const gs_vectors_t *v)
{
    return v->n;
}

/* Slot of did in v (docids ascend), or -1. */
static long slot_of(const gs_vectors_t *v, xapc_docid_t did)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->did[mid] < did)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->n && v->did[lo] == did ? (long)lo : -1;
}

int gs_vectors_of_doc(const gs_vectors_t *v, xapc_docid_t did, float *out)
{
    long s = slot_of(v, did);
    if (s < 0)
        return -1;
    const int8_t *q = v->q + (size_t)s * v->dim;
    for (int i = 0; i < v->dim; i++)
        out[i] = q[i] * v->scale[s];
    return 0;
}
