## cli/: the `grantsearch` program.  Subcommand files (cli/cmd_*.c) are added
## by the module that owns them, with `grantsearch_SOURCES += ...`.
bin_PROGRAMS += grantsearch
grantsearch_SOURCES = cli/cli.h cli/cli.c cli/shard_opts.c cli/grantsearch.c
# The module libraries, in any order (the group lets them refer to each other).
grantsearch_LDADD = $(GS_LIB_GROUP_START) $(GS_CLI_LIBS) $(GS_LIB_GROUP_END) $(XAPIAN_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS) \
	$(UTF8PROC_LIBS) $(ZLIB_LIBS)
EXTRA_grantsearch_DEPENDENCIES = $(GS_CLI_LIBS)
# The Xapian wrapper is C++: link with the C++ driver.
nodist_EXTRA_grantsearch_SOURCES = cli/dummy.cxx
