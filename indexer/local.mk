## indexer/ rules (included from the top Makefile.am): records -> Xapian documents.
noinst_LIBRARIES += indexer/libindexer.a
GS_CLI_LIBS += indexer/libindexer.a
indexer_libindexer_a_SOURCES = indexer/indexer.h indexer/document.c indexer/pipeline.c \
	indexer/writer.c indexer/shards.c indexer/compact.c indexer/stats.c \
	indexer/internal.h indexer/util.c indexer/dir.c indexer/sharded.c \
	indexer/segments.c indexer/phrases.h indexer/phrases.c
indexer_libindexer_a_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
grantsearch_SOURCES += cli/cmd_index.c cli/cmd_delete.c cli/cmd_compact.c cli/cmd_stats.c

# The stored facet codes kept right by the writer (issue 15, schema/fcodes.h).
indexer_libindexer_a_SOURCES += indexer/fcodes.h indexer/fcodes.c
