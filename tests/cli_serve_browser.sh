#!/bin/sh
# cli_serve_browser.sh - issue 17: the page of `grantsearch serve` in
# headless Chromium (tests/browser/serve.test.js, playwright-core pointed at
# /usr/bin/chromium): load, search, facet and Back, record, похожие,
# precedents, the keyboard, the hostile record, a phone, no JavaScript;
# then the «по смыслу» (vectors) box on an index built with --vectors.
# Screenshots of each step are kept in tests/browser/artifacts/ (in the
# build tree) for a person to look at.  Skipped (77) without node, chromium
# or the npm package (tools/deps.sh installs them: npm ci in tests/browser).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/serve_lib.sh"
need_shared "the dev collection"
command -v node >/dev/null 2>&1 || skip "node is absent (apt-get install nodejs npm)"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip "$CHROMIUM is absent (apt-get install chromium)"
[ -d "$top_srcdir/tests/browser/node_modules/playwright-core" ] ||
    skip "playwright-core is not installed (cd tests/browser && npm ci)"
export CHROMIUM

cat >hostile.jsonl <<'EOF'
{"number": "99-9-999999", "title": "<script>alert(1)</script> \"><img src=x onerror=alert(2)> Злой заголовок", "description": "Проект <b>жирный</b> & \"кавычки\" злоумышленник", "goal": "<svg onload=alert(3)>", "status": "winner", "year": 2021}
EOF
$GS index -q -d db "$SHARED_DIR/corpus/dev/collection.jsonl" hostile.jsonl 2>err ||
    fail "index exited $?: $(cat err)"
start_server db --quiet
SHOTS="$top_builddir/tests/browser/artifacts"
rm -rf "$SHOTS" && mkdir -p "$SHOTS" || fail "cannot make $SHOTS"
export BASE SHOTS
HOME="$WORK" timeout 300 node "$top_srcdir/tests/browser/serve.test.js" >browser.out 2>&1
rc=$?
cat browser.out
[ $rc -eq 0 ] || fail "the browser checks failed (node exited $rc)"
stop_server || fail "the server exited $?"

# Step 10, «по смыслу»: a second server on cli_serve_vectors.sh's small
# index built with --vectors (tests/vectors_lib.sh: no application holds
# «беспилотник», its vector finds those on drones); the step deletes one
# record under it to see the stale-vectors note.
. "$top_srcdir/tests/vectors_lib.sh"
vectors_fixture "$PWD/v.db"
start_server "$PWD/v.db" --quiet
VDB=$PWD/v.db GS=$GS_BIN STEPS=vectors HOME="$WORK" \
    timeout 300 node "$top_srcdir/tests/browser/serve.test.js" >browser.out 2>&1
rc=$?
cat browser.out
[ $rc -eq 0 ] || fail "the browser checks of «по смыслу» failed (node exited $rc)"
stop_server || fail "the server exited $?"
pass
