# Sourced by the CLI tests: a scratch directory, the binary, pass/fail/skip.
# Each test runs in its own temporary directory, removed on exit.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
SHARED_DIR=${SHARED_DIR:-$top_srcdir/../shared}
GS_BIN="$top_builddir/grantsearch"
# GS_WRAP (set by --enable-valgrind) runs the binary under valgrind.
GS="${GS_WRAP:-} $GS_BIN"
SEEDS="$top_srcdir/data/seeds"
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gs-$TEST_NAME.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 99
unset GRANTSEARCH_DB

fail() { echo "FAIL: $TEST_NAME: $*" >&2; exit 1; }
pass() { echo "PASS: $TEST_NAME"; exit 0; }
# skip REASON: exit 77, which automake reports as SKIP.
skip() { echo "SKIP: $TEST_NAME: $*"; exit 77; }
need_shared() { [ -d "$SHARED_DIR/corpus/dev" ] || skip "../shared is absent ($*)"; }
# json_ok FILE: FILE parses as JSON with a real parser.
json_ok() { /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1"; }
