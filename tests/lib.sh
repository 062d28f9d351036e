# Sourced by the CLI tests: a scratch directory, the binary, pass/fail/skip.
# Each test runs in its own temporary directory, removed on exit.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
SHARED_DIR=${SHARED_DIR:-$top_srcdir/../shared}
GS_BIN="$top_builddir/grantsearch"
[ -x "$GS_BIN" ] || { echo "ERROR: $GS_BIN is not built"; exit 99; }
# GS_WRAP (set by --enable-valgrind) runs the binary under valgrind.  Use
# $GS unquoted; use $GS_BIN where the wrapper would change what is tested
# (a process killed on a timer, a timed calibration run).
GS="${GS_WRAP:-} $GS_BIN"
SEEDS="$top_srcdir/data/seeds"
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gs-$TEST_NAME.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 99
unset GRANTSEARCH_DB

FAILURES=0
fail() { echo "FAIL: $TEST_NAME: $*" >&2; exit 1; }
# fail_later MESSAGE: report a failed check and go on; pass then fails.  For
# tests that list every broken check rather than stop at the first.
fail_later() { echo "FAIL: $TEST_NAME: $*" >&2; FAILURES=$((FAILURES + 1)); }
pass() {
    [ "$FAILURES" -eq 0 ] || fail "$FAILURES check(s) failed"
    echo "PASS: $TEST_NAME"; exit 0
}
# skip REASON: exit 77, which automake reports as SKIP.
skip() { echo "SKIP: $TEST_NAME: $*"; exit 77; }
need_shared() { [ -d "$SHARED_DIR/corpus/dev" ] || skip "$SHARED_DIR is absent ($*); make check SHARED_DIR=/path/to/shared points the tests at it"; }
# JSON in the tests is read by tests/json_check (jansson; see its header):
# json_ok FILE: FILE parses as one JSON document.
# jget FILE PATH...: the values at PATH (results.0.number, results.*.id, ...).
JSON_CHECK="$top_builddir/tests/json_check"
[ -x "$JSON_CHECK" ] || { echo "ERROR: $JSON_CHECK is not built (make check builds it)"; exit 99; }
json_ok() { "$JSON_CHECK" valid "$1"; }
jget() { "$JSON_CHECK" get "$@"; }
# records DB: how many records `stats` says DB holds; fails when stats does
# (the index does not open, or valgrind found an error).
records() {
    _stats=$($GS stats -d "$1") || return 1
    printf '%s\n' "$_stats" | awk '/^records:/ {print $2}'
}
# The synonyms file of this tree, whatever the environment says (an
# installed grantsearch reads its own; the CLI chooses it, cli/cli.c).
GRANTSEARCH_SYNONYMS="$top_srcdir/data/synonyms.txt"; export GRANTSEARCH_SYNONYMS
