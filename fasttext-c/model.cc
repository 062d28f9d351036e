/* model.cc - the ftc_model_t handle: train, load, save, word vectors. */
#include "fasttext-c/ftc_private.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

FTC_API void ftc_train_opts_init(ftc_train_opts_t *o)
{
    o->skipgram = 1;
    o->dim = 64;
    o->epoch = 10;
    o->min_count = 3;
    o->minn = 3;
    o->maxn = 5;
    o->bucket = 200000;
    o->ws = 5;
    o->threads = 1;
    o->seed = 1;
    o->lr = 0.05;
}

void ftc_model_index_counts(ftc_model *m)
{
    auto dict = m->ft.getDictionary();
    m->ntokens = dict->ntokens();
    m->counts = dict->getCounts(fasttext::entry_type::word);
}

/* fastText's Args from ours; quiet (verbose 0: it would draw progress on stderr). */
static fasttext::Args args_of(const char *path, const ftc_train_opts_t *o)
{
    fasttext::Args a;
    a.input = path;
    a.model = o->skipgram ? fasttext::model_name::sg : fasttext::model_name::cbow;
    a.loss = fasttext::loss_name::ns;
    a.dim = o->dim;
    a.epoch = o->epoch;
    a.minCount = o->min_count;
    a.minn = o->minn;
    a.maxn = o->maxn;
    a.bucket = o->bucket;
    a.ws = o->ws;
    a.thread = o->threads;
    a.seed = o->seed;
    a.lr = o->lr;
    a.verbose = 0;
    return a;
}

/* Options fastText would accept but misbehave on (a zero dimension divides
 * by zero, no threads trains nothing). */
static const char *bad_opts(const ftc_train_opts_t *o)
{
    if (o->dim < 1 || o->dim > 1024)
        return "vector model: the dimension must be 1 to 1024";
    if (o->epoch < 1 || o->threads < 1 || o->ws < 1 || o->min_count < 1 || o->bucket < 1)
        return "vector model: epoch, threads, window, min count and buckets must be positive";
    if (o->minn < 1 || o->maxn < o->minn || !(o->lr > 0))
        return "vector model: bad n-gram lengths or learning rate";
    return NULL;
}

FTC_API ftc_status_t ftc_train_file(const char *path, const ftc_train_opts_t *o,
                                    ftc_model_t **out, char **err)
{
    *out = nullptr;
    const char *bad = bad_opts(o);
    if (bad) {
        if (err)
            *err = strdup(bad);
        return FTC_INVALID;
    }
    return ftc_guard_new(err, [&] {
        std::unique_ptr<ftc_model> m(new ftc_model);
        m->ft.train(args_of(path, o));
        ftc_model_index_counts(m.get());
        *out = m.release();
        return FTC_OK;
    });
}

FTC_API ftc_status_t ftc_train_buffer(const char *text, size_t len, const ftc_train_opts_t *o,
                                      ftc_model_t **out, char **err)
{
    *out = nullptr;
    const char *dir = getenv("TMPDIR");
    std::string path = std::string(dir && *dir ? dir : "/tmp") + "/ftc-train-XXXXXX";
    std::vector<char> name(path.begin(), path.end());
    name.push_back('\0');
    int fd = mkstemp(name.data());
    if (fd < 0) {
        if (err)
            *err = strdup("vector model: cannot create a temporary training file");
        return FTC_IO;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    close(fd);
    ftc_status_t st;
    if (done < len) {
        if (err)
            *err = strdup("vector model: cannot write the temporary training file");
        st = FTC_IO;
    } else {
        st = ftc_train_file(name.data(), o, out, err);
    }
    unlink(name.data());
    return st;
}

FTC_API ftc_status_t ftc_model_load(const char *path, ftc_model_t **out, char **err)
{
    *out = nullptr;
    return ftc_guard_new(err, [&] {
        std::unique_ptr<ftc_model> m(new ftc_model);
        m->ft.loadModel(std::string(path));
        ftc_model_index_counts(m.get());
        *out = m.release();
        return FTC_OK;
    });
}

FTC_API ftc_status_t ftc_model_save(ftc_model_t *m, const char *path, char **err)
{
    return ftc_guard_new(err, [&] {
        m->ft.saveModel(std::string(path));
        return FTC_OK;
    });
}

FTC_API void ftc_model_destroy(ftc_model_t *m)
{
    delete m;
}

FTC_API int ftc_model_dim(const ftc_model_t *m)
{
    return m->ft.getDimension();
}

FTC_API uint32_t ftc_model_nwords(const ftc_model_t *m)
{
    return (uint32_t)m->counts.size();
}

FTC_API ftc_status_t ftc_word_vector(const ftc_model_t *m, const char *word, size_t len,
                                     float *out)
{
    return ftc_guard(nullptr, [&] {
        fasttext::Vector v(m->ft.getDimension());
        m->ft.getWordVector(v, std::string(word, len));
        for (int64_t i = 0; i < v.size(); i++)
            out[i] = v[i];
        return FTC_OK;
    });
}

FTC_API double ftc_word_freq(const ftc_model_t *m, const char *word, size_t len)
{
    try {
        int32_t id = m->ft.getDictionary()->getId(std::string(word, len));
        if (id < 0 || (size_t)id >= m->counts.size() || m->ntokens <= 0)
            return 0;
        return (double)m->counts[(size_t)id] / (double)m->ntokens;
    } catch (...) {
        return 0;
    }
}
