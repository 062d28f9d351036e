## tests/: shared test scaffolding and the dispatcher's own test.  Each module
## adds its tests in its own local.mk.
TESTS += tests/cli_basic.sh
EXTRA_DIST += tests/lib.sh tests/cli_basic.sh
if ENABLE_VALGRIND
AM_TESTS_ENVIRONMENT += GS_WRAP='$(VALGRIND) -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99'; export GS_WRAP;
endif

# eval: TREC qrels + run -> figures (searcher/eval.c, cli/cmd_eval.c)
check_PROGRAMS += tests/test_eval
TESTS += tests/test_eval tests/cli_eval.sh
EXTRA_DIST += tests/cli_eval.sh
tests_test_eval_SOURCES = tests/test_eval.c
tests_test_eval_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_eval_LDADD = searcher/libsearcher.a $(CHECK_LIBS) -lm
