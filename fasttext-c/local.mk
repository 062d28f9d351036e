## fasttext-c/ rules (included from the top Makefile.am)
## The C wrapper over Debian's libfasttext (issue 16, vectors): C++ inside,
## the ftc_* C API outside, built with -fvisibility=hidden like xapian-c/.
noinst_LIBRARIES += fasttext-c/libftc.a
fasttext_c_libftc_a_SOURCES = fasttext-c/ftc.h fasttext-c/ftc_private.h \
	fasttext-c/status.cc fasttext-c/model.cc
fasttext_c_libftc_a_CXXFLAGS = $(AM_CXXFLAGS) -std=c++14 -fvisibility=hidden
GS_CLI_LIBS += fasttext-c/libftc.a

## Unit test of the wrapper: trains on a tiny real corpus.
check_PROGRAMS += tests/test_ftc
TESTS += tests/test_ftc
tests_test_ftc_SOURCES = tests/test_ftc.c
tests_test_ftc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_ftc_LDADD = fasttext-c/libftc.a $(FASTTEXT_LIBS) $(CHECK_LIBS) -lm
nodist_EXTRA_tests_test_ftc_SOURCES = tests/dummy.cxx
