## bench/ rules (included from the top Makefile.am)
# The synthetic-archive generator (and its query/draft sets) for bench/run.sh.
noinst_PROGRAMS += bench/gen_corpus
bench_gen_corpus_SOURCES = bench/gen_corpus.c
bench_gen_corpus_LDADD = toolkit/libtoolkit.a -lm
EXTRA_DIST += bench/README.md bench/RESULTS.md bench/run.sh bench/corpus_stats.py bench/phrase_queries.py bench/phrase_run.sh bench/compare_builds.sh

# `make bench`: the FPG-scale benchmark (long: see bench/README.md).
# BENCH_ARGS passes options to bench/run.sh, e.g. make bench BENCH_ARGS="--sizes 2000 --no-peers"
bench: bench/gen_corpus$(EXEEXT) grantsearch$(EXEEXT)
	GS_BIN='$(abs_top_builddir)/grantsearch' GEN_BIN='$(abs_top_builddir)/bench/gen_corpus' \
	  sh '$(abs_top_srcdir)/bench/run.sh' $(BENCH_ARGS)
.PHONY: bench

# Issue 15's per-class benchmark: Xapian driven directly on grantsearch's index
# (the peer of the goals), and the query sets and the table (not in make check).
noinst_PROGRAMS += bench/plain_xapian
bench_plain_xapian_SOURCES = bench/plain_xapian.c
bench_plain_xapian_LDADD = xapian-c/libxapc.a $(GS_STEMMING_LIBS) $(XAPIAN_LIBS) -lm
# libxapc.a is C++: link with the C++ driver (automake's documented trick).
nodist_EXTRA_bench_plain_xapian_SOURCES = tests/dummy.cxx
noinst_PROGRAMS += bench/stamp_lines
bench_stamp_lines_SOURCES = bench/stamp_lines.c
bench_stamp_lines_LDADD = toolkit/libtoolkit.a
EXTRA_DIST += bench/gen_queries.sh bench/gen_queries.awk bench/classes.sh
EXTRA_DIST += bench/shards.sh
# Issue 15's `similar` latency beside plain Xapian's OR of the same terms
# (bench/similar.sh; not in make check).
noinst_PROGRAMS += bench/similar_bench
bench_similar_bench_SOURCES = bench/similar_bench.c
bench_similar_bench_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) $(XAPIAN_LIBS) \
	$(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) $(ZLIB_LIBS) -lm
nodist_EXTRA_bench_similar_bench_SOURCES = tests/dummy.cxx
EXTRA_DIST += bench/similar.sh bench/batch_scaling.sh
