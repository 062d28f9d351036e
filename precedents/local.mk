## precedents/: `similar` - the applications most like a draft: reading a
## draft (draft_input.c), picking its terms (draft_terms.c), ranking, filters.
noinst_LIBRARIES += precedents/libprecedents.a
GS_CLI_LIBS += precedents/libprecedents.a
precedents_libprecedents_a_SOURCES = \
	precedents/draft_terms.h precedents/draft_terms.c \
	precedents/draft_input.h precedents/draft_input.c \
	precedents/similar.h precedents/similar.c precedents/similar_filters.c
precedents_libprecedents_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(UTF8PROC_CFLAGS)
grantsearch_SOURCES += cli/cmd_similar.c

TESTS += tests/cli_similar.sh
EXTRA_DIST += tests/cli_similar.sh
# The ranking query of similar (flat OR) ranks as search's per-term blocks.
check_PROGRAMS += tests/test_similar
TESTS += tests/test_similar
tests_test_similar_SOURCES = tests/test_similar.c
tests_test_similar_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_similar_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_similar_SOURCES = tests/dummy.cxx
# issue 16: how similar weighs a draft's terms (BM25 gives the IDF, the draft adds sqrt of it)
TESTS += tests/cli_similar_weights.sh
EXTRA_DIST += tests/cli_similar_weights.sh
# rel16e: a draft's term searched with its one-word thesaurus equivalents
TESTS += tests/cli_similar_equivalents.sh
EXTRA_DIST += tests/cli_similar_equivalents.sh
