/* test_toolkit.c - the shared toolkit: buffer (sticky failure), status names, error messages, clock. */
#include "toolkit/buf.h"
#include "toolkit/clock.h"
#include "toolkit/error.h"
#include "toolkit/status.h"
#include "toolkit/status_xapc.h"

#include "tests/check_util.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

START_TEST(buf_appends_and_terminates)
{
    gs_buf_t b = GS_BUF_INIT;
    ck_assert_int_eq(gs_buf_append(&b, "ab", 2), 0);
    ck_assert_int_eq(gs_buf_append_str(&b, "ёж"), 0);
    ck_assert_int_eq(gs_buf_append_byte(&b, '!'), 0);
    ck_assert_int_eq(gs_buf_printf(&b, " %d-%s", 42, "x"), 0);
    ck_assert_str_eq(b.s, "abёж! 42-x");
    ck_assert_uint_eq(b.len, strlen("abёж! 42-x"));
    /* Growth past the first allocation keeps the bytes. */
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(gs_buf_append(&b, "0123456789", 10), 0);
    ck_assert_uint_eq(b.len, strlen("abёж! 42-x") + 10000);
    ck_assert_int_eq(memcmp(b.s + b.len - 10, "0123456789", 10), 0);
    ck_assert_int_eq(b.s[b.len], '\0');
    gs_buf_reset(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(b.s, "");
    gs_buf_free(&b);
    ck_assert_ptr_null(b.s);
}
END_TEST

START_TEST(buf_reserve_then_write)
{
    gs_buf_t b = GS_BUF_INIT;
    ck_assert_int_eq(gs_buf_reserve(&b, 300), 0);
    ck_assert_uint_ge(b.cap, 301);
    memset(b.s, 'x', 300);
    b.len = 300;
    ck_assert_int_eq(gs_buf_append_byte(&b, 'y'), 0);
    ck_assert_int_eq(b.s[300], 'y');
    gs_buf_free(&b);
}
END_TEST

START_TEST(buf_take_owns)
{
    gs_buf_t b = GS_BUF_INIT;
    size_t n = 99;
    char *s = gs_buf_take(&b, &n);  /* nothing appended: "" */
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "");
    ck_assert_uint_eq(n, 0);
    free(s);
    gs_buf_printf(&b, "%s", "kept");
    s = gs_buf_take(&b, &n);
    ck_assert_str_eq(s, "kept");
    ck_assert_uint_eq(n, 4);
    ck_assert_ptr_null(b.s);
    ck_assert_uint_eq(b.len, 0);
    free(s);
    /* The buffer is usable again after a take. */
    ck_assert_int_eq(gs_buf_append_str(&b, "again"), 0);
    ck_assert_str_eq(b.s, "again");
    gs_buf_free(&b);
}
END_TEST

/* FTS5's habit: after a failed allocation every append is a no-op that
 * fails, so a caller may check once at the end.  A request that cannot
 * be sized fails without calling the allocator. */
START_TEST(buf_failure_is_sticky)
{
    gs_buf_t b = GS_BUF_INIT;
    ck_assert_int_eq(gs_buf_append_str(&b, "head"), 0);
    ck_assert(!gs_buf_failed(&b));
    ck_assert_int_eq(gs_buf_reserve(&b, SIZE_MAX), -1);
    ck_assert(gs_buf_failed(&b));
    ck_assert_int_eq(gs_buf_append_str(&b, "tail"), -1);
    ck_assert_int_eq(gs_buf_printf(&b, "%d", 1), -1);
    ck_assert_int_eq(gs_buf_append_byte(&b, 'z'), -1);
    ck_assert_str_eq(b.s, "head");  /* nothing appended after the failure */
    gs_buf_reset(&b);
    ck_assert(gs_buf_failed(&b));   /* reset keeps it */
    ck_assert_int_eq(gs_buf_append_str(&b, "x"), -1);
    ck_assert_ptr_null(gs_buf_take(&b, NULL));  /* take reports it and frees */
    ck_assert(!gs_buf_failed(&b));
    ck_assert_int_eq(gs_buf_append_str(&b, "fresh"), 0);
    gs_buf_free(&b);
}
END_TEST

START_TEST(status_names_and_exits)
{
    for (int s = GS_OK; s < GS_STATUS_LAST; s++) {
        const char *n = gs_status_to_string((gs_status_t)s);
        ck_assert_ptr_nonnull(n);
        ck_assert_str_ne(n, "unknown status");
        for (int t = GS_OK; t < s; t++)
            ck_assert_str_ne(n, gs_status_to_string((gs_status_t)t));
    }
    ck_assert_str_eq(gs_status_to_string(GS_OK), "ok");
    ck_assert_str_eq(gs_status_to_string(GS_STATUS_LAST), "unknown status");
    /* The CLI's exit codes (cli/cli.h, README "Exit status"). */
    ck_assert_int_eq(gs_status_exit(GS_OK), 0);
    ck_assert_int_eq(gs_status_exit(GS_EUSAGE), 1);
    ck_assert_int_eq(gs_status_exit(GS_EQUERY), 1);
    ck_assert_int_eq(gs_status_exit(GS_EINPUT), 2);
    ck_assert_int_eq(gs_status_exit(GS_ENOTFOUND), 2);
    ck_assert_int_eq(gs_status_exit(GS_ENOINDEX), 3);
    ck_assert_int_eq(gs_status_exit(GS_EINDEX), 3);
    ck_assert_int_eq(gs_status_exit(GS_ELOCKED), 3);
}
END_TEST

/* The wrapper's codes (the one mapping, header-only): each becomes a
 * status with a name; what the CLI tells apart stays apart. */
START_TEST(status_from_xapc)
{
    for (int x = XAPC_OK; x < XAPC_STATUS_LAST; x++) {
        gs_status_t st = gs_status_from_xapc((xapc_status_t)x);
        ck_assert_int_lt(st, GS_STATUS_LAST);
        ck_assert_int_eq(st == GS_OK, x == XAPC_OK);
    }
    ck_assert_int_eq(gs_status_from_xapc(XAPC_NO_MEMORY), GS_ENOMEM);
    ck_assert_int_eq(gs_status_from_xapc(XAPC_NOT_FOUND), GS_ENOTFOUND);
    ck_assert_int_eq(gs_status_from_xapc(XAPC_LOCKED), GS_ELOCKED);
    ck_assert_int_eq(gs_status_from_xapc(XAPC_OPENING), GS_ENOINDEX);
    ck_assert_int_eq(gs_status_from_xapc(XAPC_CORRUPT), GS_EINDEX);
    /* Every index error is CLI exit 3, as before the one enum. */
    ck_assert_int_eq(gs_status_exit(gs_status_from_xapc(XAPC_QUERY)), 3);
    ck_assert_int_eq(gs_status_exit(gs_status_from_xapc(XAPC_MODIFIED)), 3);
}
END_TEST

START_TEST(error_messages)
{
    char *m = gs_strdupf("%s:%lu: %s", "a.csv", 7UL, "bad");
    ck_assert_str_eq(m, "a.csv:7: bad");
    free(m);
    char *err = NULL;
    gs_set_err(&err, "first %d", 1);
    ck_assert_str_eq(err, "first 1");
    gs_set_err(&err, "second %s", "x");  /* replaces (and frees) the first */
    ck_assert_str_eq(err, "second x");
    free(err);
    gs_set_err(NULL, "ignored %d", 3);
}
END_TEST

START_TEST(clock_is_monotonic)
{
    double a = gs_clock_now();
    double b = gs_clock_now();
    ck_assert(a > 0);
    ck_assert(b >= a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("toolkit");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, buf_appends_and_terminates);
    tcase_add_test(tc, buf_reserve_then_write);
    tcase_add_test(tc, buf_take_owns);
    tcase_add_test(tc, buf_failure_is_sticky);
    tcase_add_test(tc, status_names_and_exits);
    tcase_add_test(tc, status_from_xapc);
    tcase_add_test(tc, error_messages);
    tcase_add_test(tc, clock_is_monotonic);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
