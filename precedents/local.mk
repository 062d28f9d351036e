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
