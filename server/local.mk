## server/: `grantsearch serve` - the JSON API and the web page over HTTP
## (libmicrohttpd): http.c limits and routing, api.c the endpoints, page.c
## the HTML, worker.c one searcher per thread; static assets compiled in.
noinst_LIBRARIES += server/libserver.a
GS_CLI_LIBS += server/libserver.a
server_libserver_a_SOURCES = server/server.h server/internal.h server/http.c server/api.c \
	server/page.c server/worker.c
nodist_server_libserver_a_SOURCES = server/assets.c
server_libserver_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(MHD_CFLAGS)
grantsearch_SOURCES += cli/cmd_serve.c
grantsearch_LDADD += $(MHD_LIBS)
# The page's CSS and JS, compiled into the binary as byte arrays: no files
# to install, nothing read from disk at run time.
GS_ASSETS = $(srcdir)/server/static/style.css $(srcdir)/server/static/app.js \
	$(srcdir)/server/static/favicon.svg
server/assets.c: $(GS_ASSETS) $(srcdir)/server/embed.sh
	$(MKDIR_P) server
	$(SHELL) $(srcdir)/server/embed.sh $(GS_ASSETS) >$@.tmp && mv $@.tmp $@
CLEANFILES += server/assets.c
EXTRA_DIST += server/embed.sh $(GS_ASSETS) doc/openapi.yaml bench/serve_load.sh
# Tests: the API over real HTTP (cli_serve.sh), the page's HTML
# (cli_serve_page.sh), the page in headless Chromium (tests/browser/).
TESTS += tests/cli_serve.sh tests/cli_serve_page.sh tests/cli_serve_browser.sh
EXTRA_DIST += tests/cli_serve.sh tests/cli_serve_page.sh tests/cli_serve_browser.sh tests/serve_lib.sh \
	tests/browser/package.json tests/browser/package-lock.json tests/browser/serve.test.js
# safe_html: record text escaped for the page (safetext/safe_html.c)
check_PROGRAMS += tests/test_safe_html
TESTS += tests/test_safe_html
tests_test_safe_html_SOURCES = tests/test_safe_html.c
tests_test_safe_html_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
tests_test_safe_html_LDADD = safetext/libsafetext.a $(CHECK_LIBS) $(JANSSON_LIBS)
# issue 16's vectors over serve: vectors=1 on the API and the page, notes, a
# delete and index --vectors under the running server.
TESTS += tests/cli_serve_vectors.sh
EXTRA_DIST += tests/cli_serve_vectors.sh
