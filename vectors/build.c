/* build.c - `index --vectors`: train the model on a sample of the index's
 * applications, then the vector pass over all of them, then DB/vectors. */
#include "vectors/internal.h"

#include "toolkit/clock.h"
#include "toolkit/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Applications read to estimate the words per application (the stride). */
#define PROBE_DOCS 100

void gs_vectors_build_opts_init(gs_vectors_build_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->threads = 1;
    o->cap_words = GS_VECTORS_CAP_WORDS;
}

/* Document did's record, or NULL (gone, unreadable, out of memory). */
static gs_record_t *record_at(xapc_db_t *db, xapc_docid_t did)
{
    xapc_doc_t *doc = NULL;
    const char *data;
    size_t len;
    gs_record_t *rec = NULL;
    if (xapc_db_get_document(db, did, &doc) == XAPC_OK &&
        xapc_doc_get_data(doc, &data, &len) == XAPC_OK)
        rec = gs_record_from_stored_json(data, len, NULL);
    xapc_doc_destroy(doc);
    return rec;
}

/* Append did's words to b; 0 (also for a docid with no record), -1 out of memory. */
static int add_doc(xapc_db_t *db, gs_analyzer_t *an, xapc_docid_t did, gs_buf_t *b)
{
    gs_record_t *rec = record_at(db, did);
    int rc = rec ? gs_vectors_record_words(an, rec, b) : 0;
    gs_record_free(rec);
    return rc;
}

static uint64_t count_words(const char *s, size_t len)
{
    uint64_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == ' ';
    return n;
}

/* The training sample into the file at path: every stride-th application,
 * one a line, the stride set from the first PROBE_DOCS so that the sample
 * spans the whole index within cap words.  Returns the words written, or
 * -1 (errno, or out of memory). */
static int64_t write_sample(xapc_db_t *db, gs_analyzer_t *an, uint64_t cap, const char *path)
{
    xapc_docid_t last = xapc_db_lastdocid(db);
    gs_buf_t b = GS_BUF_INIT;
    for (xapc_docid_t d = 1; d <= last && d <= PROBE_DOCS; d++)
        if (add_doc(db, an, d, &b) < 0)
            break;
    uint64_t probe = count_words(b.s, b.len), per = probe / (last < PROBE_DOCS ? last : PROBE_DOCS);
    uint64_t stride = per && (uint64_t)last * per > cap ? ((uint64_t)last * per + cap - 1) / cap : 1;
    gs_buf_reset(&b);
    FILE *f = fopen(path, "wx");
    int64_t words = 0;
    for (xapc_docid_t d = 1; f && d <= last && (uint64_t)words < cap; d += (xapc_docid_t)stride) {
        b.len = 0;
        if (add_doc(db, an, d, &b) < 0)
            break;
        if (!b.len)
            continue;
        b.s[b.len - 1] = '\n';
        fwrite(b.s, 1, b.len, f);
        words += (int64_t)count_words(b.s, b.len) + 1;
    }
    int bad = gs_buf_failed(&b) || !f || ferror(f);
    if (f && fclose(f) != 0)
        bad = 1;
    gs_buf_free(&b);
    return bad ? -1 : words;
}

/* Train a model on a sample of db and save it as DB/vectors.model; *out the model. */
static gs_status_t train(const char *dbpath, xapc_db_t *db, gs_analyzer_t *an,
                         const gs_vectors_build_opts_t *o, ftc_model_t **out,
                         gs_vectors_stats_t *stats, char **err)
{
    char *text = gs_vectors_tmp_path(dbpath, "vectors-train");
    char *tmp = gs_vectors_tmp_path(dbpath, GS_VECTORS_MODEL);
    char *dst = gs_vectors_path(dbpath, GS_VECTORS_MODEL);
    gs_status_t st = GS_ENOMEM;
    double t0 = gs_clock_now();
    int64_t words = text && tmp && dst ? write_sample(db, an, o->cap_words, text) : -1;
    if (words < 0) {
        gs_set_err(err, "%s: cannot write the training sample: %s", text ? text : dbpath,
                   strerror(errno));
        st = GS_EIO;
        goto out;
    }
    ftc_train_opts_t to;
    ftc_train_opts_init(&to);
    if (o->dim)
        to.dim = o->dim;
    uint64_t passes = GS_VECTORS_UPDATES / (uint64_t)(words ? words : 1);
    to.epoch = o->epoch ? o->epoch : passes < 5 ? 5 : passes > 20 ? 20 : (int)passes;
    to.threads = (int)(o->threads ? o->threads : 1);
    char *e = NULL;
    ftc_status_t fs = ftc_train_file(text, &to, out, &e);
    if (fs == FTC_OK && (fs = ftc_model_save(*out, tmp, &e)) == FTC_OK &&
        gs_vectors_commit_file(tmp, dst, dbpath) != 0) {
        gs_set_err(err, "%s: cannot write: %s", dst, strerror(errno));
        st = GS_EIO;
    } else if (fs != FTC_OK) {
        gs_set_err(err, "%s: training the vectors failed: %s", dbpath, e ? e : ftc_status_to_string(fs));
        st = fs == FTC_NO_MEMORY ? GS_ENOMEM : GS_EINDEX;
        unlink(tmp);
    } else {
        st = GS_OK;
        stats->train_words = (uint64_t)words;
    }
    free(e);
out:
    if (text)
        unlink(text);
    if (st != GS_OK) {
        ftc_model_destroy(*out);
        *out = NULL;
    }
    stats->train_s = gs_clock_now() - t0;
    free(text);
    free(tmp);
    free(dst);
    return st;
}

/* The vector pass: every application's vector by m, then DB/vectors. */
static gs_status_t embed_all(const char *dbpath, xapc_db_t *db, gs_analyzer_t *an,
                             const ftc_model_t *m, gs_vectors_stats_t *stats, char **err)
{
    double t0 = gs_clock_now();
    int dim = ftc_model_dim(m);
    xapc_docid_t last = xapc_db_lastdocid(db);
    uint32_t cap = xapc_db_doccount(db), n = 0;
    xapc_docid_t *did = malloc((cap ? cap : 1) * sizeof *did);
    float *vecs = malloc((size_t)(cap ? cap : 1) * (size_t)dim * sizeof *vecs);
    gs_buf_t b = GS_BUF_INIT;
    gs_status_t st = did && vecs ? GS_OK : GS_ENOMEM;
    for (xapc_docid_t d = 1; st == GS_OK && d <= last && n < cap; d++) {
        gs_record_t *rec = record_at(db, d);
        if (!rec)
            continue;
        b.len = 0;
        int rc = gs_vectors_record_words(an, rec, &b);
        gs_record_free(rec);
        if (rc < 0 || gs_vectors_embed_model(m, b.s, b.len, vecs + (size_t)n * dim) < 0)
            st = GS_ENOMEM;
        did[n++] = d;   /* a record without words keeps a zero vector */
    }
    if (st == GS_ENOMEM)
        gs_set_err(err, "out of memory computing the vectors");
    else if (gs_vectors_write(dbpath, dim, did, vecs, n, xapc_db_doccount(db), last, err) != 0)
        st = GS_EIO;
    stats->records = n;
    stats->embed_s = gs_clock_now() - t0;
    stats->bytes = 8 + 16 + 4 * (uint64_t)dim + (uint64_t)n * (4 + 4 + (uint64_t)dim);
    gs_buf_free(&b);
    free(did);
    free(vecs);
    return st;
}

gs_status_t gs_vectors_build(const char *dbpath, const gs_vectors_build_opts_t *o,
                             gs_vectors_stats_t *stats, char **err)
{
    gs_vectors_stats_t dummy;
    stats = stats ? stats : &dummy;
    memset(stats, 0, sizeof *stats);
    xapc_db_t *db = NULL;
    char *e = NULL;
    if (xapc_db_open(dbpath, &db, &e) != XAPC_OK) {
        gs_set_err(err, "%s: %s", dbpath, e ? e : "cannot open the index");
        free(e);
        return GS_ENOINDEX;
    }
    gs_analyzer_t *an = gs_analyzer_new(0);
    ftc_model_t *m = NULL;
    char *mpath = gs_vectors_path(dbpath, GS_VECTORS_MODEL);
    gs_status_t st = an && mpath ? GS_OK : GS_ENOMEM;
    if (st == GS_OK && (o->model || (!o->retrain && access(mpath, F_OK) == 0))) {
        if (ftc_model_load(o->model ? o->model : mpath, &m, &e) != FTC_OK) {
            gs_set_err(err, "%s: %s", o->model ? o->model : mpath, e ? e : "cannot be read");
            st = GS_EINDEX;
        }
    } else if (st == GS_OK) {
        st = train(dbpath, db, an, o, &m, stats, err);
    }
    if (st == GS_OK)
        st = embed_all(o->out_dir ? o->out_dir : dbpath, db, an, m, stats, err);
    free(e);
    free(mpath);
    ftc_model_destroy(m);
    gs_analyzer_free(an);
    xapc_db_destroy(db);
    return st;
}
