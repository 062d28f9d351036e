## vectors/ rules (included from the top Makefile.am): issue 16, vectors
## learned from the archive with fastText (fasttext-c/), one per
## application, in DB/vectors; the searcher fuses them with BM25
## (searcher/fusion.c).
noinst_LIBRARIES += vectors/libvectors.a
GS_CLI_LIBS += vectors/libvectors.a
vectors_libvectors_a_SOURCES = vectors/vectors.h vectors/internal.h \
	vectors/text.c vectors/embed.c vectors/store.c vectors/nearest.c vectors/build.c
vectors_libvectors_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(UTF8PROC_CFLAGS)

## index --vectors, search/similar --vectors on a real small corpus.
TESTS += tests/cli_vectors.sh
EXTRA_DIST += tests/cli_vectors.sh tests/vectors_lib.sh

## What vectors cost at the archive's size (bench/RESULTS.md, issue 16 vectors).
noinst_PROGRAMS += bench/vectors_bench
bench_vectors_bench_SOURCES = bench/vectors_bench.c
bench_vectors_bench_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) $(XAPIAN_LIBS) \
	$(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) $(ZLIB_LIBS) -lm
nodist_EXTRA_bench_vectors_bench_SOURCES = bench/dummy.cxx
