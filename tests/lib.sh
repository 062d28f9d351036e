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
# gen_corpus N: N generated records in corpus.jsonl, 6 queries in q.txt.
gen_corpus() {
    _gen="$top_builddir/bench/gen_corpus"
    [ -x "$_gen" ] || { echo "ERROR: $_gen is not built"; exit 99; }
    "$_gen" -n "$1" --format jsonl --seeds "$SEEDS" -o corpus.jsonl --queries q.txt \
        --nqueries 6 2>/dev/null || fail "gen_corpus exited $?"
}
# start_server SALT LOG 'READY' 'COMMAND': run COMMAND (sh -c, its own
# session: on SIGTERM xapian-tcpsrv signals its whole process group) on a
# loopback port drawn from the pid, SALT and the try, in $SERVER_PORT
# (exported; write \$SERVER_PORT in single quotes); READY (eval'd here) is
# tried for 2 s until it succeeds; a server that exits (port in use) is
# tried on another port.  Sets SERVER_PID; returns 1 when none started.
start_server() {
    for _try in 1 2 3 4 5; do
        SERVER_PORT=$((20000 + ($$ * 7 + $1 * 1009 + _try * 7919) % 40000))
        export SERVER_PORT
        setsid sh -c "exec $4" >"$2" 2>&1 &
        SERVER_PID=$!
        _i=0
        while [ $_i -lt 20 ]; do
            eval "$3" >/dev/null 2>&1 && return 0
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
            _i=$((_i + 1))
        done
        kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null
    done
    SERVER_PID=
    return 1
}

# explain_sums FILE N: in `search --format json --explain` output FILE, each of
# the first N hits' explain weights add up to its score (within 0.002); one
# `ok`-style line per hit on stdout, a fail_later for each that does not.
explain_sums() {
    _h=0
    while [ "$_h" -lt "$2" ]; do
        _score=$(jget "$1" results.$_h.score)
        _sum=$(jget "$1" "results.$_h.explain.*.weight" | awk '{s += $1} END {printf "%.6f", s}')
        if awk -v a="$_sum" -v b="$_score" 'BEGIN{exit !(a - b < 0.002 && b - a < 0.002)}'; then
            echo "ok: hit $_h: explain sums to the score ($_sum ~ $_score)"
        else
            fail_later "hit $_h: explain sums to $_sum, score $_score"
        fi
        _h=$((_h + 1))
    done
}

# first_two_strict FILE A B WHAT WHY: in `search --format json` output FILE,
# the first two hits are A then B, both strict (not relaxed); `ok: WHAT`, or a
# fail_later naming the ranks found and WHY.
first_two_strict() {
    _a=$(jget "$1" results.0.number) _b=$(jget "$1" results.1.number)
    [ "$_a" = "$2" ] && [ "$_b" = "$3" ] && echo "ok: $4" ||
        fail_later "ranks: $_a, $_b (wanted $2, $3): $5"
    [ "$(jget "$1" results.0.relaxed)" = "false" ] && [ "$(jget "$1" results.1.relaxed)" = "false" ] &&
        echo "ok: both are strict hits" || fail_later "a relaxed hit among the first two"
}
# filler_jsonl N SERIES: N JSON Lines records about nothing in particular
# (a yard festival), numbered SERIES-000011 on, to give a small test
# collection its document frequencies (rel16g).
filler_jsonl() {
    _i=0
    while [ $_i -lt "$1" ]; do
        _i=$((_i + 1))
        printf '{"id":"o%d","number":"%s-%06d","title":"Праздник двора %d","description":"Соревнования у молодежного центра номер %d."}\n' \
            "$_i" "$2" $((_i + 10)) "$_i" "$_i"
    done
}
