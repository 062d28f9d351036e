## fuzz/ rules (included from the top Makefile.am)
## libFuzzer targets (fuzz/fuzz_NAME.c), their seed corpora (fuzz/corpus/NAME/),
## the inputs that once failed (fuzz/regress/NAME/) and the query dictionary.
##
##  - `make check` (any compiler) replays corpus + regress through each
##    target's LLVMFuzzerTestOneInput with fuzz/replay.c: fuzz/replay_NAME.
##  - `CC=clang CXX=clang++ ./configure --enable-fuzz && make fuzz-smoke`
##    builds the libFuzzer programs and runs each for FUZZ_SECONDS (15);
##    any crash, leak, UB, timeout (10 s) or 2 GB of memory fails it, and the
##    input is left in fuzz/out/NAME/.  By hand, e.g.:
##      fuzz/fuzz_query -dict=fuzz/query.dict NEW_DIR fuzz/corpus/query
##    (the first directory collects new inputs; the rest are the seeds).
FUZZ_TARGETS = page csv jsonl query analyzer snippet draft
FUZZ_SOURCES = fuzz/fuzz_reader.h fuzz/fuzz_index.h fuzz/fuzz_page.c fuzz/fuzz_csv.c \
	fuzz/fuzz_jsonl.c fuzz/fuzz_query.c fuzz/fuzz_analyzer.c fuzz/fuzz_snippet.c \
	fuzz/fuzz_draft.c fuzz/replay.c
EXTRA_DIST += $(FUZZ_SOURCES) fuzz/corpus fuzz/regress fuzz/query.dict

# Everything a target may call: the module libraries as one group (as the
# grantsearch program links them), with the C++ driver for libxapc.
FUZZ_LIBS = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) $(XAPIAN_LIBS) \
	$(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) $(ZLIB_LIBS) -lm
FUZZ_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(UTF8PROC_CFLAGS)

## ---- replays, in `make check` ------------------------------------------
check_PROGRAMS += fuzz/replay_page fuzz/replay_csv fuzz/replay_jsonl fuzz/replay_query \
	fuzz/replay_analyzer fuzz/replay_snippet fuzz/replay_draft
TESTS += fuzz/replay_page fuzz/replay_csv fuzz/replay_jsonl fuzz/replay_query \
	fuzz/replay_analyzer fuzz/replay_snippet fuzz/replay_draft
fuzz_replay_page_SOURCES = fuzz/replay.c fuzz/fuzz_page.c
fuzz_replay_page_CPPFLAGS = $(FUZZ_CPPFLAGS) -DGS_FUZZ_NAME='"page"'
fuzz_replay_page_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_replay_page_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_replay_page_SOURCES = fuzz/dummy.cxx
fuzz_replay_csv_SOURCES = fuzz/replay.c fuzz/fuzz_csv.c
fuzz_replay_csv_CPPFLAGS = $(FUZZ_CPPFLAGS) -DGS_FUZZ_NAME='"csv"'
fuzz_replay_csv_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_replay_csv_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_replay_csv_SOURCES = fuzz/dummy.cxx
fuzz_replay_jsonl_SOURCES = fuzz/replay.c fuzz/fuzz_jsonl.c
fuzz_replay_jsonl_CPPFLAGS = $(FUZZ_CPPFLAGS) -DGS_FUZZ_NAME='"jsonl"'
fuzz_replay_jsonl_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_replay_jsonl_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_replay_jsonl_SOURCES = fuzz/dummy.cxx
fuzz_replay_query_SOURCES = fuzz/replay.c fuzz/fuzz_query.c
fuzz_replay_query_CPPFLAGS = $(FUZZ_CPPFLAGS) -DGS_FUZZ_NAME='"query"'
fuzz_replay_query_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_replay_query_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_replay_query_SOURCES = fuzz/dummy.cxx
fuzz_replay_analyzer_SOURCES = fuzz/replay.c fuzz/fuzz_analyzer.c
fuzz_replay_analyzer_CPPFLAGS = $(FUZZ_CPPFLAGS) -DGS_FUZZ_NAME='"analyzer"'
fuzz_replay_analyzer_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_replay_analyzer_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_replay_analyzer_SOURCES = fuzz/dummy.cxx
fuzz_replay_snippet_SOURCES = fuzz/replay.c fuzz/fuzz_snippet.c
fuzz_replay_snippet_CPPFLAGS = $(FUZZ_CPPFLAGS) -DGS_FUZZ_NAME='"snippet"'
fuzz_replay_snippet_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_replay_snippet_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_replay_snippet_SOURCES = fuzz/dummy.cxx
fuzz_replay_draft_SOURCES = fuzz/replay.c fuzz/fuzz_draft.c
fuzz_replay_draft_CPPFLAGS = $(FUZZ_CPPFLAGS) -DGS_FUZZ_NAME='"draft"'
fuzz_replay_draft_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_replay_draft_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_replay_draft_SOURCES = fuzz/dummy.cxx

if ENABLE_FUZZ
## ---- the libFuzzer programs (configure put ASan, UBSan and the coverage
## hooks on every library through GS_SAN; these link libFuzzer's main) ------
noinst_PROGRAMS += fuzz/fuzz_page fuzz/fuzz_csv fuzz/fuzz_jsonl fuzz/fuzz_query \
	fuzz/fuzz_analyzer fuzz/fuzz_snippet fuzz/fuzz_draft
GS_FUZZ_FLAGS = -fsanitize=fuzzer
fuzz_fuzz_page_SOURCES = fuzz/fuzz_page.c
fuzz_fuzz_page_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_page_CFLAGS = $(AM_CFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_page_LDFLAGS = $(AM_LDFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_page_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_fuzz_page_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_fuzz_page_SOURCES = fuzz/dummy.cxx
fuzz_fuzz_csv_SOURCES = fuzz/fuzz_csv.c
fuzz_fuzz_csv_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_csv_CFLAGS = $(AM_CFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_csv_LDFLAGS = $(AM_LDFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_csv_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_fuzz_csv_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_fuzz_csv_SOURCES = fuzz/dummy.cxx
fuzz_fuzz_jsonl_SOURCES = fuzz/fuzz_jsonl.c
fuzz_fuzz_jsonl_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_jsonl_CFLAGS = $(AM_CFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_jsonl_LDFLAGS = $(AM_LDFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_jsonl_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_fuzz_jsonl_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_fuzz_jsonl_SOURCES = fuzz/dummy.cxx
fuzz_fuzz_query_SOURCES = fuzz/fuzz_query.c
fuzz_fuzz_query_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_query_CFLAGS = $(AM_CFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_query_LDFLAGS = $(AM_LDFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_query_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_fuzz_query_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_fuzz_query_SOURCES = fuzz/dummy.cxx
fuzz_fuzz_analyzer_SOURCES = fuzz/fuzz_analyzer.c
fuzz_fuzz_analyzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_analyzer_CFLAGS = $(AM_CFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_analyzer_LDFLAGS = $(AM_LDFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_analyzer_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_fuzz_analyzer_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_fuzz_analyzer_SOURCES = fuzz/dummy.cxx
fuzz_fuzz_snippet_SOURCES = fuzz/fuzz_snippet.c
fuzz_fuzz_snippet_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_snippet_CFLAGS = $(AM_CFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_snippet_LDFLAGS = $(AM_LDFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_snippet_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_fuzz_snippet_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_fuzz_snippet_SOURCES = fuzz/dummy.cxx
fuzz_fuzz_draft_SOURCES = fuzz/fuzz_draft.c
fuzz_fuzz_draft_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_draft_CFLAGS = $(AM_CFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_draft_LDFLAGS = $(AM_LDFLAGS) $(GS_FUZZ_FLAGS)
fuzz_fuzz_draft_LDADD = $(FUZZ_LIBS)
EXTRA_fuzz_fuzz_draft_DEPENDENCIES = $(GS_CLI_LIBS)
nodist_EXTRA_fuzz_fuzz_draft_SOURCES = fuzz/dummy.cxx

## ---- make fuzz-smoke ---------------------------------------------------
# A fixed seed and a fixed number of runs per target make the smoke run
# reproducible (CI must not turn red by luck); FUZZ_SECONDS caps each target.
# For an open-ended campaign: make fuzz-smoke FUZZ_SEED=0 FUZZ_RUNS=-1 FUZZ_SECONDS=600
FUZZ_SECONDS = 60
FUZZ_SEED = 1
FUZZ_RUNS =
FUZZ_RUN_FLAGS = -max_total_time=$(FUZZ_SECONDS) -seed=$(FUZZ_SEED) -rss_limit_mb=2048 \
	-timeout=10 -print_final_stats=1
# Per target: the longest input (queries are short; the query parser's own
# length cap is not this target's subject), extra seeds and a dictionary.
fuzz-smoke: $(FUZZ_TARGETS:%=fuzz/fuzz_%$(EXEEXT))
	@rm -rf fuzz/out; fail=; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/out/$$t/new; \
	  seeds="$(srcdir)/fuzz/corpus/$$t"; \
	  test ! -d "$(srcdir)/fuzz/regress/$$t" || seeds="$$seeds $(srcdir)/fuzz/regress/$$t"; \
	  opts="-max_len=4096"; runs=20000; \
	  case $$t in \
	    query) opts="-max_len=256 -dict=$(srcdir)/fuzz/query.dict"; runs=4000;; \
	    draft) seeds="$$seeds $(srcdir)/data/seeds"; runs=400;; \
	    page|analyzer|snippet) seeds="$$seeds $(srcdir)/data/seeds";; \
	  esac; \
	  test -z "$(FUZZ_RUNS)" || runs=$(FUZZ_RUNS); opts="$$opts -runs=$$runs"; \
	  echo "fuzz-smoke: fuzz_$$t, $$runs runs, at most $(FUZZ_SECONDS) s"; \
	  if fuzz/fuzz_$$t $(FUZZ_RUN_FLAGS) $$opts -artifact_prefix=fuzz/out/$$t/ \
	       fuzz/out/$$t/new $$seeds >fuzz/out/$$t.log 2>&1; then \
	    grep -E '^stat::number_of_executed_units' fuzz/out/$$t.log || :; \
	  else \
	    tail -40 fuzz/out/$$t.log; \
	    echo "fuzz-smoke: fuzz_$$t FAILED; the input is in fuzz/out/$$t/, the log fuzz/out/$$t.log"; \
	    fail="$$fail $$t"; \
	  fi; \
	done; \
	test -z "$$fail" || { echo "fuzz-smoke: failed:$$fail"; exit 1; }
else
fuzz-smoke:
	@echo "fuzz-smoke needs the libFuzzer build: make distclean; CC=clang CXX=clang++ ./configure --enable-fuzz" >&2; exit 1
endif
.PHONY: fuzz-smoke
clean-local: fuzz-clean-local
fuzz-clean-local:
	-rm -rf fuzz/out
.PHONY: fuzz-clean-local
