## fuzz/ rules (included from the top Makefile.am)
## libFuzzer targets for the readers, built only with --enable-fuzz
## (CC=clang).  Run e.g.:  fuzz/fuzz_page -max_total_time=60 CORPUS_DIR $(srcdir)/data/seeds
## (the first directory collects new inputs; the seeds are the starting corpus).
EXTRA_DIST += fuzz/fuzz_reader.h fuzz/fuzz_page.c fuzz/fuzz_csv.c fuzz/fuzz_jsonl.c
if ENABLE_FUZZ
noinst_PROGRAMS += fuzz/fuzz_page fuzz/fuzz_csv fuzz/fuzz_jsonl
GS_FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
fuzz_fuzz_page_SOURCES = fuzz/fuzz_page.c fuzz/fuzz_reader.h
fuzz_fuzz_page_CFLAGS = $(AM_CFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_page_LDFLAGS = $(AM_LDFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_page_LDADD = corpus/libcorpus.a $(JANSSON_LIBS) $(ZLIB_LIBS) -lm
fuzz_fuzz_csv_SOURCES = fuzz/fuzz_csv.c fuzz/fuzz_reader.h
fuzz_fuzz_csv_CFLAGS = $(fuzz_fuzz_page_CFLAGS)
fuzz_fuzz_csv_LDFLAGS = $(fuzz_fuzz_page_LDFLAGS)
fuzz_fuzz_csv_LDADD = $(fuzz_fuzz_page_LDADD)
fuzz_fuzz_jsonl_SOURCES = fuzz/fuzz_jsonl.c fuzz/fuzz_reader.h
fuzz_fuzz_jsonl_CFLAGS = $(fuzz_fuzz_page_CFLAGS)
fuzz_fuzz_jsonl_LDFLAGS = $(fuzz_fuzz_page_LDFLAGS)
fuzz_fuzz_jsonl_LDADD = $(fuzz_fuzz_page_LDADD)

# The library itself with the fuzzer's coverage instrumentation.
corpus_libcorpus_a_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined
endif
