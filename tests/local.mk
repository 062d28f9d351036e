## tests/: shared test scaffolding (lib.sh, json_check), the golden CLI tests and
## the tests that cross modules.  The rule: a folder's local.mk builds its
## library and registers the tests of that library (its unit test and CLI
## scripts), so adding a module touches no other folder's rules.
TESTS += tests/cli_basic.sh
EXTRA_DIST += tests/lib.sh tests/check_util.h tests/check_index.h tests/cli_basic.sh
if ENABLE_VALGRIND
AM_TESTS_ENVIRONMENT += GS_WRAP='$(VALGRIND) -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99'; export GS_WRAP;
endif
# indexer: records -> documents, replace/delete/idempotence, lock, compact
check_PROGRAMS += tests/test_indexer
TESTS += tests/test_indexer tests/cli_index.sh tests/cli_index_kill.sh tests/cli_concurrency.sh
EXTRA_DIST += tests/cli_index.sh tests/cli_index_kill.sh tests/cli_concurrency.sh
tests_test_indexer_SOURCES = tests/test_indexer.c
tests_test_indexer_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_indexer_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_indexer_SOURCES = tests/dummy.cxx
# eval: TREC qrels + run -> figures (eval/eval.c, cli/cmd_eval.c)
check_PROGRAMS += tests/test_eval
TESTS += tests/test_eval tests/cli_eval.sh
EXTRA_DIST += tests/cli_eval.sh
tests_test_eval_SOURCES = tests/test_eval.c
tests_test_eval_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_eval_LDADD = eval/libeval.a $(CHECK_LIBS) -lm
# verify: phrases, long-field words and exclusions against a brute force
check_PROGRAMS += tests/test_verify
TESTS += tests/test_verify
tests_test_verify_SOURCES = tests/test_verify.c
tests_test_verify_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_verify_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_verify_SOURCES = tests/dummy.cxx

# Never destroy a user's files or a running build (issues 12.1, 12.11, 13.1, 13.10, 13 campaign).
TESTS += tests/cli_index_safety.sh tests/cli_kill_readers.sh
EXTRA_DIST += tests/cli_index_safety.sh tests/cli_kill_readers.sh
# The query language: pasted text, size caps, invalid bytes, exact counts.
TESTS += tests/cli_query.sh
EXTRA_DIST += tests/cli_query.sh
TESTS += tests/cli_counts.sh
EXTRA_DIST += tests/cli_counts.sh
# json_check: reads JSON for the CLI tests (jansson; no Python needed).
check_PROGRAMS += tests/json_check
tests_json_check_SOURCES = tests/json_check.c
tests_json_check_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
tests_json_check_LDADD = $(JANSSON_LIBS)
# cli_output: terminal safety, show formats, page lines, options anywhere, exit codes
TESTS += tests/cli_output.sh
EXTRA_DIST += tests/cli_output.sh
# safe_text: terminal controls and TSV cells, byte by byte (safetext/safe_text.c)
check_PROGRAMS += tests/test_safe_text
TESTS += tests/test_safe_text
tests_test_safe_text_SOURCES = tests/test_safe_text.c
tests_test_safe_text_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
tests_test_safe_text_LDADD = safetext/libsafetext.a $(CHECK_LIBS) $(JANSSON_LIBS)
# issue 14: the C libraries export gs_-prefixed names only (like xapc_symbols.sh)
TESTS += tests/gs_symbols.sh
EXTRA_DIST += tests/gs_symbols.sh
# golden: the CLI's output against tests/golden/NAME.{out,err,rc} (tests/golden.sh);
# `make golden-update` rewrites them after a deliberate change.
TESTS += tests/golden.sh
EXTRA_DIST += tests/golden.sh tests/golden
golden-update: grantsearch$(EXEEXT) tests/json_check$(EXEEXT)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	$(SHELL) $(srcdir)/tests/golden.sh --update
.PHONY: golden-update

# issue 15: the same results over Xapian's remote backend (needs xapian-tools)
TESTS += tests/cli_remote.sh
EXTRA_DIST += tests/cli_remote.sh

# issue 18: a sharded index, its shards over xapian-tcpsrv, shard failures,
# replicas with xapian-replicate (need xapian-tools)
TESTS += tests/cli_shards.sh tests/cli_replica.sh
EXTRA_DIST += tests/cli_shards.sh tests/cli_replica.sh
# issue 16: lemmas beside stems (hunspell-ru), the suppletive pairs
TESTS += tests/cli_lemma.sh
EXTRA_DIST += tests/cli_lemma.sh
TESTS += tests/cli_lemmeta.sh
EXTRA_DIST += tests/cli_lemmeta.sh
# issue 16 (rel16b): derivational families, noun <-> adjective
TESTS += tests/cli_derivation.sh
EXTRA_DIST += tests/cli_derivation.sh
# issue 17 (serve17b): --fields summary / fields=summary, the copied record
TESTS += tests/cli_serve_fields.sh
EXTRA_DIST += tests/cli_serve_fields.sh
# issue 17 (serve17b): the JSON writer lays out what it writes as jansson does
check_PROGRAMS += tests/test_json_writer
TESTS += tests/test_json_writer
tests_test_json_writer_SOURCES = tests/test_json_writer.c
tests_test_json_writer_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
tests_test_json_writer_LDADD = output/liboutput.a safetext/libsafetext.a toolkit/libtoolkit.a \
	$(CHECK_LIBS) $(JANSSON_LIBS)

# issue 18: a phrase expansion keeps its weight over local shards (shard18c)
TESTS += tests/cli_shards_xapian.sh
EXTRA_DIST += tests/cli_shards_xapian.sh
# issue 15 (fold15): the title/goal boosts folded into the body terms' wdf (schema 5)
TESTS += tests/cli_fold.sh
EXTRA_DIST += tests/cli_fold.sh
check_PROGRAMS += tests/test_fold
TESTS += tests/test_fold
tests_test_fold_SOURCES = tests/test_fold.c
tests_test_fold_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_fold_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_fold_SOURCES = tests/dummy.cxx
# issue 15 (idx15b): a new index's scratch shards commit in batches of 250
TESTS += tests/cli_index_batches.sh
EXTRA_DIST += tests/cli_index_batches.sh
# serve17d: one queue of searchers for all of serve's connections
TESTS += tests/cli_serve_queue.sh
EXTRA_DIST += tests/cli_serve_queue.sh
# issue 15 (idx15c): a new index's scratch shards are not fsynced, the merge is
TESTS += tests/cli_index_scratch_sync.sh
EXTRA_DIST += tests/cli_index_scratch_sync.sh
# serve17e: the searches run on the --threads searcher threads
TESTS += tests/cli_serve_threads.sh
EXTRA_DIST += tests/cli_serve_threads.sh
TESTS += tests/cli_serve_preload.sh
EXTRA_DIST += tests/cli_serve_preload.sh
# issue 15 (kw15): batch loads the hunspell dictionary before its first query
TESTS += tests/cli_batch_preload.sh
EXTRA_DIST += tests/cli_batch_preload.sh
# issue 15 (kw15): a rechecked query's matches checked on their records without a second match
EXTRA_DIST += tests/check_sketch.h
check_PROGRAMS += tests/test_recheck_once
TESTS += tests/test_recheck_once
tests_test_recheck_once_SOURCES = tests/test_recheck_once.c
tests_test_recheck_once_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_recheck_once_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) \
	$(CHECK_LIBS) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) $(UTF8PROC_LIBS) \
	$(ZLIB_LIBS) -lm
nodist_EXTRA_tests_test_recheck_once_SOURCES = tests/dummy.cxx
# issue 15 (idx15): a fresh build's scratch shards in segments
TESTS += tests/cli_index_segments.sh
EXTRA_DIST += tests/cli_index_segments.sh
# issue 15 (kw16): a lemma alternative in over half of a large index is left out
TESTS += tests/cli_lemma_share.sh
EXTRA_DIST += tests/cli_lemma_share.sh

# Issue 15: the synonyms' phrases posted as terms, same answers as the recheck.
TESTS += tests/cli_posted_phrases.sh
EXTRA_DIST += tests/cli_posted_phrases.sh

# issue 15 (fac16): stats says whether the stored facet codes are current
TESTS += tests/cli_stats_fcodes.sh
EXTRA_DIST += tests/cli_stats_fcodes.sh

# issue 15 (hyp16): a hyphenated word written apart, weighed by its pair terms
TESTS += tests/cli_hyphen_apart.sh
EXTRA_DIST += tests/cli_hyphen_apart.sh
