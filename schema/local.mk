## schema/: what the index holds - field and filter tables, value fold, slots, word sketch.
noinst_LIBRARIES += schema/libschema.a
GS_CLI_LIBS += schema/libschema.a
schema_libschema_a_SOURCES = schema/schema.h schema/schema.c schema/sketch.h schema/sketch.c
schema_libschema_a_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
GS_SCHEMA_LIBS = schema/libschema.a $(UTF8PROC_LIBS)

check_PROGRAMS += tests/test_schema
TESTS += tests/test_schema
tests_test_schema_SOURCES = tests/test_schema.c
tests_test_schema_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_schema_LDADD = $(GS_SCHEMA_LIBS) corpus/libcorpus.a $(CHECK_LIBS)

# The result line's summary (value GS_SLOT_SUMMARY; issue 15).
schema_libschema_a_SOURCES += schema/summary.h schema/summary.c

# The facet codes stored as metadata (issue 15; searcher/facets.c reads, indexer/fcodes.c writes).
schema_libschema_a_SOURCES += schema/fcodes.h schema/fcodes.c

# The posted phrases: the synonyms' multi-word alternatives as terms (issue 15).
schema_libschema_a_SOURCES += schema/phrases.h schema/phrases.c
