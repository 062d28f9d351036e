## tests/ rules (included from the top Makefile.am)
# eval: TREC qrels + run -> figures (searcher/eval.c, cli/cmd_eval.c)
check_PROGRAMS += tests/test_eval
TESTS += tests/test_eval tests/cli_eval.sh
EXTRA_DIST += tests/cli_eval.sh
tests_test_eval_SOURCES = tests/test_eval.c
tests_test_eval_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_eval_LDADD = searcher/libsearcher.a $(CHECK_LIBS) -lm
