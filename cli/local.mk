## cli/: the `grantsearch` program.  Subcommand files (cli/cmd_*.c) are added
## by the module that owns them, with `grantsearch_SOURCES += ...`.
bin_PROGRAMS += grantsearch
grantsearch_SOURCES = cli/cli.h cli/cli.c cli/grantsearch.c
# The module libraries, in any order (the group lets them refer to each other).
grantsearch_LDADD = -Wl,--start-group $(GS_CLI_LIBS) -Wl,--end-group $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) \
	$(UTF8PROC_LIBS) $(CSV_LIBS) $(ZLIB_LIBS)
# The Xapian wrapper is C++: link with the C++ driver.
nodist_EXTRA_grantsearch_SOURCES = cli/dummy.cxx
