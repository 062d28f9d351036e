## output/: printing for people and programs - result pages and records as
## text, JSON, TSV (output.c), terminal-safe text and JSON (safe_text.c).
noinst_LIBRARIES += output/liboutput.a
GS_CLI_LIBS += output/liboutput.a
output_liboutput_a_SOURCES = output/output.h output/output.c \
	output/safe_text.h output/safe_text.c output/safe_json.c
output_liboutput_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
