## tests/ rules (included from the top Makefile.am)
# indexer: records -> documents, replace/delete/idempotence, lock, compact
check_PROGRAMS += tests/test_indexer
TESTS += tests/test_indexer tests/cli_index.sh tests/cli_index_kill.sh
EXTRA_DIST += tests/cli_index.sh tests/cli_index_kill.sh
tests_test_indexer_SOURCES = tests/test_indexer.c
tests_test_indexer_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_indexer_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(CSV_LIBS) $(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_indexer_SOURCES = tests/dummy.cxx
