## toolkit/ rules (included from the top Makefile.am)
## The shared toolkit every module uses: growable buffer, status enum, error message, clock.
noinst_LIBRARIES += toolkit/libtoolkit.a
GS_CLI_LIBS += toolkit/libtoolkit.a
toolkit_libtoolkit_a_SOURCES = \
	toolkit/buf.h toolkit/buf.c toolkit/status.h toolkit/status.c \
	toolkit/status_xapc.h toolkit/hash.h toolkit/error.h toolkit/error.c toolkit/clock.h toolkit/clock.c

check_PROGRAMS += tests/test_toolkit
TESTS += tests/test_toolkit
tests_test_toolkit_SOURCES = tests/test_toolkit.c
tests_test_toolkit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_toolkit_LDADD = toolkit/libtoolkit.a $(CHECK_LIBS)
