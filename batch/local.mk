## batch/: `batch` - many queries or drafts on a thread pool (batch.c), each
## thread with its own searcher (batch_search.c), output in input order.
noinst_LIBRARIES += batch/libbatch.a
GS_CLI_LIBS += batch/libbatch.a
batch_libbatch_a_SOURCES = batch/batch.h batch/batch.c \
	batch/batch_search.h batch/batch_search.c
batch_libbatch_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
grantsearch_SOURCES += cli/cmd_batch.c

check_PROGRAMS += tests/test_batch
TESTS += tests/test_batch tests/cli_batch.sh tests/cli_relevance_batch.sh
EXTRA_DIST += tests/cli_batch.sh tests/cli_relevance_batch.sh
tests_test_batch_SOURCES = tests/test_batch.c
tests_test_batch_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_batch_LDADD = batch/libbatch.a safetext/libsafetext.a toolkit/libtoolkit.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
