## xapian-c/ rules (included from the top Makefile.am)
## The C wrapper over Xapian: the only C++ in grantsearch, one file per
## object, xapc.h the public header, xapc_private.h shared inside.  Built with
## -fvisibility=hidden: only the xapc_* C API has default visibility.
noinst_LIBRARIES += xapian-c/libxapc.a
xapian_c_libxapc_a_SOURCES = xapian-c/xapc.h xapian-c/xapc_private.h \
	xapian-c/status.cc xapian-c/database.cc xapian-c/writable_database.cc \
	xapian-c/document.cc xapian-c/termiter.cc xapian-c/query.cc xapian-c/enquire.cc \
	xapian-c/remote.cc xapian-c/codes.cc xapian-c/cursor.cc \
	xapian-c/count.cc
xapian_c_libxapc_a_CXXFLAGS = $(AM_CXXFLAGS) $(XAPIAN_CFLAGS) -fvisibility=hidden
GS_CLI_LIBS += xapian-c/libxapc.a

## Unit tests of the wrapper against real glass databases on disk.
check_PROGRAMS += tests/test_xapc
TESTS += tests/test_xapc
tests_test_xapc_SOURCES = tests/test_xapc.c
tests_test_xapc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_xapc_LDADD = xapian-c/libxapc.a $(XAPIAN_LIBS) $(CHECK_LIBS) -lm
# libxapc.a is C++: link with the C++ driver (automake's documented trick).
nodist_EXTRA_tests_test_xapc_SOURCES = tests/dummy.cxx

## Only the C API is visible in the object (see the script's header).
TESTS += tests/xapc_symbols.sh
EXTRA_DIST += tests/xapc_symbols.sh
