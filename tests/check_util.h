/* check_util.h - what the Check unit tests share: a scratch directory for
 * the running test and running a suite.  Header-only (static inline, so a
 * test that uses part of it gets no unused-function warning): each test
 * program is one .c file. */
#ifndef GS_CHECK_UTIL_H
#define GS_CHECK_UTIL_H

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* The scratch directory of the running test, made by tmpdir_make.  Check
 * forks a process per test, so one static buffer serves every test. */
static char tmpdir[256] __attribute__((unused));

/* A fresh directory $TMPDIR/gs-TAG.XXXXXX (TMPDIR defaults to /tmp). */
static inline void tmpdir_make(const char *tag)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/gs-%s.XXXXXX", base && *base ? base : "/tmp", tag);
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static inline int tmpdir_remove_entry(const char *path, const struct stat *st, int flag,
                                      struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

/* rm -r the scratch directory; the test fails if something stays. */
static inline void tmpdir_remove(void)
{
    ck_assert_int_eq(nftw(tmpdir, tmpdir_remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* "TMPDIR/name" in one of 8 static buffers taken in turn: a result stays
 * valid for the next 7 calls, enough for the paths of one call. */
static inline const char *tmpdir_path(const char *name)
{
    static char buf[8][512];
    static unsigned k;
    char *p = buf[k++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", tmpdir, name);
    return p;
}

/* Run every test of s (the runner frees it); the exit status for main. */
static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* GS_CHECK_UTIL_H */
