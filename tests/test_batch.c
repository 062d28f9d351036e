/* test_batch.c - the ordered thread pool of `grantsearch batch`: line forms,
 * input order whatever the thread count and chunk size, error lines, stats.
 * The worker here echoes its query (the real searcher is exercised by
 * tests/cli_batch.sh); it sleeps a little, by line, so that threads finish
 * out of order and the ordering really is put to the test. */
#include "batch/batch.h"

#include "tests/check_util.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    int opened;
} echo_arg_t;

static void *echo_open(void *arg, char **err)
{
    echo_arg_t *a = arg;
    if (a && a->opened < 0) {
        *err = strdup("cannot open test worker");
        return NULL;
    }
    if (a)
        __atomic_add_fetch(&a->opened, 1, __ATOMIC_SEQ_CST);
    return malloc(1);
}

static void echo_close(void *ctx)
{
    free(ctx);
}

static int echo_run(void *ctx, const gs_batch_query_t *q, FILE *out, char **err)
{
    (void)ctx;
    /* Later lines finish sooner: the worst case for ordering. */
    struct timespec ts = {0, (long)((q->line * 7919) % 5) * 200000L};
    nanosleep(&ts, NULL);
    if (!strcmp(q->text, "BAD")) {
        fprintf(out, "%s\terror\n", q->qid);
        *err = strdup("bad query");
        return 1;
    }
    fprintf(out, "%s\t%lu\t%s\n", q->qid, q->line, q->text);
    return 0;
}

/* The run callback run_batch uses (a test may swap it: Check runs each test
 * in its own process). */
static int (*run_fn)(void *, const gs_batch_query_t *, FILE *, char **) = echo_run;

static char *run_batch(const char *input, unsigned threads, size_t chunk, echo_arg_t *arg,
                       gs_batch_stats_t *st, char **errtext, int *rc)
{
    FILE *in = fmemopen((void *)input, strlen(input), "r");
    ck_assert_ptr_nonnull(in);
    char *obuf = NULL, *ebuf = NULL;
    size_t olen = 0, elen = 0;
    FILE *out = open_memstream(&obuf, &olen);
    FILE *errs = open_memstream(&ebuf, &elen);
    gs_batch_worker_t w = {.open = echo_open, .run = run_fn, .close = echo_close, .arg = arg};
    gs_batch_opts_t o = {threads, chunk};
    char *err = NULL;
    *rc = gs_batch_run(in, "input", out, errs, &w, &o, st, &err);
    fclose(in);
    fclose(out);
    fclose(errs);
    if (errtext)
        *errtext = ebuf;
    else
        free(ebuf);
    if (*rc != 0) {
        ck_assert_ptr_nonnull(err);
        free(obuf);
        return err;
    }
    ck_assert_ptr_null(err);
    return obuf;
}

START_TEST(plain_lines_get_line_numbers)
{
    gs_batch_stats_t st;
    int rc;
    char *out = run_batch("дети с ДЦП\n\n   \nфинансовая грамотность", 2, 0, NULL, &st, NULL, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(out, "1\t1\tдети с ДЦП\n4\t4\tфинансовая грамотность\n");
    ck_assert_uint_eq(st.queries, 2);
    ck_assert_uint_eq(st.errors, 0);
    ck_assert_uint_eq(st.threads, 2);
    free(out);
}
END_TEST

START_TEST(id_tab_query_and_extra_columns)
{
    gs_batch_stats_t st;
    int rc;
    char *out = run_batch("q7\tпомощь детям\r\n 41 \tчерновик\tdraft\n\tбез номера\n", 1, 0, NULL,
                          &st, NULL, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(out, "q7\t1\tпомощь детям\n41\t2\tчерновик\n3\t3\tбез номера\n");
    free(out);
}
END_TEST

START_TEST(order_is_input_order_whatever_threads_and_chunks)
{
    char *input = NULL;
    size_t ilen = 0;
    FILE *f = open_memstream(&input, &ilen);
    for (int i = 0; i < 300; i++)
        fprintf(f, "id%03d\tзапрос номер %d\n", i, i);
    fclose(f);
    gs_batch_stats_t st;
    int rc;
    char *one = run_batch(input, 1, 0, NULL, &st, NULL, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(st.queries, 300);
    const unsigned threads[] = {2, 4, 8};
    const size_t chunks[] = {0, 1, 7, 64};
    for (size_t t = 0; t < 3; t++)
        for (size_t c = 0; c < 4; c++) {
            echo_arg_t arg = {0};
            char *many = run_batch(input, threads[t], chunks[c], &arg, &st, NULL, &rc);
            ck_assert_int_eq(rc, 0);
            ck_assert_str_eq(many, one);
            ck_assert_int_eq(arg.opened, (int)threads[t]);  /* one context per thread */
            ck_assert_uint_eq(st.queries, 300);
            free(many);
        }
    /* The first line really is the first query. */
    ck_assert(!strncmp(one, "id000\t1\tзапрос номер 0\n", strlen("id000\t1\tзапрос номер 0\n")));
    free(one);
    free(input);
}
END_TEST

START_TEST(bad_query_gives_an_error_line_and_the_batch_goes_on)
{
    gs_batch_stats_t st;
    int rc;
    char *errs = NULL;
    char *out = run_batch("a\tпервый\nb\tBAD\nc\tтретий\n", 3, 0, NULL, &st, &errs, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(out, "a\t1\tпервый\nb\terror\nc\t3\tтретий\n");
    ck_assert_uint_eq(st.queries, 3);
    ck_assert_uint_eq(st.errors, 1);
    ck_assert_str_eq(errs, "grantsearch: batch: query b (input line 2): bad query\n");
    free(errs);
    free(out);
}
END_TEST

START_TEST(worker_that_cannot_open_stops_the_batch)
{
    echo_arg_t arg = {-1};
    gs_batch_stats_t st;
    int rc;
    char *err = run_batch("a\n", 2, 0, &arg, &st, NULL, &rc);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(err, "cannot open test worker");
    free(err);
}
END_TEST

START_TEST(empty_input_and_timing_line)
{
    gs_batch_stats_t st;
    int rc;
    char *out = run_batch("", 2, 0, NULL, &st, NULL, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(out, "");
    ck_assert_uint_eq(st.queries, 0);
    free(out);

    gs_batch_stats_t t = {4, 0, 2, 2.0, 1.5, 1.0, 3.0, 4.0};
    char buf[256];
    gs_batch_format_timing(&t, buf, sizeof buf);
    ck_assert_str_eq(buf, "batch: queries=4 threads=2 total_s=2.000 qps=2.0 mean_ms=1.500 "
                          "p50_ms=1.000 p99_ms=3.000 max_ms=4.000");
}
END_TEST

START_TEST(percentiles_are_nearest_rank)
{
    /* Latencies 0..1 ms for 100 queries: p50 and p99 must be at most max. */
    char *input = NULL;
    size_t ilen = 0;
    FILE *f = open_memstream(&input, &ilen);
    for (int i = 0; i < 100; i++)
        fprintf(f, "q%d\n", i);
    fclose(f);
    gs_batch_stats_t st;
    int rc;
    char *out = run_batch(input, 2, 0, NULL, &st, NULL, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(st.queries, 100);
    ck_assert(st.p50_ms <= st.p99_ms);
    ck_assert(st.p99_ms <= st.max_ms);
    ck_assert(st.mean_ms <= st.max_ms);
    ck_assert(st.total_s > 0);
    free(out);
    free(input);
}
END_TEST

/* A slow query must not idle the other threads: line 3 waits (5 s at most)
 * until a line after the window's first four has started.  With fixed
 * chunks of 4 lines, line 5 could not start before line 3 ended, so line 3
 * gave up waiting; with the sliding window lines 1 and 2 are written, and
 * lines 5 and 6 come in and run beside it. */
static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int later_started, seen;
} slow = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

static int slow_run(void *ctx, const gs_batch_query_t *q, FILE *out, char **err)
{
    (void)ctx;
    (void)err;
    pthread_mutex_lock(&slow.mu);
    if (q->line == 3) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 5;
        while (!slow.later_started &&
               pthread_cond_timedwait(&slow.cv, &slow.mu, &until) == 0)
            ;
        slow.seen = slow.later_started;
    } else if (q->line >= 5) {
        slow.later_started = 1;
        pthread_cond_broadcast(&slow.cv);
    }
    pthread_mutex_unlock(&slow.mu);
    fprintf(out, "%s\n", q->text);
    return 0;
}

START_TEST(a_slow_query_does_not_idle_the_other_threads)
{
    run_fn = slow_run;
    gs_batch_stats_t st;
    int rc;
    char *out = run_batch("a\nb\nc\nd\ne\nf\ng\nh\n", 2, 4, NULL, &st, NULL, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(out, "a\nb\nc\nd\ne\nf\ng\nh\n");   /* still in input order */
    ck_assert_msg(slow.seen, "line 5 did not start while line 3 ran: the window stalled");
    ck_assert(st.max_ms < 4000);
    free(out);
}
END_TEST

/* A stream that gives `text` and then fails (EIO), as a disk or a pipe can. */
static ssize_t failing_read(void *cookie, char *buf, size_t size)
{
    const char **rest = cookie;
    size_t n = strlen(*rest);
    if (n == 0) {
        errno = EIO;
        return -1;
    }
    if (n > size)
        n = size;
    memcpy(buf, *rest, n);
    *rest += n;
    return (ssize_t)n;
}

START_TEST(a_read_error_still_writes_the_lines_read_before_it)
{
    const char *rest = "a\tпервый\nb\tвторой\n";
    cookie_io_functions_t io = {failing_read, NULL, NULL, NULL};
    FILE *in = fopencookie(&rest, "r", io);
    ck_assert_ptr_nonnull(in);
    char *obuf = NULL;
    size_t olen = 0;
    FILE *out = open_memstream(&obuf, &olen);
    gs_batch_worker_t w = {.open = echo_open, .run = echo_run, .close = echo_close};
    gs_batch_opts_t o = {2, 0};
    gs_batch_stats_t st;
    char *err = NULL;
    ck_assert_int_eq(gs_batch_run(in, "input", out, NULL, &w, &o, &st, &err), -1);
    fclose(in);
    fclose(out);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, "input: read error") != NULL, "err: %s", err);
    ck_assert_str_eq(obuf, "a\t1\tпервый\nb\t2\tвторой\n");
    ck_assert_uint_eq(st.queries, 2);
    free(err);
    free(obuf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("batch");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, plain_lines_get_line_numbers);
    tcase_add_test(tc, id_tab_query_and_extra_columns);
    tcase_add_test(tc, order_is_input_order_whatever_threads_and_chunks);
    tcase_add_test(tc, bad_query_gives_an_error_line_and_the_batch_goes_on);
    tcase_add_test(tc, worker_that_cannot_open_stops_the_batch);
    tcase_add_test(tc, empty_input_and_timing_line);
    tcase_add_test(tc, percentiles_are_nearest_rank);
    tcase_add_test(tc, a_slow_query_does_not_idle_the_other_threads);
    tcase_add_test(tc, a_read_error_still_writes_the_lines_read_before_it);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
