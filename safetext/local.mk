## safetext/: untrusted text made safe to print - terminal controls shown as
## escapes, TSV cells escaped, JSON with C1 controls escaped (safe_text.h).
noinst_LIBRARIES += safetext/libsafetext.a
GS_CLI_LIBS += safetext/libsafetext.a
safetext_libsafetext_a_SOURCES = safetext/safe_text.h safetext/safe_text.c safetext/safe_json.c
safetext_libsafetext_a_SOURCES += safetext/safe_html.h safetext/safe_html.c
safetext_libsafetext_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
