## output/: result pages and records printed as text, JSON or TSV (output.c),
## the hit lines of similar and batch (hits.c), for the CLI and serve; the searcher returns results, this renders them.
noinst_LIBRARIES += output/liboutput.a
GS_CLI_LIBS += output/liboutput.a
output_liboutput_a_SOURCES = output/output.h output/output.c output/json_writer.h \
	output/json_writer.c output/hits.h output/hits.c output/internal.h
output_liboutput_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
