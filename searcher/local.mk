## searcher/: answers a parsed query - open and retry on a writer's commit,
## run (search.c), recheck candidates (verify.c, stored_record.c), results
## (results.c), snippets (snippet.c).
noinst_LIBRARIES += searcher/libsearcher.a
GS_CLI_LIBS += searcher/libsearcher.a
searcher_libsearcher_a_SOURCES = searcher/searcher.h searcher/internal.h \
	searcher/search.c searcher/results.c searcher/snippet.c searcher/explain.c searcher/proximity.c \
	searcher/verify.h searcher/verify.c searcher/stored_record.h searcher/stored_record.c
searcher_libsearcher_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(UTF8PROC_CFLAGS)
grantsearch_SOURCES += cli/cmd_search.c cli/cmd_show.c

TESTS += tests/cli_search.sh tests/cli_phrase.sh
EXTRA_DIST += tests/cli_search.sh tests/cli_phrase.sh
TESTS += tests/cli_relevance.sh
EXTRA_DIST += tests/cli_relevance.sh bench/relevance_run.sh bench/ndcg.py
# issue 16: BM25F field weighting and --explain
TESTS += tests/cli_field_weighting.sh
EXTRA_DIST += tests/cli_field_weighting.sh
