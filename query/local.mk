## query/: the query language - lexer, parser, the tree (ast.h), fields and
## boosts, synonyms, spelling, and the build of a Xapian query from the tree.
noinst_LIBRARIES += query/libquery.a
GS_CLI_LIBS += query/libquery.a
query_libquery_a_SOURCES = query/query.h query/ast.h query/build.h query/vnode.h \
	query/build_impl.h query/lexer.c query/parser.c query/fields.c query/build.c \
	query/words.c query/filters.c query/ranking.c query/strlist.c query/vnode.c \
	query/synonyms.c query/spelling.c query/prefix.c
query_libquery_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(UTF8PROC_CFLAGS)
dist_pkgdata_DATA += data/synonyms.txt data/thesaurus.txt

check_PROGRAMS += tests/test_query_parser
TESTS += tests/test_query_parser
tests_test_query_parser_SOURCES = tests/test_query_parser.c
tests_test_query_parser_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_query_parser_LDADD = query/libquery.a $(GS_SCHEMA_LIBS) toolkit/libtoolkit.a $(CHECK_LIBS)
# issue 12: words in capitals, abbreviations, identifiers, the synonyms file
TESTS += tests/cli_abbreviations.sh
EXTRA_DIST += tests/cli_abbreviations.sh

# A hyphenated query word: what it finds, and its whole compound matched
# exactly (no recheck on the stored record): a real index on disk.
check_PROGRAMS += tests/test_hyphen_words
TESTS += tests/test_hyphen_words
tests_test_hyphen_words_SOURCES = tests/test_hyphen_words.c
tests_test_hyphen_words_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_hyphen_words_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_hyphen_words_SOURCES = tests/dummy.cxx

# issue 16: the thesaurus beside the synonyms file - the loader, and the
# weights of its relations on a real index.
check_PROGRAMS += tests/test_thesaurus
TESTS += tests/test_thesaurus
tests_test_thesaurus_SOURCES = tests/test_thesaurus.c
tests_test_thesaurus_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_thesaurus_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_thesaurus_SOURCES = tests/dummy.cxx
# ... and the shipped thesaurus through the real binary.
TESTS += tests/cli_thesaurus.sh
EXTRA_DIST += tests/cli_thesaurus.sh tests/test_thesaurus.c
# issue 16: a thesaurus alternative weighs at most its weight times the typed word's IDF
TESTS += tests/cli_expansion_weight.sh
EXTRA_DIST += tests/cli_expansion_weight.sh
# issue 16 (rel16c): the rarest word's cap on the common words
TESTS += tests/cli_rare_word.sh
EXTRA_DIST += tests/cli_rare_word.sh
# issue 16 (rel16d): an alternative another one already finds is not searched twice
TESTS += tests/cli_thesaurus_implied.sh
EXTRA_DIST += tests/cli_thesaurus_implied.sh
# issue 16 (rel16d): a context word counts once with its thesaurus equivalents
TESTS += tests/cli_context_equivalents.sh
EXTRA_DIST += tests/cli_context_equivalents.sh
# issue 15: prefix* complete (schema 6 stem-prefix terms), on shards, on schema 5
TESTS += tests/cli_prefix.sh
EXTRA_DIST += tests/cli_prefix.sh
# issue 16 (rel16g): the thesaurus's journalism line (медиатворчество, no «медиа»: stem мед)
TESTS += tests/cli_thesaurus_media.sh
EXTRA_DIST += tests/cli_thesaurus_media.sh
