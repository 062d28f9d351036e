/* test_ftc.c - the fastText C wrapper (fasttext-c/) on a tiny corpus.
 *
 * Real training, no mocks: two groups of words that share their lines
 * (animals, machines), shuffled into 400 lines; fastText learns from the
 * co-occurrences that a word is nearer its own group's.  One thread and a
 * fixed seed make the model the same on every run. */
#include "fasttext-c/ftc.h"

#include "tests/check_util.h"
#include <math.h>
#include <string.h>

#define S(x) (x), strlen(x)

static void setup(void)
{
    tmpdir_make("ftc");
}

static void teardown(void)
{
    tmpdir_remove();
}

static const char *const animals[] = {"кошка", "собака", "котенок", "щенок", "корм", "лапы"};
static const char *const machines[] = {"трактор", "комбайн", "двигатель", "топливо", "ремонт",
                                       "запчасти"};

/* 400 lines: each 6 words of one group, in an order that varies. */
static char *corpus(size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    unsigned x = 12345;
    for (int line = 0; line < 400; line++) {
        const char *const *g = line % 2 ? animals : machines;
        for (int w = 0; w < 6; w++) {
            x = x * 1103515245u + 12345u;
            fprintf(f, "%s ", g[(x >> 16) % 6]);
        }
        fputc('\n', f);
    }
    fclose(f);
    return buf;
}

static ftc_model_t *train_small(void)
{
    size_t len;
    char *text = corpus(&len);
    ftc_train_opts_t o;
    ftc_train_opts_init(&o);
    o.dim = 16;
    o.epoch = 20;
    o.min_count = 1;
    o.bucket = 5000;
    ftc_model_t *m = NULL;
    char *err = NULL;
    ck_assert_int_eq(ftc_train_buffer(text, len, &o, &m, &err), FTC_OK);
    ck_assert_ptr_null(err);
    free(text);
    return m;
}

static double cosine(const float *a, const float *b, int n)
{
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < n; i++) {
        ab += (double)a[i] * b[i];
        aa += (double)a[i] * a[i];
        bb += (double)b[i] * b[i];
    }
    return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0;
}

static double word_cos(ftc_model_t *m, const char *x, const char *y)
{
    float a[16], b[16];
    ck_assert_int_eq(ftc_word_vector(m, S(x), a), FTC_OK);
    ck_assert_int_eq(ftc_word_vector(m, S(y), b), FTC_OK);
    return cosine(a, b, 16);
}

START_TEST(test_train_and_vectors)
{
    ftc_model_t *m = train_small();
    ck_assert_int_eq(ftc_model_dim(m), 16);
    /* 12 words and fastText's end-of-line word. */
    ck_assert_uint_eq(ftc_model_nwords(m), 13);
    /* Words of one group are nearer each other than the other group's. */
    ck_assert(word_cos(m, "кошка", "щенок") > word_cos(m, "кошка", "трактор"));
    ck_assert(word_cos(m, "комбайн", "топливо") > word_cos(m, "комбайн", "лапы"));
    /* A form never seen gets a vector from its sub-words, nearer its word. */
    float v[16];
    ck_assert_int_eq(ftc_word_vector(m, S("тракторами"), v), FTC_OK);
    ck_assert(cosine(v, v, 16) > 0.5);
    ck_assert(word_cos(m, "тракторами", "трактор") > word_cos(m, "тракторами", "кошка"));
    /* Frequencies: a share of the words; 0 unseen. */
    double p = ftc_word_freq(m, S("кошка"));
    ck_assert(p > 0.01 && p < 0.2);
    ck_assert(ftc_word_freq(m, S("тракторами")) == 0);
    ftc_model_destroy(m);
}
END_TEST

START_TEST(test_save_load)
{
    ftc_model_t *m = train_small(), *l = NULL;
    char *err = NULL;
    const char *path = tmpdir_path("model.bin");
    ck_assert_int_eq(ftc_model_save(m, path, &err), FTC_OK);
    ck_assert_int_eq(ftc_model_load(path, &l, &err), FTC_OK);
    ck_assert_int_eq(ftc_model_dim(l), 16);
    float a[16], b[16];
    ck_assert_int_eq(ftc_word_vector(m, S("двигателем"), a), FTC_OK);
    ck_assert_int_eq(ftc_word_vector(l, S("двигателем"), b), FTC_OK);
    ck_assert_mem_eq(a, b, sizeof a);
    ck_assert(ftc_word_freq(l, S("корм")) == ftc_word_freq(m, S("корм")));
    ftc_model_destroy(m);
    ftc_model_destroy(l);
}
END_TEST

START_TEST(test_errors)
{
    ftc_model_t *m = (ftc_model_t *)1;
    char *err = NULL;
    /* Not a model: refused with a message naming the file. */
    const char *junk = tmpdir_path("junk.bin");
    FILE *f = fopen(junk, "w");
    fputs("not a model\n", f);
    fclose(f);
    ck_assert_int_eq(ftc_model_load(junk, &m, &err), FTC_INVALID);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(err, junk));
    free(err);
    err = NULL;
    ck_assert_int_eq(ftc_model_load(tmpdir_path("none.bin"), &m, &err), FTC_INVALID);
    ck_assert_ptr_nonnull(err);
    free(err);
    err = NULL;
    /* Nothing to learn from: an empty vocabulary. */
    ftc_train_opts_t o;
    ftc_train_opts_init(&o);
    ck_assert_int_eq(ftc_train_buffer(S("a b\n"), &o, &m, &err), FTC_INVALID);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_null(strstr(err, "std::"));
    free(err);
    err = NULL;
    /* Options fastText would misbehave on. */
    o.dim = 0;
    ck_assert_int_eq(ftc_train_buffer(S("a b\n"), &o, &m, &err), FTC_INVALID);
    free(err);
    ck_assert_str_eq(ftc_status_to_string(FTC_IO), "a file could not be read or written");
    ftc_model_destroy(NULL);
}
END_TEST

static Suite *ftc_suite(void)
{
    Suite *s = suite_create("ftc");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_train_and_vectors);
    tcase_add_test(tc, test_save_load);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(ftc_suite());
}
