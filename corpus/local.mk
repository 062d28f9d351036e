## corpus/ rules (included from the top Makefile.am)
## The record model and the readers (page text, archive CSV, JSON Lines, gzip).
noinst_LIBRARIES += corpus/libcorpus.a
GS_CLI_LIBS += corpus/libcorpus.a
corpus_libcorpus_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
corpus_libcorpus_a_SOURCES = \
	corpus/record.h corpus/reader.h \
	corpus/record_impl.h corpus/reader_impl.h \
	corpus/json_record.h corpus/input.h \
	corpus/record.c corpus/parse_ru.c corpus/json_record.c corpus/secrets.c corpus/charset.c \
	corpus/input.c corpus/reader.c corpus/reader_page.c corpus/reader_csv.c \
	corpus/reader_jsonl.c corpus/reader_common.c

check_PROGRAMS += tests/test_corpus
TESTS += tests/test_corpus
tests_test_corpus_SOURCES = tests/test_corpus.c
tests_test_corpus_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
tests_test_corpus_LDADD = corpus/libcorpus.a toolkit/libtoolkit.a $(CHECK_LIBS) $(JANSSON_LIBS) $(ZLIB_LIBS) -lm
EXTRA_DIST += tests/data/corpus
# hostile input files end to end (links, FIFOs, arrays, encodings, floods)
TESTS += tests/cli_input.sh
EXTRA_DIST += tests/cli_input.sh
