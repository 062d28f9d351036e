## tests/: shared test scaffolding and the dispatcher's own test.  Each module
## adds its tests in its own local.mk.
TESTS += tests/cli_basic.sh
EXTRA_DIST += tests/lib.sh tests/cli_basic.sh
if ENABLE_VALGRIND
AM_TESTS_ENVIRONMENT += GS_WRAP='$(VALGRIND) -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99'; export GS_WRAP;
endif
