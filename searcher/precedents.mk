## searcher/precedents.mk: `similar` and `batch` (issue 7), kept apart from
## searcher/local.mk so that the two branches merge without conflicts.
## TEMPORARY library until searcher/local.mk defines libsearcher.a.
noinst_LIBRARIES += searcher/libprecedents.a
GS_CLI_LIBS += searcher/libprecedents.a
# TEMPORARY: xapc.h has "/*" in a comment until branch xapc lands its fix.
searcher_libprecedents_a_CFLAGS = $(AM_CFLAGS) -Wno-comment
searcher_libprecedents_a_SOURCES = \
	searcher/batch.h searcher/batch.c \
	searcher/draft_terms.h searcher/draft_terms.c

check_PROGRAMS += tests/test_batch
TESTS += tests/test_batch
tests_test_batch_SOURCES = tests/test_batch.c
tests_test_batch_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_batch_LDADD = searcher/libprecedents.a $(CHECK_LIBS) -lm
