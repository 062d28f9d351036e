## searcher/: answers a parsed query - open and retry on a writer's commit,
## run (search.c), recheck candidates (verify.c, stored_record.c), results
## (results.c), snippets (snippet.c).
noinst_LIBRARIES += searcher/libsearcher.a
GS_CLI_LIBS += searcher/libsearcher.a
searcher_libsearcher_a_SOURCES = searcher/searcher.h searcher/internal.h \
	searcher/search.c searcher/open.c searcher/results.c searcher/snippet.c searcher/explain.c searcher/proximity.c \
	searcher/verify.h searcher/verify.c searcher/stored_record.h searcher/stored_record.c \
	searcher/facets.h searcher/facets.c
# issue 16: pseudo-relevance feedback (uses precedents/draft_terms)
searcher_libsearcher_a_SOURCES += searcher/prf.c
# issue 16: vectors fused with BM25 (uses vectors/)
searcher_libsearcher_a_SOURCES += searcher/fusion.c
searcher_libsearcher_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(UTF8PROC_CFLAGS)
grantsearch_SOURCES += cli/cmd_search.c cli/cmd_show.c

TESTS += tests/cli_search.sh tests/cli_phrase.sh
EXTRA_DIST += tests/cli_search.sh tests/cli_phrase.sh
TESTS += tests/cli_relevance.sh
EXTRA_DIST += tests/cli_relevance.sh bench/relevance_run.sh bench/ndcg.py

# The result line's summary (issue 15): codec, indexer, brief hits, an index without it.
check_PROGRAMS += tests/test_summary
TESTS += tests/test_summary
tests_test_summary_SOURCES = tests/test_summary.c
tests_test_summary_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_summary_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_summary_SOURCES = tests/dummy.cxx
# issue 16: --prf reorders a short query's matches by its first hits' words
TESTS += tests/cli_prf.sh
EXTRA_DIST += tests/cli_prf.sh
# issue 16: BM25F field weighting and --explain
TESTS += tests/cli_field_weighting.sh
EXTRA_DIST += tests/cli_field_weighting.sh
# issue 15: facet counts counted apart from ranking equal a brute force over the stored records
check_PROGRAMS += tests/test_facets
TESTS += tests/test_facets
tests_test_facets_SOURCES = tests/test_facets.c
tests_test_facets_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_facets_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_facets_SOURCES = tests/dummy.cxx
# issue 15: batch --facets as search --facets, one index and xapian-tcpsrv
TESTS += tests/cli_batch_facets.sh
EXTRA_DIST += tests/cli_batch_facets.sh
# issue 15: the facet codes the index stores are right after every write, unused when stale
check_PROGRAMS += tests/test_fcodes
TESTS += tests/test_fcodes
tests_test_fcodes_SOURCES = tests/test_fcodes.c
tests_test_fcodes_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_fcodes_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_fcodes_SOURCES = tests/dummy.cxx
# issue 16 (rel16g): every pair of query words, and a hyphenated word's parts, in the proximity bonus
TESTS += tests/cli_proximity_pairs.sh
EXTRA_DIST += tests/cli_proximity_pairs.sh
