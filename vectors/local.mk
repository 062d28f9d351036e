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
EXTRA_DIST += tests/cli_vectors.sh
