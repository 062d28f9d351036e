## searcher/precedents.mk: `similar` and `batch` (issue 7), kept apart from
## searcher/local.mk so that the two branches merge without conflicts.
searcher_libsearcher_a_SOURCES += \
	searcher/batch.h searcher/batch.c \
	searcher/batch_search.h searcher/batch_search.c \
	searcher/draft_terms.h searcher/draft_terms.c \
	searcher/draft_input.h searcher/draft_input.c \
	searcher/similar.h searcher/similar.c searcher/similar_filters.c
grantsearch_SOURCES += cli/cmd_similar.c cli/cmd_batch.c

check_PROGRAMS += tests/test_batch
TESTS += tests/test_batch tests/cli_batch.sh tests/cli_similar.sh tests/cli_relevance_batch.sh
EXTRA_DIST += tests/cli_batch.sh tests/cli_similar.sh tests/cli_relevance_batch.sh
tests_test_batch_SOURCES = tests/test_batch.c
tests_test_batch_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_batch_LDADD = searcher/libsearcher.a $(CHECK_LIBS) -lm
