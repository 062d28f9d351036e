## searcher/ rules (included from the top Makefile.am)
## Query language, ranking, highlighting and output: searcher/searcher.h.
noinst_LIBRARIES += searcher/libsearcher.a
GS_CLI_LIBS += searcher/libsearcher.a
searcher_libsearcher_a_SOURCES = searcher/searcher.h searcher/query_ast.h searcher/internal.h \
	searcher/query_lexer.c searcher/query_parser.c searcher/fields.c \
	searcher/query_build.c searcher/synonyms.c searcher/spelling.c searcher/snippet.c \
	searcher/search.c searcher/output.c searcher/verify.h searcher/verify.c \
	searcher/eval.h searcher/eval.c
searcher_libsearcher_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(UTF8PROC_CFLAGS)
grantsearch_SOURCES += cli/cmd_search.c cli/cmd_show.c cli/cmd_eval.c
dist_pkgdata_DATA += data/synonyms.txt

check_PROGRAMS += tests/test_query_parser
TESTS += tests/test_query_parser
tests_test_query_parser_SOURCES = tests/test_query_parser.c
tests_test_query_parser_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_query_parser_LDADD = searcher/libsearcher.a $(GS_SCHEMA_LIBS) toolkit/libtoolkit.a $(CHECK_LIBS)
TESTS += tests/cli_search.sh tests/cli_phrase.sh
EXTRA_DIST += tests/cli_search.sh tests/cli_phrase.sh
TESTS += tests/cli_relevance.sh
EXTRA_DIST += tests/cli_relevance.sh bench/relevance_run.sh bench/ndcg.py
# issue 12: words in capitals, abbreviations, identifiers, the synonyms file
TESTS += tests/cli_abbreviations.sh
EXTRA_DIST += tests/cli_abbreviations.sh
# Record and query text made safe to print (terminal controls, TSV cells).
searcher_libsearcher_a_SOURCES += searcher/safe_text.h searcher/safe_text.c searcher/safe_json.c
