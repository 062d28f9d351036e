## stemming/ rules (included from the top Makefile.am)
## The analyzer's library, its tests and its benchmark live here (not in
## tests/local.mk or bench/local.mk) so that no other module's file changes.
noinst_LIBRARIES += stemming/libstemming.a
GS_CLI_LIBS += stemming/libstemming.a
stemming_libstemming_a_SOURCES = \
	stemming/analyzer.h stemming/analyzer.c \
	stemming/fold.h stemming/fold.c \
	stemming/stem_cache.h stemming/stem_cache.c \
	stemming/wordlist.h stemming/wordlist.c \
	stemming/stopwords.c stemming/abbreviations.c \
	stemming/lemma.h stemming/lemma.c
stemming_libstemming_a_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS) $(HUNSPELL_CFLAGS) \
	-DGS_HUNSPELL_DICT='"$(HUNSPELL_DICT)"'

GS_STEMMING_LIBS = stemming/libstemming.a toolkit/libtoolkit.a $(STEMMER_LIBS) $(UTF8PROC_LIBS)
EXTRA_DIST += stemming/README.md

check_PROGRAMS += tests/test_analyzer tests/test_snowball_voc tests/test_lemma
TESTS += tests/test_analyzer tests/test_snowball_voc tests/test_lemma
tests_test_analyzer_SOURCES = tests/test_analyzer.c
tests_test_analyzer_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_analyzer_LDADD = $(GS_STEMMING_LIBS) $(CHECK_LIBS)
tests_test_lemma_SOURCES = tests/test_lemma.c
tests_test_lemma_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_lemma_LDADD = $(GS_STEMMING_LIBS) $(CHECK_LIBS)
tests_test_snowball_voc_SOURCES = tests/test_snowball_voc.c
tests_test_snowball_voc_LDADD = $(GS_STEMMING_LIBS)

noinst_PROGRAMS += bench/bench_analyzer
bench_bench_analyzer_SOURCES = bench/bench_analyzer.c
bench_bench_analyzer_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
bench_bench_analyzer_LDADD = $(GS_STEMMING_LIBS) $(JANSSON_LIBS)
